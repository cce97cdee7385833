"""The PDF post-pass: PDF/A-3 and PDF/UA-1 from what WeasyPrint wrote.

WeasyPrint lays the pages out and writes a tagged PDF/A-3a, its structure tree already
fixed by :mod:`agreement_builder.writers.pdfstructure` (artifacts, merged pieces, list
bodies, languages) just before it is written. This pass, with pikepdf, joins the page
sequences and makes the file what an archive needs, reproducibly:

- **Metadata.** XMP written here, uncompressed, from the document information dictionary
  (so the two always agree): title, authors, subject, keywords, languages, dates from the
  spec, ``pdfaid`` 3A and ``pdfuaid`` 1 with their PDF/A extension schema.
- **Sources.** The files a document was built from are embedded as PDF/A-3 associated files
  (``/AF`` on the catalog, each once, ``/AFRelationship`` Source or Data).
- **Navigation and identity.** Page labels (each form numbered from 1), the bookmarks panel
  open, and an /ID whose first word comes from the content.
"""

from __future__ import annotations

import base64
import contextlib
import io
import os
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name

from agreement_builder.core.errors import InputError, Location, Problem
from agreement_builder.core.sources import MAX_TOTAL_BYTES
from agreement_builder.model.document import SourceFile
from agreement_builder.writers.pdfjoin import append


@dataclass(frozen=True)
class Attachment:
    """One embedded file: its name in the PDF, its bytes, and how it relates to the document."""

    name: str
    data: bytes
    mime: str
    relationship: str  # 'Source' (what the document was made from) or 'Data' (records about it)
    description: str


_MIME = {
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
_DESCRIPTIONS = {
    "spec": "The spec this document was built from",
    "lock": "Each clause's id, version, SHA-256 and library, as used",
    "clause": "A clause file used",
    "glossary": "The term list a clause library checks its translations against",
    "institutions": "Who approves and signs for a party, by country and kind, as a library describes it",
    "checklist": "A lesson checklist file used",
    "style": "A house style file used",
    "manifest": "The names, roles and SHA-256 of the embedded sources",
}


def as_attachment(source: SourceFile) -> Attachment:
    """A model source file as an associated file: Source for what was read, Data for records."""
    mime = _MIME.get(PurePosixPath(source.name).suffix.lower(), "application/octet-stream")
    relationship = "Data" if source.role in ("lock", "manifest") else "Source"
    return Attachment(source.name, source.data, mime, relationship, _DESCRIPTIONS.get(source.role, source.role))


def attachments(path: Path, limit: int = MAX_TOTAL_BYTES) -> dict[str, bytes]:
    """Name -> bytes of every embedded file of a PDF (for ``extract``); InputError when unreadable.

    The PDF is untrusted: a few compressed kilobytes can unpack to gigabytes, so each file
    is decompressed with a budget and the whole stops at ``limit`` bytes.
    """
    where = Location(str(path))
    found: dict[str, bytes] = {}
    try:
        with pikepdf.open(path) as pdf:
            for name, spec in pdf.attachments.items():
                data = _bounded(spec.obj.EF.F, limit - sum(len(d) for d in found.values()))
                if data is None:
                    raise InputError(
                        [
                            Problem(
                                where,
                                f"the embedded file {name!r} unpacks to more than {limit:,} bytes in all; "
                                "this is not a source of ours",
                            )
                        ]
                    )
                found[name] = data
    except (pikepdf.PdfError, OSError, ValueError, AttributeError, KeyError) as exc:
        raise InputError(
            [Problem(where, f"cannot read this PDF ({exc}); use an intact copy of the archived file")]
        ) from None
    return found


def _bounded(stream: Any, budget: int) -> bytes | None:
    """The stream's decoded bytes, or None past ``budget``; only the encodings we write are read."""
    chain = [str(f) for f in _filters(stream)]
    raw = stream.read_raw_bytes()
    if chain and chain[0] == "/ASCII85Decode":
        raw = base64.a85decode(raw.rstrip()[:-2] if raw.rstrip().endswith(b"~>") else raw)
        chain = chain[1:]
    if not chain:
        return raw if len(raw) <= budget else None
    if chain != ["/FlateDecode"]:
        raise ValueError(f"an embedded file is encoded with {' '.join(chain)}, which agreement-builder never writes")
    inflate = zlib.decompressobj()
    data = inflate.decompress(raw, budget + 1)
    return data if len(data) <= budget else None


def finish(
    parts: Sequence[bytes],
    *,
    languages: Sequence[str],
    attachments: Sequence[Attachment] = (),
    page_starts: Sequence[int] = (0,),
    identifier: bytes | None = None,
) -> bytes:
    """WeasyPrint's PDF/A-3a bytes, one PDF per page sequence → our PDF/A-3a + PDF/UA-1 bytes.

    The same input gives the same output. The sequences are joined first
    (:mod:`agreement_builder.writers.pdfjoin`), each with its structure already fixed.
    ``identifier`` becomes the first word of the file's /ID (the permanent one); the second
    is derived from the saved content.
    """
    with contextlib.ExitStack() as opened:  # every part stays open until the joined file is saved
        pdf = opened.enter_context(_opened(parts[0]))
        if identifier is not None:
            # Set here rather than asked of WeasyPrint: pydyf would serialise every object a
            # second time to hash it for a second word that qpdf replaces when saving anyway.
            pdf.trailer.ID = Array([pikepdf.String(identifier), pikepdf.String(identifier)])
        for data in parts[1:]:
            append(pdf, opened.enter_context(_opened(data)))
        _embed(pdf, attachments)
        _metadata(pdf, languages)
        if len(page_starts) > 1:  # each form's pages are labelled from 1, as its footer numbers them
            labels = Array()
            for start in page_starts:
                labels.append(start)
                labels.append(Dictionary(S=Name.D))
            pdf.Root.PageLabels = Dictionary(Nums=labels)
        pdf.Root.PageMode = Name.UseOutlines  # opens with the bookmarks panel
        return _save(pdf)


@contextlib.contextmanager
def _opened(data: bytes) -> Iterator[pikepdf.Pdf]:
    """The PDF in ``data``, opened by qpdf from memory it maps.

    WeasyPrint writes a PDF's objects one by one (see :mod:`agreement_builder.writers.pdf`),
    and qpdf, reading from a Python stream, calls back into Python for each of the
    thousands of them: 18 ms of an agreement. On Linux the bytes go into a file that lives
    in memory (memfd), which qpdf maps and reads as fast as any file; elsewhere (another
    system, or a sandbox that refuses memfd) qpdf reads them from a BytesIO, more slowly,
    to the same result.
    """
    try:
        memfd = os.memfd_create("agreement-builder-pdf", os.MFD_CLOEXEC)
    except (AttributeError, OSError):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            yield pdf
        return
    with os.fdopen(memfd, "w+b") as file:
        file.write(data)
        file.seek(0)
        with pikepdf.open(file, access_mode=pikepdf.AccessMode.mmap) as pdf:
            yield pdf


def _save(pdf: pikepdf.Pdf) -> bytes:
    """The file, reproducibly (/ID from the content), with object streams where they are safe.

    PDF/A wants each stream's /Length to be exactly what lies between ``stream`` and the end
    of line before ``endstream``; a compressed stream whose last byte is a carriage return
    reads as ending one byte early. Our own streams are compressed here, avoiding that; the
    object streams qpdf generates are checked after saving, and if one of them ends in a
    carriage return the file is saved again without object streams.
    """
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.read_raw_bytes().endswith(b"\r"):
            _armour(obj, obj.read_raw_bytes(), _filters(obj))
    for mode in (pikepdf.ObjectStreamMode.generate, pikepdf.ObjectStreamMode.disable):
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            fix_metadata_version=False,
            compress_streams=False,
            object_stream_mode=mode,
        )
        data = out.getvalue()
        if b"\rendstream" not in data and b"\r\nendstream" not in data:
            break
    return data


def _deflate(stream: Any, data: bytes) -> None:
    """Compress ``data`` into ``stream``; see :func:`_armour` for the one case that needs more."""
    packed = zlib.compress(data)
    if packed.endswith(b"\r"):
        _armour(stream, packed, [Name.FlateDecode])
    else:
        stream.write(packed, filter=Name.FlateDecode)


def _filters(stream: Any) -> list[pikepdf.Object]:
    value = stream.get("/Filter")
    return list(value) if isinstance(value, Array) else ([value] if value is not None else [])


def _armour(stream: Any, raw: bytes, chain: list[pikepdf.Object]) -> None:
    """Store ``raw`` (encoded with ``chain``) wrapped in ASCII85, which always ends in '~>'.

    A zlib stream ends with the Adler-32 checksum of its data, so no compression level can
    change its last byte; ASCII85 around it can, and PDF/A allows that filter.
    """
    if chain and chain[0] == Name.ASCII85Decode:
        return
    encoded = base64.a85encode(raw, wrapcol=0) + b"~>"
    stream.write(encoded, filter=Array([Name.ASCII85Decode, *chain]))


# --- attachments ---------------------------------------------------------------------------


def _embed(pdf: pikepdf.Pdf, attachments: Iterable[Attachment]) -> None:
    """The sources as associated files: each in the EmbeddedFiles name tree and once in /AF."""
    files = list(attachments)
    if not files:
        return
    date = str(pdf.docinfo.get("/ModDate", ""))
    af = Array()
    for a in files:
        spec = pikepdf.AttachedFileSpec(
            pdf,
            a.data,
            description=a.description,
            filename=a.name,
            mime_type=a.mime,
            creation_date=date,
            mod_date=date,
            relationship=Name("/" + a.relationship),
        )
        pdf.attachments[a.name] = spec
        stored = pdf.attachments[a.name].obj
        _deflate(stored.EF.F, a.data)
        af.append(stored)
    pdf.Root.AF = af


# --- metadata ---------------------------------------------------------------------------

_EXTENSION = """<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""


def _xmp_date(value: str) -> str:
    """'D:20240315000000Z' (or with +01'00') → '2024-03-15T00:00:00Z' (or +01:00)."""
    v = value[2:] if value.startswith("D:") else value
    stamp = f"{v[0:4]}-{v[4:6]}-{v[6:8]}T{v[8:10]}:{v[10:12]}:{v[12:14]}"
    zone = v[14:].replace("'", "")
    if zone in ("", "Z"):
        return stamp + "Z"
    return f"{stamp}{zone[0]}{zone[1:3]}:{zone[3:5] or '00'}"


def _metadata(pdf: pikepdf.Pdf, languages: Sequence[str]) -> None:
    """XMP from the information dictionary, so the two cannot disagree (PDF/A requires they match)."""
    info = pdf.docinfo

    def text(key: str) -> str:
        return escape(str(info.get(key, "")))

    parts = [
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
        "<pdfaid:part>3</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text("/Title")}</rdf:li></rdf:Alt></dc:title>',
        "<dc:format>application/pdf</dc:format>",
    ]
    if "/Author" in info:
        parts.append(f"<dc:creator><rdf:Seq><rdf:li>{text('/Author')}</rdf:li></rdf:Seq></dc:creator>")
    if "/Subject" in info:
        subject = text("/Subject")
        parts.append(
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>'
        )
    bag = "".join(f"<rdf:li>{escape(lang)}</rdf:li>" for lang in languages)
    parts.append(f"<dc:language><rdf:Bag>{bag}</rdf:Bag></dc:language>")
    if "/Keywords" in info:
        parts.append(f"<pdf:Keywords>{text('/Keywords')}</pdf:Keywords>")
    if "/Producer" in info:
        parts.append(f"<pdf:Producer>{text('/Producer')}</pdf:Producer>")
    if "/Creator" in info:
        parts.append(f"<xmp:CreatorTool>{text('/Creator')}</xmp:CreatorTool>")
    for key, prop in (("/CreationDate", "CreateDate"), ("/ModDate", "ModifyDate")):
        if key in info:
            parts.append(f"<xmp:{prop}>{_xmp_date(str(info[key]))}</xmp:{prop}>")
    if "/ModDate" in info:
        parts.append(f"<xmp:MetadataDate>{_xmp_date(str(info['/ModDate']))}</xmp:MetadataDate>")
    parts.append("</rdf:Description>")
    body = "\n".join(parts)
    xmp = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        f"{body}\n{_EXTENSION}\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode()
    stream = pdf.make_stream(xmp)
    stream.Type = Name.Metadata
    stream.Subtype = Name.XML
    pdf.Root.Metadata = stream
