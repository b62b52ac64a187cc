"""IRIs of the open datasets around CQC's data, minted only from stated keys (issue 6).

Each function takes one key as a document or table states it (a postcode, an ONS GSS code, a
Companies House number, a CQC ID) and returns the identifier the publisher documents for it, or
``None`` when the key is not of that scheme. Nothing is ever guessed from a name. Used by the RDF
mapping (``cqcgraph.rdf``) and the link-set loader (``cqcgraph.linksets``), so that both mint
exactly the same join keys. Imports only the standard library.

Patterns, as each publisher documents them:

* Ordnance Survey postcode units: ``http://data.ordnancesurvey.co.uk/id/postcodeunit/{postcode}``,
  the postcode in upper case without its space.
* ONS statistical geographies: ``http://statistics.data.gov.uk/id/statistical-geography/{GSS}``.
* Companies House: ``http://business.data.gov.uk/id/company/{number}``, eight characters.
* CQC's own pages: ``https://www.cqc.org.uk/location/{id}`` and ``…/provider/{id}``.

>>> postcode_unit_iri("le12 9an")
'http://data.ordnancesurvey.co.uk/id/postcodeunit/LE129AN'
>>> statistical_geography_iri("E07000130")
'http://statistics.data.gov.uk/id/statistical-geography/E07000130'
"""

from __future__ import annotations

import re

__all__ = [
    "OS_POSTCODE_UNIT", "OS_POSTCODE", "STATISTICAL_GEOGRAPHY", "COMPANY", "CQC_WEBSITE", "GEO",
    "postcode_key", "postcode_label", "postcode_unit_iri", "gss_code", "statistical_geography_iri",
    "company_number", "company_iri", "cqc_page",
]

OS_POSTCODE_UNIT = "http://data.ordnancesurvey.co.uk/id/postcodeunit/"
OS_POSTCODE = "http://data.ordnancesurvey.co.uk/ontology/postcode/"
STATISTICAL_GEOGRAPHY = "http://statistics.data.gov.uk/id/statistical-geography/"
COMPANY = "http://business.data.gov.uk/id/company/"
CQC_WEBSITE = "https://www.cqc.org.uk/"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"

# A UK postcode: outward code (area letters, district digit, optional digit or letter), then
# inward code (sector digit, two unit letters). GIR 0AA is Girobank's historic exception.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$|^(GIR)(0AA)$")
# A GSS code: a letter for the nation (E, W, S, N; K for UK/GB-wide; L, M for the Channel
# Islands and the Isle of Man), two digits for the entity (E06 unitary authority, E07
# non-metropolitan district, E08 metropolitan district, E09 London borough, E01 LSOA, E05 ward,
# E38 sub-ICB location, E54 ICB…), six digits for the area.
_GSS = re.compile(r"^[EWSNKLM][0-9]{8}$")
_COMPANY = re.compile(r"^([0-9]{1,8}|[A-Z]{2}[0-9]{6})$")
_CQC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{1,30}$")


def postcode_key(postcode: str | None) -> str | None:
    """A postcode as OS writes it in IRIs (upper case, no space), or None when the text is
    not a UK postcode.

    >>> postcode_key(" rh11  9bj ")
    'RH119BJ'
    >>> postcode_key("Crawley") is None
    True
    """
    if not postcode:
        return None
    key = re.sub(r"\s+", "", postcode).upper()
    return key if _POSTCODE.match(key) else None


def postcode_label(key: str) -> str:
    """The usual spelling of a postcode key, with one space before the inward code.

    >>> postcode_label("LU20HF")
    'LU2 0HF'
    """
    return f"{key[:-3]} {key[-3:]}"


def postcode_unit_iri(postcode: str | None) -> str | None:
    """The Ordnance Survey postcode unit of a stated postcode, or None.

    >>> postcode_unit_iri("LU2 0HF")
    'http://data.ordnancesurvey.co.uk/id/postcodeunit/LU20HF'
    >>> postcode_unit_iri("not a postcode") is None
    True
    """
    key = postcode_key(postcode)
    return OS_POSTCODE_UNIT + key if key else None


def gss_code(value: str | None) -> str | None:
    """A stated ONS GSS code, upper case, or None for anything else, including ONSPD's pseudo
    codes for "no such area here" (``E99999999``, ``S99999999``, …).

    >>> gss_code("e54000027")
    'E54000027'
    >>> gss_code("E99999999") is None, gss_code("RX901") is None, gss_code("") is None
    (True, True, True)
    """
    if not value:
        return None
    code = value.strip().upper()
    if not _GSS.match(code) or code.endswith("99999999"):
        return None
    return code


def statistical_geography_iri(code: str | None) -> str | None:
    """The statistics.data.gov.uk IRI of a GSS code, or None when it is not one.

    >>> statistical_geography_iri("E38000190")
    'http://statistics.data.gov.uk/id/statistical-geography/E38000190'
    """
    gss = gss_code(code)
    return STATISTICAL_GEOGRAPHY + gss if gss else None


def company_number(value: str | None) -> str | None:
    """A Companies House number in its registered form of eight characters: digits padded
    with leading zeros, or two letters (SC, NI, OC, …) and six digits; None otherwise.

    >>> company_number("1234567"), company_number("sc123456"), company_number("n/a")
    ('01234567', 'SC123456', None)
    """
    if not value:
        return None
    number = re.sub(r"\s+", "", value).upper()
    if not _COMPANY.match(number):
        return None
    return number.zfill(8) if number.isdigit() else number


def company_iri(value: str | None) -> str | None:
    """The business.data.gov.uk IRI of a stated company number, or None.

    >>> company_iri("08179389")
    'http://business.data.gov.uk/id/company/08179389'
    """
    number = company_number(value)
    return COMPANY + number if number else None


def cqc_page(kind: str, cqc_id: str | None) -> str | None:
    """CQC's web page for a location or provider with a CQC ID, or None.

    >>> cqc_page("location", "1-125856395")
    'https://www.cqc.org.uk/location/1-125856395'
    >>> cqc_page("provider", "RX9")
    'https://www.cqc.org.uk/provider/RX9'
    """
    if kind not in {"location", "provider"}:
        raise ValueError(f"CQC pages are for locations and providers, not {kind!r}")
    if not cqc_id or not _CQC_ID.match(cqc_id.strip()):
        return None
    return f"{CQC_WEBSITE}{kind}/{cqc_id.strip()}"
