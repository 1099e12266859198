//! Spec corrections: OpenAPI Overlay 1.0 documents applied to a spec before it is
//! parsed, so the spec files stay as Xano serves them and every departure from
//! them is kept in one place with its evidence.
//!
//! An overlay is `{ "overlay": "1.0.0", "info": { "title", "version" }, "actions": [...] }`;
//! each action has a `target` (an RFC 9535 JSONPath query, evaluated by
//! `serde_json_path`), a `description`, and either `update` (merged into every
//! node the target selects) or `remove: true` (every selected node is removed).
//! This project also requires `x-evidence` on every action: where the behaviour
//! was seen (a repository and path, or a documentation URL).
//!
//! Merging follows the Overlay specification: a property only in the update is
//! added, an object is merged recursively, an array is appended to, a primitive
//! replaces; an update of an array appends the update as one entry. A target
//! that selects nothing is not an error but a [`Warning`] naming the action, so a
//! correction the spec no longer needs (or no longer fits) is never applied
//! silently or dropped silently.

use serde_json::{Map, Value as Json};
use serde_json_path::JsonPath;

use crate::error::SpecError;
use crate::model::{Api, AppliedCorrection, Correction, Warning};
use crate::parse::parse_api_with;
use crate::SpecInput;

/// One corrections file, as read: where it came from and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlayInput {
    /// Its path as written in errors and reports (`specs/corrections/instance.overlay.json`).
    pub source: String,
    /// The file's JSON text.
    pub text: String,
}

/// A parsed overlay.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// Where it came from, as in [`OverlayInput::source`].
    pub source: String,
    /// Its `info.title`.
    pub title: String,
    /// Its actions, in the order they are applied.
    pub actions: Vec<Action>,
}

/// One action of an overlay.
#[derive(Debug, Clone)]
pub struct Action {
    /// Its position in `actions`, for messages (`/actions/3`).
    pub index: usize,
    /// The JSONPath text, as written.
    pub target: String,
    path: JsonPath,
    /// How Xano behaves where the spec says otherwise (the action's `description`).
    pub description: String,
    /// Where the behaviour the action describes was seen.
    pub evidence: String,
    /// What it does to the nodes it selects.
    pub change: Change,
}

/// What an action does to each node its target selects.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// `update`: merged into each node, by the Overlay specification's rules.
    Update(Json),
    /// `remove: true`: each node is removed from its parent.
    Remove,
}

/// An action as applied to one spec: which nodes it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The corrections file.
    pub source: String,
    /// The action's position in the file's `actions`.
    pub index: usize,
    /// The action's JSONPath query, as written.
    pub target: String,
    /// The action's description.
    pub description: String,
    /// The action's evidence (`x-evidence`).
    pub evidence: String,
    /// JSON pointers (into the spec as it was when the action ran) of the nodes
    /// it changed; empty when the target selected nothing.
    pub pointers: Vec<String>,
}

/// Parses the text of one corrections file (JSON).
pub fn parse(input: &OverlayInput) -> Result<Overlay, SpecError> {
    let error = |pointer: &str, message: String| SpecError {
        spec: input.source.clone(),
        pointer: pointer.to_owned(),
        message,
    };
    let json: Json = serde_json::from_str(&input.text)
        .map_err(|e| error("", format!("not JSON: {e} (corrections are an OpenAPI Overlay)")))?;
    let root = json.as_object().ok_or_else(|| error("", "not a JSON object".to_owned()))?;
    unknown_fields(root, &["overlay", "info", "actions", "extends"])
        .map_err(|(key, m)| error(&format!("/{key}"), m))?;
    let version = root.get("overlay").and_then(Json::as_str).unwrap_or("");
    if !version.starts_with("1.0.") {
        return Err(error(
            "/overlay",
            format!("`overlay` must be a 1.0.x version (OpenAPI Overlay 1.0), found {version:?}"),
        ));
    }
    let info = root.get("info").and_then(Json::as_object);
    let title = info.and_then(|i| i.get("title")).and_then(Json::as_str);
    let has_version = info.and_then(|i| i.get("version")).is_some_and(Json::is_string);
    let (Some(title), true) = (title, has_version) else {
        return Err(error("/info", "needs `title` and `version` strings".to_owned()));
    };
    let Some(list) = root.get("actions").and_then(Json::as_array).filter(|a| !a.is_empty()) else {
        return Err(error("/actions", "needs a non-empty list of actions".to_owned()));
    };
    let actions = list
        .iter()
        .enumerate()
        .map(|(index, action)| {
            self::action(index, action).map_err(|(field, m)| {
                let field = field.map(|f| format!("/{f}")).unwrap_or_default();
                error(&format!("/actions/{index}{field}"), m)
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Overlay { source: input.source.clone(), title: title.to_owned(), actions })
}

/// An error of one action: the field at fault (if one) and what is wrong.
type ActionError = (Option<String>, String);

fn action(index: usize, json: &Json) -> Result<Action, ActionError> {
    let object = json.as_object().ok_or((None, "an action must be an object".to_owned()))?;
    unknown_fields(object, &["target", "description", "update", "remove"])
        .map_err(|(key, m)| (Some(key), m))?;
    let text = |field: &str| {
        object
            .get(field)
            .and_then(Json::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned)
            .ok_or((Some(field.to_owned()), format!("`{field}` must be a non-empty string")))
    };
    let target = text("target")?;
    let path = JsonPath::parse(&target).map_err(|e| {
        (Some("target".to_owned()), format!("not a JSONPath query (RFC 9535): {e}"))
    })?;
    let description = text("description")?;
    let evidence = text("x-evidence").map_err(|(field, m)| {
        (field, format!("{m}: every correction says where the behaviour was seen (a repository and path, or a documentation URL)"))
    })?;
    let remove = match object.get("remove") {
        None | Some(Json::Bool(false)) => false,
        Some(Json::Bool(true)) => true,
        Some(_) => {
            return Err((Some("remove".to_owned()), "`remove` must be a boolean".to_owned()))
        }
    };
    let change = match (object.get("update"), remove) {
        (Some(_), true) => return Err((
            None,
            "has both `update` and `remove: true`; the update would be ignored (make two actions)"
                .to_owned(),
        )),
        (Some(update), false) => Change::Update(update.clone()),
        (None, true) => Change::Remove,
        (None, false) => {
            return Err((None, "needs `update` or `remove: true`".to_owned()));
        }
    };
    Ok(Action { index, target, path, description, evidence, change })
}

/// Fields neither listed nor extensions (`x-…`): a misspelt `updates` must not be ignored.
fn unknown_fields(object: &Map<String, Json>, known: &[&str]) -> Result<(), (String, String)> {
    match object.keys().find(|k| !known.contains(&k.as_str()) && !k.starts_with("x-")) {
        Some(key) => Err((
            crate::error::pointer_token(key),
            format!(
                "unknown field `{key}` (expected one of {}, or an `x-` extension)",
                known.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

/// Applies the overlays, in order, to `spec`. Returns every action with what it
/// changed, and a warning for each action whose target selected nothing.
pub fn apply(
    overlays: &[Overlay],
    spec: &mut Json,
) -> Result<(Vec<Applied>, Vec<Warning>), SpecError> {
    let mut applied = Vec::new();
    let mut warnings = Vec::new();
    for overlay in overlays {
        for action in &overlay.actions {
            let pointers = apply_action(action, spec).map_err(|message| SpecError {
                spec: overlay.source.clone(),
                pointer: format!("/actions/{}", action.index),
                message,
            })?;
            if pointers.is_empty() {
                warnings.push(Warning {
                    pointer: format!("{}#/actions/{}", overlay.source, action.index),
                    message: format!(
                        "correction `{}` (target `{}`) matches nothing in the spec; not applied",
                        action.description, action.target
                    ),
                });
            }
            applied.push(Applied {
                source: overlay.source.clone(),
                index: action.index,
                target: action.target.clone(),
                description: action.description.clone(),
                evidence: action.evidence.clone(),
                pointers,
            });
        }
    }
    Ok((applied, warnings))
}

/// Document order of two JSON pointers, with numeric segments compared as numbers
/// (so `/a/10` comes after `/a/9`) and a node before its descendants.
fn pointer_order(a: &str, b: &str) -> std::cmp::Ordering {
    let segment = |s: &str| (s.parse::<u64>().ok(), s.to_owned());
    let a: Vec<_> = a.split('/').map(segment).collect();
    let b: Vec<_> = b.split('/').map(segment).collect();
    a.cmp(&b)
}

/// Applies one action; returns the pointers of the nodes it changed.
fn apply_action(action: &Action, spec: &mut Json) -> Result<Vec<String>, String> {
    let mut pointers: Vec<String> =
        action.path.query_located(spec).dedup().locations().map(|l| l.to_json_pointer()).collect();
    match &action.change {
        Change::Remove => {
            if pointers.iter().any(String::is_empty) {
                return Err(format!(
                    "target `{}` selects the whole document, which cannot be removed",
                    action.target
                ));
            }
            // Later siblings and descendants first, so the pointers still hold (array
            // indices shift when an earlier entry goes). A query's results need not be
            // in document order (`$.a[2,0]`), so they are sorted: segment by segment,
            // array indices as numbers, deepest and highest first.
            let mut order = pointers.clone();
            order.sort_by(|a, b| pointer_order(b, a));
            for pointer in &order {
                remove(spec, pointer);
            }
        }
        Change::Update(update) => {
            for pointer in &pointers {
                let node = spec.pointer_mut(pointer).expect("a node the query just located");
                match node {
                    Json::Object(_) if !update.is_object() => {
                        return Err(format!(
                            "target `{}` selects an object at {pointer}, so `update` must be an object",
                            action.target
                        ))
                    }
                    Json::Object(_) => merge(node, update, pointer)?,
                    Json::Array(items) => items.push(update.clone()),
                    _ => {
                        return Err(format!(
                            "target `{}` selects a {} at {pointer}; an update targets objects or arrays \
                             (to replace a value, target the object that holds it)",
                            action.target,
                            kind(node)
                        ))
                    }
                }
            }
        }
    }
    pointers.sort();
    Ok(pointers)
}

/// Removes the node at `pointer` from its parent object or array.
fn remove(spec: &mut Json, pointer: &str) {
    let (parent, last) = pointer.rsplit_once('/').expect("a non-empty pointer");
    let last = last.replace("~1", "/").replace("~0", "~");
    match spec.pointer_mut(parent) {
        Some(Json::Object(map)) => {
            map.shift_remove(&last);
        }
        Some(Json::Array(items)) => {
            if let Ok(i) = last.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

/// The Overlay merge of `update` into `target` (both objects at the top).
fn merge(target: &mut Json, update: &Json, pointer: &str) -> Result<(), String> {
    match (target, update) {
        (Json::Object(target), Json::Object(update)) => {
            for (key, value) in update {
                let here = format!("{pointer}/{}", crate::error::pointer_token(key));
                match target.get_mut(key) {
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                    Some(existing) => merge(existing, value, &here)?,
                }
            }
            Ok(())
        }
        (Json::Array(target), Json::Array(update)) => {
            target.extend(update.iter().cloned());
            Ok(())
        }
        (target, update) if !is_container(target) && !is_container(update) => {
            *target = update.clone();
            Ok(())
        }
        (target, update) => Err(format!(
            "cannot merge a {} into the {} at {pointer} (remove it first, in an action before this one)",
            kind(update),
            kind(target)
        )),
    }
}

fn is_container(json: &Json) -> bool {
    json.is_object() || json.is_array()
}

fn kind(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

/// Parses a spec with its corrections applied (none: the spec as it is). The
/// operations each correction changed carry it (for `operations()` and the
/// reference), the API lists them all (for the change report), and a correction
/// whose target matched nothing is a warning.
pub fn corrected_api(spec: &SpecInput) -> Result<Api, SpecError> {
    if spec.corrections.is_empty() {
        return parse_api_with(&spec.source, spec.kind, &spec.text, &spec.renames);
    }
    let overlays = spec.corrections.iter().map(parse).collect::<Result<Vec<_>, _>>()?;
    // A spec that is not JSON at all is the parser's to report, as without corrections.
    let Ok(mut json) = serde_json::from_str::<Json>(&spec.text) else {
        return parse_api_with(&spec.source, spec.kind, &spec.text, &spec.renames);
    };
    let (applied, warnings) = apply(&overlays, &mut json)?;
    let sources: Vec<&str> = overlays.iter().map(|o| o.source.as_str()).collect();
    let text = serde_json::to_string(&json).map_err(|e| SpecError {
        spec: spec.source.clone(),
        pointer: String::new(),
        message: e.to_string(),
    })?;
    let mut api =
        parse_api_with(&spec.source, spec.kind, &text, &spec.renames).map_err(|mut e| {
            e.message
                .push_str(&format!(" (with the corrections of {} applied)", sources.join(", ")));
            e
        })?;
    let mut touched: Vec<Vec<String>> = vec![Vec::new(); applied.len()];
    for op in &mut api.operations {
        let method = op.method.as_str().to_ascii_lowercase();
        for (action, names) in applied.iter().zip(&mut touched) {
            if action.pointers.iter().any(|p| concerns(p, &op.path, &method)) {
                let correction = Correction {
                    description: action.description.clone(),
                    evidence: action.evidence.clone(),
                };
                // One correction may take several actions (remove, then update).
                if !op.corrections.contains(&correction) {
                    op.corrections.push(correction);
                }
                names.push(op.name.camel());
            }
        }
    }
    api.corrections = applied
        .into_iter()
        .zip(touched)
        .map(|(a, operations)| AppliedCorrection {
            source: a.source,
            index: a.index,
            target: a.target,
            correction: Correction { description: a.description, evidence: a.evidence },
            matched: a.pointers.len(),
            operations,
        })
        .collect();
    // First, so they stand out in the summary.
    api.warnings.splice(0..0, warnings);
    Ok(api)
}

/// Whether a change at `pointer` concerns the operation at `path` and `method`
/// (lower-case): it is in the operation, holds it, or is elsewhere in its path
/// item (path-level parameters). Pointers outside `paths` (components) concern
/// no operation directly.
pub fn concerns(pointer: &str, path: &str, method: &str) -> bool {
    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let item = format!("/paths/{}", crate::error::pointer_token(path));
    let op = format!("{item}/{method}");
    let within = |outer: &str, inner: &str| {
        inner == outer || inner.strip_prefix(outer).is_some_and(|rest| rest.starts_with('/'))
    };
    within(&op, pointer)
        || within(pointer, &op)
        || pointer
            .strip_prefix(&format!("{item}/"))
            .is_some_and(|rest| !METHODS.contains(&rest.split('/').next().unwrap_or("")))
}

#[cfg(test)]
mod tests;
