//! The server: tiny_http on 127.0.0.1, a thread a request (a bounded number), each
//! answered from the current snapshot in memory as [`super::route`] decides; the
//! event stream written by hand, one event a render.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Request, Response, Server};

use super::hub::Hub;
use super::route::{route, Headers, Refused, Route};

/// How many requests are answered at once (event streams included); more get 503.
const MAX_REQUESTS: usize = 32;
/// How many event streams may be open at once (a browser tab holds one).
const MAX_STREAMS: usize = 16;
/// How often an idle event stream gets a comment, which finds closed connections
/// (a reloaded tab's old stream ends within this).
const KEEPALIVE: Duration = Duration::from_secs(3);

/// The page's Content-Security-Policy: its own script and style, no inline code, no
/// other site.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
                        base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/// Everything else's: nothing runs, even when opened on its own.
const DATA_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'none'";

/// Counts requests being answered; its guard gives the slot back.
struct Slots(AtomicUsize);

struct Slot<'a>(&'a AtomicUsize);

impl Slots {
    fn take(&self, max: usize) -> Option<Slot<'_>> {
        let taken = self.0.fetch_add(1, Ordering::SeqCst);
        let slot = Slot(&self.0);
        (taken < max).then_some(slot)
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers requests until the process ends.
pub fn serve(server: Server, hub: Arc<Hub>, port: u16) {
    let requests = Arc::new(Slots(AtomicUsize::new(0)));
    let streams = Arc::new(Slots(AtomicUsize::new(0)));
    for request in server.incoming_requests() {
        let (hub, requests, streams) = (hub.clone(), requests.clone(), streams.clone());
        let spawned = std::thread::Builder::new().name("cvpdf-preview".into()).spawn(move || {
            let Some(_slot) = requests.take(MAX_REQUESTS) else {
                let _ = request.respond(refusal(Refused(503, "too many requests at once")));
                return;
            };
            answer(request, &hub, &streams, port);
        });
        if spawned.is_err() {
            eprintln!("cvpdf: warning: cannot start a thread for a request; it was dropped");
        }
    }
}

/// Answers one request.
fn answer(request: Request, hub: &Hub, streams: &Slots, port: u16) {
    let header = |name: &'static str| request.headers().iter().find(|h| h.field.equiv(name)).map(|h| h.value.as_str());
    let headers = Headers { host: header("Host"), origin: header("Origin"), fetch_site: header("Sec-Fetch-Site") };
    let decided = route(request.method().as_str(), request.url(), headers, port);
    let snapshot = hub.current();
    let (body, kind, csp) = match decided {
        Err(refused) => {
            let _ = request.respond(refusal(refused));
            return;
        }
        Ok(Route::Events) => {
            match streams.take(MAX_STREAMS) {
                Some(_slot) => events(request, hub),
                None => {
                    let _ = request.respond(refusal(Refused(503, "too many event streams open")));
                }
            }
            return;
        }
        Ok(Route::Asset(body, kind)) => (body, kind, if kind.starts_with("text/html") { PAGE_CSP } else { DATA_CSP }),
        Ok(Route::Page(n)) => match snapshot.pages.svgs.get(n - 1) {
            Some(svg) => (svg.as_str(), "image/svg+xml", DATA_CSP),
            None => {
                let _ = request.respond(refusal(Refused(404, "no such page")));
                return;
            }
        },
        Ok(Route::Geometry) => (snapshot.pages.geometry.as_str(), "application/json", DATA_CSP),
        Ok(Route::Ats) => (snapshot.pages.ats.as_str(), "application/json", DATA_CSP),
    };
    send(request, body.as_bytes(), kind, csp);
}

/// Sends a 200 answer in one write: tiny_http writes the head and a large body
/// apart, and the body's last segment then waits for the head's acknowledgement
/// (Nagle's algorithm against delayed ACKs: 40 ms a page on a kept-alive connection).
fn send(request: Request, body: &[u8], kind: &str, csp: &str) {
    let close = request.http_version() == &tiny_http::HTTPVersion(1, 0)
        || request.headers().iter().any(|h| h.field.equiv("Connection") && h.value.as_str().eq_ignore_ascii_case("close"));
    let mut head = String::from("HTTP/1.1 200 OK\r\n");
    for h in common(csp) {
        head += &format!("{}: {}\r\n", h.field, h.value);
    }
    head += &format!("Content-Type: {kind}\r\nContent-Length: {}\r\n", body.len());
    if close {
        head += "Connection: close\r\n";
    }
    head += "\r\n";
    let mut answer = head.into_bytes();
    answer.extend_from_slice(body);
    let mut out = request.into_writer();
    let _ = out.write_all(&answer).and_then(|()| out.flush());
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// The headers of every answer: not cached, not sniffed, not embedded elsewhere.
fn common(csp: &str) -> Vec<Header> {
    [
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", csp),
    ]
    .into_iter()
    .filter_map(|(n, v)| header(n, v))
    .collect()
}

/// A refusal: its status, and why as plain text.
fn refusal(Refused(status, why): Refused) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = Response::from_data(format!("{why}\n").into_bytes()).with_status_code(status);
    for h in common(DATA_CSP).into_iter().chain(header("Content-Type", "text/plain; charset=utf-8")) {
        response.add_header(h);
    }
    if let Some(allow) = header("Allow", "GET").filter(|_| status == 405) {
        response.add_header(allow);
    }
    response
}

/// Streams the renders as server-sent events, the latest first, until the client
/// goes away: `id: VERSION` and the state as `data:`.
fn events(request: Request, hub: &Hub) {
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 500\n\n";
    if out.write_all(head.as_bytes()).and_then(|()| out.flush()).is_err() {
        return;
    }
    let mut seen = 0;
    let mut next = Some(hub.current()).filter(|s| s.version > 0);
    loop {
        let text = match &next {
            Some(snapshot) => {
                seen = snapshot.version;
                format!("id: {}\ndata: {}\n\n", snapshot.version, snapshot.state)
            }
            None => ": keep-alive\n\n".to_owned(),
        };
        if out.write_all(text.as_bytes()).and_then(|()| out.flush()).is_err() {
            return;
        }
        next = hub.newer(seen, KEEPALIVE);
    }
}
