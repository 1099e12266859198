// Entry for Cloudflare Workers (condition `workerd`): the `.wasm` is imported as a module,
// as workerd and wrangler (its CompiledWasm rule) provide it: there is no file to read and
// `import.meta.url` is not a URL there. Instantiated synchronously on import.
import wasm from './xano_meta_bg.wasm';
import { instantiateSync } from './load.js';

export const ready = instantiateSync(wasm);

// The build narrows this to the glue's public exports (xtask build.rs, narrow_exports).
export * from './xano_meta.js';
export * from './errors.js';
