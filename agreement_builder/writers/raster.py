"""An SVG drawn as PNG by CairoSVG, once per content, size and drawing library.

The DOCX writer needs a logo as PNG (python-docx embeds only raster images). Drawing an SVG
takes CairoSVG, and importing CairoSVG parses the C declarations of the whole cairo API
(cairocffi in ABI mode): 0.17–0.2 s of every build that writes a DOCX with an SVG logo, and
of every batch worker, for the same few kilobytes of PNG each time. So the PNG is kept in
the user's cache (:mod:`agreement_builder.core.cache`), keyed by the SVG's SHA-256, the size
in pixels and what decides the pixels: the versions of CairoSVG and cairocffi and the cairo
library's own version number. A hit gives the bytes the drawing would give; a cache that is
off, unreadable or holds anything but a PNG is passed over and the SVG is drawn.
"""

from __future__ import annotations

import ctypes
import functools

from agreement_builder.core import cache

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_KIND = "rasters"
# How cairocffi finds the cairo library, per platform; the first that loads gives its version.
_CAIRO_NAMES = ("libcairo.so.2", "libcairo.2.dylib", "libcairo-2.dll")


def svg_png(svg: bytes, pixels: int) -> bytes:
    """``svg`` drawn ``pixels`` wide as PNG; the same SVG and size always give the same bytes."""
    key = _key(svg, pixels)
    if key is not None:
        kept = cache.read(_KIND, key).get("png")
        if isinstance(kept, bytes) and kept.startswith(PNG_SIGNATURE):
            return kept
    import cairosvg

    png = cairosvg.svg2png(bytestring=svg, output_width=pixels, unsafe=False)
    assert isinstance(png, bytes)
    if key is not None:
        cache.write(_KIND, key, {"png": png})
    return png


def _key(svg: bytes, pixels: int) -> list[str] | None:
    """What decides the drawing's bytes, or None when the cairo library's version cannot be read."""
    version = _cairo_version()
    if version is None:
        return None
    return [
        "svg-png",
        cache.file_digest(svg),
        str(pixels),
        cache.module_stamp("cairosvg"),
        cache.module_stamp("cairocffi"),
        f"cairo {version}",
    ]


@functools.cache
def _cairo_version() -> int | None:
    """The cairo library's version number (cairo_version()), read through ctypes: no CairoSVG import."""
    for name in _CAIRO_NAMES:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        try:
            return int(library.cairo_version())
        except (AttributeError, ValueError):
            return None
    return None
