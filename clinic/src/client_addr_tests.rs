//! Hostile forwarding headers: the client address never comes from an untrusted party.

use super::*;
use axum::http::HeaderValue;

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn config(header: ProxyHeader, trusted: &[&str]) -> ProxyConfig {
    ProxyConfig { trusted: trusted.iter().map(|t| parse_cidr(t).unwrap()).collect(), header }
}

fn headers(name: &'static str, values: &[&str]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for value in values {
        map.append(name, HeaderValue::from_str(value).unwrap());
    }
    map
}

const PROXY: &str = "10.0.0.2";

fn xff(values: &[&str]) -> IpAddr {
    config(ProxyHeader::XForwardedFor, &["10.0.0.0/8"])
        .client(ip(PROXY), &headers("x-forwarded-for", values))
}

fn fwd(values: &[&str]) -> IpAddr {
    config(ProxyHeader::Forwarded, &["10.0.0.0/8", "2001:db8:ffff::/48"])
        .client(ip(PROXY), &headers("forwarded", values))
}

#[test]
fn cidrs_parse_for_both_families_and_bare_addresses() {
    assert_eq!(parse_cidr("10.1.2.3/8").unwrap().to_string(), "10.0.0.0/8");
    assert_eq!(parse_cidr(" 2001:db8::1/32 ").unwrap().to_string(), "2001:db8::/32");
    assert_eq!(parse_cidr("127.0.0.1").unwrap().to_string(), "127.0.0.1/32");
    assert_eq!(parse_cidr("::1").unwrap().to_string(), "::1/128");
    for bad in ["", "10.0.0.0/33", "::/129", "example.org", "10.0.0.0/", "1.2.3.4/8/8"] {
        assert!(parse_cidr(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn an_untrusted_peer_is_the_client_whatever_it_claims() {
    let cfg = config(ProxyHeader::XForwardedFor, &["10.0.0.0/8"]);
    let spoof = headers("x-forwarded-for", &["203.0.113.9"]);
    assert_eq!(cfg.client(ip("198.51.100.7"), &spoof), ip("198.51.100.7"));
    let spoof = headers("forwarded", &["for=203.0.113.9"]);
    let cfg = config(ProxyHeader::Forwarded, &["10.0.0.0/8"]);
    assert_eq!(cfg.client(ip("198.51.100.7"), &spoof), ip("198.51.100.7"));
    // No trusted proxy at all: headers are never read.
    let none = ProxyConfig::default();
    assert_eq!(none.client(ip("10.0.0.2"), &spoof), ip("10.0.0.2"));
}

#[test]
fn the_rightmost_untrusted_entry_is_the_client() {
    assert_eq!(xff(&["203.0.113.9"]), ip("203.0.113.9"));
    // A client-supplied prefix is ignored: the trusted proxy appended the real peer.
    assert_eq!(xff(&["1.1.1.1, 2.2.2.2, 203.0.113.9"]), ip("203.0.113.9"));
    // Chains of trusted proxies are skipped.
    assert_eq!(xff(&["1.1.1.1, 203.0.113.9, 10.9.9.9, 10.0.0.1"]), ip("203.0.113.9"));
    // Several header lines are one list, in order.
    assert_eq!(xff(&["1.1.1.1", "203.0.113.9, 10.0.0.1"]), ip("203.0.113.9"));
    // Only trusted hops: the furthest one.
    assert_eq!(xff(&["10.0.0.7, 10.0.0.1"]), ip("10.0.0.7"));
    // No header from a trusted proxy: the proxy itself.
    assert_eq!(xff(&[]), ip(PROXY));
}

#[test]
fn spoofed_trusted_addresses_to_the_left_gain_nothing() {
    // A client claiming to be a trusted proxy still ends up as the right-most untrusted entry.
    assert_eq!(xff(&["10.0.0.1, 203.0.113.9"]), ip("203.0.113.9"));
}

#[test]
fn unreadable_entries_count_against_the_proxy_that_wrote_them() {
    for value in [
        "garbage",
        "203.0.113.9, not-an-ip",
        "unknown",
        "_hidden",
        "",
        "1.2.3.4.5",
        "203.0.113.9 198.51.100.1",
        "[2001:db8::1",
        "203.0.113.9:99999",
    ] {
        assert_eq!(xff(&[value]), ip(PROXY), "{value:?}");
    }
    // Garbage behind a trusted hop: that hop.
    assert_eq!(xff(&["nonsense, 10.0.0.9"]), ip("10.0.0.9"));
    // Garbage to the left of the client is never reached.
    assert_eq!(xff(&["junk!#, 203.0.113.9"]), ip("203.0.113.9"));
    // Bytes that are not visible ASCII make the whole line unreadable.
    let mut map = HeaderMap::new();
    map.append("x-forwarded-for", HeaderValue::from_bytes(b"203.0.113.9, \xff").unwrap());
    let cfg = config(ProxyHeader::XForwardedFor, &["10.0.0.0/8"]);
    assert_eq!(cfg.client(ip(PROXY), &map), ip(PROXY));
}

#[test]
fn ipv6_forms_and_ports_are_understood() {
    assert_eq!(xff(&["2001:db8::1"]), ip("2001:db8::1"));
    assert_eq!(xff(&["[2001:db8::1]"]), ip("2001:db8::1"));
    assert_eq!(xff(&["[2001:db8::1]:4711"]), ip("2001:db8::1"));
    assert_eq!(xff(&["203.0.113.9:8080"]), ip("203.0.113.9"));
    // IPv4-mapped IPv6 is the IPv4 address (and matches IPv4 trusted networks).
    assert_eq!(xff(&["::ffff:203.0.113.9"]), ip("203.0.113.9"));
    assert_eq!(xff(&["203.0.113.9, ::ffff:10.0.0.5"]), ip("203.0.113.9"));
}

#[test]
fn forwarded_elements_are_parsed_per_rfc_7239() {
    assert_eq!(fwd(&["for=203.0.113.9"]), ip("203.0.113.9"));
    assert_eq!(fwd(&["For=\"203.0.113.9:80\";proto=https;by=10.0.0.2"]), ip("203.0.113.9"));
    assert_eq!(fwd(&["for=\"[2001:db8:cafe::17]:4711\""]), ip("2001:db8:cafe::17"));
    assert_eq!(fwd(&["for=\"[2001:db8:cafe::17]\";proto=http"]), ip("2001:db8:cafe::17"));
    assert_eq!(fwd(&["proto=https; for=203.0.113.9 ; host=example.org"]), ip("203.0.113.9"));
    assert_eq!(fwd(&["for=1.1.1.1, for=203.0.113.9, for=10.0.0.1"]), ip("203.0.113.9"));
    assert_eq!(fwd(&["for=1.1.1.1", "for=203.0.113.9"]), ip("203.0.113.9"));
    assert_eq!(fwd(&["for=203.0.113.9, for=\"[2001:db8:ffff::2]:443\""]), ip("203.0.113.9"));
    assert_eq!(fwd(&["for=\"[2001:db8::5]:_port1\""]), ip("2001:db8::5"));
    // A comma inside a quoted value does not start a new element.
    assert_eq!(fwd(&["for=203.0.113.9;x=\"a,for=1.1.1.1\""]), ip("203.0.113.9"));
}

#[test]
fn hidden_or_broken_forwarded_nodes_count_against_the_proxy() {
    for value in [
        "for=unknown",
        "for=_hidden",
        "for=\"_SEVKISEK\"",
        "proto=https",
        "for=",
        "for=\"[2001:db8::1]:port\"",
        "for=\"2001:db8::1\"x",
        "for=\"[2001:db8::1]junk\"",
        "for=203.0.113.9:",
        "for=\"unterminated",
        "=;=,;;,,",
    ] {
        assert_eq!(fwd(&[value]), ip(PROXY), "{value:?}");
    }
}

#[test]
fn a_flood_of_entries_is_walked_only_so_far() {
    // Thousands of trusted-looking hops: the walk stops after MAX_HOPS at a trusted address.
    let long = vec!["10.0.0.1"; 5000].join(", ");
    assert_eq!(xff(&[&format!("203.0.113.9, {long}")]), ip("10.0.0.1"));
    // Thousands of client-chosen entries to the left cost nothing but the split.
    let long = vec!["198.51.100.1"; 5000].join(",");
    assert_eq!(xff(&[&format!("{long}, 203.0.113.9")]), ip("203.0.113.9"));
}

#[test]
fn the_proxy_header_not_configured_is_ignored() {
    let cfg = config(ProxyHeader::XForwardedFor, &["10.0.0.0/8"]);
    let forged = headers("forwarded", &["for=203.0.113.9"]);
    assert_eq!(cfg.client(ip(PROXY), &forged), ip(PROXY));
    let cfg = config(ProxyHeader::Forwarded, &["10.0.0.0/8"]);
    let forged = headers("x-forwarded-for", &["203.0.113.9"]);
    assert_eq!(cfg.client(ip(PROXY), &forged), ip(PROXY));
}

#[test]
fn buckets_are_ipv4_addresses_and_ipv6_slash_64s() {
    let bucket = |text: &str| ClientAddr(ip(text)).bucket();
    assert_eq!(bucket("203.0.113.9"), "203.0.113.9");
    assert_eq!(bucket("::ffff:203.0.113.9"), "203.0.113.9");
    assert_eq!(bucket("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
    assert_eq!(bucket("2001:db8:1:2:bbbb:cccc:dddd:eeee"), "2001:db8:1:2::/64");
    assert_ne!(bucket("2001:db8:1:3::1"), bucket("2001:db8:1:2::1"));
    assert_eq!(bucket("::1"), "::/64");
}
