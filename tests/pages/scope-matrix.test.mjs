// The scope matrix page (pkg/pages/scopes/) in headless Chromium, driven by playwright-core,
// with a SYNTHETIC token made here (never a real one).
//
//   PLAYWRIGHT_CORE=/work/main/.tools/node_modules/playwright-core/index.mjs \
//     node --test tests/pages/scope-matrix.test.mjs
//
// Env: SCOPE_PAGE_DIR  a folder with the page and the package in xano-meta/ (else assembled
//                      here from pkg/pages/scopes/ and pkg/dist/ in a temporary folder);
//      PLAYWRIGHT_CORE path of playwright-core's index.mjs or its folder (else the bare name);
//      CHROMIUM_PATH   the browser (else /usr/bin/chromium).
// Writes tests/out/scope-matrix.png (a full-page screenshot).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { request } from 'node:http';
import { serve } from './serve.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const SHOT = join(ROOT, 'tests', 'out', 'scope-matrix.png');
// Every operation of both embedded specs, counted from their JSON.
const OPERATION_COUNT = ['instance.json', 'account.json']
  .map((file) => JSON.parse(readFileSync(join(ROOT, 'specs', file), 'utf8')).paths)
  .flatMap((paths) => Object.values(paths))
  .reduce((n, item) => n + ['get', 'post', 'put', 'patch', 'delete'].filter((m) => m in item).length, 0);

// ---- a synthetic token: RS256 header, XANO.md's payload shape, a fake signature ----
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const SCOPE = {
  'workspace:database': 2, // Read only (Read = 2 is the package's inference)
  'workspace:content': 15, // all four
  'workspace:datasource:live': 0,
  'workspace:api': 2,      // Read only
  'workspace:function': 0,
  'workspace:addon': 0,
  'workspace:task': 0,
  'workspace:file': 0,
  'workspace:requesthistory': 0,
  'workspace:log': 0,
  'workspace:middleware': 0,
  'workspace:tool': 0,
  tenant_center: 0,
  'tenant_center:deploy': 0,
};
const SIGNATURE = Buffer.from('not-a-real-signature-synthetic-test-only').toString('base64url');
const jwt = (header, payload) => [b64url(header), b64url(payload), SIGNATURE].join('.');
const metadataToken = (scope, extra = {}) => jwt({ alg: 'RS256', typ: 'JWT' }, {
  xano: {
    dbo: 'master:user',
    id: 4242,
    access_token: { keyid: 'synthetic-test-key', scope, expires_at: '2099-12-31 23:59:59+0000' },
  },
  iat: 1758034575,
  nbf: 1758034575,
  aud: 'xano:meta',
  ...extra,
});
const TOKEN = metadataToken(SCOPE);
// An OAuth access token as Xano's login issues them (header typ at+jwt, aud the instance
// origin, exp, a space-separated scope string), synthetic too.
const oauthToken = (exp) => jwt({ alg: 'RS256', typ: 'at+jwt', kid: 'synthetic' }, {
  iss: 'https://app.xano.com', sub: '4242', client_id: 'synthetic-client',
  aud: 'https://x1-test.n7.xano.io', iat: 1758034575, nbf: 1758034575, exp,
  scope: 'workspace:read workspace:write',
});

// The page imports ./xano-meta/browser.js; the test serves it a module that re-exports
// the real package and counts calls of the functions that decode a token, so that it can
// assert how often the page decodes one.
const COUNTING_MODULE = `
import * as real from './__real_browser.js';
export * from './__real_browser.js';
const calls = (globalThis.__xanoCalls = {});
const counted = (name) => (...args) => { calls[name] = (calls[name] ?? 0) + 1; return real[name](...args); };
export const decodeToken = counted('decodeToken');
export const checkAccess = counted('checkAccess');
export const tokenReport = counted('tokenReport');
export const auditToken = counted('auditToken');
`;

async function importPlaywright() {
  let spec = process.env.PLAYWRIGHT_CORE;
  if (!spec) return import('playwright-core');
  if ((await stat(spec)).isDirectory()) spec = join(spec, 'index.mjs');
  return import(pathToFileURL(resolve(spec)).href);
}

async function assemblePage() {
  const dir = await mkdtemp(join(tmpdir(), 'xano-scope-page-'));
  const pageSrc = join(ROOT, 'pkg', 'pages', 'scopes');
  const dist = join(ROOT, 'pkg', 'dist');
  for (const name of await readdir(pageSrc)) await cp(join(pageSrc, name), join(dir, name), { recursive: true });
  await cp(dist, join(dir, 'xano-meta'), { recursive: true });
  return dir;
}

/** name → sorted permissions, from "Workspace Content: Create, Update, Delete" lines. */
function grants(lines) {
  const out = {};
  for (const line of lines) {
    const at = line.lastIndexOf(':');
    assert.ok(at > 0, `a grant reads "Name: Permission, …": ${JSON.stringify(line)}`);
    out[line.slice(0, at).trim()] = line.slice(at + 1).split(',').map((p) => p.trim()).sort();
  }
  return out;
}

describe('scope matrix page', { timeout: 120_000 }, () => {
  let pageDir;
  let madeDir = false;
  let server;
  let browser;
  let page;
  let shotTaken = false;
  const consoleLines = [];
  const pageErrors = [];
  const requests = [];

  before(async () => {
    if (process.env.SCOPE_PAGE_DIR) {
      pageDir = resolve(process.env.SCOPE_PAGE_DIR);
    } else {
      pageDir = await assemblePage();
      madeDir = true;
    }
    await stat(join(pageDir, 'index.html'));
    await stat(join(pageDir, 'xano-meta', 'browser.js'));
    server = await serve(pageDir);

    const pw = await importPlaywright();
    const chromium = pw.chromium ?? pw.default?.chromium;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => pageErrors.push(String(e?.stack ?? e)));
    page.on('request', (r) => requests.push(r.url()));
    await page.route('**/xano-meta/browser.js', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: COUNTING_MODULE }));
    await page.route('**/xano-meta/__real_browser.js', (route) =>
      route.continue({ url: new URL('xano-meta/browser.js', server.url).href }));
    await page.goto(server.url);
    await page.locator('body[data-ready="true"]').waitFor();
  });

  after(async () => {
    try {
      if (page && !shotTaken) {
        await mkdir(dirname(SHOT), { recursive: true });
        await page.screenshot({ path: SHOT, fullPage: true }).catch(() => {});
      }
    } finally {
      await browser?.close().catch(() => {});
      await server?.close().catch(() => {});
      if (madeDir) await rm(pageDir, { recursive: true, force: true }).catch(() => {});
    }
  });

  test('the server sends the right content types and nothing outside the folder', async () => {
    // Raw paths (fetch would normalise `..` away before sending).
    const get = (path) => new Promise((ok, fail) => {
      const req = request(new URL(server.url), { path, method: 'GET' }, (res) => {
        res.resume();
        res.on('end', () => ok({ status: res.statusCode, type: res.headers['content-type'] }));
      });
      req.on('error', fail);
      req.end();
    });
    assert.deepEqual(await get('/'), { status: 200, type: 'text/html; charset=utf-8' });
    assert.deepEqual(await get('/app.js'), { status: 200, type: 'text/javascript; charset=utf-8' });
    assert.deepEqual(await get('/xano-meta/browser.js'), { status: 200, type: 'text/javascript; charset=utf-8' });
    assert.deepEqual(await get('/xano-meta/xano_meta_bg.wasm'), { status: 200, type: 'application/wasm' });
    for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/xano-meta/..%2f..%2f..%2fetc%2fpasswd', '/..%5c..%5cetc%5cpasswd', '/missing.js']) {
      assert.equal((await get(path)).status, 404, path);
    }
  });

  test('lists every operation from operations(), grouped by tag with counts', async () => {
    const expected = await page.evaluate(async () => {
      const { operations } = await import('./xano-meta/browser.js');
      const ops = operations();
      const tags = {};
      for (const op of ops) tags[op.tag] = (tags[op.tag] ?? 0) + 1;
      return { count: ops.length, tags };
    });
    assert.equal(expected.count, OPERATION_COUNT);
    assert.equal(await page.locator('tr[data-testid^="op-"]').count(), expected.count);
    assert.equal(await page.locator('details[data-testid^="group-"]').count(), Object.keys(expected.tags).length);
    for (const [tag, n] of Object.entries(expected.tags)) {
      const group = page.getByTestId(`group-${tag.replace(/[^A-Za-z0-9]/g, '-')}`);
      assert.equal(await group.locator('tr[data-testid^="op-"]').count(), n, `rows of tag ${JSON.stringify(tag)}`);
      assert.equal((await group.locator('summary .count').innerText()).trim(), String(n));
    }
    const row = page.getByTestId('op-getWorkspaceTable');
    assert.match(await row.innerText(), /GET\s+\/workspace\/\{workspace_id\}\/table\b/);
    assert.match(await row.innerText(), /Workspace Database: Read\s+declared/);
    assert.equal(await row.getAttribute('data-access'), null, 'no access shown before a token');
  });

  test('the token summary lists the scopes of a pasted token', async () => {
    await page.getByTestId('token-input').fill(TOKEN);
    const summary = page.getByTestId('token-summary');
    await summary.waitFor({ state: 'visible' });
    assert.equal(await page.getByTestId('token-error').isVisible(), false);
    const text = await summary.innerText();
    assert.match(text, /Metadata API token/);
    assert.match(text, /xano:meta/);
    assert.match(text, /Expires/i);
    assert.doesNotMatch(text, /Expired/i);
    assert.match(text, /2099/);
    const held = {};
    for (const r of await summary.locator('[data-scope-key]').all()) {
      held[await r.getAttribute('data-scope-key')] = {
        text: await r.innerText(),
        permissions: await r.getAttribute('data-permissions'),
      };
    }
    assert.deepEqual(Object.keys(held).sort(), Object.keys(SCOPE).sort(), 'every scope key of the token');
    assert.equal(held['workspace:database'].permissions, 'Read');
    assert.equal(held['workspace:api'].permissions, 'Read');
    assert.equal(held['workspace:content'].permissions, 'Create,Read,Update,Delete');
    assert.equal(held['workspace:task'].permissions, '');
    assert.match(held['workspace:database'].text, /Workspace Database/);
    assert.match(held['workspace:content'].text, /Workspace Content/);
    assert.match(held['workspace:api'].text, /Workspace API Groups/);
  });

  test('each row says allowed / denied / unknown for the token, with the reason', async () => {
    const access = async (name) => page.getByTestId(`op-${name}`).getAttribute('data-access');
    assert.equal(await access('getWorkspaceTable'), 'allowed');
    assert.equal(await access('postWorkspaceTable'), 'denied');
    assert.equal(await access('getWorkspaceAgent'), 'unknown');
    assert.equal(await access('getWorkspaceTableContent'), 'allowed');
    assert.equal(await access('deleteWorkspaceTableContentByContentId'), 'allowed');
    const denied = page.getByTestId('op-postWorkspaceTable').locator('td.access');
    assert.match(await denied.getAttribute('title'), /Create/);
    assert.match(await denied.innerText(), /denied/);
    // Every row has an answer, and the colours follow it.
    const values = await page.locator('tr[data-testid^="op-"]').evaluateAll((trs) => trs.map((tr) => tr.dataset.access));
    assert.ok(values.every((v) => ['allowed', 'denied', 'unknown'].includes(v)), 'every row has data-access');
    const colors = await page.evaluate(() => Object.fromEntries(['getWorkspaceTable', 'postWorkspaceTable', 'getWorkspaceAgent']
      .map((n) => [n, getComputedStyle(document.querySelector(`[data-testid="op-${n}"] .pill`)).backgroundColor])));
    assert.equal(new Set(Object.values(colors)).size, 3, `three colours: ${JSON.stringify(colors)}`);
  });

  test('the filter narrows the rows and "select all shown" chooses them', async () => {
    await page.getByTestId('filter').fill('history');
    const shown = page.locator('tr[data-testid^="op-"]:visible');
    const n = await shown.count();
    assert.ok(n > 0, 'some rows match "history"');
    const hay = await shown.evaluateAll((trs) => trs.map((tr) => `${tr.innerText} ${tr.dataset.tag}`.toLowerCase()));
    assert.ok(hay.every((h) => h.includes('history')), 'every shown row matches the filter');
    assert.ok(n < OPERATION_COUNT);
    await page.getByTestId('select-shown').click();
    assert.equal(await page.locator('tr[data-testid^="op-"] input[type="checkbox"]:checked').count(), n);
    const checkedHidden = await page.locator('tr[data-testid^="op-"]').evaluateAll(
      (trs) => trs.filter((tr) => tr.hidden && tr.querySelector('input:checked')).length);
    assert.equal(checkedHidden, 0, 'rows the filter hides are not chosen');
    await page.getByRole('button', { name: 'Clear choice' }).click();
    await page.getByTestId('filter').fill('');
    assert.equal(await page.locator('tr[data-testid^="op-"]:visible').count(), OPERATION_COUNT);
    assert.equal(await page.locator('tr[data-testid^="op-"] input:checked').count(), 0);
  });

  test("choosing WeWeb's operations gives Xano's least-privilege token, and the audit", async () => {
    await page.getByTestId('filter').fill('');
    await page.getByRole('button', { name: 'Clear choice' }).click();
    for (const name of ['getWorkspaceApigroup', 'getWorkspaceApigroupApi', 'getWorkspaceTableContent']) {
      await page.getByTestId(`select-${name}`).check();
    }
    const minimal = page.getByTestId('minimal-scopes');
    const minLines = (await minimal.locator('li[data-key]').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(minLines.sort(), ['Workspace API Groups: Read', 'Workspace Content: Read']);
    assert.equal(await page.getByTestId('minimal-unknown').isVisible(), false);

    const extra = grants((await page.getByTestId('audit-extra').locator('li[data-key]').allInnerTexts()).map((t) => t.trim()));
    assert.deepEqual(extra, {
      'Workspace Database': ['Read'],
      'Workspace Content': ['Create', 'Delete', 'Update'],
    });
    assert.equal(await page.getByTestId('audit-denied').isVisible(), false);

    // An operation with an unknown requirement is named, not sized.
    await page.getByTestId('select-getWorkspaceAgent').check();
    assert.match(await page.getByTestId('minimal-unknown').innerText(), /getWorkspaceAgent/);
    assert.deepEqual((await minimal.locator('li[data-key]').allInnerTexts()).map((t) => t.trim()).sort(),
      ['Workspace API Groups: Read', 'Workspace Content: Read']);

  });

  test('groups collapse; the screenshot shows every group and the chosen ones open', async () => {
    await page.getByRole('button', { name: 'Collapse all' }).click();
    assert.equal(await page.locator('tr[data-testid^="op-"]:visible').count(), 0);
    assert.equal(await page.locator('details[data-testid^="group-"]:visible').count(),
      await page.locator('details[data-testid^="group-"]').count(), 'collapsed groups stay listed');
    for (const tag of ['api-group', 'api-group---api', 'table---content']) {
      await page.getByTestId(`group-${tag}`).locator('summary .gname').click();
    }
    assert.equal(await page.getByTestId('op-getWorkspaceTableContent').isVisible(), true);
    assert.equal(await page.getByTestId('op-getWorkspaceAgent').isVisible(), false);
    await page.evaluate(() => window.scrollTo(0, 0));
    await mkdir(dirname(SHOT), { recursive: true });
    await page.screenshot({ path: SHOT, fullPage: true });
    shotTaken = true;
    await page.getByRole('button', { name: 'Expand all' }).click();
    assert.equal(await page.locator('tr[data-testid^="op-"]:visible').count(), OPERATION_COUNT);
  });

  test('the token is not echoed, stored or logged', async () => {
    const leaks = await page.evaluate((token) => ({
      html: document.documentElement.outerHTML.includes(token),
      url: location.href.includes(token),
      local: localStorage.length,
      session: sessionStorage.length,
      cookie: document.cookie,
      inputOnly: [...document.querySelectorAll('textarea, input')].filter((e) => e.value.includes(token)).map((e) => e.dataset.testid),
    }), TOKEN);
    assert.deepEqual(leaks, { html: false, url: false, local: 0, session: 0, cookie: '', inputOnly: ['token-input'] });
    assert.ok(!consoleLines.some((l) => l.includes(TOKEN) || l.includes(TOKEN.split('.')[1])), 'the console never shows the token');
    assert.ok(requests.every((u) => u.startsWith(server.url)), `only the page's own files are fetched: ${requests.join(', ')}`);
    assert.ok(requests.every((u) => !u.includes(TOKEN.split('.')[1])));
    assert.deepEqual(pageErrors, []);
  });

  test('a token that cannot be decoded shows the error', async () => {
    await page.getByTestId('token-input').fill('this is not a token');
    const error = page.getByTestId('token-error');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.innerText(), /not a JWT/);
    assert.equal(await page.getByTestId('token-summary').isVisible(), false);
    assert.equal(await page.getByTestId('op-getWorkspaceTable').getAttribute('data-access'), null);

    await page.getByTestId('token-input').fill(`${b64url({ alg: 'RS256' })}.%%%.sig`);
    await error.waitFor({ state: 'visible' });
    assert.ok((await error.innerText()).length > 'This token cannot be read.'.length);

    await page.getByTestId('token-input').fill(TOKEN);
    await page.getByTestId('token-summary').waitFor({ state: 'visible' });
    assert.equal(await error.isVisible(), false);
    assert.deepEqual(pageErrors, []);
  });

  test('one keystroke decodes the token once, not once per operation', async () => {
    const calls = () => page.evaluate(() => ({ ...globalThis.__xanoCalls }));
    await page.getByTestId('filter').fill('');
    await page.getByRole('button', { name: 'Clear choice' }).click();
    await page.getByTestId('token-input').fill('');
    await page.evaluate(() => { for (const k of Object.keys(globalThis.__xanoCalls)) delete globalThis.__xanoCalls[k]; });
    await page.getByTestId('token-input').fill(TOKEN); // one input event
    await page.getByTestId('token-summary').waitFor({ state: 'visible' });
    assert.deepEqual(await calls(), { tokenReport: 1 }, 'one decoding for the summary and all rows');
    assert.equal(await page.locator('tr[data-access]').count(), OPERATION_COUNT);
    // With operations chosen, the audit decodes it once more per change, no more.
    await page.getByTestId('select-getWorkspaceTable').check();
    await page.getByTestId('token-input').focus();
    await page.keyboard.press('End');
    await page.keyboard.type(' '); // one more input event
    assert.deepEqual(await calls(), { tokenReport: 2, auditToken: 2 });
    await page.getByRole('button', { name: 'Clear choice' }).click();
  });

  test('every scope has one name, the token screen\'s; the spec\'s text stays a tooltip', async () => {
    await page.getByTestId('token-input').fill(TOKEN);
    const row = page.getByTestId('op-getWorkspaceApigroup');
    assert.match(await row.innerText(), /Workspace API Groups: Read\s+declared workspace:api/);
    assert.equal(await row.locator('.rname').getAttribute('title'), 'the spec writes “Workspace Api: Read”');
    // (Operation summaries are the spec's own prose, e.g. "Workspace Function: Read": not scope names.)
    const text = [
      ...await page.locator('td.req, td.access').allInnerTexts(),
      await page.getByTestId('token-summary').innerText(),
      await page.locator('aside').innerText(),
    ].join('\n');
    for (const specOnly of ['Workspace Api:', 'Workspace File:', 'Workspace Function:', 'Workspace Task:']) {
      assert.ok(!text.includes(specOnly), `the spec's name ${specOnly} is not shown`);
    }
    // Instance Workspace: the token key is an inference; this token does not carry it.
    const branch = page.getByTestId('op-getWorkspaceBranch');
    assert.match(await branch.innerText(), /Instance Workspace: Read\s+inferred instance:workspace/);
    assert.match(await branch.locator('.src').getAttribute('title'), /xano-inc\/xano-developer-mcp/);
    assert.equal(await branch.getAttribute('data-access'), 'unknown');
    assert.match(await branch.locator('td.access').innerText(), /no instance:workspace key/);
    // A key the package does not know is shown as its raw key, marked unknown.
    await page.getByTestId('token-input').fill(metadataToken({ ...SCOPE, 'workspace:gadget': 15, 'instance:workspace': 2 }));
    const odd = page.getByTestId('token-summary').locator('[data-scope-key="workspace:gadget"]');
    assert.equal(await odd.getAttribute('data-known'), 'false');
    assert.match(await odd.locator('td.sname').innerText(), /^workspace:gadget\s+unknown key$/);
    assert.equal(await branch.getAttribute('data-access'), 'allowed', 'checked once the token carries the key');
  });

  test('an OAuth access token: kind, audience, scope words, and unknown checks', async () => {
    await page.getByTestId('token-input').fill(oauthToken(4102444800));
    const summary = page.getByTestId('token-summary');
    await summary.waitFor({ state: 'visible' });
    const text = await summary.innerText();
    assert.match(text, /OAuth access token/);
    assert.match(text, /https:\/\/x1-test\.n7\.xano\.io/);
    assert.match(text, /Expires/i);
    assert.equal(await page.getByTestId('oauth-banner').isVisible(), true);
    assert.deepEqual(await summary.locator('[data-scope-word]').allInnerTexts(), ['workspace:read', 'workspace:write']);
    const values = await page.locator('tr[data-testid^="op-"]').evaluateAll((trs) => [...new Set(trs.map((tr) => tr.dataset.access))]);
    assert.deepEqual(values, ['unknown'], 'no CRUD answer for an OAuth token');
    assert.match(await page.getByTestId('op-postWorkspaceTable').locator('td.access').getAttribute('title'), /OAuth access token.*workspace:read workspace:write/);
    await page.getByTestId('select-getWorkspaceTable').check();
    assert.match(await page.getByTestId('audit-extra').innerText(), /no scope map to compare/);
    await page.getByRole('button', { name: 'Clear choice' }).click();
    await mkdir(dirname(SHOT), { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: SHOT.replace(/\.png$/, '-oauth.png') }); // the top, for review

    // Expired by its `exp`: every call is denied, and the summary says so.
    await page.getByTestId('token-input').fill(oauthToken(1758034575));
    assert.match(await summary.innerText(), /Expired[\s\S]*by exp\)/i);
    const expired = await page.locator('tr[data-testid^="op-"]').evaluateAll((trs) => [...new Set(trs.map((tr) => tr.dataset.access))]);
    assert.deepEqual(expired, ['denied']);
    assert.match(await page.getByTestId('op-getWorkspaceTable').locator('td.access').innerText(), /expired/);
    await page.getByTestId('token-input').fill(TOKEN);
    assert.deepEqual(pageErrors, []);
  });
});
