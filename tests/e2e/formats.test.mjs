// End-to-end: every format a user might drop, the 1904 date system, the
// header row override and the data preview. Run through scripts/test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { canvasInk, corpus, dropFile, launch, openPage, outcomeOf, repo, screenshot } from './harness.mjs';
import { assertBars, assertSeries, readXlsx, table } from './expect.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const fromCorpus = (name) => join(corpus, 'files', name);

async function previewCells(page) {
  return page.locator('[data-testid=preview] tbody td').allTextContents();
}

test('.xls, .xlsb, .ods and .csv files each draw a chart', async () => {
  const { page, log } = await openPage(browser);
  log.requests.length = 0;
  // Each holds two dates and a duration (or, in the .ods, two bare times of
  // day): those have no place on a date axis, are left out, and counted.
  const files = [
    ['calamine/date.xls', 3, /1 cell in “Column A” is not a date and was left out/],
    ['calamine/date.xlsb', 3, /1 cell in “Column A” is not a date and was left out/],
    ['calamine/date.ods', 4, /2 cells in “Column A” are not date-times and were left out/],
  ];
  for (const [file, rows, note] of files) {
    const name = file.split('/').pop();
    const outcome = await outcomeOf(page, () => dropFile(page, fromCorpus(file)));
    assert.equal(outcome.name, 'sheetplot:rendered', `${name}: ${JSON.stringify(outcome.detail)}`);
    assert.equal(outcome.detail.file, name);
    assert.equal(outcome.detail.rows, rows);
    assert.deepEqual(outcome.detail.series, ['Column B']);
    assert.ok(outcome.detail.x_ticks[0].startsWith('1 Jan'), `${name}: ${outcome.detail.x_ticks}`);
    assert.match(await page.locator('[data-testid=notes]').textContent(), note);
    const cells = await previewCells(page);
    assert.ok(cells.some((c) => c.startsWith('2021-01-01')), `${name}: ${cells}`);
    const ink = await canvasInk(page);
    assert.ok(ink.colour > 0.001, `${name} is drawn in colour: ${JSON.stringify(ink)} ${JSON.stringify(outcome.detail)}`);
  }
  await screenshot(page, 'format-ods');

  // A European export: semicolons, decimal commas, a UTF-8 BOM, a quoted field.
  const weeks = Array.from({ length: 48 }, (_, i) => ({
    day: Date.UTC(2024, 0, 1 + 7 * i) / 1000,
    revenue: (12000 + 900 * Math.sin(i / 4) + 40 * i).toFixed(2),
    cost: (8000 + 500 * Math.cos(i / 5)).toFixed(2),
  }));
  const csv = '\uFEFFDatum;Umsatz (€);Kosten (€);Kommentar\n'
    + weeks.map((w, i) => {
      const day = new Date(w.day * 1000).toISOString().slice(0, 10);
      return `${day};${w.revenue.replace('.', ',')};${w.cost.replace('.', ',')};"Woche ${i + 1}; geprüft"`;
    }).join('\n') + '\n';
  const outcome = await outcomeOf(page, () => dropFile(page, null, { name: 'umsatz.csv', bytes: Buffer.from(csv) }));
  assert.equal(outcome.name, 'sheetplot:rendered', JSON.stringify(outcome.detail));
  assert.equal(outcome.detail.rows, 48);
  assert.deepEqual(outcome.detail.series, ['Umsatz (€)', 'Kosten (€)']);
  assertSeries(outcome, {
    kind: 'line', x: weeks.map((w) => w.day), scale: 2,
    ys: { 'Umsatz (€)': weeks.map((w) => Number(w.revenue)), 'Kosten (€)': weeks.map((w) => Number(w.cost)) },
  });
  assert.ok(outcome.detail.x_ticks.some((t) => /2024/.test(t)), String(outcome.detail.x_ticks));
  const cells = await previewCells(page);
  assert.ok(cells.includes('Woche 1; geprüft'), 'the quoted field is one cell');
  assert.ok(cells.includes('12,000'), `decimal commas read as numbers: ${cells.slice(0, 8)}`);
  await screenshot(page, 'format-csv');
  assert.deepEqual(log.requests, []);
  // The .xls, .xlsb and .ods were read by the reader of every format,
  // fetched once they came: its loader, its script and its wasm.
  assert.ok(log.lazy.length > 0, 'the reader of every format was fetched');
  const fetched = new Set(log.lazy.map((url) => url.replace(/-[0-9a-f]{16}/, '')));
  assert.deepEqual([...fetched].sort(), ['worker_all.js', 'worker_all_bg.wasm', 'worker_all_loader.js'].map((f) => new URL(f, log.lazy[0]).href));
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('a workbook in the 1904 date system shows the same dates as the 1900 one', async () => {
  const { page } = await openPage(browser);
  const ticks = {};
  for (const file of ['date.xlsx', 'date_1904.xlsx', 'date_1904.xls', 'date_1904.xlsb']) {
    const outcome = await outcomeOf(page, () => dropFile(page, fromCorpus(`calamine/${file}`)));
    assert.equal(outcome.name, 'sheetplot:rendered', `${file}: ${JSON.stringify(outcome.detail)}`);
    ticks[file] = outcome.detail.x_ticks;
    const cells = await previewCells(page);
    assert.ok(cells.includes('2021-01-01') && cells.includes('2021-01-02'), `${file}: ${cells}`);
  }
  for (const file of Object.keys(ticks)) assert.deepEqual(ticks[file], ticks['date.xlsx'], file);
  await screenshot(page, 'date-1904');
  await page.close();
});

test('the header row can be overridden, and the preview shows types', async () => {
  const { page, log } = await openPage(browser);
  const first = await outcomeOf(page, () => dropFile(page, join(repo, 'data', 'regions.xlsx')));
  assert.equal(first.detail.rows, 8);
  const header = page.locator('[data-testid=header-row]');
  assert.equal(await header.locator('option:checked').textContent(), 'Automatic (Row 3)');
  const types = await page.locator('[data-testid=preview] thead .type').allTextContents();
  assert.deepEqual(types, ['text', 'number', 'number', 'number']);
  assert.match(await page.locator('[data-testid=preview-caption]').textContent(), /First 8 of 8 rows · header in row 3/);

  const none = await outcomeOf(page, () => header.selectOption('none'));
  assert.equal(none.name, 'sheetplot:rendered', JSON.stringify(none.detail));
  assert.equal(none.detail.rows, 11, 'every row is data now');
  const names = await page.locator('[data-testid=preview] thead .name').allTextContents();
  assert.deepEqual(names, ['Column A', 'Column B', 'Column C', 'Column D']);
  assert.match(await page.locator('[data-testid=notes]').textContent(), /1 cell in “Column B” is not a number/);

  const again = await outcomeOf(page, () => header.selectOption({ label: 'Row 3' }));
  assert.equal(again.detail.rows, 8);
  // Margin (%) is under a twentieth of the sums beside it: a click away, not drawn flat on zero.
  assert.deepEqual(again.detail.series, ['Revenue (k€)', 'Cost (k€)']);
  const regions = table(readXlsx(join(repo, 'data', 'regions.xlsx'))[0].grid, 2).columns;
  assertBars(again, { labels: regions.Region, ys: { 'Revenue (k€)': regions['Revenue (k€)'], 'Cost (k€)': regions['Cost (k€)'] } });
  await screenshot(page, 'header-row-3');
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('a workbook\'s text shows as text, never as markup, in the preview and the pickers', async () => {
  const { page, log } = await openPage(browser);
  const names = ['Name <i>x</i>', 'Value "net" & co'];
  const labels = ['<img src=x onerror="window.__injected=1">', 'a & b < c', "it's \"quoted\"", '</td></tr><b>out</b>'];
  const quote = (t) => `"${t.replaceAll('"', '""')}"`;
  const csv = `${names.map(quote).join(',')}\n${labels.map((l, i) => `${quote(l)},${i + 1}`).join('\n')}\n`;
  const outcome = await outcomeOf(page, () => dropFile(page, null, { name: 'markup.csv', bytes: Buffer.from(csv) }));
  assert.equal(outcome.name, 'sheetplot:rendered', JSON.stringify(outcome.detail));
  assert.deepEqual(await page.locator('[data-testid=preview] thead .name').allTextContents(), names);
  assert.deepEqual(await previewCells(page), labels.flatMap((l, i) => [l, String(i + 1)]));
  assert.equal(await page.locator('[data-testid=preview] img, [data-testid=preview] i, [data-testid=preview] b').count(), 0);
  const options = (testid) => page.locator(`[data-testid=${testid}] option`).allTextContents();
  assert.deepEqual(await options('x-select'), ['Row number', `${names[0]} (text)`, `${names[1]} (number)`]);
  assert.deepEqual(await options('split-by'), ['None', names[0]]);
  await page.locator('[data-testid=filter-column]').selectOption({ label: names[0] });
  await page.waitForFunction(() => document.querySelector('[data-testid=filter-values]').options.length > 0);
  const values = await page.locator('[data-testid=filter-values] option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  assert.deepEqual(values, labels.map((l) => [l, l]));
  assert.equal(await page.evaluate(() => window.__injected), undefined);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('resource bombs, legacy and damaged files each get their own message', async () => {
  const { page, log } = await openPage(browser);
  const cases = [
    ['calamine/issue252.xlsx', /claims far more data than it holds/],
    ['calamine/issue_594_dos.ods', /claims far more data than it holds/],
    ['calamine/pass_protected.ods', /password-protected/],
    ['calamine/pass_protected.xlsb', /password-protected/],
    ['calamine/issue_385.xls', /password-protected/],
    ['xlrd/biff4_no_format_no_window2.xls', /Excel 2\.x–4\.0 worksheet/],
    ['calamine/too_small.xls', /not a spreadsheet/],
  ];
  for (const [file, says] of cases) {
    const outcome = await outcomeOf(page, () => dropFile(page, fromCorpus(file)));
    assert.equal(outcome.name, 'sheetplot:error', `${file}: ${JSON.stringify(outcome.detail)}`);
    assert.match(outcome.detail.message, says, file);
  }
  const good = await outcomeOf(page, () => dropFile(page, join(repo, 'data', 'weather.xlsx')));
  assert.equal(good.name, 'sheetplot:rendered');
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('dates that read either way are offered in the other order, and read again in it', async () => {
  const { page } = await openPage(browser);
  const text = 'day,reading\n03/04/2024,1\n05/06/2024,2\n07/08/2024,3\n';
  const first = await outcomeOf(page, () => dropFile(page, null, { name: 'either-way.csv', bytes: Buffer.from(text) }));
  assert.equal(first.name, 'sheetplot:rendered', JSON.stringify(first.detail));
  const utc = (y, m, d) => Date.UTC(y, m - 1, d) / 1000;
  // No day over 12: "/" reads month first, and the page offers the other order.
  assert.ok(first.detail.x_range[0] <= utc(2024, 3, 4) && first.detail.x_range[1] >= utc(2024, 7, 8), JSON.stringify(first.detail.x_range));
  assert.ok(first.detail.x_range[1] < utc(2024, 8, 7), 'read month first');
  await page.locator('[data-testid=date-order-field]').waitFor({ state: 'visible' });
  const again = await outcomeOf(page, () => page.locator('[data-testid=date-order]').selectOption('day-first'));
  assert.equal(again.name, 'sheetplot:rendered', JSON.stringify(again.detail));
  assert.ok(again.detail.x_range[0] <= utc(2024, 4, 3) && again.detail.x_range[1] >= utc(2024, 8, 7), JSON.stringify(again.detail.x_range));
  assert.ok(again.detail.x_range[0] > utc(2024, 3, 10), 'read day first');
  assert.equal(await page.locator('[data-testid=date-order]').inputValue(), 'day-first');
  await page.close();
});
