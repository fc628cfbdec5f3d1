// The meeting test in Outlook's meeting form: reads the meeting (commands.js), asks the questionnaire, shows the
// app's verdict, and offers the async alternatives. Sign-in is Office SSO (OfficeRuntime.auth.getAccessToken, with a
// prompt when needed); in local mode there is no token and the app accepts loopback callers as the developer.
// Every text from the meeting or the app is put in with textContent, never as HTML.

const outlook = globalThis.TeamsDecisionsOutlook;
const $ = (id) => document.getElementById(id);

let meeting = null;
let verdict = null;

function show(id, visible) {
  $(id).hidden = !visible;
}

function problem(text) {
  $("problem").textContent = text || "";
  show("problem", Boolean(text));
}

/** The app's problem+json title, or what went wrong in words. */
function why(answer, fallback) {
  if (answer && answer.status === 401) {
    return "Sign in again: TeamsDecisions could not tell who you are.";
  }

  return (answer && answer.body && (answer.body.title || answer.body.detail)) || fallback;
}

async function call(method, path, body) {
  return outlook.callApi(method, path, body, { interactive: true });
}

function describe(m) {
  const when = m.start ? new Date(m.start).toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }) : "no time yet";
  const people = m.attendees.length + (m.organizer ? 1 : 0);
  const repeats = m.recurrence ? `, repeats ${m.recurrence.type}` : "";
  return `${m.subject || "(no subject)"} · ${when}${repeats} · ${people} ${people === 1 ? "person" : "people"}`;
}

async function readTheMeeting() {
  try {
    meeting = await outlook.readMeeting(Office.context.mailbox, { withBody: true });
    $("meeting-summary").textContent = describe(meeting);
    $("agenda").value = meeting.agenda || "";
    show("questionnaire", true);
  } catch (error) {
    $("meeting-summary").textContent = "";
    problem(`Outlook could not read the meeting: ${error.message}`);
  }
}

function answers() {
  return { purpose: $("purpose").value, realTime: $("realTime").checked, visual: $("visual").checked, shared: $("shared").checked };
}

function renderVerdict(v) {
  $("verdict-title").textContent = v.verdictTitle;
  $("verdict-cost").textContent = v.cost.summary;
  const list = $("verdict-reasons");
  list.replaceChildren(...v.reasons.map((reason) => {
    const item = document.createElement("li");
    item.textContent = reason;
    return item;
  }));
  $("questions").value = ($("agenda").value || "").split("\n").map((q) => q.trim()).filter(Boolean).join("\n");
  show("verdict", true);
}

async function takeTheTest(event) {
  event.preventDefault();
  problem("");
  $("take-test").disabled = true;
  try {
    const answer = await call("POST", "/api/meeting-test", { ...meeting, agenda: $("agenda").value, answers: answers() });
    if (!answer.ok) {
      problem(why(answer, "The meeting test did not run. Try again."));
      return;
    }

    verdict = answer.body;
    renderVerdict(verdict);
    await loadTeams();
  } catch (error) {
    problem(`TeamsDecisions did not answer: ${error.message}`);
  } finally {
    $("take-test").disabled = false;
  }
}

function options(select, items, empty) {
  select.replaceChildren(...(items.length ? items : [{ id: "", name: empty }]).map((item) => {
    const option = document.createElement("option");
    option.value = item.id;
    option.textContent = item.name;
    return option;
  }));
}

async function loadTeams() {
  const answer = await call("GET", "/api/tab/me");
  const teams = answer.ok && answer.body ? answer.body.teams : [];
  options($("team"), teams, "No team with TeamsDecisions found");
  await loadChannels();
}

async function loadChannels() {
  const team = $("team").value;
  if (!team) {
    options($("channel"), [], "—");
  } else {
    const answer = await call("GET", `/api/meeting-test/channels?team=${encodeURIComponent(team)}`);
    options($("channel"), answer.ok && answer.body ? answer.body.channels : [], "No channel available");
  }

  $("post-thread").disabled = !$("channel").value;
}

async function postThread() {
  problem("");
  show("thread-result", false);
  $("post-thread").disabled = true;
  try {
    const questions = $("questions").value.split("\n").map((q) => q.trim()).filter(Boolean);
    const answer = await call("POST", "/api/meeting-test/post-thread", {
      meeting: { ...meeting, agenda: $("agenda").value, answers: answers() },
      team: $("team").value,
      channel: $("channel").value,
      questions,
    });
    if (!answer.ok) {
      problem(why(answer, "The thread was not posted. Try again."));
      return;
    }

    const posted = answer.body;
    const by = new Date(posted.replyBy).toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
    $("thread-result").textContent = `Posted in ${posted.teamName} › ${posted.channelName}. Replies are due by ${by}. You can cancel the meeting, or keep it for what the thread leaves open.`;
    show("thread-result", true);
  } catch (error) {
    problem(`TeamsDecisions did not answer: ${error.message}`);
  } finally {
    $("post-thread").disabled = !$("channel").value;
  }
}

function startRfc() {
  const link = verdict && verdict.startRfcLink;
  if (!link) {
    show("rfc-hint", true);
    return;
  }

  if (Office.context.ui && typeof Office.context.ui.openBrowserWindow === "function") {
    Office.context.ui.openBrowserWindow(link);
  } else {
    window.open(link, "_blank", "noopener");
  }
}

Office.onReady(() => {
  $("questionnaire").addEventListener("submit", takeTheTest);
  $("team").addEventListener("change", loadChannels);
  $("post-thread").addEventListener("click", postThread);
  $("start-rfc").addEventListener("click", startRfc);
  readTheMeeting();
});
