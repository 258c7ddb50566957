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
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, Mapping
from xml.sax.saxutils import escape

import jinja2
from docxtpl import DocxTemplate
from docxtpl import __version__ as docxtpl_version
from jinja2 import meta
from jinja2.sandbox import SecurityError

from ..problems import Problem, problem
from .sandbox import TemplateLimit, environment

_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_DOCXTPL = DocxTemplate.__new__(DocxTemplate)  # its XML helpers use no instance state
_DOCXTPL.docx = None
_PNG_TYPE = '<Default Extension="png" ContentType="image/png"/>'
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_EMU_PER_CM = 360000


@dataclass(frozen=True)
class Picture:
    """A PNG placed inline where the template says `{{ name }}`."""

    name: str
    png: bytes
    width_cm: float
    height_cm: float

    @property
    def rel_id(self) -> str:
        return f"rIdPic_{self.name}"

    def __html__(self) -> str:
        cx, cy = int(self.width_cm * _EMU_PER_CM), int(self.height_cm * _EMU_PER_CM)
        return (
            '</w:t></w:r><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{4000 + len(self.name)}" name="{escape(self.name)}"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
            ' noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:nvPicPr><pic:cNvPr id="0" name="{escape(self.name)}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{self.rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r>"
            '<w:t xml:space="preserve">'
        )


class TemplateProblem(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.format() for p in problems))


class DocTemplate:
    """One .docx template, read and compiled once, rendered many times."""

    def __init__(self, path: Path, env: jinja2.Environment | None = None, label: str | None = None) -> None:
        self.path = path
        self.label = label or f"templates_docx/{path.name}"
        self.env = env or environment()
        if not path.is_file():
            raise TemplateProblem([problem("template_missing", file=self.label, value=path.name)])
        try:
            with zipfile.ZipFile(path) as archive:
                self.entries = [(info, archive.read(info)) for info in archive.infolist()]
        except (zipfile.BadZipFile, OSError) as exc:
            raise TemplateProblem([problem("file_unreadable", file=self.label, detail=str(exc))]) from exc
        self.sources, self._names = _prepared(self.entries, self.env)
        self.parts: dict[str, jinja2.Template] = {}
        found: list[Problem] = []
        for name, source in self.sources.items():
            try:
                self.parts[name] = _compile(self.env, f"{self.label}:{name}", source)
            except jinja2.TemplateSyntaxError as exc:
                found.append(
                    problem("template_syntax", file=self.label, detail=f"{exc.message} ({_near(source, exc.lineno)})")
                )
        if found:
            raise TemplateProblem(found)

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

    def render(self, context: Mapping[str, Any], when: dt.date, title: str, author: str) -> bytes:
        rendered: dict[str, bytes] = {}
        for name, template in self.parts.items():
            try:
                xml = template.render(context)
            except TemplateLimit as exc:
                raise TemplateProblem([problem("template_limit", file=self.label, detail=str(exc))]) from exc
            except SecurityError as exc:
                raise TemplateProblem([problem("template_unsafe", file=self.label, detail=str(exc))]) from exc
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
            xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
            rendered[name] = _DOCXTPL.resolve_listing(xml).encode("utf-8")
        pictures = [v for v in context.values() if isinstance(v, Picture)]
        used = [p for p in pictures if any(p.rel_id.encode() in xml for xml in rendered.values())]
        return _write_docx(self.entries, rendered, used, when, title, author)


def _prepared(entries: list[tuple[zipfile.ZipInfo, bytes]], env: jinja2.Environment) -> tuple[dict[str, str], set[str] | None]:
    """The Jinja source of each XML part that holds tags (docxtpl's patch_xml is costly on a
    whole document, so its result is kept in the cache folder, keyed by the parts' bytes)."""
    # the names found depend on the environment too: Jinja leaves its globals out of them
    digest = hashlib.sha1(f"{docxtpl_version}|{type(env).__name__}|{sorted(env.globals)}".encode())
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
        source = _DOCXTPL.patch_xml(data.decode("utf-8"))
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
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


def _near(source: str, lineno: int | None) -> str:
    lines = source.splitlines()
    if lineno is None or not 0 < lineno <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()
    return f"gần: {text[:80]}"


def fixed_time(when: dt.date) -> tuple[int, int, int, int, int, int]:
    return (max(when.year, 1980), when.month, when.day, 0, 0, 0)


def write_zip(entries: list[tuple[str, bytes]], when: dt.date) -> bytes:
    """A zip whose bytes depend on its content and `when` only."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=fixed_time(when))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def normalize_zip(data: bytes, when: dt.date, title: str | None = None, author: str | None = None) -> bytes:
    """Rewrite a zip written by another library (openpyxl stamps the time of saving) so that its
    bytes depend on its content and `when` only: fixed entry times, document dates `when`, and
    with a `title`, the document properties written anew."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    stamp = f"{when.isoformat()}T00:00:00Z".encode()

    def properties(body: bytes) -> bytes:
        if title is not None:
            return core_properties(when, title, author or "")
        return _STAMPS.sub(rb"\g<1>" + stamp + rb"\g<2>", body)

    entries = [(name, properties(body) if name == "docProps/core.xml" else body) for name, body in entries]
    return write_zip(entries, when)


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


def _write_docx(
    entries: list[tuple[zipfile.ZipInfo, bytes]],
    rendered: dict[str, bytes],
    pictures: list[Picture],
    when: dt.date,
    title: str,
    author: str,
) -> bytes:
    out: list[tuple[str, bytes]] = []
    for info, data in entries:
        name = info.filename
        data = rendered.get(name, data)
        if name == "docProps/core.xml":
            data = core_properties(when, title, author)
        elif name == "[Content_Types].xml" and pictures and b'Extension="png"' not in data:
            data = data.replace(b"</Types>", _PNG_TYPE.encode() + b"</Types>")
        elif name == "word/_rels/document.xml.rels" and pictures:
            links = "".join(
                f'<Relationship Id="{p.rel_id}" Type="{_IMAGE_REL}" Target="media/pic_{p.name}.png"/>'
                for p in pictures
            )
            data = data.replace(b"</Relationships>", links.encode() + b"</Relationships>")
        out.append((name, data))
    if not any(info.filename == "docProps/core.xml" for info, _ in entries):
        out.append(("docProps/core.xml", core_properties(when, title, author)))
    out += [(f"word/media/pic_{p.name}.png", p.png) for p in pictures]
    return write_zip(out, when)


__all__ = ["DocTemplate", "Picture", "TemplateProblem", "environment", "normalize_zip", "write_zip"]
