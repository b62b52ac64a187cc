"""Ratings placed in time: the current rating a page states, the ratings a sentence gives an
earlier inspection it dates, the changes of rating CQC states in prose, and the ratings a focused
inspection keeps from an earlier one.

``with_rating_history`` is a post-pass run after the layouts and the ratings reader, in every
layout that reads names from the text. It only adds what the text states and the record lacks:

- a subject's current overall rating, from a page's labelled line above its body ("Overall:
  Good", "Overall rating: Requires improvement", "Latest overall rating: Good", "Current
  rating: Good") or a sentence saying so ("… is now rated as Good overall");
- the ratings of an earlier inspection a sentence dates ("… were last inspected in February
  2020 and rated good overall, good for safe and requires improvement for well-led", "The home
  was rated Inadequate overall … following an inspection in April 2019", "since our last
  inspection in June 2021, when the service was rated good in all areas"), on that inspection;
- changes stated in words the other readers leave ("the rating has gone down", "The home's
  rating has dropped from Good", "The ratings for safe and well-led have gone down", "Effective,
  caring and responsive stayed the same", "… has improved from Requires improvement to Good
  overall"), on the current inspection of the subject the sentence is about;
- the ratings a focused inspection keeps ("The other key questions were not looked at and keep
  their ratings from March 2019"; "The ratings for effective, caring and responsive were not
  changed and are from our previous inspection: effective good, caring good, responsive good"),
  carried over onto the current inspection and, stated with their values, on the earlier one.

A sentence about what may be (future, conditional) rates nothing. Each reader is gated by a
cheap test of the text (a few words searched once), so a text that states none of these costs
next to nothing. Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import patterns as P
from cqcgraph.extract import history_table, prose
from cqcgraph.records import (
    ChangeStatement,
    DocumentRecord,
    Inspection,
    KeyQuestion,
    PartialDate,
    Rating,
    RatingChange,
    RatingValue,
)

_KQS = tuple(kq for kq in KeyQuestion if kq is not KeyQuestion.OVERALL)
_R = P.RATING_WRAPPED_ALT
#: What may be, not what is: a sentence with one of these rates nothing.
_MAYBE_RE = re.compile(r"\b(?:will|would|could|might|should|if)\b|(?-i:\bmay\b)", re.I)


def with_rating_history(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the current ratings, earlier ratings, changes and kept ratings its text
    states (see the module's docstring), none of them replacing what the record holds.

    >>> from cqcgraph.records import Location
    >>> r = DocumentRecord("press-release", locations=(Location(name="Oak House"),))
    >>> with_rating_history(r, "Oak House is now rated as Good overall.").locations[0].current_overall_rating.value
    'good'
    """
    if not record.has_facts:
        return record  # a text no reader found a fact in (another body's page) gets none from its ratings' wording
    low = text.lower()
    record = _with_current_stated(record, text, low)
    record = history_table.with_history_table(record, text)
    record = history_table.with_key_question_table(record, text)
    record = history_table.with_listed_inspections(record, text)
    if not record.inspections:
        return record
    record = _with_dated_earlier(record, text, low)
    record = _with_previously_rated(record, text, low)
    record = _with_that_inspection(record, text, low)
    record = _with_previous_column(record, text, low)
    record = _with_service_last_inspected(record, text, low)
    record = _with_not_assessed_rows(record, text, low)
    record = _with_stated_changes(record, text, low)
    return _with_kept_ratings(record, text, low)


# ----------------------------------------------------------------------------- sentences

def _sentence_at(text: str, pos: int) -> tuple[int, str]:
    """The sentence around offset ``pos`` (its start, and its words on one line): from the end of
    the sentence or paragraph before it to the next full stop."""
    start = max(text.rfind(". ", 0, pos) + 2, text.rfind("\n\n", 0, pos) + 2, text.rfind(":\n", 0, pos) + 2, 0)
    ends = [e for e in (text.find(". ", pos), text.find(".\n", pos), text.find("\n\n", pos)) if e >= 0]
    end = min(ends) if ends else len(text)
    return start, " ".join(text[start:end].split())


def _subject_at(record: DocumentRecord, text: str, pos: int, sentence_start: int) -> tuple[int | None, int | None] | None:
    """The subject (location index, provider index) a sentence at ``pos`` is about: the location
    its own words or the text before it name last, else the one subject of the record."""
    low = text.lower()
    named: list[tuple[int, tuple[int | None, int | None]]] = []
    for n, loc in enumerate(record.locations):
        for name in {x for x in (loc.name, *loc.alt_names) if x and len(x) > 3}:
            at = low.rfind(name.lower(), 0, max(pos, sentence_start + 1))
            if at >= 0:
                named.append((at, (n, None)))
    for n in _providers_inspected_apart(record):
        # a trust inspected in its own right beside its hospitals: a sentence after its name ("the
        # trust was rated …. Its rating for well-led has improved") is about it
        prov = record.providers[n]
        for name in {x for x in (prov.name, *prov.alt_names) if x and len(x) > 3} | ({"the trust"} if len(record.providers) == 1 else set()):
            at = low.rfind(name.lower(), 0, max(pos, sentence_start + 1))
            if at >= 0:
                named.append((at, (None, n)))
    if named:
        return max(named)[1]
    if len(record.locations) == 1:
        return 0, None
    if not record.locations and len(record.providers) == 1:
        return None, 0
    return None


def _providers_inspected_apart(record: DocumentRecord) -> list[int]:
    """The providers of a record with a current inspection of their own (of no location) beside
    inspections of locations."""
    current = [i for i in record.inspections if not i.is_previous]
    if not any(i.location is not None for i in current):
        return []
    return sorted({i.provider for i in current if i.location is None and i.provider is not None})


def _current_of(record: DocumentRecord, subject: tuple[int | None, int | None] | None, text: str = "", pos: int = -1) -> int | None:
    """The index of the one current (not earlier) inspection of ``subject`` (with no subject, the
    record's one current inspection); of several, the one whose date the text gives last before
    ``pos`` (the entry of a page's history the sentence stands in)."""
    current = [k for k, i in enumerate(record.inspections) if not i.is_previous]
    if subject is not None:
        loc, prov = subject
        mine = [k for k in current if (loc is not None and record.inspections[k].location == loc)
                or (prov is not None and record.inspections[k].provider == prov and record.inspections[k].location is None)]
        if not mine and len(current) == 1 and record.inspections[current[0]].location is None and \
                record.inspections[current[0]].provider is None:
            mine = current
        if not mine and len(current) == 1 and len(record.locations) <= 1:
            mine = current  # the one inspection of a record naming one place
        current = mine
    if len(current) > 1 and pos >= 0:
        low = text.lower()
        dated = [(max((low.rfind(d.text.lower(), 0, pos) for d in (record.inspections[k].start_date,) if d and d.text), default=-1), k)
                 for k in current]
        best = max(dated)
        return best[1] if best[0] >= 0 else None
    return current[0] if len(current) == 1 else None


def _spans(low: str, words: tuple[str, ...], before: int, after: int) -> list[tuple[int, int]]:
    """The stretches of the text around each place one of ``words`` stands (``before`` and
    ``after`` characters about it, overlapping ones joined): where an expression that needs one
    of the words is run, rather than over the whole text."""
    hits: list[int] = []
    for w in words:
        at = low.find(w)
        while at >= 0:
            hits.append(at)
            at = low.find(w, at + len(w))
    spans: list[tuple[int, int]] = []
    for at in sorted(hits):
        a, b = max(0, at - before), at + after
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], b))
        else:
            spans.append((a, b))
    return spans


def _found_in(pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]) -> list[re.Match[str]]:
    """The matches of ``pattern`` inside ``spans`` of ``text`` (offsets in the whole text)."""
    return [m for a, b in spans for m in pattern.finditer(text, a, b)]


# ----------------------------------------------------------------------------- current ratings

#: A page's labelled current rating above its body: "Overall: Good", "Overall rating:
#: Requires improvement", "Latest overall rating: Good", "Current rating: Outstanding".
_LABELLED_CURRENT_RE = re.compile(
    rf"(?:(?:latest|current)\s+(?:overall\s+)?rating|overall(?:\s+rating)?)[ \t]*:[ \t]*(?P<value>{P.RATING_ALT})"
    r"[ \t]*(?:read more about inspection ratings|\(previously[ \t]+[^)\n]{3,30}\))?", re.I)
#: A service page's "Overall rating for this hospital: Good" above its "Latest inspection:" line
#: (a report's "Overall rating for this service" grid has no such line).
_FOR_THIS_RE = re.compile(
    rf"Overall\s+rating\s+for\s+this\s+(?:hospital|trust|location|service|practice|provider|organisation)[ \t]*:[ \t]*"
    rf"(?P<value>{P.RATING_ALT})", re.I)
_LATEST_LINE_RE = re.compile(r"Latest\s+inspection\s*:", re.I)
#: What ends a page's top: its history of inspections, or a statement that the page is an
#: earlier inspection's.
_BODY_RE = re.compile(r"(?:Inspection carried out on|Inspection reports?|Previous (?:inspections?|ratings?)|Rating history|History)\b"
                      r"|.*\bratings on this page are for a previous inspection\b", re.I)
#: The subject's own overall rating now: "Hanley Park Medical Practice … is now rated as Good overall".
_NOW_RATED_RE = re.compile(rf"\b(?:is|are)\s+now\s+rated\s+(?:as\s+)?(?P<value>{_R})\s+overall\b", re.I)
_TOP = 2500


def _top_rating(top: str) -> RatingValue | None:
    """The current rating a page's top labels (the first labelled line before its body)."""
    latest = any(_LATEST_LINE_RE.match(line.strip()) for line in top.split("\n"))
    for raw in top.split("\n"):
        line = raw.strip()
        if not line or line[0] not in "OoLlCcIiPpRrHhT":
            continue
        if _BODY_RE.match(line):
            return None
        m = _LABELLED_CURRENT_RE.fullmatch(line) or (_FOR_THIS_RE.fullmatch(line) if latest else None)
        if m:
            return P.parse_rating(m.group("value"))
    return None


def _with_current_stated(record: DocumentRecord, text: str, low: str) -> DocumentRecord:
    """``record`` with the current overall rating of its one subject as a labelled line of the
    page's top or a "now rated … overall" sentence states it, when it has none."""
    subject: tuple[int | None, int | None] | None = None
    value: RatingValue | None = None
    if "overall" in low[:_TOP]:
        value = _top_rating(text[:_TOP])
        subject = (0, None) if len(record.locations) == 1 else (None, 0) if not record.locations and len(record.providers) == 1 else None
    if value is None and "rated" in low:
        for m in _found_in(_NOW_RATED_RE, text, _spans(low, ("now",), 12, 80)):
            start, sentence = _sentence_at(text, m.start())
            if _MAYBE_RE.search(sentence):
                continue
            value = P.parse_rating(m.group("value"))
            subject = _subject_at(record, text, m.start(), start)
            break
    if value is None or subject is None:
        return record
    loc, prov = subject
    if loc is not None and record.locations[loc].current_overall_rating is None:
        places = list(record.locations)
        places[loc] = dataclasses.replace(places[loc], current_overall_rating=value)
        return dataclasses.replace(record, locations=tuple(places))
    if prov is not None and record.providers[prov].current_overall_rating is None:
        owners = list(record.providers)
        owners[prov] = dataclasses.replace(owners[prov], current_overall_rating=value)
        return dataclasses.replace(record, providers=tuple(owners))
    return record


# ----------------------------------------------------------------------------- earlier ratings

#: An earlier inspection a sentence dates by its month or year, with the ratings it gave: "were
#: last inspected in February 2020 and rated …", "… following an inspection in April 2019",
#: "since our last inspection in June 2021, when the service was rated good in all areas",
#: "We last inspected the service in May 2018 and rated it good".
_DATED_EARLIER_RE = re.compile(
    r"\b(?:(?:last|previously|first)\s+inspected(?:\s+(?:the|this)\s+\w+)?|(?:following|after)\s+(?:an|our|its|the)\s+(?:\w+\s+)?inspection|"
    r"(?:since|at)\s+(?:our|its|the)\s+(?:last|previous)\s+inspection|was\s+inspected|"
    rf"(?:was|were|been)\s+rated\s+(?:as\s+)?(?:{_R})(?:\s+overall)?(?:\s+and\s+placed\s+in\s+special\s+measures)?)\s*,?\s+(?:in|on)\s+"
    r"(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)?\s*(?:19|20)\d\d\b", re.I)
#: "… rated good in all areas", "… Good in all five key questions": every key question.
_IN_ALL_RE = re.compile(rf"\b(?P<value>{_R})\s+(?:in|for)\s+(?:all|every)\s+(?:(?:five|5)\s+)?(?:areas|key\s+questions?)\b", re.I)
#: A clause about the inspection now reported, whose ratings are not the earlier one's.
_NOW_RE = re.compile(r"\b(?:this|latest|most\s+recent|now|returned|again)\b", re.I)


_EARLIER_GATE = ("been rated", "was rated", "were rated", "last inspect", "previously inspected", "first inspected",
                 "following an", "following its", "following the", "following our", "after an", "after our", "since our last",
                 "since its last", "at our last", "at its last", "was inspected", "at our previous", "at its previous")


def _with_dated_earlier(record: DocumentRecord, text: str, low: str) -> DocumentRecord:
    """``record`` with the ratings each sentence gives the earlier inspection it dates (one date,
    before the current inspection), on the inspection of that subject and date, else on a new
    earlier inspection of that date."""
    spans = _spans(low, _EARLIER_GATE, 20, 160)
    if not spans:
        return record
    inspections = list(record.inspections)
    seen: set[int] = set()
    for m in _found_in(_DATED_EARLIER_RE, text, spans):
        start, sentence = _sentence_at(text, m.start())
        if start in seen or _MAYBE_RE.search(sentence):
            continue
        seen.add(start)
        dates = {d.iso: d for d, _end, _m in P.iter_dates(sentence) if d.iso}
        if len(dates) != 1:
            continue
        when = next(iter(dates.values()))
        part = _earlier_part(sentence, m.group(0))
        if part is None:
            continue
        stated = [r for r in prose.ratings_in_sentence(part) if not r.carried_over]
        if (all_of := _IN_ALL_RE.search(part)):
            value = P.rating_word(all_of.group("value"))
            stated += [Rating(kq, value) for kq in (KeyQuestion.OVERALL, *_KQS)]
        if not stated:
            continue
        subject = _subject_at(record, text, m.start(), start)
        k = _current_of(record, subject, text, m.start())
        if k is None:
            continue
        now = inspections[k]
        if _undated(now) and not _EARLIER_WORDS_RE.search(sentence) and \
                all(any(_key(x) == _key(r) and x.value is r.value for x in now.ratings) for r in stated):
            # the one inspection the text reports, undated, is the one the sentence rates and dates
            inspections[k] = dataclasses.replace(now, start_date=when)
            continue
        if not _before(when, now):
            continue
        parts = {r.service for r in now.ratings}
        service = parts.pop() if len(parts) == 1 else None  # a report about one core service: its history is the service's
        ratings = prose.merge_ratings([dataclasses.replace(r, service=r.service or service) for r in stated])
        _give(inspections, (now.location, now.provider), when, ratings)
    return dataclasses.replace(record, inspections=tuple(inspections))


#: Words that make a dated inspection an earlier one.
_EARLIER_WORDS_RE = re.compile(r"\b(?:last|previous(?:ly)?|earlier|first|before|since|having)\b", re.I)


def _undated(i: Inspection) -> bool:
    return not (i.start_date or i.end_date or i.publication_date or i.visit_dates or i.dates_text or i.summary_updated)


#: An earlier rating given without a date: "The service had previously been rated outstanding in
#: caring", "The home was previously rated good overall".
_PREVIOUSLY_RATED_RE = re.compile(r"\bpreviously\s+(?:been\s+)?rated\b", re.I)


def _with_previously_rated(record: DocumentRecord, text: str, low: str) -> DocumentRecord:
    """``record`` with the ratings an undated "previously rated" sentence gives, on the one
    earlier inspection of the subject the record has (none added when it has none or several)."""
    if "previously" not in low:
        return record
    inspections = list(record.inspections)
    for m in _found_in(_PREVIOUSLY_RATED_RE, text, _spans(low, ("previously",), 10, 40)):
        start, sentence = _sentence_at(text, m.start())
        if _MAYBE_RE.search(sentence) or _NOW_RE.search(sentence) or any(True for _ in P.iter_dates(sentence)) or _IN_YEAR_RE.search(sentence):
            continue  # a date, or the inspection now reported, in the same sentence: another reader's
        k = _current_of(record, _subject_at(record, text, m.start(), start), text, m.start())
        if k is None:
            continue
        now = inspections[k]
        earlier = [j for j, i in enumerate(inspections) if i.is_previous and (i.location, i.provider) in ((now.location, now.provider), (None, None))]
        stated = [r for r in prose.ratings_in_sentence(sentence) if not r.carried_over]
        if len(earlier) != 1 or not stated:
            continue
        then = inspections[earlier[0]]
        held = {_key(r) for r in then.ratings}
        fresh = tuple(r for r in stated if _key(r) not in held)
        if fresh:
            inspections[earlier[0]] = dataclasses.replace(then, ratings=then.ratings + fresh)
    return dataclasses.replace(record, inspections=tuple(inspections))


_IN_YEAR_RE = re.compile(r"\bin\s+(?:19|20)\d\d\b")

#: A sentence rating the earlier inspection the sentence before it dates: "The last inspection
#: … was on 3 and 4 December 2019. At that inspection we rated Oak House good overall, …", "…
#: in March 2018. At that inspection the service was rated requires improvement".
_AT_THAT_RE = re.compile(r"(?:^|(?<=[.\n]\s))(?:At|Following|After)\s+(?:that|this\s+earlier)\s+inspection\b", re.I)


def _with_that_inspection(record: DocumentRecord, text: str, low: str) -> DocumentRecord:
    """``record`` with the ratings an "At that inspection …" sentence gives the one earlier
    inspection the sentence before it dates, on that inspection (or a new one of that date)."""
    if "that inspection" not in low and "this earlier inspection" not in low:
        return record
    inspections = list(record.inspections)
    for m in _found_in(_AT_THAT_RE, text, _spans(low, ("that inspection", "this earlier inspection"), 20, 20)):
        start, sentence = _sentence_at(text, m.end())
        if _MAYBE_RE.search(sentence) or start < 2 or any(True for _ in P.iter_dates(sentence)):
            continue
        _before_start, before = _sentence_at(text, start - 2)
        dates = {d.iso: d for d, _end, _m in P.iter_dates(before) if d.iso and not _published_only(before, d)}
        if len(dates) != 1 or not _EARLIER_WORDS_RE.search(before):
            continue
        stated = [r for r in prose.ratings_in_sentence(sentence) if not r.carried_over]
        if (all_of := _IN_ALL_RE.search(sentence)):
            value = P.rating_word(all_of.group("value"))
            stated += [Rating(kq, value) for kq in (KeyQuestion.OVERALL, *_KQS)]
        k = _current_of(record, _subject_at(record, text, m.start(), start), text, m.start())
        when = next(iter(dates.values()))
        if not stated or k is None or not _before(when, inspections[k]):
            continue
        now = inspections[k]
        _give(inspections, (now.location, now.provider), when, prose.merge_ratings(stated))
    return dataclasses.replace(record, inspections=tuple(inspections))


#: The rating before, printed beside a current one: a key question's row ending "Previously:
#: Requires improvement" (after its rating, and its score if any), the overall rating's block
#: "Overall / Good / Previously: Requires improvement", "Overall: Good (previously requires
#: improvement)".
_PREVIOUS_COLUMN_RE = re.compile(
    rf"^[ \t]*(?P<kq>Overall|{P.KQ_ALT})\b[ \t]*(?:rating)?[ \t]*[:–-]?[ \t]*(?P<now>{P.RATING_ALT})\b[^\n]{{0,40}}?"
    rf"[ \t(]\s*previously[ \t]*[:=–-]?[ \t]*(?P<then>{P.RATING_ALT})\b[ \t).]*$"
    rf"|^[ \t]*(?P<kq2>Overall)(?:[ \t]+rating)?[ \t]*:?[ \t]*\n[ \t]*(?P<now2>{P.RATING_ALT})[ \t]*\n[ \t]*"
    rf"previously[ \t]*[:=–-]?[ \t]*(?P<then2>{P.RATING_ALT})[ \t.]*$", re.I | re.M)


def _with_previous_column(record: DocumentRecord, text: str, low: str) -> DocumentRecord:
    """``record`` with the earlier ratings printed beside the current ones ("Safe  Good  Score
    66%  Previously: Requires improvement"), on the latest earlier inspection of the subject the
    current inspection rates so (a new undated earlier one when the record has none); never on
    the current inspection."""
    if "previously" not in low:
        return record
    found = [m for m in _PREVIOUS_COLUMN_RE.finditer(text)]
    if not found:
        return record
    inspections = list(record.inspections)
    by_now: dict[int, list[Rating]] = {}
    for m in found:
        named = m.group("kq") or m.group("kq2")
        kq = KeyQuestion.OVERALL if named.lower() == "overall" else P.key_question(named)
        now, then = (P.parse_rating(m.group(g) or m.group(g + "2")) for g in ("now", "then"))
        if kq is None or now is None or then is None:
            continue
        held = [k for k, i in enumerate(inspections) if not i.is_previous and any(
            r.key_question is kq and r.value is now and not r.service and not r.population_group for r in i.ratings)]
        current = [k for k, i in enumerate(inspections) if not i.is_previous]
        if not held and len(current) == 1 and not any(r.key_question is kq for r in inspections[current[0]].ratings):
            # the row the line readers left for its earlier value still states the current one
            held = current
            inspections[held[0]] = dataclasses.replace(inspections[held[0]], ratings=inspections[held[0]].ratings + (Rating(kq, now),))
        if len(held) == 1:
            by_now.setdefault(held[0], []).append(Rating(kq, then))
    for k, ratings in by_now.items():
        now_i = inspections[k]
        earlier = [j for j, i in enumerate(inspections) if i.is_previous and (i.location, i.provider) == (now_i.location, now_i.provider)
                   and (not _dated(i) or not _dated(now_i) or _earlier_than(i, now_i))]
        if not earlier:
            inspections.append(Inspection(location=now_i.location, provider=now_i.provider, is_previous=True,
                                          ratings=prose.merge_ratings(ratings)))
            continue
        j = max(earlier, key=lambda j: _day(inspections[j]))
        then_i = inspections[j]
        keys = {_key(r) for r in then_i.ratings}
        fresh = tuple(r for r in prose.merge_ratings(ratings) if _key(r) not in keys)
        if fresh:
            inspections[j] = dataclasses.replace(then_i, ratings=then_i.ratings + fresh)
    return dataclasses.replace(record, inspections=tuple(inspections))


#: A listed service's block with its rating and the day it was last inspected: "Patient transport
#: services / Good / Last inspected 11 September 2019" (a provider page's "Ratings for the trust's
#: services").
_SERVICE_BLOCK_RE = re.compile(
    rf"^[ \t]*(?P<service>[A-Z][^\n]{{2,80}}?)[ \t]*\n[ \t]*(?P<value>{P.RATING_ALT})[ \t]*\n"
    r"[ \t]*(?:Last\s+)?inspected[ \t]*:?[ \t]*(?P<day>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})[ \t]*$", re.M | re.I)


def _with_service_last_inspected(record: DocumentRecord, text: str, low: str) -> DocumentRecord:
    """``record`` with each listed service's rating whose "Last inspected" day is before the
    current inspection on the earlier inspection of that day (a new one when the record has none),
    not on the current one; a service the readers left gets its rating there too."""
    if "inspected" not in low:
        return record
    current = [k for k, i in enumerate(record.inspections) if not i.is_previous]
    if len(current) != 1:
        return record
    k = current[0]
    inspections = list(record.inspections)
    for m in _SERVICE_BLOCK_RE.finditer(text):
        day, value = P.parse_date(m.group("day")), P.parse_rating(m.group("value"))
        service = " ".join(m.group("service").split())
        now = inspections[k]
        if day is None or value is None or not _before(day, now) or P.parse_rating(service) or P.key_question(service):
            continue
        on_now = [r for r in now.ratings if r.service and r.service.lower() == service.lower() and r.key_question is KeyQuestion.OVERALL]
        if not on_now and not P.CORE_SERVICE_RE.search(service) and not any(r.service for r in now.ratings):
            continue  # a block of no service the page rates
        if on_now:
            inspections[k] = dataclasses.replace(now, ratings=tuple(r for r in now.ratings if r not in on_now))
        rating = on_now[0] if on_now else Rating(KeyQuestion.OVERALL, value, service=service)
        _give(inspections, (now.location, now.provider), day, (rating,))
    return dataclasses.replace(record, inspections=tuple(inspections))


#: A key question's row that keeps its earlier rating: "Effective - Not assessed. Rating from our
#: last inspection: Good", "Caring: not looked at – rating from our previous inspection: Good".
_NOT_ASSESSED_ROW_RE = re.compile(
    rf"^[ \t]*(?P<kq>{P.KQ_ALT})[ \t]*[-–:][ \t]*(?:not[ \t]+(?:assessed|inspected|looked[ \t]+at)(?:[ \t]+this[ \t]+time)?)[ \t]*[.,;–-]?[ \t]*"
    rf"(?:the[ \t]+)?rating[ \t]+(?:is[ \t]+)?(?:carried[ \t]+over[ \t]+)?from[ \t]+(?:our|the)[ \t]+(?:last|previous)[ \t]+"
    rf"(?:inspection|assessment)[ \t]*[:–-]?[ \t]*(?P<value>{P.RATING_ALT})[ \t.]*$", re.I | re.M)


#: The same row with its rating first: "Caring - Good. Not assessed. Rating from our last
#: inspection.", "Responsive: Outstanding (not inspected – rating from our previous inspection)".
_RATED_NOT_ASSESSED_ROW_RE = re.compile(
    rf"^[ \t]*(?P<kq>{P.KQ_ALT})[ \t]*[-–:][ \t]*(?P<value>{P.RATING_ALT})[ \t]*[.,;]?[ \t]*\(?[ \t]*"
    rf"not[ \t]+(?:assessed|inspected|looked[ \t]+at)(?:[ \t]+this[ \t]+time)?[ \t]*[.,;–-]?[ \t]*"
    rf"(?:the[ \t]+)?rating[ \t]+(?:is[ \t]+)?(?:carried[ \t]+over[ \t]+)?from[ \t]+(?:our|the)[ \t]+(?:last|previous)[ \t]+"
    rf"(?:inspection|assessment)[ \t.)]*$", re.I | re.M)


def _with_not_assessed_rows(record: DocumentRecord, text: str, low: str) -> DocumentRecord:
    """``record`` with each key question a row says was not assessed and keeps its earlier rating
    ("Effective - Not assessed. Rating from our last inspection: Good") carried over onto the one
    current inspection, when it holds no rating of that key question."""
    if "not " not in low or "rating from" not in low:
        return record
    current = [k for k, i in enumerate(record.inspections) if not i.is_previous]
    if len(current) != 1:
        return record
    k = current[0]
    now = record.inspections[k]
    fresh: list[Rating] = []
    for m in (*_NOT_ASSESSED_ROW_RE.finditer(text), *_RATED_NOT_ASSESSED_ROW_RE.finditer(text)):
        kq, value = P.key_question(m.group("kq")), P.parse_rating(m.group("value"))
        if kq and value and not any(r.key_question is kq and not r.service and not r.population_group for r in (*now.ratings, *fresh)):
            fresh.append(Rating(kq, value, carried_over=True))
    if not fresh:
        return record
    inspections = list(record.inspections)
    inspections[k] = dataclasses.replace(now, ratings=now.ratings + tuple(fresh))
    return dataclasses.replace(record, inspections=tuple(inspections))


def _earlier_than(i: Inspection, now: Inspection) -> bool:
    first = i.start_date or i.publication_date
    return first is not None and _before(first, now)


def _dated(i: Inspection) -> bool:
    return bool((i.start_date and i.start_date.iso) or (i.publication_date and i.publication_date.iso))


def _day(i: Inspection) -> str:
    """An inspection's first day as ISO text ("" when undated), to order earlier inspections."""
    first = i.start_date or i.publication_date
    return first.iso if first and first.iso else ""


def _published_only(sentence: str, d: PartialDate) -> bool:
    """Whether date ``d`` stands in ``sentence`` as a report's publication ("(report published
    20 January 2020)"), not as the day of an inspection."""
    at = sentence.find(d.text or "\0")
    return at >= 0 and re.search(r"\bpublished\s+(?:on\s+)?$", sentence[:at], re.I) is not None


def _earlier_part(sentence: str, dated: str) -> str | None:
    """The words of ``sentence`` about the earlier inspection ``dated`` names: the whole sentence,
    or, when it also speaks of the inspection now reported ("… have gone down since our last
    inspection in June 2021, when the service was rated good"), the clause from the date on."""
    at = sentence.find(" ".join(dated.split()))
    if at < 0:
        return None
    before, after = sentence[:at], sentence[at:]
    if not _NOW_RE.search(before) and not _NOW_RE.search(after):
        return sentence
    if re.search(r"\brated\b", dated, re.I):
        return " ".join(dated.split())  # "…, having been rated Inadequate in September 2023": the clause rates it
    when = re.search(r",\s+when\s+", after)
    if when and not _NOW_RE.search(after[when.end():]):
        return after[when.end():]
    return None


def _before(when: PartialDate, i: Inspection) -> bool:
    """Whether ``when`` is before inspection ``i`` (its start, else its publication), to the
    precision both are written; False for an undated inspection."""
    first = (i.start_date or i.publication_date)
    if not first or not first.iso or not when.iso:
        return False
    size = min(len(first.iso), len(when.iso))
    return when.iso[:size] < first.iso[:size]


def _give(inspections: list[Inspection], subject: tuple[int | None, int | None], when: PartialDate,
          ratings: tuple[Rating, ...]) -> None:
    """Add ``ratings`` to the earlier inspection of ``subject`` dated ``when`` (the keys it lacks),
    or as a new earlier inspection of that date."""
    for j, i in enumerate(inspections):
        if (i.location, i.provider) not in (subject, (None, None)):
            continue  # (an inspection of no subject named is the one the text dates, whoever it is of)
        days = [d.iso for d in (i.start_date, i.publication_date) if d and d.iso]
        if any(d.startswith(when.iso or "?") or (when.iso or "?").startswith(d) for d in days):
            if not i.is_previous:
                return  # the date is the inspection now reported: not an earlier one
            held = {_key(r) for r in i.ratings}
            fresh = tuple(r for r in ratings if _key(r) not in held)
            if fresh:
                inspections[j] = dataclasses.replace(i, ratings=i.ratings + fresh)
            return
    inspections.append(Inspection(location=subject[0], provider=subject[1], is_previous=True, start_date=when, ratings=ratings))


def _key(r: Rating) -> tuple[KeyQuestion, str, str]:
    return r.key_question, (r.service or "").lower(), (r.population_group or "").lower()


# ----------------------------------------------------------------------------- changes

_DOWN = r"gone\s+down|went\s+down|dropped|fallen|fell|declined|deteriorated|worsened"
_UP = r"gone\s+up|went\s+up|improved"
#: The overall rating's change said of the rating: "the rating has gone down", "The home's rating
#: has dropped from Good", "its overall rating has improved".
_RATING_HAS_RE = re.compile(
    rf"\b(?:the|its|their|our)\s+(?:(?:\w+['’]s)\s+)?(?:overall\s+)?rating\s+(?:(?:has|had)\s+)?(?:now\s+|also\s+)?(?P<verb>{_DOWN}|{_UP})"
    rf"(?:\s+from\s+(?P<old>{_R}))?(?:\s+to\s+(?P<new>{_R}))?", re.I)
#: A subject's overall change with both ratings: "Marram Grass Homecare … has improved from
#: Requires improvement to Good overall", "… has gone down from good to inadequate overall".
_SUBJECT_FROM_TO_RE = re.compile(
    rf"\bhas\s+(?P<verb>{_DOWN}|{_UP}|changed|moved)\s+(?:(?P<its>its\s+(?:overall\s+)?rating)\s+)?from\s+(?P<old>{_R})\s+to\s+(?P<new>{_R})"
    r"(?(its)|\s+overall\b)"
    rf"|\bour\s+(?:overall\s+)?rating\s+of\s+(?:the|this)\s+(?:service|location|practice|home|hospital|hospice|agency|trust)\s+"
    rf"(?P<verb2>{_DOWN}|{_UP}|changed)\s+from\s+(?P<old2>{_R})\s+to\s+(?P<new2>{_R})", re.I)
#: Key questions' change said of their ratings: "The ratings for safe and well-led have gone down".
_RATINGS_FOR_RE = re.compile(
    rf"\b(?:the\s+)?ratings?\s+(?:for|of)\s+(?P<kqs>{P.KQ_LIST})\s+(?:have|has)\s+(?:both\s+|also\s+|now\s+)*(?P<verb>{_DOWN}|{_UP})\b", re.I)
#: Key questions that kept their rating, opening a sentence: "Effective, caring and responsive
#: stayed the same", "Caring and responsive remained the same".
#: A key question's own change, said of it: "Well-led has also dropped from good", "The well-led
#: rating fell from good to requires improvement", "Safe has stayed at requires improvement".
_KQ_HAS_RE = re.compile(
    rf"\b(?P<kq>safe|effective|caring|responsive|well-led)(?:\s+rating)?\s+"
    rf"(?:(?:has|had)\s+)?(?:also\s+|now\s+)?(?P<verb>{_DOWN}|{_UP}|stayed\s+at|remained\s+at)"
    rf"(?:\s+from\s+(?P<old>{_R}))?(?:\s+to\s+(?P<new>{_R}))?", re.I)
#: What stands before a key question that is the subject of its change: a sentence's or a
#: line's start, "and", "the" ("The well-led rating fell …").
_KQ_SUBJECT_BEFORE_RE = re.compile(r"(?:^|[.;:]\s*|\n\s*|,\s+and\s+|\band\s+|\bthe\s+)$", re.I)
#: The service's overall change said of the service: "we found the service had deteriorated to
#: requires improvement", "the home has improved to good", "we found the service remains good".
_SERVICE_HAS_RE = re.compile(
    rf"\b(?:the|this)\s+(?:service|home|practice|location|hospice|agency|clinic)\s+(?:(?:had|has)\s+(?P<verb>deteriorated|improved|declined)\s+to"
    rf"|(?P<same>remains|remained)(?:\s+rated)?(?:\s+as)?)\s+(?P<new>{_R})\b", re.I)
_KQS_SAME_RE = re.compile(rf"^(?P<kqs>{P.KQ_LIST})\s+(?:(?:have|all|both)\s+)?(?:stayed|remained)\s+the\s+same\b", re.I)
#: The words one of the changes above needs: a text with none of them states none.
#: (single words, so a phrase wrapped over two lines still passes)
_MOVED_WORDS = ("down", "dropped", "fallen", "fell", "declined", "deteriorat", "worsened", " up", "improved", "changed", "moved")
_CHANGE_GATE = (*_MOVED_WORDS, "same", "stayed", "remain")


def _with_stated_changes(record: DocumentRecord, text: str, low: str) -> DocumentRecord:
    """``record`` with the changes of rating its sentences state in the wordings above, on the
    current inspection of the subject each is about (a key question already given a change keeps
    it); a change of the overall rating from one value to another also gives the new value to
    the current inspection, when it has no overall rating."""
    if not any(g in low for g in _CHANGE_GATE):
        return record
    inspections = list(record.inspections)
    spans = _spans(low, (*_MOVED_WORDS, "stayed", "remain"), 200, 120)
    moved = any(v in low for v in _MOVED_WORDS)
    found: list[tuple[int, int, list[KeyQuestion], RatingChange, RatingValue | None, RatingValue | None]] = []
    for m in _found_in(_RATING_HAS_RE, text, spans) if moved else ():
        old, new = _value(m.group("old")), _value(m.group("new"))
        found.append((m.start(), m.start(), [KeyQuestion.OVERALL], _direction(m.group("verb"), old, new), old, new))
    now_rated: list[tuple[int, RatingValue]] = []  # "<Location> … has improved from A to B overall": B is its rating now
    for m in _found_in(_SUBJECT_FROM_TO_RE, text, spans) if moved and "from" in low else ():
        old, new = _value(m.group("old") or m.group("old2")), _value(m.group("new") or m.group("new2"))
        if old and new and (change := P.change_between(old, new)):
            found.append((m.start(), m.start(), [KeyQuestion.OVERALL], change, old, new))
            if m.group("verb"):
                now_rated.append((m.start(), new))
    for m in _found_in(_KQ_HAS_RE, text, spans):
        if not _KQ_SUBJECT_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "people felt safe …": the word is not the key question's subject
        kq = P.key_question(m.group("kq"))
        old, new = _value(m.group("old")), _value(m.group("new"))
        verb = " ".join(m.group("verb").lower().split())
        if kq is not None and kq is not KeyQuestion.OVERALL:
            change = RatingChange.STAYED_THE_SAME if verb.endswith(" at") else _direction(verb, old, new)
            found.append((m.start(), m.start(), [kq], change, old, None))
    for m in _found_in(_SERVICE_HAS_RE, text, spans):
        new = _value(m.group("new"))
        change = RatingChange.STAYED_THE_SAME if m.group("same") else _direction(m.group("verb"), None, None)
        found.append((m.start(), m.start(), [KeyQuestion.OVERALL], change, None, None))
    for m in _found_in(_RATINGS_FOR_RE, text, spans) if moved else ():
        kqs: list[KeyQuestion] = [kq for kq in P.key_questions_in(m.group("kqs")) if kq is not KeyQuestion.OVERALL]
        found.append((m.start(), m.start(), kqs, _direction(m.group("verb"), None, None), None, None))
    if "same" in low:
        for at in (x.start() for x in re.finditer(r"\b(?:stayed|remained)\s+the\s+same\b", text, re.I)):
            start, sentence = _sentence_at(text, at)
            if (same := _KQS_SAME_RE.match(sentence)):
                named: list[KeyQuestion] = [kq for kq in P.key_questions_in(same.group("kqs")) if kq is not KeyQuestion.OVERALL]
                found.append((at, start, named, RatingChange.STAYED_THE_SAME, None, None))
    for at, start, kqs, change, old, new in sorted(found, key=lambda f: f[0]):
        _s, sentence = _sentence_at(text, at)
        if _MAYBE_RE.search(sentence) or _names_a_service(record, sentence) or prose.rates_a_service(sentence):
            continue
        k = _current_of(record, _subject_at(record, text, at, start), text, at)
        if k is None:
            continue
        i = inspections[k]
        if any(r.service or r.population_group for r in i.ratings if r.key_question in kqs) and not any(
                r.key_question in kqs and not (r.service or r.population_group) for r in i.ratings):
            continue  # the ratings the change is of are a core service's or a group's
        held = {c.key_question for c in i.changes}
        fresh = tuple(ChangeStatement(kq, change, old) for kq in kqs if kq not in held)
        if not fresh and new is None:
            continue
        ratings = i.ratings
        if new is not None and KeyQuestion.OVERALL in kqs and not any(_key(r) == _key(Rating(KeyQuestion.OVERALL, new)) for r in ratings):
            ratings = (*ratings, Rating(KeyQuestion.OVERALL, new))
        if fresh or ratings != i.ratings:
            inspections[k] = dataclasses.replace(i, changes=i.changes + fresh, ratings=ratings)
    return _with_current_changed(dataclasses.replace(record, inspections=tuple(inspections)), text, now_rated)


def _with_current_changed(record: DocumentRecord, text: str, now_rated: list[tuple[int, RatingValue]]) -> DocumentRecord:
    """``record`` with the current overall rating of each location a sentence opens with and says
    has changed from one rating to another ("Witham Bank Surgery, run by …, has improved its
    rating from Inadequate to Requires improvement"): the new rating, when the location has none.
    A sentence about what may be, a core service or a key question gives none."""
    places = list(record.locations)
    for at, new in now_rated:
        start, sentence = _sentence_at(text, at)
        if _MAYBE_RE.search(sentence) or _names_a_service(record, sentence) or prose.rates_a_service(sentence):
            continue
        head = " ".join(text[start:at].split())
        if P.key_questions_in(head) or re.search(r"\b(?:had|was|were|previously|last)\b", head, re.I):
            continue
        for n, loc in enumerate(places):
            opens = any(x and len(x) > 3 and sentence.lower().startswith(x.lower()) for x in (loc.name, *loc.alt_names))
            if opens and loc.current_overall_rating is None:
                places[n] = dataclasses.replace(loc, current_overall_rating=new)
                break
    return dataclasses.replace(record, locations=tuple(places)) if places != list(record.locations) else record


def _names_a_service(record: DocumentRecord, sentence: str) -> bool:
    """Whether a sentence names one of a hospital's core services ("In maternity, safe went
    down") other than inside a place's own name ("Witham Bank Surgery")."""
    names = [n for loc in record.locations for n in (loc.name, *loc.alt_names)]
    names += [n for prov in record.providers for n in (prov.name, *prov.alt_names)]
    for name in names:
        if name:
            sentence = re.sub(re.escape(name), " ", sentence, flags=re.I)
    return bool(P.CORE_SERVICE_RE.search(sentence))


def _value(word: str | None) -> RatingValue | None:
    return P.parse_rating(" ".join(word.split())) if word else None


def _direction(verb: str, old: RatingValue | None, new: RatingValue | None) -> RatingChange:
    """The change a verb states, or the one between two stated ratings when both are given."""
    if old and new and (between := P.change_between(old, new)):
        return between
    return RatingChange.IMPROVED if re.match(_UP, verb.lower()) else RatingChange.WENT_DOWN


# ----------------------------------------------------------------------------- kept ratings

#: The key questions a focused inspection did not look at keep an earlier inspection's ratings:
#: "The other key questions were not looked at and keep their ratings from March 2019".
_KEEP_FROM_RE = re.compile(
    r"\b(?:other|remaining)\s+key\s+questions\b[^.]{0,80}?\b(?:keep|kept|retain(?:ed)?)\s+their\s+ratings\s+from\s+(?:the\s+|our\s+)?"
    r"(?:inspection\s+(?:in|of|on)\s+)?(?P<when>(?:\d{1,2}\s+)?[A-Z][a-z]+\s+(?:19|20)\d\d)\b", re.I)
#: Their values said after a colon: "The ratings for effective, caring and responsive were not
#: changed and are from our previous inspection: effective good, caring good, responsive good."
_FROM_PREVIOUS_LIST_RE = re.compile(
    rf"\bratings\s+for\s+(?P<kqs>{P.KQ_LIST})\s+(?:were|are)\s+not\s+changed\s+and\s+(?:are|were)\s+(?:taken\s+)?from\s+"
    rf"(?:our|the)\s+(?:previous|last)\s+inspection\s*:\s*(?P<pairs>[^.]{{5,160}})", re.I)
#: Their values said in the key questions' order: "The ratings for effective, caring and responsive
#: were not changed and remain requires improvement, good and requires improvement from our
#: previous inspection in August 2020" (one value for all when one is said: "… remain good from
#: our last inspection").
_KEPT_IN_ORDER_RE = re.compile(
    rf"\bratings\s+for\s+(?P<kqs>{P.KQ_LIST})\s+(?:were|are|have)\s+not\s+(?:been\s+)?(?:changed|reviewed|looked\s+at)\s+and\s+"
    rf"(?:remain|are|stay)\s+(?P<values>(?:{_R})(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:{_R}))*)\s+(?:respectively\s+)?"
    r"(?:from|as\s+at)\s+(?:our|the)\s+(?:previous|last)\s+(?:comprehensive\s+)?inspection\b", re.I)
_PAIR_RE = re.compile(rf"(?P<kq>{P.KQ_ALT})\s*(?:[-–:]\s*|is\s+|was\s+)?(?P<value>{_R})\b", re.I)


def _kept_pairs(m: re.Match[str]) -> list[tuple[KeyQuestion | None, RatingValue | None]]:
    """The (key question, rating) pairs a statement of kept ratings gives: named in pairs after a
    colon, or the values in the key questions' order (one value for them all when one is said)."""
    if "pairs" in m.groupdict():
        return [(P.key_question(p.group("kq")), P.parse_rating(" ".join(p.group("value").split())))
                for p in _PAIR_RE.finditer(m.group("pairs"))]
    kqs = P.key_questions_in(m.group("kqs"))
    values = [P.parse_rating(" ".join(v.group(0).split())) for v in re.finditer(_R, m.group("values"), re.I)]
    if len(values) == 1:
        values = values * len(kqs)
    return list(zip(kqs, values, strict=True)) if len(values) == len(kqs) else []


def _with_kept_ratings(record: DocumentRecord, text: str, low: str) -> DocumentRecord:
    """``record`` with the ratings a focused inspection keeps from an earlier one (the wordings
    above), carried over onto the current inspection for the key questions it does not rate."""
    if "their ratings from" not in low and "not changed and" not in low and "ratings for" not in low:
        return record
    inspections = list(record.inspections)
    for m in _KEEP_FROM_RE.finditer(text):
        when = P.parse_date(m.group("when"))
        k = _current_of(record, _subject_at(record, text, m.start(), m.start()), text, m.start())
        if when is None or not when.iso or k is None:
            continue
        now = inspections[k]
        then = next((i for i in inspections if i is not now and (i.location, i.provider) == (now.location, now.provider)
                     and i.start_date and i.start_date.iso and i.start_date.iso.startswith(when.iso)), None)
        if then is None:
            continue
        rated = {r.key_question for r in now.ratings if not (r.service or r.population_group)}
        kept = tuple(dataclasses.replace(r, carried_over=True, date=when) for r in then.ratings
                     if r.key_question in _KQS and r.key_question not in rated and not (r.service or r.population_group))
        if kept:
            inspections[k] = dataclasses.replace(now, ratings=now.ratings + kept)
    for m in (*_FROM_PREVIOUS_LIST_RE.finditer(text), *_KEPT_IN_ORDER_RE.finditer(text)):
        k = _current_of(record, _subject_at(record, text, m.start(), m.start()), text, m.start())
        if k is None:
            continue
        now = inspections[k]
        named = set(P.key_questions_in(m.group("kqs")))
        pairs = _kept_pairs(m)
        parts = {r.service for r in now.ratings}
        service = parts.pop() if len(parts) == 1 else None
        held = {_key(r) for r in now.ratings}
        kept = tuple(Rating(kq, value, service=service, carried_over=True) for kq, value in pairs
                     if kq is not None and kq in named and value and _key(Rating(kq, value, service=service)) not in held)
        if kept:
            inspections[k] = dataclasses.replace(now, ratings=now.ratings + kept)
            earlier = [j for j, i in enumerate(inspections) if i.is_previous and (i.location, i.provider) == (now.location, now.provider)]
            if len(earlier) == 1:
                held = {_key(r) for r in inspections[earlier[0]].ratings}
                fresh = tuple(dataclasses.replace(r, carried_over=False) for r in kept if _key(r) not in held)
                inspections[earlier[0]] = dataclasses.replace(inspections[earlier[0]], ratings=inspections[earlier[0]].ratings + fresh)
    return dataclasses.replace(record, inspections=tuple(inspections))


__all__ = ["with_rating_history"]
