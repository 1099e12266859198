//! Names chosen in `xano.toml` for operations the rule cannot name apart.
//!
//! The rule in [`naming`](super) drops what separates words (`/x/list` and `/x_list`
//! are both `get_x_list`) and their case (`/Self/{Self}` and `/self/{self}` are both
//! `get_self_by_self`), so two operations of one spec can get one name. Numbering
//! them would make a name depend on its neighbours, so instead the collision is an
//! error that prints the `[[rename]]` lines which, appended to `xano.toml`, name them
//! apart; from then on the names are fixed by the config, not by the spec's order.
//!
//! Names are compared in their JS form (camelCase): two names equal there are equal
//! in every form (the first word is always lower-case, so camelCase and PascalCase
//! agree), and some names differ only in snake_case (`get_x_2`, `get_x2`).

use std::collections::{BTreeMap, BTreeSet};

use super::{split_words, Name};
use crate::error::pointer_token;
use crate::model::{Method, Operation};

/// One operation named in `xano.toml` in place of the rule's name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rename {
    /// The operation's HTTP method.
    pub method: Method,
    /// The path template exactly as in the spec.
    pub path: String,
    /// The snake_case name (`get_x_underscore_list`); the JS name has the same words.
    pub name: String,
}

/// Which `xano.toml` entries the `[[rename]]` lines printed for a collision belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenameTarget {
    /// The instances serving the spec: each gets its own lines (`instance = "…"`).
    /// Empty when the spec is not from `xano.toml` (then the lines name no instance).
    Instances(Vec<String>),
    /// The `[account]` spec (`account = true`).
    Account,
}

impl Default for RenameTarget {
    fn default() -> Self {
        RenameTarget::Instances(Vec::new())
    }
}

/// The renames of one spec and where in `xano.toml` they go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    /// The `[[rename]]` entries for this spec.
    pub renames: Vec<Rename>,
    /// Whose entries they are, for the lines printed on a collision.
    pub target: RenameTarget,
}

/// Rust keywords (strict, reserved, and `gen` of the 2024 edition): a function
/// cannot be named one of them, even raw (`self`, `super`, `crate`).
const RUST_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A name from its snake_case text, if it is one: lower-case ASCII words of letters
/// and digits joined by single `_`, starting with a letter, not a Rust keyword.
pub fn parse_snake(text: &str) -> Result<Name, String> {
    let words: Vec<&str> = text.split('_').collect();
    let well_formed = text.starts_with(|c: char| c.is_ascii_lowercase())
        && words.iter().all(|w| {
            !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if !well_formed {
        return Err(format!(
            "`{text}` is not a snake_case name (lower-case letters and digits in words joined by `_`, starting with a letter)"
        ));
    }
    if RUST_KEYWORDS.contains(&text) {
        return Err(format!("`{text}` is a Rust keyword"));
    }
    Ok(Name { words: words.into_iter().map(str::to_owned).collect() })
}

/// `GET /workspace/{workspace_id}`, as operations are written in renames and errors.
fn label(method: Method, path: &str) -> String {
    format!("{} {path}", method.as_str())
}

fn pointer(op: &Operation) -> String {
    format!("/paths/{}/{}", pointer_token(&op.path), op.method.as_str().to_ascii_lowercase())
}

/// Gives each renamed operation its name, then checks that every name is unique.
/// Errors are (JSON pointer, message): a rename that matches no operation, is not a
/// name, or collides; or a collision of the rule's names, with the `[[rename]]`
/// lines that resolve every such collision at once.
pub fn assign(operations: &mut [Operation], renames: &Renames) -> Result<(), (String, String)> {
    let mut renamed = BTreeSet::new();
    for rename in &renames.renames {
        let what = format!("the rename of `{}`", label(rename.method, &rename.path));
        let name =
            parse_snake(&rename.name).map_err(|m| (String::new(), format!("{what}: {m}")))?;
        let Some(op) =
            operations.iter_mut().find(|o| o.method == rename.method && o.path == rename.path)
        else {
            return Err((
                "/paths".to_owned(),
                format!(
                    "{what} (to `{}`) matches no operation of this spec; remove it from xano.toml",
                    rename.name
                ),
            ));
        };
        if !renamed.insert((op.method, op.path.clone())) {
            return Err((pointer(op), format!("{what} is given twice")));
        }
        op.name = name;
    }

    // Operations by JS name; each list in (path, method) order.
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, op) in operations.iter().enumerate() {
        by_name.entry(op.name.camel()).or_default().push(i);
    }
    let mut groups: Vec<Vec<&Operation>> = by_name
        .values()
        .filter(|g| g.len() > 1)
        .map(|g| {
            let mut ops: Vec<&Operation> = g.iter().map(|&i| &operations[i]).collect();
            ops.sort_by(|a, b| (&a.path, a.method).cmp(&(&b.path, b.method)));
            ops
        })
        .collect();
    if groups.is_empty() {
        return Ok(());
    }
    groups.sort_by(|a, b| (&a[0].path, a[0].method).cmp(&(&b[0].path, b[0].method)));

    // A collision that a rename made is the rename's fault: name it.
    for group in &groups {
        if let Some(op) = group.iter().find(|o| renamed.contains(&(o.method, o.path.clone()))) {
            let others: Vec<String> = group
                .iter()
                .filter(|o| !std::ptr::eq(**o, *op))
                .map(|o| format!("`{}`", label(o.method, &o.path)))
                .collect();
            return Err((
                pointer(op),
                format!(
                    "the rename of `{}` to `{}` collides with {} (also named `{}`); choose another name in xano.toml",
                    label(op.method, &op.path),
                    op.name.snake(),
                    others.join(", "),
                    op.name.camel()
                ),
            ));
        }
    }

    // Each group's first operation (by path) keeps the rule's name; the others get
    // suggested names that no operation has.
    let mut taken: BTreeSet<String> = operations.iter().map(|o| o.name.camel()).collect();
    let mut sentences = Vec::new();
    let mut suggested: Vec<(&Operation, Name)> = Vec::new();
    for group in &groups {
        let labels: Vec<String> =
            group.iter().map(|o| format!("`{}`", label(o.method, &o.path))).collect();
        let name = &group[0].name;
        let same_snake = group.iter().all(|o| o.name == *name);
        sentences.push(format!(
            "{} would {} be named `{}`{}",
            join_and(&labels),
            if group.len() == 2 { "both" } else { "all" },
            if same_snake { name.snake() } else { name.camel() },
            if same_snake { "" } else { " in JS" },
        ));
        for op in &group[1..] {
            let new = suggestion(op, &taken);
            taken.insert(new.camel());
            suggested.push((op, new));
        }
    }
    let mut message = format!(
        "{} (see the naming rule in codegen/src/naming.rs).\n\
         To name them apart, append these lines to the end of xano.toml \
         (the first operation of each keeps its name; edit the new names as you like):\n",
        sentences.join(";\n")
    );
    let selectors: Vec<String> = match &renames.target {
        RenameTarget::Instances(names) if names.is_empty() => vec![String::new()],
        RenameTarget::Instances(names) => {
            names.iter().map(|n| format!("instance = {}\n", toml_string(n))).collect()
        }
        RenameTarget::Account => vec!["account = true\n".to_owned()],
    };
    for selector in &selectors {
        for (op, name) in &suggested {
            message.push_str(&format!(
                "\n[[rename]]\n{selector}operation = {}\nname = {}\n",
                toml_string(&label(op.method, &op.path)),
                toml_string(&name.snake())
            ));
        }
    }
    Err((pointer(groups[0][1]), message))
}

/// A name for `op` that none of `taken` (JS names) has: first its path's segments
/// each read as one word (`/x_list` → `get_xlist`), then the rule's name numbered.
fn suggestion(op: &Operation, taken: &BTreeSet<String>) -> Name {
    let segments: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
    let whole = |segment: &str| -> Option<String> {
        let word: String = split_words(segment).concat();
        (!word.is_empty()).then_some(word)
    };
    let mut words = vec![op.method.as_str().to_ascii_lowercase()];
    words.extend(segments.iter().filter(|s| !super::is_parameter(s)).filter_map(|s| whole(s)));
    if let Some(last) = segments.last().filter(|s| super::is_parameter(s)) {
        words.push("by".to_owned());
        words.extend(whole(&last[1..last.len() - 1]));
    }
    let joined = Name { words };
    if !taken.contains(&joined.camel()) {
        return joined;
    }
    (2..)
        .map(|n| op.name.join(&n.to_string()))
        .find(|name| !taken.contains(&name.camel()))
        .expect("some number is free")
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A TOML basic string: `"` and `\` escaped, control characters as `\uXXXX`.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
