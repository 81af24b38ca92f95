// A small formatting toolbar above the memo's formatted-text fields (Markdown in a textarea).
// Without JavaScript the textarea and the hint below it are all there is, and that works too.
(function () {
  "use strict";
  const ACTIONS = [
    { label: "Vet", title: "Vet (Ctrl+B)", key: "b", wrap: ["**", "**"], placeholder: "vette tekst" },
    { label: "Cursief", title: "Cursief (Ctrl+I)", key: "i", wrap: ["*", "*"], placeholder: "schuine tekst" },
    { label: "Opsomming", title: "Opsomming", prefix: "- ", placeholder: "punt" },
    { label: "Link", title: "Link (Ctrl+K)", key: "k", link: true, placeholder: "linktekst" },
  ];

  function apply(textarea, action) {
    const { selectionStart: start, selectionEnd: end, value } = textarea;
    const selected = value.slice(start, end) || action.placeholder;
    let replacement;
    if (action.wrap) {
      replacement = action.wrap[0] + selected + action.wrap[1];
    } else if (action.prefix) {
      replacement = selected.split("\n").map((line) => action.prefix + line).join("\n");
      if (start > 0 && value[start - 1] !== "\n") replacement = "\n" + replacement;
    } else if (action.link) {
      replacement = "[" + selected + "](https://)";
    }
    textarea.setRangeText(replacement, start, end, "end");
    textarea.focus();
    // Let the live preview and autosave know the text changed.
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function enhance(textarea) {
    if (textarea.dataset.toolbar) return;
    textarea.dataset.toolbar = "on";
    const bar = document.createElement("div");
    bar.className = "format-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Opmaak");
    bar.setAttribute("aria-controls", textarea.id);
    for (const action of ACTIONS) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "utrecht-button utrecht-button--subtle";
      button.textContent = action.label;
      button.title = action.title;
      button.addEventListener("click", () => apply(textarea, action));
      bar.appendChild(button);
    }
    textarea.before(bar);
    textarea.addEventListener("keydown", (event) => {
      if (!(event.ctrlKey || event.metaKey)) return;
      const action = ACTIONS.find((a) => a.key === event.key.toLowerCase());
      if (action) {
        event.preventDefault();
        apply(textarea, action);
      }
    });
  }

  document.querySelectorAll("textarea[data-format=markdown]").forEach(enhance);
})();
