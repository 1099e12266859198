// Types of the service-worker entry (lazy.js): the package's API plus `ready`.
export * from './index.js';

/**
 * Resolves once the wasm module is instantiated (it starts loading when `xano-meta/lazy`
 * is imported). Nothing of the package may be called before it has resolved.
 */
export declare const ready: Promise<void>;
