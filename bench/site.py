"""Time ``tdsplan site`` as a user runs it, beside ``tdsplan status`` on the same plans.

    python bench/site.py             # plan livré (27) et 10 000 actions (2 à 3 minutes)
    python bench/site.py --quick     # sans le plan de 10 000 actions
    python bench/site.py --against main   # la révision main aussi, chaque commande
                                          # mesurée des deux côtés l'une après l'autre

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
from run import REPO, TDSPLAN, build_revision, remove_worktree  # noqa: E402

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
    parser.add_argument("--against", metavar="RÉV", help="mesurer aussi la révision git RÉV")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tdsplan-bench-site-"))
    sides = [("après" if options.against else "tdsplan", TDSPLAN, work / "cache")]
    source = None
    if options.against:
        script, source = build_revision(options.against, work)
        sides.insert(0, (f"avant ({options.against})", script, work / "cache-avant"))
    sizes = {"plan livré (27)": (REPO / "plan", 11)}
    if not options.quick:
        generate(10_000, work / "plan-10000")
        sizes["10 000 actions"] = (work / "plan-10000", 3)
    rows, results = [], {}
    try:
        for size, (folder, runs) in sizes.items():
            _measure_size(work, sides, size, folder, runs, rows, results)
    finally:
        if source is not None:
            remove_worktree(source)
    print(
        f"Machine : {platform.machine()}, {os.cpu_count()} cœurs, Python "
        f"{platform.python_version()}, {platform.platform()} ; charge moyenne à la fin : "
        f"{os.getloadavg()[0]:.1f}\n"
    )
    print(
        "| mesure | plan | côté | médiane (s) | processeur (s) | mémoire max (Mo) |\n"
        "|---|---|---|---:|---:|---:|"
    )
    for label, size, side, seconds, cpu, peak in rows:
        if seconds is None:
            print(f"| {label} | {size} | {side} | | | |")
        else:
            print(f"| {label} | {size} | {side} | {seconds:.3f} | {cpu:.3f} | {peak:.0f} |")
    print(
        "\n| cible | côté | mesuré (temps) | mesuré (processeur) | objectif |\n"
        "|---|---|---:|---:|---:|"
    )
    names = {"site": "neuf", "rebuild": "reconstruit", "changed": "reconstruit après un titre"}
    for size in sizes:
        for key in ("site", "rebuild", "changed"):
            for side, _script, _cache in sides:
                if (size, side, key) not in results:
                    continue
                print(
                    f"| site {names[key]} / status ({size}) | {side} | "
                    f"{results[size, side, key] / results[size, side, 'status']:.2f} | "
                    f"{results[size, side, key, 'cpu'] / results[size, side, 'status', 'cpu']:.2f}"
                    " | ≤ 3.0 |"
                )
    shutil.rmtree(work, ignore_errors=True)


def _measure_size(work, sides, size, folder, runs, rows, results) -> None:
    """Each command on the plan in ``folder``, on each side one after the other."""
    commands = [
        ("status", "tdsplan status (chaud)", ["status"], None),
        ("site", "tdsplan site (neuf)", ["site", "-o", "{out}", "--as-of", AS_OF], "empty"),
        (
            "rebuild",
            "tdsplan site (reconstruction, rien de changé)",
            ["site", "-o", "{out}", "--as-of", AS_OF],
            None,
        ),
    ]
    if folder != REPO / "plan":
        commands.append(
            (
                "changed",
                "tdsplan site (reconstruction après un titre changé)",
                ["site", "-o", "{out}", "--as-of", AS_OF],
                "retitle",
            )
        )
    for _side, script, cache in sides:
        env = {**os.environ, "XDG_CACHE_HOME": str(cache), "COLUMNS": "100"}
        measure([script, "--plan", str(folder), "validate"], 1, env)  # fills the cache
    for key, label, arguments, before in commands:
        for index, (side, script, cache) in enumerate(sides):
            env = {**os.environ, "XDG_CACHE_HOME": str(cache), "COLUMNS": "100"}
            out = work / f"site-{index}"
            command = [script, "--plan", str(folder)] + [
                str(out) if a == "{out}" else a for a in arguments
            ]
            hook = {
                "empty": lambda out=out: shutil.rmtree(out, ignore_errors=True),
                "retitle": lambda folder=folder: retitle(folder),
                None: None,
            }[before]
            seconds, cpu, peak = measure(command, runs, env, hook)
            rows.append((label, size, side, seconds, cpu, peak))
            results[size, side, key] = seconds
            results[size, side, key, "cpu"] = cpu
    for index, (side, _script, _cache) in enumerate(sides):
        out = work / f"site-{index}"
        pages = sum(1 for _ in out.rglob("*.html"))
        weight = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
        rows.append(
            (f"site produit : {pages} pages, {weight:.1f} Mo", size, side, None, None, None)
        )


if __name__ == "__main__":
    main()
