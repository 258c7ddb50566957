"""Hostile and damaged files made in tests, and a run of the CLI in a child process whose time
and peak memory are measured (with a hard cap, so a regression fails instead of eating the machine)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Generous bounds: a run of a small block takes a second or two and about 150 MB.
MEMORY_CAP_MB = 3000  # the child's address space; past it an allocation fails (exit 3)
PEAK_MB = 600
SECONDS = 90

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
start = time.perf_counter()
code = 0
if sys.argv[3] == "--python":
    try:
        exec(sys.argv[4])
    except SystemExit as exc:
        code = exc.code
else:
    from pipeline.cli import main
    code = main(sys.argv[3:])
seconds = time.perf_counter() - start
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
with open(sys.argv[2], "w") as out:
    json.dump({"code": code, "seconds": seconds, "peak_mb": peak / 1024}, out)
sys.exit(code)
"""


@dataclass
class Measured:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float

    def bounded(self) -> bool:
        return self.seconds < SECONDS and self.peak_mb < PEAK_MB


def run_child(args: list[str], tmp_path: Path, timeout: float = SECONDS * 2) -> Measured:
    """`python -m pipeline ARGS` in a child process with its address space capped."""
    return _measured([*args, "--jobs", "1"], tmp_path, timeout)


def run_python_child(code: str, tmp_path: Path, timeout: float = SECONDS * 2) -> Measured:
    """Python `code` in a child process, measured the same way (exit code from `sys.exit`)."""
    return _measured(["--python", code], tmp_path, timeout)


def _measured(args: list[str], tmp_path: Path, timeout: float) -> Measured:
    import resource

    report = tmp_path / f"measure-{time.monotonic_ns()}.json"
    cap = MEMORY_CAP_MB * 1024 * 1024

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(ROOT), str(report), *args],
        capture_output=True, text=True, timeout=timeout, preexec_fn=limit, cwd=tmp_path,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    facts = json.loads(report.read_text()) if report.exists() else {"seconds": timeout, "peak_mb": float("inf")}
    return Measured(done.returncode, done.stdout, done.stderr, facts["seconds"], facts["peak_mb"])


def sheet_member(path: Path, index: int = 0) -> str:
    with zipfile.ZipFile(path) as archive:
        members = sorted(n for n in archive.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n))
    return members[index]


def rewrite_member(path: Path, member: str, change) -> Path:  # type: ignore[no-untyped-def]
    """Rewrite one zip member of a saved workbook as bytes -> bytes (the others stay as they are)."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info.filename, change(data) if info.filename == member else data)
    return path


def add_to_sheet(path: Path, rows_xml: bytes, dimension: str | None = None, index: int = 0) -> Path:
    """Append raw `<row>` elements to a sheet's data (Excel writes rows in order: these go last),
    and optionally claim a used range, as a sheet formatted down to its last row does."""

    def change(xml: bytes) -> bytes:
        xml = xml.replace(b"</sheetData>", rows_xml + b"</sheetData>").replace(b"<sheetData/>", b"<sheetData>" + rows_xml + b"</sheetData>")
        if dimension:
            xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + dimension.encode() + b'"/>', xml)
        return xml

    return rewrite_member(path, sheet_member(path, index), change)


def formatted_rows(first: int, last: int = 1048576) -> bytes:
    """Whole rows formatted by staff (a fill or a border): no value, one element each."""
    return b"".join(b'<row r="%d" spans="1:7" s="0" customFormat="1" ht="15"/>' % r for r in range(first, last + 1))


def inflating_book(path: Path, inflated_mb: int) -> Path:
    """A small .xlsx whose sheet XML is padded with whitespace (legal XML) to `inflated_mb`:
    a compression bomb that a reader following the stream would inflate to the end."""
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "x"
    book.save(path)
    member = sheet_member(path)
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            if info.filename != member:
                archive.writestr(info.filename, data)
                continue
            head, _, rest = data.partition(b"<sheetData>")
            with archive.open(member, "w") as stream:
                stream.write(head)
                block = b" " * (1 << 20)
                for _ in range(inflated_mb):
                    stream.write(block)
                stream.write(b"<sheetData>" + rest)
    return path


def understate_size(path: Path, member: str, stated: int) -> Path:
    """Patch the zip so `member` claims to inflate to `stated` bytes (local header and directory)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        offset = 0
        while (offset := data.find(signature, offset)) >= 0:
            name_at = offset + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[offset + size_at:offset + size_at + 4] = stated.to_bytes(4, "little")
            offset += 4
    path.write_bytes(bytes(data))
    return path


def _inline(ref: str, value: object) -> bytes:
    from xml.sax.saxutils import escape

    if isinstance(value, (int, float)):
        return b'<c r="%s"><v>%s</v></c>' % (ref.encode(), str(value).encode())
    return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref.encode(), escape(str(value)).encode())


def faulty_score_sheet(path: Path, unit: str, criteria: list[tuple[str, float]], faulty: int) -> Path:
    """A score sheet whose table holds `faulty` rows with unknown codes before the real ones:
    hundreds of thousands of faults in one sheet (written as XML: openpyxl would take minutes)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Chấm điểm"
    book.save(path)
    lines = [[f"Đơn vị: {unit}"], ["STT", "Mã tiêu chí", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Điểm khối chấm"]]
    rows = []
    for number, values in enumerate(lines, start=1):
        rows.append(b'<row r="%d">' % number + b"".join(_inline(f"{'ABCDEF'[i]}{number}", v) for i, v in enumerate(values)) + b"</row>")
    number = len(lines)
    for index in range(faulty):
        number += 1
        rows.append(b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>X%d</t></is></c><c r="E%d"><v>5</v></c><c r="F%d"><v>5</v></c></row>'
                    % (number, number, index, number, number))
    for code, score in criteria:
        number += 1
        rows.append(b'<row r="%d">' % number + _inline(f"B{number}", code) + _inline(f"E{number}", score)
                    + _inline(f"F{number}", score) + b"</row>")
    return add_to_sheet(path, b"".join(rows))
