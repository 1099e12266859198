//! Errors of the generator: each names the spec and the JSON pointer at fault.

use std::fmt;

/// Why a spec (or a corrections file) could not be turned into bindings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// Which spec: an instance name or a file path.
    pub spec: String,
    /// JSON pointer of the problem (`""` is the whole document).
    pub pointer: String,
    /// What is wrong there, in words.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() { "(document)" } else { &self.pointer };
        write!(f, "{}: {}: {}", self.spec, pointer, self.message)
    }
}

impl std::error::Error for SpecError {}

/// Escapes one JSON pointer token (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
