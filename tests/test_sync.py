"""`cqcgraph sync` against a local server answering in the shapes of CQC's Syndication API:
a full sync (through a 429 and a list page that fails once), a delta, a run without a key,
and a resume after the sync process is killed with SIGKILL."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from cqc_api import KEY, FakeCqcApi, location_json, provider_json

from cqcgraph.api import Cqcgraph
from cqcgraph.settings import CQC_API_URL, Settings
from cqcgraph.sync import state_path_for
from servers import die_with_parent, track

CQC = "https://cqcgraph.example/ontology#"


def api_documents(app: Cqcgraph) -> dict[str, int]:
    """Each API URL stored, with how many document graphs state it as their source."""
    rows = app.query(
        f"SELECT ?src (COUNT(DISTINCT ?doc) AS ?n) WHERE {{ GRAPH ?doc {{"
        f" ?doc <http://purl.org/dc/terms/source> ?src }} FILTER(STRSTARTS(STR(?src), "
        f"{json.dumps(CQC_API_URL)})) }} GROUP BY ?src")
    return {r["src"].value: int(r["n"].value) for r in rows}


def location_names(app: Cqcgraph, cqc_id: str) -> set[str]:
    rows = app.query(
        f"SELECT DISTINCT ?name WHERE {{ GRAPH ?g {{ ?l <{CQC}cqcId> {json.dumps(cqc_id)} ;"
        " <http://schema.org/name> ?name } }")
    return {r["name"].value for r in rows}


def ago(**delta) -> str:
    moment = dt.datetime.now(dt.timezone.utc) - dt.timedelta(**delta)
    return moment.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def child_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CQCGRAPH_")}
    return {**env, **extra}


def test_a_run_without_a_key_exits_2_saying_how_to_get_one(tmp_path):
    done = subprocess.run([sys.executable, "-m", "cqcgraph", "sync", "--store",
                           str(tmp_path / "store")], capture_output=True, text=True,
                          env=child_env(), timeout=120)
    assert done.returncode == 2
    assert "CQCGRAPH_CQC_API_KEY" in done.stderr and "register" in done.stderr


def test_a_refused_key_exits_2(tmp_path):
    with FakeCqcApi([location_json(1)], []) as api:
        done = subprocess.run([sys.executable, "-m", "cqcgraph", "sync", "--store",
                               str(tmp_path / "store"), "--base-url", api.url],
                              capture_output=True, text=True, timeout=120,
                              env=child_env(CQCGRAPH_CQC_API_KEY="wrong"))
    assert done.returncode == 2
    assert "refused the subscription key" in done.stderr


def test_full_sync_through_a_429_and_a_failing_page_then_a_delta(tmp_path):
    locations = [location_json(n) for n in range(1, 8)]
    providers = [provider_json(n) for n in range(3)]
    settings = Settings(store=tmp_path / "store", cqc_api_key=KEY)
    with FakeCqcApi(locations, providers) as api, Cqcgraph(settings) as app:
        api.fail_once[("/locations", 2)] = [500]
        api.fail_once[("/locations/1-9000003", None)] = [429]
        report = app.sync(base_url=api.url, per_page=3, rate_per_minute=6000)
        assert report.mode == "full" and report.complete and not report.failed
        assert report.counts() == {"stored": 10}
        assert api.requests_for("/locations").count(2) == 2  # the failed page, asked again
        assert len(api.requests_for("/locations/1-9000003")) == 2  # after its 429
        stored = api_documents(app)
        assert set(stored) == ({f"{CQC_API_URL}/locations/{d['locationId']}" for d in locations}
                               | {f"{CQC_API_URL}/providers/{d['providerId']}" for d in providers})
        assert set(stored.values()) == {1}
        assert location_names(app, "1-9000002") == {"Sync Test House 2"}

        # a delta: one location renamed, one new; a change older than the full sync is not read
        api.locations["1-9000002"] = location_json(2, name="Sync Test House Two")
        api.locations["1-9000008"] = location_json(8)
        api.changes = [(ago(days=400), "1-9000005"), (ago(seconds=-1), "1-9000002"),
                       (ago(seconds=-1), "1-9000008")]
        time.sleep(2)  # the change timestamps fall inside the delta's window
        delta = app.sync(base_url=api.url, per_page=3, rate_per_minute=6000)
        assert delta.mode == "changes" and delta.complete
        assert {(i.item_id, i.status) for i in delta.items} == {("1-9000002", "replaced"),
                                                                ("1-9000008", "stored")}
        assert location_names(app, "1-9000002") == {"Sync Test House Two"}
        assert set(api_documents(app).values()) == {1}
        state = json.loads(state_path_for(settings.store_path).read_text())
        assert state["run"] is None and state["synced_to"] == delta.end

        again = app.sync(base_url=api.url, per_page=3, rate_per_minute=6000)
        assert again.mode == "changes" and again.start == delta.end and not again.items


def test_a_delta_needs_a_full_sync_or_a_start(tmp_path):
    from cqcgraph.api import UsageError

    with Cqcgraph(Settings(store=tmp_path / "store", cqc_api_key=KEY)) as app:
        with pytest.raises(UsageError, match="--since"):
            app.sync(mode="changes", base_url="http://127.0.0.1:9/none")


def test_sync_killed_with_sigkill_continues_where_it_stood(tmp_path):
    locations = [location_json(n) for n in range(1, 31)]
    providers = [provider_json(n) for n in range(3)]
    store = tmp_path / "store"
    state_file = state_path_for(store)
    command = [sys.executable, "-m", "cqcgraph", "sync", "--full", "--quiet", "--json",
               "--store", str(store), "--per-page", "5"]
    env = child_env(CQCGRAPH_CQC_API_KEY=KEY)
    with FakeCqcApi(locations, providers, delay=0.1) as api:
        command += ["--base-url", api.url]
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True,
                                preexec_fn=die_with_parent())
        track(proc)
        try:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    run = json.loads(state_file.read_text()).get("run") or {}
                except (OSError, ValueError):
                    run = {}
                if run.get("phase") == "locations" and run.get("page", 1) >= 3:
                    break
                time.sleep(0.05)
            assert proc.poll() is None, "the sync ended before it could be killed"
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
        first_run_pages = api.requests_for("/locations")
        stood = json.loads(state_file.read_text())["run"]
        assert stood["mode"] == "full" and stood["page"] >= 3

        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
    second_run_pages = api.requests_for("/locations")[len(first_run_pages):]
    assert report["resumed"] and report["complete"]
    assert 1 not in second_run_pages and 2 not in second_run_pages  # continued, not restarted
    assert len(report["items"]) < len(locations) + len(providers)
    with Cqcgraph(Settings(store=store)) as app:
        stored = api_documents(app)
        assert len(stored) == len(locations) + len(providers)
        assert set(stored.values()) == {1}  # nothing stored twice
        for d in locations:  # no half item: every location whole, with its provenance
            assert location_names(app, d["locationId"]) == {d["name"]}
        assert app.validate_store().failed == []
    assert json.loads(state_file.read_text())["run"] is None
