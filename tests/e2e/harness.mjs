// Shared set-up for the end-to-end tests: one headless Chromium, a fresh
// page per test that records console errors, CSP violations, page errors
// and requests, and helpers to hand files to the page the way users do.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'node:http';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');
// The shared corpus sits beside the checkout (or beside one of its parents).
function findCorpus() {
  if (process.env.SHEETPLOT_CORPUS) return process.env.SHEETPLOT_CORPUS;
  for (let dir = resolve(repo, '..'); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'shared', 'corpus', 'expected'))) return join(dir, 'shared', 'corpus');
    if (dir === dirname(dir)) break;
  }
  if (existsSync('/work/shared/corpus/expected')) return '/work/shared/corpus';
  throw new Error('the corpus (shared/corpus beside the checkout) is missing: set SHEETPLOT_CORPUS');
}
export const corpus = findCorpus();
export const artifacts = join(here, 'artifacts');
/** A sample workbook of the data folder. */
export const sample = (name) => join(repo, 'data', name);
mkdirSync(artifacts, { recursive: true });

export const baseUrl = process.env.SHEETPLOT_URL;
if (!baseUrl) throw new Error('SHEETPLOT_URL is not set: run the end-to-end tests through scripts/test');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
}

/** Opens the page (with `query`, such as `?threads=1`) and waits until the
 * app has started, listed the data folder and (unless told not to) loaded
 * its reader. */
export async function openPage(browser, { width = 1280, height = 800, scale = 2, touch = false, beforeLoad, waitForApp = true, waitForReader = true, query = '' } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: scale, hasTouch: touch });
  if (beforeLoad) await beforeLoad(page);
  // `requests`: every request after load but the files of the reader of
  // every format, which the page fetches (from its own origin) only when
  // a file in a format its first reader leaves out arrives: `lazy` has those.
  const log = { errors: [], violations: [], requests: [], lazy: [] };
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(m.text()); });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => (isReaderOfEveryFormat(r.url()) ? log.lazy : log.requests).push(r.url()));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    // Every outcome the page announces, in order.
    window.__events = [];
    for (const name of ['sheetplot:rendered', 'sheetplot:error']) {
      addEventListener(name, (e) => window.__events.push({ name, detail: e.detail }));
    }
  });
  await page.goto(baseUrl + query);
  log.violations = () => page.evaluate(() => window.__violations);
  if (!waitForApp) return { page, log };
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent.startsWith('Ready'));
  await page.waitForFunction(() => !document.querySelector('[data-testid=data-list]')?.textContent.includes('Looking'));
  if (waitForReader) await page.waitForFunction(() => document.documentElement.dataset.reader === 'ready');
  return { page, log };
}

/** Whether `url` is one of the files of the reader of every format: its
 * loader, script or wasm, served by the page's own server. */
export function isReaderOfEveryFormat(url) {
  return url.startsWith(new URL('/', baseUrl).href) && /\/worker_all(_loader)?-[0-9a-f]{16}(_bg\.wasm|\.js)$/.test(url);
}

/** Waits for the next `sheetplot:rendered` or `sheetplot:error` after `action`. */
export async function outcomeOf(page, action) {
  const before = await page.evaluate(() => window.__events.length);
  await action();
  await page.waitForFunction((n) => window.__events.length > n, before, { timeout: 30_000 });
  return page.evaluate((n) => window.__events[n], before);
}

/** Records the progress bar's values from now on; the returned function
 * reads them. */
export async function recordProgress(page) {
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const v = document.querySelector('[data-testid=progress]').getAttribute('value');
      if (v !== null) window.__progress.push(Number(v));
    }).observe(document.querySelector('[data-testid=progress]'), { attributes: true });
  });
  return () => page.evaluate(() => window.__progress);
}

/** Chooses `path`, presses Cancel once its progress shows, then opens
 * `next`: what `sheetplot:cancelled` said, whether the progress panel
 * stayed up, and the next file's outcome. */
export async function cancelThenOpen(page, path, next) {
  await page.setInputFiles('[data-testid=file-input]', path);
  await page.locator('[data-testid=progress-panel]').waitFor({ state: 'visible' });
  const cancelled = page.evaluate(() => new Promise((r) => addEventListener('sheetplot:cancelled', (e) => r(e.detail), { once: true })));
  await page.locator('[data-testid=cancel]').click();
  const detail = await cancelled;
  const panelShown = await page.locator('[data-testid=progress-panel]').isVisible();
  const status = await page.locator('[data-testid=status]').textContent();
  const opened = await outcomeOf(page, () => page.setInputFiles('[data-testid=file-input]', next));
  return { cancelled: detail, panelShown, status, next: opened };
}

/** Drops a file on the drop zone with a real `drop` event carrying a DataTransfer. */
export async function dropFile(page, path, { name = basename(path), bytes = path && readFileSync(path) } = {}) {
  await page.evaluate(async ({ name, base64 }) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], name));
    const zone = document.querySelector('[data-testid=drop-zone]');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }
  }, { name, base64: Buffer.from(bytes).toString('base64') });
}

/** How much of the canvas is drawn on, and how much of it in colour (series). */
export async function canvasInk(page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid=chart]');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    let colour = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (r < 245 || g < 245 || b < 245) ink++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colour++;
    }
    const pixels = data.length / 4;
    return { width: canvas.width, height: canvas.height, ink: ink / pixels, colour: colour / pixels };
  });
}

export async function screenshot(page, name) {
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** A raw HTTP request to the served page (headers as nginx sends them). */
export function fetchRaw(path, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, baseUrl), { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
