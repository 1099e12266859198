// Entry for browsers, web workers, extensions and bundlers: instantiates the wasm
// module once, when this module is first imported (top-level await), fetching the
// `.wasm` that sits beside this file.
import init from './xano_meta.js';

await init({ module_or_path: new URL('./xano_meta_bg.wasm', import.meta.url) });
await import('./extend.js');

export * from './xano_meta.js';
export * from './errors.js';
