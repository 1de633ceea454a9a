"""The small modules everything leans on: numbers, suggestions, the atomic writer,
the status vocabulary."""

from __future__ import annotations

import os

import pytest

from tdsplan import figures, files, suggest
from tdsplan.i18n import use_language
from tdsplan.vocabulary import STATUS_ALIASES, Statut, fold, status_count


def test_one_way_to_write_numbers():
    assert figures.percent(44.6, "fr") == "45\u00a0%" and figures.percent(44.6, "en") == "45%"
    assert figures.percent(None) == figures.percent(float("nan")) == "—"
    assert [figures.number(v) for v in (3.0, 2.5, None, float("inf"))] == ["3", "2.5", "—", "—"]


def test_one_way_to_suggest():
    assert suggest.did_you_mean("statsu", ["status", "show"]) == \
        " (vouliez-vous dire « status » ?)"
    assert suggest.did_you_mean("zzz", ["status"]) == ""
    assert suggest.either(["1.1", "1.2", "1.3"]) == "1.1, 1.2 ou 1.3"
    try:
        use_language("en")
        assert suggest.did_you_mean("shwo", ["show"]) == " (did you mean “show”?)"
    finally:
        use_language("fr")


def test_one_atomic_writer_keeps_the_mode_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "f.txt"
    target.write_text("avant")
    os.chmod(target, 0o600)
    files.write_atomically(target, b"apres")
    assert target.read_bytes() == b"apres" and (target.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_an_output_that_cannot_be_written_says_why(tmp_path):
    (tmp_path / "dossier").mkdir()
    with pytest.raises(files.OutputError, match="écriture de .* impossible : c’est un dossier"):
        files.write_output(tmp_path / "dossier", b"x")
    files.write_output(tmp_path / "nouveau" / "r.md", b"ok")
    assert (tmp_path / "nouveau" / "r.md").read_bytes() == b"ok"


def test_the_status_vocabulary():
    assert STATUS_ALIASES[fold(" Réalisée ")] is Statut.REALISEE
    assert STATUS_ALIASES[fold("in-progress")] is Statut.EN_COURS
    assert status_count(Statut.REALISEE, 0) == "0 réalisée"
    assert status_count(Statut.REALISEE, 2) == "2 réalisées"
