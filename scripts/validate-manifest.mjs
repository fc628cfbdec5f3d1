// Validates a rendered Teams app manifest against the v1.30 schema offline, with Microsoft's own validator
// (npm @microsoft/app-manifest), and prints {"errors": [...]} as JSON. Exit code 0 when valid.
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
const errors = await AppManifestUtils.validateAgainstSchema(manifest, schema);
console.log(JSON.stringify({ errors }));
process.exit(errors.length === 0 ? 0 : 1);
