"""The RDF mapping (cqcgraph.rdf) on hand-built records resembling the seeds.

The records here are what a correct reading of the seeds gives (seeds/expected/*.json); the
other test modules of this issue import them from here.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from cqcgraph import iris, vocab
from cqcgraph.rdf import graph_iri_for, map_document, reference_graphs
from cqcgraph.records import (
    Action, ActionKind, Announcement, Breach, ChangeStatement, DocumentRecord, Figure, Inspection,
    InspectionKind, KeyQuestion, Location, PartialDate, Person, Precision, Provider,
    QualityStatementScore, Rating, RatingChange, RatingValue, Regulation, SourceInfo,
    StandardJudgement,
)
from cqcgraph.vocab import CQC

BASE = iris.DEFAULT_BASE
KQ, RV = KeyQuestion, RatingValue


def day(iso: str, text: str | None = None) -> PartialDate:
    return PartialDate(iso, text or iso, Precision.DAY)


def source(key: str, sha: str = "ab" * 32, **kw) -> SourceInfo:
    defaults = dict(file_name=key.rsplit("/", 1)[-1], sha256=sha, media_type="text/plain",
                    layout="test", extractor_version="0.1.0", read_at="2025-01-02T03:04:05+00:00")
    defaults.update(kw)
    return SourceInfo(key=key, **defaults)


def reg14(number: str, paragraph: str | None = None) -> Regulation:
    return Regulation("uksi/2014/2936", number, paragraph)


def record_000() -> DocumentRecord:
    return DocumentRecord(
        layout="location-page",
        providers=(Provider(name="Miracle in Progress Ltd"),),
        locations=(Location(name="Miracle in Progress", provider=0, archived=True,
                            service_types=("Hospital", "Independent hospital"),
                            address="28 Hall Croft, Shepshed, Loughborough, Leicestershire",
                            postcode="LE12 9AN", phone="01509 508222",
                            current_overall_rating=RV.GOOD),),
        inspections=(
            Inspection(location=0, kind=InspectionKind.ROUTINE,
                       methodology=InspectionKind.COMPREHENSIVE,
                       announced=Announcement.SHORT_NOTICE, start_date=day("2019-10-11"),
                       end_date=day("2019-10-11"), ratings=(Rating(KQ.OVERALL, RV.GOOD),),
                       changes=(ChangeStatement(KQ.OVERALL, RatingChange.IMPROVED),),
                       signed_by=Person("Heidi Smoult", "Deputy Chief Inspector of Hospitals "
                                                        "(Central Region)")),
            Inspection(location=0, kind=InspectionKind.FOCUSED,
                       announced=Announcement.UNANNOUNCED, start_date=day("2019-04-16"),
                       end_date=day("2019-04-29"), key_questions_inspected=(KQ.SAFE, KQ.WELL_LED),
                       signed_by=Person("Amanda Stanford", "Deputy Chief Inspector of Hospitals "
                                                           "(Central)"),
                       actions=(Action(ActionKind.URGENT_SUSPENSION,
                                       Regulation("ukpga/2008/14", "31", is_section=True),
                                       duration="P6W", lifted=True),
                                Action(ActionKind.REQUIREMENT_NOTICE, count=6))),
            Inspection(location=0, kind=InspectionKind.FOLLOW_UP,
                       outcome="provider had made the necessary improvements; now compliant"),
            Inspection(location=0, kind=InspectionKind.ROUTINE, start_date=day("2014-01-30"),
                       end_date=day("2014-01-30"), outcome="not compliant",
                       standards=(StandardJudgement("4", "Care and welfare of people who use "
                                                         "services", False),)),
        ),
    )


def record_001() -> DocumentRecord:
    scores = [QualityStatementScore(s, 3, KQ.WELL_LED) for s in (
        "Shared direction and culture", "Capable, compassionate and inclusive leaders",
        "Freedom to speak up", "Workforce equality, diversity and inclusion",
        "Governance, management and sustainability")]
    scores.append(QualityStatementScore("Partnerships and communities", 3, KQ.WELL_LED,
                                        assessed=False, note="based on previous rating"))
    scores.append(QualityStatementScore("Learning, improvement and innovation", 3, KQ.WELL_LED))
    return DocumentRecord(
        layout="location-page-saf",
        providers=(Provider(name="Medical Imaging Partnership Limited"),),
        locations=(Location(name="Medical Imaging Partnership", provider=0,
                            service_types=("Hospital", "Independent hospital"),
                            address="Unit 7, The Pavilions, Brighton Road, Pease Pottage, "
                                    "Crawley, West Sussex",
                            postcode="RH11 9BJ", phone="01293 534043",
                            current_overall_rating=RV.GOOD),),
        inspections=(Inspection(location=0, kind=InspectionKind.ASSESSMENT,
                                start_date=day("2024-02-13"),
                                ratings=(Rating(KQ.WELL_LED, RV.GOOD, date=day("2024-10-10"),
                                                score_percent=75),),
                                scores=tuple(scores)),),
    )


def record_002() -> DocumentRecord:
    grid = {KQ.OVERALL: RV.INADEQUATE, KQ.SAFE: RV.INADEQUATE,
            KQ.EFFECTIVE: RV.INSPECTED_NOT_RATED, KQ.CARING: RV.NOT_INSPECTED,
            KQ.RESPONSIVE: RV.INADEQUATE, KQ.WELL_LED: RV.INADEQUATE}
    ratings = [Rating(k, v) for k, v in grid.items()]
    ratings += [Rating(k, v, service="Diagnostic imaging") for k, v in grid.items()]
    musts = [Action(ActionKind.MUST, reg14(r, p)) for r, p, n in (
        ("12", "(1)", 8), ("13", "(1)(2)", 3), ("17", "(1)", 13), ("18", "(2)", 4),
        ("20A", "(1)", 1)) for _ in range(n)]
    return DocumentRecord(
        layout="inspection-report",
        providers=(Provider(name="Ecospirito Ltd"),),
        locations=(Location(name="Fastrack Scan", provider=0,
                            address="27 Brunswick Street, Hornton street, Luton",
                            postcode="LU2 0HF", phone="07885238688",
                            website="www.fastrackscan.com", services=("Diagnostic imaging",),
                            regulated_activities=("Diagnostic and screening procedures",),
                            registered_manager=Person("A Manager"),
                            registration_date=PartialDate("2018-05", "May 2018",
                                                          Precision.MONTH)),),
        inspections=(
            Inspection(location=0, start_date=day("2020-11-06"), end_date=day("2020-11-06"),
                       visit_dates=(day("2020-11-06"), day("2020-11-13")),
                       publication_date=day("2021-01-13"),
                       announced=Announcement.SHORT_NOTICE, ratings=tuple(ratings),
                       changes=(ChangeStatement(KQ.OVERALL, RatingChange.WENT_DOWN),
                                ChangeStatement(KQ.SAFE, RatingChange.STAYED_THE_SAME),
                                ChangeStatement(KQ.RESPONSIVE, RatingChange.WENT_DOWN),
                                ChangeStatement(KQ.WELL_LED, RatingChange.STAYED_THE_SAME)),
                       breaches=tuple(Breach(reg14(n), t) for n, t in (
                           ("12", "Safe care and treatment"),
                           ("13", "Safeguarding service users from abuse and improper treatment"),
                           ("17", "Good governance"), ("18", "Staffing"),
                           ("20A", "Requirement as to display of performance assessments"))),
                       actions=tuple(musts) + (Action(ActionKind.SHOULD, count=2),
                                               Action(ActionKind.CANCELLATION, against="provider"),
                                               Action(ActionKind.CANCELLATION,
                                                      against="registered manager")),
                       special_measures=True),
            Inspection(location=0, kind=InspectionKind.COMPREHENSIVE,
                       start_date=day("2019-04-02"), is_previous=True,
                       ratings=(Rating(KQ.OVERALL, RV.INADEQUATE),),
                       actions=(Action(ActionKind.REQUIREMENT_NOTICE, reg14("11")),
                                Action(ActionKind.REQUIREMENT_NOTICE, reg14("17")),
                                Action(ActionKind.SUSPENSION, duration="P8W"),
                                Action(ActionKind.SPECIAL_MEASURES))),
            Inspection(location=0, kind=InspectionKind.FOCUSED, start_date=day("2019-05-29"),
                       is_previous=True, ratings=(Rating(KQ.OVERALL, RV.INADEQUATE),),
                       actions=(Action(ActionKind.WARNING_NOTICE, subject="governance"),),
                       special_measures=True),
        ),
    )


def record_003() -> DocumentRecord:
    return DocumentRecord(
        layout="press-release", publication_date=day("2021-05-14", "14 May 2021"),
        title="CQC places Healthcare at Home in special measures",
        providers=(Provider(name="Healthcare at Home"),),
        locations=(Location(name="Healthcare at Home", provider=0, town="Burton-on-Trent",
                            county="Staffordshire"),),
        inspections=(Inspection(
            location=0, dates_text="November and December",
            ratings=(Rating(KQ.OVERALL, RV.INADEQUATE), Rating(KQ.SAFE, RV.INADEQUATE),
                     Rating(KQ.WELL_LED, RV.INADEQUATE),
                     Rating(KQ.RESPONSIVE, RV.REQUIRES_IMPROVEMENT),
                     Rating(KQ.EFFECTIVE, RV.GOOD), Rating(KQ.CARING, RV.GOOD, carried_over=True)),
            special_measures=True,
            actions=(Action(ActionKind.CONDITION,
                            text="provide regular performance reports to CQC"),)),),
        figures=(Figure("prescriptions per month", 110000, "around"),
                 Figure("missed deliveries Oct-Dec 2020", 10000, "almost")),
    )


def record_004() -> DocumentRecord:
    grid = {KQ.OVERALL: RV.GOOD, KQ.SAFE: RV.REQUIRES_IMPROVEMENT, KQ.EFFECTIVE: RV.NOT_RATED,
            KQ.RESPONSIVE: RV.GOOD, KQ.WELL_LED: RV.GOOD}
    return DocumentRecord(
        layout="location-summary-old",
        locations=(Location(name="Medical Imaging Partnership", alt_names=("MIP",),
                            current_overall_rating=RV.GOOD),),
        inspections=(Inspection(
            location=0, kind=InspectionKind.COMPREHENSIVE, announced=Announcement.ANNOUNCED,
            start_date=day("2019-07-17"), end_date=day("2019-07-17"),
            framework="independent single speciality diagnostic imaging",
            summary_updated=day("2019-09-11"),
            ratings=tuple(Rating(k, v) for k, v in grid.items())
            + (Rating(KQ.OVERALL, RV.GOOD, service="Diagnostic imaging"),),
            signed_by=Person("Nigel Acheson", "Deputy Chief Inspector of Hospitals")),),
    )


SEEDS = {
    "000_380284b7b5ad22b9.txt": record_000, "001_055984bc2d9da33b.txt": record_001,
    "002_635fea5c798dad1b.txt": record_002, "003_14795d34b9fe72c4.txt": record_003,
    "004_e6d87193a3fb2d72.txt": record_004,
}


def seed_graphs(base: str = BASE) -> dict[str, Graph]:
    """Graph IRI -> mapped graph for each hand-built seed record."""
    out = {}
    for key, build in SEEDS.items():
        src = source(key)
        out[graph_iri_for(src, base)] = map_document(build(), src, base=base)
    return out


# ----------------------------------------------------------------------------- helpers

def ntriples(graph: Graph) -> str:
    return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))


def one(graph: Graph, s, p):
    values = list(graph.objects(URIRef(s) if isinstance(s, str) else s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def union_with_reference(graphs: dict[str, Graph]) -> Graph:
    union = Graph()
    for graph in [*graphs.values(), *reference_graphs().values()]:
        for triple in graph:
            union.add(triple)
    return union


LOC_001 = BASE + "location/medical-imaging-partnership--rh119bj"
FASTRACK = BASE + "location/fastrack-scan--lu20hf"


# ----------------------------------------------------------------------------- tests

def test_graph_name_is_the_document_iri() -> None:
    src = source("https://www.cqc.org.uk/location/1-125856395")
    assert graph_iri_for(src, BASE) == iris.document_iri(BASE, src.key)
    graph = map_document(record_001(), src, base=BASE)
    assert (URIRef(graph_iri_for(src, BASE)), RDF.type, CQC.SourceDocument) in graph


def test_document_provenance() -> None:
    src = source("https://www.cqc.org.uk/location/1-125856395", sha="0f" * 32,
                 file_name="001.txt", layout="location-page-saf", source_url=
                 "https://www.cqc.org.uk/location/1-125856395")
    graph = map_document(record_001(), src)
    doc = URIRef(graph_iri_for(src, BASE))
    assert one(graph, doc, CQC.fileName) == Literal("001.txt")
    assert one(graph, doc, CQC.sha256) == Literal("0f" * 32)
    assert one(graph, doc, CQC.layout) == Literal("location-page-saf")
    assert one(graph, doc, CQC.extractorVersion) == Literal("0.1.0")
    assert one(graph, doc, CQC.readAt) == Literal("2025-01-02T03:04:05+00:00",
                                                  datatype=vocab.XSD.dateTime)
    assert one(graph, doc, vocab.DCTERMS.source) == URIRef(
        "https://www.cqc.org.uk/location/1-125856395")
    for cls in (CQC.SourceDocument, vocab.PROV.Entity, vocab.FOAF.Document):
        assert (doc, RDF.type, cls) in graph
    reading = URIRef(str(doc) + "/reading")
    assert (reading, vocab.PROV.used, doc) in graph
    for fact in graph.subjects(RDF.type, CQC.Rating):
        assert (fact, vocab.PROV.wasDerivedFrom, doc) in graph


def test_seed_001_assessment_scores_and_entities() -> None:
    graph = map_document(record_001(), source("001.txt"))
    loc, prov = URIRef(LOC_001), URIRef(BASE + "provider/medical-imaging-partnership-limited")
    assert one(graph, loc, CQC.provider) == prov
    assert one(graph, loc, CQC.nameKey) == Literal("medical imaging partnership")
    assert one(graph, loc, CQC.postcode) == Literal("RH11 9BJ")
    address = URIRef(LOC_001 + "/address")
    assert one(graph, loc, vocab.LOCN.address) == address
    assert one(graph, address, vocab.LOCN.postCode) == Literal("RH11 9BJ")
    assert set(graph.objects(loc, CQC.serviceType)) == {Literal("Hospital"),
                                                       Literal("Independent hospital")}
    assessment = URIRef(LOC_001 + "/assessment/2024-02-13")
    assert {(assessment, RDF.type, CQC.Assessment), (assessment, RDF.type, CQC.Inspection),
            (assessment, CQC.inspectionOf, loc)} <= set(graph)
    assert one(graph, assessment, CQC.startDate) == Literal("2024-02-13", datatype=vocab.XSD.date)
    rating = one(graph, assessment, CQC.hasRating)
    assert str(rating).startswith(str(assessment) + "/rating/" + iris.document_tag("001.txt"))
    assert one(graph, rating, CQC.keyQuestion) == vocab.key_question_iri(KQ.WELL_LED)
    assert one(graph, rating, CQC.ratingValue) == vocab.rating_iri(RV.GOOD)
    assert one(graph, rating, CQC.scorePercent) == Literal(75)
    assert one(graph, rating, CQC.ratingDate) == Literal("2024-10-10", datatype=vocab.XSD.date)
    scores = list(graph.objects(assessment, CQC.hasScore))
    assert len(scores) == 7
    assert all(one(graph, s, CQC.score) == Literal(3) for s in scores)
    not_assessed = [s for s in scores if one(graph, s, CQC.assessed) == Literal(False)]
    assert [str(one(graph, s, CQC.qualityStatement)) for s in not_assessed] == [
        "Partnerships and communities"]


def test_seed_002_ratings_services_breaches_actions() -> None:
    graph = map_document(record_002(), source("002.txt"))
    tag = iris.document_tag("002.txt")
    insp = URIRef(FASTRACK + "/inspection/2020-11-06")
    ratings = list(graph.objects(insp, CQC.hasRating))
    assert len(ratings) == 12
    service = URIRef(FASTRACK + "/service/diagnostic-imaging")
    assert (URIRef(FASTRACK), CQC.hasService, service) in graph
    effective = URIRef(f"{insp}/rating/{tag}/diagnostic-imaging/effective")
    assert one(graph, effective, CQC.service) == service
    assert one(graph, effective, CQC.ratingValue) == vocab.rating_iri(RV.INSPECTED_NOT_RATED)
    caring = URIRef(f"{insp}/rating/{tag}/caring")
    assert one(graph, caring, CQC.ratingValue) == vocab.rating_iri(RV.NOT_INSPECTED)
    assert not list(graph.objects(caring, CQC.service))
    breaches = {str(one(graph, b, CQC.regulation)) for b in graph.objects(insp, CQC.hasBreach)}
    assert breaches == {f"http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/{n}"
                        for n in ("12", "13", "17", "18", "20A")}
    assert (URIRef(f"{insp}/breach/{tag}/20a"), CQC.regulation, URIRef(
        "http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/20A")) in graph
    musts = [a for a in graph.objects(insp, CQC.hasAction)
             if one(graph, a, CQC.actionKind) == vocab.action_kind_iri(ActionKind.MUST)]
    assert len(musts) == 29
    assert one(graph, URIRef(f"{insp}/action/{tag}/1"), CQC.paragraph) == Literal("(1)")
    assert one(graph, insp, CQC.specialMeasures) == Literal(True)
    visits = set(graph.objects(insp, CQC.visitDate))
    assert Literal("2020-11-13", datatype=vocab.XSD.date) in visits
    assert one(graph, insp, CQC.publicationDate) == Literal("2021-01-13", datatype=vocab.XSD.date)
    change = URIRef(f"{insp}/change/{tag}/responsive")
    assert one(graph, change, CQC.ratingChange) == vocab.rating_change_iri(RatingChange.WENT_DOWN)
    earlier = URIRef(FASTRACK + "/inspection/2019-04-02")
    suspension = URIRef(f"{earlier}/action/{tag}/3")
    assert one(graph, suspension, CQC.duration) == Literal("P56D", datatype=vocab.XSD.duration)
    assert one(graph, earlier, CQC.describedAsPrevious) == Literal(True)
    assert one(graph, URIRef(FASTRACK), CQC.registrationDate) == Literal(
        "2018-05", datatype=vocab.XSD.gYearMonth)


def test_seed_000_section_31_and_undated_follow_up() -> None:
    graph = map_document(record_000(), source("000.txt"))
    loc = BASE + "location/miracle-in-progress--le129an"
    tag = iris.document_tag("000.txt")
    focused = URIRef(loc + "/inspection/2019-04-16")
    urgent = URIRef(f"{focused}/action/{tag}/1")
    assert one(graph, urgent, CQC.actionKind) == vocab.action_kind_iri(ActionKind.URGENT_SUSPENSION)
    assert one(graph, urgent, CQC.regulation) == URIRef(
        "http://www.legislation.gov.uk/id/ukpga/2008/14/section/31")
    assert one(graph, urgent, CQC.duration) == Literal("P42D", datatype=vocab.XSD.duration)
    assert one(graph, urgent, CQC.lifted) == Literal(True)
    assert one(graph, URIRef(f"{focused}/action/{tag}/2"), CQC["count"]) == Literal(6)
    assert set(graph.objects(focused, CQC.keyQuestionInspected)) == {
        vocab.key_question_iri(KQ.SAFE), vocab.key_question_iri(KQ.WELL_LED)}
    assert not list(graph.objects(focused, CQC.hasRating))
    undated = URIRef(f"{loc}/inspection/undated-{tag}-3")
    assert one(graph, undated, CQC.inspectionKind) == vocab.inspection_kind_iri(
        InspectionKind.FOLLOW_UP)
    assert not list(graph.objects(undated, CQC.startDate))
    old = URIRef(loc + "/inspection/2014-01-30")
    judgement = one(graph, old, CQC.hasJudgement)
    assert one(graph, judgement, CQC.met) == Literal(False)
    assert one(graph, judgement, CQC.regulation) == URIRef(
        "http://www.legislation.gov.uk/id/uksi/2010/781/regulation/9")
    signer = one(graph, URIRef(loc + "/inspection/2019-10-11"), CQC.signedBy)
    assert one(graph, signer, vocab.SCHEMA.name) == Literal("Heidi Smoult")
    assert one(graph, URIRef(loc), CQC.archived) == Literal(True)


def test_seed_003_date_without_year_carried_over_and_figures() -> None:
    graph = map_document(record_003(), source("003.txt"))
    loc = BASE + "location/healthcare-at-home"
    tag = iris.document_tag("003.txt")
    insp = URIRef(f"{loc}/inspection/undated-{tag}-1")
    assert one(graph, insp, CQC.datesText) == Literal("November and December")
    assert not [o for o in graph.objects(insp) if isinstance(o, Literal)
                and o.datatype in (vocab.XSD.date, vocab.XSD.gYearMonth, vocab.XSD.gYear)]
    caring = URIRef(f"{insp}/rating/{tag}/caring")
    assert one(graph, caring, CQC.carriedOver) == Literal(True)
    address = URIRef(loc + "/address")
    assert one(graph, address, vocab.LOCN.postName) == Literal("Burton-on-Trent")
    assert one(graph, address, vocab.LOCN.adminUnitL2) == Literal("Staffordshire")
    doc = URIRef(graph_iri_for(source("003.txt"), BASE))
    figures = {str(one(graph, f, CQC.qualifier)): one(graph, f, CQC.figureValue)
               for f in graph.objects(doc, CQC.statesFigure)}
    assert figures == {"around": Literal("110000", datatype=vocab.XSD.decimal),
                       "almost": Literal("10000", datatype=vocab.XSD.decimal)}
    assert one(graph, doc, vocab.DCTERMS.issued) == Literal("2021-05-14", datatype=vocab.XSD.date)


def test_seed_004_has_no_caring_rating() -> None:
    graph = map_document(record_004(), source("004.txt"))
    insp = URIRef(BASE + "location/medical-imaging-partnership/inspection/2019-07-17")
    kqs = {one(graph, r, CQC.keyQuestion) for r in graph.objects(insp, CQC.hasRating)}
    assert vocab.key_question_iri(KQ.CARING) not in kqs
    assert len(kqs) == 5


def test_precision_of_dates_is_kept() -> None:
    rec = DocumentRecord(layout="t", locations=(Location(name="X"),), inspections=(Inspection(
        location=0, start_date=PartialDate("2020-11", "November 2020", Precision.MONTH),
        end_date=PartialDate("2020", "2020", Precision.YEAR),
        publication_date=PartialDate(None, "14 May", Precision.NONE)),))
    graph = map_document(rec, source("t.txt"))
    insp = URIRef(BASE + "location/x/inspection/2020-11")
    assert one(graph, insp, CQC.startDate) == Literal("2020-11", datatype=vocab.XSD.gYearMonth)
    assert one(graph, insp, CQC.endDate) == Literal("2020", datatype=vocab.XSD.gYear)
    assert not list(graph.objects(insp, CQC.publicationDate))
    assert one(graph, insp, CQC.datesText) == Literal("14 May")


def test_provider_level_inspection_sits_under_the_provider() -> None:
    rec = DocumentRecord(layout="t", providers=(Provider(name="Big Trust", ods_code="RX1"),),
                         inspections=(Inspection(provider=0, start_date=day("2022-03-01"),
                                                 ratings=(Rating(KQ.WELL_LED, RV.GOOD),)),))
    graph = map_document(rec, source("t.txt"))
    insp = URIRef(BASE + "provider/ods-rx1/inspection/2022-03-01")
    assert one(graph, insp, CQC.inspectionOf) == URIRef(BASE + "provider/ods-rx1")


def test_entity_without_keys_is_minted_from_document_and_role() -> None:
    rec = DocumentRecord(layout="t", locations=(Location(),), inspections=(Inspection(
        location=0, start_date=day("2022-03-01")),))
    graph = map_document(rec, source("t.txt"))
    anon = graph_iri_for(source("t.txt"), BASE) + "/location/0"
    assert (URIRef(anon), RDF.type, CQC.Location) in graph
    assert (URIRef(anon + "/inspection/2022-03-01"), CQC.inspectionOf, URIRef(anon)) in graph


def test_entity_iris_from_the_identity_module_are_used() -> None:
    chosen = BASE + "location/1-125856395"
    graph = map_document(record_004(), source("004.txt"), entity_iris={("location", 0): chosen})
    assert (URIRef(chosen + "/inspection/2019-07-17"), CQC.inspectionOf, URIRef(chosen)) in graph
    assert not [t for t in graph for x in t if "medical-imaging-partnership" in str(x)
                and isinstance(x, URIRef)]


def test_two_sources_never_merge_ratings() -> None:
    a = map_document(record_004(), source("a.txt"))
    b = map_document(record_004(), source("b.txt"))
    ra, rb = set(a.subjects(RDF.type, CQC.Rating)), set(b.subjects(RDF.type, CQC.Rating))
    assert ra and rb and not ra & rb
    assert set(a.subjects(RDF.type, CQC.Inspection)) == set(b.subjects(RDF.type, CQC.Inspection))


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_same_input_gives_byte_identical_output(key: str) -> None:
    first = map_document(SEEDS[key](), source(key))
    second = map_document(SEEDS[key](), source(key))
    assert first.serialize(format="turtle") == second.serialize(format="turtle")
    assert ntriples(first) == ntriples(second)


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_no_blank_nodes(key: str) -> None:
    graph = map_document(SEEDS[key](), source(key))
    assert not [t for t in graph for x in t if isinstance(x, BNode)]


def _rewrite(graph: Graph, old: str, new: str) -> Graph:
    def sub(term):
        if isinstance(term, URIRef) and (str(term) == old or str(term).startswith(old + "/")):
            return URIRef(new + str(term)[len(old):])
        return term
    out = Graph()
    for s, p, o in graph:
        out.add((sub(s), p, sub(o)))
    return out


@pytest.mark.parametrize("key", sorted(SEEDS))
@pytest.mark.parametrize("role", ["location", "provider"])
def test_prefix_rewrite_equals_mapping_with_the_new_iri(key: str, role: str) -> None:
    record = SEEDS[key]()
    if not getattr(record, role + "s"):
        pytest.skip(f"{key} has no {role}")
    a, b = BASE + f"{role}/1-111", BASE + f"{role}/1-111222"  # b extends a on purpose
    mapped_a = map_document(record, source(key), entity_iris={(role, 0): a})
    mapped_b = map_document(record, source(key), entity_iris={(role, 0): b})
    assert ntriples(_rewrite(mapped_a, a, b)) == ntriples(mapped_b)


def test_base_iri_is_configurable_and_ontology_is_not() -> None:
    graph = map_document(record_001(), source("001.txt"), base="http://kg.test/data/")
    subjects = {str(s) for s in graph.subjects()}
    assert all(s.startswith("http://kg.test/data/") for s in subjects)
    assert (None, CQC.inspectionOf, None) in graph


# ------------------------------------------------- the seed facts, answered by SPARQL

PREFIXES = """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
"""


@pytest.fixture(scope="module")
def seeds_union() -> Graph:
    """The seeds as the store would hold them: 001 and 004 name the same location."""
    graphs = seed_graphs()
    src = source("004_e6d87193a3fb2d72.txt")
    graphs[graph_iri_for(src, BASE)] = map_document(
        record_004(), src, entity_iris={("location", 0): LOC_001})
    return union_with_reference(graphs)


def test_query_breaches_of_fastrack_scan(seeds_union: Graph) -> None:
    rows = seeds_union.query(PREFIXES + """
        SELECT ?notation ?label WHERE {
          ?loc schema:name "Fastrack Scan" .
          ?insp cqc:inspectionOf ?loc ; cqc:hasBreach ?b .
          ?b cqc:regulation ?reg .
          ?reg skos:notation ?notation ; skos:prefLabel ?label ;
               cqc:instrument <http://www.legislation.gov.uk/id/uksi/2014/2936> .
        } ORDER BY ?notation""")
    assert [str(r.notation) for r in rows] == ["12", "13", "17", "18", "20A"]


def test_query_rating_history_of_medical_imaging_partnership(seeds_union: Graph) -> None:
    rows = seeds_union.query(PREFIXES + """
        SELECT ?date ?kq ?value ?score WHERE {
          ?insp cqc:inspectionOf ?loc ; cqc:startDate ?date ; cqc:hasRating ?r .
          ?loc cqc:nameKey "medical imaging partnership" .
          ?r cqc:keyQuestion/skos:notation ?kq ; cqc:ratingValue/skos:prefLabel ?value .
          FILTER NOT EXISTS { ?r cqc:service ?s }
          OPTIONAL { ?r cqc:scorePercent ?score }
        } ORDER BY ?date ?kq""")
    got = {(str(r.date), str(r.kq), str(r.value), r.score and int(r.score)) for r in rows}
    assert got == {
        ("2019-07-17", "overall", "Good", None),
        ("2019-07-17", "safe", "Requires improvement", None),
        ("2019-07-17", "effective", "Not rated", None), ("2019-07-17", "responsive", "Good", None),
        ("2019-07-17", "well-led", "Good", None), ("2024-02-13", "well-led", "Good", 75)}


def test_query_locations_in_special_measures(seeds_union: Graph) -> None:
    rows = seeds_union.query(PREFIXES + """
        SELECT DISTINCT ?name WHERE {
          ?insp cqc:inspectionOf ?loc .
          { ?insp cqc:specialMeasures true }
          UNION { ?insp cqc:hasAction/cqc:actionKind
                  <https://cqcgraph.example/ontology/action-kinds/special-measures> }
          ?loc schema:name ?name .
        } ORDER BY ?name""")
    assert [str(r.name) for r in rows] == ["Fastrack Scan", "Healthcare at Home"]
