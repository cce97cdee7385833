"""The small checks parse_clause is made of, each on inline YAML with its exact problems."""

from __future__ import annotations

from typing import Any

import pytest

from agreement_builder.core.schema import MISSING, Checker
from agreement_builder.core.yamlsource import Source
from agreement_builder.kinds.agreement.clause import (
    Variable,
    check_article_calls,
    check_condition,
    check_same_expressions,
    check_text,
    check_texts,
    check_variable_choices,
    check_variable_name,
    parse_clause,
    parse_variable,
    parse_variables,
    readable_parts,
    variable_default,
    warn_unused_variables,
)
from agreement_builder.kinds.agreement.clausetext import GLOBALS

from .conftest import FIXTURES, found, yaml_source


def load(text: str, name: str = "notice.yaml") -> Source:
    return yaml_source(text, name)


def checker() -> Checker:
    return Checker(load("variables: [{name: a}, {name: b}]\ntext: {nl: a, es: b}\nwhen: x\n"))


def raw(**keys: Any) -> dict[str, Any]:
    """A variable as it comes out of VARIABLE_SCHEMA: every key present, unset ones None."""
    variable = {
        "name": "months",
        "type": "integer",
        "required": False,
        "default": None,
        "description": {"nl": "Maanden.", "es": "Meses."},
        "minimum": None,
        "maximum": None,
        "choices": None,
    }
    return variable | keys


# ---------------------------------------------------------------------------------------------
# Variables


def test_a_good_variable_becomes_a_variable_with_its_checked_default():
    ck = checker()
    variable = parse_variable(raw(default=6, minimum=1, maximum=24), ("variables", 0), set(), ck)
    assert variable == Variable("months", "integer", False, 6, {"nl": "Maanden.", "es": "Meses."}, 1, 24)
    assert found(ck) == []


def test_minimum_above_maximum_leaves_the_variable_out():
    ck = checker()
    assert parse_variable(raw(minimum=5, maximum=1), ("variables", 1), set(), ck) is None
    assert found(ck) == [("variables[1]", "minimum 5 is larger than maximum 1; swap them", "error")]


def test_a_variable_reports_every_misfit_in_order():
    ck = checker()
    variable = parse_variable(
        raw(type="text", required=True, default=5, minimum=1, choices={"a": {"nl": "a", "es": "a"}}),
        ("variables", 0),
        set(),
        ck,
    )
    assert found(ck) == [
        ("variables[0]", "a variable is either required or has a default, not both", "error"),
        ("variables[0]", "choices apply to enum variables only", "error"),
        ("variables[0].default", "expected a mapping with 'nl' and 'es' texts or plain text, got a number", "error"),
        ("variables[0]", "minimum and maximum apply to integer variables only", "error"),
    ]
    assert variable is not None and variable.default is MISSING


def test_names_declared_twice_or_reserved_for_spec_data():
    ck = checker()
    seen: set[str] = set()
    check_variable_name("months", ("variables", 0), seen, ck)
    check_variable_name("months", ("variables", 1), seen, ck)
    check_variable_name("partner", ("variables", 2), seen, ck)
    assert seen == {"months", "partner"}
    assert found(ck) == [
        ("variables[1].name", "variable 'months' is declared twice", "error"),
        ("variables[2].name", "'partner' is reserved for spec data; choose another name", "error"),
    ]


@pytest.mark.parametrize(
    ("vtype", "choices", "expected"),
    [
        ("enum", None, [("variables[0]", "enum variable 'months' needs 'choices:'", "error")]),
        ("enum", {"a": {"nl": "a", "es": "a"}}, []),
        ("integer", {"a": {"nl": "a", "es": "a"}}, [("variables[0]", "choices apply to enum variables only", "error")]),
        ("integer", None, []),
    ],
)
def test_choices_belong_to_enum_variables_only(vtype, choices, expected):
    ck = checker()
    check_variable_choices(raw(type=vtype, choices=choices), ("variables", 0), ck)
    assert found(ck) == expected


def test_defaults_are_checked_against_type_bounds_and_choices():
    ck = checker()
    assert variable_default(raw(type="boolean"), ("variables", 0), ck) is False  # an optional boolean is false
    assert variable_default(raw(type="boolean", required=True), ("variables", 0), ck) is None
    assert variable_default(raw(type="text"), ("variables", 0), ck) is None  # absent: prints as nothing
    assert variable_default(raw(default=30, maximum=24), ("variables", 1), ck) is MISSING
    choices = {"low": {"nl": "laag", "es": "bajo"}, "high": {"nl": "hoog", "es": "alto"}}
    assert variable_default(raw(type="enum", default="hihg", choices=choices), ("variables", 2), ck) is MISSING
    assert variable_default(raw(type="party", default="herent"), ("variables", 3), ck) == "herent"
    assert found(ck) == [
        ("variables[1].default", "30 is above the maximum 24", "error"),
        (
            "variables[2].default",
            "'hihg' is not one of the choices (did you mean 'high'?); choose from high, low",
            "error",
        ),
    ]


def test_parse_variables_skips_broken_ones_and_keeps_the_order():
    ck = checker()
    variables = parse_variables(
        [raw(name="a"), MISSING, raw(name="b", minimum=3, maximum=2), raw(name="c"), raw(name="a")], ck
    )
    assert [v.name for v in variables] == ["a", "c", "a"]
    assert found(ck) == [
        ("variables[2]", "minimum 3 is larger than maximum 2; swap them", "error"),
        ("variables[4].name", "variable 'a' is declared twice", "error"),
    ]


# ---------------------------------------------------------------------------------------------
# Texts and the condition

CLAUSE = """
    id: notice
    category: final
    version: 1.0.0
    title: {nl: Opzeg, es: Preaviso}
    text:
      nl: |
        Eerste regel.

        {{ months }
      es: Texto.
"""


def test_a_template_syntax_error_points_at_its_line_inside_the_text():
    source = load(CLAUSE)
    ck = Checker(source)
    assert check_text("nl", source.data["text"]["nl"], set(GLOBALS), source, ck) is None
    (problem,) = ck.problems
    # text.nl starts on line 7 (line 1 is blank); the error is on the text's third line.
    assert (str(problem.location), problem.key_path) == ("notice.yaml:10", "text.nl")
    assert problem.message.startswith("template error in the nl text: unexpected '}'")
    assert "to print a brace itself, write {{ '{{' }}" in problem.message  # the fix, for a literal brace


def test_placeholders_attributes_and_markup_in_a_text():
    ck = checker()
    used = check_text(
        "es",
        "{{ monts }} meses, {{ partner.contry_code }}. [Véase](https://example.org)",
        {"months"} | GLOBALS,
        ck.source,
        ck,
    )
    assert used == {"monts", "partner"}
    assert found(ck) == [
        (
            "text.es",
            "placeholder {{ monts }} is not a declared variable (did you mean 'months'?); declare it under 'variables'",
            "error",
        ),
        (
            "text.es",
            "{{ partner.contry_code }} does not exist (did you mean 'country_code' or 'country'?); partner has id, "
            "name, short_name, country, country_code, representative, function, signing_place, expectations, "
            "contributions, kind, kind_label, institution_known, approving_body, approving_act, laws, approval, "
            "co_signatory, co_function, id_document, id_number, address, credential",
            "error",
        ),
        ("text.es", "contains a link; clause texts may use paragraphs, lists and emphasis only", "error"),
    ]


def test_check_texts_returns_the_names_of_each_readable_text():
    ck = checker()
    used = check_texts({"nl": "{{ months }}", "es": "{% if %}"}, {"months"}, ck.source, ck)
    assert used == {"nl": {"months"}}
    assert [(path, severity) for path, _, severity in found(ck)] == [("text.es", "error")]
    assert check_texts(MISSING, {"months"}, ck.source, ck) == {}


def test_a_condition_reads_only_spec_data_and_variables():
    ck = checker()
    check_condition("partner.contry == 'GT' and weeks > 2 and months > 1", {"months"} | GLOBALS, ck)
    assert found(ck) == [
        (
            "when",
            "the condition reads 'partner.contry', which does not exist "
            "(did you mean 'country' or 'country_code' or 'co_signatory'?); "
            "partner has id, "
            "name, short_name, country, country_code, representative, function, signing_place, expectations, "
            "contributions, kind, kind_label, institution_known, approving_body, approving_act, laws, approval, "
            "co_signatory, co_function, id_document, id_number, address, credential",
            "error",
        ),
        ("when", "the condition reads 'weeks', which is neither spec data nor a variable", "error"),
    ]


def test_both_languages_must_read_the_same_values():
    ck = checker()
    check_same_expressions({"nl": "{{ parties[0].name }} {{ months }}", "es": "{{ parties[1].name }} {{ months }}"}, ck)
    check_same_expressions({"nl": "{{ months }}", "es": "{{ months }} meses"}, ck)
    assert found(ck) == [
        (
            "text",
            "placeholders differ between the languages: only the Dutch text uses parties[0].name; "
            "only the Spanish text uses parties[1].name",
            "error",
        )
    ]


def test_article_takes_one_quoted_clause_id():
    source = load(CLAUSE)
    ck = Checker(source)
    check_article_calls({"nl": "{{ article('exit') }}\n{{ article(x) }}", "es": "{{ article('a', 'b') }}"}, source, ck)
    assert [(str(p.location), p.key_path, p.message) for p in ck.problems] == [
        ("notice.yaml:9", "text.nl", "article(...) takes one clause id in quotes, e.g. article('exit-edegem')"),
        ("notice.yaml:12", "text.es", "article(...) takes one clause id in quotes, e.g. article('exit-edegem')"),
    ]


def test_a_variable_no_text_prints_is_a_warning():
    ck = checker()
    variables = [Variable(n, "integer", False, None, {"nl": "", "es": ""}) for n in ("months", "weeks", "days")]
    warn_unused_variables(variables, {"nl": {"months"}, "es": {"days"}}, ck)
    assert found(ck) == [("variables", "variable 'weeks' is declared but never used in the text", "warning")]


# ---------------------------------------------------------------------------------------------
# A clause file whose shape is wrong, and parse_clause as a whole


def test_readable_parts_of_a_broken_file_are_still_checked():
    source = load(
        """
        id: notice
        colour: red
        variables:
          - {name: months, type: integer, description: {nl: M, es: M}}
          - {name: weeks, type: nonsense}
          - 5
        text: {nl: "{{ months }}", es: "{{ months }}"}
        when: "months > 1"
        """
    )
    parts = readable_parts(source)
    assert [v if v is MISSING else v["name"] for v in parts.variables] == ["months", MISSING, MISSING]
    assert parts.named == {"months", "weeks"}
    assert parts.texts == {"nl": "{{ months }}", "es": "{{ months }}"}
    assert parts.when == "months > 1"
    assert readable_parts(load("when: 'months >'\n")).when is None
    assert readable_parts(load("- a list\n")).variables == []


def test_a_broken_file_reports_its_shape_and_its_texts_together():
    clause, problems = parse_clause(
        load(
            """
            id: notice
            version: 1.0.0
            title: {nl: Opzeg, es: Preaviso}
            variables:
              - {name: weeks, type: nonsense}
            text: {nl: "{{ weeks }} {{ days }}", es: "{{ weeks }} {{ days }}"}
            """
        )
    )
    assert clause is None
    assert [(p.key_path, p.message) for p in problems] == [
        ("", "missing required key 'category'"),
        ("variables[0].type", "'nonsense' is not one of text, integer, boolean, date, money, list, party, sdg, enum"),
        ("variables[0]", "missing required key 'description'"),
        ("text.nl", "placeholder {{ days }} is not a declared variable; declare it under 'variables'"),
        ("text.es", "placeholder {{ days }} is not a declared variable; declare it under 'variables'"),
    ]


def test_the_id_must_equal_the_file_name():
    clause, problems = parse_clause(load(CLAUSE.replace("{{ months }", "Derde regel."), "other.yaml"))
    assert clause is not None and clause.id == "notice"
    assert [(p.key_path, p.message) for p in problems] == [
        ("id", "id 'notice' differs from the file name 'other.yaml'; make them equal")
    ]


def test_problems_inside_a_clause_text_point_at_their_line_and_column_in_both_languages():
    """Not at the `nl: |` line: at the tag itself, for both languages in one run."""
    from agreement_builder import api

    folder = FIXTURES / "clauses" / "positions"
    problems = {str(p) for p in api.validate_library(folder).problems}
    bad, undeclared = folder / "general" / "bad-text.yaml", folder / "general" / "undeclared.yaml"
    assert any(p.startswith(f"{bad}:10:22: text.nl: template error") for p in problems)
    assert any(p.startswith(f"{bad}:13:23: text.es: template error") for p in problems)
    assert all("to print a brace itself" in p for p in problems if "template error" in p)
    firsts = {p.split(";")[0] for p in problems}
    assert f"{undeclared}:10:19: text.nl: placeholder {{{{ termijn }}}} is not a declared variable" in firsts
    assert f"{undeclared}:14:20: text.es: placeholder {{{{ plazo }}}} is not a declared variable" in firsts


def test_in_words_is_linted_at_its_line_and_column():
    """A wrong gender, a second argument, an amount in words and a misspelt filter: each at its place."""
    from agreement_builder import api

    folder = FIXTURES / "clauses" / "words"
    counts, typo = folder / "general" / "counts.yaml", folder / "general" / "typo.yaml"
    assert [str(p) for p in api.validate_library(folder).problems] == [
        f"{counts}:18:34: text.nl: unknown gender 'v' for in_words; use 'm' (masculine, the default) or 'f' (feminine)",
        f"{counts}:19:37: text.nl: in_words writes whole numbers in words, but 'budget' is a money variable; "
        "amounts of money stay in figures",
        f"{counts}:21:38: text.es: in_words takes at most one argument, the gender of the counted noun: in_words('f')",
        f"{typo}:17:16: text.es: unknown filter 'in_woords' (did you mean 'in_words'?); clause texts may use "
        "capitalize, count, d, default, first, in_words, join, last, length, list, lower, sort, title, trim, unique, "
        "upper",
    ]


def test_an_unknown_filter_makes_the_text_unreadable_instead_of_crashing_the_lint():
    ck = checker()
    assert check_text("nl", "{{ months | in_woords }} {{ months | uper }}", {"months"}, ck.source, ck) is None
    assert [message.split(";")[0] for _, message, _ in found(ck)] == [
        "unknown filter 'in_woords' (did you mean 'in_words'?)",
        "unknown filter 'uper' (did you mean 'upper'?)",
    ]
