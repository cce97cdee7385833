"""Consistency rules declared in clause files (issue 12, item 5).

Each contradictory spec is checked on the validated model only (no rendering): the error
must name every value involved with its own file:line, every broken rule must be reported
in one run, and the CLI must exit 1 without a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from click.testing import CliRunner

from agreement_builder import api
from agreement_builder.cli import main
from agreement_builder.core.errors import InputError
from agreement_builder.core.yamlsource import load_yaml_text
from agreement_builder.kinds.agreement import clausetext
from agreement_builder.kinds.agreement.clause import parse_clause
from agreement_builder.kinds.agreement.rules import add_months, add_years

from .conftest import EXAMPLE, FIXTURES, ROOT

SPECS = FIXTURES / "specs" / "contradictions"
CLAUSES = ROOT / "clauses"


def problems(path, libraries=None) -> list[str]:
    with pytest.raises(InputError) as info:
        api.load(path, libraries)
    return [str(p) for p in info.value.problems if p.severity == "error"]


def line_of(path, pattern: str) -> int:
    """The line (from 1) of the first line of ``path`` that matches ``pattern``: fixtures move."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.search(pattern, line):
            return n
    raise AssertionError(f"{pattern!r} not in {path}")


def the(msgs: list[str], text: str) -> str:
    (found,) = [m for m in msgs if text in m]
    return found


ONE_YEAR = SPECS / "one-year.yaml"


def at(pattern: str, path=ONE_YEAR) -> str:
    return f"{path}:{line_of(path, pattern)}:"


def test_the_reviewed_contradictory_agreement_fails_with_every_rule_at_once():
    msgs = problems(ONE_YEAR)
    assert len(msgs) == 8, msgs
    duration = at(r"duration_years: 1")
    cases = {
        "notice period": (at(r"notice_months: 24"), [duration], "exit-edegem.yaml"),
        "consultation_months is as long": (at(r"consultation_months: 24"), [duration], "renewal.yaml"),
        "joint evaluations": (at(r"evaluation_interval_months"), [duration], "joint-evaluation.yaml"),
        "reviews of the expectations": (at(r"interval_months: 24"), [duration], "expectations-review.yaml"),
        "after the end of the term": (at(r"review_date"), [duration, at(r"^date:")], "duration.yaml"),
        "the partner signs, when": (at(r"review_date"), [at(r"signing_date: 2036")], "entry-into-force.yaml"),
        "first party signs before": (at(r"signing_date: 2026"), [at(r"^date:")], "signatures.yaml"),
        "city link cannot have begun": (at(r"since_year"), [at(r"^date:")], "preamble.yaml"),
    }
    for text, (where, others, clause_file) in cases.items():
        msg = the(msgs, text)
        assert msg.startswith(where), (where, msg)
        # Every value is listed with its own place, the first one again where the error points.
        assert msg.count(str(ONE_YEAR)) == 2 + len(others), msg
        for other in others:
            assert f"at {other}" in msg, (other, msg)
        assert re.search(rf"rule of clause '[\w-]+' at \S+{clause_file}:\d+:\d+\)$", msg), msg


def test_the_error_points_at_the_clause_default_when_the_spec_does_not_set_the_value():
    spec = SPECS / "default-term.yaml"
    (msg,) = problems(spec)
    duration_file = CLAUSES / "final" / "duration.yaml"
    default_line = line_of(duration_file, r"default: 6")
    assert msg.startswith(at("review_date: 2033", spec)) and "clauses[1].values.review_date:" in msg
    assert f"duration_years = 6 (default) at {duration_file}:{default_line}:" in msg
    assert f"review_date = 2033-01-15 at {spec}:" in msg


def test_the_cli_exits_1_with_every_broken_rule_and_no_traceback():
    result = CliRunner().invoke(main, ["check", str(ONE_YEAR)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "8 errors found." in result.output
    assert result.output.count("rule of clause") == 8


def test_a_rule_is_skipped_when_its_values_are_not_in_the_spec(tmp_path):
    text = ONE_YEAR.read_text(encoding="utf-8")
    # Without the duration clause the term is unknown: the rules on it do not apply. The
    # signing dates are optional: without them the signature and entry-into-force rules rest.
    text = re.sub(r"  - id: duration\n    values:\n(      .*\n)+", "", text)
    text = re.sub(r"    signing_date: .*\n", "", text)
    text = text.replace("since_year: 2027", "since_year: 2004")
    spec = tmp_path / "agreement.yaml"
    spec.write_text(text, encoding="utf-8")
    loaded = api.load(spec)
    assert "duration" not in [use.clause.id for use in loaded.clauses]
    assert not [w for w in loaded.warnings if "rule" in w.message]


def test_a_rule_of_a_clause_left_out_by_its_condition_does_not_apply(tmp_path):
    text = ONE_YEAR.read_text(encoding="utf-8").replace(
        "  - id: exit-edegem\n", "  - id: exit-edegem\n    when: \"partner.country_code == 'PE'\"\n"
    )
    spec = tmp_path / "agreement.yaml"
    spec.write_text(text, encoding="utf-8")
    msgs = problems(spec)
    assert len(msgs) == 7 and not [m for m in msgs if "notice period" in m], msgs


def test_both_examples_keep_every_rule():
    """Loading raises on a broken rule; both examples also carry values that every rule reads."""
    for spec in (EXAMPLE, ROOT / "examples" / "herent-nimlahakok" / "agreement.yaml"):
        ids = {use.clause.id for use in api.load(spec).clauses}
        assert {"duration", "exit-edegem", "renewal", "joint-evaluation", "preamble"} <= ids


def test_a_municipality_rule_reads_a_bundled_clause_variable(tmp_path):
    herent = ROOT / "examples" / "herent-nimlahakok"
    text = (herent / "agreement.yaml").read_text(encoding="utf-8").replace("route_year: 2028", "route_year: 2034")
    text = text.replace("libraries: [library]", f"libraries: [{herent / 'library'}]")
    spec = tmp_path / "agreement.yaml"
    spec.write_text(text, encoding="utf-8")
    msg = the(problems(spec), "SDG route")
    assert "route_year = 2034 at" in msg and "duration_years = 6 (default) at" in msg
    assert "sdg-route.yaml:" in msg


def test_unknown_names_and_attributes_and_unreadable_rules_are_refused_at_clauses_validate():
    folder = FIXTURES / "clauses" / "rules-bad"
    result = api.validate_library(folder)
    msgs = sorted(str(p) for p in result.problems if p.severity == "error")
    bad = folder / "final" / "bad-rules.yaml"
    unreadable = folder / "final" / "unreadable-rule.yaml"
    expected = [
        (f"{bad}:{line_of(bad, 'duration_yeras')}:", "'duration_yeras'", "did you mean 'duration_years'"),
        (f"{bad}:{line_of(bad, 'signing_dat ')}:", "'partner.signing_dat'", "did you mean 'signing_date'"),
        (f"{bad}:{line_of(bad, 'article')}:", "'article'", "rules may read clause variables"),
        (f"{bad}:{line_of(bad, 'no_such_value')}:", "rules[3].when", "'no_such_value'"),
        (f"{unreadable}:{line_of(unreadable, '< <')}:", "cannot read this expression", "unexpected '<'"),
    ]
    for where, *texts in expected:
        assert any(m.startswith(where) and all(t in m for t in texts) for m in msgs), (where, texts, msgs)
    assert len(msgs) == len(expected), msgs
    result = CliRunner().invoke(main, ["clauses", "validate", str(folder)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_hostile_rules_end_as_errors_at_their_lines_and_quickly():
    spec = SPECS / "hostile.yaml"
    clause_file = FIXTURES / "clauses" / "rules-hostile" / "final" / "hostile-rules.yaml"
    started = time.monotonic()
    msgs = problems(spec)
    assert time.monotonic() - started < 5
    expected = {
        "__class__": "unsafe",
        "10 ** 10)": "larger than clause texts may compute",
        "'x' * 10 ** 9": "larger than clause texts may produce",
        "10 ** 6)": "add_years() takes a whole number",
        "'x')": "add_months() takes a whole number",
    }
    for fragment, reason in expected.items():
        line = line_of(clause_file, re.escape(fragment))
        msg = the(msgs, reason)
        assert msg.startswith(f"{clause_file}:{line}:") and "cannot be evaluated" in msg, msg
    assert len(msgs) == len(expected), msgs


def test_date_helpers_count_months_as_terms_are_counted():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 3, 15), -3) == dt.date(2025, 12, 15)
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2026, 11, 27), 6) == dt.date(2032, 11, 27)
    for bad in ((dt.date(2026, 1, 1), 101), (dt.date(2026, 1, 1), True), ("2026-01-01", 1), (dt.date(9999, 1, 1), 1)):
        with pytest.raises(ValueError):
            add_years(*bad)


def test_clause_texts_still_cannot_call_the_helpers():
    """The helpers are in the rules' context only; a clause text naming one is refused at load."""
    text = """
id: helper-in-text
category: final
version: 1.0.0
title: {nl: Einde, es: Fin}
text:
  nl: "Tot {{ add_years(agreement.date, 6) }}."
  es: "Hasta {{ add_years(agreement.date, 6) }}."
"""
    _, found = parse_clause(load_yaml_text(text, "helper-in-text.yaml"))
    assert [p for p in found if "add_years" in p.message and "not a declared variable" in p.message]
    assert "add_years" not in clausetext.GLOBALS


def test_clauses_without_rules_keep_their_content_hash():
    """Rules joined the clause format later; a clause without any must hash as before, so locks hold."""
    import hashlib
    import json

    parties = api.find_clause("parties")
    assert parties.rules == []
    data = parties.to_dict()
    for key in ("file", "library", "rules"):
        data.pop(key, None)
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert parties.content_hash == hashlib.sha256(canonical.encode("utf-8")).hexdigest()  # as before rules existed
    assert api.find_clause("exit-edegem").to_dict()["rules"][0]["require"] == "notice_months < duration_years * 12"


def test_clauses_show_lists_the_rules():
    result = CliRunner().invoke(main, ["clauses", "show", "exit-edegem"])
    assert result.exit_code == 0 and "  rule: notice_months < duration_years * 12\n" in result.output


def test_a_variable_may_not_take_a_helpers_name():
    text = """
id: shadow
category: final
version: 1.0.0
title: {nl: Termijn, es: Plazo}
variables:
  - name: add_years
    type: integer
    default: 1
    description: {nl: Jaren., es: Años.}
text: {nl: "{{ add_years }} jaar.", es: "{{ add_years }} años."}
"""
    _, found = parse_clause(load_yaml_text(text, "shadow.yaml"))
    assert [str(p) for p in found] == [
        "shadow.yaml:7:11: variables[0].name: 'add_years' is the name of a helper that rules call; choose another name"
    ]
