"""``cqcgraph serve``: the app under gunicorn (never Flask's development server).

One gunicorn worker process (gthread) holds the store as its only writer; queries run in that
worker's own query-worker subprocesses (:mod:`cqcgraph.sparql.workers`), ``settings.workers`` of
them. The same factory as ``server.py`` builds the app, inside the worker process.
"""

from __future__ import annotations

import sys

from cqcgraph.settings import Settings


def gunicorn_options(settings: Settings) -> dict:
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": 1,  # the one writer of the store
        "worker_class": "gthread",
        # request threads mostly wait on a query worker or a slow client: many are cheap, and
        # too few would queue a quick lookup behind heavy queries before any lane sees it
        "threads": max(32, 8 * settings.workers),
        "timeout": int(settings.query_timeout) + 60,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        "access_log_format": '%(h)s "%(r)s" %(s)s %(B)s %(M)sms',
        "proc_name": "cqcgraph",
    }


def run(settings: Settings) -> None:
    """Serve until interrupted."""
    from gunicorn.app.base import BaseApplication

    class Application(BaseApplication):
        def load_config(self) -> None:
            for key, value in gunicorn_options(settings).items():
                self.cfg.set(key, value)

        def load(self):
            # Runs in the gunicorn worker process, after the fork: the CLI process (the
            # gunicorn master) never imports Flask or opens the store.
            import importlib

            return importlib.import_module("cqcgraph.web.app").create_app(settings)

    print(f"cqcgraph: serving {settings.store_path if not settings.memory else 'memory'} on"
          f" http://{settings.host}:{settings.port}/ (writes "
          f"{'on' if settings.write_token_file else 'off'})", file=sys.stderr)
    Application().run()
