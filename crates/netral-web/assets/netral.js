// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("submit", function (e) {
  var b = e.target.querySelector("button[type=submit]");
  if (b && e.target.enctype === "multipart/form-data") { b.setAttribute("aria-busy", "true"); }
});
