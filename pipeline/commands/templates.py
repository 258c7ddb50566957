"""`make templates`: the default templates copied into `<input>/mau/` for staff to edit, never over
a staff version (`documents/template_files.py`)."""

from __future__ import annotations

from pathlib import Path

from ..documents.template_files import copy_defaults
from ..problems import Hint, Step, UsageError
from .result import Result


def copy_templates(input_dir: Path) -> Result:
    """The defaults copied (`written`) and the staff's versions left as they are (`kept`, each
    file with itself); next steps: a run of any year reading them, and this command again to get
    a default back. Raises UsageError when the data folder is missing or cannot be written."""
    if not input_dir.is_dir():
        raise UsageError(f"Không có thư mục dữ liệu {input_dir}. Hãy tạo thư mục này hoặc ghi đúng input=...")
    try:
        done = copy_defaults(input_dir)
    except OSError as exc:
        raise UsageError(f"Không chép được mẫu vào {input_dir / 'mau'} ({exc.strerror or type(exc).__name__}). "
                         "Hãy kiểm tra quyền ghi vào thư mục dữ liệu rồi chạy lại") from exc
    return Result(
        written=tuple(done.folder / name for name in done.copied),
        kept=tuple((done.folder / name, done.folder / name) for name in done.kept),
        next_steps=(Hint(Step.RUN, None, input_dir), Hint(Step.TEMPLATES)),
    )
