"""The README's report spec example stays true: with every checklist item answered, it checks."""

import re

import yaml

from agreement_builder import api
from agreement_builder.kinds.report.checklists import load_checklists

from .conftest import ROOT


def test_readme_report_example_validates(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing a council report", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    data = yaml.safe_load(block)
    assert data["kind"] == "report"
    del data["checklists"]  # points at the user's own folder
    given = data["answers"]["mental-pictures"]
    data["answers"] = {
        lesson.id: {item.id: given.get(item.id, {"status": "achieved"}) for item in lesson.items}
        for lesson in load_checklists().sorted()
    }
    data["radar"].append({"party": "nimlahakok", "scores": dict(data["radar"][0]["scores"])})
    spec = tmp_path / "report.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = api.check(spec)
    assert result.warnings == [] and len(result.lessons) == 7
