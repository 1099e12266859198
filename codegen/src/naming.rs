//! The one rule that names operations (and so Rust functions and JS methods).
//!
//! A name is the HTTP method, then the words of every fixed path segment, then,
//! when the path ends in a parameter, `by` and that parameter's words:
//!
//! | operation | Rust | JS |
//! |---|---|---|
//! | `GET /workspace/{workspace_id}/table` | `get_workspace_table` | `getWorkspaceTable` |
//! | `GET /workspace/{workspace_id}/table/{table_id}` | `get_workspace_table_by_table_id` | `getWorkspaceTableByTableId` |
//! | `POST /workspace/{workspace_id}/convert/fromXS` | `post_workspace_convert_from_xs` | `postWorkspaceConvertFromXs` |
//!
//! Words are split at every character that is not a letter or digit and where a
//! lower-case letter or digit meets an upper-case one, then lower-cased.
//!
//! Why not `operationId`: half of Xano's operations have none, and where present it
//! is only `<path>|<METHOD>` again. A name depends on its own method and path only,
//! so adding or removing other operations never renames one. Two operations whose
//! names would collide (`/a_b` and `/a/b`, or `/a/{x}/b` and `/a/b`) are reported
//! as an error by the parser rather than numbered, since numbering would make a
//! name depend on its neighbours; the error prints the `[[rename]]` lines of
//! `xano.toml` that name them apart ([`Renames`]).

use crate::model::Method;

mod renames;
pub use renames::{assign, parse_snake, toml_string, Rename, RenameTarget, Renames};

/// An operation's name as words, rendered per language from the same words.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name {
    words: Vec<String>,
}

impl Name {
    /// The name of `method path`.
    pub fn of_operation(method: Method, path: &str) -> Name {
        let mut words = vec![method.as_str().to_ascii_lowercase()];
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        for segment in &segments {
            if !is_parameter(segment) {
                words.extend(split_words(segment));
            }
        }
        if let Some(last) = segments.last().filter(|s| is_parameter(s)) {
            words.push("by".to_owned());
            words.extend(split_words(&last[1..last.len() - 1]));
        }
        Name { words }
    }

    /// A name from any text (type and field names): its words, as above.
    pub fn from_text(text: &str) -> Name {
        Name { words: split_words(text) }
    }

    /// This name followed by `more`'s words.
    pub fn join(&self, more: &str) -> Name {
        let mut words = self.words.clone();
        words.extend(split_words(more));
        Name { words }
    }

    /// `get_workspace_table`: Rust functions and fields.
    pub fn snake(&self) -> String {
        self.words.join("_")
    }

    /// `getWorkspaceTable`: JS methods.
    pub fn camel(&self) -> String {
        let mut out = String::new();
        for (i, word) in self.words.iter().enumerate() {
            if i == 0 {
                out.push_str(word);
            } else {
                push_capitalised(&mut out, word);
            }
        }
        out
    }

    /// `GetWorkspaceTable`: Rust and TypeScript types.
    pub fn pascal(&self) -> String {
        let mut out = String::new();
        for word in &self.words {
            push_capitalised(&mut out, word);
        }
        out
    }
}

fn push_capitalised(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

fn is_parameter(segment: &str) -> bool {
    segment.len() >= 2 && segment.starts_with('{') && segment.ends_with('}')
}

/// `fromXS` → `from`, `xs`; `bulk_delete` → `bulk`, `delete`; `import-schema` →
/// `import`, `schema`. Only ASCII letters and digits survive.
pub fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if !c.is_ascii_alphanumeric() {
            flush(&mut words, &mut current);
            previous = None;
            continue;
        }
        let boundary = matches!(previous, Some(p) if (p.is_ascii_lowercase() || p.is_ascii_digit()) && c.is_ascii_uppercase());
        if boundary {
            flush(&mut words, &mut current);
        }
        current.push(c.to_ascii_lowercase());
        previous = Some(c);
    }
    flush(&mut words, &mut current);
    words
}

fn flush(words: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        words.push(std::mem::take(current));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(method: Method, path: &str) -> (String, String) {
        let n = Name::of_operation(method, path);
        (n.snake(), n.camel())
    }

    #[test]
    fn the_documented_examples_hold() {
        assert_eq!(
            name(Method::Get, "/workspace/{workspace_id}/table"),
            ("get_workspace_table".into(), "getWorkspaceTable".into())
        );
        assert_eq!(
            name(Method::Get, "/workspace/{workspace_id}/table/{table_id}"),
            ("get_workspace_table_by_table_id".into(), "getWorkspaceTableByTableId".into())
        );
        assert_eq!(
            name(Method::Post, "/workspace/{workspace_id}/convert/fromXS"),
            ("post_workspace_convert_from_xs".into(), "postWorkspaceConvertFromXs".into())
        );
        assert_eq!(
            name(Method::Delete, "/workspace/{workspace_id}/file/bulk_delete").0,
            "delete_workspace_file_bulk_delete"
        );
        assert_eq!(
            name(Method::Post, "/workspace/{workspace_id}/import-schema").1,
            "postWorkspaceImportSchema"
        );
        assert_eq!(name(Method::Get, "/auth/me").1, "getAuthMe");
        assert_eq!(
            Name::of_operation(Method::Get, "/workspace/{workspace_id}").pascal(),
            "GetWorkspaceByWorkspaceId"
        );
    }

    #[test]
    fn words_split_at_case_and_punctuation() {
        assert_eq!(split_words("fromXS"), ["from", "xs"]);
        assert_eq!(split_words("x-data-source"), ["x", "data", "source"]);
        assert_eq!(split_words("geo_multilinestring"), ["geo", "multilinestring"]);
        assert_eq!(split_words("itemsReceived2Total"), ["items", "received2", "total"]);
        assert_eq!(split_words("émoji_ok"), ["moji", "ok"]);
    }
}
