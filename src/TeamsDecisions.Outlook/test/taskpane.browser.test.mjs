// The task pane in headless Chromium (Debian's, driven by playwright-core from .tools/node_modules), served from a
// loopback server, with Office.js replaced by a mock of Outlook's meeting form and the app's API answered by
// page.route: questionnaire → verdict → "post as thread" request, and "Start an RFC instead".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const addinDir = resolve(here, '..', 'addin');
const repoRoot = resolve(here, '..', '..', '..');
const toolsModules = process.env.TOOLS_NODE_MODULES ?? join(repoRoot, '.tools', 'node_modules');
const screenshots = process.env.OUTLOOK_SCREENSHOTS ?? join(repoRoot, 'TestResults', 'outlook');
const { chromium } = createRequire(join(toolsModules, 'noop.js'))('playwright-core');

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

// Outlook's meeting form: a weekly one-hour meeting with three invitees, organised from Paris.
const officeMock = `
window.__opened = [];
const value = (v) => ({ getAsync(a, b) { (b || a)({ status: 'succeeded', value: v }); } });
window.Office = {
  onReady(callback) { setTimeout(() => callback({ host: 'Outlook' }), 0); return Promise.resolve({ host: 'Outlook' }); },
  MailboxEnums: { SendModeOverride: { PromptUser: 'promptUser' } },
  context: {
    ui: { openBrowserWindow(url) { window.__opened.push(url); } },
    mailbox: {
      userProfile: { timeZone: 'Europe/Paris' },
      item: {
        subject: value('Weekly architecture sync'),
        start: value(new Date('2026-12-01T14:00:00Z')),
        end: value(new Date('2026-12-01T15:00:00Z')),
        requiredAttendees: value([{ emailAddress: 'amara@contoso.com' }, { emailAddress: 'wei@contoso.com' }]),
        optionalAttendees: value([{ emailAddress: 'li@contoso.com' }]),
        organizer: value({ emailAddress: 'zofia@contoso.com' }),
        recurrence: value({ recurrenceType: 'weekly', recurrenceProperties: { interval: 1, days: ['tue'] }, recurrenceTimeZone: { name: 'Romance Standard Time' } }),
        body: value('Where are we on the Kafka migration?\\nWho reviews the schema changes?\\n'),
      },
    },
  },
};`;

const verdict = {
  verdict: 'MakeItAThread',
  verdictTitle: 'Make it a thread',
  reasons: ['A status update achieves the same outcome as a written thread: people read it when it suits them, and it stays findable.', 'Async makes the time-zone spread an asset rather than a constraint: it already lands outside 08:00–18:00 for 1 of 4 people.'],
  purpose: 'StatusUpdate',
  purposeTitle: 'Status update',
  purposeGuessed: false,
  cost: { personHoursPerMonth: 17.1, recurring: true, recurrence: 'weekly', people: 4, timeZones: 2, burden: 'lands at 22:00 for 1 person in Singapore', summary: 'This weekly meeting costs 17.1 person-hours a month and lands at 22:00 for 1 person in Singapore.', outsideWorkingHours: [] },
  alert: { ask: true, message: 'This weekly meeting costs 17.1 person-hours a month and lands at 22:00 for 1 person in Singapore. Would a written async thread achieve the same outcome?' },
  question: 'Would this meeting achieve the same outcome as a written async thread?',
  startRfcLink: null,
};

let server;
let origin;
let browser;

before(async () => {
  server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname.replace(/^\/addin\//, '');
    try {
      const body = await readFile(join(addinDir, path.replace(/\.\.+/g, '')));
      response.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => server ? server.close(done) : done());
});

/** A task pane with Office mocked and the API answered by the given handlers; records every API request. */
async function openPane(api) {
  const page = await browser.newPage({ viewport: { width: 360, height: 900 } });
  const requests = [];
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route('https://appsforoffice.microsoft.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: officeMock }));
  await page.route(`${origin}/api/**`, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const key = `${request.method()} ${url.pathname}`;
    const body = request.postData() ? JSON.parse(request.postData()) : undefined;
    requests.push({ key, query: url.search, body, headers: request.headers() });
    const answer = api[key] ? api[key](body, url) : { status: 404, body: { title: 'Not found' } };
    await route.fulfill({ status: answer.status ?? 200, contentType: answer.status >= 400 ? 'application/problem+json' : 'application/json', body: JSON.stringify(answer.body) });
  });
  await page.goto(`${origin}/addin/taskpane.html`);
  return { page, requests, errors };
}

const happyApi = {
  'POST /api/meeting-test': () => ({ body: verdict }),
  'GET /api/tab/me': () => ({ body: { name: 'Zofia Wójcik', teams: [{ id: '19:team@thread.tacv2', name: 'Platform Engineering' }], teamsNotChecked: 0 } }),
  'GET /api/meeting-test/channels': () => ({ body: { team: '19:team@thread.tacv2', channels: [{ id: '19:team@thread.tacv2', name: 'General' }, { id: '19:arch@thread.tacv2', name: 'Architecture' }] } }),
  'POST /api/meeting-test/post-thread': () => ({ body: { team: '19:team@thread.tacv2', teamName: 'Platform Engineering', channel: '19:arch@thread.tacv2', channelName: 'Architecture', replyBy: '2026-12-02T09:00:00Z', questions: 2 } }),
};

test('questionnaire → verdict with the facts → post as an async thread in the chosen channel', async () => {
  const { page, requests, errors } = await openPane(happyApi);
  try {
    await page.waitForSelector('#questionnaire:not([hidden])');
    assert.match(await page.textContent('#meeting-summary'), /Weekly architecture sync .* repeats weekly · 4 people/);
    assert.equal(await page.inputValue('#agenda'), 'Where are we on the Kafka migration?\nWho reviews the schema changes?');

    await page.selectOption('#purpose', 'StatusUpdate');
    await page.check('#shared');
    await page.click('#take-test');
    await page.waitForSelector('#verdict:not([hidden])');
    await page.waitForFunction(() => document.querySelectorAll('#channel option').length === 2);

    const test = requests.find((r) => r.key === 'POST /api/meeting-test');
    assert.equal(test.body.subject, 'Weekly architecture sync');
    assert.equal(test.body.timeZone, 'Romance Standard Time');
    assert.deepEqual(test.body.recurrence, { type: 'weekly', interval: 1, days: ['tue'] });
    assert.deepEqual(test.body.answers, { purpose: 'StatusUpdate', realTime: false, visual: false, shared: true });
    assert.equal(test.body.attendees.length, 3);
    assert.equal(await page.textContent('#verdict-title'), 'Make it a thread');
    assert.equal(await page.textContent('#verdict-cost'), verdict.cost.summary);
    assert.equal(await page.locator('#verdict-reasons li').count(), 2);
    assert.equal(requests.find((r) => r.key === 'GET /api/meeting-test/channels').query, '?team=19%3Ateam%40thread.tacv2');

    await page.selectOption('#channel', '19:arch@thread.tacv2');
    await mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'taskpane-verdict.png'), fullPage: true });
    await page.click('#post-thread');
    await page.waitForSelector('#thread-result:not([hidden])');

    const post = requests.find((r) => r.key === 'POST /api/meeting-test/post-thread');
    assert.equal(post.body.team, '19:team@thread.tacv2');
    assert.equal(post.body.channel, '19:arch@thread.tacv2');
    assert.deepEqual(post.body.questions, ['Where are we on the Kafka migration?', 'Who reviews the schema changes?']);
    assert.equal(post.body.meeting.subject, 'Weekly architecture sync');
    assert.equal(post.body.meeting.answers.purpose, 'StatusUpdate');
    assert.match(await page.textContent('#thread-result'), /^Posted in Platform Engineering › Architecture\. Replies are due by /);
    await page.screenshot({ path: join(screenshots, 'taskpane-posted.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('Start an RFC instead: opens the Teams link the app gives, or says what to send when there is none (local mode)', async () => {
  const link = 'https://teams.microsoft.com/l/chat/0/0?users=28:bot&message=rfc%20new';
  const withLink = await openPane({ ...happyApi, 'POST /api/meeting-test': () => ({ body: { ...verdict, startRfcLink: link } }) });
  try {
    await withLink.page.waitForSelector('#questionnaire:not([hidden])');
    await withLink.page.click('#take-test');
    await withLink.page.waitForSelector('#verdict:not([hidden])');
    await withLink.page.click('#start-rfc');
    assert.deepEqual(await withLink.page.evaluate(() => window.__opened), [link]);
  } finally {
    await withLink.page.close();
  }

  const local = await openPane({ ...happyApi, 'GET /api/tab/me': () => ({ body: { name: 'Zofia Wójcik', teams: [], teamsNotChecked: 0 } }) });
  try {
    await local.page.waitForSelector('#questionnaire:not([hidden])');
    await local.page.click('#take-test');
    await local.page.waitForSelector('#verdict:not([hidden])');
    await local.page.click('#start-rfc');
    await local.page.waitForSelector('#rfc-hint:not([hidden])');
    assert.deepEqual(await local.page.evaluate(() => window.__opened), []);
    assert.equal(await local.page.isDisabled('#post-thread'), true, 'No team to post in: nothing to press.');
    assert.equal(await local.page.textContent('#team'), 'No team with TeamsDecisions found');
  } finally {
    await local.page.close();
  }
});

test('a refused request shows the app\'s problem title and no verdict', async () => {
  const { page } = await openPane({ ...happyApi, 'POST /api/meeting-test': () => ({ status: 400, body: { title: 'The agenda is 5,000 characters; at most 4,000. Shorten it, or link to a document.', errors: { agenda: ['…'] } } }) });
  try {
    await page.waitForSelector('#questionnaire:not([hidden])');
    await page.click('#take-test');
    await page.waitForSelector('#problem:not([hidden])');
    assert.match(await page.textContent('#problem'), /^The agenda is 5,000 characters/);
    assert.equal(await page.isHidden('#verdict'), true);
  } finally {
    await page.close();
  }
});
