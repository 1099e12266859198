//! The intermediate model: what the generator knows about each operation, free of
//! OpenAPI's many ways of saying the same thing. Parsing fills it; emitters read it.

use crate::naming::Name;

/// One API (one spec): the instance Metadata API or the account API.
#[derive(Debug, Clone)]
pub struct Api {
    /// Which of Xano's two Metadata APIs the spec describes.
    pub kind: ApiKind,
    /// For an instance whose spec differs from the first instance's: the name of
    /// the first instance serving it, which names its module, class and types.
    pub variant: Option<Name>,
    /// The spec's `info.title`.
    pub title: String,
    /// Every operation of the spec, sorted by name.
    pub operations: Vec<Operation>,
    /// Constructs degraded to untyped JSON, each with the JSON pointer it concerns.
    pub warnings: Vec<Warning>,
    /// The spec corrections applied before parsing, in order (see `overlay`).
    pub corrections: Vec<AppliedCorrection>,
}

/// A spec correction as applied to one API: for the change report and `model.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedCorrection {
    /// The corrections file and the action's index in it.
    pub source: String,
    /// The action's position in the file's `actions`.
    pub index: usize,
    /// The action's JSONPath query, as written.
    pub target: String,
    /// What the action says and its evidence.
    pub correction: Correction,
    /// How many nodes of the spec it changed (0: its target matched nothing).
    pub matched: usize,
    /// The JS names of the operations it changed.
    pub operations: Vec<String>,
}

/// What a correction says and where that was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The action's `description`: how Xano behaves where the spec says otherwise.
    pub description: String,
    /// A repository and path, or a documentation URL.
    pub evidence: String,
}

/// The names one API's bindings go by: one rule, used by every emitter.
impl Api {
    /// The Rust module (`instance`, `instance_client_b`, `account`).
    pub fn module(&self) -> String {
        match &self.variant {
            Some(v) => format!("{}_{}", self.kind.as_str(), v.snake()),
            None => self.kind.as_str().to_owned(),
        }
    }

    /// The JS class (`XanoClient`, `XanoClientClientB`, `XanoAccountClient`).
    pub fn class(&self) -> String {
        match (&self.variant, self.kind) {
            (Some(v), _) => format!("XanoClient{}", v.pascal()),
            (None, ApiKind::Instance) => "XanoClient".to_owned(),
            (None, ApiKind::Account) => "XanoAccountClient".to_owned(),
        }
    }

    /// The typed Rust client (`InstanceClient`, `ClientBInstanceClient`, `AccountClient`).
    pub fn rust_client(&self) -> String {
        match (&self.variant, self.kind) {
            (Some(v), _) => format!("{}InstanceClient", v.pascal()),
            (None, ApiKind::Instance) => "InstanceClient".to_owned(),
            (None, ApiKind::Account) => "AccountClient".to_owned(),
        }
    }

    /// Prefix of TypeScript type names, which share one namespace across APIs
    /// (`GetAuthMeParams`, `ClientBGetAuthMeParams`, `AccountGetAuthMeParams`).
    pub fn type_prefix(&self) -> String {
        match (&self.variant, self.kind) {
            (Some(v), _) => v.pascal(),
            (None, ApiKind::Instance) => String::new(),
            (None, ApiKind::Account) => "Account".to_owned(),
        }
    }

    /// The TypeScript name of `op`'s params type (`ClientBGetWorkspaceTableParams`).
    pub fn params_type(&self, op: &Operation) -> String {
        self.type_prefix() + &op.params_type()
    }

    /// The TypeScript name of `op`'s response type (`ClientBGetWorkspaceTableResponse`).
    pub fn response_type(&self, op: &Operation) -> String {
        self.type_prefix() + &op.response_type()
    }

    /// For headings: `Instance`, `Instance (client-b's spec)`, `Account`.
    pub fn title(&self) -> String {
        let kind = match self.kind {
            ApiKind::Instance => "Instance",
            ApiKind::Account => "Account",
        };
        match &self.variant {
            Some(v) => format!("{kind} ({} spec)", v.snake()),
            None => kind.to_owned(),
        }
    }
}

/// Which Metadata API a spec is: each has its own base URL, token and client
/// class. The runtime's enum, so the model and the descriptors share one
/// definition and one spelling (`as_str`: `instance`, `account`).
pub use xano_meta_runtime::descriptor::Api as ApiKind;

/// Something the generator could not type and degraded, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// JSON pointer into the spec, e.g. `/paths/~1workspace/get/responses/200`.
    pub pointer: String,
    /// What was degraded and why, e.g. that a media type is not supported.
    pub message: String,
}

/// HTTP methods: the runtime's enum, so the generator and the descriptors it
/// emits share one definition.
pub use xano_meta_runtime::descriptor::Method;

/// One operation (a method on a path), as every emitter sees it.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Its name by the rule in [`naming`](crate::naming), or as renamed in `xano.toml`.
    pub name: Name,
    /// The HTTP method.
    pub method: Method,
    /// Path template as in the spec, e.g. `/workspace/{workspace_id}/table`.
    pub path: String,
    /// First tag, or empty.
    pub tag: String,
    /// The spec's `summary`, or empty: the first line of the generated docs.
    pub summary: String,
    /// The description with its HTML reduced to text.
    pub description: String,
    /// What the description declares after `Required API Scope:`, e.g.
    /// `Workspace Database: Create`.
    pub scope: Option<String>,
    /// The scope and permission needed, declared, inferred or unknown.
    pub requirement: crate::scope::Requirement,
    /// Path, query and header parameters, path-level ones included.
    pub params: Vec<Param>,
    /// The request body, when the operation takes one.
    pub body: Option<Body>,
    /// The 2xx response's schema: `Any` when it has none, a string for text, `Binary` for bytes.
    pub response: Shape,
    /// How the 2xx body is encoded: JSON (as `response` describes), text, or bytes.
    pub media: Media,
    /// Whether the response is a Xano page: an object with `items` and `nextPage`
    /// (only `nextPage == null` means the end).
    pub paged: bool,
    /// The spec corrections that changed this operation.
    pub corrections: Vec<Correction>,
}

/// Facts about an operation that every emitter uses, so that no emitter asks another.
impl Operation {
    /// The top-level fields of the body's object form (empty: none, or any object).
    pub fn body_fields(&self) -> &[Field] {
        match self.body.as_ref().and_then(|b| b.object.as_ref()).map(|s| &s.kind) {
            Some(ShapeKind::Object(fields)) => fields,
            _ => &[],
        }
    }

    /// Whether the body must be given: one rule for TypeScript, Rust and the
    /// runtime's descriptor (`Body::required`).
    pub fn body_required(&self) -> bool {
        self.body
            .as_ref()
            .is_some_and(|b| b.required_if(self.body_fields().iter().any(|f| f.required)))
    }

    /// Whether the caller must pass a params object (some parameter or the body is required).
    pub fn needs_params(&self) -> bool {
        self.params.iter().any(|p| p.required) || self.body_required()
    }

    /// Whether the operation takes any input at all (parameters or a body): if
    /// not, it has no params type.
    pub fn takes_input(&self) -> bool {
        !self.params.is_empty() || self.body.is_some()
    }

    /// The name of its params type, unprefixed (`GetWorkspaceTableParams`): the Rust
    /// struct's name, and the TypeScript type's after [`Api::type_prefix`].
    pub fn params_type(&self) -> String {
        format!("{}Params", self.name.pascal())
    }

    /// The name of its response type, unprefixed (`GetWorkspaceTableResponse`).
    pub fn response_type(&self) -> String {
        format!("{}Response", self.name.pascal())
    }
}

/// How a response body is encoded, by the media type the spec gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Media {
    /// `application/json` or `*+json` (or no content): decoded as JSON.
    #[default]
    Json,
    /// `text/*` (e.g. `text/x-xanoscript`): a string.
    Text,
    /// Anything else (an archive, `application/octet-stream`): bytes.
    Binary,
}

impl Media {
    /// `json`, `text` or `binary`.
    pub fn as_str(self) -> &'static str {
        match self {
            Media::Json => "json",
            Media::Text => "text",
            Media::Binary => "binary",
        }
    }
}

impl Operation {
    /// The operation's documentation, as both the Rust and the TypeScript bindings
    /// show it: the summary, the endpoint and the scope it needs (with its source).
    pub fn doc(&self) -> String {
        use xano_meta_runtime::scope::Source;
        let mut doc = format!("{}\n\n`{} {}`", self.summary, self.method.as_str(), self.path);
        let r = &self.requirement;
        match (r.source, &r.name, r.permission) {
            (Source::Declared, Some(name), Some(p)) => {
                doc.push_str(&format!("\n\nRequired API scope: {name}: {}.", p.as_str()))
            }
            (Source::Inferred, Some(name), Some(p)) => doc.push_str(&format!(
                "\n\nRequired API scope (inferred from {}): {name}: {}.",
                r.inferred_from().unwrap_or_default(),
                p.as_str()
            )),
            _ => doc.push_str("\n\nRequired API scope: unknown (the spec does not say)."),
        }
        doc
    }

    /// Whether the response is a Xano page.
    pub fn is_page(&self) -> bool {
        self.paged
    }

    /// What the response is at the top level, as the runtime's descriptor says it.
    pub fn response_kind(&self) -> xano_meta_runtime::descriptor::ResponseKind {
        use xano_meta_runtime::descriptor::ResponseKind;
        match &self.response.kind {
            _ if self.media == Media::Text => ResponseKind::Text,
            _ if self.media == Media::Binary => ResponseKind::Binary,
            _ if self.is_page() => ResponseKind::Page,
            ShapeKind::Array(_) => ResponseKind::Array,
            ShapeKind::Object(fields) if !fields.is_empty() => ResponseKind::Object,
            _ => ResponseKind::Any,
        }
    }
}

/// The response fields that describe a page, as Xano names them.
pub const PAGE_FIELDS: &[&str] = &[
    "curPage",
    "nextPage",
    "prevPage",
    "itemsReceived",
    "itemsTotal",
    "pageTotal",
    "perPage",
    "offset",
];

/// Where a parameter goes: the runtime's enum (one definition, one spelling).
pub use xano_meta_runtime::descriptor::Location;

/// A parameter of an operation (path, query or header).
#[derive(Debug, Clone)]
pub struct Param {
    /// The name in the spec (also the key in JS).
    pub name: String,
    /// Where it goes: the path, the query string or a header.
    pub location: Location,
    /// A scalar shape (string, integer, number, boolean) or `Any`.
    pub shape: Shape,
    /// Whether the spec marks it required (path parameters always are).
    pub required: bool,
    /// The spec's description of it, or empty.
    pub description: String,
}

/// A request body: which of the media types the generator supports the spec
/// offers for it (at least one is set), and the object form's shape (JSON and
/// multipart share it in Xano's specs; `None` when only a string is offered).
///
/// The runtime's `Body`, so the media flags and their rules (`takes_object`,
/// `takes_string`, `media_types`) are defined once; the model holds the whole
/// shape where a descriptor holds only the top-level fields.
pub type Body = xano_meta_runtime::descriptor::Body<Option<Shape>>;

/// A JSON schema, reduced to what the emitters use.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// What kind of value it is.
    pub kind: ShapeKind,
    /// Whether `null` is allowed too (`nullable: true`).
    pub nullable: bool,
}

/// The kinds of value a [`Shape`] describes.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// Untyped JSON: no schema, or one the generator degraded.
    Any,
    /// A string; `allowed` holds enum values (empty: any string).
    String {
        /// The `enum` values, in the spec's order.
        allowed: Vec<String>,
    },
    /// An integer (`type: integer`).
    Integer,
    /// Any JSON number (`type: number`).
    Number,
    /// `true` or `false`.
    Boolean,
    /// A file upload (`format: binary`); in a response, bytes.
    Binary,
    /// Xano's `format: timestamptz`: milliseconds since the epoch in Xano's data,
    /// an ISO 8601 string in some documented answers; either is accepted.
    Timestamp,
    /// A JSON array whose items all have the boxed shape.
    Array(Box<Shape>),
    /// An object with declared fields; no fields means any JSON object (only
    /// request bodies use that: in schemas, an object without properties is `Any`).
    Object(Vec<Field>),
}

/// A declared property of an object shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The property name, as in JSON.
    pub name: String,
    /// The property's value.
    pub shape: Shape,
    /// Whether the object's `required` list names it.
    pub required: bool,
}

impl Shape {
    /// Untyped JSON, not nullable: what a missing or degraded schema becomes.
    pub fn any() -> Shape {
        Shape { kind: ShapeKind::Any, nullable: false }
    }
}

/// The shape's structure in one line, in the model's own words (`integer`,
/// `timestamp`, `{ id: integer, name?: string | null }`): what the change report
/// compares, independent of how any emitter spells a type.
impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ShapeKind::Any => f.write_str("any")?,
            ShapeKind::String { allowed } if allowed.is_empty() => f.write_str("string")?,
            ShapeKind::String { allowed } => {
                for (i, value) in allowed.iter().enumerate() {
                    write!(f, "{}{value:?}", if i == 0 { "" } else { " | " })?;
                }
            }
            ShapeKind::Integer => f.write_str("integer")?,
            ShapeKind::Number => f.write_str("number")?,
            ShapeKind::Boolean => f.write_str("boolean")?,
            ShapeKind::Binary => f.write_str("binary")?,
            ShapeKind::Timestamp => f.write_str("timestamp")?,
            ShapeKind::Array(items) => write!(f, "array of ({items})")?,
            ShapeKind::Object(fields) if fields.is_empty() => f.write_str("object")?,
            ShapeKind::Object(fields) => {
                f.write_str("{ ")?;
                for (i, field) in fields.iter().enumerate() {
                    let optional = if field.required { "" } else { "?" };
                    let separator = if i == 0 { "" } else { ", " };
                    write!(f, "{separator}{:?}{optional}: {}", field.name, field.shape)?;
                }
                f.write_str(" }")?;
            }
        }
        if self.nullable {
            f.write_str(" | null")?;
        }
        Ok(())
    }
}
