"""Generate a realistic corpus of CQC documents, deterministic from a seed, at any size up to
the national one (121,000 locations, about 500,000 documents).

    python bench/corpus_generator.py OUT --locations 1000 --seed 1 [--pdf-share 0.15]
    python bench/corpus_generator.py OUT --national          # 121,000 locations

Writes, under OUT:

* ``documents/NNNN/``: the documents of a thousand locations each, in every layout cqcgraph
  reads: location pages (to 2023) and assessment pages (2024 on), inspection reports of
  2014–2023 (text and PDF), 2011–2012 reviews of compliance and 2013–2014 essential standards
  reports, press releases about enforcement, NHS trust pages, CQC API location and provider
  records; a share of the text layouts as HTML pages or PDF reports;
* ``documents/NNNN/expected/<stem>.json``: the facts each document states, for
  ``cqcgraph evaluate OUT/documents`` (ingest never reads them);
* ``register/``: the HSCA active locations file and the latest ratings file of the same world.

Sectors (care homes, homecare, supported living, GP, dentists, NHS hospitals, hospices,
independent ambulances), eras, ratings, breaches of the 2014 regulations and the 2010 outcomes,
enforcement and inspection histories are drawn from ``--seed``; the same seed gives the same
bytes. Locations are written one at a time, so memory stays flat whatever the size; a line
every ``--every`` locations says the rate.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus.write import PDF_SHARE, generate  # noqa: E402

NATIONAL_LOCATIONS = 121_000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--locations", type=int, default=200)
    size.add_argument("--national", action="store_true", help=f"{NATIONAL_LOCATIONS:,} locations")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pdf-share", type=float, default=PDF_SHARE,
                    help="share of reports written as PDF (PDFs take the most time to draw)")
    ap.add_argument("--every", type=int, default=1000, help="say the rate every N locations")
    args = ap.parse_args(argv)
    locations = NATIONAL_LOCATIONS if args.national else args.locations
    start = time.perf_counter()
    tally = generate(args.out, locations, args.seed, pdf_share=args.pdf_share, every=args.every)
    seconds = time.perf_counter() - start
    total = sum(tally.documents.values())
    print(f"{tally.locations} locations, {total} documents ({total / max(1, tally.locations):.2f} a location), "
          f"{tally.bytes / 1e6:.1f} MB in {seconds:.1f} s ({total / seconds:.0f} documents/s)")
    for layout, n in sorted(tally.documents.items()):
        print(f"  {layout:<28} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
