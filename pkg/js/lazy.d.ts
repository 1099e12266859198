// Types of the service-worker entry `xano-meta/lazy`: the package's API, `ready` included.
export * from './index.js';
