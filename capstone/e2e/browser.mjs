// The web client `kit run` serves, used as a person would, in Debian's headless Chromium driven by playwright-core:
// sign up, read the code in the local inbox, confirm, log in, see the profile, upload an avatar straight to S3, see its
// thumbnail, see the notifications sent, log out. Each step is checked; any request to an address outside loopback
// fails the run (and is aborted before it leaves), and so do a script error and a 5xx. Screenshots go to the folder
// given as the second argument.
//
//   node browser.mjs <web client URL> <screenshot folder>
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const [webArg, shotsArg] = process.argv.slice(2);
if (!webArg || !shotsArg) {
  console.error('Usage: node browser.mjs <web client URL> <screenshot folder>');
  process.exit(2);
}
const shots = path.resolve(shotsArg);
mkdirSync(shots, { recursive: true });

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const isLoopback = (url) => {
  const { protocol, hostname } = new URL(url);
  // data: and blob: never leave the page; anything with a host must be this machine.
  return protocol === 'data:' || protocol === 'blob:' || LOOPBACK.has(hostname);
};

// A real PNG, made here (no fixture file to go stale): 64x64, a diagonal gradient, so the thumbnail function decodes
// and scales an actual image.
function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter method, no interlace
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set([x * 4, y * 4, 160], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

const problems = [];
const requests = [];
let stepNumber = 0;
async function step(name, body) {
  stepNumber += 1;
  const started = Date.now();
  try {
    await body();
    console.log(`  ${stepNumber}. ${name}: ok (${Date.now() - started} ms)`);
  } catch (error) {
    console.log(`  ${stepNumber}. ${name}: FAILED`);
    throw new Error(`step ${stepNumber} (${name}): ${error.message.split('\n')[0]}`);
  }
}
async function expectText(locator, pattern, what, timeout = 15_000) {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout }).catch(async () => {
    throw new Error(`${what}: expected ${pattern}, saw "${(await locator.first().textContent())?.trim()}"`);
  });
}

const run = Date.now().toString(36);
const email = `browser-${run}@example.com`;
const password = `Correct-Horse-${run}-9A`;

// A fresh profile every run: no cache, no cookies, nothing a previous run stored.
const profile = mkdtempSync(path.join(tmpdir(), 'e2e-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1100, height: 1500 },
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
let failed = null;
try {
  context.on('request', (request) => {
    requests.push(request.url());
    if (!isLoopback(request.url())) problems.push(`request outside loopback: ${request.url()}`);
  });
  context.on('response', (response) => {
    if (response.status() >= 500) problems.push(`${response.status()} from ${response.url()}`);
  });
  // Nothing may leave the machine even if something tries: it is aborted here, and reported above.
  await context.route((url) => !isLoopback(url.toString()), (route) => route.abort('blockedbyclient'));

  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every 4xx as "Failed to load resource": the client expects some (404 no_avatar while the
    // thumbnail is being made), and 5xx answers are caught above. Any other console error is a problem.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  const byTestId = (id) => page.getByTestId(id);

  await step('open the web client', async () => {
    await page.goto(webArg, { waitUntil: 'load', timeout: 30_000 });
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 15_000 });
    // Before signing in there is nothing of a user to show: no profile, no (broken) thumbnail.
    if (await byTestId('profile').isVisible()) throw new Error('a profile is shown before anyone signed in');
    if (await byTestId('avatar-image').isVisible()) throw new Error('an empty thumbnail is shown before any upload');
    const api = (await byTestId('api-base').textContent()).trim();
    if (!isLoopback(api)) throw new Error(`the page calls an API outside loopback: ${api}`);
  });
  await step('sign up', async () => {
    await byTestId('signup-email').fill(email);
    await byTestId('signup-password').fill(password);
    await byTestId('signup-submit').click();
    await expectText(byTestId('signup-status'), /^202/, 'sign-up status');
  });
  await step('read the code in the local inbox', async () => {
    await byTestId('inbox-refresh').click();
    await expectText(byTestId('inbox-message'), new RegExp(`${email.replace(/[.]/g, '\\.')}: code [0-9]{6}`), 'inbox');
    const code = await byTestId('confirm-code').inputValue();
    if (!/^[0-9]{6}$/.test(code)) throw new Error(`the code field holds "${code}"`);
  });
  await step('confirm', async () => {
    await byTestId('confirm-submit').click();
    await expectText(byTestId('confirm-status'), /^204/, 'confirmation status');
  });
  await step('log in and see the profile', async () => {
    if ((await byTestId('login-email').inputValue()) !== email) throw new Error('the login form lost the address');
    await byTestId('login-password').fill(password);
    await byTestId('login-submit').click();
    await expectText(byTestId('login-status'), /^200/, 'login status');
    await expectText(byTestId('profile-email'), new RegExp(`^${email.replace(/[.]/g, '\\.')}$`), 'profile email', 10_000);
    if (!(await byTestId('profile').isVisible())) throw new Error('the profile is not shown');
    const id = (await byTestId('profile-id').textContent()).trim();
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`the profile shows the id "${id}"`);
  });
  await step('upload an avatar straight to S3 and see its thumbnail', async () => {
    await byTestId('avatar-file').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(64, 64) });
    await byTestId('avatar-upload').click();
    await expectText(byTestId('avatar-status'), /^Thumbnail ready/, 'avatar status', 30_000);
    const image = byTestId('avatar-image');
    await image.waitFor({ state: 'visible' });
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await image.elementHandle(),
      { timeout: 10_000 });
    const size = await image.evaluate((el) => [el.naturalWidth, el.naturalHeight]);
    if (size[0] > 150 || size[1] > 150) throw new Error(`the thumbnail is ${size.join('x')}, not a thumbnail`);
  });
  await step('see the notifications sent', async () => {
    // The welcome e-mail travels SNS -> SQS -> the worker -> the fake provider: ask again for a few seconds.
    for (let attempt = 0; ; attempt++) {
      await byTestId('notifications-refresh').click();
      const sent = await byTestId('notification').filter({ hasText: email }).count();
      if (sent > 0) break;
      if (attempt >= 30) throw new Error(`no notification to ${email} after ${attempt} looks`);
      await page.waitForTimeout(500);
    }
  });
  await page.screenshot({ path: path.join(shots, 'signed-in.png'), fullPage: true });
  await step('log out', async () => {
    await byTestId('logout-submit').click();
    await expectText(byTestId('logout-status'), /^204/, 'logout status');
    // As a person sees it: the profile and the thumbnail are gone from the page, not only marked hidden.
    await byTestId('profile').waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => { throw new Error('the profile is still shown after logging out'); });
    if (await byTestId('avatar-image').isVisible()) throw new Error('the thumbnail is still shown after logging out');
    if (!(await byTestId('profile-refresh').isDisabled())) throw new Error('the profile can still be loaded');
  });
  await page.screenshot({ path: path.join(shots, 'signed-out.png'), fullPage: true });
} catch (error) {
  failed = error;
  const page = context.pages()[0];
  if (page) await page.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

const hosts = requests.reduce((counts, url) => {
  const { protocol, host } = new URL(url);
  const key = host || protocol;
  counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}, {});
console.log(`Requests by host: ${JSON.stringify(hosts)}`);
if (failed) problems.unshift(failed.message);
if (problems.length > 0) {
  console.error(`Browser test FAILED (${problems.length}):`);
  problems.forEach((p) => console.error(`  - ${p}`));
  console.error(`Screenshot: ${path.join(shots, 'failure.png')}`);
  process.exit(1);
}
console.log(`Screenshots: ${path.join(shots, 'signed-in.png')}, ${path.join(shots, 'signed-out.png')}`);
console.log(`Browser test passed: ${stepNumber} steps, only loopback requests, no script error, no 5xx.`);
