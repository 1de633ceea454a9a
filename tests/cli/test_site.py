"""``tdsplan site`` as a coordinator runs it before publishing the dashboard."""

from __future__ import annotations

import pytest

from tests.conftest import PLAN_YAML


def test_site_default_folder_beside_the_plan_and_a_rebuild(cli, small_plan):
    result = cli("--plan", small_plan, "site")
    public = small_plan.parent / "public"
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Site écrit dans {public} : 16 pages, 27 fichiers réécrits.\n"
    # today is 2020-03-01 in the tests
    assert 'État au <time datetime="2020-03-01">1er\u00a0mars\u00a02020</time>' in (
        public / "index.html"
    ).read_text("utf-8")
    again = cli("--plan", small_plan, "site")
    assert again.stdout == f"Site écrit dans {public} : 16 pages, 0 fichier réécrit.\n"


def test_site_two_languages_date_and_reports(cli, small_plan, tmp_path):
    reports = tmp_path / "bilans"
    reports.mkdir()
    (reports / "rapport-2019-2020.md").write_text("# Bilan\n")
    out = tmp_path / "web"
    result = cli(
        "--plan",
        small_plan,
        "site",
        "-o",
        out,
        "--as-of",
        "2020-06-30",
        "--lang",
        "fr,en",
        "--reports",
        reports,
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Site écrit dans {out} : 34 pages, 50 fichiers réécrits.\n"
    assert (out / "en" / "exercice" / "2020-2021.html").is_file()
    assert (out / "rapports" / "rapport-2019-2020.md").read_text() == "# Bilan\n"


def test_site_in_english(cli, small_plan, tmp_path):
    result = cli("--lang", "en", "--plan", small_plan, "site", "-o", tmp_path / "web")
    assert result.stdout == f"Site written in {tmp_path / 'web'}: 16 pages, 27 files rewritten.\n"
    assert (
        (tmp_path / "web" / "index.html")
        .read_text("utf-8")
        .startswith('<!DOCTYPE html>\n<html lang="en">')
    )


def test_site_refusals_write_nothing(cli, small_plan, tmp_path):
    cases = {
        ("--lang", "de"): (
            2,
            "tdsplan : erreur : valeur invalide pour --lang : « de » : fr ou "
            "en\nAide : « tdsplan --help ».\n",
        ),
        ("--as-of", "2020-13-01"): (2, "tdsplan : erreur : date « 2020-13-01 » impossible\n"),
        ("--reports", str(tmp_path / "nulle-part")): (
            2,
            f"tdsplan : erreur : dossier des bilans introuvable : {tmp_path / 'nulle-part'}\n",
        ),
    }
    for args, (code, message) in cases.items():
        result = cli("--plan", small_plan, "site", "-o", tmp_path / "web", *args)
        assert (result.exit_code, result.stderr) == (code, message), args
    assert not (tmp_path / "web").exists()
    taken = tmp_path / "pris"
    taken.mkdir()
    (taken / "index.html").write_text("à moi")
    result = cli("--plan", small_plan, "site", "-o", taken)
    assert result.exit_code == 1
    assert result.stderr == (
        f"tdsplan : erreur : {taken} n’est pas vide et n’a pas été produit "
        "par tdsplan site (pas de .tdsplan-site.json lisible) : choisissez "
        "un dossier vide ou nouveau\n"
    )
    assert [p.name for p in taken.iterdir()] == ["index.html"]


@pytest.mark.slow
def test_pages_workflow_and_the_docs_publish_with_the_same_command(
    cli, small_plan, tmp_path, monkeypatch
):
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import REPO

    workflow = REPO / ".github" / "workflows" / "pages.yml"
    check = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            str(workflow),
        ],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    text = workflow.read_text("utf-8")
    # This repository publishes its docs at the root, the shipped plan's dashboard beside.
    assert "        run: mkdocs build --strict -d public\n" in text
    assert "        run: tdsplan site -o public/tableau-de-bord\n" in text
    assert "actions/deploy-pages@" in text and "path: public/" in text
    # Another plan's repository has its workflow from « init --repository » (checked by
    # tests/cli/test_init_repository.py); the docs show its install step, as it writes it.
    from tdsplan.starter import _READ_ADDRESS, WORKFLOW

    section = (REPO / "docs" / "guides" / "coordination" / "publier.md").read_text("utf-8")
    step = section.split("**GitHub Pages.**")[1].split("```yaml\n")[1].split("```")[0]
    install = 'pip install "tdsplan @ git+$TDSPLAN_DEPOT@$TDSPLAN_VERSION"'
    assert install in step and install in WORKFLOW
    assert all(line in step for line in _READ_ADDRESS.split("\n"))
    assert "    - tdsplan site -o public\n" in section  # GitLab CI
    assert "public/" in (REPO / ".gitignore").read_text("utf-8").splitlines()
    monkeypatch.chdir(small_plan.parent)
    result = cli("site", "-o", "public")
    assert result.exit_code == 0, result.stderr
    assert (small_plan.parent / "public" / "index.html").is_file()


def test_site_that_cannot_be_written_says_why(cli, small_plan, tmp_path):
    (tmp_path / "fichier").write_text("")
    result = cli("--plan", small_plan, "site", "-o", tmp_path / "fichier" / "web")
    # A folder chosen with -o that cannot be made is a usage error (exit 2), as report's
    # and export's -o are; the message names the folder and the file in its way.
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"tdsplan : erreur : --output {tmp_path}/fichier/web refusé : "
        f"{tmp_path}/fichier est un fichier, pas un dossier ; rien n’a "
        "été écrit\n"
    )
    assert not (tmp_path / "fichier").is_dir()


def test_the_docs_demo_rebuild_over_a_doctored_site_touches_nothing_outside_it(
    cli, tmp_path, monkeypatch
):
    """The docs' rebuild of the committed demo site, on a copy whose site folder holds
    a forged manifest (plan files with their true hashes) and a symlinked action/ folder."""
    import hashlib
    import json
    import shlex
    import shutil

    from tests.conftest import DEMO_TODAY, REPO

    readme = (REPO / "docs" / "developpeurs.md").read_text("utf-8")
    command = next(
        line
        for line in readme.splitlines()
        if line.startswith("tdsplan --plan examples/demo/plan site -o examples/demo/site ")
    )
    shutil.copytree(REPO / "examples" / "demo", tmp_path / "examples" / "demo", symlinks=True)
    shutil.copytree(REPO / "reports" / "exemple", tmp_path / "reports" / "exemple")
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "examples" / "demo" / "site"
    plan = tmp_path / "examples" / "demo" / "plan"
    objective = plan / "1-comprehension-commune" / "1.1-definition-commune.yaml"

    def sha(path):
        return hashlib.sha256(path.read_bytes()).hexdigest()

    manifest = site / ".tdsplan-site.json"
    listed = json.loads(manifest.read_text("utf-8"))["fichiers"]
    listed.update(
        {
            "../plan/plan.yaml": sha(plan / "plan.yaml"),
            "action/1.1-definition-commune.yaml": sha(objective),
            "action/1.1.1.html": sha(site / "action" / "1.1.1.html"),
            "../tdsplan.toml": sha(tmp_path / "examples" / "demo" / "tdsplan.toml"),
        }
    )
    manifest.write_text(json.dumps({"fichiers": listed}), "utf-8")

    def outside():
        return {
            str(p.relative_to(tmp_path)): p.read_bytes()
            for p in sorted(tmp_path.rglob("*"))
            if p.is_file() and not p.is_relative_to(site)
        }

    before = outside()
    cli.on(DEMO_TODAY)
    shutil.rmtree(site / "action")
    (site / "action").symlink_to(objective.parent, target_is_directory=True)
    result = cli(*shlex.split(command)[1:])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "tdsplan : erreur : examples/demo/site/action est un lien "
        "symbolique : tdsplan site n’écrit pas à travers un lien ; "
        "retirez-le ou choisissez un autre dossier (rien n’a été écrit)\n"
    )
    assert outside() == before
    assert sorted(p.name for p in objective.parent.iterdir()) == [
        "1.1-definition-commune.yaml",
        "1.2-outils-de-promotion.yaml",
        "orientation.yaml",
    ]

    (site / "action").unlink()  # the link gone, the forged manifest stays
    result = cli(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr
    assert outside() == before
    assert (site / "action" / "1.1.1.html").is_file()
    assert cli("--plan", "examples/demo/plan", "validate").stdout.endswith(
        "27 actions (12 fichiers)\n"
    )


ADOPTIONS = """\
- bilan: 2019-2020
  date: 2020-06-15
  par: conseil d’administration
  resolution: CA-2020-06
"""
WORDS = """\
---
bilan: 2019-2020
signature: Marie Tremblay, présidente
---

# Mot de la présidence

Une définition commune adoptée.

Deux actions reportées ; nous les reprenons.
"""


def test_the_home_page_quotes_the_latest_adopted_bilan_and_the_calendar_has_its_meeting(
    cli, small_plan, tmp_path
):
    (small_plan / "bilans").mkdir()
    (small_plan / "bilans" / "adoptions.yaml").write_text(ADOPTIONS, "utf-8")
    (small_plan / "bilans" / "2019-2020.md").write_text(WORDS, "utf-8")
    out = tmp_path / "web"
    result = cli("--plan", small_plan, "site", "-o", out, "--as-of", "2020-06-30")
    assert result.exit_code == 0, result.stderr
    home = (out / "index.html").read_text("utf-8")
    assert (
        '<h2 id="mot"><span>Mot de la présidence</span></h2>\n<div class="mot">\n'
        "<p>Une définition commune adoptée.</p>\n<p>Deux actions reportées ; nous les "
        'reprenons.</p>\n<p class="signature">— Marie Tremblay, présidente</p></div>\n'
        '<p class="muted">Bilan 2019-2020 adopté le <time datetime="2020-06-15">15\u00a0juin'
        "\u00a02020</time> par <span>conseil d’administration</span> (résolution "
        "<span>CA-2020-06</span>).</p>"
    ) in home
    calendar = (out / "calendrier.ics").read_bytes().decode("utf-8")
    assert (
        "DTSTART;VALUE=DATE:20200615\r\nDTEND;VALUE=DATE:20200616\r\n"
        "SUMMARY:Adoption du bilan 2019-2020 (conseil d’administration)\r\n"
        "DESCRIPTION:Résolution\u00a0: CA-2020-06\r\n"
    ) in calendar
    # Before its adoption, the bilan is not quoted.
    early = cli("--plan", small_plan, "site", "-o", tmp_path / "tot", "--as-of", "2020-06-01")
    assert early.exit_code == 0, early.stderr
    assert 'id="mot"' not in (tmp_path / "tot" / "index.html").read_text("utf-8")


def test_an_adoption_record_that_cannot_be_read_stops_the_site_before_anything_is_written(
    cli, small_plan, tmp_path
):
    (small_plan / "bilans").mkdir()
    (small_plan / "bilans" / "adoptions.yaml").write_text(
        "- bilan: 2019-2020\n  date: le 15 juin\n", "utf-8"
    )
    result = cli("--plan", small_plan, "site", "-o", tmp_path / "web")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{small_plan / 'bilans' / 'adoptions.yaml'}:2:")
    assert not (tmp_path / "web").exists()


def test_a_web_address_in_plan_yaml_must_be_one(cli, plan_with, tmp_path):
    folder = plan_with({"plan.yaml": PLAN_YAML + "publication:\n  site_web: javascript:alert(1)\n"})
    result = cli("--plan", folder, "site", "-o", tmp_path / "web")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{folder / 'plan.yaml'}:14:13: site_web : « javascript:alert(1) » n’est pas une "
        "adresse web complète : écrivez https://...\n"
        "tdsplan : erreur : plan invalide : 1 problème dans 1 fichier\n"
    )
    assert not (tmp_path / "web").exists()
