//! Rust types for shapes: named structs for objects, collected per module.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Field, Shape, ShapeKind};
use crate::naming::Name;

/// Which way a type travels, which decides its derives and its file type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Request bodies: `Serialize`, files are `FilePart`.
    Request,
    /// Responses: `Deserialize`, every field optional (Xano's responses routinely
    /// omit fields the spec lists; `required` there is not reliable).
    Response,
}

/// Structs emitted so far for one API, with their names kept unique.
#[derive(Default)]
pub struct Structs {
    names: BTreeSet<String>,
    /// The struct definitions, in the order they were emitted.
    pub items: Vec<TokenStream>,
}

impl Structs {
    /// A fresh type name from `base`, numbered only when taken (two JSON fields
    /// can map to one Rust name: `a_b` and `aB`).
    fn unique(&mut self, base: &str) -> String {
        let mut name = base.to_owned();
        let mut n = 2;
        while !self.names.insert(name.clone()) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    /// The Rust type of `shape` (`Option` when nullable), emitting structs for its
    /// objects under `name`.
    pub fn type_of(&mut self, shape: &Shape, name: &Name, direction: Direction) -> TokenStream {
        self.type_with(shape, name, direction, false)
    }

    /// As [`Structs::type_of`], `Option` also when `optional`.
    fn type_with(
        &mut self,
        shape: &Shape,
        name: &Name,
        direction: Direction,
        optional: bool,
    ) -> TokenStream {
        let inner = match &shape.kind {
            ShapeKind::Any => quote!(serde_json::Value),
            ShapeKind::String { .. } => quote!(String),
            ShapeKind::Integer => quote!(i64),
            ShapeKind::Number => quote!(f64),
            ShapeKind::Boolean => quote!(bool),
            ShapeKind::Binary => match direction {
                Direction::Request => quote!(xano_meta_runtime::typed::FilePart),
                Direction::Response => quote!(xano_meta_runtime::typed::Bytes),
            },
            ShapeKind::Timestamp => quote!(xano_meta_runtime::typed::Timestamp),
            ShapeKind::Array(items) => {
                let item = self.type_of(items, &name.join("item"), direction);
                quote!(Vec<#item>)
            }
            ShapeKind::Object(fields) if fields.is_empty() => {
                quote!(serde_json::Map<String, serde_json::Value>)
            }
            ShapeKind::Object(fields) => {
                let ident = self.object(fields, name, direction);
                quote!(#ident)
            }
        };
        if shape.nullable || optional {
            quote!(Option<#inner>)
        } else {
            inner
        }
    }

    /// Emits a struct for `fields` and returns its name.
    pub fn object(&mut self, fields: &[Field], name: &Name, direction: Direction) -> Ident {
        let ident = format_ident!("{}", self.unique(&name.pascal()));
        let idents = field_idents(fields.iter().map(|f| f.name.as_str()));
        let mut members = Vec::new();
        for (field, field_ident) in fields.iter().zip(&idents) {
            let wire = &field.name;
            let optional = !field.required || direction == Direction::Response;
            let ty = self.type_with(&field.shape, &name.join(&field.name), direction, optional);
            let attrs = match (direction, &field.shape.kind, optional) {
                (Direction::Request, ShapeKind::Binary, _) => quote!(#[serde(skip)]),
                (Direction::Request, _, true) => {
                    quote!(#[serde(rename = #wire, skip_serializing_if = "Option::is_none")])
                }
                (Direction::Request, _, false) => quote!(#[serde(rename = #wire)]),
                (Direction::Response, _, _) => quote!(#[serde(rename = #wire, default)]),
            };
            let doc = crate::emit_rust::doc_comment(&field_doc(field, direction));
            members.push(quote! { #doc #attrs pub #field_ident: #ty, });
        }
        let doc = crate::emit_rust::doc_comment(&format!(
            "Generated from the spec's schema for `{}`.",
            name.snake()
        ));
        let item = match direction {
            Direction::Request => {
                let conversions = fields.iter().zip(&idents).map(|(field, field_ident)| {
                    let wire = &field.name;
                    quote!((#wire.to_owned(), xano_meta_runtime::typed::IntoValue::into_value(self.#field_ident)))
                });
                quote! {
                    #doc
                    #[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
                    pub struct #ident { #(#members)* }

                    impl #ident {
                        /// The fields in declaration order, for the request builder.
                        pub fn into_fields(self) -> Vec<(String, xano_meta_runtime::input::Value<xano_meta_runtime::typed::Handle>)> {
                            vec![#(#conversions),*]
                        }
                    }

                    impl xano_meta_runtime::typed::IntoValue for #ident {
                        fn into_value(self) -> xano_meta_runtime::input::Value<xano_meta_runtime::typed::Handle> {
                            xano_meta_runtime::typed::serialized(&self)
                        }
                    }

                    impl xano_meta_runtime::typed::IntoBody for #ident {
                        fn into_body(self) -> xano_meta_runtime::input::BodyInput<xano_meta_runtime::typed::Handle> {
                            let whole = serde_json::to_value(&self).unwrap_or(serde_json::Value::Null);
                            xano_meta_runtime::typed::object_body(whole, self.into_fields())
                        }
                    }
                }
            }
            Direction::Response => quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
                pub struct #ident { #(#members)* }
            },
        };
        self.items.push(item);
        ident
    }
}

/// A struct field's doc: the JSON property it holds, and what the spec says it is.
fn field_doc(field: &Field, direction: Direction) -> String {
    let required =
        if field.required && direction == Direction::Request { " Required." } else { "" };
    let carried = match (direction, &field.shape.kind) {
        // A file travels as its own part of a multipart body; JSON skips it (`serde(skip)`).
        (Direction::Request, ShapeKind::Binary) => "Multipart field",
        _ => "JSON property",
    };
    format!("{carried} `{}`: {}.{required}", field.name, value_text(&field.shape, direction))
}

/// What a value of `shape` is, in words (`an integer, or null`).
fn value_text(shape: &Shape, direction: Direction) -> String {
    let kind = match &shape.kind {
        ShapeKind::Any => "any JSON".to_owned(),
        ShapeKind::String { allowed } if allowed.is_empty() => "a string".to_owned(),
        ShapeKind::String { allowed } => {
            let words: Vec<String> = allowed.iter().map(|w| format!("{w:?}")).collect();
            format!("one of {}", words.join(", "))
        }
        ShapeKind::Integer => "an integer".to_owned(),
        ShapeKind::Number => "a number".to_owned(),
        ShapeKind::Boolean => "a boolean".to_owned(),
        ShapeKind::Binary if direction == Direction::Request => "a file".to_owned(),
        ShapeKind::Binary => "bytes".to_owned(),
        ShapeKind::Timestamp => {
            "a timestamp (milliseconds since the epoch, or a date string)".to_owned()
        }
        ShapeKind::Array(items) => format!("an array of {}", value_text(items, direction)),
        ShapeKind::Object(fields) if fields.is_empty() => "any JSON object".to_owned(),
        ShapeKind::Object(_) => "an object".to_owned(),
    };
    if shape.nullable {
        format!("{kind}, or null")
    } else {
        kind
    }
}

/// Rust identifiers for JSON names: snake_case words, keywords escaped, empty or
/// colliding names numbered by position so every field has one.
pub fn field_idents<'a>(names: impl Iterator<Item = &'a str>) -> Vec<Ident> {
    let mut taken = BTreeSet::new();
    names
        .enumerate()
        .map(|(i, name)| {
            let mut snake = Name::from_text(name).snake();
            if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
                snake = format!("field_{i}_{snake}").trim_end_matches('_').to_owned();
            }
            if !taken.insert(snake.clone()) {
                snake = format!("{snake}_{i}");
                taken.insert(snake.clone());
            }
            rust_ident(&snake)
        })
        .collect()
}

/// An identifier, raw when it is a keyword (`type` → `r#type`), suffixed when
/// even a raw identifier cannot be that word (`self` → `self_`).
pub fn rust_ident(word: &str) -> Ident {
    const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];
    if NOT_RAW.contains(&word) {
        return Ident::new(&format!("{word}_"), Span::call_site());
    }
    syn::parse_str::<Ident>(word).unwrap_or_else(|_| Ident::new_raw(word, Span::call_site()))
}
