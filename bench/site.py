"""Time ``tdsplan site`` as a user runs it, beside ``tdsplan status`` on the same plans.

    python bench/site.py             # plan livré (27) et 10 000 actions (2 à 3 minutes)
    python bench/site.py --quick     # sans le plan de 10 000 actions

Whole processes, median of several runs, peak memory (getrusage), as in
``bench/run.py``; every ratio is measured in the same run as its floor. The plans'
files are read from a filled cache (« chaud ») for both commands. « neuf » builds
into an empty folder; « reconstruction » rebuilds over an unchanged site (it reads
and compares every file, writes none); « après un titre changé » (generated plan
only) rebuilds after one action's title changed, as after a day's edit.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import REPO, TDSPLAN  # noqa: E402

AS_OF = "2030-01-01"


def retitle(folder: Path) -> None:
    """Change the title of the plan's first action (and back, on the next call)."""
    objective = sorted(sorted(p for p in folder.iterdir() if p.is_dir())[0].glob("*.*-*.yaml"))[0]
    lines = objective.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("    titre: "))
    end = " (titre revu)"
    lines[at] = lines[at][: -len(end)] if lines[at].endswith(end) else lines[at] + end
    objective.write_text("\n".join(lines), "utf-8")


def measure(
    command: list[str], runs: int, env: dict[str, str], before=None
) -> tuple[float, float, float]:
    """Median wall time (s), median processor time (s, the command and the worker
    processes it waited for) and peak memory (MB) of ``command`` over ``runs`` runs.
    On a shared machine the processor time moves less than the wall time."""
    walls, cpus, peaks = [], [], []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"échec : {' '.join(command)}\n{process.stderr.read().decode()}")
    return statistics.median(walls), statistics.median(cpus), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tdsplan-bench-site-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "COLUMNS": "100"}
    sizes = {"plan livré (27)": (REPO / "plan", 11)}
    if not options.quick:
        generate(10_000, work / "plan-10000")
        sizes["10 000 actions"] = (work / "plan-10000", 3)
    rows, results = [], {}
    for size, (folder, runs) in sizes.items():
        base = [TDSPLAN, "--plan", str(folder)]
        out = work / "site"
        measure([*base, "validate"], 1, env)  # fills the cache

        def empty(out=out):
            shutil.rmtree(out, ignore_errors=True)

        for key, label, command, before in (
            ("status", "tdsplan status (chaud)", [*base, "status"], None),
            (
                "site",
                "tdsplan site (neuf)",
                [*base, "site", "-o", str(out), "--as-of", AS_OF],
                empty,
            ),
            (
                "rebuild",
                "tdsplan site (reconstruction, rien de changé)",
                [*base, "site", "-o", str(out), "--as-of", AS_OF],
                None,
            ),
            *(
                [
                    (
                        "changed",
                        "tdsplan site (reconstruction après un titre changé)",
                        [*base, "site", "-o", str(out), "--as-of", AS_OF],
                        lambda folder=folder: retitle(folder),
                    )
                ]
                if folder != REPO / "plan"
                else []
            ),
        ):
            seconds, cpu, peak = measure(command, runs, env, before)
            rows.append((label, size, seconds, cpu, peak))
            results[size, key] = seconds
            results[size, key, "cpu"] = cpu
        pages = sum(1 for _ in out.rglob("*.html"))
        weight = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
        rows.append((f"site produit : {pages} pages, {weight:.1f} Mo", size, None, None, None))

    print(
        f"Machine : {platform.machine()}, {os.cpu_count()} cœurs, Python "
        f"{platform.python_version()}, {platform.platform()}\n"
    )
    print(
        "| mesure | plan | médiane (s) | processeur (s) | mémoire max (Mo) |\n"
        "|---|---|---:|---:|---:|"
    )
    for label, size, seconds, cpu, peak in rows:
        if seconds is None:
            print(f"| {label} | {size} | | | |")
        else:
            print(f"| {label} | {size} | {seconds:.3f} | {cpu:.3f} | {peak:.0f} |")
    print("\n| cible | mesuré (temps) | mesuré (processeur) | objectif |\n|---|---:|---:|---:|")
    names = {"site": "neuf", "rebuild": "reconstruit", "changed": "reconstruit après un titre"}
    for size in sizes:
        for key in ("site", "rebuild", "changed"):
            if (size, key) not in results:
                continue
            target = 3.0
            print(
                f"| site {names[key]} / status ({size}) | "
                f"{results[size, key] / results[size, 'status']:.2f} | "
                f"{results[size, key, 'cpu'] / results[size, 'status', 'cpu']:.2f} | "
                f"≤ {target} |"
            )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
