"""``tdsplan status``: exact screen output, JSON, filters and exit codes."""

from __future__ import annotations

import json


def lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines())


STATUS = """\
Plan d’essai 2019-2021
Table d’essai
Période 2019-2021 · état au 2020-03-01 · 5 actions
Avancement global ■■■■■■■■□□□□□□□□□□□□  40 %
2 à venir · 1 en cours · 1 en continu · 1 réalisée · 1 en retard

ID        Intitulé                  État               Porteur      Échéance
────────────────────────────────────────────────────────────────────────────────
1         Comprendre ensemble       ■■■■■□□□□□  47 %
          1 à venir · 1 en cours
          · 1 réalisée · 1 en
          retard
 1.1      S’entendre sur une        ■■■■■■■□□□  70 %
          définition
          1 en cours · 1 réalisée
          · 1 en retard
  1.1.1   Définition du DS          Réalisée           Marie        2020-03-31
                                                       Tremblay
  1.1.2   Charte des valeurs        En cours · 40 %    —            2020-01-31 ⚠
 1.2      Fournir des outils        □□□□□□□□□□   0 %
          1 à venir
  1.2.1   Refonte du site           À venir            —            —
          internet

2         Agir localement           ■■■□□□□□□□  33 %
          1 à venir · 1 en
          continu
 2.1      Partager                  ■■■□□□□□□□  33 %
          1 à venir · 1 en
          continu
  2.1.1   Formations                En continu         —            —
  2.1.2   Jumelage                  À venir            —            —""".replace(" %", "\u00a0%")


def test_status_screen(cli, small_plan):
    result = cli("--plan", small_plan, "status")
    assert result.exit_code == 0, result.stderr
    assert lines(result.stdout) == STATUS
    assert result.stderr == ""


def test_status_finds_the_plan_from_below(cli, small_plan, monkeypatch):
    monkeypatch.chdir(small_plan / "2-agir")
    result = cli("status")
    assert result.exit_code == 0
    assert lines(result.stdout) == STATUS


def test_status_as_of_a_past_date_and_a_fiscal_year(cli, small_plan):
    past = cli("--plan", small_plan, "status", "--as-of", "2019-06-01")
    assert "état au 2019-06-01" in past.stdout
    assert "Avancement global ■■□□□□□□□□□□□□□□□□□□   8\u00a0%" in past.stdout
    year = cli("--plan", small_plan, "status", "--exercice", "2018-2019")
    assert "état au 2019-03-31" in year.stdout
    assert "5 à venir" in year.stdout


def test_status_filter_lists_only_matching_actions(cli, small_plan):
    result = cli("--plan", small_plan, "status", "--statut", "en retard")
    out = lines(result.stdout)
    assert "Filtre : 1 action sur 5" in out
    assert "1.1.2" in out and "1.1.1" not in out and "Agir localement" not in out


def test_status_json(cli, small_plan):
    result = cli("--plan", small_plan, "status", "--json", "--as-of", "2020-07-01")
    data = json.loads(result.stdout)
    assert data["date"] == "2020-07-01"
    assert data["avancement"] == 48.0
    assert data["statuts"] == {"a_venir": 1, "en_cours": 1, "en_continu": 1, "realisee": 1,
                               "reportee": 0, "abandonnee": 1}
    action = data["orientations"][0]["objectifs"][0]["actions"][1]
    assert action == {"id": "1.1.2", "titre": "Charte des valeurs", "statut": "en_cours",
                      "avancement": 40, "porteur": None, "echeance": "2020-01-31",
                      "en_retard": True}


def test_status_usage_errors_exit_2(cli, small_plan):
    cases = {
        ("status", "--as-of", "2020-02-30"):
            "tdsplan : erreur : date « 2020-02-30 » invalide : écrivez-la AAAA-MM-JJ, "
            "par exemple 2021-03-31\n",
        ("status", "--statut", "terminé"):
            "tdsplan : erreur : statut inconnu « terminé » (vouliez-vous dire « realisee » ?) ; "
            "valeurs permises : a_venir, en_cours, en_continu, realisee, reportee, abandonnee\n",
        ("status", "--orientation", "9"):
            "tdsplan : erreur : identifiant inconnu « 9 »\n",
        ("status", "--colour"):
            "tdsplan : erreur : option inconnue « --colour »\nAide : « tdsplan status --help ».\n",
        ("statsu",):
            "tdsplan : erreur : commande inconnue « statsu » (vouliez-vous dire « status » ?)\n"
            "Aide : « tdsplan --help ».\n",
    }
    for args, stderr in cases.items():
        result = cli("--plan", small_plan, *args)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr), args


def test_no_plan_here_is_a_usage_error(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("status")
    assert result.exit_code == 2
    assert result.stderr.startswith("tdsplan : erreur : aucun plan trouvé")


def test_invalid_plan_lists_problems_and_exits_1(cli, plan_with, monkeypatch):
    folder = plan_with({"2-agir/2.1-partager.yaml": "id: 2.1\ntitre: P\nactions:\n"
                                                    "  - id: 2.1.1\n    titre: F\n"
                                                    "    statut: encours\n"})
    monkeypatch.chdir(folder.parent)
    result = cli("status")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "plan/2-agir/2.1-partager.yaml:6:13: statut : statut inconnu « encours » (vouliez-vous "
        "dire « en_cours » ?) ; valeurs permises : a_venir, en_cours, en_continu, realisee, "
        "reportee, abandonnee\n"
        "tdsplan : erreur : plan invalide : 1 problème dans 1 fichier\n")
