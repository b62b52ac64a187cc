"""The made-up world a corpus describes: providers, their locations and each location's history
of inspections, drawn from a seed. Location ``i`` of seed ``s`` is the same whatever the size
of the corpus, and is made from its own random stream, so a corpus is written one location at a
time and never held whole."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Iterator

from corpus import vocab as V

#: Inspection eras by start date: the essential standards (2010 regulations), the rated
#: inspections (2014 regulations, key questions) and the single assessment framework.
RATED_FROM = dt.date(2014, 10, 1)
ASSESSED_FROM = dt.date(2024, 1, 1)
TODAY = dt.date(2025, 11, 30)


@dataclass(frozen=True)
class Place:
    street: str
    town: str
    county: str
    postcode: str
    phone: str | None
    region: str

    @property
    def address(self) -> str:
        return f"{self.street}, {self.town}, {self.county}"


@dataclass
class Provider:
    index: int
    cqc_id: str
    name: str
    place: Place
    trust: bool
    sector: V.Sector
    registered: dt.date
    company_number: str | None
    location_ids: list[str] = field(default_factory=list)


@dataclass
class Inspection:
    era: str  # "standards", "rated" or "assessed"
    start: dt.date
    end: dt.date | None
    published: dt.date
    kind: str  # "routine", "focused", "comprehensive", "responsive"
    announced: bool
    report_id: str
    ratings: dict[str, str] = field(default_factory=dict)  # key question or "overall" -> rating
    scores: dict[str, dict[str, int]] = field(default_factory=dict)  # key question -> statement -> 1..4
    outcomes: list[tuple[tuple[str, str, str, str], bool]] = field(default_factory=list)
    breaches: list[tuple[str, str]] = field(default_factory=list)  # (regulation, title)
    enforcement: list[str] = field(default_factory=list)

    @property
    def overall(self) -> str | None:
        return self.ratings.get("overall")

    @property
    def special_measures(self) -> bool:
        return "special measures" in self.enforcement


@dataclass
class Location:
    index: int
    cqc_id: str
    name: str
    sector: V.Sector
    place: Place
    provider: Provider
    registered: dt.date
    archived: bool
    manager: str
    inspections: list[Inspection]  # oldest first

    def rated(self) -> list[Inspection]:
        return [i for i in self.inspections if i.overall]

    @property
    def current(self) -> str | None:
        rated = self.rated()
        return rated[-1].overall if rated else None


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _place(rng: random.Random) -> Place:
    town, county, area, code, region = rng.choice(V.PLACES)
    postcode = f"{area}{rng.randint(1, 29)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    local = rng.randint(100000, 999999) if len(code) > 3 else rng.randint(2000000, 8999999)
    phone = f"{code} {local}" if rng.random() < 0.85 else None
    return Place(f"{rng.randint(1, 240)} {rng.choice(V.STREETS)}", town, county, postcode, phone, region)


def _word(rng: random.Random) -> str:
    word = rng.choice(V.NAME_WORDS)
    suffix = rng.choice(V.NAME_SUFFIXES)
    return word + suffix if suffix and " " not in word and not word.endswith("'s") else word


def _rating(rng: random.Random, previous: str | None) -> str:
    if previous and rng.random() < 0.55:
        return previous
    return rng.choices(V.RATINGS, weights=(5, 62, 25, 8))[0]


def overall_of(ratings: dict[str, str]) -> str:
    """The overall rating CQC's aggregation rules give five key question ratings: two
    inadequate make it inadequate; one inadequate or two requires improvement cap it at
    requires improvement; two outstanding and the rest good make it outstanding."""
    values = list(ratings.values())
    count = values.count
    if count("Inadequate") >= 2:
        return "Inadequate"
    if count("Inadequate") or count("Requires improvement") >= 2:
        return "Requires improvement"
    if count("Outstanding") >= 2 and count("Outstanding") + count("Good") == len(values):
        return "Outstanding"
    return "Good"


def _key_question_ratings(rng: random.Random, centre: str) -> dict[str, str]:
    i = V.RATINGS.index(centre)
    out = {}
    for kq in V.KEY_QUESTIONS:
        step = rng.choices((-1, 0, 1), weights=(1, 5, 1))[0]
        out[kq] = V.RATINGS[min(3, max(0, i + step))]
    return out


def _breaches(rng: random.Random, n: int) -> list[tuple[str, str]]:
    chosen: dict[str, str] = {}
    while len(chosen) < n:
        reg, title = rng.choices(V.REGULATIONS_2014, weights=V.REGULATION_WEIGHTS)[0]
        chosen[reg] = title
    return sorted(chosen.items(), key=lambda rt: (int(rt[0].rstrip("A")), rt[0]))


def _enforcement(rng: random.Random, overall: str | None, breaches: int) -> list[str]:
    if overall == "Inadequate":
        table = (("warning notice", 0.55), ("special measures", 0.6), ("condition", 0.2),
                 ("suspension", 0.08), ("cancellation", 0.06), ("prosecution", 0.03))
    elif breaches:
        table = (("warning notice", 0.12), ("condition", 0.03), ("prosecution", 0.01))
    else:
        return []
    return [kind for kind, p in table if rng.random() < p]


def _standards_inspection(rng: random.Random, start: dt.date, report_id: str) -> Inspection:
    outcomes = rng.sample(V.OUTCOMES_2010, rng.randint(3, 6))
    outcomes.sort(key=lambda o: o[0])
    judged = [(o, rng.random() > 0.18) for o in outcomes]
    breaches = [(o[2], o[1]) for o, met in judged if not met]
    enforcement = []
    if breaches:
        enforcement.append("compliance action")
        if rng.random() < 0.2:
            enforcement.append("warning notice")
    published = start + dt.timedelta(days=rng.randint(20, 70))
    return Inspection("standards", start, None, published, "routine", rng.random() < 0.3, report_id,
                      outcomes=judged, breaches=breaches, enforcement=enforcement)


def _rated_inspection(rng: random.Random, sector: V.Sector, start: dt.date, previous: str | None,
                      report_id: str) -> Inspection:
    end = start + dt.timedelta(days=rng.randint(1, 2)) if rng.random() < 0.4 else None
    published = (end or start) + dt.timedelta(days=rng.randint(25, 90))
    kind = rng.choices(("comprehensive", "focused", "routine"), weights=(5, 2, 3))[0]
    ratings: dict[str, str] = {}
    if sector.rated:
        ratings = _key_question_ratings(rng, _rating(rng, previous))
        ratings = {"overall": overall_of(ratings), **ratings}
    poor = sum(1 for v in ratings.values() if v in ("Requires improvement", "Inadequate"))
    n = min(4, poor) if ratings else (1 if rng.random() < 0.25 else 0)
    breaches = _breaches(rng, n) if n and rng.random() < 0.85 else []
    return Inspection("rated", start, end, published, kind, rng.random() < 0.35, report_id,
                      ratings=ratings, breaches=breaches,
                      enforcement=_enforcement(rng, ratings.get("overall"), len(breaches)))


def percent_rating(percent: int) -> str:
    """A key question's rating from its score as a percentage (the single assessment
    framework's bands: 25–38 inadequate, 39–62 requires improvement, 63–87 good, 88–100
    outstanding)."""
    if percent >= 88:
        return "Outstanding"
    if percent >= 63:
        return "Good"
    if percent >= 39:
        return "Requires improvement"
    return "Inadequate"


def _assessed_inspection(rng: random.Random, start: dt.date, previous: str | None,
                         report_id: str) -> Inspection:
    centre = V.RATINGS.index(_rating(rng, previous))
    scores: dict[str, dict[str, int]] = {}
    ratings: dict[str, str] = {}
    for kq in V.KEY_QUESTIONS:
        statements = rng.sample(V.QUALITY_STATEMENTS[kq], rng.randint(2, 4))
        scores[kq] = {s: max(1, min(4, 4 - centre + rng.choice((-1, 0, 0, 0, 1)))) for s in statements}
        percent = round(100 * sum(scores[kq].values()) / (4 * len(statements)))
        ratings[kq] = percent_rating(percent)
    ratings = {"overall": overall_of(ratings), **ratings}
    breaches = [b for kq, b in (("safe", ("12", "Safe care and treatment")),
                                ("well-led", ("17", "Good governance")),
                                ("effective", ("11", "Need for consent")))
                if ratings[kq] in ("Requires improvement", "Inadequate") and rng.random() < 0.7]
    published = start + dt.timedelta(days=rng.randint(40, 120))
    return Inspection("assessed", start, None, min(published, TODAY), "assessment", False, report_id,
                      ratings=ratings, scores=scores, breaches=breaches,
                      enforcement=_enforcement(rng, ratings["overall"], len(breaches)))


def _report_id(rng: random.Random) -> str:
    h = "%032x" % rng.getrandbits(128)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"


def _history(rng: random.Random, sector: V.Sector, registered: dt.date, last: dt.date) -> list[Inspection]:
    """One to six inspections from registration to the last, one to three years apart."""
    out: list[Inspection] = []
    day = max(registered, dt.date(2011, 1, 1)) + dt.timedelta(days=rng.randint(60, 500))
    previous: str | None = None
    while day <= last and len(out) < 6:
        rid = _report_id(rng)
        if day < RATED_FROM:
            insp = _standards_inspection(rng, day, rid)
        elif day < ASSESSED_FROM or not sector.rated:
            insp = _rated_inspection(rng, sector, day, previous, rid)
        else:
            insp = _assessed_inspection(rng, day, previous, rid)
        if insp.published > TODAY:
            break
        out.append(insp)
        previous = insp.overall or previous
        day = insp.published + dt.timedelta(days=rng.randint(200, 1100))
    return out


def _provider(rng: random.Random, index: int, trust: bool) -> Provider:
    """A provider of one sector (an NHS trust runs hospitals), named as such providers are."""
    hospital = next(s for s in V.SECTORS if s.name == "hospital")
    others = [s for s in V.SECTORS if s is not hospital]
    sector = hospital if trust else rng.choices(others, weights=[s.weight for s in others])[0]
    forms = V.TRUST_FORMS if trust else V.PROVIDER_FORMS.get(sector.name, V.PROVIDER_FORMS["care"])
    word = f"{_word(rng)} {rng.choice(V.NAME_WORDS)}" if trust else _word(rng)
    name = rng.choice(forms).format(w=word, family=rng.choice(V.FAMILY))
    number = None if trust else f"{rng.randint(1000000, 9999999):08d}"
    registered = _day(rng, dt.date(2010, 10, 1), dt.date(2020, 12, 31))
    return Provider(index, f"1-{101000000 + index}", name, _place(rng), trust, sector, registered, number)


def providers(seed: int, locations: int) -> Iterator[tuple[Provider, range]]:
    """Providers in order, each with the run of location indexes it owns: most run one
    location, some a few, a few dozens (as CQC's register shows)."""
    index, start = 0, 0
    while start < locations:
        rng = random.Random(f"{seed}:provider:{index}")
        trust = rng.random() < 0.03
        size = rng.choices((1, 2, 3, 5, 12, 40), weights=(60, 15, 10, 8, 5, 2))[0]
        size = min(size, locations - start)
        yield _provider(rng, index, trust), range(start, start + size)
        index, start = index + 1, start + size


def location(seed: int, index: int, provider: Provider) -> Location:
    """Location ``index`` of ``seed``, run by ``provider``."""
    rng = random.Random(f"{seed}:location:{index}")
    sector = provider.sector
    name = f"{_word(rng)} {rng.choice(sector.names)}"
    if provider.trust:
        name = f"{provider.place.town} {rng.choice(sector.names)}"
    registered = _day(rng, dt.date(2010, 10, 1), dt.date(2023, 6, 30))
    archived = rng.random() < 0.06
    last = _day(rng, dt.date(2018, 1, 1), TODAY) if archived else TODAY
    manager = f"{rng.choice(('Mrs', 'Mr', 'Ms', 'Dr'))} {rng.choice(V.GIVEN)} {rng.choice(V.FAMILY)}"
    return Location(index, f"1-{200000000 + index}", name, sector, _place(rng), provider, registered,
                    archived, manager, _history(rng, sector, registered, last))
