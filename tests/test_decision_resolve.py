"""The decision's two forms, written from the agreement's facts: read back from the model and the files."""

from __future__ import annotations

import io

import pikepdf
import pytest

from agreement_builder import api
from agreement_builder.kinds.decision.forms import act_form, roman
from agreement_builder.kinds.decision.resolve import named, resolve_decision
from agreement_builder.model.blocks import Decision

from .conftest import (
    ROOT,
    docx_text,
    example_model,
    load_example,
    model_text,
    pdf_text,
    positions,
    render_example,
    uses_example,
)
from .pdfcheck import elements

BRASSCHAAT = "brasschaat-tarija/decision"
PERU = ROOT / "tests" / "fixtures" / "decision" / "peru" / "decision.yaml"


def _decisions(doc) -> list[Decision]:
    return [b for part in doc.parts for b in part.blocks if isinstance(b, Decision)]


def test_the_council_decision_follows_the_flemish_form_and_takes_its_facts_from_the_agreement():
    doc = example_model(BRASSCHAAT, "nl")
    text = model_text(doc)
    sections = ["Onderwerp", "Juridische grond", "Aanleiding en context", "Argumentatie", "Financiële gevolgen"]
    assert -1 not in positions(text, [*sections, "Besluit", "Bijlagen"])
    # From the agreement: its 23 articles, the exit clause's and the budget's article numbers,
    # the priorities with their SDGs, the yearly budget of each party, the partner's law.
    assert "telt 23 artikelen" in text
    assert "Een exitclausule (artikel 18)" in text
    assert "Water (SDG 6 en 13), Agroforestry (SDG 15, 13 en 2) en Kinderrechten (SDG 4, 16 en 11)" in text
    assert "werkingsbudget van € 5.000,00 (artikel 12)" in text and "BOB 35.000,00" in text
    # The partner's act as the agreement cites it, in the present: it is dated after the decision.
    assert (
        "Tarija keurt de overeenkomst goed bij gemeentelijke wet (ley municipal) nr. 412/2026 van 10 december 2026, "
        "in toepassing van de Wet nr. 482" in text
    )
    # From the decision spec: the budget key, in the finance section and in an article.
    (decision,) = _decisions(doc)
    labels = [label for label, _ in decision.articles]
    assert labels == ["Artikel 1", "Artikel 2", "Artikel 3", "Artikel 4"]
    texts = [t for _, t in decision.articles]
    assert texts[0].startswith("De gemeenteraad keurt de samenwerkingsovereenkomst voor de stedenband")
    assert "machtigt Hilde Van Roosbroeck, burgemeester, en Koen Verheyden, algemeen directeur, om" in texts[1]
    assert "budgetsleutel 2027/GBB-CBS/0160-00/6490000/IP-12" in texts[2]
    assert texts[3].startswith("Het college van burgemeester en schepenen wordt belast")


def test_the_annex_cites_the_version_the_council_approves_and_a_changed_agreement_changes_it(tmp_path):
    spec = api.check(ROOT / "examples" / "brasschaat-tarija" / "decision.yaml")
    fingerprint = spec.agreement.fingerprint[:16]
    assert f"kenmerk {fingerprint}" in model_text(resolve_decision(spec, "nl"))
    # The same agreement with one value changed is another version, with another fingerprint.
    folder = ROOT / "examples" / "brasschaat-tarija"
    for name in ("agreement.yaml", "decision.yaml"):
        (tmp_path / name).write_text((folder / name).read_text(encoding="utf-8"), encoding="utf-8")
    agreement = tmp_path / "agreement.yaml"
    changed = agreement.read_text(encoding="utf-8").replace("amount: 5000", "amount: 6000")
    agreement.write_text(changed.replace("style: style", "style: null"), encoding="utf-8")
    (tmp_path / "decision.yaml").write_text(
        (tmp_path / "decision.yaml").read_text(encoding="utf-8").replace("style: style\n", ""), encoding="utf-8"
    )
    other = api.check(tmp_path / "decision.yaml")
    assert other.agreement.fingerprint != spec.agreement.fingerprint
    assert "€ 6.000,00" in model_text(resolve_decision(other, "nl"))


@pytest.mark.parametrize(
    ("case", "form", "needles"),
    [
        (
            BRASSCHAAT,
            "ley",
            [
                "Proyecto de Ley Municipal",
                "Ley Municipal N° 412/2026",
                "Exposición de motivos",
                "El Concejo Municipal de Tarija, en uso de sus atribuciones, DECRETA:",
                "Artículo 1. (Aprobación)",
                "Se aprueba el Convenio",
                "Se autoriza a Rodrigo Arce Villarroel, Alcalde Municipal, a suscribir",
                "Remítase al Órgano Ejecutivo Municipal",
                "Por tanto, la promulgo para que se tenga y cumpla como Ley Municipal del Gobierno Autónomo Municipal",
                "Presidente o Presidenta del Concejo Municipal",
                "Alcalde o Alcaldesa",
            ],
        ),
        (
            "herent-nimlahakok/decision",
            "acta-asamblea",
            [
                "Proyecto de punto de acta",
                "CONSIDERANDO: Que la Región Nimlaha'kok",
                "POR TANTO:",
                "la Asamblea General ACUERDA:",
                "I.",
                "Aprobar el Convenio",
                "IV.",
                "Certifíquese el presente punto",
                "Secretario o Secretaria de la Junta Directiva",
            ],
        ),
    ],
)
def test_the_partners_act_takes_the_form_its_institution_entry_names(case, form, needles):
    doc = example_model(case, "es")
    assert doc.languages == ["es"]
    assert load_example(case).agreement.parties[1].institution.form == form
    assert -1 not in positions(model_text(doc), needles)


def test_a_final_decision_records_the_vote_before_its_articles():
    text = model_text(resolve_decision(api.check(PERU), "nl"))
    assert -1 not in positions(
        text, ["Besluit", "Goedgekeurd met 19 stemmen voor, 2 stemmen tegen en 2 onthoudingen.", "Artikel 1"]
    )
    assert "Goedgekeurd met" not in model_text(example_model(BRASSCHAAT, "nl"))  # a draft has no vote yet


def test_a_peruvian_partner_gets_an_acuerdo_de_concejo_with_ordinal_articles_in_capitals():
    doc = resolve_decision(api.check(PERU), "es")
    text = model_text(doc)
    needles = [
        "Acuerdo de Concejo N° 045-2026-MDSJ",
        "VISTO:",
        "CONSIDERANDO:",
        "Que, la Municipalidad Distrital",
        "artículo 41 de la Ley N° 27972",
        "ACUERDA:",
        "Regístrese, comuníquese y cúmplase.",
    ]
    assert -1 not in positions(text, needles)
    (decision,) = _decisions(doc)
    assert [label for label, _ in decision.articles] == [
        "Artículo Primero.-",
        "Artículo Segundo.-",
        "Artículo Tercero.-",
        "Artículo Cuarto.-",
    ]
    assert [t.split(" ", 1)[0] for _, t in decision.articles] == ["APROBAR", "AUTORIZAR", "DISPONER", "ENCARGAR"]
    assert "S/\xa012,000.00" in decision.articles[2][1]  # the partner's budget, in Peruvian format


def test_a_partner_without_institution_data_gets_the_generic_form_and_a_warning(tmp_path):
    folder = PERU.parent
    agreement = (folder / "agreement.yaml").read_text(encoding="utf-8").replace("country: PE", "country: SN")
    (tmp_path / "agreement.yaml").write_text(agreement, encoding="utf-8")
    (tmp_path / "decision.yaml").write_text(PERU.read_text(encoding="utf-8"), encoding="utf-8")
    spec = api.check(tmp_path / "decision.yaml")
    assert any("no institution entry for a municipality in SN" in p.message for p in spec.warnings)
    text = model_text(resolve_decision(spec, "es"))
    assert "el órgano competente (por completar)" in text and "RESUELVE:" in text


def test_names_take_their_article_and_forms_their_numerals():
    assert named("Gobierno Autónomo Municipal de Tarija", "es") == "el Gobierno Autónomo Municipal de Tarija"
    assert named("Municipalidad Distrital de San Jerónimo", "es") == "la Municipalidad Distrital de San Jerónimo"
    assert named("Asociación Nimlaha'kok", "es") == "la Asociación Nimlaha'kok"
    assert named("Gemeentebestuur Herent", "nl") == "het Gemeentebestuur Herent"
    assert named("Gemeente Brasschaat", "nl") == "de Gemeente Brasschaat"
    assert [roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
    assert act_form("no-such-form").name == "generic"
    assert act_form("acuerdo").article_label(13, "") == "Artículo 13.-"


@uses_example(BRASSCHAAT)
def test_the_built_decision_reads_back_in_both_formats_with_both_languages_declared():
    files = render_example(BRASSCHAAT, "sequential")
    text = pdf_text(files["pdf"])
    order = [
        "Onderwerp",
        "Argumentatie",
        "Artikel 4",
        "Bijlagen",
        "Exposición de motivos",
        "DECRETA:",
        "Artículo 4. (Ejecución)",
    ]
    assert -1 not in positions(" ".join(text.split()), order)
    words = docx_text(files["docx"])
    assert -1 not in positions(
        words, ["Juridische grond", "Artikel 1", "Exposición de motivos", "Artículo 1. (Aprobación)"]
    )
    with pikepdf.open(io.BytesIO(files["pdf"])) as pdf:
        assert str(pdf.Root.Lang) == "nl-BE"
        langs = {e.lang for e in elements(pdf) if e.tag in ("/P", "P")}
        assert {"nl-BE", "es-BO"} <= langs
        names = {str(k) for k in pdf.Root.Names.EmbeddedFiles.Names[::2]}
    # The PDF carries the decision, the agreement it approves, its lock and its clauses.
    assert {"decision.yaml", "agreement.yaml", "agreement.lock.yaml"} <= names
    assert any(n.startswith("bundled/clauses/") for n in names)
