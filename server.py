"""The WSGI entry point: ``gunicorn 'server:create_app()'`` (or ``server:app``), configured by
the ``CQCGRAPH_*`` environment. A thin shell: the app is built only when a server asks for it,
never at import time. ``cqcgraph serve`` uses the same factory from inside the package.

    CQCGRAPH_STORE=/path/to/store gunicorn -k gthread -w 1 --threads 8 'server:create_app()'
"""

from __future__ import annotations


def create_app():
    from cqcgraph.settings import from_environment
    from cqcgraph.web.app import create_app as factory

    return factory(from_environment())


def __getattr__(name: str):
    """``server:app`` builds the app on first access (PEP 562), not at import."""
    if name == "app":
        global app
        app = create_app()
        return app
    raise AttributeError(name)
