"""`ThongTin` is read from one table of fields (`read/info.py`): each label's row says whether it
is required and which field of the block's information it fills. Adding a row adds its cases here."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from builders import YEAR, default_case, write_case

from pipeline.commands.run import run
from pipeline.model import BlockInfo
from pipeline.problems import InputError, Problem
from pipeline.read.info import FIELDS


def _check(root: Path) -> tuple[BlockInfo | None, list[Problem]]:
    try:
        report = run(YEAR, root, root.parent / "out", write=False, jobs=1)
    except InputError as exc:
        return None, exc.problems
    return report.outcomes[0].loaded.result.block.info, report.problems


def test_each_field_fills_its_own_field_of_the_record():
    filled = [f.record for f in FIELDS if f.record]
    assert len(filled) == len(set(filled))
    assert set(filled) <= {f.name for f in dataclasses.fields(BlockInfo)}
    assert len({f.label for f in FIELDS}) == len(FIELDS)


@pytest.mark.parametrize("label", [f.label for f in FIELDS if f.required])
def test_a_required_label_left_out_stops_the_run_naming_it(tmp_path, label):
    case = default_case(STC=95, CT=90, SNV=85, SKHDT=80)
    case.info[label] = None  # the row is not written
    info, problems = _check(write_case(case, tmp_path / "in"))
    assert info is None
    assert [(p.sheet, p.code, dict(p.params)["label"]) for p in problems if p.code == "label_missing"] == [
        ("ThongTin", "label_missing", label)
    ]


# (the ballot counts fill one field together, `ballot_counts`: tests/test_meeting_record.py)
@pytest.mark.parametrize("field", [f for f in FIELDS if not f.required and f.record], ids=lambda f: f.label)
def test_an_optional_label_left_out_gives_its_default(tmp_path, field):
    case = default_case(STC=95, CT=90, SNV=85, SKHDT=80)
    case.info[field.label] = None
    info, problems = _check(write_case(case, tmp_path / "in"))
    assert info is not None, problems
    record = dataclasses.asdict(info)
    expected = field.default(record) if callable(field.default) else field.default
    assert record[field.record] == expected
    # (a way of deciding left out is told once the awards are known: forms were given without a ballot)
    told = {"Hình thức biểu quyết": "vote_method_blank"}.get(field.label, field.blank_warning)
    assert [p.code for p in problems] == ([told] if told else [])
