"""Single assessment framework pages (2023+): a location page's "Report from 13 February 2024
assessment" with key question ratings, "scored 75 (out of 100)" and quality statement scores
"Score: 3", and assessment summaries "During an assessment under our new approach"
with their dates and the quality statements looked at.

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import patterns as P
from cqcgraph.extract import profile, prose, timeline
from cqcgraph.extract import scores as score_reading
from cqcgraph.records import (
    Action,
    Breach,
    ChangeStatement,
    DocumentRecord,
    Inspection,
    InspectionKind,
    KeyQuestion,
    QualityStatementScore,
    Rating,
    RatingChange,
    RatingValue,
)

LAYOUT = "assessment"

_REPORT_FROM_RE = re.compile(r"^Report from\s+(?P<date>.+?)\s+assessment\s*$", re.I | re.M)
#: A quality statement's score on the line under its name, with or without CQC's descriptor of
#: the score ("Score: 2", "Score: 2 - Evidence shows some shortfalls").
_SCORE_RE = re.compile(r"^Score:\s*(?P<n>[1-4])(?:\s*[-–]\s*Evidence shows\b[^\n]*)?\s*$", re.I)
#: A quality statement and its score on one line, as a table copied as text gives them
#: ("Learning culture      Score: 3", "Safeguarding   Score: 2 - Evidence shows some shortfalls").
_INLINE_SCORE_RE = re.compile(
    r"^(?P<name>[A-Z][^\n]{2,80}?)\s{2,}Score:\s*(?P<n>[1-4])(?:\s*[-–]\s*Evidence shows\b[^\n]*)?\s*$")
#: A key question's score under its rating: "Score: 2 out of 4 (53%)", "Score: 65%".
_KQ_SCORE_RE = re.compile(r"^Score:\s*(?:[1-4]\s+out\s+of\s+4\s*)?\(?(?P<n>\d{1,3})%\)?\s*$", re.I)
_PERCENT_RE = re.compile(r"scored\s+(?P<n>\d{1,3})\s*\(out of 100\)", re.I)
#: The heading of an assessment's summary when it is not "Overview": "Our view of the service".
_OVERVIEW_HEADING_RE = re.compile(r"^Our view of the (?:service|location|provider)$", re.I)
#: The overall rating on its own labelled line above the key questions': "Overall rating: Good".
_OVERALL_LINE_RE = re.compile(rf"^Overall rating:\s*(?P<value>{P.RATING_ALT})$", re.I)
#: A sentence about visiting: "We visited …", "a site visit", "an onsite assessment on 4 and 5 March".
_VISITED_RE = re.compile(r"\bvisit|\bon-?site (?:assessment|inspection)\b", re.I)
_PREVIOUS_RE = re.compile(r"based on the previous rating|did not look at", re.I)


#: Features of single-assessment-framework texts besides their headings: the assessment's dates
#: ("Date of assessment 29 April to 4 June 2024") and the key question sections that compare
#: "At our last assessment" with "At this assessment".
_ASSESSMENT_FEATURES_RE = re.compile(
    r"^\s*(?:Updated[^\n]*\n\s*)?Date of assessment\b|\bAt (?:our last|this) assessment,? we rated\b"
    # a service page's "Latest assessment: 11 February 2025" and its quality statements' table
    r"|^\s*Latest assessment:|^\s*Quality statement\s+Score\s*$", re.I | re.M)


#: Features of a service page's latest assessment laid out as labelled lines and tables, by
#: family; two of them claim a text: the assessment's labelled days ("Assessment activity
#: started: 26 February 2024", "Assessment activity finished:"), a "Latest assessment" heading,
#: the key questions' table with its score column ("Key question   Rating   Score", rows ending
#: "56%"), and the quality statements' scores under a key question ("Safe - quality statement
#: scores").
PAGE_FEATURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "Assessment activity started: 26 February 2024", "Assessment started: 13 January 2025"
    ("labelled days of the assessment's activity", re.compile(
        r"^[ \t]*Assessment (?:activity )?(?:started|finished|began|ended):[ \t]*\d", re.I | re.M)),
    ("'Latest assessment' heading", re.compile(r"^[ \t]*Latest assessment:?[ \t]*$", re.I | re.M)),
    # its head may name no first column, and a "Previously" column may follow the score
    # ("Safe   Good   68%   Requires improvement")
    ("key questions' table with scores", re.compile(
        r"^[ \t]*(?:Key question[ \t]{2,})?Rating[ \t]{2,}Score(?:[ \t]{2,}Previous(?:ly| rating))?[ \t]*$|"
        rf"^[ \t]*(?:{P.KQ_ALT})[ \t]{{2,}}(?:{P.RATING_ALT})[ \t]{{2,}}\d{{1,3}}%(?:[ \t]{{2,}}(?:{P.RATING_ALT}))?[ \t]*$|"
        # its score before its rating: "Key question   Score   Rating", "Safe   53%   Good"
        rf"^[ \t]*(?:Key question[ \t]{{2,}})?Score[ \t]{{2,}}Rating[ \t]*$|^[ \t]*(?:{P.KQ_ALT})[ \t]{{2,}}\d{{1,3}}%[ \t]{{2,}}(?:{P.RATING_ALT})[ \t]*$",
        re.I | re.M)),
    ("quality statement scores under a key question", re.compile(
        rf"^[ \t]*(?:{P.KQ_ALT})[ \t]*[-–:][ \t]*quality statement scores[ \t]*$", re.I | re.M)),
)


def detect(text: str) -> bool:
    if _REPORT_FROM_RE.search(text) or re.search(r"^Score:\s*[1-4]\s*$", text, re.M):
        return True
    if _ASSESSMENT_FEATURES_RE.search(text[:3000]):
        return True
    if len(P.features_shown(PAGE_FEATURES, text[:4000])) >= 2:
        return True
    if score_reading.scores_statements(text):
        return True  # quality statements scored: only the single assessment framework scores them
    labels = P.LABEL_RE.findall(text)
    return bool(labels) and all(P.label_kind(lb) is InspectionKind.ASSESSMENT for lb in labels)


def _report(text: str, location: int | None) -> tuple[Inspection, Inspection | None] | None:
    m = _REPORT_FROM_RE.search(text)
    if not m:
        return None
    lines = [ln.strip() for ln in text[m.end():].split("\n")]
    nonempty = [(i, ln) for i, ln in enumerate(lines) if ln]
    ratings: list[Rating] = []
    scores: list[QualityStatementScore] = []
    kq: KeyQuestion | None = None
    overview: list[str] = []
    sections: dict[KeyQuestion, list[str]] = {}
    updated = None
    in_overview = False
    texts = [ln for _, ln in nonempty]
    # an earlier assessment's scores, an example's, a count's: no score of this assessment
    aside = [a for _row, a in score_reading.set_aside(lines)]
    for k, (_i, line) in enumerate(nonempty):
        nxt = nonempty[k + 1][1] if k + 1 < len(nonempty) else ""
        if line.lower() == "overview" and P.parse_rating(nxt) and len(nxt) < 30 and not any(
                r.key_question is KeyQuestion.OVERALL for r in ratings):
            # "Overview / Requires improvement / 22 October 2024": the overall rating
            after = nonempty[k + 2][1] if k + 2 < len(nonempty) else ""
            date = P.parse_date(after) if len(after) < 30 else None
            ratings.append(Rating(KeyQuestion.OVERALL, P.rating_word(nxt), date=date))
            if date and re.match(r"Updated\b", after, re.I):
                updated = date  # "Overview / Requires improvement / Updated 4 November 2024"
            in_overview = True
            continue
        if _OVERVIEW_HEADING_RE.match(line) and not overview:
            in_overview = True  # "Our view of the service": the summary under its own heading
            continue
        if (overall := _OVERALL_LINE_RE.match(line)) and not ratings:
            ratings.append(Rating(KeyQuestion.OVERALL, P.rating_word(overall.group("value"))))
            continue
        if updated is None and not overview and len(line) < 30 and re.match(r"Updated\s", line):
            updated = P.parse_date(line)  # "Updated 29 May 2024" under the ratings
        pair = P.kq_rating_at(texts, k)
        if in_overview and pair:
            in_overview = False
        if in_overview and len(line) > 40:
            overview.append(line)
        if pair:
            # "Safe" / "Good" / "10 October 2024", "Safe Good", "Safe" / "Requires" / "improvement"
            kq, value, used = pair
            sections.setdefault(kq, [])
            after = nonempty[k + used][1] if k + used < len(nonempty) else ""
            date = P.parse_date(after) if len(after) < 30 else None
            section = "\n".join(ln for _, ln in nonempty[k + 1: k + used + 4])
            pm = _key_question_percent(section) or _key_question_score(texts[k + used: k + used + 2])
            rating = Rating(kq, value, date=date, score_percent=int(pm.group("n")) if pm else None)
            # a key question rated in the list at the top and again over its own section is one rating
            ratings = [r for r in ratings if not (r.key_question is kq and r.value is value)] + [rating]
            continue
        if (inline := _INLINE_SCORE_RE.match(line)) and not aside[k] and score_reading.published_name(inline.group("name")):
            scores.append(QualityStatementScore(inline.group("name").strip(), int(inline.group("n")), key_question=kq))
            continue
        if kq is not None and not in_overview and len(line) > 40:
            sections[kq].append(line)
        if (percent := _key_question_percent(line)) and ratings and ratings[-1].score_percent is None:
            r = ratings[-1]
            ratings[-1] = Rating(r.key_question, r.value, date=r.date, score_percent=int(percent.group("n")))
        sm = _SCORE_RE.match(nxt)
        if sm and not _SCORE_RE.match(line) and score_reading.published_name(line) and not aside[k]:
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
    for sec_kq, lines_ in sections.items():
        # a key question's own section: "At our last assessment we rated this key question good. At
        # this assessment the rating has changed to requires improvement."
        change = _section_change("\n".join(lines_))
        if change and not any(c.key_question is sec_kq for c in changes):
            changes.append(ChangeStatement(sec_kq, *change))
    # visits are the days the summary says were visited ("We visited the home on 16 and 17 July
    # 2024", "We carried out a site visit on 22 January 2025", "an onsite assessment on 4 and 5 March")
    visits = tuple(sorted({d.iso: d for s in P.sentences(summary) if _VISITED_RE.search(s)
                           for d in prose.visit_dates(s)}.values(), key=lambda d: d.iso or ""))
    main = Inspection(location=location, kind=InspectionKind.ASSESSMENT, label=m.group(0).strip(),
                      start_date=start, end_date=end, ratings=tuple(ratings), scores=tuple(scores),
                      changes=tuple(changes), framework="single assessment framework",
                      summary_updated=updated, visit_dates=visits,
                      breaches=_breaches(summary, sections),
                      # "We have served a warning notice on the provider in relation to good governance"
                      actions=_actions(summary, sections))
    return main, _carried_from(summary, ratings, location) or _carried_by_section(summary, sections, ratings, location)


def _key_question_percent(text: str) -> re.Match[str] | None:
    """A "scored 75 (out of 100)" of the key question being read, in a text whose lines do not
    give the service's overall score ("Overall, this service scored 66 (out of 100)")."""
    for line in text.split("\n"):
        if (m := _PERCENT_RE.search(line)) and not re.search(r"\boverall\b", line, re.I):
            return m
    return None


def _key_question_score(lines: list[str]) -> re.Match[str] | None:
    """The "Score: 2 out of 4 (53%)" line right under a key question's rating (or under the date
    that follows it), so a later section's score is never taken for this one."""
    for line in lines:
        if m := _KQ_SCORE_RE.match(line):
            return m
    return None


def _breaches(summary: str, sections: dict[KeyQuestion, list[str]]) -> tuple[Breach, ...]:
    """Breaches the assessment states, in its overview or in a key question's section ("We found
    breaches of the legal regulations in relation to safe care and treatment" closes the well-led
    section as often as it opens the overview): the whole assessment is read, as an assessment
    text without its page is."""
    stated = prose.breaches_stated(summary)
    for lines_ in sections.values():
        stated = list(prose.merge_breaches(stated, prose.breaches_stated("\n".join(lines_))))
    return tuple(stated)


def _actions(summary: str, sections: dict[KeyQuestion, list[str]]) -> tuple[Action, ...]:
    """The actions the assessment states CQC took, in its overview or in a key question's section
    ("We have served a warning notice on the provider for regulation 17" after the breaches that
    close a section), each kind and regulation once."""
    out = list(prose.actions_in(summary, P.REGULATED_ACTIVITIES_2014))
    for lines_ in sections.values():
        for a in prose.actions_in("\n".join(lines_), P.REGULATED_ACTIVITIES_2014):
            if not any(b.kind is a.kind and (b.regulation is None or a.regulation is None or b.regulation.number == a.regulation.number)
                       for b in out):
                out.append(a)
    return tuple(out)


_LAST_RATED_RE = re.compile(rf"\b(?:At|In) our (?:last|previous) (?:assessment|inspection),? we rated this key question (?P<old>{P.RATING_ALT})\b", re.I)
_CHANGED_TO_RE = re.compile(rf"\bthe rating (?:for this key question )?has (?:now )?changed to (?P<new>{P.RATING_ALT})\b", re.I)


def _section_change(text: str) -> tuple[RatingChange, RatingValue] | None:
    """(change, previous value) a key question section states by "we rated this key question X …
    the rating has changed to Y"; None when either half is missing."""
    old, new = _LAST_RATED_RE.search(text), _CHANGED_TO_RE.search(text)
    if not (old and new and old.end() <= new.start()):
        return None
    o, n = P.parse_rating(old.group("old")), P.parse_rating(new.group("new"))
    change = P.change_between(o, n) if o and n else None
    return (change, o) if change and o else None


_BASED_ON_PREVIOUS_RE = re.compile(
    r"\b(?:Our\s+)?ratings?\s+for\s+(?P<kqs>[^.]{3,60}?)\s+(?:are|is)\s+based\s+on\s+(?:the|our)\s+(?:previous|last)\s+inspection,?\s+published\s+(?P<date>[^.\s]+(?:\s+[A-Z][a-z]+\s+\d{4})?)", re.I)


def _carried_from(summary: str, ratings: list[Rating], location: int | None) -> Inspection | None:
    """The earlier inspection a summary names as the source of carried-over ratings, with its
    publication date: "Our ratings for safe, effective and caring are based on the previous
    inspection, published 14/12/2017". Its ratings are this page's ratings for
    those key questions; nothing else about it is stated."""
    m = _BASED_ON_PREVIOUS_RE.search(" ".join(summary.split()))
    if not m:
        return None
    published = P.parse_date(m.group("date").rstrip(","))
    kqs = [kq for kq in P.key_questions_in(m.group("kqs")) if kq is not KeyQuestion.OVERALL]
    if not published or published.precision.value != "day" or not kqs:
        return None
    carried = tuple(Rating(r.key_question, r.value) for r in ratings if r.key_question in kqs and r.service is None)
    if not carried:
        return None
    return Inspection(location=location, publication_date=published, ratings=carried, is_previous=True)


#: A key question's section that says its rating is the previous inspection's: "Rating carried
#: over from the previous inspection (published 8 September 2022)".
_CARRIED_LINE_RE = re.compile(
    r"^Rating carried over from (?:the|our) previous (?:inspection|assessment)\s*\((?:report\s+)?published\s+(?P<date>[^)]+)\)", re.I)
_PREVIOUSLY_RATED_RE = re.compile(
    rf"\bpreviously rated (?P<value>{P.RATING_ALT})\s*\((?:report\s+)?published\s+(?P<date>[^)]+)\)", re.I)


def _carried_by_section(summary: str, sections: dict[KeyQuestion, list[str]], ratings: list[Rating],
                        location: int | None) -> Inspection | None:
    """The earlier inspection that key question sections carry their ratings from ("Rating
    carried over from the previous inspection (published 8 September 2022)"), with those ratings
    and the overall rating the summary says it had then ("This service was previously rated
    requires improvement (report published 8 September 2022)") when it names the same date."""
    carried: dict[KeyQuestion, str] = {}
    for kq, lines_ in sections.items():
        m = next((c for c in map(_CARRIED_LINE_RE.match, lines_) if c), None)
        if m:
            carried[kq] = m.group("date").strip()
    parsed = [P.parse_date(d) for d in carried.values()]
    if not parsed or None in parsed or len({d.iso for d in parsed if d}) != 1:
        return None
    published = parsed[0]
    found = [Rating(r.key_question, r.value) for r in ratings if r.key_question in carried and r.service is None]
    before = _PREVIOUSLY_RATED_RE.search(" ".join(summary.split()))
    if before and (d := P.parse_date(before.group("date"))) and published and d.iso == published.iso:
        found.append(Rating(KeyQuestion.OVERALL, P.rating_word(before.group("value"))))
    return Inspection(location=location, publication_date=published, ratings=tuple(found), is_previous=True)


_DATE_OF_ASSESSMENT_RE = P.ASSESSMENT_DATES_RE
#: The assessment's span in its summary's prose: "We carried out an assessment of Oak Lodge
#: between 11 and 20 February 2025", "We assessed this service between 21 October 2024 and 2
#: December 2024", "We carried out this assessment between …".
_ASSESSED_BETWEEN_RE = re.compile(
    r"\b(?:assessment of [^.]*?|We assessed (?:this|the) (?:service|practice|location|provider)[ \t]+|"
    r"We (?:carried out|undertook) (?:this|the|our) assessment[ \t]+)between[ \t]+(?P<span>[^.]+\d{4})\b")


def _assessment_text(text: str, location: int | None) -> list[Inspection]:
    """An assessment text without a page around it: "Updated 21 August 2024 / Date of assessment
    29 April to 4 June 2024. …", or key question sections "At our last assessment we rated this
    key question good. At this assessment …"."""
    span = _DATE_OF_ASSESSMENT_RE.search(text) or _ASSESSED_BETWEEN_RE.search(text)
    start, end = P.parse_span(span.group("span")) if span else (None, None)
    if not start:
        # the span its summary states: "We assessed this service between 21 October 2024 and 2 December 2024"
        start, end = timeline.assessment_span(text)
    updated = P.UPDATED_RE.search(text[:400])
    details = prose.inspection_details(text)
    spans = {d.text for d in (start, end) if d}
    details["visit_dates"] = tuple(d for d in details["visit_dates"]
                                   if not (span and d.text in span.group(0)) and d.text not in spans)
    changes = list(details.pop("changes"))
    ratings = list(details.pop("ratings"))
    earlier = None
    for kq in P.key_questions_in(text[:200])[:1]:
        change = _section_change(text)
        changed_to = _CHANGED_TO_RE.search(text)  # found whenever a change is
        if change and changed_to and not any(c.key_question is kq for c in changes):
            changes.append(ChangeStatement(kq, *change))
            new = P.rating_word(changed_to.group("new"))
            ratings = [r for r in ratings if r.key_question is not kq] + [Rating(kq, new)]
            earlier = Inspection(location=location, ratings=(Rating(kq, change[1]),), is_previous=True)
    found = Inspection(location=location, kind=InspectionKind.ASSESSMENT, start_date=start, end_date=end,
                       summary_updated=P.parse_date(updated.group("date")) if updated else None,
                       framework="single assessment framework", changes=tuple(changes),
                       ratings=tuple(ratings), **details)
    if not (start or found.ratings or found.breaches or found.changes or found.actions):
        return []
    return [found, earlier] if earlier else [found]


#: A service page's assessment lines under its header: "Latest assessment: 11 February 2025",
#: "Report published: 2 April 2025".
_LATEST_ASSESSMENT_RE = re.compile(r"^\s*Latest assessment:\s*(?P<date>[^\n]{6,40})$", re.I | re.M)
_REPORT_PUBLISHED_RE = re.compile(r"^\s*Report published:\s*(?P<date>[^\n]{6,40})$", re.I | re.M)
#: The assessment's labelled days: "Assessment activity started: 26 February 2024", "Assessment
#: activity finished: 9 April 2024", "Site visit: 28 February 2024".
#: The word "activity" may be left out ("Assessment started: 13 January 2025").
_ACTIVITY_STARTED_RE = re.compile(r"^[ \t]*Assessment (?:activity )?(?:started|began):[ \t]*(?P<date>[^\n]{6,40})$", re.I | re.M)
_ACTIVITY_FINISHED_RE = re.compile(r"^[ \t]*Assessment (?:activity )?(?:finished|ended):[ \t]*(?P<date>[^\n]{6,40})$", re.I | re.M)
_SITE_VISIT_LINE_RE = re.compile(r"^[ \t]*Site visits?:[ \t]*(?P<date>\d{1,2}[ \t]+[A-Z][a-z]+[ \t]+\d{4})[ \t]*$", re.I | re.M)
#: "Safe - quality statement scores": the heading of a key question's quality statements' scores.
_STATEMENT_SCORES_HEAD_RE = re.compile(rf"^[ \t]*(?P<kq>{P.KQ_ALT})[ \t]*[-–:][ \t]*quality statement scores[ \t]*$", re.I)
#: "Safe           Requires improvement   56%": a key question, its rating and its score in the
#: three columns of a "Key question / Rating / Score" table copied as text.
#: A fourth column may give the earlier rating ("Safe   Good   68%   Requires improvement").
#: Cells apart by spaces, or by a bar as a page's table flattened to text gives them ("Safe |
#: Requires improvement | 47%").
_CELL_GAP = r"(?:[ \t]{2,}|[ \t]*\|[ \t]*)"
_KQ_ROW_RE = re.compile(rf"^[ \t]*(?P<kq>{P.KQ_ALT}){_CELL_GAP}(?P<value>{P.RATING_ALT}){_CELL_GAP}(?P<n>\d{{1,3}})%"
                        rf"(?:{_CELL_GAP}(?P<before>{P.RATING_ALT}))?[ \t]*$", re.I | re.M)
#: The same row with its score before its rating ("Safe   53%   Requires improvement"), as a
#: "Key question / Score / Rating" table prints it.
_KQ_ROW_SCORE_FIRST_RE = re.compile(rf"^[ \t]*(?P<kq>{P.KQ_ALT}){_CELL_GAP}(?P<n>\d{{1,3}})%{_CELL_GAP}(?P<value>{P.RATING_ALT})[ \t]*$",
                                    re.I | re.M)


def _kq_rows(text: str) -> list[tuple[KeyQuestion, RatingValue, int, str | None]]:
    """(key question, rating, percentage, earlier rating or None) of each row of a key questions'
    table copied as text, its score after its rating or before it, in the text's order."""
    found = [(m.start(), m.group("kq"), m.group("value"), m.group("n"), m.group("before")) for m in _KQ_ROW_RE.finditer(text)]
    found += [(m.start(), m.group("kq"), m.group("value"), m.group("n"), None) for m in _KQ_ROW_SCORE_FIRST_RE.finditer(text)]
    return [(kq, P.rating_word(value), int(n), before) for _at, word, value, n, before in sorted(found)
            if (kq := P.key_question(word))]


#: "Learning culture                                     3": a quality statement and its score in a
#: "Quality statement / Score" table copied as text.
#: "Caring   Good   -   (not assessed, rating from previous inspection)": a row with no score
#: whose rating is carried over from an earlier inspection.
_KQ_CARRIED_ROW_RE = re.compile(
    rf"^\s*(?P<kq>{P.KQ_ALT})\s{{2,}}(?P<value>{P.RATING_ALT})\s{{2,}}[-–]\s*\(not assessed,?\s*rating (?:from|carried over from) (?:the |our )?previous inspection\)\s*$",
    re.I | re.M)
_STATEMENT_ROW_RE = re.compile(r"^(?P<name>[A-Z][^\n]{2,80}?)\s{2,}(?P<n>[1-4])\s*$")


def _service_page(text: str, location: int | None, overall: RatingValue | None) -> Inspection | None:
    """A service page's latest assessment: its dates ("Latest assessment", the span "between 11
    February 2025 and 20 February 2025" of its summary, "Report published"), the key questions'
    ratings with their percentage scores, and the quality statements' scores under each key
    question's heading."""
    latest = _LATEST_ASSESSMENT_RE.search(text) or _ACTIVITY_STARTED_RE.search(text)
    if not latest:
        return None
    start = P.parse_date(latest.group("date"))
    finished = _ACTIVITY_FINISHED_RE.search(text)
    published = P.parse_date(m.group("date")) if (m := _REPORT_PUBLISHED_RE.search(text)) else None
    details = prose.inspection_details(text[latest.end():])
    span = _ASSESSED_BETWEEN_RE.search(text)
    end = None
    if span:
        first, last = P.parse_span(span.group("span"))
        start, end = first or start, last
    if finished and end is None:
        end = P.parse_date(finished.group("date"))
    # the days of the site visit, not those of the assessment's span
    visits = tuple(prose.visit_dates("\n".join(s for s in P.sentences(text[latest.end():]) if _VISITED_RE.search(s))))
    labelled_visits = tuple(d for m in _SITE_VISIT_LINE_RE.finditer(text) if (d := P.parse_date(m.group("date"))))
    visits = visits or labelled_visits
    ratings = [Rating(KeyQuestion.OVERALL, overall)] if overall else []
    ratings += [Rating(row_kq, value, score_percent=n) for row_kq, value, n, _before in _kq_rows(text)]
    # "Caring   Good   -   (not assessed, rating from previous inspection)": carried over, no score
    ratings += [Rating(row_kq, P.rating_word(m.group("value")), carried_over=True)
                for m in _KQ_CARRIED_ROW_RE.finditer(text) if (row_kq := P.key_question(m.group("kq")))]
    scores: list[QualityStatementScore] = []
    kq: KeyQuestion | None = None
    in_table = False
    for line in text.split("\n"):
        line = line.rstrip()
        if re.fullmatch(rf"(?:{P.KQ_ALT})", line.strip(), re.I):
            kq, in_table = P.key_question(line.strip()), False
        elif re.match(r"^Quality statement\s+Score\s*$", line):
            in_table = True
        elif (heading := _STATEMENT_SCORES_HEAD_RE.match(line)):
            kq, in_table = P.key_question(heading.group("kq")), True
        elif in_table and (row := _STATEMENT_ROW_RE.match(line)):
            scores.append(QualityStatementScore(row.group("name").strip(), int(row.group("n")), key_question=kq))
        elif not line.strip():
            in_table = False
    return Inspection(location=location, kind=InspectionKind.ASSESSMENT, start_date=start, end_date=end,
                      publication_date=published, framework="single assessment framework",
                      ratings=tuple(ratings), scores=tuple(scores), visit_dates=visits,
                      breaches=details["breaches"], actions=details["actions"], changes=details["changes"])


def _last_inspection(text: str, location: int | None, inspections: list[Inspection]) -> list[Inspection]:
    """The inspection before the assessment, dated where its section names it ("The last
    inspection, under our previous approach, was on 3 and 4 December 2019 (report published 20
    January 2020)", "Our last inspection was on 8 June 2022. The report was published on 2 August
    2022."), when no inspection read so far is dated: only one a day, none of the assessment's."""
    dated = {d.iso for i in inspections for d in (i.start_date, i.end_date, *i.visit_dates) if d is not None and d.iso}
    if any(i.is_previous and (i.start_date or i.publication_date) for i in inspections):
        return []
    stated = prose.earlier_inspections(text, dated)
    found = [i for i in stated if i.start_date and i.start_date.precision.value == "day"]
    # else the one known by its report's publication alone ("The last rating for this service was
    # good (published 9 June 2021)")
    found = found or [i for i in stated if i.start_date is None and i.publication_date
                      and i.publication_date.precision.value == "day"]
    if len(found) != 1:
        return []
    return [dataclasses.replace(found[0], location=location)]


def _with_earlier_publication(text: str, location: int | None, inspections: list[Inspection]) -> list[Inspection]:
    """The publication of the earlier inspection that carried-over ratings come from, as their
    note dates it ("* Rating from our previous inspection (published 4 April 2022)",
    ``P.CARRIED_FROM_PUBLISHED_RE``): given to the one earlier inspection read, when it has no
    publication and began before it, else to an earlier inspection of its own."""
    days = {d.iso: d for m in P.CARRIED_FROM_PUBLISHED_RE.finditer(" ".join(text.split()))
            if (d := P.parse_date(m.group("date"))) and d.iso and d.precision.value == "day"}
    if len(days) != 1:
        return inspections
    published = next(iter(days.values()))
    if any(i.publication_date and i.publication_date.iso == published.iso for i in inspections):
        return inspections
    earlier = [k for k, i in enumerate(inspections) if i.is_previous]
    if not earlier:
        return [*inspections, Inspection(location=location, publication_date=published, is_previous=True)]
    if len(earlier) != 1:
        return inspections
    k = earlier[0]
    e = inspections[k]
    if e.publication_date is not None or (e.start_date and (e.start_date.iso or "") > (published.iso or "")):
        return inspections
    return [*inspections[:k], dataclasses.replace(e, publication_date=published), *inspections[k + 1:]]


#: A key questions' table's row whose score cell is a mark pointing to a note ("Caring   Good
#: ∗", "∗ Caring and responsive were not assessed. The ratings are from our previous inspection").
#: The mark may sit on the rating: "Caring | Good* | –" over "* Rating from our previous
#: inspection (published 4 April 2022)".
_KQ_MARKED_ROW_RE = re.compile(
    rf"^[ \t]*(?P<kq>{P.KQ_ALT}){_CELL_GAP}(?P<value>{P.RATING_ALT})(?:{_CELL_GAP}[∗*†]|[∗*†]{_CELL_GAP}[-–—]?)[ \t]*$", re.I | re.M)
#: (a note's "*" opening its line may come as a bullet, as text normalised from a page lists it)
_MARK_NOT_ASSESSED_RE = re.compile(
    r"^[ \t]*[∗*†•][ \t]*[^\n]*(?:\bnot assessed\b|\bratings?\s+(?:are\s+|is\s+)?(?:carried\s+over\s+)?from\s+(?:our|the)\s+(?:previous|last)\s+inspection\b)",
    re.I | re.M)


def _with_table_rows(text: str, inspections: list[Inspection]) -> list[Inspection]:
    """The key questions' ratings and scores of a "Key question / Rating / Score" table given to
    the assessment that read none of them (one dated by its "Date of assessment" line); a row
    marked for a note that says the key question was not assessed is carried over."""
    k = next((k for k, i in enumerate(inspections) if i.kind is InspectionKind.ASSESSMENT and not i.is_previous), None)
    if k is None:
        return inspections
    marked = [Rating(kq, P.rating_word(m.group("value")), carried_over=True)
              for m in _KQ_MARKED_ROW_RE.finditer(text) if (kq := P.key_question(m.group("kq")))] if _MARK_NOT_ASSESSED_RE.search(text) else []
    rated = {r.key_question: r.value for r in inspections[k].ratings if r.service is None and r.population_group is None}
    rows = [Rating(kq, value, score_percent=n) for kq, value, n, _before in _kq_rows(text)] + marked
    if set(rated) - {KeyQuestion.OVERALL}:
        # the assessment read some key questions elsewhere (under their headings): the table's rows
        # are its own when they agree with those, and give the key questions it lacks
        if any(rated.get(r.key_question, r.value) is not r.value for r in rows):
            return inspections
        rows = [r for r in rows if r.key_question not in rated]
    if not rows:
        return inspections
    found = dataclasses.replace(inspections[k], ratings=prose.merge_ratings(inspections[k].ratings, rows))
    return [*inspections[:k], found, *inspections[k + 1:]]


#: A key question's rating and score on the line under its heading, in either order: "Safe" then
#: "Requires improvement · Score 50%", "Good – 63%", "Score 53% · Requires improvement".
_RATED_AND_SCORED_RE = re.compile(
    rf"^(?:(?P<value>{P.RATING_ALT})\s*[·•|–-]\s*(?:Score:?\s*)?\d{{1,3}}%"
    rf"|(?:Score:?\s*)?\d{{1,3}}%\s*[·•|–-]?\s*(?P<value2>{P.RATING_ALT}))\.?$", re.I)


def _with_rated_headings(text: str, inspections: list[Inspection]) -> list[Inspection]:
    """The ratings of key questions headed by their name over a line giving the rating and its
    score ("Safe" / "Requires improvement · Score 50%") given to the current assessment that
    rates none of them; a heading in a block of earlier or example scores gives none (their
    percentages are added with the other scores)."""
    k = next((k for k, i in enumerate(inspections) if i.kind is InspectionKind.ASSESSMENT and not i.is_previous), None)
    if k is None:
        return inspections
    rated = {r.key_question for r in inspections[k].ratings if r.service is None}
    rows = score_reading.set_aside(text.split("\n"))
    found: list[Rating] = []
    for (row, aside), (nxt, nxt_aside) in zip(rows, rows[1:], strict=False):
        heading = P.KQ_HEADING_RE.match(row)
        m = _RATED_AND_SCORED_RE.match(nxt) if heading and not (aside or nxt_aside) else None
        kq = P.key_question(heading.group("kq")) if heading and m else None
        if m and kq and kq not in rated and all(r.key_question is not kq for r in found):
            found.append(Rating(kq, P.rating_word(m.group("value") or m.group("value2"))))
    if not found:
        return inspections
    return [*inspections[:k], dataclasses.replace(inspections[k], ratings=inspections[k].ratings + tuple(found)),
            *inspections[k + 1:]]


def _with_previous_column(text: str, location: int | None, inspections: list[Inspection]) -> list[Inspection]:
    """The earlier ratings a key questions' table gives in its "Previously" column ("Safe   Good
    68%   Requires improvement"): the ratings of the inspection before the assessment, put on the
    earlier inspection read (the one its summary dates), else on one of their own."""
    before = [Rating(kq, P.rating_word(m.group("before"))) for m in _KQ_ROW_RE.finditer(text)
              if m.group("before") and (kq := P.key_question(m.group("kq")))]
    if not before:
        return inspections
    if not any(not i.is_previous for i in inspections):
        # no other part read the assessment itself: the table's current column is its ratings
        # ("Safe   Requires improvement   50%   Good": requires improvement now, good before)
        now = [Rating(kq, P.rating_word(m.group("value"))) for m in _KQ_ROW_RE.finditer(text)
               if (kq := P.key_question(m.group("kq")))]
        inspections = [Inspection(location=location, ratings=tuple(now)), *inspections]
    k = next((k for k, i in enumerate(inspections) if i.is_previous), None)
    if k is None:
        return [*inspections, Inspection(location=location, ratings=tuple(before), is_previous=True)]
    earlier = inspections[k]
    merged = dataclasses.replace(earlier, ratings=prose.merge_ratings(earlier.ratings, before))
    return [*inspections[:k], merged, *inspections[k + 1:]]


def parse(text: str) -> DocumentRecord:
    has_header = bool(re.search(r"^\s*Provided and run by\b|read more about inspection ratings", text[:3000], re.I | re.M))
    header = profile.parse_header(text) if has_header else profile.Header()
    providers, locations = header.records() if has_header else ((), ())
    loc = 0 if locations else None
    inspections = []
    # the overall rating on its labelled line under the assessment's days ("Overall rating: Good")
    labelled = next((P.rating_word(m.group("value")) for ln in text[header.end:header.end + 1500].split("\n")
                     if (m := _OVERALL_LINE_RE.match(ln.strip()))), None) if has_header else None
    if page := _service_page(text, loc, header.overall or labelled):
        inspections.append(page)
        if labelled and len(locations) == 1 and locations[0].current_overall_rating is None:
            locations = (dataclasses.replace(locations[0], current_overall_rating=labelled),)
    report, carried = _report(text, loc) or (None, None)
    if report:
        inspections.append(report)
    if carried:
        inspections.append(carried)
    inspections.extend(timeline.inspections(text[header.end:], loc))
    if not inspections:
        inspections.extend(_assessment_text(text, loc))
    inspections.extend(_last_inspection(text[header.end:], loc, inspections))
    inspections = _with_earlier_publication(text[header.end:], loc, inspections)
    inspections = _with_previous_column(text, loc, inspections)
    inspections = _with_table_rows(text, inspections)
    inspections = _with_rated_headings(text[header.end:], inspections)
    inspections = score_reading.with_scores_found(inspections, text[header.end:], loc, add_assessment=True)
    return DocumentRecord(layout=LAYOUT, providers=providers, locations=locations, inspections=tuple(inspections))
