// Where a traced cold load spends its time: reads a Chrome trace written by
// `node benches/browser/cold-start.mjs --trace DIR` and prints, from the page's navigation start
// to its `in-dom` mark, each busy thread's wall and CPU time, the renderer main thread's longest
// tasks (with their CPU time and biggest parts), and WebAssembly compilation: functions compiled
// lazily on the main thread and optimizing (top-tier) compilation jobs on background threads.
// CPU time well below wall time means the thread was waiting for a core (or a lock).
//
// Usage: node benches/browser/trace-summary.mjs DIR/clean-article.json [--tasks 12]
import { readFileSync } from 'node:fs';
import { option as opt } from './common.mjs';

const file = process.argv[2];
if (!file || file.startsWith('--')) {
  console.error('usage: node benches/browser/trace-summary.mjs TRACE.json [--tasks N]');
  process.exit(2);
}
const topTasks = Number(opt('tasks', 12));

/** @typedef {{ name: string, ph: string, ts: number, dur?: number, tdur?: number, pid: number, tid: number, cat?: string, args?: any }} TraceEvent */
/** @type {TraceEvent[]} */
const events = JSON.parse(readFileSync(file, 'utf8')).traceEvents;

/** `pid:tid` -> thread name, pid -> process name. */
const threadName = new Map();
const processName = new Map();
for (const e of events) {
  if (e.ph !== 'M') continue;
  if (e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args.name);
  if (e.name === 'process_name') processName.set(e.pid, e.args.name);
}
// The page's renderer: the process whose main thread carries the `in-dom` mark.
const inDom = events.find((e) => e.name === 'in-dom' && (e.cat ?? '').includes('user_timing'));
if (!inDom) {
  console.error(`${file}: no in-dom mark (trace a page of cold-start.mjs)`);
  process.exit(1);
}
const renderer = inDom.pid;
const navigation = events.filter((e) => e.pid === renderer && e.name === 'navigationStart' && e.ts <= inDom.ts)
  .reduce((last, e) => (e.ts > last ? e.ts : last), -Infinity);
const [from, to] = [navigation, inDom.ts];
const ms = (us) => (us / 1000).toFixed(1);
console.log(`${file}: ${ms(to - from)} ms from navigation start to the article in the DOM`);

/** Complete events (`X`) with a CPU time, per thread, outermost only, clipped to [from, to]. */
const byThread = new Map();
for (const e of events) {
  if (e.ph !== 'X' || e.dur === undefined) continue;
  const key = `${e.pid}:${e.tid}`;
  if (!byThread.has(key)) byThread.set(key, []);
  byThread.get(key).push(e);
}
const rows = [];
for (const [key, list] of byThread) {
  list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  let end = -Infinity;
  let wall = 0;
  let cpu = 0;
  for (const e of list) {
    if (e.ts < end) continue; // nested in the previous outermost event
    end = e.ts + (e.dur ?? 0);
    const overlap = Math.min(to, end) - Math.max(from, e.ts);
    if (overlap <= 0 || !e.dur) continue;
    wall += overlap;
    cpu += (e.tdur ?? 0) * (overlap / e.dur);
  }
  if (wall >= 500) {
    const pid = Number(key.split(':')[0]);
    rows.push({ thread: `${processName.get(pid) ?? pid} ${threadName.get(key) ?? key}`, wall, cpu });
  }
}
rows.sort((a, b) => b.cpu - a.cpu);
console.log('\nthreads (busy wall / CPU ms in that span):');
for (const r of rows) console.log(`  ${r.thread.padEnd(48)} ${ms(r.wall).padStart(7)} ${ms(r.cpu).padStart(7)}`);

const main = [...threadName].find(([key, name]) => key.startsWith(`${renderer}:`) && name === 'CrRendererMain')?.[0];
const mainEvents = byThread.get(main) ?? [];
const tasks = mainEvents.filter((e) => e.name === 'RunTask' && e.ts < to && e.ts + (e.dur ?? 0) > from)
  .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0)).slice(0, topTasks).sort((a, b) => a.ts - b.ts);
console.log(`\nrenderer main thread, the ${tasks.length} longest tasks (start, wall, CPU ms; biggest parts):`);
for (const t of tasks) {
  const parts = new Map();
  for (const e of mainEvents) {
    if (e === t || e.ts < t.ts || e.ts + (e.dur ?? 0) > t.ts + (t.dur ?? 0) || /RunTask|ThreadController/.test(e.name)) continue;
    parts.set(e.name, (parts.get(e.name) ?? 0) + (e.dur ?? 0));
  }
  const biggest = [...parts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([n, d]) => `${n} ${ms(d)}`).join(', ');
  console.log(`  ${ms(t.ts - from).padStart(7)} ${ms(t.dur ?? 0).padStart(6)} ${ms(t.tdur ?? 0).padStart(6)}  ${biggest}`);
}

const inSpan = (e) => e.pid === renderer && e.ts >= from && e.ts <= to;
const sum = (list, key) => list.reduce((s, e) => s + (e[key] ?? 0), 0);
const lazy = events.filter((e) => e.ph === 'X' && e.name === 'wasm.CompileLazy' && inSpan(e));
const topTier = events.filter((e) => e.ph === 'X' && e.name === 'wasm.TopTierCompilation' && inSpan(e));
console.log('\nWebAssembly compilation in that span:');
console.log(`  lazy (baseline) compilations on the main thread: ${lazy.length}, wall ${ms(sum(lazy, 'dur'))} ms, CPU ${ms(sum(lazy, 'tdur'))} ms`);
console.log(`  optimizing (top-tier) jobs on background threads: ${topTier.length}, wall ${ms(sum(topTier, 'dur'))} ms, CPU ${ms(sum(topTier, 'tdur'))} ms`);
