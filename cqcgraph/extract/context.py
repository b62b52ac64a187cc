"""Is a text a CQC publication, or does it attribute what it says to CQC? A rating, breach or
action needs one or the other: "Rated Outstanding by passengers" on a bus timetable is no CQC
rating, and an encyclopaedia article that retells CQC's findings is not CQC's statement of them.

The decision uses several features, each a family of evidence kept as data: CQC's own page and
report structures (strong markers), CQC's regulatory vocabulary (weak markers, counted by
family), attribution of findings to CQC in a third party's text, a CQC web address, and the
markers of pages that are not CQC's (encyclopaedia articles, timetables). Imports the standard
library only.
"""

from __future__ import annotations

import re

from cqcgraph.extract.patterns import RATING_ALT, features_shown

#: Structures only CQC's pages and reports have. One is enough.
STRONG_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("location page header 'Provided and run by'", re.compile(r"\bProvided and run by\b", re.I)),
    ("rating header 'read more about inspection ratings'", re.compile(r"read more about inspection ratings", re.I)),
    ("inspection history entries", re.compile(
        r"^\s*(?:Inspection carried out on|During (?:a|an) (?:routine|responsive|themed|focused|follow[- ]up) "
        r"(?:inspection|review)|During an inspection (?:looking at|to make sure|to check)|During a monthly review of our data|"
        r"During an assessment under our new approach|Report from \d|Review of compliance)\b", re.I | re.M)),
    ("summary page headings 'Inspection Summary' / 'Overall summary & rating'", re.compile(
        r"^\s*(?:Inspection Summary|Overall summary (?:&|and) rating|Latest inspection summary)\s*$", re.I | re.M)),
    ("the inspector's own voice", re.compile(
        r"\bDuring (?:a|an|our|this) (?:[\w-]+ ){0,4}?(?:inspection|assessment|review|visit)\b|"
        r"\bWe (?:have )?(?:carried out|undertook|undertaken|conducted) (?:an? |this |our )?(?:[\w-]+ ){0,4}?(?:inspection|assessment|review)\b|"
        r"\bThis (?:inspection|assessment) (?:was|focused|looked)\b|\b(?:At|Following) (?:the|our) (?:last|previous) inspection\b|"
        r"\bWe (?:have )?rated (?:it|this|the|them)\b", re.I)),
    ("report headers and standards grids", re.compile(
        r"\bWe are the regulator\b|\b(?:Met|Not met|Action needed) this standard\b|"
        r"^\s*Date of (?:Inspection|inspection visit|assessment|Publication)\s*:", re.I | re.M)),
    ("CQC's ID of a provider or location on its own line", re.compile(
        r"^\s*(?:Provider|Location|CQC) ID:\s*1-\d{6,12}\s*$", re.M)),
    ("CQC's register data (its API's fields)", re.compile(r"\"(?:locationId|providerId|registrationStatus)\"\s*:")),
    ("five key questions asked as CQC asks them", re.compile(
        r"\b(?:Are services|Is the service|Is it) (?:safe|effective|caring|responsive|well[- ]led)\?", re.I)),
    ("CQC's name as publisher or speaker", re.compile(
        r"\b(?:The\s+)?Care Quality Commission\s*\((?:CQC)\)|\bCQC['’]s\s+(?:Chief|Deputy Chief|Head|Director)\b|"
        r"\bChief Inspector of (?:Hospitals|Adult Social Care|General Practice|Primary Medical Services|Healthcare)\b", re.I)),
    ("CQC's letterhead (its office at Citygate, Gallowgate)", re.compile(r"\bCitygate\s*,?\s*\n?\s*Gallowgate\b", re.I)),
    ("assessment texts of the single assessment framework", re.compile(
        r"\b(?:This service scored|Date of assessment|quality statements?)\b", re.I)),
)

#: CQC's regulatory vocabulary, by family; two families (one naming CQC) make a CQC context.
WEAK_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("CQC named", re.compile(r"\bCQC\b|\bCare Quality Commission\b")),
    ("the Act and its regulations", re.compile(
        r"\bHealth and Social Care Act 2008\b|\bRegulated Activities\)? Regulations\b|\bRegistration\)? Regulations 2009\b|"
        r"\b[Rr]egulation \d{1,2}[A-Z]?\b")),
    ("CQC's enforcement vocabulary", re.compile(
        r"\b(?:warning notice|requirement notice|special measures|notice of (?:proposal|decision)|enforcement action|prosecution|"
        r"conditions? (?:on|of) (?:its|their|the provider's) registration)s?\b", re.I)),
    ("registration roles", re.compile(r"\b(?:registered (?:manager|provider|person)|nominated individual)\b", re.I)),
    ("CQC's overall rating on its scale", re.compile(
        r"^[ \t]*Overall(?: rating)?[ \t]*:[ \t]*(?:Outstanding|Good|Requires improvement|Inadequate)[ \t]*$", re.I | re.M)),
    ("CQC inspection wording", re.compile(
        r"\b(?:we (?:inspected|carried out an? (?:\w+ )*inspection|found that the provider|rated (?:the|this) (?:service|practice|trust|hospital|home))|"
        r"(?:unannounced|announced|comprehensive|focused) inspection|key questions?|essential standards?)\b", re.I)),
)

#: Attribution of findings to CQC in someone else's words ("CQC rated the home Good",
#: "inspectors from the Care Quality Commission found"). Counted as a CQC context only when no
#: third-party marker says the page is someone else's publication. The passive says the same:
#: "Linden Court has been rated Good overall by the Care Quality Commission".
ATTRIBUTION_RE = re.compile(
    r"\b(?:CQC|Care Quality Commission)(?:['’]s)?\s+(?:inspectors?\s+)?(?:has\s+|have\s+)?"
    r"(?:rated|found|judged|placed|issued|served|imposed|cancelled|suspended|inspected|said|published|report|prosecuted)"
    r"|(?<!\bnot\s)(?<!\bnever\s)(?<!\bbeen\s)\b(?:been\s+)?(?:rated|judged|inspected)\b[^.\n]{0,60}?\bby\s+(?:the\s+)?(?:CQC|Care Quality Commission)\b", re.I)

#: Pages that are not CQC publications whatever they say about CQC.
THIRD_PARTY_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an encyclopaedia article", re.compile(
        r"\bFrom Wikipedia\b|\bWikipedia, the free encyclopedia\b|\bJump to (?:navigation|search)\b|"
        r"\bRetrieved from\s+[\"“]?https?://\w+\.wikipedia\.org|\[edit\]|\bThis article (?:is about|needs)\b", re.I)),
    ("a timetable or travel page", re.compile(
        r"\btimetables?\b[^\n]{0,80}\b(?:bus|route|stop|service \d+)\b|\b(?:bus|train|tram|coach) (?:route|stop|service|timetable)s?\b", re.I)),
)

#: A university's or college's course document (a module review, a course handbook): its module
#: lines ("Module: NURS2041 …", "Module convenor: Dr …"), its credits ("(20 credits)"), its
#: external examiner, its committees and academic year ("Annual module review 2023/24"). Two of
#: them make a page a course document, whatever it says of CQC's reports as teaching material.
ACADEMIC_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("module lines", re.compile(r"^[ \t]*Module(?: (?:convenor|leader|coordinator|code|title))?:[ \t]*\S", re.I | re.M)),
    ("credits of a module", re.compile(r"\(\d{1,3} credits\)|\b\d{1,3} credits? module\b", re.I)),
    ("external examiner", re.compile(r"\bExternal examiner(?:['’]s)?\b", re.I)),
    ("academic year review or committee", re.compile(
        r"\b(?:Annual (?:module|programme|course) review|(?:School|Faculty) (?:Learning and Teaching|Education) Committee|"
        r"academic year) ?(?:20\d\d/\d\d)?", re.I)),
)


#: Another regulator named as the body that inspected or rated ("following our Ofsted inspection",
#: "rated Good by Ofsted", "Care Inspectorate Wales inspected", "a food hygiene rating of 5"): a
#: school, a nursery, a Welsh or Scottish care service or a restaurant is not CQC's to rate, and
#: "our previous inspection" on such a page is that regulator's.
_OTHER_REGULATORS = (r"Ofsted|Estyn|HMICFRS|HMI Probation|Care Inspectorate(?: Wales)?|CIW|"
                     r"Healthcare Inspectorate Wales|HIW|Healthcare Improvement Scotland|RQIA|"
                     r"Regulation and Quality Improvement Authority")
OTHER_REGULATOR_RE = re.compile(
    r"\b(?P<who>" + _OTHER_REGULATORS + r")(?:['’]s)?\s+(?:(?:full|short|latest|last|previous|recent|"
    r"graded|routine|monitoring|joint) )?(?:inspections?|inspectors?|inspected|report|rated|judged|graded|found)\b|"
    r"\b(?:rated|judged|graded|inspected|assessed)(?: as)?(?: \w+){0,3} by (?P<by>" + _OTHER_REGULATORS + r")\b|"
    r"\b(?P<food>food hygiene rating)s?\b", re.I)
#: CQC as the one who inspected or published, beside another regulator: a joint inspection
#: ("Ofsted and the Care Quality Commission (CQC) carried out a joint inspection"), CQC's own
#: report of a service also registered with Ofsted, or findings attributed to CQC.
_CQC_ACTOR_RE = re.compile(
    r"\bCare Quality Commission\s*\(CQC\)|\b(?:CQC|Care Quality Commission)\b[^.\n]{0,80}?\b(?:and|with)\b[^.\n]{0,20}?\b(?:"
    + _OTHER_REGULATORS + r")\b|\b(?:" + _OTHER_REGULATORS + r")\b[^.\n]{0,40}?\b(?:and|with)\b[^.\n]{0,20}?\b(?:the )?"
    r"(?:CQC|Care Quality Commission)\b")


#: The report of another regulator (an Ofsted children's home, school or nursery report, a Care
#: Inspectorate Wales report): its masthead, the regulator's own reference ("Unique reference
#: number: 2581046"), its judgements' table ("Judgement   Grade", "Overall judgement at last
#: inspection"), its inspectors' titles ("Social Care Regulatory Inspector", "His Majesty's
#: Inspector"), the other regime's regulations ("Children's Homes (England) Regulations 2015").
#: Two of them make a page that regulator's report, whatever CQC-registered neighbour it names.
OTHER_REGULATOR_REPORT_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("another regulator's masthead", re.compile(r"\A\s*(?:" + _OTHER_REGULATORS + r")[ \t]*\n")),
    ("the regulator's unique reference number", re.compile(r"^[ \t]*(?:Unique reference number|URN)[ \t]*:[ \t]*\d", re.I | re.M)),
    ("a judgements' table or judgement line", re.compile(
        r"^[ \t]*Judgement[ \t]{2,}Grade[ \t]*$|^[ \t]*Overall (?:judgement|effectiveness)(?: at last inspection)?[ \t]*:", re.I | re.M)),
    ("the other regulator's inspector titles", re.compile(
        r"\b(?:Social Care Regulatory Inspector|His Majesty['’]s Inspector|Her Majesty['’]s Inspector|Early Years Regulatory Inspector|"
        r"Ofsted Inspector)\b", re.I)),
    ("the other regime's regulations", re.compile(
        r"\bChildren['’]s Homes \(England\) Regulations\b|\bEarly Years Foundation Stage\b|\bEducation Inspection Framework\b", re.I)),
)


def other_regulator_report(text: str) -> bool:
    """Whether ``text`` is another regulator's own report (two of
    ``OTHER_REGULATOR_REPORT_MARKERS``), not a joint inspection with CQC.

    >>> other_regulator_report("Ofsted\\nInspection of a children's home\\nUnique reference number: 2581046\\n")
    True
    >>> other_regulator_report("Ofsted and the Care Quality Commission (CQC) carried out a joint inspection.")
    False
    """
    head = text[:6000]
    return len(features_shown(OTHER_REGULATOR_REPORT_MARKERS, head)) >= 2 and not _CQC_ACTOR_RE.search(head)


def other_regulator(text: str) -> str | None:
    """The regulator other than CQC that ``text`` names as inspecting or rating, when CQC is
    not named as doing so beside it, else None.

    >>> other_regulator("Following our Ofsted inspection in May the school was rated good.")
    'Ofsted'
    >>> other_regulator("The nursery was rated Outstanding by Ofsted in 2022.")
    'Ofsted'
    >>> other_regulator("Ofsted and the Care Quality Commission (CQC) carried out a joint inspection.") is None
    True
    >>> other_regulator("We saw poor food hygiene practices during our visit.") is None
    True
    """
    found = OTHER_REGULATOR_RE.search(text)
    if not found or _CQC_ACTOR_RE.search(text) or ATTRIBUTION_RE.search(text):
        return None
    return found.group("who") or found.group("by") or "a food hygiene rating scheme"


#: How much of a text the decision reads (characters from the start).
WINDOW = 20_000

#: Hosts whose text is CQC's own: cqc.org.uk and its staging and community hosts (dev., test.,
#: communities.), written with or without the root's trailing dot, and the agency mirrors that
#: build and stage CQC's site (gl-cqc.axis12.com, gl-dpcqc.axis12.com).
_CQC_HOST_RE = re.compile(
    r"^https?://(?:(?:[\w-]+\.)*cqc\.org\.uk|gl-(?:dp)?cqc\.axis12\.com)\.?(?:[:/]|$)", re.I)


#: A guidance page of CQC's site says what CQC does or can do ("We can issue a Warning Notice …",
#: "We select practice locations for inspection …", "We monitor, inspect and regulate …"), also
#: after a leading clause or by its inspectors ("Instead, we will provide a judgement",
#: "Inspectors will judge each evidence category"), never what it found: its enforcement words
#: are powers, not actions taken.
GUIDANCE_STATEMENT_RE = re.compile(
    r"(?:^|[.:,]\s+|\n\s*)(?:We|CQC|(?:Our\s+)?inspectors)\s+"
    r"(?:can|may|will|use|select|monitor|inspect|regulate|issue|check|rate|do not rate|register)\b",
    re.M | re.I)
#: What a publication of findings says somewhere: something found, rated or done (a court's
#: decision in a prosecution too), or a report's dates.
FINDING_RE = re.compile(
    r"\b(?:we|inspectors|CQC)\s+(?:found|inspected|visited|carried out|undertook|rated|saw|looked|spoke|reviewed|judged|"
    r"identified|asked|took|told|met|observed|checked|received|gave)\b|"
    r"\b(?:has|have|had) (?:been )?(?:rated|found|inspected|judged|issued|served|taken|placed)\b|"
    r"\b(?:was|were|is) (?:rated|judged)\b|\brated\s+(?:as\s+)?(?:" + RATING_ALT + r")\b|"
    r"\b(?:Date of (?:inspection|publication)|Inspection (?:carried out|summary))|"
    # a court's decision, done: "pleaded guilty", "was fined £2,000", "has been sentenced"
    r"\b(?:pleaded|pled)\s+guilty\b|\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+"
    r"(?:fined|ordered\s+to\s+pay|sentenced|convicted|prosecuted)\b", re.I)


#: A finding only supposed, in the clause that says when CQC would act ("We may serve a warning
#: notice where we have found a breach of regulation", "If CQC has found a breach, the report will
#: say …"): the words just before it open a condition, so nothing was found; so does a rating of
#: any service of a kind ("special measures for services rated inadequate", "a home rated good").
SUPPOSED_FINDING_RE = re.compile(
    r"\b(?:where|when|if|unless|once|whether)\s+(?:[\w’']+\s+){0,4}$|\bno\s+longer\s+$|"
    r"(?:\b(?:a|an|any|each|every)\s+(?:[\w-]+\s+){0,2}(?:service|home|practice|provider|hospital|trust)|"
    r"\b(?:services|homes|practices|providers|hospitals|trusts))\s+(?:(?:that|which)\s+(?:we\s+)?(?:are|have|were|had)?\s*)?$", re.I)
#: A sentence opening with a condition ("If we find at the next inspection that … it is still rated
#: inadequate, we will …"): what it says before its first comma is only supposed.
_CONDITION_OPENING_RE = re.compile(r"^(?:If|Unless|Where|When|Once|Should)\b[^,;:]*$")


def _finds(text: str) -> bool:
    """Whether ``text`` states something found, rated or done (``FINDING_RE``) outside a clause
    that only supposes it (``SUPPOSED_FINDING_RE``, ``_CONDITION_OPENING_RE``)."""
    for m in FINDING_RE.finditer(text):
        if SUPPOSED_FINDING_RE.search(text[max(0, m.start() - 40):m.start()]):
            continue
        opening = max(text.rfind(". ", 0, m.start()) + 2, text.rfind("\n", 0, m.start()) + 1)
        if _CONDITION_OPENING_RE.match(text[opening:m.start()]):
            continue
        return True
    return False


def guidance_page(text: str) -> bool:
    """True when ``text`` is a guidance page: what CQC does or can do, stated twice at least, and
    nothing found, rated or done anywhere in it (a finding only supposed, "where we have found a
    breach", is none).

    >>> guidance_page("Why we issue Warning Notices. We can issue a Warning Notice to a registered person. We use a section 29 Warning Notice for all providers.")
    True
    >>> guidance_page("We can issue a Warning Notice. We will check. We found that staff were not trained.")
    False
    >>> guidance_page("We may serve a warning notice where we have found a breach of regulation. We will check whether the provider has complied.")
    True
    """
    text = text[:WINDOW]
    return len(GUIDANCE_STATEMENT_RE.findall(text)) >= 2 and not _finds(text)


def not_cqc_reason(text: str, source_url: str | None = None) -> str | None:
    """Why ``text`` is not a CQC publication nor attributes its findings to CQC, else None.

    >>> not_cqc_reason("Route 42 bus timetable. Rated Outstanding by passengers in 2023.")
    'not a CQC publication: a timetable or travel page'
    >>> not_cqc_reason("Overall: Good read more about inspection ratings") is None
    True
    >>> not_cqc_reason("Our café was rated Good by diners.")
    'not read as a CQC publication: no CQC page structure, vocabulary or attribution to CQC'
    """
    if guidance_page(text):
        # CQC's own page, wherever it is found, but no publication of findings
        return "no CQC publication of findings: a guidance page (what CQC does or can do, nothing it found)"
    if source_url and _CQC_HOST_RE.match(source_url):
        return None
    # what a page is shows in its first pages; a huge text is not searched end to end
    text = text[:WINDOW]
    for family, pattern in THIRD_PARTY_MARKERS:
        if pattern.search(text):
            return f"not a CQC publication: {family}"
    if len(features_shown(ACADEMIC_MARKERS, text[:4000])) >= 2:
        return "not a CQC publication: a university's course or module document"
    if other_regulator_report(text):
        return "not a CQC publication: another regulator's report"
    other = other_regulator(text)
    if other:
        return f"not a CQC publication: an inspection or rating by another body ({other})"
    if any(p.search(text) for _f, p in STRONG_MARKERS):
        return None
    families = set(features_shown(WEAK_MARKERS, text))
    if "CQC named" in families and (len(families) >= 2 or ATTRIBUTION_RE.search(text)):
        return None
    if len(families) >= 3:
        return None
    return "not read as a CQC publication: no CQC page structure, vocabulary or attribution to CQC"


__all__ = ["ACADEMIC_MARKERS", "ATTRIBUTION_RE", "FINDING_RE", "GUIDANCE_STATEMENT_RE", "SUPPOSED_FINDING_RE", "guidance_page", "OTHER_REGULATOR_RE", "OTHER_REGULATOR_REPORT_MARKERS", "other_regulator",
           "other_regulator_report",
           "STRONG_MARKERS", "THIRD_PARTY_MARKERS", "WEAK_MARKERS", "not_cqc_reason"]
