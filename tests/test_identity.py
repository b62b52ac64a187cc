"""Entity resolution: one resource when a stated key supports it, apart when it does not, and
never dependent on the order documents arrive in."""

from __future__ import annotations

import itertools
import shutil

from cqcgraph import identity, iris
from cqcgraph.api import Cqcgraph
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
