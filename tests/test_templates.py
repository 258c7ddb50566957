"""Templates are checked before anything is written, and cannot reach Python's internals.

Anyone may edit templates_docx/ in Word (SPEC §3); staff keep theirs in mau/ (test_staff_templates.py). A template that uses a name the pipeline does
not provide, or whose Jinja does not parse, is an error that names the template and the name;
a template that tries to reach internals through the sandbox is reported as a problem, never as
a traceback. In every case no document is written, and an earlier good output stays as it was.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import cli
from pipeline.documents.catalog import ALL_DOCUMENTS
from pipeline.documents.context import PROVIDED_NAMES
from pipeline.problems import InputError
from pipeline.documents.render import DocTemplate
from pipeline.commands.run import run

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates_docx"
SAMPLES = ROOT / "input_samples"
REPORT = "bao_cao_tong_ket.docx"
LABEL = f"templates_docx/{REPORT}"


def templates_with(tmp_path: Path, paragraph: str, name: str = REPORT) -> Path:
    """A copy of templates_docx/ in which `name` has one more paragraph, as a clerk would type it."""
    folder = tmp_path / "templates_docx"
    shutil.copytree(TEMPLATES, folder)
    document = docx.Document(str(folder / name))
    document.add_paragraph(paragraph)
    document.save(str(folder / name))
    return folder


def problems_of(tmp_path: Path, paragraph: str) -> tuple[list[tuple[str, str, str]], Path]:
    templates = templates_with(tmp_path, paragraph)
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        run(2020, SAMPLES, out, templates_dir=templates)
    found = [(p.file, p.code, p.value) for p in caught.value.problems if p.severity == "error"]
    return found, out


def written_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")) if out.exists() else []


# --------------------------------------------------------------------------------------------- #
# The shipped templates
# --------------------------------------------------------------------------------------------- #


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.docx")))
def test_shipped_templates_use_only_provided_names(name):
    template = DocTemplate(TEMPLATES / name)
    declared = {d.template + ".docx": d.names for d in ALL_DOCUMENTS}
    assert name in declared, f"{name} is shipped but no document declares it"
    assert template.check(set(PROVIDED_NAMES | declared[name])) == []
    assert template.names(), "a template with no field is not a template"


def test_shipped_templates_pass_the_template_checker():
    """templates_docx/ is the source, edited in Word or LibreOffice (SPEC §3): what the builder
    once guaranteed by writing it is checked on the files themselves."""
    import zipfile

    from pipeline.documents.template_check import check_template

    for path in sorted(TEMPLATES.glob("*.docx")):
        with zipfile.ZipFile(path) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()}
        assert [p.format() for p in check_template(parts, f"templates_docx/{path.name}").problems] == []


# --------------------------------------------------------------------------------------------- #
# Unknown names and syntax errors: found before anything is written
# --------------------------------------------------------------------------------------------- #


def test_unknown_name_names_the_template_and_the_name_and_writes_nothing(tmp_path):
    found, out = problems_of(tmp_path, "Ghi chú: {{ ten_khong_co }}")
    assert found == [(LABEL, "template_unknown_name", "ten_khong_co")]
    assert written_files(out) == []


@pytest.mark.parametrize("paragraph, near", [
    ("{% if %}", "{% if %}"),
    ("{% for dv in don_vi %}{{ dv.ten }}", "{% for dv in don_vi %}"),
    ("{{ nam }", "{{ nam }"),
    # found only when compiled, not when parsed: still told where it is
    ("{{ nam }}{% block a %}{% endblock %}{% block a %}{% endblock %}", "{{ nam }}{% block a %}"),
])
def test_syntax_error_names_the_template_and_where(tmp_path, paragraph, near):
    templates = templates_with(tmp_path, paragraph)
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        run(2020, SAMPLES, out, templates_dir=templates)
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    assert (problem.file, problem.code) == (LABEL, "template_syntax")
    assert near in problem.message
    assert written_files(out) == []


def test_a_broken_template_leaves_an_earlier_good_output_as_it_was(tmp_path):
    out = tmp_path / "out"
    run(2020, SAMPLES, out)
    before = {p: p.read_bytes() for p in written_files(out)}
    assert len(before) == 5 + 5  # and the five proposed units' achievement reports
    templates = templates_with(tmp_path, "{{ ten_khong_co }}")
    with pytest.raises(InputError):
        run(2020, SAMPLES, out, templates_dir=templates)
    assert {p: p.read_bytes() for p in written_files(out)} == before


def test_every_broken_template_is_reported_in_one_run(tmp_path):
    folder = templates_with(tmp_path, "{{ ten_khong_co }}")
    pledge = docx.Document(str(folder / "giao_uoc_thi_dua.docx"))
    pledge.add_paragraph("{{ nam_sau_nua }} và {{ don_vi_moi }}")
    pledge.save(str(folder / "giao_uoc_thi_dua.docx"))
    with pytest.raises(InputError) as caught:
        run(2020, SAMPLES, tmp_path / "out", templates_dir=folder)
    assert sorted((p.file, p.code, p.value) for p in caught.value.problems) == [
        ("templates_docx/bao_cao_tong_ket.docx", "template_unknown_name", "ten_khong_co"),
        ("templates_docx/giao_uoc_thi_dua.docx", "template_unknown_name", "don_vi_moi"),
        ("templates_docx/giao_uoc_thi_dua.docx", "template_unknown_name", "nam_sau_nua"),
    ]


def test_cli_message_and_exit_code(tmp_path, monkeypatch, capsys):
    templates = templates_with(tmp_path, "Ghi chú: {{ ten_khong_co }}")
    monkeypatch.setattr(cli, "run", functools.partial(run, templates_dir=templates))
    out = tmp_path / "out"
    assert cli.main(["2020", "--input", str(SAMPLES), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[:3] == [
        "Dữ liệu có 1 lỗi; chưa ghi văn bản nào. Hãy sửa các lỗi sau rồi chạy lại:",
        "",
        'templates_docx/bao_cao_tong_ket.docx: Mẫu dùng trường "ten_khong_co" mà chương trình không cung cấp. '
        "Hãy sửa lại theo danh sách trường trong docs/truong_mau.md",
    ]
    assert "Traceback" not in err
    assert written_files(out) == []


# --------------------------------------------------------------------------------------------- #
# The sandbox: a template cannot reach Python's internals
# --------------------------------------------------------------------------------------------- #

# Template text a curious (or copied-from-the-internet) edit might hold. Each must stop the run
# with a problem that names the template, not render, not crash.
REACHING = [
    "{{ ''.__class__.__mro__ }}",
    "{{ nam.__class__ }}",
    "{{ truong_khoi.ten.__class__.__base__.__subclasses__() }}",
    "{{ don_vi.__class__ }}",
    "{{ nam.__add__ }}",
]


@pytest.mark.parametrize("paragraph", REACHING)
def test_template_cannot_reach_python_internals(tmp_path, paragraph):
    found, out = problems_of(tmp_path, paragraph)
    assert len(found) == 1
    file, code, _ = found[0]
    assert file == LABEL and code in ("template_render", "template_unsafe")
    assert written_files(out) == []


def test_jinja_globals_are_not_a_way_in(tmp_path):
    found, out = problems_of(tmp_path, "{{ cycler.__init__.__globals__ }}")
    assert found == [(LABEL, "template_unknown_name", "cycler")]
    assert written_files(out) == []


@pytest.mark.parametrize("paragraph", REACHING[:2])
def test_cli_reports_a_sandbox_refusal_as_a_problem_not_a_traceback(tmp_path, monkeypatch, capsys, paragraph):
    templates = templates_with(tmp_path, paragraph)
    monkeypatch.setattr(cli, "run", functools.partial(run, templates_dir=templates))
    out = tmp_path / "out"
    assert cli.main(["2020", "--input", str(SAMPLES), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Dữ liệu có 1 lỗi; chưa ghi văn bản nào.")
    assert "templates_docx/bao_cao_tong_ket.docx: " in err
    assert "Traceback" not in err and not (out / "nhat_ky_loi.txt").exists()
    assert written_files(out) == []


def test_jinja_globals_are_not_provided_names(tmp_path):
    found, out = problems_of(tmp_path, "{{ lipsum() }}")
    assert found == [(LABEL, "template_unknown_name", "lipsum")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.text(alphabet="ab \n\t\a\f&<", max_size=12)), min_size=1, max_size=6))
def test_the_listing_pass_over_some_paragraphs_equals_docxtpl_s_over_all(paragraphs):
    """Tabs, line and page breaks typed in a text become Word markup exactly as docxtpl's own pass
    makes them, though only the paragraphs holding one are passed over."""
    from docxtpl import DocxTemplate
    from xml.sax.saxutils import escape

    from pipeline.documents.render import _DOCXTPL

    attributes = ' w:rsidR="00A1"'
    xml = "<w:body>" + "".join(
        f'<w:p{attributes if attrs else ""}><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p>'
        "</w:tc></w:tr></w:tbl>"
        for attrs, text in paragraphs
    ) + "</w:body>"
    assert _DOCXTPL.resolve_listing(xml) == DocxTemplate.resolve_listing(_DOCXTPL, xml)


def test_each_document_declares_exactly_the_fields_it_adds():
    """A declaration's `names` (what its template is checked against) and what its `fields` give
    must not drift apart: a name declared but never given renders nothing, one given but not
    declared is refused in a template that uses it."""
    from pipeline.documents.context import common_context
    from pipeline.commands.load import load_block
    from pipeline.read.discover import find_blocks

    year_dir = SAMPLES / "2020"
    result = load_block(find_blocks(year_dir)[0], 2020, year_dir).result
    common = common_context(result)
    for document in ALL_DOCUMENTS:
        shared = set(document.fields(result, common))
        own = [set(copy.context) - set(common) - {"so_ky_hieu", "so_van_ban"} for copy in document.copies(result, common)]
        assert own, f"{document.template}: the sample gets no copy, its fields go unchecked"
        assert all(names == set(document.names) for names in own), document.template
        assert shared <= set(document.names), document.template
