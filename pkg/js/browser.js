// Entry for browsers, web workers, pages of extensions and bundlers (conditions `browser`,
// `default`): instantiates the wasm module when first imported, with top-level await,
// fetching the `.wasm` beside this file. Service workers forbid top-level await: they
// import `xano-meta/lazy` (lazy.js).
import { instantiate } from './load.js';

// The literal `new URL('…', import.meta.url)` is what bundlers (Vite) turn into an asset.
export const ready = instantiate(new URL('./xano_meta_bg.wasm', import.meta.url));
await ready;

// The build narrows this to the glue's public exports (xtask build.rs, narrow_exports).
export * from './xano_meta.js';
export * from './errors.js';
