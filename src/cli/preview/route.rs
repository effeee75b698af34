//! Which requests the preview answers, decided from the method, the path and three
//! headers alone (no file system): GET of the page, its two assets, the event
//! stream, a page's SVG, the geometry and the ATS view, from this machine's own
//! page. Paths are compared whole, never decoded or joined to a folder, so no
//! request names a file.

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// A static asset: its body and content type.
    Asset(&'static str, &'static str),
    /// The server-sent events of the renders.
    Events,
    /// A page's SVG, counted from 1.
    Page(usize),
    /// The pages' margins and boxes (JSON).
    Geometry,
    /// The ATS view (JSON).
    Ats,
}

/// A refused request: the status and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused(pub u16, pub &'static str);

/// The headers that decide whether a request is answered.
#[derive(Debug, Clone, Copy, Default)]
pub struct Headers<'a> {
    /// `Host`.
    pub host: Option<&'a str>,
    /// `Origin`.
    pub origin: Option<&'a str>,
    /// `Sec-Fetch-Site`.
    pub fetch_site: Option<&'a str>,
}

const INDEX: &str = include_str!("assets/index.html");
const CSS: &str = include_str!("assets/preview.css");
const JS: &str = include_str!("assets/preview.js");

/// Decides a request. The `Host` must be this server's own (`127.0.0.1:PORT` or
/// `localhost:PORT`), so that a page whose name was made to resolve to 127.0.0.1
/// (DNS rebinding) gets nothing; an `Origin` or `Sec-Fetch-Site` must say the
/// request comes from the preview's page itself; only GET is answered.
pub fn route(method: &str, url: &str, headers: Headers<'_>, port: u16) -> Result<Route, Refused> {
    let own = |host: &str| {
        let (name, p) = host.rsplit_once(':').unwrap_or((host, ""));
        p == port.to_string() && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
    };
    match headers.host {
        None => return Err(Refused(400, "no Host header")),
        Some(host) if !own(host) => return Err(Refused(403, "the Host is not this preview's address")),
        Some(_) => {}
    }
    if let Some(origin) = headers.origin {
        let host = origin.strip_prefix("http://").unwrap_or("");
        if !own(host) {
            return Err(Refused(403, "requests from other sites are refused"));
        }
    }
    if headers.fetch_site.is_some_and(|site| !matches!(site, "same-origin" | "none")) {
        return Err(Refused(403, "requests from other sites are refused"));
    }
    if method != "GET" {
        return Err(Refused(405, "only GET is answered"));
    }
    // A query (`?v=3`, which makes each version a new address to the browser's
    // cache) is ignored: the latest version is what is served.
    let path = url.split_once('?').map_or(url, |(path, _)| path);
    match path {
        "/" => Ok(Route::Asset(INDEX, "text/html; charset=utf-8")),
        "/preview.css" => Ok(Route::Asset(CSS, "text/css; charset=utf-8")),
        "/preview.js" => Ok(Route::Asset(JS, "text/javascript; charset=utf-8")),
        "/events" => Ok(Route::Events),
        "/geometry.json" => Ok(Route::Geometry),
        "/ats.json" => Ok(Route::Ats),
        _ => page_number(path).map(Route::Page).ok_or(Refused(404, "no such page")),
    }
}

/// `N` of `/pages/N.svg`: digits only, from 1, at most six of them.
fn page_number(path: &str) -> Option<usize> {
    let digits = path.strip_prefix("/pages/")?.strip_suffix(".svg")?;
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(url: &str, host: &str) -> Result<Route, Refused> {
        route("GET", url, Headers { host: Some(host), ..Headers::default() }, 4000)
    }

    #[test]
    fn answers_only_its_own_paths() {
        assert_eq!(get("/pages/2.svg?v=9", "127.0.0.1:4000"), Ok(Route::Page(2)));
        assert_eq!(get("/events", "localhost:4000"), Ok(Route::Events));
        assert!(matches!(get("/", "LOCALHOST:4000"), Ok(Route::Asset(_, "text/html; charset=utf-8"))));
        for bad in [
            "/../etc/passwd",
            "/pages/0.svg",
            "/pages/-1.svg",
            "/pages/1.svg/",
            "/pages/%31.svg",
            "/pages/1234567.svg",
            "//",
            "/index.html",
        ] {
            assert_eq!(get(bad, "127.0.0.1:4000"), Err(Refused(404, "no such page")), "{bad}");
        }
    }

    #[test]
    fn refuses_other_hosts_origins_and_methods() {
        assert_eq!(get("/", "evil.example:4000").unwrap_err().0, 403);
        assert_eq!(get("/", "127.0.0.1:4001").unwrap_err().0, 403);
        assert_eq!(get("/", "127.0.0.1").unwrap_err().0, 403);
        assert_eq!(route("GET", "/", Headers::default(), 4000).unwrap_err().0, 400);
        let from = |origin| Headers { host: Some("127.0.0.1:4000"), origin: Some(origin), fetch_site: None };
        assert_eq!(route("GET", "/events", from("http://evil.example"), 4000).unwrap_err().0, 403);
        assert_eq!(route("GET", "/events", from("https://127.0.0.1:4000"), 4000).unwrap_err().0, 403);
        assert_eq!(route("GET", "/events", from("http://localhost:4000"), 4000), Ok(Route::Events));
        let site = Headers { host: Some("127.0.0.1:4000"), origin: None, fetch_site: Some("cross-site") };
        assert_eq!(route("GET", "/pages/1.svg", site, 4000).unwrap_err().0, 403);
        let post = Headers { host: Some("127.0.0.1:4000"), ..Headers::default() };
        assert_eq!(route("POST", "/", post, 4000).unwrap_err().0, 405);
    }
}
