"""The house style a document is built in: the spec's ``style:``, ``--style``, or the bundled default.

Both kinds read their style the same way, so this lives beside them rather than in either.
"""

from __future__ import annotations

from pathlib import Path

from agreement_builder.core.housestyle import StyleData, load_style
from agreement_builder.core.resources import styles_dir
from agreement_builder.model.document import HouseStyle, Logo


def default_style_folder() -> Path:
    """The bundled neutral style, the look of every document that names no style."""
    return styles_dir() / "default"


def house_style(folder: Path | None) -> HouseStyle:
    """Load and check ``folder`` (or the bundled default) into the model's HouseStyle.

    Raises InputError with every problem of the style folder: a bad colour, a font that is
    not installed, a logo that is missing, too big, or not the image it claims to be.
    """
    return to_model(load_style(folder or default_style_folder()))


def to_model(data: StyleData) -> HouseStyle:
    """The model's view of a checked style folder; absent optional colours are derived from primary."""
    c = data.colours
    primary = c["primary"]
    logo = data.logo
    return HouseStyle(
        name=data.name,
        primary=primary,
        accent=c["accent"],
        text=c["text"],
        muted=c["muted"],
        secondary=c.get("secondary") or mix(primary, "#808080", 0.5),
        rule=c.get("rule") or mix(primary, "#FFFFFF", 0.78),
        tint=c.get("tint") or mix(primary, "#FFFFFF", 0.95),
        body_font=data.fonts["body"],
        heading_font=data.fonts["heading"],
        word_body=data.fonts["word_body"],
        word_heading=data.fonts["word_heading"],
        logo=Logo(logo.data, logo.format, logo.width_mm, logo.aspect, logo.alt) if logo else None,
        letterhead=data.letterhead,
        header=data.header,
        footer=data.footer,
        folder=data.folder,
        files=data.files,
    )


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0–1) of the way towards ``other``, as #RRGGBB."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02X}" for x, y in zip(a, b, strict=True))
