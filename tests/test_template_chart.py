"""tools/template_chart.py: the one piece of a template written as code (the chart a run fills).

The templates are edited in Word; only a lost chart is put back with this helper, into a new file.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
from lxml import etree

from pipeline.documents.chart import GROUPS, ChartData, axis_bounds
from pipeline.documents.render import DocTemplate

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "template_chart.py"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _with_marker(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Biểu đồ tổng điểm năm {{ nam }}:")
    document.add_paragraph("[BIỂU ĐỒ]")
    document.add_paragraph("Hết.")
    document.save(str(path))


def _run(*args: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True, timeout=120)


def test_chart_put_at_the_marker_is_filled_by_a_run(tmp_path: Path) -> None:
    source, target = tmp_path / "mau.docx", tmp_path / "mau_co_bieu_do.docx"
    _with_marker(source)
    before = source.read_bytes()
    done = _run(source, target)
    assert done.returncode == 0, done.stderr
    assert source.read_bytes() == before  # the template read is never written
    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    assert "[BIỂU ĐỒ]" not in texts and texts[0] == "Biểu đồ tổng điểm năm {{ nam }}:"

    totals = [Decimal("97"), Decimal("95.5"), Decimal("90")]
    groups = ((totals[0], None, None), (None, totals[1], None), (None, None, totals[2]))
    data = ChartData(("Cục Thuế & Hải quan", "Sở Tài chính", "Sở <Nội vụ>"), groups, *axis_bounds(totals))
    rendered = DocTemplate(target).render({"nam": 2020}, dt.date(2021, 1, 15), "t", "a", chart=data)
    with zipfile.ZipFile(__import__("io").BytesIO(rendered)) as archive:
        charts = [n for n in archive.namelist() if n.startswith("word/charts/chart")]
        assert len(charts) == 1
        root = etree.fromstring(archive.read(charts[0]))
        assert "Biểu đồ tổng điểm năm 2020:" in archive.read("word/document.xml").decode()
    series = root.findall(f".//{C}ser")
    assert [s.find(f"{C}tx//{C}v").text for s in series] == list(GROUPS)
    categories = [v.text for v in series[0].find(f"{C}cat").iter(f"{C}v")]
    assert categories == ["Cục Thuế & Hải quan", "Sở Tài chính", "Sở <Nội vụ>"]
    assert [v.text for v in series[1].find(f"{C}val").iter(f"{C}v")] == ["95.5"]


def test_refuses_to_overwrite_and_says_where_the_marker_goes(tmp_path: Path) -> None:
    source = tmp_path / "mau.docx"
    _with_marker(source)
    before = source.read_bytes()
    same = _run(source, source)
    assert same.returncode == 2 and "không bị ghi đè" in same.stderr
    assert source.read_bytes() == before
    plain = tmp_path / "khong_danh_dau.docx"
    docx.Document().save(str(plain))
    missing = _run(plain, tmp_path / "ra.docx")
    assert missing.returncode == 1 and "[BIỂU ĐỒ]" in missing.stderr
    assert not (tmp_path / "ra.docx").exists()
