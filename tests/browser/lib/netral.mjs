// Shared helpers for the browser tests: a private demo server per test file, a headless
// Debian Chromium, login, axe-core and screenshots.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

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
 * own temporary data folder, and waits until /healthz answers 200.
 * Returns { url, stop(), log() }.
 */
export async function startDemo({ timeoutMs = 60_000 } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'netral-peramban-'));
  const child = spawn(netralBin(), ['demo', '--data-dir', dataDir, '--addr', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', RUST_LOG: process.env.RUST_LOG || 'warn' },
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
          if (r.status === 200) return { url, stop, log: () => out };
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
export async function startAll() {
  const [s, b] = await Promise.allSettled([startDemo(), launchBrowser()]);
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
