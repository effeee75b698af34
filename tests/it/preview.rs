//! `cvpdf preview`: what the server answers (and refuses) over raw HTTP, the events
//! it pushes when the file is saved, errors over the last good pages, and how it
//! stops. The page in a real browser: `preview_browser.rs`.

use std::time::Duration;

use crate::common::preview::Preview;
use crate::common::{assert_exit, stderr, TestDir};

const CV: &str = "---\ntitle: Robin Placeholder\n---\n# Robin Placeholder\n\nrobin@example.com · Exampleton\n\n## Experience\n\nGardener at Example Parks.\n";
const BROKEN: &str = "---\ntitle: a: b\n---\n# Robin Placeholder\n";

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

#[test]
fn serves_the_page_its_assets_and_the_pages() {
    let dir = TestDir::new("preview-serves");
    dir.write("cv.md", CV);
    let preview = Preview::start(&dir, &["cv.md"]);

    let (status, head, body) = preview.get("/");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("Content-Type: text/html"), "{head}");
    assert!(head.contains("Content-Security-Policy: default-src 'none'; script-src 'self'"), "{head}");
    assert!(text(&body).contains("<script src=\"/preview.js\""));
    for (path, kind) in [("/preview.js", "text/javascript"), ("/preview.css", "text/css")] {
        let (status, head, body) = preview.get(path);
        assert_eq!((status, head.contains(kind), body.is_empty()), (200, true, false), "{path}: {head}");
    }

    let (status, head, svg) = preview.get("/pages/1.svg?v=1");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("Content-Type: image/svg+xml"), "{head}");
    let svg = text(&svg);
    assert!(svg.starts_with("<svg") && svg.contains("viewBox=\"0 0 595.28 841.89\""), "an A4 page: {}", &svg[..svg.len().min(300)]);
    assert_eq!(preview.get("/pages/2.svg").0, 404, "one page only");

    let (status, _, ats) = preview.get("/ats.json");
    assert_eq!(status, 200);
    assert!(text(&ats).contains("Robin Placeholder") && text(&ats).contains("Experience"), "{}", text(&ats));
    let (status, _, geometry) = preview.get("/geometry.json");
    assert_eq!(status, 200);
    let geometry: serde_json::Value = serde_json::from_slice(&geometry).expect("JSON");
    assert_eq!(geometry[0]["margin"].as_array().map(Vec::len), Some(4), "{geometry}");
    assert!(geometry[0]["boxes"].as_array().is_some_and(|b| b.iter().any(|b| b[0] == "text")), "{geometry}");
}

#[test]
fn refuses_other_methods_hosts_origins_and_paths() {
    let dir = TestDir::new("preview-refuses");
    dir.write("cv.md", CV);
    let preview = Preview::start(&dir, &["cv.md"]);
    let port = preview.port;

    let (status, head, _) =
        preview.raw(&format!("POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"));
    assert_eq!(status, 405, "{head}");
    assert!(head.contains("Allow: GET"), "{head}");
    let (status, ..) = preview.raw(&format!("DELETE /pages/1.svg HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 405);

    // DNS rebinding: a name that resolves to 127.0.0.1 is not this server's name.
    let (status, ..) = preview.raw(&format!("GET / HTTP/1.1\r\nHost: attacker.example:{port}\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 403);
    let (status, ..) = preview.raw("GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 400, "no Host");
    let (status, ..) = preview
        .raw(&format!("GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://attacker.example\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 403, "another site's page");
    let (status, ..) = preview
        .raw(&format!("GET /ats.json HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nSec-Fetch-Site: cross-site\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 403);

    // No file is ever served: not the document, not one outside its folder, no listing.
    for path in ["/../etc/passwd", "/..%2f..%2fetc/passwd", "/cv.md", "/pages/", "/pages/1.svg/../../cv.md", "/pages/0.svg", "/favicon.ico"]
    {
        let (status, _, body) = preview.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!text(&body).contains("root:") && !text(&body).contains("Robin"), "{path}");
    }
    assert_eq!(preview.get("/").0, 200, "still serving");
}

#[test]
fn pushes_each_save_and_keeps_the_last_good_pages_under_errors() {
    let dir = TestDir::new("preview-events");
    dir.write("cv.md", CV);
    let preview = Preview::start(&dir, &["cv.md"]);
    let mut events = preview.events();
    let first = events.next(Duration::from_secs(10)).expect("the current state first");
    assert_eq!((first["version"].as_u64(), first["fresh"].as_bool()), (Some(1), Some(true)), "{first}");
    assert_eq!(first["pages"], serde_json::json!([[595.28, 841.89]]));
    assert_eq!(first["diagnostics"], serde_json::json!([]));
    std::thread::sleep(Duration::from_millis(200));

    // A save: an event within a second, and the new pages served.
    dir.write("cv.md", CV.replace("Gardener", "Head gardener").replace("title: Robin", "pdf_options:\n  format: A5\ntitle: Robin"));
    let second = events.next(Duration::from_secs(1)).expect("an event within a second of the save");
    assert_eq!((second["version"].as_u64(), second["fresh"].as_bool()), (Some(2), Some(true)), "{second}");
    assert_eq!(second["pages"][0], serde_json::json!([419.53, 595.28]), "A5 now");
    assert!(text(&preview.get("/ats.json").2).contains("Head gardener"));

    // Broken front matter: the error with its line and column; the A5 page stays.
    std::thread::sleep(Duration::from_millis(100));
    dir.write("cv.md", BROKEN);
    let broken = events.next(Duration::from_secs(1)).expect("an event for the broken save");
    assert_eq!(broken["fresh"].as_bool(), Some(false), "{broken}");
    let error = &broken["diagnostics"][0];
    assert_eq!(
        (error["severity"].as_str(), error["line"].as_u64(), error["column"].as_u64()),
        (Some("error"), Some(2), Some(9)),
        "{broken}"
    );
    assert_eq!(broken["pages"][0], serde_json::json!([419.53, 595.28]), "the last good pages");
    assert_eq!(preview.get("/pages/1.svg").0, 200);
    assert!(text(&preview.get("/ats.json").2).contains("Head gardener"), "the last good text");

    // Fixed: the error goes.
    std::thread::sleep(Duration::from_millis(100));
    dir.write("cv.md", CV);
    let fixed = events.next(Duration::from_secs(1)).expect("an event for the fix");
    assert_eq!((fixed["fresh"].as_bool(), &fixed["diagnostics"]), (Some(true), &serde_json::json!([])), "{fixed}");
}

#[test]
fn a_missing_stylesheet_that_appears_is_rendered() {
    let dir = TestDir::new("preview-missing");
    dir.write("cv.md", "---\nstylesheet: cv.css\n---\n# Robin Placeholder\n");
    let preview = Preview::start(&dir, &["cv.md"]);
    let mut events = preview.events();
    let first = events.next(Duration::from_secs(10)).expect("the current state first");
    let warned = first["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["severity"] == "warning"));
    assert!(warned, "the missing stylesheet is a warning: {first}");
    std::thread::sleep(Duration::from_millis(200));
    dir.write("cv.css", "h1 { color: #c00 }\n");
    let next = events.next(Duration::from_secs(2)).expect("rendered once the stylesheet appeared");
    assert_eq!(next["diagnostics"], serde_json::json!([]), "{next}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it() {
    let dir = TestDir::new("preview-stop");
    dir.write("cv.md", CV);
    let mut preview = Preview::start(&dir, &["cv.md"]);
    let _events = preview.events();
    let pid = preview.child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().expect("kill").success());
    let start = std::time::Instant::now();
    while preview.child.try_wait().expect("wait").is_none() {
        assert!(start.elapsed() < Duration::from_secs(5), "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(std::net::TcpStream::connect(("127.0.0.1", preview.port)).is_err(), "the port is closed");
    assert_eq!(dir.listing("."), ["cv.md"], "nothing written");
}

#[test]
fn refuses_standard_input_and_a_busy_port() {
    let dir = TestDir::new("preview-usage");
    dir.write("cv.md", CV);
    let out = dir.run(&["preview", "-"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("preview needs a file"), "{}", stderr(&out));
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = busy.local_addr().unwrap().port().to_string();
    let out = dir.run(&["preview", "cv.md", "--port", &port]);
    assert_exit(&out, 4);
    assert!(stderr(&out).contains(&format!("cannot serve on 127.0.0.1:{port}")), "{}", stderr(&out));
}
