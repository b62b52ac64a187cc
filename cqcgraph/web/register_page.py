"""The register's section of a location page: what CQC's dated register files state of the
location, beside what its reports state (breaches, actions).

From the page queries ``location-register`` (one row per snapshot) and
``location-register-ratings``: registration start and end, dormancy, beds and registered manager
as the latest snapshot states them; the provider of each snapshot, runs of the same provider
collapsed (ownership history, each change with the snapshot dates between which it happened);
the register's ratings with their publication dates, inherited ones marked. A fact no snapshot
states stays absent. No Flask here.
"""

from __future__ import annotations

from cqcgraph.web.pages import (KQ_ORDER, Page, capped, label_of, location_bound, page_query,
                                 short_iri)

__all__ = ["register_data"]

#: Register files that list locations as registered (or as their registration ended).
REGISTER_LISTS = ("hsca-active-locations", "hsca-deactivated-locations")
KIND_NAMES = {"hsca-active-locations": "HSCA Active Locations",
              "hsca-deactivated-locations": "HSCA Deactivated Locations",
              "latest-ratings": "Latest ratings", "care-directory": "Care directory"}


def _snapshots(rows: list[dict]) -> list[dict]:
    """One entry per snapshot graph, oldest first: the first value of each field."""
    out: dict[str, dict] = {}
    for r in rows:
        s = out.setdefault(r["g"].value, {"graph": r["g"].value, "kind": label_of(r, "kind"),
                                          "date": label_of(r, "date")})
        for key in ("provider", "providerName", "dormant", "beds", "manager", "start", "end"):
            if not s.get(key) and key in r:
                s[key] = r[key].value
    return sorted(out.values(), key=lambda s: (s["date"], s["kind"]))


def _ownership(page: Page, snapshots: list[dict]) -> list[dict]:
    """Runs of one provider across the register's location lists, oldest first: who, first
    and last snapshot date naming them, and (from the second on) the snapshot before."""
    runs: list[dict] = []
    for s in snapshots:
        if s["kind"] not in REGISTER_LISTS or not s.get("provider"):
            continue
        if runs and runs[-1]["iri"] == s["provider"]:
            runs[-1]["last"] = s["date"]
            continue
        runs.append({"iri": s["provider"],
                     "link": page.link(s["provider"], s.get("providerName") or None),
                     "first": s["date"], "last": s["date"],
                     "after": runs[-1]["last"] if runs else ""})
    return runs


def _ratings(page: Page, rows: list[dict]) -> list[dict]:
    """The register's ratings of the location as a whole (not of a service or population
    group inside it), newest publication first, each with the snapshots that state it."""
    merged: dict[str, dict] = {}
    for r in rows:
        if "service" in r or "group" in r:
            continue
        kq, value = r["kq"].value, r["value"].value
        entry = merged.setdefault(r["r"].value, {
            "kq": page.label(kq), "kq_key": short_iri(kq), "value": page.label(value),
            "value_key": short_iri(value), "value_href": page.href(value),
            "published": label_of(r, "published"), "inherited": label_of(r, "inherited"),
            "report_type": label_of(r, "reportType"), "dates": set()})
        entry["dates"].add(label_of(r, "date"))
    out = []
    for entry in merged.values():
        dates = sorted(d for d in entry.pop("dates") if d)
        entry["first_seen"], entry["last_seen"] = (dates[0], dates[-1]) if dates else ("", "")
        entry["snapshots"] = len(dates)
        out.append(entry)
    out.sort(key=lambda e: (KQ_ORDER.index(e["kq_key"]) if e["kq_key"] in KQ_ORDER else 99))
    out.sort(key=lambda e: e["published"], reverse=True)
    return out


def _snapshot_row(page: Page, s: dict) -> dict:
    name = KIND_NAMES.get(s["kind"], s["kind"])
    provider = s.get("provider")
    return {**s, "kind_name": name, "link": page.link(s["graph"], f"{name}, {s['date']}"),
            "provider_link": page.link(provider, s.get("providerName") or None)
            if provider else None}


def register_data(page: Page, loc) -> dict | None:  # noqa: ANN001 - a terms.Term (an IRI)
    """The register section's data, or None when no register snapshot names the location."""
    snapshots = _snapshots(page.lookup.select("location-register", loc=loc))
    if not snapshots:
        return None
    lists = [s for s in snapshots if s["kind"] in REGISTER_LISTS]
    latest = (lists or snapshots)[-1]

    def latest_of(key: str) -> str:
        for s in reversed(lists or snapshots):
            if s.get(key):
                return s[key]
        return ""

    ended = [s["end"] for s in snapshots if s.get("end")]
    name = "location-register-ratings"
    ratings = _ratings(page, page.lookup.select_bound(page_query(name), location_bound(name, loc)))
    return {
        "latest_date": latest["date"],
        "start": latest_of("start"),
        "end": max(ended) if ended else "",
        "dormant": latest.get("dormant", ""),
        "beds": latest.get("beds", ""),
        "manager": latest.get("manager", ""),
        "snapshots": capped([_snapshot_row(page, s) for s in reversed(snapshots)]),
        "ownership": _ownership(page, snapshots),
        "ratings": capped(ratings),
    }
