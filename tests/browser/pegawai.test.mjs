// Employee search (htmx, no full reload), the detail page, unit scoping, and a phone viewport.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newPage, login, screenshot, lebarHalaman, JUMLAH_DEMO, SANDI } from './lib/netral.mjs';

let server;
let browser;
let stop;

before(async () => {
  ({ server, browser, stop } = await startAll());
});

after(async () => {
  await stop?.();
});

const total = async (page) => Number((await page.textContent('#total-hasil')).trim());

/**
 * Types a fragment into #q and waits for htmx to swap #hasil. A marker set on window before
 * typing must survive: a full page load would wipe it.
 */
async function cari(page, fragmen) {
  await page.evaluate(() => { window.__tanpaMuatUlang = true; });
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/pegawai?') && r.request().headers()['hx-request'] === 'true'),
    page.locator('#q').pressSequentially(fragmen, { delay: 20 }),
  ]);
  assert.equal(resp.status(), 200);
  // The debounced request for the whole fragment is the one that counts.
  await page.waitForFunction(
    (f) => new URL(location.href).searchParams.get('q') === f && !document.querySelector('#hasil.htmx-request'),
    fragmen,
  );
  await page.waitForFunction(
    (f) => [...document.querySelectorAll('#hasil tbody tr td:first-child')].every((td) => td.textContent.toLowerCase().includes(f.toLowerCase())),
    fragmen,
  );
  assert.equal(await page.evaluate(() => window.__tanpaMuatUlang), true, 'the results were swapped in place, not by a reload');
}

test('typing a name fragment filters the list in place, and a row opens the detail page', async () => {
  const page = await newPage(browser, server.url);
  await login(page, 'admin');
  await page.click('nav.menu a[href="/pegawai"]');
  await page.waitForURL('**/pegawai');
  assert.equal(await total(page), JUMLAH_DEMO);
  assert.equal(await page.locator('#hasil tbody tr').count(), 50, 'first page of 50');

  await cari(page, 'Baso');
  const n = await total(page);
  assert.ok(n > 0 && n < JUMLAH_DEMO, `a fragment narrows the list (got ${n})`);
  const nama = await page.locator('#hasil tbody tr td:first-child a').allInnerTexts();
  assert.equal(nama.length, Math.min(n, 50));
  for (const x of nama) assert.match(x, /Baso/i);
  assert.match(page.url(), /[?&]q=Baso/, 'the search is in the address bar (hx-push-url)');
  await screenshot(page, 'pegawai-cari');

  const pertama = page.locator('#hasil tbody tr td:first-child a').first();
  const namaPertama = (await pertama.innerText()).trim();
  const href = await pertama.getAttribute('href');
  assert.match(href, /^\/pegawai\/\d+$/);
  await Promise.all([page.waitForURL(`**${href}`), pertama.click()]);
  assert.equal((await page.locator('main h1').innerText()).trim(), namaPertama);
  const dt = await page.locator('dl.rincian dt').allInnerTexts();
  for (const label of ['Jenis', 'Status', 'Unit kerja', 'Jabatan']) assert.ok(dt.includes(label), `detail shows ${label}`);
  // The NIK is masked on the detail page.
  const nik = page.locator('dl.rincian dt:text-is("NIK") + dd');
  if (await nik.count()) assert.doesNotMatch(await nik.innerText(), /^\d{16}$/);
  await screenshot(page, 'pegawai-detail');

  // Back to the list: the search is still there.
  await Promise.all([page.waitForURL('**/pegawai'), page.click('main a[href="/pegawai"]')]);
  await page.context().close();
});

test('filters by type, and an unknown name gives an empty result', async () => {
  const page = await newPage(browser, server.url);
  await login(page, 'bkpsdm');
  await page.goto('/pegawai');
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('jenis=PPPK_PARUH_WAKTU')),
    page.selectOption('#jenis', 'PPPK_PARUH_WAKTU'),
  ]);
  await page.waitForFunction(() => new URL(location.href).searchParams.get('jenis') === 'PPPK_PARUH_WAKTU');
  const n = await total(page);
  assert.ok(n > 0 && n < JUMLAH_DEMO);
  for (const j of await page.locator('#hasil tbody tr td:nth-child(3)').allInnerTexts()) assert.equal(j, 'PPPK Paruh Waktu');

  await page.selectOption('#jenis', '');
  await page.fill('#q', 'zzqxy-tidak-ada');
  await page.waitForFunction(() => document.querySelector('#total-hasil')?.textContent.trim() === '0');
  assert.match(await page.locator('#hasil').innerText(), /Tidak ada data\./);
  await page.context().close();
});

test('the unit-scoped camat sees fewer employees than the admin', async () => {
  const admin = await newPage(browser, server.url);
  await login(admin, 'admin');
  const camat = await newPage(browser, server.url);
  await login(camat, 'camat');

  const dasborCamat = Number((await camat.textContent('#jumlah-pegawai')).trim());
  const dasborAdmin = Number((await admin.textContent('#jumlah-pegawai')).trim());
  assert.equal(dasborAdmin, JUMLAH_DEMO);
  assert.ok(dasborCamat > 0 && dasborCamat < dasborAdmin, `camat ${dasborCamat} < admin ${dasborAdmin}`);

  await camat.goto('/pegawai');
  const n = await total(camat);
  assert.ok(n > 0 && n < JUMLAH_DEMO, `camat's list is scoped (got ${n})`);

  // The camat's unit tree is their own kecamatan only.
  await camat.goto('/unit');
  const unitCamat = await camat.locator('table.pohon tbody tr').count();
  await admin.goto('/unit');
  const unitAdmin = await admin.locator('table.pohon tbody tr').count();
  assert.ok(unitCamat > 0 && unitCamat < unitAdmin, `camat units ${unitCamat} < admin units ${unitAdmin}`);
  assert.match(await camat.locator('table.pohon tbody tr').first().innerText(), /Kecamatan/);

  // No import or audit for the camat: not in the menu, and refused if typed in.
  const menu = await camat.locator('nav.menu a').allInnerTexts();
  assert.ok(!menu.includes('Impor pegawai') && !menu.includes('Log audit'), menu.join(', '));
  const r = await camat.goto('/impor');
  assert.equal(r.status(), 403);
  await screenshot(camat, 'camat-unit');

  // An employee outside the kecamatan is not reachable by id.
  const bkpsdm = await admin.locator('table.pohon a', { hasText: 'Badan Kepegawaian' }).first().getAttribute('href');
  await admin.goto(bkpsdm);
  const luar = await admin.locator('#hasil tbody tr td:first-child a').first().getAttribute('href');
  const tolak = await camat.goto(luar);
  assert.ok([403, 404].includes(tolak.status()), `camat opening ${luar} got ${tolak.status()}`);
  assert.equal(await camat.locator('dl.rincian').count(), 0);
  await screenshot(camat, 'camat-di-luar-unit');
  await admin.context().close();
  await camat.context().close();
});

const HP = { width: 390, height: 844 };

test('phone viewport (390×844): login and search work, and no page is wider than the screen', async () => {
  const page = await newPage(browser, server.url, { viewport: HP, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const pasLayar = async (nama) => {
    const l = await lebarHalaman(page, HP.width);
    assert.ok(l.scrollWidth <= HP.width, `${nama} is ${l.scrollWidth}px wide on a ${HP.width}px phone; sticking out: ${l.menonjol.join(', ')}`);
    await screenshot(page, `hp-${nama}`, { fullPage: false });
  };
  await page.goto('/masuk');
  await pasLayar('masuk');
  await page.tap('#username');
  await page.fill('#username', 'admin');
  await page.fill('#sandi', SANDI);
  await Promise.all([page.waitForURL('**/dasbor'), page.tap('main form button[type=submit]')]);
  assert.equal((await page.textContent('#jumlah-pegawai')).trim(), String(JUMLAH_DEMO));
  await pasLayar('dasbor');

  await page.tap('nav.menu a[href="/pegawai"]');
  await page.waitForURL('**/pegawai');
  await pasLayar('pegawai');
  await page.tap('#q');
  await cari(page, 'Arif');
  assert.ok((await total(page)) > 0);
  await pasLayar('pegawai-cari');
  // The results table scrolls inside its own box.
  assert.equal(await page.locator('#hasil .gulir').evaluate((g) => getComputedStyle(g).overflowX), 'auto');
  const pertama = page.locator('#hasil tbody tr td:first-child a').first();
  await Promise.all([page.waitForURL(/\/pegawai\/\d+$/), pertama.tap()]);
  await pasLayar('detail');

  for (const [nama, url] of [['unit', '/unit'], ['impor', '/impor'], ['audit', '/audit']]) {
    await page.goto(url);
    await pasLayar(nama);
  }
  await page.context().close();
});
