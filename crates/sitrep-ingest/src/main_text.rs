//! Main-text extraction on the [`Dom`](crate::dom::Dom): drop non-content subtrees, cut the
//! page into text blocks, pick the smallest element holding most of the good text, and
//! keep its blocks minus link lists.
//!
//! Good text is blocks of prose: long enough, few links. The container rule ("deepest
//! element with most of the good text") finds article bodies whatever their class names,
//! in any language, which matters on a multilingual benchmark.

use crate::dom::Dom;

/// Tags never holding main text.
const DROP_ALWAYS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "button",
    "select",
    "option",
    "input",
    "textarea",
    "label",
    "figure",
    "figcaption",
    "menu",
    "dialog",
    "object",
    "embed",
    "canvas",
    "audio",
    "video",
    "map",
    "head",
    "time",
];
/// Structural tags holding boilerplate unless they wrap most of the page.
const DROP_SMALL: &[&str] = &["nav", "footer", "aside", "header", "form"];

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
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "blockquote"
            | "pre"
            | "dd"
            | "dt"
            | "td"
            | "th"
            | "tr"
            | "div"
            | "section"
            | "article"
            | "main"
            | "body"
            | "ul"
            | "ol"
            | "dl"
            | "table"
            | "br"
            | "hr"
            | "center"
            | "address"
    )
}

/// A run of text between block boundaries.
#[derive(Debug)]
struct Block {
    text: String,
    /// Characters inside links.
    link_chars: usize,
    /// The element the block belongs to.
    elem: usize,
    heading: bool,
}

impl Block {
    fn chars(&self) -> usize {
        self.text.chars().count()
    }

    fn link_density(&self) -> f64 {
        self.link_chars as f64 / self.chars().max(1) as f64
    }

    /// Prose: long enough and mostly not links.
    fn is_good(&self) -> bool {
        self.chars() >= 45 && self.link_density() < 0.33
    }
}

/// Characters of text under each node before any dropping, all and prose only (text
/// directly in `<p>`).
fn text_lengths(dom: &Dom) -> (Vec<usize>, Vec<usize>) {
    let mut len = vec![0usize; dom.nodes.len()];
    let mut prose = vec![0usize; dom.nodes.len()];
    for i in (1..dom.nodes.len()).rev() {
        let n = &dom.nodes[i];
        let p = n.parent;
        if n.tag.is_empty() {
            len[i] = n.text.split_whitespace().map(str::len).sum();
            if &*dom.nodes[p].tag == "p" {
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
        if n.tag.is_empty() {
            continue;
        }
        let tag = &*n.tag;
        if DROP_ALWAYS.contains(&tag) || n.hidden {
            drop[i] = true;
            continue;
        }
        if matches!(tag, "html" | "body" | "main" | "article") {
            continue;
        }
        // A boilerplate name on an element holding much of the page's prose is a theme's
        // quirk (`sticky-sidebar-relative` on an article body).
        let small = len[i] * 2 < total && prose[i] * 5 < prose_total * 2;
        if small && (DROP_SMALL.contains(&tag) || is_boiler_attrs(&n.attrs)) {
            drop[i] = true;
        }
    }
    drop
}

struct Walker<'a> {
    dom: &'a Dom,
    drop: &'a [bool],
    blocks: Vec<Block>,
    cur: Block,
}

impl Walker<'_> {
    fn flush(&mut self) {
        let text = crate::text::normalize_space(&self.cur.text);
        if !text.is_empty() {
            self.blocks.push(Block {
                text,
                link_chars: self.cur.link_chars,
                elem: self.cur.elem,
                heading: self.cur.heading,
            });
        }
        self.cur.text.clear();
        self.cur.link_chars = 0;
        self.cur.heading = false;
    }

    fn walk(&mut self, id: usize, in_link: bool) {
        let n = &self.dom.nodes[id];
        if self.drop[id] {
            return;
        }
        if n.tag.is_empty() {
            if self.cur.text.is_empty() {
                self.cur.elem = n.parent;
            }
            self.cur.text.push_str(&n.text);
            if in_link {
                self.cur.link_chars += n
                    .text
                    .split_whitespace()
                    .map(|w| w.chars().count() + 1)
                    .sum::<usize>();
            }
            return;
        }
        let tag = &*n.tag;
        let block = is_block(tag);
        if block {
            self.flush();
            self.cur.elem = id;
            self.cur.heading = tag.len() == 2 && tag.starts_with('h') && tag != "hr";
        }
        let link = in_link || tag == "a";
        for &c in &n.children {
            self.walk(c, link);
        }
        if block {
            self.flush();
        }
    }
}

fn is_article_marker(tag: &str, attrs: &str) -> bool {
    tag == "article"
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

/// True when `a` is `b` or one of its ancestors.
fn is_ancestor(dom: &Dom, a: usize, mut b: usize) -> bool {
    loop {
        if a == b {
            return true;
        }
        if b == 0 {
            return false;
        }
        b = dom.nodes[b].parent;
    }
}

/// The main text of a parsed page as paragraphs; empty when none is found.
pub(crate) fn extract(dom: &Dom) -> Vec<String> {
    let (len, prose) = text_lengths(dom);
    let drop = dropped(dom, &len, &prose);
    let mut w = Walker {
        dom,
        drop: &drop,
        blocks: Vec::new(),
        cur: Block {
            text: String::new(),
            link_chars: 0,
            elem: 0,
            heading: false,
        },
    };
    w.walk(0, false);
    w.flush();
    let blocks = w.blocks;
    // Good text per element, summed up the ancestor chain.
    let mut good = vec![0usize; dom.nodes.len()];
    let mut total = 0usize;
    for b in blocks.iter().filter(|b| b.is_good()) {
        let c = b.chars();
        total += c;
        let mut e = b.elem;
        loop {
            good[e] += c;
            if e == 0 {
                break;
            }
            e = dom.nodes[e].parent;
        }
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
    loop {
        let next = dom.nodes[container]
            .children
            .iter()
            .copied()
            .find(|&c| good[c] >= need);
        match next {
            Some(c) => container = c,
            None => break,
        }
    }
    // An article-body element holding a fair share of the prose beats the majority rule,
    // which comment threads and related-story lists can sway.
    let marked = (1..dom.nodes.len())
        .filter(|&i| is_article_marker(&dom.nodes[i].tag, &dom.nodes[i].attrs) && !drop[i])
        .max_by_key(|&i| (good[i], std::cmp::Reverse(i)));
    if let Some(a) = marked.filter(|&a| good[a] * 5 >= total * 2) {
        if !is_ancestor(dom, a, container) {
            container = a;
        }
    }
    let inside = |mut e: usize| loop {
        if e == container {
            return true;
        }
        if e == 0 {
            return false;
        }
        e = dom.nodes[e].parent;
    };
    blocks
        .into_iter()
        .filter(|b| inside(b.elem))
        .filter(|b| {
            let ld = b.link_density();
            !(ld > 0.8
                || (ld > 0.5 && b.chars() < 200)
                || (!b.heading && ld > 0.3 && b.chars() < 40))
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
