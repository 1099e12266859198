//! Stable forms of spec documents, so that re-fetching an unchanged spec changes
//! no file, and merging of specs exported in parts.

use serde_json::{Map, Value};

/// The document with every object's keys sorted, pretty-printed with a final newline.
pub fn normalize(text: &str) -> Result<String, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let mut out = serde_json::to_string_pretty(&sorted(value)).map_err(|e| e.to_string())?;
    out.push('\n');
    Ok(out)
}

fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect::<Map<_, _>>())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// Merges specs exported in parts (Xano exports one document per tag): the first
/// document's header, and the union of the paths, where a later document adds
/// methods to a path and a method present twice must be identical.
pub fn merge(parts: &[(String, String)]) -> Result<String, String> {
    let mut merged: Option<Value> = None;
    for (name, text) in parts {
        let part: Value =
            serde_json::from_str(text).map_err(|e| format!("{name}: not JSON: {e}"))?;
        let Some(paths) = part.get("paths").and_then(Value::as_object).cloned() else {
            return Err(format!("{name}: /paths: missing or not an object"));
        };
        let target = merged.get_or_insert_with(|| {
            let mut header = part.clone();
            header["paths"] = Value::Object(Map::new());
            header
        });
        let target_paths = target["paths"].as_object_mut().expect("set above");
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                return Err(format!(
                    "{name}: /paths/{}: not an object",
                    crate::error::pointer_token(&path)
                ));
            };
            let entry =
                target_paths.entry(path.clone()).or_insert_with(|| Value::Object(Map::new()));
            let entry = entry.as_object_mut().expect("path items are objects");
            for (method, operation) in item {
                match entry.get(method) {
                    Some(existing) if existing != operation => {
                        return Err(format!(
                            "{name}: /paths/{}/{method}: differs from an earlier part",
                            crate::error::pointer_token(&path)
                        ));
                    }
                    _ => {
                        entry.insert(method.clone(), operation.clone());
                    }
                }
            }
        }
    }
    let merged = merged.ok_or("no documents to merge")?;
    serde_json::to_string(&merged).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_order_and_spacing_do_not_matter() {
        let a = normalize(r#"{"b": 1, "a": {"d": [ {"y":1,"x":2} ], "c": null}}"#).unwrap();
        let b = normalize("{\"a\":{\"c\":null,\"d\":[{\"x\":2,\"y\":1}]},\"b\":1}").unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with("{\n  \"a\": {\n    \"c\": null") && a.ends_with("}\n"), "{a}");
        assert!(normalize("{oops").unwrap_err().starts_with("not JSON"));
    }

    #[test]
    fn parts_merge_by_path_and_method() {
        let one = r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{}}}}}"#;
        let two = r#"{"openapi":"3.0.0","info":{"title":"other","version":"1"},"paths":{"/a":{"post":{"responses":{}}},"/b":{"get":{"responses":{}}}}}"#;
        let merged: Value = serde_json::from_str(
            &merge(&[("1".into(), one.into()), ("2".into(), two.into())]).unwrap(),
        )
        .unwrap();
        assert_eq!(merged["info"]["title"], "t");
        assert_eq!(merged["paths"]["/a"].as_object().unwrap().len(), 2);
        assert!(merged["paths"]["/b"]["get"].is_object());
        let clash = r#"{"paths":{"/a":{"get":{"summary":"changed","responses":{}}}}}"#;
        let err =
            merge(&[("1".into(), one.into()), ("clash.json".into(), clash.into())]).unwrap_err();
        assert_eq!(err, "clash.json: /paths/~1a/get: differs from an earlier part");
    }
}
