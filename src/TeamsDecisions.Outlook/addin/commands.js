/*
 * TeamsDecisions in Outlook: reading the meeting being organised, calling the app's meeting-test API, and the
 * send-time check (Smart Alerts, the appointmentSending event).
 *
 * A classic script with no imports, on purpose: classic Outlook on Windows runs event handlers in a JavaScript-only
 * runtime that loads this one file, without ES modules and without Office.onReady. The task pane loads it too and uses
 * the same functions (window.TeamsDecisionsOutlook), so the meeting is read in one place.
 *
 * The add-in decides nothing itself: whether to ask before sending, and what to say, come from POST /api/meeting-test
 * (Core's MeetingTest and SendTimeCheck). Any failure lets the invitation go: this check never blocks sending for good.
 */
(function (root) {
  "use strict";

  /** The API call of the send check: the organiser is waiting on Send (the platform allows ~300 s; nobody should). */
  var SEND_API_TIMEOUT_MS = 4000;

  /** Office SSO usually answers from its cache at once; without a cached token the send check goes on without one. */
  var TOKEN_TIMEOUT_MS = 2000;

  /** The whole send check, token and reading included; after this the invitation is sent unasked. */
  var SEND_BUDGET_MS = 8000;

  /** The task pane waits longer: the organiser asked for the answer. */
  var PANE_API_TIMEOUT_MS = 15000;

  /** Outlook refuses a Smart Alerts message over 500 characters. */
  var ALERT_MESSAGE_MAX = 500;

  /** The ribbon button's id in the manifest: "Take the meeting test" in the alert opens its task pane (Mailbox 1.14). */
  var TASK_PANE_COMMAND_ID = "meetingTestButton";

  var AGENDA_MAX = 4000;

  /** Resolves with an Office.js async getter's value; rejects with its error. */
  function getAsync(property, options) {
    return new Promise(function (resolve, reject) {
      if (!property || typeof property.getAsync !== "function") {
        resolve(undefined);
        return;
      }

      var callback = function (result) {
        if (result && result.status === "failed") {
          reject(new Error((result.error && result.error.message) || "Outlook could not read the meeting."));
        } else {
          resolve(result ? result.value : undefined);
        }
      };
      if (options === undefined) {
        property.getAsync(callback);
      } else {
        property.getAsync(options, callback);
      }
    });
  }

  function toIso(value) {
    if (!value) {
      return null;
    }

    var date = value instanceof Date ? value : new Date(value);
    return isNaN(date.getTime()) ? null : date.toISOString();
  }

  function people(list) {
    return (list || [])
      .map(function (p) { return p && (p.emailAddress || p.email); })
      .filter(function (email) { return typeof email === "string" && email.indexOf("@") > 0; })
      .map(function (email) { return { email: email }; });
  }

  /** Office.js RecurrencePattern → the API's { type, interval, days }, or null for a single meeting. */
  function recurrenceOf(pattern) {
    if (!pattern || !pattern.recurrenceType) {
      return null;
    }

    var properties = pattern.recurrenceProperties || {};
    var days = properties.days || (properties.dayOfWeek ? [properties.dayOfWeek] : []);
    return { type: String(pattern.recurrenceType), interval: properties.interval || 1, days: pattern.recurrenceType === "weekly" ? days : [] };
  }

  /**
   * Reads the meeting in the organiser's form: subject, start and end, attendees (required and optional), the
   * organiser, the recurrence and its time zone (else the mailbox's). Body text only when asked (the task pane's
   * agenda), cut to what the API takes.
   */
  function readMeeting(mailbox, options) {
    var item = mailbox.item;
    var wantBody = options && options.withBody;
    return Promise.all([
      getAsync(item.subject),
      getAsync(item.start),
      getAsync(item.end),
      getAsync(item.requiredAttendees),
      getAsync(item.optionalAttendees),
      getAsync(item.organizer).catch(function () { return null; }),
      getAsync(item.recurrence).catch(function () { return null; }),
      wantBody && item.body ? getAsync(item.body, "text").catch(function () { return ""; }) : Promise.resolve(null),
    ]).then(function (values) {
      var pattern = values[6];
      var zone = (pattern && pattern.recurrenceTimeZone && pattern.recurrenceTimeZone.name) || (mailbox.userProfile && mailbox.userProfile.timeZone) || "UTC";
      var organizer = values[5] && values[5].emailAddress ? { email: values[5].emailAddress, timeZone: (mailbox.userProfile && mailbox.userProfile.timeZone) || null } : null;
      var meeting = {
        subject: values[0] || "",
        start: toIso(values[1]),
        end: toIso(values[2]),
        timeZone: zone,
        organizer: organizer,
        attendees: people(values[3]).concat(people(values[4])),
        recurrence: recurrenceOf(pattern),
      };
      if (wantBody) {
        meeting.agenda = (values[7] || "").trim().slice(0, AGENDA_MAX);
      }

      return meeting;
    });
  }

  /** Rejects after ms milliseconds unless the promise settles first. */
  function within(promise, ms, what) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { reject(new Error(what + " took longer than " + ms + " ms.")); }, ms);
      promise.then(
        function (value) { clearTimeout(timer); resolve(value); },
        function (error) { clearTimeout(timer); reject(error); });
    });
  }

  /**
   * An Office SSO token for the app's API (the manifest's webApplicationInfo), or null when there is none to be had
   * (local mode, sideloaded without SSO, no consent yet, the runtime does not offer it): the API then decides.
   */
  function getToken(interactive, ms) {
    var runtime = root.OfficeRuntime;
    if (!runtime || !runtime.auth || typeof runtime.auth.getAccessToken !== "function") {
      return Promise.resolve(null);
    }

    var asked = runtime.auth.getAccessToken({ allowSignInPrompt: !!interactive, allowConsentPrompt: !!interactive, forMSGraphAccess: false });
    return within(Promise.resolve(asked), ms || TOKEN_TIMEOUT_MS, "Sign-in").catch(function () { return null; });
  }

  function baseUrl(options) {
    if (options && options.baseUrl) {
      return options.baseUrl;
    }

    return root.TEAMSDECISIONS_API_BASE || (root.location && root.location.origin) || "";
  }

  /**
   * Calls the app: JSON in, JSON out. Resolves { ok, status, body }; rejects only when the app could not be reached
   * in time. The fetch is aborted at the timeout where the runtime has AbortController.
   */
  function callApi(method, path, body, options) {
    var fetcher = (options && options.fetch) || root.fetch;
    var timeout = (options && options.timeoutMs) || PANE_API_TIMEOUT_MS;
    var controller = typeof root.AbortController === "function" ? new root.AbortController() : null;
    var tokenPromise = options && "token" in options ? Promise.resolve(options.token) : getToken(options && options.interactive);
    return tokenPromise.then(function (token) {
      var headers = { Accept: "application/json" };
      if (body !== undefined) {
        headers["Content-Type"] = "application/json";
      }

      if (token) {
        headers.Authorization = "Bearer " + token;
      }

      var request = fetcher(baseUrl(options) + path, {
        method: method,
        headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller ? controller.signal : undefined,
        credentials: "omit",
      });
      var timer = setTimeout(function () { if (controller) { controller.abort(); } }, timeout);
      return within(request, timeout, "The TeamsDecisions app").then(function (response) {
        clearTimeout(timer);
        return response.text().then(function (text) {
          var parsed = null;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch (e) {
            parsed = null;
          }

          return { ok: response.ok, status: response.status, body: parsed };
        });
      }, function (error) {
        clearTimeout(timer);
        throw error;
      });
    });
  }

  /** The API's verdict for the meeting in the form, without questionnaire answers (the purpose is guessed from the subject). */
  function checkBeforeSend(mailbox, options) {
    return readMeeting(mailbox).then(function (meeting) {
      return callApi("POST", "/api/meeting-test", meeting, {
        fetch: options && options.fetch,
        baseUrl: options && options.baseUrl,
        timeoutMs: (options && options.timeoutMs) || SEND_API_TIMEOUT_MS,
        token: options && "token" in options ? options.token : undefined,
      });
    });
  }

  /** What event.completed gets for an API answer: ask with the facts, or let the invitation go. */
  function completionFor(answer) {
    var alert = answer && answer.ok && answer.body && answer.body.alert;
    if (!alert || !alert.ask || typeof alert.message !== "string" || alert.message.length === 0) {
      return { allowEvent: true };
    }

    var completion = {
      allowEvent: false,
      errorMessage: alert.message.slice(0, ALERT_MESSAGE_MAX),
      cancelLabel: "Take the meeting test",
      commandId: TASK_PANE_COMMAND_ID,
    };
    var office = root.Office;
    if (office && office.MailboxEnums && office.MailboxEnums.SendModeOverride) {
      completion.sendModeOverride = office.MailboxEnums.SendModeOverride.PromptUser;
    }

    return completion;
  }

  /**
   * The appointmentSending handler (OnAppointmentSend). With sendMode promptUser Outlook offers "Send Anyway" next to
   * going back, so asking never blocks for good; and any error, a slow app or no answer at all sends the invitation.
   */
  function onAppointmentSendHandler(event, options) {
    var finished = false;
    function finish(completion) {
      if (finished) {
        return;
      }

      finished = true;
      clearTimeout(budget);
      event.completed(completion);
    }

    var budget = setTimeout(function () { finish({ allowEvent: true }); }, (options && options.budgetMs) || SEND_BUDGET_MS);
    var mailbox = (options && options.mailbox) || (root.Office && root.Office.context && root.Office.context.mailbox);
    try {
      checkBeforeSend(mailbox, options).then(
        function (answer) { finish(completionFor(answer)); },
        function () { finish({ allowEvent: true }); });
    } catch (e) {
      finish({ allowEvent: true });
    }
  }

  var api = {
    readMeeting: readMeeting,
    callApi: callApi,
    getToken: getToken,
    checkBeforeSend: checkBeforeSend,
    completionFor: completionFor,
    onAppointmentSendHandler: onAppointmentSendHandler,
    limits: { SEND_API_TIMEOUT_MS: SEND_API_TIMEOUT_MS, SEND_BUDGET_MS: SEND_BUDGET_MS, ALERT_MESSAGE_MAX: ALERT_MESSAGE_MAX, TASK_PANE_COMMAND_ID: TASK_PANE_COMMAND_ID },
  };
  root.TeamsDecisionsOutlook = api;

  if (root.Office && root.Office.actions && typeof root.Office.actions.associate === "function") {
    root.Office.actions.associate("onAppointmentSendHandler", function (event) { onAppointmentSendHandler(event); });
  }

  if (typeof module === "object" && module && module.exports) {
    module.exports = api;
  }
})(typeof globalThis !== "undefined" ? globalThis : this);
