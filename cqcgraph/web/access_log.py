"""The access log of ``cqcgraph serve``: one line per request, ``client "METHOD URI PROTOCOL"
status bytes duration``, as gunicorn's ``%(h)s "%(r)s" %(s)s %(B)s %(M)sms`` writes it.

gunicorn builds every line from a dictionary of every request header, response header and
environment variable, each escaped, whatever the format uses: measured, that was a tenth of
the HTTP process's CPU on a point lookup. This logger writes the same line from the five
fields it shows. Imports gunicorn only (the gunicorn master loads it)."""

from __future__ import annotations

import traceback

from gunicorn.glogging import Logger


class AccessLogger(Logger):
    """gunicorn's logger, with the access line made from the fields it shows."""

    def access(self, resp, req, environ, request_time) -> None:  # noqa: ANN001 - gunicorn's
        if not self.access_log_enabled:
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        sent = getattr(resp, "sent", None)
        uri = str(environ.get("RAW_URI", "")).replace('"', '\\"')  # as gunicorn escapes it
        millis = request_time.seconds * 1000 + request_time.microseconds // 1000
        try:
            self.access_log.info('%s "%s %s %s" %s %s %sms', environ.get("REMOTE_ADDR", "-"),
                                 environ.get("REQUEST_METHOD", "-"), uri,
                                 environ.get("SERVER_PROTOCOL", "-"), status,
                                 "-" if sent is None else sent, millis)
        except Exception:  # noqa: BLE001 - as gunicorn: a log line never fails a request
            self.error(traceback.format_exc())
