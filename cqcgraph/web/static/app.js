// The query UI: a CodeMirror editor, the named queries as examples, results as a table.
(function () {
  "use strict";
  var queries = JSON.parse(document.getElementById("named-queries").textContent);
  var config = JSON.parse(document.getElementById("ui-config").textContent);
  var byName = {};
  queries.forEach(function (q) { byName[q.name] = q; });
  var area = document.getElementById("query");
  var editor = window.CodeMirror ? CodeMirror.fromTextArea(area, {mode: "application/sparql-query", lineNumbers: true}) : null;
  function text() { return editor ? editor.getValue() : area.value; }
  function setText(t) { if (editor) { editor.setValue(t); } else { area.value = t; } }
  var select = document.getElementById("example");
  var params = document.getElementById("params");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var downloads = document.getElementById("downloads");
  var current = null;  // the named query chosen, until the text is edited

  function el(tag, attrs, content) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (content !== undefined) { e.textContent = content; }
    return e;
  }

  select.addEventListener("change", function () {
    var q = byName[select.value];
    params.textContent = "";
    current = q || null;
    if (!q) { return; }
    setText(q.text);
    current = q;
    q.parameters.forEach(function (p) {
      var label = el("label", {}, " " + p.name + (p.optional ? "" : "*") + " ");
      label.appendChild(el("input", {"data-param": p.name, placeholder: p.kind, title: p.description}));
      params.appendChild(label);
    });
  });
  if (editor) { editor.on("change", function (cm, change) { if (change.origin !== "setValue") { current = null; } }); }

  function requestUrl(format) {
    if (current) {
      var qs = [];
      params.querySelectorAll("input[data-param]").forEach(function (i) {
        if (i.value) { qs.push(encodeURIComponent(i.dataset.param) + "=" + encodeURIComponent(i.value)); }
      });
      if (format) { qs.push("format=" + format); }
      return current.url + (qs.length ? "?" + qs.join("&") : "");
    }
    return "/sparql?query=" + encodeURIComponent(text()) + (format ? "&format=" + format : "");
  }

  // Where a person follows an IRI: this dataset's IRIs (under its base, or under /id/ of the
  // host serving this page) to this server's /id/ pages, the ontology's terms to /ontology,
  // any other http(s) IRI (legislation.gov.uk, statistics.data.gov.uk...) as it is, out of
  // cqcgraph; IRIs of other schemes (urn:, mailto:, javascript:...) are not links.
  function hrefOf(iri) {
    var here = window.location.origin + "/id/";
    if (config.dataBase && iri.indexOf(config.dataBase) === 0) { return "/id/" + iri.slice(config.dataBase.length); }
    if (iri.indexOf(here) === 0) { return "/id/" + iri.slice(here.length); }
    if (config.ontology && iri.indexOf(config.ontology) === 0) { return "/ontology#" + iri.slice(config.ontology.length); }
    return /^https?:\/\//i.test(iri) ? iri : null;
  }

  function cell(term) {
    var td = el("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var href = hrefOf(term.value);
      td.appendChild(href === null ? el("span", {}, term.value) : el("a", {href: href}, term.value));
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) { td.appendChild(el("small", {}, " @" + term["xml:lang"])); }
    }
    return td;
  }

  function show(doc) {
    results.textContent = "";
    var table = el("table", {"class": "results", id: "results-table"});
    var thead = el("thead"), tr = el("tr");
    if (doc.boolean !== undefined) {
      tr.appendChild(el("th", {}, "result")); thead.appendChild(tr); table.appendChild(thead);
      var body = el("tbody"), row = el("tr"); row.appendChild(el("td", {}, String(doc.boolean)));
      body.appendChild(row); table.appendChild(body); results.appendChild(table);
      status.textContent = "done";
      return;
    }
    doc.head.vars.forEach(function (v) { tr.appendChild(el("th", {}, v)); });
    thead.appendChild(tr); table.appendChild(thead);
    var tbody = el("tbody");
    doc.results.bindings.forEach(function (b) {
      var r = el("tr");
      doc.head.vars.forEach(function (v) { r.appendChild(cell(b[v])); });
      tbody.appendChild(r);
    });
    table.appendChild(tbody);
    results.appendChild(table);
    status.textContent = doc.results.bindings.length + " rows";
  }

  function run() {
    status.textContent = "running…";
    results.textContent = "";
    downloads.hidden = true;
    var opts;
    if (current) {
      opts = fetch(requestUrl(null), {headers: {Accept: "application/sparql-results+json, text/turtle;q=0.9"}});
    } else {
      opts = fetch("/sparql", {method: "POST", body: text(),
        headers: {"Content-Type": "application/sparql-query", Accept: "application/sparql-results+json, text/turtle;q=0.9"}});
    }
    opts.then(function (resp) {
      var type = resp.headers.get("Content-Type") || "";
      return resp.text().then(function (body) {
        if (!resp.ok) {
          var message = body;
          try { message = JSON.parse(body).error.message; } catch (e) { /* not JSON */ }
          status.textContent = "";
          results.appendChild(el("p", {"class": "error", id: "error"}, resp.status + ": " + message));
          return;
        }
        // offer only the formats this query's form can be given in (the others are 406)
        var kind = type.indexOf("sparql-results+json") >= 0 ? "results" : "graph";
        downloads.querySelectorAll("a[data-format]").forEach(function (a) {
          a.hidden = a.dataset.kind !== kind;
        });
        downloads.hidden = false;
        if (kind === "results") { show(JSON.parse(body)); }
        else { results.appendChild(el("pre", {id: "graph-result"}, body)); status.textContent = "done"; }
      });
    }).catch(function (e) { status.textContent = "failed: " + e; });
  }

  document.getElementById("run").addEventListener("click", run);
  downloads.addEventListener("click", function (ev) {
    var fmt = ev.target.getAttribute("data-format");
    if (fmt) { ev.preventDefault(); window.location.href = requestUrl(fmt); }
  });
  window.cqcgraphRun = run;
  // /?example=NAME&run=1 (&param=value...): choose a named query and run it (links, tests)
  var here = new URLSearchParams(window.location.search);
  if (here.get("example") && byName[here.get("example")]) {
    select.value = here.get("example");
    select.dispatchEvent(new Event("change"));
    params.querySelectorAll("input[data-param]").forEach(function (i) {
      if (here.get(i.dataset.param)) { i.value = here.get(i.dataset.param); }
    });
    if (here.get("run")) { run(); }
  }
})();
