"""A plain text is read in one surface form: each change of form that carries no fact (trailing
spaces, other bullet marks, a numbered list, an unspaced em dash, a stop's two spaces, a heading in
capitals, a site's navigation lines) gives the facts the plain copy gives, shown on two documents
written in CQC's style."""

from __future__ import annotations

import textwrap

import pytest

from cqcgraph.documents import read
from cqcgraph.documents_text import normalise
from cqcgraph.evaluate import record_facts
from cqcgraph.extract import extract

SUMMARY = """Birch House

• Care home
• Nursing home

Overall: Requires improvement

Provided and run by:
Birchfield Care Ltd

Latest inspection summary

Are services safe? – Requires improvement
Are services effective? – Good
Are services caring? – Good
Are services responsive? – Good
Are services well-led? – Requires improvement

Inspection carried out on 4 March 2019
Report published 10 April 2019

Action the provider MUST take to improve
• The provider must ensure medicines are managed safely. Regulation 12(2)(g)
• The provider must ensure systems to monitor quality are effective. Regulation 17(2)(a)
"""

REPORT = """Willow Court

Care home
Station Road, Malton, North Yorkshire, YO17 7NR
Provided and run by: Ryedale Homes LLP

Ratings

Overall rating for this service    Good
Is the service safe?               Good
Is the service effective?          Good
Is the service caring?             Outstanding
Is the service responsive?         Good
Is the service well-led?           Good

Date of inspection visit: 12 June 2018
Date of publication: 2 August 2018

Summary of findings

We carried out an unannounced inspection of Willow Court on 12 June 2018. At our last
inspection in May 2016 the service was rated good. At this inspection it remained good.
Willow Court – a care home for up to 40 older people – is run by Ryedale Homes LLP.
• People told us they felt safe and staff knew how to protect them from abuse.
• Staff were recruited safely and there were enough of them.
"""

DOCUMENTS = {"summary": SUMMARY, "report": REPORT}


def facts(text: str) -> dict[str, list]:
    """The facts a text gives, each kind's in one order."""
    got = record_facts(extract(read(text.encode("utf-8"), "page.txt").text), True)
    return {kind: sorted(found, key=repr) for kind, found in got.items()}


def _trailing_spaces(text: str) -> str:
    return "\n".join(line + "  \t" for line in text.split("\n"))


def _bullets(mark: str):
    return lambda text: text.replace("• ", f"{mark} ")


def _numbered(text: str) -> str:
    out, n = [], 0
    for line in text.split("\n"):
        if line.startswith("• "):
            n += 1
            line = f"{n}. {line[2:]}"
        else:
            n = 0
        out.append(line)
    return "\n".join(out)


def _em_dashes(text: str) -> str:
    return text.replace(" – ", "—")


def _two_spaces(text: str) -> str:
    return text.replace(": ", ":  ")


def _capital_headings(text: str) -> str:
    heads = ("Latest inspection summary", "Ratings", "Summary of findings", "Action the provider MUST take to improve")
    for h in heads:
        text = text.replace(f"\n{h}\n", f"\n{h.upper()}\n")
    return text


def _navigation(text: str) -> str:
    return "Skip to main content\nMenu\nHome\nFind a care service\n\n" + text + "\nBack to top\nCookies\nPrivacy\n"


def _items_wrapped(text: str) -> str:
    return (text.replace("must ensure medicines are managed", "must ensure medicines are\nmanaged")
            .replace("quality are effective. Regulation", "quality are effective.\n(Regulation")
            .replace("Regulation 17(2)(a)", "Regulation 17(2)(a))")
            .replace("staff knew how to protect", "staff knew how\n  to protect"))


def _prose_wrapped(width: int, items: bool = True):
    """The report's paragraph (and with ``items`` the summary's list items) wrapped again at
    ``width``, as a narrow page or a PDF's column gives them (a date and a citation kept whole, as
    a wrap keeps them)."""
    def wrap(text: str) -> str:
        para = ("We carried out an unannounced inspection of Willow Court on 12 June 2018. At our last\n"
                "inspection in May 2016 the service was rated good. At this inspection it remained good.\n"
                "Willow Court – a care home for up to 40 older people – is run by Ryedale Homes LLP.")
        if para in text:
            text = text.replace(para, "\n".join(textwrap.wrap(" ".join(para.split()).replace("12 June 2018", "12\x00June\x002018"),
                                                              width)).replace("\x00", " "))
        out = []
        for line in text.split("\n"):
            if items and line.startswith("• ") and len(line) > width:
                out += [x.replace("\x00", " ") for x in textwrap.wrap(line.replace("Regulation ", "Regulation\x00"), width)]
            else:
                out.append(line)
        return "\n".join(out)
    return wrap


def _double_spaced(paragraph_gap: int):
    """A blank line between every two lines (a table's rows apart), and ``paragraph_gap`` blank
    lines where the text had one, as a page copied double-spaced gives it."""
    def space(text: str) -> str:
        out = []
        for line in text.split("\n"):
            if not line.strip():
                out += [""] * (paragraph_gap - 1)
                continue
            out += [line, ""]
        return "\n".join(out)
    return space


def _lines_in_capitals(text: str) -> str:
    """The title, the labels, the key questions' lines and the headings in capitals, as a copy
    of a page styled in capitals gives them."""
    out = []
    for line in text.split("\n"):
        if (line and not line.startswith(("•", "We ", "Willow Court –", "inspection in", "Station Road"))
                and "  " not in line and len(line) < 70):
            line = line.upper()
        out.append(line)
    return "\n".join(out)


CHANGES = {
    "trailing spaces and tabs": _trailing_spaces,
    "CR LF line ends": lambda text: text.replace("\n", "\r\n"),
    "non-breaking spaces": lambda text: text.replace(" 2018", "\u00a02018").replace(" 2019", "\u00a02019"),
    "square bullets": _bullets("▪"),
    "middle dot bullets": _bullets("·"),
    "hyphen bullets": _bullets("-"),
    "asterisk bullets": _bullets("*"),
    "numbered items": _numbered,
    "list items wrapped over lines": _items_wrapped,
    "prose wrapped at 72 characters": _prose_wrapped(72),
    "a paragraph wrapped at 44 characters": _prose_wrapped(44, items=False),
    "unspaced em dashes": _em_dashes,
    "two spaces after a colon": _two_spaces,
    "headings in capitals": _capital_headings,
    "every heading, label and title line in capitals": _lines_in_capitals,
    "a blank line after every line": _double_spaced(1),
    "double-spaced lines, paragraphs two blank lines apart": _double_spaced(2),
    "a paragraph wrapped at 60 characters": _prose_wrapped(60, items=False),
    "navigation lines around the text": _navigation,
}


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("change", CHANGES)
def test_a_change_of_surface_form_reads_the_same_facts(document: str, change: str) -> None:
    plain = DOCUMENTS[document]
    want = facts(plain)
    assert sum(len(v) for v in want.values()) >= 8
    assert facts(CHANGES[change](plain)) == want


def test_trailing_spaces_and_cr_lf_are_dropped() -> None:
    assert normalise("Oak Lodge  \r\nCare home\t\r\n") == "Oak Lodge\nCare home\n"
    assert normalise("Overall: Good \u00a0\rSafe: Good") == "Overall: Good\nSafe: Good"


def test_every_bullet_mark_is_the_readers_bullet() -> None:
    assert normalise("▪ Care home\n  · Nursing home\n* Dementia\n- Caring") == "• Care home\n  • Nursing home\n• Dementia\n• Caring"
    assert normalise("-5 degrees\n*Note\n-- end") == "-5 degrees\n*Note\n-- end"  # no space after it: no bullet


def test_a_numbered_list_is_a_list_of_bullets_but_a_lone_number_is_not() -> None:
    assert normalise("1. Ensure care is safe.\n   Regulation 12\n2. Review audits.") == \
        "• Ensure care is safe.\n   Regulation 12\n• Review audits."
    assert normalise("1. Ensure care is safe.\nWe found 2 breaches.") == "1. Ensure care is safe.\nWe found 2 breaches."


def test_a_wrapped_list_item_is_one_line_but_a_paragraph_after_a_list_stays_apart() -> None:
    assert normalise("• The provider must ensure it operates a planned maintenance\nprogramme (Regulation 12(1)).") == \
        "• The provider must ensure it operates a planned maintenance programme (Regulation 12(1))."
    assert normalise("• Staff were recruited safely and there were enough of them\n  (see the staffing section)") == \
        "• Staff were recruited safely and there were enough of them (see the staffing section)"
    kept = "• S Kirkup Dental Surgeon, North Durham: Not meeting standards\nCQC's approach to dental care"
    assert normalise(kept) == kept
    assert normalise("• Care home\nbirch house") == "• Care home\nbirch house"  # a short item is not wrapped


def test_a_paragraph_wrapped_narrow_is_one_line_but_its_heading_and_address_keep_theirs() -> None:
    wrapped = ("Bodmin Home Support, Bodmin\n"
               "Bodmin Home Support, a domiciliary care agency run by Kernow Community\n"
               "Care Limited, has been rated Requires Improvement overall. The inspection\n"
               "took place between 3 and 10 December 2019.\n"
               "Chy an Mor, Penzance\n"
               "Chy an Mor, a care home run by Mounts Bay Residential Ltd, has been rated\n"
               "Good overall. Inspectors visited on 17 December 2019.")
    assert normalise(wrapped).split("\n") == [
        "Bodmin Home Support, Bodmin",
        "Bodmin Home Support, a domiciliary care agency run by Kernow Community Care Limited, has been rated"
        " Requires Improvement overall. The inspection took place between 3 and 10 December 2019.",
        "Chy an Mor, Penzance",
        "Chy an Mor, a care home run by Mounts Bay Residential Ltd, has been rated Good overall. Inspectors visited"
        " on 17 December 2019."]
    # an inspection report's page: an address's lines and a label keep theirs, a sentence ending
    # at a line's end before a capital keeps its paragraph's break
    kept = ("Oakhurst Nursing Home, 3 Vicarage Road, Bromsgrove, Worcestershire\n"
            "B60 2EP, a care home for up to 40 older people run by Willowmere\n"
            "Date of inspection visit: 14 March 2019 and 15 March 2019 at the home\n"
            "We carried out an unannounced inspection of the home on 14 March 2019.\n"
            "Summary of findings for the inspection of this service in March 2019")
    assert normalise(kept) == kept
    # a text wrapped wide (as most PDFs' copies are) keeps its lines
    wide = ("We carried out an unannounced comprehensive inspection of Oak Lodge care home on 12 and 13 March\n"
            "2019. The service was rated good at our last inspection in 2016 and at this inspection it is now\n"
            "rated requires improvement overall, and requires improvement for being safe and well-led.")
    assert normalise(wide) == wide


def test_an_unspaced_em_dash_between_words_is_a_spaced_dash() -> None:
    assert normalise("Are services safe?—Good") == "Are services safe? – Good"
    assert normalise("Previous rating October 2014—Good") == "Previous rating October 2014 – Good"
    assert normalise("pages 3—4") == "pages 3—4"  # a range of numbers is left as it is


def test_a_stops_two_spaces_are_one_unless_the_line_is_a_table() -> None:
    assert normalise("Overall rating:  Good") == "Overall rating: Good"
    assert normalise("We visited.  Staff were kind.") == "We visited. Staff were kind."
    assert normalise("Safe:  Good    Caring:  Good") == "Safe:  Good    Caring:  Good"


def test_a_heading_in_capitals_is_in_cqcs_case() -> None:
    assert normalise("RATINGS FOR PRINCESS ETHELFLEDA HOSPITAL") == "Ratings for Princess Ethelfleda Hospital"
    assert normalise("WREKIN AND SEVERN HOSPITALS NHS TRUST") == "Wrekin and Severn Hospitals NHS Trust"
    assert normalise("ARE SERVICES SAFE?") == "Are services safe?"
    assert normalise("Oak Tree Practice") == "Oak Tree Practice"  # Title Case may be a name: kept


def test_items_each_numbered_1_are_a_list_of_bullets() -> None:
    # a press release's warnings, each item its own list with a paragraph under it
    warnings = ("They must improve in the following areas.\n\n  1. Regulation 9, (Outcome 4): Care and welfare of "
                "people who use services\n\nThe service was failing to ensure people were protected.\n\n"
                "  1. Regulation 19, (Outcome 17): Complaints\n\nThe service did not handle complaints.")
    assert normalise(warnings).count("  • Regulation") == 2
    # a report's findings, then a list numbered 1, 2, 3 of its own
    findings = ("1. Patients did not always receive timely reviews.\n\nWe found the system was not effective.\n\n"
                "1. Recalls were not always made.\n\nThe provider should:\n\n1. Improve the uptake of screening."
                "\n2. Review significant events.")
    assert normalise(findings).splitlines()[0::2][:3] == [
        "• Patients did not always receive timely reviews.", "We found the system was not effective.",
        "• Recalls were not always made."]
    assert normalise(findings).endswith("• Improve the uptake of screening.\n• Review significant events.")
    assert normalise("1. Introduction\n\nWe inspected Oak Lodge.") == "1. Introduction\n\nWe inspected Oak Lodge."


def test_a_labels_tab_is_a_space_unless_the_line_is_a_table() -> None:
    assert normalise("Date of publication:\tSeptember 2013") == "Date of publication: September 2013"
    assert (normalise("This report is requested under this regulation:\tRegulation 10(3) of the Health and Social "
                      "Care Act 2008") == "This report is requested under this regulation: Regulation 10(3) of the "
            "Health and Social Care Act 2008")
    assert normalise("Safe:\tGood\tCaring:\tGood") == "Safe:\tGood\tCaring:\tGood"


def test_a_heading_in_title_case_is_in_cqcs_case() -> None:
    # a trust's report with a grid per hospital, and a location's page, headed in Title Case
    trust = "Ratings For Princess Ethelfleda Hospital\n\nBackground To The Trust\n\nAction We Have Taken"
    assert normalise(trust) == "Ratings for Princess Ethelfleda Hospital\n\nBackground to the Trust\n\nAction we have taken"
    page = "Overall Summary & Rating\n\nKey Question Ratings\n\nOur Inspection\n\nAre Services Safe?"
    assert normalise(page) == "Overall summary & rating\n\nKey question ratings\n\nOur inspection\n\nAre services safe?"


def test_a_question_in_title_case_before_its_rating_and_a_closing_rating_are_in_cqcs_case() -> None:
    # a location's page and a trust's page, copied with their headings in Title Case
    assert (normalise("You Are Here\n\nAre Services Safe? – Good\nAre Services Well-led? – Requires Improvement")
            == "You are here\n\nAre services safe? – Good\nAre services well-led? – Requires Improvement")
    assert (normalise("During A Routine Inspection\n\nSt Bede's Medical Centre Requires Improvement")
            == "During a routine inspection\n\nSt Bede's Medical Centre Requires improvement")
    assert normalise("Eastshire NHS Trust Requires Improvement") == "Eastshire NHS Trust Requires improvement"
    assert normalise("Oak Lodge – Leeds") == "Oak Lodge – Leeds"


def test_a_name_in_title_case_is_no_heading() -> None:
    for name in ("Oak Tree Practice", "The Good Care Group", "Quality Care Services", "Good Hope Lodge",
                 "Outstanding NHS Care"):
        assert normalise(name) == name


def test_navigation_lines_are_dropped_at_the_head_and_foot_only() -> None:
    text = "Skip to main content\nMenu\nSearch\n\nOak Lodge\nHome\nCare home\n\nBack to top\nCookies"
    assert normalise(text) == "Oak Lodge\nHome\nCare home"
    assert normalise("Home\nOak Lodge") == "Home\nOak Lodge"  # one word alone is no menu


def test_a_double_spaced_text_has_its_lines_back_and_its_paragraphs_apart() -> None:
    # a location's summary and a report's front page, copied with a blank line after every line
    summary = ("Birch House\n\nOverall: Requires improvement\n\nAre services safe?\n\nRequires improvement\n\n"
               "Score: 53%\n\nWe carried out an unannounced inspection on 4 March 2019 and found the\n\n"
               "service had not improved.\n\nWe found breaches of two regulations.")
    assert normalise(summary) == ("Birch House\nOverall: Requires improvement\nAre services safe?\n\nRequires improvement\n"
                                  "Score: 53%\nWe carried out an unannounced inspection on 4 March 2019 and found the\n"
                                  "service had not improved.\n\nWe found breaches of two regulations.")
    front = ("Willow Court\n\nCare home\n\nProvided and run by:\n\nRyedale Homes LLP\n\n"
             "Date of inspection visit: 12 June 2018\n\n\n"
             "Ratings\n\nOverall rating for this service    Good\nIs the service safe?               Good\n\n"
             "Summary of findings\n\nThe service remained good.\n\nStaff were kind.")
    assert normalise(front) == ("Willow Court\nCare home\nProvided and run by:\nRyedale Homes LLP\n"
                                "Date of inspection visit: 12 June 2018\n\nRatings\n"
                                "Overall rating for this service    Good\nIs the service safe?               Good\n"
                                "Summary of findings\nThe service remained good.\n\nStaff were kind.")
    # a text whose paragraphs are one line apart and whose lines follow each other is not double-spaced
    single = "Birch House\nCare home\n\nOverall: Good\n\nSafe: Good\n\nCaring: Good\n\nWe visited.\n\nStaff were kind."
    assert normalise(single) == single


def test_a_heading_in_capitals_with_a_label_a_number_or_a_rating_is_in_cqcs_case() -> None:
    # an assessment's page and a location's page, their headings styled in capitals
    assessment = ["KEY QUESTION: SAFE", "OUR RATINGS FOR THIS LOCATION", "SAFE & EFFECTIVE: 2 OF 5 QUALITY STATEMENTS",
                  "ARE SERVICES SAFE? – REQUIRES IMPROVEMENT", "CARE HOME", "DATE OF INSPECTION VISIT: 12 JUNE 2018"]
    assert [normalise(x) for x in assessment] == [
        "Key question: Safe", "Our ratings for this location", "Safe & effective: 2 of 5 quality statements",
        "Are services safe? – Requires improvement", "Care home", "Date of inspection visit: 12 June 2018"]
    page = ["THE WILLOWS (KENDAL) GOOD", "ASHGROVE CARE HOMES (MIDLANDS) LTD", "PROVIDED AND RUN BY: LAKELAND CARE CIC",
            "HEALTHSHARE DIAGNOSTICS LIMITED - THE GLOBAL CLINIC NORWICH", "ACTION THE PROVIDER MUST TAKE TO IMPROVE",
            "ST BEDE'S MEDICAL CENTRE REQUIRES IMPROVEMENT", "YOU ARE HERE"]
    assert [normalise(x) for x in page] == [
        "The Willows (Kendal) Good", "Ashgrove Care Homes (Midlands) Ltd", "Provided and run by: Lakeland Care CIC",
        "Healthshare Diagnostics Limited - The Global Clinic Norwich", "Action the provider MUST take to improve",
        "St Bede's Medical Centre Requires improvement", "You are here"]
    # an address and a postcode in capitals, and a line with a table's gap, are no headings
    for kept in ("14 OAK ROAD, LEEDS LS1 4AB", "SAFE    GOOD", "NHS", "A&E"):
        assert normalise(kept) == kept
