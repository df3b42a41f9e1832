"""CPU time per document of two litmine checkouts, back to back on the same machine.

The 200-document benchmark (``bench_review.py``) varies by about 30 % between runs on a shared
machine; comparing two versions back to back, warm, in one process each, is steadier:

    git worktree add /tmp/litmine-old <commit>
    python benchmarks/bench_compare.py /tmp/litmine-old .

prints, for each checkout, the mean CPU seconds per document over ``--rounds`` warm extractions
of the corpus papers (``corpus/xia2019_chem.md`` and ``corpus/sun2022_sciadv.md``), alternating
the checkouts twice.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("corpus/xia2019_chem.md", "corpus/sun2022_sciadv.md")

_CHILD = r"""
import sys, time, pathlib, tempfile
sys.path.insert(0, sys.argv[1])
import pipeline
from pipeline.extract import extract
assert pipeline.__file__.startswith(sys.argv[1]), pipeline.__file__
docs = [pathlib.Path(p) for p in sys.argv[3:]]
out = pathlib.Path(tempfile.mkdtemp())
for d in docs:
    extract(d, out / ("warm-" + d.stem))
t = time.process_time()
rounds = int(sys.argv[2])
for i in range(rounds):
    for d in docs:
        extract(d, out / f"r{i}-{d.stem}")
print((time.process_time() - t) / (rounds * len(docs)))
"""


def cpu_per_document(checkout: Path, rounds: int) -> float:
    docs = [str(ROOT / d) for d in DOCS]
    done = subprocess.run([sys.executable, "-c", _CHILD, str(checkout.resolve()), str(rounds),
                           *docs], capture_output=True, text=True, check=True, cwd="/")
    return float(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path, help="a checkout of the older version")
    ap.add_argument("new", type=Path, help="a checkout of the newer version")
    ap.add_argument("--rounds", type=int, default=4)
    args = ap.parse_args(argv)
    times: dict[str, list[float]] = {"old": [], "new": []}
    for _ in range(2):
        times["old"].append(cpu_per_document(args.old, args.rounds))
        times["new"].append(cpu_per_document(args.new, args.rounds))
    old, new = (sum(v) / len(v) for v in (times["old"], times["new"]))
    print("| checkout | CPU s per document (warm, mean of 2) |\n|---|---|")
    print(f"| {args.old} | {old:.3f} |\n| {args.new} | {new:.3f} |")
    print(f"\nnew / old = {new / old:.2f}")


if __name__ == "__main__":
    main()
