"""What a run of several blocks holds of each block until the end (`run._kept`): the province's
workbook, the summary and the commit need the ranking and the awards, not the texts staff typed,
so what each block costs the main process does not grow with them; and a flush that fails in the
background while the blocks run stops the move as one in the move itself does."""

from __future__ import annotations

import errno
import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from builders import YEAR, default_case, write_case

from pipeline.commands import run as run_module
from pipeline.commands.run import run
from pipeline.problems import OutputError

WORDS = "Khối đã tổ chức nhiều phong trào thi đua thiết thực, hiệu quả, được cán bộ hưởng ứng. "
BLOCKS = ("khoi_a", "khoi_b")


def _province(root: Path, wordy: bool) -> Path:
    """Two blocks; `wordy`: each with about 150 KB more text (narrative, tasks, criteria)."""
    for number, block in enumerate(BLOCKS):
        case = default_case(STC=95 - number, CT=90, SNV=85, SKHDT=80)
        case.info["Tên khối"] = f"Khối thi đua số {number + 1}"
        if wordy:
            case.sections = [(f"Mục {i}", f"{i}. {WORDS * 40}") for i in range(1, 31)]
            case.tasks = [f"Nhiệm vụ {i}: {WORDS * 8}" for i in range(1, 21)]
            case.criteria = [replace(c, text=f"{c.text} {WORDS * 10}") for c in case.criteria]
        write_case(case, root, block)
    return root


@pytest.fixture(scope="module")
def provinces(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("kept")
    return _province(folder / "plain", wordy=False), _province(folder / "wordy", wordy=True)


@pytest.mark.parametrize("jobs", [1, 2])
def test_what_a_block_holds_does_not_grow_with_the_texts_staff_typed(provinces, tmp_path, jobs):
    plain, wordy = provinces
    held = [[len(pickle.dumps(o)) for o in run(YEAR, root, tmp_path / root.name, jobs=jobs).outcomes]
            for root in (plain, wordy)]
    # a single block's run keeps all it read: there the texts weigh 150 KB and more
    alone = {root.name: [run(YEAR, _single(root, block, tmp_path), tmp_path / "alone" / root.name / block,
                             jobs=1).outcomes[0] for block in BLOCKS] for root in (plain, wordy)}
    typed = [len(pickle.dumps(w)) - len(pickle.dumps(p)) for p, w in zip(alone["plain"], alone["wordy"])]
    assert min(typed) > 150_000, typed
    assert all(wordy_size - plain_size < 1_000 for plain_size, wordy_size in zip(*held)), held
    # the documents were made from everything: the narrative reached the report
    report = docx.Document(str(tmp_path / "wordy" / str(YEAR) / "khoi_b" / f"bao_cao_tong_ket_{YEAR}.docx"))
    assert sum(WORDS.strip() in p.text for p in report.paragraphs) >= 30
    # the ranking, the awards and the block's members are what the block's own run gives
    province = run(YEAR, wordy, tmp_path / "again", write=False, jobs=jobs).outcomes
    for outcome, single in zip(province, alone["wordy"]):
        kept, whole = outcome.loaded.result, single.loaded.result
        assert [(r.unit.code, r.rank, r.total, r.award) for r in kept.ranked] == \
            [(r.unit.code, r.rank, r.total, r.award) for r in whole.ranked]
        assert kept.outcomes == whole.outcomes and kept.block.units == whole.block.units
        assert kept.block.info.block_name == whole.block.info.block_name


def _single(province: Path, block: str, tmp_path: Path) -> Path:
    single = tmp_path / "single" / province.name / block
    if not single.exists():
        shutil.copytree(province / str(YEAR) / block, single / str(YEAR))
    return single


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_background_flush_that_fails_stops_the_move_with_nothing_in_place(provinces, tmp_path, monkeypatch, jobs):
    plain, _ = provinces
    real = run_module.flush_file

    def flush_file(path: Path) -> None:
        if path.parent.name == "khoi_b" and path.name.startswith("bien_ban"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path)

    monkeypatch.setattr(run_module, "flush_file", flush_file)
    with pytest.raises(OutputError) as caught:
        run(YEAR, plain, tmp_path / "out", jobs=jobs)
    out = tmp_path / "out" / str(YEAR)
    assert caught.value.path == out and "No space left on device" in str(caught.value)
    assert not [p for p in (tmp_path / "out").rglob("*") if p.suffix in (".docx", ".xlsx") or ".staging" in p.name]
