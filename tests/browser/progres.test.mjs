// The admin watches a campaign's progress move (issue #4 §10c): the dashboard is open, people
// sign through the API (online with a code, and at a kiosk), and the numbers change in place
// through htmx polling — no reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  newPage, login, screenshot, api, pegawaiBerkontak, kodeDariLog,
  fotoJikaGagal, axeBersih, muatDiPonsel, PONSEL, mulaiUjiPakta,
} from './lib/netral.mjs';

let u;
before(async () => { u = await mulaiUjiPakta('Pakta Uji Progres'); });
after(async () => { await u?.stop(); });

const GAMBAR = { goresan: { lebar: 600, tinggi: 200, garis: [[[10, 100], [120, 40], [260, 150], [400, 60]]] } };

/** Asks a code for the employee through the public API and reads it from the notifier log. */
async function kodeUntuk(orang) {
  const sejak = u.server.log().length;
  await api(u.server, null, 'POST', '/otp', { instansi: '19.71', nip: orang.nip });
  return kodeDariLog(u.server, { sejak, tujuan: orang.tujuan });
}

const angka = async (page, id) => Number((await page.locator(`#${id}`).innerText()).trim());

/** Waits until the polled fragment shows `sudah` signed; the page must not have reloaded. */
async function tungguSudah(page, sudah) {
  // htmx polls every 5 s; a loaded machine may need a few rounds.
  await page.waitForFunction((n) => document.querySelector('#jumlah-sudah')?.textContent.trim() === String(n), sudah, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => window.__tanpaMuatUlang), true, 'updated in place, not by a reload');
}

test('the campaign dashboard counts signatures as they arrive, without a reload', async () => {
  const orang = pegawaiBerkontak(u.server, 2);
  assert.equal(orang.length, 2);
  const page = await newPage(u.browser, u.server.url, PONSEL);
  await login(page, 'admin');
  await fotoJikaGagal(page, 'progres', async () => {
    await page.goto('/kampanye');
    await axeBersih(page, '/kampanye');
    await muatDiPonsel(page, '/kampanye');
    await Promise.all([
      page.waitForURL(`**/kampanye/${u.pakta.kampanye}`),
      page.click(`main a[href="/kampanye/${u.pakta.kampanye}"]`),
    ]);
    const awal = await api(u.server, u.pakta.token, 'GET', `/kampanye/${u.pakta.kampanye}/progres`);
    assert.equal(awal.total.sudah, 0);
    assert.ok(awal.total.wajib > 0);
    assert.equal(await angka(page, 'jumlah-sudah'), 0);
    assert.equal(await angka(page, 'jumlah-belum'), awal.total.wajib);
    await axeBersih(page, `/kampanye/${u.pakta.kampanye}`);
    await muatDiPonsel(page, `/kampanye/${u.pakta.kampanye}`);
    await screenshot(page, 'progres-awal');
    await page.evaluate(() => { window.__tanpaMuatUlang = true; });

    // Someone signs online through the API (signPakta with a one-time code).
    const d1 = await api(u.server, null, 'POST', '/tanda-tangan', {
      metode: 'DARING_OTP', instansi: '19.71', nip: orang[0].nip, kampanye: u.pakta.kampanye,
      otp: await kodeUntuk(orang[0]), butir: Array(u.pakta.butir).fill(true), gambar: GAMBAR,
    });
    assert.match(d1.hash_daun, /^[0-9a-f]{64}$/);
    await tungguSudah(page, 1);
    assert.equal(await angka(page, 'jumlah-belum'), awal.total.wajib - 1);

    // A kiosk operator signs a second one (staff API, KIOSK).
    await api(u.server, u.pakta.token, 'POST', '/tanda-tangan', {
      metode: 'KIOSK', kampanye: u.pakta.kampanye, nip_atau_kartu: orang[1].nip,
      otp: await kodeUntuk(orang[1]), butir: Array(u.pakta.butir).fill(true), gambar: GAMBAR,
      kunci_idempoten: `uji-progres-${orang[1].id}`,
    });
    await tungguSudah(page, 2);
    assert.equal(await angka(page, 'jumlah-belum'), awal.total.wajib - 2);
    const akhir = await api(u.server, u.pakta.token, 'GET', `/kampanye/${u.pakta.kampanye}/progres`);
    assert.equal(akhir.total.sudah, 2, 'the API agrees');
    const perMetode = await page.locator('#angka-progres').innerText();
    assert.match(perMetode, /Daring \(tautan pribadi dan OTP\)\s+1/, 'per-method table: one online');
    assert.match(perMetode, /Kios apel\/unit[^\n]*\s+1/, 'per-method table: one kiosk');
    await axeBersih(page, `/kampanye/${u.pakta.kampanye} (after updates)`);
    await screenshot(page, 'progres-akhir');
  });
  await page.context().close();
});
