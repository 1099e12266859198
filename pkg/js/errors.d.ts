/** Every error the package raises; its message names the operation and its `METHOD path`. */
export class XanoError extends Error {
  /** The JS method name of the operation, or null. */
  operation: string | null;
  /** The operation's HTTP method, or null. */
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | null;
  /** The operation's path template, e.g. "/workspace/{workspace_id}/table", or null. */
  path: string | null;
  /**
   * Attempts the failed request made; 0 when nothing was sent, or when no request
   * failed: a walk that `pages()`/`iterate()` stopped after its pages were received
   * (`XanoPagingError`, a `nextPage` that points back).
   */
  attempts: number;
}
/** A bad argument, or a name no operation has; nothing was sent. */
export class XanoArgumentError extends XanoError {
  /** The parameter or body field at fault, e.g. "workspace_id" or "body.name"; "operation" for an unknown operation name. */
  field: string;
  /** For an unknown operation name: the nearest real one, or null. */
  suggestion?: string | null;
}
/** Bad client options (thrown by the constructor), or a client or page iterator used after its `free()`. */
export class XanoConfigError extends XanoError {}
/** The token cannot make the call (missing permission, or expired); nothing was sent. */
export class XanoScopeError extends XanoError {
  scope: string | null;
  scopeName: string | null;
  permission: "Create" | "Read" | "Update" | "Delete" | null;
  /** What the token holds on the required scope; null when the scope was not checked (an expired or not yet valid token). */
  held: Array<"Create" | "Read" | "Update" | "Delete"> | null;
  source: "declared" | "inferred" | "unknown";
  expired: boolean;
  /** The token's `nbf` is still ahead: not usable yet, whatever the call. */
  notYetValid: boolean;
  reason: string;
}
/** Not a readable Xano token. */
export class XanoTokenError extends XanoError {}
/** The server answered with a status other than 2xx. */
export class XanoApiError extends XanoError {
  status: number;
  /** Xano's error code, e.g. "ERROR_CODE_NOT_FOUND", when the body had one. */
  code: string | null;
  xanoMessage: string;
  /**
   * The answer's whole JSON body, when it was JSON: for Xano's own errors
   * `{ code, message, payload? }`, so Xano's `payload` (e.g. the field an input error
   * names) is `error.payload.payload`.
   */
  payload?: unknown;
  /** The answer's `Retry-After` header (seconds or an HTTP date), or null. */
  retryAfter: string | null;
}
/** 429 after the retries allowed. */
export class XanoRateLimitError extends XanoApiError {}
/** The request did not complete (refused, reset, CORS, DNS), or its answer broke off. */
export class XanoNetworkError extends XanoError {
  /** The host the failed request went to, e.g. "x1.n7.xano.io": after a redirect, the one it led to, where the client or `fetch` tells it. */
  host: string;
  /** What the host's `fetch` threw (in Node its own `cause` names the system error, e.g. ECONNREFUSED). */
  cause?: unknown;
}
/** An attempt's timeout fired. */
export class XanoTimeoutError extends XanoError {
  timeoutMs: number;
}
/** The caller's AbortSignal aborted the call; `cause` is the signal's `reason`. */
export class XanoAbortError extends XanoError {
  cause?: unknown;
}
/**
 * A 2xx response whose body claims JSON (or was asked for as JSON) and is not; or, in
 * `pages()`/`iterate()`, a page that is not an object, or whose `nextPage` is neither
 * null nor a later page's number.
 */
export class XanoDecodeError extends XanoError {}
/** `pages()` / `iterate()` still had a next page after `maxPages` pages. */
export class XanoPagingError extends XanoError {
  maxPages: number;
}
