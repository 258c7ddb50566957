"""The conference report: `BÁO CÁO` tổng kết công tác thi đua, khen thưởng."""

from .declaration import Document

REPORT = Document(
    template="bao_cao_tong_ket",
    output="bao_cao_tong_ket_{year}.docx",
    title="Báo cáo tổng kết công tác thi đua, khen thưởng năm {year}",
    code="BC",
)
