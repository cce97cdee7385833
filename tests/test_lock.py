"""Lock files: record the clause texts an agreement was checked against, warn when they move."""

import re
import shutil

import pytest

from agreement_builder import api
from agreement_builder.core.errors import InputError
from agreement_builder.kinds.agreement.lock import lock_path

from .conftest import FIXTURES


def setup_spec(tmp_path):
    shutil.copy(FIXTURES / "specs" / "minimal.yaml", tmp_path / "agreement.yaml")
    return tmp_path / "agreement.yaml"


def lock_warnings(spec, libraries=None):
    return [p for p in api.load(spec, libraries).warnings if "the lock" in p.message]


def test_lock_records_version_and_hash_of_each_used_clause(tmp_path):
    spec = setup_spec(tmp_path)
    path = api.lock(spec)
    assert path == lock_path(spec) == tmp_path / "agreement.lock.yaml"
    text = path.read_text(encoding="utf-8")
    loaded = api.load(spec)
    for use in loaded.clauses:
        assert f'  {use.clause.id}:\n    version: "{use.clause.version}"\n    sha256: {use.clause.content_hash}' in text
    assert lock_warnings(spec) == []


def test_changed_text_since_the_lock_is_reported_at_the_lock_line(tmp_path):
    spec = setup_spec(tmp_path)
    api.lock(spec)
    original = api.find_clause("exit-edegem")
    (tmp_path / "own" / "final").mkdir(parents=True)
    text = original.source.path.read_text(encoding="utf-8").replace("niet langer", "niet meer", 1)
    (tmp_path / "own" / "final" / "exit-edegem.yaml").write_text(text, encoding="utf-8")
    (warning,) = lock_warnings(spec, [tmp_path / "own"])
    assert warning.severity == "warning"
    assert warning.location.file.endswith("agreement.lock.yaml")
    lock_lines = (tmp_path / "agreement.lock.yaml").read_text(encoding="utf-8").splitlines()
    assert lock_lines[warning.location.line - 2].strip() == f'version: "{original.version}"'
    assert lock_lines[warning.location.line - 1].strip() == f"sha256: {original.content_hash}"
    assert "changed since the lock although its version" in warning.message

    bumped = re.sub(r"(?m)^version: .*$", "version: 7.0.0", text)
    (tmp_path / "own" / "final" / "exit-edegem.yaml").write_text(bumped, encoding="utf-8")
    (warning,) = lock_warnings(spec, [tmp_path / "own"])
    assert f"is now version 7.0.0, the lock has {original.version}" in warning.message


def test_added_and_removed_clauses_are_reported(tmp_path):
    spec = setup_spec(tmp_path)
    api.lock(spec)
    text = spec.read_text(encoding="utf-8").replace("  - exit-edegem\n", "  - joint-evaluation\n")
    spec.write_text(text, encoding="utf-8")
    messages = sorted(p.message for p in lock_warnings(spec))
    assert "clause 'exit-edegem' is in the lock but no longer in the agreement" in messages[0]
    assert "clause 'joint-evaluation' is not in the lock" in messages[1]


def test_a_broken_lock_is_an_error_with_its_line(tmp_path):
    spec = setup_spec(tmp_path)
    lock_path(spec).write_text("clauses:\n  parties:\n    version: 1.0.0\n    sha256: abc\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        api.load(spec)
    (error,) = [p for p in info.value.problems if p.severity == "error"]
    assert error.location.file.endswith("agreement.lock.yaml") and error.location.line == 4
    assert "SHA-256" in error.message
