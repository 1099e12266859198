// Runs one peer generator on the spec, in a process of its own (bench.mjs spawns it, so
// neither generator's modules nor its garbage end up in the process that times calls).
//
//   node tests/bench/generate.mjs openapi-typescript <tools> <spec> <out.d.ts> <runs>
//   node tests/bench/generate.mjs hey-api            <tools> <spec> <outDir>
//
// Prints one JSON line: {tool, version, runsMs: [...], repairMs: [...], outBytes}.
//
// Both peers crash on Xano's spec as it is: it puts `required: true|false` on properties
// (Swagger 2 / JSON Schema draft 3 style; OpenAPI 3.0 wants a list on the parent), and
// both call `required.includes(...)`. `repair` reads it the way xano-meta's generator does
// (codegen/src/parse.rs `repair`): each boolean flag moves into the parent's `required`
// list. The repair is inside the timed region: a user of either peer would need it too.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

/** Moves `required: true|false` on properties into the parent's `required` list, in place. */
export function repair(json) {
  if (Array.isArray(json)) {
    for (const v of json) repair(v);
    return json;
  }
  if (json && typeof json === 'object') {
    const props = json.properties;
    if (props && typeof props === 'object' && !Array.isArray(props)) {
      const required = [];
      for (const [name, p] of Object.entries(props)) {
        if (p && typeof p === 'object' && typeof p.required === 'boolean') {
          if (p.required) required.push(name);
          delete p.required;
        }
      }
      if (required.length) {
        const list = Array.isArray(json.required) ? json.required : (json.required = []);
        for (const name of required) if (!list.includes(name)) list.push(name);
      }
    }
    for (const v of Object.values(json)) repair(v);
  }
  return json;
}

/** The ESM entry of a package installed in `tools` (a node_modules folder), as a file URL. */
export function packageEntry(tools, name) {
  const dir = join(tools, name);
  const pj = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  let e = pj.exports && typeof pj.exports === 'object' && '.' in pj.exports ? pj.exports['.'] : pj.exports;
  while (e && typeof e === 'object') e = e.import ?? e.default ?? e.node;
  return pathToFileURL(join(dir, e || pj.module || pj.main || 'index.js')).href;
}

export function packageVersion(tools, name) {
  return JSON.parse(readFileSync(join(tools, name, 'package.json'), 'utf8')).version;
}

async function openapiTypescript(tools, spec, out, runs) {
  const { default: openapiTS, astToString } = await import(packageEntry(tools, 'openapi-typescript'));
  const text = readFileSync(spec, 'utf8');
  const runsMs = [];
  const repairMs = [];
  let output = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const doc = repair(JSON.parse(text));
    const t1 = performance.now();
    output = astToString(await openapiTS(doc));
    runsMs.push(performance.now() - t0);
    repairMs.push(t1 - t0);
  }
  writeFileSync(out, output);
  return { tool: 'openapi-typescript', version: packageVersion(tools, 'openapi-typescript'), runsMs, repairMs, outBytes: Buffer.byteLength(output) };
}

async function heyApi(tools, spec, outDir) {
  const { createClient } = await import(packageEntry(tools, '@hey-api/openapi-ts'));
  mkdirSync(outDir, { recursive: true });
  const text = readFileSync(spec, 'utf8');
  const t0 = performance.now();
  const doc = repair(JSON.parse(text));
  const t1 = performance.now();
  await createClient({
    input: doc,
    output: { path: outDir },
    // The fetch client, its types and the SDK functions (the defaults, spelled out).
    plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
    logs: { level: 'silent', file: false },
  });
  const ms = performance.now() - t0;
  return { tool: '@hey-api/openapi-ts', version: packageVersion(tools, '@hey-api/openapi-ts'), runsMs: [ms], repairMs: [t1 - t0] };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [tool, tools, spec, out, runs] = process.argv.slice(2);
  const result = tool === 'openapi-typescript'
    ? await openapiTypescript(tools, spec, out, Number(runs || 1))
    : tool === 'hey-api'
      ? await heyApi(tools, spec, out)
      : (() => { throw new Error(`unknown tool ${tool}`); })();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
