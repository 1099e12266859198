//! "Did you mean …?": the known name nearest to a misspelt one, for unknown
//! parameter, option and operation names.

/// The candidate closest to `wrong`, if one is close enough to be what was meant:
/// at most a third of its length in edits (and at least 2 allowed), ignoring case
/// and the `_`/`-` a JS caller may drop. Ties go to the first candidate.
pub fn nearest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong = fold(wrong);
    let limit = (wrong.len() / 3).max(2);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&wrong, &fold(candidate));
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, name)| name)
}

/// `; did you mean `x`?` for a message, or nothing.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    fragment(nearest(wrong, candidates))
}

/// The message fragment for a suggestion already found (empty for none).
pub fn fragment(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |name| format!("; did you mean `{name}`?"))
}

/// The name's characters as compared: ASCII case folded (names are ASCII, and
/// Unicode case tables would weigh on the wasm), without `_` and `-`.
fn fold(name: &str) -> Vec<char> {
    name.chars().filter(|c| *c != '_' && *c != '-').map(|c| c.to_ascii_lowercase()).collect()
}

/// Optimal string alignment distance: insertions, deletions, substitutions and
/// swaps of neighbours (`tabel` → `table` is one edit).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_meant() {
        let params = ["workspace_id", "table_id", "page", "per_page"];
        assert_eq!(nearest("workspaceId", params), Some("workspace_id"));
        assert_eq!(nearest("workspace_di", params), Some("workspace_id"));
        assert_eq!(nearest("perpage", params), Some("per_page"));
        assert_eq!(nearest("table", params), Some("table_id"));
        assert_eq!(nearest("colour", params), None);
        let ops = ["postWorkspaceTable", "getWorkspaceTable", "postWorkspaceFile"];
        assert_eq!(nearest("postWorkspaceTabel", ops), Some("postWorkspaceTable"));
        assert_eq!(nearest("getWorkspaceTables", ops), Some("getWorkspaceTable"));
        assert_eq!(nearest("deleteEverything", ops), None);
    }

    #[test]
    fn message_fragment() {
        assert_eq!(did_you_mean("pagee", ["page"]), "; did you mean `page`?");
        assert_eq!(did_you_mean("zzz", ["page"]), "");
    }

    #[test]
    fn distances() {
        let distance = |a: &str, b: &str| edit_distance(&fold(a), &fold(b));
        assert_eq!(distance("tabel", "table"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        // Characters, not bytes: one edit of a two-byte letter is one.
        assert_eq!(distance("café", "cafe"), 1);
        assert_eq!(distance("Work_Space-ID", "workspaceid"), 0);
    }
}
