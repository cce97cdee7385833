"""HTML → PDF with WeasyPrint, reproducibly and behind the safe URL fetcher."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import RenderError
from .fetcher import BlockedURL, SafeURLFetcher, blocked_error
from .model import Document
from .render_html import render_html
from .resources import templates_dir


def render_pdf(doc: Document, spec_folder: Path, html: str | None = None) -> bytes:
    """The agreement as PDF bytes; the same document always gives the same bytes."""
    # WeasyPrint's font-subsetting fallback (fontTools) and pydyf read this for timestamps.
    epoch = int(__import__("calendar").timegm(doc.date.timetuple()))
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))
    from weasyprint import HTML

    html = html if html is not None else render_html(doc)
    fetcher = SafeURLFetcher([templates_dir(), spec_folder])
    base = templates_dir().as_uri() + "/"
    try:
        document = HTML(string=html, base_url=base, url_fetcher=fetcher).render()
        return document.write_pdf(
            pdf_identifier=_identifier(html),
            uncompressed_pdf=False,
            pdf_tags=True,
        )
    except BlockedURL as exc:
        raise blocked_error(exc) from None
    except Exception as exc:  # WeasyPrint wraps fetch failures in its own errors
        blocked = blocked_error(exc)
        if blocked is not None:
            raise blocked from None
        raise RenderError(f"PDF rendering failed: {exc}") from exc


def _identifier(html: str) -> bytes:
    import hashlib

    return hashlib.md5(html.encode("utf-8"), usedforsecurity=False).hexdigest().encode()
