// Starts Swagger UI on the OpenAPI document served by this Netral instance.
//
// deepLinking stays off: with it, every operation's path is a link inside the operation's
// expand button (axe `nested-interactive`, serious), which screen readers cannot reach.
// The vendored bundle stays unmodified; what it renders without an accessible name, or
// scrollable without being focusable, is mended below as it appears (axe: `label`,
// `button-name`, `label-content-name-mismatch`, `scrollable-region-focusable`).
(function () {
  "use strict";

  function beriNama(el, nama) {
    if (!el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby")) {
      el.setAttribute("aria-label", nama);
    }
  }

  function perbaiki(akar) {
    akar.querySelectorAll("button.close-modal").forEach(function (b) { beriNama(b, "Tutup"); });
    // "Authorize" labelled "Apply credentials": the spoken name must contain the visible one.
    akar.querySelectorAll('button[type="submit"][aria-label]').forEach(function (b) {
      var teks = (b.textContent || "").trim();
      if (teks && b.getAttribute("aria-label").indexOf(teks) === -1) b.removeAttribute("aria-label");
    });
    akar.querySelectorAll("textarea.body-param__text").forEach(function (t) {
      beriNama(t, "Isi permintaan (JSON)");
    });
    // Parameter fields: named after their parameter when the bundle gives them no label.
    akar.querySelectorAll("tr[data-param-name] input, tr[data-param-name] textarea, tr[data-param-name] select")
      .forEach(function (el) {
        if (!el.labels || el.labels.length === 0) {
          beriNama(el, "Parameter " + el.closest("tr[data-param-name]").getAttribute("data-param-name"));
        }
      });
    // Code samples (request examples, curl, responses) scroll sideways: reachable by keyboard.
    akar.querySelectorAll("pre.microlight, pre.example, .highlight-code > pre").forEach(function (p) {
      if (!p.hasAttribute("tabindex")) {
        p.setAttribute("tabindex", "0");
        beriNama(p, "Contoh kode");
      }
    });
  }

  window.addEventListener("load", function () {
    var wadah = document.getElementById("swagger-ui");
    window.SwaggerUIBundle({
      url: "/api/v1/openapi.json", dom_id: "#swagger-ui", deepLinking: false,
      // The highlight themes colour some tokens below 4.5:1 on their dark background.
      syntaxHighlight: false });
    // Mutation records arrive batched once per task; only attributes are set here, and
    // attribute changes are not observed, so this cannot loop.
    new MutationObserver(function () { perbaiki(wadah); })
      .observe(wadah, { childList: true, subtree: true });
  });
})();
