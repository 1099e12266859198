/** Every error the package raises. `operation` is the JS method name (or null); `attempts` is 0 when nothing was sent. */
export class XanoError extends Error {
  operation: string | null;
  attempts: number;
}
/** A bad argument; nothing was sent. */
export class XanoArgumentError extends XanoError {
  /** The parameter or body field at fault, e.g. "workspace_id" or "body.name". */
  field: string;
}
/** Bad client options (thrown by the constructor). */
export class XanoConfigError extends XanoError {}
/** The token cannot make the call (missing permission, or expired); nothing was sent. */
export class XanoScopeError extends XanoError {
  scope: string | null;
  scopeName: string | null;
  permission: "Create" | "Read" | "Update" | "Delete" | null;
  held: Array<"Create" | "Read" | "Update" | "Delete">;
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
  payload?: unknown;
}
/** 429 after the retries allowed. */
export class XanoRateLimitError extends XanoApiError {}
/** The request did not complete (refused, reset, CORS, DNS). */
export class XanoNetworkError extends XanoError {}
/** An attempt's timeout fired. */
export class XanoTimeoutError extends XanoError {
  timeoutMs: number;
}
/** The caller's AbortSignal aborted the call. */
export class XanoAbortError extends XanoError {}
/** A 2xx response whose body is not JSON. */
export class XanoDecodeError extends XanoError {}
