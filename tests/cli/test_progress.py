"""Progress of long work on stderr, only when stderr is a terminal; stdout unchanged."""

from __future__ import annotations

import pytest

from tests.cli.terminal import in_terminal
from tests.conftest import REPO


@pytest.mark.slow  # runs tdsplan in a pseudo-terminal
def test_a_site_build_shows_its_progress_on_a_terminal_and_leaves_stdout_alone(tmp_path):
    out = tmp_path / "site"
    run = in_terminal(
        ["--plan", str(REPO / "plan"), "site", "-o", str(out)], tmp_path, stdout_tty=False
    )
    assert run.piped.startswith(f"Site écrit dans {out} : ")
    assert "Site web" in run.terminal and "100%" in run.terminal
    # The bar leaves no line behind: the terminal is cleared where it was drawn.
    assert "\x1b[2K" in run.terminal


def test_no_progress_on_stderr_that_is_not_a_terminal(cli, small_plan, tmp_path):
    result = cli("--plan", small_plan, "site", "-o", tmp_path / "site")
    assert result.exit_code == 0 and result.stderr == ""


def _notes_sheet(folder, count: int):
    """A CSV return with a note for the first ``count`` actions of the demo."""
    from tdsplan.project import Project

    plan = Project.at(folder).load()
    actions = [action for _o, _ob, action in plan.iter_actions()][:count]
    ids = [action.id for action in actions]
    sheet = folder.parent / "retour.csv"
    sheet.write_text(
        "ID;Dernière entrée;Dernière note;Nouveau statut;Avancement (%);Nouvelle échéance;"
        "Note;Date;Auteur\n"
        + "".join(
            f"{a.id};{a.journal[-1].date if a.journal else ''};;;;;Rencontre du comité.;"
            "2022-11-30;\n"
            for a in actions
        ),
        encoding="utf-8",
    )
    return sheet, ids


@pytest.mark.parametrize("count", [2, 21])
def test_an_import_lists_its_entries_up_to_a_screenful_then_only_sums_them_up(cli, tmp_path, count):
    import shutil

    from tests.conftest import DEMO_TODAY

    folder = tmp_path / "plan"
    shutil.copytree(REPO / "examples" / "demo" / "plan", folder)
    sheet, ids = _notes_sheet(folder, count)
    result = cli.on(DEMO_TODAY)("--plan", folder, "import", sheet, "--force")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    if count <= 20:
        assert [line.split()[0] for line in lines] == ids
        assert all(line.endswith(": note ajoutée (2022-11-30)") for line in lines)
    else:
        assert lines == []
    assert result.stderr == f"{sheet} : {count} entrées inscrites.\n"
