"""What a template must be, checked on the .docx itself: the tests hold the shipped templates to
it, and every run holds the templates in use to it (a staff version in `mau/` included).

The .docx files are the source (SPEC §3): anyone may edit them in Word or LibreOffice, so what a
program once guaranteed by writing them is checked here instead.

- Tags (errors where text would be lost, else warnings): a `{%p %}` tag alone in its paragraph
  and a `{%tr %}` tag alone in its table row (docxtpl replaces the whole paragraph or row by the
  tag: anything typed beside it disappears); every tag whole in one run (docxtpl joins a split
  tag, but the whole tag then takes the first piece's formatting). Unknown fields are found by
  `DocTemplate.check`.
- Layout (Nghị định 30/2020/NĐ-CP, warnings): A4 portrait with the decree's margins; every
  piece of text in Times New Roman from 11 to 14 pt, resolved the way Word resolves it (the run,
  its character style, the paragraph's style chain, the table's style, the document defaults);
  the two-column header table with the national name and motto; the `Số:` line, the signature
  (a cell with room to sign above the signer's name) and `Nơi nhận:` wherever the default
  template of the same document has them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from lxml import etree

from ..problems import Problem, problem, warning

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
_ROW_TAG = re.compile(r"^\{%\s*tr\s")
_PARAGRAPH_TAG = re.compile(r"^\{%\s*p\s")
_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
TWIPS_PER_MM = 1440 / 25.4
FONT = "Times New Roman"
SIZES_PT = (11.0, 14.0)
PAGE_MM = (210, 297)
MARGINS_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"
# what a layout holds that a staff version must keep when its default has it
MARKS = {"so": "dòng Số: (trường so_ky_hieu)", "signature": "phần chữ ký (khoảng trống để ký trên họ tên người ký)",
         "noi_nhan": "mục Nơi nhận:"}


@dataclass
class Layout:
    """What the checker found in one template: its faults, and the marks it holds."""

    problems: list[Problem] = field(default_factory=list)
    marks: set[str] = field(default_factory=set)


def check_template(parts: dict[str, bytes], label: str) -> Layout:
    """Every fault of the template's tags and layout, as problems naming `label`."""
    found = Layout()
    styles = _Styles(parts.get("word/styles.xml"))
    for name, data in sorted(parts.items()):
        if not _PARTS.match(name):
            continue
        try:
            root = etree.fromstring(data)
        except etree.XMLSyntaxError:
            found.problems.append(problem("template_damaged", file=label, detail=f"{name} không phải XML hợp lệ"))
            continue
        found.problems += _tags(root, label)
        found.problems += _fonts(root, styles, label)
        if name == "word/document.xml":
            found.problems += _page(root, label)
            header, marks = _header_and_marks(root)
            found.marks |= marks
            if not header:
                found.problems.append(warning("template_layout", file=label, detail=(
                    "văn bản cần mở đầu bằng bảng hai cột không viền: bên trái tên cơ quan, bên phải "
                    f"{NATIONAL_NAME} và Độc lập - Tự do - Hạnh phúc")))
    return found


def missing_marks(staff: Layout, default: Layout, label: str) -> list[Problem]:
    """The `Số:` line, signature and `Nơi nhận:` the default has and the staff version lacks."""
    return [warning("template_layout", file=label, detail=f"thiếu {MARKS[mark]} như mẫu mặc định")
            for mark in sorted(default.marks - staff.marks)]


# --------------------------------------------------------------------------------------------- #
# Tags
# --------------------------------------------------------------------------------------------- #


def _text_pieces(paragraph: etree._Element) -> list[str]:
    return [t.text or "" for t in paragraph.iter(f"{_W}t")]


def _tags(root: etree._Element, label: str) -> list[Problem]:
    found: list[Problem] = []
    for paragraph in root.iter(f"{_W}p"):
        pieces = _text_pieces(paragraph)
        text = "".join(pieces)
        if "{" not in text:
            continue
        bounds, start = [], 0
        for piece in pieces:
            bounds.append((start, start + len(piece)))
            start += len(piece)
        for tag in _TAG.finditer(text):
            if not any(a <= tag.start() and tag.end() <= b for a, b in bounds):
                found.append(warning("template_tag_split", file=label, value=_short(tag.group(0))))
            if _PARAGRAPH_TAG.match(tag.group(0)) and text.strip() != tag.group(0):
                found.append(problem("template_tag_alone", file=label, value=_short(tag.group(0)), where="đoạn"))
    for row in root.iter(f"{_W}tr"):
        text = "".join(t.text or "" for t in row.iter(f"{_W}t"))
        for tag in _TAG.finditer(text):
            if _ROW_TAG.match(tag.group(0)) and text.strip() != tag.group(0):
                found.append(problem("template_tag_alone", file=label, value=_short(tag.group(0)),
                                     where="dòng của bảng"))
    return found


def _short(tag: str) -> str:
    return tag if len(tag) <= 60 else tag[:57] + "..."


# --------------------------------------------------------------------------------------------- #
# Page, fonts and sizes
# --------------------------------------------------------------------------------------------- #


def _page(root: etree._Element, label: str) -> list[Problem]:
    found: list[Problem] = []
    for sect in root.iter(f"{_W}sectPr"):
        size, margins = sect.find(f"{_W}pgSz"), sect.find(f"{_W}pgMar")
        if size is None or margins is None:
            found.append(warning("template_layout", file=label, detail="không ghi khổ giấy và lề trang"))
            continue
        width, height = (round(_twips(size.get(f"{_W}{edge}")) / TWIPS_PER_MM) for edge in ("w", "h"))
        if (width, height) != PAGE_MM or size.get(f"{_W}orient") not in (None, "portrait"):
            found.append(warning("template_layout", file=label,
                                 detail=f"khổ giấy {width} x {height} mm; cần A4 dọc (210 x 297 mm)"))
        for edge, (low, high) in MARGINS_MM.items():
            mm = _twips(margins.get(f"{_W}{edge}")) / TWIPS_PER_MM
            if not low - 0.5 <= mm <= high + 0.5:
                names = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
                found.append(warning("template_layout", file=label,
                                     detail=f"lề {names[edge]} {mm:.0f} mm; cần từ {low} đến {high} mm"))
    return found


def _twips(value: str | None) -> float:
    try:
        return float(value or 0)
    except ValueError:
        return 0.0


class _Styles:
    """The style chains formatting is resolved through (styles.xml)."""

    def __init__(self, data: bytes | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default: dict[str, str] = {}
        self.run_default: etree._Element | None = None
        if not data:
            return
        root = etree.fromstring(data)
        for style in root.iter(f"{_W}style"):
            self.by_id[style.get(f"{_W}styleId", "")] = style
            if style.get(f"{_W}default") in ("1", "true"):
                self.default[style.get(f"{_W}type", "")] = style.get(f"{_W}styleId", "")
        self.run_default = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")

    def chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            if (rpr := style.find(f"{_W}rPr")) is not None:
                yield rpr
            based = style.find(f"{_W}basedOn")
            style_id = based.get(f"{_W}val") if based is not None else None

    def levels(self, run: etree._Element, paragraph: etree._Element) -> list[etree._Element]:
        """The rPr elements that may set a run's properties, in the order Word looks at them."""
        levels = [run.find(f"{_W}rPr")]
        ref = run.find(f"{_W}rPr/{_W}rStyle")
        if ref is not None:
            levels += self.chain(ref.get(f"{_W}val"))
        ref = paragraph.find(f"{_W}pPr/{_W}pStyle")
        levels += self.chain(ref.get(f"{_W}val") if ref is not None else self.default.get("paragraph"))
        table = next(paragraph.iterancestors(f"{_W}tbl"), None)
        if table is not None:
            ref = table.find(f"{_W}tblPr/{_W}tblStyle")
            levels += self.chain(ref.get(f"{_W}val") if ref is not None else self.default.get("table"))
        levels.append(self.run_default)
        return [level for level in levels if level is not None]


def _fonts(root: etree._Element, styles: _Styles, label: str) -> list[Problem]:
    wrong_font: dict[str, str] = {}
    wrong_size: dict[float, str] = {}
    for paragraph in root.iter(f"{_W}p"):
        for run in paragraph.iter(f"{_W}r"):
            text = "".join(t.text or "" for t in run.iter(f"{_W}t")).strip()
            if not text or next(run.iterancestors(f"{_W}txbxContent"), None) is not None:
                continue
            levels = styles.levels(run, paragraph)
            for attribute in ("ascii", "hAnsi"):
                font = _font(levels, attribute)
                if font != FONT:
                    wrong_font.setdefault(font or "(không ghi)", text)
            size = next((el for level in levels if (el := level.find(f"{_W}sz")) is not None), None)
            points = _twips(size.get(f"{_W}val")) / 2 if size is not None else 10.0
            if not SIZES_PT[0] <= points <= SIZES_PT[1]:
                wrong_size.setdefault(points, text)
    found = [warning("template_layout", file=label, detail=f"phông chữ {font} (ở \"{text[:40]}\"); cần {FONT}")
             for font, text in wrong_font.items()]
    found += [warning("template_layout", file=label,
                      detail=f"cỡ chữ {_points(size)} (ở \"{text[:40]}\"); cần từ 11 đến 14")
              for size, text in sorted(wrong_size.items())]
    return found


def _font(levels: Iterable[etree._Element], attribute: str) -> str | None:
    for level in levels:
        fonts = level.find(f"{_W}rFonts")
        if fonts is None:
            continue
        if fonts.get(f"{_W}{attribute}Theme") is not None:  # a theme font wins over the name
            return "của chủ đề (theme) " + fonts.get(f"{_W}{attribute}Theme", "")
        if fonts.get(f"{_W}{attribute}") is not None:
            return fonts.get(f"{_W}{attribute}")
    return None


def _points(size: float) -> str:
    return f"{size:g}".replace(".", ",")


# --------------------------------------------------------------------------------------------- #
# Header table, Số:, signature, Nơi nhận
# --------------------------------------------------------------------------------------------- #


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFC", text).upper().replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip()


def _header_and_marks(root: etree._Element) -> tuple[bool, set[str]]:
    body = root.find(f"{_W}body")
    blocks = [child for child in (body if body is not None else []) if child.tag in (f"{_W}p", f"{_W}tbl")]
    # the first thing on the page: a `{%p %}` line (the ballot paper repeats its page) prints nothing
    first = next((block for block in blocks if block.tag == f"{_W}tbl" or not _blank_line(block)), None)
    header = False
    marks: set[str] = set()
    if first is not None and first.tag == f"{_W}tbl":
        columns = first.findall(f"{_W}tblGrid/{_W}gridCol")
        lines = {_folded("".join(t.text or "" for t in p.iter(f"{_W}t"))) for p in first.iter(f"{_W}p")}
        header = len(columns) == 2 and NATIONAL_NAME in lines and MOTTO in lines
        text = "".join(t.text or "" for t in first.iter(f"{_W}t"))
        if re.search(r"\{\{\s*so_ky_hieu\s*\}\}|Số\s*:", text):
            marks.add("so")
    for table in root.iter(f"{_W}tbl"):
        for cell in table.iter(f"{_W}tc"):
            lines = ["".join(t.text or "" for t in p.iter(f"{_W}t")).strip() for p in cell.findall(f"{_W}p")]
            if any(_folded(line) == "NƠI NHẬN:" for line in lines):
                marks.add("noi_nhan")
            if _room_to_sign(lines):
                marks.add("signature")
    return header, marks


def _blank_line(paragraph: etree._Element) -> bool:
    text = "".join(t.text or "" for t in paragraph.iter(f"{_W}t")).strip()
    return not text or bool(_PARAGRAPH_TAG.match(text))


def _room_to_sign(lines: list[str]) -> bool:
    """Two empty lines or more (a `{%p %}` line does not count either way) above a line with a
    field: the signer's name filled in under the room to sign and seal."""
    empty = 0
    for line in lines:
        if _PARAGRAPH_TAG.match(line):
            continue
        if not line:
            empty += 1
            continue
        if empty >= 2 and "{{" in line:
            return True
        empty = 0
    return False


__all__ = ["Layout", "check_template", "missing_marks"]
