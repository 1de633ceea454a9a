"""``tdsplan report`` as the committee's secretary runs it."""

from __future__ import annotations

from tdsplan.i18n import use_language


def test_report_default_names_and_place(cli, small_plan):
    result = cli("--plan", small_plan, "report", "-f", "md", "-f", "pdf", "-f", "html")
    reports = small_plan.parent / "reports"
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "".join(
        f"Rapport écrit : {reports}/rapport-2019-2020.{ext}\n" for ext in ("md", "pdf", "html")
    )
    assert (reports / "rapport-2019-2020.pdf").read_bytes().startswith(b"%PDF")


def test_report_year_lang_and_output_file(cli, small_plan, tmp_path):
    target = tmp_path / "bilan.md"
    result = cli(
        "--plan", small_plan, "report", "--exercice", "2020-2021", "--lang", "en", "-o", target
    )
    assert result.exit_code == 0
    assert target.read_text("utf-8").startswith(
        "# Plan d’essai 2019-2021 — Annual report 2020-2021\n"
    )


def test_report_whole_period_into_a_folder(cli, small_plan, tmp_path):
    result = cli("--plan", small_plan, "report", "--period", "-o", tmp_path / "sortie")
    assert result.exit_code == 0
    assert (tmp_path / "sortie" / "rapport-bilan-2019-2021.md").is_file()


def test_report_uses_the_plan_repository_templates(cli, small_plan):
    folder = small_plan.parent / "templates"
    folder.mkdir()
    (folder / "rapport.md.j2").write_text("Maison : {{ r.rollup.total }} actions\n")
    cli("--plan", small_plan, "report")
    assert (
        small_plan.parent / "reports" / "rapport-2019-2020.md"
    ).read_text() == "Maison : 5 actions\n"


def test_report_usage_errors(cli, small_plan, tmp_path):
    cases = {
        ("--year", "2019", "--period"): "--year ou --period s’excluent : choisissez-en une",
        (
            "-f",
            "md",
            "-f",
            "pdf",
            "-o",
            tmp_path / "un.md",
        ): "avec plusieurs formats, --output doit être un dossier",
        ("--template-dir", tmp_path / "absent"): "dossier de gabarits introuvable",
    }
    for args, message in cases.items():
        result = cli("--plan", small_plan, "report", *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith(f"tdsplan : erreur : {message}"), result.stderr


def test_broken_custom_template_is_a_clear_error(cli, small_plan, tmp_path):
    (tmp_path / "rapport.md.j2").write_text("{{ r.inexistant }}\n")
    result = cli("--plan", small_plan, "report", "--template-dir", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("tdsplan : erreur : gabarit rapport.md.j2 invalide")


def test_report_as_docx(cli, small_plan, tmp_path):
    from docx import Document

    target = tmp_path / "rapport.docx"
    result = cli("--plan", small_plan, "report", "--format", "docx", "-o", target)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"Rapport écrit : {target}\n"
    headings = [p.text for p in Document(str(target)).paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Faits saillants"  # (numbered by its style)


def test_an_unwritable_output_is_a_french_message_and_nothing_else(cli, small_plan, tmp_path):
    result = cli("--plan", small_plan, "report", "-o", "/dev/full")
    assert result.exit_code == 2  # a bad -o is a usage error (issue 16)
    assert result.stderr == ("tdsplan : erreur : écriture de /dev/full impossible : disque plein\n")
    target = tmp_path / "rapport.md"
    target.mkdir()
    result = cli("--plan", small_plan, "report", "-o", str(tmp_path / "absent" / "x" / "r.md"))
    assert result.exit_code == 0


def test_an_unknown_format_is_refused_in_french_with_the_choices(cli, small_plan, tmp_path):
    """Not click's « Value error, 'odt' is not one of 'md', ... »."""
    result = cli("--plan", small_plan, "report", "-f", "pfd", "-o", tmp_path / "r")
    assert result.exit_code == 2
    assert result.stderr == (
        "tdsplan : erreur : format « pfd » inconnu pour --format "
        "(vouliez-vous dire « pdf » ?) ; formats : md, html, pdf ou docx\n"
    )
    try:
        english = cli("--plan", small_plan, "--lang", "en", "report", "-f", "odt")
    finally:
        use_language("fr")
    assert english.exit_code == 2
    assert english.stderr == (
        "tdsplan: error: unknown format “odt” for --format; formats: md, html, pdf or docx\n"
    )
    assert not (tmp_path / "r").exists() and not (small_plan.parent / "reports").exists()
