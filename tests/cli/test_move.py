"""``tdsplan move`` and ``tdsplan remove``: an action renumbered, moved, removed, with its
journal and the carry-over links of the later plans kept."""

from __future__ import annotations

import codecs

from tests.conftest import OBJECTIF_1_1, OBJECTIF_1_2

from .test_add import snapshot
from .test_plans import two_plans  # noqa: F401  (a fixture)

O11 = "1-comprendre/1.1-definition.yaml"
O12 = "1-comprendre/1.2-outils.yaml"
ACTION_1_1_1 = OBJECTIF_1_1[
    OBJECTIF_1_1.index("  - id: 1.1.1") : OBJECTIF_1_1.index("  - id: 1.1.2")
]


def test_an_action_moves_to_another_objective_with_its_journal_and_comments(cli, plan_with):
    commented = OBJECTIF_1_1.replace(
        "        note: Premier atelier.\n", "        note: Premier atelier.  # à Joliette\n"
    )
    plan = plan_with({O11: commented})
    result = cli("--plan", plan, "move", "1.1.1", "1.2")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (f"Action 1.1.1 déplacée : elle est maintenant 1.2.2 ({plan / O12})\n")
    moved = ACTION_1_1_1.replace("- id: 1.1.1", "- id: 1.2.2").replace(
        "        note: Premier atelier.\n", "        note: Premier atelier.  # à Joliette\n"
    )
    assert (plan / O11).read_text("utf-8") == commented.replace(
        commented[commented.index("  - id: 1.1.1") : commented.index("  - id: 1.1.2")], ""
    )
    assert (plan / O12).read_text("utf-8") == OBJECTIF_1_2 + moved
    assert cli("--plan", plan, "validate").exit_code == 0
    log = cli("--plan", plan, "show", "1.2.2")
    assert "Définition adoptée." in log.stdout


def test_a_new_id_places_the_action_among_its_numbers(cli, small_plan):
    result = cli("--plan", small_plan, "move", "1.2.1", "1.1.2")
    assert (result.exit_code, result.stderr) == (
        1,
        f"tdsplan : erreur : l’identifiant 1.1.2 est déjà pris dans {small_plan / O11} : "
        "rien n’a été écrit\n",
    )
    assert cli("--plan", small_plan, "move", "1.1.2", "1.1.5").exit_code == 0  # renumbered
    assert (small_plan / O11).read_text("utf-8") == OBJECTIF_1_1.replace("id: 1.1.2", "id: 1.1.5")
    result = cli("--plan", small_plan, "move", "1.2.1", "1.1.3")
    assert result.exit_code == 0
    text = (small_plan / O11).read_text("utf-8")
    assert text.index("id: 1.1.1") < text.index("id: 1.1.3") < text.index("id: 1.1.5")
    assert (small_plan / O12).read_text("utf-8") == (
        "id: 1.2\ntitre: Fournir des outils\nactions: []\n"
    )


def test_a_move_between_files_takes_each_file_s_line_endings_and_indentation(cli, plan_with):
    crlf = codecs.BOM_UTF8 + OBJECTIF_1_1.replace("\n", "\r\n").encode("utf-8")
    flush = "id: 1.2\ntitre: Fournir des outils\nactions:\n- id: 1.2.1\n  titre: Refonte\n"
    plan = plan_with({O11: crlf, O12: flush})
    assert cli("--plan", plan, "move", "1.1.2", "1.2").exit_code == 0
    action = OBJECTIF_1_1[OBJECTIF_1_1.index("  - id: 1.1.2") :]
    remaining = OBJECTIF_1_1[: OBJECTIF_1_1.index("  - id: 1.1.2")]
    assert (plan / O11).read_bytes() == codecs.BOM_UTF8 + remaining.replace("\n", "\r\n").encode()
    assert (plan / O12).read_text("utf-8") == flush + "\n".join(
        line[2:] for line in action.replace("id: 1.1.2", "id: 1.2.2").split("\n")
    )


def test_move_refusals_write_nothing(cli, small_plan):
    before = snapshot(small_plan)
    for args, code, message in [
        (
            ["1.1", "2.1"],
            2,
            "1.1 est un objectif : seule une action se déplace ou se retire, de la forme 1.2.3",
        ),
        (
            ["1.1.1", "3.1"],
            2,
            "identifiant inconnu « 3.1 » ; vouliez-vous dire 2.1, 1.1 ou 2.1.2 ?",
        ),
        (["1.1.1", "2"], 2, "« 2 » n’est ni un objectif (1.2) ni un identifiant d’action (1.2.3)"),
        (["1.1.1", "1.1.1"], 2, "1.1.1 est déjà à cette place : rien à déplacer"),
    ]:
        result = cli("--plan", small_plan, "move", *args)
        assert (result.exit_code, result.stderr) == (code, f"tdsplan : erreur : {message}\n")
    assert snapshot(small_plan) == before


def test_dry_run_shows_both_files_and_writes_nothing(cli, small_plan):
    before = snapshot(small_plan)
    result = cli("--plan", small_plan, "move", "1.2.1", "2.1", "--dry-run")
    assert result.exit_code == 0
    assert f"--- a/{small_plan / O12}\n" in result.stdout
    assert f"+++ b/{small_plan / '2-agir/2.1-partager.yaml'}\n" in result.stdout
    assert "+  - id: 2.1.3\n+    titre: Refonte du site internet\n" in result.stdout
    assert result.stderr == "Simulation : rien n’a été écrit.\n"
    assert snapshot(small_plan) == before


def test_a_move_rewrites_the_later_plan_s_carry_over_link(two_plans, cli):  # noqa: F811
    later = two_plans / "plan-2021-2023" / O12
    before = later.read_text("utf-8")
    result = cli("--plan", "2019-2021", "move", "1.2.1", "1.1", "--force")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"Action 1.2.1 déplacée : elle est maintenant 1.1.3 (plan/{O11})\n"
        f"Lien de reprise mis à jour : plan-2021-2023/{O12}:12 (2021-2023/1.2.1)\n"
    )
    assert later.read_text("utf-8") == before.replace(
        "reprise_de: 2019-2021/1.2.1", "reprise_de: 2019-2021/1.1.3"
    )
    assert cli("validate").exit_code == 0
    assert cli("--plan", "2019-2021", "validate").exit_code == 0


def test_a_closed_plan_needs_force(two_plans, cli):  # noqa: F811
    before = snapshot(two_plans)
    result = cli("--plan", "2019-2021", "move", "1.2.1", "1.1")
    assert result.exit_code == 1
    assert result.stderr.endswith("(pour une correction tardive, ajoutez --force)\n")
    assert snapshot(two_plans) == before


def test_remove_an_action_never_started(cli, small_plan):
    result = cli("--plan", small_plan, "remove", "1.2.1")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"Action 1.2.1 retirée ({small_plan / O12})\n"
    assert (small_plan / O12).read_text("utf-8") == (
        "id: 1.2\ntitre: Fournir des outils\nactions: []\n"
    )
    assert cli("--plan", small_plan, "validate").exit_code == 0


def test_remove_refuses_an_action_with_a_journal_unless_forced(cli, small_plan):
    before = snapshot(small_plan)
    result = cli("--plan", small_plan, "remove", "1.1.1")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "tdsplan : erreur : 1.1.1 a 2 entrées au journal : la retirer effacerait son histoire "
        "des rapports ; une action arrêtée s’inscrit plutôt « abandonnée » (tdsplan update "
        '1.1.1 --status abandonnee --note "...") ; pour la retirer quand même, ajoutez '
        "--force\n",
    )
    assert snapshot(small_plan) == before
    result = cli("--plan", small_plan, "remove", "1.1.1", "--force")
    assert result.stdout == (
        f"Action 1.1.1 retirée, avec ses 2 entrées de journal ({small_plan / O11})\n"
    )
    assert (small_plan / O11).read_text("utf-8") == OBJECTIF_1_1.replace(ACTION_1_1_1, "")


def test_remove_refuses_an_action_a_later_plan_carries_over(two_plans, cli):  # noqa: F811
    before = snapshot(two_plans)
    result = cli("--plan", "2019-2021", "remove", "1.2.1", "--force")
    assert (result.exit_code, result.stderr) == (
        1,
        f"tdsplan : erreur : 1.2.1 est reprise dans un plan suivant (plan-2021-2023/{O12}"
        ":12:17 (2021-2023/1.2.1)) : la retirer casserait ce lien ; rien n’a été écrit\n",
    )
    assert snapshot(two_plans) == before


def test_remove_dry_run_writes_nothing(cli, small_plan):
    before = snapshot(small_plan)
    result = cli("--plan", small_plan, "remove", "1.2.1", "--dry-run")
    assert result.exit_code == 0
    assert "-  - id: 1.2.1\n" in result.stdout
    assert result.stderr == "Simulation : rien n’a été écrit.\n"
    assert snapshot(small_plan) == before


def test_move_and_remove_speak_english(cli, small_plan):
    result = cli("--lang", "en", "--plan", small_plan, "move", "1.2.1", "2.1")
    assert (result.exit_code, result.stdout) == (
        0,
        f"Action 1.2.1 moved: it is now 2.1.3 ({small_plan / '2-agir/2.1-partager.yaml'})\n",
    )
    result = cli("--lang", "en", "--plan", small_plan, "remove", "2.1.3")
    assert result.stdout == (f"Action 2.1.3 removed ({small_plan / '2-agir/2.1-partager.yaml'})\n")
    result = cli("--lang", "en", "--plan", small_plan, "remove", "2.1.1", "--force")
    assert result.stdout == (
        "Action 2.1.1 removed, with its journal entry "
        f"({small_plan / '2-agir/2.1-partager.yaml'})\n"
    )


def test_a_move_follows_in_the_record_of_workbooks_sent(cli, small_plan, tmp_path):
    """After ``move``, the record of the workbooks sent names the action by its new ID
    (reminders keep it) and remembers the old one: the workbook the lead already holds,
    which names 1.1.1, is imported into 1.2.2."""
    import json

    assert cli("--plan", small_plan, "export", "--per-lead", tmp_path / "envois").exit_code == 0
    record = small_plan / "_suivi-envois.json"
    sent = [s["actions"] for s in json.loads(record.read_text("utf-8"))["envois"]]
    assert any("1.1.1" in actions for actions in sent)
    assert cli("--plan", small_plan, "move", "1.1.1", "1.2").exit_code == 0
    data = json.loads(record.read_text("utf-8"))
    after = [s["actions"] for s in data["envois"]]
    assert after == [["1.2.2" if a == "1.1.1" else a for a in actions] for actions in sent]
    assert data["deplacements"] == {"1.1.1": "1.2.2"}
    header = (
        "ID;Dernière entrée;Dernière note;Nouveau statut;Avancement (%);"
        "Nouvelle échéance;Note;Date;Auteur\n"
    )
    returned = tmp_path / "retour.csv"
    row = "1.1.1;15/02/2020;Définition adoptée.;;;;Deux ateliers;28/02/2020;\n"
    returned.write_text(header + row, encoding="utf-8")
    result = cli("--plan", small_plan, "import", returned, "--by", "Coordination")
    assert (result.exit_code, result.stdout) == (
        0,
        "1.2.2 Définition du DS : note ajoutée (2020-02-28)\n",
    ), result.stderr


def test_a_move_into_the_objective_the_action_is_in_is_refused(cli, small_plan):
    """``move 1.1.1 1.1`` would renumber it to the objective's next ID and leave a gap:
    refused like ``move 1.1.1 1.1.1``, nothing written."""
    before = (small_plan / O11).read_bytes()
    for target, message in (
        ("1.1", "1.1.1 est déjà dans l’objectif 1.1 : rien à déplacer"),
        ("1.1.1", "1.1.1 est déjà à cette place : rien à déplacer"),
    ):
        result = cli("--plan", small_plan, "move", "1.1.1", target)
        assert (result.exit_code, result.stdout, result.stderr) == (
            2,
            "",
            f"tdsplan : erreur : {message}\n",
        )
    english = cli("--lang", "en", "--plan", small_plan, "move", "1.1.1", "1.1")
    assert english.stderr == "tdsplan: error: 1.1.1 is already in objective 1.1: nothing to move\n"
    assert (small_plan / O11).read_bytes() == before
