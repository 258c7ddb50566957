"""A run's new files reach the disk before the journal names them, however they are flushed:
several blocks' files by threads of the main process while the workers go on, the rest in the
move itself (`write/outputs.py`: after a power cut a document in place is whole)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from pipeline.commands import run as run_module
from pipeline.commands.run import run
from pipeline.write import manifest, outputs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from synthetic import write_province  # noqa: E402


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_new_file_is_flushed_before_the_journal_names_it(tmp_path, monkeypatch, jobs):
    root = write_province(tmp_path / "in", 2020, blocks=3, units=5, criteria=6)
    flushed: set[str] = set()
    lock = threading.Lock()
    real_flush, real_durably = manifest.flush_file, outputs.write_durably
    at_journal: list[set[str]] = []

    def flush_file(path: Path) -> None:
        real_flush(path)
        with lock:
            flushed.add(str(path))

    def write_durably(path: Path, data: bytes) -> None:
        if path.name == outputs.JOURNAL_NAME and not at_journal:
            with lock:
                at_journal.append(set(flushed))
        real_durably(path, data)

    monkeypatch.setattr(manifest, "flush_file", flush_file)
    monkeypatch.setattr(run_module, "flush_file", flush_file)
    monkeypatch.setattr(outputs, "write_durably", write_durably)
    report = run(2020, root, tmp_path / "out", jobs=jobs)
    # each block's 4 documents, its achievement reports and score table, and the province workbook
    assert len(report.written) >= 3 * (4 + 1 + 1) + 1
    staged = {p for p in at_journal[0] if ".staging-" in p}
    assert len(staged) == len(report.written), (len(staged), len(report.written))
    assert {Path(p).name.split(".")[-1] for p in staged} == {"docx", "xlsx"}
