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
