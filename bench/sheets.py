"""Time reading back a follow-up sheet whose rows hold only IDs (nothing filled).

    python bench/sheets.py              # 1 048 575 rows, the most a sheet holds
    python bench/sheets.py --rows 50000

A sheet dragged down to Excel's last row, or built to waste time, must be answered
quickly: ``tdsplan import`` as a user runs it (whole process, median of a few runs,
peak memory from getrusage), on a workbook written once by the tests' ``ids_only``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import REPO, TDSPLAN  # noqa: E402

sys.path.insert(0, str(REPO))
from tests.sheets.books import ids_only  # noqa: E402

#: The most rows a sheet of Excel or LibreOffice holds.
EXCEL_ROWS = 1_048_576


def measure(command: list[str], runs: int) -> tuple[float, float, int, str]:
    """Median wall time (s), peak memory (MB), exit code and last line of stderr."""
    times, peaks = [], []
    code, said = 0, ""
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        stderr = process.stderr.read().decode()
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        code, said = os.waitstatus_to_exitcode(status), stderr.strip().splitlines()[-1]
    return statistics.median(times), max(peaks), code, said


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=EXCEL_ROWS - 1)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tdsplan-bench-sheets-"))
    sheet = ids_only(work / "ids.xlsx", options.rows)
    command = [
        TDSPLAN,
        "--plan",
        str(REPO / "examples" / "demo" / "plan"),
        "import",
        str(sheet),
        "--dry-run",
        "--force",
    ]
    seconds, peak, code, said = measure(command, options.runs)
    print(
        f"Machine : {platform.machine()}, {os.cpu_count()} cœurs, Python "
        f"{platform.python_version()}\n"
    )
    print(
        "| mesure | lignes | taille (Mo) | médiane (s) | mémoire max (Mo) | code | réponse |\n"
        "|---|---:|---:|---:|---:|---:|---|"
    )
    print(
        f"| tdsplan import --dry-run (IDs seulement) | {options.rows} | "
        f"{sheet.stat().st_size / 1e6:.1f} | {seconds:.2f} | {peak:.0f} | {code} | {said} |"
    )
    sheet.unlink()
    work.rmdir()


if __name__ == "__main__":
    main()
