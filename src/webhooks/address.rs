//! Keeps webhooks from reaching inside the network (server-side request
//! forgery): a receiver's address must be public. The check runs where the
//! address is known for certain, in the resolver the HTTP client connects
//! with, so a name that resolves to 127.0.0.1, or a DNS answer that changes
//! between a check and the connection, cannot slip through. Literal IP
//! addresses never reach a resolver and are checked before sending.

use std::error::Error;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Whether `ip` is a public unicast address a receiver may have.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => match ip.to_ipv4_mapped() {
            Some(mapped) => is_public_v4(mapped),
            None => is_public_v6(ip),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || a >= 240 // reserved
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19))) // benchmarking
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || (first == 0x2001 && ip.segments()[1] == 0x0db8) // documentation
        || (first == 0x0064 && ip.segments()[1] == 0xff9b) // NAT64: an IPv4 address inside
        || ip.to_ipv4().is_some_and(|v4| !is_public_v4(v4) && ip.segments()[5] == 0))
}

/// Why a receiver's address is refused.
#[derive(Debug, thiserror::Error)]
#[error("{0} is a private, loopback or reserved address; webhooks go to public addresses only")]
pub struct Refused(pub String);

/// Checks a receiver's URL before sending: http or https, a host, and no
/// literal private address (names are checked when resolved).
pub fn check_url(url: &str, allow_private: bool) -> Result<reqwest::Url, String> {
    let parsed = reqwest::Url::parse(url).map_err(|_| "not a valid URL".to_owned())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("the URL must start with https:// or http://".to_owned());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("put no user name or password in the URL".to_owned());
    }
    let Some(host) = parsed.host_str() else {
        return Err("the URL has no host".to_owned());
    };
    // The URL parser writes IPv6 hosts in brackets and numeric IPv4 forms
    // (`2130706433`) as dotted quads, so a literal address reads back here.
    let literal: Option<IpAddr> = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok();
    let name = host.trim_end_matches('.').to_ascii_lowercase();
    if !allow_private && (name == "localhost" || name.ends_with(".localhost")) {
        return Err(Refused(name).to_string());
    }
    if let Some(ip) = literal.filter(|ip| !allow_private && !is_public(*ip)) {
        return Err(Refused(ip.to_string()).to_string());
    }
    Ok(parsed)
}

/// The HTTP client's resolver: the system's answers without the private
/// ones; a name with only private answers does not resolve.
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|address| is_public(address.ip()))
                .collect();
            if found.is_empty() {
                return Err(Box::new(Refused(host)) as Box<dyn Error + Send + Sync>);
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(text: &str) -> bool {
        is_public(text.parse().unwrap())
    }

    #[test]
    fn private_loopback_and_reserved_addresses_are_not_public() {
        for address in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254", // cloud metadata
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(!public(address), "{address} passed as public");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for address in [
            "8.8.8.8",
            "1.1.1.1",
            "203.0.114.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(public(address), "{address} refused");
        }
    }

    /// `localhost` resolves from the hosts file, with no network needed.
    #[tokio::test]
    async fn the_resolver_drops_a_name_that_points_inside() {
        let name: Name = "localhost".parse().unwrap();
        let error = match PublicOnly.resolve(name).await {
            Ok(found) => panic!("resolved to {:?}", found.collect::<Vec<_>>()),
            Err(error) => error.to_string(),
        };
        assert!(error.contains("private, loopback or reserved"), "{error}");
    }

    #[test]
    fn urls_naming_a_private_address_are_refused_unless_allowed() {
        for url in [
            "http://127.0.0.1:8080/hook",
            "http://[::1]/hook",
            "http://localhost/hook",
            "https://api.localhost/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://2130706433/", // 127.0.0.1 written as a number
        ] {
            assert!(check_url(url, false).is_err(), "{url} passed");
            assert!(
                check_url(url, true).is_ok(),
                "{url} refused although allowed"
            );
        }
        assert!(check_url("https://hr.example.com/kurso", false).is_ok());
        assert!(check_url("ftp://example.com/", true).is_err());
        assert!(check_url("https://user:pw@example.com/", true).is_err());
        assert!(check_url("not a url", true).is_err());
    }
}
