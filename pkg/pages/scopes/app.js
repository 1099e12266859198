// The scope matrix page: every operation of xano-meta, what it needs, and what a pasted
// Metadata API token allows. No framework, no bundler; the package sits in ./xano-meta/.
//
// The token never leaves the textarea: it is not logged, put in the URL, stored, or written
// into the page (an error message that quoted it would be masked).

const $ = (id) => document.getElementById(id);

/** Builds an element: el('span', { class: 'x', title: 't' }, 'text', child, …). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** `group-<tag>`: non-alphanumerics become `-`. */
const tagId = (tag) => tag.replace(/[^A-Za-z0-9]/g, '-');
const PERMS = ['Create', 'Read', 'Update', 'Delete'];

let pkg;
try {
  pkg = await import('./xano-meta/browser.js');
} catch (e) {
  const box = $('load-error');
  box.hidden = false;
  box.append(el('strong', {}, 'The xano-meta package did not load.'),
    `${e?.name ?? 'Error'}: ${e?.message ?? e}. Serve this folder over HTTP with the package in ./xano-meta/.`);
  throw e;
}
const { operations, tokenReport, minimalScopes, auditToken } = pkg;

// ---- state ----
const ops = operations().map((op, index) => ({
  ...op,
  key: `${op.api}:${op.name}`,
  index,
  haystack: [op.name, op.method, op.path, op.tag, op.summary, op.api,
    op.requirement.name ?? '', op.requirement.permission ?? '', op.requirement.key ?? '']
    .join(' ').toLowerCase(),
}));
const state = {
  token: '',         // the trimmed token, or ''
  info: null,        // the token's TokenInfo, or null
  error: null,       // why the token cannot be read (masked), or null
  access: new Map(), // op.key -> AccessCheck
  chosen: new Set(), // op.key
  filter: '',
  show: 'all',       // all | allowed | denied | unknown
};

// ---- reading the token: once per change ----

/** The token, decoded once: its facts and every operation's check (`tokenReport`). */
function readToken(raw) {
  const token = raw.trim().replace(/^bearer\s+/i, '');
  Object.assign(state, { token, info: null, error: null, access: new Map() });
  if (!token) return;
  try {
    const report = tokenReport(token);
    state.info = report.token;
    // `access` follows the order of operations(), as `ops` does.
    report.access.forEach((check, i) => state.access.set(ops[i].key, check));
  } catch (e) {
    state.error = safeMessage(e, token);
  }
}

// ---- matrix ----
const rows = new Map();   // op.key -> { tr, access cell, checkbox, op }
const groups = new Map(); // tag -> { details, ops, countEl, tallyEl }

/** The path, with a line-break opportunity after each `/`. */
function pathWithBreaks(path) {
  return path.split('/').flatMap((part, i) => (i === 0 ? [part] : [el('wbr'), `/${part}`]));
}

const SOURCE_TITLES = {
  declared: "declared in the operation's description in Xano's spec",
  inferred: 'inferred by the package',
};

/** What an operation needs, in the token screen's words, with where that comes from. */
function requirementCell(req, specText) {
  const td = el('td', { class: 'req' });
  if (req.source === 'unknown' || !req.name) {
    td.append(el('span', { class: 'muted' }, '—'),
      el('span', { class: 'sub' }, el('span', { class: 'src unknown' }, 'unknown'), ' the spec says nothing'));
    return td;
  }
  const sourceTitle = req.inferredFrom ? `inferred from ${req.inferredFrom}` : SOURCE_TITLES[req.source];
  td.append(el('span', { class: 'rname', title: specText ? `the spec writes “${specText}”` : null }, req.name), ': ',
    el('span', { class: 'perm' }, req.permission ?? '?'),
    el('span', { class: 'sub', title: req.key ? `token key ${req.key}` : 'no token key is known for this scope' },
      el('span', { class: `src ${req.source}`, title: sourceTitle }, req.source), ' ',
      req.key ?? 'no token key known'));
  return td;
}

/** One operation's row; its access cell is filled by renderAccess. */
function opRow(op) {
  const checkbox = el('input', { type: 'checkbox', 'data-testid': `select-${op.name}`,
    'aria-label': `choose ${op.name}${op.api === 'account' ? ' (account API)' : ''}` });
  checkbox.addEventListener('change', () => {
    if (checkbox.checked) state.chosen.add(op.key); else state.chosen.delete(op.key);
    renderChoice();
  });
  const access = el('td', { class: 'access' });
  const tr = el('tr', { 'data-testid': `op-${op.name}`, 'data-api': op.api, 'data-tag': op.tag },
    el('td', { class: 'sel' }, checkbox),
    el('td', { class: 'name' },
      el('span', { class: 'opname' }, op.name),
      op.api === 'account' ? el('span', { class: 'api-badge', title: 'account API (app.xano.com), called with a Personal Access Token, not with this token' }, 'account') : null,
      el('span', { class: 'sub', title: op.summary }, op.summary || '\u00a0')),
    el('td', { class: 'route' },
      el('span', { class: `method ${op.method}` }, op.method), ' ',
      el('span', { class: 'path' }, pathWithBreaks(op.path))),
    requirementCell(op.requirement, op.scope),
    access);
  rows.set(op.key, { tr, access, checkbox, op });
  return tr;
}

/** One tag's collapsible table of operations. */
function groupSection(tag, g) {
  const countEl = el('span', { class: 'count', title: 'operations in this group' }, g.ops.length);
  const tallyEl = el('span', { class: 'gtally' });
  const selBtn = el('button', { type: 'button', class: 'ghost gsel', title: 'Choose the shown operations of this group' }, 'select');
  selBtn.addEventListener('click', (e) => {
    e.preventDefault();
    e.stopPropagation();
    for (const op of g.ops) if (matches(op)) state.chosen.add(op.key);
    renderChoice();
  });
  const table = el('table', { class: 'ops' },
    el('colgroup', {}, el('col', { class: 'c-sel' }), el('col', { class: 'c-name' }),
      el('col', { class: 'c-route' }), el('col', { class: 'c-req' }), el('col', { class: 'c-access' })),
    el('tbody', {}, g.ops.map(opRow)));
  const details = el('details', { class: 'group', open: true, 'data-testid': `group-${tagId(tag)}`, 'data-tag': tag },
    el('summary', {}, el('span', { class: 'gname' }, tag || '(no tag)'), countEl, tallyEl, selBtn),
    table);
  Object.assign(g, { details, countEl, tallyEl });
  return details;
}

function buildMatrix() {
  for (const op of ops) {
    if (!groups.has(op.tag)) groups.set(op.tag, { ops: [] });
    groups.get(op.tag).ops.push(op);
  }
  $('groups').append(...[...groups].map(([tag, g]) => groupSection(tag, g)));
}

function matchesText(op) {
  if (!state.filter) return true;
  return state.filter.split(/\s+/).every((word) => op.haystack.includes(word));
}
function matches(op) {
  if (!matchesText(op)) return false;
  if (state.show === 'all') return true;
  const check = state.access.get(op.key);
  return check ? check.access === state.show : false;
}

/** A short line under the pill; the full reason is the cell's tooltip. */
function shortReason(check) {
  if (check.expired) return 'the token has expired';
  if (check.notYetValid) return 'the token is not valid yet';
  if (check.held !== null) return `token has ${check.held.length ? check.held.join(', ') : 'none'}`;
  const req = check.requirement;
  if (req.source === 'unknown') return 'no requirement known';
  if (req.name && !req.key) return `no token key for ${req.name}`;
  if (state.info?.kind === 'oauth') return 'OAuth token: the server decides';
  if (state.info && !state.info.isMetadataToken) return 'not a Metadata API token';
  return `token has no ${req.key} key`;
}

/** Each row's pill and short reason. */
function renderAccess() {
  for (const { tr, access, op } of rows.values()) {
    const check = state.access.get(op.key);
    if (!check) {
      tr.removeAttribute('data-access');
      access.removeAttribute('title');
      access.replaceChildren(el('span', { class: 'pill none' }, state.info ? 'n/a' : 'no token'));
      continue;
    }
    tr.dataset.access = check.access;
    access.title = check.reason;
    access.replaceChildren(el('span', { class: `pill ${check.access}` }, check.access),
      el('span', { class: 'reason' }, shortReason(check)));
  }
}

/** Shows the rows the filter matches; returns the tallies of what is shown. */
function applyFilter() {
  const total = { shown: 0, allowed: 0, denied: 0, unknown: 0 };
  for (const g of groups.values()) {
    const tally = { allowed: 0, denied: 0, unknown: 0 };
    let n = 0;
    for (const op of g.ops) {
      const visible = matches(op);
      rows.get(op.key).tr.hidden = !visible;
      if (!visible) continue;
      n += 1;
      const check = state.access.get(op.key);
      if (check) { tally[check.access] += 1; total[check.access] += 1; }
    }
    total.shown += n;
    renderGroupHead(g, n, tally);
  }
  return total;
}

/** A group's count and tally of answers. */
function renderGroupHead(g, n, tally) {
  g.details.hidden = n === 0;
  g.countEl.textContent = n === g.ops.length ? `${n}` : `${n} / ${g.ops.length}`;
  g.tallyEl.replaceChildren(...['allowed', 'denied', 'unknown']
    .filter((a) => tally[a] > 0)
    .map((a) => el('span', { class: a, title: `${tally[a]} ${a}` }, `${tally[a]} ${a}`)));
}

/** The line under the toolbar: how many rows are shown, and their answers. */
function renderTally(total) {
  $('no-match').hidden = total.shown > 0;
  const line = $('tally');
  line.replaceChildren(`${total.shown} of ${ops.length} operations shown`);
  if (state.access.size) {
    line.append(' · ',
      el('b', { class: 'allowed' }, total.allowed), ' allowed, ',
      el('b', { class: 'denied' }, total.denied), ' denied, ',
      el('b', { class: 'unknown' }, total.unknown), ' unknown');
  } else {
    line.append(' · paste a token to check access');
  }
}

function renderFilter() {
  renderTally(applyFilter());
}

// ---- token ----
const fmtDate = (secs) => new Date(secs * 1000).toLocaleString(undefined,
  { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });

function relative(secs) {
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const diff = secs - Date.now() / 1000;
  const units = [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(diff) >= size) return rtf.format(Math.round(diff / size), unit);
  }
  return rtf.format(Math.round(diff), 'second');
}

/** The error's message, with anything of the token in it masked. */
function safeMessage(e, token) {
  let msg = String(e?.message ?? e);
  const pieces = [token, ...token.split('.')].filter((p) => p.length >= 8).sort((a, b) => b.length - a.length);
  for (const p of pieces) msg = msg.split(p).join('…');
  return msg;
}

function fact(label, value, cls, note) {
  return el('div', {}, el('dt', {}, label),
    el('dd', { class: cls }, value, note ? el('small', {}, ` ${note}`) : null));
}

const KIND_NAMES = { metadata: 'Metadata API token', oauth: 'OAuth access token', jwt: 'JWT of no known kind' };
const KIND_CLASSES = { metadata: 'good', oauth: 'meh', jwt: 'bad' };

/** A banner when the token is not a Metadata API token: what the checks can say then. */
function kindBanner(info) {
  if (info.kind === 'oauth') {
    return el('div', { class: 'banner warn', role: 'status', 'data-testid': 'oauth-banner' },
      el('strong', {}, 'An OAuth access token from Xano\u2019s login.'),
      'Its scope words are shown as written: no public source maps them to the Create / Read / Update / Delete '
      + 'scopes, so every check below is unknown, and the server decides.');
  }
  if (info.kind === 'jwt') {
    return el('div', { class: 'banner warn', role: 'status' },
      el('strong', {}, 'This is not a Metadata API access token.'),
      `Its audience is ${info.audience === null ? 'missing' : `“${info.audience}”`}; the checks below need one, so they answer unknown. `
      + 'A Personal Access Token of the account must never be used in a browser page.');
  }
  return null;
}

/** When the token stops working (or why it has not started). */
function expiryFact(info) {
  if (info.notYetValid) return fact('Valid from', fmtDate(info.notBefore), 'bad', `(${relative(info.notBefore)}: not yet)`);
  if (info.expiresAt === null) {
    return fact('Expires', 'not in the token', 'meh', info.isMetadataToken ? '(older tokens last 7 days from issue)' : null);
  }
  const by = info.exp === info.expiresAt ? 'exp' : 'expires_at';
  return info.expired
    ? fact('Expired', fmtDate(info.expiresAt), 'bad', `(${relative(info.expiresAt)}, by ${by})`)
    : fact('Expires', fmtDate(info.expiresAt), 'good', `(${relative(info.expiresAt)})`);
}

/** Kind, audience, dates, and how many scopes grant something. */
function factsList(info) {
  const entries = Object.values(info.scopes);
  return el('dl', { class: 'facts' },
    fact('Kind', KIND_NAMES[info.kind], KIND_CLASSES[info.kind]),
    fact('Audience', info.audience ?? '—'),
    expiryFact(info),
    info.issuedAt !== null ? fact('Issued', fmtDate(info.issuedAt)) : null,
    info.kind === 'oauth'
      ? fact('Scope words', `${info.scopeWords.length}`, null, 'as written')
      : fact('Scopes', `${entries.filter((s) => s.value !== 0).length} of ${entries.length}`, null, 'grant access'));
}

/** A scope's name, or its raw key marked unknown when the package does not know it. */
function scopeName(key, s) {
  return s.name ?? el('span', { class: 'unknown-key', title: 'a scope key this package does not know' }, key, el('small', {}, ' unknown key'));
}

/** The scopes that hold something, with their four permission bits. */
function scopeTable(held) {
  const bits = (s) => [...PERMS.map((p) => el('span', {
    class: `bit${s.permissions.includes(p) ? ' on' : ''}`,
    title: `${p}: ${s.permissions.includes(p) ? 'yes' : 'no'}` }, p)),
  s.permissions.length === 0
    ? el('span', { class: 'other', title: 'bits that are not Create / Read / Update / Delete (e.g. 16 on tenant_center:* keys)' }, 'other bits')
    : null];
  return el('table', { class: 'scopes' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Scope'), el('th', {}, 'Token key'),
      el('th', {}, 'Permissions'), el('th', { style: 'text-align:right' }, 'Value'))),
    el('tbody', {}, held.map(([key, s]) => el('tr', { 'data-scope-key': key, 'data-permissions': s.permissions.join(','), 'data-known': String(s.name !== null) },
      el('td', { class: 'sname' }, scopeName(key, s)),
      el('td', { class: 'key' }, key),
      el('td', { class: 'bits' }, bits(s)),
      el('td', { class: 'val', title: 'raw value in the token' }, s.value)))));
}

/** The keys at 0, as a compact line. */
function noAccessLine(none) {
  return el('p', { class: 'noaccess' },
    el('span', { class: 'label' }, `No access (${none.length}):`), ' ',
    none.map(([key, s]) => el('span', { class: 'scope-chip', 'data-scope-key': key, 'data-permissions': '', 'data-known': String(s.name !== null), title: `${key} = 0` }, scopeName(key, s))));
}

/** An OAuth token's scope words, as written. */
function scopeWordsLine(words) {
  if (words.length === 0) return el('p', { class: 'muted' }, 'The token has no scope words.');
  return el('p', { class: 'noaccess', 'data-testid': 'scope-words' },
    el('span', { class: 'label' }, 'Scope words:'), ' ',
    words.flatMap((w) => [el('span', { class: 'scope-chip', 'data-scope-word': w }, w), ' ']));
}

/** The CRUD scope map: the table of held scopes and the line of keys at 0. */
function scopeMap(info) {
  const entries = Object.entries(info.scopes);
  if (entries.length === 0) return [el('p', { class: 'muted' }, 'The token holds no scopes.')];
  const held = entries.filter(([, s]) => s.value !== 0);
  const none = entries.filter(([, s]) => s.value === 0);
  return [
    held.length ? scopeTable(held) : el('p', { class: 'muted' }, 'The token grants no access at all.'),
    none.length ? noAccessLine(none) : null,
  ];
}

function renderSummary() {
  const box = $('token-summary');
  const info = state.info;
  box.hidden = !info;
  if (!info) { box.replaceChildren(); return; }
  box.replaceChildren(...[kindBanner(info), factsList(info),
    ...(info.kind === 'oauth' ? [scopeWordsLine(info.scopeWords)] : scopeMap(info))].filter(Boolean));
}

function renderTokenError() {
  const box = $('token-error');
  box.hidden = state.error === null;
  box.replaceChildren(...(state.error === null ? [] : [el('strong', {}, 'This token cannot be read.'), state.error]));
  $('token-empty').hidden = state.token !== '';
}

function setToken(raw) {
  readToken(raw);
  renderTokenError();
  renderSummary();
  renderAccess();
  renderFilter();
  renderChoice();
}

// ---- choice, minimal token, audit ----
function grantItem(g) {
  return el('li', { 'data-key': g.key, title: `token key ${g.key}` },
    el('span', { class: 'gname' }, g.name ?? `${g.key} (unknown key)`), ': ',
    el('span', { class: 'gperm' }, g.permissions.length
      ? g.permissions.join(', ')
      : 'all of it (a value that is not Create / Read / Update / Delete)'));
}

function opList(names, describe) {
  return el('ul', {}, names.map((n) => el('li', {}, el('code', {}, n), describe ? describe(n) : null)));
}

/** The chosen operations: ticks in the matrix, and the list in the side bar. */
function renderChosen(names) {
  for (const { checkbox, tr, op } of rows.values()) {
    const on = state.chosen.has(op.key);
    checkbox.checked = on;
    tr.classList.toggle('is-chosen', on);
  }
  $('chosen-count').textContent = names.length;
  $('chosen-empty').hidden = names.length > 0;
  $('chosen-list').replaceChildren(...names.map((n) => el('li', {}, n)));
}

/** The smallest token for the chosen operations, and those no token can be sized for. */
function renderMinimal(names, chosenOps) {
  const unknownBox = $('minimal-unknown');
  unknownBox.hidden = true;
  unknownBox.replaceChildren();
  if (names.length === 0) {
    $('minimal-lede').textContent = 'Choose operations to see the smallest token that allows them.';
    $('minimal-list').replaceChildren();
    return;
  }
  const min = minimalScopes(names);
  $('minimal-lede').textContent = min.scopes.length ? 'On the token screen, tick only:' : 'No scope is known to be needed.';
  $('minimal-list').replaceChildren(...min.scopes.map(grantItem));
  if (!min.unknown.length) return;
  const byName = new Map(chosenOps.map((op) => [op.name, op]));
  unknownBox.hidden = false;
  unknownBox.append(el('strong', {}, `Requirement unknown for ${min.unknown.length}:`),
    ' size the token for these by hand.',
    opList(min.unknown, (n) => {
      const req = byName.get(n)?.requirement;
      return req?.name ? ` — needs ${req.name}: ${req.permission}, no token key known` : ' — the spec says nothing';
    }));
}

/** What the pasted token holds beyond the chosen operations, and what it cannot call. */
function renderAudit(names, chosenOps) {
  const lede = $('audit-lede');
  const deniedBox = $('audit-denied');
  deniedBox.hidden = true;
  deniedBox.replaceChildren();
  $('audit-list').replaceChildren();
  if (!state.info) { lede.textContent = 'Paste a token to compare it with the minimal one.'; return; }
  if (names.length === 0) { lede.textContent = 'Choose operations to see what the token holds beyond them.'; return; }
  try {
    const audit = auditToken(state.token, names);
    if (audit.extra === null) {
      lede.textContent = 'Not a Metadata API token: it has no scope map to compare.';
    } else {
      lede.textContent = audit.extra.length
        ? 'The token holds more than the chosen operations need:'
        : 'Nothing: the token holds no more than the chosen operations need.';
      $('audit-list').replaceChildren(...audit.extra.map(grantItem));
    }
  } catch (e) {
    lede.textContent = safeMessage(e, state.token);
  }
  const denied = [...new Set(chosenOps.filter((op) => state.access.get(op.key)?.access === 'denied').map((op) => op.name))];
  if (denied.length) {
    deniedBox.hidden = false;
    deniedBox.append(el('strong', {}, `The token cannot call ${denied.length} chosen operation${denied.length > 1 ? 's' : ''}:`),
      opList(denied));
  }
}

function renderChoice() {
  const chosenOps = ops.filter((op) => state.chosen.has(op.key));
  const names = [...new Set(chosenOps.map((op) => op.name))];
  renderChosen(names);
  renderMinimal(names, chosenOps);
  renderAudit(names, chosenOps);
}

// ---- wiring ----
buildMatrix();
$('op-total').textContent = String(ops.length);

const input = $('token');
input.addEventListener('input', () => setToken(input.value));
$('token-clear').addEventListener('click', () => { input.value = ''; setToken(''); input.focus(); });

const filter = $('filter');
filter.addEventListener('input', () => {
  state.filter = filter.value.trim().toLowerCase();
  renderFilter();
});
for (const b of document.querySelectorAll('.seg button')) {
  b.addEventListener('click', () => {
    state.show = b.dataset.show;
    for (const o of document.querySelectorAll('.seg button')) {
      o.classList.toggle('on', o === b);
      o.setAttribute('aria-pressed', String(o === b));
    }
    renderFilter();
  });
}
$('select-shown').addEventListener('click', () => {
  for (const op of ops) if (matches(op)) state.chosen.add(op.key);
  renderChoice();
});
$('select-none').addEventListener('click', () => { state.chosen.clear(); renderChoice(); });
const toggle = $('toggle-groups');
toggle.addEventListener('click', () => {
  const open = toggle.textContent !== 'Collapse all';
  for (const g of groups.values()) g.details.open = open;
  toggle.textContent = open ? 'Collapse all' : 'Expand all';
});

for (const c of [input, filter, $('select-shown'), $('select-none'), toggle]) c.disabled = false;
setToken(input.value); // a value the browser restored, if any
document.body.dataset.ready = 'true';
