"""Content variations of the headers of real CQC location and provider pages, to measure how the
reader takes names, addresses, postcodes, phone numbers and providers it has never seen.

CQC's pages are made from templates: an unseen page differs from a known one mostly in what the
template's slots hold. Each real page of ``tests/fixtures/real`` whose header states its name (and
its address line, its "Provided and run by:" provider, its overall rating) is a template; a
variant swaps in generated contents of the shapes CQC's register holds (names with "&",
apostrophes, "Ltd", "Limited", "The", "(The)", "Dr", numbers, hyphens, "t/a", "trading as",
"CIC", "LLP", "NHS Foundation Trust"; addresses with flats, units, house names, no street number,
no county; postcodes of every shape with or without their space; phone numbers of every length
of area code; CQC IDs), drops or keeps the optional header lines, puts the same names in the
page's body where the page named its own, and says the facts expected of it.

The open sets' pages (``OPEN_SETS``: other templates of CQC's, labelled lines or plain lines)
serve as templates too, when their header states the location's name and address line: their
slots are rewritten in place and the names replaced wherever the page states them.

``templates()`` and ``slot_templates()`` -> the templates; ``variant(template, seed)`` and
``slot_variant(template, seed)`` -> ``Variant`` (text, source URL, expected facts);
``failures(variant)`` -> what the reader got wrong; ``score(per_template, seed)`` -> variants read
right per template family. Deterministic from the seed: the same seed gives the same texts.

    python tests/header_variants.py [--per-template 40] [--seed 1] [--show-failures 5]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from cqcgraph import evaluate
from cqcgraph.extract import extract
from cqcgraph.extract import patterns as P

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
_KINDS = ("location_page", "provider_page", "report", "assessment")
_RATINGS = ("Good", "Outstanding", "Requires improvement", "Inadequate")
#: The words after which a header's own lines end (the body's first heading).
_BODY_START = re.compile(r"^(?:All Inspections|Latest inspection summary|Inspection Summary|Reports|Report from|"
                         r"Inspection carried out on|All reports)\b")
_TITLE_RATING = re.compile(r"\s+(?:Good|Outstanding|Requires improvement|Inadequate)$", re.I)


@dataclass(frozen=True)
class Template:
    """A real page cut into its header's slots: the line of each slot (-1 when absent)."""

    stem: str
    family: str  # "bullets location", "bullets provider", "title location", "title provider"
    lines: tuple[str, ...]
    name_line: int
    overall_line: int
    address_line: int
    provider_line: int  # the provider's own line (after "Provided and run by:")
    header_end: int  # the body's first line
    name: str
    provider: str | None
    alt_names: tuple[str, ...]


@dataclass
class Variant:
    text: str
    source_url: str
    location: dict | None
    provider: dict | None
    allowed_names: set[str] = field(default_factory=set)  # alternative names the body still states
    phone_read: bool = True  # the reader gives the template's own phone (some layouts read none)


def _expected(stem: str) -> dict:
    return json.loads((REAL / f"{stem}.expected.json").read_text(encoding="utf-8"))


def _bare_name(line: str) -> str:
    line = re.sub(r"^(?:Archived|Provider):\s*", "", line.strip())
    return _TITLE_RATING.sub("", line)


def templates() -> list[Template]:
    """The real pages whose header states their name, cut into slots."""
    out = []
    for meta_path in sorted(REAL.glob("*.meta.json")):
        stem = meta_path.name.split(".")[0]
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("kind") not in _KINDS:
            continue
        exp = _expected(stem)
        locations = exp.get("locations", [])
        provider = exp.get("provider") if isinstance(exp.get("provider"), dict) else None
        is_provider = not locations and provider is not None
        if len(locations) > 1 or (not locations and not is_provider):
            continue
        entity = provider if is_provider else locations[0]
        name = entity.get("name")
        lines = tuple((REAL / f"{stem}.txt").read_text(encoding="utf-8").split("\n"))
        head = list(lines[:40])
        name_line = next((k for k, ln in enumerate(head) if name and _bare_name(ln) == name), -1)
        if name_line < 0:
            continue
        end = next((k for k in range(name_line + 1, len(head)) if _BODY_START.match(head[k].strip())), -1)
        if end < 0:
            continue
        overall = next((k for k in range(name_line, end) if head[k].startswith("Overall:")), -1)
        address = next((k for k in range(name_line, end) if entity.get("postcode") and entity["postcode"] in head[k]), -1)
        provided = next((k for k in range(name_line, end) if head[k].startswith("Provided and run by")), -1)
        provider_line = provided + 1 if provided >= 0 and head[provided].strip().endswith(":") else provided
        style = "title" if head[0].strip() == "You are here" else "bullets"
        out.append(Template(stem, f"{style} {'provider' if is_provider else 'location'}", lines, name_line, overall,
                            address, provider_line if not is_provider else -1, end, name,
                            provider.get("name") if provider and not is_provider else None,
                            tuple(entity.get("alt_names", []))))
    return out


# ----------------------------------------------------------------------------- contents

_FIRST = ("Oak", "Willow", "Ash", "Beech", "Rose", "Holly", "Elm", "Cedar", "Maple", "Hazel", "Ivy", "Laurel",
          "Meadow", "Brook", "Abbey", "Priory", "Kings", "Queens", "Park", "Church", "Mill", "Orchard", "Fern",
          "Heather", "Primrose", "Lavender", "Juniper", "Ravens", "Cross", "Bridge")
_SECOND = ("field", "wood", "dale", "bank", "brook", "croft", "gate", "lea", "mead", "ridge", "view", "side",
           "hurst", "worth", "ford")
_PLACE_KIND = ("House", "Lodge", "Court", "Manor", "Grange", "Hall", "Gardens", "View", "Villa", "Cottage",
               "Care Home", "Nursing Home", "Residential Home", "Surgery", "Medical Centre", "Dental Practice",
               "Health Centre", "Clinic", "Hospital", "Hospice", "Home Care", "Care Services", "Supported Living",
               "Dental Care", "Homecare", "Community Hospital", "Day Hospice")
_SAINTS = ("St Mary's", "St John's", "St Anne's", "St George's", "St Luke's", "St Michael's", "Saint Oswald's")
_TOWNS = ("Barnsley", "Kendal", "Hexham", "Bodmin", "Ludlow", "Ashford", "Stroud", "Thirsk", "Keswick", "Malton",
          "Wigan", "Newark", "Leek", "Rugby", "Hinckley", "Kettering", "Frome", "Yeovil", "Penrith", "Skipton",
          "Stockton-on-Tees", "Newcastle upon Tyne", "Bishop's Stortford", "Weston-super-Mare", "King's Lynn",
          "St Albans", "Milton Keynes", "Ashby-de-la-Zouch", "Bury St Edmunds", "Market Harborough")
_COUNTIES = ("Lancashire", "Cumbria", "Kent", "Essex", "Devon", "Somerset", "Norfolk", "West Yorkshire",
             "North Yorkshire", "Greater Manchester", "Tyne and Wear", "Leicestershire", "Hertfordshire",
             "Shropshire", "Northumberland", "East Sussex", "Isle of Wight", "Bristol")
_STREETS = ("High Street", "Church Lane", "Station Road", "Mill Lane", "Victoria Road", "Park Avenue", "London Road",
            "The Green", "Queens Drive", "Manor Way", "Bridge Street", "Market Place", "Kings Walk", "Chapel Row",
            "Westgate", "St Peter's Road", "Long Close", "The Broadway", "Abbey Fields", "Hill Top")
_BUILDINGS = ("Riverside Business Park", "The Old Chapel", "Enterprise House", "Trinity Court", "Quayside Centre",
              "Victoria Buildings", "The Coach House", "Mercury Park", "Beacon House", "Clarendon Court")
_PEOPLE = ("A Patel", "S Khan", "J Smith", "R O'Neill", "K Brown", "M Ahmed", "L Jones", "P Murphy", "T Nguyen")
_MANAGERS = ("Mrs Susan Hall", "Mr David O'Brien", "Ms Priya Sharma", "Miss Joanne Clarke-Evans", "Dr Amir Rahman")
#: Postcode areas of each outward shape: A9, A99, AA9, AA99, A9A, AA9A.
_OUTWARD = {
    "A9": lambda r: f"{r.choice('BEGLMNSW')}{r.randint(1, 9)}",
    "A99": lambda r: f"{r.choice('BGLMNS')}{r.randint(10, 99)}",
    "AA9": lambda r: f"{r.choice(('LS', 'BD', 'CA', 'LA', 'PL', 'TS', 'DE', 'HU', 'YO', 'CB'))}{r.randint(1, 9)}",
    "AA99": lambda r: f"{r.choice(('LE', 'NG', 'SK', 'WS', 'DN', 'ST', 'CV', 'PR', 'TN', 'HR'))}{r.randint(10, 99)}",
    "A9A": lambda r: f"{r.choice(('W1', 'E1', 'N1', 'W1'))}{r.choice('ABCDEFGHJKPSTUW')}",
    "AA9A": lambda r: f"{r.choice(('EC1', 'SW1', 'WC2', 'EC2', 'NW1', 'SE1'))}{r.choice('ABEHMNPRVWXY')}",
}
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _word(r: random.Random) -> str:
    return r.choice(_FIRST) + (r.choice(_SECOND) if r.random() < 0.5 else "")


def location_name(r: random.Random) -> str:
    """A location's name in one of the shapes the register holds."""
    shape = r.randrange(16)
    kind = r.choice(_PLACE_KIND)
    if shape == 0:
        return f"The {_word(r)} {kind}"
    if shape == 1:
        return f"{_word(r)} {kind} (The)"
    if shape == 2:
        return f"{r.choice(_SAINTS)} {kind}"
    if shape == 3:
        return f"Dr {r.choice(_PEOPLE)} & Partners"
    if shape == 4:
        return f"{r.randint(1, 199)} {r.choice(_STREETS)}"
    if shape == 5:
        return f"{_word(r)}-{r.choice(_FIRST)} {kind}"
    if shape == 6:
        return f"{_word(r)} & {_word(r)} {kind}"
    if shape == 7:
        return f"{_word(r)} {kind} & {r.choice(('Day Centre', 'Domiciliary Care', 'Outreach'))}"
    if shape == 8:
        return f"{_word(r)} {r.choice(('Healthcare Limited', 'Clinic Ltd', 'Diagnostics Ltd'))}"
    if shape == 9:
        return f"{_word(r)} {kind} - {r.choice(_TOWNS)}"
    if shape == 10:
        return f"{_word(r)} {kind} ({r.choice(_TOWNS)})"
    if shape == 11:
        return f"{_word(r)} {kind} {r.randint(2, 9)}"
    if shape == 12:
        return f"{_word(r)} Dental Practice LLP"
    if shape == 13:
        return f"{_word(r)} Community Projects CIC"
    if shape == 14:
        return f"{r.choice(_TOWNS)} {kind}"
    return f"{_word(r)} {kind}"


def provider_name(r: random.Random, nhs: bool = False) -> str:
    """A provider's name in one of the shapes the register holds."""
    if nhs or r.random() < 0.1:
        return r.choice((f"{r.choice(_TOWNS)} Teaching Hospitals NHS Foundation Trust",
                         f"{_word(r)} and {_word(r)} NHS Foundation Trust",
                         f"{r.choice(_COUNTIES)} Partnership NHS Foundation Trust",
                         f"{_word(r)} Community Healthcare NHS Trust",
                         f"{r.choice(_SAINTS).replace('Saint', 'St')} University Hospitals NHS Foundation Trust"))
    shape = r.randrange(16)
    if shape == 14:
        return f"{r.choice(('Mr', 'Mrs', 'Dr'))} {r.choice(_PEOPLE)} t/a {_word(r)} {r.choice(('Dental Care', 'Care Services', 'Pharmacy'))}"
    if shape == 15:
        return f"{_word(r)} Care Ltd trading as {_word(r)} {r.choice(('Homecare', 'Care Homes'))}"
    if shape == 0:
        return f"{_word(r)} Care Ltd"
    if shape == 1:
        return f"{_word(r)} Healthcare Limited"
    if shape == 2:
        return f"The {_word(r)} Care Group Limited"
    if shape == 3:
        return f"{_word(r)} & {_word(r)} Care Homes Ltd"
    if shape == 4:
        return f"{_word(r)} Care ({r.choice(_TOWNS)}) Limited"
    if shape == 5:
        return f"Dr {r.choice(_PEOPLE)}"
    if shape == 6:
        return f"{_word(r)} Medical Partnership"
    if shape == 7:
        return f"{_word(r)} Community Care CIC"
    if shape == 8:
        return f"{_word(r)} Dental LLP"
    if shape == 9:
        return f"{r.choice(_TOWNS)} {r.choice(('County', 'City', 'Borough'))} Council"
    if shape == 10:
        return f"{r.choice(_SAINTS)} Hospice"
    if shape == 11:
        return f"{_word(r)}-{_word(r)} Services Ltd"
    if shape == 12:
        return f"1st {_word(r)} Care 4 U Ltd"
    return f"{_word(r)} (UK) Limited"


def postcode(r: random.Random) -> tuple[str, str]:
    """(as printed, in its usual spelling): any outward shape, the space sometimes left out."""
    outward = _OUTWARD[r.choice(tuple(_OUTWARD))](r)
    inward = f"{r.randint(0, 9)}{r.choice(_INWARD_LETTERS)}{r.choice(_INWARD_LETTERS)}"
    usual = f"{outward} {inward}"
    return (usual if r.random() < 0.8 else outward + inward), usual


def address(r: random.Random) -> list[str]:
    """An address's parts before its postcode: a flat, unit, house name or none; a street number
    or none; the town; a county or none."""
    parts = []
    lead = r.randrange(6)
    if lead == 0:
        parts.append(f"Flat {r.randint(1, 30)}")
    elif lead == 1:
        parts.append(f"Unit {r.randint(1, 40)}{r.choice(('', 'A', 'B'))}")
    elif lead == 2:
        parts.append(f"{_word(r)} {r.choice(('House', 'Cottage', 'Farm', 'Lodge'))}")
    elif lead == 3:
        parts.append(r.choice(_BUILDINGS))
    street = r.choice(_STREETS)
    parts.append(street if r.random() < 0.35 else f"{r.randint(1, 250)}{r.choice(('', '', '', 'a', 'b'))} {street}")
    if r.random() < 0.3:
        parts.append(r.choice(_FIRST) + r.choice(_SECOND))  # a district
    parts.append(r.choice(_TOWNS))
    if r.random() < 0.6:
        parts.append(r.choice(_COUNTIES))
    return parts


def phone(r: random.Random) -> tuple[str, str]:
    """(as printed, as the reader gives it: no brackets)."""
    shape = r.randrange(6)
    if shape == 0:
        area, local = "020", f"{r.randint(7000, 8999)} {r.randint(1000, 9999)}"
    elif shape == 1:
        area, local = f"01{r.randint(100, 999)}", f"{r.randint(100000, 999999)}"
    elif shape == 2:
        area, local = f"01{r.randint(10, 99)}", f"{r.randint(200, 999)} {r.randint(1000, 9999)}"
    elif shape == 3:
        area, local = f"01{r.randint(1000, 9999)}", f"{r.randint(10000, 99999)}"
    elif shape == 4:
        area, local = "0333", f"{r.randint(100, 999)} {r.randint(100, 999)}"
    else:
        area, local = f"07{r.randint(100, 999)}", f"{r.randint(100000, 999999)}"
    printed = f"({area}) {local}" if r.random() < 0.7 and shape != 4 else f"{area} {local}"
    return printed, f"{area} {local}"


# ----------------------------------------------------------------------------- variants

def _spellings(name: str) -> list[str]:
    """A name as a page's body may write it: straight or curly apostrophe, hyphen or en dash."""
    forms = {name, name.replace("'", "’"), name.replace("’", "'"), name.replace(" - ", " – ")}
    return sorted(forms, key=len, reverse=True)


def _replace_names(body: str, old: str, new: str) -> str:
    for form in _spellings(old):
        body = body.replace(form, new)
    return body


def variant(t: Template, seed: int) -> Variant:
    """One variant of a template, deterministic from the seed."""
    r = random.Random(f"{t.stem}:{seed}")
    is_provider = t.family.endswith("provider")
    nhs = "NHS" in t.name and is_provider
    name = provider_name(r, nhs) if is_provider else location_name(r)
    provider = provider_name(r) if t.provider else None
    rating = r.choice(_RATINGS)
    lines = list(t.lines)
    out: list[str] = []
    loc: dict | None = None if is_provider else {"name": name}
    prov: dict | None = {"name": name} if is_provider else ({"name": provider} if provider else None)
    for k, line in enumerate(lines[:t.header_end]):
        if k == t.name_line:
            archived = not is_provider and r.random() < 0.3
            title = line.startswith("Provider:") and "Provider: " or ""
            shown = f"{title}{'Archived: ' if archived else ''}{name}"
            if _TITLE_RATING.search(line.strip()) and t.family.startswith("title"):
                shown += f" {rating}"
                (prov if is_provider else loc)["current_overall_rating"] = rating  # type: ignore[index]
            out.append(shown)
        elif k == t.overall_line:
            if r.random() < 0.85:
                out.append(f"Overall: {rating} read more about inspection ratings")
                (prov if is_provider else loc)["current_overall_rating"] = rating  # type: ignore[index]
            else:
                out.append("")
        elif k == t.address_line and loc is not None:
            parts = address(r)
            printed, usual = postcode(r)
            loc.update(address=", ".join(parts), postcode=usual)
            # the postcode after a comma, or after a space alone ("Cumbria LA9 4JB")
            shape = r.random()
            if shape < 0.15:  # each part on a line of its own, as a page's address block prints it
                shown = "\n".join([*parts, printed])
            else:  # the postcode after a comma, or after a space alone ("Cumbria LA9 4JB")
                shown = ", ".join(parts) + (", " if shape < 0.85 else " ") + printed
            if r.random() < 0.85:
                tel, given = phone(r)
                loc["phone"] = given
                where = r.random()
                if where < 0.7:
                    shown += f" {tel}"
                else:  # the phone on a line of its own, bare or labelled
                    shown += "\n\n" + r.choice(("", "Tel: ", "Phone: ", "Telephone: ")) + tel.replace("(", "").replace(")", "")
            out.append(shown)
        elif k == t.provider_line and provider:
            if line.startswith("Provided"):
                out.append(f"Provided and run by: {provider}")
            elif r.random() < 0.2:  # "Provided and run by:" and the provider on one line
                while out and not out[-1].strip():
                    out.pop()
                if out and out[-1].startswith("Provided"):
                    out.pop()
                out.append(f"Provided and run by: {provider}")
            else:
                out.append(provider)
            if r.random() < 0.25:
                out += ["", f"Registered manager: {r.choice(_MANAGERS)}"]
        elif line.lstrip().startswith("•") and k < t.name_line and r.random() < 0.15:
            continue  # a service type line left out
        elif line.startswith("Important:") and r.random() < 0.3:
            continue
        else:
            out.append(line)
    body = "\n".join(lines[t.header_end:])
    body = _replace_names(body, t.name, name)
    if t.provider and provider:
        body = _replace_names(body, t.provider, provider)
    text = "\n".join(out) + "\n" + body
    allowed = {a for a in t.alt_names if a in text}
    if is_provider:
        cqc_id = f"R{r.choice('ABCDEFGHJKLMNPQRTVWXY')}{r.randint(1, 9)}" if nhs else f"1-{r.randint(10**8, 10**10)}"
        url = f"https://www.cqc.org.uk/provider/{cqc_id}/reports"
    else:
        cqc_id = f"1-{r.randint(10**8, 10**10)}"
        url = f"https://www.cqc.org.uk/location/{cqc_id}/reports"
    # an NHS trust's code (ODS) is no CQC ID: the reader keeps it apart
    (prov if is_provider else loc)["ods_code" if nhs else "cqc_id"] = cqc_id  # type: ignore[index]
    return Variant(text, url, loc, prov, allowed)


# ----------------------------------------------------------------------------- open sets' pages

#: The open sets whose pages (written in the layouts of CQC's other page templates) serve as
#: templates too; the sets kept aside are never read.
OPEN_SETS = ("heldout", "heldout2", "heldout3", "heldout6", "heldout8", "heldout9")
FIXTURES = REAL.parent


@dataclass(frozen=True)
class SlotTemplate:
    """A page of an open set whose header states its location's name and its address line (and
    maybe its provider and phone): every other line is kept, the names replaced wherever they
    stand."""

    stem: str
    family: str
    text: str
    location: dict
    provider: str | None
    address_line: str
    phone_line: str | None


def slot_templates(sets: tuple[str, ...] = OPEN_SETS) -> list[SlotTemplate]:
    out = []
    for name in sets:
        for exp_path in sorted((FIXTURES / name).glob("*.expected.json")):
            stem = exp_path.name.split(".")[0]
            doc = exp_path.with_name(f"{stem}.txt")
            if not doc.is_file():
                continue
            exp = json.loads(exp_path.read_text(encoding="utf-8"))
            locations = exp.get("locations", [])
            if len(locations) != 1 or not all(locations[0].get(k) for k in ("name", "address", "postcode")):
                continue
            loc = locations[0]
            text = doc.read_text(encoding="utf-8")
            head = text.split("\n")[:25]
            if not any(_bare_name(ln) == loc["name"] for ln in head[:15]):
                continue
            address = next((ln for ln in head if loc["postcode"] in ln and loc["address"].split(",")[0] in ln), None)
            if address is None:
                continue
            digits = re.sub(r"\D", "", loc.get("phone") or "") or None
            phone_line = next((ln for ln in head if digits and ln != address and re.sub(r"\D", "", ln).endswith(digits)), None)
            provider = exp.get("provider", {}).get("name") if isinstance(exp.get("provider"), dict) else None
            kind = "labelled" if re.search(r"^(?:Address|Phone|Telephone|Tel|Office):", "\n".join(head), re.M) else "lines"
            out.append(SlotTemplate(f"{name}/{stem}", f"{kind} location", text, loc,
                                    provider if provider and provider in text[:3000] else None, address, phone_line))
    return out


def slot_variant(t: SlotTemplate, seed: int) -> Variant:
    """A variant of an open set's page: new names, address, postcode and phone in its slots."""
    r = random.Random(f"{t.stem}:{seed}")
    name = location_name(r)
    provider = provider_name(r) if t.provider else None
    parts = address(r)
    printed, usual = postcode(r)
    loc = {k: v for k, v in t.location.items() if k in ("cqc_id", "current_overall_rating")}
    loc.update(name=name, address=", ".join(parts), postcode=usual)
    old = t.location
    line = t.address_line
    start = line.index(old["address"].split(",")[0])
    end = line.index(old["postcode"]) + len(old["postcode"])
    separator = line[line.rindex(old["address"].split(",")[-1].strip(), start, end - len(old["postcode"])):]
    separator = separator[len(old["address"].split(",")[-1].strip()):separator.index(old["postcode"])]
    rest = line[end:]
    if old.get("phone") and old["phone"] in rest:
        tel, given = phone(r)
        rest = rest.replace(old["phone"], tel if "(" in old["phone"] else tel.replace("(", "").replace(")", ""))
        loc["phone"] = given
    new_line = line[:start] + ", ".join(parts) + separator + printed + rest
    text = t.text.replace(line, new_line, 1)
    if t.phone_line and old.get("phone"):
        tel, given = phone(r)
        tel = tel.replace("(", "").replace(")", "")
        digits = re.sub(r"\D", "", old["phone"])
        m = re.search(r"\(?0[\d() ]+$", t.phone_line)
        if m and re.sub(r"\D", "", m.group(0)) == digits:
            text = text.replace(t.phone_line, t.phone_line[:m.start()] + tel, 1)
            loc["phone"] = given
    olds = [(old["name"], name)] + ([(t.provider, provider)] if t.provider and provider else [])
    for before, after in sorted(olds, key=lambda pair: -len(pair[0])):
        text = _replace_names(text, before, after)
    allowed = {a for a in old.get("alt_names", []) if a in text}
    return Variant(text, "", loc, {"name": provider} if provider else None, allowed,
                   phone_read=any(loc.phone for loc in extract(t.text).locations))


# ----------------------------------------------------------------------------- scoring

_SCORED = ("provider", "location", "address", "postcode")


def failures(v: Variant) -> list[str]:
    """What the reader got wrong on a variant: each fact missed, each extra name, address or
    postcode (an alternative name the page's body still states is allowed), a wrong phone."""
    record = extract(v.text, source_url=v.source_url or None)
    exp = {"provider": v.provider, "locations": [v.location] if v.location else []}
    want, got = evaluate.expected_facts(exp), evaluate.record_facts(record, False)
    for kind in ("provider", "location"):  # as evaluate scores: IDs only where the expected facts list one
        if not any(f.key[0] == "id" for f in want[kind]):
            got[kind] = [f for f in got[kind] if f.key[0] != "id"]
    allowed = {evaluate.norm_name(a) for a in v.allowed_names}
    out = []
    for kind in (*_SCORED, "ratings"):
        wanted = [f for f in want[kind] if kind != "ratings" or f.key[0] == "current"]
        given = [f for f in got[kind] if kind != "ratings" or f.key[0] == "current"]
        _score, missed, extra = evaluate.match(kind, wanted, given)
        out += [f"missed {kind} {f.key}" for f in missed]
        out += [f"extra {kind} {f.key}" for f in extra
                if kind != "ratings" and not (f.key[0] == "name" and f.key[1] in allowed)]
    if v.provider and v.provider.get("ods_code") and v.provider["ods_code"] not in [p.ods_code for p in record.providers]:
        out.append(f"ODS code {[p.ods_code for p in record.providers]} for {v.provider['ods_code']!r}")
    if v.location and v.location.get("phone") and v.phone_read:
        phones = [loc.phone for loc in record.locations]
        if P.phone(v.location["phone"]) not in [P.phone(p) if p else None for p in phones]:
            out.append(f"phone {phones} for {v.location['phone']!r}")
    return out


def score(per_template: int = 40, seed: int = 1, show: int = 0) -> dict[str, tuple[int, int]]:
    """``family -> (variants read right, variants)``; ``show`` failures printed per template."""
    result: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for t in [*templates(), *slot_templates()]:
        shown = 0
        for n in range(per_template):
            v = variant(t, seed * 100_000 + n) if isinstance(t, Template) else slot_variant(t, seed * 100_000 + n)
            wrong = failures(v)
            result[t.family][1] += 1
            if not wrong:
                result[t.family][0] += 1
            elif shown < show:
                shown += 1
                head = " | ".join(ln for ln in v.text.split("\n")[:12] if ln.strip())
                print(f"{t.stem} #{n}: {'; '.join(wrong)}\n    {head[:400]}")
    return {family: (right, total) for family, (right, total) in sorted(result.items())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-template", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show-failures", type=int, default=0)
    args = ap.parse_args(argv)
    print("templates:", ", ".join(f"{t.stem} ({t.family})" for t in [*templates(), *slot_templates()]))
    for family, (right, total) in score(args.per_template, args.seed, args.show_failures).items():
        print(f"{family:20} {right:5}/{total:<5} {right / total:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
