//! The scope functions JS gets: `decodeToken`, `checkAccess`, `minimalScopes`,
//! `auditToken`; and the check every client call makes before sending.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use xano_meta_runtime::auth::Token;
use xano_meta_runtime::descriptor::Operation;
use xano_meta_runtime::scope::{
    self, Access, Decision, Grant, Permissions, Source, TokenClaims, TokenError,
};
use xano_meta_runtime::Error;

use crate::introspect;
use crate::js_error::to_js;
use crate::js_input::{set, text_argument};

#[wasm_bindgen(typescript_custom_section)]
const SCOPE_TYPES: &'static str = r#"
/** A permission, as Xano's token screen names it. */
export type Permission = "Create" | "Read" | "Update" | "Delete";

/**
 * What kind of token: "metadata", a Metadata API access token (audience `xano:meta`, a
 * CRUD scope map); "oauth", an OAuth access token from Xano's login (header `typ: at+jwt`,
 * audience the instance origin, a space-separated `scope` string); "jwt", another JWT.
 */
export type TokenKind = "metadata" | "oauth" | "jwt";

/** What `decodeToken` reads from a token (without its key: the signature is not checked). */
export interface TokenInfo {
  kind: TokenKind;
  /** `kind === "metadata"`. */
  isMetadataToken: boolean;
  /** `aud`: "xano:meta" for Metadata API tokens, the instance origin for OAuth ones. */
  audience: string | null;
  issuedAt: number | null;
  /** `nbf`, Unix seconds: the token is not valid before it. */
  notBefore: number | null;
  /**
   * When the token stops working, Unix seconds: the earlier of the standard `exp` and
   * Xano's `expires_at`; null when it gives neither (older Metadata API tokens).
   */
  expiresAt: number | null;
  /** `expires_at` as written in the token. */
  expiresAtText: string | null;
  /** The standard `exp` claim, Unix seconds. */
  exp: number | null;
  expired: boolean;
  /** `nbf` is more than a minute ahead of this machine's clock: not usable yet. */
  notYetValid: boolean;
  /**
   * Scope key → what it holds (the CRUD map of a Metadata API token). Keys absent here
   * hold no access. `name` is the token screen's; null for a key this package does not know.
   */
  scopes: { [key: string]: { name: string | null; value: number; permissions: Permission[] } };
  /**
   * The words of the space-separated `scope` claim (OAuth access tokens), as written. No
   * public source maps them to the CRUD scopes, so checks of such a token answer "unknown".
   */
  scopeWords: string[];
}

/** Where a requirement comes from. */
export interface Requirement {
  source: "declared" | "inferred" | "unknown";
  /** Token key, e.g. "workspace:database"; null when not known. */
  key: string | null;
  /**
   * The scope's name as Xano's token screen writes it (e.g. "Workspace API Groups"); the
   * spec's raw text is `operations()[i].scope`.
   */
  name: string | null;
  permission: Permission | null;
  /**
   * Why it is inferred (source "inferred"): the package's rule from the path and method,
   * or the public source that names the token key; else null.
   */
  inferredFrom: string | null;
}

/** The answer of `checkAccess`. */
export interface AccessCheck {
  access: "allowed" | "denied" | "unknown";
  operation: string;
  requirement: Requirement;
  /** What the token holds on the required scope; null when the scope was not checked. */
  held: Permission[] | null;
  expired: boolean;
  /** The token's `nbf` is still ahead: denied whatever the call. */
  notYetValid: boolean;
  reason: string;
}

/** `tokenReport`'s answer: the token decoded once, and every operation checked. */
export interface TokenReport {
  token: TokenInfo;
  /** One per operation, in the order of `operations()`. */
  access: AccessCheck[];
}

/** One scope of a token, in the token screen's words. */
export interface ScopeGrant {
  key: string;
  /** The token screen's name; null for a key this package does not know (show `key`). */
  name: string | null;
  permissions: Permission[];
  /**
   * The scope value's bits, as a token writes them: also those none of the four
   * permissions explain (16, on `tenant_center:*` keys), which `permissions` leaves out.
   */
  value: number;
  /**
   * The public source that names this key, when no token seen so far carries it (an
   * inference: "instance:workspace"); null for a key seen in Xano's tokens or unknown.
   */
  inferredFrom: string | null;
}

/** The smallest token for a set of operations. */
export interface MinimalScopes {
  scopes: ScopeGrant[];
  /** Operations whose requirement is unknown: no token can be sized for them. */
  unknown: string[];
}

/** What a token holds beyond the minimum for a set of operations. */
export interface TokenAudit extends MinimalScopes {
  /**
   * Permissions to untick on the token screen; null when the token is not a Metadata
   * API token (it has no scope map to compare).
   */
  extra: ScopeGrant[] | null;
}
"#;

/// Now, in Unix seconds.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The claims of the `token` argument of a scope function.
fn claims_of(token: &JsValue) -> Result<TokenClaims, JsValue> {
    let token = text_argument(token, "token", "a token").map_err(to_js)?;
    scope::decode_token(&token).map_err(|e| to_js(Error::Token(e)))
}

/// Decodes a token's payload: its scopes, audience, dates and expiry.
#[wasm_bindgen(js_name = decodeToken, unchecked_return_type = "TokenInfo")]
pub fn decode_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(token_info(&claims_of(&token)?).into())
}

/// The token decoded once, and every operation checked against it (in the order of
/// `operations()`): what a page showing the whole matrix needs on each change.
#[wasm_bindgen(js_name = tokenReport, unchecked_return_type = "TokenReport")]
pub fn token_report(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
) -> Result<JsValue, JsValue> {
    let claims = claims_of(&token)?;
    let now = now();
    let access: Array = introspect::all()
        .map(|op| JsValue::from(decision_object(op, &scope::check(&claims, op, now))))
        .collect();
    let report = Object::new();
    set(&report, "token", token_info(&claims).into());
    set(&report, "access", access.into());
    Ok(report.into())
}

/// Whether `token` allows the operation named `operation` (its JS name).
#[wasm_bindgen(js_name = checkAccess, unchecked_return_type = "AccessCheck")]
pub fn check_access(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AnyOperationName")] operation: JsValue,
) -> Result<JsValue, JsValue> {
    let op = find_operation(
        &text_argument(&operation, "operation", "an operation's name").map_err(to_js)?,
    )?;
    let claims = claims_of(&token)?;
    Ok(decision_object(op, &scope::check(&claims, op, now())).into())
}

/// The smallest set of scopes that allows every named operation.
#[wasm_bindgen(js_name = minimalScopes, unchecked_return_type = "MinimalScopes")]
pub fn minimal_scopes(
    #[wasm_bindgen(unchecked_param_type = "AnyOperationName[]")] operations: JsValue,
) -> Result<JsValue, JsValue> {
    let ops = find_operations(&operations)?;
    let (grants, unknown) = scope::minimal_scopes(ops.iter().copied());
    Ok(minimal_object(&grants, &unknown).into())
}

/// What `token` holds beyond the minimum for the named operations.
#[wasm_bindgen(js_name = auditToken, unchecked_return_type = "TokenAudit")]
pub fn audit_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AnyOperationName[]")] operations: JsValue,
) -> Result<JsValue, JsValue> {
    let claims = claims_of(&token)?;
    let ops = find_operations(&operations)?;
    let (grants, unknown) = scope::minimal_scopes(ops.iter().copied());
    let result = minimal_object(&grants, &unknown);
    let extra = scope::audit(&claims, &grants).map_or(JsValue::NULL, |g| grants_array(&g).into());
    set(&result, "extra", extra);
    Ok(result.into())
}

/// What the client does before each call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeCheck {
    /// Refuse declared requirements the token lacks and unusable (expired, not yet
    /// valid) tokens; warn for inferred requirements.
    Default,
    /// `"enforce"`: refuse inferred requirements the token lacks too.
    Enforce,
    /// `"warn"`: send every call, with a `console.warn` for each the token cannot make.
    Warn,
    /// `"off"`: check nothing.
    Off,
}

impl ScopeCheck {
    /// The option's words, as JS spells them.
    pub const NAMES: &'static [&'static str] = &["enforce", "warn", "off"];

    /// Reads the `scopeCheck` option, which the client's option list has checked to be
    /// absent (the default) or one of [`ScopeCheck::NAMES`].
    pub fn parse(value: &JsValue) -> ScopeCheck {
        match value.as_string().as_deref() {
            Some("enforce") => ScopeCheck::Enforce,
            Some("warn") => ScopeCheck::Warn,
            Some("off") => ScopeCheck::Off,
            _ => ScopeCheck::Default,
        }
    }
}

/// The claims a client checks its calls against: none for an opaque token, which only
/// the server can judge. A JWT whose payload does not read as a Xano token's (a claim
/// of an unknown form) is not checked either, but says so once, in `console.warn`:
/// otherwise its expiry and scopes would go unchecked without a word.
pub fn claims_to_check(class: &str, mode: ScopeCheck, token: &Token) -> Option<TokenClaims> {
    match scope::decode_token(token.expose()) {
        Ok(claims) => Some(claims),
        Err(e @ TokenError::WrongShape(_)) if mode != ScopeCheck::Off => {
            let warning = format!(
                "xano-meta: {class}: calls are not checked against this token's scopes or \
                 expiry: {e}; the server still checks them (scopeCheck: \"off\" keeps this quiet)"
            );
            web_sys::console::warn_1(&JsValue::from_str(&warning));
            None
        }
        Err(_) => None,
    }
}

/// The check before a call: `Err` refuses it (nothing is sent); a warning goes to
/// `console.warn`. Undecodable tokens are not checked: only the server can judge them.
pub fn before_call(
    mode: ScopeCheck,
    claims: Option<&TokenClaims>,
    op: &'static Operation,
) -> Result<(), Error> {
    let Some(claims) = claims.filter(|_| mode != ScopeCheck::Off) else { return Ok(()) };
    let decision = scope::check(claims, op, now());
    if decision.access != Access::Denied {
        return Ok(());
    }
    let enforce = match mode {
        ScopeCheck::Enforce => true,
        ScopeCheck::Default => {
            decision.unusable() || decision.requirement.source == Source::Declared
        }
        ScopeCheck::Warn | ScopeCheck::Off => false,
    };
    if enforce {
        return Err(Error::Scope { operation: op, decision: Box::new(decision) });
    }
    let warning = format!(
        "xano-meta: {}: the token may not make this call: {}; sent anyway, as scopeCheck allows",
        op.js_name,
        decision.reason()
    );
    web_sys::console::warn_1(&JsValue::from_str(&warning));
    Ok(())
}

fn find_operation(name: &str) -> Result<&'static Operation, JsValue> {
    introspect::all().find(|op| op.js_name == name).ok_or_else(|| {
        to_js(Error::unknown_operation(name, introspect::all().map(|op| op.js_name)))
    })
}

fn find_operations(names: &JsValue) -> Result<Vec<&'static Operation>, JsValue> {
    if !Array::is_array(names) {
        return Err(to_js(Error::BadInput {
            field: "operations".to_owned(),
            problem: "must be an array of operation names".to_owned(),
        }));
    }
    Array::from(names)
        .iter()
        .map(|name| {
            name.as_string()
                .ok_or_else(|| {
                    to_js(Error::BadInput {
                        field: "operations".to_owned(),
                        problem: "must hold operation names (strings)".to_owned(),
                    })
                })
                .and_then(|n| find_operation(&n))
        })
        .collect()
}

fn token_info(claims: &TokenClaims) -> Object {
    let info = Object::new();
    let now = now();
    set(&info, "kind", claims.kind.as_str().into());
    set(&info, "isMetadataToken", claims.is_metadata_token().into());
    set(&info, "audience", opt_str(claims.audience.as_deref()));
    set(&info, "issuedAt", opt_num(claims.issued_at));
    set(&info, "notBefore", opt_num(claims.not_before));
    set(&info, "expiresAt", opt_num(claims.expiry()));
    set(&info, "expiresAtText", opt_str(claims.expires_at_text.as_deref()));
    set(&info, "exp", opt_num(claims.exp));
    set(&info, "expired", claims.is_expired(now).into());
    set(&info, "notYetValid", claims.is_not_yet_valid(now).into());
    let scopes = Object::new();
    for (key, permissions) in &claims.scopes {
        let entry = Object::new();
        set(&entry, "name", opt_str(scope::scope_by_key(key).map(|s| s.name)));
        set(&entry, "value", permissions.0.into());
        set(&entry, "permissions", permission_array(*permissions).into());
        set(&scopes, key, entry.into());
    }
    set(&info, "scopes", scopes.into());
    let words: Array = claims.scope_words.iter().map(|w| JsValue::from(w.as_str())).collect();
    set(&info, "scopeWords", words.into());
    info
}

/// A check's answer as a JS object (also the `ScopeError`'s details).
pub fn decision_object(op: &Operation, decision: &Decision) -> Object {
    let object = Object::new();
    set(&object, "access", decision.access.as_str().into());
    set(&object, "operation", op.js_name.into());
    set(&object, "requirement", requirement_object(&decision.requirement).into());
    set(&object, "held", held_value(decision));
    set(&object, "expired", decision.expired.into());
    set(&object, "notYetValid", decision.not_yet_valid.into());
    set(&object, "reason", decision.reason().into());
    object
}

/// An operation's requirement as a JS object (`operations()`, `checkAccess`).
pub fn requirement_object(r: &scope::Requirement) -> Object {
    let object = Object::new();
    set(&object, "source", r.source.as_str().into());
    set(&object, "key", opt_str(r.key));
    set(&object, "name", opt_str(r.name));
    set(&object, "permission", opt_str(r.permission.map(|p| p.as_str())));
    set(&object, "inferredFrom", opt_str(r.inferred_from()));
    object
}

fn minimal_object(grants: &[Grant], unknown: &[&Operation]) -> Object {
    let object = Object::new();
    set(&object, "scopes", grants_array(grants).into());
    set(
        &object,
        "unknown",
        unknown.iter().map(|op| JsValue::from(op.js_name)).collect::<Array>().into(),
    );
    object
}

fn grants_array(grants: &[Grant]) -> Array {
    grants
        .iter()
        .map(|g| {
            let object = Object::new();
            set(&object, "key", g.key.as_str().into());
            set(&object, "name", opt_str(g.name()));
            set(&object, "permissions", permission_array(g.permissions).into());
            set(&object, "value", g.permissions.0.into());
            set(&object, "inferredFrom", opt_str(g.inferred_from()));
            JsValue::from(object)
        })
        .collect()
}

/// What the token holds on the required scope, as `checkAccess` and `XanoScopeError`
/// both say it: the permissions, or `null` when the scope was not checked.
pub fn held_value(decision: &Decision) -> JsValue {
    decision.held.map_or(JsValue::NULL, |h| permission_array(h).into())
}

fn permission_array(permissions: Permissions) -> Array {
    permissions.list().into_iter().map(|p| JsValue::from(p.as_str())).collect()
}

fn opt_str(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from)
}

fn opt_num(value: Option<i64>) -> JsValue {
    value.map_or(JsValue::NULL, |n| JsValue::from(n as f64))
}
