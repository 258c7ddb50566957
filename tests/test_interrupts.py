"""Never losing an earlier document (issue 13, SPEC §3/§5): a run stopped at any moment of the
final move (a kill, Ctrl+C, a power cut) leaves every earlier document in place or restored by
the next run, with no leftovers; two runs at once do not mix; an edited document is kept."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builders import default_case, write_case
from docx import Document

from pipeline.cli import main
from pipeline.write import outputs
from pipeline.write.lock import FolderLock
from pipeline.write.manifest import MANIFEST_NAME, read_manifest, write_manifest

ROOT = Path(__file__).resolve().parent.parent
OLD = {"bao_cao.docx": b"report v1", "to_trinh.docx": b"proposal v1", "bang_diem.xlsx": b"table v1"}
NEW = {"bao_cao.docx": b"report v2", "to_trinh.docx": b"proposal v2", "bang_diem.xlsx": b"table v1",
       "giao_uoc.docx": b"pledge v2"}
EDITED = b"proposal v1, edited in Word"


def _earlier_set(tmp_path: Path) -> Path:
    """An output folder after a good run, then staff edited the proposal; a PDF of the report."""
    root = tmp_path / "earlier" / "2020"
    staging = outputs.staging_folder(root)
    for name, data in OLD.items():
        (staging / name).write_bytes(data)
    outputs.commit(root, {root / name: staging / name for name in OLD})
    shutil.rmtree(staging)
    (root / "to_trinh.docx").write_bytes(EDITED)
    (root / "bao_cao.pdf").write_bytes(b"%PDF of report v1")  # as make pdf made it, and recorded
    pdf = hashlib.sha256(b"%PDF of report v1").hexdigest()
    write_manifest(root, read_manifest(root) | {"bao_cao.pdf": pdf})
    return root


def _stage(root: Path) -> dict[Path, Path]:
    staging = outputs.staging_folder(root)
    for name, data in NEW.items():
        (staging / name).write_bytes(data)
    return {root / name: staging / name for name in NEW}


def _state(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
            and p.name not in (MANIFEST_NAME, ".thidua-lock")}


BEFORE = dict(OLD, **{"to_trinh.docx": EDITED, "bao_cao.pdf": b"%PDF of report v1"})
AFTER = dict(NEW, **{"to_trinh_ban_da_sua.docx": EDITED})

_KILLER = r"""
import os, signal, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from pipeline.write import outputs
root, stop, mode = Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
staging = next(root.glob(".staging-*"))
moves = {root / p.name: p for p in staging.iterdir()}
count = [0]
def wrap(real):
    def op(*args, **kwargs):
        count[0] += 1
        if count[0] == stop:
            if mode == "kill":
                os.kill(os.getpid(), signal.SIGKILL)  # a power cut: no cleanup of any kind
            raise KeyboardInterrupt  # Ctrl+C (and kill's SIGTERM, which the CLI turns into it)
        return real(*args, **kwargs)
    return op
for name in ("replace", "rename", "unlink", "fsync"):
    setattr(os, name, wrap(getattr(os, name)))
try:
    outputs.commit(root, moves, stale={root / "bao_cao.pdf": root / "bao_cao.docx"})
except KeyboardInterrupt:
    sys.exit(130)
print(count[0])
"""


def _commit_in_child(root: Path, stop: int, mode: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _KILLER, str(ROOT), str(root), str(stop), mode],
                          capture_output=True, text=True, timeout=60)


def _check_whole(root: Path) -> str:
    """After the next run's recovery: the earlier set or the new one, whole, and nothing left over."""
    outputs.recover(root)
    state = _state(root)
    assert state in (BEFORE, AFTER), state
    assert not [p for p in root.iterdir() if p.name.startswith((".staging", ".thidua-journal")) or p.suffix == ".cu"]
    listed = read_manifest(root)
    for name, digest in listed.items():  # the manifest tells what the tool wrote there
        if not (state == BEFORE and name == "to_trinh.docx"):  # staff's edit, not the tool's
            assert hashlib.sha256((root / name).read_bytes()).hexdigest() == digest
    return "before" if state == BEFORE else "after"


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["kill", "interrupt"])
def test_stopped_between_any_two_file_operations_nothing_is_lost(tmp_path, mode):
    template = _earlier_set(tmp_path)
    _stage(template)
    probe = tmp_path / "probe" / "2020"
    shutil.copytree(template, probe)
    done = _commit_in_child(probe, 0, mode)
    assert done.returncode == 0, done.stderr
    steps = int(done.stdout)
    assert _check_whole(probe) == "after" and steps > 10
    outcomes = []
    for stop in range(1, steps + 1):
        root = tmp_path / f"{mode}{stop}" / "2020"
        shutil.copytree(template, root)
        stopped = _commit_in_child(root, stop, mode)
        assert stopped.returncode in (-9, 130), stopped.stderr
        journal = root / outputs.JOURNAL_NAME
        if mode == "interrupt" and journal.exists():  # undone at once, unless the set was complete
            assert json.loads(journal.read_text())["state"] == "done"
        outcomes.append(_check_whole(root))
    assert outcomes[0] == "before" and "after" in outcomes  # stopped late, the set is complete


def _good_run(tmp_path: Path) -> tuple[Path, Path]:
    root = write_case(default_case(STC=95), tmp_path / "in")
    out = tmp_path / "out"
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    return root, out


def test_the_next_run_restores_what_a_killed_run_left(tmp_path, capsys):
    root, out = _good_run(tmp_path)
    folder = out / "2020"
    before = _state(folder)
    # a run killed in the middle of its move: the report replaced, the rest not yet
    staging = outputs.staging_folder(folder)
    (staging / "new.docx").write_bytes(b"half of a new set")
    steps = [outputs._Step("bao_cao_tong_ket_2020.docx", staging.relative_to(folder).as_posix() + "/new.docx",
                           ".bao_cao_tong_ket_2020.docx.cu")]
    (folder / outputs.JOURNAL_NAME).write_bytes(outputs._journal_text("moving", steps, {}))
    os.replace(folder / "bao_cao_tong_ket_2020.docx", folder / ".bao_cao_tong_ket_2020.docx.cu")
    os.replace(staging / "new.docx", folder / "bao_cao_tong_ket_2020.docx")
    capsys.readouterr()
    assert main(["2020", "--input", str(root), "--output", str(out), "--check"]) == 0
    assert (folder / outputs.JOURNAL_NAME).exists()  # --check touches nothing, not even to repair
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    assert "Lần chạy trước bị dừng giữa chừng" in capsys.readouterr().out
    assert _state(folder) == before
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [".thidua-lock", MANIFEST_NAME]


def test_a_second_run_on_the_same_output_folder_is_refused(tmp_path, capsys):
    root, out = _good_run(tmp_path)
    before = _state(out / "2020")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; sys.path.insert(0, sys.argv[1]);"
         "from pathlib import Path; from pipeline.write.lock import FolderLock;"
         "lock = FolderLock(Path(sys.argv[2])).__enter__(); print('held', flush=True); time.sleep(60)",
         str(ROOT), str(out / "2020")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        write_case(default_case(STC=90), tmp_path / "in")
        capsys.readouterr()
        assert main(["2020", "--input", str(root), "--output", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"Một lần chạy khác (máy {os.uname().nodename}, tiến trình {holder.pid}" in err
        assert f"đang ghi vào thư mục {out / '2020'}. Hãy đợi lần chạy đó xong rồi chạy lại" in err
        assert _state(out / "2020") == before
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0  # the lock went with its process


def test_two_runs_started_at_once_leave_one_whole_set(tmp_path):
    root, out = _good_run(tmp_path)
    command = [sys.executable, "-m", "pipeline", "2020", "--input", str(root), "--output", str(out), "--jobs", "1"]
    write_case(default_case(STC=90), tmp_path / "in")
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(r.wait(timeout=120), r.stderr.read()) for r in runs]
    for r in runs:
        r.stdout.close()
        r.stderr.close()
    assert sorted(code for code, _ in results) in ([0, 0], [0, 2]), results
    for code, err in results:
        assert code == 0 or "Một lần chạy khác" in err
    names = sorted(p.name for p in (out / "2020").iterdir() if not p.name.startswith("."))
    assert names == ["bang_diem_2020.xlsx", "bao_cao_tong_ket_2020.docx", "bien_ban_hop_2020.docx",
                     "giao_uoc_thi_dua_2021.docx", "ho_so", "to_trinh_khen_thuong_2020.docx"]


def test_an_edited_document_is_kept_before_a_rerun_replaces_it(tmp_path, capsys):
    root, out = _good_run(tmp_path)
    report = out / "2020" / "bao_cao_tong_ket_2020.docx"
    edited = Document(str(report))
    edited.add_paragraph("Đoạn văn chị Lan thêm vào báo cáo")
    edited.save(str(report))
    edited_bytes = report.read_bytes()
    write_case(default_case(STC=88), tmp_path / "in")  # a score changes: the report changes
    capsys.readouterr()
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    kept = out / "2020" / "bao_cao_tong_ket_2020_ban_da_sua.docx"
    assert kept.read_bytes() == edited_bytes
    assert f"Lưu ý: bao_cao_tong_ket_2020.docx đã được sửa sau lần chạy trước; bản đã sửa được giữ lại thành {kept}" in (
        capsys.readouterr().out)
    new_text = "\n".join(p.text for p in Document(str(report)).paragraphs)
    assert "Đoạn văn chị Lan" not in new_text and "88" in new_text
    # the score table and the proposal were not edited: replaced silently, nothing kept
    assert sorted(p.name for p in (out / "2020").iterdir() if "ban_da_sua" in p.name) == [kept.name]
    # a rerun with nothing changed keeps nothing more; an edit equal to what the run writes is silent
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    assert "Lưu ý" not in capsys.readouterr().out
    # edited again and the scores unchanged: the edit differs from both, so it is kept again
    edited = Document(str(report))
    edited.add_paragraph("Lần sửa thứ hai")
    edited.save(str(report))
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    second = out / "2020" / "bao_cao_tong_ket_2020_ban_da_sua_2.docx"
    assert "Lần sửa thứ hai" in "\n".join(p.text for p in Document(str(second)).paragraphs)
    assert kept.read_bytes() == edited_bytes
    # a kept copy is staff's, not the tool's: never listed as its own (so never skipped as input)
    assert second.name not in json.loads((out / "2020" / MANIFEST_NAME).read_text())["files"]


def test_set_aside_files_no_journal_names_are_put_back_or_removed(tmp_path):
    root, out = _good_run(tmp_path)
    folder = out / "2020"
    report, pledge = folder / "bao_cao_tong_ket_2020.docx", folder / "giao_uoc_thi_dua_2021.docx"
    earlier = report.read_bytes()
    os.replace(report, folder / ".bao_cao_tong_ket_2020.docx.cu")  # killed between two renames, long ago
    (folder / ".giao_uoc_thi_dua_2021.docx.cu").write_bytes(b"an older pledge")  # its removal failed
    assert outputs.recover(folder)
    assert report.read_bytes() == earlier and pledge.exists()
    assert not list(folder.glob(".*.cu"))
