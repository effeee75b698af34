//! `--allow-remote`: fetching `http(s)://` images and stylesheets, carefully.
//!
//! Every host is resolved here and every address it resolves to is checked before a
//! connection is made (the resolver given to the HTTP client refuses loopback,
//! private, link-local, metadata and other non-public addresses); redirects are
//! followed by hand, so each hop is checked the same way. Bodies are capped, the
//! whole request has a timeout, and what was fetched is cached by a hash of its URL
//! so that a rerun (in CI, say) needs no network.

use std::io::{self, Read};
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The most a request may take, connecting and reading included. All the fetches of
/// one render also share its deadline (`--timeout`): each gets at most what is left.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// The largest body accepted.
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;
/// The most redirects followed for one URL.
pub const MAX_REDIRECTS: usize = 5;

/// How remote files are fetched.
#[derive(Debug)]
pub struct Remote {
    /// Hosts allowed even if they resolve to non-public addresses (lowercase).
    allow_hosts: Arc<Vec<String>>,
    /// The cache folder, if one could be found.
    cache: Option<PathBuf>,
}

impl Remote {
    /// `allow_hosts` from `--allow-remote-host`, `cache` from `--remote-cache` (else
    /// `$XDG_CACHE_HOME/cvpdf` or `~/.cache/cvpdf`).
    pub fn new(allow_hosts: Vec<String>, cache: Option<PathBuf>) -> Remote {
        let cache = cache.or_else(|| {
            let xdg = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()).map(PathBuf::from);
            let home = || std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".cache"));
            xdg.or_else(home).map(|d| d.join("cvpdf"))
        });
        let allow_hosts = allow_hosts.into_iter().map(|h| h.trim_matches(['[', ']']).to_ascii_lowercase()).collect();
        Remote { allow_hosts: Arc::new(allow_hosts), cache }
    }

    /// Fetches `url` (from the cache if it is there), giving up at `until` (the
    /// render's deadline, shared by all its fetches). The error says why not.
    pub fn fetch(&self, url: &str, until: Instant) -> Result<Vec<u8>, String> {
        let cached = self.cache.as_ref().map(|dir| dir.join(format!("{:016x}", fnv1a(url.as_bytes()))));
        if let Some(bytes) = cached.as_ref().and_then(|p| super::loader::read_regular_file(p, MAX_BYTES).ok()) {
            return Ok(bytes);
        }
        let bytes = self.download(url, until)?;
        if let (Some(path), Some(dir)) = (&cached, &self.cache) {
            // A cache that cannot be written only costs a download next time.
            if std::fs::create_dir_all(dir).is_ok() {
                let _ = super::write::write_atomically(path, &bytes);
            }
        }
        Ok(bytes)
    }

    fn download(&self, url: &str, until: Instant) -> Result<Vec<u8>, String> {
        let hosts = self.allow_hosts.clone();
        let agent = ureq::AgentBuilder::new().timeout(TIMEOUT).redirects(0).resolver(move |netloc: &str| resolve(netloc, &hosts)).build();
        let mut current = url::Url::parse(url).map_err(|e| format!("it is not a valid URL ({e})"))?;
        for _ in 0..=MAX_REDIRECTS {
            if !matches!(current.scheme(), "http" | "https") {
                return Err(format!("`{}:` URLs are not fetched", current.scheme()));
            }
            let left = until.saturating_duration_since(Instant::now()).min(TIMEOUT);
            if left.is_zero() {
                return Err("not fetched: the time for rendering (`--timeout`) has run out".into());
            }
            let response = match agent.request_url("GET", &current).timeout(left).call() {
                Ok(r) => r,
                Err(ureq::Error::Status(code, _)) => return Err(format!("the server answered {code}")),
                Err(ureq::Error::Transport(t)) => return Err(format!("failed to fetch it ({})", transport_reason(&t))),
            };
            if (300..400).contains(&response.status()) {
                let location = response.header("location").ok_or("a redirect without a location")?;
                current = current.join(location).map_err(|e| format!("a redirect to an invalid URL ({e})"))?;
                continue;
            }
            if response.header("content-length").and_then(|l| l.trim().parse::<u64>().ok()).is_some_and(|l| l > MAX_BYTES) {
                return Err(format!("it is larger than {} MB", MAX_BYTES / 1024 / 1024));
            }
            let mut bytes = Vec::new();
            response.into_reader().take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("failed to read it ({e})"))?;
            if bytes.len() as u64 > MAX_BYTES {
                return Err(format!("it is larger than {} MB", MAX_BYTES / 1024 / 1024));
            }
            return Ok(bytes);
        }
        Err(format!("more than {MAX_REDIRECTS} redirects"))
    }
}

fn transport_reason(t: &ureq::Transport) -> String {
    // The resolver's refusal is the most useful part; ureq wraps it.
    let text = t.to_string();
    match text.find("refused: ") {
        Some(i) => text[i..].to_owned(),
        None => text,
    }
}

/// Resolves `host:port` and refuses it if any address is not public (unless the host
/// is allowed by name).
fn resolve(netloc: &str, allow_hosts: &[String]) -> io::Result<Vec<SocketAddr>> {
    let host = netloc.rsplit_once(':').map_or(netloc, |(h, _)| h).trim_matches(['[', ']']).to_ascii_lowercase();
    let addrs: Vec<SocketAddr> = netloc.to_socket_addrs()?.collect();
    if !allow_hosts.contains(&host) {
        if let Some(bad) = addrs.iter().find(|a| !is_public(a.ip())) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "refused: `{host}` resolves to {}, a loopback, private, link-local or metadata address (see --allow-remote-host)",
                    bad.ip()
                ),
            ));
        }
    }
    Ok(addrs)
}

/// Whether an address is on the public internet: not loopback, private,
/// link-local (cloud metadata lives there), shared, multicast or reserved.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1]))
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || (o[0] == 198 && (18..20).contains(&o[1]))
                || o[0] >= 240)
        }
        IpAddr::V6(v6) => {
            // IPv4-mapped (`::ffff:a.b.c.d`): the IPv4 address is what is reached.
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            // Addresses that carry or reach an IPv4 address some other way are refused
            // outright: which IPv4 host they end at depends on relays and gateways
            // that a filter here cannot see.
            let tunnels = s[..6] == [0; 6] // IPv4-compatible `::a.b.c.d` (deprecated; `::` and `::1` too)
                || (s[0] == 0x64 && s[1] == 0xff9b) // NAT64, 64:ff9b::/96 and the local-use 64:ff9b:1::/48
                || s[0] == 0x2002 // 6to4, 2002::/16
                || (s[0] == 0x2001 && s[1] == 0); // Teredo, 2001::/32
            !(tunnels
                || v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local, fc00::/7
                || (s[0] & 0xffc0) == 0xfe80 // link-local, fe80::/10
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated), fec0::/10
                || s[..4] == [0x100, 0, 0, 0] // discard-only, 100::/64
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] == 0x2001 && (s[1] & 0xfff0) == 0x0010) // ORCHID, 2001:10::/28
                || (s[0] == 0x2001 && s[1] == 0x0002 && s[2] == 0) // benchmarking, 2001:2::/48
                || (s[0] & 0xe000) != 0x2000) // outside global unicast, 2000::/3
        }
    }
}

/// FNV-1a, 64 bits: a stable hash for cache file names.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_public_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00:ec2::254",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            // IPv4-compatible, with a private, loopback or even a public IPv4 inside.
            "::127.0.0.1",
            "::10.0.0.1",
            "::93.184.216.34",
            // 6to4 around loopback and metadata, and any 6to4.
            "2002:7f00:1::1",
            "2002:a9fe:a9fe::1",
            "2002:5db8:d822::1",
            // Teredo, whose client address is the last 32 bits inverted.
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "2001::1",
            // Site-local, discard-only, NAT64 (well-known and local-use).
            "fec0::1",
            "feff::1",
            "100::1",
            "100::ffff:ffff:ffff:ffff",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b::5db8:d822",
            "64:ff9b:1::a00:1",
            // ORCHID, benchmarking, and outside 2000::/3.
            "2001:10::1",
            "2001:2::1",
            "4000::1",
            "8000::1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001::200e", "2001:4860:4860::8888"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn loopback_is_refused_unless_allowed() {
        assert!(resolve("127.0.0.1:80", &[]).is_err());
        assert!(resolve("127.0.0.1:80", &["127.0.0.1".into()]).is_ok());
    }
}
