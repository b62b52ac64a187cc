"""Mutated SERVICE and LOAD requests for the allow-list fuzz (tests/test_service_fuzz.py and
bench/service_fuzz.py): each names an endpoint that is NOT on the server's allow-list, written in
one of the many ways SPARQL allows, and hidden among escapes, comments, odd strings, nesting,
subqueries, updates and mixed case. Whatever the server answers, that endpoint must never be
contacted.

``mutated_request(rng, forbidden, allowed)`` -> ``(path, text)`` with path ``/sparql`` or
``/update``; ``forbidden`` is ``(host, port)`` of the listener that counts connections.
"""

from __future__ import annotations

import random


def escape_some(rng: random.Random, text: str, rate: float = 0.3) -> str:
    """Some characters written as ``\\uXXXX`` or ``\\UXXXXXXXX`` (SPARQL 1.1 section 19.2)."""
    out = []
    for ch in text:
        if rng.random() < rate:
            out.append(f"\\u{ord(ch):04X}" if rng.random() < 0.7 else f"\\U{ord(ch):08X}")
        else:
            out.append(ch)
    return "".join(out)


def random_case(rng: random.Random, word: str) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word)


def gap(rng: random.Random) -> str:
    """Whitespace, maybe with a comment (which may itself look like a keyword or an escape)."""
    choice = rng.randrange(11)
    if choice == 9:
        return " # ends at a carriage return to Oxigraph\r"
    if choice == 10:
        return " # \r\n"
    if choice == 0:
        return ""
    if choice == 1:
        return "\n# SERVICE <http://x.example/> { }\n"
    if choice == 2:
        return " # \\u000A }\n"
    if choice == 3:
        return "\t\r\n"
    if choice == 4:
        return "#" + rng.choice(["'", '"', "'''", "<", "{", "\\u0027"]) + "\n"
    return rng.choice([" ", "  ", "\n", "\t"])


def host_spellings(host: str, port: int) -> list[str]:
    a, b, c, d = (int(x) for x in host.split("."))
    as_int = (a << 24) | (b << 16) | (c << 8) | d
    return [f"{host}:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"127.1:{port}",
            f"{as_int}:{port}", f"0x7f.0.0.1:{port}", f"0177.0.0.1:{port}",
            f"{host}:{port:05d}", f"user@{host}:{port}", f"{host}.:{port}"]


def endpoint_forms(rng: random.Random, forbidden: tuple[str, int]) -> tuple[str, str]:
    """``(prologue, endpoint token)``: the forbidden endpoint as an IRI, a prefixed name, a
    relative IRI under BASE, with escapes or not."""
    host, port = forbidden
    authority = rng.choice(host_spellings(host, port))
    scheme = rng.choice(["http", "HTTP", "Http"])
    path = rng.choice(["/sparql", "/", "/sparql?x=1", "/a/../sparql", "/sparql#frag", "/%73parql"])
    iri = f"{scheme}://{authority}{path}"
    kind = rng.randrange(6)
    if kind == 0:
        return "", f"<{iri}>"
    if kind == 1:
        return "", f"<{escape_some(rng, iri)}>"
    if kind == 2:
        prefix = rng.choice(["e", "", "service", "SERVICE", "ex1"])
        return (f"PREFIX {prefix}:{gap(rng)}<{escape_some(rng, iri[:-len('sparql')], 0.2)}>\n"
                if iri.endswith("sparql") else f"PREFIX {prefix}: <{iri}>\n",
                f"{prefix}:sparql" if iri.endswith("sparql") else f"{prefix}:")
    if kind == 3:
        return f"BASE <{scheme}://{authority}/>\n", rng.choice(["<sparql>", "<./sparql>", "<>"])
    if kind == 4:
        return "", f"<//{authority}{path}>"
    return (f"BASE <{scheme}://{authority}/x/>\nPREFIX p: <../>\n", "p:sparql")


NOISE = [
    "BIND('a\\u0027b' AS ?n1)",
    'BIND("a\\u0022b" AS ?n2)',
    "BIND('''x\\u0027''' AS ?n3)",
    "BIND('\\\\u0027' AS ?n4)",
    "BIND('#' AS ?n5)",
    "BIND('SERVICE <http://x.example/> {}' AS ?n6)",
    "FILTER(1<'>')",
    "FILTER(1 < 2 && 3 > 2)",
    "BIND(<http://x.example/\\u0073> AS ?n7)",
    "BIND('\\u005C' AS ?n8)",
    "VALUES ?n9 { 'service' }",
    "?n10 <http://x.example/service> 'load' .",
]


def pattern(rng: random.Random, forbidden: tuple[str, int], allowed: str) -> tuple[str, str]:
    """``(prologue, group body)`` holding one forbidden SERVICE, nested some way."""
    prologue, endpoint = endpoint_forms(rng, forbidden)
    silent = rng.random() < 0.2
    keyword = random_case(rng, "SERVICE")
    service = (f"{keyword}{gap(rng) or ' '}{random_case(rng, 'SILENT') + ' ' if silent else ''}"
               f"{endpoint}{gap(rng)}{{ ?s ?p ?o }}")
    before = " ".join(rng.sample(NOISE, rng.randrange(3)))
    after = " ".join(rng.sample(NOISE, rng.randrange(2)))
    wrap = rng.randrange(12)
    if wrap == 1:
        service = f"{{ {service} }}"
    elif wrap == 2:
        service = f"OPTIONAL {{ {service} }}"
    elif wrap == 3:
        service = f"{{ SELECT * WHERE {{ {service} }} }}"
    elif wrap == 4:
        service = f"FILTER EXISTS {{ {service} }}"
    elif wrap == 5:
        service = f"{{ }} UNION {{ {service} }}"
    elif wrap == 6:
        service = f"SERVICE <{allowed}> {{ {service} }}"
    elif wrap == 7:
        service = f"MINUS {{ {service} }}"
    elif wrap == 8:
        service = f"SERVICE SILENT <{allowed}> {{ ?a ?b ?c }} {service}"
    elif wrap == 9:
        # a decoy: a lexer that takes <'> for an IRI sees the SERVICE in the string instead
        service = f"FILTER(1<'>') {service} BIND('x {service.replace(chr(10), ' ')} ' AS ?z)"
    elif wrap == 11:
        # a long string the lexer misreads, and a comment Oxigraph ends at a carriage return
        service = f"BIND(1<'''>''' AS ?w) # \r{service} BIND('''x''' AS ?z)\n"
    elif wrap == 10:
        decoy = f"SERVICE <{allowed}> {{ }}"
        service = f"FILTER(1<'>') {service} BIND('x {decoy} ' AS ?z)"
    return prologue, f"{before} {service} {after}"


def mutated_request(rng: random.Random, forbidden: tuple[str, int],
                    allowed: str) -> tuple[str, str]:
    """One request, ``(path, text)``, meant to reach ``forbidden``."""
    if rng.random() < 0.15:  # LOAD, which fetches its IRI
        prologue, endpoint = endpoint_forms(rng, forbidden)
        load = random_case(rng, "LOAD")
        silent = random_case(rng, " SILENT") if rng.random() < 0.5 else ""
        into = f" {random_case(rng, 'INTO GRAPH')} <http://g.example/>" if rng.random() < 0.5 else ""
        lead = "INSERT DATA { <http://a.example/> <http://b.example/> 'a\\u0027b' } ;\n" \
            if rng.random() < 0.5 else ""
        return "/update", f"{prologue}{lead}{load}{silent}{gap(rng) or ' '}{endpoint}{into}"
    prologue, body = pattern(rng, forbidden, allowed)
    if rng.random() < 0.3:
        form = rng.choice([
            "INSERT {{ ?s ?p ?o }} WHERE {{ {body} }}",
            "DELETE {{ ?s ?p ?o }} WHERE {{ {body} }}",
            "INSERT DATA {{ <http://a.example/> <http://b.example/> 'x' }} ;\n"
            "INSERT {{ GRAPH <http://g.example/> {{ ?s ?p ?o }} }} WHERE {{ {body} }}",
            "WITH <http://g.example/> INSERT {{ ?s ?p ?o }} WHERE {{ {body} }}",
        ])
        return "/update", prologue + form.format(body=body)
    form = rng.choice([
        "SELECT * WHERE {{ {body} }}",
        "select * {{ {body} }}",
        "ASK {{ {body} }}",
        "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {body} }}",
        "DESCRIBE ?s WHERE {{ {body} }}",
        "SELECT (COUNT(*) AS ?n) WHERE {{ {body} }}",
        "SELECT * WHERE {{ {body} }} LIMIT 1",
    ])
    return "/sparql", prologue + form.format(body=body)
