// End-to-end: the release bundle, served by nginx with the project's
// nginx.conf, driven in headless Chromium. Run through scripts/test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { canvasInk, corpus, dropFile, fetchRaw, launch, openPage, outcomeOf, repo, screenshot, sample } from './harness.mjs';
import { assertBars, assertSeries, readXlsx, serialToSeconds, table } from './expect.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });


// The default chart of each sample sheet, from the workbook as read here.
const sheetOf = (file, n, header = 0) => table(readXlsx(sample(file))[n].grid, header);
const columns = (t, names) => Object.fromEntries(names.map((n) => [n, t.columns[n]]));
const weather = sheetOf('weather.xlsx', 0);
const website = sheetOf('website.xlsx', 0);
const hourly = sheetOf('website.xlsx', 1);
const regions = sheetOf('regions.xlsx', 0, 2);
const defaults = {
  readings: (o) => assertSeries(o, { kind: 'line', x: weather.columns.date.map(serialToSeconds), ys: columns(weather, ['Oslo (°C)', 'Lisbon (°C)', 'Nairobi (°C)']), scale: 2 }),
  // Signups are under a twentieth of visitors: left off the default.
  monthly: (o) => assertSeries(o, { kind: 'line', x: website.columns.month.map(serialToSeconds), ys: columns(website, ['visitors']), scale: 2 }),
  'hourly load': (o) => assertSeries(o, { kind: 'line', x: hourly.columns.time.map(serialToSeconds), ys: columns(hourly, ['load (MW)']), scale: 2 }),
  regions: (o) => assertBars(o, { labels: regions.columns.Region, ys: columns(regions, ['Revenue (k€)', 'Cost (k€)']) }),
};


async function assertChart(page, outcome, { file, sheet, rows }) {
  const { detail } = outcome;
  assert.equal(detail.file, file);
  assert.equal(detail.sheet, sheet);
  assert.equal(detail.rows, rows);
  for (const key of ['parse_ms', 'render_ms', 'points_drawn']) {
    assert.equal(typeof detail[key], 'number', `${key} is a number`);
  }
  assert.ok(detail.points_drawn > 0, 'points were drawn');
  // The default chart of this sheet, of its data.
  defaults[sheet](outcome);
  const ink = await canvasInk(page);
  assert.ok(ink.ink > 0.02, `the canvas has a chart on it (${(ink.ink * 100).toFixed(1)}% drawn)`);
  assert.ok(ink.colour > 0.002, `the series are drawn in colour (${(ink.colour * 100).toFixed(2)}%)`);
  // The backing store follows the device pixel ratio (2 here), so lines are crisp.
  const css = await page.locator('[data-testid=chart]').boundingBox();
  assert.equal(ink.width, Math.round(css.width * 2));
  assert.equal(await page.locator('[data-testid=error]').isVisible(), false, 'no error is shown');
}

test('the page loads with no console error and no CSP violation', async () => {
  const { page, log } = await openPage(browser);
  for (const id of ['drop-zone', 'file-input', 'data-list', 'chart', 'error', 'status']) {
    assert.equal(await page.locator(`[data-testid=${id}]`).count(), 1, `one element has data-testid=${id}`);
  }
  await assert.doesNotReject(page.locator('[data-testid=drop-zone]').getByText('Drop a spreadsheet here').waitFor());
  const listed = await page.locator('[data-testid=data-list] button').allTextContents();
  assert.deepEqual(listed, ['charts.xlsx', 'regions.xlsx', 'weather.xlsx', 'website.xlsx']);
  await screenshot(page, 'empty-page');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await log.violations(), []);
  await page.close();
});

test('nginx serves the bundle with the right types, compression, caching and headers', async () => {
  const index = await fetchRaw('/', { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(index.status, 200);
  assert.match(index.headers['content-type'], /^text\/html/);
  assert.equal(index.headers['content-encoding'], 'gzip');
  assert.equal(index.headers['cache-control'], 'no-cache');
  const csp = index.headers['content-security-policy'];
  const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
  assert.equal(scriptSrc, "script-src 'self' 'wasm-unsafe-eval'");
  assert.match(csp, /connect-src 'self'/);
  assert.match(csp, /default-src 'none'/);
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  assert.equal(index.headers['x-frame-options'], 'DENY');

  const html = (await fetchRaw('/')).body.toString();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'index.html has no inline script');
  const wasmPath = html.match(/href="(\/app-[0-9a-f]+_bg\.wasm)"/)[1];
  const wasm = await fetchRaw(wasmPath, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers['content-type'], 'application/wasm');
  assert.equal(wasm.headers['content-encoding'], 'gzip');
  assert.equal(wasm.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.ok(wasm.headers['content-security-policy'], 'the security headers are on every response');
  // Compressed at build time, not per request: nginx sends the .gz beside
  // the file, whose length it knows (compressing on the fly, it would send
  // the body in chunks of unknown total length).
  assert.equal(wasm.headers['transfer-encoding'], undefined);
  assert.equal(Number(wasm.headers['content-length']), wasm.body.length);
  assert.deepEqual(gunzipSync(wasm.body), (await fetchRaw(wasmPath)).body);
  const early = await fetchRaw(html.match(/src="(\/early-[0-9a-f]+\.js)"/)[1], { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(early.headers['content-encoding'], 'gzip');
  assert.equal(Number(early.headers['content-length']), early.body.length);
  const jsPath = html.match(/src="(\/boot-[0-9a-f]+\.js)"/)[1];
  const js = await fetchRaw(jsPath, { headers: { 'accept-encoding': 'gzip' } });
  assert.match(js.headers['content-type'], /javascript/);
  assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
  const cssPath = html.match(/href="(\/style-[0-9a-f]+\.css)"/)[1];
  assert.equal((await fetchRaw(cssPath, { headers: { 'accept-encoding': 'gzip' } })).headers['content-encoding'], 'gzip');
  // The readers' files are hashed too (the first reader's and the reader
  // of every format's): the page names each loader, the loader names the
  // script and the wasm; all three are cached for good.
  for (const [meta, bin] of [['sheetplot-reader', 'worker'], ['sheetplot-reader-all', 'worker_all']]) {
    const loaderPath = html.match(new RegExp(`<meta name="${meta}" content="\\.(/${bin}_loader-[0-9a-f]{16}\\.js)">`))[1];
    const loader = await fetchRaw(loaderPath);
    assert.equal(loader.headers['cache-control'], 'public, max-age=31536000, immutable');
    const loaderText = loader.body.toString();
    const readerScript = loaderText.match(new RegExp(`importScripts\\("\\.(/${bin}-[0-9a-f]{16}\\.js)"\\)`))[1];
    const readerWasm = loaderText.match(new RegExp(`wasm_bindgen\\("\\.(/${bin}-[0-9a-f]{16}_bg\\.wasm)"\\)`))[1];
    assert.equal((await fetchRaw(readerScript)).headers['cache-control'], 'public, max-age=31536000, immutable');
    const worker = await fetchRaw(readerWasm);
    assert.equal(worker.headers['content-type'], 'application/wasm');
    assert.equal(worker.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await fetchRaw(`/${bin}_bg.wasm`)).status, 404, 'no unhashed reader is left behind');
  }

  const health = await fetchRaw('/healthz');
  assert.equal(health.status, 200);
  assert.equal(health.body.toString(), 'ok\n');
  const listing = await fetchRaw('/data/');
  assert.match(listing.headers['content-type'], /json/);
  const names = JSON.parse(listing.body).map((e) => e.name).sort();
  assert.deepEqual(names, ['charts.xlsx', 'regions.xlsx', 'weather.xlsx', 'website.xlsx']);
  assert.equal((await fetchRaw('/', { method: 'POST' })).status, 405);
  assert.equal((await fetchRaw('/data/weather.xlsx', { method: 'PUT' })).status, 405);
  assert.equal((await fetchRaw('/data/weather.xlsx', { method: 'DELETE' })).status, 405);
  assert.equal((await fetchRaw('/data/weather.xlsx', { method: 'HEAD' })).status, 200);
});

test('dropping a workbook draws its first sheet, and no request leaves the page', async () => {
  const { page, log } = await openPage(browser);
  log.requests.length = 0;
  const outcome = await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  assert.equal(outcome.name, 'sheetplot:rendered', JSON.stringify(outcome.detail));
  await assertChart(page, outcome, { file: 'weather.xlsx', sheet: 'readings', rows: 730 });
  assert.match(await page.locator('[data-testid=status]').textContent(), /weather\.xlsx · sheet “readings” · 730 rows/);
  await screenshot(page, 'dropped-weather');
  assert.deepEqual(log.requests, [], 'handling a file made no request');
  assert.deepEqual(log.lazy, [], 'an .xlsx is read without the reader of every format');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await log.violations(), []);
  await page.close();
});

test('choosing a file with the file input draws it', async () => {
  const { page, log } = await openPage(browser, { width: 1000, height: 700 });
  log.requests.length = 0;
  const outcome = await outcomeOf(page, () => page.setInputFiles('[data-testid=file-input]', sample('regions.xlsx')));
  assert.equal(outcome.name, 'sheetplot:rendered', JSON.stringify(outcome.detail));
  // A title block above the header: the header row is still found.
  await assertChart(page, outcome, { file: 'regions.xlsx', sheet: 'regions', rows: 8 });
  // ...and its first line titles the chart.
  assert.equal(await page.locator('[data-testid=title-input]').inputValue(), 'Sales by region, fiscal year 2024');
  await screenshot(page, 'chosen-regions');
  assert.deepEqual(log.requests, []);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('a file from the data list opens, and its sheets can be switched', async () => {
  const { page, log } = await openPage(browser);
  const opened = await outcomeOf(page, () => page.locator('[data-testid=data-list] button', { hasText: 'website.xlsx' }).click());
  assert.equal(opened.name, 'sheetplot:rendered', JSON.stringify(opened.detail));
  await assertChart(page, opened, { file: 'website.xlsx', sheet: 'monthly', rows: 24 });
  const picker = page.locator('[data-testid=sheet-select]');
  assert.deepEqual(await picker.locator('option').allTextContents(), ['monthly', 'hourly load', 'notes']);
  const hourlyOutcome = await outcomeOf(page, () => picker.selectOption({ label: 'hourly load' }));
  await assertChart(page, hourlyOutcome, { file: 'website.xlsx', sheet: 'hourly load', rows: 168 });
  await screenshot(page, 'data-list-website-hourly');
  await picker.selectOption({ label: 'notes' });
  await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent.includes('“notes”'));
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('files that cannot be read get a clear message, and the page keeps working', async () => {
  const { page, log } = await openPage(browser);
  log.requests.length = 0;
  const weather = readFileSync(sample('weather.xlsx'));
  const cases = [
    { name: 'notes.xlsx', bytes: Buffer.from('These are my notes, not a spreadsheet.\n'), says: /not a spreadsheet/ },
    { path: join(corpus, 'files/calamine/pass_protected.xlsx'), says: /password-protected/ },
    { name: 'empty.xlsx', bytes: Buffer.alloc(0), says: /empty/ },
    { name: 'truncated.xlsx', bytes: weather.subarray(0, weather.length / 2), says: /truncated/ },
    { name: 'photo.ods', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), says: /not a spreadsheet/ },
  ];
  for (const c of cases) {
    const name = c.name ?? c.path.split('/').pop();
    const outcome = await outcomeOf(page, () => dropFile(page, c.path, c.path ? {} : { name, bytes: c.bytes }));
    assert.equal(outcome.name, 'sheetplot:error', `${name}: ${JSON.stringify(outcome.detail)}`);
    assert.equal(outcome.detail.file, name);
    assert.match(outcome.detail.message, c.says);
    const shown = await page.locator('[data-testid=error]').textContent();
    assert.ok(shown.includes(name), `the message names the file: ${shown}`);
    assert.match(shown, c.says);
    if (name === 'pass_protected.xlsx') await screenshot(page, 'refused-password');
  }
  const good = await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  assert.equal(good.name, 'sheetplot:rendered');
  await assertChart(page, good, { file: 'weather.xlsx', sheet: 'readings', rows: 730 });
  assert.deepEqual(log.requests, [], 'handling files made no request');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await log.violations(), []);
  await page.close();
});
