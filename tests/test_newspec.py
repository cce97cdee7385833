"""`agreement-builder new agreement`, driven as a new user would: every answer typed in a terminal."""

from __future__ import annotations

import datetime as _dt

import pytest
import yaml
from click.testing import CliRunner

from agreement_builder import api
from agreement_builder.cli import main
from agreement_builder.kinds.agreement.library import bundled_library
from agreement_builder.kinds.agreement.newspec import (
    CORE_CLAUSES,
    Prompter,
    default_date,
    default_integer,
    new_agreement,
    place_clauses,
    scalar,
    slug,
)

from .conftest import FIXTURES, docx_text, model_text

OPTIONAL = FIXTURES / "clauses" / "optional"
TODAY = _dt.date.today()


def invoke(args, answers: list[str] | None = None):
    text = None if answers is None else "".join(a + "\n" for a in answers)
    return CliRunner().invoke(main, args, input=text)


def build_and_read(spec, libraries=None, tmp=None):
    """Check the spec as `check` does, build the DOCX, and return (docx text, text of the resolved model).

    One format is enough here: the model is what every writer prints, and the writers' output
    of real agreements is pinned by the golden and render tests.
    """
    from agreement_builder.kinds.agreement.resolve import resolve

    checked = api.check(spec, libraries)
    doc = resolve(checked, checked.layout, provenance_annex=True)
    result = api.build(spec, tmp or spec.parent / "out", ("docx",), libraries=libraries)
    return docx_text(result.files[0]), model_text(doc, furniture=True)


def test_enter_everywhere_writes_the_defaults_draft_which_checks_and_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(["new", "agreement"], [""] * 80)
    assert result.exit_code == 0, result.output
    assert "wrote agreement.yaml" in result.output
    # The SDGs are offered by number and name before the question.
    assert " 6  Schoon water en sanitair / Agua limpia y saneamiento" in result.output
    assert "17  Partnerschap om doelstellingen te bereiken" in result.output
    typed = (tmp_path / "agreement.yaml").read_text(encoding="utf-8")

    assert invoke(["new", "agreement", "--defaults", "-o", "defaults.yaml"]).exit_code == 0
    defaults = (tmp_path / "defaults.yaml").read_text(encoding="utf-8")
    assert typed == defaults.replace("defaults.yaml", "agreement.yaml")

    check = invoke(["check", "agreement.yaml"])
    library = api.load_library()  # once: loading the library parses every clause
    core = [c for c in CORE_CLAUSES if library.get(c)]
    assert check.exit_code == 0 and f"{len(core)} articles" in check.output, check.output
    docx, model = build_and_read(tmp_path / "agreement.yaml")
    for text in (docx, model):
        for needle in (
            "Gemeente Voorbeeld",
            "Gobierno Autónomo Municipal de Ejemplo",
            "Voornaam Naam",
            "Kinderrechten",
            "Agua",
        ):
            assert needle in text, needle


def test_defaults_draft_is_commented_and_marks_what_to_replace(tmp_path):
    out = tmp_path / "draft.yaml"
    result = invoke(["new", "agreement", "--defaults", "-o", out])
    assert result.exit_code == 0, result.output
    assert "?" not in result.output  # no questions asked
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=schemas/agreement.schema.json"
    assert f"agreement-builder check {out}" in text and f"agreement-builder build {out}" in text
    assert "      nl: Gemeente Voorbeeld" in lines and "    representative: Voornaam Naam  # ← replace" in lines
    assert "    name:  # ← replace" in lines
    # Every section has a comment above it.
    for key in ("title:", "date:", "status:", "layout:", "parties:", "priorities:", "clauses:"):
        at = next(i for i, line in enumerate(lines) if line.startswith(key))
        assert lines[at - 1].startswith("# "), key
    # Each value of each clause is explained, in both languages, from the variable's description.
    library = bundled_library()
    spec = yaml.safe_load(text)
    for entry in spec["clauses"]:
        if isinstance(entry, dict):
            for var in library.get(entry["id"]).variables:
                if var.default is None and not var.required:  # optional: a comment, not a key
                    assert f"# optional, {var.name}: " in text
                    continue
                at = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{var.name}:"))
                above = "\n".join(lines[at - 8 : at])
                assert var.description["es"].split()[0] in above and "# (" in lines[at - 1], var.name
    assert [c if isinstance(c, str) else c["id"] for c in spec["clauses"]] == [
        c for c in CORE_CLAUSES if library.get(c)
    ]
    assert spec["clauses"][1]["values"]["since_year"] == TODAY.year
    duration = next(c for c in spec["clauses"] if isinstance(c, dict) and c["id"] == "duration")
    assert duration["values"]["review_date"] == default_date(TODAY)
    assert len(spec["priorities"]) == 2 and all(p["sdgs"] for p in spec["priorities"])
    assert all(len(p["expectations"]) == 1 and len(p["contributions"]) == 1 for p in spec["parties"])


# A Flemish coordinator starts the Herent – Nimlaha'kok agreement, with a few typing mistakes.
SESSION = [
    # Flemish municipality
    "Herent",  # short name
    "",  # Gemeente Herent
    "",  # Municipio de Herent
    "An\u200bPeeters",  # a zero-width space: refused, asked again
    "An Peeters",
    "",  # burgemeester
    "alcaldesa",
    "",  # place of signing: Herent
    "",  # co-signatory (algemeen directeur): not known yet
    "",  # date of the council decision: not known yet
    # Partner town
    "Herent",  # same short name: asked again
    "Nimlaha'kok",
    "XX",  # not a country: asked again
    "gt",  # before the names, which follow the country's pattern
    "Regio Nimlaha'kok",
    "Región Nimlaha'kok",
    "Rosa Caal",
    "",
    "",
    "Cobán",
    *["", "", "", "", ""],  # DPI number, address, credential, act number and date: not known yet
    # The agreement
    "2026-13-01",  # not a date: asked again
    "2027-03-15",
    "",  # draft
    "sequential",
    "abc",  # how many priorities: asked again
    "0",
    "2",
    # Priority 1
    "Herbebossing",
    "Reforestación",
    "",  # no description
    "18",  # no such SDG: asked again
    "6 abc",
    "15 13",
    # Priority 2
    "Klimaat",
    "Clima",
    "Samen werken aan klimaatadaptatie.",
    "Trabajar juntos en la adaptación al cambio climático.",
    "13, 11",
    # Expectations: Herent
    "Leren hoe Nimlaha'kok gemeenschappen betrekt.",
    "Aprender cómo Nimlaha'kok involucra a las comunidades.",
    "Een band die verkiezingen overleeft.",
    "Un vínculo que sobrevive a las elecciones.",
    "",
    # Expectations: Nimlaha'kok takes the example, then stops
    "",
    "",
    "",
    # Contributions
    "Kennis over herbebossing delen.",
    "Compartir conocimientos sobre reforestación.",
    "",
    "Ervaring met de SDG-route door de gemeenschappen.",
    "Experiencia con la ruta de los ODS por las comunidades.",
    "",
    "",  # the exit clause: the default, exit-edegem
    # Optional articles, in library order: yes to joint-campaign and youth-exchange, no to the rest
    "<optional>",
    # Values, in article order: preamble
    "1800",  # below the minimum 1900: asked again
    "2001",
    # youth-exchange
    "1",  # below the minimum 2: asked again
    "12",
    "nimlahakok",
    # operating-budget
    "",  # EUR
    "12,345",  # only an English reading (12345): asked back
    "n",
    "5000",
    "",  # € 5.000,00 — correct? yes
    "",  # GTQ, the partner's currency
    "20000",
    "",
    # joint-campaign
    "Week van de duurzame gemeente",
    "Semana del municipio sostenible",
    "Water",
    "Agua",
    "Bossen",
    "Bosques",
    "",
    "13",
    "2027-09-15",
    "y",
    "",  # EUR
    "1500",
    "",
    # duration: review date
    "2030-03-15",
    # renewal: the partner council's term, asked once: it has no words in it
    "2024–2028",
    # the summary: write it
    "",
]


def session() -> list[str]:
    """SESSION with one answer per optional article the library offers (it grows over time)."""
    from agreement_builder.kinds.agreement.newspec import CORE_CLAUSES

    library = api.load_library([OPTIONAL])
    offered = [c.id for c in library.sorted() if c.id not in CORE_CLAUSES and "exit" not in c.covers]
    answers = ["y" if cid in ("joint-campaign", "youth-exchange") else "" for cid in offered]
    i = SESSION.index("<optional>")
    return SESSION[:i] + answers + SESSION[i + 1 :]


def test_a_new_user_session_with_mistakes_and_optional_articles(tmp_path):
    out = tmp_path / "herent.yaml"
    result = invoke(["new", "agreement", "-o", out, "--library", OPTIONAL], session())
    assert result.exit_code == 0, result.output
    said = result.output
    for complaint in (
        "Error: contains the invisible character U+200B",
        "Error: 'Herent' is already the Flemish municipality's short name",
        "Error: 'XX' is not an ISO 3166 country code",
        "Error: '2026-13-01' is not a date",
        "Error: 'abc' is not a whole number",
        "Error: 0 is below the minimum 1",
        "Error: there is no SDG 18: the SDGs are numbered 1 to 17",
        "Error: 'abc' is not an SDG number",
        "Error: 1800 is below the minimum 1900",
        "'12,345' reads as € 12.345,00 only the English way",
    ):
        assert complaint in said, complaint
    assert "Traceback" not in said

    spec = api.load(out, [OPTIONAL])
    assert [p.id for p in spec.parties] == ["herent", "nimlahakok"]
    assert spec.parties[1].country == "GT" and spec.parties[0].function == {"nl": "burgemeester", "es": "alcaldesa"}
    assert [(p.id, p.sdgs) for p in spec.priorities] == [("herbebossing", [15, 13]), ("klimaat", [13, 11])]
    assert spec.priorities[0].description is None
    assert len(spec.parties[0].expectations) == 2 and len(spec.parties[1].expectations) == 1
    assert spec.layout == "sequential" and spec.date == _dt.date(2027, 3, 15)
    ids = [u.clause.id for u in spec.clauses]
    # Optional articles sit with their category, before the final provisions.
    assert ids.index("youth-exchange") == ids.index("languages-interpreting") + 1
    assert ids.index("joint-campaign") == ids.index("duration") - 1
    assert ids[-2:] == ["language-versions", "signatures"]
    values = {u.clause.id: u.values for u in spec.clauses}
    assert values["preamble"]["since_year"] == 2001
    assert values["youth-exchange"] == {"youth_per_year": 12, "host": "nimlahakok"}
    assert str(values["operating-budget"]["budget_second"].amount) == "20000"
    assert values["operating-budget"]["budget_second"].currency == "GTQ"
    campaign = values["joint-campaign"]
    assert campaign["themes"] == [{"nl": "Water", "es": "Agua"}, {"nl": "Bossen", "es": "Bosques"}]
    assert campaign["focus_sdg"] == 13 and campaign["with_exhibition"] is True
    assert campaign["start_date"] == _dt.date(2027, 9, 15)

    text = out.read_text(encoding="utf-8")
    assert "Herent  # ← replace" not in text and "An Peeters  # " not in text
    docx, model = build_and_read(out, [OPTIONAL])
    for body in (docx, model):
        for needle in (
            "Gemeente Herent",
            "Región Nimlaha'kok",
            "Rosa Caal",
            "Herbebossing",
            "Reforestación",
            "Klimaat",
            "Week van de duurzame gemeente",
            "Jongerenuitwisseling",
            "Intercambio juvenil",
        ):
            assert needle in body, needle
        assert body.index("Herbebossing") < body.index("Klimaat")


class YesToEverything(Prompter):
    def confirm(self, label, default=False):
        return True


@pytest.mark.parametrize("extra", [[], [OPTIONAL]], ids=["bundled", "with-optional-library"])
def test_every_optional_article_with_default_answers_checks_and_builds(tmp_path, extra):
    """Whatever the library holds (it grows), including all of it gives a spec that builds."""
    out = tmp_path / "all.yaml"
    library = api.load_library(extra)
    draft = new_agreement(out, library, YesToEverything(), libraries=extra)
    exits = [c.id for c in library.sorted() if "exit" in c.covers]
    # Everything but the exit clauses not chosen: an agreement takes one way out.
    assert len(draft.clauses) == len(library.clauses) - (len(exits) - 1)
    assert [c.id for c in draft.not_included] == [e for e in exits if e != "exit-edegem"]
    docx, _ = build_and_read(out, extra)
    assert "Gemeente Voorbeeld" in docx


def test_defaults_lists_articles_left_out(tmp_path):
    out = tmp_path / "a.yaml"
    assert invoke(["new", "agreement", "--defaults", "-o", out, "-L", OPTIONAL]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "#   joint-campaign – Gezamenlijke campagne / Campaña conjunta" in text
    # The other exit clause is offered as an alternative, never as an addition.
    assert "cierre gradual concertado (instead of exit-edegem, not beside it)" in text
    # the spec names the library itself, so a plain 'check' finds its clauses
    assert "libraries: [" in text and invoke(["check", str(out)]).exit_code == 0
    assert "joint-campaign" not in [c if isinstance(c, str) else c["id"] for c in yaml.safe_load(text)["clauses"]]


def test_existing_file_is_kept_unless_force(tmp_path):
    out = tmp_path / "agreement.yaml"
    out.write_text("my work\n", encoding="utf-8")
    result = invoke(["new", "agreement", "--defaults", "-o", out])
    assert result.exit_code == 3  # the output is in the way, not the input wrong
    assert "already exists; use --force" in result.output and "nothing was written" in result.output
    assert out.read_text(encoding="utf-8") == "my work\n"
    # Refused before any question is asked.
    asked = invoke(["new", "agreement", "-o", out], [""] * 80)
    assert asked.exit_code == 3 and "Flemish municipality" not in asked.output
    forced = invoke(["new", "agreement", "--defaults", "--force", "-o", out])
    assert forced.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# yaml-language-server:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreement.yaml"]  # no temp files left


def test_usage_errors_exit_2(tmp_path):
    assert invoke(["new", "agreement", "-o", tmp_path]).exit_code == 2  # a folder
    assert invoke(["new", "agreement", "--frobnicate"]).exit_code == 2
    assert invoke(["new", "report"]).exit_code == 2


def test_broken_library_is_reported_before_any_question(tmp_path):
    result = invoke(["new", "agreement", "-o", tmp_path / "a.yaml", "-L", FIXTURES / "clauses" / "bad"], [""] * 80)
    assert result.exit_code == 1 and "the Spanish text (es) is missing" in result.output
    assert "Flemish municipality" not in result.output and not (tmp_path / "a.yaml").exists()


def test_spec_failing_the_check_is_not_written(tmp_path, monkeypatch):
    from agreement_builder.kinds.agreement import newspec

    monkeypatch.setattr(newspec, "render", lambda *a, **k: "date: 2026-01-01\nparties: []\nclauses: [nope]\n")
    result = invoke(["new", "agreement", "--defaults", "-o", tmp_path / "a.yaml"])
    assert result.exit_code == 1 and "needs at least 2 item(s)" in result.output
    assert list(tmp_path.iterdir()) == []


def test_aborting_writes_nothing(tmp_path):
    result = invoke(["new", "agreement", "-o", tmp_path / "a.yaml"], ["Herent"])  # input ends
    assert result.exit_code == 1 and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "value",
    ["NO", "yes", "2026-01-01", "a: b", "x # y", "- a", "'quoted", '"double"', "ümlaut – ‘x’", "123", "", "~", "@x"],
)
def test_scalars_read_back_as_the_same_text(value):
    assert yaml.safe_load(f"key: {scalar(value)}") == {"key": value}


def test_helpers():
    assert slug("Nimlaha'kok", "x") == "nimlahakok" and slug("San Jerónimo", "x") == "san-jeronimo"
    assert slug("日本", "party-2") == "party-2"
    assert default_date(_dt.date(2028, 2, 29)) == _dt.date(2031, 2, 28)
    library = bundled_library()
    since = library.get("preamble").variable("since_year")
    assert default_integer(since, _dt.date(2026, 5, 1)) == 2026
    copies = library.get("signatures").variable("copies")
    assert default_integer(copies, TODAY) == 2


def test_place_clauses_keeps_core_order_and_closing_articles_last():
    library = api.load_library([OPTIONAL])
    core = [library.get(c) for c in CORE_CLAUSES]
    placed = place_clauses(core, [library.get("joint-campaign"), library.get("youth-exchange")])
    ids = [c.id for c in placed]
    assert ids[:10] == list(CORE_CLAUSES[:10]) and ids[10] == "youth-exchange"
    assert ids[ids.index("joint-campaign") + 1] == "duration"
    assert ids[-2:] == ["language-versions", "signatures"]


def test_dash_leaves_out_an_example_description(tmp_path):
    out = tmp_path / "a.yaml"
    answers = [""] * 28 + ["-"] + [""] * 60  # the 29th question is the first priority's Dutch description
    result = invoke(["new", "agreement", "-o", out], answers)
    assert result.exit_code == 0, result.output
    spec = api.load(out)
    assert spec.priorities[0].description is None and spec.priorities[1].description is not None


def test_variables_with_choices_and_unknown_types():
    """After the merge a clause variable may carry `choices`; a type this code does not know cannot be defaulted."""
    from dataclasses import dataclass

    from agreement_builder.core.errors import InputError
    from agreement_builder.kinds.agreement.clause import Variable
    from agreement_builder.kinds.agreement.newspec import _Asker

    @dataclass(frozen=True)
    class Choosy(Variable):
        choices: dict | None = None

    asker = _Asker(Prompter(), bundled_library(), TODAY)
    parties = [{"id": "a"}, {"id": "b"}]
    level = Choosy(
        "level",
        "enum",
        True,
        None,
        {"nl": "Niveau", "es": "Nivel"},
        choices={"low": {"nl": "laag", "es": "bajo"}, "high": {"nl": "hoog", "es": "alto"}},
    )
    assert asker.variable(("v",), level, parties, []) == "low"
    odd = Variable("shape", "polygon", True, None, {"nl": "Vorm", "es": "Forma"})
    with pytest.raises(InputError, match="run it without --defaults"):
        asker.variable(("v",), odd, parties, [])


# ---------------------------------------------------------------------------------------------
# A new user's agreement with a partner outside the examples: every answer given, in words.


def partner_session(partner: list[str], budgets: list[str], exit_clause: str = "exit-winding-down") -> list[str]:
    """Every answer a coordinator gives for Zoersel and ``partner``; ``budgets`` are typed as written.

    ``partner`` is short name, Dutch name, Spanish name, country, representative, function
    (nl, es), place; ``budgets`` are the answers of the operating-budget article, from the
    first party's currency on.
    """
    library = api.load_library()
    optional = [c.id for c in library.sorted() if c.id not in CORE_CLAUSES and "exit" not in c.covers]
    short = partner[0]
    return [
        *["Zoersel", "", "", "Liesbeth Verstraete", "", "", ""],  # Gemeente Zoersel, burgemeester, in Zoersel
        *["Tom Peeters", "2027-03-01"],  # the algemeen directeur; the council decision's date
        *[partner[0], partner[3], partner[1], partner[2], *partner[4:]],  # the country comes before the names
        # the representative's identity document number, legal address, credential; the approving act
        *["1234567", "Calle Principal 1", "Credencial N° 1/2027", "1/2027", "2027-03-02"],
        *["2027-03-15", "final", "", "1"],  # date, status, layout, one priority
        *["Water", "Agua", "-", "6"],
        *[f"Leren hoe {short} werkt.", f"Aprender cómo trabaja {short}.", ""],
        *["Leren hoe Zoersel werkt.", "Aprender cómo trabaja Zoersel.", ""],
        *["Kennis over waterbeheer.", "Conocimientos sobre gestión del agua.", ""],
        *["Ervaring met participatie.", "Experiencia con la participación.", ""],
        exit_clause,
        *[""] * len(optional),
        "2004",  # the preamble's year
        *budgets,
        "2030-03-15",  # the review date
        "2024–2028",  # the partner council's term: no words in it, asked once
        "",  # the summary: yes, write it
    ]


def test_a_bolivian_partner_with_belgian_amounts_passes_check_strict(tmp_path):
    out = tmp_path / "zoersel-sucre.yaml"
    bolivia = ["Sucre", "Sucre", "Gobierno Autónomo Municipal de Sucre", "bo", "Rosario López", "", "alcaldesa", ""]
    budgets = [
        "",  # EUR, the Flemish municipality's currency
        "6.000",  # six thousand, as a Fleming writes it
        "",  # € 6.000,00 — correct? yes
        "",  # BOB, from the partner's country
        "35.000,50",
        "",
    ]
    result = invoke(["new", "agreement", "-o", out], partner_session(bolivia, budgets))
    assert result.exit_code == 0, result.output
    said = result.output
    assert "€ 6.000,00 — correct?" in said and "BOB 35.000,50 — correct?" in said
    assert "currency [BOB]" in said
    # Questions in words, from the clause descriptions; never a variable's name.
    for name in ("budget_first", "budget_second", "partner_term", "review_date", "since_year"):
        assert f"{name}" not in said.split("Summary")[0], name
    assert "Jaarlijks werkingsbudget van de tweede partij (de partner): amount in BOB" in said
    # The term of office is asked once, not per language.
    assert said.count("Lopende bestuursperiode van de tweede partij (de partner)") == 2  # question + summary
    assert "the same in Spanish" in said
    # One exit clause, chosen once; the summary comes before the file is written.
    assert "Which exit clause" in said and said.index("Summary") < said.index("wrote ")

    spec = yaml.safe_load(out.read_text(encoding="utf-8"))
    values = {c["id"]: c.get("values", {}) for c in spec["clauses"] if isinstance(c, dict)}
    assert values["operating-budget"]["budget_first"] == {"amount": 6000, "currency": "EUR"}
    assert values["operating-budget"]["budget_second"] == {"amount": 35000.5, "currency": "BOB"}
    assert values["renewal"]["partner_term"] == "2024–2028"
    ids = [c if isinstance(c, str) else c["id"] for c in spec["clauses"]]
    assert "exit-winding-down" in ids and "exit-edegem" not in ids
    assert ids.index("exit-winding-down") == ids.index("amendment") + 1  # in the exit clause's place

    strict = invoke(["check", "--strict", str(out)])
    assert strict.exit_code == 0, strict.output
    assert ", 0 warnings" in strict.output
    checked = api.check(out)
    assert checked.status == "final" and not checked.warnings


def test_a_nicaraguan_partner_gets_the_cordoba_when_known(tmp_path):
    from agreement_builder.core.values import known_currencies

    out = tmp_path / "zoersel-ocotal.yaml"
    nicaragua = ["Ocotal", "Ocotal", "Alcaldía Municipal de Ocotal", "NI", "Juan Pérez", "", "alcalde", ""]
    # What the partner's currency is offered depends on what this version knows: NIO, else USD.
    local = "NIO" if "NIO" in known_currencies() else "USD"
    budgets = ["", "5000", "", "", "150.000", ""]
    result = invoke(["new", "agreement", "-o", out], partner_session(nicaragua, budgets, exit_clause=""))
    assert result.exit_code == 0, result.output
    assert f"currency [{local}]" in result.output
    if local == "USD":
        assert "(NIO, the currency of Nicaragua, is not one this version knows; USD offered)" in result.output
    spec = yaml.safe_load(out.read_text(encoding="utf-8"))
    budget = next(c for c in spec["clauses"] if isinstance(c, dict) and c["id"] == "operating-budget")["values"]
    assert budget["budget_second"] == {"amount": 150000, "currency": local}
    ids = [c if isinstance(c, str) else c["id"] for c in spec["clauses"]]
    assert "exit-edegem" in ids and "exit-winding-down" not in ids  # Enter keeps the default exit
    strict = invoke(["check", "--strict", str(out)])
    assert strict.exit_code == 0, strict.output


@pytest.mark.parametrize(
    ("country", "currency"), [("BO", "BOB"), ("GT", "GTQ"), ("PE", "PEN"), ("BE", "EUR"), ("EC", "USD")]
)
def test_currency_follows_the_country(country, currency):
    from agreement_builder.kinds.agreement.newspec import currency_of

    assert currency_of(country, TODAY) == currency


def test_ambiguous_and_english_amounts_are_asked_back(tmp_path):
    out = tmp_path / "a.yaml"
    peru = ["Cusco", "Cusco", "Municipalidad Provincial del Cusco", "PE", "Ana Quispe", "", "alcaldesa", ""]
    budgets = [
        "",
        "6.5",  # only an English reading: asked back
        "n",  # not what was meant
        "6,000",  # English grouping: asked back too
        "y",
        "pen",  # any case
        "S/ 12 500",  # the sol's symbol and a space between thousands
        "n",  # not correct: asked again
        "12.500,50",
        "",
    ]
    result = invoke(["new", "agreement", "-o", out], partner_session(peru, budgets))
    assert result.exit_code == 0, result.output
    said = result.output
    assert "'6.5' reads as € 6,50 only the English way" in said
    assert "'6,000' reads as € 6.000,00 only the English way" in said
    assert "PEN 12.500,00 — correct?" in said
    spec = yaml.safe_load(out.read_text(encoding="utf-8"))
    budget = next(c for c in spec["clauses"] if isinstance(c, dict) and c["id"] == "operating-budget")["values"]
    assert budget == {
        "budget_first": {"amount": 6000, "currency": "EUR"},
        "budget_second": {"amount": 12500.5, "currency": "PEN"},
    }


def test_no_to_the_summary_writes_nothing(tmp_path):
    out = tmp_path / "a.yaml"
    bolivia = ["Sucre", "Sucre", "Gobierno Autónomo Municipal de Sucre", "BO", "Rosario López", "", "alcaldesa", ""]
    answers = partner_session(bolivia, ["", "6.000", "", "", "35.000", ""])
    assert answers[-1] == ""  # the answer to 'Write …?'
    result = invoke(["new", "agreement", "-o", out], [*answers[:-1], "n"])
    said = result.output
    assert result.exit_code == 1 and "Summary" in said and "not confirmed; nothing was written." in said
    assert list(tmp_path.iterdir()) == []


def test_end_of_input_says_nothing_was_written(tmp_path):
    result = invoke(["new", "agreement", "-o", tmp_path / "a.yaml"], ["Herent", "", ""])
    assert result.exit_code == 1 and "nothing was written" in result.output
    assert "Traceback" not in result.output and list(tmp_path.iterdir()) == []


def test_two_readings_are_a_choice():
    """A three-decimal currency reads '6,000' both ways: the user picks, or types it again."""
    from agreement_builder.core.amounts import readings
    from agreement_builder.kinds.agreement.newspec import _Asker

    class Picks(Prompter):
        def __init__(self, answers):
            self.answers = list(answers)
            self.said = []

        def say(self, text=""):
            self.said.append(text)

        def choose(self, label, choices, default):
            assert default is None  # no reading is assumed
            return self.answers.pop(0)

    prompter = Picks(["2", "0"])
    asker = _Asker(prompter, bundled_library(), TODAY)
    found = readings("6,000", "KWD", 3)  # the Kuwaiti dinar has three decimals
    assert asker.pick_reading("6,000", found, "KWD") == 6000
    assert any("can be read in 2 ways" in line for line in prompter.said)
    assert asker.pick_reading("6,000", found, "KWD") is None


def test_questions_in_spanish_for_a_spanish_speaking_coordinator(tmp_path):
    out = tmp_path / "a.yaml"
    bolivia = ["Sucre", "Sucre", "Gobierno Autónomo Municipal de Sucre", "BO", "Rosario López", "", "alcaldesa", ""]
    answers = partner_session(bolivia, ["", "6.000", "", "", "35.000", ""])
    result = invoke(["new", "agreement", "-o", out, "--language", "es"], answers)
    assert result.exit_code == 0, result.output
    said = result.output
    assert "Presupuesto operativo anual de la segunda parte (la entidad socia): amount in BOB" in said
    assert "6.000,00 € — correct?" in said and "Article 'Presupuesto operativo'" in said
    assert "Jaarlijks werkingsbudget" not in said


def test_the_partners_official_name_and_function_follow_its_country(tmp_path):
    """Review S7: a Bolivian partner is offered 'Gobierno Autónomo Municipal de …', not 'Municipio de …'."""
    out = tmp_path / "zoersel-sucre.yaml"
    bolivia = ["Sucre", "", "", "bo", "Rosario López", "", "", ""]  # names and function: the offered ones
    budgets = ["", "6.000", "", "", "35.000,50", ""]
    result = invoke(["new", "agreement", "-o", out], partner_session(bolivia, budgets))
    assert result.exit_code == 0, result.output
    partner = yaml.safe_load(out.read_text(encoding="utf-8"))["parties"][1]
    assert partner["name"] == {
        "nl": "Autonome Gemeentelijke Overheid van Sucre",
        "es": "Gobierno Autónomo Municipal de Sucre",
    }
    assert partner["function"]["es"] == "Alcalde Municipal"
