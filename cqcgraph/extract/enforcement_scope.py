"""Whether an enforcement word that a sentence contains states an action taken on the document's
own subject, as data: ``(family, pattern)`` tables of CQC's wordings that name enforcement without
stating one (round-ups of other services, national statistics, a general rule, a step that may
follow, an action withdrawn or overturned on appeal).

``prose.actions_in_sentence`` asks these once it has found an enforcement word, so a sentence
without one costs nothing here. Imports only the standard library and ``patterns``.
"""

from __future__ import annotations

import re

from cqcgraph.extract import patterns as P

#: The kinds of service CQC counts in its round-ups ("five services", "12 care homes", "three of
#: the five practices"), singular or plural.
_SERVICE_NOUN = (r"(?:services?|providers?|practices?|(?:care\s+|nursing\s+|residential\s+)?homes?|trusts?|locations?|"
                 r"hospitals?|agenc(?:y|ies)|clinics?|surgeries|surgery|hospices?|organisations?|companies|company|"
                 r"registrations?|dentists?|pharmacies|pharmacy)")
#: A service noun that names the service, not its people ("service users", "practice staff",
#: "home manager" are people).
_SERVICE_ITSELF = _SERVICE_NOUN + r"\b(?!\s+(?:users?|staff|managers?|teams?|leads?|owners?)\b)"
#: What may stand between a count and its service noun: the kind of service ("GP", "adult social
#: care", "NHS", "home care", "dental").
_SERVICE_KIND = (r"(?:(?:other|more|further|different|separate|adult|social|care|GP|NHS|dental|independent|home|homecare|"
                 r"domiciliary|mental|health|acute|ambulance|community|private|registered|individual|out-of-hours)\s+){0,3}")
#: A number of services: "five services", "12 care homes", "three of the five practices", "more
#: than 100 GP practices", "a number of providers", "dozens of homes". "its three locations", "the
#: trust's two hospitals" are the subject's own, and a count of the services one provider runs,
#: named after it ("three care homes run by Sunrise Care Ltd"), is the subject of a release about
#: them: neither is counted.
_COUNTED_RE = re.compile(
    r"(?<!\bits )(?<!\btheir )(?<!['’]s )(?<!\bboth )"
    r"\b(?P<vague>(?:more\s+than|over|nearly|almost|around|about|at\s+least|some|a\s+further|another)\s+)?"
    r"(?P<n>\d[\d,]*|" + "|".join(k for k in P.NUMBER_WORDS if len(k) > 3 or k in ("two", "six", "ten")) + r"|"
    r"several|many|(?:dozens|hundreds|thousands|a\s+number|a\s+handful|a\s+series)\s+of)\s+"
    r"(?P<partitive>of\s+(?:the|these|those|our)\s+(?:\w+\s+)?)?" + _SERVICE_KIND + r"(?=(?:" + _SERVICE_NOUN + r")\b)"
    r"(?:services|providers|practices|(?:care\s+|nursing\s+|residential\s+)?homes|trusts|locations|hospitals|agencies|"
    r"clinics|surgeries|hospices|organisations|companies|registrations|dentists|pharmacies)\b"
    r"(?!\s+(?:(?:all|both)\s+)?(?:run|owned|operated|managed|provided)\s+by\s+[A-Z])", re.I)
#: Words that make even a small count of services a round-up: "other", "last year", "so far",
#: "in total", "since 2015", "previously".
_ROUND_UP_CUE_RE = re.compile(
    r"\b(?:other|last\s+year|so\s+far|in\s+total|since\s+(?:19|20)\d\d|nationally|across\s+England|"
    r"previously|in\s+the\s+past|over\s+the\s+(?:past|last)|in\s+recent\s+(?:years|months))\b", re.I)


#: A count of what the subject runs: "…, which ran five services", "the provider runs 12 homes".
_RUNS_RE = re.compile(r"\b(?:ran|runs|run|operat(?:es|ed)|owns|owned|provides|provided|has|had|manag(?:es|ed))\s+(?:\w+\s+)?$", re.I)


def _round_up(sentence: str) -> bool:
    """Whether a sentence counts services as a round-up does: a vague or partitive count, five or
    more, or a small count with a round-up's words ("two other homes", "last year … two services")."""
    for m in _COUNTED_RE.finditer(sentence):
        if _RUNS_RE.search(sentence[max(0, m.start() - 40): m.start()]):
            continue  # "Sunrise Care Ltd, which ran five services": what the subject runs
        word = m.group("n").lower().replace(",", "")
        n = int(word) if word.isdigit() else P.NUMBER_WORDS.get(word)
        if m.group("vague") or m.group("partitive") or n is None or n >= 5 or _ROUND_UP_CUE_RE.search(sentence):
            return True
    return False


#: Services other than the document's: "Other providers … were issued with warning notices",
#: "another home run by the same provider", "the remaining services", and one of several named
#: apart from the document's subject: "We placed one of them, Holly Court, in special measures".
_OTHER_SUBJECT_RE = re.compile(r"\b(?:other|another|remaining)\s+" + _SERVICE_KIND + _SERVICE_ITSELF + "|"
                               r"\bone\s+of\s+(?:them|these|those|its\s+other\s+\w+)\s*,\s*(?-i:[A-Z])", re.I)

#: A service the text names as another one of the provider's, apart from its subject: "We placed
#: one of them, Holly Court, in special measures", "Meridian Residential Ltd also ran Ivy Croft, a
#: care home nearby", "the provider's other home, Elm Lodge,".
_NAME = r"(?P<name>(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+)){0,3})"
_OTHER_NAMED_RE = re.compile(
    r"\b(?:one\s+of\s+(?:them|these|those)\s*,|(?:other|another)\s+" + _SERVICE_KIND + _SERVICE_ITSELF + r"\s*,|"
    r"\balso\s+(?:ran|runs|run|operated|operates|owned|owns|managed|manages))\s+" + _NAME + r"\s*,", re.I)


def other_services_named(sentences: list[str]) -> list[str]:
    """The names of services other than the subject that ``sentences`` introduce (``_OTHER_NAMED_RE``).

    >>> other_services_named(["Meridian Residential Ltd also ran Ivy Croft, a care home nearby."])
    ['Ivy Croft']
    >>> other_services_named(["We placed one of them, Holly Court, in special measures."])
    ['Holly Court']
    """
    return list(dict.fromkeys(m.group("name") for s in sentences for m in _OTHER_NAMED_RE.finditer(s)))


def about_named_other(sentence: str, others: list[str]) -> bool:
    """Whether a sentence binds its enforcement to one of ``others`` ("… on the provider's
    registration at Holly Court", "… cancelled the provider's registration for Ivy Croft").

    >>> about_named_other("We also imposed conditions on the provider's registration at Holly Court.", ["Holly Court"])
    True
    >>> about_named_other("We imposed conditions on the provider's registration.", ["Holly Court"])
    False
    """
    return any(re.search(r"\b(?:at|for|of|in\s+relation\s+to|in\s+respect\s+of)\s+" + re.escape(name) + r"\b", sentence)
               for name in others)


#: Enforcement counted as a tally, not as the steps taken on one service: a count of twenty or
#: more actions of a kind ("1,096 warning notices", "74 fixed penalty notices"), or any count with
#: a period or a share of a total ("In 2020/21 we issued 36 fixed penalty notices", "one of 19
#: prosecutions CQC brought in the last year").
_TALLIED_RE = re.compile(
    r"\b(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:(?:urgent|formal|new|further|civil|criminal|simple|successful)\s+)?"
    r"(?:warning\s+notices|requirement\s+notices|decisions\s+to\s+(?:impose|cancel|suspend)|suspensions|cancell?ations|"
    r"prosecutions|fixed\s+penalty\s+notices|enforcement\s+actions|cautions|notices\s+of\s+(?:proposal|decision))\b", re.I)
_TALLY_PERIOD_RE = re.compile(
    r"\b(?:in|during|for)\s+(?:19|20)\d\d\s*(?:/|-|–|to)\s*(?:19|20)?\d\d\b|\b(?:in\s+)?(?:the\s+)?(?:last|past|this)\s+"
    r"(?:financial\s+)?(?:year|12\s+months)\b|\bone\s+of\s+(?:the\s+)?\d", re.I)


def _tallied(sentence: str) -> bool:
    """Whether a sentence counts actions as a tally does (``_TALLIED_RE``).

    >>> _tallied("These included 1,096 warning notices and 168 cancellations of registration.")
    True
    >>> _tallied("We issued two warning notices and three requirement notices.")
    False
    """
    for m in _TALLIED_RE.finditer(sentence):
        if int(m.group("n").replace(",", "")) >= 20 or _TALLY_PERIOD_RE.search(sentence):
            return True
    return False

#: Others as those a message is for, not those acted on: "We hope this prosecution sends a clear
#: message to other providers", "a reminder to all providers".
_MESSAGE_TO_RE = re.compile(r"\b(?:message|signal|lesson|reminder|warning|example)\s+(?:\w+\s+){0,3}?(?:to|for)\s+(?:all\s+|any\s+)?$", re.I)

#: A plural class of services (with a round-up's or a statistic's words in the same sentence):
#: "Nationally, care homes placed in special measures …", "In total, we have taken action against
#: providers …".
_PLURAL_SERVICES_RE = re.compile(
    r"\b(?:services|providers|practices|homes|trusts|locations|hospitals|agencies|clinics|hospices|organisations)\b", re.I)
_STATISTIC_RE = re.compile(
    r"\b(?:in\s+total|nationally|national\s+(?:figures|data|statistics)|across\s+(?:England|the\s+country|the\s+sector)|"
    r"so\s+far\s+this\s+year|per\s+cent\s+of|the\s+number\s+of|(?:the\s+)?majority\s+of|(?:thirds?|quarters?|half)\s+of)\b|%", re.I)

#: A general rule about what happens to any provider, not an action on this one: "Today's
#: proposals set out when a provider is placed into special measures", "Services placed in
#: special measures will be inspected again within six months", "Where a service is in special
#: measures …", "A warning notice is a formal notice that …".
_GENERAL_RULE_RE = re.compile(
    r"\b(?:when|where|once|whenever|before|until)\s+(?:a|an|any)\s+(?:\w+\s+){0,2}?" + _SERVICE_ITSELF + "|"
    # "any provider", "each service" ("each service user's care plan" is about people)
    r"\b(?:any|every|each)\s+" + _SERVICE_ITSELF + "|"
    # a class of services, with no count or name before it: "Services placed in special measures
    # will be inspected again", "providers that fail to improve"
    r"(?:^|[,;:(]\s*|\b(?:that|and|but|where|when|of|for|all|most|many|some)\s+)(?:(?-i:[a-z]+)\s+){0,2}?"
    r"(?:services|providers|practices|homes|trusts)\s+(?:that|which|who|placed|put|rated)\b|"
    r"^\W*(?:A|An)\s+(?:section\s+29A\s+)?(?:warning\s+notice|requirement\s+notice|notice\s+of\s+(?:proposal|decision)|"
    r"condition|fixed\s+penalty\s+notice|simple\s+caution)\s+(?:is|are|means|gives|sets\s+out|tells|requires)\b|"
    # a guidance page's question, heading or link: "What is a warning notice?", "Why are services
    # placed in special measures?", "How we use fixed penalty notices", "Find out more about
    # warning notices and how we use them"
    r"^\W*(?:What|Why|How|When|Who|Which)\b[^.!]*\?\s*$|^\W*How\s+(?:we|CQC)\s+(?:uses?|takes?|decides?)\b|"
    r"\b(?:find\s+out|read|learn)\s+more\s+about\b|"
    # how notices are used, in the present tense of a rule: "Requirement notices are issued when we
    # find a breach", "We issue requirement notices where providers are in breach of regulations"
    r"\b(?:requirement|warning)\s+notices\s+are\s+(?:\w+\s+)?(?:issued|served|used|given)\s+(?:when|where|if|to\s+providers)\b|"
    r"\bwe\s+(?:(?:usually|normally|generally|only)\s+)?(?:issue|serve|use)\s+(?:requirement|warning)\s+notices\s+(?:when|where|if|to\s+tell)\b|"
    # any service, as a guidance page speaks of it: "A service placed in special measures will be
    # inspected again within six months", "A service comes out of special measures when …"
    r"^\W*(?:A|An)\s+(?:[\w-]+\s+){0,2}?" + _SERVICE_ITSELF + r"\s+(?:placed|put|rated)\b[^.;]*?\b(?:will|must|can|should)\b|"
    r"^\W*(?:A|An)\s+(?:[\w-]+\s+){0,2}?" + _SERVICE_ITSELF + r"\s+(?:comes|goes|is\s+taken|will\s+come)\s+out\s+of\b", re.I)

#: A step that may come, stated right after the enforcement word it is about: "Cancellation of
#: the provider's registration could follow", "A warning notice would be served if …", "special
#: measures may be considered". Only a few words of the action's own phrase may stand between
#: them, so "placed in special measures and will be inspected again" stays an action.
_MAY_FOLLOW_RE = re.compile(
    r"^[\s\"”’')]*(?:(?!and\b|but\b|while\b|which\b|who\b|that\b|because\b|after\b|when\b)[\w'’()-]+\s+){0,4}?"
    r"(?:could|may|might|would|can)\s+(?:also\s+|then\s+|now\s+)?(?:be|follow|result|lead|include|mean|happen|take\s+place|apply)\b|"
    r"^[\s\"”’')]*(?:(?!and\b|but\b|while\b|which\b|who\b|that\b|because\b|after\b|when\b)[\w'’()-]+\s+){0,4}?"
    r"will\s+(?:follow|result|be\s+(?:served|issued|imposed|considered|taken|used|sought|brought))\b", re.I)

#: An appeal against an action that succeeded: "the tribunal allowed the provider's appeal", "the
#: provider won its appeal", "the decision was overturned on appeal". "The provider did not appeal"
#: and "the tribunal dismissed the appeal" undo nothing.
_APPEAL_WON_RE = re.compile(
    r"\b(?:(?:allowed|upheld)\s+(?:the\s+|its\s+|their\s+|an\s+)?(?:provider['’]s\s+|company['’]s\s+|trust['’]s\s+)?appeal|"
    r"appeal\s+(?:was|has\s+been|had\s+been)\s+(?:allowed|upheld|successful)|won\s+(?:its|their|an?|the)\s+appeal|"
    r"successfully\s+appealed|overturned|quashed|set\s+aside)\b", re.I)
#: An action withdrawn or dropped: "The warning notice was later withdrawn", "we withdrew the
#: proposal", "CQC decided not to proceed with the cancellation"; the action named around the
#: words. A provider withdrawing its own appeal or representations undoes nothing.
_WITHDRAWN_RE = re.compile(
    # ("We have decided not to serve the warning notice", "CQC decided not to pursue the
    # cancellation": the notice a letter's title or an earlier sentence named, not taken)
    r"\b(?:withdr[ae]wn?|withdrew|rescinded|revoked|did\s+not\s+(?:go\s+ahead|proceed)|decided\s+not\s+to\s+proceed|"
    r"decided\s+not\s+to\s+(?:serve|issue|impose|pursue)(?=\s+(?:the|this|that|these|those|our)\b))\b"
    r"(?!\s+(?:its|their|the|an|his|her)\s+(?:own\s+)?(?:appeal|representations|objection|application))", re.I)
_ACTION_NOUN_RE = re.compile(
    r"\b(?:notices?|proposal|decision|conditions?|suspension|cancell?ation|prosecution|charges?|special\s+measures)\b", re.I)
#: The action a sentence says was undone when it names it only by a noun: "The notice was later
#: withdrawn", "we withdrew the proposal", "The decision was overturned on appeal".
UNDONE_REFERENCE_RE = re.compile(
    r"\b(?:the|this|that|these|those|our|its|CQC['’]s)\s+(?:[\w-]+\s+){0,3}?(?:notices?|decision|proposal|conditions?|action|"
    r"suspension|cancell?ation|charges?|prosecution)\b", re.I)


#: Words one of which every undoing sentence holds (``_APPEAL_WON_RE``, ``_WITHDRAWN_RE``).
_UNDONE_WORDS = ("withdr", "rescind", "revoked", "overturn", "quash", "set aside", "appeal", "proceed", "go ahead", "decided not to")


def refers_back(sentence: str) -> bool:
    """Whether a sentence that undoes an action means one stated before it: it names it by a
    definite noun ("The notice was later withdrawn") or an appeal against it succeeded.

    >>> refers_back("The notice was later withdrawn.")
    True
    >>> refers_back("A charge against the home's former manager was withdrawn before trial.")
    False
    """
    return bool(UNDONE_REFERENCE_RE.search(sentence) or _APPEAL_WON_RE.search(sentence))


def undone(sentence: str) -> bool:
    """Whether a sentence says an action was withdrawn or overturned on appeal.

    >>> undone("The warning notice was later withdrawn after the provider made representations.")
    True
    >>> undone("The provider appealed and the tribunal allowed the appeal.")
    True
    >>> undone("The provider withdrew its appeal and the cancellation took effect.")
    False
    >>> undone("The provider did not appeal, and the cancellation took effect on 2 March 2020.")
    False
    >>> undone("We have decided not to serve the warning notice.")
    True
    """
    low = sentence.lower()
    if not any(w in low for w in _UNDONE_WORDS):
        return False  # the gate: most sentences undo nothing, and cost no expression here
    if _APPEAL_WON_RE.search(sentence):
        return True
    for m in _WITHDRAWN_RE.finditer(sentence):
        around = sentence[max(0, m.start() - 100): m.start()] + " " + sentence[m.end(): m.end() + 40]
        if _ACTION_NOUN_RE.search(around):
            return True
    return False


#: The families, in the order they are asked: each names what a sentence does instead of stating
#: an action taken on the document's subject.
SENTENCE_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("round-up: other services than the document's ('Other providers were issued with warning notices')", _OTHER_SUBJECT_RE),
    ("general rule: what happens to any provider ('when a provider is placed in special measures')", _GENERAL_RULE_RE),
)


def not_the_subjects(sentence: str) -> str | None:
    """The family of wording that makes a sentence's enforcement words no action taken on the
    document's subject, or None.

    >>> not_the_subjects("Last year we cancelled the registration of five services in the region.")
    "round-up: a number of services ('we cancelled the registration of five services')"
    >>> not_the_subjects("CQC has cancelled the registration of Sunrise Care Ltd.") is None
    True
    >>> not_the_subjects("CQC has placed three care homes run by Sunrise Care Ltd in special measures.") is None
    True
    """
    if _round_up(sentence):
        return "round-up: a number of services ('we cancelled the registration of five services')"
    if _tallied(sentence):
        return "tally: a count of actions ('1,096 warning notices', 'one of 19 prosecutions CQC brought in the last year')"
    for family, pattern in SENTENCE_FAMILIES:
        if any(not _MESSAGE_TO_RE.search(sentence[max(0, m.start() - 40): m.start()]) for m in pattern.finditer(sentence)):
            return family
    if _STATISTIC_RE.search(sentence) and _PLURAL_SERVICES_RE.search(sentence):
        return "statistic: a figure about services in general ('Nationally, care homes placed in special measures')"
    if undone(sentence):
        return "undone: the action was withdrawn or overturned ('the notice was later withdrawn')"
    return None


#: Bodies other than CQC whose own actions a CQC text reports, as data: councils and
#: commissioners, other regulators of professions and premises, the police and courts' agents,
#: and the provider itself acting on its own staff or services. Their "suspended", "warning" or
#: "conditions" are no CQC enforcement.
OTHER_BODIES: tuple[str, ...] = (
    r"local\s+authorit(?:y|ies)", r"(?:county\s+|city\s+|borough\s+|district\s+)?council", r"commissioners?",
    r"clinical\s+commissioning\s+groups?", r"CCGs?", r"integrated\s+care\s+boards?", r"ICBs?",
    r"police", r"fire\s+(?:and\s+rescue\s+)?(?:service|authority|brigade)", r"Health\s+and\s+Safety\s+Executive", r"HSE",
    r"General\s+Medical\s+Council", r"GMC", r"Nursing\s+and\s+Midwifery\s+Council", r"NMC",
    r"General\s+Dental\s+Council", r"GDC", r"General\s+Pharmaceutical\s+Council", r"GPhC",
    r"Health\s+and\s+Care\s+Professions\s+Council", r"HCPC", r"Disclosure\s+and\s+Barring\s+Service", r"DBS",
    r"Ofsted", r"environmental\s+health(?:\s+(?:officers?|team|department))?", r"trading\s+standards(?:\s+(?:officers?|team))?",
    r"Food\s+Standards\s+Agency", r"coroner", r"Ombudsman", r"NHS\s+Improvement", r"NHS\s+England", r"Monitor",
    r"(?:NHS\s+)?Trust\s+Development\s+Authority", r"TDA", r"employer", r"agency",
    # the provider acting on its own people or services ("The trust suspended the surgeon")
    r"provider", r"trust", r"registered\s+(?:manager|provider)", r"manager", r"home", r"practice", r"company",
)
_BODY = r"(?:" + "|".join(OTHER_BODIES) + r")"
#: Kinds whose words a body other than CQC uses for its own acts; special measures of an NHS trust
#: are placed by NHS bodies on CQC's recommendation, and stay CQC's enforcement.
_OWN_ACTS_VERB = (r"(?:suspend(?:s|ed)?|impos(?:e|es|ed)|issu(?:e|es|ed)|serv(?:e|es|ed)|gave|give[sn]?|prosecut(?:e|es|ed)|"
                  r"caution(?:s|ed)?|cancel(?:s|led)?|fined|took|takes|decided|applied|appl(?:y|ies)|put|placed|restrict(?:s|ed)?)")
#: "The local authority suspended placements", "The council's environmental health officers issued
#: a warning notice", "The provider took urgent action to suspend the agency worker": a body other
#: than CQC as the subject of the active verb, in the clause that ends at the enforcement word.
_BODY_ACTS_RE = re.compile(
    # (a clause reported after "that": "We are aware that the local authority has suspended placements")
    r"(?:^|[,;:(]\s*|\b(?:and|but|after|when|while|then|that)\s+)\W*(?:the\s+|a\s+|an\s+|its\s+|their\s+|local\s+)?(?:[A-Z][\w'’-]*\s+){0,4}?"
    + _BODY + r"(?:\s*\([A-Z]{2,6}\))?(?:['’]s(?:\s+(?!(?:was|were|is|are|has|had|have|been|being)\b)[\w-]+){1,3}?)?\s+(?:(?:has|had|have|also|then|later|subsequently|immediately|itself|themselves)\s+)*"
    + r"(?P<verb>" + _OWN_ACTS_VERB + r")\b(?:(?!\b(?:we|CQC|us)\b)[^,;])*$", re.I)
#: "… issued with a warning notice by the local fire authority", "given a formal warning by the
#: provider", "the warning notices issued by NHS Improvement": the body the passive names.
_BY_BODY_RE = re.compile(r"^(?:(?!\b(?:and|but|which|who|because|after)\b)[^,;.])*?\bby\s+(?:the\s+|a\s+|its\s+|their\s+|local\s+)?"
                         r"(?:[A-Z][\w'’-]*\s+){0,4}?(?:[\w'’-]+\s+){0,2}?" + _BODY + r"\b", re.I)
#: People suspended, not a registration: "Two members of staff were suspended pending an
#: investigation", "suspended the agency worker", "the nurse was suspended"; and a service's own
#: activities ("the trust suspended elective surgery").
_PERSON = (r"(?:members?\s+of\s+staff|staff(?:\s+members?)?|(?:care\s+|support\s+|agency\s+)?workers?|nurses?|doctors?|surgeons?|"
           r"consultants?|carers?|employees?|colleagues?|pharmacists?|midwi(?:fe|ves)|paramedics?|"
           r"elective\s+(?:surgery|operations|procedures)|operations|visiting)")
_PERSON_SUSPENDED_BEFORE_RE = re.compile(r"\b" + _PERSON + r"\s+(?:was|were|had\s+been|has\s+been|have\s+been|being)\s+(?:\w+\s+)?$", re.I)
_PERSON_SUSPENDED_AFTER_RE = re.compile(
    r"^\w*\s+(?:(?:the|a|an|two|three|several|all|its|their|some)\s+)?(?:[\w-]+\s+){0,2}?" + _PERSON + r"\b(?!['’]s?\s+registration)", re.I)

_WORD_REST_RE = re.compile(r"\w*")
#: A verb with no object after it, as a headline's passive: "Home care agency prosecuted for failing
#: to …", "Care home provider prosecuted after resident death", "Trust suspended by CQC".
_HEADLINE_PASSIVE_RE = re.compile(r"^\s*(?:for|after|over|following|by|at|in|,|\.|$)", re.I)
#: Kinds never read as another body's own act.
_CQC_ONLY = {"SPECIAL_MEASURES", "SPECIAL_MEASURES_EXIT", "FINE", "COSTS", "REQUIREMENT_NOTICE", "COMPLIANCE_ACTION"}


#: Schools' special measures, Ofsted's regime: "Ofsted placed the school in special measures".
_SCHOOLS_RE = re.compile(r"\bOfsted\b|\bschools?\b|\bacadem(?:y|ies)\b|\bcolleges?\b", re.I)


def fined_by_another_body(after: str) -> bool:
    """Whether the words after a fine's amount name a body other than CQC that fined: "£500 by the
    council", "£300 by the fire authority".

    >>> fined_by_another_body(" by the council for a food hygiene breach.")
    True
    >>> fined_by_another_body(" and ordered to pay costs of £2,000.")
    False
    """
    return _BY_BODY_RE.search(after[:120]) is not None


def by_another_body(sentence: str, start: int, end: int, kind_name: str) -> bool:
    """Whether the enforcement word at ``sentence[start:end]`` names an act of a body other than
    CQC (a council, a commissioner, another regulator, the police, the provider on its own staff)
    or a suspension of people or of a service's own activities, not of a registration.

    >>> by_another_body("The local authority suspended placements at the home.", 20, 29, "SUSPENSION")
    True
    >>> by_another_body("The provider was issued with a warning notice.", 31, 45, "WARNING_NOTICE")
    False
    >>> by_another_body("We suspended the provider's registration.", 3, 12, "SUSPENSION")
    False
    """
    if kind_name == "SPECIAL_MEASURES" and _SCHOOLS_RE.search(sentence):
        return True  # "Ofsted placed the school in special measures": a school's, not a CQC service's
    if kind_name in _CQC_ONLY:
        return False
    before, after = sentence[:start], sentence[start:]
    # the whole of the word the pattern began ("prosecut" of "prosecuted")
    rest = _WORD_REST_RE.match(sentence, end)
    acts = _BODY_ACTS_RE.search(sentence[:rest.end() if rest else end])
    if acts and not _HEADLINE_PASSIVE_RE.match(sentence[acts.end("verb"):]):
        return True
    if _BY_BODY_RE.search(sentence[end:end + 120]):
        return True
    if "SUSPEN" in kind_name:
        return bool(_PERSON_SUSPENDED_BEFORE_RE.search(before) or _PERSON_SUSPENDED_AFTER_RE.match(after))
    return False


#: An earlier notice whose requirements the words after it say were met: "We checked the warning
#: notice had been met", "The warning notice has been complied with", "the requirement notice
#: issued at our last inspection had been met".
_MET_AFTER_RE = re.compile(
    r"^\w*\s+(?:(?:(?:that\s+)?(?:we|CQC)\s+)?(?:had\s+)?(?:issued|served|given)\s+(?:[\w-]+\s+){0,6}?)?(?:has|had|have|was|were)\s+"
    r"(?:now\s+|since\s+|also\s+)?(?:been\s+)?(?:fully\s+)?(?:met|complied\s+with|addressed)\b", re.I)


def met_after(after: str) -> bool:
    """Whether the words right after a notice say its requirements were met: an earlier notice,
    no action now.

    >>> met_after(" has been complied with.")
    True
    >>> met_after(" issued at our last inspection had been met.")
    True
    >>> met_after(" on the provider in relation to good governance.")
    False
    """
    return _MET_AFTER_RE.match(after) is not None


#: An action the words after it say was ended or taken at the provider's own request: "The
#: conditions imposed on the provider's registration in March 2021 have been removed", "The urgent
#: suspension ended on 3 May 2020", "The registration … was cancelled at its own request".
_ENDED_AFTER_RE = re.compile(
    r"^\w*(?:(?!\b(?:and|but|which|because|after|when)\b)[^.;])*?\b(?:(?:have|has|had|were|was|is|are)\s+(?:now\s+|since\s+|also\s+|then\s+)?"
    r"(?:been\s+)?(?:removed|lifted|revoked|discharged)|ended|came\s+to\s+an\s+end)\b|"
    r"^\w*(?:(?!\b(?:and|but|which|because|after|when)\b)[^.;])*?\bat\s+(?:its|their|his|her|the\s+provider['’]s|the\s+manager['’]s)\s+own\s+request\b", re.I)


def ended_after(after: str) -> bool:
    """Whether the words right after an action say it was ended, removed or taken at the
    provider's own request: no enforcement standing.

    >>> ended_after(" in March 2021 have been removed.")
    True
    >>> ended_after("sion ended on 3 May 2020.")
    True
    >>> ended_after(" was cancelled at its own request.")
    True
    >>> ended_after(" to stop admissions, and the provider has removed the hoist.")
    False
    """
    return _ENDED_AFTER_RE.match(after) is not None


#: A modal inside the words of one action: "Conditions on the registration may be imposed".
#: ("Under section 29A, CQC can serve a warning notice on a trust": the power, inside the words
#: the section 29A notice is read from)
_MODAL_WITHIN_RE = re.compile(r"\b(?:could|may|might|would)\s+(?:also\s+|then\s+)?be\b|"
                              r"\b(?:can|could|may|might)\s+(?:also\s+|then\s+)?(?:serve|issue|impose|cancel|suspend|prosecute|place|use)\b", re.I)


def may_follow(after: str, phrase: str = "") -> bool:
    """Whether the words right after an enforcement word (or inside its ``phrase``) say it may only
    come ("… could follow", "… would be served if …", "conditions … may be imposed").

    >>> may_follow(" could follow if the home does not improve.")
    True
    >>> may_follow(" and will be inspected again within six months.")
    False
    """
    return _MAY_FOLLOW_RE.match(after) is not None or _MODAL_WITHIN_RE.search(phrase) is not None
