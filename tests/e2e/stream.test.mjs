// End-to-end: a CSV streams from the file into typed columns (4 MB reads,
// never the whole file in memory): exact rows and extremes across the
// reads' seams, progress as it goes, and cancel. Run through scripts/test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, cancelThenOpen, launch, openPage, outcomeOf, recordProgress, sample, screenshot } from './harness.mjs';
import { assertSeries, parseCsv } from './expect.mjs';

const MB = 1 << 20;
let browser;
/** About 24 MB: six of the reader's 4 MB reads, its 1 MB head first. */
const file = join(artifacts, 'stream-400000.csv');
/** The rows whose bytes cross a seam of the reads (and of the head). */
let seams;

before(async () => {
  const rows = 400_000;
  const lines = ['step,level,wave,site'];
  let length = lines[0].length + 1;
  const starts = [];
  for (let i = 0; i < rows; i++) {
    starts.push(length);
    const line = `${i},${(Math.sin(i / 5000) * 1000).toFixed(6)},${(Math.cos(i / 777) * 50).toFixed(9)},site number ${i % 13}`;
    lines.push(line);
    length += line.length + 1;
  }
  // The rows that hold each seam: their level is made the extremes, so a
  // row cut or lost at a seam changes the chart's range.
  seams = [1, 4, 8, 12, 16, 20].map((mb) => starts.findLastIndex((s) => s < mb * MB));
  seams.forEach((row, n) => {
    const fields = lines[row + 1].split(',');
    fields[1] = String(n % 2 ? -5000 - n : 5000 + n);
    lines[row + 1] = fields.join(',');
  });
  if (!existsSync(artifacts)) mkdirSync(artifacts, { recursive: true });
  writeFileSync(file, lines.join('\n') + '\n');
  browser = await launch();
});
after(async () => { await browser?.close(); });

test('a CSV streams into exact columns across its reads, with progress', async () => {
  const { page } = await openPage(browser, { scale: 1 });
  const progressSeen = await recordProgress(page);
  const dropped = await outcomeOf(page, () => page.setInputFiles('[data-testid=file-input]', file));
  assert.equal(dropped.name, 'sheetplot:rendered', JSON.stringify(dropped.detail));
  assert.equal(dropped.detail.rows, 400_000);
  await screenshot(page, 'stream-suggested');
  // Level against step, as a line.
  await outcomeOf(page, () => page.locator('[data-testid=chart-type]').selectOption('line'));
  await outcomeOf(page, () => page.locator('[data-testid=x-select]').selectOption('0'));
  const outcome = await outcomeOf(page, () => page.locator('[data-testid=y-select]').selectOption(['1']));
  const data = parseCsv(readFileSync(file, 'utf8'));
  const level = data.columns.level;
  const sorted = [...level].sort((a, b) => a - b);
  assert.deepEqual([sorted[0], sorted.at(-1)], [-5005, 5004], 'the planted extremes are the data\'s');
  const d = assertSeries(outcome, { kind: 'line', x: data.columns.step, ys: { level }, scale: 1 });
  // The axis holds the planted extremes (without them it would end near
  // ±1000), on round ticks; a row cut in two at a seam would have made a
  // row more and text in a number column.
  assert.ok(d.y_range[0] <= -5005 && d.y_range[0] >= -7000, `y from ${d.y_range[0]}`);
  assert.ok(d.y_range[1] >= 5004 && d.y_range[1] <= 7000, `y to ${d.y_range[1]}`);
  assert.equal(await page.locator('[data-testid=notes]').textContent(), '', 'no cells left out');
  assert.ok(d.x_range[0] <= 0 && d.x_range[1] >= 399_999);
  await screenshot(page, 'stream-line');
  const progress = await progressSeen();
  assert.ok(progress.length >= 3, `progress reported ${progress.length} times: ${progress}`);
  assert.ok(progress.every((v, i) => i === 0 || v >= progress[i - 1]), `progress only grows: ${progress}`);
  await page.close();
});

test('a streaming CSV is cancelled at once, and the next file opens', async () => {
  const { page } = await openPage(browser);
  const { cancelled, panelShown, status, next } = await cancelThenOpen(page, file, sample('weather.xlsx'));
  assert.deepEqual(cancelled, { file: 'stream-400000.csv' });
  assert.equal(panelShown, false);
  assert.match(status, /Cancelled reading stream-400000\.csv/);
  assert.equal(next.name, 'sheetplot:rendered');
  assert.equal(next.detail.file, 'weather.xlsx');
  await page.close();
});
