// The built npm package, installed from its tarball and imported by name, against
// the Xano-like test server (XANO_TEST_SERVER, started by `cargo xtask test`).
// Each test checks what the server received, not only what the client returned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { XanoClient, XanoAccountClient, XanoNetworkError, operations } from 'xano-meta';

const server = process.env.XANO_TEST_SERVER;
assert.ok(server, 'XANO_TEST_SERVER is unset: run with `cargo xtask test`');
const TOKEN = 'synthetic-node-token';
const client = new XanoClient({ baseUrl: `${server}/api:meta`, token: TOKEN });

async function received(path) {
  const all = await (await fetch(`${server}/__received`)).json();
  return all.filter((r) => r.path === path);
}

test('GET with path and query parameters', async () => {
  const page = await client.getWorkspaceTable({ workspace_id: 21, page: 3, per_page: 3 });
  assert.equal(page.curPage, 3);
  assert.equal(page.nextPage, null);
  const [got, ...more] = await received('/api:meta/workspace/21/table');
  assert.equal(more.length, 0);
  assert.equal(got.method, 'GET');
  assert.deepEqual(got.query, { page: '3', per_page: '3' });
  assert.equal(got.headers.accept, 'application/json');
  assert.equal(got.auth, 'bearer');
});

test('POST with a JSON body', async () => {
  const created = await client.postWorkspaceTable({ workspace_id: 22, body: { name: 'orders', description: 'from node' } });
  assert.equal(created.name, 'orders');
  const [got] = await received('/api:meta/workspace/22/table');
  assert.equal(got.method, 'POST');
  assert.equal(got.headers['content-type'], 'application/json');
  assert.deepEqual(got.body, { kind: 'json', value: { name: 'orders', description: 'from node' } });
});

test('multipart upload of a File and of bytes', async () => {
  const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
  const file = new File([png], 'logo.png', { type: 'image/png' });
  const stored = await client.postWorkspaceFile({ workspace_id: 23, body: { content: file, type: 'image', access: 'private' } });
  assert.deepEqual([stored.name, stored.size, stored.mime, stored.access], ['logo.png', 8, 'image/png', 'private']);
  await client.postWorkspaceFile({ workspace_id: 24, body: { content: png } });
  const [first] = await received('/api:meta/workspace/23/file');
  const [second] = await received('/api:meta/workspace/24/file');
  assert.match(first.headers['content-type'], /^multipart\/form-data; boundary=/);
  assert.deepEqual(
    first.body.parts.map((p) => [p.name, p.filename, p.size]),
    [['content', 'logo.png', 8], ['type', null, 5], ['access', null, 7]],
  );
  assert.equal(first.body.parts[0].sha256, second.body.parts[0].sha256, 'the same bytes arrived both times');
  assert.equal(second.body.parts[0].filename, 'file');
});

test('XanoScript text body', async () => {
  await client.postWorkspaceAddon({ workspace_id: 25, body: 'addon foo {\n}\n' });
  const [got] = await received('/api:meta/workspace/25/addon');
  assert.deepEqual(got.body, { kind: 'text', contentType: 'text/x-xanoscript', text: 'addon foo {\n}\n' });
});

test('bad arguments are refused before anything is sent', async () => {
  await assert.rejects(client.postWorkspaceTable({ workspace_id: 26, body: { description: 'no name' } }), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'XanoArgumentError');
    assert.equal(e.field, 'body.name');
    assert.equal(e.operation, 'postWorkspaceTable');
    return true;
  });
  await assert.rejects(client.getWorkspaceTable({ workspace_id: 26.5 }), /workspace_id` must be an integer/);
  await assert.rejects(client.getWorkspaceTable('26'), /must be an object of parameters/);
  assert.deepEqual(await received('/api:meta/workspace/26/table'), []);
});

test('HTTP errors carry status, code, message and operation, never the token', async () => {
  await assert.rejects(client.getWorkspaceTable({ workspace_id: 400 }), (e) => {
    assert.equal(e.name, 'XanoApiError');
    assert.deepEqual([e.status, e.code, e.xanoMessage, e.operation], [400, 'ERROR_CODE_INPUT_ERROR', 'Invalid input', 'getWorkspaceTable']);
    assert.ok(!JSON.stringify({ ...e, message: e.message, stack: e.stack }).includes(TOKEN));
    return true;
  });
  const expired = new XanoClient({ baseUrl: `${server}/api:meta`, token: 'expired' });
  await assert.rejects(expired.getWorkspace(), (e) => e.status === 401 && e.code === 'ERROR_CODE_UNAUTHORIZED');
});

test('account API client', async () => {
  const account = new XanoAccountClient({ baseUrl: `${server}/account/api:meta`, token: TOKEN });
  const [instance] = await account.getInstance();
  assert.equal(instance.name, 'x1-test');
  const [got] = await received('/account/api:meta/instance');
  assert.equal(got.api, 'account');
});

/** The operations of an embedded spec, counted from its JSON. */
function specOperations(file) {
  const spec = JSON.parse(readFileSync(new URL(`../../specs/${file}`, import.meta.url), 'utf8'));
  return Object.values(spec.paths).flatMap((item) => ['get', 'post', 'put', 'patch', 'delete'].filter((m) => m in item));
}

test('operations() lists every operation of both specs', () => {
  const all = operations();
  const [instance, account] = [specOperations('instance.json').length, specOperations('account.json').length];
  assert.ok(instance > 0 && account > 0);
  assert.equal(all.length, instance + account);
  assert.equal(all.filter((o) => o.api === 'instance').length, instance);
  for (const op of all) {
    const target = op.api === 'instance' ? XanoClient : XanoAccountClient;
    assert.equal(typeof target.prototype[op.name], 'function', `${op.name} is a method`);
  }
});

test('the package exports its API and none of its plumbing', async () => {
  const exported = Object.keys(await import('xano-meta'));
  for (const name of ['XanoClient', 'XanoAccountClient', 'PageIterator', 'operations', 'instances',
    'decodeToken', 'tokenReport', 'checkAccess', 'minimalScopes', 'auditToken', 'ready', 'XanoError',
    'XanoApiError', 'XanoScopeError']) {
    assert.ok(exported.includes(name), `exports ${name}`);
  }
  const plumbing = exported.filter((name) => name.startsWith('__') || name === 'initSync');
  assert.deepEqual(plumbing, [], 'no internal export');
});

test('package.json follows the conventions', () => {
  const require = createRequire(import.meta.url);
  const pkg = require('xano-meta/package.json');
  assert.equal(pkg.name, 'xano-meta');
  for (const key of ['version', 'license', 'exports', 'files', 'sideEffects', 'engines', 'types']) assert.ok(pkg[key], key);
  // First matching key wins: the runtimes that also match `node` or `browser` come first.
  assert.deepEqual(pkg.exports['.'], {
    types: './index.d.ts', bun: './node.js', deno: './deno.js', workerd: './workerd.js',
    node: './node.js', browser: './browser.js', default: './browser.js',
  });
  assert.deepEqual(pkg.exports['./lazy'], {
    types: './lazy.d.ts', bun: './node.js', deno: './deno.js', workerd: './workerd.js',
    node: './node.js', default: './lazy.js',
  });
});

test('xano-meta/lazy in Node: extension background code runs unchanged (node condition)', async () => {
  // As an MV3 service worker writes it: `ready` first, then the calls.
  const lazy = await import('xano-meta/lazy');
  assert.equal(import.meta.resolve('xano-meta/lazy').split('/').pop(), 'node.js');
  await lazy.ready;
  const background = new lazy.XanoClient({ baseUrl: `${server}/api:meta`, token: TOKEN });
  const page = await background.getWorkspaceTable({ workspace_id: 31, page: 2 });
  assert.equal(page.curPage, 2);
  const [got, ...more] = await received('/api:meta/workspace/31/table');
  assert.equal(more.length, 0, 'sent once');
  assert.deepEqual([got.method, got.query, got.auth], ['GET', { page: '2' }, 'bearer']);
  // One wasm instance per realm: both entries give the same classes, so an error thrown
  // by one is an instance of the other's classes.
  assert.equal(lazy.XanoClient, XanoClient);
  const { XanoApiError } = await import('xano-meta');
  const notFound = await background.getWorkspaceTable({ workspace_id: 404 }).catch((e) => e);
  assert.ok(notFound instanceof XanoApiError && notFound instanceof lazy.XanoApiError);
});

// A fresh Node process running `code` as an ES module from this directory (so
// `xano-meta` resolves as here), with `flags`; its standard output.
function node(flags, code) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...flags, '--input-type=module', '-e', code], { cwd: import.meta.dirname }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

test('Node without process.getBuiltinModule (before 20.16 and 22.3): the entry reads the wasm by require', async () => {
  const out = await node([], `
    delete process.getBuiltinModule;
    const { XanoClient } = await import('xano-meta');
    const client = new XanoClient({ baseUrl: '${server}/api:meta', token: 'synthetic' });
    const page = await client.getWorkspaceTable({ workspace_id: 33, page: 4 });
    console.log(JSON.stringify({ builtin: typeof process.getBuiltinModule, page: page.curPage }));`);
  assert.deepEqual(JSON.parse(out), { builtin: 'undefined', page: 4 });
  const [got, ...more] = await received('/api:meta/workspace/33/table');
  assert.equal(more.length, 0, 'sent once');
  assert.deepEqual([got.method, got.query], ['GET', { page: '4' }]);
});

test("require('xano-meta') where Node can require ES modules: the entry has no top-level await", async () => {
  // Node 22.12+ does so by default; Node 20.17+ behind this flag.
  const out = await node(['--experimental-require-module', '--no-warnings'], `
    import { createRequire } from 'node:module';
    const xm = createRequire(import.meta.url)('xano-meta');
    console.log(JSON.stringify({ client: typeof xm.XanoClient, ops: xm.operations().length }));`);
  assert.deepEqual(JSON.parse(out), { client: 'function', ops: operations().length });
});

test('errors are instances of the exported classes', async () => {
  const { XanoError, XanoApiError, XanoArgumentError, XanoRateLimitError } = await import('xano-meta');
  const notFound = await client.getWorkspaceTable({ workspace_id: 404 }).catch((e) => e);
  assert.ok(notFound instanceof XanoApiError && notFound instanceof XanoError && notFound instanceof Error);
  assert.equal(notFound.name, 'XanoApiError');
  assert.equal(notFound.attempts, 1);
  const bad = await client.getWorkspaceTable({}).catch((e) => e);
  assert.ok(bad instanceof XanoArgumentError);
  assert.equal(bad.attempts, 0);
  const limited = await client.getWorkspaceTable({ workspace_id: 429 }, { attempts: 1 }).catch((e) => e);
  assert.ok(limited instanceof XanoRateLimitError && limited instanceof XanoApiError);
});

test('for await over every item of every page', async () => {
  const path = '/api:meta/workspace/27/table/4/content';
  await fetch(`${server}/__pages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path, total: 61 }) });
  const ids = [];
  for await (const row of client.iterate('getWorkspaceTableContent', { workspace_id: 27, table_id: 4, per_page: 25 })) ids.push(row.id);
  assert.deepEqual(ids, Array.from({ length: 61 }, (_, i) => i + 1));
  const pages = [];
  for await (const page of client.pages('getWorkspaceTableContent', { workspace_id: 27, table_id: 4, per_page: 25 })) {
    pages.push(page.curPage);
    if (pages.length === 2) break;
  }
  assert.deepEqual(pages, [1, 2]);
  const sent = (await received(path)).map((r) => r.query.page);
  assert.deepEqual(sent, ['1', '2', '3', '1', '2'], 'each page once per walk; break stops the walk');
});

test('a failed call names its operation, its host and cause, and shows the caller in its stack', async () => {
  // Nothing listens on port 3 (and `fetch` does not block it as it does 1 or 9).
  const unreachable = new XanoClient({ baseUrl: 'http://127.0.0.1:3/api:meta', token: TOKEN });
  async function listTablesForTheDashboard() {
    return unreachable.getWorkspaceTable({ workspace_id: 1 }, { attempts: 1 });
  }
  const error = await listTablesForTheDashboard().then(() => null, (e) => e);
  assert.ok(error instanceof XanoNetworkError, String(error));
  assert.match(error.message, /^getWorkspaceTable \(GET \/workspace\/\{workspace_id\}\/table\): network error reaching 127\.0\.0\.1:3: fetch failed \(.*ECONNREFUSED/);
  assert.equal(error.host, '127.0.0.1:3');
  assert.ok(error.cause instanceof Error, 'the cause is what fetch threw');
  assert.equal(error.cause.cause?.code, 'ECONNREFUSED');
  assert.match(error.stack, /listTablesForTheDashboard/, error.stack);
  assert.match(error.stack, /package\.test\.mjs/, error.stack);
  assert.ok(!error.message.includes(TOKEN) && !error.stack.includes(TOKEN));
});

// What reviews of the package found it did wrong, each checked where it was wrong:
// by what the server received, or by what the call said.

async function fault(method, path, responses) {
  await fetch(`${server}/__faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method, path, responses }) });
}

test('a header value fetch cannot send is an argument error, nothing sent and nothing retried', async () => {
  const path = '/api:meta/workspace/61/table/2/content';
  for (const bad of ['a\nb', 'live\r\nX-Evil: 1', 'tést✓']) {
    await assert.rejects(
      client.getWorkspaceTableContent({ workspace_id: 61, table_id: 2, 'x-data-source': bad }),
      (e) => e.name === 'XanoArgumentError' && e.field === 'x-data-source' && e.attempts === 0,
    );
  }
  assert.deepEqual(await received(path), []);
});

test('XanoAccountClient takes its default host only in place of an absent baseUrl', () => {
  for (const baseUrl of [new URL('http://127.0.0.1:1/x'), 5, null]) {
    assert.throws(() => new XanoAccountClient({ token: TOKEN, baseUrl }), (e) =>
      e.name === 'XanoConfigError' && /option `baseUrl` must be a string \(or left out, for https:\/\/app\.xano\.com/.test(e.message));
  }
  assert.equal(new XanoAccountClient({ token: TOKEN }).baseUrl, 'https://app.xano.com/api:meta');
});

test('nested options are checked as the top-level ones are', () => {
  const base = { baseUrl: `${server}/api:meta`, token: TOKEN };
  const refused = [
    [{ retry: 3 }, /option `retry` must be an object \{ attempts, maxElapsedMs \}/],
    [{ retry: { attempt: 1 } }, /option `retry.attempt` is unknown \(known: attempts, maxElapsedMs\); did you mean `attempts`\?/],
    [{ retry: { attempts: 2.5 } }, /`retry\.attempts` must be a whole number/],
    [{ retry: { attempts: 5e9 } }, /`retry\.attempts` must be a whole number from 1 to 4294967295/],
    [{ rateLimit: { requests: 10, perSeconds: 20, burst: 3 } }, /option `rateLimit.burst` is unknown \(known: requests, perSeconds\)/],
    [{ rateLimit: { requests: 2.9, perSeconds: 1 } }, /`rateLimit\.requests` must be a whole number/],
    // The top level is read by the same list-and-kind rule.
    [{ timeout: 5 }, /option `timeout` is unknown \(known: baseUrl, token, timeoutMs, retry, rateLimit, onRetry, scopeCheck\); did you mean `timeoutMs`\?/],
    [{ scopeCheck: 'strict' }, /option `scopeCheck` must be one of "enforce", "warn", "off"/],
    [{ onRetry: 'log' }, /option `onRetry` must be a function/],
    [{ timeoutMs: -1 }, /option `timeoutMs` must be a positive number/],
  ];
  for (const [options, message] of refused) {
    assert.throws(() => new XanoClient({ ...base, ...options }), (e) => e.name === 'XanoConfigError' && message.test(e.message), JSON.stringify(options));
  }
  assert.throws(() => new XanoClient(), (e) => e.name === 'XanoConfigError' && /^XanoClient: the options are required: \{ baseUrl, token \}/.test(e.message));
  assert.throws(() => new XanoClient([base]), (e) => e.name === 'XanoConfigError' && /^XanoClient: the options must be an object \{ baseUrl, token, /.test(e.message));
  // Each class's own option: the account client has no scopeCheck, and its allowBrowserPat is a boolean.
  assert.throws(() => new XanoAccountClient({ token: TOKEN, scopeCheck: 'off' }), (e) =>
    e.name === 'XanoConfigError' && /^XanoAccountClient: option `scopeCheck` is unknown \(known: .*, allowBrowserPat\)/.test(e.message));
  assert.throws(() => new XanoAccountClient({ token: TOKEN, allowBrowserPat: 'yes' }), (e) =>
    e.name === 'XanoConfigError' && /option `allowBrowserPat` must be a boolean/.test(e.message));
  // A misspelt key is reported before any value, and an empty one by its quotes.
  assert.throws(() => new XanoClient({ ...base, tokn: 'x', timeoutMs: 0 }), /option `tokn` is unknown .*did you mean `token`\?/);
  assert.throws(() => new XanoClient({ ...base, retry: { '': 1 } }), /option `retry\.""` is unknown \(known: attempts, maxElapsedMs\)/);
  // Read as `options.name` reads them: a class's getters, inherited defaults, a token
  // kept out of logs as a non-enumerable property.
  class Settings { get baseUrl() { return base.baseUrl; } get token() { return TOKEN; } }
  assert.equal(new XanoClient(new Settings()).baseUrl, base.baseUrl);
  const defaults = { baseUrl: `${server}/other/api:meta` };
  assert.equal(new XanoAccountClient(Object.assign(Object.create(defaults), { token: TOKEN })).baseUrl, defaults.baseUrl);
  const hidden = Object.defineProperty({ baseUrl: base.baseUrl }, 'token', { value: TOKEN, enumerable: false });
  assert.equal(JSON.stringify(hidden).includes(TOKEN), false);
  assert.ok(new XanoClient(hidden));
  // The count's bound in its message is the bound it is checked against.
  assert.ok(new XanoClient({ ...base, retry: { attempts: 4294967295 } }));
  assert.throws(() => new XanoClient({ ...base, retry: { attempts: 4294967296 } }), /`retry\.attempts` must be a whole number from 1 to 4294967295/);
  // A large limit is a limit, not a trap of the wasm.
  assert.ok(new XanoClient({ ...base, rateLimit: { requests: 1e9, perSeconds: 1 } }));
});

test('a timeout beyond what setTimeout holds is a long timeout, not one that fires at once', async () => {
  const long = new XanoClient({ baseUrl: `${server}/api:meta`, token: TOKEN, timeoutMs: 1e20 });
  const page = await long.getWorkspaceTable({ workspace_id: 62 }, { timeoutMs: 2 ** 40, attempts: 1 });
  assert.equal(page.curPage, 1);
  assert.equal((await received('/api:meta/workspace/62/table')).length, 1);
});

test('a fetch that throws instead of rejecting fails the call and frees its place in the limiter', async () => {
  const limited = new XanoClient({ baseUrl: `${server}/api:meta`, token: TOKEN, rateLimit: { requests: 1, perSeconds: 1 } });
  const realFetch = globalThis.fetch;
  let thrown = 0;
  globalThis.fetch = () => { thrown += 1; throw new TypeError('mocked fetch threw'); };
  try {
    // Not retried (the same request would be refused again), and nothing was sent.
    await assert.rejects(limited.postWorkspaceTable({ workspace_id: 63, body: { name: 't' } }), (e) =>
      e.name === 'XanoNetworkError' && /mocked fetch threw.*before sending anything/.test(e.message)
      && !/applied/.test(e.message) && e.attempts === 0 && e.cause instanceof TypeError);
    assert.equal(thrown, 1);
  } finally {
    globalThis.fetch = realFetch;
  }
  const page = await limited.getWorkspaceTable({ workspace_id: 63 }, { attempts: 1 });
  assert.equal(page.curPage, 1);
  assert.equal((await received('/api:meta/workspace/63/table')).length, 1);
});

test('the retry budget counts from the first attempt, not from the wait in the limiter', async () => {
  const path = '/api:meta/workspace/64/table';
  await fault('GET', path, [{ status: 503 }]);
  // One call a second and 1.5 s to retry in, and the third call waits 2 s in the
  // queue before its first attempt: its 503 is still retried.
  const limited = new XanoClient({
    baseUrl: `${server}/api:meta`, token: TOKEN, rateLimit: { requests: 1, perSeconds: 1 }, retry: { maxElapsedMs: 1500 },
  });
  const calls = [65, 65, 64].map((workspace_id) => limited.getWorkspaceTable({ workspace_id }).catch((e) => e));
  const [, , third] = await Promise.all(calls);
  assert.equal(third.curPage, 1, String(third));
  assert.equal((await received(path)).length, 2, 'the 503, then its retry');
});

test('an aborted call reports the attempts it made: none when aborted before sending', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(client.getWorkspaceTable({ workspace_id: 66 }, { signal: controller.signal }), (e) =>
    e.name === 'XanoAbortError' && e.attempts === 0);
  const cyclic = { name: 'x' };
  cyclic.self = cyclic; // passes the checks, which read the top level; JSON.stringify throws
  await assert.rejects(client.postWorkspaceTable({ workspace_id: 66, body: cyclic }), (e) =>
    e.name === 'XanoArgumentError' && e.attempts === 0 && /could not be encoded/.test(e.message), 'a body that cannot be encoded was not sent');
  assert.deepEqual(await received('/api:meta/workspace/66/table'), []);
});

test('pages() refuses what would end or change its walk without a word', async () => {
  const path = '/api:meta/workspace/67/table/3/content';
  await fetch(`${server}/__pages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path, total: 60 }) });
  const params = { workspace_id: 67, table_id: 3, per_page: 25 };
  assert.throws(() => client.pages('getWorkspaceTableContent', params, { parseAs: 'text' }), (e) =>
    e.name === 'XanoArgumentError' && e.field === 'options.parseAs');
  for (const maxPages of [0, 2.5, 5e9, '3']) {
    assert.throws(() => client.pages('getWorkspaceTableContent', params, { maxPages }), (e) =>
      e.field === 'options.maxPages' && /whole number from 1 to 4294967295/.test(e.message), String(maxPages));
  }
  for (const page of ['2', NaN, 2.7, -3]) {
    assert.throws(() => client.pages('getWorkspaceTableContent', { ...params, page }), (e) =>
      e.name === 'XanoArgumentError' && e.field === 'page', String(page));
  }
  // The walk keeps the params it was given.
  const live = { ...params };
  const seen = [];
  for await (const page of client.pages('getWorkspaceTableContent', live)) {
    seen.push(page.curPage);
    live.table_id = 4;
  }
  assert.deepEqual(seen, [1, 2, 3]);
  assert.deepEqual((await received(path)).map((r) => r.query.page), ['1', '2', '3']);
  assert.deepEqual(await received('/api:meta/workspace/67/table/4/content'), []);
  // The options are read once: each page's call gets the value that was checked.
  let reads = 0;
  const options = { get parseAs() { reads += 1; return reads === 1 ? 'json' : 'text'; }, maxPages: 5 };
  const kinds = [];
  for await (const page of client.pages('getWorkspaceTableContent', params, options)) kinds.push(typeof page);
  assert.deepEqual([kinds, reads], [['object', 'object', 'object'], 1]);
});

test('calls leave no listener on the caller\'s signal and no timer behind', async () => {
  const { getEventListeners } = await import('node:events');
  const controller = new AbortController();
  const { signal } = controller;
  const timed = new XanoClient({ baseUrl: `${server}/api:meta`, token: TOKEN, timeoutMs: 60_000 });
  for (let i = 0; i < 12; i++) await timed.getWorkspaceTable({ workspace_id: 68 }, { signal });
  assert.equal(getEventListeners(signal, 'abort').length, 0, 'one per call with a timeout was left');
  // Calls that wait in the limiter's queue, woken again and again.
  const limited = new XanoClient({
    baseUrl: `${server}/api:meta`, token: TOKEN, timeoutMs: 60_000, rateLimit: { requests: 3, perSeconds: 1 },
  });
  await Promise.all(Array.from({ length: 8 }, () => limited.getWorkspaceTable({ workspace_id: 68 }, { signal })));
  assert.equal(getEventListeners(signal, 'abort').length, 0, 'a listener per wait in the queue was left');
  // A retry's wait, and the limiter's timers, are cleared: nothing keeps the event
  // loop busy once the calls are done.
  const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  await fault('GET', '/api:meta/workspace/69/table', [{ status: 503 }]);
  await limited.getWorkspaceTable({ workspace_id: 69 }, { signal });
  assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, before);
  assert.equal(getEventListeners(signal, 'abort').length, 0);
  assert.equal((await received('/api:meta/workspace/68/table')).length, 20);
});

test('a page whose nextPage points back ends the walk with an error, not as if the list were whole', async () => {
  const path = '/api:meta/workspace/70/table/3/content';
  await fetch(`${server}/__pages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path, total: 100 }) });
  // Page 1 as the fixture has it; then a page 2 that names page 1 as the next.
  await fault('GET', path, [{ pass: true }, { json: { items: [{ id: 26 }], curPage: 2, nextPage: 1, itemsReceived: 1 } }]);
  const seen = [];
  const walk = async () => { for await (const page of client.pages('getWorkspaceTableContent', { workspace_id: 70, table_id: 3, per_page: 25 })) seen.push(page.curPage); };
  await assert.rejects(walk(), (e) => e.name === 'XanoDecodeError' && /page 2 gives nextPage 1, not a later page/.test(e.message));
  assert.deepEqual(seen, [1, 2], 'the pages before it were given');
  assert.deepEqual((await received(path)).map((r) => r.query.page), ['1', '2']);
});

test('a page that is not a page, or whose nextPage is not a number, ends the walk with an error', async () => {
  for (const [table, answer, said] of [
    [4, { items: [{ id: 27 }], curPage: 2, nextPage: '3' }, /page 2 is not a page of a list \(its nextPage is string\)/],
    [5, null, /page 2 is not a page of a list \(the answer is null\)/],
    [6, [{ id: 28 }], /page 2 is not a page of a list \(the answer is array\)/],
  ]) {
    const path = `/api:meta/workspace/70/table/${table}/content`;
    await fetch(`${server}/__pages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path, total: 100 }) });
    await fault('GET', path, [{ pass: true }, { json: answer }]);
    const seen = [];
    const walk = async () => { for await (const page of client.pages('getWorkspaceTableContent', { workspace_id: 70, table_id: table, per_page: 25 })) seen.push(page.curPage); };
    await assert.rejects(walk(), (e) => e.name === 'XanoDecodeError' && said.test(e.message), String(said));
    assert.deepEqual(seen, [1], 'the page before it was given');
    assert.deepEqual((await received(path)).map((r) => r.query.page), ['1', '2'], 'and nothing after it was asked');
  }
});

test('wrong argument types get the package\'s errors, naming the argument', async () => {
  const { decodeToken, checkAccess, tokenReport } = await import('xano-meta');
  for (const call of [() => decodeToken(undefined), () => tokenReport(5)]) {
    assert.throws(call, (e) => e.name === 'XanoArgumentError' && /^`token` must be a token \(a string\), got (undefined|integer)$/.test(e.message), String(call));
  }
  assert.throws(() => checkAccess('x.y.z', 5), (e) => e.name === 'XanoArgumentError' && /`operation` must be an operation's name \(a string\), got integer/.test(e.message));
  await assert.rejects(client.getWorkspaceTable({ workspace_id: 1e300 }), /`workspace_id` must be an integer \(a safe-integer number\), got integer beyond ±2\^53/);
  await assert.rejects(client.getWorkspaceTable({ workspace_id: 71 }, 'fast'), (e) => e.field === 'options' && /must be an object/.test(e.message));
  await assert.rejects(client.getWorkspaceTable({ workspace_id: 71 }, { attempts: 2.5 }), (e) => e.field === 'options.attempts' && /whole number/.test(e.message));
  await assert.rejects(client.getWorkspaceTable({ workspace_id: 71 }, { attempts: 5e9 }), (e) => e.field === 'options.attempts' && /to 4294967295/.test(e.message));
  await assert.rejects(client.getWorkspaceTable({ workspace_id: 71 }, [1]), (e) => e.field === 'options' && /must be an object \{ signal, timeoutMs, /.test(e.message));
  await assert.rejects(client.getWorkspaceTable({ workspace_id: 71 }, { parseAs: 'xml' }), (e) =>
    e.field === 'options.parseAs' && /must be one of "auto", "json", "text", "blob", "arrayBuffer", "stream", "response"/.test(e.message));
  await assert.rejects(client.getWorkspaceTable({ workspace_id: 71 }, { signal: {} }), (e) => e.field === 'options.signal' && /must be an AbortSignal/.test(e.message));
  await assert.rejects(client.getWorkspaceTable({ workspace_id: 71 }, { retryUnsafe: 1 }), (e) => e.field === 'options.retryUnsafe' && /must be a boolean/.test(e.message));
  await assert.rejects(client.getWorkspaceTable({ workspace_id: 71 }, { timeout: 9 }), (e) =>
    e.field === 'options.timeout' && /is unknown \(known: signal, timeoutMs, attempts, retryUnsafe, parseAs, onProgress\); did you mean `timeoutMs`\?/.test(e.message));
  assert.deepEqual(await received('/api:meta/workspace/71/table'), []);
});

test('next() calls made at once get the pages in turn, and a failed page shows its caller', async () => {
  const path = '/api:meta/workspace/72/table/3/content';
  await fetch(`${server}/__pages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path, total: 60 }) });
  const it = client.pages('getWorkspaceTableContent', { workspace_id: 72, table_id: 3, per_page: 25 });
  const steps = await Promise.all([it.next(), it.next(), it.next(), it.next()]);
  assert.deepEqual(steps.map((s) => s.done || s.value.curPage), [1, 2, 3, true]);
  assert.deepEqual((await received(path)).map((r) => r.query.page), ['1', '2', '3']);
  async function walkTheBrokenTable() {
    const broken = client.pages('getWorkspaceTableContent', { workspace_id: 72, table_id: 3, per_page: 25 }, { attempts: 1 });
    await fault('GET', path, [{ status: 404 }]);
    return broken.next();
  }
  const error = await walkTheBrokenTable().then(() => null, (e) => e);
  assert.equal(error?.name, 'XanoApiError', String(error));
  assert.equal(error.status, 404);
  assert.match(error.stack, /walkTheBrokenTable/, error.stack);
});

test('values JSON or a form would lose are refused, not sent as {} or "NaN"', async () => {
  await assert.rejects(client.postWorkspaceTable({ workspace_id: 73, body: new Map([['name', 'a']]) }), (e) =>
    e.name === 'XanoArgumentError' && e.field === 'body' && /Map/.test(e.message));
  await assert.rejects(client.postWorkspaceTable({ workspace_id: 73, body: { name: 'a', tags: new Set(['x']) } }), (e) =>
    e.name === 'XanoArgumentError' && e.field === 'body.tags' && /Set/.test(e.message));
  await assert.rejects(client.postWorkspaceFile({ workspace_id: 73, body: { content: new Blob(['x']), note: NaN } }), (e) =>
    e.name === 'XanoArgumentError' && e.field === 'body.note' && /finite/.test(e.message));
  // Inside a nested object or array: a file, bytes, a Map; in a JSON body and in a
  // multipart one's JSON field.
  for (const [meta, what] of [
    [{ files: [new Blob(['x'])] }, /a file or bytes inside it, which JSON would write as \{\}/],
    [[{ deep: { bytes: new Uint8Array([1]) } }], /a file or bytes inside it/],
    [{ lookup: new Map() }, /a Map, Set or FormData inside it/],
  ]) {
    await assert.rejects(client.postWorkspaceTable({ workspace_id: 73, body: { name: 'a', meta } }), (e) =>
      e.name === 'XanoArgumentError' && e.field === 'body.meta' && what.test(e.message), String(what));
    await assert.rejects(client.postWorkspaceFile({ workspace_id: 73, body: { content: new Blob(['x']), meta } }), (e) =>
      e.name === 'XanoArgumentError' && e.field === 'body.meta' && what.test(e.message), String(what));
  }
  // What JSON writes faithfully goes: a Date (its toJSON), nested plain data, an empty
  // object, and a cycle is the encoder's to refuse.
  await client.postWorkspaceTable({ workspace_id: 77, body: { name: 'a', meta: { at: new Date(0), list: [1, { x: null }], none: {} } } });
  const cyclic = { name: 'a' };
  cyclic.self = cyclic;
  await assert.rejects(client.postWorkspaceTable({ workspace_id: 77, body: { name: 'a', meta: cyclic } }), (e) =>
    e.name === 'XanoArgumentError' && /could not be encoded/.test(e.message));
  const sent = await received('/api:meta/workspace/77/table');
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].body.value.meta, { at: '1970-01-01T00:00:00.000Z', list: [1, { x: null }], none: {} });
  assert.deepEqual(await received('/api:meta/workspace/73/table'), []);
  assert.deepEqual(await received('/api:meta/workspace/73/file'), []);
});

test('the caller\'s signal still stops a streamed body when the call has a timeout', async () => {
  const path = '/api:meta/workspace/74/export';
  const bytes = 64 * 1024 * 1024;
  await fetch(`${server}/__downloads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path, bytes }) });
  const timed = new XanoClient({ baseUrl: `${server}/api:meta`, token: TOKEN, timeoutMs: 60_000 });
  for (const parseAs of ['stream', 'response']) {
    const controller = new AbortController();
    const answer = await timed.postWorkspaceExport({ workspace_id: 74, body: { branch: 'v1' } }, { parseAs, signal: controller.signal });
    const reader = (parseAs === 'stream' ? answer : answer.body).getReader();
    let read = (await reader.read()).value.byteLength;
    controller.abort(new Error('the user closed the dialog'));
    const outcome = await (async () => {
      for (;;) {
        const step = await reader.read();
        if (step.done) return 'read to the end';
        read += step.value.byteLength;
      }
    })().catch((e) => e);
    assert.ok(outcome instanceof Error, `${parseAs}: ${outcome} (${read} bytes)`);
    assert.ok(read < bytes, `${parseAs}: ${read} bytes`);
  }
});

test('pages() and iterate() given a name that is not a string refuse it, and the module keeps working', async () => {
  // wasm-bindgen's copy of a declared string asked the allocator for zero bytes twice;
  // after two such calls every later call into the wasm spun forever.
  for (const call of [() => client.pages(42), () => client.iterate({ name: 'getWorkspaceTableContent' }), () => client.iterate()]) {
    assert.throws(call, (e) => e.name === 'XanoArgumentError' && e.field === 'operation' && /must be an operation's name \(a string\), got/.test(e.message), String(call));
  }
  assert.throws(() => client.iterate('getWorkspaceTableContent', 'abc'), (e) => e.field === 'params' && /must be an object of parameters, got string/.test(e.message));
  const tables = await client.getWorkspaceTable({ workspace_id: 71 });
  assert.ok(Array.isArray(tables.items));
});

test('a token passed where a name belongs never reaches an error', async () => {
  const { checkAccess, minimalScopes, auditToken } = await import('xano-meta');
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = `${part({ alg: 'RS256' })}.${part({ aud: 'xano:meta', xano: { access_token: { scope: { 'workspace:api': 2 } } } })}.SECRET-SIGNATURE-0123`;
  const opaque = 'x'.repeat(80);
  const calls = [
    () => checkAccess('getWorkspaceApigroup', token),
    () => minimalScopes([token]),
    () => auditToken(token, [`Bearer ${token}`]),
    () => client.pages(token, {}),
    () => checkAccess(token, opaque),
    () => new XanoClient({ baseUrl: `${server}/api:meta`, token: TOKEN, [token]: 1 }),
  ];
  for (const call of calls) {
    assert.throws(call, (e) => {
      const said = `${e.message} ${e.field ?? ''} ${e.stack}`;
      return e.name.startsWith('Xano') && !said.includes('SECRET') && !said.includes(opaque) && said.includes('<not shown: it looks like a token>');
    }, String(call));
  }
  await assert.rejects(client.getWorkspaceTable({ workspace_id: 71, [token]: 1 }), (e) => e.field === '<not shown: it looks like a token>' && !e.message.includes('SECRET'));
  // A misspelt name is still shown, with the nearest real one.
  assert.throws(() => checkAccess(token, 'getWorkspaceApigrop'), /no operation is named `getWorkspaceApigrop`; did you mean `getWorkspaceApigroup`\?/);
});

test('a scope key named __proto__ is a scope like any other, not the map\'s prototype', async () => {
  const { decodeToken, tokenReport } = await import('xano-meta');
  const part = (s) => Buffer.from(s).toString('base64url');
  const token = `${part('{"alg":"RS256"}')}.${part('{"aud":"xano:meta","xano":{"access_token":{"scope":{"__proto__":15,"workspace:api":2}}}}')}.sig`;
  for (const scopes of [decodeToken(token).scopes, tokenReport(token).token.scopes]) {
    assert.deepEqual(Object.keys(scopes).sort(), ['__proto__', 'workspace:api'], 'own keys');
    const inherited = [];
    for (const key in scopes) if (!Object.hasOwn(scopes, key)) inherited.push(key);
    assert.deepEqual(inherited, []);
    assert.equal(Object.getPrototypeOf(scopes), Object.prototype);
  }
});

test('the client takes a token as decodeToken does: pasted with Bearer or a line break', async () => {
  const { decodeToken } = await import('xano-meta');
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = `${part({ alg: 'RS256' })}.${part({ aud: 'xano:meta', xano: { access_token: { scope: { 'workspace:database': 15 } } } })}.sig`;
  // The header each call sends, seen on its way to the real fetch (the server records
  // only whether one was sent).
  const realFetch = globalThis.fetch;
  const headers = [];
  globalThis.fetch = (url, init) => {
    headers.push(new Headers(init.headers).get('authorization'));
    return realFetch(url, init);
  };
  try {
    for (const pasted of [`Bearer ${token}`, `bearer  ${token}\n`, `  ${token}\n`]) {
      assert.equal(decodeToken(pasted).scopes['workspace:database'].value, 15);
      const pastedClient = new XanoClient({ baseUrl: `${server}/api:meta`, token: pasted });
      await pastedClient.getWorkspaceTable({ workspace_id: 72 });
    }
  } finally {
    globalThis.fetch = realFetch;
  }
  assert.equal((await received('/api:meta/workspace/72/table')).length, 3);
  assert.deepEqual(headers, Array(3).fill(`Bearer ${token}`));
});

test('a JWT whose claims do not read as Xano\'s warns once and is sent unchecked; an odd iat does not hide an expiry', async () => {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = (payload) => `${part({ alg: 'RS256' })}.${part(payload)}.SECRET-SIGNATURE-4567`;
  const scope = { 'workspace:database': 15 };
  const warnings = [];
  const realWarn = console.warn;
  console.warn = (...args) => warnings.push(args.join(' '));
  try {
    // `exp` in milliseconds: not a date the decoder can read.
    const odd = jwt({ aud: 'xano:meta', exp: Date.now() + 3_600_000, xano: { access_token: { scope } } });
    const unchecked = new XanoClient({ baseUrl: `${server}/api:meta`, token: odd });
    await unchecked.getWorkspaceTable({ workspace_id: 75 });
    await unchecked.getWorkspaceTable({ workspace_id: 75 });
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /XanoClient: calls are not checked against this token's scopes or expiry: .*`exp` is not a date/);
    assert.ok(!warnings[0].includes('SECRET') && !warnings[0].includes(odd));
    // Told to stay quiet, it does.
    new XanoClient({ baseUrl: `${server}/api:meta`, token: odd, scopeCheck: 'off' });
    // An opaque token is the server's to judge, without a word.
    new XanoClient({ baseUrl: `${server}/api:meta`, token: 'opaque-token' });
    assert.equal(warnings.length, 1);

    // An `iat` written as a word leaves `exp` read: the expired token is refused, nothing sent.
    const expired = jwt({ aud: 'xano:meta', iat: 'yesterday', exp: 1_600_000_000, xano: { access_token: { scope } } });
    const refused = new XanoClient({ baseUrl: `${server}/api:meta`, token: expired });
    await assert.rejects(refused.getWorkspaceTable({ workspace_id: 76 }), (e) => e.name === 'XanoScopeError' && e.expired === true && !e.message.includes('SECRET'));
    assert.equal(warnings.length, 1);
  } finally {
    console.warn = realWarn;
  }
  assert.equal((await received('/api:meta/workspace/75/table')).length, 2);
  assert.equal((await received('/api:meta/workspace/76/table')).length, 0);
});

test('a client or page iterator used after free() says so; free() twice is harmless; a call already started ends', async () => {
  const { XanoConfigError } = await import('xano-meta');
  const freedSays = (cls) => (e) => e instanceof XanoConfigError && e.message === `this ${cls} was freed (by free(), or at the end of its \`using\` block) and cannot be used again: create a new one`;
  const own = new XanoClient({ baseUrl: `${server}/api:meta`, token: TOKEN });
  const path = '/api:meta/workspace/78/table/3/content';
  await fetch(`${server}/__pages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path, total: 60 }) });
  const started = own.getWorkspaceTable({ workspace_id: 78 });
  const it = own.pages('getWorkspaceTableContent', { workspace_id: 78, table_id: 3, per_page: 25 });
  const first = await it.next();
  own.free();
  own.free();
  if (Symbol.dispose) own[Symbol.dispose]();
  assert.ok(Array.isArray((await started).items), 'the call started before free() was answered');
  await assert.rejects(own.getWorkspaceTable({ workspace_id: 78 }), freedSays('XanoClient'));
  assert.throws(() => own.baseUrl, freedSays('XanoClient'));
  assert.throws(() => own.pages('getWorkspaceTableContent', { workspace_id: 78, table_id: 3 }), freedSays('XanoClient'));
  assert.throws(() => own.iterate('getWorkspaceTableContent', { workspace_id: 78, table_id: 3 }), freedSays('XanoClient'));
  // The iterator holds its own share of the client: it walks on until it is freed itself.
  assert.equal(first.value.curPage, 1);
  assert.equal((await it.next()).value.curPage, 2);
  it.free();
  it.free();
  await assert.rejects(it.next(), freedSays('PageIterator'));
  assert.throws(() => it.return(), freedSays('PageIterator'));
  const account = new XanoAccountClient({ token: TOKEN });
  account.free();
  await assert.rejects(account.getInstance(), freedSays('XanoAccountClient'));
  // The module is whole: other clients call as before.
  assert.ok(Array.isArray((await client.getWorkspaceTable({ workspace_id: 78 })).items));
  const calls = await received('/api:meta/workspace/78/table');
  assert.equal(calls.length, 2, 'one call before free(), one on the live client; none from the freed one');
  assert.deepEqual((await received(path)).map((r) => r.query.page), ['1', '2']);
});
