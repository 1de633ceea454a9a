"""Carry-over links across the demo's two plans: no edit command breaks one, and no edit
writes into a plan whose link names an action its earlier plan does not have."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

#: After the last entry of plan-2023-2028 (2025-02-19).
TODAY = dt.date(2025, 3, 1)
CARRIED = Path("plan-2023-2028/3-plans-d-action-locaux/3.1-veille-programmes-et-financements.yaml")


@pytest.fixture
def demo(tmp_path: Path, monkeypatch, cli) -> Path:
    """The demo's repository (plan/ 2018-2023, closed; plan-2023-2028, current)."""
    root = tmp_path / "depot"
    for name in ("plan", "plan-2023-2028", "tdsplan.toml"):
        source = REPO / "examples" / "demo" / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, root / name)
    monkeypatch.chdir(root)
    cli.on(TODAY)
    return root


def _actions(cli, period: str) -> list[str]:
    import json

    result = cli("--plan", period, "status", "--json", "--all")
    assert result.exit_code == 0, result.stderr
    return sorted(
        a["id"]
        for o in json.loads(result.stdout)["orientations"]
        for ob in o["objectifs"]
        for a in ob["actions"]
    )


def test_no_edit_command_can_break_a_link_from_the_next_plan(cli, demo):
    """Every command that writes into the old plan (update, amend, amend --delete,
    import, add) leaves its actions' IDs as they were: the links of 2023-2028 that name
    them (3.1.2, 3.1.3, 3.1.4, 4.2.2...) still lead somewhere, and validate says so."""
    before = _actions(cli, "2018-2023")
    header = (
        "ID;Dernière entrée;Dernière note;Nouveau statut;Avancement (%);"
        "Nouvelle échéance;Note;Date;Auteur"
    )
    (demo / "s.csv").write_text(f"{header}\n3.1.4;;;;;;Bilan;01/03/2023;\n", encoding="utf-8")
    for command in (
        ["update", "3.1.3", "--status", "abandonnee", "--note", "Fin", "--date", "2023-03-30"],
        ["amend", "3.1.3", "1", "--note", "Corrigée"],
        ["amend", "3.1.2", "1", "--delete"],
        ["import", "s.csv", "--by", "Coordination"],
        ["add", "action", "--parent", "3.1", "--title", "Nouvelle action de veille"],
    ):
        result = cli("--plan", "2018-2023", *command, "--force")
        assert result.exit_code == 0, (command, result.stderr)
    validated = cli("validate")
    assert validated.exit_code == 0, validated.stderr
    after = _actions(cli, "2018-2023")
    assert set(before) < set(after) and len(after) == len(before) + 1


def test_an_edit_is_refused_while_a_link_of_its_plan_dangles(cli, demo):
    """A hand edit pointed 3.1.3's link at an action 2018-2023 does not have: validate
    and every edit of that plan name the link's file and line; nothing is written."""
    file = demo / CARRIED
    text = file.read_text("utf-8")
    file.write_text(text.replace("2018-2023/3.1.3", "2018-2023/3.1.9"), encoding="utf-8")
    broken = file.read_bytes()
    problem = (
        f"{CARRIED}:28:17: reprise de 2018-2023 / 3.1.9 : le plan 2018-2023 n’a pas "
        "d’action 3.1.9\n"
    )
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stderr == (
        problem + "plan-2023-2028 : plan invalide — 1 problème dans 1 fichier\n"
        "tdsplan : erreur : 1 plan invalide sur 2\n"
    )
    assert (
        result.stdout
        == "plan : plan valide — 4 orientations, 7 objectifs, 27 actions (12 fichiers)\n"
    )
    for command in (
        ["update", "3.1.2", "--note", "Essai", "--date", "2025-02-20"],
        ["update", "4.2.2", "--note", "Essai", "--date", "2025-02-20"],  # another file
    ):
        result = cli(*command)
        assert (result.exit_code, result.stdout) == (1, "")
        assert (
            result.stderr
            == problem + "tdsplan : erreur : plan invalide : 1 problème dans 1 fichier\n"
        )
        assert file.read_bytes() == broken
    file.write_bytes(text.encode("utf-8"))
    assert cli("update", "4.2.2", "--note", "Essai", "--date", "2025-02-20").exit_code == 0


def test_an_amended_carried_action_states_what_it_inherited(cli, demo):
    """A carried action without a status of its own is « En cours » by its origin: an
    amendment of its first entry changes nothing of that, and says nothing of it."""
    cli("--plan", "2023-2028", "update", "3.1.2", "--note", "Deux projets.", "--date", "2024-01-10")
    result = cli("--plan", "2023-2028", "amend", "3.1.2", "1", "--note", "Trois projets.")
    assert (result.exit_code, result.stdout) == (
        0,
        "3.1.2 : entrée n° 1 du 2024-01-10 corrigée.\n",
    )
    result = cli("--plan", "2023-2028", "update", "3.1.2", "--status", "realisee")
    assert result.stdout.startswith("3.1.2 Arrimage de fonds : En cours → Réalisée")


def _commit(root: Path) -> None:
    import subprocess

    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=T", "-c", "user.email=t@t", "commit", "-q", "-m", "plan"],
    ):
        subprocess.run(["git", *args], cwd=root, check=True)


def test_since_a_revision_carried_actions_keep_their_heritage(cli, demo):
    """The plan at a revision is read with its earlier plans at that revision: nothing
    changed since HEAD lists nothing (no « À venir → En continu », no « — → » due date
    or indicator invented for the carried actions); a real change is the only one."""
    _commit(demo)
    status = cli("status", "--since", "HEAD")
    assert status.exit_code == 0, status.stderr
    assert status.stdout.endswith("Depuis la révision HEAD\nAucun changement.\n")
    report = cli("report", "--since", "HEAD", "-f", "md", "-o", "r")
    assert report.exit_code == 0, report.stderr
    (written,) = (demo / "r").iterdir()
    assert "→" not in written.read_text("utf-8")
    cli("update", "3.1.2", "--status", "realisee", "--date", "2025-02-20")
    status = cli("status", "--since", "HEAD")
    assert status.stdout.endswith(
        "Depuis la révision HEAD\n"
        "Entrées de journal (1)\n"
        "  2025-02-20  3.1.2  Réalisée · 100\xa0%\n"
        "Changements de statut (1)\n"
        "  3.1.2  Arrimage de fonds : En cours → Réalisée\n"
    ), status.stdout


def test_an_import_of_returns_starts_carried_actions_from_their_heritage(cli, demo):
    """The batch of an import reads each carried action with what it inherits: 2.1.2 is
    « En continu » by its origin and 1.2.5 at 60 %, so the import says so (no « À venir
    → », no « — → 80 % »), and writes the same entries as update would."""
    header = (
        "ID;Dernière entrée;Dernière note;Nouveau statut;Avancement (%);"
        "Nouvelle échéance;Note;Date;Auteur\n"
    )
    rows = "2.1.2;;;realisee;;;Fini;25/02/2025;\n1.2.5;;;;80;;Progrès;25/02/2025;\n"
    (demo / "s.csv").write_text(header + rows, encoding="utf-8")
    result = cli("import", "s.csv", "--by", "Coordination")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "2.1.2 Rencontres d’échanges entre les acteurs locaux : En continu → Réalisée "
        "(2025-02-25)\n"
        "1.2.5 Formation d’ambassadeurs : avancement 60\xa0% → 80\xa0% (2025-02-25)\n",
        "s.csv : 2 entrées inscrites.\n",
    )
    shown = cli("show", "1.2.5", "--json")
    assert '"avancement": 80' in shown.stdout


def test_edit_refuses_the_due_date_and_lead_a_carried_action_inherits(cli, demo):
    """A carried action's due date and lead are its origin's, then its journal's: edit
    refuses to write one the state would never read, and says how to change it."""
    file = demo / CARRIED
    before = file.read_bytes()
    for args, key, option in (
        (["--set", "echeance=2027-03-31"], "echeance", "--due AAAA-MM-JJ"),
        (["--set", "porteur=Comité"], "porteur", '--lead "NOM"'),
        (["--unset", "porteur"], "porteur", '--lead "NOM"'),
    ):
        result = cli("edit", "3.1.3", *args)
        assert (result.exit_code, result.stdout, result.stderr) == (
            2,
            "",
            f"tdsplan : erreur : « {key} » de 3.1.3 suit le journal qu’elle reprend de "
            f"2018-2023 / 3.1.3 : il change par une entrée datée (tdsplan update 3.1.3 "
            f"{option})\n",
        ), args
    english = cli("--lang", "en", "edit", "3.1.3", "--set", "echeance=2027-03-31")
    assert english.stderr.startswith(
        "tdsplan: error: “echeance” of 3.1.3 follows the journal it carries on from "
        "2018-2023 / 3.1.3: it changes by a dated entry"
    )
    assert file.read_bytes() == before
    assert cli("edit", "3.1.3", "--set", "description=Veille.").exit_code == 0


def test_remove_refuses_a_carried_action_for_the_history_it_inherits(cli, demo):
    """2.2.4 has no entry of its own, but it continues 2018-2023's 2.2.4, whose final
    bilan says « reprise dans 2023-2028 / 2.2.4 »: removing it is refused like removing
    an action with a journal; --force removes it."""
    file = demo / "plan-2023-2028/2-expertises-et-ressources/2.2-vision-et-expertise.yaml"
    assert file.exists()
    before = file.read_bytes()
    result = cli("remove", "2.2.4")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "tdsplan : erreur : 2.2.4 reprend l’histoire de 2018-2023 / 2.2.4 : la retirer "
        "effacerait cette suite des rapports, ceux du plan 2018-2023 compris ; une action "
        "arrêtée s’inscrit plutôt « abandonnée » (tdsplan update 2.2.4 --status abandonnee "
        '--note "...") ; pour la retirer quand même, ajoutez --force\n',
    )
    english = cli("--lang", "en", "remove", "2.2.4")
    assert english.stderr.startswith(
        "tdsplan: error: 2.2.4 carries on the history of 2018-2023 / 2.2.4: removing it"
    )
    assert file.read_bytes() == before
    assert cli("remove", "2.2.4", "--force").exit_code == 0
    assert b"id: 2.2.4" not in file.read_bytes()
