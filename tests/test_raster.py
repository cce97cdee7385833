"""An SVG logo's PNG: drawn once, then taken from the cache, and never a wrong one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from agreement_builder.core import cache
from agreement_builder.writers import raster

LOGO = Path(__file__).resolve().parent.parent / "examples" / "brasschaat-tarija" / "style" / "logo.svg"
SQUARE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10" fill="#1E5B3C"/></svg>'
)


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    return folder


def _drawn(svg: bytes, pixels: int) -> bytes:
    """What CairoSVG itself draws."""
    import cairosvg

    png = cairosvg.svg2png(bytestring=svg, output_width=pixels, unsafe=False)
    assert isinstance(png, bytes)
    return png


def test_the_second_drawing_comes_from_the_cache(own_cache, monkeypatch):
    svg = LOGO.read_bytes()
    first = raster.svg_png(svg, 224)
    assert first == _drawn(svg, 224)
    assert list((own_cache / "rasters").glob("*.pickle")), "the PNG is kept"
    import cairosvg

    def refuse(**_: object) -> bytes:
        raise AssertionError("drawn again")

    monkeypatch.setattr(cairosvg, "svg2png", refuse)
    assert raster.svg_png(svg, 224) == first
    with pytest.raises(AssertionError, match="drawn again"):  # the check can fail: a miss draws
        raster.svg_png(SQUARE, 224)


def test_another_svg_or_size_is_drawn_not_taken_from_the_cache(own_cache):
    logo = raster.svg_png(LOGO.read_bytes(), 224)
    square = raster.svg_png(SQUARE, 224)
    assert square != logo and square == _drawn(SQUARE, 224)
    small = raster.svg_png(SQUARE, 40)
    assert Image.open(io.BytesIO(small)).size == (40, 40)
    assert Image.open(io.BytesIO(square)).size == (224, 224)


def test_a_cache_that_does_not_hold_a_png_is_passed_over(own_cache):
    raster.svg_png(SQUARE, 64)
    (entry,) = (own_cache / "rasters").glob("*.pickle")
    key = raster._key(SQUARE, 64)
    assert key is not None
    cache.write("rasters", key, {"png": b"<html>not a picture</html>"})
    assert raster.svg_png(SQUARE, 64) == _drawn(SQUARE, 64)
    entry.write_bytes(b"\x80\x05garbage")
    assert raster.svg_png(SQUARE, 64) == _drawn(SQUARE, 64)


def test_with_the_cache_off_the_svg_is_drawn_every_time(monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    assert raster.svg_png(SQUARE, 32) == _drawn(SQUARE, 32)


def test_the_key_names_the_drawing_librarys_version():
    """A new cairo, CairoSVG or cairocffi draws afresh: its version is part of the key."""
    version = raster._cairo_version()
    assert isinstance(version, int) and version >= 11600  # cairo 1.16 or later, as Debian has
    key = raster._key(SQUARE, 32)
    assert key is not None
    assert f"cairo {version}" in key
    assert any(part.startswith("cairosvg|") for part in key) and any(part.startswith("cairocffi|") for part in key)
