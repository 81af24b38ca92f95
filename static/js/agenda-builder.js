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
  document.addEventListener("DOMContentLoaded", enable);
  document.addEventListener("htmx:afterSettle", enable);
})();
