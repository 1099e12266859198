//! Walking Xano's pages: only `nextPage == null` ends a list (a full page does
//! not: Xano's page sizes are uneven), with a backstop against a server that
//! never says so.

/// What to fetch after a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextPage {
    /// Fetch this page number next.
    Fetch(i64),
    /// The list is complete.
    Done,
    /// The backstop was reached before `nextPage` was null.
    TooManyPages,
}

/// After `pages_seen` pages, the last of which said `next_page`.
pub fn after(next_page: Option<i64>, current: i64, pages_seen: u32, max_pages: u32) -> NextPage {
    match next_page {
        None => NextPage::Done,
        // A server that points back or at the same page would loop for ever.
        Some(next) if next <= current => NextPage::Done,
        Some(_) if pages_seen >= max_pages => NextPage::TooManyPages,
        Some(next) => NextPage::Fetch(next),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_null_next_page_ends() {
        assert_eq!(after(Some(2), 1, 1, 100), NextPage::Fetch(2));
        assert_eq!(after(None, 3, 3, 100), NextPage::Done);
        assert_eq!(after(Some(4), 3, 3, 3), NextPage::TooManyPages);
        assert_eq!(after(Some(3), 3, 3, 100), NextPage::Done, "no loop on a repeated page");
    }
}
