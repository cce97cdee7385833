"""The checked-input cache: a hit only for the same bytes and code; anything odd reads as empty."""

import pickle

import pytest

from agreement_builder.core import cache


@pytest.fixture
def cache_in(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_entries_come_back_as_written(cache_in):
    cache.write("t", ["a"], {"x": [1, 2]})
    assert cache.read("t", ["a"]) == {"x": [1, 2]}
    assert cache.read("t", ["b"]) == {}


def test_off_means_nothing_is_read_or_written(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.cache_dir() is None
    cache.write("t", ["a"], {"x": 1})
    assert cache.read("t", ["a"]) == {}
    assert not any(tmp_path.iterdir())


def test_a_corrupt_cache_reads_as_empty(cache_in):
    cache.write("t", ["a"], {"x": 1})
    (path,) = (cache_in / "t").iterdir()
    path.write_bytes(path.read_bytes()[:20])
    assert cache.read("t", ["a"]) == {}


def test_a_cache_naming_a_foreign_class_is_not_unpickled(cache_in):
    cache.write("t", ["a"], {"x": 1})
    (path,) = (cache_in / "t").iterdir()

    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))

    path.write_bytes(pickle.dumps({"fingerprint": cache.fingerprint(), "entries": {"x": Evil()}}))
    assert cache.read("t", ["a"]) == {}


def test_a_cache_made_by_other_code_is_ignored(cache_in):
    cache.write("t", ["a"], {"x": 1})
    (path,) = (cache_in / "t").iterdir()
    path.write_bytes(pickle.dumps({"fingerprint": "other code", "entries": {"x": 1}}))
    assert cache.read("t", ["a"]) == {}


def test_an_unwritable_cache_is_skipped_silently(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV, str(blocker))
    cache.write("t", ["a"], {"x": 1})  # no exception
    assert cache.read("t", ["a"]) == {}


def test_the_fingerprint_covers_our_own_sources():
    """A developer's edit to any module must invalidate the cache, so every .py file is hashed."""
    import hashlib
    from pathlib import Path

    import agreement_builder

    package = Path(agreement_builder.__file__).resolve().parent
    assert len(list(package.rglob("*.py"))) > 20
    assert len(cache.fingerprint()) == len(hashlib.sha256().hexdigest())
