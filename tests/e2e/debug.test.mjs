import { test } from 'node:test';
import { join } from 'node:path';
import { dropFile, launch, openPage, outcomeOf, repo, screenshot } from './harness.mjs';
test('debug', async () => {
  const browser = await launch();
  const { page, log } = await openPage(browser);
  const o = await outcomeOf(page, () => dropFile(page, join(repo, 'data', 'charts.xlsx')));
  console.log(o.name, JSON.stringify(o.detail));
  console.log(await page.locator('[data-testid=sheet-select] option').allTextContents());
  console.log(await page.locator('[data-testid=notes]').textContent());
  await screenshot(page, 'debug-0');
  for (const i of [1, 2]) {
    const label = (await page.locator('[data-testid=sheet-select] option[data-chart]').allTextContents())[i];
    const p = await outcomeOf(page, () => page.locator('[data-testid=sheet-select]').selectOption({ label }));
    console.log(p.name, JSON.stringify(p.detail).slice(0, 400));
    await screenshot(page, `debug-${i}`);
  }
  const m = await outcomeOf(page, () => dropFile(page, join(repo, 'tests/fixtures/charts/missing-data-sheet.xlsx')));
  console.log(m.name, JSON.stringify(m.detail).slice(0, 400));
  console.log(await page.locator('[data-testid=notes]').textContent());
  await screenshot(page, `debug-missing`);
  console.log(log.errors);
  await browser.close();
});
