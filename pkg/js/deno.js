// Entry for Deno (condition `deno`): the `.wasm` is imported as a compiled module (a source
// phase import), which needs no `--allow-read`, and instantiated synchronously on import.
import source wasm from './xano_meta_bg.wasm';
import { instantiateSync } from './load.js';

export const ready = instantiateSync(wasm);

// The build narrows this to the glue's public exports (xtask build.rs, narrow_exports).
export * from './xano_meta.js';
export * from './errors.js';
