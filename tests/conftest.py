"""Shared fixtures: every example rendered once per test run, its resolved model, and readers for both."""

from __future__ import annotations

import dataclasses
import fcntl
import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from agreement_builder import api

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "brasschaat-tarija" / "agreement.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LAYOUTS = ("side-by-side", "sequential", "nl", "es")
# The folder where one test run keeps the examples' outputs, shared by all its xdist workers.
OUTPUTS_ENV = "AGREEMENT_BUILDER_TEST_OUTPUTS"
_outputs_key = pytest.StashKey[str]()
CACHE_ENV = "AGREEMENT_BUILDER_CACHE_DIR"


def pytest_addoption(parser, pluginmanager):
    """Accept (and ignore) pyproject's `-n`/`--dist` when xdist is off (`-p no:xdist`), so the suite runs serially."""
    if pluginmanager.has_plugin("xdist"):
        return
    group = parser.getgroup("xdist (disabled)")
    # pytest reserves lowercase short options for plugins; xdist registers -n the same way.
    group._addoption("-n", "--numprocesses", dest="numprocesses", default=None, help="ignored: xdist is disabled")
    group.addoption("--dist", dest="dist", default="no", help="ignored: xdist is disabled")


def pytest_configure(config):
    """The controller (or a run without xdist) makes the outputs folder; its workers inherit its name."""
    # xdist registers this mark itself; without it (-p no:xdist) the mark is known all the same.
    config.addinivalue_line("markers", "xdist_group(name): run in the same xdist worker as the group's other tests")
    if hasattr(config, "workerinput"):
        return
    folder = tempfile.mkdtemp(prefix="agreement-builder-examples-")
    os.environ[OUTPUTS_ENV] = folder
    config.stash[_outputs_key] = folder
    # The run's own checked-clause cache, shared by its workers and removed with the outputs:
    # a test never reads what another run (or the user) left in ~/.cache.
    os.environ[CACHE_ENV] = os.path.join(folder, "cache")


def pytest_unconfigure(config):
    folder = config.stash.get(_outputs_key, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        if os.environ.get(OUTPUTS_ENV) == folder:
            del os.environ[OUTPUTS_ENV]


def _outputs_folder() -> Path:
    """This run's outputs folder: the controller's, else one per xdist run, else one per process.

    Only the controller's folder is removed at the end; the others are fallbacks for workers
    that did not inherit its name (e.g. remote xdist workers).
    """
    folder = os.environ.get(OUTPUTS_ENV)
    if folder is None:
        uid = os.environ.get("PYTEST_XDIST_TESTRUNUID")
        if uid:
            folder = os.path.join(tempfile.gettempdir(), f"agreement-builder-examples-{uid}")
        else:
            folder = tempfile.mkdtemp(prefix="agreement-builder-examples-")
        os.environ[OUTPUTS_ENV] = folder
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def uses_example(case: str) -> pytest.MarkDecorator:
    """Mark a test that reads an example's rendered outputs.

    Under `--dist loadgroup` the tests of one example run in one worker, which renders each
    of its layouts once, while the other worker renders another example instead of waiting
    for the same lock.
    """
    return pytest.mark.xdist_group(case)


@pytest.hookimpl(tryfirst=True)  # before xdist names the groups
def pytest_collection_modifyitems(items):
    """Tests parametrized with an example's name as `case` (the goldens) join that example's group."""
    for item in items:
        case = item.callspec.params.get("case") if hasattr(item, "callspec") else None
        named = isinstance(case, str) and (ROOT / "examples" / f"{case}.yaml").is_file()
        if named and item.get_closest_marker("xdist_group") is None:
            item.add_marker(uses_example(case))


@cache
def render_example(case: str, layout: str) -> dict[str, bytes]:
    """An example ('brasschaat-tarija/agreement') in one layout, as built by `build`: format -> bytes.

    Every test that reads an example's output shares one build per test run: the outputs
    are kept in a folder all xdist workers of the run share, and a file lock per (example,
    layout) lets the first worker that needs it render while the others wait, then read.
    """
    name = f"{case.replace('/', '-')}-{layout}"
    folder = _outputs_folder() / name
    done = folder / "done"  # written last: the names of the complete outputs
    with open(_outputs_folder() / f"{name}.lock", "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, or the process dies
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)  # what a killed worker may have left
            result = api.build(ROOT / "examples" / f"{case}.yaml", folder, ("pdf", "docx"), layout)
            done.write_text("\n".join(p.name for p in result.files), encoding="utf-8")
        names = done.read_text(encoding="utf-8").split()
    return {Path(n).suffix.lstrip("."): (folder / n).read_bytes() for n in names}


def _readable(source: Path | bytes):
    return io.BytesIO(source) if isinstance(source, bytes) else str(source)


def pdf_text(source: Path | bytes) -> str:
    """All text of a PDF (a file or its bytes) in content order, with soft hyphenation undone and spaces folded."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(_readable(source)).pages)
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text)


def footer_page_numbers(source: Path | bytes, styles) -> list[tuple[str, int, int]]:
    """Per page of a PDF: (page style name, n, m) of the "pagina n van m" its footer prints.

    ``styles`` are the document's page styles, whose words ('pagina', 'van') say what to look
    for. The footer stands at the end of a page's text, so the page's last match counts; a
    page without one gives ("", 0, 0).
    """
    from pypdf import PdfReader

    patterns = {
        s.name: re.compile(rf"{re.escape(s.page_word.strip())}\s*(\d+)\s*{re.escape(s.page_of.strip())}\s*(\d+)")
        for s in styles
    }
    numbers = []
    for page in PdfReader(_readable(source)).pages:
        text = page.extract_text() or ""
        found = [(m.end(), name, int(m[1]), int(m[2])) for name, p in patterns.items() for m in p.finditer(text)]
        _, name, n, total = max(found, default=(0, "", 0, 0))
        numbers.append((name, n, total))
    return numbers


def docx_paragraphs(source: Path | bytes) -> list[str]:
    """Every paragraph's text in document order, table cells included, as Word shows it.

    Headings numbered by their style's list ("Artikel %1") get their number, counted per
    list the way Word and LibreOffice count it, so tests read "Artikel 3 – Doel" where
    the file itself only holds "– Doel".
    """
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(_readable(source))
    labels = _heading_numbering(document)
    count: dict[str, int] = {}
    out = []
    for p in document.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        numbered = labels.get(style.get(qn("w:val")) if style is not None else "")
        if numbered is not None:
            num_id, pattern, start, suffix = numbered
            count[num_id] = count.get(num_id, start - 1) + 1
            text = pattern.replace("%1", str(count[num_id])) + suffix + text
        out.append(text)
    return out


def _heading_numbering(document) -> dict[str, tuple[str, str, int, str]]:
    """Heading styles bound to a list: style id -> (list id, pattern, start, suffix)."""
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
    nums = {n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val")) for n in numbering.iter(qn("w:num"))}
    found = {}
    for style in document.styles.element.findall(qn("w:style")):
        num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        based = style.find(qn("w:basedOn"))
        if num is None or based is None or not based.get(qn("w:val")).startswith("Heading"):
            continue
        num_id = num.get(qn("w:val"))
        lvl = abstracts[nums[num_id]].find(qn("w:lvl"))
        pattern = lvl.find(qn("w:lvlText")).get(qn("w:val"))
        start = int(lvl.find(qn("w:start")).get(qn("w:val")))
        suff = lvl.find(qn("w:suff"))
        suffix = {"space": " ", "nothing": ""}.get(suff.get(qn("w:val")) if suff is not None else "tab", "\t")
        found[style.get(qn("w:styleId"))] = (num_id, pattern, start, suffix)
    return found


def docx_text(source: Path | bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(docx_paragraphs(source)))


# ---------------------------------------------------------------- the resolved model


@cache
def load_example(case: str):
    """An example's validated spec, loaded once per process (loading parses the whole clause library).

    An agreement as `api.load` gives it; a report or a decision as `api.check` gives it.
    """
    path = ROOT / "examples" / f"{case}.yaml"
    return api.check(path) if case.endswith(("/report", "/decision")) else api.load(path)


@cache
def example_model(case: str, layout: str):
    """The resolved document model of an example in one layout: what `build` hands the writers."""
    if case.endswith("/report"):
        from agreement_builder.kinds.report.resolve import resolve_report

        return resolve_report(load_example(case), layout)
    if case.endswith("/decision"):
        from agreement_builder.kinds.decision.resolve import resolve_decision

        return resolve_decision(load_example(case), layout)
    from agreement_builder.kinds.agreement.resolve import resolve

    return resolve(load_example(case), layout, provenance_annex=True)  # `build` prints the annex by default


def block_texts(block) -> Iterator[str]:
    """Every text of a block of the model in reading order, as the writers print it."""
    from agreement_builder.model import blocks as b

    if block is None:
        return
    if isinstance(block, b.Paragraph):
        yield block.plain
    elif isinstance(block, b.Heading):
        yield f"{block.label}{block.joiner}{b.plain(block.text)}" if block.label else b.plain(block.text)
    elif isinstance(block, b.ListBlock):
        for item in block.items:
            for sub in item:
                yield from block_texts(sub)
    elif isinstance(block, b.PriorityList):
        for p in block.items:
            yield f"{p.title} – {p.description}" if p.description else p.title
            for s in p.sdgs:
                yield f"{s.label} {s.number} {s.title}"
    elif isinstance(block, b.Signatures):
        for s in block.blocks:
            yield b.plain(s.heading)
            yield b.plain(s.caption)
            for label, value in s.rows:
                yield f"{b.plain(label)} {b.plain(value)}"
    elif isinstance(block, b.Table):
        yield from (b.plain(h) for h in block.header)
        for row in block.rows:
            yield from (b.plain(c.text) for c in row.cells)
    elif isinstance(block, b.Figure):
        yield from _chart_texts(block.chart)
        yield block.full_caption
    elif isinstance(block, b.Decision):
        yield block.intro
        for label, text in block.articles:
            yield f"{label} {text}"
    elif isinstance(block, b.TitleBlock):
        yield from (t for t in (block.issuer, block.form, block.title, block.subtitle, block.draft_note) if t)
    elif isinstance(block, b.Parallel):
        yield from block.captions
        for group in block.groups:
            for row in group.rows:
                if row.span is not None:
                    yield from block_texts(row.span)
                for cell in row.cells:
                    yield from block_texts(cell)
    elif isinstance(block, b.Contents):
        yield b.plain(block.title)
        yield from (e.text for e in block.entries)  # the page numbers exist only in the laid-out PDF
    else:
        raise AssertionError(f"block_texts does not know {type(block).__name__}; teach it")


def _chart_texts(value) -> Iterator[str]:
    """Every text a chart's data holds (the chart types are dataclasses of strings, numbers, lists)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _chart_texts(getattr(value, f.name))
    elif isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _chart_texts(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _chart_texts(v)


def model_text(doc, furniture: bool = False) -> str:
    """All text of a resolved document in reading order, spaces folded like pdf_text's.

    With ``furniture``, each part's running footer and draft header follow its blocks.
    """
    from agreement_builder.model.blocks import plain

    texts = []
    for part in doc.parts:
        for block in part.blocks:
            texts.extend(block_texts(block))
        if furniture:
            texts += [plain(part.page.footer), plain(part.page.draft_header)]
    if furniture and doc.watermark:
        texts.append(doc.watermark)
    return re.sub(r"\s+", " ", " ".join(texts))


@pytest.fixture(scope="session")
def example_spec():
    return load_example("brasschaat-tarija/agreement")


def positions(text: str, needles: list[str]) -> list[int]:
    """Index of each needle in text, searching onward from the previous one (-1 if missing)."""
    found, start = [], 0
    for needle in needles:
        i = text.find(needle, start)
        found.append(i)
        if i >= 0:
            start = i + len(needle)
    return found


def layout_languages(layout: str) -> list[str]:
    return ["nl", "es"] if layout in ("side-by-side", "sequential") else [layout]


def assert_parties_and_sdgs(text: str, spec, layout: str) -> None:
    """Every party's names, function and representative, and every SDG title, in the layout's languages;
    no SDG title of a language the layout leaves out."""
    from agreement_builder.core.resources import sdgs

    langs = layout_languages(layout)
    numbers = {n for p in spec.priorities for n in p.sdgs}
    for party in spec.parties:
        assert party.representative in text
        for lang in langs:
            assert party.name[lang] in text and party.function[lang] in text
    for lang in ("nl", "es"):
        for n in numbers:
            assert (sdgs()[n][lang] in text) == (lang in langs), (lang, n)


def yaml_source(text: str, name: str):
    """A spec or clause written inline in a test, loaded as if from the file ``name``."""
    import textwrap

    from agreement_builder.core.yamlsource import load_yaml_text

    return load_yaml_text(textwrap.dedent(text), name)


def found(ck) -> list[tuple[str, str, str]]:
    """(key path, message, severity) of every problem a checker collected, in the order reported."""
    return [(p.key_path, p.message, p.severity) for p in ck.problems]


# CI installs LibreOffice and sets this, so a missing soffice fails there instead of skipping.
REQUIRE_SOFFICE_ENV = "AGREEMENT_BUILDER_REQUIRE_SOFFICE"


def soffice() -> str:
    """The LibreOffice binary; skips the test where it is missing, unless CI requires it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get(REQUIRE_SOFFICE_ENV):
            pytest.fail("LibreOffice (soffice) is required here but not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def uno_python() -> str:
    """A Python with LibreOffice's UNO bridge (Debian's python3-uno), to drive LibreOffice as a user would.

    The bridge belongs to the system's Python, not to the project's virtual environment, so the
    scripts that use it (tests/lo_accept.py) run in a subprocess. Skips where there is none,
    unless CI requires LibreOffice.
    """
    soffice()
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.run([candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    if os.environ.get(REQUIRE_SOFFICE_ENV):
        pytest.fail("LibreOffice's Python bridge (python3-uno) is required here but not installed")
    pytest.skip("LibreOffice's Python bridge (python3-uno) is not installed")


def libreoffice_pdf(docx: bytes, name: str) -> bytes:
    """A DOCX as LibreOffice lays it out, converted to PDF once per test run and name.

    This is how a partner who negotiates in LibreOffice sees the file: its numbering, its
    fields as LibreOffice computes them, its page breaks. Each conversion gets its own user
    profile so parallel workers never share one.
    """
    binary = soffice()
    folder = _outputs_folder() / f"libreoffice-{name}"
    pdf = folder / "document.pdf"
    with open(_outputs_folder() / f"libreoffice-{name}.lock", "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not pdf.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            source = folder / "document.docx"
            source.write_bytes(docx)
            profile = folder / "profile"
            import subprocess

            subprocess.run(
                [
                    binary,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
    return pdf.read_bytes()


def example_in_libreoffice(case: str, layout: str) -> bytes:
    """An example's DOCX as LibreOffice renders it to PDF (shares the example's one build)."""
    return libreoffice_pdf(render_example(case, layout)["docx"], f"{case.replace('/', '-')}-{layout}")


def copy_example_style(folder: Path) -> None:
    """Copy the Brasschaat example's house style beside a copy of its spec, whose `style: style` names it."""
    shutil.copytree(EXAMPLE.parent / "style", Path(folder) / "style", dirs_exist_ok=True)
