"""The province's view of a year (SPEC §3, `tong_hop_<year>.xlsx`): every block's results as
pandas frames, gathered with concat → merge → groupby/pivot_table, and the checks across blocks.

Column names are the sheet's headers staff read. The frames are turned into cells only by the
writer (`write/province_book.py`); the checks also come back as warnings for the run's summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from ..model import BlockResult
from ..problems import Problem, warning
from ..text import key

BLOCK = "Khối"
UNIT = "Đơn vị"
FORM = "Hình thức"
TOTAL = "Tổng điểm"
RANK = "Hạng"
VOTES = "Số phiếu"
AWARD = "Đề nghị khen thưởng"
BARRED = "Không đủ điều kiện"
FOLDER = "Thư mục"
MEMBERS = "Số đơn vị"
PROPOSED = "Tổng số đề nghị"
NOTE = "Ghi chú"
CHECK = "Kiểm tra"
WHERE = "Tệp"
OTHER_BLOCK = "Khối khác"
OTHER_WHERE = "Tệp khác"
TOTAL_ROW = "Tổng cộng"

TWO_BLOCKS = "Đơn vị ở hai khối"
TWO_LEADS = "Trưởng khối năm sau của hai khối"
NO_FINDINGS = "Không thấy đơn vị nào ở hai khối, không đơn vị nào là Trưởng khối năm sau của hai khối"


@dataclass(frozen=True)
class BlockEntry:
    """One block as the province sees it: its result, or how many errors kept it out."""

    folder: str  # the block's sub-folder name
    block_file: str  # its `khoi.xlsx`, relative to the year folder: `khoi_01/khoi.xlsx`
    result: BlockResult | None
    error_count: int = 0
    # (unit code, award form) -> yes votes in the block's BoPhieu (SPEC §2.1); `Số phiếu` appears
    # in DeNghi only when some block has votes.
    votes: Mapping[tuple[str, str], int] = field(default_factory=dict)


@dataclass(frozen=True)
class ProvinceView:
    proposals: pd.DataFrame  # DeNghi: one row per proposed unit of every block
    ranking: pd.DataFrame  # XepHang: every unit of every block
    counts: pd.DataFrame  # ThongKe: one row per block, then the total row
    checks: pd.DataFrame  # KiemTra: the checks across blocks
    problems: list[Problem]  # the same checks, as warnings for the summary


def gather(entries: list[BlockEntry]) -> ProvinceView:
    blocks = _blocks(entries)
    units = _units(entries)
    forms = _forms(entries)
    failed = blocks[blocks["error_count"] > 0]
    proposals = _proposals(units, forms, failed)
    checks, problems = _checks(units, blocks)
    return ProvinceView(
        proposals=proposals,
        ranking=_ranking(units, failed),
        counts=_counts(blocks, units, forms),
        checks=checks,
        problems=problems,
    )


# --- one frame per kind of record --------------------------------------------------------------


def _blocks(entries: list[BlockEntry]) -> pd.DataFrame:
    """One row per block in folder order; a failed block is named by its folder."""
    return pd.DataFrame(
        [
            (number, e.result.block.info.block_name if e.result else e.folder, e.folder, e.block_file,
             len(e.result.block.units) if e.result else pd.NA, e.error_count,
             e.result.block.info.next_leader if e.result else "")
            for number, e in enumerate(entries)
        ],
        columns=["block_no", BLOCK, FOLDER, "block_file", MEMBERS, "error_count", "next_leader"],
    ).astype({MEMBERS: "Int64"})


def _units(entries: list[BlockEntry]) -> pd.DataFrame:
    """Every unit of every block that has a result: one frame made from the records at once (a
    frame per block, then a concat, costs ten times as much)."""
    return pd.DataFrame(
        [
            (number, result.block.info.block_name, entry.block_file, r.unit.code, r.unit.name, key(r.unit.name),
             r.unit.row, r.unit.order, r.rank, float(r.total), r.award or "", awards.get(r.award or "", -1),
             key(r.award or ""), r.unit.barred_reason, entry.votes.get((r.unit.code, r.award or "")))
            for number, entry in enumerate(entries) if (result := entry.result) is not None
            for awards in [{form.name: position for position, form in enumerate(result.block.awards)}]
            for r in result.ranked
        ],
        columns=["block_no", BLOCK, "block_file", "code", UNIT, "unit_key", "row", "order", RANK, TOTAL, FORM,
                 "form_position", "form_key", BARRED, VOTES],
    ).astype({VOTES: "Int64"})


def _forms(entries: list[BlockEntry]) -> pd.DataFrame:
    """Every award form of the year once (matched leniently), highest first: by its lowest place in
    any block's `KhenThuong` (a form one block lists below another stands below it, even where a
    smaller block lists it first), then by the first block that lists it."""
    listed = pd.DataFrame(
        [(number, position, form.name, key(form.name))
         for number, e in enumerate(entries) if e.result for position, form in enumerate(e.result.block.awards)],
        columns=["block_no", "form_position", FORM, "form_key"],
    )
    return (
        listed.groupby("form_key", sort=False)
        .agg(**{FORM: (FORM, "first"), "position": ("form_position", "max"), "first_block": ("block_no", "min")})
        .sort_values(["position", "first_block"], kind="stable")
        .reset_index()
    )


# --- the sheets ---------------------------------------------------------------------------------


def _failed_rows(failed: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A failed block as one row of a sheet: its name in `Khối`, why in `Ghi chú`."""
    notes = "Dữ liệu của khối có " + failed["error_count"].astype(str) + " lỗi: chưa tổng hợp"
    return failed[["block_no", BLOCK]].assign(**{NOTE: notes}).reindex(columns=["block_no", *columns])


def _with_failed(rows: pd.DataFrame, failed: pd.DataFrame, columns: list[str], order: list[str]) -> pd.DataFrame:
    if failed.empty:
        return rows.sort_values(order, kind="stable")[columns].reset_index(drop=True)
    columns = [*columns, NOTE]
    return (
        pd.concat([rows.assign(**{NOTE: ""}), _failed_rows(failed, columns)], ignore_index=True)
        .sort_values(order, kind="stable", na_position="first")[columns]
        .reset_index(drop=True)
    )


def _proposals(units: pd.DataFrame, forms: pd.DataFrame, failed: pd.DataFrame) -> pd.DataFrame:
    proposed = units[units[FORM] != ""].merge(forms[["form_key", "position"]], on="form_key", how="left")
    columns = [BLOCK, UNIT, FORM, TOTAL, RANK] + ([VOTES] if proposed[VOTES].notna().any() else [])
    return _with_failed(proposed, failed, columns, ["block_no", "form_position", RANK, "order"])


def _ranking(units: pd.DataFrame, failed: pd.DataFrame) -> pd.DataFrame:
    ranked = units.rename(columns={FORM: AWARD})
    return _with_failed(ranked, failed, [BLOCK, RANK, UNIT, TOTAL, AWARD, BARRED], ["block_no", RANK, "order"])


def _counts(blocks: pd.DataFrame, units: pd.DataFrame, forms: pd.DataFrame) -> pd.DataFrame:
    """Per block: members and how many proposed for each form; then the total row."""
    good = blocks["error_count"] == 0
    per_form = (
        units[units[FORM] != ""]
        .pivot_table(index="block_no", columns="form_key", values=UNIT, aggfunc="count", fill_value=0)
        .reindex(index=blocks.loc[good, "block_no"], columns=forms["form_key"], fill_value=0)
        .set_axis(forms[FORM].tolist(), axis="columns")
        .astype("Int64")
    )
    per_form[PROPOSED] = per_form.sum(axis="columns")
    table = blocks.merge(per_form, left_on="block_no", right_index=True, how="left")
    columns = [BLOCK, FOLDER, MEMBERS, *forms[FORM], PROPOSED]
    totals = table.loc[good, [MEMBERS, *forms[FORM], PROPOSED]].sum().to_frame().T.astype("Int64")
    totals[BLOCK] = TOTAL_ROW
    if good.all():
        return pd.concat([table[columns], totals], ignore_index=True)[columns]
    table[NOTE] = ("Dữ liệu của khối có " + table["error_count"].astype(str) + " lỗi: chưa tổng hợp").where(~good, "")
    totals[NOTE] = f"Chưa gồm {int((~good).sum())} khối có lỗi"
    return pd.concat([table[[*columns, NOTE]], totals], ignore_index=True)[[*columns, NOTE]]


# --- checks across blocks -----------------------------------------------------------------------


def _pairs(frame: pd.DataFrame, on: str) -> pd.DataFrame:
    """Each pair of rows of two different blocks that share `on`, the earlier block on the left."""
    both = frame.merge(frame, on=on, suffixes=("", "_other"))
    return both[both["block_no"] < both["block_no_other"]].sort_values(["block_no", "block_no_other", "order"])


def _checks(units: pd.DataFrame, blocks: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    members = units.assign(place=units["block_file"] + " › ThanhVien › dòng " + units["row"].astype(str))
    two_blocks = _pairs(members, "unit_key").assign(**{CHECK: TWO_BLOCKS})
    leaders = (
        blocks[blocks["error_count"] == 0]
        .merge(units[["block_no", "code", UNIT, "unit_key", "order"]], left_on=["block_no", "next_leader"],
               right_on=["block_no", "code"])
        .assign(place=lambda f: f["block_file"] + " › ThongTin")
    )
    two_leads = _pairs(leaders, "unit_key").assign(**{CHECK: TWO_LEADS})
    found = pd.concat([two_blocks, two_leads], ignore_index=True).rename(
        columns={"place": WHERE, f"{BLOCK}_other": OTHER_BLOCK, "place_other": OTHER_WHERE})
    columns = [BLOCK, CHECK, UNIT, WHERE, OTHER_BLOCK, OTHER_WHERE]
    problems = [
        warning(
            "unit_in_two_blocks" if check == TWO_BLOCKS else "next_leader_in_two_blocks",
            file=block_file, sheet="ThanhVien" if check == TWO_BLOCKS else "ThongTin",
            row=int(row) if check == TWO_BLOCKS else None,
            value=unit, block=block, file_here=block_file, other_block=other_block, other_file=other_file,
        )
        for check, unit, block, block_file, row, other_block, other_file in zip(
            found[CHECK], found[UNIT], found[BLOCK], found["block_file"], found["row"], found[OTHER_BLOCK],
            found["block_file_other"])
    ]
    if found.empty:
        return pd.DataFrame([["", NO_FINDINGS, "", "", "", ""]], columns=columns), problems
    return found[columns].reset_index(drop=True), problems
