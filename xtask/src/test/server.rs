//! The Xano-like test server (`tests/server/xano-server.mjs`) the wasm suites, the
//! regenerate flow and the package tests talk to.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::shell;

/// `tests/server/xano-server.mjs`, stopped (by its PID) when dropped.
pub struct TestServer {
    /// The `node` process.
    child: Child,
    /// Where it listens (`http://127.0.0.1:PORT`).
    pub url: String,
}

impl TestServer {
    /// Starts the server and waits for the line that says where it listens.
    pub fn start(root: &Path) -> Result<TestServer> {
        let mut child = Command::new("node")
            .current_dir(root)
            .args(["tests/server/xano-server.mjs", "--max-seconds", "1800"])
            .stdout(Stdio::piped())
            .spawn()
            .context("could not start the test server")?;
        let stdout = child.stdout.take().context("test server has no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).context("reading the test server's output")?;
        let Some(url) = line.trim().strip_prefix("LISTENING ") else {
            let _ = child.kill();
            let _ = child.wait();
            bail!("test server did not start (said {line:?})");
        };
        eprintln!("test server at {url}");
        Ok(TestServer { url: url.to_owned(), child })
    }

    /// Forgets what the server received, so each suite sees only its own requests.
    pub fn reset(&self) -> Result<()> {
        let script = format!("const r = await fetch('{}/__reset', {{ method: 'POST' }}); if (r.status !== 204) process.exit(1);", self.url);
        shell::output(Command::new("node").args(["--input-type=module", "-e", &script]))
            .map(drop)
            .context("could not reset the test server")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
