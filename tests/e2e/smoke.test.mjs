// Smoke test: the few things that show a server serves sheetplot right.
// scripts/test-image runs this file alone against the built image's container
// (docker run -p, and compose); `npm test` also runs it against the test
// server, where it must pass as well: it assumes nothing the two differ in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { canvasInk, dropFile, fetchRaw, launch, openPage, outcomeOf, repo, screenshot } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const samples = ['charts.xlsx', 'regions.xlsx', 'weather.xlsx', 'website.xlsx'];


async function assertDrawn(page, outcome, { file, rows }) {
  assert.equal(outcome.name, 'sheetplot:rendered', JSON.stringify(outcome.detail));
  assert.equal(outcome.detail.file, file);
  assert.equal(outcome.detail.rows, rows);
  assert.ok(outcome.detail.points_drawn > 0, 'points were drawn');
  const ink = await canvasInk(page);
  assert.ok(ink.ink > 0.02, `the canvas has a chart on it (${(ink.ink * 100).toFixed(1)}% drawn)`);
  assert.ok(ink.colour > 0.002, `the series are drawn in colour (${(ink.colour * 100).toFixed(2)}%)`);
  assert.equal(await page.locator('[data-testid=error]').isVisible(), false, 'no error is shown');
}

test('smoke: the server sends the headers, types and listing the page needs', async () => {
  const index = await fetchRaw('/', { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(index.status, 200);
  assert.match(index.headers['content-type'], /^text\/html/);
  assert.equal(index.headers['content-encoding'], 'gzip');
  assert.equal(index.headers['cache-control'], 'no-cache');
  assert.match(index.headers['content-security-policy'], /default-src 'none'; script-src 'self' 'wasm-unsafe-eval'/);
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  assert.equal(index.headers['x-frame-options'], 'DENY');
  assert.equal(index.headers.server, 'nginx', 'no version in the Server header');

  const html = (await fetchRaw('/')).body.toString();
  const wasmPath = html.match(/href="(\/app-[0-9a-f]+_bg\.wasm)"/)[1];
  const wasm = await fetchRaw(wasmPath, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers['content-type'], 'application/wasm');
  assert.equal(wasm.headers['content-encoding'], 'gzip');
  assert.equal(wasm.headers['cache-control'], 'public, max-age=31536000, immutable');

  const health = await fetchRaw('/healthz');
  assert.equal(health.status, 200);
  assert.equal(health.body.toString(), 'ok\n');
  const listing = await fetchRaw('/data/');
  assert.equal(listing.status, 200);
  assert.match(listing.headers['content-type'], /json/);
  assert.deepEqual(JSON.parse(listing.body).map((e) => e.name).sort(), samples);
  assert.equal((await fetchRaw('/', { method: 'POST' })).status, 405);
  assert.equal((await fetchRaw('/data/weather.xlsx', { method: 'PUT' })).status, 405);
});

test('smoke: the page loads, lists the data folder, and draws a dropped workbook', async () => {
  const { page, log } = await openPage(browser);
  assert.deepEqual(await page.locator('[data-testid=data-list] button').allTextContents(), samples);
  log.requests.length = 0;
  const dropped = await outcomeOf(page, () => dropFile(page, join(repo, 'data', 'weather.xlsx')));
  await assertDrawn(page, dropped, { file: 'weather.xlsx', rows: 730 });
  assert.deepEqual(log.requests, [], 'handling a dropped file made no request');
  await screenshot(page, 'smoke-dropped-weather');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await log.violations(), []);
  await page.close();
});

test('smoke: a file from the data list opens', async () => {
  const { page, log } = await openPage(browser);
  const opened = await outcomeOf(page, () => page.locator('[data-testid=data-list] button', { hasText: 'website.xlsx' }).click());
  await assertDrawn(page, opened, { file: 'website.xlsx', rows: 24 });
  await screenshot(page, 'smoke-data-list-website');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await log.violations(), []);
  await page.close();
});
