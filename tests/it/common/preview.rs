//! Running `cvpdf preview` in a test: started on a port the system chooses, its
//! address read from what it prints, spoken to in raw HTTP over a `TcpStream` (so
//! that the test sends exactly the headers it means to), and killed when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::TestDir;

/// A running preview.
pub struct Preview {
    pub child: Child,
    pub port: u16,
    /// What it printed on stderr after the address, a line at a time.
    pub stderr: mpsc::Receiver<String>,
}

impl Preview {
    /// Starts `cvpdf preview ARGS --port 0` in `dir`, with bundled fonts only and no
    /// configuration files ([`super::SEALED_ARGS`]; `dir` should not be sealed, which
    /// would put them before the subcommand), and waits (up to 30 s) for the address
    /// it prints.
    pub fn start(dir: &TestDir, args: &[&str]) -> Preview {
        let mut cmd = dir.command(&["preview"]);
        cmd.args(args).args(super::SEALED_ARGS).args(["--port", "0"]).stdout(Stdio::null()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start cvpdf preview");
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().expect("stderr pipe");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut preview = Preview { child, port: 0, stderr: rx };
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = String::new();
        while preview.port == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = preview.stderr.recv_timeout(left).unwrap_or_else(|_| panic!("no address printed; stderr:\n{seen}"));
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                preview.port = rest.trim_end_matches(|c: char| !c.is_ascii_digit()).split('/').next().unwrap().parse().expect("a port");
            }
            seen += &line;
            seen.push('\n');
        }
        preview
    }

    /// The page's address.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Sends `request` as written and reads the whole answer: status, head, body.
    pub fn raw(&self, request: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to the preview");
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(request.as_bytes()).expect("send the request");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("read the answer");
        let split = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("a head and a body");
        let head = String::from_utf8_lossy(&answer[..split]).into_owned();
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status");
        (status, head, answer[split + 4..].to_vec())
    }

    /// `GET path` from the page's own address.
    pub fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        self.raw(&format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", self.port))
    }

    /// Opens `/events`.
    pub fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to the preview");
        let request = format!("GET /events HTTP/1.1\r\nHost: localhost:{}\r\nAccept: text/event-stream\r\n\r\n", self.port);
        stream.write_all(request.as_bytes()).expect("send the request");
        Events { reader: BufReader::new(stream) }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server-sent event stream.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event's data (comments and the head skipped), within `limit`.
    pub fn next(&mut self, limit: Duration) -> Option<serde_json::Value> {
        let deadline = Instant::now() + limit;
        let mut data = None;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.reader.get_ref().set_read_timeout(Some(left)).ok()?;
            let mut line = String::new();
            if self.reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(json) = line.strip_prefix("data: ") {
                data = Some(serde_json::from_str(json).expect("an event's data is JSON"));
            } else if line.is_empty() && data.is_some() {
                return data;
            }
        }
    }
}
