"""Single assessment framework pages (2023+): a location page's "Report from 13 February 2024
assessment" with key question ratings, "scored 75 (out of 100)" and quality statement scores
"Score: 3" (seed 001), and assessment summaries "During an assessment under our new approach"
with their dates and the quality statements looked at (dev/018, dev/020).

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import re

from cqcgraph.extract import patterns as P
from cqcgraph.extract import profile, prose, timeline
from cqcgraph.records import (
    DocumentRecord,
    Inspection,
    InspectionKind,
    KeyQuestion,
    QualityStatementScore,
    Rating,
)

LAYOUT = "assessment"

_REPORT_FROM_RE = re.compile(r"^Report from\s+(?P<date>.+?)\s+assessment\s*$", re.I | re.M)
_SCORE_RE = re.compile(r"^Score:\s*(?P<n>[1-4])\s*$", re.I)
_PERCENT_RE = re.compile(r"scored\s+(?P<n>\d{1,3})\s*\(out of 100\)", re.I)
_PREVIOUS_RE = re.compile(r"based on the previous rating|did not look at", re.I)


def detect(text: str) -> bool:
    if _REPORT_FROM_RE.search(text) or re.search(r"^Score:\s*[1-4]\s*$", text, re.M):
        return True
    labels = P.LABEL_RE.findall(text)
    return bool(labels) and all(P.label_kind(lb) is InspectionKind.ASSESSMENT for lb in labels)


def _report(text: str, location: int | None) -> Inspection | None:
    m = _REPORT_FROM_RE.search(text)
    if not m:
        return None
    lines = [ln.strip() for ln in text[m.end():].split("\n")]
    nonempty = [(i, ln) for i, ln in enumerate(lines) if ln]
    ratings: list[Rating] = []
    scores: list[QualityStatementScore] = []
    kq: KeyQuestion | None = None
    overview: list[str] = []
    in_overview = False
    for k, (i, line) in enumerate(nonempty):
        nxt = nonempty[k + 1][1] if k + 1 < len(nonempty) else ""
        if line.lower() == "overview" and P.parse_rating(nxt) and len(nxt) < 30 and not any(
                r.key_question is KeyQuestion.OVERALL for r in ratings):
            # "Overview / Requires improvement / 22 October 2024": the overall rating (variants/012, 042)
            after = nonempty[k + 2][1] if k + 2 < len(nonempty) else ""
            date = P.parse_date(after) if len(after) < 30 else None
            ratings.append(Rating(KeyQuestion.OVERALL, P.parse_rating(nxt), date=date))
            in_overview = True
            continue
        if in_overview and P.key_question(line) and len(line) < 20 and P.parse_rating(nxt):
            in_overview = False
        if in_overview and len(line) > 40:
            overview.append(line)
        if P.key_question(line) and len(line) < 20 and P.parse_rating(nxt) and len(nxt) < 30:
            kq = P.key_question(line)
            after = nonempty[k + 2][1] if k + 2 < len(nonempty) else ""
            date = P.parse_date(after) if len(after) < 30 else None
            section = "\n".join(ln for _, ln in nonempty[k + 1: k + 6])
            pm = _PERCENT_RE.search(section)
            ratings.append(Rating(kq, P.parse_rating(nxt), date=date, score_percent=int(pm.group("n")) if pm else None))
            continue
        if _PERCENT_RE.search(line) and ratings and ratings[-1].score_percent is None:
            r = ratings[-1]
            ratings[-1] = Rating(r.key_question, r.value, date=r.date, score_percent=int(_PERCENT_RE.search(line).group("n")))
        sm = _SCORE_RE.match(nxt)
        if sm and not _SCORE_RE.match(line):
            para = nonempty[k + 2][1] if k + 2 < len(nonempty) else ""
            previous = bool(_PREVIOUS_RE.search(para))
            scores.append(QualityStatementScore(
                line, int(sm.group("n")), key_question=kq, assessed=not previous,
                note="based on the previous rating" if previous else None))
    summary = "\n".join(overview)
    start = P.parse_date(m.group("date"))
    span_start, span_end = timeline.assessment_span(summary)
    end = span_end if span_start and start and span_start.iso == start.iso else None
    changes, _previous = prose.changes_in(summary)
    return Inspection(location=location, kind=InspectionKind.ASSESSMENT, label=m.group(0).strip(),
                      start_date=start, end_date=end, ratings=tuple(ratings), scores=tuple(scores),
                      changes=tuple(changes), framework="single assessment framework")


def parse(text: str) -> DocumentRecord:
    header = profile.parse_header(text)
    providers, locations = header.records()
    loc = 0 if locations else None
    inspections = []
    report = _report(text, loc)
    if report:
        inspections.append(report)
    inspections.extend(timeline.inspections(text[header.end:], loc))
    return DocumentRecord(layout=LAYOUT, providers=providers, locations=locations, inspections=tuple(inspections))
