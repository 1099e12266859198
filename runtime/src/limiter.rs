//! The client-side rate limiter: at most `requests` calls counted in any window.
//!
//! A call counts from the moment it starts until `window` after its response
//! arrived: the server counts it somewhere in between, and neither network
//! latency nor a browser queueing requests behind its connection limit can then
//! push two windows' worth of calls into one server window. Calls start in the
//! order they asked (a FIFO queue); waiting is a timer or a wake-up, not polling.
//! This is the plain-Rust state; `execute` does the waiting.

use std::collections::VecDeque;

/// Added to the window, for clock granularity on either side.
pub const SAFETY_MARGIN_MS: f64 = 50.0;

/// A call's place in the limiter.
pub type Ticket = u64;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    /// Started and not finished.
    InFlight(Ticket),
    /// Counted until this time.
    Until(f64),
}

/// What a queued call may do now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Start {
    /// Start now.
    Go,
    /// Calls ahead of it go first: wait for a change.
    NotYourTurn,
    /// The earliest slot frees at this time.
    WaitUntil(f64),
    /// Every slot is held by a call in flight: wait for one to finish.
    WaitForFinish,
}

/// The limiter's state: the calls counted in the window and the queue of those
/// waiting to start, in ticket order.
#[derive(Debug, Clone)]
pub struct Limiter {
    requests: usize,
    window_ms: f64,
    slots: Vec<Slot>,
    queue: VecDeque<Ticket>,
    next: Ticket,
}

impl Limiter {
    /// A limiter of `requests` per `seconds`; `None` if either is not positive.
    pub fn new(requests: u32, seconds: f64) -> Option<Limiter> {
        (requests > 0 && seconds > 0.0 && seconds.is_finite()).then(|| Limiter {
            requests: requests as usize,
            window_ms: seconds * 1000.0 + SAFETY_MARGIN_MS,
            // Not `with_capacity(requests)`: a large `requests` is a valid limit, and
            // reserving it all at once ran out of memory (a trap in wasm).
            slots: Vec::new(),
            queue: VecDeque::new(),
            next: 0,
        })
    }

    /// Joins the queue.
    pub fn join(&mut self) -> Ticket {
        self.next += 1;
        self.queue.push_back(self.next);
        self.next
    }

    /// Leaves the queue without starting (the call was aborted while waiting).
    pub fn leave(&mut self, ticket: Ticket) {
        self.queue.retain(|t| *t != ticket);
    }

    /// Whether `ticket` may start at `now`; if so, it holds a slot until [`Limiter::finish`].
    pub fn try_start(&mut self, ticket: Ticket, now: f64) -> Start {
        if self.queue.front() != Some(&ticket) {
            return Start::NotYourTurn;
        }
        let slot = Slot::InFlight(ticket);
        // A slot whose window has passed is taken before a new one is added: with a
        // large `requests`, adding first grew the list by one slot per call, for ever.
        if let Some(i) = self.slots.iter().position(|s| matches!(s, Slot::Until(t) if *t <= now)) {
            self.slots[i] = slot;
        } else if self.slots.len() < self.requests {
            self.slots.push(slot);
        } else {
            let earliest = self.slots.iter().filter_map(|s| match s {
                Slot::Until(t) => Some(*t),
                Slot::InFlight(_) => None,
            });
            return earliest.reduce(f64::min).map_or(Start::WaitForFinish, Start::WaitUntil);
        }
        self.queue.pop_front();
        Start::Go
    }

    /// The call of `ticket` finished at `now`: its slot counts until a window later.
    pub fn finish(&mut self, ticket: Ticket, now: f64) {
        let until = now + self.window_ms;
        for slot in &mut self.slots {
            if *slot == Slot::InFlight(ticket) {
                *slot = Slot::Until(until);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_reused_once_their_window_has_passed() {
        let mut limiter = Limiter::new(1_000_000, 1.0).unwrap();
        let mut now = 0.0;
        for _ in 0..1_000 {
            let ticket = limiter.join();
            assert_eq!(limiter.try_start(ticket, now), Start::Go);
            limiter.finish(ticket, now);
            now += 2_000.0; // past the window (1 s and the margin)
        }
        assert_eq!(limiter.slots.len(), 1, "one slot, reused, for calls a window apart");
    }

    /// Runs `calls` calls that each take `latency` ms, as fast as the limiter allows;
    /// returns (start, finish) per call.
    fn simulate(
        limiter: &mut Limiter,
        calls: usize,
        latency: impl Fn(usize) -> f64,
    ) -> Vec<(f64, f64)> {
        let tickets: Vec<Ticket> = (0..calls).map(|_| limiter.join()).collect();
        let mut now = 0.0;
        let mut times = vec![(f64::NAN, f64::NAN); calls];
        let mut in_flight: Vec<(usize, f64)> = Vec::new();
        let mut next = 0;
        while next < calls || !in_flight.is_empty() {
            while next < calls {
                match limiter.try_start(tickets[next], now) {
                    Start::Go => {
                        times[next].0 = now;
                        in_flight.push((next, now + latency(next)));
                        next += 1;
                    }
                    Start::NotYourTurn => panic!("the head is always the next call here"),
                    Start::WaitUntil(_) | Start::WaitForFinish => break,
                }
            }
            // Advance to the next event: a finish, or a slot freeing.
            let finish = in_flight.iter().map(|(_, t)| *t).reduce(f64::min);
            let wait = match limiter.try_start(tickets.get(next).copied().unwrap_or(0), now) {
                Start::WaitUntil(t) => Some(t),
                _ => None,
            };
            now = [finish, wait].into_iter().flatten().reduce(f64::min).unwrap_or(now);
            in_flight.retain(|(i, t)| {
                if *t <= now {
                    times[*i].1 = *t;
                    limiter.finish(tickets[*i], *t);
                    false
                } else {
                    true
                }
            });
        }
        times
    }

    #[test]
    fn no_server_window_ever_sees_more_than_the_limit_whatever_the_latency() {
        let mut limiter = Limiter::new(10, 20.0).unwrap();
        // Uneven latency: some calls arrive late in their window.
        let times = simulate(&mut limiter, 100, |i| if i % 7 == 0 { 900.0 } else { 30.0 });
        let window = 20_000.0;
        // The server may count a call anywhere between its start and its finish;
        // take the worst case: count each at its finish, then at its start.
        for counted_at in [|t: &(f64, f64)| t.1, |t: &(f64, f64)| t.0] {
            let marks: Vec<f64> = times.iter().map(counted_at).collect();
            for mark in &marks {
                let in_window =
                    marks.iter().filter(|m| **m > mark - window && **m <= *mark).count();
                assert!(in_window <= 10, "{in_window} calls in the window ending at {mark}");
            }
        }
        assert!(times.windows(2).all(|w| w[0].0 <= w[1].0), "started in order");
        let last = times.iter().map(|t| t.0).fold(0.0, f64::max);
        assert!(last < 10.0 * (window + 1_000.0), "no needless waiting: {last}");
    }

    #[test]
    fn calls_spaced_out_do_not_wait_and_the_queue_is_fifo() {
        let mut limiter = Limiter::new(2, 1.0).unwrap();
        let (a, b, c) = (limiter.join(), limiter.join(), limiter.join());
        assert_eq!(limiter.try_start(b, 0.0), Start::NotYourTurn);
        assert_eq!(limiter.try_start(a, 0.0), Start::Go);
        assert_eq!(limiter.try_start(b, 0.0), Start::Go);
        assert_eq!(limiter.try_start(c, 0.0), Start::WaitForFinish);
        limiter.finish(a, 100.0);
        assert_eq!(limiter.try_start(c, 100.0), Start::WaitUntil(1_100.0 + SAFETY_MARGIN_MS));
        assert_eq!(limiter.try_start(c, 1_200.0), Start::Go);
        let d = limiter.join();
        limiter.leave(d);
        assert!(
            Limiter::new(0, 1.0).is_none()
                && Limiter::new(1, 0.0).is_none()
                && Limiter::new(1, f64::NAN).is_none()
        );
    }
}
