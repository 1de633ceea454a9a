# ruff: noqa: F811  (the demo fixture is imported from tests.cli.test_import)
"""The follow-up workbook in the real programs: typed into with LibreOffice Calc set to
French, saved as xlsx and as CSV; re-saved by gnumeric's ssconvert. Each return is
imported, and lands in the journal exactly as typed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_import import demo, exported, fill, git_diff  # noqa: F401

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent


def _office_python() -> bool:
    if shutil.which("soffice") is None or not Path("/usr/bin/python3").exists():
        return False
    found = subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True)
    return found.returncode == 0


TYPED = {
    "1.2.5": {
        "Nouveau statut": "Réalisée",
        "Avancement (%)": "100 %",
        "Note": "Troisième cohorte formée.\nLa dernière, en mars.",
        "Date": "15/01/2023",
        "Auteur": "Julie Gagnon",
        "Valeur": "23,5",
        "Statut actuel": "Abandonnée",  # a grey cell: the sheet's protection refuses it
    },
    "2.1.4": {"Avancement (%)": "70", "Note": "Trois ateliers – « complets »"},
}

WRITTEN = [
    "+      - date: 2023-01-15\n",
    "+        statut: realisee\n",
    "+        avancement: 100\n",
    "+          Ambassadeurs formés: 23.5\n",
    "+        auteur: Julie Gagnon\n",
    "+    avancement: 70\n",
    "+        note: Trois ateliers – « complets »\n",
    '+        note: "Troisième cohorte formée.\\nLa dernière, en mars."\n',  # the line break kept
]


def _type(demo, sheet, typed, encoding="utf-8", locale="fr-CA") -> tuple[Path, Path, dict]:
    """``typed`` typed into ``sheet`` by LibreOffice in ``locale``, saved as xlsx and CSV."""
    typing = demo / "saisie.json"
    typing.write_text(json.dumps(typed, ensure_ascii=False), encoding="utf-8")
    xlsx, csv = demo / "calc.xlsx", demo / "calc.csv"
    env = {**os.environ, "TDSPLAN_OFFICE_LOCALE": locale}
    for _attempt in range(3):  # a headless LibreOffice on a loaded machine may die midway
        run = subprocess.run(
            ["/usr/bin/python3", HERE / "office.py", sheet, xlsx, csv, encoding, typing],
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
        )
        if run.returncode == 0:
            break
        for lock in demo.glob(".~lock.*#"):
            lock.unlink()
    assert run.returncode == 0, run.stderr
    return xlsx, csv, json.loads(run.stdout)


@pytest.mark.skipif(not _office_python(), reason="LibreOffice (soffice, python3-uno) absent")
def test_a_date_typed_in_an_english_libreoffice_is_refused_with_both_readings(cli, demo):
    # 05/03/2022 typed in LibreOffice set to en-US is the 3rd of May: the workbook says
    # which locale saved it, and the day and month are asked for.
    typed = {"1.2.5": {"Note": "Cohorte formée.", "Date": "05/03/2022"}}
    xlsx, _csv, held = _type(demo, exported(cli, demo), typed, locale="en-US")
    assert held["1.2.5 Date"]["value"] > 0  # a date cell, not a text
    result = cli("import", xlsx)
    assert (result.exit_code, result.stderr) == (
        1,
        "calc.xlsx:Actions!O9: date ambiguë (tableur réglé en en-US) : le 2022-05-03 ou le "
        "2022-03-05 ? Tapez-la 2020-03-15 ou « 15 mars 2020 »\n"
        "tdsplan : erreur : feuille refusée : 1 problème ; rien n’a été inscrit\n",
    )


@pytest.mark.skipif(not _office_python(), reason="LibreOffice (soffice, python3-uno) absent")
@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_typed_in_libreoffice_saved_as_xlsx_and_csv(cli, demo, encoding):
    # The last note shown holds « → », which a Windows-1252 CSV turns into « ? ».
    assert cli("update", "2.1.4", "--note", "Étape 1 → étape 2").exit_code == 0
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "commit", "-qam", "note"], cwd=demo, check=True)
    xlsx, csv, held = _type(demo, exported(cli, demo), TYPED, encoding)
    assert held["1.2.5 Valeur"]["value"] == 23.5  # « 23,5 » is a number, not refused
    assert held["1.2.5 Avancement (%)"]["value"] == 1  # « 100 % » typed: a percentage
    assert held["1.2.5 Statut actuel"]["string"] == "En cours"  # the grey cell kept
    diffs = []
    for saved in (xlsx, csv):
        result = cli("import", saved)
        assert result.exit_code == 0, result.stderr
        diff = git_diff(demo)
        for line in WRITTEN:
            assert line in diff, (saved.name, line)
        diffs.append(diff)
        subprocess.run(["git", "checkout", "-q", "--", "plan"], cwd=demo, check=True)
    assert diffs[0] == diffs[1]


@pytest.mark.skipif(shutil.which("ssconvert") is None, reason="gnumeric (ssconvert) absent")
def test_resaved_by_gnumeric_as_xlsx_and_csv(cli, demo):
    news = {
        "1.2.5": {"valeur": 23.5, "note": "Cohorte formée.", "date": "15/01/2023"},
        "2.1.4": {"avancement": 70, "note": "Deux ateliers."},
    }
    filled = fill(exported(cli, demo), demo / "rempli.xlsx", news)
    written = [
        "+          Ambassadeurs formés: 23.5\n",
        "+        note: Cohorte formée.\n",
        "+      - date: 2023-01-15\n",
        "+    avancement: 70\n",
        "+        note: Deux ateliers.\n",
    ]
    for target in ("gnumeric.xlsx", "gnumeric.csv"):
        run = subprocess.run(
            ["ssconvert", filled, demo / target], capture_output=True, text=True, timeout=120
        )
        assert (demo / target).is_file(), run.stderr
        result = cli("import", demo / target)
        # gnumeric's CSV writes its dates 2023/01/15, even in the columns no lead touched.
        assert result.exit_code == 0, (target, result.stderr)
        diff = git_diff(demo)
        for line in written:
            assert line in diff, (target, line)
        subprocess.run(["git", "checkout", "-q", "--", "plan"], cwd=demo, check=True)
