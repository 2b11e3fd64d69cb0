// Opens the built handbook the way a reader would (a file on disk, in a real Chromium) and fails if the page makes
// any request that is not a file: URL, if a local file it asks for is missing, if an image is broken or if a script
// error occurs. Screenshots go to the folder given as the second argument.
//
//   node check.mjs <index.html> <screenshot folder>
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [htmlArg, shotsArg] = process.argv.slice(2);
if (!htmlArg || !shotsArg) {
  console.error('Usage: node check.mjs <index.html> <screenshot folder>');
  process.exit(2);
}
const html = path.resolve(htmlArg);
const shots = path.resolve(shotsArg);
mkdirSync(shots, { recursive: true });

// A fresh profile every run: no cache, no cookies, nothing a previous run fetched.
const profile = mkdtempSync(path.join(tmpdir(), 'handbook-chromium-'));
const problems = [];
const requests = [];

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1366, height: 900 },
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
try {
  context.on('request', (request) => {
    requests.push(request.url());
    if (!request.url().startsWith('file:')) {
      problems.push(`request to the network: ${request.url()}`);
    }
  });
  context.on('requestfailed', (request) => {
    if (request.url().startsWith('file:')) {
      problems.push(`missing local file: ${request.url()} (${request.failure()?.errorText})`);
    }
  });
  // Nothing may leave the machine even if something tries: anything but file: is aborted (and reported above).
  await context.route(/^(?!file:)/, (route) => route.abort('blockedbyclient'));

  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));

  await page.goto(pathToFileURL(html).href, { waitUntil: 'load', timeout: 120_000 });
  await page.evaluate(() => document.fonts.ready);

  const report = await page.evaluate(() => {
    const images = [...document.images];
    const broken = images
      .filter((img) => !img.complete || img.naturalWidth === 0)
      .map((img) => img.getAttribute('src'));
    const iconFont = [...document.fonts].filter((f) => /FontAwesome/i.test(f.family)).map((f) => f.status);
    return {
      title: document.title,
      images: images.length,
      broken,
      iconFont,
      height: document.documentElement.scrollHeight,
      sections: document.querySelectorAll('h2, h3').length,
      tocEntries: document.querySelectorAll('#toc a').length,
    };
  });
  report.broken.forEach((src) => problems.push(`broken image: ${src}`));
  if (report.iconFont.length > 0 && !report.iconFont.includes('loaded')) {
    problems.push(`icon font not loaded (status ${report.iconFont.join(', ')})`);
  }

  await page.screenshot({ path: path.join(shots, 'top.png') });
  const diagram = page.locator('#architecture-diagram');
  if ((await diagram.count()) > 0) {
    await diagram.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'architecture.png') });
  } else {
    problems.push('no #architecture-diagram block in the page');
  }

  const schemes = requests.reduce((counts, url) => {
    const scheme = url.slice(0, url.indexOf(':'));
    counts[scheme] = (counts[scheme] ?? 0) + 1;
    return counts;
  }, {});
  console.log(`Loaded "${report.title}": ${report.sections} sections, ${report.tocEntries} TOC links, `
    + `${report.images} images, page ${report.height} px tall`);
  console.log(`Requests by scheme: ${JSON.stringify(schemes)}; icon font: ${report.iconFont.join(', ') || 'not used'}`);
  console.log(`Screenshots: ${path.join(shots, 'top.png')}, ${path.join(shots, 'architecture.png')}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`Browser check FAILED (${problems.length}):`);
  problems.forEach((p) => console.error(`  - ${p}`));
  process.exit(1);
}
console.log('Browser check passed: only file: requests, no broken image, no script error.');
