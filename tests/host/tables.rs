//! The generated descriptor tables as the package reads them: every table decodes,
//! and the names the package's entry installs methods by (read without decoding)
//! are the decoded operations' names, in order; and each operation decoded alone
//! (a method's first call) is the one the whole table decodes to.

use xano_meta::generated::OPERATION_TABLES;
use xano_meta_runtime::descriptor::Operation;
use xano_meta_runtime::table::Table;

#[test]
fn names_read_without_decoding_are_the_decoded_names() {
    for (class, table) in OPERATION_TABLES {
        let names = table.js_names();
        let decoded: Vec<&str> = table.iter().map(|op| op.js_name).collect();
        assert!(!decoded.is_empty(), "{class}");
        assert_eq!(names, decoded, "{class}");
    }
}

#[test]
fn each_operation_decoded_alone_is_the_tables() {
    for (class, table) in OPERATION_TABLES {
        // A table of the same text of its own, which no other test decodes first.
        let (api, text) = table.source();
        let fresh: &'static Table = Box::leak(Box::new(Table::new(api, text)));
        let alone: Vec<_> = (0..table.len()).map(|i| fresh.operation(i).unwrap()).collect();
        assert!(fresh.operation(table.len()).is_none(), "{class}");
        for (single, op) in alone.iter().zip(table.iter()) {
            assert_eq!(every_field(single), every_field(op), "{class}");
        }
    }
}

/// Every field of `op` (its `Debug` shows only its name and endpoint).
fn every_field(op: &Operation) -> String {
    let Operation {
        name,
        js_name,
        api,
        method,
        path,
        tag,
        summary,
        scope,
        params,
        body,
        response,
        requirement,
        corrections,
    } = op;
    format!(
        "{name} {js_name} {api:?} {method:?} {path} {tag} {summary} {scope:?} {params:?} \
         {body:?} {response:?} {requirement:?} {corrections:?}"
    )
}
