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
      // A method, as a class body would define it: named, not enumerable. The call
      // site's stack is taken now, while the caller's frames are still on it, and
      // given to the error if the call fails (the wasm builds errors later, from
      // the event loop, where no caller frame is left).
      const method = {
        [name](params, options) {
          const site = callSite(method);
          return this.__call(index, params, options).catch((error) => {
            throw withCallSite(error, site);
          });
        },
      }[name];
      Object.defineProperty(prototype, name, { value: method, writable: true, configurable: true });
    });
  }
  PageIterator.prototype[Symbol.asyncIterator] = function () {
    return this;
  };
}

/** The stack at a call of `fn`, without `fn`'s own frame where the engine can leave it out. */
function callSite(fn) {
  const site = {};
  if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(site, fn); // V8: Node, Chromium, Deno, workerd
  else site.stack = new Error().stack; // JavaScriptCore (Bun, Safari), SpiderMonkey
  return site;
}

/** `error` with the frames of the call that made it. */
function withCallSite(error, site) {
  if (error instanceof Error && typeof site.stack === 'string') {
    // V8 heads a stack with "Error" (the captured object has no message); others do not.
    const frames = site.stack.startsWith('Error') ? site.stack.slice(site.stack.indexOf('\n') + 1) : site.stack;
    error.stack = `${error.name}: ${error.message}\n${frames}`;
  }
  return error;
}
