//! The four permissions and their bits in a token's scope values.
//!
//! THE BIT LAYOUT IS AN INFERENCE, kept here and only here: Xano does not document
//! it. Tokens seen hold 0 (no access), 15 (all four) and 16 (only on action-like
//! `tenant_center:*` keys); the token screen's order suggests Create=1, Read=2,
//! Update=4, Delete=8. Change `Permission::bit` if Xano says otherwise.

use std::fmt;

/// One of Create, Read, Update, Delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Permission {
    /// Create.
    Create,
    /// Read (also `POST …/search`).
    Read,
    /// Update.
    Update,
    /// Delete.
    Delete,
}

impl Permission {
    /// In the token screen's order.
    pub const ALL: [Permission; 4] =
        [Permission::Create, Permission::Read, Permission::Update, Permission::Delete];

    /// The bit of this permission in a scope value (an inference: see above).
    pub const fn bit(self) -> u32 {
        match self {
            Permission::Create => 1,
            Permission::Read => 2,
            Permission::Update => 4,
            Permission::Delete => 8,
        }
    }

    /// As the spec and the token screen write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Create => "Create",
            Permission::Read => "Read",
            Permission::Update => "Update",
            Permission::Delete => "Delete",
        }
    }

    /// Parses `Create`, `Read`, `Update` or `Delete` (any case).
    pub fn parse(text: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.as_str().eq_ignore_ascii_case(text.trim_ascii()))
    }
}

/// A set of permissions: a scope value from a token, or what a job needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Permissions(pub u32);

impl Permissions {
    /// No access (a value of 0, or an absent key).
    pub const NONE: Permissions = Permissions(0);

    /// Whether `p`'s bit is set.
    pub fn contains(self, p: Permission) -> bool {
        self.0 & p.bit() != 0
    }

    /// This set and `p`.
    pub fn with(self, p: Permission) -> Permissions {
        Permissions(self.0 | p.bit())
    }

    /// The known permissions held, in the token screen's order.
    pub fn list(self) -> Vec<Permission> {
        Permission::ALL.into_iter().filter(|p| self.contains(*p)).collect()
    }

    /// Bits that are none of the four (16 on `tenant_center:deploy`): kept, not read.
    pub fn other_bits(self) -> u32 {
        self.0 & !Permission::ALL.iter().fold(0, |bits, p| bits | p.bit())
    }

    /// The permissions in `self` that `other` lacks.
    pub fn minus(self, other: Permissions) -> Permissions {
        Permissions(self.0 & !other.0)
    }

    /// No bit at all is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl fmt::Display for Permissions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.list().into_iter().map(Permission::as_str).collect();
        match (names.is_empty(), self.other_bits()) {
            (true, 0) => f.write_str("no access"),
            (true, bits) => write!(f, "none of Create, Read, Update, Delete (other bits: {bits})"),
            (false, 0) => f.write_str(&crate::text::join(&names, ", ")),
            (false, bits) => {
                write!(f, "{} (and other bits: {bits})", crate::text::join(&names, ", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifteen_is_all_four_and_zero_is_none() {
        assert_eq!(Permissions(15).list(), Permission::ALL.to_vec());
        assert!(Permissions(0).list().is_empty());
        assert_eq!(Permissions(16).other_bits(), 16);
        assert_eq!(Permissions(16).list(), vec![]);
        assert_eq!(
            Permissions(16).to_string(),
            "none of Create, Read, Update, Delete (other bits: 16)"
        );
        assert_eq!(Permissions(18).to_string(), "Read (and other bits: 16)");
        assert_eq!(Permissions(0).to_string(), "no access");
        assert_eq!(Permissions(2).to_string(), "Read");
        assert_eq!(Permissions(15).minus(Permissions(2)).to_string(), "Create, Update, Delete");
        assert_eq!(Permission::parse(" read "), Some(Permission::Read));
    }
}
