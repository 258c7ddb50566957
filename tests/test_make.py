"""`make` as staff type it (issue 19): a failure says what is wrong in Vietnamese and nothing in
English (make's own `make: *** [Makefile:NN: check] Error 2` included), and exits non-zero."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = re.compile(r"make(\[\d+\])?:|\*\*\*|Error \d|Stop\.|No rule|Entering directory|Traceback|WARNING",
                     re.IGNORECASE)

pytestmark = pytest.mark.skipif(shutil.which("make") is None or not (ROOT / ".venv" / ".installed").exists(),
                                reason="needs make and the set-up .venv (make test sets both up)")


def make(*goals: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", *goals], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("goals, said", [
    (["check", "year=1999"], "Không có thư mục năm 1999: input_samples/1999."),
    (["check", "year=20x0"], 'Năm "20x0" không đúng; hãy ghi năm bằng 4 chữ số'),
    (["check"], "Hãy ghi năm đánh giá, ví dụ: make year=2020"),
    (["chek", "year=2020"], "Không có lệnh make chek. Các lệnh: make year=2020, make check year=2020"),
    (["year", "2020"], "Không có lệnh make year."),
])
def test_a_failing_make_speaks_vietnamese_only(goals, said):
    done = make(*goals)
    printed = done.stdout + done.stderr
    assert done.returncode != 0
    assert said in printed
    assert not ENGLISH.search(printed), printed


def test_a_failing_run_adds_one_line_after_the_program_message():
    done = make("check", "year=1999")
    lines = done.stderr.splitlines()
    assert lines == ["Không có thư mục năm 1999: input_samples/1999. Hãy tạo thư mục này và chép các tệp Excel vào đó",
                     "Lệnh dừng lại (mã 2), xem thông báo ở trên."]


def test_a_good_check_prints_no_command_and_no_english():
    done = make("check", "year=2020")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Khối thi đua các cơ quan Tham mưu - Tổng hợp (Bắc Giang), năm 2020: 11 đơn vị"
    assert done.stdout.splitlines()[-1] == "Dữ liệu hợp lệ; chưa ghi tệp nào (chế độ kiểm tra)."
    assert not ENGLISH.search(done.stdout + done.stderr)
