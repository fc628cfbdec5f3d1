// The add-in's Office.js side under Node's test runner, with office-addin-mock standing in for Outlook: reading the
// meeting, the calls to the app, and the send-time check (asks with the app's facts, lets the invitation go otherwise).
import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { OfficeMockObject } = require('office-addin-mock');
const addin = require('../addin/commands.js');

const weeklyAlert = 'This weekly meeting costs 30 person-hours a month and lands at 22:00 for 3 people in Singapore. Would a written async thread achieve the same outcome?';

/** An Outlook appointment in the organiser's compose form, as office-addin-mock serves it. */
function mailbox({ recurrence = null, subject = 'Weekly architecture sync', failSubject = false } = {}) {
  const value = (v) => ({ getAsync(optionsOrCallback, maybeCallback) { (maybeCallback ?? optionsOrCallback)({ status: 'succeeded', value: v }); } });
  return new OfficeMockObject({
    context: {
      mailbox: {
        userProfile: { timeZone: 'Europe/Paris', emailAddress: 'zofia@contoso.com' },
        item: {
          itemType: 'appointment',
          subject: failSubject
            ? { getAsync(cb) { cb({ status: 'failed', error: { message: 'Item not available.' } }); } }
            : value(subject),
          start: value(new Date('2026-12-01T14:00:00Z')),
          end: value(new Date('2026-12-01T15:00:00Z')),
          requiredAttendees: value([{ emailAddress: 'amara@contoso.com', displayName: 'Amara' }, { emailAddress: 'wei@contoso.com', displayName: 'Wei' }]),
          optionalAttendees: value([{ emailAddress: 'li@contoso.com', displayName: 'Li' }]),
          organizer: value({ emailAddress: 'zofia@contoso.com', displayName: 'Zofia' }),
          recurrence: value(recurrence),
          body: value('Where are we on Kafka?\nWho owns the migration?\n'),
        },
      },
    },
    MailboxEnums: { SendModeOverride: { PromptUser: 'promptUser' } },
  }, 'outlook');
}

const weekly = { recurrenceType: 'weekly', recurrenceProperties: { interval: 1, days: ['tue'] }, recurrenceTimeZone: { name: 'Romance Standard Time' } };

/** A fetch that records each request and answers with the given status and body (or never, or throws). */
function fakeFetch(answer) {
  const calls = [];
  const fetch = (url, init) => {
    calls.push({ url, init, body: init.body ? JSON.parse(init.body) : undefined });
    if (answer === 'hang') return new Promise(() => {});
    if (answer instanceof Error) return Promise.reject(answer);
    const { status = 200, body } = answer;
    return Promise.resolve({ ok: status >= 200 && status < 300, status, text: () => Promise.resolve(JSON.stringify(body)) });
  };
  return { fetch, calls };
}

/** The send event: resolves with what the handler passed to event.completed. */
function sendEvent() {
  let completed;
  const done = new Promise((resolve) => { completed = resolve; });
  return { event: { completed: (options) => completed(options) }, done };
}

afterEach(() => { delete globalThis.Office; });

describe('readMeeting', () => {
  test('reads subject, times, attendees, organizer, recurrence and its time zone', async () => {
    const office = mailbox({ recurrence: weekly });

    const meeting = await addin.readMeeting(office.context.mailbox);

    assert.deepEqual(meeting, {
      subject: 'Weekly architecture sync',
      start: '2026-12-01T14:00:00.000Z',
      end: '2026-12-01T15:00:00.000Z',
      timeZone: 'Romance Standard Time',
      organizer: { email: 'zofia@contoso.com', timeZone: 'Europe/Paris' },
      attendees: [{ email: 'amara@contoso.com' }, { email: 'wei@contoso.com' }, { email: 'li@contoso.com' }],
      recurrence: { type: 'weekly', interval: 1, days: ['tue'] },
    });
  });

  test('a single meeting has no recurrence and the mailbox time zone; the body is the agenda when asked', async () => {
    const meeting = await addin.readMeeting(mailbox().context.mailbox, { withBody: true });

    assert.equal(meeting.recurrence, null);
    assert.equal(meeting.timeZone, 'Europe/Paris');
    assert.equal(meeting.agenda, 'Where are we on Kafka?\nWho owns the migration?');
  });

  test('a failed getter rejects with Outlook\'s message', async () => {
    await assert.rejects(addin.readMeeting(mailbox({ failSubject: true }).context.mailbox), /Item not available/);
  });
});

describe('callApi', () => {
  test('posts JSON with the bearer token to the app and returns status and body', async () => {
    const { fetch, calls } = fakeFetch({ status: 200, body: { verdict: 'MakeItAThread' } });

    const answer = await addin.callApi('POST', '/api/meeting-test', { subject: 'x' }, { fetch, baseUrl: 'https://decisions.contoso.com', token: 'tok' });

    assert.deepEqual(answer, { ok: true, status: 200, body: { verdict: 'MakeItAThread' } });
    assert.equal(calls[0].url, 'https://decisions.contoso.com/api/meeting-test');
    assert.equal(calls[0].init.method, 'POST');
    assert.equal(calls[0].init.headers.Authorization, 'Bearer tok');
    assert.equal(calls[0].init.headers['Content-Type'], 'application/json');
    assert.deepEqual(calls[0].body, { subject: 'x' });
  });

  test('without a token no Authorization header is sent (local mode)', async () => {
    const { fetch, calls } = fakeFetch({ status: 200, body: {} });

    await addin.callApi('GET', '/api/tab/me', undefined, { fetch, baseUrl: '', token: null });

    assert.equal(calls[0].init.headers.Authorization, undefined);
    assert.equal(calls[0].init.body, undefined);
  });

  test('Office SSO is asked for a token without a prompt unless interactive, and its failure means no token', async () => {
    const asked = [];
    globalThis.OfficeRuntime = { auth: { getAccessToken: (options) => { asked.push(options); return Promise.reject(new Error('13001')); } } };
    try {
      const { fetch, calls } = fakeFetch({ status: 401, body: { title: 'Sign in' } });

      const answer = await addin.callApi('GET', '/api/tab/me', undefined, { fetch, baseUrl: '' });

      assert.equal(asked[0].allowSignInPrompt, false);
      assert.equal(calls[0].init.headers.Authorization, undefined);
      assert.equal(answer.status, 401);
    } finally {
      delete globalThis.OfficeRuntime;
    }
  });
});

describe('onAppointmentSendHandler', () => {
  test('a recurring meeting: asks the app\'s question with the facts, Send anyway offered (promptUser), go back opens the task pane', async () => {
    globalThis.Office = mailbox({ recurrence: weekly });
    const { fetch, calls } = fakeFetch({ status: 200, body: { alert: { ask: true, message: weeklyAlert } } });
    const { event, done } = sendEvent();

    addin.onAppointmentSendHandler(event, { fetch, baseUrl: 'https://decisions.contoso.com', token: 'tok' });
    const completion = await done;

    assert.deepEqual(completion, {
      allowEvent: false,
      errorMessage: weeklyAlert,
      cancelLabel: 'Take the meeting test',
      commandId: 'meetingTestButton',
      sendModeOverride: 'promptUser',
    });
    assert.equal(calls[0].body.recurrence.type, 'weekly');
    assert.equal(calls[0].body.answers, undefined, 'At send time there is no questionnaire: the app guesses the purpose.');
  });

  test('a cheap one-off meeting: the app says not to ask, the invitation goes', async () => {
    globalThis.Office = mailbox();
    const { fetch } = fakeFetch({ status: 200, body: { alert: { ask: false, message: null } } });
    const { event, done } = sendEvent();

    addin.onAppointmentSendHandler(event, { fetch, baseUrl: '', token: null });

    assert.deepEqual(await done, { allowEvent: true });
  });

  test('the app refuses (401, 400, 500): the invitation goes', async () => {
    for (const status of [401, 400, 500]) {
      globalThis.Office = mailbox({ recurrence: weekly });
      const { fetch } = fakeFetch({ status, body: { title: 'no' } });
      const { event, done } = sendEvent();

      addin.onAppointmentSendHandler(event, { fetch, baseUrl: '', token: null });

      assert.deepEqual(await done, { allowEvent: true }, `status ${status}`);
    }
  });

  test('the app is unreachable: the invitation goes', async () => {
    globalThis.Office = mailbox({ recurrence: weekly });
    const { fetch } = fakeFetch(new TypeError('Failed to fetch'));
    const { event, done } = sendEvent();

    addin.onAppointmentSendHandler(event, { fetch, baseUrl: '', token: null });

    assert.deepEqual(await done, { allowEvent: true });
  });

  test('the app does not answer in time: the invitation goes after the timeout, well within the platform limit', async () => {
    globalThis.Office = mailbox({ recurrence: weekly });
    const { fetch } = fakeFetch('hang');
    const { event, done } = sendEvent();
    const started = Date.now();

    addin.onAppointmentSendHandler(event, { fetch, baseUrl: '', token: null, timeoutMs: 150 });

    assert.deepEqual(await done, { allowEvent: true });
    assert.ok(Date.now() - started < 2000);
    assert.ok(addin.limits.SEND_BUDGET_MS <= 10000, 'The whole check gives up long before Outlook\'s ~300 s.');
  });

  test('Outlook cannot read the meeting: the invitation goes', async () => {
    globalThis.Office = mailbox({ failSubject: true });
    const { fetch, calls } = fakeFetch({ status: 200, body: { alert: { ask: true, message: weeklyAlert } } });
    const { event, done } = sendEvent();

    addin.onAppointmentSendHandler(event, { fetch, baseUrl: '', token: null });

    assert.deepEqual(await done, { allowEvent: true });
    assert.equal(calls.length, 0);
  });

  test('event.completed is called once even when the budget runs out first', async () => {
    globalThis.Office = mailbox({ recurrence: weekly });
    let calls = 0;
    const event = { completed: () => { calls += 1; } };
    const slow = (url, init) => new Promise((resolve) => setTimeout(() => resolve({ ok: true, status: 200, text: () => Promise.resolve(JSON.stringify({ alert: { ask: true, message: weeklyAlert } })) }), 120));

    addin.onAppointmentSendHandler(event, { fetch: slow, baseUrl: '', token: null, budgetMs: 30 });
    await new Promise((resolve) => setTimeout(resolve, 250));

    assert.equal(calls, 1);
  });

  test('an over-long message is cut to Outlook\'s 500 characters', () => {
    const completion = addin.completionFor({ ok: true, body: { alert: { ask: true, message: 'x'.repeat(800) } } });

    assert.equal(completion.errorMessage.length, 500);
  });
});
