// Entry `xano-meta/lazy` for service workers (a Manifest V3 extension's background, or any
// worker where top-level await is not allowed): nothing here awaits at the top level and
// nothing is imported with import() (service workers forbid both). The wasm module starts
// loading as soon as this module is evaluated; await `ready` before the first call:
//
//   import { ready, XanoClient } from 'xano-meta/lazy';
//   chrome.runtime.onMessage.addListener((msg, sender, reply) => {
//     ready.then(() => new XanoClient({ baseUrl, token }).getWorkspaceTable({ workspace_id: 1 }))
//       .then(reply);
//     return true;
//   });
//
// In Node, Bun, Deno and workerd `xano-meta/lazy` resolves to that runtime's entry, which
// exports the same `ready` (already resolved), so such code runs there unchanged.
import { instantiate } from './load.js';

/** Resolves once the wasm module is instantiated. */
export const ready = instantiate(new URL('./xano_meta_bg.wasm', import.meta.url));

// The build narrows this to the glue's public exports (xtask build.rs, narrow_exports).
export * from './xano_meta.js';
export * from './errors.js';
