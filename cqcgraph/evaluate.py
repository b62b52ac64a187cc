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
- provider / location: each name, alternative name and CQC id is one fact. Each document is
  read with the source address its ``NNN.meta.json`` states (``url`` or ``source``), as
  ``ingest --source-url`` reads it, so the IDs a page address gives are there as a user gets
  them; IDs are scored only in documents whose expected file lists an ID of that kind, and
  otherwise counted apart ("CQC IDs not scored").
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
  question's percentage score ``(key question, percent)``, and an assessment's overall score
  ``("overall", percent)``.
- breaches: a regulation number when both sides give one, else the titles, which match when
  one's words are (nearly) all in the other's. A 2010-2014 breach given by its essential
  standard's outcome alone has the 2010 regulation that outcome is judged against (outcome 4 is
  regulation 9).
- actions: a multiset of ``(kind)`` with the cited regulation paragraph and count as attributes;
  enforcement: a set of ``(kind)`` with against, amount, duration, regulation as attributes.
- Attributes given on only one side are not compared; facts are matched one to one, greedily.

Two scorings, both reported:

- **loose** (the rules above): a rating's inspection is compared only when both sides date it,
  and its subject is not compared;
- **strict**: a rating must also sit on the right subject (the location or provider its inspection
  or current rating belongs to, names compared as titles) and, when the expected file dates its
  inspection, on an inspection with one of those dates: a service's rating given to the location,
  or a previous rating given as the current one, is wrong. Other kinds score as in loose (dates
  already keep their roles: start, end, published, updated, registered, last-inspected, visit).

Coverage (``coverage``) reads every document of the folders, with or without an expected file,
and counts those that cannot be read, fall back to the generic reader, yield no fact, or
contradict themselves (a location's or provider's current overall rating, as a page header states
it, against the overall rating of the latest inspection the body reports for it).

Expected files may use either layout of a key: ``dates_text`` as a string or a list (also at the
top level); quality statement scores flat or grouped by key question; key question percentages
inside ``key_question_ratings`` (``score_percent``) or as ``key_question_scores``, an assessment's
overall score inside ``overall`` (``score_percent``) (a rating written
there again beside its score is the one fact ``ratings`` gives; a current rating "Not yet
rated" is no rating, as the records hold none); an assessment's "Updated" day as
``summary_updated`` or ``updated``; action kinds
with underscores or spaces ("warning_notice", "warning notice (section 29A)");
``special_measures_change`` ("taken out of special measures") or ``special_measures_ended`` as an
enforcement fact; a warning notice whose ``legal_basis`` is section 29A as the 29A notice; a
prosecution's ``fine``, ``costs`` and ``victim_surcharge`` written inside it (an object with its
``amount``, or the amount alone) as those facts. Keys the
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
from typing import Any, Callable, Iterable

from cqcgraph import documents
from cqcgraph.records import Action, ActionKind, DocumentRecord, Inspection, Location, Provider

KINDS = ("provider", "location", "address", "postcode", "dates", "ratings", "scores",
         "breaches", "actions", "enforcement", "changes")


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
    strict: dict[str, Score] = field(default_factory=dict)
    strict_missed: dict[str, list[Fact]] = field(default_factory=dict)
    strict_extra: dict[str, list[Fact]] = field(default_factory=dict)
    unscored_ids: int = 0  # CQC IDs given where the expected file lists none of their kind


@dataclass
class Coverage:
    """What every document of the folders gives, expected file or not."""

    documents: int = 0
    unreadable: list[str] = field(default_factory=list)
    fell_back: list[str] = field(default_factory=list)  # read by the generic reader
    nothing: list[str] = field(default_factory=list)  # read, but no fact at all
    contradictions: list[tuple[str, str]] = field(default_factory=list)  # (document, what)
    layouts: dict[str, int] = field(default_factory=dict)


@dataclass
class EvaluationReport:
    documents: list[DocumentScore]
    seconds: float
    coverage: Coverage | None = None

    @property
    def kinds(self) -> dict[str, Score]:
        """Loose scores per kind, summed over the documents."""
        return _sum(d.kinds for d in self.documents)

    @property
    def strict_kinds(self) -> dict[str, Score]:
        """Strict scores per kind, summed over the documents."""
        return _sum(d.strict for d in self.documents)

    def layouts(self, strict: bool = False) -> dict[str, tuple[int, dict[str, Score]]]:
        """Per layout family: ``(documents, scores per kind)``."""
        out: dict[str, list[DocumentScore]] = {}
        for d in self.documents:
            out.setdefault(d.layout, []).append(d)
        return {k: (len(v), _sum((d.strict if strict else d.kinds) for d in v)) for k, v in sorted(out.items())}

    @property
    def documents_per_second(self) -> float:
        return len(self.documents) / self.seconds if self.seconds else 0.0


def _sum(per_document: Iterable[dict[str, Score]]) -> dict[str, Score]:
    total = {k: Score() for k in KINDS}
    for kinds in per_document:
        for k, sc in kinds.items():
            total[k].add(sc)
    return total


def overall(kinds: dict[str, Score]) -> Score:
    """All kinds together (micro-averaged)."""
    total = Score()
    for sc in kinds.values():
        total.add(sc)
    return total


# ----------------------------------------------------------------------------- normalising

def norm(text: Any) -> str:
    text = str(text).replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[^\w\s]", " ", text.lower().replace("'", ""))
    return " ".join(text.split())


def norm_name(text: str) -> str:
    """A name without a lower-case remark in brackets after it, nor its article: CQC writes one
    place both ways ("The County Hospital" in a page's title, "County Hospital, Union Walk, …"
    in its address)."""
    return re.sub(r"^the\s+", "", norm(re.sub(r"\s*\((?:[a-z][^)]*)\)\s*$", "", text.strip())))


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
    """A date's wording without the preposition before it, nor a remark in brackets after it
    (one written lower-case, as a name's is): "in March (year not stated)" is "March"."""
    text = re.sub(r"\s*\((?:[a-z][^)]*)\)\s*$", "", str(text).strip())
    return re.sub(r"^(?:in|during|between|from)\s+", "", norm(text))


#: The words labels use for the three directions a rating takes ("deteriorated", "dropped" and
#: "declined" are "went down"; "remains" and "unchanged" are "stayed the same"; "went up" is
#: "improved"); a change written "changed from good to requires improvement" is read by the
#: order of CQC's scale.
_CHANGE_WORDS = (
    (re.compile(r"^(?:went down|gone down|goes down|down|deteriorated|declined|dropped|worsened|fell|fallen|lowered)$"), "went-down"),
    (re.compile(r"^(?:improved|went up|gone up|up|rose|risen)$"), "improved"),
    (re.compile(r"^(?:stayed the same|remains|remained|remains the same|remained the same|unchanged|not changed|no change|same)$"),
     "stayed-the-same"),
)
_CHANGED_FROM_RE = re.compile(r"^(?:changed|moved|went|gone) from (?P<old>.+?) to (?P<new>.+)$")


def norm_change(text: str) -> str:
    """A change's direction as the records give it ("improved", "went-down",
    "stayed-the-same"), whatever word the label uses; another wording is kept as written.

    >>> norm_change("deteriorated"), norm_change("changed from good to requires improvement")
    ('went-down', 'went-down')
    """
    t = norm(text)
    for pattern, direction in _CHANGE_WORDS:
        if pattern.match(t):
            return direction
    if (m := _CHANGED_FROM_RE.match(t)) and (old := norm_rating(m.group("old"))) and (new := norm_rating(m.group("new"))):
        scale = ["inadequate", "requires-improvement", "good", "outstanding"]
        if old in scale and new in scale:
            a, b = scale.index(old), scale.index(new)
            return "improved" if b > a else "went-down" if b < a else "stayed-the-same"
    return t.replace(" ", "-")


def _words(text: str) -> set[str]:
    stop = {"the", "a", "an", "of", "to", "and", "with", "their", "cqc", "where", "required", "while", "is", "in"}
    return {w for w in norm(re.sub(r"\([^)]*\)", "", text)).split() if w not in stop}


def similar_titles(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    small, big = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(small & big) / len(small) >= 0.8


def same_subject(a: str, b: str) -> bool:
    """Two names of one subject: (nearly) the same words both ways, so a location is not its
    provider ("Miracle in Progress" is not "Miracle in Progress Ltd Holdings")."""
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.8


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
    if "suspension" in raw and re.search(r"\bsection 31\b", norm(entry.get("legal_basis", ""))):
        # section 31 of the Health and Social Care Act 2008 is the urgent procedure: a suspension
        # labelled with it is the urgent suspension, however its kind is worded
        return "enforcement", "urgent-suspension"
    if "warning" in raw and re.search(r"\bsection 29a\b", norm(entry.get("legal_basis", ""))):
        # a warning notice labelled with section 29A of the Act as its basis is the 29A notice
        return "enforcement", "warning-notice-29a"
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


#: The keys of an expected ratings entry that are ratings; the others (a service's ``note``, its
#: ``rating_changes``) describe it, and a note saying "not inspected" rates nothing.
_RATED_KEYS = ("overall", "safe", "effective", "caring", "responsive", "well-led")


def _rating_facts(ratings: dict, key: tuple[str, ...] | None, service: str | None = None,
                  subj: str | None = None) -> list[Fact]:
    out = []
    for kq, v in (ratings or {}).items():
        if norm_kq(kq) not in _RATED_KEYS:
            continue
        value = norm_rating(v.get("rating") if isinstance(v, dict) else v)
        if value:
            out.append(fact(norm_kq(kq), norm(service) if service else "", value, insp=key, subj=subj))
    return out


def _subject(name: Any) -> str | None:
    return norm_name(str(name)) if name else None


def expected_facts(exp: dict) -> dict[str, list[Fact]]:
    facts: dict[str, list[Fact]] = {k: [] for k in KINDS}
    provs = [exp["provider"]] if isinstance(exp.get("provider"), dict) else []
    provs += [p for p in exp.get("providers", []) if isinstance(p, dict)]
    for p in provs:
        _expected_entity_facts("provider", p, [p.get("name"), *p.get("alt_names", [])], facts)
    for loc in exp.get("locations", []):
        _expected_entity_facts("location", loc, [loc.get("name"), *loc.get("alt_names", []),
                                                 loc.get("also_known_as")], facts)
        # "registered_date" and "last_inspected": the same facts, as some labellers spell them
        if loc.get("registration_date") or loc.get("registered_date"):
            facts["dates"].append(fact("registered", loc.get("registration_date") or loc["registered_date"]))
        if _last_inspected(loc):
            facts["dates"].append(fact("last-inspected", _last_inspected(loc)))
    doc = exp.get("document", {}) if isinstance(exp.get("document"), dict) else {}
    for published in (doc.get("published"), exp.get("publication_date")):
        if published:
            facts["dates"].append(fact("published", published))
    has_visits = any(i.get("visit_dates") for i in exp.get("inspections", []))
    inspections = list(exp.get("inspections", [])) + list(exp.get("assessments", []))
    listed = {_subject(loc.get("name")): _last_inspected(loc) for loc in exp.get("locations", []) if _last_inspected(loc)}
    current = {_subject(loc.get("name")): norm_rating(loc.get("current_overall_rating")) for loc in exp.get("locations", [])}
    for i in inspections:
        _expected_inspection_facts(i, has_visits, facts, listed, current)
    facts["breaches"] += [_expected_breach(b) for b in exp.get("breaches", [])]
    _action_facts(exp.get("actions", []), facts)
    _action_facts(exp.get("enforcement", []), facts)
    _expected_special_measures(exp, facts)
    facts["dates"] += [fact("text", norm_date_text(t)) for t in _texts(exp.get("dates_text"))]
    return _dedupe_sets(facts)


def _breach_regulation(regulation: Any, outcome: Any) -> str | None:
    """The regulation a breach cites, else the 2010 regulation its essential standard's outcome is
    judged against (outcome 4 is regulation 9: ``patterns.OUTCOMES_2010``)."""
    if regulation:
        return str(regulation)
    from cqcgraph.extract.patterns import outcome_regulation

    number = re.search(r"\d{1,2}", str(outcome or ""))
    found = outcome_regulation(number.group(0)) if number else None
    return found[1] if found else None


def _expected_breach(b: dict) -> Fact:
    return fact("breach", reg=_breach_regulation(b.get("regulation"), b.get("outcome")), title=b.get("title"))


def _expected_entity_facts(kind: str, entity: dict, names: list[Any],
                           facts: dict[str, list[Fact]]) -> None:
    """A provider's or location's names, CQC ID, address, postcode and current rating."""
    for name in names:
        if name:
            facts[kind].append(fact("name", norm_name(name)))
    if entity.get("cqc_id"):
        facts[kind].append(fact("id", entity["cqc_id"]))
    if entity.get("address"):
        facts["address"].append(fact(norm(entity["address"])))
    if entity.get("postcode"):
        facts["postcode"].append(fact(norm_postcode(entity["postcode"])))
    if norm_rating(entity.get("current_overall_rating")):  # "Not yet rated" is no rating
        facts["ratings"].append(fact("current", norm_rating(entity["current_overall_rating"]),
                                     subj=_subject(entity.get("name"))))


def _last_inspected(loc: dict) -> Any:
    return loc.get("last_inspection_date") or loc.get("last_inspected")


def _summary_updated(i: dict) -> Any:
    """An inspection's or assessment's "Updated" day, as ``summary_updated`` or, as heldout9 writes
    it, ``updated`` (a string: a key question's own ``updated`` inside its rating is not it)."""
    return i.get("summary_updated") or (i["updated"] if isinstance(i.get("updated"), str) else None)


def _expected_inspection_facts(i: dict, has_visits: bool, facts: dict[str, list[Fact]],
                               listed: dict[str | None, Any] | None = None,
                               current: dict[str | None, str | None] | None = None) -> None:
    """What an expected inspection or assessment states, in the order the kinds are listed. An
    inspection of a listed service dated only by the day the list says it was last inspected is
    that list's fact (``listed``: each listed service's day), not a second one, and so is the
    overall rating it gives when that is the rating the list gives the service (``current``)."""
    start = i.get("start_date") or i.get("assessment_date")
    updated = _summary_updated(i)
    key = _insp_key(start, _texts(i.get("dates_text")), i.get("publication_date"), updated)
    subj = _subject(i.get("location") or i.get("provider"))
    only_listed = (start and subj in (listed or {}) and (listed or {})[subj] == start
                   and not updated and not any(i.get(k) for k in ("end_date", "publication_date", "visit_dates", "dates_text")))
    _expected_dates(i, None if only_listed else start, has_visits, facts)
    stated = dict(i.get("ratings") or {})
    if only_listed and list(stated) == ["overall"] and norm_rating(stated["overall"]) == (current or {}).get(subj):
        stated = {}  # "Overall rating: Good / Last inspected: 14 June 2022" under a listed service: one fact
    facts["ratings"] += _rating_facts(stated, key, subj=subj)
    # a key question's rating written again beside its score ("key_question_ratings") is the
    # rating ``ratings`` gives, one fact; one that ``ratings`` leaves out is its own
    given = {norm_kq(kq) for kq in (i.get("ratings") or {})}
    facts["ratings"] += _rating_facts({kq: v for kq, v in (i.get("key_question_ratings") or {}).items()
                                       if norm_kq(kq) not in given}, key, subj=subj)
    if (isinstance(i.get("overall"), (dict, str)) and "overall" not in (i.get("ratings") or {})
            and "overall" not in (i.get("key_question_ratings") or {})):
        # an assessment's "overall": {"rating": …, "score_percent": …} is its overall rating
        facts["ratings"] += _rating_facts({"overall": i["overall"]}, key, subj=subj)
    for sr in i.get("service_ratings", []):
        facts["ratings"] += _rating_facts({k: v for k, v in sr.items() if k != "service"}, key, sr.get("service"), subj)
    for gr in i.get("population_group_ratings", []):
        facts["ratings"] += _rating_facts({k: v for k, v in gr.items() if k != "group"}, key, gr.get("group"), subj)
    _expected_scores(i, facts)
    facts["breaches"] += [_expected_breach(b) for b in i.get("breaches", [])]
    _expected_counted_actions(i, facts)
    _action_facts(i.get("actions", []), facts)
    _action_facts(i.get("enforcement", []), facts)
    _expected_special_measures(i, facts)
    if i.get("rating_change"):
        facts["changes"].append(fact("overall", norm_change(i["rating_change"])))
    for kq, ch in {**(i.get("key_question_changes") or {}), **(i.get("rating_changes") or {})}.items():
        facts["changes"].append(fact(norm_kq(kq), norm_change(ch)))
    # the changes a label writes inside the one service or group an inspection rates, and rates
    # alone, are that inspection's (the records keep a change by key question only)
    parts = [p for p in (*i.get("service_ratings", []), *i.get("population_group_ratings", [])) if isinstance(p, dict)]
    if len(parts) == 1 and not i.get("ratings") and not i.get("key_question_ratings"):
        if parts[0].get("rating_change") and not i.get("rating_change"):
            # the one service's overall change written beside its rating ("rating_change": "stayed the same")
            facts["changes"].append(fact("overall", norm_change(parts[0]["rating_change"])))
        for kq, ch in (parts[0].get("rating_changes") or {}).items():
            facts["changes"].append(fact(norm_kq(kq), norm_change(ch)))


def _expected_dates(i: dict, start: Any, has_visits: bool, facts: dict[str, list[Fact]]) -> None:
    if start:
        facts["dates"].append(fact("start", start))
    if i.get("end_date") and i.get("end_date") != start:
        facts["dates"].append(fact("end", i["end_date"]))
    if i.get("publication_date"):
        facts["dates"].append(fact("published", i["publication_date"]))
    if _summary_updated(i):
        facts["dates"].append(fact("updated", _summary_updated(i)))
    facts["dates"] += [fact("text", norm_date_text(t)) for t in _texts(i.get("dates_text"))]
    if has_visits:
        facts["dates"].extend(fact("visit", v) for v in i.get("visit_dates", []))


def _expected_scores(i: dict, facts: dict[str, list[Fact]]) -> None:
    """Key question percentages (from the ratings, else the scores) and statement scores."""
    percents: dict[str, int] = {}
    if isinstance(i.get("overall"), dict) and i["overall"].get("score_percent") is not None:
        percents["overall"] = int(i["overall"]["score_percent"])  # "overall": {"rating": …, "score_percent": 56}
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


def _expected_counted_actions(i: dict, facts: dict[str, list[Fact]]) -> None:
    """Must and should actions given as counts (by regulation, or a total)."""
    must = i.get("must_actions") or {}
    if must.get("by_regulation"):
        for reg, n in must["by_regulation"].items():
            facts["actions"] += [fact("must", reg=reg)] * int(n)
    elif must.get("total"):
        facts["actions"] += [fact("must")] * int(must["total"])
    if (i.get("should_actions") or {}).get("total"):
        facts["actions"] += [fact("should")] * int(i["should_actions"]["total"])


def _expected_special_measures(item: dict, facts: dict[str, list[Fact]]) -> None:
    if item.get("special_measures"):
        facts["enforcement"].append(fact("special-measures"))
    change = _special_measures_change(item.get("special_measures_change"))
    if item.get("special_measures_ended") is True:
        change = "special-measures-exit"
    if change:
        facts["enforcement"].append(fact(change))


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
        for key, sanction in _SANCTIONS.items():
            # a court's sanctions written inside the prosecution ("fine": {"amount": 48000}, or the
            # amount alone: "fine": 48000)
            if isinstance(a.get(key), dict):
                facts["enforcement"].append(fact(sanction, amount=a[key].get("amount")))
            elif isinstance(a.get(key), (int, float)) and not isinstance(a.get(key), bool):
                facts["enforcement"].append(fact(sanction, amount=a[key]))


#: The sanctions an expected prosecution may hold as its own keys, and the kind each is scored as.
_SANCTIONS = {"fine": "fine", "costs": "costs", "victim_surcharge": "other"}


def _dedupe_sets(facts: dict[str, list[Fact]]) -> dict[str, list[Fact]]:
    for kind in ("provider", "location", "address", "postcode", "dates", "enforcement", "changes"):
        facts[kind] = list(dict.fromkeys(facts[kind]))
    return facts


# ----------------------------------------------------------------------------- record facts

def _record_key(i: Inspection) -> tuple[str, ...] | None:
    return _insp_key(i.start_date.iso if i.start_date else None, i.dates_text,
                     i.publication_date.iso if i.publication_date else None,
                     i.summary_updated.iso if i.summary_updated else None)


def _inspection_subject(record: DocumentRecord, i: Inspection) -> str | None:
    """The name of the location (else provider) an inspection is about."""
    if i.location is not None and 0 <= i.location < len(record.locations):
        return _subject(record.locations[i.location].name)
    if i.provider is not None and 0 <= i.provider < len(record.providers):
        return _subject(record.providers[i.provider].name)
    if len(record.locations) == 1:
        return _subject(record.locations[0].name)
    if not record.locations and len(record.providers) == 1:
        return _subject(record.providers[0].name)
    return None


def record_facts(record: DocumentRecord, with_visits: bool) -> dict[str, list[Fact]]:
    facts: dict[str, list[Fact]] = {k: [] for k in KINDS}
    for p in record.providers:
        _record_entity_facts("provider", p, [p.name, *p.alt_names], facts)
    for loc in record.locations:
        _record_entity_facts("location", loc, [loc.name, *loc.alt_names], facts)
        if loc.registration_date:
            facts["dates"].append(fact("registered", loc.registration_date.iso))
        if loc.last_inspection_date:
            facts["dates"].append(fact("last-inspected", loc.last_inspection_date.iso))
    if record.publication_date:
        facts["dates"].append(fact("published", record.publication_date.iso))
    actions = list(record.actions)
    breaches = list(record.breaches)
    for i in record.inspections:
        _record_inspection_facts(record, i, with_visits, facts)
        breaches += i.breaches
        actions += i.actions
        if i.special_measures:
            facts["enforcement"].append(fact("special-measures"))
    for b in breaches:
        facts["breaches"].append(fact("breach", reg=_breach_regulation(b.regulation.number if b.regulation else None, b.outcome),
                                      title=b.title))
    _record_action_facts(actions, facts)
    return _dedupe_sets(facts)


def _record_entity_facts(kind: str, entity: Provider | Location, names: list[str | None],
                         facts: dict[str, list[Fact]]) -> None:
    """A provider's or location's names, CQC ID, address, postcode and current rating."""
    for name in names:
        if name:
            facts[kind].append(fact("name", norm_name(name)))
    if entity.cqc_id:
        facts[kind].append(fact("id", entity.cqc_id))
    if entity.address:
        facts["address"].append(fact(norm(entity.address)))
    if entity.postcode:
        facts["postcode"].append(fact(norm_postcode(entity.postcode)))
    if entity.current_overall_rating:
        facts["ratings"].append(fact("current", entity.current_overall_rating.value,
                                     subj=_subject(entity.name)))


def _record_inspection_facts(record: DocumentRecord, i: Inspection, with_visits: bool,
                             facts: dict[str, list[Fact]]) -> None:
    """An inspection's dates, ratings, scores and rating changes."""
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
    subj = _inspection_subject(record, i)
    for r in i.ratings:
        part = r.service or r.population_group
        facts["ratings"].append(fact(r.key_question.value, norm(part) if part else "", r.value.value, insp=key,
                                     subj=subj))
        if r.score_percent is not None:
            facts["scores"].append(fact("percent", r.key_question.value, r.score_percent))
    for s in i.scores:
        facts["scores"].append(fact("statement", norm(s.statement), s.score, assessed=s.assessed))
    for c in i.changes:
        facts["changes"].append(fact(c.key_question.value, c.change.value))


def _record_action_facts(actions: Iterable[Action], facts: dict[str, list[Fact]]) -> None:
    """Actions (must, should, requirement notices) and enforcement, as the expected files
    write them."""
    for a in actions:
        if a.kind in (ActionKind.MUST, ActionKind.SHOULD, ActionKind.REQUIREMENT_NOTICE):
            reg = None
            if a.regulation:
                reg = a.regulation.number + (a.regulation.paragraph or "")
            facts["actions"].append(fact(a.kind.value, reg=reg, count=a.count))
        else:
            facts["enforcement"].append(fact(a.kind.value, against=norm(a.against) if a.against else None,
                                             amount=a.amount, duration=a.duration))


# ----------------------------------------------------------------------------- matching

def _compatible(kind: str, exp: Fact, got: Fact, strict: bool = False) -> bool:
    if kind == "ratings" and not _rated_strictly(exp, got, strict):
        return False
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
            if _money(a) != _money(b):
                return False
        elif k == "insp":
            if not set(a) & set(b):
                return False
        elif k == "subj":
            continue  # compared by _rated_strictly
        elif a != b:
            return False
    return True


def _money(amount: Any) -> float | str:
    """An amount as a number ("£11,462.50" and 11462.5 are one amount), else its digits."""
    digits = re.sub(r"[^\d.]", "", str(amount))
    try:
        return float(digits)
    except ValueError:
        return digits


def _rated_strictly(exp: Fact, got: Fact, strict: bool) -> bool:
    """In strict scoring, a rating on the expected subject and, when the expected inspection is
    dated, on an inspection with one of its dates; always true in loose scoring."""
    if not strict:
        return True
    e, g = exp.attr(), got.attr()
    if e.get("subj"):
        if not g.get("subj"):
            return False
        if e["subj"] != g["subj"] and not same_subject(e["subj"], g["subj"]):
            return False
    if e.get("insp") and not g.get("insp"):
        return False
    return True


def match(kind: str, expected: list[Fact], got: list[Fact], strict: bool = False) -> tuple[Score, list[Fact], list[Fact]]:
    """Greedy one-to-one matching; returns the score, missed expected facts, extra facts."""
    free = list(got)
    missed: list[Fact] = []
    tp = 0
    # facts with more attributes first, so a specific expected fact takes its specific match
    for e in sorted(expected, key=lambda f: -len(f.attr())):
        hit = next((g for g in free if _compatible(kind, e, g, strict)), None)
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


def all_documents(paths: Iterable[Path]) -> list[Path]:
    """Every document in the given folders (and their subfolders) and files; sidecars
    (``*.meta.json``, ``*.expected.json``, ``expected/``) excluded."""
    out: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and documents.is_document(p))
        elif path.is_file():
            out.append(path)
    return out


def documents_in(paths: Iterable[Path]) -> list[Path]:
    """The documents of ``paths`` that have an expected file."""
    out: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.is_file() and documents.is_document(p))
        elif path.is_file():
            out.append(path)
    return [p for p in out if expected_path(p) is not None]


def stated_source_url(path: Path) -> str | None:
    """The address a document was retrieved from, as its ``NNN.meta.json`` sidecar states it
    (``url`` or ``source``), else None: what a user passes to ``ingest --source-url``."""
    meta = path.with_name(f"{path.stem}.meta.json")
    if not meta.is_file():
        return None
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("url") or data.get("source") if isinstance(data, dict) else None
    return url if isinstance(url, str) and re.match(r"https?://", url) else None


def perturbed(data: bytes, filename: str, perturb: Callable[[str], str]) -> bytes:
    """A plain text's bytes with ``perturb`` applied to its text (as UTF-8); an HTML page, a PDF
    or a JSON record unchanged."""
    if documents.sniff(data, filename) != documents.TEXT:
        return data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return perturb(text).encode("utf-8")


def _read_record(path: Path, perturb: Callable[[str], str] | None = None) -> tuple[DocumentRecord | None, str | None]:
    from cqcgraph.documents import UnreadableDocument, read
    from cqcgraph.extract import extract

    try:
        data = path.read_bytes()
        source = read(perturbed(data, path.name, perturb) if perturb else data, path.name)
        # as ingest does: the address the user states wins over one the document carries
        return extract(source.text, source_url=stated_source_url(path) or source.source_url, title=source.title), None
    except UnreadableDocument as exc:
        return None, str(exc)


def evaluate_document(path: Path, read: tuple[DocumentRecord | None, str | None] | None = None) -> DocumentScore:
    expected = expected_path(path)
    if expected is None:
        raise FileNotFoundError(f"{path.name}: no expected facts beside it ({path.stem}.expected.json)")
    exp = json.loads(expected.read_text(encoding="utf-8"))
    want = expected_facts(exp)
    record, error = read if read is not None else _read_record(path)
    if record is not None:
        layout = record.layout
        with_visits = any(i.get("visit_dates") for i in exp.get("inspections", []))
        got = record_facts(record, with_visits)
    else:
        layout, got = "unreadable", {k: [] for k in KINDS}
    ids = 0
    for kind in ("provider", "location"):
        if not any(f.key[0] == "id" for f in want[kind]):
            # the expected file lists no CQC ID of this kind: the IDs given are counted, not scored
            ids += sum(1 for f in got[kind] if f.key[0] == "id")
            got[kind] = [f for f in got[kind] if f.key[0] != "id"]
    kinds, missed, extra = {}, {}, {}
    strict, s_missed, s_extra = {}, {}, {}
    for kind in KINDS:
        kinds[kind], missed[kind], extra[kind] = match(kind, want[kind], got[kind])
        strict[kind], s_missed[kind], s_extra[kind] = match(kind, want[kind], got[kind], strict=True)
    return DocumentScore(path.name, layout, kinds, missed, extra, error, strict, s_missed, s_extra, ids)


def contradictions(record: DocumentRecord) -> list[str]:
    """Where a document contradicts itself: a location's (or provider's) current overall rating
    against the overall rating of the latest inspection of it that the document reports (not
    one described as previous)."""
    out = []
    subjects = [("location", n, loc.name, loc.current_overall_rating) for n, loc in enumerate(record.locations)]
    subjects += [("provider", n, p.name, p.current_overall_rating) for n, p in enumerate(record.providers)]
    for what, n, name, current in subjects:
        if current is None:
            continue
        dated = []
        for i in record.inspections:
            mine = (i.location == n) if what == "location" else (i.provider == n and i.location is None)
            if what == "location" and i.location is None and len(record.locations) == 1:
                mine = i.provider is None
            if not mine or i.is_previous:
                continue
            overall_rating = next((r.value for r in i.ratings if r.key_question.value == "overall"
                                   and not r.service and not r.population_group and not r.carried_over), None)
            when = (i.start_date or i.publication_date or i.summary_updated)
            if overall_rating is not None and when is not None and when.iso:
                dated.append((when.iso, overall_rating))
        if dated:
            latest_day, latest = max(dated, key=lambda t: t[0])
            if latest != current:
                out.append(f"{what} {name!r}: current {current.value} but the latest inspection ({latest_day}) "
                           f"rates it {latest.value} overall")
    return out


def _has_facts(record: DocumentRecord) -> bool:
    return any(record_facts(record, True).values())


def evaluate_paths(paths: list[Path], *, coverage: bool = True,
                   perturb: Callable[[str], str] | None = None) -> EvaluationReport:
    """Score every document with an expected file in the given folders or files, and (with
    ``coverage``) count what every document of them gives; with ``perturb``, each plain text is
    changed by it before it is read (``cqcgraph.perturb``)."""
    started = time.perf_counter()
    scored = {p.resolve() for p in documents_in(paths)}
    everything = all_documents(paths) if coverage else sorted(scored)
    cov = Coverage() if coverage else None
    docs = []
    seen = set()
    for path in everything:
        key = path.resolve()
        if key in seen:
            continue
        seen.add(key)
        read = _read_record(path, perturb)
        if key in scored:
            docs.append(evaluate_document(path, read))
        if cov is None:
            continue
        record, error = read
        cov.documents += 1
        if record is None:
            cov.unreadable.append(f"{path.name}: {error}")
            cov.layouts["unreadable"] = cov.layouts.get("unreadable", 0) + 1
            continue
        cov.layouts[record.layout] = cov.layouts.get(record.layout, 0) + 1
        if record.fell_back:
            cov.fell_back.append(path.name)
        if not _has_facts(record):
            cov.nothing.append(path.name)
        cov.contradictions += [(path.name, c) for c in contradictions(record)]
    for path in sorted(scored - seen):
        docs.append(evaluate_document(path, _read_record(path, perturb)))
    return EvaluationReport(docs, time.perf_counter() - started, cov)


def _score_line(label: str, loose: Score, strict: Score, width: int = 12) -> str:
    return (f"{label:<{width}} {loose.precision:6.3f} {loose.recall:6.3f} {loose.f1:6.3f} "
            f"{strict.precision:6.3f} {strict.recall:6.3f} {strict.f1:6.3f} {loose.tp:5d} {loose.fp:5d} {loose.fn:5d}")


def format_report(report: EvaluationReport, *, details: bool = False) -> str:
    """Scores per kind (loose and strict), per layout family, per document (loose F1 per kind),
    then the coverage of every document read."""
    lines: list[str] = []
    if report.documents:
        head = f"{'':<12} {'loose':>20} {'strict':>20}"
        lines.append(head)
        lines.append(f"{'kind':<12} {'P':>6} {'R':>6} {'F1':>6} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
        loose, strict = report.kinds, report.strict_kinds
        for kind in KINDS:
            lines.append(_score_line(kind, loose[kind], strict[kind]))
        lines.append(_score_line("all", overall(loose), overall(strict)))
        lines.append("")
        width = max(20, *(len(k) for k in report.layouts()))
        lines.append(f"{'layout family':<{width}} {'docs':>4} {'loose P':>7} {'R':>6} {'F1':>6} {'strict P':>8} {'R':>6} {'F1':>6}"
                     f" {'ratings strict F1':>17}")
        strict_layouts = report.layouts(strict=True)
        for name, (n, kinds) in report.layouts().items():
            lo, st = overall(kinds), overall(strict_layouts[name][1])
            lines.append(f"{name:<{width}} {n:4d} {lo.precision:7.3f} {lo.recall:6.3f} {lo.f1:6.3f} {st.precision:8.3f} "
                         f"{st.recall:6.3f} {st.f1:6.3f} {strict_layouts[name][1]['ratings'].f1:17.3f}")
        lines.append("")
        short = {k: k[:5] for k in KINDS}
        lines.append(f"{'document':<28} {'layout':<20} " + " ".join(f"{short[k]:>5}" for k in KINDS))
        for d in report.documents:
            cells = []
            for k in KINDS:
                sc = d.kinds[k]
                cells.append("    -" if sc.tp + sc.fp + sc.fn == 0 else f"{sc.f1:5.2f}")
            lines.append(f"{d.name[:28]:<28} {d.layout[:20]:<20} " + " ".join(cells))
            if details:
                for k in KINDS:
                    for f in d.missed.get(k, []):
                        lines.append(f"    missed {k}: {f.key} {f.attr()}")
                    for f in d.extra.get(k, []):
                        lines.append(f"    extra  {k}: {f.key} {f.attr()}")
                    loose_missed = set(d.missed.get(k, []))
                    for f in d.strict_missed.get(k, []):
                        if f not in loose_missed:
                            lines.append(f"    strict missed {k}: {f.key} {f.attr()}")
        unscored = [d for d in report.documents if d.unscored_ids]
        if unscored:
            lines.append(f"CQC IDs not scored (their expected files list none): {sum(d.unscored_ids for d in unscored)} "
                         f"given in {len(unscored)} documents")
        lines.append("")
        lines.append(f"{len(report.documents)} documents scored in {report.seconds:.2f} s "
                     f"({report.documents_per_second:.1f} documents/s)")
    cov = report.coverage
    if cov is not None:
        if lines:
            lines.append("")
        lines.append(f"coverage: {cov.documents} documents read; {len(cov.unreadable)} unreadable, "
                     f"{len(cov.fell_back)} fell back to the generic reader, {len(cov.nothing)} gave no fact, "
                     f"{len(cov.contradictions)} self-contradictions")
        lines.append("layouts: " + ", ".join(f"{k} {v}" for k, v in sorted(cov.layouts.items(), key=lambda t: (-t[1], t[0]))))
        if details or cov.documents <= 200:
            for label, names in (("unreadable", cov.unreadable), ("fell back", cov.fell_back), ("no fact", cov.nothing)):
                if names:
                    lines.append(f"  {label}: " + ", ".join(names))
            for name, what in cov.contradictions:
                lines.append(f"  contradiction: {name}: {what}")
    return "\n".join(lines)
