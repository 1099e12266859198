// A stand-in for a Xano instance's Metadata API (and the account "master" API) for tests.
//
// It routes requests against the real OpenAPI specs the client is generated from, checks
// auth the way Xano does, records every API call (never the token) so tests can assert on
// exactly what the client sent, and answers with Xano-shaped data and errors. CORS is open
// so the wasm build can be exercised from headless Chromium on another origin.
//
//   node tests/server/xano-server.mjs [--port N] [--other-port N] [--max-seconds S]
//   -> prints "LISTENING http://127.0.0.1:<port>" once ready (always the first line),
//      then "OTHER http://127.0.0.1:<port>": a second listener, i.e. another origin.
//
// Control routes, on the main listener only (no auth, never recorded, never rate limited,
// CORS and preflight like the API):
//   GET  /__health     -> 200 "ok"
//   GET  /__origins    -> 200 {main, other}: the two listeners' base URLs
//   GET  /__received   -> 200 [record, ...]: every request recorded so far, both listeners
//   POST /__reset      -> 204: forgets records, fault scripts, page and download fixtures, the rate limit
//   POST /__faults     {method, path, responses: [step, ...]} -> 200 {method, path, pending}
//                      scripts the next requests to METHOD path (raw path, no query), one
//                      step each; `responses: []` removes the script. Steps: see STEP_KEYS.
//   GET  /__faults     -> 200 [{method, path, pending: [step, ...]}]: steps not yet used
//   POST /__ratelimit  {requests, perSeconds} -> 200 {enabled: true, requests, perSeconds};
//                      {} or null -> 200 {enabled: false}. Sliding window over API routes.
//   POST /__pages      {path, total} -> 200 {path, total}: GET path pages over `total`
//                      synthetic rows {id, name: "row <id>"}; `total: null` removes it.
//   GET  /__counts[?origin=main|other&path=P] -> 200 {total, byStatus: {"200": n, ...}}
//   POST /__downloads {path, bytes, dropAfter?, declaredLength?, gzip?} -> 200 {path, bytes}: the next
//                      answers of the download at raw `path` (the export, the multidoc) are
//                      `bytes` pseudo-random bytes (lines of a-z for text) under that download's headers, cut after
//                      `dropAfter` bytes, or announced with a `Content-Length` of
//                      `declaredLength` (then cut there); `bytes: null` removes it. With
//                      `gzip: true` (at most GZIP_MAX bytes, alone) they go gzipped, with
//                      `Content-Encoding: gzip`, the compressed `Content-Length`, and CORS
//                      exposing other headers but not `Content-Encoding`, as a server may.
//
// Answers that are not JSON, as Xano sends them (docs/XANO.md, "Where the spec is wrong"):
//   POST .../workspace/{id}/export        -> a gzipped tar archive, `application/gzip`, with
//                                            `Content-Disposition: attachment; filename=…`
//   GET  .../beta/workspace/{id}/multidoc -> XanoScript text (`text/x-xanoscript`), documents
//                                            separated by "\n---\n", non-ASCII included
// Each records what it sent as `sent: {bytes, sha256}`, so a test can compare what arrived.
// Provoke errors with a workspace_id of 400, 403, 404, 429, 500 or 502.
//
// A record is {seq, method, path, template, api, pathParams, query, headers, auth, body,
// authorization: "present"|"absent", origin: "main"|"other", status, fault}. `status` is
// what was answered (null while in flight, or when nothing was: dropped, client gone);
// `fault` is the scripted step applied, {rateLimited: true}, or null.
// Node 20 built-ins only.

import { createServer } from 'node:http';
import { readFileSync, realpathSync } from 'node:fs';
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { gzipSync } from 'node:zlib';
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

function authState(header, host) {
  if (header === undefined) return 'missing';
  const m = /^Bearer +(.+)$/i.exec(header.trim());
  return m && m[1].trim() !== 'expired' && !jwtRefused(m[1].trim(), `http://${host}`) ? 'bearer' : 'invalid';
}

/**
 * What Xano refuses (401) of a readable JWT, signature aside: past its `exp`, or past a
 * Metadata API token's `expires_at`; and an OAuth access token (`typ: at+jwt`) whose `aud`
 * is not this instance's origin. Other tokens are judged as before.
 */
function jwtRefused(token, origin) {
  const part = (text) => { try { return JSON.parse(Buffer.from(text, 'base64url').toString()); } catch { return null; } };
  const pieces = token.split('.');
  const [header, payload] = pieces.length === 3 ? pieces.slice(0, 2).map(part) : [null, null];
  if (!isPlainObject(header) || !isPlainObject(payload)) return false;
  if (typeof payload.exp === 'number' && payload.exp * 1000 <= Date.now()) return true;
  // Xano writes `2025-09-23 14:56:15+0000`.
  const expiresAt = String(payload.xano?.access_token?.expires_at ?? '')
    .replace(' ', 'T').replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  if (Date.parse(expiresAt) <= Date.now()) return true;
  return /^(application\/)?at\+jwt$/i.test(String(header.typ)) && payload.aud !== origin;
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

// The record each recorded request's response belongs to, so that send() can note the status
// answered. It is noted before the bytes leave: a test that awaited the response sees it.
const RECORD_OF = new WeakMap();

function send(res, status, body, headers = {}) {
  const record = RECORD_OF.get(res);
  if (record) record.status = status;
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
  return pageOf(all.length, query, (from, to) => all.slice(from, to));
}

/**
 * The page of `total` rows that `query` asks for; `rowsBetween(from, to)` makes only the rows
 * on it, so a fixture of any size costs one page. `page` (default 1), `per_page` (default 50).
 */
function pageOf(total, query, rowsBetween) {
  const curPage = positiveInt(query.page, 1);
  const perPage = positiveInt(query.per_page, 50);
  const offset = (curPage - 1) * perPage;
  const items = offset < total ? rowsBetween(offset, Math.min(offset + perPage, total)) : [];
  const pageTotal = Math.ceil(total / perPage);
  return {
    items, curPage, nextPage: curPage < pageTotal ? curPage + 1 : null, prevPage: curPage > 1 ? curPage - 1 : null,
    itemsReceived: items.length, itemsTotal: total, pageTotal, perPage, offset,
  };
}

/** A page over a POST /__pages fixture: rows {id, name: "row <id>"}, ids from 1. */
function syntheticPage(total, query) {
  return pageOf(total, query, (from, to) =>
    Array.from({ length: to - from }, (_, i) => ({ id: from + i + 1, name: `row ${from + i + 1}` })));
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

/**
 * Auth first, then provoked errors, then a page fixture (POST /__pages), the canned answer or
 * an echo of the call. `pageFixtures` maps a raw path to its row count.
 */
function answer(res, call, baseUrl, pageFixtures = new Map(), downloadFixtures = new Map()) {
  // A fixture may sit on a path the specs lack: it still answers (behind auth, like the rest).
  const fixture = call.method === 'GET' ? pageFixtures.get(call.path) : undefined;
  if (call.template === null && fixture === undefined) return sendJson(res, 404, ERR_NOT_FOUND_ROUTE);
  if (call.auth !== 'bearer') return sendJson(res, 401, ERR_UNAUTHORIZED);
  const ws = call.pathParams.workspace_id;
  // Imitates a proxy in front of Xano: HTML, not JSON.
  if (ws === '502') return send(res, 502, '<html>bad gateway</html>', { 'content-type': 'text/html' });
  if (ws in PROVOKED_ERRORS) return sendJson(res, Number(ws), PROVOKED_ERRORS[ws]);
  if (fixture !== undefined) return sendJson(res, 200, syntheticPage(fixture, call.query));
  const download = DOWNLOADS[`${call.method} ${call.api} ${call.template}`];
  if (download) return sendDownload(res, call, download(call), downloadFixtures.get(call.path));
  const handler = HANDLERS[`${call.method} ${call.api} ${call.template}`];
  if (handler) return sendJson(res, ...handler({ ...call, baseUrl }));
  const { method, template, pathParams, query } = call;
  return sendJson(res, 200, { ok: true, method, template, pathParams, query });
}

// ---------- downloads: answers that are not JSON ----------

/** One ustar entry (512-byte header, then the data padded to 512). */
function tarEntry(name, data) {
  const header = Buffer.alloc(512);
  const field = (offset, length, value) => header.write(value, offset, length, 'utf8');
  const octal = (offset, length, n) => field(offset, length, `${n.toString(8).padStart(length - 1, '0')}\0`);
  field(0, 100, name);
  octal(100, 8, 0o644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, data.length);
  octal(136, 12, Math.floor(FIXED_TIME / 1000));
  header.fill(' ', 148, 156); // the checksum counts its own field as spaces
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  const sum = header.reduce((a, b) => a + b, 0);
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  const padding = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, padding]);
}

/** A workspace export as Xano answers it: a small gzipped tar of the workspace's parts. */
function workspaceArchive(workspaceId, branch) {
  const manifest = JSON.stringify({ workspace: { id: Number(workspaceId), branch: branch ?? 'v1' }, tables: TABLES });
  const tar = Buffer.concat([
    tarEntry('workspace.json', Buffer.from(manifest, 'utf8')),
    tarEntry('README.txt', Buffer.from('Xano workspace export: Café ☕ naïve\n', 'utf8')),
    Buffer.alloc(1024), // two empty blocks end a tar
  ]);
  return gzipSync(tar);
}

/** XanoScript documents of a workspace, separated as Xano's multidoc export separates them. */
function workspaceMultidoc() {
  return [
    'table "café_orders" {\n  schema {\n    int id\n    text naïve_note?\n  }\n}',
    'function "grüße" {\n  input {\n    text name\n  }\n  stack {\n    var greeting { value = "こんにちは " ~ $input.name }\n  }\n  response = $var.greeting\n}',
    'query "emoji/🦄" verb=GET {\n  response = "ok"\n}',
  ].join('\n---\n');
}

// The download routes, keyed like HANDLERS: what each answers when no fixture is set.
const DOWNLOADS = {
  'POST instance /workspace/{workspace_id}/export': ({ pathParams, body }) => ({
    headers: {
      'content-type': 'application/gzip',
      'content-disposition': `attachment; filename="workspace-${pathParams.workspace_id}.tar.gz"`,
    },
    data: workspaceArchive(pathParams.workspace_id, bodyFields(body).branch),
  }),
  'GET instance /beta/workspace/{workspace_id}/multidoc': () => ({
    headers: { 'content-type': 'text/x-xanoscript; charset=utf-8' },
    data: Buffer.from(workspaceMultidoc(), 'utf8'),
  }),
};

/** Sends a download: its own bytes, or those of a POST /__downloads fixture, hashing what leaves. */
async function sendDownload(res, call, download, fixture) {
  const record = RECORD_OF.get(res);
  const hash = createHash('sha256');
  let sent = 0;
  const note = () => { if (record) record.sent = { bytes: sent, sha256: hash.digest('hex') }; };
  if (!fixture) {
    if (record) record.status = 200;
    res.writeHead(200, { ...CORS_HEADERS, ...download.headers, 'content-length': download.data.length });
    hash.update(download.data);
    sent = download.data.length;
    note();
    return void res.end(download.data);
  }
  if (fixture.gzip) return sendGzipped(res, download, fixture, hash);
  const { bytes, dropAfter, declaredLength } = fixture;
  const cutAt = Math.min(bytes, dropAfter ?? Infinity, declaredLength ?? Infinity);
  const textual = String(download.headers['content-type']).startsWith('text/');
  if (record) record.status = 200;
  res.writeHead(200, { ...CORS_HEADERS, ...download.headers, 'content-length': declaredLength ?? bytes });
  const chunk = Buffer.alloc(1 << 20);
  while (sent < cutAt) {
    const n = Math.min(chunk.length, cutAt - sent);
    randomFillSync(chunk, 0, n);
    if (textual) for (let i = 0; i < n; i++) chunk[i] = i % 80 === 79 ? 10 : 97 + (chunk[i] % 26); // lines of a-z
    const piece = n === chunk.length ? chunk : chunk.subarray(0, n);
    hash.update(piece);
    sent += n;
    // Waits for the client to take each piece: a 300 MB answer is never held here.
    if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
    if (res.destroyed) return note();
  }
  note();
  // Cut short (a drop, or fewer bytes than announced): the connection ends mid-body.
  if (sent < (declaredLength ?? bytes)) return void res.socket?.destroy();
  res.end();
}

/** A gzip fixture: the bytes made whole first (their compressed length is the header). */
function sendGzipped(res, download, { bytes }, hash) {
  const data = randomBytes(bytes);
  if (String(download.headers['content-type']).startsWith('text/')) {
    for (let i = 0; i < bytes; i++) data[i] = i % 80 === 79 ? 10 : 97 + (data[i] % 26);
  }
  const body = gzipSync(data);
  hash.update(data);
  const record = RECORD_OF.get(res);
  if (record) {
    record.status = 200;
    record.sent = { bytes, sha256: hash.digest('hex'), gzipped: body.length };
  }
  res.writeHead(200, {
    ...CORS_HEADERS,
    'access-control-expose-headers': 'content-disposition, retry-after',
    ...download.headers,
    'content-encoding': 'gzip',
    'content-length': body.length,
  });
  res.end(body);
}

/** POST /__downloads body -> {path, bytes, dropAfter, declaredLength, gzip}; bytes null removes it. */
function parseDownloadFixture(spec) {
  const { path, bytes, dropAfter, declaredLength, gzip } = isPlainObject(spec) ? spec : {};
  if (typeof path !== 'string' || !path.startsWith('/') || path.includes('?')) {
    throw new BadControlInput('path must be a raw path starting with / and without a query');
  }
  if (bytes === null) return { path, bytes: null };
  const count = (v) => Number.isInteger(v) && v >= 0 && v <= DOWNLOAD_MAX;
  if (!count(bytes)) throw new BadControlInput(`bytes must be an integer 0..${DOWNLOAD_MAX} (or null to remove)`);
  if (dropAfter !== undefined && !count(dropAfter)) throw new BadControlInput('dropAfter must be a byte count');
  if (declaredLength !== undefined && !(count(declaredLength) && declaredLength > bytes)) {
    throw new BadControlInput('declaredLength must be a byte count above bytes');
  }
  if (gzip !== undefined && gzip !== true) throw new BadControlInput('gzip must be true');
  if (gzip && (bytes > GZIP_MAX || dropAfter !== undefined || declaredLength !== undefined)) {
    throw new BadControlInput(`gzip goes alone, with at most ${GZIP_MAX} bytes`);
  }
  return { path, bytes, dropAfter, declaredLength, gzip };
}
const DOWNLOAD_MAX = 1 << 30; // keeps a typo from streaming forever
const GZIP_MAX = 1 << 24; // a gzip fixture is held whole

// ---------- fault injection ----------

// What a scripted step may hold. One action per step; `delayMs` may also precede an action
// (e.g. a slow 504), and `retryAfter` only goes with `status`.
//   {status: 400|401|403|404|429|500|502|503|504}  that error, Xano's JSON or a proxy's HTML
//   {status: 429, retryAfter: "2"}             adds `Retry-After: 2`; "http-date+N" is an
//                                              HTTP date N s ahead (negative N: in the past)
//   {delayMs: N}                               waits, then answers normally
//   {drop: true}                               reads the request, starts an answer, cuts the connection
//   {malformedJson: true}                      200 application/json `{"items": [1, 2,`
//   {json: V}                                  200 application/json, V as the body (a page
//                                              that misbehaves: a nextPage that points back)
//   {bigBody: N}                               200 JSON page of at least N bytes
//   {redirect: "other-origin"|"same-origin"}   307 to the same path (and query) on the
//                                              other listener, or here with redirected=1
// The other listener takes the next step of the same script too (after an "other-origin"
// redirect: [{redirect: "other-origin"}, {drop: true}] fails where the redirect led).
//   {pass: true}                               answers normally
const STEP_ACTIONS = ['status', 'drop', 'malformedJson', 'json', 'bigBody', 'redirect', 'pass'];
const STEP_KEYS = [...STEP_ACTIONS, 'delayMs', 'retryAfter'];
const STEP_STATUSES = [400, 401, 403, 404, 429, 500, 502, 503, 504];
const BIG_BODY_MAX = 256 * 1024 * 1024; // keeps a typo from exhausting the test machine
const GATEWAY_REASONS = { 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
const MALFORMED_JSON = '{"items": [1, 2,';

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Why a step cannot be used, or null when it can. Checked when posted, not when applied. */
function stepProblem(step) {
  if (!isPlainObject(step)) return 'each step must be an object';
  const keys = Object.keys(step);
  const unknown = keys.filter((k) => !STEP_KEYS.includes(k));
  if (unknown.length) return `unknown step key(s): ${unknown.join(', ')} (known: ${STEP_KEYS.join(', ')})`;
  if ('retryAfter' in step) {
    if (!('status' in step)) return 'retryAfter goes with a status';
    if (typeof step.retryAfter !== 'string' && !(Number.isInteger(step.retryAfter) && step.retryAfter >= 0)) {
      return 'retryAfter must be a string ("2", "http-date+2", anything to send as is) or seconds';
    }
  }
  const actions = keys.filter((k) => STEP_ACTIONS.includes(k));
  if (actions.length > 1) return `a step has one action, got ${actions.join(' and ')}`;
  if (actions.length === 0 && !('delayMs' in step)) return `a step needs one of ${STEP_ACTIONS.join(', ')} or delayMs`;
  if ('status' in step && !STEP_STATUSES.includes(step.status)) return `status must be one of ${STEP_STATUSES.join(', ')}`;
  if ('delayMs' in step && !(Number.isFinite(step.delayMs) && step.delayMs >= 0)) return 'delayMs must be a number >= 0';
  for (const flag of ['drop', 'malformedJson', 'pass']) if (flag in step && step[flag] !== true) return `${flag} must be true`;
  if ('bigBody' in step && !(Number.isInteger(step.bigBody) && step.bigBody > 0 && step.bigBody <= BIG_BODY_MAX)) {
    return `bigBody must be a byte count, 1..${BIG_BODY_MAX}`;
  }
  if ('redirect' in step && !['other-origin', 'same-origin'].includes(step.redirect)) return 'redirect must be "other-origin" or "same-origin"';
  return null;
}

/** A step that answers the request itself, instead of letting the fake Xano answer it. */
const answersItself = (step) => STEP_ACTIONS.some((k) => k in step) && !step.pass;

const scriptKey = (method, path) => `${method} ${path}`;

/**
 * Takes the next step scripted for method + raw path (scripts map a scriptKey to
 * {method, path, pending: [step, ...]}); a script goes once it is used up.
 */
function takeStep(scripts, method, path) {
  const key = scriptKey(method, path);
  const script = scripts.get(key);
  if (!script) return null;
  const step = script.pending.shift();
  if (script.pending.length === 0) scripts.delete(key);
  return step;
}

/** "http-date+N" becomes an HTTP date N seconds from now; anything else is sent as is. */
function retryAfterValue(spec) {
  const m = /^http-date([+-]\d+(?:\.\d+)?)$/.exec(String(spec));
  return m ? new Date(Date.now() + Number(m[1]) * 1000).toUTCString() : String(spec);
}

/** The body a status step answers with: Xano's JSON for its own errors, a proxy's HTML for 502-504. */
function sendStatusStep(res, step) {
  const headers = 'retryAfter' in step ? { 'retry-after': retryAfterValue(step.retryAfter) } : {};
  const reason = GATEWAY_REASONS[step.status];
  if (reason) {
    const html = `<html><head><title>${step.status} ${reason}</title></head><body><h1>${step.status} ${reason}</h1></body></html>`;
    return send(res, step.status, html, { ...headers, 'content-type': 'text/html' });
  }
  const error = step.status === 401 ? ERR_UNAUTHORIZED : PROVOKED_ERRORS[step.status];
  send(res, step.status, JSON.stringify(error), { ...headers, 'content-type': 'application/json; charset=utf-8' });
}

/**
 * A single page (curPage 1, nextPage null) serialised to at least `minBytes` bytes. Rows share
 * one long payload and the row count is computed up front, so 5 MB costs one join.
 */
function bigPageJson(minBytes) {
  const payload = 'x'.repeat(1000);
  const row = (id) => JSON.stringify({ id, name: `row ${id}`, payload });
  // The shortest row (id 1) plus its comma: later rows are no shorter, so this many suffice.
  const count = Math.max(1, Math.ceil(minBytes / (row(1).length + 1)));
  const items = Array.from({ length: count }, (_, i) => row(i + 1)).join(',');
  const rest = { curPage: 1, nextPage: null, prevPage: null, itemsReceived: count, itemsTotal: count, pageTotal: 1, perPage: count, offset: 0 };
  return `{"items":[${items}],${JSON.stringify(rest).slice(1)}`;
}

/** Answers with a step that answers by itself (see answersItself). */
function applyStep(res, step, { baseUrl, otherUrl, path, search }) {
  if ('status' in step) return sendStatusStep(res, step);
  if (step.drop) return dropMidResponse(res); // the record keeps status: null
  if (step.malformedJson) return send(res, 200, MALFORMED_JSON, { 'content-type': 'application/json' });
  if ('json' in step) return send(res, 200, JSON.stringify(step.json), { 'content-type': 'application/json' });
  if ('bigBody' in step) return send(res, 200, bigPageJson(step.bigBody), { 'content-type': 'application/json; charset=utf-8' });
  // The query is kept so a redirected page request still asks for the same page.
  const location = step.redirect === 'other-origin'
    ? `${otherUrl}${path}${search ? `?${search}` : ''}`
    : `${baseUrl}${path}?${search ? `${search}&` : ''}redirected=1`;
  return send(res, 307, '', { location });
}

/**
 * Waits `ms`, unless the client goes first. Resolves true if it is still there to answer.
 * Server close() destroys the sockets, which also ends the wait.
 */
function waitWhileConnected(res, ms) {
  return new Promise((resolve) => {
    const done = (connected) => { clearTimeout(timer); res.off('close', gone); resolve(connected); };
    const gone = () => done(false);
    const timer = setTimeout(() => done(!res.destroyed), ms);
    res.once('close', gone);
  });
}

/**
 * Xano's free plan limit: at most `requests` in any `perSeconds`-second window. Only admitted
 * requests count, so a client that keeps retrying is let in as soon as the window slides.
 */
function createRateLimiter({ requests, perSeconds }) {
  const admitted = []; // times of admitted requests, oldest first
  return {
    requests,
    perSeconds,
    admit(now = Date.now()) {
      while (admitted.length && admitted[0] <= now - perSeconds * 1000) admitted.shift();
      if (admitted.length >= requests) return false;
      admitted.push(now);
      return true;
    },
  };
}

/**
 * Cuts the connection after the first bytes of a status line. Closing before any
 * byte would look like a stale keep-alive socket, which browsers silently resend
 * (even a POST): the test would then measure the browser, not the client.
 */
function dropMidResponse(res) {
  const socket = res.socket;
  if (!socket) return;
  socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n', () => socket.destroy());
}

/** {total, byStatus} over records; a status of null (dropped, client gone, in flight) counts as "null". */
function countRecords(records, { origin, path } = {}) {
  const byStatus = {};
  let total = 0;
  for (const r of records) {
    if ((origin && r.origin !== origin) || (path && r.path !== path)) continue;
    total++;
    byStatus[String(r.status)] = (byStatus[String(r.status)] ?? 0) + 1;
  }
  return { total, byStatus };
}

// ---------- server ----------

/** A control route's bad input: answered 400 with Xano's input error shape. */
class BadControlInput extends Error {}

/** The JSON posted to a control route; null for an empty body. */
async function readControlJson(req) {
  const text = (await readBody(req)).toString('utf8').trim();
  if (text === '') return null;
  try { return JSON.parse(text); } catch { throw new BadControlInput('the body is not JSON'); }
}

/** POST /__faults body -> {method, path, steps}. */
function parseFaultScript(spec) {
  if (!isPlainObject(spec)) throw new BadControlInput('expected {method, path, responses: [...]}');
  const { method, path, responses } = spec;
  if (typeof method !== 'string' || method === '') throw new BadControlInput('method must be a string like "GET"');
  if (typeof path !== 'string' || !path.startsWith('/')) throw new BadControlInput('path must start with /');
  // Matching ignores the query; one in the script would never match, so it is refused.
  if (path.includes('?')) throw new BadControlInput('path must not have a query: matching is on the path alone');
  if (!Array.isArray(responses)) throw new BadControlInput('responses must be an array of steps');
  responses.forEach((step, i) => {
    const problem = stepProblem(step);
    if (problem) throw new BadControlInput(`responses[${i}]: ${problem}`);
  });
  return { method: method.toUpperCase(), path, steps: responses.map((s) => ({ ...s })) };
}

/** POST /__ratelimit body -> {requests, perSeconds}, or null to turn the limit off. */
function parseRateLimit(spec) {
  if (spec === null || (isPlainObject(spec) && Object.keys(spec).length === 0)) return null;
  const { requests, perSeconds } = isPlainObject(spec) ? spec : {};
  if (!Number.isInteger(requests) || requests < 1) throw new BadControlInput('requests must be an integer >= 1');
  if (!(Number.isFinite(perSeconds) && perSeconds > 0)) throw new BadControlInput('perSeconds must be a number > 0');
  return { requests, perSeconds };
}

/** POST /__pages body -> {path, total}; total null removes the fixture. */
function parsePageFixture(spec) {
  const { path, total } = isPlainObject(spec) ? spec : {};
  if (typeof path !== 'string' || !path.startsWith('/') || path.includes('?')) {
    throw new BadControlInput('path must be a raw path starting with / and without a query');
  }
  if (total !== null && !(Number.isInteger(total) && total >= 0)) throw new BadControlInput('total must be an integer >= 0 (or null to remove)');
  return { path, total };
}

function splitUrl(rawUrl = '/') {
  const q = rawUrl.indexOf('?');
  return { path: q < 0 ? rawUrl : rawUrl.slice(0, q), search: q < 0 ? '' : rawUrl.slice(q + 1) };
}

/** What /__received shows of one request; the same keys for both listeners. */
function newRecord(req, { seq, path, search, match, api, body, origin }) {
  return {
    seq,
    method: req.method,
    path,
    template: match ? match.route.template : null,
    api,
    pathParams: match ? match.pathParams : {},
    query: Object.fromEntries(new URLSearchParams(search)), // a repeated key keeps its last value
    headers: pickHeaders(req.headers),
    auth: authState(req.headers.authorization, req.headers.host),
    body,
    authorization: req.headers.authorization === undefined ? 'absent' : 'present', // never the value
    origin,
    status: null, // set by send(); stays null if nothing is answered
    fault: null,
  };
}

/** A node:http server running an async handler; a handler that throws answers 500. */
function serve(handler) {
  return createServer((req, res) => {
    handler(req, res).catch((err) => {
      process.stderr.write(`xano-server: ${err.stack || err}\n`);
      if (!res.headersSent) sendJson(res, 500, { code: 'ERROR_FATAL', message: 'Something went wrong.' });
      else res.destroy();
    });
  });
}

async function listen(server, port) {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return `http://127.0.0.1:${server.address().port}`;
}

function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections(); // keep-alive sockets would otherwise hold close() open
  });
}

/**
 * Starts the fake. `specPaths` may override {instance, account}; `port` 0 picks a free one,
 * as does `otherPort` for the second listener (another origin, the target of redirects).
 * `received` is the live list of recorded calls (cleared in place by POST /__reset).
 */
export async function startServer({ port = 0, otherPort = 0, specPaths = {} } = {}) {
  const routes = loadRoutes({ ...DEFAULT_SPECS, ...specPaths });
  const instanceSpec = readFileSync(specPaths.instance || DEFAULT_SPECS.instance, 'utf8');
  const received = [];
  // Test-controlled behaviour, all of it forgotten by POST /__reset.
  const scripts = new Map(); // "METHOD /raw/path" -> steps still to apply
  const pageFixtures = new Map(); // raw path -> row count
  const downloadFixtures = new Map(); // raw path -> {bytes, dropAfter, declaredLength}
  let limiter = null;
  let seq = 0;
  let baseUrl = '';
  let otherUrl = '';

  function reset() {
    received.length = 0;
    scripts.clear();
    pageFixtures.clear();
    downloadFixtures.clear();
    limiter = null;
  }

  // Keyed by "METHOD /path". None of them is recorded, faulted or rate limited.
  const controlRoutes = {
    'GET /__received': (req, res) => sendJson(res, 200, received),
    'POST /__reset': (req, res) => { reset(); send(res, 204); },
    'GET /__health': (req, res) => send(res, 200, 'ok', { 'content-type': 'text/plain' }),
    'GET /__origins': (req, res) => sendJson(res, 200, { main: baseUrl, other: otherUrl }),
    'GET /__counts': (req, res, query) => sendJson(res, 200, countRecords(received, query)),
    'GET /__faults': (req, res) => sendJson(res, 200, [...scripts.values()]),
    'POST /__faults': async (req, res) => {
      const { method, path, steps } = parseFaultScript(await readControlJson(req));
      // Posting again for the same method + path replaces the script; [] removes it.
      if (steps.length) scripts.set(scriptKey(method, path), { method, path, pending: steps });
      else scripts.delete(scriptKey(method, path));
      sendJson(res, 200, { method, path, pending: steps.length });
    },
    'POST /__ratelimit': async (req, res) => {
      const config = parseRateLimit(await readControlJson(req));
      limiter = config && createRateLimiter(config); // a fresh, empty window each time
      sendJson(res, 200, config ? { enabled: true, ...config } : { enabled: false });
    },
    'POST /__downloads': async (req, res) => {
      const fixture = parseDownloadFixture(await readControlJson(req));
      if (fixture.bytes === null) downloadFixtures.delete(fixture.path);
      else downloadFixtures.set(fixture.path, fixture);
      sendJson(res, 200, { path: fixture.path, bytes: fixture.bytes });
    },
    'POST /__pages': async (req, res) => {
      const { path, total } = parsePageFixture(await readControlJson(req));
      if (total === null) pageFixtures.delete(path);
      else pageFixtures.set(path, total);
      sendJson(res, 200, { path, total });
    },
  };

  async function handle(req, res) {
    const { path, search } = splitUrl(req.url);

    if (req.method === 'OPTIONS') return send(res, 204, undefined, PREFLIGHT_HEADERS);
    const control = controlRoutes[`${req.method} ${path}`];
    if (control) {
      try {
        return await control(req, res, Object.fromEntries(new URLSearchParams(search)));
      } catch (err) {
        if (err instanceof BadControlInput) return sendJson(res, 400, { code: 'ERROR_CODE_INPUT_ERROR', message: err.message });
        throw err;
      }
    }
    // Makes the account API's `meta_swagger` link resolvable; public like Xano's, not recorded.
    if (req.method === 'GET' && path === '/apispec:meta') {
      return send(res, 200, instanceSpec, { 'content-type': 'application/json; charset=utf-8' });
    }

    const body = await describeBody(await readBody(req), req.headers['content-type']);
    const match = matchRoute(routes, req.method, path);
    const api = match ? match.route.api : apiOfPath(path);
    const call = newRecord(req, { seq: ++seq, path, search, match, api, body, origin: 'main' });
    received.push(call); // before answering, so a test that awaited the response sees it
    RECORD_OF.set(res, call);

    // A scripted step comes first: it stands for whatever sits between the client and Xano.
    const step = takeStep(scripts, req.method, path) ?? null;
    call.fault = step;
    if (step?.delayMs > 0 && !(await waitWhileConnected(res, step.delayMs))) return; // client gone
    if (step && answersItself(step)) return applyStep(res, step, { baseUrl, otherUrl, path, search });

    // Requests that reach "Xano" (no step, pass, delay) meet its limiter; control routes and
    // preflights never do, nor do paths outside both APIs.
    if (limiter && api !== null && !limiter.admit()) {
      call.fault = step ? { rateLimited: true, step } : { rateLimited: true };
      return sendJson(res, 429, PROVOKED_ERRORS[429]); // Xano documents no Retry-After
    }
    return answer(res, call, baseUrl, pageFixtures, downloadFixtures);
  }

  // The other origin: records everything it gets (preflights too) and answers it alike, so a
  // test can see what a client carried across a redirect, the Authorization header above all;
  // a scripted step for the path, if one is next, comes first (as on the main listener).
  async function handleOther(req, res) {
    const { path, search } = splitUrl(req.url);
    const body = await describeBody(await readBody(req), req.headers['content-type']);
    const record = newRecord(req, { seq: ++seq, path, search, match: null, api: null, body, origin: 'other' });
    received.push(record);
    RECORD_OF.set(res, record);
    if (req.method === 'OPTIONS') return send(res, 204, undefined, PREFLIGHT_HEADERS);
    const step = takeStep(scripts, req.method, path) ?? null;
    record.fault = step;
    if (step?.delayMs > 0 && !(await waitWhileConnected(res, step.delayMs))) return;
    if (step && answersItself(step)) return applyStep(res, step, { baseUrl, otherUrl, path, search });
    sendJson(res, 200, { redirected: true });
  }

  const server = serve(handle);
  const other = serve(handleOther);
  baseUrl = await listen(server, port);
  try {
    otherUrl = await listen(other, otherPort);
  } catch (err) {
    await closeServer(server); // both listeners or neither
    throw err;
  }

  const close = () => Promise.all([closeServer(server), closeServer(other)]).then(() => undefined);
  return { url: baseUrl, otherUrl, close, received };
}

// ---------- CLI ----------

function parseArgs(argv) {
  const opts = { port: 0, otherPort: 0, maxSeconds: 1800 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => Number(inline ?? argv[++i]);
    if (flag === '--port') opts.port = value();
    else if (flag === '--other-port') opts.otherPort = value();
    else if (flag === '--max-seconds') opts.maxSeconds = value();
    else throw new Error(`unknown argument: ${argv[i]}`);
  }
  for (const [name, port] of [['--port', opts.port], ['--other-port', opts.otherPort]]) {
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be 0..65535`);
  }
  if (!(opts.maxSeconds > 0)) throw new Error('--max-seconds must be a positive number');
  return opts;
}

async function main() {
  const { port, otherPort, maxSeconds } = parseArgs(process.argv.slice(2));
  const { url, otherUrl, close } = await startServer({ port, otherPort });
  // A harness may read the first line and then close the pipe: a later write would fail with
  // EPIPE and, unhandled, kill the server. So both lines go in one write, and errors on
  // stdout are ignored (the server has nothing else to say there).
  process.stdout.on('error', () => {});
  process.stdout.write(`LISTENING ${url}\nOTHER ${otherUrl}\n`);
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
