"""Every DOCX we write is a clean, valid ISO/IEC 29500 transitional package.

Validated against the vendored schemas (tests/ooxml) for every example in every layout, and
free of python-docx's template leftovers that make Word open a file in Compatibility Mode.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from .conftest import render_example
from .ooxml import docx_schema_errors
from .test_golden import CASES, golden

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize(("case", "layout"), CASES, ids=[golden.golden_name(c, lay) for c, lay in CASES])
def test_every_example_and_layout_validates_against_the_schemas(case, layout):
    assert docx_schema_errors(render_example(case, layout)["docx"]) == []


def test_the_validator_catches_a_planted_error():
    data = render_example("brasschaat-tarija/agreement", "nl")["docx"]
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            body = src.read(name)
            if name == "word/document.xml":
                body = body.replace(b"<w:body>", b"<w:body><w:bogus/>", 1)
            dst.writestr(name, body)
    assert any("bogus" in e for e in docx_schema_errors(out.getvalue()))


@pytest.mark.parametrize(
    ("case", "layout", "tag"),
    [
        ("brasschaat-tarija/agreement", "side-by-side", "nl-BE"),
        ("brasschaat-tarija/agreement", "es", "es-BO"),
        ("herent-nimlahakok/report", "es", "es-GT"),
    ],
)
def test_no_template_leftovers(case, layout, tag):
    from lxml import etree

    z = zipfile.ZipFile(io.BytesIO(render_example(case, layout)["docx"]))
    names = z.namelist()
    assert "word/stylesWithEffects.xml" not in names
    assert b"stylesWithEffects" not in z.read("[Content_Types].xml") + z.read("word/_rels/document.xml.rels")
    assert b"lastPrinted" not in z.read("docProps/core.xml")
    settings = etree.fromstring(z.read("word/settings.xml"))
    modes = [s.get(f"{W}val") for s in settings.iter(f"{W}compatSetting") if s.get(f"{W}name") == "compatibilityMode"]
    assert modes == ["15"]
    assert [el.get(f"{W}val") for el in settings.iter(f"{W}themeFontLang")] == [tag]
    assert all(z.get(f"{W}percent") == "100" for z in settings.iter(f"{W}zoom"))
    assert settings.find(f"{W}proofState") is None  # nobody checked the spelling yet
