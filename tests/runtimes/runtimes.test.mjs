// xano-meta in each runtime it claims: a REAL round trip against the test server
// (tests/server/xano-server.mjs, started here) from
//   1. a plain page (module script, no bundler)          workspace 61
//   2. a Vite 7 app importing 'xano-meta' by name        workspace 62
//   3. a module Web Worker                               workspace 63
//   4. a Manifest V3 extension's service worker          workspace 64 (via xano-meta/lazy.js)
//   5. Node, 6. Bun, 7. Deno, importing 'xano-meta' by name  workspaces 66, 67, 68
//   8. Cloudflare Workers (workerd), 'xano-meta' by name, unbundled   workspace 69
//   9. the same Worker bundled the way wrangler does (esbuild), in workerd  workspace 70
// each asserting what the code got back AND what the server recorded; plus the proof
// that browser.js (top-level await) cannot start in a service worker, and cold-start
// timings (printed, never asserted) for Chromium, Node, Bun, Deno and workerd.
//
//   node --test tests/runtimes/runtimes.test.mjs            (from the repository root)
//
// Env: PLAYWRIGHT_CORE  playwright-core's index.mjs, or its folder
//                       (else <repo>/.tools/node_modules/playwright-core/index.mjs)
//      VITE_PATH        vite's package folder or its Node API entry (else <repo>/.tools/node_modules/vite)
//      XANO_META_DIST   the built package (else <repo>/pkg/dist); never written to
//      CHROMIUM_PATH    the browser (else /usr/bin/chromium)
//      WORKERD_PATH, DENO_PATH, BUN_PATH   the runtimes' binaries (else <repo>/.tools/node_modules/.bin/<name>)
//      ESBUILD_PATH     esbuild's package folder (else <repo>/.tools/node_modules/esbuild)
// Everything is assembled in temporary folders, removed at the end, pass or fail.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { spawn } from 'node:child_process';
import { access, cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { startServer } from '../server/xano-server.mjs';
import { serve } from '../pages/serve.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const FIXTURES = join(HERE, 'fixtures');

const DIST = resolve(process.env.XANO_META_DIST || join(ROOT, 'pkg', 'dist'));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PLAYWRIGHT_CORE = process.env.PLAYWRIGHT_CORE || join(ROOT, '.tools', 'node_modules', 'playwright-core', 'index.mjs');
const VITE_PATH = process.env.VITE_PATH || join(ROOT, '.tools', 'node_modules', 'vite');
const TOOL_BIN = (name) => join(ROOT, '.tools', 'node_modules', '.bin', name);
const WORKERD = process.env.WORKERD_PATH || TOOL_BIN('workerd');
const DENO = process.env.DENO_PATH || TOOL_BIN('deno');
const BUN = process.env.BUN_PATH || TOOL_BIN('bun');
const ESBUILD_PATH = process.env.ESBUILD_PATH || join(ROOT, '.tools', 'node_modules', 'esbuild');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WAIT_MS = 30_000;
const TEST_TIMEOUT_MS = 180_000;
// One workspace per runtime, so no runtime's records can pass for another's.
const WS = {
  plain: 61, vite: 62, worker: 63, extension: 64, extensionTla: 65,
  node: 66, bun: 67, deno: 68, workerd: 69, wrangler: 70, workerdRedirect: 71,
};
const TABLE_NAMES = Array.from({ length: 7 }, (_, i) => `table_${i + 1}`);

// ---------- shared state (started once, torn down in after(), pass or fail) ----------

let xano; // { url, close, received } of the test server
let pw; // playwright-core's exports
let snapshotRoot; // a private copy of DIST: a rebuild running meanwhile cannot tear it
let snapshot; // snapshotRoot/xano-meta

before(async () => {
  for (const file of ['package.json', 'browser.js', 'node.js', 'lazy.js', 'workerd.js', 'deno.js', 'core.js', 'xano_meta_bg.wasm']) {
    await access(join(DIST, file)).catch(() => {
      throw new Error(`${join(DIST, file)} is missing: build the package first (or set XANO_META_DIST)`);
    });
  }
  snapshotRoot = await tempDir('xano-rt-dist-');
  snapshot = join(snapshotRoot, 'xano-meta');
  await cp(DIST, snapshot, { recursive: true });
  pw = await importModule(PLAYWRIGHT_CORE, 'index.mjs');
  xano = await startServer();
});

after(async () => {
  await xano?.close();
  if (snapshotRoot) await rm(snapshotRoot, { recursive: true, force: true });
});

// ---------- helpers ----------

async function tempDir(prefix) {
  // realpath: Chromium derives an unpacked extension's id from the real path.
  return realpath(await mkdtemp(join(tmpdir(), prefix)));
}

/** Imports a module given a file, or a folder whose `entry` (or package.json export) is it. */
async function importModule(spec, entry) {
  let path = resolve(spec);
  if ((await stat(path)).isDirectory()) {
    if (entry) path = join(path, entry);
    else {
      const pkg = JSON.parse(await readFile(join(path, 'package.json'), 'utf8'));
      let main = pkg.exports?.['.'] ?? pkg.module ?? pkg.main;
      while (main && typeof main === 'object') main = main.import ?? main.default ?? main.node;
      path = join(path, main);
    }
  }
  return import(pathToFileURL(path).href);
}

/** Registers cleanups on the test; they run in reverse order even if the test failed. */
function cleanups(t) {
  const list = [];
  t.after(async () => {
    for (const fn of list.reverse()) {
      try {
        await fn();
      } catch (err) {
        t.diagnostic(`cleanup failed: ${err.message}`);
      }
    }
  });
  return (fn) => list.push(fn);
}

/** A temp folder holding the fixture `name`, round-trip.js, and the package in xano-meta/. */
async function stageFixture(name, onCleanup, { withPackage = true } = {}) {
  const dir = await tempDir(`xano-rt-${name}-`);
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  await cp(join(FIXTURES, name), dir, { recursive: true });
  await cp(join(FIXTURES, 'shared', 'round-trip.js'), join(dir, 'round-trip.js'));
  if (withPackage) await cp(snapshot, join(dir, 'xano-meta'), { recursive: true });
  return dir;
}

async function launchBrowser(onCleanup) {
  const browser = await pw.chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  onCleanup(() => browser.close());
  return browser;
}

/** Collects what a page says went wrong, for assertion messages. */
function watch(context, page) {
  const log = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  const responses = [];
  context.on('response', (r) => responses.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] ?? '' }));
  return { log, responses };
}

/** Opens `url`, waits for #result to leave "pending", returns the parsed result. */
async function readResult(page, url, log) {
  // An uncaught error in the page (e.g. the module graph failed to evaluate) means no
  // result will ever come: fail at once rather than at the timeout.
  let onError;
  const crashed = new Promise((_, reject) => {
    onError = (e) => reject(new Error(`the page threw: ${e.message}\n${log.join('\n')}`));
    page.once('pageerror', onError);
  });
  crashed.catch(() => {});
  try {
    await page.goto(url);
    await Promise.race([
      crashed,
      page
        .waitForFunction(() => document.getElementById('result')?.dataset.state !== 'pending', null, { timeout: WAIT_MS })
        .catch((err) => {
          throw new Error(`no result within ${WAIT_MS} ms (${err.message})\n${log.join('\n')}`);
        }),
    ]);
  } finally {
    page.off('pageerror', onError);
  }
  const { state, text } = await page.$eval('#result', (el) => ({ state: el.dataset.state, text: el.textContent }));
  assert.equal(state, 'done', `the page reported an error:\n${text}\n${log.join('\n')}`);
  return JSON.parse(text);
}

/**
 * Opens `index.html` of `siteUrl` for workspace `ws` in a fresh browser page and
 * returns what the page reported, the wasm responses seen, and the server-record
 * mark taken just before (for `assertRecorded`).
 */
async function roundTripInPage(siteUrl, ws, onCleanup, onPage = () => {}) {
  const browser = await launchBrowser(onCleanup);
  const context = await browser.newContext();
  const page = await context.newPage();
  const { log, responses } = watch(context, page);
  onPage(page, log);
  const mark = xano.received.length;
  const result = await readResult(page, pageUrl(siteUrl, 'index.html', ws), log);
  return { result, responses, mark };
}

function pageUrl(base, file, workspaceId) {
  const url = new URL(file, base);
  url.searchParams.set('api', xano.url);
  url.searchParams.set('ws', String(workspaceId));
  return url.href;
}

/** What the runtime got back: the page of tables, then the 404 as the package's own error. */
function assertResult(result, scope) {
  assert.equal(result.scope, scope, 'the code ran in the expected global scope');
  const { page } = result;
  assert.deepEqual(page.items.map((t) => t.name), TABLE_NAMES, 'the page holds the server\'s tables');
  assert.deepEqual(page.items[0], {
    id: 1, name: 'table_1', description: '', created_at: 1735689600000, updated_at: 1735689600000, auth: false, tag: [],
  });
  assert.equal(page.curPage, 1);
  assert.equal(page.nextPage, null);
  assert.equal(page.itemsReceived, 7);
  assert.equal(page.itemsTotal, 7);
  assert.deepEqual(result.error, {
    name: 'XanoApiError',
    isXanoError: true,
    isXanoApiError: true,
    status: 404,
    code: 'ERROR_CODE_NOT_FOUND',
    operation: 'getWorkspaceTable',
    attempts: 1,
    method: 'GET',
    path: '/workspace/{workspace_id}/table',
    callerInStack: true,
  }, 'a 404 is thrown as the package\'s XanoApiError (error classes registered by the entry), its stack showing the caller');
  assert.equal(result.asyncIterable, true, 'PageIterator is async-iterable (the entry\'s extension ran)');
}

/** What the server recorded since `mark`: exactly this runtime's two calls. */
function assertRecorded(mark, workspaceId) {
  const records = xano.received.slice(mark).map((r) => ({
    method: r.method,
    path: r.path,
    template: r.template,
    query: r.query,
    auth: r.auth,
    authorization: r.authorization,
    accept: r.headers.accept,
    origin: r.origin,
    status: r.status,
  }));
  const call = (ws, status) => ({
    method: 'GET',
    path: `/api:meta/workspace/${ws}/table`,
    template: '/workspace/{workspace_id}/table',
    query: { page: '1' },
    auth: 'bearer',
    authorization: 'present',
    accept: 'application/json',
    origin: 'main',
    status,
  });
  assert.deepEqual(records, [call(workspaceId, 200), call(404, 404)]);
}

function assertWasmServed(responses, pattern) {
  const wasm = responses.filter((r) => pattern.test(new URL(r.url).pathname));
  assert.equal(wasm.length, 1, `the .wasm was fetched once: ${JSON.stringify(responses)}`);
  assert.equal(wasm[0].status, 200);
  assert.match(wasm[0].type, /^application\/wasm/);
}

/** The id Chromium gives an unpacked extension: sha256 of its path, hex mapped onto a-p. */
function extensionId(dir) {
  const hex = createHash('sha256').update(dir).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

async function launchWithExtension(dir, onCleanup) {
  const userDataDir = await tempDir('xano-rt-profile-');
  onCleanup(() => rm(userDataDir, { recursive: true, force: true }));
  const context = await pw.chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  onCleanup(() => context.close());
  return context;
}

/** The extension's service worker (for `dir`), once Chromium has started it. */
async function extensionWorker(context, dir) {
  const url = `chrome-extension://${extensionId(dir)}/sw.js`;
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const worker = context.serviceWorkers().find((w) => w.url() === url);
    if (worker) return worker;
    await context.waitForEvent('serviceworker', { timeout: Math.max(1, deadline - Date.now()) }).catch(() => {});
  }
  throw new Error(`the extension's service worker ${url} did not start within ${WAIT_MS} ms`);
}

/** The package must ship its service-worker entry: the extension test imports it. */
async function requireServiceWorkerEntry(dir) {
  const entry = join(dir, 'xano-meta', 'lazy.js');
  assert.ok(await access(entry).then(() => true, () => false), `the package has no service-worker entry (${entry})`);
}

// ---------- server-side and edge runtimes: processes, not pages ----------

const execFileP = promisify(execFile);

/** A temp folder laid out as a user's project: package.json, the fixture, node_modules/xano-meta. */
async function stageProject(name, onCleanup) {
  const dir = await stageFixture(name, onCleanup, { withPackage: false });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: `xano-rt-${name}`, private: true, type: 'module' }));
  await cp(snapshot, join(dir, 'node_modules', 'xano-meta'), { recursive: true });
  return dir;
}

/** Environment of the runtimes' processes: no update checks, telemetry or caches outside `dir`. */
function runtimeEnv(dir) {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    NO_COLOR: '1',
    DENO_NO_UPDATE_CHECK: '1',
    DENO_NO_PROMPT: '1',
    DENO_DIR: join(dir, '.deno'),
    DO_NOT_TRACK: '1',
    BUN_INSTALL_CACHE_DIR: join(dir, '.bun'),
  };
}

/** The command that runs the server-side fixture in `runtime` (Node, Bun or Deno). */
function scriptCommand(runtime, ...args) {
  switch (runtime) {
    case 'node': return [process.execPath, ['main.mjs', ...args]];
    // --no-install: Bun would otherwise fetch a package it cannot find.
    case 'bun': return [BUN, ['--no-install', 'main.mjs', ...args]];
    // Only loopback; no --allow-read: the deno entry imports the .wasm as a module.
    case 'deno': return [DENO, ['run', '--allow-net=127.0.0.1', '--no-lock', '--no-prompt', 'main.mjs', ...args]];
    default: throw new Error(`unknown runtime ${runtime}`);
  }
}

/** Runs main.mjs of `dir` in `runtime` for workspace `ws`; returns its printed JSON. */
async function runScript(runtime, dir, ws) {
  const [cmd, args] = scriptCommand(runtime, xano.url, String(ws));
  try {
    const { stdout } = await execFileP(cmd, args, { cwd: dir, env: runtimeEnv(dir), timeout: WAIT_MS });
    return JSON.parse(stdout.trim().split('\n').pop());
  } catch (e) {
    throw new Error(`${runtime} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

async function runtimeVersion(bin, args = ['--version']) {
  const { stdout } = await execFileP(bin, args, { timeout: WAIT_MS });
  return stdout.trim().split('\n')[0];
}

/**
 * The file a runtime whose conditions are `conditions` resolves `specifier` to from `dir`,
 * by Node's own resolver (package.json `exports`, first matching key wins). workerd has
 * no resolver of its own: this is what a Workers toolchain reads from the package.
 */
async function resolveWithConditions(dir, specifier, conditions) {
  const code = `console.log(import.meta.resolve(${JSON.stringify(specifier)}))`;
  const args = [...conditions.map((c) => `--conditions=${c}`), '--input-type=module', '-e', code];
  const { stdout } = await execFileP(process.execPath, args, { cwd: dir, timeout: WAIT_MS });
  return fileURLToPath(stdout.trim());
}

/**
 * The relative files (`./x`) that `entry` imports, transitively, from its own folder. The
 * package's files are minified, several statements to a line, so a statement may start
 * anywhere a `;`, `}` or white space ends the one before.
 */
async function localModuleGraph(entry) {
  const dir = dirname(entry);
  const seen = [];
  const queue = [basename(entry)];
  while (queue.length) {
    const file = queue.shift();
    if (seen.includes(file)) continue;
    seen.push(file);
    if (!file.endsWith('.js')) continue;
    const code = await readFile(join(dir, file), 'utf8');
    for (const m of code.matchAll(/(?:^|[;}\s])(?:import|export)\b(?:[^'";]*?\bfrom)?\s*['"]\.\/([^'"]+)['"]/g)) queue.push(m[1]);
  }
  return seen;
}

/** A workerd module line: ES module or compiled wasm, by extension. */
function workerdModule(name, file) {
  const kind = file.endsWith('.wasm') ? 'wasm' : 'esModule';
  return `    (name = ${JSON.stringify(name)}, ${kind} = embed ${JSON.stringify(file)}),`;
}

/**
 * Writes config.capnp into `dir` with `modules` ([name, file relative to dir]; the first
 * is the main module), starts `workerd serve` on it and returns the URL it listens on.
 */
async function startWorkerd(dir, modules, onCleanup) {
  const template = await readFile(join(FIXTURES, 'workerd', 'config.capnp.in'), 'utf8');
  const config = template.replace('@MODULES@', modules.map(([name, file]) => workerdModule(name, file)).join('\n'));
  await writeFile(join(dir, 'config.capnp'), config);
  const started = performance.now();
  const child = spawn(WORKERD, ['serve', 'config.capnp', '--control-fd=3'], {
    cwd: dir,
    env: runtimeEnv(dir),
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  onCleanup(() => new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    child.kill('SIGTERM');
  }));
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`workerd did not listen within ${WAIT_MS} ms:\n${output}`)), WAIT_MS);
    let control = '';
    child.stdio[3].on('data', (d) => {
      control += d;
      for (const line of control.split('\n').slice(0, -1)) {
        const event = JSON.parse(line);
        if (event.event === 'listen' && event.socket === 'http') {
          clearTimeout(timer);
          resolvePort(event.port);
        }
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`workerd exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return { url: `http://127.0.0.1:${port}/`, output: () => output, startedMs: performance.now() - started };
}

/** GET the Worker's round trip for workspace `ws`; returns its JSON. */
async function workerRoundTrip(worker, ws) {
  const url = new URL(worker.url);
  url.searchParams.set('api', xano.url);
  url.searchParams.set('ws', String(ws));
  const res = await fetch(url, { signal: AbortSignal.timeout(WAIT_MS) });
  const text = await res.text();
  assert.equal(res.status, 200, `the Worker answered ${res.status}:\n${text}\n${worker.output()}`);
  return JSON.parse(text);
}

/**
 * Bundles `entry` the way wrangler does for a Worker: esbuild, ESM, conditions `workerd,
 * worker, browser`, and every `.wasm` import left as a module of its own (wrangler's
 * CompiledWasm rule: the file beside the bundle, named by its hash). Returns the bundle's
 * file, the wasm modules and esbuild's metafile.
 */
async function bundleLikeWrangler(entry, outdir) {
  const esbuild = createRequire(join(ESBUILD_PATH, 'package.json'))(ESBUILD_PATH);
  await mkdir(outdir, { recursive: true });
  const wasmModules = [];
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: dirname(entry),
    outfile: join(outdir, 'index.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    metafile: true,
    logLevel: 'silent',
    plugins: [{
      name: 'wasm-modules',
      setup(build) {
        build.onResolve({ filter: /\.wasm$/ }, async (args) => {
          const file = resolve(args.resolveDir, args.path);
          const bytes = await readFile(file);
          const name = `${createHash('sha1').update(bytes).digest('hex')}-${basename(file)}`;
          await writeFile(join(outdir, name), bytes);
          wasmModules.push({ name, from: file });
          return { path: `./${name}`, external: true };
        });
      },
    }],
  });
  return { file: join(outdir, 'index.js'), wasmModules, metafile: result.metafile, esbuild: esbuild.version };
}

// ---------- the runtimes ----------

describe('xano-meta runtimes (real round trips against the test server)', { timeout: TEST_TIMEOUT_MS }, () => {
  test('1. plain page: <script type="module"> imports ./xano-meta/browser.js, no bundler', async (t) => {
    const onCleanup = cleanups(t);
    const dir = await stageFixture('plain', onCleanup);
    const site = await serve(dir);
    onCleanup(() => site.close());
    const { result, responses, mark } = await roundTripInPage(site.url, WS.plain, onCleanup);

    assertResult(result, 'Window');
    assertRecorded(mark, WS.plain);
    assertWasmServed(responses, /^\/xano-meta\/xano_meta_bg\.wasm$/);
  });

  test('2. Vite 7 app: imports \'xano-meta\' by name, vite build, served dist/', async (t) => {
    const onCleanup = cleanups(t);
    const vite = await importModule(VITE_PATH);
    t.diagnostic(`vite ${vite.version}`);
    assert.match(vite.version, /^7\./, 'Vite 7');

    const app = await stageFixture('vite-app', onCleanup, { withPackage: false });
    await cp(snapshot, join(app, 'node_modules', 'xano-meta'), { recursive: true });
    const outDir = join(app, 'dist');
    await vite.build({
      root: app,
      configFile: false,
      envFile: false,
      logLevel: 'warn',
      build: { target: 'es2022', outDir, emptyOutDir: true }, // es2022: top-level await
    });

    const assets = await readdir(join(outDir, 'assets'));
    const wasmAssets = assets.filter((f) => f.endsWith('.wasm'));
    assert.equal(wasmAssets.length, 1, `Vite emitted the .wasm as one asset: ${assets.join(', ')}`);
    for (const js of assets.filter((f) => f.endsWith('.js'))) {
      const code = await readFile(join(outDir, 'assets', js), 'utf8');
      assert.doesNotMatch(code, /from\s*["']xano-meta["']/, `${js} has no bare import left`);
    }

    const site = await serve(outDir);
    onCleanup(() => site.close());
    const { result, responses, mark } = await roundTripInPage(site.url, WS.vite, onCleanup);

    assertResult(result, 'Window');
    assertRecorded(mark, WS.vite);
    assertWasmServed(responses, new RegExp(`^/assets/${wasmAssets[0].replace(/[.]/g, '\\.')}$`));
  });

  test('3. Web Worker: a module worker imports ./xano-meta/browser.js and posts the result back', async (t) => {
    const onCleanup = cleanups(t);
    const dir = await stageFixture('worker', onCleanup);
    const site = await serve(dir);
    onCleanup(() => site.close());
    const { result, mark } = await roundTripInPage(site.url, WS.worker, onCleanup, (page, log) => {
      page.on('worker', (w) => log.push(`worker started: ${w.url()}`));
    });

    assertResult(result, 'DedicatedWorkerGlobalScope');
    assertRecorded(mark, WS.worker);
  });

  test('4. MV3 extension: the service worker imports the package statically (xano-meta/lazy.js)', async (t) => {
    const onCleanup = cleanups(t);
    const dir = await stageFixture('extension', onCleanup);
    await requireServiceWorkerEntry(dir);
    const context = await launchWithExtension(dir, onCleanup);
    const worker = await extensionWorker(context, dir);

    const mark = xano.received.length;
    const result = await worker.evaluate(([api, ws]) => self.runCall(api, ws), [xano.url, WS.extension]);

    assertResult(result, 'ServiceWorkerGlobalScope');
    assertRecorded(mark, WS.extension);
  });

  test('4b. MV3 extension: browser.js (top-level await) cannot start in a service worker', async (t) => {
    const onCleanup = cleanups(t);
    const dir = await stageFixture('extension-tla', onCleanup);
    await cp(join(FIXTURES, 'extension', 'manifest.json'), join(dir, 'manifest.json'));
    await requireServiceWorkerEntry(dir);
    const context = await launchWithExtension(dir, onCleanup);
    const page = await context.newPage();
    const { log } = watch(context, page);

    const mark = xano.received.length;
    const result = await readResult(page, `chrome-extension://${extensionId(dir)}/check.html`, log);

    // Chromium logs "Top-level await is disallowed in service workers." for the first two;
    // the page only sees the registration fail.
    assert.equal(result.browserEntry.ok, false, 'a service worker importing browser.js does not start');
    assert.match(result.browserEntry.error, /^TypeError: .*ServiceWorker cannot be started/);
    assert.equal(result.tlaOnly.ok, false, 'a worker whose only oddity is `await null` fails too');
    assert.match(result.tlaOnly.error, /^TypeError: .*ServiceWorker cannot be started/, 'and the same way: top-level await is the cause');
    assert.deepEqual(result.lazyEntry, { ok: true }, 'the same kind of worker importing lazy.js starts');
    assert.equal(xano.received.length, mark, 'nothing reached the server');
  });
});

describe('server-side and edge runtimes, each importing \'xano-meta\' by name', { timeout: TEST_TIMEOUT_MS }, () => {
  // The entry each runtime's resolver must pick from package.json `exports`.
  const cases = [
    ['node', 'Object', 'node.js', async () => process.version],
    ['bun', 'Object', 'node.js', () => runtimeVersion(BUN)],
    ['deno', 'Window', 'deno.js', () => runtimeVersion(DENO)],
  ];
  cases.forEach(([runtime, scope, entry, version], i) => {
    test(`${5 + i}. ${runtime}: a script imports 'xano-meta' and 'xano-meta/lazy' by name`, async (t) => {
      const onCleanup = cleanups(t);
      t.diagnostic(`${runtime} ${await version()}`);
      const dir = await stageProject('server-side', onCleanup);
      const mark = xano.received.length;
      const result = await runScript(runtime, dir, WS[runtime]);

      assert.equal(result.entry, entry, `${runtime} resolved 'xano-meta' to ${entry}`);
      assert.equal(result.lazyEntry, entry, `${runtime} resolved 'xano-meta/lazy' to its own entry`);
      assert.equal(result.oneInstance, true, 'both entries share one instance of the package');
      const { entry: _e, lazyEntry: _l, oneInstance: _o, ...roundTrip } = result;
      assertResult(roundTrip, scope);
      assertRecorded(mark, WS[runtime]);
    });
  });

  test('8. Cloudflare Workers (workerd, unbundled): the Worker imports \'xano-meta\' by name', async (t) => {
    const onCleanup = cleanups(t);
    t.diagnostic(await runtimeVersion(WORKERD));
    const dir = await stageProject('workerd', onCleanup);
    const entry = await resolveWithConditions(dir, 'xano-meta', ['workerd', 'worker', 'browser']);
    assert.equal(basename(entry), 'workerd.js', 'the `workerd` condition picks workerd.js');
    // workerd resolves a specifier to the module of that name: 'xano-meta' is the entry,
    // and its relative imports are the modules beside it (the .wasm as a compiled module).
    const graph = await localModuleGraph(entry);
    assert.ok(graph.includes('xano_meta_bg.wasm'), `the entry imports the .wasm as a module: ${graph.join(', ')}`);
    const modules = [
      ['worker.js', 'worker.js'],
      ['round-trip.js', 'round-trip.js'],
      ['xano-meta', relative(dir, entry)],
      ...graph.slice(1).map((file) => [file, relative(dir, join(dirname(entry), file))]),
    ];
    const worker = await startWorkerd(dir, modules, onCleanup);
    const mark = xano.received.length;
    const result = await workerRoundTrip(worker, WS.workerd);

    assertResult(result, 'ServiceWorkerGlobalScope');
    assertRecorded(mark, WS.workerd);

    // A Worker is server code: the account client takes a PAT without `allowBrowserPat`.
    const accountMark = xano.received.length;
    const accountUrl = new URL(worker.url);
    accountUrl.searchParams.set('api', xano.url);
    accountUrl.searchParams.set('account', '');
    const me = await fetch(accountUrl, { signal: AbortSignal.timeout(WAIT_MS) });
    assert.equal(me.status, 200, await me.clone().text());
    assert.equal((await me.json()).name, 'Test User');
    assert.deepEqual(
      xano.received.slice(accountMark).map((r) => [r.api, r.path, r.authorization, r.status]),
      [['account', '/account/api:meta/auth/me', 'present', 200]],
    );

    // A cross-origin redirect (the package follows redirects itself outside browsers,
    // workerd included): the token must not go along to the other origin.
    const path = `/api:meta/workspace/${WS.workerdRedirect}/table`;
    const fault = await fetch(`${xano.url}/__faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path, responses: [{ redirect: 'other-origin' }] }),
    });
    assert.equal(fault.status, 200);
    const redirectMark = xano.received.length;
    const url = new URL(worker.url);
    url.searchParams.set('api', xano.url);
    url.searchParams.set('ws', String(WS.workerdRedirect));
    url.searchParams.set('redirected', '');
    const res = await fetch(url, { signal: AbortSignal.timeout(WAIT_MS) });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal((await res.json()).redirected, true, 'the answer came from the other origin');
    assert.deepEqual(
      xano.received.slice(redirectMark).map((r) => [r.origin, r.path, r.authorization, r.status]),
      [['main', path, 'present', 307], ['other', path, 'absent', 200]],
      'the token reached the main origin only',
    );
  });

  test('9. Cloudflare Workers, bundled the way wrangler does (esbuild, .wasm as a module), run in workerd', async (t) => {
    const onCleanup = cleanups(t);
    const dir = await stageProject('workerd', onCleanup);
    const out = join(dir, 'dist');
    const bundle = await bundleLikeWrangler(join(dir, 'worker.js'), out);
    t.diagnostic(`esbuild ${bundle.esbuild}`);

    const inputs = Object.keys(bundle.metafile.inputs);
    assert.ok(inputs.includes('node_modules/xano-meta/workerd.js'), `the bundle took workerd.js: ${inputs.join(', ')}`);
    assert.ok(!inputs.some((f) => /xano-meta\/(browser|lazy|node)\.js$/.test(f)), `and no other entry: ${inputs.join(', ')}`);
    assert.deepEqual(bundle.wasmModules.map((m) => relative(dir, m.from)), ['node_modules/xano-meta/xano_meta_bg.wasm'], 'one .wasm, as a module');
    const code = await readFile(bundle.file, 'utf8');
    assert.doesNotMatch(code, /import\.meta\.url/, 'nothing in the bundle needs a module URL');

    const worker = await startWorkerd(out, [
      ['index.js', 'index.js'],
      ...bundle.wasmModules.map((m) => [m.name, m.name]),
    ], onCleanup);
    const mark = xano.received.length;
    const result = await workerRoundTrip(worker, WS.wrangler);

    assertResult(result, 'ServiceWorkerGlobalScope');
    assertRecorded(mark, WS.wrangler);
  });
});

// ---------- cold start (printed, not asserted) ----------

describe('cold start (module instantiation, printed only)', { timeout: TEST_TIMEOUT_MS }, () => {
  const SAMPLES = 3; // the median is printed: a shared 2-core machine is noisy
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const show = (xs) => xs.map((x) => x.toFixed(1)).join(', ');

  test('Chromium: dynamic import of browser.js, each sample in a fresh context', async (t) => {
    const onCleanup = cleanups(t);
    const dir = await stageFixture('plain', onCleanup);
    const site = await serve(dir);
    onCleanup(() => site.close());
    const browser = await launchBrowser(onCleanup);
    const samples = [];
    for (let i = 0; i < SAMPLES; i++) {
      const context = await browser.newContext(); // nothing cached (and served no-store)
      try {
        const page = await context.newPage();
        const { log } = watch(context, page);
        const result = await readResult(page, new URL('cold.html', site.url).href, log);
        assert.ok(result.operations > 0, 'the package answers once imported');
        samples.push(result.ms);
      } finally {
        await context.close();
      }
    }
    t.diagnostic(`samples: ${show(samples)} ms`);
    console.log(`cold start (Chromium): ${median(samples).toFixed(1)} ms`);
  });

  for (const runtime of ['bun', 'deno']) {
    test(`${runtime}: await import('xano-meta') by name, each sample in a fresh process`, async (t) => {
      const onCleanup = cleanups(t);
      const dir = await stageProject('server-side', onCleanup);
      const [cmd, args] = scriptCommand(runtime);
      const samples = [];
      for (let i = 0; i < SAMPLES; i++) {
        // A fresh DENO_DIR each time: Deno keeps a code cache there, which would make later samples warm.
        const env = { ...runtimeEnv(dir), DENO_DIR: join(dir, `.deno-${i}`) };
        const { stdout } = await execFileP(cmd, [...args.slice(0, -1), 'cold.mjs'], { cwd: dir, env, timeout: 60_000 });
        const result = JSON.parse(stdout.trim().split('\n').pop());
        assert.ok(result.operations > 0, 'the package answers once imported');
        samples.push(result.ms);
      }
      t.diagnostic(`samples: ${show(samples)} ms`);
      console.log(`cold start (${runtime === 'bun' ? 'Bun' : 'Deno'}): ${median(samples).toFixed(1)} ms`);
    });
  }

  test('workerd: from spawn to the first answer of a bundled Worker, with and without the package', async (t) => {
    // Time does not advance inside a Worker while it runs (a Spectre mitigation), so this
    // is measured from outside: spawn, listen, first GET; a Worker without the package
    // gives the runtime's own share.
    const onCleanup = cleanups(t);
    const dir = await stageProject('workerd', onCleanup);
    const bundle = await bundleLikeWrangler(join(dir, 'worker.js'), join(dir, 'dist'));
    const bare = join(dir, 'bare');
    await mkdir(bare);
    await writeFile(join(bare, 'index.js'), 'export default { fetch: () => Response.json({ operations: 0 }) };\n');
    const firstAnswer = async (cwd, modules) => {
      const started = performance.now();
      const stops = [];
      const worker = await startWorkerd(cwd, modules, (fn) => stops.push(fn));
      try {
        const res = await fetch(worker.url, { signal: AbortSignal.timeout(WAIT_MS) });
        const body = await res.json();
        return { ms: performance.now() - started, operations: body.operations };
      } finally {
        for (const stop of stops) await stop();
      }
    };
    const withPackage = [];
    const without = [];
    for (let i = 0; i < SAMPLES; i++) {
      const a = await firstAnswer(dirname(bundle.file), [['index.js', 'index.js'], ...bundle.wasmModules.map((m) => [m.name, m.name])]);
      assert.ok(a.operations > 0, 'the package answers once imported');
      withPackage.push(a.ms);
      without.push((await firstAnswer(bare, [['index.js', 'index.js']])).ms);
    }
    t.diagnostic(`samples: ${show(withPackage)} ms; without the package: ${show(without)} ms`);
    console.log(`cold start (workerd): ${median(withPackage).toFixed(1)} ms to the first answer, ${median(without).toFixed(1)} ms without the package`);
  });

  test('Node: await import(node.js), each sample in a fresh process', async (t) => {
    const entry = pathToFileURL(join(snapshot, 'node.js')).href;
    const code = `const t0 = performance.now(); const m = await import(${JSON.stringify(entry)}); ` +
      `const ms = performance.now() - t0; console.log(JSON.stringify({ ms, operations: m.operations().length }));`;
    const samples = [];
    for (let i = 0; i < SAMPLES; i++) {
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], { timeout: 60_000 });
      const result = JSON.parse(stdout.trim().split('\n').pop());
      assert.ok(result.operations > 0, 'the package answers once imported');
      samples.push(result.ms);
    }
    t.diagnostic(`samples: ${show(samples)} ms`);
    console.log(`cold start (Node): ${median(samples).toFixed(1)} ms`);
  });
});
