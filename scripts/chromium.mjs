// What the benchmark scripts share: Debian's Chromium, headless, driven by
// the e2e tests' playwright-core (tests/e2e/harness.mjs launches it alike).
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(join(process.cwd(), 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');
const flags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** A fresh headless browser. */
export const launch = () => chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: flags });

/** The middle value (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Opens `url` in a fresh browser, chooses `file` `wait` ms after the reader
 * is ready, and gives the first chart's drop → chart and parse ms;
 * `beforeDrop(page)` and `afterDrawn(page)` run around the drop (a trace
 * records it so), before the browser closes.
 */
export async function dropOnce(url, file, wait = 0, { beforeDrop, afterDrawn } = {}) {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      addEventListener('sheetplot:rendered', (e) => { window.__drawn ??= { at: performance.now(), parse: e.detail.parse_ms }; });
      addEventListener('change', (e) => { if (e.target?.dataset?.testid === 'file-input') window.__chosen = performance.now(); }, true);
    });
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.dataset.reader === 'ready');
    if (wait > 0) await page.waitForTimeout(wait);
    await beforeDrop?.(page);
    await page.setInputFiles('[data-testid=file-input]', file);
    await page.waitForFunction(() => window.__drawn, null, { timeout: 600_000 });
    const drawn = await page.evaluate(() => ({ chart: Math.round(window.__drawn.at - window.__chosen), parse: Math.round(window.__drawn.parse) }));
    await afterDrawn?.(page);
    return drawn;
  } finally {
    await browser.close();
  }
}
