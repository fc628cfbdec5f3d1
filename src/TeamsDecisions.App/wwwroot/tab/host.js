// Teams host: initialise TeamsJS, sign in (authentication.getAuthToken), follow the Teams theme. Outside Teams the
// page works only when the server is in local mode (GET /api/tab/mode, anonymous); there ?theme= picks the theme
// through the same code path Teams' theme changes take.
import { setTheme } from "/lib/fluent/web-components.min.js";
import { themes } from "/lib/fluent/teams-themes.js";

const InitTimeoutMs = 4000;
const themeListeners = [];
let token = null;
let teams = null;
let inTeams = false;

/** Applies a Teams theme name ("default", "dark", "contrast"); anything else is "default". */
export function applyTheme(name) {
  const theme = Object.hasOwn(themes, name) ? name : "default";
  setTheme(themes[theme]);
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme === "default" ? "light" : "dark";
  for (const listener of themeListeners) listener(theme);
}

export function onThemeChange(listener) {
  themeListeners.push(listener);
}

/**
 * TeamsJS, loaded only when the page may be in Teams: on load it fetches Teams' list of valid origins from Microsoft's
 * CDN, which a plain browser in local mode has no use for (and the test machine cannot reach).
 */
function loadTeamsJs() {
  if (window.microsoftTeams) return Promise.resolve(window.microsoftTeams);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "/lib/teams-js/MicrosoftTeams.min.js";
    script.onload = () => resolve(window.microsoftTeams);
    script.onerror = () => reject(new Error("TeamsJS did not load"));
    document.head.append(script);
  });
}

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);
}

/**
 * Starts the page: { inTeams, local, context } or throws OutsideTeams when it may not run here.
 * In Teams: the context's theme, and every theme change after.
 */
export async function start() {
  const mode = await fetch("/api/tab/mode", { headers: { Accept: "application/json" } }).then((r) => r.json());
  const framed = window.parent !== window || !!window.nativeInterface;
  let context = null;
  if (framed || !mode.local) {
    try {
      teams = await loadTeamsJs();
      await withTimeout(teams.app.initialize(), InitTimeoutMs);
      context = await teams.app.getContext();
      inTeams = true;
    } catch {
      inTeams = false;
    }
  }

  if (inTeams) {
    applyTheme(context?.app?.theme);
    teams.app.registerOnThemeChangeHandler((theme) => applyTheme(theme));
    try {
      token = await teams.authentication.getAuthToken();
    } catch (error) {
      if (!mode.local) throw new SignInFailed(String(error?.message ?? error));
    }
    teams.app.notifySuccess?.();
  } else if (mode.local) {
    applyTheme(new URLSearchParams(location.search).get("theme") ?? "default");
  } else {
    applyTheme("default");
    throw new OutsideTeams();
  }

  return { inTeams, local: mode.local, context };
}

export class OutsideTeams extends Error {}

export class SignInFailed extends Error {}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.title ?? `The app answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

/** GET /api/tab/...: JSON, with the Teams token when there is one; a problem response becomes an ApiError. */
export async function api(path, params) {
  const url = new URL("/api/tab" + path, location.origin);
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }

  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response = await fetch(url, { headers });
  if (response.status === 401 && inTeams) {
    // The token may have expired while the tab stayed open: TeamsJS gives a fresh one.
    token = await teams.authentication.getAuthToken();
    headers.Authorization = `Bearer ${token}`;
    response = await fetch(url, { headers });
  }

  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}
