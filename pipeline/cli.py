"""`python -m pipeline YYYY`: a thin shell over the library. Only here are problems printed
and turned into exit codes (0 done, 1 input errors, 2 wrong usage)."""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import replace
from itertools import groupby
from pathlib import Path
from typing import Any, NoReturn, Sequence, TextIO

from .problems import Hint, InputError, Problem, Step, UsageError, command_line, errors
from .commands.result import BlockOutcome, Result
from .commands.run import run
from .text import format_score

# Every message about the command line is written here: the parser checks what argparse would
# tell in English (a missing year, two modes, a value missing or not a number, an unknown word)
# and tells it in these words; argparse keeps the grammar and the help.
USAGE_MESSAGES = {
    "missing": "thiếu: {names}",
    "unknown": "không hiểu các tham số: {words}",
    "together": "tham số {option}: không dùng cùng với {other}",
    "not_integer": "tham số {option}: không phải số nguyên: '{value}'",
    "needs_value": "tham số {option}: cần một giá trị",
    "malformed": "không hiểu lệnh",
}
_USAGE_HINT = "Xem cách dùng: python -m pipeline --help"
# What a run does besides writing the documents; at most one of them
MODES = (
    ("--check", "chỉ kiểm tra dữ liệu, không ghi tệp nào"),
    ("--forms", "tạo phiếu chấm điểm trống cho từng đơn vị"),
    ("--new-year", "tạo khoi.xlsx của năm sau từ năm này"),
    ("--ballots", "tạo phiếu bầu và bảng kiểm phiếu (trước khi hội nghị bỏ phiếu)"),
    ("--pdf", "chuyển các văn bản đã tạo sang PDF (LibreOffice)"),
    ("--templates", "chép các mẫu Word mặc định vào THƯ_MỤC/mau để văn phòng sửa (không ghi đè mẫu đã có)"),
)
_VALUE_OPTIONS = ("--input", "--output", "--jobs")
_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")  # a value to argparse, not an option


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix="Cách dùng: ")


def usage_error(kind: str, **params: str) -> UsageError:
    return UsageError(f"Lệnh không đúng: {USAGE_MESSAGES[kind].format(**params)}. {_USAGE_HINT}")


class _Parser(argparse.ArgumentParser):
    """argparse with Vietnamese messages by design: what can be wrong in a command line is
    checked here, around argparse reading the words it knows, and told from `USAGE_MESSAGES`."""

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> argparse.Namespace:  # type: ignore[override]
        words = list(sys.argv[1:] if args is None else args)
        for option, following in zip(words, words[1:] + [""]):
            if option in _VALUE_OPTIONS and (not following or following.startswith("-")
                                             and not _NEGATIVE_NUMBER.match(following)):
                raise usage_error("needs_value", option=option)
        parsed, unknown = self.parse_known_args(words, namespace)
        try:
            parsed.jobs = int(parsed.jobs)
        except ValueError:
            raise usage_error("not_integer", option="--jobs", value=parsed.jobs) from None
        chosen = [option for option in _typed_modes(words) if getattr(parsed, _dest(option))]
        if len(chosen) > 1:
            raise usage_error("together", option=chosen[1], other=chosen[0])
        if parsed.year is None and not parsed.templates:  # the templates are no year's
            raise usage_error("missing", names="NĂM")
        if unknown:
            raise usage_error("unknown", words=" ".join(unknown))
        return parsed

    def error(self, message: str) -> NoReturn:
        # only a command line none of the checks above foresaw reaches here (argparse's English
        # `message` is not shown to staff)
        raise usage_error("malformed")


def _typed_modes(words: list[str]) -> list[str]:
    """The modes in the order they were typed (the second is the one told as extra)."""
    return sorted((mode for mode, _ in MODES if mode in words), key=words.index)


def _dest(option: str) -> str:
    return option.lstrip("-").replace("-", "_")


def parser() -> argparse.ArgumentParser:
    made = _Parser(
        prog="python -m pipeline",
        formatter_class=_Formatter,
        add_help=False,
        allow_abbrev=False,  # `--in` is no word of this command: told as unknown, not guessed
        usage="python -m pipeline NĂM [--input THƯ_MỤC] [--output THƯ_MỤC] "
        f"[{' | '.join(mode for mode, _ in MODES if mode != '--templates')}] [--jobs N] [--keep-going]\n"
        "       python -m pipeline --templates [--input THƯ_MỤC]",
        description="Lập báo cáo tổng kết, tờ trình khen thưởng, biên bản họp bình xét và giao ước thi đua từ các tệp Excel của khối.",
    )
    positional = made.add_argument_group("tham số")
    options = made.add_argument_group("tùy chọn")
    options.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")
    positional.add_argument("year", metavar="NĂM", nargs="?", help="năm đánh giá, ví dụ 2020")
    options.add_argument("--input", metavar="THƯ_MỤC", default="input_samples",
                         help="thư mục dữ liệu (mặc định input_samples)")
    options.add_argument("--output", metavar="THƯ_MỤC", default="output", help="thư mục kết quả (mặc định output)")
    for mode, text in MODES:
        options.add_argument(mode, action="store_true", help=text)
    options.add_argument("--jobs", metavar="N", default="0",  # a number checked above, in Vietnamese
                         help="số tiến trình chạy song song (mặc định: số lõi CPU)")
    options.add_argument("--keep-going", action="store_true",
                         help="khi có nhiều khối: vẫn ghi văn bản cho các khối không có lỗi")
    return made


def main(argv: Sequence[str] | None = None) -> int:
    output_hint: Path | None = Path("output")
    _stop_on_terminate()
    try:
        args = parser().parse_args(argv)
        # --check writes nothing: an internal error's details then go to the temporary folder
        output_hint = None if args.check else Path(args.output)
        if args.templates:
            return _templates(Path(args.input))
        year = _year(args.year)
        return _dispatch(args, year)
    except UsageError as exc:
        print(exc.text(said), file=sys.stderr)
        return exc.exit_code
    except InputError as exc:
        _print_problems(exc.problems, exc.written)
        if exc.error_books:
            print("\nBản sao các tệp có lỗi (ô sai tô đỏ, có ghi chú):", file=sys.stderr)
            for book in exc.error_books:
                print(f"  {book}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # the output was piped into `head` or similar: nothing went wrong
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu; không tệp kết quả nào bị ghi dở.", file=sys.stderr)
        return 130
    except Exception:  # an internal fault: one line for staff, the details in a log
        log = _log_internal_error(output_hint)
        print(f"Lỗi trong chương trình (không phải do dữ liệu). Chi tiết đã ghi vào {log}; hãy gửi tệp này cho người hỗ trợ.",
              file=sys.stderr)
        return 3


def _year(text: str) -> int:
    # isdigit() is true for ² and ٢: a year is four ASCII digits
    if not (text.isascii() and text.isdigit()) or len(text) != 4:
        raise UsageError(f"Năm \"{text}\" không đúng; hãy ghi năm bằng 4 chữ số, ví dụ: {said(Hint(Step.RUN, 2020))}")
    return int(text)


# The words of each command a next step names: `make …` (README), or on Windows, where there is no
# make, the program's own command as the README gives it there
_MAKE = {Step.RUN: "make", Step.CHECK: "make check", Step.FORMS: "make forms", Step.BALLOTS: "make ballots",
         Step.NEW_YEAR: "make new-year", Step.PDF: "make pdf", Step.TEMPLATES: "make templates",
         Step.OFFICE: "make office"}
_WINDOWS_VENV = ".venv\\Scripts\\"


def said(hint: Hint, windows: bool | None = None) -> str:
    r"""A command a next step names, as staff type it: `make check year=2020 input="D:/thidua"`
    (the data folder only when it is not the default); on Windows
    `.venv\Scripts\python -m pipeline 2020 --check --input "D:/thidua"` (installing LibreOffice
    stays `make office`: it is said for Linux). A run that gives no year (`make templates`
    says what comes next) takes 2020 as its example."""
    windows = sys.platform == "win32" if windows is None else windows
    year = 2020 if hint.year is None and hint.step is Step.RUN else hint.year
    shown = hint.input if _shown_input(hint.input) else None
    if windows and hint.step is not Step.OFFICE:
        return _WINDOWS_VENV + command_line(replace(hint, year=year, input=shown))
    when = f" year={year}" if year is not None else ""
    where = f' input="{shown}"' if shown is not None else ""
    return f"{_MAKE[hint.step]}{when}{where}"


def _shown_input(input_dir: Path | None) -> bool:
    return input_dir is not None and input_dir != Path("input_samples")


def _dispatch(args: argparse.Namespace, year: int) -> int:
    input_dir, output_dir = Path(args.input), Path(args.output)
    if args.forms:
        from .commands.forms import write_forms

        done = write_forms(year, input_dir, output_dir)
        print(f"Đã tạo {len(done.written)} phiếu chấm điểm:")
        for path in done.written:
            print(f"  {path}")
        _print_warnings(done.warnings)
        _print_kept(done.kept)
        return 0
    if args.new_year:
        from .commands.new_year import start_new_year

        _print_new_year(start_new_year(year, input_dir), year, input_dir)
        return 0
    if args.ballots:
        from .commands.ballots import write_ballots

        ballots = write_ballots(year, input_dir, output_dir)
        print("Đã tạo phiếu bầu (in mỗi đơn vị thành viên một tờ) và bảng kiểm phiếu:")
        for path in ballots.written:
            print(f"  {path}")
        for step in _steps(ballots, Step.VOTE_SHARES):
            print(f"Khối của {step.file} không có hình thức nào cần bỏ phiếu (cột Tỷ lệ phiếu của sheet KhenThuong trống): "
                  "không cần phiếu bầu. Nếu hội nghị của khối có bỏ phiếu, hãy ghi Tỷ lệ phiếu rồi chạy lại.")
        _print_staff_templates(ballots.staff_templates)
        _print_warnings(ballots.warnings)
        _print_kept(ballots.kept)
        for step in _steps(ballots, Step.RUN):
            print("Sau khi bỏ phiếu, hãy ghi số phiếu đồng ý vào bảng kiểm phiếu, chép tệp đó vào thư mục của khối "
                  f"rồi chạy lại: {said(step)}")
        return 0
    if args.pdf:
        from .commands.pdf import write_pdfs

        pdfs = write_pdfs(year, output_dir)
        print(f"Đã tạo {len(pdfs.written)} tệp PDF:")
        for path in pdfs.written:
            print(f"  {path}")
        _print_kept(pdfs.kept)
        return 0
    progress = _Progress()
    if args.check:
        report = run(year, input_dir, output_dir, write=False, jobs=args.jobs, on_block=progress, words=said)
        _print_summary(report)
        print("Dữ liệu hợp lệ; chưa ghi tệp nào (chế độ kiểm tra).")
        return 0
    report = run(year, input_dir, output_dir, jobs=args.jobs, keep_going=args.keep_going, on_block=progress,
                 words=said)
    _print_summary(report)
    print("Đã ghi:")
    for path in report.written:
        print(f"  {path}")
    if report.restored:
        print("Lần chạy trước bị dừng giữa chừng: các văn bản của lần chạy trước đó đã được trả lại trước khi ghi.")
    _print_kept(report.kept)
    return 0


def _templates(input_dir: Path) -> int:
    """`make templates`: the defaults copied into `<input>/mau/`, never over a staff version."""
    from .commands.templates import copy_templates

    done = copy_templates(input_dir)
    if done.written:
        print(f"Đã chép {len(done.written)} mẫu mặc định vào {done.written[0].parent}:")
        for path in done.written:
            print(f"  {path.name}")
    if done.kept:
        print(f"Giữ nguyên {len(done.kept)} mẫu của văn phòng đã có (không ghi đè):")
        for path, _ in done.kept:
            print(f"  {path.name}")
    run_step, again = _steps(done, Step.RUN)[0], _steps(done, Step.TEMPLATES)[0]
    print("Hãy mở các mẫu bằng Word, sửa câu chữ (giữ nguyên các trường trong {{ }} và {% %}, danh sách trường: "
          f"docs/truong_mau.md), lưu lại dạng .docx với tên cũ, rồi chạy lại, ví dụ: {said(run_step)}. "
          f"Muốn lấy lại mẫu mặc định của một văn bản: xóa hoặc đổi tên tệp đó rồi chạy lại {said(again)}.")
    return 0


def _print_new_year(done: Result, year: int, input_dir: Path) -> None:
    created = done.written[0] if len(done.written) == 1 else input_dir / str(year + 1)
    forms, check, run_step = (_steps(done, step)[0] for step in (Step.FORMS, Step.CHECK, Step.RUN))
    print(f"Đã tạo {created}. Phiếu chấm điểm làm được ngay ({said(forms)}). Sau hội nghị, hãy điền Ngày hội nghị, "
          "Địa điểm, Trưởng khối năm sau (và Phó khối năm sau nếu có), rồi kiểm tra:")
    print(f"  {said(check)}")
    print(f"Nhiệm vụ và tổng kết là của năm mới, không chép nguyên từ năm {year}: sheet NhiemVu giữ nhiệm vụ năm "
          f"{year + 1} dưới một dòng nhắc tô vàng, hãy sửa thành nhiệm vụ năm {year + 2}; sheet TongKet (nếu có) đã "
          f"xóa nội dung năm {year}, hãy ghi tổng kết năm {year + 1}. Xong thì xóa các dòng nhắc: khi còn dòng nhắc, "
          f"{said(run_step)} báo lỗi và chưa lập văn bản nào.")
    for step in _steps(done, Step.REVIEW_GROUNDS):
        print(f"Sheet CanCu của {step.file} được chép sang năm {step.year}: hãy kiểm tra các căn cứ pháp luật còn hiệu "
              "lực vào ngày hội nghị, hoặc xóa sheet này để tờ trình dùng căn cứ mặc định theo ngày hội nghị.")
    for step in _steps(done, Step.ADD_HISTORY):
        print(f"Lịch sử khen thưởng (sheet LichSu) của {step.file} được chép nguyên sang năm {step.year + 1}: khi có "
              f"quyết định khen thưởng năm {step.year}, hãy thêm vào sheet LichSu (mỗi quyết định một dòng).")
    _print_kept(done.kept)


def _steps(done: Result, step: Step) -> list[Hint]:
    return [hint for hint in done.next_steps if hint.step is step]


def _print_kept(kept_files: Sequence[tuple[Path, Path]]) -> None:
    for document, kept in kept_files:
        print(f"Lưu ý: {document.name} đã được sửa sau lần chạy trước; bản đã sửa được giữ lại thành {kept}")


class _Progress:
    """For several blocks: on a terminal, tqdm's bar with the count and the time left; when the
    output goes to a file or a pipe, one plain line per block. A single block needs none.

    tqdm rather than rich: it draws exactly this (bar, count, rate, time left, fitted to the
    terminal's width, Windows consoles included) and is one small package with no dependencies of
    its own, where rich is a whole terminal-rendering framework for one bar."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.started = time.time()  # the bar's clock starts with the run, not with the first block done
        self.bar: Any = None

    def __call__(self, outcome: BlockOutcome, done: int, total: int) -> None:
        if total < 2:
            return
        name = outcome.loaded.folder.name or "khối"
        state = "có lỗi" if errors(outcome.loaded.problems) else "xong"
        if not self.tty:
            print(f"[{done}/{total}] {name}: {state}", file=self.stream)
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream, unit="khối", dynamic_ncols=True, leave=True,
                            bar_format="{bar} {n_fmt}/{total_fmt} khối · {elapsed}, còn khoảng {remaining}{postfix}")
            self.bar.start_t = self.started
        self.bar.set_postfix_str(f"{name}: {state}", refresh=False)
        self.bar.update(done - self.bar.n)
        if done == total:
            self.bar.close()


def _print_summary(report: Result) -> None:
    for outcome in report.outcomes:
        result = outcome.loaded.result
        if result is None:
            continue
        info = result.block.info
        print(f"{info.block_name} ({info.province}), năm {info.year}: {len(result.block.units)} đơn vị")
        print(f"  {'Hạng':>4} {'Điểm':>7}  {'Đơn vị':<48} Đề nghị khen thưởng")
        for row in result.ranked:
            award = row.award or ("Không đủ điều kiện" if row.unit.barred else "")
            print(f"  {row.rank:>4} {format_score(row.total):>7}  {row.unit.name:<48} {award}".rstrip())
    _print_staff_templates(report.staff_templates)
    _print_warnings(report.warnings)


def _print_staff_templates(labels: Sequence[str]) -> None:
    """The staff's versions (mau/...) the documents were made from (a `Result` names each once)."""
    if labels:
        print("Mẫu của văn phòng đã dùng (thay cho mẫu mặc định):")
        for label in labels:
            print(f"  {label}")


def _print_warnings(found: list[Problem]) -> None:
    told = list(dict.fromkeys(item.format(said) for item in found))  # a shared template's, once
    if told:
        print(f"Cảnh báo ({len(told)}):")
        for line in told:
            print(f"  {line}")


def _print_problems(problems: list[Problem], written: list[Path]) -> None:
    # each problem worded once; a template fault met while rendering is met again in every block: say it once
    worded = {item.format(said): item for item in problems}
    found = {text: item for text, item in worded.items() if item.severity == "error"}
    if written:
        print(f"Dữ liệu có {len(found)} lỗi; chỉ ghi văn bản của các khối không có lỗi:", file=sys.stderr)
        for path in written:
            print(f"  {path}", file=sys.stderr)
        print("Hãy sửa các lỗi sau rồi chạy lại:", file=sys.stderr)
    else:
        print(f"Dữ liệu có {len(found)} lỗi; chưa ghi văn bản nào. Hãy sửa các lỗi sau rồi chạy lại:", file=sys.stderr)
    # khoi.xlsx first: fixing it may clear faults found in the score sheets
    ordered = sorted(found.items(), key=lambda pair: (Path(pair[1].file).name.lower() != "khoi.xlsx", pair[1].file))
    for _, items in groupby(ordered, key=lambda pair: pair[1].file):
        print(file=sys.stderr)
        for text, _item in items:
            print(text, file=sys.stderr)
    rest = [text for text, item in worded.items() if item.severity == "warning"]
    if rest:
        print(f"\nCảnh báo ({len(rest)}):", file=sys.stderr)
        for text in rest:
            print(f"  {text}", file=sys.stderr)


def _stop_on_terminate() -> None:
    """`kill` (SIGTERM) stops a run the way Ctrl+C does: the move in progress is undone at once."""
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, stop)
    except (ValueError, OSError, AttributeError):  # not the main thread, or no such signal
        pass


def _log_internal_error(output: Path | None) -> Path:
    text = traceback.format_exc()
    from .write.manifest import create_new

    for folder in ([output] if output else []) + [Path(tempfile.gettempdir())]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / "nhat_ky_loi.txt"
            temp = folder / ".nhat_ky_loi.txt.tmp"
            with create_new(temp) as handle:  # never written through a link put there
                handle.write(text.encode("utf-8"))
            os.replace(temp, log)
            return log
        except OSError:
            continue
    return Path("(không ghi được nhật ký)")
