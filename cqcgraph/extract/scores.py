"""Scores of the single assessment framework (2023+), read by what a score is rather than by
one author's layout: a number 1-4 beside the name of one of CQC's 34 quality statements, or a
percentage beside a key question, on the same line (either order, any of CQC's separators:
"Score: 3", "scored 3", "Rating score 3", ":", "–", "=", columns of a table), on the next line,
or in a sentence ("Learning culture scored 3"). CQC's evidence-level phrases stand for the
numbers ("Evidence shows some shortfalls" is 2). A number that is anything else (a count, a
date, a page or phone number) never matches, because the text beside a name must be a score
expression and nothing more.

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import TypeVar

from cqcgraph.extract import patterns as P
from cqcgraph.records import Inspection, InspectionKind, KeyQuestion, QualityStatementScore, Rating

T = TypeVar("T")

_S, _E, _C, _R, _W = (KeyQuestion.SAFE, KeyQuestion.EFFECTIVE, KeyQuestion.CARING,
                      KeyQuestion.RESPONSIVE, KeyQuestion.WELL_LED)

#: CQC's 34 quality statements: (key question, name as CQC publishes it, short forms seen).
STATEMENTS: tuple[tuple[KeyQuestion, str, tuple[str, ...]], ...] = (
    (_S, "Learning culture", ()),
    (_S, "Safe systems, pathways and transitions", ("Safe systems pathways and transitions",)),
    (_S, "Safeguarding", ()),
    (_S, "Involving people to manage risks", ()),
    (_S, "Safe environments", ()),
    (_S, "Safe and effective staffing", ()),
    (_S, "Infection prevention and control", ("Infection prevention & control", "IPC")),
    (_S, "Medicines optimisation", ("Medicines optimization",)),
    (_E, "Assessing needs", ()),
    (_E, "Delivering evidence-based care and treatment", ("Delivering evidence based care and treatment",)),
    (_E, "How staff, teams and services work together", ("How staff teams and services work together",)),
    (_E, "Supporting people to live healthier lives", ()),
    (_E, "Monitoring and improving outcomes", ()),
    (_E, "Consent to care and treatment", ()),
    (_C, "Kindness, compassion and dignity", ("Kindness compassion and dignity",)),
    (_C, "Treating people as individuals", ()),
    (_C, "Independence, choice and control", ("Independence choice and control",)),
    (_C, "Responding to people's immediate needs", ("Responding to peoples immediate needs",)),
    (_C, "Workforce wellbeing and enablement", ()),
    (_R, "Person-centred care", ("Person centred care",)),
    (_R, "Care provision, integration and continuity", ("Care provision integration and continuity",)),
    (_R, "Providing information", ()),
    (_R, "Listening to and involving people", ()),
    (_R, "Equity in access", ()),
    (_R, "Equity in experiences and outcomes", ("Equity in experience and outcomes",)),
    (_R, "Planning for the future", ()),
    (_W, "Shared direction and culture", ()),
    (_W, "Capable, compassionate and inclusive leaders", ("Capable compassionate and inclusive leaders",)),
    (_W, "Freedom to speak up", ()),
    (_W, "Workforce equality, diversity and inclusion", ("Workforce equality diversity and inclusion",)),
    (_W, "Governance, management and sustainability", ("Governance management and sustainability",)),
    (_W, "Partnerships and communities", ()),
    (_W, "Learning, improvement and innovation", ("Learning improvement and innovation",)),
    (_W, "Environmental sustainability – sustainable development",
     ("Environmental sustainability - sustainable development", "Environmental sustainability")),
)

#: CQC's evidence levels, the words that stand for each score.
EVIDENCE_LEVELS: tuple[tuple[str, int], ...] = (
    ("significant shortfalls", 1), ("some shortfalls", 2), ("a good standard", 3),
    ("an exceptional standard", 4))

_LEVEL_ALT = "|".join(re.sub(r"^(an?) ", r"(?:\1\\s+)?", w).replace(" ", r"\s+") for w, _ in EVIDENCE_LEVELS)
_LEVEL = rf"(?:evidence\s+shows\s+)?(?P<level>{_LEVEL_ALT})"
#: A statement's score and nothing else: "3", "Score: 3", "scored 3", "Rating score = 3",
#: "3 out of 4", "3/4", "3 – Evidence shows a good standard", "Evidence shows some shortfalls: 2",
#: "Evidence shows a good standard"; after a dash that sets it apart from the statement's name on
#: its line ("Equity in access — Score: 1").
_STATEMENT_SCORE_RE = re.compile(
    rf"^(?:[–—-]\s*(?=score))?(?:(?:rating\s+)?score[sd]?|scored)?\s*(?:of|was|is)?\s*[:=–\-|]?\s*\(?(?P<n>[1-4])(?:\s*(?:/\s*4|out\s+of\s+4))?\)?"
    rf"(?:\s*[:=–\-(]?\s*{_LEVEL}\s*\)?)?\.?$"
    rf"|^{_LEVEL.replace('level', 'level2')}(?:\s*[:=–\-(]?\s*(?P<n2>[1-4])\s*\)?)?\.?$", re.I)
#: A key question's percentage and nothing else: "63%", "Score: 63%", "2 out of 4 (53%)",
#: "Score 66", "66 per cent", "scored 75 (out of 100)", "75/100", "53% (17 of 32 points)".
_PERCENT_SCORE_RE = re.compile(
    r"^(?:(?:rating\s+)?score[sd]?|scored)?\s*(?:of|was|is)?\s*[:=–\-|]?\s*"
    r"(?:[1-4]\s+out\s+of\s+4\s*)?\(?\s*(?P<n>\d{1,3})\s*(?:%|per\s*cent|percent|/\s*100|\(?out\s+of\s+100\)?)\s*\)?"
    r"(?:\s*\(\s*\d{1,3}\s+(?:of|out\s+of)\s+\d{1,3}\s+points\s*\))?\.?$"
    r"|^(?:rating\s+)?score[sd]?\s*[:=–\-]?\s*(?P<bare>\d{1,3})$", re.I)


def _norm(text: str) -> str:
    """A name as compared: lower case, one kind of dash and apostrophe, spaces collapsed."""
    t = text.lower().replace("’", "'").replace("—", "–").replace("-", "–")
    t = re.sub(r"\s*–\s*", " – ", t)
    return " ".join(t.split()).strip(" :.")


def _alias_table() -> list[tuple[str, str, KeyQuestion]]:
    """(compared form, published name, key question), longest forms first so "Environmental
    sustainability – sustainable development" is tried before "Environmental sustainability"."""
    rows = [(_norm(form), name, kq) for kq, name, shorts in STATEMENTS for form in (name, *shorts)]
    return sorted(rows, key=lambda r: -len(r[0]))


_ALIASES = _alias_table()
_NAME_VALUES = [(form, name) for form, name, _kq in _ALIASES]
_KQ_WORDS: tuple[tuple[str, KeyQuestion], ...] = (
    ("well – led", _W), ("well led", _W), ("safe", _S), ("effective", _E), ("caring", _C),
    ("responsive", _R))
#: A key question as its heading or a table's cell names it: "Safe", "Is the service safe?",
#: "Are services well-led?", "Safe key question".
_KQ_NAMES: tuple[tuple[str, KeyQuestion], ...] = tuple(
    (form.format(w), kq) for form in ("is the service {}?", "are services {}?", "{} key question", "{}")
    for w, kq in _KQ_WORDS)


#: The names a percentage score stands beside: a key question's, and the assessment's overall
#: score ("Overall score: 56%", "Overall   Requires improvement   56%").
_PERCENT_NAMES: tuple[tuple[str, KeyQuestion], ...] = (*_KQ_NAMES, ("overall score", KeyQuestion.OVERALL),
                                                      ("overall", KeyQuestion.OVERALL))
_PERCENT_ANY_RE = re.compile(r"\b(?:safe|effective|caring|responsive|well[\s|]*[-–—]?[\s|]*led|overall)\b")


def published_name(text: str) -> str | None:
    """The name CQC publishes for a quality statement a text names in full or in a short form.

    >>> published_name("Environmental sustainability - sustainable development")
    'Environmental sustainability – sustainable development'
    """
    low = _norm(text)
    return next((name for form, name, _kq in _ALIASES if form == low), None)


def statement_score(text: str) -> int | None:
    """The score a text that is only a score expression gives a statement.

    >>> statement_score("Score: 2 - Evidence shows some shortfalls"), statement_score("3")
    (2, 3)
    >>> statement_score("Evidence shows an exceptional standard"), statement_score("12 March 2024")
    (4, None)
    """
    m = _STATEMENT_SCORE_RE.match(text.strip())
    if not m:
        return None
    if m.group("n") or m.group("n2"):
        n = int(m.group("n") or m.group("n2"))
        level = m.group("level") or m.group("level2")
        return n if not level or _level_score(level) == n else None
    return _level_score(m.group("level2"))


def _level_score(level: str) -> int:
    """The score of an evidence level, its article given or not ("good standard" is 3)."""
    words = " ".join(level.lower().split())
    return next(n for w, n in EVIDENCE_LEVELS if w.endswith(words))


def percent_score(text: str) -> int | None:
    """The percentage a text that is only a key question's score expression gives.

    >>> percent_score("2 out of 4 (53%)"), percent_score("Score 66"), percent_score("66 per cent")
    (53, 66, 66)
    >>> percent_score("2024") is None
    True
    """
    m = _PERCENT_SCORE_RE.match(text.strip())
    if not m:
        return None
    if m.group("bare") and int(m.group("bare")) <= 4:
        return None  # "Score: 3" with no per cent is a 1-4 score, not a percentage (never under 25%)
    n = int(m.group("n") or m.group("bare"))
    return n if 0 <= n <= 100 else None


def _split_name(line: str, names: Iterable[tuple[str, T]]) -> tuple[T, str] | None:
    """(what the name stands for, the rest of the line) when the line starts or ends with a name
    and the rest is set apart from it (a separator, two spaces, a tab or a table's bar)."""
    flat = line.replace("\t", "  ").replace("|", "  ").strip()
    low = _norm(flat)
    for form, value in names:
        if low == form:
            return value, ""
        if low.startswith(form) and re.match(r"[\s:=–(]", low[len(form):len(form) + 1] or "x"):
            return value, low[len(form):].strip(" :")
        if low.endswith(form) and re.search(r"[\s:=–)]$", low[:-len(form)] or "x"):
            return value, low[:-len(form)].strip(" :")
    return None


_RAW_SPELLINGS = {" ": r"[\s|]+", "\0": r"[\s|]*[-–—][\s|]*", "'": "['’]"}


def _trie_pattern(forms: list[str]) -> str:
    """One alternation of the compared forms as raw text lowered may spell them (any dash,
    apostrophe, spaces, tabs or bars between words), factored by their common beginnings so a
    line is read in one pass."""
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form.replace(" – ", "\0"):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [(_RAW_SPELLINGS.get(ch) or re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body
    return emit(trie)


#: Any quality statement's name in raw text lowered, in one pass: every line or sentence the
#: reader could take a statement from matches it, so a text or a row that does not is skipped.
_NAME_ANY_RE = re.compile(r"\b" + _trie_pattern([form for form, _n, _kq in _ALIASES]) + r"\b")
#: Any key question's word in raw text ("Well-led", "well led", "Safe").
_KQ_ANY_RE = re.compile(r"\b(?:safe|effective|caring|responsive|well[\s|]*[-–—]?[\s|]*led)\b")


def names_a_statement(text: str) -> bool:
    """Whether a text names any quality statement (the cheap test before reading its lines).

    >>> names_a_statement("Person-centred care: 3"), names_a_statement("personal care")
    (True, False)
    """
    return _NAME_ANY_RE.search(text.lower()) is not None


def scores_statements(text: str) -> bool:
    """Whether a text scores two quality statements or more on their lines, as only an assessment
    of the single assessment framework does (a name is looked for first, so most texts cost one
    pass)."""
    if not names_a_statement(text):
        return False
    return len(_line_scores(text.split("\n"))) >= 2


def statement_scores(lines: list[str], carried: set[str] | None = None) -> list[tuple[str, KeyQuestion, int]]:
    """(published name, key question, score) of each quality statement the lines score: the
    name and score on one line in either order, or the score alone on the next line. The names
    of scores the text bases on the previous rating go into ``carried``."""
    rows = [ln.strip() for ln in lines if ln.strip()]
    found = _line_scores(lines, carried)
    for sentence in re.split(r"(?<=[.;])\s+", " ".join(rows)):
        if _NOT_CURRENT_SENTENCE_RE.search(sentence):
            continue  # "At our last assessment, learning culture scored 3"
        for name, kq, n in _prose_statement_scores(sentence):
            found.setdefault(name, (name, kq, n))
    return list(found.values())


_NOT_OUT_OF_4 = r"(?!\s*(?:%|per|/\s*\d{2}|[.,]\d|\d|out\s+of\s+(?!4\b)\d))"
_SCORED_AFTER_RE = r"\s+(?:was\s+|were\s+|is\s+)?(?:scored|given\s+a\s+score\s+of|received\s+a\s+score\s+of|had\s+a\s+score\s+of)\s+(?P<n>[1-4])\b" + _NOT_OUT_OF_4
_SCORED_BEFORE_RE = r"\ba\s+score\s+of\s+(?P<n>[1-4])\b(?:\s+out\s+of\s+4)?\s+(?:for|in)\s+(?:the\s+)?"


def _statement_sentence_patterns(form: str) -> tuple[re.Pattern[str], ...]:
    """The sentences that score the statement a compared form names, compiled once."""
    esc = re.escape(form)
    return (re.compile(rf"\b{esc}(?:\s+quality\s+statement)?{_SCORED_AFTER_RE}"),
            re.compile(rf"{_SCORED_BEFORE_RE}{esc}\b"),
            re.compile(rf"\bscore\s+for\s+(?:the\s+)?{esc}(?:\s+quality\s+statement)?\s+(?:was|is)\s+(?P<n>[1-4])\b{_NOT_OUT_OF_4}"))


_STATEMENT_SENTENCES = [(form, name, kq, _statement_sentence_patterns(form)) for form, name, kq in _ALIASES]


def _prose_statement_scores(sentence: str) -> Iterable[tuple[str, KeyQuestion, int]]:
    """Statements a sentence scores: "Learning culture scored 3", "We gave a score of 2 for
    safeguarding"."""
    lowered = sentence.lower()
    if "score" not in lowered or not _NAME_ANY_RE.search(lowered):
        return
    low = _norm(sentence)
    for form, name, kq, patterns in _STATEMENT_SENTENCES:
        if form not in low:
            continue
        m = next((m for p in patterns if (m := p.search(low))), None)
        if m:
            yield name, kq, int(m.group("n"))


#: A key question before a statement's name on its line: "Safe – ", "Well-led: ".
_KQ_PREFIX_RE = re.compile(r"^(?:safe|effective|caring|responsive|well[\s-]led)\s*[:–-]\s+(?=[A-Z])", re.I)


def _line_scores(lines: list[str], carried: set[str] | None = None) -> dict[str, tuple[str, KeyQuestion, int]]:
    """Statement scores on the statements' lines, beside or under them or in columns, outside
    the blocks that give no current score (``set_aside``); the names of those the text says are
    based on the previous rating go into ``carried``."""
    names = [(form, (name, kq)) for form, name, kq in _ALIASES]
    marked = set_aside(lines)
    rows = [row for row, _aside in marked]
    aside = [a for _row, a in marked]
    # a table copied column by column first: its last name stands over the "Score" heading
    found = {name: (name, kq, n) for name, kq, n in statement_columns([r for r, a in marked if not a])}
    k = 0
    while k < len(rows):
        row = _KQ_PREFIX_RE.sub("", rows[k])  # "Safe – Learning culture: 3"
        hit = None if aside[k] or not _NAME_ANY_RE.search(row.lower()) else _split_name(row, names)
        if hit:
            (name, kq), rest = hit
            core = _CARRIED_TAIL_RE.sub("", rest)  # "3 (based on the previous rating)"
            core = _BRACKETED_RE.sub(r"\1", core)  # "Learning culture (score 3 out of 4)"
            n = statement_score(core) if core else None
            is_carried = n is not None and core != rest
            if n is not None and not _SCORE_FIRST_RE.search(rest) and _ends_with_name(row, name):
                n = None  # "1. Learning culture", "3 Safeguarding": a list's numbers, not scores
            if n is None and re.match(r"[–:\s]*we\b", rest):
                rest = ""  # CQC's "we" statement on the name's line: the score is below
            used = 1
            if n is None and rest:
                # a key question's column between the statement and its score ("Safeguarding  Safe  2")
                bare = _split_name(rest, _KQ_WORDS)
                n = statement_score(bare[1]) if bare and bare[1] else None
            if n is None and not rest:
                n, used = _score_below(rows[k + 1: k + 4], names)
            if n is not None:
                if name not in found and carried is not None and (
                        is_carried or any(_CARRIED_RE.search(r) and not _names_any(r) for r in rows[k + used: k + used + 1])):
                    carried.add(name)  # "This score is based on the previous rating …" under it
                found.setdefault(name, (name, kq, n))
                k += used
                continue
        k += 1
    return found


#: A statement's score that is not this assessment's finding: "based on the previous rating",
#: "we did not look at this quality statement", "not assessed at this assessment".
_CARRIED_RE = re.compile(r"\bbased\s+on\s+(?:the|our)\s+(?:previous|last)\s+rating|\bdid\s+not\s+look\s+at\b"
                         r"|\bnot\s+assessed\b", re.I)
#: The same said after the score on the name's line: "3 (based on the previous rating)",
#: "2 – not assessed, based on the previous rating".
_CARRIED_TAIL_RE = re.compile(r"\s*[(–,;-]\s*(?:score\s+)?(?:not\s+assessed\b[,;]?\s*)?(?:this\s+score\s+is\s+)?"
                              r"(?:based\s+on\s+(?:the|our)\s+(?:previous|last)\s+rating|not\s+assessed)[^()]*\)?\.?$", re.I)


#: A number before a statement's name is its score only when the words say so ("Score: 3
#: Learning culture", "3 – Evidence shows a good standard  Learning culture"); otherwise it
#: numbers a list ("1. Learning culture", "2 Safeguarding").
_SCORE_FIRST_RE = re.compile(r"score|evidence|standard|shortfall", re.I)


def _ends_with_name(row: str, name: str) -> bool:
    """Whether a row's statement name comes after the rest of the row (its score first)."""
    low = _norm(row.replace("\t", "  ").replace("|", "  "))
    return not any(low.startswith(form) for form, published, _kq in _ALIASES if published == name)


#: A heading or an opening line whose block gives scores that are not this assessment's own:
#: earlier assessments' ("Scores at our last assessment", "Previous scores"), examples of how
#: CQC scores ("How we score quality statements", "For example:"), surveys and feedback ("Survey
#: results", "What people told us") and counts ("Concerns we received", "Number of referrals").
_ASIDE_HEADING_RE = re.compile(
    r"\b(?:previous|previously|last|earlier|prior|past)\b|\bhistory\b"
    r"|\bfor\s+example\b|\be\.g\.|\bexamples?\b|\bsuch\s+as\b|\bmight\b|\bcould\b|\bwould\b|\bhow\s+we\s+(?:score|calculate)"
    r"|\bsurvey|\bquestionnaire|\bfeedback\b|\bpeople\s+told\s+us\b"
    r"|\bnumbers?\s+of\b|\bconcerns\b|\bcomplaints\b|\breferrals\b|\bincidents\b|\bnotifications\b|\benquiries\b", re.I)
#: A line that ends with an earlier rating ("Previously: Requires improvement", "Effective - Not
#: assessed. Rating from our last inspection: Good"): history of one rating, not a block's heading.
_EARLIER_RATING_RE = re.compile(rf"\b(?:previously|previous\s+rating|last\s+(?:inspection|assessment|rating))\s*[:=–-]\s*"
                                rf"(?:{P.RATING_ALT})\.?$", re.I)
#: A sentence about an earlier assessment: "At our last assessment …", "previously scored".
_NOT_CURRENT_SENTENCE_RE = re.compile(
    r"\b(?:last|previous|earlier|prior)\s+(?:assessment|inspection)s?\b|\bpreviously\b|\bfor\s+example\b|\be\.g\.", re.I)
#: A table's cells: set apart by a tab, a bar or two spaces.
_CELL_SPLIT_RE = re.compile(r"\t|\s*\|\s*|\s{2,}")
#: A row ending in a bare number ("Overview 1", "Safeguarding 3"): a contents list's or a count's.
_BARE_END_RE = re.compile(r"^(?P<text>.*?\D)\s*(?P<n>\d{1,3})$")


def _is_heading(row: str) -> bool:
    """A short line of words that opens a block: no digit, no sentence's end."""
    return len(row) < 70 and not re.search(r"\d", row) and not row.endswith(".")


def set_aside(lines: list[str]) -> list[tuple[str, bool]]:
    """The non-empty lines, stripped, each with whether it stands where no current score does:

    - under a heading (or after an opening line ending in ":") that speaks of an earlier
      assessment, an example, a survey or a count, until the next heading of another kind or
      the next table's end;
    - under a table's header row that names quality statements but no score column ("Quality
      statement  Number of people spoken to"), until a blank line;
    - in a run of rows ending in bare numbers that any number above 4 or any row that names no
      statement shows to be a contents list's page numbers or counts."""
    marked: list[tuple[str, bool]] = []
    state: str | None = None  # "aside" (a heading's block), "table" (a header's rows)
    for line in lines:
        row = line.strip()
        if not row:
            if state == "table":
                state = None
            continue
        if (_is_heading(row) or row.endswith(":")) and _ASIDE_HEADING_RE.search(row) and not _names_any(row):
            if _EARLIER_RATING_RE.search(row):
                marked.append((row, True))  # "Previously: Good": one earlier rating, no block's heading
                continue
            state = "aside"
            marked.append((row, True))
            continue
        cells = [c for c in _CELL_SPLIT_RE.split(row) if c] if "quality statement" in row.lower() else []
        if len(cells) >= 2 and any(re.fullmatch(r"quality\s+statements?", c, re.I) for c in cells) \
                and not any(re.search(r"score|evidence\s+level", c, re.I) for c in cells):
            state = "table"
            marked.append((row, True))
            continue
        if state == "aside" and _is_heading(row) and not _names_any(row) and not _split_name(row, _KQ_NAMES):
            state = None
        marked.append((row, state is not None))
    return _contents_aside(marked)


def _contents_aside(marked: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Rows of a run ending in bare numbers set aside when the run is a contents list or counts
    (a number above 4, or a row that names no quality statement)."""
    out = list(marked)
    k = 0
    while k < len(out):
        j = k
        while j < len(out) and out[j][0][-1].isdigit() and (m := _BARE_END_RE.match(out[j][0])) and not re.search(r"score", m.group("text"), re.I):
            j += 1
        run = out[k:j]
        if len(run) >= 2:
            ends = [_BARE_END_RE.match(r) for r, _a in run]
            if any(e and (int(e.group("n")) > 4 or not _names_any(e.group("text"))) for e in ends):
                out[k:j] = [(r, True) for r, _a in run]
        k = max(j, k + 1)
    return out


def _names_any(row: str) -> bool:
    """Whether a row is, or starts or ends with, a quality statement's name."""
    return _NAME_ANY_RE.search(row.lower()) is not None and _split_name(row, _NAME_VALUES) is not None


def _score_below(rows: list[str], names: list[tuple[str, tuple[str, KeyQuestion]]]) -> tuple[int | None, int]:
    """(score, lines used) under a statement's name: a line that says it is a score ("Score: 3",
    "Evidence shows a good standard", "Score" then "3"), past at most two lines of the statement's
    own words (CQC's "we" statement); another statement's or a key question's name ends the
    search, and a bare digit is taken only after "Score" (alone it may be a page number)."""
    for j, row in enumerate(rows):
        heading = _split_name(row, _KQ_NAMES)
        if _split_name(row, names) or (heading and not heading[1]):
            return None, 1
        if row.lower().rstrip(":") in ("score", "rating score") and j + 1 < len(rows):
            n = statement_score(rows[j + 1]) if rows[j + 1].isdigit() else None
            return (n, j + 3) if n is not None else (None, 1)
        if not row.isdigit() and (n := statement_score(row)) is not None:
            return n, j + 2
    return None, 1


def statement_columns(lines: list[str]) -> list[tuple[str, KeyQuestion, int]]:
    """A table copied column by column: a run of statement names, then (past a "Score" heading)
    as many scores, one a line, the first score to the first name."""
    names = [(form, (name, kq)) for form, name, kq in _ALIASES]
    rows = [ln.strip() for ln in lines if ln.strip()]
    found: list[tuple[str, KeyQuestion, int]] = []
    k = 0
    while k < len(rows):
        run: list[tuple[str, KeyQuestion]] = []
        while k < len(rows) and _NAME_ANY_RE.search(rows[k].lower()) and (hit := _split_name(rows[k], names)) and not hit[1]:
            run.append(hit[0])
            k += 1
        if len(run) >= 2 and k < len(rows) and rows[k].lower() in ("score", "scores", "rating score"):
            values = [statement_score(r) if len(r) < 50 else None for r in rows[k + 1: k + 1 + len(run)]]
            if len(values) == len(run) and None not in values:
                found += [(name, kq, n) for (name, kq), n in zip(run, values, strict=True) if n is not None]
                k += 1 + len(run)
                continue
        k += 0 if run else 1
    return found


#: A rating cell before or after the score, set apart by a separator or two spaces: "Good ·
#: Score 63%", "Requires improvement – 53%", "53%  Requires improvement", "Score 53% · Good"; a
#: rating's label may lead ("rating: Good · Score 56%").
_LEADING_RATING_RE = re.compile(rf"^[:=–|·•\s]*(?:rating\s*[:=–-]?\s*)?(?:{P.RATING_ALT})\b[\s:=–|·•,]*", re.I)
_TRAILING_RATING_RE = re.compile(rf"(?<=[%\d)])(?:\s*[·•|–,]\s*|\s+)(?:{P.RATING_ALT})\.?$", re.I)
#: The previous rating a key question's row ends with, history beside the current score.
_PREVIOUS_CELL_RE = re.compile(rf"(?:\s*[,;]\s*|\s+)(?:previously|previous\s+rating|last\s+rating)\s*[:=–-]?\s*"
                               rf"(?:{P.RATING_ALT})$", re.I)
#: A whole score expression in brackets after the rating: "(score 69%)", "(Score: 2 out of 4 (53%))".
_BRACKETED_RE = re.compile(r"^\((\s*(?:rating\s+)?score[sd]?\b.*)\)$", re.I)


def key_question_percents(lines: list[str]) -> dict[KeyQuestion, int]:
    """The percentage score of each key question the lines give beside its name: "Safe: 63%",
    "Safe – 2 out of 4 (53%)", "Well-led  Score 66", or the name alone and "Score: 63%" on the
    next line."""
    marked = set_aside(lines)
    rows = [row for row, _aside in marked]
    found: dict[KeyQuestion, int] = {}
    for k, row in enumerate(rows):
        hit = None if marked[k][1] or not _PERCENT_ANY_RE.search(row.lower()) else _split_name(row, _PERCENT_NAMES)
        if not hit:
            continue
        kq, rest = hit
        if re.fullmatch(r"rating\s*[:=–-]?", rest, re.I):
            continue  # "Overall rating:" over its rating: no score
        rest = _score_cell(rest)
        n = percent_score(rest) if rest else _percent_below(rows[k + 1: k + 4])
        if n is not None:
            found.setdefault(kq, n)
    for sentence in re.split(r"(?<=[.;])\s+", " ".join(rows)):
        if _NOT_CURRENT_SENTENCE_RE.search(sentence):
            continue  # "At our last assessment, the safe key question scored 70%"
        for kq, n in _prose_percents(sentence):
            found.setdefault(kq, n)
    return found


def _score_cell(rest: str) -> str:
    """What is left of a row beside a key question's name once the rating is taken off either
    side of the score ("Good  71%", "Good · Score 63%", "53%  Requires improvement"), with the
    earlier rating after it ("Score 66%  Previously: Requires improvement") and the brackets round
    the score ("Good (score 69%)")."""
    rest = _LEADING_RATING_RE.sub("", rest)  # "Safe  Good  71%", "Safe – Good – 71%", "Good · Score 63%"
    rest = _PREVIOUS_CELL_RE.sub("", rest)  # "Safe  Good  Score 66%  Previously: Requires improvement"
    rest = _TRAILING_RATING_RE.sub("", rest)  # "Safe  53%  Requires improvement", "Score 53% · Good"
    return _BRACKETED_RE.sub(r"\1", rest)  # "Safe - Good (score 69%)"


def _percent_sentence_patterns(word: str) -> tuple[re.Pattern[str], ...]:
    """The sentences that give the key question a word names its percentage, compiled once."""
    esc = re.escape(word)
    return (re.compile(rf"\b{esc}(?:\s+key\s+question)?\s+(?:was\s+|is\s+)?(?:scored|had\s+a\s+score\s+of)\s+"
                       rf"(?P<n>\d{{1,3}})\s*(?:%|per\s*cent|percent)"),
            re.compile(rf"\ba\s+score\s+of\s+(?P<n>\d{{1,3}})\s*(?:%|per\s*cent|percent)\s+(?:for|in)\s+(?:the\s+)?{esc}\b"),
            re.compile(rf"\bscore\s+for\s+(?:the\s+)?{esc}(?:\s+key\s+question)?\s+(?:was|is)\s+(?P<n>\d{{1,3}})\s*(?:%|per\s*cent|percent)"))


_PERCENT_SENTENCES = [(word, kq, _percent_sentence_patterns(word)) for word, kq in _KQ_WORDS]


def _prose_percents(sentence: str) -> Iterable[tuple[KeyQuestion, int]]:
    """Key questions a sentence scores: "The safe key question scored 63%", "a score of 66 per
    cent for well-led"."""
    lowered = sentence.lower()
    if "score" not in lowered or not _KQ_ANY_RE.search(lowered):
        return
    low = _norm(sentence)
    for word, kq, patterns in _PERCENT_SENTENCES:
        if word not in low:
            continue
        m = next((m for p in patterns if (m := p.search(low))), None)
        if m and int(m.group("n")) <= 100:
            yield kq, int(m.group("n"))


def _percent_below(rows: list[str]) -> int | None:
    """The percentage under a key question's name, past its rating and the rating's date
    ("Safe" / "Requires improvement" / "Score: 2 out of 4 (53%)"); any other line ends the search."""
    for row in rows:
        if (n := percent_score(row)) is not None or (n := percent_score(_score_cell(row))) is not None:
            return n  # "Score: 2 out of 4 (53%)", "Requires improvement · Score 53%"
        if not (P.parse_rating(row) and len(row) < 30) and not (len(row) < 30 and P.parse_date(row)):
            return None
    return None


def with_scores_found(inspections: list[Inspection], text: str, location: int | None, *,
                      add_assessment: bool = False) -> list[Inspection]:
    """The inspections with the scores the assessment gives beside a quality statement's or a key
    question's name, in whatever layout, added to its current assessment: the statements not yet
    scored, the percentages of key questions rated without one. Scores stand only in an
    assessment: with no current one, a text of the assessment layout (``add_assessment``) gets
    one that holds them, any other keeps its inspections as they are."""
    k = next((j for j, i in enumerate(inspections) if not i.is_previous and (
        i.kind is InspectionKind.ASSESSMENT or i.framework == "single assessment framework")), None)
    if k is None and not add_assessment:
        return inspections  # no assessment to hold scores: nothing is read
    lines = text.split("\n")
    carried: set[str] = set()
    found = statement_scores(lines, carried) if names_a_statement(text) else []
    percents = key_question_percents(lines) if re.search(r"%|per\s*cent|\bscore", text, re.I) else {}
    if not found and not percents:
        return inspections
    if k is None:
        if not found or not add_assessment:
            return inspections
        inspections = [*inspections, Inspection(location=location, kind=InspectionKind.ASSESSMENT,
                                                framework="single assessment framework")]
        k = len(inspections) - 1
    current = inspections[k]
    known = {published_name(s.statement) for s in current.scores}
    added = tuple(QualityStatementScore(name, n, key_question=kq, assessed=name not in carried,
                                        note="based on the previous rating" if name in carried else None)
                  for name, kq, n in found if name not in known)
    inspections[k] = dataclasses.replace(current, scores=current.scores + added, ratings=_with_percents(current.ratings, percents))
    return inspections


def _with_percents(ratings: tuple[Rating, ...], percents: dict[KeyQuestion, int]) -> tuple[Rating, ...]:
    """The ratings, each key question's (of no one service) with its percentage when it has none."""
    return tuple(dataclasses.replace(r, score_percent=percents[r.key_question])
                 if r.score_percent is None and r.service is None and r.key_question in percents else r
                 for r in ratings)


def with_percents_on_ratings(inspections: list[Inspection], text: str) -> list[Inspection]:
    """The inspections with the current assessment's key question ratings read after its scores
    (by the readers of ratings in any layout) given the percentage the text sets beside them."""
    k = next((j for j, i in enumerate(inspections) if not i.is_previous and (
        i.kind is InspectionKind.ASSESSMENT or i.framework == "single assessment framework")), None)
    if k is None or not any(r.score_percent is None and r.service is None for r in inspections[k].ratings) \
            or not re.search(r"%|per\s*cent|\bscore", text, re.I):
        return inspections
    percents = key_question_percents(text.split("\n"))
    if not percents:
        return inspections
    inspections = list(inspections)
    inspections[k] = dataclasses.replace(inspections[k], ratings=_with_percents(inspections[k].ratings, percents))
    return inspections
