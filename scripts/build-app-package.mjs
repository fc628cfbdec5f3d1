// Renders appPackage/manifest.json from environment values and zips it with the icons into
// appPackage/build/appPackage.<env>.zip. Used by azd's postprovision hook; runnable by hand:
//   TEAMS_APP_ID=<guid> BOT_ID=<client id> TAB_CLIENT_ID=<client id> BOT_DOMAIN=<app>.azurewebsites.net AZURE_ENV_NAME=dev node scripts/build-app-package.mjs
// TAB_CLIENT_ID is the tab's Entra app registration (webApplicationInfo.id; its Application ID URI is
// api://BOT_DOMAIN/TAB_CLIENT_ID, the webApplicationInfo.resource Teams SSO asks a token for).
// TEAMS_APP_ID defaults to a stable id derived from BOT_ID. Exits non-zero, naming the variable, when one is missing.
// Needs Node 18 or later and nothing from npm (zlib.crc32 would need Node 20.15, so the CRC is computed here).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';

const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 18) {
  console.error(`build-app-package.mjs needs Node 18 or later; this is Node ${process.versions.node}. Install a current Node LTS and run azd provision (or this script) again.`);
  process.exit(2);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const appPackage = join(root, 'appPackage');
const env = process.env;
const botId = env.BOT_ID;
const tabClientId = env.TAB_CLIENT_ID;
const domain = (env.BOT_DOMAIN ?? '').replace(/^https?:\/\//, '').replace(/\/.*$/, '');
const envName = env.AZURE_ENV_NAME || 'local';
const missing = [['BOT_ID', botId], ['TAB_CLIENT_ID', tabClientId], ['BOT_DOMAIN', domain]].filter(([, v]) => !v).map(([k]) => k);
if (missing.length > 0) {
  console.error(`Set ${missing.join(' and ')} (the Bicep outputs them; azd exports them to the hook). TAB_CLIENT_ID is the tab's app registration: README, "Tab sign-in".`);
  process.exit(2);
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const teamsAppId = env.TEAMS_APP_ID || stableGuid(`teamsdecisions:${botId}`);
for (const [name, value] of [['BOT_ID', botId], ['TAB_CLIENT_ID', tabClientId], ['TEAMS_APP_ID', teamsAppId]]) {
  if (!guid.test(value)) {
    console.error(`${name} must be a GUID; it is "${value}".`);
    process.exit(2);
  }
}

const values = { TEAMS_APP_ID: teamsAppId, BOT_ID: botId, TAB_CLIENT_ID: tabClientId, BOT_DOMAIN: domain };
const manifest = readFileSync(join(appPackage, 'manifest.json'), 'utf8').replace(/\$\{\{(\w+)\}\}/g, (whole, key) => {
  if (!(key in values)) {
    console.error(`manifest.json uses \${{${key}}}, which this script does not know.`);
    process.exit(2);
  }
  return values[key];
});
const parsed = JSON.parse(manifest);

// Link unfurling: pasted links to decision pages on the SharePoint site (SHAREPOINT_SITE_URL, or the host that
// starts SHAREPOINT_SITE_ID) unfurl too; the app's own host is in the manifest already.
const sharePointHost = sharePointDomain(env.SHAREPOINT_SITE_URL, env.SHAREPOINT_SITE_ID);
if (sharePointHost) {
  for (const handler of parsed.composeExtensions?.flatMap(c => c.messageHandlers ?? []) ?? []) {
    if (handler.type === 'link' && !handler.value.domains.includes(sharePointHost)) {
      handler.value.domains.push(sharePointHost);
    }
  }
}
const finalManifest = JSON.stringify(parsed, null, 2);

const out = join(appPackage, 'build');
mkdirSync(out, { recursive: true });
const zipPath = join(out, `appPackage.${envName}.zip`);
writeFileSync(join(out, `manifest.${envName}.json`), finalManifest);
writeFileSync(zipPath, zip([
  ['manifest.json', Buffer.from(finalManifest, 'utf8')],
  ['color.png', readFileSync(join(appPackage, 'color.png'))],
  ['outline.png', readFileSync(join(appPackage, 'outline.png'))],
]));
console.log(zipPath);

function sharePointDomain(siteUrl, siteId) {
  if (siteUrl) {
    try {
      return new URL(siteUrl).host.toLowerCase();
    } catch {
      console.error(`SHAREPOINT_SITE_URL is not a URL: "${siteUrl}".`);
      process.exit(2);
    }
  }
  const host = (siteId ?? '').split(',')[0].trim().toLowerCase();
  return /^[a-z0-9.-]+\.sharepoint\.com$/.test(host) ? host : null;
}

function stableGuid(seed) {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// CRC-32 (IEEE 802.3, the polynomial ZIP uses) with a 256-entry table, built on first use (function declarations
// are hoisted; a top-level const would not exist yet when zip() runs above).
function crc32(bytes) {
  crc32.table ??= Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc = crc32.table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// A minimal ZIP writer (deflate, no directories): Teams reads the three files at the root of the archive.
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = deflateRawSync(data);
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6); local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10); local.writeUInt16LE(0x21, 12); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBytes.length, 26); local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0, 8); central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12); central.writeUInt16LE(0x21, 14); central.writeUInt32LE(crc, 16); central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24); central.writeUInt16LE(nameBytes.length, 28); central.writeUInt16LE(0, 30); central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34); central.writeUInt16LE(0, 36); central.writeUInt32LE(0, 38); central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
