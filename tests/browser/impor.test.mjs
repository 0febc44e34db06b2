// Import: a file with errors is refused with row numbers and reasons (and a downloadable
// report); the fixed file is confirmed and the new employee can then be found.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startAll, newPage, login, screenshot, csv, JUMLAH_DEMO } from './lib/netral.mjs';

let server;
let browser;
let stop;
let page;

before(async () => {
  ({ server, browser, stop } = await startAll());
  page = await newPage(browser, server.url);
  await login(page, 'admin');
});

after(async () => {
  await stop?.();
});

const OPD = 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah';
const BIDANG = 'Bidang Mutasi dan Promosi';
// Names no demo employee has, so the search after the import finds only these.
const BARU = 'Sekar Peramban Uji';
const BARU2 = 'Galih Peramban Uji';

// File line numbers: the header is line 1, so data row i is line i + 2.
const SALAH = [
  [BARU, 'PNS', '198609262015052001', '', '1971016609860001', '26-09-1986', OPD, BIDANG, 'Analis SDM Aparatur'], // 2 ok
  ['Budi Nip Pendek', 'PNS', '19860926201505100', '', '1971012609860002', '26-09-1986', OPD, BIDANG, 'Analis'], // 3 NIP 17 digits
  ['', 'PNS', '198703152016031002', '', '1971011503870001', '15-03-1987', OPD, BIDANG, 'Analis'], // 4 no name
  [BARU2, 'PNS', '198801012017012001', '', '1971014101880001', '01-01-1988', OPD, BIDANG, 'Analis'], // 5 ok
  ['Dewi Kembar', 'PNS', '198801012017012001', '', '1971014101880002', '01-01-1988', OPD, BIDANG, 'Analis'], // 6 duplicate NIP of 5
  ['Eko Jenis Aneh', 'TENAGA_LEPAS', '', '', '1971010202900001', '02-02-1990', OPD, BIDANG, 'Staf'], // 7 unknown type
];
const DITOLAK = [
  { baris: '3', kolom: 'NIP', alasan: /18 digit/ },
  { baris: '4', kolom: 'NAMA', alasan: /nama wajib diisi/ },
  { baris: '6', kolom: 'NIP', alasan: /sudah dipakai oleh baris 5/ },
  { baris: '7', kolom: 'JENIS PEGAWAI', alasan: /jenis pegawai tidak dikenal/ },
];

async function unggah(nama, isi, { lewati = false } = {}) {
  await page.goto('/impor');
  await page.setInputFiles('#berkas', { name: nama, mimeType: 'text/csv', buffer: Buffer.from(isi) });
  if (lewati) await page.check('#skip_invalid');
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/impor') && r.request().method() === 'POST'),
    page.click('main form button[type=submit]'),
  ]);
  assert.equal(resp.status(), 200);
  await page.waitForLoadState();
}

const angka = async (id) => Number((await page.textContent(`#${id}`)).trim());

let laporanHref;

test('a file with errors is refused: rejected rows with row numbers and reasons, no confirm button', async () => {
  await unggah('pegawai-salah.csv', csv(SALAH));
  assert.match(await page.locator('main h1').innerText(), /pegawai-salah\.csv/);
  assert.equal(await angka('n-baris'), 6);
  assert.equal(await angka('n-ditolak'), 4);
  assert.equal(await angka('n-baru'), 2, 'the valid rows are counted as they would be written');
  assert.match(await page.locator('#alasan-batal').innerText(), /4 baris ditolak; tidak ada data yang ditulis/);
  assert.equal(await page.locator('#konfirmasi').count(), 0, 'no confirm button while rows are rejected');

  const baris = await page.locator('#tabel-masalah tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())),
  );
  assert.equal(baris.length, DITOLAK.length, JSON.stringify(baris));
  DITOLAK.forEach((d, i) => {
    const [b, kolom, , tingkat, alasan] = baris[i];
    assert.equal(b, d.baris);
    assert.equal(kolom, d.kolom);
    assert.equal(tingkat, 'GALAT');
    assert.match(alasan, d.alasan);
  });
  await screenshot(page, 'impor-hasil-galat');
  laporanHref = await page.getAttribute('#unduh-csv', 'href');
});

test('the report CSV downloads and lists the rejected rows', async () => {
  assert.ok(laporanHref, 'the previous test left a result page');
  const [unduhan] = await Promise.all([page.waitForEvent('download'), page.click('#unduh-csv')]);
  assert.equal(unduhan.suggestedFilename(), 'laporan-impor.csv');
  const isi = (await readFile(await unduhan.path(), 'utf8')).replace(/^\uFEFF/, '');
  const baris = isi.trim().split(/\r?\n/);
  assert.equal(baris[0], 'baris,kolom,nilai,tingkat,alasan');
  assert.equal(baris.length, 1 + DITOLAK.length, isi);
  DITOLAK.forEach((d, i) => {
    assert.ok(baris[i + 1].startsWith(`${d.baris},${d.kolom},`), baris[i + 1]);
    assert.match(baris[i + 1], d.alasan);
  });
  assert.match(isi, /19860926201505100/, 'the bad value is quoted back');
});

test('nothing was written by the refused file', async () => {
  await page.goto(`/pegawai?q=${encodeURIComponent('Peramban Uji')}`);
  assert.equal((await page.textContent('#total-hasil')).trim(), '0');
  await page.goto('/dasbor');
  assert.equal((await page.textContent('#jumlah-pegawai')).trim(), String(JUMLAH_DEMO));
});

test('the fixed file is confirmed, written, and the new employees are then found', async () => {
  const BENAR = [
    SALAH[0],
    ['Budi Nip Panjang', 'PNS', '198609262015051002', '', '1971012609860002', '26-09-1986', OPD, BIDANG, 'Analis'],
    ['Citra Peramban Uji', 'PNS', '198703152016032002', '', '1971015503870001', '15-03-1987', OPD, BIDANG, 'Analis'],
    SALAH[3],
    ['Dewi Kembar', 'PNS', '198801012017012002', '', '1971014101880002', '01-01-1988', OPD, BIDANG, 'Analis'],
    ['Eko Jenis Benar', 'NON_ASN', '', '', '1971010202900001', '02-02-1990', OPD, BIDANG, 'Staf'],
  ];
  await unggah('pegawai-benar.csv', csv(BENAR));
  assert.equal(await page.locator('#alasan-batal').count(), 0);
  assert.equal(await angka('n-ditolak'), 0);
  assert.equal(await angka('n-baru'), 6);
  assert.equal(await page.locator('#tabel-masalah').count(), 0, 'no problem table for a clean file');
  await screenshot(page, 'impor-hasil-siap');

  await Promise.all([page.waitForURL(/\/impor\/[^/]+\/konfirmasi$/), page.click('#konfirmasi')]);
  await page.locator('#impor-selesai').waitFor();
  assert.equal((await page.locator('#impor-selesai').innerText()).trim(), 'Impor selesai. Data telah ditulis.');
  assert.equal(await angka('n-baru'), 6);
  assert.equal(await page.locator('#konfirmasi').count(), 0, 'cannot confirm twice from the page');
  await screenshot(page, 'impor-selesai');

  await page.goto('/dasbor');
  assert.equal((await page.textContent('#jumlah-pegawai')).trim(), String(JUMLAH_DEMO + 6));

  await page.goto('/pegawai');
  await page.locator('#q').pressSequentially('Peramban', { delay: 20 });
  await page.waitForFunction(() => document.querySelector('#total-hasil')?.textContent.trim() === '3');
  const nama = (await page.locator('#hasil tbody tr td:first-child a').allInnerTexts()).sort();
  assert.deepEqual(nama, ['Citra Peramban Uji', BARU2, BARU].sort());
  const sekar = page.locator('#hasil tbody tr', { hasText: BARU });
  assert.match(await sekar.innerText(), /198609262015052001/);
  await Promise.all([page.waitForURL(/\/pegawai\/\d+$/), sekar.locator('a').click()]);
  assert.equal((await page.locator('main h1').innerText()).trim(), BARU);
  const rincian = await page.locator('dl.rincian').innerText();
  assert.match(rincian, new RegExp(`${OPD} › ${BIDANG}`));
  assert.match(rincian, /Analis SDM Aparatur/);
  assert.match(rincian, /26-09-1986/);
});

test('a repeated upload of the same file changes nothing and offers no confirmation', async () => {
  await unggah('pegawai-benar.csv', csv([SALAH[0]]));
  assert.equal(await angka('n-baru'), 0);
  assert.equal(await angka('n-tetap'), 1);
  assert.equal(await page.locator('#konfirmasi').count(), 0);
});

test('the confirmed import is in the audit log, the refused one is not', async () => {
  await page.goto('/audit');
  const baris = await page.locator('main table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())),
  );
  const impor = baris.filter((b) => b[3] === 'IMPOR_PEGAWAI' && b[2] === 'user:admin');
  assert.equal(impor.length, 1, JSON.stringify(impor));
  assert.match(impor[0][6], /"berkas":"pegawai-benar\.csv"/);
  assert.match(impor[0][6], /"baru":6/);
  assert.ok(!baris.some((b) => b[6].includes('pegawai-salah.csv')));
});

// The confirm result is the answer to a POST, so the language switch (which redirects to the
// Referer) and a reload land on GET /impor/{token}/konfirmasi, which must lead somewhere useful.
test('switching language on the finished-import page keeps a working page', async () => {
  await unggah('bahasa.csv', csv([['Lestari Peramban Bahasa', 'NON_ASN', '', '', '1971015505950001', '15-05-1995', OPD, BIDANG, 'Staf']]));
  await Promise.all([page.waitForURL(/konfirmasi$/), page.click('#konfirmasi')]);
  await page.locator('#impor-selesai').waitFor();
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'GET' && r.request().isNavigationRequest() && !r.url().includes('/bahasa/')),
    page.click('header a[href="/bahasa/en"]').catch(() => {}),
  ]);
  try {
    assert.ok(resp.status() < 400, `${resp.url()} answered ${resp.status()}`);
  } finally {
    await page.goto('/bahasa/id');
  }
});
