// Entry for Node (ESM, no flags): instantiates the wasm module once, synchronously,
// from the `.wasm` file beside this one.
import { readFileSync } from 'node:fs';
import { initSync } from './xano_meta.js';
import { extend } from './extend.js';

initSync({ module: readFileSync(new URL('./xano_meta_bg.wasm', import.meta.url)) });
extend();

export * from './xano_meta.js';
export * from './errors.js';
