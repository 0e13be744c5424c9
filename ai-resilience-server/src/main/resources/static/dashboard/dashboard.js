/*
 * The operator dashboard. Polls /internal/dashboard/data once a second and draws it with uPlot (vendored). The DOM
 * is built with createElement and textContent only: operation names and error texts come from users and the
 * provider, and must never be parsed as markup. The header starts as "connecting" and is green only while fresh
 * data says so: a 401, a dead server or a hung request each has its own state, and stale figures are greyed out.
 */
(function () {
  "use strict";
  var POLL_MS = 1000, TIMEOUT_MS = 3000, STALE_MS = 4000, TICK_MS = 200;
  var OPS = { summarize_text: "summarize", analyze_sentiment: "sentiment", extract_key_points: "key_points",
              generate_questions: "questions", answer_question: "qa" };
  var PALETTE = ["#38bdf8", "#f472b6", "#a3e635", "#fbbf24", "#c084fc", "#34d399", "#fb7185", "#60a5fa"];
  var REASONS = { circuit_open: "circuit open", rate_limited: "rate-limit cooldown" };

  var health = document.getElementById("health");
  var updated = document.getElementById("updated");
  var keyInput = document.getElementById("api-key");
  var latencySelect = document.getElementById("latency-op");
  keyInput.value = sessionStorage.getItem("airesilience-key") || "";
  keyInput.addEventListener("change", function () {
    sessionStorage.setItem("airesilience-key", keyInput.value);
    poll();
  });

  var lastData = null, lastReceived = 0, lastOkWall = 0, failing = null, pollTimer = null;
  var charts = {};

  function headers(json) {
    var h = {};
    if (json) { h["Content-Type"] = "application/json"; }
    if (keyInput.value) { h["X-API-Key"] = keyInput.value; }
    return h;
  }
  function call(method, url, body) {
    return fetch(url, { method: method, headers: headers(body !== undefined), cache: "no-store",
                        body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); });
  }
  function say(text) { document.getElementById("message").textContent = text; }
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function seconds(ms) { return (Math.max(0, ms) / 1000).toFixed(1) + " s"; }
  function reason(r) { return REASONS[r] || String(r).replace(/_/g, " "); }
  function setStatus(status, text) {
    if (health.getAttribute("data-status") !== status) { health.setAttribute("data-status", status); }
    health.textContent = text;
  }

  // ---- polling ------------------------------------------------------------------------------------------------
  function poll() {
    clearTimeout(pollTimer);
    var controller = new AbortController();
    var timeout = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    fetch("/internal/dashboard/data", { headers: headers(false), cache: "no-store", signal: controller.signal })
      .then(function (r) {
        if (r.status === 401 || r.status === 403) {
          return fail("unauthorized", "unauthorized", "HTTP " + r.status + ": enter a valid API key below");
        }
        if (!r.ok) { return fail("error", "error " + r.status, "the server answered HTTP " + r.status); }
        return r.json().then(render);
      })
      .catch(function (e) {
        if (e && e.name === "AbortError") { fail("stale", "stale", "no answer within " + TIMEOUT_MS / 1000 + " s"); }
        else if (e instanceof TypeError) { fail("unreachable", "unreachable", "the server does not answer"); }
        else { fail("error", "error", "unreadable data: " + e); }
      })
      .then(function () {
        clearTimeout(timeout);
        pollTimer = setTimeout(poll, POLL_MS);
      });
    pollChaos();
  }

  function fail(status, text, why) {
    failing = why;
    document.body.setAttribute("data-fresh", "false");
    setStatus(status, text);
    describeAge();
  }

  function describeAge() {
    if (!failing) { return; }
    updated.textContent = lastOkWall
      ? failing + "; last data " + Math.round((Date.now() - lastOkWall) / 1000) + " s old"
      : failing + "; no data yet";
  }

  // ---- rendering ----------------------------------------------------------------------------------------------
  function render(data) {
    lastData = data;
    lastReceived = performance.now();
    lastOkWall = Date.now();
    failing = null;
    document.body.setAttribute("data-fresh", "true");
    document.getElementById("window-label").textContent = "rolling window " + data.window_seconds + " s";
    data.operations.forEach(renderOperation);
    updated.textContent = "updated " + new Date(data.timestamp).toLocaleTimeString();
    renderTimeline(data.timeline);
    renderCharts(data);
    tick();
  }

  // Cards are created once and updated in place, so they keep their identity between polls.
  function card(name) {
    var card = document.getElementById("row-" + name);
    if (card) { return card; }
    card = el("article", "op");
    card.id = "row-" + name;
    var head = el("div", "op-head");
    var nameCell = el("span", "op-name");
    nameCell.setAttribute("data-field", "name");
    nameCell.textContent = name;
    var badge = el("span", "badge");
    badge.id = "badge-" + name;
    badge.setAttribute("data-operation", name);
    head.appendChild(nameCell);
    head.appendChild(badge);
    ["countdown", "cooldown"].forEach(function (field) {
      var span = el("span", field);
      span.setAttribute("data-field", field);
      span.hidden = true;
      head.appendChild(span);
    });
    card.appendChild(head);
    var rejecting = el("div", "rejecting");
    rejecting.setAttribute("data-field", "rejecting");
    rejecting.hidden = true;
    card.appendChild(rejecting);
    var stats = el("div", "stats");
    [["window-success", "success"], ["window-rps", "req/s"], ["window-calls", "calls"]].forEach(function (s) {
      var stat = el("div", "stat");
      stat.setAttribute("data-field", s[0]);
      stat.appendChild(el("strong", "", "–"));
      stat.appendChild(el("span", "", s[1]));
      stats.appendChild(stat);
    });
    card.appendChild(stats);
    var detail = el("div", "detail");
    detail.setAttribute("data-field", "window-detail");
    card.appendChild(detail);
    var lifetime = el("div", "lifetime");
    lifetime.setAttribute("data-field", "lifetime");
    card.appendChild(lifetime);
    var target = el("div", "target");
    target.setAttribute("data-field", "target");
    target.hidden = true;
    card.appendChild(target);
    document.getElementById("operations").appendChild(card);
    return card;
  }

  function field(card, name) { return card.querySelector("[data-field='" + name + "']"); }

  function renderOperation(op) {
    var c = card(op.name), badge = document.getElementById("badge-" + op.name);
    if (badge.getAttribute("data-state") !== op.state) {
      badge.setAttribute("data-state", op.state);
      badge.textContent = op.state;
      c.setAttribute("data-state", op.state);
    }
    badge.title = op.open_until ? "open until " + op.open_until : "";
    // Remaining times are kept as of this response and counted down locally, so the browser's clock never matters.
    c._open = op.open_remaining_ms;
    c._cooldown = op.cooldown ? op.cooldown.remaining_ms : null;
    c._rejecting = op.rejecting;

    var w = op.window, span = Math.round(w.seconds) + " s";
    var success = field(c, "window-success");
    success.firstChild.textContent = w.success_rate === null ? "–" : w.success_rate.toFixed(1) + "%";
    success.setAttribute("data-value", w.success_rate === null ? "" : w.success_rate.toFixed(1));
    success.lastChild.textContent = "success, last " + span;
    var rps = field(c, "window-rps");
    rps.firstChild.textContent = w.requests_per_second.toFixed(2);
    rps.setAttribute("data-value", String(w.requests_per_second));
    rps.lastChild.textContent = "req/s, last " + span;
    var calls = field(c, "window-calls");
    calls.firstChild.textContent = String(w.calls);
    calls.lastChild.textContent = "calls, last " + span;
    field(c, "window-detail").textContent = "in the window: " + w.retries + " retries · " + w.fallbacks + " fallbacks · "
      + w.rejected + " rejected";
    var l = op.lifetime;
    var lifetime = field(c, "lifetime");
    lifetime.textContent = "lifetime: " + l.calls + " calls, " + (l.calls ? l.success_rate.toFixed(1) + "% success" : "–")
      + ", p50 / p99 " + l.p50_ms.toFixed(0) + " / " + l.p99_ms.toFixed(0) + " ms";
    lifetime.setAttribute("data-success-rate", String(l.success_rate));
    // A route's target (operation "target:<name>"): what its quota has left and its last error, as text.
    var target = field(c, "target"), t = op.target;
    if (t) {
      var parts = [];
      if (t.requests_remaining !== null) { parts.push(t.requests_remaining + " requests"); }
      if (t.tokens_remaining !== null) { parts.push(t.tokens_remaining + " tokens"); }
      target.textContent = (parts.length ? "quota left: " + parts.join(", ") : "no quota")
        + (t.last_error ? " · last error: " + t.last_error : "");
      target.setAttribute("data-tokens-remaining", t.tokens_remaining === null ? "" : String(t.tokens_remaining));
      target.hidden = false;
    } else {
      target.hidden = true;
    }
  }

  // Countdowns between polls; also notices when the data has gone stale without an error (a hung request).
  function tick() {
    var elapsed = performance.now() - lastReceived;
    var anyOpen = false, anyRejecting = null, anyHalf = false, anyCooldown = false;
    document.querySelectorAll("#operations .op").forEach(function (c) {
      var state = c.getAttribute("data-state");
      if (state === "open") { anyOpen = true; }
      if (state === "half-open") { anyHalf = true; }
      if (c._rejecting && !anyRejecting) { anyRejecting = c._rejecting.reason; }
      if (c._cooldown && c._cooldown - elapsed > 0) { anyCooldown = true; }
      var countdown = field(c, "countdown"), cooldown = field(c, "cooldown"), rejecting = field(c, "rejecting");
      if (c._open !== null && c._open !== undefined) {
        var left = c._open - elapsed;
        countdown.hidden = false;
        countdown.textContent = left > 0 ? "half-open in " + seconds(left) : "trial call due";
        countdown.setAttribute("data-remaining-ms", String(Math.max(0, Math.round(left))));
      } else {
        countdown.hidden = true;
        countdown.removeAttribute("data-remaining-ms");
      }
      if (c._cooldown !== null && c._cooldown !== undefined && c._cooldown - elapsed > 0) {
        cooldown.hidden = false;
        cooldown.textContent = "cooldown " + seconds(c._cooldown - elapsed);
        cooldown.setAttribute("data-remaining-ms", String(Math.round(c._cooldown - elapsed)));
      } else {
        cooldown.hidden = true;
        cooldown.removeAttribute("data-remaining-ms");
      }
      var r = c._rejecting;
      if (r) {
        var text = "rejecting: " + reason(r.reason);
        if (r.remaining_ms !== null && r.remaining_ms !== undefined) { text += ", " + seconds(r.remaining_ms - elapsed) + " left"; }
        if (r.recent_rejections) { text += " (" + r.recent_rejections + " turned away)"; }
        rejecting.textContent = text;
        rejecting.setAttribute("data-reason", String(r.reason));
        rejecting.hidden = false;
      } else {
        rejecting.hidden = true;
        rejecting.removeAttribute("data-reason");
      }
    });
    // Green only on fresh data that shows nothing wrong.
    if (!failing && lastOkWall) {
      if (anyOpen) { setStatus("circuit-open", "circuit open"); }
      else if (anyRejecting) { setStatus("rejecting", "rejecting: " + reason(anyRejecting)); }
      else if (anyCooldown) { setStatus("cooling-down", "cooling down"); }
      else if (anyHalf) { setStatus("recovering", "recovering"); }
      else { setStatus("healthy", "healthy"); }
    }
    if (!failing && lastOkWall && Date.now() - lastOkWall > STALE_MS) {
      fail("stale", "stale", "no fresh data for " + Math.round((Date.now() - lastOkWall) / 1000) + " s");
    }
    describeAge();
  }

  function renderTimeline(entries) {
    var list = document.getElementById("timeline");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!entries.length) {
      list.appendChild(el("li", "muted", "nothing has happened yet"));
      return;
    }
    entries.forEach(function (e) {
      var li = el("li");
      li.setAttribute("data-kind", e.kind);
      if (e.to) { li.setAttribute("data-to", e.to); }
      var time = el("time", "", new Date(e.at).toLocaleTimeString());
      time.setAttribute("datetime", e.at);
      li.appendChild(time);
      li.appendChild(el("span", "op-ref", e.operation));
      var what;
      if (e.kind === "transition") {
        what = e.from + " → " + e.to;
      } else if (e.kind === "rejection") {
        what = "rejected" + (e.count > 1 ? " ×" + e.count : "") + ": " + reason(e.reason);
      } else if (e.kind === "rate_limit") {
        what = "provider rate limit, Retry-After " + seconds(e.retry_after_ms) + (e.count > 1 ? " (×" + e.count + ")" : "");
      } else {
        what = e.kind + (e.reason ? ": " + reason(e.reason) : "");
      }
      li.appendChild(el("span", "what", what));
      list.appendChild(li);
    });
  }

  // ---- charts (uPlot) -----------------------------------------------------------------------------------------
  // A fresh object per axis: uPlot keeps and changes what it is given.
  function axis(extra) {
    return Object.assign({ stroke: "#94a3b8", grid: { stroke: "#334155", width: 1 }, ticks: { stroke: "#334155", width: 1 } }, extra);
  }
  function chartWidth(container) { return Math.max(200, container.clientWidth); }

  function chart(id, key, seriesDefs, yLabel, yValues, yRange) {
    var container = document.getElementById(id);
    var existing = charts[id];
    if (existing && existing.key === key) { return existing.plot; }
    if (existing) { existing.plot.destroy(); }
    var opts = {
      width: chartWidth(container), height: 170,
      scales: { x: { time: true }, y: yRange ? { range: yRange } : { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } } },
      axes: [
        axis({ label: "time", size: 50, labelSize: 18, labelGap: 4 }),
        axis({ label: yLabel, size: 56, labelSize: 16, values: yValues })
      ],
      series: [{}].concat(seriesDefs),
      legend: { live: false },
      cursor: { drag: { x: false, y: false } }
    };
    var plot = new uPlot(opts, [[]].concat(seriesDefs.map(function () { return []; })), container);
    charts[id] = { key: key, plot: plot, container: container };
    return plot;
  }

  function renderCharts(data) {
    var ops = data.operations, names = ops.map(function (op) { return op.name; });
    var key = names.join("\u0000");
    var times = {};
    ops.forEach(function (op) { op.series.t.forEach(function (t) { times[t] = true; }); });
    var xs = Object.keys(times).map(Number).sort(function (a, b) { return a - b; });
    function aligned(op, fieldName) {
      var byTime = {};
      op.series.t.forEach(function (t, i) { byTime[t] = op.series[fieldName][i]; });
      return xs.map(function (t) { return byTime[t] === undefined ? null : byTime[t]; });
    }
    var defs = names.map(function (name, i) { return { label: name, stroke: PALETTE[i % PALETTE.length], width: 2 }; });
    chart("chart-success", key, defs, "success %", function (u, v) { return v.map(function (x) { return x + "%"; }); }, [0, 100])
      .setData([xs].concat(ops.map(function (op) { return aligned(op, "success_rate"); })));
    chart("chart-rps", key, defs, "req/s", function (u, v) { return v.map(function (x) { return x + "/s"; }); })
      .setData([xs].concat(ops.map(function (op) { return aligned(op, "requests_per_second"); })));

    // Latency of one operation: the one picked, else the first with calls.
    var options = Array.prototype.map.call(latencySelect.options, function (o) { return o.value; });
    if (options.join("\u0000") !== key) {
      var picked = latencySelect.value;
      while (latencySelect.firstChild) { latencySelect.removeChild(latencySelect.firstChild); }
      names.forEach(function (name) {
        var o = el("option", "", name);
        o.value = name;
        latencySelect.appendChild(o);
      });
      var busiest = ops.filter(function (op) { return op.lifetime.calls > 0; })[0];
      latencySelect.value = names.indexOf(picked) >= 0 ? picked : (busiest ? busiest.name : names[0] || "");
    }
    var shown = ops.filter(function (op) { return op.name === latencySelect.value; })[0];
    if (shown) {
      document.getElementById("latency-note").textContent = data.bucket_seconds + "-second buckets";
      chart("chart-latency", "latency", [
        { label: "p50", stroke: "#38bdf8", width: 2 },
        { label: "p99", stroke: "#f472b6", width: 2 }
      ], "ms", function (u, v) { return v.map(function (x) { return x + " ms"; }); })
        .setData([shown.latency.t, shown.latency.p50_ms, shown.latency.p99_ms]);
    }
  }
  latencySelect.addEventListener("change", function () { if (lastData) { renderCharts(lastData); } });

  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      Object.keys(charts).forEach(function (id) {
        var c = charts[id], w = chartWidth(c.container);
        if (Math.abs(c.plot.width - w) > 1) { c.plot.setSize({ width: w, height: 170 }); }
      });
    }).observe(document.querySelector("main"));
  }

  // ---- chaos panel --------------------------------------------------------------------------------------------
  function pollChaos() {
    call("GET", "/internal/chaos").then(function (r) {
      var box = document.getElementById("chaos-status");
      if (r.status !== 200) { box.textContent = (r.body && r.body.error) || ("HTTP " + r.status); return; }
      var s = r.body.settings;
      box.textContent = "error rate " + Math.round(s.error_rate * 100) + "%, latency " + s.latency_ms + " ms" +
        (r.body.outage_remaining_seconds > 0 ? "\nOUTAGE: " + r.body.outage_remaining_seconds + " s left" : "") +
        "\nprovider requests: " + r.body.total_requests;
    }).catch(function () {});
  }
  function chaos(body, label) {
    call("PUT", "/internal/chaos", body).then(function (r) { say(r.status === 200 ? label : (r.body.error || "failed")); poll(); })
      .catch(function () { say("the server does not answer"); });
  }
  document.getElementById("outage").onclick = function () { chaos({ outage_seconds: 30 }, "Outage started for 30 s"); };
  document.getElementById("end-outage").onclick = function () { chaos({ outage_seconds: 0 }, "Outage ended"); };
  document.getElementById("rate-limit").onclick = function () {
    chaos({ fail_next: 1, status_mix: { "429": 1 }, retry_after_seconds: 5 }, "The next provider request gets 429, Retry-After 5 s");
  };
  var rate = document.getElementById("error-rate");
  rate.oninput = function () { document.getElementById("error-rate-value").textContent = rate.value + "%"; };
  document.getElementById("apply-error-rate").onclick = function () {
    chaos({ error_rate: Number(rate.value) / 100 }, "Error rate set to " + rate.value + "%");
  };
  document.getElementById("calm").onclick = function () { chaos({ reset: true }, "Chaos reset"); };
  document.getElementById("traffic").onclick = function () {
    var names = Object.keys(OPS), done = 0, degraded = 0;
    for (var i = 0; i < 20; i++) {
      var op = OPS[names[i % names.length]];
      var body = { operation: op, text: "The service was fast and reliable. Users love the new dashboard.", question: "What do users love?" };
      call("POST", "/v1/text/process", body).then(function (r) {
        done++; if (r.body && r.body.metadata && r.body.metadata.fallback_used) { degraded++; }
        say(done + "/20 answered, " + degraded + " degraded");
      }).catch(function () { done++; });
    }
  };

  poll();
  setInterval(tick, TICK_MS);
})();
