"""The report's chart of totals: a horizontal bar per unit, best at the top, as a PNG.

matplotlib is imported here only, when a chart is drawn, and through its object API (no
pyplot): that keeps it out of start-up and out of global state shared between blocks. The
chart is drawn once, with fixed margins instead of tight_layout (which draws it a second time),
and each bar carries its value, so no x axis is drawn.
"""

from __future__ import annotations

import textwrap
from io import BytesIO

from .model import UnitResult
from .text import format_number

WIDTH_CM = 16.0
_LABEL_CHARS = 34
_ROW_IN = 0.36
_PAD_IN = 0.25


def chart_png(results: list[UnitResult]) -> tuple[bytes, float]:
    """The PNG and its height in cm for a width of `WIDTH_CM`."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = ["\n".join(textwrap.wrap(r.unit.name, _LABEL_CHARS)) or r.unit.code for r in results]
    totals = [float(r.total) for r in results]
    height_in = _ROW_IN * max(len(results), 3) + 2 * _PAD_IN
    figure = Figure(figsize=(WIDTH_CM / 2.54, height_in), dpi=150)
    canvas = FigureCanvasAgg(figure)
    figure.subplots_adjust(left=0.36, right=0.97, top=1 - _PAD_IN / height_in, bottom=_PAD_IN / height_in)
    axes = figure.add_subplot()
    positions = list(range(len(results)))[::-1]
    axes.barh(positions, totals, color="#2f5597", height=0.62)
    axes.set_yticks(positions, labels, fontsize=7)
    axes.tick_params(axis="y", length=0)
    top = max(totals + [1.0])
    axes.set_xlim(0, top * 1.1)
    axes.set_ylim(-0.6, len(results) - 0.4)
    for position, total, result in zip(positions, totals, results):
        axes.text(total + top * 0.01, position, format_number(result.total), va="center", fontsize=7)
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    buffer = BytesIO()
    canvas.print_png(buffer, metadata={"Software": None}, pil_kwargs={"compress_level": 3})
    return buffer.getvalue(), height_in * 2.54
