//! The client's address, worked out once per request (review M4).
//!
//! Behind the TLS-terminating proxy the README recommends, every TCP peer is the proxy, so
//! limits keyed by the peer would make one client's guesses the whole clinic's budget. The
//! proxy tells us who its client was in `X-Forwarded-For` or `Forwarded`, but anyone can send
//! those headers: they are read only when the peer is a proxy the operator named with
//! `--trusted-proxy`, and then only the entries those proxies appended count (walking from the
//! right, the first address that is not itself a trusted proxy is the client).
//!
//! [`resolve`] runs as middleware and stores a [`ClientAddr`] in the request; handlers take it
//! as an extractor, so rate limits and the audit trail always agree on the address.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

use crate::error::ApiError;
use crate::state::AppState;

/// Entries read from the right of a forwarding header: more proxies than this in a row is no
/// real deployment, and a hostile header cannot make us walk further.
const MAX_HOPS: usize = 16;

/// Which header the trusted proxies write. Only one is read: a proxy that appends to one
/// usually passes the other through untouched, so reading both would let clients forge one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ProxyHeader {
    /// `X-Forwarded-For: client, proxy1, proxy2` (nginx, HAProxy, most load balancers).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client;proto=https, for="[2001:db8::1]:4711"`.
    Forwarded,
}

/// The proxies whose forwarding headers are believed (`--trusted-proxy`), and which header.
#[derive(Debug, Clone, Default)]
pub struct ProxyConfig {
    /// Networks of trusted proxies; empty: forwarding headers are ignored entirely.
    pub trusted: Vec<IpNet>,
    /// The header those proxies write.
    pub header: ProxyHeader,
}

impl ProxyConfig {
    /// True when `ip` (IPv4-mapped IPv6 counted as IPv4) is inside a trusted network.
    pub fn is_trusted(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.trusted.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request that arrived from `peer` with `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.is_trusted(peer) {
            return peer;
        }
        let hops = match self.header {
            ProxyHeader::XForwardedFor => forwarded_for_hops(headers),
            ProxyHeader::Forwarded => forwarded_hops(headers),
        };
        // `current` is the nearest hop known to be a trusted proxy; each entry to its left was
        // written by it. An entry we cannot read (garbage, `unknown`, an obfuscated `_name`)
        // hides the client, so the request counts against that proxy: never against an
        // address a client could choose.
        let mut current = peer;
        for hop in hops.into_iter().rev().take(MAX_HOPS) {
            match hop {
                Some(ip) if self.is_trusted(ip) => current = ip,
                Some(ip) => return ip,
                None => return current,
            }
        }
        current
    }
}

/// A CIDR for `--trusted-proxy`: `10.0.0.0/8`, `2001:db8::/32`, or a bare address (one host).
pub fn parse_cidr(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map(|net| net.trunc())
        .map_err(|_| format!("not a CIDR or an IP address: {text:?}"))
}

/// The request's client address (see the module comment); also the rate-limit key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// The rate-limit bucket: the IPv4 address, or the IPv6 /64. One subscriber usually
    /// gets a whole /64 (RFC 6177), so keying by /128 would give an attacker 2^64 buckets.
    pub fn bucket(&self) -> String {
        match self.0.to_canonical() {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let prefix = v6.to_bits() & !u128::from(u64::MAX);
                format!("{}/64", Ipv6Addr::from_bits(prefix))
            }
        }
    }
}

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Middleware: works out the client address once and stores it in the request.
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
        let client = state.limits().proxies.client(peer.ip(), request.headers());
        request.extensions_mut().insert(ClientAddr(client));
    }
    next.run(request).await
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        // Only missing when the router is served without connection info: a wiring bug.
        parts
            .extensions
            .get::<Self>()
            .copied()
            .ok_or_else(|| ApiError::Internal("no client address (connect info)".into()))
    }
}

/// `X-Forwarded-For` entries, left to right over every header line (RFC 9110 §5.3: repeated
/// lines are one comma-separated list). `None` for an entry that is not an address.
fn forwarded_for_hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let mut hops = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let Ok(text) = value.to_str() else {
            hops.push(None);
            continue;
        };
        hops.extend(text.split(',').map(|entry| node_ip(entry.trim())));
    }
    hops
}

/// The `for=` of each `Forwarded` element (RFC 7239 §4), left to right.
fn forwarded_hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let mut hops = Vec::new();
    for value in headers.get_all("forwarded") {
        let Ok(text) = value.to_str() else {
            hops.push(None);
            continue;
        };
        for element in split_outside_quotes(text, ',') {
            let node = split_outside_quotes(element, ';').into_iter().find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                name.trim().eq_ignore_ascii_case("for").then(|| unquote(value.trim()))
            });
            hops.push(node.and_then(|node| node_ip(&node)));
        }
    }
    hops
}

/// `text` cut at each `separator` that is not inside a quoted string.
fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A token or an RFC 9110 quoted string, unescaped.
fn unquote(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return value.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' { chars.next().unwrap_or('\\') } else { c });
    }
    out
}

/// An RFC 7239 node (`192.0.2.1`, `192.0.2.1:80`, `[2001:db8::1]`, `[2001:db8::1]:4711`) or a
/// bare IPv6 address as some `X-Forwarded-For` writers send it. `unknown`, obfuscated names
/// (`_hidden`) and anything else: `None`.
fn node_ip(node: &str) -> Option<IpAddr> {
    let ip = if let Some(rest) = node.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return None;
        }
        IpAddr::V6(inside.parse().ok()?)
    } else if let Ok(ip) = node.parse::<IpAddr>() {
        ip
    } else {
        let (host, port) = node.split_once(':')?;
        if !is_port(port) {
            return None;
        }
        IpAddr::V4(host.parse().ok()?)
    };
    Some(ip.to_canonical())
}

/// A port number, or an RFC 7239 obfuscated port (`_abc`).
fn is_port(text: &str) -> bool {
    text.parse::<u16>().is_ok()
        || (text.starts_with('_')
            && text.len() > 1
            && text[1..].chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)))
}

#[cfg(test)]
#[path = "client_addr_tests.rs"]
mod tests;
