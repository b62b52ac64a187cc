"""Summaries of what an inspection found whose page is cut away: a copied fragment of a 2011-2018
report or summary page with no header, no date line and no page heading ("During our inspection
we spoke with …", "People who use the service told us …", "This inspection took place on 18
January 2018 and was unannounced", the 2014 summaries' "five questions we always ask").

The layout is told by several features (two families of ``FINDINGS_FEATURES``), and read with the
shared patterns, as the generic reader reads any text; a fragment that states no name, date or
rating gives no fact. Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import generic
from cqcgraph.records import DocumentRecord

LAYOUT = "summary-fragment"

#: Features of the 2011-2018 summaries of what an inspection found, when the copy has lost the
#: page around them (no date line, no heading): what people told the inspector, whom the
#: inspector spoke with, what the inspector saw, and the 2014 summaries' five questions. Two
#: families claim a text; tried after every other layout, so a press release stays one.
FINDINGS_FEATURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "People told us that they liked the food", "One young person told us", "People said they …"
    ("what people told us", re.compile(
        r"\b(?:people|patients|relatives|carers|residents|parents|person|children)\b[^.\n]{0,60}\b(?:told us|said)\b", re.I)),
    # "During our inspection we spoke with the practice manager", "Everybody we spoke to"
    ("whom the inspector spoke with", re.compile(r"\bwe (?:spoke|talked) (?:with|to)\b", re.I)),
    # "We saw that people were supported", "We observed a relaxed atmosphere", "We looked at records"
    ("what the inspector saw", re.compile(r"\bwe (?:saw|observed|looked at)\b", re.I)),
    ("the inspection as the inspector's", re.compile(r"\bDuring (?:our|the|this) (?:inspection|visit)\b|\bWe were concerned\b", re.I)),
    # the 2012-2014 summaries' conclusion from what was found: "This meant that patients … were protected"
    ("what a finding meant", re.compile(r"\bThis meant that\b")),
    # the adult social care reports' opening of 2015-2018: "This inspection took place on 18 January
    # 2018 and was unannounced", "The inspection took place over the period of 14 February 2018 to …"
    ("the inspection's dates as a report opens", re.compile(r"^\s*(?:This|The) inspection took place (?:on|over|between)\b", re.I | re.M)),
    ("an earlier inspection recalled", re.compile(
        r"\b(?:was|were) last inspected\b|\bAt (?:our|the) (?:last|previous) inspection\b", re.I)),
    ("the five questions of the 2014 summaries", re.compile(
        r"\bthe five questions we always ask\b|^\s*Is the service (?:safe|effective|caring|responsive|well[- ]led)\?\s*$", re.I | re.M)),
)


def detect(text: str) -> bool:
    """A summary of findings whose page is cut away (two families of ``FINDINGS_FEATURES``).

    >>> detect("During our inspection we spoke with five patients. Patients told us they were treated with respect.")
    True
    >>> detect("Patients told us they were happy.")
    False
    """
    head = text[:4000]
    return sum(1 for _f, p in FINDINGS_FEATURES if p.search(head)) >= 2


def parse(text: str) -> DocumentRecord:
    """What the shared patterns find in the fragment, under this layout's name."""
    return dataclasses.replace(generic.parse(text), layout=LAYOUT, fell_back=False, notes=())
