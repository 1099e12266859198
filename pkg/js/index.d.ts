// Types of both entries (browser.js and node.js): the same API.
export * from './xano_meta.js';
export * from './errors.js';
