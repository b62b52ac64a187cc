"""Names of providers and locations in prose ("CQC inspected Healthcare at Home, which has its
head office in Burton-on-Trent", seed 003; "issued a formal warning to Parkfield Health Care
Limited", dev/013; "Pharmacorp Ltd (also known as Medicine Direct)", dev/052).

Imports the standard library only.
"""

from __future__ import annotations

import re

#: A proper name: capitalised words, with lower-case joiners ("Healthcare at Home").
NAME = r"(?:The\s+)?[A-Z][\w'’&-]*(?:\s+(?:(?:of|at|and|the|for|on|in)\s+)?(?:[A-Z][\w'’&-]*|\([A-Z]+\)))*"
#: Suffixes that make a name an organisation (a provider).
ORGANISATION_RE = re.compile(r"\b(?:Ltd|Limited|plc|PLC|LLP|Trust|Council|Partnership|Group|CIC|LLC)\.?$")

INSPECTED_RE = re.compile(rf"\b(?:CQC|Commission|we|inspectors)\s+(?:inspected|visited)\s+(?P<name>{NAME})")
WARNED_RE = re.compile(rf"\b(?:warning|notices?|conditions?)\s+(?:to|on)\s+(?P<name>{NAME})")
AKA_RE = re.compile(rf"(?P<name>{NAME})\s+\((?:also known as|trading as|t/a)\s+(?P<aka>[^)]+)\)")
TRUST_RE = re.compile(r"(?P<name>(?:[A-Z][\w'’&-]*\s+(?:(?:of|and|the)\s+)?){1,8}NHS\s+(?:Foundation\s+)?Trust)")
HEAD_OFFICE_RE = re.compile(rf"(?P<name>{NAME}),\s+which has its (?:head office|headquarters|registered office) in\s+(?P<town>{NAME})")
PRACTICE_RE = re.compile(rf"\brated\s+(?P<town>[A-Z][\w-]+)\s+(?:GP\s+)?(?:[Pp]ractice|[Ss]urgery),\s+(?P<name>{NAME}),")
TOWN_LEAD_RE = re.compile(r"^(?:A|An|The)\s+(?P<town>[A-Z][\w-]+)(?:-based)?\s+(?:[a-z][\w’'-]*\s+){0,3}(?:service|practice|home|provider|company|surgery|hospital)\b", re.M)
COUNTY_RE = re.compile(r"\b(?P<county>[A-Z][a-z]+shire|Cornwall|Devon|Kent|Essex|Surrey|Norfolk|Suffolk|Cumbria|Merseyside)(?:-based)?\b")
DESCRIBED_RE = re.compile(rf"^(?P<name>{NAME})\s+is\s+(?:a|an)\s+(?P<type>(?:[a-z-]+\s+){{0,3}}(?:agency|home|service|practice|hospital|clinic))\b", re.M)


_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"


def clean(name: str) -> str:
    name = re.sub(r"\s+\([A-Z]+\)$", "", name.strip())
    # "Oak House in April and May" (variants/019): a date is not part of a name
    name = re.sub(rf"\s+(?:in|on|at|during)\s+{_MONTHS}\b.*$", "", name)
    return re.sub(r"^The\s+(?=[A-Z][\w-]*\s+(?:of|NHS)\b)", "", name) if "NHS" in name else name


def is_organisation(name: str) -> bool:
    return bool(ORGANISATION_RE.search(name.strip()))
