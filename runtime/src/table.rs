//! An API's descriptor table as compact static text, decoded once on first use
//! (an operation called by its index before that is decoded alone, see
//! [`Table::operation`]).
//!
//! As Rust `static` structs, the 222 descriptors were about a quarter of the
//! package's wasm, gzipped: every `&str` and slice is a pointer and a length, which
//! compress badly. As text they are mostly words gzip has seen before. The
//! generator (`codegen/src/emit_rust.rs`, `operations`) writes the text; [`Table`]
//! decodes it into the same [`Operation`]s, allocated once and kept for the life of
//! the program (their strings point into the text itself).
//!
//! The format: one record per line, fields separated by tabs (no field holds a tab
//! or a line break: the generator replaces them with spaces). The first line, `n`,
//! holds every operation's JS name, in table order, separated by spaces (names are
//! ASCII letters and digits): the package's entry installs a method per name when it is
//! imported, from this one line, without reading the rest. Each operation is then
//! an `o` line followed by its `p` (parameter), `c` (correction), `b` (body) and `f`
//! (body field) lines:
//!
//! ```text
//! n <js name> <js name>…   (separated by spaces)
//! o <rust name, or empty: derived from the js name> <METHOD> <path> <tag> <summary>
//!   <scope text, or empty> <response kind> <requirement source> <key> <permission> <scope name>
//! p <name> <location> <type> <1 if required, else 0> <allowed value>…
//! c <description> <evidence>
//! b <j if JSON, s if a JSON string, m if multipart, x if XanoScript: any of them>
//! f <name> <type> <1 if required, else 0> <allowed value>…
//! ```
//!
//! Words are the `as_str()` of the descriptor enums; an empty optional field is `None`.

use std::sync::OnceLock;

use crate::descriptor::{
    Api, Body, BodyField, Correction, Location, Method, Operation, Param, ResponseKind, ValueType,
};
use crate::scope::{Permission, Requirement, Source};
use crate::text::{find_byte, has_any, lines, pieces, sub};

/// An API's operations, as text until first used.
pub struct Table {
    api: Api,
    text: &'static str,
    decoded: OnceLock<&'static [Operation]>,
    /// The operations decoded one by one ([`Table::operation`]) while the whole
    /// table was not: each `o` line's place in the text, and the operation once read.
    singles: OnceLock<Box<[Single]>>,
}

/// One operation of a table not yet decoded as a whole.
struct Single {
    /// Its JS name, from the `n` line.
    js_name: &'static str,
    /// Where its lines start in the table's text.
    start: usize,
    decoded: OnceLock<&'static Operation>,
}

impl Table {
    /// The table of `api`'s operations written as `text` (see the module docs).
    pub const fn new(api: Api, text: &'static str) -> Table {
        Table { api, text, decoded: OnceLock::new(), singles: OnceLock::new() }
    }

    /// The API the table's operations belong to, and the text they are decoded from.
    pub const fn source(&self) -> (Api, &'static str) {
        (self.api, self.text)
    }

    /// The operation at `index`, decoding only its own lines while the table has not
    /// been decoded whole: a first call in a fresh page or process would otherwise
    /// wait for all 222 (4–12 ms of a first call in Node). Once the table is
    /// decoded, its operation; a single decoded before stays as it was, equal to it.
    pub fn operation(&'static self, index: usize) -> Option<&'static Operation> {
        if let Some(ops) = self.decoded.get() {
            return ops.get(index);
        }
        let singles = self.singles.get_or_init(|| {
            let (names, records) = split(self.text).unwrap_or_default();
            let base = self.text.as_ptr() as usize;
            lines(records)
                .filter(|line| line.starts_with("o\t"))
                .zip(names_of(names))
                .map(|(line, js_name)| Single {
                    js_name,
                    start: line.as_ptr() as usize - base,
                    decoded: OnceLock::new(),
                })
                .collect()
        });
        let single = singles.get(index)?;
        Some(*single.decoded.get_or_init(|| {
            let end = singles.get(index + 1).map_or(self.text.len(), |next| next.start);
            let op = self
                .text
                .get(single.start..end)
                .and_then(|lines| decode_records(self.api, &mut names_of(single.js_name), lines));
            let op = op.and_then(|ops| ops.into_iter().next());
            Box::leak(Box::new(op.expect("a generated descriptor table")))
        }))
    }

    /// The operation at `index`, as [`Table::operation`] gives it: what the generated
    /// typed clients call by their `index::…` constants.
    ///
    /// # Panics
    /// If the table has no operation at `index` (the generated constants are in range).
    pub fn at(&'static self, index: usize) -> &'static Operation {
        self.operation(index).expect("an operation index in range")
    }

    /// The operations' JS names, in table order, separated by spaces: the table's `n`
    /// line, read without decoding the rest (the package's entry installs a method per
    /// name when it is imported, and the decode can wait for the first call).
    pub fn js_names_line(&self) -> &'static str {
        split(self.text).map_or("", |(names, _)| names)
    }

    /// The operations' JS names, in table order: the `n` line's, which [`decode`] also
    /// names the operations by, after checking that the two are as many.
    pub fn js_names(&self) -> Vec<&'static str> {
        names_of(self.js_names_line()).collect()
    }
}

/// The `n` line's names, and the records after it; `None` if the text has no `n` line.
fn split(text: &'static str) -> Option<(&'static str, &'static str)> {
    let rest = text.strip_prefix("n\t")?;
    let end = find_byte(rest.as_bytes(), b'\n').unwrap_or(rest.len());
    Some((sub(rest, ..end), rest.get(end + 1..).unwrap_or("")))
}

/// The names of an `n` line (none for an empty one).
fn names_of(line: &'static str) -> impl Iterator<Item = &'static str> {
    pieces(line, b' ').filter(|name| !name.is_empty())
}

/// The operations, decoded on first use (a `&'static Table` derefs to a
/// `&'static [Operation]`).
impl std::ops::Deref for Table {
    type Target = [Operation];

    fn deref(&self) -> &[Operation] {
        self.decoded.get_or_init(|| {
            // The text is generated, and the host tests decode every generated table.
            Box::leak(decode(self.api, self.text).expect("a generated descriptor table").into())
        })
    }
}

/// `for op in &OPERATIONS`, as over the slice.
impl<'a> IntoIterator for &'a Table {
    type Item = &'a Operation;
    type IntoIter = std::slice::Iter<'a, Operation>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").field("api", &self.api).finish_non_exhaustive()
    }
}

/// Decodes `text` into operations of `api`; `None` if it is not a valid table (one
/// with as many names on its `n` line as operations).
pub fn decode(api: Api, text: &'static str) -> Option<Vec<Operation>> {
    let (names, records) = split(text)?;
    let mut names = names_of(names);
    let operations = decode_records(api, &mut names, records)?;
    names.next().is_none().then_some(operations)
}

/// Decodes the records of `text` (no `n` line), naming each operation by the next of
/// `names`; `None` if a record is not valid or the names run out.
fn decode_records(
    api: Api,
    names: &mut impl Iterator<Item = &'static str>,
    text: &'static str,
) -> Option<Vec<Operation>> {
    let mut operations: Vec<Operation> = Vec::new();
    let mut params: Vec<Param> = Vec::new();
    let mut fields: Vec<BodyField> = Vec::new();
    let mut corrections: Vec<Correction> = Vec::new();
    // Ends the operation being read: its lists become `'static` (kept for good).
    let finish = |operations: &mut Vec<Operation>,
                  params: &mut Vec<Param>,
                  fields: &mut Vec<BodyField>,
                  corrections: &mut Vec<Correction>| {
        if let Some(op) = operations.last_mut() {
            op.params = leak(std::mem::take(params));
            op.corrections = leak(std::mem::take(corrections));
            if let Some(body) = &mut op.body {
                body.object = leak(std::mem::take(fields));
            }
        }
    };
    for line in lines(text) {
        let mut f = pieces(line, b'\t');
        match f.next()? {
            "o" => {
                finish(&mut operations, &mut params, &mut fields, &mut corrections);
                let js_name = names.next()?;
                let name = match f.next()? {
                    "" => Box::leak(snake_of(js_name).into_boxed_str()),
                    name => name,
                };
                operations.push(Operation {
                    name,
                    js_name,
                    api,
                    method: word(f.next()?, METHODS, |m| m.as_str())?,
                    path: f.next()?,
                    tag: f.next()?,
                    summary: f.next()?,
                    scope: optional(f.next()?),
                    params: &[],
                    body: None,
                    response: word(f.next()?, RESPONSES, |r| r.as_str())?,
                    requirement: Requirement {
                        source: word(f.next()?, SOURCES, |s| s.as_str())?,
                        key: optional(f.next()?),
                        permission: match f.next()? {
                            "" => None,
                            p => Some(word(p, &Permission::ALL, |p| p.as_str())?),
                        },
                        name: optional(f.next()?),
                    },
                    corrections: &[],
                });
            }
            "p" => params.push(Param {
                name: f.next()?,
                location: word(f.next()?, LOCATIONS, |l| l.as_str())?,
                ty: word(f.next()?, TYPES, |t| t.as_str())?,
                required: flag(f.next()?)?,
                allowed: leak(f.by_ref().collect()),
            }),
            "c" => corrections.push(Correction { description: f.next()?, evidence: f.next()? }),
            "b" => {
                let letters = f.next()?;
                let [json, json_string, multipart, xanoscript] =
                    BODY_LETTERS.map(|letter| has_any(letters, &[letter as u8]));
                operations.last_mut()?.body =
                    Some(Body { json, json_string, multipart, xanoscript, object: &[] });
            }
            "f" => fields.push(BodyField {
                name: f.next()?,
                ty: word(f.next()?, TYPES, |t| t.as_str())?,
                required: flag(f.next()?)?,
                allowed: leak(f.by_ref().collect()),
            }),
            _ => return None,
        }
    }
    finish(&mut operations, &mut params, &mut fields, &mut corrections);
    Some(operations)
}

/// The `b` line's letters for JSON, a JSON string, multipart and XanoScript, in
/// the order of [`body_letters`]'s flags.
const BODY_LETTERS: [char; 4] = ['j', 's', 'm', 'x'];

/// The `b` line's letters of `body`: one for each media type it is offered as.
pub fn body_letters<F>(body: &Body<F>) -> String {
    [body.json, body.json_string, body.multipart, body.xanoscript]
        .into_iter()
        .zip(BODY_LETTERS)
        .filter_map(|(on, letter)| on.then_some(letter))
        .collect()
}

const METHODS: &[Method] = &[Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete];
const RESPONSES: &[ResponseKind] = &[
    ResponseKind::Page,
    ResponseKind::Array,
    ResponseKind::Object,
    ResponseKind::Any,
    ResponseKind::Text,
    ResponseKind::Binary,
];
const SOURCES: &[Source] = &[Source::Declared, Source::Inferred, Source::Unknown];
const LOCATIONS: &[Location] = &[Location::Path, Location::Query, Location::Header];
const TYPES: &[ValueType] = &[
    ValueType::String,
    ValueType::Integer,
    ValueType::Number,
    ValueType::Boolean,
    ValueType::Binary,
    ValueType::Array,
    ValueType::Object,
    ValueType::Any,
];

/// The variant of `all` whose name is `text`.
fn word<T: Copy>(text: &str, all: &[T], name: fn(&T) -> &'static str) -> Option<T> {
    all.iter().find(|v| name(v) == text).copied()
}

fn optional(text: &'static str) -> Option<&'static str> {
    (!text.is_empty()).then_some(text)
}

fn flag(text: &str) -> Option<bool> {
    match text {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

fn leak<T>(items: Vec<T>) -> &'static [T] {
    if items.is_empty() {
        &[]
    } else {
        Box::leak(items.into_boxed_slice())
    }
}

/// The snake_case of a camelCase name: the same words (see codegen's `naming`), which
/// the generator compares with an operation's Rust name to leave out the ones it
/// can derive (it must not leak, as a decoded table's names do: the generator runs
/// many times in one process in the tests and the fuzzer).
pub fn snake_of(camel: &str) -> String {
    let mut snake = String::with_capacity(camel.len() + 8);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            snake.push('_');
            snake.push(c.to_ascii_lowercase());
        } else {
            snake.push(c);
        }
    }
    snake
}

#[cfg(test)]
mod tests {
    use super::*;

    static TEXT: &str = concat!(
        "n\tgetWorkspaceTable postV2Thing\n",
        "o\t\tGET\t/workspace/{workspace_id}/table\ttable\tList tables\t",
        "Workspace Database: Read\tpage\tdeclared\tworkspace:database\tRead\tWorkspace Database\n",
        "p\tworkspace_id\tpath\tinteger\t1\n",
        "p\tsort\tquery\tstring\t0\tasc\tdesc\n",
        "c\tThe response is a page\tdocs/XANO.md\n",
        "o\tpost_v2thing\tPOST\t/v2thing\t\t\t\tany\tunknown\t\t\t\n",
        "b\tjm\n",
        "f\tname\tstring\t1\n",
        "f\tfile\tbinary\t0\n",
    );

    #[test]
    fn decodes_every_field() {
        let ops = decode(Api::Account, TEXT).unwrap();
        assert_eq!(ops.len(), 2);
        let (get, post) = (&ops[0], &ops[1]);
        assert_eq!(
            (get.name, get.js_name, get.api),
            ("get_workspace_table", "getWorkspaceTable", Api::Account)
        );
        assert_eq!(
            (get.method, get.path, get.tag),
            (Method::Get, "/workspace/{workspace_id}/table", "table")
        );
        assert_eq!((get.summary, get.scope), ("List tables", Some("Workspace Database: Read")));
        assert_eq!(get.response, ResponseKind::Page);
        assert_eq!(
            get.requirement,
            Requirement {
                source: Source::Declared,
                key: Some("workspace:database"),
                permission: Some(Permission::Read),
                name: Some("Workspace Database"),
            }
        );
        assert_eq!(get.params.len(), 2);
        let sort = &get.params[1];
        assert_eq!(
            (sort.name, sort.location, sort.ty, sort.required),
            ("sort", Location::Query, ValueType::String, false)
        );
        assert_eq!(sort.allowed, ["asc", "desc"]);
        assert!(get.params[0].required && get.params[0].allowed.is_empty());
        assert!(get.body.is_none());
        assert_eq!(
            get.corrections,
            [Correction { description: "The response is a page", evidence: "docs/XANO.md" }]
        );
        assert!(post.corrections.is_empty());

        assert_eq!((post.name, post.tag, post.summary, post.scope), ("post_v2thing", "", "", None));
        assert_eq!(post.requirement, Requirement::UNKNOWN);
        let body = post.body.unwrap();
        assert!(body.json && body.multipart && !body.json_string && !body.xanoscript);
        assert_eq!(body.object.len(), 2);
        assert_eq!(
            (body.object[1].name, body.object[1].ty, body.object[1].required),
            ("file", ValueType::Binary, false)
        );
    }

    #[test]
    fn refuses_what_is_not_a_table() {
        let get_a = "o\t\tGET\t/a\t\t\t\tany\tunknown\t\t\t\n";
        assert_eq!(
            decode(Api::Instance, Box::leak(format!("n\tgetA\n{get_a}").into())).map(|o| o.len()),
            Some(1)
        );
        assert!(decode(Api::Instance, "n\tgetA\nx\tfoo\n").is_none());
        assert!(
            decode(Api::Instance, "n\tgetA\no\t\tFETCH\t/a\t\t\t\tany\tunknown\t\t\t\n").is_none()
        );
        assert!(decode(Api::Instance, "n\tgetA\nb\tj\n").is_none());
        assert!(decode(Api::Instance, "n\tgetA\no\t\n").is_none());
        // The names and the operations must be as many.
        assert!(decode(Api::Instance, get_a).is_none(), "no n line");
        assert!(decode(Api::Instance, Box::leak(format!("n\t\n{get_a}").into())).is_none());
        assert!(decode(Api::Instance, Box::leak(format!("n\tgetA getB\n{get_a}").into())).is_none());
    }

    #[test]
    fn static_tables_decode_once() {
        static TABLE: Table = Table::new(Api::Instance, TEXT);
        let first: &[Operation] = &TABLE;
        let second: &[Operation] = &TABLE;
        assert_eq!(first.len(), 2);
        assert!(std::ptr::eq(first, second));
    }

    #[test]
    fn an_operation_is_decoded_alone_until_the_table_is() {
        static TABLE: Table = Table::new(Api::Instance, TEXT);
        let second = TABLE.operation(1).unwrap();
        let first = TABLE.operation(0).unwrap();
        assert!(TABLE.decoded.get().is_none(), "one operation does not decode the table");
        assert!(std::ptr::eq(first, TABLE.operation(0).unwrap()), "decoded once");
        assert!(TABLE.operation(2).is_none());
        let whole = decode(Api::Instance, TEXT).unwrap();
        // Every field (an operation's `Debug` shows only its name and endpoint).
        let fields = |op: &Operation| format!("{:?} {:?} {:?}", op.params, op.body, op.corrections);
        assert_eq!((fields(first), fields(second)), (fields(&whole[0]), fields(&whole[1])));
        assert_eq!((first.path, second.requirement), (whole[0].path, whole[1].requirement));
        let decoded: &[Operation] = &TABLE;
        assert!(
            std::ptr::eq(TABLE.operation(1).unwrap(), &decoded[1]),
            "the table's, once decoded"
        );
        assert!(TABLE.operation(2).is_none());
    }

    #[test]
    fn names_are_read_without_decoding() {
        static TABLE: Table = Table::new(Api::Account, TEXT);
        let before = TABLE.js_names();
        assert!(TABLE.decoded.get().is_none(), "names alone do not decode the table");
        let decoded: Vec<&str> = TABLE.iter().map(|op| op.js_name).collect();
        assert_eq!((before, TABLE.js_names()), (decoded.clone(), decoded));
    }
}
