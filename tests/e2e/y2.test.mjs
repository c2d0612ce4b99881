// End-to-end: a second, right-hand y axis whose ticks sit on the left grid lines.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, dropFile, launch, openPage, outcomeOf, screenshot } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Sixty days of a share in percent and a volume in thousands.
const days = 60;
const share = Array.from({ length: days }, (_, i) => Math.round(40 + 30 * Math.sin(i / 9)));
const volume = Array.from({ length: days }, (_, i) => Math.round(3650 + 3600 * Math.cos(i / 6)));
const date = (i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
const text = ['date,share,volume', ...share.map((s, i) => `${date(i)},${s},${volume[i]}`)].join('\n');
const file = { name: 'combo.csv', bytes: Buffer.from(text) };

test('a column on the right axis gets ticks on the left grid lines, as a line or as bars', async () => {
  const { page, log } = await openPage(browser, { width: 1280, height: 800 });
  await outcomeOf(page, () => dropFile(page, null, file));
  const left = await outcomeOf(page, () => page.locator('[data-testid=y-select]').selectOption(['1']));
  assert.deepEqual(left.detail.series, ['share']);
  assert.equal(left.detail.y2_ticks, undefined, 'no right axis yet');
  assert.ok(await page.locator('[data-testid=y2-field]').isVisible(), 'a line chart offers a right axis');

  const combo = await outcomeOf(page, () => page.locator('[data-testid=y2-select]').selectOption(['2']));
  assert.equal(combo.name, 'sheetplot:rendered');
  const { detail } = combo;
  assert.deepEqual(detail.series, ['share', 'volume (right)']);
  const [low, high] = detail.y2_range;
  assert.ok(low <= Math.min(...volume) && high >= Math.max(...volume), `${low}..${high} holds the volumes`);
  assert.ok(detail.y_ticks.length >= 3, detail.y_ticks.join(' '));
  assert.equal(detail.y2_ticks.length, detail.y_ticks.length, 'a right tick beside each left one');
  const values = detail.y2_ticks.map((t) => Number(t.replaceAll(',', '')));
  const step = values[1] - values[0];
  assert.ok(values.every((v, i) => v === values[0] + i * step), values.join(' '));
  assert.ok([1, 2, 5].includes(step / 10 ** Math.floor(Math.log10(step))), `a 1-2-5 step: ${step}`);
  assert.equal(values[0], low);
  assert.equal(values.at(-1), high);
  // The left axis is the share's alone: 0–100 at most.
  assert.ok(detail.y_range[1] <= 100, detail.y_range.join('..'));
  // The column left the y select, and the URL holds the right axis.
  assert.deepEqual(await page.locator('[data-testid=y-select]').evaluate((s) => [...s.selectedOptions].map((o) => o.value)), ['1']);
  assert.match(await page.evaluate(() => location.hash), /&y2=volume/);

  // Hovering a volume point names it, found through the right axis.
  const box = await page.locator('[data-testid=chart]').boundingBox();
  const row = 30;
  const [x0, x1] = detail.x_range;
  const x = Date.UTC(2024, 0, 1 + row) / 1000;
  await page.mouse.move(
    box.x + detail.plot.left + ((x - x0) / (x1 - x0)) * detail.plot.width,
    box.y + detail.plot.top + (1 - (volume[row] - low) / (high - low)) * detail.plot.height,
  );
  const tooltip = page.locator('[data-testid=tooltip]');
  await tooltip.waitFor({ state: 'visible' });
  const tip = await tooltip.textContent();
  assert.ok(tip.includes('volume') && tip.includes(volume[row].toLocaleString('en-US')), tip);
  await page.mouse.move(box.x + 2, box.y + 2);
  await screenshot(page, 'y2-line');

  // As bars, under the share's line; the export says the same.
  const bars = await outcomeOf(page, () => page.locator('[data-testid=y2-bars]').check());
  assert.deepEqual(bars.detail.series, ['share', 'volume (right)']);
  assert.equal(bars.detail.points_drawn, 2 * days, 'a point of the share and a bar of the volume per day');
  assert.deepEqual(bars.detail.y2_ticks.length, bars.detail.y_ticks.length);
  assert.match(await page.evaluate(() => location.hash), /&y2bars=1/);
  const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-svg]').click()]);
  const path = join(artifacts, `y2-${svg.suggestedFilename()}`);
  await svg.saveAs(path);
  const texts = await page.evaluate((t) => [...new DOMParser().parseFromString(t, 'image/svg+xml').querySelectorAll('text')]
    .map((n) => n.textContent.trim()), readFileSync(path, 'utf8'));
  for (const label of [...bars.detail.y2_ticks, 'volume (right)', 'volume']) {
    assert.ok(texts.includes(label), `the SVG shows ${label}`);
  }
  await screenshot(page, 'y2-bars');

  // Another kind has no right axis, and hides the control.
  const scatter = await outcomeOf(page, () => page.locator('[data-testid=chart-type]').selectOption('scatter'));
  assert.equal(scatter.detail.y2_ticks, undefined);
  assert.ok(!(await page.locator('[data-testid=y2-field]').isVisible()));
  assert.deepEqual(log.errors, []);
});
