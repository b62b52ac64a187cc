"""The layouts CQC publishes, written from a location's model: each function returns the
document's text (or JSON) and the facts it states, in the layout of the expected files that
``cqcgraph evaluate`` reads. A fact goes into the expected facts only when the text states it;
sections a real document may lack (a telephone number, the last rating, a key question) are
left out at random, and with them their facts."""

from __future__ import annotations

import datetime as dt
import json
import random

from corpus import vocab as V
from corpus.model import Inspection, Location, Provider

KQ_TITLE = {"safe": "Safe", "effective": "Effective", "caring": "Caring", "responsive": "Responsive",
            "well-led": "Well-led"}


def day(d: dt.date, zero: bool = False) -> str:
    return f"{d.day:02d} {V.MONTHS[d.month - 1]} {d.year}" if zero else f"{d.day} {V.MONTHS[d.month - 1]} {d.year}"


def span(start: dt.date, end: dt.date | None) -> str:
    """"4 March 2020", "4 and 5 March 2020", "30 March and 1 April 2020",
    "31 December 2019 and 1 January 2020"."""
    if not end:
        return day(start)
    if end.year != start.year:
        return f"{day(start)} and {day(end)}"
    if end.month == start.month:
        joiner = " and " if (end - start).days == 1 else " to "
        return f"{start.day}{joiner}{day(end)}"
    return f"{start.day} {V.MONTHS[start.month - 1]} and {day(end)}"


def titled(rating: str) -> str:
    """"Requires Improvement" as report grids print it."""
    return " ".join(w.capitalize() for w in rating.split())


def _dates(i: Inspection) -> dict:
    out = {"start_date": i.start.isoformat()}
    if i.end:
        out["end_date"] = i.end.isoformat()
    return out


def _breach_facts(i: Inspection) -> list[dict]:
    return [{"regulation": reg, "title": title} for reg, title in i.breaches]


def _phone_text(place) -> str:
    code, number = place.phone.split(" ")
    return f"({code}) {number}"


# ----------------------------------------------------------------------------- location page

def _page_summary(rng: random.Random, loc: Location, i: Inspection, before: Inspection | None) -> tuple[list[str], dict]:
    """One entry's summary on a location page and what it states."""
    fact: dict = {"location": loc.name, **_dates(i)}
    noun = loc.sector.noun
    if i.era == "standards":
        met = all(m for _, m in i.outcomes)
        said = rng.choice((
            f"We found that {loc.name} was {'meeting' if met else 'not meeting'} all the essential standards of quality and safety we inspected."
            if met else f"We found that {loc.name} was not meeting one or more of the essential standards of quality and safety we inspected.",
            f"During our inspection we spoke with people who use the service, their relatives and staff. {'People told us they were happy with the care they received.' if met else 'People told us staff were kind, but records were not always accurate.'}",
        ))
        return [said], fact
    lines = [rng.choice((
        f"{loc.name} is a {noun} run by {loc.provider.name}.",
        f"{loc.name} is a {noun}. At the time of the inspection {rng.randint(8, 80)} people were using the service.",
        f"This inspection was {'announced' if i.announced else 'unannounced'}.",
    ))]
    if i.overall:
        rating = i.overall
        wording = rng.choice((
            "The overall rating for this service is {R}.",
            "We rated the service {r} overall.",
            "The service was rated {R} at this inspection.",
        ))
        if before and before.overall and before.overall != rating and rng.random() < 0.5:
            up = V.RATINGS.index(rating) < V.RATINGS.index(before.overall)
            wording = (f"The overall rating for this service has changed from {titled(before.overall)} to {{R}}."
                       if rng.random() < 0.5 else
                       f"At this inspection we found the service had {'improved' if up else 'deteriorated'} to {{R}}.")
            fact["rating_change"] = "improved" if up else "went down"
        lines.append(wording.format(R=titled(rating), r=rating.lower()))
        fact["ratings"] = {"overall": rating}
    elif not loc.sector.rated:
        lines.append(rng.choice((
            "We found that this practice was providing safe, effective, caring, responsive and well-led care in accordance with the relevant regulations.",
            "We asked the practice five key questions and found it was providing care in accordance with the relevant regulations.",
        )) if not i.breaches else
            "We found that this practice was not providing well-led care in accordance with the relevant regulations.")
    return lines, fact


def _label(rng: random.Random, i: Inspection) -> str:
    if i.kind == "focused":
        return rng.choice(("During an inspection looking at part of the service", "During a focused inspection"))
    return rng.choice(("During a routine inspection", "During an inspection to make sure that the improvements required had been made")
                      if i.breaches else ("During a routine inspection",))


def _header(rng: random.Random, loc: Location, current: str | None) -> tuple[list[str], dict]:
    entity: dict = {"name": loc.name, "address": loc.place.address, "postcode": loc.place.postcode}
    lines = [f"• {loc.sector.page_labels[0]}", f"  • {loc.sector.page_labels[1]}", "",
             f"Archived: {loc.name}" if loc.archived else loc.name, ""]
    if loc.archived:
        entity["archived"] = True
    if current:
        lines += [f"Overall: {titled(current) if rng.random() < 0.5 else current} read more about inspection ratings", ""]
        entity["current_overall_rating"] = current
    address = f"{loc.place.street}, {loc.place.town}, {loc.place.county}, {loc.place.postcode}"
    if loc.place.phone:
        address += f" {_phone_text(loc.place)}"
        entity["phone"] = loc.place.phone.replace(" ", "")
    lines += [address, "", "Provided and run by:", loc.provider.name, ""]
    return lines, entity


def location_page(rng: random.Random, loc: Location) -> tuple[str, dict]:
    """A location's page with its inspections, newest first (its layout up to 2023)."""
    history = [i for i in loc.inspections if i.era != "assessed"]
    current = history and next((i.overall for i in reversed(history) if i.overall), None)
    lines, entity = _header(rng, loc, current or None)
    lines += ["All Inspections", ""]
    inspections = []
    for n in range(len(history) - 1, -1, -1):
        i = history[n]
        summary, fact = _page_summary(rng, loc, i, history[n - 1] if n else None)
        lines += [span(i.start, i.end), "", _label(rng, i), ""]
        for paragraph in summary:
            lines += [paragraph, ""]
        inspections.append(fact)
    return "\n".join(lines), {"provider": {"name": loc.provider.name}, "locations": [entity],
                              "inspections": inspections}


# ----------------------------------------------------------------------------- rated report

def _question(loc: Location, kq: str) -> str:
    if loc.sector.directorate == "Adult social care":
        return f"Is the service {kq}?"
    return f"Are services {kq}?"


def _grid(rng: random.Random, loc: Location, i: Inspection) -> list[str]:
    symbols = {"Outstanding": "☆", "Good": "●", "Requires improvement": "●", "Inadequate": "●"}
    with_symbols = rng.random() < 0.3
    sep = " " if with_symbols else "\t"
    rows = [("Overall rating for this service", i.ratings["overall"])]
    rows += [(_question(loc, kq), i.ratings[kq]) for kq in V.KEY_QUESTIONS]
    return [f"{label}{sep}{titled(r)}" + (f" {symbols[r]}" if with_symbols else "") for label, r in rows]


def _requirement_table(loc: Location, i: Inspection, enforced: bool) -> list[str]:
    lines = ["Enforcement actions" if enforced else "Requirement notices", "",
             "Action we have told the provider to take" if not enforced else
             "The table below shows why we have decided to take enforcement action.", ""]
    if not enforced:
        lines += ["The table below shows where regulations were not being met and we have asked the provider to send us a report that says what action they are going to do to meet these regulations.", ""]
    lines.append("Regulated activity\tRegulation")
    for reg, title in i.breaches:
        lines.append(f"{loc.sector.activity}\tRegulation {reg} HSCA RA Regulations 2014 {title}")
    if enforced:
        lines += ["", "The enforcement action we took:", "We served a warning notice on the provider."]
    return lines


def _detailed_findings(rng: random.Random, loc: Location) -> list[str]:
    """The report's detailed findings: a few paragraphs under each key question, stating no
    rating (the ratings are in the grid and the summaries)."""
    lines = [loc.name, "Detailed findings", ""]
    for kq in V.KEY_QUESTIONS:
        sentences = rng.sample(V.FINDINGS[kq], rng.randint(2, len(V.FINDINGS[kq])))
        cut = rng.randint(1, len(sentences) - 1)
        lines += [_question(loc, kq), "Our findings", " ".join(sentences[:cut]), "", " ".join(sentences[cut:]), ""]
    return lines


def report(rng: random.Random, loc: Location, i: Inspection, previous: Inspection | None) -> tuple[str, dict]:
    """An inspection report of 2014–2023 as its PDF's text: the ratings grid, the summary,
    the five questions and the regulations not met."""
    p = loc.place
    lines = [loc.provider.name, "", loc.name, "", "Inspection report", "",
             p.street, p.town, p.county, p.postcode, ""]
    if p.phone:
        lines += [f"Tel: {p.phone}", ""]
    lines += ["Date of inspection visit:", day(i.start, zero=True)]
    if i.end:
        lines.append(day(i.end, zero=True))
    lines += ["Date of publication:", day(i.published), ""]
    fact: dict = {**_dates(i), "publication_date": i.published.isoformat()}
    out = {"provider": {"name": loc.provider.name},
           "locations": [{"name": loc.name, "address": p.address, "postcode": p.postcode}],
           "inspections": [fact]}
    if i.ratings:
        lines += ["Ratings", "", *_grid(rng, loc, i), ""]
        fact["ratings"] = dict(i.ratings)
    lines += ["Summary of findings", "", "Overall summary", "", "About the service",
              f"{loc.name} is a {loc.sector.noun} providing care to {rng.randint(6, 90)} people at the time of the inspection.", ""]
    lines += [rng.choice(("People told us they felt safe and staff knew them well.",
                          "Relatives spoke positively about the staff and the management of the service.",
                          "Staff did not always follow guidance, and records were not always up to date.")), ""]
    if previous and previous.overall and rng.random() < 0.7:
        lines += ["Rating at last inspection",
                  f"The last rating for this service was {titled(previous.overall)} (published {day(previous.published)}).", ""]
        out["inspections"].append({"publication_date": previous.published.isoformat(),
                                   "ratings": {"overall": previous.overall}})
    lines += ["Why we inspected", rng.choice((
        "This was a planned inspection based on the previous rating.",
        "The inspection was prompted in part by concerns received about the care people received.",
        "We carried out this comprehensive inspection as part of our regular programme.")), ""]
    if i.breaches:
        titles = [t.lower() for _, t in i.breaches]
        named = ", ".join(titles[:-1]) + " and " + titles[-1] if len(titles) > 1 else titles[0]
        lines += ["Enforcement", f"We have identified breaches in relation to {named} at this inspection.", "",
                  "Please see the action we have told the provider to take at the end of this report.", ""]
        fact["breaches"] = _breach_facts(i)
    if i.special_measures:
        lines += ["The overall rating for this service is 'Inadequate' and the service is therefore in 'special measures'.", ""]
        fact["special_measures"] = True
    if i.ratings and rng.random() < 0.8:
        lines += ["The five questions we ask about services and what we found", "",
                  "We always ask the following five questions of services.", ""]
        for kq in V.KEY_QUESTIONS:
            r = i.ratings[kq]
            good = r in ("Good", "Outstanding")
            lines += [f"{_question(loc, kq)}\t{titled(r)}",
                      f"The service was {'' if good else 'not always '}{kq}.", ""]
    lines += _detailed_findings(rng, loc)
    if i.breaches:
        warned = "warning notice" in i.enforcement
        lines += _requirement_table(loc, i, warned) + [""]
        fact["enforcement" if warned else "actions"] = (
            [{"kind": "warning notice"}] if warned else [{"kind": "requirement notice"}])
    return "\n".join(lines), out


# ----------------------------------------------------------------------------- 2011–2014

def compliance_review(rng: random.Random, loc: Location, i: Inspection) -> tuple[str, dict]:
    """A 2011–2012 review of compliance: outcomes judged met or not, actions and enforcement."""
    p = loc.place
    met_all = all(m for _, m in i.outcomes)
    lines = ["Review of compliance", "", loc.provider.name, loc.name, "", f"Region: {p.region}", "",
             f"Location address: {p.street}", p.town, p.county, p.postcode, "",
             f"Type of service: {loc.sector.service_type}", "",
             f"Date of Publication: {V.MONTHS[i.published.month - 1]} {i.published.year}", "",
             f"Overview of the service: {loc.name} is a {loc.sector.noun}.", "",
             "Summary of our findings for the essential standards of quality and safety", "",
             "Our current overall judgement",
             f"{loc.name} was meeting all the essential standards of quality and safety inspected." if met_all else
             f"{loc.name} was not meeting one or more essential standards. Action is needed.", "",
             "How we carried out this review",
             f"We reviewed all the information we hold about this provider, carried out a visit on {day(i.start)}, "
             "observed how people were being cared for and talked with people who use services.", "",
             f"What we found about the standards we reviewed and how well {loc.name} was meeting them", ""]
    for (number, _title, _reg, wording), met in i.outcomes:
        lines.append(f"Outcome {number}: {wording}")
        lines.append(rng.choice(("The provider was meeting this standard.",
                                 f"We have judged that {loc.name} was compliant with this outcome."))
                     if met else rng.choice((f"Overall, we found that {loc.name} was not meeting this standard.",
                                             "Overall, we found that improvements were needed for this essential standard.")))
        lines.append("")
    fact: dict = {"start_date": i.start.isoformat(), "visit_dates": [i.start.isoformat()],
                  "publication_date": f"{i.published.year}-{i.published.month:02d}"}
    if i.breaches:
        lines += ["Compliance actions",
                  "The table below shows the essential standards of quality and safety that are not being met.",
                  "Regulated activity\tRegulation\tOutcome"]
        unmet = [o for o, m in i.outcomes if not m]
        for number, title, reg, _w in unmet:
            lines.append(f"{loc.sector.activity}\tRegulation {reg} HSCA 2008 (Regulated Activities) Regulations 2010 {title}\tOutcome {number}: {title}")
        lines.append("")
        fact["breaches"] = _breach_facts(i)
        fact["enforcement"] = [{"kind": k} for k in i.enforcement]
        if "warning notice" in i.enforcement:
            served = i.published + dt.timedelta(days=rng.randint(3, 20))
            lines += ["Enforcement action we have taken", "The table below shows why we have decided to take enforcement action.",
                      f"The enforcement action we took: We served a warning notice on {day(served)}.", ""]
    return "\n".join(lines), {"provider": {"name": loc.provider.name},
                              "locations": [{"name": loc.name, "address": p.address, "postcode": p.postcode}],
                              "inspections": [fact]}


def standards_report(rng: random.Random, loc: Location, i: Inspection) -> tuple[str, dict]:
    """A 2013–2014 inspection report: each standard "Met this standard" or "Action needed"."""
    p = loc.place
    phone = f"\tTel: {p.phone.replace(' ', '')}" if p.phone else ""
    lines = ["Inspection Report", "",
             "We are the regulator: Our job is to check whether hospitals, care homes and care services are meeting essential standards.", "",
             loc.name, "", f"{p.street}, {p.town}, {p.postcode}{phone}", "",
             f"Date of Inspection: {day(i.start, zero=True)}\tDate of Publication: {V.MONTHS[i.published.month - 1]} {i.published.year}", "",
             f"We inspected the following standards as part of a {'routine' if rng.random() < 0.8 else 'follow-up'} inspection. This is what we found:", ""]
    for (_n, title, _reg, _w), met in i.outcomes:
        lines.append(f"{title}\t{'Met this standard' if met else 'Action needed'}")
    lines += ["", "Details about this location", "", f"Registered Provider\t{loc.provider.name}",
              f"Registered Manager\t{loc.manager}",
              f"Type of service\t{loc.sector.service_type}", f"Regulated activity\t{loc.sector.activity}", "",
              "How we carried out this inspection",
              f"We carried out this inspection on {day(i.start)}. The visit was {'announced' if i.announced else 'unannounced'}.", ""]
    fact: dict = {"start_date": i.start.isoformat(),
                  "publication_date": f"{i.published.year}-{i.published.month:02d}"}
    if i.breaches:
        lines += ["Action we have told the provider to take", "Compliance actions",
                  "The table below shows the essential standards of quality and safety that were not being met.", "",
                  "Regulated activity\tRegulation"]
        for (_n, title, reg, _w), met in i.outcomes:
            if not met:
                lines.append(f"{loc.sector.activity}\tRegulation {reg} HSCA 2008 (Regulated Activities) Regulations 2010 {title}")
        fact["breaches"] = _breach_facts(i)
        fact["enforcement"] = [{"kind": "compliance action"}]
    return "\n".join(lines), {"provider": {"name": loc.provider.name},
                              "locations": [{"name": loc.name, "address": f"{p.street}, {p.town}", "postcode": p.postcode}],
                              "inspections": [fact]}


# ----------------------------------------------------------------------------- 2024 onwards

def assessment(rng: random.Random, loc: Location, i: Inspection) -> tuple[str, dict]:
    """A location's page with its single assessment framework assessment: ratings, percentage
    scores and quality statement scores. Some key questions are absent (not assessed)."""
    lines, entity = _header(rng, loc, i.overall)
    published = day(i.published)
    shown = [kq for kq in V.KEY_QUESTIONS if rng.random() < 0.85] or ["safe"]
    lines += [f"Report from {day(i.start)} assessment", "", "On this page", "", "Overview",
              *[KQ_TITLE[kq] for kq in V.KEY_QUESTIONS], "", "Overview", "", titled(i.overall) if rng.random() < 0.5 else i.overall, "",
              published, "", rng.choice((
                  f"We assessed {len(shown)} key questions.",
                  "We carried out this assessment to follow up on concerns we had received.",
                  "This assessment was carried out as part of our regular programme.")), ""]
    kq_facts: dict = {"overall": {"rating": i.overall, "date": i.published.isoformat()}}
    statement_facts: dict = {}
    for kq in shown:
        stmts = i.scores[kq]
        percent = round(100 * sum(stmts.values()) / (4 * len(stmts)))
        lines += [KQ_TITLE[kq], "", i.ratings[kq], "", published, "",
                  f"This service scored {percent} (out of 100) for this area. Find out what we look at when we assess this area and How we calculate these scores.", ""]
        kq_facts[kq] = {"rating": i.ratings[kq], "date": i.published.isoformat(), "score_percent": percent}
        for name, score in stmts.items():
            lines += [name, "", f"Score: {score}", "",
                      rng.choice(("Staff understood what was expected of them.", "People told us they were listened to.",
                                  "The provider had not always identified risks.", "Records were accurate and up to date.")), ""]
            statement_facts[name] = score
    fact: dict = {"assessment_date": i.start.isoformat(), "key_question_ratings": kq_facts,
                  "quality_statement_scores": statement_facts}
    if i.breaches:
        titles = [t.lower() for _, t in i.breaches]
        lines += [f"We found breaches of the legal regulations in relation to {' and '.join(titles)}.", ""]
        fact["breaches"] = _breach_facts(i)
    return "\n".join(lines), {"provider": {"name": loc.provider.name}, "locations": [entity], "assessments": [fact]}


# ----------------------------------------------------------------------------- press release

_PRESS_TITLES = {
    "cancellation": "CQC cancels the registration of {place} {noun}",
    "suspension": "CQC takes urgent action to protect people at {place} {noun}",
    "prosecution": "{provider} fined after CQC prosecution",
    "special measures": "CQC places {name} in special measures",
    "warning notice": "CQC takes action against {provider} after inspection of {name}",
    "condition": "CQC restricts admissions at {name}",
    "condition elsewhere": "CQC imposes conditions on {provider}",
}
_CATEGORIES = {"care home": "Care homes", "nursing home": "Care homes", "homecare": "Home care",
               "supported living": "Home care", "GP": "GP practices", "dentist": "Dentists",
               "hospital": "Hospitals", "hospice": "Hospitals", "ambulance": "Ambulances"}
_ENFORCEMENT_SENTENCES = {
    "warning notice": ("CQC has served a warning notice on {provider} requiring it to make improvements at {name}.",
                       "Following the inspection, CQC served a warning notice on the provider."),
    "condition": ("CQC has imposed conditions on the provider's registration which mean it cannot admit any new people to {name} without CQC's prior written agreement.",),
    "condition elsewhere": ("CQC has imposed conditions on the provider's registration, which mean it must send CQC monthly reports on how it is improving care at {name}.",
                            "Conditions have been imposed on the registration of {provider} at {name}."),
    "suspension": ("The Care Quality Commission has suspended the registration of {name} for {weeks} weeks.",),
    "cancellation": ("CQC has cancelled the registration of {provider} to provide care at {name}.",),
    "special measures": ("The service has been placed in special measures.",
                         "{name} has been placed into special measures by CQC."),
    "prosecution": ("{provider} pleaded guilty at {town} Magistrates' Court to failing to provide safe care and treatment, following a prosecution brought by CQC.",),
}
_WEEKS = {4: "four", 6: "six", 8: "eight", 12: "twelve"}


def _rated_sentence(i: Inspection) -> tuple[str, dict]:
    groups: dict[str, list[str]] = {}
    for kq in V.KEY_QUESTIONS:
        groups.setdefault(i.ratings[kq], []).append(kq)
    overall = i.overall
    main = groups.pop(overall, [])
    text = f"The report rates the service as {overall.lower()} overall"
    if main:
        text += f", and {overall.lower()} for being " + (", ".join(main[:-1]) + " and " + main[-1] if len(main) > 1 else main[0])
    text += "."
    for rating, kqs in groups.items():
        named = " and ".join(kqs) if len(kqs) <= 2 else ", ".join(kqs[:-1]) + " and " + kqs[-1]
        text += f" {named[0].upper()}{named[1:]} {'was' if len(kqs) == 1 else 'were'} rated {rating.lower()}."
    return text, dict(i.ratings)


def press_release(rng: random.Random, loc: Location, i: Inspection) -> tuple[str, dict]:
    """A press release about enforcement after an inspection."""
    lead = next(k for k in ("cancellation", "suspension", "prosecution", "special measures", "warning notice", "condition")
                if k in i.enforcement)
    noun = "care home" if loc.sector.care_home else loc.sector.noun
    released = i.published + dt.timedelta(days=rng.randint(0, 3))
    if lead == "condition" and not loc.sector.care_home:
        lead = "condition elsewhere"
    title = _PRESS_TITLES[lead].format(place=loc.place.county, noun=noun, name=loc.name, provider=loc.provider.name)
    lines = [title, "", f"Published: {day(released)}", "", "Categories:", "  • Media,",
             f"  • {_CATEGORIES[loc.sector.name]}", ""]
    lines.append(rng.choice((
        f"The Care Quality Commission (CQC) has taken action against {loc.provider.name} after an inspection of {loc.name}, a {noun} in {loc.place.town}.",
        f"{loc.name}, a {noun} in {loc.place.town} run by {loc.provider.name}, has been rated inadequate by the Care Quality Commission (CQC)."
        if i.overall == "Inadequate" else
        f"The Care Quality Commission (CQC) has taken action at {loc.name}, a {noun} in {loc.place.town} run by {loc.provider.name}.")))
    lines.append("")
    weeks = rng.choice(tuple(_WEEKS))
    enforcement = []
    for kind in i.enforcement:
        if kind == "compliance action":
            continue
        wording = "condition elsewhere" if kind == "condition" and not loc.sector.care_home else kind
        sentence = rng.choice(_ENFORCEMENT_SENTENCES[wording]).format(
            provider=loc.provider.name, name=loc.name, weeks=_WEEKS[weeks], town=loc.place.town)
        lines += [sentence, ""]
        if kind == "prosecution":
            fine, costs = f"£{rng.randint(2, 160) * 1000:,}", f"£{rng.randint(1500, 25000):,}"
            lines += [rng.choice((f"The provider was fined {fine} and ordered to pay costs of {costs}.",
                                  f"{loc.provider.name} was fined {fine} and ordered to pay {costs} in costs.")), ""]
            enforcement += [{"kind": "fine", "amount": fine}, {"kind": "costs", "amount": costs}]
        if kind == "suspension":
            enforcement.append({"kind": "suspension", "duration": f"P{weeks}W"})
        elif kind != "special measures":
            enforcement.append({"kind": kind})
    fact: dict = {**_dates(i)}
    visit = span(i.start, i.end)
    lines += [rng.choice((f"Inspectors visited the {noun} on {visit}.", f"CQC inspected {loc.name} on {visit}.")), ""]
    if i.ratings:
        sentence, ratings = _rated_sentence(i)
        lines += [sentence, ""]
        fact["ratings"] = ratings
    if enforcement:
        fact["enforcement"] = enforcement
    if i.special_measures:
        fact["special_measures"] = True
    lines += ["Ends"]
    return "\n".join(lines), {"document": {"published": released.isoformat()},
                              "provider": {"name": loc.provider.name}, "locations": [{"name": loc.name}],
                              "inspections": [fact]}


# ----------------------------------------------------------------------------- trust page

def provider_page(rng: random.Random, provider: Provider, hospital: Location) -> tuple[str, dict] | None:
    """An NHS trust's page: its overall rating and the key question ratings stated in a bullet,
    from its latest rated inspection (the trust's own equals its main hospital's here)."""
    rated = hospital.rated()
    if not rated:
        return None
    i = rated[-1]
    groups: dict[str, list[str]] = {}
    for kq in V.KEY_QUESTIONS:
        groups.setdefault(i.ratings[kq].lower(), []).append(kq)
    parts = [f"{' and '.join(k) if len(k) <= 2 else ', '.join(k[:-1]) + ' and ' + k[-1]} as {r}" for r, k in groups.items()]
    updated = i.published + dt.timedelta(days=rng.randint(0, 10))
    lines = ["• Organisation", "  • SERVICE PROVIDER", "", provider.name, "",
             "This is an organisation that runs the health and social care services we inspect", "",
             f"Overall: {i.overall} read more about inspection ratings", "", "Latest inspection summary", "",
             "On this page", "", "Overall inspection", "", i.overall, "", f"Updated {day(updated)}", "",
             f"We rated it as {i.overall.lower()} because:", "",
             f"• We rated {', and '.join(parts)}.", "",
             f"We inspected services at {hospital.name} between {day(i.start)} and {day(i.end or i.start + dt.timedelta(days=2))}."]
    return "\n".join(lines), {
        "provider": {"name": provider.name, "current_overall_rating": i.overall},
        "inspections": [{"level": "provider", "summary_updated": updated.isoformat(), "start_date": i.start.isoformat(),
                         "end_date": (i.end or i.start + dt.timedelta(days=2)).isoformat(),
                         "ratings": dict(i.ratings)}]}


# ----------------------------------------------------------------------------- CQC API

def _kq_ratings(i: Inspection, with_report: bool) -> list[dict]:
    out = []
    for kq in V.KEY_QUESTIONS:
        entry = {"name": KQ_TITLE[kq], "rating": i.ratings[kq]}
        if with_report:
            entry.update(reportDate=i.published.isoformat(), reportLinkId=i.report_id)
        out.append(entry)
    return out


def api_location(rng: random.Random, loc: Location) -> tuple[str, dict]:
    """A location as CQC's API gives it, with its reports and its current and historic ratings."""
    p = loc.place
    data: dict = {"locationId": loc.cqc_id, "providerId": loc.provider.cqc_id, "organisationType": "Location",
                  "type": loc.sector.api_type, "name": loc.name,
                  "registrationStatus": "Deregistered" if loc.archived else "Registered",
                  "registrationDate": loc.registered.isoformat(),
                  "postalAddressLine1": p.street, "postalAddressTownCity": p.town, "postalAddressCounty": p.county,
                  "region": p.region, "postalCode": p.postcode, "careHome": "Y" if loc.sector.care_home else "N",
                  "inspectionDirectorate": loc.sector.directorate}
    entity: dict = {"name": loc.name, "cqc_id": loc.cqc_id, "address": p.address, "postcode": p.postcode,
                    "registration_date": loc.registered.isoformat()}
    if p.phone:
        data["mainPhoneNumber"] = p.phone.replace(" ", "")
        entity["phone"] = data["mainPhoneNumber"]
    if loc.inspections:
        last = loc.inspections[-1]
        data["lastInspection"] = {"date": last.start.isoformat()}
        data["lastReport"] = {"publicationDate": last.published.isoformat()}
        entity["last_inspection_date"] = last.start.isoformat()
    data["regulatedActivities"] = [{"name": loc.sector.activity, "code": "RA2"}]
    data["gacServiceTypes"] = [{"name": loc.sector.page_labels[1], "description": loc.sector.service_type}]
    rated = loc.rated()
    inspections = []
    for i in loc.inspections:
        fact: dict = {"location": loc.name, "report_id": i.report_id, "start_date": i.start.isoformat(),
                      "publication_date": i.published.isoformat()}
        if i.overall:
            fact["ratings"] = dict(i.ratings) if i.era == "rated" else {"overall": i.overall, **{k: i.ratings[k] for k in V.KEY_QUESTIONS}}
        inspections.append(fact)
    if rated:
        cur = rated[-1]
        data["currentRatings"] = {"overall": {"rating": cur.overall, "reportDate": cur.published.isoformat(),
                                              "reportLinkId": cur.report_id,
                                              "keyQuestionRatings": _kq_ratings(cur, True)},
                                  "reportDate": cur.published.isoformat()}
        entity["current_overall_rating"] = cur.overall
        data["historicRatings"] = [{"reportLinkId": h.report_id, "reportDate": h.published.isoformat(),
                                    "overall": {"rating": h.overall, "keyQuestionRatings": _kq_ratings(h, False)}}
                                   for h in reversed(rated[:-1])]
    data["reports"] = [{"linkId": i.report_id, "reportDate": i.published.isoformat(),
                        "reportUri": f"/reports/{i.report_id}", "firstVisitDate": i.start.isoformat(),
                        "reportType": "Location"} for i in reversed(loc.inspections)]
    return json.dumps(data, indent=2, ensure_ascii=False), {
        "provider": {"cqc_id": loc.provider.cqc_id}, "locations": [entity], "inspections": inspections}


def api_provider(rng: random.Random, provider: Provider) -> tuple[str, dict]:
    """A provider as CQC's API gives it, with the IDs of its locations."""
    p = provider.place
    data: dict = {"providerId": provider.cqc_id, "locationIds": list(provider.location_ids),
                  "organisationType": "Provider", "ownershipType": "NHS Body" if provider.trust else "Organisation",
                  "type": "NHS Healthcare Organisation" if provider.trust else "Social Care Org",
                  "name": provider.name, "registrationStatus": "Registered",
                  "registrationDate": provider.registered.isoformat()}
    facts: dict = {"name": provider.name, "cqc_id": provider.cqc_id, "address": p.address, "postcode": p.postcode,
                   "location_ids": list(provider.location_ids)}
    if provider.company_number:
        data["companiesHouseNumber"] = provider.company_number
        facts["company_number"] = provider.company_number
    data.update(postalAddressLine1=p.street, postalAddressTownCity=p.town, postalAddressCounty=p.county,
                region=p.region, postalCode=p.postcode)
    return json.dumps(data, indent=2, ensure_ascii=False), {"provider": facts}
