"""Readers of layout families on short synthetic texts: the trust report's service grid with change
arrows, SAF assessment page dates and carried-over ratings, press release visit days, and the
2012-2013 essential standards "Inspection Report" header."""

from __future__ import annotations

from cqcgraph.extract import extract


def test_trust_grid_with_arrows_and_not_rated() -> None:
    text = """Example Hospitals NHS Trust
Inspection report
Example General Hospital
1 Road
Town
AB1 2CD
Date of inspection visit: 10 Jan to 22 Feb 2023
Date of publication: 26/04/2023
Ratings
Overall trust quality rating Requires improvement
Are services safe? Requires improvement
Ratings for Example General Hospital
Safe Effective Caring Responsive Well-led Overall
Maternity
Inadequate ↓↓ Good → ← Good → ← Good → ← Inadequate ↓↓ Inadequate ↓↓
Outpatients
Good Not rated Good Good Good Good
Overall*
Requires improvement ↓ Good → ← Good → ← Requires improvement → ← Requires improvement ↓ Requires improvement ↓
Areas for improvement
We found areas for improvement including 3 breaches of legal requirements that the trust must put right. We found 2 things that the trust should improve.
"""
    rec = extract(text)
    main = rec.inspections[0]
    got = {(r.service, r.key_question.value, r.value.value) for r in main.ratings if r.service}
    assert ("Maternity", "safe", "inadequate") in got
    assert ("Outpatients", "effective", "not-rated") in got
    assert ("Overall", "overall", "requires-improvement") in got
    kinds = [a.kind.value for a in main.actions]
    assert kinds.count("must") == 3 and kinds.count("should") == 2


def test_saf_page_dates_and_carried_over_source() -> None:
    text = """Example Practice

Overall: Good read more about inspection ratings

1 Street, Town, Devon, TQ5 8BN

Provided and run by:
Example Partnership

Report from 14 January 2025 assessment

Overview

Good

Updated 12 February 2025

Example Practice provides general medical services to around 11,200 patients in the town. The assessment started on 14 January 2025 and finished on 11 February 2025. We carried out a site visit on 22 January 2025.

Our ratings for safe and caring are based on the previous inspection, published 14/12/2017.

Safe

Good

Updated 14 December 2017

Caring

Outstanding

Updated 14 December 2017
"""
    rec = extract(text)
    main = rec.inspections[0]
    assert main.end_date.iso == "2025-02-11"
    assert main.summary_updated.iso == "2025-02-12"
    assert [d.iso for d in main.visit_dates] == ["2025-01-22"]
    prev = [i for i in rec.inspections if i.is_previous and i.publication_date and i.publication_date.iso == "2017-12-14"]
    assert prev and {(r.key_question.value, r.value.value) for r in prev[0].ratings} == {("safe", "good"), ("caring", "outstanding")}


def test_essential_standards_inspection_report_header() -> None:
    text = """Inspection Report

We are the regulator: Our job is to check whether hospitals, care homes and care services are meeting essential standards.

Example Court

19 Meadow Road, Swindon, SN3 5TP
Tel: 01793402716

Date of Inspection: 14 November 2012
Date of Publication: January 2013

Staffing ✔ Met this standard

We checked the essential standards of quality and safety.

Details about this location

Registered Provider Example Care Homes Limited
Type of service Care home service without nursing
"""
    rec = extract(text)
    assert rec.providers[0].name == "Example Care Homes Limited"
    loc = rec.locations[0]
    assert (loc.name, loc.address, loc.postcode) == ("Example Court", "19 Meadow Road, Swindon", "SN3 5TP")
