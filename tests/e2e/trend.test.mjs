// End-to-end: trend overlays (issue 9). Run through scripts/test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, dropFile, launch, openPage, outcomeOf, repo, screenshot } from './harness.mjs';
import { readXlsx, serialToSeconds, table } from './expect.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const sample = (name) => join(repo, 'data', name);
const weather = table(readXlsx(sample('weather.xlsx'))[0].grid);
const days = weather.columns.date.map(serialToSeconds);
const stations = ['Oslo (°C)', 'Lisbon (°C)', 'Nairobi (°C)'];

/** The least-squares line and R² of ys against days since the first date. */
function linear(ys) {
  const points = ys.map((y, i) => [(days[i] - days[0]) / 86_400, y]).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxx = 0; let sxy = 0; let syy = 0;
  for (const [x, y] of points) { sxx += (x - mx) ** 2; sxy += (x - mx) * (y - my); syy += (y - my) ** 2; }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: (sxy * sxy) / (sxx * syy) };
}

/** A number as the page writes it: 4 significant digits, a real minus,
 * ×10ⁿ for the very small and large. */
function shown(text) {
  const [mantissa, power] = text.replace(/−/g, '-').split('×10');
  if (power === undefined) return Number(mantissa);
  const exponent = [...power].map((c) => (c === '⁻' ? '-' : '⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(c))).join('');
  return Number(mantissa) * 10 ** Number(exponent);
}
const NUMBER = '−?[\\d.]+(?:×10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?';

async function exportedSvg(page) {
  const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-svg]').click()]);
  const path = join(artifacts, `trend-${svg.suggestedFilename()}`);
  await svg.saveAs(path);
  return readFileSync(path, 'utf8');
}

test('a linear trend per series: its equation and R² on the screen, in the tooltip, the URL and the SVG', async () => {
  const { page, log } = await openPage(browser);
  await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  const trend = page.locator('[data-testid=trend]');
  assert.ok(await trend.isVisible(), 'a line takes a trend');
  assert.equal(await trend.inputValue(), 'none');
  const drawn = await outcomeOf(page, () => trend.selectOption('linear'));
  assert.equal(drawn.name, 'sheetplot:rendered', JSON.stringify(drawn.detail));
  const { detail } = drawn;
  assert.deepEqual(detail.series, stations, 'the series are still the columns');
  assert.equal(detail.trends.length, 3);
  // Each equation is the least-squares line of the file's readings, in days.
  stations.forEach((name, n) => {
    const label = detail.trends[n];
    const match = label.match(new RegExp(`^linear: y = (${NUMBER})x ([+−]) ([\\d.]+), R² = (${NUMBER})$`));
    assert.ok(match, `${name}: ${label}`);
    const expected = linear(weather.columns[name]);
    const slope = shown(match[1]);
    const intercept = (match[2] === '−' ? -1 : 1) * Number(match[3]);
    assert.ok(Math.abs(slope - expected.slope) <= Math.abs(expected.slope) * 1e-3, `${name}: slope ${slope} vs ${expected.slope}`);
    assert.ok(Math.abs(intercept - expected.intercept) <= Math.abs(expected.intercept) * 1e-3 + 1e-9, `${name}: ${intercept} vs ${expected.intercept}`);
    assert.ok(Math.abs(shown(match[4]) - expected.r2) <= expected.r2 * 1e-3 + 5e-5, `${name}: R² ${match[4]} vs ${expected.r2}`);
  });
  assert.match(page.url(), /&trend=linear/);
  await screenshot(page, 'trend-linear');

  // The tooltip of a point names its series' trend.
  const box = await page.locator('[data-testid=chart]').boundingBox();
  const { plot, x_range: [x0, x1], y_range: [y0, y1] } = detail;
  const lisbon = weather.columns['Lisbon (°C)'];
  const day = Math.floor(lisbon.length / 2);
  const x = box.x + plot.left + ((days[day] - x0) / (x1 - x0)) * plot.width;
  const y = box.y + plot.top + (1 - (lisbon[day] - y0) / (y1 - y0)) * plot.height;
  await page.mouse.move(x, y);
  const tooltip = page.locator('[data-testid=tooltip]');
  await tooltip.waitFor({ state: 'visible' });
  const tip = await tooltip.textContent();
  assert.ok(tip.includes('Trend · linear: y = '), tip);
  assert.ok(tip.includes('R² = '), tip);

  const svg = await exportedSvg(page);
  assert.ok(svg.includes('R² = '), 'the SVG shows R²');
  for (const label of detail.trends) assert.ok(svg.includes(label), `the SVG's legend shows ${label}`);
  assert.ok(svg.includes('x: days since 2023-01-01'));
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('a moving average takes its window; kinds without trends hide the control; the URL brings it back', async () => {
  const { page } = await openPage(browser);
  await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  const window = page.locator('[data-testid=trend-window]');
  assert.equal(await window.isVisible(), false);
  const seven = await outcomeOf(page, () => page.locator('[data-testid=trend]').selectOption('moving-average:7'));
  assert.deepEqual(seven.detail.trends, Array(3).fill('moving average of 7'));
  assert.ok(await window.isVisible());
  assert.equal(await window.inputValue(), '7');
  const fourteen = await outcomeOf(page, () => window.fill('14').then(() => window.dispatchEvent('change')));
  assert.deepEqual(fourteen.detail.trends, Array(3).fill('moving average of 14'));
  assert.equal(await page.locator('[data-testid=trend]').inputValue(), 'moving-average:14');
  assert.match(page.url(), /&trend=moving-average:14/);
  await screenshot(page, 'trend-moving-average');
  const area = await outcomeOf(page, () => page.locator('[data-testid=chart-type]').selectOption('area'));
  assert.equal(area.detail.trends, undefined, 'a stacked area takes no trend');
  assert.equal(await page.locator('[data-testid=trend-field]').isVisible(), false);
  const url = page.url();
  await page.close();

  const again = await browser.newPage();
  await again.addInitScript(() => {
    window.__events = [];
    addEventListener('sheetplot:rendered', (e) => window.__events.push({ name: 'sheetplot:rendered', detail: e.detail }));
  });
  assert.doesNotMatch(url, /trend=/, 'no trend in the URL of an area chart');
  await again.goto(`${url.replace('kind=area', 'kind=scatter')}&trend=polynomial:3`);
  await again.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent.startsWith('Ready'));
  const back = await outcomeOf(again, () => dropFile(again, sample('weather.xlsx')));
  assert.equal(back.detail.kind, 'scatter');
  assert.ok(back.detail.trends.every((t) => t.startsWith('polynomial (degree 3): y = ')), back.detail.trends.join(' | '));
  assert.equal(await again.locator('[data-testid=trend]').inputValue(), 'polynomial:3');
  await again.close();
});

test('an exponential trend of values at or below zero is refused with a message', async () => {
  const { page } = await openPage(browser);
  await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  const refused = await outcomeOf(page, () => page.locator('[data-testid=trend]').selectOption('exponential'));
  assert.equal(refused.name, 'sheetplot:error');
  assert.equal(refused.detail.file, 'weather.xlsx');
  assert.match(refused.detail.message, /^Cannot draw this: an exponential trend needs positive values, and “Oslo \(°C\)” has values at or below zero\.$/);
  assert.equal(await page.locator('[data-testid=error]').isVisible(), false, 'the file opened: no banner');
  assert.ok(await page.locator('[data-testid=export-svg]').isDisabled());
  // Without Oslo the other stations are above zero: the trend draws.
  const drawn = await outcomeOf(page, () => page.locator('[data-testid=y-select]').selectOption(['2', '3']));
  assert.equal(drawn.name, 'sheetplot:rendered');
  assert.ok(drawn.detail.trends.every((t) => /^exponential: y = .*e\^\(.*x\), R² = /.test(t)), drawn.detail.trends.join(' | '));
  await page.close();
});
