"""A new XlsxWriter workbook in memory, as every workbook the tool writes is made: every text
written as text (a unit or criterion named `=...`, `http://...` or `0123` stays as typed), and the
default font, when given, copied, since XlsxWriter adds to the dict it is given (the next workbook
of the process would otherwise get another default font, and its bytes would depend on which
worker had made a workbook before it)."""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    import xlsxwriter


def new_workbook(buffer: BytesIO, default_font: Mapping[str, Any] | None = None) -> xlsxwriter.Workbook:
    import xlsxwriter  # here, not at start-up: a run that writes no workbook never pays for it

    options: dict[str, Any] = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                               "strings_to_numbers": False}
    if default_font is not None:
        options["default_format_properties"] = dict(default_font)
    return xlsxwriter.Workbook(buffer, options)
