// Countersign's local timeline. Plain JavaScript, no build step, no external resources.
// Every text from the cluster goes through textContent (never innerHTML): agents write it.
"use strict";
(function () {
  const token = document.querySelector('meta[name="countersign-token"]').content;
  const PHASES = ["Pending", "AwaitingApproval", "Approved", "Executing", "Succeeded", "Failed",
    "Denied", "Rejected", "Expired", "Evaluated"];
  const PAGE = 200;
  let limit = PAGE;
  let openStory = null; // {namespace, name, story}
  let pendingDecision = null; // "Approve" | "Reject"
  const $ = (id) => document.getElementById(id);

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([k, v]) => {
      if (v === undefined || v === null) return;
      if (k === "class") node.className = v;
      else if (k.startsWith("data-") || k.startsWith("aria-") || k === "role" || k === "tabindex" || k === "title") node.setAttribute(k, v);
      else node[k] = v;
    });
    children.flat().forEach((c) => {
      if (c === null || c === undefined) return;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    });
    return node;
  }

  async function api(path, options) {
    const response = await fetch(path, Object.assign({ headers: { "X-Countersign-Token": token }, cache: "no-store" }, options || {}));
    const body = await response.json().catch(() => ({ error: response.status + " " + response.statusText }));
    if (!response.ok) throw new Error(body.error || ("HTTP " + response.status));
    return body;
  }

  function ago(iso) {
    if (!iso) return "-";
    const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    if (s < 60) return Math.floor(s) + "s ago";
    if (s < 3600) return Math.floor(s / 60) + "m ago";
    if (s < 86400) return Math.floor(s / 3600) + "h ago";
    return Math.floor(s / 86400) + "d ago";
  }

  function filterQuery() {
    const params = new URLSearchParams();
    for (const field of $("filters").elements) {
      if (!field.name || !field.value) continue;
      if (field.type === "datetime-local") params.set(field.name, new Date(field.value).toISOString());
      else params.set(field.name, field.value.trim());
    }
    return params;
  }

  function fillSelect(select, values) {
    const current = select.value;
    const known = new Set([...select.options].map((o) => o.value));
    values.forEach((v) => { if (!known.has(v)) select.append(el("option", { value: v }, v)); });
    select.value = current;
  }

  let loading = null;
  async function loadList() {
    const params = filterQuery();
    const exportParams = new URLSearchParams(params);
    exportParams.set("token", token);
    $("export-json").href = "/api/export.json?" + exportParams;
    $("export-csv").href = "/api/export.csv?" + exportParams;
    params.set("limit", String(limit));
    const started = performance.now();
    const request = api("/api/requests?" + params);
    loading = request;
    let list;
    try {
      list = await request;
      $("error").hidden = true;
    } catch (e) {
      $("error").textContent = "Could not load the requests: " + e.message;
      $("error").hidden = false;
      return;
    }
    if (loading !== request) return; // a newer load is under way
    fillSelect($("filter-namespace"), list.namespaces);
    fillSelect($("filter-action"), list.actions);
    renderRows(list);
    renderCounts(list);
    showUnreadable(list.unreadable);
    document.body.dataset.rendered = String(Math.round(performance.now() - started));
  }

  function renderRows(list) {
    const tbody = document.querySelector("#rows tbody");
    const rows = list.items.map((r) => {
      const selected = openStory && openStory.namespace === r.namespace && openStory.name === r.name;
      const tr = el("tr", { tabindex: "0", "data-namespace": r.namespace, "data-name": r.name, "data-phase": r.phase, "aria-selected": selected ? "true" : "false" },
        el("td", { title: r.created }, ago(r.created)),
        el("td", {}, r.namespace + "/" + r.name),
        el("td", {}, r.agent),
        el("td", {}, r.wants + " " + r.target),
        el("td", {}, el("span", { class: "phase " + r.phase }, r.phase)),
        el("td", {}, r.approvals),
        el("td", { class: "summary", title: r.summary }, r.summary));
      tr.addEventListener("click", () => showStory(r.namespace, r.name));
      tr.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); showStory(r.namespace, r.name); }
        else if (e.key === "ArrowDown" && tr.nextElementSibling) { e.preventDefault(); tr.nextElementSibling.focus(); }
        else if (e.key === "ArrowUp" && tr.previousElementSibling) { e.preventDefault(); tr.previousElementSibling.focus(); }
      });
      return tr;
    });
    const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest("tbody tr");
    const focusKey = focused ? focused.dataset.namespace + "/" + focused.dataset.name : null;
    tbody.replaceChildren(...rows);
    // When the first screen of rows was drawn, in ms since navigation started (for the tests).
    if (rows.length && !document.body.dataset.firstRowsAt) document.body.dataset.firstRowsAt = String(Math.round(performance.now()));
    if (focusKey) {
      const again = rows.find((tr) => tr.dataset.namespace + "/" + tr.dataset.name === focusKey);
      if (again) again.focus();
    }
    $("total").textContent = "(" + list.total + (list.total > list.items.length ? ", showing " + list.items.length : "") + ")";
    $("empty").hidden = list.total !== 0;
    $("more").hidden = list.total <= list.items.length;
  }

  function renderCounts(list) {
    const phase = $("filter-phase");
    fillSelect(phase, PHASES.filter((p) => list.counts[p] !== undefined));
    const buttons = Object.entries(list.counts).map(([p, n]) => {
      const b = el("button", { type: "button", "data-phase": p, "aria-pressed": phase.value === p ? "true" : "false" }, p + " " + n);
      b.addEventListener("click", () => { phase.value = phase.value === p ? "" : p; limit = PAGE; loadList(); });
      return b;
    });
    $("counts").replaceChildren(...buttons);
  }

  function showUnreadable(unreadable) {
    const box = $("unreadable");
    if (!unreadable || unreadable.length === 0) { box.hidden = true; return; }
    box.replaceChildren(
      el("strong", {}, "Not readable with your credentials, so not shown: "),
      el("ul", {}, unreadable.map((u) => el("li", { "data-namespace": u.namespace }, "namespace " + u.namespace + ": " + u.message))));
    box.hidden = false;
  }

  function section(title, ...content) {
    return el("section", {}, el("h3", {}, title), ...content);
  }

  function list(items, empty) {
    return items && items.length ? el("ul", {}, items.map((i) => el("li", {}, i))) : el("p", {}, empty);
  }

  function dl(pairs) {
    return el("dl", {}, pairs.filter((p) => p[1] !== undefined && p[1] !== null && p[1] !== "").flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  }

  async function showStory(namespace, name) {
    let story;
    try {
      story = await api("/api/requests/" + encodeURIComponent(namespace) + "/" + encodeURIComponent(name));
    } catch (e) {
      $("result").textContent = "Could not open " + namespace + "/" + name + ": " + e.message;
      $("result").className = "error";
      $("story").hidden = false;
      return;
    }
    const changedRequest = !openStory || openStory.namespace !== namespace || openStory.name !== name;
    openStory = { namespace, name, story };
    if (changedRequest) { cancelDecision(); $("result").textContent = ""; }
    renderStory(story);
    document.querySelectorAll("#rows tbody tr").forEach((tr) =>
      tr.setAttribute("aria-selected", tr.dataset.namespace === namespace && tr.dataset.name === name ? "true" : "false"));
    $("story").hidden = false;
    if (changedRequest) $("story").focus();
  }

  function renderStory(story) {
    const row = story.row, spec = story.spec || {}, status = story.status || {};
    const reasoning = spec.reasoning || {};
    const decision = status.decision;
    $("story-title").textContent = row.namespace + "/" + row.name;
    const parts = [];
    parts.push(dl([["Phase", el("span", { class: "phase " + row.phase }, row.phase)], ["", status.message], ["Filed", row.created + " (" + ago(row.created) + ")"], ["Expires", story.expires], ["uid", row.uid], ["Spec hash", story.specHash]]));
    parts.push(section("Filed by " + row.agent,
      dl([["Wants", row.wants + " " + row.target + (spec.dryRun ? " (dry run: decide only)" : "")], ["Summary", reasoning.summary || "(none given)"],
        ["Confidence", reasoning.confidence === undefined || reasoning.confidence === null ? "(not given)" : String(reasoning.confidence)], ["Plan", reasoning.plan || "(not given)"]]),
      el("h4", {}, "Evidence"), list(reasoning.evidence, "(none given)"),
      el("h4", {}, "Alternatives considered"), list(reasoning.alternatives, "(none given)")));
    if (decision) {
      const required = decision.requiredApprovals;
      parts.push(section("Decision: " + decision.verdict + (decision.mode ? " (" + decision.mode + ")" : ""),
        el("p", { class: "codes" }, (decision.reasonCodes || []).map((c) => el("code", {}, c))),
        list(decision.reasons, "(no reasons given)"),
        el("h4", {}, "Policies considered"),
        list((decision.policies || []).map((p) => p.name + " (generation " + p.generation + "): " + (p.effect || "") + " — " + (p.outcome || "")), "(none)"),
        decision.policiesNotListed ? el("p", {}, decision.policiesNotListed + " more not listed") : null,
        required ? el("p", { id: "who-may-approve" }, "Needs " + required.minApprovals + " approval(s) from " +
          [required.users && required.users.length ? "users " + required.users.join(", ") : null,
           required.groups && required.groups.length ? "groups " + required.groups.join(", ") : null].filter(Boolean).join(" or ")) : null));
    } else {
      parts.push(section("Decision", el("p", {}, "not decided yet")));
    }
    parts.push(section("Approvals " + (row.approvals || ""),
      list((status.approvals || []).map((a) => a.approver + " " + (a.decision === "Reject" ? "rejected" : "approved") + (a.at ? " at " + a.at : "") +
        (a.counted ? " (counted)" : " (ignored)") + (a.reason ? ": " + a.reason : "")), "none yet")));
    if (story.changes && story.changes.length) {
      parts.push(section("What will change", el("pre", { id: "changes" }, story.changes.join("\n"))));
    }
    const execution = status.execution;
    if (execution) {
      parts.push(section("What changed",
        list((execution.changes || []).map((c) => c.field + ": " + c.from + " → " + c.to), "(nothing recorded)"),
        dl([["Started", execution.startedAt], ["Finished", execution.finishedAt], ["Revision", execution.revision], ["Rollout", execution.message]])));
    }
    parts.push(section("Outcome", el("p", { id: "outcome" }, row.phase + (status.message ? " — " + status.message : ""))));
    const events = story.events || {};
    parts.push(section("Events",
      events.error ? el("p", {}, events.error) :
        list((events.items || []).map((e) => (e.time || "") + " " + (e.type || "") + " " + (e.reason || "") + ": " + (e.message || "") + (e.count > 1 ? " (×" + e.count + ")" : "")), "none (Events expire; the request keeps its history)")));
    const target = story.target || {};
    parts.push(section("Target " + (target.name || ""),
      target.error ? el("p", {}, target.error) :
        list(Object.entries(target.annotations || {}).map(([k, v]) => k + ": " + v), "no countersign.dev annotations")));
    const own = Object.entries(story.annotations || {}).filter(([k]) => k.startsWith("countersign.dev/"));
    if (own.length) parts.push(section("Request annotations", list(own.map(([k, v]) => k + ": " + v), "")));
    $("story-body").replaceChildren(...parts);

    $("decide").hidden = !story.mayDecide;
    $("not-decidable").hidden = story.mayDecide;
    $("not-decidable").textContent = story.mayDecide ? "" : "You (" + ($("who").dataset.user || "you") + ") cannot decide this request: " + story.whyNot;
    $("decide-intro").textContent = story.mayDecide ? "You may approve or reject " + row.wants + " " + row.target + " in " + row.namespace + "." : "";
  }

  function askDecision(verdict) {
    pendingDecision = verdict;
    const row = openStory.story.row;
    $("confirm-question").textContent = (verdict === "Approve" ? "Approve " : "Reject ") + row.wants + " " + row.target + " in " + row.namespace +
      " (spec hash " + openStory.story.specHash.slice(0, 12) + "…)? Nothing is created until you confirm.";
    $("reason-needed").hidden = verdict !== "Reject";
    $("confirm").textContent = verdict === "Approve" ? "Confirm approval" : "Confirm rejection";
    $("confirm").className = verdict === "Approve" ? "approve" : "reject";
    $("confirm-step").hidden = false;
    (verdict === "Reject" ? $("reason") : $("confirm")).focus();
  }

  function cancelDecision() {
    pendingDecision = null;
    $("confirm-step").hidden = true;
    $("reason").value = "";
  }

  async function confirmDecision() {
    if (!pendingDecision || !openStory) return;
    const reason = $("reason").value.trim();
    if (pendingDecision === "Reject" && !reason) {
      $("result").textContent = "A rejection needs a reason: the agent and the audit trail read it.";
      $("result").className = "error";
      $("reason").focus();
      return;
    }
    const story = openStory.story;
    try {
      const answer = await api("/api/requests/" + encodeURIComponent(story.row.namespace) + "/" + encodeURIComponent(story.row.name) + "/decision", {
        method: "POST",
        headers: { "X-Countersign-Token": token, "Content-Type": "application/json" },
        body: JSON.stringify({ decision: pendingDecision, reason, uid: story.row.uid, specHash: story.specHash, generation: story.generation, confirmed: true }),
      });
      $("result").textContent = answer.message;
      $("result").className = "";
      cancelDecision();
    } catch (e) {
      $("result").textContent = "Nothing was created: " + e.message;
      $("result").className = "error";
    }
    showStory(story.row.namespace, story.row.name);
  }

  let reloadTimer = null;
  function scheduleReload(change) {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      loadList();
      if (openStory && (!change || (change.namespace === openStory.namespace && change.name === openStory.name))) {
        showStory(openStory.namespace, openStory.name);
      }
    }, 250);
  }

  function watch() {
    const events = new EventSource("/api/watch?token=" + encodeURIComponent(token));
    events.addEventListener("open", () => { $("live").textContent = "live"; $("live").classList.add("on"); });
    events.addEventListener("error", () => { $("live").textContent = "live updates: reconnecting"; $("live").classList.remove("on"); });
    events.addEventListener("change", (e) => scheduleReload(JSON.parse(e.data)));
  }

  async function start() {
    let filterTimer = null;
    const filtered = () => { clearTimeout(filterTimer); filterTimer = setTimeout(() => { limit = PAGE; loadList(); }, 200); };
    $("filters").addEventListener("input", filtered);
    $("filters").addEventListener("change", filtered);
    $("filters").addEventListener("reset", () => setTimeout(() => { limit = PAGE; loadList(); }, 0));
    $("filters").addEventListener("submit", (e) => e.preventDefault());
    $("more").addEventListener("click", () => { limit += PAGE; loadList(); });
    $("close-story").addEventListener("click", () => { $("story").hidden = true; openStory = null; cancelDecision(); });
    $("approve").addEventListener("click", () => askDecision("Approve"));
    $("reject").addEventListener("click", () => askDecision("Reject"));
    $("cancel").addEventListener("click", cancelDecision);
    $("confirm").addEventListener("click", confirmDecision);
    document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !$("story").hidden) $("close-story").click(); });
    const firstList = loadList(); // asked at once, beside the session: the first screen waits for neither
    try {
      const session = await api("/api/session");
      $("who").dataset.user = session.user;
      $("who").textContent = "You: " + session.user + (session.groups.length ? " (" + session.groups.join(", ") + ")" : "") + " at " + session.server;
      showUnreadable(session.unreadable);
    } catch (e) {
      $("who").textContent = "Could not learn who you are: " + e.message;
    }
    await firstList;
    watch();
  }
  start();
})();
