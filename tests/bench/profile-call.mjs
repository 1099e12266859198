#!/usr/bin/env node
// Row 2 of the benchmark (one small GET after another), taken apart: for a profiler,
// for an A/B of two builds, and without the network (see "Looking into a slow row" in
// README.md).
//
//   node tests/bench/profile-call.mjs [--client xano|raw|both] [--calls 20000] [--warmup 1000]
//        [--stub] [--dist pkg/dist] [--dist-b <another dist>] [--profile <dir>]
//   node tests/bench/profile-call.mjs --summarize <file.cpuprofile> [--top 25]
//        [--names target/wasm-names.json]
//
// The first form makes `--calls` sequential `GET /workspace/1/table` calls of each
// client, as row 2 does (xano: `getWorkspaceTable({ workspace_id: 1 }, { attempts: 1 })`
// of the package in `--dist`; raw: `fetch` + `res.text()` + `JSON.parse`; both: the two),
// in rounds of 100, interleaved, the order reversed every other round, and prints the
// mean µs per call, the process's CPU µs per call and the ratios. `--dist-b` adds a
// second build of the package as a client of its own ("xano-b", with its own wasm
// instance) to the same rounds: an A/B of two builds under the same noise (an A/A of
// one build against itself lands within about 1%). The calls go to
// tests/bench/server.mjs in a child process, or with `--stub` to a global `fetch` that
// resolves at once with a `Response` of the server's small body: the client's own work
// without the network stack. `--profile <dir>` records a V8 CPU profile of the measured
// rounds (sampling every 50 µs) and writes `<dir>/<client>.cpuprofile` per client, each
// with the samples of that client's rounds only.
//
// The second form reads a CPU profile (from `--profile`, or `node --cpu-prof`) and
// prints the self time by where it ran (the package's JS glue, its wasm, undici and its
// HTTP parser, Node's internals, the GC, …), the inclusive time of each wasm-bindgen
// import (`__wbg_*`: the calls from the wasm into JS, with what they call) and the
// functions with the most self time; per call for the profiles `--profile` writes. The
// glue's imports are named back by the build's map (`--names`, read if it exists).
// For names in the wasm, profile a build whose wasm kept them (`wasm-opt -g`).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const TOKEN = 'bench-token'; // not a JWT, as in bench.mjs: no scope check to read

function parseArgs(argv) {
  const o = {
    client: 'xano', calls: 20000, warmup: 1000, stub: false, dist: join(REPO, 'pkg/dist'), distB: null, profile: null,
    summarize: null, top: 25, names: join(REPO, 'target/wasm-names.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--stub') o.stub = true;
    else if (flag === '--client') o.client = value();
    else if (flag === '--dist') o.dist = resolve(value());
    else if (flag === '--dist-b') o.distB = resolve(value());
    else if (flag === '--summarize') o.summarize = resolve(value());
    else if (flag === '--profile') o.profile = resolve(value());
    else if (flag === '--names') o.names = resolve(value());
    else if (['--calls', '--warmup', '--top'].includes(flag)) {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number`);
      o[flag.slice(2)] = n;
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!['xano', 'raw', 'both'].includes(o.client)) throw new Error(`--client must be xano, raw or both, not ${o.client}`);
  return o;
}

function startServer() {
  return new Promise((resolveStart, rejectStart) => {
    const child = spawn(process.execPath, [join(HERE, 'server.mjs'), '--large-bytes', '1'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buf = '';
    child.on('error', rejectStart);
    child.on('exit', (code) => rejectStart(new Error(`server exited early (${code})`)));
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /^LISTENING (\S+) /.exec(buf);
      if (m) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolveStart({ origin: m[1], close: () => { child.kill('SIGTERM'); child.stdin.destroy(); } });
      }
    });
  });
}

async function run(o) {
  let server = null;
  let origin = 'http://127.0.0.1:9'; // never reached with --stub
  if (o.stub) {
    const real = await startServer();
    const body = await (await fetch(`${real.origin}/api:meta/workspace/1/table`)).text();
    real.close();
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    globalThis.fetch = () => Promise.resolve(new Response(body, { headers }));
  } else {
    server = await startServer();
    origin = server.origin;
  }
  try {
    const base = `${origin}/api:meta`;
    const clients = {};
    if (o.client !== 'raw') {
      const { XanoClient } = await import(pathToFileURL(join(o.dist, 'node.js')).href);
      const xano = new XanoClient({ baseUrl: base, token: TOKEN });
      clients.xano = () => xano.getWorkspaceTable({ workspace_id: 1 }, { attempts: 1 });
    }
    if (o.distB) {
      // A second build of the package (its own module graph, so its own wasm instance),
      // measured in the same interleaved rounds: an A/B of two builds under the same noise.
      const { XanoClient } = await import(pathToFileURL(join(o.distB, 'node.js')).href);
      const xano = new XanoClient({ baseUrl: base, token: TOKEN });
      clients['xano-b'] = () => xano.getWorkspaceTable({ workspace_id: 1 }, { attempts: 1 });
    }
    if (o.client !== 'xano') {
      const url = `${base}/workspace/1/table`;
      const headers = { Authorization: `Bearer ${TOKEN}` };
      clients.raw = async () => {
        const res = await fetch(url, { headers });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return JSON.parse(await res.text());
      };
    }
    const runs = Object.entries(clients).map(([name, call]) => ({ name, call, ms: 0, cpuUs: 0 }));
    for (const { name, call } of runs) {
      const first = await call();
      if (first?.items?.[0]?.id !== 7) throw new Error(`${name}: unexpected answer ${JSON.stringify(first)}`);
      for (let i = 0; i < o.warmup; i++) await call();
    }
    const session = o.profile ? await startProfile() : null;
    const usNow = () => Number(process.hrtime.bigint() / 1000n); // the profile's clock
    // In rounds of 100, interleaved as in bench.mjs, the order reversed every other
    // round: whichever runs first after another client's round pays differently.
    for (let done = 0; done < o.calls; done += 100) {
      const n = Math.min(100, o.calls - done);
      for (const r of done % 200 ? [...runs].reverse() : runs) {
        const cpu0 = process.cpuUsage();
        const from = usNow();
        const t0 = performance.now();
        for (let i = 0; i < n; i++) await r.call();
        r.ms += performance.now() - t0;
        (r.spans ??= []).push([from, usNow()]);
        const cpu = process.cpuUsage(cpu0);
        r.cpuUs += cpu.user + cpu.system;
      }
    }
    if (session) await writeProfiles(session, runs, o);
    for (const r of runs) {
      console.log(`${r.name}${o.stub ? ' (stub fetch)' : ''}: ${o.calls} calls, ${((r.ms * 1000) / o.calls).toFixed(1)} µs per call, `
        + `${(r.cpuUs / o.calls).toFixed(1)} µs CPU per call`);
    }
    const raw = runs.find((r) => r.name === 'raw');
    for (const r of runs.filter((r) => raw && r !== raw)) {
      console.log(`${r.name} / raw: ${(r.ms / raw.ms).toFixed(3)}× time, ${(r.cpuUs / raw.cpuUs).toFixed(3)}× CPU`);
    }
    const [a, b] = [runs.find((r) => r.name === 'xano'), runs.find((r) => r.name === 'xano-b')];
    if (a && b) console.log(`xano-b / xano: ${(b.ms / a.ms).toFixed(3)}× time, ${(b.cpuUs / a.cpuUs).toFixed(3)}× CPU`);
  } finally {
    server?.close();
  }
}

async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
  return session;
}

/**
 * Stops the profiler and writes `<dir>/<client>.cpuprofile` for each client: the
 * samples taken during its rounds only, so two clients measured in interleaved rounds
 * are profiled under the same noise. Each file also says how many calls it covers.
 */
async function writeProfiles(session, runs, o) {
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  mkdirSync(o.profile, { recursive: true });
  for (const r of runs) {
    const samples = [];
    const timeDeltas = [];
    let t = profile.startTime;
    let span = 0;
    profile.samples.forEach((id, i) => {
      t += profile.timeDeltas[i];
      while (span < r.spans.length && r.spans[span][1] < t) span++;
      if (span < r.spans.length && r.spans[span][0] <= t) {
        samples.push(id);
        timeDeltas.push(profile.timeDeltas[i]);
      }
    });
    const file = join(o.profile, `${r.name}.cpuprofile`);
    writeFileSync(file, JSON.stringify({ ...profile, samples, timeDeltas, calls: o.calls }));
    console.log(`profile of ${r.name}'s rounds: ${file}`);
  }
}

/** Where a profile node's self time ran (`llhttp`: the wasm modules undici calls). */
function place(frame, llhttp) {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)' || functionName === '(idle)' || functionName === '(root)') return functionName;
  if (url.startsWith('wasm://')) return llhttp.has(url) ? 'undici (llhttp wasm)' : 'wasm (xano-meta)';
  if (url.endsWith('/core.js')) return 'package core: the glue and pkg/js (core.js)';
  if (url.includes('/pkg/dist/') || url.includes('/dist/')) return `package JS (${url.split('/').pop()})`;
  if (url.includes('profile-call.mjs')) return 'this loop';
  if (url.includes('undici') || url.startsWith('node:internal/deps/undici')) return 'undici';
  if (url.startsWith('node:')) return `node (${url.replace(/^node:internal\//, '').split('/')[0]})`;
  if (url === '') return `native (${functionName || 'anonymous'})`;
  return url;
}

/**
 * The glue's import functions by their short names (the build renames them; its map,
 * `target/wasm-names.json`, gives `[module, wasm-bindgen's name, short name]` each),
 * or an empty map without the file.
 */
function importNames(file) {
  if (!existsSync(file)) return new Map();
  return new Map(JSON.parse(readFileSync(file, 'utf8')).imports.map(([, long, short]) => [short, long]));
}

function summarize(o) {
  const profile = JSON.parse(readFileSync(o.summarize, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  // An import is a glue function the wasm calls (the minified glue's own functions
  // bear short names too).
  const names = importNames(o.names);
  for (const { id, callFrame: f } of profile.nodes) {
    const caller = byId.get(parent.get(id))?.callFrame;
    if (f.url.endsWith('/core.js') && caller?.url.startsWith('wasm://') && names.has(f.functionName)) {
      f.functionName = names.get(f.functionName);
    }
  }
  // Self time per node, from the samples and their time deltas (µs).
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) || 0) + (profile.timeDeltas[i] || 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  // A wasm module is undici's HTTP parser if undici calls into it.
  const llhttp = new Set();
  for (const n of profile.nodes) {
    const up = byId.get(parent.get(n.id));
    if (n.callFrame.url.startsWith('wasm://') && up?.callFrame.url.includes('undici')) llhttp.add(n.callFrame.url);
  }
  const idle = [...self].filter(([id]) => byId.get(id).callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const pct = (t) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
  // Per call when the profile says how many calls it covers (--profile), else in total.
  const ms = profile.calls
    ? (t) => `${(t / profile.calls).toFixed(2).padStart(7)} µs/call`
    : (t) => `${(t / 1000).toFixed(1).padStart(8)} ms`;

  const byPlace = new Map();
  const byFunction = new Map();
  for (const [id, t] of self) {
    const f = byId.get(id).callFrame;
    const p = place(f, llhttp);
    if (p === '(idle)') continue;
    byPlace.set(p, (byPlace.get(p) || 0) + t);
    const where = f.url.startsWith('wasm://') ? p : `${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    const key = `${f.functionName || '(anonymous)'}  ${where}`;
    byFunction.set(key, (byFunction.get(key) || 0) + t);
  }
  // Inclusive time of each wasm-bindgen import: a sample counts once for the outermost
  // `__wbg_*` frame on its stack.
  const imports = new Map();
  for (const [id, t] of self) {
    let outer = null;
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const name = byId.get(n).callFrame.functionName;
      if (/^__wbg_|^__wbindgen_/.test(name)) outer = name.replace(/_[0-9a-f]{16}$/, '');
    }
    if (outer) imports.set(outer, (imports.get(outer) || 0) + t);
  }
  const print = (title, map, top) => {
    console.log(`\n${title}`);
    for (const [k, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(t)} ${pct(t)}  ${k}`);
  };
  const calls = profile.calls ? `, ${profile.calls} calls: ${(busy / profile.calls).toFixed(1)} µs busy per call` : '';
  console.log(`${o.summarize}${calls}: ${(busy / 1000).toFixed(1)} ms busy (${(idle / 1000).toFixed(1)} ms idle), ${profile.samples.length} samples`);
  print('Self time by place (% of busy time)', byPlace, 30);
  print('Inclusive time of the wasm\'s JS imports (outermost __wbg_* on the stack)', imports, o.top);
  print('Self time by function', byFunction, o.top);
}

const o = parseArgs(process.argv.slice(2));
(o.summarize ? Promise.resolve(summarize(o)) : run(o)).catch((e) => {
  console.error(e?.stack || e);
  process.exitCode = 1;
});
