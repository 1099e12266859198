// Conformance of the built package against Xano's own spec, judged by Prism.
//
// Prism 5 (`@stoplight/prism-cli`) mocks `specs/instance.json` in request-validation
// mode (`prism mock … --errors`), and every instance operation of `operations()` is
// called through the real `XanoClient` with arguments derived from the SPEC's schemas
// (not from `operations()`): required parameters only, all parameters, all parameters
// with "awkward" values (reserved characters, non-ASCII, the largest safe integer,
// `false`, the last enum value, `null` where nullable), once per body media type the
// operation offers. Prism must report zero request-validation errors.
//
// Besides Prism's verdict, every request the client sends is captured (the client
// calls the global `fetch`) and compared with the arguments given: the decoded path
// values, query values, header values and body (JSON, multipart parts, XanoScript)
// must be exactly what was passed. Prism cannot see such mistakes (a string
// parameter accepts any string), so this check does.
//
// Negative controls show Prism really validates each construct: per operation and
// media type, one raw request (sent with `fetch`, not the client) with deliberate
// defects (a non-integer path id, an invalid query value, a wrongly typed or
// missing body field) must be reported by Prism at the defect's location. A defect
// Prism misses is a construct Prism does not validate, printed as such.
//
// What Prism cannot handle in Xano's spec (found empirically; printed by the test):
//  * multipart/form-data parts for `object` and `array` properties. OpenAPI 3.0 gives
//    them `application/json` as default part content type (and the client sends JSON
//    text, as its README says), but Prism reads every part as a plain string and only
//    decodes a part when the spec has an `encoding` entry with a `style`, which
//    Xano's spec never has (repeated parts would not help: Prism keeps the last).
//    Prism then reports "must be object"/"must be array". Such a violation is counted
//    as a Prism limitation, not as an error, only when the part is JSON that decodes
//    to exactly the value passed; the same values are validated by Prism in the
//    JSON-body call of the same operation (Xano's JSON and multipart schemas are
//    identical, which the test checks).
//  * response schemas with `required: true` on properties (invalid in 3.0; Xano's
//    `POST /workspace/{workspace_id}/import` has 420 of them): Ajv refuses to compile
//    the schema and Prism then silently skips response validation for it. Only the
//    response side: no request schema has the construct. Shown by a probe through
//    Prism's own library.
//  * `format: timestamptz` / `workspace_secret` (unknown formats): ignored by Prism.
//    Response side only.
//
// Not Prism's fault, but printed too: request fields the spec makes unsatisfiable
// (`PUT /workspace/{workspace_id}/realtime`, `channels[].history`: `type: string` with
// `enum: [0, 25, 50, 100, 250, 1000]`; left out, being optional), and Prism's static
// mocks that break the spec's own response schemas (Xano's examples disagree with its
// schemas, e.g. `backup` of a branch), which `--errors` turns into 500s.
//
// Found when this test was written (Prism 5.14.2): the client refuses a string
// `body` for `postWorkspaceConvertToXs` ("`body` must be an object"), whose spec body
// is `application/json` with `schema: {type: string}`, so no valid request can be
// made; every other operation passed.
//
// The client has no way to choose a body media type explicitly: a plain object is
// sent as JSON unless it holds a file. For operations offering both JSON and
// multipart without any `format: binary` field, the multipart call adds one extra
// file part (`conformance_probe_file`), which the spec's schemas allow (no
// `additionalProperties: false`) and which the client passes through.
//
// Env: PRISM_BIN (default <repo>/.tools/node_modules/.bin/prism; install with
// `cd .tools && npm install --no-save @stoplight/prism-cli@5`), XANO_META_DIST
// (default <repo>/pkg/dist), PRISM_LOG (optional: where to write Prism's full output;
// by default a file in the OS temp directory, whose path is printed).
//
// Run: node --test tests/conformance/prism.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, realpathSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import os from 'node:os';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SPEC_PATH = path.join(REPO, 'specs', 'instance.json');
const PRISM_BIN = process.env.PRISM_BIN || path.join(REPO, '.tools', 'node_modules', '.bin', 'prism');
const DIST = process.env.XANO_META_DIST || path.join(REPO, 'pkg', 'dist');
const PRISM_LOG = process.env.PRISM_LOG || path.join(os.tmpdir(), `xano-meta-prism-${process.pid}.log`);
const TOKEN = 'synthetic-test-token';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const PROBE_FILE_FIELD = 'conformance_probe_file';
const JSON_MT = 'application/json';
const MULTIPART_MT = 'multipart/form-data';
const XS_MT = 'text/x-xanoscript';

const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));

// ---------------------------------------------------------------- Prism process

let prism = null; // { child, port, lines: [{ t, stream, text }], ready }

async function freePort() {
  const srv = createServer();
  await new Promise((resolve, reject) => srv.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

const ANSI = /\u001b\[[0-9;]*m/g;

async function startPrism() {
  if (!existsSync(PRISM_BIN)) {
    throw new Error(`Prism not found at ${PRISM_BIN}: set PRISM_BIN, or install it with ` +
      '`cd .tools && npm install --no-save --no-audit --no-fund @stoplight/prism-cli@5`');
  }
  const port = await freePort();
  const args = ['mock', SPEC_PATH, '--host', '127.0.0.1', '--port', String(port), '--errors'];
  const child = spawn(PRISM_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const state = { child, port, args, lines: [], ready: false, exited: null };
  prism = state;
  // Never leave it behind, even if the test process dies on an uncaught error.
  const killNow = () => { if (state.exited === null) try { process.kill(child.pid, 'SIGKILL'); } catch {} };
  process.once('exit', killNow);
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => { killNow(); process.exit(128 + (sig === 'SIGINT' ? 2 : 15)); });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start within 60 s:\n${tail(state)}`)), 60_000);
    const onLine = (stream) => {
      let buf = '';
      return (chunk) => {
        buf += chunk.toString('utf8');
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const text = buf.slice(0, i).replace(ANSI, '').replace(/\r$/, '');
          buf = buf.slice(i + 1);
          state.lines.push({ stream, text, ready: state.ready });
          if (!state.ready && /Prism is listening on/.test(text)) {
            state.ready = true;
            clearTimeout(timer);
            resolve();
          }
        }
      };
    };
    child.stdout.on('data', onLine('stdout'));
    child.stderr.on('data', onLine('stderr'));
    child.once('error', (e) => { clearTimeout(timer); reject(new Error(`cannot run ${PRISM_BIN}: ${e.message}`)); });
    child.once('exit', (code, signal) => {
      state.exited = { code, signal };
      if (!state.ready) { clearTimeout(timer); reject(new Error(`Prism exited (${code ?? signal}) before it was ready:\n${tail(state)}`)); }
    });
  });
}

function tail(state, n = 30) {
  return state.lines.slice(-n).map((l) => `  ${l.stream}: ${l.text}`).join('\n');
}

async function stopPrism() {
  const state = prism;
  if (!state) return;
  if (state.exited === null) {
    const exited = new Promise((resolve) => state.child.once('exit', resolve));
    try { process.kill(state.child.pid, 'SIGTERM'); } catch {}
    const timedOut = await Promise.race([exited.then(() => false), sleep(5000).then(() => true)]);
    if (timedOut && state.exited === null) {
      try { process.kill(state.child.pid, 'SIGKILL'); } catch {}
      await Promise.race([exited, sleep(2000)]);
    }
  }
  try {
    writeFileSync(PRISM_LOG, state.lines.map((l) => `${l.stream}: ${l.text}`).join('\n') + '\n');
  } catch (e) {
    console.log(`(could not write Prism's log to ${PRISM_LOG}: ${e.message})`);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------- request capture

// The client calls the global `fetch` with a `Request`; wrap it to keep what was
// sent and what Prism answered (its verdict is in the `sl-violations` header, or a
// problem+json body).
const realFetch = globalThis.fetch;
let capture = null;

async function capturingFetch(input, init) {
  const req = input instanceof Request && init === undefined ? input : new Request(input, init);
  const rec = {
    method: req.method,
    url: req.url,
    headers: Object.fromEntries(req.headers),
    body: req.body ? new Uint8Array(await req.clone().arrayBuffer()) : null,
  };
  if (capture) capture.push(rec);
  const res = await realFetch(req);
  rec.status = res.status;
  rec.contentType = res.headers.get('content-type');
  rec.violationsRaw = res.headers.get('sl-violations');
  if (rec.contentType && rec.contentType.includes('problem+json')) {
    rec.problem = await res.clone().json().catch(() => null);
  }
  return res;
}

function parseViolations(raw) {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw);
    return Array.isArray(v) ? v : [v];
  } catch {
    // "Too many violations! <truncated JSON>": keep it, as one request error.
    return [{ location: ['request'], severity: 'Error', code: 'unparsed', message: raw.slice(0, 500) }];
  }
}

const REQUEST_PROBLEMS = ['NO_PATH_MATCHED_ERROR', 'NO_METHOD_MATCHED_ERROR', 'NO_SERVER_MATCHED_ERROR',
  'NO_RESOURCE_PROVIDED_ERROR', 'UNPROCESSABLE_ENTITY', 'INVALID_CONTENT_TYPE', 'UNAUTHORIZED', 'NOT_ACCEPTABLE'];
const problemType = (p) => (p && typeof p.type === 'string' ? p.type.replace(/^.*#/, '') : null);

// ------------------------------------------------------- values from the schemas

const ALT_TEXT = 'Conformance \u00e9\u6f22 a/b?c#d&e=f+g%h;i,j';
const XS_SOURCES = {
  required: 'function "conformance/probe" {\n  input {\n  }\n  stack {\n  }\n  response = null\n}\n',
  full: 'function "conformance/greet" {\n  input {\n    text name? filters=trim\n  }\n  stack {\n' +
    '    var $greeting {\n      value = "Hello, " ~ $input.name\n    }\n  }\n  response = $greeting\n}\n',
  alt: '// caf\u00e9 \u6f22\r\nquery "conformance" verb=GET {\r\n  input {\r\n  }\r\n  stack {\r\n  }\r\n  response = "a&b=c"\r\n}\r\n',
};

function stringValue(schema, variant, where) {
  if (schema.format === 'email') return variant === 'alt' ? 'conformance+alt@example.com' : 'conformance@example.com';
  if (schema.format === 'date-time') return '2024-01-02T03:04:05Z';
  if (schema.format === 'date') return '2024-01-02';
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (schema.pattern || schema.minLength || schema.maxLength) {
    throw new Error(`no generator for string constraints ${JSON.stringify(schema)}`);
  }
  if (where === 'header') return variant === 'alt' ? 'conformance-alt' : 'conformance';
  return variant === 'alt' ? ALT_TEXT : 'conformance';
}

// A value no schema-valid request can hold (an enum whose values are not of the
// schema's type): the spec is self-contradictory there.
const UNSATISFIABLE = Symbol('unsatisfiable');

function matchesType(v, schema) {
  if (v === null) return !!schema.nullable;
  switch (schema.type) {
    case undefined: return true;
    case 'string': return typeof v === 'string';
    case 'integer': return Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    case 'array': return Array.isArray(v);
    case 'object': return typeof v === 'object' && !Array.isArray(v);
    default: return false;
  }
}

function scalarValue(schema, variant, where) {
  if (Array.isArray(schema.enum) && schema.enum.length) {
    const valid = schema.enum.filter((v) => v !== null && matchesType(v, schema));
    if (!valid.length) return UNSATISFIABLE;
    return variant === 'alt' ? valid[valid.length - 1] : valid[0];
  }
  switch (schema.type) {
    case 'integer': {
      if (schema.minimum !== undefined || schema.maximum !== undefined) {
        throw new Error(`no generator for integer bounds ${JSON.stringify(schema)}`);
      }
      return variant === 'alt' ? Number.MAX_SAFE_INTEGER : 1;
    }
    case 'number': return variant === 'alt' ? -2.5 : 1.5;
    case 'boolean': return variant !== 'alt';
    case 'string': return stringValue(schema, variant, where);
    default: throw new Error(`no generator for schema ${JSON.stringify(schema)}`);
  }
}

function fileValue(mode) {
  if (mode === 'required') return new Blob(['conformance blob\n'], { type: 'application/octet-stream' });
  if (mode === 'alt') return Uint8Array.from({ length: 256 }, (_, i) => i); // every byte value
  return new File(['conformance file\n'], 'conformance.bin', { type: 'application/octet-stream' });
}

// A body value for `schema`. mode: "required" (required properties only), "full"
// (every property), "alt" (every property, awkward values, null where nullable).
// `ctx.defects` collects the spec's unsatisfiable fields (by path): an optional one
// is left out, a required one is sent with its first enum value (and will fail).
function bodyValue(schema, mode, mt, ctx = { defects: new Map() }, at = 'body') {
  if (Array.isArray(schema.enum) && schema.enum.length) {
    const v = scalarValue(schema, mode === 'alt' ? 'alt' : 'basic', 'body');
    if (v === UNSATISFIABLE) ctx.defects.set(at, `\`type: ${schema.type}\` with \`enum: ${JSON.stringify(schema.enum)}\`: no value is both`);
    return v;
  }
  switch (schema.type) {
    case 'object': {
      if (!schema.properties) {
        // "any JSON" (Xano writes `type: object` without properties for it).
        return mode === 'required' ? {} : { conformance: mode === 'alt' ? ALT_TEXT : 'value', list: [1, 'two', null, { three: true }] };
      }
      const required = new Set(Array.isArray(schema.required) ? schema.required : []);
      const out = {};
      for (const [name, prop] of Object.entries(schema.properties)) {
        if (mode === 'required' && !required.has(name)) continue;
        // In multipart a null field is left out (the README): only for optional ones.
        if (mode === 'alt' && prop.nullable && (mt !== MULTIPART_MT || !required.has(name))) {
          out[name] = null;
          continue;
        }
        const v = bodyValue(prop, mode, mt, ctx, `${at}.${name}`);
        if (v === UNSATISFIABLE) {
          if (!required.has(name)) continue;
          out[name] = prop.enum?.[0] ?? null;
          ctx.defects.set(`${at}.${name}`, `${ctx.defects.get(`${at}.${name}`) || 'unsatisfiable'} (required: sent anyway)`);
          continue;
        }
        out[name] = v;
      }
      return out;
    }
    case 'array': {
      const items = schema.items || {};
      const first = bodyValue(items, mode === 'alt' ? 'alt' : mode, mt, ctx, `${at}[]`);
      if (first === UNSATISFIABLE) return UNSATISFIABLE;
      return mode === 'alt' ? [first, bodyValue(items, 'full', mt, ctx, `${at}[]`)] : [first];
    }
    case 'string':
      if (schema.format === 'binary') return fileValue(mode);
      return stringValue(schema, mode === 'alt' ? 'alt' : 'basic', 'body');
    case undefined:
      return mode === 'alt' ? [ALT_TEXT, 2] : { conformance: 'any' };
    default:
      return scalarValue(schema, mode === 'alt' ? 'alt' : 'basic', 'body');
  }
}

const isFile = (v) => v instanceof Blob || v instanceof Uint8Array || v instanceof ArrayBuffer;
const hasBinaryProperty = (schema) =>
  Object.values(schema?.properties || {}).some((p) => p.type === 'string' && p.format === 'binary');

// The arguments of one call: params by the spec, and the body for media type `mt`.
function buildCall(specOp, variant, mt) {
  const params = specOp.parameters || [];
  const args = {};
  const ctx = { defects: new Map() };
  for (const p of params) {
    if (variant === 'required' && !p.required) continue;
    const v = scalarValue(p.schema || {}, variant === 'alt' ? 'alt' : 'basic', p.in);
    if (v === UNSATISFIABLE) {
      ctx.defects.set(`${p.in} parameter ${p.name}`, `\`type: ${p.schema.type}\` with \`enum: ${JSON.stringify(p.schema.enum)}\`: no value is both` +
        (p.required ? ' (required: sent anyway)' : ''));
      if (p.required) args[p.name] = p.schema.enum[0];
      continue;
    }
    args[p.name] = v;
  }
  let forcedMultipart = false;
  if (mt) {
    const schema = specOp.requestBody.content[mt].schema || {};
    let body;
    if (mt === XS_MT) body = XS_SOURCES[variant];
    else body = bodyValue(schema, variant, mt, ctx);
    if (mt === MULTIPART_MT && !hasBinaryProperty(schema)) {
      // The client sends multipart only for a body holding a file: add one.
      body = { ...body, [PROBE_FILE_FIELD]: new File(['probe\n'], 'probe.txt', { type: 'text/plain' }) };
      forcedMultipart = true;
    }
    args.body = body;
  }
  return { args, forcedMultipart, defects: ctx.defects };
}

// ----------------------------------------------- what was sent vs what was given

const toText = (bytes) => new TextDecoder().decode(bytes);
const fileBytes = async (v) =>
  new Uint8Array(v instanceof Uint8Array ? v : v instanceof ArrayBuffer ? v : await v.arrayBuffer());

function pathRegex(template) {
  const names = [];
  const src = template.split(/(\{[^}]+\})/).map((part) => {
    const m = /^\{([^}]+)\}$/.exec(part);
    if (m) { names.push(m[1]); return '([^/]+)'; }
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('');
  return { re: new RegExp(`^${src}$`), names };
}

async function echoCheck(specOp, opPath, args, mt, rec) {
  const out = [];
  const params = specOp.parameters || [];
  const url = new URL(rec.url);
  // path
  const { re, names } = pathRegex(opPath);
  const m = re.exec(url.pathname);
  if (!m) out.push(`path ${url.pathname} does not match ${opPath}`);
  else names.forEach((n, i) => {
    let got;
    try { got = decodeURIComponent(m[i + 1]); } catch { got = `<undecodable ${m[i + 1]}>`; }
    if (got !== String(args[n])) out.push(`path ${n}: sent ${JSON.stringify(m[i + 1])} (decodes to ${JSON.stringify(got)}), given ${JSON.stringify(args[n])}`);
  });
  // query
  const queryNames = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
  for (const key of new Set(url.searchParams.keys())) {
    if (!(queryNames.has(key) && key in args)) out.push(`query ${key}=${url.searchParams.get(key)} was sent but not given`);
  }
  for (const p of params.filter((p) => p.in === 'query' && p.name in args)) {
    const got = url.searchParams.getAll(p.name);
    if (!isDeepStrictEqual(got, [String(args[p.name])])) {
      out.push(`query ${p.name}: sent ${JSON.stringify(got)} (raw ${JSON.stringify(url.search)}), given ${JSON.stringify(args[p.name])}`);
    }
  }
  // headers
  for (const p of params.filter((p) => p.in === 'header' && p.name in args)) {
    const got = rec.headers[p.name.toLowerCase()];
    if (got !== String(args[p.name])) out.push(`header ${p.name}: sent ${JSON.stringify(got)}, given ${JSON.stringify(args[p.name])}`);
  }
  const known = new Set(['accept', 'authorization', 'content-type', ...params.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase())]);
  for (const h of Object.keys(rec.headers)) if (!known.has(h)) out.push(`unexpected header ${h}: ${rec.headers[h]}`);
  for (const p of params.filter((p) => p.in === 'header' && !(p.name in args))) {
    if (p.name.toLowerCase() in rec.headers) out.push(`header ${p.name} sent but not given`);
  }
  if (rec.headers.authorization !== `Bearer ${TOKEN}`) out.push(`authorization header is ${JSON.stringify(rec.headers.authorization)}`);
  // body
  const ct = rec.headers['content-type'] || null;
  if (!mt) {
    if (rec.body && rec.body.length) out.push(`a body was sent (${ct}) but none given`);
    return { mismatches: out, parts: null };
  }
  const body = args.body;
  const ctBase = ct ? ct.split(';')[0].trim().toLowerCase() : null;
  if (ctBase !== mt) out.push(`content-type ${JSON.stringify(ct)}, expected ${mt}`);
  const bytes = rec.body || new Uint8Array();
  if (mt === JSON_MT) {
    let got;
    try { got = JSON.parse(toText(bytes)); } catch (e) { out.push(`JSON body does not parse: ${e.message}`); return { mismatches: out, parts: null }; }
    if (!isDeepStrictEqual(got, body)) out.push(`JSON body ${toText(bytes).slice(0, 300)} differs from the given ${JSON.stringify(body).slice(0, 300)}`);
    return { mismatches: out, parts: null };
  }
  if (mt === XS_MT) {
    if (toText(bytes) !== body) out.push(`XanoScript body ${JSON.stringify(toText(bytes).slice(0, 200))} differs from the given one`);
    return { mismatches: out, parts: null };
  }
  // multipart
  let form;
  try { form = await new Response(bytes, { headers: { 'content-type': ct || '' } }).formData(); } catch (e) {
    out.push(`multipart body does not parse: ${e.message}`);
    return { mismatches: out, parts: null };
  }
  const parts = {};
  for (const [k, v] of form.entries()) (parts[k] ||= []).push(v);
  for (const k of Object.keys(parts)) if (!(k in body)) out.push(`multipart part ${k} was sent but not given`);
  for (const [k, v] of Object.entries(body)) {
    const got = parts[k];
    if (v === null || v === undefined) { if (got) out.push(`multipart ${k}: given null, sent ${got.length} part(s)`); continue; }
    if (!got) { out.push(`multipart ${k}: given ${describe(v)}, no part sent`); continue; }
    if (got.length !== 1) { out.push(`multipart ${k}: ${got.length} parts sent`); continue; }
    const part = got[0];
    if (isFile(v)) {
      if (typeof part === 'string') { out.push(`multipart ${k}: a file was given, a text part was sent`); continue; }
      const want = await fileBytes(v);
      const sent = new Uint8Array(await part.arrayBuffer());
      if (!isDeepStrictEqual(sent, want)) out.push(`multipart ${k}: file bytes differ (${sent.length} sent, ${want.length} given)`);
      const wantName = v instanceof File ? v.name : 'file';
      if (part.name !== wantName) out.push(`multipart ${k}: file name ${JSON.stringify(part.name)}, expected ${JSON.stringify(wantName)}`);
      continue;
    }
    if (typeof part !== 'string') { out.push(`multipart ${k}: a file part was sent for ${describe(v)}`); continue; }
    if (typeof v === 'object') {
      let parsed;
      try { parsed = JSON.parse(part); } catch { out.push(`multipart ${k}: ${JSON.stringify(part).slice(0, 200)} is not JSON`); continue; }
      if (!isDeepStrictEqual(parsed, v)) out.push(`multipart ${k}: JSON ${part.slice(0, 200)} differs from the given ${JSON.stringify(v).slice(0, 200)}`);
    } else if (part !== String(v)) {
      out.push(`multipart ${k}: sent ${JSON.stringify(part)}, given ${JSON.stringify(v)}`);
    }
  }
  return { mismatches: out, parts };
}

function describe(v) {
  if (v === null) return 'null';
  if (isFile(v)) return v.constructor.name;
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

// ------------------------------------------------------------------ the run

const results = {
  ops: [],           // per operation: { name, method, path, mediaTypes, calls: [...] }
  calls: [],
  validationErrors: [], // request-validation errors (the assertion)
  limitations: [],   // violations of a construct Prism cannot handle
  refusals: [],      // the client refused spec-derived arguments
  notSent: [],       // failed without a request, for another reason
  mismatches: [],    // sent request differs from the arguments
  responseSide: [],  // Prism's response-side verdicts (--errors turns them into 500)
  controls: [],      // negative controls
  specMismatches: [],// operations() vs the spec
  notes: [],
  specDefects: new Map(), // request fields of the spec no value can satisfy
  probe: null,
  prismWarnings: [],
};

function specOperations() {
  const list = [];
  for (const [p, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      const pathLevel = item.parameters || [];
      const own = op.parameters || [];
      const merged = [...pathLevel.filter((q) => !own.some((o) => o.name === q.name && o.in === q.in)), ...own];
      list.push({ path: p, method: method.toUpperCase(), op: { ...op, parameters: merged } });
    }
  }
  return list;
}

function checkDescriptor(info, specOp) {
  const out = [];
  const specParams = (specOp.parameters || []).filter((p) => ['path', 'query', 'header'].includes(p.in));
  const key = (p) => `${p.in}:${p.name}`;
  const mine = new Map(info.params.map((p) => [key(p), p]));
  for (const p of specParams) {
    const d = mine.get(key(p));
    if (!d) { out.push(`parameter ${key(p)} is missing from operations()`); continue; }
    if (!!d.required !== !!p.required) out.push(`parameter ${key(p)}: required ${d.required}, spec ${!!p.required}`);
    mine.delete(key(p));
  }
  for (const k of mine.keys()) out.push(`parameter ${k} is not in the spec`);
  const specMts = Object.keys(specOp.requestBody?.content || {}).sort();
  const mts = [...(info.body?.mediaTypes || [])].sort();
  if (!isDeepStrictEqual(specMts, mts)) out.push(`body media types ${JSON.stringify(mts)}, spec ${JSON.stringify(specMts)}`);
  return out;
}

async function runCall(client, info, specOp, variant, mt) {
  const { args, forcedMultipart, defects } = buildCall(specOp, variant, mt);
  const call = { op: info.name, method: info.method, path: info.path, variant, mt: mt || 'none', forcedMultipart };
  for (const [at, why] of defects) results.specDefects.set(`${info.name} [${call.mt}] ${at}`, why);
  capture = [];
  try {
    await client[info.name](args, { attempts: 1, timeoutMs: 20_000 });
    call.outcome = 'ok';
  } catch (e) {
    call.outcome = e?.name || 'Error';
    call.error = `${e?.name}: ${e?.message}`;
  }
  const sent = capture;
  capture = null;
  results.calls.push(call);
  if (sent.length === 0) {
    call.sent = false;
    if (['XanoArgumentError', 'XanoScopeError', 'XanoConfigError'].includes(call.outcome)) results.refusals.push({ ...call, args: summarizeArgs(args) });
    else results.notSent.push(call);
    return call;
  }
  call.sent = true;
  if (sent.length > 1) results.notes.push(`${info.name} (${variant}, ${call.mt}): ${sent.length} requests for one call with attempts: 1`);
  const rec = sent[0];
  call.request = `${rec.method} ${rec.url.replace(/^https?:\/\/[^/]+/, '')}${rec.headers['content-type'] ? ` [${rec.headers['content-type'].split(';')[0]}]` : ''}`;
  call.status = rec.status;
  const { mismatches, parts } = await echoCheck(specOp, info.path, args, mt, rec);
  if (mismatches.length) results.mismatches.push({ ...call, mismatches });

  const violations = parseViolations(rec.violationsRaw);
  const requestErrors = violations.filter((v) => (v.location || [])[0] === 'request' && v.severity === 'Error');
  const responseErrors = violations.filter((v) => (v.location || [])[0] === 'response' && v.severity === 'Error');
  const warnings = violations.filter((v) => v.severity !== 'Error');
  if (warnings.length) results.notes.push(`${info.name} (${variant}, ${call.mt}): Prism warnings: ${warnings.map((w) => w.message).join('; ')}`);
  const ptype = problemType(rec.problem);
  const real = [];
  const limited = [];
  const schema = mt && mt !== XS_MT ? specOp.requestBody.content[mt].schema || {} : null;
  for (const v of requestErrors) {
    const loc = v.location || [];
    const field = loc.length === 3 && loc[1] === 'body' ? loc[2] : null;
    const fieldSchema = field && schema?.properties?.[field];
    const given = field ? args.body?.[field] : undefined;
    if (mt === MULTIPART_MT && fieldSchema && ['object', 'array'].includes(fieldSchema.type) && v.code === 'type' &&
        parts && parts[field]?.length === 1 && typeof parts[field][0] === 'string' && given !== null && typeof given === 'object' &&
        (() => { try { return isDeepStrictEqual(JSON.parse(parts[field][0]), given); } catch { return false; } })()) {
      limited.push({ field, type: fieldSchema.type, message: v.message });
    } else {
      real.push(v.message);
    }
  }
  if (ptype && REQUEST_PROBLEMS.includes(ptype) && real.length === 0 && requestErrors.length === 0) {
    real.push(`${ptype}: ${rec.problem.title}${rec.problem.detail ? ` (${rec.problem.detail})` : ''}`);
  }
  call.routed = !['NO_PATH_MATCHED_ERROR', 'NO_METHOD_MATCHED_ERROR'].includes(ptype);
  if (real.length) {
    call.validation = 'error';
    results.validationErrors.push({ ...call, violations: real, args: summarizeArgs(args) });
  } else {
    call.validation = 'pass';
  }
  if (limited.length) results.limitations.push({ ...call, fields: limited });
  if (responseErrors.length || (ptype && !REQUEST_PROBLEMS.includes(ptype))) {
    results.responseSide.push({ ...call, problem: ptype, violations: responseErrors.map((v) => v.message) });
  }
  return call;
}

function summarizeArgs(args) {
  return JSON.stringify(args, (k, v) => (isFile(v) ? `<${v.constructor.name}>` : v)).slice(0, 400);
}

// --- negative controls: raw requests with planted defects --------------------

function wrongValue(schema) {
  if (Array.isArray(schema.enum) && schema.enum.length) return 'not-in-enum';
  if (schema.type === 'integer' || schema.type === 'number') return 'not-a-number';
  if (schema.type === 'boolean') return 'not-a-boolean';
  return null;
}

function bodyDefect(schema, mt) {
  // Returns { body, location, what } or null when no defect is expressible.
  if (mt === XS_MT || schema.type === 'string') {
    if (mt === JSON_MT) return { body: { not: 'a string' }, location: ['request', 'body'], what: 'an object where the body schema is a string' };
    return null; // any text is a valid XanoScript body
  }
  const good = bodyValue(schema, 'full', mt);
  for (const [name, prop] of Object.entries(schema.properties || {})) {
    if (prop.format === 'binary') continue;
    const w = wrongValue(prop);
    if (w !== null) return { body: { ...good, [name]: w }, location: ['request', 'body', name], what: `body field ${name} = ${JSON.stringify(w)}` };
  }
  // In JSON (not in multipart, where every part is text) a value of another JSON
  // type breaks a string, array or object field.
  const typed = mt === JSON_MT && Object.entries(schema.properties || {})
    .find(([, p]) => ['string', 'array', 'object'].includes(p.type) && p.format !== 'binary');
  if (typed) {
    const w = typed[1].type === 'string' ? 12345 : `not-an-${typed[1].type}`;
    return { body: { ...good, [typed[0]]: w }, location: ['request', 'body', typed[0]], what: `body field ${typed[0]} = ${JSON.stringify(w)}` };
  }
  const req = Array.isArray(schema.required) ? schema.required : [];
  if (req.length) {
    const { [req[0]]: _, ...rest } = good;
    return { body: rest, location: ['request', 'body'], what: `required body field ${req[0]} left out` };
  }
  if (mt === JSON_MT && schema.type === 'object' && !Object.keys(schema.properties || {}).length) {
    return { body: [1, 2], location: ['request', 'body'], what: 'an array where the body schema is an object' };
  }
  return null;
}

function encodeMultipart(body) {
  const form = new FormData();
  for (const [k, v] of Object.entries(body)) {
    if (v === null || v === undefined) continue;
    if (v instanceof Blob) form.append(k, v, v instanceof File ? v.name : 'file');
    else if (v instanceof Uint8Array || v instanceof ArrayBuffer) form.append(k, new Blob([v]), 'file');
    else if (typeof v === 'object') form.append(k, JSON.stringify(v));
    else form.append(k, String(v));
  }
  return form;
}

async function runControl(baseUrl, info, specOp, mt, withParamDefects) {
  const params = specOp.parameters || [];
  const defects = [];
  const values = {};
  for (const p of params) values[p.name] = scalarValue(p.schema || {}, 'basic', p.in);
  if (withParamDefects) {
    const pp = params.find((p) => p.in === 'path' && wrongValue(p.schema || {}) !== null);
    if (pp) { values[pp.name] = wrongValue(pp.schema); defects.push({ location: ['request', 'path', pp.name], what: `path ${pp.name} = ${JSON.stringify(values[pp.name])}` }); }
    const qp = params.find((p) => p.in === 'query' && wrongValue(p.schema || {}) !== null);
    if (qp) { values[qp.name] = wrongValue(qp.schema); defects.push({ location: ['request', 'query', qp.name], what: `query ${qp.name} = ${JSON.stringify(values[qp.name])}` }); }
  }
  const urlPath = info.path.replace(/\{([^}]+)\}/g, (_, n) => encodeURIComponent(String(values[n])));
  const url = new URL(baseUrl + urlPath);
  const headers = { authorization: `Bearer ${TOKEN}`, accept: 'application/json' };
  for (const p of params) {
    if (p.in === 'query') url.searchParams.set(p.name, String(values[p.name]));
    if (p.in === 'header') headers[p.name] = String(values[p.name]);
  }
  let body;
  let noBodyDefect = null;
  if (mt) {
    const schema = specOp.requestBody.content[mt].schema || {};
    const d = bodyDefect(schema, mt);
    let value;
    if (d) { value = d.body; defects.push({ location: d.location, what: d.what }); } else {
      value = mt === XS_MT ? XS_SOURCES.full : bodyValue(schema, 'full', mt);
      noBodyDefect = mt === XS_MT || schema.type === 'string'
        ? `${mt}: any text is valid for a \`type: string\` body, so no body defect is expressible`
        : mt === MULTIPART_MT
          ? `${mt}: no required field and no enum/integer/number/boolean field to break (a text part is a valid plain string; object/array parts Prism cannot decode at all)`
          : `${mt}: the body schema has no typed or required field to break`;
    }
    if (mt === JSON_MT) { body = JSON.stringify(value); headers['content-type'] = JSON_MT; }
    else if (mt === XS_MT) { body = value; headers['content-type'] = XS_MT; }
    else body = encodeMultipart(value);
  }
  const control = { op: info.name, mt: mt || 'none', defects, noBodyDefect };
  if (!defects.length) { control.status = null; results.controls.push(control); return control; }
  const res = await realFetch(url, { method: info.method, headers, body });
  await res.arrayBuffer().catch(() => null);
  const violations = parseViolations(res.headers.get('sl-violations')).filter((v) => v.severity === 'Error');
  control.status = res.status;
  for (const d of defects) {
    d.detected = violations.some((v) => d.location.every((seg, i) => (v.location || [])[i] === seg));
    d.reported = violations.map((v) => `${(v.location || []).join('.')}: ${v.message}`);
  }
  results.controls.push(control);
  return control;
}

// --- Prism's own library: which response schemas can it not validate? --------

async function probeResponseValidation(specOps) {
  try {
    const req = createRequire(realpathSync(PRISM_BIN));
    const prismHttp = req('@stoplight/prism-http');
    const validator = req('@stoplight/prism-http/dist/validator');
    const ops = await prismHttp.getHttpOperationsFromSpec(SPEC_PATH);
    const unvalidated = [];
    let checked = 0;
    for (const { path: p, method, op } of specOps) {
      const resource = ops.find((o) => o.method === method.toLowerCase() && o.path === p);
      const schema = op.responses?.['200']?.content?.[JSON_MT]?.schema;
      if (!resource || !schema || !schema.type) continue;
      checked++;
      // A body of the wrong type must be reported by Prism's output validation.
      const wrong = schema.type === 'string' ? 12345 : 'conformance: wrong type';
      const verdict = validator.validateOutput({ resource, element: { statusCode: 200, headers: { 'content-type': JSON_MT }, body: wrong } });
      if (verdict._tag === 'Right') {
        let booleanRequired = 0;
        JSON.stringify(schema, (k, v) => { if (k === 'required' && v === true) booleanRequired++; return v; });
        unvalidated.push({ op: `${method} ${p}`, booleanRequired });
      }
    }
    return { checked, unvalidated };
  } catch (e) {
    return { error: `probe unavailable (${e.message.split('\n')[0]})` };
  }
}

// ------------------------------------------------------------------- hooks

let pkg;
let instanceOps = [];
let specOps = [];

before(async () => {
  pkg = await import(pathToFileURL(path.join(DIST, 'node.js')).href);
  instanceOps = pkg.operations().filter((o) => o.api === 'instance');
  specOps = specOperations();
  await startPrism();
  const baseUrl = `http://127.0.0.1:${prism.port}`;
  const client = new pkg.XanoClient({ baseUrl, token: TOKEN, scopeCheck: 'off' });

  // Each spec operation must be exactly one generated operation.
  const byKey = new Map(specOps.map((s) => [`${s.method} ${s.path}`, s]));
  const seen = new Set();
  globalThis.fetch = capturingFetch;
  const t0 = Date.now();
  try {
    for (const info of instanceOps) {
      const key = `${info.method} ${info.path}`;
      const s = byKey.get(key);
      if (!s) { results.specMismatches.push(`${info.name}: ${key} is not in the spec`); continue; }
      seen.add(key);
      for (const m of checkDescriptor(info, s.op)) results.specMismatches.push(`${info.name}: ${m}`);
      const content = s.op.requestBody?.content || {};
      const mts = Object.keys(content);
      if (content[JSON_MT] && content[MULTIPART_MT] &&
          !isDeepStrictEqual({ ...content[JSON_MT].schema, example: null }, { ...content[MULTIPART_MT].schema, example: null })) {
        results.notes.push(`${info.name}: its JSON and multipart body schemas differ, so multipart JSON parts are not validated by the JSON call`);
      }
      const calls = [];
      for (const mt of mts.length ? mts : [null]) {
        for (const variant of ['required', 'full', 'alt']) calls.push(await runCall(client, info, s.op, variant, mt));
      }
      results.ops.push({ name: info.name, method: info.method, path: info.path, mediaTypes: mts, calls });
    }
  } finally {
    globalThis.fetch = realFetch;
  }
  for (const [key] of byKey) if (!seen.has(key)) results.specMismatches.push(`${key}: in the spec, not in operations()`);

  // Negative controls, with Prism still running.
  for (const info of instanceOps) {
    const s = byKey.get(`${info.method} ${info.path}`);
    if (!s) continue;
    const mts = Object.keys(s.op.requestBody?.content || {});
    let first = true;
    for (const mt of mts.length ? mts : [null]) { await runControl(baseUrl, info, s.op, mt, first); first = false; }
  }
  // Security: no Authorization header at all.
  const sec = instanceOps.find((o) => o.method === 'GET' && !o.params.some((p) => p.in === 'path'));
  if (sec) {
    const res = await realFetch(`${baseUrl}${sec.path}`, { headers: { accept: 'application/json' } });
    await res.arrayBuffer().catch(() => null);
    const v = parseViolations(res.headers.get('sl-violations'));
    results.securityControl = { op: sec.name, status: res.status, detected: res.status === 401 && v.some((x) => x.severity === 'Error') };
  }
  results.elapsedMs = Date.now() - t0;

  results.probe = await probeResponseValidation(specOps);
  const v = spawnSync(PRISM_BIN, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  results.prismVersion = (v.stdout || '').trim() || `unknown version (${v.error?.message || v.stderr})`;
  const ready = prism.lines.findIndex((l) => /Prism is listening on/.test(l.text));
  results.prismWarnings = prism.lines.slice(0, ready).filter((l) => /\]\s+\S+\s+(warning|error|fatal)\s/.test(l.text) || l.stream === 'stderr').map((l) => l.text);
  report();
});

after(async () => {
  globalThis.fetch = realFetch;
  await stopPrism();
  if (prism) console.log(`Prism (pid ${prism.child.pid}) stopped; its output: ${PRISM_LOG}`);
});

// ------------------------------------------------------------------ report

function report() {
  const sent = results.calls.filter((c) => c.sent);
  const exercised = results.ops.filter((o) => o.calls.some((c) => c.sent && c.routed));
  const byMt = {};
  for (const c of sent) {
    const k = c.mt === MULTIPART_MT && c.forcedMultipart ? `${MULTIPART_MT} (extra file part)` : c.mt;
    byMt[k] = (byMt[k] || 0) + 1;
  }
  const L = [];
  L.push(`prism conformance: ${exercised.length} operations, ${sent.length} calls, ${results.validationErrors.length} request-validation errors`);
  L.push(`  Prism ${results.prismVersion} (${PRISM_BIN}): ${prism.args.join(' ')} (pid ${prism.child.pid}); calls and controls took ${results.elapsedMs} ms`);
  L.push(`  package: ${DIST}`);
  L.push(`  calls by body media type: ${Object.entries(byMt).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const byStatus = {};
  for (const c of sent) byStatus[c.status] = (byStatus[c.status] || 0) + 1;
  L.push(`  Prism's statuses: ${Object.entries(byStatus).map(([k, v]) => `${k}: ${v}`).join(', ')}`);

  const section = (title, items, fmt) => {
    L.push(`${title}: ${items.length}`);
    for (const it of items.slice(0, 40)) L.push(`  - ${fmt(it)}`);
    if (items.length > 40) L.push(`  … and ${items.length - 40} more`);
  };
  section('request-validation errors', results.validationErrors,
    (e) => `${e.op} [${e.variant}, ${e.mt}] ${e.request} -> ${e.status}: ${e.violations.join('; ')}\n      args: ${e.args}`);
  section('client refused spec-derived arguments (nothing sent)', results.refusals,
    (e) => `${e.op} [${e.variant}, ${e.mt}]: ${e.error}\n      args: ${e.args}`);
  section('calls that sent nothing for another reason', results.notSent, (e) => `${e.op} [${e.variant}, ${e.mt}]: ${e.error}`);
  section('sent request differs from the arguments given', results.mismatches,
    (e) => `${e.op} [${e.variant}, ${e.mt}] ${e.request}: ${e.mismatches.join('; ')}`);
  section('operations() differs from the spec', results.specMismatches, (e) => e);

  L.push(`spec defects: request fields no value can satisfy (left out when optional): ${results.specDefects.size}`);
  for (const [k, v] of results.specDefects) L.push(`  - ${k}: ${v}`);

  // Prism's limitations.
  const limOps = new Map();
  for (const l of results.limitations) for (const f of l.fields) {
    const k = `${l.op}.${f.field} (${f.type})`;
    limOps.set(k, (limOps.get(k) || 0) + 1);
  }
  L.push(`Prism limitation, not counted as errors: multipart parts of object/array properties are not decoded ` +
    `(${results.limitations.length} calls, ${new Set(results.limitations.map((l) => l.op)).size} operations, ${limOps.size} fields; ` +
    `each part verified to be JSON of exactly the value given, the same values validated by Prism in the JSON call)`);
  for (const [k, n] of [...limOps].slice(0, 12)) L.push(`  - ${k}: ${n} calls`);
  if (limOps.size > 12) L.push(`  … and ${limOps.size - 12} more fields`);
  const forced = results.ops.filter((o) => o.calls.some((c) => c.forcedMultipart));
  L.push(`media type the client cannot choose: multipart/form-data without a file, for ${forced.length} operations ` +
    `(a plain object is always sent as JSON); exercised by adding one extra file part "${PROBE_FILE_FIELD}"`);

  const planted = results.controls.flatMap((c) => c.defects.map((d) => ({ ...d, op: c.op, mt: c.mt })));
  const missed = planted.filter((d) => !d.detected);
  L.push(`negative controls: ${planted.length} planted defects in ${results.controls.filter((c) => c.status !== null).length} raw requests, ` +
    `${planted.length - missed.length} reported by Prism at their location`);
  for (const d of missed.slice(0, 20)) L.push(`  - NOT reported: ${d.op} [${d.mt}] ${d.what}; Prism said: ${d.reported.join('; ') || 'nothing'}`);
  const noDefect = results.controls.filter((c) => c.noBodyDefect);
  const ndKinds = {};
  for (const c of noDefect) ndKinds[c.noBodyDefect] = (ndKinds[c.noBodyDefect] || 0) + 1;
  for (const [k, n] of Object.entries(ndKinds)) L.push(`  - skipped body control for ${n} (operation, media type) pairs: ${k}`);
  if (results.securityControl) {
    L.push(`  - security: ${results.securityControl.op} without Authorization -> ${results.securityControl.status}` +
      `${results.securityControl.detected ? ' (reported)' : ' (NOT reported)'}`);
  }

  const resp = new Map();
  for (const e of results.responseSide) {
    const r = resp.get(e.op) || { calls: 0, statuses: new Set(), messages: new Set() };
    r.calls++;
    r.statuses.add(`${e.status}${e.problem ? ` ${e.problem}` : ''}`);
    for (const m of e.violations) r.messages.add(m.replace(/\.\d+\./g, '.N.'));
    resp.set(e.op, r);
  }
  L.push(`response side (Prism judging its own mock against the spec, turned into 500 by --errors; ` +
    `not request validation): ${results.responseSide.length} calls, ${resp.size} operations`);
  for (const [op, r] of resp) L.push(`  - ${op}: ${r.calls} calls -> ${[...r.statuses].join(', ')}: ${[...r.messages].join('; ')}`);
  if (results.probe?.error) L.push(`response-validation probe: ${results.probe.error}`);
  else if (results.probe) {
    L.push(`response-validation probe (Prism's library): ${results.probe.checked} 200-response schemas, ` +
      `${results.probe.unvalidated.length} that Prism cannot validate at all (a wrongly typed body passes)`);
    for (const u of results.probe.unvalidated) {
      L.push(`  - ${u.op}: ${u.booleanRequired ? `${u.booleanRequired} properties with \`required: true\` (invalid in OpenAPI 3.0): Ajv refuses the schema and Prism skips it silently` : 'unknown cause'}`);
    }
  }
  L.push(`Prism's own warnings while loading the spec: ${results.prismWarnings.length ? '' : 'none'}`);
  for (const w of results.prismWarnings.slice(0, 20)) L.push(`  - ${w}`);
  const skipped = [];
  const leftOut = [...results.specDefects].filter(([, why]) => !why.includes('sent anyway'));
  if (leftOut.length) skipped.push(`${leftOut.length} optional request fields left out of every call: the spec makes them unsatisfiable (see "spec defects")`);
  if (results.limitations.length) skipped.push(`Prism's "must be object/array" verdicts on ${results.limitations.length} multipart calls: Prism does not decode JSON parts (see "Prism limitation")`);
  for (const [k, n] of Object.entries(ndKinds)) skipped.push(`the body defect of ${n} negative controls: ${k}`);
  skipped.push(`the response side is reported, not asserted: this test is about the requests the client sends`);
  L.push(`skipped, with the reason: ${skipped.length}`);
  for (const k of skipped) L.push(`  - ${k}`);
  for (const n of results.notes.slice(0, 20)) L.push(`note: ${n}`);
  L.push(`prism conformance: ${exercised.length} operations, ${sent.length} calls, ${results.validationErrors.length} request-validation errors`);
  console.log(L.join('\n'));
}

// ------------------------------------------------------------------ asserts

test('operations() covers exactly the spec operations, as the spec declares them', () => {
  assert.equal(instanceOps.length, specOps.length, 'instance operations in operations() vs the spec');
  assert.deepEqual(results.specMismatches, []);
});

test('every instance operation is exercised against Prism', () => {
  const notExercised = results.ops.filter((o) => !o.calls.some((c) => c.sent && c.routed)).map((o) => o.name);
  assert.deepEqual(notExercised, [], 'operations with no request that reached a Prism route');
  assert.equal(results.ops.length, specOps.length);
  // Every media type of every operation has a sent call.
  const missing = [];
  for (const o of results.ops) for (const mt of o.mediaTypes) {
    if (!o.calls.some((c) => c.mt === mt && c.sent)) missing.push(`${o.name} ${mt}`);
  }
  assert.deepEqual(missing, [], 'body media types never sent');
});

test('Prism reports zero request-validation errors', () => {
  assert.deepEqual(results.validationErrors.map((e) => `${e.op} [${e.variant}, ${e.mt}]: ${e.violations.join('; ')}`), []);
});

test('the client accepts every spec-derived argument', () => {
  assert.deepEqual(results.refusals.map((e) => `${e.op} [${e.variant}, ${e.mt}]: ${e.error}`), []);
  assert.deepEqual(results.notSent.map((e) => `${e.op} [${e.variant}, ${e.mt}]: ${e.error}`), []);
});

test('each request carries exactly the arguments given', () => {
  assert.deepEqual(results.mismatches.map((e) => `${e.op} [${e.variant}, ${e.mt}]: ${e.mismatches.join('; ')}`), []);
});

test("Prism's validation is live: planted defects are reported", () => {
  assert.ok(results.securityControl?.detected, 'a request without Authorization must be refused');
  const planted = results.controls.flatMap((c) => c.defects.map((d) => ({ ...d, op: c.op, mt: c.mt })));
  assert.ok(planted.length > results.ops.length, 'enough planted defects');
  const missed = planted.filter((d) => !d.detected).map((d) => `${d.op} [${d.mt}] ${d.what}`);
  assert.deepEqual(missed, [], 'defects Prism did not report');
});
