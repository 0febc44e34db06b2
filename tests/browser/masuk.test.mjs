// Login (wrong then right password), the dashboard count, and the language switch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newPage, login, screenshot, JUMLAH_DEMO, SANDI } from './lib/netral.mjs';

let server;
let browser;
let stop;

before(async () => {
  ({ server, browser, stop } = await startAll());
});

after(async () => {
  await stop?.();
});

test('wrong password shows an Indonesian error, the right one reaches the dashboard', async () => {
  const page = await newPage(browser, server.url);
  await page.goto('/');
  assert.match(page.url(), /\/masuk$/, 'the root sends a stranger to the login page');
  assert.equal(await page.getAttribute('html', 'lang'), 'id');

  await page.fill('#username', 'admin');
  await page.fill('#sandi', 'bukan-sandinya');
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/masuk') && r.request().method() === 'POST'),
    page.click('main form button[type=submit]'),
  ]);
  assert.equal(resp.status(), 401);
  const galat = page.locator('.galat[role=alert]');
  await galat.waitFor();
  assert.equal((await galat.innerText()).trim(), 'nama pengguna atau kata sandi salah');
  assert.match(page.url(), /\/masuk$/);
  assert.equal(await page.inputValue('#username'), 'admin', 'the username is kept');
  assert.equal(await page.inputValue('#sandi'), '', 'the password is not echoed back');
  await screenshot(page, 'masuk-galat');

  await page.fill('#sandi', SANDI);
  await Promise.all([page.waitForURL('**/dasbor'), page.click('main form button[type=submit]')]);
  assert.equal((await page.textContent('#jumlah-pegawai')).trim(), String(JUMLAH_DEMO));
  assert.match(await page.title(), /^Dasbor · Netral$/);
  assert.equal(await page.locator('nav.menu a[aria-current=page]').innerText(), 'Dasbor');
  await page.context().close();
});

test('the English switch shows English labels and the Indonesian one switches back', async () => {
  const page = await newPage(browser, server.url);
  await page.goto('/masuk');
  await Promise.all([page.waitForURL('**/masuk'), page.click('a[href="/bahasa/en"]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Log in to Netral');
  assert.equal((await page.locator('label[for=username]').innerText()).trim(), 'Username');
  assert.equal((await page.locator('label[for=sandi]').innerText()).trim(), 'Password');
  await screenshot(page, 'masuk-en');

  await login(page, 'admin');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.title(), /^Dashboard · Netral$/);
  const menu = await page.locator('nav.menu a').allInnerTexts();
  assert.deepEqual(menu, [
    'Dashboard', 'Work units', 'Employees', 'Import employees', 'Elections', 'Pact templates',
    'Campaigns & progress', 'Signatures', 'Pledge events', 'Audit log', 'API documentation',
  ]);
  assert.match(await page.locator('main .kotak').first().innerText(), /Active employees/);
  assert.equal((await page.textContent('#jumlah-pegawai')).trim(), String(JUMLAH_DEMO));
  assert.equal((await page.locator('header button[type=submit]').innerText()).trim(), 'Log out');

  await page.goto('/pegawai');
  assert.equal((await page.locator('label[for=q]').innerText()).trim(), 'Search name or NIP/NIK');
  assert.match(await page.locator('.jumlah-hasil').innerText(), /results · Page 1 of/);
  await screenshot(page, 'pegawai-en');

  // Back to Indonesian: the switch returns to the page it was clicked on.
  await Promise.all([page.waitForURL('**/pegawai'), page.click('header a[href="/bahasa/id"]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'id');
  assert.equal((await page.locator('label[for=q]').innerText()).trim(), 'Cari nama atau NIP/NIK');
  await page.context().close();
});

test('logging out ends the session', async () => {
  const page = await newPage(browser, server.url);
  await login(page, 'auditor');
  await Promise.all([page.waitForURL('**/masuk'), page.click('header form button[type=submit]')]);
  await page.goto('/dasbor');
  assert.match(page.url(), /\/masuk$/, 'a closed session is sent back to the login page');
  assert.equal(await page.locator('#jumlah-pegawai').count(), 0);
  await page.context().close();
});
