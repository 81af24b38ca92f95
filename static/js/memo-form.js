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
  form.addEventListener("change", (event) => {
    if (event.target.name !== "purpose" || !treatment) return;
    if (isStandard(treatment.value)) {
      treatment.value = standardTexts[event.target.value] || "";
    }
  });
})();
