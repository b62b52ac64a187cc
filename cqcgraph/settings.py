"""One settings object for both shells (CLI and server), built from defaults, the environment
(``CQCGRAPH_*``) and flags, in that order of precedence (flags win).

Imports only the standard library and platformdirs. Nothing is read at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

DEFAULT_BASE_IRI = "https://cqcgraph.example/id/"
CQC_API_URL = "https://api.service.cqc.org.uk/public/v1"  # CQC's Syndication API


def default_store_path() -> Path:
    """The embedded store: the user data directory (e.g. ``~/.local/share/cqcgraph/store``)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("cqcgraph", appauthor=False)) / "store"


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Each field has a ``CQCGRAPH_<NAME>`` environment setting."""

    store: Path | None = None  # None: the embedded default store
    base_iri: str = DEFAULT_BASE_IRI
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2  # query worker processes (of each HTTP worker)
    http_workers: int = 0  # `serve`: processes answering HTTP; 0: one per core (> 2 cores), else 1
    query_timeout: float = 30.0
    service_timeout: float = 5.0
    allow_service: tuple[str, ...] = ()
    write_token_file: Path | None = None
    cors: bool = False
    max_query_bytes: int = 1 << 20
    max_document_bytes: int = 50 << 20  # one document, read from disk or uploaded
    document_timeout: float = 60.0  # reading, extracting and checking one document; 0: none
    max_result_rows: int = 1_000_000
    client_requests: int = 8  # requests one client may have in flight at once; 0: no cap
    page_cache_mb: int = 32  # pages kept per process for the current store version; 0: none
    forwarded_for: bool = False  # behind a proxy: the client is X-Forwarded-For's last address
    cqc_api_url: str = CQC_API_URL  # where `cqcgraph sync` reads the API (a mirror, a test server)
    cqc_api_key: str | None = field(default=None, repr=False)  # the API's subscription key
    memory: bool = field(default=False)  # in-memory store, for unit tests only
    # a remote SPARQL 1.1 store instead of the embedded one (see cqcgraph.remote_store)
    store_url: str | None = None  # its base URL; None: the embedded store
    store_layout: str = "oxigraph"  # where its endpoints are below store_url
    store_query_url: str | None = None  # each endpoint overridden (absolute, or below store_url)
    store_update_url: str | None = None
    store_gsp_url: str | None = None
    store_timeout: float = 60.0  # seconds one request of ingest or export may take
    # credentials: from the environment only (never a flag), never shown
    store_token: str | None = field(default=None, repr=False)  # bearer
    store_user: str | None = field(default=None, repr=False)  # basic, with the password
    store_password: str | None = field(default=None, repr=False)

    @property
    def store_path(self) -> Path:
        return self.store if self.store is not None else default_store_path()

    @property
    def remote(self) -> bool:
        """Whether the store is a remote SPARQL 1.1 store (``store_url``), not the embedded one."""
        return bool(self.store_url)

    @property
    def store_where(self) -> str:
        """The store as a message shows it: its folder, or its URL without user information."""
        if not self.store_url:
            return str(self.store_path)
        from urllib.parse import urlsplit

        parts = urlsplit(self.store_url)
        return f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}{parts.path}"

    @property
    def write_token(self) -> str | None:
        """The secret that enables writes over HTTP, read from its file (never from a flag)."""
        if self.write_token_file is None:
            return None
        token = Path(self.write_token_file).read_text(encoding="utf-8").strip()
        return token or None

    def with_overrides(self, **overrides: Any) -> "Settings":
        """A copy with the given non-``None`` values applied (flags that were not given are
        ``None`` and leave the value as it is)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        if "base_iri" in given:
            given["base_iri"] = normalise_base_iri(given["base_iri"])
        return replace(self, **given)


def normalise_base_iri(base: str) -> str:
    """A data base IRI always ends with ``/`` or ``#``.

    >>> normalise_base_iri("https://data.example.org/cqc")
    'https://data.example.org/cqc/'
    """
    base = base.strip()
    if not base.startswith(("http://", "https://")):
        raise ValueError(f"base IRI must be an absolute http(s) IRI, got {base!r}")
    return base if base.endswith(("/", "#")) else base + "/"


def _convert(name: str, raw: str) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if "Path" in str(kind):
        return Path(raw).expanduser()
    if "tuple" in str(kind):
        return tuple(raw.split())
    if "bool" in str(kind):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if "int" in str(kind):
        return int(raw)
    if "float" in str(kind):
        return float(raw)
    return raw


def from_environment(environ: Mapping[str, str] | None = None) -> Settings:
    """Defaults overridden by ``CQCGRAPH_*`` variables (``CQCGRAPH_STORE``, ``CQCGRAPH_BASE_IRI``,
    ``CQCGRAPH_ALLOW_SERVICE`` as space-separated URLs, ...)."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = environ.get("CQCGRAPH_" + f.name.upper())
        if raw is not None and raw != "":
            try:
                values[f.name] = _convert(f.name, raw)
            except ValueError as exc:
                raise ValueError(f"CQCGRAPH_{f.name.upper()}: {exc}") from None
    if "base_iri" in values:
        values["base_iri"] = normalise_base_iri(values["base_iri"])
    return Settings(**values)
