// End-to-end: choosing, exploring and exporting charts. Run through scripts/test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, baseUrl, canvasInk, dropFile, launch, openPage, outcomeOf, repo, screenshot, sample } from './harness.mjs';
import { assertBars, assertBoxes, assertHistogram, assertPie, assertSeries, parseCsv, readXlsx, serialToSeconds, table } from './expect.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const csv = (name, text) => ({ name, bytes: Buffer.from(text) });

/** The canvas position (page CSS pixels) of data point (x, y) of a linear plot. */
async function pagePoint(page, detail, x, y) {
  const box = await page.locator('[data-testid=chart]').boundingBox();
  const { plot, x_range: [x0, x1], y_range: [y0, y1] } = detail;
  return {
    x: box.x + plot.left + ((x - x0) / (x1 - x0)) * plot.width,
    y: box.y + plot.top + (1 - (y - y0) / (y1 - y0)) * plot.height,
  };
}

async function choose(page, kind) {
  return outcomeOf(page, () => page.locator('[data-testid=chart-type]').selectOption(kind));
}

// The sample workbooks, read here (not by the page) to check its charts.
const weather = table(readXlsx(sample('weather.xlsx'))[0].grid);
const days = weather.columns.date.map(serialToSeconds);
const temperatures = (...names) => Object.fromEntries(names.map((n) => [n, weather.columns[n]]));
const stations = ['Oslo (°C)', 'Lisbon (°C)', 'Nairobi (°C)'];
const regions = table(readXlsx(sample('regions.xlsx'))[0].grid, 2);
const money = (...names) => Object.fromEntries(names.map((n) => [n, regions.columns[n]]));

/** The percentages a pie labels its slices with. */
const percent = (share) => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;

async function svgTexts(page) {
  const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-svg]').click()]);
  const path = join(artifacts, `check-${svg.suggestedFilename()}`);
  await svg.saveAs(path);
  return page.evaluate((t) => [...new DOMParser().parseFromString(t, 'image/svg+xml').querySelectorAll('text')]
    .map((n) => n.textContent.trim()), readFileSync(path, 'utf8'));
}

test('every chart type can be chosen and draws the data of the file', async () => {
  const { page, log } = await openPage(browser);
  const all = { x: days, ys: temperatures(...stations), scale: 2 };
  const first = await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  // Dates and numbers default to a line of every station.
  assertSeries(first, { kind: 'line', ...all });
  for (const kind of ['scatter', 'area', 'box']) {
    const drawn = await choose(page, kind);
    if (kind === 'box') assertBoxes(drawn, all);
    else assertSeries(drawn, { kind, ...all });
    const ink = await canvasInk(page);
    assert.ok(ink.colour > 0.003, `${kind} is drawn in colour (${ink.colour})`);
    await screenshot(page, `chart-${kind}`);
  }
  // A histogram bins the first chosen column: automatic 1-2-5 bins, then a chosen count.
  const oslo = { name: 'Oslo (°C)', values: weather.columns['Oslo (°C)'] };
  const { histogram } = assertHistogram(await choose(page, 'histogram'), oslo);
  assert.equal(histogram.edges[1] - histogram.edges[0], 5, 'weather in Oslo: 5 °C bins');
  await screenshot(page, 'chart-histogram');
  const ten = await outcomeOf(page, () => page.locator('[data-testid=bins]').fill('10'));
  assertHistogram(ten, { ...oslo, bins: 10 });
  // Back to a line: of the one column the histogram kept, then of two chosen.
  assertSeries(await choose(page, 'line'), { kind: 'line', x: days, ys: temperatures('Oslo (°C)'), scale: 2 });
  const two = await outcomeOf(page, () => page.locator('[data-testid=y-select]').selectOption(['2', '3']));
  assertSeries(two, { kind: 'line', x: days, ys: temperatures('Lisbon (°C)', 'Nairobi (°C)'), scale: 2 });
  await screenshot(page, 'chart-line');

  // Categories and numbers default to bars; Margin (%) is too small to share their axis.
  const bars = await outcomeOf(page, () => dropFile(page, sample('regions.xlsx')));
  assertBars(bars, { labels: regions.columns.Region, ys: money('Revenue (k€)', 'Cost (k€)') });
  assert.equal(bars.detail.points_drawn, 16, '8 regions × 2 series');
  await screenshot(page, 'chart-bar');
  const pie = assertPie(await choose(page, 'pie'), { labels: regions.columns.Region, values: regions.columns['Revenue (k€)'] });
  assert.deepEqual(pie.detail.series.slice(0, 2), ['DACH', 'UK & Ireland'], 'largest slices first');
  // The event names the slices; the export (same chart model) shows their values.
  const texts = await svgTexts(page);
  assert.ok(texts.includes('Revenue (k€) · total 18,725'), `the pie is of Revenue: ${texts}`);
  for (const s of pie.slices) assert.ok(texts.includes(percent(s.value / pie.total)), `${s.label} is ${percent(s.value / pie.total)}: ${texts}`);
  await screenshot(page, 'chart-pie');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await log.violations(), []);
  await page.close();
});

test('the chart checks fail on a wrong chart', async () => {
  // The checks above, handed real charts that are not the one expected.
  const { page } = await openPage(browser);
  const all = { kind: 'line', x: days, ys: temperatures(...stations), scale: 2 };
  const line = await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  assertSeries(line, all);
  const lisbon = await outcomeOf(page, () => page.locator('[data-testid=y-select]').selectOption(['2']));
  assert.throws(() => assertSeries(lisbon, all), /the series are the chosen columns/, 'one column instead of three');
  // Named right but of other data: Lisbon's axis does not reach Oslo's winters.
  const renamed = { ...lisbon, detail: { ...lisbon.detail, series: ['Oslo (°C)'] } };
  assert.throws(() => assertSeries(renamed, { ...all, ys: temperatures('Oslo (°C)') }), /y: the axis/);
  assert.throws(() => assertSeries({ ...line, detail: { ...line.detail, points_drawn: 730 } }, all), /points drawn/, 'one series drawn of three');
  assert.throws(() => assertSeries({ ...line, detail: { ...line.detail, points_drawn: 0 } }, all), /something was drawn/, 'an empty chart');
  assert.throws(() => assertSeries({ ...line, detail: { ...line.detail, y_range: [-1000, 1000] } }, all), /fill/, 'an axis far too wide');
  const scatter = await choose(page, 'scatter');
  assert.throws(() => assertSeries(scatter, { ...all, ys: temperatures('Lisbon (°C)') }), /the chart kind/, 'a scatter is not a line');
  await outcomeOf(page, () => page.locator('[data-testid=y-select]').selectOption(['3']));
  const nairobi = await choose(page, 'histogram');
  const oslo = { name: 'Oslo (°C)', values: weather.columns['Oslo (°C)'] };
  assert.throws(() => assertHistogram(nairobi, oslo), /one column is binned/);
  assert.throws(() => assertHistogram({ ...nairobi, detail: { ...nairobi.detail, series: ['Oslo (°C)'] } }, oslo), /x spans the bins/, 'the bins of other data');
  const bars = await outcomeOf(page, () => dropFile(page, sample('regions.xlsx')));
  const expected = { labels: regions.columns.Region, ys: money('Revenue (k€)', 'Cost (k€)') };
  assertBars(bars, expected);
  assert.throws(() => assertSeries(bars, all), /the chart kind/, 'bars are not a line');
  const cost = await outcomeOf(page, () => page.locator('[data-testid=y-select]').selectOption(['2']));
  assert.throws(() => assertBars(cost, expected), /the series are the chosen columns/);
  assert.throws(() => assertBars({ ...cost, detail: { ...cost.detail, series: ['Revenue (k€)'] } }, { ...expected, ys: money('Revenue (k€)') }), /values: the axis/, 'the bars of Cost named Revenue');
  assert.throws(() => assertBars(cost, { ...expected, labels: regions.columns.Region.slice(1), ys: money('Cost (k€)') }), /one bar per category/, 'a category too many');
  const pie = await choose(page, 'pie');
  assert.throws(() => assertPie(pie, { labels: regions.columns.Region, values: [...regions.columns['Cost (k€)'].slice(0, 7), 5000] }), /the slices, largest first/);
  await page.close();
});

test('defaults follow the column types', async () => {
  const { page } = await openPage(browser);
  const heights = 'height\n' + Array.from({ length: 200 }, (_, i) => (160 + 25 * Math.sin(i * 1.3) + (i % 7)).toFixed(1)).join('\n') + '\n';
  const alone = await outcomeOf(page, () => dropFile(page, null, csv('heights.csv', heights)));
  assert.equal(alone.detail.kind, 'histogram', 'one numeric column alone: a histogram');
  assertHistogram(alone, { name: 'height', values: parseCsv(heights).columns.height });
  await screenshot(page, 'default-histogram');
  const pairs = 'weight,height\n' + Array.from({ length: 60 }, (_, i) => `${(60 + ((i * 37) % 41)).toFixed(1)},${(150 + ((i * 53) % 47)).toFixed(1)}`).join('\n') + '\n';
  const scatter = await outcomeOf(page, () => dropFile(page, null, csv('people.csv', pairs)));
  assert.equal(scatter.detail.kind, 'scatter', 'unordered numeric x: a scatter');
  const people = parseCsv(pairs).columns;
  assertSeries(scatter, { kind: 'scatter', x: people.weight, ys: { height: people.height }, scale: 2 });
  await page.close();
});

test('hovering shows the nearest point, with dates as dates', async () => {
  const { page } = await openPage(browser);
  const data = 'day,level\n2024-01-01,10\n2024-01-02,25.5\n2024-01-03,12\n2024-01-04,18\n';
  const drawn = await outcomeOf(page, () => dropFile(page, null, csv('levels.csv', data)));
  const day = Date.UTC(2024, 0, 2) / 1000;
  const at = await pagePoint(page, drawn.detail, day, 25.5);
  await page.mouse.move(at.x + 6, at.y - 4);
  const tooltip = page.locator('[data-testid=tooltip]');
  await tooltip.waitFor({ state: 'visible' });
  const text = await tooltip.textContent();
  assert.match(text, /level/);
  assert.match(text, /25\.5/);
  assert.match(text, /2024-01-02/);
  await screenshot(page, 'hover-tooltip');
  await page.mouse.move(at.x, at.y + 300);
  await tooltip.waitFor({ state: 'hidden' });
  await page.close();
});

test('wheel, box and keyboard zoom change the x range; pan moves it; reset restores it', async () => {
  const { page } = await openPage(browser);
  const first = await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  const [x0, x1] = first.detail.x_range;
  const box = await page.locator('[data-testid=chart]').boundingBox();
  const { plot } = first.detail;
  const middle = { x: box.x + plot.left + plot.width / 2, y: box.y + plot.top + plot.height / 2 };

  await page.mouse.move(middle.x, middle.y);
  const wheeled = await outcomeOf(page, () => page.mouse.wheel(0, -400));
  const [w0, w1] = wheeled.detail.x_range;
  assert.ok(w0 > x0 && w1 < x1, `wheel zooms in: ${[w0, w1]} within ${[x0, x1]}`);
  assert.notDeepEqual(wheeled.detail.x_ticks, first.detail.x_ticks, 'the ticks follow');
  assert.equal(await page.locator('[data-testid=reset-zoom]').isDisabled(), false);
  await screenshot(page, 'zoomed-wheel');

  const reset = await outcomeOf(page, () => page.locator('[data-testid=reset-zoom]').click());
  assert.deepEqual(reset.detail.x_range, [x0, x1], 'reset restores');

  const boxed = await outcomeOf(page, async () => {
    await page.mouse.move(box.x + plot.left + plot.width * 0.25, middle.y);
    await page.mouse.down();
    await page.mouse.move(box.x + plot.left + plot.width * 0.5, middle.y, { steps: 4 });
    await page.mouse.up();
  });
  const [b0, b1] = boxed.detail.x_range;
  const span = x1 - x0;
  assert.ok(Math.abs(b0 - (x0 + span * 0.25)) < span * 0.02 && Math.abs(b1 - (x0 + span * 0.5)) < span * 0.02, `box zoom: ${[b0, b1]}`);

  await page.keyboard.down('Shift');
  const panned = await outcomeOf(page, async () => {
    await page.mouse.move(middle.x, middle.y);
    await page.mouse.down();
    await page.mouse.move(middle.x - 100, middle.y, { steps: 2 });
    await page.mouse.up();
  });
  await page.keyboard.up('Shift');
  const [p0, p1] = panned.detail.x_range;
  assert.ok(p0 > b0 && Math.abs((p1 - p0) - (b1 - b0)) < (b1 - b0) * 1e-6, `shift-drag pans right: ${[p0, p1]}`);

  const doubled = await outcomeOf(page, () => page.mouse.dblclick(middle.x, middle.y));
  assert.deepEqual(doubled.detail.x_range, [x0, x1], 'double-click resets');

  await page.locator('[data-testid=chart-overlay]').focus();
  const keyed = await outcomeOf(page, () => page.keyboard.press('+'));
  assert.ok(keyed.detail.x_range[1] - keyed.detail.x_range[0] < span * 0.7, 'the + key zooms in');
  const right = await outcomeOf(page, () => page.keyboard.press('Shift+ArrowRight'));
  assert.ok(right.detail.x_range[0] > keyed.detail.x_range[0], 'Shift and the right arrow pan');
  const home = await outcomeOf(page, () => page.keyboard.press('0'));
  assert.deepEqual(home.detail.x_range, [x0, x1], 'the 0 key resets');
  await page.close();
});

test('on a touch screen a pinch zooms where the fingers are, a sideways drag pans, a drag down scrolls the page, a tap shows a point', async () => {
  const { page, log } = await openPage(browser, { width: 820, height: 640, scale: 1, touch: true });
  const first = await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  const [x0, x1] = first.detail.x_range;
  const span = x1 - x0;
  const box = await page.locator('[data-testid=chart]').boundingBox();
  const { plot } = first.detail;
  const at = (share) => box.x + plot.left + (plot.width - 1) * share;
  const y = box.y + plot.top + plot.height / 2;
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: points.map(([px, py], id) => ({ x: px, y: py, id })),
  });
  // The hint that shows is the one for this screen's pointer.
  const coarse = await page.evaluate(() => matchMedia('(hover: none) and (pointer: coarse)').matches);
  assert.equal(await page.locator('[data-testid=touch-hint]').isVisible(), coarse);
  assert.equal(await page.locator('[data-testid=zoom-hint]').isVisible(), !coarse);
  /** The chart's x range once it has redrawn to within 1 % of `want`. */
  const settlesAt = async (want, what) => {
    const near = (r) => Math.abs(r[0] - want[0]) < span * 0.01 && Math.abs(r[1] - want[1]) < span * 0.01;
    try {
      await page.waitForFunction(([w, tolerance]) => {
        const r = window.__events.filter((e) => e.name === 'sheetplot:rendered').at(-1).detail.x_range;
        return Math.abs(r[0] - w[0]) < tolerance && Math.abs(r[1] - w[1]) < tolerance;
      }, [want, span * 0.01], { timeout: 5_000 });
    } catch { /* reported below */ }
    const got = await page.evaluate(() => window.__events.filter((e) => e.name === 'sheetplot:rendered').at(-1).detail.x_range);
    assert.ok(near(got), `${what}: ${got} against ${want}`);
    return got;
  };

  // Two fingers at 40 % and 60 % of the plot spread to 20 % and 80 %: the
  // data under each stays under it, so a third of the range shows.
  await touch('touchStart', [[at(0.4), y], [at(0.6), y]]);
  for (const [a, b] of [[0.35, 0.65], [0.3, 0.7], [0.25, 0.75], [0.2, 0.8]]) {
    await touch('touchMove', [[at(a), y], [at(b), y]]);
  }
  await touch('touchEnd', []);
  const [z0, z1] = await settlesAt([x0 + span / 3, x0 + (2 * span) / 3], 'the pinch');
  assert.equal(await page.locator('[data-testid=reset-zoom]').isDisabled(), false);
  await screenshot(page, 'touch-pinched');

  // One finger sideways, right to left by a fifth of the plot: the view
  // moves a fifth of its width later.
  const width = z1 - z0;
  await touch('touchStart', [[at(0.6), y]]);
  for (const share of [0.57, 0.52, 0.46, 0.4]) await touch('touchMove', [[at(share), y]]);
  await touch('touchEnd', []);
  await settlesAt([z0 + width * 0.2, z1 + width * 0.2], 'the sideways drag');

  // A tap on a point shows its value, as hovering does.
  const levels = await outcomeOf(page, () => dropFile(page, null, csv('levels.csv', 'day,level\n2024-01-01,10\n2024-01-02,25.5\n2024-01-03,12\n')));
  const point = await pagePoint(page, levels.detail, Date.UTC(2024, 0, 2) / 1000, 25.5);
  await page.touchscreen.tap(point.x + 4, point.y + 3);
  const tooltip = page.locator('[data-testid=tooltip]');
  await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
  assert.match(await tooltip.textContent(), /25\.5/);

  // One finger down the chart: the page scrolls and the chart stays (last:
  // a tap while the page still flings only stops the fling).
  const still = levels.detail.x_range;
  const drawn = await page.evaluate(() => window.__events.length);
  const scrolled = await page.evaluate(() => scrollY);
  await touch('touchStart', [[at(0.5), y]]);
  for (const dy of [10, 40, 80, 120, 160]) await touch('touchMove', [[at(0.5) + 2, y - dy]]);
  await touch('touchEnd', []);
  await page.waitForFunction((before) => scrollY > before, scrolled, { timeout: 5_000 });
  const since = await page.evaluate((n) => window.__events.slice(n).map((e) => e.detail.x_range), drawn);
  assert.ok(since.every((r) => r[0] === still[0] && r[1] === still[1]), `a scroll leaves the chart: ${JSON.stringify(since)}`);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('PNG and SVG exports show the chart on screen', async () => {
  const { page, log } = await openPage(browser, { width: 1200, height: 800, scale: 1 });
  await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  log.requests.length = 0;
  const [png] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-png]').click()]);
  assert.equal(png.suggestedFilename(), 'weather-readings.png');
  const pngPath = join(artifacts, 'export.png');
  await png.saveAs(pngPath);
  const bytes = readFileSync(pngPath);
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  const css = await page.locator('[data-testid=chart]').boundingBox();
  assert.equal(bytes.readUInt32BE(16), Math.round(css.width * 2), 'twice the screen resolution');
  assert.equal(bytes.readUInt32BE(20), Math.round(css.height * 2));

  const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-svg]').click()]);
  assert.equal(svg.suggestedFilename(), 'weather-readings.svg');
  const svgPath = join(artifacts, 'export.svg');
  await svg.saveAs(svgPath);
  const text = readFileSync(svgPath, 'utf8');
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return { error: doc.querySelector('parsererror')?.textContent ?? null, texts: [...doc.querySelectorAll('text')].map((n) => n.textContent.trim()) };
  }, text);
  assert.equal(parsed.error, null, 'the SVG parses');
  for (const label of ['weather', 'Oslo (°C)', 'Lisbon (°C)', 'Nairobi (°C)', 'Jan 2024', 'date']) {
    assert.ok(parsed.texts.includes(label), `the SVG shows ${label}`);
  }
  assert.deepEqual(log.requests.filter((u) => !u.startsWith('blob:')), [], 'exporting made no request');
  await page.close();
});

test('settings live in the URL hash and come back with the same file', async () => {
  const { page } = await openPage(browser);
  await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  await choose(page, 'scatter');
  await outcomeOf(page, () => page.locator('[data-testid=y-select]').selectOption(['2']));
  await outcomeOf(page, () => page.locator('[data-testid=title-input]').fill('Lisbon by day'));
  const url = page.url();
  assert.match(url, /#file=weather\.xlsx&sheet=readings&kind=scatter/);
  await page.close();

  const again = await browser.newPage();
  await again.addInitScript(() => {
    window.__events = [];
    addEventListener('sheetplot:rendered', (e) => window.__events.push({ name: 'sheetplot:rendered', detail: e.detail }));
  });
  await again.goto(url);
  await again.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent.startsWith('Ready'));
  const back = await outcomeOf(again, () => dropFile(again, sample('weather.xlsx')));
  assert.equal(back.detail.kind, 'scatter');
  assert.deepEqual(back.detail.series, ['Lisbon (°C)']);
  assertSeries(back, { kind: 'scatter', x: days, ys: temperatures('Lisbon (°C)'), scale: 1 });
  assert.equal(await again.locator('[data-testid=title-input]').inputValue(), 'Lisbon by day');
  await again.close();
});

test('a log scale refuses values at or below zero, with a message', async () => {
  const { page } = await openPage(browser);
  await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  const refused = await outcomeOf(page, () => page.locator('[data-testid=log-y]').check());
  assert.equal(refused.name, 'sheetplot:error');
  assert.equal(refused.detail.file, 'weather.xlsx');
  assert.match(refused.detail.message, /^Cannot draw this: a log scale needs values above zero/);
  assert.equal(await page.locator('[data-testid=error]').isVisible(), false, 'the file opened: no banner');
  assert.match(await page.locator('[data-testid=status]').textContent(), /a log scale needs values above zero, and “Oslo \(°C\)” has \d+ values at or below zero/);
  await screenshot(page, 'log-refused');
  // No chart, nothing to export.
  assert.ok(await page.locator('[data-testid=export-png]').isDisabled());
  assert.ok(await page.locator('[data-testid=export-svg]').isDisabled());
  await outcomeOf(page, () => page.locator('[data-testid=y-select]').selectOption(['2', '3']));
  const drawn = await page.evaluate(() => window.__events.at(-1));
  assert.equal(drawn.name, 'sheetplot:rendered', 'positive series draw on a log scale');
  assert.ok(await page.locator('[data-testid=export-png]').isEnabled());
  await page.close();
});

test('long column names stay inside the sidebar, and a phone shows chart, controls, then data', async () => {
  const long = 'Average monthly revenue per active subscriber, adjusted for seasonality (EUR)';
  const csv = `month,${long}\n` + Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}-01,${100 + i}`).join('\n');
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    const { page } = await openPage(browser, { width, height });
    await outcomeOf(page, () => dropFile(page, null, { name: 'long.csv', bytes: Buffer.from(csv) }));
    const box = (id) => page.locator(`[data-testid=${id}]`).boundingBox();
    const side = await page.locator('.side').boundingBox();
    for (const id of ['chart-type', 'x-select', 'y-select', 'title-input']) {
      const b = await box(id);
      assert.ok(b.x + b.width <= side.x + side.width + 0.5, `${id} fits the sidebar at ${width}px (${b.x + b.width} > ${side.x + side.width})`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at ${width}px`);
    if (width < 800) {
      const [chart, controls, preview] = [await box('chart'), await box('controls'), await box('preview')];
      assert.ok(chart.y < controls.y && controls.y < preview.y, `chart ${chart.y}, controls ${controls.y}, data ${preview.y}`);
      await screenshot(page, 'phone-long-names');
    }
    await page.close();
  }
});

test('pie and histogram take one column, and the y list says so', async () => {
  const { page } = await openPage(browser);
  await outcomeOf(page, () => dropFile(page, sample('weather.xlsx')));
  const y = page.locator('[data-testid=y-select]');
  const chosen = () => y.evaluate((s) => [...s.selectedOptions].map((o) => o.textContent));
  assert.deepEqual(await chosen(), ['Oslo (°C)', 'Lisbon (°C)', 'Nairobi (°C)']);
  const histogram = await outcomeOf(page, () => page.locator('[data-testid=chart-type]').selectOption('histogram'));
  assert.equal(histogram.detail.kind, 'histogram');
  assert.deepEqual(await chosen(), ['Oslo (°C)'], 'the list shows the one column drawn');
  assert.equal(await y.evaluate((s) => s.multiple), false);
  assert.equal(await page.locator('[data-testid=y-hint]').isVisible(), false);
  assertHistogram(histogram, { name: 'Oslo (°C)', values: weather.columns['Oslo (°C)'] });
  const other = await outcomeOf(page, () => y.selectOption({ label: 'Nairobi (°C)' }));
  assert.match(other.detail.x_ticks.join(' '), /\d/);
  assertHistogram(other, { name: 'Nairobi (°C)', values: weather.columns['Nairobi (°C)'] });
  assert.deepEqual(await chosen(), ['Nairobi (°C)']);
  const line = await outcomeOf(page, () => page.locator('[data-testid=chart-type]').selectOption('line'));
  assert.deepEqual(line.detail.series, ['Nairobi (°C)']);
  assertSeries(line, { kind: 'line', x: days, ys: temperatures('Nairobi (°C)'), scale: 2 });
  assert.equal(await y.evaluate((s) => s.multiple), true);
  assert.equal(await page.locator('[data-testid=y-hint]').isVisible(), true);
  await page.close();
});
