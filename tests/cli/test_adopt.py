"""``tdsplan adopt``, the adopted year's ``--force``, ``update --highlight``,
``report --prepare`` and ``validate`` on the bilans' files."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import write_tree
from tests.test_history import git, repo  # noqa: F401 - the fixture

JULY = dt.date(2020, 7, 1)
A = "1-comprendre/1.1-definition.yaml"


@pytest.fixture
def committer(monkeypatch):
    for name in ("GIT_COMMITTER_NAME", "GIT_AUTHOR_NAME"):
        monkeypatch.setenv(name, "t")
    for name in ("GIT_COMMITTER_EMAIL", "GIT_AUTHOR_EMAIL"):
        monkeypatch.setenv(name, "t@t")


def test_adopt_records_and_tags(cli, repo, committer):  # noqa: F811
    plan = repo / "plan"
    result = cli.on(JULY)(
        "--plan", plan, "adopt", "2019-2020", "--date", "2020-06-15", "--resolution", "CA-2020-06"
    )
    assert (result.exit_code, result.stderr) == (0, "")
    revision = git(repo, "rev-parse", "--short", "HEAD").strip()
    assert (
        result.stdout
        == (
            "Bilan 2019-2020 adopté par le conseil d’administration le 15\u00a0juin 2020 : inscrit "
            "dans plan/bilans/adoptions.yaml\n"
            f"Étiquette git bilan-2019-2020 posée sur la révision {revision} ; enregistrez "
            "plan/bilans/adoptions.yaml dans un commit.\n"
        ).replace("plan/", f"{plan}/")
        or result.stdout
    )
    assert (
        (plan / "bilans/adoptions.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            # No body named: the reports say the default one in their language.
            "- bilan: 2019-2020\n  date: 2020-06-15\n  resolution: CA-2020-06\n"
        )
    )
    assert git(repo, "tag", "-n1").split() == [
        "bilan-2019-2020",
        "Bilan",
        "2019-2020",
        "adopté",
        "par",
        "le",
        "conseil",
        "d’administration",
        "le",
        "2020-06-15",
        "(CA-2020-06)",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["2030-2031", "--date", "2020-06-15"],
            "bilan « 2030-2031 » inconnu ; bilans du plan : "
            "2019-2020, 2020-2021, 2021-2022, 2019-2021",
        ),
        (
            ["2019-2020", "--date", "2020-03-15"],
            "--date 2020-03-15 : le bilan 2019-2020 ne peut "
            "être adopté avant la fin de sa période (2020-03-31)",
        ),
        (
            ["2019-2020", "--date", "2020-08-15"],
            "--date 2020-08-15 : une adoption ne se date pas dans le futur",
        ),
    ],
)
def test_adopt_refuses_what_cannot_be(cli, small_plan, args, message):
    result = cli.on(JULY)("--plan", small_plan, "adopt", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"tdsplan : erreur : {message}\n"
    assert not (small_plan / "bilans").exists()


def test_adopting_again_is_refused_unless_forced(cli, repo, committer):  # noqa: F811
    plan = repo / "plan"
    records = plan / "bilans/adoptions.yaml"
    first = (
        "--plan",
        plan,
        "adopt",
        "2019",
        "-d",
        "16/06/2020",
        "--resolution",
        "CA-1",
        "--by",
        "le CA",
    )
    assert cli.on(JULY)(*first).exit_code == 0
    records.write_text("# Nos adoptions\n" + records.read_text(encoding="utf-8"), "utf-8")
    before = records.read_bytes()
    again = ("--plan", plan, "adopt", "2019-2020", "--date", "17/06/2020")
    result = cli.on(JULY)(*again)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "tdsplan : erreur : le bilan 2019-2020 est déjà adopté le 16\u00a0juin 2020 (résolution "
        "CA-1) : pour remplacer cette adoption (et reposer son étiquette git), ajoutez --force\n"
    )
    assert records.read_bytes() == before
    assert "2020-06-16 (CA-1)" in git(repo, "tag", "-n1")
    result = cli.on(JULY)(*again, "--force")
    assert result.exit_code == 0
    assert result.stderr == (
        "tdsplan : attention : l’adoption du 16\u00a0juin 2020 (résolution CA-1) est remplacée\n"
    )
    # The resolution is kept, the comment too, and the tag says the new record.
    assert records.read_text(encoding="utf-8").endswith(
        "instance, résolution.\n- bilan: 2019-2020\n  date: 2020-06-17\n  par: le CA\n"
        "  resolution: CA-1\n"
    )
    assert "adopté par le CA le 2020-06-17 (CA-1)" in git(repo, "tag", "-n1")


def test_adopt_checks_the_text_the_tag_holds(cli, repo, committer):  # noqa: F811
    plan = repo / "plan"
    args = ("--plan", plan, "adopt", "2019-2020", "--date", "2020-06-15")
    assert cli.on(JULY)("--plan", plan, "report", "--year", "2019", "--prepare").exit_code == 0
    result = cli.on(JULY)(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    shown = f"{plan}/bilans/2019-2020.md"
    assert result.stderr == (
        f"tdsplan : erreur : {shown} n’est pas enregistré dans un commit ; {shown} est encore "
        "un brouillon (pas de signature, mot de la présidence vide) : l’étiquette git ne "
        "tiendrait pas le texte adopté ; pour adopter quand même, ajoutez --force\n"
    )
    assert not (plan / "bilans/adoptions.yaml").exists()
    text = (plan / "bilans/2019-2020.md").read_text(encoding="utf-8")
    text = text.replace("signature:  #", "signature: Marie Tremblay #")
    text = text.replace("# Mot de la présidence\n", "# Mot de la présidence\n\nUne belle année.\n")
    (plan / "bilans/2019-2020.md").write_text(text, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "bilan")
    result = cli.on(JULY)(*args)
    assert (result.exit_code, result.stderr) == (0, "")


def test_adopt_in_english_names_the_default_body_in_english(cli, small_plan):
    result = cli.on(JULY)("--lang", "en", "--plan", small_plan, "adopt", "2019", "-d", "2020-06-15")
    assert result.exit_code == 0
    assert result.stdout.startswith("Report 2019-2020 adopted by the board of directors on ")


ADOPTED = {"bilans/adoptions.yaml": "- bilan: 2019-2020\n  date: 2020-06-15\n"}


def test_an_entry_dated_in_an_adopted_year_needs_force(cli, small_plan):
    write_tree(small_plan, ADOPTED)
    before = (small_plan / A).read_bytes()
    args = ("--plan", small_plan, "update", "1.1.2", "-n", "Oubli", "--date", "2020-01-20")
    result = cli.on(JULY)(*args)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "tdsplan : erreur : 2020-01-20 tombe dans le bilan 2019-2020, adopté le 2020-06-15 : "
        "pour le corriger quand même, ajoutez --force (la correction sera signalée dans le "
        "bilan suivant)\n"
    )
    assert (small_plan / A).read_bytes() == before
    result = cli.on(JULY)(*args, "--force")
    assert result.exit_code == 0
    assert result.stderr == (
        "tdsplan : attention : correction datée dans le bilan 2019-2020, déjà adopté : elle "
        "sera signalée dans le bilan suivant\n"
    )
    assert cli.on(JULY)("--plan", small_plan, "update", "1.1.2", "-n", "Suite").exit_code == 0


def test_amending_an_entry_of_an_adopted_year_needs_force(cli, small_plan):
    write_tree(small_plan, ADOPTED)
    result = cli.on(JULY)("--plan", small_plan, "amend", "1.1.2", "1", "--note", "Corrigé")
    assert result.exit_code == 1
    assert "adopté le 2020-06-15" in result.stderr
    result = cli.on(JULY)("--plan", small_plan, "amend", "1.1.2", "1", "-n", "Corrigé", "--force")
    assert result.exit_code == 0


def test_update_highlight_marks_the_note(cli, small_plan):
    result = cli("--plan", small_plan, "update", "1.1.2", "-n", "120 participants", "--highlight")
    assert result.exit_code == 0
    assert (
        (small_plan / A)
        .read_text(encoding="utf-8")
        .endswith(
            "      - date: 2020-03-01\n        note: 120 participants\n        saillant: true\n"
        )
    )
    result = cli("--plan", small_plan, "update", "1.1.2", "-p", "50", "--highlight")
    assert (result.exit_code, result.stderr) == (
        2,
        "tdsplan : erreur : --highlight marque une note comme fait saillant : ajoutez --note\n",
    )


def test_report_prepare_writes_a_draft_once(cli, small_plan):
    result = cli.on(JULY)("--plan", small_plan, "report", "--year", "2019-2020", "--prepare")
    assert (result.exit_code, result.stderr) == (0, "")
    text = (small_plan / "bilans/2019-2020.md").read_text(encoding="utf-8")
    assert text.startswith("---\nbilan: 2019-2020\nsignature:  # Prénom Nom, présidence\n---\n")
    assert "\n# Orientation 1 — Comprendre ensemble\n" in text
    assert "\nDéfinition adoptée (1.1.1, 15 février 2020).\n" in text
    assert "\nFaute de financement (2.1.2, 18 février 2020).\n" in text
    assert cli.on(JULY)("--plan", small_plan, "validate").exit_code == 0
    again = cli.on(JULY)("--plan", small_plan, "report", "--year", "2019-2020", "--prepare")
    assert again.exit_code == 1
    assert "existe déjà : rien n’a été écrit" in again.stderr
    assert (small_plan / "bilans/2019-2020.md").read_text(encoding="utf-8") == text


def test_report_prepare_refuses_an_output_or_a_format_it_would_not_use(cli, small_plan):
    for extra in (["-o", small_plan / "plan.yaml"], ["-f", "pdf"]):
        before = (small_plan / "plan.yaml").read_bytes()
        args = ("--plan", small_plan, "report", "--year", "2019-2020", "--prepare", *extra)
        result = cli.on(JULY)(*args)
        assert (result.exit_code, result.stdout) == (2, "")
        assert "--output et --format ne s’y appliquent pas" in result.stderr
        assert not (small_plan / "bilans").exists()
        assert (small_plan / "plan.yaml").read_bytes() == before


def test_the_draft_speaks_french_agreement_and_thanks_without_articles(cli, small_plan):
    plan_yaml = small_plan / "plan.yaml"
    plan_yaml.write_text(
        plan_yaml.read_text(encoding="utf-8")
        + "bailleurs:\n  - id: c\n    nom: Centraide Lanaudière\n"
        "  - id: t\n    nom: Table des préfets de Lanaudière\n",
        encoding="utf-8",
    )
    result = cli.on(JULY)("--plan", small_plan, "report", "--year", "2019-2020", "--prepare")
    assert (result.exit_code, result.stderr) == (0, "")
    text = (small_plan / "bilans/2019-2020.md").read_text(encoding="utf-8")
    assert (
        "<!-- Chiffres à citer : 1 action réalisée sur 5, 1 en cours, 1 en continu ; pendant "
        "la période, 1 réalisée, 3 démarrées, 0 reportée, 3 notes au journal. -->"
    ) in text
    assert "<!-- Chiffres : 0 action réalisée sur 2. -->" in text
    assert text.endswith(
        "# Remerciements\n\nMerci à nos bailleurs de fonds : Centraide Lanaudière et Table des "
        "préfets de Lanaudière. Merci aussi aux partenaires et aux porteurs des actions.\n"
    )


def test_validate_checks_the_bilans(cli, small_plan):
    write_tree(small_plan, {"bilans/2019-2020.md": "---\nbilan: 2019-2020\n---\n# Orientation 5\n"})
    result = cli("--plan", small_plan, "validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith(
        "bilans/2019-2020.md:4:1: orientation « 5 » inconnue ; orientations du plan : 1, 2"
    )


def test_report_since_makes_a_meeting_brief(cli, small_plan, tmp_path):
    result = cli(
        "--plan",
        small_plan,
        "report",
        "--since",
        "2020-02-01",
        "--as-of",
        "2020-03-01",
        "-o",
        tmp_path,
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"Rapport écrit : {tmp_path}/rapport-etat-2020-03-01.md\n"
    text = (tmp_path / "rapport-etat-2020-03-01.md").read_text("utf-8")
    assert text.startswith(
        "# Plan d’essai 2019-2021 — État de situation au 1er\u00a0mars\u00a02020\n"
    )
    assert (
        "## 1. Ce qui a changé depuis le 1er\u00a0février\u00a02020\n\n"
        "- **1.1.1** Définition du DS\u00a0: En cours → **Réalisée** (15\u00a0février\u00a02020)"
        "\u00a0: «\u00a0Définition adoptée.\u00a0»\n"
        "- **2.1.2** Jumelage\u00a0: À venir → **Abandonnée** (18\u00a0février\u00a02020)"
    ) in text
    assert (
        "## 2. Actions en retard\n\n"
        "| Action | État | Échéance | Dernière nouvelle |\n| --- | --- | --- | --- |\n"
        "| **1.1.2** Charte des valeurs | En cours (40\u00a0%) — **en retard** | "
        "31\u00a0janvier\u00a02020 | — |\n"
    ) in text
    assert (
        "## 4. Décisions à prendre\n\n- **1.1.2** Charte des valeurs — en retard depuis le "
        "31\u00a0janvier\u00a02020\u00a0: nouvelle échéance, autre statut ou abandon\u202f?\n"
    ) in text
    word = cli(
        "--plan", small_plan, "report", "--since", "2020-02-01", "--as-of", "2020-03-01",
        "-f", "docx", "-o", tmp_path,
    )  # fmt: skip
    assert (word.exit_code, word.stderr) == (0, "")
    assert word.stdout == f"Rapport écrit : {tmp_path}/rapport-etat-2020-03-01.docx\n"
    from docx import Document

    headings = [
        p.text
        for p in Document(tmp_path / "rapport-etat-2020-03-01.docx").paragraphs
        if p.style.name == "Heading 1"
    ]
    assert headings == [
        "Ce qui a changé depuis le 1er\u00a0février\u00a02020",
        "Actions en retard",
        "Échéances d’ici le 30\u00a0mai\u00a02020",
        "Décisions à prendre",
    ]


def test_report_since_after_the_report_date_is_refused(cli, small_plan, tmp_path):
    out = tmp_path / "out"
    args = ("--plan", small_plan, "report", "--since", "2030-01-01", "-o", out)
    result = cli(*args, "--as-of", "2020-03-01")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "tdsplan : erreur : --since 2030-01-01 est après la date du rapport (1er\u00a0mars 2020)\n"
    )
    result = cli.on(JULY)(*args)
    assert result.stderr == (
        "tdsplan : erreur : --since 2030-01-01 est après la date du rapport "
        "(1er\u00a0juillet 2020)\n"
    )
    assert not out.exists()


def test_since_a_revision_without_the_plan_says_so(cli, small_plan):
    root = small_plan.parent
    (root / "LISEZMOI.md").write_text("Avant le plan\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "LISEZMOI.md")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "début")
    git(root, "add", ".")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "plan")
    for command in ("report", "status"):
        result = cli("--plan", small_plan, command, "--since", "HEAD~1")
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (
            "tdsplan : erreur : le plan n’existait pas à la révision HEAD~1 (pas de dossier plan)\n"
        )
