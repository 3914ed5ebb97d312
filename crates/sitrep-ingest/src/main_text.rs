//! Main-text extraction on the [`Dom`](crate::dom::Dom): drop non-content subtrees, cut the
//! page into text blocks, pick the smallest element holding most of the good text, and
//! keep its blocks minus link lists.
//!
//! Good text is blocks of prose: long enough, few links. The container rule ("deepest
//! element with most of the good text") finds article bodies whatever their class names,
//! in any language, which matters on a multilingual benchmark.

use crate::dom::{Dom, Tag};

/// Tags never holding main text.
fn drop_always(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Script
            | Tag::Style
            | Tag::Noscript
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
            | Tag::Figure
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
    )
}

/// Structural tags holding boilerplate unless they wrap most of the page.
fn drop_small(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Nav | Tag::Footer | Tag::Aside | Tag::Header | Tag::Form
    )
}

/// Class/id tokens of boilerplate containers.
const BOILER_TOKENS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "footer",
    "sidebar",
    "aside",
    "banner",
    "ad",
    "ads",
    "advert",
    "adv",
    "advertisement",
    "anzeige",
    "werbung",
    "masthead",
    "toolbar",
    "pagination",
    "pager",
    "tags",
    "tag",
    "taglist",
    "keywords",
    "print",
    "skip",
    "login",
    "signup",
    "search",
    "popup",
    "modal",
    "overlay",
    "byline",
    "author",
    "authors",
    "meta",
    "date",
    "datum",
    "timestamp",
    "published",
    "updated",
    "dateline",
    "caption",
    "credit",
    "credits",
    "copyright",
    "breadcrumb",
    "breadcrumbs",
    "widget",
    "rating",
    "follow",
    "teaser",
    "teasers",
    "subscribe",
    "newsletter",
    "paywall",
    "consent",
    "info-box",
    "kicker",
    "comment",
    "comments",
    "sponsor",
    "sponsored",
    "promo",
    "recommended",
    "recommendations",
    "subnav",
    "topnav",
    "cookies",
];
/// Class/id substrings of boilerplate containers (compounds safe to match anywhere).
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
    "read-more",
    "readmore",
    "most-read",
    "mostread",
    "author-bio",
    "authorbox",
    "post-meta",
    "entry-meta",
    "article-meta",
    "commentlist",
    "comment-list",
    "comments-",
    "-comments",
];

fn is_boiler_attrs(attrs: &str) -> bool {
    if attrs.is_empty() {
        return false;
    }
    BOILER_SUBSTRINGS.iter().any(|s| attrs.contains(s))
        || attrs
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| BOILER_TOKENS.contains(&t))
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

/// Characters of text under each node before any dropping, all and prose only (text
/// directly in `<p>`).
fn text_lengths(dom: &Dom) -> (Vec<usize>, Vec<usize>) {
    let mut len = vec![0usize; dom.nodes.len()];
    let mut prose = vec![0usize; dom.nodes.len()];
    for i in (1..dom.nodes.len()).rev() {
        let n = &dom.nodes[i];
        let p = n.parent as usize;
        if n.tag == Tag::Text {
            let t = dom.text(i);
            len[i] = t.len() - t.bytes().filter(|&b| b == b' ').count();
            if dom.nodes[p].tag == Tag::P {
                prose[i] = len[i];
            }
        }
        len[p] += len[i];
        prose[p] += prose[i];
    }
    (len, prose)
}

/// Marks the nodes whose subtrees are dropped.
fn dropped(dom: &Dom, len: &[usize], prose: &[usize]) -> Vec<bool> {
    let total = len[0].max(1);
    let prose_total = prose[0];
    let mut drop = vec![false; dom.nodes.len()];
    for (i, n) in dom.nodes.iter().enumerate().skip(1) {
        let tag = n.tag;
        if tag == Tag::Text {
            continue;
        }
        if drop_always(tag) || n.hidden {
            drop[i] = true;
            continue;
        }
        if matches!(tag, Tag::Html | Tag::Body | Tag::Main | Tag::Article) {
            continue;
        }
        // A boilerplate name on an element holding much of the page's prose is a theme's
        // quirk (`sticky-sidebar-relative` on an article body).
        let small = len[i] * 2 < total && prose[i] * 5 < prose_total * 2;
        if small && (drop_small(tag) || is_boiler_attrs(dom.attrs(i))) {
            drop[i] = true;
        }
    }
    drop
}

/// Cuts the kept text into blocks, in document order.
fn blocks(dom: &Dom, drop: &[bool]) -> Vec<Block> {
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
            cur.heading = n.tag.is_heading();
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
    tag == Tag::Article
        || [
            "articlebody",
            "article-body",
            "article__body",
            "article-content",
            "article-text",
            "entry-content",
            "post-content",
            "post-body",
            "story-body",
        ]
        .iter()
        .any(|m| attrs.contains(m))
}

/// The main text of a parsed page as paragraphs; empty when none is found.
pub(crate) fn extract(dom: &Dom) -> Vec<String> {
    let (len, prose) = text_lengths(dom);
    let drop = dropped(dom, &len, &prose);
    let blocks = blocks(dom, &drop);
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
        .filter(|&i| is_article_marker(dom.nodes[i].tag, dom.attrs(i)) && !drop[i])
        .max_by_key(|&i| (good[i], std::cmp::Reverse(i)));
    if let Some(a) = marked.filter(|&a| good[a] * 5 >= total * 2) {
        if !dom.contains(a, container) {
            container = a;
        }
    }
    blocks
        .into_iter()
        .filter(|b| dom.contains(container, b.elem))
        .filter(|b| {
            let ld = b.link_density();
            !(ld > 0.8 || (ld > 0.5 && b.chars < 200) || (!b.heading && ld > 0.3 && b.chars < 40))
        })
        .map(|b| b.text)
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
}
