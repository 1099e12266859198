// Smoke check of a browser bundle built by bench.mjs: runs it in Node against the
// benchmark's loopback server, so a size is only reported for an app that really makes
// its three calls.
//
//   node tests/bench/run-bundle.mjs <bundle.mjs> <baseUrl>
//
// The app reads `globalThis.BENCH_BASE_URL` / `BENCH_TOKEN` and leaves its three answers
// in `globalThis.BENCH_RESULT`, printed here as one JSON line. A browser bundle fetches
// its assets (xano-meta's `.wasm`, next to the bundle) by URL; Node's fetch cannot read
// `file:` URLs, so this script answers those from disk, as a static host would.

import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [bundle, base] = process.argv.slice(2);
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  if (url.startsWith('file:')) {
    const type = url.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
    return new Response(await readFile(fileURLToPath(url)), { headers: { 'content-type': type } });
  }
  return realFetch(input, init);
};
globalThis.BENCH_BASE_URL = base;
globalThis.BENCH_TOKEN = 'bench-token';
await import(pathToFileURL(resolve(bundle)).href);
process.stdout.write(`${JSON.stringify(globalThis.BENCH_RESULT)}\n`);
