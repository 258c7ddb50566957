"""Hostile and damaged workbooks (issue 13): cells far from the data, compressed bombs, repeats
that stand for millions of values. Each run is a child process whose time and peak memory are
measured; each asserts the exit code, the message's file and cell, and the output folder."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from builders import default_case, edit_book, ods_bytes, score_path, write_case, xls_bytes
from hostile import add_to_sheet, formatted_rows, inflating_book, run_child, sheet_member, understate_size
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline import run
from pipeline.problems import InputError
from pipeline.read import workbook
from pipeline.read.workbook import open_workbook

# hostile files run in child processes under a memory cap, bombs among them: `make test-fast` leaves them out
pytestmark = pytest.mark.slow

DOCUMENTS = {"bao_cao_tong_ket_2020.docx", "to_trinh_khen_thuong_2020.docx", "giao_uoc_thi_dua_2021.docx",
             "bang_diem_2020.xlsx"}


def _far_cells(tmp_path: Path) -> Path:
    """One block whose four score sheets each carry a different thing far from the data."""
    root = write_case(default_case(STC=95), tmp_path / "in")
    edit_book(score_path(root, "STC"), lambda b: b.active.__setitem__("XFD1048576", " "))  # a space typed last
    edit_book(score_path(root, "SKHDT"), lambda b: b.active.__setitem__("XFD1048576", "x"))  # a value there
    edit_book(score_path(root, "CT"), lambda b: b.active.__setitem__("XFD10000", "ghi chú"))  # 5 GB for calamine
    # formatted down to the last row, the used range claiming the whole sheet, a styled cell last
    add_to_sheet(score_path(root, "SNV"), formatted_rows(40, 1048575) + b'<row r="1048576"><c r="XFD1048576" s="0"/></row>',
                 dimension="A1:XFD1048576")
    return root


def test_cells_far_from_the_data_are_read_in_bounded_time_and_memory(tmp_path):
    root = _far_cells(tmp_path)
    out = tmp_path / "out"
    measured = run_child(["2020", "--input", str(root), "--output", str(out)], tmp_path)
    assert measured.code == 0, measured.err
    assert measured.bounded(), (measured.seconds, measured.peak_mb)
    assert DOCUMENTS <= {p.name for p in (out / "2020").iterdir()}
    print(f"far cells: {measured.seconds:.1f} s, {measured.peak_mb:.0f} MB")


def test_a_value_far_away_keeps_its_cell(tmp_path):
    path = tmp_path / "far.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["B2"], sheet["C3"], sheet["XFD1048576"], sheet["XFD2"] = "Đơn vị: Sở Tài chính", 9.5, "cuối", "xa"
    book.save(path)
    read = open_workbook(path, "far.xlsx").sheets[0]
    assert read.value(1, 1) == "Đơn vị: Sở Tài chính" and read.value(2, 2) == 9.5
    assert read.value(1048575, 16383) == "cuối" and read.value(1, 16383) == "xa"
    assert len(read.rows) == 1048576 and read.rows[5] == ()


def test_a_formula_never_calculated_is_told_on_a_repacked_sheet(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")

    def change(book):  # type: ignore[no-untyped-def]
        book.active["F7"] = "=E7"  # Điểm khối chấm of 1.1, written by a program, never calculated
        book.active["XFD1048576"] = "x"

    edit_book(score_path(root, "STC"), change)
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out", write=False)
    assert [(p.file, p.sheet, p.cell, p.code) for p in caught.value.problems if p.severity == "error"] == [
        ("diem/stc.xlsx", "Chấm điểm", "F7", "formula_not_calculated")]


def test_values_spread_over_too_many_cells_are_refused_at_the_far_cell(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    rows = b"".join(b'<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>' % (r, r)
                    for r in range(100, 400))
    add_to_sheet(score_path(root, "CT"), rows)
    measured = run_child(["2020", "--input", str(root), "--output", str(tmp_path / "out")], tmp_path)
    assert measured.code == 1 and measured.bounded(), (measured.err, measured.seconds, measured.peak_mb)
    assert "diem/ct.xlsx › Chấm điểm › XFD399: Sheet có dữ liệu ở ô XFD399, rải rác quá xa bảng" in measured.err
    assert not (tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx").exists()


def test_a_compressed_bomb_is_refused_by_its_inflated_size(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    inflating_book(root / "2020" / "diem" / "bom.xlsx", workbook.MAX_INFLATED_MB + 10)
    assert (root / "2020" / "diem" / "bom.xlsx").stat().st_size < 2 * 1024 * 1024
    measured = run_child(["2020", "--input", str(root), "--output", str(tmp_path / "out")], tmp_path)
    assert measured.code == 1 and measured.bounded(), (measured.err, measured.seconds, measured.peak_mb)
    assert "diem/bom.xlsx: Tệp nén chứa dữ liệu giải nén ra quá lớn (160,0 MB, tối đa 150 MB)" in measured.err
    print(f"bomb: {measured.seconds:.1f} s, {measured.peak_mb:.0f} MB")


def test_a_part_that_inflates_far_more_than_any_workbook_is_refused(tmp_path):
    path = inflating_book(tmp_path / "rong.xlsx", 40)  # under the size limit, but 1000 times its packed size
    with pytest.raises(workbook.WorkbookProblem) as caught:
        open_workbook(path, "rong.xlsx")
    assert caught.value.problem.format().startswith(
        "rong.xlsx: Một phần của tệp nén giải nén ra 40,0 MB, gấp hơn 250 lần khi nén")


def test_a_part_that_inflates_past_its_stated_size_is_refused(tmp_path):
    path = inflating_book(tmp_path / "bom.xlsx", 20)
    understate_size(path, sheet_member(path), 2000)
    with pytest.raises(workbook.WorkbookProblem) as caught:
        open_workbook(path, "bom.xlsx")
    assert caught.value.problem.code == "file_unreadable"


def test_ods_repeats_and_a_far_xls_cell_are_refused(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    data = ods_bytes({"S": [["x"]]})
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        content = archive.read("content.xml").decode()
    bomb = content.replace(
        "</table:table>",
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000"'
        ' office:value-type="string"><text:p>y</text:p></table:table-cell></table:table-row></table:table>')
    far = content.replace(
        "</table:table>",
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="200"/><table:table-cell'
        ' office:value-type="string"><text:p>z</text:p></table:table-cell></table:table-row></table:table>')
    for name, body in (("bom.ods", bomb), ("xa.ods", far)):
        with zipfile.ZipFile(root / "2020" / "diem" / name, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            archive.writestr("content.xml", body)
    # an .xls with a value in its last cell: calamine's grid would be 65536 x 256 cells (1 GB)
    far_rows: list[list[object]] = [["Đơn vị: Cục Thuế"]] + [[] for _ in range(65534)] + [[None] * 255 + ["x"]]
    (root / "2020" / "diem" / "cuoi.xls").write_bytes(xls_bytes({"Chấm điểm": far_rows}))
    measured = run_child(["2020", "--input", str(root), "--output", str(tmp_path / "out")], tmp_path)
    assert measured.code == 1 and measured.bounded(), (measured.err, measured.seconds, measured.peak_mb)
    assert "diem/cuoi.xls › Chấm điểm › IV65536: Sheet có dữ liệu ở ô IV65536" in measured.err
    assert "diem/bom.ods › S: Tệp có quá nhiều ô chứa dữ liệu (hơn 2.000.000 ô)" in measured.err
    assert "diem/xa.ods › S › GS1000002: Sheet có dữ liệu ở ô GS1000002" in measured.err


def test_too_many_values_in_one_workbook_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_CELLS", 50)
    root = write_case(default_case(STC=95), tmp_path / "in")
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out", write=False)
    found = {(p.file, p.code) for p in caught.value.problems}
    assert ("khoi.xlsx", "file_too_many_cells") in found


_VALUES = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False, width=32),
                    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8),
                    st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.dictionaries(st.tuples(st.integers(0, 40), st.integers(0, 12)), _VALUES, max_size=30))
@example(cells={(0, 0): " ", (0, 1): 0})  # a space before a value: kept as a space (it was read as "")
@example(cells={(0, 0): 1, (0, 1): " "})  # a space at a row's end: trimmed as calamine's own read trims it
def test_the_repacked_read_equals_calamines_own(tmp_path, monkeypatch, cells):
    from openpyxl import Workbook

    book = Workbook()
    for (row, col), value in cells.items():
        book.active.cell(row=row + 1, column=col + 1, value=value)
    book.active.cell(row=200, column=300, value="xa")
    path = tmp_path / "case.xlsx"
    book.save(path)
    direct = open_workbook(path, "case.xlsx").sheets[0].rows
    monkeypatch.setattr(workbook, "DENSE_CELLS", 0)
    assert open_workbook(path, "case.xlsx").sheets[0].rows == direct
    monkeypatch.undo()


def test_hundreds_of_thousands_of_faulty_rows_give_a_bounded_list(tmp_path):
    from builders import totals_scores
    from hostile import faulty_score_sheet

    root = write_case(default_case(STC=95), tmp_path / "in")
    criteria = [(code, scores[1]) for code, scores in totals_scores(78).items()]
    faulty_score_sheet(score_path(root, "CT"), "Cục Thuế", criteria, 200_000)
    out = tmp_path / "out"
    measured = run_child(["2020", "--input", str(root), "--output", str(out)], tmp_path)
    assert measured.code == 1 and measured.bounded(), (measured.err[-800:], measured.seconds, measured.peak_mb)
    lines = measured.err.splitlines()
    unknown = [line for line in lines if "không có trong khoi.xlsx › TieuChi" in line]
    assert len(unknown) == 100 and unknown[0].startswith("diem/ct.xlsx › Chấm điểm › B3: Mã tiêu chí \"X0\"")
    assert "diem/ct.xlsx › Chấm điểm: Còn 199.900 dòng lỗi khác trong sheet này" in measured.err
    assert "diem/ct.xlsx: Không tạo bản sao tô đỏ cho tệp này vì tệp quá lớn" in measured.err
    assert not (out / "2020" / "bao_cao_tong_ket_2020.docx").exists()
    print(f"200.000 faulty rows: {measured.seconds:.1f} s, {measured.peak_mb:.0f} MB")


def test_a_marked_copy_is_bounded_and_says_how_many_more(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from pipeline.write import error_books

    monkeypatch.setattr(error_books, "MAX_MARKS", 3)
    root = write_case(default_case(STC=95), tmp_path / "in")
    edit_book(score_path(root, "STC"), lambda b: [b.active.__setitem__(f"F{r}", "x") for r in range(7, 13)])
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out", jobs=1)
    copy = tmp_path / "out" / "2020" / "loi" / "diem" / "stc.xlsx"
    assert caught.value.error_books == [copy]
    marked = [c.coordinate for row in load_workbook(copy).active.iter_rows() for c in row if c.comment]
    assert len(marked) == 3
    notes = [p for p in caught.value.problems if p.code == "marked_copy_partial"]
    assert [(p.file, p.message) for p in notes] == [
        ("diem/stc.xlsx", "Bản sao tô đỏ chỉ đánh dấu 3 ô lỗi đầu tiên; còn 2 lỗi khác chỉ có trong danh sách ở trên")]


def test_marked_copies_hold_no_macro_and_no_formula_made_of_text(tmp_path):
    from openpyxl import load_workbook

    root = write_case(default_case(STC=95), tmp_path / "in")
    source = score_path(root, "STC")
    macro = source.with_suffix(".xlsm")

    def change(book):  # type: ignore[no-untyped-def]
        book.active["F7"] = "chín"
        for cell, text in (("G7", "=HYPERLINK(\"http://x\")"), ("G8", "+1+1"), ("G9", "-2"), ("G10", "@SUM(A1)")):
            book.active[cell] = text
            book.active[cell].data_type = "s"  # typed with a leading ' in Excel: text, not a formula

    edit_book(source, change)
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(macro, "w") as out:
        for info in archive.infolist():
            out.writestr(info, archive.read(info))
        out.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    source.unlink()
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out", jobs=1)
    copy = tmp_path / "out" / "2020" / "loi" / "diem" / "stc.xlsx"
    assert caught.value.error_books == [copy]
    with zipfile.ZipFile(copy) as archive:
        assert not any("vba" in name.lower() for name in archive.namelist())
        sheet_xml = archive.read(sheet_member(copy)).decode()
    assert "<f>" not in sheet_xml
    sheet = load_workbook(copy).active
    assert [sheet[c].value for c in ("G7", "G8", "G9", "G10")] == ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)"]


def test_a_marked_copy_of_a_sheet_claiming_the_whole_grid_is_made_in_bounds(tmp_path):
    from openpyxl import load_workbook

    root = write_case(default_case(STC=95), tmp_path / "in")

    def change(book):  # type: ignore[no-untyped-def]
        book.active["F7"] = "chín"  # an error to mark
        book.active["XFD1048576"] = "x"  # a value in the last cell

    edit_book(score_path(root, "STC"), change)
    add_to_sheet(score_path(root, "STC"), b"", dimension="A1:XFD1048576")
    out = tmp_path / "out"
    measured = run_child(["2020", "--input", str(root), "--output", str(out)], tmp_path)
    assert measured.code == 1 and measured.bounded(), (measured.err, measured.seconds, measured.peak_mb)
    assert "diem/stc.xlsx › Chấm điểm › F7: Điểm khối chấm \"chín\" không phải là số" in measured.err
    copy = load_workbook(out / "2020" / "loi" / "diem" / "stc.xlsx")
    assert copy.active["F7"].comment is not None and copy.active["XFD1048576"].value == "x"


@settings(max_examples=40, deadline=None)
@given(cells=st.lists(st.tuples(st.integers(1, 3000), st.sampled_from(["A", "F", "Z", "AB", "XFD"]), st.booleans()),
                      min_size=1, max_size=40),
       piece=st.integers(1, 64))
def test_the_cell_scan_does_not_depend_on_where_the_xml_is_cut(cells, piece):
    from pipeline.read.cells import CellCounter

    xml = b"<sheetData>" + b"".join(
        (b'<row r="%d"><c r="%s%d" t="s"><v>0</v></c></row>' if value else b'<row r="%d"><c r="%s%d" s="1"/></row>')
        % (row, col.encode(), row) for row, col, value in cells) + b"</sheetData>"
    whole, cut = CellCounter(), CellCounter()
    whole.feed(xml)
    for start in range(0, len(xml), piece):
        cut.feed(xml[start:start + piece])
    assert cut.done() == whole.done()
    assert not whole.scan.unplaced and whole.scan.count == sum(1 for *_, value in cells if value)


_STRAYS = st.lists(
    st.tuples(st.one_of(st.integers(1, 60), st.integers(1000, 1048576)), st.integers(10, 16384),
              st.sampled_from([" ", "\u200b\u00a0", "x", 5.5, "ghi chú"])),
    min_size=1, max_size=6)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(strays=_STRAYS)
def test_stray_cells_beside_or_below_the_table_change_nothing(tmp_path_factory, strays):
    from openpyxl.utils import get_column_letter

    root = write_case(default_case(STC=95), tmp_path_factory.mktemp("in"))
    expected = [(r.unit.code, r.total, r.rank) for r in run(2020, root, root / "out", write=False)
                .outcomes[0].loaded.result.ranked]

    def change(book):  # type: ignore[no-untyped-def]
        for row, col, value in strays:
            book.active[f"{get_column_letter(col)}{row}"] = value

    edit_book(score_path(root, "CT"), change)
    ranked = run(2020, root, root / "out", write=False).outcomes[0].loaded.result.ranked
    assert [(r.unit.code, r.total, r.rank) for r in ranked] == expected


@pytest.mark.parametrize("cells, expected", [
    (b'<c r="B2"><v>3</v></c>', {}),  # no formula: told by one scan of the bytes
    (b'<c r="B2"><f>1+2</f></c>', {(1, 1): None}),
    (b'<c r="B2"><f t="shared" ref="B2:B3" si="0">A1</f><v>7</v></c><c r="B3"><f t="shared" si="0"/></c>',
     {(1, 1): "7", (2, 1): None}),
    (b'<x:c r="C4"><x:f>SUM(A1:A2)</x:f></x:c>', {(3, 2): None}),  # written with a namespace prefix
])
def test_formula_cells_are_found_however_written(tmp_path, cells, expected):
    from pipeline.read.cells import formula_cells

    sheet = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
             b'<x:row r="2">' + cells + b"</x:row></x:sheetData></x:worksheet>")
    if not cells.startswith(b"<x:"):
        sheet = sheet.replace(b'xmlns:x=', b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                                           b'xmlns:x=').replace(b'<x:row r="2">', b'<row r="2">').replace(
                                           b"</x:row>", b"</row>")
    path = tmp_path / "book.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    with zipfile.ZipFile(path) as archive:
        assert formula_cells(archive, "xl/worksheets/sheet1.xml") == expected



@pytest.mark.parametrize("patch", [
    (512 + 4 * 3, 2),  # the stream's second sector leads back to its first
    (512 + 4 * 2, 2),  # its first sector leads to itself
    (1024 + 128 + 120, 0x7FFFFFFF),  # its directory entry claims 2 GB
], ids=["loop", "self", "size"])
def test_an_xls_container_that_lies_is_read_within_its_bytes(patch):
    """The .xls guard reads the Workbook stream through olefile: a sector chain that loops or a
    stream size that lies is read no further than the file's own bytes, at once, and the sheet
    the stream begins with is still bounded."""
    import struct
    import time

    from pipeline.read.cells import scan_xls

    data = bytearray(xls_bytes({"S": [["Đơn vị: Cục Thuế"], ["x", 1]]}))
    struct.pack_into("<I", data, *patch)
    started = time.monotonic()
    scan = scan_xls(bytes(data))
    assert time.monotonic() - started < 1
    assert scan["S"].count == 3 and (scan["S"].max_row, scan["S"].max_col) == (1, 1)


def test_a_formula_never_calculated_far_below_a_table_is_found_without_reading_the_rows_between(tmp_path, monkeypatch):
    # a formula with no result holds no value, so the grid ends at the table; the fault at C1048576
    # (`Điểm tối thiểu` may be blank) is told at its cell, and the million empty rows above it are not typed
    from pipeline.read import sheets

    root = write_case(default_case(), tmp_path / "in")
    edit_book(root / "2020" / "khoi.xlsx", lambda b: b["KhenThuong"].__setitem__("C1048576", "=90+5"))
    calls = 0
    typed = sheets.typed

    def counting(raw):
        nonlocal calls
        calls += 1
        return typed(raw)

    monkeypatch.setattr(sheets, "typed", counting)
    with pytest.raises(InputError) as raised:
        run(2020, root, tmp_path / "out", write=False, jobs=1)
    assert [(p.sheet, p.cell, p.code) for p in raised.value.problems] == [
        ("KhenThuong", "C1048576", "formula_not_calculated")]
    assert calls < 10_000
