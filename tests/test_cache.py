"""The parse cache: used while files are unchanged, never trusted over a changed file."""

from __future__ import annotations

import os
import pickle

import pytest

from tdsplan.project import Project
from tdsplan.store import ParseCache, read_plan
from tdsplan.yamlio import parse_document

from .conftest import REPO, SMALL_PLAN

A = "1-comprendre/1.2-outils.yaml"


@pytest.fixture
def cache(tmp_path, small_plan):
    return Project.at(small_plan, cache_dir=tmp_path / "cache").cache_file


def cached_entries(cache):
    with cache.open("rb") as stream:
        return pickle.load(stream)[1]


def test_cache_is_filled_then_used(small_plan, cache, monkeypatch):
    read_plan(small_plan, cache=cache)
    assert len(cached_entries(cache)) == len(SMALL_PLAN)
    import tdsplan.store

    def no_parsing(*args, **kwargs):
        raise AssertionError("a cached file was parsed again")

    monkeypatch.setattr(tdsplan.store, "read_document", no_parsing)
    assert len(list(read_plan(small_plan, cache=cache).plan.iter_actions())) == 5


@pytest.mark.parametrize("change", ["edit", "touch", "size"])
def test_a_changed_file_is_read_again(small_plan, cache, change):
    read_plan(small_plan, cache=cache)
    target = small_plan / A
    text = target.read_text(encoding="utf-8")
    if change == "edit":  # same size, new content
        target.write_text(text.replace("Refonte du site", "Refonte du SITE"), encoding="utf-8")
    elif change == "touch":
        stat = target.stat()
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    else:
        target.write_text(text + "# fin\n", encoding="utf-8")
    plan = read_plan(small_plan, cache=cache).plan
    titre = plan.orientations[0].objectifs[1].actions[0].titre
    assert titre == ("Refonte du SITE internet" if change == "edit" else
                     "Refonte du site internet")


def test_an_invalid_change_is_reported_with_its_position(small_plan, cache):
    read_plan(small_plan, cache=cache)
    target = small_plan / A
    target.write_text(target.read_text("utf-8").replace("journal: []", "statut: fini"), "utf-8")
    problems = read_plan(small_plan, cache=cache).problems
    assert [(p.line, p.column) for p in problems] == [(6, 13)]


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps(("autre", {}))])
def test_an_unreadable_cache_is_ignored(small_plan, cache, garbage):
    cache.parent.mkdir(parents=True)
    cache.write_bytes(garbage)
    assert len(list(read_plan(small_plan, cache=cache).plan.iter_actions())) == 5


def test_a_cache_from_another_version_is_ignored(small_plan, cache):
    read_plan(small_plan, cache=cache)
    version, entries = pickle.loads(cache.read_bytes())
    poisoned = {k: (stamp, {"id": "9"}) for k, (stamp, _) in entries.items()}
    cache.write_bytes(pickle.dumps(((ParseCache.FORMAT, "0.0.0-autre"), poisoned)))
    assert len(list(read_plan(small_plan, cache=cache).plan.iter_actions())) == 5


def test_an_unwritable_cache_does_not_fail_the_command(small_plan, tmp_path):
    blocked = tmp_path / "fichier"
    blocked.write_text("x")
    assert read_plan(small_plan, cache=blocked / "sous" / "cache.pickle").plan


def test_fast_and_round_trip_parsers_agree_on_every_plan_file():
    from tdsplan import yamlio

    files = [*REPO.glob("plan/**/*.yaml"), *REPO.glob("examples/demo/plan/**/*.yaml")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = yamlio._fast_build(path, text, True)
        slow = yamlio._build(path, text)
        assert fast is not None and not fast.problems and not slow.problems
        for field in ("data", "values", "keys", "spans", "key_starts", "flow"):
            assert getattr(fast.document, field) == getattr(slow.document, field), (path, field)
        assert parse_document(path, text, positions=False).data == fast.document.data


def test_fast_and_round_trip_parsers_agree_on_test_plans(small_plan):
    from tdsplan import yamlio

    from .test_edit import HAND_FORMATTED

    for name, text in {**SMALL_PLAN, "main": HAND_FORMATTED}.items():
        fast = yamlio._fast_build(small_plan / name, text, True)
        slow = yamlio._build(small_plan / name, text)
        assert fast.document.data == slow.document.data
        assert fast.document.spans == slow.document.spans


def test_read_plan_only_reads_the_branch_it_is_asked_for(small_plan):
    (small_plan / "2-agir" / "2.1-partager.yaml").write_text("id: [cassé\n", "utf-8")
    loaded = read_plan(small_plan, only="1.2.1")
    assert loaded.problems == [] and [a.id for _, _, a in loaded.plan.iter_actions()] == [
        "1.2.1"]
    assert read_plan(small_plan).problems  # the whole plan is invalid
