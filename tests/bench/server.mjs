// The loopback server of the benchmark (tests/bench/bench.mjs spawns it as a child
// process, so its work does not share the measuring process's event loop).
//
//   node tests/bench/server.mjs [--large-bytes N]
//   -> prints "LISTENING http://127.0.0.1:<port>" once ready (the first line).
//
// Answers, whatever the auth header (the benchmark measures clients, not auth):
//   GET  .../content (any path ending in /content) -> a prebuilt page of table rows,
//        about --large-bytes long (default 5 MiB): {items:[...], curPage:1, nextPage:null, ...}
//   GET  /__stats         -> {"GET /path": n, ...}: requests counted since start (not counted)
//   GET  .../table/<n>    -> one table, {"id":7,...}
//   any other GET         -> a fixed small JSON page (a Xano table list)
//   POST/PUT/PATCH/DELETE -> drains the body, answers {"id":7,...} (a created table)
// Node 20 built-ins only. Stops on SIGTERM, or when its stdin closes (parent gone).

import { createServer } from 'node:http';

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const FIXED_TIME = 1735689600000;
const SMALL = Buffer.from(JSON.stringify({
  itemsReceived: 1, curPage: 1, nextPage: null, prevPage: null, offset: 0, perPage: 50,
  items: [{ id: 7, name: 'books', description: '', created_at: FIXED_TIME, updated_at: FIXED_TIME, auth: false, tag: [] }],
}));
const TABLE = Buffer.from(JSON.stringify({
  id: 7, name: 'books', description: '', created_at: FIXED_TIME, updated_at: FIXED_TIME, auth: false, tag: [],
}));
const CREATED = TABLE;

/** A page of table rows, Xano-shaped, at least `bytes` long. */
function largePage(bytes) {
  const row = (i) => ({
    id: i,
    created_at: FIXED_TIME + i * 1000,
    name: `row ${i}`,
    email: `user${i}@example.com`,
    description: 'A row of a benchmark table, with some text in it to look like real content.',
    price: Math.round((12.5 + (i % 97) * 1.25) * 100) / 100,
    quantity: i % 500,
    active: i % 3 !== 0,
    tags: ['alpha', i % 2 ? 'odd' : 'even'],
    meta: { score: (i % 10) / 10, ref: null, source: 'import' },
  });
  const perRow = JSON.stringify(row(100000)).length + 1;
  const n = Math.max(1, Math.ceil(bytes / perRow));
  const items = Array.from({ length: n }, (_, i) => row(i + 1));
  return Buffer.from(JSON.stringify({
    items, itemsReceived: n, curPage: 1, nextPage: null, prevPage: null, offset: 0, perPage: n, itemsTotal: n, pageTotal: 1,
  }));
}

const LARGE = largePage(Number(arg('--large-bytes', 5 * 1024 * 1024)));
const stats = {};

const server = createServer((req, res) => {
  const path = req.url.split('?')[0];
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  };
  if (path === '/__stats') return send(200, Buffer.from(JSON.stringify(stats)));
  const key = `${req.method} ${path}`;
  stats[key] = (stats[key] || 0) + 1;
  if (req.method === 'GET') return send(200, path.endsWith('/content') ? LARGE : /\/table\/\d+$/.test(path) ? TABLE : SMALL);
  req.resume();
  req.on('end', () => send(200, CREATED));
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING http://127.0.0.1:${server.address().port} ${LARGE.length}\n`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
