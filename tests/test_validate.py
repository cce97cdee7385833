"""The small checks validate_spec is made of, each on inline YAML with its exact problems."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from agreement_builder.core.errors import InputError
from agreement_builder.core.schema import Checker
from agreement_builder.core.yamlsource import Source
from agreement_builder.kinds.agreement.clause import Clause, parse_clause
from agreement_builder.kinds.agreement.library import Library
from agreement_builder.kinds.agreement.validate import (
    SpecFacts,
    check_clause_entries,
    check_entry_condition,
    check_first_party_country,
    check_name_lengths,
    check_partner_country,
    check_party_ids,
    check_pinned_version,
    check_priorities,
    check_short_names,
    check_spec_placeholders,
    raw_list,
    validate_spec,
)

from .conftest import EXAMPLE, FIXTURES, found, yaml_source


def load(text: str, name: str = "spec.yaml") -> Source:
    return yaml_source(text, name)


def parties_of(text: str) -> tuple[list[Any], Checker]:
    source = load(text)
    return raw_list(source.data, "parties"), Checker(source)


# ---------------------------------------------------------------------------------------------
# Parties


def test_party_ids_used_twice_are_reported_at_the_second():
    parties, ck = parties_of(
        """
        parties:
          - id: a
          - id: b
          - id: a
          - name: no id
          - id: 7
        """
    )
    assert check_party_ids(parties, ck) == ["a", "b", "a"]
    assert found(ck) == [("parties[2].id", "party id 'a' is used twice", "error")]
    assert str(ck.problems[0].location) == "spec.yaml:5:9"  # line 1 is the blank after """


def test_short_names_are_compared_in_both_languages():
    parties, ck = parties_of(
        """
        parties:
          - short_name: {nl: Herent, es: Herent}
          - short_name: Cobán
          - short_name: {nl: Kobaan, es: Cobán}
        """
    )
    check_short_names(parties, ck)
    assert found(ck) == [("parties[2].short_name", "short name 'Cobán' is also used by parties[1]", "error")]


def test_one_party_may_use_the_same_short_name_in_both_languages():
    parties, ck = parties_of("parties: [{short_name: {nl: Herent, es: Herent}}, {short_name: Tarija}]")
    check_short_names(parties, ck)
    assert found(ck) == []


NOT_FLEMISH_FIRST = (
    "the first party is usually the Flemish municipality (country BE); clause texts such as the "
    "preamble and the budget article assume that order"
)


@pytest.mark.parametrize(
    ("country", "warned"),
    [
        ("BO", True),
        ("bo", True),
        ("'NO'", True),
        ("BE", False),
        ("XX", False),  # not a country at all: the Country field reports that
        ("NO", False),  # YAML's false: the Country field reports that too
    ],
)
def test_first_party_is_expected_to_be_belgian(country, warned):
    parties, ck = parties_of(f"parties: [{{country: {country}}}, {{country: BO}}]")
    check_first_party_country(parties, ck)
    assert found(ck) == ([("parties[0].country", NOT_FLEMISH_FIRST, "warning")] if warned else [])


def test_a_belgian_partner_gets_a_warning_only_with_exactly_two_parties():
    parties, ck = parties_of("parties: [{country: BE}, {country: BE}]")
    check_partner_country(parties, ck)
    assert found(ck) == [
        ("parties[1].country", "the partner town is in Belgium too; is the country code right?", "warning")
    ]
    three, ck = parties_of("parties: [{country: BE}, {country: BE}, {country: BE}]")
    check_partner_country(three, ck)
    assert found(ck) == []


def test_names_longer_than_200_characters_are_refused_in_any_language():
    long = ("Gemeente " * 23)[:201]  # words with spaces: a longer word is refused when the YAML is read
    parties, ck = parties_of(
        f"""
        parties:
          - name: {{nl: Herent, es: {long}}}
            representative: {("Jan " * 50)[:200]}
          - signing_place: {long}
            function: 5
          - just text
        """
    )
    check_name_lengths(parties, ck)
    assert found(ck) == [
        ("parties[0].name", "is 201 characters long; names stay under 200", "error"),
        ("parties[1].signing_place", "is 201 characters long; names stay under 200", "error"),
    ]


# ---------------------------------------------------------------------------------------------
# Priorities


def test_priority_ids_and_sdgs_listed_twice():
    source = load(
        """
        priorities:
          - id: water
            sdgs: [6, 13, 6, 6]
          - id: water
            sdgs: 6
          - id: [not, text]
          - id: forest
        """
    )
    ck = Checker(source)
    check_priorities(raw_list(source.data, "priorities"), ck)
    assert found(ck) == [
        ("priorities[0].sdgs[2]", "SDG 6 is listed twice for this priority", "error"),
        ("priorities[0].sdgs[3]", "SDG 6 is listed twice for this priority", "error"),
        ("priorities[1].id", "priority id 'water' is used twice", "error"),
    ]


def test_raw_list_is_empty_for_anything_but_a_list():
    assert raw_list({"parties": 5}, "parties") == []
    assert raw_list({}, "parties") == []
    assert raw_list({"parties": [1]}, "parties") == [1]


# ---------------------------------------------------------------------------------------------
# Placeholders


@pytest.mark.parametrize(
    ("status", "severity", "tail"), [("draft", "warning", ""), ("final", "error", " before the final version")]
)
def test_placeholders_from_new_agreement_are_found_in_printed_parts(status, severity, tail):
    source = load(
        f"""
        status: {status}
        title: {{nl: Voorbeeld, es: Un Ejemplo claro}}
        parties:
          - representative: Voornaam Naam
          - representative: Voornaam Namen  # a real name that only starts like the placeholder
        clauses:
          - id: x
            values: {{what: {{nl: (in te vullen), es: ok}}}}
        libraries: [Voorbeeld]  # not printed
        """
    )
    ck = Checker(source)
    check_spec_placeholders(source.data, ck)
    message = "is a placeholder from 'new agreement'; replace it" + tail
    assert found(ck) == [
        ("title.nl", f"'Voorbeeld' {message}", severity),
        ("title.es", f"'Ejemplo' {message}", severity),
        ("parties[0].representative", f"'Voornaam Naam' {message}", severity),
        ("clauses[0].values.what.nl", f"'(in te vullen)' {message}", severity),
    ]


# ---------------------------------------------------------------------------------------------
# Clause entries, against a small library written here


def clause(name: str, text: str) -> Clause:
    parsed, problems = parse_clause(load(text, f"{name}.yaml"))
    assert parsed is not None and [p for p in problems if p.severity == "error"] == [], problems
    return parsed


NOTICE = """
    id: notice
    category: final
    version: 1.1.0
    title: {nl: Opzeg, es: Preaviso}
    variables:
      - name: months
        type: integer
        minimum: 1
        maximum: 24
        default: 6
        description: {nl: Maanden., es: Meses.}
    text: {nl: "{{ months }} maanden.", es: "{{ months }} meses."}
"""
BUDGET = """
    id: budget
    category: finance
    version: 1.0.0
    title: {nl: Budget, es: Presupuesto}
    variables:
      - name: amount
        type: money
        required: true
        description: {nl: Bedrag., es: Monto.}
      - name: lead
        type: party
        default: brasschaat
        description: {nl: Trekker., es: Líder.}
    text: {nl: "{{ amount }} door {{ lead }}.", es: "{{ amount }} por {{ lead }}."}
"""
LISTS = """
    id: lists
    category: cooperation
    version: 1.0.0
    title: {nl: Lijsten, es: Listas}
    requires: [expectations, priorities]
    text: {nl: Lijsten., es: Listas.}
"""


@pytest.fixture(scope="module")
def library() -> Library:
    clauses = [clause("notice", NOTICE), clause("budget", BUDGET), clause("lists", LISTS)]
    return Library({c.id: c for c in clauses}, [], broken={"broken"})


def entries(library: Library, text: str, party_ids=("herent", "coban"), has_priorities=True):
    source = load(text)
    parties = raw_list(source.data, "parties")
    ck = Checker(source)
    uses = check_clause_entries(source, SpecFacts(library, list(party_ids), parties, has_priorities), ck)
    return uses, found(ck)


def test_a_plain_clause_id_gets_its_defaults(library):
    uses, problems = entries(library, "clauses: [notice]")
    assert problems == []
    (use,) = uses
    assert use.clause.id == "notice" and use.values == {"months": 6} and use.when is None
    assert use.path == ("clauses", 0) and str(use.location) == "spec.yaml:1:11"


def test_unknown_broken_and_repeated_clauses(library):
    uses, problems = entries(library, "clauses: [notise, broken, notice, {id: notice}, 5]")
    assert [u.clause.id for u in uses] == ["notice"]
    assert problems == [
        (
            "clauses[0]",
            "unknown clause 'notise' (did you mean 'notice'?); "
            "'agreement-builder clauses list' shows the available clauses",
            "error",
        ),
        ("clauses[3]", "clause 'notice' is already used at clauses[2]; use each clause once", "error"),
    ]


def test_versions_pinned_twice_unreadable_or_different(library):
    uses, problems = entries(
        library,
        """
        clauses:
          - {id: notice@1.1, version: 1.1.0}
          - {id: budget@latest, values: {amount: {amount: 1, currency: EUR}}}
          - lists@2
        """,
        party_ids=("brasschaat", "coban"),
    )
    assert [u.clause.id for u in uses] == ["notice", "budget", "lists"]
    assert problems == [
        ("clauses[0]", "the version is given twice (id@version and version:); keep one", "error"),
        ("clauses[1].id", "'latest' is not a version; pin like budget@1.0.0", "error"),
        (
            "clauses[2]",
            "the spec pins lists@2, but the library has version 1.0.0 in lists.yaml; read that text and, "
            "if the parties agree to it, update the pin (or keep version 2 in your own library)",
            "error",
        ),
    ]


def test_entry_conditions_are_compiled_and_kept(library):
    uses, problems = entries(
        library,
        """
        clauses:
          - {id: notice, when: "partner.country_code == 'GT'"}
          - {id: lists, when: "partner.country_code =="}
        """,
    )
    assert [u.when for u in uses] == ["partner.country_code == 'GT'", None]
    assert [(path, message.split(":")[0]) for path, message, _ in problems] == [
        ("clauses[1].when", "cannot read this condition")
    ]


def test_values_are_checked_against_the_clause_variables(library):
    uses, problems = entries(
        library,
        """
        clauses:
          - id: notice
            values: {months: 30, weeks: 2}
          - id: budget
            values: {lead: nobody}
          - id: budget
        """,
    )
    assert problems == [
        ("clauses[0].values.months", "30 is above the maximum 24", "error"),
        ("clauses[0].values.weeks", "clause 'notice' has no variable 'weeks'; its variables: months", "error"),
        ("clauses[1].values.lead", "unknown party 'nobody'; parties are herent, coban", "error"),
        (
            "clauses[1]",
            "clause 'budget' needs a value for its required variable 'amount' (money: Bedrag.); set it under 'values:'",
            "error",
        ),
        ("clauses[2]", "clause 'budget' is already used at clauses[1]; use each clause once", "error"),
    ]
    # A refused value is left out, and a value given (even a bad one) is not replaced by the default.
    assert [u.values for u in uses] == [{}, {}]


def test_defaults_fill_what_the_spec_leaves_out_and_a_default_party_must_exist(library):
    uses, problems = entries(library, "clauses: [{id: budget, values: {amount: {amount: 5, currency: EUR}}}]")
    assert problems == [
        ("clauses[0]", "clause 'budget': default party 'brasschaat' of 'lead' is not in this spec", "error")
    ]
    assert uses[0].values["lead"] == "brasschaat" and str(uses[0].values["amount"].amount) == "5"
    uses, problems = entries(
        library, "clauses: [{id: budget, values: {amount: {amount: 5, currency: EUR}}}]", ("brasschaat", "coban")
    )
    assert problems == []


def test_data_a_clause_requires_must_be_in_the_spec(library):
    uses, problems = entries(
        library,
        """
        parties:
          - {id: herent, expectations: [{nl: a, es: b}]}
          - {id: coban}
        clauses: [lists]
        """,
        has_priorities=False,
    )
    assert len(uses) == 1
    assert problems == [
        (
            "parties[1]",
            "clause 'lists' lists each party's expectations, but this party has none; add expectations: "
            "(or remove the clause)",
            "error",
        ),
        ("clauses[0]", "clause 'lists' lists the shared priorities, but the spec has none; add priorities:", "error"),
    ]


def test_values_that_are_not_a_mapping_leave_the_clause_out(library):
    uses, problems = entries(library, "clauses: [{id: notice, values: [6]}]")
    assert uses == [] and problems == []  # SPEC reports the shape: expected a mapping of variable names


def test_pinned_version_and_condition_helpers():
    ck = Checker(load("x: 1"))
    assert check_pinned_version({"version": 2}, "a", None, ("clauses", 0), ("clauses", 0, "id"), ck) == "2"
    assert check_pinned_version("a@1.0", "a", "1.0", ("clauses", 1), ("clauses", 1), ck) == "1.0"
    assert check_pinned_version("a@v1", "a", "v1", ("clauses", 2), ("clauses", 2), ck) is None
    assert check_entry_condition({"when": 5}, ("clauses", 3), ck) is None
    assert check_entry_condition("just-an-id", ("clauses", 4), ck) is None
    assert found(ck) == [("clauses[2]", "'v1' is not a version; pin like a@1.0.0", "error")]


# ---------------------------------------------------------------------------------------------
# validate_spec as a whole: inputs that used to crash it


@pytest.mark.parametrize(("parties", "kind"), [("5", "a number"), ("2026-01-01", "a date"), ("{a: 1}", "a mapping")])
def test_parties_that_are_no_list_are_reported_not_crashed_on(library, parties, kind):
    source = load(f"date: 2026-01-01\nparties: {parties}\nclauses: [lists]\n")
    spec, problems = validate_spec(source, library)
    assert spec is None
    assert [(p.key_path, p.message) for p in problems] == [
        ("parties", f"expected a list, got {kind}"),
        ("clauses[0]", "clause 'lists' lists the shared priorities, but the spec has none; add priorities:"),
    ]


def test_a_priority_id_that_is_a_list_is_reported_not_crashed_on(library):
    source = load(
        """
        date: 2026-01-01
        parties: []
        priorities: [{id: [a], title: {nl: a, es: b}, sdgs: [6]}, {id: {b: 1}, title: {nl: a, es: b}, sdgs: [6]}]
        clauses: [notice]
        """
    )
    spec, problems = validate_spec(source, library)
    assert spec is None
    assert [(p.key_path, p.message) for p in problems] == [
        ("parties", "needs at least 2 item(s), has 0"),
        ("priorities[0].id", "expected text, got a list"),
        ("priorities[1].id", "expected text, got a mapping"),
    ]


@pytest.mark.parametrize(
    ("entry", "wanted"),
    [
        ("../../../../../../../../etc", "holds no clause file"),
        ("no-such-folder", "not found"),
    ],
)
def test_a_library_folder_that_cannot_serve_is_an_error_at_its_line(tmp_path, entry, wanted):
    spec = tmp_path / "agreement.yaml"
    text = EXAMPLE.read_text("utf-8")
    spec.write_text(text + f"\nlibraries:\n  - {entry}\n", encoding="utf-8")
    line = len((text + "\nlibraries:\n").splitlines()) + 1
    messages = _problems(spec)
    assert any(m.startswith(f"{spec}:{line}:") and "libraries[0]" in m and wanted in m for m in messages), messages


def test_a_library_folder_outside_the_spec_folder_is_noted(tmp_path):
    import shutil

    shared = tmp_path / "shared-clauses"
    shutil.copytree(FIXTURES / "clauses" / "optional", shared)
    (tmp_path / "town").mkdir()
    spec = tmp_path / "town" / "agreement.yaml"
    spec.write_text(EXAMPLE.read_text("utf-8") + "\nlibraries:\n  - ../shared-clauses\n", encoding="utf-8")
    messages = _problems(spec)
    outside = "note: libraries[0]: library folder '../shared-clauses' is outside the spec's folder"
    assert any(outside in m for m in messages), messages


def _problems(spec) -> list[str]:
    from agreement_builder import api
    from agreement_builder.core.errors import InputError

    try:
        return [str(p) for p in api.check(spec).warnings]
    except InputError as exc:
        return [str(p) for p in exc.problems]


# ---------------------------------------------------------------------------------------------
# Parties in law: institutions and identification


def _spec_with(tmp_path, partner: str, status: str = "draft", first_extra: str = "") -> Any:
    """A small spec whose second party is ``partner`` (YAML lines of a party mapping)."""
    from agreement_builder.kinds.agreement.validate import load_spec

    text = textwrap.dedent(
        f"""\
        date: 2026-03-15
        status: {status}
        parties:
          - id: zoersel
            name: {{nl: Gemeente Zoersel, es: Municipio de Zoersel}}
            short_name: Zoersel
            country: BE
            representative: Liesbeth Verstreken
            function: {{nl: burgemeester, es: alcaldesa}}
            signing_place: Zoersel
        """
    )
    text += textwrap.indent(textwrap.dedent(first_extra), "    ")
    text += "  - id: partner\n" + textwrap.indent(textwrap.dedent(partner), "    ")
    text += "clauses: [parties, legal-framework, signatures]\n"
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        return load_spec(path)
    except InputError as exc:
        return exc


OCOTAL = """\
name: {nl: Gemeente Ocotal, es: Alcaldía Municipal de Ocotal}
short_name: Ocotal
country: NI
representative: Ana Rivera Zeledón
function: {nl: burgemeester, es: alcaldesa}
signing_place: Ocotal
"""

IDENTIFIED = """\
identification:
  number: 001-230580-0004K
  address: Frente al parque central, Ocotal
  credential: {nl: geloofsbrief van de Hoge Kiesraad, es: la credencial del Consejo Supremo Electoral}
approval: {number: 12-2026, date: 2026-03-01}
"""

FLEMISH_SIGNS = """\
co_signatory: {name: Tom Peeters, function: {nl: algemeen directeur, es: director general}}
approval: {date: 2026-02-23}
"""


def test_a_country_without_institution_data_gets_a_warning_naming_it(tmp_path):
    spec = _spec_with(tmp_path, OCOTAL.replace("country: NI", "country: SN") + IDENTIFIED, first_extra=FLEMISH_SIGNS)
    messages = [p.message for p in spec.warnings if p.severity == "warning"]
    assert any("no entry for a municipality in Senegal (SN)" in m for m in messages), messages
    assert not any("Nicaragua" in m for m in messages)


def test_a_known_country_gets_no_warning_and_nothing_missing_in_a_complete_final_spec(tmp_path):
    spec = _spec_with(tmp_path, OCOTAL + IDENTIFIED, status="final", first_extra=FLEMISH_SIGNS)
    assert not isinstance(spec, InputError), spec
    assert [p for p in spec.warnings if p.severity in ("warning", "note")] == []


def test_an_unknown_kind_of_partner_is_an_error_with_a_suggestion(tmp_path):
    result = _spec_with(tmp_path, OCOTAL + "kind: asociation\n", first_extra=FLEMISH_SIGNS)
    assert isinstance(result, InputError)
    text = "\n".join(str(p) for p in result.problems)
    assert "parties[1].kind: unknown kind of partner 'asociation' (did you mean 'association'?)" in text


def test_what_the_law_requires_is_a_note_in_a_draft_and_an_error_in_a_final_version(tmp_path):
    draft = _spec_with(tmp_path, OCOTAL)
    notes = {p.key_path: p.message for p in draft.warnings if p.severity == "note"}
    assert set(notes) == {
        "parties[0].co_signatory",
        "parties[0].approval.date",
        "parties[1].identification.number",
        "parties[1].identification.address",
        "parties[1].identification.credential",
        "parties[1].approval.number",
        "parties[1].approval.date",
    }
    assert "algemeen directeur" in notes["parties[0].co_signatory"]
    assert "cédula de identidad" in notes["parties[1].identification.number"]
    final = _spec_with(tmp_path, OCOTAL, status="final")
    assert isinstance(final, InputError)
    errors = {p.key_path for p in final.problems if p.severity == "error"}
    assert errors == set(notes)
    assert all("before the final version" in p.message for p in final.problems if p.severity == "error")
