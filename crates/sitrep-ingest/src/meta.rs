//! Metadata rules: dates written in text, wire agencies, outlets.

use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    sitrep_doc::calendar::month_number(&w).map(|(m, _)| m)
}

fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.']).to_ascii_lowercase();
    w.len() >= 3 && WEEKDAYS.iter().any(|d| w.starts_with(d)) && w.ends_with("day")
        || WEEKDAYS.contains(&w.as_str())
}

/// A line that is nothing but a date, possibly with a weekday, a label ("Published:") and a
/// clock time: `10 February, 2016`, `Monday 19 February 2018`, `Feb. 10, 2016 12:30 GMT`,
/// `2016-02-10`. Returns the date and whether a weekday was written.
pub(crate) fn parse_date_line(line: &str) -> Option<(NaiveDate, bool)> {
    let line = line.trim();
    if line.len() > 80 {
        return None;
    }
    let lower = line.to_ascii_lowercase();
    let mut rest = line;
    for label in [
        "published on",
        "published:",
        "published",
        "posted on",
        "posted:",
        "posted",
        "updated:",
        "updated",
        "last updated:",
        "last updated",
        "date:",
        "on",
    ] {
        if lower.starts_with(label) && lower[label.len()..].starts_with([' ', ':']) {
            rest = &line[label.len()..];
            break;
        }
    }
    if let Some(d) = iso_date(rest.trim()) {
        return Some((d, false));
    }
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == ',' || c == '|')
        .filter(|w| !w.is_empty())
        .collect();
    let mut weekday = false;
    let (mut day, mut month, mut year) = (None, None, None);
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_matches(|c: char| c == ',' || c == '|');
        if w.is_empty() {
            continue;
        }
        if year.is_some() {
            // After the year only a clock time or zone may follow.
            if !is_time_word(w) {
                return None;
            }
            continue;
        }
        if i == 0 && is_weekday(w) {
            weekday = true;
        } else if let Some(m) = month_of(w).filter(|_| month.is_none()) {
            month = Some(m);
        } else if let Some(n) = ordinal(w).filter(|_| day.is_none() && w.len() <= 4) {
            day = Some(n);
        } else if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) && month.is_some() {
            year = w.parse::<i32>().ok();
        } else {
            return None;
        }
    }
    let date = NaiveDate::from_ymd_opt(year?, month?, day?)?;
    (1900..=2100)
        .contains(&year.unwrap_or(0))
        .then_some((date, weekday))
}

fn ordinal(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn is_time_word(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    w.contains(':')
        && w.chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
        || matches!(
            w.as_str(),
            "am" | "pm" | "a.m." | "p.m." | "gmt" | "utc" | "bst" | "est" | "edt" | "et" | "cet"
        )
        || (w.ends_with("am") || w.ends_with("pm")) && w[..w.len() - 2].contains(':')
}

/// `2016-02-10`, optionally followed by a time (`2016-02-10T08:00:00Z`).
pub(crate) fn iso_date(s: &str) -> Option<NaiveDate> {
    let head = s.get(..10)?;
    let tail = &s[10..];
    if !(tail.is_empty() || tail.starts_with(['T', ' '])) {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// A `/2016/02/10/` (or `/2016-02-10/`) date in a URL path.
pub(crate) fn url_date(url: &str) -> Option<NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/-]|$)")
            .expect("valid regex")
    });
    let c = re.captures(url)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// Wire agencies: canonical short name and the names that denote it.
const AGENCIES: &[(&str, &[&str])] = &[
    ("AP", &["AP", "Associated Press", "The Associated Press"]),
    (
        "AFP",
        &["AFP", "Agence France-Presse", "Agence France Presse"],
    ),
    ("Reuters", &["Reuters", "Thomson Reuters"]),
    ("PA", &["PA", "Press Association", "PA Media", "PA Wire"]),
    ("UPI", &["UPI", "United Press International"]),
    ("dpa", &["dpa", "DPA", "Deutsche Presse-Agentur"]),
    ("Xinhua", &["Xinhua"]),
    ("ANI", &["ANI"]),
    ("IANS", &["IANS"]),
    ("EFE", &["EFE"]),
    ("ANSA", &["ANSA"]),
    ("Kyodo", &["Kyodo", "Kyodo News"]),
    ("Yonhap", &["Yonhap"]),
    ("TASS", &["TASS", "Tass"]),
    ("Anadolu", &["Anadolu", "Anadolu Agency"]),
    ("CP", &["The Canadian Press", "Canadian Press"]),
    ("AAP", &["AAP", "Australian Associated Press"]),
];

/// The canonical agency a name denotes (`Press Association` -> `PA`).
pub(crate) fn agency(name: &str) -> Option<&'static str> {
    let name = name
        .trim()
        .trim_matches(|c: char| c == '.' || c == '-' || c == '—');
    AGENCIES
        .iter()
        // Short names (`AP`, `PA`) must match case exactly; longer ones in any case.
        .find(|(_, names)| {
            names
                .iter()
                .any(|n| *n == name || (name.len() > 3 && n.eq_ignore_ascii_case(name)))
        })
        .map(|(canon, _)| *canon)
}

/// The agency in a dateline opening a paragraph: `WASHINGTON (AP) —`, `MOSCOW, Oct 1 (Reuters) -`.
pub(crate) fn dateline_agency(para: &str) -> Option<&'static str> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^[A-Z][A-Za-z0-9 .,'’-]{1,60}?\(([A-Za-z][A-Za-z .-]{1,30})\)\s*[-—–:]")
            .expect("valid regex")
    });
    let c = re.captures(para)?;
    // Cities in datelines are written in capitals; this keeps "Kerry (AP) -" style text out.
    let place = para[..c.get(1)?.start()].trim_end_matches(['(', ' ']);
    let first = place.split([',', ' ']).next().unwrap_or("");
    if first
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase())
    {
        agency(&c[1])
    } else {
        None
    }
}

/// The agency named in a copyright line: `Copyright © The Associated Press. All rights reserved.`
pub(crate) fn copyright_agency(line: &str) -> Option<&'static str> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)(?:copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}\s*)?([A-Za-z][A-Za-z .-]{1,40}?)(?:\.|,|$| all rights)")
            .expect("valid regex")
    });
    let c = re.captures(line)?;
    agency(&c[1])
}

/// The outlet named by a copyright line that names no agency (`© 2016 The Daily Star`).
pub(crate) fn copyright_outlet(line: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:copyright\s*)?(?:©|\(c\))\s*(?:\d{4}\s*)?([A-Z][A-Za-z0-9&' .-]{1,40}?)(?:\.|,|$| all rights| ltd| inc)")
            .expect("valid regex")
    });
    let c = re.captures(line.trim())?;
    let name = c[1].trim();
    (agency(name).is_none() && !name.is_empty()).then(|| name.to_string())
}

/// An outlet named by a widget line in a page footer: `KSL Weather Forecast`.
pub(crate) fn footer_outlet(line: &str) -> Option<String> {
    // Two words of at most 16 bytes and the widget name: no longer line can match.
    if line.len() > 60 {
        return None;
    }
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^([A-Z][A-Za-z0-9.&]{1,15}(?: [A-Z][A-Za-z0-9.&]{1,15})?) (?:Weather Forecast|Weather|Newsletter|Sports|Traffic)$")
            .expect("valid regex")
    });
    re.captures(line.trim()).map(|c| c[1].to_string())
}

/// An outlet name from a URL's host: `www.ksl.com` -> `ksl.com`.
pub(crate) fn url_outlet(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (host.contains('.') && !host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn date_lines() {
        assert_eq!(
            parse_date_line("12 March, 2019"),
            Some((d(2019, 3, 12), false))
        );
        assert_eq!(
            parse_date_line("Thursday 4 July 2019"),
            Some((d(2019, 7, 4), true))
        );
        assert_eq!(
            parse_date_line("Wed, Jan. 8, 2020 10:15 GMT"),
            Some((d(2020, 1, 8), true))
        );
        assert_eq!(
            parse_date_line("Published: 2021-11-30"),
            Some((d(2021, 11, 30), false))
        );
        assert_eq!(
            parse_date_line("Updated August 3rd, 2017"),
            Some((d(2017, 8, 3), false))
        );
        assert_eq!(parse_date_line("The march began on 4 July 2019"), None);
        assert_eq!(parse_date_line("31 February 2019"), None);
        assert_eq!(parse_date_line("4 July"), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("https://x.org/news/2015/10/01/story"),
            Some(d(2015, 10, 1))
        );
        assert_eq!(url_date("https://x.org/2015-7-9/a"), Some(d(2015, 7, 9)));
        assert_eq!(url_date("https://x.org/2015/13/01/a"), None);
    }

    #[test]
    fn agencies() {
        assert_eq!(dateline_agency("BEIRUT (AP) — Rebels said"), Some("AP"));
        assert_eq!(
            dateline_agency("MOSCOW, Oct 1 (Reuters) - Russia said"),
            Some("Reuters")
        );
        assert_eq!(dateline_agency("Officials (AP) — no"), None);
        assert_eq!(
            dateline_agency("The minister said (in private) - nothing"),
            None
        );
        assert_eq!(
            copyright_agency("Copyright © The Associated Press. All rights reserved."),
            Some("AP")
        );
        assert_eq!(copyright_agency("© 2019 AFP"), Some("AFP"));
        assert_eq!(copyright_agency("Copyright 2019 The Daily Star."), None);
        assert_eq!(agency("Press Association"), Some("PA"));
        assert_eq!(agency("pa"), None);
    }

    #[test]
    fn outlets() {
        assert_eq!(
            footer_outlet("WXY Weather Forecast").as_deref(),
            Some("WXY")
        );
        assert_eq!(footer_outlet("The weather forecast"), None);
        assert_eq!(
            copyright_outlet("© 2016 The Daily Star. All rights reserved").as_deref(),
            Some("The Daily Star")
        );
        assert_eq!(copyright_outlet("© 2016 AFP"), None);
        assert_eq!(
            url_outlet("https://www.ksl.com/article/1").as_deref(),
            Some("ksl.com")
        );
    }
}
