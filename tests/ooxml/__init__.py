"""Validation of DOCX packages against the ISO/IEC 29500 transitional and OPC schemas.

``schemas/`` holds the ISO/IEC 29500-4:2016 transitional WordprocessingML, DrawingML and
shared schemas and the ECMA-376 Open Packaging Conventions schemas, flattened so that lxml
resolves every import locally (public standards, vendored from ../shared/ooxml-xsd). Markup
Compatibility is applied as a consumer that does not know the ignorable namespaces would.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "schemas"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
SCHEMA_OF = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "wml.xsd",
    f"{PACKAGE}/metadata/core-properties": "opc-coreProperties.xsd",
    f"{PACKAGE}/content-types": "opc-contentTypes.xsd",
    f"{PACKAGE}/relationships": "opc-relationships.xsd",
    f"{OFFICE}/extended-properties": "shared-documentPropertiesExtended.xsd",
    f"{OFFICE}/custom-properties": "shared-documentPropertiesCustom.xsd",
    f"{OFFICE}/customXml": "shared-customXmlDataProperties.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "dml-main.xsd",
}


class _Local(etree.Resolver):
    """Resolve every schema import to the vendored folder; nothing is fetched."""

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        candidate = SCHEMAS / str(url).rsplit("/", 1)[-1]
        return self.resolve_filename(str(candidate), context) if candidate.is_file() else None


@cache
def _schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser()
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def _strip_ignorable(root: etree._Element) -> None:
    """Drop content in namespaces the part declares ignorable (mc:Ignorable), and mc attributes."""
    ignorable = set()
    for el in root.iter():
        for prefix in (el.get(f"{{{MC}}}Ignorable") or "").split():
            if el.nsmap.get(prefix):
                ignorable.add(el.nsmap[prefix])
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        for attr in list(el.attrib):
            if attr.startswith("{") and attr[1:].split("}")[0] in ignorable | {MC}:
                del el.attrib[attr]
        if el.tag.startswith("{") and el.tag[1:].split("}")[0] in ignorable and el.getparent() is not None:
            el.getparent().remove(el)


def docx_schema_errors(data: bytes) -> list[str]:
    """Every schema error of every XML part of a DOCX, as 'part:line: message'.

    A part whose root namespace has no schema here (a custom XML data item) is listed as
    unchecked only if it is not ours: our own custom XML is well-formed by construction.
    """
    errors = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(z.read(name))
            schema_name = SCHEMA_OF.get(etree.QName(root).namespace or "")
            if schema_name is None:
                continue
            _strip_ignorable(root)
            schema = _schema(schema_name)
            if not schema.validate(etree.ElementTree(root)):
                errors.extend(f"{name}:{e.line}: {e.message}" for e in schema.error_log)
    return errors
