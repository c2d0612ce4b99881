// The browser half of scripts/bench: fresh headless Chromiums per file
// (the best of BENCH_RUNS, 3 by default), measuring what a user feels. Arguments: URL, DIST_DIR, then one JSON line
// per file from examples/bench_read (the native read of the same file).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { launch, median } from './chromium.mjs';

const [url, dist, ...natives] = process.argv.slice(2);

/** Peak resident memory (VmHWM) of the browser's renderer processes, in MB. */
async function rendererPeakMb(browser) {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = await session.send('SystemInfo.getProcessInfo');
  let peak = 0;
  for (const p of processInfo.filter((p) => p.type === 'renderer')) {
    try {
      const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024);
    } catch { /* the process has gone */ }
  }
  return peak;
}

async function measure(nativeLine) {
  const native = JSON.parse(nativeLine);
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(() => {
    window.__tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // When the worker's answer arrives, the progress bar goes away.
    addEventListener('DOMContentLoaded', () => {
      const panel = document.querySelector('[data-testid=progress-panel]');
      new MutationObserver(() => { if (panel.hidden && window.__chosen) window.__answered ??= performance.now(); })
        .observe(panel, { attributes: true });
    });
    window.__rendered = [];
    addEventListener('sheetplot:rendered', (e) => window.__rendered.push({ at: performance.now(), detail: e.detail }));
    addEventListener('change', (e) => { if (e.target?.dataset?.testid === 'file-input') window.__chosen = performance.now(); }, true);
  });
  // BENCH_QUERY='?threads=1' measures the one-worker path.
  await page.goto(url + (process.env.BENCH_QUERY || ''));
  // Drop once the reader has loaded: this measures reading, not loading.
  await page.waitForFunction(() => document.documentElement.dataset.reader === 'ready');
  await page.evaluate(() => { window.__tasks = []; });
  await page.setInputFiles('[data-testid=file-input]', native.file);
  await page.waitForFunction(() => window.__rendered.length > 0, null, { timeout: 600_000 });
  const first = await page.evaluate(() => {
    const longest = (tasks) => tasks.reduce((m, t) => Math.max(m, t.duration), 0);
    const answered = window.__answered ?? Infinity;
    return {
      chosen: window.__chosen,
      ...window.__rendered[0],
      duringParse: longest(window.__tasks.filter((t) => t.start < answered)),
      afterParse: longest(window.__tasks.filter((t) => t.start >= answered)),
    };
  });

  // Every number column on the chart (the default leaves out the small
  // ones), so zoom and pan draw all four series of a million points.
  const shown = await page.evaluate(() => window.__rendered.length);
  await page.locator('[data-testid=y-select]').evaluate((select) => {
    const x = document.querySelector('[data-testid=x-select]').value;
    for (const option of select.options) option.selected = option.value !== x;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.waitForFunction((n) => window.__rendered.length > n, shown);
  const series = await page.evaluate(() => window.__rendered.at(-1).detail.series.length);

  // Zoom (wheel) and pan (arrow keys): input → redrawn, per frame.
  const box = await page.locator('[data-testid=chart]').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const frames = { zoom: [], pan: [] };
  for (const [kind, act] of [['zoom', () => page.mouse.wheel(0, -200)], ['pan', () => page.keyboard.press('Shift+ArrowRight')]]) {
    if (kind === 'pan') await page.locator('[data-testid=chart-overlay]').focus();
    for (let i = 0; i < 8; i++) {
      const before = await page.evaluate(() => window.__rendered.length);
      const started = await page.evaluate(() => performance.now());
      await act();
      await page.waitForFunction((n) => window.__rendered.length > n, before);
      const done = await page.evaluate(() => window.__rendered.at(-1));
      frames[kind].push({ wall: done.at - started, render: done.detail.render_ms, points: done.detail.points_drawn });
    }
  }
  const peak = await rendererPeakMb(browser);
  await browser.close();
  return {
    rows: native.rows,
    mb: native.bytes / 1e6,
    wall: first.at - first.chosen,
    parse: first.detail.parse_ms,
    threads: first.detail.threads,
    render: first.detail.render_ms,
    points: first.detail.points_drawn,
    firstSeries: first.detail.series.length,
    series,
    duringParse: first.duringParse,
    afterParse: first.afterParse,
    zoom: median(frames.zoom.map((f) => f.render)),
    zoomMax: Math.max(...frames.zoom.map((f) => f.render)),
    pan: median(frames.pan.map((f) => f.render)),
    panMax: Math.max(...frames.pan.map((f) => f.render)),
    peak,
    native: native.calamine_ms,
    file: native.file,
    nativeSheetplot: native.sheetplot_ms,
    nativeSplit: native.split_ms,
  };
}

/** One cold load in a fresh browser, from navigation start: when the page
 * was interactive (painted, and taking files: the later of its first
 * contentful paint and early.js's handlers), when its app (the wasm) and its
 * reader were ready, and the bytes that came over the wire before it was
 * interactive. */
async function coldLoad() {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('sheetplot:reader-ready').length > 0
    && performance.getEntriesByName('first-contentful-paint').length > 0);
  const load = await page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0].startTime;
    const paint = at('first-contentful-paint');
    const interactive = Math.max(paint, at('sheetplot:interactive'));
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    const before = entries.filter((e) => e.responseEnd <= interactive);
    return {
      interactive,
      handlers: at('sheetplot:interactive'),
      paint,
      app: at('sheetplot:app-ready'),
      reader: at('sheetplot:reader-ready'),
      wire: before.reduce((sum, e) => sum + e.encodedBodySize, 0),
      files: before.map((e) => e.name.split('/').pop() || 'index.html'),
    };
  });
  await browser.close();
  return load;
}

// Sizes as nginx sends them: the .gz the build wrote beside each file
// (gzip_static in nginx.conf), else compressed as nginx.conf does on the fly.
const gz = (f) => (existsSync(join(dist, `${f}.gz`))
  ? statSync(join(dist, `${f}.gz`)).size
  : gzipSync(readFileSync(join(dist, f)), { level: 6 }).length);
const files = readdirSync(dist).filter((f) => /\.(js|wasm|css|html)$/.test(f));
// The page's reader (fetched once the page runs) and the reader of every
// format (fetched only when an .xls, .xlsb, .ods or other such file arrives).
const isEveryFormatReader = (f) => f.startsWith('worker_all');
const isReader = (f) => f.startsWith('worker') && !isEveryFormatReader(f);
const sum = (fs) => fs.reduce((total, f) => total + gz(f), 0);
const kb = (bytes) => (bytes / 1024).toFixed(0);

const loads = [];
for (let i = 0; i < 7; i++) loads.push(await coldLoad());
// Each file in BENCH_RUNS fresh browsers (3; the gigabyte CSV once), the
// best drop → chart kept, as examples/bench_read keeps calamine's best of 3;
// the peak memory is the highest of the runs.
const runsOf = (line) => (JSON.parse(line).bytes > 200e6 ? 1 : Number(process.env.BENCH_RUNS || 3));
const results = [];
for (const line of natives) {
  const runs = [];
  for (let i = 0; i < runsOf(line); i++) runs.push(await measure(line));
  const best = runs.reduce((a, b) => (b.wall < a.wall ? b : a));
  results.push({ ...best, peak: Math.max(...runs.map((r) => r.peak)), walls: runs.map((r) => r.wall) });
}
const f0 = (n) => n.toFixed(0);
const range = (xs) => `${f0(median(xs))} ms (median of ${xs.length} cold loads; ${f0(Math.min(...xs))}–${f0(Math.max(...xs))})`;
console.log(`\nFirst load: ${kb(loads[0].wire)} KB over the wire before the page is interactive (${loads[0].files.join(', ')})`);
const loaded = files.filter((f) => !isEveryFormatReader(f));
console.log(`Bundle, gzipped: page ${kb(sum(loaded.filter((f) => !isReader(f))))} KB + reader ${kb(sum(loaded.filter(isReader)))} KB (worker, fetched once the page runs) = ${kb(sum(loaded))} KB loaded; reader of every format ${kb(sum(files.filter(isEveryFormatReader)))} KB (worker_all, fetched only for .xls, .xlsb, .ods, HTML, SpreadsheetML or encrypted files)`);
console.log(`Page interactive (painted, takes files): ${range(loads.map((l) => l.interactive))}`);
console.log(`  first contentful paint ${f0(median(loads.map((l) => l.paint)))} ms, early.js taking files ${f0(median(loads.map((l) => l.handlers)))} ms, app (wasm) started ${f0(median(loads.map((l) => l.app)))} ms (medians)`);
console.log(`Reader ready: ${range(loads.map((l) => l.reader))}\n`);
console.log('| rows | file MB | drop → chart ms | parse ms | reader threads | render ms | series / points drawn | longest main-thread task ms, during parse / after | zoom frame ms (median / max), series | pan frame ms (median / max) | peak renderer MB | native calamine ms | browser / native |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  // calamine reads no CSV: a text file has no native figure beside it.
  const native = r.native === null ? '—' : f0(r.native);
  const ratio = r.native === null ? '—' : (r.wall / r.native).toFixed(2);
  const kind = r.file.includes('-x2.') ? 'xlsx × 2 sheets' : r.file.split('.').pop();
  console.log(`| ${r.rows.toLocaleString('en')} ${kind} | ${r.mb.toFixed(1)} | ${f0(r.wall)} | ${f0(r.parse)} | ${r.threads} | ${f0(r.render)} | ${r.firstSeries} / ${r.points.toLocaleString('en')} | ${r.duringParse ? f0(r.duringParse) : '< 50'} / ${r.afterParse ? f0(r.afterParse) : '< 50'} | ${r.zoom.toFixed(1)} / ${r.zoomMax.toFixed(1)}, ${r.series} | ${r.pan.toFixed(1)} / ${r.panMax.toFixed(1)} | ${f0(r.peak)} | ${native} | ${ratio} |`);
}
console.log(`\nBrowser runs (drop → chart ms; the table shows the best, as calamine's is its best of 3): ${results.map((r) => `${r.file.split('/').pop()} ${r.walls.map(f0).join(' / ')}`).join('; ')}`);
for (const r of results.filter((r) => r.nativeSplit != null)) {
  console.log(`Native sheetplot read of ${r.file}: ${f0(r.nativeSheetplot)} ms on one thread, ${f0(r.nativeSplit)} ms in two parts on two threads`);
}
