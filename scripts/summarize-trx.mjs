// Sums the outcome counters of every .trx file (and every Node .junit.xml) under a folder and prints "N passed, N failed".
// A test project that failed to build or crashed leaves no .trx: that counts as a failure too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? 'TestResults';
const files = [];
const walk = (dir) => {
  let entries = [];
  try { entries = readdirSync(dir); } catch { return; }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.trx')) files.push(path);
    else if (name.endsWith('.junit.xml')) junit.push(path);
  }
};
const junit = [];
walk(root);

let passed = 0;
let failed = 0;
for (const file of files) {
  const xml = readFileSync(file, 'utf8');
  const counters = xml.match(/<Counters\b[^>]*>/);
  if (!counters) { failed += 1; continue; }
  const read = (name) => Number((counters[0].match(new RegExp(`\\b${name}="(\\d+)"`)) ?? [])[1] ?? 0);
  passed += read('passed');
  failed += read('failed') + read('error') + read('timeout') + read('aborted');
}
// JUnit files from Node's test runner (node --test --test-reporter=junit): each <testcase> counts once, failed
// when it holds a <failure>; skipped ones count neither way. A JavaScript suite that was expected and wrote no file
// leaves an empty <name>.junit.xml (scripts/test-outlook.sh), which counts as a failure.
for (const file of junit) {
  const xml = readFileSync(file, 'utf8');
  const cases = xml.match(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g) ?? [];
  if (cases.length === 0) { failed += 1; continue; }
  for (const one of cases) {
    if (/<failure\b/.test(one)) failed += 1;
    else if (!/<skipped\b/.test(one)) passed += 1;
  }
}
if (files.length === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
