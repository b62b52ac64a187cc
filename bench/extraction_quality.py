"""Print the extraction quality table (precision, recall, F1 per kind of fact) and documents/s
for the seeds and the development corpus kept as test fixtures, then for the held-out-style
variants set (tests/fixtures/variants) and the independent held-out set (tests/fixtures/heldout);
or for the paths given.

    python bench/extraction_quality.py [--details] [PATH ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cqcgraph.evaluate import evaluate_paths, format_report  # noqa: E402

DEFAULT = [ROOT / "tests" / "fixtures" / "seeds", ROOT / "tests" / "fixtures" / "corpus"]
VARIANTS = [ROOT / "tests" / "fixtures" / "variants"]
HELDOUT = [ROOT / "tests" / "fixtures" / "heldout"]


def main(argv: list[str]) -> int:
    details = "--details" in argv
    given = [Path(a) for a in argv if not a.startswith("--")]
    sets = [("", given)] if given else [("seeds + development corpus", DEFAULT), ("variants (held-out style)", VARIANTS),
                                                                            ("heldout (independent)", HELDOUT)]
    for title, paths in sets:
        if title:
            print(f"== {title}")
        print(format_report(evaluate_paths(paths), details=details))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
