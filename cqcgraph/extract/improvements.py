"""MUST and SHOULD actions read by what an action is, whatever the layout: an item (a bullet, a
numbered line, a line that is a sentence of what to do) under a heading or lead-in that says
what the provider must or should do, in any of CQC's wordings ("Action the provider MUST take to
improve", "Areas where the provider must make improvements", "The trust must:", "Things the
trust should improve", "We told the provider that it should:"), each item its own action with
the regulation it cites. An item runs over the lines it wraps onto, and over the running
header or footer a PDF's text puts inside it. A count the lead-in gives ("three things the
provider must do") caps its items and is never made up to with invented ones (over no list at
all it is a total, that many actions); "should consider" is a SHOULD; "Outstanding practice" and any other heading end a list.
A list the excerpt ends inside (its last item unfinished at the end of the text) gives no
action: its count is unknown. A lead-in that says its MUST items are breaches ("… as they are
in breach of regulations are:") gives the breach of the regulation each item is worded as.

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import re

from cqcgraph.extract import patterns as P
from cqcgraph.records import Action, ActionKind, Breach

_WHO = (r"(?:the\s+)?(?:provider|registered\s+(?:person|provider|manager)|trust|hospital|service|practice|location|home|"
        r"clinic|agency|team|leaders?|(?:[\w-]+\s+){0,3}services?)")
_KIND = r"(?P<kind>MUST|SHOULD|must|should|Must|Should)"
_COUNT = rf"(?P<n>{P._NUMBER})"

#: The lead-ins, each the whole of its line. Families:
LEAD_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((family, re.compile(rx + r"[ \t]*:?[ \t]*$", re.M | re.I)) for family, rx in (
    # "Action the provider MUST take to improve", "Actions the hospital SHOULD take", "Action the
    # trust MUST take to comply with its legal obligations"
    ("action the provider MUST take", rf"^[ \t]*Actions?\s+(?:that\s+)?(?:the|a)\s+{_WHO}\s+\**{_KIND}\**\s+take\b[^\n:]{{0,60}}"),
    # "Areas where the provider must make improvements", "The areas where the provider should
    # make improvement are", "Areas in which the trust must improve", "Some of the areas where CQC
    # have told the practice they must improve are"
    ("areas where the provider must make improvements",
     rf"^[ \t]*(?:(?:Some\s+of\s+)?the\s+)?areas?\s+(?:where|in\s+which)\s+(?:(?:CQC|we)\s+(?:have\s+|has\s+)?told\s+)?(?:the\s+)?{_WHO}"
     rf"\s+(?:(?:that\s+)?(?:it|they)\s+)?{_KIND}\s+(?:make\s+)?improve(?:ments?)?(?:{P.IN_BREACH_CLAUSE})?(?:\s+(?:are|is|include))?"),
    # "Things the trust should improve", "Things that the provider must do", "What the service
    # should do to improve", "Three things the provider must do"
    ("things the trust should improve",
     rf"^[ \t]*(?:{_COUNT}\s+)?(?:things?|areas?|what)\s+(?:that\s+)?(?:the\s+)?{_WHO}\s+{_KIND}\s+(?:improve|do|change|put\s+right)\b[^\n:]{{0,40}}"),
    # "The provider must:", "The trust should also:", "They must:", "We identified regulations the
    # provider was not complying with. They must:"
    ("the provider must:", rf"^[^\n]*?\b(?:They|The\s+(?:registered\s+)?{_WHO})\s+{_KIND}(?:\s+also)?\s*:"),
    # the lead-in's subject named before its verb: "There were areas where the provider could make
    # improvements and should:", "We identified regulations that were not being met and the
    # provider must:" (GP and dental reports 2017-2020)
    ("areas where the provider could make improvements and should:",
     rf"^[^\n]*?\b(?:provider|practice|service|trust)\b[^\n:]*?\s+and\s+{_KIND}(?:\s+also)?\s*:"),
    # a warning notice's letter to the registered person: "In particular you must:", "To become
    # compliant you must:", "You must:"
    ("you must: (a warning notice's letter)",
     rf"^[^\n]*?(?:^|[.:]\s+|\bIn\s+particular,?\s+|\bTo\s+(?:become|be)\s+compliant,?\s+)[Yy]ou\s+{_KIND}(?:\s+also)?\s*:"),
    # the lead-in that says the provider must take action, the actions listed after its colon: "We
    # told the provider that it must take action to comply with the regulations:", "The provider
    # must take action to:", "The trust should take the following actions:"
    ("the provider must take action to:",
     rf"^[^\n]*?\b(?:it|they|the\s+(?:registered\s+)?{_WHO})\s+{_KIND}\s+take\s+(?:the\s+following\s+)?actions?"
     r"(?:\s+to\s+(?:comply\s+with|meet)\s+(?:the\s+)?(?:regulations|legal\s+requirements))?(?:\s+to)?\s*:"),
    # "We told the provider that it must:", "We told the trust it should:"
    ("we told the provider that it must:", rf"^[ \t]*We\s+told\s+(?:the\s+)?{_WHO}\s+(?:that\s+)?(?:it|they)\s+{_KIND}(?:\s+also)?\s*:"),
    # "Areas for improvement", "Areas requiring improvement": a heading that says no kind, whose
    # items each say theirs ("The service should consider how it records …")
    ("areas for improvement (each item its kind)",
     r"^[ \t]*(?:Other\s+)?areas?\s+(?:for|of|requiring|needing)\s+improvement(?P<kind>)"),
    # "We found three things the provider must do", "We found seven areas where the trust should
    # improve" (the count, then the list or none)
    ("we found N things the provider must do",
     rf"^[ \t]*We\s+(?:found|identified)\s+{_COUNT}\s+(?:things?|areas?|actions?)\s+(?:that\s+|where\s+)?(?:the\s+)?{_WHO}\s+{_KIND}\s+"
     r"(?:do|take|improve|put\s+right|make\s+improvements?)\b[^\n:]{0,80}?\.?"),
))

#: One item of a list: the bullets of CQC's pages and of the text of its PDFs, a dash, a star, a
#: number ("1.", "(a)").
_BULLET_RE = re.compile(r"^[ \t]*(?:(?:[-*–]|\d{1,2}[.)]|\([a-z0-9]{1,3}\))[ \t]+|[•●▪◦·‣\uf0b7\uf0a7][ \t]*)(?P<text>\S.*)$")
#: An item written as a sentence of what to do, one a line with no bullet: "The provider should
#: consider how it records …", "Ensure that all staff …", "Review the storage of …".
_SENTENCE_ITEM_RE = re.compile(
    rf"^[ \t]*(?:{_WHO}\s+(?:must|should)\s+(?!be\s+(?:rated|in)\b)\w|(?:Ensure|Review|Consider|Implement|Improve|Introduce|Develop|Establish|"
    r"Continue|Take|Make|Monitor|Undertake|Record|Carry out|Put in place|Assess|Provide|Strengthen|Embed)\b)", re.I)
#: A PDF's running header or footer inside a list: "12 Oak House Inspection report 31 May 2018",
#: "Page 4 of 20", "St Mary's Hospital Quality Report 12/05/2018".
_RUNNING_RE = re.compile(r"^[ \t]*(?:\d{1,3}[ \t]+[^\n]{3,90}?(?:Inspection report|Quality Report|Evidence appendix)\b[^\n]*"
                         r"|[^\n]{0,90}?(?:Inspection report|Quality Report)[ \t]+\d{1,2}[ /][^\n]{0,20}"
                         r"|Page\s+\d{1,3}(?:\s+of\s+\d{1,3})?|\d{1,3})[ \t]*$", re.I)
#: A line that is only the citation of the item above it, wrapped below its full stop:
#: "   Regulation 12(2)(e)", "Regulation 17(1)(2)(a) HSCA RA Regulations 2014".
_CITATION_LINE_RE = re.compile(r"^[ \t]*Regulations?\s+\d{1,2}[A-Z]?(?:\s*\([0-9a-z]{1,4}\))*[^\n.]{0,60}\.?[ \t]*$")
#: A line that ends a list however near it is: another section's heading.
_STOP_RE = re.compile(r"^[ \t]*(?:Outstanding practice|Areas of outstanding practice|Notable practice|Requirement notices?|"
                      r"Enforcement actions?|Action we have told|Our inspection team|Background to|Our ratings for|Ratings\b|"
                      r"Detailed findings|Summary of findings|Why we inspected|How we carried out)", re.I)


#: How many lines may stand between a lead-in and its first item: a sentence saying what the
#: actions are for, and a service's sub-heading.
_PREAMBLE = 3


#: An item ended: at its full stop or semicolon, or at the citation in brackets after it ("… and
#: that this is recorded. (Regulation 12 (2)(h))").
_ENDED_RE = re.compile(r"(?:[.;]|\(\s*Regulations?\s+\d[^\n]*\))\s*$")


def _heading(line: str) -> bool:
    """A line that heads something: short, capitalised, and no sentence (no full stop at its end)."""
    t = line.strip()
    return bool(re.match(r"^[A-Z][^.;:!?]{0,70}$", t)) and len(t.split()) <= 9 and not t.endswith(",")


def items(lines: list[str]) -> list[str]:
    """The items of a list whose lines follow a lead-in: bullets (with the lines each wraps onto),
    else lines that are each a sentence of what to do; up to a heading, another section or the
    second blank line after the last item."""
    out: list[str] = []
    blank = 0
    bulleted: bool | None = None
    preamble = 0
    running = False  # just past a running header or footer: its blank lines are the page's
    headed = False  # just past a heading inside a bulleted list: only a bullet may follow
    for line in lines:
        if not line.strip():
            blank += 0 if running else 1
            if blank >= 2 and out:
                break
            continue
        if _RUNNING_RE.match(line):
            running, blank = True, 0
            continue
        running = False
        if _STOP_RE.match(line):
            break
        b = _BULLET_RE.match(line)
        if headed and not b:
            break  # the heading was not inside the list: no bullet follows it
        headed = False
        if b and bulleted is not False:
            bulleted = True
            out.append(b.group("text").strip())
        elif _SENTENCE_ITEM_RE.match(line) and not bulleted and (not out or blank or _ENDED_RE.search(out[-1])):
            bulleted = False
            out.append(line.strip())
        elif out and not blank and not _heading(line) and not out[-1].rstrip().endswith((".", "?")) \
                or out and not blank and (re.match(r"^[ \t]*[a-z(]", line) or _CITATION_LINE_RE.match(line)):
            out[-1] = f"{out[-1]} {line.strip()}"  # the item wraps onto this line
        elif out and _heading(line) and bulleted:
            # a sub-heading inside the list ("Urgent and emergency care"), or a PDF page's running
            # header between its blank lines ("Summary of this inspection"): the list goes on if
            # a bullet follows
            blank, headed = 0, True
            continue
        elif not out and preamble < _PREAMBLE:
            preamble += 1  # what the lead-in says before its items ("We told the trust that it must
            continue       # take action to …", a service's sub-heading)
        else:
            break
        blank = 0
    return out


#: The kind an item says of itself: "The service should consider …", "The provider must ensure …".
_ITEM_KIND_RE = re.compile(r"\b(must|should)\b", re.I)


def _kind(word: str) -> ActionKind:
    return ActionKind.MUST if word.lower() == "must" else ActionKind.SHOULD


def listed(text: str, instrument: str = P.REGULATED_ACTIVITIES_2014) -> list[Action]:
    """The MUST and SHOULD actions listed under their lead-ins (``LEAD_RES``), in order; a list
    printed twice (a letter's and the report's) counted once; a lead-in's count caps its list."""
    leads = sorted((m for _family, rx in LEAD_RES for m in rx.finditer(text)), key=lambda m: m.start())
    kept: list[re.Match[str]] = []
    for m in leads:
        if kept and m.start() < kept[-1].end():
            continue
        kept.append(m)
    out: list[Action] = []
    seen: set[tuple[ActionKind, frozenset[str]]] = set()
    for k, lead in enumerate(kept):
        word = lead.group("kind").lower()
        stop = kept[k + 1].start() if k + 1 < len(kept) else len(text)
        found = items(text[lead.end(): stop].split("\n")[1:])
        n = P.number(lead.group("n")) if "n" in lead.re.groupindex and lead.group("n") else None
        if n is not None:
            found = found[:n]
        if found and stop == len(text) and P.list_cut_off(text, found[-1]):
            # the excerpt ends inside the list: its items are not all there, and none is counted
            continue
        if not word:
            # a heading of no kind: each item says its own, an item that says none is no action
            found = [x for x in found if _ITEM_KIND_RE.search(x)]
        key = (ActionKind.MUST if word == "must" else ActionKind.SHOULD, frozenset(P.norm(x) for x in found))
        if found and key in seen:
            continue
        seen.add(key)
        for item in found:
            kind = _kind(word or _ITEM_KIND_RE.search(item).group(1))  # type: ignore[union-attr]
            regs = [r for r in P.regulations_in(item, instrument) if not r.is_section]
            out.append(Action(kind, regulation=regs[-1] if regs else None, text=item))
        if n is not None and not found and word:
            out += [Action(_kind(word))] * n  # a count over no list: that many, as a total states them
    return out


def listed_breaches(text: str) -> list[Breach]:
    """The breaches a list of MUST actions states when its lead-in says its items are breaches
    ("The areas where the provider must make improvements as they are in breach of regulations
    are:", ``patterns.IN_BREACH_CLAUSE``): the 2014 regulation each item is in the words of
    (``patterns.MUST_ITEM_REGULATIONS``), once each. Other lists state no breach: a MUST item
    alone implies none."""
    out: list[Breach] = []
    for _family, rx in LEAD_RES:
        for lead in rx.finditer(text):
            if lead.group("kind").lower() != "must" or not P.IN_BREACH_CLAUSE_RE.search(lead.group(0)):
                continue
            for item in items(text[lead.end():].split("\n")[1:]):
                num = P.must_item_regulation(item)
                if num and all(b.regulation is None or b.regulation.number != num for b in out):
                    title = P.title_for_regulation(num)
                    out.append(Breach(P.Regulation(P.REGULATED_ACTIVITIES_2014, num), title=title.capitalize() if title else None))
    return out


__all__ = ["LEAD_RES", "items", "listed", "listed_breaches"]
