"""Lesson checklists: the bundled seven, layering, broken files, and the listing command."""

import json

from click.testing import CliRunner

from agreement_builder.cli import main
from agreement_builder.kinds.report.checklists import load_checklists, participation_concepts

from .conftest import FIXTURES

LESSON_IDS = [
    "mental-pictures",
    "dare-to-adjust",
    "same-language",
    "engagement",
    "not-everything-online",
    "international-frame",
    "support-base",
]


def test_bundled_lessons_are_the_seven_of_the_trajectory():
    loaded = load_checklists()
    assert loaded.problems == []
    lessons = loaded.sorted()
    assert [lesson.id for lesson in lessons] == LESSON_IDS
    assert [lesson.number for lesson in lessons] == list(range(1, 8))
    for lesson in lessons:
        assert lesson.items and all(item.text["nl"] and item.text["es"] for item in lesson.items)
        assert lesson.title["nl"] != lesson.title["es"]


def test_layered_folder_replaces_same_id_and_adds_new_ones():
    loaded = load_checklists([FIXTURES / "checklists" / "municipal"])
    assert loaded.problems == []
    assert [lesson.id for lesson in loaded.sorted()] == [*LESSON_IDS, "local-anchoring"]
    assert [i.id for i in loaded.get("support-base").items] == ["yearly-council-debate"]


def test_broken_lesson_file_reports_every_problem_with_lines():
    loaded = load_checklists([FIXTURES / "checklists" / "broken"], include_bundled=False)
    messages = sorted(str(p).split("broken/", 1)[1] for p in loaded.problems)
    assert messages == [
        "9-broken.yaml:3:8: title: the Spanish text (es) is missing; every text needs nl and es",
        "9-broken.yaml:8:9: items[1].id: item id 'one' is used twice in this lesson",
    ]
    assert loaded.lessons == {}


def test_eight_participation_concepts_in_both_languages():
    concepts = participation_concepts()
    assert len(concepts) == 8 and len({c.id for c in concepts}) == 8
    assert all(c.label["nl"] and c.label["es"] for c in concepts)


def test_checklists_list_json_one_object_per_lesson_with_nl_and_es():
    result = CliRunner().invoke(main, ["checklists", "list", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["id"] for d in data] == LESSON_IDS
    for d in data:
        for lang in ("nl", "es"):
            assert d[lang]["title"] and d[lang]["claim"] and d[lang]["items"]


def test_checklists_list_with_layer_and_plain_table():
    result = CliRunner().invoke(main, ["checklists", "list", "--checklists", FIXTURES / "checklists" / "municipal"])
    assert result.exit_code == 0, result.output
    assert "8. local-anchoring" in result.output and "yearly-council-debate" in result.output
    broken = CliRunner().invoke(main, ["checklists", "list", "--checklists", FIXTURES / "checklists" / "broken"])
    assert broken.exit_code == 1 and "used twice" in broken.output


def test_installed_package_finds_the_bundled_lessons(tmp_path):
    """-I: no cwd or PYTHONPATH on sys.path, so the installed copy (wheel in CI) is used."""
    import subprocess
    import sys

    import pytest

    code = (
        "from agreement_builder.kinds.report.checklists import load_checklists as f; "
        "c = f(); print(len(c.lessons), len(c.problems))"
    )
    proc = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True)
    if "No module named 'agreement_builder'" in proc.stderr:
        pytest.skip("agreement_builder is not installed in this environment")
    assert proc.stdout.split() == ["7", "0"], proc.stderr
