"""Document model → HTML, through the one Jinja2 template ``templates/document.html.j2``.

The template is ours, but every value in it comes from specs and shared libraries, so the
environment autoescapes and is strict about undefined names. Charts are drawn as SVG and
embedded as ``data:`` URIs, which the PDF writer's URL fetcher allows, so the PDF keeps them
as vector graphics with real, searchable text.
"""

from __future__ import annotations

import base64
import re
import types
from functools import cache
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from agreement_builder.core.resources import templates_dir
from agreement_builder.model.blocks import Text, Words, plain
from agreement_builder.model.charts import Chart
from agreement_builder.model.document import Document, HouseStyle, Logo, PageStyle
from agreement_builder.writers.breaks import short_item

_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
_METHODS = (types.MethodType, types.BuiltinMethodType)


class PageEnvironment(SandboxedEnvironment):
    """Jinja's sandbox, with its verdict on each kind of attribute remembered.

    The sandbox judges ``obj.name`` by the name and by what kind of object ``obj`` is (a
    function, a method, a class, a frame, a generator…), never by its value, so the verdict
    for a type and a name holds for every object of that type. The page template reads
    some 10,000 attributes of the model per agreement, and judging each one anew was half
    of the HTML writer's time. An object that claims another class than its own (a
    ``__class__`` of its own making) is judged every time.
    """

    _VERDICTS_MAX = 4096  # types x names a template reads: a few hundred

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``, handed over at once when its type and name were judged safe before.

        A method still goes the sandbox's whole way: it may be a ``str.format`` (under any
        name), which the sandbox replaces with its own safe formatter.
        """
        kind = type(obj)
        if self._verdicts.get((kind, attribute)) and obj.__class__ is kind:
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if not isinstance(value, _METHODS):
                    return value
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        kind = type(obj)
        if obj.__class__ is not kind:
            return super().is_safe_attribute(obj, attr, value)
        verdict = self._verdicts.get((kind, attr))
        if verdict is None:
            verdict = super().is_safe_attribute(obj, attr, value)
            if len(self._verdicts) < self._VERDICTS_MAX:
                self._verdicts[(kind, attr)] = verdict
        return verdict


@cache
def _environment() -> SandboxedEnvironment:
    return PageEnvironment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
    )


def css_string(text: Words | tuple[Text, ...]) -> Markup:
    """Text for a CSS string in the page template's <style>.

    Every character that is not plainly safe becomes a CSS escape, so names like
    Nimlaha'kok print as written and no value can close the string or the style element.
    """
    out = []
    for ch in plain(text):
        if ch.isalnum() or ch in " .,:;-–·/()":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return Markup("".join(out))


def svg_uri(chart: Chart, house: HouseStyle) -> str:
    """The chart as an SVG data: URI in the house colours (matplotlib is imported only when a chart is drawn)."""
    from agreement_builder.writers.charts import svg

    data = svg(chart, house.primary, house.accent)
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def css_colour(value: str) -> str:
    """A house colour for CSS; the style loader validated it, this makes sure nothing else slips in."""
    if not _HEX.fullmatch(value):
        raise ValueError(f"not a #RRGGBB colour: {value!r}")
    return value


def house_css(house: HouseStyle) -> Markup:
    """The house style as CSS custom properties on :root, which the kinds' stylesheets use.

    Colours must be #RRGGBB; font names are written as CSS strings with every unusual
    character escaped (css_string), each followed by the DOCX's name for the same face and a
    generic family, so nothing from a style folder is interpolated into CSS as written.
    """
    colours = {
        "primary": house.primary,
        "accent": house.accent,
        "text": house.text,
        "muted": house.muted,
        "secondary": house.secondary,
        "rule": house.rule,
        "tint": house.tint,
    }
    props = [f"--{name}: {css_colour(value)};" for name, value in colours.items()]
    for var, names, generic in (
        ("body-font", (house.body_font, house.word_body), "serif"),
        ("heading-font", (house.heading_font, house.word_heading), "sans-serif"),
    ):
        families = ", ".join(f'"{css_string(name)}"' for name in dict.fromkeys(names))
        props.append(f"--{var}: {families}, {generic};")
    return Markup(":root { " + " ".join(props) + " }")


def logo_uri(logo: Logo) -> str:
    """The logo as a data: URI, so the PDF and the standalone HTML carry it inside the file."""
    mime = "image/svg+xml" if logo.format == "svg" else "image/png"
    return f"data:{mime};base64," + base64.b64encode(logo.data).decode("ascii")


def keep_ranges(text: str) -> Markup:
    """Escaped text whose number ranges ('2019–2022') never break across lines."""
    parts = re.split(r"(\d+–\d+)", text)
    return Markup("").join(
        Markup('<span class="nowrap">{}</span>').format(p) if i % 2 else escape(p) for i, p in enumerate(parts)
    )


def page_styles(doc: Document) -> list[PageStyle]:
    """The distinct page styles of the document's parts, in order of first use."""
    seen: dict[str, PageStyle] = {}
    for part in doc.parts:
        seen.setdefault(part.page.name, part.page)
    return list(seen.values())


def render_html(doc: Document, standalone: bool = False) -> str:
    """The document as one HTML page.

    For the PDF the stylesheet is linked and loaded through the safe URL fetcher; a
    ``standalone`` page (the html output format) carries it inline so it still looks right
    when opened from the output folder.
    """
    css = "\n".join((templates_dir() / name).read_text(encoding="utf-8") for name in (f"{doc.style}.css", "house.css"))
    template = _environment().get_template("document.html.j2")
    return template.render(
        doc=doc,
        inline_css=Markup(css) if standalone else "",
        pages=page_styles(doc),
        css_string=css_string,
        svg_uri=lambda chart: svg_uri(chart, doc.house),
        keep_ranges=keep_ranges,
        house_css=house_css,
        logo_uri=logo_uri,
        short_item=short_item,
    )
