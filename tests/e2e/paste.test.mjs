// End-to-end: data that arrives as text — a range pasted from a spreadsheet
// (a synthetic ClipboardEvent, and the Paste data button through the async
// clipboard API), or a table selection dropped on the page. Run through
// scripts/test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, dropFile, launch, openPage, outcomeOf, repo, screenshot } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'];
const sales = [1200, 1350, 980, 1710, 1640, 1905];
const costs = [800, 905, 760, 1020, 990, 1110];
// What Excel puts on the clipboard as text: tab-separated rows.
const tsv = ['month\tsales\tcosts', ...months.map((m, i) => `${m}\t${sales[i]}\t${costs[i]}`)].join('\r\n');
// And as HTML: a table (Google Sheets wraps it in its own element).
const html = `<meta charset="utf-8"><google-sheets-html-origin><style type="text/css">td{border:1px solid #ccc}</style>
<table xmlns="http://www.w3.org/1999/xhtml" cellspacing="0" cellpadding="0" dir="ltr" border="1"><colgroup><col width="100"><col width="100"><col width="100"></colgroup>
<tbody><tr><td>month</td><td>sales</td><td>costs</td></tr>
${months.map((m, i) => `<tr><td>${m}</td><td style="text-align:right">$${sales[i].toLocaleString('en-US')}</td><td>${costs[i]}</td></tr>`).join('\n')}
</tbody></table></google-sheets-html-origin>`;

/** Pastes `data` (by MIME type) on the page as Ctrl-V would. */
async function paste(page, data) {
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    for (const [type, text] of Object.entries(data)) transfer.setData(type, text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, data);
}

function assertPasted(outcome) {
  assert.equal(outcome.name, 'sheetplot:rendered', JSON.stringify(outcome.detail));
  assert.equal(outcome.detail.file, 'pasted data');
  assert.equal(outcome.detail.rows, months.length);
  assert.equal(outcome.detail.kind, 'bar', 'text with numbers: bars by month');
  assert.deepEqual(outcome.detail.series, ['sales', 'costs']);
  assert.deepEqual(outcome.detail.x_ticks, months);
}

test('a range pasted as tab-separated text draws a chart', async () => {
  const { page, log } = await openPage(browser);
  assertPasted(await outcomeOf(page, () => paste(page, { 'text/plain': tsv })));
  await screenshot(page, 'paste-tsv');
  assert.deepEqual(log.requests.filter((u) => !u.startsWith(baseUrl)), []);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('a range pasted as an HTML table draws a chart, its $1,200 read as numbers', async () => {
  const { page, log } = await openPage(browser);
  // The HTML is preferred to the text beside it.
  assertPasted(await outcomeOf(page, () => paste(page, { 'text/html': html, 'text/plain': 'not the table' })));
  assert.equal(await page.locator('[data-testid=preview] thead th').nth(2).locator('.type').textContent(), 'number');
  // Pasting into a text field is typing, not data.
  const before = await page.evaluate(() => window.__events.length);
  await page.locator('[data-testid=title-input]').focus();
  await page.evaluate((tsv) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', tsv);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, tsv);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__events.length), before);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('the Paste data button reads the clipboard, and a dropped selection reads too', async () => {
  const { page, log } = await openPage(browser, {
    beforeLoad: (p) => p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl).origin }),
  });
  await page.bringToFront();
  await page.evaluate(async (html) => {
    await navigator.clipboard.write([new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }) })]);
  }, html);
  assertPasted(await outcomeOf(page, () => page.locator('[data-testid=paste]').click()));

  const dropped = await outcomeOf(page, () => page.evaluate((tsv) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', tsv);
    const zone = document.querySelector('[data-testid=drop-zone]');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }
  }, tsv));
  assertPasted(dropped);
  // Chromium sanitises HTML that crosses the async clipboard by parsing it
  // in the page, whose CSP (style-src 'self') refuses the copied table's
  // inline styles and says so on the console: the browser's, not the page's.
  const own = log.errors.filter((e) => !e.startsWith('Applying inline style violates'));
  assert.deepEqual(own, []);
  await page.close();
});

test('an "Excel" export that is an HTML table, and a SpreadsheetML .xls, draw; a page without a table says so', async () => {
  const { page, log } = await openPage(browser);
  const exported = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
<table border="1"><thead><tr><th>month</th><th>sales</th><th>costs</th></tr></thead><tbody>
${months.map((m, i) => `<tr><td>${m}</td><td x:num="${sales[i]}">${sales[i].toLocaleString('en-US')}</td><td>${costs[i]}</td></tr>`).join('\n')}
</tbody></table></body></html>`;
  const html = await outcomeOf(page, () => dropFile(page, null, { name: 'report.xls', bytes: Buffer.from(exported) }));
  assert.equal(html.detail.file, 'report.xls');
  assert.equal(html.detail.rows, months.length);
  assert.deepEqual(html.detail.series, ['sales', 'costs']);

  const xml = await outcomeOf(page, () => dropFile(page, `${repo}/tests/fixtures/formats/spreadsheetml-2003.xls`));
  assert.equal(xml.name, 'sheetplot:rendered', JSON.stringify(xml.detail));

  const prose = '<!DOCTYPE html><html><body><h1>Quarterly notes</h1><p>No numbers here.</p></body></html>';
  const refused = await outcomeOf(page, () => dropFile(page, null, { name: 'notes.html', bytes: Buffer.from(prose) }));
  assert.equal(refused.name, 'sheetplot:error');
  assert.match(refused.detail.message, /no table found/);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('a CSV of values as people write them types $1,200, 12 %, (123) and 31/12/2024', async () => {
  const { page } = await openPage(browser);
  const csv = 'price,share,balance,day\n'
    + '"$1,200",12 %,(123),31/12/2024\n'
    + '"$950",7.5 %,45,15/11/2024\n'
    + '"$1,010.50",30 %,(8),02/01/2025\n';
  const outcome = await outcomeOf(page, () => dropFile(page, null, { name: 'written.csv', bytes: Buffer.from(csv) }));
  assert.equal(outcome.name, 'sheetplot:rendered', JSON.stringify(outcome.detail));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=preview] tbody tr').length === 3);
  const types = await page.locator('[data-testid=preview] thead .type').allTextContents();
  assert.deepEqual(types, ['number', 'number', 'number', 'date']);
  const first = await page.locator('[data-testid=preview] tbody tr').first().locator('td').allTextContents();
  assert.deepEqual(first.slice(-4), ['1,200', '12%', '-123', '2024-12-31']);
  await page.close();
});

test('a 50 MB paste shows its progress and can be cancelled; the page goes on', async () => {
  const { page } = await openPage(browser);
  await page.evaluate(() => { window.__cancelled = []; addEventListener('sheetplot:cancelled', (e) => window.__cancelled.push(e.detail.file)); });
  await page.evaluate(() => {
    const row = '2024-01-01\t1234.5\t678.25\t42\t17\n';
    const text = 'day\ta\tb\tc\td\n' + row.repeat(Math.ceil(50e6 / row.length));
    const transfer = new DataTransfer();
    transfer.setData('text/plain', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  });
  await page.locator('[data-testid=progress-panel]').waitFor({ state: 'visible' });
  assert.match(await page.locator('[data-testid=progress-label]').textContent(), /pasted data|Reading|MB/);
  await page.locator('[data-testid=cancel]').click();
  await page.waitForFunction(() => window.__cancelled.length === 1);
  assert.deepEqual(await page.evaluate(() => window.__cancelled), ['pasted data']);
  assert.equal(await page.locator('[data-testid=progress-panel]').isVisible(), false);
  const after = await outcomeOf(page, () => paste(page, { 'text/plain': tsv }));
  assertPasted(after);
  await page.close();
});
