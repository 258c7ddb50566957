"""`make bench`: our pipeline against a naive docxtpl baseline on a synthetic province.

    .venv/bin/python tools/bench.py [--blocks 60] [--units 12] [--criteria 40] [--repeat 3] [--quick]

1. Writes a province (tools/synthetic.py) to a temporary folder.
2. Times, interleaved, `--repeat` runs of each, all as subprocesses so all pay start-up:
   ours `python -m pipeline YEAR --input … --output …` (default --jobs: every core); the
   baseline `python tools/naive_baseline.py INPUT OUTPUT YEAR` (one process, sequential); and
   the floor `python tools/bench.py --floor INPUT OUTPUT PLAN` (one process, importing nothing
   of ours: python-calamine reads every cell of every workbook, and every file the run writes is
   written as a copy of a file that stands in for it, the least work the job needs). The peak
   memory of each is the highest sum of VmRSS over the process and its children, sampled every
   20 ms; CPU time is the user + system time of the process and every child it waited for.
3. Checks that both wrote the same text in every .docx of the catalog (python-docx: paragraphs
   and table cells in body order) and the same figures in every Word chart (categories, each
   series' values, the value axis' bounds), and that the floor wrote the same files as ours; any
   difference is listed and the exit status is 1.
4. Times start-up: `make year=YEAR output=…` on input_samples against `import pandas, docxtpl`.

The floor's PLAN (`floor_plan`, made before any timing) lists every file the run writes, by its
name under `<output>/<year>/`, and what it is a copy of: each document of the run's catalog
(`BLOCK_DOCUMENTS`) a copy of its template, as many copies per block as the catalog declares for
the block as the run loads it (the once-per-block documents; an achievement report
`ho_so/bao_cao_thanh_tich_<Mã>_<year>.docx` per proposed unit); each block's score table
`bang_diem_<year>.xlsx` a copy of the first block's, and the province workbook (several blocks)
a copy of the run's own. The documents/s figures count every .docx and .xlsx written.

Progress goes to stderr; results to stdout, ending with `floor_ratio: X.XX` (our median seconds
over the floor's), `startup_ratio: X.XX` and `speedup_vs_naive: X.XX` (the baseline's median
seconds over ours).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

sys.path.insert(0, str(ROOT))

YEAR = 2020
TEMPLATES = ROOT / "templates_docx"


def catalog() -> list[tuple[str, str]]:
    """(template file, output file) of every document a block gets: the run's own catalog.
    Imported only when needed, so that the floor's process imports nothing of ours."""
    from pipeline.documents.catalog import BLOCK_DOCUMENTS
    from pipeline.documents.declaration import Each

    return [(f"{d.template}.docx", d.output_name(YEAR)) for d in BLOCK_DOCUMENTS if d.each is Each.BLOCK]


def floor_plan(input_dir: Path, sources: Path) -> dict[str, dict[str, str]]:
    """Every file the run writes, by block folder ("" for the year's own files), each by its name
    in that folder -> the file the floor copies for it. The blocks are loaded as the run loads
    them and the catalog's declarations give each document's copies (one per block, or one per
    proposed unit); the workbooks' stand-ins are written into `sources` by our own writers."""
    from pipeline.commands.load import load_block
    from pipeline.commands.run import score_table_name
    from pipeline.documents.catalog import BLOCK_DOCUMENTS
    from pipeline.documents.declaration import Each
    from pipeline.read.discover import find_blocks
    from pipeline.write.score_table import score_table

    year_dir = input_dir / str(YEAR)
    sources.mkdir(parents=True, exist_ok=True)
    loaded = [load_block(folder, YEAR, year_dir) for folder in find_blocks(year_dir)]
    results = [block.result for block in loaded]
    if any(result is None for result in results):
        raise RuntimeError(f"the synthetic province has faults: {[p for b in loaded for p in b.problems][:5]}")
    stand_in = sources / score_table_name(YEAR)
    stand_in.write_bytes(score_table(results[0]))
    plan: dict[str, dict[str, str]] = {}
    for block, result in zip(loaded, results):
        files = plan.setdefault(block.folder.name, {})
        for document in BLOCK_DOCUMENTS:
            template = str(TEMPLATES / f"{document.template}.docx")
            names = ([document.output_name(YEAR)] if document.each is Each.BLOCK
                     else [name for _, name in document.outputs(result)])
            files |= dict.fromkeys(names, template)
        files[score_table_name(YEAR)] = str(stand_in)
    if len(loaded) > 1:  # the province workbook, as the run stages it
        from pipeline.commands.province import province_view, stage_workbook

        staged = stage_workbook(province_view(loaded, year_dir), loaded, YEAR, sources)
        plan[""] = {relative.as_posix(): str(path) for relative, path in staged.items()}
    return plan


def written(folder: Path) -> list[str]:
    """The documents and workbooks under `folder`, by relative name (no bookkeeping files)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.suffix in (".docx", ".xlsx"))
SAMPLE_EVERY = 0.02
MAX_LISTED = 20


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- measuring a process tree ----------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
        except FileNotFoundError:  # a kernel without CONFIG_PROC_CHILDREN: scan every process
            return _children_by_scan(pid)
        except OSError:
            continue
    return found


def _children_by_scan(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def tree_rss_kb(pid: int) -> int:
    """VmRSS summed over `pid` and its descendants, in kB (0 once they are gone)."""
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
        stack += _children(current)
    return total


@dataclass
class Measured:
    seconds: float
    peak_mb: float
    returncode: int
    stderr: str
    cpu_seconds: float = 0.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> Measured:
    """Wall time, CPU time and peak tree memory of one run of `command`."""
    peak = 0
    done = threading.Event()
    cpu = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(process.pid))
            done.wait(SAMPLE_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return Measured(seconds, peak / 1024, process.returncode, err.decode("utf-8", "replace"), _children_cpu() - cpu)


def timed(command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True)
    seconds = time.perf_counter() - start
    if completed.returncode:
        raise RuntimeError(f"{' '.join(command)} exited {completed.returncode}:\n"
                           f"{completed.stderr.decode('utf-8', 'replace')[-2000:]}")
    return seconds


# --- comparing documents ---------------------------------------------------------------------

def docx_text(path: Path) -> list[str]:
    """The text of each paragraph and table cell, in body order (nested tables included)."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []

    def walk(element, parent) -> None:
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                lines.append(Paragraph(child, parent).text)
            elif child.tag == qn("w:tbl"):
                for row in child.iterchildren(qn("w:tr")):
                    for cell in row.iterchildren(qn("w:tc")):
                        walk(cell, parent)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content, parent)

    walk(document.element.body, document)
    return lines


def chart_figures(path: Path) -> list[tuple]:
    """What each Word chart of a document shows: categories, the points of each series that has
    any (a group with no unit shows nothing, whether it is in the chart empty or left out), axis
    bounds."""
    import zipfile
    from decimal import Decimal

    from lxml import etree

    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(n for n in archive.namelist() if n.startswith("word/charts/") and n.endswith(".xml")):
            root = etree.fromstring(archive.read(name))
            series = []
            for ser in root.iter(c + "ser"):
                categories = tuple(v.text for v in ser.find(c + "cat").iter(c + "v"))
                points = {int(pt.get("idx")): Decimal(pt.findtext(c + "v")) for pt in ser.find(c + "val").iter(c + "pt")}
                if points:
                    series.append((categories, tuple(sorted(points.items()))))
            scaling = root.find(f".//{c}valAx/{c}scaling")
            bounds = tuple(Decimal(scaling.find(c + tag).get("val")) for tag in ("min", "max"))
            found.append((tuple(series), bounds))
    return found


def compare_outputs(ours: Path, naive: Path) -> tuple[int, list[str], int]:
    """How many documents there should be, one message per difference, and how many charts."""
    problems: list[str] = []
    charts = 0
    blocks = sorted({p.parent.relative_to(side) for side in (ours, naive) for p in side.rglob("*.docx")
                     if p.parent.name != "ho_so"})
    if not blocks:
        return 0, ["no .docx written by either side"], 0
    # the block's documents, then those made per proposed unit (`ho_so/`) that either side wrote
    names = [(block, Path(name)) for block in blocks for _, name in catalog()]
    names += sorted({(p.parent.parent.relative_to(side), Path("ho_so", p.name))
                     for side in (ours, naive) for p in side.rglob("ho_so/*.docx")})
    for block, name in names:
        a, b = ours / block / name, naive / block / name
        if not a.exists() or not b.exists():
            problems.append(f"{block / name}: missing in {'ours' if not a.exists() else 'baseline'}")
            continue
        ours_text, naive_text = docx_text(a), docx_text(b)
        if ours_text != naive_text:
            problems.append(f"{block / name}: {_first_difference(ours_text, naive_text)}")
        ours_charts, naive_charts = chart_figures(a), chart_figures(b)
        charts += len(ours_charts)
        if ours_charts != naive_charts:
            problems.append(f"{block / name}: the charts show different figures")
    return len(names), problems, charts


def _first_difference(ours: list[str], naive: list[str]) -> str:
    for index, (a, b) in enumerate(zip(ours, naive)):
        if a != b:
            return f"paragraph/cell {index + 1}: ours {a[:160]!r} != baseline {b[:160]!r}"
    return f"ours has {len(ours)} paragraphs/cells, baseline {len(naive)}"


# --- the benchmark ---------------------------------------------------------------------------

def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s (min {min(values):.2f} – max {max(values):.2f}, n={len(values)})"


def clean_env() -> dict[str, str]:
    """The environment of a user's shell: no flags inherited from `make bench`, and Python's
    bytecode cache on (as on any user's machine: some sandboxes turn it off, which would make
    every run recompile our modules while the libraries' bytecode, compiled by pip, is read)."""
    dropped = ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES", "PYTHONDONTWRITEBYTECODE")
    return {k: v for k, v in os.environ.items() if k not in dropped}


def startup(work: Path, runs: int) -> tuple[list[float], list[float]]:
    env = clean_env()
    # `-o` the setup stamp: measure the run, never a (re)install of the environment.
    make = ["make", "--no-print-directory", "-o", ".venv/.installed", f"year={YEAR}", f"output={work / 'start'}"]
    imports = [python(), "-c", "import pandas, docxtpl"]
    make_times, import_times = [], []
    for i in range(runs):
        progress(f"startup {i + 1}/{runs}")
        make_times.append(timed(make, env=env))
        import_times.append(timed(imports, env=env))
    return make_times, import_times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blocks", type=int, default=60)
    parser.add_argument("--units", type=int, default=12)
    parser.add_argument("--criteria", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="smoke test: 6 blocks, one run each")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and say where it is")
    parser.add_argument("--floor", nargs=3, type=Path, metavar=("INPUT", "OUTPUT", "PLAN"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        return floor(*args.floor)
    if args.quick:
        args.blocks, args.repeat, args.startup_runs = 6, 1, 1

    work = Path(tempfile.mkdtemp(prefix="thidua_bench_"))
    try:
        return _bench(args, work)
    finally:
        if args.keep:
            progress(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _bench(args: argparse.Namespace, work: Path) -> int:
    from synthetic import write_province

    documents_per_block = [name for _, name in catalog()]
    progress(f"writing {args.blocks} blocks × {args.units} units × {args.criteria} criteria to {work / 'input'}")
    start = time.perf_counter()
    input_dir = write_province(work / "input", YEAR, args.blocks, args.units, args.criteria, args.seed)
    progress(f"written in {time.perf_counter() - start:.1f} s")
    plan = floor_plan(input_dir, work / "floor_sources")
    plan_file = work / "floor_plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    planned = sorted(Path(block, name).as_posix() for block, files in plan.items() for name in files)
    documents = len(planned)
    reports = sum(name.startswith("ho_so/") for files in plan.values() for name in files)
    books = [name for name in planned if name.endswith(".xlsx")]
    # our package compiled once, as `pip install` compiles the libraries (a user's first run would)
    subprocess.run([python(), "-m", "compileall", "-q", str(ROOT / "pipeline")], check=True, env=clean_env())

    runs: dict[str, list[Measured]] = {"ours": [], "baseline": [], "floor": []}
    for i in range(1, args.repeat + 1):
        commands = {
            "ours": [python(), "-m", "pipeline", str(YEAR), "--input", str(input_dir),
                     "--output", str(work / f"ours_{i}")],
            "baseline": [python(), str(ROOT / "tools" / "naive_baseline.py"), str(input_dir),
                         str(work / f"baseline_{i}"), str(YEAR)],
            "floor": [python(), str(Path(__file__).resolve()), "--floor", str(input_dir), str(work / f"floor_{i}"),
                      str(plan_file)],
        }
        for side, command in commands.items():
            progress(f"{side} run {i}/{args.repeat}")
            measured = measure(command, env=clean_env())
            if measured.returncode:
                print(f"{side} failed (exit {measured.returncode}):\n{measured.stderr[-3000:]}", file=sys.stderr)
                return 1
            progress(f"{side} run {i}: {measured.seconds:.2f} s, CPU {measured.cpu_seconds:.2f} s, "
                     f"peak {measured.peak_mb:.0f} MB")
            runs[side].append(measured)

    progress("comparing document text and charts")
    expected, mismatches, charts = compare_outputs(work / "ours_1" / str(YEAR), work / "baseline_1" / str(YEAR))
    ours_files, floor_files = written(work / "ours_1" / str(YEAR)), written(work / "floor_1" / str(YEAR))
    # the floor must write what the run writes, no more, no less
    unlike = [f"{name}: written by ours only" for name in sorted(set(ours_files) - set(floor_files))]
    unlike += [f"{name}: written by the floor only" for name in sorted(set(floor_files) - set(ours_files))]
    try:
        make_times, import_times = startup(work, args.startup_runs)
    except RuntimeError as exc:
        print(f"startup measurement failed: {exc}", file=sys.stderr)
        make_times = import_times = []

    median = {side: statistics.median(m.seconds for m in measured) for side, measured in runs.items()}
    speedup = median["baseline"] / median["ours"]
    print(f"province: {args.blocks} blocks × {args.units} units × {args.criteria} criteria, "
          f"{args.blocks * args.units} score workbooks, {documents} documents written: {documents - len(books)} .docx "
          f"({len(documents_per_block)} per block: {', '.join(documents_per_block)}; {reports} achievement reports "
          f"ho_so/…, one per proposed unit) and {len(books)} .xlsx ({', '.join(sorted({Path(b).name for b in books}))})"
          f", {os.cpu_count()} cores")
    for side in ("ours", "baseline", "floor"):
        times = [m.seconds for m in runs[side]]
        peak = max(m.peak_mb for m in runs[side])
        cpu_ms = statistics.median(m.cpu_seconds for m in runs[side]) * 1000 / args.blocks
        print(f"{side + ':':<9} {spread(times)}, {documents / statistics.median(times):.1f} documents/s, "
              f"CPU {cpu_ms:.0f} ms per block, peak memory {peak:.0f} MB")
    print("floor: one process, python-calamine reading every cell of every workbook, each file the run writes a copy "
          "(each .docx of its template, each .xlsx of one the run writes)")
    print(f"documents/s ratio (ours / baseline): {speedup:.2f}")
    if mismatches:
        print(f"text comparison: {len(mismatches)} of {expected} documents differ")
        for line in mismatches[:MAX_LISTED]:
            print(f"  {line}")
        if len(mismatches) > MAX_LISTED:
            print(f"  … and {len(mismatches) - MAX_LISTED} more")
    else:
        print(f"text comparison: all {expected} documents have the same text")
        print(f"chart comparison: all {charts} Word charts show the same figures (the baseline fills the "
              "template's chart the tutorial way: python-docx part, lxml, openpyxl for its workbook)")
    if unlike:
        print(f"floor: {len(unlike)} files differ from those ours writes")
        for line in unlike[:MAX_LISTED]:
            print(f"  {line}")
    else:
        print(f"floor: wrote the same {len(floor_files)} files as ours")
    if make_times:
        print(f"startup: make year={YEAR} {spread(make_times)}; import pandas, docxtpl {spread(import_times)}")
    else:
        print(f"startup: make year={YEAR} failed (see stderr)")
    print(f"floor_ratio: {median['ours'] / median['floor']:.2f}")
    if make_times:
        print(f"startup_ratio: {statistics.median(make_times) / statistics.median(import_times):.2f}")
    print(f"speedup_vs_naive: {speedup:.2f}")
    return 1 if mismatches or unlike or not make_times else 0


def floor(input_dir: Path, output_dir: Path, plan_file: Path) -> int:
    """The least work a run needs: read every cell of every workbook of the year (python-calamine),
    and write every file the run writes (`floor_plan`), each as a copy of its stand-in's entries."""
    import zipfile

    from python_calamine import CalamineWorkbook

    plan: dict[str, dict[str, str]] = json.loads(plan_file.read_text(encoding="utf-8"))
    sources: dict[str, list] = {}
    for source in {source for files in plan.values() for source in files.values()}:
        with zipfile.ZipFile(source) as archive:
            sources[source] = [(i, archive.read(i)) for i in archive.infolist()]

    def write(folder: Path, files: dict[str, str]) -> None:
        for name, source in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(folder / name, "w") as archive:
                for info, data in sources[source]:
                    archive.writestr(info, data)  # as the stand-in has it: its date, its compression

    cells = 0
    year_dir = input_dir / str(YEAR)
    for block in sorted(p for p in year_dir.iterdir() if p.is_dir()):
        for path in sorted(block.rglob("*.xlsx")):
            book = CalamineWorkbook.from_path(str(path))
            for name in book.sheet_names:
                cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python())
        write(output_dir / str(YEAR) / block.name, plan.get(block.name, {}))
    write(output_dir / str(YEAR), plan.get("", {}))
    return 0 if cells else 1


if __name__ == "__main__":
    sys.exit(main())
