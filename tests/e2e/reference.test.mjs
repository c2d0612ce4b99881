// End-to-end: charts look as they did. The chart canvas of a few stable
// charts (fixed viewport, device pixel ratio 1) is compared, pixel by
// pixel, with a reference PNG committed in tests/e2e/reference/. Run
// through scripts/test.
//
// A missing reference fails; SHEETPLOT_UPDATE_REFERENCES=1 writes the
// missing or differing ones instead (look at every one before committing).
// On a failure the capture and a diff image land in tests/e2e/artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { artifacts, dropFile, launch, openPage, outcomeOf, repo, sample } from './harness.mjs';
import { assertBars, assertPie, assertSeries, readXlsx, serialToSeconds, table } from './expect.mjs';

const references = join(dirname(fileURLToPath(import.meta.url)), 'reference');
const update = process.env.SHEETPLOT_UPDATE_REFERENCES === '1';
const viewport = { width: 1280, height: 800, scale: 1 };

// Two pixels differ when their colours are further apart than THRESHOLD
// (pixelmatch's YIQ distance, 0–1), not counting pixels it finds to be
// antialiasing; a chart matches when at most TOLERANCE of its pixels
// differ. Text and curve edges may move by a shade between runs or font
// hinting versions; a chart of other data, columns or kind moves whole
// lines, bars and labels and differs in far more (see the last test).
const THRESHOLD = 0.1;
const TOLERANCE = 0.002;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const weather = table(readXlsx(sample('weather.xlsx'))[0].grid);
const regions = table(readXlsx(sample('regions.xlsx'))[0].grid, 2);

const decode = (bytes) => PNG.sync.read(bytes);

/** The chart canvas as drawn (its backing store), as a decoded PNG. */
async function capture(page) {
  // Nothing over the chart: no pointer, no focus ring, no tooltip.
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.activeElement?.blur());
  await page.locator('[data-testid=tooltip]').waitFor({ state: 'hidden' });
  // The canvas' own pixels, not a screenshot of the page: where the layout
  // puts the canvas (a fractional CSS pixel down, after a toolbar change)
  // makes the compositor resample it, which moved 0.9% of a line chart's
  // pixels without a change in what sheetplot drew.
  const url = await page.locator('[data-testid=chart]').evaluate((canvas) => canvas.toDataURL('image/png'));
  return decode(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
}

/** How many pixels of `actual` differ from `expected` (sizes must match). */
function difference(actual, expected, diffPath) {
  assert.equal(`${actual.width}×${actual.height}`, `${expected.width}×${expected.height}`, 'the chart has the size of its reference');
  const diff = new PNG({ width: actual.width, height: actual.height });
  const pixels = pixelmatch(actual.data, expected.data, diff.data, actual.width, actual.height, { threshold: THRESHOLD });
  if (diffPath) writeFileSync(diffPath, PNG.sync.write(diff));
  return pixels / (actual.width * actual.height);
}

/** Compares `actual` with reference `name`, or writes it when updating. */
function assertLooksLike(actual, name) {
  const path = join(references, `${name}.png`);
  if (!existsSync(path) || update) {
    if (!update) assert.fail(`no reference ${path}: run with SHEETPLOT_UPDATE_REFERENCES=1, look at it, and commit it`);
    const same = existsSync(path) && (() => {
      try { return difference(actual, decode(readFileSync(path))) <= TOLERANCE; } catch { return false; }
    })();
    if (!same) {
      mkdirSync(references, { recursive: true });
      writeFileSync(path, PNG.sync.write(actual));
    }
    return;
  }
  const share = difference(actual, decode(readFileSync(path)), join(artifacts, `reference-${name}-diff.png`));
  writeFileSync(join(artifacts, `reference-${name}-actual.png`), PNG.sync.write(actual));
  assert.ok(share <= TOLERANCE, `${name}: ${(share * 100).toFixed(3)}% of the pixels differ from ${path} (at most ${TOLERANCE * 100}%); see artifacts/reference-${name}-diff.png`);
  return share;
}

/** The three reference charts, each checked against its data as well. */
async function charts(page) {
  const line = await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  assertSeries(line, {
    kind: 'line', x: weather.columns.date.map(serialToSeconds), scale: 1,
    ys: Object.fromEntries(['Oslo (°C)', 'Lisbon (°C)', 'Nairobi (°C)'].map((n) => [n, weather.columns[n]])),
  });
  const weatherLine = await capture(page);
  const bars = await outcomeOf(page, () => dropFile(page, sample('regions.xlsx')));
  assertBars(bars, { labels: regions.columns.Region, ys: { 'Revenue (k€)': regions.columns['Revenue (k€)'], 'Cost (k€)': regions.columns['Cost (k€)'] } });
  const regionsBar = await capture(page);
  const pie = await outcomeOf(page, () => page.locator('[data-testid=chart-type]').selectOption('pie'));
  assertPie(pie, { labels: regions.columns.Region, values: regions.columns['Revenue (k€)'] });
  const regionsPie = await capture(page);
  return { 'weather-line': weatherLine, 'regions-bar': regionsBar, 'regions-pie': regionsPie };
}

test('the line, bar and pie charts look like their references', async (t) => {
  const { page, log } = await openPage(browser, viewport);
  for (const [name, png] of Object.entries(await charts(page))) {
    const share = assertLooksLike(png, name);
    if (share !== undefined) t.diagnostic(`${name}: ${(share * 100).toFixed(3)}% of ${png.width}×${png.height} pixels differ`);
  }
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('the comparison fails on a wrong chart', async (t) => {
  const { page } = await openPage(browser, viewport);
  const line = decode(readFileSync(join(references, 'weather-line.png')));
  const bar = decode(readFileSync(join(references, 'regions-bar.png')));
  // Another kind: the bars of regions.xlsx against the line of weather.xlsx.
  const kinds = difference(bar, line);
  // The same file and kind, other columns: the line of Lisbon alone.
  await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  await outcomeOf(page, () => page.locator('[data-testid=y-select]').selectOption(['2']));
  const lisbon = difference(await capture(page), line, join(artifacts, 'reference-wrong-lisbon-diff.png'));
  // The same chart, other data: Oslo's readings a degree warmer.
  const warmer = 'date,Oslo (°C),Lisbon (°C),Nairobi (°C)\n' + weather.columns.date.map((d, i) => {
    const day = new Date(serialToSeconds(d) * 1000).toISOString().slice(0, 10);
    return [day, (weather.columns['Oslo (°C)'][i] + 1).toFixed(1), weather.columns['Lisbon (°C)'][i], weather.columns['Nairobi (°C)'][i]].join(',');
  }).join('\n') + '\n';
  await outcomeOf(page, () => dropFile(page, null, { name: 'weather.xlsx', bytes: Buffer.from(warmer) }));
  const shifted = difference(await capture(page), line, join(artifacts, 'reference-wrong-warmer-diff.png'));
  // A pie of the other column: Cost's slices come in the same order as Revenue's.
  await outcomeOf(page, () => dropFile(page, sample('regions.xlsx')));
  await outcomeOf(page, () => page.locator('[data-testid=y-select]').selectOption(['2']));
  await outcomeOf(page, () => page.locator('[data-testid=chart-type]').selectOption('pie'));
  const cost = difference(await capture(page), decode(readFileSync(join(references, 'regions-pie.png'))), join(artifacts, 'reference-wrong-cost-pie-diff.png'));
  const shown = (x) => `${(x * 100).toFixed(2)}%`;
  t.diagnostic(`differing pixels: bar vs line ${shown(kinds)}, Lisbon alone ${shown(lisbon)}, Oslo +1 °C ${shown(shifted)}, pie of Cost ${shown(cost)}; tolerance ${shown(TOLERANCE)}`);
  assert.ok(kinds > TOLERANCE, `a bar chart is told from the line (${shown(kinds)})`);
  assert.ok(lisbon > TOLERANCE, `one column of three is told from three (${shown(lisbon)})`);
  assert.ok(shifted > TOLERANCE, `a series a degree off is told (${shown(shifted)})`);
  assert.ok(cost > TOLERANCE, `a pie of Cost is told from one of Revenue (${shown(cost)})`);
  await page.close();
});
