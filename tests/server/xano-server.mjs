// A stand-in for a Xano instance's Metadata API (and the account "master" API) for tests.
//
// It routes requests against the real OpenAPI specs the client is generated from, checks
// auth the way Xano does, records every API call (never the token) so tests can assert on
// exactly what the client sent, and answers with Xano-shaped data and errors. CORS is open
// so the wasm build can be exercised from headless Chromium on another origin.
//
//   node tests/server/xano-server.mjs [--port N] [--max-seconds S]
//   -> prints "LISTENING http://127.0.0.1:<port>" once ready.
//
// Control routes (no auth, never recorded): GET /__received, POST /__reset, GET /__health.
// Provoke errors with a workspace_id of 400, 403, 404, 429, 500 or 502.
// Node 20 built-ins only.

import { createServer } from 'node:http';
import { readFileSync, realpathSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DEFAULT_SPECS = {
  instance: process.env.XANO_SPEC_INSTANCE || `${HERE}../../specs/instance.json`,
  account: process.env.XANO_SPEC_ACCOUNT || `${HERE}../../specs/account.json`,
};
// Each API lives under its own prefix; both are plain leading path segments.
const API_PREFIXES = { instance: ['api:meta'], account: ['account', 'api:meta'] };

const CORS_HEADERS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': '*' };
const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE',
  'access-control-allow-headers': 'Authorization, Content-Type, x-data-source',
  'access-control-max-age': '600',
};
const RECORDED_HEADERS = ['content-type', 'x-data-source', 'accept'];

const ERR_NOT_FOUND_ROUTE = { code: 'ERROR_CODE_NOT_FOUND', message: 'Unable to locate request.' };
const ERR_UNAUTHORIZED = { code: 'ERROR_CODE_UNAUTHORIZED', message: 'Missing or invalid access token.' };
// Real Xano puts the offending param in `payload.param`; `param` is kept at the top level too.
const inputError = (param, message) => ({ code: 'ERROR_CODE_INPUT_ERROR', message, param, payload: { param } });
// workspace_id values that make any operation fail, so clients can test their error paths.
const PROVOKED_ERRORS = {
  400: inputError('name', 'Invalid input'),
  403: { code: 'ERROR_CODE_ACCESS_DENIED', message: 'Access denied. Additional privileges are needed access the requested resource.' },
  404: { code: 'ERROR_CODE_NOT_FOUND', message: 'Not Found.' },
  429: { code: 'ERROR_CODE_TOO_MANY_REQUESTS', message: 'Too many requests.' },
  500: { code: 'ERROR_FATAL', message: 'Something went wrong.' },
};

const FIXED_TIME = 1735689600000; // 2025-01-01T00:00:00Z: deterministic timestamps in fixtures
const TABLES = Array.from({ length: 7 }, (_, i) => ({
  id: i + 1, name: `table_${i + 1}`, description: '', created_at: FIXED_TIME, updated_at: FIXED_TIME, auth: false, tag: [],
}));

// ---------- routing ----------

/** Turns both specs into one list of {api, template, segments, methods}. */
function loadRoutes(specPaths) {
  const routes = [];
  for (const api of ['instance', 'account']) {
    const spec = JSON.parse(readFileSync(specPaths[api], 'utf8'));
    for (const [template, ops] of Object.entries(spec.paths || {})) {
      const segments = [...API_PREFIXES[api], ...template.split('/').slice(1)].map((s) => {
        const m = /^\{(.+)\}$/.exec(s);
        return m ? { param: m[1] } : { literal: s };
      });
      const methods = new Set(Object.keys(ops).map((m) => m.toUpperCase()));
      routes.push({ api, template, segments, methods });
    }
  }
  return routes;
}

/** Literal segments rank above parameters, position by position (`/table/trigger` beats `/table/{table_id}`). */
function compareSpecificity(a, b) {
  for (let i = 0; i < a.segments.length; i++) {
    const d = ('literal' in b.segments[i]) - ('literal' in a.segments[i]);
    if (d) return d;
  }
  return 0;
}

function decodeSegment(raw) {
  try { return decodeURIComponent(raw); } catch { return raw; } // malformed escapes stay as sent
}

/**
 * Finds the operation for method + raw path. Splitting happens on the raw path, so an encoded
 * `%2F` stays inside one parameter. Returns {route, pathParams} or null (Xano answers 404
 * both for unknown paths and for methods a path does not have).
 */
function matchRoute(routes, method, rawPath) {
  const segs = rawPath.split('/').slice(1).map(decodeSegment);
  const fits = (r) => r.segments.length === segs.length &&
    r.segments.every((s, i) => ('literal' in s ? s.literal === segs[i] : segs[i] !== ''));
  const best = routes.filter((r) => r.methods.has(method) && fits(r)).sort(compareSpecificity)[0];
  if (!best) return null;
  const pathParams = {};
  best.segments.forEach((s, i) => { if ('param' in s) pathParams[s.param] = segs[i]; });
  return { route: best, pathParams };
}

/** Which API a path was aimed at, even when nothing matched (null for neither). */
function apiOfPath(rawPath) {
  const segs = rawPath.split('/').slice(1).map(decodeSegment);
  if (segs[0] === 'account' && segs[1] === 'api:meta') return 'account';
  return segs[0] === 'api:meta' ? 'instance' : null;
}

// ---------- request recording ----------

function authState(header) {
  if (header === undefined) return 'missing';
  const m = /^Bearer +(.+)$/i.exec(header.trim());
  return m && m[1].trim() !== 'expired' ? 'bearer' : 'invalid';
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Describes a body by its content type, as in the brief: json, text, multipart or bytes. */
async function describeBody(buf, contentType) {
  if (buf.length === 0) return null;
  const media = (contentType || '').split(';')[0].trim().toLowerCase();
  if (media === 'application/json' || media.endsWith('+json')) {
    const text = buf.toString('utf8');
    try { return { kind: 'json', value: JSON.parse(text) }; } catch { return { kind: 'invalid-json', text }; }
  }
  if (media.startsWith('text/')) return { kind: 'text', contentType, text: buf.toString('utf8') };
  if (media === 'multipart/form-data') {
    try { return { kind: 'multipart', parts: await parseMultipart(buf, contentType) }; }
    catch { return { kind: 'invalid-multipart', contentType, size: buf.length }; } // e.g. bad boundary
  }
  return { kind: 'bytes', contentType: contentType ?? null, size: buf.length };
}

/** Parses with the platform's own FormData parser, keeping part order. */
async function parseMultipart(buf, contentType) {
  const form = await new Response(buf, { headers: { 'content-type': contentType } }).formData();
  const parts = [];
  for (const [name, value] of form) {
    const isFile = typeof value !== 'string';
    const bytes = isFile ? Buffer.from(await value.arrayBuffer()) : Buffer.from(value, 'utf8');
    parts.push({
      name,
      filename: isFile ? value.name : null,
      contentType: isFile && value.type ? value.type : null, // the parser drops it on plain fields
      size: bytes.length,
      text: isFile ? null : value,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  return parts;
}

function pickHeaders(headers) {
  const out = {};
  for (const h of RECORDED_HEADERS) if (headers[h] !== undefined) out[h] = headers[h];
  return out;
}

// ---------- responses ----------

function send(res, status, body, headers = {}) {
  res.writeHead(status, { ...CORS_HEADERS, ...headers });
  res.end(body);
}

function sendJson(res, status, value) {
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8' });
}

function positiveInt(value, fallback) {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n >= 1 ? n : fallback;
}

/** A Xano list page. Only `nextPage: null` marks the end; a full last page still has it null. */
function page(all, query) {
  const curPage = positiveInt(query.page, 1);
  const perPage = positiveInt(query.per_page, 50);
  const offset = (curPage - 1) * perPage;
  const items = all.slice(offset, offset + perPage);
  const pageTotal = Math.ceil(all.length / perPage);
  return {
    items, curPage, nextPage: curPage < pageTotal ? curPage + 1 : null, prevPage: curPage > 1 ? curPage - 1 : null,
    itemsReceived: items.length, itemsTotal: all.length, pageTotal, perPage, offset,
  };
}

/** Form-ish fields of a body, JSON object or multipart text parts (Xano accepts both for most calls). */
function bodyFields(body) {
  if (body?.kind === 'json' && body.value && typeof body.value === 'object' && !Array.isArray(body.value)) return body.value;
  if (body?.kind === 'multipart') return Object.fromEntries(body.parts.filter((p) => p.filename === null).map((p) => [p.name, p.text]));
  return {};
}

// Canned answers for the operations tests lean on, keyed by "METHOD api template".
const HANDLERS = {
  'GET instance /workspace': () => [200, [
    { id: 1, name: 'Main', description: '', branch: 'v1' },
    { id: 2, name: 'Staging', description: '', branch: 'v1' },
  ]],
  'GET instance /workspace/{workspace_id}/table': ({ query }) => [200, page(TABLES, query)],
  'GET instance /workspace/{workspace_id}/table/{table_id}/content': ({ query, headers }) => {
    const datasource = headers['x-data-source'] || 'live';
    const rows = [1, 2, 3].map((id) => ({ id, created_at: FIXED_TIME, name: `row_${id}`, datasource }));
    return [200, page(rows, query)];
  },
  'POST instance /workspace/{workspace_id}/table': ({ body }) => {
    const { name, description } = bodyFields(body);
    if (typeof name !== 'string' || name === '') return [400, inputError('name', 'Missing param: name')];
    return [200, { id: 100, name, description: description ?? '', created_at: Date.now() }];
  },
  'POST instance /workspace/{workspace_id}/file': ({ body }) => {
    const parts = body?.kind === 'multipart' ? body.parts : [];
    const content = parts.find((p) => p.name === 'content' && p.filename !== null);
    if (!content) return [400, inputError('content', 'Missing param: content')];
    const field = (n) => parts.find((p) => p.name === n && p.filename === null)?.text;
    return [200, {
      id: 55, name: content.filename, size: content.size, mime: content.contentType,
      type: field('type') ?? '', access: field('access') ?? 'public', path: `/vault/x/${content.filename}`,
    }];
  },
  'GET account /instance': ({ baseUrl }) => [200, [{
    id: 1, name: 'x1-test', display: 'Test', domain: '127.0.0.1',
    meta_api: `${baseUrl}/api:meta`, meta_swagger: `${baseUrl}/apispec:meta?type=json`,
  }]],
  'GET account /auth/me': () => [200, { id: '1', name: 'Test User', email: 'test@example.com' }],
};

/** Auth first, then provoked errors, then the canned answer or an echo of the call. */
function answer(res, call, baseUrl) {
  if (call.template === null) return sendJson(res, 404, ERR_NOT_FOUND_ROUTE);
  if (call.auth !== 'bearer') return sendJson(res, 401, ERR_UNAUTHORIZED);
  const ws = call.pathParams.workspace_id;
  // Imitates a proxy in front of Xano: HTML, not JSON.
  if (ws === '502') return send(res, 502, '<html>bad gateway</html>', { 'content-type': 'text/html' });
  if (ws in PROVOKED_ERRORS) return sendJson(res, Number(ws), PROVOKED_ERRORS[ws]);
  const handler = HANDLERS[`${call.method} ${call.api} ${call.template}`];
  if (handler) return sendJson(res, ...handler({ ...call, baseUrl }));
  const { method, template, pathParams, query } = call;
  return sendJson(res, 200, { ok: true, method, template, pathParams, query });
}

// ---------- server ----------

/**
 * Starts the fake. `specPaths` may override {instance, account}; `port` 0 picks a free one.
 * `received` is the live list of recorded calls (cleared in place by POST /__reset).
 */
export async function startServer({ port = 0, specPaths = {} } = {}) {
  const routes = loadRoutes({ ...DEFAULT_SPECS, ...specPaths });
  const instanceSpec = readFileSync(specPaths.instance || DEFAULT_SPECS.instance, 'utf8');
  const received = [];
  let seq = 0;
  let baseUrl = '';

  async function handle(req, res) {
    const rawUrl = req.url || '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const search = q < 0 ? '' : rawUrl.slice(q + 1);

    if (req.method === 'OPTIONS') return send(res, 204, undefined, PREFLIGHT_HEADERS);
    if (req.method === 'GET' && path === '/__received') return sendJson(res, 200, received);
    if (req.method === 'POST' && path === '/__reset') { received.length = 0; return send(res, 204); }
    if (req.method === 'GET' && path === '/__health') return send(res, 200, 'ok', { 'content-type': 'text/plain' });
    // Makes the account API's `meta_swagger` link resolvable; public like Xano's, not recorded.
    if (req.method === 'GET' && path === '/apispec:meta') {
      return send(res, 200, instanceSpec, { 'content-type': 'application/json; charset=utf-8' });
    }

    const body = await describeBody(await readBody(req), req.headers['content-type']);
    const match = matchRoute(routes, req.method, path);
    const call = {
      seq: ++seq,
      method: req.method,
      path,
      template: match ? match.route.template : null,
      api: match ? match.route.api : apiOfPath(path),
      pathParams: match ? match.pathParams : {},
      query: Object.fromEntries(new URLSearchParams(search)), // a repeated key keeps its last value
      headers: pickHeaders(req.headers),
      auth: authState(req.headers.authorization),
      body,
    };
    received.push(call); // before answering, so a test that awaited the response sees it
    answer(res, call, baseUrl);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      process.stderr.write(`xano-server: ${err.stack || err}\n`);
      if (!res.headersSent) sendJson(res, 500, { code: 'ERROR_FATAL', message: 'Something went wrong.' });
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  baseUrl = `http://127.0.0.1:${server.address().port}`;

  const close = () => new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections(); // keep-alive sockets would otherwise hold close() open
  });
  return { url: baseUrl, close, received };
}

// ---------- CLI ----------

function parseArgs(argv) {
  const opts = { port: 0, maxSeconds: 1800 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => Number(inline ?? argv[++i]);
    if (flag === '--port') opts.port = value();
    else if (flag === '--max-seconds') opts.maxSeconds = value();
    else throw new Error(`unknown argument: ${argv[i]}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('--port must be 0..65535');
  if (!(opts.maxSeconds > 0)) throw new Error('--max-seconds must be a positive number');
  return opts;
}

async function main() {
  const { port, maxSeconds } = parseArgs(process.argv.slice(2));
  const { url, close } = await startServer({ port });
  process.stdout.write(`LISTENING ${url}\n`);
  const stop = () => close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // A safety net: the server must never outlive a test run that forgot to stop it.
  setTimeout(stop, Math.min(maxSeconds * 1000, 2 ** 31 - 1)).unref(); // larger delays overflow to 1 ms
}

function isExecutedDirectly() {
  try { return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url)); } catch { return false; }
}
if (isExecutedDirectly()) {
  main().catch((err) => {
    process.stderr.write(`xano-server: ${err.message}\n`);
    process.exit(1);
  });
}
