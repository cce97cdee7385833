"""How wide finished text prints, estimated from the table font's metrics, to size table columns.

Both writers take a table's column widths from the model, as shares of the text width, so a
column that must hold a text on one line (an amount, a status badge) is sized here, before
either writer runs. The estimate uses the advance widths of Carlito Bold (the default table
font, as wide as Calibri): bold is the widest cut, so a total row or a badge fits too. A house
style with a wider table font gets the SAFETY margin; measuring the real font would need the
writers' font machinery in the resolver.
"""

from __future__ import annotations

TEXT_WIDTH_MM = 170.0  # the narrower of the two text blocks (PDF 170 mm, DOCX 174 mm)
SAFETY = 1.1  # room for a wider house font and for rounding in the writers
PT_MM = 25.4 / 72

# Advance widths of Carlito Bold in em, per group of characters (rounded up to 0.01 em).
_WIDTHS = {
    0.23: " \u00a0\u202f",
    0.24: "'",
    0.25: "ilíï",
    0.26: ",j’",
    0.27: ".IÍ",
    0.28: ":;",
    0.31: "-`",
    0.32: "()f",
    0.33: "![]",
    0.34: "J",
    0.35: "t{}",
    0.36: "r",
    0.4: "sz",
    0.42: "cç",
    0.43: "/L\\",
    0.44: '"“”',
    0.46: "Fx",
    0.47: "?",
    0.48: "SZgkvy|",
    0.49: "EÉ",
    0.5: "#*+<=>T^_a~á−–",
    0.51: "$0123456789eéèë€£",
    0.52: "Y",
    0.53: "C",
    0.54: "Pbdhnopquóúñüö",
    0.55: "K",
    0.56: "X",
    0.57: "BR",
    0.6: "V",
    0.61: "AÁ₲",
    0.64: "DGH",
    0.66: "NUÚÑÜ",
    0.68: "OÓ",
    0.69: "Q",
    0.71: "&",
    0.73: "%",
    0.75: "w",
    0.82: "m",
    0.88: "M",
    0.9: "@",
    0.91: "W—",
}
_EM = {ch: width for width, chars in _WIDTHS.items() for ch in chars}
_OTHER = 0.7  # a character not in the table: as wide as a wide capital


def text_mm(text: str, size_pt: float) -> float:
    """The printed width of ``text`` on one line at ``size_pt``, in millimetres, with the safety margin."""
    return sum(_EM.get(ch, _OTHER) for ch in text) * size_pt * PT_MM * SAFETY


CELL_PADDING_MM = 4.0  # a table cell's inner margins, left and right together (PDF 2 × 5 pt, DOCX 2 × 0.08 in)


def cell_mm(texts: list[str], size_pt: float, extra_mm: float = 0.0) -> float:
    """The width a column needs to hold the longest of ``texts`` on one line, padding included."""
    return max((text_mm(t, size_pt) for t in texts), default=0.0) + CELL_PADDING_MM + extra_mm


def share(mm: float) -> float:
    """A width in millimetres as a share of the text width."""
    return mm / TEXT_WIDTH_MM


def fit_columns(widths: tuple[float, ...], needs: dict[int, float], floors: dict[int, float]) -> tuple[float, ...]:
    """Column shares in which column ``i`` in ``needs`` is at least ``needs[i]`` of the text width.

    The other columns give up the room in proportion to their shares, but none goes below its
    floor (its longest word, so that no word is broken). When needs and floors do not fit
    together, the measured columns share what the floors leave, in proportion.
    """
    grown = {i: max(widths[i], need) for i, need in needs.items()}
    rest = [i for i in range(len(widths)) if i not in grown]
    floor = {i: floors.get(i, 0.0) for i in rest}
    room = 1.0 - sum(grown.values())
    if room < sum(floor.values()):
        scale = (1.0 - sum(floor.values())) / sum(grown.values())
        grown = {i: w * scale for i, w in grown.items()}
        room = sum(floor.values())
    out = dict(grown)
    free = list(rest)
    while free:  # proportional shares; a column under its floor takes its floor, the others share the rest
        total = sum(widths[i] for i in free)
        left = room - sum(out[i] for i in rest if i not in free)
        under = [i for i in free if widths[i] / total * left < floor[i]]
        if not under:
            out.update({i: widths[i] / total * left for i in free})
            break
        out.update({i: floor[i] for i in under})
        free = [i for i in free if i not in under]
    return tuple(round(out[i], 4) for i in range(len(widths)))
