// Kiosk queue: every signing is stored in localStorage with a client-generated idempotency
// key BEFORE it is sent, then sent to POST /kiosk/antre with retries and backoff until the
// server answers. The server returns the same signature for the same key, so a retry after
// a lost answer never signs twice. Refusals (4xx) are shown and not retried.
(function () {
  "use strict";
  var KUNCI_SIMPAN = "netral-kiosk-antrean";
  var form, status, daftar, teks, jeda = 2000, timer = null, sedangKirim = false;

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  // What the queue shows of a person: a masked NIP (the next person sees the list).
  function samarkan(masukan) {
    var id = masukan.indexOf("NETRAL-KARTU/") === 0 ? (masukan.split(":")[2] || "") : masukan;
    return id.length > 7 ? id.slice(0, 4) + "…" + id.slice(-3) : "…";
  }
  function baca() {
    try { return JSON.parse(localStorage.getItem(KUNCI_SIMPAN) || "[]"); } catch (e) { return []; }
  }
  // Keeps every waiting item and the newest 200 finished ones.
  function simpan(antre) {
    var selesai = antre.filter(function (it) { return it.status !== "menunggu"; }).length;
    var buang = Math.max(0, selesai - 200);
    antre = antre.filter(function (it) {
      if (buang > 0 && it.status !== "menunggu") { buang--; return false; }
      return true;
    });
    localStorage.setItem(KUNCI_SIMPAN, JSON.stringify(antre));
  }

  function tampil() {
    var antre = baca();
    daftar.textContent = "";
    antre.slice().reverse().forEach(function (it) {
      var li = document.createElement("li");
      li.className = it.status;
      li.setAttribute("data-kunci", it.kunci_idempoten);
      li.setAttribute("data-status", it.status);
      var label = it.status === "terkirim" ? teks.terkirim : it.status === "ditolak" ? teks.ditolak : teks.menunggu;
      li.textContent = it.label + " — " + label + (it.pesan ? ": " + it.pesan : "");
      daftar.appendChild(li);
    });
    var daring = navigator.onLine !== false;
    status.textContent = daring ? teks.daring : teks.luring;
  }

  function perbarui(kunci, ubah) {
    var antre = baca();
    antre.forEach(function (it) { if (it.kunci_idempoten === kunci) { ubah(it); } });
    simpan(antre);
  }

  function jadwal() {
    if (timer) { return; }
    timer = setTimeout(function () { timer = null; kirimSemua(); }, jeda);
    jeda = Math.min(jeda * 2, 60000);
  }

  function kirimSemua() {
    if (sedangKirim) { return; }
    var tunggu = baca().filter(function (it) { return it.status === "menunggu"; });
    if (!tunggu.length) { jeda = 2000; return; }
    sedangKirim = true;
    var it = tunggu[0];
    fetch("/kiosk/antre", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": form.dataset.csrf },
      body: JSON.stringify(it.isi)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (badan) { return { res: res, badan: badan }; });
    }).then(function (h) {
      sedangKirim = false;
      if (h.res.ok && h.badan && h.badan.hash_daun) {
        perbarui(it.kunci_idempoten, function (x) { x.status = "terkirim"; x.pesan = h.badan.hash_daun || ""; x.isi = null; });
        jeda = 2000;
        tampil();
        kirimSemua();
      } else if (!h.res.redirected && h.res.status >= 400 && h.res.status < 500 && h.res.status !== 408 && h.res.status !== 429 && h.res.status !== 401) {
        var pesan = (h.badan.error && h.badan.error.pesan) || String(h.res.status);
        perbarui(it.kunci_idempoten, function (x) { x.status = "ditolak"; x.pesan = pesan; x.isi = null; });
        tampil();
        kirimSemua();
      } else {
        tampil();
        jadwal();
      }
    }).catch(function () {
      sedangKirim = false;
      tampil();
      jadwal();
    });
  }

  function kirimKode() {
    var nip = form.querySelector("[name=nip_atau_kartu]").value.trim();
    if (!nip) { return; }
    fetch("/kiosk/kirim-kode", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": form.dataset.csrf },
      body: JSON.stringify({ kampanye: Number(form.dataset.kampanye), nip_atau_kartu: nip })
    }).then(function () { status.textContent = teks.kode; }).catch(function () { tampil(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    form = document.getElementById("kiosk-form");
    if (!form) { return; }
    status = document.getElementById("kiosk-status");
    daftar = document.getElementById("kiosk-antrean");
    teks = {
      menunggu: form.dataset.teksMenunggu, terkirim: form.dataset.teksTerkirim, ditolak: form.dataset.teksDitolak,
      daring: form.dataset.teksDaring, luring: form.dataset.teksLuring, butir: form.dataset.teksButir,
      ttd: form.dataset.teksTtd, kode: form.dataset.teksKode
    };
    var pad = form.querySelector("[data-pad-ttd]");
    var tombolKode = document.getElementById("kiosk-kirim-kode");
    if (tombolKode) { tombolKode.addEventListener("click", kirimKode); }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var centang = Array.prototype.map.call(form.querySelectorAll("[data-butir]"), function (c) { return c.checked; });
      if (centang.indexOf(false) >= 0) { status.textContent = teks.butir; return; }
      var gambar = pad && pad.netralPad ? pad.netralPad.nilai() : "";
      if (!gambar) { status.textContent = teks.ttd; return; }
      var nip = form.querySelector("[name=nip_atau_kartu]").value.trim();
      var item = {
        kunci_idempoten: uuid(),
        label: samarkan(nip),
        status: "menunggu",
        pesan: "",
        isi: null
      };
      item.isi = {
        kampanye: Number(form.dataset.kampanye),
        nip_atau_kartu: nip,
        otp: form.querySelector("[name=otp]").value.trim() || null,
        kunci_idempoten: item.kunci_idempoten,
        butir: centang,
        gambar: JSON.parse(gambar),
        waktu_klien: new Date().toISOString()
      };
      // Stored before sending: a reload or a lost connection keeps it.
      var antre = baca();
      antre.push(item);
      simpan(antre);
      form.reset();
      if (pad && pad.netralPad) { pad.netralPad.kosongkan(); }
      tampil();
      form.querySelector("[name=nip_atau_kartu]").focus();
      kirimSemua();
    });
    window.addEventListener("online", function () { jeda = 2000; kirimSemua(); });
    window.addEventListener("offline", tampil);
    tampil();
    kirimSemua();
  });
})();
