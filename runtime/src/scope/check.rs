//! Checking a token against operations, and the least privilege for a job.

use super::{
    scope_by_key, KeyEvidence, Permissions, Requirement, Scope, Source, TokenClaims, TokenKind,
};
use crate::descriptor::Operation;

/// The answer of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The token holds the permission.
    Allowed,
    /// The token lacks it, has expired, or is not valid yet.
    Denied,
    /// The package cannot tell: only the server can.
    Unknown,
}

impl Access {
    /// `"allowed"`, `"denied"` or `"unknown"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Allowed => "allowed",
            Access::Denied => "denied",
            Access::Unknown => "unknown",
        }
    }
}

/// A check's answer. Its sentence for people is [`Decision::reason`], built only
/// when asked for: the client checks before every call, and most calls are allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The answer.
    pub access: Access,
    /// What the operation needs.
    pub requirement: Requirement,
    /// What the token holds on the required scope (when the scope was checked).
    pub held: Option<Permissions>,
    /// The token has expired (`exp` or `expires_at`).
    pub expired: bool,
    /// The token's `nbf` is still ahead.
    pub not_yet_valid: bool,
    why: Why,
}

/// What [`Decision::reason`] needs beyond the requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Why {
    /// The scope was checked (held is set), or the requirement is not known.
    Requirement,
    /// Expired at this time, as the token writes it.
    Expired(String),
    /// Not valid before this time (Unix seconds).
    NotYetValid(i64),
    /// An OAuth access token, with its scope words.
    OAuth(String),
    /// A JWT that is not a Metadata API token, with its audience.
    OtherJwt(Option<String>),
    /// The key is only named by a public source, and the token does not carry it.
    KeyAbsent,
}

impl Decision {
    /// Whether the token itself is unusable (expired, or not valid yet), whatever the call.
    pub fn unusable(&self) -> bool {
        self.expired || self.not_yet_valid
    }

    /// One sentence, for people. Never holds the token.
    pub fn reason(&self) -> String {
        let r = &self.requirement;
        match &self.why {
            Why::Expired(at) => return format!("the token expired at {at}"),
            Why::NotYetValid(at) => {
                return format!(
                    "the token is not valid before {} (its `nbf` claim): wait, or check this machine's clock",
                    super::format_timestamp(*at)
                )
            }
            _ => {}
        }
        let (Some(key), Some(permission)) = (r.key, r.permission) else {
            return match (r.source, r.name) {
                (Source::Unknown, _) => {
                    "the spec declares no required scope and no rule infers one".to_owned()
                }
                (_, Some(name)) => format!(
                    "the spec requires `{}`, and no token key is known for `{name}`",
                    r.describe()
                ),
                _ => "the required scope is not known".to_owned(),
            };
        };
        let name = r.name.unwrap_or(key);
        let needs = match r.inferred_from() {
            None => format!("needs {name} ({key}): {}", permission.as_str()),
            Some(basis) => {
                format!("needs {name} ({key}): {} (inferred from {basis})", permission.as_str())
            }
        };
        match &self.why {
            Why::OAuth(words) => format!(
                "{needs}; the token is an OAuth access token, whose scope words ({words}) no public source maps to these scopes, so only the server can judge the call"
            ),
            Why::OtherJwt(audience) => format!(
                "{needs}; the token is not a Metadata API token (audience {}), so only the server can judge the call",
                audience.as_deref().map_or_else(|| "none".to_owned(), |a| format!("`{}`", clip(a)))
            ),
            Why::KeyAbsent => format!(
                "{needs}; the token has no `{key}` key (no token seen so far has one), so only the server can judge the call"
            ),
            _ => match self.held {
                Some(held) => format!("{needs}; the token has {held}"),
                None => needs,
            },
        }
    }
}

/// Whether `claims` allow `op` at `now` (Unix seconds).
///
/// In order: an expired or not-yet-valid token is denied whatever the call; an unknown
/// requirement is unknown; a token that is not a Metadata API token (an OAuth access
/// token, another JWT) is unknown, since no public source maps its scopes; a key only
/// named by a public source is checked only when the token carries it.
pub fn check(claims: &TokenClaims, op: &Operation, now: i64) -> Decision {
    let requirement = op.requirement;
    let decision = |access, held, why| Decision {
        access,
        requirement,
        held,
        expired: matches!(why, Why::Expired(_)),
        not_yet_valid: matches!(why, Why::NotYetValid(_)),
        why,
    };
    if claims.is_expired(now) {
        return decision(
            Access::Denied,
            None,
            Why::Expired(claims.expiry_text().unwrap_or_default()),
        );
    }
    if claims.is_not_yet_valid(now) {
        return decision(
            Access::Denied,
            None,
            Why::NotYetValid(claims.not_before.unwrap_or_default()),
        );
    }
    let (Some(key), Some(permission)) = (requirement.key, requirement.permission) else {
        return decision(Access::Unknown, None, Why::Requirement);
    };
    match claims.kind {
        TokenKind::Metadata => {}
        TokenKind::OAuth => {
            let words = if claims.scope_words.is_empty() {
                "none".to_owned()
            } else {
                // Joined as `&str`s, as every list in a message (`text::join`).
                let words: Vec<&str> = claims.scope_words.iter().map(String::as_str).collect();
                clip(&crate::text::join(&words, " "))
            };
            return decision(Access::Unknown, None, Why::OAuth(words));
        }
        TokenKind::Jwt => {
            return decision(Access::Unknown, None, Why::OtherJwt(claims.audience.clone()))
        }
    }
    let named_only =
        scope_by_key(key).is_some_and(|s| matches!(s.evidence, KeyEvidence::NamedBy(_)));
    if named_only && !claims.carries(key) {
        return decision(Access::Unknown, None, Why::KeyAbsent);
    }
    let held = claims.permissions(key);
    let access = if held.contains(permission) { Access::Allowed } else { Access::Denied };
    decision(access, Some(held), Why::Requirement)
}

/// At most 120 characters of token-supplied text, for sentences.
fn clip(text: &str) -> String {
    let mut out = crate::text::first_chars(text, 120).to_owned();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// One scope of a least-privilege token, or of what a token holds beyond one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The token key.
    pub key: String,
    /// The package's entry for the key; `None` for a key it does not know.
    pub scope: Option<&'static Scope>,
    /// The permissions.
    pub permissions: Permissions,
}

impl Grant {
    /// The token screen's name of the scope; `None` for a key the package does not know.
    pub fn name(&self) -> Option<&'static str> {
        self.scope.map(|s| s.name)
    }

    /// The public source that names the key, when no token seen so far carries it (an
    /// inference: the token screen may call it otherwise, or not offer it); else `None`.
    pub fn inferred_from(&self) -> Option<&'static str> {
        match self.scope?.evidence {
            KeyEvidence::NamedBy(source) => Some(source),
            KeyEvidence::SeenInTokens => None,
        }
    }
}

impl std::fmt::Display for Grant {
    /// `Workspace Content: Read`, or `` `x:y` (a key this package does not know): Read ``.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name}: {}", self.permissions),
            None => write!(
                f,
                "`{}` (a key this package does not know): {}",
                clip(&self.key),
                self.permissions
            ),
        }
    }
}

/// The smallest set of scopes that allows every operation in `ops`, and the
/// operations whose requirement is not known (which no token can be sized for).
pub fn minimal_scopes<'a>(
    ops: impl IntoIterator<Item = &'a Operation>,
) -> (Vec<Grant>, Vec<&'a Operation>) {
    // Sorted by key, as the list is given back.
    let mut needed: Vec<(&str, Permissions)> = Vec::new();
    let mut unknown = Vec::new();
    for op in ops {
        match (op.requirement.key, op.requirement.permission) {
            (Some(key), Some(permission)) => match needed.binary_search_by(|(k, _)| k.cmp(&key)) {
                Ok(at) => needed[at].1 = needed[at].1.with(permission),
                Err(at) => needed.insert(at, (key, Permissions::NONE.with(permission))),
            },
            _ => unknown.push(op),
        }
    }
    (needed.into_iter().map(|(key, permissions)| grant(key, permissions)).collect(), unknown)
}

/// What `claims` hold beyond `minimal`: what to untick on the token screen. `None` when
/// the token is not a Metadata API token: it has no scope map to compare.
pub fn audit(claims: &TokenClaims, minimal: &[Grant]) -> Option<Vec<Grant>> {
    if !claims.is_metadata_token() {
        return None;
    }
    let extra = claims
        .scopes
        .iter()
        .filter_map(|(key, held)| {
            let needed =
                minimal.iter().find(|g| &g.key == key).map_or(Permissions::NONE, |g| g.permissions);
            let extra = held.minus(needed);
            (!extra.is_empty()).then(|| grant(key, extra))
        })
        .collect();
    Some(extra)
}

fn grant(key: &str, permissions: Permissions) -> Grant {
    Grant { key: key.to_owned(), scope: scope_by_key(key), permissions }
}
