"""The report's chart of totals: a horizontal bar per unit, best at the top, as a PNG.

matplotlib is imported here only, when a chart is drawn, and through its object API (no
pyplot): that keeps it out of start-up and out of global state shared between blocks.
"""

from __future__ import annotations

import textwrap
from io import BytesIO

from .model import UnitResult
from .text import format_number

WIDTH_CM = 16.0


def chart_png(results: list[UnitResult]) -> tuple[bytes, float]:
    """The PNG and its height in cm for a width of `WIDTH_CM`."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = ["\n".join(textwrap.wrap(r.unit.name, 34)) or r.unit.code for r in results]
    totals = [float(r.total) for r in results]
    height_in = max(2.5, 0.42 * len(results) + 0.9)
    width_in = WIDTH_CM / 2.54
    figure = Figure(figsize=(width_in, height_in), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(results)))[::-1]
    bars = axes.barh(positions, totals, color="#2f5597", height=0.6)
    axes.set_yticks(positions, labels, fontsize=7)
    axes.tick_params(axis="x", labelsize=7)
    top = max(totals + [1.0])
    axes.set_xlim(0, top * 1.12)
    for bar, result in zip(bars, results):
        axes.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2,
                  format_number(result.total), va="center", fontsize=7)
    axes.set_xlabel("Tổng điểm", fontsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue(), height_in * 2.54
