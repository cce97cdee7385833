"""JSON Schemas for editors: generated from the validators, shipped up to date, and pointed at by modelines."""

from __future__ import annotations

import datetime as _dt
import importlib.util
import json
import shutil

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from agreement_builder.cli import main
from agreement_builder.core.resources import bundled_dir
from agreement_builder.core.schema import Field, Int, Key, Mapping, Str
from agreement_builder.kinds.agreement.json_schema import agreement_schema, clause_schema, schema_files

from .conftest import EXAMPLE, ROOT

CLAUSE_FILES = sorted(
    p for p in (ROOT / "clauses").rglob("*.yaml") if p.name not in ("glossary.yaml", "institutions.yaml")
)
TOOL = ROOT / "tools" / "add_modelines.py"


def as_json(value):
    """YAML data as an editor's YAML 1.2 reader sees it: dates are strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def errors(schema, data) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(as_json(data))]


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def add_modelines():
    spec = importlib.util.spec_from_file_location("add_modelines", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_schemas_are_valid_draft_2020_12():
    for schema in (agreement_schema(), clause_schema()):
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_shipped_schemas_equal_freshly_generated_ones():
    """If this fails, run: python tools/add_modelines.py"""
    shipped = bundled_dir("schemas")
    for name, text in schema_files().items():
        assert (shipped / name).read_text(encoding="utf-8") == text, name


def test_example_validates_against_agreement_schema():
    assert errors(agreement_schema(), load(EXAMPLE)) == []


@pytest.mark.parametrize("path", CLAUSE_FILES, ids=lambda p: p.stem)
def test_bundled_clause_validates_against_clause_schema(path):
    assert errors(clause_schema(), load(path)) == []


def test_a_spec_started_with_new_validates_against_agreement_schema(tmp_path):
    out = tmp_path / "agreement.yaml"
    assert CliRunner().invoke(main, ["new", "agreement", "--defaults", "-o", str(out)]).exit_code == 0
    assert errors(agreement_schema(), load(out)) == []


def test_unknown_and_misspelt_keys_fail_the_schema():
    data = load(EXAMPLE)
    data["layuot"] = "nl"
    data["parties"][0]["represenative"] = "X"
    data["parties"][1]["name"] = {"nl": "Tarija", "en": "Tarija"}
    msgs = errors(agreement_schema(), data)
    assert any("'layuot' was unexpected" in m for m in msgs), msgs
    assert any(m.startswith("parties.0:") and "'represenative' was unexpected" in m for m in msgs), msgs
    assert any(m.startswith("parties.1.name") for m in msgs), msgs


def test_values_out_of_range_fail_the_schema():
    data = load(EXAMPLE)
    data["priorities"][0]["sdgs"] = [6, 18]
    data["parties"] = data["parties"][:1]
    data["status"] = "signed"
    data["date"] = "27/11/2026"
    msgs = errors(agreement_schema(), data)
    assert any(m.startswith("priorities.0.sdgs.1:") and "18 is greater than the maximum of 17" in m for m in msgs)
    assert any(m.startswith("parties:") and "too short" in m for m in msgs), msgs
    assert any(m.startswith("status:") for m in msgs) and any(m.startswith("date:") for m in msgs), msgs


def test_clause_schema_knows_variable_types_and_limits():
    clause = load(ROOT / "clauses" / "final" / "exit-edegem.yaml")
    clause["variables"][0]["type"] = "number"
    clause["variables"][0]["minimun"] = 1
    clause["text"].pop("es")
    msgs = errors(clause_schema(), clause)
    assert any(m.startswith("variables.0.type:") for m in msgs), msgs
    assert any("'minimun' was unexpected" in m for m in msgs), msgs
    assert any(m.startswith("text:") and "'es' is a required property" in m for m in msgs), msgs


def test_schema_follows_the_declarative_fields():
    """A key added to a Mapping appears without touching the schema code; an unknown field allows anything."""

    class Custom(Field):
        def check(self, value, path, ck):
            return value

    mapping = Mapping({"count": Key(Int(1, 9), required=True, doc="How many."), "anything": Key(Custom())})
    schema = mapping.json_schema()
    assert schema["properties"]["count"] == {"type": "integer", "minimum": 1, "maximum": 9, "description": "How many."}
    assert schema["properties"]["anything"] == {}
    assert schema["required"] == ["count"] and schema["additionalProperties"] is False
    assert Str(r"[a-z]+").json_schema()["pattern"] == "^(?:[a-z]+)$"


def test_descriptions_reach_nested_keys():
    schema = agreement_schema()
    party = schema["properties"]["parties"]["items"]["properties"]
    assert "ISO 3166" in party["country"]["description"]
    ref = schema["properties"]["clauses"]["items"]["anyOf"][1]["properties"]
    assert "clauses show" in ref["values"]["description"]


def test_schema_command_writes_both_files(tmp_path):
    result = CliRunner().invoke(main, ["schema", "-o", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    for name, text in schema_files().items():
        assert (tmp_path / "s" / name).read_text(encoding="utf-8") == text
        json.loads(text)


def test_schema_command_into_a_file_is_a_clean_error(tmp_path):
    (tmp_path / "f").write_text("x")
    result = CliRunner().invoke(main, ["schema", "-o", str(tmp_path / "f" / "s")])
    assert result.exit_code == 3 and "cannot write" in result.output and "Traceback" not in result.output


# The merger runs `python tools/add_modelines.py` after merging other branches' clauses and examples.
def test_every_example_spec_and_clause_carries_a_modeline_to_an_existing_schema():
    module = add_modelines()
    targets = module.targets()
    assert {p for p, _ in targets} >= set(CLAUSE_FILES) | {EXAMPLE}
    for path, expected in targets:
        first = path.read_text(encoding="utf-8").partition("\n")[0]
        assert first == expected, f"{path}: run python tools/add_modelines.py"
        schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert schema.is_file() and schema.parent == ROOT / "schemas", path
    assert module.main(["--check"]) == 0


def test_add_modelines_adds_replaces_and_is_idempotent(tmp_path, capsys):
    module = add_modelines()
    for folder in ("clauses", "examples"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    clause = tmp_path / "clauses" / "final" / "exit-edegem.yaml"
    body = clause.read_text(encoding="utf-8").partition("\n")[2]
    clause.write_text("# yaml-language-server: $schema=old.json\n" + body, encoding="utf-8")
    other = tmp_path / "examples" / "notes.yaml"
    other.write_text("just: notes\n", encoding="utf-8")
    assert module.main(["--check"], root=tmp_path) == 1
    assert module.main([], root=tmp_path) == 0
    assert clause.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schemas/clause.schema.json\n" + body
    )
    assert other.read_text(encoding="utf-8") == "just: notes\n"
    assert (tmp_path / "schemas" / "agreement.schema.json").is_file()
    capsys.readouterr()
    assert module.main(["--check"], root=tmp_path) == 0 and capsys.readouterr().out == ""
