//! The client-side rate limiter: at most `requests` starts in any `window_ms`.
//!
//! Each call is given its start time when it is queued, so calls start in the
//! order they were made, and waiting is one timer per call rather than polling.

use std::collections::VecDeque;

/// Added to the window: a start spaced exactly one window after another can still
/// arrive inside the server's window when network latency varies.
pub const SAFETY_MARGIN_MS: f64 = 100.0;

#[derive(Debug, Clone)]
pub struct Limiter {
    requests: usize,
    window_ms: f64,
    /// Start times given out, oldest first (only the last `requests` matter).
    starts: VecDeque<f64>,
}

impl Limiter {
    /// A limiter of `requests` per `seconds`; `None` if either is not positive.
    pub fn new(requests: u32, seconds: f64) -> Option<Limiter> {
        (requests > 0 && seconds > 0.0 && seconds.is_finite()).then(|| Limiter {
            requests: requests as usize,
            window_ms: seconds * 1000.0 + SAFETY_MARGIN_MS,
            starts: VecDeque::with_capacity(requests as usize),
        })
    }

    /// The time (same clock as `now_ms`) at which the next call may start, booked.
    pub fn book(&mut self, now_ms: f64) -> f64 {
        let start = if self.starts.len() < self.requests {
            now_ms
        } else {
            // The window must have passed since the `requests`-th latest start.
            let oldest = self.starts[self.starts.len() - self.requests];
            now_ms.max(oldest + self.window_ms)
        };
        // Keep starts sorted: a booking never precedes an earlier one.
        let start = self.starts.back().map_or(start, |last| start.max(*last));
        self.starts.push_back(start);
        while self.starts.len() > self.requests {
            self.starts.pop_front();
        }
        start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_spread_so_no_window_holds_more_than_the_limit() {
        let mut limiter = Limiter::new(10, 20.0).unwrap();
        let starts: Vec<f64> = (0..100).map(|_| limiter.book(0.0)).collect();
        assert_eq!(&starts[..10], &[0.0; 10]);
        let window = 20_000.0 + SAFETY_MARGIN_MS;
        assert_eq!(starts[10], window);
        assert_eq!(starts[99], 9.0 * window);
        for (i, start) in starts.iter().enumerate() {
            let in_window = starts.iter().filter(|s| **s > start - window && **s <= *start).count();
            assert!(in_window <= 10, "call {i} at {start}: {in_window} in its window");
        }
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "in order");
    }

    #[test]
    fn calls_spaced_out_do_not_wait() {
        let mut limiter = Limiter::new(2, 1.0).unwrap();
        assert_eq!([limiter.book(0.0), limiter.book(0.0), limiter.book(500.0), limiter.book(5_000.0)], [0.0, 0.0, 1_000.0 + SAFETY_MARGIN_MS, 5_000.0]);
        assert!(Limiter::new(0, 1.0).is_none() && Limiter::new(1, 0.0).is_none() && Limiter::new(1, f64::NAN).is_none());
    }
}
