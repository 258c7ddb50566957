"""Next year's emulation pledge: `BẢN GIAO ƯỚC THI ĐUA`, signed by every member's head (the
signing grid every template has, `signing.signing_fields`)."""

from __future__ import annotations

from .declaration import Document

PLEDGE = Document(
    template="giao_uoc_thi_dua",
    title="Bản giao ước thi đua năm {next_year}",
    output="giao_uoc_thi_dua_{next_year}.docx",
)
