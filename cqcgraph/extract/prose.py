"""Facts stated in sentences, whatever the layout: ratings ("rated inadequate overall, and for
being safe and well-led"), rating changes, enforcement actions, visit dates, earlier inspections.

Every layout parser calls these on the prose it finds; the generic fallback calls them on the
whole text. Imports only the standard library, ``cqcgraph.records`` and ``patterns``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Set as AbstractSet
from functools import lru_cache

from cqcgraph.extract import enforcement_scope as scope
from cqcgraph.extract import patterns as P
from cqcgraph.records import (
    Action,
    ActionKind,
    Breach,
    ChangeStatement,
    Inspection,
    KeyQuestion,
    PartialDate,
    Person,
    Rating,
    RatingChange,
    RatingValue,
    StandardJudgement,
    Regulation,
)

# ----------------------------------------------------------------------------- ratings

_ANCHOR_RE = re.compile(
    # "The report, published today, rates the service as inadequate overall"
    r"(?:\brates\s+(?:the|this|its)\s+(?:service|home|practice|location|hospital|trust|provider)\s+as|\brated(?:\s+(?P<subj>[^.;:]{1,70}?))?\s+as|\brated\s+(?:the|this|its)\s+(?:\w+\s+){0,2}?(?:service|practice|trust|location|home|provider|hospital)|\brated\s+it|\brated|\bremains?\s+rated(?:\s+as)?|"
    r"\bremained\s+rated(?:\s+as)?|\brating\s+(?:of|as|is|was)|\bis\s+rated(?:\s+as)?|"
    # "The overall rating for this practice is outstanding" (letters from the Chief Inspector);
    # "The overall rating for the service was requires improvement" opens a follow-up's letter
    # with the earlier inspection's rating ("The full comprehensive report on the January 2017
    # inspection can be found …"), so only the present tense is read
    r"\brating\s+for\s+(?:this|the)\s+(?:service|practice|location|home|hospital|hospice)\s+is|"
    # "At that inspection we rated Oak House good overall" (a subject named, not "the service")
    r"\b(?:we|CQC)\s+rated\s+(?!(?:the|this|its|it|them|safe|effective|caring|responsive|well-led)\b)(?-i:(?:[A-Z][\w'&-]*\s+){1,6})|"
    # "It is requires improvement in effective and well-led …" (the subject's key questions next)
    r"^(?:it|the\s+(?:service|home|practice|agency|location|hospital))\s+(?:is|was)"
    r")\s*[\"“‘']?\s*$",
    re.IGNORECASE,
)
#: A sentence rating its subject's key questions without "rated": "It is requires improvement in
#: effective and well-led and good in safe, caring and responsive" (after "We have rated the
#: service requires improvement overall").
_SUBJECT_IS_IN_RE = re.compile(
    rf"^(?:it|the\s+(?:service|home|practice|agency|location|hospital))\s+(?:is|was)\s+(?:{P.RATING_ALT})\s+"
    rf"(?:in|for)\s+(?:being\s+)?(?:{P.KQ_ALT})\b", re.I)
_CONTINUE_RE = re.compile(r"(?:\band|,|as well as|\bbut|\bwhile|\bwhereas)\s*$", re.IGNORECASE)
_FOR_KQ_RE = re.compile(
    r"^[\s\"”’'.]*(?P<overall>overall)?[\s,]*(?:(?:and|as well as)\s+)?(?:(?:for|in)\s+(?:being\s+|providing\s+|"
    r"whether\s+(?:its\s+)?services\s+(?:are|were)\s+|the\s+)?(?P<kqs>[^.;:]*))?",
    re.IGNORECASE,
)
_PREVIOUS_RE = re.compile(
    r"\b(?:last|previous|prior|earlier),?\s+(?:\w+\s+){0,2}inspect|\blast inspected\b|\bat that inspection\b|"
    r"\bwas last\b|\bpreviously\b|\bretained from\b|\blast rating\b|\(Previous inspection|"
    # a rating given in a clause about an earlier inspection: "breaches identified at our
    # inspection in May 2022, when we rated the service as Requires improvement overall"
    r"\bwhen we (?:last\s+)?rated\b|\bwhen it was (?:last\s+)?rated\b|"
    # an inspection known by its report's publication is one published before this document:
    # "At the inspection published in June 2021 the service was rated requires improvement"
    r"\b(?:at|in|from|after)\s+(?:the|our|its|that)\s+inspection\s+(?:report\s+)?published\s+(?:in|on)\b",
    re.IGNORECASE,
)
_NOT_RATED_RE = re.compile(r"\bwe do not rate\s+(?:the\s+)?(?P<kq>effective(?:ness)?|caring|safe|responsive|well[\s-]*led)", re.I)
_RETAINED_RE = re.compile(
    rf"\b(?P<value>{P.RATING_ALT})\s+rating\s+for\s+(?:being\s+)?(?P<kq>[\w\s-]+?)\s+"
    r"(?:is|was|has been)\s+(?:retained|carried (?:over|forward))", re.I)
#: Key questions whose ratings stay as they were: "The ratings for caring and responsive remain
#: good", "The rating for well-led remains requires improvement".
_KQS_REMAIN_RE = re.compile(
    rf"\bThe\s+ratings?\s+for\s+(?P<kqs>{P.KQ_LIST})\s+"
    rf"(?:remain|remains|remained|stay|stays|stayed)\s+(?:rated\s+)?(?:as\s+)?(?P<value>{P.RATING_ALT})\b", re.I)
_KQ_LINE_RE = re.compile(
    # "Safe - Good", "Are services safe? – Requires Improvement"
    rf"^\s*(?:(?:Are services|Is the (?:service|practice))\s+)?(?P<kq>{P.KQ_ALT})\??\s*[-–:]\s*(?P<value>{P.RATING_ALT})\s*$",
    re.IGNORECASE,
)
_KQ_NAME = rf"(?:{P.KQ_ALT})"
#: "Caring and responsive were rated requires improvement", "The caring key question
#: was rated good": the key questions are the sentence's subject.
_KQ_SUBJECT_RE = re.compile(
    rf"^\W*(?:(?:and|but|while|whereas)\s+)?(?:The\s+)?(?P<kqs>{P.KQ_LIST})\s+(?:key\s+questions?\s+)?(?:were|was|are|is)\s+(?:also\s+|now\s+)?rated\s+(?:as\s+)?[\"“‘']?\s*$",
    re.I)
#: A finding about the location for named key questions: "We found the practice to be
#: outstanding in the effective, responsive and well led domains" (a rating only with the key
#: questions or "overall" after it: "found the practice to be good at …" rates nothing); "found
#: the practice was inadequate for providing safe, effective and well-led services", "found it
#: requires improvement for being safe and well-led", "found the practice was now good for
#: providing safe … services" say the same.
_FOUND_TO_BE = (r"\bfound\s+(?:that\s+)?(?:(?:the|this)\s+(?:practice|service|location|home|hospital|hospice|trust|provider)|it)"
                r"\s+(?:to\s+be|was|is)?\s*(?:now\s+|still\s+)?")
_FOUND_TO_BE_RE = re.compile(_FOUND_TO_BE + "$", re.I)
_FOUND_TO_BE_ANY_RE = re.compile(_FOUND_TO_BE, re.I)
#: A later clause whose subject is key questions: "Overall the practice remains rated as good
#: and Safe is now rated good".
#: The key questions a sentence has not yet rated: "good in all other areas", "good for all the
#: other key questions".
_ALL_OTHER_RE = re.compile(r"^[\s,]*(?:in|for|across)\s+(?:all\s+)?(?:the\s+)?other\s+(?:areas|key\s+questions)\b", re.I)
_NEXT_CLAUSE_RE = re.compile(r"^\W*(?:and|but|while|whereas)\s", re.I)
#: Key questions opening a later clause as what it rates: "…, which is why well-led was rated
#: good", "…, so safe was rated requires improvement", "That is why caring is rated outstanding".
_KQ_CLAUSE_RATED_RE = re.compile(
    rf"(?:[,;]\s*(?:which\s+is\s+why|and\s+so|so)|\b(?:that|this)\s+is\s+why)\s+(?:the\s+)?(?P<kqs>{P.KQ_LIST})\s+"
    r"(?:key\s+questions?\s+)?(?:was|were|is|are)\s+(?:also\s+|now\s+)?rated\s+(?:as\s+)?[\"“‘']?\s*$", re.I)
#: A second rating joined by "with", for key questions named after it: "Overall the practice was
#: rated as good with requires improvement for providing safe services".
_WITH_RE = re.compile(r"^\s*,?\s*with\s*$", re.I)
_FOR_NAMED_KQ_RE = re.compile(rf"^\s*for\s+(?:providing\s+|being\s+)?{_KQ_NAME}\b", re.I)
#: "We rated safe as requires improvement and effective and well-led as good":
#: a further "<key questions> as <rating>" after a valid rating.
_KQ_AS_RE = re.compile(rf"^\s*(?:,\s*)?(?:and\s+)?(?P<kqs>{P.KQ_LIST})\s+as\s*$", re.I)
#: A second key question rated with the verb left out, after one rated with it: "Safe was rated
#: inadequate and well-led requires improvement", "Effective is rated outstanding, caring good".
#: Only after a rating of key questions, and only when the value closes its clause.
_KQ_ELIDED_RE = re.compile(rf"^\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?(?P<kqs>{P.KQ_LIST})\s+(?:as\s+)?$", re.I)
_VALUE_CLOSES_RE = re.compile(r"^\s*(?:[.;,)]|$|(?:and|but)\b)", re.I)
#: "we found the service had improved to Good" (2017 adult social care summaries).
_IMPROVED_TO_RE = re.compile(
    r"\b(?:the|this)\s+(?:service|practice|home|location)\s+(?:had|has)\s+(?:now\s+)?improved\s+to\s+(?:a\s+rating\s+of\s+)?"
    r"(?P<value>" + P.rating_alternation(RatingValue.scale()[:3]) + r")\b", re.I)  # never "improved to inadequate"
_ENTITY_SUBJECT_RE = re.compile(
    r"^(?:it|them|this|the\s+(?:service|location|practice|trust|home|provider|hospital|core service)|this\s+\w+|[A-Z][\w&'’ -]{2,60})$",
)


def _kqs_of(segment: str) -> list[KeyQuestion]:
    segment = re.split(r"\bbecause\b|\bfollowing\b|\bat the\b|\bwhen\b|\bsince\b", segment, maxsplit=1, flags=re.I)[0]
    return P.key_questions_in(segment)


def ratings_in_sentence(sentence: str) -> list[Rating]:
    """Ratings one sentence states, for the entity the sentence is about.

    >>> [(r.key_question.value, r.value.value) for r in ratings_in_sentence(
    ...     "CQC rated the service inadequate overall, and for being safe and well-led.")]
    [('overall', 'inadequate'), ('safe', 'inadequate'), ('well-led', 'inadequate')]
    >>> [(r.key_question.value, r.value.value) for r in ratings_in_sentence("We rated caring as ")]
    []
    """
    s = " ".join(sentence.replace("’", "'").split())
    out: list[Rating] = []
    m = _KQ_LINE_RE.match(s) or P.KQ_RATING_LINE_RE.match(s)
    if m:
        kq, value = P.key_question(m.group("kq")), P.parse_rating(m.group("value"))
        return [Rating(kq, value)] if kq and value else []
    for m in _NOT_RATED_RE.finditer(s):
        kq = P.key_question(m.group("kq"))
        if kq:
            out.append(Rating(kq, RatingValue.NOT_RATED))
    kept = _KQS_REMAIN_RE.search(s) or P.REMAINED_IN_KQS_RE.search(s)
    if kept:
        # "The ratings for caring and responsive remain good, as these areas were not looked at"
        value = P.rating_word(kept.group("value"))
        return out + [Rating(kq, value) for kq in P.key_questions_in(kept.group("kqs")) if kq is not KeyQuestion.OVERALL]
    m = _RETAINED_RE.search(s)
    if m:
        kq, value = P.key_question(m.group("kq")), P.parse_rating(m.group("value"))
        if kq and value:
            out.append(Rating(kq, value, carried_over=True))
        return out
    m = P.REMAINED_OVERALL_SENTENCE_RE.match(s)
    if m:
        return [Rating(KeyQuestion.OVERALL, P.rating_word(m.group("value")))]
    m = _IMPROVED_TO_RE.search(s)
    if m and not re.search(r"\brated\b", s, re.I):
        return [Rating(KeyQuestion.OVERALL, P.rating_word(m.group("value")))]
    if not re.search(r"\brat(?:ed|ing|es)\b", s, re.I) and not _FOUND_TO_BE_ANY_RE.search(s) and not _SUBJECT_IS_IN_RE.match(s):
        return out
    occurrences = [m for m in P.RATING_RE.finditer(s) if m.group(1).lower() not in ("not rated",)]
    prev_end, prev_valid, prev_kqs = 0, False, False
    for i, occ in enumerate(occurrences):
        before = s[prev_end: occ.start()]
        after = s[occ.end(): occurrences[i + 1].start() if i + 1 < len(occurrences) else len(s)]
        value = P.parse_rating(occ.group(1))
        anchor = _ANCHOR_RE.search(before)
        found_as = _FOUND_TO_BE_RE.search(before) if not anchor else None
        kq_as = _KQ_AS_RE.match(before) if prev_valid else None
        if kq_as is None and prev_kqs and _VALUE_CLOSES_RE.match(after):
            kq_as = _KQ_ELIDED_RE.match(before)
        valid = bool(anchor) or bool(found_as) or bool(kq_as) or (prev_valid and _CONTINUE_RE.search(before) is not None and len(before) < 80)
        valid = valid or (prev_valid and _WITH_RE.match(before) is not None and _FOR_NAMED_KQ_RE.match(after) is not None)
        if re.search(r"changed from\s*$|\bfrom\s*$", before, re.I) or re.search(r"^\s*to\b", after, re.I):
            valid = False  # "changed from X to Y": read by changes_in
        prev_end, prev_valid, prev_kqs = occ.end(), valid, False
        if not valid or value is None:
            continue
        subj = anchor.group("subj") if anchor and anchor.groupdict().get("subj") else None
        targets = _rated_key_questions(before, subj, kq_as, first=i == 0)
        fm = _FOR_KQ_RE.match(after)
        overall = bool(fm and fm.group("overall"))
        if not targets and _ALL_OTHER_RE.match(after):
            # "… requires improvement for being safe and well-led, and good in all other areas"
            rated = {r.key_question for r in out}
            out.extend(Rating(kq, value) for kq in KeyQuestion if kq is not KeyQuestion.OVERALL and kq not in rated)
            continue
        am = P.ALL_KEY_QUESTIONS_RE.match(after)
        if am and not targets:
            # "rated Good overall and for all key questions"
            if am.group("overall"):
                out.append(Rating(KeyQuestion.OVERALL, value))
            out.extend(Rating(kq, value) for kq in KeyQuestion if kq is not KeyQuestion.OVERALL)
            continue
        if fm and fm.group("kqs") and not targets:
            kq_seg = fm.group("kqs")
            if re.match(r"^[\s\"”’'.]*(?:overall)?[\s,]*(?:(?:and|as well as)\s+)?(?:for|in)\b", after, re.I):
                targets = _kqs_of(kq_seg)
        if re.search(r"\boverall\b", before, re.I) and not targets and re.search(
            r"\boverall,|\boverall rating\b|\boverall\s*$", before, re.I
        ):
            overall = True
        if found_as and not targets and not overall:
            continue  # "found the practice to be good at …" rates nothing
        if not targets and not overall and P.FOR_GROUP_RE.match(after):
            continue  # a population group's rating, not the practice's own
        if not targets and not overall:
            if subj is None or _ENTITY_SUBJECT_RE.match(subj.strip()):
                overall = True
        if overall:
            out.append(Rating(KeyQuestion.OVERALL, value))
        out.extend(Rating(kq, value) for kq in targets if kq is not KeyQuestion.OVERALL)
        prev_kqs = any(kq is not KeyQuestion.OVERALL for kq in targets)
    return out


def _rated_key_questions(before: str, subj: str | None, kq_as: re.Match[str] | None, first: bool) -> list[KeyQuestion]:
    """The key questions the words before a rating name as what it rates: the rating verb's
    subject ("rated safe and effective as"), "<key questions> as" after an earlier rating, the
    key questions opening the sentence or its clause ("Well-led was rated", "…, which is why
    well-led was rated")."""
    if subj:
        return P.key_questions_in(subj)
    if kq_as:
        return P.key_questions_in(kq_as.group("kqs"))
    if (first or _NEXT_CLAUSE_RE.match(before)) and (kq_subject := _KQ_SUBJECT_RE.match(before)):
        return P.key_questions_in(kq_subject.group("kqs"))
    if kq_clause := _KQ_CLAUSE_RATED_RE.search(before):
        return P.key_questions_in(kq_clause.group("kqs"))
    return []


def merge_ratings(*groups: list[Rating] | tuple[Rating, ...]) -> tuple[Rating, ...]:
    """Ratings from several sources, the first value for each (key question, service) kept."""
    seen: dict[tuple[KeyQuestion, str | None, str | None], Rating] = {}
    for group in groups:
        for r in group:
            seen.setdefault((r.key_question, r.service, r.population_group), r)
    return tuple(seen.values())


#: A current rating compared with the last inspection's in a clause after it: "… was rated
#: requires improvement, which was the same as at our last inspection", "… rated good, unchanged
#: from our previous inspection": the sentence is about this inspection.
_SAME_AS_LAST_RE = re.compile(
    r",?\s*(?:which\s+(?:was|is)\s+)?(?:the\s+same\s+as|unchanged\s+from)\s+(?:at\s+)?(?:our|the|its)\s+(?:last|previous)\s+inspection\b", re.I)


@lru_cache(maxsize=4096)
def is_previous_sentence(sentence: str) -> bool:
    return bool(_PREVIOUS_RE.search(_SAME_AS_LAST_RE.sub(" ", sentence)))


#: A rating of a made-up service (a teaching exercise, an example): not CQC's rating of anyone.
_MADE_UP_RE = re.compile(r"\b(?:fictional|fictitious|simulated|hypothetical|imaginary)\b", re.I)
#: The key questions listed in brackets, named and not rated: "the five key questions (safe,
#: effective, caring, responsive and well-led)".
_KQS_NAMED_RE = re.compile(rf"\((?:\s*(?:{P.KQ_ALT})\s*(?:,|\band\b)?){{3,}}\s*\)", re.I)


def names_other_service(sentence: str, others: list[str]) -> bool:
    """Whether ``sentence`` names one of ``others``, the services the text introduces as the
    provider's other ones ("Meridian Residential Ltd also ran Ivy Croft, a care home nearby": see
    ``enforcement_scope.other_services_named``): a rating it states is that service's or unsure.

    >>> names_other_service("In 2017 we cancelled the registration for Ivy Croft after it was rated inadequate.", ["Ivy Croft"])
    True
    >>> names_other_service("We rated the service good.", ["Ivy Croft"])
    False
    """
    return any(re.search(r"\b" + re.escape(name) + r"\b", sentence) for name in others)


def ratings_in(text: str) -> list[Rating]:
    """Ratings stated in sentences about the current inspection (earlier ones are skipped)."""
    found: list[Rating] = []
    said = P.sentences(text, unwrap=True)
    others = scope.other_services_named(said)
    for s in said:
        if is_previous_sentence(s) and not _RETAINED_RE.search(s) or _MADE_UP_RE.search(s) or P.CLASS_RATED_RE.search(s):
            continue  # an earlier inspection's, a made-up service's, or any service's of a kind
        if names_other_service(s, others):
            continue  # "… for Ivy Croft after it was rated inadequate twice": another of the provider's services
        if service_subject(s):
            continue  # the sentence rates a core service, not the place or provider
        s = _KQS_NAMED_RE.sub("", s)
        found.extend(ratings_in_sentence(s))
        rc = P.RATING_CHANGED_TO_RE.match(s) or P.CHANGE_OF_RATING_TO_RE.search(s)
        if rc and P.parse_rating(rc.group("new")):
            found.append(Rating(KeyQuestion.OVERALL, P.rating_word(rc.group("new"))))
        for m in P.RATINGS_FOR_LIST_CHANGED_RE.finditer(s):
            # "Its ratings for safe and well-led have both dropped from requires improvement to inadequate"
            new = P.parse_rating(m.group("new"))
            found.extend(Rating(kq, new) for kq in P.key_questions_in(m.group("kqs")) if new)
        for m in P.CHANGED_FROM_RE.finditer(s):
            # "The overall rating for this service has changed from Good to Requires Improvement"
            # states the new rating of that key question
            kq, new = _changed_kq(s, m), P.parse_rating(m.group("new"))
            if kq and new and not (_service_named_before(s, m.start()) or _service_change(s, m)):
                found.append(Rating(kq, new))
        for m in P.RETAINED_OVERALL_RE.finditer(s):
            found.append(Rating(KeyQuestion.OVERALL, P.rating_word(m.group("value") or m.group("value2"))))
        for m in P.CHANGED_TO_RE.finditer(s):
            # "The rating for Oak House went down to inadequate"
            kq, new = _changed_kq(s, m), P.parse_rating(m.group("new"))
            if kq and new and not (_service_named_before(s, m.start()) or _IMPROVED_TO_RE.search(s)):
                found.append(Rating(kq, new))
    return list(merge_ratings(found))


def _service_named_before(sentence: str, pos: int) -> bool:
    """True when a core service is what the words before ``pos`` rate ("the rating for urgent
    and emergency care went down from …")."""
    return bool(P.CORE_SERVICE_RE.search(sentence[max(0, pos - 80): pos]))


#: "Surgery, medical care and maternity were rated good, and outpatients was rated requires
#: improvement", "Surgery was rated requires improvement and outpatients was rated good".
_SERVICE_SUBJECT_RE = re.compile(
    rf"(?:^|,\s*(?:and\s+)?|;\s*|\s+and\s+)(?P<list>(?:{P.CORE_SERVICE_RE.pattern})(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:{P.CORE_SERVICE_RE.pattern}))*)"
    rf"\s+(?:were|was|is|are)\s+(?:also\s+)?rated\s+(?:as\s+)?(?P<value>{P.RATING_ALT})\b",
    re.I)
_OUR_RATING_OF_SERVICE_RE = re.compile(
    rf"\bOur rating of (?P<service>{P.CORE_SERVICE_RE.pattern})\s+(?:improved|went down|stayed the same)\.?\s+We rated (?:it|them)\s+(?:as\s+)?"
    rf"(?P<value>{P.RATING_ALT})\b", re.I)
_RATED_IT_RE = re.compile(
    r"^(?:Our rating of this (?:core )?service (?:improved|went down|stayed the same)\.\s+)?We rated (?:it|this service|them)\s+(?:as\s+)?"
    rf"(?P<value>{P.RATING_ALT})\b", re.I)


#: A sentence whose subject is one core service rated: "Maternity was rated Outstanding for being
#: caring and Good overall", "• Surgery was rated Good, improving from Requires Improvement",
#: "Community health services for adults were rated Good overall and Outstanding for being
#: responsive" (a trust's release or summary listing its services, often under "At <hospital>:").
_ONE_SERVICE_SUBJECT_RE = re.compile(
    rf"^\W*(?:At\s+[A-Z][^:]{{2,80}}:\s*)?(?:the\s+|its\s+)?(?P<service>{P.CORE_SERVICE_RE.pattern})(?:\s+services?)?"
    rf"\s+(?:was|were|is|are|has\s+been|have\s+been)\s+(?:also\s+)?rated\b", re.I)


def service_subject(sentence: str) -> str | None:
    """The one core service a sentence rates as its subject (``_ONE_SERVICE_SUBJECT_RE``), else
    None: every rating the sentence states is that service's, none the location's or the trust's.

    >>> service_subject("Maternity was rated Outstanding for being caring and Good overall.")
    'Maternity'
    >>> service_subject("Surgery and maternity were rated good.") is None
    True
    """
    flat = " ".join(sentence.split())
    m = _ONE_SERVICE_SUBJECT_RE.match(flat)
    if not m or len(P.CORE_SERVICE_RE.findall(flat)) != 1:
        return None
    return _service_name(m.group("service"))


def _service_name(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def service_ratings_in(text: str) -> list[Rating]:
    """Overall ratings of core services stated in sentences: "Surgery, medical care and
    maternity were rated good, and outpatients was rated requires improvement",
    "Our rating of urgent and emergency care went down. We rated it as requires improvement"
, and a core service heading followed by "… We rated it as inadequate"
. Only services in ``patterns.CORE_SERVICES`` are read."""
    out: list[Rating] = []
    flat = " ".join(text.split())
    for m in _OUR_RATING_OF_SERVICE_RE.finditer(flat):
        out.append(Rating(KeyQuestion.OVERALL, P.rating_word(m.group("value")), service=_service_name(m.group("service"))))
    for s in P.sentences(text):
        if is_previous_sentence(s):
            continue
        own = service_subject(s)
        if own:
            said = ratings_in_sentence(s)
            if said:
                out.extend(dataclasses.replace(r, service=own) for r in said)
                continue
        for m in _SERVICE_SUBJECT_RE.finditer(s):
            value = P.rating_word(m.group("value"))
            for sm in P.CORE_SERVICE_RE.finditer(m.group("list")):
                out.append(Rating(KeyQuestion.OVERALL, value, service=_service_name(sm.group(0))))
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    for heading, nxt in zip(lines, lines[1:], strict=False):
        hm = P.CORE_SERVICE_RE.fullmatch(heading)
        rated = _RATED_IT_RE.match(nxt)
        if hm and rated:
            out.append(Rating(KeyQuestion.OVERALL, P.rating_word(rated.group("value")), service=_service_name(heading)))
    return list(merge_ratings(out))


#: Key questions named beside a core service's overall rating, which the change rates too: "the
#: overall rating for medical care at Eastshire Hospital, as well as how safe and well-led it is,
#: has declined from …", "the rating for surgery, and for being safe and well-led, went down from …".
_SERVICE_KQS_RE = re.compile(
    rf"\bas well as (?:how\s+|for\s+)?(?:being\s+)?(?P<kqs>{P.KQ_LIST})\b|\band for (?:being\s+)?(?P<kqs2>{P.KQ_LIST})\b", re.I)


def _fullest_service(short: str, text: str) -> str:
    """The longest name the text gives a core service it also names shortly: a release naming
    "medical care (including older people’s care)" once and "medical care" after it rates the one
    service."""
    longer = [m.group(0) for m in P.CORE_SERVICE_RE.finditer(text)
              if m.group(0).lower().startswith(short.lower()) and len(m.group(0)) > len(short)]
    return _service_name(max(longer, key=len)) if longer else _service_name(short)


def _service_change(sentence: str, m: re.Match[str]) -> tuple[str, list[KeyQuestion]] | None:
    """The core service a change ("… has declined from good to requires improvement") rates, with
    the key questions named with it: the service must follow "the rating of/for", and no other
    rating may come between it and the change."""
    window = sentence[max(0, m.start() - 160): m.start()]
    services = list(P.CORE_SERVICE_RE.finditer(window))
    if not services or not re.search(r"\brating\s+(?:of|for)\s+(?:the\s+)?$", window[: services[-1].start()], re.I):
        return None
    between = window[services[-1].end():]
    if re.search(r"\brat(?:ed|ing)\b", between, re.I):
        return None
    kqs = [kq for km in _SERVICE_KQS_RE.finditer(between) for kq in P.key_questions_in(km.group("kqs") or km.group("kqs2"))]
    return services[-1].group(0), [KeyQuestion.OVERALL, *(kq for kq in kqs if kq is not KeyQuestion.OVERALL)]


#: A core service rated where it is: "CQC has rated maternity services at Eastshire General Hospital,
#: run by Eastshire Hospitals NHS Trust, as inadequate", "has rated the surgery service at County
#: Hospital as good".
_RATED_SERVICE_AT_RE = re.compile(
    rf"\brated\s+(?:the\s+)?(?P<service>{P.CORE_SERVICE_RE.pattern})(?:\s+services?)?\s+(?:at|of)\s+[A-Z][^.;]{{0,150}}?\s+as\s+"
    rf"(?P<value>{P.RATING_ALT})\b(?P<rest>[^.;]*)", re.I)


def rated_service_at(text: str) -> list[Rating]:
    """The ratings a sentence gives a core service where it is (``_RATED_SERVICE_AT_RE``): its
    overall rating, and the key questions named after it ("… as inadequate overall and for being
    safe")."""
    out: list[Rating] = []
    for s in P.sentences(text):
        if is_previous_sentence(s):
            continue
        for m in _RATED_SERVICE_AT_RE.finditer(" ".join(s.split())):
            value = P.rating_word(m.group("value"))
            service = _fullest_service(m.group("service"), text)
            fm = _FOR_KQ_RE.match(m.group("rest"))
            kqs = _kqs_of(fm.group("kqs")) if fm and fm.group("kqs") and re.match(r"^[\s,]*(?:overall)?[\s,]*(?:and\s+)?(?:for|in)\b", m.group("rest"), re.I) else []
            out.extend(Rating(kq, value, service=service) for kq in [KeyQuestion.OVERALL, *(k for k in kqs if k is not KeyQuestion.OVERALL)])
    return out


def service_changes_in(text: str) -> list[Rating]:
    """The new ratings of a core service whose change a sentence states: "the rating
    for urgent and emergency care went down from requires improvement to inadequate"
, "the overall rating for maternity services went down from good to
    inadequate", "the overall rating for medical care at Eastshire Hospital, as well as how safe
    and well-led it is, has declined from good to requires improvement" (overall, safe and
    well-led); "Surgery improved to good" (``patterns.SERVICE_CHANGED_TO_RE``)."""
    out: list[Rating] = []
    for s in P.sentences(text):
        if is_previous_sentence(s):
            continue
        for m in P.CHANGED_FROM_RE.finditer(s):
            found, new = _service_change(s, m), P.parse_rating(m.group("new"))
            if found and new:
                service = _fullest_service(found[0], text)
                out.extend(Rating(kq, new, service=service) for kq in found[1])
        opening = P.SERVICE_CHANGED_TO_RE.match(s)
        if opening and (now := P.parse_rating(opening.group("value"))):
            # "Surgery improved to good": the service opening the sentence is what changed
            out.append(Rating(KeyQuestion.OVERALL, now, service=_fullest_service(opening.group("service"), text)))
    return out


#: "The service was also rated inadequate for being safe and well-led" after a core service's
#: rating: the service named is the one the release is about.
_SERVICE_PRONOUN_RE = re.compile(r"^(?:The (?:service|unit|department)|It)\s+(?:was|has been|is)\s+(?:also\s+)?rated\b", re.I)
#: A sentence whose subject is key questions, in a release about one core service: "Safe remains
#: rated as requires improvement, effective remains good and caring remains outstanding",
#: "Safe and well-led were rated inadequate".
_KQ_OPENING_RE = re.compile(
    rf"^\W*(?:The\s+)?{P.KQ_LIST}\s+(?:key\s+questions?\s+)?(?:remains?|remained|was|were|is|are|has|have)\b", re.I)
#: Each clause "<key question> remains <rating>": "Safe remains rated as requires improvement,
#: effective remains good and caring remains outstanding".
_KQ_REMAINS_RE = re.compile(
    rf"(?:^|[,;]\s*|\band\s+)\W*(?:the\s+)?(?P<kq>{_KQ_NAME})\s+(?:key\s+question\s+)?(?:remains|remained|is still|stays|stayed)\s+"
    rf"(?:rated\s+)?(?:as\s+)?(?P<value>{P.RATING_ALT})\b", re.I)


def kq_remains_ratings(sentence: str) -> list[Rating]:
    """The ratings of the key questions a sentence says remain as they were (the current ones)."""
    out = []
    for m in _KQ_REMAINS_RE.finditer(" ".join(sentence.split())):
        kq, value = P.key_question(m.group("kq")), P.parse_rating(m.group("value"))
        if kq and value:
            out.append(Rating(kq, value))
    return out


def service_subject_ratings(text: str, service: str | None) -> list[Rating]:
    """Key question ratings stated of "the service", or of key questions as a sentence's subject,
    when the text rates one core service."""
    out: list[Rating] = []
    for s in P.sentences(text):
        if sentences_about_service(s) and not is_previous_sentence(s):
            stated = merge_ratings(ratings_in_sentence(s), kq_remains_ratings(s))
            out.extend(dataclasses.replace(r, service=service) for r in stated)
    return out


def sentences_about_service(sentence: str) -> bool:
    """True for a sentence that, in a release about one core service, speaks of that service:
    "The service was also rated …", "Safe remains rated as …"."""
    return bool(_SERVICE_PRONOUN_RE.match(sentence) or _KQ_OPENING_RE.match(" ".join(sentence.split())))


def rates_a_service(sentence: str) -> bool:
    """True for a sentence stating a core service's change (``service_changes_in``) or rating it
    where it is (``rated_service_at``)."""
    return (any(_service_change(sentence, m) for m in P.CHANGED_FROM_RE.finditer(sentence))
            or bool(_RATED_SERVICE_AT_RE.search(" ".join(sentence.split()))))


def population_group_ratings(text: str, all_groups: bool = False) -> list[Rating]:
    """Population group ratings of a GP practice (``patterns.population_group_ratings``)."""
    return [Rating(KeyQuestion.OVERALL, value, population_group=group)
            for group, value in P.population_group_ratings(text, all_groups)]


# ----------------------------------------------------------------------------- changes


#: The key question a clause is about, just before its verb: "Responsive remains rated as
#: requires improvement", "… and Safe is now rated good".
_KQ_CLAUSE_SUBJECT_RE = re.compile(rf"(?:^|[,;]\s*|\band\s+)\W*(?:the\s+)?(?P<kq>{_KQ_NAME})\s+(?:key\s+question\s+)?$", re.I)
#: Where a clause ends and the next, with its own subject, starts.
_CLAUSE_END_RE = re.compile(r"[,;]|\b(?:and|but|while|whereas|although)\s+(?!for\b|in\b)", re.I)
#: The location itself as a clause's subject: "Overall the practice remains rated as good".
_ENTITY_CLAUSE_RE = re.compile(r"^\W*(?:overall,?\s+)?(?:the|this)\s+(?:service|practice|home|location|hospital|hospice)\s*$", re.I)


def _remains_subject(sentence: str, m: re.Match[str]) -> list[KeyQuestion]:
    """What "remains rated X" is said of: the key question before the verb ("Responsive remains
    rated as requires improvement"), else one named after it in the same clause ("remains rated
    good for safe"), else the location itself ("Overall the practice remains rated as good").
    A key question of the next clause ("… remains rated as good and Safe is now rated good") is
    not the subject."""
    before = sentence[: m.start()]
    subject = _KQ_CLAUSE_SUBJECT_RE.search(before)
    if subject:
        kq = P.key_question(subject.group("kq"))
        return [kq] if kq else []
    kqs = _kqs_of(_CLAUSE_END_RE.split(sentence[m.end(): m.end() + 80], maxsplit=1)[0])
    if kqs:
        return kqs
    return [KeyQuestion.OVERALL] if _ENTITY_CLAUSE_RE.search(before) else []


def changes_in(text: str) -> tuple[list[ChangeStatement], list[Rating]]:
    """Rating changes, and the earlier ratings they reveal ("changed from X to Y").

    >>> ch, prev = changes_in("Our rating of this service improved.")
    >>> (ch[0].key_question.value, ch[0].change.value)
    ('overall', 'improved')
    """
    changes: dict[KeyQuestion, ChangeStatement] = {}
    previous: list[Rating] = []
    # a sentence wrapped over lines is read whole ("Our rating of the" / "service went down.")
    for s in P.sentences(text, unwrap=True):
        for m in P.OUR_RATING_OF_RE.finditer(s):
            kq = P.key_question(m.group("what")) or KeyQuestion.OVERALL
            changes.setdefault(kq, ChangeStatement(kq, P.change_said(m.group("change"))))
        for m in P.CHANGED_TO_RE.finditer(s):
            named = _changed_kq(s, m)
            if named and P.parse_rating(m.group("new")) and not _service_named_before(s, m.start()):
                changes.setdefault(named, ChangeStatement(named, P.CHANGED_TO_VERBS[" ".join(m.group("verb").lower().split())]))
        for m in P.CHANGED_FROM_RE.finditer(s):
            old, new = P.parse_rating(m.group("old")), P.parse_rating(m.group("new"))
            if _service_named_before(s, m.start()) or _service_change(s, m):
                continue  # a core service's change, not the location's
            named = _changed_kq(s, m)
            if named and old and new:
                change = P.change_between(old, new)
                if change:
                    changes.setdefault(named, ChangeStatement(named, change, old))
                previous.append(Rating(named, old))
        for m in P.REMAINS_RE.finditer(s):
            value = P.parse_rating(m.group("value"))
            kqs = _remains_subject(s, m)
            for kq in kqs[:1]:
                changes.setdefault(kq, ChangeStatement(kq, RatingChange.STAYED_THE_SAME, value))
                if value:
                    previous.append(Rating(kq, value))
        _kept_and_from_only(s, changes, previous)
        if P.UNCHANGED_RE.search(s) or P.RETAINED_OVERALL_RE.search(s) or P.REMAINED_OVERALL_SENTENCE_RE.match(s):
            changes.setdefault(KeyQuestion.OVERALL, ChangeStatement(KeyQuestion.OVERALL, RatingChange.STAYED_THE_SAME))
        for m in P.RATING_MOVED_TO_RE.finditer(s):
            changes.setdefault(KeyQuestion.OVERALL, ChangeStatement(KeyQuestion.OVERALL, P.SECTION_VERBS[m.group("verb").lower()]))
    for s in P.sentences(text, unwrap=True):
        for m in P.OUR_RATING_OF_LIST_RE.finditer(s):
            for kq in P.key_questions_in(m.group("kqs")):
                changes.setdefault(kq, ChangeStatement(kq, P.change_said(m.group("change"))))
        for m in P.RATINGS_FOR_LIST_CHANGED_RE.finditer(s):
            old, new = P.rating_word(m.group("old")), P.rating_word(m.group("new"))
            change = P.change_between(old, new) if old and new else None
            for kq in P.key_questions_in(m.group("kqs")):
                if change:
                    changes.setdefault(kq, ChangeStatement(kq, change, old))
                previous.append(Rating(kq, old))
        if P.REMAINS_OVERALL_RE.search(s) and not is_previous_sentence(s):
            changes.setdefault(KeyQuestion.OVERALL, ChangeStatement(KeyQuestion.OVERALL, RatingChange.STAYED_THE_SAME))
    for kq, stated in _overall_changes(" ".join(text.split())):
        changes.setdefault(kq, stated)
    for kq, stated in section_changes(text):
        changes.setdefault(kq, stated)
    return list(changes.values()), previous


def _kept_and_from_only(sentence: str, changes: dict[KeyQuestion, ChangeStatement], previous: list[Rating]) -> None:
    """The changes a sentence states of key questions kept at their rating ("The ratings for
    caring and responsive remain good", "The service remained good in effective and caring":
    stayed the same, the earlier rating not written apart), and by an earlier rating alone ("…
    have gone down from good", ``patterns.CHANGED_FROM_ONLY_RE``: the key questions or the
    overall rating named just before it, with that earlier rating)."""
    for m in (*_KQS_REMAIN_RE.finditer(sentence), *P.REMAINED_IN_KQS_RE.finditer(sentence)):
        for kq in P.key_questions_in(m.group("kqs")):
            if kq is not KeyQuestion.OVERALL:
                changes.setdefault(kq, ChangeStatement(kq, RatingChange.STAYED_THE_SAME))
    for m in P.CHANGED_FROM_ONLY_RE.finditer(sentence):
        said = P.CHANGED_FROM_ONLY_SUBJECT_RE.search(sentence[max(0, m.start() - 120): m.start()])
        old = P.parse_rating(m.group("old"))
        if said is None or old is None or is_previous_sentence(sentence) or _service_named_before(sentence, m.start()):
            continue
        kqs = P.key_questions_in(said.group("kqs")) if said.group("kqs") else [KeyQuestion.OVERALL]
        change = P.CHANGED_TO_VERBS[" ".join(m.group("verb").lower().split())]
        for kq in kqs:
            changes.setdefault(kq, ChangeStatement(kq, change, old))
            previous.append(Rating(kq, old))

def _overall_changes(flat: str) -> list[tuple[KeyQuestion, ChangeStatement]]:
    """Changes of the overall rating told over a sentence or two of ``flat`` (a text with its line
    breaks made spaces), the first found first: the last rating then the new one
    (``patterns.LAST_OVERALL_RE``, ``NEW_OVERALL_RE``), the new one then the old
    (``NEW_THEN_OLD_RES``), "has improved and is now rated …" (``CHANGED_AND_NOW_RE``)."""
    out: list[tuple[KeyQuestion, ChangeStatement]] = []
    for m in P.LAST_OVERALL_RE.finditer(flat):
        # the previous overall rating, then the new one within the next sentences
        n = P.NEW_OVERALL_RE.match(flat[m.end(): m.end() + 400])
        if not n:
            continue
        old = P.parse_rating(m.group("old") or m.group("old2") or m.group("old3"))
        new = P.parse_rating(n.group("new") or n.group("new2") or n.group("new3") or n.group("new4"))
        change = P.change_between(old, new) if old and new else None
        if change:
            out.append((KeyQuestion.OVERALL, ChangeStatement(KeyQuestion.OVERALL, change, old)))
    for pattern in P.NEW_THEN_OLD_RES:
        for m in pattern.finditer(flat):
            old, new = P.parse_rating(m.group("old")), P.parse_rating(m.group("new"))
            change = P.change_between(old, new) if old and new else None
            opening = flat[flat.rfind(". ", 0, m.start()) + 1: m.start()]  # the sentence's words before the new rating
            if change and change is not RatingChange.STAYED_THE_SAME and not is_previous_sentence(opening):
                out.append((KeyQuestion.OVERALL, ChangeStatement(KeyQuestion.OVERALL, change, old)))
    for m in P.CHANGED_AND_NOW_RE.finditer(flat):
        new = P.parse_rating(m.group("new"))
        if new:
            out.append((KeyQuestion.OVERALL, ChangeStatement(KeyQuestion.OVERALL, P.CHANGED_TO_VERBS.get(
                " ".join(m.group("verb").lower().split()), RatingChange.WENT_DOWN))))
    return out


def section_changes(text: str) -> list[tuple[KeyQuestion, ChangeStatement]]:
    """Key question changes stated in the key question's own section ("Is the service safe?
    … this key question has now deteriorated to requires improvement"), the key question being
    the section heading nearest before the statement (``patterns.KQ_SECTION_CHANGE_RE``)."""
    out: list[tuple[KeyQuestion, ChangeStatement]] = []
    heads = [(m.start(), m.end(), P.key_question(m.group(1))) for m in P.GRID_QUESTION_RE.finditer(text)]
    for m in P.KQ_SECTION_CHANGE_RE.finditer(text):
        before = [h for h in heads if h[1] <= m.start() and m.start() - h[1] < 1500]
        if not before or before[-1][2] is None:
            continue
        head_end, kq = before[-1][1], before[-1][2]
        verb = " ".join(m.group("verb").lower().split())
        new = P.parse_rating(m.group("value") or "")
        last = None
        for lm in P.LAST_KQ_RATING_RE.finditer(text, head_end, m.start()):
            last = P.parse_rating(lm.group("value"))
        if verb == "changed":
            change = P.change_between(last, new) if last and new else None
        else:
            change = P.SECTION_VERBS.get(verb)
            if verb == "remained" and last and new and last != new:
                change = None  # contradictory wording: state nothing
        if change and kq not in [k for k, _c in out]:
            out.append((kq, ChangeStatement(kq, change, last)))
    return out


def _changed_kq(sentence: str, m: re.Match[str]) -> KeyQuestion | None:
    """The key question a change ("… went down to inadequate", "has improved its rating from …")
    is of: one named just before it, else the overall rating when "rating" is said of it (its
    own words, or "the rating for Oak House" before it)."""
    kq = _kq_before(sentence, m.start())
    if kq:
        return kq
    said = re.search(r"\brating\b", m.group(0), re.I) or re.search(r"\b(?:the|its|their)\s+rating\s+(?:for|of)\b[^,;]{0,80}$",
                                                                  sentence[max(0, m.start() - 100): m.start()], re.I)
    return KeyQuestion.OVERALL if said else None


def _kq_before(sentence: str, pos: int) -> KeyQuestion | None:
    window = sentence[max(0, pos - 80): pos]
    found = [m for m in P.KQ_RE.finditer(window)]
    if found:
        return P.key_question(found[-1].group(1))
    if re.search(r"overall", window, re.I):
        return KeyQuestion.OVERALL
    if re.search(r"\b(?:its|the|their)\s+rating\s+(?:has\s+|had\s+)?(?:now\s+)?$", window, re.I):
        # "Its rating has improved from Requires improvement to Good"
        return KeyQuestion.OVERALL
    return None


# ----------------------------------------------------------------------------- actions

_AGAINST_RE = re.compile(r"\b(?:the\s+)?(provider|registered manager|manager|location|nominated individual)['’]s\s+registration", re.I)
_SM_PLACED_RE = re.compile(r"\b(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+(?:therefore\s+|now\s+)?in\s+special measures|\b(?:plac(?:e|ed|es|ing)|put)\b[^.]*\b(?:in|into|in to)\s+special measures|\b(?:remain(?:s|ed)?|stayed|kept|still|currently)\s+in\s+special measures|\bentered special measures", re.I)
_CONDITION_RE = re.compile(r"\bconditions?\b(?:[^.]*?\bimposed\b[^,.]*,?)?\s*(?:to|that|requiring\s+(?:it|them|the provider)\s+to)\s+(?P<what>[^.;]+)", re.I)


#: Actions that a recommendation, proposal or plea before them turns into no action (a served
#: notice of proposal stays a step taken: ``patterns.not_taken``).
_NOT_IF_ONLY_PROPOSED = {ActionKind.SPECIAL_MEASURES, ActionKind.SPECIAL_MEASURES_EXIT, ActionKind.CANCELLATION,
                         ActionKind.SUSPENSION, ActionKind.URGENT_SUSPENSION, ActionKind.CONDITION,
                         ActionKind.PROSECUTION, ActionKind.WARNING_NOTICE, ActionKind.WARNING_NOTICE_29A,
                         ActionKind.REQUIREMENT_NOTICE, ActionKind.FIXED_PENALTY, ActionKind.CAUTION}


def actions_in_sentence(s: str, default_instrument: str = P.REGULATED_ACTIVITIES_2014) -> list[Action]:
    """Enforcement and requirement actions one sentence states as taken (not as possible).

    >>> [(a.kind.value, a.count) for a in actions_in_sentence(
    ...     "We also issued the provider with six requirement notice(s).")]
    [('requirement-notice', 6)]
    """
    out: list[Action] = []
    # "the service is therefore in 'special measures'"
    s = re.sub(r"[‘'](special measures|inadequate)[’']", r"\1", s, flags=re.I)
    regs = P.regulations_in(s, default_instrument)
    if P.GENERAL_POWER_RE.search(s):
        return out
    for pattern, kind in P.ENFORCEMENT_WORDS:
        m = pattern.search(s)
        if not m or P.HYPOTHETICAL_RE.search(P.POWERS_USED_RE.sub(" ", s[: m.start()])):
            continue
        if _stated_as_not_taken(s, m, kind):
            continue
        if kind is ActionKind.WARNING_NOTICE and any(a.kind is ActionKind.WARNING_NOTICE_29A for a in out):
            continue
        if kind is ActionKind.SUSPENSION and any(a.kind in (ActionKind.URGENT_SUSPENSION, ActionKind.OTHER) for a in out):
            continue
        if kind is ActionKind.OTHER:
            if not _AGREED_WITH_CQC_RE.search(s):
                continue  # "the provider voluntarily suspended admissions": its own step, no CQC action
            out.append(Action(kind, text=_clip(s)))
            continue
        if kind is ActionKind.SPECIAL_MEASURES:
            if any(a.kind is ActionKind.SPECIAL_MEASURES_EXIT for a in out) or not _SM_PLACED_RE.search(s):
                continue
        if kind is ActionKind.REQUIREMENT_NOTICE and not re.search(
                r"\b(?:issu|serv|sent|gave|given|told|impos|made|set)\w*\b|\b" + P._NUMBER + r"\s+requirement notice", s, re.I):
            continue  # a heading ("Requirement notices") states no notice
        if kind is ActionKind.REQUIREMENT_NOTICE and not re.search(r"\brequirement notice", s, re.I):
            # notices told by what they require: their number and regulations are not stated
            out.append(Action(kind))
            continue
        if kind is ActionKind.REQUIREMENT_NOTICE:
            nm = re.search(r"\b(?P<n>" + P._NUMBER + r")\s+requirement notice", s, re.I)
            n = P.number(nm.group("n")) if nm else None
            plain = [r for r in _notice_regulations(s, m.end(), regs) if not r.is_section]
            if plain and (n is None or n == len(plain)):
                out.extend(Action(kind, regulation=r) for r in plain)
            else:
                out.append(Action(kind, count=n if n and n > 1 else None))
            continue
        if kind is ActionKind.CANCELLATION:
            against = [a.group(1).lower() for a in _AGAINST_RE.finditer(s)]
            if against:
                out.extend(Action(kind, against=a) for a in dict.fromkeys(against))
            else:
                out.append(Action(kind))
            continue
        if kind is ActionKind.PROSECUTION:
            plea = "guilty" if re.search(r"pleaded guilty|pleading guilty|admitted", s, re.I) else None
            out.append(Action(kind, plea=plea, court=_court(s), text=_clip(s)))
            continue
        if kind is ActionKind.CONDITION:
            cm = _CONDITION_RE.search(s)
            out.append(Action(kind, text=" ".join(cm.group("what").split()) if cm else _clip(s)))
            continue
        section = next((r for r in regs if r.is_section), None)
        reg = section if kind in (ActionKind.URGENT_SUSPENSION, ActionKind.SUSPENSION, ActionKind.WARNING_NOTICE_29A) else None
        more: list[Regulation] = []
        if reg is None and kind in (ActionKind.WARNING_NOTICE, ActionKind.WARNING_NOTICE_29A):
            reg, more = _warning_notice_regulations(s, m, regs, section)
        subject = None
        sm = re.search(r"\bin relation to\s+(?:the\s+)?(\w+)", s, re.I)
        if sm and kind in (ActionKind.WARNING_NOTICE, ActionKind.WARNING_NOTICE_29A):
            subject = sm.group(1)
        due = None
        dm = re.search(r"\bby\s+(\d{1,2}\s*[A-Z][a-z]+\s+\d{4})", s)
        if dm and kind in (ActionKind.WARNING_NOTICE, ActionKind.WARNING_NOTICE_29A):
            due = P.parse_date(dm.group(1))
        for r in (reg, *more):
            out.append(Action(kind, regulation=r, duration=P.duration(s) if "SUSPENSION" in kind.name else None,
                              lifted=True if re.search(r"\blifted\b", s, re.I) and "SUSPENSION" in kind.name else None,
                              subject=subject, due_date=due, text=_clip(s) if kind is ActionKind.WARNING_NOTICE else None))
    if not prosecuted_by_another_body(s):
        out.extend(money_actions(s))
    if out and scope.not_the_subjects(s):
        # a round-up, a statistic, a general rule or an action undone names enforcement taken on
        # no one the document is about
        return []
    return out


#: A provider's voluntary suspension told as agreed with CQC ("a voluntary suspension on all
#: admissions … was still in place with the Care Quality Commission", "agreed with us"): a step
#: CQC's enforcement holds. Without CQC in the sentence it is the provider's own decision.
_AGREED_WITH_CQC_RE = re.compile(r"\b(?:with|by)\s+(?:the\s+)?(?:CQC|Care\s+Quality\s+Commission|us)\b", re.I)
_PROSECUTION_WORD_RE = next(p for p, k in P.ENFORCEMENT_WORDS if k is ActionKind.PROSECUTION)


def prosecuted_by_another_body(s: str) -> bool:
    """Whether a sentence tells a prosecution brought by a body other than CQC (the police, the
    Health and Safety Executive), whose fine and costs are no CQC sanction.

    >>> prosecuted_by_another_body("The Health and Safety Executive (HSE) prosecuted the company in 2021.")
    True
    >>> prosecuted_by_another_body("CQC prosecuted the provider, which was fined £4,000.")
    False
    """
    m = _PROSECUTION_WORD_RE.search(s)
    return bool(m and scope.by_another_body(s, m.start(), m.end(), ActionKind.PROSECUTION.name))


#: Actions that stand until they are removed, lifted or ended.
_ENDABLE = {ActionKind.CONDITION, ActionKind.SUSPENSION, ActionKind.URGENT_SUSPENSION, ActionKind.CANCELLATION}


def _stated_as_not_taken(s: str, m: re.Match[str], kind: ActionKind) -> bool:
    """Whether the enforcement word ``m`` of sentence ``s`` names no action taken: one that may
    only follow, an earlier notice met, another body's act, or a recommendation or proposal."""
    if scope.may_follow(s[m.end():], m.group(0)):
        return True  # "Cancellation of the provider's registration could follow"
    if P.DENIED_WITHIN_ACTION_RE.search(m.group(0)):
        return True  # "We have imposed no conditions on the provider's registration"
    if "NOTICE" in kind.name and scope.met_after(s[m.end():]):
        return True  # "The warning notice has been complied with": an earlier notice, met
    if kind in _ENDABLE and scope.ended_after(s[m.end():]):
        return True  # "The conditions on the provider's registration were removed in June 2022"
    if scope.by_another_body(s, m.start(), m.end(), kind.name):
        return True  # "The local authority suspended placements", "… a warning notice by the fire authority"
    if "NOTICE" in kind.name and P.SERVED_AFTER_RE.match(s[m.end():]):
        return False  # "… the requirements of the warning notice we previously served": served, whatever is met now
    return kind in _NOT_IF_ONLY_PROPOSED and P.not_taken(s[: m.start()]) is not None


def _warning_notice_regulations(s: str, m: re.Match[str], regs: list[Regulation],
                                section: Regulation | None) -> tuple[Regulation | None, list[Regulation]]:
    """The regulation of the warning notice ``m`` names, and those of the further notices it
    stands for: notices bound to regulations by their titles are one for each ("two warning
    notices in relation to safe care and treatment and good governance"); one notice for two
    titles cites neither alone."""
    bound = [r for r in _notice_regulations(s, m.end(), regs) if not r.is_section]
    if not regs and len(bound) > 1:
        plural = re.search(r"notices\s*$", m.group(0), re.I) is not None
        return (bound[0], bound[1:]) if plural else (section, [])
    return next(iter(bound), None) or section, []


#: The regulations a notice is bound to by the words right after it: "a requirement notice in
#: respect of regulation 17", "requirement notices for regulations 12 and 17", "… in relation to
#: Regulation 18", "… against regulation 9".
_BOUND_TO_RE = re.compile(r"^\w*\)?\s*(?:\(\w+\)\s*)?(?:in respect of|in relation to|for|against|under|relating to|about)\s+(?:the\s+)?(?:breach(?:es)?\s+of\s+)?"
                          r"(?P<regs>regulations?\s+\d[^.;]*?)(?=\s+and\s+(?:an?|the)\s|[.;]|$)", re.I)


#: A notice bound to a regulation by its title: "a warning notice in relation to safe care and
#: treatment", "… in respect of good governance" (one title, the whole of what follows).
_BOUND_TO_TITLE_RE = re.compile(r"^\w*\s+(?:in respect of|in relation to|relating to|for|about)\s+(?:the\s+)?(?:regulations?\s+(?:on|for|about)\s+)?"
                                # several titles: "two warning notices in relation to safe care and
                                # treatment and good governance", "… staffing, safeguarding and good governance"
                                rf"(?P<title>{P.REGULATION_TITLE_WORDS_RE.pattern}(?:(?:\s*,\s*|\s+and\s+|,\s+and\s+){P.REGULATION_TITLE_WORDS_RE.pattern})*)"
                                r"(?=\s*(?:[,.;]|$|\s+(?:requiring|to|which|by|at|after|and\s+(?:a|an|the|we|CQC|it)\b)))", re.I)


def _notice_regulations(s: str, end: int, regs: list[Regulation]) -> list[Regulation]:
    """The regulations a sentence gives the notice ending at ``end``: those the words after it
    bind it to ("a warning notice in respect of regulation 12 and a requirement notice in respect
    of regulation 17" gives the second notice 17 only), else every one the sentence cites."""
    m = _BOUND_TO_RE.match(s[end:])
    if not m:
        # "a warning notice in relation to safe care and treatment": the regulation of that title
        # (of each title listed)
        t = _BOUND_TO_TITLE_RE.match(s[end:])
        nums = [n for n in (P.regulation_for_title(x) for x in P.REGULATION_TITLE_WORDS_RE.findall(t.group("title")))
                if n] if t else []
        return [Regulation(P.REGULATED_ACTIVITIES_2014, n) for n in dict.fromkeys(nums)] if nums and not regs else regs
    bound = P.regulations_in(m.group("regs"), regs[0].instrument if regs else P.REGULATED_ACTIVITIES_2014)
    return bound or regs


#: A notice whose regulations are the breaches stated just before it: "We issued a requirement
#: notice for each breach", "We issued requirement notices for both regulations", "… for each of
#: these breaches", "… in relation to these breaches".
_FOR_EACH_BREACH_RE = re.compile(
    r"\brequirement notices?\s+(?:for|in respect of|in relation to|relating to|about)\s+(?:each|both|all|these|the|those)\b"
    r"(?:\s+(?:of\s+)?(?:the(?:se)?|those)?\s*(?:two|three|four|five)?\s*(?:breach(?:es)?|regulations?)\b)", re.I)


def _court(s: str) -> str | None:
    m = re.search(r"\bat\s+((?:[A-Z][\w'’-]*\s+){1,4}(?:Magistrates['’]?|Crown|County)\s+Court)", s)
    return m.group(1) if m else None


def _clip(s: str) -> str:
    return " ".join(s.split())[:300]


def money_actions(s: str) -> list[Action]:
    """The fine, costs, victim surcharge and fixed penalty whose amounts a sentence states."""
    out: list[Action] = []
    for m in P.MONEY_RE.finditer(s):
        before, after = s[max(0, m.start() - 40): m.start()].lower(), s[m.end(): m.end() + 45].lower()
        amount = m.group(0).replace(" ", "")
        if P.FINED_BEFORE_RE.search(before) or P.FINE_OF_BEFORE_RE.search(before) or re.match(r"\s*in\s+fines?\b", after):
            if scope.fined_by_another_body(s[m.end():]):
                continue  # "fined £500 by the council": no CQC sanction
            out.append(Action(ActionKind.FINE, amount=amount, court=_court(s), text=f"fined {amount}"))
        elif re.match(r"\s*(?:in\s+|towards\s+(?:the\s+)?(?:cqc['’]s\s+|its\s+)?)?(?:prosecution\s+|legal\s+)?costs\b", after) or re.search(r"\bcosts\s+of\s*$", before):
            # "£12,245 in costs", "ordered to pay costs of £21,565.50",
            # "£14,862.50 in prosecution costs", "£21,338.40 towards CQC's prosecution costs"
            out.append(Action(ActionKind.COSTS, amount=amount, text=f"{amount} costs"))
        elif re.match(r"\s*victim surcharge", after) or re.search(r"\bvictim surcharge\s+of\s*$", before):
            out.append(Action(ActionKind.OTHER, amount=amount, text="victim surcharge"))
        elif re.match(r"\s*fixed penalty", after):
            out.append(Action(ActionKind.FIXED_PENALTY, amount=amount))
    return out


#: What a court orders after a prosecution: a fine, costs, a victim surcharge (``money_actions``).
_COURT_SANCTIONS = {ActionKind.FINE, ActionKind.COSTS, ActionKind.OTHER}

_ONCE = {ActionKind.URGENT_SUSPENSION, ActionKind.SUSPENSION, ActionKind.SPECIAL_MEASURES,
         ActionKind.SPECIAL_MEASURES_EXIT, ActionKind.PROSECUTION}


def actions_in(text: str, default_instrument: str = P.REGULATED_ACTIVITIES_2014) -> list[Action]:
    """Actions stated in prose about the current inspection; suspensions noted as lifted."""
    out: list[Action] = []
    sents = P.sentences(P.unwrapped(text))
    lifted = any(re.search(r"\blifted the suspension|suspension (?:was|has been) lifted", s, re.I) for s in sents)
    last: set[ActionKind] = set()
    others = scope.other_services_named(sents)
    for k, s in enumerate(sents):
        if is_previous_sentence(s) or re.search(r"\blifted\b", s, re.I) or scope.about_named_other(s, others):
            continue
        if scope.undone(s):
            # "The warning notice was later withdrawn", "… and the tribunal allowed the appeal": the
            # action it names, else the one the sentences before it stated last, was not taken ("A
            # charge against the former manager was withdrawn" names another one)
            named = {kind for pattern, kind in P.ENFORCEMENT_WORDS if pattern.search(s)}
            if not named and scope.refers_back(s):
                named = last
            out = [a for a in out if a.kind not in named]
            continue
        stated = _notices_for_the_breaches(actions_in_sentence(s, default_instrument), s, sents[max(0, k - 3): k], default_instrument)
        if k and prosecuted_by_another_body(sents[k - 1]):
            # "The HSE prosecuted the company. The company was fined £80,000.": that court's sanctions
            stated = [a for a in stated if a.kind not in _COURT_SANCTIONS]
        stated = _notices_for_the_regulations_after(stated, sents[k + 1: k + 10], default_instrument)
        last = {a.kind for a in stated} or last
        for a in stated:
            if "SUSPENSION" in a.kind.name and lifted:
                a = dataclasses.replace(a, lifted=True)
            if a.kind is ActionKind.SUSPENSION and any(x.kind is ActionKind.URGENT_SUSPENSION for x in out):
                continue
            if a.kind in _ONCE and any(x.kind is a.kind for x in out):
                continue
            if a not in out or a.kind in (ActionKind.MUST, ActionKind.SHOULD):
                out.append(a)
    if any(a.kind is ActionKind.WARNING_NOTICE_29A for a in out):
        # a headline "CQC issues warning notice to …" restates the section 29A notice
        out = [a for a in out if a.kind is not ActionKind.WARNING_NOTICE]
    if any(a.kind is ActionKind.URGENT_SUSPENSION for a in out):
        # so does a headline "CQC suspends registration of …" the urgent suspension
        out = [a for a in out if a.kind is not ActionKind.SUSPENSION]
    if any(a.kind is ActionKind.CANCELLATION and a.against for a in out):
        # and "CQC cancels registration of …" the cancellation the text says whose it is
        out = [a for a in out if a.kind is not ActionKind.CANCELLATION or a.against]
    # a notice's title over its letter ("WARNING NOTICE") is the notice the letter serves, with
    # the regulation its sentence cites
    out = [a for a in out if not (_TITLE_ONLY_RE.match(a.text or "") and a.regulation is None and a.count is None
                                  and any(b is not a and b.kind is a.kind and b.regulation for b in out))]
    return out


#: A line that is only the name of a notice, as a letter's title: "WARNING NOTICE", "Notice of
#: decision", "Requirement notice".
_TITLE_ONLY_RE = re.compile(r"^\s*(?:(?:section\s+29A?\s+)?warning notice|notice of (?:proposal|decision)|requirement notice)\s*$", re.I)


def _notices_for_the_breaches(found: list[Action], s: str, before: list[str], instrument: str) -> list[Action]:
    """``found`` with a requirement notice "for each breach" (``_FOR_EACH_BREACH_RE``) made one
    notice per regulation the sentences just before it cite (the nearest run of sentences or
    rows that cite any); as read when none does."""
    if not _FOR_EACH_BREACH_RE.search(s) or P.regulations_in(s, instrument):
        return found
    regs: list[Regulation] = []
    for prev in reversed(before):
        cited = [r for r in P.regulations_in(prev, instrument) if not r.is_section]
        if not cited and regs:
            break
        regs = cited + regs
    unique = list({r.number: dataclasses.replace(r, paragraph=None) for r in regs}.values())
    if not unique:
        return found
    out: list[Action] = []
    for a in found:
        if a.kind is ActionKind.REQUIREMENT_NOTICE and a.regulation is None and a.count in (None, len(unique)):
            out.extend(Action(ActionKind.REQUIREMENT_NOTICE, regulation=r) for r in unique)
        else:
            out.append(a)
    return out


#: A sentence that gives the regulations of the notices the one before it states: "We issued
#: requirement notices to the trust. Our action related to breaches of legal requirements …",
#: "These related to regulations 12 and 17", "The regulations not met were:".
_NOTICES_WERE_FOR_RE = re.compile(
    r"^(?:Our\s+action\s+related\s+to|(?:These|They|This|The\s+notices?)\s+(?:related|relate|relates|were|was)\s+(?:to|for|in\s+relation\s+to)|"
    r"The\s+regulations?\s+(?:not\s+met|breached|(?:that\s+)?(?:were|was)\s+not\s+met)\s+(?:were|was|are|is))\b", re.I)


def _notices_for_the_regulations_after(found: list[Action], following: list[str], instrument: str) -> list[Action]:
    """``found`` with requirement notices stated without their regulations made one notice per
    regulation the next sentence gives them (``_NOTICES_WERE_FOR_RE``) and the rows or sentences
    right after it cite; as read when the count stated is another, or none follows."""
    notices = [a for a in found if a.kind is ActionKind.REQUIREMENT_NOTICE and a.regulation is None]
    if len(notices) != 1 or not following or not _NOTICES_WERE_FOR_RE.match(following[0]):
        return found
    regs: list[Regulation] = []
    introduced = True  # the sentence saying what the notices were for, or a lead-in to their list
    for n, line in enumerate(following):
        cited = [r for r in P.regulations_in(line, instrument) if not r.is_section]
        if not cited and regs:
            break  # the rows of regulations end
        if cited and not introduced:
            # "Our action related to breaches of legal requirements at a trust-wide level and in
            # urgent and emergency care. We found a breach of regulation 12 …": regulations cited
            # after a sentence that names none and leads into no list are not said to be the notices'
            return found
        if not cited:
            introduced = line.rstrip().endswith(":") or n > 0 and bool(_NOTICES_WERE_FOR_RE.match(line))
        regs += cited
    unique = list({r.number: dataclasses.replace(r, paragraph=None) for r in regs}.values())
    if not unique or notices[0].count not in (None, len(unique)):
        return found
    out: list[Action] = []
    for a in found:
        out.extend([Action(ActionKind.REQUIREMENT_NOTICE, regulation=r) for r in unique] if a is notices[0] else [a])
    return out


_WHO = r"(?:provider|registered\s+person|trust|hospital|service|practice|location|home|clinic|[\w-]+\s+services?)"
ACTION_HEAD_RE = re.compile(
    # "Action the provider MUST take to improve", "Actions the hospital SHOULD take", "Action the
    # provider MUST take to comply with the regulations", "Action the community health services MUST take"
    rf"^\s*(?:Actions? (?:the|a)\s+{_WHO}\s+\*{{0,2}}(?P<kind>MUST|SHOULD)\*{{0,2}}\s+take"
    r"(?:\s+to\s+(?:improve|comply\s+with\s+(?:the\s+)?(?:regulations|legal\s+requirements)|meet\s+(?:the\s+)?(?:regulations|legal\s+requirements)))?"
    # "The areas where the provider must make improvement are:" (GP reports 2015-2019)
    rf"|The areas? where the provider (?P<kind2>must|should) make improvements?(?:{P.IN_BREACH_CLAUSE})?(?: are| is)?"
    # "We identified regulations the provider was not complying with. They must:" and "There were
    # areas where the provider could make improvements. They should:" (dental
    # reports 2016-2020); "The provider must:" / "The trust should:" lead-ins
    rf"|(?:[^\n]*?\b)?(?:They|The\s+(?:registered\s+)?{_WHO})\s+(?P<kind3>must|should)\s*:"
    # "Areas where the provider should make improvements" (dental and independent health reports)
    rf"|Areas where the {_WHO} (?P<kind4>must|should) make improvements?)\s*:?\s*$", re.M | re.I)
#: One item of a list: the bullets of CQC's pages and of the text of its PDFs ("•", "●", "▪", "",
#: the symbol font's bullet), a dash, a star, a number.
BULLET_RE = re.compile(r"^\s*(?:(?:[-*]|\d+\.)\s+|[•●▪◦·‣\uf0b7\uf0a7]\s*)(?P<text>\S.*)$")


def listed_actions(text: str, instrument: str = P.REGULATED_ACTIVITIES_2014) -> list[Action]:
    """MUST and SHOULD actions listed under their lead-in ("Action the provider MUST take to improve",
    "The areas where the provider must make improvements are:", "They must:"), one per bullet or
    numbered item, with the regulation paragraph each cites."""
    out: list[Action] = []
    heads = list(ACTION_HEAD_RE.finditer(text))
    seen: list[tuple[ActionKind, frozenset[str]]] = []
    for k, head in enumerate(heads):
        word = (head.group("kind") or head.group("kind2") or head.group("kind3") or head.group("kind4") or "").upper()
        kind = ActionKind.MUST if word == "MUST" else ActionKind.SHOULD
        stop = heads[k + 1].start() if k + 1 < len(heads) else len(text)
        lines = [ln for ln in text[head.end(): stop].split("\n") if ln.strip()]
        started, gap = False, 0
        block: list[Action] = []
        for line in lines:
            b = BULLET_RE.match(line)
            if b:
                started, gap = True, 0
                item = b.group("text").strip()
                regs = [r for r in P.regulations_in(item, instrument) if not r.is_section]
                block.append(Action(kind, regulation=regs[-1] if regs else None, text=item))
            elif started:
                gap += 1
                if gap > 1 or not re.match(r"^(?:Summary of|[A-Z][\w ]{0,40}$)", line.strip()):
                    break
        # GP reports print the same list twice, in the Chief Inspector's letter and under
        # "Areas for improvement": a list already read is not counted again
        key = (kind, frozenset(P.norm(a.text or "") for a in block))
        if block and key in seen or block and stop == len(text) and P.list_cut_off(text, block[-1].text or ""):
            # a list read already, or one the excerpt ends inside (its count unknown)
            continue
        seen.append(key)
        out.extend(block)
    return out or _improvement_lines(text, instrument)


#: A line under "Areas for improvement" that is itself an action: "The service should consider how
#: it records …", "The provider must ensure …".
_IMPROVEMENT_LINE_RE = re.compile(rf"^\s*The\s+{_WHO}\s+(?P<kind>must|should)\s+(?!be\b)\w", re.I)


def _improvement_lines(text: str, instrument: str) -> list[Action]:
    """Actions written one a line without bullets straight under the heading "Areas for
    improvement" (hospice and independent health reports): each line that says what the service
    must or should do, up to the first line that does not."""
    m = re.search(r"^Areas for improvement[ \t]*\n", text, re.M)
    if not m:
        return []
    out: list[Action] = []
    for line in text[m.end():].split("\n"):
        row = _IMPROVEMENT_LINE_RE.match(line)
        if not row:
            break
        regs = [r for r in P.regulations_in(line, instrument) if not r.is_section]
        kind = ActionKind.MUST if row.group("kind").lower() == "must" else ActionKind.SHOULD
        out.append(Action(kind, regulation=regs[-1] if regs else None, text=line.strip()))
    return out


def requirement_notices_section(text: str) -> list[Action]:
    """The requirement notices a report's closing section of them states: one action, with the
    number of regulations its table lists when there are several (``count``); a section whose
    table lists no regulation states none."""
    m = P.REQUIREMENT_NOTICES_SECTION_RE.search(text)
    if not m:
        return []
    regulations = {r.group("num") for r in P.REGULATION_TITLE_RE.finditer(m.group("body"))}
    if not regulations:
        return []
    return [Action(ActionKind.REQUIREMENT_NOTICE, count=len(regulations) if len(regulations) > 1 else None)]


def special_measures(actions: list[Action] | tuple[Action, ...]) -> bool | None:
    if any(a.kind is ActionKind.SPECIAL_MEASURES for a in actions):
        return True
    return None


# ----------------------------------------------------------------------------- inspections

_VISIT_RE = re.compile(
    r"\b(?:visit(?:ed|s)?|inspect(?:ed|ion)|took place|carried out|returned|assessment)\b", re.IGNORECASE)
_SIGNER_ROLE_RE = re.compile(
    r"^(?:(?:Deputy|Interim|Acting)\s+)?(?:Chief Inspector|Head of|Inspection Manager|Director of|Chief Executive)[^\n]{0,80}$"
)
_NAME_RE = re.compile(r"^(?:(?:Dr|Professor|Prof)\.?\s+)?[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+){1,3}$")


#: A plan or a target is not a visit: "our target of visiting 15% of practices by 1 April 2012",
#: "we will return to check". A date after "by"/"before"/"until" is a deadline.
_PLAN_RE = re.compile(r"\b(?:target|will|intend(?:s|ed)? to|plan(?:s|ned)? to|aim(?:s|ed)? to)\b", re.I)
_DEADLINE_RE = re.compile(r"\b(?:by|before|until)\s*(?:the\s+)?$", re.I)


#: An earlier inspection dated where it is named: "At the previous, comprehensive inspection on 1
#: September 2015 we found …", "At our last inspection on 3 October 2013 …".
_EARLIER_ON_RE = re.compile(r"\b(?:last|previous|prior|earlier),?\s+(?:[\w-]+\s+){0,2}inspection\s+(?:on|of)\s+", re.I)


def earlier_inspection_days(text: str) -> set[str]:
    """The days ``text`` gives to an earlier inspection where it names one."""
    days: set[str] = set()
    for m in _EARLIER_ON_RE.finditer(text):
        for start, end, date in P.iter_dates(text[m.end(): m.end() + 60]):
            if date.start() == 0:
                days.update(d.iso for d in (start, end) if d is not None and d.iso and d.precision.value == "day")
            break
    return days


#: A day run into the word before it, as printed: "This inspection was carried out on the3 May 2019".
_GLUED_DAY_RE = re.compile(r"(?<=\bthe)(?=\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4})")


#: Contact that is not a visit: "spoke with 12 people … by telephone between 3 February and 14
#: February 2025", "in a telephone conversation on 4 November 2019", "video calls", "remote clinical
#: searches on 21 June 2023".
_BY_PHONE_RE = re.compile(r"\b(?:by (?:tele)?phone|telephone (?:calls?|conversations?|interviews?)|video calls?|remotely|"
                          r"remote (?:clinical )?searches)\b", re.I)


#: An inspection's span, not its visits: "This comprehensive inspection took place between 1 and
#: 6 March 2018" (``timeline`` reads its end).
_SPAN_BETWEEN_RE = re.compile(r"\btook place\s+between\s*$", re.I)
SPAN_BETWEEN_RE = re.compile(r"\btook place\s+between\s+(?P<span>[^.]+)", re.I)


def _since_last_visit(before: str) -> str:
    """The words of a sentence since its last mention of a visit: what a date right after them
    is about ("We visited the office on 30 January and spoke with people by telephone between …")."""
    visits = list(re.finditer(r"\bvisit", before, re.I))
    return before[visits[-1].end():] if visits else before


def visit_dates(text: str) -> list[PartialDate]:
    """Day-precision dates of visits stated in sentences about visiting or inspecting; a day the
    text gives to an earlier inspection is none of this one's, wherever it is repeated ("to check
    the improvements planned after our comprehensive inspection on 1 September 2015")."""
    dates: list[PartialDate] = []
    earlier = earlier_inspection_days(text)
    for s in P.sentences(text, unwrap=True):  # "carried out a visit on" / "12 April 2011"
        s = _GLUED_DAY_RE.sub(" ", s)
        if not _VISIT_RE.search(s) or is_previous_sentence(s) or P.ACTIVITY_SPAN_RE.search(s):
            continue
        if re.search(r"\b(?:published|publication|moved|notice in|registered|since)\b", s, re.I):
            if not re.search(r"\bvisit", s, re.I):
                continue
        if _PLAN_RE.search(s):
            continue
        for start, end, m in P.iter_dates(s):
            if _DEADLINE_RE.search(s[:m.start()]) or _BY_PHONE_RE.search(_since_last_visit(s[:m.start()])):
                continue
            if end is not None and _SPAN_BETWEEN_RE.search(s[:m.start()]):
                continue  # "took place between 1 and 6 March 2018": a span, not two visits
            for d in (start, *P.listed_days(m.group(0)), end):
                if d is not None and d.precision.value == "day" and d.iso not in {x.iso for x in dates} | earlier:
                    dates.append(d)
    return sorted(dates, key=lambda d: d.iso or "")


def signed_by(text: str) -> Person | None:
    """The inspector who signed a summary: a name line followed by a role line."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    for i, line in enumerate(lines[1:], start=1):
        if _SIGNER_ROLE_RE.match(line) and _NAME_RE.match(lines[i - 1]):
            return Person(lines[i - 1], line)
    return None


#: A heading naming one inspection by its days and kind, over the paragraphs about it (an entry of
#: a page's history): "13 April 2021 – Focused inspection", "1 and 3 December 2020 - Comprehensive
#: inspection", "March 2019: Responsive inspection".
_DATED_ENTRY_HEADING_RE = re.compile(
    rf"^[ \t]*(?:\d{{1,2}}(?:\s*(?:and|to|-|–)\s*\d{{1,2}})?\s+)?{P._MONTH}\s+\d{{4}}\s*[-–—:]\s*"
    r"(?:\w+\s+){0,3}?(?:inspection|assessment|review)\s*$", re.I | re.M)
#: A heading after a blank line: a short line with no closing stop.
_HEADING_AFTER_BLANK_RE = re.compile(r"\n[ \t]*\n[ \t]*(?=[^\s][^\n]{0,70}[^.,;:\s][ \t]*\n)")


def dated_entries(text: str) -> list[tuple[int, int, PartialDate]]:
    """(start, end, day) of each entry of ``text`` headed by one inspection's date
    (``_DATED_ENTRY_HEADING_RE``), up to the next heading after a blank line.

    >>> [(d.iso, text[a:b].split()[-1]) for text in ["1 May 2020 – Focused inspection\\nSafe was inadequate.\\n\\nOur findings\\n"]
    ...  for a, b, d in dated_entries(text)]
    [('2020-05-01', 'inadequate.')]
    """
    out: list[tuple[int, int, PartialDate]] = []
    for m in _DATED_ENTRY_HEADING_RE.finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        day = P.parse_date(re.split(r"\s[-–—:]\s|[–—:]", m.group(0).strip())[0])
        if day is None or day.iso is None:
            continue
        nxt = _HEADING_AFTER_BLANK_RE.search(text, m.end())
        out.append((m.start(), nxt.start() if nxt else len(text), day))
    return out


def without_dated_entries(text: str) -> str:
    """``text`` with the entries headed by an inspection's date (``dated_entries``) blanked out:
    what they say is that inspection's, not the current one's.

    >>> without_dated_entries("We rated it good.\\n\\n1 May 2020 – Focused inspection\\nSafe was rated inadequate.\\n")
    'We rated it good.\\n\\n\\n\\n'
    """
    out, at = [], 0
    for start, end, _day in dated_entries(text):
        out += [text[at:start], "\n" * text.count("\n", start, end)]
        at = end
    out.append(text[at:])
    return "".join(out)


def ratings_of(body: str) -> list[Rating]:
    """The ratings the prose and rating lines of an inspection's summary state."""
    return list(merge_ratings(ratings_in(body), kq_lines(body), service_ratings_in(body), population_group_ratings(body)))


def inspection_details(body: str, default_instrument: str = P.REGULATED_ACTIVITIES_2014) -> dict:
    """Fields of an Inspection that the prose of its summary states (the ratings and visit days in
    a history's entries headed by their own inspection's date, ``dated_entries``, are not its own)."""
    own = without_dated_entries(body)
    ratings = ratings_of(own)
    changes, _prev = changes_in(body)
    actions = actions_in(body, default_instrument) + listed_actions(body, default_instrument)
    actions += stated_totals(body, actions)
    kqs = key_questions_inspected(body)
    return {
        "visit_dates": tuple(visit_dates(own)),
        "announced": P.announcement(body),
        "methodology": P.methodology(body),
        "ratings": tuple(ratings),
        "changes": tuple(changes),
        "actions": tuple(actions),
        "special_measures": special_measures(actions),
        "signed_by": signed_by(body),
        "key_questions_inspected": tuple(kqs),
        "breaches": tuple(breaches_stated(body)),
    }


def stated_totals(body: str, read: list[Action]) -> list[Action]:
    """The MUST and SHOULD actions an inspection's summary counts and does not list ("We told the
    trust that it must take 22 actions to improve and 31 actions it should take"): that many of
    each kind none of ``read`` is, a sentence about an earlier inspection left out
    (``patterns.action_totals``).

    >>> [a.kind.value for a in stated_totals("We told the trust that it must take two actions to improve.", [])]
    ['must', 'must']
    """
    own = "\n".join(s for s in P.sentences(P.unwrapped(without_dated_entries(body))) if not is_previous_sentence(s))
    kinds = {a.kind for a in read}
    out: list[Action] = []
    for word, n in P.action_totals(own).items():
        kind = ActionKind.MUST if word == "must" else ActionKind.SHOULD
        if kind not in kinds:
            out += [Action(kind)] * n
    return out


def kq_lines(text: str) -> list[Rating]:
    """"Safe - Good" lines."""
    out = []
    for line in text.split("\n"):
        # also "Safe Good", "Safe<TAB>Inadequate", "Is the service safe? Good" (patterns.KQ_RATING_LINE_RE)
        m = _KQ_LINE_RE.match(line.strip()) or P.KQ_RATING_LINE_RE.match(line.strip())
        if m:
            kq, value = P.key_question(m.group("kq")), P.parse_rating(m.group("value"))
            if kq and value:
                out.append(Rating(kq, value))
    return out


_KQ_INSPECTED_RE = re.compile(
    r"\b(?:inspected|looked at|followed up on|looked at the following)\s+(?:the\s+)?(?:key\s+questions?\s+(?:of\s+)?|"
    r"\d+\s+key question areas?:?\s*|following key questions:?\s*)(?P<list>[^.]*)",
    re.IGNORECASE,
)


def key_questions_inspected(text: str) -> list[KeyQuestion]:
    """"We inspected the key questions of safe and well-led only", "looked at the
    following key questions: • Safe • Effective", "We looked at 3 Key Question areas:
    Safe, Caring and Responsive"."""
    m = _KQ_INSPECTED_RE.search(text)
    if m:
        seg = m.group("list")
        if seg.strip().startswith(("•", "-", "*")) or not seg.split("\n")[0].strip():
            bullets = re.match(r"\s*((?:[•*-][^\n]*\n?\s*)+)", seg)
            seg = bullets.group(1) if bullets else ""
        seg = re.split(r"\band\s+\d+\s+Quality", seg, flags=re.I)[0]
        return [k for k in P.key_questions_in(seg) if k is not KeyQuestion.OVERALL]
    m = re.search(r"looked at the following key questions:?\s*\n(?P<list>(?:\s*[•\-*].*\n?)+)", text, re.I)
    if m:
        return P.key_questions_in(m.group("list"))
    return []


# ----------------------------------------------------------------------------- earlier inspections

#: An earlier inspection's date where it is named: a day, days listed ("on 2 and 9 June 2015",
#: "on 17 and 18 October 2017") or a month.
_EARLIER_DAYS = r"\d{1,2}(?:(?:,\s*|\s+and\s+)\d{1,2})*\s*[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{4}"
_EARLIER_RE = re.compile(
    # "At our previous inspection on 2 and 9 June 2015", "The last time we inspected, on 12 January
    # 2016,", "The last inspection, under our previous approach, was on 3 and 4 December 2019"
    rf"\b(?:last|previous|prior|earlier),?\s+(?:\w+\s+){{0,3}}?inspect\w*,?\s+(?:(?!published\b|publication\b|report\b)[\w,]+\s+){{0,5}}?(?:in|on|of)\s+(?:the\s+)?(?P<date>{_EARLIER_DAYS})"
    # "We previously inspected this service on 17 and 18 October 2017"
    rf"|\b[Ww]e\s+previously\s+inspected\s+(?:\w+\s+){{0,3}}?(?:in|on)\s+(?P<date5>{_EARLIER_DAYS})"
    r"|\blast inspected\s+(?:\w+\s+){0,3}?(?:in|on)\s+(?P<date2>\d{1,2}\s*[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{4})"
    # a year alone: "We last inspected this location in 2014 when it was rated outstanding overall"
    r"|\blast inspected\s+(?:\w+\s+){0,3}?in\s+(?P<year>(?:19|20)\d\d)\b(?!\s*[-/])"
    # what a follow-up follows up: "breaches of regulations identified at our inspection in May
    # 2022, when we rated the service as Requires improvement overall", "breaches in regulations
    # identified at the inspection in May 2016"
    r"|\bidentified at (?:our|the) (?:[\w-]+\s+){0,2}?inspection\s+(?:in|on)\s+(?P<date3>\d{1,2}\s*[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{4})"
    # an inspection told with what followed it: "We inspected this location in February 2020
    # following which CQC took enforcement action", "We inspected this service in June 2017 and
    # rated it good" (a month of the current inspection's days is that inspection, not an earlier one)
    r"|\bWe inspected this (?:location|service|practice|home|hospital|clinic)\s+(?:in|on)\s+(?P<date4>\d{1,2}\s*[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{4})"
    r"(?=,?\s+(?:following which|after which|and rated it|when we rated it|when it was rated)\b)"
    # the services not inspected this time, rated at an earlier inspection: "the ratings for these
    # services are from our inspection in October 2016", "their ratings from our inspection in July
    # 2016 have been combined with this inspection's ratings", "Their ratings from our previous
    # comprehensive inspection in November 2018 remain in place"
    r"|\bratings\s+(?:for\s+(?:these|those|the)\s+(?:[\w-]+\s+){0,2}?)?(?:are\s+|were\s+)?from\s+(?:our|the)\s+"
    r"(?:(?:previous|last|earlier)\s+)?(?:(?:comprehensive|focused|announced|unannounced)\s+)?inspections?\s+(?:in|on|of)\s+"
    r"(?P<date6>\d{1,2}\s*[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{4})",
)


#: The last inspection's overall rating told with no date: "At our last inspection we rated the
#: service Good." (adult social care summaries 2017-2019).
_LAST_RATED_RE = re.compile(
    rf"\bAt (?:our|the) (?:last|previous) inspection,?\s+we rated (?:the|this) (?:service|home|practice|location)\s+(?:as\s+)?(?P<value>{P.RATING_ALT})\s*\.", re.I)


#: An earlier inspection's report published, in its sentence ("was on 3 and 4 December 2019
#: (report published 20 January 2020)") or opening the next ("Our last inspection was on 8 June
#: 2022. The report was published on 2 August 2022.").
_EARLIER_PUBLISHED_RE = re.compile(r"^[\s,(]*(?:the\s+)?report\s+(?:of\s+(?:that|this|the)\s+inspection\s+)?(?:was\s+)?published\s+(?:on\s+)?"
                                   r"(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+(?:19|20)\d\d)\b", re.I)


def _report_published(rest: str, following: list[str]) -> PartialDate | None:
    """The publication of the earlier inspection a sentence dates (``rest``: what follows its date)."""
    nxt = following[0] if following else ""
    # a bracket the sentence splitter cut where its year wrapped: "(report published 20 January" / "2020)."
    m = _EARLIER_PUBLISHED_RE.match(f"{rest} {nxt}") or _EARLIER_PUBLISHED_RE.match(nxt)
    return P.parse_date(m.group("date")) if m else None


def earlier_inspections(text: str, current: AbstractSet[str] = frozenset()) -> list[Inspection]:
    """Inspections a text describes as earlier ("The service was last inspected in July 2017 and
    was rated as Good"), each with the ratings its sentence states (is_previous=True)."""
    found: dict[str, Inspection] = {}
    said = P.sentences(text, unwrap=True)  # "At our previous inspection" / "on 2 and 9 June 2015"
    for n, s in enumerate(said):
        m = _EARLIER_RE.search(s)
        if not m:
            continue
        stated = m.group("date") or m.group("date2") or m.group("date3") or m.group("date4") or m.group("date5") or m.group("date6")
        date = P.parse_date(stated) or P.iso_date(m.group("year"))
        if date is None or date.iso in current or (m.group("date4") and any(c.startswith(date.iso or "?") for c in current)):
            continue
        tail = s[m.start():]
        ratings = [r for r in ratings_in_sentence(tail)]
        ratings = [r for r in ratings if not r.carried_over]
        end = date if date.precision.value == "day" else None
        listed = P.joined_days(stated) if stated else ()
        if listed:
            end = listed[-1]  # "on 2 and 9 June 2015": the days listed, each a visit of that inspection
        elif (m.group("date") or m.group("date5")) and date.precision.value == "day" and re.search(r"\bon\s+$", s[: m.start("date" if m.group("date") else "date5")]):
            # "The last time we inspected, on 12 January 2016", "Our last inspection was on 8 June
            # 2022": the one day of the earlier inspection, visited
            listed = (date,)
        insp = found.get(date.iso or "")
        if insp is None:
            found[date.iso or ""] = Inspection(start_date=date, end_date=end, ratings=tuple(ratings), is_previous=True,
                                               visit_dates=listed, publication_date=_report_published(s[m.end():], said[n + 1: n + 2]))
        else:
            found[date.iso or ""] = dataclasses.replace(insp, ratings=merge_ratings(insp.ratings, ratings))
    joined = P.PREVIOUS_BRACKET_WRAPPED_RE.sub(lambda b: " ".join(b.group(0).split()), text)
    for s in P.sentences(P.unwrapped(joined)):  # a phrase may wrap over lines: "… good overall in" / "August 2016."
        for insp in _stated_previous(s):
            if insp.start_date:
                k = insp.start_date.iso or ""
            else:
                k = "published:" + ((insp.publication_date.iso if insp.publication_date else None) or "")
            if insp.start_date and insp.start_date.iso in current:
                continue
            if k in found:
                # one earlier inspection mentioned twice: "identified at the inspection in May
                # 2016" and "(Previous inspection May 2016 – Good overall …)"
                had = found[k]
                found[k] = dataclasses.replace(had, ratings=merge_ratings(had.ratings, insp.ratings),
                                               special_measures=had.special_measures or insp.special_measures,
                                               actions=had.actions or insp.actions)
                continue
            found[k] = insp
    if not found and (undated := _LAST_RATED_RE.search(text)):
        # "At our last inspection we rated the service Good." and no date for it anywhere
        found[""] = Inspection(ratings=(Rating(KeyQuestion.OVERALL, P.rating_word(undated.group("value"))),), is_previous=True)
    _with_placed_in_special_measures(text, found)
    # a month-only mention of a day already known is the same inspection
    days = [k for k in found if len(k) == 10]
    return [v for k, v in found.items() if not (len(k) == 7 and any(d.startswith(k) for d in days))]


#: A service placed in special measures, as a past event: "The practice had been placed in special
#: measures in September 2016", "was rated Inadequate overall and placed into special measures".
_PLACED_IN_SM_RE = re.compile(r"\b(?:was|were|had been|has been)\s+(?:[^.]{0,80}?\band\s+)?(?:placed|put)\s+(?:in|into|in to)\s+special measures\b", re.I)


def placed_in_special_measures(text: str) -> set[str]:
    """The months ("2016-09") a text says a service was placed in special measures at an
    inspection of (``_PLACED_IN_SM_RE``): "placed in special measures in September 2016", "At its
    previous inspection in February 2019 the practice was … placed into special measures"."""
    months: set[str] = set()
    for s in P.sentences(text):
        if _PLACED_IN_SM_RE.search(s):
            months |= {(d.iso or "")[:7] for d, _e, _m in P.iter_dates(s) if d.iso and len(d.iso) >= 7}
    return months


def with_earlier_special_measures(inspection: Inspection, months: AbstractSet[str]) -> Inspection:
    """``inspection``, an earlier one, placed in special measures when it is of one of ``months``."""
    if not inspection.is_previous or inspection.special_measures or not inspection.start_date \
            or (inspection.start_date.iso or "")[:7] not in months:
        return inspection
    return dataclasses.replace(inspection, special_measures=True,
                               actions=(*inspection.actions, Action(ActionKind.SPECIAL_MEASURES)))


def _with_placed_in_special_measures(text: str, found: dict[str, Inspection]) -> None:
    """Mark in ``found`` (earlier inspections by date) the one the text says the service was
    placed in special measures at."""
    months = placed_in_special_measures(text)
    for k, insp in found.items():
        found[k] = with_earlier_special_measures(insp, months)


def recalled_inspection(text: str) -> tuple[Inspection | None, str]:
    """The inspection a follow-up's letter recalls, and the text without the sentences that
    recall it: from the sentence narrating it ("We previously carried out an announced
    comprehensive inspection at Radbrook Green Surgery on 20 November 2018") to the one pointing
    to its report ("The full comprehensive report on the November 2018 inspection can be found
    …"), with the ratings stated between ("Overall the practice was rated as good with requires
    improvement for providing safe services", "The overall rating for the service was requires
    improvement"). The narrated date must fall in the month the pointer names.

    >>> i, rest = recalled_inspection("We carried out an announced comprehensive inspection at Oak Surgery on "
    ...     "10 and 11 May 2017. The overall rating for the practice was good. The full comprehensive report "
    ...     "on the May 2017 inspection can be found on our website. We carried out this review on 2 May 2018.")
    >>> i.start_date.iso, i.end_date.iso, [(r.key_question.value, r.value.value) for r in i.ratings], rest
    ('2017-05-10', '2017-05-11', [('overall', 'good')], 'We carried out this review on 2 May 2018.')
    """
    for para in text.split("\n"):
        pointer = P.RECALLED_REPORT_RE.search(para)
        month = P.parse_date(pointer.group("date")) if pointer else None
        if not pointer or month is None or month.iso is None:
            continue
        said = P.sentences(para)
        end = next((n for n, s in enumerate(said) if P.RECALLED_REPORT_RE.search(s)), len(said))
        start = next((n for n in range(end - 1, -1, -1) if _narrates_month(said[n], month.iso[:7])), None)
        if end == len(said) or start is None:
            continue
        first, last, visits = narrated_visits(said[start])[0]
        ratings: list[Rating] = []
        for s in said[start + 1: end]:
            ratings += ratings_in_sentence(s)
            ratings += [Rating(KeyQuestion.OVERALL, P.rating_word(m.group("value"))) for m in P.RECALLED_OVERALL_RE.finditer(s)]
        listed = tuple(d for d in P.listed_days(said[start]) if d.precision.value == "day") or visits
        recalled = Inspection(start_date=first, end_date=last or first, visit_dates=listed, is_previous=True,
                              announced=P.announcement(said[start]), methodology=P.methodology(said[start]),
                              ratings=merge_ratings(ratings))
        kept = " ".join(said[:start] + said[end + 1:])
        return recalled, text.replace(para, kept, 1)
    return None, text


def _narrates_month(sentence: str, month: str) -> bool:
    """Whether ``sentence`` narrates an inspection whose first day falls in ``month`` ("2017-01")."""
    return any((start.iso or "").startswith(month) for start, _end, _visits in narrated_visits(sentence))


def _stated_previous(sentence: str) -> list[Inspection]:
    """Earlier inspections stated in one phrase: "The last rating for this service was Good
    (published 12 September 2017)", "(Previous inspection October 2015 – Good)", "was previously
    inspected in August 2016 and rated good overall" (``patterns``)."""
    out: list[Inspection] = []
    m = P.LAST_RATING_RE.search(sentence)
    if m:
        date = P.parse_date(m.group("date"))
        if date:
            out.append(Inspection(publication_date=date, ratings=(Rating(KeyQuestion.OVERALL, P.rating_word(m.group("value"))),),
                                  is_previous=True))
    for m in list(P.PREVIOUS_BRACKET_RE.finditer(sentence)) + list(P.PREVIOUSLY_RE.finditer(sentence)):
        groups = m.groupdict()
        date = P.parse_date(groups.get("date") or groups.get("date1") or groups.get("date2"))
        value = P.parse_rating(groups.get("value") or groups.get("value1") or groups.get("value2"))
        if date and value:
            end = date if date.precision.value == "day" else None
            # "previously rated inadequate overall and placed into special measures following an
            # inspection in January 2020"
            sm = bool(re.search(r"\b(?:placed|put)\s+(?:in|into|in to)\s+special measures", m.group(0), re.I))
            ratings = [Rating(KeyQuestion.OVERALL, value)]
            for t in P.TAIL_KQ_RATING_RE.finditer(groups.get("tail") or ""):
                ratings += [Rating(kq, P.rating_word(t.group("value"))) for kq in P.key_questions_in(t.group("kqs"))]
            out.append(Inspection(start_date=date, end_date=end, ratings=tuple(ratings), is_previous=True,
                                  special_measures=True if sm else None,
                                  actions=(Action(ActionKind.SPECIAL_MEASURES),) if sm else ()))
    return out


def breaches_listed(text: str) -> list[Breach]:
    """Breaches listed in prose: "Five breaches of regulations were identified ..., relating to;
    a; b; and c."."""
    out: list[Breach] = []
    m = re.search(r"\bbreach(?:es)? of (?:the )?regulations?\b[^.]*?\brelating to[;:,]?\s*(?P<list>[^.]+)", text, re.I)
    if not m:
        return out
    for item in re.split(r";|\band\s+(?=a failure|how\b)", m.group("list")):
        item = re.sub(r"^\s*(?:and\s+)?(?:a\s+)?", "", item).strip(" ,;")
        if len(item) > 8:
            out.append(Breach(None, title=item))
    return out



def _subjects(listed: str) -> list[str]:
    """The subjects of a list: official titles first (they contain "and"), the rest split at
    commas, semicolons and "and"."""
    out: list[tuple[int, str]] = []
    rest = listed
    for m in P.REGULATION_TITLE_WORDS_RE.finditer(listed):
        # words written before a title in the same item are part of it ("promoting dignity and respect")
        lead = re.search(r"(?:(?<=[,;])|^)\s*(?P<words>(?:(?!and\b)[a-z]+\s+){1,2})$", listed[:m.start()])
        start = m.start() - len(lead.group("words")) if lead else m.start()
        out.append((start, listed[start:m.end()]))
        rest = rest[:start] + " ; " + " " * (m.end() - start - 3) + rest[m.end():]
    pos = 0
    for chunk in re.split(r"(;|,|\bas well as\b|\band\b)", rest):
        item = chunk.strip(" ,;")
        item = re.sub(r"^(?:and|the|a)\s+", "", item, flags=re.I).strip()
        # what is left of an item after its official title ("the safe care and treatment | of
        # people") is no subject of its own
        if re.match(r"(?:of|for|to|in|at|with|by)\b", item, re.I):
            pos += len(chunk)
            continue
        # a citation in the list ("… in relation to Regulation 12, safe care and treatment") is read
        # as one (``patterns.breaches_cited``), not as a subject
        cites = bool(P.REGULATION_RE.match(item))
        if len(item) > 3 and chunk not in (";", ",", "and", "as well as") and re.search(r"[a-z]{4}", item, re.I) and not cites:
            out.append((pos, item))
        pos += len(chunk)
    return [t for _p, t in sorted(out)]


#: One item of a list of breaches named by title, each with its regulation in brackets after it:
#: "safe care and treatment (regulation 12)", "and good governance (Regulation 17)".
_TITLE_THEN_CITATION_RE = re.compile(
    r"(?:^|[,;]|\band\b)\s*(?:the\s+)?(?P<title>[A-Za-z][A-Za-z ,'’-]{2,80}?)\s*\(\s*[Rr]egulation\s+(?P<num>\d{1,2}[A-Z]?)\b[^)]*\)")


def _titles_with_citations(listed: str) -> list[Breach]:
    """The breaches of a list that gives each title with the regulation in its brackets ("safe
    care and treatment (regulation 12), staffing (regulation 18) and good governance (regulation
    17)"), each regulation once; none for a list of fewer than two such items."""
    paired = list(_TITLE_THEN_CITATION_RE.finditer(listed))
    if len(paired) < 2:
        return []
    out: dict[str, str] = {}
    for pm in paired:
        out.setdefault(pm.group("num"), pm.group("title").strip())
    return [Breach(P.Regulation(P.REGULATED_ACTIVITIES_2014, num), title=title) for num, title in out.items()]


def breaches_stated(text: str, earlier: bool = False) -> list[Breach]:
    """Breaches a summary states by their subject, without always citing the regulation: "We
    have identified breaches in relation to safe care and treatment and good governance at this
    inspection", "We found a breach of regulation in relation to safe
    care and treatment (Regulation 12)". The regulation is set when the sentence
    cites it or the subject is a 2014 regulation's official title (``patterns``). Breaches stated
    by citation ("in breach of Regulation 17", "did not meet regulations 12 and 17", "failed to
    comply with Regulation 18 of the Registration Regulations 2009": ``patterns.BREACH_WORDING``)
    are read too. Conditional or general wording states none. Sentences about an earlier
    inspection are read only with ``earlier=True`` (and then only they are)."""
    out: list[Breach] = []
    seen: set[str] = set()
    sentences = P.sentences(P.unwrapped(text))
    # the rows of a table of regulations not met, read where the table heads them
    tabled = table_breaches(text) if P.BREACH_TABLE_HEAD_RE.search(text) else []
    for n, s in enumerate(sentences):
        following = sentences[n + 1] if n + 1 < len(sentences) else ""
        # an earlier breach the next sentence says goes on is a breach of this inspection too
        # (and so is a breach found now that was "also found at our last inspection")
        goes_on = not earlier and bool(P.CONTINUED_BREACH_RE.search(following) or P.ALSO_FOUND_BEFORE_RE.search(s))
        if _about_earlier(sentences, n) != earlier and not goes_on:
            continue
        for subject in _non_compliant_subjects(s, sentences[n + 1] if n + 1 < len(sentences) else ""):
            if subject.lower() not in seen:
                seen.add(subject.lower())
                out.append(_non_compliance(subject))
        stated_here = P.breaches_cited(s)
        for reg, title, _family in stated_here:
            key = _cited_key(reg, [r for r, _t, _f in stated_here])
            if key == reg.number and f"{P.REGISTRATION_2009}:{key}" in seen and not P.instrument_for(s, ""):
                continue  # "This was a breach of regulation 18" after the Registration regulation 18: that one
            if key in seen:
                continue
            seen.add(key)
            out.append(Breach(reg, title=title))
        _add_new(out, seen, _planned_to_meet(s, sentences[n + 1:]))
        for b in tabled:
            # the row's sentence: its regulation and title, or its regulation with the title on the next line
            if b.regulation and b.regulation.number not in seen and (
                    P.REGULATION_TITLE_RE.search(s) or re.match(rf"(?:Regulation:\s*)?Regulation\s+{re.escape(b.regulation.number)}\s+HSCA\b", s)):
                seen.add(b.regulation.number)
                out.append(b)
        _add_new(out, seen, [*_standards_named(s), *_outcomes_named(s)])
        standard = _standard_not_met(sentences, n)
        if standard and standard.regulation and standard.regulation.number not in seen:
            seen.add(standard.regulation.number)
            out.append(standard)
        if P.BREACH_LIST_LEAD_RE.search(s) and not (P.BREACH_NOT_FINDING_RE.search(s) or P.NO_BREACH_RE.search(s)):
            _add_new(out, seen, _listed_breach_items(sentences[n + 1:], P.unwrapped(text).split("\n")))
        # every statement of the sentence: "…, which breached the regulation on safe care and
        # treatment, and the staffing levels breached the regulation on staffing"
        matches = (_each_statement(P.STATED_BREACH_RE, s) or _each_statement(P.STATIVE_BREACH_RE, s)
                   or _each_statement(P.PASSIVE_BREACH_RE, s) or _each_statement(P.TITLE_BEFORE_REGULATION_RE, s)
                   or _each_statement(P.TITLES_ALONE_RE, s))
        named = _named_next(s, following) if not matches else None
        for m in matches or ([named] if named else []):
            if (P.BREACH_BOILERPLATE_RE.search(s[:m.start()]) or P.BREACH_DENIED_RE.search(s[:m.start()])
                    or P.BREACH_NOT_OURS_RE.search(s[:m.start()])):
                continue
            standards = _subjects_2010(m.group("list"), s)
            if standards:
                _add_new(out, seen, standards)
                continue
            listed = m.group("list")
            paired = _titles_with_citations(listed)
            if paired:
                out += [b for b in paired if b.regulation and b.regulation.number not in seen]
                seen.update(b.regulation.number for b in paired if b.regulation)
                continue
            cited = P.regulations_in(listed)
            listed = P.SUBJECTS_END_RE.split(listed)[0]
            titles = _subjects(listed)
            if not titles:
                continue
            for title in titles:
                official = P.REGULATION_TITLE_WORDS_RE.search(title)
                num = P.regulation_for_title(title) or (P.regulation_for_title(official.group(0)) if official else None)
                if num is None and len(cited) == 1 and len(titles) == 1:
                    num = cited[0].number
                key = num or title.lower()
                if key in seen:
                    continue
                seen.add(key)
                out.append(Breach(P.Regulation(P.REGULATED_ACTIVITIES_2014, num) if num else None, title=title))
    return out


def _planned_to_meet(sentence: str, following: list[str]) -> list[Breach]:
    """The earlier breaches a provider's plan to meet them names (``patterns.PLAN_TO_MEET_RE``):
    the regulations its list cites, else those its official titles name, else the items listed
    after its colon."""
    m = P.PLAN_TO_MEET_RE.search(sentence)
    if not m:
        return []
    listed = m.group("list")
    cited = [Breach(dataclasses.replace(r, paragraph=None)) for r in P.regulations_in(listed) if not r.is_section]
    if cited:
        return cited
    titled = [Breach(P.Regulation(P.REGULATED_ACTIVITIES_2014, num), title=t) for t in P.REGULATION_TITLE_WORDS_RE.findall(listed)
              if (num := P.regulation_for_title(t))]
    if titled or not listed.rstrip().endswith(":"):
        return titled
    return _listed_breach_items(following)


def _cited_key(reg: P.Regulation, cited: list[P.Regulation]) -> str:
    """A cited regulation's key among the breaches read: its number (a section's with "s"), or
    its instrument and number when it is a regulation of the 2009 Registration Regulations (in
    any sentence) or its sentence cites the same number of another instrument too ("Regulation 10
    of the … Regulations 2010 and regulation 10 of the … Regulations 2014" are two breaches). Of
    such twins the 2014 regulation, else the first cited, keeps the bare number, as a breach
    named by its title has."""
    if reg.is_section:
        return f"s{reg.number}"
    if reg.instrument == P.REGISTRATION_2009:
        return f"{reg.instrument}:{reg.number}"  # never a Regulated Activities regulation, cited where it may
    twins = [r.instrument for r in cited if r.number == reg.number and not r.is_section]
    if len(set(twins)) < 2:
        return reg.number
    plain = P.REGULATED_ACTIVITIES_2014 if P.REGULATED_ACTIVITIES_2014 in twins else twins[0]
    return reg.number if reg.instrument == plain else f"{reg.instrument}:{reg.number}"


def _add_new(out: list[Breach], seen: set[str], found: list[Breach]) -> None:
    """``found`` added to ``out`` but for the breaches whose regulation (else title) is ``seen``."""
    for b in found:
        key = b.regulation.number if b.regulation else (b.title or "").lower()
        if key not in seen:
            seen.add(key)
            out.append(b)


def _each_statement(pattern: re.Pattern[str], sentence: str) -> list[re.Match[str]]:
    """Each match of a statement pattern whose list runs to the sentence's end, the next one
    looked for inside the list of the one before."""
    out: list[re.Match[str]] = []
    pos = 0
    while (m := pattern.search(sentence, pos)) is not None:
        out.append(m)
        pos = m.start("list")
    return out


#: A sentence that goes on about what the one before it said: "This was a breach of regulation
#: 18", "These were breaches of …", "This meant the provider was in breach of …".
_GOES_ON_RE = re.compile(r"^(?:This|These|That|Those|It)\s+(?:was|were|meant|is|are)\b", re.I)


def _about_earlier(sentences: list[str], n: int) -> bool:
    """Whether sentence ``n`` is about an earlier inspection: it says so, or it goes on about
    the one before it that does ("At our last inspection the provider had failed to … This was a
    breach of regulation 18")."""
    if is_previous_sentence(sentences[n]) or P.PLAN_TO_MEET_RE.search(sentences[n]):
        return True  # "… wrote to us to say what they would do to meet legal requirements in relation to …"
    return bool(n and _GOES_ON_RE.match(sentences[n]) and is_previous_sentence(sentences[n - 1]))


def table_breaches(text: str) -> list[Breach]:
    """The breaches of the rows of CQC's tables of regulations not met, each a regulation, its
    instrument and its title ("Regulation 12 HSCA (RA) Regulations 2014 Safe care and treatment",
    ``patterns.REGULATION_TITLE_RE``)."""
    out: dict[str, Breach] = {}
    for m in P.REGULATION_TITLE_RE.finditer(text):
        instrument = P.instrument_for(m.group("inst"))
        if "2010" in m.group("inst"):
            instrument = P.REGULATED_ACTIVITIES_2010
        key = f"{instrument}:{m.group('num')}"
        if key not in out:
            title = m.group("title").strip(" .")
            out[key] = Breach(P.Regulation(instrument, m.group("num")), title=title or None)
    return list(out.values())


def _standards_named(sentence: str) -> list[Breach]:
    """The 2010-2014 standards a sentence says the service did not meet, by their subjects
    (``patterns.STANDARDS_NOT_MET_RE``): the 2010 regulation of each subject that is a standard's
    title, else the subject alone."""
    m = P.STANDARDS_NOT_MET_RE.search(sentence) or P.STANDARDS_PASSIVE_NOT_MET_RE.search(sentence)
    if not m or _not_a_finding(sentence[:m.start()]):
        return []
    out: list[Breach] = []
    for subject in _standard_subjects(P.STANDARDS_END_RE.split(m.group("list"))[0]):
        numbered = P.OUTCOME_HEADING_RE.match(subject)  # "the standard for Outcome 4"
        found = P.outcome_regulation(numbered.group("n")) if numbered else P.outcome_regulation(title=subject)
        if found:
            out.append(Breach(P.Regulation(P.REGULATED_ACTIVITIES_2010, found[1]), title=found[2], outcome=found[0]))
        else:
            out.append(Breach(None, title=subject))
    return out


def _subjects_2010(listed: str, sentence: str) -> list[Breach]:
    """The breaches of the 2010 regulations whose standards a breach's subjects name, when each
    subject is a standard and the sentence cites the 2010 Regulations or one subject is a name only
    a 2010 standard has (``patterns.TITLES_ONLY_2010``); else none, and the subjects are the 2014
    regulations'."""
    subjects = _standard_subjects(P.STANDARDS_END_RE.split(listed)[0])
    found = [P.outcome_regulation(title=x) for x in subjects]
    era = bool(re.search(r"\bRegulations\s+2010\b", sentence)) or any(P.names_a_2010_standard_only(x) for x in subjects)
    if not subjects or not era or not all(found):
        return []
    return [Breach(P.Regulation(P.REGULATED_ACTIVITIES_2010, f[1]), title=f[2], outcome=f[0]) for f in found if f]


def _not_a_finding(before: str) -> bool:
    """Whether the words before a standard's judgement make it no finding of the inspection: a
    supposition, a denial or what another told the inspector."""
    return bool(P.BREACH_NOT_FINDING_RE.search(before) or P.BREACH_DENIED_RE.search(before) or P.REPORTED_SPEECH_RE.search(before))


def _standard_subjects(listed: str) -> list[str]:
    """The subjects of a list of standards, an item split at its "and" when each part names a
    standard and the whole does not ("staffing and records"; "care and welfare" stays one)."""
    out: list[str] = []
    for subject in _comma_list(listed):
        out.extend(_split_at_and(subject) or [subject])
    return out


def _split_at_and(subject: str) -> list[str] | None:
    """``subject`` split at the "and"s that part standards each named ("the care and welfare of
    people who use services and records": two), or None when it is one standard or names none."""
    if P.outcome_regulation(title=subject):
        return [subject]
    for m in re.finditer(r"\s+and\s+", subject):
        left, right = subject[: m.start()], subject[m.end():]
        rest = _split_at_and(right) if P.outcome_regulation(title=left) else None
        if rest:
            return [left, *rest]
    return None


def _named_next(sentence: str, following: str) -> re.Match[str] | None:
    """The list of breaches the next sentence names ("These were in relation to …") when this one
    counts them and names none (``patterns.COUNTED_BREACH_RE``), else None."""
    counted = P.COUNTED_BREACH_RE.search(sentence)
    if not counted or P.BREACH_BOILERPLATE_RE.search(sentence[:counted.start()]) \
            or P.BREACH_DENIED_RE.search(sentence[:counted.start()]) or P.REGULATION_RE.search(sentence):
        return None
    return P.BREACHES_NAMED_NEXT_RE.search(following)


def _standard_not_met(sentences: list[str], n: int) -> Breach | None:
    """The breach of a 2010 regulation that sentence ``n`` states by judging its standard not met:
    a judgement on a standard's heading line or on the line after it ("Records ✘ Action needed",
    "Records" / "Enforcement action taken": ``patterns.STANDARD_JUDGEMENT_RE``), or a sentence of
    the standard's section ("Our judgement" / "The provider was not meeting this standard":
    ``patterns.STANDARD_NOT_MET_RE``) under the nearest heading before it ("Outcome 04: People
    should get safe and appropriate care …", the title or statement of a standard)."""
    s = sentences[n]
    outcome = _judged_unmet_line(sentences, n)
    if outcome is None:
        m = P.STANDARD_NOT_MET_RE.search(s)
        if not m or P.BREACH_NOT_FINDING_RE.search(s[:m.start()]):
            return None
        outcome = P.outcome_in(s) or _heading_before(sentences, n, 40)
    found = P.outcome_regulation(outcome) if outcome else None
    if not found:
        return None
    key, reg, title = found
    return Breach(P.Regulation(P.REGULATED_ACTIVITIES_2010, reg), title=title, outcome=key)


def _judged_unmet_line(sentences: list[str], n: int) -> str | None:
    """The outcome a line judges not met, when it is a judgement alone or a heading with its
    judgement: the heading on the line itself, else on one of the two lines before it."""
    s = sentences[n]
    m = P.STANDARD_JUDGEMENT_RE.search(s)
    if not m or m.group("unmet") is None:
        return None
    own = P.standard_heading(s)
    if own:
        return own
    if re.sub(r"[^A-Za-z]", "", s[: m.start()]):
        return None  # words before the judgement that name no standard: a sentence, no judgement line
    return _heading_before(sentences, n, 2)


def _heading_before(sentences: list[str], n: int, reach: int) -> str | None:
    """The outcome of the nearest standard's heading among the ``reach`` sentences before ``n``,
    stopping at a line that judges another standard."""
    for back in range(n - 1, max(-1, n - 1 - reach), -1):
        heading = P.standard_heading(sentences[back])
        if heading:
            return heading
        if P.standard_judged_met(sentences[back]) is not None and len(sentences[back]) < 40:
            return None
    return None


def _outcomes_named(sentence: str) -> list[Breach]:
    """The 2010 regulations of the outcomes a sentence names as not met (``patterns.OUTCOMES_NOT_MET_RE``)."""
    m = P.OUTCOMES_NOT_MET_RE.search(sentence)
    if not m or _not_a_finding(sentence[:m.start()]):
        return []
    out: list[Breach] = []
    for num in re.findall(r"\d{1,2}", re.sub(r"\([^)]*\)", "", m.group("nums"))):
        found = P.outcome_regulation(num)
        if found:
            out.append(Breach(P.Regulation(P.REGULATED_ACTIVITIES_2010, found[1]), title=found[2], outcome=found[0]))
    return out


def standards_breaches(standards: tuple[StandardJudgement, ...] | list[StandardJudgement]) -> list[Breach]:
    """The breaches of the 2010 regulations that the standards judged not met name, by their
    outcome number or their title (``patterns.OUTCOMES_2010``)."""
    out: list[Breach] = []
    for st in standards:
        if st.met is not False:
            continue
        found = P.outcome_regulation(st.outcome) if st.outcome else P.outcome_regulation(title=st.title)
        if found and not any(b.regulation and b.regulation.number == found[1] for b in out):
            key, reg, title = found
            out.append(Breach(P.Regulation(P.REGULATED_ACTIVITIES_2010, reg), title=title, outcome=key))
    return out


def _on_one_line(lines: list[str], first: str, second: str) -> bool:
    """Whether sentence ``second`` follows ``first`` on one line of ``lines`` (one item of a list
    saying more after its regulation)."""
    head, tail = " ".join(first.split())[-40:], " ".join(second.split())[:40]
    return any(head in flat and tail in flat[flat.index(head):] for flat in (" ".join(ln.split()) for ln in lines) if head in flat)


def _bulleted(lines: list[str], sentence: str) -> bool:
    """Whether ``sentence`` opens a line of ``lines`` after a bullet ("  • Regulation 12 …")."""
    head = " ".join(sentence.split())[:40]
    return any(re.match(r"^[\s●▪◦·‣•\uf0b7\uf0a7*-]*[●▪◦·‣•\uf0b7\uf0a7*-]\s*" + re.escape(head), " ".join(ln.split())) for ln in lines
               if head in " ".join(ln.split()))


def _listed_breach_items(following: list[str], lines: list[str] | None = None) -> list[Breach]:
    """The breaches of the items after a sentence that introduces a list of them
    (``patterns.BREACH_LIST_LEAD_RE``): one per item that cites a regulation or names one by its
    official title (``patterns.BREACH_ITEM_RE``), until the first sentence that is neither and
    does not go on the item's own line of ``lines`` ("• Regulation 18 HSCA (RA) Regulations 2014
    Staffing. There were not enough nurses …")."""
    out: list[Breach] = []
    last = ""
    bulleted: bool | None = None
    for item in following:
        if not P.BREACH_ITEM_RE.match(item):
            if out and lines and _on_one_line(lines, last, item):
                last = item
                continue  # what the item says after its regulation, on its own line
            break
        if lines:
            own = _bulleted(lines, item)
            if bulleted and not own:
                break  # a list of bullets ends at the first line without one ("Regulation 17 … was met.")
            bulleted = own if bulleted is None else bulleted
        last = item
        item = re.sub("^" + P.ITEM_BULLET, "", item)
        cited = [r for r in P.regulations_in(item) if not r.is_section]
        titled = P.REGULATION_TITLE_RE.match(item)
        rest = P.REGULATION_RE.sub("", item, count=1).strip(" :–-.") if cited else item.strip(" .")
        rest = re.sub(r"^(?:of\s+)?(?:the\s+)?(?:HSCA\s*(?:2008\s*)?(?:\(RA\)|RA|\(Regulated Activities\))?\s*Regulations\s+20\d\d|"
                      r"Health and Social Care Act 2008 \(Regulated Activities\) Regulations 20\d\d)\s*", "", rest).strip(" :–-.")
        title = titled.group("title").strip(" .") if titled else (re.split(r"\s*\(", rest)[0] or None)
        if cited:
            out.extend(Breach(r, title=title if len(cited) == 1 else None) for r in cited)
        else:
            num = P.regulation_for_title(title or "")
            out.append(Breach(P.Regulation(P.REGULATED_ACTIVITIES_2014, num) if num else None, title=title))
    return out


def _non_compliance(subject: str) -> Breach:
    """The breach a 2010-2014 finding of non-compliance names by its subject, in the text's words:
    of the 2010 regulation of the standard the subject names ("care and welfare": regulation 9),
    else of none."""
    found = P.outcome_regulation(title=subject)
    if not found:
        return Breach(None, title=subject)
    return Breach(P.Regulation(P.REGULATED_ACTIVITIES_2010, found[1]), title=subject, outcome=found[0])


def _non_compliant_subjects(sentence: str, following: str) -> list[str]:
    """Subjects of an essential-standards finding of non-compliance (``patterns.NON_COMPLIANT_RE``):
    named in the sentence after "with respect to", or listed by the next ("These included …")."""
    m = P.NON_COMPLIANT_RE.search(sentence)
    if not m or P.BREACH_NOT_FINDING_RE.search(sentence[:m.start()]):
        return []
    subject = P.NON_COMPLIANT_SUBJECT_RE.search(m.group("rest"))
    if subject:
        return _comma_list(subject.group("list"))
    listed = P.THESE_INCLUDED_RE.search(following)
    return _comma_list(listed.group("list")) if listed else []


def _comma_list(listed: str) -> list[str]:
    """Items of "a, b and c" whose items may hold "and" themselves ("care and welfare"): split
    at commas and semicolons, and the last chunk at its "and"."""
    chunks = [c.strip() for c in re.split(r"[;,]", listed) if c.strip()]
    if len(chunks) > 1 and re.search(r"\band\b", chunks[-1]) and not chunks[-1].lower().startswith("and "):
        chunks[-1:] = re.split(r"\s+and\s+(?!.*\band\b)", chunks[-1], maxsplit=1)
    items = [re.sub(r"^(?:and|the)\s+", "", c.strip(), flags=re.I).strip() for c in chunks]
    return [i for i in items if len(i) > 3 and re.search(r"[a-z]{4}", i, re.I)]


#: The words a breach put right is stated with (``patterns.PUT_RIGHT_RE``), looked for once in the
#: whole text before its sentences are.
_PUT_RIGHT_GATE_RE = re.compile(r"\bno\s+longer\s+(?:in\s+breach|breaching)|\bnow\s+(?:meeting|compliant)", re.I)


def earlier_breaches(text: str, inspections: tuple[Inspection, ...] | list[Inspection]) -> tuple[Breach, ...]:
    """Breaches that sentences about an earlier inspection state ("At our last inspection the
    provider was in breach of Regulation 12"), except those an inspection of the record already
    holds: they are the document's, not the current inspection's."""
    # a breach a sentence says was also found at the earlier inspection is its too, beside the
    # current inspection's ("…, which was also found at our last inspection in September 2019")
    also = {r.number for s in P.sentences(P.unwrapped(text)) if P.ALSO_FOUND_BEFORE_RE.search(s)
            for r, _t, _f in P.breaches_cited(s)} if "lso found" in text else set()
    # and one a sentence says the provider is still in breach of ("…, which we found at our last
    # inspection in August 2022", "… was still in breach of regulation 17")
    also |= {num for s in P.sentences(P.unwrapped(text)) for num in P.still_breached(s)}
    # and so is one a sentence gives a dated earlier inspection ("At our last inspection on 18
    # November 2013 we found the provider was not meeting the standard for staffing")
    dated = [s for s in P.sentences(P.unwrapped(text)) if is_previous_sentence(s)
             and any(d.precision.value == "day" for d, _e, _m in P.iter_dates(s))]
    also |= {b.regulation.number for b in breaches_stated(" ".join(dated), earlier=True) if b.regulation} if dated else set()
    held = {(b.regulation.number if b.regulation else (b.title or "").lower()) for i in inspections for b in i.breaches
            if i.is_previous or not (b.regulation and b.regulation.number in also)}
    stated = breaches_stated(text, earlier=True)
    if _PUT_RIGHT_GATE_RE.search(text):
        # "the provider was no longer in breach of regulation 17": breached at the earlier inspection
        put_right = [Breach(reg, title=title) for s in P.sentences(P.unwrapped(text)) for reg, title, _f in P.breaches_put_right(s)]
        stated = list(merge_breaches(stated, put_right))
    return tuple(b for b in stated
                 if (b.regulation.number if b.regulation else (b.title or "").lower()) not in held)


def breaches_of_day(text: str, iso: str) -> tuple[Breach, ...]:
    """Breaches that sentences about the earlier inspection of the day ``iso`` ("2013-11-18")
    state, the sentence naming that day: "At our last inspection on 18 November 2013 we found the
    provider was not meeting the standard for staffing"."""
    dated = [s for s in P.sentences(P.unwrapped(text)) if is_previous_sentence(s)
             and any(d.iso == iso and d.precision.value == "day" for d, _e, _m in P.iter_dates(s))]
    return tuple(breaches_stated(" ".join(dated), earlier=True)) if dated else ()


def earlier_actions(text: str, inspections: tuple[Inspection, ...] | list[Inspection]) -> tuple[Action, ...]:
    """Enforcement and requirement notices that sentences about an earlier inspection state ("At
    our last inspection we placed the service in special measures"), except kinds an inspection of
    the record already holds: they are the document's, not the current inspection's (``actions_in``
    leaves them out)."""
    held = {a.kind for i in inspections for a in i.actions}
    out: list[Action] = []
    for s in P.sentences(P.unwrapped(text)):
        if not is_previous_sentence(s) or re.search(r"\blifted\b", s, re.I):
            continue
        for a in actions_in_sentence(s):
            if a.kind in (ActionKind.MUST, ActionKind.SHOULD) or a.kind in held or any(x.kind is a.kind for x in out):
                continue
            out.append(a)
    return tuple(out)


def actions_of_earlier(text: str, month: str) -> list[Action]:
    """The enforcement and notices that sentences about an earlier inspection of ``month``
    ("2021-02") state, the sentence naming that month: "The home was previously rated Inadequate
    and placed in special measures after an inspection in February 2021, when CQC … issued warning
    notices in respect of safe care and treatment and good governance"."""
    out: list[Action] = []
    for s in P.sentences(P.unwrapped(text)):
        if not is_previous_sentence(s) or re.search(r"\blifted\b", s, re.I):
            continue
        if not any((d.iso or "").startswith(month) for d, _e, _m in P.iter_dates(s)):
            continue
        out += [a for a in actions_in_sentence(s) if a.kind not in (ActionKind.MUST, ActionKind.SHOULD) and a not in out]
    return out


def merge_breaches(listed: list[Breach] | tuple[Breach, ...], stated: list[Breach]) -> tuple[Breach, ...]:
    """Breaches of a table or list, then those stated in prose that name another regulation or
    subject."""
    out = list(listed)
    # a regulation of the 2009 Registration Regulations is never the one of the same number of
    # the Regulated Activities Regulations (2010 or 2014, which a citation may leave unnamed)
    nums = {_numbered(b.regulation) for b in out if b.regulation}
    titles = {b.title.lower() for b in out if b.title}
    for b in stated:
        # a breach stated with neither number nor title is new only when nothing else was read
        if (b.regulation and _numbered(b.regulation) in nums) or (b.title and b.title.lower() in titles) \
                or (not b.regulation and not b.title and out):
            continue
        out.append(b)
    return tuple(out)


def _numbered(reg: P.Regulation) -> tuple[bool, str]:
    """A regulation as merging compares it: its number, and whether it is a Registration one."""
    return reg.instrument == P.REGISTRATION_2009, reg.number


#: An inspection the summary narrates with its own date: "We carried out an announced
#: comprehensive inspection of the service on 10 May 2017", "We undertook a desk-based review on
#: 3 August 2017", "The last full inspection took place on 16 and 17 July 2014". A "second
#: visit" of a narrated inspection extends it ("carried out a second announced visit on 15 July"),
#: also when the sentence's subject did something else first ("CQC received an enquiry … and
#: carried out a second announced visit on 15 July 2019").
_NARRATED_RE = re.compile(
    r"\b(?:We|CQC)\s+(?:[^.;]{0,120}?\band\s+)?(?:previously\s+|also\s+)?(?:carried out|undertook|conducted|completed)\s+(?:an?\s+|our\s+|the\s+)?(?P<kind>(?:[\w-]+\s+){0,4}?)"
    r"(?:inspection|review|visit)\b[^.;]{0,80}?\s(?:on|between)\s+(?P<span>[^.;]+)"
    r"|\b(?:last|previous)\s+(?:[\w-]+\s+){0,2}?inspection\s+took place\s+(?:on|between)\s+(?P<span2>[^.;]+)",
    re.I)


def narrated_inspections(text: str) -> list[tuple[PartialDate, PartialDate | None]]:
    """``(start, end)`` of each inspection a summary narrates with its own date, in order."""
    return [(start, end) for start, end, _visits in narrated_visits(text)]


def narrated_visits(text: str) -> list[tuple[PartialDate, PartialDate | None, tuple[PartialDate, ...]]]:
    """``(start, end, visits)`` of each inspection a summary narrates with its own date, in order;
    ``visits`` are its days when a second visit is narrated apart (a span states none)."""
    out: list[tuple[PartialDate, PartialDate | None, tuple[PartialDate, ...]]] = []
    for s in P.sentences(text):
        if _PLAN_RE.search(s):
            continue
        for m in _NARRATED_RE.finditer(s):
            start, end = P.parse_span(m.group("span") or m.group("span2"))
            if start is None or start.precision.value != "day":
                continue
            if out and re.search(r"\b(?:second|further|another)\b", m.group("kind") or "", re.I):
                first, old_end, visits = out[-1]
                out[-1] = (first, start, (*(visits or (first, *((old_end,) if old_end else ()))), start))
                continue
            out.append((start, end, ()))
    return out
