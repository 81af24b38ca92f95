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
  form.addEventListener("change", (event) => {
    if (event.target.name !== "purpose" || !treatment) return;
    if (isStandard(treatment.value)) {
      treatment.value = standardTexts[event.target.value] || "";
    }
  });
})();
