"""This year's ranks beside the year before's (SPEC §2.4): the report's column `Hạng năm <year-1>`
and the sentence naming who rose and who fell the most.

A unit is the same unit in both years when its name matches leniently (SPEC §2); a unit renamed
since keeps its code, so the units left over are matched by code. pandas is imported only when
there is a year before to join, so a run without one starts as fast as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from ..model import BlockResult
from ..text import join_names, key, ordinal

if TYPE_CHECKING:
    import pandas as pd

# The fields this module adds for every template; each unit of `don_vi` also gets `hang_nam_truoc`.
RANK_CHANGE_NAMES = frozenset({"co_nam_truoc", "nam_truoc", "so_sanh_nam_truoc"})


@dataclass(frozen=True)
class Comparison:
    """This year against the year before, as plain text: each unit's rank of the year before, by
    its code this year (blank for a unit new to the block), and the sentence."""

    ranks: dict[str, str]
    sentence: str


def compare(result: BlockResult, before: BlockResult) -> Comparison:
    """Join the two years' ranks (pandas): by name first, then by code for a renamed unit."""
    joined = _joined(result, before)
    shown = joined["hang_truoc"].astype("string").fillna("")
    return Comparison(dict(zip(joined["ma"], shown)), _sentence(joined, result.block.info.year - 1))


def rank_change_fields(year: int, rows: list[Mapping[str, Any]], comparison: Comparison | None) -> dict[str, Any]:
    """`co_nam_truoc`, `nam_truoc`, `so_sanh_nam_truoc`, and `don_vi` (the rows of the common
    fields, in the same order) with each unit's `hang_nam_truoc`: blank for a unit new to the
    block, and for every unit when there is no year before."""
    fields: dict[str, Any] = {"co_nam_truoc": comparison is not None, "nam_truoc": str(year - 1)}
    ranks = comparison.ranks if comparison is not None else {}
    return fields | {
        "so_sanh_nam_truoc": comparison.sentence if comparison is not None else "",
        "don_vi": [{**row, "hang_nam_truoc": ranks.get(row["ma"], "")} for row in rows],
    }


def _ranks(result: BlockResult) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        [(r.unit.code, r.unit.name, key(r.unit.name), key(r.unit.code), r.rank) for r in result.ranked],
        columns=["ma", "ten", "khoa_ten", "khoa_ma", "hang"],
    )


def _joined(result: BlockResult, before: BlockResult) -> pd.DataFrame:
    """This year's units in rank order with `hang_truoc` (nullable) and `tang` (places risen)."""
    now = _ranks(result)
    then = _ranks(before).rename(columns={"hang": "hang_truoc"})
    by_name = now.merge(then[["khoa_ten", "hang_truoc"]], on="khoa_ten", how="left")
    unclaimed = then[~then["khoa_ten"].isin(now["khoa_ten"])]
    by_code = (
        now[["ma", "khoa_ma"]]
        .merge(unclaimed[["khoa_ma", "hang_truoc"]], on="khoa_ma", how="inner")
        .set_index("ma")["hang_truoc"]
    )
    hang_truoc = by_name.set_index("ma")["hang_truoc"].fillna(by_code).astype("Int64")
    return by_name.drop(columns="hang_truoc").assign(
        hang_truoc=hang_truoc.array,
        tang=lambda frame: frame["hang_truoc"] - frame["hang"],
    )


def _sentence(joined: pd.DataFrame, year_before: int) -> str:
    """`So với năm 2019, A tăng hạng nhiều nhất (...); B giảm hạng nhiều nhất (...).`"""
    both = joined.dropna(subset=["hang_truoc"])
    new = joined[joined["hang_truoc"].isna()]["ten"].tolist()
    parts: list[str] = []
    if not both.empty:
        most, least = int(both["tang"].max()), int(both["tang"].min())
        if most == 0 and least == 0:
            parts.append(f"So với năm {year_before}, thứ hạng của các đơn vị không thay đổi.")
        else:
            rose = _moved(both[both["tang"] == most], "tăng", "lên") if most > 0 else "không đơn vị nào tăng hạng"
            fell = _moved(both[both["tang"] == least], "giảm", "xuống") if least < 0 else "không đơn vị nào giảm hạng"
            parts.append(f"So với năm {year_before}, {rose}; {fell}.")
    if new:
        parts.append(f"{join_names(new)} chưa là thành viên của Khối năm {year_before}.")
    return " ".join(parts)


def _moved(units: pd.DataFrame, verb: str, way: str) -> str:
    """`A tăng hạng nhiều nhất (từ thứ bảy lên thứ hai, tăng 5 bậc)`, or for several units
    `A (từ thứ bảy lên thứ tư) và B (...) tăng hạng nhiều nhất (cùng tăng 3 bậc)`: a rank said the
    one way the documents say it (`xếp thứ hai`)."""
    steps = abs(int(units["tang"].iloc[0]))
    moves = [f"từ {ordinal(int(then))} {way} {ordinal(int(now))}" for then, now in zip(units["hang_truoc"], units["hang"])]
    if len(units) == 1:
        return f"{units['ten'].iloc[0]} {verb} hạng nhiều nhất ({moves[0]}, {verb} {steps} bậc)"
    named = join_names([f"{name} ({move})" for name, move in zip(units["ten"], moves)])
    return f"{named} {verb} hạng nhiều nhất (cùng {verb} {steps} bậc)"
