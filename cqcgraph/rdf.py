"""The RDF mapping: one extracted ``DocumentRecord`` to one named graph of facts and provenance.

Rules:

* The graph's name is the document's IRI, ``iris.document_iri(base, source.key)``.
* Providers and locations get the canonical IRI the identity module chose (``entity_iris``), else
  one minted from their own keys, else one minted from the document and their position.
* Every IRI that depends on an entity is minted under that entity's IRI and "/": inspections,
  assessments, services and addresses under the location (or provider); ratings, changes,
  scores, breaches and actions under their inspection, with a short document tag so that two
  sources never merge silently. Replacing an entity IRI prefix in the output therefore gives
  exactly what mapping with the new IRI gives.
* No blank nodes; same input, same triples, added in the same order.
* Dates are typed at the precision the text gives; a date with no year keeps only its wording.

* Links out to other datasets come only from stated keys (issue 6): a postcode gives its
  Ordnance Survey postcode unit, a GSS code its statistics.data.gov.uk geography, a company
  number its business.data.gov.uk company, a CQC ID the CQC web page (``cqcgraph.links``).
  ODS codes and UPRNs stay identifier literals: no IRI is guessed for them.

Imports: ``cqcgraph.records``, ``cqcgraph.iris``, ``cqcgraph.links``, ``cqcgraph.vocab``,
``cqcgraph.resources`` and rdflib. Nothing of Flask or Oxigraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Protocol
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, XSD

from cqcgraph import iris, links, vocab
from cqcgraph.records import (
    Action,
    Breach,
    ChangeStatement,
    DocumentRecord,
    Figure,
    Inspection,
    InspectionKind,
    Location,
    PartialDate,
    Person,
    Provider,
    QualityStatementScore,
    Rating,
    Regulation,
    SourceInfo,
    StandardJudgement,
)
from cqcgraph.resources import data_dir
from cqcgraph.vocab import CQC, LOCN, SCHEMA

__all__ = ["map_document", "map_triples", "DocumentTriples", "ntriples", "graph_iri_for",
           "reference_graphs", "date_literal", "bind_prefixes"]

EntityIris = Mapping[tuple[str, int], str]

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^\d{4}$")
_DURATION = re.compile(r"^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
_WEEKS = re.compile(r"^P(\d+)W$")
# The property for a stated ICB code, by the GSS entity code it carries (the CQC API's
# "onspdCcgCode" holds sub-ICB location codes, E38, formerly clinical commissioning groups).
_ICB_PROPERTY = {"E54": CQC.icbArea, "E38": CQC.subIcbArea}
_POUNDS = re.compile(r"^\s*£\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?\s*$")


def graph_iri_for(source: SourceInfo, base: str = iris.DEFAULT_BASE) -> str:
    """The name of the graph (and IRI of the document node) for a source."""
    return iris.document_iri(base, source.key)


def date_literal(value: PartialDate | None) -> Literal | None:
    """A date as an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal, following the
    shape of its ISO form; None when it has no year or is not a real date (a date with no year is kept only as text).

    >>> date_literal(PartialDate("2020-11", "November 2020", "month")).n3()
    '"2020-11"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    >>> date_literal(PartialDate("2021-02-30", "30 February 2021", "day")) is None
    True
    """
    if value is None or not value.iso:
        return None
    iso = value.iso.strip()
    if _DAY.match(iso):
        try:
            date.fromisoformat(iso)
        except ValueError:
            return None
        return Literal(iso, datatype=XSD.date)
    if _MONTH.match(iso):
        return Literal(iso, datatype=XSD.gYearMonth)
    if _YEAR.match(iso):
        return Literal(iso, datatype=XSD.gYear)
    return None


def _duration(text: str | None) -> Literal | None:
    """ISO 8601 duration as ``xsd:duration`` (which has no week unit: "P6W" -> "P42D")."""
    if not text:
        return None
    value = text.strip().upper()
    weeks = _WEEKS.match(value)
    if weeks:
        value = f"P{int(weeks.group(1)) * 7}D"
    if not _DURATION.match(value):
        return None
    return Literal(value, datatype=XSD.duration, normalize=False)


def _decimal(value: float | int | str) -> Literal | None:
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return Literal(format(number, "f"), datatype=XSD.decimal)


def _pounds(amount: str | None) -> Literal | None:
    m = _POUNDS.match(amount or "")
    return _decimal(m.group(1).replace(",", "") + (m.group(2) or "")) if m else None


def _source_url(url: str | None) -> URIRef | None:
    if not url or not re.match(r"^https?://[^\s/]+", url.strip(), flags=re.IGNORECASE):
        return None
    return URIRef(quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~-._"))


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the prefixes cqcgraph writes with (for readable Turtle)."""
    for prefix, ns in vocab.PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


class TripleSink(Protocol):
    """What a mapper writes into: an rdflib graph, or a plain list of triples."""

    def add(self, triple: tuple[Node, Node, Node], /) -> object: ...


class DocumentTriples:
    """A document's triples, each once, in the order first added: what the mapper writes
    into. It does what the mapper asks of an rdflib graph (``add``, ``in``, ``set``) without
    a graph's indexes: building an rdflib graph cost a fifth of a worker's CPU a document,
    and the ingest needs the triples only (their N-Triples, and the data validation reads).

    >>> from rdflib import URIRef, Literal
    >>> t = DocumentTriples()
    >>> s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    >>> t.add((s, p, Literal("a"))); t.add((s, p, Literal("a"))); len(t)
    1
    >>> t.set((s, p, Literal("b"))); [str(o) for _s, _p, o in t]
    ['b']
    """

    __slots__ = ("_triples",)

    def __init__(self) -> None:
        self._triples: dict[tuple[Node, Node, Node], None] = {}

    def add(self, triple: tuple[Node, Node, Node], /) -> None:
        self._triples.setdefault(triple, None)

    def set(self, triple: tuple[Node, Node, Node], /) -> None:
        """Replace every value of the triple's subject and predicate by its object (as
        rdflib's ``Graph.set``)."""
        s, p, _o = triple
        for old in [t for t in self._triples if t[0] == s and t[1] == p]:
            del self._triples[old]
        self._triples[triple] = None

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


def _nt_literal(literal: Literal) -> str:
    """A literal as rdflib's N-Triples serialiser writes it."""
    text = '"%s"' % literal.replace("\\", "\\\\").replace("\n", "\\n").replace(
        '"', '\\"').replace("\r", "\\r")
    if literal.language:
        return f"{text}@{literal.language}"
    return f"{text}^^<{literal.datatype}>" if literal.datatype else text


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """N-Triples text of rdflib-term triples, a line each, written as rdflib's ``nt``
    serialiser writes them; each distinct term is turned into text once.

    >>> from rdflib import URIRef, Literal
    >>> print(ntriples([(URIRef("https://e.org/s"), URIRef("https://e.org/p"), Literal('a "b"'))]), end="")
    <https://e.org/s> <https://e.org/p> "a \\"b\\"" .
    """
    written: dict[Node, str] = {}

    def text(term: Node) -> str:
        out = written.get(term)
        if out is None:
            out = written[term] = _nt_literal(term) if isinstance(term, Literal) else term.n3()
        return out

    return "".join(f"{text(s)} {text(p)} {text(o)} .\n" for s, p, o in triples)


class EntityTriples:
    """The names and address of a provider or location, as every mapper writes them (the
    documents' and the register's); the class using it has ``graph`` and ``add``."""

    graph: TripleSink

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | str | bool | int | None
            ) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def names(self, iri: URIRef, name: str | None, alt_names: Iterable[str] = ()) -> None:
        self.add(iri, RDFS.label, name)
        self.add(iri, SCHEMA.name, name)
        for alt in alt_names:
            self.add(iri, SCHEMA.alternateName, alt)
        if name and iris.normalise_name(name):
            self.add(iri, CQC.nameKey, iris.normalise_name(name))

    @staticmethod
    def address_label(text: str | None, town: str | None, county: str | None,
                      postcode: str | None) -> str:
        """A document's address reads as its text and postcode, else its town and county."""
        return ", ".join(x for x in (text, postcode) if x) or ", ".join(
            x for x in (town, county) if x)

    def address(self, owner: URIRef, text: str | None, town: str | None, county: str | None,
                postcode: str | None) -> None:
        if not (text or town or county or postcode):
            return
        node = URIRef(iris.child_iri(str(owner), "address"))
        self.graph.add((owner, LOCN.address, node))
        self.graph.add((node, RDF.type, LOCN.Address))
        self.add(node, RDFS.label, self.address_label(text, town, county, postcode))
        self.add(node, LOCN.fullAddress, text)
        self.add(node, LOCN.postName, town)
        self.add(node, LOCN.adminUnitL2, county)
        self.add(node, LOCN.postCode, postcode)


class _Mapper(EntityTriples):
    """Holds one document's mapping state; ``run`` adds every triple in record order."""

    graph: DocumentTriples

    def __init__(self, record: DocumentRecord, source: SourceInfo, base: str,
                 entity_iris: EntityIris) -> None:
        self.record, self.source, self.base = record, source, base
        self.graph = DocumentTriples()
        self.doc = URIRef(graph_iri_for(source, base))
        self.tag = iris.document_tag(source.key)
        self.providers = [self._entity_iri("provider", i, p, entity_iris)
                          for i, p in enumerate(record.providers)]
        self.locations = [self._entity_iri("location", i, loc, entity_iris)
                          for i, loc in enumerate(record.locations)]
        self.taken: dict[str, set[str]] = {}

    # ---- small helpers
    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | str | bool | int | None) -> None:
        """Add a triple unless the value is absent; strings become plain literals."""
        if o is None:
            return
        if isinstance(o, (URIRef, Literal)):
            pass
        elif isinstance(o, str):
            o = o.strip()
            if not o:
                return
            o = Literal(o)
        elif isinstance(o, (bool, int)):
            o = Literal(o)
        self.graph.add((s, p, o))

    def add_date(self, s: URIRef, p: URIRef, value: PartialDate | None) -> None:
        literal = date_literal(value)
        if literal is not None:
            self.graph.add((s, p, literal))
        elif value is not None and value.text:
            self.add(s, CQC.datesText, value.text)

    def mint(self, parent: str, kind: str, segment: str) -> URIRef:
        """``{parent}/{kind}/{segment}``, unique within this document."""
        key = iris.child_iri(parent, kind)
        return URIRef(iris.child_iri(key, iris.unique(segment, self.taken.setdefault(key, set()))))

    def _entity_iri(self, role: str, index: int, entity: Provider | Location,
                    chosen: EntityIris) -> URIRef:
        iri = chosen.get((role, index))
        if iri is None:
            mint = iris.provider_iri if role == "provider" else iris.location_iri
            iri = mint(self.base, cqc_id=entity.cqc_id, ods_code=entity.ods_code,
                       name=entity.name, postcode=entity.postcode)
        return URIRef(iri or iris.anonymous_entity_iri(str(self.doc), role, index))

    @staticmethod
    def _index(items: list[URIRef], index: int | None) -> URIRef | None:
        return items[index] if index is not None and 0 <= index < len(items) else None

    # ---- the document
    def run(self) -> DocumentTriples:
        self.document()
        for provider, iri in zip(self.record.providers, self.providers, strict=True):
            self.provider(iri, provider)
        for location, iri in zip(self.record.locations, self.locations, strict=True):
            self.location(iri, location)
        for n, inspection in enumerate(self.record.inspections):
            self.inspection(n, inspection)
        self.breaches(self.doc, self.record.breaches, tagged=False)
        self.actions(self.doc, self.record.actions, tagged=False)
        for figure in self.record.figures:
            self.figure(figure)
        return self.graph

    def document(self) -> None:
        doc, record, source = self.doc, self.record, self.source
        for cls in (CQC.SourceDocument, PROV.Entity, FOAF.Document):
            self.graph.add((doc, RDF.type, cls))
        self.add(doc, RDFS.label, record.title or source.file_name)
        self.add(doc, DCTERMS.title, record.title)
        if record.publisher and record.publisher.strip():
            # dcterms:publisher takes an agent (its range is dcterms:Agent), named as written
            publisher = URIRef(iris.child_iri(str(doc), "publisher"))
            self.graph.add((doc, DCTERMS.publisher, publisher))
            self.graph.add((publisher, RDF.type, DCTERMS.Agent))
            self.graph.add((publisher, RDF.type, FOAF.Agent))
            self.add(publisher, FOAF.name, record.publisher)
            self.add(publisher, RDFS.label, record.publisher)
        self.add_date(doc, DCTERMS.issued, record.publication_date)
        self.add_date(doc, DCTERMS.modified, record.updated_date)
        self.add(doc, DCTERMS.source, _source_url(source.source_url or record.source_url))
        self.add(doc, CQC.fileName, source.file_name)
        self.add(doc, CQC.sha256, source.sha256.lower())
        media_type = _media_type_iri(source.media_type)
        if media_type is not None:
            # dcterms:format takes a dcterms:MediaTypeOrExtent (its range), not a string: the
            # IANA registry's IRI for the media type
            self.graph.add((doc, DCTERMS.format, media_type))
        self.add(doc, CQC.layout, source.layout or record.layout)
        self.add(doc, CQC.fellBack, bool(source.fell_back or record.fell_back))
        self.add(doc, CQC.extractorVersion, source.extractor_version)
        read_at = Literal(source.read_at, datatype=XSD.dateTime, normalize=False)
        self.graph.add((doc, CQC.readAt, read_at))
        for category in record.categories:
            self.add(doc, CQC.category, category)
        for note in record.notes:
            self.add(doc, CQC.extractionNote, note)
        reading = URIRef(iris.child_iri(str(doc), "reading"))
        self.graph.add((reading, RDF.type, CQC.Reading))
        self.graph.add((reading, RDF.type, PROV.Activity))
        self.add(reading, RDFS.label, f"Reading of {source.file_name}")
        self.graph.add((reading, PROV.used, doc))
        self.graph.add((reading, PROV.endedAtTime, read_at))

    # ---- providers and locations
    def provider(self, iri: URIRef, p: Provider) -> None:
        self.graph.add((iri, RDF.type, CQC.Provider))
        self.graph.add((self.doc, SCHEMA.mentions, iri))
        self.names(iri, p.name, p.alt_names)
        self.add(iri, CQC.cqcId, p.cqc_id)
        self.add(iri, CQC.odsCode, p.ods_code)
        self.add(iri, CQC.companyNumber, p.company_number)
        self.add(iri, CQC.brand, p.brand)
        self.add(iri, CQC.postcode, p.postcode)
        self.address(iri, p.address, p.town, None, p.postcode)
        self.links_out(iri, "provider", p.cqc_id, p.postcode)
        self.add(iri, CQC.registeredCompany, _uri(links.company_iri(p.company_number)))
        if p.current_overall_rating:
            self.add(iri, CQC.currentOverallRating, vocab.rating_iri(p.current_overall_rating))

    def location(self, iri: URIRef, loc: Location) -> None:
        add = self.add
        self.graph.add((iri, RDF.type, CQC.Location))
        self.graph.add((self.doc, SCHEMA.mentions, iri))
        self.names(iri, loc.name, loc.alt_names)
        add(iri, CQC.provider, self._index(self.providers, loc.provider))
        add(iri, CQC.cqcId, loc.cqc_id)
        add(iri, CQC.odsCode, loc.ods_code)
        add(iri, CQC.uprn, loc.uprn)
        add(iri, CQC.postcode, loc.postcode)
        self.address(iri, loc.address, loc.town, loc.county, loc.postcode)
        self.links_out(iri, "location", loc.cqc_id, loc.postcode)
        add(iri, CQC.localAuthorityArea,
            _uri(links.statistical_geography_iri(loc.local_authority_code)))
        icb = links.gss_code(loc.icb_code)
        if icb:
            add(iri, _ICB_PROPERTY.get(icb[:3], CQC.statisticalArea),
                _uri(links.statistical_geography_iri(icb)))
        add(iri, SCHEMA.telephone, loc.phone)
        add(iri, CQC.website, loc.website)
        for prop, value in ((CQC.region, loc.region), (CQC.area, loc.area),
                            (CQC.localAuthority, loc.local_authority),
                            (CQC.localAuthorityCode, loc.local_authority_code),
                            (CQC.icbCode, loc.icb_code), (CQC.icbName, loc.icb_name),
                            (CQC.registrationStatus, loc.registration_status)):
            add(iri, prop, value)
        if loc.latitude is not None:
            add(iri, SCHEMA.latitude, _decimal(loc.latitude))
        if loc.longitude is not None:
            add(iri, SCHEMA.longitude, _decimal(loc.longitude))
        for prop, values in ((CQC.serviceType, loc.service_types),
                             (CQC.regulatedActivity, loc.regulated_activities),
                             (CQC.specialism, loc.specialisms)):
            for value in values:
                add(iri, prop, value)
        for service in loc.services:
            self.service(iri, service)
        add(iri, CQC.archived, loc.archived)
        self.add_date(iri, CQC.registrationDate, loc.registration_date)
        if loc.registered_manager:
            add(iri, CQC.registeredManager,
                self.person(iri, "registered-manager", loc.registered_manager))
        if loc.current_overall_rating:
            add(iri, CQC.currentOverallRating, vocab.rating_iri(loc.current_overall_rating))
        self.add_date(iri, CQC.lastInspectionDate, loc.last_inspection_date)
        add(iri, CQC.numberOfBeds, loc.number_of_beds)

    def links_out(self, iri: URIRef, kind: str, cqc_id: str | None,
                  postcode: str | None) -> None:
        """The links a provider or location gets from its stated CQC ID and postcode."""
        self.add(iri, FOAF.page, _uri(links.cqc_page(kind, cqc_id)))
        self.add(iri, CQC.postcodeUnit, _uri(links.postcode_unit_iri(postcode)))

    def service(self, owner: URIRef, name: str) -> URIRef | None:
        segment = iris.slug(name, max_length=60)
        if not segment:
            return None
        iri = URIRef(iris.child_iri(str(owner), "service", segment))
        if (owner, CQC.hasService, iri) not in self.graph:
            self.graph.add((owner, CQC.hasService, iri))
            self.graph.add((iri, RDF.type, CQC.Service))
            self.add(iri, RDFS.label, name)
            self.add(iri, SCHEMA.name, name)
        return iri

    def person(self, owner: URIRef, role: str, person: Person) -> URIRef | None:
        segment = iris.slug(person.name, max_length=60)
        if not segment:
            return None
        iri = URIRef(iris.child_iri(str(owner), role, segment))
        self.graph.add((iri, RDF.type, CQC.Person))
        self.add(iri, RDFS.label, person.name)
        self.add(iri, SCHEMA.name, person.name)
        self.add(iri, CQC.role, person.role)
        return iri

    # ---- inspections
    def inspection(self, n: int, insp: Inspection) -> None:
        subject = (self._index(self.locations, insp.location)
                   or self._index(self.providers, insp.provider)
                   or self.unnamed_location())
        parent = str(subject)
        assessment = insp.kind == InspectionKind.ASSESSMENT
        first = insp.start_date or (insp.visit_dates[0] if insp.visit_dates else None)
        if date_literal(first) is not None:
            segment = str(date_literal(first))
        elif date_literal(insp.publication_date) is not None:
            segment = f"published-{date_literal(insp.publication_date)}"
        else:
            segment = f"undated-{self.tag}-{n + 1}"
        iri = self.mint(parent, "assessment" if assessment else "inspection", segment)

        add, g = self.add, self.graph
        g.add((iri, RDF.type, CQC.Inspection))
        if assessment:
            g.add((iri, RDF.type, CQC.Assessment))
        name = self._subject_name(insp)
        when = first.text if first else (insp.dates_text or "undated")
        add(iri, RDFS.label, f"{'Assessment' if assessment else 'Inspection'}"
                             f"{' of ' + name if name else ''}, {when}")
        add(iri, CQC.inspectionOf, subject)
        # an inspection is a prov:Activity, so not derived from anything (PROV-O: only entities
        # are); the document that reports it is named by cqc:reportedIn
        g.add((iri, CQC.reportedIn, self.doc))
        if insp.kind:
            add(iri, CQC.inspectionKind, vocab.inspection_kind_iri(insp.kind))
        if insp.methodology:
            add(iri, CQC.methodology, vocab.inspection_kind_iri(insp.methodology))
        add(iri, CQC.kindText, insp.label)
        if insp.announced:
            add(iri, CQC.announcement, vocab.announcement_iri(insp.announced))
        self.add_date(iri, CQC.startDate, insp.start_date)
        self.add_date(iri, CQC.endDate, insp.end_date)
        for visit in insp.visit_dates:
            self.add_date(iri, CQC.visitDate, visit)
        self.add_date(iri, CQC.publicationDate, insp.publication_date)
        self.add_date(iri, CQC.summaryUpdated, insp.summary_updated)
        add(iri, CQC.datesText, insp.dates_text)
        add(iri, CQC.reportId, insp.report_id)
        for kq in insp.key_questions_inspected:
            add(iri, CQC.keyQuestionInspected, vocab.key_question_iri(kq))
        for statement in insp.quality_statements_assessed:
            add(iri, CQC.qualityStatementAssessed, statement)
        add(iri, CQC.outcome, insp.outcome)
        add(iri, CQC.specialMeasures, insp.special_measures)
        if insp.signed_by:
            add(iri, CQC.signedBy, self.person(iri, "signed-by", insp.signed_by))
        add(iri, CQC.framework, insp.framework)
        add(iri, CQC.programme, insp.programme)
        if insp.is_previous:
            add(iri, CQC.describedAsPrevious, True)
        for rating in insp.ratings:
            self.rating(iri, URIRef(parent), rating)
        for change in insp.changes:
            self.change(iri, change)
        for score in insp.scores:
            self.score(iri, score)
        self.breaches(iri, insp.breaches, tagged=True)
        self.actions(iri, insp.actions, tagged=True)
        for j, judgement in enumerate(insp.standards):
            self.judgement(iri, j, judgement)

    def unnamed_location(self) -> URIRef:
        """The location a document is about when its text never names it (a partial copy of
        a page): an entity with no name and no key, minted from the document and its role."""
        iri = URIRef(iris.anonymous_entity_iri(str(self.doc), "location", len(self.locations)))
        if (iri, RDF.type, CQC.Location) not in self.graph:
            self.graph.add((iri, RDF.type, CQC.Location))
            self.add(iri, RDFS.label, f"Location described in {self.source.file_name} (not named there)")
            self.graph.add((self.doc, SCHEMA.mentions, iri))
        return iri

    def _subject_name(self, insp: Inspection) -> str | None:
        for items, index in ((self.record.locations, insp.location),
                             (self.record.providers, insp.provider)):
            if index is not None and 0 <= index < len(items) and items[index].name:
                return items[index].name
        return None

    def fact(self, parent: URIRef, kind: str, segment: str, cls: URIRef, label: str,
             tagged: bool = True) -> URIRef:
        """A fact node under ``parent`` (tagged with the document unless under the document)."""
        iri = self.mint(str(parent), kind, f"{self.tag}/{segment}" if tagged else segment)
        self.graph.add((iri, RDF.type, cls))
        self.add(iri, RDFS.label, label)
        self.graph.add((iri, PROV.wasDerivedFrom, self.doc))
        return iri

    def rating(self, insp: URIRef, subject: URIRef, r: Rating) -> None:
        parts = [iris.slug(r.service, max_length=60)] if r.service else []
        if r.population_group:
            parts.append("group-" + iris.slug(r.population_group, max_length=60))
        parts.append(r.key_question.value)
        label = f"{r.key_question.label}: {r.value.label}"
        if r.service or r.population_group:
            label = f"{r.service or r.population_group}, {label}"
        iri = self.fact(insp, "rating", "/".join(p for p in parts if p), CQC.Rating, label)
        self.graph.add((insp, CQC.hasRating, iri))
        self.add(iri, CQC.keyQuestion, vocab.key_question_iri(r.key_question))
        self.add(iri, CQC.ratingValue, vocab.rating_iri(r.value))
        if r.service:
            self.add(iri, CQC.service, self.service(subject, r.service))
        self.add(iri, CQC.populationGroup, r.population_group)
        self.add(iri, CQC.carriedOver, bool(r.carried_over))
        self.add_date(iri, CQC.ratingDate, r.date)
        self.add(iri, CQC.scorePercent, r.score_percent)

    def change(self, insp: URIRef, c: ChangeStatement) -> None:
        label = f"{c.key_question.label}: {c.change.value.replace('-', ' ')}"
        iri = self.fact(insp, "change", c.key_question.value, CQC.RatingChangeStatement, label)
        self.graph.add((insp, CQC.hasRatingChange, iri))
        self.add(iri, CQC.keyQuestion, vocab.key_question_iri(c.key_question))
        self.add(iri, CQC.ratingChange, vocab.rating_change_iri(c.change))
        if c.previous:
            self.add(iri, CQC.previousRating, vocab.rating_iri(c.previous))

    def score(self, insp: URIRef, s: QualityStatementScore) -> None:
        segment = iris.slug(s.statement, max_length=60) or "statement"
        iri = self.fact(insp, "score", segment, CQC.QualityStatementScore,
                        f"{s.statement}: {s.score}")
        self.graph.add((insp, CQC.hasScore, iri))
        self.add(iri, CQC.qualityStatement, s.statement)
        self.add(iri, CQC.score, s.score)
        if s.key_question:
            self.add(iri, CQC.keyQuestion, vocab.key_question_iri(s.key_question))
        self.add(iri, CQC.assessed, bool(s.assessed))
        self.add(iri, CQC.note, s.note)

    def regulation(self, node: URIRef, regulation: Regulation | None) -> str | None:
        """Link ``node`` to the cited regulation; return its short label, or None."""
        if regulation is None:
            return None
        try:
            self.add(node, CQC.regulation, URIRef(vocab.regulation_iri(regulation)))
        except ValueError:
            self.add(node, CQC.note, f"unrecognised citation {regulation.instrument} "
                                     f"{regulation.number}")
        self.add(node, CQC.paragraph, regulation.paragraph)
        word = "Section" if regulation.is_section else "Regulation"
        return f"{word} {regulation.number}{regulation.paragraph or ''}"

    def breaches(self, parent: URIRef, breaches: Iterable[Breach], tagged: bool) -> None:
        for n, b in enumerate(breaches):
            reg = b.regulation
            segment = (iris.regulation_segment(reg.instrument, reg.number, reg.is_section)
                       if reg else "") or f"n{n + 1}"
            iri = self.fact(parent, "breach", segment, CQC.Breach, "Breach", tagged)
            self.graph.add((parent, CQC.hasBreach, iri))
            cited = self.regulation(iri, reg)
            if reg is None and b.outcome:
                self.add(iri, CQC.regulation, _uri(vocab.outcome_regulation_iri(b.outcome)))
            label = "Breach of " + ", ".join(x for x in (cited, b.title) if x) if (
                cited or b.title) else "Breach"
            self.graph.set((iri, RDFS.label, Literal(label)))
            self.add(iri, DCTERMS.title, b.title)
            self.add(iri, CQC.text, b.text)
            self.add_date(iri, CQC.periodStart, b.period_start)
            self.add_date(iri, CQC.periodEnd, b.period_end)
            self.add(iri, CQC.outcomeNumber, b.outcome)

    def actions(self, parent: URIRef, actions: Iterable[Action], tagged: bool) -> None:
        for n, a in enumerate(actions):
            label = a.kind.value.replace("-", " ").capitalize()
            iri = self.fact(parent, "action", str(n + 1), CQC.Action, label, tagged)
            self.graph.add((parent, CQC.hasAction, iri))
            self.add(iri, CQC.actionKind, vocab.action_kind_iri(a.kind))
            cited = self.regulation(iri, a.regulation)
            if cited:
                self.graph.set((iri, RDFS.label, Literal(f"{label}, {cited}")))
            add = self.add
            add(iri, CQC.text, a.text)
            add(iri, CQC["count"], a.count)
            add(iri, CQC.duration, _duration(a.duration))
            add(iri, CQC.lifted, a.lifted)
            add(iri, CQC.actionSubject, a.subject)
            add(iri, CQC.against, a.against)
            self.add_date(iri, CQC.actionDate, a.date)
            self.add_date(iri, CQC.dueDate, a.due_date)
            add(iri, CQC.amount, a.amount)
            add(iri, CQC.amountGBP, _pounds(a.amount))
            add(iri, CQC.court, a.court)
            add(iri, CQC.plea, a.plea)

    def judgement(self, insp: URIRef, n: int, j: StandardJudgement) -> None:
        segment = ("outcome-" + iris.slug(j.outcome)) if j.outcome and iris.slug(j.outcome) \
            else f"n{n + 1}"
        verdict = {True: "met", False: "not met", None: "judged"}[j.met]
        label = f"Outcome {j.outcome or '?'}{': ' + j.title if j.title else ''} {verdict}"
        iri = self.fact(insp, "judgement", segment, CQC.StandardJudgement, label)
        self.graph.add((insp, CQC.hasJudgement, iri))
        self.add(iri, CQC.outcomeNumber, j.outcome)
        self.add(iri, DCTERMS.title, j.title)
        self.add(iri, CQC.met, j.met)
        self.add(iri, CQC.text, j.text)
        if j.outcome:
            self.add(iri, CQC.regulation, _uri(vocab.outcome_regulation_iri(j.outcome)))

    def figure(self, f: Figure) -> None:
        value = _decimal(f.value)
        if value is None:
            return
        label = f"{f.name}: {(f.qualifier + ' ') if f.qualifier else ''}{f.value:g}"
        iri = self.fact(self.doc, "figure", iris.slug(f.name, max_length=60) or "figure",
                        CQC.Figure, label, tagged=False)
        self.graph.add((self.doc, CQC.statesFigure, iri))
        self.add(iri, CQC.figureName, f.name)
        self.add(iri, CQC.figureValue, value)
        self.add(iri, CQC.qualifier, f.qualifier)
        self.add(iri, CQC.text, f.text)


def _uri(value: str | None) -> URIRef | None:
    return URIRef(value) if value else None


def map_triples(record: DocumentRecord, source: SourceInfo, *, base: str = iris.DEFAULT_BASE,
                entity_iris: EntityIris | None = None) -> DocumentTriples:
    """The triples of one document's graph (named ``graph_iri_for(source, base)``), in the
    order the mapping adds them, each once.

    ``entity_iris`` maps ``("provider", i)`` / ``("location", i)`` (indexes into the record) to
    the canonical IRI the identity module chose; an entity not in it gets an IRI from its own keys.
    """
    return _Mapper(record, source, base, entity_iris or {}).run()


def triples_graph(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """An rdflib graph of ``triples``, with the prefixes cqcgraph writes with."""
    graph = bind_prefixes(Graph())
    for triple in triples:
        graph.add(triple)
    return graph


def map_document(record: DocumentRecord, source: SourceInfo, *, base: str = iris.DEFAULT_BASE,
                 entity_iris: EntityIris | None = None) -> Graph:
    """:func:`map_triples` as an rdflib graph, with the prefixes cqcgraph writes with."""
    return triples_graph(map_triples(record, source, base=base, entity_iris=entity_iris))


@lru_cache(maxsize=1)
def _reference_graphs() -> tuple[tuple[str, Graph], ...]:
    folder = data_dir("ontology")
    out = []
    for iri, file_name in vocab.REFERENCE_GRAPHS.items():
        graph = bind_prefixes(Graph(identifier=URIRef(iri)))
        graph.parse(folder / file_name, format="turtle")
        out.append((iri, graph))
    return tuple(out)


def reference_graphs() -> dict[str, Graph]:
    """Graph IRI -> graph for the ontology, the concept schemes and the regulations, read from
    the installed ``ontology/`` folder, written into every store before any document. Parsed once;
    each call returns fresh copies, so callers may change them."""
    out = {}
    for iri, graph in _reference_graphs():
        copy = bind_prefixes(Graph(identifier=URIRef(iri)))
        for triple in graph:
            copy.add(triple)
        out[iri] = copy
    return out


def _media_type_iri(media_type: str | None) -> URIRef | None:
    iri = vocab.media_type_iri(media_type)
    return URIRef(iri) if iri else None
