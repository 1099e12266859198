// The error classes of xano-meta. The wasm module creates instances of these (the
// package's entry registers them), so `instanceof` works across the family:
//
//   XanoError
//   ├─ XanoArgumentError   a bad argument or operation name; nothing was sent (field, suggestion)
//   ├─ XanoConfigError     bad client options
//   ├─ XanoScopeError      the token cannot make the call; nothing sent (scope, permission, held, expired, reason)
//   ├─ XanoTokenError      not a readable Xano token
//   ├─ XanoApiError        a status other than 2xx                   (status, code, xanoMessage, payload, retryAfter)
//   │  └─ XanoRateLimitError   429, after the retries allowed
//   ├─ XanoNetworkError    the request did not complete              (host, cause)
//   ├─ XanoTimeoutError    an attempt's timeout fired                (timeoutMs)
//   ├─ XanoAbortError      the caller's AbortSignal aborted the call (cause: the signal's reason)
//   ├─ XanoDecodeError     a 2xx body that claims JSON and is not, or a page pointing back
//   └─ XanoPagingError     pages()/iterate() still had a next page after maxPages (maxPages)
//
// Every one has `operation`, `method` and `path` (or null) and `attempts` (0 when
// nothing was sent).

export class XanoError extends Error {}
export class XanoArgumentError extends XanoError {}
export class XanoConfigError extends XanoError {}
export class XanoScopeError extends XanoError {}
export class XanoTokenError extends XanoError {}
export class XanoApiError extends XanoError {}
export class XanoRateLimitError extends XanoApiError {}
export class XanoNetworkError extends XanoError {}
export class XanoTimeoutError extends XanoError {}
export class XanoAbortError extends XanoError {}
export class XanoDecodeError extends XanoError {}
export class XanoPagingError extends XanoError {}

for (const [name, cls] of Object.entries({
  XanoError, XanoArgumentError, XanoConfigError, XanoScopeError, XanoTokenError, XanoApiError,
  XanoRateLimitError, XanoNetworkError, XanoTimeoutError, XanoAbortError, XanoDecodeError,
  XanoPagingError,
})) {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  // The class's own name too: the build's bundler shortens the names of classes (see
  // extend.js).
  Object.defineProperty(cls, 'name', { value: name, configurable: true });
}
