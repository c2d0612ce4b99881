// The browser half of scripts/bench-parse: RUNS fresh browsers, one drop each.
import { dropOnce, median } from './chromium.mjs';

const [url, file, n = '6'] = process.argv.slice(2);
const out = [];
for (let i = 0; i < Number(n); i++) out.push((await dropOnce(url, file)).parse);
console.log(`parse ms: ${out.join(' ')}  median ${median(out)}`);
