// Offline and installable: the service worker keeps the bundle, so a page
// loaded once opens and draws with the network gone; the manifest and its
// icons are served with the right types.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, outcomeOf, dropFile, sample, screenshot, fetchRaw } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('once loaded, the page opens and draws a dropped workbook with the network gone', async () => {
  const { page, log } = await openPage(browser);
  // The worker takes the page over once it has kept the bundle.
  const kept = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
    }
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('sheetplot-')));
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  assert.ok(kept.includes('/'), `the page is kept: ${kept}`);
  for (const ext of ['.wasm', '.js', '.css', '.webmanifest', '.png']) {
    assert.ok(kept.some((p) => p.endsWith(ext)), `a ${ext} file is kept: ${kept}`);
  }
  assert.ok(kept.filter((p) => p.endsWith('.wasm')).length >= 2, 'both the page\'s and the reader\'s wasm are kept');
  const reader = await page.evaluate(() => document.querySelector('meta[name=sheetplot-reader]').content.replace('./', '/'));
  assert.ok(kept.includes(reader), `the reader's loader ${reader} is kept`);

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
  assert.deepEqual(log.errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|data folder/i.test(e)), []);
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
