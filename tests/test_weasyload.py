"""WeasyPrint is imported without find_library's processes, and still the usual way when that fails."""

import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shortcut is for Linux")


def _run(code: str, *path: str) -> str:
    env_path = ":".join(path)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"} if path else None,
    )
    return result.stdout.strip()


def test_loading_the_pdf_writer_starts_no_process():
    out = _run(
        """
        import subprocess
        started = []
        original = subprocess.Popen.__init__
        def counting(self, args, *a, **k):
            started.append(args)
            original(self, args, *a, **k)
        subprocess.Popen.__init__ = counting
        import agreement_builder.writers.pdf
        from weasyprint.text import ffi
        assert ffi.pango is not None and ffi.harfbuzz is not None and ffi.fontconfig is not None
        print(len(started))
        """
    )
    assert out == "0"


def test_the_usual_import_is_done_when_the_quick_one_fails(tmp_path):
    """A system where only find_library finds the libraries: the second import succeeds."""
    fake = tmp_path / "weasyprint"
    fake.mkdir()
    (fake / "__init__.py").write_text(
        textwrap.dedent(
            """
            import ctypes.util
            if ctypes.util.find_library.__name__ == "_not_found":
                print("installation help that must not show")
                raise OSError("cannot load library 'gobject-2.0'")
            LOADED_THE_USUAL_WAY = True
            """
        )
    )
    import agreement_builder

    package_parent = str(__import__("pathlib").Path(agreement_builder.__file__).resolve().parent.parent)
    out = _run(
        """
        from agreement_builder.writers.weasyload import load
        load()
        import weasyprint, ctypes.util
        print(weasyprint.LOADED_THE_USUAL_WAY, ctypes.util.find_library.__name__)
        """,
        str(tmp_path),
        package_parent,
    )
    assert out == "True find_library"
