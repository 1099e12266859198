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
    /// The page named itself or an earlier page as the next: a walk on would loop,
    /// and to stop there as if done would pass a cut list for a whole one.
    PointsBack(i64),
}

impl NextPage {
    /// The error of a walk that ended as `PointsBack(next)` after `page`.
    pub fn points_back(
        operation: &'static crate::descriptor::Operation,
        page: i64,
        next: i64,
    ) -> crate::Error {
        crate::Error::Decode {
            operation,
            message: format!(
                "page {page} gives nextPage {next}, not a later page, so the walk stops here"
            ),
        }
    }
}

/// The error of a walk whose `page` answered what is not a page of a list (`what`
/// says what it was): to stop there as if the list were whole would pass a cut list
/// for a whole one.
pub fn not_a_page(
    operation: &'static crate::descriptor::Operation,
    page: i64,
    what: &str,
) -> crate::Error {
    crate::Error::Decode {
        operation,
        message: format!("page {page} is not a page of a list ({what}), so the walk stops here"),
    }
}

/// After `pages_seen` pages, the last of which said `next_page`.
pub fn after(next_page: Option<i64>, current: i64, pages_seen: u32, max_pages: u32) -> NextPage {
    match next_page {
        None => NextPage::Done,
        Some(next) if next <= current => NextPage::PointsBack(next),
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
        assert_eq!(
            after(Some(3), 3, 3, 100),
            NextPage::PointsBack(3),
            "no loop on a repeated page"
        );
        assert_eq!(after(Some(1), 3, 3, 100), NextPage::PointsBack(1));
    }
}
