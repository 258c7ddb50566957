"""The report's chart of totals: a horizontal bar per unit, best at the top, as a PNG.

matplotlib is imported here only, when a chart is drawn, and through its object API (no
pyplot): that keeps it out of start-up and out of global state. Building a figure costs about
as much as drawing it, so a process keeps one figure per unit count and only changes its
labels, bar widths and values for the next block. Fixed margins instead of tight_layout (which
draws a second time); each bar carries its value, so no x axis is drawn.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Callable

from ..model import UnitResult
from ..text import format_number

WIDTH_CM = 16.0
_LABEL_CHARS = 34
_ROW_IN = 0.36
_PAD_IN = 0.25
_DPI = 150


@dataclass
class _Drawing:
    canvas: Any
    axes: Any
    bars: list[Any]
    values: list[Any]
    height_in: float


_DRAWINGS: dict[int, _Drawing] = {}


def _drawing(count: int) -> _Drawing:
    if count in _DRAWINGS:
        return _DRAWINGS[count]
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height_in = _ROW_IN * max(count, 3) + 2 * _PAD_IN
    figure = Figure(figsize=(WIDTH_CM / 2.54, height_in), dpi=_DPI)
    canvas = FigureCanvasAgg(figure)
    figure.subplots_adjust(left=0.36, right=0.97, top=1 - _PAD_IN / height_in, bottom=_PAD_IN / height_in)
    axes = figure.add_subplot()
    positions = list(range(count))[::-1]
    bars = list(axes.barh(positions, [1.0] * count, color="#2f5597", height=0.62))
    axes.set_yticks(positions, [""] * count, fontsize=7)
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(-0.6, count - 0.4)
    values = [axes.text(0, position, "", va="center", fontsize=7) for position in positions]
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    _DRAWINGS[count] = _Drawing(canvas, axes, bars, values, height_in)
    return _DRAWINGS[count]


def chart_png(results: list[UnitResult]) -> tuple[bytes, float]:
    """The PNG and its height in cm for a width of `WIDTH_CM`."""
    drawing = _drawing(len(results))
    totals = [float(r.total) for r in results]
    top = max(totals + [1.0])
    drawing.axes.set_xlim(0, top * 1.1)
    drawing.axes.set_yticklabels(
        ["\n".join(textwrap.wrap(r.unit.name, _LABEL_CHARS)) or r.unit.code for r in results], fontsize=7
    )
    for bar, value, total, result in zip(drawing.bars, drawing.values, totals, results):
        bar.set_width(total)
        value.set_x(total + top * 0.01)
        value.set_text(format_number(result.total))
    buffer = BytesIO()
    drawing.canvas.print_png(buffer, metadata={"Software": None}, pil_kwargs={"compress_level": 3})
    return buffer.getvalue(), drawing.height_in * 2.54


def later(results: list[UnitResult]) -> Callable[[], tuple[bytes, float]]:
    """The chart drawn in this process, when it is asked for."""
    return lambda: chart_png(results)


class ChartHelper:
    """Draws charts in a forked helper process, started before the blocks are read.

    Importing matplotlib takes longer than reading and rendering a whole block; on a machine with
    a second core the helper pays for it while the main process reads the workbooks. Where fork
    is not available, or the helper fails, charts are drawn in this process.
    """

    def __init__(self) -> None:
        import multiprocessing

        self._conn: Any = None
        self._process: Any = None
        self._used = False
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True)
        self._process.start()
        child.close()

    def submit(self, results: list[UnitResult]) -> Callable[[], tuple[bytes, float]]:
        """Start drawing; the returned call waits for the PNG and its height."""
        if self._conn is not None:
            try:
                self._conn.send(results)
                self._used = True
                return lambda: self._receive(results)
            except (OSError, ValueError):
                self.close()
        return later(results)

    def _receive(self, results: list[UnitResult]) -> tuple[bytes, float]:
        if self._conn is not None:
            try:
                return self._conn.recv()
            except (EOFError, OSError):
                self.close()
        return chart_png(results)

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.send(None)
            except (OSError, ValueError):
                pass
            self._conn.close()
            self._conn = None
        if self._process is not None:
            # no chart asked for (the input had errors): no need to wait for its imports
            self._process.join(timeout=5 if self._used else 0)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
            self._process = None


def _serve(conn: Any) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle, in one line
    from matplotlib import figure  # noqa: F401
    from matplotlib.backends import backend_agg  # noqa: F401  the slow part, done while the parent reads

    while True:
        try:
            results = conn.recv()
        except EOFError:
            return
        if results is None:
            return
        conn.send(chart_png(results))
