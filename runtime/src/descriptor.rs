//! Descriptions of operations: everything the runtime knows about each. The
//! generator writes them as compact text that [`table`](crate::table) decodes into
//! these types on first use.
//!
//! One table of these drives every request: the per-operation code the generator
//! emits is only data plus a one-line call, which keeps the wasm small (a typed
//! serde function per operation was measured at ~4.7 KB of wasm each).

/// Which of Xano's two Metadata APIs an operation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Api {
    /// `https://<instance>/api:meta`, called with an instance access token.
    Instance,
    /// [`ACCOUNT_BASE_URL`], called with a Personal Access Token.
    Account,
}

/// The account API's base URL (Xano's documentation), the same for every account:
/// the JS account client's default and the URL `cargo xtask regenerate --discover` asks.
pub const ACCOUNT_BASE_URL: &str = "https://app.xano.com/api:meta";

impl Api {
    /// The name used in `operations()` and the docs: `"instance"` or `"account"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Api::Instance => "instance",
            Api::Account => "account",
        }
    }
}

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`, safe to repeat (see [`retry`](crate::retry)).
    Get,
    /// `POST`, which may have acted even when the answer was lost.
    Post,
    /// `PUT`, safe to repeat.
    Put,
    /// `PATCH`, which may have acted even when the answer was lost.
    Patch,
    /// `DELETE`, safe to repeat.
    Delete,
}

impl Method {
    /// Upper-case method name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether sending it twice does what sending it once does (GET, PUT, DELETE):
    /// only these are retried after an error that may have come after Xano acted.
    pub fn is_repeatable(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// Substituted into the path template (`{workspace_id}`), percent-encoded.
    Path,
    /// Appended to the query string.
    Query,
    /// Sent as a request header (`x-data-source`).
    Header,
}

impl Location {
    /// The OpenAPI `in` value (`path`, `query`, `header`), as `operations()` shows it
    /// and the descriptor table spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        }
    }
}

/// The JSON type a parameter or top-level body field must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// A string.
    String,
    /// A number with no fractional part, within ±(2^53 − 1) (exact in JS).
    Integer,
    /// Any finite number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A file: `Blob`/`File`/`Uint8Array` from JS, bytes from Rust. Multipart only.
    Binary,
    /// An array; its items are not checked.
    Array,
    /// An object (not a file); its fields are not checked.
    Object,
    /// The spec says nothing usable: any value is accepted.
    Any,
}

impl ValueType {
    /// How the type is named in error messages and in `operations()`.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::String => "string",
            ValueType::Integer => "integer",
            ValueType::Number => "number",
            ValueType::Boolean => "boolean",
            ValueType::Binary => "binary",
            ValueType::Array => "array",
            ValueType::Object => "object",
            ValueType::Any => "any",
        }
    }
}

/// A path, query or header parameter.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The name in the spec, which is also the key in the JS params object.
    pub name: &'static str,
    /// Where it goes.
    pub location: Location,
    /// The type its value must have.
    pub ty: ValueType,
    /// Whether a call without it is refused before it is sent.
    pub required: bool,
    /// Allowed values when the spec gives an enum (empty: any value of `ty`).
    pub allowed: &'static [&'static str],
}

/// A top-level field of an object request body (JSON or multipart).
#[derive(Debug, Clone, Copy)]
pub struct BodyField {
    /// The field's key.
    pub name: &'static str,
    /// The type its value must have.
    pub ty: ValueType,
    /// Whether a body without it is refused before it is sent.
    pub required: bool,
    /// For a string field with an enum: the values it may take (empty: any).
    pub allowed: &'static [&'static str],
}

/// The request body an operation accepts: which media types are offered, and
/// the object form.
///
/// One definition for the runtime and the generator: a descriptor's object form
/// is its top-level fields as `&'static` data (the default `F`), the generator's
/// model (`xano_meta_codegen::model::Body`) holds the whole shape, owned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Body<F = &'static [BodyField]> {
    /// `application/json` of an object is offered.
    pub json: bool,
    /// `application/json` of a string is offered: a string body is sent JSON-encoded.
    pub json_string: bool,
    /// `multipart/form-data` is offered.
    pub multipart: bool,
    /// `text/x-xanoscript` is offered: the body may be a string of XanoScript.
    pub xanoscript: bool,
    /// The object form (JSON or multipart): in a descriptor its top-level fields,
    /// empty when unknown or when no object form is offered.
    pub object: F,
}

impl<F> Body<F> {
    /// Whether the object form is offered at all.
    pub fn takes_object(&self) -> bool {
        self.json || self.multipart
    }

    /// Whether a string body is accepted (XanoScript, or a JSON string).
    pub fn takes_string(&self) -> bool {
        self.xanoscript || self.json_string
    }

    /// Whether a body must be given, when `a_field_is_required` says whether the
    /// object form lists a required field: it must if the object form is offered
    /// and lists one, or if the body can only be a string.
    pub fn required_if(&self, a_field_is_required: bool) -> bool {
        if self.takes_object() {
            a_field_is_required
        } else {
            self.takes_string()
        }
    }

    /// The media types offered, in the spec's words.
    pub fn media_types(&self) -> impl Iterator<Item = &'static str> {
        [
            (self.json || self.json_string, crate::media::JSON),
            (self.multipart, crate::media::MULTIPART),
            (self.xanoscript, crate::media::XANOSCRIPT),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
    }
}

impl Body {
    /// Whether a body must be given: the object form lists a required field, or
    /// the body can only be a string.
    pub fn required(&self) -> bool {
        self.required_if(self.object.iter().any(|f| f.required))
    }
}

/// What the 200 response holds, at the top level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// A Xano page: `items` plus `curPage`/`nextPage`; iterate until `nextPage` is null.
    Page,
    /// A bare JSON array (not pageable: Xano caps it silently).
    Array,
    /// A JSON object with declared properties.
    Object,
    /// A JSON value the spec does not describe.
    Any,
    /// Text (`text/*`, e.g. XanoScript): a string.
    Text,
    /// Bytes (an archive, `application/octet-stream`, an image).
    Binary,
}

impl ResponseKind {
    /// The lower-case name (`page`, `array`, …) `operations()` shows and the
    /// descriptor table spells.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseKind::Page => "page",
            ResponseKind::Array => "array",
            ResponseKind::Object => "object",
            ResponseKind::Any => "any",
            ResponseKind::Text => "text",
            ResponseKind::Binary => "binary",
        }
    }
}

/// Everything the runtime knows about one operation.
#[derive(Clone, Copy)]
pub struct Operation {
    /// snake_case name, the Rust function's name.
    pub name: &'static str,
    /// camelCase name, the JS method's name: the same words as `name`.
    pub js_name: &'static str,
    /// Which Metadata API serves it.
    pub api: Api,
    /// The HTTP method.
    pub method: Method,
    /// Path template relative to the base URL, e.g. `/workspace/{workspace_id}/table`.
    pub path: &'static str,
    /// First tag of the operation, or `""`.
    pub tag: &'static str,
    /// The spec's one-line summary, or `""`.
    pub summary: &'static str,
    /// The scope the description declares (`"Workspace Database: Create"`), if any.
    pub scope: Option<&'static str>,
    /// Its path, query and header parameters.
    pub params: &'static [Param],
    /// The body it takes, if any.
    pub body: Option<Body>,
    /// What its 2xx answer holds, by the (corrected) spec.
    pub response: ResponseKind,
    /// The scope and permission a token needs, and where that comes from.
    pub requirement: crate::scope::Requirement,
    /// The spec corrections that changed this operation (empty: as the spec says).
    pub corrections: &'static [Correction],
}

/// Shown by its name and endpoint: errors carry operations, and the whole
/// descriptor would make every `{:?}` of an error a page long (and the wasm larger).
impl std::fmt::Debug for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Operation({} {} {})", self.js_name, self.method.as_str(), self.path)
    }
}

/// Operations are the same when they are the same operation of the same API (an API's
/// names are unique), which is what errors compare.
impl PartialEq for Operation {
    fn eq(&self, other: &Self) -> bool {
        self.api == other.api && self.name == other.name
    }
}

/// A correction of the spec applied to an operation (from the project's
/// corrections file, an OpenAPI Overlay), with where the behaviour was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Correction {
    /// How Xano behaves where the spec says otherwise.
    pub description: &'static str,
    /// A repository and path, or a documentation URL.
    pub evidence: &'static str,
}

impl Operation {
    /// The parameter named `name`, if the operation has one.
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// One piece of a path template (`/workspace/{workspace_id}/table`), as
/// [`template_pieces`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplatePiece<'a> {
    /// Text sent as written.
    Literal(&'a str),
    /// A `{name}`: the path parameter's value goes here, anywhere in a segment
    /// (`/v{id}.json`), whatever its name holds (`{a/b}`).
    Param(&'a str),
}

/// The pieces of a path template, in order: the one reading of a template, used by the
/// generator (which parameters a path needs) and by the runtime (filling them in).
/// A `{` without its `}` takes the rest of the template as its name.
pub fn template_pieces(path: &str) -> impl Iterator<Item = TemplatePiece<'_>> {
    use crate::text::{find_any, sub};
    let (mut rest, mut in_param) = (path, false);
    std::iter::from_fn(move || loop {
        if in_param {
            in_param = false;
            let close = find_any(rest, b"}").unwrap_or(rest.len());
            let name = sub(rest, ..close);
            rest = sub(rest, (close + 1).min(rest.len())..);
            return Some(TemplatePiece::Param(name));
        }
        if rest.is_empty() {
            return None;
        }
        let Some(open) = find_any(rest, b"{") else {
            let literal = rest;
            rest = "";
            return Some(TemplatePiece::Literal(literal));
        };
        let literal = sub(rest, ..open);
        rest = sub(rest, open + 1..);
        in_param = true;
        if !literal.is_empty() {
            return Some(TemplatePiece::Literal(literal));
        }
    })
}

#[cfg(test)]
mod template_tests {
    use super::{template_pieces, TemplatePiece::*};

    #[test]
    fn templates_are_read_piece_by_piece() {
        let pieces = |path| template_pieces(path).collect::<Vec<_>>();
        assert_eq!(
            pieces("/workspace/{workspace_id}/table"),
            [Literal("/workspace/"), Param("workspace_id"), Literal("/table")]
        );
        assert_eq!(pieces("/a/v{id}.json"), [Literal("/a/v"), Param("id"), Literal(".json")]);
        assert_eq!(pieces("/a/{a/b}"), [Literal("/a/"), Param("a/b")]);
        assert_eq!(pieces("{x}{y}"), [Param("x"), Param("y")]);
        assert_eq!(pieces("/a/{open"), [Literal("/a/"), Param("open")]);
        assert_eq!(pieces("/a"), [Literal("/a")]);
        assert_eq!(pieces(""), []);
    }
}
