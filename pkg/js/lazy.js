// Entry for service workers (a Manifest V3 extension's background, or any worker where
// top-level await is not allowed): nothing here awaits at the top level and nothing is
// imported with import() (service workers forbid both). The wasm module starts loading
// as soon as this module is evaluated; await `ready` before the first call:
//
//   import { ready, XanoClient } from 'xano-meta/lazy';
//   chrome.runtime.onMessage.addListener((msg, sender, reply) => {
//     ready.then(() => new XanoClient({ baseUrl, token }).getWorkspaceTable({ workspace_id: 1 }))
//       .then(reply);
//     return true;
//   });
import init from './xano_meta.js';
import { extend } from './extend.js';

/** Resolves once the wasm module is instantiated. */
export const ready = init({ module_or_path: new URL('./xano_meta_bg.wasm', import.meta.url) }).then(extend);

export * from './xano_meta.js';
export * from './errors.js';
