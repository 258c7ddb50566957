#!/usr/bin/env python3
"""A developer's convenience, no longer the source: the .docx files in ``templates_docx/`` are.

They are edited in Word or LibreOffice, by staff and developers alike (SPEC §3), and what this
builder once guaranteed by writing them byte for byte is now checked on the files themselves by
``pipeline/documents/template_check.py`` (the tests and every run). Re-running it overwrites
every edit made in Word; it stays only until the templates it still writes are settled, and the
report's chart lives in ``tools/template_chart.py``, which outlives it.

Builds the Word templates of ``templates_docx/`` with python-docx.

The templates follow the state format for administrative documents
(Nghị định 30/2020/NĐ-CP, Phụ lục I): A4 portrait, margins 20/20/30/15 mm,
Times New Roman in black, a borderless two-column header, page numbers centred
in the top margin from page 2 on, the signature block and ``Nơi nhận:``.

The fill-in places use docxtpl/Jinja syntax and only the field names listed in
``docs/truong_mau.md``. Rules kept everywhere so docxtpl can read the files:

* every Jinja tag is written whole inside one run;
* a ``{%p ... %}`` tag stands alone in its own paragraph;
* a ``{%tr ... %}`` tag stands alone in the first cell of its own table row.

Usage::

    python tools/build_templates.py              # writes templates_docx/*.docx
    python tools/build_templates.py --out DIR

The output is byte-identical on every run (fixed document properties and zip
timestamps), so rebuilt templates only show up in ``git status`` when changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Union

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import _Header
from docx.shared import Mm, Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import template_chart  # noqa: E402  (tools/, beside this file)
from pipeline.documents.archive import write_zip  # noqa: E402

# --------------------------------------------------------------------------- #
# Page and typography constants
# --------------------------------------------------------------------------- #

FONT_NAME = "Times New Roman"
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 20.0
MARGIN_BOTTOM_MM = 20.0
MARGIN_LEFT_MM = 30.0
MARGIN_RIGHT_MM = 15.0
HEADER_DISTANCE_MM = 10.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165 mm

BODY_SIZE = 14.0
FIRST_LINE_INDENT_MM = 12.7
BODY_SPACE_AFTER = 6.0
BODY_LINE_SPACING = 1.2
TABLE_TEXT_SIZE = 12.0

# Header table: 72 mm | 93 mm, with narrow cell margins. On the right,
# "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" at 12 pt bold (about 88 mm) and the
# place and date at 13 pt italic (under 90 mm even for "Bà Rịa - Vũng Tàu")
# fit one line; on the left, the sample block's name breaks where a clerk
# would break it: "KHỐI THI ĐUA CÁC CƠ QUAN" (13 pt bold, about 67 mm) /
# "THAM MƯU - TỔNG HỢP". At 65 | 100 it broke inside "TỔNG / HỢP".
HEADER_COLUMNS_MM = (72.0, 93.0)
NATIONAL_NAME_SIZE = 12.0
MOTTO_SIZE = 13.0
PLACE_DATE_SIZE = 13.0
HEADER_CELL_MARGIN_MM = 0.5
# Cell margin of the unit tables: narrow, so headings such as "Hạng" or
# "thưởng" (12 pt bold) are not broken inside a word.
UNIT_TABLE_CELL_MARGIN_MM = 1.0
# Rule lengths: short under the issuing body, as long as
# "Độc lập - Tự do - Hạnh phúc" (13 pt bold, about 56 mm) under the motto,
# and about a third of the line under the subject (trích yếu).
ISSUER_RULE_MM = 30.0
MOTTO_RULE_MM = 56.0
SUBJECT_RULE_MM = 40.0
SIGNATURE_COLUMNS_MM = (80.0, 85.0)

# Fixed values that make every build byte-identical.
FIXED_DATETIME = dt.datetime(2020, 1, 1, 0, 0, 0)
ZIP_DATE = dt.date(1980, 1, 1)

# One commitment of ``nhiem_vu``, numbered; a final ";" (or "." on the last)
# is added when the text as typed ends without punctuation.
NUMBERED_COMMITMENT = (
    "{{ loop.index }}. {{ nv }}{% if nv[-1:] not in '.;:!?' %}"
    "{% if loop.last %}.{% else %};{% endif %}{% endif %}"
)

BODY_STYLE_ID = "NoiDungVanBan"
BODY_STYLE_NAME = "Nội dung văn bản"

# Child order of w:rPr and w:pPr in the WordprocessingML schema; new children
# are inserted at their place so Word never sees an out-of-order element.
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz "
    "szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang "
    "eastAsianLayout specVanish oMath"
).split()
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
    "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr "
    "sectPr pPrChange"
).split()
TCPR_ORDER = (
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark"
).split()

Container = Union[DocxDocument, _Cell, _Header]

# --------------------------------------------------------------------------- #
# Low-level XML helpers
# --------------------------------------------------------------------------- #


def mm_to_twips(value_mm: float) -> int:
    """Convert millimetres to twentieths of a point (dxa)."""
    return round(value_mm * 1440 / 25.4)


def margin(value_mm: float) -> Twips:
    """A page margin of at least ``value_mm``: rounded up to whole twips, so
    that 15 mm is stored as 851 twips (15.01 mm), not 850 (14.99 mm), and a
    margin at the edge of the range of the decree stays inside it."""
    return Twips(math.ceil(value_mm * 1440 / 25.4))


def set_ordered_child(
    parent: BaseOxmlElement, tag: str, order: Sequence[str], **attrs: str
) -> BaseOxmlElement:
    """Replace child ``w:<tag>`` of ``parent`` by a new one at its schema place."""
    for old in parent.findall(qn(f"w:{tag}")):
        parent.remove(old)
    child = OxmlElement(f"w:{tag}")
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    later = order[order.index(tag) + 1 :]
    parent.insert_element_before(child, *(f"w:{name}" for name in later))
    return child


def set_rpr_font(
    rpr: BaseOxmlElement,
    *,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    lang: bool = False,
) -> None:
    """Set Times New Roman (all four scripts), black colour and optional format."""
    fonts = set_ordered_child(rpr, "rFonts", RPR_ORDER)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT_NAME)
    if bold is not None:
        set_ordered_child(rpr, "b", RPR_ORDER, val="1" if bold else "0")
        set_ordered_child(rpr, "bCs", RPR_ORDER, val="1" if bold else "0")
    if italic is not None:
        set_ordered_child(rpr, "i", RPR_ORDER, val="1" if italic else "0")
        set_ordered_child(rpr, "iCs", RPR_ORDER, val="1" if italic else "0")
    set_ordered_child(rpr, "color", RPR_ORDER, val="000000")
    if size is not None:
        half_points = str(round(size * 2))
        set_ordered_child(rpr, "sz", RPR_ORDER, val=half_points)
        set_ordered_child(rpr, "szCs", RPR_ORDER, val=half_points)
    if lang:
        set_ordered_child(rpr, "lang", RPR_ORDER, val="vi-VN", eastAsia="vi-VN", bidi="ar-SA")


def get_or_add_ppr_rpr(ppr: BaseOxmlElement) -> BaseOxmlElement:
    """Return the ``w:rPr`` (paragraph mark format) of a ``w:pPr``."""
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        later = PPR_ORDER[PPR_ORDER.index("rPr") + 1 :]
        ppr.insert_element_before(rpr, *(f"w:{name}" for name in later))
    return rpr


def place_rpr(parent: BaseOxmlElement) -> BaseOxmlElement:
    """Return the ``w:rPr`` of a ``w:style`` or ``w:tblStylePr``, created if
    needed, placed after ``w:pPr`` and before the table properties."""
    rpr = parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
    else:
        parent.remove(rpr)
    ppr = parent.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(rpr)
        return rpr
    for tag in ("w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"):
        anchor = parent.find(qn(tag))
        if anchor is not None:
            anchor.addprevious(rpr)
            return rpr
    parent.append(rpr)
    return rpr


def style_run(run: Run, size: float, bold: bool = False, italic: bool = False) -> None:
    """Apply the document font to one run, explicitly on the run itself."""
    set_rpr_font(run._r.get_or_add_rPr(), size=size, bold=bold, italic=italic)


def set_paragraph_mark(paragraph: Paragraph, size: float, bold: bool = False) -> None:
    """Format the paragraph mark, so an empty line has the intended height."""
    ppr = paragraph._p.get_or_add_pPr()
    set_rpr_font(get_or_add_ppr_rpr(ppr), size=size, bold=bold)


def set_bottom_border(paragraph: Paragraph, size_eighths: int = 6) -> None:
    """Give a paragraph a single black bottom border (a horizontal rule)."""
    ppr = paragraph._p.get_or_add_pPr()
    pbdr = set_ordered_child(ppr, "pBdr", PPR_ORDER)
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    pbdr.append(bottom)


# --------------------------------------------------------------------------- #
# Paragraph helpers
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class R:
    """One run of text with its own format (``None`` keeps the paragraph's)."""

    text: str
    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None


def new_paragraph(container: Container) -> Paragraph:
    """A new paragraph; reuses the untouched first paragraph of a fresh cell
    or header (dropping the header's "Header" style, which is not kept)."""
    if isinstance(container, _Header):
        paragraphs = container.paragraphs
        if len(paragraphs) == 1 and not paragraphs[0].runs:
            ppr = paragraphs[0]._p.pPr
            if ppr is not None:
                for style_ref in ppr.findall(qn("w:pStyle")):
                    ppr.remove(style_ref)
            return paragraphs[0]
    if isinstance(container, _Cell):
        paragraphs = container.paragraphs
        if len(paragraphs) == 1 and not paragraphs[0].runs and paragraphs[0]._p.pPr is None:
            return paragraphs[0]
    return container.add_paragraph()


def add_par(
    container: Container,
    content: str | Sequence[R] = "",
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
    first_indent_mm: float = 0.0,
    before: float = 0.0,
    after: float = 0.0,
    line: float | None = None,
    keep_next: bool = False,
    style: str | None = None,
) -> Paragraph:
    """Add a paragraph of one or more runs with explicit direct formatting."""
    paragraph = new_paragraph(container)
    if style is not None:
        paragraph.style = style
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Mm(first_indent_mm) if first_indent_mm else None
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line if line is not None else 1.0
    if keep_next:
        fmt.keep_with_next = True
    set_paragraph_mark(paragraph, size, bold)
    runs = [R(content)] if isinstance(content, str) else list(content)
    for spec in runs:
        if not spec.text:
            continue
        run = paragraph.add_run(spec.text)
        style_run(
            run,
            size=spec.size if spec.size is not None else size,
            bold=spec.bold if spec.bold is not None else bold,
            italic=spec.italic if spec.italic is not None else italic,
        )
    return paragraph


def add_body(
    container: Container,
    content: str | Sequence[R],
    *,
    bold: bool = False,
    italic: bool = False,
    keep_next: bool = False,
) -> Paragraph:
    """A body paragraph: 14 pt, justified, first-line indent, 6 pt after."""
    return add_par(
        container,
        content,
        bold=bold,
        italic=italic,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_indent_mm=FIRST_LINE_INDENT_MM,
        after=BODY_SPACE_AFTER,
        line=BODY_LINE_SPACING,
        keep_next=keep_next,
        style=BODY_STYLE_NAME,
    )


def add_heading(container: Container, text: str) -> Paragraph:
    """A numbered section heading (``I. KẾT QUẢ ...``): bold body paragraph."""
    paragraph = add_body(container, text, bold=True, keep_next=True)
    paragraph.paragraph_format.space_before = Pt(6)
    return paragraph


def add_tag(container: Container, tag: str) -> Paragraph:
    """A paragraph holding only a ``{%p ... %}`` tag (docxtpl removes it)."""
    if not tag.startswith("{%p ") or not tag.endswith(" %}"):
        raise ValueError(f"not a paragraph tag: {tag!r}")
    return add_par(container, tag, size=BODY_SIZE)


def add_centered(
    container: Container,
    content: str | Sequence[R],
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    before: float = 0.0,
    after: float = 0.0,
    keep_next: bool = False,
) -> Paragraph:
    """A centred single-spaced paragraph."""
    return add_par(
        container,
        content,
        size=size,
        bold=bold,
        italic=italic,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=before,
        after=after,
        keep_next=keep_next,
    )


def add_rule(container: Container, rule_mm: float, available_mm: float) -> Paragraph:
    """A centred horizontal rule ``rule_mm`` long: an empty paragraph, indented
    on both sides, with a bottom border and a 3 pt exact line height, so the
    rule sits just under the line above it."""
    paragraph = new_paragraph(container)
    fmt = paragraph.paragraph_format
    indent = max((available_mm - rule_mm) / 2.0, 0.0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.left_indent = Mm(indent)
    fmt.right_indent = Mm(indent)
    fmt.first_line_indent = None
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(3)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.keep_with_next = True
    set_bottom_border(paragraph)
    set_paragraph_mark(paragraph, 11.0)
    return paragraph


def add_end(document: DocxDocument) -> None:
    """The paragraph a document needs after its last table, one point high: an ordinary empty
    line there spills onto a page of its own when the table ends at the foot of a page."""
    paragraph = add_par(document, "", size=1)
    paragraph.paragraph_format.line_spacing = Pt(1)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def add_page_break(document: DocxDocument) -> None:
    """A page break in a paragraph of its own."""
    paragraph = add_par(document, "")
    run = paragraph.add_run()
    style_run(run, BODY_SIZE)
    run.add_break(WD_BREAK.PAGE)


def add_page_field(paragraph: Paragraph, size: float) -> None:
    """Append a PAGE field (complex field) to ``paragraph``."""

    def field_run() -> Run:
        run = paragraph.add_run()
        style_run(run, size)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    field_run()._r.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    field_run()._r.append(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    field_run()._r.append(separate)
    shown = field_run()
    shown.text = "2"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    field_run()._r.append(end)


# --------------------------------------------------------------------------- #
# Table helpers
# --------------------------------------------------------------------------- #


def _border_set(parent: BaseOxmlElement, val: str, size: int) -> None:
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), val)
        element.set(qn("w:sz"), str(size))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000" if val != "none" else "auto")
        parent.append(element)


def new_table(
    container: Container,
    rows: int,
    widths_mm: Sequence[float],
    *,
    borders: bool,
    cell_margin_mm: float = 1.9,
) -> Table:
    """A fixed-layout table exactly ``sum(widths_mm)`` wide, centred, with
    single black borders or explicitly no borders at all."""
    total_mm = sum(widths_mm)
    table = container.add_table(rows, len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False

    tbl_pr = table._tbl.tblPr
    for child in list(tbl_pr):
        if child.tag != qn("w:tblStyle"):
            tbl_pr.remove(child)
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:w"), str(mm_to_twips(total_mm)))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_pr.append(tbl_w)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "center")
    tbl_pr.append(jc)
    tbl_borders = OxmlElement("w:tblBorders")
    _border_set(tbl_borders, "single" if borders else "none", 4 if borders else 0)
    tbl_pr.append(tbl_borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    cell_mar = OxmlElement("w:tblCellMar")
    for edge, value in (("top", 0.0), ("left", cell_margin_mm), ("bottom", 0.0), ("right", cell_margin_mm)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(mm_to_twips(value)))
        element.set(qn("w:type"), "dxa")
        cell_mar.append(element)
    tbl_pr.append(cell_mar)
    look = OxmlElement("w:tblLook")
    look.set(qn("w:val"), "0000")
    look.set(qn("w:firstRow"), "0")
    look.set(qn("w:lastRow"), "0")
    look.set(qn("w:firstColumn"), "0")
    look.set(qn("w:lastColumn"), "0")
    look.set(qn("w:noHBand"), "1")
    look.set(qn("w:noVBand"), "1")
    tbl_pr.append(look)

    grid = table._tbl.tblGrid
    for grid_col, width in zip(grid.findall(qn("w:gridCol")), widths_mm):
        grid_col.set(qn("w:w"), str(mm_to_twips(width)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)
            if not borders:
                tc_pr = cell._tc.get_or_add_tcPr()
                tc_borders = set_ordered_child(tc_pr, "tcBorders", TCPR_ORDER)
                for edge in ("top", "left", "bottom", "right"):
                    element = OxmlElement(f"w:{edge}")
                    element.set(qn("w:val"), "nil")
                    tc_borders.append(element)
    return table


def set_row_flags(table: Table, row_index: int, *, header: bool = False) -> None:
    """Rows never split across pages; a header row repeats on every page."""
    tr_pr = table.rows[row_index]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def add_row_tag(table: Table, row_index: int, tag: str) -> None:
    """Put a ``{%tr ... %}`` tag alone in the first cell of a row."""
    if not tag.startswith("{%tr ") or not tag.endswith(" %}"):
        raise ValueError(f"not a row tag: {tag!r}")
    add_par(table.rows[row_index].cells[0], tag, size=TABLE_TEXT_SIZE)
    set_row_flags(table, row_index)


@dataclass(frozen=True)
class Column:
    """One column of a unit table: heading, width and the cell's text."""

    title: str
    width_mm: float
    value: str
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER


def add_unit_table(
    document: DocxDocument,
    columns: Sequence[Column],
    loop_open: str,
    *,
    size: float = TABLE_TEXT_SIZE,
    keep_together: bool = False,
) -> Table:
    """A bordered table: a repeated header row, then one row per item of a
    ``{%tr for ... %}`` loop. Rows do not split; long names wrap. `keep_together` (a short table:
    the candidates of a form, the units proposed): every row keeps with the next, so the table
    moves to the next page whole rather than leave its header and a row alone at a page's foot."""
    widths = [column.width_mm for column in columns]
    table = new_table(
        document, 4, widths, borders=True, cell_margin_mm=UNIT_TABLE_CELL_MARGIN_MM
    )
    header = table.rows[0]
    for cell, column in zip(header.cells, columns):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        add_centered(cell, column.title, size=size, bold=True, before=3, after=3)
    set_row_flags(table, 0, header=True)
    add_row_tag(table, 1, loop_open)
    for cell, column in zip(table.rows[2].cells, columns):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        add_par(cell, column.value, size=size, align=column.align, before=3, after=3)
    set_row_flags(table, 2)
    add_row_tag(table, 3, "{%tr endfor %}")
    if keep_together:
        for row in (table.rows[0], table.rows[2]):
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    return table


# --------------------------------------------------------------------------- #
# Document skeleton: page, styles, header, title, signature
# --------------------------------------------------------------------------- #


def new_document(title: str, page_numbers: bool = True) -> DocxDocument:
    """An empty A4 document with the state-format page and Times New Roman
    in every style (document defaults, Normal, table styles, all others)."""
    document = Document()
    section = document.sections[0]
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = margin(MARGIN_TOP_MM)
    section.bottom_margin = margin(MARGIN_BOTTOM_MM)
    section.left_margin = margin(MARGIN_LEFT_MM)
    section.right_margin = margin(MARGIN_RIGHT_MM)
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.footer_distance = Mm(HEADER_DISTANCE_MM)
    section.gutter = Mm(0)
    # A line ended by a soft break (Alt+Enter in a TongKet cell, a task, a reason) is not spread
    # across a justified paragraph: Word's and LibreOffice's default would space its words out.
    compat = document.settings.element.find(qn("w:compat"))
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))

    styles = document.styles
    styles_el = styles.element
    # Document defaults: Times New Roman 14 pt, Vietnamese, no spacing.
    doc_defaults = styles_el.find(qn("w:docDefaults"))
    rpr_default = doc_defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    set_rpr_font(rpr, size=BODY_SIZE, lang=True)
    ppr_default = doc_defaults.find(qn("w:pPrDefault"))
    ppr = ppr_default.find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    set_ordered_child(ppr, "spacing", PPR_ORDER, after="0", line="240", lineRule="auto")

    body_style = styles.add_style(BODY_STYLE_NAME, WD_STYLE_TYPE.PARAGRAPH)
    body_style.style_id = BODY_STYLE_ID
    body_style.base_style = styles["Normal"]
    body_style.quick_style = True
    body_fmt = body_style.paragraph_format
    body_fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body_fmt.first_line_indent = Mm(FIRST_LINE_INDENT_MM)
    body_fmt.space_after = Pt(BODY_SPACE_AFTER)
    body_fmt.line_spacing = BODY_LINE_SPACING

    # Every style, whatever its type: explicit fonts, black, no theme fonts.
    for style_el in styles_el.findall(qn("w:style")):
        is_body = style_el.get(qn("w:styleId")) in ("Normal", BODY_STYLE_ID)
        set_rpr_font(place_rpr(style_el), size=BODY_SIZE if is_body else None)
        for table_part in style_el.findall(qn("w:tblStylePr")):
            set_rpr_font(place_rpr(table_part))

    properties = document.core_properties
    properties.title = title
    properties.subject = ""
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.language = "vi-VN"
    properties.revision = 1
    properties.created = FIXED_DATETIME
    properties.modified = FIXED_DATETIME
    properties.last_printed = FIXED_DATETIME

    if page_numbers:
        _add_page_numbers(document)
    return document


def _add_page_numbers(document: DocxDocument) -> None:
    """Page number centred in the top margin, none on the first page."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    add_par(first, "", size=BODY_SIZE)
    header = section.header
    header.is_linked_to_previous = False
    paragraph = add_par(header, "", size=BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_page_field(paragraph, BODY_SIZE)


def add_letterhead(document: DocxDocument, *, with_number: bool) -> None:
    """The two-column borderless header of Nghị định 30/2020/NĐ-CP."""
    left_mm, right_mm = HEADER_COLUMNS_MM
    inner_left = left_mm - 2 * HEADER_CELL_MARGIN_MM
    inner_right = right_mm - 2 * HEADER_CELL_MARGIN_MM
    table = new_table(
        document, 2, HEADER_COLUMNS_MM, borders=False, cell_margin_mm=HEADER_CELL_MARGIN_MM
    )
    left, right = table.rows[0].cells
    add_centered(left, "{{ co_quan_chu_quan }}", size=13)
    add_centered(left, "{{ ten_khoi_in_hoa }}", size=13, bold=True)
    add_rule(left, ISSUER_RULE_MM, inner_left)
    add_centered(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=NATIONAL_NAME_SIZE, bold=True)
    add_centered(right, "Độc lập - Tự do - Hạnh phúc", size=MOTTO_SIZE, bold=True)
    add_rule(right, MOTTO_RULE_MM, inner_right)
    number_cell, date_cell = table.rows[1].cells
    if with_number:
        add_centered(number_cell, "{{ so_ky_hieu }}", size=13, before=6)
    else:
        add_centered(number_cell, "", size=13, before=6)
    add_centered(date_cell, "{{ dia_danh_ngay }}", size=PLACE_DATE_SIZE, italic=True, before=6)
    for index in range(2):
        set_row_flags(table, index)


def add_title(document: DocxDocument, kind: str, subject: str | None) -> None:
    """Document type (capitals, bold) and subject (bold 14) with a rule."""
    add_centered(document, kind, size=14, bold=True, before=18, keep_next=True)
    if subject:
        add_centered(document, subject, size=14, bold=True, keep_next=True)
    add_rule(document, SUBJECT_RULE_MM, TEXT_WIDTH_MM)
    add_par(document, "", size=11, keep_next=True)


def add_signature(document: DocxDocument, recipients: Sequence[str]) -> None:
    """``Nơi nhận:`` on the left, ``TM. KHỐI THI ĐUA`` / ``TRƯỞNG KHỐI`` on the right."""
    table = new_table(document, 1, SIGNATURE_COLUMNS_MM, borders=False, cell_margin_mm=1.0)
    left, right = table.rows[0].cells
    add_recipient_lines(left, recipients, before=12)
    add_centered(right, "TM. KHỐI THI ĐUA", bold=True, before=12)
    add_centered(right, "TRƯỞNG KHỐI", bold=True)
    add_centered(right, "{{ nguoi_ky.chuc_danh }}", bold=True)
    for _ in range(4):
        add_centered(right, "")
    add_centered(right, "{{ nguoi_ky.ho_ten }}", bold=True)
    set_row_flags(table, 0)


# --------------------------------------------------------------------------- #
# The three templates
# --------------------------------------------------------------------------- #


def add_sections(doc: DocxDocument, field: str, keep_last: bool = False) -> None:
    """The staff's own sections of `TongKet`: a numbered heading, then each paragraph as typed.
    `keep_last`: the very last paragraph keeps with what follows (the closing lines)."""
    add_tag(doc, f"{{%p for m in {field} %}}")
    add_heading(doc, "{{ m.so }}. {{ m.tieu_de_in_hoa }}")
    add_tag(doc, "{%p for d in m.doan_van %}")
    if keep_last:
        add_tag(doc, f"{{%p if loop.last and m == {field}[-1] %}}")
        add_body(doc, "{{ d }}", keep_next=True)
        add_tag(doc, "{%p else %}")
        add_body(doc, "{{ d }}")
        add_tag(doc, "{%p endif %}")
    else:
        add_body(doc, "{{ d }}")
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p endfor %}")


def add_decisions(doc: DocxDocument) -> None:
    """Inside a loop over `khen_thuong` (`kt`): who fell short of the votes, and the tie the
    conference's order cut, each in a sentence."""
    add_tag(doc, "{%p if kt.khong_dat_phieu %}")
    add_body(
        doc,
        "Không được đề nghị {{ kt.hinh_thuc }} do chưa đạt tỷ lệ phiếu đồng ý tối thiểu "
        "({{ kt.ty_le_phieu }} tổng số đơn vị thành viên, tức {{ kt.so_phieu_can }} phiếu): "
        "{% for v in kt.khong_dat_phieu %}{{ v.ten }} (xếp {{ v.hang_chu }}, {{ v.phieu }}/{{ v.tren }} phiếu, "
        "bằng {{ v.ty_le }}){% if loop.last %}.{% else %}; {% endif %}{% endfor %}",
    )
    add_tag(doc, "{%p endif %}")
    add_tag(doc, "{%p if kt.dong_diem %}")
    add_body(
        doc,
        "{{ kt.dong_diem.so_don_vi }} đơn vị {{ kt.dong_diem.ten_cac_don_vi }} cùng đạt "
        "{{ kt.dong_diem.tong }} điểm (cùng xếp {{ kt.dong_diem.hang_chu }}) trong khi {{ kt.hinh_thuc }} "
        "chỉ còn {{ kt.dong_diem.so_suat }} suất; {{ kt.dong_diem.cach_chon }}, đề nghị "
        "{{ kt.dong_diem.duoc_chon }}; {{ kt.dong_diem.ten_bi_loai }} không được đề nghị {{ kt.hinh_thuc }}"
        "{% for b in kt.dong_diem.chuyen %}, {{ b.ten }} được xét và đề nghị {{ b.khen_thuong }}{% endfor %}.",
    )
    add_tag(doc, "{%p endif %}")


# `Nơi nhận` of a document sent up for information: the province, its emulation office, the members
TO_THE_PROVINCE = (
    "- {{ ubnd_tinh }} (b/c);",
    "- Ban Thi đua - Khen thưởng (Sở Nội vụ);",
    "- Các đơn vị thành viên khối;",
    "- Lưu: VT.",
)


def build_report() -> DocxDocument:
    """BÁO CÁO tổng kết công tác thi đua, khen thưởng năm {{ nam }}."""
    doc = new_document("Báo cáo tổng kết công tác thi đua, khen thưởng")
    add_letterhead(doc, with_number=True)
    add_title(doc, "BÁO CÁO", "Tổng kết công tác thi đua, khen thưởng năm {{ nam }}")

    # without the staff's own sections (no TongKet; the run warns) a short neutral opening, claiming
    # nothing the staff did not write
    add_tag(doc, "{%p if tong_ket_truoc or tong_ket_sau %}")
    add_body(
        doc,
        "Thực hiện các quy định của pháp luật về thi đua, khen thưởng và Quy chế hoạt "
        "động của Khối, ngay từ đầu năm {{ nam }} các đơn vị thành viên {{ ten_khoi }} "
        "đã ký kết giao ước thi đua, xây dựng kế hoạch và tổ chức các phong trào thi đua "
        "gắn với việc thực hiện nhiệm vụ chính trị của từng cơ quan, đơn vị.",
    )
    add_tag(doc, "{%p else %}")
    add_body(
        doc,
        "Báo cáo này tổng hợp kết quả chấm điểm, xếp hạng thi đua, đề nghị khen thưởng năm {{ nam }} và phương "
        "hướng, nhiệm vụ năm {{ nam_sau }} của {{ ten_khoi }}.",
    )
    add_tag(doc, "{%p endif %}")
    add_body(
        doc,
        "{{ ten_khoi }} gồm {{ so_don_vi }} đơn vị thành viên; năm {{ nam }}, "
        "{{ truong_khoi.ten }} là đơn vị Trưởng khối"
        "{% if pho_khoi %}, {{ pho_khoi.ten }} là đơn vị Phó khối{% endif %}. "
        "Hội nghị tổng kết công tác thi đua, khen thưởng năm {{ nam }} của Khối được tổ chức "
        "{{ ngay_thang_nam }}{% if dia_diem %} tại {{ dia_diem }}{% endif %}. Trên cơ sở kết "
        "quả tự chấm điểm của các đơn vị và kết quả chấm điểm, thẩm định của đơn vị Trưởng "
        "khối{% if pho_khoi %}, Phó khối{% endif %}, Hội nghị đã thảo luận, bình xét, thống nhất xếp hạng thi đua và "
        "đề nghị khen thưởng. Kết quả cụ thể như sau:",
    )

    add_sections(doc, "tong_ket_truoc")

    add_heading(doc, "{{ so_muc.ket_qua }}. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA")
    add_body(
        doc,
        "Tổng điểm của mỗi đơn vị được tính theo công thức: Tổng điểm = điểm các tiêu chí do Khối "
        "chấm + điểm thưởng − điểm trừ; tổng tự chấm tính theo cùng công thức, với điểm các tiêu "
        "chí do đơn vị tự chấm. Kết quả chấm điểm, xếp hạng thi đua năm {{ nam }} như sau:",
        keep_next=True,
    )
    ranking = [
        Column("Hạng", 12.0, "{{ dv.hang }}"),
        Column("Đơn vị", 41.0, "{{ dv.ten }}", WD_ALIGN_PARAGRAPH.LEFT),
        Column("Tự chấm", 14.0, "{{ dv.tu_cham }}"),
        Column("Điểm Khối chấm", 16.0, "{{ dv.diem_cham }}"),
        Column("Điểm thưởng", 16.0, "{{ dv.thuong }}"),
        Column("Điểm trừ", 13.0, "{{ dv.tru }}"),
        Column("Tổng điểm", 14.0, "{{ dv.khoi_cham }}"),
        Column("Đề nghị khen thưởng", 39.0, "{{ dv.cot_khen_thuong }}", WD_ALIGN_PARAGRAPH.LEFT),
    ]
    # With the year before, the same table with last year's rank beside this year's, in the same
    # page width: the name and award columns give up the room. A whole table under
    # `{%p if %}` rather than a `{%tc if %}` cell: a removed cell would leave the column grid too wide.
    add_tag(doc, "{%p if co_nam_truoc %}")
    with_year_before = [ranking[0], Column("Hạng năm {{ nam_truoc }}", 0.0, "{{ dv.hang_nam_truoc }}"), *ranking[1:]]
    # 11 pt in nine columns, so that the longest award name still takes two lines at most
    widths = (12.5, 13.0, 32.5, 13.0, 15.0, 15.0, 12.0, 14.0, 38.0)
    add_unit_table(
        doc, [replace(c, width_mm=w) for c, w in zip(with_year_before, widths, strict=True)], "{%tr for dv in don_vi %}",
        size=11.0,
    )
    add_tag(doc, "{%p else %}")
    add_unit_table(doc, ranking, "{%tr for dv in don_vi %}")
    add_tag(doc, "{%p endif %}")
    add_par(doc, "", size=11)
    add_tag(doc, "{%p if so_sanh_nam_truoc %}")
    add_body(doc, "{{ so_sanh_nam_truoc }}")
    add_tag(doc, "{%p endif %}")
    add_tag(doc, "{%p if cach_cham %}")
    add_body(doc, "{{ cach_cham }}")
    add_tag(doc, "{%p endif %}")
    add_tag(doc, "{%p if tham_dinh %}")
    add_body(doc, "{{ tham_dinh }}")
    add_tag(doc, "{%p endif %}")
    add_body(
        doc,
        "Khối có {{ so_don_vi }} đơn vị thành viên; tổng điểm cao nhất {{ so_lieu.cao_nhat }} điểm "
        "({{ so_lieu.don_vi_cao_nhat }}), thấp nhất {{ so_lieu.thap_nhat }} điểm "
        "({{ so_lieu.don_vi_thap_nhat }}), bình quân {{ so_lieu.trung_binh }} điểm. Hội nghị đề nghị "
        "khen thưởng {{ so_lieu.so_de_nghi }} đơn vị, gồm: {% for kt in khen_thuong %}{{ kt.hinh_thuc }} "
        "{{ kt.so_de_nghi }}/{{ kt.so_luong }} suất{% if loop.last %}.{% else %}; {% endif %}{% endfor %}",
    )
    # the ranks are the table's: a sentence only for who leads and who shares a rank
    add_body(doc, "Hội nghị thống nhất xếp hạng thi đua năm {{ nam }} như bảng trên. {{ xep_hang }}")
    add_chart(add_centered(doc, "", before=6, after=3, keep_next=True))
    add_centered(
        doc,
        "Biểu đồ tổng điểm thi đua năm {{ nam }} của các đơn vị thành viên",
        size=13,
        italic=True,
        after=6,
    )

    add_heading(doc, "{{ so_muc.de_nghi }}. ĐỀ NGHỊ KHEN THƯỞNG")
    add_body(
        doc,
        "Căn cứ kết quả xếp hạng, số lượng khen thưởng theo quy định{% if co_bo_phieu %}, kết quả bỏ "
        "phiếu{% endif %} và điều kiện của từng đơn vị, Hội nghị thống nhất đề nghị khen thưởng như sau:",
    )
    add_tag(doc, "{%p for kt in khen_thuong %}")
    add_body(
        doc,
        "{{ loop.index }}. {{ kt.hinh_thuc }} ({{ kt.so_luong }} suất"
        "{% if kt.ty_le_phieu %}, cần ít nhất {{ kt.so_phieu_can }}/{{ so_don_vi }} phiếu đồng ý"
        "{% endif %}), {% if kt.don_vi %}đề nghị {{ kt.so_de_nghi }} đơn vị"
        "{% if kt.con_trong != '00' %} (còn {{ kt.con_trong }} suất không có đơn vị đủ điều kiện){% endif %}:"
        "{% else %}không có đơn vị đủ điều kiện đề nghị.{% endif %}",
        keep_next=True,
    )
    add_tag(doc, "{%p for d in kt.don_vi %}")
    add_body(
        doc,
        "- {{ d.ten }} (xếp {{ d.hang_chu }}, {{ d.tong }} điểm{% if d.phieu %}, {{ d.phieu }} phiếu "
        "đồng ý{% endif %}){% if loop.last %}.{% else %};{% endif %}",
    )
    add_tag(doc, "{%p endfor %}")
    add_decisions(doc)
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p if khong_du_dieu_kien %}")
    add_body(
        doc,
        "Các đơn vị sau không đủ điều kiện đề nghị khen thưởng năm {{ nam }}:",
        keep_next=True,
    )
    add_tag(doc, "{%p for k in khong_du_dieu_kien %}")
    add_body(
        doc,
        "- {{ k.ten }} ({{ k.tong }} điểm, xếp {{ k.hang_chu }}), lý do: {{ k.ly_do }}"
        "{% if k.ly_do[-1:] not in '.;!?' %}{% if loop.last %}.{% else %};{% endif %}{% endif %}",
    )
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p endif %}")

    add_heading(doc, "{{ so_muc.truong_khoi }}. ĐƠN VỊ TRƯỞNG KHỐI, PHÓ KHỐI NĂM {{ nam_sau }}")
    add_body(
        doc,
        "Hội nghị đã thống nhất bầu đơn vị Trưởng khối, Phó khối năm {{ nam_sau }} như sau:",
        keep_next=True,
    )
    add_body(
        doc,
        "- Trưởng khối: {{ truong_khoi_nam_sau.ten }}"
        "{% if pho_khoi_nam_sau %};{% else %}.{% endif %}",
    )
    add_tag(doc, "{%p if pho_khoi_nam_sau %}")
    add_body(doc, "- Phó khối: {{ pho_khoi_nam_sau.ten }}.")
    add_tag(doc, "{%p endif %}")

    add_heading(doc, "{{ so_muc.nhiem_vu }}. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ nam_sau }}")
    add_body(
        doc,
        "Năm {{ nam_sau }}, các đơn vị thành viên Khối thống nhất ký kết giao ước thi đua và "
        "tập trung thực hiện tốt các nhiệm vụ trọng tâm sau:",
        keep_next=True,
    )
    # the last commitment (or the last paragraph of a closing `Kiến nghị` section) goes with the
    # closing sentence and the signatures: never a page holding only the closing lines
    add_tag(doc, "{%p for nv in nhiem_vu %}")
    add_tag(doc, "{%p if loop.last and not tong_ket_sau %}")
    add_body(doc, NUMBERED_COMMITMENT, keep_next=True)
    add_tag(doc, "{%p else %}")
    add_body(doc, NUMBERED_COMMITMENT)
    add_tag(doc, "{%p endif %}")
    add_tag(doc, "{%p endfor %}")
    add_sections(doc, "tong_ket_sau", keep_last=True)
    add_body(
        doc,
        "Trên đây là báo cáo tổng kết công tác thi đua, khen thưởng năm {{ nam }} của "
        "{{ ten_khoi }}. Các đơn vị thành viên tiếp tục đẩy mạnh các phong trào thi đua, "
        "phấn đấu hoàn thành xuất sắc nhiệm vụ năm {{ nam_sau }}./.",
        keep_next=True,
    )
    add_signature(doc, TO_THE_PROVINCE)
    add_end(doc)
    return doc


# --------------------------------------------------------------------------- #
# The report's chart: tools/template_chart.py (kept when this builder is retired)
# --------------------------------------------------------------------------- #


def add_chart(paragraph: Paragraph) -> None:
    template_chart.add_chart(paragraph, TEXT_WIDTH_MM, FIXED_DATETIME.date())


def add_proposed_table(doc: DocxDocument, size: float = TABLE_TEXT_SIZE) -> None:
    """The units proposed (`de_nghi`), one row each, with a column of votes when the meeting voted:
    the proposal's annex and the minutes hold the same table."""
    common = [
        Column("STT", 12.0, "{{ d.stt }}"),
        Column("Tên đơn vị", 55.0, "{{ d.ten }}", WD_ALIGN_PARAGRAPH.LEFT),
        Column("Hình thức khen thưởng", 44.0, "{{ d.hinh_thuc }}", WD_ALIGN_PARAGRAPH.LEFT),
        Column("Tổng điểm", 18.0, "{{ d.tong }}"),
        Column("Xếp hạng", 16.0, "{{ d.hang }}"),
    ]
    add_tag(doc, "{%p if co_bo_phieu %}")
    add_unit_table(doc, common + [Column("Số phiếu đồng ý", 20.0, "{{ d.phieu }}")], "{%tr for d in de_nghi %}",
                   size=size, keep_together=True)
    add_tag(doc, "{%p else %}")
    widths = (13.0, 62.0, 50.0, 22.0, 18.0)  # the room of the votes column shared out
    add_unit_table(doc, [Column(c.title, w, c.value, c.align) for c, w in zip(common, widths)],
                   "{%tr for d in de_nghi %}", size=size, keep_together=True)
    add_tag(doc, "{%p endif %}")


def build_proposal() -> DocxDocument:
    """TỜ TRÌNH về việc đề nghị khen thưởng năm {{ nam }}, with its annex."""
    doc = new_document("Tờ trình đề nghị khen thưởng")
    add_letterhead(doc, with_number=True)
    add_title(
        doc,
        "TỜ TRÌNH",
        "Về việc đề nghị khen thưởng thành tích phong trào thi đua năm {{ nam }}",
    )
    add_centered(doc, "Kính gửi: {{ kinh_gui }}.", after=12)

    add_tag(doc, "{%p for cc in can_cu %}")
    add_body(doc, "{{ cc }}", italic=True)
    add_tag(doc, "{%p endfor %}")
    add_body(
        doc,
        "{{ ten_khoi }} gồm {{ so_don_vi }} đơn vị thành viên. Hội nghị tổng kết công tác "
        "thi đua, khen thưởng năm {{ nam }} của Khối, tổ chức {{ ngay_thang_nam }}"
        "{% if dia_diem %} tại {{ dia_diem }}{% endif %}, đã đánh giá, chấm điểm, bình xét "
        "và xếp hạng thi đua các đơn vị thành viên{% if co_bo_phieu %}, bỏ phiếu đề nghị khen thưởng{% endif %}. "
        "Căn cứ kết quả bình xét, "
        "{{ ten_khoi }} kính đề nghị như sau:",
    )
    add_tag(doc, "{%p for kt in khen_thuong if kt.don_vi %}")
    add_body(
        doc,
        "{{ loop.index }}. Đề nghị {{ chu_tich_ubnd }} xem xét, "
        "{% if 'Chính phủ' in kt.hinh_thuc %}trình Thủ tướng Chính phủ tặng"
        "{% else %}quyết định tặng{% endif %} {{ kt.hinh_thuc }} cho "
        "{{ kt.so_de_nghi }} đơn vị:",
        keep_next=True,
    )
    add_tag(doc, "{%p for d in kt.don_vi %}")
    add_body(
        doc,
        "- {{ d.ten }} (tổng điểm {{ d.tong }}, xếp {{ d.hang_chu }}{% if d.phieu %}, {{ d.phieu }} phiếu "
        "đồng ý{% endif %}{% if khen_thuong_truoc[d.ma] %}; đã được khen thưởng: {{ khen_thuong_truoc[d.ma] }}"
        "{% endif %}){% if loop.last %}.{% else %};{% endif %}",
    )
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p endfor %}")
    add_body(doc, "(Có danh sách kèm theo)", italic=True)
    add_body(doc, "Hồ sơ kèm theo gồm:", keep_next=True)
    add_body(
        doc,
        "- Biên bản họp bình xét thi đua, khen thưởng năm {{ nam }} của Khối"
        "{% if co_bo_phieu %} (kèm kết quả kiểm phiếu){% endif %};",
    )
    add_tag(doc, "{%p for h in ho_so_thanh_tich %}")
    # the file name first: one long word at the end of a justified line would space the words out
    add_body(doc, "- Tệp {{ h.tep }}: báo cáo thành tích của {{ h.ten }};")
    add_tag(doc, "{%p endfor %}")
    add_body(doc, "- Danh sách đề nghị khen thưởng (phụ lục kèm theo).")
    add_body(
        doc, "{{ ten_khoi }} kính trình {{ kinh_gui }} xem xét, quyết định./.", keep_next=True
    )
    add_signature(
        doc,
        [
            "- Như trên;",
            "- Ban Thi đua - Khen thưởng (Sở Nội vụ);",
            "- Các đơn vị thành viên khối;",
            "- Lưu: VT.",
        ],
    )

    annex = add_centered(doc, "PHỤ LỤC", bold=True, keep_next=True)
    # the heading starts the page: a page-break paragraph after a signature that ends at the foot
    # of a page would stand alone on the next one and leave it blank
    annex.paragraph_format.page_break_before = True
    add_centered(
        doc, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {{ nam }}", bold=True, keep_next=True
    )
    add_centered(
        doc,
        "(Kèm theo Tờ trình số {{ so_van_ban }} {{ ngay_thang_nam }} "
        "của {{ ten_khoi }})",
        italic=True,
        keep_next=True,
    )
    add_rule(doc, SUBJECT_RULE_MM, TEXT_WIDTH_MM)
    add_par(doc, "", size=11, keep_next=True)
    add_proposed_table(doc, size=13)
    add_end(doc)
    return doc


SIGNING_ROOM_PT = 85.0  # about 3 cm to sign and seal


def add_signing_cell(cell: _Cell, unit: str, role_if: str) -> None:
    """One member's place on the pledge: its role in the block (`TRƯỞNG KHỐI`, `PHÓ KHỐI`) when the
    row has one, the unit and its head's title, room to sign and seal, the head's name."""
    add_tag(cell, role_if)
    add_centered(cell, f"{{{{ {unit}.vai_tro }}}}", size=13, bold=True, before=12)
    add_tag(cell, "{%p endif %}")
    add_centered(cell, f"{{{{ {unit}.ten_in_hoa }}}}", size=13, bold=True, before=6)
    add_centered(cell, f"{{{{ {unit}.chuc_vu_in_hoa }}}}", size=13, bold=True)
    add_tag(cell, f"{{%p for _ in {unit}.dong_them %}}")
    add_centered(cell, "", size=13, bold=True)
    add_tag(cell, "{%p endfor %}")
    room = add_centered(cell, "")
    room.paragraph_format.line_spacing = Pt(SIGNING_ROOM_PT)
    room.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    add_centered(cell, f"{{{{ {unit}.thu_truong }}}}", bold=True, after=6)


def build_pledge() -> DocxDocument:
    """BẢN GIAO ƯỚC THI ĐUA năm {{ nam_sau }}, with the heads' signing grid."""
    doc = new_document("Bản giao ước thi đua")
    add_letterhead(doc, with_number=False)
    add_title(
        doc,
        "BẢN GIAO ƯỚC THI ĐUA NĂM {{ nam_sau }}",
        "Của các đơn vị thành viên {{ ten_khoi }}",
    )
    add_body(
        doc,
        "Thực hiện các quy định của pháp luật về thi đua, khen thưởng và Quy chế hoạt động "
        "của Khối; nhằm tiếp tục đẩy mạnh các phong trào thi đua yêu nước, phấn đấu hoàn "
        "thành xuất sắc nhiệm vụ chính trị năm {{ nam_sau }},",
    )
    add_body(
        doc,
        "Hôm nay, {{ ngay_thang_nam }}{% if dia_diem %}, tại {{ dia_diem }}{% endif %}, "
        "{{ so_don_vi }} đơn vị thành viên {{ ten_khoi }}, do {{ truong_khoi_nam_sau.ten }} "
        "làm Trưởng khối{% if pho_khoi_nam_sau %}, {{ pho_khoi_nam_sau.ten }} làm Phó khối"
        "{% endif %}, thống nhất ký kết giao ước thi đua năm {{ nam_sau }} với những nội "
        "dung chủ yếu sau:",
    )
    add_tag(doc, "{%p for nv in nhiem_vu %}")
    add_body(doc, NUMBERED_COMMITMENT)
    add_tag(doc, "{%p endfor %}")
    add_body(
        doc,
        "Các đơn vị thành viên cam kết tổ chức thực hiện nghiêm túc các nội dung giao ước "
        "trên; định kỳ sơ kết, cuối năm tổng kết, chấm điểm và bình xét thi đua theo Quy "
        "chế hoạt động của Khối. Bản giao ước được lập thành {{ so_don_vi }} bản có giá trị "
        "như nhau, mỗi đơn vị thành viên giữ 01 bản./.",
    )
    add_centered(
        doc,
        "ĐẠI DIỆN CÁC ĐƠN VỊ THÀNH VIÊN KÝ GIAO ƯỚC",
        bold=True,
        before=12,
        after=6,
        keep_next=True,
    )
    # One table row per pair of units, never split across pages; each cell bottom-aligned, so the
    # heads' names stay level even when one unit's name wraps and the other's not. An odd last
    # unit gets a row of its own, centred. Four grid columns, each unit cell spanning two.
    quarter = TEXT_WIDTH_MM / 4.0
    grid = new_table(doc, 6, (quarter,) * 4, borders=False, cell_margin_mm=1.5)
    add_row_tag(grid, 0, "{%tr for hang in hang_ky_du %}")
    for first in (0, 2):
        grid.cell(1, first).merge(grid.cell(1, first + 1))
    for index in range(2):
        add_signing_cell(grid.rows[1].cells[index * 2], f"hang[{index}]", "{%p if hang[0].vai_tro or hang[1].vai_tro %}")
    set_row_flags(grid, 1)
    add_row_tag(grid, 2, "{%tr endfor %}")
    add_row_tag(grid, 3, "{%tr if o_ky_le %}")
    grid.cell(4, 1).merge(grid.cell(4, 2))
    add_signing_cell(grid.rows[4].cells[1], "o_ky_le", "{%p if o_ky_le.vai_tro %}")
    set_row_flags(grid, 4)
    add_row_tag(grid, 5, "{%tr endif %}")
    add_par(doc, "", size=11)
    add_recipients(doc, TO_THE_PROVINCE)
    add_end(doc)
    return doc


def add_two_signatures(document: DocxDocument, recipients: Sequence[str]) -> None:
    """Minutes: the secretary (`THƯ KÝ`) signs left, the chair (`CHỦ TRÌ`) right; `Nơi nhận:` below,
    in the same table row (which never splits), so it can never stand alone on the next page."""
    half = TEXT_WIDTH_MM / 2.0
    table = new_table(document, 1, (half, half), borders=False, cell_margin_mm=1.0)
    for cell, role, name in zip(table.rows[0].cells, ("THƯ KÝ", "CHỦ TRÌ"), ("{{ thu_ky.ho_ten }}", "{{ chu_tri.ho_ten }}")):
        add_centered(cell, role, bold=True, before=12)
        for _ in range(4):
            add_centered(cell, "")
        add_centered(cell, name, bold=True)
    add_recipient_lines(table.rows[0].cells[0], recipients, before=18)
    set_row_flags(table, 0)


def add_recipient_lines(cell: _Cell, recipients: Sequence[str], before: float = 6) -> None:
    """`Nơi nhận:` and its lines, at the left of `cell`."""
    add_par(cell, "Nơi nhận:", size=12, bold=True, italic=True, before=before)
    for entry in recipients:
        add_par(cell, entry, size=11)


def add_recipients(document: DocxDocument, recipients: Sequence[str]) -> None:
    """`Nơi nhận:` at the bottom left, in a borderless table row that never splits, where a
    document's signatures stand above it rather than beside it (the pledge)."""
    table = new_table(document, 1, SIGNATURE_COLUMNS_MM, borders=False, cell_margin_mm=1.0)
    add_recipient_lines(table.rows[0].cells[0], recipients)
    set_row_flags(table, 0)


def add_ballot_record(doc: DocxDocument) -> None:
    """Minutes, where a form was voted on: the counting board, who voted (present and in writing)
    and the ballots issued, returned and valid; dotted where staff gave none."""
    add_tag(doc, "{%p if co_bo_phieu %}")
    add_tag(doc, "{%p if ban_kiem_phieu %}")
    add_body(doc, "Ban kiểm phiếu gồm:", keep_next=True)
    add_tag(doc, "{%p for b in ban_kiem_phieu %}")
    add_body(doc, "- {{ b }}{% if loop.last %}.{% else %};{% endif %}")
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p else %}")
    add_body(doc, "Ban kiểm phiếu gồm: …………………………………………………………………………………………")
    add_tag(doc, "{%p endif %}")
    add_body(
        doc,
        "Tham gia biểu quyết: {{ bieu_quyet.so_tham_gia }}/{{ so_don_vi }} đơn vị thành viên ({{ so_du_hop }} đơn vị "
        "dự họp{% if bieu_quyet.so_van_ban != '00' %}, {{ bieu_quyet.so_van_ban }} đơn vị vắng mặt có ý kiến bằng "
        "văn bản: {{ bieu_quyet.don_vi_van_ban }}{% endif %}). Số phiếu phát ra: {{ so_phieu.phat_ra }}; số phiếu "
        "thu về: {{ so_phieu.thu_ve }}; số phiếu hợp lệ: {{ so_phieu.hop_le }}.",
    )
    add_tag(doc, "{%p endif %}")


def build_minutes() -> DocxDocument:
    """BIÊN BẢN họp bình xét thi đua, khen thưởng năm {{ nam }}: the review meeting's minutes."""
    doc = new_document("Biên bản họp bình xét thi đua, khen thưởng")
    add_letterhead(doc, with_number=True)
    add_title(doc, "BIÊN BẢN", "Họp bình xét thi đua, khen thưởng năm {{ nam }}")
    add_body(
        doc,
        "{% if gio_hop %}Vào hồi {{ gio_hop }}, {% else %}Vào {% endif %}{{ ngay_thang_nam }}"
        "{% if dia_diem %}, tại {{ dia_diem }}{% endif %}, {{ ten_khoi }} tổ chức họp bình xét thi đua, "
        "khen thưởng năm {{ nam }}.",
    )
    add_heading(doc, "I. THÀNH PHẦN")
    add_body(doc, "1. Chủ trì: {{ chu_tri.day_du }}.")
    add_body(doc, "2. Thư ký: {{ thu_ky.day_du }}{% if thu_ky.day_du[-1:] not in '.…' %}.{% endif %}")
    add_body(
        doc,
        "3. Dự họp: {{ so_du_hop }}/{{ so_don_vi }} đơn vị thành viên"
        "{% if vang %} (vắng {{ so_vang }} đơn vị){% endif %}, gồm:",
        keep_next=True,
    )
    add_tag(doc, "{%p for d in du_hop %}")
    add_body(doc, "- {{ d.ten }}: {{ d.dai_dien }}{% if loop.last %}.{% else %};{% endif %}")
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p if vang %}")
    add_body(doc, "Đơn vị vắng mặt:", keep_next=True)
    add_tag(doc, "{%p for v in vang %}")
    add_body(doc, "- {{ v.ten }} ({{ v.ghi_chu }}){% if loop.last %}.{% else %};{% endif %}")
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p endif %}")

    add_heading(doc, "II. NỘI DUNG")
    add_body(doc, "1. Kết quả chấm điểm, xếp hạng thi đua", bold=True, keep_next=True)
    add_body(
        doc,
        "Hội nghị đã nghe đơn vị Trưởng khối báo cáo kết quả tự chấm điểm của các đơn vị và kết quả chấm "
        "điểm, thẩm định của Khối; thống nhất kết quả chấm điểm, xếp hạng thi đua năm {{ nam }} như sau:",
        keep_next=True,
    )
    add_unit_table(
        doc,
        [
            Column("Hạng", 16.0, "{{ dv.hang }}"),
            Column("Đơn vị", 74.0, "{{ dv.ten }}", WD_ALIGN_PARAGRAPH.LEFT),
            Column("Tổng điểm", 22.0, "{{ dv.tong }}"),
            Column("Ghi chú", 53.0, "{{ dv.cot_khen_thuong if dv.ly_do_khong_du else '' }}", WD_ALIGN_PARAGRAPH.LEFT),
        ],
        "{%tr for dv in don_vi %}",
    )
    add_par(doc, "", size=11)
    add_body(doc, "2. Bình xét, bỏ phiếu đề nghị khen thưởng", bold=True, keep_next=True)
    add_ballot_record(doc)
    # who is barred comes first: it decides who stands for every form below, so the sentence that
    # opens the forms ("... như sau:") comes right before them, never before this list
    add_tag(doc, "{%p if khong_du_dieu_kien %}")
    add_body(doc, "Trước khi bình xét, Hội nghị xác định các đơn vị không đủ điều kiện đề nghị khen thưởng:", keep_next=True)
    add_tag(doc, "{%p for k in khong_du_dieu_kien %}")
    add_body(
        doc,
        "- {{ k.ten }} (xếp {{ k.hang_chu }}), lý do: {{ k.ly_do }}"
        "{% if k.ly_do[-1:] not in '.;!?' %}{% if loop.last %}.{% else %};{% endif %}{% endif %}",
    )
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p endif %}")
    add_body(
        doc,
        "Căn cứ kết quả xếp hạng, số lượng khen thưởng theo quy định{% if co_ty_le_phieu %}, tỷ lệ phiếu "
        "đồng ý tối thiểu{% endif %} và điều kiện của từng đơn vị, Hội nghị đã bình xét"
        "{% if co_bo_phieu %}, bỏ phiếu kín{% endif %} từng hình thức khen thưởng như sau:",
        keep_next=True,
    )
    add_tag(doc, "{%p for kt in khen_thuong %}")
    add_body(
        doc,
        "{{ loop.index }}) {{ kt.hinh_thuc }}: {{ kt.so_luong }} suất"
        "{% if kt.bo_phieu and kt.ty_le_phieu %}; đơn vị được đề nghị cần ít nhất {{ kt.so_phieu_can }}/{{ so_don_vi }} phiếu "
        "đồng ý ({{ kt.ty_le_phieu }} tổng số đơn vị thành viên){% endif %}.",
        keep_next=True,
    )
    add_tag(doc, "{%p if kt.bo_phieu %}")
    add_unit_table(
        doc,
        [
            Column("Hạng", 14.0, "{{ v.hang }}"),
            Column("Đơn vị được đề cử", 67.0, "{{ v.ten }}", WD_ALIGN_PARAGRAPH.LEFT),
            Column("Phiếu đồng ý", 26.0, "{{ v.phieu }}/{{ v.tren }}"),
            Column("Tỷ lệ", 22.0, "{{ v.ty_le }}"),
            Column("Kết quả", 36.0, "{{ v.ket_qua }}"),
        ],
        "{%tr for v in kt.ung_vien %}",
        keep_together=True,
    )
    add_par(doc, "", size=8)
    add_tag(doc, "{%p endif %}")
    add_decisions(doc)
    add_body(
        doc,
        "Kết quả: {% if kt.don_vi %}đề nghị {{ kt.so_de_nghi }} đơn vị ({{ kt.ten_cac_don_vi }})"
        "{% if not kt.bo_phieu %}, {% if hinh_thuc_bieu_quyet %}{{ hinh_thuc_bieu_quyet }}: {{ so_du_hop }}/"
        "{{ so_du_hop }} đơn vị dự họp nhất trí{% else %}hình thức biểu quyết: …………………………, số đơn vị nhất trí: "
        "……/{{ so_du_hop }}{% endif %}{% endif %}.{% else %}không có đơn vị đủ điều kiện đề nghị.{% endif %}",
    )
    add_tag(doc, "{%p endfor %}")

    add_body(doc, "3. Danh sách đề nghị khen thưởng", bold=True, keep_next=True)
    add_tag(doc, "{%p if de_nghi %}")
    add_body(doc, "Hội nghị thống nhất đề nghị khen thưởng năm {{ nam }} như sau:", keep_next=True)
    add_proposed_table(doc)
    add_par(doc, "", size=11)
    add_tag(doc, "{%p else %}")
    add_body(doc, "Hội nghị không đề nghị đơn vị nào được khen thưởng năm {{ nam }}.")
    add_tag(doc, "{%p endif %}")

    add_body(doc, "4. Bầu đơn vị Trưởng khối, Phó khối năm {{ nam_sau }}", bold=True, keep_next=True)
    # the last paragraphs go with the signatures: never a page holding only the closing lines
    add_body(
        doc,
        "Hội nghị thống nhất bầu {{ truong_khoi_nam_sau.ten }} làm Trưởng khối"
        "{% if pho_khoi_nam_sau %}, {{ pho_khoi_nam_sau.ten }} làm Phó khối{% endif %} năm {{ nam_sau }}.",
        keep_next=True,
    )
    add_body(
        doc,
        "Cuộc họp kết thúc vào hồi {{ gio_ket_thuc }} cùng ngày. Biên bản được lập xong tại cuộc họp, đã đọc "
        "lại cho các đại biểu dự họp cùng nghe và nhất trí thông qua./.",
        keep_next=True,
    )
    add_two_signatures(
        doc,
        [
            "- Ban Thi đua - Khen thưởng (Sở Nội vụ);",
            "- Các đơn vị thành viên khối;",
            "- Lưu: VT."
        ],
    )
    add_end(doc)
    return doc


def build_ballot_paper() -> DocxDocument:
    """PHIẾU BẦU: one copy per member, each on its own page, a box to tick per candidate."""
    doc = new_document("Phiếu bầu bình xét thi đua, khen thưởng", page_numbers=False)  # each page a ballot
    add_tag(doc, "{%p for ban in ban_phieu %}")
    add_letterhead(doc, with_number=False)
    add_title(doc, "PHIẾU BẦU", "Bình xét thi đua, khen thưởng năm {{ nam }}")
    add_body(
        doc,
        "Đồng ý đề nghị đơn vị nào thì đánh dấu X vào ô của đơn vị đó ở cột “Đồng ý”; mỗi hình thức đánh "
        "dấu không quá số suất đề nghị. Phiếu đánh dấu quá số suất của một hình thức không hợp lệ đối với "
        "hình thức đó.",
        italic=True,
    )
    add_tag(doc, "{%p for kt in bau %}")
    add_body(
        doc,
        "{{ loop.index }}. {{ kt.hinh_thuc }}: đề nghị không quá {{ kt.so_luong }} đơn vị (đơn vị được đề nghị "
        "cần ít nhất {{ kt.so_phieu_can }}/{{ so_don_vi }} phiếu đồng ý, {{ kt.ty_le_phieu }} tổng số đơn vị "
        "thành viên).",
        bold=True,
        keep_next=True,
    )
    add_unit_table(
        doc,
        [
            Column("STT", 13.0, "{{ u.stt }}"),
            Column("Tên đơn vị", 88.0, "{{ u.ten }}", WD_ALIGN_PARAGRAPH.LEFT),
            Column("Tổng điểm", 22.0, "{{ u.tong }}"),
            Column("Xếp hạng", 20.0, "{{ u.hang }}"),
            Column("Đồng ý", 22.0, ""),
        ],
        "{%tr for u in kt.ung_vien %}",
        size=13,
    )
    add_par(doc, "", size=11)
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p if not loop.last %}")
    add_page_break(doc)
    add_tag(doc, "{%p endif %}")
    add_tag(doc, "{%p endfor %}")
    return doc



# --------------------------------------------------------------------------- #
# The achievement report of each proposed unit (báo cáo thành tích)
# --------------------------------------------------------------------------- #

# a dotted line to write on by hand, as long as a line of 14 pt body text
WRITING_LINE = "…" * 32
HONOUR_COLUMNS_MM = (18.0, 62.0, 85.0)


def add_hint(doc: DocxDocument, text: str, lines: int) -> None:
    """Where the unit gave nothing: what to write, in italics, and dotted lines to write on."""
    add_body(doc, text, italic=True)
    for _ in range(lines):
        add_par(doc, WRITING_LINE, after=BODY_SPACE_AFTER, line=BODY_LINE_SPACING)


def add_honour_table(doc: DocxDocument, field: str, kind: str, decision: str) -> None:
    """Năm | title or form | its decision: one row per `LichSu` row of the unit, or rows to fill
    by hand under a hint when there is none."""
    table = new_table(doc, 7, HONOUR_COLUMNS_MM, borders=True, cell_margin_mm=UNIT_TABLE_CELL_MARGIN_MM)
    for cell, title in zip(table.rows[0].cells, ("Năm", kind, decision)):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        add_centered(cell, title, size=TABLE_TEXT_SIZE, bold=True, before=3, after=3)
    set_row_flags(table, 0, header=True)
    add_row_tag(table, 1, f"{{%tr for h in {field} %}}")
    for cell, value, align in zip(table.rows[2].cells, ("{{ h.nam }}", "{{ h.ten }}", "{{ h.quyet_dinh }}"),
                                  (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.LEFT)):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        add_par(cell, value, size=TABLE_TEXT_SIZE, align=align, before=3, after=3)
    set_row_flags(table, 2)
    add_row_tag(table, 3, "{%tr endfor %}")
    add_row_tag(table, 4, f"{{%tr if not {field} %}}")
    hint = table.rows[5].cells
    add_par(hint[1], "(Chưa có trong dữ liệu lịch sử khen thưởng: đơn vị ghi bổ sung, nếu có)", size=TABLE_TEXT_SIZE,
            italic=True, before=3, after=3)
    for cell in (hint[0], hint[2]):
        add_par(cell, "", size=TABLE_TEXT_SIZE, before=3, after=3)
    set_row_flags(table, 5)
    add_row_tag(table, 6, "{%tr endif %}")


def build_achievement_report() -> DocxDocument:
    """BÁO CÁO THÀNH TÍCH đề nghị tặng <hình thức>: one per proposed unit, for its dossier."""
    doc = new_document("Báo cáo thành tích đề nghị khen thưởng")
    left_mm, right_mm = HEADER_COLUMNS_MM
    header = new_table(doc, 2, HEADER_COLUMNS_MM, borders=False, cell_margin_mm=HEADER_CELL_MARGIN_MM)
    left, right = header.rows[0].cells
    add_centered(left, "{{ co_quan_chu_quan }}", size=13)
    add_centered(left, "{{ don_vi_bao_cao.ten_in_hoa }}", size=13, bold=True)
    add_rule(left, ISSUER_RULE_MM, left_mm - 2 * HEADER_CELL_MARGIN_MM)
    add_centered(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=NATIONAL_NAME_SIZE, bold=True)
    add_centered(right, "Độc lập - Tự do - Hạnh phúc", size=MOTTO_SIZE, bold=True)
    add_rule(right, MOTTO_RULE_MM, right_mm - 2 * HEADER_CELL_MARGIN_MM)
    add_centered(header.rows[1].cells[0], "", size=13, before=6)
    add_centered(header.rows[1].cells[1], "{{ dia_danh_ngay }}", size=PLACE_DATE_SIZE, italic=True, before=6)
    for index in range(2):
        set_row_flags(header, index)

    add_centered(doc, "BÁO CÁO THÀNH TÍCH", size=14, bold=True, before=18, keep_next=True)
    add_centered(doc, "ĐỀ NGHỊ TẶNG {{ de_nghi_tang_in_hoa }} NĂM {{ nam }}", size=14, bold=True, keep_next=True)
    add_centered(doc, "(Theo {{ mau_bao_cao }})", size=12, italic=True, keep_next=True)
    add_rule(doc, SUBJECT_RULE_MM, TEXT_WIDTH_MM)
    add_par(doc, "", size=11, keep_next=True)
    add_centered(doc, [R("Tên tập thể đề nghị: "), R("{{ don_vi_bao_cao.ten }}", bold=True)], after=6)

    add_heading(doc, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH")
    add_body(doc, "1. Đặc điểm, tình hình", bold=True, keep_next=True)
    # particulars not given leave dots to write on, short enough to stay on the line of their label
    for line in ("- Địa chỉ trụ sở: {{ don_vi_bao_cao.dia_chi or '" + WRITING_LINE[:22] + "' }}.",
                 "- Điện thoại: {{ don_vi_bao_cao.dien_thoai or '" + WRITING_LINE[:9] + "' }}; "
                 "Email: {{ don_vi_bao_cao.email or '" + WRITING_LINE[:10] + "' }}.",
                 "- Ngày thành lập: {{ don_vi_bao_cao.ngay_thanh_lap or '" + WRITING_LINE[:12] + "' }}.",
                 "- Thủ trưởng đơn vị: {{ don_vi_bao_cao.thu_truong }}, {{ don_vi_bao_cao.chuc_vu }}."):
        add_body(doc, line)
    add_tag(doc, "{%p for d in dac_diem %}")
    add_body(doc, "{{ d }}")
    add_tag(doc, "{%p else %}")
    add_hint(doc, "(Quá trình thành lập và phát triển; cơ cấu tổ chức; tổng số cán bộ, công chức, viên chức "
                  "và người lao động; cơ sở vật chất: đơn vị ghi bổ sung.)", 2)
    add_tag(doc, "{%p endfor %}")
    add_body(doc, "2. Chức năng, nhiệm vụ", bold=True, keep_next=True)
    add_tag(doc, "{%p for d in chuc_nang %}")
    add_body(doc, "{{ d }}")
    add_tag(doc, "{%p else %}")
    add_hint(doc, "(Chức năng, nhiệm vụ được giao: đơn vị ghi bổ sung.)", 2)
    add_tag(doc, "{%p endfor %}")

    add_heading(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
    add_tag(doc, "{%p for m in thanh_tich %}")
    add_body(doc, "{{ m.so }}. {{ m.tieu_de }}", bold=True, keep_next=True)
    add_tag(doc, "{%p for d in m.doan_van %}")
    add_body(doc, "{{ d }}")
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p else %}")
    add_body(doc, "1. Kết quả thực hiện nhiệm vụ được giao", bold=True, keep_next=True)
    add_hint(doc, "(Đơn vị ghi kết quả thực hiện các chỉ tiêu, nhiệm vụ năm {{ nam }}; các biện pháp, phong trào "
                  "thi đua đã thực hiện; việc thực hiện chủ trương, chính sách, pháp luật; công tác xây dựng Đảng, "
                  "đoàn thể.)", 6)
    add_tag(doc, "{%p endfor %}")
    # the heading and its sentence in one borderless row that never splits: LibreOffice left the
    # heading alone at the foot of a page despite its keep-with-next
    kept = new_table(doc, 1, (TEXT_WIDTH_MM,), borders=False, cell_margin_mm=0.0)
    cell = kept.rows[0].cells[0]
    add_body(cell, "{{ so_muc_ket_qua }}. Kết quả chấm điểm, xếp hạng thi đua trong Khối", bold=True, keep_next=True)
    add_body(
        cell,
        "Năm {{ nam }}, {{ don_vi_bao_cao.ten }} đạt {{ ket_qua_thi_dua.tong }} điểm, xếp "
        "{{ ket_qua_thi_dua.hang_chu }} trong {{ so_don_vi }} đơn vị thành viên của {{ ten_khoi }}. Tại cuộc họp "
        "bình xét ngày {{ ngay_hoi_nghi }}, Khối đã thống nhất đề nghị tặng {{ de_nghi_tang }} cho đơn vị"
        "{% if ket_qua_thi_dua.phieu %} với {{ ket_qua_thi_dua.phieu }} phiếu đồng ý{% endif %}.",
    )
    set_row_flags(kept, 0)

    add_heading(doc, "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN")
    add_body(doc, "1. Danh hiệu thi đua", bold=True, keep_next=True)
    add_honour_table(doc, "danh_hieu_da_nhan", "Danh hiệu thi đua",
                     "Số, ngày, tháng, năm của quyết định công nhận danh hiệu thi đua; cơ quan ban hành quyết định")
    add_par(doc, "", size=11)
    add_body(doc, "2. Hình thức khen thưởng", bold=True, keep_next=True)
    add_honour_table(doc, "hinh_thuc_da_nhan", "Hình thức khen thưởng",
                     "Số, ngày, tháng, năm của quyết định khen thưởng; cơ quan ban hành quyết định")
    add_par(doc, "", size=11)  # two tables with nothing between them would become one

    half = TEXT_WIDTH_MM / 2.0
    signatures = new_table(doc, 1, (half, half), borders=False, cell_margin_mm=1.0)
    certifier, head = signatures.rows[0].cells
    add_centered(certifier, "{{ xac_nhan_cap_tren }}", size=13, bold=True, before=18)
    add_centered(certifier, "(Ký, đóng dấu)", size=13, italic=True)
    add_centered(head, "{{ don_vi_bao_cao.chuc_vu_in_hoa }}", size=13, bold=True, before=18)
    for _ in range(4):
        add_centered(head, "")
    add_centered(head, "{{ don_vi_bao_cao.thu_truong }}", bold=True)
    set_row_flags(signatures, 0)
    add_end(doc)
    return doc


TEMPLATES: dict[str, Callable[[], DocxDocument]] = {
    "bao_cao_tong_ket.docx": build_report,
    "to_trinh_khen_thuong.docx": build_proposal,
    "giao_uoc_thi_dua.docx": build_pledge,
    "bien_ban_hop.docx": build_minutes,
    "phieu_bau.docx": build_ballot_paper,
    "bao_cao_thanh_tich.docx": build_achievement_report,
}


# --------------------------------------------------------------------------- #
# Saving
# --------------------------------------------------------------------------- #


# Parts of python-docx's default template that a template does not need:
# the preview picture, the Word 2010 copy of all styles, the custom XML store.
DROPPED_RELATIONSHIPS = ("thumbnail", "stylesWithEffects", "customXml")


def finalize(document: DocxDocument) -> None:
    """Keep only the styles in use (so no unused style brings theme colours
    or small sizes) and drop the default template's unneeded parts."""
    styles_el = document.styles.element
    by_id = {st.get(qn("w:styleId")): st for st in styles_el.findall(qn("w:style"))}
    wanted: set[str] = {
        st.get(qn("w:styleId")) for st in by_id.values() if st.get(qn("w:default")) in ("1", "true")
    }
    wanted.add(BODY_STYLE_ID)
    parts = [document.part] + [
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/header")
    ]
    for part in parts:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            for ref in part.element.iter(qn(tag)):
                wanted.add(ref.get(qn("w:val")))
    pending = list(wanted)
    while pending:
        style_el = by_id.get(pending.pop())
        if style_el is None:
            continue
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = style_el.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) not in wanted:
                wanted.add(ref.get(qn("w:val")))
                pending.append(ref.get(qn("w:val")))
    for style_id, style_el in by_id.items():
        if style_id not in wanted:
            styles_el.remove(style_el)

    for rels in (document.part.rels, document.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in DROPPED_RELATIONSHIPS:
                del rels[r_id]


def deterministic_bytes(document: DocxDocument) -> bytes:
    """The .docx bytes, every zip entry dated ``ZIP_DATE`` (by the program's own zip writer)."""
    raw = io.BytesIO()
    document.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source:
        return write_zip([(info.filename, source.read(info)) for info in source.infolist()], ZIP_DATE)


def build_all(out_dir: Path) -> list[Path]:
    """Write every template into ``out_dir``; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, builder in TEMPLATES.items():
        path = out_dir / name
        document = builder()
        finalize(document)
        path.write_bytes(deterministic_bytes(document))
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "templates_docx",
        help="output folder (default: templates_docx/ of the project)",
    )
    args = parser.parse_args(argv)
    for path in build_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
