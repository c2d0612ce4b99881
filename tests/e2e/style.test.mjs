// End-to-end: styling a chart for a report — colours, lines, legend, axes,
// the dark theme — and exporting it at slide and print sizes or to the
// clipboard. Run through scripts/test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { artifacts, baseUrl, dropFile, launch, openPage, outcomeOf, repo, screenshot } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const weather = join(repo, 'data', 'weather.xlsx');

async function download(page, testid, size) {
  if (size) await page.locator('[data-testid=export-size]').selectOption(size);
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid=${testid}]`).click()]);
  const path = join(artifacts, `style-${size ?? 'screen'}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return path;
}

/** The share of `png`'s pixels close to `rgb`. */
function share(png, [r, g, b], tolerance = 40) {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (Math.abs(png.data[i] - r) + Math.abs(png.data[i + 1] - g) + Math.abs(png.data[i + 2] - b) < tolerance) n++;
  }
  return n / (png.width * png.height);
}

test('the look panel styles the chart, and the URL, the SVG and a reload keep it', async () => {
  const { page, log } = await openPage(browser);
  const first = await outcomeOf(page, () => dropFile(page, weather));
  assert.equal(first.name, 'sheetplot:rendered');
  await page.locator('[data-testid=style-panel] summary').click();
  const colours = page.locator('[data-testid=series-color]');
  assert.equal(await colours.count(), first.detail.series.length, 'a colour per series');

  // A colour of the person's own for the second series, dashed.
  await outcomeOf(page, () => colours.nth(1).fill('#d62728'));
  await outcomeOf(page, () => page.locator('[data-testid=series-dash]').nth(1).selectOption('dashed'));
  await outcomeOf(page, () => page.locator('[data-testid=legend]').selectOption('right'));
  await outcomeOf(page, () => page.locator('[data-testid=y-title]').fill('Temperature (°C)'));
  await outcomeOf(page, () => page.locator('[data-testid=y-min]').fill('-10'));
  const styled = await outcomeOf(page, () => page.locator('[data-testid=y-max]').fill('40'));
  assert.deepEqual(styled.detail.y_range, [-10, 40], 'the fixed ends, exactly');
  assert.ok(styled.detail.plot.width < first.detail.plot.width - 60, 'a legend on the right narrows the plot');
  const hash = await page.evaluate(() => location.hash);
  for (const part of [/colors=1:%23d62728/, /dash=1:dashed/, /legend=right/, /ymin=-10/, /ymax=40/]) {
    assert.match(hash, part);
  }
  await screenshot(page, 'style-panel');

  // The SVG draws what the page draws.
  const svg = readFileSync(await download(page, 'export-svg'), 'utf8');
  assert.match(svg, /#D62728|#d62728|rgb\(214,\s*39,\s*40\)/i, 'the colour chosen');
  assert.match(svg, /stroke-dasharray|<polyline[^>]*>[\s\S]*<polyline/, 'dashes');
  assert.ok(svg.includes('Temperature (°C)'), 'the axis title typed');

  // Reload with the URL and drop the file again: the same look.
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.reader === 'ready');
  const again = await outcomeOf(page, () => dropFile(page, weather));
  assert.deepEqual(again.detail.y_range, [-10, 40]);
  assert.equal(await page.locator('[data-testid=legend]').inputValue(), 'right');
  assert.equal(await page.locator('[data-testid=series-color]').nth(1).inputValue(), '#d62728');
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('the dark theme darkens the page and the chart, and its export too', async () => {
  const { page, log } = await openPage(browser, { beforeLoad: (p) => p.emulateMedia({ colorScheme: 'light' }) });
  await outcomeOf(page, () => dropFile(page, weather));
  const toggle = page.locator('[data-testid=theme]');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  const dark = await outcomeOf(page, () => toggle.click());
  assert.equal(dark.name, 'sheetplot:rendered');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.ok(/rgb\((\d+), (\d+), (\d+)\)/.exec(background).slice(1).every((c) => Number(c) < 40), background);
  assert.match(await page.evaluate(() => location.hash), /theme=dark/);
  await screenshot(page, 'style-dark');

  const png = PNG.sync.read(readFileSync(await download(page, 'export-png')));
  assert.ok(share(png, [17, 24, 39], 60) + share(png, [22, 27, 34], 60) > 0.5, 'a dark PNG');
  const svg = readFileSync(await download(page, 'export-svg'), 'utf8');
  assert.doesNotMatch(svg.slice(0, 600), /fill="#FFFFFF"|fill="#ffffff"|fill="white"/, 'no white background');

  // The choice is remembered over a reload, whatever the system says.
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  // No chart yet: the page alone turns light again.
  await page.locator('[data-testid=theme]').click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('exports come in slide and print sizes, and Copy image puts a PNG on the clipboard', async () => {
  const { page, log } = await openPage(browser, {
    beforeLoad: (p) => p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl).origin }),
  });
  await outcomeOf(page, () => dropFile(page, weather));
  for (const [size, width, height] of [['1280x720', 1280, 720], ['1920x1080', 1920, 1080], ['a4', 3508, 2480]]) {
    const png = PNG.sync.read(readFileSync(await download(page, 'export-png', size)));
    assert.deepEqual([png.width, png.height], [width, height], size);
    const svg = readFileSync(await download(page, 'export-svg', size), 'utf8');
    assert.match(svg, new RegExp(`<svg[^>]* width="${width}"[^>]* height="${height}"`), `${size} SVG`);
  }

  await page.locator('[data-testid=export-size]').selectOption('1280x720');
  await page.bringToFront();
  await page.locator('[data-testid=copy-png]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent.includes('clipboard'));
  assert.match(await page.locator('[data-testid=status]').textContent(), /Copied the chart to the clipboard as a 1280 × 720 PNG/);
  const copied = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    const blob = await item.getType('image/png');
    const bitmap = await createImageBitmap(blob);
    return { types: item.types, width: bitmap.width, height: bitmap.height };
  });
  assert.deepEqual(copied, { types: ['image/png'], width: 1280, height: 720 });
  assert.deepEqual(log.errors, []);
  await page.close();
});
