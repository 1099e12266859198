// Entry for browsers, web workers, pages of extensions and bundlers: instantiates
// the wasm module once, when this module is first imported (top-level await),
// fetching the `.wasm` that sits beside this file. Service workers forbid top-level
// await: they use `xano-meta/lazy` (lazy.js).
import init from './xano_meta.js';
import { extend } from './extend.js';

await init({ module_or_path: new URL('./xano_meta_bg.wasm', import.meta.url) });
extend();

export * from './xano_meta.js';
export * from './errors.js';
