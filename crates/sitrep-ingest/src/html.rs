//! HTML main-text extraction: our own parser ([`crate::dom`]) and block extractor
//! ([`crate::main_text`]) find the main content, then the plain-text line rules
//! ([`crate::text`]) drop the boilerplate lines it keeps and split off captions.
//!
//! `rs-trafilatura` 0.2.2 was evaluated first on trafilatura_eval: F1 0.890 at about
//! 46 pages/s on one core, too slow for the 10x-trafilatura speed target; this extractor
//! scored F1 0.910 at about twice that speed on the same (busy) machine.

use std::borrow::Cow;
use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;
use sitrep_doc::DateSource;

use crate::text::{self, Article};
use crate::{dom, main_text, meta};

/// What an HTML page gives besides the article.
#[derive(Debug, Default)]
pub(crate) struct HtmlMeta {
    pub url: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
}

/// Extracts the article from an HTML page. `url` is the record's URL when the container
/// (WARC, JSONL) knows it. Returns `None` when no main text was found.
pub(crate) fn extract(html: &[u8], url: Option<&str>) -> Option<(Article, HtmlMeta)> {
    let page = decode(html);
    let dom = dom::parse(&page);
    let paras = main_text::extract(&dom);
    let title = dom
        .og_title
        .as_deref()
        .or(dom.title.as_deref())
        .map(clean_title);
    let mut art = text::assemble(
        paras.iter().map(String::as_str),
        title.as_deref(),
        text::Lines::Extracted,
    );
    if art.paras.is_empty() {
        return None;
    }
    let page_url = url.map(str::to_string);
    // Search only the head-ish prefix; dates in markup come before the body.
    if let Some(d) = markup_date(&html[..html.len().min(200_000)], dom.meta_date.as_deref()) {
        art.date = Some(d);
    } else if let Some(d) = page_url.as_deref().and_then(meta::url_date) {
        art.date = Some((d, DateSource::Url));
    }
    let language = dom
        .lang
        .as_deref()
        .map(|l| l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase())
        .filter(|l| (2..=3).contains(&l.len()));
    Some((
        art,
        HtmlMeta {
            url: page_url,
            site_name: dom.site_name.filter(|s| !s.is_empty()),
            language,
        },
    ))
}

/// The headline part of a `<title>`: the longest part around ` | `, ` - `, ` – `, ` — `
/// separators, which usually set off the site name.
fn clean_title(t: &str) -> String {
    static SEP: OnceLock<Regex> = OnceLock::new();
    let sep = SEP.get_or_init(|| Regex::new(r" (?:[|\-–—«»]|::) ").expect("valid regex"));
    let t = text::normalize_space(t);
    sep.split(&t)
        .max_by_key(|p| p.split_whitespace().count())
        .unwrap_or(&t)
        .trim()
        .to_string()
}

/// The page as UTF-8: a byte-order mark, else the charset a `<meta>` declares, else UTF-8,
/// else Windows-1252.
fn decode(html: &[u8]) -> Cow<'_, str> {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(html) {
        return enc.decode_with_bom_removal(html).0;
    }
    match declared_charset(html) {
        Some(enc) if enc != encoding_rs::UTF_8 => enc.decode_without_bom_handling(html).0,
        _ => match std::str::from_utf8(html) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(html)
                    .0
            }
        },
    }
}

/// The charset of the first `<meta charset>` or `<meta http-equiv content="…; charset=">`
/// in the first 32 KiB. Only `<meta>` counts: scripts and links carry their own `charset`
/// attributes, and archive banners put them before the page's own head.
fn declared_charset(html: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &html[..html.len().min(32 << 10)];
    let mut from = 0;
    while let Some(p) = memchr::memchr(b'<', &head[from..]) {
        let at = from + p;
        from = at + 1;
        if !head[at + 1..]
            .get(..4)
            .is_some_and(|t| t.eq_ignore_ascii_case(b"meta"))
        {
            continue;
        }
        let end = memchr::memchr(b'>', &head[at..]).map_or(head.len(), |e| at + e);
        let tag = head[at..end].to_ascii_lowercase();
        let Some(c) = memchr::memmem::find(&tag, b"charset") else {
            continue;
        };
        let rest = &tag[c + 7..];
        let rest = trim_ascii_start(rest);
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = trim_ascii_start(rest);
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let len = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-')))
            .unwrap_or(rest.len());
        if let Some(enc) = encoding_rs::Encoding::for_label(&rest[..len]) {
            // A page that could declare itself in ASCII is not UTF-16 (HTML spec).
            let ascii_compatible = enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE;
            return Some(if ascii_compatible {
                enc
            } else {
                encoding_rs::UTF_8
            });
        }
    }
    None
}

/// `datePublished` in JSON-LD (or any script data in `head`), then the page's
/// publication-date `<meta>`.
fn markup_date(head: &[u8], meta_date: Option<&str>) -> Option<(NaiveDate, DateSource)> {
    let key = b"\"datePublished\"";
    for at in memchr::memmem::find_iter(head, key) {
        let rest = &head[at + key.len()..];
        let rest = trim_ascii_start(rest);
        let Some(rest) = rest.strip_prefix(b":") else {
            continue;
        };
        let Some(rest) = trim_ascii_start(rest).strip_prefix(b"\"") else {
            continue;
        };
        let value = &rest[..rest.len().min(10)];
        if let Some(d) = std::str::from_utf8(value).ok().and_then(meta::iso_date) {
            return Some((d, DateSource::JsonLd));
        }
    }
    meta_date
        .and_then(|c| meta::iso_date(c.get(..10)?))
        .map(|d| (d, DateSource::Meta))
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en-GB"><head>
<title>Bridge reopens after repairs | Example Times</title>
<meta property="og:site_name" content="Example Times">
<meta property="article:published_time" content="2019-05-04T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Bridge reopens after repairs</h1>
<p>Share this article</p>
<p>The old bridge over the river reopened on Friday after two years of repairs, the city council said in a statement.</p>
<p>Engineers replaced the steel cables and the deck, and traffic was flowing again by the evening rush hour on both sides.</p>
<p>The council said the work cost less than planned and finished a month early, which it called a rare piece of good news.</p>
<p>Advertisement</p>
<p>Residents who had used a ferry during the closure said they were glad to be able to walk across the river again.</p>
</article>
<footer><p>Copyright © 2019 Example Times. All rights reserved.</p></footer>
</body></html>"#;

    #[test]
    fn extracts_article_and_markup_date() {
        let (art, m) =
            extract(PAGE.as_bytes(), Some("https://www.example-times.test/a/1")).unwrap();
        assert_eq!(art.paras.len(), 4, "{:?}", art.paras);
        assert!(art.paras[0].starts_with("The old bridge"));
        assert!(art
            .paras
            .iter()
            .all(|p| p != "Advertisement" && p != "Share this article"));
        assert_eq!(
            art.date,
            Some((
                NaiveDate::from_ymd_opt(2019, 5, 4).unwrap(),
                DateSource::Meta
            ))
        );
        assert_eq!(m.site_name.as_deref(), Some("Example Times"));
        assert_eq!(m.language.as_deref(), Some("en"));
    }

    #[test]
    fn charset_comes_from_meta_not_scripts() {
        let mut page = b"<html><head><script src='/a.js' charset='utf-8'></script>\
            <meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>\
            </head><body><p>Caf"
            .to_vec();
        page.push(0xe9);
        page.extend_from_slice(b"</p></body></html>");
        assert!(decode(&page).contains("Café"));
        let bom = [&[0xef, 0xbb, 0xbf][..], "<p>Café</p>".as_bytes()].concat();
        assert_eq!(decode(&bom), "<p>Café</p>");
    }

    #[test]
    fn json_ld_date() {
        let html = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished": "2020-01-02T03:04:05Z"}</script>"#;
        assert_eq!(
            markup_date(html.as_bytes(), None),
            Some((
                NaiveDate::from_ymd_opt(2020, 1, 2).unwrap(),
                DateSource::JsonLd
            ))
        );
    }
}
