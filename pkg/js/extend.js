// What the package adds to the wasm bindings, once the wasm is instantiated (load.js
// calls `extend()` right after): the error classes, so `instanceof` works; every
// operation's method on its client class, each a call of the class's one wasm
// entry `__call(index, params, options)` with the operation's place in the class's
// descriptor table (the names come from that table, `__methods()`, the classes from
// the generated `classes.js`; the types from the `.d.ts`); and `Symbol.asyncIterator` on the iterators of `client.pages()` /
// `client.iterate()`.
import * as errors from './errors.js';
import * as classes from './classes.js';
import { __methods, __registerErrorClasses, PageIterator } from './xano_meta.js';

export function extend() {
  __registerErrorClasses(errors);
  for (const [cls, names] of __methods()) {
    const prototype = classes[cls].prototype;
    names.forEach((name, index) => {
      // A method, as a class body would define it: named, not enumerable.
      const method = { [name](params, options) { return this.__call(index, params, options); } }[name];
      Object.defineProperty(prototype, name, { value: method, writable: true, configurable: true });
    });
  }
  PageIterator.prototype[Symbol.asyncIterator] = function () {
    return this;
  };
}
