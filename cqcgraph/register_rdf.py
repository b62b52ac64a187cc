"""The RDF mapping of CQC's register files: records of ``cqcgraph.extract.register`` to triples
of one snapshot graph.

Rules:

* Each file is a dated snapshot in its own named graph,
  ``{base}graph/register/{kind}/{snapshot date}``; the graph's IRI is also the snapshot's node,
  which carries its provenance (file name, SHA-256, snapshot date, rows, unknown columns).
  What a snapshot states about a location (its name, provider, dormancy, beds…) it states *as
  of that date*: history is the set of snapshot graphs, never an overwrite.
* Locations and providers get the very IRIs the documents give them (``iris.location_iri`` /
  ``iris.provider_iri`` from the CQC ID), so a report read with its CQC ID describes the same
  resource.
* A rating is keyed by its subject, publication date, service or population group and domain
  (``{location}/register-rating/{date}/{domain}``): every monthly file that restates it gives
  the same node, and a new publication a new node beside the old one. Ratings are
  ``cqc:RegisterRating`` linked to their subject by ``cqc:ratingOf``; inherited ones (from a
  previous registration) carry ``cqc:inheritedRating true``.
* Links out come only from stated keys, as in ``cqcgraph.rdf``: postcode units, ONS GSS codes,
  Companies House numbers, CQC pages; ODS codes, UPRNs and PAF IDs stay identifier literals.

Imports rdflib, ``cqcgraph.iris``, ``links``, ``vocab``, ``rdf`` (shared literal helpers) and the
reader's record types. Nothing of Oxigraph or the web.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as _ns

from cqcgraph import iris, links, vocab
from cqcgraph.extract.register import (
    KIND_TITLES,
    RegisterLocation,
    RegisterProvider,
    RegisterRating,
    Row,
)
from cqcgraph.rdf import EntityTriples, _decimal, bind_prefixes


class _Terms:
    """A namespace whose terms are made once: rdflib makes a new URIRef at every attribute
    access, a fifth of the mapping's time over a national file."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = self._namespace[name]
        setattr(self, name, term)
        return term


CQC, LOCN, SCHEMA = _Terms(vocab.CQC), _Terms(vocab.LOCN), _Terms(vocab.SCHEMA)
DCTERMS, FOAF, PROV = _Terms(_ns.DCTERMS), _Terms(_ns.FOAF), _Terms(_ns.PROV)
RDF, RDFS, XSD = _Terms(_ns.RDF), _Terms(_ns.RDFS), _Terms(_ns.XSD)

__all__ = ["snapshot_graph_iri", "RegisterMapper", "provenance_graph", "ntriples"]

OGL = URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")


class _TripleList:
    """Collects triples in order (the mapper's methods only ``add`` and test membership)."""

    def __init__(self) -> None:
        self.items: list[tuple] = []

    def add(self, triple: tuple) -> None:
        self.items.append(triple)


def ntriples(triples: "set[tuple] | list[tuple]") -> str:
    """N-Triples text of rdflib-term triples (one line each). Each distinct term is written
    once: a batch repeats its predicates, subjects and common values on many lines, and this
    halves the time of writing 5,000 register rows (327,000 triples, 124,000 terms)."""
    written: dict = {}

    def n3(term) -> str:  # noqa: ANN001 - an rdflib term
        text = written.get(term)
        if text is None:
            text = written[term] = term.n3()
        return text

    return "\n".join(f"{n3(s)} {n3(p)} {n3(o)} ." for s, p, o in triples)


def snapshot_graph_iri(base: str, kind: str, snapshot_date: str) -> str:
    """The named graph of one register snapshot.

    >>> snapshot_graph_iri("https://cqcgraph.example/id/", "hsca-active-locations", "2026-12-01")
    'https://cqcgraph.example/id/graph/register/hsca-active-locations/2026-12-01'
    """
    return f"{iris._base(base)}graph/register/{kind}/{snapshot_date}"


@lru_cache(maxsize=65536)
def _literal(text: str) -> Literal | None:
    """A plain literal, cached: register files repeat the same words on every row."""
    return Literal(text) if text else None


@lru_cache(maxsize=65536)
def _date(iso: str | None) -> Literal | None:
    return Literal(iso, datatype=XSD.date) if iso else None


def _minted(iri: str | None, what: str) -> URIRef:
    """The IRI minted from a register row's CQC ID (every row has one)."""
    if iri is None:
        raise ValueError(f"a register {what} row without a CQC ID")
    return URIRef(iri)


class RegisterMapper(EntityTriples):
    """Maps records to triples of one snapshot (``map(records)`` gives a fresh graph)."""

    def __init__(self, base: str, graph_iri: str) -> None:
        self.base = base
        self.snapshot = URIRef(graph_iri)
        self._last_location: RegisterLocation | None = None

    def triples(self, record: Row) -> list[tuple]:
        """The triples of one record, as tuples of rdflib terms (cheap: no graph is built)."""
        collected = self.graph = _TripleList()
        if isinstance(record, RegisterLocation):
            if record == self._last_location:
                return []  # a ratings file repeats the location on each of its rating rows
            self._last_location = record
            self.location(record)
        elif isinstance(record, RegisterRating):
            self.rating(record)
        elif isinstance(record, RegisterProvider):
            self.provider(record)
        return collected.items

    def map(self, records: list[Row]) -> Graph:
        """The records' triples as one rdflib graph (what validation takes), with the
        snapshot's type so that a batch validates on its own (``sh:class``)."""
        graph = bind_prefixes(Graph())
        graph.add((self.snapshot, RDF.type, CQC.RegisterSnapshot))
        self._last_location = None
        for record in records:
            for triple in self.triples(record):
                graph.add(triple)
        return graph

    # helpers
    def add(self, s: URIRef, p: URIRef, o: object) -> None:
        if o is None:
            return
        if isinstance(o, (URIRef, Literal)):
            pass
        elif isinstance(o, str):
            o = _literal(o.strip())
            if o is None:
                return
        elif isinstance(o, (bool, int)):
            o = Literal(o)
        self.graph.add((s, p, o))  # type: ignore[arg-type]

    def uri(self, value: str | None) -> URIRef | None:
        return URIRef(value) if value else None

    @staticmethod
    def address_label(text: str | None, town: str | None, county: str | None,
                      postcode: str | None) -> str:
        """A register address reads as all its parts: the register states each of them."""
        return ", ".join(x for x in (text, town, county, postcode) if x)

    def person(self, owner: URIRef, role: str, name: str | None) -> URIRef | None:
        segment = iris.slug(name or "", max_length=60)
        if not segment:
            return None
        node = URIRef(iris.child_iri(str(owner), role, segment))
        self.graph.add((node, RDF.type, CQC.Person))
        self.add(node, RDFS.label, name)
        self.add(node, SCHEMA.name, name)
        self.add(node, CQC.role, role.replace("-", " "))
        return node

    def coordinates(self, iri: URIRef, lat: float | None, long: float | None) -> None:
        if lat is not None and long is not None and -90 <= lat <= 90 and -180 <= long <= 180:
            self.add(iri, SCHEMA.latitude, _decimal(lat))
            self.add(iri, SCHEMA.longitude, _decimal(long))

    def area_links(self, iri: URIRef, la_code: str | None, icb_code: str | None) -> None:
        self.add(iri, CQC.localAuthorityArea, self.uri(links.statistical_geography_iri(la_code)))
        icb = links.gss_code(icb_code)
        if icb:
            prop = {"E54": CQC.icbArea, "E38": CQC.subIcbArea}.get(icb[:3], CQC.statisticalArea)
            self.add(iri, prop, self.uri(links.statistical_geography_iri(icb)))

    # records
    def provider(self, p: RegisterProvider) -> URIRef:
        iri = _minted(iris.provider_iri(self.base, cqc_id=p.cqc_id), "provider")
        g, add = self.graph, self.add
        g.add((iri, RDF.type, CQC.Provider))
        self.names(iri, p.name)
        add(iri, CQC.cqcId, p.cqc_id)
        add(iri, CQC.odsCode, p.ods_code)
        add(iri, CQC.sector, p.sector)
        add(iri, CQC.ownershipType, p.ownership_type)
        add(iri, CQC.primaryInspectionCategory, p.primary_inspection_category)
        add(iri, CQC.companyNumber, p.company_number)
        add(iri, CQC.registeredCompany, self.uri(links.company_iri(p.company_number)))
        add(iri, CQC.charityNumber, p.charity_number)
        add(iri, CQC.postcode, p.postcode)
        self.address(iri, p.address, p.town, p.county, p.postcode)
        add(iri, CQC.postcodeUnit, self.uri(links.postcode_unit_iri(p.postcode)))
        add(iri, FOAF.page, self.uri(links.cqc_page("provider", p.cqc_id)))
        add(iri, CQC.uprn, p.uprn)
        add(iri, CQC.localAuthority, p.local_authority)
        add(iri, CQC.region, p.region)
        add(iri, CQC.nhsRegion, p.nhs_region)
        self.coordinates(iri, p.latitude, p.longitude)
        add(iri, CQC.constituency, p.constituency)
        add(iri, SCHEMA.telephone, p.phone)
        add(iri, CQC.website, p.website)
        add(iri, CQC.nominatedIndividual, self.person(iri, "nominated-individual",
                                                      p.nominated_individual))
        add(iri, CQC.mainPartner, self.person(iri, "main-partner", p.main_partner))
        add(iri, CQC.brand, p.brand_name)
        add(iri, CQC.brandId, p.brand_id)
        return iri

    def location(self, loc: RegisterLocation) -> URIRef:
        iri = _minted(iris.location_iri(self.base, cqc_id=loc.cqc_id), "location")
        g, add = self.graph, self.add
        g.add((iri, RDF.type, CQC.Location))
        self.names(iri, loc.name, loc.alt_names)
        add(iri, CQC.cqcId, loc.cqc_id)
        add(iri, CQC.odsCode, loc.ods_code)
        add(iri, CQC.uprn, loc.uprn)
        add(iri, CQC.pafId, loc.paf_id)
        add(iri, CQC.postcode, loc.postcode)
        self.address(iri, loc.address, loc.town, loc.county, loc.postcode)
        add(iri, CQC.postcodeUnit, self.uri(links.postcode_unit_iri(loc.postcode)))
        add(iri, FOAF.page, self.uri(links.cqc_page("location", loc.cqc_id)))
        add(iri, CQC.registrationDate, _date(loc.registration_date))
        add(iri, CQC.registrationEndDate, _date(loc.registration_end_date))
        add(iri, CQC.dormant, loc.dormant)
        add(iri, CQC.careHome, loc.care_home)
        if loc.dual_registration:
            add(iri, CQC.dualRegistration, True)
        add(iri, CQC.sector, loc.sector)
        add(iri, CQC.inspectionDirectorate, loc.inspection_directorate)
        add(iri, CQC.primaryInspectionCategory, loc.primary_inspection_category)
        add(iri, CQC.region, loc.region)
        add(iri, CQC.nhsRegion, loc.nhs_region)
        add(iri, CQC.localAuthority, loc.local_authority)
        add(iri, CQC.localAuthorityCode, loc.local_authority_code)
        add(iri, CQC.icbCode, loc.icb_code)
        add(iri, CQC.icbName, loc.icb_name)
        add(iri, CQC.commissioningCode, loc.commissioning_code)
        add(iri, CQC.commissioningName, loc.commissioning_name)
        self.area_links(iri, loc.local_authority_code, loc.icb_code)
        self.coordinates(iri, loc.latitude, loc.longitude)
        add(iri, CQC.constituency, loc.constituency)
        add(iri, SCHEMA.telephone, loc.phone)
        add(iri, CQC.website, loc.website)
        add(iri, CQC.numberOfBeds, loc.beds)
        add(iri, CQC.lastInspectionDate, _date(loc.last_check))
        add(iri, CQC.registeredManager, self.person(iri, "registered-manager",
                                                    loc.registered_manager))
        for prop, values in ((CQC.regulatedActivity, loc.regulated_activities),
                             (CQC.serviceType, loc.service_types),
                             (CQC.serviceUserBand, loc.service_user_bands),
                             (CQC.specialism, loc.specialisms)):
            for value in values:
                add(iri, prop, value)
        if loc.provider is not None:
            add(iri, CQC.provider, self.provider(loc.provider))
        if loc.overall is not None:
            self.rating(loc.overall)
        return iri

    def rating(self, r: RegisterRating) -> URIRef:
        mint = iris.location_iri if r.subject_kind == "location" else iris.provider_iri
        subject = _minted(mint(self.base, cqc_id=r.subject_id), r.subject_kind)
        parts = [r.published or "undated"]
        if r.service:
            parts.append(iris.slug(r.service, max_length=60) or "service")
        elif r.population_group:
            parts.append("group-" + (iris.slug(r.population_group, max_length=60) or "group"))
        parts.append(r.key_question.value)
        iri = URIRef(iris.child_iri(str(subject), "register-rating", *parts))
        g, add = self.graph, self.add
        g.add((iri, RDF.type, CQC.RegisterRating))
        within = f"{r.service or r.population_group}, " if (r.service or r.population_group) else ""
        add(iri, RDFS.label, f"{within}{r.key_question.label}: {r.value.label}"
                             f"{' (' + r.published + ')' if r.published else ''}")
        add(iri, CQC.ratingOf, subject)
        add(iri, CQC.keyQuestion, vocab.key_question_iri(r.key_question))
        add(iri, CQC.ratingValue, vocab.rating_iri(r.value))
        add(iri, CQC.ratingDate, _date(r.published))
        if r.service:
            service = URIRef(iris.child_iri(str(subject), "service",
                                            iris.slug(r.service, max_length=60) or "service"))
            g.add((service, RDF.type, CQC.Service))
            add(service, RDFS.label, r.service)
            add(service, SCHEMA.name, r.service)
            g.add((subject, CQC.hasService, service))
            add(iri, CQC.service, service)
        add(iri, CQC.populationGroup, r.population_group)
        add(iri, CQC.reportType, r.report_type)
        add(iri, CQC.inheritedRating, r.inherited)
        g.add((iri, PROV.wasDerivedFrom, self.snapshot))
        return iri


def provenance_graph(graph_iri: str, *, kind: str, file_name: str, sha256: str,
                     snapshot_date: str, date_source: str | None, rows: int, loaded_at: str,
                     unknown_columns: list[str]) -> Graph:
    """The triples that describe one snapshot (written last: a load that stopped half-way has
    none, and is loaded again)."""
    g = bind_prefixes(Graph())
    node = URIRef(graph_iri)
    g.add((node, RDF.type, CQC.RegisterSnapshot))
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, RDFS.label, Literal(f"{KIND_TITLES.get(kind, kind)}, snapshot of"
                                     f" {snapshot_date} ({file_name})")))
    g.add((node, CQC.registerKind, Literal(kind)))
    g.add((node, CQC.fileName, Literal(file_name)))
    g.add((node, CQC.sha256, Literal(sha256)))
    g.add((node, CQC.snapshotDate, Literal(snapshot_date, datatype=XSD.date)))
    if date_source:
        g.add((node, CQC.snapshotDateSource, Literal(date_source)))
    g.add((node, CQC.rowCount, Literal(rows)))
    g.add((node, DCTERMS.publisher, Literal("Care Quality Commission")))
    g.add((node, DCTERMS.license, OGL))
    g.add((node, PROV.generatedAtTime, Literal(loaded_at, datatype=XSD.dateTime, normalize=False)))
    for column in unknown_columns:
        g.add((node, CQC.unknownColumn, Literal(column)))
    return g
