// Today at the gym: one tap logs a set, the rest timer starts by itself, and no set is lost
// when the connection drops.
//
// Every set goes first into a queue in localStorage (per user), with an idempotency key made
// at the tap; a sender drains the queue in order through the JSON API. A network failure or
// a 5xx leaves the set queued and tries again (on the `online` event and on a backoff timer);
// the same key sent twice stores one set, so a retry after a lost answer doubles nothing.
// A 4xx takes the set out and shows why (fix it and log it again). 401/403 keep the queue:
// sign in again and reload, and it is sent. Finishing waits in the same queue, behind the sets.
//
// The rest timer counts down to an end time kept in localStorage, so it survives a reload and
// reads the wall clock rather than adding up interval ticks.
"use strict";
(function () {
  const root = document.getElementById("today");
  if (!root || root.dataset.own !== "1") return;

  const userId = root.dataset.userId;
  const workoutId = root.dataset.workoutId || "";
  const QUEUE = "exhaust.queue." + userId;
  const TIMER = "exhaust.timer." + userId;
  const SENT = "exhaust.sent." + userId;
  const SKEW = "exhaust.skew";
  const API = "/api/v1/workouts/current";
  const TITLE = document.title;
  const MAX_BACKOFF = 30000;
  const SEND_TIMEOUT = 15000;

  // --- storage ---------------------------------------------------------------------------

  function read(key, fallback) {
    try {
      const raw = localStorage.getItem(key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }
  function write(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) {
      return false; // private mode or full: the page still works online
    }
  }
  function queue() { return read(QUEUE, []); }
  function saveQueue(items) { return write(QUEUE, items); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // crypto.randomUUID needs a secure context; getRandomValues does not (a phone on the LAN over http).
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, function (x) { return x.toString(16).padStart(2, "0"); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // The server's clock minus ours, from the Date header of its answers: a set done offline
  // carries the time it was done by the server's clock, even when the phone's is off.
  function serverNow() { return new Date(Date.now() + (read(SKEW, 0) || 0)); }
  function learnSkew(response) {
    const date = Date.parse(response.headers.get("Date") || "");
    if (!isNaN(date)) write(SKEW, date - Date.now());
  }

  // --- reading a set form ------------------------------------------------------------------

  function number(text) {
    const t = String(text || "").trim().replace(",", ".");
    if (t === "") return null;
    const n = Number(t);
    return isFinite(n) ? n : NaN;
  }

  function setFromForm(form) {
    const data = new FormData(form);
    const reps = number(data.get("reps"));
    const weight = number(data.get("weight"));
    const rpe = number(data.get("rpe"));
    const rir = number(data.get("rir"));
    const exercise = String(data.get("exercise") || "").trim();
    if (!exercise) return { error: "Type which exercise the set was." };
    if (reps === null || isNaN(reps) || reps < 0 || reps > 100 || Math.floor(reps) !== reps) {
      return { error: "Reps: a whole number from 0 to 100." };
    }
    const weightInput = form.querySelector('input[name="weight"]');
    if (weight === null && weightInput && weightInput.required) return { error: "Weight: type the weight you lifted." };
    if (isNaN(weight) || (weight !== null && weight < 0)) return { error: "Weight: a number (empty for bodyweight)." };
    if (isNaN(rpe) || (rpe !== null && (rpe < 1 || rpe > 10 || (rpe * 2) % 1 !== 0))) {
      return { error: "RPE: 1 to 10 in steps of 0.5." };
    }
    if (rpe !== null && rir !== null) return { error: "Give RPE or RIR, not both." };
    if (isNaN(rir) || (rir !== null && (rir < 0 || rir > 10 || Math.floor(rir) !== rir))) {
      return { error: "RIR: a whole number from 0 to 10." };
    }
    const body = {
      exercise: exercise,
      weight: weight,
      unit: data.get("unit") || null,
      reps: reps,
      rpe: rpe,
      rir: rir,
      set_type: data.get("set_type") || "working",
      notes: String(data.get("notes") || "").trim(),
      logged_at: serverNow().toISOString(),
    };
    if (data.get("block")) body.block = data.get("block");
    if (data.get("custom") === "1") body.custom = true;
    return { body: body };
  }

  function describe(body) {
    const load = body.weight === null ? "bodyweight" : body.weight + " " + (body.unit || "");
    const effort = body.rpe !== null ? " @" + body.rpe : body.rir !== null ? " RIR " + body.rir : "";
    return load.trim() + " × " + body.reps + effort;
  }

  // --- the page ----------------------------------------------------------------------------

  const queueBox = document.getElementById("queue");
  const queueText = document.getElementById("queue-text");
  const queueList = document.getElementById("queue-list");
  const queueErrors = document.getElementById("queue-errors");
  const justLogged = document.getElementById("just-logged");
  let authProblem = false;

  function rowForm(row) {
    return row ? document.querySelector('form.log-form[data-row="' + CSS.escape(row) + '"]') : null;
  }

  function status(form, text, kind) {
    const el = form && form.querySelector(".slot-status");
    if (!el) return;
    el.textContent = text;
    el.className = "slot-status" + (kind ? " " + kind : "");
  }

  function markLogged(form, item, state) {
    if (!form || !form.dataset.row) return;
    form.classList.add("logged");
    form.classList.remove("next");
    form.dataset.key = item.key;
    const words = "✓ " + describe(item.body);
    status(form, state === "saved" ? words : words + " — waiting to be sent", state);
  }

  function unmark(form, message) {
    if (!form) return;
    form.classList.remove("logged");
    delete form.dataset.key;
    status(form, message, "error");
  }

  function moveNext() {
    const pending = Array.from(document.querySelectorAll("form.log-form[data-order]"))
      .filter(function (f) { return !f.classList.contains("logged") && Number(f.dataset.order) > 0; })
      .sort(function (a, b) { return Number(a.dataset.order) - Number(b.dataset.order); });
    document.querySelectorAll("form.log-form.next").forEach(function (f) {
      f.classList.remove("next");
      if (f.id === "next") f.removeAttribute("id");
    });
    if (pending.length) {
      pending[0].classList.add("next");
      pending[0].id = "next";
    }
    const nextUp = document.querySelector("[data-testid='next-up']");
    if (nextUp && document.querySelector("form.log-form[data-order]") !== null) {
      nextUp.textContent = "";
      if (pending.length) {
        const link = document.createElement("a");
        link.href = "#next";
        link.textContent = pending[0].dataset.what || "";
        nextUp.append("Next: ", link);
      } else {
        nextUp.textContent = "Every planned set is logged. Finish when you are done.";
      }
    }
    const done = document.getElementById("done-count");
    if (done) {
      if (done.dataset.base === undefined) done.dataset.base = done.textContent;
      const logged = document.querySelectorAll("form.log-form.logged[data-order]");
      let n = 0;
      logged.forEach(function (f) { if (Number(f.dataset.order) > 0) n += 1; });
      done.textContent = String(Number(done.dataset.base) + n);
    }
  }

  function justLoggedEntry(item) {
    if (!justLogged || item.row) return null;
    let li = justLogged.querySelector('[data-key="' + item.key + '"]');
    if (!li) {
      li = document.createElement("li");
      li.dataset.key = item.key;
      justLogged.appendChild(li);
    }
    return li;
  }

  function showQueue() {
    if (!queueBox) return;
    const items = queue();
    const sets = items.filter(function (i) { return i.kind === "set"; });
    const finishing = items.some(function (i) { return i.kind === "finish"; });
    if (!items.length && !workoutId && !queueErrors.children.length) {
      queueBox.hidden = true; // no workout and nothing on its way: nothing to say
      return;
    }
    queueBox.hidden = false;
    queueText.textContent = "";
    const count = document.createElement("span");
    count.dataset.testid = "queue-count";
    count.textContent = String(sets.length);
    if (!items.length) {
      count.hidden = true;
      queueText.append(count, "All sets saved");
    } else {
      queueText.append(count, (sets.length === 1 ? " set" : " sets") + " waiting to be sent");
      if (finishing) queueText.append(", then finishing the workout");
      if (authProblem) queueText.append(" — sign in again (reload the page) to send them");
      else if (!navigator.onLine) queueText.append(" (offline: they go when the connection is back)");
    }
    queueBox.classList.toggle("waiting", items.length > 0 && !authProblem);
    queueBox.classList.toggle("problem", authProblem);
    queueList.textContent = "";
    sets.forEach(function (i) {
      const li = document.createElement("li");
      li.textContent = (i.what ? i.what + ": " : "") + describe(i.body);
      queueList.appendChild(li);
    });
  }

  function showRejected(item, detail) {
    const message = (item.what ? item.what + ": " : "") + describe(item.body) + " was not saved: " + detail;
    if (queueErrors) {
      const li = document.createElement("li");
      li.textContent = message;
      queueErrors.appendChild(li);
    }
    unmark(rowForm(item.row), "Not saved: " + detail);
    moveNext();
    const li = justLoggedEntry(item);
    if (li) {
      li.textContent = "✗ " + message;
      li.className = "slot-status error";
    }
  }

  // Rows sent from this page before a reload that came from the offline copy of it.
  function rememberSent(item) {
    if (!item.row || !workoutId) return;
    const sent = read(SENT, {});
    if (sent.workout !== workoutId) { sent.workout = workoutId; sent.rows = {}; }
    sent.rows[item.row] = { key: item.key, body: item.body };
    write(SENT, sent);
  }

  function restoreRows() {
    const sent = read(SENT, {});
    if (sent.workout === workoutId && sent.rows) {
      Object.keys(sent.rows).forEach(function (row) {
        const form = rowForm(row);
        if (form) markLogged(form, sent.rows[row], "saved");
      });
    } else if (sent.workout && sent.workout !== workoutId) {
      try { localStorage.removeItem(SENT); } catch (e) { /* nothing kept */ }
    }
    queue().forEach(function (item) {
      if (item.kind !== "set") return;
      const form = rowForm(item.row);
      if (form) markLogged(form, item, "waiting");
      const li = justLoggedEntry(item);
      if (li) { li.textContent = "⏳ " + item.what + " " + describe(item.body); li.className = "slot-status waiting"; }
    });
    moveNext();
  }

  // --- sending -----------------------------------------------------------------------------

  let draining = false;
  let backoff = 1000;
  let retryTimer = null;

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () { retryTimer = null; drain(); }, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF);
  }

  function send(item) {
    const controller = window.AbortController ? new AbortController() : null;
    const timer = controller ? setTimeout(function () { controller.abort(); }, SEND_TIMEOUT) : null;
    const headers = { "Content-Type": "application/json", "X-CSRF-Token": window.exhaustCsrf || "" };
    let url = API + "/finish";
    let body = "{}";
    if (item.kind === "set") {
      url = API + "/sets";
      headers["Idempotency-Key"] = item.key;
      body = JSON.stringify(item.body);
    }
    return fetch(url, {
      method: "POST",
      headers: headers,
      body: body,
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    }).finally(function () { if (timer) clearTimeout(timer); });
  }

  function take(key) {
    saveQueue(queue().filter(function (i) { return i.key !== key; }));
  }

  async function answer(response) {
    try {
      const data = await response.json();
      return data;
    } catch (e) {
      return {};
    }
  }

  function detailOf(data, response) {
    if (data && typeof data.detail === "string") return data.detail;
    if (data && Array.isArray(data.detail)) {
      return data.detail.map(function (d) { return (d.loc || []).slice(1).join(".") + ": " + d.msg; }).join("; ");
    }
    return "the server answered " + response.status;
  }

  async function drain() {
    if (draining) return;
    draining = true;
    try {
      for (;;) {
        const items = queue();
        if (!items.length) break;
        const item = items[0];
        let response;
        try {
          response = await send(item);
        } catch (e) {
          scheduleRetry(); // offline, or no answer in time: the same key goes again later
          break;
        }
        learnSkew(response);
        if (response.status >= 500 || response.status === 429 || response.status === 0) {
          scheduleRetry();
          break;
        }
        if (response.status === 401 || response.status === 403) {
          authProblem = true; // kept: after signing in again the page's new token sends them
          break;
        }
        authProblem = false;
        backoff = 1000;
        const data = await answer(response);
        take(item.key);
        if (item.kind === "finish") {
          // 404: it was finished already (an earlier try whose answer was lost).
          if (response.ok || response.status === 404) {
            window.location.assign("/workouts/" + (response.ok && data.id ? data.id : item.workout));
            return;
          }
          finishButtonState(false, detailOf(data, response));
          continue;
        }
        if (response.ok) {
          rememberSent(item);
          const form = rowForm(item.row);
          if (form) markLogged(form, item, "saved");
          const li = justLoggedEntry(item);
          if (li) {
            li.textContent = "✓ " + (data.exercise || item.what) + " " + (data.text || describe(item.body));
            li.className = "slot-status saved";
          }
        } else {
          showRejected(item, detailOf(data, response));
        }
        showQueue();
      }
    } finally {
      draining = false;
      showQueue();
    }
  }

  // --- logging a set -----------------------------------------------------------------------

  function carryForward(form, body) {
    // The next sets of the same exercise start from what was just lifted, unless typed in.
    const item = form.dataset.item;
    if (!item) return;
    document.querySelectorAll('form.log-form[data-item="' + CSS.escape(item) + '"]').forEach(function (f) {
      if (f === form || f.classList.contains("logged") || f.dataset.dirty) return;
      const w = f.querySelector('input[name="weight"]');
      const r = f.querySelector('input[name="reps"]');
      if (w) w.value = body.weight === null ? "" : String(body.weight);
      if (r) r.value = String(body.reps);
    });
  }

  function onLog(event) {
    const form = event.target.closest("form.log-form");
    if (!form) return;
    event.preventDefault();
    unlockSound();
    const parsed = setFromForm(form);
    if (parsed.error) {
      status(form, parsed.error, "error");
      return;
    }
    const item = {
      kind: "set",
      key: newKey(),
      body: parsed.body,
      row: form.dataset.row || null,
      what: form.dataset.what || parsed.body.exercise,
      at: Date.now(),
    };
    const items = queue();
    items.push(item);
    if (!saveQueue(items)) {
      form.submit(); // no storage: the plain form still logs it
      return;
    }
    if (form.dataset.row) {
      markLogged(form, item, "waiting");
      carryForward(form, parsed.body);
      moveNext();
    } else {
      const li = justLoggedEntry(item);
      if (li) { li.textContent = "⏳ " + item.what + " " + describe(item.body); li.className = "slot-status waiting"; }
      status(form, "", "");
    }
    startRest(Number(form.dataset.rest || root.dataset.defaultRest || 90), form.dataset.then || "");
    showQueue();
    drain();
  }

  // --- finishing -------------------------------------------------------------------------

  const finishForm = document.getElementById("finish-form");

  function finishButtonState(waiting, error) {
    if (!finishForm) return;
    const button = finishForm.querySelector("button");
    button.disabled = waiting;
    button.textContent = waiting ? "Finishing…" : "Finish workout";
    if (error) {
      let p = finishForm.querySelector(".slot-status");
      if (!p) {
        p = document.createElement("p");
        finishForm.appendChild(p);
      }
      p.className = "slot-status error";
      p.textContent = error;
    }
  }

  function onFinish(event) {
    event.preventDefault();
    const items = queue();
    if (!items.some(function (i) { return i.kind === "finish"; })) {
      items.push({ kind: "finish", key: "finish-" + newKey(), workout: workoutId, at: Date.now() });
      if (!saveQueue(items)) {
        finishForm.submit();
        return;
      }
    }
    stopRest();
    finishButtonState(true);
    showQueue();
    drain();
  }

  // --- the rest timer ----------------------------------------------------------------------

  const bar = document.getElementById("rest-bar");
  const remainingEl = document.getElementById("rest-remaining");
  const labelEl = document.getElementById("rest-label");
  const thenEl = document.getElementById("rest-then");
  const progress = document.getElementById("rest-progress");
  const announce = document.getElementById("rest-announce");
  let ticker = null;
  let flasher = null;
  let audio = null;

  function unlockSound() {
    // Browsers let a page make sound only after a tap: the context is made (or woken) here.
    try {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!audio && Context) audio = new Context();
      if (audio && audio.state === "suspended") audio.resume();
    } catch (e) {
      audio = null;
    }
  }

  function beep() {
    if (!audio || audio.state !== "running") return;
    [0, 0.3].forEach(function (offset) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, audio.currentTime + offset);
      gain.gain.exponentialRampToValueAtTime(0.4, audio.currentTime + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + offset + 0.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + offset);
      osc.stop(audio.currentTime + offset + 0.22);
    });
  }

  function clock(seconds) {
    const s = Math.max(0, seconds);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function stopFlash() {
    if (flasher) clearInterval(flasher);
    flasher = null;
    document.title = TITLE;
  }

  function tick() {
    const timer = read(TIMER, null);
    if (!timer) return stopRest();
    const left = Math.ceil((timer.end - Date.now()) / 1000);
    if (left > 0) {
      remainingEl.textContent = clock(left);
      progress.value = Math.min(1, left / Math.max(1, timer.total));
      document.title = clock(left) + " rest · " + TITLE;
      return;
    }
    over(timer, true);
  }

  function over(timer, signal) {
    if (ticker) clearInterval(ticker);
    ticker = null;
    bar.hidden = false;
    bar.classList.add("over");
    labelEl.textContent = "Rest over";
    remainingEl.textContent = "0:00";
    progress.value = 0;
    thenEl.textContent = timer.then ? "Next: " + timer.then : "";
    document.getElementById("rest-plus").hidden = true;
    document.getElementById("rest-skip").textContent = "OK";
    if (!signal || timer.signalled) return;
    timer.signalled = true;
    write(TIMER, timer);
    if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
    beep();
    if (announce) announce.textContent = "Rest over";
    let on = false;
    let flashes = 0;
    stopFlash();
    flasher = setInterval(function () {
      on = !on;
      flashes += 1;
      document.title = on ? "Rest over · " + TITLE : TITLE;
      if (flashes >= 40) stopFlash();
    }, 750);
    document.title = "Rest over · " + TITLE;
  }

  function run() {
    bar.hidden = false;
    bar.classList.remove("over");
    labelEl.textContent = "Rest";
    document.getElementById("rest-plus").hidden = false;
    document.getElementById("rest-skip").textContent = "Skip";
    const timer = read(TIMER, null);
    thenEl.textContent = timer && timer.then ? "Then " + timer.then : "";
    if (!ticker) ticker = setInterval(tick, 250);
    tick();
  }

  function startRest(seconds, then) {
    stopFlash();
    if (!(seconds > 0)) {
      // No rest planned here (a superset): straight on, no countdown.
      stopRest();
      return;
    }
    write(TIMER, { end: Date.now() + seconds * 1000, total: seconds, then: then, signalled: false });
    run();
  }

  function stopRest() {
    if (ticker) clearInterval(ticker);
    ticker = null;
    stopFlash();
    try { localStorage.removeItem(TIMER); } catch (e) { /* nothing kept */ }
    if (bar) {
      bar.hidden = true;
      bar.classList.remove("over");
    }
    if (announce) announce.textContent = "";
  }

  function resumeRest() {
    const timer = read(TIMER, null);
    if (!timer) return;
    const since = Date.now() - timer.end;
    if (since < 0) run();
    else if (since < 60000) over(timer, false); // it ended while the page was away: shown, not rung
    else stopRest();
  }

  // --- wiring --------------------------------------------------------------------------------

  document.querySelectorAll("form.log-form").forEach(function (form) {
    form.addEventListener("submit", onLog);
    form.addEventListener("input", function (e) {
      if (e.target.name === "weight" || e.target.name === "reps") form.dataset.dirty = "1";
    });
  });
  if (finishForm) finishForm.addEventListener("submit", onFinish);
  if (bar) {
    document.getElementById("rest-skip").addEventListener("click", stopRest);
    document.getElementById("rest-plus").addEventListener("click", function () {
      const timer = read(TIMER, null);
      if (!timer) return;
      timer.end += 15000;
      timer.total += 15;
      write(TIMER, timer);
      tick();
    });
  }
  window.addEventListener("online", function () {
    backoff = 1000;
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
    drain();
  });
  window.addEventListener("offline", showQueue);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      resumeRest();
      drain();
    }
  });
  window.addEventListener("storage", function (e) {
    if (e.key === QUEUE) showQueue();
    if (e.key === TIMER) { if (e.newValue) run(); else stopRest(); }
  });

  if (queue().some(function (i) { return i.kind === "finish"; })) finishButtonState(true);
  restoreRows();
  resumeRest();
  showQueue();
  drain();

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* works without it */ });
  }
})();
