// axe-core on every page: no violation of impact serious or critical. A screenshot of each
// page goes to test-results/ (named a11y-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  startAll, newPage, login, screenshot, runAxe, graveViolations, describeViolations, csv, RESULTS,
} from './lib/netral.mjs';

let server;
let browser;
let stop;
let page;
const ringkasan = {};

before(async () => {
  ({ server, browser, stop } = await startAll());
  // The pages send a strict CSP (default-src 'self'), which blocks the injected axe script;
  // only this context bypasses it, the other tests run under the real policy.
  page = await newPage(browser, server.url, { bypassCSP: true });
});

after(async () => {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'axe.json'), JSON.stringify(ringkasan, null, 2));
  await stop?.();
});

async function periksa(t, nama) {
  await page.waitForLoadState('load');
  const hasil = await runAxe(page);
  ringkasan[nama] = { url: page.url(), passes: hasil.passes?.length, violations: describeViolations(hasil) };
  for (const v of describeViolations(hasil)) t.diagnostic(`${nama}: ${v}`);
  await screenshot(page, `a11y-${nama}`);
  const berat = graveViolations(hasil);
  assert.deepEqual(berat, [], `${nama} (${page.url()}) has serious/critical axe violations:\n${JSON.stringify(berat, null, 2)}`);
}

test('/masuk', async (t) => {
  await page.goto('/masuk');
  await periksa(t, 'masuk');
});

test('/masuk with a login error', async (t) => {
  await page.goto('/masuk');
  await page.fill('#username', 'admin');
  await page.fill('#sandi', 'salah');
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('main form button[type=submit]')]);
  await page.locator('.galat').waitFor();
  await periksa(t, 'masuk-galat');
});

test('/dasbor', async (t) => {
  await login(page, 'admin');
  await periksa(t, 'dasbor');
});

test('/unit', async (t) => {
  await page.goto('/unit');
  await periksa(t, 'unit');
});

test('/pegawai', async (t) => {
  await page.goto('/pegawai');
  await periksa(t, 'pegawai');
});

test('/pegawai after an htmx search', async (t) => {
  await page.goto('/pegawai');
  await page.fill('#q', 'Arif');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'Arif');
  await page.waitForFunction(() => !document.querySelector('.htmx-request'));
  await periksa(t, 'pegawai-cari');
});

test('/pegawai/{id}', async (t) => {
  await page.goto('/pegawai?q=Arif');
  const href = await page.locator('#hasil tbody tr td:first-child a').first().getAttribute('href');
  await page.goto(href);
  await periksa(t, 'pegawai-detail');
});

test('/impor', async (t) => {
  await page.goto('/impor');
  await periksa(t, 'impor');
});

test('import result page (with problems)', async (t) => {
  await page.goto('/impor');
  const isi = csv([
    ['Aksesibel Satu', 'PNS', '198609262015052001', '', '1971016609860001', '26-09-1986', 'Sekretariat Daerah', '', 'Analis'],
    ['Aksesibel Dua', 'PNS', '1986092620150520', '', '1971016609860002', '26-09-1986', 'Sekretariat Daerah', '', 'Analis'],
    ['', 'CPNS', '', '', '', '', '', '', ''],
  ]);
  await page.setInputFiles('#berkas', { name: 'a11y.csv', mimeType: 'text/csv', buffer: Buffer.from(isi) });
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('main form button[type=submit]')]);
  await page.locator('#tabel-masalah').waitFor();
  await periksa(t, 'impor-hasil');
});

test('import result page (ready to confirm) and the finished import', async (t) => {
  await page.goto('/impor');
  const isi = csv([['Aksesibel Satu', 'PNS', '198609262015052001', '', '1971016609860001', '26-09-1986', 'Sekretariat Daerah', '', 'Analis']]);
  await page.setInputFiles('#berkas', { name: 'a11y-benar.csv', mimeType: 'text/csv', buffer: Buffer.from(isi) });
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('main form button[type=submit]')]);
  await page.locator('#konfirmasi').waitFor();
  await periksa(t, 'impor-siap');
  await Promise.all([page.waitForURL(/konfirmasi$/), page.click('#konfirmasi')]);
  await page.locator('#impor-selesai').waitFor();
  await periksa(t, 'impor-selesai');
});

test('/audit', async (t) => {
  await page.goto('/audit');
  await periksa(t, 'audit');
});

test('English dashboard', async (t) => {
  await page.goto('/dasbor');
  await Promise.all([page.waitForURL('**/dasbor'), page.click('header a[href="/bahasa/en"]')]);
  await periksa(t, 'dasbor-en');
  await page.click('header a[href="/bahasa/id"]');
});

test('error page (unknown employee)', async (t) => {
  const r = await page.goto('/pegawai/999999999');
  assert.equal(r.status(), 404);
  await periksa(t, 'galat-404');
});

// The vendored Swagger UI, mended by docs.css and docs-init.js (contrast, nested links in the
// operation buttons, unnamed fields, unreachable code samples): checked collapsed, with an
// operation open and tried out against the real server, and with the authorize dialog open.
test('/api/v1/docs (Swagger UI)', async (t) => {
  await page.goto('/api/v1/docs');
  await page.locator('.swagger-ui .opblock').first().waitFor();
  await periksa(t, 'api-docs');
  const op = page.locator('#operations-tanda-tangan-signPakta');
  await op.locator('.opblock-summary-control').click();
  await op.locator('.try-out__btn').click();
  await op.locator('textarea.body-param__text').fill('{"butir": [true]}');
  await op.locator('.execute').click();
  await op.locator('.live-responses-table .response-col_description').first().waitFor();
  // The server's answer is the Indonesian error, not axum's English rejection.
  const jawab = await op.locator('.live-responses-table').innerText();
  assert.match(jawab, /NT-400/);
  assert.match(jawab, /kolom `metode` wajib diisi/);
  await periksa(t, 'api-docs-coba');
  await page.locator('.scheme-container .btn.authorize').click();
  await page.locator('.dialog-ux .modal-ux').waitFor();
  await periksa(t, 'api-docs-otorisasi');
});
