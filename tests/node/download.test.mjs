// A 300 MB workspace export streamed through the package (`parseAs: "stream"`) is
// never buffered: its peak RSS stays within 1.2x of raw `fetch` streaming the same
// answer in the same run, and what arrived hashes to what the server sent. Each side
// runs in its own process (stream-child.mjs), one after the other, so each peak is
// its own. Both processes import the package, so both carry its code and only the
// download differs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const server = process.env.XANO_TEST_SERVER;
assert.ok(server, 'XANO_TEST_SERVER is unset: run with `cargo xtask test`');
const PATH = '/api:meta/workspace/70/export';
const BYTES = 300_000_000;
const child = fileURLToPath(new URL('./stream-child.mjs', import.meta.url));

async function control(route, body) {
  const response = await fetch(`${server}${route}`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(response.status, 200, route);
}

function run(mode) {
  const out = execFileSync(process.execPath, [child, mode], {
    env: { ...process.env, XANO_TEST_SERVER: server },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.toString('utf8'));
}

test('a 300 MB export streams through the client in bounded memory, intact', async () => {
  await control('/__downloads', { path: PATH, bytes: BYTES });
  const raw = run('raw');
  const pkg = run('package');
  await control('/__downloads', { path: PATH, bytes: null });
  const records = (await (await fetch(`${server}/__received`)).json()).filter((r) => r.path === PATH);
  assert.equal(records.length, 2);
  const [rawSent, pkgSent] = records.map((r) => r.sent);
  assert.deepEqual([raw.bytes, pkg.bytes], [BYTES, BYTES]);
  assert.equal(raw.sha256, rawSent.sha256);
  assert.equal(pkg.sha256, pkgSent.sha256, 'what arrived through the client is what was sent');
  const ratio = pkg.maxRssKb / raw.maxRssKb;
  console.log(`300 MB stream: peak RSS ${(pkg.maxRssKb / 1024).toFixed(1)} MB through the client, ${(raw.maxRssKb / 1024).toFixed(1)} MB raw fetch: ${ratio.toFixed(2)}x`);
  assert.ok(ratio <= 1.2, `peak RSS ${ratio.toFixed(2)}x raw fetch's (limit 1.2x)`);
});
