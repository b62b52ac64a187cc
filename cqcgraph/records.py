"""Extracted records: the facts one CQC document states, as plain frozen dataclasses.

This module is the contract between reading (``cqcgraph.extract``) and the RDF mapping
(``cqcgraph.rdf``). It knows nothing of RDF, storage or the web, and imports only the standard
library. A fact the text does not state is ``None`` (or an empty tuple), never a default.

Cross references inside one record are by position: ``Location.provider`` is an index into
``DocumentRecord.providers``; ``Inspection.location`` an index into ``DocumentRecord.locations``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Precision(str, enum.Enum):
    """How much of a date the text gives (seeds/README.md: precision is part of the fact)."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    NONE = "none"  # no year at all ("in November and December"): wording only


@dataclass(frozen=True)
class PartialDate:
    """A date as written.

    ``iso`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` according to ``precision``; ``None`` when
    the text gives no year. ``text`` is the wording it came from.

    >>> PartialDate("2019-10", "October 2019", Precision.MONTH).iso
    '2019-10'
    """

    iso: str | None
    text: str
    precision: Precision

    @property
    def year(self) -> int | None:
        return int(self.iso[:4]) if self.iso else None


class RatingValue(str, enum.Enum):
    """CQC's rating scale, with the non-ratings that reports print in the same grid."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires-improvement"
    INADEQUATE = "inadequate"
    INSPECTED_NOT_RATED = "inspected-but-not-rated"
    NOT_RATED = "not-rated"
    NOT_INSPECTED = "not-inspected"

    @property
    def label(self) -> str:
        return {
            "outstanding": "Outstanding",
            "good": "Good",
            "requires-improvement": "Requires improvement",
            "inadequate": "Inadequate",
            "inspected-but-not-rated": "Inspected but not rated",
            "not-rated": "Not rated",
            "not-inspected": "Not inspected",
        }[self.value]

    @classmethod
    def scale(cls) -> tuple["RatingValue", ...]:
        """The four ratings of CQC's scale, best first (the non-ratings left out).

        >>> [v.label for v in RatingValue.scale()]
        ['Outstanding', 'Good', 'Requires improvement', 'Inadequate']
        """
        return (cls.OUTSTANDING, cls.GOOD, cls.REQUIRES_IMPROVEMENT, cls.INADEQUATE)


class KeyQuestion(str, enum.Enum):
    """The five key questions; ``OVERALL`` stands for the overall rating."""

    OVERALL = "overall"
    SAFE = "safe"
    EFFECTIVE = "effective"
    CARING = "caring"
    RESPONSIVE = "responsive"
    WELL_LED = "well-led"

    @property
    def label(self) -> str:
        """The name CQC writes (the concept scheme's ``skos:prefLabel``): ``Well-led``."""
        return "Overall" if self is KeyQuestion.OVERALL else self.value.capitalize()


class RatingChange(str, enum.Enum):
    """Direction of a rating since the previous inspection ("Our rating of safe went down")."""

    IMPROVED = "improved"
    WENT_DOWN = "went-down"
    STAYED_THE_SAME = "stayed-the-same"


class ActionKind(str, enum.Enum):
    """What CQC told a provider to do, or did about it."""

    MUST = "must"
    SHOULD = "should"
    REQUIREMENT_NOTICE = "requirement-notice"
    WARNING_NOTICE = "warning-notice"
    WARNING_NOTICE_29A = "warning-notice-29a"
    CONDITION = "condition"
    SUSPENSION = "suspension"
    URGENT_SUSPENSION = "urgent-suspension"
    CANCELLATION = "cancellation"
    SPECIAL_MEASURES = "special-measures"
    SPECIAL_MEASURES_EXIT = "special-measures-exit"
    PROSECUTION = "prosecution"
    FINE = "fine"
    COSTS = "costs"
    FIXED_PENALTY = "fixed-penalty"
    CAUTION = "caution"
    COMPLIANCE_ACTION = "compliance-action"
    OTHER = "other"


class InspectionKind(str, enum.Enum):
    """How CQC describes the inspection or assessment."""

    COMPREHENSIVE = "comprehensive"
    FOCUSED = "focused"
    ROUTINE = "routine"
    FOLLOW_UP = "follow-up"
    REVIEW_OF_COMPLIANCE = "review-of-compliance"
    DATA_REVIEW = "data-review"
    ASSESSMENT = "assessment"


class Announcement(str, enum.Enum):
    ANNOUNCED = "announced"
    SHORT_NOTICE = "short-notice-announced"
    UNANNOUNCED = "unannounced"


@dataclass(frozen=True)
class Regulation:
    """A cited piece of legislation: ``instrument`` is a legislation.gov.uk id path such as
    ``uksi/2014/2936`` (Regulated Activities Regulations 2014) or ``ukpga/2008/14`` (the Act);
    ``number`` the regulation or section ("12", "20A", "31"); ``paragraph`` as cited ("(2)(a)")."""

    instrument: str
    number: str
    paragraph: str | None = None
    is_section: bool = False


@dataclass(frozen=True)
class Rating:
    """One rating as published: overall or for one key question, for the location or one
    service (``service``) or population group inside it."""

    key_question: KeyQuestion
    value: RatingValue
    service: str | None = None
    population_group: str | None = None
    carried_over: bool = False  # "retained from its previous inspection"
    date: PartialDate | None = None  # the date a single-assessment rating was published
    score_percent: int | None = None  # "scored 75 (out of 100)"


@dataclass(frozen=True)
class ChangeStatement:
    """"Our rating of responsive went down" (optionally with the earlier value)."""

    key_question: KeyQuestion
    change: RatingChange
    previous: RatingValue | None = None


@dataclass(frozen=True)
class QualityStatementScore:
    """A quality statement score (1 to 4) under the single assessment framework."""

    statement: str
    score: int
    key_question: KeyQuestion | None = None
    assessed: bool = True  # False when "based on the previous rating"
    note: str | None = None


@dataclass(frozen=True)
class Breach:
    """A regulation found breached."""

    regulation: Regulation | None
    title: str | None = None
    text: str | None = None
    period_start: PartialDate | None = None
    period_end: PartialDate | None = None
    outcome: str | None = None  # 2010-2014 essential standard outcome number


@dataclass(frozen=True)
class Action:
    """An action CQC required or took. ``count`` when the text gives a number of like actions
    ("six requirement notices"); ``duration`` as ISO 8601 ("P6W")."""

    kind: ActionKind
    regulation: Regulation | None = None
    text: str | None = None
    count: int | None = None
    duration: str | None = None
    lifted: bool | None = None
    subject: str | None = None  # "governance"
    against: str | None = None  # "provider", "registered manager"
    date: PartialDate | None = None
    due_date: PartialDate | None = None
    amount: str | None = None  # money as written, "£3,500"
    court: str | None = None
    plea: str | None = None


@dataclass(frozen=True)
class StandardJudgement:
    """A 2010-2014 essential standards judgement: outcome number, title, met or not."""

    outcome: str | None
    title: str | None
    met: bool | None
    text: str | None = None


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None = None


@dataclass(frozen=True)
class Inspection:
    """An inspection (or, with ``kind=ASSESSMENT``, a single-assessment-framework assessment)."""

    location: int | None = None  # index into DocumentRecord.locations
    provider: int | None = None  # index into DocumentRecord.providers, for provider-level ones
    kind: InspectionKind | None = None
    methodology: InspectionKind | None = None  # "using our comprehensive inspection methodology"
    label: str | None = None  # "During a routine inspection"
    announced: Announcement | None = None
    start_date: PartialDate | None = None
    end_date: PartialDate | None = None
    visit_dates: tuple[PartialDate, ...] = ()
    publication_date: PartialDate | None = None
    summary_updated: PartialDate | None = None
    dates_text: str | None = None  # wording of a date with no year
    report_id: str | None = None
    key_questions_inspected: tuple[KeyQuestion, ...] = ()
    quality_statements_assessed: tuple[str, ...] = ()
    ratings: tuple[Rating, ...] = ()
    changes: tuple[ChangeStatement, ...] = ()
    scores: tuple[QualityStatementScore, ...] = ()
    breaches: tuple[Breach, ...] = ()
    actions: tuple[Action, ...] = ()
    standards: tuple[StandardJudgement, ...] = ()
    outcome: str | None = None
    special_measures: bool | None = None
    signed_by: Person | None = None
    framework: str | None = None
    programme: str | None = None
    is_previous: bool = False  # described as an earlier inspection in a later text


@dataclass(frozen=True)
class Provider:
    name: str | None = None
    alt_names: tuple[str, ...] = ()
    cqc_id: str | None = None
    ods_code: str | None = None
    company_number: str | None = None
    brand: str | None = None
    address: str | None = None
    postcode: str | None = None
    town: str | None = None
    current_overall_rating: RatingValue | None = None


@dataclass(frozen=True)
class Location:
    name: str | None = None
    alt_names: tuple[str, ...] = ()
    provider: int | None = None  # index into DocumentRecord.providers
    cqc_id: str | None = None
    ods_code: str | None = None
    uprn: str | None = None
    address: str | None = None  # as written, lines joined with ", "
    town: str | None = None
    county: str | None = None
    postcode: str | None = None  # usual spelling with one space
    phone: str | None = None
    website: str | None = None
    region: str | None = None
    area: str | None = None  # e.g. the CCG area a press release names
    local_authority: str | None = None
    local_authority_code: str | None = None
    icb_code: str | None = None
    icb_name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    service_types: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    regulated_activities: tuple[str, ...] = ()
    specialisms: tuple[str, ...] = ()
    archived: bool | None = None
    registration_date: PartialDate | None = None
    registration_status: str | None = None
    registered_manager: Person | None = None
    current_overall_rating: RatingValue | None = None
    last_inspection_date: PartialDate | None = None
    number_of_beds: int | None = None


@dataclass(frozen=True)
class Figure:
    """A figure stated in prose, with its qualifier ("almost 10,000")."""

    name: str
    value: float
    qualifier: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class DocumentRecord:
    """Everything one document states. ``layout`` names the parser that read it; ``fell_back``
    is true when no layout-specific parser matched and only the shared patterns were used."""

    layout: str
    fell_back: bool = False
    title: str | None = None
    source_url: str | None = None
    publisher: str | None = None
    publication_date: PartialDate | None = None
    updated_date: PartialDate | None = None
    categories: tuple[str, ...] = ()
    providers: tuple[Provider, ...] = ()
    locations: tuple[Location, ...] = ()
    inspections: tuple[Inspection, ...] = ()
    breaches: tuple[Breach, ...] = ()  # stated outside any one inspection
    actions: tuple[Action, ...] = ()  # stated outside any one inspection
    figures: tuple[Figure, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def has_facts(self) -> bool:
        """True when the document yields any CQC fact (a document that yields none has failed: nothing of it is stored)."""
        return bool(
            any(p.name or p.cqc_id for p in self.providers)
            or any(loc.name or loc.cqc_id for loc in self.locations)
            or self.inspections
            or self.actions
            or self.breaches
        )


@dataclass(frozen=True)
class SourceInfo:
    """Where a document came from (its provenance; not a fact the document states).

    ``key`` is the document's identity in the store (its source URL when known,
    else its file's base name); ``read_at`` an ISO 8601 date-time with time zone."""

    key: str
    file_name: str
    sha256: str
    media_type: str  # text/plain, text/html, application/pdf, application/json
    layout: str
    extractor_version: str
    read_at: str
    source_url: str | None = None
    fell_back: bool = False
