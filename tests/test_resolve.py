import pytest

from agreement_builder import api
from agreement_builder.core.errors import InputError, RenderError
from agreement_builder.kinds.agreement.resolve import articles, resolve
from agreement_builder.model.blocks import ListBlock, Paragraph, PriorityList, Signatures, plain

from .conftest import FIXTURES, copy_example_style


def test_articles_numbered_in_spec_order_with_both_languages(example_spec):
    doc = resolve(example_spec, "side-by-side")
    assert [a.label["nl"] for a in articles(doc)] == [f"Artikel {n}" for n in range(1, len(example_spec.clauses) + 1)]
    assert [a.clause_id for a in articles(doc)] == [u.clause.id for u in example_spec.clauses]
    assert articles(doc)[0].label == {"nl": "Artikel 1", "es": "Artículo 1"}
    assert doc.locales == {"nl": "nl-BE", "es": "es-BO"}


@pytest.mark.parametrize("layout,langs", [("nl", ["nl"]), ("es", ["es"]), ("sequential", ["nl", "es"])])
def test_single_language_layouts_hold_only_that_language(example_spec, layout, langs):
    doc = resolve(example_spec, layout)
    assert doc.languages == langs
    assert all(set(a.body) == set(langs) for a in articles(doc))


def test_variables_are_formatted_per_language(example_spec):
    doc = resolve(example_spec, "side-by-side")
    budget = next(a for a in articles(doc) if a.clause_id == "operating-budget")

    def text(lang):
        out = []
        for b in budget.body[lang]:
            if isinstance(b, Paragraph):
                out.append(b.plain)
            elif isinstance(b, ListBlock):
                out.extend(p.plain for item in b.items for p in item if isinstance(p, Paragraph))
        return " ".join(out)

    assert "€\u00a05.000,00" in text("nl")
    assert "Bs\u00a035.000,00" in text("es")


def test_priorities_and_signatures_are_structured_blocks(example_spec):
    doc = resolve(example_spec, "nl")
    pri = next(a for a in articles(doc) if a.clause_id == "shared-priorities")
    plist = next(b for b in pri.body["nl"] if isinstance(b, PriorityList))
    assert [i.title for i in plist.items] == ["Water", "Agroforestry", "Kinderrechten"]
    assert [s.number for s in plist.items[0].sdgs] == [6, 13]
    assert plist.items[0].sdgs[0].colour == "#26BDE2"
    sig = next(b for b in articles(doc)[-1].body["nl"] if isinstance(b, Signatures))
    # The algemeen directeur co-signs for Brasschaat, beside the burgemeester.
    assert [plain(b.heading) for b in sig.blocks] == [
        "Gemeente Brasschaat",
        "Gemeente Brasschaat",
        "Autonome Gemeentelijke Overheid van Tarija",
    ]
    names = [dict((plain(k), plain(v)) for k, v in b.rows)["Naam"] for b in sig.blocks]
    functions = [dict((plain(k), plain(v)) for k, v in b.rows)["Functie"] for b in sig.blocks]
    assert names == ["Hilde Van Roosbroeck", "Koen Verheyden", "Rodrigo Arce Villarroel"]
    assert functions == ["burgemeester", "algemeen directeur", "burgemeester"]


def test_values_cannot_inject_markup():
    spec = api.load(FIXTURES / "specs" / "minimal.yaml")
    doc = resolve(spec, "side-by-side")
    exp = next(a for a in articles(doc) if a.clause_id == "mutual-expectations")
    items = [p.plain for b in exp.body["es"] if isinstance(b, ListBlock) for it in b.items for p in it]
    assert "Apoyo duradero <b>sin</b> condiciones." in items
    items_nl = [t for b in exp.body["nl"] if isinstance(b, ListBlock) for it in b.items for p in it for t in p.inlines]
    assert any(t.text == "Langdurige steun *zonder* voorwaarden." and not t.italic for t in items_nl)


def test_sandbox_escape_fails_cleanly():
    lib = [FIXTURES / "clauses" / "hostile"]
    spec = api.load(FIXTURES / "specs" / "uses-sandbox-escape.yaml", lib)
    with pytest.raises(RenderError) as info:
        resolve(spec, "side-by-side")
    assert "sandbox-escape.yaml" in str(info.value) and "sandbox forbids" in str(info.value)


def test_markup_that_could_embed_files_is_refused_in_clauses():
    from agreement_builder.kinds.agreement.library import load_library

    lib = load_library([FIXTURES / "clauses" / "markup"])
    text = "\n".join(str(p) for p in lib.problems)
    assert "embed-attempt.yaml" in text
    for what in ("contains an image", "contains HTML", "text.nl", "text.es"):
        assert what in text
    assert "embed-attempt" not in lib.clauses


def test_markup_parser_never_builds_links_or_images():
    """Even if such a text reached the writers it would print literally."""
    from agreement_builder.kinds.agreement.markup import parse_blocks

    (para,) = parse_blocks("![pw](file:///etc/passwd) <img src='http://127.0.0.1/x'> [a](http://x)")
    assert isinstance(para, Paragraph)
    assert para.plain == "![pw](file:///etc/passwd) <img src='http://127.0.0.1/x'> [a](http://x)"


def test_markup_parsed_once_per_text_and_each_caller_gets_its_own_list(monkeypatch):
    """A second build's identical text is not parsed again; a caller's list is its own to change."""
    from agreement_builder.kinds.agreement import markup

    markup._parsed.cache_clear()
    calls = []
    real = markup._parser

    def counting():
        calls.append(1)
        return real()

    monkeypatch.setattr(markup, "_parser", counting)
    text = "Eerste alinea met *nadruk*.\n\n1. een\n2. twee\n"
    first = markup.parse_blocks(text)
    first.append(Paragraph(()))  # what a caller may do to its list
    second = markup.parse_blocks(text)
    assert len(calls) == 1
    assert [type(b) for b in second] == [Paragraph, ListBlock]
    assert second[0].plain == "Eerste alinea met nadruk."
    markup.parse_blocks(text + "\nDerde alinea.\n")
    assert len(calls) == 2


def test_boolean_variable_switches_optional_paragraph(tmp_path):
    """The 2019-2022 renewal recital appears only for links that took part in it."""
    from .conftest import EXAMPLE

    with_flag = api.load(EXAMPLE)
    spec_text = EXAMPLE.read_text(encoding="utf-8").replace("      renewal_2019_2022: true\n", "")
    other = tmp_path / "other.yaml"
    other.write_text(spec_text, encoding="utf-8")
    copy_example_style(tmp_path)
    without_flag = api.load(other)

    def preamble_items(spec):
        doc = resolve(spec, "nl")
        pre = next(a for a in articles(doc) if a.clause_id == "preamble")
        return [p.plain for b in pre.body["nl"] if isinstance(b, ListBlock) for it in b.items for p in it]

    assert any("2019" in item for item in preamble_items(with_flag))
    assert not any("2019" in item for item in preamble_items(without_flag))
    assert len(preamble_items(with_flag)) == len(preamble_items(without_flag)) + 1


def test_signature_dates_are_left_to_write_unless_given(example_spec):
    import dataclasses
    import datetime as dt

    from agreement_builder.kinds.agreement.resolve import FILL_IN, resolve

    def dates(spec):
        doc = resolve(spec, "nl")
        (table,) = [b for a in articles(doc) for b in a.body["nl"] if isinstance(b, Signatures)]
        return [dict((plain(k), plain(v)) for k, v in block.rows)["Datum"] for block in table.blocks]

    assert dates(example_spec) == [FILL_IN, FILL_IN, FILL_IN]
    signed = dataclasses.replace(example_spec.parties[0], signing_date=dt.date(2027, 2, 3))
    spec = dataclasses.replace(example_spec, parties=[signed, example_spec.parties[1]])
    assert dates(spec) == ["3 februari 2027", "3 februari 2027", FILL_IN]  # the co-signatory signs with the mayor


def test_preamble_of_a_new_link_does_not_speak_of_its_long_history(example_spec):
    import dataclasses

    from agreement_builder.kinds.agreement.resolve import articles, resolve

    def preamble(spec) -> str:  # the blocks' reprs hold their texts, lists included
        return " ".join(repr(b) for b in articles(resolve(spec, "nl"))[1].body["nl"])

    old = preamble(example_spec)
    uses = [
        dataclasses.replace(u, values={**u.values, "since_year": 2026}) if u.clause.id == "preamble" else u
        for u in example_spec.clauses
    ]
    new = preamble(dataclasses.replace(example_spec, clauses=uses))
    assert "lange tijd vooral steunde op technische projecten" in old and "voortzetten" in old
    assert "in 2026 beslissen een stedenband aan te gaan" in new and "lange tijd" not in new


def test_parties_are_identified_as_each_country_requires(example_spec):
    """Flemish: burgemeester and algemeen directeur in execution of the council decision; Bolivian:
    legal address, identity card, credential and the approving ley municipal."""
    doc = resolve(example_spec, "sequential")
    parties = next(a for a in articles(doc) if a.clause_id == "parties")

    def text(lang):
        return " ".join(plain(item) for b in parties.body[lang] for item in _items(b))

    nl, es = text("nl"), text("es")
    assert (
        "Gemeente Brasschaat (België), vertegenwoordigd door Hilde Van Roosbroeck, burgemeester, en door "
        "Koen Verheyden, algemeen directeur, in uitvoering van het gemeenteraadsbesluit van 14 december 2026"
    ) in nl
    assert (
        "con domicilio legal en Calle General Trigo N° 789, Tarija, a través de su representante legal, "
        "Rodrigo Arce Villarroel, Alcalde Municipal, con cédula de identidad N° 5123478 TJ, cuya designación "
        "consta en la Credencial N° 0123/2026 del Tribunal Electoral Departamental de Tarija, en ejecución de "
        "la Ley Municipal N° 412/2026, de 10 de diciembre de 2026"
    ) in es
    legal = next(a for a in articles(doc) if a.clause_id == "legal-framework")
    es_legal = " ".join(plain(item) for b in legal.body["es"] for item in _items(b))
    assert "la Ley N° 482 de Gobiernos Autónomos Municipales, de 9 de enero de 2014" in es_legal
    assert "el Concejo Municipal de Tarija aprueba el convenio mediante ley municipal" in es_legal


def test_disputes_are_settled_directly_unless_the_spec_opts_for_courts(example_spec):
    import dataclasses

    doc = resolve(example_spec, "es")
    disputes = next(a for a in articles(doc) if a.clause_id == "disputes")
    text = " ".join(plain(item) for b in disputes.body["es"] for item in _items(b))
    assert "mediante trato directo" in text and "tribunales" not in text
    uses = [
        dataclasses.replace(u, values={**u.values, "recourse": "courts"}) if u.clause.id == "disputes" else u
        for u in example_spec.clauses
    ]
    doc = resolve(dataclasses.replace(example_spec, clauses=uses), "es")
    disputes = next(a for a in articles(doc) if a.clause_id == "disputes")
    text = " ".join(plain(item) for b in disputes.body["es"] for item in _items(b))
    assert "los tribunales competentes del país de la parte contra la cual se dirija la pretensión" in text


def _items(block):
    """The inline texts of a paragraph, or of each item of a list."""
    if isinstance(block, Paragraph):
        return [block.inlines]
    if isinstance(block, ListBlock):
        return [inline for item in block.items for para in item for inline in _items(para)]
    return []


def _budget_text(spec, lang):
    doc = resolve(spec, lang)
    budget = next(a for a in articles(doc) if a.clause_id == "operating-budget")
    return " ".join(p.plain for b in budget.body[lang] for p in _paragraphs(b))


def _paragraphs(block):
    if isinstance(block, Paragraph):
        yield block
    elif isinstance(block, ListBlock):
        yield from (p for item in block.items for p in item if isinstance(p, Paragraph))


def test_a_nicaraguan_partner_budgets_in_cordobas_and_chilean_pesos_print_without_cents(tmp_path):
    """NIO and CLP from the spec through validation to the printed text, with each currency's decimals."""
    from .conftest import EXAMPLE

    text = EXAMPLE.read_text(encoding="utf-8").replace("country: BO", "country: NI")
    text = text.replace("{amount: 5000, currency: EUR}", "{amount: 6000, currency: CLP}")
    text = text.replace("{amount: 35000, currency: BOB}", "{amount: 35000.5, currency: nio}")
    spec_path = tmp_path / "ocotal.yaml"
    spec_path.write_text(text, encoding="utf-8")
    copy_example_style(tmp_path)
    spec = api.load(spec_path)
    assert "CLP\u00a06.000" in _budget_text(spec, "nl") and "NIO\u00a035.000,50" in _budget_text(spec, "nl")
    # Spanish as written in Nicaragua: the córdoba's own sign, decimal point.
    assert "C$\u00a035,000.50" in _budget_text(spec, "es") and "CLP\u00a06,000" in _budget_text(spec, "es")

    line = next(n for n, row in enumerate(text.splitlines(), 1) if "currency: CLP" in row)
    for wrong, message in (
        ("{amount: 6000.5, currency: CLP}", "amount: 6000.5 has more decimals than CLP uses (0)"),
        (
            "{amount: 6000, currency: BEF}",
            "currency: 'BEF' (Belgian Franc) is no longer in use; Belgium uses EUR today",
        ),
    ):
        spec_path.write_text(text.replace("{amount: 6000, currency: CLP}", wrong), encoding="utf-8")
        with pytest.raises(InputError) as info:
            api.load(spec_path)
        (problem,) = [p for p in info.value.problems if p.severity == "error"]
        assert str(problem).startswith(f"{spec_path}:{line}:")
        assert str(problem).endswith(message)
