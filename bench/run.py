"""Time tdsplan as a user runs it: whole processes, several runs, medians and ratios.

    python bench/run.py                # everything (a few minutes)
    python bench/run.py --quick        # fewer runs, no 10,000-action plan
    python bench/run.py --against 408150b   # the same commands, that revision beside this code
    python bench/run.py --focus --cpu  # the speed targets only, in processor time

Every ratio is measured in the same run, side by side with its floor, on this
machine. ``--against REV`` builds a throwaway virtual environment of the git revision
REV (``git worktree add`` in a temporary folder, then ``pip install`` of it) and times
each tdsplan command with both, run after run, interleaved, each with its own cache
folder. Peak memory comes from getrusage on each child process. Results are
printed as a Markdown table (copied into bench/README.md).

"This code" is the tdsplan beside the Python running the script: run it from a
non-editable install, as a user has (``nox -s bench`` does; or ``python3 -m venv v &&
v/bin/pip install . && v/bin/python bench/run.py``). An editable install's import hook
costs start-up: 2.4 % more instructions for ``status`` on the shipped plan (callgrind).
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


#: Stands for the tdsplan script in a command; replaced by each side's own.
CLI = "<tdsplan>"
#: Stands, in a command's argument, for the side's own name: what one side writes (a site
#: and its manifest) is never what the other side rebuilds on.
OWN = "<côté>"
#: What a run is timed by: elapsed ("wall") or processor time ("cpu": user and system of
#: the process and the workers it waited for, which moves less on a shared machine).
CLOCK = {"kind": "wall"}


def run_once(
    command: list[str], env: dict[str, str] | None, cwd: Path | None
) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if CLOCK["kind"] == "cpu":
        seconds = usage.ru_utime + usage.ru_stime
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"échec : {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def measure(
    command: list[str],
    runs: int,
    env: dict[str, str] | None = None,
    before=None,
    cwd: Path | None = None,
) -> tuple[float, float]:
    """Median wall time (s) and peak memory (MB) of ``command`` over ``runs`` runs."""
    times, peaks = [], []
    for _ in range(runs):
        if before is not None:
            before()
        seconds, peak = run_once(command, env, cwd)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


class Side:
    """One build of tdsplan being timed: its script and its own cache folder (two builds
    of the same version must not read each other's cache)."""

    def __init__(self, name: str, script: str, cache: Path):
        self.name, self.script, self.tag = name, script, cache.name
        self.env = {**os.environ, "XDG_CACHE_HOME": str(cache), "COLUMNS": "100"}
        self.cold_env = {**self.env, "TDSPLAN_NO_CACHE": "1"}

    def command(self, command: list[str]) -> list[str]:
        return [self.script if part == CLI else part.replace(OWN, self.tag) for part in command]


def interleaved(
    sides: list[Side],
    command: list[str],
    runs: int,
    cold: bool,
    before=None,
    cwd: Path | None = None,
    floor: list[str] | None = None,
) -> tuple[list[tuple[float, float]], list[float]]:
    """Median time and peak memory of ``command`` for each side, the sides taking turns
    run after run (a change of load on the machine falls on both alike); with ``floor``,
    also the median time of that command run just before each of them (its ratio's
    floor, under the same load)."""
    times: list[list[float]] = [[] for _ in sides]
    peaks: list[list[float]] = [[] for _ in sides]
    floors: list[list[float]] = [[] for _ in sides]
    for _ in range(runs):
        for number, side in enumerate(sides):
            if floor is not None:
                floors[number].append(run_once(floor, side.env, cwd)[0])
            if before is not None:
                before()
            seconds, peak = run_once(
                side.command(command), side.cold_env if cold else side.env, cwd
            )
            times[number].append(seconds)
            peaks[number].append(peak)
    return (
        [(statistics.median(t), max(p)) for t, p in zip(times, peaks, strict=True)],
        [statistics.median(f) for f in floors if f],
    )


def compile_sources() -> None:
    """Byte-compile this code's modules, as ``pip install`` does for an installed
    revision: with ``PYTHONDONTWRITEBYTECODE`` set, an editable install would otherwise
    compile every module again at each start (some 60 ms of ``--help``)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(REPO / "src" / "tdsplan")],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def build_revision(revision: str, work: Path) -> tuple[str, Path]:
    """The tdsplan script of a throwaway virtual environment of git ``revision``, and the
    worktree it was installed from (to remove afterwards)."""
    source = work / f"src-{revision}"
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(source), revision],
        check=True,
    )
    venv = work / f"venv-{revision}"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", str(source)],
        check=True,
        capture_output=True,
    )
    return str(venv / "bin" / "tdsplan"), source


def remove_worktree(source: Path) -> None:
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "remove", "--force", str(source)],
        check=False,
        capture_output=True,
    )


def doorstop_tree(plan_folder: Path, target: Path) -> None:
    """The same actions as a doorstop project: one item file per action, its level the
    action's ID, its text the title and the journal notes."""
    from tdsplan.project import Project

    document = target / "act"
    document.mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    (document / ".doorstop.yml").write_text(
        "settings:\n  digits: 5\n  prefix: ACT\n  sep: ''\n", "utf-8"
    )
    for number, (_, _, action) in enumerate(Project.at(plan_folder).load().iter_actions(), 1):
        notes = "".join(f"\n  {e.date} {e.note or ''}" for e in action.journal)
        (document / f"ACT{number:05d}.yml").write_text(
            f"active: true\nderived: false\nheader: ''\nlevel: {action.id}\nlinks: []\n"
            f"normative: true\nref: ''\nreviewed: null\ntext: |\n  {action.titre}{notes}\n",
            "utf-8",
        )


def doorstop_python(work: Path) -> str | None:
    """A separate virtual environment with doorstop: a benchmark peer, never a dependency."""
    venv = work / "doorstop-venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", "doorstop"],
            check=True,
            capture_output=True,
        )
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


def plan_sizes(options, work: Path) -> dict[str, Path]:
    sizes = {"plan livré (27)": REPO / "plan"}
    for n in (1_000, 2_000) if options.quick else (1_000, 2_000, 10_000):
        sizes[f"{n:,} actions".replace(",", " ")] = work / f"plan-{n}"
        generate(n, sizes[f"{n:,} actions".replace(",", " ")])
    return sizes


class Bench:
    """The rows of the table: each command timed for every side, in one run."""

    def __init__(self, sides: list[Side], runs: int, focus: bool = False):
        self.sides, self.runs, self.focus = sides, runs, focus
        self.rows: list[tuple[str, str, list[tuple[float, float]]]] = []
        self.results: dict[object, list[float]] = {}

    def record(
        self,
        key,
        label: str,
        size: str,
        command: list[str],
        *,
        cold=False,
        count=None,
        before=None,
        cwd=None,
        floor: tuple[str, list[str]] | None = None,
    ) -> None:
        """Time ``command`` (tdsplan's when it holds :data:`CLI`, else a floor, the same
        for every side); ``floor`` (its label and command) is timed just before each run
        and kept as ``(key, "floor")``."""
        sides = self.sides if CLI in command else self.sides[:1]
        measured, floors = interleaved(
            sides,
            command,
            count or self.runs,
            cold,
            before,
            cwd,
            None if floor is None else floor[1],
        )
        measured = measured * (len(self.sides) // len(measured))
        self.rows.append((label, size, measured))
        if floor is not None:
            self.rows.append(
                (f"{floor[0]}, avant chaque {label}", size, [(f, 0.0) for f in floors])
            )
            self.results[key, "floor"] = floors
        if key is not None:
            self.results[key] = [m[0] for m in measured]


def time_plan(bench: Bench, size: str, folder: Path, work: Path, heavy: bool) -> None:
    """Every command over the plan in ``folder``."""
    count = 3 if heavy else bench.runs
    base = [CLI, "--plan", str(folder)]
    parse = [
        PYTHON,
        "-c",
        f"import pathlib, yaml\nfor p in pathlib.Path({str(folder)!r})"
        ".rglob('*.yaml'): yaml.load(p.read_text('utf-8'), Loader=yaml.CSafeLoader)",
    ]
    # Each ratio's floor under the same load: PyYAML's parse of the same files for a large
    # plan, an empty Typer command for the shipped one.
    floor = (
        ("lecture PyYAML CSafeLoader", parse)
        if heavy
        else ("commande Typer vide", [PYTHON, str(work / "trivial.py"), "a"])
    )
    bench.record(
        (size, "parse"), "lecture PyYAML CSafeLoader (référence)", size, parse, count=count
    )
    bench.record(
        (size, "validate-cold"),
        "tdsplan validate (froid)",
        size,
        [*base, "validate"],
        cold=True,
        count=count,
        floor=floor,
    )
    bench.record(None, "tdsplan validate (cache rempli)", size, [*base, "validate"], count=1)
    for key, label, args in (
        ("validate", "tdsplan validate (chaud)", ["validate"]),
        ("status", "tdsplan status (chaud)", ["status"]),
    ):
        bench.record((size, key), label, size, [*base, *args], count=count, floor=floor)
    bench.record(
        (size, "status-cold"),
        "tdsplan status (froid)",
        size,
        [*base, "status"],
        cold=True,
        count=count,
        floor=floor,
    )
    site = work / f"site-{len(bench.rows)}-{OWN}"  # each side rebuilds its own
    build = [*base, "site", "-o", str(site), "--as-of", "2030-01-01"]
    bench.record(None, "tdsplan site (neuf, pour la reconstruction)", size, build, count=1)
    bench.record(
        (size, "site"), "tdsplan site (reconstruction, rien de changé)", size, build, count=count
    )
    if bench.focus:
        return
    first = "1.1.1"
    bench.record((size, "show"), "tdsplan show 1.1.1", size, [*base, "show", first], count=count)
    copy = work / "copie"

    def fresh_copy(src=folder, dst=copy):
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst)

    update = [CLI, "--plan", str(copy), "update", first, "--note", "mesure", "--date", "2022-01-15"]
    # A fresh copy: no file is known, the whole plan is read to check it is valid.
    bench.record(
        (size, "update-first"),
        "tdsplan update 1.1.1 --note (copie neuve)",
        size,
        update,
        count=count,
        before=fresh_copy,
    )
    # The same copy again: the index of the last update still matches every file.
    bench.record(
        (size, "update"), "tdsplan update 1.1.1 --note (index à jour)", size, update, count=count
    )
    sheet, filled_sheet = work / "suivi.xlsx", work / "suivi-rempli.xlsx"
    bench.record(
        (size, "xlsx"),
        "tdsplan export -f xlsx",
        size,
        [*base, "export", "-f", "xlsx", "-o", str(sheet)],
        count=count,
    )
    filled = fill_sheet(sheet, filled_sheet)
    bench.record(
        (size, "import"),
        f"tdsplan import ({filled} lignes remplies, copie neuve)",
        size,
        [CLI, "--plan", str(copy), "import", str(filled_sheet), "--by", "Mesure"],
        count=count,
        before=fresh_copy,
    )
    bench.record(
        (size, "md"),
        "tdsplan report -f md",
        size,
        [*base, "report", "--period", "-o", str(work / "r.md")],
        count=count,
    )
    if folder == REPO / "plan":  # a larger plan's PDF: the year's report (see main)
        bench.record(
            (size, "pdf"),
            "tdsplan report --period -f pdf",
            size,
            [*base, "report", "--period", "-f", "pdf", "-o", str(work / "r.pdf")],
            count=count,
        )


def print_tables(bench: Bench, sizes: dict[str, Path]) -> None:
    names = [side.name for side in bench.sides]
    print(
        f"Machine : {platform.machine()}, {os.cpu_count()} cœurs, Python "
        f"{platform.python_version()}, {platform.platform()} ; charge moyenne à la fin : "
        f"{os.getloadavg()[0]:.1f} ; temps : "
        f"{'processeur' if CLOCK['kind'] == 'cpu' else 'écoulé'}\n"
    )
    if len(names) == 1:
        print("| mesure | plan | médiane (s) | mémoire max (Mo) |\n|---|---|---:|---:|")
    else:
        print(
            f"| mesure | plan | {names[0]} (s) | {names[1]} (s) | mémoire {names[0]} → "
            f"{names[1]} (Mo) |\n|---|---|---:|---:|---:|"
        )
    for label, size, measured in bench.rows:
        peaks = " → ".join(f"{peak:.0f}" if peak else "—" for _, peak in measured)
        print(f"| {label} | {size} | {' | '.join(f'{t:.3f}' for t, _ in measured)} | {peaks} |")
    head = " | ".join(f"mesuré ({n})" for n in names)
    print(f"\n| cible | {head} | objectif |\n|---|{'---:|' * len(names)}---:|")
    for label, values, target in targets(bench.results, sizes):
        print(f"| {label} | {' | '.join(f'{v:.2f}' for v in values)} | {target} |")


def targets(
    results: dict[object, list[float]], sizes: dict[str, Path]
) -> list[tuple[str, list[float], str]]:
    """Each target: its label, the ratio measured for each side, the objective."""

    def ratio(top, bottom):
        return [a / b for a, b in zip(results[top], results[bottom], strict=True)]

    def paired(key):  # a command over the floor timed just before each of its runs
        return ratio(key, (key, "floor"))

    shipped = "plan livré (27)"
    checks = [("--help / import typer (juste avant)", paired("help"), "≤ 1.5")]
    for key in ("status", "validate"):
        checks.append(
            (
                f"{key} (plan livré) / commande Typer vide (juste avant)",
                paired((shipped, key)),
                "≤ 1.5" if key == "status" else "—",
            )
        )
    if (shipped, "show") in results:
        checks.append(
            ("show (plan livré) / commande Typer vide", ratio((shipped, "show"), "command"), "—")
        )
        checks.append(
            (
                "report pdf / status (plan livré)",
                ratio((shipped, "pdf"), (shipped, "status")),
                "≤ 3.0",
            )
        )
    for size in sizes:
        if size != "2 000 actions":
            checks.append(
                (
                    f"site reconstruit / status ({size})",
                    ratio((size, "site"), (size, "status")),
                    "≤ 3.0",
                )
            )
    if "2 000 actions" in sizes:
        checks.append(("report pdf, 2 000 actions (s)", results["2 000 actions", "pdf"], "≤ 5 s"))
    big = [s for s in sizes if s.startswith("10")]
    if big:
        b = big[0]
        checks += [
            (
                "validate chaud / lecture PyYAML (10 000, juste avant)",
                paired((b, "validate")),
                "≤ 0.5",
            ),
            ("status chaud / lecture PyYAML (10 000, juste avant)", paired((b, "status")), "≤ 0.5"),
            (
                "validate froid / lecture PyYAML (10 000, juste avant)",
                paired((b, "validate-cold")),
                "≤ 1.0",
            ),
            (
                "status froid / lecture PyYAML (10 000, juste avant)",
                paired((b, "status-cold")),
                "≤ 1.0",
            ),
        ]
        if (b, "update") in results:
            checks += [
                (
                    "update 10 000 / update plan livré (index à jour)",
                    ratio((b, "update"), (shipped, "update")),
                    "≤ 2.0",
                ),
                ("report md 10 000 / status 10 000", ratio((b, "md"), (b, "status")), "≤ 1.5"),
            ]
    if "doorstop" in results:
        thousand = next(s for s in sizes if s.startswith("1 000"))
        checks.append(
            (
                "tdsplan validate froid / doorstop -F (1 000)",
                ratio((thousand, "validate-cold"), "doorstop"),
                "≤ 0.1",
            )
        )
    return checks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--no-doorstop", action="store_true", help="ne pas installer doorstop pour la comparaison"
    )
    parser.add_argument(
        "--against",
        metavar="RÉV",
        help="mesurer aussi la révision git RÉV, en alternance avec ce code",
    )
    parser.add_argument(
        "--focus",
        action="store_true",
        help="seulement les cibles de vitesse : démarrage, validate, status, site, PDF",
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="temps de processeur (utilisateur et système) au lieu du temps écoulé",
    )
    options = parser.parse_args()
    CLOCK["kind"] = "cpu" if options.cpu else "wall"
    work = Path(tempfile.mkdtemp(prefix="tdsplan-bench-"))
    sides = [Side("après" if options.against else "tdsplan", TDSPLAN, work / "cache")]
    source = None
    compile_sources()
    try:
        if options.against:
            script, source = build_revision(options.against, work)
            sides.insert(0, Side(f"avant ({options.against})", script, work / "cache-avant"))
        bench = Bench(sides, 5 if options.quick else 11, focus=options.focus)
        sizes = plan_sizes(options, work)
        trivial = work / "trivial.py"
        trivial.write_text(
            "import typer\napp = typer.Typer()\n@app.command()\n"
            "def a(x: str = ''):\n    pass\n@app.command()\ndef b():\n"
            "    pass\napp()\n"
        )
        typer_floor = [PYTHON, "-c", "import typer"]
        bench.record("typer", "python -c 'import typer' (plancher)", "—", typer_floor)
        bench.record(
            "help",
            "tdsplan --help",
            "—",
            [CLI, "--help"],
            floor=("python -c 'import typer'", typer_floor),
        )
        for size, folder in sizes.items():
            if size == "2 000 actions":  # only for the PDF: the last year's report
                bench.record(
                    (size, "pdf"),
                    "tdsplan report -f pdf (dernier exercice)",
                    size,
                    [CLI, "--plan", str(folder), "report", "-f", "pdf", "-o", str(work / "r.pdf")],
                    count=3,
                )
                continue
            time_plan(bench, size, folder, work, heavy=size.startswith("10"))
        bench.record(
            "command",
            "commande Typer vide (plancher d’une commande)",
            "—",
            [PYTHON, str(trivial), "a"],
        )
        doorstop = None if options.no_doorstop or options.focus else doorstop_python(work)
        if doorstop is not None:
            thousand = next(f for s, f in sizes.items() if s.startswith("1 000"))
            tree = work / "doorstop"
            doorstop_tree(thousand, tree)
            bench.record(
                "doorstop",
                "doorstop -F (validation)",
                "1 000 actions",
                [doorstop, "-F"],
                count=3,
                cwd=tree,
            )
        print_tables(bench, sizes)
    finally:
        if source is not None:
            remove_worktree(source)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
