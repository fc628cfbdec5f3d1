// Validates a rendered Teams app manifest against the v1.30 schema offline, with Microsoft's own validator
// (npm @microsoft/app-manifest), plus what the schema cannot say about the Outlook add-in's `extensions` (see
// extensionErrors), and prints {"errors": [...]} as JSON. Exit code 0 when valid.
//   node scripts/validate-manifest.mjs appPackage/build/manifest.dev.json
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, '.tools', 'node_modules', 'noop.js'));
const { AppManifestUtils } = require('@microsoft/app-manifest');
const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const schema = JSON.parse(readFileSync(join(root, 'tests', 'schemas', 'MicrosoftTeams.v1.30.schema.json'), 'utf8'));
const errors = [...await AppManifestUtils.validateAgainstSchema(manifest, schema), ...extensionErrors(manifest)];
console.log(JSON.stringify({ errors }));
process.exit(errors.length === 0 ? 0 : 1);

/**
 * The schema checks each part of `extensions` alone; Outlook also needs them to fit together: every ribbon control and
 * event names an action a runtime declares, event types are the unified manifest's names (appointmentSending, not
 * OnAppointmentSend, which Outlook ignores silently), send events say their sendMode, and every page, script and icon
 * is https on one of validDomains.
 */
function extensionErrors(manifest) {
  const found = [];
  const domains = new Set((manifest.validDomains ?? []).map((d) => d.toLowerCase()));
  // learn.microsoft.com/office/dev/add-ins/outlook/autolaunch, "Supported events", unified manifest names.
  const events = new Set(['newMessageComposeCreated', 'newAppointmentOrganizerCreated', 'messageAttachmentsChanged', 'appointmentAttachmentsChanged',
    'messageRecipientsChanged', 'appointmentAttendeesChanged', 'appointmentTimeChanged', 'appointmentRecurrenceChanged', 'infoBarDismissClicked',
    'messageSending', 'appointmentSending', 'messageComposeOpened', 'appointmentOrganizerOpened', 'messageFromChanged', 'appointmentFromChanged',
    'sensitivityLabelChanged']);
  (manifest.extensions ?? []).forEach((extension, e) => {
    const at = `/extensions/${e}`;
    const actions = new Set((extension.runtimes ?? []).flatMap((r) => (r.actions ?? []).map((a) => a.id)));
    const url = (where, value) => {
      let parsed;
      try { parsed = new URL(value); } catch { found.push(`${where} is not a URL: ${value}`); return; }
      if (parsed.protocol !== 'https:') found.push(`${where} must be https: ${value}`);
      if (domains.size > 0 && !domains.has(parsed.host.toLowerCase())) found.push(`${where} is not on validDomains: ${value}`);
    };
    (extension.runtimes ?? []).forEach((runtime, r) => {
      for (const key of ['page', 'script']) if (runtime.code?.[key]) url(`${at}/runtimes/${r}/code/${key}`, runtime.code[key]);
    });
    (extension.ribbons ?? []).forEach((ribbon, b) => (ribbon.tabs ?? []).forEach((tab, t) => (tab.groups ?? []).forEach((group, g) => {
      const groupAt = `${at}/ribbons/${b}/tabs/${t}/groups/${g}`;
      (group.icons ?? []).forEach((icon, i) => url(`${groupAt}/icons/${i}/url`, icon.url));
      (group.controls ?? []).forEach((control, c) => {
        if (control.actionId && !actions.has(control.actionId)) found.push(`${groupAt}/controls/${c}/actionId "${control.actionId}" is no action of a runtime`);
        (control.icons ?? []).forEach((icon, i) => url(`${groupAt}/controls/${c}/icons/${i}/url`, icon.url));
      });
    })));
    (extension.autoRunEvents ?? []).forEach((autoRun, a) => (autoRun.events ?? []).forEach((event, v) => {
      const eventAt = `${at}/autoRunEvents/${a}/events/${v}`;
      if (!events.has(event.type)) found.push(`${eventAt}/type "${event.type}" is not an event of the unified manifest (e.g. appointmentSending for OnAppointmentSend)`);
      if (!actions.has(event.actionId)) found.push(`${eventAt}/actionId "${event.actionId}" is no action of a runtime`);
      if (/Sending$/.test(event.type ?? '') && !event.options?.sendMode) found.push(`${eventAt}/options/sendMode is required for a send event`);
    }));
  });
  return found;
}
