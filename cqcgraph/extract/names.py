"""Names of providers and locations in prose ("CQC inspected Healthcare at Home, which has its
head office in Burton-on-Trent"; "issued a formal warning to Parkfield Health Care
Limited"; "Pharmacorp Ltd (also known as Medicine Direct)").

Imports the standard library and ``cqcgraph.extract.patterns`` (the names of core services and
key questions, which are no places).
"""

from __future__ import annotations

import re

from cqcgraph.extract import patterns as P

#: A proper name: capitalised words, with lower-case joiners ("Healthcare at Home").
#: Words are joined by spaces only: a name never runs on over a line break (a
#: heading "Langton House Nursing Home" above a paragraph that begins with the same name).
#: A company's lower-case "plc" ends it ("Humber Care plc"); a company's suffix wrapped onto the
#: next line of a paragraph is its own ("North Norfolk Community Care" / "Limited, has improved"):
#: no heading ends a line before "Limited".
NAME = (r"(?:The[ \t]+)?[A-Z][\w'’&-]*(?:[ \t]+(?:(?:of|at|and|the|for|on|in)[ \t]+)?(?:[A-Z][\w'’&-]*|\([A-Z]+\)|\([A-Z][a-z]+\)))*"
        r"(?:[ \t]*\n[ \t]*(?:Limited|Ltd|LLP|PLC|CIC)\b\.?)?(?:[ \t]+plc\b)?")
#: An organisation's name, which may join its words with an ampersand as firms do ("Kaur & Sandhu
#: Care Partnership", "Smith & Jones Dental LLP"); a provider's name only, never a place's.
ORG_NAME = NAME.replace(r"(?:of|at|and|the|for|on|in)[ \t]+", r"(?:of|at|and|the|for|on|in|&)[ \t]+", 1)
#: A name with no joiner words, so that "X in Town" keeps the town apart; the Cornish and Welsh
#: articles of a place name are part of it ("Tre an Dour", "Plas y Bryn"), and so is the "at" of
#: a home care agency's "Care at Home" ("Moorland Care at Home", "Kindred Care at Home Worcester").
PLAIN_NAME = r"(?:The[ \t]+)?[A-Z][\w'’&-]*(?:[ \t]+(?:(?:an|y|yr|at(?=[ \t]+Home\b))[ \t]+)?(?:[A-Z][\w'’&-]*|\([A-Z]+\)|\([A-Z][a-z]+\)))*"
#: A town of one or two words, or joined ("Stratford upon Avon"); a month is no part of it ("in Bristol in May 2023").
_NO_MONTH = r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)"
_TOWN = rf"{_NO_MONTH}[A-Z][\w'’-]+(?:[ -](?:upon|on|under|in|le)[ -]{_NO_MONTH}[A-Z][\w'’-]+|\s+{_NO_MONTH}[A-Z][\w'’-]+)?"
#: Suffixes that make a name an organisation (a provider).
ORGANISATION_RE = re.compile(r"\b(?:Ltd|Limited|plc|PLC|LLP|Trust|Council|Partnership|Group|CIC|LLC)\.?$")

INSPECTED_RE = re.compile(rf"\b(?:CQC|Commission|we|inspectors)\s+(?:inspected|visited)\s+(?P<name>{NAME})")
#: The 2013-2015 warning releases open with the service visited: "When the Care Quality
#: Commission visited Grindley House Residential Care Home unannounced on 16 May 2013", "… visited
#: Choice 1 unannounced in September 2014" (a name may hold a number).
VISITED_UNANNOUNCED_RE = re.compile(
    r"\b(?:Commission|CQC)[ \t]+visited[ \t]+(?P<name>[A-Z][\w'’&()-]*(?:[ \t]+(?:[A-Z0-9][\w'’&()-]*|of|at|and|the|for|on|in)){0,10}?)"
    r"[ \t]+unannounced\b")
#: The head of a release names its subjects as key-value lines: "Service:" then "HCA Healthcare UK
#: Outpatients & Diagnostics Centre at Golders Green", "Provider:" then "Sudera Care Associates Limited".
RELEASE_SUBJECT_RE = re.compile(r"^(?P<key>Service|Provider|Location):[ \t]*\n?[ \t]*(?P<name>[A-Z][^\n]{2,150}?)[ \t]*$", re.M)
#: The one warned: "issued a formal warning to …", the 2013-2014 template's "issued a/formal warning/s to …".
WARNED_RE = re.compile(rf"\b(?:warnings?|warning/s|notices?|conditions?)\s+(?:to|on)\s+(?P<name>{NAME})")
#: "Pharmacorp Ltd (also known as Medicine Direct)", "The Urgent Care Centre (known as Leechmere Centre)"
#: "Oak Lodge (formerly Elm Lodge)", "Oak Lodge (previously known as Elm Lodge)"; and without brackets,
#: "Oak Lodge, formerly known as Elm Lodge," (a former name is another name of the same service).
AKA_RE = re.compile(
    rf"(?P<name>{NAME})\s+\((?:(?:also\s+)?known as|trading as|t/a|(?:formerly|previously)(?:\s+(?:known as|called))?)\s+(?P<aka>[A-Z][^)]+)\)"
    rf"|(?P<name2>{NAME}),\s+(?:formerly|previously|also)\s+(?:known as|called)\s+(?P<aka2>{NAME})(?=\s*[,.;)])")
#: Words one of which every match of ``AKA_RE`` holds: a text with none of them states no alias.
AKA_WORDS = ("known as", "trading as", "t/a", "formerly", "previously", "called")
#: A trust's name, on one line: the words of a line above it are no part of it.
TRUST_RE = re.compile(r"(?P<name>(?:[A-Z][\w'’&-]*[ \t]+(?:(?:of|and|the)[ \t]+)?){1,8}NHS[ \t]+(?:Foundation[ \t]+)?Trust)")
HEAD_OFFICE_RE = re.compile(rf"(?P<name>{NAME}),\s+which has its (?:head office|headquarters|registered office) in\s+(?P<town>{NAME})")
PRACTICE_RE = re.compile(rf"\brated\s+(?P<town>[A-Z][\w-]+)\s+(?:GP\s+)?(?:[Pp]ractice|[Ss]urgery),\s+(?P<name>{NAME}),")
TOWN_LEAD_RE = re.compile(r"^(?:A|An|The)\s+(?P<town>[A-Z][\w-]+)(?:-based)?\s+(?:[a-z][\w’'-]*\s+){0,3}(?:service|practice|home|provider|company|surgery|hospital)\b", re.M)
COUNTY_RE = re.compile(r"\b(?P<county>[A-Z][a-z]+shire|Cornwall|Devon|Kent|Essex|Surrey|Norfolk|Suffolk|Cumbria|Merseyside)(?:-based)?\b")
#: "Oak Lodge is a care home …", "Rose Cottage is a 'care home'.", "Ash House is a 'supported
#: living' service": the service an adult social care summary's opening describes.
DESCRIBED_RE = re.compile(rf"^(?:About the service:?[ \t]+)?(?P<name>{NAME})(?:,\s+(?:formerly|previously|also)\s+(?:known as|called)\s+{NAME},)?\s+is\s+(?:a|an)\s+['‘]?(?P<type>(?:[a-z-]+['’]?\s+){{0,3}}(?:agency|home|service|practice|hospital|clinic|scheme))\b", re.M)

#: "Castle Hill Dental Practice is in Hinckley and provides NHS and private treatment …", "Oak
#: Surgery is located in Ashby town centre and provides …": the practice a dental or GP report's
#: background describes by its town and what it provides ("O'Neill & Partners Dental Care": an
#: ampersand between the words of the name).
IN_TOWN_PROVIDES_RE = re.compile(
    rf"^(?P<name>[A-Z][\w'’&-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w'’&-]*)*)[ \t]+is[ \t]+(?:located[ \t]+|based[ \t]+)?in[ \t]+"
    rf"(?P<town>{_TOWN})(?:[ \t]+town[ \t]+centre)?(?:,[ \t]+[A-Z][\w-]+)?[ \t]+and[ \t]+provides\b", re.M)


#: Services named with the provider that runs them, in press releases:
#: "Elmtree Court in Mansfield, run by Elmtree Care Limited,", "Mayfield Nursing Home,
#: run by Mayfield Care (Bolton) Limited, was inspected", "Oak Surgery, provided by Oak
#: Health Partnership, was inspected", "Holt Medical Practice, Holt, which is provided by Holt
#: Medical Partnership," (the town after a comma), "maternity services at
#: Southmere General Hospital, run by Southmere University Hospitals NHS Trust,".
RUN_BY_RE = re.compile(
    rf"(?P<name>{PLAIN_NAME})(?:\s+in\s+(?P<town>{_TOWN})|,[ \t]+(?P<town2>{_TOWN}))?,\s+(?:which is\s+)?(?:run|provided|operated|managed|owned) by\s+(?P<provider>{NAME})"
    r"(?=\s*[,.;]|\s+(?:has|have|was|were|is|as)\b)")
#: The provider named with the service it provides: "Oakdene Healthcare Ltd, the provider of Oakdene
#: Manor in Rugby,", "Sunrise Domiciliary Services Ltd, the registered provider of Sunrise Care Exeter,".
PROVIDER_OF_RE = re.compile(
    rf"(?P<provider>{NAME}),\s+the\s+(?:registered\s+)?provider\s+(?:of|for|at)\s+(?P<name>{PLAIN_NAME})"
    rf"(?:\s+(?:care home|nursing home|residential home|home care agency))?(?:\s+in\s+(?P<town>{_TOWN}))?(?=\s*[,.;])")
#: The service where a provider failed to display its rating, in a release about the penalty: "for
#: failing to display its rating at Smile Bright Dental, Leicester".
PLACE_OF_PROVIDER_RE = re.compile(
    rf"\bdisplay(?:ing)?[ \t]+(?:its|their|the)[ \t]+(?:CQC[ \t]+|current[ \t]+)?ratings?[ \t]+(?:at|for)[ \t]+(?P<name>{PLAIN_NAME})"
    rf"(?:,[ \t]+(?P<town>{_TOWN}))?(?=[ \t]*[,.;])")
#: A service placed on its street in a release ("Bayview House on Kirkley Cliff Road"): the street is no part of its name.
_ON_STREET = (r"[ \t]+on[ \t]+[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,3}[ \t]+"
              r"(?:Road|Street|Lane|Avenue|Way|Close|Drive|Hill|Terrace|Place|Square|Crescent|Gardens|Grove|Row|Parade|Walk)")
#: "Ribble Care Services Limited, which runs Ribblesdale Lodge in Clitheroe,",
#: "Sunrise Living Limited, which runs Oak House care home in Bristol,", "Bayview Care Services
#: Limited, which runs Bayview House on Kirkley Cliff Road, pleaded guilty …".
WHICH_RUNS_RE = re.compile(
    rf"(?P<provider>{NAME}),\s+which (?:runs|operates|provides)\s+(?:the\s+)?(?P<name>{PLAIN_NAME})(?:\s+(?:care home|nursing home|residential home|home care agency))?"
    rf"(?:\s+in\s+(?P<town>{_TOWN}))?(?:{_ON_STREET})?(?=\s*[,.;]|\s+(?:was|has|is)\b)")
#: "Seaview Manor, a care home in Margate run by Coastal Care Homes Ltd,"; the town
#: may be left out: "Seaview Home Care (Bridport), a home care agency run by Seaview Home Care Ltd,";
#: the home's size may come first: "Tre an Dour, a care home for up to 30 people run by … Ltd,".
DESCRIBED_RUN_BY_RE = re.compile(
    rf"(?P<name>{PLAIN_NAME}),\s+(?:a|an)\s+(?:[a-z-]+\s+){{0,3}}(?:home|agency|service|practice|surgery|hospital|clinic)\s+"
    # "a care home for up to 24 people run by …": the home's size before its provider
    rf"(?:for\s+(?:up\s+to\s+)?\d{{1,3}}\s+(?:[a-z]+\s+){{0,2}}?people\s+)?"
    rf"(?:(?:in|based in)\s+(?P<town>{_TOWN}),?\s+)?(?:run|operated|provided)\s+by\s+(?P<provider>{NAME})(?=\s*[,.;])")
#: A list of services with the provider in brackets and the rating after a dash:
#: "• Orchard Surgery, Maidstone (Dr P Shah and Partners) – Outstanding",
#: "• Bright Futures Care, Ipswich (provided by Bright Futures Care Ltd) – rated Good".
LISTED_RE = re.compile(
    rf"^\s*[•*-]\s*(?P<name>{PLAIN_NAME}),\s+(?P<town>{_TOWN})\s+\((?:provided|run) by\s+(?P<provider>[^()]+?)\)|"
    rf"^\s*[•*-]\s*(?P<name2>{PLAIN_NAME}),\s+(?P<town2>{_TOWN})\s+\((?P<provider2>[^()]+?)\)(?=\s*[–-])", re.M)
#: A list of services each with its town and its rating after a dash, the provider said once
#: above it: "• Oak House, Bristol – rated Good", "• Elm Lodge, Bath - Requires improvement".
LISTED_RATED_RE = re.compile(
    rf"^[ \t]*[•*-][ \t]*(?P<name>{PLAIN_NAME}),[ \t]+(?P<town>{_TOWN})[ \t]+[–-][ \t]+(?:rated[ \t]+)?"
    r"(?:Outstanding|Good|Requires[ \t]+[Ii]mprovement|Inadequate)\b", re.M)
#: A hospital a trust release is about: "its emergency department at Eastshire Royal Hospital". Only names ending in Hospital or Infirmary.
#: A capitalised word straight after it means the name goes on ("Royal United Hospital Bath"): no
#: name is taken cut short.
HOSPITAL_AT_RE = re.compile(r"\b(?:at|of)\s+(?P<name>(?:[A-Z][\w'’-]*\s+){1,5}(?:Hospital|Infirmary))\b(?!\s+(?:NHS|Trust))(?![ \t]+[A-Z][a-z])")
#: A hospital named with its town after "Hospital" ("at County Hospital Eastwick, after …",
#: "for Princess Hospital Westford."): the town word ends the name only when a comma, a full stop
#: or a lower-case word follows, and the trust's name ("… Hospital Eastwick NHS Trust") is
#: no hospital. Kept only when the text names the hospital so at least twice (``hospitals_with_town``).
_HOSPITAL_TOWN_RE = re.compile(
    r"\b(?:at|of|for)\s+(?P<name>(?:[A-Z][\w'’-]*\s+){1,5}(?:Hospital|Infirmary)[ \t]+(?!NHS\b|Trust\b|Foundation\b)[A-Z][a-z]+)"
    r"(?=[,.;]|\s+[a-z(])")


def hospitals_with_town(text: str) -> list[str]:
    """Hospitals named with their town, each once, when the text names each so at least twice:
    a name said once may be a hospital's name run on into the words after it."""
    found = [m.group("name") for m in _HOSPITAL_TOWN_RE.finditer(text)]
    return [name for name in dict.fromkeys(found) if found.count(name) >= 2]


def same_but_plural(a: str, b: str) -> bool:
    """Two spellings of one name that differ only by a plural "s" on one word ("Eastshire
    Hospitals NHS Foundation Trust" written "Eastshire Hospital NHS Foundation Trust"
    further down a release or a trust's page; the apostrophe's form is no difference).

    >>> same_but_plural("St Anne's University Hospitals NHS Trust", "St Anne’s University Hospital NHS Trust")
    True
    >>> same_but_plural("Eastshire Hospitals NHS Trust", "Eastshire Hospital NHS Trust")
    True
    >>> same_but_plural("North Hospital NHS Trust", "South Hospital NHS Trust")
    False
    """
    wa, wb = a.replace("’", "'").split(), b.replace("’", "'").split()
    if wa == wb or len(wa) != len(wb):
        return False
    differing = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    return len(differing) == 1 and {differing[0][0], differing[0][1]} in (
        {differing[0][0], differing[0][0] + "s"}, {differing[0][1], differing[0][1] + "s"})
#: Organisations named as the one acted against: "fixed penalty notice of £300 to Smile Bright
#: Dental Care Ltd", "cancelled the registration of Helping Hands At Home (Derby)
#: Limited", "director of Caremark Assist Ltd". Kept only when the
#: name ends like an organisation.
ORGANISATION_NAMED_RE = re.compile(
    # "has told Pendle Vale Care Ltd that it must make urgent improvements"; the provider of the
    # several services a release is about: "reports on three services in Cumbria run by Lindale
    # Healthcare Limited", "all four homes run by Oak Care Ltd"
    # "… against the provider, Sandpiper Care Ltd.", "the appeal brought by Orchard Vale Healthcare Ltd
    # against CQC's decision": the organisation (kept when it ends like one)
    rf"\b(?:notice(?:\s+of\s+£[\d,]+)?\s+to|registration of|director of|prosecuted|fined|(?:has|have)\s+told"
    rf"|the\s+(?:registered\s+)?provider,|appeal\s+(?:brought|lodged|made)\s+by"
    rf"|(?:services|homes|practices|agencies|locations|hospitals)\s+(?:(?:in|across)\s+{_TOWN}\s+)?(?:run|operated|provided|owned)\s+by)\s+(?P<name>{NAME})")


#: The kind of service a release says a named service is, in lower case after its name or in an
#: apposition: "Oak House care home in Bristol", "Willow Court, a care home in Ashford,".
_SERVICE_KIND = (r"(?:(?:GP|dental|residential|nursing|care|home care|domiciliary care|independent|mental health|learning disability)[ \t]+)?"
                 r"(?:care home|nursing home|residential home|home care agency|care agency|practice|surgery|hospital|clinic|hospice|"
                 r"service|home|agency|centre|unit|scheme)(?![\w'’-])")
#: A named service as a release's lead names it, with what it says of it: "Oak House care home in
#: Bristol", "Beech Surgery in Dorton", "Willow Court, a care home in Ashford, Kent,", "Oak House,
#: in Bristol,", "Oak House, run by Sunrise Living Limited,", "Oak House, which is run by Sunrise
#: Living Limited,", "Willow Court, in Ashford, run by Kent Care Ltd,", "Oak Home Care, which
#: provides care to people in their own homes across Exeter,". Read only where a release names its
#: subject (``SERVICE_LEAD_RE``) or opens a sentence with it (``_SUBJECT_VERB_RE``).
SERVICE_PHRASE_RE = re.compile(
    rf"(?P<name>{PLAIN_NAME})"
    rf"(?:[ \t]+(?P<kind>{_SERVICE_KIND}))?"
    rf"(?:,?[ \t]+(?:an?[ \t]+(?P<kind2>(?:[a-z-]+[ \t]+){{0,2}}{_SERVICE_KIND})[ \t]+)?(?:in|based in)[ \t]+(?P<town>{_TOWN})(?:,[ \t]+(?P<county>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)(?=,))?)?"
    rf"(?:,?[ \t]+(?:which[ \t]+is[ \t]+)?(?:run|operated|provided|managed|owned)[ \t]+by[ \t]+(?P<provider>{NAME}))?"
    # "Oak Home Care, which provides care to people in their own homes across Exeter,": what it
    # does, between commas (a hard-wrapped line within it)
    r"(?:,[ \t]+(?P<which>which[ \t]+(?:provides|offers|delivers|supports|cares[ \t]+for|looks[ \t]+after)\b(?:[^,.;\n]|\n(?![ \t]*\n)){3,160}(?=,)))?"
    r"(?P<close>,)?")
#: Where a release names the service it is about: "The Care Quality Commission has rated …",
#: "CQC rates …", "an inspection of/at …", "One practice, …", "A care home, …", "has placed …
#: into special measures", "must make improvements at …", "People living at …".
SERVICE_LEAD_RE = re.compile(
    r"\b(?:has|have|had)[ \t]+(?:now[ \t]+|also[ \t]+)?rated[ \t]+|\bCQC[ \t]+rates[ \t]+|"
    r"\b(?:has|have|had)[ \t]+placed[ \t]+(?=[A-Z])|\b(?:improvements?|action)[ \t]+at[ \t]+(?=[A-Z])|"
    r"\b(?:[Pp]eople|[Rr]esidents|[Pp]atients)[ \t]+(?:living|staying|cared[ \t]+for|treated)[ \t]+at[ \t]+(?=[A-Z])|"
    r"\binspections?[ \t]+(?:of|at)[ \t]+|\brating[ \t]+(?:for|of)[ \t]+(?=[A-Z])|\b(?:CQC|Commission|[Ii]nspectors)[ \t]+(?:inspected|visited)[ \t]+|"
    rf"\b(?:One|A|An|The)[ \t]+{_SERVICE_KIND},[ \t]+(?=[A-Z])")
#: What a capitalised phrase after "rated" may be instead of a name: a key question, a pronoun.
_NOT_A_SERVICE = re.compile(r"^(?:An?[ \t]+|(?:The[ \t]+)?(?:Safe|Effective|Caring|Responsive|Well|It|Its|This|These|That|Them|CQC|Care Quality Commission|Inspectors?|Overall|Following|After|In|On|At|Inadequate|Good|Outstanding|Requires)\b)")


def named_services(text: str) -> list[tuple[str, str, str | None, str | None]]:
    """``(words as written, with the comma closing them, name, town, provider)`` for each service a release's lead names,
    the name marked as a service's by what follows it (its kind, its town, its provider, or the
    rating "as …" straight after "has rated"). A name alone, unmarked, is none.

    >>> [n[1:] for n in named_services("The Care Quality Commission has rated Oak House care home in Bristol as inadequate.")]
    [('Oak House', 'Bristol', None)]
    >>> [n[1:] for n in named_services("One practice, Beech Surgery in Dorton, has been taken out of special measures.")]
    [('Beech Surgery', 'Dorton', None)]
    >>> [n[1:] for n in named_services("CQC has rated Willow Court, a care home in Ashford, Kent, as requires improvement.")]
    [('Willow Court', 'Ashford', None)]
    >>> named_services("CQC has rated Safe and Well-led as good.")
    []
    """
    out = _subjects_named(text)
    out += [(m.group(0), clean(m.group("name")), m.group("town"), None) for m in LISTED_RATED_RE.finditer(text)
            if not _NOT_A_SERVICE.match(m.group("name")) and len(clean(m.group("name"))) > 3]
    for lead in SERVICE_LEAD_RE.finditer(text):
        m = SERVICE_PHRASE_RE.match(text, lead.end())
        if not m or _NOT_A_SERVICE.match(m.group("name")):
            continue
        # a lower-case kind alone marks a name of two words or more: "Bristol care home" is a town's home
        marked = ((m.group("kind") and " " in m.group("name").strip()) or m.group("kind2") or m.group("town") or m.group("provider")
                  or m.group("which"))
        rated_as = not m.group("kind") and _RATED_AS_RE.match(text, m.end()) and re.search(r"rate", lead.group(0))
        if not (marked or rated_as) or (m.group("town") and not (m.group("close") or _ENDS_PHRASE.match(text, m.end()))):
            continue
        name = clean(m.group("name"))
        if len(name) > 3 and m.group(0) not in [words for words, *_rest in out]:
            out.append((m.group(0), name, m.group("town"), clean(m.group("provider")) if m.group("provider") else None))
    return out


#: A sentence (or its clause after a comma or "that") opening with a named service as its subject:
#: "Oak House care home in Bristol has been rated Outstanding", "Willow Court, in Ashford, has been
#: placed into special measures", "CQC has found that Oak House care home in Bristol has improved".
_SENTENCE_START_RE = re.compile(r"(?:^|(?<=[.!?,])[ \t]+|(?<=\bthat)[ \t]+|(?<=\band)[ \t]+)(?=[A-Z])", re.M)
#: A name that says itself what kind of service it is: "Eastshire General Hospital", "Elm Tree Surgery".
_SERVICE_NAME_END_RE = re.compile(r"\b(?:Hospital|Infirmary|Surgery|Medical Centre|Health Centre|Care Home|Nursing Home|Hospice|Clinic)$")
_SUBJECT_VERB_RE = re.compile(
    r"[ \t]*(?:has|have|had|was|is)[ \t]+(?:now[ \t]+|also[ \t]+|been[ \t]+|again[ \t]+)*"
    r"(?:rated|retained|kept|placed|improved|moved|dropped|declined|downgraded|upgraded|told|taken|come|exited)\b")


def _subjects_named(text: str) -> list[tuple[str, str, str | None, str | None]]:
    """The named services that open a sentence or clause as what it rates or acts on
    (``_SUBJECT_VERB_RE``), marked by their kind (two words or more), town or provider, or by a
    name that ends in its kind ("Eastshire General Hospital was rated good")."""
    out: list[tuple[str, str, str | None, str | None]] = []
    for start in _SENTENCE_START_RE.finditer(text):
        m = SERVICE_PHRASE_RE.match(text, start.end())
        if not m or _NOT_A_SERVICE.match(m.group("name")):
            continue
        if not _SUBJECT_VERB_RE.match(text, m.end()):
            continue
        marked = ((m.group("kind") and " " in m.group("name").strip()) or m.group("kind2") or m.group("town") or m.group("provider")
                  or m.group("which") or _SERVICE_NAME_END_RE.search(m.group("name"))
                  or (" " in m.group("name").strip() and _RATED_OVERALL_RE.match(text, m.end())))
        name = clean(m.group("name"))
        if marked and len(name) > 3:
            out.append((m.group(0), name, m.group("town"), clean(m.group("provider")) if m.group("provider") else None))
    return out


#: A name of two words or more rated overall as a sentence's subject: "Linden Court has been
#: rated Good overall by the Care Quality Commission", "Elm Bank is now rated Outstanding overall".
_RATED_OVERALL_RE = re.compile(
    r"[ \t]+(?:has|have|is|was)[ \t]+(?:now[ \t]+|also[ \t]+|again[ \t]+)*(?:been[ \t]+)?rated[ \t]+(?:as[ \t]+)?"
    r"(?:inadequate|requires[ \t]+improvement|good|outstanding)[ \t]+overall\b", re.I)
#: The rating straight after a name that "has rated" leads: "has rated Oak House as inadequate",
#: "has rated Oak House Care Home inadequate".
_RATED_AS_RE = re.compile(r"[ \t]+(?:as[ \t]+)?(?:inadequate|requires[ \t]+improvement|good|outstanding)\b", re.I)
#: A town ends a service's phrase when a comma, a full stop, "as", "has" or another verb, a date's
#: preposition ("on 12 March") or the rating ("has rated Oak House care home in Bristol inadequate") follows.
_ENDS_PHRASE = re.compile(
    r"[ \t]*(?:[.;]|[ \t]+(?:as|has|have|is|was|were|are|had|and|following|after|for|to|into|went|remains|remained|on|in|between|during|"
    r"inadequate|good|outstanding|requires)\b)", re.I)


#: Services rated together, each its own subject: "Oak House, Elm Lodge and Ash Court were all rated
#: good following inspections in May 2023", "Oak House and Elm Lodge have both been rated outstanding".
_RATED_TOGETHER_RE = re.compile(
    rf"(?:^|(?<=[.!?:])[ \t]+)(?P<list>{PLAIN_NAME}(?:,[ \t]+{PLAIN_NAME})*,?[ \t]+and[ \t]+{PLAIN_NAME})[ \t]+"
    r"(?:were|are|have[ \t]+been|had[ \t]+been)[ \t]+(?:all[ \t]+|each[ \t]+|both[ \t]+)?(?:been[ \t]+)?(?:now[ \t]+)?rated\b[^.\n]*", re.M)


def rated_together(text: str) -> list[tuple[list[str], str]]:
    """``(names, sentence)`` for each sentence rating several named services at once, each a
    subject of the rating (``_RATED_TOGETHER_RE``); a list holding a pronoun or a count is none.

    >>> rated_together("Oak House, Elm Lodge and Ash Court were all rated good.")
    [(['Oak House', 'Elm Lodge', 'Ash Court'], 'Oak House, Elm Lodge and Ash Court were all rated good')]
    """
    out: list[tuple[list[str], str]] = []
    for m in _RATED_TOGETHER_RE.finditer(text):
        names = [clean(n) for n in re.split(r",[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+", m.group("list"))]
        if len(names) >= 2 and all(len(n) > 3 and not _NOT_A_SERVICE.match(n) for n in names):
            out.append((names, m.group(0).strip()))
    return out


#: A summary's opening names the service and its provider: "Turner Diagnostic Centre is
#: operated by Alliance Medical Limited.", "Claire House Children's Hospice is operated by Claire
#: House.", "… Children's Hospice is provided by Shooting Star Chase, which is a registered
#: charity". The service's name opens the sentence.
OPERATED_BY_RE = re.compile(
    rf"(?:^|(?<=[.!?:][ \t]))[ \t]*(?P<name>{NAME})[ \t]+(?:is|was)[ \t]+(?:operated|run|ran|provided)[ \t]+by[ \t]+(?P<provider>{NAME})"
    r"(?=[ \t]*[,.;(]|[ \t]+(?:and|which|who)\b)", re.M)


#: A letter's pointer to the location's reports: "by selecting the ‘all reports’ link for Radbrook
#: Green on our website" (the name ends before "on our website": a name cut off by the excerpt is
#: no name).
REPORTS_LINK_RE = re.compile(
    rf"\ball reports['’]?[ \t]+link[ \t]+for[ \t]+(?P<name>{NAME})[ \t]+on[ \t]+our[ \t]+website\b")


def reports_link(text: str) -> str | None:
    """The location a letter's "'all reports' link for X on our website" names, else None.

    >>> reports_link("can be found by selecting the ‘all reports’ link for Radbrook Green on our website at .")
    'Radbrook Green'
    >>> reports_link("by selecting the ‘all reports’ link for Urgent Care Cen") is None
    True
    """
    m = REPORTS_LINK_RE.search(text)
    return clean(m.group("name")) if m else None


#: An inspection report's own statement of what was inspected: "We carried out an announced
#: comprehensive inspection at PrivateDoc Limited on 1 July 2019", "We undertook a focused
#: follow-up inspection of Richardsons Dental Practice on 20 July 2021", "We carried out this
#: assessment of Chalkhill Family Practice between …" (an assessment as an inspection), "We carried out an
#: announced focused inspection of London Professional Aesthetics (the service) on 30 August
#: 2023". The name ends where the sentence goes on (a date, "as part of", "under", a bracket).
INSPECTION_OF_RE = re.compile(
    rf"(?:\b(?:[Ww]e|CQC|[Ii]nspectors)[ \t]+(?:(?:previously|also|last|first|recently|then)[ \t]+)?"
    rf"(?:carried[ \t]+out|undertook|conducted|completed)[ \t]+(?:an?|this)[ \t]+"
    rf"(?:[a-z-]+[ \t]+){{0,4}}(?:inspection|assessment)[ \t]+(?:at|of)"
    # "This was an unannounced inspection of Oak Lodge on 3 May 2023", "Our inspection of Oak
    # Lodge took place on …", "The inspection of Oak Lodge was carried out on …", "This announced
    # inspection took place at Oak Lodge on …"
    rf"|\bThis[ \t]+was[ \t]+an?[ \t]+(?:[a-z-]+[ \t]+){{0,4}}inspection[ \t]+(?:at|of)"
    rf"|\b(?:Our|This|The)[ \t]+(?:[a-z-]+[ \t]+){{0,3}}inspection[ \t]+of(?=[ \t]+[A-Z][^.]{{2,80}}?[ \t]+(?:took[ \t]+place|was[ \t]+(?:carried[ \t]+out|undertaken|unannounced|announced))\b)"
    rf"|\b(?:This|The|Our)[ \t]+(?:[a-z-]+[ \t]+){{0,3}}inspection[ \t]+took[ \t]+place[ \t]+at"
    # "We inspected Oak Lodge on 3 May 2023", "We visited Oak Lodge on 3 May 2023 to …"
    rf"|\bWe[ \t]+(?:inspected|visited))"
    rf"[ \t]+(?P<name>{PLAIN_NAME})"
    r"(?=[ \t]*[,.;(]|[ \t]+(?:on|in|as|under|to|between|from|during|over|took|was)\b)")
#: First words that make the match no name ("inspection of This service", "of Section 60").
_NOT_A_NAME = ("This", "These", "That", "It", "Its", "Our", "Section", "Regulation", "The service",
               "The practice", "The provider", "The home", "The trust")


def inspected(text: str) -> str | None:
    """The name an inspection report says it inspected, else the service its opening describes
    ("Shared Lives is a shared lives scheme which …", "About the service Options for Supported
    Living is a supported living service …": adult social care summaries), else None.

    >>> inspected("We undertook a focused follow-up inspection of Richardsons Dental Practice on 20 July 2021.")
    'Richardsons Dental Practice'
    >>> inspected("We carried out an announced comprehensive inspection at PrivateDoc Limited as part of our programme.")
    'PrivateDoc Limited'
    >>> inspected("We carried out an inspection of This Service on 2 May 2019.") is None
    True
    """
    for m in INSPECTION_OF_RE.finditer(text):
        name = clean(m.group("name"))
        if name.startswith(_NOT_A_NAME) or re.search(r"['’]s$", name) or len(name) < 4 or _NOT_A_SERVICE.match(name):
            continue
        if m.group(0).startswith("We") and re.match(r"We[ \t]+(?:inspected|visited)", m.group(0)) and (
                P.CORE_SERVICE_RE.match(name) or P.KQ_RE.match(name)):
            continue  # "We inspected Urgent and emergency care …": a core service, not a place
        return name
    return described(text)


def described(text: str) -> str | None:
    """The service an adult social care summary's opening describes ("Shared Lives is a shared
    lives scheme which …", "About the service Options for Supported Living is a supported living
    service …"), else None.

    >>> described("About the service\\n\\nBeechfields is a care home providing nursing care.")
    'Beechfields'
    >>> described("Background\\n\\nO'Neill & Partners Dental Care is in Kettering and provides NHS dental care.")
    "O'Neill & Partners Dental Care"
    """
    for pattern in (DESCRIBED_RE, IN_TOWN_PROVIDES_RE):
        for m in pattern.finditer(text[:2500] if pattern is DESCRIBED_RE else text[:6000]):
            name = clean(m.group("name"))
            if name.startswith(_NOT_A_NAME) or name.startswith(("CQC", "A ", "An ")) or len(name) < 4:
                continue
            return name
    return None


#: The provider after a known service's "is operated by": any words up to the end of its clause,
#: so that a name with figures, a slash or its town in brackets is whole ("1st Choice Care 4 U
#: Ltd", "Oak Care (Leeds) Limited"); a short name in brackets after it is no part of it.
_PROVIDER_AFTER_RE = (r"(?P<provider>[A-Z0-9][^\n.,;:!?]{1,100}?)(?:[ \t]+\([A-Z]{2,10}\))?"
                      r"(?=[ \t]*[.,;:]|[ \t]+(?:and|which|who|is|has|was)\b)")


def operated_by(text: str, name: str | None = None) -> tuple[str, str] | None:
    """(service, provider) a summary's "X is operated by Y" names, else None. With the service's
    ``name`` known (its page's title), the sentence opening with that name as the title writes it
    is read first: a name the shared name pattern cannot hold whole ("Oak Lodge - Leeds", "Ash
    Care Ltd t/a Ash House") still gives its provider.

    >>> operated_by("Turner Diagnostic Centre is operated by Alliance Medical Limited. The service offers scans.")
    ('Turner Diagnostic Centre', 'Alliance Medical Limited')
    >>> operated_by("Oak Lodge - Leeds is operated by 1st Choice Care 4 U Ltd. It has 20 beds.", "Oak Lodge - Leeds")
    ('Oak Lodge - Leeds', '1st Choice Care 4 U Ltd')
    >>> operated_by("This is managed by the provider as one service.") is None
    True
    """
    if name:
        spelt = re.sub(r"['’]", "['’]", re.escape(name)).replace(r"\ \-\ ", r"[ \t]+[–-][ \t]+")
        known = re.search(rf"(?:^|(?<=[.!?:][ \t]))[ \t]*{spelt}[ \t]+(?:is|was)[ \t]+(?:operated|run|ran|provided)[ \t]+by[ \t]+"
                          + _PROVIDER_AFTER_RE, text, re.M)
        if known:
            return name, clean(known.group("provider"))
    m = OPERATED_BY_RE.search(text)
    if not m or m.group("name").split()[0] in ("This", "It", "The", "There"):
        return None
    return clean(m.group("name")), clean(m.group("provider"))


_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"


def acronyms_of(name: str, text: str) -> tuple[str, ...]:
    """The short names ``text`` gives ``name`` in brackets straight after it: "is ran by East
    Anglia’s Children’s Hospices (EACH)" names the provider EACH too.

    >>> acronyms_of("East Anglia’s Children’s Hospices", "is ran by East Anglia’s Children’s Hospices (EACH) and")
    ('EACH',)
    >>> acronyms_of("Claire House", "is operated by Claire House.")
    ()
    """
    found = re.findall(re.escape(name) + r"[ \t]+\(([A-Z]{2,10})\)", text)
    return tuple(dict.fromkeys(found))


def clean(name: str) -> str:
    name = re.sub(r"\s+\([A-Z]+\)$", "", " ".join(name.split()))
    # "Oak House in April and May": a date is not part of a name
    name = re.sub(rf"\s+(?:in|on|at|during)\s+{_MONTHS}\b.*$", "", name)
    return re.sub(r"^The\s+(?=[A-Z][\w-]*\s+(?:of|NHS)\b)", "", name) if "NHS" in name else name


def is_organisation(name: str) -> bool:
    return bool(ORGANISATION_RE.search(name.strip()))
