//! Fetching specs from instances: bounded concurrency, 429s retried as the
//! runtime retries them (the same `runtime::retry` policy), progress shown.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, bail, Context, Result};
use xano_meta_runtime::descriptor::Method;
use xano_meta_runtime::retry::{self, Failure, Next, Policy};

/// At most this many fetches run at once.
pub const CONCURRENCY: usize = 4;

/// Specs are large but bounded: refuse anything past this.
const MAX_SPEC_BYTES: u64 = 64 * 1024 * 1024;

/// One spec to fetch.
#[derive(Debug, Clone)]
pub struct Job {
    /// The instance's name, for messages.
    pub name: String,
    /// The spec's URL.
    pub url: String,
    /// The token's value (from the environment variable the config names).
    pub token: Option<String>,
}

/// Fetches every job, `CONCURRENCY` at a time; results in the jobs' order.
pub fn fetch_all(jobs: &[Job]) -> Vec<Result<String>> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<String>>>> =
        Mutex::new(jobs.iter().map(|_| None).collect());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(300)))
        .http_status_as_error(false)
        .build()
        .into();
    std::thread::scope(|scope| {
        for _ in 0..CONCURRENCY.min(jobs.len()) {
            scope.spawn(|| {
                while let Some(job) = jobs.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let result = fetch(&agent, job);
                    let finished = done.fetch_add(1, Ordering::SeqCst) + 1;
                    match &result {
                        Ok(text) => eprintln!(
                            "[{finished}/{}] fetched {} ({} KB)",
                            jobs.len(),
                            job.name,
                            text.len() / 1024
                        ),
                        Err(e) => eprintln!("[{finished}/{}] {}: {e:#}", jobs.len(), job.name),
                    }
                    let index =
                        jobs.iter().position(|j| std::ptr::eq(j, job)).expect("a job of the list");
                    results.lock().expect("no panics while holding it")[index] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .expect("threads are done")
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(anyhow!("not fetched"))))
        .collect()
}

/// The URL without its query, for messages (a query could hold a secret).
fn shown(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// One spec, retried as the runtime retries a GET.
fn fetch(agent: &ureq::Agent, job: &Job) -> Result<String> {
    let policy = Policy::default();
    let started = Instant::now();
    let mut seed =
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut request = agent.get(&job.url).header("Accept", "application/json");
        if let Some(token) = &job.token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        let failure = match request.call() {
            Ok(mut response) if response.status().is_success() => {
                return response
                    .body_mut()
                    .with_config()
                    .limit(MAX_SPEC_BYTES)
                    .read_to_string()
                    .with_context(|| format!("reading {}", shown(&job.url)));
            }
            Ok(response) => {
                let status = response.status().as_u16();
                let retry_after = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                Failure::Status { status, retry_after }
            }
            Err(ureq::Error::Timeout(_)) => Failure::Timeout,
            Err(_) => Failure::Network,
        };
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let random = (seed % 10_000) as f64 / 10_000.0;
        let now_ms =
            SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_millis() as f64);
        match retry::next(
            &policy,
            Method::Get,
            false,
            attempt,
            &failure,
            started.elapsed().as_millis() as f64,
            now_ms,
            random,
        ) {
            Next::Retry { delay_ms, reason } => {
                eprintln!(
                    "{}: {} (attempt {attempt}), retrying in {:.1} s",
                    job.name,
                    reason.as_str(),
                    delay_ms / 1000.0
                );
                std::thread::sleep(Duration::from_millis(delay_ms as u64));
            }
            Next::GiveUp => {
                let what = match failure {
                    Failure::Status { status, .. } => format!("HTTP {status}"),
                    Failure::Network => "network error".to_owned(),
                    Failure::Timeout => "timed out".to_owned(),
                };
                bail!("could not fetch {}: {what} after {attempt} attempt(s)", shown(&job.url));
            }
        }
    }
}
