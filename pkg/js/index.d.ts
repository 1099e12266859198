// Types of every entry (browser.js, node.js, workerd.js, deno.js, lazy.js): the same API.
export * from './xano_meta.js';
export * from './errors.js';

/**
 * Resolves once the wasm module is instantiated. It has already resolved when `xano-meta`
 * is imported (the entries instantiate on import); `xano-meta/lazy`, the service-worker
 * entry, starts loading on import, and nothing of the package may be called before it has
 * resolved.
 */
export declare const ready: Promise<void>;
