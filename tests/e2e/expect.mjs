// What a chart of known data must look like, checked against the page's
// `sheetplot:rendered` detail. The data come from the test itself: a CSV it
// wrote, or a workbook read here by a small .xlsx reader of its own (zip +
// sheet XML), so the page's reader is not its own oracle.
//
// Each check asserts the kind, that the series are the chosen columns, that
// the axes hold the data's minimum and maximum (and are not so wide that
// the data fill only a sliver of them), and what was drawn: points within
// what M4 / one-dot-per-pixel can leave, one bar per category and series
// with a value, the histogram's bins, the pie's slices. A chart of the
// wrong columns, of the wrong kind or with nothing on it fails.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

// ---------------------------------------------------------------- reading

/** The entries of a zip archive, by name, inflated. */
function unzip(bytes) {
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'not a zip archive');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(bytes.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const raw = bytes.subarray(start, start + size);
    files.set(name, method === 0 ? raw : inflateRawSync(raw));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

const unescape = (s) => s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e) => ({
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'",
}[e] ?? String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))));
const texts = (xml) => [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => unescape(m[1])).join('');
const columnIndex = (letters) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;

/** The sheets of an .xlsx file: `{ name, grid }`, grid[row][column] a
 * number, a string, a boolean or undefined (0-based; dates stay serials). */
export function readXlsx(path) {
  const files = unzip(readFileSync(path));
  const text = (name) => files.get(name)?.toString('utf8') ?? '';
  const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]));
  const rels = new Map([...text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b[^>]*>/g)].map((m) => [
    /\bId="([^"]+)"/.exec(m[0])[1], /\bTarget="([^"]+)"/.exec(m[0])[1],
  ]));
  return [...text('xl/workbook.xml').matchAll(/<sheet\b[^>]*>/g)].map((m) => {
    const name = unescape(/\bname="([^"]*)"/.exec(m[0])[1]);
    const target = rels.get(/\br:id="([^"]+)"/.exec(m[0])[1]).replace(/^\/?(xl\/)?/, 'xl/');
    const grid = [];
    for (const c of text(target).matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const [, col, row] = /\br="([A-Z]+)(\d+)"/.exec(c[1]);
      const type = /\bt="([^"]+)"/.exec(c[1])?.[1] ?? 'n';
      const body = c[2] ?? '';
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      const value = type === 'inlineStr' ? texts(body)
        : type === 's' ? shared[Number(v)]
          : type === 'str' ? unescape(v ?? '')
            : type === 'b' ? v === '1'
              : v === undefined ? undefined : Number(v);
      (grid[Number(row) - 1] ??= [])[columnIndex(col)] = value;
    }
    return { name, grid };
  });
}

/** Columns by header name, from the row under the header (0-based `header`). */
export function table(grid, header = 0) {
  const names = grid[header];
  const rows = grid.slice(header + 1).filter((r) => r && r.some((v) => v !== undefined && v !== ''));
  const columns = Object.fromEntries(names.map((name, c) => [name, rows.map((r) => r[c])]));
  return { names, rows: rows.length, columns };
}

/** A CSV of plain numbers and text (no quoting), as columns by name. */
export function parseCsv(text) {
  const lines = text.trim().split('\n').map((l) => l.split(','));
  const grid = [lines[0], ...lines.slice(1).map((r) => r.map((v) => (v === '' ? undefined : Number.isNaN(Number(v)) ? v : Number(v))))];
  return table(grid, 0);
}

/** An Excel serial date (1900 system) as the page's x: Unix seconds. */
export const serialToSeconds = (serial) => Math.round((serial - 25569) * 86400);

// ------------------------------------------------------------ arithmetic

const finite = (values) => values.filter((v) => typeof v === 'number' && Number.isFinite(v));
function extent(values) {
  const v = finite(values);
  assert.ok(v.length > 0, 'the data have values');
  // A loop, not Math.min(...v): a long column overflows the call stack.
  return v.reduce(([lo, hi], x) => [Math.min(lo, x), Math.max(hi, x)], [Infinity, -Infinity]);
}
/** The cumulative layers of a stacked area (a gap is zero unless every series has one). */
export function stacked(series) {
  const running = series[0].map(() => 0);
  const allGap = series[0].map((_, r) => series.every((s) => !Number.isFinite(s[r])));
  return series.map((s) => s.map((v, r) => {
    if (allGap[r]) return NaN;
    running[r] += Number.isFinite(v) ? v : 0;
    return running[r];
  }));
}
/** The 1-2-5 step of at most `count` steps over `span` (as the axis ticks). */
function niceStep(span, count) {
  const raw = span / Math.max(count, 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * magnitude;
}
/** Histogram bins as the README describes them: `bins` even bins from min
 * to max when chosen, else a 1-2-5 width near the finer of the
 * Freedman–Diaconis and Sturges rules (numpy's "auto"), on round edges. */
export function histogram(values, bins) {
  const v = finite(values).sort((a, b) => a - b);
  const [min, max] = [v[0], v.at(-1)];
  if (min === max) return { edges: [min - 0.5, min + 0.5], counts: [v.length] };
  const n = v.length;
  let start; let width; let count;
  if (bins) {
    [start, width, count] = [min, max / bins - min / bins, bins];
  } else {
    const q = (p) => v[Math.round((n - 1) * p)];
    const iqr = q(0.75) - q(0.25);
    const sturges = Math.ceil(Math.log2(n)) + 1;
    const fd = iqr > 0 ? Math.ceil((max - min) / ((2 * iqr) / Math.cbrt(n))) : 0;
    const wanted = Math.min(Math.max(sturges, fd, 1), 200);
    width = niceStep(max - min, wanted);
    start = Math.floor(min / width) * width;
    count = Math.min(Math.floor((max - start) / width) + 1, 200);
  }
  const edges = Array.from({ length: count + 1 }, (_, i) => start + i * width);
  const counts = new Array(count).fill(0);
  for (const x of v) counts[Math.min(Math.floor((x - start) / width), count - 1)]++;
  return { edges, counts };
}
/** Quartiles by linear interpolation, whiskers at 1.5 IQR, the values beyond. */
export function boxStats(values) {
  const v = finite(values).sort((a, b) => a - b);
  const q = (p) => { const at = p * (v.length - 1); const lo = Math.floor(at); return v[lo] + (v[Math.ceil(at)] - v[lo]) * (at - lo); };
  const [q1, q3] = [q(0.25), q(0.75)];
  const reach = 1.5 * (q3 - q1);
  return { outliers: v.filter((x) => x < q1 - reach || x > q3 + reach) };
}
/** Per-category sums of each series, categories in first-seen order. */
export function categorySums(labels, series) {
  const order = [...new Set(labels.filter((l) => l !== undefined && l !== ''))];
  const sums = series.map((s) => order.map((label) => {
    const vs = finite(s.filter((_, r) => labels[r] === label));
    return vs.length ? vs.reduce((a, b) => a + b, 0) : NaN;
  }));
  return { labels: order, sums };
}
/** Pie slices: largest first; under 2 % of the whole, or beyond eight, join "Other". */
export function pieSlices(labels, values) {
  const slices = labels.map((label, i) => ({ label, value: values[i] }))
    .filter((s) => Number.isFinite(s.value) && s.value > 0)
    .sort((a, b) => b.value - a.value);
  const total = slices.reduce((a, s) => a + s.value, 0);
  let keep = 0;
  while (keep < Math.min(8, slices.length) && slices[keep].value >= 0.02 * total) keep++;
  if (slices.length > keep + 1) {
    const other = slices.slice(keep).reduce((a, s) => a + s.value, 0);
    slices.length = keep;
    slices.push({ label: 'Other', value: other });
  }
  return { slices, total };
}

// ---------------------------------------------------------------- checks

/** `range` (either way round) holds [lo, hi], and [lo, hi] fills at least
 * `fill` of it: an axis of other data, or far too wide, fails. */
function assertHolds(range, [lo, hi], what, fill) {
  assert.ok(Array.isArray(range) && range.length === 2, `${what}: a range is reported (${range})`);
  const [a, b] = [Math.min(...range), Math.max(...range)];
  const eps = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
  assert.ok(a <= lo + eps && b >= hi - eps, `${what}: the axis ${[a, b]} holds the data's ${[lo, hi]}`);
  if (hi > lo) assert.ok((hi - lo) / (b - a) >= fill, `${what}: the data ${[lo, hi]} fill ${(((hi - lo) / (b - a)) * 100).toFixed(0)}% of the axis ${[a, b]}, under ${fill * 100}%`);
}

function assertRendered(outcome, kind) {
  assert.equal(outcome?.name, 'sheetplot:rendered', `a chart was drawn: ${JSON.stringify(outcome)}`);
  const d = outcome.detail;
  assert.equal(d.kind, kind, 'the chart kind');
  assert.ok(d.points_drawn > 0, `something was drawn (${d.points_drawn})`);
  return d;
}

/** Line, scatter or stacked area of `ys` (columns by name) against `x`
 * (numbers or dates as Unix seconds). `scale` is the device pixel ratio. */
export function assertSeries(outcome, { kind, x, ys, scale }) {
  const d = assertRendered(outcome, kind);
  const names = Object.keys(ys);
  assert.deepEqual(d.series, names, 'the series are the chosen columns');
  const xs = x;
  const [x0, x1] = extent(xs);
  // Numbers and dates on x: the axis spans the data (with a little air at most).
  assertHolds(d.x_range, [x0, x1], 'x', 0.9);
  const layers = kind === 'area' ? stacked(Object.values(ys)) : Object.values(ys);
  const [lo, hi] = extent(layers.flat());
  assertHolds(d.y_range, kind === 'area' ? [Math.min(lo, 0), Math.max(hi, 0)] : [lo, hi], 'y', 0.6);
  // Drawn points: M4 keeps 1–4 rows per pixel column a series touches (one
  // dot per pixel cell for a scatter), never more rows than the series has.
  const widthPx = Math.round(d.plot.width * scale);
  const [r0, r1] = d.x_range;
  let least = 0; let most = 0;
  for (const s of layers) {
    const rows = s.map((v, i) => [xs[i], v]).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
    // A line's last point (x at the right edge) is a column of its own; a scatter's joins the last pixel.
    const right = kind === 'scatter' ? widthPx - 1 : widthPx;
    const columns = new Set(rows.map(([a]) => Math.min(Math.max(Math.floor(((a - r0) / (r1 - r0)) * widthPx), -1), right)));
    least += columns.size;
    most += rows.length;
  }
  assert.ok(d.points_drawn >= least && d.points_drawn <= most, `${kind}: ${d.points_drawn} points drawn, expected ${least}–${most}`);
  return d;
}

/** Grouped bars of `ys` by the category labels `labels`. */
export function assertBars(outcome, { labels, ys }) {
  const d = assertRendered(outcome, 'bar');
  const names = Object.keys(ys);
  assert.deepEqual(d.series, names, 'the series are the chosen columns');
  const groups = categorySums(labels, Object.values(ys));
  const bars = groups.sums.flat().filter(Number.isFinite).length;
  assert.equal(d.points_drawn, bars, `one bar per category and series with a value (${groups.labels.length} × ${names.length})`);
  // One axis holds the categories at 0..n-1 (bars lie down when labels are long), the other the values from zero.
  const n = groups.labels.length;
  const isCategories = (r) => Math.min(...r) === -0.5 && Math.max(...r) === n - 0.5;
  const lying = isCategories(d.y_range);
  assert.ok(lying || isCategories(d.x_range), `an axis holds the ${n} categories: x ${d.x_range}, y ${d.y_range}`);
  const [lo, hi] = extent(groups.sums.flat());
  assertHolds(lying ? d.x_range : d.y_range, [Math.min(lo, 0), Math.max(hi, 0)], 'values', 0.6);
  if (!lying) {
    // Upright: the x labels are categories, in order (thinned when crowded).
    let next = 0;
    for (const tick of d.x_ticks) {
      const at = groups.labels.slice(next).findIndex((l) => l === tick || (tick.endsWith('…') && l.startsWith(tick.slice(0, -1))));
      assert.ok(at >= 0, `x tick ${tick} is a category, in order`);
      next += at + 1;
    }
  }
  return { detail: d, groups, lying };
}

/** A histogram of `values` (column `name`), `bins` chosen or automatic. */
export function assertHistogram(outcome, { name, values, bins }) {
  const d = assertRendered(outcome, 'histogram');
  assert.deepEqual(d.series, [name], 'one column is binned');
  const h = histogram(values, bins);
  const near = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  assert.ok(near(d.x_range[0], h.edges[0]) && near(d.x_range[1], h.edges.at(-1)),
    `x spans the bins' edges ${h.edges[0]}–${h.edges.at(-1)} (${h.counts.length} bins): ${d.x_range}`);
  assert.equal(d.points_drawn, h.counts.filter((c) => c > 0).length, `one bar per non-empty bin of ${JSON.stringify(h.counts)}`);
  assertHolds(d.y_range, [0, Math.max(...h.counts)], 'count', 0.6);
  return { detail: d, histogram: h };
}

/** Box plots of `ys`: one box each, plus one dot per outlier (per pixel row). */
export function assertBoxes(outcome, { ys }) {
  const d = assertRendered(outcome, 'box');
  const names = Object.keys(ys);
  assert.deepEqual(d.series, names, 'one box per chosen column');
  assertHolds(d.y_range, extent(Object.values(ys).flat()), 'y', 0.6);
  const outliers = Object.values(ys).map((v) => boxStats(v).outliers.length);
  const least = names.length + outliers.filter((n) => n > 0).length;
  const most = names.length + outliers.reduce((a, b) => a + b, 0);
  assert.ok(d.points_drawn >= least && d.points_drawn <= most, `box: ${d.points_drawn} drawn, expected ${least}–${most} (outliers ${outliers})`);
  return d;
}

/** A pie of `values` by `labels`: the slices, largest first. */
export function assertPie(outcome, { labels, values }) {
  const d = assertRendered(outcome, 'pie');
  const { slices, total } = pieSlices(labels, values);
  assert.deepEqual(d.series, slices.map((s) => s.label), 'the slices, largest first');
  assert.equal(d.points_drawn, slices.length, 'one slice each');
  return { detail: d, slices, total };
}

/** FNV-1a over 64-bit words, as `Values::checksum` hashes: `word(w)`
 * for a BigInt word, `text(s)` for a string (its length, then 8-byte
 * little-endian chunks), `hex()` for the result. */
function fnv() {
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  let hash = 0xcbf29ce484222325n;
  const word = (w) => { hash = ((hash ^ w) * prime) & mask; };
  const text = (s) => {
    const bytes = Buffer.from(s);
    word(BigInt(bytes.length));
    for (let i = 0; i < bytes.length; i += 8) {
      const chunk = Buffer.alloc(8);
      bytes.copy(chunk, 0, i, Math.min(i + 8, bytes.length));
      word(chunk.readBigUInt64LE(0));
    }
  };
  return { word, text, hex: () => hash.toString(16).padStart(16, '0') };
}

/** The checksum sheetplot gives a number column (`Values::checksum`:
 * the type's name first, every gap alike), for comparing the columns the
 * page holds with the test's own parse. */
export function numberChecksum(values) {
  const hash = fnv();
  hash.text('number');
  const float = new Float64Array(1);
  const bits = new BigUint64Array(float.buffer);
  for (const v of values) {
    float[0] = Number.isNaN(v) ? NaN : v;
    hash.word(bits[0]);
  }
  return hash.hex();
}

/** The checksum sheetplot gives a text column of `labels`, one a row
 * (ids given to the labels in the order they first appear). */
export function textChecksum(labels) {
  const hash = fnv();
  hash.text('text');
  const ids = new Map();
  for (const label of labels) {
    if (!ids.has(label)) ids.set(label, ids.size);
    hash.word(BigInt(ids.get(label)));
  }
  for (const label of ids.keys()) hash.text(label);
  return hash.hex();
}
