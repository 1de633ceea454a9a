"""Any plan that ``validate`` accepts renders: status, show, report (every format), export;
and every reader agrees with ``validate`` on every journal date.

Plans are drawn at random with values at the edges of what the models accept (tiny and
huge numbers, first and last years, any day of the year, texts with markup and accents),
written as YAML the way a person would, then read back. A plan that is refused is not
this test's business (the hostile corpus covers refusals); a plan that is accepted must
go through every view without an exception and with exit code 0.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, event, given, settings, strategies as st

from tdsplan.store import read_plan
from tdsplan.vocabulary import Statut
from tdsplan.yamlwrite import format_scalar

from .conftest import TODAY, Cli, write_tree

#: Any printable text (control and direction characters are refused: the corpus covers them).
TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf")),
    min_size=1,
    max_size=30,
) | st.sampled_from(
    [
        "[bold]x[/]",
        "*gras* _x_ | a | b",
        "<script>alert(1)</script>",
        "#2 en ligne",
        "1.10",
        "017",
        "Élan « québécois » – été",
        "\\",
        "$x$ #set page(width: 1pt)",
        "x" * 400,
    ]
)
#: Numbers at the edges of what the models accept, and a few beyond.
NUMBER = (
    st.floats(-1e12, 1e12)
    | st.integers(-(10**12), 10**12)
    | st.sampled_from([1e-300, 5e-324, 1e12, -1e12, 0.1, 999.999, 1000, float("inf")])
)
WEIGHT = st.floats(5e-324, 1000) | st.sampled_from([5e-324, 1e-300, 1000, 999.999])
DATE = st.dates(dt.date(1900, 1, 1), dt.date(3000, 12, 31))


def scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return format_scalar(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def emit(data, indent: int = 0) -> list[str]:
    """``data`` as block-style YAML lines, the way the plan's files are written."""
    pad = " " * indent
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines += [f"{pad}{key}:", *emit(value, indent + 2)]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{pad}{key}:")
            for item in value:
                inner = emit(item, indent + 4)
                lines += [f"{pad}  - {inner[0].lstrip()}", *inner[1:]]
        elif isinstance(value, list):
            lines.append(f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]")
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines


@st.composite
def journal(draw, years: tuple[int, int], around_today: bool = False):
    """Entries dated around the plan's period (``years``, as plan.yaml writes it): mostly
    within, sometimes before its start (refused) or after its end (accepted, warned); with
    ``around_today``, around the test clock's today too (after it: refused)."""
    around = st.dates(dt.date(years[0] - 1, 1, 1), dt.date(min(years[1] + 1, 9999), 12, 31))
    if around_today:
        around |= st.dates(TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=30))
    entries = []
    for date in sorted(draw(st.lists(around, max_size=4))):
        entry = {"date": date}
        if draw(st.booleans()):
            entry["statut"] = draw(st.sampled_from(list(Statut))).value
        if draw(st.booleans()):
            entry["avancement"] = draw(st.integers(0, 100))
        if draw(st.booleans()):
            entry["note"] = draw(TEXT)
        entries.append(entry)
    return entries


@st.composite
def action(
    draw,
    identifier: str,
    territories: list[str],
    years: tuple[int, int],
    around_today: bool = False,
):
    data = {
        "id": identifier,
        "titre": draw(TEXT),
        "statut": draw(st.sampled_from(list(Statut))).value,
    }
    optional = {
        "avancement": st.integers(0, 100),
        "poids": WEIGHT,
        "porteur": TEXT,
        "partenaires": st.lists(TEXT, max_size=3),
        "territoires": st.lists(st.sampled_from(territories), max_size=3, unique=True)
        if territories
        else st.just([]),
        "mandats": st.lists(st.integers(1, 2), max_size=2, unique=True),
        "debut": DATE,
        "echeance": DATE,  # before "debut" half of the time: refused, as it should be
        "indicateurs": st.lists(
            st.fixed_dictionaries(
                {"nom": TEXT}, optional={"cible": NUMBER, "reel": NUMBER, "unite": TEXT}
            ),
            max_size=2,
        ),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    entries = draw(journal(years, around_today))
    # The action's status and progress are those its journal last records (a rule of
    # tdsplan.checks); drawing them apart would only give refused plans.
    for entry in entries:
        if "statut" in entry:
            data["statut"] = entry["statut"]
        if "avancement" in entry:
            data["avancement"] = entry["avancement"]
    if data["statut"] == Statut.REALISEE.value and "avancement" in data:
        data["avancement"] = 100
        for entry in entries:
            entry.pop("avancement", None)
        if entries:
            entries[-1]["avancement"] = 100
    data["journal"] = entries
    return data


@st.composite
def plans(draw, around_today: bool = False) -> dict[str, str]:
    """A plan's files; ``around_today``: often a period that holds the test clock's today,
    and journal dates drawn around it too."""
    start = draw(st.integers(1900, 2998))
    if around_today and draw(st.booleans()):
        start = draw(st.integers(TODAY.year - 3, TODAY.year))
    end = draw(st.integers(start + 1, 2999))
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28) | st.integers(29, 31))
    info = {
        "titre": draw(TEXT),
        "organisation": draw(TEXT),
        "periode": {"debut": start, "fin": end},
        "debut_exercice": f"{month:02}-{day:02}",
        "mission": {"texte": draw(TEXT)},
        "mandats": [{"id": 1, "texte": "Veiller"}, {"id": 2, "texte": "Réunir"}],
    }
    territories = draw(
        st.lists(
            st.sampled_from(["joliette", "les_moulins", "t1", "quartier_2"]),
            max_size=3,
            unique=True,
        )
    )
    if territories:
        info["territoires"] = [{"id": t, "nom": draw(TEXT)} for t in territories]
    files = {"plan.yaml": "\n".join(emit(info)) + "\n"}
    for o in range(1, draw(st.integers(1, 2)) + 1):
        files[f"{o}-o/orientation.yaml"] = f"id: {o}\ntitre: {scalar(draw(TEXT))}\n"
        for b in range(1, draw(st.integers(1, 2)) + 1):
            actions = [
                draw(action(f"{o}.{b}.{a}", territories, (start, end), around_today))
                for a in range(1, draw(st.integers(0, 3)) + 1)
            ]
            body = {"id": f"{o}.{b}", "titre": draw(TEXT)}
            text = "\n".join(emit(body)) + "\n"
            text += (
                "actions:\n" + "\n".join(emit({"actions": actions})[1:]) + "\n"
                if actions
                else "actions: []\n"
            )
            files[f"{o}-o/{o}.{b}-b.yaml"] = text
    return files


#: Dates asked on the command line: mostly around the plan's years, sometimes absurd.
ARGUMENT_DATE = st.dates(dt.date(1800, 1, 1), dt.date(3999, 12, 31)) | st.sampled_from(
    [dt.date.min, dt.date.max, dt.date(1799, 12, 31), dt.date(4000, 1, 1)]
)


@pytest.mark.slow
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
@given(files=plans(), as_of=ARGUMENT_DATE, pdf=st.integers(0, 7))
def test_any_plan_validate_accepts_renders_everywhere(
    tmp_path_factory, monkeypatch, files, as_of, pdf
):
    folder = write_tree(tmp_path_factory.mktemp("plan") / "plan", files)
    loaded = read_plan(folder, today=TODAY)  # the clock of Cli
    assume(not loaded.problems)
    cli = Cli(monkeypatch)
    out = folder.parent / "sortie"
    runs = [
        ["validate"],
        ["status"],
        ["status", "--all"],
        ["status", "--json"],
        ["status", "--as-of", as_of.isoformat()],
        ["report", "--period", "-f", "md", "-f", "html", "-o", out],
        ["report", "-o", out],
        ["report", "--as-of", as_of.isoformat(), "-o", out],
        ["export"],
        ["export", "--format", "csv"],
        ["log"],
    ]
    runs += [["show", element] for element in _ids(loaded.plan)]
    if pdf == 0:  # Typst is slow: one plan in eight
        runs.append(["report", "--period", "-f", "pdf", "-o", out])
    for args in runs:
        result = cli("--plan", folder, *args)  # an exception fails the test here
        assert result.exit_code in (0, 2), (args, result.stderr)
        if result.exit_code == 2:  # only a date outside the calendar the plan can speak of
            assert as_of.isoformat() in args and "tdsplan : erreur : " in result.stderr, (
                args,
                result.stderr,
            )


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
@given(files=plans(around_today=True))
def test_every_reader_agrees_with_validate_on_every_journal_date(
    tmp_path_factory, monkeypatch, files
):
    """A plan valid but for its journal dates: what ``validate`` says of them (an entry
    after today refused, before the plan refused, after it warned), every reader says:
    the same refusal, exit 1, or a success."""
    folder = write_tree(tmp_path_factory.mktemp("plan") / "plan", files)
    # Valid but for its journal dates (each problem of the date rule starts « date »);
    # without today, the future is not checked.
    assume(all(p.message.startswith("date ") for p in read_plan(folder).problems))
    cli = Cli(monkeypatch)
    verdict = cli("--plan", folder, "validate")
    assert verdict.exit_code in (0, 1), verdict.stderr
    event(f"validate exits {verdict.exit_code}")
    readers = [
        ["status"],
        ["report", "-f", "md", "-o", folder.parent / "r.md"],
        ["log"],
        ["export", "-f", "json"],
        *(["show", element] for element in _declared(files)),
    ]
    for args in readers:
        result = cli("--plan", folder, *args)
        if verdict.exit_code == 1:
            assert (result.exit_code, result.stdout, result.stderr) == (
                1,
                "",
                verdict.stderr,
            ), args
        else:
            assert result.exit_code == 0, (args, result.stderr)


def _declared(files: dict[str, str]) -> list[str]:
    """The IDs the orientation and objective files declare, in the order written."""
    import re

    return [
        found[1]
        for name, text in files.items()
        if name != "plan.yaml"
        for found in re.finditer(r'^\s*(?:- )?id: "?([0-9.]+)"?$', text, re.MULTILINE)
    ]


def _ids(plan) -> list[str]:
    found = []
    for orientation in plan.orientations:
        found.append(orientation.id)
        for objectif in orientation.objectifs:
            found += [objectif.id, *(a.id for a in objectif.actions)]
    return found


def test_the_strategy_reaches_valid_plans(tmp_path):
    """The property above is not vacuous: drawn plans are often valid."""
    valid = 0
    for index, files in enumerate(_examples(20)):
        folder = write_tree(tmp_path / str(index), files)
        valid += not read_plan(folder).problems
    assert valid >= 5


def _examples(count: int) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []

    @settings(max_examples=count, database=None, derandomize=True)
    @given(plans())
    def collect(files):
        found.append(files)

    collect()
    return found
