"""vocabulary: the status words, their aliases and their plurals."""

from __future__ import annotations

from tdsplan.vocabulary import STATUS_ALIASES, Statut, fold, status_count


def test_the_status_vocabulary():
    assert STATUS_ALIASES[fold(" Réalisée ")] is Statut.REALISEE
    assert STATUS_ALIASES[fold("in-progress")] is Statut.EN_COURS
    assert status_count(Statut.REALISEE, 0) == "0 réalisée"
    assert status_count(Statut.REALISEE, 2) == "2 réalisées"
