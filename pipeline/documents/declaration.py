"""A document is a declaration: its template, the file it becomes, its title, its type code, and
the fields it adds to those every document has. The run only walks the declarations
(`catalog.py`); adding a document is adding one module that declares it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from ..model import BlockResult


def _no_fields(result: BlockResult, common: Mapping[str, Any]) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Document:
    template: str  # the template's file name in templates_docx, without `.docx`
    output: str  # the file written, with `{year}` (the evaluated year) and `{next_year}`
    title: str  # the document's title in its properties, with `{year}` and `{next_year}`
    code: str = ""  # the type code of its `Số:` line (BC, TTr, BB); empty: no `Số:` line
    # the fields this document adds to the common ones, and their names (checked against its template)
    fields: Callable[[BlockResult, Mapping[str, Any]], Mapping[str, Any]] = field(default=_no_fields, repr=False)
    names: frozenset[str] = frozenset()

    def output_name(self, year: int) -> str:
        return self.output.format(year=year, next_year=year + 1)

    def title_for(self, year: int) -> str:
        return self.title.format(year=year, next_year=year + 1)

    def number(self, symbol: str) -> str:
        """`     /BC-KTĐ`: the number left blank for the clerk, the type code and the block's symbol."""
        if not self.code:
            return ""
        return f"     /{self.code}-{symbol}" if symbol else f"     /{self.code}"

    def context(self, result: BlockResult, common: Mapping[str, Any]) -> dict[str, Any]:
        number = self.number(result.block.info.symbol)
        own = {"so_ky_hieu": f"Số: {number}" if number else "", "so_van_ban": number}
        return {**common, **own, **self.fields(result, common)}
