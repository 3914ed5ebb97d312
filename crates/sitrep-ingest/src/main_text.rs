//! Main-text extraction on the [`Dom`](crate::dom::Dom): drop non-content subtrees, cut the
//! page into text blocks, pick the smallest element holding most of the good text, and
//! keep its blocks minus link lists.
//!
//! Good text is blocks of prose: long enough, few links. The container rule ("deepest
//! element with most of the good text") finds article bodies whatever their class names,
//! in any language, which matters on a multilingual benchmark.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use rustc_hash::FxHashMap;

use crate::dom::{Dom, Tag};

/// Tags never holding main text.
fn drop_always(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Script
            | Tag::Style
            | Tag::Template
            | Tag::Svg
            | Tag::Math
            | Tag::Iframe
            | Tag::Button
            | Tag::Select
            | Tag::Option
            | Tag::Input
            | Tag::Textarea
            | Tag::Label
            | Tag::Figcaption
            | Tag::Menu
            | Tag::Dialog
            | Tag::Object
            | Tag::Embed
            | Tag::Canvas
            | Tag::Audio
            | Tag::Video
            | Tag::Map
            | Tag::Head
            | Tag::Time
            // Ruby annotations: the reading of the base text, not text of its own.
            | Tag::Rt
            | Tag::Rp
    )
}

/// Structural tags holding boilerplate unless they wrap most of the page.
fn drop_small(tag: Tag) -> bool {
    matches!(tag, Tag::Nav | Tag::Footer | Tag::Aside | Tag::Form)
}

/// Words that mark a class or id as boilerplate wherever they stand in it: `site-nav`,
/// `nav-main`, `share-buttons`.
const BOILER_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "subnav",
    "topnav",
    "footer",
    "sidebar",
    "aside",
    "banner",
    "masthead",
    "ad",
    "ads",
    "advert",
    "adv",
    "advertisement",
    "anzeige",
    "werbung",
    "sponsor",
    "sponsored",
    "promo",
    "breadcrumb",
    "breadcrumbs",
    "related",
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscribe",
    "consent",
    "cookie",
    "cookies",
    "login",
    "signup",
    "search",
    "popup",
    "modal",
    "comment",
    "comments",
    "respond",
    "reply",
    "replies",
    "author",
    "authors",
    "socials",
    "recirculation",
    "recommended",
    "recommendations",
];

/// Words that mark a class or id as boilerplate only as its head (last) word, since as a
/// modifier they qualify content: `post-meta` and `teaser` are chrome, `teaser-text` is a
/// lead paragraph and `elementor-widget-container` an article body.
const BOILER_HEADS: &[&str] = &[
    "meta",
    "tags",
    "tag",
    "taglist",
    "keywords",
    "byline",
    "metadata",
    "date",
    "datum",
    "timestamp",
    "published",
    "updated",
    "caption",
    "legend",
    "credit",
    "credits",
    "copyright",
    "toolbar",
    "pagination",
    "pager",
    "paywall",
    "skip",
    "overlay",
    "rating",
    "ratings",
    "button",
    "buttons",
    "contact",
    "follow",
    "kicker",
];

/// Substrings of boilerplate class names written without separators.
const BOILER_SUBSTRINGS: &[&str] = &[
    "cookie",
    "share",
    "social",
    "newsletter",
    "breadcrumb",
    "related",
    "outbrain",
    "taboola",
    "disqus",
    "shariff",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "most-read",
    "mostread",
    "authorbox",
    "commentlist",
    "sidebar",
    "metadata",
];

/// What a class or id says about an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Name {
    Plain,
    Boiler,
    Teaser,
}

/// How a word of a class or id counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    Boiler,
    Head,
    Teaser,
}

fn word_kinds() -> &'static FxHashMap<&'static str, Word> {
    static MAP: OnceLock<FxHashMap<&'static str, Word>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = FxHashMap::default();
        m.extend(BOILER_HEADS.iter().map(|w| (*w, Word::Head)));
        m.extend(BOILER_WORDS.iter().map(|w| (*w, Word::Boiler)));
        m.extend(["teaser", "teasers"].map(|w| (w, Word::Teaser)));
        m
    })
}

/// A matcher for class strings: short haystacks, so a DFA without a prefilter.
fn automaton(cell: &'static OnceLock<AhoCorasick>, words: &[&str]) -> &'static AhoCorasick {
    cell.get_or_init(|| {
        AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .build(words)
            .expect("valid patterns")
    })
}

/// A class or id names boilerplate when a word of it is a boilerplate word, its last word
/// is a boilerplate head, or it contains a boilerplate compound.
fn boiler_name(attrs: &str) -> Name {
    static SUBSTRINGS: OnceLock<AhoCorasick> = OnceLock::new();
    if attrs.is_empty() {
        return Name::Plain;
    }
    // No pattern holds a space, so one search over all names at once is the same test.
    if automaton(&SUBSTRINGS, BOILER_SUBSTRINGS).is_match(attrs) {
        return Name::Boiler;
    }
    let kinds = word_kinds();
    let mut out = Name::Plain;
    for name in attrs.split(' ').filter(|n| !n.is_empty()) {
        let mut last = None;
        for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
            if part.is_empty() {
                continue;
            }
            last = kinds.get(part);
            if last == Some(&Word::Boiler) {
                return Name::Boiler;
            }
        }
        match last {
            Some(Word::Head) => return Name::Boiler,
            Some(Word::Teaser) => out = Name::Teaser,
            _ => {}
        }
    }
    out
}

/// A block element styled as a heading (`<div class="box-title">`, `<p class="h3">`).
fn heading_name(attrs: &str) -> bool {
    attrs.split(' ').any(|name| {
        let last = name
            .rsplit(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        matches!(
            last,
            "title" | "headline" | "heading" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        )
    })
}

/// Block-level tags: a block of text starts and ends at them.
fn is_block(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::P
            | Tag::H1
            | Tag::H2
            | Tag::H3
            | Tag::H4
            | Tag::H5
            | Tag::H6
            | Tag::Li
            | Tag::Blockquote
            | Tag::Pre
            | Tag::Dd
            | Tag::Dt
            | Tag::Td
            | Tag::Th
            | Tag::Tr
            | Tag::Div
            | Tag::Section
            | Tag::Article
            | Tag::Main
            | Tag::Body
            | Tag::Ul
            | Tag::Ol
            | Tag::Dl
            | Tag::Table
            | Tag::Br
            | Tag::Hr
            | Tag::Center
            | Tag::Address
    )
}

/// A run of text between block boundaries.
#[derive(Debug)]
struct Block {
    text: String,
    chars: usize,
    /// Characters inside links.
    link_chars: usize,
    /// The element the block belongs to.
    elem: usize,
    heading: bool,
    /// A placeholder for a dropped subtree with text: it separates what came before it from
    /// what follows.
    gap: bool,
}

impl Block {
    fn link_density(&self) -> f64 {
        self.link_chars as f64 / self.chars.max(1) as f64
    }

    /// Prose: long enough and mostly not links.
    fn is_good(&self) -> bool {
        self.chars >= 45 && self.link_density() < 0.33
    }
}

/// Text sizes per subtree, counted before any dropping.
struct Lengths {
    /// Non-space bytes of text.
    all: Vec<usize>,
    /// Of those, text directly in `<p>`.
    prose: Vec<usize>,
    /// Of those, text inside links.
    link: Vec<usize>,
}

fn text_lengths(dom: &Dom) -> Lengths {
    let n = dom.nodes.len();
    let mut in_link = vec![false; n];
    for i in 1..n {
        in_link[i] = dom.nodes[i].tag == Tag::A || in_link[dom.nodes[i].parent as usize];
    }
    let mut all = vec![0usize; n];
    let mut prose = vec![0usize; n];
    let mut link = vec![0usize; n];
    for i in (1..n).rev() {
        let node = &dom.nodes[i];
        let p = node.parent as usize;
        if node.tag == Tag::Text {
            let t = dom.text(i);
            all[i] = t.len() - t.bytes().filter(|&b| b == b' ').count();
            if dom.nodes[p].tag == Tag::P {
                prose[i] = all[i];
            }
            if in_link[i] {
                link[i] = all[i];
            }
        }
        all[p] += all[i];
        prose[p] += prose[i];
        link[p] += link[i];
    }
    Lengths { all, prose, link }
}

/// A figure of an image or video holds a caption at most; one without (a pull quote, a
/// table, a code listing) is text like any other.
fn has_media(dom: &Dom, figure: usize) -> bool {
    (figure + 1..dom.nodes[figure].end as usize).any(|j| {
        matches!(
            dom.nodes[j].tag,
            Tag::Img
                | Tag::Picture
                | Tag::Video
                | Tag::Audio
                | Tag::Iframe
                | Tag::Svg
                | Tag::Canvas
                | Tag::Embed
                | Tag::Object
        )
    })
}

/// Marks the nodes whose subtrees are dropped.
fn dropped(dom: &Dom, lens: &Lengths) -> Vec<bool> {
    let total = lens.all[0].max(1);
    let prose_total = lens.prose[0];
    let mut drop = vec![false; dom.nodes.len()];
    let mut names = FxHashMap::default();
    for (i, n) in dom.nodes.iter().enumerate().skip(1) {
        let tag = n.tag;
        if tag == Tag::Text {
            continue;
        }
        if drop_always(tag) || n.hidden || (tag == Tag::Figure && has_media(dom, i)) {
            drop[i] = true;
            continue;
        }
        if matches!(tag, Tag::Html | Tag::Body | Tag::Main | Tag::Article) {
            continue;
        }
        // A boilerplate name on an element holding much of the page's prose is a theme's
        // quirk (`sticky-sidebar-relative` on an article body).
        let small = lens.all[i] * 2 < total && lens.prose[i] * 5 < prose_total * 2;
        if !small {
            continue;
        }
        let attrs = dom.attrs(i);
        // Pages repeat their class strings: judge each distinct one once.
        let name = *names.entry(attrs).or_insert_with(|| boiler_name(attrs));
        drop[i] = drop_small(tag)
            || match name {
                Name::Boiler => true,
                // A teaser with links is a related-story card; without, a lead paragraph.
                Name::Teaser => lens.link[i] > 0,
                Name::Plain => false,
            };
    }
    drop
}

/// Cuts the kept text into blocks, in document order.
fn blocks(dom: &Dom, drop: &[bool], lens: &Lengths) -> Vec<Block> {
    struct Open {
        end: usize,
        block: bool,
        link: bool,
    }
    let mut out = Vec::new();
    let mut cur = Block {
        text: String::new(),
        chars: 0,
        link_chars: 0,
        elem: 0,
        heading: false,
        gap: false,
    };
    let flush = |cur: &mut Block, out: &mut Vec<Block>| {
        let t = cur.text.trim();
        if !t.is_empty() {
            out.push(Block {
                text: t.to_string(),
                chars: t.chars().count(),
                link_chars: cur.link_chars,
                elem: cur.elem,
                heading: cur.heading,
                gap: false,
            });
        }
        cur.text.clear();
        cur.link_chars = 0;
        cur.heading = false;
    };
    let mut open: Vec<Open> = Vec::new();
    let mut links = 0usize;
    let mut i = 1;
    while i < dom.nodes.len() {
        while open.last().is_some_and(|o| o.end <= i) {
            let o = open.pop().expect("checked");
            links -= usize::from(o.link);
            if o.block {
                flush(&mut cur, &mut out);
            }
        }
        let n = &dom.nodes[i];
        if drop[i] {
            if lens.all[i] > 0 && !n.hidden && !n.tag.is_inline() {
                flush(&mut cur, &mut out);
                out.push(Block {
                    text: String::new(),
                    chars: 0,
                    link_chars: 0,
                    elem: i,
                    heading: false,
                    gap: true,
                });
            }
            i = n.end as usize;
            continue;
        }
        if n.tag == Tag::Text {
            let t = dom.text(i);
            if cur.text.trim_start().is_empty() {
                cur.elem = n.parent as usize;
            }
            let t = if cur.text.ends_with(' ') || cur.text.is_empty() {
                t.trim_start()
            } else {
                t
            };
            cur.text.push_str(t);
            if links > 0 {
                cur.link_chars += t
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(|w| w.chars().count() + 1)
                    .sum::<usize>();
            }
            i += 1;
            continue;
        }
        let block = is_block(n.tag);
        if block {
            flush(&mut cur, &mut out);
            cur.elem = i;
            cur.heading = n.tag.is_heading() || heading_name(dom.attrs(i));
        }
        let link = n.tag == Tag::A;
        links += usize::from(link);
        open.push(Open {
            end: n.end as usize,
            block,
            link,
        });
        i += 1;
    }
    flush(&mut cur, &mut out);
    out
}

fn is_article_marker(tag: Tag, attrs: &str) -> bool {
    static MARKERS: OnceLock<AhoCorasick> = OnceLock::new();
    tag == Tag::Article
        || !attrs.is_empty()
            && automaton(
                &MARKERS,
                &[
                    "articlebody",
                    "article-body",
                    "article__body",
                    "article-content",
                    "article-text",
                    "entry-content",
                    "post-content",
                    "post-body",
                    "story-body",
                ],
            )
            .is_match(attrs)
}

/// The main text of a parsed page as paragraphs; empty when none is found.
pub(crate) fn extract(dom: &Dom) -> Vec<String> {
    let lens = text_lengths(dom);
    let drop = dropped(dom, &lens);
    let blocks = blocks(dom, &drop, &lens);
    // Good text per element, summed up the ancestor chain.
    let mut good = vec![0usize; dom.nodes.len()];
    let mut total = 0usize;
    for b in blocks.iter().filter(|b| b.is_good()) {
        total += b.chars;
        good[b.elem] += b.chars;
    }
    for i in (1..dom.nodes.len()).rev() {
        good[dom.nodes[i].parent as usize] += good[i];
    }
    if total == 0 {
        // No prose at all: keep the non-link blocks of the page.
        return blocks
            .into_iter()
            .filter(|b| b.link_density() < 0.5)
            .map(|b| b.text)
            .collect();
    }
    // The deepest element holding most of the good text.
    let need = total * 9 / 10;
    let mut container = 0;
    while let Some(c) = dom.children(container).find(|&c| good[c] >= need) {
        container = c;
    }
    // An article-body element holding a fair share of the prose beats the majority rule,
    // which comment threads and related-story lists can sway.
    let marked = (1..dom.nodes.len())
        .filter(|&i| {
            good[i] * 5 >= total * 2
                && !drop[i]
                && is_article_marker(dom.nodes[i].tag, dom.attrs(i))
        })
        .max_by_key(|&i| (good[i], std::cmp::Reverse(i)));
    if let Some(a) = marked {
        if !dom.contains(a, container) {
            container = a;
        }
    }
    let keep_block = |b: &Block| {
        let ld = b.link_density();
        !(ld > 0.8 || (ld > 0.5 && b.chars < 200) || (!b.heading && ld > 0.3 && b.chars < 40))
    };
    let mut keep: Vec<bool> = blocks
        .iter()
        .map(|b| !b.gap && dom.contains(container, b.elem) && keep_block(b))
        .collect();
    // A lead paragraph often sits outside the body element (in the article header): take
    // the prose just before the container, up to the headline or link-heavy chrome.
    if let Some(first) = blocks.iter().position(|b| dom.contains(container, b.elem)) {
        let mut skipped = 0;
        for j in (0..first).rev() {
            let b = &blocks[j];
            if b.gap {
                continue;
            }
            // A long subheading is a standfirst; the headline or a section title ends the lead.
            let title = b.heading && (!b.is_good() || dom.nodes[b.elem].tag == Tag::H1);
            if title || b.link_density() > 0.3 || skipped >= 3 {
                break;
            }
            if b.is_good() {
                keep[j] = true;
                skipped = 0;
            } else {
                skipped += 1;
            }
        }
    }
    // A heading introduces what follows it: one followed by dropped chrome or by nothing
    // heads a link list or a widget ("Related stories", "Most read").
    let mut next_kept = false;
    for j in (0..blocks.len()).rev() {
        if blocks[j].gap {
            continue;
        }
        if blocks[j].heading && keep[j] && !next_kept {
            keep[j] = false;
        }
        next_kept = keep[j];
    }
    blocks
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(b, _)| b.text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::parse;

    #[test]
    fn keeps_article_drops_chrome() {
        let html = r##"<html><body>
<div class="site-header"><a href="/">Home</a> | <a href="/news">News</a></div>
<div id="wrap"><div class="col-main">
<h2>Stadtrat beschließt neuen Haushalt</h2>
<p>Der Stadtrat hat am Dienstag nach langer Debatte den Haushalt für das kommende Jahr beschlossen, wie die Verwaltung mitteilte.</p>
<p>Die größten Posten sind <a href="/schulen">Schulen</a> und der Ausbau des Nahverkehrs, für den mehrere Millionen Euro vorgesehen sind.</p>
<ul class="share-tools"><li><a href="#">Teilen</a></li></ul>
<p>Die Opposition kritisierte die neuen Schulden und kündigte an, den Haushalt weiter genau zu prüfen.</p>
</div>
<div class="col-side sidebar"><h3>Meistgelesen</h3><ul><li><a href="/1">Ein ganz anderer Artikel über etwas völlig anderes hier</a></li></ul>
<p>Ein kurzer Werbetext, der nichts mit dem Artikel zu tun hat, aber lang genug ist für einen Block.</p></div>
</div>
<footer><p>Impressum</p></footer></body></html>"##;
        let paras = extract(&parse(html));
        assert_eq!(paras.len(), 4, "{paras:#?}");
        assert_eq!(paras[0], "Stadtrat beschließt neuen Haushalt");
        assert!(paras[2].contains("Schulen und der Ausbau"));
        assert!(paras
            .iter()
            .all(|p| !p.contains("Impressum") && !p.contains("Teilen")));
    }

    #[test]
    fn class_words_count_by_position() {
        for (attrs, want) in [
            ("site-nav", Name::Boiler),
            ("nav-main", Name::Boiler),
            ("post-meta", Name::Boiler),
            ("sharebuttons", Name::Boiler),
            ("meta-wrapper", Name::Plain),
            ("elementor-widget-container", Name::Plain),
            ("teaser-text description", Name::Plain),
            ("article-teaser", Name::Teaser),
            ("post-1 post hentry category-news tag-berlin", Name::Plain),
            ("", Name::Plain),
        ] {
            assert_eq!(boiler_name(attrs), want, "{attrs}");
        }
    }

    const BODY: &str = "<p>The council approved the budget on Tuesday after a long debate that ran late into the night.</p>\
        <p>Schools and the new tram line take the largest shares of the money, the treasurer said afterwards.</p>\
        <p>The opposition criticised the new debt and said it would keep a close eye on the spending.</p>";

    #[test]
    fn lead_outside_the_body_joins_and_orphan_headings_go() {
        // The body holds over 90% of the prose, so it is the container and the lead sits
        // outside it.
        let html = format!(
            r#"<html><body><div class="page"><div class="head"><h1>Council passes budget</h1>
<p class="teaser-text">A year of wrangling over the city's money ended with a narrow vote.</p>
<div class="byline">By Jane Doe</div></div>
<div class="body">{BODY}{BODY}{BODY}{BODY}
<h2>Related stories</h2><ul><li><a href="/a">Council delays budget vote again</a></li><li><a href="/b">Tram line plans unveiled</a></li></ul>
</div></div></body></html>"#
        );
        let paras = extract(&parse(&html));
        assert!(paras[0].starts_with("A year of wrangling"), "{paras:#?}");
        assert!(
            paras.last().unwrap().starts_with("The opposition"),
            "{paras:#?}"
        );
        assert!(paras
            .iter()
            .all(|p| p != "Related stories" && !p.contains("Jane Doe")));
    }

    #[test]
    fn figures_of_media_go_figures_of_text_stay() {
        let html = format!(
            r#"<html><body><div class="story">{BODY}
<figure><img src="x.jpg"><figcaption>The council chamber during the vote on Tuesday evening.</figcaption></figure>
<figure><blockquote>We have done what the city needed, and we will answer for every euro of it.</blockquote></figure>
</div></body></html>"#
        );
        let paras = extract(&parse(&html));
        assert!(
            paras.iter().any(|p| p.starts_with("We have done")),
            "{paras:#?}"
        );
        assert!(paras.iter().all(|p| !p.contains("council chamber during")));
    }
}
