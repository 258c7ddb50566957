"""The generated documents follow the state format (Nghị định 30/2020/NĐ-CP, domain.md §3).

Each document made from input_samples/2020 is read back with python-docx and every formatting
rule is checked on what Word will show: a run's font, size, bold and italics are resolved the way
Word resolves them (the run's own properties, then its character style, then the paragraph's
style and the styles it is based on, then the table style, then the document defaults), so a
rule holds whether the template sets it on the run or in a style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import docx
import pytest
from docx.oxml.ns import qn

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
REPORT, PROPOSAL, PLEDGE = "bao_cao_tong_ket_2020.docx", "to_trinh_khen_thuong_2020.docx", "giao_uoc_thi_dua_2021.docx"
MINUTES = "bien_ban_hop_2020.docx"
DOCUMENTS = (REPORT, PROPOSAL, MINUTES, PLEDGE)
KIND = {REPORT: "BÁO CÁO", PROPOSAL: "TỜ TRÌNH", MINUTES: "BIÊN BẢN", PLEDGE: "BẢN GIAO ƯỚC THI ĐUA NĂM 2021"}
NUMBER_LINE = {REPORT: "Số:      /BC-KTĐ", PROPOSAL: "Số:      /TTr-KTĐ", MINUTES: "Số:      /BB-KTĐ", PLEDGE: ""}
SIGNED = (REPORT, PROPOSAL)
TWIPS_PER_MM = 1440 / 25.4
FONT = "Times New Roman"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("format")
    assert main(["2020", "--input", str(ROOT / "input_samples"), "--output", str(out)]) == 0
    return out / "2020"


@pytest.fixture(scope="module")
def docs(generated) -> dict[str, "Doc"]:
    return {name: Doc(generated / name) for name in DOCUMENTS}


# --------------------------------------------------------------------------------------------- #
# Reading formatting back: a small resolver over styles.xml
# --------------------------------------------------------------------------------------------- #


def _on(element) -> bool:
    """A toggle property (`<w:b/>`, `<w:b w:val="0"/>`) as Word reads it."""
    return element.get(qn("w:val"), "true").lower() not in ("0", "false", "off", "none")


def text_of(element) -> str:
    """The text of a paragraph or cell, a line break (`<w:br/>`) as `\\n`."""
    return "".join((t.text or "") if t.tag == qn("w:t") else "\n" for t in element.iter(qn("w:t"), qn("w:br")))


class Doc:
    """One .docx: its parts and the style chains that formatting is resolved through."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self.document = docx.Document(str(path))
        self.body = self.document.element.body
        styles = self.document.styles.element
        self.styles = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
        self.default_style = {
            s.get(qn("w:type")): s.get(qn("w:styleId"))
            for s in styles.findall(qn("w:style"))
            if s.get(qn("w:default")) in ("1", "true")
        }
        defaults = styles.find(qn("w:docDefaults"))
        self.default_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        self.default_ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if defaults is not None else None
        self.sect_pr = self.body.find(qn("w:sectPr"))

    # -- style chains -------------------------------------------------------------------------

    def chain(self, style_id: str | None) -> list:
        """The style and the styles it is based on, nearest first."""
        found, seen = [], set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            found.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return found

    def paragraph_style(self, p) -> str | None:
        ref = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return ref.get(qn("w:val")) if ref is not None else self.default_style.get("paragraph")

    def table_style(self, tbl) -> str | None:
        ref = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        return ref.get(qn("w:val")) if ref is not None else self.default_style.get("table")

    def run_levels(self, r, p) -> list:
        """The rPr elements that may set a run's properties, in the order Word looks at them."""
        levels = [r.find(qn("w:rPr"))]
        ref = r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        if ref is not None:
            levels += [s.find(qn("w:rPr")) for s in self.chain(ref.get(qn("w:val")))]
        levels += [s.find(qn("w:rPr")) for s in self.chain(self.paragraph_style(p))]
        tbl = next((a for a in p.iterancestors(qn("w:tbl"))), None)
        if tbl is not None:
            levels += [s.find(qn("w:rPr")) for s in self.chain(self.table_style(tbl))]
        levels.append(self.default_rpr)
        return [level for level in levels if level is not None]

    def paragraph_levels(self, p) -> list:
        levels = [p.find(qn("w:pPr"))]
        levels += [s.find(qn("w:pPr")) for s in self.chain(self.paragraph_style(p))]
        levels.append(self.default_ppr)
        return [level for level in levels if level is not None]

    # -- resolved properties ------------------------------------------------------------------

    def run_format(self, r, p) -> "RunFormat":
        levels = self.run_levels(r, p)

        def first(tag: str):
            return next((el for level in levels if (el := level.find(qn(f"w:{tag}"))) is not None), None)

        def font(attr: str) -> str | None:
            for level in levels:
                fonts = level.find(qn("w:rFonts"))
                if fonts is None:
                    continue
                if fonts.get(qn(f"w:{attr}Theme")) is not None:  # a theme font wins over the name
                    return "theme:" + fonts.get(qn(f"w:{attr}Theme"))
                if fonts.get(qn(f"w:{attr}")) is not None:
                    return fonts.get(qn(f"w:{attr}"))
            return None

        size, bold, italic, color = first("sz"), first("b"), first("i"), first("color")
        colour = None
        if color is not None:
            colour = "theme:" + color.get(qn("w:themeColor")) if color.get(qn("w:themeColor")) else color.get(qn("w:val"))
        return RunFormat(
            text=text_of(r),
            fonts=(font("ascii"), font("hAnsi")),
            size=int(size.get(qn("w:val"))) / 2 if size is not None else 10.0,  # Word's default is 10 pt
            bold=bold is not None and _on(bold),
            italic=italic is not None and _on(italic),
            color=colour,
        )

    def paragraph_format(self, p) -> "ParFormat":
        levels = self.paragraph_levels(p)

        def attr(tag: str, name: str) -> str | None:
            for level in levels:
                el = level.find(qn(f"w:{tag}"))
                if el is not None and el.get(qn(f"w:{name}")) is not None:
                    return el.get(qn(f"w:{name}"))
            return None

        def first(tag: str):
            return next((el for level in levels if (el := level.find(qn(f"w:{tag}"))) is not None), None)

        return ParFormat(
            align=attr("jc", "val") or "left",
            first_line_mm=int(attr("ind", "firstLine") or 0) / TWIPS_PER_MM,
            left_mm=int(attr("ind", "left") or attr("ind", "start") or 0) / TWIPS_PER_MM,
            right_mm=int(attr("ind", "right") or attr("ind", "end") or 0) / TWIPS_PER_MM,
            before_pt=int(attr("spacing", "before") or 0) / 20,
            after_pt=int(attr("spacing", "after") or 0) / 20,
            line=attr("spacing", "line"),
            line_rule=attr("spacing", "lineRule") or "auto",
            keep_next=(el := first("keepNext")) is not None and _on(el),
            bottom_border=(p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")),
        )

    def runs(self, p) -> list["RunFormat"]:
        """The formatted runs of a paragraph that hold text."""
        return [f for r in p.iter(qn("w:r")) if (f := self.run_format(r, p)).text.strip()]

    # -- parts of the document ----------------------------------------------------------------

    def headers(self) -> dict[str, object]:
        """Header parts by type (default, first, even)."""
        found = {}
        for ref in self.sect_pr.findall(qn("w:headerReference")):
            part = self.document.part.related_parts[ref.get(qn("r:id"))]
            found[ref.get(qn("w:type"))] = part.element
        return found

    def all_paragraphs(self) -> Iterator:
        yield from self.body.iter(qn("w:p"))
        for header in self.headers().values():
            yield from header.iter(qn("w:p"))

    def top_level(self) -> list:
        return [child for child in self.body if child.tag in (qn("w:p"), qn("w:tbl"))]

    def tables(self) -> list:
        return [child for child in self.body if child.tag == qn("w:tbl")]

    def table_with(self, text: str):
        for tbl in self.tables():
            if text in text_of(tbl):
                return tbl
        raise AssertionError(f"{self.name}: no table holds {text!r}")

    def text_width_mm(self) -> float:
        size, margins = self.sect_pr.find(qn("w:pgSz")), self.sect_pr.find(qn("w:pgMar"))
        twips = int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
        return twips / TWIPS_PER_MM


@dataclass(frozen=True)
class RunFormat:
    text: str
    fonts: tuple[str | None, str | None]
    size: float
    bold: bool
    italic: bool
    color: str | None


@dataclass(frozen=True)
class ParFormat:
    align: str
    first_line_mm: float
    left_mm: float
    right_mm: float
    before_pt: float
    after_pt: float
    line: str | None
    line_rule: str
    keep_next: bool
    bottom_border: object


def cell_paragraphs(tc) -> list:
    return tc.findall(qn("w:p"))


def cells(tbl) -> list[list]:
    return [tr.findall(qn("w:tc")) for tr in tbl.findall(qn("w:tr"))]


def is_rule(doc: Doc, p) -> bool:
    """An empty paragraph drawn as a horizontal line by its bottom border."""
    border = doc.paragraph_format(p).bottom_border
    return not text_of(p).strip() and border is not None and border.get(qn("w:val")) not in ("nil", "none")


def all_bold(doc: Doc, p) -> bool:
    runs = doc.runs(p)
    return bool(runs) and all(r.bold for r in runs)


def all_italic(doc: Doc, p) -> bool:
    runs = doc.runs(p)
    return bool(runs) and all(r.italic for r in runs)


def sizes(doc: Doc, p) -> set[float]:
    return {r.size for r in doc.runs(p)}


def no_borders(doc: Doc, tbl) -> list[str]:
    """Every border a table would draw: its own, its style's, and each cell's."""
    drawn = []
    sources = [tbl.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")]
    sources += [s.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}") for s in doc.chain(doc.table_style(tbl))]
    for source in sources:
        if source is None:
            continue
        for edge in source:
            if edge.get(qn("w:val")) not in ("nil", "none"):
                drawn.append(f"table {edge.tag.rsplit('}', 1)[-1]}={edge.get(qn('w:val'))}")
        break  # the nearest definition of the table's borders is the one Word uses
    for tc in tbl.iter(qn("w:tc")):
        for edge in tc.findall(f"{qn('w:tcPr')}/{qn('w:tcBorders')}/*"):
            if edge.get(qn("w:val")) not in ("nil", "none"):
                drawn.append(f"cell {edge.tag.rsplit('}', 1)[-1]}={edge.get(qn('w:val'))}")
    return drawn


# --------------------------------------------------------------------------------------------- #
# Page
# --------------------------------------------------------------------------------------------- #


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a4_portrait_with_decree_margins(docs, name):
    doc = docs[name]
    for sect_pr in doc.body.iter(qn("w:sectPr")):
        size, mar = sect_pr.find(qn("w:pgSz")), sect_pr.find(qn("w:pgMar"))
        width, height = int(size.get(qn("w:w"))) / TWIPS_PER_MM, int(size.get(qn("w:h"))) / TWIPS_PER_MM
        assert (round(width), round(height)) == (210, 297), (width, height)
        assert size.get(qn("w:orient")) in (None, "portrait")
        margins = {edge: int(mar.get(qn(f"w:{edge}"))) / TWIPS_PER_MM for edge in ("top", "bottom", "left", "right")}
        expected = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
        wrong = {edge: round(mm, 2) for edge, mm in margins.items() if not expected[edge][0] <= mm <= expected[edge][1]}
        assert not wrong, f"margins outside Decree 30 (mm): {wrong}"


# --------------------------------------------------------------------------------------------- #
# Fonts, sizes and colour of every piece of text
# --------------------------------------------------------------------------------------------- #


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_run_is_times_new_roman_black_at_least_11pt(docs, name):
    doc = docs[name]
    wrong = []
    for p in doc.all_paragraphs():
        for run in doc.runs(p):
            if run.fonts != (FONT, FONT):
                wrong.append(f"{run.text[:40]!r}: font {run.fonts}")
            if run.size < 11:
                wrong.append(f"{run.text[:40]!r}: {run.size} pt")
            if run.color not in (None, "auto", "000000"):
                wrong.append(f"{run.text[:40]!r}: colour {run.color}")
    assert not wrong, "\n".join(wrong[:20])


@pytest.mark.parametrize("name", DOCUMENTS)
def test_body_text_is_justified_indented_13_to_14pt(docs, name):
    """Every running paragraph of the body (outside tables, not a centred title line)."""
    doc = docs[name]
    body = [p for p in doc.top_level() if p.tag == qn("w:p") and text_of(p).strip()]
    running = [p for p in body if doc.paragraph_format(p).align != "center"]
    assert len(running) >= 5
    wrong = []
    for p in running:
        fmt, text = doc.paragraph_format(p), text_of(p)[:50]
        if fmt.align != "both":
            wrong.append(f"{text!r}: aligned {fmt.align}")
        if not 10 <= fmt.first_line_mm <= 13:
            wrong.append(f"{text!r}: first-line indent {fmt.first_line_mm:.1f} mm")
        if max(fmt.before_pt, fmt.after_pt) < 6:
            wrong.append(f"{text!r}: {fmt.before_pt}/{fmt.after_pt} pt around it")
        if fmt.line_rule != "auto" or not 240 <= int(fmt.line or 240) <= 360:
            wrong.append(f"{text!r}: line spacing {fmt.line} {fmt.line_rule}")
        if not sizes(doc, p) <= {13.0, 14.0}:
            wrong.append(f"{text!r}: sizes {sizes(doc, p)}")
    assert not wrong, "\n".join(wrong)


# --------------------------------------------------------------------------------------------- #
# The two-column header
# --------------------------------------------------------------------------------------------- #


@pytest.mark.parametrize("name", DOCUMENTS)
def test_header_table_without_borders(docs, name):
    doc = docs[name]
    first = doc.top_level()[0]
    assert first.tag == qn("w:tbl"), "the document must open with the header table"
    assert len(first.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")) == 2
    assert no_borders(doc, first) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_header_left_column(docs, name):
    doc = docs[name]
    rows = cells(doc.top_level()[0])
    top = cell_paragraphs(rows[0][0])
    texts = [text_of(p) for p in top if text_of(p).strip()]
    # the block's name on two even lines, broken where a clerk breaks it
    assert texts == ["UBND TỈNH BẮC GIANG", "KHỐI THI ĐUA CÁC CƠ QUAN\nTHAM MƯU - TỔNG HỢP"]
    parent, issuer = [p for p in top if text_of(p).strip()]
    assert not any(r.bold for r in doc.runs(parent)) and sizes(doc, parent) <= {12.0, 13.0}
    assert all_bold(doc, issuer) and sizes(doc, issuer) <= {12.0, 13.0}
    after = top[top.index(issuer) + 1:]
    assert after and is_rule(doc, after[0]), "a short rule under the issuing body"
    cell_mm = int(rows[0][0].find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w"))) / TWIPS_PER_MM
    rule = doc.paragraph_format(after[0])
    assert 15 <= cell_mm - rule.left_mm - rule.right_mm <= cell_mm / 2, "the rule is short"
    number = [p for p in cell_paragraphs(rows[1][0]) if text_of(p).strip()]
    if NUMBER_LINE[name]:
        assert [text_of(p) for p in number] == [NUMBER_LINE[name]]
        assert sizes(doc, number[0]) == {13.0} and not all_bold(doc, number[0])
    else:
        assert number == []  # the pledge leaves out the Số line (SPEC §3)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_header_right_column(docs, name):
    doc = docs[name]
    rows = cells(doc.top_level()[0])
    top = cell_paragraphs(rows[0][1])
    lines = [p for p in top if text_of(p).strip()]
    assert [text_of(p) for p in lines] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    national, motto = lines
    assert all_bold(doc, national) and sizes(doc, national) <= {12.0, 13.0}
    assert all_bold(doc, motto) and sizes(doc, motto) <= {13.0, 14.0}
    after = top[top.index(motto) + 1:]
    assert after and is_rule(doc, after[0]), "a rule under the motto"
    cell_mm = int(rows[0][1].find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w"))) / TWIPS_PER_MM
    rule = doc.paragraph_format(after[0])
    # as long as the motto line: 13 pt bold is about 56 mm, 14 pt about 60 mm
    assert 50 <= cell_mm - rule.left_mm - rule.right_mm <= 65
    date = [p for p in cell_paragraphs(rows[1][1]) if text_of(p).strip()]
    assert [text_of(p) for p in date] == ["Bắc Giang, ngày 08 tháng 01 năm 2021"]
    assert all_italic(doc, date[0]) and not any(r.bold for r in doc.runs(date[0]))
    assert sizes(doc, date[0]) <= {13.0, 14.0}
    assert doc.paragraph_format(date[0]).align == "center"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_type_and_subject_centred_bold(docs, name):
    doc = docs[name]
    after_header = doc.top_level()[1:]
    lines = [p for p in after_header if p.tag == qn("w:p") and text_of(p).strip()][:2]
    kind, subject = lines
    assert text_of(kind) == KIND[name]
    for p in (kind, subject):
        assert doc.paragraph_format(p).align == "center" and all_bold(doc, p), text_of(p)
    assert sizes(doc, kind) <= {13.0, 14.0} and sizes(doc, subject) == {14.0}
    following = after_header[after_header.index(subject) + 1]
    assert is_rule(doc, following), "a short rule under the subject"


# --------------------------------------------------------------------------------------------- #
# Body: grounds, the closing ./.
# --------------------------------------------------------------------------------------------- #


def test_legal_grounds_in_italics_each_ending_with_semicolon_the_last_with_a_full_stop(docs):
    doc = docs[PROPOSAL]
    grounds = [p for p in doc.top_level() if p.tag == qn("w:p") and text_of(p).startswith("Căn cứ")]
    assert len(grounds) == 3
    for p in grounds:
        assert all_italic(doc, p), text_of(p)
        assert doc.paragraph_format(p).align == "both"
    assert [text_of(p)[-1] for p in grounds] == [";", ";", "."]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_body_text_ends_with_full_stop_slash(docs, name):
    doc = docs[name]
    running = [p for p in doc.top_level()
               if p.tag == qn("w:p") and text_of(p).strip() and doc.paragraph_format(p).align == "both"]
    assert text_of(running[-1]).endswith("./."), text_of(running[-1])
    closing = [p for p in doc.all_paragraphs() if text_of(p).rstrip().endswith("./.")]
    assert closing == [running[-1]], "one ./. only, at the end of the body text"


# --------------------------------------------------------------------------------------------- #
# Signature block and Nơi nhận
# --------------------------------------------------------------------------------------------- #


@pytest.mark.parametrize("name", SIGNED)
def test_signature_block(docs, name):
    doc = docs[name]
    tbl = doc.table_with("TM. KHỐI THI ĐUA")
    assert no_borders(doc, tbl) == []
    top = doc.top_level()
    closing = [p for p in top if p.tag == qn("w:p") and text_of(p).endswith("./.")][0]
    assert top.index(tbl) > top.index(closing), "the signature comes after the body text"
    (left, right), = cells(tbl)
    paragraphs = cell_paragraphs(right)
    lines = [p for p in paragraphs if text_of(p).strip()]
    assert [text_of(p) for p in lines] == ["TM. KHỐI THI ĐUA", "TRƯỞNG KHỐI", "CỤC TRƯỞNG CỤC THUẾ", "Đỗ Văn Khánh"]
    for p in lines:
        assert all_bold(doc, p) and doc.paragraph_format(p).align == "center", text_of(p)
        assert sizes(doc, p) <= {13.0, 14.0}
    room = paragraphs[paragraphs.index(lines[2]) + 1:paragraphs.index(lines[3])]
    assert len(room) >= 3 and not any(text_of(p).strip() for p in room), "room to sign and seal"


def test_minutes_signed_by_the_secretary_left_and_the_chair_right(docs):
    doc = docs[MINUTES]
    tbl = doc.table_with("CHỦ TRÌ")
    assert no_borders(doc, tbl) == []
    top = doc.top_level()
    closing = [p for p in top if p.tag == qn("w:p") and text_of(p).endswith("./.")][0]
    assert top.index(tbl) > top.index(closing), "the signatures come after the body text"
    (left, right), = cells(tbl)
    for cell, role, name in ((left, "THƯ KÝ", "Hà Thị Ngọc Ánh"), (right, "CHỦ TRÌ", "Đỗ Văn Khánh")):
        paragraphs = cell_paragraphs(cell)
        lines = [p for p in paragraphs if text_of(p).strip()][:2]
        assert [text_of(p) for p in lines] == [role, name]
        assert all(all_bold(doc, p) and doc.paragraph_format(p).align == "center" for p in lines)
        room = paragraphs[paragraphs.index(lines[0]) + 1:paragraphs.index(lines[1])]
        assert len(room) >= 3 and not any(text_of(p).strip() for p in room), "room to sign"
    assert _row_flags(tbl.findall(qn("w:tr"))[0])[1], "the signatures never split across pages"
    # Nơi nhận in the secretary's cell, below the name: the row that never splits holds it too
    assert [text_of(p) for p in cell_paragraphs(left) if text_of(p).strip()][2] == "Nơi nhận:"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_noi_nhan_bold_italic_with_its_entries(docs, name):
    doc = docs[name]
    (left, _), = cells(doc.table_with("Nơi nhận:"))
    lines = [p for p in cell_paragraphs(left) if text_of(p).strip()]
    lines = lines[[text_of(p) for p in lines].index("Nơi nhận:"):]  # the minutes: below the secretary's name
    head, entries = lines[0], lines[1:]
    assert text_of(head) == "Nơi nhận:"
    assert all_bold(doc, head) and all_italic(doc, head) and sizes(doc, head) == {12.0}
    texts = [text_of(p) for p in entries]
    assert len(texts) >= 3 and texts[-1] == "- Lưu: VT."
    assert all(t.startswith("- ") and t.endswith(";") for t in texts[:-1]), texts
    for p in entries:
        assert sizes(doc, p) == {11.0} and not any(r.bold for r in doc.runs(p)), text_of(p)
    if name == PROPOSAL:  # it has a Kính gửi
        assert texts[0] == "- Như trên;"


# --------------------------------------------------------------------------------------------- #
# Page numbers
# --------------------------------------------------------------------------------------------- #


def _has_page_field(element) -> bool:
    instructions = [t.text or "" for t in element.iter(qn("w:instrText"))]
    instructions += [f.get(qn("w:instr"), "") for f in element.iter(qn("w:fldSimple"))]
    return any(re.match(r"\s*PAGE\b", text) for text in instructions)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_page_number_centred_at_the_top_from_page_two(docs, name):
    doc = docs[name]
    title_pg = doc.sect_pr.find(qn("w:titlePg"))
    assert title_pg is not None and _on(title_pg), "titlePg: the first page has its own header"
    headers = doc.headers()
    assert "default" in headers and "first" in headers
    assert not _has_page_field(headers["first"]), "no number on the first page"
    numbered = [p for p in headers["default"].iter(qn("w:p")) if _has_page_field(p)]
    assert len(numbered) == 1 and doc.paragraph_format(numbered[0]).align == "center"
    assert not any(_has_page_field(part.element) for rel in doc.document.part.rels.values()
                   if rel.reltype.endswith("/footer") for part in [rel.target_part])


# --------------------------------------------------------------------------------------------- #
# Tables readable on A4
# --------------------------------------------------------------------------------------------- #


RANKED = [(REPORT, "Hạng", 11), (PROPOSAL, "STT", 5)]


def _table_starting(doc: Doc, header: str):
    for tbl in doc.tables():
        first = tbl.find(qn("w:tr"))
        if first is not None and text_of(first.find(qn("w:tc"))).strip() == header:
            return tbl
    raise AssertionError(f"{doc.name}: no table headed {header!r}")


def _row_flags(tr) -> tuple[bool, bool]:
    tr_pr = tr.find(qn("w:trPr"))
    if tr_pr is None:
        return False, False
    header, cant_split = tr_pr.find(qn("w:tblHeader")), tr_pr.find(qn("w:cantSplit"))
    return header is not None and _on(header), cant_split is not None and _on(cant_split)


def _fits_and_wraps(doc: Doc, tbl) -> None:
    widths = [int(c.get(qn("w:w"))) / TWIPS_PER_MM for c in tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]
    assert sum(widths) <= doc.text_width_mm() + 0.5, f"{sum(widths):.1f} mm wider than the text"
    layout = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}")
    assert layout is not None and layout.get(qn("w:type")) == "fixed", "fixed widths: long names wrap"
    assert not list(tbl.iter(qn("w:noWrap"))), "no cell refuses to wrap"


@pytest.mark.parametrize("name, header, count", RANKED)
def test_ranked_table_repeats_its_header_and_keeps_rows_whole(docs, name, header, count):
    doc = docs[name]
    tbl = _table_starting(doc, header)
    rows = tbl.findall(qn("w:tr"))
    assert len(rows) == 1 + count
    assert _row_flags(rows[0]) == (True, True), "tblHeader and cantSplit on the header row"
    assert all(_row_flags(tr)[1] for tr in rows), "cantSplit on every row"
    assert not any(_row_flags(tr)[0] for tr in rows[1:]), "only the first row repeats"
    assert all(all_bold(doc, p) for tc in rows[0].findall(qn("w:tc")) for p in cell_paragraphs(tc)
               if text_of(p).strip())
    assert no_borders(doc, tbl) != [], "a ranked table has its grid lines"
    _fits_and_wraps(doc, tbl)


def test_pledge_signing_grid(docs):
    doc = docs[PLEDGE]
    tbl = doc.table_with("KHO BẠC NHÀ NƯỚC")
    rows = tbl.findall(qn("w:tr"))
    assert len(rows) == 6  # 11 units: five rows of two, then the last one alone
    assert all(_row_flags(tr)[1] for tr in rows), "cantSplit: no member's cell is split across pages"
    assert no_borders(doc, tbl) == []
    _fits_and_wraps(doc, tbl)
    grid = [int(c.get(qn("w:w"))) for c in tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]
    for tr in rows:
        cells_ = tr.findall(qn("w:tc"))
        spans = [int(tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")))
                 if tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}") is not None else 1 for tc in cells_]
        units = [tc for tc in cells_ if text_of(tc).strip()]
        if len(units) == 1:  # the odd last member, centred: an empty quarter on each side
            assert spans == [1, 2, 1] and not text_of(cells_[0]).strip() and not text_of(cells_[2]).strip()
        else:
            assert spans == [2, 2] and len(units) == 2
        for unit_cell in units:
            paragraphs = cell_paragraphs(unit_cell)
            lines = [p for p in paragraphs if text_of(p).strip()]
            assert all(all_bold(doc, p) for p in lines)
            assert all(text_of(p) == text_of(p).upper() for p in lines[:-1])
            room = paragraphs[paragraphs.index(lines[-2]) + 1:paragraphs.index(lines[-1])]
            heights = [doc.paragraph_format(p).line for p in room]
            assert sum(int(h or 0) for h in heights) / 20 * 0.3528 >= 28, "about 3 cm to sign and seal"
    first = [text_of(p) for p in cell_paragraphs(rows[0].findall(qn("w:tc"))[0]) if text_of(p).strip()]
    second = [text_of(p) for p in cell_paragraphs(rows[0].findall(qn("w:tc"))[1]) if text_of(p).strip()]
    assert first[:2] == ["TRƯỞNG KHỐI", "KHO BẠC NHÀ NƯỚC CHI NHÁNH TỈNH BẮC GIANG"]
    assert second[:2] == ["PHÓ KHỐI", "SỞ NỘI VỤ"]
    assert sum(grid) / TWIPS_PER_MM <= doc.text_width_mm() + 0.5


def test_the_resolver_follows_styles_based_on_and_document_defaults(tmp_path):
    """The checks above see formatting set in styles, not only on runs: a run with no
    properties of its own takes them from its paragraph's style, the style that one is based on,
    and the document defaults, the nearest first; a theme font is not a font name."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    made = docx.Document()
    base = made.styles.add_style("Gốc", WD_STYLE_TYPE.PARAGRAPH)
    base.font.size, base.font.italic = Pt(9), True
    child = made.styles.add_style("Con", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style, child.font.bold = base, True
    made.add_paragraph("kiểu", style="Con").add_run(" và trực tiếp").font.size = Pt(13)
    made.save(tmp_path / "x.docx")
    doc = Doc(tmp_path / "x.docx")
    p = doc.body.find(qn("w:p"))
    styled, direct = doc.runs(p)
    assert (styled.size, styled.bold, styled.italic) == (9.0, True, True)
    assert (direct.size, direct.bold, direct.italic) == (13.0, True, True)
    # python-docx's default template takes its fonts from the theme: that is not Times New Roman
    assert styled.fonts[0].startswith("theme:")


@pytest.mark.parametrize("text, lines", [
    ("KHỐI THI ĐUA SỐ 1", "KHỐI THI ĐUA SỐ 1"),  # fits one line
    ("KHỐI THI ĐUA CÁC HỘI ĐẶC THÙ", "KHỐI THI ĐUA\nCÁC HỘI ĐẶC THÙ"),
    ("KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU - TỔNG HỢP", "KHỐI THI ĐUA CÁC CƠ QUAN\nTHAM MƯU - TỔNG HỢP"),
    ("KHỐI THI ĐUA CÁC SỞ, NGÀNH KINH TẾ - KỸ THUẬT", "KHỐI THI ĐUA CÁC SỞ,\nNGÀNH KINH TẾ - KỸ THUẬT"),
    ("KHỐI THI ĐUA CÁC DOANH NGHIỆP NHÀ NƯỚC", "KHỐI THI ĐUA CÁC\nDOANH NGHIỆP NHÀ NƯỚC"),
])
def test_a_long_name_breaks_into_two_even_lines_never_at_a_dash(text, lines):
    from pipeline.documents.context import balanced_lines

    assert balanced_lines(text, 25) == lines


@pytest.mark.parametrize("title, unit, shown", [
    ("Cục trưởng", "Cục Thuế", "CỤC TRƯỞNG CỤC THUẾ"),
    ("Trưởng Thuế tỉnh", "Thuế tỉnh Bắc Ninh", "TRƯỞNG THUẾ TỈNH BẮC NINH"),
    ("Chủ tịch", "Hội Chữ thập đỏ tỉnh", "CHỦ TỊCH\nHỘI CHỮ THẬP ĐỎ TỈNH"),
    ("Chánh Văn phòng", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "CHÁNH VĂN PHÒNG\nĐOÀN ĐBQH VÀ HĐND TỈNH"),
    ("Giám đốc", "Kho bạc Nhà nước chi nhánh tỉnh Bắc Giang", "GIÁM ĐỐC\nKHO BẠC NHÀ NƯỚC CHI NHÁNH TỈNH BẮC GIANG"),
])
def test_the_signer_position_puts_the_title_above_a_long_unit_name(title, unit, shown):
    from pipeline.documents.signing import signer_position

    assert signer_position(title, unit) == shown
