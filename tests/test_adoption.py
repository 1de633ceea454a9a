"""adoption: the records of which body adopted which bilan, and what changed since."""

from __future__ import annotations

import datetime as dt

from tdsplan import adoption
from tdsplan.adoption import Adoption
from tdsplan.project import Project

from .conftest import write_tree

D = dt.date


def test_records_are_read_by_date_and_checked(small_plan):
    write_tree(
        small_plan,
        {
            "bilans/adoptions.yaml": (
                "# Adoptions\n"
                "- bilan: 2020-2021\n  date: 2021-06-10\n  par: assemblée générale\n"
                "- bilan: 2019-2020\n  date: 2020-06-15\n  resolution: CA-2020-06\n"
            )
        },
    )
    project = Project.at(small_plan)
    assert adoption.records(project, project.load()) == [
        Adoption("2019-2020", D(2020, 6, 15), None, "CA-2020-06"),
        Adoption("2020-2021", D(2021, 6, 10), "assemblée générale"),
    ]
    assert [a.body for a in adoption.records(project)] == [
        "le conseil d’administration",
        "assemblée générale",
    ]


def test_bad_records_are_located(small_plan):
    write_tree(
        small_plan,
        {
            "bilans/adoptions.yaml": (
                "- bilan: 2030-2031\n  date: 2020-06-15\n"
                "- bilan: 2019-2020\n  date: 2020-03-01\n  vote: 12\n"
                "- bilan: 2020-2021\n  date: juin\n"
            )
        },
    )
    project = Project.at(small_plan)
    assert [p.format("a.yaml") for p in adoption.problems(project, project.load())] == [
        "a.yaml:1:10: bilan « 2030-2031 » inconnu ; bilans du plan : 2019-2020, 2020-2021, "
        "2021-2022, 2019-2021",
        "a.yaml:4:9: le bilan 2019-2020 ne peut être adopté avant la fin de sa période "
        "(2020-03-31)",
        "a.yaml:5:3: clé « vote » inconnue ; clés permises : bilan, date, par, resolution",
        "a.yaml:7:9: date d’adoption manquante ou invalide : AAAA-MM-JJ",
    ]


def test_recording_keeps_the_file_and_replaces_a_second_adoption(small_plan):
    project = Project.at(small_plan)
    plan = project.load()
    edit = adoption.recorded(project, plan, Adoption("2019-2020", D(2020, 6, 15)))
    assert edit.after == (
        "# Adoptions des bilans (tdsplan adopt) : bilan, date, instance, résolution.\n"
        "- bilan: 2019-2020\n  date: 2020-06-15\n"
    )
    write_tree(
        small_plan,
        {"bilans/adoptions.yaml": "# à nous\r\n- bilan: 2020-2021\r\n  date: 2021-06-01\r\n"},
    )
    edit = adoption.recorded(project, plan, Adoption("2019-2020", D(2020, 6, 15), "AG", "R-1"))
    assert edit.after == (
        "# à nous\r\n- bilan: 2020-2021\r\n  date: 2021-06-01\r\n"
        "- bilan: 2019-2020\r\n  date: 2020-06-15\r\n  par: AG\r\n  resolution: R-1\r\n"
    )
    # A second adoption of the same report takes the place of the first, bytes around kept.
    write_tree(small_plan, {"bilans/adoptions.yaml": edit.after})
    edit = adoption.recorded(project, plan, Adoption("2020-2021", D(2021, 6, 2)))
    assert edit.after == (
        "# à nous\r\n- bilan: 2020-2021\r\n  date: 2021-06-02\r\n"
        "- bilan: 2019-2020\r\n  date: 2020-06-15\r\n  par: AG\r\n  resolution: R-1\r\n"
    )


def test_a_date_falls_in_the_adopted_year_before_the_final_bilan(small_plan):
    plan = Project.at(small_plan).load()
    year = Adoption("2019-2020", D(2020, 6, 15))
    final = Adoption("2019-2021", D(2021, 6, 15))
    assert adoption.adopted_on([final, year], plan, D(2019, 5, 1)) == year
    assert adoption.adopted_on([final, year], plan, D(2020, 5, 1)) == final
    assert adoption.adopted_on([year], plan, D(2020, 5, 1)) is None
