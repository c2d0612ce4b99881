// The browser half of scripts/bench-parse: RUNS fresh browsers, one drop each.
import { join } from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(join(process.cwd(), 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');
const [url, file, n = '6'] = process.argv.slice(2);
const flags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const out = [];
for (let i = 0; i < Number(n); i++) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: flags });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(() => { window.__r = []; addEventListener('sheetplot:rendered', (e) => window.__r.push(e.detail)); });
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.reader === 'ready');
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForFunction(() => window.__r.length > 0, null, { timeout: 600_000 });
  out.push(Math.round(await page.evaluate(() => window.__r[0].parse_ms)));
  await browser.close();
}
const s = [...out].sort((a, b) => a - b);
console.log(`parse ms: ${out.join(' ')}  median ${s[Math.floor(s.length / 2)]}`);
