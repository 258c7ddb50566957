"""The award proposal: `TỜ TRÌNH` về việc đề nghị khen thưởng, with its annex list."""

from .declaration import Document

PROPOSAL = Document(
    template="to_trinh_khen_thuong",
    output="to_trinh_khen_thuong_{year}.docx",
    title="Tờ trình đề nghị khen thưởng năm {year}",
    code="TTr",
)
