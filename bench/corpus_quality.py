"""How well cqcgraph reads each layout the corpus generator writes: ``cqcgraph evaluate``'s
scores (precision, recall, F1 per kind of fact) grouped by the generated layout and form
(``inspection-report``, ``inspection-report-pdf``, ``location-page-html``…), not by the layout
cqcgraph detected, so a layout read as another shows as a low score of its own.

    python bench/corpus_quality.py OUT                  # a corpus bench/corpus_generator.py wrote
    python bench/corpus_quality.py --generated 200      # generate 200 locations first (seed 1)

Prints one line per generated layout, worst first, with the kinds of fact it reads worst.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cqcgraph.evaluate import KINDS, Score, evaluate_paths, overall  # noqa: E402
from corpus.write import generate  # noqa: E402


def generated_layout(folder: Path, name: str) -> str:
    """The layout the generator wrote a document in, as its expected file's note says."""
    note = json.loads((folder / "expected" / f"{Path(name).stem}.json").read_text(encoding="utf-8"))["note"]
    return note.removeprefix("generated ")


def scores_by_layout(documents: Path) -> dict[str, tuple[int, dict[str, Score], dict[str, int]]]:
    """Per generated layout: documents, loose scores per kind, and the layouts cqcgraph detected."""
    shards = sorted(p for p in documents.iterdir() if p.is_dir())
    report = evaluate_paths(shards, coverage=False)
    where = {p.name: p for shard in shards for p in shard.iterdir() if p.is_file()}
    out: dict[str, tuple[int, dict[str, Score], dict[str, int]]] = {}
    for d in report.documents:
        layout = generated_layout(where[d.name].parent, d.name)
        n, kinds, detected = out.setdefault(layout, (0, {k: Score() for k in KINDS}, {}))
        for k, sc in d.kinds.items():
            kinds[k].add(sc)
        detected[d.layout] = detected.get(d.layout, 0) + 1
        out[layout] = (n + 1, kinds, detected)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, nargs="?")
    ap.add_argument("--generated", type=int, metavar="LOCATIONS")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        if args.generated:
            generate(out, args.generated, args.seed, every=0, say=lambda _: None)
        table = scores_by_layout(out / "documents")
    print(f"{'generated layout':<26} {'docs':>5} {'P':>6} {'R':>6} {'F1':>6}  worst kinds (F1)      read as")
    for layout, (n, kinds, detected) in sorted(table.items(), key=lambda item: overall(item[1][1]).f1):
        total = overall(kinds)
        worst = sorted((sc.f1, k) for k, sc in kinds.items() if sc.tp + sc.fp + sc.fn)[:3]
        worst_text = ", ".join(f"{k} {f1:.2f}" for f1, k in worst if f1 < 1)
        read_as = ", ".join(f"{k} {v}" for k, v in sorted(detected.items(), key=lambda kv: -kv[1]))
        print(f"{layout:<26} {n:5d} {total.precision:6.3f} {total.recall:6.3f} {total.f1:6.3f}  {worst_text:<21} {read_as}")
    every = overall({f"{layout} {k}": sc for layout, (_n, kinds, _d) in table.items() for k, sc in kinds.items()})
    print(f"{'all':<26} {sum(n for n, _k, _d in table.values()):5d} {every.precision:6.3f} {every.recall:6.3f} {every.f1:6.3f}")


if __name__ == "__main__":
    main()
