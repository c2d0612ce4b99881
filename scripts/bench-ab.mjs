// The browser half of scripts/bench-ab: bundles A and B in turn, a fresh
// browser and one drop each, WAIT ms after the reader is ready.
import { launch, median } from './chromium.mjs';

const [urlA, urlB, file, n = '6', wait = '0'] = process.argv.slice(2);
const runs = { A: [], B: [] };
for (let i = 0; i < Number(n); i++) {
  for (const [name, url] of [['A', urlA], ['B', urlB]]) {
    const browser = await launch();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      addEventListener('sheetplot:rendered', (e) => { window.__drawn ??= { at: performance.now(), parse: e.detail.parse_ms }; });
      addEventListener('change', (e) => { if (e.target?.dataset?.testid === 'file-input') window.__chosen = performance.now(); }, true);
    });
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.dataset.reader === 'ready');
    if (Number(wait) > 0) await page.waitForTimeout(Number(wait));
    await page.setInputFiles('[data-testid=file-input]', file);
    await page.waitForFunction(() => window.__drawn, null, { timeout: 600_000 });
    runs[name].push(await page.evaluate(() => ({ chart: Math.round(window.__drawn.at - window.__chosen), parse: Math.round(window.__drawn.parse) })));
    await browser.close();
  }
}
for (const [name, rs] of Object.entries(runs)) {
  const each = rs.map((r) => `${r.chart}/${r.parse}`).join(' ');
  console.log(`${name}: drop → chart / parse ms: ${each}  medians ${median(rs.map((r) => r.chart))} / ${median(rs.map((r) => r.parse))}`);
}
