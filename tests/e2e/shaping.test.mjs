// End-to-end: shaping the rows before they are drawn — aggregate, date
// buckets, split, filter — on a long table of transactions. The expected
// charts are worked out here from the CSV itself, not by the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFile, launch, openPage, outcomeOf, repo, screenshot } from './harness.mjs';
import { assertBars, assertPie, assertSeries, categorySums } from './expect.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const salesPath = join(repo, 'tests', 'fixtures', 'shaping', 'sales.csv');
const lines = readFileSync(salesPath, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const sales = lines.map(([date, region, product, amount]) => ({ date, region, product, amount: Number(amount) }));
const monthOf = (date) => date.slice(0, 7);
const monthStart = (month) => Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1) / 1000;

/** Sums of `amount` per (key, group), groups largest total first. */
function pivot(rows, key, group) {
  const keys = [...new Set(rows.map(key))].sort();
  const totals = new Map();
  for (const r of rows) totals.set(group(r), (totals.get(group(r)) ?? 0) + r.amount);
  const groups = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
  const cells = Object.fromEntries(groups.map((g) => [g, keys.map((k) => {
    const vs = rows.filter((r) => key(r) === k && group(r) === g).map((r) => r.amount);
    return vs.length ? vs.reduce((a, b) => a + b, 0) : NaN;
  })]));
  return { keys, groups, cells };
}

async function set(page, testid, value) {
  return outcomeOf(page, () => page.locator(`[data-testid=${testid}]`).selectOption(value));
}

test('a long table becomes a monthly line per region, then bars per product', async () => {
  const { page } = await openPage(browser, { scale: 1 });
  const first = await outcomeOf(page, () => dropFile(page, salesPath));
  assert.equal(first.name, 'sheetplot:rendered', JSON.stringify(first.detail));
  await set(page, 'chart-type', 'line');
  await set(page, 'aggregate', 'sum');
  await set(page, 'bucket', 'month');
  const split = await set(page, 'split-by', { label: 'region' });

  const monthly = pivot(sales, (r) => monthOf(r.date), (r) => r.region);
  assert.deepEqual(monthly.groups, ['West', 'North', 'East', 'South']);
  assertSeries(split, { kind: 'line', x: monthly.keys.map(monthStart), ys: monthly.cells, scale: 1 });
  assert.deepEqual(split.detail.x_ticks.slice(0, 2), ['Jan 2024', 'Mar 2024']);
  await screenshot(page, 'shaping-monthly-line');

  // Bars of the products, one per region: the pivot the other way round.
  await set(page, 'x-select', { label: 'product (text)' });
  const bars = await set(page, 'chart-type', 'bar');
  const byProduct = pivot(sales, (r) => r.product, (r) => r.region);
  // Products in the workbook's first-seen order.
  const products = [...new Set(sales.map((r) => r.product))];
  const cells = Object.fromEntries(byProduct.groups.map((g) => [g, products.map((p) => byProduct.cells[g][byProduct.keys.indexOf(p)])]));
  assertBars(bars, { labels: products, ys: cells });

  // Stacked: the same bars piled per product, the value axis up to the
  // largest pile (a product's total over the regions).
  const stacked = await outcomeOf(page, () => page.locator('[data-testid=stack]').check());
  assert.equal(stacked.name, 'sheetplot:rendered', JSON.stringify(stacked.detail));
  assert.equal(stacked.detail.points_drawn, products.length * byProduct.groups.length);
  const piles = products.map((_, i) => byProduct.groups.reduce((sum, g) => sum + (cells[g][i] || 0), 0));
  const highest = Math.max(...piles);
  const lying = stacked.detail.y_range[0] > stacked.detail.y_range[1];
  const values = lying ? stacked.detail.x_range : stacked.detail.y_range;
  assert.ok(Math.max(...values) >= highest, `the value axis ${values} holds the largest pile ${highest}`);
  assert.ok(Math.max(...values) < highest * 1.5, `and is not far wider: ${values}`);
  assert.ok(Math.max(...bars.detail[lying ? 'x_range' : 'y_range']) < highest, 'grouped bars needed less room than the piles');
  assert.match(await page.evaluate(() => location.hash), /stack=1/);
  await screenshot(page, 'shaping-stacked-bars');
  await page.close();
});

test('a filtered pie keeps only the rows asked for, and says how many', async () => {
  const { page } = await openPage(browser, { scale: 1 });
  await outcomeOf(page, () => dropFile(page, salesPath));
  await set(page, 'x-select', { label: 'region (text)' });
  await set(page, 'chart-type', 'pie');
  await set(page, 'aggregate', 'sum');
  await set(page, 'filter-column', { label: 'product' });
  const pie = await set(page, 'filter-values', ['Tea']);

  const tea = sales.filter((r) => r.product === 'Tea');
  const { labels, sums } = categorySums(tea.map((r) => r.region), [tea.map((r) => r.amount)]);
  assertPie(pie, { labels, values: sums[0] });
  const status = await page.locator('[data-testid=status]').textContent();
  assert.match(status, new RegExp(`${tea.length} of 400 rows kept by the filter`));
  // The shaping lives in the URL: a new page with it, and the same file, draws the same pie.
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /aggregate=sum/);
  assert.match(hash, /filter=product%3DTea/);
  await page.close();

  const { page: again } = await openPage(browser, { scale: 1 });
  await again.goto(`${again.url()}${hash}`);
  await again.waitForFunction(() => document.documentElement.dataset.reader === 'ready');
  const restored = await outcomeOf(again, () => dropFile(again, salesPath));
  assertPie(restored, { labels, values: sums[0] });
  assert.equal(await again.locator('[data-testid=filter-column]').inputValue(), '2');
  await again.close();
});

test('a filter that keeps no row, and a sheet of text alone, each end in an event', async () => {
  const { page } = await openPage(browser, { scale: 1 });
  await outcomeOf(page, () => dropFile(page, salesPath));
  await set(page, 'filter-column', { label: 'amount' });
  const none = await outcomeOf(page, async () => {
    await page.locator('[data-testid=filter-min]').fill('1000000');
    await page.locator('[data-testid=filter-min]').dispatchEvent('change');
  });
  assert.equal(none.name, 'sheetplot:error');
  assert.match(none.detail.message, /^Cannot draw this: no row matches the filter\./);

  // Only text: the rows are counted per repeated value.
  const text = 'team,role\nRed,lead\nBlue,dev\nRed,dev\nRed,qa\nBlue,dev\n';
  const counted = await outcomeOf(page, () => dropFile(page, null, { name: 'teams.csv', bytes: Buffer.from(text) }));
  assert.equal(counted.name, 'sheetplot:rendered', JSON.stringify(counted.detail));
  assert.equal(counted.detail.kind, 'bar');
  assert.deepEqual(counted.detail.series, ['Rows']);
  assert.equal(counted.detail.points_drawn, 2, 'a bar for Red (3 rows) and one for Blue (2)');
  assert.equal(await page.locator('[data-testid=aggregate]').inputValue(), 'count');
  await page.close();
});
