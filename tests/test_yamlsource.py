from pathlib import Path

from agreement_builder.core.errors import InputError
from agreement_builder.core.yamlsource import INVALID, load_yaml, load_yaml_text

from .conftest import FIXTURES


def messages(path: Path) -> list[str]:
    """Problems of a file: syntax errors raise, value-level problems are collected on the source."""
    try:
        source = load_yaml(path)
    except InputError as exc:
        return [str(p) for p in exc.problems]
    assert source.problems, "expected problems"
    return [str(p) for p in source.problems]


def test_locations_are_kept_for_every_node():
    src = load_yaml_text("a:\n  b:\n    - x\n    - {c: 1}\n", "mem.yaml")
    assert src.data == {"a": {"b": ["x", {"c": 1}]}}
    assert src.loc(("a", "b", 1, "c")).line == 4
    assert src.loc(("a", "b", 0)).line == 3
    assert str(src.loc(("a", "b", 0))) == "mem.yaml:3:7"


def test_aliases_are_rejected_with_line():
    msgs = messages(FIXTURES / "yaml" / "alias.yaml")
    assert len(msgs) == 1
    assert "alias.yaml:4:" in msgs[0] and "aliases" in msgs[0]


def test_duplicate_keys_are_errors():
    msgs = messages(FIXTURES / "yaml" / "duplicate.yaml")
    assert any("duplicate.yaml:3:1" in m and "duplicate key 'status'" in m and "line 2" in m for m in msgs)


def test_syntax_error_has_file_line_column():
    msgs = messages(FIXTURES / "yaml" / "syntax.yaml")
    assert msgs[0].startswith(str(FIXTURES / "yaml" / "syntax.yaml") + ":4:")
    assert "YAML syntax error" in msgs[0]


def test_python_tags_are_not_constructed():
    msgs = messages(FIXTURES / "yaml" / "python-tag.yaml")
    assert "unsupported YAML value" in msgs[0]


def test_missing_and_non_utf8_files(tmp_path):
    assert "file not found" in messages(tmp_path / "nope.yaml")[0]
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("naam: Jos\xe9".encode("latin-1"))
    assert "UTF-8" in messages(bad)[0]


def test_invalid_values_are_collected_and_marked(tmp_path):
    path = tmp_path / "v.yaml"
    path.write_text('a: 2026-13-45\nb: "x\\u200by"\nc: ok\n', encoding="utf-8")
    source = load_yaml(path)
    assert source.data == {"a": INVALID, "b": INVALID, "c": "ok"}
    msgs = [str(p) for p in source.problems]
    assert "v.yaml:1:4: a: '2026-13-45' is not a valid date" in msgs[0]
    assert "U+200B" in msgs[1]


def test_symbols_the_fonts_cannot_print_are_warned_about_and_kept():
    src = load_yaml_text('title: "Stad 🌍"\nplace: "Brasschaat – Tarija"\n', "mem.yaml")
    (warning,) = src.problems
    assert warning.severity == "warning" and str(warning.location) == "mem.yaml:1:8"
    assert "contains 🌍 (U+1F30D), which the document fonts cannot print" in warning.message
    assert src.data["title"] == "Stad 🌍"


def test_a_huge_text_is_refused():
    src = load_yaml_text("title: " + "x" * 20_001 + "\n", "mem.yaml")
    (error,) = src.problems
    assert src.data["title"] is INVALID and "is 20,001 characters long" in error.message
