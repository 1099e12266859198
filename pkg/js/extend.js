// What the package adds to the wasm bindings, run once by each entry after the
// wasm is instantiated: the error classes, and paging (`pages`, `iterate`) on the
// clients. Which page comes next is decided in Rust (`__nextPage`).
import * as errors from './errors.js';
import { __registerErrorClasses, __nextPage, XanoClient, XanoAccountClient, operations } from './xano_meta.js';

__registerErrorClasses(errors);

/** Where each paged operation takes `page`: "query" or "body". */
let pageParams;
function pageParamOf(name) {
  pageParams ??= new Map(
    operations()
      .filter((op) => op.response === 'page')
      .map((op) => [op.name, op.params.some((p) => p.name === 'page') ? 'query' : op.body?.fields.some((f) => f.name === 'page') ? 'body' : null]),
  );
  if (!pageParams.has(name)) {
    throw new errors.XanoArgumentError(`${name} does not return Xano pages (see operations(): response "page"); it cannot be iterated`);
  }
  return pageParams.get(name);
}

async function* pages(client, name, params = {}, { maxPages = 1000, ...callOptions } = {}) {
  const where = pageParamOf(name);
  let page = (where === 'body' ? params.body?.page : params.page) ?? 1;
  for (let seen = 1; ; seen++) {
    const pageParams = where === 'body' ? { ...params, body: { ...params.body, page } } : where === 'query' ? { ...params, page } : params;
    const result = await client[name](pageParams, callOptions);
    yield result;
    const next = __nextPage(result?.nextPage ?? null, page, seen, maxPages);
    if (next === 'done') return;
    if (next === 'too-many') {
      throw new errors.XanoError(`${name}: stopped after maxPages (${maxPages}) pages; nextPage was still ${result.nextPage}`);
    }
    page = next;
  }
}

async function* items(client, name, params, options) {
  for await (const page of pages(client, name, params, options)) {
    yield* page?.items ?? [];
  }
}

for (const Client of [XanoClient, XanoAccountClient]) {
  Object.defineProperties(Client.prototype, {
    pages: { value(name, params, options) { return pages(this, name, params, options); }, writable: true, configurable: true },
    iterate: { value(name, params, options) { return items(this, name, params, options); }, writable: true, configurable: true },
  });
}
