"""A document is a declaration: its template, the file it becomes, its title, its type code, the
fields it adds to those every document has, how many copies a block gets (one, or one per
proposed unit or per award form) and which command makes it (the run, or `make ballots`). The
commands only walk the declarations (`catalog.py`); adding a document is adding one module that
declares it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Union

from ..model import BlockResult, FormOutcome, UnitResult
from ..text import file_stems

if TYPE_CHECKING:
    from .chart import ChartData
    from .render import DocTemplate


class Each(Enum):
    """How many copies of a document a block gets."""

    BLOCK = "block"  # one
    PROPOSED_UNIT = "proposed unit"  # one per unit proposed for an award, in the proposal's order
    AWARD_FORM = "award form"  # one per award form given to at least one unit, in `KhenThuong` order


class Run(Enum):
    """The command that makes a document."""

    MAIN = "main"  # `make year=...`: after the vote, with the awards
    BALLOTS = "ballots"  # `make ballots`: before the vote, nothing allocated


Item = Union[UnitResult, FormOutcome]


def _no_fields(result: BlockResult, common: Mapping[str, Any]) -> dict[str, Any]:
    return {}


def _no_item_fields(result: BlockResult, common: Mapping[str, Any], item: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Copy:
    """One file of a document: its name in the block's output folder, its title, its fields."""

    output: str
    title: str
    context: Mapping[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Document:
    template: str  # the template's file name in templates_docx, without `.docx`
    # the document's title in its properties, with `{year}`, `{next_year}` and, for a copy per unit
    # or form, `{name}` (the unit's or the form's name)
    title: str
    # the file written, relative to the block's output folder (it may name a sub-folder: `ho_so/...`),
    # with `{year}` (the evaluated year), `{next_year}` and, for a copy per unit or form, `{key}`
    # (the unit's code or the form's name in ASCII, unique in the block); by default the template's
    # name and the year (`bien_ban_hop_2020.docx`)
    output: str = ""
    code: str = ""  # the type code of its `Số:` line (BC, TTr, BB); empty: no `Số:` line
    # the fields this document adds to the common ones, and their names (checked against its template)
    fields: Callable[[BlockResult, Mapping[str, Any]], Mapping[str, Any]] = field(default=_no_fields, repr=False)
    names: frozenset[str] = frozenset()
    each: Each = Each.BLOCK
    run: Run = Run.MAIN
    # a copy's own fields (for `each` other than BLOCK): given the block, the common fields with the
    # document's `fields`, and the unit's result or the form's outcome; their names are in `names` too
    item_fields: Callable[[BlockResult, Mapping[str, Any], Any], Mapping[str, Any]] = field(
        default=_no_item_fields, repr=False)

    def output_name(self, year: int, key: str = "") -> str:
        return (self.output or f"{self.template}_{{year}}.docx").format(year=year, next_year=year + 1, key=key)

    def title_for(self, year: int, name: str = "") -> str:
        return self.title.format(year=year, next_year=year + 1, name=name)

    def number(self, symbol: str) -> str:
        """`     /BC-KTĐ`: the number left blank for the clerk, the type code and the block's symbol."""
        if not self.code:
            return ""
        return f"     /{self.code}-{symbol}" if symbol else f"     /{self.code}"

    def context(self, result: BlockResult, common: Mapping[str, Any]) -> dict[str, Any]:
        """The fields of the document made once per block (for the others: those all copies share)."""
        number = self.number(result.block.info.symbol)
        own = {"so_ky_hieu": f"Số: {number}" if number else "", "so_van_ban": number}
        return {**common, **own, **self.fields(result, common)}

    def items(self, result: BlockResult) -> list[Item]:
        """What the block gets a copy for: the proposed units, or the forms given to some unit."""
        if self.each is Each.PROPOSED_UNIT:
            by_code = {r.unit.code: r for r in result.ranked}
            return [by_code[code] for outcome in result.outcomes for code in outcome.chosen]
        if self.each is Each.AWARD_FORM:
            return [outcome for outcome in result.outcomes if outcome.chosen]
        return []

    def copies(self, result: BlockResult, common: Mapping[str, Any]) -> Iterator[Copy]:
        """Every file of this document for the block: one, or one per proposed unit or form."""
        year = result.block.info.year
        shared = self.context(result, common)
        if self.each is Each.BLOCK:
            yield Copy(self.output_name(year), self.title_for(year), shared)
            return
        for item, output in self.outputs(result):
            yield Copy(output, self.title_for(year, _item_name(item)), {**shared, **self.item_fields(result, shared, item)})

    def outputs(self, result: BlockResult) -> list[tuple[Item, str]]:
        """Each copy's item and file name, for a document made per unit or form (another document
        may list them: the proposal lists the achievement reports of its dossier)."""
        items = self.items(result)
        keys = file_stems([_item_key(item) for item in items], blank="muc")
        return [(item, self.output_name(result.block.info.year, keys[_item_key(item)])) for item in items]


def _item_key(item: Item) -> str:
    return item.unit.code if isinstance(item, UnitResult) else item.form.name


def _item_name(item: Item) -> str:
    return item.unit.name if isinstance(item, UnitResult) else item.form.name


def render_documents(
    result: BlockResult, documents: tuple[Document, ...], templates: dict[str, DocTemplate],
    common: dict[str, Any], chart: ChartData | None = None,
) -> dict[str, bytes]:
    """Every copy of each document, in memory, by its name in the block's output folder (a copy
    per unit may lie in a sub-folder: `ho_so/...`). A template with a chart gets `chart`."""
    info = result.block.info
    files: dict[str, bytes] = {}
    for document in documents:
        template = templates[document.template]
        for copy in document.copies(result, common):
            files[copy.output] = template.render(copy.context, info.conference_date, copy.title, info.block_name,
                                                 chart if template.charts else None)
    return files
