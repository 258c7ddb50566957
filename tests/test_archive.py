"""Zips assembled from parts packed once: any zip reader opens them, every part reads back exactly,
the bytes depend on the content and the date only."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from pipeline.documents.archive import ONCE, assemble, pack, write_zip

PARTS = [("[Content_Types].xml", b"<Types/>" * 50), ("word/document.xml", "<w:t>Sở Tài chính & <b></w:t>".encode() * 400),
         ("word/embeddings/Bảng tính.xlsx", bytes(range(256)) * 20), ("empty.xml", b"")]


def test_packed_parts_read_back_exactly_with_their_date():
    when = dt.date(2021, 1, 8)
    data = assemble([pack(n, d, ONCE) if n.endswith("xml") else pack(n, d) for n, d in PARTS], when)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None  # every CRC right
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == PARTS
        infos = {i.filename: i for i in archive.infolist()}
    assert infos["word/document.xml"].compress_type == zipfile.ZIP_DEFLATED
    assert infos["word/embeddings/Bảng tính.xlsx"].compress_type == zipfile.ZIP_STORED  # already compressed
    assert {i.date_time for i in infos.values()} == {(2021, 1, 8, 0, 0, 0)}
    again = assemble([pack(n, d) for n, d in PARTS], when)
    assert again == write_zip(PARTS, when) and again != write_zip(PARTS, dt.date(2021, 1, 9))
