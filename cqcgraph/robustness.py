"""How far reading survives a change of surface form: the folders scored as they are and again
with each named transformation of ``cqcgraph.perturb`` applied to every plain text, against the
same expected files, and the facts each transformation loses or gains.

Imports the standard library, ``cqcgraph.evaluate`` and ``cqcgraph.perturb``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from cqcgraph import perturb as P
from cqcgraph.evaluate import KINDS, EvaluationReport, Fact, evaluate_paths, overall


@dataclass(frozen=True)
class Change:
    """A fact one transformation of a document loses (found unperturbed, missed after) or gains."""

    document: str
    kind: str
    fact: Fact
    lost: bool


@dataclass
class Robustness:
    """The unperturbed report and one report per transformation, by name."""

    baseline: EvaluationReport
    perturbed: dict[str, EvaluationReport]

    def changes(self, name: str) -> list[Change]:
        """The facts ``name`` loses or gains, document by document (loose scoring)."""
        base = {d.name: d for d in self.baseline.documents}
        out = []
        for d in self.perturbed[name].documents:
            b = base.get(d.name)
            if b is None:
                continue
            for kind in KINDS:
                was, now = Counter(b.missed.get(kind, [])), Counter(d.missed.get(kind, []))
                out += [Change(d.name, kind, f, True) for f in (now - was).elements()]
                out += [Change(d.name, kind, f, False) for f in (was - now).elements()]
                was_x, now_x = Counter(b.extra.get(kind, [])), Counter(d.extra.get(kind, []))
                out += [Change(d.name, f"{kind} (extra)", f, False) for f in (now_x - was_x).elements()]
        return out

    def stable(self, name: str) -> bool:
        """``name`` finds exactly the facts the unperturbed reading finds."""
        return not self.changes(name)


def measure(paths: list[Path], names: list[str] | None = None) -> Robustness:
    """Score ``paths`` unperturbed and with each of ``names`` (every transformation by default)."""
    chosen = list(P.TRANSFORMATIONS) if not names else names
    baseline = evaluate_paths(paths, coverage=False)
    return Robustness(baseline, {n: evaluate_paths(paths, coverage=False, perturb=P.transformation(n))
                                 for n in chosen})


def format_robustness(result: Robustness, *, details: bool = False) -> str:
    """F1 per transformation (loose and strict, all kinds together) beside the unperturbed
    run's, with the facts lost and gained, and the kinds that lose them."""
    base_lo, base_st = overall(result.baseline.kinds), overall(result.baseline.strict_kinds)
    width = max(16, *(len(n) for n in result.perturbed))
    lines = [f"{'transformation':<{width}} {'loose F1':>8} {'change':>7} {'strict F1':>9} {'change':>7}"
             f" {'lost':>5} {'extra':>5}  kinds that change",
             f"{'(unperturbed)':<{width}} {base_lo.f1:8.3f} {'':>7} {base_st.f1:9.3f}"]
    for name, report in result.perturbed.items():
        lo, st = overall(report.kinds), overall(report.strict_kinds)
        changes = result.changes(name)
        lost = sum(1 for c in changes if c.lost)
        extra = sum(1 for c in changes if c.kind.endswith("(extra)"))
        kinds = Counter(c.kind.split(" ")[0] for c in changes if c.lost or c.kind.endswith("(extra)"))
        lines.append(f"{name:<{width}} {lo.f1:8.3f} {lo.f1 - base_lo.f1:+7.3f} {st.f1:9.3f} {st.f1 - base_st.f1:+7.3f}"
                     f" {lost:5d} {extra:5d}  " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
        if details:
            for c in changes:
                what = "lost " if c.lost else "extra" if c.kind.endswith("(extra)") else "found"
                lines.append(f"    {what} {c.document}: {c.kind.split(' ')[0]}: {c.fact.key} {c.fact.attr()}")
    lines.append("")
    lines.append(f"{len(result.baseline.documents)} documents, {len(result.perturbed)} transformations")
    return "\n".join(lines)


__all__ = ["Change", "Robustness", "format_robustness", "measure"]
