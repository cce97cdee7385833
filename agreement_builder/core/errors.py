"""One exception hierarchy for everything a user can get wrong.

The CLI maps these classes to messages and exit codes; anything else that escapes is a bug
in agreement-builder, not a user mistake, and is allowed to show a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """Where a YAML node sits, so every message can point the user at the right line."""

    file: str
    line: int = 0
    column: int = 0

    def __reduce__(self) -> tuple[type[Location], tuple[str, int, int]]:
        # A plain tuple: a cached library holds hundreds of thousands of these.
        return (Location, (self.file, self.line, self.column))

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.file}:{self.line}:{self.column}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input; collected so the user sees all of them at once."""

    location: Location
    message: str
    key_path: str = ""
    severity: str = "error"

    def __reduce__(self) -> tuple[type[Problem], tuple[Location, str, str, str]]:
        return (Problem, (self.location, self.message, self.key_path, self.severity))

    def __str__(self) -> str:
        where = f"{self.location}: "
        path = f"{self.key_path}: " if self.key_path else ""
        prefix = f"{self.severity}: " if self.severity in ("warning", "note") else ""
        return f"{where}{prefix}{path}{self.message}"


class AgreementBuilderError(Exception):
    """Base of every error the tool reports to the user without a traceback."""

    exit_code = 1


class InputError(AgreementBuilderError):
    """The spec, a clause or a library is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.location, p.key_path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        """Picklable as itself, so a batch build's worker process can hand it back whole."""
        return (type(self), (self.problems,))


class RenderError(AgreementBuilderError):
    """Rendering failed for a reason the user can act on (e.g. a clause template error)."""


class ResourceBlockedError(RenderError):
    """A document tried to load something outside the folders we trust."""

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return (type(self), (self.url,))

    def __init__(self, url: str):
        self.url = url
        super().__init__(
            f"refused to load {url!r}: only data: URIs and files inside the templates folder, "
            "the spec's folder or the house style folder may be embedded; remove the reference or copy the file "
            "next to the spec"
        )


class OutputError(AgreementBuilderError):
    """The output could not be written (permissions, disk, a folder in the way).

    Its own exit code: the input was fine, so a script must not read it as exit 1.
    """

    exit_code = 3


def problem(file: str | Path, line: int, message: str, key_path: str = "", column: int = 0) -> Problem:
    """Shorthand used by loaders and validators."""
    return Problem(Location(str(file), line, column), message, key_path)
