"""The current state kept write by write is the one a full rebuild gives: after each step of a
history of ingests (new documents, an entity merged or renamed by identity resolution, new
versions, a deletion, replacements one document a write), the derived and summary graphs are
compared, quad for quad, with those `rebuild-summaries` builds from the document graphs."""

from __future__ import annotations

from pathlib import Path

from cqcgraph import derived
from cqcgraph.api import Cqcgraph
from cqcgraph.settings import Settings

BASE = "https://cqcgraph.example/id/"


def trust_report(overall: str, safe: str, postcode: str = "HD9 3AA") -> str:
    """A trust's inspection report: the provider keyed by its name and headquarters' postcode,
    rated by itself (no location)."""
    return (f"Holme Valley Community Health NHS Trust\nInspection report\n"
            f"Trust headquarters: Mill House, Bridge Street, Holmfirth {postcode}\n"
            "Date of inspection visit: 3 September 2019 to 10 October 2019\n"
            "Date of publication: 20 December 2019\n\nRatings\n"
            f"Overall trust quality rating\t{overall}\nAre services safe?\t{safe}\n"
            "Are services effective?\tGood\nAre services caring?\tGood\n"
            "Are services responsive?\tGood\nAre services well-led?\tGood\n")


def trust_release(rating: str = "requires improvement") -> str:
    """A press release rating the same trust by its name alone, naming its headquarters."""
    return ("CQC rates community health trust requires improvement\nPublished: 19 July 2023\n"
            "Categories: Media, Community health services\n\nThe Care Quality Commission (CQC)"
            f" has rated Holme Valley Community Health NHS Trust as {rating} overall.\n\n"
            "CQC carried out an unannounced inspection of the trust's core services in March"
            " 2023.\n\nFollowing the inspection the trust's overall rating has gone down from"
            " good to requires improvement. It was also rated requires improvement for being"
            " safe and well-led, and good for being effective, caring and responsive.\n\n"
            "The trust provides community health services across Kirklees, with its"
            " headquarters at Mill House in Holmfirth.\n")


def care_home_page(name: str, postcode: str | None = None, overall: str = "Good") -> str:
    """A location page naming a care home, with its postcode when given (else name only)."""
    address = f"Chudleigh Road, Exeter, Devon, {postcode} (01392) 422905\n\n" if postcode else ""
    return (f"• Care Home\n  • Care home\n\n{name}\n\nOverall: {overall} read more about"
            f" inspection ratings\n\n{address}All Inspections\n\n17 September 2019\n\nDuring a"
            f" routine inspection\n\n{name} is a care home.\n\nWe rated the service"
            f" {overall.lower()} overall.\n")


def kept_state(app: Cqcgraph) -> list[str]:
    """The derived and summary graphs, as sorted N-Quads lines."""
    return sorted(q.ntriples() + " " + g for g in (derived.derived_graph_iri(BASE),
                                                    derived.summary_graph_iri(BASE))
                  for q in app.store.graph_triples(g))


def assert_matches_rebuild(app: Cqcgraph, step: str) -> None:
    kept = kept_state(app)
    app.rebuild_summaries()
    rebuilt = kept_state(app)
    drift = sorted(set(kept) ^ set(rebuilt))
    assert kept == rebuilt, f"{step}: {len(drift)} lines differ, e.g. {drift[:4]}"


def test_the_kept_state_matches_a_rebuild_after_merges_renames_and_replacements(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()

    def write(name: str, text: str) -> Path:
        path = docs / name
        path.write_text(text, encoding="utf-8")
        return path

    with Cqcgraph(Settings(store=tmp_path / "store")) as app:
        def ingest(*paths: Path, per_write: int = 50) -> list[str]:
            report = app.ingest(list(paths), jobs=1, documents_per_write=per_write)
            return [d.status for d in report.documents]

        release = write("release.txt", trust_release())
        oak = write("oak.txt", care_home_page("Oak House"))  # name only
        assert ingest(release, oak) == ["stored", "stored"]
        assert_matches_rebuild(app, "name-only trust and home")

        # the keyed trust: the release's name-only provider is renamed to it, and the
        # release's graph rewritten (its location names the new provider IRI)
        report = write("report.txt", trust_report("Good", "Requires improvement"))
        assert ingest(report) == ["stored"]
        assert_matches_rebuild(app, "provider merged")

        # the keyed home: the name-only location is renamed to it
        second = write("second.txt", care_home_page("Oak House", "LE11 1AA"))
        (keyed,) = app.ingest([second], jobs=1).documents
        assert keyed.status == "stored"
        assert_matches_rebuild(app, "location merged")

        write("report.txt", trust_report("Requires improvement", "Inadequate"))
        write("release.txt", trust_release("inadequate"))
        assert ingest(report, release) == ["replaced", "replaced"]
        assert_matches_rebuild(app, "new versions")

        assert app.delete_document(keyed.graph or "")
        assert_matches_rebuild(app, "keyed home deleted")

        write("second.txt", care_home_page("Oak House", "LE11 1AA", "Outstanding"))
        assert ingest(second) == ["stored"]
        write("second.txt", care_home_page("Beech House", "LE11 1AA"))
        assert ingest(second, per_write=1) == ["replaced"]
        assert_matches_rebuild(app, "keyed home renamed")

        write("oak.txt", care_home_page("Oak House", overall="Inadequate"))
        write("report.txt", trust_report("Good", "Good", postcode="HD9 3AB"))
        assert ingest(oak, report, release, per_write=1) == ["replaced", "replaced",
                                                            "unchanged"]
        assert_matches_rebuild(app, "replaced one by one")


def test_a_merged_provider_is_the_provider_of_its_locations_and_no_location(tmp_path):
    """The two rows a provider merge left stale: the location of the rewritten release named
    the old provider IRI, and the new provider IRI got a location's current ratings."""
    (tmp_path / "release.txt").write_text(trust_release(), encoding="utf-8")
    (tmp_path / "report.txt").write_text(trust_report("Good", "Good"), encoding="utf-8")
    graph = derived.derived_graph_iri(BASE)
    cqc = "https://cqcgraph.example/ontology#"
    with Cqcgraph(Settings(store=tmp_path / "store")) as app:
        app.ingest([tmp_path / "release.txt"], jobs=1)
        app.ingest([tmp_path / "report.txt"], jobs=1)
        providers = {r["p"] for r in app.store.select(
            f"SELECT ?p WHERE {{ GRAPH <{graph}> {{ ?l <{cqc}summaryProvider> ?p }} }}")}
        assert providers == {BASE + "provider/holme-valley-community-health-nhs-trust--hd93aa"}
        assert not app.store.select(
            f"SELECT ?p WHERE {{ GRAPH <{graph}> {{ ?p <{cqc}summaryType> <{cqc}Provider> ;"
            f" <{cqc}currentRating> ?r }} }}")
