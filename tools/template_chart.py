"""The report's chart, written as code because Word cannot write what a run needs of it.

A run fills the chart of `templates_docx/bao_cao_tong_ket.docx` with a block's totals
(`pipeline/documents/chart.py`): it rewrites the chart part's categories, values and caches and
the embedded workbook. That binding needs a chart whose series are exactly the groups of
`pipeline.documents.chart.GROUPS`, in order, each over the same category range of the sheet
`SHEET`, with one bar per unit (a value in one series only) and Vietnamese number formats; Word's
chart dialog makes its own series and ranges and cannot be told to. So this one helper stays in
code when the templates are edited in Word: everything else about the chart (its size, colours,
fonts, where it stands) may be changed in Word, and a run keeps it.

The templates themselves are edited in Word or LibreOffice (the checker in
`pipeline/documents/template_check.py` and the tests guard them). Only when a template has lost its
chart, or a new one needs it, put a fresh chart where a paragraph reads `[BIỂU ĐỒ]`:

    python tools/template_chart.py templates_docx/bao_cao_tong_ket.docx /tmp/bao_cao_tong_ket.docx

It writes a new file and never the one it read; look at it in Word, then copy it over.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import xlsxwriter
import docx
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.documents.chart import GROUPS, PLOT_AREA, SHEET, ChartData, axis_bounds, workbook  # noqa: E402

FONT_NAME = "Times New Roman"
MARKER = "[BIỂU ĐỒ]"

CHART_HEIGHT_MM = 80.0
CHART_FONT_SIZE = 10
# Vietnamese number format (95,5) for the values; Word in another language uses its own
CHART_NUMBER_FORMAT = "[$-42A]General"
CHART_COLOURS = ("#2F5597", "#C00000", "#A6A6A6")  # proposed, barred, the others
CHART_SAMPLE_TOTALS = (97, 96.5, 95, 93, 92.5, 91, 90, 88.5, 87, 85)
CHART_SAMPLE_GROUPS = (0, 0, 0, 1, 0, 2, 2, 2, 2, 2)  # index into pipeline.documents.chart.GROUPS
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RT_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def chart_sample() -> ChartData:
    """The data the template's chart shows in Word before a run fills in a block's."""
    totals = [Decimal(str(t)) for t in CHART_SAMPLE_TOTALS]
    groups = tuple(
        tuple(t if g == index else None for t, g in zip(totals, CHART_SAMPLE_GROUPS)) for index in range(len(GROUPS))
    )
    names = tuple(f"Đơn vị thành viên {i}" for i in range(1, len(totals) + 1))
    return ChartData(names, groups, *axis_bounds(totals))


def chart_xml(data: ChartData, workbook_rel_id: str) -> bytes:
    """The chart part: the bar chart XML that XlsxWriter writes (as Excel would) for the look we
    want, made a Word chart part: a Times New Roman default for every text, the language, no
    rounded corners or automatic title, and the link to its embedded workbook."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(SHEET)
    rows = len(data.categories)
    sheet.write_column(1, 0, data.categories)
    font = {"name": FONT_NAME, "size": CHART_FONT_SIZE}
    chart = book.add_chart({"type": "bar"})
    for index, (name, values, colour) in enumerate(zip(GROUPS, data.groups, CHART_COLOURS)):
        sheet.write_string(0, index + 1, name)
        for row, value in enumerate(values, start=1):
            if value is not None:
                sheet.write_number(row, index + 1, float(value))
        chart.add_series({
            "name": [SHEET, 0, index + 1],
            "categories": [SHEET, 1, 0, rows, 0],
            "values": [SHEET, 1, index + 1, rows, index + 1],
            "fill": {"color": colour},
            "border": {"none": True},
            "gap": 50,
            "overlap": 100,  # one bar per unit: each unit has a value in one series only
            "data_labels": {"value": True, "position": "outside_end", "font": font, "num_format": CHART_NUMBER_FORMAT},
        })
    chart.set_x_axis({
        "min": float(data.minimum), "max": float(data.maximum), "major_unit": float(data.step),
        "num_font": font, "num_format": CHART_NUMBER_FORMAT,
        "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9", "width": 0.75}},
        "line": {"none": True},
    })
    chart.set_y_axis({"reverse": True, "num_font": font, "crossing": "max"})  # best at the top
    chart.set_legend({"position": "bottom", "font": font})
    chart.set_chartarea({"border": {"none": True}})
    # the plot area placed by hand (Word: Format Plot Area), as the run would place it (PLOT_AREA)
    chart.set_plotarea({"layout": {"x": PLOT_AREA["x"], "y": PLOT_AREA["y"], "width": PLOT_AREA["w"],
                                   "height": PLOT_AREA["h"]}})
    sheet.insert_chart("F2", chart)
    book.close()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        root = etree.fromstring(archive.read("xl/charts/chart1.xml"))

    def c(tag: str) -> str:
        return f"{{{C_NS}}}{tag}"

    root.find(c("lang")).set("val", "vi-VN")
    root.find(c("lang")).addnext(etree.Element(c("roundedCorners"), val="0"))
    root.find(c("chart")).insert(0, etree.Element(c("autoTitleDeleted"), val="1"))
    for labels in root.iter(c("dLbls")):
        # every flag spelt out, as Word writes them: LibreOffice reads a missing one as "shown"
        for flag in labels.findall(c("dLblPos")) + [e for e in labels if e.tag.startswith(c("show"))]:
            labels.remove(flag)
        etree.SubElement(labels, c("dLblPos"), val="outEnd")
        for flag, shown in (("LegendKey", 0), ("Val", 1), ("CatName", 0), ("SerName", 0), ("Percent", 0),
                            ("BubbleSize", 0)):
            etree.SubElement(labels, c(f"show{flag}"), val=str(shown))
    settings = root.find(c("printSettings"))
    if settings is not None:
        root.remove(settings)
    text = etree.SubElement(root, c("txPr"))
    etree.SubElement(text, f"{{{A_NS}}}bodyPr")
    etree.SubElement(text, f"{{{A_NS}}}lstStyle")
    paragraph = etree.SubElement(text, f"{{{A_NS}}}p")
    defaults = etree.SubElement(etree.SubElement(paragraph, f"{{{A_NS}}}pPr"), f"{{{A_NS}}}defRPr",
                                sz=str(CHART_FONT_SIZE * 100))
    etree.SubElement(etree.SubElement(defaults, f"{{{A_NS}}}solidFill"), f"{{{A_NS}}}srgbClr", val="000000")
    for script in ("latin", "ea", "cs"):
        etree.SubElement(defaults, f"{{{A_NS}}}{script}", typeface=FONT_NAME)
    etree.SubElement(paragraph, f"{{{A_NS}}}endParaRPr", lang="vi-VN")
    external = etree.SubElement(root, c("externalData"), {f"{{{R_NS}}}id": workbook_rel_id})
    etree.SubElement(external, c("autoUpdate"), val="0")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_chart(paragraph: Paragraph, width_mm: float, when: dt.date) -> None:
    """The chart of totals, inline in `paragraph`, `width_mm` wide, with its embedded workbook
    (what Word's "Edit data" opens) dated `when`."""
    data = chart_sample()
    package = paragraph.part.package
    embedded = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), CT_XLSX,
                    workbook(data, GROUPS, when), package)
    part = Part(package.next_partname("/word/charts/chart%d.xml"), CT_CHART, b"", package)
    part._blob = chart_xml(data, part.relate_to(embedded, RT_PACKAGE))
    rel_id = paragraph.part.relate_to(part, RT_CHART)
    cx, cy = int(Mm(width_mm)), int(Mm(CHART_HEIGHT_MM))
    drawing = (
        f'<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:docPr id="1001" name="Biểu đồ tổng điểm" descr="Biểu đồ tổng điểm thi đua của các đơn vị"/>'
        "<wp:cNvGraphicFramePr/>"
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{C_NS}">'
        f'<c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{rel_id}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing>"
    )
    paragraph.add_run()._r.append(parse_xml(drawing))


def put_chart(source: Path, target: Path, when: dt.date) -> int:
    """A copy of the template `source` at `target` with a fresh chart in place of each `MARKER`
    paragraph, as wide as the text; the number of charts put."""
    document = docx.Document(str(source))
    section = document.sections[0]
    width_mm = (section.page_width - section.left_margin - section.right_margin) / Mm(1)
    put = 0
    for paragraph in document.paragraphs:
        if paragraph.text.strip() == MARKER:
            for run in list(paragraph.runs):
                run._r.getparent().remove(run._r)
            add_chart(paragraph, width_mm, when)
            put += 1
    if put:
        document.save(str(target))
    return put


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=f"Đặt biểu đồ tổng điểm vào chỗ đoạn {MARKER} của một mẫu .docx.")
    parser.add_argument("vao", type=Path, help="mẫu .docx có một đoạn chỉ gồm " + MARKER)
    parser.add_argument("ra", type=Path, help="tệp .docx mới (không được là tệp đã có)")
    args = parser.parse_args(argv)
    if args.ra.exists() or args.ra.resolve() == args.vao.resolve():
        print(f"Lỗi: {args.ra} đã có; chọn một tên tệp mới, mẫu gốc không bị ghi đè.", file=sys.stderr)
        return 2
    if not args.vao.is_file():
        print(f"Lỗi: không thấy {args.vao}.", file=sys.stderr)
        return 2
    put = put_chart(args.vao, args.ra, dt.date.today())
    if not put:
        print(f"Lỗi: {args.vao} không có đoạn nào chỉ gồm {MARKER}; gõ {MARKER} thành một đoạn riêng, "
              "ngoài mọi bảng, vào chỗ đặt biểu đồ rồi chạy lại.",
              file=sys.stderr)
        return 1
    print(f"Đã ghi {args.ra} ({put} biểu đồ).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
