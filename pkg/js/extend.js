// What the package adds to the wasm bindings, once the wasm is instantiated (load.js
// calls `extend()` right after): the error classes, so `instanceof` works; every
// operation's method on its client class, each a call of the class's one wasm entry
// `__call(index, params, options)` with the operation's place in the class's
// descriptor table (the names come from that table, `__methods()`, the classes from
// the generated `classes.js`; the types from the `.d.ts`), whose task `drive` runs;
// and `next()` and `Symbol.asyncIterator` on the iterators of `client.pages()` /
// `client.iterate()`.
import * as errors from './errors.js';
import * as classes from './classes.js';
import * as glue from './xano_meta.js';
import { __freedError, __methods, __registerErrorClasses, PageIterator } from './xano_meta.js';

// The build bundles the package's JS and shortens the names of its top-level classes
// and functions (xtask build.rs, `bundle`); those the glue exports are the package's API
// (`XanoClient.name`, `decodeToken.name`), so each gets its own name back when the module
// is evaluated, before any entry exports it (the error classes in errors.js), rather than
// by the bundler's `--keep-names`, which names every function of the glue and cost 0.5 KB
// gzipped.
for (const [name, value] of Object.entries(glue)) {
  if (typeof value === 'function') Object.defineProperty(value, 'name', { value: name, configurable: true });
}

export function extend() {
  __registerErrorClasses(errors);
  guardFreed(PageIterator, 'PageIterator');
  for (const [cls, names] of __methods()) {
    guardFreed(classes[cls], cls);
    const prototype = classes[cls].prototype;
    // V8 keeps a class's prototype in its fast layout, where each property added
    // copies the layout so far: 222 of them took 2-3 ms of the import in Node. A
    // property added and deleted first turns the prototype into a hash table, where
    // each is one insert (0.2 ms); calls through the methods measured as fast as before.
    prototype.__layout = 0;
    delete prototype.__layout;
    (names ? names.split(' ') : []).forEach((name, index) => {
      // A method, as a class body would define it: named, not enumerable. The call
      // site's stack is taken now, while the caller's frames are still on it, and
      // given to the error if the call fails (the wasm builds errors later, from
      // the event loop, where no caller frame is left).
      const method = {
        async [name](params, options) {
          const site = new Error(); // its stack is read (formatted) only if the call fails
          try {
            return await drive(this.__call(index, params, options));
          } catch (error) {
            throw withCallSite(error, site);
          }
        },
      }[name];
      Object.defineProperty(prototype, name, { value: method, writable: true, configurable: true });
    });
  }
  PageIterator.prototype.next = function () {
    const site = new Error(); // as in a method: the caller's frames, for a failure
    const run = () => drive(this.__next()).catch((error) => {
      throw withCallSite(error, site);
    });
    // Each next() starts once the one before has settled, as an async generator's
    // do: `Promise.all([it.next(), it.next()])` gets two pages (the wasm refuses a
    // second page call while one is in flight).
    const next = (queues.get(this) ?? Promise.resolve()).then(run, run);
    queues.set(this, next.then(settled, settled));
    return next;
  };
  PageIterator.prototype[Symbol.asyncIterator] = function () {
    return this;
  };
}

/**
 * Makes `free()` (and `Symbol.dispose`) of a wasm-bindgen class idempotent, and every
 * other member of its instances, once freed, throw the wasm's `XanoConfigError` saying
 * so: the glue would pass the freed object's null pointer into the wasm, which throws a
 * bare "null pointer passed to rust" (free() twice too). The methods installed below
 * call `__call` or `__next`, so they are guarded through them.
 */
function guardFreed(cls, name) {
  const prototype = cls.prototype;
  for (const key of Object.getOwnPropertyNames(prototype)) {
    const property = Object.getOwnPropertyDescriptor(prototype, key);
    const member = property.get ?? property.value;
    if (key === 'constructor' || key === '__destroy_into_raw' || typeof member !== 'function') continue;
    property[property.get ? 'get' : 'value'] = function (a, b, c) {
      if (this.__wbg_ptr !== 0) return member.call(this, a, b, c);
      if (key !== 'free') throw __freedError(name);
    };
    Object.defineProperty(prototype, key, property);
  }
  if (Symbol.dispose) prototype[Symbol.dispose] = prototype.free;
}

/** The last `next()` of each page iterator, which the next one waits for. */
const queues = new WeakMap();
const settled = () => {};

/**
 * Runs a task of the wasm (a call, or an iterator's `next()`) to its end: the task does
 * all it can up to a wait and gives the promise to wait on; this awaits it and resumes
 * the task with how it settled, until the task is done. Every decision stays in the
 * wasm (pkg/src/task.rs); this is the only place that awaits.
 */
async function drive(task) {
  try {
    let ok = true;
    let value;
    for (;;) {
      value = task.resume(ok, value);
      if (task.done) return value;
      try {
        value = await value;
        ok = true;
      } catch (error) {
        value = error;
        ok = false;
      }
    }
  } finally {
    task.free();
  }
}

/** `error` with the frames of the code that made the call (`site` was made in the method). */
function withCallSite(error, site) {
  const stack = site.stack;
  if (error instanceof Error && typeof stack === 'string') {
    const lines = stack.split('\n');
    // V8 and JavaScriptCore head a stack with the error's name; SpiderMonkey does not.
    if (lines[0].startsWith('Error')) lines.shift();
    // Without the method's own frame: the first is where the caller called it.
    error.stack = `${error.name}: ${error.message}\n${lines.slice(1).join('\n')}`;
  }
  return error;
}
