"""HTML → PDF with WeasyPrint, reproducibly and behind the safe URL fetcher."""

from __future__ import annotations

import calendar
import contextlib
import dataclasses
import functools
import gc
import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from agreement_builder.core.errors import RenderError, ResourceBlockedError
from agreement_builder.core.parallel import apart
from agreement_builder.core.resources import templates_dir
from agreement_builder.model.document import Document
from agreement_builder.writers.fetcher import BlockedURL, SafeURLFetcher, blocked_error
from agreement_builder.writers.html import render_html
from agreement_builder.writers.pdfarchive import as_attachment, finish
from agreement_builder.writers.pdfstructure import fix_structure
from agreement_builder.writers.pdftags import annotated_tags


def render_pdf(doc: Document, spec_folder: Path, html: str | None = None) -> bytes:
    """The document as PDF bytes; the same document always gives the same bytes.

    Each page sequence (a report's or a decision's forms) is laid out and written on its
    own, in a child process where one can be forked: the memory a layout takes (about 1 MB
    a page) is given back before the next form is laid out, and the PDFs are joined
    afterwards (:mod:`agreement_builder.writers.pdfjoin`). ``html`` replaces the page the
    HTML writer would make (the fetcher's tests use it).
    """
    sequences = _page_sequences(doc)
    if html is not None:
        htmls = [html]
    elif len(sequences) > 1:
        # Drawn in a child too: matplotlib (a report's charts, about 50 MB) never enters this
        # process, which waits with the model while each form is laid out in a child of its own.
        htmls = apart(lambda: [render_html(d) for d in sequences])
    else:
        htmls = [render_html(doc)]
    # The style folder too: a house style's files are as trusted as the spec's own.
    roots = [templates_dir(), spec_folder, *([doc.house.folder] if doc.house.folder else [])]
    fetcher = SafeURLFetcher(roots)
    identifier = _identifier("".join(htmls))
    try:
        with _source_date(doc), _fewer_collections():
            parts, pages = [], []
            for h in htmls:
                job = functools.partial(_sequence, h, fetcher)
                data, count = apart(job) if len(htmls) > 1 else job()
                parts.append(data)
                pages.append(count)
        return finish(
            parts,
            languages=[doc.locales[lang] for lang in doc.languages],
            attachments=[as_attachment(s) for s in doc.sources],
            page_starts=_starts(pages),
            identifier=identifier,
        )
    except BlockedURL as exc:
        raise ResourceBlockedError(exc.url) from None
    except Exception as exc:  # WeasyPrint wraps fetch failures in its own errors
        blocked = blocked_error(exc)
        if blocked is not None:
            raise blocked from None
        raise RenderError(f"PDF rendering failed: {exc}") from exc


def _sequence(html: str, fetcher: SafeURLFetcher) -> tuple[bytes, int]:
    """One page sequence laid out and written, its structure tree fixed: its PDF and its number of pages."""
    from agreement_builder.writers.weasyua import LeanHTML

    base = templates_dir().as_uri() + "/"
    fonts = _font_configuration()
    try:
        laid_out = LeanHTML(string=html, base_url=base, url_fetcher=fetcher).render(font_config=fonts)
    finally:
        if getattr(fonts, "_folder", None) is not None:  # the page added @font-face fonts to it
            _FONTS.configuration = None
    with annotated_tags():
        data = laid_out.write_pdf(
            pdf_identifier=False,  # finish() sets the /ID
            uncompressed_pdf=False,
            pdf_variant="pdf/a-3a",  # tags, sRGB output intent, PDF 1.7; finish() completes it
            custom_metadata=True,  # the <meta name="provenance"> JSON becomes /provenance
            finisher=lambda _document, pdf: _finish_objects(pdf),  # before the objects are written
        )
        return data, len(laid_out.pages)


def _finish_objects(pdf: Any) -> None:
    """WeasyPrint's finisher: the structure tree fixed, then the objects set to be written one by one."""
    fix_structure(pdf)
    pdf.__class__ = _plain_objects_class()


@functools.cache
def _plain_objects_class() -> type:
    """pydyf's PDF, writing each object on its own instead of packing them into an object stream.

    pydyf packs the thousands of objects of a tagged PDF into one object stream, deflated at
    zlib's highest level (35 ms of an agreement), which the post-pass
    (:func:`agreement_builder.writers.pdfarchive.finish`) unpacks at once; qpdf packs them
    again when it saves. Written one by one they are read as fast and packed once, and the
    saved file is byte for byte the same. Only the packing changes: each stream keeps the
    compression WeasyPrint gave it.
    """
    import pydyf  # type: ignore[import-untyped]

    class PlainObjects(pydyf.PDF):
        """A pydyf PDF that writes no object stream."""

        def write(self, output: Any, version: bytes = b"1.7", identifier: Any = False, compress: bool = False) -> Any:
            return super().write(output, version, identifier, compress=False)

    return PlainObjects


_FONTS = threading.local()  # .configuration: this thread's font configuration, once made


def _font_configuration() -> Any:
    """This thread's font configuration, made by its first layout and reused by the next ones.

    Making one loads fontconfig's configuration and a Pango font map; the map then keeps
    every font it has opened, so the next layout in a warm process (a batch, a service)
    finds them ready. Pango's font maps are not shared between threads, so each thread has
    its own. Our pages name installed families only; a page that declares fonts of its own
    (@font-face) adds them to the configuration, which is then dropped after that page, so
    no document ever sees another's fonts. The bytes are the same as with a new one.
    """
    configuration = getattr(_FONTS, "configuration", None)
    if configuration is None:
        from weasyprint.text.fonts import FontConfiguration

        configuration = _FONTS.configuration = FontConfiguration()
    return configuration


def _starts(pages: list[int]) -> list[int]:
    """The index of each page sequence's first page, for the PDF's page labels."""
    starts, total = [], 0
    for count in pages:
        starts.append(total)
        total += count
    return starts


def _page_sequences(doc: Document) -> list[Document]:
    """The document cut where each page sequence starts, to be laid out one by one.

    WeasyPrint counts ``counter(pages)`` over a whole laid-out document, so a report whose two
    forms were laid out together would print "página 2 de 22" for both; laid out apart, each
    form numbers its own pages. A document of one sequence (an agreement, a one-language
    report) comes back whole, and is laid out once as before.
    """
    starts = [i for i in range(len(doc.parts)) if doc.starts_page_sequence(i)]
    if len(starts) <= 1:
        return [doc]
    ends = [*starts[1:], len(doc.parts)]
    return [dataclasses.replace(doc, parts=doc.parts[a:b]) for a, b in zip(starts, ends, strict=True)]


_COLLECTOR = threading.Lock()
_collector_users = 0  # renders under way in this process; the first sets, the last restores
_collector_settings: tuple[int, ...] = ()


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector, set for a layout: rarely while it runs, then once over its garbage.

    A layout makes hundreds of thousands of objects that live until the PDF is written, and
    the collector, run every 700 new objects, scans them again and again: 6–7 % of a
    build's time (0.28 s of an agreement, 0.67 s of a 25-page report), and nearly nothing
    to free. While a PDF is made it runs every 50,000 new objects instead, over the young
    generations (a full scan would wait for a hundred million), which never hold the heap
    that existed before (modules, caches), so nothing needs to be frozen out of the scans.
    When the last render ends, the usual settings come back and the young generations are
    collected once: the layout's garbage (some 60,000 objects in cycles for an agreement) is
    freed there, in the build that made it, without a scan of the whole heap.

    Earlier this froze the heap (``gc.freeze``) for the layout and unfroze it after: the
    garbage that existed when a layout began was frozen with it, then put back among the
    oldest objects, which only a full collection scans, and in a warm process full
    collections stopped coming. Each agreement built in one process left 16 MB behind
    (40 builds: 776 MB). Unfreezing also thawed whatever the host program had frozen.
    """
    global _collector_users, _collector_settings
    with _COLLECTOR:
        if _collector_users == 0:
            _collector_settings = gc.get_threshold()
            gc.set_threshold(50_000, 20, 100)
        _collector_users += 1
    try:
        yield
    finally:
        with _COLLECTOR:
            _collector_users -= 1
            last = _collector_users == 0
            if last:
                gc.set_threshold(*_collector_settings)
        if last:  # outside the lock: a finalizer the collection runs may render too
            gc.collect(1)


@contextlib.contextmanager
def _source_date(doc: Document) -> Iterator[None]:
    """SOURCE_DATE_EPOCH = the agreement's date while rendering.

    WeasyPrint's font-subsetting fallback (fontTools, used when libharfbuzz-subset is
    missing) stamps fonts with the current time unless this is set.
    """
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(doc.date.timetuple()))
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def _identifier(html: str) -> bytes:
    """A PDF /ID derived from the content, not from the clock."""
    return hashlib.md5(html.encode("utf-8"), usedforsecurity=False).hexdigest().encode()
