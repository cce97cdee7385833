"""The lesson checklists: the seven lessons of the 2019–2022 trajectory as bilingual YAML.

A checklist folder holds one file per lesson, ``<number>-<lesson-id>.yaml``. The bundled
folder comes first; folders given later (``--checklists DIR`` or ``checklists:`` in a
report spec) replace a lesson with the same id or add new ones, the way clause libraries
are layered. Loading never stops at the first broken file: every problem is collected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from agreement_builder.core.errors import InputError, Location, Problem
from agreement_builder.core.resources import PACKAGE_DIR, bundled_dir
from agreement_builder.core.schema import ID_PATTERN, MISSING, Checker, Int, Key, LangText, ListOf, Mapping, Str
from agreement_builder.core.yamlsource import Source, load_yaml

ITEM = Mapping(
    {
        "id": Key(Str(ID_PATTERN, "use lowercase words joined by dashes"), required=True),
        "text": Key(LangText(), required=True),
    }
)

LESSON = Mapping(
    {
        "id": Key(Str(ID_PATTERN, "use lowercase words joined by dashes"), required=True),
        "number": Key(Int(1, 99), required=True),
        "title": Key(LangText(), required=True),
        "claim": Key(LangText(), required=True),
        "items": Key(ListOf(ITEM, min_items=1), required=True),
        "opportunities": Key(ListOf(LangText()), default=[]),
    }
)


@dataclass(frozen=True)
class Item:
    """One checklist item (a challenge of the lesson) that a report answers."""

    id: str
    text: dict[str, str]


@dataclass
class Lesson:
    """One lesson: its claim, its checklist items and its opportunities."""

    id: str
    number: int
    title: dict[str, str]
    claim: dict[str, str]
    items: list[Item]
    opportunities: list[dict[str, str]] = field(default_factory=list)
    source: Source | None = None

    def item(self, item_id: str) -> Item | None:
        """The item called ``item_id``, or None."""
        return next((i for i in self.items if i.id == item_id), None)

    def to_dict(self) -> dict:
        """Plain data for ``checklists list --json``: texts grouped under ``nl`` and ``es``."""
        out: dict = {"id": self.id, "number": self.number, "file": str(self.source.path) if self.source else ""}
        for lang in ("nl", "es"):
            out[lang] = {
                "title": self.title[lang],
                "claim": self.claim[lang],
                "items": [{"id": i.id, "text": i.text[lang]} for i in self.items],
                "opportunities": [o[lang] for o in self.opportunities],
            }
        return out


@dataclass
class Checklists:
    """Every lesson in force after layering, ordered by number."""

    lessons: dict[str, Lesson] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def sorted(self) -> list[Lesson]:
        """Lessons in reading order."""
        return sorted(self.lessons.values(), key=lambda lesson: (lesson.number, lesson.id))

    def get(self, lesson_id: str) -> Lesson | None:
        """The lesson called ``lesson_id``, or None."""
        return self.lessons.get(lesson_id)


def load_lesson(path: Path) -> tuple[Lesson | None, list[Problem]]:
    """Load and check one lesson file; the file name must be ``<number>-<id>.yaml``."""
    try:
        source = load_yaml(path)
    except InputError as exc:
        return None, exc.problems
    ck = Checker(source)
    data = _check_lesson_data(ck, source)
    if data is not None:
        _check_file_name(ck, path, data)
    _check_item_ids_unique(ck, source.data)
    problems = source.problems + ck.problems
    if data is None or any(p.severity == "error" for p in problems):
        return None, problems
    return _lesson(data, source), problems


def _check_lesson_data(ck: Checker, source: Source) -> dict[str, Any] | None:
    """The lesson's data checked against LESSON, or None. An empty file gets a message of its
    own: 'expected a mapping, got nothing' would not tell the user the file is empty."""
    if source.data is None:
        ck.error((), "the lesson file is empty")
        return None
    data = LESSON.check(source.data, (), ck)
    return None if data is MISSING else data


def _check_file_name(ck: Checker, path: Path, data: dict[str, Any]) -> None:
    """The file name repeats the number and id (``3-same-language.yaml``) so that a folder lists
    the lessons in order and a layered file visibly replaces the bundled one it names."""
    expected = f"{data['number']}-{data['id']}"
    if path.stem != expected:
        ck.error(("id",), f"the file name must be {expected}.yaml (number and id), not {path.name}")


def _check_item_ids_unique(ck: Checker, raw: Any) -> None:
    """Reports answer items by id, so an id may occur only once in a lesson. Read from the raw
    data, so a duplicate is reported even when another key of the lesson is wrong."""
    raw_items = raw.get("items") if isinstance(raw, dict) else None
    seen: set[str] = set()
    for i, item in enumerate(raw_items if isinstance(raw_items, list) else []):
        item_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item_id, str):
            continue
        if item_id in seen:
            ck.error(("items", i, "id"), f"item id {item_id!r} is used twice in this lesson")
        seen.add(item_id)


def _lesson(data: dict[str, Any], source: Source) -> Lesson:
    """The Lesson from data that passed LESSON."""
    return Lesson(
        id=data["id"],
        number=data["number"],
        title=data["title"],
        claim=data["claim"],
        items=[Item(i["id"], i["text"]) for i in data["items"]],
        opportunities=data["opportunities"],
        source=source,
    )


def load_checklists(folders: list[Path] | None = None, include_bundled: bool = True) -> Checklists:
    """The bundled lessons with the given folders layered on top, in order."""
    result = Checklists()
    layers = ([checklists_dir()] if include_bundled else []) + [Path(f) for f in folders or []]
    layer_of: dict[str, int] = {}
    for layer, folder in enumerate(layers):
        if not folder.is_dir():
            result.problems.append(Problem(Location(str(folder)), "checklist folder not found"))
            continue
        root = folder.resolve()
        for path in sorted(folder.glob("*.yaml")):
            if not path.resolve().is_relative_to(root):
                result.problems.append(
                    Problem(Location(str(path)), "is a symlink to a place outside its checklist folder; copy the file")
                )
                continue
            lesson, problems = load_lesson(path)
            result.problems.extend(problems)
            if lesson is not None:
                result.lessons[lesson.id] = lesson
                layer_of[lesson.id] = layer
    numbers: dict[int, str] = {}
    # Blame the lesson from the later folder: that is the file the user wrote.
    for lesson in sorted(result.lessons.values(), key=lambda le: (le.number, layer_of[le.id], le.id)):
        if lesson.number in numbers:
            assert lesson.source is not None
            result.problems.append(
                lesson.source.problem(
                    ("number",),
                    f"lesson number {lesson.number} is also used by lesson {numbers[lesson.number]!r}; "
                    "a layered lesson replaces a bundled one only when it has the same id",
                )
            )
        numbers.setdefault(lesson.number, lesson.id)
    return result


def checklists_dir() -> Path:
    """Folder of the bundled lesson checklists."""
    return bundled_dir("checklists")


@dataclass(frozen=True)
class Concept:
    """One of the eight basic participation concepts on the radar (lesson 3)."""

    id: str
    label: dict[str, str]
    description: dict[str, str]


@cache
def participation_concepts() -> tuple[Concept, ...]:
    """The eight participation concepts of the radar, in the order they go round the chart."""
    source = load_yaml(PACKAGE_DIR / "data" / "participation-concepts.yaml")
    return tuple(Concept(c["id"], c["label"], c["description"]) for c in source.data)
