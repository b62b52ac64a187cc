"""Entity resolution: one resource when a stated key supports it, apart when it does not, and
never dependent on the order documents arrive in."""

from __future__ import annotations

import itertools
import shutil

import pytest
from pyoxigraph import Literal

from cqcgraph import derived, identity, iris
from cqcgraph.api import Cqcgraph, UsageError
from cqcgraph.identity import Mention
from cqcgraph.settings import Settings

from conftest import CORPUS

BASE = "https://cqcgraph.example/id/"


def resolve(*mentions: Mention) -> dict:
    return identity.resolve(mentions, iris.location_iri, BASE)


def test_name_and_postcode_join_an_id_and_the_id_names_the_entity():
    api = Mention(("api", 0), "lucerne house", "EX2 8TU", "1-125856395")
    page = Mention(("page", 0), "lucerne house", "EX2 8TU")
    out = resolve(api, page)
    assert out[("api", 0)] == out[("page", 0)] == BASE + "location/1-125856395"


def test_a_name_only_mention_joins_the_one_keyed_entity_of_that_name():
    keyed = Mention(("report", 0), "fastrack scan", "LU2 0HF")
    press = Mention(("press", 0), "fastrack scan")
    out = resolve(keyed, press)
    assert out[("press", 0)] == out[("report", 0)]


def test_a_name_only_mention_stays_apart_when_the_name_is_ambiguous():
    a = Mention(("a", 0), "oak house", "LE11 1AA")
    b = Mention(("b", 0), "oak house", "EX2 8TU")
    press = Mention(("press", 0), "oak house")
    out = resolve(a, b, press)
    assert len({out[("a", 0)], out[("b", 0)], out[("press", 0)]}) == 3


def test_two_cqc_ids_never_merge_even_with_one_name_and_postcode():
    # CQC registers a location anew when its provider changes: same name, same postcode
    old = Mention(("old", 0), "park house", "CH43 4UU", "1-111")
    new = Mention(("new", 0), "park house", "CH43 4UU", "1-222")
    page = Mention(("page", 0), "park house", "CH43 4UU")
    out = resolve(old, new, page)
    assert out[("old", 0)] != out[("new", 0)]
    # the page names neither ID: it could be either registration, so it is neither
    assert out[("page", 0)] not in {out[("old", 0)], out[("new", 0)]}


def test_the_result_does_not_depend_on_order():
    mentions = [
        Mention(("a", 0), "x", "AB1 2CD", "1-1"),
        Mention(("b", 0), "x", "AB1 2CD"),
        Mention(("c", 0), "x"),
        Mention(("d", 0), "x", "ZZ9 9ZZ"),
        Mention(("e", 0), "y"),
        Mention(("f", 0), None, None, "1-1"),
    ]
    first = resolve(*mentions)
    for order in itertools.permutations(mentions):
        assert resolve(*order) == first


def test_an_api_record_and_a_page_about_it_are_one_location(tmp_path):
    """A location page (name + postcode) and the CQC API record (ID + name + postcode) of
    Lucerne House: one resource, named by its CQC ID, with both sources' ratings apart."""
    api_record = CORPUS / "034.txt"
    page = tmp_path / "lucerne-page.txt"
    page.write_text(
        "• Care Home\n  • Care home\n\nLucerne House\n\nOverall: Outstanding read more about"
        " inspection ratings\n\nChudleigh Road, Alphington, Exeter, Devon, EX2 8TU (01392) 422905\n\n"
        "Provided and run by:\nBarchester Healthcare Homes Limited\n\nAll Inspections\n\n"
        "17 September 2019\n\nDuring a routine inspection\n\nLucerne House is a care home.\n\n"
        "We rated the service outstanding overall.\n",
        encoding="utf-8",
    )
    shutil.copy(api_record, tmp_path / "api.json.txt")
    for order in ([page, tmp_path / "api.json.txt"], [tmp_path / "api.json.txt", page]):
        store = tmp_path / f"store-{order[0].name}"
        with Cqcgraph(Settings(store=store)) as app:
            for doc in order:
                assert app.ingest([doc]).exit_code == 0
            rows = app.store.select(
                """SELECT DISTINCT ?l WHERE { GRAPH ?g { ?l a <https://cqcgraph.example/ontology#Location> ;
                     <http://schema.org/name> "Lucerne House" } }"""
            )
            assert [r["l"] for r in rows] == [BASE + "location/1-125856395"]
            sources = app.store.select(
                """SELECT DISTINCT ?src WHERE { ?i <https://cqcgraph.example/ontology#inspectionOf>
                     <https://cqcgraph.example/id/location/1-125856395> ; <https://cqcgraph.example/ontology#hasRating> ?r .
                     ?r <http://www.w3.org/ns/prov#wasDerivedFrom> ?src }"""
            )
            assert len(sources) == 2  # the page's rating and the API's, side by side


def care_home_page(name: str, postcode: str | None = None) -> str:
    """A location page naming a care home, with its postcode when given (else name only)."""
    address = f"Chudleigh Road, Exeter, Devon, {postcode} (01392) 422905\n\n" if postcode else ""
    return (f"• Care Home\n  • Care home\n\n{name}\n\nOverall: Good read more about inspection"
            f" ratings\n\n{address}All Inspections\n\n17 September 2019\n\nDuring a routine"
            f" inspection\n\n{name} is a care home.\n\nWe rated the service good overall.\n")


def location_of(app: Cqcgraph, file_name: str) -> str:
    rows = app.store.select(
        """SELECT ?l ?f WHERE { GRAPH ?g { ?g <https://cqcgraph.example/ontology#fileName> ?f .
             ?l a <https://cqcgraph.example/ontology#Location> } }""",
        substitutions={"f": Literal(file_name)})
    assert len(rows) == 1, rows
    return rows[0]["l"]


def identity_rows(app: Cqcgraph) -> set[str]:
    """The derived graph's identity keys, as N-Triples lines."""
    graph = derived.derived_graph_iri(BASE)
    return {q.ntriples() for q in app.store.graph_triples(graph)
            if "#identity" in q.predicate.value or "#keepsIdentityKeys" in q.predicate.value}


def assert_keys_fresh(app: Cqcgraph) -> None:
    """The keys kept write by write are those a rebuild from the document graphs gives."""
    kept = identity_rows(app)
    app.rebuild_summaries()
    assert kept == identity_rows(app)


def test_identity_keys_follow_merges_replacements_and_deletions(tmp_path):
    """A deleted or replaced document's keys no longer join anything, and a merge moves the
    keys of the entity renamed: what a later document joins is what the stored documents say."""
    def write(name: str, text: str):
        path = tmp_path / "docs" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    with Cqcgraph(Settings(store=tmp_path / "store")) as app:
        named = write("press.txt", care_home_page("Oak House"))  # name only
        assert app.ingest([named]).exit_code == 0
        first = write("first.txt", care_home_page("Oak House", "EX2 8TU"))
        (stored,) = app.ingest([first]).documents  # keyed: the name-only page joins it (merge)
        assert stored.status == "stored"
        assert location_of(app, "press.txt") == location_of(app, "first.txt")
        assert_keys_fresh(app)

        assert app.delete_document(stored.graph or "")
        assert_keys_fresh(app)
        # the deleted page's key is gone: the one keyed entity of the name is the next one
        second = write("second.txt", care_home_page("Oak House", "LE11 1AA"))
        assert app.ingest([second]).exit_code == 0
        assert location_of(app, "press.txt") == location_of(app, "second.txt")
        assert_keys_fresh(app)

        # the second page now names another home: its old key joins nothing any more
        write("second.txt", care_home_page("Beech House", "LE11 1AA"))
        assert [d.status for d in app.ingest([second]).documents] == ["replaced"]
        assert location_of(app, "press.txt") != location_of(app, "second.txt")
        assert_keys_fresh(app)
        third = write("third.txt", care_home_page("Oak House", "RH11 9BJ"))
        assert app.ingest([third]).exit_code == 0
        assert location_of(app, "press.txt") == location_of(app, "third.txt")
        assert location_of(app, "second.txt") != location_of(app, "third.txt")
        assert_keys_fresh(app)


def test_a_store_without_identity_keys_asks_for_a_rebuild(tmp_path):
    """A store written before the current-state graph kept identity keys: ingest says to run
    rebuild-summaries rather than resolve documents against nothing."""
    store = tmp_path / "store"
    page = tmp_path / "page.txt"
    page.write_text(care_home_page("Oak House", "EX2 8TU"), encoding="utf-8")
    with Cqcgraph(Settings(store=store)) as app:
        assert app.ingest([page]).exit_code == 0
        graph = derived.derived_graph_iri(BASE)
        app.store.update(f"DELETE WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")  # as built before
    other = tmp_path / "other.txt"
    other.write_text(care_home_page("Oak House"), encoding="utf-8")
    with Cqcgraph(Settings(store=store)) as app:
        with pytest.raises(UsageError, match="rebuild-summaries"):
            app.ingest([other])
        app.rebuild_summaries()
        assert app.ingest([other]).exit_code == 0
        assert location_of(app, "other.txt") == location_of(app, "page.txt")
