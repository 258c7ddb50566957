"""Next year's emulation pledge: `BẢN GIAO ƯỚC THI ĐUA`, signed by every member's head."""

from .declaration import Document

PLEDGE = Document(
    template="giao_uoc_thi_dua",
    output="giao_uoc_thi_dua_{next_year}.docx",
    title="Bản giao ước thi đua năm {next_year}",
)
