"""cqcgraph over a remote SPARQL 1.1 store (``oxigraph serve`` on loopback) against the
embedded store and against that ``oxigraph serve`` answered directly, in the same run.

    nice -n 10 .venv/bin/python bench/remote_store.py [--providers 10] [--rounds 2]
        [--locations 20000] [--concurrency 1 4] [--seconds 5] [--kinds point html]

Two figures:

* **Ingest, documents per second**: the same generated corpus (``tests/manydocs.py``: CQC
  location pages, several documents per location, so identity resolution and the derived
  upkeep have work) ingested by ``cqcgraph ingest`` into a new embedded store and into a new,
  empty ``oxigraph serve`` (``--store-url``); the order alternates between rounds, and the
  ratio remote / embedded of each round is printed, then their median.
* **Endpoint requests per second**: a synthetic store of ``--locations`` locations (the one of
  ``bench/endpoint.py``) served by ``oxigraph serve``; ``cqcgraph serve --store-url`` in front
  of it, and, as the reference, the same requests to that ``oxigraph serve`` directly (a point
  lookup: the ratings of one location, SPARQL JSON; ``html``: the location's page through
  cqcgraph, a dozen page queries and a template, against the CONSTRUCT of the resource's
  statements from oxigraph, which has no pages: not the same work, only a floor). A third
  column, ``cqcgraph serve`` over an embedded copy of the same store, is the reference for
  what the remote costs cqcgraph itself (ratio remote / embedded).

``--remote-http-workers N`` runs the server over the remote as N processes (each a reader
and writer of the remote: the read side scaled out); the embedded one stays one process.
The load average is printed at the start and the end: the machine may be shared.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))
from endpoint import build, load  # noqa: E402
from manydocs import write_corpus  # noqa: E402
import servers  # noqa: E402
from servers import free_port, start_server, stop_server  # noqa: E402


def start_oxigraph(location: Path) -> tuple[subprocess.Popen, int]:
    """``oxigraph serve`` over ``location`` (created if new) on a free port, once it answers."""
    proc, url = servers.start_oxigraph(location)
    return proc, int(url.rsplit(":", 1)[1])


def serve_remote(store_url: str, home: Path, http_workers: int = 1
                 ) -> tuple[subprocess.Popen, int]:
    """``cqcgraph serve --store-url`` with ``http_workers`` processes on a free port (its
    embedded store would be in ``home``: none is made)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CQCGRAPH_")}
    env.update(XDG_DATA_HOME=str(home), CQCGRAPH_CLIENT_REQUESTS="0")
    proc = subprocess.Popen([sys.executable, "-m", "cqcgraph", "serve", "--store-url",
                             store_url, "--port", str(port), "--http-workers",
                             str(http_workers)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    for _ in range(1200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return proc, port
        except OSError:
            pass
        time.sleep(0.1)
    stop_server(proc)
    raise SystemExit("cqcgraph serve --store-url did not start")


def ingest(corpus: Path, *where: str) -> float:
    """Seconds ``cqcgraph ingest`` takes over the whole corpus."""
    began = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "cqcgraph", "ingest", "-q", *where,
                          str(corpus)], capture_output=True)
    if out.returncode != 0:
        raise SystemExit(f"ingest failed: {out.stderr.decode()[-500:]}")
    return time.monotonic() - began


def bench_ingest(root: Path, args: argparse.Namespace) -> None:
    corpus = root / "corpus"
    write_corpus(corpus, providers=args.providers, locations_per_provider=3,
                 documents_per_location=args.documents_per_location)
    n = len(list(corpus.iterdir()))
    print(f"ingest: {n} documents ({args.providers * 3} locations); one fresh store each time")
    ratios = []
    for r in range(args.rounds):
        times = {}
        sides = ["embedded", "remote"] if r % 2 == 0 else ["remote", "embedded"]
        for side in sides:
            if side == "embedded":
                times[side] = ingest(corpus, "--store", str(root / f"embedded-{r}"))
            else:
                proc, port = start_oxigraph(root / f"remote-{r}")
                try:
                    times[side] = ingest(corpus, "--store-url", f"http://127.0.0.1:{port}")
                finally:
                    stop_server(proc)
        ratio = times["embedded"] / times["remote"]
        ratios.append(ratio)
        print(f"  round {r + 1}: embedded {n / times['embedded']:.1f} docs/s,"
              f" remote {n / times['remote']:.1f} docs/s; remote / embedded {ratio:.2f}",
              flush=True)
    print(f"  median remote / embedded (docs/s): {statistics.median(ratios):.2f}")


def bench_endpoint(root: Path, args: argparse.Namespace) -> None:
    source = root / "synthetic"
    build(source, args.locations)
    shutil.copytree(source, root / "embedded-copy")
    oxi, oxi_port = start_oxigraph(source)
    home = root / "home"
    home.mkdir()
    remote, remote_port = serve_remote(f"http://127.0.0.1:{oxi_port}", home,
                                       args.remote_http_workers)
    embedded, url = start_server(root / "embedded-copy", "--client-requests", "0",
                                 env={"CQCGRAPH_HTTP_WORKERS": "1"})
    embedded_port = int(url.rsplit(":", 1)[1])
    sides = [("cqcgraph", remote_port, "over remote"), ("oxigraph", oxi_port, "oxigraph"),
             ("cqcgraph", embedded_port, "embedded")]
    ratios: dict[tuple[str, int], list[float]] = {}
    to_embedded: dict[tuple[str, int], list[float]] = {}
    print(f"endpoint: {args.locations} locations; requests/s (p50 ms)")
    print(f"{'round':>5} {'kind':<6} {'c':>3} {'cqcgraph over remote':>22} {'oxigraph direct':>18}"
          f" {'cqcgraph embedded':>19} {'remote/direct':>14} {'remote/embedded':>16}")
    try:
        with multiprocessing.get_context("fork").Pool(2) as pool:
            for kind in args.kinds:  # warm every server
                for side, port, _ in sides:
                    load(pool, port, side, kind, 2, 1, 1, args.locations)
            for r in range(args.rounds):
                for c in args.concurrency:
                    for kind in args.kinds:
                        order = sides if r % 2 == 0 else list(reversed(sides))
                        got = {}
                        for side, port, label in order:
                            got[label] = load(pool, port, side, kind, c, args.seconds,
                                              1 if c == 1 else 2, args.locations)
                        ratio = got["over remote"][0] / got["oxigraph"][0]
                        ratios.setdefault((kind, c), []).append(ratio)
                        versus = got["over remote"][0] / max(got["embedded"][0], 1e-9)
                        to_embedded.setdefault((kind, c), []).append(versus)
                        cells = " ".join(
                            f"{got[label][0]:>{w - 8}.1f} ({got[label][2]:>5.1f})"
                            + (f" {got[label][1]}err" if got[label][1] else "")
                            for label, w in (("over remote", 22), ("oxigraph", 18),
                                             ("embedded", 19)))
                        print(f"{r + 1:>5} {kind:<6} {c:>3} {cells} {ratio:>14.2f}"
                              f" {versus:>16.2f}", flush=True)
    finally:
        stop_server(remote)
        stop_server(embedded)
        stop_server(oxi)
    print("cqcgraph over remote / oxigraph serve directly, and / cqcgraph over the embedded"
          " store, same round: median (lowest)")
    for (kind, c), values in ratios.items():
        versus = to_embedded[(kind, c)]
        print(f"  {kind:<6} c={c:<3} {statistics.median(values):.2f} ({min(values):.2f})"
              f"   {statistics.median(versus):.2f} ({min(versus):.2f})")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--providers", type=int, default=10, help="of 3 locations each")
    p.add_argument("--documents-per-location", type=int, default=5)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--locations", type=int, default=20000, help="of the endpoint's store")
    p.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--kinds", nargs="+", default=["point", "html"], choices=["point", "html"])
    p.add_argument("--only", choices=["ingest", "endpoint"])
    p.add_argument("--remote-http-workers", type=int, default=1,
                   help="processes of cqcgraph serve over the remote (the embedded one has 1)")
    args = p.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())};"
          f" {os.cpu_count()} CPUs; niceness {os.nice(0)} (every server inherits it)")
    root = Path(tempfile.mkdtemp(prefix="cqcgraph-remote-bench-"))
    try:
        if args.only != "endpoint":
            bench_ingest(root, args)
        if args.only != "ingest":
            bench_endpoint(root, args)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
