// Accessible: the chart in words for screen readers, its data table one
// button away, points stepped through from the keyboard and read out by
// the tooltip's live region, and axe-core clean at every state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, openPage, outcomeOf, dropFile, sample, screenshot } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** axe-core's serious and critical violations on the page as it is. */
async function axeViolations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP (no
  // inline scripts) does not govern.
  const found = await page.evaluate(`${axeSource}; axe.run(document, { resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })))`);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const tooltip = (page) => page.evaluate(() => {
  const t = document.querySelector('[data-testid=tooltip]');
  return t.hidden ? null : t.textContent;
});

test('the chart is described in words, and its data table is one button away', async () => {
  const { page } = await openPage(browser);
  const outcome = await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  assert.equal(outcome.name, 'sheetplot:rendered');
  const described = await page.evaluate(() => {
    const chart = document.querySelector('[data-testid=chart-overlay]');
    return document.getElementById(chart.getAttribute('aria-describedby')).textContent;
  });
  assert.match(described, /^Line chart/);
  for (const series of outcome.detail.series) assert.ok(described.includes(`${series}: lowest`), `${series} in: ${described}`);
  assert.match(described, /730 rows/);
  assert.match(described, /table below the chart/);
  // A different chart, a different description.
  const bars = await outcomeOf(page, () => page.locator('[data-testid=chart-type]').selectOption('bar'));
  assert.equal(bars.name, 'sheetplot:rendered');
  await page.waitForFunction(() => document.querySelector('[data-testid=chart-summary]').textContent.startsWith('Bar chart'));
  await page.locator('[data-testid=data-table]').click();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'preview');
  assert.ok(await page.locator('[data-testid=preview] table tbody tr').count() > 0, 'the table has rows');
  await page.close();
});

test('arrow keys step through the points, read out by the tooltip; Home and End go to the ends', async () => {
  const { page } = await openPage(browser);
  const outcome = await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  assert.ok(outcome.detail.series.length >= 2, JSON.stringify(outcome.detail.series));
  assert.equal(await page.locator('[data-testid=tooltip]').getAttribute('role'), 'status', 'a live region');
  await page.locator('[data-testid=chart-overlay]').focus();
  await page.keyboard.press('ArrowRight');
  const first = await tooltip(page);
  assert.ok(first && first.startsWith(outcome.detail.series[0]), `the first point of the first series: ${first}`);
  await page.keyboard.press('ArrowRight');
  const second = await tooltip(page);
  assert.notEqual(second, first, 'the next point');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await tooltip(page), first, 'back to the first');
  await page.keyboard.press('End');
  const last = await tooltip(page);
  assert.notEqual(last, first);
  await screenshot(page, 'keyboard-last-point');
  await page.keyboard.press('ArrowDown');
  const other = await tooltip(page);
  assert.ok(other.startsWith(outcome.detail.series[1]), `the next series: ${other}`);
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowUp');
  assert.equal(await tooltip(page), first, 'Home, then the series before: the first point again');
  // Stepping never redraws; zooming does, and the steps stay in view.
  const zoomed = await outcomeOf(page, () => page.keyboard.press('+'));
  await page.keyboard.press('Home');
  const inView = await tooltip(page);
  assert.ok(inView, 'a point in the zoomed view');
  assert.notEqual(inView, first, `the zoomed view starts later: ${zoomed.detail.x_range}`);
  await page.keyboard.press('Escape');
  await page.close();
});

test('bars step by category too', async () => {
  const { page } = await openPage(browser);
  await outcomeOf(page, () => dropFile(page, sample('regions.xlsx')));
  const bars = await outcomeOf(page, () => page.locator('[data-testid=chart-type]').selectOption('bar'));
  assert.equal(bars.name, 'sheetplot:rendered');
  await page.locator('[data-testid=chart-overlay]').focus();
  await page.keyboard.press('Home');
  const first = await tooltip(page);
  await page.keyboard.press('ArrowRight');
  const next = await tooltip(page);
  assert.ok(first && next && first !== next, `${first} then ${next}`);
  await screenshot(page, 'keyboard-bar');
  await page.close();
});

test('axe-core finds no serious or critical violation: empty, with a chart, dark, with a saved chart', async () => {
  const { page } = await openPage(browser);
  assert.deepEqual(await axeViolations(page), [], 'the empty page');
  await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  assert.deepEqual(await axeViolations(page), [], 'with a chart');
  await page.locator('[data-testid=theme]').click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  // The drop zone's colours ease over 120 ms: contrast is the colours' at rest.
  await page.waitForFunction(() => document.getAnimations().length === 0);
  assert.deepEqual(await axeViolations(page), [], 'dark');
  await outcomeOf(page, () => dropFile(page, sample('charts.xlsx')));
  assert.deepEqual(await axeViolations(page), [], 'a saved chart');
  await page.close();
});
