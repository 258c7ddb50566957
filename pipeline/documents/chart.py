"""The report's chart of totals: a native Word chart whose look lives in the template.

The template holds a bar chart (`word/charts/chartN.xml`, put there once by
`tools/template_chart.py` and restyled in Word like any chart). A run changes only what depends on the block: the
categories (unit names, best first), the values of each series, the value axis' bounds and step
(so that totals between 85 and 97 do not sit on bars that start at zero), the legend entries of
series that have no unit this year, and the embedded workbook behind Word's "Edit data".
Colours, fonts, labels and the legend's place stay as the template has them.

The template's series, in order, hold: units proposed for an award, barred units, all others
(`GROUPS`). A template with fewer series puts the remaining groups into its last one.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from io import BytesIO
from typing import Sequence

from lxml import etree
from xlsxwriter.utility import xl_col_to_name

from ..model import UnitResult
from ..text import round_score

GROUPS = ("Đề nghị khen thưởng", "Không đủ điều kiện", "Các đơn vị khác")
SHEET = "Sheet1"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_NS = {"c": C}
# rows of height the axis and the legend take, beside one row per unit (for the chart's height)
OVERHEAD_ROWS = 3.0
_MAX_HEIGHT_EMU = 22 * 360000
# characters XML 1.0 cannot hold (a chart part or a workbook with one does not open): left out
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
MIN_SPAN = 5.0  # a chart taller than the page's text area would not print
# Where the bars stand in the chart, as fractions of its width and height (Word: Format Plot Area):
# the units' names get 42% of the width (a line holds about 44 letters; a longer name takes two
# lines and its row more room, `ChartTemplate.height`). Left to lay the chart out itself,
# LibreOffice wraps long names (`Ban Quản lý các khu công nghiệp tỉnh`) and then names only every
# other bar. The shipped template holds it; a chart without one (a staff copy made by an earlier
# version, or a chart put in with Word) gets it.
PLOT_AREA = {"x": 0.42, "y": 0.03, "w": 0.53, "h": 0.75}
# letters of a name on one line in that width (10 pt Times New Roman, the template's 16.5 cm: a name
# wraps after about 48), and the room a second line takes, in rows of the template's height
_NAME_CHARS = 44
_EXTRA_LINE = 0.7


def _c(tag: str) -> str:
    return f"{{{C}}}{tag}"


@dataclass(frozen=True)
class ChartData:
    """What a block's chart shows: one category per unit, one value list per group."""

    categories: tuple[str, ...]
    groups: tuple[tuple[Decimal | None, ...], ...]  # per group in `GROUPS` order, per category
    minimum: Decimal
    maximum: Decimal
    step: Decimal


def chart_data(results: Sequence[UnitResult]) -> ChartData:
    """Units best first, each in its group: proposed, barred, the others."""
    categories = tuple(_NOT_XML.sub("", r.unit.name or r.unit.code) for r in results)
    groups: list[list[Decimal | None]] = [[None] * len(results) for _ in GROUPS]
    for index, result in enumerate(results):
        group = 0 if result.award else 1 if result.unit.barred_reason else 2
        groups[group][index] = round_score(result.total)  # a formula's 78,50666... shows as 78,51
    minimum, maximum, step = axis_bounds([r.total for r in results])
    return ChartData(categories, tuple(tuple(g) for g in groups), minimum, maximum, step)


def axis_bounds(totals: Sequence[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """Round bounds and step of the value axis around the totals, so that differences show.

    The step is 1, 2 or 5 times a power of ten, about six steps over the totals' range (at least
    `MIN_SPAN` points, so that half a point between two units does not look like a chasm); the
    axis starts one half-step below the lowest total (at zero when that would go below it for
    positive totals) and ends far enough past the highest for its value label.
    """
    if not totals:
        return Decimal(0), Decimal(1), Decimal(1)
    low, high = min(totals), max(totals)
    span = max(float(high - low), MIN_SPAN)
    raw = span / 6
    power = 10 ** math.floor(math.log10(raw))
    step = next(Decimal(str(n)) * Decimal(str(power)) for n in (1, 2, 5, 10) if n * power >= raw)
    minimum = _floor_to(low - step / 2, step)
    if low >= 0 > minimum:
        minimum = Decimal(0)
    maximum = _ceil_to(high + step * Decimal("0.6"), step)
    return minimum.normalize(), maximum.normalize(), step.normalize()


def _floor_to(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding="ROUND_FLOOR") * step


def _ceil_to(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding="ROUND_CEILING") * step


def number_text(value: Decimal) -> str:
    """A number as chart XML and Excel store it: `95.5`, `100`."""
    text = f"{value.normalize():f}"
    return text


def workbook(data: ChartData, series_names: Sequence[str], when: dt.date) -> bytes:
    """The embedded workbook Word's "Edit data" opens: units in column A, one column per series.

    Every text is written as text: a unit named `=...` never becomes a formula."""
    import xlsxwriter

    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"created": dt.datetime.combine(when, dt.time())})
    sheet = book.add_worksheet(SHEET)
    sheet.write_string(0, 0, "Đơn vị")
    for column, name in enumerate(series_names, start=1):
        sheet.write_string(0, column, name)
    for row, name in enumerate(data.categories, start=1):
        sheet.write_string(row, 0, name)
    for column, values in enumerate(_series_values(data, len(series_names)), start=1):
        for row, value in enumerate(values, start=1):
            if value is not None:
                sheet.write_number(row, column, float(value))
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, len(series_names), 14)
    book.close()
    return buffer.getvalue()


def _series_values(data: ChartData, count: int) -> list[tuple[Decimal | None, ...]]:
    """The groups folded into `count` series: the last series takes every group past it."""
    if count <= 0:
        return []
    kept = [list(g) for g in data.groups[:count]]
    for extra in data.groups[count:]:
        kept[-1] = [a if a is not None else b for a, b in zip(kept[-1], extra)]
    return [tuple(v) for v in kept]


class ChartTemplate:
    """One chart part of a template, parsed once, filled for each block."""

    def __init__(self, xml: bytes) -> None:
        self.root = etree.fromstring(xml)
        self.series = self.root.findall(".//c:ser", _NS)
        self.names = [_series_name(s, i) for i, s in enumerate(self.series)]
        cached = self.root.find(".//c:ser/c:cat//c:ptCount", _NS)
        count = cached.get("val", "") if cached is not None else ""
        # how many units the template's chart was drawn for (its height per row); a count edited by
        # hand into something else is none: the chart keeps the template's height
        self.categories = int(count) if count.isascii() and count.isdigit() else 0

    def fill(self, data: ChartData, growth: float = 1.0) -> bytes:
        """The chart part for `data`, drawn `growth` times as tall as in the template."""
        root = copy.deepcopy(self.root)
        series = root.findall(".//c:ser", _NS)
        values = _series_values(data, len(series))
        rows = len(data.categories)
        for index, (ser, vals) in enumerate(zip(series, values)):
            letter = xl_col_to_name(index + 1)
            _replace(ser, "cat", _categories(data.categories, rows))
            _replace(ser, "val", _values(vals, f"{SHEET}!${letter}$2:${letter}${rows + 1}"))
        for axis in root.iterfind(".//c:valAx", _NS):
            _scale(axis, data)
        _place_plot_area(root)
        _keep_margins(root, growth)
        _leave_out_empty_series(series, values)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def height(self, template_height: int, names: Sequence[str]) -> int:
        """The chart's height for the units `names`, keeping the template's height per row (at
        least 0.6 of the template's height, at most a page's text). A row whose name takes two
        lines in `PLOT_AREA`'s width gets 1.7 times the room (LibreOffice names every other bar
        otherwise: seen with names of 66 to 72 letters at 4, 6, 11, 24 and 40 units; all named at 1.7)."""
        if self.categories <= 0:
            return template_height
        per_row = template_height / (self.categories + OVERHEAD_ROWS)
        lines = max((math.ceil(len(name) / _NAME_CHARS) for name in names), default=1)
        rows = len(names) * (1 + _EXTRA_LINE * (min(lines, 3) - 1)) + OVERHEAD_ROWS
        return int(min(_MAX_HEIGHT_EMU, max(template_height * 0.6, per_row * rows)))


@lru_cache(maxsize=8)
def chart_template(xml: bytes) -> ChartTemplate:
    return ChartTemplate(xml)


def _series_name(ser: etree._Element, index: int) -> str:
    text = "".join(ser.xpath("c:tx//c:v/text()", namespaces=_NS)).strip()
    return text or (GROUPS[index] if index < len(GROUPS) else f"Nhóm {index + 1}")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _c(tag), attrs)
    if text is not None:
        element.text = text
    return element


def _categories(names: Sequence[str], rows: int) -> etree._Element:
    cat = etree.Element(_c("cat"))
    ref = _sub(cat, "strRef")
    _sub(ref, "f", f"{SHEET}!$A$2:$A${rows + 1}")
    cache = _sub(ref, "strCache")
    _sub(cache, "ptCount", val=str(rows))
    for index, name in enumerate(names):
        _sub(_sub(cache, "pt", idx=str(index)), "v", name)
    return cat


def _values(values: Sequence[Decimal | None], ref: str) -> etree._Element:
    val = etree.Element(_c("val"))
    num = _sub(val, "numRef")
    _sub(num, "f", ref)
    cache = _sub(num, "numCache")
    _sub(cache, "formatCode", "General")
    _sub(cache, "ptCount", val=str(len(values)))
    for index, value in enumerate(values):
        if value is not None:
            _sub(_sub(cache, "pt", idx=str(index)), "v", number_text(value))
    return val


def _replace(ser: etree._Element, tag: str, new: etree._Element) -> None:
    """Put `new` where the series has `tag`, or where the schema wants it when it has none."""
    old = ser.find(f"c:{tag}", _NS)
    if old is not None:
        old.getparent().replace(old, new)
        return
    # c:ser of a bar chart: idx order tx spPr invertIfNegative pictureOptions dPt dLbls trendline errBars cat val
    following = ("val", "shape", "extLst") if tag == "cat" else ("shape", "extLst")
    for name in following:
        anchor = ser.find(f"c:{name}", _NS)
        if anchor is not None:
            anchor.addprevious(new)
            return
    ser.append(new)


_SCALING_ORDER = ("logBase", "orientation", "max", "min", "extLst")
_VALAX_AFTER_UNIT = ("minorUnit", "dispUnits", "extLst")


def _scale(axis: etree._Element, data: ChartData) -> None:
    scaling = axis.find("c:scaling", _NS)
    if scaling is None:
        scaling = etree.Element(_c("scaling"))
        axis.insert(1, scaling)
    for tag in ("max", "min"):
        for old in scaling.findall(f"c:{tag}", _NS):
            scaling.remove(old)
    value = {"max": data.maximum, "min": data.minimum}
    for tag in ("max", "min"):
        element = etree.Element(_c(tag), val=number_text(value[tag]))
        later = [scaling.find(f"c:{t}", _NS) for t in _SCALING_ORDER[_SCALING_ORDER.index(tag) + 1:]]
        anchor = next((e for e in later if e is not None), None)
        if anchor is not None:
            anchor.addprevious(element)
        else:
            scaling.append(element)
    unit = axis.find("c:majorUnit", _NS)
    if unit is None:
        unit = etree.Element(_c("majorUnit"))
        anchor = next((e for e in (axis.find(f"c:{t}", _NS) for t in _VALAX_AFTER_UNIT) if e is not None), None)
        if anchor is not None:
            anchor.addprevious(unit)
        else:
            axis.append(unit)
    unit.set("val", number_text(data.step))


def _place_plot_area(root: etree._Element) -> None:
    """`PLOT_AREA` for a chart whose plot area is laid out automatically; one placed by hand stays."""
    area = root.find("c:chart/c:plotArea", _NS)
    if area is None:
        return
    placed = area.find("c:layout/c:manualLayout", _NS)
    if placed is not None:
        if any(placed.find(f"c:{tag}", _NS) is not None for tag in PLOT_AREA):
            return
        placed.getparent().remove(placed)  # `<c:manualLayout/>` places nothing: laid out automatically
    layout = area.find("c:layout", _NS)
    if layout is None:
        layout = etree.Element(_c("layout"))
        area.insert(0, layout)
    manual = _sub(layout, "manualLayout")
    _sub(manual, "layoutTarget", val="inner")
    _sub(manual, "xMode", val="edge")
    _sub(manual, "yMode", val="edge")
    for tag, value in PLOT_AREA.items():
        _sub(manual, tag, val=str(value))


def _keep_margins(root: etree._Element, growth: float) -> None:
    """A plot area placed by hand (`manualLayout`) keeps its margins above and below in
    centimetres when the chart grows or shrinks with the units: the value axis and the legend
    under it need the same room for 24 units as for 4."""
    layout = root.find("c:chart/c:plotArea/c:layout/c:manualLayout", _NS)
    if layout is None or growth == 1.0:
        return
    mode, top, tall = (layout.find(f"c:{tag}", _NS) for tag in ("yMode", "y", "h"))
    if top is None or tall is None or mode is None or mode.get("val") != "edge":
        return  # a "factor" layout moves the area from where it would be: nothing to keep
    y, h = _fraction(top.get("val", "0")), _fraction(tall.get("val", "1"))
    if y is None or h is None:
        return  # edited by hand into something not a number: left as staff wrote it
    below = max(0.0, 1.0 - y - h)
    top.set("val", f"{y / growth:.4f}")
    tall.set("val", f"{max(0.05, 1.0 - (y + below) / growth):.4f}")


def _fraction(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _leave_out_empty_series(series: Sequence[etree._Element], values: Sequence[Sequence[Decimal | None]]) -> None:
    """A group with no unit this year (no barred unit, say) is left out of the chart, so neither
    its bars nor its legend entry show. (Hiding its legend entry instead named the wrong group in
    LibreOffice when two were empty: it counts the entries in the order it shows them, reversed
    for this chart, where Word counts the series.)"""
    empty = [ser for ser, vals in zip(series, values) if all(v is None for v in vals)]
    if len(empty) == len(series):
        return
    for ser in empty:
        ser.getparent().remove(ser)


_EXTENT = re.compile(rb'(<wp:extent cx="\d+" cy=")(\d+)(")')


def resize(document_xml: bytes, rel_id: str, chart: ChartTemplate, names: Sequence[str]) -> tuple[bytes, float]:
    """The inline chart `rel_id` made as tall as the rows of the units `names` need (in the
    document's XML), and how many times its template's height that is."""
    marker = f'r:id="{rel_id}"'.encode()
    at = document_xml.find(marker)
    if at < 0:
        return document_xml, 1.0
    start = document_xml.rfind(b"<wp:inline", 0, at)
    match = _EXTENT.search(document_xml, start, at) if start >= 0 else None
    if match is None:
        return document_xml, 1.0
    before = int(match.group(2))
    height = chart.height(before, names)
    growth = height / before if before > 0 else 1.0
    return document_xml[: match.start(2)] + str(height).encode() + document_xml[match.end(2):], growth


__all__ = ["GROUPS", "ChartData", "ChartTemplate", "axis_bounds", "chart_data", "chart_template", "resize",
           "workbook"]
