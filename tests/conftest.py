"""Small plans written inline as file trees, a runner for the command line, and what keeps
the run short (the app and the templates built once, temporary folders in memory)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

PLAN_YAML = """\
titre: Plan d’essai 2019-2021
organisation: Table d’essai
periode:
  debut: 2019
  fin: 2021
mission:
  texte: Essayer.
mandats:
  - id: 1
    texte: Veiller
  - id: 2
    texte: Réunir
"""

ORIENTATION_1 = """\
id: 1
titre: Comprendre ensemble
"""

OBJECTIF_1_1 = """\
# Un commentaire qui doit survivre.
id: 1.1
titre: S’entendre sur une définition
actions:
  - id: 1.1.1
    titre: Définition du DS
    statut: realisee
    porteur: Marie Tremblay
    mandats: [1]
    echeance: 2020-03-31
    journal:
      - date: 2019-05-01
        statut: en_cours
        note: Premier atelier.
      - date: 2020-02-15
        statut: realisee
        note: Définition adoptée.
        auteur: Marie
  - id: 1.1.2
    titre: Charte des valeurs
    statut: en_cours
    avancement: 40
    echeance: 2020-01-31
    journal:
      - date: 2020-01-10
        statut: en_cours
        avancement: 40
"""

OBJECTIF_1_2 = """\
id: 1.2
titre: Fournir des outils
actions:
  - id: 1.2.1
    titre: Refonte du site internet
    journal: []
"""

ORIENTATION_2 = """\
id: 2
titre: Agir localement
"""

OBJECTIF_2_1 = """\
id: 2.1
titre: Partager
actions:
  - id: 2.1.1
    titre: Formations
    statut: en_continu
    poids: 2
    journal:
      - date: 2019-09-01
        statut: en_continu
  - id: 2.1.2
    titre: Jumelage
    statut: abandonnee
    journal:
      - date: 2020-02-18
        statut: abandonnee
        note: Faute de financement.
"""

SMALL_PLAN = {
    "plan.yaml": PLAN_YAML,
    "1-comprendre/orientation.yaml": ORIENTATION_1,
    "1-comprendre/1.1-definition.yaml": OBJECTIF_1_1,
    "1-comprendre/1.2-outils.yaml": OBJECTIF_1_2,
    "2-agir/orientation.yaml": ORIENTATION_2,
    "2-agir/2.1-partager.yaml": OBJECTIF_2_1,
}

REPO = Path(__file__).resolve().parents[1]

# Test modules rewritten by pytest (its assertions) and the package's modules, kept as
# bytecode in their __pycache__ folders (ignored by git) even where PYTHONDONTWRITEBYTECODE
# is set: rewriting and compiling them again costs each xdist worker about 4 s of a run.
sys.dont_write_bytecode = False


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path → text or bytes) under ``root``; return ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def small_plan(tmp_path: Path) -> Path:
    """The small plan above, in ``tmp_path/plan``."""
    return write_tree(tmp_path / "plan", SMALL_PLAN)


@pytest.fixture
def plan_with(tmp_path: Path):
    """Build the small plan with some files replaced: ``plan_with({"plan.yaml": ...})``."""

    def build(changes: dict[str, str | bytes | None]) -> Path:
        files = {**SMALL_PLAN, **changes}
        return write_tree(tmp_path / "plan", {k: v for k, v in files.items() if v is not None})

    return build


#: The test runner's clock: every journal entry of the small plan above precedes it.
TODAY = dt.date(2020, 3, 1)
#: A day when the demo's 2018-2023 plan is current and every entry of it is past (its
#: last is of 2022-11-08): a journal entry after today is refused.
DEMO_TODAY = dt.date(2022, 12, 1)


class Cli:
    """Runs ``tdsplan`` in-process, in an 80-column terminal, with a fixed today
    (:data:`TODAY`, or the day given to :meth:`on`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        from tdsplan.cli import common

        self.monkeypatch = monkeypatch
        self.on(TODAY)
        # The author of an entry defaults to git's user.name: none here, unless a test says.
        monkeypatch.setattr(common, "git_user_name", lambda: None)
        monkeypatch.setenv("TDSPLAN_NO_CACHE", "1")
        self.runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"})

    def on(self, today: dt.date) -> Cli:
        """This runner with its clock on ``today`` (:data:`DEMO_TODAY` for the demo)."""
        from tdsplan.cli import common

        self.monkeypatch.setattr(common, "today", lambda: today)
        return self

    def __call__(self, *args: str):
        from tdsplan.cli import app

        return self.runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(monkeypatch)


#: A file system in memory, where most Linux machines have one.
MEMORY = Path("/dev/shm")


def pytest_configure(config: pytest.Config) -> None:
    """Tests' temporary folders in memory when the machine has a writable ``/dev/shm``
    and nobody chose another place (``--basetemp``, ``PYTEST_DEBUG_TEMPROOT``): tdsplan
    writes atomically (a temporary file, fsync, rename) and the tests write a thousand
    small plans, which on a disk costs milliseconds of waiting per file."""
    _by_file(config)
    _no_deadline()
    if config.option.basetemp or "PYTEST_DEBUG_TEMPROOT" in os.environ:
        return
    if MEMORY.is_dir() and os.access(MEMORY, os.W_OK | os.X_OK):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(MEMORY)


def _no_deadline() -> None:
    """Property tests without hypothesis's deadline (200 ms an example): on a loaded machine
    a slow example is not a failure, and a deadline missed once makes a test flaky."""
    from hypothesis import settings

    settings.register_profile("tdsplan", deadline=None)
    settings.load_profile("tdsplan")


def _by_file(config: pytest.Config) -> None:
    """``-n 2`` hands each worker whole test files (xdist's ``--dist loadfile``) unless a
    ``--dist`` is asked: a file's module fixtures are then made once, and the heavy
    libraries a file needs (python-docx, Typst, pypdf, openpyxl...) imported by one worker,
    not by both (about a tenth of the inner loop's time)."""
    asked = [*config.invocation_params.args, *os.environ.get("PYTEST_ADDOPTS", "").split()]
    if getattr(config.option, "dist", "no") == "load" and not any(
        str(arg).startswith(("--dist", "-d")) for arg in asked
    ):
        config.option.dist = "loadfile"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Réécrire les fichiers de référence de tests/golden/.",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare a text with ``tests/golden/NAME``; ``--update-golden`` rewrites it."""

    def check(name: str, text: str) -> None:
        path = REPO / "tests" / "golden" / name
        if request.config.getoption("--update-golden"):
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), f"diff avec tests/golden/{name}"

    return check


NOBODY = 65534


def _can_switch_user() -> bool:
    """Root with setpriv, and ``nobody`` can run this Python with tdsplan (not so when the
    checkout or its virtual environment lies in a folder only root may enter)."""
    import shutil
    import subprocess
    import sys

    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("setpriv")):
        return False
    probe = subprocess.run(
        [
            "setpriv",
            f"--reuid={NOBODY}",
            f"--regid={NOBODY}",
            "--clear-groups",
            sys.executable,
            "-c",
            "import tdsplan",
        ],
        capture_output=True,
    )
    return probe.returncode == 0


needs_root = pytest.mark.skipif(
    not _can_switch_user(),
    reason="ce cas se joue en utilisateur ordinaire (nobody) : il faut être root, avoir "
    "setpriv, et que nobody puisse lire l’environnement Python du dépôt",
)


@pytest.fixture
def shared_tmp():
    """A folder outside pytest's private one, that the user ``nobody`` may enter."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="tdsplan-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def as_nobody(*args: str | Path, cwd: Path | None = None, home: Path | None = None):
    """Run ``tdsplan ARGS`` as the ordinary user ``nobody`` (see :data:`needs_root`)."""
    import subprocess
    import sys

    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home or "/nonexistent"),
        "TDSPLAN_NO_CACHE": "1",
        "LANG": "C.UTF-8",
        "COLUMNS": "80",
    }
    return subprocess.run(
        [
            "setpriv",
            f"--reuid={NOBODY}",
            f"--regid={NOBODY}",
            "--clear-groups",
            sys.executable,
            "-m",
            "tdsplan",
            *map(str, args),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
    )


@pytest.fixture
def coarse_stamps(monkeypatch: pytest.MonkeyPatch):
    """A file system whose timestamps say nothing finer than the second, and whose change
    time moves with them: a same-size rewrite in the same second (``os.utime`` puts the
    modification time back) keeps every stamp a file has."""
    from tdsplan import cache, index, store

    def coarse(info: os.stat_result) -> tuple[int, int, int, int]:
        second = 1_000_000_000
        return (info.st_size, info.st_mtime_ns // second * second, 0, info.st_ino)

    for module in (cache, index, store):
        monkeypatch.setattr(module, "stamp_of", coarse)


def rewrite_in_place(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (same length) in ``path`` as an editor saving in place
    would, in the same second: same size, same inode, the modification time put back."""
    assert len(old.encode()) == len(new.encode())
    info = path.stat()
    data = path.read_bytes()
    assert old.encode() in data
    with path.open("r+b") as stream:
        stream.write(data.replace(old.encode(), new.encode()))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


#: What a compiled Jinja template depends on in its environment, besides filters and tests.
_JINJA_SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)


class CompiledTemplates:
    """Jinja's compiled templates kept in memory for the whole session (a Jinja bytecode
    cache): tdsplan builds a new environment for each report, which is right for a process
    that makes one, but a test run would compile the same templates hundreds of times. The
    key holds all the compiled code depends on (the environment's syntax options, the names
    of its filters and tests and what they are passed, the template's name, file and source):
    a template a test writes or changes is compiled anew."""

    def __init__(self) -> None:
        self.codes: dict[str, Any] = {}

    @staticmethod
    def _key(env: Any, name: str, filename: str | None, source: str) -> str:
        from jinja2.utils import _PassArg

        def calls(functions: dict[str, Any]) -> list[tuple[str, str]]:
            return sorted((k, str(_PassArg.from_obj(f))) for k, f in functions.items())

        escape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
        finalize = env.finalize and str(_PassArg.from_obj(env.finalize))
        return repr(
            (
                [getattr(env, option) for option in _JINJA_SYNTAX],
                sorted(env.extensions),
                escape,
                finalize,
                calls(env.filters),
                calls(env.tests),
                name,
                filename,
                hashlib.sha256(source.encode("utf-8")).hexdigest(),
            )
        )

    def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Any:
        from jinja2.bccache import Bucket

        key = self._key(environment, name, filename, source)
        bucket = Bucket(environment, key, "")
        bucket.code = self.codes.get(key)
        return bucket

    def set_bucket(self, bucket: Any) -> None:
        self.codes[bucket.key] = bucket.code


@pytest.fixture(scope="session", autouse=True)
def _templates_compiled_once():
    """Each Jinja environment tdsplan builds shares :class:`CompiledTemplates`."""
    from tdsplan import render

    build = render._environment
    compiled = CompiledTemplates()

    def environment(*args: Any, **options: Any) -> Any:
        env = build(*args, **options)
        env.bytecode_cache = compiled
        return env

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "_environment", environment)
        yield


@pytest.fixture(scope="session", autouse=True)
def _app_built_once():
    """``CliRunner.invoke(app)`` turns the Typer application into its Click command at each
    call (tens of milliseconds: every command's signature read again); the command is the
    same for the whole session (its help is translated when shown), so it is built once."""
    import typer.main
    import typer.testing

    built: dict[int, tuple[Any, Any]] = {}

    def command(app: Any) -> Any:
        if id(app) not in built:
            built[id(app)] = (app, typer.main.get_command(app))
        return built[id(app)][1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", command)
        yield


@pytest.fixture(autouse=True)
def _french_again():
    """Each test starts and ends in French: ``--lang en`` or ``use_language("en")`` in one
    test must not leave the next test of the same worker speaking English."""
    from tdsplan.i18n import use_language

    use_language("fr")
    yield
    use_language("fr")
