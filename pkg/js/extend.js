// What the package adds to the wasm bindings, run once by each entry after the
// wasm is instantiated: the error classes (so `instanceof` works), and
// `Symbol.asyncIterator` on the iterators of `client.pages()` / `client.iterate()`.
import * as errors from './errors.js';
import { __registerErrorClasses, PageIterator } from './xano_meta.js';

__registerErrorClasses(errors);

PageIterator.prototype[Symbol.asyncIterator] = function () {
  return this;
};
