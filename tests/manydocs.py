"""A generated corpus with many providers, many locations per provider and many documents per
location, in the layout of CQC's location web pages (name, address with postcode, "Provided
and run by:", then every inspection with its date and overall rating). Each document of a
location is a later snapshot of the same page: it repeats the earlier inspections and adds one,
so the same facts sit in many document graphs, as they do when a page is read again over the
years. Used by the page tests and by ``bench/pages.py``; the facts of each location are known
here, so a page that shows another location's or provider's facts can be caught.

Imports only the standard library.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

RATINGS = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
TOWNS = ["Leeds", "Luton", "Crawley", "Exeter", "Norwich", "Newbury", "Wing", "Prenton"]
WORDS = ["Oak", "Beech", "Willow", "Cedar", "Rowan", "Alder", "Hazel", "Maple", "Aspen", "Elm"]


@dataclass
class Inspection:
    day: int
    month: int  # 1..12
    year: int
    rating: str

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def spoken(self) -> str:
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"


@dataclass
class Location:
    name: str
    postcode: str
    address: str
    provider: str
    inspections: list[Inspection] = field(default_factory=list)  # oldest first
    files: list[str] = field(default_factory=list)


def _postcode(rng: random.Random, i: int) -> str:
    area = "ABCDEFGHLMNPRS"[i % 14] + "ABDEHLMNRSTW"[(i // 14) % 12]
    return f"{area}{1 + i % 29} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}" \
           f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def page_text(loc: Location, upto: int) -> str:
    """The page of ``loc`` as it read after its ``upto``-th inspection (1-based)."""
    shown = loc.inspections[:upto]
    lines = ["• Care Home", "  • Care home", "", loc.name, "",
             f"Overall: {shown[-1].rating} read more about inspection ratings", "",
             f"{loc.address}, {loc.postcode} (0113) 496 0{len(loc.name):03d}", "",
             "Provided and run by:", loc.provider, "", "All Inspections", ""]
    for insp in reversed(shown):
        lines += [insp.spoken, "", "During a routine inspection", "",
                  f"{loc.name} is a residential care home providing personal care.", "",
                  f"We rated the service {insp.rating.lower()} overall.", ""]
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, providers: int = 4, locations_per_provider: int = 3,
                 documents_per_location: int = 10, seed: int = 20261201) -> list[Location]:
    """Write the corpus into ``folder`` and return what each location's pages say."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Location] = []
    n = 0
    for p in range(providers):
        provider = f"{WORDS[p % len(WORDS)]} Care Group {p} Limited"
        for _ in range(locations_per_provider):
            town = TOWNS[n % len(TOWNS)]
            loc = Location(
                name=f"{WORDS[(n * 7 + 3) % len(WORDS)]} House {n:03d}",
                postcode=_postcode(rng, n),
                address=f"{10 + n} High Street, {town}",
                provider=provider,
            )
            year = 2008
            for _ in range(documents_per_location):
                year += 1
                loc.inspections.append(Inspection(rng.randint(1, 28), rng.randint(1, 12), year,
                                                  rng.choice(RATINGS)))
            for k in range(1, documents_per_location + 1):
                name = f"loc{n:04d}-page{k:03d}.txt"
                (folder / name).write_text(page_text(loc, k), encoding="utf-8")
                loc.files.append(name)
            out.append(loc)
            n += 1
    return out
