//! What changed for users between two generations: a compact snapshot of each
//! API's model is checked in beside the bindings (`model.json`), and the next
//! regeneration compares against it.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::model::{Api, Operation, Shape};

/// The snapshot's file name beside each API's bindings.
pub const SNAPSHOT: &str = "model.json";

/// The part of an API's model that users see, by JS operation name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Snapshot {
    /// What generated the file and that it is not edited by hand (`@generated` in JSON).
    #[serde(rename = "@generated")]
    pub generated: String,
    /// The spec corrections applied, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<CorrectionSnapshot>,
    /// Each operation by its JS name.
    pub operations: BTreeMap<String, OperationSnapshot>,
}

/// One applied spec correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionSnapshot {
    /// `<corrections file>#/actions/<i>`.
    pub action: String,
    /// The action's JSONPath query.
    pub target: String,
    /// What the correction says.
    pub description: String,
    /// Where the behaviour it describes was seen.
    pub evidence: String,
    /// How many nodes of the spec it changed; 0 is a warning.
    pub matched: usize,
    /// The operations it changed, by JS name.
    pub operations: Vec<String>,
}

/// One operation as users see it; each field is compared as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationSnapshot {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path template (`/workspace/{workspace_id}/table`).
    pub path: String,
    /// Parameter name → `"<in> <type>, required|optional"`, the type as the
    /// model's `Shape` writes it (`integer`, `"asc" | "desc"`).
    pub params: BTreeMap<String, String>,
    /// Media types and fields of the body, or none.
    pub body: Option<String>,
    /// A digest of the response's encoding and shape (as the model writes it).
    pub response: String,
    /// `Workspace Database: Create (declared)`, or `unknown`.
    pub scope: String,
}

/// The snapshot of `api`, generated from the spec at `source`.
pub fn snapshot(api: &Api, source: &str) -> Snapshot {
    let operations = api.operations.iter().map(|op| (op.name.camel(), operation(op))).collect();
    let corrections = api
        .corrections
        .iter()
        .map(|c| CorrectionSnapshot {
            action: format!("{}#/actions/{}", c.source, c.index),
            target: c.target.clone(),
            description: c.correction.description.clone(),
            evidence: c.correction.evidence.clone(),
            matched: c.matched,
            operations: c.operations.clone(),
        })
        .collect();
    Snapshot {
        generated: format!("by `cargo xtask regenerate` from {source}; do not edit by hand"),
        corrections,
        operations,
    }
}

fn operation(op: &Operation) -> OperationSnapshot {
    let params = op
        .params
        .iter()
        .map(|p| {
            let location = p.location.as_str();
            (
                p.name.clone(),
                format!(
                    "{location} {}, {}",
                    p.shape,
                    if p.required { "required" } else { "optional" }
                ),
            )
        })
        .collect();
    let body = op.body.as_ref().map(|b| {
        let media: Vec<&str> = [
            (b.json, "json"),
            (b.json_string, "json-string"),
            (b.multipart, "multipart"),
            (b.xanoscript, "xanoscript"),
        ]
        .into_iter()
        .filter_map(|(on, m)| on.then_some(m))
        .collect();
        let fields = b.object.as_ref().map(Shape::to_string).unwrap_or_default();
        format!("{} {}", media.join("+"), digest(&fields))
    });
    let r = &op.requirement;
    let scope = match (&r.name, r.permission) {
        (Some(name), Some(p)) => format!("{name}: {} ({})", p.as_str(), r.source.as_str()),
        _ => "unknown".to_owned(),
    };
    OperationSnapshot {
        method: op.method.as_str().to_owned(),
        path: op.path.clone(),
        params,
        body,
        response: digest(&format!("{} {}", op.media.as_str(), op.response)),
        scope,
    }
}

/// FNV-1a, 64 bits: stable across runs and platforms, unlike `DefaultHasher`.
fn digest(text: &str) -> String {
    let hash = text
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// The changes from `old` to `new`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChangeReport {
    /// (operation, old scope, new scope): listed first, since a newly required
    /// scope breaks existing tokens.
    pub scopes: Vec<(String, String, String)>,
    /// (operation, `METHOD /path`).
    pub added: Vec<(String, String)>,
    /// (operation, `METHOD /path`) of operations gone from `new`.
    pub removed: Vec<(String, String)>,
    /// (operation, what happened to which parameter).
    pub params: Vec<(String, String)>,
    /// Operations whose request body changed (media types or fields).
    pub bodies: Vec<String>,
    /// Operations whose response type changed.
    pub responses: Vec<String>,
    /// The spec corrections applied by this generation (not a change in
    /// itself: listed every time, so none is applied unseen).
    pub corrections: Vec<CorrectionSnapshot>,
}

impl ChangeReport {
    /// Whether nothing changed for users (applied corrections aside).
    pub fn is_empty(&self) -> bool {
        ChangeReport { corrections: Vec::new(), ..self.clone() } == ChangeReport::default()
    }

    /// The report as Markdown, for people reviewing a regeneration.
    pub fn markdown(&self, api: &str) -> String {
        let mut out = format!("## {api}\n\n");
        if self.is_empty() {
            out.push_str("No changes for users.\n");
            if !self.corrections.is_empty() {
                out.push('\n');
                out.push_str(&self.corrections_markdown());
            }
            return out;
        }
        let mut section = |title: &str, lines: Vec<String>| {
            if !lines.is_empty() {
                let _ = writeln!(out, "### {title} ({})\n", lines.len());
                for line in lines {
                    let _ = writeln!(out, "- {line}");
                }
                out.push('\n');
            }
        };
        section(
            "Required scopes changed (existing tokens may stop working)",
            self.scopes.iter().map(|(n, o, w)| format!("`{n}`: {o} → {w}")).collect(),
        );
        section(
            "Operations removed",
            self.removed.iter().map(|(n, m)| format!("`{n}` ({m})")).collect(),
        );
        section(
            "Operations added",
            self.added.iter().map(|(n, m)| format!("`{n}` ({m})")).collect(),
        );
        section(
            "Parameters changed",
            self.params.iter().map(|(n, c)| format!("`{n}`: {c}")).collect(),
        );
        section("Request bodies changed", self.bodies.iter().map(|n| format!("`{n}`")).collect());
        section(
            "Response shapes changed",
            self.responses.iter().map(|n| format!("`{n}`")).collect(),
        );
        out.push_str(&self.corrections_markdown());
        out
    }

    /// The corrections applied, each with its evidence and what it changed (the
    /// actions of one correction, such as a remove and an update, on one line);
    /// an action that matched nothing is marked as the warning it is.
    fn corrections_markdown(&self) -> String {
        if self.corrections.is_empty() {
            return String::new();
        }
        let mut out = format!("### Spec corrections applied ({})\n\n", self.corrections.len());
        let same = |a: &CorrectionSnapshot, b: &CorrectionSnapshot| {
            (&a.description, &a.evidence) == (&b.description, &b.evidence)
        };
        for group in self.corrections.chunk_by(same) {
            let actions: Vec<&str> = group.iter().map(|c| c.action.as_str()).collect();
            let mut operations: Vec<&str> =
                group.iter().flat_map(|c| c.operations.iter().map(String::as_str)).collect();
            operations.dedup();
            let changed = if operations.is_empty() {
                "no operation".to_owned()
            } else {
                operations.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
            };
            let first = &group[0];
            let _ = writeln!(
                out,
                "- {} ({}): {changed}. Evidence: {}",
                first.description,
                actions.join(", "),
                first.evidence
            );
            for unmatched in group.iter().filter(|c| c.matched == 0) {
                let _ = writeln!(
                    out,
                    "  - **warning: {} (target `{}`) matches nothing in the spec; not applied**",
                    unmatched.action, unmatched.target
                );
            }
        }
        out.push('\n');
        out
    }
}

/// Compares two snapshots.
pub fn diff(old: &Snapshot, new: &Snapshot) -> ChangeReport {
    let mut report = ChangeReport { corrections: new.corrections.clone(), ..Default::default() };
    for (name, op) in &new.operations {
        let Some(before) = old.operations.get(name) else {
            report.added.push((name.clone(), format!("{} {}", op.method, op.path)));
            continue;
        };
        if before.scope != op.scope {
            report.scopes.push((name.clone(), before.scope.clone(), op.scope.clone()));
        }
        for (param, now) in &op.params {
            match before.params.get(param) {
                None => report.params.push((name.clone(), format!("`{param}` added ({now})"))),
                Some(was) if was != now => {
                    report.params.push((name.clone(), format!("`{param}` {was} → {now}")))
                }
                _ => {}
            }
        }
        for param in before.params.keys().filter(|p| !op.params.contains_key(*p)) {
            report.params.push((name.clone(), format!("`{param}` removed")));
        }
        if before.body != op.body {
            report.bodies.push(name.clone());
        }
        if before.response != op.response {
            report.responses.push(name.clone());
        }
    }
    for (name, op) in &old.operations {
        if !new.operations.contains_key(name) {
            report.removed.push((name.clone(), format!("{} {}", op.method, op.path)));
        }
    }
    report
}

#[cfg(test)]
mod tests;
