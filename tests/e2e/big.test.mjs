// End-to-end: big files (progress, cancel, downsampling) and a worker that
// dies mid-read. Run through scripts/test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, dropFile, launch, openPage, outcomeOf, repo } from './harness.mjs';

let browser;
const big = join(artifacts, 'rows-200000.xlsx');
before(async () => {
  if (!existsSync(big)) execFileSync(join(repo, 'scripts', 'make-bench-workbook'), ['200000', big]);
  browser = await launch();
});
after(async () => { await browser?.close(); });

test('the page takes a file before its reader has loaded, and reads it once the reader is ready', async () => {
  // Hold the reader's wasm back, as a slow network would.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const { page } = await openPage(browser, {
    waitForReader: false,
    beforeLoad: (p) => p.route('**/worker_bg.wasm', async (route) => { await held; await route.continue(); }),
  });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.reader), 'loading');
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
  assert.ok(marks.includes('sheetplot:interactive'), 'the page marks when it became interactive');
  assert.ok(!marks.includes('sheetplot:reader-ready'));
  const outcome = await outcomeOf(page, async () => {
    await page.setInputFiles('[data-testid=file-input]', join(repo, 'data', 'weather.xlsx'));
    await page.locator('[data-testid=progress-label]').getByText('waiting for the reader to load').waitFor();
    release();
  });
  assert.equal(outcome.name, 'sheetplot:rendered');
  assert.equal(outcome.detail.file, 'weather.xlsx');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.reader), 'ready');
  assert.ok(await page.evaluate(() => performance.getEntriesByName('sheetplot:reader-ready').length === 1));
  await page.close();
});

test('cancelling a file that waits for the reader keeps the reader loading', async () => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let fetches = 0;
  const { page } = await openPage(browser, {
    waitForReader: false,
    beforeLoad: (p) => p.route('**/worker_bg.wasm', async (route) => { fetches++; await held; await route.continue(); }),
  });
  await page.evaluate(() => { window.__cancelled = []; addEventListener('sheetplot:cancelled', (e) => window.__cancelled.push(e.detail.file)); });
  await page.setInputFiles('[data-testid=file-input]', join(repo, 'data', 'weather.xlsx'));
  await page.locator('[data-testid=progress-label]').getByText('waiting for the reader to load').waitFor();
  await page.locator('[data-testid=cancel]').click();
  await page.waitForFunction(() => window.__cancelled.length === 1);
  assert.equal(await page.locator('[data-testid=progress-panel]').isVisible(), false);
  release();
  await page.waitForFunction(() => document.documentElement.dataset.reader === 'ready');
  assert.equal(fetches, 1, 'the reader was not started again');
  const outcome = await outcomeOf(page, () => page.setInputFiles('[data-testid=file-input]', join(repo, 'data', 'regions.xlsx')));
  assert.equal(outcome.name, 'sheetplot:rendered');
  assert.equal(outcome.detail.file, 'regions.xlsx', 'the cancelled file never drew');
  await page.close();
});

test('a big file shows real progress, is downsampled, and the page answers meanwhile', async () => {
  const { page } = await openPage(browser);
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const v = document.querySelector('[data-testid=progress]').getAttribute('value');
      if (v !== null) window.__progress.push(Number(v));
    }).observe(document.querySelector('[data-testid=progress]'), { attributes: true });
  });
  const outcome = await outcomeOf(page, async () => {
    await page.setInputFiles('[data-testid=file-input]', big);
    // The page answers while the worker reads: a click toggles a control.
    await page.locator('[data-testid=progress-panel]').waitFor({ state: 'visible' });
    const answered = await page.evaluate(() => new Promise((resolve) => {
      const started = performance.now();
      requestAnimationFrame(() => resolve(performance.now() - started));
    }));
    assert.ok(answered < 1000, `a frame came within ${answered.toFixed(0)} ms during the read`);
  });
  assert.equal(outcome.name, 'sheetplot:rendered', JSON.stringify(outcome.detail));
  assert.equal(outcome.detail.rows, 200000);
  const progress = await page.evaluate(() => window.__progress);
  assert.ok(progress.length >= 3, `progress reported ${progress.length} times`);
  assert.ok(progress.every((v, i) => i === 0 || v >= progress[i - 1]), `progress only grows: ${progress}`);
  assert.ok(progress.at(-1) > 90, `progress ends near 100: ${progress.at(-1)}`);
  const width = outcome.detail.plot.width * 2;
  assert.ok(outcome.detail.points_drawn <= 4 * 4 * width, `${outcome.detail.points_drawn} points for 4 series over ${width} px`);
  assert.equal(await page.locator('[data-testid=progress-panel]').isVisible(), false);
  await page.close();
});

test('cancel stops a read at once, and the next file opens', async () => {
  const { page } = await openPage(browser);
  await page.setInputFiles('[data-testid=file-input]', big);
  await page.locator('[data-testid=progress-panel]').waitFor({ state: 'visible' });
  const cancelled = page.evaluate(() => new Promise((r) => addEventListener('sheetplot:cancelled', (e) => r(e.detail), { once: true })));
  await page.locator('[data-testid=cancel]').click();
  assert.deepEqual(await cancelled, { file: 'rows-200000.xlsx' });
  assert.equal(await page.locator('[data-testid=progress-panel]').isVisible(), false);
  assert.match(await page.locator('[data-testid=status]').textContent(), /Cancelled reading rows-200000\.xlsx/);
  const next = await outcomeOf(page, () => dropFile(page, join(repo, 'data', 'weather.xlsx')));
  assert.equal(next.name, 'sheetplot:rendered');
  assert.equal(next.detail.file, 'weather.xlsx');
  await page.close();
});

test('a panic in the worker is reported, the worker replaced, and the page keeps working', async () => {
  const { page, log } = await openPage(browser);
  // calamine 0.38 panics on this damaged record; wasm aborts the worker.
  const fixture = join(repo, 'tests', 'fixtures', 'fuzz', 'calamine-panic-1144eca2.xls');
  const crashed = await outcomeOf(page, () => dropFile(page, fixture));
  assert.equal(crashed.name, 'sheetplot:error', JSON.stringify(crashed.detail));
  assert.match(crashed.detail.message, /the reader stopped at a malformed record/);
  const next = await outcomeOf(page, () => dropFile(page, join(repo, 'data', 'regions.xlsx')));
  assert.equal(next.name, 'sheetplot:rendered', 'a fresh worker read the next file');
  assert.deepEqual(log.errors.filter((e) => !/unreachable|RuntimeError|panicked/.test(e)), []);
  await page.close();
});
