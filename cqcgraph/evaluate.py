"""The extraction quality gate: compare what ``extract`` reads from documents with the facts
their ``expected`` JSON files list, as precision, recall and F1 per kind of fact.

Kinds: provider, location, address, postcode, dates, ratings, scores, breaches, actions
(MUST/SHOULD/requirement notices), enforcement (warning notices, suspension, cancellation,
special measures, conditions, prosecution, fines, costs…) and changes (rating went up/down).

How facts are matched (the rules are the same for both sides, and documented so the numbers
mean something):

- Texts are compared normalised: lower case, curly quotes straightened, punctuation dropped,
  spaces collapsed. Postcodes without spaces. A trailing note in brackets in an expected name
  ("… (garbled PDF text)") is an annotation, not part of the name.
- provider / location: each name, alternative name and CQC id is one fact.
- dates: ``(role, value)`` with roles start, end, published, updated, text (a date with no year,
  by its wording, without the preposition before it: "in March" is "march"), registered,
  last-inspected, and visit. A document's publication date and an inspection's count as the
  same role. An end date equal to its start is not a separate fact.
  Visit dates are compared only in documents whose expected file lists visit dates. Dates are
  sets: the same date stated twice is one fact.
- ratings: ``(key question, service or population group, value)`` with the inspection's key (its
  start date, else its wording of a date; its publication date; its summary date) as an
  attribute that must agree (share one of these dates) when both sides have one; the location's current overall rating is its own fact.
- scores: quality statement ``(name, score)`` with ``assessed`` as an attribute; a key
  question's percentage score ``(key question, percent)``.
- breaches: a regulation number when both sides give one, else the titles, which match when
  one's words are (nearly) all in the other's.
- actions: a multiset of ``(kind)`` with the cited regulation paragraph and count as attributes;
  enforcement: a set of ``(kind)`` with against, amount, duration, regulation as attributes.
- Attributes given on only one side are not compared; facts are matched one to one, greedily.

Expected files may use either layout of a key: ``dates_text`` as a string or a list (also at the
top level); quality statement scores flat or grouped by key question; key question percentages
inside ``key_question_ratings`` (``score_percent``) or as ``key_question_scores``; action kinds
with underscores or spaces ("warning_notice", "warning notice (section 29A)");
``special_measures_change`` ("taken out of special measures") as an enforcement fact. Keys the
scoring does not know (``type``, ``standards``, ``ratings_absent_in_text``, notes…) are ignored.

Imports the standard library, ``cqcgraph.records``, ``cqcgraph.extract`` and
``cqcgraph.documents``.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from cqcgraph.records import ActionKind, DocumentRecord, Inspection

KINDS = ("provider", "location", "address", "postcode", "dates", "ratings", "scores",
         "breaches", "actions", "enforcement", "changes")
DOCUMENT_SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".json", ".jsonl"}


@dataclass(frozen=True)
class Fact:
    key: tuple
    attrs: tuple[tuple[str, Any], ...] = ()

    def attr(self) -> dict[str, Any]:
        return {k: v for k, v in self.attrs if v is not None}


def fact(*key: Any, **attrs: Any) -> Fact:
    return Fact(tuple(key), tuple(sorted((k, v) for k, v in attrs.items() if v is not None)))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class DocumentScore:
    name: str
    layout: str
    kinds: dict[str, Score]
    missed: dict[str, list[Fact]] = field(default_factory=dict)
    extra: dict[str, list[Fact]] = field(default_factory=dict)
    error: str | None = None


@dataclass
class EvaluationReport:
    documents: list[DocumentScore]
    seconds: float

    @property
    def kinds(self) -> dict[str, Score]:
        total = {k: Score() for k in KINDS}
        for d in self.documents:
            for k, s in d.kinds.items():
                total[k].add(s)
        return total

    @property
    def documents_per_second(self) -> float:
        return len(self.documents) / self.seconds if self.seconds else 0.0


# ----------------------------------------------------------------------------- normalising

def norm(text: Any) -> str:
    text = str(text).replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[^\w\s]", " ", text.lower().replace("'", ""))
    return " ".join(text.split())


def norm_name(text: str) -> str:
    return norm(re.sub(r"\s*\((?:[a-z][^)]*)\)\s*$", "", text.strip()))


def norm_postcode(text: str) -> str:
    return re.sub(r"\s", "", text.upper())


def norm_rating(text: Any) -> str | None:
    from cqcgraph.extract.patterns import parse_rating

    value = parse_rating(str(text)) if text else None
    return value.value if value else None


def norm_kq(text: str) -> str:
    t = norm(text).replace(" ", "-")
    return "well-led" if t in ("well-led", "wellled") else t


def norm_date_text(text: Any) -> str:
    """A date's wording without the preposition before it: "in March" is "March"."""
    return re.sub(r"^(?:in|during|between|from)\s+", "", norm(text))


def norm_change(text: str) -> str:
    return norm(text).replace(" ", "-")


def _words(text: str) -> set[str]:
    stop = {"the", "a", "an", "of", "to", "and", "with", "their", "cqc", "where", "required", "while", "is", "in"}
    return {w for w in norm(re.sub(r"\([^)]*\)", "", text)).split() if w not in stop}


def similar_titles(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    small, big = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(small & big) / len(small) >= 0.8


# ----------------------------------------------------------------------------- expected facts

_ENFORCEMENT_KINDS = [
    (r"urgent suspension", "urgent-suspension"),
    (r"suspension", "suspension"),
    (r"cancel", "cancellation"),
    (r"special.measures.exit|out of special measures", "special-measures-exit"),
    (r"special.measures", "special-measures"),
    (r"29a", "warning-notice-29a"),
    (r"warning", "warning-notice"),
    (r"condition", "condition"),
    (r"prosecut", "prosecution"),
    (r"fixed.penalty", "fixed-penalty"),
    (r"fine", "fine"),
    (r"caution", "caution"),
    (r"costs", "costs"),
    (r"compliance.action", "compliance-action"),
]
_ACTION_KINDS = [(r"requirement", "requirement-notice"), (r"^must", "must"), (r"^should", "should")]


def _kind_of(entry: dict) -> tuple[str, str] | None:
    """("actions"|"enforcement", kind) for an expected action entry; the kind may be spelled
    with underscores, hyphens or spaces ("warning_notice", "warning-notice", "warning notice")."""
    raw = " ".join(norm(entry.get("kind", "")).replace("_", " ").split())
    for pattern, kind in _ACTION_KINDS:
        if re.search(pattern, raw):
            return "actions", kind
    for pattern, kind in _ENFORCEMENT_KINDS:
        if re.search(pattern, raw):
            return "enforcement", kind
    if raw == "other":
        text = norm(entry.get("text", ""))
        if "costs" in text:
            return "enforcement", "costs"
        return "enforcement", "other"
    return None


def _insp_key(start: Any, text: Any, published: Any, updated: Any) -> tuple[str, ...] | None:
    """The dates that identify an inspection: its start (else its wording of a date), its
    publication and its summary date. Two keys agree when they share one."""
    if isinstance(text, (list, tuple)):
        text = next((x for x in text if x), None)
    keys = [norm(start) if start else norm_date_text(text) if text else None,
            norm(published) if published else None, norm(updated) if updated else None]
    out = tuple(dict.fromkeys(k for k in keys if k))
    return out or None


def _texts(value: Any) -> list[str]:
    """``dates_text`` written as one string or as a list of them."""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    return [str(value)] if value else []


def _statement_scores(scores: dict) -> Iterable[tuple[str, Any]]:
    """``(statement, score or {"score", "assessed"})`` from quality statement scores written flat
    (``{"Safeguarding": 2}``) or grouped by key question (``{"safe": {"Safeguarding": 2}}``)."""
    for name, v in (scores or {}).items():
        if isinstance(v, dict) and "score" not in v:
            yield from _statement_scores(v)
        else:
            yield name, v


def _special_measures_change(text: Any) -> str | None:
    """The enforcement kind a ``special_measures_change`` wording states."""
    t = norm(text or "")
    if re.search(r"\b(out of|exit|exited|left|leaves?|removed from|came out)\b", t):
        return "special-measures-exit"
    if re.search(r"\b(placed|put|entered|into|remains?|kept)\b", t):
        return "special-measures"
    return None


def _rating_facts(ratings: dict, key: str | None, service: str | None = None) -> list[Fact]:
    out = []
    for kq, v in (ratings or {}).items():
        value = norm_rating(v.get("rating") if isinstance(v, dict) else v)
        if value:
            out.append(fact(norm_kq(kq), norm(service) if service else "", value, insp=key))
    return out


def expected_facts(exp: dict) -> dict[str, list[Fact]]:
    facts: dict[str, list[Fact]] = {k: [] for k in KINDS}
    provs = [exp["provider"]] if isinstance(exp.get("provider"), dict) else []
    provs += [p for p in exp.get("providers", []) if isinstance(p, dict)]
    for p in provs:
        for name in [p.get("name"), *p.get("alt_names", [])]:
            if name:
                facts["provider"].append(fact("name", norm_name(name)))
        if p.get("cqc_id"):
            facts["provider"].append(fact("id", p["cqc_id"]))
        if p.get("address"):
            facts["address"].append(fact(norm(p["address"])))
        if p.get("postcode"):
            facts["postcode"].append(fact(norm_postcode(p["postcode"])))
        if p.get("current_overall_rating"):
            facts["ratings"].append(fact("current", norm_rating(p["current_overall_rating"])))
    for loc in exp.get("locations", []):
        for name in [loc.get("name"), *loc.get("alt_names", []), loc.get("also_known_as")]:
            if name:
                facts["location"].append(fact("name", norm_name(name)))
        if loc.get("cqc_id"):
            facts["location"].append(fact("id", loc["cqc_id"]))
        if loc.get("address"):
            facts["address"].append(fact(norm(loc["address"])))
        if loc.get("postcode"):
            facts["postcode"].append(fact(norm_postcode(loc["postcode"])))
        if loc.get("current_overall_rating"):
            facts["ratings"].append(fact("current", norm_rating(loc["current_overall_rating"])))
        if loc.get("registration_date"):
            facts["dates"].append(fact("registered", loc["registration_date"]))
        if loc.get("last_inspection_date"):
            facts["dates"].append(fact("last-inspected", loc["last_inspection_date"]))
    doc = exp.get("document", {}) if isinstance(exp.get("document"), dict) else {}
    for published in (doc.get("published"), exp.get("publication_date")):
        if published:
            facts["dates"].append(fact("published", published))
    has_visits = any(i.get("visit_dates") for i in exp.get("inspections", []))
    inspections = list(exp.get("inspections", [])) + list(exp.get("assessments", []))
    for i in inspections:
        start = i.get("start_date") or i.get("assessment_date")
        key = _insp_key(start, _texts(i.get("dates_text")), i.get("publication_date"), i.get("summary_updated"))
        if start:
            facts["dates"].append(fact("start", start))
        if i.get("end_date") and i.get("end_date") != start:
            facts["dates"].append(fact("end", i["end_date"]))
        if i.get("publication_date"):
            facts["dates"].append(fact("published", i["publication_date"]))
        if i.get("summary_updated"):
            facts["dates"].append(fact("updated", i["summary_updated"]))
        facts["dates"] += [fact("text", norm_date_text(t)) for t in _texts(i.get("dates_text"))]
        if has_visits:
            facts["dates"].extend(fact("visit", v) for v in i.get("visit_dates", []))
        facts["ratings"] += _rating_facts(i.get("ratings", {}), key)
        facts["ratings"] += _rating_facts(i.get("key_question_ratings", {}), key)
        for sr in i.get("service_ratings", []):
            facts["ratings"] += _rating_facts({k: v for k, v in sr.items() if k != "service"}, key, sr.get("service"))
        for gr in i.get("population_group_ratings", []):
            facts["ratings"] += _rating_facts({k: v for k, v in gr.items() if k != "group"}, key, gr.get("group"))
        percents: dict[str, int] = {}
        for kq, v in (i.get("key_question_ratings") or {}).items():
            if isinstance(v, dict) and v.get("score_percent") is not None:
                percents[norm_kq(kq)] = int(v["score_percent"])
        for kq, v in (i.get("key_question_scores") or {}).items():  # {"safe": 56}
            v = v.get("score_percent", v.get("score")) if isinstance(v, dict) else v
            if v is not None:
                percents.setdefault(norm_kq(kq), int(v))
        facts["scores"] += [fact("percent", kq, n) for kq, n in percents.items()]
        for stmt, v in _statement_scores(i.get("quality_statement_scores") or {}):
            score = v.get("score") if isinstance(v, dict) else v
            assessed = v.get("assessed", True) if isinstance(v, dict) else True
            if score is not None:
                facts["scores"].append(fact("statement", norm(stmt), int(score), assessed=assessed))
        for b in i.get("breaches", []):
            facts["breaches"].append(fact("breach", reg=str(b["regulation"]) if b.get("regulation") else None, title=b.get("title")))
        must = i.get("must_actions") or {}
        if must.get("by_regulation"):
            for reg, n in must["by_regulation"].items():
                facts["actions"] += [fact("must", reg=reg)] * int(n)
        elif must.get("total"):
            facts["actions"] += [fact("must")] * int(must["total"])
        if (i.get("should_actions") or {}).get("total"):
            facts["actions"] += [fact("should")] * int(i["should_actions"]["total"])
        _action_facts(i.get("actions", []), facts)
        _action_facts(i.get("enforcement", []), facts)
        if i.get("special_measures"):
            facts["enforcement"].append(fact("special-measures"))
        if _special_measures_change(i.get("special_measures_change")):
            facts["enforcement"].append(fact(_special_measures_change(i["special_measures_change"])))
        if i.get("rating_change"):
            facts["changes"].append(fact("overall", norm_change(i["rating_change"])))
        for kq, ch in {**(i.get("key_question_changes") or {}), **(i.get("rating_changes") or {})}.items():
            facts["changes"].append(fact(norm_kq(kq), norm_change(ch)))
    for b in exp.get("breaches", []):
        facts["breaches"].append(fact("breach", reg=str(b["regulation"]) if b.get("regulation") else None, title=b.get("title")))
    _action_facts(exp.get("actions", []), facts)
    _action_facts(exp.get("enforcement", []), facts)
    if exp.get("special_measures"):
        facts["enforcement"].append(fact("special-measures"))
    if _special_measures_change(exp.get("special_measures_change")):
        facts["enforcement"].append(fact(_special_measures_change(exp["special_measures_change"])))
    facts["dates"] += [fact("text", norm_date_text(t)) for t in _texts(exp.get("dates_text"))]
    return _dedupe_sets(facts)


def _action_facts(entries: Iterable[dict], facts: dict[str, list[Fact]]) -> None:
    for a in entries:
        if not isinstance(a, dict):
            continue
        kind = _kind_of(a)
        if not kind:
            continue
        bucket, k = kind
        if bucket == "actions":
            facts["actions"].append(fact(k, reg=a.get("regulation"), count=a.get("count")))
        else:
            against = a.get("of") or a.get("against")
            facts["enforcement"].append(fact(k, against=norm(against) if against else None, amount=a.get("amount"),
                                             duration=a.get("duration")))


def _dedupe_sets(facts: dict[str, list[Fact]]) -> dict[str, list[Fact]]:
    for kind in ("provider", "location", "address", "postcode", "dates", "enforcement", "changes"):
        facts[kind] = list(dict.fromkeys(facts[kind]))
    return facts


# ----------------------------------------------------------------------------- record facts

def _record_key(i: Inspection) -> str | None:
    return _insp_key(i.start_date.iso if i.start_date else None, i.dates_text,
                     i.publication_date.iso if i.publication_date else None,
                     i.summary_updated.iso if i.summary_updated else None)


def record_facts(record: DocumentRecord, with_visits: bool) -> dict[str, list[Fact]]:
    facts: dict[str, list[Fact]] = {k: [] for k in KINDS}
    for p in record.providers:
        for name in [p.name, *p.alt_names]:
            if name:
                facts["provider"].append(fact("name", norm_name(name)))
        if p.cqc_id:
            facts["provider"].append(fact("id", p.cqc_id))
        if p.address:
            facts["address"].append(fact(norm(p.address)))
        if p.postcode:
            facts["postcode"].append(fact(norm_postcode(p.postcode)))
        if p.current_overall_rating:
            facts["ratings"].append(fact("current", p.current_overall_rating.value))
    for loc in record.locations:
        for name in [loc.name, *loc.alt_names]:
            if name:
                facts["location"].append(fact("name", norm_name(name)))
        if loc.cqc_id:
            facts["location"].append(fact("id", loc.cqc_id))
        if loc.address:
            facts["address"].append(fact(norm(loc.address)))
        if loc.postcode:
            facts["postcode"].append(fact(norm_postcode(loc.postcode)))
        if loc.current_overall_rating:
            facts["ratings"].append(fact("current", loc.current_overall_rating.value))
        if loc.registration_date:
            facts["dates"].append(fact("registered", loc.registration_date.iso))
        if loc.last_inspection_date:
            facts["dates"].append(fact("last-inspected", loc.last_inspection_date.iso))
    if record.publication_date:
        facts["dates"].append(fact("published", record.publication_date.iso))
    actions = list(record.actions)
    breaches = list(record.breaches)
    for i in record.inspections:
        key = _record_key(i)
        start = i.start_date.iso if i.start_date else None
        if start:
            facts["dates"].append(fact("start", start))
        if i.end_date and i.end_date.iso != start:
            facts["dates"].append(fact("end", i.end_date.iso))
        if i.publication_date:
            facts["dates"].append(fact("published", i.publication_date.iso))
        if i.summary_updated:
            facts["dates"].append(fact("updated", i.summary_updated.iso))
        if i.dates_text:
            facts["dates"].append(fact("text", norm_date_text(i.dates_text)))
        if with_visits:
            facts["dates"].extend(fact("visit", d.iso) for d in i.visit_dates if d.iso)
        for r in i.ratings:
            part = r.service or r.population_group
            facts["ratings"].append(fact(r.key_question.value, norm(part) if part else "", r.value.value, insp=key))
            if r.score_percent is not None:
                facts["scores"].append(fact("percent", r.key_question.value, r.score_percent))
        for s in i.scores:
            facts["scores"].append(fact("statement", norm(s.statement), s.score, assessed=s.assessed))
        for c in i.changes:
            facts["changes"].append(fact(c.key_question.value, c.change.value))
        breaches += i.breaches
        actions += i.actions
        if i.special_measures:
            facts["enforcement"].append(fact("special-measures"))
    for b in breaches:
        facts["breaches"].append(fact("breach", reg=b.regulation.number if b.regulation else None, title=b.title))
    for a in actions:
        if a.kind in (ActionKind.MUST, ActionKind.SHOULD, ActionKind.REQUIREMENT_NOTICE):
            reg = None
            if a.regulation:
                reg = a.regulation.number + (a.regulation.paragraph or "")
            facts["actions"].append(fact(a.kind.value, reg=reg, count=a.count))
        else:
            facts["enforcement"].append(fact(a.kind.value, against=norm(a.against) if a.against else None,
                                             amount=a.amount, duration=a.duration))
    return _dedupe_sets(facts)


# ----------------------------------------------------------------------------- matching

def _compatible(kind: str, exp: Fact, got: Fact) -> bool:
    if kind == "breaches":
        e, g = exp.attr(), got.attr()
        if e.get("reg") and g.get("reg"):
            return str(e["reg"]) == str(g["reg"])
        if e.get("title") and g.get("title"):
            return similar_titles(e["title"], g["title"])
        return False
    if kind == "address":
        return exp.key == got.key or similar_titles(exp.key[0], got.key[0]) and len(_words(exp.key[0]) ^ _words(got.key[0])) == 0
    if exp.key != got.key:
        return False
    e, g = exp.attr(), got.attr()
    for k in set(e) & set(g):
        a, b = e[k], g[k]
        if k == "reg":
            # "11" matches "11(1)": the paragraph is compared only when both give one
            if "(" in str(a) and "(" in str(b):
                if norm(a) != norm(b):
                    return False
            elif str(a).split("(")[0] != str(b).split("(")[0]:
                return False
        elif k == "amount":
            if re.sub(r"[^\d.]", "", str(a)) != re.sub(r"[^\d.]", "", str(b)):
                return False
        elif k == "insp":
            if not set(a) & set(b):
                return False
        elif a != b:
            return False
    return True


def match(kind: str, expected: list[Fact], got: list[Fact]) -> tuple[Score, list[Fact], list[Fact]]:
    """Greedy one-to-one matching; returns the score, missed expected facts, extra facts."""
    free = list(got)
    missed: list[Fact] = []
    tp = 0
    # facts with more attributes first, so a specific expected fact takes its specific match
    for e in sorted(expected, key=lambda f: -len(f.attr())):
        hit = next((g for g in free if _compatible(kind, e, g)), None)
        if hit is None:
            missed.append(e)
        else:
            free.remove(hit)
            tp += 1
    return Score(tp, len(free), len(missed)), missed, free


# ----------------------------------------------------------------------------- files

def expected_path(doc: Path) -> Path | None:
    """``NNN.expected.json`` beside the document, or ``expected/<stem>.json``."""
    for candidate in (doc.with_name(f"{doc.stem}.expected.json"), doc.parent / "expected" / f"{doc.stem}.json"):
        if candidate.is_file():
            return candidate
    return None


def documents_in(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                          and not p.name.endswith((".meta.json", ".expected.json")))
        elif path.is_file():
            out.append(path)
    return [p for p in out if expected_path(p) is not None]


def evaluate_document(path: Path) -> DocumentScore:
    from cqcgraph.documents import UnreadableDocument, read
    from cqcgraph.extract import extract

    exp = json.loads(expected_path(path).read_text(encoding="utf-8"))
    want = expected_facts(exp)
    try:
        source = read(path.read_bytes(), path.name)
        record = extract(source.text, source_url=source.source_url)
        layout, error = record.layout, None
        with_visits = any(i.get("visit_dates") for i in exp.get("inspections", []))
        got = record_facts(record, with_visits)
    except UnreadableDocument as exc:
        layout, error, got = "unreadable", str(exc), {k: [] for k in KINDS}
    kinds, missed, extra = {}, {}, {}
    for kind in KINDS:
        kinds[kind], missed[kind], extra[kind] = match(kind, want[kind], got[kind])
    return DocumentScore(path.name, layout, kinds, missed, extra, error)


def evaluate_paths(paths: list[Path]) -> EvaluationReport:
    """Evaluate every document (with an expected file) in the given folders or files."""
    started = time.perf_counter()
    docs = [evaluate_document(p) for p in documents_in(paths)]
    return EvaluationReport(docs, time.perf_counter() - started)


def format_report(report: EvaluationReport, *, details: bool = False) -> str:
    """A table per kind (P/R/F1 and counts) and one per document (F1 per kind)."""
    lines = [f"{'kind':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for kind, s in report.kinds.items():
        lines.append(f"{kind:<12} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}")
    lines.append("")
    short = {k: k[:5] for k in KINDS}
    lines.append(f"{'document':<28} {'layout':<20} " + " ".join(f"{short[k]:>5}" for k in KINDS))
    for d in report.documents:
        cells = []
        for k in KINDS:
            s = d.kinds[k]
            cells.append("    -" if s.tp + s.fp + s.fn == 0 else f"{s.f1:5.2f}")
        lines.append(f"{d.name[:28]:<28} {d.layout[:20]:<20} " + " ".join(cells))
        if details:
            for k in KINDS:
                for f in d.missed.get(k, []):
                    lines.append(f"    missed {k}: {f.key} {f.attr()}")
                for f in d.extra.get(k, []):
                    lines.append(f"    extra  {k}: {f.key} {f.attr()}")
    lines.append("")
    lines.append(f"{len(report.documents)} documents in {report.seconds:.2f} s "
                 f"({report.documents_per_second:.1f} documents/s)")
    return "\n".join(lines)
