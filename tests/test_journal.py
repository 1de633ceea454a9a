"""The journal dates every change: the plan at any past date is rebuilt from it, entries can
be back-dated and corrected, and the action's current fields follow."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from tdsplan.elements import find
from tdsplan.errors import ChangeRefusedError, PlanInvalidError, UsageError
from tdsplan.journal import Amendment, Update, amend_entry, update_action
from tdsplan.models import Statut
from tdsplan.project import Project
from tdsplan.state import Mesure, state_at
from tdsplan.updates import NothingNewError
from tests.conftest import SMALL_PLAN, write_tree

D = dt.date
TODAY = D(2026, 11, 26)
A = "1-comprendre/1.2-outils.yaml"

MEASURED = """\
id: 1.2
titre: Fournir des outils
actions:
  - id: 1.2.1
    titre: Refonte du site internet
    statut: en_cours
    porteur: Léa   # porteuse depuis 2019
    echeance: 2020-03-31
    indicateurs:
      - nom: Visites mensuelles
        cible: 1500
        reel: 800
        unite: visites
    journal:
      - date: 2019-06-01
        statut: en_cours
        note: Lancement.
      - date: 2020-01-15
        indicateurs:
          Visites mensuelles: 800
        note: Première mesure.
"""


@pytest.fixture
def measured(plan_with):
    return plan_with({A: MEASURED})


def read(folder: Path) -> str:
    return (folder / A).read_text(encoding="utf-8")


def test_a_back_dated_entry_goes_to_its_place_and_the_current_fields_follow(measured):
    done = update_action(
        Project.at(measured),
        "1.2.1",
        Update(
            D(2019, 6, 1),
            avancement=20,
            indicateurs={"visites mensuelles": 350},
            note="Oubli : maquettes.",
        ),
        today=TODAY,
    )
    assert (done.number, done.backdated) == (2, True)
    assert read(measured) == MEASURED.replace(
        "        note: Lancement.\n",
        "        note: Lancement.\n"
        "      - date: 2019-06-01\n"
        "        avancement: 20\n"
        "        indicateurs:\n"
        "          Visites mensuelles: 350\n"
        '        note: "Oubli : maquettes."\n',
    ).replace(
        "    statut: en_cours\n    porteur", "    statut: en_cours\n    avancement: 20\n    porteur"
    )
    action = find(Project.at(measured).load(), "1.2.1")
    assert state_at(action, D(2019, 12, 31)).indicateurs == {
        "Visites mensuelles": Mesure(350, D(2019, 6, 1))
    }
    assert state_at(action, D(2020, 1, 15)).indicateurs == {
        "Visites mensuelles": Mesure(800, D(2020, 1, 15))
    }
    assert state_at(action, D(2019, 5, 31)).indicateurs == {}


def test_a_new_measurement_sets_the_current_value(measured):
    update_action(
        Project.at(measured),
        "1.2.1",
        Update(D(2020, 2, 1), indicateurs={"Visites mensuelles": 1250.5}),
        today=TODAY,
    )
    assert "        reel: 1250.5\n" in read(measured)
    assert read(measured).endswith(
        "      - date: 2020-02-01\n        indicateurs:\n          Visites mensuelles: 1250.5\n"
    )


def test_rescheduling_keeps_the_first_due_date_and_lateness_is_that_of_the_day(measured):
    update_action(
        Project.at(measured),
        "1.2.1",
        Update(D(2020, 6, 1), echeance=D(2021, 3, 31), note="Report d’un an."),
        today=TODAY,
    )
    text = read(measured)
    assert "    echeance: 2021-03-31\n    echeance_initiale: 2020-03-31\n" in text
    assert text.endswith(
        "      - date: 2020-06-01\n        echeance: 2021-03-31\n        note: Report d’un an.\n"
    )
    action = find(Project.at(measured).load(), "1.2.1")
    assert state_at(action, D(2020, 5, 31))[2:4] == (True, D(2020, 3, 31))  # late then
    assert state_at(action, D(2020, 6, 1))[2:4] == (False, D(2021, 3, 31))
    assert state_at(action, D(2021, 4, 1)).en_retard is True


def test_a_new_lead_keeps_the_first_one_and_its_comment(measured):
    update_action(
        Project.at(measured), "1.2.1", Update(D(2020, 2, 1), porteur="Comité web"), today=TODAY
    )
    text = read(measured)
    assert "    porteur: Comité web   # porteuse depuis 2019\n    porteur_initial: Léa\n" in text
    action = find(Project.at(measured).load(), "1.2.1")
    assert state_at(action, D(2020, 1, 31)).porteur == "Léa"
    assert state_at(action, D(2020, 2, 1)).porteur == "Comité web"


def test_same_day_entries_go_after_the_existing_ones(measured):
    update_action(
        Project.at(measured), "1.2.1", Update(D(2019, 6, 1), note="Deuxième du jour."), today=TODAY
    )
    assert (
        "        note: Lancement.\n      - date: 2019-06-01\n        note: Deuxième du jour.\n"
        in read(measured)
    )


def test_amending_a_note_changes_that_line_only(measured):
    before = read(measured)
    done = amend_entry(
        Project.at(measured), "1.2.1", 1, Amendment(note="Lancement du projet."), today=TODAY
    )
    assert read(measured) == before.replace("note: Lancement.", "note: Lancement du projet.")
    assert done.before["note"] == "Lancement."


def test_amending_a_date_moves_the_entry_and_recomputes(measured):
    amend_entry(
        Project.at(measured),
        "1.2.1",
        1,
        Amendment(date=D(2020, 2, 1), statut=Statut.REALISEE),
        today=TODAY,
    )
    text = read(measured)
    assert "    statut: realisee\n" in text
    assert text.endswith(
        "        note: Première mesure.\n      - date: 2020-02-01\n"
        "        statut: realisee\n        note: Lancement.\n"
    )


def test_deleting_entries_recomputes_down_to_the_starting_values(measured):
    amend_entry(Project.at(measured), "1.2.1", 2, None, today=TODAY)
    text = read(measured)
    assert "reel:" not in text and "Première mesure" not in text
    amend_entry(Project.at(measured), "1.2.1", 1, None, today=TODAY)
    text = read(measured)
    assert "    statut: a_venir\n" in text and "    journal: []\n" in text
    assert Project.at(measured).load() is not None


def test_amend_refusals_touch_nothing(measured):
    before = read(measured)
    for number, amendment, message in [
        (3, None, "l’action 1.2.1 n’a pas d’entrée n° 3 : son journal compte 2 entrées"),
        (1, Amendment(date=D(2030, 1, 1)), "date 2030-01-01 dans le futur"),
        (1, Amendment(date=D(2018, 1, 1)), "date 2018-01-01 antérieure au début du plan"),
        (1, Amendment(note="Lancement."), "rien à changer"),
        (
            2,
            Amendment(indicateurs={"Visite": 3}),
            "indicateur « Visite » inconnu pour l’action 1.2.1 (vouliez-vous dire « Visites "
            "mensuelles » ?)",
        ),
    ]:
        with pytest.raises(UsageError, match=re.escape(message)):
            amend_entry(Project.at(measured), "1.2.1", number, amendment, today=TODAY)
    assert read(measured) == before


def test_no_write_into_a_plan_invalid_elsewhere(plan_with, tmp_path):
    folder = plan_with(
        {
            "2-agir/2.1-partager.yaml": SMALL_PLAN["2-agir/2.1-partager.yaml"].replace(
                "poids: 2", "poids: -2"
            )
        }
    )
    snapshot = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    project = Project.at(folder, cache_dir=tmp_path / "cache")
    for _ in range(2):  # the second time with the index of the first
        with pytest.raises(PlanInvalidError) as caught:
            update_action(project, "1.2.1", Update(D(2020, 3, 1), note="x"), today=TODAY)
        assert [p.format() for p in caught.value.problems] == [
            f"{folder}/2-agir/2.1-partager.yaml:7:12: poids : « -2 » hors limites : la valeur "
            "doit être plus de 0"
        ]
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == snapshot


def test_the_index_spares_reading_but_sees_a_hand_edit(small_plan, tmp_path, monkeypatch):
    project = Project.at(small_plan, cache_dir=tmp_path / "cache")
    update_action(project, "1.2.1", Update(D(2020, 3, 1), note="a"), today=TODAY)
    reads = []
    whole = Project.read
    monkeypatch.setattr(
        Project,
        "read",
        lambda self, overrides=None, *, only=None: (
            (reads.append(only) if overrides is None and only is None else None)
            or whole(self, overrides, only=only)
        ),
    )
    update_action(project, "1.2.1", Update(D(2020, 3, 2), note="b"), today=TODAY)
    assert reads == []  # nothing changed by hand: the whole plan is not read again
    other = small_plan / "2-agir/2.1-partager.yaml"
    other.write_text(
        other.read_text(encoding="utf-8").replace("poids: 2", "poids: 0"), encoding="utf-8"
    )
    with pytest.raises(PlanInvalidError):
        update_action(project, "1.2.1", Update(D(2020, 3, 3), note="c"), today=TODAY)
    assert reads == [None]


# ---------------------------------------------------------------- the property

PLAN = """\
titre: Plan
organisation: Table
periode:
  debut: 2018
  fin: 2023
mission:
  texte: Essayer.
"""
NAMES = ("Personnes formées", "Rencontres")
LEADS = ("Léa", "Comité web", "Marc: coordination")


@st.composite
def journals(draw):
    days = sorted(draw(st.lists(st.integers(0, 1800), min_size=1, max_size=7)))
    entries, last_status = [], None
    for day in days:
        entry: dict = {"date": D(2018, 4, 1) + dt.timedelta(days=day)}
        statut = draw(st.none() | st.sampled_from(list(Statut)))
        avancement = draw(st.none() | st.integers(0, 100))
        if statut is Statut.REALISEE:
            avancement = 100
        elif avancement is not None and statut is None and last_status is Statut.REALISEE:
            statut = Statut.EN_COURS
        last_status = statut or last_status
        for key, value in (
            ("statut", statut),
            ("avancement", avancement),
            ("echeance", draw(st.none() | st.dates(D(2018, 4, 1), D(2024, 3, 31)))),
            ("porteur", draw(st.none() | st.sampled_from(LEADS))),
        ):
            if value is not None:
                entry[key] = value
        measures = draw(
            st.dictionaries(
                st.sampled_from(NAMES),
                st.integers(0, 500) | st.floats(0, 100, width=32),
                max_size=2,
            )
        )
        if measures:
            entry["indicateurs"] = measures
        if len(entry) == 1:
            entry["note"] = "Rien de neuf."
        entries.append(entry)
    return entries


def _yaml(value) -> str:
    if isinstance(value, Statut):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def objective(journal: list[dict], initial_due, initial_lead) -> str:
    last = {}
    for entry in journal:
        for key in ("statut", "avancement", "echeance", "porteur"):
            if key in entry:
                last[key] = entry[key]
    measured = {n: v for e in journal for n, v in e.get("indicateurs", {}).items()}
    fields = {
        "statut": last.get("statut", Statut.A_VENIR),
        "avancement": last.get("avancement"),
        "porteur": last.get("porteur", initial_lead),
        "porteur_initial": initial_lead,
        "echeance": last.get("echeance", initial_due),
        "echeance_initiale": initial_due,
    }
    lines = ["id: 1.1", "titre: Objectif", "actions:", "  - id: 1.1.1", "    titre: Action"]
    lines += [f"    {k}: {_yaml(v)}" for k, v in fields.items() if v is not None]
    lines.append("    indicateurs:")
    for name in NAMES:
        lines.append(f"      - nom: {name}")
        if name in measured:
            lines.append(f"        reel: {measured[name]!r}")
    lines.append("    journal:" if journal else "    journal: []")
    for entry in journal:
        first = True
        for key, value in entry.items():
            prefix = "      - " if first else "        "
            first = False
            if key == "indicateurs":
                lines.append(f"{prefix}indicateurs:")
                lines += [f"          {n}: {v!r}" for n, v in value.items()]
            else:
                lines.append(f"{prefix}{key}: {_yaml(value)}")
    return "\n".join(lines) + "\n"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    journal=journals(),
    day=st.integers(-30, 1830),
    initial_due=st.none() | st.dates(D(2018, 4, 1), D(2024, 3, 31)),
    initial_lead=st.none() | st.sampled_from(LEADS),
)
@pytest.mark.slow
def test_the_state_on_a_date_is_the_state_of_the_journal_cut_after_it(
    journal, day, initial_due, initial_lead
):
    date = D(2018, 4, 1) + dt.timedelta(days=day)
    with tempfile.TemporaryDirectory() as temporary:
        folder = write_tree(
            Path(temporary),
            {
                "plan.yaml": PLAN,
                "1-o/orientation.yaml": "id: 1\ntitre: O\n",
                "1-o/1.1-objectif.yaml": objective(journal, initial_due, initial_lead),
            },
        )
        loaded = Project.at(folder).read()
        assume(not loaded.problems)
        whole = state_at(find(loaded.plan, "1.1.1"), date)
        later = [n for n, e in enumerate(journal, 1) if e["date"] > date]
        for number in reversed(later):  # through the command's own code, file validated
            amend_entry(Project.at(folder), "1.1.1", number, None, today=TODAY)
        cut = find(Project.at(folder).load(), "1.1.1")
        assert all(e.date <= date for e in cut.journal)
        assert state_at(cut, date) == whole
        # and the file's current fields are the state at the last entry
        assert state_at(cut, D.max)[:2] == (cut.statut, cut.avancement)
        assert (state_at(cut, D.max).echeance, state_at(cut, D.max).porteur) == (
            cut.echeance,
            cut.porteur,
        )


def test_the_report_shows_values_and_due_dates_of_its_date(measured):
    from tdsplan.changes import Reschedule
    from tdsplan.fiscal import fiscal_year
    from tdsplan.render import render_text
    from tdsplan.report import ReportPeriod, build_report

    project = Project.at(measured)
    update_action(
        project,
        "1.2.1",
        Update(D(2020, 6, 1), echeance=D(2021, 3, 31), note="Report d’un an."),
        today=TODAY,
    )
    plan = project.load()
    action = find(plan, "1.2.1")
    first = build_report(plan, ReportPeriod("exercice", *fiscal_year(plan, 2019)))
    second = build_report(plan, ReportPeriod("exercice", *fiscal_year(plan, 2020)))
    assert first.reschedules == []
    assert second.reschedules == [
        Reschedule(
            action, D(2020, 3, 31), D(2021, 3, 31), date=D(2020, 6, 1), note="Report d’un an."
        )
    ]
    text = render_text(first, "md", "fr", []).replace("\xa0", " ")
    assert (
        "| Visites mensuelles (visites) | **1.2.1** Refonte du site internet | 0 | "
        "1\u202f500 | 800 (15 janvier 2020) | 53 % · en bonne voie | — |" in text
    )
    assert "| 31 mars 2020 |" in text
    text = render_text(second, "md", "fr", []).replace("\xa0", " ")
    assert (
        "- **1.2.1** Refonte du site internet — replanifiée le 1er juin 2020\u202f; échéance "
        "31 mars 2020 → 31 mars 2021. Motif : « Report d’un an. »"
    ) in text
    early = build_report(plan, ReportPeriod("date", D(2019, 4, 1), D(2019, 12, 31)))
    assert (
        "| Visites mensuelles (visites) | **1.2.1** Refonte du site internet | 0 | "
        "1\u202f500 | — | — | — |" in render_text(early, "md", "fr", [])
    )


def test_clearing_a_field_of_an_entry(measured):
    before = read(measured)
    amend_entry(Project.at(measured), "1.2.1", 2, Amendment(clear=frozenset({"note"})), today=TODAY)
    assert read(measured) == before.replace("        note: Première mesure.\n", "")
    with pytest.raises(UsageError, match="champ « titre » inconnu"):
        amend_entry(
            Project.at(measured), "1.2.1", 2, Amendment(clear=frozenset({"titre"})), today=TODAY
        )


def test_a_due_date_changed_by_hand_without_an_entry_is_named(plan_with):
    folder = plan_with(
        {
            A: MEASURED.replace(
                "    echeance: 2020-03-31\n",
                "    echeance: 2021-03-31\n    echeance_initiale: 2020-03-31\n",
            )
        }
    )
    problems = [
        p.format(str(p.path.relative_to(folder))) for p in Project.at(folder).read().problems
    ]
    assert problems == [
        f"{A}:8:15: échéance « 2021-03-31 » : diffère de la valeur d’origine (« 2020-03-31 ») "
        "sans entrée au journal qui la change : remettez « 2020-03-31 », puis inscrivez le "
        "changement avec tdsplan update"
    ]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@given(
    journal=journals(),
    order=st.randoms(use_true_random=False),
    initial_due=st.none() | st.dates(D(2018, 4, 1), D(2024, 3, 31)),
    initial_lead=st.none() | st.sampled_from(LEADS),
)
@pytest.mark.slow
def test_entries_recorded_in_any_order_give_the_same_history(
    journal, order, initial_due, initial_lead
):
    from hypothesis import reject

    from tdsplan.updates import DoneBelowFullError

    assume(len({e["date"] for e in journal}) == len(journal))  # one entry a day
    shuffled = list(journal)
    order.shuffle(shuffled)
    with tempfile.TemporaryDirectory() as temporary:
        whole = write_tree(
            Path(temporary) / "entier",
            {
                "plan.yaml": PLAN,
                "1-o/orientation.yaml": "id: 1\ntitre: O\n",
                "1-o/1.1-objectif.yaml": objective(journal, initial_due, initial_lead),
            },
        )
        assume(not Project.at(whole).read().problems)
        built = write_tree(
            Path(temporary) / "saisi",
            {
                "plan.yaml": PLAN,
                "1-o/orientation.yaml": "id: 1\ntitre: O\n",
                "1-o/1.1-objectif.yaml": objective([], initial_due, initial_lead),
            },
        )
        for entry in shuffled:  # each one through update, back-dated as it comes
            fields = {k: v for k, v in entry.items() if k != "date"}
            try:
                update_action(
                    Project.at(built), "1.1.1", Update(entry["date"], **fields), today=TODAY
                )
            except (PlanInvalidError, DoneBelowFullError):
                reject()  # an order whose intermediate plan is invalid (done, then 40 %)
            except NothingNewError:
                reject()  # an entry that changes nothing on its date, in this order
        expected = find(Project.at(whole).load(), "1.1.1")
        got = find(Project.at(built).load(), "1.1.1")
        assert [e.model_dump() for e in got.journal] == [e.model_dump() for e in expected.journal]
        assert got.model_dump() == expected.model_dump()


def test_a_measurement_of_an_unknown_indicator_is_located_with_a_hint(plan_with):
    folder = plan_with(
        {
            A: MEASURED.replace(
                "          Visites mensuelles: 800\n", "          Visites mensuels: 800\n"
            )
        }
    )
    problems = [
        p.format(str(p.path.relative_to(folder))) for p in Project.at(folder).read().problems
    ]
    assert problems == [
        f"{A}:20:11: indicateur « Visites mensuels » inconnu pour l’action 1.2.1 (vouliez-vous "
        "dire « Visites mensuelles » ?) ; indicateurs de l’action : « Visites mensuelles »"
    ]


def test_a_plan_with_a_linked_folder_is_always_read_whole(small_plan, tmp_path):
    (small_plan / "2-agir").rename(small_plan / "_partage")
    (small_plan / "2-agir").symlink_to("_partage")
    project = Project.at(small_plan, cache_dir=tmp_path / "cache")
    update_action(project, "1.2.1", Update(D(2020, 3, 1), note="a"), today=TODAY)
    other = small_plan / "_partage/2.1-partager.yaml"
    other.write_text(
        other.read_text(encoding="utf-8").replace("poids: 2", "poids: 0"), encoding="utf-8"
    )
    with pytest.raises(PlanInvalidError):  # the change behind the link is seen
        update_action(project, "1.2.1", Update(D(2020, 3, 2), note="b"), today=TODAY)


def test_finishing_an_action_with_progress_sets_it_to_100(small_plan):
    update_action(
        Project.at(small_plan), "1.1.2", Update(D(2020, 3, 2), Statut.REALISEE), today=TODAY
    )
    action = Project.at(small_plan).load().orientations[0].objectifs[0].actions[1]
    assert (action.statut, action.avancement) == (Statut.REALISEE, 100)
    assert action.journal[-1].avancement == 100


def test_dry_run_writes_nothing(small_plan):
    before = (small_plan / A).read_bytes()
    done = update_action(
        Project.at(small_plan),
        "1.2.1",
        Update(D(2020, 3, 1), Statut.EN_COURS),
        dry_run=True,
        today=TODAY,
    )
    assert (small_plan / A).read_bytes() == before
    assert "+    statut: en_cours\n" in done.edit.diff()


def test_a_batch_of_updates_is_written_whole_or_not_at_all(small_plan):
    import datetime as dt

    from tdsplan.journal import BatchRefusedError, Update, update_actions
    from tdsplan.project import Project
    from tdsplan.vocabulary import Statut

    project = Project.at(small_plan)
    path = small_plan / "1-comprendre" / "1.1-definition.yaml"
    before = path.read_bytes()
    today = dt.date(2020, 3, 1)
    changes = [
        ("1.1.2", Update(dt.date(2020, 2, 1), avancement=60)),
        ("1.1.2", Update(dt.date(2020, 1, 20), note="Entre deux")),
        ("1.2.1", Update(dt.date(2020, 2, 2), statut=Statut.REALISEE, avancement=50)),
    ]
    with pytest.raises(BatchRefusedError) as refused:
        update_actions(project, changes, today=today)
    assert refused.value.index == 2
    assert "pour une action réalisée" in refused.value.error.problems[0].message
    assert path.read_bytes() == before
    done, edits = update_actions(project, changes[:2], today=today)
    assert [e.path for e in edits] == [path]
    assert [(d.number, d.backdated) for d in done] == [(2, False), (2, True)]
    text = path.read_text("utf-8")
    assert text.endswith(
        "      - date: 2020-01-10\n        statut: en_cours\n"
        "        avancement: 40\n      - date: 2020-01-20\n"
        "        note: Entre deux\n      - date: 2020-02-01\n"
        "        avancement: 60\n"
    )
    assert "    avancement: 60\n" in text


BATCH = [
    ("1.1.2", Update(D(2020, 2, 1), note="Charte relue")),
    ("1.2.1", Update(D(2020, 2, 2), note="Devis reçus")),
    ("1.1.2", Update(D(2020, 2, 3), avancement=60)),
    ("2.1.1", Update(D(2020, 2, 4), note="Troisième formation")),
]
FILES = ["1-comprendre/1.1-definition.yaml", A, "2-agir/2.1-partager.yaml"]


def test_a_batch_parses_each_file_once_and_writes_it_once(small_plan, monkeypatch):
    import os

    from tdsplan import files, journal
    from tdsplan.journal import update_actions

    parsed, renamed = [], []
    real_parse, real_replace = journal.parse_document, os.replace

    def counting_parse(path, text, **options):
        parsed.append(path)
        return real_parse(path, text, **options)

    def counting_replace(source, target):
        renamed.append(Path(target))
        real_replace(source, target)

    monkeypatch.setattr(journal, "parse_document", counting_parse)
    monkeypatch.setattr(files.os, "replace", counting_replace)
    done, edits = update_actions(Project.at(small_plan), BATCH, today=D(2020, 3, 1))
    paths = [small_plan / name for name in FILES]
    assert parsed == paths and [e.path for e in edits] == paths
    assert [p for p in renamed if p.suffix == ".yaml"] == paths
    assert [(d.action.id, d.number, d.before[1], d.after[1]) for d in done] == [
        ("1.1.2", 2, 40, 60),
        ("1.2.1", 1, None, None),
        ("1.1.2", 3, 40, 60),
        ("2.1.1", 2, None, None),
    ]
    assert (
        (small_plan / FILES[0])
        .read_text("utf-8")
        .endswith(
            "      - date: 2020-02-01\n        note: Charte relue\n"
            "      - date: 2020-02-03\n        avancement: 60\n"
        )
    )
    assert not (small_plan / ".tdsplan-batch.json").exists()


def test_a_batch_with_a_read_only_file_writes_none(small_plan):
    from tdsplan.journal import update_actions

    before = {name: (small_plan / name).read_bytes() for name in FILES}
    (small_plan / FILES[2]).chmod(0o444)
    with pytest.raises(ChangeRefusedError) as refused:
        update_actions(Project.at(small_plan), BATCH, today=D(2020, 3, 1))
    assert str(refused.value).startswith(f"{small_plan / FILES[2]} est en lecture seule : ")
    assert {name: (small_plan / name).read_bytes() for name in FILES} == before
    assert not (small_plan / ".tdsplan-batch.json").exists()


def test_a_batch_past_the_file_size_cap_writes_none(small_plan):
    from tdsplan.journal import BatchRefusedError, update_actions
    from tdsplan.yamlio import MAX_FILE_BYTES

    path = small_plan / FILES[2]
    text = path.read_text("utf-8")
    path.write_text("#" * (MAX_FILE_BYTES - len(text.encode()) - 30) + "\n" + text, "utf-8")
    before = {name: (small_plan / name).read_bytes() for name in FILES}
    with pytest.raises(BatchRefusedError) as refused:
        update_actions(Project.at(small_plan), BATCH, today=D(2020, 3, 1))
    assert refused.value.index == 3
    assert str(refused.value.error).startswith(f"{path} : la modification porterait le fichier")
    assert {name: (small_plan / name).read_bytes() for name in FILES} == before


KILL_MID_BATCH = """
import datetime as dt, os, signal, sys
from pathlib import Path
from tdsplan.journal import Update, update_actions
from tdsplan.project import Project

real_replace = os.replace

def replace_then_die(source, target):
    real_replace(source, target)
    if str(target).endswith(".yaml"):  # the first plan file renamed: killed right there
        os.kill(os.getpid(), signal.SIGKILL)

os.replace = replace_then_die
changes = [("1.1.2", Update(dt.date(2020, 2, 1), note="Charte relue")),
           ("1.2.1", Update(dt.date(2020, 2, 2), note="Devis reçus")),
           ("2.1.1", Update(dt.date(2020, 2, 4), note="Troisième formation"))]
update_actions(Project.at(Path(sys.argv[1])), changes, today=dt.date(2020, 3, 1))
"""


def test_a_batch_finds_an_action_the_file_moved_since_the_plan_was_read(small_plan, tmp_path):
    """Each file's parse keeps the positions of the actions to change, where the plan
    read them; an action found elsewhere in the file has its file parsed again whole."""
    from tdsplan import journal
    from tdsplan.journal import update_actions

    path = small_plan / FILES[0]
    stale = Project.at(small_plan).load()  # 1.1.2 second in its file
    text = path.read_text("utf-8")
    head, first, second = re.split(r"(?=  - id: 1\.1\.[12]\n)", text)
    path.write_text(head + second + first, "utf-8")  # now first
    fresh = write_tree(tmp_path / "autre", {**SMALL_PLAN, FILES[0]: head + second + first})
    change = [("1.1.2", Update(D(2020, 2, 1), note="Charte relue"))]
    parsed = []
    real = journal.parse_document

    def counting(file, source, **options):
        parsed.append(options.get("actions"))
        return real(file, source, **options)

    journal.parse_document = counting
    try:
        update_actions(Project.at(small_plan), change, today=TODAY, plan=stale)
    finally:
        journal.parse_document = real
    assert parsed == [frozenset({1}), None]
    update_actions(Project.at(fresh), change, today=TODAY)
    assert path.read_bytes() == (fresh / FILES[0]).read_bytes()
    assert "Charte relue" in path.read_text("utf-8")


@pytest.mark.slow  # runs a process
def test_kill_9_mid_batch_leaves_each_file_whole_and_the_next_edit_reports_it(small_plan):
    import signal
    import sys

    from tdsplan.edit import Interrupted, InterruptedBatchError, interrupted_batch

    before = {name: (small_plan / name).read_bytes() for name in FILES}
    worker = subprocess.run([sys.executable, "-c", KILL_MID_BATCH, str(small_plan)])
    assert worker.returncode == -signal.SIGKILL
    project = Project.at(small_plan)
    plan = project.load()  # every file whole: the old text or the new one
    assert plan.orientations[0].objectifs[0].actions[1].journal[-1].note == "Charte relue"
    assert [(small_plan / name).read_bytes() == before[name] for name in FILES] == [
        False,
        True,
        True,
    ]
    record = small_plan / ".tdsplan-batch.json"
    assert interrupted_batch(project) == Interrupted(
        record, (small_plan / FILES[0],), (small_plan / FILES[1], small_plan / FILES[2])
    )
    with pytest.raises(InterruptedBatchError) as refused:
        update_action(project, "1.2.1", Update(D(2020, 3, 1), note="après"), today=TODAY)
    assert str(refused.value) == (
        f"l’import précédent a été interrompu : fichiers écrits : {small_plan / FILES[0]} ; "
        f"non écrits : {small_plan / FILES[1]}, {small_plan / FILES[2]} ; chaque fichier est "
        f"entier, mais le lot ne l’est pas : supprimez {record} puis relancez le même import "
        "(les lignes déjà inscrites sont passées)"
    )
    assert (small_plan / FILES[1]).read_bytes() == before[FILES[1]]
    record.unlink()
    update_action(project, "1.2.1", Update(D(2020, 3, 1), note="après"), today=TODAY)
    # The temporary file the kill left beside 1.2 was swept by the next edit of it (the
    # lock the killed process held on 1.1 stays, git-ignored, and blocks nobody).
    assert [p.name for p in (small_plan / A).parent.iterdir() if p.name.startswith(".")] == [
        ".1.1-definition.yaml.lock"
    ]
