// One side of download.test.mjs, in a process of its own so that its peak RSS is
// its own: streams the export at XANO_TEST_SERVER's workspace 70 either through raw
// `fetch` ("raw") or through the package's client with `parseAs: "stream"`
// ("package"), hashing chunk by chunk, and prints {bytes, sha256, maxRssKb}.
import { createHash } from 'node:crypto';
import { XanoClient } from 'xano-meta';

const [mode] = process.argv.slice(2);
const server = process.env.XANO_TEST_SERVER;
const token = 'synthetic-stream-token';
const url = `${server}/api:meta/workspace/70/export`;
const body = { branch: 'v1' };

let stream;
if (mode === 'raw') {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  stream = response.body;
} else if (mode === 'package') {
  const client = new XanoClient({ baseUrl: `${server}/api:meta`, token });
  stream = await client.postWorkspaceExport({ workspace_id: 70, body }, { parseAs: 'stream' });
} else {
  throw new Error(`mode must be raw or package, got ${mode}`);
}
const hash = createHash('sha256');
let bytes = 0;
for await (const chunk of stream) {
  hash.update(chunk);
  bytes += chunk.length;
}
process.stdout.write(JSON.stringify({ bytes, sha256: hash.digest('hex'), maxRssKb: process.resourceUsage().maxRSS }));
