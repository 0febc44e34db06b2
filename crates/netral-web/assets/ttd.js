// Signature pad of the signing page: pointer strokes in a 600 × 200 box, sent as
// GambarRekaman::Goresan JSON ({"goresan": {"lebar", "tinggi", "garis": [[[x, y], …], …]}}),
// or a typed name drawn as a PNG ({"png_base64": …}). Without JavaScript the page falls
// back to the typed name only. Used by /tandatangan/pakta and /kiosk.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var LEBAR = 600, TINGGI = 200, MAKS_TITIK = 3000;

  function bulat(v) { return Math.round(v * 10) / 10; }

  function pasang(wadah) {
    var kanvas = wadah.querySelector("canvas.pad-ttd");
    var masukan = wadah.querySelector("input[name=gambar]");
    var nama = wadah.querySelector("input[name=nama_ketik]");
    var hapus = wadah.querySelector("[data-hapus-ttd]");
    if (!kanvas || !masukan) { return null; }
    kanvas.width = LEBAR; kanvas.height = TINGGI;
    var ctx = kanvas.getContext("2d");
    var garis = [], sekarang = null, jumlah = 0;

    function gambarUlang() {
      ctx.clearRect(0, 0, LEBAR, TINGGI);
      ctx.lineWidth = 2.5; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#0b1f3a";
      garis.forEach(function (g) {
        ctx.beginPath();
        g.forEach(function (p, i) { if (i === 0) { ctx.moveTo(p[0], p[1]); } else { ctx.lineTo(p[0], p[1]); } });
        if (g.length === 1) { ctx.lineTo(g[0][0] + 0.5, g[0][1] + 0.5); }
        ctx.stroke();
      });
    }
    function titik(e) {
      var r = kanvas.getBoundingClientRect();
      var x = (e.clientX - r.left) * LEBAR / r.width, y = (e.clientY - r.top) * TINGGI / r.height;
      // Kept inside the box even when the pointer leaves it while drawing.
      return [bulat(Math.min(LEBAR, Math.max(0, x))), bulat(Math.min(TINGGI, Math.max(0, y)))];
    }
    kanvas.addEventListener("pointerdown", function (e) {
      if (jumlah >= MAKS_TITIK) { return; }
      e.preventDefault();
      kanvas.setPointerCapture(e.pointerId);
      sekarang = [titik(e)]; garis.push(sekarang); jumlah++;
      gambarUlang(); perbarui();
    });
    kanvas.addEventListener("pointermove", function (e) {
      if (!sekarang || jumlah >= MAKS_TITIK) { return; }
      e.preventDefault();
      sekarang.push(titik(e)); jumlah++;
      gambarUlang();
    });
    function selesai() { sekarang = null; perbarui(); }
    kanvas.addEventListener("pointerup", selesai);
    kanvas.addEventListener("pointercancel", selesai);
    if (hapus) {
      hapus.addEventListener("click", function (e) { e.preventDefault(); garis = []; jumlah = 0; gambarUlang(); perbarui(); });
    }

    function modeKetik() {
      var r = wadah.querySelector("input[name=mode_ttd]:checked");
      return r && r.value === "ketik";
    }
    function selaraskanMode() {
      wadah.classList.toggle("mode-ketik", modeKetik());
      wadah.classList.toggle("mode-gambar", !modeKetik());
    }
    wadah.querySelectorAll("input[name=mode_ttd]").forEach(function (r) {
      r.addEventListener("change", function () { selaraskanMode(); perbarui(); });
    });
    selaraskanMode();

    function namaPng(teks) {
      var c = document.createElement("canvas");
      c.width = LEBAR; c.height = TINGGI;
      var x = c.getContext("2d");
      x.fillStyle = "#fff"; x.fillRect(0, 0, LEBAR, TINGGI);
      x.fillStyle = "#0b1f3a"; x.textAlign = "center"; x.textBaseline = "middle";
      x.font = "italic 56px 'Segoe Script', 'Brush Script MT', cursive, serif";
      x.fillText(teks, LEBAR / 2, TINGGI / 2, LEBAR - 20);
      return c.toDataURL("image/png").replace(/^data:image\/png;base64,/, "");
    }
    function perbarui() {
      if (modeKetik()) {
        var t = nama ? nama.value.trim() : "";
        masukan.value = t ? JSON.stringify({ png_base64: namaPng(t) }) : "";
      } else {
        masukan.value = garis.length ? JSON.stringify({ goresan: { lebar: LEBAR, tinggi: TINGGI, garis: garis } }) : "";
      }
    }
    if (nama) { nama.addEventListener("input", perbarui); }
    return {
      kosongkan: function () { garis = []; jumlah = 0; gambarUlang(); if (nama) { nama.value = ""; } selaraskanMode(); perbarui(); },
      nilai: function () { perbarui(); return masukan.value; }
    };
  }

  window.NetralTtd = { pasang: pasang };
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-pad-ttd]").forEach(function (w) { w.netralPad = pasang(w); });
  });
})();
