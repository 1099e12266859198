//! The generated descriptor tables as the package reads them: every table decodes,
//! and the names the package's entry installs methods by (read without decoding)
//! are the decoded operations' names, in order.

use xano_meta::generated::OPERATION_TABLES;

#[test]
fn names_read_without_decoding_are_the_decoded_names() {
    for (class, table) in OPERATION_TABLES {
        let names = table.js_names();
        let decoded: Vec<&str> = table.iter().map(|op| op.js_name).collect();
        assert!(!decoded.is_empty(), "{class}");
        assert_eq!(names, decoded, "{class}");
    }
}
