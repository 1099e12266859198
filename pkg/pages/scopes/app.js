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
const { operations, decodeToken, checkAccess, minimalScopes, auditToken } = pkg;

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
  info: null,        // decodeToken's answer, or null
  access: new Map(), // op.key -> AccessCheck
  chosen: new Set(), // op.key
  filter: '',
  show: 'all',       // all | allowed | denied | unknown
};

// ---- matrix ----
const rows = new Map();   // op.key -> { tr, access cell, checkbox, op }
const groups = new Map(); // tag -> { details, ops, countEl, tallyEl }

/** The path, with a line-break opportunity after each `/`. */
function pathWithBreaks(path) {
  return path.split('/').flatMap((part, i) => (i === 0 ? [part] : [el('wbr'), `/${part}`]));
}

function requirementCell(req) {
  const td = el('td', { class: 'req' });
  if (req.source === 'unknown' || !req.name) {
    td.append(el('span', { class: 'muted' }, '—'));
    td.append(el('span', { class: 'sub' }, el('span', { class: 'src unknown' }, 'unknown'), ' the spec says nothing'));
    return td;
  }
  td.append(el('span', { class: 'rname' }, req.name), ': ',
    el('span', { class: 'perm' }, req.permission ?? '?'));
  td.append(el('span', { class: 'sub', title: req.key ? `token key ${req.key}` : 'no token key is known for this scope' },
    el('span', { class: `src ${req.source}`, title: req.source === 'declared'
      ? "declared in the operation's description in Xano's spec"
      : "inferred by the package's rule from the path and method" }, req.source), ' ',
    req.key ?? 'no token key known'));
  return td;
}

function buildMatrix() {
  const host = $('groups');
  for (const op of ops) {
    if (!groups.has(op.tag)) groups.set(op.tag, { ops: [] });
    groups.get(op.tag).ops.push(op);
  }
  for (const [tag, g] of groups) {
    const countEl = el('span', { class: 'count', title: 'operations in this group' }, g.ops.length);
    const tallyEl = el('span', { class: 'gtally' });
    const selBtn = el('button', { type: 'button', class: 'ghost gsel', title: 'Choose the shown operations of this group' }, 'select');
    const tbody = el('tbody');
    const table = el('table', { class: 'ops' },
      el('colgroup', {}, el('col', { class: 'c-sel' }), el('col', { class: 'c-name' }),
        el('col', { class: 'c-route' }), el('col', { class: 'c-req' }), el('col', { class: 'c-access' })),
      tbody);
    const details = el('details', { class: 'group', open: true, 'data-testid': `group-${tagId(tag)}`, 'data-tag': tag },
      el('summary', {},
        el('span', { class: 'gname' }, tag || '(no tag)'), countEl, tallyEl, selBtn),
      table);
    selBtn.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      for (const op of g.ops) if (matches(op)) state.chosen.add(op.key);
      renderChoice();
    });
    Object.assign(g, { details, countEl, tallyEl });

    for (const op of g.ops) {
      const checkbox = el('input', { type: 'checkbox', 'data-testid': `select-${op.name}`,
        'aria-label': `choose ${op.name}${op.api === 'account' ? ' (account API)' : ''}` });
      checkbox.addEventListener('change', () => {
        if (checkbox.checked) state.chosen.add(op.key); else state.chosen.delete(op.key);
        renderChoice();
      });
      const access = el('td', { class: 'access' });
      const tr = el('tr', { 'data-testid': `op-${op.name}`, 'data-api': op.api, 'data-tag': tag },
        el('td', { class: 'sel' }, checkbox),
        el('td', { class: 'name' },
          el('span', { class: 'opname' }, op.name),
          op.api === 'account' ? el('span', { class: 'api-badge', title: "account API (app.xano.com), called with a Personal Access Token, not with this token" }, 'account') : null,
          el('span', { class: 'sub', title: op.summary }, op.summary || '\u00a0')),
        el('td', { class: 'route' },
          el('span', { class: `method ${op.method}` }, op.method), ' ',
          el('span', { class: 'path' }, pathWithBreaks(op.path))),
        requirementCell(op.requirement),
        access);
      rows.set(op.key, { tr, access, checkbox, op });
      tbody.append(tr);
    }
    host.append(details);
  }
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
  if (check.held !== null) return `token has ${check.held.length ? check.held.join(', ') : 'none'}`;
  const req = check.requirement;
  if (check.access === 'unknown' && req.source === 'unknown') return 'no requirement known';
  if (check.access === 'unknown' && req.name && !req.key) return `no token key for ${req.name}`;
  return check.reason;
}

function renderAccess() {
  for (const { tr, access, op } of rows.values()) {
    const check = state.access.get(op.key);
    access.replaceChildren();
    if (!check) {
      tr.removeAttribute('data-access');
      access.removeAttribute('title');
      access.append(el('span', { class: 'pill none' }, state.info ? 'n/a' : 'no token'));
      continue;
    }
    tr.dataset.access = check.access;
    access.title = check.reason;
    access.append(el('span', { class: `pill ${check.access}` }, check.access),
      el('span', { class: 'reason' }, shortReason(check)));
  }
}

function renderFilter() {
  let shown = 0;
  const total = { allowed: 0, denied: 0, unknown: 0 };
  for (const [, g] of groups) {
    let n = 0;
    const tally = { allowed: 0, denied: 0, unknown: 0 };
    for (const op of g.ops) {
      const visible = matches(op);
      rows.get(op.key).tr.hidden = !visible;
      if (!visible) continue;
      n += 1;
      const check = state.access.get(op.key);
      if (check) { tally[check.access] += 1; total[check.access] += 1; }
    }
    shown += n;
    g.details.hidden = n === 0;
    g.countEl.textContent = n === g.ops.length ? `${n}` : `${n} / ${g.ops.length}`;
    g.tallyEl.replaceChildren(...['allowed', 'denied', 'unknown']
      .filter((a) => tally[a] > 0)
      .map((a) => el('span', { class: a, title: `${tally[a]} ${a}` }, `${tally[a]} ${a}`)));
  }
  $('no-match').hidden = shown > 0;
  const tallyLine = $('tally');
  tallyLine.replaceChildren(`${shown} of ${ops.length} operations shown`);
  if (state.access.size) {
    tallyLine.append(' · ',
      el('b', { class: 'allowed' }, total.allowed), ' allowed, ',
      el('b', { class: 'denied' }, total.denied), ' denied, ',
      el('b', { class: 'unknown' }, total.unknown), ' unknown');
  } else {
    tallyLine.append(' · paste a token to check access');
  }
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

function renderSummary() {
  const box = $('token-summary');
  const info = state.info;
  box.replaceChildren();
  if (!info) { box.hidden = true; return; }
  box.hidden = false;

  if (!info.isMetadataToken) {
    box.append(el('div', { class: 'banner warn', role: 'status' },
      el('strong', {}, 'This is not a Metadata API access token.'),
      `Its audience is ${info.audience === null ? 'missing' : `“${info.audience}”`}${Object.keys(info.scopes).length ? '' : ' and it has no scope map'}; the checks below assume one. `
      + 'A Personal Access Token of the account must never be used in a browser page.'));
  }

  let expiry;
  if (info.expiresAt !== null) {
    expiry = info.expired
      ? fact('Expired', fmtDate(info.expiresAt), 'bad', `(${relative(info.expiresAt)})`)
      : fact('Expires', fmtDate(info.expiresAt), 'good', `(${relative(info.expiresAt)})`);
  } else {
    expiry = fact('Expires', 'not in the token', 'meh', '(older tokens last 7 days from issue)');
  }
  const granted = Object.values(info.scopes).filter((s) => s.value !== 0).length;
  box.append(el('dl', { class: 'facts' },
    fact('Kind', info.isMetadataToken ? 'Metadata API token' : 'not a Metadata API token',
      info.isMetadataToken ? 'good' : 'bad'),
    fact('Audience', info.audience ?? '—'),
    expiry,
    info.issuedAt !== null ? fact('Issued', fmtDate(info.issuedAt)) : null,
    fact('Scopes', `${granted} of ${Object.keys(info.scopes).length}`, null, 'grant access')));

  const entries = Object.entries(info.scopes);
  if (entries.length === 0) {
    box.append(el('p', { class: 'muted' }, 'The token holds no scopes.'));
    return;
  }
  // Scopes with a value in a table; keys at 0 (no access) as a compact list under it.
  const held = entries.filter(([, s]) => s.value !== 0);
  const none = entries.filter(([, s]) => s.value === 0);
  if (held.length) {
    const tbody = el('tbody');
    for (const [key, s] of held) {
      const other = s.permissions.length === 0
        ? el('span', { class: 'other', title: 'bits that are not Create / Read / Update / Delete (e.g. 16 on tenant_center:* keys)' }, 'other bits')
        : null;
      tbody.append(el('tr', { 'data-scope-key': key, 'data-permissions': s.permissions.join(',') },
        el('td', { class: 'sname' }, s.name),
        el('td', { class: 'key' }, key),
        el('td', { class: 'bits' }, PERMS.map((p) => el('span', {
          class: `bit${s.permissions.includes(p) ? ' on' : ''}`,
          title: `${p}: ${s.permissions.includes(p) ? 'yes' : 'no'}` }, p)), other),
        el('td', { class: 'val', title: 'raw value in the token' }, s.value)));
    }
    box.append(el('table', { class: 'scopes' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Scope'), el('th', {}, 'Token key'),
        el('th', {}, 'Permissions'), el('th', { style: 'text-align:right' }, 'Value'))),
      tbody));
  } else {
    box.append(el('p', { class: 'muted' }, 'The token grants no access at all.'));
  }
  if (none.length) {
    box.append(el('p', { class: 'noaccess' },
      el('span', { class: 'label' }, `No access (${none.length}):`), ' ',
      none.map(([key, s]) => el('span', { class: 'scope-chip', 'data-scope-key': key, 'data-permissions': '', title: `${key} = 0` }, s.name))));
  }
}

function setToken(raw) {
  const token = raw.trim().replace(/^bearer\s+/i, '');
  state.token = token;
  state.info = null;
  state.access = new Map();
  const errBox = $('token-error');
  errBox.hidden = true;
  errBox.replaceChildren();
  $('token-empty').hidden = token !== '';

  if (token) {
    try {
      state.info = decodeToken(token);
      for (const op of ops) state.access.set(op.key, checkAccess(token, op.name));
    } catch (e) {
      state.info = null;
      state.access = new Map();
      errBox.hidden = false;
      errBox.append(el('strong', {}, 'This token cannot be read.'), safeMessage(e, token));
    }
  }
  renderSummary();
  renderAccess();
  renderFilter();
  renderChoice();
}

// ---- choice, minimal token, audit ----
function grantItem(g) {
  return el('li', { 'data-key': g.key, title: `token key ${g.key}` },
    el('span', { class: 'gname' }, g.name), ': ',
    el('span', { class: 'gperm' }, g.permissions.length
      ? g.permissions.join(', ')
      : 'all of it (a value that is not Create / Read / Update / Delete)'));
}

function opList(names, describe) {
  return el('ul', {}, names.map((n) => el('li', {}, el('code', {}, n), describe ? describe(n) : null)));
}

function renderChoice() {
  const chosenOps = ops.filter((op) => state.chosen.has(op.key));
  const names = [...new Set(chosenOps.map((op) => op.name))];
  for (const { checkbox, tr, op } of rows.values()) {
    const on = state.chosen.has(op.key);
    checkbox.checked = on;
    tr.classList.toggle('is-chosen', on);
  }
  $('chosen-count').textContent = names.length;
  $('chosen-empty').hidden = names.length > 0;
  $('chosen-list').replaceChildren(...names.map((n) => el('li', {}, n)));

  // Minimal token.
  const minList = $('minimal-list');
  const unknownBox = $('minimal-unknown');
  const lede = $('minimal-lede');
  unknownBox.hidden = true;
  unknownBox.replaceChildren();
  if (names.length === 0) {
    lede.textContent = 'Choose operations to see the smallest token that allows them.';
    minList.replaceChildren();
  } else {
    const min = minimalScopes(names);
    lede.textContent = min.scopes.length
      ? 'On the token screen, tick only:'
      : 'No scope is known to be needed.';
    minList.replaceChildren(...min.scopes.map(grantItem));
    if (min.unknown.length) {
      const byName = new Map(chosenOps.map((op) => [op.name, op]));
      unknownBox.hidden = false;
      unknownBox.append(el('strong', {}, `Requirement unknown for ${min.unknown.length}:`),
        ' size the token for these by hand.',
        opList(min.unknown, (n) => {
          const req = byName.get(n)?.requirement;
          return req?.name ? ` — needs ${req.name}: ${req.permission}, no token key known` : ' — the spec says nothing';
        }));
    }
  }

  // Audit of the pasted token.
  const auditList = $('audit-list');
  const auditLede = $('audit-lede');
  const deniedBox = $('audit-denied');
  deniedBox.hidden = true;
  deniedBox.replaceChildren();
  auditList.replaceChildren();
  if (!state.info) {
    auditLede.textContent = 'Paste a token to compare it with the minimal one.';
  } else if (names.length === 0) {
    auditLede.textContent = 'Choose operations to see what the token holds beyond them.';
  } else {
    try {
      const audit = auditToken(state.token, names);
      auditLede.textContent = audit.extra.length
        ? 'The token holds more than the chosen operations need:'
        : 'Nothing: the token holds no more than the chosen operations need.';
      auditList.replaceChildren(...audit.extra.map(grantItem));
    } catch (e) {
      auditLede.textContent = safeMessage(e, state.token);
    }
    const denied = names.filter((n) => chosenOps.some((op) => op.name === n && state.access.get(op.key)?.access === 'denied'));
    if (denied.length) {
      deniedBox.hidden = false;
      deniedBox.append(el('strong', {}, `The token cannot call ${denied.length} chosen operation${denied.length > 1 ? 's' : ''}:`),
        opList(denied));
    }
  }
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
