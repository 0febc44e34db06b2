// An employee signs the pact online on a phone (issue #4 §10a): NIP → one-time code → every
// butir confirmed → a signature drawn with a finger → receipt with the leaf hash → /v/{hash}
// says genuine once a checkpoint covers it → "Unduh PDF saya" gives a PDF that /v accepts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  newPage, screenshot, RESULTS, api, pegawaiBerkontak, kodeDariLog,
  gambarTandaTangan, fotoJikaGagal, axeBersih, muatDiPonsel, PONSEL, mulaiUjiPakta,
} from './lib/netral.mjs';

let u;
before(async () => { u = await mulaiUjiPakta('Pakta Uji Peramban'); });
after(async () => { await u?.stop(); });

test('an employee signs online on a phone: code, butir, finger signature, receipt, genuine, own PDF', async () => {
  const [orang] = pegawaiBerkontak(u.server, 1);
  assert.ok(orang, 'a demo employee with an e-mail or phone');
  const page = await newPage(u.browser, u.server.url, PONSEL);
  await fotoJikaGagal(page, 'tandatangan', async () => {
    // 1. NIP.
    await page.goto('/tandatangan');
    await axeBersih(page, '/tandatangan');
    await muatDiPonsel(page, '/tandatangan');
    if (await page.locator('#instansi').count()) await page.selectOption('#instansi', '19.71');
    await page.fill('#nip', orang.nip);
    const sejak = u.server.log().length;
    await Promise.all([page.waitForURL('**/tandatangan/kode'), page.click('#tombol-kirim-kode')]);
    await page.locator('#pesan-kode-terkirim').waitFor();
    await axeBersih(page, '/tandatangan/kode');
    await screenshot(page, 'tandatangan-kode');

    // 2. A wrong-format code is refused on the spot; the real one from the notifier opens the pact.
    await page.fill('#kode', '12a');
    await page.evaluate(() => document.querySelector('#form-kode').setAttribute('novalidate', ''));
    await page.click('#tombol-lanjut-kode');
    await page.locator('#pesan-galat').waitFor();
    const kode = await kodeDariLog(u.server, { sejak, tujuan: orang.tujuan });
    assert.match(kode, /^\d{6}$/);
    await page.fill('#kode', kode);
    await Promise.all([page.waitForURL(/\/tandatangan\/pakta/), page.click('#tombol-lanjut-kode')]);
    if (await page.locator('#pilih-pakta').count()) {
      // The demo may have its own open campaign: choose ours.
      await Promise.all([
        page.waitForURL(`**/tandatangan/pakta?kampanye=${u.pakta.kampanye}`),
        page.click(`#pilih-pakta a[href="/tandatangan/pakta?kampanye=${u.pakta.kampanye}"]`),
      ]);
    }
    await page.locator('#judul-pakta').waitFor();
    const butir = page.locator('input[type=checkbox][data-testid^="butir-"]');
    assert.equal(await butir.count(), u.pakta.butir, 'one checkbox per butir');
    await axeBersih(page, '/tandatangan/pakta');
    await muatDiPonsel(page, '/tandatangan/pakta');

    // 3. Signing with a butir unconfirmed is refused (and spends nothing).
    for (let i = 1; i < u.pakta.butir; i++) await page.check(`#butir-${i}`);
    await gambarTandaTangan(page, '#pad-ttd', { sentuh: true });
    await page.click('#tombol-tanda-tangani');
    await page.locator('#pesan-galat').waitFor();
    assert.match(await page.locator('#pesan-galat').innerText(), /butir/i);
    assert.match(page.url(), /\/tandatangan\/pakta/);
    await axeBersih(page, '/tandatangan/pakta (refused)');

    // 4. Every butir confirmed, a finger-drawn signature, sign.
    const n = await butir.count();
    for (let i = 1; i <= n; i++) await page.check(`#butir-${i}`);
    await gambarTandaTangan(page, '#pad-ttd', { sentuh: true });
    const gambar = JSON.parse(await page.inputValue('#gambar'));
    assert.ok(gambar.goresan && gambar.goresan.garis.length >= 2, 'the touch strokes reached the pad');
    assert.ok(gambar.goresan.garis.every((g) => g.length >= 2), 'each stroke has several points');
    await screenshot(page, 'tandatangan-pakta');
    await Promise.all([page.waitForURL(/\/tandatangan\/selesai\/\d+$/), page.click('#tombol-tanda-tangani')]);

    // 5. The receipt shows the leaf hash of the one signature the server stored.
    const hash = (await page.locator('#hash-daun').innerText()).trim();
    assert.match(hash, /^[0-9a-f]{64}$/);
    const daftar = await api(u.server, u.pakta.token, 'GET', `/tanda-tangan?kampanye=${u.pakta.kampanye}&pegawai=${orang.id}`);
    assert.equal(daftar.total, 1, 'exactly one signature for this employee');
    assert.equal(daftar.items[0].hash_daun, hash, 'the receipt shows the stored leaf hash');
    assert.equal(daftar.items[0].metode, 'DARING_OTP');
    const selesai = page.url();
    await axeBersih(page, '/tandatangan/selesai');
    await muatDiPonsel(page, '/tandatangan/selesai');
    await screenshot(page, 'tandatangan-selesai');

    // 6. /v/{hash}: genuine once the sequencer's checkpoint covers the leaf (every second).
    await Promise.all([page.waitForURL(`**/v/${hash}`), page.click('#tautan-verifikasi')]);
    while (await page.locator('section.vonis.vonis-tunggu').count()) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    const vonis = page.locator('section.vonis').first();
    assert.match(await vonis.getAttribute('class'), /vonis-asli/, 'the verdict is genuine');
    assert.match(await vonis.innerText(), /ASLI/);
    await axeBersih(page, '/v/{hash}');
    await muatDiPonsel(page, '/v/{hash}');
    await screenshot(page, 'tandatangan-verifikasi');

    // 7. "Unduh PDF saya" downloads the signed pact; /v accepts it as genuine.
    await page.goto(selesai);
    const [unduhan] = await Promise.all([page.waitForEvent('download'), page.click('#unduh-pdf')]);
    assert.match(unduhan.suggestedFilename(), /\.pdf$/);
    const berkas = join(RESULTS, 'pakta-saya.pdf');
    await unduhan.saveAs(berkas);
    const isi = readFileSync(berkas);
    assert.equal(isi.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF file');
    await page.goto('/v');
    await page.setInputFiles('#pdf', berkas);
    await Promise.all([page.waitForURL('**/v/periksa-pdf'), page.click('#tombol-periksa-pdf')]);
    assert.equal(await page.locator('#hasil-pdf').getAttribute('data-asli'), 'true', 'the downloaded PDF checks as genuine');
    await axeBersih(page, '/v/periksa-pdf');
  });
  await page.context().close();
});
