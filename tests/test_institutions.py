"""Institution data: who approves and signs for a party, per country and kind, from the libraries."""

import textwrap

import pytest

from agreement_builder import api
from agreement_builder.core.resources import clauses_dir
from agreement_builder.kinds.agreement.institutions import INSTITUTIONS_FILE, load_institutions
from agreement_builder.kinds.agreement.library import bundled_library, load_library
from agreement_builder.kinds.agreement.resolve import articles, resolve
from agreement_builder.model.blocks import ListBlock, Paragraph

from .conftest import FIXTURES


def test_the_bundled_entries_load_clean_and_name_their_sources():
    entries, problems = load_institutions(clauses_dir() / INSTITUTIONS_FILE)
    assert problems == []
    by_key = {(e.country, e.kind): e for e in entries}
    for country in ("BE", "BO", "PE", "GT", "NI"):
        assert (country, "municipality") in by_key, country
    assert (None, "municipality") in by_key and (None, "association") in by_key
    for entry in entries:
        assert entry.source.strip()
        for text in (entry.body, entry.act, entry.approval, entry.label):
            assert text["nl"].strip() and text["es"].strip()
    # The facts the review asked for, as each country names them.
    assert "Ley N° 482" in by_key[("BO", "municipality")].laws[0]["es"]
    assert "27972" in by_key[("PE", "municipality")].laws[0]["es"]
    assert "Decreto 12-2002" in by_key[("GT", "municipality")].laws[0]["es"]
    assert "Ley N° 40" in by_key[("NI", "municipality")].laws[0]["es"]
    assert by_key[("BE", "municipality")].co_signatory["nl"] == "algemeen directeur"
    assert by_key[("GT", "association")].body["es"] == "la Asamblea General"


def test_every_problem_of_a_bad_file_is_reported_with_its_line():
    entries, problems = load_institutions(FIXTURES / "institutions" / "bad.yaml")
    text = "\n".join(str(p) for p in problems)
    assert "bad.yaml:11:" in text and "(BO, municipality) is also described by entry 1" in text
    assert "'XX' is not an ISO 3166 country code" in text
    assert "institutions[3]: missing required key 'source'" in text
    assert "a comma inside {nl: …, es: …} splits a text" in text
    assert [e.country for e in entries] == []  # the schema failed: nothing half-read is used


def test_a_municipality_library_overrides_an_entry_and_adds_a_kind(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / INSTITUTIONS_FILE).write_text(
        textwrap.dedent(
            """\
            institutions:
              - country: BO
                kind: municipality
                label: {nl: gemeente, es: gobierno autónomo municipal}
                body: {nl: de gemeenteraad van de stad, es: el Concejo Municipal de la ciudad}
                act: {nl: gemeentewet, es: ley municipal}
                approval: {nl: "in uitvoering van gemeentewet nr. {number}", es: "en ejecución de la Ley N° {number}"}
                source: Ley Municipal N° 1/2026
              - country: EC
                kind: parish
                label: {nl: landelijke parochie, es: gobierno autónomo descentralizado parroquial rural}
                body: {nl: de parochieraad, es: la Junta Parroquial}
                act: {nl: besluit, es: resolución}
                approval: {nl: in uitvoering van het besluit, es: en ejecución de la resolución}
                source: COOTAD, artículo 67
            """
        ),
        encoding="utf-8",
    )
    library = load_library([clauses_dir(), folder])
    assert library.problems == []
    assert library.institutions.find("BO", "municipality").body["nl"] == "de gemeenteraad van de stad"
    assert library.institutions.find("EC", "parish").body["es"] == "la Junta Parroquial"
    assert library.institutions.find("PE", "municipality").country == "PE"  # untouched
    # A country without an entry of its own gets the generic wording for the kind.
    fallback = library.institutions.find("SN", "municipality")
    assert fallback is not None and fallback.generic
    assert library.institutions.find("SN", "parish") is None


def test_the_data_files_are_not_read_as_clauses():
    library = bundled_library()
    assert "institutions" not in library.clauses and not library.broken


@pytest.mark.parametrize("name", ["glossary", "institutions"])
def test_a_data_file_deeper_in_a_library_is_a_clause_file(tmp_path, name):
    """Only the top-level files are data; the same name in a category folder is a clause file."""
    folder = tmp_path / "lib" / "legal"
    folder.mkdir(parents=True)
    (folder / f"{name}.yaml").write_text("id: x\n", encoding="utf-8")
    library = load_library([tmp_path / "lib"])
    assert name in library.broken


# The Latin-American countries where Flemish towns have or may have city links, beyond the
# four of the examples and the review: each must have its own entry, never the generic one.
LATIN_AMERICA = ("EC", "CO", "SV", "HN", "CU", "CL", "AR", "MX", "PY", "UY", "DO", "CR", "PA", "BR")
DEPARTMENTS = ("BO", "PE", "EC")


@pytest.mark.parametrize("country", LATIN_AMERICA)
def test_every_latin_american_country_has_an_entry_of_its_own(country):
    entry = bundled_library().institutions.find(country, "municipality")
    assert entry is not None and not entry.generic and entry.country == country
    assert entry.laws, "the legal framework must cite the country's law"
    assert entry.document, "the representative is identified by the country's identity document"


@pytest.mark.parametrize("country", DEPARTMENTS)
def test_intermediate_governments_that_are_realistic_partners_have_entries(country):
    entry = bundled_library().institutions.find(country, "department")
    assert entry is not None and not entry.generic
    assert entry.label["es"] != bundled_library().institutions.find(country, "municipality").label["es"]


def test_every_entry_says_everything_it_says_in_both_languages():
    """A text given in one language only would print as a gap in the other half of the agreement."""
    entries, problems = load_institutions(clauses_dir() / INSTITUTIONS_FILE)
    assert problems == []
    for entry in entries:
        texts = [entry.label, entry.body, entry.act, entry.approval, *entry.laws]
        texts += [t for t in (entry.representative, entry.co_signatory, entry.document, entry.credential) if t]
        for text in texts:
            assert set(text) == {"nl", "es"}, (entry.country, entry.kind, text)
            assert text["nl"].strip() and text["es"].strip(), (entry.country, entry.kind, text)
        # The parties clause cites the act as "in uitvoering van …" / "en ejecución de(l) …".
        assert entry.approval["nl"].startswith("in uitvoering van "), (entry.country, entry.approval)
        assert entry.approval["es"].startswith("en ejecución de"), (entry.country, entry.approval)
        # Both languages ask for the same values, or one would print a number the other lacks.
        for key in ("{number}", "{date}"):
            assert (key in entry.approval["nl"]) == (key in entry.approval["es"]), (entry.country, key)
        # A country's act is read after "bij" / "mediante" (legal-framework): no article of its
        # own. The generic wording is a phrase of its own ("bij de akte die dat recht voorschrijft").
        if not entry.generic:
            assert not entry.act["es"].startswith(("el ", "la ")), entry.act
            assert not entry.act["nl"].startswith(("de ", "het ")), entry.act


def _partner_spec(
    tmp_path,
    partner: str,
    kind: str = "municipality",
    clauses: str = "[parties, legal-framework, disputes, signatures]",
):
    text = textwrap.dedent(
        """\
        date: 2026-03-15
        status: final
        parties:
          - id: zoersel
            name: {nl: Gemeente Zoersel, es: Municipio de Zoersel}
            short_name: Zoersel
            country: BE
            representative: Liesbeth Verstreken
            function: {nl: burgemeester, es: alcaldesa}
            signing_place: Zoersel
            co_signatory: {name: Tom Peeters, function: {nl: algemeen directeur, es: director general}}
            approval: {date: 2026-02-23}
          - id: partner
        """
    )
    text += textwrap.indent(textwrap.dedent(partner), "    ")
    text += f"    kind: {kind}\nclauses: {clauses}\n"
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


PASTO = """\
name: {nl: Gemeente Pasto, es: Municipio de Pasto}
short_name: Pasto
country: CO
representative: Andrea Ruiz Gómez
function: {nl: burgemeester, es: alcaldesa}
signing_place: Pasto
identification:
  number: "52.123.456"
  address: Calle 19 N° 25-62, Pasto
  credential: {nl: geloofsbrief van de stemopnemingscommissie, es: la credencial de la comisión escrutadora}
approval: {number: 015 de 2026, date: 2026-03-01}
"""

CUENCA = """\
name: {nl: Gemeente Cuenca, es: Gobierno Autónomo Descentralizado Municipal de Cuenca}
short_name: Cuenca
country: EC
representative: Pablo Vintimilla Ordóñez
function: {nl: burgemeester, es: alcalde}
signing_place: Cuenca
identification:
  number: "0102030405"
  address: Calle Bolívar 7-67 y Borrero, Cuenca
  credential: {nl: geloofsbrief van de Nationale Kiesraad, es: la credencial del Consejo Nacional Electoral}
approval: {number: 0123-2026, date: 2026-03-01}
"""


def _article(spec, clause_id: str, lang: str) -> str:
    article = next(a for a in articles(resolve(spec, "sequential")) if a.clause_id == clause_id)
    texts: list[str] = []
    for block in article.body[lang]:
        if isinstance(block, Paragraph):
            texts.append(block.plain)
        elif isinstance(block, ListBlock):  # the parties clause lists the parties
            texts += [p.plain for item in block.items for p in item if isinstance(p, Paragraph)]
    return " ".join(texts)


@pytest.mark.parametrize(
    ("partner", "law_nl", "law_es", "act_es", "approval_es"),
    [
        (
            PASTO,
            "de Wet 136 van 1994",
            "la Ley 136 de 1994 y la Ley 1551 de 2012",
            "mediante acuerdo municipal",
            "en ejecución del Acuerdo Municipal N° 015 de 2026, de 1 de marzo de 2026",
        ),
        (
            CUENCA,
            "(Código Orgánico de Organización Territorial, Autonomía y Descentralización, COOTAD)",
            "el Código Orgánico de Organización Territorial, Autonomía y Descentralización (COOTAD)",
            "mediante resolución",
            "en ejecución de la Resolución del Concejo Municipal N° 0123-2026, de 1 de marzo de 2026",
        ),
    ],
)
def test_a_colombian_or_ecuadorian_partner_is_checked_and_cited_by_its_own_law(
    tmp_path, partner, law_nl, law_es, act_es, approval_es
):
    spec = api.check(_partner_spec(tmp_path, partner))
    # A final version: nothing generic, nothing missing, nothing to note about the parties.
    # (The lessons review's warnings about clauses this short spec leaves out are not ours.)
    about_parties = [str(p) for p in spec.warnings if p.key_path.startswith("parties")]
    assert about_parties == []
    assert not any("institution data" in p.message for p in spec.warnings)
    short = spec.parties[1].short_name["es"]
    framework_es = _article(spec, "legal-framework", "es")
    assert f"Para {short}, el presente convenio se fundamenta en {law_es}." in framework_es
    assert f"el Concejo Municipal de {short} aprueba el convenio {act_es}." in framework_es
    assert "legislación aplicable" not in framework_es  # the generic branch
    framework_nl = _article(spec, "legal-framework", "nl")
    assert f"Voor {short} steunt deze overeenkomst op" in framework_nl and law_nl in framework_nl
    assert "de gemeenteraad (Concejo Municipal) van " + short in framework_nl
    parties_es = _article(spec, "parties", "es")
    assert "con cédula de ciudadanía N° " in parties_es and approval_es in parties_es


def test_a_country_without_an_entry_is_still_warned_about(tmp_path):
    """The warning the new entries silence for their countries stays for the others."""
    spec = api.check(_partner_spec(tmp_path, PASTO.replace("country: CO", "country: VE")))
    messages = [p.message for p in spec.warnings if p.severity == "warning"]
    assert any("no entry for a municipality in Venezuela (VE)" in m for m in messages), messages


def test_an_association_partner_brings_its_disputes_to_its_legal_representative(tmp_path):
    """No burgemeester of both parties where one party is an association of communities."""
    chisec = (
        CUENCA.replace("country: EC", "country: GT")
        .replace("Cuenca", "Chisec")
        .replace('"0102030405"', "1234 56789 0101")
    )
    spec = api.check(_partner_spec(tmp_path, chisec, kind="association"))
    disputes_nl = _article(spec, "disputes", "nl")
    assert "aan de burgemeester van Zoersel en de wettelijke vertegenwoordiger van Chisec" in disputes_nl
    assert "burgemeesters van beide partijen" not in disputes_nl
    disputes_es = _article(spec, "disputes", "es")
    assert "a la alcaldesa o al alcalde de Zoersel y a quien represente legalmente a Chisec" in disputes_es
    # Between municipalities the mayors of both parties are named as before.
    spec = api.check(_partner_spec(tmp_path, CUENCA))
    assert "aan de burgemeesters van beide partijen" in _article(spec, "disputes", "nl")


def test_a_co_signatory_without_a_function_and_a_number_without_a_document_print_no_gaps(tmp_path):
    """Where no entry gives the co-signatory's function or the document's name, the line has no ", ,"."""
    partner = PASTO.replace("country: CO", "country: VE") + "co_signatory: {name: Luis Díaz}\n"
    spec = api.check(_partner_spec(tmp_path, partner))
    for lang, document in (
        ("nl", "met identiteitsbewijs nr. 52.123.456"),
        ("es", "con documento de identidad N° 52.123.456"),
    ):
        text = _article(spec, "parties", lang)
        assert ", ," not in text and "  " not in text, text
        assert document in text
        assert "Luis Díaz, in uitvoering" in text or "Luis Díaz, en ejecución" in text
