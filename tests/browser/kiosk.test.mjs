// A kiosk operator signs three people in a row on one device (issue #4 §10b): one with the
// staff-card QR payload (after a forged card is refused), one with NIP + one-time code while
// the network is cut (queued in localStorage, sent when back online), one with NIP + code whose
// answer is lost on the way back (the retry with the same idempotency key returns the stored
// signature). Each person ends with exactly one signature.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  newPage, login, screenshot, api, pegawaiBerkontak, kodeDariLog,
  gambarTandaTangan, kartuPegawai, fotoJikaGagal, axeBersih, muatDiPonsel, PONSEL, mulaiUjiPakta,
} from './lib/netral.mjs';

let u;
before(async () => { u = await mulaiUjiPakta('Pakta Uji Kios'); });
after(async () => { await u?.stop(); });

/** The employee's signatures on this campaign, through the staff API. */
const ttdPegawai = (pegawai) =>
  api(u.server, u.pakta.token, 'GET', `/tanda-tangan?kampanye=${u.pakta.kampanye}&pegawai=${pegawai}`);

const jumlahStatus = (page, status) => page.locator(`#kiosk-antrean li[data-status="${status}"]`).count();

/**
 * Fills the kiosk form for one person: NIP, "Kirim kode", the code from the notifier, every
 * butir, a drawn signature. Leaves the submit to the caller.
 */
async function isiOrang(page, orang) {
  await page.fill('#kiosk-nip', orang.nip);
  const sejak = u.server.log().length;
  const teksKode = await page.getAttribute('#kiosk-form', 'data-teks-kode');
  await page.click('#kiosk-kirim-kode');
  await page.waitForFunction((t) => document.querySelector('#kiosk-status').textContent === t, teksKode);
  const kode = await kodeDariLog(u.server, { sejak, tujuan: orang.tujuan });
  await page.fill('#kiosk-otp', kode);
  for (const c of await page.locator('#kiosk-form [data-butir]').all()) await c.check();
  await gambarTandaTangan(page, '#kiosk-pad');
}

test('kiosk: three people in a row (staff card, offline, lost answer), each signed exactly once', async () => {
  const orang = pegawaiBerkontak(u.server, 3);
  assert.equal(orang.length, 3);
  const page = await newPage(u.browser, u.server.url, PONSEL);
  await login(page, 'bkpsdm');
  await fotoJikaGagal(page, 'kiosk', async () => {
    // The operator chooses the campaign.
    await page.goto('/kiosk');
    await axeBersih(page, '/kiosk');
    await Promise.all([
      page.waitForURL(`**/kiosk/${u.pakta.kampanye}`),
      page.click(`[data-testid="kiosk-kampanye-${u.pakta.kampanye}"]`),
    ]);
    await page.locator('#kiosk-form').waitFor();
    const teks = await page.evaluate(() => ({ ...document.querySelector('#kiosk-form').dataset }));
    assert.equal(await page.locator('#kiosk-status').innerText(), teks.teksDaring);
    await axeBersih(page, `/kiosk/${u.pakta.kampanye}`);
    await muatDiPonsel(page, 'the empty kiosk');

    // Without every butir, or without a signature, nothing is queued.
    await page.fill('#kiosk-nip', orang[0].nip);
    await gambarTandaTangan(page, '#kiosk-pad');
    await page.click('#kiosk-kirim');
    assert.equal(await page.locator('#kiosk-status').innerText(), teks.teksButir);
    await page.click('[data-hapus-ttd]');
    for (const c of await page.locator('#kiosk-form [data-butir]').all()) await c.check();
    await page.click('#kiosk-kirim');
    assert.equal(await page.locator('#kiosk-status').innerText(), teks.teksTtd);
    assert.equal(await page.locator('#kiosk-antrean li').count(), 0);

    // A forged staff card (tag of another NIP) is refused, and not retried.
    const kartu = kartuPegawai(u.server, orang[0].nip);
    const palsu = kartu.replace(/:[0-9a-f]{16}$/, `:${kartuPegawai(u.server, orang[1].nip).slice(-16)}`);
    await page.fill('#kiosk-nip', palsu);
    await gambarTandaTangan(page, '#kiosk-pad');
    await page.click('#kiosk-kirim');
    await page.waitForFunction(() => document.querySelectorAll('#kiosk-antrean li[data-status="ditolak"]').length === 1);
    assert.match(await page.locator('#kiosk-antrean li[data-status="ditolak"]').innerText(), /kartu/i);
    assert.equal((await ttdPegawai(orang[0].id)).total, 0, 'a forged card signs nothing');

    // 1. Online, with the staff-card QR payload (no code needed).
    await page.fill('#kiosk-nip', kartu);
    for (const c of await page.locator('#kiosk-form [data-butir]').all()) await c.check();
    await gambarTandaTangan(page, '#kiosk-pad');
    await page.click('#kiosk-kirim');
    await page.waitForFunction(() => document.querySelectorAll('#kiosk-antrean li[data-status="terkirim"]').length === 1);
    assert.equal(await page.inputValue('#kiosk-nip'), '', 'the form is cleared for the next person');
    const a = await ttdPegawai(orang[0].id);
    assert.equal(a.total, 1);
    assert.equal(a.items[0].metode, 'KIOSK');
    assert.match(await page.locator('#kiosk-antrean li').first().innerText(), new RegExp(a.items[0].hash_daun));
    assert.doesNotMatch(await page.locator('#kiosk-antrean').innerText(), new RegExp(orang[0].nip), 'the queue masks the NIP, also from a card');
    await muatDiPonsel(page, 'the kiosk with a sent item');
    await screenshot(page, 'kiosk-1-terkirim');

    // 2. The network is cut after the code was sent: the signing waits in the queue.
    await isiOrang(page, orang[1]);
    await page.context().setOffline(true);
    await page.click('#kiosk-kirim');
    await page.waitForFunction(() => document.querySelectorAll('#kiosk-antrean li[data-status="menunggu"]').length === 1);
    assert.equal(await page.locator('#kiosk-status').innerText(), teks.teksLuring);
    const tersimpan = await page.evaluate(() => JSON.parse(localStorage.getItem('netral-kiosk-antrean')));
    assert.equal(tersimpan.filter((x) => x.status === 'menunggu').length, 1, 'the item is kept in localStorage');
    assert.equal((await ttdPegawai(orang[1].id)).total, 0, 'nothing reached the server while offline');
    await axeBersih(page, '/kiosk (offline, one waiting)');
    await screenshot(page, 'kiosk-2-luring');
    // Back online: the queue is sent once.
    const kirimUlang = [];
    page.on('response', (r) => { if (r.url().endsWith('/kiosk/antre')) kirimUlang.push(r.status()); });
    await page.context().setOffline(false);
    await page.waitForFunction(() => document.querySelectorAll('#kiosk-antrean li[data-status="terkirim"]').length === 2);
    assert.equal(await jumlahStatus(page, 'menunggu'), 0);
    assert.equal(await page.locator('#kiosk-status').innerText(), teks.teksDaring);
    const b = await ttdPegawai(orang[1].id);
    assert.equal(b.total, 1, 'exactly one signature after the offline retry');
    assert.deepEqual(kirimUlang, [200], 'sent once when back online');

    // 3. The server signs but the answer is lost: the retry (same key) gets the same signature.
    let hilang = 0;
    const jawaban = [];
    await page.route('**/kiosk/antre', async (route) => {
      const res = await route.fetch();
      if (hilang === 0) {
        hilang++;
        await route.abort('connectionreset');
        return;
      }
      jawaban.push(await res.json());
      await route.fulfill({ response: res });
    });
    await isiOrang(page, orang[2]);
    await page.click('#kiosk-kirim');
    await page.waitForFunction(() => document.querySelectorAll('#kiosk-antrean li[data-status="terkirim"]').length === 3);
    await page.unroute('**/kiosk/antre');
    assert.equal(hilang, 1, 'the first answer was dropped');
    assert.equal(jawaban.length, 1, 'one retry');
    assert.equal(jawaban[0].ulang, true, 'the retry returned the stored signature');
    const c = await ttdPegawai(orang[2].id);
    assert.equal(c.total, 1, 'exactly one signature despite two requests');
    assert.equal(c.items[0].hash_daun, jawaban[0].hash_daun);

    // The campaign has exactly the three kiosk signatures.
    const semua = await api(u.server, u.pakta.token, 'GET', `/tanda-tangan?kampanye=${u.pakta.kampanye}`);
    assert.equal(semua.total, 3);
    assert.deepEqual(semua.items.map((x) => x.pegawai_id).sort(), orang.map((o) => o.id).sort());
    assert.ok(semua.items.every((x) => x.metode === 'KIOSK'));
    await muatDiPonsel(page, 'the kiosk with three sent');
    await axeBersih(page, '/kiosk (three sent)');
    await screenshot(page, 'kiosk-3-selesai');
  });
  await page.context().close();
});
