//! Plain-text cleaning: a classifier per line, then one pass that assembles the article.
//!
//! The same pass post-filters the paragraphs an HTML extractor returns, so both paths share
//! the rules for navigation, read-time lines, captions, sign-offs and footers.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;
use sitrep_doc::{Caption, DateSource};

use crate::meta;

/// What one line of a page is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    /// Nothing but white space.
    Blank,
    /// Navigation, share buttons, read-time lines, disclaimers, promos: dropped.
    Boiler,
    /// A line after which the rest of the page is footer (related links, copyright, promos).
    FooterStart,
    /// A line that is only a date.
    Date(NaiveDate, bool),
    /// A photo caption, credit split off.
    Caption(Caption),
    /// A line that is only an agency's name: the copy's sign-off.
    SignOff(&'static str),
    /// `By Jane Doe` (with the wire agency when the byline names one).
    Byline(String, Option<&'static str>),
    /// Anything else: headline or body text.
    Text,
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

/// Whole-line navigation and widget labels.
fn is_nav(t: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    // The longest label the pattern admits is well under this; skip the regex for prose.
    t.len() <= 120
        && re(
        &RE,
        r"(?i)^(skip to (main |the )?(content|navigation|article)|skip navigation|jump to (main )?content|back to top|main menu|menu|search|close|home|advertisement|advertising|ads?|sponsored|(save|share|print|email|tweet|bookmark)( this)?( story| article| page| link)?|share (on|via|to) \w+|facebook|twitter|whatsapp|linkedin|reddit|telegram|pinterest|copy link|read more|see also|continue reading|show more|load more|view comments|leave a comment|comments?|\d+ comments?|click here.{0,40}|listen to (this )?(article|story).{0,20}|image|photo|video|watch|play video|follow us.{0,40})[\s:.›»]*$",
    )
    .is_match(t)
}

/// Section labels that open the page footer.
fn is_footer_label(t: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    t.len() <= 120
        && re(
        &RE,
        r"(?i)^(promoted( links| content| stories)?|sponsored (links|content|stories)|editors?['’]?s?['’]? (choice|picks?)|top stories|trending( now| stories)?|latest( news| stories)?|most (read|popular|viewed|shared|recent)\b.{0,40}|you (may|might) also like.{0,20}|recommended( for you| stories| reading)?|more (stories|news)|more (from|on|in) .{1,40}|also in .{1,40}|related( topics| stories| articles| content| coverage| news| links| posts)?|tags?|topics|(share|comment on) this (story|article)|about the author|more on this (story|topic)|read next|mehr zum thema|weitere informationen|auch interessant|das könnte (dich|sie) auch interessieren|ähnliche (beiträge|artikel|themen)|zum weiterlesen|lesen sie auch|weitere artikel|über den autor|über die autorin|mehr aus .{1,30}|schlagw(ö|o)rter|zur(ü|u)ck nach oben|kommentare|zobacz (też|także)|czytaj (też|także)|więcej informacji|polecamy|veja também|vea también|lee también|te puede interesar|noticias relacionadas|(à )?lire aussi|sur le même sujet|articles similaires|voir aussi|leggi anche|potrebbe interessarti)[\s:.›»]*$",
    )
    .is_match(t)
}

fn is_copyright(lower: &str) -> bool {
    lower.starts_with("copyright")
        || lower.starts_with('©')
        || lower.starts_with("(c) ")
        || lower.contains("all rights reserved")
}

/// Read-time lines: `3 min read`, `Estimated read time: 4-5 minutes`.
fn is_read_time(t: &str, lower: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    t.len() <= 60
        && (lower.contains("read time")
            || lower.contains("reading time")
            || re(&RE, r"\d+\s*min(ute)?s?\.?\s*(read|lesen|lecture)").is_match(lower))
}

/// Legal notes about the page rather than the story.
fn is_disclaimer(lower: &str) -> bool {
    lower.contains("non-commercial use")
        || lower.contains("archived news story")
        || lower.contains("archived article")
        || lower.contains("we use cookies")
        || lower.contains("this website uses cookies")
}

/// Newsletter, subscription and account promos. Skips reported speech so a quote about
/// subscriptions stays in the body.
fn is_promo(t: &str, lower: &str) -> bool {
    if words(t, 40) > 40 || t.contains(['"', '“', '”']) || lower.contains(" said") {
        return false;
    }
    [
        "to your inbox",
        "newsletter",
        "terms of use",
        "terms of service",
        "privacy policy",
        "subscribe to",
        "by subscribing",
        "sign up for",
        "sign up to",
        "download our app",
        "log in to",
        "create an account",
    ]
    .iter()
    .any(|p| lower.contains(p))
        || lower.starts_with("subscribe")
}

/// Photo-agency words that mark a bracketed suffix as a credit.
const CREDIT_WORDS: &[&str] = &[
    "afp",
    "ap",
    "reuters",
    "getty",
    "epa",
    "pa",
    "anadolu",
    "xinhua",
    "aap",
    "images",
    "photo",
    "photos",
    "file",
    "handout",
    "supplied",
    "shutterstock",
    "alamy",
    "istock",
    "twitter",
    "facebook",
    "youtube",
    "instagram",
    "via",
    "courtesy",
    "credit",
    "dpa",
    "sipa",
    "efe",
    "tass",
    "nurphoto",
    "ansa",
];

/// `text (AFP)`, `text [Getty]`, `text (AP Photo/Jane Doe)` -> caption and credit.
fn split_credit(t: &str) -> Option<Caption> {
    static RE: OnceLock<Regex> = OnceLock::new();
    if !t.trim_end().ends_with([')', ']']) {
        return None;
    }
    let c = re(&RE, r"^(.*?\S)\s*[(\[]([^()\[\]]{2,48})[)\]]\s*$").captures(t)?;
    let credit = c[2].trim();
    let is_credit = credit
        .split(|ch: char| !ch.is_alphanumeric())
        .any(|w| CREDIT_WORDS.contains(&w.to_lowercase().as_str()))
        && credit.chars().any(char::is_uppercase)
        && word_count(credit) <= 6;
    (is_credit && word_count(&c[1]) >= 3).then(|| Caption {
        text: c[1].to_string(),
        credit: Some(credit.to_string()),
    })
}

/// The number of words in `t`, counting no further than `cap + 1`.
fn words(t: &str, cap: usize) -> usize {
    t.split_whitespace().take(cap + 1).count()
}

fn word_count(t: &str) -> usize {
    t.split_whitespace().count()
}

fn ends_sentence(t: &str) -> bool {
    t.trim_end()
        .ends_with(['.', '!', '?', '"', '\'', '”', '’', ')', ':', ';'])
}

/// A line that reads like a body paragraph: long enough and ending a sentence.
fn is_body_like(t: &str) -> bool {
    words(t, 20) >= 20 && ends_sentence(t)
}

fn byline(t: &str) -> Option<(String, Option<&'static str>)> {
    let rest = t.strip_prefix("By ").or_else(|| t.strip_prefix("BY "))?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(*w, "and" | "of" | "in" | "for" | "de" | "van" | "von")
        });
    if words.is_empty() || words.len() > 10 || !capitalised || ends_sentence(rest) {
        return None;
    }
    let wire = rest
        .split([',', '|', '/'])
        .skip(1)
        .find_map(|part| meta::agency(part.trim()));
    let name = rest.split([',', '|']).next().unwrap_or(rest).trim();
    Some((name.to_string(), wire))
}

/// Classifies one line. `indented` says the raw line began with white space, which page
/// dumps use for captions and widgets.
pub(crate) fn classify(t: &str, indented: bool) -> Kind {
    if t.is_empty() {
        return Kind::Blank;
    }
    // The patterns are ASCII: ASCII lower-casing is enough and much cheaper.
    let lower = t.to_ascii_lowercase();
    if is_nav(t)
        || is_read_time(t, &lower)
        || is_disclaimer(&lower)
        || meta::footer_outlet(t).is_some()
    {
        return Kind::Boiler;
    }
    if is_footer_label(t) || is_copyright(&lower) {
        return Kind::FooterStart;
    }
    if is_promo(t, &lower) {
        return Kind::Boiler;
    }
    if let Some((d, weekday)) = meta::parse_date_line(t) {
        return Kind::Date(d, weekday);
    }
    let bare = t.trim_matches(|c: char| matches!(c, '-' | '—' | '–' | '(' | ')' | ' '));
    if words(bare, 4) <= 4 {
        if let Some(a) = meta::agency(bare) {
            return Kind::SignOff(a);
        }
    }
    if let Some((name, wire)) = byline(t) {
        return Kind::Byline(name, wire);
    }
    if let Some(c) = split_credit(t) {
        return Kind::Caption(c);
    }
    if indented && words(t, 30) <= 30 && !ends_sentence(t) {
        return Kind::Caption(Caption {
            text: t.to_string(),
            credit: None,
        });
    }
    Kind::Text
}

/// The cleaned article: headline, body paragraphs and what the page said about itself.
#[derive(Debug, Default)]
pub(crate) struct Article {
    pub title: Option<String>,
    pub paras: Vec<String>,
    pub captions: Vec<Caption>,
    pub date: Option<(NaiveDate, DateSource)>,
    pub wire: Option<&'static str>,
    pub outlet: Option<String>,
    pub byline: Option<String>,
    /// Content problems for `doc.diagnostics`.
    pub notes: Vec<String>,
}

/// White space runs (no-break spaces included) collapsed to one space.
pub(crate) fn normalize_space(line: &str) -> String {
    normalized(line).into_owned()
}

fn normalized(line: &str) -> Cow<'_, str> {
    let is_space = |c: char| c.is_whitespace() || c == '\u{200b}';
    let mut prev_space = true;
    let clean = line.chars().all(|c| {
        let ok = if c == ' ' { !prev_space } else { !is_space(c) };
        prev_space = c == ' ';
        ok
    }) && !line.ends_with(' ');
    if clean {
        return Cow::Borrowed(line);
    }
    Cow::Owned(
        line.split(is_space)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// A line's identity for repeat detection: its letters and digits, lower-cased.
fn text_key(s: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    for c in s.chars().filter(|c| c.is_alphanumeric()) {
        if c.is_ascii() {
            c.to_ascii_lowercase().hash(&mut h);
        } else {
            c.to_lowercase().for_each(|l| l.hash(&mut h));
        }
    }
    h.finish()
}

/// Headlines are short and rarely end a sentence with a period.
fn is_headline_like(t: &str) -> bool {
    let n = words(t, 30);
    (2..=30).contains(&n) && t.len() <= 250 && !t.ends_with('.')
}

/// Where the lines given to [`assemble`] come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lines {
    /// A whole page dumped as text: a footer label or copyright line ends the article.
    Dump,
    /// Paragraphs a main-text extractor chose: the page's footer is mostly gone, and a
    /// copyright line among them is usually a photo credit (`© Agency`), dropped alone.
    Extracted,
}

/// Assembles an article from page lines. `known_title` (from HTML metadata or a JSONL
/// field) wins over the first headline-like line, and copies of it are dropped.
pub(crate) fn assemble<'a>(
    lines: impl Iterator<Item = &'a str>,
    known_title: Option<&str>,
    source: Lines,
) -> Article {
    let mut art = Article {
        title: known_title.map(normalize_space).filter(|t| !t.is_empty()),
        ..Article::default()
    };
    let mut header_date = None;
    let mut seen_body = false;
    let mut in_footer = false;
    let mut copyright_wire = None;
    let mut signoff_wire = None;
    let mut byline_wire = None;
    let mut dateline_wire = None;
    let mut dropped = 0usize;
    let mut title_key = art.title.as_deref().map(text_key);
    let mut para_keys = HashSet::new();
    let mut caption_keys = Vec::new();
    for raw in lines {
        let indented = raw.starts_with([' ', '\t', '\u{a0}']);
        let t = normalized(raw);
        let kind = classify(&t, indented);
        if matches!(kind, Kind::FooterStart) && is_copyright(&t.to_ascii_lowercase()) {
            copyright_wire = copyright_wire.or_else(|| meta::copyright_agency(&t));
            if art.outlet.is_none() {
                art.outlet = meta::copyright_outlet(&t);
            }
        }
        if art.outlet.is_none() {
            art.outlet = meta::footer_outlet(&t);
        }
        if in_footer {
            if let Kind::SignOff(a) = kind {
                signoff_wire = signoff_wire.or(Some(a));
            }
            // A long sentence after a footer label means the label was inline; resume.
            if !(matches!(kind, Kind::Text) && is_body_like(&t)) {
                dropped += usize::from(!t.is_empty());
                continue;
            }
            in_footer = false;
        }
        match kind {
            Kind::Blank => {}
            Kind::Boiler => dropped += 1,
            Kind::FooterStart => {
                dropped += 1;
                in_footer =
                    seen_body && (source == Lines::Dump || !is_copyright(&t.to_ascii_lowercase()));
            }
            Kind::Date(d, _) => {
                let before_title = art.title.is_none() && !seen_body;
                if before_title {
                    header_date = header_date.or(Some(d));
                } else if art.date.is_none() {
                    art.date = Some((d, DateSource::Text));
                }
            }
            Kind::SignOff(a) => signoff_wire = signoff_wire.or(Some(a)),
            Kind::Byline(name, wire) => {
                art.byline = art.byline.take().or(Some(name));
                byline_wire = byline_wire.or(wire);
            }
            Kind::Caption(c) => {
                let key = text_key(&c.text);
                if !caption_keys.contains(&key) {
                    caption_keys.push(key);
                    art.captions.push(c);
                }
            }
            Kind::Text => {
                let key = text_key(&t);
                if title_key == Some(key) {
                    continue;
                }
                if art.title.is_none() && !seen_body && is_headline_like(&t) {
                    title_key = Some(key);
                    art.title = Some(t.into_owned());
                    continue;
                }
                if !para_keys.insert(key) {
                    art.notes
                        .push(format!("dropped a repeated paragraph ({} bytes)", t.len()));
                    continue;
                }
                if art.paras.len() < 3 {
                    dateline_wire = dateline_wire.or_else(|| meta::dateline_agency(&t));
                }
                seen_body = true;
                art.paras.push(t.into_owned());
            }
        }
    }
    if art.date.is_none() {
        art.date = header_date.map(|d| (d, DateSource::Header));
    }
    art.wire = dateline_wire
        .or(copyright_wire)
        .or(byline_wire)
        .or(signoff_wire);
    if dropped > 0 {
        art.notes
            .push(format!("dropped {dropped} boilerplate lines"));
    }
    art
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(t: &str) -> Kind {
        classify(t, false)
    }

    #[test]
    fn navigation_and_widgets() {
        for t in [
            "Skip to main content",
            "Save Story",
            "Share this article",
            "Advertisement",
            "Read more",
            "4 min read",
            "1 min 12Approximate reading time",
            "Estimated read time: 2-3 minutes",
            "This archived news story is available only for your personal, non-commercial use.",
            "Get the best stories delivered to your inbox daily.",
            "By signing up, you agree to our Terms of Use and Privacy Policy.",
            "WXYZ Weather Forecast",
        ] {
            assert_eq!(kind(t), Kind::Boiler, "{t}");
        }
    }

    #[test]
    fn footer_labels() {
        for t in [
            "Promoted Links",
            "Editors Choice",
            "Editor's Picks",
            "Also in Middle East",
            "Most recent world stories",
            "Related topics",
            "Copyright © 2019 Example Media. All rights reserved.",
        ] {
            assert_eq!(kind(t), Kind::FooterStart, "{t}");
        }
    }

    #[test]
    fn captions_and_credits() {
        assert_eq!(
            kind("Rescuers search the rubble in the old town [Getty]"),
            Kind::Caption(Caption {
                text: "Rescuers search the rubble in the old town".into(),
                credit: Some("Getty".into())
            })
        );
        assert_eq!(
            kind("The minister arrives for talks (AP Photo/Jane Doe)"),
            Kind::Caption(Caption {
                text: "The minister arrives for talks".into(),
                credit: Some("AP Photo/Jane Doe".into())
            })
        );
        // An acronym in brackets is not a credit.
        assert_eq!(kind("Fighters of the Islamic State group (IS)"), Kind::Text);
        assert_eq!(
            classify("Crowds gather outside the embassy", true),
            Kind::Caption(Caption {
                text: "Crowds gather outside the embassy".into(),
                credit: None
            })
        );
    }

    #[test]
    fn signoffs_bylines_quotes() {
        assert_eq!(kind("Press Association"), Kind::SignOff("PA"));
        assert_eq!(kind("- AFP"), Kind::SignOff("AFP"));
        assert_eq!(
            kind("By Jane Doe, Associated Press"),
            Kind::Byline("Jane Doe".into(), Some("AP"))
        );
        assert_eq!(
            kind("\"I will not subscribe to that view,\" she said."),
            Kind::Text
        );
    }

    fn page(lines: &[&str]) -> Article {
        assemble(lines.iter().copied(), None, Lines::Dump)
    }

    #[test]
    fn assembles_a_dump() {
        let a = page(&[
            "Skip to main content",
            "",
            "Tuesday 3 March 2020",
            "",
            "Ministers meet over river dispute",
            "",
            "Ministers meet over river dispute",
            "2 min read",
            "Talks opened in the capital on Monday between the two neighbours.",
            "Delegates shake hands at the start of the talks (AFP)",
            "Delegates shake hands at the start of the talks (AFP)",
            "BRIGHTON (AP) — Officials from both sides said the talks would go on for three days and cover water rights along the whole river.",
            "   The river at dusk",
            "The talks are the first since the dispute began, officials said on Monday in a short statement to the press.",
            "",
            "Copyright © The Associated Press. All rights reserved.",
            "Most recent world stories",
            "Short link title one",
            "Another short link title",
            "",
            "   Get the news delivered to your inbox weekly.",
        ]);
        assert_eq!(
            a.title.as_deref(),
            Some("Ministers meet over river dispute")
        );
        assert_eq!(a.paras.len(), 3);
        assert!(a.paras[1].starts_with("BRIGHTON (AP)"));
        assert_eq!(a.captions.len(), 2);
        assert_eq!(a.captions[0].credit.as_deref(), Some("AFP"));
        assert_eq!(a.captions[1].credit, None);
        assert_eq!(a.wire, Some("AP"));
        assert_eq!(
            a.date,
            Some((
                NaiveDate::from_ymd_opt(2020, 3, 3).unwrap(),
                DateSource::Header
            ))
        );
    }

    #[test]
    fn text_date_beats_header_date_and_signoff_sets_wire() {
        let a = page(&[
            "Monday 5 April 2021",
            "Flooding closes the coast road",
            "4 March, 2019",
            "Heavy rain closed the coast road on Sunday, the council said in a statement issued late in the evening after a long day.",
            "Press Association",
            "Promoted Links",
            "Editors Choice",
        ]);
        assert_eq!(
            a.date,
            Some((
                NaiveDate::from_ymd_opt(2019, 3, 4).unwrap(),
                DateSource::Text
            ))
        );
        assert_eq!(a.wire, Some("PA"));
        assert_eq!(a.paras.len(), 1);
    }

    #[test]
    fn footer_label_inside_body_resumes_on_long_sentence() {
        let a = page(&[
            "Storm hits the islands",
            "The storm reached the islands at dawn, cutting power to thousands of homes and closing every school for the day.",
            "Related stories",
            "Storm season starts early",
            "Officials said repairs to the power lines could take the rest of the week, and asked people to stay indoors until then.",
        ]);
        assert_eq!(a.paras.len(), 2);
        assert!(a.paras[1].starts_with("Officials said"));
    }

    #[test]
    fn outlet_from_footer_widget() {
        let a = page(&[
            "Storm hits the islands",
            "The storm reached the islands at dawn, cutting power to thousands of homes and closing every school for the day.",
            "Related topics",
            "    WXYZ Weather Forecast",
        ]);
        assert_eq!(a.outlet.as_deref(), Some("WXYZ"));
    }
}
