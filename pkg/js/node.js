// Entry for Node and Bun (conditions `node`, `bun`; ESM, no flags): instantiates the wasm
// module synchronously on import, from the `.wasm` file beside this one.
import { readFileSync } from 'node:fs';
import { instantiateSync } from './load.js';

export const ready = instantiateSync(readFileSync(new URL('./xano_meta_bg.wasm', import.meta.url)));

// The build narrows this to the glue's public exports (xtask build.rs, narrow_exports).
export * from './xano_meta.js';
export * from './errors.js';
