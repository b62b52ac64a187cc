"""Full inspection reports as extracted from PDF: a name block and "Inspection report", "Date of
inspection visit" and "Date of publication", the ratings grid ("Overall rating for this
location/trust", "Are services safe?"), per-service tables, MUST/SHOULD actions citing
regulation paragraphs, the enforcement table of breached regulations, and the history of
earlier inspections (a trust-level report whose text runs on one line).

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from collections import Counter

from cqcgraph.extract import names as N
from cqcgraph.extract import patterns as P
from cqcgraph.extract import profile, prose
from cqcgraph.records import (
    Action,
    ActionKind,
    Breach,
    ChangeStatement,
    DocumentRecord,
    Inspection,
    KeyQuestion,
    Location,
    PartialDate,
    Provider,
    Rating,
)

LAYOUT = "inspection-report"

_LEVEL_RE = re.compile(r"Overall rating for this (?P<level>trust|location|service|hospital|provider|practice|core service)\s*(?P<value>(?:" + P.RATING_OR_NONE_ALT + "))?", re.I)
#: An NHS trust report's ratings box: "Overall trust quality rating   Requires improvement".
_TRUST_QUALITY_RE = re.compile(r"Overall trust quality rating\s*(?P<value>(?:" + P.RATING_OR_NONE_ALT + "))", re.I)
#: A front page's name line before its title, "<name> Inspection report" or "<name> Quality Report"
#: (independent health services 2016-2019), the address running on after it.
_NAME_INLINE_RE = re.compile(r"(?:^|\n|\b\d{1,3}\s)(?P<name>[A-Z][A-Za-z&'’(),. -]{3,120}?)\s+(?:Inspection report|Quality Report)\b(?![.:])")
#: The title line under the name block: "Inspection report", "Quality Report".
_TITLE_LINE_RE = re.compile(r"^(?:Inspection report|Quality Report)$", re.I)
#: Words that end the name of a place: a hospital's name followed by its trust's.
_PLACE_END_RE = re.compile(r"^(?P<loc>.+?\b(?:Hospital|Centre|Surgery|Practice|House|Home|Court|Lodge|Clinic|Unit))\s+(?P<org>[A-Z].+?(?:NHS (?:Foundation )?Trust|Ltd|Limited|LLP|plc|Partnership))$")
_ORG_FIRST_RE = re.compile(r"^(?P<org>[A-Z][^\n]*?\b(?:Limited|Ltd|LLP|plc|NHS (?:Foundation )?Trust|CIC))\s+(?P<loc>[A-Z][^\n]+)$")
_KQ_COLUMNS = {"safe", "effective", "caring", "responsive", "well-led", "well led", "overall"}


#: Features of a report's front page laid out as labelled lines, by family; three of them, its
#: labelled inspection days and its provider and location among them, claim a text (a 2011-2014
#: location page's "Inspection report" over "Date of Inspection:" is no report's front page): the title ("Inspection report", "Ratings for
#: St Aldhelm's Hospice"), the provider and the location labelled ("Provider: …" and "Location:
#: …", "Provider name:" and "Location name:"), the inspection's days ("Inspection dates: 7 and 8
#: November 2023", "Type of inspection:"), the publication ("Report published:", "Date of
#: publication:") and the location's ratings ("Our ratings for this location", "Overall for this
#: location", "Key question  Rating  Date of rating").
FRONT_PAGE_FEATURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("front page title", re.compile(r"^[ \t]*(?:Inspection report|Ratings for (?!the\b|this\b)[A-Z][^\n]{2,100})[ \t]*$", re.M)),
    ("provider and location labelled", re.compile(
        r"^[ \t]*Provider(?: name)?:[ \t]*\S[^\n]*\n(?:[^\n]*\n){0,3}?[ \t]*Location(?: name)?:[ \t]*\S|"
        r"^[ \t]*Location(?: name)?:[ \t]*\S[^\n]*\n(?:[^\n]*\n){0,3}?[ \t]*Provider(?: name)?:[ \t]*\S", re.I | re.M)),
    ("labelled inspection days", re.compile(r"^[ \t]*(?:Inspection dates?|Dates? of inspection|Type of inspection):[ \t]*\S", re.I | re.M)),
    ("labelled publication", re.compile(r"^[ \t]*(?:Report published|Date of publication):[ \t]*\S", re.I | re.M)),
    ("the location's ratings", re.compile(
        r"^[ \t]*(?:Our ratings for this location|Overall (?:rating )?for this location\b|Key question[ \t]{2,}Rating[ \t]{2,}Date of rating)",
        re.I | re.M)),
)


def detect(text: str) -> bool:
    if re.search(r"Date of inspection visit", text) or (
            ("Inspection report" in text or "Quality Report" in text) and bool(_LEVEL_RE.search(text))):
        return True
    found = P.features_shown(FRONT_PAGE_FEATURES, text[:3000])
    return len(found) >= 3 and {"labelled inspection days", "provider and location labelled"} <= set(found)


def _names(text: str) -> tuple[list[str], str | None]:
    """Names above "Inspection report": (lines of the name block, body after it)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip().startswith("Date of inspection visit"):
            break  # a title below the visit dates heads the report's body, not its front page
        if _TITLE_LINE_RE.match(line.strip()):
            names = [ln.strip() for ln in lines[:i] if ln.strip()][-2:]
            return names, "\n".join(lines[i + 1:])
    return _untitled_names(lines)


#: A name line of a front page: an organisation's ("… NHS Foundation Trust", "… Limited").
_ORG_LINE_RE = re.compile(r"^[A-Z][A-Za-z&'’(),. -]{2,100}\b(?:Limited|Ltd|LLP|plc|NHS (?:Foundation )?Trust|CIC)$")


def _untitled_names(lines: list[str]) -> tuple[list[str], str | None]:
    """A front page with no title line: the provider's and the location's names, then the address
    and its postcode, straight above "Date of inspection visit". The leading lines named like an
    organisation or a place are the names."""
    head = next((i for i, ln in enumerate(lines[:20]) if ln.strip().startswith("Date of inspection visit")), None)
    if head is None:
        return [], None
    block = [ln.strip() for ln in lines[:head] if ln.strip()]
    if not any(P.POSTCODE_RE.search(ln) for ln in block):
        return [], None
    n = 0
    while n < len(block) and (_ORG_LINE_RE.match(block[n]) or _PLACE_WORD_RE.match(block[n])):
        n += 1
    if not 1 <= n <= 2 or n == len(block):
        return [], None
    return block[:n], "\n".join(block[n:] + lines[head:])


def _labelled_front_page(text: str) -> tuple[list[str], str | None, str | None, str | None, str | None] | None:
    """A front page whose lines above "Inspection report" are labelled as a web page's header
    (the name, the kind of service, the address, "Tel:", "Provider: …"): read as that header."""
    title = re.search(r"^\s*Inspection report\s*$", text[:3000], re.M | re.I)
    if not title or not re.search(r"^\s*Provider:\s", text[:title.start()], re.M):
        return None
    header = profile.parse_header(text[:title.start()])
    if not (header.name and header.provider_name and header.postcode):
        return None
    return [header.provider_name, header.name], header.address, header.postcode, header.phone, None


#: A front page's labelled lines: "Provider: …" or "Provider name: …", "Location: <name>, <address>
#: <postcode>" or "Location name: …" over "Address: …", "Telephone: …".
_FRONT_LABEL_RE = re.compile(
    r"^[ \t]*(?P<label>Provider(?: name)?|Location(?: name)?|Address|Tel(?:ephone)?):[ \t]*(?P<value>\S[^\n]*?)[ \t]*$", re.I | re.M)


def _labelled_lines(text: str) -> tuple[list[str], str | None, str | None, str | None, str | None] | None:
    """A front page whose provider and location are labelled lines (``_FRONT_LABEL_RE``): the
    provider's name, the location's name (the "Location:" line's first part when no "Address:"
    line follows, its address the rest) and the address, postcode and phone."""
    values: dict[str, str] = {}
    for m in _FRONT_LABEL_RE.finditer(text[:1500]):
        key = m.group("label").lower().split()[0]
        values.setdefault("tel" if key.startswith("tel") else key, m.group("value"))
    if not ("provider" in values and "location" in values):
        return None
    name, address_line = values["location"], values.get("address")
    if address_line is None and "," in name and P.POSTCODE_RE.search(name):
        name, address_line = (part.strip() for part in name.split(",", 1))
    address, postcode, phone = profile.split_address(address_line or "")
    return [values["provider"], name], address, postcode, phone or (P.phone(values["tel"]) if "tel" in values else None), None


#: A front page's telephone line ("Tel: 01952 640 118", "Telephone 0113 …"), never a town that
#: begins so ("Telford", "Telscombe").
_TEL_LINE_RE = re.compile(r"(?:Tel|Telephone|Phone)\b", re.I)


def _header_block(text: str) -> tuple[list[str], str | None, str | None, str | None, str | None]:
    """(names, address, postcode, phone, website) of the report's front page."""
    if labelled := _labelled_front_page(text) or _labelled_lines(text):
        return labelled
    names, rest = _names(text)
    names = _location_second(names, text)
    if rest is not None:
        block: list[str] = []
        for line in rest.split("\n"):
            line = line.strip()
            if re.match(r"Date of inspection visit|Date of publication", line):
                break
            if line:
                block.append(line)
        if len(names) == 1 and _names_a_place(block):
            # "<provider> / Quality Report / <location> / <street> …": the name block above the
            # title holds the provider alone and the address block opens with the location's name
            names, block = [names[0], block[0]], block[1:]
        phone = next((P.phone(ln) for ln in block if _TEL_LINE_RE.match(ln)), None)
        website = next((ln for ln in block if re.match(r"(?:www\.|https?://)", ln)), None)
        addr_lines: list[str] = []
        postcode = None
        for ln in block:
            if _TEL_LINE_RE.match(ln) or ln == website:
                continue
            m = P.POSTCODE_RE.search(ln)
            if m:
                postcode = P.postcode(ln)
                before = ln[: m.start()].strip(" ,")
                if before:
                    addr_lines.append(before)
                break
            addr_lines.append(ln.strip(" ,"))
        # lines with no postcode after them are no address ("The provider is Oak Care Ltd.")
        return names, (", ".join(addr_lines) or None) if postcode else None, postcode, phone, website
    # one long line: "<name> Inspection report <address> <postcode> Tel: … Date of inspection visit"
    candidates = [m.group("name").strip() for m in _NAME_INLINE_RE.finditer(text)]
    split = [m for m in (_PLACE_END_RE.match(c) for c in candidates) if m]
    if candidates and len(split) == len(candidates):
        # "<location> <provider> Inspection report": the provider comes second
        return [split[0].group("org"), split[0].group("loc")], *_inline_address(text)
    # "<provider> <location> Inspection report": a provider name ending like an organisation
    # comes first (adult social care reports)
    first = [m for m in (_ORG_FIRST_RE.match(c) for c in candidates) if m]
    if candidates and len(first) == len(candidates) and len({f.group("org") for f in first}) == 1:
        return [first[0].group("org"), first[0].group("loc")], *_inline_address(text)
    if len(first) == 1:
        # the front page's "<provider> <location> Quality Report" cut short of the location's first
        # words, and the later pages' running head "1 Riverside Clinic Quality Report" naming it
        # whole: the provider is the front page's, the location the running head's
        others = [c for c in candidates if not _ORG_FIRST_RE.match(c)]
        if others and all(o.endswith(" " + first[0].group("loc")) for o in others):
            return [first[0].group("org"), others[0]], *_inline_address(text)
    counts = Counter(candidates)
    names = []
    if candidates:
        top = max(counts.values())
        main = [c for c in candidates if counts[c] == top][-1]
        names = [main] + [c for c in dict.fromkeys(candidates) if c != main]
    return (names, *_inline_address(text))


#: A page's running foot naming the location the report is of: "St Aidan's Hospice - Inspection
#: report 23 March 2016", "1 Ashdown Mews Nursing Home Inspection report 31 May 2018".
_FOOT_NAME_RE = re.compile(r"^[ \t]*(?:\d{1,3}[ \t]+)?(?P<name>\S[^\n]{2,120}?)[ \t]*(?:[-–][ \t]*)?Inspection report[ \t]+\d", re.M)


def _location_second(names: list[str], text: str) -> list[str]:
    """The front page's two names as (provider, location): a front page names the provider
    first, unless the pages' running foot names the first line (a cover printing the location
    with its rating over its provider: "St Aidan's Hospice  Outstanding" over "St Aidan's
    Hospice Trust"), which is then the location, named without the rating beside it."""
    if len(names) != 2:
        return names
    feet = {" ".join(m.group("name").split()) for m in _FOOT_NAME_RE.finditer(text)}

    def named(line: str) -> str | None:
        flat = " ".join(line.split())
        return next((f for f in feet if flat == f or flat.startswith(f + " ") and P.parse_rating(flat[len(f):])), None)
    first = named(names[0])
    return [names[1], first] if first and not named(names[1]) else names


#: The last word of a location's name, never of a street: "<Street> Surgery", "<Saint's name>
#: Hospital".
_PLACE_WORD_RE = re.compile(r"^[A-Z][A-Za-z&'’ .-]{2,80}\b(?:Hospital|Centre|Surgery|Practice|Clinic|Hospice|Nursing Home|Care Home|Medical Group|Health Centre)$")


def _names_a_place(block: list[str]) -> bool:
    """Whether the address block under the title opens with a location's name: a line without a
    number ending like a place's name, followed by at least one more line before the postcode."""
    return len(block) >= 3 and bool(_PLACE_WORD_RE.match(block[0])) and not P.POSTCODE_RE.search(block[0])


def _in_the_letter_s_year(start: PartialDate | None, end: PartialDate | None,
                          text: str) -> tuple[PartialDate | None, PartialDate | None]:
    """The front page's visit dates, in the year of the letter when the letter narrates the same
    first day in another year (a front page printing "3 May & 9th May 2016" above a letter's
    "We carried out the announced part of the inspection on 3 May 2017"): the letter, written
    with the inspection, is right about its year."""
    narrated = prose.narrated_inspections(_summary(text))
    if not (start and start.iso and len(start.iso) == 10 and narrated and narrated[0][0].iso):
        return start, end
    told, first = narrated[0][0].iso or "", start.iso
    if told[4:] != first[4:] or told[:4] == first[:4]:
        return start, end

    def moved(d: PartialDate | None) -> PartialDate | None:
        if d is None or not d.iso:
            return d
        return dataclasses.replace(d, iso=str(int(d.iso[:4]) + int(told[:4]) - int(first[:4])) + d.iso[4:])
    return moved(start), moved(end)


def _short_names(provider: str, text: str) -> tuple[str, ...]:
    """The provider's name as the letter gives it without its company suffix ("… is operated by
    Riverside Care" under a cover naming Riverside Care Ltd)."""
    named = N.operated_by(text)
    if named and named[1] != provider and re.fullmatch(re.escape(named[1]) + r"\s+(?:Ltd|Limited|LLP|plc|CIC)\.?", provider):
        return (named[1],)
    return ()


def _inline_address(text: str) -> tuple[str | None, str | None, str | None, str | None]:
    m = re.search(r"(?:Inspection report|Quality Report)\s+(?P<addr>[^\n]{3,200}?)\s+(?P<pc>[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b(?P<tail>[^\n]{0,60}?)Date of inspection", text)
    if not m:
        return None, None, None, None
    return m.group("addr").strip(" ,") or None, P.postcode(m.group("pc")), P.phone(m.group("tail")), None


def _grid(text: str) -> list[Rating]:
    """Location- or trust-level grid: "Overall rating for this …", "Are services safe? Good"."""
    flat = " ".join(text.split())
    out: list[Rating] = []
    m = _LEVEL_RE.search(flat) or _TRUST_QUALITY_RE.search(flat)
    if m and m.group("value"):
        out.append(Rating(KeyQuestion.OVERALL, P.rating_word(m.group("value"))))
    for q in P.GRID_QUESTION_RE.finditer(flat):
        after = flat[q.end(): q.end() + 40]
        r = re.match(r"^[\s.:]*(" + P.RATING_OR_NONE_ALT + r")\b", after, re.I)
        kq = P.key_question(q.group(1))
        if r and kq:
            out.append(Rating(kq, P.rating_word(r.group(1))))
    return out


#: The arrow a trust or hospital report prints after a rating in its ratings box, against the
#: previous inspection: up improved, down went down, "↔" or "→ ←" stayed the same.
_ARROW_RE = re.compile(rf"^\s*(?P<arrow>[{P.ARROWS_UP}]+|[{P.ARROWS_DOWN}]+|[{P.ARROWS_SAME}](?:\s*[{P.ARROWS_SAME}])?)")


def _listed_visit_days(value: str) -> tuple[PartialDate, ...]:
    """The days of a front page's "Date of inspection visit" when it lists several dates or
    ranges ("4 to 6 June 2019, 2 July 2019", "18 July & 24 July 2017", "19 January 2022 and
    2 February 2022"): each is a visit, a range's days one by one; a single range of a few days
    ("12 to 14 March 2019", ``P.visited_range``) is the days of the visit; a single date lists
    nothing here (the labelled dates give it)."""
    joined = P.joined_days(value)
    if joined:
        # "19 January 2022 and 2 February 2022", "14, 15 and 20 March 2019": days listed, not a range
        return joined
    spans = list(P.iter_dates(value.replace(" & ", " and ")))
    if len(spans) == 1 and spans[0][1] is not None:
        return P.visited_range(spans[0][0], spans[0][1])
    if len(spans) < 2 or any(a.precision.value != "day" or (b and b.precision.value != "day") for a, b, _m in spans):
        return ()
    days: list[PartialDate] = []
    for a, b, _m in spans:
        first, last = date.fromisoformat(a.iso or ""), date.fromisoformat((b or a).iso or "")
        if (last - first).days > 7:
            return ()
        days += [PartialDate((first + timedelta(n)).isoformat(), a.text, a.precision)
                 for n in range((last - first).days + 1)]
    return tuple(days)


def _grid_changes(text: str) -> list[ChangeStatement]:
    """Changes the ratings box shows by arrows ("Overall rating for this hospital Requires
    improvement ↔", "Are services effective? Good ↑"): only each key question's first line,
    the box's, is read, so a service section's arrows further on are not the location's."""
    flat = " ".join(text.split())
    found: list[tuple[KeyQuestion, str]] = []
    m = _LEVEL_RE.search(flat)
    if m and m.group("value"):
        found.append((KeyQuestion.OVERALL, flat[m.end():]))
    for q in P.GRID_QUESTION_RE.finditer(flat):
        kq = P.key_question(q.group(1))
        r = re.match(r"^[\s.:]*(" + P.RATING_OR_NONE_ALT + r")\b", flat[q.end(): q.end() + 40], re.I)
        if kq and r and all(kq is not k for k, _ in found):
            found.append((kq, flat[q.end() + r.end():]))
    out: list[ChangeStatement] = []
    for kq, after in found:
        arrow = _ARROW_RE.match(after[:8])
        if arrow:
            change = P.arrow_change(arrow.group("arrow")[0])
            if change:
                out.append(ChangeStatement(kq, change))
    return out


def _tables(text: str) -> list[Rating]:
    """Tab-separated tables: the per-service summary and the overview of ratings."""
    out: list[Rating] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.split("\t")]
        heads = [c.lower() for c in cells]
        if len(cells) >= 4 and sum(h in _KQ_COLUMNS for h in heads) >= 4:
            for row in lines[i + 1:]:
                rc = [c.strip() for c in row.split("\t")]
                if len(rc) < 3:
                    break
                service = None if rc[0].lower() == "overall" else rc[0]
                for head, cell in zip(heads[1:], rc[1:], strict=False):
                    kq = KeyQuestion.OVERALL if head == "overall" else P.key_question(head)
                    value = P.parse_rating(cell)
                    if kq and value:
                        out.append(Rating(kq, value, service=service))
        elif len(cells) >= 2 and heads[:2] == ["service", "rating"]:
            for row in lines[i + 1:]:
                rc = [c.strip() for c in row.split("\t")]
                if len(rc) < 2 or not P.parse_rating(rc[1]) or len(rc[1]) > 30:
                    break
                out.append(Rating(KeyQuestion.OVERALL, P.rating_word(rc[1]), service=rc[0]))
    # "Are Diagnostic imaging safe?" sections followed by their rating line
    for m in re.finditer(r"^Are (?P<service>(?!services\b)[A-Z][\w ,&/-]{2,60}?) (?P<kq>safe|effective|caring|responsive|well-led)\?\s*\n\s*\n?\s*(?P<value>[^\n]{3,30})$", text, re.M):
        value = P.parse_rating(m.group("value"))
        kq = P.key_question(m.group("kq"))
        if value and kq:
            out.append(Rating(kq, value, service=m.group("service").strip()))
    return out


#: The header of a ratings grid laid out in columns by spaces, as a PDF's text keeps its layout:
#: "Safe      Effective  Caring     Responsive  Well-led   Overall", each name two spaces or more
#: from the next.
_ALIGNED_HEAD_RE = re.compile(r"^\s{2,}Safe\s{2,}Effective\s{2,}Caring\s{2,}Responsive\s{2,}Well[\s-]?led\s{2,}Overall\s*$", re.I | re.M)
#: Words that only continue a rating wrapped onto the next line ("Requires" / "improvement",
#: "Inspected" / "but not rated").
_CONTINUATION_RE = re.compile(r"^(?:improvement|but|not|rated|inspected)$", re.I)


_ARROWS_RE = re.compile(P.ARROW_CLASS)
_MONTH_YEAR_RE = re.compile(r"^(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\s+(?:19|20)\d\d$")


def _aligned_grid(text: str) -> list[Rating]:
    """A grid of service ratings laid out in space-aligned columns, rows wrapped over lines:

        Urgent and emergency      Inadequate Requires   Good ...
        services                             improvement    ...
                                  Mar 2019   Mar 2019   Mar 2019 ...

    Each word belongs to the column whose heading starts at or before it; a line whose cells only
    continue wrapped ratings ("improvement") or show change arrows continues the row above, its
    first column the rest of the service's name; a line of dates under the cells dates the row's
    ratings, and a row dated before the grid's latest date is carried over from that date. Blank
    lines may part the rows; the grid ends at the first line that is none of these."""
    out: list[Rating] = []
    for head in _ALIGNED_HEAD_RE.finditer(text):
        starts = [m.start() for m in re.finditer(r"\S+", head.group(0).replace("Well led", "Well-led"))]
        kqs = [P.key_question(w) or KeyQuestion.OVERALL for w in head.group(0).replace("Well led", "Well-led").split()]
        rows: list[tuple[list[str], list[list[str]], list[str]]] = []
        for line in text[head.end():].lstrip("\n").split("\n"):
            if not line.strip():
                continue
            name: list[str] = []
            cells: list[list[str]] = [[] for _ in starts]
            for w in re.finditer(r"\S+", _ARROWS_RE.sub(" ", line)):
                col = max((c for c, at in enumerate(starts) if at <= w.start() + 1), default=None)
                (name if col is None else cells[col]).append(w.group(0))
            texts = [" ".join(c) for c in cells]
            if not any(texts) and not name:
                continue  # arrows only
            if rows and not name and any(texts) and all(not t or _MONTH_YEAR_RE.match(t) for t in texts):
                rows[-1][2].extend(t for t in texts if t)
            elif rows and all(_CONTINUATION_RE.match(x) for c in cells for x in c) and (
                    not name or (any(texts) or len(name) <= 4) and (name[0][:1].islower() or name[0][:1] == "(")):
                # a service's name wrapped on ("emergency care", "(including" / "older people's" / "care)")
                rows[-1][0].extend(name)
                for kept, more in zip(rows[-1][1], cells, strict=True):
                    kept.extend(more)
            elif name and any(P.parse_rating(t) for t in texts):
                rows.append((name, cells, []))
            else:
                break
        if not rows or not all(_aligned_row(name, cells) for name, cells, _dates in rows):
            continue  # rows not set out in the header's columns (one space between cells): not this grid
        dated = {d: P.parse_date(d) for _n, _c, dates in rows for d in dates}
        latest = max((d.iso for d in dated.values() if d and d.iso), default=None)
        for name, cells, dates in rows:
            service = " ".join(name).rstrip("*")
            when = {dated[d].iso: dated[d] for d in dates if dated.get(d) and dated[d].iso}  # type: ignore[union-attr]
            earlier = next(iter(when.values())) if len(when) == 1 and latest and next(iter(when)) < latest else None
            for kq, cell in zip(kqs, cells, strict=True):
                value = P.parse_rating(" ".join(cell))
                if service and value:
                    out.append(Rating(kq, value, service=None if service.lower() == "overall" else service,
                                      carried_over=earlier is not None, date=earlier))
    return out


_ONE_CELL_RE = re.compile(rf"^(?:{P.RATING_OR_NONE_ALT}|N/A)?\s*[{P.CHANGE_ARROWS}☆★*]*$", re.I)


def _aligned_row(name: list[str], cells: list[list[str]]) -> bool:
    """Whether a row of an aligned grid holds one rating (or nothing) under each heading and a
    name with no rating word at its end: a row whose cells run on with single spaces does not."""
    if name and P.parse_rating(name[-1]) is not None or name and name[-1].lower() == "requires":
        return False
    return all(_ONE_CELL_RE.match(" ".join(cell)) for cell in cells)


_RATING_WORD = r"(?:" + P.RATING_OR_NONE_ALT + r"|N/A)"
_FLAT_HEAD_RE = re.compile(r"\bSafe\s+Effective\s+Caring\s+Responsive\s+Well[\s-]*led\s+Overall\s+", re.I)
_FLAT_ROW_RE = re.compile(rf"(?P<service>[A-Z][^\n]{{2,100}}?)\s+(?P<values>(?:{_RATING_WORD}\s+){{5}}{_RATING_WORD})(?:\s+|$)", re.I)


_RATING_IN_NAME_RE = re.compile(r"\b(?:Good|Outstanding|Inadequate|Requires)\b")


def _flat_tables(text: str, keep_overall_row: bool = False) -> list[Rating]:
    """A ratings table whose PDF text runs on one line: "Safe Effective Caring Responsive Well-led
    Overall <service> <six ratings> <service> <six ratings> … Overall <six ratings>".
    Trust reports print change arrows after each rating ("Inadequate ↓ Good → ←"):
    they are dropped. In a trust report the grid is one location's ("Ratings for <hospital>"), so
    its "Overall*" row is that location's combined rating, kept as the service "Overall"."""
    out: list[Rating] = []
    flat = " ".join(re.sub(P.ARROW_CLASS + "+", " ", text).split())
    kqs = [KeyQuestion.SAFE, KeyQuestion.EFFECTIVE, KeyQuestion.CARING, KeyQuestion.RESPONSIVE, KeyQuestion.WELL_LED, KeyQuestion.OVERALL]
    for head in _FLAT_HEAD_RE.finditer(flat):
        pos = head.end()
        while True:
            row = _FLAT_ROW_RE.match(flat, pos)
            if not row:
                break
            pos = row.end()
            values = [P.parse_rating(v.group(0)) for v in re.finditer(_RATING_WORD, row.group("values"), re.I)]
            service = row.group("service").strip()
            if len(values) != 6 or _RATING_IN_NAME_RE.search(service):
                continue  # a "service" holding rating words is rows of a grid in columns run together
            if service.rstrip("*").lower() == "overall":
                if not keep_overall_row:
                    continue
                service = "Overall"
            out.extend(Rating(kq, v, service=service) for kq, v in zip(kqs, values, strict=False) if v)
    return out


def _actions(text: str, instrument: str) -> list[Action]:
    return prose.listed_actions(text, instrument)


def _closing_enforcement(text: str, instrument: str, found: list[Action]) -> list[Action]:
    """Enforcement the report states after its summary, in the detailed findings or the closing
    enforcement section ("The enforcement action we took: We served a warning notice on the
    provider."), in the sentences where CQC says it took the action
    (``patterns.CQC_TOOK_ACTION_RE``: what staff or others say was done is no statement of it),
    read as the summary is; a kind the summary already gave is not counted twice. What the
    provider is required to do (MUST and SHOULD actions, requirement notices) is read from the
    summary and the lists only: a pointer to the requirement notices section ("We have told the
    provider to take action (see … the Requirement Notices section)") is no notice of its own. A
    report whose summary has no end heading has no part after it."""
    end = _summary_end(text)
    if end is None:
        return []
    after = text[end:]
    kinds = {a.kind for a in found}
    required = (ActionKind.MUST, ActionKind.SHOULD, ActionKind.REQUIREMENT_NOTICE, ActionKind.COMPLIANCE_ACTION)
    stated = "\n".join(s for s in P.sentences(after) if P.CQC_TOOK_ACTION_RE.search(s))
    return [a for a in prose.actions_in(stated, instrument) if a.kind not in kinds and a.kind not in required]


def _breaches(text: str) -> list[Breach]:
    return prose.table_breaches(text)


#: The words a report prints before its own date in a running header or footer: "Princess Royal
#: Infirmary - Inspection report - 19 June 2019", "Castle Hill General Hospital Inspection report
#: 07/03/2019", "Date of publication: 19 June 2019". The date is the report's, no inspection's.
_REPORT_DATE_RE = re.compile(r"\b(?:Inspection\s+report|Quality\s+report|(?:Date\s+of\s+)?publication)\s*[:–—-]?\s*$", re.I)


#: A sentence about "this service" or "the service": in a core service's section, that service.
_THIS_SERVICE_RE = re.compile(r"\b(?:this|the)\s+service\b", re.I)


def _section_service(para: str, heading: str | None) -> str | None:
    """The core service whose section a paragraph is in: one whose first line is a core service's
    name alone ("Patient transport services", "Surgery") opens that service's section; one whose
    first line is another short heading ("Areas for improvement") ends it."""
    line = para.strip().split("\n")[0].strip()
    if P.CORE_SERVICE_RE.fullmatch(line) or P.CORE_SERVICE_RE.fullmatch(re.sub(r"\s+services?$", "", line)):
        return line[:1].upper() + line[1:]
    if line and len(line) < 60 and not re.search(r"[.,;:]$", line) and "\n" not in para.strip():
        return None
    return heading


def _background(text: str, current: set[str], instrument: str) -> tuple[list[Inspection], str]:
    """Earlier inspections told in paragraphs ("We last undertook a comprehensive inspection of
    this service on 2 April 2019. …"), and the text left for the current one."""
    previous: list[Inspection] = []
    kept: list[str] = []
    heading: str | None = None  # the core service whose section the paragraph is in
    for para in re.split(r"\n\s*\n", text):
        sents = P.sentences(para)
        first = sents[0] if sents else ""
        heading = _section_service(para, heading)
        date = None
        if re.search(r"\binspect|\bvisit", first, re.I):
            for start, _end, dm in P.iter_dates(first):
                if re.search(r"\bby\s*$", first[: dm.start()]):
                    continue  # a deadline ("… improvements … by 31 March 2018")
                if _REPORT_DATE_RE.search(first[: dm.start()]):
                    continue  # the report's date in its running footer ("… - Inspection report - 19 June 2019")
                date = start
                break
        if date is None or date.iso in current or date.precision.value != "day":
            kept.append(para)
            continue
        # sentence by sentence: what a sentence states of this inspection stays with it, the
        # rest is the earlier inspection's ("We last inspected … on 2 April 2019 … At this
        # inspection the provider remained in breach of regulation 17")
        entry = bool(P.ENTRY_OPENING_RE.match(para))  # a history's entry: its "this inspection" is its own
        now = [] if entry else [s for n, s in enumerate(sents) if n and _of_this_inspection(s, current)]
        then = [s for s in sents if s not in now]
        if now:
            kept.append(" ".join(now))
        ratings: list[Rating] = []
        actions: list[Action] = []
        for s in then:
            ratings.extend(r for r in prose.ratings_in_sentence(s) if not r.carried_over)
            for a in prose.actions_in_sentence(s, instrument):
                if a not in actions and not (a.kind in prose._ONCE and any(x.kind is a.kind for x in actions)):
                    actions.append(a)
        if heading and _THIS_SERVICE_RE.search(first):
            # "We previously inspected this service …" in a core service's section: that service's
            ratings = [dataclasses.replace(r, service=heading) if r.service is None and r.population_group is None else r
                       for r in ratings]
        # its days as the sentence names them: "We previously inspected this service on 17 and
        # 18 October 2017" is those two days, each visited
        named = next((p for p in prose.earlier_inspections(para, current) if p.start_date == date), None)
        # a breach named only as what a notice was for is the notice's, not a breach stated
        stated = [s for s in then if not P.NOTICE_FOR_BREACH_RE.search(s)]
        previous.append(Inspection(
            kind=P.methodology(first), start_date=date, ratings=prose.merge_ratings(ratings),
            breaches=prose.merge_breaches((), prose.breaches_stated(" ".join(stated))),
            actions=tuple(actions), special_measures=prose.special_measures(actions), is_previous=True,
            end_date=named.end_date if named and named.end_date != date else None,
            visit_dates=named.visit_dates if named else (),
        ))
    return previous, "\n\n".join(kept)


def _of_this_inspection(sentence: str, current: set[str]) -> bool:
    """Whether a sentence of a paragraph about an earlier inspection states what this inspection
    found: it says so ("At this inspection …"), or names the inspection by one of its own days."""
    if P.THIS_INSPECTION_RE.search(sentence):
        return True
    return any(d.iso in current for d, _end, _m in P.iter_dates(sentence) if d.precision.value == "day")


_FRONT_OVERALL_RE = re.compile(rf"^[ \t]*Overall rating:[ \t]*(?P<v>{P.RATING_ALT})[ \t]*$", re.I | re.M)
#: A labelled front page's "Inspection dates:" line, and the notes of announcement among its days.
_INSPECTION_DATES_RE = re.compile(r"^[ \t]*Inspection dates?:[ \t]*(?P<v>[^\n]{6,120}?)[ \t]*$", re.I | re.M)
#: Days written as ordinals: "the 1st and 2nd of March 2022" is "1 and 2 March 2022".
_ORDINAL_RE = re.compile(r"\b(?:the[ \t]+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\b(?:[ \t]+of\b)?", re.I)
_ANNOUNCED_NOTE_RE = re.compile(r"[ \t]*\((?:un)?announced\b[^)]*\)", re.I)


def parse(text: str) -> DocumentRecord:
    names, address, postcode, phone, website = _header_block(text)
    level_m = _LEVEL_RE.search(" ".join(text.split()))
    trust_level = bool(level_m and level_m.group("level").lower() in ("trust", "provider"))
    # NHS trust reports 2014-2023 head their grid "Overall trust quality rating":
    # the front page then names the trust and its headquarters' address, not a location
    trust_level = trust_level or bool(re.search(r"^\s*Overall trust quality rating\b", text[:6000], re.M | re.I))
    vm = re.search(r"Date of inspection visits?:?\s*(?P<v>[^\n]{6,60}?)(?=\s+(?:Date of publication|Website:|Tel:)|\n|$)", text)
    # a labelled front page's "Inspection dates: 7 and 8 November 2023 (announced), 15 November
    # 2023 (unannounced)"
    vm = vm or _INSPECTION_DATES_RE.search(text[:3000])
    days = _ORDINAL_RE.sub(r"\g<n>", _ANNOUNCED_NOTE_RE.sub("", vm.group("v"))) if vm else ""
    start, end = P.parse_span(days.replace(" & ", " and ")) if vm else (None, None)
    listed = _listed_visit_days(days) if vm else ()
    if start and listed and (listed[-1].iso or "") > ((end or start).iso or ""):
        end = listed[-1]  # "4 to 6 June 2019, 2 July 2019": the last listed day ends it
    # visit dates one per line under the heading: the first starts the
    # inspection and the last ends it
    vl = re.search(r"Date of inspection visits?:?[ \t]*\n(?P<v>(?:[ \t]*[^\n]{6,40}\n){2,8}?)[ \t]*Date of publication", text)
    if vl and start:
        spans = [(a, b) for a, b, _m in P.iter_dates(vl.group("v"))]
        lines = [ln for ln in vl.group("v").split("\n") if ln.strip()]
        if len(spans) == len(lines) >= 2 and spans[0][0] == start:
            last = spans[-1][1] or spans[-1][0]
            if (last.iso or "") > (start.iso or ""):
                end = last
            # one visit day a line: each is a visit
            listed = listed or tuple(a for a, b in spans if b is None and a.precision.value == "day")
    printed = {d.iso for d in (start, end) if d and d.iso}  # the front page's days, whatever their year
    start, end = _in_the_letter_s_year(start, end, text)
    pm = re.search(r"Date of publication:?\s*(?P<p>[^\n]{6,30})", text)
    published = P.parse_date(pm.group("p")) if pm else None
    instrument = P.instrument_for(text[:20000]) if "Regulations 2014" in text or "2014" not in text else P.REGULATED_ACTIVITIES_2014
    current = {d.iso for d in (start, end) if d and d.iso} | printed
    previous, current_text = _background(text, current, instrument)
    previous += [p for p in prose.earlier_inspections(current_text, current)
                 if not any(((q.start_date.iso if q.start_date else None) or "").startswith(
                     (p.start_date.iso if p.start_date else None) or "?") for q in previous)]

    providers: tuple[Provider, ...] = ()
    locations: tuple[Location, ...] = ()
    if trust_level:
        if len(names) == 2 and _PLACE_WORD_RE.match(names[1]):
            # the trust's front page giving its main hospital above the headquarters' address:
            # the hospital is a location of the trust, the trust's address runs from its name
            providers = (Provider(name=names[0], address=", ".join(n for n in (names[1], address) if n), postcode=postcode),)
            locations = (Location(name=names[1], provider=0, address=address, postcode=postcode),)
        else:
            providers = (Provider(name=names[0] if names else None, alt_names=tuple(names[1:]), address=address, postcode=postcode),)
    else:
        named = None if names else N.operated_by(current_text[:6000])
        if named:
            # no cover names the location: the letter's "Ambulance Station is operated by Central
            # Medical Services" does, and its provider
            names = [named[1], named[0]]
        if len(names) >= 2:
            providers = (Provider(name=names[0], alt_names=_short_names(names[0], current_text[:6000])),)
        services = tuple(dict.fromkeys(r.service for r in _tables(text) if r.service))
        activities = tuple(dict.fromkeys(m.group(1).strip() for m in re.finditer(r"^([A-Z][a-z][\w ,]+?)\t\s*(?:<[^>]+>)?\s*Regulation \d", text, re.M)))
        locations = (Location(name=names[-1] if names else None, provider=0 if providers else None, address=address,
                              postcode=postcode, phone=phone, website=website, services=services,
                              regulated_activities=activities),)
    summary = _summary(current_text)
    # a labelled front page's own "Overall rating:   Outstanding" line is the report's overall
    # rating, whatever a sentence of its summary says of a key question's change
    front = _FRONT_OVERALL_RE.search(text[:3000]) if _labelled_lines(text) else None
    labelled = [Rating(KeyQuestion.OVERALL, P.rating_word(front.group("v")))] if front else []
    ratings = prose.merge_ratings(labelled, _grid(text), _tables(text), _aligned_grid(text), _flat_tables(text, keep_overall_row=trust_level), prose.ratings_in(summary),
                                  prose.service_ratings_in(summary), prose.population_group_ratings(text, all_groups=True))
    changes, _ = prose.changes_in(current_text)
    changes += [c for c in _grid_changes(text) if all(c.key_question is not d.key_question for d in changes)]
    actions = _actions(text, instrument) + prose.actions_in(_summary(current_text), instrument)
    actions += _closing_enforcement(current_text, instrument, actions)
    # the closing section of requirement notices is what the MUST actions are, when the report
    # lists none of them
    if not any(a.kind in (ActionKind.REQUIREMENT_NOTICE, ActionKind.MUST) for a in actions):
        actions += prose.requirement_notices_section(text)
    # totals stated as numbers ("17 breaches of legal requirements that the trust must put right",
    # ) stand for that many actions when the report does not list them
    for word, n in P.action_totals(_summary(current_text)).items():
        kind = ActionKind.MUST if word == "must" else ActionKind.SHOULD
        if not any(a.kind is kind for a in actions):
            actions += [Action(kind)] * n
    visit_dates = tuple(prose.visit_dates("\n".join(
        s for s in P.sentences(_summary(current_text))
        if re.search(r"\bvisit|\binterview", s, re.I) and "Date of" not in s)))
    visit_dates = visit_dates or listed
    main = Inspection(
        location=0 if locations and not trust_level else None, provider=0 if trust_level and providers else None,
        start_date=start, end_date=end, publication_date=published,
        announced=P.announcement(current_text), ratings=ratings, changes=tuple(changes),
        breaches=prose.merge_breaches(_breaches(text), prose.breaches_stated(summary)), actions=tuple(actions),
        special_measures=prose.special_measures(actions), visit_dates=visit_dates,
    )
    previous = [dataclasses.replace(p, location=main.location, provider=main.provider) for p in previous]
    return DocumentRecord(layout=LAYOUT, providers=providers, locations=locations,
                          inspections=(main, *previous), publication_date=published)


def _summary(text: str) -> str:
    """The summary part of a report (up to its detailed findings), where prose states facts
    about the whole inspection."""
    # "Summary of findings" / "Our findings" at the top of hospital reports opens
    # the summary; only a later heading ends it
    end = _summary_end(text)
    return text[:end] if end is not None else text[:30000]


def _summary_end(text: str) -> int | None:
    """Where the summary ends: the heading of the detailed findings, None when the report has
    none."""
    for m in re.finditer(r"^(?:Our findings|Detailed findings|Overview of ratings)[ \t]*$(?<!Summary of findings\s\sOur findings)(?<!Summary of findings\sOur findings)", text, re.M):
        # "Our findings" heading the page above "Background to the trust" and "Overall summary" (or
        # "Overall summary of services at …") opens the summary: the detailed findings never
        # precede it
        if not re.search(r"^Overall summary\b", text[m.end():], re.M):
            return m.start()
    return None
