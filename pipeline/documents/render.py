"""Filling Word templates with docxtpl's tag syntax, each template compiled once.

docxtpl's own `render()` re-reads the .docx, re-parses it and re-compiles the Jinja template for
every document. Here a template is read and compiled once (docxtpl's `patch_xml` turns Word's
split runs into clean tags), then each document is one Jinja render per XML part and one zip
write with fixed timestamps: the same input gives the same bytes.

Templates are rendered in a sandboxed environment with autoescaping (a `&` or `<` in a cell
reaches the document as text) and StrictUndefined (a misspelt name is an error, not a blank).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
import re
import zipfile
import zlib
from io import BytesIO
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import jinja2
from docxtpl import DocxTemplate
from docxtpl import __version__ as docxtpl_version
from jinja2 import meta
from jinja2.sandbox import SecurityError
from lxml import etree

from ..problems import Problem, problem
from .sandbox import TemplateLimit, environment, refusal
from .archive import ONCE, Packed, assemble, core_properties, fixed_time, pack, write_zip
from .chart import ChartData, ChartTemplate, chart_template, resize, workbook

MAX_PARTS = 2000  # parts in a template's zip: Word writes a few dozen, a picture each besides
MAX_INFLATED_MB = 100  # a template's parts once inflated, all together (the defaults: under 1 MB)
_PREPARED_VERSION = "flat-1"  # changes when what _prepared makes of the same bytes changes
_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_PARAGRAPH = re.compile(r"<w:p([ >])")
_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
# a tab, bell, line or page break typed inside a text run: what docxtpl's listing pass turns into Word markup
_LISTING_CHARS = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
_PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"


class _Listing(DocxTemplate):
    """docxtpl's XML helpers (they use no instance state), with its listing pass skipped when
    no text run holds a character it would change: the pass is several regular expressions over
    the whole document, and most documents have none."""

    def __init__(self) -> None:  # no .docx to open: only the helpers are used
        self.docx = None

    def resolve_listing(self, xml: str) -> str:
        """docxtpl's pass, run only over the paragraphs that need it (a line break in a block's
        name is in every document's header: the pass over the whole document cost 3.5 ms)."""
        pieces: list[str] = []
        done = 0
        for found in _LISTING_CHARS.finditer(xml):
            if found.start() < done:
                continue  # in a paragraph already resolved
            start = max(xml.rfind("<w:p>", done, found.start()), xml.rfind("<w:p ", done, found.start()))
            end = xml.find("</w:p>", found.end())
            if start < 0 or end < 0:  # not inside a paragraph as docxtpl reads them: the whole pass
                return super().resolve_listing(xml)
            end += len("</w:p>")
            pieces += [xml[done:start], super().resolve_listing(xml[start:end])]
            done = end
        return "".join(pieces) + xml[done:] if pieces else xml


_DOCXTPL = _Listing()


@dataclass(frozen=True)
class _Chart:
    """A chart of the template: its relationship in the document, its part, its workbook."""

    rel_id: str
    part: str
    embedded: str | None
    template: ChartTemplate


class TemplateProblem(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.format() for p in problems))


class DocTemplate:
    """One .docx template, read and compiled once, rendered many times."""

    def __init__(self, path: Path, env: jinja2.Environment | None = None, label: str | None = None,
                 data: bytes | None = None) -> None:
        """`data`: the file's bytes when already read (`template_files.compiled` reads a staff
        file once, bounded, to key its cache on the content)."""
        self.path = path
        self.label = label or f"templates_docx/{path.name}"
        self.env = env or environment()
        if data is None and not path.is_file():
            raise TemplateProblem([problem("template_missing", file=self.label, value=path.name)])
        self.entries = _entries(data if data is not None else path, self.label)
        self.sources, self._names = _prepared(self.entries, self.env)
        self.parts: dict[str, jinja2.Template] = {}
        found: list[Problem] = []
        for name, source in self.sources.items():
            try:
                self.parts[name] = _compile(self.env, f"{self.label}:{name}", source)
            except jinja2.TemplateSyntaxError as exc:
                found.append(problem("template_syntax", file=self.label, detail=_syntax_detail(self.env, source, exc)))
        if found:
            raise TemplateProblem(found)
        self.charts = _charts(self.entries)
        self._order = [info.filename for info, _ in self.entries]
        self._data: dict[str, bytes] = {}
        for info, data in self.entries:  # by name, the first of a name as before (a lookup per part was O(n²))
            self._data.setdefault(info.filename, data)
        if "docProps/core.xml" not in self._order:
            self._order.append("docProps/core.xml")
        self._packs: dict[str, Packed] = {}

    def names(self) -> set[str]:
        """Every top-level name the template uses."""
        if self._names is None:
            self._names = set()
            for source in self.sources.values():
                self._names |= meta.find_undeclared_variables(self.env.parse(source))
        return self._names

    def check(self, provided: set[str]) -> list[Problem]:
        return [
            problem("template_unknown_name", file=self.label, value=name)
            for name in sorted(self.names() - provided)
        ]

    def render(self, context: Mapping[str, Any], when: dt.date, title: str, author: str,
               chart: ChartData | None = None) -> bytes:
        """The document's bytes; `chart`, when given, fills the template's charts."""
        rendered: dict[str, bytes] = {}
        for name, template in self.parts.items():
            try:
                xml = template.render(context)
            except TemplateLimit as exc:
                raise TemplateProblem([problem("template_limit", file=self.label, detail=str(exc))]) from exc
            except SecurityError as exc:
                raise TemplateProblem([problem("template_unsafe", file=self.label, detail=refusal(exc))]) from exc
            except jinja2.UndefinedError as exc:
                detail = f"mẫu dùng một trường hoặc thuộc tính không có ({exc.message})"
                raise TemplateProblem([problem("template_render", file=self.label, detail=detail)]) from exc
            except jinja2.TemplateError as exc:
                raise TemplateProblem([problem("template_render", file=self.label, detail=str(exc))]) from exc
            except (RecursionError, MemoryError) as exc:  # a macro calling itself
                detail = "mẫu gọi lại chính nó quá nhiều lần (đệ quy)" if isinstance(exc, RecursionError) else "hết bộ nhớ"
                raise TemplateProblem([problem("template_limit", file=self.label, detail=detail)]) from None
            except Exception as exc:  # 1/0, a filter given the wrong kind of value, ...
                detail = f"phép tính hoặc bộ lọc không thực hiện được ({type(exc).__name__}: {exc})"
                raise TemplateProblem([problem("template_render", file=self.label, detail=detail)]) from exc
            rendered[name] = _DOCXTPL.resolve_listing(xml).encode("utf-8")
        return self._write(rendered, chart, when, title, author)

    def _write(self, rendered: dict[str, bytes], chart: ChartData | None, when: dt.date, title: str,
               author: str) -> bytes:
        """The document's zip: rendered parts and the filled charts compressed now, every other part
        as compressed once for this template."""
        if chart is not None:
            for found in self.charts:
                body = rendered.get("word/document.xml", self._original("word/document.xml"))
                rendered["word/document.xml"], growth = resize(body, found.rel_id, found.template, chart.categories)
                rendered[found.part] = found.template.fill(chart, growth)
                if found.embedded is not None:
                    rendered[found.embedded] = workbook(chart, found.template.names, when)
        rendered["docProps/core.xml"] = core_properties(when, title, author)
        entries = [pack(name, rendered[name]) if name in rendered else self._packed(name) for name in self._order]
        return assemble(entries, when)

    def _original(self, name: str) -> bytes:
        return self._data[name]

    def _packed(self, name: str) -> Packed:
        if name not in self._packs:
            self._packs[name] = pack(name, self._original(name), ONCE)
        return self._packs[name]


def _entries(source: bytes | Path, label: str) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """The parts of a .docx, refused when it is not one or inflates past MAX_INFLATED_MB (a
    template is a few hundred KB; a zip bomb renamed .docx would fill the memory)."""
    try:
        with zipfile.ZipFile(BytesIO(source) if isinstance(source, bytes) else source) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                count = f"{len(infos):,}".replace(",", ".")
                raise TemplateProblem([problem("template_too_many_parts", file=label, count=count, limit=MAX_PARTS)])
            names = {info.filename for info in infos}
            if "word/document.xml" not in names:
                raise TemplateProblem([problem("template_not_docx", file=label)])
            inflated = sum(info.file_size for info in infos)
            if inflated > MAX_INFLATED_MB * 1024 * 1024:
                raise TemplateProblem([problem("template_too_large", file=label, size=inflated // (1024 * 1024),
                                               limit=MAX_INFLATED_MB)])
            # ZipExtFile stops at each part's declared size: the sum above bounds what is read
            return [(info, archive.read(info)) for info in infos]
    except zipfile.BadZipFile as exc:
        raise TemplateProblem([problem("template_not_docx", file=label)]) from exc
    except (OSError, RuntimeError, ValueError, zlib.error, EOFError, NotImplementedError) as exc:
        # a damaged part (bad CRC, truncated), an encrypted or unknown compression
        raise TemplateProblem([problem("template_damaged", file=label, detail=str(exc) or type(exc).__name__)]) from exc


def _unescape_in_tags(source: str) -> str:
    """LibreOffice writes an apostrophe in text as `&apos;`, which docxtpl's clean-up of tags
    leaves as it is: `{% if x != 'a' %}` saved by LibreOffice would not parse. Inside a tag it is
    Jinja, not XML text, so it is turned back (outside tags the entity stays valid XML)."""
    return _TAG.sub(lambda m: m.group(0).replace("&apos;", "'").replace("&#39;", "'"), source)


def _prepared(entries: list[tuple[zipfile.ZipInfo, bytes]], env: jinja2.Environment) -> tuple[dict[str, str], set[str] | None]:
    """The Jinja source of each XML part that holds tags (docxtpl's patch_xml is costly on a
    whole document, so its result is kept in the cache folder, keyed by the parts' bytes)."""
    # the names found depend on the environment too: Jinja leaves its globals out of them
    digest = hashlib.sha1(f"{docxtpl_version}|{_PREPARED_VERSION}|{type(env).__name__}|{sorted(env.globals)}|raw-marks".encode())
    parts = [(info.filename, data) for info, data in entries if _PART.match(info.filename)]
    for name, data in parts:
        digest.update(name.encode() + b"\0" + data)
    cache = _bytecode_cache()
    stored = Path(cache.directory) / f"thidua-{digest.hexdigest()}.json" if isinstance(cache, jinja2.FileSystemBytecodeCache) else None
    if stored is not None and stored.is_file():
        try:
            saved = json.loads(stored.read_text(encoding="utf-8"))
            return saved["sources"], set(saved["names"])
        except (OSError, ValueError, KeyError):
            pass
    sources: dict[str, str] = {}
    for name, data in parts:
        source = _unescape_in_tags(_DOCXTPL.patch_xml(data.decode("utf-8")))
        source = _literal_marks(source)
        if "{{" in source or "{%" in source:
            sources[name] = source
    try:
        names: set[str] = set()
        for source in sources.values():
            names |= meta.find_undeclared_variables(env.parse(source))
    except jinja2.TemplateSyntaxError:
        return sources, None  # reported when the part is compiled
    if stored is not None:
        try:
            stored.write_text(json.dumps({"sources": sources, "names": sorted(names)}), encoding="utf-8")
        except OSError:
            pass
    return sources, names


# docxtpl's marks for a literal `{{`, `}}`, `{%`, `%}` typed in a template. docxtpl replaces them in
# the rendered text, where staff's own text stands too: a task typed as `{_{` reached the document
# as `{{`. They are turned into Jinja's raw text in the template's source instead, before any
# value is put in.
_MARKS = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}
_MARK = re.compile("|".join(re.escape(mark) for mark in _MARKS))


def _literal_marks(source: str) -> str:
    return _MARK.sub(lambda m: "{% raw %}" + _MARKS[m.group()] + "{% endraw %}", source)


_CACHE: list[jinja2.BytecodeCache | None] = []


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (keyed by the template's text), so start-up does
    not pay Jinja's compile of a whole document each time. None where no cache folder can be made."""
    if not _CACHE:
        try:
            _CACHE.append(jinja2.FileSystemBytecodeCache())
        except (OSError, RuntimeError):
            _CACHE.append(None)
    return _CACHE[0]


def _compile(env: jinja2.Environment, name: str, source: str) -> jinja2.Template:
    # The environment's settings shape the compiled code; they are part of the cache key.
    key = f"{name}|{type(env).__name__}|{getattr(env, 'cache_tag', '')}|autoescape={env.autoescape}|{env.undefined.__name__}"
    cache = _bytecode_cache()
    bucket = None
    if cache is not None:
        try:
            bucket = cache.get_bucket(env, key, None, source)
        except OSError:
            bucket = None
    code = bucket.code if bucket is not None else None
    if code is None:
        code = env.compile(source, key)
        if bucket is not None and cache is not None:
            bucket.code = code
            try:
                cache.set_bucket(bucket)
            except OSError:
                pass
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _syntax_detail(env: jinja2.Environment, source: str, exc: jinja2.TemplateSyntaxError) -> str:
    """The fault and the text near it. A part's source is one line (rendered as it is: no line
    breaks put in for Jinja's line numbers then taken out of every document); to say where the
    fault is, it is compiled again with each paragraph on a line of its own (compiled, not only
    parsed: a block defined twice is found by the compiler)."""
    lined = _PARAGRAPH.sub(r"\n<w:p\1", source)
    try:
        env.compile(lined)
    except jinja2.TemplateSyntaxError as found:
        return f"{found.message} ({_near(lined, found.lineno)})"
    return f"{exc.message} ({_near(source, exc.lineno)})"


def _near(source: str, lineno: int | None) -> str:
    lines = source.splitlines()
    if lineno is None or not 0 < lineno <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()
    return f"gần: {text[:80]}"


def _charts(entries: list[tuple[zipfile.ZipInfo, bytes]]) -> list[_Chart]:
    """The charts the document body shows, each with the workbook behind it (if any)."""
    parts = {info.filename: data for info, data in entries}
    found: list[_Chart] = []
    for rel_id, target in _relationships(parts, "word/document.xml", _CHART_REL):
        if target not in parts:
            continue
        embedded = next((t for _, t in _relationships(parts, target, _PACKAGE_REL) if t in parts), None)
        try:
            template = chart_template(parts[target])
        except etree.XMLSyntaxError:
            continue  # not a chart we can fill: left as the template has it
        found.append(_Chart(rel_id, target, embedded, template))
    return found


def _relationships(parts: dict[str, bytes], source: str, kind: str) -> list[tuple[str, str]]:
    """(id, part name) of the relationships of type `kind` from the part `source`."""
    folder, name = posixpath.split(source)
    rels = parts.get(posixpath.join(folder, "_rels", name + ".rels"))
    if rels is None:
        return []
    try:
        root = etree.fromstring(rels)
    except etree.XMLSyntaxError:
        return []
    return [
        (rel.get("Id", ""), posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))))
        for rel in root.iter(_RELS)
        if rel.get("Type") == kind and rel.get("TargetMode") != "External"
    ]


__all__ = ["DocTemplate", "TemplateProblem", "environment", "fixed_time", "write_zip"]
