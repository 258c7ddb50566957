"""The one zip writer of the program (documents, and the templates and samples the tools build):
bytes that depend on their content and a date only, with parts deflated once.

A document is its template's parts, most of them unchanged (styles, fonts, settings, the header)
and a few rendered. The standard `zipfile` module can only write an entry by compressing it again,
so every document would pay for deflating the same parts; here a part is compressed once into a
`Packed` record (name, CRC, compressed bytes) and any number of zips are assembled from such
records. The layout is the plain one `zipfile` writes (local header, data, central directory,
no data descriptors, no ZIP64: a document is far below 4 GB), so any zip reader opens it.
Parts that are already compressed (an embedded workbook, a PNG) are stored as they are.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from dataclasses import dataclass
from io import BytesIO
from typing import Iterable
from html import escape as _html_escape

_STORED, _DEFLATED = 0, 8
_UTF8_NAME = 0x800
_VERSION = 20  # 2.0: deflate
_MADE_BY = (3 << 8) | _VERSION  # Unix, so that the permission bits below mean what they say
_PERMISSIONS = 0o600 << 16
_ALREADY_COMPRESSED = (".xlsx", ".docx", ".png", ".jpg", ".jpeg", ".gif", ".zip")
_LIMIT = 0xFFFFFFFF
# A part written into one document is deflated quickly (level 3: a third of the default level's
# time for a file about a fifth larger); a template's unchanged part, packed once per process
# for every document, is deflated hard.
FAST, ONCE = 3, 9


@dataclass(frozen=True)
class Packed:
    """One zip entry, compressed and ready to be written into any number of zips."""

    name: str
    crc: int
    size: int
    method: int
    data: bytes


def pack(name: str, data: bytes, level: int = FAST) -> Packed:
    if len(data) >= _LIMIT:
        raise ValueError(f"{name}: too large for a document part")
    if name.lower().endswith(_ALREADY_COMPRESSED):
        return Packed(name, zlib.crc32(data), len(data), _STORED, data)
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Packed(name, zlib.crc32(data), len(data), _DEFLATED, compressor.compress(data) + compressor.flush())


def fixed_time(when: dt.date) -> tuple[int, int, int, int, int, int]:
    return (max(when.year, 1980), when.month, when.day, 0, 0, 0)


def assemble(entries: Iterable[Packed], when: dt.date) -> bytes:
    """The zip of `entries`, in order, every entry dated `when`."""
    year, month, day, *_ = fixed_time(when)
    dos_date = ((year - 1980) << 9) | (month << 5) | day
    dos_time = 0
    out = BytesIO()
    central: list[bytes] = []
    for entry in entries:
        name = entry.name.encode("utf-8")
        flags = _UTF8_NAME if not entry.name.isascii() else 0
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", _VERSION, flags, entry.method, dos_time, dos_date,
                              entry.crc, len(entry.data), entry.size, len(name), 0))
        out.write(name)
        out.write(entry.data)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", _MADE_BY, _VERSION, flags, entry.method, dos_time,
                                   dos_date, entry.crc, len(entry.data), entry.size, len(name), 0, 0, 0, 0,
                                   _PERMISSIONS, offset) + name)
    start = out.tell()
    for record in central:
        out.write(record)
    if out.tell() >= _LIMIT or len(central) >= 0xFFFF:
        raise ValueError("zip too large for a document")
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def write_zip(entries: list[tuple[str, bytes]], when: dt.date) -> bytes:
    """A zip whose bytes depend on its content and `when` only."""
    return assemble((pack(name, data) for name, data in entries), when)


def core_properties(when: dt.date, title: str, author: str) -> bytes:
    stamp = f"{when.isoformat()}T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")


__all__ = ["FAST", "ONCE", "Packed", "assemble", "core_properties", "fixed_time", "pack", "write_zip"]


def escape(text: str) -> str:
    """`&`, `<` and `>` as XML writes them (xml.sax.saxutils would import urllib, http and ssl:
    15 ms of every start)."""
    return _html_escape(text, quote=False)
