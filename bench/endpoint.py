"""Requests per second of cqcgraph's endpoint against ``oxigraph serve`` on the same data.

    .venv/bin/python bench/endpoint.py [--locations 20000] [--clients 4] [--seconds 5]

Builds a synthetic CQC-shaped store (one named graph per location), copies it for each server,
starts ``cqcgraph serve`` (gunicorn + query workers) and ``oxigraph serve``, then runs a point
lookup and a heavier aggregate with a few concurrent clients and prints the ratio.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_server import free_port, start_server, stop_server  # noqa: E402

CQC = "https://cqcgraph.example/ontology#"
ID = "https://cqcgraph.example/id/"
RATINGS = ["outstanding", "good", "requires-improvement", "inadequate"]
KQ = ["overall", "safe", "effective", "caring", "responsive", "well-led"]


def build(path: Path, n: int) -> None:
    store = ox.Store(str(path))
    rnd = random.Random(1)
    T = ox.NamedNode

    def quads():
        for i in range(n):
            g = T(f"{ID}document/doc-{i}")
            loc = T(f"{ID}location/1-{i}")
            yield ox.Quad(loc, T("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), T(CQC + "Location"), g)
            yield ox.Quad(loc, T("http://schema.org/name"), ox.Literal(f"Location {i}"), g)
            for k in range(3):
                insp = T(f"{ID}location/1-{i}/inspection/{k}")
                yield ox.Quad(insp, T(CQC + "inspectionOf"), loc, g)
                yield ox.Quad(insp, T(CQC + "publicationDate"),
                              ox.Literal(f"20{15 + k}-0{1 + k}-01", datatype=T("http://www.w3.org/2001/XMLSchema#date")), g)
                for kq in KQ:
                    r = T(f"{insp.value}/rating/{kq}")
                    yield ox.Quad(insp, T(CQC + "hasRating"), r, g)
                    yield ox.Quad(r, T(CQC + "keyQuestion"), T(f"https://cqcgraph.example/ontology/key-questions/{kq}"), g)
                    yield ox.Quad(r, T(CQC + "ratingValue"), T(f"https://cqcgraph.example/ontology/ratings/{rnd.choice(RATINGS)}"), g)

    store.bulk_extend(quads())
    store.flush()
    store.optimize()


POINT = ("PREFIX cqc: <https://cqcgraph.example/ontology#> SELECT ?kq ?v ?d WHERE {{ "
         "?i cqc:inspectionOf <{loc}> ; cqc:hasRating ?r ; cqc:publicationDate ?d . "
         "?r cqc:keyQuestion ?kq ; cqc:ratingValue ?v }}")
HEAVY = ("PREFIX cqc: <https://cqcgraph.example/ontology#> SELECT ?v (COUNT(*) AS ?n) WHERE { "
         "?i cqc:inspectionOf ?l ; cqc:hasRating ?r . ?r cqc:ratingValue ?v ; "
         "cqc:keyQuestion <https://cqcgraph.example/ontology/key-questions/overall> } GROUP BY ?v")


def load(url: str, make_query, clients: int, seconds: float, union_param: bool) -> float:
    done = [0] * clients
    errors = [0]
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        s = requests.Session()
        rnd = random.Random(k)
        while time.monotonic() < stop:
            params = {"query": make_query(rnd)}
            if union_param:
                params["union-default-graph"] = ""
            r = s.get(url, params=params, headers={"Accept": "application/sparql-results+json"})
            if r.status_code != 200:
                errors[0] += 1
            done[k] += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors[0]:
        print(f"  ({errors[0]} errors)")
    return sum(done) / seconds


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--locations", type=int, default=20000)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--seconds", type=float, default=5)
    args = p.parse_args()
    root = Path(tempfile.mkdtemp(prefix="cqcgraph-bench-"))
    try:
        t0 = time.monotonic()
        build(root / "a", args.locations)
        shutil.copytree(root / "a", root / "b")
        print(f"store: {args.locations} locations, built in {time.monotonic() - t0:.1f} s")
        proc, url = start_server(root / "a", "--workers", "2")
        port = free_port()
        oxi = subprocess.Popen([str(Path(sys.executable).parent / "oxigraph"), "serve", "--location",
                                str(root / "b"), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        oxi_url = f"http://127.0.0.1:{port}/query"
        for _ in range(100):
            try:
                requests.get(oxi_url, params={"query": "ASK {}"}, timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        try:
            point = lambda rnd: POINT.format(loc=f"{ID}location/1-{rnd.randrange(args.locations)}")  # noqa: E731
            heavy = lambda rnd: HEAVY  # noqa: E731
            for name, make in (("point lookup", point), ("heavy aggregate", heavy)):
                ours = load(url + "/sparql", make, args.clients, args.seconds, False)
                theirs = load(oxi_url, make, args.clients, args.seconds, True)
                print(f"{name:16s} c={args.clients}: cqcgraph {ours:8.1f} req/s, oxigraph serve "
                      f"{theirs:8.1f} req/s, ratio {ours / theirs:.2f}")
        finally:
            stop_server(proc)
            oxi.terminate()
            oxi.wait(10)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
