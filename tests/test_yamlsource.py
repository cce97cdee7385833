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


def test_an_anchor_set_twice_is_refused_in_words():
    msgs = messages(FIXTURES / "yaml" / "duplicate-anchor.yaml")
    assert msgs == [
        f"{FIXTURES / 'yaml' / 'duplicate-anchor.yaml'}:3:9: the anchor '&name' is set a second time (first on "
        "line 2); specs and libraries use no anchors or aliases: write each value out"
    ]


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


def _only(name: str) -> str:
    (message,) = messages(FIXTURES / "yaml" / name)
    return message


def test_common_yaml_mistakes_get_plain_words_at_their_line():
    """A tab, a colon in a value, an unclosed quote or bracket: what to do, where it starts."""
    yaml_dir = str(FIXTURES / "yaml")
    assert _only("tab.yaml").startswith(f"{yaml_dir}/tab.yaml:3:1: ")
    assert "indent with spaces, not tabs" in _only("tab.yaml")
    assert _only("colon.yaml").startswith(f"{yaml_dir}/colon.yaml:2:")
    assert "put the value in quotes" in _only("colon.yaml")
    # The unclosed quote and bracket are reported where they open, not where the file ends.
    assert _only("unclosed-quote.yaml").startswith(f"{yaml_dir}/unclosed-quote.yaml:2:8: ")
    assert "a quote that is not closed" in _only("unclosed-quote.yaml")
    assert _only("unclosed-bracket.yaml").startswith(f"{yaml_dir}/unclosed-bracket.yaml:2:7: ")
    assert "a [ that is not closed" in _only("unclosed-bracket.yaml")


def test_nesting_too_deep_is_refused_at_its_line_with_the_limit():
    message = _only("deep.yaml")
    assert message.startswith(f"{FIXTURES / 'yaml' / 'deep.yaml'}:50:")  # the mapping that passes the limit
    assert "deeper than 50 levels" in message


def test_other_encodings_are_named():
    assert "this file is UTF-16" in _only("utf16.yaml") and "save it as UTF-8" in _only("utf16.yaml")
    cp1252 = _only("cp1252.yaml")
    assert "line 2" in cp1252 and "'é' in Windows-1252" in cp1252 and "save the file as UTF-8" in cp1252


def test_a_word_too_long_to_break_is_refused_with_the_limit():
    """Line-breaking a 16,000-character word takes the PDF renderer half a minute; refuse it at load."""
    src = load_yaml_text("title: " + "x" * 201 + " en meer\nplace: " + "y" * 200 + "\n", "mem.yaml")
    (error,) = src.problems
    assert src.data["title"] is INVALID and src.data["place"] == "y" * 200
    assert str(error).startswith("mem.yaml:1:8: title: has a word of 201 characters without a space")
    assert "at most 200" in error.message


def test_a_control_character_yaml_refuses_is_named_at_its_line():
    """Found by tests/test_fuzz.py: PyYAML refused it before our error handling, with a traceback."""
    assert _only("nul.yaml") == (
        f"{FIXTURES / 'yaml' / 'nul.yaml'}:2:13: contains the control character U+0000, "
        "which YAML does not allow; remove it"
    )


def test_libyaml_events_give_the_same_data_and_positions_as_the_python_parser(monkeypatch):
    """The fast path (libyaml's scanner and parser under our composer) must not change a thing."""
    from agreement_builder.core import yamlsource

    assert len(yamlsource.LOADERS) == 2, "PyYAML without libyaml: the fast path would go untested"
    root = Path(__file__).resolve().parent.parent
    files = [
        p
        for folder in ("clauses", "checklists", "examples", "templates", "styles")
        for p in (root / folder).rglob("*.yaml")
    ]
    files += sorted((root / "tests" / "fixtures").rglob("*.yaml"))
    assert len(files) > 60
    fast = {}
    for path in files:
        try:
            s = yamlsource.load_yaml(path)
            fast[path] = (s.data, s.locations, [str(p) for p in s.problems])
        except InputError as exc:
            fast[path] = str(exc)
    monkeypatch.setattr(yamlsource, "LOADERS", (yamlsource._Loader,))
    for path in files:
        try:
            s = yamlsource.load_yaml(path)
            slow = (s.data, s.locations, [str(p) for p in s.problems])
        except InputError as exc:
            slow = str(exc)
        assert fast[path] == slow, path
