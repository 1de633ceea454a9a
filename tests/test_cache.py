"""The parse cache: used while files are unchanged, never trusted over a changed file."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys

import pytest

from tdsplan.cache import cache_file
from tdsplan.errors import PlanInvalidError
from tdsplan.project import Project
from tdsplan.store import read_plan
from tdsplan.yamlio import parse_document

from .conftest import OBJECTIF_1_2, REPO, SMALL_PLAN, rewrite_in_place

A = "1-comprendre/1.2-outils.yaml"


HOUR = 3600 * 10**9


def load_plan(folder, *, cache):
    loaded = read_plan(folder, cache=cache)
    if loaded.problems:
        raise PlanInvalidError(loaded.problems)
    return loaded.plan


def age(folder, ns=HOUR):
    """Back-date every file of ``folder``: files written just now are not cached (see
    tdsplan.cache.RESOLUTION)."""
    for path in folder.rglob("*"):
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - ns))


@pytest.fixture
def cache(tmp_path, small_plan):
    age(small_plan)
    return Project.at(small_plan, cache_dir=tmp_path / "cache").cache_file


def cached_entries(cache):
    return json.loads(cache.read_text("utf-8"))["entries"]


def count_actions(folder, cache):
    return len(list(load_plan(folder, cache=cache).iter_actions()))


def test_cache_is_filled_then_used(small_plan, cache, monkeypatch):
    read_plan(small_plan, cache=cache)
    assert len(cached_entries(cache)) == len(SMALL_PLAN)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    import tdsplan.store

    def no_parsing(*args, **kwargs):
        raise AssertionError("a cached file was parsed again")

    monkeypatch.setattr(tdsplan.store, "read_raw", no_parsing)
    plan = load_plan(small_plan, cache=cache)
    assert len(list(plan.iter_actions())) == 5
    # Dates come back as dates, text that looks like a date stays text.
    assert plan.orientations[0].objectifs[0].actions[0].echeance == dt.date(2020, 3, 31)


@pytest.mark.parametrize("change", ["edit", "touch", "size"])
def test_a_changed_file_is_read_again(small_plan, cache, change):
    read_plan(small_plan, cache=cache)
    target = small_plan / A
    text = target.read_text(encoding="utf-8")
    info = target.stat()
    if change == "edit":  # same size, new content
        target.write_text(text.replace("Refonte du site", "Refonte du SITE"), encoding="utf-8")
    elif change == "touch":
        os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    else:
        target.write_text(text + "# fin\n", encoding="utf-8")
    plan = read_plan(small_plan, cache=cache).plan
    titre = plan.orientations[0].objectifs[1].actions[0].titre
    assert titre == ("Refonte du SITE internet" if change == "edit" else "Refonte du site internet")


def test_an_invalid_change_is_reported_with_its_position(small_plan, cache):
    read_plan(small_plan, cache=cache)
    target = small_plan / A
    target.write_text(target.read_text("utf-8").replace("journal: []", "statut: fini"), "utf-8")
    problems = read_plan(small_plan, cache=cache).problems
    assert [(p.line, p.column) for p in problems] == [(6, 13)]


def test_an_edit_within_the_timestamp_resolution_is_seen(small_plan, tmp_path):
    """On a file system with one-second timestamps, an edit made in the same second as a
    cached run keeps the file's size and modification time: it must still be seen."""
    cache = cache_file(tmp_path / "cache", small_plan)
    target = small_plan / A
    load_plan(small_plan, cache=cache)  # the files were written just now
    assert not cache.exists() or str(target) not in cached_entries(cache)
    info = target.stat()
    target.write_text(target.read_text("utf-8").replace("Refonte", "Refonte".upper()), "utf-8")
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))  # the same second
    assert (
        load_plan(small_plan, cache=cache).orientations[0].objectifs[1].actions[0].titre
        == "REFONTE du site internet"
    )


def test_a_recent_entry_in_the_file_is_not_trusted(small_plan, cache):
    load_plan(small_plan, cache=cache)
    content = json.loads(cache.read_text("utf-8"))
    stamp, data = content["entries"][str(small_plan / A)]
    data["titre"] = "Faux"
    content["written"] = stamp[1] + 1  # written within the resolution of the file's mtime
    cache.write_text(json.dumps(content), "utf-8")
    assert (
        load_plan(small_plan, cache=cache).orientations[0].objectifs[1].titre
        == "Fournir des outils"
    )
    data["titre"] = "Vrai"  # the same entry, once the file is old enough, is used
    content["written"] = stamp[1] + HOUR
    cache.write_text(json.dumps(content), "utf-8")
    assert load_plan(small_plan, cache=cache).orientations[0].objectifs[1].titre == "Vrai"


PICKLE_BOMB = b"cos\nsystem\n(S'touch {marker}'\ntR."


def test_a_forged_pickle_is_never_run(small_plan, cache, tmp_path):
    marker = tmp_path / "pwned"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(PICKLE_BOMB.replace(b"{marker}", str(marker).encode()))
    os.chmod(cache, 0o600)
    assert count_actions(small_plan, cache) == 5
    assert not marker.exists()
    assert len(cached_entries(cache)) == len(SMALL_PLAN)  # replaced by a good cache


def _good(small_plan, cache):
    load_plan(small_plan, cache=cache)
    return json.loads(cache.read_text("utf-8"))


SHAPES = {
    "vide": lambda c: b"",
    "pas du json": lambda c: b"not json",
    "liste": lambda c: b"[1, 2]",
    "autre version": lambda c: {**c, "version": "0.0.0-autre"},
    "autre format": lambda c: {**c, "format": 1},
    "written texte": lambda c: {**c, "written": "hier"},
    "entries liste": lambda c: {**c, "entries": [1]},
    "entrée nombre": lambda c: {**c, "entries": {k: 3 for k in c["entries"]}},
    "empreinte courte": lambda c: {
        **c,
        "entries": {k: [[1], v[1]] for k, v in c["entries"].items()},
    },
    "empreinte texte": lambda c: {
        **c,
        "entries": {k: [["a", 1, 2, 3], v[1]] for k, v in c["entries"].items()},
    },
    "date fausse": lambda c: {
        **c,
        "entries": {k: [v[0], {"$date": 5}] for k, v in c["entries"].items()},
    },
    "date impossible": lambda c: {
        **c,
        "entries": {k: [v[0], {"$date": "2019-02-30"}] for k, v in c["entries"].items()},
    },
    "trop profond": lambda c: json.dumps(c)[:-2].encode() + b', "x": ' + b"[" * 100_000,
    "imbriqué": lambda c: {
        **c,
        "entries": {
            k: [
                v[0],
                [
                    [
                        [
                            [
                                [
                                    [
                                        [
                                            [
                                                [
                                                    [
                                                        [
                                                            [
                                                                [
                                                                    [
                                                                        [
                                                                            [
                                                                                [
                                                                                    [
                                                                                        [
                                                                                            [
                                                                                                [
                                                                                                    [
                                                                                                        [
                                                                                                            [
                                                                                                                [
                                                                                                                    [
                                                                                                                        [
                                                                                                                            [
                                                                                                                                [
                                                                                                                                    [
                                                                                                                                        [
                                                                                                                                            [
                                                                                                                                                [
                                                                                                                                                    [
                                                                                                                                                        [
                                                                                                                                                            [
                                                                                                                                                                [
                                                                                                                                                                    [
                                                                                                                                                                        [
                                                                                                                                                                            [
                                                                                                                                                                                [
                                                                                                                                                                                    [
                                                                                                                                                                                        [
                                                                                                                                                                                            [
                                                                                                                                                                                                1
                                                                                                                                                                                            ]
                                                                                                                                                                                        ]
                                                                                                                                                                                    ]
                                                                                                                                                                                ]
                                                                                                                                                                            ]
                                                                                                                                                                        ]
                                                                                                                                                                    ]
                                                                                                                                                                ]
                                                                                                                                                            ]
                                                                                                                                                        ]
                                                                                                                                                    ]
                                                                                                                                                ]
                                                                                                                                            ]
                                                                                                                                        ]
                                                                                                                                    ]
                                                                                                                                ]
                                                                                                                            ]
                                                                                                                        ]
                                                                                                                    ]
                                                                                                                ]
                                                                                                            ]
                                                                                                        ]
                                                                                                    ]
                                                                                                ]
                                                                                            ]
                                                                                        ]
                                                                                    ]
                                                                                ]
                                                                            ]
                                                                        ]
                                                                    ]
                                                                ]
                                                            ]
                                                        ]
                                                    ]
                                                ]
                                            ]
                                        ]
                                    ]
                                ]
                            ]
                        ]
                    ]
                ],
            ]
            for k, v in c["entries"].items()
        },
    },
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_cache_of_the_wrong_shape_is_ignored(small_plan, cache, shape):
    forged = SHAPES[shape](_good(small_plan, cache))
    cache.write_bytes(forged if isinstance(forged, bytes) else json.dumps(forged).encode())
    assert count_actions(small_plan, cache) == 5


def test_same_shape_wrong_data_is_only_what_a_plan_file_could_say(small_plan, cache):
    """Entries of the right shape but forged data are still validated like any file."""
    content = _good(small_plan, cache)
    content["entries"][str(small_plan / A)][1] = {"id": "1.2", "titre": None, "actions": 5}
    cache.write_text(json.dumps(content), "utf-8")
    os.chmod(cache, 0o600)
    with pytest.raises(PlanInvalidError):
        load_plan(small_plan, cache=cache)


def test_a_key_named_like_the_date_marker_is_not_cached(small_plan, tmp_path):
    target = small_plan / A
    target.write_text(OBJECTIF_1_2 + 'x:\n  "$date": "2019-01-01"\n', "utf-8")
    age(small_plan)
    cache = cache_file(tmp_path / "cache", small_plan)
    read_plan(small_plan, cache=cache)
    assert str(target) not in cached_entries(cache)
    problems = read_plan(small_plan, cache=cache).problems
    assert [p.message for p in problems] == ["clé inconnue « x »"]


@pytest.mark.slow  # runs tdsplan in a process
def test_a_fifo_in_place_of_the_cache_does_not_block(small_plan, cache):
    cache.parent.mkdir(parents=True)
    os.mkfifo(cache, 0o600)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; "
            "from tdsplan.store import read_plan; "
            "assert read_plan(Path(sys.argv[1]), cache=Path(sys.argv[2])).plan",
            str(small_plan),
            str(cache),
        ],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(cache).st_mode)  # left as it was


def test_a_folder_in_place_of_the_cache_leaves_nothing_behind(small_plan, cache):
    cache.mkdir(parents=True)
    for _ in range(3):
        assert count_actions(small_plan, cache) == 5
    assert list(cache.parent.iterdir()) == [cache]


def test_a_link_in_place_of_the_cache_is_not_followed(small_plan, cache, tmp_path):
    elsewhere = tmp_path / "ailleurs.json"
    load_plan(small_plan, cache=cache)
    cache.rename(elsewhere)
    cache.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    assert count_actions(small_plan, cache) == 5
    assert cache.is_symlink() and elsewhere.read_bytes() == before


@pytest.mark.skipif(
    os.geteuid() != 0, reason="changer le propriétaire d’un fichier demande d’être root"
)
def test_a_cache_owned_by_someone_else_is_not_read(small_plan, cache):
    content = _good(small_plan, cache)
    content["entries"][str(small_plan / A)][1]["titre"] = "Forgé"
    cache.write_text(json.dumps(content), "utf-8")
    os.chown(cache, 65534, 65534)
    assert (
        load_plan(small_plan, cache=cache).orientations[0].objectifs[1].titre
        == "Fournir des outils"
    )


def test_a_cache_others_can_write_is_not_read(small_plan, cache):
    content = _good(small_plan, cache)
    content["entries"][str(small_plan / A)][1]["titre"] = "Forgé"
    cache.write_text(json.dumps(content), "utf-8")
    os.chmod(cache, 0o666)
    assert (
        load_plan(small_plan, cache=cache).orientations[0].objectifs[1].titre
        == "Fournir des outils"
    )


def test_an_unwritable_cache_does_not_fail_the_command(small_plan, tmp_path):
    blocked = tmp_path / "fichier"
    blocked.write_text("x")
    assert load_plan(small_plan, cache=blocked / "sous" / "cache.json")


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

    from .test_splice import HAND_FORMATTED

    for name, text in {**SMALL_PLAN, "main": HAND_FORMATTED}.items():
        fast = yamlio._fast_build(small_plan / name, text, True)
        slow = yamlio._build(small_plan / name, text)
        assert fast.document.data == slow.document.data
        assert fast.document.spans == slow.document.spans


def test_read_plan_only_reads_the_branch_it_is_asked_for(small_plan):
    (small_plan / "2-agir" / "2.1-partager.yaml").write_text("id: [cassé\n", "utf-8")
    loaded = read_plan(small_plan, only="1.2.1")
    assert loaded.problems == [] and [a.id for _, _, a in loaded.plan.iter_actions()] == ["1.2.1"]
    assert read_plan(small_plan).problems  # the whole plan is invalid


def test_the_validity_index_sees_an_edit_in_the_same_second(small_plan, tmp_path, coarse_stamps):
    """On a file system with one-second timestamps, a hand edit of the same size right
    after an update keeps every stamp: the index must not vouch for the old content."""
    from tdsplan.journal import Update, update_action

    project = Project.at(small_plan, cache_dir=tmp_path / "cache")
    update_action(
        project, "1.2.1", Update(dt.date(2020, 3, 1), note="a"), today=dt.date(2020, 3, 1)
    )
    other = small_plan / "2-agir" / "2.1-partager.yaml"
    rewrite_in_place(other, "poids: 2", "poids: 0")
    with pytest.raises(PlanInvalidError):
        update_action(
            project, "1.2.1", Update(dt.date(2020, 3, 2), note="b"), today=dt.date(2020, 3, 2)
        )


def test_a_same_second_rewrite_is_seen_by_the_next_command(small_plan, tmp_path, coarse_stamps):
    """The parse cache never keeps a file read within the timestamps' resolution: on a
    file system with one-second timestamps, the same stamp may hide a new content."""
    cache = cache_file(tmp_path / "cache", small_plan)
    assert count_actions(small_plan, cache) == 5  # read just after it was written
    rewrite_in_place(small_plan / A, "Refonte du site", "REFONTE du site")
    assert (
        load_plan(small_plan, cache=cache).orientations[0].objectifs[1].actions[0].titre
        == "REFONTE du site internet"
    )


def _sparse(path, size):
    """A file of ``size`` bytes that costs no disk (and a read of it would cost them all)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        stream.truncate(size)
    path.chmod(0o600)


def _bytes_read(monkeypatch):
    """Count what os.read returns from now on."""
    import tdsplan.cache

    total = [0]
    real = os.read

    def counting(fd, n):
        data = real(fd, n)
        total[0] += len(data)
        return data

    monkeypatch.setattr(tdsplan.cache.os, "read", counting)
    return total


def test_a_huge_cache_file_is_never_read_and_is_replaced(small_plan, cache, monkeypatch):
    _sparse(cache, 400 * 1024 * 1024)
    read = _bytes_read(monkeypatch)
    assert count_actions(small_plan, cache) == 5
    assert read[0] == 0  # its size was known before a byte of it was read
    assert len(cached_entries(cache)) == len(SMALL_PLAN)
    assert cache.stat().st_size < 100_000


def test_the_cache_folder_is_pruned_oldest_first(small_plan, cache, monkeypatch):
    from tdsplan.cache import prune

    folder = cache.parent
    huge = folder / ("plan-" + "a" * 20 + ".json")  # another plan's, past the cap
    _sparse(huge, 400 * 1024 * 1024)
    foreign = folder / "notes.txt"
    foreign.write_bytes(b"y" * 5000)
    read = _bytes_read(monkeypatch)
    count_actions(small_plan, cache)  # parsed, then saved: the folder is pruned
    assert read[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted([cache.name, "notes.txt"])
    others = []
    for n, name in enumerate("bcd"):
        others.append(folder / f"plan-{name * 20}.index.json")
        others[-1].write_bytes(b"x" * 1000)
        os.utime(others[-1], ns=(0, (n + 1) * HOUR))  # b the oldest, d the newest
    prune(folder, keep=cache, total=cache.stat().st_size + 1500)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [cache.name, others[2].name, "notes.txt"]
    )
    prune(folder, keep=cache, total=10)  # the one just written goes last
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_a_cache_past_its_cap_is_not_written(small_plan, cache, monkeypatch):
    import tdsplan.cache

    monkeypatch.setattr(tdsplan.cache, "MAX_CACHE_BYTES", 100)
    assert count_actions(small_plan, cache) == 5
    assert not cache.exists()


def test_the_checks_do_not_run_again_over_the_files_of_a_valid_reading(
    small_plan, cache, monkeypatch
):
    read_plan(small_plan, cache=cache)
    import tdsplan.checks

    def no_checks(*args, **kwargs):
        raise AssertionError("the checks ran again over unchanged files")

    monkeypatch.setattr(tdsplan.checks, "check_plan", no_checks)
    assert count_actions(small_plan, cache) == 5


def _duplicate_in_a(small_plan):
    """Rewrite A so that its action takes the ID of the first objective's: a problem only
    the checks across files see."""
    target = small_plan / A
    target.write_text(OBJECTIF_1_2 + "  - id: 1.2.1\n    titre: Encore\n", "utf-8")
    info = target.stat()  # old enough to be cached; the other files keep their stamps
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns - HOUR))


def test_a_file_changed_since_the_valid_reading_is_checked_again(small_plan, cache):
    read_plan(small_plan, cache=cache)
    _duplicate_in_a(small_plan)
    read_plan(small_plan, cache=cache)  # caches the new file
    messages = [p.message for p in read_plan(small_plan, cache=cache).problems]
    assert messages == [
        "identifiant d’action 1.2.1 en double (déjà utilisé dans 1.2-outils.yaml:4)"
    ]


def test_a_branch_read_does_not_vouch_for_the_whole_plan(small_plan, cache):
    read_plan(small_plan, cache=cache)
    _duplicate_in_a(small_plan)
    assert read_plan(small_plan, cache=cache, only="1.2.1").problems != []
    assert read_plan(small_plan, cache=cache).problems != []


def test_a_file_added_since_the_valid_reading_is_checked_with_the_others(small_plan, cache):
    read_plan(small_plan, cache=cache)
    (small_plan / "1-comprendre" / "1.3-autres.yaml").write_text(
        "id: 1.3\ntitre: Autres\nactions:\n  - id: 1.2.1\n    titre: Copie\n", "utf-8"
    )
    age(small_plan / "1-comprendre")
    read_plan(small_plan, cache=cache)
    messages = [p.message for p in read_plan(small_plan, cache=cache).problems]
    assert messages == [
        "identifiant d’action 1.2.1 en double (déjà utilisé dans 1.2-outils.yaml:4)",
        "l’action 1.2.1 est dans l’objectif 1.3 : son identifiant doit commencer par « 1.3. »",
    ]


def test_an_unchanged_cache_file_is_read_once_by_a_process(small_plan, cache, monkeypatch):
    import tdsplan.cache

    read_plan(small_plan, cache=cache)  # written
    load_plan(small_plan, cache=cache)  # read
    reads = []
    real = tdsplan.cache.read_own_file
    monkeypatch.setattr(tdsplan.cache, "read_own_file", lambda f: reads.append(f) or real(f))
    # An edit's second reading (with its changes) finds the cache as its first did.
    edited = small_plan / A
    new = edited.read_text("utf-8").replace("Fournir des outils", "Outils fournis")
    loaded = read_plan(small_plan, {edited: new}, cache=cache)
    assert reads == []
    assert loaded.plan is not None
    assert loaded.plan.orientations[0].objectifs[1].titre == "Outils fournis"
    # Each entry is still checked against its file: a file changed since is read again.
    edited.write_text(new, "utf-8")
    age(small_plan)
    plan = load_plan(small_plan, cache=cache)
    assert plan.orientations[0].objectifs[1].titre == "Outils fournis"
    assert reads == []
    # A cache file replaced (that reading saved its new entry) or changed in place is
    # read again.
    content = _good(small_plan, cache)
    assert reads == [cache]
    content["entries"][str(small_plan / "1-comprendre/orientation.yaml")][1]["titre"] = "Autre"
    cache.write_text(json.dumps(content), "utf-8")
    assert load_plan(small_plan, cache=cache).orientations[0].titre == "Autre"
    assert reads == [cache, cache]


@pytest.fixture
def overlays(monkeypatch):
    """Overlays written whatever their size (a small plan's one file is a fifth of its
    cache, past the share that makes the whole cache be written again)."""
    import tdsplan.cache

    monkeypatch.setattr(tdsplan.cache, "OVERLAY_SHARE", 10)


def _edit_a(small_plan, title="Outils revus", old="Fournir des outils"):
    target = small_plan / A
    text = target.read_text("utf-8")
    assert old in text
    target.write_text(text.replace(old, title), "utf-8")
    info = target.stat()  # old enough to be cached; the other files keep their stamps
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns - HOUR))


def test_a_changed_file_is_added_beside_the_cache_not_the_whole_cache_rewritten(
    small_plan, cache, overlays, monkeypatch
):
    from tdsplan.cache import overlay_file

    read_plan(small_plan, cache=cache)
    written, inode = cache.read_bytes(), cache.stat().st_ino
    _edit_a(small_plan)
    assert read_plan(small_plan, cache=cache).problems == []
    assert (cache.read_bytes(), cache.stat().st_ino) == (written, inode)
    overlay = json.loads(overlay_file(cache).read_text("utf-8"))
    assert list(overlay["entries"]) == [str(small_plan / A)]
    assert overlay["base"] == json.loads(written)["name"]
    assert stat.S_IMODE(overlay_file(cache).stat().st_mode) == 0o600
    # The next reading parses nothing and runs no check: the cache and its overlay hold
    # every file, and the last reading found them valid.
    import tdsplan.checks
    import tdsplan.store

    def no(*args, **kwargs):
        raise AssertionError("parsed or checked again")

    monkeypatch.setattr(tdsplan.store, "read_raw", no)
    monkeypatch.setattr(tdsplan.checks, "check_plan", no)
    assert load_plan(small_plan, cache=cache).orientations[0].objectifs[1].titre == "Outils revus"


def test_an_overlay_of_another_cache_is_ignored(small_plan, cache, overlays):
    from tdsplan.cache import overlay_file

    read_plan(small_plan, cache=cache)
    _edit_a(small_plan)
    read_plan(small_plan, cache=cache)
    overlay = json.loads(overlay_file(cache).read_text("utf-8"))
    overlay["entries"][str(small_plan / A)][1]["titre"] = "Forgé"
    for base in (overlay["base"][::-1], None):  # another cache's, or none named
        forged = {k: v for k, v in overlay.items() if k != "base"}
        if base is not None:
            forged["base"] = base
        overlay_file(cache).write_text(json.dumps(forged), "utf-8")
        titre = load_plan(small_plan, cache=cache).orientations[0].objectifs[1].titre
        assert titre == "Outils revus"
    overlay_file(cache).write_text(json.dumps(overlay), "utf-8")  # its own: served
    assert load_plan(small_plan, cache=cache).orientations[0].objectifs[1].titre == "Forgé"
    overlay_file(cache).chmod(0o622)  # others can write it: not read
    assert load_plan(small_plan, cache=cache).orientations[0].objectifs[1].titre == "Outils revus"


@pytest.mark.parametrize("shape", list(SHAPES))
def test_an_overlay_of_the_wrong_shape_is_ignored(small_plan, cache, overlays, shape):
    from tdsplan.cache import overlay_file

    read_plan(small_plan, cache=cache)
    _edit_a(small_plan)
    read_plan(small_plan, cache=cache)
    overlay = json.loads(overlay_file(cache).read_text("utf-8"))
    forged = SHAPES[shape](overlay)
    overlay_file(cache).write_bytes(
        forged if isinstance(forged, bytes) else json.dumps(forged).encode()
    )
    plan = load_plan(small_plan, cache=cache)
    assert plan.orientations[0].objectifs[1].titre == "Outils revus"


def test_past_its_share_the_overlay_is_folded_into_the_whole_cache(
    small_plan, cache, overlays, monkeypatch
):
    import tdsplan.cache
    from tdsplan.cache import overlay_file

    read_plan(small_plan, cache=cache)
    _edit_a(small_plan)
    read_plan(small_plan, cache=cache)
    assert overlay_file(cache).exists()
    monkeypatch.setattr(tdsplan.cache, "OVERLAY_SHARE", 1 / 4)
    _edit_a(small_plan, "Outils revus encore", old="Outils revus")
    read_plan(small_plan, cache=cache)
    assert not overlay_file(cache).exists()
    assert cached_entries(cache)[str(small_plan / A)][1]["titre"] == "Outils revus encore"
    assert len(cached_entries(cache)) == len(SMALL_PLAN)


@pytest.mark.parametrize("writer", ["this", "earlier"])
def test_an_overlay_is_not_served_over_a_cache_written_since(small_plan, cache, overlays, writer):
    # The whole cache written again, the overlay left beside it (as an earlier tdsplan
    # of the same version, which writes no name, would leave them, or after a crash
    # between the two writes). The process read both just before: they are remembered.
    from tdsplan.cache import overlay_file

    read_plan(small_plan, cache=cache)
    _edit_a(small_plan)
    read_plan(small_plan, cache=cache)
    overlay = json.loads(overlay_file(cache).read_text("utf-8"))
    overlay["entries"][str(small_plan / A)][1]["titre"] = "Forgé"
    overlay_file(cache).write_text(json.dumps(overlay), "utf-8")
    overlay_file(cache).chmod(0o600)
    assert load_plan(small_plan, cache=cache).orientations[0].objectifs[1].titre == "Forgé"
    content = json.loads(cache.read_text("utf-8"))
    if writer == "this":
        content["name"] = content["name"][::-1]
    else:
        del content["name"]
    cache.unlink()
    cache.write_text(json.dumps(content), "utf-8")
    cache.chmod(0o600)
    assert load_plan(small_plan, cache=cache).orientations[0].objectifs[1].titre == "Outils revus"


@pytest.mark.parametrize("kind", ["fifo", "dossier"])
def test_an_overlay_that_cannot_be_written_is_folded_into_the_whole_cache(
    small_plan, cache, overlays, monkeypatch, kind
):
    import tdsplan.store
    from tdsplan.cache import overlay_file

    read_plan(small_plan, cache=cache)
    _edit_a(small_plan)
    path = overlay_file(cache)
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    read_plan(small_plan, cache=cache)  # parses A: the whole cache written, the path left
    assert cached_entries(cache)[str(small_plan / A)][1]["titre"] == "Outils revus"
    assert path.is_fifo() if kind == "fifo" else path.is_dir()  # not ours: left alone
    parsed = []
    real = tdsplan.store.read_raw
    monkeypatch.setattr(tdsplan.store, "read_raw", lambda p: parsed.append(p) or real(p))
    for _ in range(2):
        assert read_plan(small_plan, cache=cache).problems == []
    assert parsed == []
