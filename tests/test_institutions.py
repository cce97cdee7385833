"""Institution data: who approves and signs for a party, per country and kind, from the libraries."""

import textwrap

import pytest

from agreement_builder.core.resources import clauses_dir
from agreement_builder.kinds.agreement.institutions import INSTITUTIONS_FILE, load_institutions
from agreement_builder.kinds.agreement.library import bundled_library, load_library

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
