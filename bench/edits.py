"""Time the edits that write many rows at once: ``tdsplan import`` of a filled sheet.

    python bench/edits.py              # both cases, 3 runs each
    python bench/edits.py --runs 1
    python bench/edits.py --cpu        # processor time (user and system), not elapsed
    python bench/edits.py --tdsplan ../base/.venv/bin/tdsplan   # another build, same cases

Two cases, each from a fresh copy of the plan (no index: the whole plan is read once):

* 1,000 rows into a 10,000-action plan (one action in ten, spread over the plan's
  files): the cost must stay under 5 s;
* 100 rows into one objective of about 1 MiB (the largest file a plan may have): each
  file is parsed once, not once a row.

Each case is timed twice: on a fresh copy whose parse cache is cold (a copy has new
inodes), and on a fresh copy just validated (the cache warm, as after a ``status``).

Results are printed as a Markdown table (copied into bench/README.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import CLOCK, TDSPLAN, fill_sheet, measure  # noqa: E402


def big_objective(folder: Path, target_bytes: int = 1_000_000) -> int:
    """A plan of one orientation whose single objective file is just under
    ``target_bytes``; return its number of actions."""
    n = 8
    while True:
        shutil.rmtree(folder, ignore_errors=True)
        generate(n, folder, per_objective=n, per_orientation=1)
        size = (folder / "1-orientation-1" / "1.1-objectif.yaml").stat().st_size
        if size > target_bytes:
            generate_n = int(n * target_bytes / size * 0.98)
            shutil.rmtree(folder, ignore_errors=True)
            generate(generate_n, folder, per_objective=generate_n, per_orientation=1)
            return generate_n
        n *= 2


def fill_first(source: Path, target: Path, rows: int) -> int:
    """Fill the first ``rows`` rows of an exported sheet (status, progress, note, date)."""
    from openpyxl import load_workbook

    book = load_workbook(source)
    filled = 0
    for row in book["Actions"].iter_rows(min_row=2, max_row=rows + 1):
        row[10].value, row[11].value = "En cours", 50
        row[13].value, row[14].value = f"Nouvelles de la ligne {row[0].row}", "2022-01-15"
        filled += 1
    book.save(target)
    return filled


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--cpu", action="store_true", help="processor time (user and system) instead of elapsed"
    )
    parser.add_argument(
        "--tdsplan",
        default=TDSPLAN,
        help="the tdsplan script to time (another build's, to compare it on the same cases)",
    )
    options = parser.parse_args()
    CLOCK["kind"] = "cpu" if options.cpu else "wall"
    tdsplan = options.tdsplan
    work = Path(tempfile.mkdtemp(prefix="tdsplan-bench-edits-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "COLUMNS": "100"}
    rows = []

    def case(label: str, plan: Path, fill, warm: bool = False) -> None:
        copy = work / "copie"
        sheet, filled_sheet = work / "suivi.xlsx", work / "suivi-rempli.xlsx"
        subprocess.run(
            [tdsplan, "--plan", str(plan), "export", "-f", "xlsx", "-o", str(sheet)],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        filled = fill(sheet, filled_sheet)

        def fresh_copy():
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(plan, copy)
            if warm:
                # Files written a second ago are "racy": the cache never trusts them (see
                # tdsplan.cache). A lead's return comes long after the plan was written.
                hour_ago = time.time() - 3600
                for file in copy.rglob("*"):
                    os.utime(file, (hour_ago, hour_ago))
                subprocess.run(
                    [tdsplan, "--plan", str(copy), "validate"],
                    check=True,
                    env=env,
                    stdout=subprocess.DEVNULL,
                )

        seconds, peak = measure(
            [tdsplan, "--plan", str(copy), "import", str(filled_sheet), "--by", "Mesure"],
            options.runs,
            env,
            fresh_copy,
        )
        rows.append(
            (
                label.format(filled=filled) + (", cache chaud" if warm else ", cache froid"),
                seconds,
                peak,
            )
        )

    large = work / "plan-10000"
    generate(10_000, large)
    for warm in (False, True):
        case("import de {filled} lignes, plan de 10 000 actions", large, fill_sheet, warm)
    big = work / "plan-1mio"
    actions = big_objective(big)
    size = (big / "1-orientation-1" / "1.1-objectif.yaml").stat().st_size
    for warm in (False, True):
        case(
            f"import de {{filled}} lignes dans un objectif de {size // 1024} Kio ({actions} "
            "actions)",
            big,
            lambda source, target: fill_first(source, target, 100),
            warm,
        )
    clock = "processeur" if options.cpu else "écoulé"
    print(f"| mesure | médiane, temps {clock} (s) | mémoire max (Mo) |\n|---|---:|---:|")
    for label, seconds, peak in rows:
        print(f"| {label} | {seconds:.3f} | {peak:.0f} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
