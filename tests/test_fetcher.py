"""WeasyPrint may load nothing but data: URIs and files inside our own folders."""

import pytest

from agreement_builder.core.errors import ResourceBlockedError
from agreement_builder.core.resources import templates_dir
from agreement_builder.kinds.agreement.resolve import resolve
from agreement_builder.writers.fetcher import SafeURLFetcher
from agreement_builder.writers.html import render_html
from agreement_builder.writers.pdf import render_pdf


@pytest.fixture
def doc(example_spec):
    return resolve(example_spec, "nl")


@pytest.mark.parametrize(
    "reference",
    [
        '<img src="file:///etc/passwd">',
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
        '<img src="../../../../../../etc/passwd">',
        "<style>@import url('https://example.org/a.css');</style>",
    ],
)
def test_references_outside_our_folders_fail_cleanly(doc, tmp_path, reference):
    html = render_html(doc).replace("</body>", reference + "</body>")
    with pytest.raises(ResourceBlockedError) as info:
        render_pdf(doc, tmp_path, html)
    assert "refused to load" in str(info.value)


def test_symlink_escape_is_refused(tmp_path):
    link = tmp_path / "innocent.png"
    link.symlink_to("/etc/passwd")
    fetcher = SafeURLFetcher([tmp_path])
    assert not fetcher.allows(link.as_uri())
    assert not fetcher.allows((tmp_path / ".." / ".." / "etc" / "passwd").as_uri())


def test_allowed_locations(tmp_path):
    fetcher = SafeURLFetcher([templates_dir(), tmp_path])
    (tmp_path / "logo.png").write_bytes(b"x")
    assert fetcher.allows((tmp_path / "logo.png").as_uri())
    assert fetcher.allows((templates_dir() / "agreement.css").as_uri())
    assert fetcher.allows("data:text/plain,hello")
    assert not fetcher.allows("file:///etc/passwd")
    assert not fetcher.allows("http://127.0.0.1/")
    assert not fetcher.allows("file://otherhost" + str(tmp_path / "logo.png"))
