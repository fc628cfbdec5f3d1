// The configurable tab's configuration page: which view the channel tab opens on. The team comes from the Teams
// context when the tab loads, so the URL names only the view.
import { setTheme } from "/lib/fluent/web-components.min.js";
import { themes } from "/lib/fluent/teams-themes.js";

const teams = window.microsoftTeams;
const status = document.getElementById("config-status");

function chosen() {
  return document.querySelector("input[name=view]:checked")?.value ?? "log";
}

async function main() {
  try {
    await teams.app.initialize();
  } catch {
    status.textContent = "Open this in Microsoft Teams to add the Decisions tab to a channel.";
    return;
  }

  const context = await teams.app.getContext();
  const applyTheme = (name) => {
    const theme = Object.hasOwn(themes, name) ? name : "default";
    setTheme(themes[theme]);
    document.documentElement.dataset.theme = theme;
  };
  applyTheme(context?.app?.theme);
  teams.app.registerOnThemeChangeHandler(applyTheme);
  const names = { log: "Decisions", rfcs: "Open RFCs", metrics: "Async health" };
  teams.pages.config.registerOnSaveHandler(async (save) => {
    const view = chosen();
    const contentUrl = `${location.origin}/tab/index.html?view=${encodeURIComponent(view)}`;
    await teams.pages.config.setConfig({
      entityId: `decisions-${view}`,
      suggestedDisplayName: names[view],
      contentUrl,
      websiteUrl: contentUrl,
    });
    save.notifySuccess();
  });
  for (const input of document.querySelectorAll("input[name=view]")) {
    input.addEventListener("change", () => teams.pages.config.setValidityState(true));
  }

  teams.pages.config.setValidityState(true);
  teams.app.notifySuccess?.();
}

main();
