"""files: the one atomic writer, and outputs that cannot be written."""

from __future__ import annotations

import os

import pytest

from tdsplan import files


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


def test_many_files_written_at_once_keep_their_modes_and_leave_nothing_behind(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    old = tmp_path / "a" / "1.yaml"
    old.write_text("avant")
    os.chmod(old, 0o640)
    writes = [
        (old, b"un"),
        (tmp_path / "a" / "2.yaml", b"deux"),
        (tmp_path / "b" / "3.yaml", b"trois"),
    ]
    files.write_many_atomically(writes)
    assert [(p.read_bytes(), p.stat().st_mode & 0o777) for p, _data in writes] == [
        (b"un", 0o640),
        (b"deux", 0o644),
        (b"trois", 0o644),
    ]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["1.yaml", "2.yaml", "3.yaml", "a", "b"]


def test_when_one_of_many_cannot_be_written_none_is(tmp_path):
    first = tmp_path / "1.yaml"
    first.write_text("avant")
    with pytest.raises(OSError) as failed:
        files.write_many_atomically([(first, b"apres"), (tmp_path / "absent" / "2.yaml", b"x")])
    assert failed.value.filename == str(tmp_path / "absent" / "2.yaml")
    assert first.read_text() == "avant"
    assert [p.name for p in tmp_path.iterdir()] == ["1.yaml"]
