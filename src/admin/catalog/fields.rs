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

/// A price in pesos ("18,500", "₱18500.50") to centavos.
pub fn parse_price(value: &str) -> Result<i64, String> {
    let cleaned: String = value
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '₱' | ' '))
        .collect();
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    let error = || "Enter an amount in pesos, such as 18,500 or 18500.50.".to_owned();
    if whole.is_empty() || fraction.len() > 2 {
        return Err(error());
    }
    let pesos: i64 = whole.parse().map_err(|_| error())?;
    let centavos: i64 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<2}").parse().map_err(|_| error())?
    };
    if !(0..=10_000_000).contains(&pesos) {
        return Err("That price is out of range.".to_owned());
    }
    Ok(pesos * 100 + centavos)
}

/// A whole number from 1 to `max`.
pub fn parse_count(value: &str, max: i64) -> Result<i64, String> {
    match value.trim().parse::<i64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
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
        for bad in ["", "abc", "-5", "1.234", "12.3.4"] {
            assert!(parse_price(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_and_choices() {
        assert_eq!(parse_count("20", 500).unwrap(), 20);
        assert!(parse_count("0", 500).is_err());
        assert!(parse_count("lots", 500).is_err());
        assert_eq!(parse_choice("").unwrap(), None);
        assert_eq!(parse_choice("7").unwrap(), Some(7));
        assert!(parse_choice("x").is_err());
        assert_eq!(required("  ", 10, "a title").unwrap_err(), "Enter a title.");
    }
}
