"""The report's chart: a native Word chart in the template, filled with the block's totals.

What staff would check: the chart names every unit, best first, with its total; proposed and
barred units are in their own series (their own colour and legend entry); the value axis starts
near the lowest total, not at zero; Word's "Edit data" workbook holds the same numbers; text in
unit names reaches the chart and its workbook unchanged; the chart grows with the unit count.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from builders import UnitSpec, default_case, totals_scores, write_case
from lxml import etree

from pipeline.cli import main
from pipeline.documents.chart import GROUPS, PLOT_AREA, ChartData, ChartTemplate, axis_bounds

ROOT = Path(__file__).resolve().parent.parent
NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
REPORT = "bao_cao_tong_ket_2020.docx"


def chart_of(docx: Path) -> dict:
    """What the report's chart part and its embedded workbook hold."""
    with zipfile.ZipFile(docx) as archive:
        names = archive.namelist()
        charts = [n for n in names if n.startswith("word/charts/chart") and n.endswith(".xml")]
        assert len(charts) == 1, names
        root = etree.fromstring(archive.read(charts[0]))
        rels = archive.read(charts[0].replace("charts/", "charts/_rels/") + ".rels").decode()
        embedded = [n for n in names if n.startswith("word/embeddings/")]
        book = openpyxl.load_workbook(io.BytesIO(archive.read(embedded[0])))
        types = archive.read("[Content_Types].xml").decode()
        document = archive.read("word/document.xml").decode()
    series = root.findall(".//c:ser", NS)
    categories = series[0].xpath("c:cat//c:pt/c:v/text()", namespaces=NS)
    values = []
    for ser in series:
        points = {int(pt.get("idx")): Decimal(pt.findtext("c:v", namespaces=NS))
                  for pt in ser.findall("c:val//c:pt", NS)}
        values.append([points.get(i) for i in range(len(categories))])
    scaling = root.find(".//c:valAx/c:scaling", NS)
    sheet = book.worksheets[0]
    return {
        "root": root,
        "categories": categories,
        "names": ["".join(s.xpath("c:tx//c:v/text()", namespaces=NS)) for s in series],
        "values": values,
        "min": Decimal(scaling.find("c:min", NS).get("val")),
        "max": Decimal(scaling.find("c:max", NS).get("val")),
        "rels": rels,
        "types": types,
        "document": document,
        "sheet": sheet,
        "rows": [[c.value for c in row] for row in sheet.iter_rows()],
    }


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("chart")
    assert main(["2020", "--input", str(ROOT / "input_samples"), "--output", str(out)]) == 0
    return chart_of(out / "2020" / REPORT)


def test_every_unit_best_first_with_its_total_in_its_group(sample):
    assert sample["categories"][:3] == ["Cục Thuế", "Văn phòng Đoàn ĐBQH tỉnh", "Văn phòng HĐND tỉnh"]
    assert len(sample["categories"]) == 11 and sample["categories"][-1] == "Quỹ Đầu tư phát triển tỉnh"
    proposed, barred, others = sample["values"]
    assert sample["names"] == list(GROUPS)
    # Cục Thuế, ĐBQH and three units at 94 are proposed; HĐND (95,5) is barred
    assert proposed[:2] == [Decimal(97), Decimal("96.5")] and barred[2] == Decimal("95.5")
    assert [v for v in proposed if v is not None] == [97, Decimal("96.5"), 94, 94, 94]
    assert [v for v in barred if v is not None] == [Decimal("95.5")]
    assert others[-1] == 87
    # each unit stands in exactly one series: one bar per unit
    assert all(sum(v is not None for v in column) == 1 for column in zip(*sample["values"]))


def test_value_axis_shows_the_differences(sample):
    # totals 87..97: the axis starts just below 87, not at zero, and leaves room past 97
    assert Decimal(80) <= sample["min"] < 87 and Decimal(97) < sample["max"] <= 102


def test_edit_data_workbook_holds_the_same_numbers(sample):
    rows = sample["rows"]
    assert rows[0] == ["Đơn vị", *GROUPS]
    assert [r[0] for r in rows[1:]] == sample["categories"]
    for column, values in enumerate(sample["values"], start=1):
        assert [None if r[column] is None else Decimal(str(r[column])) for r in rows[1:]] == values
    assert "Sheet1!$A$2:$A$12" in etree.tostring(sample["root"]).decode()


def test_chart_part_is_wired_as_word_expects(sample):
    assert 'PartName="/word/charts/chart1.xml"' in sample["types"]
    assert "drawingml.chart+xml" in sample["types"] and 'Extension="xlsx"' in sample["types"]
    assert "relationships/package" in sample["rels"] and "../embeddings/" in sample["rels"]
    assert 'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"' in sample["document"]
    assert sample["root"].find("c:externalData", NS) is not None


def test_chart_text_is_times_new_roman(sample):
    faces = {e.get("typeface") for e in sample["root"].iter("{%s}latin" % NS["a"])}
    assert faces == {"Times New Roman"}


def test_axis_bounds_round_and_close_to_the_totals():
    low, high, step = axis_bounds([Decimal(85), Decimal(97)])
    assert (low, high, step) == (Decimal(84), Decimal(100), Decimal(2))
    assert axis_bounds([Decimal(90)]) == (Decimal(89), Decimal(91), Decimal(1))
    assert axis_bounds([Decimal(94), Decimal("94.5")]) == (Decimal(93), Decimal(96), Decimal(1))
    low, high, _ = axis_bounds([Decimal(3), Decimal(40)])
    assert low == 0 and high >= 40  # near zero: the axis starts at zero, never below it
    low, high, _ = axis_bounds([Decimal(-12), Decimal(5)])
    assert low < -12 and high > 5
    low, high, step = axis_bounds([Decimal("0.5"), Decimal("1000.5")])
    assert low == 0 and high >= Decimal("1000.5") and step in (Decimal(100), Decimal(200))


def _run(case, tmp_path: Path, capsys) -> tuple[dict, str]:
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    return chart_of(tmp_path / "out" / "2020" / REPORT), capsys.readouterr().err


MARKUP = ["Sở $x^2$ và $100 triệu$ 💰🏆", "=SUM(A1:A2) Hội <b>&amp;</b> \"Nạn nhân\"", "+Đội @ -1 \\frac{1}{2}"]


def test_names_the_chart_library_would_read_as_markup_reach_the_chart_unchanged(tmp_path, capsys):
    case = default_case(STC=95, SKHDT=90, CT=85, SNV=80)
    for index, name in enumerate(MARKUP, start=1):
        case.units[index].name = name
    root = write_case(case, tmp_path / "in")
    book = openpyxl.load_workbook(root / "2020" / "khoi.xlsx")
    for row in book["ThanhVien"].iter_rows(min_row=2):
        row[1].data_type = "s"  # "=SUM(...)" typed after an apostrophe in Excel: text
    book.save(root / "2020" / "khoi.xlsx")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    chart, err = chart_of(tmp_path / "out" / "2020" / REPORT), capsys.readouterr().err
    assert sorted(chart["categories"]) == sorted(MARKUP + ["Sở Tài chính"])
    assert [r[0] for r in chart["rows"][1:]] == chart["categories"]
    for row in chart["sheet"].iter_rows(min_row=2, max_col=1):
        assert row[0].data_type == "s"  # "=SUM(...)" is text in "Edit data", never a formula
    assert "warning" not in err.lower() and "Glyph" not in err and "Traceback" not in err


def test_a_block_without_barred_units_leaves_that_series_out_of_the_chart(tmp_path, capsys):
    case = default_case(STC=95, SKHDT=90, CT=85, SNV=80)
    case.awards = [("Cờ thi đua của UBND tỉnh", 1, None)]
    chart, _ = _run(case, tmp_path, capsys)
    assert chart["names"] == ["Đề nghị khen thưởng", "Các đơn vị khác"]
    assert chart["values"] == [[95, None, None, None], [None, 90, 85, 80]]
    assert not chart["root"].findall(".//c:legend/c:legendEntry", NS)


def test_a_block_whose_units_are_all_proposed_has_one_series(tmp_path, capsys):
    """Every unit proposed: only the proposed group is in the chart, so its legend names it (with
    two groups hidden by legend entries, LibreOffice named `Các đơn vị khác` under blue bars)."""
    case = default_case(STC=95, SKHDT=90, CT=85, SNV=80)
    case.awards = [("Bằng khen của Chủ tịch UBND tỉnh", 4, None)]
    chart, _ = _run(case, tmp_path, capsys)
    assert chart["names"] == ["Đề nghị khen thưởng"]
    assert chart["values"] == [[95, 90, 85, 80]]
    assert chart["rows"][0][1:4] == list(GROUPS)  # "Edit data" keeps the three columns


def _height(chart: dict) -> int:
    import re

    return int(re.search(r'<wp:extent cx="\d+" cy="(\d+)"/>', chart["document"].split("drawingml/2006/chart")[0]
                         .rsplit("<wp:inline", 1)[1]).group(1))


def _small_and_big(tmp_path: Path, capsys, name: str) -> tuple[dict, dict]:
    """The charts of a block of 4 and of the same block with 20 more units called `name` and a number."""
    small, _ = _run(default_case(STC=95, SKHDT=90, CT=85, SNV=80), tmp_path / "small", capsys)
    case = default_case(STC=95, SKHDT=90, CT=85, SNV=80)
    for index in range(20):
        code = f"DV{index:02d}"
        case.units.append(UnitSpec(code, f"{name} {index}", "Nguyễn Văn An", "Giám đốc"))
        case.scores[code] = totals_scores(70 + index)
    big, _ = _run(case, tmp_path / "big", capsys)
    return small, big


def test_the_chart_grows_with_the_unit_count(tmp_path, capsys):
    small, big = _small_and_big(tmp_path, capsys, "Đơn vị số")
    assert len(big["categories"]) == 24
    assert _height(big) > 2 * _height(small)
    assert _height(big) <= 22 * 360000  # never taller than a page's text


def _plot_area(chart: dict) -> dict[str, float]:
    layout = chart["root"].find("c:chart/c:plotArea/c:layout/c:manualLayout", NS)
    return {tag: float(layout.find(f"c:{tag}", NS).get("val")) for tag in ("x", "y", "w", "h")}


def test_the_plot_area_keeps_its_margins_in_centimetres_as_the_chart_grows(tmp_path, capsys):
    """The template places the plot area by hand, leaving the units' names 42% of the width (left
    to itself, LibreOffice wraps long names and names only every other bar). A chart of 24 units is
    taller, one of 4 shorter: the names keep their width, and the room above the bars and below them
    (the value axis, the legend) stays as many centimetres in both."""
    small, big = _small_and_big(tmp_path, capsys, "Ban Quản lý các khu công nghiệp tỉnh số")
    few, many = _plot_area(small), _plot_area(big)
    assert few["x"] == many["x"] == 0.42 and few["w"] == many["w"] == 0.53
    assert many["h"] > 0.75 > few["h"]  # the template's 0.75 at its own height (10 units)
    ratio = _height(big) / _height(small)
    assert ratio > 2
    assert abs(many["y"] * _height(big) - few["y"] * _height(small)) < 0.001 * _height(big)
    below = (1 - few["y"] - few["h"]) * _height(small)
    assert abs((1 - many["y"] - many["h"]) * _height(big) - below) < 0.001 * _height(big)


def test_a_chart_laid_out_automatically_gets_the_plot_area_a_chart_placed_by_hand_keeps_its_own():
    """A staff report copied before the template placed its plot area (or a chart put in with Word)
    is laid out automatically: LibreOffice would drop every other long name, so the run places it
    as the shipped template does. A plot area staff placed themselves is left where they put it."""
    with zipfile.ZipFile(ROOT / "templates_docx" / "bao_cao_tong_ket.docx") as archive:
        shipped = archive.read("word/charts/chart1.xml")
    start, end = shipped.index(b"<c:layout><c:manualLayout>"), shipped.index(b"</c:layout>") + len(b"</c:layout>")
    automatic = shipped[:start] + b"<c:layout/>" + shipped[end:]
    placed_by_staff = shipped.replace(b'<c:x val="0.42"/>', b'<c:x val="0.3"/>')
    data = ChartData(("Sở Tài chính", "Ban Quản lý các khu công nghiệp tỉnh"),
                     ((Decimal("95"), None), (None, None), (None, Decimal("80"))), Decimal("75"), Decimal("100"),
                     Decimal("5"))

    def placed(xml: bytes) -> dict[str, float]:
        return _plot_area({"root": etree.fromstring(ChartTemplate(xml).fill(data))})

    assert b"manualLayout" not in automatic
    assert placed(automatic) == PLOT_AREA == placed(shipped)
    assert placed(placed_by_staff)["x"] == 0.3


def test_a_plot_area_staff_left_empty_or_with_a_position_not_a_number_still_gives_the_chart():
    """Word or another tool may write an empty `<c:manualLayout/>`: nothing is placed, LibreOffice
    lays it out itself and drops every other long name, so it gets the shipped plot area. A staff
    chart edited by hand with a position that is not a number stays as staff wrote it: the report is
    still made (it stopped the run with a program error), however many units the block has."""
    with zipfile.ZipFile(ROOT / "templates_docx" / "bao_cao_tong_ket.docx") as archive:
        shipped = archive.read("word/charts/chart1.xml")
    start, end = shipped.index(b"<c:layout><c:manualLayout>"), shipped.index(b"</c:layout>") + len(b"</c:layout>")
    empty = shipped[:start] + b"<c:layout><c:manualLayout/></c:layout>" + shipped[end:]
    not_a_number = shipped.replace(b'<c:y val="0.03"/>', b'<c:y val="abc"/>').replace(b'<c:h val="0.75"/>', b'<c:h val=""/>')
    assert not_a_number != shipped
    data = ChartData(("Sở Tài chính", "Ban Quản lý các khu công nghiệp tỉnh"),
                     ((Decimal("95"), None), (None, None), (None, Decimal("80"))), Decimal("75"), Decimal("100"),
                     Decimal("5"))
    for growth in (0.6, 1.0, 2.0):
        filled = etree.fromstring(ChartTemplate(empty).fill(data, growth))
        layouts = filled.findall("c:chart/c:plotArea/c:layout/c:manualLayout", NS)
        assert len(layouts) == 1
        assert _plot_area({"root": filled})["x"] == PLOT_AREA["x"]
        kept = etree.fromstring(ChartTemplate(not_a_number).fill(data, growth))
        layout = kept.find("c:chart/c:plotArea/c:layout/c:manualLayout", NS)
        assert (layout.find("c:y", NS).get("val"), layout.find("c:h", NS).get("val")) == ("abc", "")
        assert [v.text for v in kept.iterfind(".//c:cat//c:v", NS)][:2] == ["Sở Tài chính", "Ban Quản lý các khu công nghiệp tỉnh"]


def test_a_staff_chart_whose_unit_count_is_not_a_number_keeps_its_height_and_the_run_goes_on(tmp_path, capsys):
    """A chart edited by hand (`<c:ptCount val="x"/>`) in a staff report: no program error; the
    chart is filled and keeps the template's height."""
    root = write_case(default_case(STC=95, SKHDT=90, CT=85, SNV=80), tmp_path / "in")
    (root / "mau").mkdir()
    with zipfile.ZipFile(ROOT / "templates_docx" / "bao_cao_tong_ket.docx") as source, \
            zipfile.ZipFile(root / "mau" / "bao_cao_tong_ket.docx", "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/charts/chart1.xml":
                data = data.replace(b'<c:ptCount val="10"/>', b'<c:ptCount val="x"/>', 1)
            target.writestr(info, data, compress_type=info.compress_type)
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    chart = chart_of(tmp_path / "out" / "2020" / REPORT)
    assert chart["values"][0][0] == 95
    assert _height(chart) == 2880000  # the template's
