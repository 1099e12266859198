// Entry for Node and Bun (conditions `node`, `bun`; ESM, no flags): instantiates the wasm
// module synchronously on import, from the `.wasm` file beside this one.
import { createRequire } from 'node:module';
import { instantiateSync } from './load.js';

// `fs` as `process.getBuiltinModule` gives it (Node 20.16+ and 22.3+, Bun): `import` of
// `node:fs` builds the ES module namespace of all of `fs`'s exports, which took 1.2–1.7 ms
// of the package's 11–13 ms cold import in Node 20 (`node:module`'s takes about 0.2 ms).
// No top-level await, so that `require('xano-meta')` (Node 22.12+) keeps working.
const { readFileSync } = process.getBuiltinModule?.('node:fs') ?? createRequire(import.meta.url)('node:fs');

export const ready = instantiateSync(readFileSync(new URL('./xano_meta_bg.wasm', import.meta.url)));

// The build narrows this to the glue's public exports (xtask build.rs, narrow_exports).
export * from './xano_meta.js';
export * from './errors.js';
