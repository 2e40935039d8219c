//! Parsing and validation of text fields. Bad input is reported, never silently replaced.

/// Parses a threshold typed by the reader: a finite number within `min..=max`
/// (a trailing `%` divides by 100). The error is a sentence to show next to the field.
///
/// # Errors
/// Empty text, text that is not a number, NaN/infinity, or a value outside the bounds.
pub fn parse_threshold(text: &str, min: f64, max: f64) -> Result<f64, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("Enter a number.".to_owned());
    }
    let (number, scale) = match trimmed.strip_suffix('%') {
        Some(rest) => (rest.trim(), 0.01),
        None => (trimmed, 1.0),
    };
    let value = number
        .parse::<f64>()
        .map_err(|_| format!("\"{trimmed}\" is not a number; the old value is kept."))?
        * scale;
    if !value.is_finite() {
        return Err("The value must be a finite number; the old value is kept.".to_owned());
    }
    if value < min || value > max {
        return Err(format!(
            "Must be between {min} and {max}; the old value is kept."
        ));
    }
    Ok(value)
}

/// Parses a whole number in `min..=max` (seed, tick counts, servers ...).
///
/// # Errors
/// Text that is not a whole number or lies outside the bounds.
pub fn parse_count(text: &str, min: u64, max: u64) -> Result<u64, String> {
    let trimmed = text.trim();
    let value = trimmed
        .parse::<u64>()
        .map_err(|_| format!("\"{trimmed}\" is not a whole number; the old value is kept."))?;
    if value < min || value > max {
        return Err(format!(
            "Must be between {min} and {max}; the old value is kept."
        ));
    }
    Ok(value)
}
