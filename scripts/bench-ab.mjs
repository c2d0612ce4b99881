// The browser half of scripts/bench-ab: bundles A and B in turn, a fresh
// browser and one drop each, WAIT ms after the reader is ready.
import { dropOnce, median } from './chromium.mjs';

const [urlA, urlB, file, n = '6', wait = '0'] = process.argv.slice(2);
const runs = { A: [], B: [] };
for (let i = 0; i < Number(n); i++) {
  runs.A.push(await dropOnce(urlA, file, Number(wait)));
  runs.B.push(await dropOnce(urlB, file, Number(wait)));
}
for (const [name, rs] of Object.entries(runs)) {
  const each = rs.map((r) => `${r.chart}/${r.parse}`).join(' ');
  console.log(`${name}: drop → chart / parse ms: ${each}  medians ${median(rs.map((r) => r.chart))} / ${median(rs.map((r) => r.parse))}`);
}
