// Shared helpers for the browser tests: a private demo server per test file, a headless
// Debian Chromium, login, axe-core and screenshots.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash, createHmac } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
export const BROWSER_DIR = resolve(here, '..');
export const REPO = resolve(BROWSER_DIR, '..', '..');
export const RESULTS = join(BROWSER_DIR, 'test-results');
export const SANDI = 'netral-demo-2026';
export const JUMLAH_DEMO = 6000;

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** The netral binary: $NETRAL_BIN, else the debug build of this checkout. */
export function netralBin() {
  const bin = process.env.NETRAL_BIN
    ? resolve(process.env.NETRAL_BIN)
    : join(REPO, 'target', 'debug', 'netral');
  if (!existsSync(bin)) {
    throw new Error(`netral binary not found at ${bin}: run 'cargo build -p netral-cli' or set NETRAL_BIN`);
  }
  return bin;
}

/**
 * Starts `netral demo` on a free loopback port (the OS picks it: --addr 127.0.0.1:0) with its
 * own temporary data folder, and waits until /healthz answers 200. `jumlah`: number of demo
 * employees (default the binary's); `rustLog`: the server's RUST_LOG (default $RUST_LOG or warn).
 * Returns { url, stop(), log(), dataDir }.
 */
export async function startDemo({ timeoutMs = 60_000, jumlah = null, rustLog = null } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'netral-peramban-'));
  const args = ['demo', '--data-dir', dataDir, '--addr', '127.0.0.1:0'];
  if (jumlah !== null) args.push('--jumlah', String(jumlah));
  const child = spawn(netralBin(), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', RUST_LOG: rustLog || process.env.RUST_LOG || 'warn' },
  });
  let out = '';
  const onData = (d) => { out += d.toString(); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  // If this test process ends without the teardown (a crash, a signal), take the server along.
  const orphan = () => {
    if (exited === null) child.kill('SIGKILL');
    try { rmSync(dataDir, { recursive: true, force: true }); } catch { /* best effort */ }
  };
  const onSignal = (sig) => { orphan(); process.kill(process.pid, sig); };
  process.once('exit', orphan);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    process.off('exit', orphan);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  });

  const stop = async () => {
    if (exited === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => { if (exited === null) child.kill('SIGKILL'); }, 5_000);
      await gone;
      clearTimeout(t);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  let url = null;
  try {
    while (Date.now() < deadline) {
      if (exited !== null) throw new Error(`netral demo exited early (${JSON.stringify(exited)}):\n${out}`);
      if (!url) {
        const m = out.match(/Netral berjalan di (http:\/\/127\.0\.0\.1:\d+)\//);
        if (m) url = m[1];
      }
      if (url) {
        try {
          const r = await fetch(`${url}/healthz`);
          if (r.status === 200) return { url, stop, log: () => out, dataDir };
        } catch { /* not yet */ }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`netral demo not healthy within ${timeoutMs} ms:\n${out}`);
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * Starts a demo server and a browser together. If either fails, the other is closed before
 * the error is thrown, so a failed setup cannot leave a process keeping the test file alive.
 */
export async function startAll(opsiDemo = {}) {
  const [s, b] = await Promise.allSettled([startDemo(opsiDemo), launchBrowser()]);
  if (s.status === 'fulfilled' && b.status === 'fulfilled') {
    const server = s.value;
    const browser = b.value;
    return { server, browser, stop: async () => { await browser.close(); await server.stop(); } };
  }
  if (s.status === 'fulfilled') await s.value.stop();
  if (b.status === 'fulfilled') await b.value.close();
  throw s.status === 'rejected' ? s.reason : b.reason;
}

/** Launches Debian's Chromium headless (never a downloaded browser). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A fresh browser context (own cookies) pointed at the server. */
export async function newPage(browser, baseURL, opts = {}) {
  const context = await browser.newContext({ baseURL, acceptDownloads: true, ...opts });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return page;
}

/** Logs in through the form and waits for the dashboard. */
export async function login(page, username, sandi = SANDI) {
  await page.goto('/masuk');
  await page.fill('#username', username);
  await page.fill('#sandi', sandi);
  await Promise.all([
    page.waitForURL('**/dasbor'),
    page.click('main form button[type=submit]'),
  ]);
}

/** Saves a screenshot (full page unless told) under test-results/. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(RESULTS, { recursive: true });
  const path = join(RESULTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/**
 * How far the page reaches sideways, and the widest elements that stick out of `width`
 * (outside a .gulir box, which scrolls on its own). A phone browser zooms the whole page
 * out when anything is wider than the screen.
 */
export function lebarHalaman(page, width) {
  return page.evaluate((W) => {
    const keluar = (e) => e.getBoundingClientRect().right > W + 1 && !e.closest('.gulir');
    const menonjol = [...document.querySelectorAll('body *')]
      .filter((e) => keluar(e) && ![...e.children].some(keluar))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + e.className : ''} (right ${Math.round(e.getBoundingClientRect().right)}px)`);
    return { scrollWidth: document.documentElement.scrollWidth, menonjol };
  }, width);
}

/** Injects axe-core (the context needs bypassCSP) and runs it on the whole page. */
export async function runAxe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    return await axe.run(document, { resultTypes: ['violations'] });
  });
}

/** Violations of impact serious or critical, each summarised for a readable failure. */
export function graveViolations(result) {
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`),
    }));
}

/** Summary of every violation (any impact), for the log. */
export function describeViolations(result) {
  return result.violations.map(
    (v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** A semicolon CSV with the basic SIASN columns; rows are arrays of cells. */
export const HEADER = 'NAMA;JENIS PEGAWAI;NIP;NI PPPK;NIK;TANGGAL LAHIR;UNIT KERJA;SUB UNIT KERJA;JABATAN';
export function csv(rows) {
  return [HEADER, ...rows.map((r) => r.join(';'))].join('\n') + '\n';
}

// --- signing (issue #4): campaign set-up, one-time codes, the signature pad ---------------

/** RUST_LOG that lets the demo's log notifier print the messages it "sends" (one-time codes). */
export const RUST_LOG_NOTIFIKASI = 'warn,netral_app::notifikasi=info';

/** A new API bearer token for a demo account, made by the CLI on the server's data folder. */
export function bearerToken(server, username = 'admin') {
  return execFileSync(netralBin(), ['token', 'create', '--username', username, '--data-dir', server.dataDir], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', RUST_LOG: 'error' },
  }).trim();
}

/** A JSON call to /api/v1 with a bearer token; throws with the body on a non-2xx answer. */
export async function api(server, token, method, path, body) {
  const r = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const teks = await r.text();
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status}: ${teks}`);
  return teks ? JSON.parse(teks) : null;
}

/**
 * An open signing campaign through the staff API (createPemilihan, createTemplate from a
 * starter text, approveTemplate, createKampanye) with one non-strict stage for everyone, so any
 * employee may sign at once. Returns { token, kampanye, templat, butir }.
 */
export async function siapkanKampanye(server, { nama = 'Pakta Uji Peramban', awal = 'BUTIR_6' } = {}) {
  const token = bearerToken(server, 'admin');
  const pemilihan = await api(server, token, 'POST', '/pemilihan', {
    jenis: 'PILKADA', nama: 'Pilkada Uji Peramban 2026', tgl_pemungutan: '2026-12-09',
  });
  const t = await api(server, token, 'POST', '/templat', { pemilihan_id: pemilihan.id, awal });
  await api(server, token, 'POST', `/templat/${t.id}/sahkan`, { oleh: 'Sekretaris Daerah Demo' });
  const k = await api(server, token, 'POST', '/kampanye', {
    nama,
    template_id: t.id,
    tahap: [{ nama: 'Semua pegawai', sifat: 'ANJURAN', anggota: { menurut: 'SISANYA' } }],
  });
  return { token, kampanye: k.id, templat: t.id, butir: t.isi.butir.length };
}

/** Runs one query on the server's SQLite database (read-only use); rows as arrays of strings. */
export function sql(server, query) {
  const out = execFileSync('sqlite3', ['-batch', '-noheader', '-separator', '\t', '-cmd', '.timeout 5000',
    join(server.dataDir, 'netral.db'), query], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/**
 * Active NIP holders with an e-mail or phone (a code can reach them) who have not signed
 * anything yet: [{ id, nip, tujuan }], `n` of them, `lewati` skipped.
 */
export function pegawaiBerkontak(server, n, lewati = 0) {
  return sql(server, `SELECT p.id, p.identitas, COALESCE(p.email, p.no_hp) FROM pegawai p
      WHERE p.status = 'AKTIF' AND p.nip IS NOT NULL AND (p.email IS NOT NULL OR p.no_hp IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM tanda_tangan t WHERE t.instansi_id = p.instansi_id AND t.pegawai_id = p.id)
      ORDER BY p.id LIMIT ${Number(n)} OFFSET ${Number(lewati)}`)
    .map(([id, nip, tujuan]) => ({ id: Number(id), nip, tujuan }));
}

/**
 * The one-time code the demo's log notifier wrote for `tujuan` after log offset `sejak`
 * (`server.log().length` taken before asking). The outbox is sent every 2 s; waits for it
 * (the test's own timeout bounds the wait).
 */
export async function kodeDariLog(server, { sejak = 0, tujuan }) {
  const pola = /notifikasi \(log\).*? tujuan=(\S+) .*?isi=Kode tanda tangan pakta integritas Anda: (\d{6})/g;
  for (;;) {
    for (const m of server.log().slice(sejak).matchAll(pola)) {
      if (!tujuan || m[1] === tujuan) return m[2];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Draws a signature on a pad (canvas) as a few strokes. `sentuh: true` sends real touch events
 * through the DevTools protocol (a finger on a phone); otherwise the mouse. Both reach the pad
 * as pointer events.
 */
export async function gambarTandaTangan(page, selector, { sentuh = false } = {}) {
  const pad = page.locator(selector);
  await pad.scrollIntoViewIfNeeded();
  const b = await pad.boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  const goresan = [
    [[0.1, 0.6], [0.2, 0.3], [0.3, 0.7], [0.4, 0.35], [0.5, 0.65]],
    [[0.55, 0.5], [0.7, 0.4], [0.85, 0.55], [0.9, 0.45]],
  ].map((g) => g.map(([x, y]) => ({ x: b.x + x * b.width, y: b.y + y * b.height })));
  if (sentuh) {
    const cdp = await page.context().newCDPSession(page);
    for (const g of goresan) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [g[0]] });
      for (const p of g.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    }
    await cdp.detach();
  } else {
    for (const g of goresan) {
      await page.mouse.move(g[0].x, g[0].y);
      await page.mouse.down();
      for (const p of g.slice(1)) await page.mouse.move(p.x, p.y, { steps: 3 });
      await page.mouse.up();
    }
  }
}

/** A phone: 390×844, touch, mobile viewport (pass to newPage). */
export const PONSEL = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/**
 * axe-core on the page as it is, without a bypassCSP context: the script is evaluated through
 * the DevTools protocol, which the page's Content-Security-Policy does not govern. Use it on
 * pages reached through a flow (cookies, one-time state) that a second context cannot open.
 */
export async function runAxeDiHalaman(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.evaluate(readFileSync(AXE, 'utf8'));
  }
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    return await axe.run(document, { resultTypes: ['violations'] });
  });
}

/** Runs `fn`; when it throws, saves a screenshot of `page` as test-results/GAGAL-`nama`.png first. */
export async function fotoJikaGagal(page, nama, fn) {
  try {
    return await fn();
  } catch (e) {
    try { await screenshot(page, `GAGAL-${nama}`); } catch { /* the page may be gone */ }
    throw e;
  }
}

/** axe on the page as it is (runAxeDiHalaman): every violation logged, none serious or critical. */
export async function axeBersih(page, nama) {
  const r = await runAxeDiHalaman(page);
  for (const v of describeViolations(r)) console.log(`axe ${nama}: ${v}`);
  assert.deepEqual(graveViolations(r), [], `axe on ${nama}`);
}

/** Nothing on the page is wider than the phone (a .gulir box scrolls on its own). */
export async function muatDiPonsel(page, nama) {
  const lebar = PONSEL.viewport.width;
  const { scrollWidth, menonjol } = await lebarHalaman(page, lebar);
  assert.ok(scrollWidth <= lebar, `${nama} fits ${lebar} px (scrollWidth ${scrollWidth}; ${menonjol.join(', ')})`);
}

/**
 * A signing test file's set-up: a small demo (400 employees) that logs its one-time codes, a
 * browser, and an open campaign called `nama`. Returns { server, browser, pakta, stop() }.
 */
export async function mulaiUjiPakta(nama) {
  const semua = await startAll({ jumlah: 400, rustLog: RUST_LOG_NOTIFIKASI });
  try {
    return { ...semua, pakta: await siapkanKampanye(semua.server, { nama }) };
  } catch (e) {
    await semua.stop();
    throw e;
  }
}

/**
 * The staff-card QR payload of a NIP, as `App::kartu_pegawai` prints it (crates/netral-app/src/
 * ttd/otp.rs): `NETRAL-KARTU/1:<kode>:<NIP>:<tag>`, tag = the first 16 hex of
 * HMAC-SHA256(SHA-256(log salt ‖ "NETRAL-KARTU-KUNCI/1"), NIP). No route hands cards out, so the
 * test derives it from the salt in its own data folder (`kunci/<kode>.garam`).
 */
export function kartuPegawai(server, nip, kode = '19.71') {
  const garam = Buffer.from(readFileSync(join(server.dataDir, 'kunci', `${kode}.garam`), 'utf8').trim(), 'hex');
  const kunci = createHash('sha256').update(garam).update('NETRAL-KARTU-KUNCI/1').digest();
  const tag = createHmac('sha256', kunci).update(nip).digest('hex').slice(0, 16);
  return `NETRAL-KARTU/1:${kode}:${nip}:${tag}`;
}
