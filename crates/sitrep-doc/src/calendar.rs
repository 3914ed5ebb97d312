//! Month names, shared by the stages that read dates: page dates in ingest and time
//! expressions in the text.

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (1 to 12) a lowercase English month name or abbreviation (`jan` to `dec`,
/// `sept`, without a period) names, and whether it was abbreviated (`may` counts as
/// the full name).
pub fn month_number(lower: &str) -> Option<(u32, bool)> {
    if let Some(k) = MONTHS.iter().position(|&m| m == lower) {
        return Some((k as u32 + 1, false));
    }
    if lower == "sept" {
        return Some((9, true));
    }
    (lower.len() == 3)
        .then(|| MONTHS.iter().position(|m| m.starts_with(lower)))
        .flatten()
        .map(|k| (k as u32 + 1, true))
}

#[cfg(test)]
mod tests {
    use super::month_number;

    #[test]
    fn names_and_abbreviations() {
        assert_eq!(month_number("february"), Some((2, false)));
        assert_eq!(month_number("may"), Some((5, false)));
        assert_eq!(month_number("sep"), Some((9, true)));
        assert_eq!(month_number("sept"), Some((9, true)));
        assert_eq!(month_number("dec"), Some((12, true)));
        assert_eq!(month_number("ju"), None);
        assert_eq!(month_number("mars"), None);
    }
}
