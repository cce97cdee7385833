"""Importing WeasyPrint without its slow search for the system libraries.

WeasyPrint names each C library it needs (GObject, Pango, HarfBuzz, fontconfig, …) in
several spellings, one per platform, and cffi tries them in turn. A spelling that dlopen
cannot take as is goes to ``ctypes.util.find_library``, which on Linux runs ldconfig, gcc
and ld to look for it: about fifty processes, a third of a second or more before the first
page, for spellings meant for Windows and macOS. On Linux the spellings that end in
``.so.N`` are found by dlopen itself, so while WeasyPrint is imported ``find_library``
answers "not found" at once and the search moves on to them. Should that leave WeasyPrint
without a library (a system where only find_library finds them), the import is done again
the usual way, so the shortcut can cost time but never a working install.
"""

from __future__ import annotations

import contextlib
import io
import sys


def load() -> None:
    """Import WeasyPrint (once per process), skipping find_library's processes on Linux."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401

        return
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = _not_found
    try:
        # WeasyPrint prints installation help to stdout before failing; not for this attempt.
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = original
    import weasyprint  # noqa: F401, F811 - the usual way, if the quick one failed


def _not_found(name: str) -> None:
    """``find_library`` while WeasyPrint loads: dlopen alone decides."""
    return None
