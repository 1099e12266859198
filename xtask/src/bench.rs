//! `cargo xtask bench`: one table, measured in one run, of this package against
//! what users would pick instead (`tests/bench/`); ratios, not absolute times, and
//! never a failure for a slow machine. Writes `docs/BENCHMARKS.md`.

use std::fs;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::shell::root;
use crate::{build, flags, regenerate, setup};

mod code_gzip;
mod size;

/// What bounds the rows that miss their targets, as profiled (see tests/bench/README.md).
const BOUNDS: &str = "\
## What bounds the numbers

- **Per call** (target: within 1.1× of `fetch` + `JSON.parse`; runs have landed between about 1.15× and 1.6×, \
as the shared cores allow): the client's own work, which `tests/bench/profile-call.mjs --stub` measures at some \
10–15 µs a call over raw `fetch`'s with the network taken out (30–36 µs in later runs on the same kind of \
machine: the figure moves with the machine), costs several times that here: the server and the \
other processes on the two cores evict it from the caches between calls, so what bounds a call is how much \
distinct code and data it touches, not how many instructions it runs (an `opt-level = 3` build, 8–10% faster \
with the stub, was no faster here). Profiled per call (its CPU profile split by \
client): the wasm and its JS glue (the argument and option checks, the crossings of the boundary, the task \
object each call's steps run in), then the call site's stack taken at each call so that an error shows the caller's frames (one \
`new Error()`, formatted only if the call fails; 7–10 µs in Node, measured alone): an A/B without it is 5–12% \
faster per call, and taking the caller's frame alone (`Error.captureStackTrace`, a limit of 1) was no faster, so \
the cost is in taking any frame; taking the stack only in the failure's handler, after an `await`, costs about \
nothing on success but loses the frame of a caller that returns the promise or calls `.then` on it, and V8's own \
async frames come after the ten frames of the package's steps. openapi-fetch, plain JS, lands at about the same \
ratio in the same runs (1.15–1.16×). The transport calls \
`fetch(url, init)` directly (gloo-net's request builder measured 1.35–1.44× before it was replaced), and a call \
reads two response headers and its options in one `Object.entries` (reading five headers and each option by \
name cost another 4–6%).
- **Large page** (target: within 1.1×): the body is parsed by the host's `JSON.parse` from the JS string, as \
the baseline does; what is left is the client's per-call work and noise (the ratio of medians differs from \
the ratio of means by several hundredths from run to run).
- **Cold start** (Node: within 2× of openapi-fetch; Chromium: within 1.5× of a hey-api SDK of all operations): \
the size of what loads. Rows 5 and 6 each time the `.wasm` alone (compiled and instantiated with stub imports, no \
JS glue, in fresh processes or contexts of the same run): about a third of the package's import. In Node the \
wasm's compilation and instantiation alone (4–6 ms) take longer than openapi-fetch's whole import (4–5 ms); with \
the JS, the module loading and the method installing on top, 2× (some 8–10 ms) is out of reach while the wasm is \
this size. (The wasm is compiled by V8's baseline compiler at import, so what runs then runs slowly: reading the \
method names once scanned the 74 KB descriptor text through a `memchr` call per byte, some milliseconds of \
the import, until `runtime::text` compared the bytes itself.) The rest is the JS (the glue and the entry, about 17 KB minified, one module in Node: the entry is bundled \
whole, as a second module cost 1.2 ms of Node 20's loader, and gets `fs` from `process.getBuiltinModule`, \
as `import 'node:fs'` cost 1.2–1.7 ms) and instantiating the wasm with its imports, then the entry's installing of the 222 methods (about \
1.4–2.4 ms in Node, about half of it the first calls into the wasm; the names cross as one string per class); the peers \
load only JavaScript.
- **Generation** (target: 5× faster than openapi-typescript; measured about 1.9× before, about 1.0× since \
the generated Rust goes through rustfmt with the workspace's rules): the generator does more than its peer — \
the overlay corrections, four Rust files (about 1.2 MB) laid out by prettyplease and then formatted by \
rustfmt, the TypeScript declarations, the API reference and the model snapshot — while openapi-typescript \
writes one TypeScript file. Formatting is most of the time (one thread per file), openapiv3 \
deserialisation about a quarter of the rest.
- **Size**: the peers' bundles hold no runtime beyond `fetch`; this package carries argument checks, scope \
checks, retries, the limiter and paging in its wasm, and every operation's descriptor as data. By feature, as \
measured by building the package without it (gzipped, wasm and glue): the answer forms of `parseAs` and \
`onProgress` (blobs, files, streams, counting) about 5.6 KB; the scope tools for extensions (`decodeToken`, \
`tokenReport`, `checkAccess`, `minimalScopes`, `auditToken`, `operations()`) about 5.5 KB; `pages`/`iterate` \
about 1.8 KB; the instance API's descriptor text 7.7 KB; everything that waits on `fetch` (the transport, \
timeouts, retries, the limiter's waits, redirects, reading answers) was about 16.7 KB as Rust `async` code. \
That path is now synchronous machines (`runtime::step`: each does all it can up to a wait and gives back the \
promise to wait on; the package's JS awaits it), which took out wasm-bindgen-futures' executor, `JsFuture` and \
a closure pair per wait: 3.2 KB. The machines are most of what is left: the transport's logic, not its \
runtime. Measured on 2026-12-03 by building the package with its calls checked but never sent \
(`Connection::call` stops after the checks, so nothing of that path is linked), the whole path, with the \
answer forms, costs 15.8 KB (84.4 → 68.6 KB), and the scope tools 4.5 KB more (→ 64.0 KB). What those 64 KB \
hold is the call before the network (options and argument checks with their messages, the request, the token's \
decoding and the scope check, errors with their advice), the descriptor text and paging, with wasm-bindgen's \
glue and core's formatting they need; the largest function is the call's checks (`Connection::call`, 10.4 KB \
raw: the parameters', the body's and the scope check, with their messages; every options object is read by one \
list-driven reader, `options::read`). What was large and replaceable (float and `Debug` formatting, \
serde_json, core's searchers, sorts and integer parsers, `str` indexing's panic messages, dlmalloc, per-method \
exports, the async runtime) is out. The build's settings are the smallest measured (2026-12-03, the full \
package gzipped): `opt-level = \"s\"` is 7.8 KB larger and `2` 15.6 KB; LLVM's `--inline-threshold=0` 0.2 KB \
larger; wasm-opt's `--converge`, a second `-Oz` or `--gufa` leave the wasm within 0.1 KB either way; a wasm \
without reference types (no externref shims) could not be had: with `-C target-feature=-reference-types` LLVM \
warned that it does not know the feature and wasm-bindgen 0.2.130 refused the wasm (`failed to find the \
__wbindgen_externref_table_dealloc function`). A nightly std built for the package (nightly 1.97 of \
2026-05-19, `-Zbuild-std` with `-Cpanic=immediate-abort`, measured 2026-12-03 before the names are shortened) \
is 78.7 KB against stable's 81.7 KB gzipped: 3 KB, not worth a nightly toolchain in the build. So 60 KB with \
all of it kept is out of reach of trimming: with the network path and the scope tools both gone the package is \
still above it, and it would take the checks, the messages and the errors themselves in well over a third fewer \
bytes (those 64 KB in about 40).
";

/// Runs of our generator to take the median of.
const GENERATE_RUNS: usize = 5;

/// Builds the package, times our generator, runs the harness and writes the table.
pub fn bench(_: &flags::Bench) -> Result<()> {
    let root = root();
    build::build(&flags::Build)?;
    setup::npm_tools()?;
    let generate_ms = time_generator()?;
    let json = root.join("target/bench.json");
    let out = Command::new("node")
        .current_dir(&root)
        .args(["tests/bench/bench.mjs", "--json"])
        .arg(&json)
        .args(["--ours-generate-ms", &format!("{generate_ms:.1}")])
        .args(browser_args()?)
        .output()
        .context("node")?;
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    print!("{printed}");
    // The JSON's path is this machine's: not for the committed document.
    let table: String =
        printed.lines().filter(|l| !l.starts_with("JSON: ")).map(|l| format!("{l}\n")).collect();
    if !out.status.success() {
        bail!("the benchmark failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    let anatomy = size::anatomy()?;
    print!("\n{anatomy}");
    let table = format!("{table}\n{anatomy}");
    let doc = format!(
        "<!-- written by `cargo xtask bench`; numbers from one run on this project's 2-core machine -->\n\n\
         # Benchmarks\n\nMeasured by `cargo xtask bench` (harness: `tests/bench/bench.mjs`, see its README). \
         Every row compares within one run, as ratios: the machines are shared and noisy.\n\n{table}\n{BOUNDS}"
    );
    fs::write(root.join("docs/BENCHMARKS.md"), doc).context("docs/BENCHMARKS.md")?;
    eprintln!("written to docs/BENCHMARKS.md");
    Ok(())
}

/// What the Chromium cold-start row (6) needs: Debian's Chromium, driven by playwright-core.
fn browser_args() -> Result<Vec<std::ffi::OsString>> {
    setup::chromium()?;
    let playwright = setup::npm_tool("playwright-core/index.mjs")?;
    Ok(vec!["--playwright".into(), playwright.into_os_string()])
}

/// Our generator's median time, measured by an optimised build of this tool (as a
/// user's `cargo xtask regenerate --release`; the debug build is several times slower).
fn time_generator() -> Result<f64> {
    let out = Command::new("cargo")
        .current_dir(root())
        .args(["run", "--release", "--quiet", "--package", "xtask", "--", "bench-generate"])
        .output()
        .context("cargo")?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim().parse().ok().with_context(|| {
        format!("bench-generate said {text:?}: {}", String::from_utf8_lossy(&out.stderr))
    })
}

/// `cargo xtask bench-size`: the size rows alone, for the package `cargo xtask
/// build` last wrote.
pub fn bench_size(_: &flags::BenchSize) -> Result<()> {
    print!("{}", size::anatomy()?);
    Ok(())
}

/// `cargo xtask bench-generate`: our generator on the embedded specs, in-process
/// (read, parse, emit, format; nothing written), median ms on standard output.
pub fn bench_generate(_: &flags::BenchGenerate) -> Result<()> {
    println!("{:.1}", median_generate_ms()?);
    Ok(())
}

/// Times [`regenerate::generate_embedded`] [`GENERATE_RUNS`] times; the median, in ms.
fn median_generate_ms() -> Result<f64> {
    let mut times = Vec::with_capacity(GENERATE_RUNS);
    for _ in 0..GENERATE_RUNS {
        let started = Instant::now();
        regenerate::generate_embedded()?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    eprintln!("our generator: {median:.1} ms (median of {GENERATE_RUNS}, optimised build)");
    Ok(median)
}
