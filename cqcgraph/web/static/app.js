// The query UI: a CodeMirror editor, the named queries as examples, results as a table.
(function () {
  "use strict";
  var queries = JSON.parse(document.getElementById("named-queries").textContent);
  var config = JSON.parse(document.getElementById("ui-config").textContent);
  var byName = {};
  queries.forEach(function (q) { byName[q.name] = q; });
  var area = document.getElementById("query");
  var editor = window.CodeMirror ? CodeMirror.fromTextArea(area, {mode: "application/sparql-query", lineNumbers: true}) : null;
  if (editor) {
    editor.getInputField().setAttribute("aria-label", "SPARQL query");
    // a long query scrolls inside the editor: keyboard users reach that region too
    var scroller = editor.getScrollerElement();
    scroller.setAttribute("tabindex", "0");
    scroller.setAttribute("role", "region");
    scroller.setAttribute("aria-label", "SPARQL query, scrollable");
  }
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
      var attrs = {"data-param": p.name, placeholder: p.kind, title: p.description};
      if (p.kind === "integer") { attrs.type = "number"; }
      if (p.kind === "date") { attrs.type = "date"; }
      var input = el("input", attrs);
      label.appendChild(input);
      params.appendChild(label);
      if (p.kind === "iri" && (p.name === "location" || p.name === "provider")) {
        // chosen by name or postcode from the search index, not typed as an IRI
        var list = el("datalist", {id: "choices-" + p.name});
        input.setAttribute("list", list.id);
        input.setAttribute("placeholder", "type a name or postcode");
        label.appendChild(list);
        attachSearch(input, list, p.name);
      }
    });
  });
  if (editor) { editor.on("change", function (cm, change) { if (change.origin !== "setValue") { current = null; } }); }

  function attachSearch(input, list, kind) {
    var timer = null;
    input.addEventListener("input", function () {
      var text = input.value;
      if (timer) { clearTimeout(timer); }
      if (text.length < 2 || /^https?:/.test(text)) { return; }
      timer = setTimeout(function () {
        fetch("/search?" + new URLSearchParams({q: text, kind: kind, limit: "10", format: "json"}))
          .then(function (r) { return r.ok ? r.json() : {entities: []}; })
          .then(function (doc) {
            list.textContent = "";
            doc.entities.forEach(function (h) {
              var o = el("option", {value: h.iri});
              o.textContent = h.name + (h.postcode ? " (" + h.postcode + ")" : "");
              list.appendChild(o);
            });
          });
      }, 200);
    });
  }

  function permalink() {
    var qs = new URLSearchParams();
    if (current) {
      qs.set("example", current.name);
      params.querySelectorAll("input[data-param]").forEach(function (i) {
        if (i.value) { qs.set(i.dataset.param, i.value); }
      });
    } else {
      qs.set("query", text());
    }
    qs.set("run", "1");
    return "/query?" + qs.toString();
  }

  // the position a syntax error names ("query line L col C: ..."), marked in the editor and
  // shown under the line it is on
  function markError(message) {
    var m = /line (\d+) col (\d+)/.exec(message);
    if (!m) { return; }
    var line = parseInt(m[1], 10) - 1, col = parseInt(m[2], 10) - 1;
    var lines = text().split("\n");
    if (line < 0 || line >= lines.length) { return; }
    var pre = el("pre", {id: "error-context", "class": "error-context"});
    pre.textContent = "line " + (line + 1) + ": " + lines[line] + "\n" +
      " ".repeat(("line " + (line + 1) + ": ").length + Math.max(0, col)) + "^";
    results.appendChild(pre);
    if (editor) {
      editor.addLineClass(line, "background", "error-line");
      editor.markText({line: line, ch: Math.max(0, col)}, {line: line, ch: Math.max(1, col + 1)},
                      {className: "error-mark"});
      editor.setCursor({line: line, ch: Math.max(0, col)});
    }
  }

  function clearMarks() {
    if (!editor) { return; }
    editor.getAllMarks().forEach(function (mk) { mk.clear(); });
    for (var i = 0; i < editor.lineCount(); i++) { editor.removeLineClass(i, "background", "error-line"); }
  }

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
    var rows = doc.results.bindings.slice();
    var tbody = el("tbody");
    function fill() {
      tbody.textContent = "";
      rows.forEach(function (b) {
        var r = el("tr");
        doc.head.vars.forEach(function (v) { r.appendChild(cell(b[v])); });
        tbody.appendChild(r);
      });
    }
    doc.head.vars.forEach(function (v) {
      var th = el("th", {scope: "col"});
      var button = el("button", {type: "button", "class": "sort", title: "sort by " + v}, v);
      button.addEventListener("click", function () {
        var down = th.getAttribute("aria-sort") === "ascending";
        tr.querySelectorAll("th").forEach(function (t) { t.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", down ? "descending" : "ascending");
        rows.sort(function (a, b) {
          var x = a[v] ? a[v].value : "", y = b[v] ? b[v].value : "";
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny) && String(nx) === x.trim() && String(ny) === y.trim())
            ? nx - ny : x.localeCompare(y, undefined, {numeric: true});
          return down ? -c : c;
        });
        fill();
      });
      th.appendChild(button);
      tr.appendChild(th);
    });
    thead.appendChild(tr); table.appendChild(thead);
    fill();
    table.appendChild(tbody);
    var n = doc.results.bindings.length;
    results.appendChild(el("p", {id: "row-count", "class": "count"}, n + (n === 1 ? " row" : " rows") +
      " · " + doc.head.vars.length + " columns (select a column's name to sort by it)"));
    results.appendChild(table);
    status.textContent = n + (n === 1 ? " row" : " rows");
  }

  function run() {
    status.textContent = "running…";
    results.textContent = "";
    clearMarks();
    var link = document.getElementById("permalink");
    if (link) { link.href = permalink(); link.hidden = false; }
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
          markError(message);
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
  // /query?example=NAME&run=1 (&param=value...): choose a named query and run it (links, tests)
  var here = new URLSearchParams(window.location.search);
  if (here.get("example") && byName[here.get("example")]) {
    select.value = here.get("example");
    select.dispatchEvent(new Event("change"));
    params.querySelectorAll("input[data-param]").forEach(function (i) {
      if (here.get(i.dataset.param)) { i.value = here.get(i.dataset.param); }
    });
    if (here.get("run")) { run(); }
  } else if (here.get("query")) {
    // /query?query=TEXT (&run=1): a query's permalink, and the lists' "open in the query UI"
    setText(here.get("query"));
    current = null;
    if (here.get("run")) { run(); }
  }
})();
