// End-to-end: big files (progress, cancel, downsampling) and a worker that
// dies mid-read. Run through scripts/test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, cancelThenOpen, dropFile, launch, openPage, outcomeOf, recordProgress, repo } from './harness.mjs';

let browser;
const big = join(artifacts, 'rows-200000.xlsx');
before(async () => {
  if (!existsSync(big)) execFileSync(join(repo, 'scripts', 'make-bench-workbook'), ['200000', big]);
  browser = await launch();
});
after(async () => { await browser?.close(); });

/** Holds the page's own wasm back until the returned function is called. */
async function holdAppWasm(page) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\/app-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  return () => release();
}

const marks = (page) => page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));

/** Chooses `name` from data/ while part of the page is held back, waits
 * until `locator` shows `text`, then releases it: the chart drawn. */
async function chooseWhileHeld(page, name, [locator, text], release) {
  const outcome = await outcomeOf(page, async () => {
    await page.setInputFiles('[data-testid=file-input]', join(repo, 'data', name));
    await page.locator(locator).getByText(text).waitFor();
    release();
  });
  assert.equal(outcome.name, 'sheetplot:rendered');
  assert.equal(outcome.detail.file, name);
}

test('the page takes a file chosen before its wasm has loaded, and opens it once the app starts', async () => {
  let release;
  const { page, log } = await openPage(browser, { waitForApp: false, beforeLoad: async (p) => { release = await holdAppWasm(p); } });
  await page.waitForFunction(() => performance.getEntriesByName('sheetplot:interactive').length === 1);
  assert.ok(!(await marks(page)).includes('sheetplot:app-ready'), 'the app has not started');
  await chooseWhileHeld(page, 'weather.xlsx', ['[data-testid=status]', 'Opening weather.xlsx once sheetplot has loaded'], release);
  assert.ok((await marks(page)).includes('sheetplot:app-ready'));
  // The app's own handlers have taken over: the next file opens as ever.
  const next = await outcomeOf(page, () => page.setInputFiles('[data-testid=file-input]', join(repo, 'data', 'regions.xlsx')));
  assert.equal(next.detail.file, 'regions.xlsx');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await log.violations(), []);
  await page.close();
});

test('a file dropped before the wasm has loaded is kept, not opened by the browser, and drawn once the app starts', async () => {
  let release;
  const { page } = await openPage(browser, { waitForApp: false, beforeLoad: async (p) => { release = await holdAppWasm(p); } });
  await page.waitForFunction(() => performance.getEntriesByName('sheetplot:interactive').length === 1);
  // An event whose default is not prevented would make the browser open the file.
  const prevented = await page.evaluate(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['when,rain\n2024-01-01,3\n2024-01-02,5\n2024-01-03,1\n'], 'rain.csv'));
    const zone = document.querySelector('[data-testid=drop-zone]');
    return ['dragover', 'drop'].map((type) => !zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer })));
  });
  assert.deepEqual(prevented, [true, true]);
  const outcome = await outcomeOf(page, async () => release());
  assert.equal(outcome.name, 'sheetplot:rendered');
  assert.equal(outcome.detail.file, 'rain.csv');
  assert.equal(outcome.detail.rows, 3);
  await page.close();
});

test('the page takes a file before its reader has loaded, and reads it once the reader is ready', async () => {
  // Hold the reader's wasm back, as a slow network would.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const { page } = await openPage(browser, {
    waitForReader: false,
    beforeLoad: (p) => p.route(/\/worker-[0-9a-f]{16}_bg\.wasm$/, async (route) => { await held; await route.continue(); }),
  });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.reader), 'loading');
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
  assert.ok(marks.includes('sheetplot:interactive'), 'the page marks when it became interactive');
  assert.ok(!marks.includes('sheetplot:reader-ready'));
  await chooseWhileHeld(page, 'weather.xlsx', ['[data-testid=progress-label]', 'waiting for the reader to load'], release);
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
    beforeLoad: (p) => p.route(/\/worker-[0-9a-f]{16}_bg\.wasm$/, async (route) => { fetches++; await held; await route.continue(); }),
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

/** Records every long task (a main-thread task over 50 ms, as Chromium
 * reports them) from page load on, and when the worker's answer came
 * (the progress panel hides). */
function recordLongTasks(page) {
  return page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    addEventListener('DOMContentLoaded', () => {
      const panel = document.querySelector('[data-testid=progress-panel]');
      new MutationObserver(() => { if (panel.hidden && window.__chosenAt !== undefined) window.__answeredAt ??= performance.now(); })
        .observe(panel, { attributes: true, attributeFilter: ['hidden'] });
    });
  });
}

/** Lets the observer deliver what it has seen: long tasks are reported
 * after they end, from a later task. */
const settle = (page) => page.evaluate(() => new Promise((r) => setTimeout(() => requestAnimationFrame(() => setTimeout(r, 100)), 0)));

test('a big file shows real progress, is downsampled, and no main-thread task over 50 ms runs while it is read', async (t) => {
  const { page } = await openPage(browser, { beforeLoad: recordLongTasks });
  const progressSeen = await recordProgress(page);
  // What is counted: long tasks that start after the file is chosen. The
  // page's own start (compiling its wasm, the reader's warm-up, a first
  // draw on a hidden canvas) is before that and is left out.
  await settle(page);
  const atLoad = await page.evaluate(() => window.__longTasks.slice());
  await page.evaluate(() => { window.__chosenAt = performance.now(); });
  const outcome = await outcomeOf(page, () => page.setInputFiles('[data-testid=file-input]', big));
  assert.equal(outcome.name, 'sheetplot:rendered', JSON.stringify(outcome.detail));
  assert.equal(outcome.detail.rows, 200000);
  await settle(page);
  const { chosenAt, answeredAt, tasks } = await page.evaluate(() => ({
    chosenAt: window.__chosenAt,
    answeredAt: window.__answeredAt,
    tasks: window.__longTasks.filter((e) => e.start >= window.__chosenAt),
  }));
  assert.ok(answeredAt > chosenAt, 'the worker answered');
  // While the worker parses (file chosen → its last message arrives and
  // the progress panel hides), the main thread shows progress and takes
  // the columns as they come: no task of it may take over 50 ms. What
  // follows (the drawing summaries, the first draw) is reported, not
  // asserted: the README claims it for the parse.
  const duringParse = tasks.filter((e) => e.start < answeredAt);
  const afterParse = tasks.filter((e) => e.start >= answeredAt);
  const shown = (list) => list.map((e) => `${e.duration.toFixed(0)} ms at +${(e.start - chosenAt).toFixed(0)} ms`).join(', ') || 'none';
  t.diagnostic(`long tasks at load (not counted): ${atLoad.map((e) => e.duration.toFixed(0) + ' ms').join(', ') || 'none'}`);
  t.diagnostic(`parse ${(answeredAt - chosenAt).toFixed(0)} ms, long tasks during it: ${shown(duringParse)}`);
  t.diagnostic(`after the parse (summaries, the draw: render_ms ${outcome.detail.render_ms.toFixed(0)}), long tasks: ${shown(afterParse)}`);
  assert.deepEqual(duringParse, [], `main-thread tasks over 50 ms while the file was parsed: ${shown(duringParse)}`);

  const progress = await progressSeen();
  assert.ok(progress.length >= 3, `progress reported ${progress.length} times`);
  assert.ok(progress.every((v, i) => i === 0 || v >= progress[i - 1]), `progress only grows: ${progress}`);
  assert.ok(progress.at(-1) > 90, `progress ends near 100: ${progress.at(-1)}`);
  const width = outcome.detail.plot.width * 2;
  assert.ok(outcome.detail.points_drawn <= 4 * 4 * width, `${outcome.detail.points_drawn} points for 4 series over ${width} px`);
  assert.equal(await page.locator('[data-testid=progress-panel]').isVisible(), false);

  // The observer does see long tasks here: one of 120 ms is reported.
  await page.evaluate(() => new Promise((r) => setTimeout(() => { const end = performance.now() + 120; while (performance.now() < end); r(); }, 0)));
  await settle(page);
  const busy = await page.evaluate(() => window.__longTasks.at(-1));
  assert.ok(busy && busy.duration >= 110, `a 120 ms task is reported as a long task: ${JSON.stringify(busy)}`);
  await page.close();
});

test('cancel stops a read at once, and the next file opens', async () => {
  const { page } = await openPage(browser);
  const { cancelled, panelShown, status, next } = await cancelThenOpen(page, big, join(repo, 'data', 'weather.xlsx'));
  assert.deepEqual(cancelled, { file: 'rows-200000.xlsx' });
  assert.equal(panelShown, false);
  assert.match(status, /Cancelled reading rows-200000\.xlsx/);
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
