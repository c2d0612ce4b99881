// Offline and installable: the service worker keeps the bundle, so a page
// loaded once opens and draws with the network gone; the manifest and its
// icons are served with the right types.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, openPage, outcomeOf, dropFile, sample, screenshot, fetchRaw, corpus, isReaderOfEveryFormat } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The paths the service worker keeps, once it has taken the page over
 * (it does once it has kept the bundle). */
function keptFiles(page) {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
    }
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('sheetplot-')));
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
}

/** Reloads `page` with the network gone and waits for its reader. */
async function reloadOffline(page) {
  await page.context().setOffline(true);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent.startsWith('Ready'));
  await page.waitForFunction(() => document.documentElement.dataset.reader === 'ready');
}

const offlineNoise = /Failed to load resource|ERR_INTERNET_DISCONNECTED|data folder/i;

test('once loaded, the page opens and draws a dropped workbook with the network gone', async () => {
  const { page, log } = await openPage(browser);
  const kept = await keptFiles(page);
  assert.ok(kept.includes('/'), `the page is kept: ${kept}`);
  for (const ext of ['.wasm', '.js', '.css', '.webmanifest', '.png']) {
    assert.ok(kept.some((p) => p.endsWith(ext)), `a ${ext} file is kept: ${kept}`);
  }
  assert.ok(kept.filter((p) => p.endsWith('.wasm')).length >= 2, 'both the page\'s and the reader\'s wasm are kept');
  const reader = await page.evaluate(() => document.querySelector('meta[name=sheetplot-reader]').content.replace('./', '/'));
  assert.ok(kept.includes(reader), `the reader's loader ${reader} is kept`);
  assert.deepEqual(kept.filter((p) => isReaderOfEveryFormat(new URL(p, page.url()).href)), [],
    'the reader of every format is not kept before it is needed');

  await page.context().setOffline(true);
  // Nothing answers now: the server is out of reach.
  assert.equal(await page.evaluate(() => fetch('/healthz').then(() => 'answered', () => 'unreachable')), 'unreachable');
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent.startsWith('Ready'));
  await page.waitForFunction(() => document.documentElement.dataset.reader === 'ready');
  // The data folder is the server's: it says it cannot be listed, and the page goes on.
  await page.waitForFunction(() => !document.querySelector('[data-testid=data-list]').textContent.includes('Looking'));
  const outcome = await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  assert.equal(outcome.name, 'sheetplot:rendered', JSON.stringify(outcome.detail));
  assert.equal(outcome.detail.rows, 730);
  await screenshot(page, 'offline-weather');
  assert.deepEqual(log.errors.filter((e) => !offlineNoise.test(e)), []);
  assert.deepEqual(await log.violations(), []);
  await page.context().setOffline(false);
  await page.close();
});

test('offline, an .ods or .xls is read once one such file was opened online, and refused with the reason before', async () => {
  const { page, log } = await openPage(browser);
  await keptFiles(page);
  await reloadOffline(page);
  const ods = join(corpus, 'files', 'calamine/date.ods');
  const refused = await outcomeOf(page, () => dropFile(page, ods));
  assert.equal(refused.name, 'sheetplot:error', JSON.stringify(refused.detail));
  assert.match(refused.detail.message, /^Could not open “date\.ods”: the reader of \.xls, \.xlsb and \.ods files could not be loaded \(its files did not arrive\)\. Offline, it is there once such a file has been opened online\.$/);
  assert.equal(await page.locator('[data-testid=status]').textContent(), 'Ready for the next file.');
  assert.equal(await page.locator('[data-testid=progress-panel]').isVisible(), false, 'no progress is left showing');
  await screenshot(page, 'offline-ods-refused');
  // The page goes on: an .xlsx is its first reader's.
  const xlsx = await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  assert.equal(xlsx.name, 'sheetplot:rendered', JSON.stringify(xlsx.detail));

  // Online, the same file fetches the reader of every format, which is kept.
  await page.context().setOffline(false);
  const online = await outcomeOf(page, () => dropFile(page, ods));
  assert.equal(online.name, 'sheetplot:rendered', JSON.stringify(online.detail));
  assert.equal(online.detail.rows, 4);
  await page.waitForFunction(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('sheetplot-')));
    return (await cache.keys()).filter((r) => /\/worker_all/.test(r.url)).length === 3;
  });

  // Offline again, from a fresh load: an .xls is read by the kept reader.
  await reloadOffline(page);
  log.lazy.length = 0;
  const xls = await outcomeOf(page, () => dropFile(page, join(corpus, 'files', 'calamine/date.xls')));
  assert.equal(xls.name, 'sheetplot:rendered', JSON.stringify(xls.detail));
  assert.equal(xls.detail.rows, 3);
  // Its loader, script and wasm, from the kept copies.
  const files = new Set(log.lazy.map((url) => new URL(url).pathname.replace(/-[0-9a-f]{16}/, '')));
  assert.deepEqual([...files].sort(), ['/worker_all.js', '/worker_all_bg.wasm', '/worker_all_loader.js']);
  assert.deepEqual(log.errors.filter((e) => !offlineNoise.test(e)), []);
  assert.deepEqual(await log.violations(), []);
  await page.context().setOffline(false);
  await page.close();
});

test('the page is installable: a manifest with icons, served with their types', async () => {
  const { page } = await openPage(browser);
  const href = await page.evaluate(() => document.querySelector('link[rel=manifest]').getAttribute('href'));
  const manifest = await fetchRaw(`/${href}`);
  assert.equal(manifest.status, 200);
  assert.match(manifest.headers['content-type'], /^application\/manifest\+json/);
  const body = JSON.parse(manifest.body.toString());
  assert.equal(body.short_name, 'sheetplot');
  assert.equal(body.display, 'standalone');
  const sizes = body.icons.map((i) => i.sizes);
  assert.ok(sizes.includes('192x192') && sizes.includes('512x512'), `icons: ${sizes}`);
  for (const icon of body.icons) {
    const got = await fetchRaw(`/${icon.src}`);
    assert.equal(got.status, 200, icon.src);
    assert.equal(got.headers['content-type'].split(';')[0], icon.type, icon.src);
    if (icon.type === 'image/png') {
      const [w] = icon.sizes.split('x').map(Number);
      assert.equal(got.body.readUInt32BE(16), w, `${icon.src} is ${icon.sizes}`);
    }
  }
  // The worker is revalidated on every load, so a new build reaches users.
  const sw = await fetchRaw('/sw.js');
  assert.equal(sw.status, 200);
  assert.equal(sw.headers['cache-control'], 'no-cache');
  assert.doesNotMatch(sw.body.toString(), /@@SHEETPLOT_/);
  await page.close();
});
