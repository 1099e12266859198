// What the package adds to the wasm bindings, once the wasm is instantiated (load.js
// calls `extend()` right after): the error classes, so `instanceof` works, and
// `Symbol.asyncIterator` on the iterators of `client.pages()` / `client.iterate()`.
import * as errors from './errors.js';
import { __registerErrorClasses, PageIterator } from './xano_meta.js';

export function extend() {
  __registerErrorClasses(errors);
  PageIterator.prototype[Symbol.asyncIterator] = function () {
    return this;
  };
}
