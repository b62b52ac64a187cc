"""IRI minting from natural keys: small pure functions, one rule each.

Preference for providers and locations: CQC ID > ODS code > normalised name + postcode >
normalised name. Every function takes the data ``base`` (default ``https://cqcgraph.example/id/``)
and returns ``None`` rather than guessing when no key is given. IRIs that depend on an entity are
minted under that entity's IRI followed by "/" (``child_iri``), so the identity module can move a
document's facts to a new canonical IRI by prefix substitution. Imports only the standard library.

>>> location_iri(DEFAULT_BASE, cqc_id="1-125856395", name="Medical Imaging Partnership")
'https://cqcgraph.example/id/location/1-125856395'
>>> location_iri(DEFAULT_BASE, name="Medical Imaging Partnership", postcode="RH11 9BJ")
'https://cqcgraph.example/id/location/medical-imaging-partnership--rh119bj'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

DEFAULT_BASE = "https://cqcgraph.example/id/"

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'",
                         "\u201c": '"', "\u201d": '"', "\u201f": '"', "\u2033": '"'})
_ID_LIKE = re.compile(r"^(\d+-\d+|ods-.*|n-.*|[a-z]*\d[a-z0-9]*)$")


def _base(base: str) -> str:
    return base if base.endswith(("/", "#")) else base + "/"


def normalise_name(name: str) -> str:
    """A name as a comparison key: casefolded, accents dropped, quotes unified, "&" read as
    "and", "ltd" read as "limited", apostrophes dropped, other punctuation and space collapsed.

    >>> normalise_name("Medical Imaging Partnership")
    'medical imaging partnership'
    >>> normalise_name("  St Mary’s Care & Nursing Home, Ltd. ")
    'st marys care and nursing home limited'
    >>> normalise_name("Café–Clinic (North)")
    'cafe clinic north'
    """
    text = unicodedata.normalize("NFKD", name.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ").replace("+", " and ").replace("'", "")
    words = re.sub(r"[^0-9a-z]+", " ", text).split()
    return " ".join("limited" if w == "ltd" else w for w in words)


def slug(text: str, max_length: int | None = None) -> str:
    """Lower-case ASCII words joined by "-" (empty when nothing is left).

    >>> slug("Diagnostic imaging")
    'diagnostic-imaging'
    >>> slug("Regulation 20A: display")
    'regulation-20a-display'
    >>> slug("a b c d", max_length=4)
    'a-b'
    """
    out = normalise_name(text).replace(" ", "-")
    if max_length is not None and len(out) > max_length:
        out = out[:max_length].rstrip("-")
    return out


def postcode_key(postcode: str) -> str:
    """A postcode as an IRI segment: letters and digits only, lower case.

    >>> postcode_key("RH11 9BJ")
    'rh119bj'
    """
    return re.sub(r"[^0-9a-z]", "", postcode.casefold())


def _id_key(value: str) -> str:
    return re.sub(r"[^0-9a-z-]+", "", value.strip().casefold())


def _name_segment(name: str) -> str:
    s = slug(name, max_length=80)
    return "n-" + s if _ID_LIKE.match(s) else s


def _entity_iri(kind: str, base: str, cqc_id: str | None, ods_code: str | None,
                name: str | None, postcode: str | None) -> str | None:
    prefix = f"{_base(base)}{kind}/"
    if cqc_id and _id_key(cqc_id):
        return prefix + _id_key(cqc_id)
    if ods_code and _id_key(ods_code):
        return prefix + "ods-" + _id_key(ods_code)
    if name and slug(name):
        segment = _name_segment(name)
        if postcode and postcode_key(postcode):
            return f"{prefix}{segment}--{postcode_key(postcode)}"
        return prefix + segment
    return None


def location_iri(base: str, *, cqc_id: str | None = None, ods_code: str | None = None,
                 name: str | None = None, postcode: str | None = None) -> str | None:
    """The IRI of a location from its strongest key, or None when it has none.

    >>> location_iri(DEFAULT_BASE, ods_code="RX901")
    'https://cqcgraph.example/id/location/ods-rx901'
    >>> location_iri(DEFAULT_BASE, name="Medical Imaging Partnership")
    'https://cqcgraph.example/id/location/medical-imaging-partnership'
    >>> location_iri(DEFAULT_BASE, name="1-2345")  # a name that looks like an ID
    'https://cqcgraph.example/id/location/n-1-2345'
    >>> location_iri(DEFAULT_BASE, postcode="LU2 0HF") is None
    True
    """
    return _entity_iri("location", base, cqc_id, ods_code, name, postcode)


def provider_iri(base: str, *, cqc_id: str | None = None, ods_code: str | None = None,
                 name: str | None = None, postcode: str | None = None) -> str | None:
    """The IRI of a provider from its strongest key, or None when it has none.

    >>> provider_iri("https://example.org/kg", name="Ecospirito Ltd")
    'https://example.org/kg/provider/ecospirito-limited'
    >>> provider_iri(DEFAULT_BASE, cqc_id="1-101641279")
    'https://cqcgraph.example/id/provider/1-101641279'
    """
    return _entity_iri("provider", base, cqc_id, ods_code, name, postcode)


def key_hash(key: str) -> str:
    """SHA-1 of a document key, hex.

    >>> key_hash("001.txt")[:10]
    '4b33aa90fb'
    """
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def document_iri(base: str, key: str) -> str:
    """The IRI of a source document (and the name of its graph) from its key (source URL or
    file base name): a readable slug of the key, then 10 hex digits of its SHA-1.

    >>> document_iri(DEFAULT_BASE, "https://www.cqc.org.uk/location/1-125856395")
    'https://cqcgraph.example/id/document/cqc-org-uk-location-1-125856395-5519683db9'
    """
    readable = re.sub(r"^[a-z]+://(www\.)?", "", key.strip(), flags=re.IGNORECASE)
    stem = slug(readable, max_length=60)
    digest = key_hash(key)[:10]
    return f"{_base(base)}document/{stem + '-' if stem else ''}{digest}"


def document_tag(key: str) -> str:
    """Short tag of a document, put into the IRIs of the facts it states (ratings, breaches,
    actions, scores) so that two sources never merge them silently.

    >>> document_tag("001.txt")
    '4b33aa90'
    """
    return key_hash(key)[:8]


def anonymous_entity_iri(document: str, role: str, index: int) -> str:
    """An entity with no name and no key: minted from its document and its role there
    (``index`` is its 0-based position in the record, e.g. ``DocumentRecord.locations``).

    >>> anonymous_entity_iri("https://cqcgraph.example/id/document/x-1234567890", "location", 0)
    'https://cqcgraph.example/id/document/x-1234567890/location/0'
    """
    return f"{document}/{role}/{index}"


def child_iri(parent: str, *segments: str) -> str:
    """An IRI that depends on ``parent``: the parent, "/", then the segments joined by "/".

    >>> child_iri("https://cqcgraph.example/id/location/1-2", "inspection", "2019-07-17")
    'https://cqcgraph.example/id/location/1-2/inspection/2019-07-17'
    """
    return "/".join([parent, *segments])


def regulation_segment(instrument: str, number: str, is_section: bool = False) -> str:
    """IRI segment naming a cited regulation: the bare number for the Regulated Activities
    Regulations 2014 (the usual case), else instrument, "r" or "s", and number.

    >>> regulation_segment("uksi/2014/2936", "20A")
    '20a'
    >>> regulation_segment("ukpga/2008/14", "31", is_section=True)
    'ukpga-2008-14-s31'
    """
    num = _id_key(number)
    inst = instrument.strip("/ ").lower()
    if inst == "uksi/2014/2936" and not is_section:
        return num
    kind = "s" if is_section or inst.startswith("ukpga") else "r"
    return f"{slug(inst)}-{kind}{num}"


def unique(segment: str, taken: set[str]) -> str:
    """``segment``, or ``segment-2``, ``-3``… when already in ``taken`` (which it joins).

    >>> taken = set(); [unique("x", taken) for _ in range(3)]
    ['x', 'x-2', 'x-3']
    """
    candidate, n = segment, 1
    while candidate in taken:
        n += 1
        candidate = f"{segment}-{n}"
    taken.add(candidate)
    return candidate
