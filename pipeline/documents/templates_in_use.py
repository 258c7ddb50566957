"""The templates a block's documents are rendered from, compiled once per file and checked.

Each document's template is found by `template_files.find_files` (the nearest staff version in
`mau/`, else the default). A compiled template is kept by its file's path and content, so the
blocks that share a template share one compile, and a block with its own `mau/` gets its own.
Every template in use is checked (`template_check`) and its names held against what its document
provides; a staff version is also compared with the default of the same document, so a field a
newer version of the tool added is not silently missing from the staff's documents.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from ..problems import Problem, warning
from .context import PROVIDED_NAMES
from .declaration import Document
from .render import DocTemplate, TemplateProblem
from .template_check import Layout, check_template, missing_marks
from .template_files import (TemplateFile, TemplateFileProblem, default_file, default_folder, find_files, not_folders,
                             read_file, staff_folders)


@dataclass
class _Compiled:
    template: DocTemplate | None
    problems: list[Problem]  # the faults that stop it (template is None)
    label: str = ""
    _layout: Layout | None = field(default=None, repr=False)

    def layout(self) -> Layout:
        """The checker's findings, made once (about 10 ms a template: a run checks the staff's
        versions every time, the defaults only with --check, since the tests hold them to it)."""
        if self._layout is None:
            assert self.template is not None
            self._layout = check_template({i.filename: part for i, part in self.template.entries}, self.label)
        return self._layout


_COMPILED: dict[tuple[str, str, bytes], _Compiled] = {}


def compiled(file: TemplateFile) -> _Compiled:
    """The template of `file` compiled once per path and content in this process (checked on demand)."""
    try:
        data = read_file(file)
    except TemplateFileProblem as exc:
        return _Compiled(None, [exc.problem])
    key = (file.label, str(file.path), hashlib.sha1(data).digest())
    if key not in _COMPILED:
        try:
            template = DocTemplate(file.path, label=file.label, data=data)
        except TemplateProblem as exc:
            _COMPILED[key] = _Compiled(None, exc.problems)
        else:
            _COMPILED[key] = _Compiled(template, [], file.label)
    return _COMPILED[key]


@dataclass
class BlockTemplates:
    """A block's templates by document (`Document.template`), what is wrong with them, and the
    staff versions used (their labels, for the run's summary)."""

    templates: dict[str, DocTemplate]
    problems: list[Problem]
    staff: tuple[str, ...] = ()


def block_templates(documents: Sequence[Document], block_dir: Path | None, year_dir: Path | None,
                    defaults: Path | None = None, check_defaults: bool = False) -> BlockTemplates:
    """The one lookup of a block's templates, for a run and for `make ballots` alike; without a
    block (`block_dir` None), the defaults alone. The checker runs on every staff version, and
    on the defaults too with `check_defaults` (--check)."""
    defaults = defaults or default_folder()
    names = [f"{document.template}.docx" for document in documents]
    templates: dict[str, DocTemplate] = {}
    problems: list[Problem] = []
    if block_dir is not None and year_dir is not None:
        folders = staff_folders(block_dir, year_dir)
        files = find_files(names, block_dir, year_dir, defaults, folders)
        problems += [warning("staff_folder_not_folder", file=label) for label in not_folders(folders, year_dir.parent)]
    else:
        files = {name: default_file(name, defaults) for name in names}
    staff: list[str] = []
    for document, name in zip(documents, names):
        file = files[name]
        made = compiled(file)
        problems += made.problems
        if made.template is None:
            continue
        provided = set(PROVIDED_NAMES | document.names)
        problems += made.template.check(provided)
        if file.staff or check_defaults:
            problems += made.layout().problems
        if file.staff:
            staff.append(file.label)
            default = compiled(default_file(name, defaults))
            if default.template is not None:
                lacking = sorted((default.template.names() & provided) - made.template.names())
                problems += [warning("template_field_missing", file=file.label, value=field_name, default=name)
                             for field_name in lacking]
                problems += missing_marks(made.layout(), default.layout(), file.label)
        templates[document.template] = made.template
    return BlockTemplates(templates, problems, tuple(staff))


__all__ = ["BlockTemplates", "block_templates", "compiled"]
