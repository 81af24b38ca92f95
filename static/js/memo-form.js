// Progressive enhancement of the memo form; the form works without this file.
// When the purpose changes, the "Wijze van behandeling" text follows it, unless the user
// already wrote their own text (then it is left alone).
(function () {
  "use strict";
  const form = document.getElementById("memo-form");
  const textsNode = document.getElementById("standard-texts");
  if (!form || !textsNode) return;
  const standardTexts = JSON.parse(textsNode.textContent);
  const treatment = form.querySelector("[name=treatment_text]");
  const isStandard = (text) => text.trim() === "" || Object.values(standardTexts).includes(text.trim());
  // Enter in the contact search searches (the input's "search" event, via htmx); it must not
  // submit the memo form, whose first button saves.
  const contactQuery = form.querySelector("[name=contact_query]");
  if (contactQuery) {
    contactQuery.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        contactQuery.dispatchEvent(new Event("search"));
      }
    });
  }
  watchUnsavedChanges(form);
  letAutosaveFinishBeforeSaving(form);
  // After a refused save, screen readers and keyboards start at the error summary.
  const summary = document.getElementById("form-errors");
  if (summary) summary.focus();
  form.addEventListener("change", (event) => {
    if (event.target.name !== "purpose" || !treatment) return;
    if (isStandard(treatment.value)) {
      treatment.value = standardTexts[event.target.value] || "";
    }
  });

  // The revision check has no exceptions, so the Save button must not race this page's own
  // autosave: a save clicked while an autosave is on its way waits for its answer (which brings
  // the new revision into the form), and a debounced autosave that has not left yet is dropped.
  function letAutosaveFinishBeforeSaving(form) {
    let running = false;
    let waiting = null; // the submit button of a save that waits for the running autosave
    const isAutosave = (event) => {
      const source = (event.detail.requestConfig && event.detail.requestConfig.elt) || event.detail.elt;
      return Boolean(source) && source.id === "autosave";
    };
    const finished = (event) => {
      if (!isAutosave(event)) return;
      running = false;
      if (waiting !== null) {
        const submitter = waiting;
        waiting = null;
        form.requestSubmit(submitter || undefined);
      }
    };
    document.body.addEventListener("htmx:beforeRequest", (event) => {
      if (isAutosave(event)) running = true;
    });
    document.body.addEventListener("htmx:afterSettle", finished);
    document.body.addEventListener("htmx:sendError", finished);
    document.body.addEventListener("htmx:responseError", finished);
    form.addEventListener("submit", (event) => {
      // Row buttons and the contact buttons post elsewhere (formaction) and change nothing stored.
      const target = event.submitter && event.submitter.getAttribute("formaction");
      if (target) return;
      if (running) {
        event.preventDefault();
        event.stopImmediatePropagation();
        waiting = event.submitter || false;
        return;
      }
      const autosave = document.getElementById("autosave");
      if (autosave) autosave.remove(); // htmx sends nothing for an element that left the page
    });
  }

  // Nothing typed is lost silently: leaving the page with changes that neither Save nor
  // autosave stored asks first, and an autosave that cannot reach the server says so.
  function watchUnsavedChanges(form) {
    let edits = 0; // changes typed so far
    let stored = 0; // how many of them the server has stored
    let sent = 0; // edits at the moment the running autosave was sent
    const status = () => document.getElementById("autosave-status");
    // The live region stays; its content (a span with the state) is what autosave replaces.
    const state = () => (status() ? status().querySelector("[data-state]") : null);
    // The element that sent the request (after a swap, detail.elt is the swapped-in element).
    const fromAutosave = (event) => {
      const source = (event.detail.requestConfig && event.detail.requestConfig.elt) || event.detail.elt;
      return Boolean(source) && source.id === "autosave";
    };
    // "input" fires for text, choices and dates alike; "change" would count a blur as an edit.
    form.addEventListener("input", () => { edits += 1; });
    form.addEventListener("submit", () => { stored = edits; });
    document.body.addEventListener("rows-changed", () => { edits += 1; });
    document.body.addEventListener("htmx:beforeRequest", (event) => {
      if (fromAutosave(event)) sent = edits;
    });
    document.body.addEventListener("htmx:afterSettle", (event) => {
      // Saved in the memo, or kept as a draft (invalid input, a conflict): either way stored.
      const kept = ["saved", "invalid", "conflict"];
      if (fromAutosave(event) && state() && kept.includes(state().dataset.state)) stored = sent;
    });
    const offline = (event) => {
      if (!fromAutosave(event) || !status()) return;
      const message = document.createElement("span");
      message.dataset.state = "error";
      message.textContent =
        "Niet automatisch opgeslagen: geen verbinding met de server. Uw tekst staat nog op deze pagina; kies Opslaan zodra de verbinding terug is.";
      status().replaceChildren(message);
    };
    document.body.addEventListener("htmx:sendError", offline);
    document.body.addEventListener("htmx:responseError", offline);
    window.addEventListener("beforeunload", (event) => {
      if (edits !== stored) event.preventDefault();
    });
  }
})();
