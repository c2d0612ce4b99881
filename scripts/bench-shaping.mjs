// Shaping on a million rows, in headless Chromium against a served bundle:
// drop → the plain line chart, then aggregate + month bucket + split into
// series, then changes of aggregate and split; each timed from the control's
// change to the chart's sheetplot:rendered, with the long main-thread tasks
// (over 50 ms) seen meanwhile. Prints a table; not a test.
//
//   node scripts/bench-shaping.mjs URL FILE.csv      (see scripts/bench-shaping)
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(join(process.cwd(), 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');
const [url, file] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
  window.__events = [];
  for (const name of ['sheetplot:rendered', 'sheetplot:error']) {
    addEventListener(name, (e) => window.__events.push({ name, at: performance.now(), detail: e.detail }));
  }
});
await page.goto(url);
await page.waitForFunction(() => document.documentElement.dataset.reader === 'ready');

async function timed(label, action) {
  const { n, t0 } = await page.evaluate(() => ({ n: window.__events.length, t0: performance.now() }));
  await action();
  await page.waitForFunction((n) => window.__events.length > n, n, { timeout: 120_000 });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
  const { event, long } = await page.evaluate(({ n, t0 }) => ({
    event: window.__events[n],
    long: window.__long.filter((e) => e.start >= t0).map((e) => Math.round(e.duration)),
  }), { n, t0 });
  const ms = event.at - t0;
  const d = event.detail;
  console.log(`| ${label} | ${ms.toFixed(0)} | ${d.render_ms?.toFixed(1) ?? '-'} | ${d.series?.length ?? '-'} / ${d.points_drawn ?? '-'} | ${long.length ? long.join(', ') : 'none'} | ${event.name === 'sheetplot:rendered' ? '' : d.message} |`);
  return ms;
}
const select = (id, value) => () => page.locator(`[data-testid=${id}]`).selectOption(value);

console.log('| step | ms to chart | render ms | series / points | main-thread tasks > 50 ms | |');
console.log('|---|---:|---:|---:|---|---|');
const plain = await timed('drop → plain line (amount over time)', () => page.setInputFiles('[data-testid=file-input]', file));
await timed('aggregate sum (auto bucket)', select('aggregate', 'sum'));
await timed('bucket: month', select('bucket', 'month'));
const split = await timed('split by region (12 + Other)', select('split-by', { label: 'region' }));
await timed('aggregate: mean', select('aggregate', 'mean'));
await timed('aggregate: median', select('aggregate', 'median'));
await timed('split by product', select('split-by', { label: 'product' }));
await timed('bars of it', select('chart-type', 'bar'));
await timed('back to a line', async () => {
  await page.locator('[data-testid=chart-type]').selectOption('line');
});
await timed('sum again', select('aggregate', 'sum'));
await timed('by region again', select('split-by', { label: 'region' }));
// The same file dropped on a fresh page whose URL holds the shaping: drop →
// the monthly line per region, against drop → the plain line above.
const hash = await page.evaluate(() => location.hash);
await page.goto(`${url}${hash}`);
await page.reload();
await page.waitForFunction(() => document.documentElement.dataset.reader === 'ready');
await page.evaluate(() => { window.__events = []; window.__long = []; });
const shaped = await timed('drop → monthly line per region (from the URL)', () => page.setInputFiles('[data-testid=file-input]', file));
console.log(`\ndrop → shaped chart / drop → plain line: ${(shaped / plain).toFixed(2)} × (${shaped.toFixed(0)} / ${plain.toFixed(0)} ms)`);
await browser.close();
