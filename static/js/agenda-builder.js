// Drag-and-drop ordering of the agenda (SortableJS). The up/down buttons do the same from the
// keyboard and without JavaScript; after a drop the server renumbers and replans the agenda.
(function () {
  "use strict";
  function enable() {
    const list = document.getElementById("builder-items");
    if (!list || list.dataset.sortable || typeof Sortable === "undefined") return;
    list.dataset.sortable = "on";
    Sortable.create(list, {
      handle: ".drag-handle",
      animation: 150,
      onEnd() {
        const order = Array.from(list.querySelectorAll("[data-item-id]"), (li) => li.dataset.itemId);
        htmx.ajax("POST", list.dataset.reorderUrl, {
          source: list,
          target: "#agenda-builder",
          swap: "outerHTML",
          values: { order: order.join(",") },
        });
      },
    });
  }
  // After a move or a drop (HX-Trigger "agenda-changed" from the server): the new order is
  // announced in the live region that stays in the page, and the focus goes back to the button
  // that was used, or to the moved item when that button is gone (the item reached the top or end).
  document.addEventListener("agenda-changed", (event) => {
    const detail = event.detail || {};
    const region = document.getElementById("agenda-announcement");
    if (region && detail.announce) {
      region.textContent = "";
      window.setTimeout(() => { region.textContent = detail.announce; }, 50);
    }
    const target =
      (detail.focus && document.querySelector(detail.focus)) ||
      (detail.fallback && document.querySelector(detail.fallback));
    if (target) target.focus();
  });
  document.addEventListener("DOMContentLoaded", enable);
  document.addEventListener("htmx:afterSettle", enable);
})();
