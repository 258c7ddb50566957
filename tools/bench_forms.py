"""Time the blank score forms (`make forms`): one process, outside `make test`.

    .venv/bin/python tools/bench_forms.py [--blocks 60] [--units 12] [--criteria 40] [--repeat 5]

Two inputs: the samples' 2020 block (`input_samples/2020`), and a synthetic province of `--blocks`
blocks (tools/synthetic.py). For each it prints the median and spread over `--repeat` runs of
- `write_block_ms`: writing one block's forms in memory (`block_forms`, after khoi.xlsx is read);
- `write_forms_s`: the whole command (`write_forms`: reading every khoi.xlsx, writing every file).
Times are CPU seconds of this process (the machine is shared: wall time says more about the
neighbours than about the code). The first run of each is a warm-up and is not counted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

YEAR = 2020


def _median(samples: list[float]) -> str:
    spread = f"{min(samples):.3f}..{max(samples):.3f}"
    return f"{statistics.median(samples):.3f} ({spread}, n={len(samples)})"


def _time(action, repeat: int) -> list[float]:
    action()  # warm-up: imports, caches
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        samples.append(time.process_time() - start)
    return samples


def bench(name: str, root: Path, repeat: int, work: Path) -> None:
    from pipeline.commands.forms import FORMS_FOLDER, _read_block, block_forms, write_forms
    from pipeline.commands.run import year_folder
    from pipeline.read.discover import find_blocks

    year_dir = year_folder(root, YEAR)
    blocks = [block for block, _ in (_read_block(f, YEAR, year_dir) for f in find_blocks(year_dir))]
    forms = sum(len(b.units) for b in blocks)

    def write_blocks() -> None:
        for block in blocks:
            block_forms(block, work / FORMS_FOLDER)

    def whole() -> None:
        shutil.rmtree(work / "out", ignore_errors=True)
        write_forms(YEAR, root, work / "out")

    per_block = [s * 1000 / len(blocks) for s in _time(write_blocks, repeat)]
    print(f"{name}: {len(blocks)} block(s), {forms} forms")
    print(f"  write_block_ms: {_median(per_block)}")
    print(f"  write_form_ms: {statistics.median(per_block) * len(blocks) / forms:.2f}")
    print(f"  write_forms_s: {_median(_time(whole, repeat))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=60)
    parser.add_argument("--units", type=int, default=12)
    parser.add_argument("--criteria", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from synthetic import write_province

    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        bench("samples 2020", ROOT / "input_samples", args.repeat, work)
        province = write_province(work / "province", YEAR, args.blocks, args.units, args.criteria)
        bench(f"synthetic {args.blocks} blocks x {args.units} units x {args.criteria} criteria", province,
              args.repeat, work)


if __name__ == "__main__":
    main()
