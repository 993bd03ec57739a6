//! The networks an API token may be used from. An admin lists them when
//! making the token ("203.0.113.0/24, 2001:db8::/32", or single addresses);
//! a request from anywhere else is refused, so a token that leaks from an
//! integrator's server is of no use outside its network.

use std::net::IpAddr;

use ipnet::IpNet;

/// More would be a sign that the list should be a network, not addresses.
pub const MAX_NETWORKS: usize = 20;

/// Reads the form's text: networks in CIDR form or single addresses,
/// separated by commas, spaces or new lines; empty for anywhere. Gives the
/// list as stored (`203.0.113.0/24, 198.51.100.7/32`), or what is wrong.
pub fn parse_networks(text: &str) -> Result<String, String> {
    let mut networks: Vec<IpNet> = Vec::new();
    for word in text
        .split([',', ' ', '\n', '\r', '\t'])
        .filter(|word| !word.is_empty())
    {
        let network = match word.parse::<IpNet>() {
            Ok(network) => network.trunc(),
            Err(_) => match word.parse::<IpAddr>() {
                Ok(address) => IpNet::from(address.to_canonical()),
                Err(_) => {
                    let shown: String = word.chars().take(60).collect();
                    return Err(format!(
                        "\u{201c}{shown}\u{201d} is not a network such as 203.0.113.0/24 or an address such as 203.0.113.7."
                    ));
                }
            },
        };
        if !networks.contains(&network) {
            networks.push(network);
        }
    }
    if networks.len() > MAX_NETWORKS {
        return Err(format!("List at most {MAX_NETWORKS} networks."));
    }
    Ok(networks
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", "))
}

/// Whether a request from `address` may use a token limited to `stored`
/// (as [`parse_networks`] wrote it). An unknown address is refused when the
/// token is limited.
pub fn allows(stored: &str, address: Option<IpAddr>) -> bool {
    let mut networks = stored
        .split(", ")
        .filter(|network| !network.is_empty())
        .filter_map(|network| network.parse::<IpNet>().ok())
        .peekable();
    if networks.peek().is_none() {
        return true;
    }
    // An IPv4 client reached over an IPv6 socket arrives as ::ffff:a.b.c.d.
    let Some(address) = address.map(|address| address.to_canonical()) else {
        return false;
    };
    networks.any(|network| network.contains(&address))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_and_single_addresses_are_read_in_any_separation() {
        assert_eq!(parse_networks("").unwrap(), "");
        assert_eq!(
            parse_networks("203.0.113.9/24,\n198.51.100.7  2001:db8::/32").unwrap(),
            "203.0.113.0/24, 198.51.100.7/32, 2001:db8::/32"
        );
        assert_eq!(
            parse_networks("::ffff:203.0.113.7").unwrap(),
            "203.0.113.7/32"
        );
        assert_eq!(
            parse_networks("10.0.0.0/8, 10.0.0.0/8").unwrap(),
            "10.0.0.0/8"
        );
        assert!(parse_networks("10.0.0.0/33").is_err());
        assert!(parse_networks("office").unwrap_err().contains("office"));
        let many: Vec<String> = (0..=MAX_NETWORKS)
            .map(|n| format!("10.0.{n}.0/24"))
            .collect();
        assert!(parse_networks(&many.join(",")).is_err());
    }

    #[test]
    fn a_limited_token_works_only_from_its_networks() {
        let office = parse_networks("203.0.113.0/24, 2001:db8::/32").unwrap();
        let from = |text: &str| Some(text.parse::<IpAddr>().unwrap());
        assert!(allows(&office, from("203.0.113.200")));
        assert!(allows(&office, from("::ffff:203.0.113.200")));
        assert!(allows(&office, from("2001:db8::1")));
        assert!(!allows(&office, from("203.0.114.1")));
        assert!(!allows(&office, from("127.0.0.1")));
        assert!(!allows(&office, None));
        assert!(allows("", from("198.51.100.1")));
        assert!(allows("", None));
    }
}
