// End-to-end: a big CSV is read by two workers at once (cut near its
// middle, the parts joined) and by one (`?threads=1`), and both give the
// same columns: every column's checksum (`?checksums`) is compared, and the
// numeric ones against the test's own parse. A cut that falls in a quoted
// field is not trusted; cancel stops both workers. A workbook's sheets are
// read apart (the reader the first half, the helper the rest) and give the
// same sheets as one worker, on the corpus; a one-sheet workbook's rows
// are read apart (the reader those above a cut, the helper the rest) and
// give the sheet one worker reads. Run through scripts/test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, corpus, launch, openPage, outcomeOf, recordProgress, repo, sample } from './harness.mjs';
import { numberChecksum, textChecksum } from './expect.mjs';

let browser;
/** 200,000 rows, about 19 MB: over the 16 MB a second worker reads from. */
const file = join(artifacts, 'threads-200000.csv');
/** The same rows around a 2 MB quoted field that holds the file's middle. */
const quoted = join(artifacts, 'threads-quoted-middle.csv');
/** The rows four times over, about 76 MB: long enough to cancel mid-read. */
const long = join(artifacts, 'threads-long.csv');
/** Two sheets of 150,000 rows (about 14 MB): read apart by default. */
const twoSheets = join(artifacts, 'threads-two-sheets.xlsx');
/** One sheet of 300,000 rows (about 14 MB): its rows read apart by default. */
const oneSheet = join(artifacts, 'threads-one-sheet.xlsx');
const steps = [];
const levels = [];
const waves = [];

function row(i) {
  const when = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().slice(0, 19);
  const site = i < 100_000 ? `site ${i % 7} of the northern network` : `late site ${i % 11} of the southern network`;
  const note = i % 1000 === 0 ? '"a note, with a comma\nand a line break"' : `note number ${i % 3}`;
  return `${i},${levels[i]},${waves[i]},${when},${site},${note}\n`;
}

before(async () => {
  for (let i = 0; i < 200_000; i++) {
    steps.push(i);
    levels.push(Number((Math.sin(i / 300) * 1000).toFixed(4)));
    waves.push(Number((Math.cos(i / 77) * 1e6).toFixed(3)));
  }
  const header = 'step,level,wave,when,site,note\n';
  const rows = steps.map(row);
  writeFileSync(file, header + rows.join(''));
  // Lines that read as records if the file were cut among them.
  const lines = [];
  for (let n = 0; lines.length * 20 < 2 << 20; n++) lines.push(`more, ${n}, ${n + 1}, text`);
  const field = `"${lines.join('\n')}"`;
  writeFileSync(long, header + rows.join('').repeat(4));
  const half = rows.length / 2;
  writeFileSync(quoted, header + rows.slice(0, half).join('') + `-1,0,2024-01-01T00:00:00,quoted,${field}\n` + rows.slice(half).join(''));
  execFileSync(join(repo, 'scripts', 'make-bench-workbook'), ['150000', twoSheets, '2']);
  execFileSync(join(repo, 'scripts', 'make-bench-workbook'), ['300000', oneSheet]);
  browser = await launch();
});
after(async () => { await browser?.close(); });

/** Opens `path` in a page with `query`: its outcome and the notes shown. */
async function read(path, query) {
  const { page, log } = await openPage(browser, { scale: 1, query });
  const outcome = await outcomeOf(page, () => page.setInputFiles('[data-testid=file-input]', path));
  assert.equal(outcome.name, 'sheetplot:rendered', JSON.stringify(outcome.detail));
  assert.deepEqual(log.errors, []);
  await page.close();
  return outcome.detail;
}

test('two workers and one read a big CSV into the same columns', async (t) => {
  const two = await read(file, '?checksums&threads=2');
  const one = await read(file, '?checksums&threads=1');
  t.diagnostic(`read in ${Math.round(two.parse_ms)} ms by two workers, ${Math.round(one.parse_ms)} ms by one`);
  assert.equal(two.threads, 2, 'read by two workers');
  assert.equal(one.threads, 1, 'read by one');
  for (const d of [two, one]) assert.equal(d.rows, 200_000);
  assert.equal(two.checksums.length, 6, JSON.stringify(two.checksums));
  assert.deepEqual(two.checksums, one.checksums, 'every column the same');
  // The numeric columns are the file's, as the test reads them.
  assert.equal(two.checksums[0], numberChecksum(steps), 'step');
  assert.equal(two.checksums[1], numberChecksum(levels), 'level');
  assert.equal(two.checksums[2], numberChecksum(waves), 'wave');
  // Without ?threads the page uses two where the machine has two cores.
  const unasked = await read(file, '?checksums');
  assert.equal(unasked.threads, 2);
  assert.deepEqual(unasked.checksums, two.checksums);
});

test('a column of over two million values reaches the page whole, in runs of a million', async () => {
  // Over two of the reader's runs (2^20 values a message): each column's
  // values are sent ahead in runs and put back together by the page.
  const rows = 2_200_001;
  const halves = [];
  const kinds = [];
  const lines = ['half,kind\n'];
  for (let i = 0; i < rows; i++) {
    halves.push(i * 0.5);
    kinds.push(`k${i % 5}`);
    lines.push(`${i * 0.5},k${i % 5}\n`);
  }
  const path = join(artifacts, 'threads-runs.csv');
  writeFileSync(path, lines.join(''));
  const expected = [numberChecksum(halves), textChecksum(kinds)];
  for (const query of ['?checksums', '?checksums&threads=1']) {
    const detail = await read(path, query);
    assert.equal(detail.rows, rows, query);
    assert.deepEqual(detail.checksums, expected, query);
  }
  // Typed again (no header row: the names become the first row), the
  // sheet's columns come back in runs too.
  const { page, log } = await openPage(browser, { scale: 1, query: '?checksums' });
  const first = await outcomeOf(page, () => page.setInputFiles('[data-testid=file-input]', path));
  assert.deepEqual(first.detail.checksums, expected);
  const retyped = await outcomeOf(page, () => page.selectOption('[data-testid=header-row]', 'none'));
  assert.equal(retyped.name, 'sheetplot:rendered', JSON.stringify(retyped.detail));
  assert.equal(retyped.detail.rows, rows + 1);
  assert.deepEqual(retyped.detail.checksums, [numberChecksum([NaN, ...halves]), textChecksum(['kind', ...kinds])]);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('a cut that falls in a quoted field is not trusted: one worker reads on', async () => {
  const asked = await read(quoted, '?checksums&threads=2');
  const one = await read(quoted, '?checksums&threads=1');
  assert.equal(asked.threads, 1, 'the first worker read past the cut alone');
  assert.equal(asked.rows, 200_001);
  assert.deepEqual(asked.checksums, one.checksums);
  assert.notDeepEqual(asked.checksums, (await read(file, '?checksums&threads=1')).checksums);
});

test('cancel stops both workers at once, and the next file opens', async () => {
  await cancelDuringRead(long);
});

/** Opens `path` with two workers, presses Cancel once its progress shows:
 * the reader and its helper both close, nothing was drawn, and the next
 * file opens on fresh workers. */
async function cancelDuringRead(path) {
  const { page } = await openPage(browser, { scale: 1, query: '?threads=2' });
  const closed = new Set();
  const watch = (w) => w.on('close', () => closed.add(w));
  page.workers().forEach(watch);
  page.on('worker', watch);
  // The reader starts its helper ahead, for the next big file.
  await waitFor(() => page.workers().length === 2, 'the reader and its helper');
  const reading = [...page.workers()];
  const progressSeen = await recordProgress(page);
  await page.setInputFiles('[data-testid=file-input]', path);
  await page.waitForFunction(() => window.__progress.some((v) => v > 0), null, { timeout: 10_000 });
  const cancelled = page.evaluate(() => new Promise((r) => addEventListener('sheetplot:cancelled', (e) => r(e.detail), { once: true })));
  await page.locator('[data-testid=cancel]').click();
  assert.deepEqual(await cancelled, { file: path.split('/').pop() });
  const shown = await page.evaluate(() => window.__events.map((e) => e.detail.file));
  assert.deepEqual(shown, [], 'cancelled before it was drawn');
  assert.ok((await progressSeen()).length > 0);
  await waitFor(() => reading.every((w) => closed.has(w)), () => {
    const open = reading.filter((w) => !closed.has(w)).length;
    return `the reader and its helper stopped (${open} of ${reading.length} still open; workers now: ${page.workers().length})`;
  });
  const next = await outcomeOf(page, () => page.setInputFiles('[data-testid=file-input]', sample('weather.xlsx')));
  assert.equal(next.name, 'sheetplot:rendered');
  assert.equal(next.detail.file, 'weather.xlsx');
  assert.ok(page.workers().every((w) => !reading.includes(w)), 'no worker from before is left');
  await page.close();
}

async function waitFor(condition, what, ms = 10_000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) assert.fail(`timed out: ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every sheet of `path` read with `query`: each sheet's outcome (its
 * columns' checksums, or why it shows no chart), and how many workers read
 * the file. */
async function everySheet(path, query) {
  const { page, log } = await openPage(browser, { scale: 1, query });
  const first = await outcomeOf(page, () => page.setInputFiles('[data-testid=file-input]', path));
  const seen = (o) => ({ event: o.name, rows: o.detail?.rows, checksums: o.detail?.checksums ?? o.detail?.message });
  const outcomes = [first];
  const values = await page.locator('[data-testid=sheet-select] option:not([data-chart])').evaluateAll((os) => os.map((o) => o.value));
  // The charts the workbook saved, as the sheet picker lists them.
  const charts = await page.locator('[data-testid=sheet-select] option[data-chart]').allTextContents();
  for (const value of values.slice(1)) {
    outcomes.push(await outcomeOf(page, () => page.locator('[data-testid=sheet-select]').selectOption(value)));
  }
  assert.deepEqual(log.errors, []);
  await page.close();
  // A drawn chart says how many workers read its file (a sheet without
  // one says nothing).
  const threads = outcomes.map((o) => o.detail?.threads).filter((n) => n !== undefined);
  assert.ok(threads.every((n) => n === threads[0]), `${path}: ${threads}`);
  return { threads: threads[0], sheets: outcomes.map(seen), charts };
}

test('a workbook\'s sheets read apart by two workers are the sheets one reads', async (t) => {
  const files = [
    sample('charts.xlsx'),
    ...['any_sheets.xlsx', 'issue127.xlsx', 'issues.xlsx', 'pivots.xlsx', 'table-multiple.xlsx', 'any_sheets.xlsb', 'issues.xlsb']
      .map((name) => join(corpus, 'files', 'calamine', name)),
  ];
  let apart = 0;
  for (const path of files) {
    // ?apart_min=0: these small files are read apart too (a real one from 1 MB).
    const two = await everySheet(path, '?checksums&threads=2&apart_min=0');
    const one = await everySheet(path, '?checksums&threads=1');
    t.diagnostic(`${path.split('/').pop()}: ${one.sheets.length} sheets`);
    assert.ok(one.sheets.length >= 2, `${path}: several sheets`);
    assert.deepEqual(two.sheets, one.sheets, `${path}: every sheet the same`);
    assert.deepEqual(two.charts, one.charts, `${path}: the same saved charts`);
    if (path.endsWith('charts.xlsx')) assert.ok(two.charts.length >= 2, `saved charts: ${two.charts}`);
    if (one.threads === undefined) continue;
    assert.equal(two.threads, 2, `${path} read apart`);
    assert.equal(one.threads, 1, `${path} read by one`);
    apart += 1;
  }
  assert.ok(apart >= 6, `${apart} files said how many workers read them`);
  // Below the size a workbook is read apart from, one worker reads it.
  const small = await everySheet(sample('charts.xlsx'), '?checksums&threads=2');
  assert.equal(small.threads, 1);
});

/**
 * Reads `path` with `query` (as two workers read it) and with
 * `?threads=1`: every sheet the same, read by two workers and by one.
 */
async function apartAndAlone(path, query) {
  const two = await everySheet(path, `?checksums${query}`);
  const one = await everySheet(path, '?checksums&threads=1');
  assert.equal(two.threads, 2, `${path}: read apart`);
  assert.equal(one.threads, 1, `${path}: read by one`);
  assert.deepEqual(two.sheets, one.sheets, `${path}: every sheet the same`);
  return two;
}

test('a big one-sheet workbook\'s rows are read apart by default into the sheet one worker reads', async () => {
  // Over 2 MB: its rows read apart.
  const two = await apartAndAlone(oneSheet, '');
  assert.equal(two.sheets.length, 1);
  assert.equal(two.sheets[0].rows, 300_000);
  // Below 2 MB a sheet's rows are read by one worker.
  assert.equal((await everySheet(sample('weather.xlsx'), '?checksums')).threads, 1);
  // A sample of 500 rows or more (731), cut too with ?apart_min=0, and one
  // too short to share.
  await apartAndAlone(sample('weather.xlsx'), '&apart_min=0');
  const regions = await everySheet(sample('regions.xlsx'), '?checksums&apart_min=0');
  assert.equal(regions.threads, 1, 'a short sheet is read by one worker');
});

test('a big workbook of two sheets is read apart by default, and cancel stops both workers', async () => {
  // Over 1 MB: read apart.
  const two = await apartAndAlone(twoSheets, '');
  assert.equal(two.sheets.length, 2);
  for (const sheet of two.sheets) assert.equal(sheet.rows, 150_000);

  await cancelDuringRead(twoSheets);
});
