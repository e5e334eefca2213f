// The Plan page, live: an item's numbers go to the JSON API as they are typed, and the
// findings come back without reloading the page. Without this script the same forms post
// to /plan/edit and the page comes back whole.
"use strict";
(function () {
  const panel = document.getElementById("findings");
  const forms = Array.from(document.querySelectorAll("form.item-edit"));
  const textarea = document.getElementById("plan-text");
  const textCheck = document.getElementById("text-check");
  const DELAY_MS = 450;

  function csrfHeaders() {
    return { "Content-Type": "application/json", "X-CSRF-Token": window.exhaustCsrf || "" };
  }

  function currentText() {
    const field = document.querySelector("input[data-plan-text]");
    return field ? field.value : "";
  }

  function setText(text) {
    document.querySelectorAll("input[data-plan-text]").forEach(function (f) { f.value = text; });
    if (textarea) { textarea.value = text; }
    if (textCheck) { textCheck.replaceChildren(); }
  }

  function equipment(form) {
    const chosen = Array.from(form.querySelectorAll("input[name=equipment]")).map(function (i) { return i.value; });
    return chosen.length ? chosen : null;
  }

  function restText(seconds) {
    if (seconds === null || seconds === undefined) { return "rest as needed"; }
    if (seconds === 0) { return "no rest"; }
    if (seconds < 60) { return "rest " + seconds + " s"; }
    const min = Math.floor(seconds / 60), sec = seconds % 60;
    return "rest " + (sec ? min + ":" + String(sec).padStart(2, "0") + " min" : min + " min");
  }

  function seeds(source) {
    const several = source.indexOf(",") >= 0 || source.indexOf(" and ") >= 0;
    return (several ? "seeds " : "seed ") + source;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // The same list the server draws (plan_parts.html, findings_list).
  function findingsList(findings) {
    const box = document.createDocumentFragment();
    if (!findings.length) {
      box.appendChild(el("p", "all-clear", "No findings: every guardrail holds."));
      return box;
    }
    box.appendChild(el("p", "counts", countsText(findings)));
    const list = el("ul", "findings");
    findings.forEach(function (f) {
      const li = el("li", "finding finding-" + f.severity);
      li.appendChild(el("span", "severity-" + f.severity, f.severity));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("code", "", f.rule));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "where", (f.item ? f.item + " · " : "") + "line " + f.line));
      li.appendChild(el("p", "", f.message));
      li.appendChild(el("p", "muted source", seeds(f.source)));
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }

  function countsText(findings) {
    if (!findings.length) { return "none"; }
    const count = function (s) { return findings.filter(function (f) { return f.severity === s; }).length; };
    return plural(count("error"), "error") + ", " + plural(count("warning"), "warning") + ", " + plural(count("info"), "note");
  }

  function showFindings(findings) {
    if (panel) { panel.replaceChildren(findingsList(findings)); }
    document.querySelectorAll("[data-findings-count]").forEach(function (n) { n.textContent = countsText(findings); });
    document.querySelectorAll("[data-item-findings]").forEach(function (ul) {
      const line = Number(ul.dataset.line);
      ul.replaceChildren();
      findings.filter(function (f) { return f.line === line; }).forEach(function (f) {
        ul.appendChild(el("li", "severity-" + f.severity, f.rule));
      });
    });
  }

  function showSummaries(plan) {
    plan.sessions.forEach(function (session) {
      session.blocks.forEach(function (block) {
        block.items.forEach(function (item) {
          const node = document.querySelector('[data-item-summary="' + session.index + ":" + item.label + '"]');
          if (node) {
            node.textContent = item.sets + " × " + item.reps + (item.load ? " · " + item.load : "") + " · " + restText(item.rest_s);
          }
        });
      });
    });
  }

  function status(form, text, kind) {
    const node = form.querySelector("[data-edit-status]");
    if (!node) { return; }
    node.textContent = text;
    node.classList.toggle("is-error", kind === "error");
    node.classList.toggle("is-ok", kind === "ok");
  }

  async function problem(response) {
    if (response.status === 401 || response.status === 403) {
      return "Your session has expired; reload the page (your last change is in the form).";
    }
    try {
      const body = await response.json();
      if (typeof body.detail === "string") { return body.detail; }
      if (Array.isArray(body.detail) && body.detail.length) {
        const first = body.detail[0];
        const where = (first.loc || []).filter(function (p) { return p !== "body" && p !== "edits" && typeof p === "string"; });
        return (where.length ? where.join(".") + ": " : "") + first.msg;
      }
    } catch (e) { /* not JSON */ }
    return "The server could not apply that (" + response.status + "); press Apply to try again.";
  }

  function edit(form) {
    const value = function (name) {
      const field = form.elements.namedItem(name);
      return field ? field.value.trim() : "";
    };
    const number = function (name) { const v = value(name); return v === "" ? null : Number(v); };
    return {
      item: form.dataset.item,
      session: Number(form.dataset.session),
      sets: number("sets"),
      reps_low: number("reps_low"),
      reps_high: number("reps_high"),
      rest_s: number("rest_s"),
      load: value("load"),
      note: value("note"),
    };
  }

  // One request at a time, each on the text the last one returned, so quick edits to two
  // items never overwrite each other.
  const waiting = [];
  let busy = false;

  function queue(form) {
    if (waiting.indexOf(form) < 0) { waiting.push(form); }
    pump();
  }

  async function pump() {
    if (busy || !waiting.length) { return; }
    busy = true;
    const form = waiting.shift();
    status(form, "Checking…");
    if (panel) { panel.parentElement.classList.add("is-busy"); }
    try {
      const response = await fetch("/api/v1/plans/edit", {
        method: "POST",
        credentials: "same-origin",
        headers: csrfHeaders(),
        body: JSON.stringify({ plan_text: currentText(), edits: [edit(form)], equipment: equipment(form) }),
      });
      if (response.ok) {
        const body = await response.json();
        setText(body.plan_text);
        showFindings(body.findings);
        showSummaries(body.plan);
        status(form, "Updated.", "ok");
      } else {
        status(form, await problem(response), "error");
      }
    } catch (e) {
      status(form, "No connection; press Apply when you are back online.", "error");
    } finally {
      if (panel) { panel.parentElement.classList.remove("is-busy"); }
      busy = false;
      pump();
    }
  }

  forms.forEach(function (form) {
    let timer = null;
    form.querySelectorAll("[data-live]").forEach(function (field) {
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { queue(form); }, DELAY_MS);
      });
    });
    const swap = form.querySelector("select[data-swap]");
    if (swap) {
      // A swap changes what the other items may become: the page comes back whole.
      swap.addEventListener("change", function () { if (swap.value) { form.submit(); } });
    }
  });

  // The plain checker: findings by line while a pasted text is edited.
  if (textarea && textCheck) {
    let timer = null;
    let asked = 0;
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(async function () {
        const mine = ++asked;
        const form = textarea.form;
        const body = { plan_text: textarea.value };
        ["experience", "goal"].forEach(function (name) {
          const v = form.elements.namedItem(name).value;
          if (v) { body[name] = v; }
        });
        try {
          const response = await fetch("/api/v1/plans/check", {
            method: "POST", credentials: "same-origin", headers: csrfHeaders(), body: JSON.stringify(body),
          });
          if (mine !== asked) { return; }
          if (response.ok) {
            const found = await response.json();
            const box = document.createDocumentFragment();
            box.appendChild(el("h3", "", "This text"));
            box.appendChild(findingsList(found.findings));
            textCheck.replaceChildren(box);
          } else {
            textCheck.replaceChildren(el("p", "error-message", await problem(response)));
          }
        } catch (e) {
          textCheck.replaceChildren(el("p", "error-message", "No connection; the check will run when you press the button."));
        }
      }, DELAY_MS + 250);
    });
  }
})();
