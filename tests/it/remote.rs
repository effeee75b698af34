//! The network only on request: a loopback HTTP server in the test thread counts the
//! requests cvpdf makes. Without `--allow-remote` there are none; with it, loopback
//! addresses (a redirect to 127.0.0.1 included) are refused unless the host is allowed
//! with `--allow-remote-host`; what was fetched is cached, so a rerun is offline.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{code, png, stderr, TestDir};

/// A tiny HTTP server: `/start` redirects to `http://127.0.0.1:{port}/img.png`,
/// `/img.png` is a PNG, `/style.css` a stylesheet. Counts requests; stops when dropped.
struct Server {
    port: u16,
    hits: Arc<AtomicUsize>,
    paths: Arc<std::sync::Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("addr").port();
        let hits = Arc::new(AtomicUsize::new(0));
        let paths = Arc::new(std::sync::Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (h, p, s) = (hits.clone(), paths.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let image = png(6, 4, "remote");
            while !s.load(Ordering::Relaxed) {
                let Ok((stream, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                };
                let _ = stream.set_nonblocking(false);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).map_or(true, |n| n == 0) || header.trim().is_empty() {
                        break;
                    }
                }
                h.fetch_add(1, Ordering::SeqCst);
                let path = line.split_whitespace().nth(1).unwrap_or("").to_owned();
                p.lock().expect("paths").push(path.clone());
                let mut stream = reader.into_inner();
                let (status, extra, body): (&str, String, Vec<u8>) = match path.as_str() {
                    "/start" => ("302 Found", format!("Location: http://127.0.0.1:{port}/img.png\r\n"), vec![]),
                    "/img.png" => ("200 OK", "Content-Type: image/png\r\n".into(), image.clone()),
                    "/style.css" => ("200 OK", "Content-Type: text/css\r\n".into(), b"h1 { color: #123456 }".to_vec()),
                    _ => ("404 Not Found", String::new(), vec![]),
                };
                let head = format!("HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        Server { port, hits, paths, stop, thread: Some(thread) }
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn image_count(pdf: &[u8]) -> usize {
    pdf.windows(b"/Subtype /Image".len()).filter(|w| w == b"/Subtype /Image").count()
        + pdf.windows(b"/Subtype/Image".len()).filter(|w| w == b"/Subtype/Image").count()
}

#[test]
fn no_request_without_allow_remote() {
    let server = Server::start();
    let dir = TestDir::sealed("remote-off");
    let port = server.port;
    dir.write(
        "cv.md",
        format!("---\nstylesheet: http://127.0.0.1:{port}/style.css\nallow_remote: true\n---\n# Sam Placeholder\n\n<img src=\"http://127.0.0.1:{port}/img.png\" alt=\"Remote\">\n\n![b](https://127.0.0.1:{port}/img.png)\n\n<img src=\"//127.0.0.1:{port}/img.png\" alt=\"Proto\">\n"),
    );
    let out = dir.run_in(".", &["cv.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("remote images are not fetched") && err.contains("--allow-remote"), "{err}");
    assert!(err.contains("is not fetched; the built-in theme is used"), "{err}");
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(server.hits(), 0, "requests were made: {:?}", server.paths.lock().map(|p| p.clone()));
}

#[test]
fn loopback_is_refused_even_with_allow_remote() {
    let server = Server::start();
    let dir = TestDir::sealed("remote-loopback");
    let port = server.port;
    dir.write("cv.md", format!("# Sam Placeholder\n\n<img src=\"http://127.0.0.1:{port}/img.png\" alt=\"Remote\">\n"));
    let out = dir.run_in(".", &["--allow-remote", "--remote-cache", "cache", "cv.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("refused: `127.0.0.1` resolves to 127.0.0.1"), "{}", stderr(&out));
    assert_eq!(server.hits(), 0);
}

#[test]
fn a_redirect_to_loopback_is_refused_unless_allowed() {
    let server = Server::start();
    let dir = TestDir::sealed("remote-redirect");
    let port = server.port;
    dir.write("cv.md", format!("# Sam Placeholder\n\n<img src=\"http://localhost:{port}/start\" alt=\"Remote\">\n"));
    // `localhost` is allowed for the test, the hop to 127.0.0.1 is not.
    let out = dir.run_in(".", &["--allow-remote", "--allow-remote-host", "localhost", "--remote-cache", "cache", "cv.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("refused: `127.0.0.1`"), "{}", stderr(&out));
    assert_eq!(*server.paths.lock().expect("paths"), ["/start"]);
    assert_eq!(image_count(&std::fs::read(dir.path("cv.pdf")).expect("pdf")), 0);

    // Both allowed: the image is fetched, embedded and cached.
    let allow = ["--allow-remote", "--allow-remote-host", "localhost", "--allow-remote-host", "127.0.0.1", "--remote-cache", "cache"];
    let out = dir.run_in(".", &[&allow[..], &["--deny-warnings", "cv.md"]].concat());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(*server.paths.lock().expect("paths"), ["/start", "/start", "/img.png"]);
    let fetched = std::fs::read(dir.path("cv.pdf")).expect("pdf");
    assert_eq!(image_count(&fetched), 1);
    assert_eq!(dir.listing("cache").len(), 1, "{:?}", dir.listing("cache"));

    // The rerun is served from the cache: no request.
    drop(server);
    let out = dir.run_in(".", &[&allow[..], &["--deny-warnings", "cv.md"]].concat());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(std::fs::read(dir.path("cv.pdf")).expect("pdf"), fetched);
}

#[test]
fn a_remote_stylesheet_is_fetched_when_allowed() {
    let server = Server::start();
    let dir = TestDir::sealed("remote-css");
    let port = server.port;
    dir.write("cv.md", format!("---\nstylesheet: http://127.0.0.1:{port}/style.css\n---\n# Sam Placeholder\n"));
    let out =
        dir.run_in(".", &["--allow-remote", "--allow-remote-host", "127.0.0.1", "--remote-cache", "cache", "--deny-warnings", "cv.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(*server.paths.lock().expect("paths"), ["/style.css"]);
}
