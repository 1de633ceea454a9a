"""The repository's plans (tdsplan.toml), closed plans and carry-over links, in the core."""

from __future__ import annotations

import datetime as dt

import pytest

from tdsplan.carryover import carry_over, link_problems
from tdsplan.errors import PlanNotFoundError, Problem, RootFileError, UsageError
from tdsplan.fiscal import fiscal_year
from tdsplan.models import Statut
from tdsplan.project import Project
from tdsplan.report import ReportPeriod, build_report
from tdsplan.repository import PlanClosedError, Repository, add_plan, mentions
from tdsplan.scaffold import new_plan

from .conftest import REPO, SMALL_PLAN, write_tree

D = dt.date


@pytest.fixture
def repo(tmp_path):
    """plan/ (2019-2021) carried over into plan-2021-2023/, as ``init --from`` does."""
    write_tree(tmp_path / "plan", SMALL_PLAN)
    new_plan(tmp_path / "plan-2021-2023", D(2021, 5, 1), source=Project.at(tmp_path / "plan"))
    file, repository = add_plan(
        tmp_path / "plan-2021-2023", Repository.find(tmp_path / "plan"), D(2021, 5, 1)
    )
    assert file == tmp_path / "tdsplan.toml"
    return repository


def test_without_root_file_the_plan_found_is_the_only_plan(small_plan):
    repository = Repository.find(small_plan / "1-comprendre")
    assert repository.file is None
    assert [r.folder for r in repository.plans] == [small_plan.resolve()]
    assert repository.select(None, small_plan.parent) == repository.current


def test_root_file_lists_the_plans_and_names_the_current_one(repo, tmp_path):
    assert [(r.name, r.period) for r in repo.plans] == [
        ("plan", "2019-2021"),
        ("plan-2021-2023", "2021-2023"),
    ]
    assert repo.current.name == "plan-2021-2023"
    found = Repository.find(tmp_path / "plan" / "2-agir")
    assert found.file == tmp_path / "tdsplan.toml"
    assert found.select(None, tmp_path).name == "plan-2021-2023"  # the current plan
    assert found.select(None, tmp_path / "plan" / "2-agir").name == "plan"  # the one we are in
    assert found.select("2019-2021", tmp_path).name == "plan"
    assert found.select("plan", tmp_path).name == "plan"
    with pytest.raises(UsageError, match="aucun plan de la période 2024-2029"):
        found.select("2024-2029", tmp_path)
    with pytest.raises(PlanNotFoundError):
        found.select("ailleurs", tmp_path)


def test_current_defaults_to_the_last_plan(repo, tmp_path):
    (tmp_path / "tdsplan.toml").write_text('plans = ["plan-2021-2023", "plan"]\n', encoding="utf-8")
    assert Repository.find(tmp_path).current.name == "plan"


@pytest.mark.parametrize(
    "text, expected",
    [
        ('plans = "plan"\n', [(1, "« plans » doit être une liste de dossiers")]),
        ('plans = ["plan", "plan"]\n', [(1, "plan « plan » en double")]),
        ('plans = ["plan"]\ncourant = 2\n', [(2, "« courant » doit être le nom d’un dossier")]),
        ("plans = ['plan']\n[x\n", [(2, "syntaxe TOML invalide")]),
        (b"plans = ['\xe9']\n", [(1, "octet 0xE9 invalide en UTF-8")]),
    ],
)
def test_root_file_problems_are_located(repo, tmp_path, text, expected):
    file = tmp_path / "tdsplan.toml"
    if isinstance(text, bytes):
        file.write_bytes(text)
    else:
        file.write_text(text, encoding="utf-8")
    with pytest.raises(RootFileError) as raised:
        Repository.find(tmp_path)
    assert [(p.path, p.line) for p in raised.value.problems] == [(file, n) for n, _m in expected]
    for problem, (_line, start) in zip(raised.value.problems, expected, strict=True):
        assert problem.message.startswith(start)


def test_a_plan_is_closed_once_its_period_is_over_and_a_later_plan_follows(repo):
    old, new = repo.plans
    assert repo.closed(old, D(2021, 3, 31)) is None  # its last day
    assert repo.closed(old, D(2021, 4, 1)) == new
    assert repo.closed(new, D(2030, 1, 1)) is None  # no successor
    with pytest.raises(
        PlanClosedError,
        match="le plan 2019-2021 \\(plan\\) est clos : sa "
        "période s’est terminée le 2021-03-31 et le plan 2021-2023",
    ):
        repo.check_open(old, D(2021, 4, 1))
    assert [(m.name, m.current, m.closed, m.shown) for m in mentions(repo, old, D(2022, 1, 1))] == [
        ("plan", False, True, True),
        ("plan-2021-2023", True, False, False),
    ]


def test_carry_over_links_both_ways(repo):
    old, new = repo.plans
    old_plan, new_plan_ = Project.at(old.folder).load(), Project.at(new.folder).load()
    assert carry_over(repo, old, old_plan).into == {
        "1.1.2": "2021-2023/1.1.2",
        "1.2.1": "2021-2023/1.2.1",
        "2.1.1": "2021-2023/2.1.1",
    }
    assert carry_over(repo, old, old_plan).origins == {}
    links = carry_over(repo, new, new_plan_)
    assert links.into == {} and links.origins["1.2.1"] == "2019-2021/1.2.1"


def test_a_link_to_a_missing_action_is_a_located_problem(repo):
    old, new = repo.plans
    file = new.folder / "1-comprendre" / "1.2-outils.yaml"
    file.write_text(
        file.read_text("utf-8").replace("2019-2021/1.2.1", "2019-2021/1.2.7"), encoding="utf-8"
    )
    plans = {new.folder: Project.at(new.folder).load()}  # the old plan is read as needed
    [problem] = link_problems(repo, plans)
    assert (problem.path, problem.line, problem.column) == (file, 12, 17)
    assert (
        problem.message == "reprise de 2019-2021 / 1.2.7 : le plan 2019-2021 n’a pas d’action 1.2.7"
    )
    # a link to a plan that is not in the repository is located too
    file.write_text(
        file.read_text("utf-8").replace("2019-2021/1.2.7", "2001-2005/1.2.7"), encoding="utf-8"
    )
    [problem] = link_problems(repo, {new.folder: Project.at(new.folder).load()})
    assert (problem.path, problem.line, problem.column) == (file, 12, 17)
    assert problem.message == (
        "reprise de 2001-2005 / 1.2.7 : aucun plan de la période 2001-2005 dans ce dépôt ; "
        "plans : 2019-2021 (plan) ou 2021-2023 (plan-2021-2023)"
    )


def test_the_reading_of_a_plan_with_its_earlier_plans_finds_a_link_that_leads_nowhere(repo):
    """What edits validate: the plan read with the earlier plans its links name (as
    every command reads it) has the problem of a link to a missing action, placed where
    the link stands in the file, or in the text an edit would write."""
    old, new = repo.plans
    project = repo.project(new)
    assert project.read().problems == []
    file = new.folder / "1-comprendre" / "1.2-outils.yaml"
    text = file.read_text("utf-8").replace("2019-2021/1.2.1", "2019-2021/1.2.7")
    [problem] = project.read({file: "# une ligne de plus\n" + text}).problems
    assert (problem.path, problem.line, problem.column) == (file, 13, 17)
    assert problem.message == (
        "reprise de 2019-2021 / 1.2.7 : le plan 2019-2021 n’a pas d’action 1.2.7"
    )
    file.write_text(text, encoding="utf-8")
    assert project.read().problems == [Problem(file, 12, 17, problem.message)]
    assert project.read(only="1.2.1").problems == [Problem(file, 12, 17, problem.message)]
    assert Project.at(new.folder).read().problems == []  # alone, it cannot tell


def test_report_data_says_where_actions_went_and_what_was_inherited(repo):
    old, new = repo.plans
    old_plan = Project.at(old.folder).load()
    bilan = build_report(
        old_plan,
        ReportPeriod("periode", D(2019, 4, 1), D(2021, 3, 31)),
        links=carry_over(repo, old, old_plan),
    )
    assert [line.action.id for line in bilan.carried_over] == ["1.1.2", "1.2.1"]
    assert [line.action.id for line in bilan.permanent] == ["2.1.1"]  # « En continu »
    assert bilan.carried_into == {
        "1.1.2": "2021-2023/1.1.2",
        "1.2.1": "2021-2023/1.2.1",
        "2.1.1": "2021-2023/2.1.1",
    }
    assert bilan.inherited == []
    plan = Project.at(new.folder).load()
    first = build_report(
        plan, ReportPeriod("exercice", *fiscal_year(plan, 2021)), links=carry_over(repo, new, plan)
    )
    assert [(line.action.id, origin) for line, origin in first.inherited] == [
        ("1.1.2", "2019-2021/1.1.2"),
        ("1.2.1", "2019-2021/1.2.1"),
        ("2.1.1", "2019-2021/2.1.1"),
    ]
    assert first.changes == [] and first.started == []  # inheriting is no change
    second = build_report(
        plan, ReportPeriod("exercice", *fiscal_year(plan, 2022)), links=carry_over(repo, new, plan)
    )
    assert second.inherited == [] and second.carried_into is None
    alone = build_report(old_plan, ReportPeriod("periode", D(2019, 4, 1), D(2021, 3, 31)))
    assert alone.carried_into is None and alone.plans == []  # a plan alone: as before


def test_the_demo_has_two_plans_linked():
    demo = Repository.find(REPO / "examples/demo")
    assert [(r.name, r.period) for r in demo.plans] == [
        ("plan", "2018-2023"),
        ("plan-2023-2028", "2023-2028"),
    ]
    assert demo.current.name == "plan-2023-2028"
    plans = {r.folder: Project.at(r.folder).load() for r in demo.plans}
    assert link_problems(demo, plans) == []
    new = plans[demo.current.folder]
    assert new.avertissement and all(a.reprise_de for _o, _ob, a in new.iter_actions())


def _two_plans(tmp_path, first: str, second: str) -> None:
    for folder, period in (("plan", first), ("plan-b", second)):
        start, end = period.split("-")
        write_tree(
            tmp_path / folder,
            {
                **SMALL_PLAN,
                "plan.yaml": SMALL_PLAN["plan.yaml"]
                .replace("debut: 2019", f"debut: {start}")
                .replace("fin: 2021", f"fin: {end}"),
            },
        )
    (tmp_path / "tdsplan.toml").write_text(
        'plans = [\n  "plan",\n  "plan-b",\n]\n', encoding="utf-8"
    )


@pytest.mark.parametrize(
    "first, second",
    [("2019-2021", "2019-2021"), ("2019-2022", "2021-2024"), ("2019-2024", "2020-2021")],
)
def test_two_plans_of_one_repository_cannot_share_a_fiscal_year(tmp_path, first, second):
    _two_plans(tmp_path, first, second)
    with pytest.raises(RootFileError) as raised:
        Repository.find(tmp_path)
    assert [p.format() for p in raised.value.problems] == [
        f"{tmp_path / 'tdsplan.toml'}:3: la période {second} du plan « plan-b » chevauche "
        f"celle du plan « plan » ({first}) : les plans d’un dépôt se suivent"
    ]


def test_plans_that_follow_each_other_are_accepted(tmp_path):
    _two_plans(tmp_path, "2019-2021", "2021-2023")
    assert [r.period for r in Repository.find(tmp_path).plans] == ["2019-2021", "2021-2023"]


def test_a_plan_folder_outside_the_repository_is_refused(tmp_path):
    write_tree(tmp_path / "ailleurs" / "plan", SMALL_PLAN)
    repository = tmp_path / "depot"
    write_tree(repository / "plan", SMALL_PLAN)
    (repository / "lien").symlink_to(tmp_path / "ailleurs" / "plan")
    (repository / "tdsplan.toml").write_text(
        'plans = ["plan",\n  "../ailleurs/plan",\n  "lien"]\n', encoding="utf-8"
    )
    with pytest.raises(RootFileError) as raised:
        Repository.find(repository)
    assert [p.format() for p in raised.value.problems] == [
        f"{repository / 'tdsplan.toml'}:{line}: le dossier « {name} » est hors du dépôt : un "
        "plan se range sous le dossier de tdsplan.toml"
        for line, name in ((2, "../ailleurs/plan"), (3, "lien"))
    ]


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_root_file_that_is_not_a_regular_file_is_refused_unread(small_plan, kind):
    import os

    root_file = small_plan.parent / "tdsplan.toml"
    if kind == "fifo":
        os.mkfifo(root_file)  # read, it would wait for a writer forever
    else:
        root_file.mkdir()
    with pytest.raises(RootFileError) as raised:
        Repository.find(small_plan / "1-comprendre")
    assert [p.format() for p in raised.value.problems] == [
        f"{root_file}: tdsplan.toml n’est pas un fichier ordinaire (dossier, tube ou "
        "périphérique) : remplacez-le par le fichier qui liste les plans, ou retirez-le"
    ]


def test_check_output_resolves_links_before_comparing(repo, tmp_path):
    from tdsplan.repository import ProtectedPathError

    (tmp_path / "rapports").mkdir()
    (tmp_path / "rapports" / "lien").symlink_to(tmp_path / "plan-2021-2023")
    with pytest.raises(ProtectedPathError, match="c’est le dossier du plan « plan-2021-2023 »"):
        repo.check_output(tmp_path / "rapports" / "lien", folder=True)
    with pytest.raises(ProtectedPathError, match="dans le dossier du plan « plan-2021-2023 »"):
        repo.check_output(tmp_path / "rapports" / "lien" / "rapport.md")
    with pytest.raises(ProtectedPathError, match="contient le dossier du plan « plan »"):
        repo.check_output(tmp_path, folder=True)
    repo.check_output(tmp_path / "rapport.md")  # beside the plans: allowed
    repo.check_output(tmp_path / "public", folder=True)


def test_the_current_plan_is_the_one_whose_period_holds_today(repo, tmp_path):
    file = tmp_path / "tdsplan.toml"
    assert Repository.read(file, today=D(2021, 3, 31)).current.name == "plan"  # last day
    assert Repository.read(file, today=D(2021, 4, 1)).current.name == "plan-2021-2023"
    assert Repository.read(file, today=D(2018, 1, 1)).current.name == "plan"  # before both
    assert Repository.read(file, today=D(2030, 1, 1)).current.name == "plan-2021-2023"
    file.write_text(file.read_text("utf-8") + 'courant = "plan"\n', encoding="utf-8")
    assert Repository.read(file, today=D(2022, 1, 1)).current.name == "plan"  # it says so


def _journal(repo, folder: str, text: str) -> None:
    """Append ``text`` (journal entries) to action 1.1.2 of ``folder``."""
    file = repo.root / folder / "1-comprendre" / "1.1-definition.yaml"
    file.write_text(file.read_text("utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")


def test_a_carried_action_starts_from_the_old_action_on_the_old_plans_last_day(repo):
    from tdsplan.state import state_at

    old, new = repo.plans
    _journal(
        repo,
        "plan",
        "      - date: 2021-03-30\n        avancement: 55\n        porteur: Comité charte\n",
    )
    file = old.folder / "1-comprendre" / "1.1-definition.yaml"
    text = file.read_text("utf-8").replace(
        "    avancement: 40\n", "    avancement: 55\n    porteur: Comité charte\n", 1
    )
    file.write_text(text, encoding="utf-8")
    plan = repo.project(new).load()
    action = next(a for _o, _ob, a in plan.iter_actions() if a.id == "1.1.2")
    assert action.journal == []  # nothing written: the link is read at each load
    first = state_at(action, D(2021, 4, 1))
    assert (first.statut, first.avancement, first.echeance, first.porteur, first.en_retard) == (
        Statut.EN_COURS,
        55,
        D(2020, 1, 31),
        "Comité charte",
        True,
    )
    # the plan read on its own knows nothing of the old one
    alone = Project.at(new.folder).load()
    assert (
        state_at(
            next(a for _o, _ob, a in alone.iter_actions() if a.id == "1.1.2"), D(2021, 4, 1)
        ).statut
        is Statut.A_VENIR
    )


def test_indicator_values_are_inherited_with_the_day_they_were_measured(repo):
    from tdsplan.models import Mesure
    from tdsplan.state import state_at

    old, new = repo.plans
    for folder in (old.folder, new.folder):
        file = folder / "2-agir" / "2.1-partager.yaml"
        file.write_text(
            file.read_text("utf-8").replace(
                "    poids: 2\n",
                "    poids: 2\n    indicateurs:\n      - nom: Personnes formées\n"
                "        cible: 40\n",
                1,
            ),
            encoding="utf-8",
        )
    file = old.folder / "2-agir" / "2.1-partager.yaml"
    file.write_text(
        file.read_text("utf-8")
        .replace(
            "        statut: en_continu\n",
            "        statut: en_continu\n"
            "      - date: 2020-11-12\n        indicateurs:\n          Personnes formées: 18\n",
            1,
        )
        .replace("        cible: 40\n", "        cible: 40\n        reel: 18\n", 1),
        encoding="utf-8",
    )
    assert Project.at(old.folder).read().problems == []
    plan = repo.project(new).load()
    action = next(a for _o, _ob, a in plan.iter_actions() if a.id == "2.1.1")
    assert state_at(action, D(2021, 4, 1)).indicateurs == {
        "Personnes formées": Mesure(18, D(2020, 11, 12))
    }


def test_the_new_plans_first_report_shows_inherited_due_dates_and_lateness(repo):
    from tdsplan.state import plan_state

    old, new = repo.plans
    plan = repo.project(new).load()
    first = build_report(
        plan, ReportPeriod("exercice", *fiscal_year(plan, 2021)), links=carry_over(repo, new, plan)
    )
    assert first.rollup.en_retard == 1  # 1.1.2, due 2020-01-31, late on 2021-03-31 already
    assert plan_state(Project.at(old.folder).load(), D(2021, 3, 31)).action("1.1.2").en_retard
    assert first.changes == [] and first.started == []  # inheriting is no change


def test_a_carry_over_entry_written_by_an_older_init_is_still_no_change(repo):
    _journal(
        repo,
        "plan-2021-2023",
        "    journal:\n      - date: 2021-04-01\n"
        "        statut: en_cours\n        avancement: 40\n"
        "        note: Reprise du plan.\n"
        "        auteur: tdsplan init\n",
    )
    old, new = repo.plans
    file = new.folder / "1-comprendre" / "1.1-definition.yaml"
    file.write_text(
        file.read_text("utf-8").replace(
            "    reprise_de: 2019-2021/1.1.2\n",
            "    reprise_de: 2019-2021/1.1.2\n    statut: en_cours\n    avancement: 40\n",
        ),
        encoding="utf-8",
    )
    loaded = repo.project(new).read()
    assert loaded.problems == []
    plan = repo.project(new).load()
    first = build_report(
        plan, ReportPeriod("exercice", *fiscal_year(plan, 2021)), links=carry_over(repo, new, plan)
    )
    assert first.changes == [] and first.started == []
