"""The one base of every error cqcgraph raises on purpose, and the one place that says what
each means to the shells: :func:`http_status` for the web, :func:`exit_code` for the command
line. An exception that is no :class:`CqcgraphError` is a bug: a 500 on the web (with a
readable message), exit code 1 on the command line.

The standard library only, so that every layer may import it.

>>> class Refused(CqcgraphError):
...     status, exit = 400, 2
>>> http_status(Refused("no")), exit_code(Refused("no")), http_status(KeyError("x"))
(400, 2, 500)
>>> class Stopped(CqcgraphError):
...     status = 503
>>> exit_code(Stopped("time limit"))
3
"""

from __future__ import annotations


class CqcgraphError(Exception):
    """Base of cqcgraph's errors. ``status`` is the HTTP status it is answered with,
    ``exit`` the command line's exit code (0 all good; 1 a document failed or something
    outside the request failed; 2 a usage error, a request to change, or the store in use;
    3 a query stopped at a limit; 4 a remote store that cannot be reached, timed out or
    answered with an error)."""

    status: int = 500
    exit: int | None = None  # None: from the HTTP status (see exit_code)


class UsageError(CqcgraphError):
    """A request the user must change (bad path, unknown query, bad parameter)."""

    status, exit = 400, 2


class StreamAborted(Exception):
    """An error after the answer began: the response must end without its final chunk."""


def http_status(exc: BaseException) -> int:
    """The HTTP status that answers ``exc`` (500: our own bug)."""
    return exc.status if isinstance(exc, CqcgraphError) else 500


def exit_code(exc: BaseException) -> int:
    """The command line's exit code for ``exc``: the error's own, or from its HTTP status for
    an error of the query engine (413 and 503, a limit: 3; another 4xx: 2; else 1)."""
    if not isinstance(exc, CqcgraphError):
        return 1
    if exc.exit is not None:
        return exc.exit
    if exc.status in (413, 503):
        return 3
    if 400 <= exc.status < 500:
        return 2
    return 1
