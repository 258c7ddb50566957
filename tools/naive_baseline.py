"""The benchmark's baseline: the same job written the way tutorials do it, one process, one block at a time.

    .venv/bin/python tools/naive_baseline.py INPUT OUTPUT YEAR

Reads every workbook with ``pandas.read_excel(engine="openpyxl", header=None, sheet_name=None)``
and finds the header row and the ``Đơn vị`` line in the DataFrame; builds our model records and
uses our scoring, award allocation, template contexts and chart figures (so both sides fill the
templates with the same values); then, per document in the catalog, a fresh ``DocxTemplate``
rendered with a sandboxed StrictUndefined environment and autoescaping; the report's Word chart
filled the way a tutorial does it (find the chart part through python-docx, rewrite its cached
points with lxml, load its embedded workbook with openpyxl, rewrite the cells, save it back);
and the score table written with ``DataFrame.to_excel``.

It assumes valid input (the synthetic province): it validates nothing that the pipeline would
report, and stops at the first surprise.
"""

from __future__ import annotations

import io
import sys
from decimal import Decimal
from pathlib import Path

import jinja2
import openpyxl
import pandas as pd
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.documents import grounds  # noqa: E402
from pipeline.documents.chart import chart_data  # noqa: E402
from pipeline.rules.awards import allocate  # noqa: E402
from pipeline.documents.catalog import BLOCK_DOCUMENTS  # noqa: E402
from pipeline.documents.context import common_context  # noqa: E402
from pipeline.documents.rank_change import rank_change_fields  # noqa: E402
from pipeline.text import province_phrase  # noqa: E402
from pipeline.model import (  # noqa: E402
    AwardForm, Block, BlockInfo, BlockResult, Criterion, Kind, ScoreLine, ScoreSheet, Unit,
)
from pipeline.rules.scoring import rank_units  # noqa: E402

TEMPLATES = ROOT / "templates_docx"
KINDS = {"": Kind.SCORED, "chấm điểm": Kind.SCORED, "thưởng": Kind.BONUS, "trừ": Kind.PENALTY}


def text(value) -> str:
    return "" if pd.isna(value) else str(value).strip()


def number(value) -> Decimal:
    return Decimal(str(value).replace(",", "."))


def table(frame: pd.DataFrame) -> pd.DataFrame:
    """A sheet whose first row is its header."""
    frame = frame.copy()
    frame.columns = [text(c) for c in frame.iloc[0]]
    return frame.iloc[1:].reset_index(drop=True)


def read_block(path: Path, year: int) -> Block:
    sheets = pd.read_excel(path, engine="openpyxl", header=None, sheet_name=None)
    info = {text(row[0]): row[1] for row in sheets["ThongTin"].itertuples(index=False)}

    units = []
    for order, row in table(sheets["ThanhVien"]).iterrows():
        priority = row.get("Ưu tiên")
        units.append(Unit(
            code=text(row["Mã"]), name=text(row["Tên đơn vị"]), head=text(row["Thủ trưởng"]),
            title=text(row["Chức vụ"]), order=order, barred_reason=text(row.get("Không đủ điều kiện")),
            priority=None if pd.isna(priority) else int(priority),
        ))
    lookup = {u.code: u.code for u in units} | {u.name: u.code for u in units}

    def unit_ref(label: str) -> str | None:
        value = text(info.get(label))
        return lookup[value] if value else None

    criteria = [
        Criterion(text(row["Mã"]), text(row["Nội dung"]), number(row["Điểm tối đa"]),
                  KINDS[text(row.get("Loại")).lower()], text(row.get("Nhóm")))
        for _, row in table(sheets["TieuChi"]).iterrows()
    ]
    awards = []
    for _, row in table(sheets["KhenThuong"]).iterrows():
        quota = text(row["Số lượng"])
        places = int(number(quota[:-1]) * len(units) / 100) if quota.endswith("%") else int(number(quota))
        minimum = row.get("Điểm tối thiểu")
        awards.append(AwardForm(text(row["Hình thức"]), places, None if pd.isna(minimum) else number(minimum)))

    province, block_name = text(info["Tỉnh"]), text(info["Tên khối"])
    day = pd.Timestamp(info["Ngày hội nghị"]).date()
    listed = [text(v) for v in table(sheets["CanCu"])["Nội dung"]] if "CanCu" in sheets else []
    cited = listed or grounds.default_grounds(day, year, block_name)
    block_info = BlockInfo(
        province=province,
        block_name=block_name,
        year=int(info["Năm"]),
        conference_date=day,
        place=text(info.get("Địa điểm")),
        leader=unit_ref("Trưởng khối") or "",
        deputy=unit_ref("Phó khối"),
        next_leader=unit_ref("Trưởng khối năm sau") or "",
        next_deputy=unit_ref("Phó khối năm sau"),
        symbol=text(info.get("Ký hiệu")),
        addressee=text(info.get("Kính gửi")) or f"Chủ tịch Ủy ban nhân dân {province_phrase(province)}",
        grounds=tuple(grounds.punctuate(cited)),
        tasks=tuple(text(v) for v in table(sheets["NhiemVu"])["Nội dung"]),
    )
    return Block(block_info, tuple(units), tuple(criteria), tuple(awards))


def read_score_sheets(path: Path, block: Block) -> list[ScoreSheet]:
    lookup = {u.code: u.code for u in block.units} | {u.name: u.code for u in block.units}
    found = []
    for name, frame in pd.read_excel(path, engine="openpyxl", header=None, sheet_name=None).items():
        header = None
        for index, row in frame.iterrows():
            labels = [text(v) for v in row]
            if "Mã tiêu chí" in labels:
                header = index
                columns = {label: labels.index(label) for label in labels if label}
                break
        if header is None:
            continue
        unit = None
        for index in range(header):
            for value in frame.iloc[index]:
                if text(value).startswith("Đơn vị"):
                    unit = lookup[text(value).split(":", 1)[1].strip()]
        lines = []
        for index in range(header + 1, len(frame)):
            row = frame.iloc[index]
            first = next((text(v) for v in row if text(v)), "")
            if first in ("Tổng", "Tổng cộng"):
                break
            code = text(row.iloc[columns["Mã tiêu chí"]])
            if not code:
                continue
            own = row.iloc[columns["Điểm tự chấm"]]
            lines.append(ScoreLine(code, None if pd.isna(own) else number(own),
                                   number(row.iloc[columns["Điểm khối chấm"]])))
        found.append(ScoreSheet(unit, tuple(lines), path.name, name))
    return found


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def fill_chart(tpl: DocxTemplate, result: BlockResult) -> None:
    """Put the block's figures into the template's Word chart and its embedded workbook."""
    data = chart_data(result.ranked)
    for rel in tpl.docx.part.rels.values():
        if rel.reltype != RT.CHART:
            continue
        part = rel.target_part
        root = etree.fromstring(part.blob)
        for ser, values in zip(root.iter(C + "ser"), data.groups):
            for tag, points in (("cat", data.categories), ("val", values)):
                cache = ser.find(f"{C}{tag}").find(f".//{C}{'strCache' if tag == 'cat' else 'numCache'}")
                for pt in cache.findall(C + "pt"):
                    cache.remove(pt)
                cache.find(C + "ptCount").set("val", str(len(points)))
                for index, point in enumerate(points):
                    if point is not None:
                        pt = etree.SubElement(cache, C + "pt", idx=str(index))
                        etree.SubElement(pt, C + "v").text = str(point)
            ser.find(f"{C}cat//{C}f").text = f"Sheet1!$A$2:$A${len(data.categories) + 1}"
            ref = ser.find(f"{C}val//{C}f")
            ref.text = ref.text.rsplit("$", 1)[0] + f"${len(data.categories) + 1}"
        scaling = root.find(f".//{C}valAx/{C}scaling")
        scaling.find(C + "min").set("val", str(data.minimum))
        scaling.find(C + "max").set("val", str(data.maximum))
        root.find(f".//{C}valAx/{C}majorUnit").set("val", str(data.step))
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        for embedded in part.rels.values():
            if embedded.reltype == RT.PACKAGE:
                book = openpyxl.load_workbook(io.BytesIO(embedded.target_part.blob))
                sheet = book.active
                sheet.delete_rows(2, sheet.max_row)
                for row, name in enumerate(data.categories, start=2):
                    sheet.cell(row, 1, name)
                    for column, values in enumerate(data.groups, start=2):
                        if values[row - 2] is not None:
                            sheet.cell(row, column, float(values[row - 2]))
                out = io.BytesIO()
                book.save(out)
                embedded.target_part._blob = out.getvalue()


def score_table(result: BlockResult, path: Path) -> None:
    codes = [c.code for c in result.block.criteria]
    rows = []
    for r in result.ranked:
        scores = {line.criterion: float(line.block_score) for line in r.sheet.lines}
        rows.append({
            "Hạng": r.rank, "Mã": r.unit.code, "Tên đơn vị": r.unit.name,
            "Tự chấm": None if r.self_total is None else float(r.self_total),
            "Điểm Khối chấm": float(r.block.scored), "Điểm thưởng": float(r.block.bonus),
            "Điểm trừ": float(r.block.penalty), "Tổng điểm": float(r.total),
            "Đề nghị khen thưởng": r.award or "", "Không đủ điều kiện": r.unit.barred_reason,
        } | {code: scores.get(code) for code in codes})
    pd.DataFrame(rows).to_excel(path, index=False, sheet_name="BangDiem")


def main(input_dir: Path, output_dir: Path, year: int) -> int:
    jinja_env = SandboxedEnvironment(undefined=jinja2.StrictUndefined)
    year_dir = input_dir / str(year)
    if (year_dir / "khoi.xlsx").exists():
        folders = [year_dir]
    else:
        folders = sorted(p for p in year_dir.iterdir() if (p / "khoi.xlsx").exists())
    for folder in folders:
        block = read_block(folder / "khoi.xlsx", year)
        sheets = {}
        for path in sorted(folder.rglob("*.xlsx")):
            if path.name != "khoi.xlsx" and not path.name.startswith("~$"):
                for sheet in read_score_sheets(path, block):
                    sheets[sheet.unit_code] = sheet
        allocation = allocate(block, rank_units(block, sheets), "khoi.xlsx")
        ranked, problems = allocation.ranked, allocation.problems
        if problems:
            print(f"{folder.name}: {problems[0].format()}", file=sys.stderr)
            return 1
        result = BlockResult(block, tuple(ranked), allocation.outcomes)
        out = output_dir / str(year) / (folder.name if folder != year_dir else "")
        out.mkdir(parents=True, exist_ok=True)
        common = common_context(result)
        common |= rank_change_fields(year, common["don_vi"], None)  # the province has no year before
        for document in BLOCK_DOCUMENTS:
            for copy in document.copies(result, common):  # one, or one per proposed unit
                tpl = DocxTemplate(TEMPLATES / f"{document.template}.docx")
                tpl.render(copy.context, jinja_env, autoescape=True)
                fill_chart(tpl, result)
                (out / copy.output).parent.mkdir(parents=True, exist_ok=True)
                tpl.save(out / copy.output)
        score_table(result, out / f"bang_diem_{year}.xlsx")
        print(f"{folder.name}: {len(block.units)} đơn vị", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print("usage: naive_baseline.py INPUT OUTPUT YEAR", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])))
