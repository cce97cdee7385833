"""House style folders: a municipality's logo, colours, fonts and letterhead, read and checked.

A style folder holds ``style.yaml`` and the logo file it names. Like a clause library it may
come from elsewhere (VVSG, a neighbouring municipality), so it is read with the safe YAML
loader, every value is validated declaratively, and the logo is checked before anything is
rendered: a logo outside the folder, a file that only pretends to be a PNG, or an SVG that
pulls in other files is refused at ``check``, never silently dropped on signing day. A font
family that fontconfig does not know is an error too, because WeasyPrint would quietly print
the document in another font.

This module returns checked plain data (``StyleData``); ``kinds/house.py`` turns it into the
model's ``HouseStyle``, since the core layer does not know the model.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from agreement_builder.core.errors import InputError, Location, Problem
from agreement_builder.core.schema import (
    LANGUAGES,
    MISSING,
    Checker,
    Field,
    Key,
    LangText,
    ListOf,
    Mapping,
    Str,
    type_name,
)
from agreement_builder.core.yamlsource import KeyPath, Source, load_yaml

STYLE_FILE = "style.yaml"
# A letterhead logo is a few kilobytes; a megabyte is a photo or a print master pasted by mistake.
MAX_LOGO_BYTES = 1_000_000
# A PNG logo wider or taller than this is a print master: it bloats the DOCX and the PDF.
MAX_LOGO_PIXELS = 4000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Elements that run code or embed foreign content: a logo needs none of them.
SVG_FORBIDDEN = ("script", "foreignObject", "iframe", "object", "embed", "audio", "video")

COLOUR = Str(r"#[0-9A-Fa-f]{6}", "write a colour as #RRGGBB, e.g. #123B5C")
# Font family names go into CSS strings and Word's font table: letters, digits, spaces, dashes.
FONT = Str(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}", "a font family name such as Carlito or DejaVu Sans")


class Lines(Field):
    """Lines of text per language: ``{nl: [line, …], es: [line, …]}``, both languages required."""

    def __init__(self, max_lines: int) -> None:
        self.max_lines = max_lines

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, dict):
            ck.error(path, f"expected a mapping with 'nl' and 'es' lists of lines, got {type_name(value)}")
            return MISSING
        for key in value:
            if key not in LANGUAGES:
                ck.error((*path, key), f"unknown language {key!r}; use nl and es")
        out: dict[str, tuple[str, ...]] = {}
        for lang in LANGUAGES:
            if lang not in value:
                ck.error(path, f"the {lang} lines are missing; a letterhead needs nl and es lines")
                continue
            lines = ListOf(Str(), min_items=1, max_items=self.max_lines).check(value[lang], (*path, lang), ck)
            if lines is not MISSING:
                out[lang] = tuple(lines)
        return out if len(out) == len(LANGUAGES) else MISSING

    def json_schema(self) -> dict[str, Any]:
        lines = ListOf(Str(), min_items=1, max_items=self.max_lines).json_schema()
        return {
            "type": "object",
            "properties": {lang: lines for lang in LANGUAGES},
            "required": list(LANGUAGES),
            "additionalProperties": False,
        }


class Width(Field):
    """A width in millimetres: a whole or decimal number within bounds."""

    def __init__(self, minimum: float, maximum: float) -> None:
        self.minimum, self.maximum = minimum, maximum

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            ck.error(path, f"expected a width in millimetres, got {type_name(value)}")
            return MISSING
        if not self.minimum <= value <= self.maximum:
            ck.error(path, f"{value} mm is outside {self.minimum:g}–{self.maximum:g} mm")
            return MISSING
        return float(value)


STYLE = Mapping(
    {
        "name": Key(Str(), required=True, doc="The style's name, e.g. the municipality."),
        "colours": Key(
            Mapping(
                {
                    "primary": Key(COLOUR, required=True, doc="Title, headings, rules, table heads."),
                    "accent": Key(COLOUR, required=True, doc="Highlights: numbers, the letterhead rule."),
                    "text": Key(COLOUR, required=True, doc="Body text."),
                    "muted": Key(COLOUR, required=True, doc="Page footer, captions, labels."),
                    "secondary": Key(COLOUR, doc="Small capitals labels; default: between primary and grey."),
                    "rule": Key(COLOUR, doc="Thin lines; default: a light tint of primary."),
                    "tint": Key(COLOUR, doc="Shaded table cells; default: a very light tint of primary."),
                }
            ),
            required=True,
        ),
        "fonts": Key(
            Mapping(
                {
                    "body": Key(FONT, required=True, doc="Body text family, installed for the PDF."),
                    "heading": Key(FONT, required=True, doc="Headings and tables, installed for the PDF."),
                    "word": Key(
                        Mapping({"body": Key(FONT, required=True), "heading": Key(FONT, required=True)}),
                        doc="The names the DOCX uses (e.g. Cambria for Caladea); default: the same families.",
                    ),
                }
            ),
            required=True,
        ),
        "logo": Key(
            Mapping(
                {
                    "file": Key(Str(), required=True, doc="SVG or PNG file in the style folder."),
                    "width": Key(Width(8, 80), required=True, doc="Printed width in millimetres."),
                    "alt": Key(LangText(), doc="Alternative text for screen readers."),
                }
            )
        ),
        "letterhead": Key(Lines(max_lines=4), doc="The address block beside the logo on the first page."),
        "header": Key(LangText(), doc="A line at the top of the following pages."),
        "footer": Key(LangText(), doc="A line under the page footer on every page."),
    }
)


@dataclass(frozen=True)
class Logo:
    """A checked logo: its bytes, format ('svg' or 'png') and printed size."""

    data: bytes
    format: str
    width_mm: float
    aspect: float  # height / width
    alt: dict[str, str]


@dataclass(frozen=True)
class StyleData:
    """A checked style folder as plain data; ``kinds/house.py`` makes the model's HouseStyle of it."""

    folder: Path
    name: str
    colours: dict[str, str]
    fonts: dict[str, str]  # body, heading, word_body, word_heading
    logo: Logo | None = None
    letterhead: dict[str, tuple[str, ...]] = field(default_factory=dict)
    header: dict[str, str] = field(default_factory=dict)
    footer: dict[str, str] = field(default_factory=dict)
    files: tuple[Path, ...] = ()  # style.yaml and the logo: what a PDF embeds as its style's sources


def load_style(folder: Path) -> StyleData:
    """Read and check a style folder; raise InputError with every problem at once."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError([Problem(Location(str(folder)), "style folder not found")])
    source = load_yaml(folder / STYLE_FILE)
    ck = Checker(source)
    if not isinstance(source.data, dict):
        ck.error((), f"a style must be a mapping of keys (name, colours, fonts, …), got {type_name(source.data)}")
        raise InputError([*source.problems, *ck.problems])
    data = STYLE.check(source.data, (), ck)
    check_fonts(source, ck)
    logo = check_logo(folder, source, ck)
    problems = [*source.problems, *ck.problems]
    if data is MISSING or any(p.severity == "error" for p in problems):
        raise InputError(problems)
    fonts, colours = data["fonts"], data["colours"]
    word = fonts["word"] or {"body": fonts["body"], "heading": fonts["heading"]}
    return StyleData(
        folder=folder.resolve(),
        name=data["name"],
        colours={k: v.upper() for k, v in colours.items() if v is not None},
        fonts={
            "body": fonts["body"],
            "heading": fonts["heading"],
            "word_body": word["body"],
            "word_heading": word["heading"],
        },
        logo=logo,
        letterhead=data["letterhead"] or {},
        header=data["header"] or {},
        footer=data["footer"] or {},
        files=(folder.resolve() / STYLE_FILE, *([(folder / data["logo"]["file"].strip()).resolve()] if logo else [])),
    )


# ---------------------------------------------------------------------------------------------
# Fonts


@cache
def installed_families() -> frozenset[str] | None:
    """Every font family fontconfig knows (case-folded), or None when fc-list is not there.

    fontconfig is what WeasyPrint (through Pango) finds fonts with, so a family it does not
    list would silently print in a fallback font.
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    proc = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=False, timeout=60)
    if proc.returncode != 0:
        return None
    return frozenset(name.strip().casefold() for line in proc.stdout.splitlines() for name in line.split(","))


def check_fonts(source: Source, ck: Checker) -> None:
    """A body or heading family that fontconfig does not know is an error at its line."""
    fonts = source.data.get("fonts")
    if not isinstance(fonts, dict):
        return
    for role in ("body", "heading"):
        family = fonts.get(role)
        if not isinstance(family, str) or not family.strip():
            continue
        known = installed_families()
        if known is None:
            ck.warn(("fonts", role), f"cannot check that font {family!r} is installed: fc-list (fontconfig) is missing")
        elif family.strip().casefold() not in known:
            ck.error(
                ("fonts", role),
                f"font {family!r} is not installed, so the PDF would silently use another font; install its "
                "package (e.g. fonts-crosextra-carlito for Carlito) or pick an installed family ('fc-list : family')",
            )


# ---------------------------------------------------------------------------------------------
# The logo


def check_logo(folder: Path, source: Source, ck: Checker) -> Logo | None:
    """The logo's bytes, if the file is inside the folder, small, and really the image it says it is."""
    logo = source.data.get("logo")
    if not isinstance(logo, dict):
        return None
    name, width = logo.get("file"), logo.get("width")
    if not isinstance(name, str) or not name.strip():
        return None
    path = ("logo", "file")
    data = _read_logo(folder, name.strip(), path, ck)
    if data is None:
        return None
    suffix = Path(name).suffix.lower()
    if suffix == ".png":
        aspect = _png_aspect(data, name, path, ck)
    elif suffix == ".svg":
        aspect = _svg_aspect(data, name, path, ck)
    else:
        ck.error(path, f"logo {name!r} must be an SVG (.svg) or PNG (.png) file")
        return None
    if aspect is None or isinstance(width, bool) or not isinstance(width, int | float):
        return None
    alt = logo.get("alt")
    alt_text = alt if isinstance(alt, dict) and all(isinstance(alt.get(k), str) for k in LANGUAGES) else {}
    default_alt = f"Logo {source.data.get('name', '')}".strip()
    return Logo(
        data,
        suffix[1:],
        float(width),
        aspect,
        {lang: str(alt_text.get(lang, default_alt)).strip() for lang in LANGUAGES},
    )


def _read_logo(folder: Path, name: str, path: KeyPath, ck: Checker) -> bytes | None:
    """The file's bytes, if its real path (symlinks followed) stays inside the style folder."""
    root = folder.resolve()
    target = (folder / name).resolve()
    if not target.is_relative_to(root):
        ck.error(path, f"logo {name!r} lies outside the style folder; copy the logo into {folder}")
        return None
    if not target.is_file():
        ck.error(path, f"logo {name!r} not found in {folder}")
        return None
    size = target.stat().st_size
    if size > MAX_LOGO_BYTES:
        ck.error(path, f"logo {name!r} is {size:,} bytes; a logo may have at most {MAX_LOGO_BYTES:,}")
        return None
    return target.read_bytes()


def _png_aspect(data: bytes, name: str, path: KeyPath, ck: Checker) -> float | None:
    """Height/width of a real, readable PNG of a sensible size."""
    if not data.startswith(PNG_SIGNATURE):
        ck.error(path, f"logo {name!r} is not a PNG file (its first bytes are not the PNG signature)")
        return None
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            width, height = image.size
    except Exception as exc:  # Pillow raises many kinds of errors for a damaged file
        ck.error(path, f"logo {name!r} is a damaged PNG ({exc}); export it again")
        return None
    if max(width, height) > MAX_LOGO_PIXELS:
        ck.error(path, f"logo {name!r} is {width}×{height} pixels; at most {MAX_LOGO_PIXELS} a side")
        return None
    return height / width


def _svg_aspect(data: bytes, name: str, path: KeyPath, ck: Checker) -> float | None:
    """Height/width of a well-formed, self-contained SVG: no DTD, no entities, no scripts, no outside files."""
    import defusedxml.ElementTree as safe_xml
    from defusedxml import DefusedXmlException

    try:
        root = safe_xml.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        ck.error(path, f"logo {name!r} declares a DTD or entities, which a logo never needs; remove them")
        return None
    except Exception as exc:  # ParseError: not well-formed
        ck.error(path, f"logo {name!r} is not well-formed SVG ({exc})")
        return None
    if root.tag != f"{SVG_NS}svg":
        ck.error(path, f"logo {name!r} is not SVG: its root element must be <svg> in the SVG namespace")
        return None
    for el in root.iter():
        if problem := _svg_element_problem(el):
            ck.error(path, f"logo {name!r} {problem}; a logo must be self-contained")
            return None
    return _svg_size_ratio(root, name, path, ck)


def _svg_element_problem(el: Any) -> str:
    """Why one SVG element is not allowed in a logo, or ''."""
    tag = str(el.tag).rsplit("}", 1)[-1]
    if tag in SVG_FORBIDDEN:
        return f"contains a <{tag}> element"
    for key, value in el.attrib.items():
        if (key in ("href", XLINK_HREF) and not value.startswith("#")) or _outside_url(value):
            return f"refers to {value[:60]!r} outside the file"
        if key.startswith("on"):
            return f"has an event handler ({key})"
    if tag == "style" and (_outside_url(el.text or "") or "@import" in (el.text or "")):
        return "has a stylesheet that loads other files"
    return ""


def _outside_url(text: str) -> bool:
    """Whether CSS or attribute text has url(…) pointing anywhere but inside the file (url(#id))."""
    rest = text
    while (i := rest.find("url(")) >= 0:
        rest = rest[i + 4 :].lstrip(" '\"")
        if not rest.startswith("#"):
            return True
    return False


def _svg_size_ratio(root: Any, name: str, path: KeyPath, ck: Checker) -> float | None:
    """Height/width from the viewBox, else from width and height in plain numbers."""
    try:
        if box := root.get("viewBox"):
            _x, _y, w, h = (float(v) for v in box.replace(",", " ").split())
        else:
            w, h = (float(str(root.get(k, "")).removesuffix("px")) for k in ("width", "height"))
    except ValueError:
        w = h = 0.0
    if w <= 0 or h <= 0:
        ck.error(path, f"logo {name!r} needs a viewBox (or width and height in px) so its proportions are known")
        return None
    return h / w


class StyleFolder(Field):
    """A house style folder named in a spec, relative to the spec's folder; checked at its line."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, str) or not value.strip():
            ck.error(path, f"expected a style folder path, got {type_name(value)}")
            return MISSING
        folder = (ck.source.path.parent / value).resolve()
        if not (folder / STYLE_FILE).is_file():
            ck.error(
                path,
                f"style folder {value!r} not found or has no {STYLE_FILE} (looked in {folder}); "
                "paths are relative to the spec",
            )
            return MISSING
        return folder

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "description": "A house style folder (with style.yaml), relative to the spec."}
