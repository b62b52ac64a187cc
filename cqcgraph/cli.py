"""The ``cqcgraph`` command: a thin shell over :mod:`cqcgraph.api`.

Exit codes: 0 all good; 1 some documents failed or did not conform; 2 usage or
configuration error (including "store in use").

A command imports what it uses when it runs: the commands that only read (``query``,
``export``, ``stats``, ``linkset list``) use :mod:`cqcgraph.readonly`, which opens the store
read-only and loads nothing of the pipeline; the others use :class:`cqcgraph.api.Cqcgraph`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from typing import TYPE_CHECKING

from cqcgraph import media_types
from cqcgraph import settings as settings_mod
from cqcgraph.errors import CqcgraphError, StreamAborted, UsageError, exit_code

if TYPE_CHECKING:
    from cqcgraph.api import Cqcgraph, DocumentReport
    from cqcgraph.readonly import StoreReader

RESULT_FORMATS = [media_types.TABLE, *media_types.RESULT_FORMAT_NAMES]
REGISTER_KINDS = {"hsca-active-locations", "hsca-deactivated-locations", "latest-ratings",
                  "care-directory"}
GRAPH_FORMATS = list(media_types.GRAPH_FORMAT_NAMES)


class Context:
    def __init__(self, store: Path | None, base_iri: str | None) -> None:
        remote = click.get_current_context().meta.get("cqcgraph.remote", {})
        try:
            self.settings = settings_mod.from_environment().with_overrides(
                store=store, base_iri=base_iri, **remote
            )
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        if store is not None and self.settings.remote:
            raise UsageError("give --store (a folder) or --store-url (a remote store), not both")

    def app(self) -> "Cqcgraph":
        """The core API over the store opened for writing (created if need be)."""
        from cqcgraph.api import Cqcgraph

        return Cqcgraph(self.settings)

    def reader(self) -> "StoreReader | Cqcgraph":
        """The read side of the core API over the store opened read-only; where no store
        exists yet, the core API that creates it (with its reference graphs)."""
        from cqcgraph.readonly import StoreReader

        if StoreReader.can_read(self.settings):
            return StoreReader(self.settings)
        return self.app()


def _remember_remote(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """Keep a remote store's flag for :class:`Context` (the commands' own arguments stay
    as they are)."""
    if value is not None:
        ctx.meta.setdefault("cqcgraph.remote", {})[param.name] = value


def store_options(func):
    func = click.option(
        "--store-layout", "store_layout", expose_value=False, callback=_remember_remote,
        type=click.Choice(["oxigraph", "fuseki", "graphdb", "virtuoso"]), default=None,
        help="Where the remote store's query, update and Graph Store endpoints are below"
             " --store-url (CQCGRAPH_STORE_LAYOUT; default oxigraph: /query, /update, /store).",
    )(func)
    func = click.option(
        "--store-url", "store_url", expose_value=False, callback=_remember_remote, default=None,
        help="A remote SPARQL 1.1 store instead of the embedded one (CQCGRAPH_STORE_URL);"
             " credentials only from CQCGRAPH_STORE_TOKEN, or CQCGRAPH_STORE_USER and"
             " CQCGRAPH_STORE_PASSWORD.",
    )(func)
    func = click.option(
        "--base-iri",
        default=None,
        help="Base IRI of minted data IRIs (CQCGRAPH_BASE_IRI; default https://cqcgraph.example/id/).",
    )(func)
    func = click.option(
        "--store",
        "store",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Store folder (CQCGRAPH_STORE; default: the user data directory).",
    )(func)
    return func


def fail(message: str, code: int = 2) -> None:
    click.echo(f"cqcgraph: {message}", err=True)
    sys.exit(code)


def run_guarded(func):
    """Turn the core's documented errors into messages and exit codes."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except CqcgraphError as exc:  # each error's exit code is its own (cqcgraph.errors)
            message = getattr(exc, "message", None)  # a refused query's, as last said
            fail(message if isinstance(message, str) else str(exc), exit_code(exc))
        except StreamAborted as exc:
            fail(f"the answer was cut short: {exc}", 3 if "time limit" in str(exc) else 1)
        except BrokenPipeError:
            sys.exit(0)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cqcgraph")
def main() -> None:
    """cqcgraph: CQC publications as a validated, queryable knowledge graph."""


# -- ingest -------------------------------------------------------------------------------
@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--source-url", default=None, help="Where the (single) document was published.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--max-document-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse a file larger than this, unread (CQCGRAPH_MAX_DOCUMENT_BYTES;"
                   " default 52428800, 50 MiB).")
@click.option("--document-timeout", type=click.FloatRange(min=0), default=None,
              help="Stop reading one document after this many seconds and go on"
                   " (CQCGRAPH_DOCUMENT_TIMEOUT; default 60; 0: no limit).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes that read documents (default: one per core).")
@click.option("--snapshot-date", default=None, metavar="YYYY-MM-DD",
              help="Date of a CQC register file's snapshot (default: its README sheet or name).")
@store_options
@run_guarded
def ingest(paths, source_url, as_json, quiet, max_document_bytes, document_timeout, jobs,
           snapshot_date, store, base_iri) -> None:
    """Read, extract, validate and store CQC documents (files, folders or globs)."""
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: the reading workers may then be forks

    ctx = Context(store, base_iri)
    ctx.settings = ctx.settings.with_overrides(max_document_bytes=max_document_bytes,
                                               document_timeout=document_timeout)
    with ctx.app() as app:
        from cqcgraph.api import expand_inputs

        files = expand_inputs(paths)
        bar = tqdm(total=len(files), unit="doc", disable=quiet or as_json, file=sys.stderr)

        def progress(doc: DocumentReport) -> None:
            bar.update(1)
            if not doc.ok or doc.status == "duplicate":
                bar.write(f"{doc.name}: {doc.status}: {doc.reason}", file=sys.stderr)
            for said in doc.read_warnings:
                bar.write(f"{doc.name}: reader: {said}", file=sys.stderr)
                for issue in doc.violations:
                    bar.write(
                        f"  violation: {issue.focus} {issue.path}: {issue.message}",
                        file=sys.stderr,
                    )
            for issue in doc.warnings:
                bar.write(
                    f"{doc.name}: warning: {issue.focus} {issue.path}: {issue.message}",
                    file=sys.stderr,
                )
            if doc.layout in REGISTER_KINDS:
                for note in doc.notes:
                    bar.write(f"{doc.name}: {note}", file=sys.stderr)
            if doc.fell_back:
                bar.write(f"{doc.name}: note: unknown layout, read with the shared patterns", file=sys.stderr)

        rows_bar: dict = {}

        def row_progress(name: str, done: int, expected: int | None) -> None:
            if name not in rows_bar:
                rows_bar[name] = tqdm(total=expected, unit="row", desc=name, leave=False,
                                      disable=quiet or as_json, file=sys.stderr)
            rows_bar[name].update(done - rows_bar[name].n)

        report = app.ingest(files, source_url=source_url, progress=progress,
                            jobs=jobs, snapshot_date=snapshot_date,
                            row_progress=row_progress)
        for row_bar in rows_bar.values():
            row_bar.close()
        bar.close()
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        summary = report.as_dict()
        statuses = ", ".join(f"{n} {s}" for s, n in sorted(summary["by_status"].items()))
        click.echo(
            f"{summary['documents']} documents ({statuses or 'none'}); "
            f"{summary['triples']} triples written; {summary['warnings']} warnings; "
            f"{summary['failed']} failed"
        )
    sys.exit(report.exit_code)


# -- sync ---------------------------------------------------------------------------------
@main.command()
@click.option("--full", "mode", flag_value="full", default=None,
              help="A full sync of every location and provider.")
@click.option("--changes", "mode", flag_value="changes",
              help="Only the locations changed since the last sync (or --since).")
@click.option("--since", default=None, metavar="TIMESTAMP",
              help="Start of the delta, e.g. 2026-11-01T00:00:00Z (UTC unless an offset is given).")
@click.option("--base-url", default=None,
              help="Where the API answers (CQCGRAPH_CQC_API_URL; default CQC's Syndication API).")
@click.option("--per-page", type=click.IntRange(1, 10_000), default=None,
              help="Items asked for in each page of a list (default 1000).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@store_options
@run_guarded
def sync(mode, since, base_url, per_page, as_json, quiet, store, base_iri) -> None:
    """Read CQC's Syndication API into the store: a full sync first, deltas after.

    The subscription key comes from CQCGRAPH_CQC_API_KEY. A run that stopped (killed, or the
    API failing) continues where it stood when run again."""
    from tqdm import tqdm

    from cqcgraph.sync import KeyRefused, SyncError

    if since is not None and mode == "full":
        fail("--since goes with a delta (--changes), not with --full")
    if since is not None:
        mode = "changes"
    ctx = Context(store, base_iri)
    bars: dict = {}

    def progress(phase: str, done: int, total: int | None) -> None:
        if phase not in bars:
            for bar in bars.values():
                bar.close()
            bars[phase] = tqdm(total=total, unit="item", desc=phase, file=sys.stderr,
                               disable=quiet or as_json, initial=max(done - 1, 0))
        bars[phase].update(done - bars[phase].n)

    def on_wait(message: str) -> None:
        if not quiet and not as_json:
            click.echo(f"cqcgraph: {message}", err=True)

    with ctx.app() as app:
        try:
            report = app.sync(mode=mode, since=since, base_url=base_url, progress=progress,
                              on_wait=on_wait, **({"per_page": per_page} if per_page else {}))
        except KeyRefused as exc:
            fail(str(exc), 2)
        except SyncError as exc:
            fail(f"{exc}; run `cqcgraph sync` again to continue from where it stopped", 1)
        finally:
            for bar in bars.values():
                bar.close()
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for item in report.failed:
            click.echo(f"{item.kind[:-1]} {item.item_id}: {item.status}: {item.reason}", err=True)
        counts = ", ".join(f"{n} {s}" for s, n in sorted(report.counts().items()))
        window = f" from {report.start} to {report.end}" if report.start else ""
        click.echo(f"{report.mode} sync{window}{' (continued)' if report.resumed else ''}:"
                   f" {len(report.items)} items ({counts or 'none'}); {report.requests} requests")
    sys.exit(report.exit_code)


# -- extract ------------------------------------------------------------------------------
@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "turtle"]), default="json")
@click.option("--source-url", default=None)
@click.option("--base-iri", default=None)
@run_guarded
def extract(file, fmt, source_url, base_iri) -> None:
    """Show what one file gives, without storing anything."""
    import dataclasses

    from cqcgraph.api import UnreadableDocument

    ctx = Context(None, base_iri)
    app = ctx.app()
    try:
        ex = app.extract_file(file, source_url=source_url)
    except UnreadableDocument as exc:
        fail(f"{file.name}: {exc}", 1)
    if fmt == "turtle":
        click.echo(ex.graph.serialize(format="turtle"))
    else:
        out = {"source": dataclasses.asdict(ex.source), "record": dataclasses.asdict(ex.record)}
        click.echo(json.dumps(out, indent=2, default=str, ensure_ascii=False))


# -- query --------------------------------------------------------------------------------
@main.command()
@click.argument("query", required=False)
@click.option("--param", "-p", multiple=True, help="NAME=VALUE for a named query.")
@click.option(
    "--format", "fmt", type=click.Choice(RESULT_FORMATS + GRAPH_FORMATS), default="table"
)
@click.option("--list", "list_", is_flag=True,
              help="List the named queries with their parameters and what each answers.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Rows per page of a named query that pages its long list.")
@click.option("--offset", type=click.IntRange(min=0), default=None,
              help="Rows of the list skipped: the page that starts there.")
@click.option("--after", type=click.IntRange(min=0), default=None,
              help="Cursor of a list read from one index: the page after this many of its"
                   " entries (costs the same wherever it starts).")
@click.option("--all", "all_", is_flag=True,
              help="Every row of a paged named query, streamed (not sorted).")
@click.option("--query-timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Stop the query after this many seconds (CQCGRAPH_QUERY_TIMEOUT;"
                   " default 30, as for `serve`).")
@click.option("--allow-service", multiple=True,
              help="An endpoint SERVICE may call (repeatable; default: none).")
@click.option("--service-timeout", type=float, default=None)
@store_options
@run_guarded
def query(query, param, fmt, list_, limit, offset, after, all_, query_timeout, allow_service,
          service_timeout, store, base_iri) -> None:
    """Run QUERY: a .rq file, a named query from queries/, or SPARQL text. It runs as on the
    endpoint: under a time limit, a row cap and the SERVICE policy. A named query over a
    national list answers a page (--limit, --after or --offset; --all for every row)."""
    if list_:
        if query:
            raise UsageError("--list takes no QUERY")
        _list_named_queries()
        return
    if not query:
        raise UsageError("give a QUERY (a named query, a .rq file or SPARQL text), or --list")

    params = {}
    for item in param:
        name, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--param {item!r}: expected NAME=VALUE")
        params[name.strip()] = value
    for name, given in (("limit", limit), ("offset", offset), ("after", after),
                        ("all", "yes" if all_ else None)):
        if given is not None:
            params[name] = str(given)
    ctx = Context(store, base_iri)
    ctx.settings = ctx.settings.with_overrides(
        query_timeout=query_timeout, allow_service=tuple(allow_service) or None,
        service_timeout=service_timeout)
    with ctx.reader() as app:
        whole = app.whole_list(query, params, "json" if fmt == "table" else fmt)
        if whole is not None:  # every row, from the index of locations
            out = sys.stdout.buffer
            if fmt == "table":
                from cqcgraph import formats

                out.write(formats.table_from_json(b"".join(whole), prefixes=app.prefixes())
                          .encode("utf-8"))
            else:
                for chunk in whole:
                    out.write(chunk)
            out.flush()
            return
        run, page = app.run_page(
            query, params=params,
            results_format="json" if fmt == "table" or fmt in GRAPH_FORMATS else fmt,
            graph_format=fmt if fmt in GRAPH_FORMATS else "turtle")
        try:
            if run.header["kind"] != "triples" and fmt in GRAPH_FORMATS:
                raise UsageError(f"--format {fmt} is for CONSTRUCT/DESCRIBE results")
            out = sys.stdout.buffer
            if fmt == "table" and run.header["kind"] != "triples":
                from cqcgraph import formats

                answer = run.read_all()
                if page is not None and page.limit is not None:
                    rows = len(json.loads(answer).get("results", {}).get("bindings", []))
                    if page.ended(rows) or (rows < page.limit and not app.page_has_more(
                            query, params, page)):
                        page = None  # the list ended on this page: there is no next one
                out.write(formats.table_from_json(answer, prefixes=app.prefixes())
                          .encode("utf-8"))
            else:
                for chunk in run.chunks():
                    out.write(chunk)
            out.flush()
        finally:
            run.close()
        _say_next_page(page)


def _say_next_page(page) -> None:
    """On stderr, after a page of a long list: how to get the next one, or every row."""
    if page is None or page.limit is None:
        return
    if page.after is not None:
        click.echo(f"a page of the list's entries {page.after + 1:,} to"
                   f" {page.after + page.limit:,} (it can hold fewer rows before the end);"
                   f" the next: --after {page.next_offset()}; every row: --all", err=True)
    else:
        click.echo(f"a page of at most {page.limit:,} rows from row {page.offset + 1:,};"
                   f" the next: --offset {page.next_offset()}; every row: --all", err=True)


def _list_named_queries() -> None:
    """Each named query on one line (name, parameters, title), then one line per parameter."""
    from cqcgraph.api import named_queries

    items = list(named_queries().values())
    width = max(len(q.name) for q in items)
    for q in items:
        click.echo(f"{q.name:<{width}}  {q.title}")
        for p in q.parameters:
            click.echo(f"{'':<{width}}    --param {p.name}=… ({p.kind}"
                       f"{', optional' if p.optional else ''}): {p.description}")


# -- export -------------------------------------------------------------------------------
@main.command()
@click.option("--graph", default=None, help="Only this named graph (a document's IRI).")
@click.option("--resource", default=None, help="Only the description of this resource.")
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="turtle")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@store_options
@run_guarded
def export(graph, resource, fmt, output, store, base_iri) -> None:
    """Export the store (union of all graphs for triple formats), one graph, or one resource."""
    if graph and resource:
        raise UsageError("give --graph or --resource, not both")
    ctx = Context(store, base_iri)
    with ctx.reader() as app:
        if output:
            with open(output, "wb") as handle:
                app.export(handle, fmt, graph=graph, resource=resource)
        else:
            app.export(sys.stdout.buffer, fmt, graph=graph, resource=resource)
            sys.stdout.buffer.flush()


# -- validate -----------------------------------------------------------------------------
@main.command()
@click.option("--graph", default=None, help="Only this document graph.")
@click.option("--json", "as_json", is_flag=True)
@store_options
@run_guarded
def validate(graph, as_json, store, base_iri) -> None:
    """Validate the store against the shapes, document by document."""
    ctx = Context(store, base_iri)
    with ctx.app() as app:
        report = app.validate_store(graph=graph)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for doc in report.documents:
            for issue in doc.violations:
                click.echo(f"{doc.graph}: violation: {issue.focus} {issue.path}: {issue.message}")
            for issue in doc.warnings:
                click.echo(f"{doc.graph}: warning: {issue.focus} {issue.path}: {issue.message}")
        bad = len(report.failed)
        click.echo(
            f"{len(report.documents)} document graphs validated; {bad} with violations; "
            f"{report.warnings} warnings"
        )
    sys.exit(1 if report.failed else 0)


# -- stats --------------------------------------------------------------------------------
@main.command()
@click.option("--json", "as_json", is_flag=True)
@store_options
@run_guarded
def stats(as_json, store, base_iri) -> None:
    """Counts of what the store holds."""
    ctx = Context(store, base_iri)
    with ctx.reader() as app:
        counts = app.stats()
    if as_json:
        click.echo(json.dumps(counts, indent=2))
    else:
        width = max(len(k) for k in counts)
        for key, value in counts.items():
            click.echo(f"{key:<{width}}  {value:>10,}")


# -- summaries ----------------------------------------------------------------------------
@main.command("rebuild-summaries")
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 100_000),
              help="locations, providers or documents per transaction")
@click.option("--json", "as_json", is_flag=True)
@store_options
@run_guarded
def rebuild_summaries(batch, as_json, store, base_iri) -> None:
    """Build the current-state (derived) and summary graphs again from the document graphs:
    after a bulk load, or to mend them. Ingest keeps them up to date by itself."""
    ctx = Context(store, base_iri)
    with ctx.app() as app:
        done = app.rebuild_summaries(batch=batch)
    if as_json:
        click.echo(json.dumps(done, indent=2))
    else:
        click.echo(f"summaries rebuilt: {done['locations']:,} locations,"
                   f" {done['keys']:,} providers and documents")


# -- search -------------------------------------------------------------------------------
@main.command("search")
@click.argument("text", nargs=-1)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
@click.option("--kind", type=click.Choice(["location", "provider"]), default=None,
              help="only locations or only providers")
@click.option("--json", "as_json", is_flag=True, help="the answer as JSON")
@click.option("--rebuild", is_flag=True, help="make the search index again from the store first")
@store_options
@run_guarded
def search_command(text, limit, kind, as_json, rebuild, store, base_iri) -> None:
    """Find locations and providers by name (typos forgiven), postcode or district ("LU2"),
    CQC ID or ODS code, and breaches and actions by the words of their text."""
    ctx = Context(store, base_iri)
    query = " ".join(text)
    if not query and not rebuild:
        raise UsageError("give the text to search for")
    with ctx.app() as app:
        if rebuild:
            counts = app.rebuild_search()
            click.echo(f"search index rebuilt: {counts['entities']:,} locations and providers,"
                       f" {counts['findings']:,} findings", err=True)
        if not query:
            return
        result = app.search(query, limit=limit, kind=kind)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2))
        return
    if not result.entities and not result.findings:
        click.echo(f"nothing found for {query!r}")
        return
    for hit in result.entities:
        extra = ", ".join(x for x in (hit.postcode, hit.provider and f"run by {hit.provider}",
                                      hit.rating and f"rated {hit.rating}") if x)
        click.echo(f"{hit.kind:<9} {hit.name}" + (f" ({extra})" if extra else ""))
        click.echo(f"          {hit.iri}   [{hit.matched}]")
    if result.findings:
        click.echo("findings:")
        for f in result.findings:
            who = f" — {f.entity_name}" if f.entity_name else ""
            click.echo(f"  {f.label}{who}: {f.snippet}")


# -- backup and restore -------------------------------------------------------------------
@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--json", "as_json", is_flag=True)
@store_options
@run_guarded
def backup(folder, as_json, store, base_iri) -> None:
    """Write a consistent backup of the store into FOLDER (new or empty), also while
    `cqcgraph serve` runs on it (from the server's latest checkpoint)."""
    ctx = Context(store, base_iri)
    info = ctx.app().backup(folder)
    if as_json:
        click.echo(json.dumps(info.as_dict(), indent=2))
    else:
        click.echo(f"backup of {info.documents:,} documents ({info.quads:,} quads,"
                   f" {info.graphs:,} graphs) from the {info.source} into {folder}")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--force", is_flag=True, help="Replace a store that is not empty.")
@click.option("--json", "as_json", is_flag=True)
@store_options
@run_guarded
def restore(folder, force, as_json, store, base_iri) -> None:
    """Make the store a copy of the backup in FOLDER (refuses to replace a store that holds
    documents unless --force; stop `cqcgraph serve` first)."""
    ctx = Context(store, base_iri)
    info = ctx.app().restore(folder, force=force)
    if as_json:
        click.echo(json.dumps(info.as_dict(), indent=2))
    else:
        click.echo(f"restored {info.documents:,} documents ({info.quads:,} quads,"
                   f" {info.graphs:,} graphs) from the backup of {info.created}")


# -- evaluate -----------------------------------------------------------------------------
@main.command()
@click.argument("dirs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--details", is_flag=True, help="list every missed and extra fact")
@click.option("--perturb", "perturbations", multiple=True, metavar="NAME",
              help="change every plain text by this transformation before reading it, and compare "
                   "the figures with the unperturbed run's (repeatable; 'all' for every one; 'list' names them)")
@run_guarded
def evaluate(dirs, details, perturbations) -> None:
    """Extraction precision/recall/F1 per kind of fact, loose and strict, per layout family,
    against the `expected` files; and coverage of every document (fell back, no fact, contradictions).
    With --perturb, F1 per transformation of the texts' surface form beside the unperturbed F1."""
    from cqcgraph.evaluate import evaluate_paths, format_report

    if perturbations:
        from cqcgraph.perturb import TRANSFORMATIONS
        from cqcgraph.robustness import format_robustness, measure

        if "list" in perturbations:
            for name, change in TRANSFORMATIONS.items():
                click.echo(f"{name:<18} {(change.__doc__ or '').splitlines()[0]}")
            return
        names = list(TRANSFORMATIONS) if "all" in perturbations else list(dict.fromkeys(perturbations))
        unknown = [n for n in names if n not in TRANSFORMATIONS]
        if unknown:
            raise UsageError(f"no transformation {unknown[0]!r}; known: {', '.join(TRANSFORMATIONS)}")
        if not dirs:
            raise UsageError("give one or more folders or documents (expected facts beside them are scored)")
        click.echo(format_robustness(measure(list(dirs), names), details=details))
        return
    if not dirs:
        raise UsageError("give one or more folders or documents (expected facts beside them are scored)")
    report = evaluate_paths(list(dirs))
    click.echo(format_report(report, details=details))


# -- linkset ------------------------------------------------------------------------------
@main.group()
def linkset() -> None:
    """Offline link sets: outside tables (ONSPD, legislation titles) in their own graphs."""


@linkset.group("load")
def linkset_load() -> None:
    """Load a table as a link set, replacing an earlier load of the same kind."""


def _load_linkset(kind: str, file: Path, only_used: bool, quiet: bool, as_json: bool,
                  store: Path | None, base_iri: str | None) -> None:
    from tqdm import tqdm

    ctx = Context(store, base_iri)
    bars: dict[str, tqdm] = {}

    def progress(phase: str, done: int, total: int) -> None:
        if quiet or as_json:
            return
        bar = bars.get(phase)
        if bar is None:
            for other in bars.values():
                other.close()
            if phase == "remove":
                bar = tqdm(desc="removing previous load", unit="quad", unit_scale=True,
                           file=sys.stderr)
            else:
                bar = tqdm(desc=file.name, total=total or None, unit="B", unit_scale=True,
                           unit_divisor=1024, file=sys.stderr)
            bars[phase] = bar
        bar.update(done - bar.n)

    with ctx.app() as app:
        try:
            report = app.load_linkset(kind, file, only_used=only_used, progress=progress)
        finally:
            for bar in bars.values():
                bar.close()
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    rate = report.rows / report.seconds if report.seconds else 0.0
    replaced = f"; replaced the previous load ({report.removed:,} quads)" if report.removed else ""
    click.echo(
        f"{kind}: {report.rows:,} rows read, {report.linked:,} linked, {report.skipped:,} skipped;"
        f" {report.quads:,} quads in <{report.graph}> in {report.seconds:.1f} s"
        f" ({rate:,.0f} rows/s){replaced}"
    )


@linkset_load.command("onspd")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--only-used", is_flag=True,
              help="Only the postcodes the store's locations and providers state.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@store_options
@run_guarded
def linkset_load_onspd(file, only_used, quiet, as_json, store, base_iri) -> None:
    """ONS Postcode Directory CSV (pcds, oslaua, osward, lsoa21/lsoa11, icb, lat, long, imd)."""
    _load_linkset("onspd", file, only_used, quiet, as_json, store, base_iri)


@linkset_load.command("legislation")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@store_options
@run_guarded
def linkset_load_legislation(file, quiet, as_json, store, base_iri) -> None:
    """Legislation titles: a CSV with columns iri,title."""
    _load_linkset("legislation", file, False, quiet, as_json, store, base_iri)


@linkset.command("list")
@click.option("--json", "as_json", is_flag=True)
@store_options
@run_guarded
def linkset_list(as_json, store, base_iri) -> None:
    """The link sets in the store: where each table came from and when it was loaded."""
    ctx = Context(store, base_iri)
    with ctx.app() as app:
        infos = app.list_linksets()
    if as_json:
        click.echo(json.dumps([i.as_dict() for i in infos], indent=2))
        return
    if not infos:
        click.echo("no link sets loaded (see `cqcgraph linkset load --help`)")
    for info in infos:
        if not info.complete:
            click.echo(f"{info.kind}  <{info.graph}>  INCOMPLETE: a load was interrupted; load again")
            continue
        used = ", only used postcodes" if info.only_used else ""
        click.echo(
            f"{info.kind}  <{info.graph}>  {info.file_name} (sha256 {(info.sha256 or '')[:12]}…), "
            f"{info.rows:,} rows, {info.linked:,} linked{used}, {info.quads:,} quads, "
            f"loaded {info.loaded_at}"
        )


# -- serve --------------------------------------------------------------------------------
@main.command()
@click.option("--host", default=None)
@click.option("--port", type=int, default=None)
@click.option("--workers", type=int, default=None, help="Query worker processes.")
@click.option("--allow-service", multiple=True, help="An endpoint SERVICE may call (repeatable).")
@click.option("--service-timeout", type=float, default=None)
@click.option("--query-timeout", type=float, default=None)
@click.option("--write-token-file", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--cors", is_flag=True, default=None)
@click.option("--client-requests", type=click.IntRange(min=0), default=None,
              help="Requests one client may have in flight at once; more get 429 with"
                   " Retry-After (CQCGRAPH_CLIENT_REQUESTS; default 8; 0: no cap).")
@click.option("--forwarded-for", is_flag=True, default=None,
              help="Behind a reverse proxy: the client is the last X-Forwarded-For address.")
@click.option("--http-workers", type=click.IntRange(min=0), default=None,
              help="Processes answering HTTP (CQCGRAPH_HTTP_WORKERS): 1 is one process that also"
                   " writes; N > 1 is N readers and one writer; 0 (the default) one per core.")
@store_options
@run_guarded
def serve(host, port, workers, allow_service, service_timeout, query_timeout, write_token_file, cors,
          client_requests, forwarded_for, http_workers, store, base_iri) -> None:
    """Serve the SPARQL endpoint, linked-data pages and query UI."""
    from cqcgraph.web.serve import run

    ctx = Context(store, base_iri)
    settings = ctx.settings.with_overrides(
        host=host,
        port=port,
        workers=workers,
        allow_service=tuple(allow_service) or None,
        service_timeout=service_timeout,
        query_timeout=query_timeout,
        write_token_file=write_token_file,
        cors=cors,
        client_requests=client_requests,
        forwarded_for=forwarded_for,
        http_workers=http_workers,
    )
    run(settings)


if __name__ == "__main__":  # pragma: no cover
    main()
