"""The only way WeasyPrint may load anything: data: URIs and files in folders we trust.

A shared clause or spec must not be able to make the PDF embed /etc/passwd or call out to
the network, so every other URL stops the render with a clear error instead of being
silently skipped (a silently missing logo is a bug nobody notices until signing day).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from agreement_builder.core.errors import ResourceBlockedError
from agreement_builder.writers.weasyload import load as _load_weasyprint

_load_weasyprint()  # before the first import from weasyprint, which loads its C libraries

from weasyprint.urls import FatalURLFetchingError, URLFetcher  # noqa: E402


class BlockedURL(FatalURLFetchingError):
    """Raised inside WeasyPrint; fatal so the render stops instead of skipping the resource."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class SafeURLFetcher(URLFetcher):
    """Allow data: URIs and file: URLs that resolve (symlinks followed) inside ``roots``."""

    def __init__(self, roots: list[Path], **kwargs: Any):
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, **kwargs)
        self.roots = [Path(r).resolve() for r in roots]

    def allows(self, url: str) -> bool:
        """Whether ``url`` may be loaded: data: URIs, or local files whose real path is inside a root."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return True
        if scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        target = Path(unquote(parts.path)).resolve()
        return any(target == root or target.is_relative_to(root) for root in self.roots)

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Fetch an allowed URL; anything else stops the render with BlockedURL."""
        if not self.allows(url):
            raise BlockedURL(url)
        return super().fetch(url, headers)


def blocked_error(exc: BaseException) -> ResourceBlockedError | None:
    """Map a fetch failure escaping WeasyPrint back to our error class."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, BlockedURL):
            return ResourceBlockedError(seen.url)
        seen = seen.__cause__ or seen.__context__
    return None
