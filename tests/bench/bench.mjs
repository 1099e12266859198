#!/usr/bin/env node
// Benchmark of the xano-meta npm package against plain fetch and two peer generators
// (openapi-typescript + openapi-fetch, @hey-api/openapi-ts). Everything is measured in
// ONE run and reported as ratios against a baseline measured in that same run: the
// machines this runs on are small and noisy, so no absolute time is asserted, and the
// process exits 0 whether targets are met or not (1 only if something crashed).
//
//   node tests/bench/bench.mjs [--json out.json] [--dist pkg/dist] [--tools .tools/node_modules]
//                              [--spec specs/instance.json] [--ours-generate-ms MS]
//                              [--calls 3000] [--warmup 300] [--round 100]
//                              [--large-calls 20] [--large-bytes 5242880] [--cold-runs 9] [--gen-runs 3]
//                              [--browser-runs 9] [--playwright <playwright-core/index.mjs>] [--chromium /usr/bin/chromium]
//                              [--keep-tmp] [--network-only]
//
// Rows (see tests/bench/README.md for what each measures and how):
//   1. browser bundle size, gzip -9, of the same 3-call app with each client (esbuild)
//   2. overhead per small GET in Node, loopback: fetch+JSON.parse vs xano-meta vs openapi-fetch
//   3. one ~5 MB page of rows, decoded: fetch+JSON.parse vs xano-meta (openapi-fetch for reference)
//   4. generation time of the full spec: openapi-typescript vs xano-meta's (given by the caller)
//   5. cold start in Node: `await import()` of each client in a fresh process (target: ≤ 2× openapi-fetch)
//   6. cold start in Chromium: a page importing xano-meta vs a page importing hey-api's SDK of
//      all operations, same server, a fresh context each, alternated (target: ≤ 1.5×)
//
// Child processes: tests/bench/server.mjs (the loopback server), headless Chromium (row 6,
// through playwright-core), generate.mjs (each peer
// generator, in a process of its own), run-bundle.mjs (runs each bundle once, so a size is
// reported only for an app that works). Temp files go to one directory under os.tmpdir(),
// removed at the end, as is the server.

import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deepStrictEqual } from 'node:assert';
import { gzipSync } from 'node:zlib';
import { packageEntry, packageVersion } from './generate.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const TOKEN = 'bench-token'; // not a JWT: xano-meta's scope check has nothing to read, and is skipped
const FALLBACK_BASE = 'https://x8ki-letl-twmt.n7.xano.io/api:meta';

// ---------- options ----------

function parseArgs(argv) {
  const o = {
    json: null,
    dist: join(REPO, 'pkg/dist'),
    tools: join(REPO, '.tools/node_modules'),
    spec: join(REPO, 'specs/instance.json'),
    oursGenerateMs: null,
    calls: 3000,
    warmup: 300,
    round: 100,
    largeCalls: 20,
    largeBytes: 5 * 1024 * 1024,
    coldRuns: 9,
    genRuns: 3,
    browserRuns: 9,
    playwright: join(REPO, '.tools/node_modules/playwright-core/index.mjs'),
    chromium: '/usr/bin/chromium',
    keepTmp: false,
    networkOnly: false,
  };
  const numeric = {
    '--ours-generate-ms': 'oursGenerateMs', '--calls': 'calls', '--warmup': 'warmup', '--round': 'round',
    '--large-calls': 'largeCalls', '--large-bytes': 'largeBytes', '--cold-runs': 'coldRuns', '--gen-runs': 'genRuns',
    '--browser-runs': 'browserRuns',
  };
  const paths = {
    '--json': 'json', '--dist': 'dist', '--tools': 'tools', '--spec': 'spec', '--playwright': 'playwright', '--chromium': 'chromium',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--keep-tmp') {
      o.keepTmp = true;
    } else if (flag === '--network-only') {
      o.networkOnly = true;
    } else if (flag === '--help' || flag === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(7, 13).map((l) => l.slice(3)).join('\n'));
      process.exit(0);
    } else if (flag in paths) {
      const v = value();
      if (v === undefined) throw Object.assign(new Error(`${flag} needs a value`), { usage: true });
      o[paths[flag]] = resolve(v);
    } else if (flag in numeric) {
      const v = Number(value());
      if (!Number.isFinite(v) || v <= 0) throw Object.assign(new Error(`${flag} needs a positive number`), { usage: true });
      o[numeric[flag]] = v;
    } else {
      throw Object.assign(new Error(`unknown argument ${argv[i]} (try --help)`), { usage: true });
    }
  }
  return o;
}

// ---------- small helpers ----------

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const mean = (xs) => sum(xs) / xs.length;
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const round = (x, digits = 2) => (x === null || x === undefined ? null : Number(x.toFixed(digits)));
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmtRatio = (r) => (r === null ? 'n/a' : `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`);
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const plain = (x) => JSON.parse(JSON.stringify(x));
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

/** Runs a node script; resolves with its stdout, rejects with its stderr on failure. */
function runNode(args, { cwd, timeoutMs = 120_000 } = {}) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`node ${args.join(' ').slice(0, 200)} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return r.stdout;
}
const lastJsonLine = (out) => JSON.parse(out.trim().split('\n').pop());

function startServer(largeBytes) {
  return new Promise((resolveStart, rejectStart) => {
    const child = spawn(process.execPath, [join(HERE, 'server.mjs'), '--large-bytes', String(largeBytes)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let buf = '';
    const timer = setTimeout(() => { child.kill(); rejectStart(new Error('server did not start in 20 s')); }, 20_000);
    child.on('error', rejectStart);
    child.on('exit', (code) => rejectStart(new Error(`server exited early (${code})`)));
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /^LISTENING (\S+) (\d+)\n/.exec(buf);
      if (m) {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolveStart({
          origin: m[1],
          largeBodyBytes: Number(m[2]),
          stats: async () => (await fetch(`${m[1]}/__stats`)).json(),
          close: () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            child.stdin.destroy();
          },
        });
      }
    });
  });
}

/** The baseline of rows 2 and 3: `fetch` + `JSON.parse`, nothing else. */
function rawFetchContender(url, headers) {
  return {
    key: 'raw', label: 'fetch + JSON.parse',
    call: async () => {
      const res = await fetch(url, { headers });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return JSON.parse(await res.text());
    },
  };
}

// ---------- row 2: overhead per small call ----------

async function benchPerCall(o, base, { XanoClient, createFetchClient }) {
  const url = `${base}/workspace/1/table`;
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const xano = new XanoClient({ baseUrl: base, token: TOKEN });
  const of = createFetchClient({ baseUrl: base, headers });
  const contenders = [
    rawFetchContender(url, headers),
    { key: 'xanoMeta', label: 'xano-meta', call: () => xano.getWorkspaceTable({ workspace_id: 1 }, { attempts: 1 }) },
    {
      key: 'openapiFetch', label: 'openapi-fetch',
      call: async () => {
        const { data, error } = await of.GET('/workspace/{workspace_id}/table', { params: { path: { workspace_id: 1 } } });
        if (error !== undefined) throw new Error(`openapi-fetch: ${JSON.stringify(error)}`);
        return data;
      },
    },
  ];
  const expected = plain(await contenders[0].call());
  for (const c of contenders) deepStrictEqual(plain(await c.call()), expected, `${c.label} answers differently`);

  for (const c of contenders) for (let i = 0; i < o.warmup; i++) await c.call();
  const rounds = Math.ceil(o.calls / o.round);
  for (const c of contenders) Object.assign(c, { totalMs: 0, cpuUs: 0, n: 0, roundsUs: [] });
  for (let r = 0; r < rounds; r++) {
    const n = Math.min(o.round, o.calls - r * o.round);
    for (const c of contenders) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await c.call();
      const dt = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      c.totalMs += dt;
      c.cpuUs += cpu.user + cpu.system;
      c.n += n;
      c.roundsUs.push((dt * 1000) / n);
    }
  }
  const out = { path: 'GET /workspace/1/table', calls: o.calls, warmup: o.warmup, rounds, responseBytes: JSON.stringify(expected).length };
  const rawUs = (contenders[0].totalMs * 1000) / contenders[0].n;
  for (const c of contenders) {
    const us = (c.totalMs * 1000) / c.n;
    out[c.key] = {
      label: c.label,
      meanUs: round(us, 1),
      ratioToRaw: round(us / rawUs, 3),
      // A second view, robust to one slow round: median over rounds of (this round / raw's round).
      medianRoundRatio: round(median(c.roundsUs.map((u, i) => u / contenders[0].roundsUs[i])), 3),
      // A third: CPU time of this process (user + system) per call; the server's is not in it.
      cpuUs: round(c.cpuUs / c.n, 1),
      cpuRatioToRaw: round(c.cpuUs / c.n / (contenders[0].cpuUs / contenders[0].n), 3),
      roundsUs: c.roundsUs.map((u) => round(u, 1)),
    };
  }
  return out;
}

// ---------- row 3: one large response ----------

async function benchLarge(o, base, { XanoClient, createFetchClient }) {
  const url = `${base}/workspace/1/table/7/content?page=1&per_page=100000`;
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const xano = new XanoClient({ baseUrl: base, token: TOKEN });
  const of = createFetchClient({ baseUrl: base, headers });
  const contenders = [
    rawFetchContender(url, headers),
    {
      key: 'xanoMeta', label: 'xano-meta',
      call: () => xano.getWorkspaceTableContent({ workspace_id: 1, table_id: 7, page: 1, per_page: 100000 }, { attempts: 1 }),
    },
    {
      key: 'openapiFetch', label: 'openapi-fetch',
      call: async () => {
        const { data, error } = await of.GET('/workspace/{workspace_id}/table/{table_id}/content', {
          params: { path: { workspace_id: 1, table_id: 7 }, query: { page: 1, per_page: 100000 } },
        });
        if (error !== undefined) throw new Error('openapi-fetch: error');
        return data;
      },
    },
  ];
  const first = await contenders[0].call();
  const rows = first.items.length;
  const check = (c, page) => {
    if (!page || !Array.isArray(page.items) || page.items.length !== rows || page.items[rows - 1].id !== rows) {
      throw new Error(`${c.label}: the large page came back wrong`);
    }
  };
  for (const c of contenders) for (let i = 0; i < 2; i++) check(c, await c.call()); // warm-up
  for (const c of contenders) c.ms = [];
  for (let i = 0; i < o.largeCalls; i++) {
    for (const c of contenders) {
      const t0 = performance.now();
      const page = await c.call();
      c.ms.push(performance.now() - t0);
      check(c, page);
    }
  }
  const out = { path: 'GET /workspace/1/table/7/content', calls: o.largeCalls, rows };
  const rawMean = mean(contenders[0].ms);
  const rawMedian = median(contenders[0].ms);
  for (const c of contenders) {
    out[c.key] = {
      label: c.label,
      meanMs: round(mean(c.ms)),
      medianMs: round(median(c.ms)),
      ratioToRaw: round(mean(c.ms) / rawMean, 3),
      medianRatioToRaw: round(median(c.ms) / rawMedian, 3),
      ms: c.ms.map((x) => round(x)),
    };
  }
  return out;
}

// ---------- row 4: generation ----------

function benchGenerate(o, tmp) {
  const out = join(tmp, 'openapi-typescript', 'schema.d.ts');
  mkdirSync(dirname(out), { recursive: true });
  const r = lastJsonLine(runNode([join(HERE, 'generate.mjs'), 'openapi-typescript', o.tools, o.spec, out, String(o.genRuns)]));
  const ms = median(r.runsMs);
  return {
    schemaPath: out,
    openapiTypescript: {
      how: `programmatic openapiTS() + astToString(), spec read + JSON.parse + required-flag repair included; median of ${r.runsMs.length} runs in one fresh process`,
      medianMs: round(ms, 1),
      runsMs: r.runsMs.map((x) => round(x, 1)),
      repairMs: r.repairMs.map((x) => round(x, 1)),
      outBytes: r.outBytes,
    },
    oursMs: o.oursGenerateMs,
    ratio: o.oursGenerateMs ? round(ms / o.oursGenerateMs, 2) : null,
  };
}

// ---------- row 1: bundle sizes ----------

/** The `export const name = ...` of hey-api's sdk.gen.ts for METHOD path. */
function heyApiFunction(sdkSource, method, path) {
  const re = /export const (\w+) = [^\n]*?\.(get|post|put|patch|delete)<[\s\S]*?url: '([^']+)'/g;
  for (const m of sdkSource.matchAll(re)) if (m[2] === method && m[3] === path) return m[1];
  throw new Error(`hey-api's SDK has no function for ${method.toUpperCase()} ${path}`);
}

async function benchSizes(o, tmp, schemaPath, origin) {
  const esbuild = createRequire(join(o.tools, 'noop.cjs'))(join(o.tools, 'esbuild'));
  const apps = join(tmp, 'apps');
  mkdirSync(apps, { recursive: true });
  const head = [
    'const g = globalThis;',
    `const baseUrl = g.BENCH_BASE_URL ?? ${JSON.stringify(FALLBACK_BASE)};`,
    "const token = g.BENCH_TOKEN ?? '';",
  ].join('\n');

  // (a) xano-meta
  writeFileSync(join(apps, 'xano-meta.mjs'), `${[
    `import { XanoClient } from ${JSON.stringify(join(o.dist, 'browser.js'))};`,
    head,
    'const xano = new XanoClient({ baseUrl, token });',
    'const list = await xano.getWorkspaceTable({ workspace_id: 1 });',
    "const created = await xano.postWorkspaceTable({ workspace_id: 1, body: { name: 'books' } });",
    'const table = await xano.getWorkspaceTableByTableId({ workspace_id: 1, table_id: 7 });',
    'g.BENCH_RESULT = [list, created, table];',
  ].join('\n')}\n`);

  // (b) openapi-typescript types + openapi-fetch
  writeFileSync(join(apps, 'openapi-fetch.ts'), `${[
    "import createClient from 'openapi-fetch';",
    `import type { paths } from ${JSON.stringify(schemaPath.replace(/\.d\.ts$/, ''))};`,
    head.replace('const g = globalThis;', 'const g = globalThis as any;'),
    'const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });',
    "const list = await client.GET('/workspace/{workspace_id}/table', { params: { path: { workspace_id: 1 } } });",
    "const created = await client.POST('/workspace/{workspace_id}/table', { params: { path: { workspace_id: 1 } }, body: { name: 'books' } });",
    "const table = await client.GET('/workspace/{workspace_id}/table/{table_id}', { params: { path: { workspace_id: 1, table_id: 7 } } });",
    'g.BENCH_RESULT = [list.data, created.data, table.data];',
  ].join('\n')}\n`);

  // (c) @hey-api/openapi-ts SDK with its fetch client (generated now, timed for reference)
  const heyDir = join(tmp, 'hey-api');
  const hey = lastJsonLine(runNode([join(HERE, 'generate.mjs'), 'hey-api', o.tools, o.spec, heyDir], { cwd: tmp }));
  const sdk = readFileSync(join(heyDir, 'sdk.gen.ts'), 'utf8');
  const fns = {
    list: heyApiFunction(sdk, 'get', '/workspace/{workspace_id}/table'),
    create: heyApiFunction(sdk, 'post', '/workspace/{workspace_id}/table'),
    byId: heyApiFunction(sdk, 'get', '/workspace/{workspace_id}/table/{table_id}'),
  };
  writeFileSync(join(apps, 'hey-api.ts'), `${[
    `import { client } from ${JSON.stringify(join(heyDir, 'client.gen'))};`,
    `import { ${fns.list}, ${fns.create}, ${fns.byId} } from ${JSON.stringify(join(heyDir, 'sdk.gen'))};`,
    head.replace('const g = globalThis;', 'const g = globalThis as any;'),
    'client.setConfig({ baseUrl, auth: () => token });',
    `const list = await ${fns.list}({ path: { workspace_id: 1 } });`,
    `const created = await ${fns.create}({ path: { workspace_id: 1 }, body: { name: 'books' } });`,
    `const table = await ${fns.byId}({ path: { workspace_id: 1, table_id: 7 } });`,
    'g.BENCH_RESULT = [list.data, created.data, table.data];',
  ].join('\n')}\n`);

  const wasmPath = join(o.dist, 'xano_meta_bg.wasm');
  const result = { bundler: `esbuild ${esbuild.version}: bundle, minify, format esm, platform browser; gzip level 9` };
  const before = await (await fetch(`${origin}/__stats`)).json();
  for (const [key, entry] of [['xanoMeta', 'xano-meta.mjs'], ['openapiFetch', 'openapi-fetch.ts'], ['heyApi', 'hey-api.ts']]) {
    const outdir = join(tmp, 'dist', key);
    const built = await esbuild.build({
      entryPoints: [join(apps, entry)],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      outdir,
      outExtension: { '.js': '.mjs' },
      nodePaths: [o.tools],
      absWorkingDir: tmp,
      metafile: true,
      write: true,
      logLevel: 'silent',
    });
    if (built.errors.length) throw new Error(`esbuild: ${JSON.stringify(built.errors)}`);
    const files = Object.keys(built.metafile.outputs).map((f) => resolve(tmp, f));
    const jsFiles = files.filter((f) => /\.m?js$/.test(f));
    if (jsFiles.length !== 1) throw new Error(`esbuild wrote ${jsFiles.length} scripts for ${key}`);
    const js = readFileSync(jsFiles[0]);
    const assets = [];
    // esbuild leaves `new URL('./x.wasm', import.meta.url)` alone: the .wasm is an asset a
    // bundler copies beside the script. Count it, and put it there for the smoke run.
    if (js.includes('xano_meta_bg.wasm')) {
      copyFileSync(wasmPath, join(outdir, basename(wasmPath)));
      const wasm = readFileSync(wasmPath);
      assets.push({ file: basename(wasmPath), rawBytes: wasm.length, gzipBytes: gz(wasm) });
    }
    for (const f of files.filter((f) => !jsFiles.includes(f))) {
      const contents = readFileSync(f);
      assets.push({ file: basename(f), rawBytes: contents.length, gzipBytes: gz(contents) });
    }
    const smoke = lastJsonLine(runNode([join(HERE, 'run-bundle.mjs'), jsFiles[0], `${origin}/api:meta`]));
    if (!Array.isArray(smoke) || smoke.length !== 3 || !smoke[0]?.items || smoke[1]?.id !== 7 || smoke[2]?.id !== 7) {
      throw new Error(`the ${key} app did not get its 3 answers: ${JSON.stringify(smoke).slice(0, 300)}`);
    }
    result[key] = {
      jsRawBytes: js.length,
      jsGzipBytes: gz(js),
      assets,
      totalGzipBytes: gz(js) + sum(assets.map((a) => a.gzipBytes)),
    };
  }
  const after = await (await fetch(`${origin}/__stats`)).json();
  const calls = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] || 0)]).filter(([, v]) => v));
  const expectCalls = { 'GET /api:meta/workspace/1/table': 3, 'POST /api:meta/workspace/1/table': 3, 'GET /api:meta/workspace/1/table/7': 3 };
  deepStrictEqual(calls, expectCalls, 'the three apps did not make the same three calls');
  result.smoke = 'each bundle ran once in Node against the loopback server and made its 3 calls';
  for (const key of ['xanoMeta', 'openapiFetch', 'heyApi']) {
    result[key].ratioToXanoMeta = round(result[key].totalGzipBytes / result.xanoMeta.totalGzipBytes, 3);
  }
  result.heyApi.generation = { version: hey.version, ms: round(hey.runsMs[0], 1), how: 'createClient() once, fresh process, writes files' };
  result.heyApi.functions = fns;
  return result;
}

// ---------- row 5: cold start in Node ----------

/**
 * `await import()` of each client in a fresh Node process, alternated; medians. A third
 * kind of process only compiles and instantiates xano-meta's `.wasm` (no JS glue): the
 * share of the import that the wasm itself costs, which is what bounds the ratio.
 */
function benchColdStart(o, tools) {
  const wasmUrl = pathToFileURL(join(o.dist, 'xano_meta_bg.wasm')).href;
  const importCode = (url) => `const t0 = performance.now(); await import(${JSON.stringify(url)}); const t1 = performance.now();`
    + ' console.log(JSON.stringify({ importMs: t1 - t0, readyMs: t1 }));';
  const targets = [
    ['xanoMeta', importCode(pathToFileURL(join(o.dist, 'node.js')).href)],
    ['openapiFetch', importCode(packageEntry(tools, 'openapi-fetch'))],
    // Compile and instantiate only: stub imports satisfy the module's import list.
    ['wasmOnly', `import { readFileSync } from 'node:fs'; const t0 = performance.now();`
      + ` const m = new WebAssembly.Module(readFileSync(new URL(${JSON.stringify(wasmUrl)})));`
      + ' const imports = {}; for (const i of WebAssembly.Module.imports(m)) (imports[i.module] ??= {})[i.name] = i.kind === "function" ? () => {} : undefined;'
      + ' try { new WebAssembly.Instance(m, imports); } catch {} const t1 = performance.now();'
      + ' console.log(JSON.stringify({ importMs: t1 - t0, readyMs: t1 }));'],
    // The package's JS alone: its shared module (the glue and the entries' code), whose
    // top-level code defines functions and classes but instantiates nothing.
    ['jsOnly', importCode(pathToFileURL(join(o.dist, 'core.js')).href)],
  ];
  const runs = Object.fromEntries(targets.map(([k]) => [k, []]));
  for (let i = 0; i < o.coldRuns; i++) {
    for (const [key, code] of targets) {
      const t = performance.now();
      const r = lastJsonLine(runNode(['--input-type=module', '-e', code], { timeoutMs: 30_000 }));
      runs[key].push({ ...r, wallMs: performance.now() - t });
    }
  }
  const out = { how: `fresh \`node --input-type=module -e\` per run, ${o.coldRuns} runs each, alternated; medians` };
  for (const [key] of targets) {
    out[key] = {
      importMs: round(median(runs[key].map((r) => r.importMs))),
      readyMs: round(median(runs[key].map((r) => r.readyMs))),
      processWallMs: round(median(runs[key].map((r) => r.wallMs))),
      runs: runs[key].map((r) => ({ importMs: round(r.importMs), readyMs: round(r.readyMs), wallMs: round(r.wallMs) })),
    };
  }
  out.wasmOnly.how = 'new WebAssembly.Module(readFileSync(.wasm)) + new WebAssembly.Instance with stub imports, no JS glue';
  out.jsOnly.how = '`await import()` of core.js alone (the package\'s JS as the browser entries share it, which node.js bundles with its few lines of loading; nothing instantiated)';
  out.wasmBytes = readFileSync(join(o.dist, 'xano_meta_bg.wasm')).length;
  out.ratio = round(out.xanoMeta.importMs / out.openapiFetch.importMs, 2);
  return out;
}

// ---------- row 6: cold start in Chromium ----------

/**
 * Two pages on one static server: one imports xano-meta, the other hey-api's SDK of ALL
 * operations (`export *` of sdk.gen, so nothing is shaken off), each bundled by esbuild
 * the same way (bundle, minify, ESM, browser; xano-meta's `.wasm` beside its bundle as
 * the asset esbuild leaves it). Each sample is a fresh browser context (no cache; the
 * server sends no-store), the pages alternated; the page times its own `await import()`
 * with performance.now(), and for xano-meta also the `.wasm`'s fetch (Resource Timing).
 */
async function benchChromiumColdStart(o, tmp, heyDir) {
  const esbuild = createRequire(join(o.tools, 'noop.cjs'))(join(o.tools, 'esbuild'));
  const { serve } = await import(pathToFileURL(join(REPO, 'tests/pages/serve.mjs')).href);
  const { chromium } = await import(pathToFileURL(o.playwright).href);
  const site = join(tmp, 'cold-site');
  mkdirSync(site, { recursive: true });
  writeFileSync(join(tmp, 'cold-xano-meta.mjs'), `export * from ${JSON.stringify(join(o.dist, 'browser.js'))};\n`);
  writeFileSync(join(tmp, 'cold-hey-api.ts'), `${[
    `export * from ${JSON.stringify(join(heyDir, 'sdk.gen'))};`,
    `export { client } from ${JSON.stringify(join(heyDir, 'client.gen'))};`,
  ].join('\n')}\n`);
  const bundles = {};
  for (const [key, entry] of [['xanoMeta', 'cold-xano-meta.mjs'], ['heyApi', 'cold-hey-api.ts']]) {
    const outfile = join(site, key, 'bundle.mjs');
    const built = await esbuild.build({
      entryPoints: [join(tmp, entry)], outfile, bundle: true, minify: true, format: 'esm', platform: 'browser',
      nodePaths: [o.tools], absWorkingDir: tmp, logLevel: 'silent',
    });
    if (built.errors.length) throw new Error(`esbuild: ${JSON.stringify(built.errors)}`);
    if (key === 'xanoMeta') copyFileSync(join(o.dist, 'xano_meta_bg.wasm'), join(site, key, 'xano_meta_bg.wasm'));
    bundles[key] = { jsBytes: readFileSync(outfile).length };
  }
  // What each page checks after the import: the package answers / the SDK has every operation.
  const probe = {
    xanoMeta: 'm.operations().length',
    heyApi: "Object.values(m).filter((f) => typeof f === 'function').length",
  };
  const page = (body) => `<!doctype html><meta charset="utf-8"><pre id="r"></pre><script type="module">\n${body}\n</script>\n`;
  for (const key of Object.keys(bundles)) {
    writeFileSync(join(site, `${key}.html`), page(`const t0 = performance.now();
const m = await import('./${key}/bundle.mjs');
const ms = performance.now() - t0;
const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
document.getElementById('r').textContent = JSON.stringify({ ms, count: ${probe[key]}, wasmFetchMs: wasm ? wasm.responseEnd - wasm.startTime : null });`));
  }
  // The wasm alone, as the package loads it (streaming compile of the fetch), instantiated
  // with stub imports: the share of row 6 that no JS change can remove.
  writeFileSync(join(site, 'wasmOnly.html'), page(`const t0 = performance.now();
const m = await WebAssembly.compileStreaming(fetch('./xanoMeta/xano_meta_bg.wasm'));
const imports = {};
for (const i of WebAssembly.Module.imports(m)) (imports[i.module] ??= {})[i.name] = i.kind === 'function' ? () => {} : undefined;
try { new WebAssembly.Instance(m, imports); } catch {}
const ms = performance.now() - t0;
document.getElementById('r').textContent = JSON.stringify({ ms, count: WebAssembly.Module.exports(m).length });`));
  const server = await serve(site);
  const browser = await chromium.launch({
    executablePath: o.chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
  const version = browser.version();
  const runs = { xanoMeta: [], heyApi: [], wasmOnly: [] };
  try {
    for (let i = 0; i < o.browserRuns; i++) {
      // Alternated, and the order of the two pages swapped every run, so neither always goes first.
      const order = i % 2 ? ['heyApi', 'xanoMeta', 'wasmOnly'] : ['xanoMeta', 'heyApi', 'wasmOnly'];
      for (const key of order) {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          const errors = [];
          page.on('pageerror', (e) => errors.push(e.message));
          await page.goto(new URL(`${key}.html`, server.url).href);
          await page.waitForFunction(() => document.getElementById('r').textContent !== '', null, { timeout: 60_000 })
            .catch((e) => { throw new Error(`${key} page: ${errors.join('; ') || e.message}`); });
          runs[key].push(JSON.parse(await page.$eval('#r', (el) => el.textContent)));
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (!runs.xanoMeta.every((r) => r.count >= 222) || !runs.heyApi.every((r) => r.count >= 212) || !runs.wasmOnly.every((r) => r.count > 0)) {
    throw new Error(`a cold-start page did not load what it should: ${JSON.stringify(runs).slice(0, 300)}`);
  }
  const out = {
    how: `headless Chromium ${version}, a fresh context per sample, ${o.browserRuns} samples each, alternated; medians`,
    wasmBytes: readFileSync(join(o.dist, 'xano_meta_bg.wasm')).length,
  };
  for (const key of Object.keys(runs)) {
    out[key] = {
      ...bundles[key],
      importMs: round(median(runs[key].map((r) => r.ms))),
      [key === 'wasmOnly' ? 'exports' : 'operations']: runs[key][0].count,
      runsMs: runs[key].map((r) => round(r.ms)),
    };
  }
  out.xanoMeta.wasmFetchMs = round(median(runs.xanoMeta.map((r) => r.wasmFetchMs)));
  out.wasmOnly.how = 'WebAssembly.compileStreaming(fetch(.wasm)) + new WebAssembly.Instance with stub imports, no JS glue';
  out.ratio = round(out.xanoMeta.importMs / out.heyApi.importMs, 2);
  return out;
}

/** What bounds a cold-start row that misses: the wasm's own share of the time, and the rest, as measured. */
function coldBound(c, browser) {
  const kb = (c.wasmBytes / 1024).toFixed(0);
  return {
    node: `of the ${c.xanoMeta.importMs.toFixed(1)} ms, loading the package's JS alone takes ${c.jsOnly.importMs.toFixed(1)} ms `
      + `and the wasm alone, ${kb} KB compiled and instantiated, ${c.wasmOnly.importMs.toFixed(1)} ms; the rest is instantiating `
      + `it with the glue's imports and installing the methods; openapi-fetch's whole import is ${c.openapiFetch.importMs.toFixed(1)} ms of plain JS`,
    browser: `the wasm alone, ${kb} KB fetched, compiled and instantiated, takes ${browser.wasmOnly.importMs.toFixed(1)} ms of the `
      + `${browser.xanoMeta.importMs.toFixed(1)} ms, the ${fmtInt(browser.xanoMeta.jsBytes)} B of JS glue and instantiating with its imports the rest; `
      + `hey-api's page loads ${fmtInt(browser.heyApi.jsBytes)} B of minified JS`,
  };
}

// ---------- report ----------

const TARGETS = {
  perCall: { text: '≤ 1.1× fetch+JSON.parse', pass: (r) => r <= 1.1 },
  large: { text: '≤ 1.1× fetch+JSON.parse', pass: (r) => r <= 1.1 },
  generate: { text: '≥ 5× faster than openapi-typescript', pass: (r) => r >= 5 },
  coldNode: { text: '≤ 2× openapi-fetch', pass: (r) => r <= 2 },
  coldBrowser: { text: '≤ 1.5× hey-api SDK', pass: (r) => r <= 1.5 },
};
const mark = (target, ratio) => (ratio === null ? 'n/a' : target.pass(ratio) ? '✓ pass' : '✗ MISS');

function table(res) {
  const { sizes: s, perCall: p, large: l, generate: g, coldStart: c, browserColdStart: b } = res.rows;
  const bound = coldBound(c, b);
  const withBound = (target, ratio, why) => `${target.text}: ${mark(target, ratio)}${target.pass(ratio) ? '' : ` (${why})`}`;
  const x = s.xanoMeta;
  const wasm = x.assets.find((a) => a.file.endsWith('.wasm'));
  const rows = [
    ['#', 'Measure', 'xano-meta', 'Baseline / peers (same run)', 'Ratio', 'Target'],
    ['1', 'Browser bundle of a 3-call app, gzip -9 (esbuild, minified ESM)',
      `${fmtInt(x.totalGzipBytes)} B (JS ${fmtInt(x.jsGzipBytes)} + wasm asset ${fmtInt(wasm?.gzipBytes ?? 0)})`,
      `openapi-typescript + openapi-fetch: ${fmtInt(s.openapiFetch.totalGzipBytes)} B; @hey-api/openapi-ts SDK: ${fmtInt(s.heyApi.totalGzipBytes)} B`,
      `of xano-meta: openapi-fetch ${fmtRatio(s.openapiFetch.ratioToXanoMeta)}, hey-api ${fmtRatio(s.heyApi.ratioToXanoMeta)}`,
      '—'],
    ['2', `Overhead per small GET, Node, loopback (${fmtInt(p.calls)} sequential calls, mean)`,
      `${p.xanoMeta.meanUs.toFixed(1)} µs`,
      `fetch + JSON.parse: ${p.raw.meanUs.toFixed(1)} µs; openapi-fetch: ${p.openapiFetch.meanUs.toFixed(1)} µs (${fmtRatio(p.openapiFetch.ratioToRaw)})`,
      `${fmtRatio(p.xanoMeta.ratioToRaw)} of fetch+JSON.parse`,
      withBound(TARGETS.perCall, p.xanoMeta.ratioToRaw, `the client's own work, ${(p.xanoMeta.meanUs - p.raw.meanUs).toFixed(0)} µs a call `
        + 'on top of fetch: its wasm and glue, the argument and scope checks, the call-site stack; see "What bounds the numbers"')],
    ['3', `Decode one ${(res.server.largeBodyBytes / 1048576).toFixed(1)} MiB page (${fmtInt(l.rows)} rows), ${l.calls} calls, mean`,
      `${l.xanoMeta.meanMs.toFixed(1)} ms`,
      `fetch + JSON.parse: ${l.raw.meanMs.toFixed(1)} ms; openapi-fetch: ${l.openapiFetch.meanMs.toFixed(1)} ms (${fmtRatio(l.openapiFetch.ratioToRaw)})`,
      `${fmtRatio(l.xanoMeta.ratioToRaw)} of fetch+JSON.parse`,
      withBound(TARGETS.large, l.xanoMeta.ratioToRaw, 'the body is parsed by the host\'s JSON.parse, as the baseline\'s is: what is left is the client\'s per-call work and noise')],
    ['4', 'Generate from the full spec (212 operations)',
      g.oursMs ? `${g.oursMs} ms (given by the caller)` : 'n/a (no --ours-generate-ms)',
      `openapi-typescript, programmatic openapiTS() + astToString(): ${g.openapiTypescript.medianMs.toFixed(0)} ms (median of ${g.openapiTypescript.runsMs.length}); hey-api: ${s.heyApi.generation.ms.toFixed(0)} ms (1 run, for reference)`,
      g.ratio === null ? 'n/a' : `openapi-typescript / ours = ${fmtRatio(g.ratio)}`,
      g.ratio === null ? `${TARGETS.generate.text}: n/a`
        : withBound(TARGETS.generate, g.ratio, 'it writes four Rust files formatted by rustfmt, the TypeScript declarations and the API reference; openapi-typescript writes one TypeScript file')],
    ['5', 'Cold start in Node: `await import()` in a fresh process (median of ' + res.params.coldRuns + ', alternated)',
      `${c.xanoMeta.importMs.toFixed(1)} ms (the JS alone: ${c.jsOnly.importMs.toFixed(1)} ms; the wasm alone: ${c.wasmOnly.importMs.toFixed(1)} ms)`,
      `openapi-fetch: ${c.openapiFetch.importMs.toFixed(1)} ms`,
      `${fmtRatio(c.ratio)} of openapi-fetch`,
      withBound(TARGETS.coldNode, c.ratio, bound.node)],
    ['6', `Cold start in headless Chromium: a page's \`await import()\` of the bundle, fresh context each (median of ${res.params.browserRuns}, alternated)`,
      `${b.xanoMeta.importMs.toFixed(1)} ms (JS ${fmtInt(b.xanoMeta.jsBytes)} B + wasm ${fmtInt(b.wasmBytes)} B; the wasm alone: ${b.wasmOnly.importMs.toFixed(1)} ms, its fetch ${b.xanoMeta.wasmFetchMs.toFixed(1)} ms)`,
      `@hey-api/openapi-ts SDK of all ${b.heyApi.operations} operations: ${b.heyApi.importMs.toFixed(1)} ms (JS ${fmtInt(b.heyApi.jsBytes)} B)`,
      `${fmtRatio(b.ratio)} of hey-api`,
      withBound(TARGETS.coldBrowser, b.ratio, bound.browser)],
  ];
  const line = (cells) => `| ${cells.map((x) => String(x).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(rows[0]), line(rows[0].map(() => '---')), ...rows.slice(1).map(line)].join('\n');
}

/** `--network-only`: rows 2 and 3 alone, with their second views (no table, no JSON). */
function printNetworkRows(o, p, l) {
  const row = (n, what, unit, r) => console.log(`row ${n} (${what}): xano-meta ${r.xanoMeta[unit].toFixed(1)}, `
    + `fetch + JSON.parse ${r.raw[unit].toFixed(1)}, openapi-fetch ${r.openapiFetch[unit].toFixed(1)} `
    + `(${unit === 'meanUs' ? 'µs' : 'ms'}): xano-meta ${fmtRatio(r.xanoMeta.ratioToRaw)} of fetch+JSON.parse, `
    + `openapi-fetch ${fmtRatio(r.openapiFetch.ratioToRaw)}; target ${TARGETS[n === 2 ? 'perCall' : 'large'].text}: `
    + `${mark(TARGETS[n === 2 ? 'perCall' : 'large'], r.xanoMeta.ratioToRaw)}`);
  row(2, `${fmtInt(o.calls)} small calls, mean`, 'meanUs', p);
  console.log(`  median of per-round ratios: xano-meta ${fmtRatio(p.xanoMeta.medianRoundRatio)}, openapi-fetch `
    + `${fmtRatio(p.openapiFetch.medianRoundRatio)}; client CPU per call: raw ${p.raw.cpuUs} µs, xano-meta ${p.xanoMeta.cpuUs} µs `
    + `(${fmtRatio(p.xanoMeta.cpuRatioToRaw)}), openapi-fetch ${p.openapiFetch.cpuUs} µs (${fmtRatio(p.openapiFetch.cpuRatioToRaw)})`);
  row(3, `${l.calls} large calls, mean`, 'meanMs', l);
  console.log(`  ratio of medians: xano-meta ${fmtRatio(l.xanoMeta.medianRatioToRaw)}, openapi-fetch ${fmtRatio(l.openapiFetch.medianRatioToRaw)}`);
}

// ---------- main ----------

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const distPkg = JSON.parse(readFileSync(join(o.dist, 'package.json'), 'utf8'));
  const versions = {
    node: process.version,
    v8: process.versions.v8,
    undici: process.versions.undici, // the fetch of the baseline, xano-meta and openapi-fetch alike
    xanoMeta: distPkg.version,
    esbuild: packageVersion(o.tools, 'esbuild'),
    openapiTypescript: packageVersion(o.tools, 'openapi-typescript'),
    openapiFetch: packageVersion(o.tools, 'openapi-fetch'),
    heyApiOpenapiTs: packageVersion(o.tools, '@hey-api/openapi-ts'),
  };
  const tmp = mkdtempSync(join(tmpdir(), 'xano-bench-'));
  let server = null;
  const cleanup = () => {
    server?.close();
    server = null;
    if (o.keepTmp) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  };
  const onSignal = (sig) => { cleanup(); process.exit(sig === 'SIGINT' ? 130 : 143); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    server = await startServer(o.largeBytes);
    const base = `${server.origin}/api:meta`;
    log(`server ${server.origin}, large page ${fmtInt(server.largeBodyBytes)} B; tmp ${tmp}`);
    // The network rows first, in a process holding only the two clients.
    const { XanoClient } = await import(pathToFileURL(join(o.dist, 'node.js')).href);
    const { default: createFetchClient } = await import(packageEntry(o.tools, 'openapi-fetch'));
    const clients = { XanoClient, createFetchClient };
    log(`row 2: ${o.calls} small calls each (+${o.warmup} warm-up), rounds of ${o.round}`);
    const perCall = await benchPerCall(o, base, clients);
    log(`row 3: ${o.largeCalls} large calls each`);
    const large = await benchLarge(o, base, clients);
    if (o.networkOnly) {
      printNetworkRows(o, perCall, large);
      return;
    }
    log('row 4: openapi-typescript on the spec');
    const generate = benchGenerate(o, tmp);
    log('row 1: @hey-api/openapi-ts, then 3 bundles');
    const sizes = await benchSizes(o, tmp, generate.schemaPath, server.origin);
    delete generate.schemaPath;
    log('row 5: cold starts in Node');
    const coldStart = benchColdStart(o, o.tools);
    log(`row 6: cold starts in Chromium (${o.browserRuns} fresh contexts each)`);
    const browserColdStart = await benchChromiumColdStart(o, tmp, join(tmp, 'hey-api'));

    const res = {
      when: new Date().toISOString(),
      versions,
      params: {
        dist: o.dist, tools: o.tools, spec: o.spec, calls: o.calls, warmup: o.warmup, round: o.round,
        largeCalls: o.largeCalls, largeBytes: o.largeBytes, coldRuns: o.coldRuns, genRuns: o.genRuns, browserRuns: o.browserRuns,
      },
      server: { largeBodyBytes: server.largeBodyBytes, process: 'separate (tests/bench/server.mjs)' },
      rows: { sizes, perCall, large, generate, coldStart, browserColdStart },
    };
    res.targets = {
      perCall: { target: TARGETS.perCall.text, ratio: perCall.xanoMeta.ratioToRaw, result: mark(TARGETS.perCall, perCall.xanoMeta.ratioToRaw) },
      large: { target: TARGETS.large.text, ratio: large.xanoMeta.ratioToRaw, result: mark(TARGETS.large, large.xanoMeta.ratioToRaw) },
      generate: { target: TARGETS.generate.text, ratio: generate.ratio, result: mark(TARGETS.generate, generate.ratio) },
      coldNode: { target: TARGETS.coldNode.text, ratio: coldStart.ratio, result: mark(TARGETS.coldNode, coldStart.ratio) },
      coldBrowser: { target: TARGETS.coldBrowser.text, ratio: browserColdStart.ratio, result: mark(TARGETS.coldBrowser, browserColdStart.ratio) },
    };
    res.table = table(res);
    res.totalSeconds = round((performance.now() - started) / 1000, 1);

    const v = versions;
    console.log(`xano-meta ${v.xanoMeta} (${o.dist}) | node ${v.node} (V8 ${v.v8}, undici ${v.undici}) | `
      + `esbuild ${v.esbuild} | openapi-typescript ${v.openapiTypescript} | openapi-fetch ${v.openapiFetch} | @hey-api/openapi-ts ${v.heyApiOpenapiTs}`);
    console.log('');
    console.log(res.table);
    console.log('');
    console.log(`Second views (same run): per call, median of per-round ratios: xano-meta ${fmtRatio(perCall.xanoMeta.medianRoundRatio)}, `
      + `openapi-fetch ${fmtRatio(perCall.openapiFetch.medianRoundRatio)}; per call, client-process CPU time: raw ${perCall.raw.cpuUs} µs, `
      + `xano-meta ${perCall.xanoMeta.cpuUs} µs (${fmtRatio(perCall.xanoMeta.cpuRatioToRaw)}), openapi-fetch ${perCall.openapiFetch.cpuUs} µs (${fmtRatio(perCall.openapiFetch.cpuRatioToRaw)}); `
      + `large page, ratio of medians: xano-meta ${fmtRatio(large.xanoMeta.medianRatioToRaw)}, `
      + `openapi-fetch ${fmtRatio(large.openapiFetch.medianRatioToRaw)}. Both peers were given the spec with its boolean \`required\` flags repaired (they crash on it as is).`);
    console.log(`Total ${res.totalSeconds} s.`);
    if (o.json) {
      mkdirSync(dirname(o.json), { recursive: true });
      writeFileSync(o.json, `${JSON.stringify(res, null, 2)}\n`);
      console.log(`JSON: ${o.json}`);
    }
  } finally {
    cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().catch((e) => {
  console.error(e?.usage ? `bench: ${e.message}` : e?.stack || e);
  process.exitCode = 1;
});
