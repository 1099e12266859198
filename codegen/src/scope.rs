//! The scope an operation's description declares.
//!
//! Xano states it only in prose, at the end of the description:
//! `<b>Required API Scope:</b>\nWorkspace Database: Create`.

const MARKER: &str = "Required API Scope:";

/// The declared scope text (`Workspace Database: Create`), if the description has one.
pub fn declared_scope(description: &str) -> Option<String> {
    let start = description.find(MARKER)? + MARKER.len();
    let rest = description[start..].trim_start_matches("</b>").trim_start_matches("</strong>");
    let text = rest.trim_start().split(['<', '\n']).next().unwrap_or("").trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_line_after_the_marker() {
        let d = "Create a table\n<br /><br />\n<b>Authentication:</b> required\n<br /><br />\n<b>Required API Scope:</b>\nWorkspace Database: Create";
        assert_eq!(declared_scope(d).as_deref(), Some("Workspace Database: Create"));
        assert_eq!(declared_scope("<b>Required API Scope:</b> Workspace Api: Read<br />").as_deref(), Some("Workspace Api: Read"));
        assert_eq!(declared_scope("<b>Authentication:</b> required"), None);
        assert_eq!(declared_scope("<b>Required API Scope:</b>\n"), None);
    }
}
