// The one place the wasm module is instantiated, once per realm. A realm evaluates a
// module once: the browser entries share this module through the build's one `core.js`
// (a page may import both `xano-meta` and `xano-meta/lazy`), and every other runtime
// resolves both to its one entry, bundled whole (xtask build.rs, `bundle`). Each entry
// only says where its runtime gets the wasm from.
import init, { initSync } from './xano_meta.js';
import { extend } from './extend.js';

let ready;

/**
 * Instantiates now, from a `WebAssembly.Module` (workerd, Deno: the `.wasm` imported as a
 * module) or the `.wasm` file's bytes (Node, Bun). Returns the realm's `ready`.
 */
export function instantiateSync(module) {
  if (ready === undefined) {
    initSync({ module });
    extend();
    ready = Promise.resolve();
  }
  return ready;
}

/** Starts instantiating from the `.wasm`'s URL (fetched; browsers). Returns the realm's `ready`. */
export function instantiate(url) {
  ready ??= init({ module_or_path: url }).then(extend);
  return ready;
}
