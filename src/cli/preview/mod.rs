//! `cvpdf preview`: a web page on 127.0.0.1 showing the document's pages as they
//! will print, rendered again on every save (the file watching of `--watch`) and
//! pushed to the page by server-sent events, with the diagnostics, the margins and
//! boxes, and the ATS view. [`route`] decides what is answered, [`serve`] answers
//! it, [`snapshot`] makes what is served on each render (the pages from
//! [`cvpdf::svg`], the ATS view from [`cvpdf::ats`]), [`hub`] hands it over; the
//! page itself is `assets/`.

pub mod hub;
pub mod route;
pub mod serve;
pub mod snapshot;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use cvpdf::front_matter::Settings;

use super::batch::render_pool;
use super::plan::Batch;
use super::report::{echo, print_outcome};

/// How long to wait for more events after a save's first: an editor's save is a
/// few events within a millisecond or two, and the page should change within 100 ms.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// Where to serve and whether to open a browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Serve {
    /// The port on 127.0.0.1 (0: one the system chooses).
    pub port: u16,
    /// Launch the default browser on the page.
    pub open: bool,
}

/// Serves the batch's one document until interrupted (Ctrl-C: nothing was written,
/// so nothing is left behind), or until the server or the watcher fails (exit
/// status 4).
pub fn run(batch: &Batch, overrides: &Settings, serve: &Serve) -> ExitCode {
    let server = match tiny_http::Server::http(("127.0.0.1", serve.port)) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("cvpdf: error: cannot serve on 127.0.0.1:{} ({e}); choose another with --port", serve.port);
            return ExitCode::from(4);
        }
    };
    let Some(port) = server.server_addr().to_ip().map(|a| a.port()) else {
        eprintln!("cvpdf: error: the server has no port");
        return ExitCode::from(4);
    };
    let hub = Arc::new(hub::Hub::new());
    let served = hub.clone();
    if let Err(e) = std::thread::Builder::new().name("cvpdf-server".into()).spawn(move || serve::serve(server, served, port)) {
        eprintln!("cvpdf: error: cannot start the server ({e})");
        return ExitCode::from(4);
    }
    let url = format!("http://127.0.0.1:{port}/");
    let job = &batch.jobs[0];
    let pool = render_pool(1);
    let render = |_: usize| {
        let previous = hub.current();
        let (snapshot, outcome) = match &pool {
            Some(pool) => pool.install(|| snapshot::render(batch, overrides, job, &previous)),
            None => snapshot::render(batch, overrides, job, &previous),
        };
        print_outcome(batch, &outcome);
        hub.publish(snapshot);
        outcome.read
    };
    let ready = || {
        eprintln!("cvpdf: previewing {} at {url} (Ctrl-C to stop)", echo(&job.input.display_name()));
        if serve.open {
            open(&url);
        }
    };
    super::watch::watch(batch, DEBOUNCE, render, ready)
}

/// Launches the system's browser on `url` (without waiting for it); a failure is a
/// warning, as the address is printed anyway.
fn open(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let null = std::process::Stdio::null;
    match std::process::Command::new(program).args(args).stdin(null()).stdout(null()).stderr(null()).spawn() {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("cvpdf: warning: cannot launch a browser with `{program}` ({e}); open {url} yourself"),
    }
}
