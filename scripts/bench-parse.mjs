// The browser half of scripts/bench-parse: RUNS fresh browsers, one drop each.
import { launch, median } from './chromium.mjs';

const [url, file, n = '6'] = process.argv.slice(2);
const out = [];
for (let i = 0; i < Number(n); i++) {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(() => { window.__r = []; addEventListener('sheetplot:rendered', (e) => window.__r.push(e.detail)); });
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.reader === 'ready');
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForFunction(() => window.__r.length > 0, null, { timeout: 600_000 });
  out.push(Math.round(await page.evaluate(() => window.__r[0].parse_ms)));
  await browser.close();
}
console.log(`parse ms: ${out.join(' ')}  median ${median(out)}`);
