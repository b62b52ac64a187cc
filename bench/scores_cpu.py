"""CPU the reading of assessment scores costs a document: ``extract`` over the open fixture
folders and over generated location pages (the ingest benchmark's), with the part spent in the
scores reader (``cqcgraph.extract.scores``: the assessment layout's test for scored statements
and the post-pass every layout runs) measured apart.

    python bench/scores_cpu.py            # 3 rounds
    python bench/scores_cpu.py --rounds 5 --pages 1000

Prints milliseconds of CPU per document (best round) for each set.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cqcgraph.extract import extract, scores  # noqa: E402
from ingest import location_page  # noqa: E402

#: Folders that are read in development (the sets kept aside are never read here).
OPEN = ("seeds", "corpus", "variants", "heldout", "heldout2", "heldout3", "heldout6", "real")


def _scores_only(text: str) -> None:
    """What the scores reader does to a text of the assessment layout: the test for scored
    statements, then the post-pass's reading of statements and key question percentages (as
    for a text that may get an assessment, so nothing is skipped for want of one)."""
    scores.scores_statements(text)
    scores.with_scores_found([], text, None, add_assessment=True)


def cpu_ms(texts: list[str], fn, rounds: int) -> float:
    """Best-of-rounds CPU milliseconds a text."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for t in texts:
            fn(t)
        best = min(best, time.process_time() - t0)
    return 1000 * best / len(texts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pages", type=int, default=300)
    args = ap.parse_args()
    fixtures = ROOT / "tests" / "fixtures"
    open_texts = [p.read_text(encoding="utf-8") for d in OPEN for p in sorted((fixtures / d).glob("*.txt"))]
    rng = random.Random(7)
    pages = [location_page(i, rng) for i in range(args.pages)]
    for label, texts in (("open fixtures", open_texts), ("generated pages", pages)):
        whole = cpu_ms(texts, extract, args.rounds)
        part = cpu_ms(texts, _scores_only, args.rounds)
        print(f"{label:16s} {len(texts):5d} docs  extract {whole:6.3f} ms/doc  scores reader {part:6.3f} ms/doc")


if __name__ == "__main__":
    main()
