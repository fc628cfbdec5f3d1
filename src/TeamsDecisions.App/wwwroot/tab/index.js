// The decision log tab. Personal tab: the teams whose roster lists me, with a picker (and metrics over all of
// them). Channel tab: the team of the Teams context. Every request goes to /api/tab, which checks membership.
import { start, api, onThemeChange, ApiError, OutsideTeams } from "./host.js";
import * as charts from "./charts.js";
import { format } from "./charts.js";

const $ = (id) => document.getElementById(id);
const state = { team: null, teams: [], personal: true, view: "log", metricsScope: "team" };
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function say(text) {
  $("status").textContent = text;
}

function cell(text, props) {
  const td = document.createElement("td");
  td.textContent = text;
  Object.assign(td, props ?? {});
  return td;
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  return a;
}

function problemText(error) {
  if (error instanceof ApiError) {
    const fields = Object.values(error.problem?.errors ?? {}).flat();
    return [error.problem?.title ?? error.message, ...fields].join(" ");
  }
  return `Something went wrong: ${error.message}`;
}

// ---- views -------------------------------------------------------------------------------------------------------

function show(view) {
  state.view = view;
  for (const name of ["log", "decision", "rfcs", "metrics"]) $(`view-${name}`).hidden = name !== view;
  const tab = view === "decision" ? "log" : view;
  $("tabs").setAttribute("activeid", `tab-${tab}`);
  if (view === "rfcs") loadRfcs();
  if (view === "metrics") loadMetrics();
}

// ---- decision log ------------------------------------------------------------------------------------------------

function filters() {
  const form = new FormData($("filters"));
  return Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v).trim()]));
}

let logRequests = 0;

async function loadLog() {
  if (!state.team) return;
  $("filter-error").hidden = true;
  const body = $("log-table").tBodies[0];
  const request = ++logRequests;
  try {
    const list = await api(`/teams/${encodeURIComponent(state.team)}/decisions`, filters());
    // Filters can change faster than answers come back: only the latest request's answer is shown.
    if (request !== logRequests) return;
    fillDeciders(list.deciders);
    body.replaceChildren(...list.decisions.map(decisionRow));
    $("log-table").hidden = list.decisions.length === 0;
    const filtered = Object.values(filters()).some((v) => v);
    $("log-count").textContent = filtered
      ? `${list.decisions.length} of ${list.total} decisions match.`
      : `${list.total} ${list.total === 1 ? "decision" : "decisions"}, newest first.`;
    if (list.total === 0) $("log-count").textContent = "No decisions yet. Resolved RFCs appear here.";
    else if (list.decisions.length === 0) $("log-count").textContent = `None of the ${list.total} decisions matches: loosen the filters or Clear them.`;
  } catch (error) {
    if (request !== logRequests) return;
    $("filter-error").textContent = problemText(error);
    $("filter-error").hidden = false;
  }
}

function fillDeciders(deciders) {
  const select = $("f-decider");
  const current = select.value;
  select.replaceChildren(new Option("Anyone", ""), ...deciders.map((d) => new Option(d.name, d.id)));
  select.value = deciders.some((d) => d.id === current) ? current : "";
}

function decisionRow(d) {
  const tr = document.createElement("tr");
  const open = document.createElement("button");
  open.type = "button";
  open.className = "linkish";
  open.textContent = d.number;
  open.setAttribute("aria-label", `${d.number}: open ${d.title}`);
  open.addEventListener("click", () => openDecision(d.number));
  const first = document.createElement("th");
  first.scope = "row";
  first.append(open);
  const status = d.supersededBy ? `Superseded by ${d.supersededBy}` : d.status;
  tr.append(first, cell(d.title), cell(status), cell(dateFormat.format(new Date(d.decidedAt))), cell(d.decider.name));
  tr.dataset.decision = d.number;
  return tr;
}

async function openDecision(number) {
  show("decision");
  $("decision-heading").textContent = `${number}`;
  $("decision-body").replaceChildren();
  $("decision-links").replaceChildren();
  try {
    const d = await api(`/teams/${encodeURIComponent(state.team)}/decisions/${encodeURIComponent(number)}`);
    $("decision-heading").textContent = `${d.number}: ${d.title}`;
    const links = [];
    if (d.pageUrl) links.push(link(d.pageUrl, "Open the decision page"));
    if (d.threadUrl) links.push(link(d.threadUrl, "Go to the thread"));
    if (links.length === 0) links.push(document.createTextNode("The decision page is being published; its link appears here when it is ready."));
    $("decision-links").replaceChildren(...links.flatMap((l, i) => (i ? [document.createTextNode(" · "), l] : [l])));

    // The sections are the decision page's own HTML: encoded and sanitised on the server (HtmlSanitizer allow-list).
    const parts = d.sections.map((s) => {
      const section = document.createElement("section");
      if (s.heading) {
        const h = document.createElement("h3");
        h.textContent = s.heading;
        section.append(h);
      }
      const content = document.createElement("div");
      content.innerHTML = s.html;
      for (const a of content.querySelectorAll("a")) {
        a.target = "_blank";
        a.rel = "noopener noreferrer";
      }
      section.append(content);
      return section;
    });
    $("decision-body").replaceChildren(...parts);
    $("decision-heading").focus();
  } catch (error) {
    $("decision-body").textContent = problemText(error);
  }
}

// ---- open RFCs ---------------------------------------------------------------------------------------------------

async function loadRfcs() {
  if (!state.team) return;
  const body = $("rfcs-table").tBodies[0];
  try {
    const list = await api(`/teams/${encodeURIComponent(state.team)}/rfcs`);
    body.replaceChildren(...list.rfcs.map((r) => {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.append(r.threadUrl ? link(r.threadUrl, r.number) : r.number);
      const waiting = r.waitingOn.length === 0
        ? "Everyone required has responded"
        : `${r.waitingFor === "decision" ? "Decision by " : ""}${r.waitingOn.map((p) => p.name).join(", ")}`;
      tr.append(
        th,
        cell(r.title),
        cell(r.state === "AwaitingDecision" ? "Awaiting decision" : "Open for comment"),
        cell(r.closesAt ? dateTimeFormat.format(new Date(r.closesAt)) : "–"),
        cell(waiting),
        cell(r.dueAt ? dateTimeFormat.format(new Date(r.dueAt)) : "–"),
      );
      return tr;
    }));
    $("rfcs-table").hidden = list.rfcs.length === 0;
    $("rfcs-count").textContent = list.rfcs.length === 0 ? "No RFC is open right now." : `${list.rfcs.length} open, the soonest closing first.`;
  } catch (error) {
    $("rfcs-count").textContent = problemText(error);
  }
}

// ---- metrics -----------------------------------------------------------------------------------------------------

async function loadMetrics() {
  const all = state.metricsScope === "all";
  if (!all && !state.team) return;
  try {
    const metrics = await api(all ? "/metrics" : `/teams/${encodeURIComponent(state.team)}/metrics`);
    const names = metrics.teams.map((t) => t.name).join(", ");
    $("metrics-note").textContent = `${all ? "All my teams" : names}: ${metrics.figures.rfcs} RFCs, ${metrics.figures.openRfcs} open. Periods in ${metrics.zone}.`;
    tiles(metrics.figures);
    charts.render($("charts"), metrics);
    document.body.dataset.metrics = "ready";
  } catch (error) {
    $("metrics-note").textContent = problemText(error);
  }
}

function tiles(f) {
  const items = [
    ["Decisions", format(f.decisions)],
    ["Median days to decide", format(f.timeToDecision.medianDays, "days")],
    ["90th percentile, days", format(f.timeToDecision.p90Days, "days")],
    ["Reviewers within the norm", format(f.shareWithinNorm, "percent")],
  ];
  $("tiles").replaceChildren(...items.map(([label, value]) => {
    const div = document.createElement("div");
    div.className = "tile";
    const strong = document.createElement("strong");
    strong.textContent = value;
    const span = document.createElement("span");
    span.textContent = label;
    div.append(strong, span);
    return div;
  }));
}

// ---- start -------------------------------------------------------------------------------------------------------

async function chooseTeam(id) {
  state.team = id;
  const team = state.teams.find((t) => t.id === id);
  $("title").textContent = team ? `Decisions — ${team.name}` : "Decisions";
  await loadLog();
  if (state.view === "rfcs") await loadRfcs();
  if (state.view === "metrics") await loadMetrics();
}

function wire() {
  $("filters").addEventListener("submit", (e) => {
    e.preventDefault();
    loadLog();
  });
  $("apply").addEventListener("click", () => loadLog());
  $("clear").addEventListener("click", () => {
    $("filters").reset();
    loadLog();
  });
  $("back").addEventListener("click", () => {
    show("log");
    $("log-heading").focus?.();
  });
  for (const tab of document.querySelectorAll("fluent-tab")) {
    tab.addEventListener("click", () => show(tab.dataset.view));
    tab.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") show(tab.dataset.view);
    });
  }
  $("tabs").addEventListener("change", () => {
    const active = $("tabs").activetab?.dataset?.view;
    if (active && active !== state.view && !(active === "log" && state.view === "decision")) show(active);
  });
  $("team").addEventListener("change", () => chooseTeam($("team").value));
  $("scope").addEventListener("change", () => {
    state.metricsScope = $("scope").value;
    loadMetrics();
  });
  onThemeChange(() => charts.recolour());
}

async function main() {
  wire();
  let host;
  try {
    host = await start();
  } catch (error) {
    $("status").textContent = "";
    if (error instanceof OutsideTeams) {
      $("gate").hidden = false;
      return;
    }
    say(`Sign-in failed: ${error.message}. Reload the tab; if it keeps failing, tell your admin.`);
    return;
  }

  const params = new URLSearchParams(location.search);
  const me = await api("/me");
  state.teams = me.teams;
  const fromContext = host.context?.team?.internalId;
  $("main").hidden = false;
  if (fromContext) {
    // Channel tab: the team is the one the tab was added to; the API still checks the roster.
    state.personal = false;
    state.teams = [{ id: fromContext, name: host.context.team.displayName ?? "Team" }, ...me.teams.filter((t) => t.id !== fromContext)];
    await chooseTeam(fromContext);
  } else if (me.teams.length === 0) {
    say(me.teamsNotChecked > 0
      ? "Teams could not tell us which of your teams use TeamsDecisions. Try again in a few minutes."
      : "None of your teams uses TeamsDecisions yet. Add the app to a team to see its decisions here.");
    $("main").hidden = true;
    return;
  } else {
    state.personal = true;
    $("team").replaceChildren(...me.teams.map((t) => new Option(t.name, t.id)));
    $("team-picker").hidden = false;
    $("scope-field").hidden = me.teams.length < 2;
    const wanted = params.get("team");
    const first = me.teams.some((t) => t.id === wanted) ? wanted : me.teams[0].id;
    $("team").value = first;
    await chooseTeam(first);
  }

  say(`Signed in as ${me.name}${host.inTeams ? "" : " (local mode)"}.`);
  const view = params.get("view");
  show(["log", "rfcs", "metrics"].includes(view) ? view : "log");
  document.body.dataset.ready = "true";
}

main();
