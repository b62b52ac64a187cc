"""Shared vocabulary of CQC documents: rating words, key questions, dates, regulation citations,
enforcement words and rating-change phrases, each defined once.

Every table entry carries a comment naming the document that showed the form (seed file names,
or ``dev/NNN`` for the development corpus). Parsers of every layout use these tables; nothing
here knows about layouts. Imports only the standard library and ``cqcgraph.records``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

from cqcgraph.records import (
    ActionKind,
    Announcement,
    InspectionKind,
    KeyQuestion,
    PartialDate,
    Precision,
    RatingChange,
    RatingValue,
    Regulation,
)

# ---------------------------------------------------------------------------------------------
# Ratings
# ---------------------------------------------------------------------------------------------

#: Rating words, longest first so that "not rated" is not read as a bare rating.
#: The four ratings as a regular-expression alternation (match with re.I), from the one
#: rating vocabulary (records.RatingValue): "outstanding|good|requires improvement|inadequate".
RATING_ALT = "|".join(re.escape(v.label.lower()).replace(r"\ ", " ") for v in RatingValue.scale())


def rating_alternation(values: tuple[RatingValue, ...], *, space: str = " ") -> str:
    """The labels of ``values``, as CQC prints them, as a regular-expression alternation, each
    space written ``space`` (``r"\\s+"`` where a label may wrap).

    >>> rating_alternation(RatingValue.scale()[2:], space=r"\\s+")
    'Requires\\\\s+improvement|Inadequate'
    """
    return "|".join(re.escape(v.label).replace(r"\ ", space) for v in values)


#: The four ratings as a title prints them ("… Children's Hospice Outstanding"): capitalised,
#: so match without re.I.
RATING_TITLE_ALT = rating_alternation(RatingValue.scale())
#: The four ratings in prose, where "requires improvement" may wrap (match with re.I).
RATING_WRAPPED_ALT = rating_alternation(RatingValue.scale(), space=r"\s+")
#: The four ratings and the non-ratings a report's grid prints in their place, those that
#: contain another first ("Inspected but not rated" before "Not rated").
RATING_OR_NONE_ALT = rating_alternation((
    RatingValue.INSPECTED_NOT_RATED, RatingValue.NOT_INSPECTED, RatingValue.NOT_RATED,
    RatingValue.REQUIRES_IMPROVEMENT, RatingValue.OUTSTANDING, RatingValue.GOOD,
    RatingValue.INADEQUATE))

RATING_WORDS: tuple[tuple[str, RatingValue], ...] = (
    ("inspected but not rated", RatingValue.INSPECTED_NOT_RATED),  # grid
    ("not inspected", RatingValue.NOT_INSPECTED),  # overview table (caring)
    ("not rated", RatingValue.NOT_RATED),  # ("We do not rate effective")
    ("requires improvement", RatingValue.REQUIRES_IMPROVEMENT),
    ("require improvement", RatingValue.REQUIRES_IMPROVEMENT),  # older pages' typo form
    ("outstanding", RatingValue.OUTSTANDING),
    ("inadequate", RatingValue.INADEQUATE),
    ("good", RatingValue.GOOD),  # "Overall: Good"
)

#: Each rating word as a whole word, compiled once (``parse_rating`` runs on every cell a reader tries).
_RATING_WORD_RES = tuple((re.compile(r"\b" + word + r"\b"), value) for word, value in RATING_WORDS)
#: The words themselves: a text without one of them as a substring cannot match its pattern.
_RATING_WORDS_LOW = tuple(word for word, _value in RATING_WORDS)

RATING_RE = re.compile(
    r"\b(" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w, _ in RATING_WORDS) + r")\b",
    re.IGNORECASE,
)

#: Ratings of a kind of service, not of one ("ratings of any service of a kind"): "A home rated
#: inadequate is placed in special measures", "Any practice rated requires improvement is inspected
#: again within 12 months", "Services rated inadequate are re-inspected within six months": what
#: follows a rating in general (a council's advice page, CQC's guidance), no service's rating.
CLASS_RATED_RE = re.compile(
    r"(?:^|[.!?]\s+)(?:(?:A|An|Any|Each|Every)\s+(?:[\w-]+\s+){0,2}"
    r"(?:home|service|practice|provider|location|hospital|trust|agency|clinic|surgery)"
    r"(?:\s+(?:that|which|who)\s+is)?"
    r"|(?:All\s+|Any\s+)?(?:[\w-]+\s+){0,2}(?:homes|services|practices|providers|locations|hospitals|trusts|agencies|clinics)"
    r"(?:\s+(?:that|which|who)\s+are)?)"
    r"\s+rated\s+(?:as\s+)?(?:" + RATING_ALT + r")(?:\s+overall)?(?:\s+(?:or|and)\s+(?:" + RATING_ALT + r"))?"
    r"\s+(?:is|are|will|must|can|may|have|has|should|get|gets|go|goes)\b", re.I)

#: The sections of CQC's site a page's title may name before the site's name ("News | Care
#: Quality Commission", "Press releases - CQC"): a section, not a service.
SITE_SECTIONS_RE = re.compile(
    r"(?:News|Press releases?|Media(?: centre)?|Statements?|Publications|Guidance(?: for providers)?|About us|"
    r"Search(?: results)?|Home|Blog|Events|Contact us)$", re.I)

#: Order used to say whether a change is up or down ("changed from Requires
#: Improvement to Good").
RATING_ORDER = {
    RatingValue.INADEQUATE: 0,
    RatingValue.REQUIRES_IMPROVEMENT: 1,
    RatingValue.GOOD: 2,
    RatingValue.OUTSTANDING: 3,
}


@lru_cache(maxsize=4096)
def parse_rating(text: str | None) -> RatingValue | None:
    """Return the rating a short text names, or None.

    >>> parse_rating("Requires Improvement").value
    'requires-improvement'
    >>> parse_rating("Inspected but not rated").value
    'inspected-but-not-rated'
    >>> parse_rating("") is None
    True
    """
    if not text:
        return None
    low = " ".join(text.lower().replace("-", " ").split())
    for word, (word_re, value) in zip(_RATING_WORDS_LOW, _RATING_WORD_RES, strict=True):
        if word in low and word_re.search(low):
            return value
    return None


# ---------------------------------------------------------------------------------------------
# Key questions
# ---------------------------------------------------------------------------------------------

#: Key question names in their many wordings.
KEY_QUESTION_WORDS: tuple[tuple[str, KeyQuestion], ...] = (
    (r"well[\s-]*led", KeyQuestion.WELL_LED),  # "Well-led", "Well led", "Well-Led"
    (r"leadership", KeyQuestion.WELL_LED),  # "well-led (leadership)"
    (r"safe(?:ty)?", KeyQuestion.SAFE),  # "Are services safe?"
    (r"effective(?:ness)?", KeyQuestion.EFFECTIVE),  # "effectiveness of"
    (r"caring", KeyQuestion.CARING),  # "for being caring"
    (r"responsive", KeyQuestion.RESPONSIVE),  # "responsive to people's needs"
)

KQ_RE = re.compile(r"\b(" + "|".join(w for w, _ in KEY_QUESTION_WORDS) + r")\b", re.IGNORECASE)
#: The five key questions by their own names, as an alternation (match with re.I):
#: "safe|effective|caring|responsive|well[\s-]*led" (no "safety", "leadership").
KQ_ALT = "|".join(("safe", "effective", "caring", "responsive",
                   next(w for w, kq in KEY_QUESTION_WORDS if kq is KeyQuestion.WELL_LED)))
#: A list of key questions by their own names: "safe, effective and caring", "caring and responsive".
KQ_LIST = rf"(?:{KQ_ALT})(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:{KQ_ALT}))*"

_RATING_WORD_ALT = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w, _ in RATING_WORDS)
#: A key question's heading line, nothing else on it: "Safe", "Well-led", "Is the service safe?".
KQ_HEADING_RE = re.compile(
    r"^(?:(?:Is|Are)\s+(?:the\s+)?(?:services?|practice)\s+)?(?P<kq>" + KQ_ALT + r")\s*\??$", re.I)
#: A key question and its rating on one line, as page headers and tables print them: "Safe Good",
#: "Safe: Requires improvement", "Well-led\tInadequate", "Is the service safe? Good".
KQ_RATING_LINE_RE = re.compile(
    r"^(?:(?:Is|Are)\s+(?:the\s+)?(?:services?|practice)\s+)?(?P<kq>" + KQ_ALT + r")\s*\??"
    rf"\s*(?:[:\t–-]\s*|\s)(?P<value>{_RATING_WORD_ALT})\s*$", re.I)
#: A line that is a rating and nothing else; a rating split over two lines ("Requires" then
#: "improvement") is joined first.
RATING_LINE_RE = re.compile(rf"^(?:{_RATING_WORD_ALT})$", re.I)


def kq_rating_at(lines: list[str], k: int) -> tuple[KeyQuestion, RatingValue, int] | None:
    """The rating the key question heading ``lines[k]`` states, and how many lines it takes: on
    its own line ("Safe Good"), or on the next ("Safe" then "Good"; "Requires" then "improvement").
    A heading whose next line is another key question's ("Responsive Good" then "Well-led
    Requires improvement") takes nothing from it.

    >>> kq_rating_at(["Safe", "Requires", "improvement"], 0)[1].value, kq_rating_at(["Safe Good"], 0)[2]
    ('requires-improvement', 1)
    >>> kq_rating_at(["Caring", "Well-led Good"], 0) is None
    True
    """
    line = " ".join(lines[k].split()) if k < len(lines) else ""
    m = KQ_RATING_LINE_RE.match(lines[k].strip()) if k < len(lines) else None
    if m:
        kq, value = key_question(m.group("kq")), parse_rating(m.group("value"))
        return (kq, value, 1) if kq and value else None
    if not KQ_HEADING_RE.match(line):
        return None
    kq = key_question(line)
    for used in (1, 2):
        nxt = " ".join(" ".join(lines[k + 1: k + 1 + used]).split())
        if k + used < len(lines) and RATING_LINE_RE.match(nxt):
            value = parse_rating(nxt)
            return (kq, value, 1 + used) if kq and value else None
    return None


#: Grid questions: "Are services safe?", "Is the service safe?" (care homes),
#: "Is the practice Safe?", "Are Diagnostic imaging safe?" (per service, trust and hospital reports).
GRID_QUESTION_RE = re.compile(
    r"\b(?:Are|Is)\s+(?:the\s+)?(?:services?|practice|trust|provider|location)\s+"
    r"(safe|effective|caring|responsive(?:\s+to\s+people['’]s\s+needs)?|well[\s-]*led)\s*\??",
    re.IGNORECASE,
)



def rating_word(text: str) -> RatingValue:
    """The rating of a text a pattern's rating group matched (or a check with
    :func:`parse_rating` passed): one of its words, so never None.

    >>> rating_word("Good").value
    'good'
    """
    value = parse_rating(text)
    if value is None:
        raise ValueError(f"not a rating: {text!r}")
    return value

def key_question(text: str | None) -> KeyQuestion | None:
    """Return the key question a short text names ("Is the service safe?", "Well led").

    >>> key_question("Are services well-led?").value
    'well-led'
    >>> key_question("Is the service safe?").value
    'safe'
    >>> key_question("overall") is None
    True
    """
    if not text:
        return None
    m = KQ_RE.search(text)
    if not m:
        return None
    word = m.group(1).lower()
    for pattern, kq in KEY_QUESTION_WORDS:
        if re.fullmatch(pattern, word):
            return kq
    return None


def key_questions_in(text: str) -> list[KeyQuestion]:
    """All key questions named in a list ("safe, responsive and well-led"), in order, once."""
    found: list[KeyQuestion] = []
    for m in KQ_RE.finditer(text):
        kq = key_question(m.group(1))
        if kq and kq not in found:
            found.append(kq)
    return found


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
#: The date line of a history entry, its year left out as some pages print it ("4 August",
#: "28 and 29 July"): it ends the header and names nothing.
DAY_MONTH_LINE_RE = re.compile(
    rf"^\d{{1,2}}(?:st|nd|rd|th)?(?:\s*(?:,|and|&|-|–|to)\s*\d{{1,2}}(?:st|nd|rd|th)?)*\s+{_MONTH}(?:\s+\d{{4}})?$", re.I)
#: A day of the month, its ordinal and an "of" kept with it ("14", "14th", "the 1st and 2nd of
#: March 2022": a form CQC's inspection dates lines and letters use).
_DAY = r"(?:[0-3]?\d)(?:(?:st|nd|rd|th)(?:\s+of(?=\s))?)?"
_YEAR = r"(?:19|20)\d\d"
#: What separates the days of a list: "19, 23", "26 May and 1 June", "5, 6, and 7".
_LIST_SEP = r"(?:\s*,\s*|\s*,?\s+and\s+)"

#: Date forms. Each pattern names its groups; they are tried in this order at each position.
DATE_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # days listed before their month: "on 5, 6 and 7 December 2023", "on 10, 11, 14 and 30
    # January 2017", and with commas only on the 2011-2014 pages: "5, 8, 10 April 2013", "6, 14
    # March 2012" (the first and the last day; ``listed_days`` gives each). A number after a
    # regulation's or outcome's name is none of them.
    ("day-list", re.compile(
        rf"(?<!Regulation )(?<!Regulations )(?<!Outcome )(?<!Outcomes )(?<!Standard )(?<!Section )"
        rf"\b(?P<d1>{_DAY})(?:(?:,\s*{_DAY})+,?\s+and\s+|(?:,\s*{_DAY})*,\s*)(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})\s*,?\s*(?P<y2>{_YEAR})\b",
        re.IGNORECASE)),
    # days listed under more than one month, the year written once: "on 19, 23, 24, 25, 26 May
    # and 1 June 2016", "1 June and 11 July 2011" (the first and the last day; ``listed_days``
    # gives each). A span "between 1 May and 3 June 2016" is no list.
    ("month-day-list", re.compile(
        rf"(?<!Regulation )(?<!Regulations )(?<!Outcome )(?<!Outcomes )(?<!Standard )(?<!Section )(?<!between )"
        rf"\b(?P<d1>{_DAY})(?:{_LIST_SEP}{_DAY})*\s+(?P<m1>{_MONTH})(?:{_LIST_SEP}{_DAY}(?:{_LIST_SEP}{_DAY})*\s+{_MONTH})*?"
        rf"{_LIST_SEP}(?:{_DAY}{_LIST_SEP})*(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})\s*,?\s*(?P<y2>{_YEAR})\b",
        re.IGNORECASE)),
    # "16 April to 29 April 2019" (history entries), "10 October 2017 to 28 March 2018",
    # "26 March and 3 April 2018", "16 January and 06 February 2024",
    # "between 1 August 2018 and 1 July 2019", "30 July and 08 August 2025"
    ("day-range", re.compile(
        rf"\b(?P<d1>{_DAY})\s*(?P<m1>{_MONTH})?\s*(?P<y1>{_YEAR})?\s*(?:to|and|until|-|–)\s*"
        rf"(?:the\s+)?(?P<d2>{_DAY})\s*(?P<m2>{_MONTH})\s*,?\s*(?P<y2>{_YEAR})\b", re.IGNORECASE)),
    # "11 October 2019", "21August 2013" (no space), "6th June 2013"
    ("day", re.compile(rf"\b(?P<d>{_DAY})\s*(?P<m>{_MONTH})\s*,?\s*(?P<y>{_YEAR})\b", re.IGNORECASE)),
    # "06/11/2020", "13/01/2021" (report headers), "19/06/2018"
    ("numeric", re.compile(r"\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)\b")),
    # "2019-10-31" (CQC API records)
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    # "June 6, 2019" (a press release dated in US order)
    ("us-day", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,\s*(?P<y>{_YEAR})\b", re.IGNORECASE)),
    # "April and May 2019" / "October to December 2020"
    ("month-range", re.compile(
        rf"\b(?P<m1>{_MONTH})\s+(?:to|and|-|–)\s+(?P<m2>{_MONTH})\s+(?P<y>{_YEAR})\b", re.IGNORECASE)),
    # "June 2011", "July 2017", "May 2018"
    ("month", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b", re.IGNORECASE)),
)

#: A date with no year: "in November and December", "in April and May this year". Kept as wording only (Precision.NONE); a year is never filled in.
YEARLESS_RE = re.compile(
    rf"\b(?:in|during|between)\s+(?P<text>{_MONTH}(?:\s+(?:and|to)\s+{_MONTH})?(?:\s+(?:this|last)\s+year)?)"
    # not part of a dated span: "in April and May 2019", "in March and April 2019"
    # give a year to both months
    rf"(?!\s*,?\s*(?:{_YEAR}|[0-3]?\d\b))(?!\s+(?:and|to|-|–)\s+{_MONTH}\s*,?\s*{_YEAR})",
    re.IGNORECASE,
)

#: When an inspection took place, stated in a sentence: "was inspected in September 2020", "following an inspection in August 2019", "which took place on 9
#: and 10 November 2021", "following inspections in January 2017",
#: "an unannounced inspection of the service on 13 and 14 June 2023", "following an inspection on
#: 10, 11 and 16 August 2021", "inspected <home>, which cares for up to 30 people, over three days
#: between 30 August and 7 September 2023" (a described service between). The date must
#: follow at once; what follows is read with ``parse_span``.
INSPECTED_WHEN_RE = re.compile(
    r"\b(?:inspected|inspections?|visited|took place)\b,?(?P<gap>(?:\s+(?!published\b|report\b)[\w'’]+,?){0,16}?)\s+(?:in|on|between)\s+"
    rf"(?=(?:the\s+)?{_DAY}\s*(?:{_MONTH}|and|to|-|–|,\s*{_DAY}\b)|{_DAY}/|{_MONTH}\s+(?:{_YEAR}|and|to))",
    re.IGNORECASE,
)

#: An assessment's dates stated as such: "Date of assessment 29 April to 4 June 2024", "Assessment
#: date: 13 May 2025 to 21 May 2025", "Date of assessments were from 2 to 17 April 2025".
ASSESSMENT_DATES_RE = re.compile(
    r"\b(?:Dates?\s+of\s+(?:the\s+|this\s+)?assessments?|Assessment\s+dates?)\s*:?\s+(?:(?:were|was)\s+)?(?:from\s+|between\s+)?"
    r"(?P<span>[^.\n]+)", re.I)

#: Adult social care reports since 2019 state the inspection's span apart from its visits:
#: "Inspection activity started on 24 May 2022 and ended on 01 June 2022. We visited the
#: location's office on 24 May 2022." The span is the inspection's start and end, not visits.
ACTIVITY_SPAN_RE = re.compile(
    rf"\bInspection activity (?:started|began) on\s+(?P<s>{_DAY}\s*{_MONTH}\s*{_YEAR})\s+and\s+(?:ended|finished) on\s+(?P<e>{_DAY}\s*{_MONTH}\s*{_YEAR})",
    re.I)

#: A note dating the earlier inspection that carried-over ratings come from by its report's
#: publication: "* Rating from our previous inspection (published 4 April 2022)", "The ratings are
#: from our previous inspection (published 25 January 2022)", "Ratings carried over from the last
#: inspection (report published 3 May 2021)". The publication of that inspection, not of the page.
CARRIED_FROM_PUBLISHED_RE = re.compile(
    r"\bratings?\s+(?:(?:is|are|were)\s+)?(?:from|carried\s+(?:over|forward)\s+from)\s+(?:our|the)\s+(?:previous|last)\s+"
    r"(?:inspection|assessment)\s*\(\s*(?:report\s+)?published\s+(?:on\s+)?(?P<date>[^)]{6,30}?)\s*\)", re.I)
#: "Updated 11 September 2019", "Updated 18 May 2023".
UPDATED_RE = re.compile(rf"\bUpdated\s+(?P<date>{_DAY}\s*{_MONTH}\s*{_YEAR})", re.IGNORECASE)

#: A trust's inspection stated in parts, every day of each part a day on site, by family of
#: wording. Each pattern ends where the part's date begins (it is matched against the words before
#: a date): the core services visited over a few days ("We carried out an unannounced inspection
#: of seven core services between 2 and 4 April 2019", "We inspected two of the trust's core
#: services, unannounced, from 14 to 16 February 2023"), the well-led review's days ("We inspected
#: the well-led key question for the trust overall on 14, 15 and 16 May 2019", "and looked at how
#: well led the trust was on 21 and 22 March 2023"), and visits added to an inspection's span ("an
#: inspection carried out between 10 and 13 March 2015, with further unannounced visits on 24 March
#: 2015": the span counts only with the further visits, see ``FURTHER_VISITS_RE``).
WELL_LED_PART = "the well-led review's days"
#: How long after a trust's core services were visited its well-led review may follow and be the
#: same inspection's (CQC's trust inspections review well-led some weeks after the core services).
WELL_LED_AFTER_DAYS = 90
VISITED_PART_LEADS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("core services inspected over a span", re.compile(
        r"\binspect(?:ed|ions?\s+of)\s+(?:[\w'’]+\s+){0,6}?core\s+services\b(?:,?\s+(?:un)?announced,?)?\s+(?:between|from|on)\s+$", re.I)),
    # "inspected how well-led the trust was between 16 and 18 November 2021", "A further inspection,
    # looking specifically at how well-led the trust is, took place between 11 and 13 June 2019",
    # "Our inspection of the management and leadership of the trust (the well-led key question)
    # took place from 21 to 23 February 2022"
    (WELL_LED_PART, re.compile(
        r"\b(?:inspected\s+the\s+well[- ]led\s+key\s+question"
        r"|(?:looked|looking|inspected)(?:\s+specifically)?\s+(?:at\s+)?how\s+well[- ]led\s+the\s+(?:trust|provider)\s+(?:was|is)"
        r"|(?:carried\s+out|held)\s+(?:the|our|a)\s+well[- ]led\s+review"
        # "the well-led inspection of the trust took place on 9 and 10 November 2021"
        r"|\bthe\s+well[- ]led\s+(?:review|inspection)"
        r"|(?<=\()the\s+well[- ]led\s+key\s+question\))"
        r"(?:\s+(?:for|of|at)\s+the\s+(?:trust|provider)(?:\s+(?:overall|as\s+a\s+whole))?)?,?(?:\s+took\s+place)?\s+(?:on|between|from)\s+$", re.I)),
    # "We returned to the emergency operations centre on 19 January 2022"
    ("a return to a service on a later day", re.compile(
        r"\b(?:we|inspectors)\s+returned(?:,?\s+(?:un)?announced,?)?\s+to\s+(?:the\s+)?[\w'’ -]{3,60}?\s+on\s+$", re.I)),
    ("further visits after an inspection's span", re.compile(
        r"\bwith\s+(?:further|additional|follow-up)\s+(?:(?:un)?announced\s+)?visits?\s+(?:on|between)\s+$", re.I)),
    ("an inspection's span before further visits", re.compile(
        r"\binspection\s+(?:carried\s+out|took\s+place|that\s+took\s+place)\s+between\s+$", re.I)),
)
#: The sentence of a span before further visits ("…, with further unannounced visits on 24 March
#: 2015"): without it, an inspection "carried out between" two days states its span, not its visits.
FURTHER_VISITS_RE = re.compile(r"\bwith\s+(?:further|additional|follow-up)\s+(?:(?:un)?announced\s+)?visits?\b", re.I)
#: A labelled date marked as a part of a trust's inspection, on site: "Inspection dates: 8 to 10
#: June 2021 (core services); 6 and 7 July 2021 (well-led)" (matched against what follows a date).
VISITED_PART_MARK_RE = re.compile(r"^\s*\((?:core\s+services?|well[- ]led(?:\s+review)?)\)", re.I)

#: A home care inspection's days said apart, clause by clause: the office visited on some days,
#: people telephoned on others ("On 13 November we visited the office; on 15 and 16 November we
#: telephoned people who used the service", "We visited the office on 3 May and telephoned people
#: on 4 and 5 May"). A clause ends at a semicolon or where "and" starts another verb.
CLAUSE_SPLIT_RE = re.compile(r";|\.\s|,?\s+and\s+(?:then\s+)?(?=(?:we\s+|inspectors?\s+|(?:tele)?phoned\b|made\b|called\b|rang\b|spoke\b|visited\b|on\s+\d))", re.I)
#: A clause about visiting the office (or the service, its location): its days are visits.
OFFICE_VISIT_RE = re.compile(r"\bvisit(?:ed|s)?\b(?:\s+(?:to\s+)?(?:the|its|their)\s+(?:provider['’]s\s+|agency['’]s\s+|service['’]s\s+)?"
                             r"(?:office|location|premises|service|branch|head\s+office))?", re.I)
#: A clause about telephoning or calling people: its days are no visits.
PHONED_RE = re.compile(r"\b(?:(?:tele)?phoned|telephone\s+(?:calls?|conversations?|interviews?)|phone\s+calls?|by\s+(?:tele)?phone|video\s+calls?|rang|called)\b", re.I)
#: A visit named only as the time of a call ("after the visit we spoke by telephone with …",
#: "Before our visit we phoned …"): no visit of the clause's own days.
VISIT_AS_TIME_RE = re.compile(r"\b(?:before|after|following|since)\s+(?:our|the|this|that)\s+(?:site\s+|office\s+)?visits?\b", re.I)
#: Work of an inspection done off site, its days no visits: "completing clinical searches on the
#: practice's patient records system remotely on 20 June 2023", "staff interviews by video call on
#: 19 June 2023", "a remote review of records on 4 May 2021".
REMOTE_WORK_RE = re.compile(r"\b(?:remotely|remote\s+(?:clinical\s+)?(?:searches|reviews?|interviews?|access)|video\s+(?:conferenc\w+|calls?)"
                            r"|(?:by|using)\s+video)\b", re.I)
#: How many days before an inspection's site visit its remote work may begin and be that
#: inspection's ("… remotely on 20 June 2023, and a site visit on 26 June 2023").
REMOTE_BEFORE_VISIT_DAYS = 14
#: A clause saying a place was visited, its days the days on site: "We visited two of the houses on
#: 3 February 2022 and the office on 4 February 2022", "We carried out site visits on 3 September
#: 2024 and 10 September 2024", "a site visit on 26 June 2023", "an unannounced visit to the
#: emergency department on 16 July 2018".
SAID_VISITED_RE = re.compile(r"\b(?:visited|(?:site|office|unannounced|announced|return|further)\s+visits?|visits?\s+(?:to|on)\b)", re.I)
#: How many days after an inspection's first day the telephone calls its text dates may run and
#: still be that inspection's ("We visited the office on 12 March 2013 … On 14 March 2013 we spoke
#: by telephone with nine people": the inspection ends on the 14th). CQC's calls to people and
#: relatives follow a visit within days; a call dated later is some other contact.
CALLS_AFTER_VISIT_DAYS = 14
#: The words of such a call, narrower than ``PHONED_RE`` ("called" and "rang" name other contacts too).
CALLS_RE = re.compile(r"\b(?:(?:tele)?phoned|(?:tele)?phone\s+(?:calls?|conversations?|interviews?)|by\s+(?:tele)?phone|video\s+calls?)\b", re.I)
#: Days written without their year ("on 15 and 16 November", "on 3 May", "between 4 and 6 May").
YEARLESS_DAYS_RE = re.compile(
    rf"\b(?P<days>{_DAY}(?:(?:{_LIST_SEP}|\s+(?:to|-|–)\s+){_DAY})*)\s+(?P<m>{_MONTH})(?!\s*,?\s*{_YEAR})")


def _day(y: str, m: int, d: str, text: str) -> PartialDate | None:
    try:
        import datetime

        datetime.date(int(y), m, int(re.sub(r"\D", "", d)))
    except ValueError:
        return None
    return PartialDate(f"{int(y):04d}-{m:02d}-{int(re.sub(r'[^0-9]', '', d)):02d}", text, Precision.DAY)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def month_date(year: str | int, month: int, text: str) -> PartialDate:
    return PartialDate(f"{int(year):04d}-{month:02d}", text, Precision.MONTH)


#: A year as every form of ``DATE_FORMS`` writes one: a text without it states no date.
_ANY_YEAR_RE = re.compile(_YEAR)


def iter_dates(text: str) -> Iterator[tuple[PartialDate, PartialDate | None, re.Match[str]]]:
    """Yield ``(start, end, match)`` for every date or date range in ``text``, left to right.

    ``end`` is None for a single date. Ranges borrow the year (and month) written once for both
    ends ("16 April to 29 April 2019"): that is what the text states.

    >>> [(s.iso, e.iso if e else None) for s, e, _ in iter_dates("on 26 March and 3 April 2018")]
    [('2018-03-26', '2018-04-03')]
    """
    if not _ANY_YEAR_RE.search(text):
        return  # every form of date has a year
    pos = 0
    # each form's next match from ``pos``: a match found earlier that starts at ``pos`` or later
    # is the one a search from ``pos`` finds (whether a form matches at an offset does not
    # depend on where the search began), so a form is searched again only once passed
    ahead: list[re.Match[str] | None] = [pattern.search(text) for _name, pattern in DATE_FORMS]
    while pos < len(text):
        best: tuple[int, str, re.Match[str]] | None = None
        for n, (name, pattern) in enumerate(DATE_FORMS):
            m = ahead[n]
            if m is not None and m.start() < pos:
                m = ahead[n] = pattern.search(text, pos)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), name, m)
        if best is None:
            return
        _, name, m = best
        span_text = m.group(0)
        start = end = None
        if name == "day-list":
            start = _day(m.group("y2"), _month(m.group("m2")), m.group("d1"), span_text)
            end = _day(m.group("y2"), _month(m.group("m2")), m.group("d2"), span_text)
        elif name == "month-day-list":
            days = _month_day_list(m)
            start, end = (days[0], days[-1]) if days else (None, None)
        elif name == "day-range":
            y2, m2 = m.group("y2"), _month(m.group("m2"))
            y1 = m.group("y1") or y2
            m1 = _month(m.group("m1")) if m.group("m1") else m2
            start = _day(y1, m1, m.group("d1"), span_text)
            end = _day(y2, m2, m.group("d2"), span_text)
        elif name in ("day", "us-day"):
            start = _day(m.group("y"), _month(m.group("m")), m.group("d"), span_text)
        elif name in ("numeric", "iso"):
            mo = int(m.group("m"))
            start = _day(m.group("y"), mo, m.group("d"), span_text) if 1 <= mo <= 12 else None
        elif name == "month-range":
            start = month_date(m.group("y"), _month(m.group("m1")), span_text)
            end = month_date(m.group("y"), _month(m.group("m2")), span_text)
        elif name == "month":
            start = month_date(m.group("y"), _month(m.group("m")), span_text)
        if start is not None:
            yield start, end, m
        pos = m.end()


def joined_days(value: str) -> tuple[PartialDate, ...]:
    """The days of a date written as days joined by "and" rather than a range ("19 January 2022
    and 2 February 2022", "14, 15 and 20 March 2019", "18 July & 24 July 2017"): each day; none for
    a range ("4 to 6 June") or a single date.

    >>> [d.iso for d in joined_days("27 November 2018 and 4 December 2018")]
    ['2018-11-27', '2018-12-04']
    >>> joined_days("6 to 8 March 2018")
    ()
    """
    spans = list(iter_dates(value.replace(" & ", " and ")))
    if len(spans) != 1 or spans[0][1] is None or not re.search(r"\band\b", spans[0][2].group(0)) \
            or re.search(r"\bto\b|[-–]", spans[0][2].group(0)):
        return ()
    a, b, m = spans[0]
    listed = {d.iso: d for d in (a, *listed_days(m.group(0)), b) if d is not None and d.iso and d.precision.value == "day"}
    return tuple(sorted(listed.values(), key=lambda d: d.iso or ""))


#: The longest span a visit label's range gives day by day: a visit of a few days ("Date of
#: inspection visit: 12 to 14 March 2019" is three days on site); a longer span is the
#: inspection's, its visits unsaid.
VISITED_RANGE_DAYS = 5


def visited_range(start: PartialDate, end: PartialDate) -> tuple[PartialDate, ...]:
    """Each day from ``start`` to ``end`` when a visit label gives them as a range of a few days
    (``VISITED_RANGE_DAYS`` at most), else none.

    >>> [d.iso for d in visited_range(parse_date("12 March 2019"), parse_date("14 March 2019"))]
    ['2019-03-12', '2019-03-13', '2019-03-14']
    >>> visited_range(parse_date("3 January 2023"), parse_date("10 January 2023"))
    ()
    """
    import datetime

    if start.precision.value != "day" or end.precision.value != "day" or not start.iso or not end.iso:
        return ()
    first, last = datetime.date.fromisoformat(start.iso), datetime.date.fromisoformat(end.iso)
    if not 0 < (last - first).days < VISITED_RANGE_DAYS:
        return ()
    return tuple(PartialDate((first + datetime.timedelta(n)).isoformat(), start.text, start.precision)
                 for n in range((last - first).days + 1))


def listed_days(text: str) -> list[PartialDate]:
    """Each day of the day lists in ``text`` ("5, 6 and 7 December 2023"), in order.

    >>> [d.iso for d in listed_days("We inspected on 10, 11, 14 and 30 January 2017.")]
    ['2017-01-10', '2017-01-11', '2017-01-14', '2017-01-30']
    """
    out: list[PartialDate] = []
    lists = dict(DATE_FORMS)
    for m in lists["day-list"].finditer(text):
        month, year = _month(m.group("m2")), m.group("y2")
        days = re.findall(r"\d{1,2}", m.group(0)[: m.start("m2") - m.start()])
        out += [d for d in (_day(year, month, day, m.group(0)) for day in days) if d is not None]
    for m in lists["month-day-list"].finditer(text):
        out += _month_day_list(m)
    return sorted({d.iso: d for d in out}.values(), key=lambda d: d.iso or "")


def _month_day_list(m: re.Match[str]) -> list[PartialDate]:
    """Each day of a list written under several months, the year once at its end ("19, 23 May and
    1 June 2016"); a list that crosses New Year puts its first months in the year before."""
    year = int(m.group("y2"))
    chunks = re.findall(rf"((?:{_DAY}{_LIST_SEP})*{_DAY})\s+({_MONTH})", m.group(0)[: m.end("m2") - m.start()])
    months = [_month(name) for _days, name in chunks]
    out: list[PartialDate] = []
    for (days, _name), month in zip(chunks, months, strict=True):
        in_year = year - 1 if month > months[-1] else year
        out += [d for d in (_day(str(in_year), month, day, m.group(0)) for day in re.findall(r"\d{1,2}", days)) if d]
    return out


def parse_date(text: str | None) -> PartialDate | None:
    """The first date in ``text`` (a range gives its start).

    >>> parse_date("Date of publication: 13/01/2021").iso
    '2021-01-13'
    >>> parse_date("21August 2013").iso
    '2013-08-21'
    >>> parse_date("June 2011").precision.value
    'month'
    """
    if not text:
        return None
    for start, _end, _m in iter_dates(text):
        return start
    return None


def parse_span(text: str | None) -> tuple[PartialDate | None, PartialDate | None]:
    """Start and end of the first date or range in ``text`` (end None for a single date).

    >>> [d.iso for d in parse_span("16 April to 29 April 2019")]
    ['2019-04-16', '2019-04-29']
    """
    if not text:
        return None, None
    for start, end, _m in iter_dates(text):
        return start, end
    return None, None


def yearless_date(text: str) -> PartialDate | None:
    """A date with no year ("in November and December"), wording only, never a guessed year.

    >>> yearless_date("CQC inspected it in November and December.")
    PartialDate(iso=None, text='November and December', precision=<Precision.NONE: 'none'>)
    """
    m = YEARLESS_RE.search(text)
    if not m:
        return None
    return PartialDate(None, " ".join(m.group("text").split()).rstrip("."), Precision.NONE)


def iso_date(value: str | None) -> PartialDate | None:
    """A date from an API field ("2019-10-31"), at the precision it has."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return PartialDate(value, value, Precision.DAY)
    if re.fullmatch(r"\d{4}-\d\d", value):
        return PartialDate(value, value, Precision.MONTH)
    if re.fullmatch(r"\d{4}", value):
        return PartialDate(value, value, Precision.YEAR)
    return None


# ---------------------------------------------------------------------------------------------
# Regulations and legislation
# ---------------------------------------------------------------------------------------------

#: legislation.gov.uk id paths of the instruments CQC cites.
REGULATED_ACTIVITIES_2014 = "uksi/2014/2936"  # "HSCA (RA) Regulations 2014"
REGISTRATION_2009 = "uksi/2009/3112"  # "CQC (Registration) Regulations 2009"
REGULATED_ACTIVITIES_2010 = "uksi/2010/781"  # 2010-2014 reports with "Outcome N"
ACT_2008 = "ukpga/2008/14"  # "Section 31 of the Health and Social Care Act 2008"

#: Which instrument a citation belongs to, by the words around it.
INSTRUMENT_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Registration\)?\s+Regulations\s+2009", re.I), REGISTRATION_2009),
    (re.compile(r"(?:Regulated Activities|\(RA\)|\bRA)\)?\s+Regulations\s+2014", re.I), REGULATED_ACTIVITIES_2014),
    (re.compile(r"(?:Regulated Activities|\(RA\)|\bRA)\)?\s+Regulations\s+2010|\bOutcome\s+\d", re.I), REGULATED_ACTIVITIES_2010),
)

#: "Regulation 17(2)(a)", "Regulation 12(1)", "Regulation 20A(1)",
#: "Regulation 15, (Outcome 10)", "Regulations 12, 13, 17 and 18".
REGULATION_RE = re.compile(
    r"\b(?:[Rr]egulations?|[Rr]egs?\.?)\s*(?P<list>\d{1,2}[A-Z]?(?!\d)(?:(?:\s*\([0-9a-z]{1,4}\))+)?"
    # each number of a list may carry its title in brackets: "regulations 12 (safe care and
    # treatment), 17 (good governance) and 18 (staffing)"
    r"(?:(?:\s*\([A-Za-z][A-Za-z ,&'’-]{3,80}\))?\s*(?:,|and|&|or)\s*\d{1,2}[A-Z]?(?!\d)(?:(?:\s*\([0-9a-z]{1,4}\))+)?)*)"
    r"(?:\s*,?\s*\(?Outcome\s+(?P<outcome>\d{1,2})\)?)?",
)
_ONE_REG_RE = re.compile(r"(?P<num>\d{1,2}[A-Z]?)(?!\d)\s*(?P<para>\([0-9a-z]{1,4}\)(?:\s*\([0-9a-z]{1,4}\))*)?")

#: "section 31", "Section 29A" warning notices (dev press releases).
SECTION_RE = re.compile(r"\b[Ss]ection\s+(?P<num>\d{1,3}[A-Z]?)(?P<para>(?:\([0-9a-z]{1,4}\))+)?")

#: Titles in the enforcement tables: "Regulation 12 HSCA (RA) Regulations 2014 Safe care and
#: treatment", "Regulation 18 CQC (Registration) Regulations 2009 Notification of
#: other incidents".
REGULATION_TITLE_RE = re.compile(
    r"Regulation\s+(?P<num>\d{1,2}[A-Z]?)(?P<para>(?:\s*\([0-9a-z]{1,4}\))*)\s+"
    # "HSCA RA Regulations 2014", "HSCA 2008 (Regulated Activities) Regulations 2010"
    # (essential standards compliance actions and warning notices)
    r"(?P<inst>HSCA\s*(?:2008\s*)?(?:\(RA\)|RA|\(Regulated Activities\))?\s*Regulations\s+(?:2014|2010)|"
    r"(?:CQC|Care Quality Commission)\s*\(Registration\)\s*Regulations\s+2009)\s*"
    r"(?P<title>[A-Z][^<>\n•\t]*?)\s*(?=<|\n|•|\t|$)"
)


#: The head of the table such a title is a row of, in the closing sections of a report ("Action we
#: have told the provider to take", "Enforcement actions") or a page that copies them: "Regulated
#: activity⇥Regulation", "The table below shows the legal requirements that were not being met",
#: and in 2012-2014 "The table below shows the essential standards of quality and safety that were
#: not being met", "The table below shows enforcement action we have taken …".
BREACH_TABLE_HEAD_RE = re.compile(
    r"^\s*Regulated activity\s+Regulation\s*$|\btable below shows (?:the legal requirements that were not being met|why there is a need for|"
    # the 2012-2014 reports' compliance actions and enforcement tables
    r"the essential standards of quality and safety that (?:were|are) not being met|enforcement action we have taken)", re.I | re.M)


#: A report's closing section of the requirement notices it issued, under its heading: "Requirement
#: notices" then "Action we have told the provider to take" and the table of regulations not met;
#: it ends at the next section ("Enforcement actions") or the end of the report.
REQUIREMENT_NOTICES_SECTION_RE = re.compile(
    r"^[ \t]*Requirement notices[ \t]*\n\s*(?:Action we have told the provider to take\b)(?P<body>.*?)(?=^[ \t]*Enforcement actions[ \t]*$|\Z)",
    re.M | re.S | re.I)


def instrument_for(context: str, default: str = REGULATED_ACTIVITIES_2014) -> str:
    """The instrument the words around a citation point to, else ``default``."""
    for pattern, instrument in INSTRUMENT_HINTS:
        if pattern.search(context):
            return instrument
    return default


def regulations_in(text: str, default_instrument: str = REGULATED_ACTIVITIES_2014) -> list[Regulation]:
    """Every regulation or Act section cited in ``text``.

    >>> [(r.number, r.paragraph) for r in regulations_in("(Regulation 13(1)(2))")]
    [('13', '(1)(2)')]
    >>> [r.number for r in regulations_in("Regulations 12, 13, 17 and 18")]
    ['12', '13', '17', '18']
    >>> r = regulations_in("Section 31 of the Health and Social Care Act 2008")[0]
    >>> (r.instrument, r.number, r.is_section)
    ('ukpga/2008/14', '31', True)
    """
    found: list[Regulation] = []
    for m in REGULATION_RE.finditer(text):
        context = text[m.start(): m.end() + 80]
        instrument = instrument_for(context + (" Outcome 1" if m.group("outcome") else ""), default_instrument)
        for one in _ONE_REG_RE.finditer(m.group("list")):
            para = re.sub(r"\s+", "", one.group("para")) if one.group("para") else None
            found.append(Regulation(instrument, one.group("num"), para))
    for m in SECTION_RE.finditer(text):
        context = text[max(0, m.start() - 40): m.end() + 80]
        if re.search(r"Act|warning notice|urgent|suspend|CQC|Health and Social Care", context, re.I):
            para = m.group("para")
            found.append(Regulation(ACT_2008, m.group("num"), para, is_section=True))
    return found


#: The essential standards of 2010-2014 (outcomes) and the regulation of the Health and Social
#: Care Act 2008 (Regulated Activities) Regulations 2010 each one is judged against, with the title
#: CQC's tables give that regulation ("Regulation 9, (Outcome 4): Care and welfare of people who
#: use services", "Regulation 13, (Outcome 9): Management of medicines", "Regulation 20, (Outcome
#: 21): Records"). A standard judged not met ("The provider was not meeting this standard",
#: "Action needed") is a breach of its regulation.
OUTCOMES_2010: dict[str, tuple[str, str]] = {
    "1": ("17", "Respecting and involving people who use services"),
    "2": ("18", "Consent to care and treatment"),
    "4": ("9", "Care and welfare of people who use services"),
    "5": ("14", "Meeting nutritional needs"),
    "6": ("24", "Cooperating with other providers"),
    "7": ("11", "Safeguarding people who use services from abuse"),
    "8": ("12", "Cleanliness and infection control"),
    "9": ("13", "Management of medicines"),
    "10": ("15", "Safety and suitability of premises"),
    "11": ("16", "Safety, availability and suitability of equipment"),
    "12": ("21", "Requirements relating to workers"),
    "13": ("22", "Staffing"),
    "14": ("23", "Supporting workers"),
    "16": ("10", "Assessing and monitoring the quality of service provision"),
    "17": ("19", "Complaints"),
    "21": ("20", "Records"),
}


#: CQC's plain-English statement of each standard, printed after "Outcome 04:" in the 2010-2012
#: reviews of compliance and under the standard's title in the 2012-2014 reports ("Care and welfare
#: of people who use services" / "People should get safe and appropriate care that meets their
#: needs and supports their rights"). A heading is told by the statement's first words.
OUTCOME_STATEMENTS_2010: dict[str, str] = {
    "1": "People should be treated with respect, involved in discussions about their care and treatment and able to influence how the service is run",
    "2": "Before people are given any examination, care, treatment or support, they should be asked if they agree to it",
    "4": "People should get safe and appropriate care that meets their needs and supports their rights",
    "5": "Food and drink should meet people's individual dietary needs",
    "6": "People should get safe and coordinated care when they move between different services",
    "7": "People should be protected from abuse, or the risk of abuse, and their human rights are respected and upheld",
    "8": "People should be cared for in a clean environment and protected from the risk of infection",
    "9": "People should be given the medicines they need when they need them, and in a safe way",
    "10": "People should be cared for in safe and accessible surroundings that support their health and welfare",
    "11": "People should be safe from harm from unsafe or unsuitable equipment",
    "12": "People should be cared for by staff who are properly qualified and able to do their job",
    "13": "There should be enough members of staff to keep people safe and meet their health and welfare needs",
    "14": "Staff should be properly trained and supervised, and have the chance to develop and improve their skills",
    "16": "The service should have quality checking systems to manage risks and assure the health, welfare and safety of people who receive care",
    "17": "People should have their complaints listened to and acted on properly",
    "21": "People's personal records, including medical records, should be accurate and kept safe and confidential",
}

#: The shorter names CQC's summaries give a standard in prose ("was not meeting the standard
#: relating to care and welfare", "the essential standard for medicines management"), beside
#: its title.
OUTCOME_SHORT_NAMES_2010: dict[str, tuple[str, ...]] = {
    "1": ("respecting and involving people", "respecting and involving people who use the service"),
    "2": ("consent", "consent to care"),
    "4": ("care and welfare", "care and welfare of people", "care and welfare of people using the service",
          "care and welfare of people who use the service"),
    "5": ("nutrition", "nutritional needs"),
    "7": ("safeguarding", "safeguarding people from abuse", "safeguarding vulnerable people from abuse",
          "safeguarding vulnerable adults", "safeguarding people who use the service from abuse"),
    "8": ("infection control", "cleanliness and infection prevention and control"),
    "9": ("medicines", "medicines management", "medication", "medicine management", "management of medication"),
    "10": ("premises", "safety and suitability of the premises"),
    "11": ("equipment", "safety and suitability of equipment"),
    "12": ("requirements relating to staff", "staff recruitment", "recruitment"),
    "13": ("staffing levels", "staffing numbers"),
    "14": ("supporting staff", "staff support"),
    "16": ("quality assurance", "monitoring the quality of service provision", "assessing and monitoring the quality of the service",
           "assessing and monitoring the quality of services", "monitoring the quality of the service"),
    "17": ("complaints handling",),
    "21": ("record keeping", "records management"),
}


def outcome_regulation(outcome: str | None = None, title: str | None = None) -> tuple[str, str, str] | None:
    """``(outcome, regulation, title)`` of a 2010 essential standard named by its outcome number,
    by its title, by CQC's statement of it (its first words) or by a short name its summaries use
    (``OUTCOME_SHORT_NAMES_2010``), else None.

    >>> outcome_regulation("04")
    ('4', '9', 'Care and welfare of people who use services')
    >>> outcome_regulation(title="Management of medicines")[:2]
    ('9', '13')
    >>> outcome_regulation(title="the care and welfare of people who use services")[:2]
    ('4', '9')
    >>> outcome_regulation(title="People should be given the medicines they need when they need them")[:2]
    ('9', '13')
    >>> outcome_regulation(title="how medicines were managed") is None
    True
    """
    if outcome is not None:
        key = str(int(outcome)) if outcome.isdigit() else outcome
        if key in OUTCOMES_2010:
            return (key, *OUTCOMES_2010[key])
        return None
    if title:
        words = _title_words(re.sub(r"^\s*(?:the|of)\s+", "", title, flags=re.I))
        for n, (reg, t) in OUTCOMES_2010.items():
            names = (t, *OUTCOME_SHORT_NAMES_2010.get(n, ()))
            statement = _title_words(OUTCOME_STATEMENTS_2010.get(n, ""))
            if any(_title_words(name) == words for name in names) or (len(words) >= 6 and statement[:len(words)] == words) \
                    or (len(words) >= 6 and words[:8] == statement[:8]):
                return n, reg, t
    return None


def _title_words(title: str) -> tuple[str, ...]:
    """A title's words without their plural "s", so a title as CQC printed it ("Safeguarding
    people who uses services from abuse") still names its standard."""
    return tuple(w[:-1] if w.endswith("s") else w for w in re.findall(r"[a-z]+", title.lower()))


#: A 2010-2014 standard judged not met, in a sentence: "The provider was not meeting this
#: standard", "Overall, we found that Brambles Residential Home was not meeting this standard",
#: "we found that improvements were needed for this essential standard", "was not compliant with
#: this outcome", "this standard was not being met", "We judged that this had
#: a moderate impact on people using the service" (a standard not met, by its impact).
STANDARD_NOT_MET_RE = re.compile(
    r"\b(?:(?:was|were|is|are)\s+(?:still\s+)?not\s+meeting\s+this\s+(?:essential\s+)?standard|"
    r"(?:was|were|is|are)\s+(?:non-?|not\s+)compliant\s+with\s+this\s+(?:essential\s+)?(?:standard|outcome)|"
    r"did\s+not\s+meet\s+this\s+(?:essential\s+)?standard|this\s+(?:essential\s+)?standard\s+(?:was|is|had)\s+not\s+(?:being\s+|been\s+)?met|"
    r"(?:improvements|action)\s+(?:was|were|is|are)\s+needed\s+for\s+this\s+(?:essential\s+)?standard|"
    r"(?:judged|found|decided)\s+that\s+this\s+(?:has|had)\s+an?\s+(?:minor|moderate|major)\s+impact\s+on\s+people)\b", re.I)

#: A standard's judgement on its heading's line or on the line after it, as the 2012-2014 reports,
#: their summaries and the location pages print it: "Care and welfare of people who use services ✘
#: Action needed", "Records" / "Enforcement action taken", "Outcome 21: Records - Not met", and the
#: 2010-2011 reviews' "Moderate concerns", or a cross alone; ``met`` (or ``tick``) when the judgement
#: is that it was met ("✔ Met this standard", "Compliant", a tick alone).
STANDARD_JUDGEMENT_RE = re.compile(
    r"(?<![A-Za-z'’])(?:[✔✘✓✗✕✖×]\s*)*(?:(?P<met>Met this standard|Meeting this standard|Compliant|Met)|"
    r"(?P<unmet>Action needed|Not met(?: this standard)?|Not meeting this standard|Enforcement action taken|Non-?compliant|"
    r"(?:Minor|Moderate|Major) (?:concerns?|impact)|[✘✗✖])|(?P<tick>[✔✓]))\s*\.?\s*$", re.I)

#: A standard's heading: "Outcome 04: …" (the number names it) or its title or statement alone on
#: its line, the judgement that may follow it on the line left out.
OUTCOME_HEADING_RE = re.compile(r"^Outcome\s+(?P<n>\d{1,2})\b")


def standard_heading(line: str) -> str | None:
    """The outcome number of the standard a heading line names ("Outcome 04: People should …",
    "Safeguarding people who use services from abuse ✘ Action needed", "People should be given
    the medicines they need …"), else None.

    >>> standard_heading("Management of medicines ✘ Action needed")
    '9'
    >>> standard_heading("We looked at how medicines were managed.") is None
    True
    """
    m = OUTCOME_HEADING_RE.match(line)
    if m:
        return str(int(m.group("n")))
    judged = STANDARD_JUDGEMENT_RE.search(line)
    title = re.sub(r"[^A-Za-z)]+$", "", line[: judged.start()] if judged else line).strip()
    if not title or len(title) > 160 or re.search(r"[.;]\s*\S", title):
        return None
    found = outcome_regulation(title=title)
    if not found or (len(_title_words(title)) < 2 and _title_words(title) != _title_words(found[2])):
        return None  # a one-word short name ("Medicines", "Safeguarding") heads many another section
    return found[0]


def standard_judged_met(line: str) -> bool | None:
    """True or False when a line ends in a standard's judgement (``STANDARD_JUDGEMENT_RE``), else None."""
    m = STANDARD_JUDGEMENT_RE.search(line)
    if not m:
        return None
    return m.group("unmet") is None


#: 2010-2014 standards a sentence says one service did not meet, by their subjects: "The home was
#: not meeting the essential standards relating to care and welfare, staffing and management of
#: medicines", "was failing to meet two of the national standards: care and welfare of people who use
#: services and safeguarding", "was not compliant with the standards on …", and one standard: "the
#: practice was not meeting the standard relating to cleanliness and infection control", "the
#: providers were not meeting the essential standard for records", "did not meet the standard on …".
STANDARDS_NOT_MET_RE = re.compile(
    r"\b(?:(?:was|is|were|are)\s+(?:still\s+)?(?:not\s+meeting|failing\s+to\s+meet|not\s+compliant\s+with|non-?compliant\s+with)|"
    r"did\s+not\s+meet|had\s+not\s+met)\s+"
    # ("… was not meeting this standard in relation to the care and welfare of people who use
    # services": the standard named after it)
    r"(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+of\s+)?(?:the\s+|this\s+)?(?:(?:essential|national|government)\s+)?"
    r"standards?(?:\s+of\s+quality\s+and\s+safety)?"
    r"(?:\s+(?:in\s+relation\s+to|relating\s+to|related\s+to|on|for|covering|concerning|about)\s+|\s*:\s*)(?P<list>[^.]+)", re.I)

#: Names of 2010 standards that no subject of a 2014 regulation shares: one of them among the
#: subjects of a breach ("was in breach of the regulations relating to care and welfare of people
#: who use services and records") tells that the subjects are the 2010 standards, as a citation of
#: the 2010 Regulations in the sentence does.
TITLES_ONLY_2010: tuple[str, ...] = (
    "care and welfare", "assessing and monitoring the quality of service provision",
    "safeguarding people who use services from abuse", "requirements relating to workers", "supporting workers",
    "respecting and involving people who use services", "cooperating with other providers",
)


def names_a_2010_standard_only(subject: str) -> bool:
    """Whether a subject begins with a name only a 2010 standard has (``TITLES_ONLY_2010``).

    >>> names_a_2010_standard_only("the care and welfare of people who use services")
    True
    >>> names_a_2010_standard_only("safeguarding")
    False
    """
    words = _title_words(re.sub(r"^\s*(?:the|of)\s+", "", subject, flags=re.I))
    return any(words[: len(_title_words(t))] == _title_words(t) for t in TITLES_ONLY_2010)


#: 2010-2014 standards said not met in the passive: "The essential standard relating to records was
#: not being met", "the standards on staffing and complaints were not met".
STANDARDS_PASSIVE_NOT_MET_RE = re.compile(
    r"\b(?:essential\s+|national\s+)?standards?\s+(?:in\s+relation\s+to|relating\s+to|related\s+to|on|for|covering|concerning)\s+"
    r"(?P<list>[^.;]{3,200}?)\s+(?:was|were|had)\s+not\s+(?:being\s+|been\s+)?met\b", re.I)

#: Where a list of standards ends: a clause or a reason of its own ("… and records because
#: people's records were not kept securely", "…; we have asked the provider …"). Unlike the
#: 2014 subjects' end, "who" stays inside a standard's title ("people who use services").
STANDARDS_END_RE = re.compile(
    r"\(|;|\bat (?:this|the|our) (?:inspection|visit)\b|\bin the past\b|\b(?:because|since|as|so|where|when|whilst|while|during|following|after|but|although|though|until|previously)\b|"
    r"(?:,\s*|\band\s+)(?=(?:we|they|it|this|these|there|staff|the\s+(?:provider|service|practice|registered|home|trust))\b)",
    re.I)

#: What another says before a finding's words ("Staff told us the home had not met the standard
#: on records"): their account, no finding of the inspection.
REPORTED_SPEECH_RE = re.compile(r"\b(?:told us|said|says|reported)\b", re.I)

#: 2010-2014 standards a sentence names by their outcome numbers as not met: "The provider was
#: non-compliant with Outcome 21: Records", "we found that the home was not meeting Outcome 9",
#: "There were moderate concerns with Outcome 16", "compliance actions in relation to Outcomes 4
#: and 21", "We have taken enforcement action against the provider in relation to Outcome 9", "We
#: served a warning notice on the provider for Outcome 21", "was not compliant with outcomes 4, 9 and 16", "Outcome 9 (management of medicines)
#: and Outcome 21 (records)".
OUTCOMES_NOT_MET_RE = re.compile(
    r"\b(?:(?:was|is|were|are)\s+(?:still\s+)?(?:not\s+meeting|failing\s+to\s+meet|not\s+compliant\s+with|non-?compliant\s+with)|"
    # ("Minor concerns were identified in relation to Outcome 9")
    r"did\s+not\s+meet|had\s+not\s+met|(?:minor|moderate|major)\s+concerns?\s+(?:(?:were|was)\s+(?:identified|found)\s+)?(?:with|about|in\s+relation\s+to)|"
    r"(?:compliance|enforcement)\s+actions?\s+(?:against\s+[^.]{0,60}?\s+)?(?:in\s+relation\s+to|relating\s+to|regarding|for|against|on)|"
    r"warning\s+notices?\s+(?:[^.]{0,80}?\s)?(?:in\s+relation\s+to|relating\s+to|regarding|for|with\s+respect\s+to))\s+"
    r"(?:the\s+)?(?:(?:essential\s+standards?|requirements)\s+(?:of|in|at|under|for|relating\s+to)\s+)?"
    r"Outcomes?\s+(?P<nums>\d{1,2}\b(?:\s*\([^)]{3,80}\))?(?:\s*(?:,|and|&)\s*(?:Outcome\s+)?\d{1,2}\b(?:\s*\([^)]{3,80}\))?)*)", re.I)


def outcome_in(text: str) -> str | None:
    """The essential standard outcome number cited ("(Outcome 10)")."""
    m = re.search(r"\bOutcome\s+(\d{1,2})\b", text)
    return m.group(1) if m else None


# ---------------------------------------------------------------------------------------------
# Enforcement and actions
# ---------------------------------------------------------------------------------------------

#: Enforcement words, most specific first; each pattern is searched in one sentence.
ENFORCEMENT_WORDS: tuple[tuple[re.Pattern[str], ActionKind], ...] = (
    (re.compile(r"\bsection\s+29A\b[^.]*warning notice|warning notice[^.]*section\s+29A", re.I), ActionKind.WARNING_NOTICE_29A),  # trust press releases
    (re.compile(r"\bwarning notices?\b|\bformal warnings?\b", re.I), ActionKind.WARNING_NOTICE),  # "formal warning"
    # "urgently suspend"; "used its urgent enforcement powers to suspend", "took urgent action to
    # suspend", "used our urgent powers to suspend"
    # "used our urgent powers under section 31 to suspend" (section 31 of the Health and Social Care
    # Act 2008 is the urgent procedure, also when only it is named)
    (re.compile(r"\burgent(?:ly)?\s+(?:[\w-]+\s+){0,3}?(?:to\s+)?suspen|\burgent\s+powers?\s+under\s+section\s+31\b[^.;]{0,60}?\bsuspen|"
                r"\bsection\s+31\b[^.;]{0,60}?\bsuspen|\bsuspen\w*\b[^.;]{0,80}?\bsection\s+31\b", re.I), ActionKind.URGENT_SUSPENSION),
    # a provider's own undertaking agreed with CQC ("a voluntary suspension on all admissions",
    # "voluntarily suspended admissions") is not CQC's suspension of a registration
    (re.compile(r"\bvoluntar(?:y|ily)\s+(?:\w+\s+){0,2}?suspen\w*|\bsuspen\w*\s+(?:\w+\s+){0,4}?voluntar(?:y|ily)\b", re.I), ActionKind.OTHER),
    # "suspend the service", "We have suspended the provider's registration", "CQC suspends
    # registration of …" (every tense of the verb)
    # ("suspended ceilings", "suspension slings" are things, not a registration suspended)
    (re.compile(r"\bsuspen(?:d|ds|ded|ding|sion)\b(?!\s+(?:ceilings?|slings?|cords?|bars?|systems?|units?)\b)", re.I), ActionKind.SUSPENSION),
    # "cancelled the registration of …", "The registration of the provider was cancelled in May 2019"
    (re.compile(r"\bcancel(?:lation|led|ling)?\b[^.]*\bregistration|\bregistration\b[^.]*\b(?:was|were|has\s+been|had\s+been|is|been)\s+(?:now\s+)?cancell?ed\b", re.I), ActionKind.CANCELLATION),
    # "taken out of", "has come out of", "exits", "has left", "is no longer in special measures"
    (re.compile(r"\b(?:out of|exit(?:ed|s|ing)?|left|leaves|leaving|removed from|no longer in)\s+special measures", re.I), ActionKind.SPECIAL_MEASURES_EXIT),
    (re.compile(r"\bspecial measures\b", re.I), ActionKind.SPECIAL_MEASURES),
    # "imposed conditions", "conditions on its registration", "a notice of proposal to impose
    # conditions", "we placed urgent conditions on the provider", "we put conditions on the service"
    (re.compile(r"\bconditions?\b[^.]*\b(?:imposed|registration)|\bimpos(?:e|ed|es|ing)\b[^.]*\bconditions?\b|"
                r"\b(?:put|plac(?:e|ed|es|ing)|appl(?:y|ied|ies|ying)|add(?:ed|ing)?)\s+(?:\w+\s+){0,2}?conditions?\b|"
                # a restriction on admissions is a condition: "We have placed a restriction on admissions
                # to the home", "We used our enforcement powers to restrict the provider from admitting new people"
                r"\b(?:put|plac(?:e|ed|es|ing)|impos(?:e|ed|es|ing))\s+(?:an?\s+|urgent\s+)*restrictions?\s+on\s+(?:new\s+|further\s+)?admissions\b|"
                r"\brestrict(?:ed|ing|s)?\s+(?:the\s+provider\s+from\s+admitting|(?:new\s+|further\s+)?admissions)\b", re.I), ActionKind.CONDITION),
    # ("the Crown Prosecution Service has charged …" names a prosecutor, not a prosecution by CQC)
    (re.compile(r"\bprosecut(?!ion\s+Service\b)|\bplead(?:ed|ing) guilty", re.I), ActionKind.PROSECUTION),
    # a conviction of the provider or its manager: "The registered manager was convicted at Leeds
    # Magistrates' Court of …", "The company was found guilty at Truro Crown Court" (someone else
    # convicted of a crime is no CQC prosecution)
    (re.compile(r"\b(?:provider|company|registered\s+manager|manager|owner|director|trust|partnership|Ltd|Limited|LLP|plc)\b[^.;]{0,60}?"
                r"\b(?:was|were|has\s+been|had\s+been|have\s+been)\s+(?:convicted|found\s+guilty)\b", re.I), ActionKind.PROSECUTION),
    (re.compile(r"\bfixed penalty\b|\bpenalty notice", re.I), ActionKind.FIXED_PENALTY),
    # "a simple caution", "a formal caution", "The provider accepted a caution"
    (re.compile(r"\b(?:simple|formal)\s+cautions?\b|\bcautioned\b|\b(?:accepted|received|given|issued|administered)\s+(?:\w+\s+){0,3}?(?:a\s+|an\s+)?caution\b", re.I),
     ActionKind.CAUTION),
    (re.compile(r"\brequirement notices?\b", re.I), ActionKind.REQUIREMENT_NOTICE),
    # a requirement notice told by what it requires: "we served notices on the provider requiring
    # it to take action to comply with the regulations" (a notice of no other kind: "a warning
    # notice … requiring it to make improvements" is the warning notice)
    (re.compile(r"\b(?:serv|issu)(?:ed|es|ing)\s+(?:(?:a|the|two|three|four|five|six|\d{1,2})\s+)?notices?\s+(?:on|to)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?requiring\s+"
                r"(?:it|them|him|her|the\s+[\w-]+)\s+to\s+(?:take\s+action\s+to\s+)?(?:comply|meet|improve|make\s+improvements)\b", re.I),
     ActionKind.REQUIREMENT_NOTICE),
    (re.compile(r"\bcompliance actions?\b", re.I), ActionKind.COMPLIANCE_ACTION),  # 2010-2014 reports
    # the 2012-2014 summaries' compliance action: "We have asked the provider to send us a report by
    # 21 January 2013, setting out the action they will take to meet the standards"
    # "… to send us a report of the changes they will make to meet Regulation 9", "… to tell us what
    # they will do to meet Regulation 22"
    (re.compile(r"\basked\s+the\s+(?:provider|registered\s+(?:provider|person|manager)|service)\s+to\s+(?:send\s+us\s+a\s+report|tell\s+us)\b[^.]*?"
                r"\bto\s+(?:meet|comply\s+with)\s+(?:the\s+|these\s+|this\s+)?(?:(?:essential\s+)?standards?\b|[Rr]egulations?\s+\d)", re.I),
     ActionKind.COMPLIANCE_ACTION),
)

#: A breach named in a release's prose: "pleaded guilty … to a breach of Regulation 12 of the
#: Health and Social Care Act 2008 (Regulated Activities) Regulations 2014", "in
#: breach of Regulation 12". The regulations are read from what follows.
BREACH_OF_RE = re.compile(r"\bbreach(?:es)?\s+of\s+(?=Regulations?\s+\d)", re.I)
#: An unregistered service's offence: "pleaded guilty … to providing a regulated activity without
#: being registered, contrary to section 10".
UNREGISTERED_OFFENCE_RE = re.compile(
    r"\b(?:guilty|charged|convicted)\b[^.]*?\bto\s+(?P<title>(?:providing|carrying on|carrying out)\s+(?:a\s+)?regulated activit(?:y|ies)\s+"
    r"(?:without being registered|while (?:being\s+)?unregistered))(?P<rest>[^.]*)", re.I)

#: Powers CQC says it used, which state an action taken rather than a power it has: "We used our
#: urgent powers to impose conditions on the registration", "CQC used its enforcement powers to
#: …". Removed from a sentence before ``HYPOTHETICAL_RE`` is looked for.
POWERS_USED_RE = re.compile(
    r"\b(?:used|exercised)\s+(?:our|its|their)\s+(?:\w+\s+){0,3}?powers?\b(?:\s+under\s+section\s+\d+[A-Z]?)?", re.I)

#: Sentences that only describe what CQC *could* do ("CQC has a range of enforcement
#: powers which include ... suspending or cancelling"; "CQC will use its enforcement
#: powers further"). Such a sentence states no action.
HYPOTHETICAL_RE = re.compile(
    # "may" the modal, not the month ("Following an inspection in May 2021 CQC served …")
    r"\b(?:if\b|can\b|could\b|(?<!\d )may\b(?!\s+(?:19|20)\d\d)|might\b|would\b|will\s+(?:use|take|not hesitate|consider)|"
    # "These include issuing a warning notice; …" lists the powers of the sentence before
    r"range of|powers?\b|unless|should\b|we do not|this means|^\W*these include\b)",
    re.IGNORECASE,
)

#: A notice's serving stated in the clause right after it, however its requirements stand now: "to
#: check whether the provider had met the requirements of the warning notice we previously served
#: in relation to regulation 12", "the requirement notices we issued at our last inspection": the notice was
#: served before this inspection (the clause says so: "previously", "earlier", "at our last
#: inspection"), so it is a fact of the earlier inspection; "the warning notice we served in March",
#: its requirements met, stays no action.
SERVED_AFTER_RE = re.compile(
    r"^\w*\s+(?:that\s+|which\s+)?(?:we|CQC)\s+(?:had\s+|have\s+)?(?:previously|earlier)\s+(?:served|issued)\b|"
    r"^\w*\s+(?:that\s+|which\s+)?(?:we|CQC)\s+(?:had\s+)?(?:served|issued)\s+(?:at|after|following)\s+(?:our|the)\s+(?:last|previous)\s+inspection\b",
    re.I)

#: What CQC says of a power in general, often in a quote beside the action it took: "Cancelling a
#: provider's registration is not something we do lightly", "… is not a decision we take lightly".
#: Such a sentence states no action, whatever the power it names.
GENERAL_POWER_RE = re.compile(r"\bnot (?:something|a (?:step|decision)) (?:that )?we (?:do|take)\s+lightly\b", re.I)

#: CQC's enforcement verbs, as data: ``(family, pattern)``. "Taken" verbs state that an action
#: happened; "not taken" verbs before an enforcement word make it a recommendation, a proposal,
#: a plea or a plan, which is not the action ("we recommended that the trust be placed in special
#: measures", "CQC is proposing to place the home into special measures", "urged NHS
#: Improvement to place the trust in special measures"). A served "notice of proposal" is a step
#: taken and stays one.
ENFORCEMENT_VERBS_TAKEN: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("served / issued a notice", re.compile(r"\b(?:serv|issu)(?:ed|es|ing)\b", re.I)),
    ("imposed / applied conditions", re.compile(r"\b(?:impos|appli)(?:ed|es|ing)\b", re.I)),
    ("placed / put into special measures", re.compile(r"\b(?:placed|put)\b", re.I)),
    ("cancelled / suspended a registration", re.compile(r"\b(?:cancell?ed|suspended)\b", re.I)),
)
ENFORCEMENT_NOT_TAKEN: tuple[tuple[str, re.Pattern[str]], ...] = (
    # ("The NHS Trust Development Authority has accepted the recommendation, and the trust was placed
    # in special measures" states it taken)
    ("recommended (to another body) that an action be taken", re.compile(
        r"(?<!accepted\sthe\s)(?<!accepts\sthe\s)(?<!accepting\sthe\s)(?<!agreed\sthe\s)(?<!followed\sthe\s)\brecommend(?:ed|s|ing|ation)?\b", re.I)),
    # ("We will be writing to the provider to propose conditions on its registration", "we were
    # minded to serve a warning notice": a proposal before the action's own words)
    ("proposed / proposing / intends to take an action", re.compile(
        r"(?<!notice of )\b(?:propos(?:ed|es|ing)|intend(?:s|ed)?|plann?(?:ed|ing|s)?)\s+(?:to|that)\b|"
        r"\bpropos(?:e|es|ing)\s+(?:(?:an?|the|further|new|urgent|some)\s+)?$|\bminded\s+to\b", re.I)),
    # "The provider is facing prosecution", "… or face further action, including cancellation of its
    # registration": a threat, not an action ("faced" stays: it may tell what happened)
    ("faces: the action is threatened", re.compile(r"\b(?:face|faces|facing)\b[^.;:]{0,60}$", re.I)),
    ("urged someone else to take an action", re.compile(r"\burg(?:ed|es|ing)\b", re.I)),
    # "The service will be placed in special measures", "CQC will cancel the registration", "This
    # will lead to cancelling their registration … if they do not improve": not yet taken ("will
    # remain in special measures" states where it is now, and stays)
    ("future tense: the action is yet to be taken", re.compile(
        r"\b(?:will|shall|would|is\s+to|are\s+to|going\s+to)\s+(?:now\s+|then\s+|also\s+)?(?:be\s+)?"
        r"(?:(?:lead|result)\s+(?:to|in)\s+)?"
        r"(?:(?:plac\w*|put|impos\w*|cancel\w*|suspend\w*|serv\w*|issu\w*|prosecut\w*|enter\w*|go\s+into)\b[^.]*)?$", re.I)),
    # "We are considering cancelling the provider's registration" (the enforcement word next)
    ("considering whether to take an action", re.compile(
        # "We considered using our urgent powers to suspend the registration but decided …", "We
        # considered imposing urgent conditions"
        r"\bconsider(?:ed|ing|s)?\s+(?:(?:whether|taking|placing|cancelling|using|imposing|suspending|serving|issuing|"
        r"prosecuting|bringing)\b|$)|\bwhether\s+(?:or\s+not\s+)?to\b", re.I)),
    # "We will be taking action to cancel the provider's registration", "CQC is to start the process
    # of cancelling …": a step yet to come
    ("future tense: the steps towards an action are yet to be taken", re.compile(
        r"\b(?:will|shall|is\s+to|are\s+to|going\s+to)\s+(?:now\s+|also\s+)?(?:be\s+)?(?:tak\w*|start\w*|begin\w*)\s+"
        r"(?:\w+\s+){0,2}?(?:action|steps|proceedings|the\s+process)\s+(?:to|of)\b", re.I)),
    # "The provider applied to add a condition to its registration", "The registered manager
    # applied to cancel their registration", "At the provider's request, a condition was added",
    # "The provider voluntarily agreed to a condition": the provider's own doing, not CQC's
    # enforcement ("CQC applied to the court for …" stays CQC's)
    ("the provider's own application or request", re.compile(
        r"\b(?:provider|manager|registered\s+person|owner|practice|partnership|trust|company|they|it)\s+(?:has\s+|had\s+|have\s+)?"
        r"(?:applied|applies|asked|requested)\s+(?:to|for)\b|\bat\s+(?:the\s+|its\s+|their\s+)?(?:own\s+)?(?:provider['’]s\s+|manager['’]s\s+)?request\b|"
        r"\bvoluntar(?:ily|y)\b", re.I)),
    # "The provider had met the requirements of the warning notices", "had complied with the
    # warning notice": a notice served before, whose requirements are now met
    ("met: the requirements of an earlier notice were met", re.compile(
        r"\b(?:met|meet(?:s|ing)?|complied\s+with|compl(?:y|ies|ying)\s+with|addressed)\s+(?:all\s+|both\s+)?(?:of\s+)?"
        r"(?:the\s+)?(?:requirements?\s+(?:of|in|set\s+out\s+in)\s+)?(?:the\s+|these\s+|those\s+|both\s+|its\s+|our\s+)?$", re.I)),
    # "The provider had acted on the requirement notices we issued", "in response to the requirement
    # notices": notices served before, now answered
    ("answered: a response to an earlier notice", re.compile(
        r"\b(?:acted\s+on|in\s+response\s+to|responded\s+to|respond\s+to|responding\s+to)\s+(?:all\s+|both\s+)?(?:of\s+)?"
        r"(?:the|these|those|our|its|their)\s+$", re.I)),
    # "The registered manager was aware of the conditions of registration", "in line with the
    # conditions of its registration": the conditions every registration has, known or kept
    ("conditions of registration known or kept", re.compile(
        r"\b(?:aware\s+of|underst(?:oo|an)d(?:s|ing)?|knowledge\s+of|in\s+line\s+with|in\s+accordance\s+with|within)\s+"
        r"(?:all\s+)?(?:the\s+|its\s+|their\s+|any\s+)?$", re.I)),
    # "The practice is owned by a company and as a condition of registration must have a person
    # registered with CQC as the manager": what every registration of that kind requires
    ("a condition every registration has", re.compile(r"\bas\s+(?:a\s+|one\s+)?(?:of\s+the\s+|of\s+its\s+)?$", re.I)),
    # "By paying, the provider avoided prosecution", "to avoid cancellation"
    ("avoided: the action was not taken", re.compile(r"\bavoid(?:ed|s|ing)?\s+(?:a\s+|any\s+|the\s+)?$", re.I)),
    # "We did not serve a warning notice", "The service was not placed in special measures", "We
    # decided not to place the service in special measures", "We have not imposed conditions": only
    # words of the action itself stand between the denial and the enforcement word ("CQC has
    # decided not to bring a prosecution", "We did not issue any warning notices or requirement
    # notices": another denied action may stand between too)
    ("denied: the action was not taken", re.compile(
        r"\b(?:not|never|nor|no)\s+(?:(?:to|be|been|yet|further|formal|urgent|any|a|an|the|it|them|its|their|this|that|"
        r"service|provider|home|practice|trust|location|hospital|in|into|on|with|under|or|nor|warning|requirement|notices?|"
        r"conditions?|bring\w*|brought|pursu\w*|"
        r"serv\w*|issu\w*|impos\w*|plac\w*|put|tak\w*|cancel\w*|suspend\w*|prosecut\w*|compl\w*|need\w*)\s+)*$", re.I)),
)


#: An action denied inside its own words, the denial standing between the verb and the action:
#: "We have imposed no conditions on the provider's registration", "We placed no restrictions on
#: admissions", "Conditions were not imposed on the registration". (A denial before the verb,
#: "We have not imposed conditions", is ``ENFORCEMENT_NOT_TAKEN``'s.)
DENIED_WITHIN_ACTION_RE = re.compile(
    r"\b(?:impos\w*|plac\w*|put|appl\w*|add\w*|serv\w*|issu\w*)\s+no\s+(?:\w+\s+){0,2}?"
    r"(?:conditions?|restrictions?|notices?)\b|"
    r"\bconditions?\b[^.;]{0,60}?\b(?:were|was|have|has|had|are|is)\s+(?:not|never)\s+(?:been\s+)?"
    r"(?:imposed|applied|placed|added)\b", re.I)


def not_taken(before: str) -> str | None:
    """The family of wording that makes the enforcement word after ``before`` not an action.

    >>> not_taken("We recommended that the trust be")
    'recommended (to another body) that an action be taken'
    >>> not_taken("We have served a notice of proposal to") is None
    True
    """
    for family, pattern in ENFORCEMENT_NOT_TAKEN:
        if pattern.search(before):
            return family
    return None


#: CQC stating in the first person an action it took, as a report tells it after its summary: "We
#: imposed conditions to prevent the provider from …", "we imposed urgent conditions on the
#: provider’s registration", "We issued Requirement Notices and a Warning Notice to the provider",
#: "we told the provider they must take actions to improve and issued a warning notice", "we
#: found the dentist to be non-compliant and served a warning notice". What others say was done
#: ("Staff told us the service had been placed in special measures", "The trust was served a
#: warning notice in 2019") is not CQC's statement of its action.
CQC_TOOK_ACTION_RE = re.compile(
    r"\b(?:we|CQC|the\s+Care\s+Quality\s+Commission)\b[^.;]{0,80}?\b(?:served|issued|imposed|placed|put|cancell?ed|suspended|took|used)\b",
    re.I)


#: A fine stated before its amount: "was fined £3,500", "CQC has fined the provider £4,000",
#: "fined a total of £10,000", "were fined £2,000 each".
FINED_BEFORE_RE = re.compile(
    r"\bfined\s+(?:(?:the|a|an|its)\s+)?(?:(?:provider|company|trust|practice|partnership|registered\s+manager|manager|owner|"
    r"director|him|her|them|it|total\s+of)\s+)?$", re.I)

#: A fine stated as "a fine of", just before its amount: "was ordered to pay a fine of £2,000".
FINE_OF_BEFORE_RE = re.compile(r"\bfine\s+of\s*$", re.I)

#: Money as written ("£3,500").
MONEY_RE = re.compile(r"£\s?\d[\d,]*(?:\.\d\d)?(?:\s?(?:million|m|k))?", re.IGNORECASE)

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "a": 1, "an": 1,
}
_NUMBER = r"(?:\d+|" + "|".join(k for k in NUMBER_WORDS if len(k) > 2) + r")"


def number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


#: "for a period of six weeks", "for a period of eight weeks".
DURATION_RE = re.compile(rf"\bfor\s+(?:a\s+period\s+of\s+)?(?P<n>{_NUMBER})\s+(?P<unit>day|week|month|year)s?\b", re.I)


def duration(text: str) -> str | None:
    """ISO 8601 duration stated in ``text``.

    >>> duration("suspend the provider's registration for a period of six weeks")
    'P6W'
    """
    m = DURATION_RE.search(text)
    if not m:
        return None
    n = number(m.group("n"))
    unit = {"day": "D", "week": "W", "month": "M", "year": "Y"}[m.group("unit").lower()]
    return f"P{n}{unit}" if n else None


# ---------------------------------------------------------------------------------------------
# Rating changes
# ---------------------------------------------------------------------------------------------

#: The change a sentence opening "Our rating of/for …" states: "improved", "went down", "stayed the
#: same", and the present or perfect of staying ("remains the same", "has remained the same").
_CHANGE_SAID = (r"improved|went\s+down|stayed\s+the\s+same|got\s+worse|(?:has\s+)?remained\s+the\s+same|remains\s+the\s+same|"
                r"stays\s+the\s+same|has\s+stayed\s+the\s+same")
#: A key question's rating said to stay the same with its value in the next sentence: "Our rating
#: of responsive stayed the same. We rated it as outstanding." (hospital and hospice reports):
#: the value the earlier inspection gave it too. Without the value beside it ("Our rating for
#: safe and responsive remains the same" over a table) the earlier rating is not written.
SAME_THEN_RATED_RE = re.compile(
    r"\bOur\s+rating\s+(?:of|for)\s+(?P<kq>safe|effective|caring|responsive|well[\s-]*led)\s+"
    r"(?:stayed|remained|remains|stays|has\s+stayed|has\s+remained)\s+the\s+same\.\s+We\s+rated\s+(?:it|this\s+key\s+question)\s+"
    rf"(?:as\s+)?(?P<value>{RATING_ALT})\b", re.I)
#: "Our rating of this service improved", "Our rating of safe stayed the same", "Our rating of responsive went down",
#: "Our rating for safe and responsive remains the same" (the list: ``OUR_RATING_OF_LIST_RE``).
OUR_RATING_OF_RE = re.compile(
    # "Our rating of this hospital stayed the same", "Our rating of services went
    # down" (hospital reports 2018-2019)
    r"\bOur\s+rating\s+(?:of|for)\s+(?P<what>this\s+(?:service|location|trust|practice|provider|core\s+service|hospital)|"
    r"the\s+(?:service|trust|practice|location|hospital)|services|safe|effective|caring|responsive|well[\s-]*led)\s+"
    # a line break inside the words (a PDF's or a page's wrapped text): "Our rating of the" / "service went down"
    rf"(?P<change>{_CHANGE_SAID})",
    re.IGNORECASE,
)
#: "has changed from Requires Improvement to Inadequate", "has improved from Inadequate to
#: Requires improvement", "went down from requires improvement to inadequate", "has declined from
#: good to requires improvement", "moves from good to requires improvement", "has gone up from
#: …", "has fallen from …": the verb says nothing the two ratings do not (``change_between``).
CHANGED_FROM_RE = re.compile(
    r"\b(?:changed|improved|gone down|went down|dropped|declined|deteriorated|fallen|fell|moved|moves|"
    r"gone up|went up|risen|rose|been downgraded|been upgraded)"
    # "has improved its rating from requires improvement to good"
    r"(?:\s+(?:its|their)\s+(?:overall\s+)?rating)?"
    rf"\s+from\s+(?P<old>[A-Za-z ]+?)\s+to\s+(?P<new>{RATING_ALT})", re.IGNORECASE
)
#: The overall rating kept: "The home has retained its outstanding rating", "has kept its rating of
#: good", "retains its Good rating".
RETAINED_OVERALL_RE = re.compile(
    rf"\b(?:retained|retains|kept|keeps|maintained|maintains)\s+(?:its|their)\s+(?:overall\s+)?(?:(?P<value>{RATING_ALT})\s+rating\b|rating\s+of\s+(?P<value2>{RATING_ALT})\b)", re.I)
#: A rating's change stated by its new value only: "The rating for Oak House went down to
#: inadequate", "its overall rating has dropped to requires improvement", "moved up to good".
CHANGED_TO_RE = re.compile(
    r"\b(?P<verb>went down|gone down|dropped|fell|fallen|declined|deteriorated|improved|gone up|went up|moved up|moved down|risen|rose)"
    rf"\s+to\s+(?P<new>{RATING_ALT})\b", re.I)
#: The direction each verb of ``CHANGED_TO_RE`` says.
CHANGED_TO_VERBS = {
    "went down": RatingChange.WENT_DOWN, "gone down": RatingChange.WENT_DOWN, "dropped": RatingChange.WENT_DOWN,
    "fell": RatingChange.WENT_DOWN, "fallen": RatingChange.WENT_DOWN, "declined": RatingChange.WENT_DOWN,
    "deteriorated": RatingChange.WENT_DOWN, "moved down": RatingChange.WENT_DOWN, "improved": RatingChange.IMPROVED,
    "gone up": RatingChange.IMPROVED, "went up": RatingChange.IMPROVED, "moved up": RatingChange.IMPROVED,
    "risen": RatingChange.IMPROVED, "rose": RatingChange.IMPROVED,
}
#: The new overall rating stated as a change to it: "There has been a change of rating for the
#: service to Good", "a change in rating to requires improvement".
CHANGE_OF_RATING_TO_RE = re.compile(
    r"\ba change (?:of|in) (?:the\s+)?(?:overall\s+)?rating\s+(?:for\s+(?:the|this)\s+(?:service|location|practice|home)\s+)?to\s+"
    rf"(?P<new>{RATING_ALT})\b", re.I)
#: "remains rated Outstanding"; "has remain(ed) unchanged" (sic).
REMAINS_RE = re.compile(rf"\bremain(?:s|ed)?\s+rated\s+(?:as\s+)?(?P<value>{RATING_ALT})", re.I)
#: Also the location's rating said not to have changed: "We found this rating had not changed and
#: we rated it outstanding overall" (a key question's rating, "the rating for safe …", is not it).
UNCHANGED_RE = re.compile(r"\boverall rating\b[^.]*\b(?:has\s+)?remain(?:ed|s)?\s+(?:unchanged|the same)|"
                          r"\b(?:this|the|its|our)\s+(?:overall\s+)?rating\s+(?:has|had)\s+not\s+changed\b", re.I)

#: A current overall rating that a release says is unchanged by a core service's inspection:
#: "The trust's overall rating remains requires improvement", "The overall rating
#: for Southmere General Hospital remains requires improvement", "The overall rating for Eastshire
#: NHS Foundation Trust as a provider overall, remains rated as good".
CURRENT_REMAINS_RE = re.compile(
    rf"\bThe (?P<who>trust|provider)['’]s overall rating remains\s+(?:rated\s+)?(?:as\s+)?(?P<value>{RATING_ALT})\b"
    rf"|\bThe overall rating for (?P<name>[A-Z][\w'’ &-]{{2,80}}?),?(?:\s+as\s+an?\s+(?:provider|trust|location)(?:\s+overall)?,?)?"
    rf"\s+remains\s+(?:rated\s+)?(?:as\s+)?(?P<value2>{RATING_ALT})\b")

#: The day the service was registered, said of the service itself: "the service is registered for
#: the regulated activity of surgical procedures as of 2 March 2019", "The service
#: has been registered with the Care Quality Commission since 3 April 2017". A provider's own
#: registration ("Northgate Clinics Limited was registered with the Care Quality Commission on
#: 4 May 2011") is the provider's, not the location's.
SERVICE_REGISTERED_RE = re.compile(
    r"\b(?:the|this)\s+(?:service|location|clinic|practice|home|hospital|hospice|agency)\s+(?:is|was|has\s+been)\s+registered\b"
    r"[^.;]{0,120}?\b(?:as\s+of|on|since|from)\s+(?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})\b", re.I)


#: An NHS trust's page telling of its use of resources report (2018-2020): "On 18 December 2019, we
#: published a report on how well Eastshire Hospital NHS Foundation Trust uses its
#: resources." The report's ratings are of no key question and stay out of the records.
RESOURCES_REPORT_RE = re.compile(
    r"\bOn\s+(?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4}),?\s+we\s+published\s+a\s+report\s+on\s+how\s+well\s+"
    r"(?P<name>[A-Z][^.\n]{3,120}?)\s+uses\s+its\s+resources\b")


#: A service's current rating stated in a release about something else (a prosecution), not a
#: rating of the inspection it reports: "It is currently rated requires improvement".
CURRENTLY_RATED_RE = re.compile(
    rf"\b(?:is|was)\s+currently\s+rated\s+(?:as\s+)?(?P<value>{RATING_ALT})\b", re.I)

#: A key question's change stated in its own section of an adult social care report, under "Is
#: the service safe?": "At this inspection this key question has now deteriorated to requires
#: improvement", "has improved to requires improvement", "The rating for this
#: key question has changed to good", "has remained good" (2022+ template).
KQ_SECTION_CHANGE_RE = re.compile(
    r"\b(?:this\s+key\s+question|the\s+rating\s+for\s+this\s+key\s+question)\s+has\s+(?:now\s+)?(?P<verb>deteriorated|improved|remained|changed|stayed|gone\s+down)"
    rf"\s*(?:to\s+|as\s+)?(?P<value>the same|{RATING_ALT})?", re.I)
#: The rating a key question had before, in the same section: "At our last inspection we rated
#: this key question requires improvement", "At the last inspection this key question was rated as good".
LAST_KQ_RATING_RE = re.compile(
    r"\bAt\s+(?:our|the)\s+(?:last|previous)\s+inspection,?\s+(?:we\s+rated\s+this\s+key\s+question|this\s+key\s+question\s+was\s+rated)\s+(?:as\s+)?"
    rf"(?P<value>{RATING_ALT})", re.I)
#: The whole service's change in a single assessment or report summary: "At this assessment the
#: rating has improved to good".
RATING_MOVED_TO_RE = re.compile(
    r"\bAt this (?:assessment|inspection),?\s+the (?:overall\s+)?rating (?:for (?:the|this) (?:service|location|practice)\s+)?has\s+"
    rf"(?P<verb>improved|deteriorated|gone down|dropped|remained)\s+(?:to\s+|at\s+|as\s+)?(?P<value>{RATING_ALT})\b", re.I)
SECTION_VERBS = {
    "deteriorated": RatingChange.WENT_DOWN, "gone down": RatingChange.WENT_DOWN, "dropped": RatingChange.WENT_DOWN,
    "improved": RatingChange.IMPROVED, "remained": RatingChange.STAYED_THE_SAME, "stayed": RatingChange.STAYED_THE_SAME,
}

CHANGE_WORDS = {
    "improved": RatingChange.IMPROVED,
    "went down": RatingChange.WENT_DOWN,
    "got worse": RatingChange.WENT_DOWN,
    "stayed the same": RatingChange.STAYED_THE_SAME,
    "remained the same": RatingChange.STAYED_THE_SAME,
    "has remained the same": RatingChange.STAYED_THE_SAME,
    "remains the same": RatingChange.STAYED_THE_SAME,
    "stays the same": RatingChange.STAYED_THE_SAME,
    "has stayed the same": RatingChange.STAYED_THE_SAME,
}


def change_said(words: str) -> RatingChange:
    """The direction the words after "Our rating of …" state, whatever spaces or line breaks
    are between them.

    >>> change_said("went\\n down").value
    'went-down'
    """
    return CHANGE_WORDS[" ".join(words.lower().split())]


def change_between(old: RatingValue, new: RatingValue) -> RatingChange | None:
    if old not in RATING_ORDER or new not in RATING_ORDER:
        return None
    if RATING_ORDER[new] > RATING_ORDER[old]:
        return RatingChange.IMPROVED
    if RATING_ORDER[new] < RATING_ORDER[old]:
        return RatingChange.WENT_DOWN
    return RatingChange.STAYED_THE_SAME


# ---------------------------------------------------------------------------------------------
# Inspections: kind, label, announcement
# ---------------------------------------------------------------------------------------------

#: Timeline labels of location pages, with the kind of inspection they name.
LABELS: tuple[tuple[re.Pattern[str], InspectionKind | None], ...] = (
    (re.compile(r"^During a routine inspection", re.I), InspectionKind.ROUTINE),
    (re.compile(r"^During an inspection looking at part of the service", re.I), InspectionKind.FOCUSED),
    (re.compile(r"^During a check to make sure that the improvements required had been made", re.I), InspectionKind.FOLLOW_UP),
    (re.compile(r"^During an inspection to make sure that the improvements required had been made", re.I), InspectionKind.FOLLOW_UP),
    (re.compile(r"^During a (?:monthly )?review of (?:our )?data", re.I), InspectionKind.DATA_REVIEW),
    (re.compile(r"^During an assessment under our new approach", re.I), InspectionKind.ASSESSMENT),
    (re.compile(r"^During (?:a|an) [a-z ,'’-]{3,80}$", re.I), None),  # other labels ("During a themed inspection")
)
LABEL_RE = re.compile(r"^During (?:a|an) [^\n.]{3,100}$", re.I | re.M)


def label_kind(label: str) -> InspectionKind | None:
    for pattern, kind in LABELS:
        if pattern.search(label.strip()):
            return kind
    return None


#: Announcement words: "short-notice announced", "unannounced",
#: "announced inspection", "given short notice".
ANNOUNCEMENT_WORDS: tuple[tuple[re.Pattern[str], Announcement], ...] = (
    (re.compile(r"\bshort[\s-]notice\s+announced|\bgiven short notice|\bshort notice (?:of|announced)", re.I), Announcement.SHORT_NOTICE),
    (re.compile(r"\bunannounced\b", re.I), Announcement.UNANNOUNCED),
    (re.compile(r"\b(?<!un)announced\s+(?:inspection|visit|focused|comprehensive)|\bwas announced\b|\bcarried out an announced\b", re.I), Announcement.ANNOUNCED),
)


def announcement(text: str) -> Announcement | None:
    for pattern, value in ANNOUNCEMENT_WORDS:
        if pattern.search(text):
            return value
    return None


#: Methodology: "using our comprehensive inspection methodology",
#: "This inspection was a comprehensive inspection", "focussed inspection".
METHODOLOGY_WORDS: tuple[tuple[re.Pattern[str], InspectionKind], ...] = (
    (re.compile(r"\bcomprehensive inspection\b", re.I), InspectionKind.COMPREHENSIVE),
    (re.compile(r"\bfocus+ed inspection\b", re.I), InspectionKind.FOCUSED),
)


def methodology(text: str) -> InspectionKind | None:
    """The methodology a summary names, ignoring negations ("as we did not carry out a
    comprehensive inspection")."""
    hits: list[tuple[int, InspectionKind]] = []
    for pattern, value in METHODOLOGY_WORDS:
        for m in pattern.finditer(text):
            if re.search(r"\b(?:not|no)\b[\w\s]{0,20}$", text[max(0, m.start() - 30): m.start()], re.I):
                continue
            hits.append((m.start(), value))
    return min(hits, key=lambda h: h[0])[1] if hits else None


# ---------------------------------------------------------------------------------------------
# Addresses and contacts
# ---------------------------------------------------------------------------------------------

#: A service's name opening with a figure, as a house number or a count does ("117 High Street",
#: "1st Choice Care", "24/7 Homecare"), and not as a date does ("2 October 2023", "12/03/2019").
NUMBERED_NAME_START = (r"\d(?![\d/.-]*\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:January|February|March|April|May|June|July|August|"
                       r"September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b)"
                       r"(?!\d{0,3}[/.]\d{1,2}[/.]\d{2,4})")
#: UK postcode, any spacing ("LE12 9AN", "LU2 0HF").
POSTCODE_RE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[ABD-HJLNP-UW-Z]{2})\b")
#: Phone as printed on profile pages "(01509) 508222", "Tel: 07885238688", and a London or
#: other two-figure area code without brackets "020 7643 6863", "029 2034 1234".
PHONE_RE = re.compile(r"(?:\(0\d{2,5}\)\s?\d[\d ]{3,10}\d|\b0\d{3,5}\s?\d[\d ]{4,9}\d|\b0\d{2}[ \t]\d{4}[ \t]\d{4}\b)")


def postcode(text: str) -> str | None:
    """The postcode in its usual spelling with one space.

    >>> postcode("Luton LU20HF")
    'LU2 0HF'
    """
    m = POSTCODE_RE.search(text)
    return f"{m.group(1)} {m.group(2)}" if m else None


def phone(text: str) -> str | None:
    """A phone number without the brackets around the area code.

    >>> phone("(0151) 652 1021")
    '0151 652 1021'
    """
    m = PHONE_RE.search(text)
    if not m:
        return None
    return " ".join(m.group(0).replace("(", "").replace(")", " ").split())


# ---------------------------------------------------------------------------------------------
# Text helpers shared by parsers
# ---------------------------------------------------------------------------------------------

_ABBREV = r"(?:Dr|Mr|Mrs|Ms|Prof|St|Ltd|No|e\.g|i\.e|etc)"


#: The end of a line that a wrapped sentence goes on from: a word that cannot end a sentence.
WRAPPED_END_RE = re.compile(
    r"\b(?:in|of|the|and|to|a|an|at|for|by|on|with|from|as|was|were|is|are|had|has|have|been|being|that|rated|our|its|their|this|we|"
    r"but|than|requires|it)\s*$|,\s*$", re.I)


#: A line ending with what a rating verb rates, its rating on the next line: "Inspectors rated
#: the service" / "Good in all five areas", "CQC has rated the home" / "Inadequate overall".
_RATED_WHOM_END_RE = re.compile(
    r"\brated\s+(?:it|(?:the|this|its)\s+(?:[\w-]+\s+){0,2}?(?:service|home|practice|location|hospital|hospice|trust|provider|agency))\s*$", re.I)


def wraps_on(line: str, following: str) -> bool:
    """Whether a sentence of ``line`` goes on in the ``following`` line: the line ends in a word
    no sentence ends with, or in no full stop while the next line opens with the sentence's
    subject in lower case ("… in January 2018" / "the practice was rated …") or with the date the
    sentence gives ("At our previous inspection" / "on 2 and 9 June 2015 we rated …"), or the line
    ends with what a rating verb rates ("… rated the service" / "Good in all five areas"), or a
    word in small letters ends it and another begins the next ("… in all five key" / "questions, …"),
    or a date is cut at its year ("… between 14 and 16 May" / "2019.")."""
    return bool(WRAPPED_END_RE.search(line)) or (
        not re.search(r"[.!?:;\"”’)]\s*$", line) and bool(
            re.match(r"\s*the\s+(?:practice|service|home|trust|hospital|location)\b", following) or _WRAPPED_DATE_RE.match(following))) \
        or bool(_RATED_WHOM_END_RE.search(line)) \
        or bool(re.search(r"[a-z]\s*$", line) and re.match(r"\s*[a-z]", following)) \
        or bool(_DAY_MONTH_END_RE.search(line) and _YEAR_OPENS_RE.match(following))


#: A date cut at its year by a line's end: "… between 14 and 16 May" / "2019. A further …".
_DAY_MONTH_END_RE = re.compile(rf"\b{_DAY}\s+{_MONTH}\s*$", re.I)
_YEAR_OPENS_RE = re.compile(rf"\s*{_YEAR}\b")
_DATE_CUT_AT_YEAR_RE = re.compile(rf"\b{_DAY}\s+{_MONTH}[ \t]*\n[ \t]*{_YEAR}\b", re.I)


def cuts_a_date_at_its_year(text: str) -> bool:
    """Whether a line of ``text`` ends in a date whose year opens the next line ("… between 14
    and 16 May" / "2019.")."""
    return bool(_DATE_CUT_AT_YEAR_RE.search(text))


#: A line opening with the date of the sentence above it: "on 2 and 9 June 2015 we rated …".
_WRAPPED_DATE_RE = re.compile(rf"\s*(?:on|in|between)\s+(?:the\s+)?(?:{_DAY}\b|{_MONTH}\s+{_YEAR})")


def unwrapped_lines(text: str) -> list[str]:
    """The lines of a text, a sentence wrapped over lines (a line of 40 characters or more that
    ``wraps_on``: "At our last inspection in" / "June 2017 we rated …") joined with the next line
    by a space."""
    out: list[str] = []
    for line in text.split("\n"):
        if out and line.strip() and len(out[-1].strip()) >= 40 and wraps_on(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


#: A boundary between the cells of a table's row copied as text: two spaces or more, or a tab.
CELLS_RE = re.compile(r"\t+|\s{2,}")


def cells(row: str) -> list[str]:
    """The cells of a table's row copied as text (``CELLS_RE``), stripped, empty ones left out."""
    return [c.strip() for c in CELLS_RE.split(row.strip()) if c.strip()]


def sentences(text: str, unwrap: bool = False) -> list[str]:
    """Split prose into sentences (lines and full stops; with ``unwrap``, a sentence wrapped over
    lines is one, though then not a part of the text as written), keeping bullets as their own."""
    return list(_sentences(text, unwrap))


@lru_cache(maxsize=64)
def _sentences(text: str, unwrap: bool) -> tuple[str, ...]:
    """``sentences``, kept for the texts read last: every pass of a document's reading splits
    the same paragraphs again."""
    out: list[str] = []
    for line in unwrapped_lines(text) if unwrap else text.split("\n"):
        line = line.strip().lstrip("•-–* ").strip()
        if not line:
            continue
        parts = re.split(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“\"‘(])", line)
        merged: list[str] = []
        for part in parts:
            if merged and re.search(rf"\b{_ABBREV}\.$", merged[-1]):
                merged[-1] = f"{merged[-1]} {part}"
            else:
                merged.append(part)
        out.extend(p.strip() for p in merged if p.strip())
    return tuple(out)


#: A line broken inside a sentence, as a PDF's text or a narrow page wraps it: the line ends in a
#: small letter or a comma and the next begins with a small letter, a digit or a bracket
#: ("… was in breach of Regulation" / "12 of the Health and Social Care Act 2008"), or the line
#: ends in a word that cannot end a sentence ("… was in breach of" / "Regulation 12"), or in a
#: number after a word with the next line going on in small letters or a bracket, or a regulation
#: cited over two lines; a word in quotes opening the next line goes on too ("… is therefore in" /
#: "'special measures'.").
_WRAPPED_LINE_RE = re.compile(
    # every alternative is a line's end: looked for first, so no other position costs a look behind
    r"(?=[ \t]*\n)(?:"
    r"(?<=[a-z,])[ \t]*\n[ \t]*(?=[a-z0-9(]|['‘\"“][a-z])|"
    # a citation's number at the line's end, its title or the sentence going on below: "breaches
    # of regulation 12" / "(safe care and treatment) and regulation 18 (staffing)"
    r"(?:(?<=[a-z]\s\d)|(?<=[a-z]\s\d\d))[ \t]*\n[ \t]*(?=\([a-z]|[a-z])|"
    # a regulation's number at the line's end, its title in brackets below ("Regulation 13" /
    # "(Safeguarding service users …)"), and a title's bracket closing a line that goes on in
    # small letters ("Regulation 17 (Good governance)" / "and Regulation 19 (…)")
    r"(?:(?<=egulation\s\d)|(?<=egulation\s\d\d))[ \t]*\n[ \t]*(?=\([A-Z])|"
    r"(?<=[a-z]\))[ \t]*\n[ \t]*(?=(?:and|or)\s)|"
    r"(?:(?<=\bof)|(?<=\bto)|(?<=\bwith)|(?<=\band)|(?<=\bthe)|(?<=\bin)|(?<=\bunder))[ \t]*\n[ \t]*(?=[A-Z]|['‘\"“]\w))")


@lru_cache(maxsize=64)
def unwrapped(text: str) -> str:
    r"""``text`` with the lines broken inside a sentence joined again, so a breach or an action
    stated over two lines is read as one sentence.

    >>> unwrapped("was in breach of Regulation\n12 of the Act.\nSafe")
    'was in breach of Regulation 12 of the Act.\nSafe'
    """
    return _WRAPPED_LINE_RE.sub(" ", text)


def norm(text: str) -> str:
    """Lower case, single spaces, curly quotes straightened."""
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-")
    return " ".join(text.lower().split())


# ---------------------------------------------------------------------------------------------
# Population groups (GP practices, 2014-2023)
# ---------------------------------------------------------------------------------------------

#: The six population groups, as printed in GP reports: a report table "Older people<TAB>Good", a summary list "Older People – Good", a one-line PDF text
#: "Older people Requires improvement". The name is kept as written.
POPULATION_GROUPS: tuple[str, ...] = (
    r"Older\s+people",
    r"People\s+with\s+long[\s-]+term\s+conditions",
    r"Families,?\s+children\s+and\s+young\s+people",
    # the note in brackets as each report words it: "(including those recently retired and
    # students)", "(including those retired and students)", "(including people with dementia)"
    r"Working[\s-]+age\s+people(?:\s*\(including\s+[^()]{3,60}\))?",
    r"People\s+whose\s+circumstances\s+may\s+make\s+them\s+vulnerable",
    r"People\s+experiencing\s+poor\s+mental\s+health(?:\s*\(including\s+[^()]{3,60}\))?",
)
_RATING_CAP = r"(Outstanding|Good|Requires\s+[Ii]mprovement|Inadequate|Not\s+rated|Inspected\s+but\s+not\s+rated)"
#: "Older people<TAB>Good", "Older People – Good", "Older people Requires improvement".
_GROUP_LINE_RES = tuple(
    # the group name in any case, the rating word capitalised and right after it
    # (a row of a grid, "Older people  Good  Requires improvement  …", is read by its columns)
    re.compile(rf"(?P<group>(?i:{g}))[ \t]*(?:\t|[–:-]|\s)[ \t]*{_RATING_CAP}\b(?!\s+for\b)(?![ \t|]+{_RATING_CAP})")
    for g in POPULATION_GROUPS
)
_GROUP_PROSE_RES = tuple(
    # "The practice is rated as good for the care of older people.", "It was rated Good in all
    # five key questions, and Outstanding for its care of people whose circumstances …"
    re.compile(rf"(?:\brated\s+(?:as\s+)?|\band\s+)(?P<value>{RATING_WRAPPED_ALT})\s+for\s+(?:(?:the|its|their)\s+care\s+of\s+)?(?P<group>{g})", re.I)
    for g in POPULATION_GROUPS
)
#: What a rating word is given for when it is a population group's: "… Outstanding for its care of
#: people whose circumstances may make them vulnerable", "good for older people".
FOR_GROUP_RE = re.compile(
    rf"^\s*for\s+(?:(?:the|its|their)\s+care\s+of\s+)?(?:{'|'.join(POPULATION_GROUPS)})\b", re.I)


#: The six groups by the names CQC's reports print, for a text that rates them all at once.
POPULATION_GROUP_NAMES: tuple[str, ...] = (
    "Older people",
    "People with long-term conditions",
    "Families, children and young people",
    "Working age people (including those recently retired and students)",
    "People whose circumstances may make them vulnerable",
    "People experiencing poor mental health (including people with dementia)",
)
#: "We have rated this practice as requires improvement overall and requires improvement for all
#: population groups" (GP reports 2018-2019). Not when the sentence goes on "except
#: families, children and young people, which we rated as inadequate".
ALL_GROUPS_RE = re.compile(
    rf"\brat(?:ed|e)\b[^.]{{0,120}}?\b(?P<value>{RATING_WRAPPED_ALT})\s+for\s+(?:the\s+care\s+of\s+)?"
    r"all\s+(?:(?:six|of\s+the|the)\s+)?population\s+groups\b(?![^.]{0,40}\b(?:except|apart from|other than|but)\b)", re.I)


#: The care a GP practice "provided" to population groups it names (letters from the Chief
#: Inspector of General Practice, 2014-2016): "the practice provided outstanding care to people with
#: long term conditions", "the practice also provided outstanding services to all population groups
#: including older people, families, children and young people, working age people, …". Only the
#: groups named are rated ("all population groups" alone names none). A sentence may go on to a
#: second rating ("… outstanding care to older people and good care to families …"): each rating
#: takes the groups named after it, and none after a turn of the sentence ("…, although …").
_GROUPS_PROVIDED_RE = re.compile(rf"\bprovided\s+(?={RATING_WRAPPED_ALT})(?P<rest>[^.;]+)", re.I)
_GROUPS_CARE_RE = re.compile(rf"\b(?P<value>{RATING_WRAPPED_ALT})\s+(?:care|services?)\s+(?:to|for)\s+", re.I)
_GROUPS_TURN_RE = re.compile(r"\b(?:except|apart from|other than|but|however|although|though|whereas|while)\b", re.I)
_GROUP_NAMED_RES = tuple(re.compile(rf"\b(?i:{g})\b") for g in POPULATION_GROUPS)


def _groups_provided_for(text: str) -> list[tuple[str, RatingValue]]:
    """``(group by CQC's name for it, rating)`` for each group named after "provided <rating> care
    to" (``_GROUPS_PROVIDED_RE``), or after a later "<rating> care to" in the same sentence.

    >>> _groups_provided_for("The practice provided outstanding care to older people and good care"
    ...                      " to families, children and young people.")  # doctest: +NORMALIZE_WHITESPACE
    [('Older people', <RatingValue.OUTSTANDING: 'outstanding'>),
     ('Families, children and young people', <RatingValue.GOOD: 'good'>)]
    """
    out: list[tuple[str, RatingValue]] = []
    for m in _GROUPS_PROVIDED_RE.finditer(" ".join(text.split())):
        rest = _GROUPS_TURN_RE.split(m.group("rest"), maxsplit=1)[0]
        clauses = list(_GROUPS_CARE_RE.finditer(rest))
        for clause, following in zip(clauses, [*clauses[1:], None][:len(clauses)], strict=True):
            value = parse_rating(clause.group("value"))
            groups = rest[clause.end():following.start() if following else len(rest)]
            for name, named_re in zip(POPULATION_GROUP_NAMES, _GROUP_NAMED_RES, strict=True):
                if value and named_re.search(groups) and name not in [g for g, _v in out]:
                    out.append((name, value))
    return out


def population_group_ratings(text: str, all_groups: bool = False) -> list[tuple[str, RatingValue]]:
    """``(group as written, rating)`` for each population group the text rates, once each;
    with ``all_groups``, a text that names none but rates "all population groups" gives the
    six (full GP reports only, whose structure has the six groups; a location page summary that
    says so is left alone).

    >>> population_group_ratings("Older People – Good\\nPeople with long-term conditions – Requires Improvement")
    [('Older People', <RatingValue.GOOD: 'good'>), ('People with long-term conditions', <RatingValue.REQUIRES_IMPROVEMENT: 'requires-improvement'>)]
    """
    out: list[tuple[str, RatingValue]] = []
    for line_re, prose_re in zip(_GROUP_LINE_RES, _GROUP_PROSE_RES, strict=True):
        m = line_re.search(text)
        if m:
            value = parse_rating(m.group(2))
            group = " ".join(m.group("group").split())
        else:
            m = prose_re.search(text)
            if not m:
                continue
            value = parse_rating(m.group("value"))
            group = " ".join(m.group("group").split())
        if value:
            out.append((group, value))
    for group, value in _groups_provided_for(text):
        if not any(g.lower() == group.lower() for g, _v in out):
            out.append((group, value))
    if not out and all_groups:
        m = ALL_GROUPS_RE.search(text)
        value = parse_rating(m.group("value")) if m else None
        if value:
            out = [(group, value) for group in POPULATION_GROUP_NAMES]
    return out


# ---------------------------------------------------------------------------------------------
# Earlier inspections stated in one phrase
# ---------------------------------------------------------------------------------------------

#: "The last rating for this service was Good (published 12 September 2017)" (adult social care reports and location pages since 2019).
LAST_RATING_RE = re.compile(
    rf"\blast rating for (?:this|the) (?:service|location|practice|provider) was\s+['‘]?(?P<value>{RATING_ALT})['’]?"
    r"\s*\(published\s+(?P<date>[^)]{6,30})\)", re.I)
#: "(Previous inspection October 2015 – Good)" (GP summaries 2017-2019).
#: The bracket may go on with key questions rated otherwise: "(Previous inspection May 2016 – Good
#: overall with requires improvement in the effective domain)"; ``tail`` holds what follows the
#: overall rating.
#: An earlier inspection that gave no rating says so: "(Previous inspection March 2019 – Not rated)".
PREVIOUS_BRACKET_RE = re.compile(
    r"\(Previous (?:inspection|rating)s?\s+(?P<date>[^–\-)]{4,30}?)\s*[–-]\s*"
    r"(?P<value>" + RATING_ALT + r"|not\s+rated)(?:\s+overall)?(?P<tail>(?:,?\s+with\b[^)]{0,150})?)\.?\)", re.I)
#: Such a bracket wrapped over a line ("(Previous rating April 2016 –" / "Good)"): one phrase.
PREVIOUS_BRACKET_WRAPPED_RE = re.compile(r"\(Previous (?:inspection|rating)s?\b[^)\n]{0,60}\n[^)\n]{0,150}\)", re.I)
#: A key question rated otherwise in such a tail: "requires improvement in the effective domain",
#: "… for safe and well-led".
TAIL_KQ_RATING_RE = re.compile(
    rf"(?P<value>{RATING_ALT})\s+(?:in|for)\s+(?:the\s+)?(?P<kqs>(?:safe|effective|caring|responsive|well[- ]led)"
    r"(?:(?:,\s*|\s+and\s+)(?:safe|effective|caring|responsive|well[- ]led))*)\b", re.I)
#: "was previously inspected in August 2016 and rated good overall", "was
#: previously rated requires improvement overall following an inspection in June 2017",
#: "was previously rated inadequate overall ... following an inspection in January 2020", "was
#: previously rated good overall in August 2016".
PREVIOUSLY_RE = re.compile(
    rf"\bpreviously\s+inspected\s+(?:in|on)\s+(?P<date1>(?:\d{{1,2}}\s*)?[A-Z][a-z]+\s+\d{{4}})\s+and\s+(?:was\s+)?rated\s+(?:as\s+)?(?P<value1>{RATING_ALT})"
    rf"|\bpreviously\s+rated\s+(?:as\s+)?(?P<value2>{RATING_ALT})\b[^.]{{0,80}}?\bfollowing an inspection\s+(?:in|on)\s+(?P<date2>(?:\d{{1,2}}\s*)?[A-Z][a-z]+\s+\d{{4}})"
    # "The practice was previously rated good overall in August 2016."
    rf"|\bpreviously\s+rated\s+(?:as\s+)?(?P<value>{RATING_ALT})(?:\s+overall)?\s+in\s+(?P<date>[A-Z][a-z]+\s+\d{{4}})\b",
    re.I)


# ---------------------------------------------------------------------------------------------
# Core services (hospitals, trusts, ambulance and mental health services)
# ---------------------------------------------------------------------------------------------

#: Core service names CQC rates on their own, for reading their ratings in sentences
#: ("Our rating of urgent and emergency care went down. We rated it as requires improvement",
#; "Surgery, medical care and maternity were rated good"; headings
#: followed by "We rated it as inadequate"). Longest first.
CORE_SERVICES: tuple[str, ...] = (
    r"acute wards for adults of working age and psychiatric intensive care units",
    r"community[\s-]+based mental health services for (?:adults of working age|older people)",
    r"wards for older people with mental health problems",
    r"mental health crisis services and health[\s-]+based places of safety",
    r"long[\s-]+stay(?:/|\s+or\s+)rehabilitation mental health wards for working age adults",
    r"child and adolescent mental health (?:wards|services)",
    r"medical care \(including older people['’]s care\)",
    r"urgent and emergency (?:care|services)(?:\s+\([^)]{3,40}\))?",
    r"services for children and young people|children and young people['’]s services",
    r"maternity(?: and gynaecology)?",
    r"outpatients(?: and diagnostic imaging)?",
    r"diagnostic imaging",
    r"end of life care",
    r"critical care",
    r"medical care",
    r"surgery",
    r"gynaecology",
    r"emergency operations cent(?:re|er)s?",
    r"emergency and urgent care",
    r"patient transport services",
    # an ambulance trust's other two: its NHS 111 call service and its resilience (hazardous area
    # response) teams
    r"nhs 111(?: services?)?",
    r"resilience(?: services)?",
    # hospices, community health and mental health trusts
    r"hospice services for (?:adults|children(?: and young people)?)",
    r"community health services for (?:adults|children,? young people and families)",
    r"community health inpatient services",
    r"community end of life care",
    r"community urgent care services?",
    r"sexual health services",
    r"urgent care services",
    r"community dental services",
    r"wards for people with (?:a )?learning disabilit(?:y|ies) (?:or|and) autism",
    r"forensic inpatient(?:/| or )secure wards",
    r"specialist community mental health services for children and young people",
    r"community mental health services for people with (?:a )?learning disabilit(?:y|ies) (?:or|and) autism",
    r"substance misuse services",
)
CORE_SERVICE_RE = re.compile(r"\b(?:" + "|".join(CORE_SERVICES) + r")(?![\w-])", re.I)

#: A core service opening a sentence with its change and its new rating (a hospital's summary
#: listing its services): "Urgent and emergency care went down to inadequate", "Surgery improved to
#: good", "Medical care (including older people's care) stayed the same at requires improvement":
#: the service's overall rating now.
SERVICE_CHANGED_TO_RE = re.compile(
    rf"^\W*(?:the\s+)?(?P<service>{CORE_SERVICE_RE.pattern})(?:\s+services?)?\s+(?:(?:has|have)\s+)?"
    r"(?:went\s+down|gone\s+down|improved|dropped|fell|fallen|declined|deteriorated|went\s+up|gone\s+up|"
    r"stayed\s+the\s+same|remained\s+the\s+same)\s+(?:to|at|as)\s+"
    rf"(?P<value>{RATING_ALT})\b", re.I)

# ---------------------------------------------------------------------------------------------
# MUST / SHOULD totals (NHS trust reports 2014-2023)
# ---------------------------------------------------------------------------------------------

#: Totals of MUST and SHOULD actions stated as numbers rather than listed: "We found areas for
#: improvement including 17 breaches of legal requirements that the trust must put right. We found
#: 23 things that the trust should improve …" (trust reports' "Areas for
#: improvement"), "we told the trust it must take 17 actions … should take 23 actions", and press
#: releases' "it must take 22 actions to comply … It should also make 15 improvements". Only
#: an explicit number is read; "some actions" states no total.
ACTION_TOTAL_RES: tuple[tuple[re.Pattern[str], str], ...] = (
    # ("… including one breach of a legal requirement that the trust must put right")
    (re.compile(rf"\b(?P<n>{_NUMBER})\s+breach(?:es)?\s+of\s+(?:a\s+)?legal\s+requirements?\s+that\s+the\s+(?:trust|provider|service|hospital|practice)\s+must\s+put\s+right\b", re.I), "must"),
    # "22 things that the trust should improve", "We found 14 things that the trust must put right
    # and 22 things that it should improve"
    # (a sentence's "things that …"; a heading's "Three things the provider must do" counts the
    # list under it, and caps it: ``improvements``)
    (re.compile(rf"\b(?P<n>{_NUMBER})\s+things?\s+that\s+(?:the\s+(?:trust|provider|service|hospital|practice|location)|it|they)\s+"
                r"should\s+(?:improve|do|put\s+right|change)\b", re.I), "should"),
    (re.compile(rf"\b(?P<n>{_NUMBER})\s+things?\s+that\s+(?:the\s+(?:trust|provider|service|hospital|practice|location)|it|they)\s+"
                r"must\s+(?:put\s+right|do|improve|change)\b", re.I), "must"),
    (re.compile(rf"\b(?:must|should)\s+take\s+(?P<n>{_NUMBER})\s+actions?\b", re.I), "verb"),
    # "We told the provider that it must take action to bring services into line with three legal
    # requirements" (mental health and hospital reports 2015-2020): one MUST action a requirement
    (re.compile(rf"\bmust\s+take\s+actions?\s+to\s+bring\s+(?:its\s+|the\s+)?services?\s+into\s+line\s+with\s+(?P<n>{_NUMBER})\s+"
                r"legal\s+requirements?\b", re.I), "must"),
    # the MUST actions told by what they are for, meeting the law: "has told it to take five
    # actions to meet its legal requirements", "told the trust to take 12 actions to comply with
    # the regulations" (press releases; the SHOULD actions are those "to improve")
    (re.compile(rf"(?<!should )\btake\s+(?P<n>{_NUMBER})\s+actions?\s+to\s+(?:meet|comply\s+with)\s+(?:its|their|the)\s+"
                r"(?:legal\s+(?:requirements|obligations)|regulations|law)\b", re.I), "must"),
    # "including 31 actions the trust must take" (press releases)
    (re.compile(rf"\b(?P<n>{_NUMBER})\s+actions?\s+(?:that\s+)?the\s+(?:trust|provider|service|hospital|practice)\s+must\s+take\b", re.I), "must"),
    # "It should also make 15 improvements", "must make 10 improvements" (press releases)
    (re.compile(rf"\b(?:must|should)\s+(?:also\s+)?make\s+(?P<n>{_NUMBER})\s+(?:further\s+)?improvements?\b", re.I), "verb"),
    # the count before the verb: "it must make four improvements … and 12 improvements it should
    # make", "and 9 actions the trust should take" (press releases)
    # (in prose, lower case: a list's "Regulation 18" over the heading "Action the provider SHOULD
    # take" is no count)
    (re.compile(rf"(?<![Rr]egulation\s)\b(?P<n>{_NUMBER})\s+(?:further\s+|other\s+)?(?-i:improvements?|actions?)\s+(?:that\s+)?"
                r"(?-i:it|they|the\s+(?:trust|provider|service|hospital|practice))\s+(?-i:should)\s+(?:also\s+)?(?-i:make|take)\b", re.I), "should"),
    (re.compile(rf"(?<![Rr]egulation\s)\b(?P<n>{_NUMBER})\s+(?:further\s+|other\s+)?(?-i:improvements?)\s+(?:that\s+)?"
                r"(?-i:it|they|the\s+(?:trust|provider|service|hospital|practice))\s+(?-i:must)\s+(?-i:make|take)\b", re.I), "must"),
)


#: What a lead-in of MUST actions may say of them between its verb and its colon, GP and
#: independent health reports 2017-2022: "The areas where the provider must make improvements as
#: they are in breach of regulations are:". Its items are then the breaches, in the words of the
#: regulations (``MUST_ITEM_REGULATIONS``).
IN_BREACH_CLAUSE = r"\s+as\s+(?:they|these)\s+are\s+in\s+breach\s+of\s+(?:the\s+)?(?:legal\s+)?regulations?"
IN_BREACH_CLAUSE_RE = re.compile(IN_BREACH_CLAUSE, re.I)

#: The MUST items of such a list, each in the words CQC uses for one regulation of the 2014
#: Regulations ("Ensure care and treatment is provided in a safe way to patients." is regulation
#: 12): the regulation each item is the breach of, read only under a lead-in that says its items
#: are breaches (``IN_BREACH_CLAUSE``).
MUST_ITEM_REGULATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(rx, re.I), num) for rx, num in (
    (r"\bcare\s+and\s+treatment\s+(?:of\s+(?:patients|service\s+users)\s+)?is\s+appropriate,?\s+meets\s+(?:their|patients'?|people'?s?)\s+needs", "9"),
    (r"\btreated\s+with\s+dignity\s+and\s+respect\b", "10"),
    (r"\bcare\s+and\s+treatment\s+is\s+(?:only\s+)?provided\s+with\s+the\s+consent\b", "11"),
    (r"\bcare\s+and\s+treatment\s+is\s+provided\s+in\s+a\s+safe\s+way\b", "12"),
    (r"\b(?:patients|service\s+users|people)\s+are\s+protected\s+from\s+abuse\s+and\s+improper\s+treatment\b", "13"),
    (r"\bpremises\s+and\s+equipment\s+(?:used\s+by\s+the\s+service\s+provider\s+)?(?:is|are)\s+(?:clean|fit\s+for\s+use|suitable)\b", "15"),
    (r"\b(?:effective\s+system|systems?)\s+for\s+identifying,\s+receiving,\s+recording,\s+handling\s+and\s+responding\s+to\s+complaints\b", "16"),
    (r"\beffective\s+systems\s+and\s+processes\s+to\s+ensure\s+good\s+governance\b", "17"),
    (r"\bsufficient\s+numbers\s+of\s+suitably\s+qualified,\s+competent,\s+skilled\s+and\s+experienced\s+(?:persons|staff)\b"
     r"|\bpersons\s+employed\b[^.]{0,80}?\breceive\s+(?:the\s+)?appropriate\s+support,\s+training", "18"),
    (r"\brecruitment\s+procedures\s+are\s+established\s+and\s+operated\s+effectively\b", "19"),
))


def must_item_regulation(item: str) -> str | None:
    """The 2014 regulation whose words a MUST item is in (``MUST_ITEM_REGULATIONS``), else None.

    >>> must_item_regulation("Ensure care and treatment is provided in a safe way to patients.")
    '12'
    >>> must_item_regulation("Review the process for sharing information with patients' NHS GPs.") is None
    True
    """
    return next((num for rx, num in MUST_ITEM_REGULATIONS if rx.search(item)), None)


#: How an item of a list may end when it is whole: its full stop or other closing mark, or the
#: citation in brackets after it.
_ITEM_ENDED_RE = re.compile(r"[.;:!?)\]\"'’”]\s*$")


def list_cut_off(text: str, last_item: str) -> bool:
    """Whether a list ends where the text does, its ``last_item`` unfinished ("• Continue to
    imp", "• Improve the recording of"): an excerpt cut inside the list, so the items shown are
    not all the list's and its count is unknown.

    >>> list_cut_off("The provider should:\\n• Review the rota.\\n• Improve the recording of", "Improve the recording of")
    True
    >>> list_cut_off("The provider should:\\n• Review the rota.", "Review the rota.")
    False
    """
    tail = " ".join(text.split())
    item = " ".join(last_item.split())
    return bool(item) and tail.endswith(item) and not _ITEM_ENDED_RE.search(item)


def action_totals(text: str) -> dict[str, int]:
    """{"must": n, "should": n} for totals the text states (see ``ACTION_TOTAL_RES``)."""
    flat = " ".join(text.split())
    out: dict[str, int] = {}
    for rx, kind in ACTION_TOTAL_RES:
        for m in rx.finditer(flat):
            n = number(m.group("n"))
            if not n or n > 500:
                continue
            k = kind if kind != "verb" else m.group(0).split()[0].lower()
            out.setdefault(k, n)
    return out


#: "the practice was rated Good overall and for all key questions" (GP reports'
#: "previous inspection" line), "rated it Inadequate overall and in every key question" (press
#: releases): the rating then holds for each of the five key questions. Only "all" / "each of the"
#: / "every" key question expands; a partial list is read as written.
ALL_KEY_QUESTIONS_RE = re.compile(
    r"^[\s\"”’'.]*(?P<overall>overall,?\s+and\s+)?(?:for|in|across)\s+(?:(?:all|each)\s+(?:of\s+)?(?:the\s+)?(?:five\s+|5\s+)?key\s+questions|(?:every|each)\s+key\s+question"
    # a release's word for the key questions: "rated the service Good in all five areas"
    r"|(?:all|each)\s+(?:of\s+)?(?:the\s+)?(?:five|5)\s+areas)\b",
    re.I)



# ---------------------------------------------------------------------------------------------
# Rating changes stated across sentences or for several key questions
# ---------------------------------------------------------------------------------------------

_R = rf"(?:{RATING_ALT})"
_KQW = rf"(?:{KQ_ALT})"
#: A previous overall rating, then the new one a later sentence of the same paragraph states:
#: "The last rating for this service was good (published 14 February 2020). The rating has changed
#: to requires improvement." (location pages 2017-2023); "This service has been rated
#: requires improvement for the last two consecutive inspections. The rating has now changed to
#: good."; "At our last inspection in February 2017 we rated the service Good. At this
#: inspection we found the service had deteriorated to Requires Improvement.".
LAST_OVERALL_RE = re.compile(
    rf"\bThe last rating for this (?:service|location|practice|home) was (?P<old>{_R})\b"
    rf"|\bThis (?:service|location|practice|home) has been rated (?P<old2>{_R}) for the last (?:two|three|four|\d+) (?:consecutive )?inspections\b"
    rf"|\bAt (?:our|the) last inspection\b[^.]{{0,40}}?\b(?:we rated (?:the|this) (?:service|location|practice|home)|"
    # "At our last inspection the service was rated good overall."
    rf"(?:the|this) (?:service|location|practice|home) was rated(?: as)?) (?P<old3>{_R})(?: overall)?\.", re.I)
NEW_OVERALL_RE = re.compile(
    rf"^(?:\s*\(published [^)]*\))?[^.]*?(?:\.\s+[^.]*?){{0,2}}?"
    # "The rating has changed to …", "Our rating for this service has changed to …", "The rating
    # has gone down to …"
    rf"(?:\b(?:The|Our) (?:overall )?rating (?:for (?:this|the) (?:service|location|practice|home) )?has (?:now )?"
    rf"(?:changed|gone down|dropped|deteriorated|declined|improved|gone up) to (?P<new>{_R})\b"
    # "This service has improved to good", "The service has now deteriorated to inadequate"
    rf"|\b(?:This|The) (?:service|location|practice|home) has (?:now )?(?:improved|deteriorated|declined|gone down) to (?P<new2>{_R})\b"
    rf"|\bAt this inspection,? we found the (?:service|location|practice|home) had (?:deteriorated|declined|improved) to (?P<new3>{_R})\b"
    + "|" + CHANGE_OF_RATING_TO_RE.pattern.replace("(?P<new>", "(?P<new4>") + ")", re.I)
#: The new overall rating, then the old one it changed from, in its own words (the direction is
#: the order of the two on CQC's scale, ``change_between``):
#: "has been rated Good overall and in every key question, an improvement from its previous rating
#: of Requires Improvement", "has rated Severn Vale NHS Trust as good overall, an improvement from
#: requires improvement", "is rated inadequate overall, down from good" (releases); "… and is rated requires improvement. This is a change from
#: our last inspection in February 2022, when the service was rated good." (assessments); "is now
#: rated Requires Improvement overall, following an inspection on 10 August 2021. The home was
#: previously rated Inadequate …" (releases).
NEW_THEN_OLD_RES = (
    re.compile(rf"\brated\s+(?:[^.;]{{1,120}}?\s+)?(?:as\s+)?(?P<new>{_R})\s+overall\b[^.;]{{0,80}}?,\s+(?:an?\s+(?:improvement|deterioration|decline|drop|fall)|up|down)\s+"
               rf"from\s+(?:(?:its|their|the)\s+)?(?:(?:previous|last|earlier)\s+)?(?:(?:overall\s+)?rating\s+(?:of\s+)?)?(?P<old>{_R})\b", re.I),
    re.compile(rf"\b(?:is|was|has\s+been)\s+(?:now\s+)?rated\s+(?:as\s+)?(?P<new>{_R})(?:\s+overall)?\.\s+This\s+(?:is|was|represents)\s+a\s+"
               rf"change\s+from\s+(?:our|the|its)\s+(?:last|previous)\s+(?:inspection|assessment|rating)\b[^.]{{0,60}}?,?\s+when\s+"
               rf"(?:(?:the|this)\s+(?:service|practice|home|location)|it)\s+was\s+rated\s+(?:as\s+)?(?P<old>{_R})\b", re.I),
    re.compile(rf"\bis\s+now\s+rated\s+(?:as\s+)?(?P<new>{_R})\s+overall\b[^.]*\.\s+(?:The|This|It)\s+(?:\w+\s+)?"
               rf"(?:was|had\s+been)\s+previously\s+rated\s+(?:as\s+)?(?P<old>{_R})\b", re.I),
)
#: A change said with the new rating: "the practice has improved and is now rated good overall",
#: "the home has deteriorated and is now rated inadequate overall", "The home has deteriorated and
#: is now rated inadequate.".
CHANGED_AND_NOW_RE = re.compile(
    rf"\bhas\s+(?P<verb>improved|deteriorated|declined|gone\s+down|got\s+worse)\s+and\s+is\s+now\s+rated\s+(?:as\s+)?(?P<new>{_R})"
    # "overall", or nothing more: "… and is now rated inadequate." ("… for safe" is a key question's)
    r"(?:\s+overall\b|(?=\s*[.;]))", re.I)
#: Key questions rated with the service staying at that rating: "The service remained good in
#: effective and caring", "The home remains rated good for being caring and responsive": each one's
#: rating, and its change "stayed the same" (its earlier rating not written apart).
REMAINED_IN_KQS_RE = re.compile(
    rf"\b(?:the\s+(?:service|home|practice|location|hospice|agency)|it)\s+(?:has\s+)?remain(?:ed|s)\s+(?:rated\s+)?(?:as\s+)?"
    rf"(?P<value>{_R})\s+(?:in|for)\s+(?:being\s+)?(?:the\s+)?(?P<kqs>{KQ_LIST})\b", re.I)
#: The whole service staying at its rating, said in a sentence of its own (adult social care
#: summaries 2017-2019): "The service remained good.", "This home remains outstanding.", "The
#: service has remained rated requires improvement overall.": the overall rating, stayed the same.
REMAINED_OVERALL_SENTENCE_RE = re.compile(
    rf"^\W*(?:The|This)\s+(?:service|home|practice|location|hospice|agency)\s+(?:has\s+)?remain(?:ed|s)\s+(?:rated\s+)?(?:as\s+)?"
    rf"(?P<value>{_R})(?:\s+overall)?\s*\.?\s*$", re.I)
#: A change stated by the earlier rating alone, no new one after it: "Safe, effective and
#: well-led have gone down from good", "The home's rating has dropped from Good", "well-led has
#: improved from Inadequate" (the earlier rating is written; the direction is the verb's).
CHANGED_FROM_ONLY_RE = re.compile(
    r"\b(?:have|has)\s+(?:both\s+|all\s+)?(?P<verb>gone\s+down|dropped|fallen|declined|deteriorated|improved|gone\s+up|risen)\s+"
    rf"from\s+(?P<old>{_R})\b(?!\s+(?:\w+\s+){{0,3}}to\b)", re.I)
#: What ``CHANGED_FROM_ONLY_RE``'s change is of, said just before it: key questions listed
#: ("Safe, effective and well-led"), or the subject's overall rating ("The home's rating").
CHANGED_FROM_ONLY_SUBJECT_RE = re.compile(
    rf"(?:^|[.;,:]\s+|\band\s+|\bbut\s+)(?:the\s+ratings?\s+for\s+)?(?P<kqs>{KQ_LIST})\s+$"
    r"|(?P<overall>(?:['’]s|\bits|\btheir|\bthe)\s+(?:overall\s+)?rating\s+)$", re.I)
#: "Our rating of safe and well-led went down": one change for each key question listed.
OUR_RATING_OF_LIST_RE = re.compile(
    rf"\bOur\s+rating\s+(?:of|for)\s+(?P<kqs>{_KQW}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+){_KQW})+)\s+(?P<change>{_CHANGE_SAID})\b", re.I)
#: "Its ratings for safe and well-led have both dropped from requires improvement to inadequate"
#: (press releases).
RATINGS_FOR_LIST_CHANGED_RE = re.compile(
    rf"\bratings? for (?P<kqs>{_KQW}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+){_KQW})*)\s+(?:have|has)\s+(?:both\s+|all\s+)?"
    rf"(?:changed|improved|gone down|went down|dropped|fallen)\s+from\s+(?P<old>{_R})\s+to\s+(?P<new>{_R})\b", re.I)
#: "the home remains rated requires improvement overall": the overall rating stayed the same.
REMAINS_OVERALL_RE = re.compile(rf"\bremain(?:s|ed)?\s+rated\s+(?:as\s+)?(?P<value>{_R})\s+overall\b", re.I)
#: "The rating has changed to requires improvement." opening a sentence of a location page summary: the new overall rating. Mid-sentence uses ("At this assessment the rating has
#: changed to …", a key question's own section) are not read as overall.
RATING_CHANGED_TO_RE = re.compile(rf"^\W*The (?:overall )?rating has (?:now )?changed to (?P<new>{_R})\b", re.I)


# ---------------------------------------------------------------------------------------------
# Breaches stated by their subject
# ---------------------------------------------------------------------------------------------

#: The official titles of the regulations of the Health and Social Care Act 2008 (Regulated
#: Activities) Regulations 2014 that a summary names a breach by: "We have identified breaches in
#: relation to safe care and treatment and good governance".
REGULATION_BY_TITLE: dict[str, str] = {
    "person-centred care": "9",
    "dignity and respect": "10",
    "need for consent": "11",
    "safe care and treatment": "12",
    "safeguarding service users from abuse and improper treatment": "13",
    # the summaries' own words for regulation 13: "These related to safe care and treatment,
    # safeguarding people from abuse and improper treatment, and good governance"
    "safeguarding people from abuse and improper treatment": "13",
    "meeting nutritional and hydration needs": "14",
    # the releases' and summaries' own words for regulation 14: "breaches of regulations relating
    # to safe care and treatment, staffing, nutrition and hydration, and good governance"
    "nutrition and hydration": "14",
    "premises and equipment": "15",
    "receiving and acting on complaints": "16",
    "good governance": "17",
    "staffing": "18",
    # the assessment summaries' own words for regulation 18: "… in relation to safe care and
    # treatment, good governance and safe and effective staffing"
    "safe and effective staffing": "18",
    "fit and proper persons employed": "19",
    "duty of candour": "20",
}
_TITLE_ALTS = "|".join(re.escape(t).replace(r"\-", "-").replace("-", r"[\s-]") for t in
                       sorted(REGULATION_BY_TITLE, key=len, reverse=True))
#: One official title inside a list of subjects, whole words only.
REGULATION_TITLE_WORDS_RE = re.compile(rf"\b(?:{_TITLE_ALTS})\b", re.I)

#: What leads the subjects of breaches: "… in relation to", "…, relating to", "… covering", "… including", a colon.
_SUBJECT_LEAD = (r"\s*,?\s+(?:in\s+relation\s+to|relating\s+to|related\s+to|in\s+respect\s+of|covering|concerning|regarding|"
                 # "breached regulations about person-centred care, …", "breached the regulation on staffing"
                 r"about|on|"
                 # "…, including those relating to …"
                 r"including(?:\s+those\s+(?:relating\s+to|related\s+to|in\s+relation\s+to|about))?)\s+|\s*:\s*")

#: Where a list of the subjects of breaches ends: a bracket, "at this inspection", a clause of its
#: own ("…, and we have asked the provider to send us an action plan", "; we have told the provider
#: …"), or a clause that says why, when or where ("because risks were not managed", "during this
#: inspection", "where people were at risk", "so we asked …").
SUBJECTS_END_RE = re.compile(
    r"\(|;|\bat (?:this|the|our) (?:inspection|assessment|visit)\b|\bPlease\b|\bsee\b|"
    r"\b(?:which|who|because|since|so|where|when|whilst|while|during|following|after|but|although|though|until)\b|"
    r"(?:,\s*|\band\s+)(?=(?:we|they|it|this|these|there|people|the\s+(?:provider|service|practice|registered|trust|home))\b|"
    # ("…, staff were not trained" is a clause; "…, staff training and governance" a subject)
    r"staff\b(?!\s+(?:training|recruitment|supervision|deployment|levels|numbers|support|development|competenc[ey]|skills|induction|appraisals?|records)\b))|"
    # a new clause of the sentence's subject: "…, staffing and good governance, and has told the
    # trust it must take 22 actions"
    r",?\s*\band\s+(?=(?:has|have|had|is|was|were|will|must|should|told|issued|served)\b)|"
    # a clause of its own that states another breach: "…safe care and treatment, and the staffing
    # levels breached the regulation on staffing"
    r"(?:,\s*|\band\s+)(?=(?:[\w'’-]+\s+){0,4}?(?:breached|was\s+in\s+breach|were\s+in\s+breach)\b)",
    re.I)

#: A statement that breaches were found, naming them by subject (whoever found them): "We have
#: identified breaches in relation to …", "Inspectors found breaches of regulations relating to …", "We found a breach of regulation in relation to …", "We found 2 breaches of
#: the legal regulations in relation to …".
#: Conditional or general wording ("where we find breaches we will…", "if a breach is
#: identified", "We will check whether breaches…") is not a statement of a finding.
STATED_BREACH_RE = re.compile(
    # "we found", "we have also identified", "Inspectors found", "… served a warning notice and
    # found", "were identified"
    # "There were breaches of regulations relating to …"; a breach not yet put right: "had not
    # fully addressed a breach of the regulation relating to good governance"
    r"\b(?:(?:(?:were|was|have\s+been|has\s+been)\s+)?(?:identified|found)|there\s+(?:were|was|are|is)|"
    r"(?:had|has|have)\s+not\s+(?:yet\s+|fully\s+)*(?:addressed|remedied|resolved)(?:\s+the)?)\s+"
    r"(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}|multiple|several|further)\s+)?"
    r"(?:continued\s+|repeated\s+|ongoing\s+)?breach(?:es)?\b"
    # "… of five regulations", "… of the Health and Social Care Act in relation to", "… of the
    # Health and Social Care Act 2008 (Regulated Activities) Regulations 2014 relating to"
    r"(?:\s+(?:of|in)\s+(?:the\s+)?(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+)?(?:legal\s+)?(?:regulations?|requirements?|"
    r"(?:the\s+)?(?:Health\s+and\s+Social\s+Care\s+Act|HSCA)(?:\s+2008)?(?:[^.]*?Regulations\s+20\d\d)?))?"
    r"(?:" + _SUBJECT_LEAD + r")(?P<list>[^.]+)",
    re.I,
)
#: The same finding stated of the provider: "The provider was previously in breach of 6 legal
#: regulations in relation to person-centred care, …", "the provider remained in breach of
#: regulations in relation to safe care and treatment".
STATIVE_BREACH_RE = re.compile(
    # "was in breach of", "was found to be in breach of", "We found the provider to be in breach of"
    r"\b(?:(?:was|were|is|are|remained|remains|(?:found\s+)?to\s+be)\s+(?:previously\s+|still\s+)?in\s+breach\s+of|"
    # "Inspectors found the provider in breach of seven regulations, including those relating to …"
    r"found\s+(?:the\s+(?:provider|trust|service|practice|home|agency|registered\s+(?:person|provider))|it|them)\s+in\s+breach\s+of|"
    # "the provider was not meeting regulations in relation to safe care and treatment", "was
    # failing to meet regulations covering …", "Inspectors found the trust had breached regulations
    # relating to …"
    r"(?:was|were|is|are|had\s+been)\s+not\s+meeting|(?:was|were)\s+failing\s+to\s+meet|failed\s+to\s+meet|did\s+not\s+meet|"
    # "had not met the legal requirements in relation to …"
    r"(?:had|has|have)\s+not\s+(?:yet\s+|fully\s+)?met|"
    # "was not compliant with the regulations in relation to good governance"
    r"(?:was|were|is|are)\s+(?:not\s+compliant|non-?compliant|not\s+complying)\s+with|"
    # "…, which breached the regulation on safe care and treatment" (any tense of the verb; "had not
    # breached" is denied before it)
    r"(?:(?:had|has|have)\s+)?breached|"
    # "This was a breach of the regulation about the need for consent", "the provider continued to
    # breach the regulation relating to good governance"
    r"(?:was|were|is|are)\s+(?:a|an|one)\s+(?:continued\s+|further\s+|repeated\s+)?breach\s+of|(?:continued|continues|continuing)\s+to\s+breach)\s+"
    # "… the legal requirements relating to …"
    # ("… the requirements of the regulations relating to the management of medicines")
    # ("… had breached a regulation relating to safe care and treatment")
    r"(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+)?(?:the\s+)?(?:(?:legal\s+)?requirements?\s+of\s+(?:the\s+)?)?"
    # ("… was not meeting the requirements of the law in relation to person-centred care, …")
    r"(?:legal\s+)?(?:regulations?|requirements?|fundamental\s+standards?|(?<=the\s)law)"
    # "… in relation to a, b and c", "in breach of three regulations: a, b and c"
    r"(?:" + _SUBJECT_LEAD + r")(?P<list>[^.]+)",
    re.I,
)
#: The same finding in the passive, the breaches first: "Breaches of regulation were identified in
#: relation to safeguarding, staffing and governance", "Breaches of the regulations were found
#: relating to …".
PASSIVE_BREACH_RE = re.compile(
    r"^\W*(?:(?:two|three|four|five|six|\d{1,2}|multiple|several|further|continued|repeated)\s+)?breach(?:es)?\s+of\s+(?:the\s+)?(?:legal\s+)?"
    r"(?:regulations?|requirements?)\s+(?:were|was|have\s+been|has\s+been)\s+(?:identified|found)"
    r"(?:" + _SUBJECT_LEAD + r")(?P<list>[^.]+)", re.I)
#: A breach of a regulation named by its title before the word: "a breach of the duty of candour
#: regulation", "breaches of the safe care and treatment and good governance regulations".
TITLE_BEFORE_REGULATION_RE = re.compile(
    rf"\bbreach(?:es|ed)?\s+(?:of\s+)?the\s+(?P<list>(?:{_TITLE_ALTS})(?:(?:\s*,\s*|\s+and\s+|,\s+and\s+)(?:{_TITLE_ALTS}))*)\s+regulations?\b", re.I)
#: The titles alone after the word, ending the clause: "We found breaches of safe care and
#: treatment and good governance." ("a breach of staffing levels" names no regulation).
TITLES_ALONE_RE = re.compile(
    rf"\bbreach(?:es)?\s+of\s+(?P<list>(?:{_TITLE_ALTS})(?:(?:\s*,\s*|\s+and\s+|,\s+and\s+)(?:{_TITLE_ALTS}))*)"
    r"(?=\s*(?:[.;]|,\s+(?:and|which|because|as)\b|$|\s+(?:at|during|in\s+(?:this|the|our)|which|because)\b))", re.I)

#: A sentence that states breaches and ends in a colon, the breaches listed in the items that
#: follow ("We found the following breaches of the Health and Social Care Act 2008 (Regulated
#: Activities) Regulations 2014:", "The provider was in breach of the following regulations:",
#: "Breaches of legal requirements:").
#: Each item cites a regulation or names one by its official title.
BREACH_LIST_LEAD_RE = re.compile(
    r"(?:\bbreach(?:es)?\s+of\s+(?:the\s+following\b|(?:\w+\s+)?(?:legal\s+)?(?:regulations?|requirements?)\b)|"
    # "We found the provider was in breach of:" and the regulations listed under it
    r"\bin\s+breach\s+of(?=\s*:\s*$)|"
    r"\bfollowing\s+(?:\w+\s+)?breach(?:es)?\b|\bnot\s+meeting\s+the\s+following\b)[^.:]*:\s*$", re.I)
#: A lead that states no breach ("Whilst we found no breaches of regulations, the provider should:").
NO_BREACH_RE = re.compile(r"\bno\s+(?:\w+\s+)?breach|\bnot\s+(?:find|found|identify|identified)\b", re.I)
#: The bullet a PDF's text or a page may leave before an item ("●", "▪", "", the symbol font's).
ITEM_BULLET = r"[\s●▪◦·‣\uf0b7\uf0a7]*"
#: One item of such a list: "Regulation 12 Safe care and treatment", "Regulation 17 HSCA RA
#: Regulations 2014 Good governance", "Safe care and treatment (Regulation 12)", "Good governance".
BREACH_ITEM_RE = re.compile(
    r"^" + ITEM_BULLET + r"(?:(?:Regulations?|Reg\.?)\s*\d{1,2}[A-Z]?\b|(?:" + "|".join(
        re.escape(t).replace(r"\-", "-").replace("-", r"[\s-]").replace(r"\ ", r"\s+")
        for t in sorted(REGULATION_BY_TITLE, key=len, reverse=True)) + r")\b)", re.I)

#: Breaches counted in one sentence and named in the next: "We identified three breaches of the
#: Health and Social Care Act 2008 (Regulated Activities) Regulations 2014. These were in relation
#: to safe care and treatment, staffing and good governance." The count ("a breach", "breaches",
#: "two breaches of regulations", "was in breach of three regulations") and then what they were.
COUNTED_BREACH_RE = re.compile(
    r"\b(?:(?:identified|found)|there\s+(?:were|was)|(?:was|were|is|are)\s+in)\s+"
    r"(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}|multiple|several)\s+)?breach(?:es)?\b"
    r"(?:\s+of\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+)?(?:the\s+)?(?:legal\s+)?regulations?)?", re.I)
BREACHES_NAMED_NEXT_RE = re.compile(
    r"^\W*(?:These|This|The|They)\s+(?:breach(?:es)?\s+)?(?:were|was|are|is|related|relate[sd]?|concerned)\s+"
    r"(?:(?:in\s+relation\s+to|relating\s+to|related\s+to|to|about|in\s+respect\s+of)\s+|:\s*)(?P<list>[^.]+)", re.I)

#: A sentence saying an earlier breach goes on: "Improvements were not found at this assessment,
#: and the provider remained in breach of these regulations", "… and the provider was still in
#: breach of regulations".
CONTINUED_BREACH_RE = re.compile(
    r"\b(?:remained|remains|was\s+still|is\s+still|continued\s+to\s+be|continues\s+to\s+be)\s+in\s+breach\s+of\s+"
    r"(?:these|those|the\s+same|them|regulations?\b)", re.I)
#: The breaches of an earlier inspection told by the provider's plan to put them right, as CQC's
#: focused-inspection summaries (2015-2019) open: "After the comprehensive inspection, the provider
#: wrote to us to say what they would do to meet legal requirements in relation to Regulation 12,
#: safe care and treatment and Regulation 17, good governance", "… in relation to the breach of
#: Regulation 18", "The practice sent us an action plan setting out what they would do to meet the
#: requirements of regulations 12 and 17", "… to meet the following legal requirements:" and the
#: regulations listed below. A plan "to improve" names no regulation and is none.
PLAN_TO_MEET_RE = re.compile(
    r"\b(?:wrote\s+to\s+us|sent\s+(?:us\s+)?(?:an?\s+|their\s+|its\s+)?(?:action\s+)?plan|submitted\s+(?:an?\s+)?action\s+plan|told\s+us|"
    r"provided\s+(?:us\s+with\s+)?(?:an?\s+)?action\s+plan)\b[^.]*?\b(?:would|will|were\s+going\s+to|planned\s+to|intended\s+to)\s+"
    r"(?:do|take|make|put\s+in\s+place)\b[^.]*?\bto\s+(?:meet|comply\s+with|address)\s+(?:the\s+|these\s+)?(?:following\s+)?"
    r"(?:legal\s+|regulatory\s+)?(?:requirements?|regulations?|breach(?:es)?)\b(?P<list>[^.]*)", re.I)
#: A breach found now that a sentence says was found at the earlier inspection too: "The provider
#: had not met the requirements of regulation 12, which was also found at our last inspection in
#: September 2019", "… as we also found at our previous inspection": the earlier inspection's as
#: well as the current one's.
ALSO_FOUND_BEFORE_RE = re.compile(
    r"\b(?:which|this|that|as)\s+(?:we\s+)?(?:was|were|had\s+been)?\s*(?:also|likewise)\s+(?:been\s+)?found\s+(?:at|during|in)\s+"
    r"(?:our|the)\s+(?:last|previous|prior|earlier)\s+(?:\w+\s+)?inspection\b", re.I)

#: A breach of this inspection said to go on from the last, its regulations cited after the words:
#: "the provider remained in breach of regulation 17 (good governance), which we found at our last
#: inspection", "… was still in breach of regulation 17", "continued to breach regulation 12":
#: breached at the earlier inspection too. What a sentence then calls new ("… and a new breach of
#: regulation 18") is not (``STILL_IN_BREACH_END_RE`` ends the citations). The noun, "This was a
#: continued breach of regulation 17", stays this inspection's only, as the sets label it.
STILL_IN_BREACH_RE = re.compile(
    r"\b(?:(?:remained|remains|(?:was|were|is|are)\s+still|(?:continued|continues)\s+to\s+be)\s+in\s+breach\s+of|"
    r"(?:continued|continues)\s+to\s+breach)\s+(?=(?:the\s+)?regulations?\s+\d)", re.I)
STILL_IN_BREACH_END_RE = re.compile(r"\bnew\s+breach|\balso\b|;|\bbut\b|\bhowever\b", re.I)


def still_breached(sentence: str) -> set[str]:
    """The regulations a sentence says are still breached (``STILL_IN_BREACH_RE``).

    >>> sorted(still_breached("The provider remained in breach of regulations 9, 11 and 17 and we found a new breach of regulation 18."))
    ['11', '17', '9']
    """
    out: set[str] = set()
    for m in STILL_IN_BREACH_RE.finditer(sentence):
        rest = STILL_IN_BREACH_END_RE.split(sentence[m.end():])[0]
        out |= {r.number for r in regulations_in(rest) if not r.is_section}
    return out


#: A sentence of a paragraph about an earlier inspection that states what this inspection found:
#: "At this inspection we found the provider had made improvements", "During this inspection the
#: provider remained in breach of regulation 17", "This inspection found …", "At our inspection on
#: 14 February 2018 we found …" is read by its date. "Following this inspection" speaks of the
#: earlier one the paragraph opened with.
THIS_INSPECTION_RE = re.compile(
    r"\b(?:at|during|on|in)\s+(?:this|the\s+current|our\s+most\s+recent|today['’]s)\s+(?:[\w-]+\s+){0,2}?inspection\b"
    r"|^\W*(?:This|The\s+current)\s+inspection\s+(?:found|showed|identified)\b", re.I)

#: A breach named only as what a notice was for ("we issued the provider with two requirement
#: notices relating to breaches of Regulations 11 and 17", "warning notices in relation to the
#: breaches of regulation 12"): in a paragraph about an earlier inspection it tells that
#: inspection's notices and states no breach of its own (a sentence saying the provider "was in
#: breach of" does).
NOTICE_FOR_BREACH_RE = re.compile(
    r"\bnotices?\s+(?:relating\s+to|in\s+relation\s+to|in\s+respect\s+of|for|about|regarding)\s+"
    r"(?:the\s+|these\s+|its\s+)?breach(?:es)?\s+of\b", re.I)

#: A paragraph opening with its inspection's date or "Inspection carried out on …", as an entry of
#: a page's history does ("13 April 2021 – Focused inspection We undertook …"): its "this
#: inspection" is the entry's own.
ENTRY_OPENING_RE = re.compile(
    r"^\s*(?:(?:Inspection|Assessment)\s+carried\s+out\s+(?:on|between)\s+|\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:and|to|-|–)\s*\d{1,2})?\s+[A-Z][a-z]+\s+\d{4}\b)")

#: (the "when" of an inspection, "since our last inspection, when we found breaches of …", "in May
#: 2016, when …", tells when a breach was found)
BREACH_BOILERPLATE_RE = re.compile(r"\b(?:where|if|whether|will|would|(?<!inspection )(?<!inspection, )(?<!\d\d\d\d )(?<!\d\d\d\d, )when(?:ever)?|(?<!\d )may(?!\s+(?:19|20)\d\d)|might|could)\b", re.I)


def title_for_regulation(number: str) -> str | None:
    """The official title of a 2014 regulation by its number.

    >>> title_for_regulation("17")
    'good governance'
    """
    for t, num in REGULATION_BY_TITLE.items():
        if num == number:
            return t
    return None


#: Short names the single assessment summaries give a 2014 regulation in their lists of breaches,
#: read only when they are the whole item: "… in relation to safe care and treatment, and
#: governance", "… safe care and treatment, safeguarding, good governance and safe and effective
#: staffing". Inside a longer subject ("safeguarding people who use services from abuse", the 2010
#: outcome) they name nothing.
REGULATION_BY_SHORT_TITLE: dict[str, str] = {
    "governance": "17",
    "safeguarding": "13",
    "consent": "11",
    "person centred care": "9",
}


def regulation_for_title(title: str) -> str | None:
    """The 2014 regulation an official title (or a short name that is the whole item) names,
    else None.

    >>> regulation_for_title("Safe care and treatment")
    '12'
    >>> regulation_for_title("governance")
    '17'
    >>> regulation_for_title("how medicines were managed") is None
    True
    """
    key = re.sub(r"[\s-]+", " ", title.strip().lower())
    for t, num in {**REGULATION_BY_TITLE, **REGULATION_BY_SHORT_TITLE}.items():
        if re.sub(r"[\s-]+", " ", t) == key:
            return num
    return None


# ---------------------------------------------------------------------------------------------
# Breaches stated by citing the regulation
# ---------------------------------------------------------------------------------------------

#: The 2014 Regulations named in full before the citation: "breaches of the Health and Social Care
#: Act 2008 (Regulated Activities) Regulations 2014: Regulation 12 …", "the requirements of the HSCA
#: 2008 (Regulated Activities) Regulations 2014, Regulation 17", "… Regulations 2014 in relation
#: to Regulation 12".
_INSTRUMENT_FIRST = (
    r"(?:(?:the\s+)?(?:Health\s+and\s+Social\s+Care\s+Act(?:\s+2008)?|HSCA(?:\s+2008)?)\s*"
    r"(?:\((?:Regulated\s+Activities|RA)\)|Regulated\s+Activities|RA)?\s*Regulations\s+20\d\d\s*"
    r"(?:[,:–-]|\bin\s+relation\s+to|\brelating\s+to|\bnamely|\bincluding)?\s*\(?)?")
#: A count of regulations before their list: "in breach of three regulations: Regulation 12 …".
_COUNTED_FIRST = r"(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:legal\s+)?regulations\s*[:,–-]?\s*)?"
#: The regulations named as a class before a colon or a dash, then cited: "two breaches of the
#: regulations: Regulation 9 (Person-centred care) and Regulation 18 (Staffing)", "breaches of the
#: following regulations: Regulation 12, Regulation 17".
_CLASS_FIRST = (r"(?:(?:the\s+)?(?:following\s+)?(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+)?(?:legal\s+)?"
                r"(?:regulations|requirements)\s*(?::|–|—|\s-)\s*)?")
_CITE = (r"(?:the\s+)?(?:(?:legal\s+)?requirements?\s+(?:of|in|set\s+out\s+in|under)\s+)?" + _INSTRUMENT_FIRST + _COUNTED_FIRST + _CLASS_FIRST
         + r"(?=(?:[Rr]egulations?|[Rr]egs?\.?)\s*\d)")

#: CQC's wordings of a finding that a regulation was breached, as data: ``(family, pattern)``.
#: The regulations are read from the citation the pattern ends at (or, for the passive
#: families, from the citation it starts with). Each family is a way CQC's reports, summaries
#: and press releases state a breach.
BREACH_WORDING: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("breach stated as 'in breach of Regulation N' / 'breaches of Regulations N and M'",
     re.compile(r"\b(?:in\s+)?(?:a\s+|continued\s+|repeated\s+|multiple\s+)?breach(?:es|ed)?\s+(?:of\s+|in\s+)?" + _CITE, re.I)),
    ("breach stated as 'did not meet' / 'was not meeting' / 'had not met' Regulation N",
     re.compile(r"\b(?:did|was|were|is|are|had|has|have)\s+(?:still\s+|also\s+)?not\s+(?:(?:yet|fully|consistently|been|being)\s+)*(?:meet(?:ing)?|met)\s+" + _CITE, re.I)),
    ("breach stated as 'had not taken sufficient action to meet' / 'had not made enough improvement to comply with' Regulation N",
     re.compile(r"\b(?:did|had|has|have)\s+(?:still\s+)?not\s+(?:yet\s+)?(?:taken|made|take|make|done)\s+(?:sufficient|enough|adequate|the\s+necessary)\s+"
                r"(?:action|improvements?|progress)\s+to\s+(?:meet|comply\s+with)\s+" + _CITE, re.I)),
    ("breach stated as 'failed to comply with' / 'had not complied with' / 'failed to meet' Regulation N",
     re.compile(r"\b(?:(?:fail(?:ed|s|ing|ure)?\s+to\s+comply|(?:had|has|have|did)\s+not\s+compl(?:y|ied)|not\s+complying|not\s+(?:been\s+)?compliant|non-?compliant|non-?compliance)\s+with|"
                # "was failing to meet Regulation 12", "failed to meet the requirements of regulation 17"
                r"fail(?:ed|s|ing|ure)?\s+to\s+meet)\s+" + _CITE, re.I)),
    # the 2010-2014 compliance action told by the report CQC asked for: "We have asked the provider
    # to send us a report of the changes they will make to meet Regulation 9 (care and welfare of
    # people who use services)", "… to tell us what they will do to meet Regulation 22"
    ("breach stated as 'asked the provider to send us a report … to meet Regulation N' (compliance actions)",
     re.compile(r"\basked\s+(?:the\s+)?(?:provider|registered\s+(?:provider|person|manager)|service|practice|home|trust|them)\s+to\s+"
                r"(?:send\s+us\s+(?:a\s+report|an\s+action\s+plan)|tell\s+us|provide\s+us\s+with\s+a\s+report)\b[^.]*?(?<!continue\s)\bto\s+"
                r"(?:meet|comply\s+with|achieve\s+compliance\s+with)\s+" + _CITE, re.I)),
    ("breach stated as 'a breach of one legal requirement … (Regulation N – Title)' (NHS reports)",
     re.compile(r"\bbreach(?:es)?\s+of\s+(?:(?:a|an|one|two|three|four|five|six|\d{1,2})\s+)?legal\s+requirements?\b[^.()]{0,100}?\(\s*(?=[Rr]egulations?\s+\d)", re.I)),
    ("offence stated as 'contrary to Regulation N' (prosecutions)",
     re.compile(r"\bcontrary\s+to\s+" + _CITE, re.I)),
    # "failing to display its rating, an offence under regulation 20A", "failure to notify CQC …, an
    # offence under regulation 15 of the … (Registration) Regulations 2009" (regulation 22 of the
    # 2014 Regulations, which makes breaches of others offences, is none itself: ``OFFENCES_REGULATION``)
    ("offence stated as 'an offence under Regulation N' (fixed penalties, cautions, prosecutions)",
     # (what the provider did, told before it: "This is an offence …", "…, an offence …", "guilty of
     # an offence …"; "It is an offence for a provider not to …", "Failing to … is an offence" state the law)
     re.compile(r"(?:\b(?:this|which|that)\s+(?:is|was)\s+(?:also\s+)?|,\s*|\b(?:committed|guilty\s+of|admitted|convicted\s+of|"
                r"charged\s+with|prosecuted\s+for|to)\s+)(?:an\s+)?offences?\s+under\s+" + _CITE, re.I)),
    ("breach listed under a heading: 'Regulation N … was not met' / 'had been breached'",
     re.compile(r"(?=(?:[Rr]egulations?|[Rr]egs?\.?)\s*\d[^.]{0,160}?\b(?:(?:was|were|had|has|have)\s+not\s+(?:been\s+|being\s+)?met|(?:was|were|had\s+been|has\s+been|have\s+been)\s+breached|"
                # "Regulation 17 (good governance) remained in breach"
                r"(?:remained|remains|was\s+still|is\s+still|continued\s+to\s+be)\s+in\s+breach)\b)")),
)

#: Regulation 22 of the 2014 Regulations ("Offences") makes a breach of others an offence: "an
#: offence under regulation 22 …, for a breach of regulation 12" breaches regulation 12 only.
OFFENCES_REGULATION = (REGULATED_ACTIVITIES_2014, "22")

#: Section 33 of the Health and Social Care Act 2008: failing to comply with a condition of
#: registration is an offence ("an offence under section 33", "contrary to section 33").
SECTION_33_OFFENCE_RE = re.compile(
    r"\b(?:offences?\s+under|contrary\s+to|breach(?:es|ed)?\s+of)\s+section\s+33\b|\bsection\s+33\s+(?:of\s+the\s+(?:Health\s+and\s+Social\s+Care\s+)?Act\s+(?:2008\s+)?)?offences?\b", re.I)

#: Words that make a breach sentence a recommendation, a proposal, a condition or a plan, not a
#: finding: "we recommended …", "if the provider fails to comply with …", "we will check …",
#: "providers must not be in breach of …", "to avoid a breach of …".
BREACH_NOT_FINDING_RE = re.compile(
    # "may" the modal, not the month ("an inspection in May 2021", "on 4 May")
    # ("the second consecutive inspection where the provider has been in breach" is a finding)
    r"\b(?:if|unless|whether|(?<!inspection )where|(?<!inspection )(?<!inspection, )(?<!\d\d\d\d )(?<!\d\d\d\d, )when(?:ever)?|will|would|(?<!\d )may(?!\s+(?:19|20)\d\d)|might|can|could|should|recommend\w*|propos\w*|"
    r"avoid\w*|prevent\w*|risk\s+of|must\s+not|to\s+ensure|so\s+that|in\s+order\s+to|"
    # an example of what a power is for: "(for example under regulation 22 for a breach of
    # regulation 12 that results in avoidable harm)"
    r"for\s+(?:example|instance)|"
    # a class of providers, not one: "Providers that are not meeting Regulation 12 …"
    r"providers\s+(?:that|which|who)|any\s+provider)\b", re.I)

#: A citation's title given in brackets after it: "Regulation 12 (Safe Care and Treatment)".
#: Written in small letters only when it is an official title: "regulation 17 (good governance)".
_CITED_TITLE_RE = re.compile(
    # (the instrument's own brackets, "Regulation 18 (Registration) Regulations 2009", "(Regulated
    # Activities)", title nothing)
    r"\s*\((?!(?:Registration|Regulated\s+Activities|RA)\))(?P<title>[A-Z][A-Za-z ,&'’-]{3,80}|(?i:" + _TITLE_ALTS.replace(r"\ ", r"\s+") + r"))\)")

#: The instrument a citation names after it: "of the Health and Social Care Act 2008 (Regulated
#: Activities) Regulations 2014", "of the Care Quality Commission (Registration) Regulations 2009",
#: "of the 2009 Registration Regulations", "of the 2010 regulations".
_INSTRUMENT_CLAUSE = (r"\bof\s+(?:the\s+)?(?:(?:Health\s+and\s+Social\s+Care\s+Act\s+2008|HSCA(?:\s+2008)?|Care\s+Quality\s+Commission|CQC)\s*)?"
                      r"(?:\((?:Regulated\s+Activities|RA|Registration)\)\s*|(?:19|20)\d\d\s+(?:Registration\s+)?|Registration\s+)?"
                      r"Regulations(?:\s+(?:19|20)\d\d)?\b(?!\s*\d)")
#: The short forms of the instruments a citation may name: "the 2009 Registration Regulations", "the
#: 2010 regulations" (besides ``INSTRUMENT_HINTS``).
CITED_INSTRUMENT_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    *INSTRUMENT_HINTS,
    (re.compile(r"\b(?:2009\s+Registration\s+Regulations|Registration\s+Regulations(?:\s+2009)?)\b", re.I), REGISTRATION_2009),
    (re.compile(r"\b2014\s+(?:Regulated\s+Activities\s+)?Regulations\b", re.I), REGULATED_ACTIVITIES_2014),
    (re.compile(r"\b2010\s+(?:Regulated\s+Activities\s+)?Regulations\b", re.I), REGULATED_ACTIVITIES_2010),
)
_INSTRUMENT_CLAUSE_RE = re.compile(r"\s*" + _INSTRUMENT_CLAUSE, re.I)


def _cited_instrument(rest: str, start: int, end: int) -> str:
    """The instrument of the citation at ``rest[start:end]``: the one its own clause names ("of the
    2009 Registration Regulations"), else the first named after it (a list's instrument
    closes the list: "Regulation 12 and Regulation 17 of the … Regulations 2010")."""
    own = _INSTRUMENT_CLAUSE_RE.match(rest, end)
    if own:
        for pattern, instrument in CITED_INSTRUMENT_HINTS:
            if pattern.search(own.group(0)):
                return instrument
    return instrument_for(rest[start: end + 120], REGULATED_ACTIVITIES_2014)


#: What may stand between two citations of one list: a title in brackets, a title written out
#: ("Regulation 12, safe care and treatment, and Regulation 17, good governance", "Regulation 12
#: Safe care and treatment and Regulation 17 Good governance"), then "and", "or", "as well as".
_BETWEEN_CITATIONS_RE = re.compile(
    r"[\s,;:–-]*(?:" + _INSTRUMENT_CLAUSE + r")?[\s,;:–-]*(?:\([^()]*\)|(?:" + _TITLE_ALTS.replace(r"\ ", r"\s+") + r")\b|[A-Z][a-z]+(?:\s+(?:[a-z]+|[A-Z][a-z]+)){0,6}(?=\s*(?:,|\band\b|\bor\b|&)))?"
    r"[\s,;:–-]*(?:(?:and|or|as\s+well\s+as|&)\s+)?(?:the\s+)?", re.I)

#: A finding denied or only supposed just before its wording: "was no longer in breach of regulation 12", "was
#: not in breach of", "We found no breach of", "no evidence of a breach of", "We did not find a
#: breach of", "No breaches of Regulation 12 were found". Only these few words may stand between
#: the denial and the wording, so "staff were not trained, in breach of Regulation 18" stays a
#: finding.
BREACH_DENIED_RE = re.compile(
    r"\b(?:no|not|never|nor|without)\b(?:\s+(?:longer|been|be|found|find|identif\w*|see|seen|any|evidence|of|a|an|"
    r"in|currently|now|further|other|more|such))*\s*$|"
    # a breach supposed, not found: "a possible breach of", "an alleged breach of"
    r"\b(?:possible|potential|alleged|suspected|likely)\s+$", re.I)

#: Words before a breach's wording that make it no finding about the subject: a doubt or a denial
#: further back in the sentence ("We found no evidence that the provider was in breach of …", "The
#: provider told us they did not believe they were in breach of …"), a figure about services in
#: general ("Last year, 40% of care homes were in breach of …", "Nationally, …"), a class of
#: providers ("providers that breached regulations …").
BREACH_NOT_OURS_RE = re.compile(
    r"\bno\s+evidence\s+(?:that|of)\b|\b(?:did|do|does)\s+not\s+(?:believe|think|consider|accept|agree)\b|"
    r"\d+\s*%\s+of\b|\bper\s+cent\s+of\b|\bnationally\b|\bacross\s+England\b|"
    r"\b(?:providers|services|homes|practices|trusts)\s+(?:that|which|who)\b", re.I)

#: Regulation numbers written as words ("in breach of regulations nine, twelve and seventeen").
_WORDED_CITATION_RE = re.compile(
    r"\b(?P<head>[Rr]egulations?\s+)(?P<list>(?:" + "|".join(k for k in NUMBER_WORDS if len(k) > 2) + r")\b"
    r"(?:(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*&\s*)(?:" + "|".join(k for k in NUMBER_WORDS if len(k) > 2) + r")\b)*)", re.I)


def with_cited_digits(sentence: str) -> str:
    """The sentence with regulation numbers written as words given as digits.

    >>> with_cited_digits("in breach of regulations nine, twelve and seventeen")
    'in breach of regulations 9, 12 and 17'
    """
    def digits(m: re.Match[str]) -> str:
        listed = re.sub(r"[A-Za-z]+", lambda w: str(NUMBER_WORDS.get(w.group(0).lower(), w.group(0))), m.group("list"))
        return m.group("head") + listed
    return _WORDED_CITATION_RE.sub(digits, sentence)


def breaches_cited(sentence: str) -> list[tuple[Regulation, str | None, str]]:
    """Regulations a sentence states were breached, each with the title it gives (in brackets
    after the citation) and the family of wording that stated it; nothing for a sentence that
    recommends, proposes, plans or only supposes a breach.

    >>> [(r.number, r.paragraph, t) for r, t, _f in breaches_cited(
    ...     "The provider was in breach of Regulation 17(2)(a) and Regulation 12 (Safe care and treatment).")]
    [('17', '(2)(a)', None), ('12', None, 'Safe care and treatment')]
    >>> [r.number for r, _t, _f in breaches_cited("The service did not meet regulations 12 and 17.")]
    ['12', '17']
    >>> [(r.instrument, r.number) for r, _t, _f in breaches_cited(
    ...     "The provider failed to comply with Regulation 18 of the Care Quality Commission (Registration) Regulations 2009.")]
    [('uksi/2009/3112', '18')]
    >>> breaches_cited("If the provider does not meet Regulation 12 we will take action.")
    []
    """
    sentence = with_cited_digits(sentence)
    for family, pattern in BREACH_WORDING:
        # the first wording of the family that is a finding: "was not in breach of Regulation 12 but
        # was in breach of Regulation 17" states the second
        found: list[tuple[Regulation, str | None, str]] = []
        for m in pattern.finditer(sentence):
            if (BREACH_NOT_FINDING_RE.search(sentence[:m.start()]) or BREACH_DENIED_RE.search(sentence[:m.start()])
                    or BREACH_NOT_OURS_RE.search(sentence[:m.start()])):
                continue
            # every finding of the family: "a breach of regulation 12 (…) in relation to …, and a
            # breach of regulation 17 (good governance)"
            found += [c for c in _citations_at(sentence[m.end():], family)
                      if all((c[0].instrument, c[0].number) != (f[0].instrument, f[0].number) for f in found)
                      and not (family.startswith("offence") and (c[0].instrument, c[0].number) == OFFENCES_REGULATION)]
        if found:
            return found
    offence = SECTION_33_OFFENCE_RE.search(sentence)
    if offence and not BREACH_NOT_FINDING_RE.search(sentence[:offence.start()]):
        return [(Regulation(ACT_2008, "33", is_section=True), "Failure to comply with conditions",
                 "offence under section 33 of the Act (failing to comply with a condition)")]
    return []


def _citations_at(rest: str, family: str) -> list[tuple[Regulation, str | None, str]]:
    """The regulations cited at the start of ``rest`` and those listed with them, each with the
    title given in brackets after it."""
    found: list[tuple[Regulation, str | None, str]] = []
    pos = 0
    for c in REGULATION_RE.finditer(rest):
        gap = rest[pos:c.start()]
        if found and not _BETWEEN_CITATIONS_RE.fullmatch(gap):
            break
        if not found and c.start() > 0:
            break
        title = _CITED_TITLE_RE.match(rest, c.end())
        pos = title.end() if title else c.end()
        instrument = _cited_instrument(rest, c.start(), pos)
        ones = list(_ONE_REG_RE.finditer(c.group("list")))
        for one in ones:
            para = re.sub(r"\s+", "", one.group("para")) if one.group("para") else None
            found.append((Regulation(instrument, one.group("num"), para),
                          title.group("title").strip() if title and len(ones) == 1 else None, family))
    return found


#: A breach of an earlier inspection that this one found put right, by its citation: "the provider
#: was no longer in breach of regulation 17 (good governance)", "was now meeting Regulation 12",
#: "is now compliant with regulation 18". The regulation was breached before, so it is a breach of
#: the earlier inspection; "no longer in breach of regulations" (none cited) names none.
PUT_RIGHT_RE = re.compile(
    r"\b(?:no\s+longer\s+(?:in\s+breach\s+of|breaching)|(?:was|were|is|are)\s+now\s+(?:meeting|compliant\s+with))\s+(?:the\s+)?"
    r"(?:requirements?\s+of\s+)?(?=(?:[Rr]egulations?|[Rr]egs?\.?)\s*\d)")


def breaches_put_right(sentence: str) -> list[tuple[Regulation, str | None, str]]:
    """The earlier breaches a sentence says are put right (``PUT_RIGHT_RE``), with the titles cited.

    >>> [(r.number, t) for r, t, _f in breaches_put_right(
    ...     "The provider was no longer in breach of regulation 17 (good governance).")]
    [('17', 'good governance')]
    >>> breaches_put_right("The provider was no longer in breach of regulations.")
    []
    """
    sentence = with_cited_digits(sentence)
    out: list[tuple[Regulation, str | None, str]] = []
    for m in PUT_RIGHT_RE.finditer(sentence):
        out += _citations_at(sentence[m.end():], "breach put right: 'no longer in breach of Regulation N'")
    for m in PUT_RIGHT_SUBJECT_RE.finditer(sentence):
        # by the regulation's subject: its official title
        for t in REGULATION_TITLE_WORDS_RE.findall(m.group("list") or m.group("before") or ""):
            num = regulation_for_title(t)
            if num and all(r.number != num for r, _t, _f in out):
                out.append((Regulation(REGULATED_ACTIVITIES_2014, num), t,
                            "breach put right: 'no longer in breach of the regulation about …'"))
    return out


#: A breach put right named by the regulation's subject: "… was no longer in breach of the
#: regulation about safe care and treatment", "enough improvement had been made in relation to safe
#: care and treatment, and the provider was no longer in breach of that regulation".
PUT_RIGHT_SUBJECT_RE = re.compile(
    r"\bno\s+longer\s+(?:in\s+breach\s+of|breaching)\s+the\s+regulations?\s+(?:about|on|relating\s+to|in\s+relation\s+to|for)\s+(?P<list>[^.;]+)|"
    r"\b(?:improvements?|progress)\s+(?:had|has|have)\s+been\s+made\s+(?:in\s+relation\s+to|in|with)\s+(?P<before>[^.;]+?),?\s+and\s+"
    r"(?:the\s+)?(?:provider|service|home|practice|registered\s+person)\s+(?:was|is)\s+no\s+longer\s+in\s+breach\s+of\s+(?:that|this|the)\s+regulation\b",
    re.I)


#: 2010-2014 essential standards: a finding of non-compliance named by its subject, "we found the
#: dentist to be non-compliant … with respect to infection control practices", "was
#: non-compliant in all 10 of the areas we assessed. These included care and welfare, …".
NON_COMPLIANT_RE = re.compile(
    r"\b(?:was|were|to\s+be|found\s+(?:it|them|the\s+\w+)\s+)\s*non-?compliant\b(?P<rest>[^.]*)", re.I)
#: What the non-compliance concerned, in the same sentence or the next ("These included …").
NON_COMPLIANT_SUBJECT_RE = re.compile(
    r"\b(?:with\s+respect\s+to|in\s+relation\s+to|in\s+respect\s+of|regarding)\s+(?P<list>[^.]+)", re.I)
THESE_INCLUDED_RE = re.compile(r"^(?:These|They|The areas)\s+(?:included|were|are)\s*:?\s+(?P<list>[^.]+)", re.I)


# ---------------------------------------------------------------------------------------------
# Releases about many services at once
# ---------------------------------------------------------------------------------------------

_SERVICES_PLURAL = r"(?:practices|services|homes|providers|trusts|hospitals|hospices|locations|clinics)"
_SERVICE_ONE = r"(?:provider|service|practice|home|trust|hospital|hospice|location|clinic)"

#: A sentence whose subject is a number or a class of services, not one of them: it states a
#: count, not an action or a rating of anyone. Families: a counted or general plural ("Three of
#: the five practices which have been rated Inadequate have been placed into special measures",
#: "another 52 GP practices to be Good", "The total number of practices that have exited Special
#: Measures is now 107", "most practices that are placed in special measures use the support",
#: "receive care from practices which we have rated Outstanding");
#: an indefinite one ("when a provider is placed into special measures", "In addition, a GP
#: Out-of-Hours service has been rated Inadequate and placed into special measures").
AGGREGATE_SUBJECT_RE = re.compile(
    rf"\b(?:the\s+total\s+number\s+of|(?:most|many|all|some|several)(?:\s+of\s+the)?|"
    # (a trust's "three core services" are parts of the one subject, not many services)
    rf"{_NUMBER}(?:\s+of\s+the\s+{_NUMBER})?)\s+(?:[\w-]+\s+){{0,3}}?(?<!core\s){_SERVICES_PLURAL}\b|"
    rf"\b{_SERVICES_PLURAL}\s+(?:which|that)\s+(?:we\s+)?(?:have|had|are|were)\b|"
    rf"\b(?:when|where|once)\s+an?\s+{_SERVICE_ONE}\b|"
    rf"^\W*(?:In addition,?\s+)?an?\s+(?:[\w-]+\s+){{0,4}}?{_SERVICE_ONE}\s+(?:has|have|had|was|is)\b",
    re.I)


def about_many(sentence: str, names: list[str]) -> bool:
    """Whether a sentence speaks of a count or a class of services and names none of the
    release's providers or locations (a release's "two care homes run by X" stays X's).

    >>> about_many("Three of the five practices which have been rated Inadequate have been placed into special measures.", [])
    True
    >>> about_many("One practice, Beech Surgery in Dorton, has been taken out of special measures.", [])
    False
    >>> about_many("The three core services inspected were rated as follows:", [])
    False
    """
    if not AGGREGATE_SUBJECT_RE.search(sentence):
        return False
    low = sentence.lower()
    return not any(n and n.lower() in low for n in names)


# ----------------------------------------------------------------------------- recalled inspections
# (location and provider pages: a follow-up's letter recalling the inspection it follows)

#: A follow-up's letter points to the report of the inspection it recalls: "The full
#: comprehensive report on the January 2017 inspection can be found by selecting the 'all
#: reports' link", "The full comprehensive report on the November 2018 inspection can be found".
RECALLED_REPORT_RE = re.compile(
    rf"\bThe (?:full )?(?:comprehensive )?report (?:on|for|from) (?:the|our) (?P<date>(?:{_DAY}\s+)?{_MONTH}\s+{_YEAR})\s+"
    r"(?:\w+\s+){0,2}?inspection\b", re.I)
#: The recalled inspection's overall rating in the past tense: "The overall rating for the
#: service was requires improvement" (read as current only in the present tense).
RECALLED_OVERALL_RE = re.compile(
    rf"\boverall rating for (?:the|this) (?:service|practice|location|provider|trust) was (?P<value>{RATING_ALT})\b", re.I)


def features_shown(features: Iterable[tuple[str, re.Pattern[str]]], text: str) -> list[str]:
    """The names of the ``(name, pattern)`` features that ``text`` shows, in their order: how a
    layout is told by several of its features rather than by one heading.

    >>> features_shown([("a", re.compile("x")), ("b", re.compile("y"))], "xz")
    ['a']
    """
    return [name for name, pattern in features if pattern.search(text)]


#: Change arrows: what a trust's or a hospital's ratings box and a core service's grid print
#: after a rating against the previous inspection ("Requires improvement ↔", "Good ➡",
#: "Inadequate ↓", "Good → ←"), in each glyph CQC's reports and their copies use. Grid readers
#: treat every one of them as part of a rating's cell, never as a word of the grid.
ARROWS_UP = "↑⬆▲⇧"
ARROWS_DOWN = "↓⬇▼⇩"
ARROWS_SAME = "↔⇔→←➡⬅"
CHANGE_ARROWS = ARROWS_UP + ARROWS_DOWN + ARROWS_SAME
#: One change arrow, as a regular expression character class.
ARROW_CLASS = "[" + CHANGE_ARROWS + "]"


def arrow_change(arrow: str) -> RatingChange | None:
    """The change an arrow glyph says (``"⬆"`` improved, ``"➡"`` stayed the same), or None.

    >>> arrow_change("➡").value, arrow_change("⬇").value, arrow_change("x")
    ('stayed-the-same', 'went-down', None)
    """
    if len(arrow) != 1:
        return None
    if arrow in ARROWS_UP:
        return RatingChange.IMPROVED
    if arrow in ARROWS_DOWN:
        return RatingChange.WENT_DOWN
    if arrow in ARROWS_SAME:
        return RatingChange.STAYED_THE_SAME
    return None
