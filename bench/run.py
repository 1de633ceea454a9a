"""Time tdsplan as a user runs it: whole processes, several runs, medians and ratios.

    python bench/run.py                # everything (a few minutes)
    python bench/run.py --quick        # fewer runs, no 10,000-action plan

Every ratio is measured in the same run, side by side with its floor, on this
machine. Peak memory comes from getrusage on each child process. Results are
printed as a Markdown table (copied into bench/README.md).
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
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PYTHON = sys.executable
TDSPLAN = str(Path(PYTHON).with_name("tdsplan"))


def measure(command: list[str], runs: int, env: dict[str, str] | None = None,
            before=None, cwd: Path | None = None) -> tuple[float, float]:
    """Median wall time (s) and peak memory (MB) of ``command`` over ``runs`` runs."""
    times, peaks = [], []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   env=env, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"échec : {' '.join(command)}\n{process.stderr.read().decode()}")
    return statistics.median(times), max(peaks)


def doorstop_tree(plan_folder: Path, target: Path) -> None:
    """The same actions as a doorstop project: one item file per action, its level the
    action's ID, its text the title and the journal notes."""
    from tdsplan.project import Project

    document = target / "act"
    document.mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    (document / ".doorstop.yml").write_text("settings:\n  digits: 5\n  prefix: ACT\n"
                                            "  sep: ''\n", "utf-8")
    for number, (_, _, action) in enumerate(Project.at(plan_folder).load().iter_actions(), 1):
        notes = "".join(f"\n  {e.date} {e.note or ''}" for e in action.journal)
        (document / f"ACT{number:05d}.yml").write_text(
            f"active: true\nderived: false\nheader: ''\nlevel: {action.id}\nlinks: []\n"
            f"normative: true\nref: ''\nreviewed: null\ntext: |\n  {action.titre}{notes}\n",
            "utf-8")


def doorstop_python(work: Path) -> str | None:
    """A separate virtual environment with doorstop: a benchmark peer, never a dependency."""
    venv = work / "doorstop-venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "doorstop"],
                       check=True, capture_output=True)
    except subprocess.CalledProcessError:
        return None
    return str(venv / "bin" / "doorstop")


def fill_sheet(source: Path, target: Path) -> int:
    """Fill one action in ten of an exported follow-up sheet as a lead would (status,
    progress, note, a date inside the plan); return how many rows were filled."""
    from openpyxl import load_workbook

    book = load_workbook(source)
    filled = 0
    for row in book["Actions"].iter_rows(min_row=2):
        if row[0].row % 10 == 0:
            row[10].value, row[11].value = "En cours", 50
            row[13].value, row[14].value = f"Nouvelles de la ligne {row[0].row}", "2022-01-15"
            filled += 1
    book.save(target)
    return filled


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-doorstop", action="store_true",
                        help="ne pas installer doorstop pour la comparaison")
    options = parser.parse_args()
    runs = 5 if options.quick else 11
    work = Path(tempfile.mkdtemp(prefix="tdsplan-bench-"))
    cache = work / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "COLUMNS": "100"}
    cold_env = {**env, "TDSPLAN_NO_CACHE": "1"}
    sizes = {"plan livré (27)": REPO / "plan"}
    for n in (1_000,) if options.quick else (1_000, 10_000):
        sizes[f"{n:,} actions".replace(",", " ")] = work / f"plan-{n}"
        generate(n, sizes[f"{n:,} actions".replace(",", " ")])
    rows: list[tuple[str, str, float, float]] = []

    def record(label: str, size: str, command: list[str], run_env=env, count=runs, before=None,
               cwd=None):
        seconds, peak = measure(command, count, run_env, before, cwd)
        rows.append((label, size, seconds, peak))
        return seconds

    floor = record("python -c 'import typer' (plancher)", "—", [PYTHON, "-c", "import typer"])
    help_time = record("tdsplan --help", "—", [TDSPLAN, "--help"])
    results = {}
    for size, folder in sizes.items():
        heavy = "10" in size.replace(" ", "")[:3] and "000" in size
        count = 3 if heavy else runs
        base = [TDSPLAN, "--plan", str(folder)]
        results[size, "parse"] = record(
            "lecture PyYAML CSafeLoader (référence)", size,
            [PYTHON, "-c", f"import pathlib, yaml\nfor p in pathlib.Path({str(folder)!r})"
             ".rglob('*.yaml'): yaml.load(p.read_text('utf-8'), Loader=yaml.CSafeLoader)"],
            count=count)
        results[size, "validate-cold"] = record("tdsplan validate (froid)", size,
                                                [*base, "validate"], cold_env, count)
        record("tdsplan validate (cache rempli)", size, [*base, "validate"], env, 1)
        results[size, "validate"] = record("tdsplan validate (chaud)", size, [*base, "validate"],
                                           env, count)
        results[size, "status"] = record("tdsplan status (chaud)", size, [*base, "status"], env,
                                         count)
        results[size, "status-cold"] = record("tdsplan status (froid)", size, [*base, "status"],
                                              cold_env, count)
        first = "1.1.1"
        results[size, "show"] = record("tdsplan show 1.1.1", size, [*base, "show", first], env,
                                       count)
        copy = work / "copie"

        def fresh_copy(src=folder, dst=copy):
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(src, dst)

        update = [TDSPLAN, "--plan", str(copy), "update", first, "--note", "mesure", "--date",
                  "2022-01-15"]
        # A fresh copy: no file is known, the whole plan is read to check it is valid.
        results[size, "update-first"] = record(
            "tdsplan update 1.1.1 --note (copie neuve)", size, update, env, count,
            before=fresh_copy)
        # The same copy again: the index of the last update still matches every file.
        results[size, "update"] = record("tdsplan update 1.1.1 --note (index à jour)", size,
                                         update, env, count)
        sheet, filled_sheet = work / "suivi.xlsx", work / "suivi-rempli.xlsx"
        results[size, "xlsx"] = record("tdsplan export -f xlsx", size,
                                       [*base, "export", "-f", "xlsx", "-o", str(sheet)], env,
                                       count)
        filled = fill_sheet(sheet, filled_sheet)
        results[size, "import"] = record(
            f"tdsplan import ({filled} lignes remplies, copie neuve)", size,
            [TDSPLAN, "--plan", str(copy), "import", str(filled_sheet), "--by", "Mesure"], env,
            count, before=fresh_copy)
        results[size, "md"] = record("tdsplan report -f md", size,
                                     [*base, "report", "--period", "-o", str(work / "r.md")],
                                     env, count)
        if not heavy:
            results[size, "pdf"] = record("tdsplan report -f pdf", size,
                                          [*base, "report", "--period", "-f", "pdf", "-o",
                                           str(work / "r.pdf")], env, count)

    trivial = work / "trivial.py"
    trivial.write_text("import typer\napp = typer.Typer()\n@app.command()\ndef a(x: str = ''):"
                       "\n    pass\n@app.command()\ndef b():\n    pass\napp()\n")
    command_floor = record("commande Typer vide (plancher d’une commande)", "—",
                           [PYTHON, str(trivial), "a"])
    doorstop = None if options.no_doorstop else doorstop_python(work)
    if doorstop is not None:
        thousand = next(f for s, f in sizes.items() if s.startswith("1 000"))
        tree = work / "doorstop"
        doorstop_tree(thousand, tree)
        results["doorstop"] = record("doorstop -F (validation)", "1 000 actions",
                                     [doorstop, "-F"], env, 3, cwd=tree)

    print(f"Machine : {platform.machine()}, {os.cpu_count()} cœurs, Python "
          f"{platform.python_version()}, {platform.platform()}\n")
    print("| mesure | plan | médiane (s) | mémoire max (Mo) |\n|---|---|---:|---:|")
    for label, size, seconds, peak in rows:
        print(f"| {label} | {size} | {seconds:.3f} | {peak:.0f} |")
    shipped = "plan livré (27)"
    print("\n| cible | mesuré | objectif |\n|---|---:|---:|")
    checks = [("--help / import typer", help_time / floor, 1.5)]
    for key in ("status", "show", "validate"):
        checks.append((f"{key} (plan livré) / import typer", results[shipped, key] / floor, 2.5))
        checks.append((f"{key} (plan livré) / commande Typer vide",
                       results[shipped, key] / command_floor, 2.5))
    checks.append(("report pdf / status (plan livré)",
                   results[shipped, "pdf"] / results[shipped, "status"], 3.0))
    big = [s for s in sizes if s.startswith("10")]
    if big:
        b = big[0]
        parse = results[b, "parse"]
        checks += [
            ("validate chaud / lecture PyYAML (10 000)", results[b, "validate"] / parse, 1.0),
            ("status chaud / lecture PyYAML (10 000)", results[b, "status"] / parse, 1.0),
            ("validate froid / lecture PyYAML (10 000)",
             results[b, "validate-cold"] / results[b, "parse"], 2.0),
            ("status froid / lecture PyYAML (10 000)",
             results[b, "status-cold"] / results[b, "parse"], 2.0),
            ("update 10 000 / update plan livré (index à jour)",
             results[b, "update"] / results[shipped, "update"], 2.0),
            ("report md 10 000 / status 10 000", results[b, "md"] / results[b, "status"], 1.5),
        ]
    if "doorstop" in results:
        thousand = next(s for s in sizes if s.startswith("1 000"))
        checks.append(("tdsplan validate froid / doorstop -F (1 000)",
                       results[thousand, "validate-cold"] / results["doorstop"], 0.1))
    for label, value, target in checks:
        print(f"| {label} | {value:.2f} | ≤ {target} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
