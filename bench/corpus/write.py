"""Writing a corpus to disk, one location at a time: its documents (text, HTML, PDF, CQC API
JSON) under ``documents/NNNN/`` (a folder per thousand locations), the facts each states in
``documents/NNNN/expected/<stem>.json`` (the sidecar folder ``ingest`` never reads and
``evaluate`` reads), and the register files CQC publishes monthly (HSCA active locations,
latest ratings) under ``register/``, streamed row by row."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from corpus import layouts as L
from corpus import model as M

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from register_files import HSCA_HEADER, RATINGS_HEADER  # noqa: E402
from renderings import title_of, to_html, to_pdf_fpdf  # noqa: E402

#: Shares of the documents of a location written in each form (the rest are plain text).
HTML_SHARE = 0.2
PDF_SHARE = 0.15
API_SHARE = 0.4
REPORT_SHARE = 0.55
PRESS_SHARE = 0.4
SNAPSHOT = M.TODAY + dt.timedelta(days=1)


@dataclass
class Tally:
    """What was written, by layout, for the rate line and the summary."""

    documents: Counter = field(default_factory=Counter)
    locations: int = 0
    bytes: int = 0


@dataclass(frozen=True)
class Document:
    stem: str
    layout: str
    suffix: str
    body: bytes
    expected: dict


def _fixed_pdf(data: bytes, text: str) -> bytes:
    """The PDF with the seed's bytes only: its creation time and file identifier (which the
    drawing library takes from the clock) replaced, at the same length, by the snapshot date and
    a digest of the text, so that cross-reference offsets stay right."""
    stamp = SNAPSHOT.strftime("D:%Y%m%d000000Z").encode()
    data = re.sub(rb"/CreationDate \(D:\d{14}Z\)", b"/CreationDate (" + stamp + b")", data)
    digest = hashlib.md5(text.encode("utf-8")).hexdigest().upper().encode()
    return re.sub(rb"/ID \[<[0-9A-F]{32}><[0-9A-F]{32}>\]", b"/ID [<" + digest + b"><" + digest + b">]", data)


def _text_document(rng: random.Random, stem: str, layout: str, made: tuple[str, dict],
                   pdf_share: float = 0.0) -> Document:
    """The text as a plain text file, an HTML page or (when ``pdf_share`` allows) a PDF."""
    text, expected = made
    roll = rng.random()
    if roll < pdf_share:
        return Document(stem, f"{layout}-pdf", ".pdf", _fixed_pdf(to_pdf_fpdf(text, title_of(text)), text), expected)
    if roll < pdf_share + HTML_SHARE:
        return Document(stem, f"{layout}-html", ".html", to_html(text, title_of(text)).encode("utf-8"), expected)
    return Document(stem, layout, ".txt", text.encode("utf-8"), expected)


def _inspection_documents(rng: random.Random, loc: M.Location, pdf: float) -> Iterator[Document]:
    rated_before: M.Inspection | None = None
    for n, i in enumerate(loc.inspections):
        stem = f"{loc.index:06d}-{n + 1}"
        if i.era != "assessed" and rng.random() < REPORT_SHARE:
            if i.era == "standards":
                older = i.start < dt.date(2013, 1, 1)
                made = L.compliance_review(rng, loc, i) if older else L.standards_report(rng, loc, i)
                yield _text_document(rng, f"{stem}-report", "compliance-review" if older else "standards-report", made, pdf)
            else:
                yield _text_document(rng, f"{stem}-report", "inspection-report", L.report(rng, loc, i, rated_before), pdf)
        if [k for k in i.enforcement if k != "compliance action"] and rng.random() < PRESS_SHARE:
            yield _text_document(rng, f"{stem}-press", "press-release", L.press_release(rng, loc, i))
        rated_before = i if i.overall else rated_before


def location_documents(seed: int, loc: M.Location, pdf: float) -> Iterator[Document]:
    """Every document of one location: its page (or its assessment page once assessed), the
    reports of some of its inspections, press releases about enforcement, its API record."""
    rng = random.Random(f"{seed}:documents:{loc.index}")
    stem = f"{loc.index:06d}"
    latest = loc.inspections[-1] if loc.inspections else None
    if latest and latest.era == "assessed":
        yield _text_document(rng, f"{stem}-0-assessment", "assessment", L.assessment(rng, loc, latest))
    if loc.inspections and any(i.era != "assessed" for i in loc.inspections):
        yield _text_document(rng, f"{stem}-0-page", "location-page", L.location_page(rng, loc))
    yield from _inspection_documents(rng, loc, pdf)
    if rng.random() < API_SHARE:
        text, expected = L.api_location(rng, loc)
        yield Document(f"{stem}-0-api", "api-location", ".json", text.encode("utf-8"), expected)


def provider_documents(seed: int, provider: M.Provider, first: M.Location) -> Iterator[Document]:
    """A provider's API record (for some) and, for an NHS trust, its page."""
    rng = random.Random(f"{seed}:provider-documents:{provider.index}")
    stem = f"p{provider.index:06d}"
    if rng.random() < API_SHARE:
        text, expected = L.api_provider(rng, provider)
        yield Document(f"{stem}-api", "api-provider", ".json", text.encode("utf-8"), expected)
    if provider.trust:
        made = L.provider_page(rng, provider, first)
        if made:
            yield _text_document(rng, f"{stem}-page", "provider-page", made)


def _register_date(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def register_rows(loc: M.Location) -> tuple[dict | None, list[list[str]]]:
    """The location's row of the HSCA active locations file and its rows of the latest
    ratings file (none for a location no longer registered)."""
    if loc.archived:
        return None, []
    p, rated = loc.place, loc.rated()
    current = rated[-1] if rated else None
    row = {"Location ID": loc.cqc_id, "Location Name": loc.name,
           "Location HSCA start date": _register_date(loc.registered), "Dormant (Y/N)": "N",
           "Care home?": "Y" if loc.sector.care_home else "N", "Location Type/Sector": loc.sector.api_type,
           "Location Inspection Directorate": loc.sector.directorate,
           "Location Latest Overall Rating": current.overall if current else "",
           "Publication Date": _register_date(current.published if current else None),
           "Inherited Rating (Y/N)": "N" if current else "", "Location Region": p.region,
           "Location Street Address": p.street, "Location City": p.town, "Location County": p.county,
           "Location Postal Code": p.postcode, "Location Telephone Number": (p.phone or "").replace(" ", ""),
           "Registered Manager": loc.manager if loc.sector.care_home else "",
           f"Regulated activity - {loc.sector.activity}": "Y", f"Service type - {loc.sector.service_type}": "Y",
           "Provider ID": loc.provider.cqc_id, "Provider Name": loc.provider.name,
           "Provider Type/Sector": loc.sector.api_type, "Provider Ownership Type": "Organisation",
           "Provider Companies House Number": loc.provider.company_number or "",
           "Provider Street Address": loc.provider.place.street, "Provider City": loc.provider.place.town,
           "Provider Postal Code": loc.provider.place.postcode, "Brand ID": "-", "Brand Name": "-"}
    ratings = []
    if current:
        for domain, key in [("Overall", "overall"), *[(L.KQ_TITLE[k], k) for k in L.V.KEY_QUESTIONS]]:
            ratings.append([loc.cqc_id, "", loc.name, row["Care home?"], loc.sector.api_type, "",
                            p.street, "", p.town, p.postcode, "", p.region, "", "", "", "Overall", domain,
                            current.ratings[key], row["Publication Date"], "Location", "N",
                            f"https://www.cqc.org.uk/location/{loc.cqc_id}", loc.provider.cqc_id,
                            loc.provider.name, "-", "-"])
    return row, ratings


class CorpusWriter:
    """Writes documents and their expected facts into shard folders, and the register files."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.tally = Tally()
        stamp = f"{SNAPSHOT.day:02d}_{SNAPSHOT.strftime('%B')}_{SNAPSHOT.year}"
        (out / "register").mkdir(parents=True, exist_ok=True)
        self._hsca_file = open(out / "register" / f"HSCA_Active_Locations_{stamp}.csv", "w", newline="", encoding="utf-8")
        self._ratings_file = open(out / "register" / f"{stamp}_Latest_ratings.csv", "w", newline="", encoding="utf-8")
        self._hsca = csv.DictWriter(self._hsca_file, HSCA_HEADER, restval="")
        self._hsca.writeheader()
        self._ratings = csv.writer(self._ratings_file)
        self._ratings.writerow(RATINGS_HEADER)

    def document(self, shard: int, doc: Document) -> None:
        folder = self.out / "documents" / f"{shard:04d}"
        (folder / "expected").mkdir(parents=True, exist_ok=True)
        (folder / f"{doc.stem}{doc.suffix}").write_bytes(doc.body)
        expected = {"note": f"generated {doc.layout}", **doc.expected}
        (folder / "expected" / f"{doc.stem}.json").write_text(
            json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        self.tally.documents[doc.layout] += 1
        self.tally.bytes += len(doc.body)

    def register(self, loc: M.Location) -> None:
        row, ratings = register_rows(loc)
        if row:
            self._hsca.writerow(row)
            self._ratings.writerows(ratings)

    def close(self) -> None:
        self._hsca_file.close()
        self._ratings_file.close()


def generate(out: Path, locations: int, seed: int, *, pdf_share: float = PDF_SHARE,
             every: int = 1000, say: Callable[[str], None] = print) -> Tally:
    """Writes the corpus of ``locations`` locations of ``seed`` into ``out``, saying the rate
    every ``every`` locations."""
    writer = CorpusWriter(out)
    started = time.perf_counter()
    try:
        for provider, run in M.providers(seed, locations):
            provider.location_ids = [f"1-{200000000 + i}" for i in run]
            first = None
            for i in run:
                loc = M.location(seed, i, provider)
                first = first or loc
                shard = i // 1000
                if i == run.start:
                    for doc in provider_documents(seed, provider, loc):
                        writer.document(shard, doc)
                for doc in location_documents(seed, loc, pdf_share):
                    writer.document(shard, doc)
                writer.register(loc)
                writer.tally.locations += 1
                if every and writer.tally.locations % every == 0:
                    seconds = time.perf_counter() - started
                    total = sum(writer.tally.documents.values())
                    say(f"{writer.tally.locations} locations, {total} documents, "
                        f"{total / seconds:.0f} documents/s, {writer.tally.bytes / 1e6:.0f} MB")
    finally:
        writer.close()
    return writer.tally
