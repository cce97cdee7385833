"""The library API's batch build: what its workers start with."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Run in a fresh interpreter, so that nothing this test process has imported can hide what the
# batch itself imports. Each worker reports which renderer modules it had before building.
_WORKERS_REPORT = """
import json, os, sys
from pathlib import Path
from agreement_builder import api

def report(spec, outdir, options):
    wanted = ("weasyprint", "agreement_builder.writers.docx", "cairosvg")
    found = [name for name in wanted if name in sys.modules]
    return api.BatchItem(spec, [], label=json.dumps([os.getpid(), found]))

api._build_item = report
items = api.build_many([Path("a.yaml"), Path("b.yaml"), Path("c.yaml")], Path("out"), jobs=2)
print(json.dumps([os.getpid(), [json.loads(item.label) for item in items]]))
"""


def test_a_batchs_workers_start_with_the_renderers_imported(tmp_path: Path) -> None:
    """Imported once before the fork, not again in each worker or in each DOCX child it forks."""
    run = subprocess.run(
        [sys.executable, "-c", _WORKERS_REPORT], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    parent, reports = json.loads(run.stdout)
    assert len(reports) == 3 and all(pid != parent for pid, _ in reports), "built in the workers"
    # CairoSVG is left to the first SVG logo that is not in the cache yet (writers.raster).
    assert all(found == ["weasyprint", "agreement_builder.writers.docx"] for _, found in reports), reports


def test_a_serial_batch_imports_no_renderer_before_it_needs_one(tmp_path: Path) -> None:
    """With -j 1 nothing is forked, so nothing is imported ahead: the first build imports what it uses."""
    script = _WORKERS_REPORT.replace("jobs=2", "jobs=1")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=True)
    parent, reports = json.loads(run.stdout)
    assert all(pid == parent and found == [] for pid, found in reports), reports


_CORES_REPORT = """
import json, os
from pathlib import Path
from agreement_builder import api
from agreement_builder.core import parallel

os.cpu_count = lambda: CORES

def report(spec, outdir, options):
    return api.BatchItem(spec, [], label=json.dumps(parallel._can_fork()))

api._build_item = report
items = api.build_many([Path("a.yaml"), Path("b.yaml"), Path("c.yaml")], Path("out"), jobs=2)
print(json.dumps([json.loads(item.label) for item in items]))
"""


def test_with_a_worker_on_every_core_none_forks_a_render_beside(tmp_path: Path) -> None:
    """Two workers on two cores render their formats one after the other; on four cores they may fork."""

    def forks(cores: int) -> list[bool]:
        script = _CORES_REPORT.replace("CORES", str(cores))
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=True)
        return json.loads(run.stdout)

    assert forks(2) == [False, False, False]
    assert forks(4) == [True, True, True]
