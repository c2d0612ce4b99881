// A Chrome trace of one drop: node scripts/trace-drop.mjs URL FILE [WAIT]
// Prints every task of 3 ms or more on each thread from the choice to the
// chart, with what filled it.
import { dropOnce } from './chromium.mjs';

const [url, file, wait = '1500'] = process.argv.slice(2);
const events = [];
let cdp;
let done;
const r = await dropOnce(url, file, Number(wait), {
  beforeDrop: async (page) => {
    cdp = await page.context().newCDPSession(page);
    cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
    done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', {
      categories: `devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink.user_timing,toplevel${process.env.TRACE_OUT ? ',disabled-by-default-v8.cpu_profiler' : ''}`,
      transferMode: 'ReportEvents',
    });
  },
  afterDrawn: async (page) => {
    await page.waitForTimeout(300);
    // The page's own performance marks, from the file's choice.
    console.log((await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} ${(m.startTime - window.__chosen).toFixed(1)}`))).join('\n'));
    await cdp.send('Tracing.end');
    await done;
  },
});

console.log(`drop → chart ${r.chart} ms, parse ${r.parse} ms`);
// TRACE_OUT=FILE also samples every thread's JS and wasm (DevTools loads it).
if (process.env.TRACE_OUT) (await import('node:fs')).writeFileSync(process.env.TRACE_OUT, JSON.stringify(events));
const names = new Map();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
// Chrome records a task under two names; each is listed once.
const seen = new Set();
const tasks = events.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur >= 3000)
  .filter((e) => { const key = `${e.pid}:${e.tid}:${Math.round(e.ts / 100)}`; return !seen.has(key) && seen.add(key); });
const t0 = Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
const inside = (t, e) => e.tid === t.tid && e.pid === t.pid && e.ts >= t.ts && e.ts + (e.dur || 0) <= t.ts + t.dur && e !== t;
const interesting = new Set(['FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout',
  'Paint', 'PrePaint', 'Layerize', 'HitTest', 'ParseHTML', 'v8.compile', 'V8.GC_SCAVENGER', 'MinorGC', 'MajorGC',
  'v8.callFunction', 'EvaluateScript', 'FireIdleCallback', 'XHRLoad', 'ResourceReceivedData', 'MajorGC', 'BlinkGC.AtomicPhase',
  'RunMicrotasks', 'UpdateLayer', 'Commit', 'ScheduleStyleRecalculation', 'InvalidateLayout', 'ParseAuthorStyleSheet', 'Decode Image']);
for (const t of tasks.sort((a, b) => a.ts - b.ts)) {
  const thread = names.get(`${t.pid}:${t.tid}`) || `${t.pid}:${t.tid}`;
  const parts = new Map();
  for (const e of events) if (e.ph === 'X' && interesting.has(e.name) && inside(t, e)) {
    const key = e.name === 'EventDispatch' ? `EventDispatch(${e.args?.data?.type})` : e.name === 'FunctionCall' ? `FunctionCall(${e.args?.data?.functionName || e.args?.data?.url?.split('/').pop() || ''})` : e.name;
    parts.set(key, (parts.get(key) || 0) + e.dur);
  }
  const list = [...parts].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ');
  console.log(`${((t.ts - t0) / 1000).toFixed(1).padStart(8)} ${thread.padEnd(22)} ${(t.dur / 1000).toFixed(1).padStart(6)} ms  ${list}`);
}
