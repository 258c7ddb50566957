"""Templates staff edit stay harmless (issue 13): bombs of arithmetic, strings, loops and
recursion, inclusions, and calls that change the data are problems naming the template, found by
--check as well, in bounded time and memory; one template never changes another document."""

from __future__ import annotations

from pathlib import Path

import pytest
from docxread import full_text
from hostile import run_python_child
from test_templates import templates_with

from pipeline.commands.run import run
from pipeline.problems import InputError

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "input_samples"
REPORT = "bao_cao_tong_ket.docx"


def check_problems(tmp_path: Path, paragraph: str) -> list[tuple[str, str]]:
    """What `--check` (validate only) says of a report template holding `paragraph`."""
    templates = templates_with(tmp_path, paragraph)
    with pytest.raises(InputError) as caught:
        run(2020, SAMPLES, tmp_path / "out", write=False, templates_dir=templates, jobs=1)
    assert not (tmp_path / "out").exists()  # --check writes nothing
    return [(p.file, p.code, p.message) for p in caught.value.problems if p.severity == "error"]


BOMBS = [
    "{{ 'a' * 10**9 }}",
    "{{ 9**(9**9) }}",
    "{{ (10**4000) * (10**4000) }}",
    "{{ 'x'|center(10**9) }}",
    "{{ ten_khoi.ljust(10**9) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '%*d' % (999999999, 1) }}",
    "{{ ('x' * 900000)|replace('x', 'yy' * 400000) }}",
    "{{ ('x' * 900000).replace('x', 'yy' * 400000) }}",
    "{{ don_vi|join(ten_khoi * 100000) }}",
    "{{ ('ab' * 500000) + ('ab' * 500000) }}",
    "{{ [1] * 10**8 }}",
    "{% for a in 'x' * 100000 %}{% for b in 'x' * 100000 %}{% endfor %}{% endfor %}",
    "{% for a in 'x' * 5000 %}{% for b in 'x' * 5000 %}{{ ten_khoi }}{% endfor %}{% endfor %}",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}{% endmacro %}{{ f('ab', 60) }}",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    "{{ (don_vi|batch(1))|slice(10**9) }}",
]


@pytest.mark.slow
@pytest.mark.parametrize("paragraph", BOMBS)
def test_a_bomb_is_a_problem_naming_the_template(tmp_path, paragraph):
    found = check_problems(tmp_path, paragraph)
    assert [(file, code) for file, code, _ in found] == [(f"templates_docx/{REPORT}", "template_limit")], found
    assert found[0][2].startswith("Mẫu đòi quá nhiều thời gian hoặc bộ nhớ (")


@pytest.mark.slow
@pytest.mark.parametrize("paragraph", [BOMBS[13], BOMBS[17], BOMBS[16]])
def test_the_worst_bombs_stay_within_time_and_memory(tmp_path, paragraph):
    templates = templates_with(tmp_path, paragraph)
    measured = run_python_child(
        "from pathlib import Path\n"
        "from pipeline.commands.run import run\n"
        "from pipeline.problems import InputError\n"
        "try:\n"
        f"    run(2020, Path({str(SAMPLES)!r}), Path('out'), write=False, templates_dir=Path({str(templates)!r}), jobs=1)\n"
        "except InputError as exc:\n"
        "    print([p.code for p in exc.problems if p.severity == 'error'])\n"
        "    raise SystemExit(1)\n", tmp_path)
    assert measured.code == 1 and "['template_limit']" in measured.out, measured.err
    assert measured.bounded(), (measured.seconds, measured.peak_mb)
    print(f"{paragraph[:40]}: {measured.seconds:.1f} s, {measured.peak_mb:.0f} MB")


@pytest.mark.parametrize("paragraph", [
    "{% include 'to_trinh_khen_thuong.docx' %}",
    "{% import 'x' as y %}",
    "{% from 'x' import y %}",
    "{% extends 'x' %}",
    "{% for u in don_vi recursive %}{{ loop(u) }}{% endfor %}",
])
def test_inclusion_and_recursive_loops_are_refused_when_the_template_is_read(tmp_path, paragraph):
    found = check_problems(tmp_path, paragraph)
    assert [(file, code) for file, code, _ in found] == [(f"templates_docx/{REPORT}", "template_syntax")]
    assert "mẫu không được" in found[0][2]


@pytest.mark.parametrize("paragraph", [
    "{{ don_vi.clear() }}",
    "{% if don_vi.append(1) %}{% endif %}",
    "{{ khen_thuong[0].update({'hinh_thuc': 'x'}) }}",
    "{{ de_nghi.pop() }}",
    "{{ (don_vi|first).setdefault('ten', 'x') }}",
])
def test_a_template_cannot_change_what_another_document_shows(tmp_path, paragraph):
    found = check_problems(tmp_path, paragraph)
    assert [(file, code) for file, code, _ in found] == [(f"templates_docx/{REPORT}", "template_unsafe")]


@pytest.mark.parametrize("paragraph, words", [
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{{ ten_khoi|round }}", "TypeError"),
])
def test_a_failing_operation_is_a_problem_not_a_traceback(tmp_path, paragraph, words):
    found = check_problems(tmp_path, paragraph)
    assert [(file, code) for file, code, _ in found] == [(f"templates_docx/{REPORT}", "template_render")]
    assert words in found[0][2]


def test_ordinary_template_work_is_not_limited(tmp_path):
    paragraph = ("{% for u in don_vi %}{{ loop.index }}. {{ u.ten|upper }} {{ '%s' % u.tong }}"
                 "{{ u.ten.replace('Sở', 'SỞ') }}{{ ', '.join([u.ma, u.hang]) }}{% endfor %}"
                 "{{ don_vi|map(attribute='ten')|join(', ') }} {{ 2 ** 10 }} {{ nam|int + 1 }}")
    templates = templates_with(tmp_path, paragraph)
    report = run(2020, SAMPLES, tmp_path / "out", templates_dir=templates, jobs=1)
    written = full_text(next(p for p in report.written if p.name == "bao_cao_tong_ket_2020.docx"))
    # what the clerk's paragraph computes reaches the report: loops, filters, methods, arithmetic
    assert "1. CỤC THUẾ 97Cục Thuế" in written and "SỞ Tài chính" in written and "CT, 1" in written
    assert written.rstrip().endswith("Quỹ Đầu tư phát triển tỉnh 1024 2021")
