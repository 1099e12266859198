//! When to retry a failed attempt, and how long to wait: plain Rust, no timers.
//!
//! - 429 is retried for every method (Xano refused it before acting), waiting what
//!   `Retry-After` says when present, else backing off from 3 s and doubling, so
//!   that the retries span Xano's 20-second window.
//! - 502, 503, 504, network errors and timeouts are retried only for methods that
//!   are safe to repeat (GET, PUT, DELETE): a POST or PATCH may have been acted on,
//!   so it is retried only when the caller opts in for that call.
//! - 500 and every 4xx but 429 are answers, not accidents: never retried.
//!
//! Every computed delay has equal jitter (half the backoff, plus a random part of the
//! other half) so that clients that failed together do not retry together, while no
//! wait is shorter than half its step; `Retry-After` is honoured as given.

use crate::descriptor::Method;
use crate::text::decimal;

/// Limits of retrying, per client (and overridable per call).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// No retry starts after this much time since the first attempt began.
    pub max_elapsed_ms: f64,
    /// First backoff for server and network errors.
    pub base_delay_ms: f64,
    /// First backoff for 429 without `Retry-After`.
    pub rate_limit_delay_ms: f64,
    /// Longest single backoff. A `Retry-After` is waited as given: the server
    /// named the time, and retrying sooner draws another refusal. One that ends
    /// past `max_elapsed_ms` gives up at once instead.
    pub max_delay_ms: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            max_attempts: 5,
            max_elapsed_ms: 120_000.0,
            base_delay_ms: 500.0,
            // With equal jitter the four waits of five attempts add up to at least
            // 1.5 + 3 + 6 + 12 = 22.5 s: past Xano's 20 s window even at their
            // shortest (from 2.5 s they could add up to 18.75 s).
            rate_limit_delay_ms: 3_000.0,
            max_delay_ms: 30_000.0,
        }
    }
}

/// How an attempt ended, when it did not succeed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// An HTTP answer other than 2xx.
    Status {
        /// Its status code.
        status: u16,
        /// Its `Retry-After` header, as sent, if any.
        retry_after: Option<String>,
    },
    /// The request did not complete.
    Network,
    /// The attempt's timeout fired.
    Timeout,
}

/// Why a retry happens, as a UI would show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A 429: Xano's rate limit refused the call.
    RateLimited,
    /// A 502, 503 or 504.
    ServerError,
    /// The request did not complete.
    Network,
    /// The attempt's timeout fired.
    Timeout,
}

impl Reason {
    /// The kebab-case word JS sees as the retry event's `reason`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::RateLimited => "rate-limited",
            Reason::ServerError => "server-error",
            Reason::Network => "network",
            Reason::Timeout => "timeout",
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Next {
    /// Start another attempt after waiting.
    Retry {
        /// How long to wait first, in milliseconds.
        delay_ms: f64,
        /// What the retry is for.
        reason: Reason,
    },
    /// Stop: the failure is the call's outcome.
    GiveUp,
}

/// Decides after attempt number `attempt` (1-based) failed with `failure`.
/// `elapsed_ms` is the time since the first attempt began; `now_ms` (Unix ms)
/// reads HTTP-date `Retry-After`s; `random` in [0, 1) makes the jitter. (Every input
/// is a plain argument so the decision stays pure and its tests read as tables.)
#[allow(clippy::too_many_arguments)]
pub fn next(
    policy: &Policy,
    method: Method,
    retry_unsafe: bool,
    attempt: u32,
    failure: &Failure,
    elapsed_ms: f64,
    now_ms: f64,
    random: f64,
) -> Next {
    if attempt >= policy.max_attempts {
        return Next::GiveUp;
    }
    let repeatable = retry_unsafe || method.is_repeatable();
    let backoff = |base: f64| (base * 2f64.powi(attempt as i32 - 1)).min(policy.max_delay_ms);
    let (delay_ms, reason) = match failure {
        Failure::Status { status: 429, retry_after } => {
            match retry_after.as_deref().and_then(|v| retry_after_ms(v, now_ms)) {
                Some(wait) => (wait, Reason::RateLimited),
                None => (jitter(backoff(policy.rate_limit_delay_ms), random), Reason::RateLimited),
            }
        }
        Failure::Status { status: 502..=504, retry_after } if repeatable => {
            let wait = retry_after.as_deref().and_then(|v| retry_after_ms(v, now_ms));
            (
                wait.unwrap_or_else(|| jitter(backoff(policy.base_delay_ms), random)),
                Reason::ServerError,
            )
        }
        Failure::Network if repeatable => {
            (jitter(backoff(policy.base_delay_ms), random), Reason::Network)
        }
        Failure::Timeout if repeatable => {
            (jitter(backoff(policy.base_delay_ms), random), Reason::Timeout)
        }
        _ => return Next::GiveUp,
    };
    if elapsed_ms + delay_ms > policy.max_elapsed_ms {
        return Next::GiveUp;
    }
    Next::Retry { delay_ms, reason }
}

/// Equal jitter: between half the backoff and all of it (full jitter, 0 to all of it,
/// could retry at once and draw another 429).
fn jitter(backoff: f64, random: f64) -> f64 {
    backoff * (0.5 + 0.5 * random.clamp(0.0, 1.0))
}

/// A `Retry-After` value in milliseconds from `now_ms`: delta-seconds or an HTTP
/// date (RFC 9110). A date in the past means "now".
pub fn retry_after_ms(value: &str, now_ms: f64) -> Option<f64> {
    let value = value.trim_ascii();
    if let Some(seconds) = decimal(value) {
        return Some(seconds as f64 * 1000.0);
    }
    let at = http_date_ms(value)?;
    Some((at - now_ms).max(0.0))
}

/// Parses an HTTP date into Unix ms, in the three forms RFC 9110 has recipients
/// accept: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850's
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime's (`Sun Nov  6 08:49:37 1994`).
fn http_date_ms(value: &str) -> Option<f64> {
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let parts: Vec<&str> = value.split_ascii_whitespace().collect();
    let (day, month, year, time) = match parts.as_slice() {
        [_weekday, day, month, year, time, "GMT"] => (*day, *month, decimal(year)?, *time),
        [_weekday, date, time, "GMT"] => {
            let [day, month, year] = crate::text::pieces(date, b'-').collect::<Vec<_>>()[..] else {
                return None;
            };
            // Two digits: RFC 9110 reads one that looks over 50 years ahead as the
            // past century's; for a Retry-After, years from 1970 to 2069.
            let year = decimal(year).filter(|_| year.len() == 2)?;
            (day, month, if year < 70 { 2000 + year } else { 1900 + year }, *time)
        }
        [_weekday, month, day, time, year] => (*day, *month, decimal(year)?, *time),
        _ => return None,
    };
    let month = MONTHS.iter().position(|m| *m == month)? + 1;
    let text = format!("{year:04}-{month:02}-{:02} {time}+0000", decimal(day)?);
    crate::scope::parse_timestamp(&text).map(|s| s as f64 * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Policy = Policy {
        max_attempts: 5,
        max_elapsed_ms: 120_000.0,
        base_delay_ms: 500.0,
        rate_limit_delay_ms: 3_000.0,
        max_delay_ms: 30_000.0,
    };

    fn status(status: u16, retry_after: Option<&str>) -> Failure {
        Failure::Status { status, retry_after: retry_after.map(str::to_owned) }
    }

    #[test]
    fn rate_limits_back_off_across_xanos_window() {
        let delays = |random: f64| -> Vec<f64> {
            (1..5)
                .map(|attempt| {
                    match next(
                        &P,
                        Method::Post,
                        false,
                        attempt,
                        &status(429, None),
                        0.0,
                        0.0,
                        random,
                    ) {
                        Next::Retry { delay_ms, reason: Reason::RateLimited } => delay_ms,
                        other => panic!("{other:?}"),
                    }
                })
                .collect()
        };
        assert_eq!(delays(1.0), [3_000.0, 6_000.0, 12_000.0, 24_000.0]);
        assert_eq!(delays(0.0), [1_500.0, 3_000.0, 6_000.0, 12_000.0]);
        assert!(
            delays(0.0).iter().sum::<f64>() > 20_000.0,
            "the retries outlast the 20 s window even at their shortest"
        );
        assert_eq!(P, Policy::default(), "the tests' policy is the default");
        assert_eq!(
            next(&P, Method::Get, false, 5, &status(429, None), 0.0, 0.0, 0.5),
            Next::GiveUp
        );
    }

    #[test]
    fn retry_after_is_honoured_in_both_forms() {
        assert_eq!(
            next(&P, Method::Post, false, 1, &status(429, Some("3")), 0.0, 0.0, 0.9),
            Next::Retry { delay_ms: 3_000.0, reason: Reason::RateLimited }
        );
        let now = 784_111_777_000.0 - 12_000.0;
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(retry_after_ms(date, now), Some(12_000.0));
        assert_eq!(retry_after_ms(date, now + 60_000.0), Some(0.0));
        // The two obsolete forms of the same instant, which recipients must accept.
        assert_eq!(retry_after_ms("Sunday, 06-Nov-94 08:49:37 GMT", now), Some(12_000.0));
        assert_eq!(retry_after_ms("Sun Nov  6 08:49:37 1994", now), Some(12_000.0));
        let y2k = 946_684_800_000.0;
        assert_eq!(retry_after_ms("Saturday, 01-Jan-00 00:00:00 GMT", y2k), Some(0.0));
        assert_eq!(retry_after_ms("Saturday, 01-Jan-00 00:00:10 GMT", y2k), Some(10_000.0));
        for bad in [
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun Nov 6 08:49:37",
            "Sun, 06 Nov 1994 08:49:37 PST",
        ] {
            assert_eq!(retry_after_ms(bad, now), None, "{bad}");
        }
        assert_eq!(retry_after_ms("soon", now), None);
        assert_eq!(retry_after_ms("Sun, 06 Nov 1994 08:49:37 PST", now), None);
    }

    #[test]
    fn only_safe_methods_retry_server_and_network_errors() {
        for method in [Method::Get, Method::Put, Method::Delete] {
            assert!(matches!(
                next(&P, method, false, 1, &Failure::Network, 0.0, 0.0, 0.0),
                Next::Retry { reason: Reason::Network, .. }
            ));
            assert!(matches!(
                next(&P, method, false, 1, &status(503, None), 0.0, 0.0, 0.0),
                Next::Retry { reason: Reason::ServerError, .. }
            ));
            assert!(matches!(
                next(&P, method, false, 1, &Failure::Timeout, 0.0, 0.0, 0.0),
                Next::Retry { reason: Reason::Timeout, .. }
            ));
        }
        for method in [Method::Post, Method::Patch] {
            for failure in [
                Failure::Network,
                Failure::Timeout,
                status(502, None),
                status(503, None),
                status(504, None),
            ] {
                assert_eq!(
                    next(&P, method, false, 1, &failure, 0.0, 0.0, 0.0),
                    Next::GiveUp,
                    "{method:?} {failure:?}"
                );
                assert!(
                    matches!(
                        next(&P, method, true, 1, &failure, 0.0, 0.0, 0.0),
                        Next::Retry { .. }
                    ),
                    "opted in"
                );
            }
        }
    }

    #[test]
    fn answers_are_not_retried() {
        for code in [400, 401, 403, 404, 500] {
            assert_eq!(
                next(&P, Method::Get, true, 1, &status(code, None), 0.0, 0.0, 0.0),
                Next::GiveUp,
                "{code}"
            );
        }
    }

    #[test]
    fn jitter_stays_within_half_to_all_of_the_backoff_and_time_is_bounded() {
        for random in [0.0, 0.3, 0.999] {
            let Next::Retry { delay_ms, .. } =
                next(&P, Method::Get, false, 2, &Failure::Network, 0.0, 0.0, random)
            else {
                panic!()
            };
            assert!((500.0..=1_000.0).contains(&delay_ms), "{delay_ms}");
        }
        assert_eq!(
            next(&P, Method::Get, false, 1, &status(429, Some("60")), 100_000.0, 0.0, 0.0),
            Next::GiveUp,
            "past max_elapsed_ms"
        );
    }

    #[test]
    fn a_long_retry_after_is_waited_in_full_or_not_at_all() {
        // Longer than the longest backoff (30 s), within the call's 120 s.
        assert_eq!(
            next(&P, Method::Get, false, 1, &status(429, Some("90")), 0.0, 0.0, 0.0),
            Next::Retry { delay_ms: 90_000.0, reason: Reason::RateLimited }
        );
        assert_eq!(
            next(&P, Method::Get, false, 1, &status(503, Some("45")), 0.0, 0.0, 0.0),
            Next::Retry { delay_ms: 45_000.0, reason: Reason::ServerError }
        );
        // Past it: the error comes now, not after 30 s and another 429.
        assert_eq!(
            next(&P, Method::Get, false, 1, &status(429, Some("3600")), 0.0, 0.0, 0.0),
            Next::GiveUp
        );
    }
}
