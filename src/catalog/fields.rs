//! Parsing what admins type into the catalog forms. Each function returns the
//! clean value or the message to show under the field. Shared with the browser.

/// A URL slug: lower-case letters, digits and single hyphens, 3 to 80 long.
pub fn parse_slug(value: &str) -> Result<String, String> {
    let slug = value.trim();
    let shape_ok = slug.len() >= 3
        && slug.len() <= 80
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if shape_ok {
        Ok(slug.to_owned())
    } else {
        Err(
            "Use 3 to 80 lower-case letters, digits and single hyphens, e.g. aws-security."
                .to_owned(),
        )
    }
}

/// A slug made from a title, for when the admin leaves the slug empty.
pub fn slug_from(title: &str) -> String {
    let mut slug = String::new();
    for character in title.to_lowercase().chars() {
        if character.is_ascii_alphanumeric() {
            slug.push(character);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-')
        .chars()
        .take(80)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// A course code: upper-case letters, digits and hyphens, 2 to 20 long.
pub fn parse_code(value: &str) -> Result<String, String> {
    let code = value.trim().to_uppercase();
    if (2..=20).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        Ok(code)
    } else {
        Err("Use 2 to 20 letters, digits and hyphens, e.g. AWS-SEC.".to_owned())
    }
}

/// Text that must be there, at most `max` characters.
pub fn required(value: &str, max: usize, what: &str) -> Result<String, String> {
    let text = value.trim();
    if text.is_empty() {
        Err(format!("Enter {what}."))
    } else if text.chars().count() > max {
        Err(format!("Keep it to {max} characters."))
    } else {
        Ok(text.to_owned())
    }
}

/// Text that may be empty, at most `max` characters.
pub fn optional(value: &str, max: usize) -> Result<String, String> {
    let text = value.trim();
    if text.chars().count() > max {
        Err(format!("Keep it to {max} characters."))
    } else {
        Ok(text.to_owned())
    }
}

/// The highest price a course or run may have, in pesos.
const MAX_PESOS: i64 = 10_000_000;
/// The same, in centavos: the whole price is at most ten million pesos.
pub const MAX_PRICE_CENTAVOS: i64 = MAX_PESOS * 100;

/// A price in pesos ("18,500", "₱18500.50") to centavos: digits only, commas
/// only between groups of three, at most two decimals, never negative.
/// (Rust's own number parsing takes signs, so "0.-5" once read as −5 centavos.)
pub fn parse_price(value: &str) -> Result<i64, String> {
    let error = || "Enter an amount in pesos, such as 18,500 or 18500.50.".to_owned();
    let cleaned = value.trim().trim_start_matches('₱').trim_start();
    let (whole, fraction) = match cleaned.split_once('.') {
        Some((whole, fraction)) if (1..=2).contains(&fraction.len()) => (whole, fraction),
        Some(_) => return Err(error()),
        None => (cleaned, ""),
    };
    let digits = whole_pesos(whole).ok_or_else(error)?;
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(error());
    }
    // More than eight digits is out of range before it can overflow.
    let pesos: i64 = if digits.len() > 8 {
        MAX_PESOS + 1
    } else {
        digits.parse().map_err(|_| error())?
    };
    let centavos: i64 = format!("{fraction:0<2}").parse().unwrap_or(0);
    let price = pesos * 100 + centavos;
    if price > MAX_PRICE_CENTAVOS {
        return Err("That price is out of range.".to_owned());
    }
    Ok(price)
}

/// The digits of "18,500" or "18500"; `None` for anything else.
fn whole_pesos(text: &str) -> Option<String> {
    let groups: Vec<&str> = text.split(',').collect();
    let well_grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|group| group.len() == 3));
    let digits = groups.concat();
    (well_grouped && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(digits)
}

/// A whole number from 1 to `max`, written with digits only (no sign, no
/// decimals, no spaces inside).
pub fn parse_count(value: &str, max: i64) -> Result<i64, String> {
    let text = value.trim();
    let number = (!text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse::<i64>().ok())
        .flatten();
    match number {
        Some(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!("Enter a whole number from 1 to {max}.")),
    }
}

/// An optional id chosen from a list (empty means none).
pub fn parse_choice(value: &str) -> Result<Option<i64>, String> {
    match value.trim() {
        "" => Ok(None),
        other => other
            .parse()
            .map(Some)
            .map_err(|_| "Choose from the list.".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_codes_have_one_clear_shape() {
        assert_eq!(parse_slug(" aws-security ").unwrap(), "aws-security");
        for bad in ["AWS", "a", "aws--sec", "-aws", "aws sec", "aws_sec"] {
            assert!(parse_slug(bad).is_err(), "{bad}");
        }
        assert_eq!(
            slug_from("The 7 Habits: Highly Effective!"),
            "the-7-habits-highly-effective"
        );
        assert_eq!(parse_code("aws-sec").unwrap(), "AWS-SEC");
        assert!(parse_code("AWS SEC").is_err());
    }

    #[test]
    fn prices_in_pesos_become_centavos() {
        assert_eq!(parse_price("18,500").unwrap(), 1_850_000);
        assert_eq!(parse_price("₱18500.5").unwrap(), 1_850_050);
        assert_eq!(parse_price("0").unwrap(), 0);
        assert_eq!(parse_price("1,234,567.05").unwrap(), 123_456_705);
        for bad in [
            "",
            "abc",
            "-5",
            "1.234",
            "12.3.4",
            "0.-5",
            "0.+5",
            "+5",
            "-0",
            "1,2,3",
            ",500",
            "18,50",
            "5.",
            ".5",
            "1e3",
            "5 000",
            "99999999999999999999",
        ] {
            assert!(parse_price(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_and_choices() {
        assert_eq!(parse_count("20", 500).unwrap(), 20);
        assert!(parse_count("0", 500).is_err());
        assert!(parse_count("lots", 500).is_err());
        for bad in ["+20", "-1", "2.5", "1e2", "9999999999999", "２０"] {
            assert!(parse_count(bad, 500).is_err(), "{bad}");
        }
        assert_eq!(parse_choice("").unwrap(), None);
        assert_eq!(parse_choice("7").unwrap(), Some(7));
        assert!(parse_choice("x").is_err());
        assert_eq!(required("  ", 10, "a title").unwrap_err(), "Enter a title.");
    }
}
