"""What CQC required of a provider and what it did about it, read by what a report's closing
sections are rather than by one author's layout.

CQC reports end with the tables of the regulations not met: "Requirement notices" or "Action we
have told the provider to take" (each regulation a requirement notice) and "Enforcement actions"
(each regulation with "The enforcement action we took: …"). Whatever the layout that read the
document, a row of either table is a regulation breached; a row of the first a requirement
notice citing it; the action a row of the second says CQC took, that action; and a notice or
condition citing a regulation the breach of it. ``with_required_found``
merges them into the record: it adds what the layout missed, never twice, never against what the
layout read, and only to the one current inspection a document reports.

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import patterns as P
from cqcgraph.extract import improvements, prose
from cqcgraph.records import Action, ActionKind, Breach, DocumentRecord, Inspection, Regulation

#: The headings of the closing sections, each alone on its line: the requirement notices
#: ("Requirement notices"), what CQC told the provider to do ("Action we have told the provider
#: to take", "Actions we have told the trust to take": the regulations not met, whose notices the
#: report may give as its MUST actions) and the enforcement taken ("Enforcement actions",
#: "Enforcement action taken").
_HEAD_RE = re.compile(
    r"^[ \t]*(?:(?P<req>Requirement notices?)|(?P<told>Actions? we have told the (?:provider|trust|registered (?:person|provider)|service) to take)"
    r"|(?P<enf>Enforcement actions?(?: taken| we (?:have )?took)?))[ \t]*:?[ \t]*$", re.M | re.I)

#: How far (non-empty lines) a section's first row may be from its heading, and a row from the
#: one before: the explanation CQC prints between rows ("How the regulation was not being met:
#: …") is a few lines; a section further away is not a table of this heading.
_FIRST_ROW_WITHIN, _NEXT_ROW_WITHIN = 8, 25

#: A line that ends the tables: the closing headings of other parts of a report.
_END_RE = re.compile(r"^[ \t]*(?:Our inspection team|About the (?:service|provider)|Ratings\b|Why we inspected|"
                     r"How we carried out|Background to|Summary of findings|Overall summary)\b", re.I)

#: What a row of the enforcement table says CQC did: "The enforcement action we took: We served a
#: warning notice." (the words after the label, up to the next row).
_TOOK_RE = re.compile(r"The enforcement action we took\s*:?\s*(?P<what>.*)", re.I | re.S)


@dataclasses.dataclass(frozen=True)
class Row:
    """One regulation of a closing table: the section it is in ("requirement" or "enforcement"),
    the regulation with its title, and the words of its row."""

    section: str
    regulation: Regulation
    title: str | None
    text: str


#: A row of a closing table as the layouts print it besides ``patterns.REGULATION_TITLE_RE``'s
#: "Regulation 12 HSCA (RA) Regulations 2014 Safe care and treatment": a citation at the start of
#: its line or of a column ("Personal care   Regulation 12: Safe care and treatment", "Regulation
#: 17 (1)(2)(a) Good governance", "Regulation 12 of the Health and Social Care Act 2008 (Regulated
#: Activities) Regulations 2014" with its title on the next line). Its title must be one of the
#: 2014 Regulations' when it names no instrument.
_ROW_RE = re.compile(
    r"^(?:[^\n]*?(?:\t|[ ]{2,}))?Regulation\s+(?P<num>\d{1,2}[A-Z]?)(?P<para>(?:\s*\([0-9a-z]{1,4}\))*)"
    r"(?:\s+(?:of\s+)?(?:the\s+)?(?P<inst>HSCA[^\n]{0,40}?Regulations\s+20(?:14|10)|Health\s+and\s+Social\s+Care\s+Act\s+2008\s+\(Regulated\s+Activities\)\s+Regulations\s+20(?:14|10)|"
    r"(?:CQC|Care\s+Quality\s+Commission)\s*\(Registration\)\s*Regulations\s+2009))?"
    r"\s*[:–—-]?\s*(?P<title>[^\n\t]*?)\s*$", re.M)


def _row(line: str, after: str) -> tuple[Regulation, str | None] | None:
    """The regulation and title of a table row on ``line`` (``after`` the lines below it), or None."""
    m = P.REGULATION_TITLE_RE.search(line)
    if m:
        instrument = P.REGULATED_ACTIVITIES_2010 if "2010" in m.group("inst") else P.instrument_for(m.group("inst"))
        return Regulation(instrument, m.group("num"), re.sub(r"\s+", "", m.group("para")) or None), m.group("title").strip(" .") or None
    m = _ROW_RE.match(line)
    if not m:
        return None
    title = m.group("title").strip(" .") or None
    if title is None:
        nxt = next((ln.strip() for ln in after.split("\n") if ln.strip()), "")
        title = nxt.strip(" .") if P.regulation_for_title(nxt.strip(" .")) else None
    known = bool(title and P.regulation_for_title(title))
    if not (known or m.group("inst") and not title):
        return None
    inst = m.group("inst") or ""
    instrument = P.REGULATED_ACTIVITIES_2010 if "2010" in inst else P.instrument_for(inst) if inst else P.REGULATED_ACTIVITIES_2014
    return Regulation(instrument, m.group("num"), re.sub(r"\s+", "", m.group("para")) or None), title


def rows(text: str) -> list[Row]:
    """The rows of the closing tables of regulations not met, in order: ``section`` is
    "requirement" under a heading that names the notices, "told" under one that says what CQC
    told the provider to take, "enforcement" under the enforcement heading.

    >>> [(r.section, r.regulation.number, r.title) for r in rows(
    ...     "Requirement notices\\nRegulation 12 HSCA (RA) Regulations 2014 Safe care and treatment\\n"
    ...     "Regulation 17 HSCA (RA) Regulations 2014 Good governance\\n")]
    [('requirement', '12', 'Safe care and treatment'), ('requirement', '17', 'Good governance')]
    """
    heads = list(_HEAD_RE.finditer(text))
    out: list[Row] = []
    for k, head in enumerate(heads):
        section = "requirement" if head.group("req") else "told" if head.group("told") else "enforcement"
        if section == "told" and k and heads[k - 1].group("req") and not text[heads[k - 1].end(): head.start()].strip():
            section = "requirement"  # "Requirement notices" over "Action we have told the provider to take"
        stop = heads[k + 1].start() if k + 1 < len(heads) else len(text)
        lines = text[head.end(): stop].split("\n")
        found: list[tuple[int, Regulation, str | None]] = []  # (line index, regulation, title)
        since = 0
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            if _END_RE.match(line):
                break
            since += 1
            row = _row(line, "\n".join(lines[i + 1: i + 3]))
            if row:
                found.append((i, *row))
                since = 0
            elif since > (_FIRST_ROW_WITHIN if not found else _NEXT_ROW_WITHIN):
                break
        for j, (i, regulation, title) in enumerate(found):
            end = found[j + 1][0] if j + 1 < len(found) else i + _NEXT_ROW_WITHIN
            out.append(Row(section, regulation, title, "\n".join(lines[i: end])))
    return out


def notices(found: list[Row]) -> list[Action]:
    """A requirement notice for each regulation of a table headed as the requirement notices (a
    table of what CQC told the provider, under no such heading, names no notice: the report's
    MUST actions or its prose state them)."""
    out: list[Action] = []
    for row in found:
        if row.section == "requirement" and all(a.regulation is None or a.regulation.number != row.regulation.number for a in out):
            out.append(Action(ActionKind.REQUIREMENT_NOTICE, regulation=row.regulation))
    return out


def enforcement(found: list[Row]) -> list[Action]:
    """The action each row of the enforcement table says CQC took, citing the row's regulation
    (a warning notice, a condition); a row that says none gives none."""
    out: list[Action] = []
    for row in found:
        m = _TOOK_RE.search(row.text) if row.section == "enforcement" else None
        if not m:
            continue
        what = " ".join(re.split(r"\n\s*\n|Regulated activity", m.group("what"))[0].split())
        for a in prose.actions_in_sentence(what, row.regulation.instrument):
            if a.kind in (ActionKind.MUST, ActionKind.SHOULD, ActionKind.REQUIREMENT_NOTICE):
                continue
            if a.kind in (ActionKind.WARNING_NOTICE, ActionKind.CONDITION) and a.regulation is None:
                a = dataclasses.replace(a, regulation=row.regulation)
            out.append(a)
    return out


def breaches(found: list[Row]) -> list[Breach]:
    """A breach of each regulation of the closing tables, with its title."""
    out: list[Breach] = []
    for row in found:
        if all(b.regulation is None or b.regulation.number != row.regulation.number for b in out):
            out.append(Breach(dataclasses.replace(row.regulation, paragraph=None), title=row.title))
    return out


#: Actions that CQC takes for a regulation it found breached: a requirement notice, a warning
#: notice or a condition under it. (A MUST action's citation, "The trust must ensure … Regulation
#: 12(2)(a)", says which regulation the action serves, which a report may list as a breach or
#: not: it implies none here.)
_FOR_A_BREACH = (ActionKind.REQUIREMENT_NOTICE, ActionKind.WARNING_NOTICE, ActionKind.CONDITION)


def implied_breaches(actions: tuple[Action, ...] | list[Action]) -> list[Breach]:
    """The breach of each regulation an action for a breach (``_FOR_A_BREACH``) cites, with the
    regulation's title when it is one of the 2014 Regulations; an Act section is no breach."""
    out: list[Breach] = []
    for a in actions:
        r = a.regulation
        if a.kind not in _FOR_A_BREACH or r is None or r.is_section or any(b.regulation and b.regulation.number == r.number for b in out):
            continue
        title = P.title_for_regulation(r.number) if r.instrument == P.REGULATED_ACTIVITIES_2014 else None
        out.append(Breach(dataclasses.replace(r, paragraph=None), title=title.capitalize() if title else None))
    return out


def _not_paraphrased(read: tuple[Breach, ...], tabled: list[Breach]) -> tuple[Breach, ...]:
    """The breaches ``read`` from the summary less those it named in its own words when the
    closing tables list the regulations: "two breaches … related to the safe management of
    medicines and the governance of the service" are the table's regulations 12 and 17, not two
    more. A breach read with its regulation or a regulation's own title stays (it is merged with
    the table's by them)."""
    if not tabled:
        return read
    return tuple(b for b in read if b.regulation or (b.title and P.regulation_for_title(b.title)))


def _current(record: DocumentRecord) -> int | None:
    """The index of the one current inspection the record reports; None when it reports none or
    several (a page of a location's history: its tables are of no one entry)."""
    current = [k for k, i in enumerate(record.inspections) if not i.is_previous]
    return current[0] if len(current) == 1 else None


#: A pointer to the notices' table, which is no notice of its own: "We have told the provider to
#: take action (see full details of this action in the Requirement Notices section at the end of
#: this report)".
_POINTER_RE = re.compile(r"\bsee\b[^.)]{0,60}?\bRequirement Notices? section\b", re.I)


def merged_notices(have: tuple[Action, ...], notices_found: list[Action], pointed: bool = False) -> tuple[Action, ...]:
    """``have`` with the requirement notices of the tables it lacks: a notice of a regulation it
    does not cite is added; notices it counted as many as the tables list, or read from a
    sentence that points to the table (``pointed``), become the tables' own; a notice it read
    without regulation or count may be any of them, and nothing is added."""
    if not notices_found:
        return have
    read = [a for a in have if a.kind is ActionKind.REQUIREMENT_NOTICE]
    unnamed = [a for a in read if a.regulation is None]
    if unnamed and len(unnamed) == 1 and (unnamed[0].count == len(notices_found) > 1 or pointed and unnamed[0].count is None):
        # "three requirement notices" and a table of three regulations, or the action a sentence
        # points to the table for: the same notices
        have = tuple(a for a in have if a is not unnamed[0])
        read = []
    elif unnamed:
        return have  # notices read without their regulations may be any of the table's
    cited = {a.regulation.number for a in read if a.regulation}
    return (*have, *(a for a in notices_found if a.regulation and a.regulation.number not in cited))


def merged_enforcement(have: tuple[Action, ...], taken: list[Action]) -> tuple[Action, ...]:
    """``have`` with each kind of enforcement the tables state that it does not have; one it read
    without a regulation, of a kind the tables give with theirs, becomes the tables' own."""
    out = list(have)
    for kind in dict.fromkeys(a.kind for a in taken):
        mine = [a for a in out if a.kind is kind]
        theirs = list(dict.fromkeys(a for a in taken if a.kind is kind))
        if not mine:
            out += theirs
        elif len(mine) == 1 and mine[0].regulation is None and all(a.regulation for a in theirs):
            k = out.index(mine[0])
            out[k: k + 1] = [dataclasses.replace(mine[0], regulation=a.regulation) for a in theirs]
    return tuple(out)


def merged_improvements(have: tuple[Action, ...], listed: list[Action], totals: dict[str, int]) -> tuple[Action, ...]:
    """``have`` with the MUST (or SHOULD) actions listed, when it has none of the kind: a list the
    layout read already is not counted twice, nor added to. A kind neither read nor listed is
    that many actions when the text states their total ("we told the provider it must take five
    actions"); a list the total says is longer than it shows is that many too, the actions it does
    not show without their words. A list the layout read the first items of only is the list's."""
    out = list(have)
    for kind in (ActionKind.MUST, ActionKind.SHOULD):
        theirs = [a for a in listed if a.kind is kind]
        mine = [a for a in out if a.kind is kind]
        if not mine:
            out += theirs or [Action(kind)] * totals.get(kind.value, 0)
        elif theirs and all(a.text is None and a.count is None for a in mine):
            # the layout read only the total ("it must take five actions"): the list's items are
            # those actions, with their words (the rest are made up to the total below)
            k = out.index(mine[0])
            out = [a for a in out[:k] if a.kind is not kind] + theirs + [a for a in out[k:] if a.kind is not kind]
        elif len(theirs) > len(mine) and all(_begins_one_of(a, theirs) for a in mine):
            # the layout read the first items of the list only: the list's are the actions
            k = out.index(mine[0])
            out = [a for a in out[:k] if a.kind is not kind] + theirs + [a for a in out[k:] if a.kind is not kind]
        have_n = sum(1 for a in out if a.kind is kind and a.count is None)
        total = totals.get(kind.value, 0)
        if have_n and total > have_n and not any(a.kind is kind and a.count is not None for a in out):
            # "it must take 11 actions" over a list that shows two of them: the other nine are
            # stated, without their words
            out += [Action(kind)] * (total - have_n)
    return tuple(out)


def _begins_one_of(action: Action, listed: list[Action]) -> bool:
    """Whether ``action``, read with its words, is the start of one of the ``listed`` items (the
    same item cut where its line wrapped)."""
    if not action.text or action.count is not None:
        return False
    head = P.norm(action.text)[:60]
    return any(P.norm(a.text or "").startswith(head) for a in listed)


def current_totals(text: str) -> dict[str, int]:
    """The MUST and SHOULD totals the text states of the current inspection
    (``patterns.action_totals``), a sentence about an earlier one left out."""
    return P.action_totals("\n".join(s for s in P.sentences(P.unwrapped(text)) if not prose.is_previous_sentence(s)))


def with_required_found(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the requirement notices, enforcement and breaches of the document's
    closing tables, and the MUST and SHOULD actions it lists (``improvements``), given to its
    one current inspection (see the module docstring). A page of several inspections' entries
    (a location's or trust's "All Inspections") has no one current inspection: each entry keeps
    what it read, with the breaches its own notices were issued for."""
    k = _current(record)
    if k is None:
        return _with_entries_implied_breaches(record)
    found = rows(text)
    instrument = P.instrument_for(text[:20000]) if "Regulations 2014" in text or "2014" not in text else P.REGULATED_ACTIVITIES_2014
    listed = improvements.listed(text, instrument)
    insp: Inspection = record.inspections[k]
    actions = merged_enforcement(merged_notices(insp.actions, notices(found), bool(_POINTER_RE.search(text))), enforcement(found))
    actions = merged_improvements(actions, listed, current_totals(text))
    tabled = breaches(found)
    found_breaches = tabled + implied_breaches(actions) + improvements.listed_breaches(text)
    merged = prose.merge_breaches(_not_paraphrased(insp.breaches, tabled), found_breaches) if insp.breaches else tuple(found_breaches)
    if actions == insp.actions and merged == insp.breaches:
        return record
    insp = dataclasses.replace(insp, actions=actions, breaches=merged,
                               special_measures=insp.special_measures or prose.special_measures(actions))
    return dataclasses.replace(record, inspections=(*record.inspections[:k], insp, *record.inspections[k + 1:]))


def _with_entries_implied_breaches(record: DocumentRecord) -> DocumentRecord:
    """``record`` with each inspection given the breaches its own notices cite
    (``implied_breaches``: "We also issued requirement notices relating to regulation 12 (safe
    care and treatment) …" in one entry of a page's list of inspections)."""
    out: list[Inspection] = []
    for insp in record.inspections:
        implied = implied_breaches(insp.actions)
        if implied:
            insp = dataclasses.replace(insp, breaches=prose.merge_breaches(insp.breaches, implied) if insp.breaches else tuple(implied))
        out.append(insp)
    return dataclasses.replace(record, inspections=tuple(out)) if out != list(record.inspections) else record


def with_earlier_enforcement(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with each earlier inspection, whichever layout or pass read it, given what the
    text says was done at it: the special measures it placed the service in ("The practice had
    been placed in special measures in September 2016") and the notices a sentence about it
    states ("… after an inspection in February 2021, when CQC … issued warning notices"), kinds it
    holds already aside; and the one earlier inspection of a text the breaches its sentences
    about the previous inspection cite."""
    months = prose.placed_in_special_measures(text)
    out: list[Inspection] = []
    for insp in record.inspections:
        insp = prose.with_earlier_special_measures(insp, months)
        month = (insp.start_date.iso or "")[:7] if insp.is_previous and insp.start_date else ""
        if len(month) == 7:
            # kinds the inspection holds, and actions the document already gives apart (a location
            # page's earlier actions), are not given twice
            held = {a.kind for a in insp.actions}
            stated = [a for a in prose.actions_of_earlier(text, month) if a.kind not in held and a not in record.actions]
            if stated:
                # and the breaches those notices were served for ("… when CQC issued warning notices
                # in respect of safe care and treatment and good governance")
                implied = [b for b in implied_breaches(stated)
                           if not any(h.regulation and b.regulation and h.regulation.number == b.regulation.number for h in insp.breaches)]
                insp = dataclasses.replace(insp, actions=(*insp.actions, *stated), breaches=(*insp.breaches, *implied),
                                           special_measures=insp.special_measures or prose.special_measures(stated))
        out.append(insp)
    earlier = [k for k, i in enumerate(out) if i.is_previous]
    if len(earlier) == 1 and not out[earlier[0]].breaches:
        # "The breaches of regulation 12 and regulation 17 found at the previous inspection had
        # been addressed": the one earlier inspection's
        stated_apart = {b.regulation.number for b in record.breaches if b.regulation}
        found = tuple(b for b in prose.earlier_breaches(text, out) if b.regulation and b.regulation.number not in stated_apart)
        if found:
            out[earlier[0]] = dataclasses.replace(out[earlier[0]], breaches=found)
    elif len(earlier) > 1:
        # several earlier inspections: a breach a sentence dates to one of them by its day ("At our
        # last inspection on 18 November 2013 we found the provider was not meeting the standard
        # for staffing") is that inspection's
        for k in earlier:
            day = out[k].start_date
            if out[k].breaches or not (day and day.iso and day.precision.value == "day"):
                continue
            found = tuple(b for b in prose.breaches_of_day(text, day.iso) if b.regulation)
            if found:
                out[k] = dataclasses.replace(out[k], breaches=found)
                # no longer the document's, an earlier inspection's without its day
                given = {b.regulation.number for b in found if b.regulation}
                record = dataclasses.replace(record, breaches=tuple(
                    b for b in record.breaches if not (b.regulation and b.regulation.number in given)))
    elif not earlier and out and (prose.is_previous_sentence(text) or "longer" in text or " now " in text
                                  or P.PLAN_TO_MEET_RE.search(text)):
        # no earlier inspection is dated, but the text says what it found ("At our last inspection
        # … This was a breach of regulation 12 … no longer in breach of regulation 12"): the
        # document's breaches, not the current inspection's
        added = prose.merge_breaches(record.breaches, [b for b in prose.earlier_breaches(text, out) if b.regulation])
        if added != record.breaches:
            record = dataclasses.replace(record, breaches=added)
    return record if tuple(out) == record.inspections else dataclasses.replace(record, inspections=tuple(out))


__all__ = ["Row", "breaches", "enforcement", "implied_breaches", "notices", "rows", "with_earlier_enforcement", "with_required_found"]
