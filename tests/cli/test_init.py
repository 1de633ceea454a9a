"""``tdsplan init``: a plan carried over keeps the numbers of the old one exactly."""

from __future__ import annotations

import datetime as dt

from tests.conftest import SMALL_PLAN, write_tree

WEIGHED = """\
id: 2.1
titre: Partager
actions:
  - id: 2.1.1
    titre: Formations
    statut: en_continu
    poids: 0.1234567
    indicateurs:
      - nom: Personnes formées
        cible: 1234567.5
        reel: 0.1
    journal: []
"""


def test_init_from_keeps_a_weight_and_indicator_values_byte_exact(cli, tmp_path, monkeypatch):
    from tdsplan.cli import common

    write_tree(tmp_path / "plan", {**SMALL_PLAN, "2-agir/2.1-partager.yaml": WEIGHED})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(common, "today", lambda: dt.date(2021, 6, 1))
    result = cli("init", "suivant", "--from", "plan")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "suivant" / "2-agir" / "2.1-partager.yaml").read_text("utf-8")
    assert "    poids: 0.1234567\n" in text
    assert "        cible: 1234567.5\n        reel: 0.1\n" in text
    assert (tmp_path / "plan" / "2-agir" / "2.1-partager.yaml").read_text("utf-8") == WEIGHED
