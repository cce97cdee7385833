"""Stress benchmark: the worst inputs `check` accepts, each built at two sizes.

For every family of hostile-but-legal input (long words, long lists, many report phases,
deep lists in a clause, many layered libraries) it builds the input at a size n and at 4n,
in whole processes, and prints the time ratio next to the size ratio. Work proportional to
the input gives a time ratio of about 4 or less (fixed costs make it less); a ratio far above
4 means the work grows faster than the input, as a long word's line-breaking once did.

Run from the project folder, after `pip install .`:

    python benchmarks/stress.py            # every family
    python benchmarks/stress.py words      # one family

Inputs that `check` refuses (a word over 200 characters, nesting over 50 levels) are refused
in milliseconds; they are listed at the end with the message that refuses them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
AGREEMENT = ROOT / "examples" / "brasschaat-tarija" / "agreement.yaml"
REPORT = ROOT / "examples" / "brasschaat-tarija" / "report.yaml"
CLI = [sys.executable, "-m", "agreement_builder"]
FACTOR = 4


def _agreement(folder: Path, edit: Callable[[dict], None]) -> Path:
    spec = yaml.safe_load(AGREEMENT.read_text(encoding="utf-8"))
    edit(spec)
    shutil.copytree(AGREEMENT.parent / "style", folder / "style", dirs_exist_ok=True)
    path = folder / "agreement.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def words(folder: Path, n: int) -> list[str]:
    """n expectations, each holding ten 200-character words (the longest `check` accepts)."""
    word = "x" * 200

    def edit(spec: dict) -> None:
        long = " ".join([word] * 10)
        spec["parties"][0]["expectations"] = [{"nl": f"{i} {long}", "es": f"{i} {long}"} for i in range(n)]

    return ["build", str(_agreement(folder, edit)), "-o", str(folder / "out"), "-f", "pdf", "-f", "docx"]


def items(folder: Path, n: int) -> list[str]:
    """n expectations and n contributions per party: long lists in the articles."""

    def edit(spec: dict) -> None:
        for party in spec["parties"]:
            party["expectations"] = [{"nl": f"Verwachting {i}.", "es": f"Expectativa {i}."} for i in range(n)]
            party["contributions"] = [{"nl": f"Bijdrage {i}.", "es": f"Aporte {i}."} for i in range(n)]

    return ["build", str(_agreement(folder, edit)), "-o", str(folder / "out"), "-f", "pdf", "-f", "docx"]


def phases(folder: Path, n: int) -> list[str]:
    """A report with n phases and n events: a taller timeline and longer tables."""
    spec = yaml.safe_load(REPORT.read_text(encoding="utf-8"))
    months = [(2022 - (n - 1 - i) // 12, (n - 1 - i) % 12 + 1) for i in range(n)]
    months.sort()
    spec["phases"] = [
        {"name": {"nl": f"Fase {i}", "es": f"Fase {i}"}, "start": f"{y}-{m:02d}", "end": f"{y}-{m:02d}",
         "summary": {"nl": "Korte samenvatting.", "es": "Resumen breve."}}
        for i, (y, m) in enumerate(months)
    ]  # fmt: skip
    spec["events"] = [
        {"date": f"{y}-{m:02d}", "text": {"nl": f"Gebeurtenis {i}.", "es": f"Evento {i}."}}
        for i, (y, m) in enumerate(months)
    ]
    shutil.copytree(REPORT.parent / "style", folder / "style", dirs_exist_ok=True)
    path = folder / "report.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return ["build", str(path), "-o", str(folder / "out"), "-f", "pdf", "-f", "docx"]


def libraries(folder: Path, n: int) -> list[str]:
    """n layered libraries, each overriding the same clause: check only."""
    source = ROOT / "clauses" / "final" / "exit-edegem.yaml"
    args = []
    for i in range(n):
        lib = folder / f"lib{i}" / "final"
        lib.mkdir(parents=True)
        text = source.read_text(encoding="utf-8").replace("version: ", f"# layer {i}\nversion: ", 1)
        (lib / "exit-edegem.yaml").write_text(text, encoding="utf-8")
        args += ["--library", str(lib.parent)]
    return ["check", str(_agreement(folder, lambda spec: None)), *args]


FAMILIES = {"words": (words, 10), "items": (items, 25), "phases": (phases, 12), "libraries": (libraries, 5)}


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([*CLI, *args], capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:  # a refused input would measure the refusal, not the work
        raise SystemExit(f"{args[0]} failed ({done.returncode}): {done.stderr[-800:]}")
    return took


def main(names: list[str]) -> None:
    print(f"{'family':<10} {'n':>5} {'time':>8} {'4n':>5} {'time':>8} {'ratio':>6}  (size ratio {FACTOR})")
    for name in names or list(FAMILIES):
        make, n = FAMILIES[name]
        times = []
        for size in (n, n * FACTOR):
            with tempfile.TemporaryDirectory() as tmp:
                times.append(_run(make(Path(tmp), size)))
        print(f"{name:<10} {n:>5} {times[0]:>7.2f}s {n * FACTOR:>5} {times[1]:>7.2f}s {times[1] / times[0]:>6.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        path = _agreement(Path(tmp), lambda spec: spec["parties"][0].update(representative="x" * 20_000))
        start = time.perf_counter()
        done = subprocess.run([*CLI, "check", str(path)], capture_output=True, text=True, check=False)
        took = time.perf_counter() - start
        print(f"refused in {took:.2f}s: {done.stderr.splitlines()[0].split(': ', 2)[-1][:110]}")


if __name__ == "__main__":
    main(sys.argv[1:])
