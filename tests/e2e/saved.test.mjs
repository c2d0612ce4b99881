// End-to-end: a workbook's own charts, read from its DrawingML and drawn
// live by sheetplot — listed beside the sheets, each with its own kinds,
// colours and titles, zoomable and exportable; a chart whose data sheet is
// gone drawn from its cache. Run through scripts/test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { artifacts, baseUrl, dropFile, launch, openPage, outcomeOf, repo, screenshot } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const charts = join(repo, 'data', 'charts.xlsx');
const fixture = (name) => join(repo, 'tests', 'fixtures', 'charts', name);
const labels = [
  'Chart: Revenue and margin 2024, on Summary',
  'Chart: Units by product, on Summary',
  'Chart: Height vs weight, on Summary',
];

async function exported(page, testid, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid=${testid}]`).click()]);
  const path = join(artifacts, `saved-${name}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return path;
}

/** Pixels of `png` in `hex`, drawn solid or as a tint over white (bars
 * are filled translucent): each channel the same share of the way from
 * white to the colour, at least a third of the way. */
function pixels(png, hex) {
  const colour = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const shares = colour.map((c, k) => (255 - png.data[i + k]) / (255 - c));
    if (shares[0] > 0.33 && shares.every((a) => Math.abs(a - shares[0]) < 0.03)) n++;
  }
  return n;
}

async function boxZoom(page, detail) {
  const box = await page.locator('[data-testid=chart]').boundingBox();
  const { plot } = detail;
  const y = box.y + plot.top + plot.height / 2;
  return outcomeOf(page, async () => {
    await page.mouse.move(box.x + plot.left + plot.width * 0.25, y);
    await page.mouse.down();
    await page.mouse.move(box.x + plot.left + plot.width * 0.6, y, { steps: 4 });
    await page.mouse.up();
  });
}

test('a workbook opens on its first chart, lists all three, and each is its own, zoomable and exportable', async () => {
  const { page, log } = await openPage(browser);
  const combo = await outcomeOf(page, () => dropFile(page, charts));
  assert.equal(combo.name, 'sheetplot:rendered', JSON.stringify(combo.detail));
  const picker = page.locator('[data-testid=sheet-select]');
  assert.deepEqual(await picker.locator('option[data-chart]').allTextContents(), labels);
  assert.equal(await picker.locator('option:checked').textContent(), labels[0], 'opens on the first chart');
  assert.equal(await picker.locator('optgroup').count(), 2, 'sheets and charts in groups of their own');

  // Columns of revenue on the left, a line of margin on the right, bound to the cells.
  const { detail } = combo;
  assert.equal(detail.saved_chart, labels[0]);
  assert.equal(detail.sheet, 'Monthly');
  assert.equal(detail.rows, 12);
  assert.equal(detail.from_cache, undefined, 'drawn from the cells');
  assert.deepEqual(detail.series, ['Revenue (k€)', 'Margin (%) (right)']);
  assert.equal(detail.x_ticks.length, 12);
  assert.ok(detail.y2_ticks.length === detail.y_ticks.length, 'a right axis aligned with the left');
  assert.equal(await page.locator('[data-testid=title-input]').inputValue(), 'Revenue and margin 2024');
  await screenshot(page, 'saved-combo');
  // Its own colours: the workbook's blue columns and red line, not the palette's.
  const png = PNG.sync.read(readFileSync(await exported(page, 'export-png', 'combo')));
  assert.ok(pixels(png, '#1f77b4') > 20_000, 'the blue columns');
  assert.ok(pixels(png, '#d62728') > 500, 'the red margin line');
  const svg = readFileSync(await exported(page, 'export-svg', 'combo'), 'utf8');
  for (const text of ['Revenue and margin 2024', 'Revenue (k€)', 'Margin (%)']) assert.ok(svg.includes(text), text);
  const zoomed = await boxZoom(page, detail);
  assert.ok(zoomed.detail.x_range[1] - zoomed.detail.x_range[0] < detail.x_range[1] - detail.x_range[0], 'zooms');

  const pie = await outcomeOf(page, () => picker.selectOption({ label: labels[1] }));
  assert.equal(pie.detail.kind, 'pie');
  assert.equal(pie.detail.sheet, 'Share');
  assert.equal(pie.detail.saved_chart, labels[1]);
  await screenshot(page, 'saved-pie');
  const pieSvg = readFileSync(await exported(page, 'export-svg', 'pie'), 'utf8');
  assert.ok(pieSvg.includes('Units by product'));

  const scatter = await outcomeOf(page, () => picker.selectOption({ label: labels[2] }));
  assert.equal(scatter.detail.kind, 'scatter');
  assert.equal(scatter.detail.rows, 60);
  await screenshot(page, 'saved-scatter');
  const dots = PNG.sync.read(readFileSync(await exported(page, 'export-png', 'scatter')));
  assert.ok(pixels(dots, '#2ca02c') > 1_000, 'the workbook\'s green markers');
  const closer = await boxZoom(page, scatter.detail);
  assert.ok(closer.detail.x_range[0] > scatter.detail.x_range[0], 'the scatter zooms');

  // A sheet of the workbook is a sheet again.
  const sheet = await outcomeOf(page, () => picker.selectOption({ label: 'Monthly' }));
  assert.equal(sheet.detail.saved_chart, undefined);
  // Reloading with the URL opens the chart the URL names.
  await outcomeOf(page, () => picker.selectOption({ label: labels[1] }));
  assert.match(await page.evaluate(() => location.hash), /&chart=2/);
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.reader === 'ready');
  const again = await outcomeOf(page, () => dropFile(page, charts));
  assert.equal(again.detail.saved_chart, labels[1]);
  assert.deepEqual(log.requests.filter((u) => !u.startsWith(baseUrl)), []);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('a chart whose data sheet is gone draws from its cache and says so; a dark export of it is dark', async () => {
  const { page, log } = await openPage(browser);
  const cached = await outcomeOf(page, () => dropFile(page, fixture('missing-data-sheet.xlsx')));
  assert.equal(cached.name, 'sheetplot:rendered', JSON.stringify(cached.detail));
  assert.equal(cached.detail.from_cache, true);
  assert.deepEqual(cached.detail.x_ticks, ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun']);
  const notes = await page.locator('[data-testid=notes]').textContent();
  assert.match(notes, /Drawn from the values saved in the chart: its data sheet “Data” is not in this workbook/);
  await outcomeOf(page, () => page.locator('[data-testid=theme]').click());
  await screenshot(page, 'saved-cache-dark');
  const png = PNG.sync.read(readFileSync(await exported(page, 'export-png', 'cache-dark')));
  let dark = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] + png.data[i + 1] + png.data[i + 2] < 150) dark++;
  assert.ok(dark / (png.width * png.height) > 0.5, 'a dark PNG');
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('chart bombs are left out with a note and the sheets still open', async () => {
  const { page, log } = await openPage(browser);
  for (const name of ['bomb-nesting.xlsx', 'huge-range.xlsx', 'bomb-ptcount.xlsx']) {
    const started = Date.now();
    const outcome = await outcomeOf(page, () => dropFile(page, fixture(name)));
    assert.ok(Date.now() - started < 10_000, `${name} within seconds`);
    assert.ok(['sheetplot:rendered', 'sheetplot:error'].includes(outcome.name));
    const notes = await page.locator('[data-testid=notes]').textContent();
    const banner = await page.locator('[data-testid=error]').isVisible();
    assert.ok(!banner, `${name}: the file itself opened`);
    assert.match(`${notes} ${outcome.detail.message ?? ''}`, /left out|more cells than a sheet may hold|cannot be drawn/, `${name}: ${notes}`);
  }
  assert.deepEqual(log.errors, []);
  await page.close();
});
