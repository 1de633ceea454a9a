"""The tasks a contributor runs, the same that CI runs (``nox -l`` lists them).

    nox -s fast        # the inner loop: the tests that need no process, tool or browser
    nox -s tests       # every test, as CI runs them
    nox -s lint        # ruff check and ruff format --check
    nox -s types       # mypy over src/
    nox -s golden      # refresh the golden reports after a deliberate change
    nox -s bench       # the speed measures of bench/ (about 5 minutes)
    nox -s catalogue   # the English catalogue: gather new phrases, compile, check
    nox -s docs        # the docs site, built strictly as CI does (build/docs/)

Each session reuses one virtual environment (``nox -r``) with tdsplan installed from
the working tree.
"""

from __future__ import annotations

import nox

nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "types", "fast"]


def _install(session: nox.Session) -> None:
    session.install("-e", ".[test]")


@nox.session
def fast(session: nox.Session) -> None:
    """The tests without processes, tools or browsers (pytest -m "not slow")."""
    _install(session)
    session.run("pytest", "-q", "-m", "not slow", "-n", "2", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Every test, as CI runs them."""
    _install(session)
    session.run("pytest", "-q", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff's checks and its formatting, without changing anything."""
    _install(session)
    session.run("ruff", "check", "src", "tests", "bench", "scripts")
    session.run("ruff", "format", "--check", "src", "tests", "bench", "scripts")


@nox.session
def types(session: nox.Session) -> None:
    """mypy over the package (its settings are in pyproject.toml)."""
    _install(session)
    session.run("mypy")


@nox.session
def golden(session: nox.Session) -> None:
    """Rewrite the golden reports from the current code; review the diff before committing."""
    _install(session)
    session.run("pytest", "-q", "--update-golden", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """The speed measures (bench/README.md says what they mean), of tdsplan installed as a
    user installs it: not editable (an editable install's import hook costs start-up)."""
    session.install(".")
    session.run("python", "bench/run.py", *session.posargs)


@nox.session
def catalogue(session: nox.Session) -> None:
    """Gather new French phrases into the English catalogue, compile and check it."""
    _install(session)
    for step in ("update", "compile", "check"):
        session.run("python", "scripts/catalogue.py", step)


@nox.session
def docs(session: nox.Session) -> None:
    """The docs site (mkdocs.yml), strict: a broken link or a section left to fill fails."""
    session.install("-e", ".[docs]")
    session.run("mkdocs", "build", "--strict", env={"NO_MKDOCS_2_WARNING": "1"})
