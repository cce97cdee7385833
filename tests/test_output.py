"""Atomic output: all files or none, and no folders left behind by a failed write."""

from __future__ import annotations

import pytest

from agreement_builder.core.errors import OutputError
from agreement_builder.core.output import write_all_atomic


def test_a_failed_write_leaves_no_folder_it_made(tmp_path):
    (tmp_path / "shared").write_text("a file where a folder should go", encoding="utf-8")
    files = [(tmp_path / "town" / "deep" / "agreement.yaml", b"x"), (tmp_path / "shared" / "lib" / "c.yaml", b"y")]
    with pytest.raises(OutputError, match="cannot write"):
        write_all_atomic(files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared"], "the folders made for the first file are gone"


def test_a_successful_write_keeps_its_folders(tmp_path):
    write_all_atomic([(tmp_path / "a" / "b" / "c.txt", b"x")])
    assert (tmp_path / "a" / "b" / "c.txt").read_bytes() == b"x"
