//! A small, forgiving HTML parser into a flat node arena: enough structure for main-text
//! extraction (tags, class/id, a few attributes, text), none of the HTML5 tree-building
//! rules beyond implicit closes of `p`, `li`, `td`/`th`/`tr`, `dt`/`dd` and `option`.
//!
//! Written for speed: one pass over the bytes, tags as a one-byte enum, and the text and
//! attributes of all nodes in two shared buffers, so parsing allocates per page, not per
//! node. Nodes are stored in document order and every subtree is a contiguous range of
//! the arena (`id..node.end`): walks are loops, not recursion, and ancestry is a range test.

use std::borrow::Cow;

use memchr::{memchr, memmem};

macro_rules! tags {
    ($($variant:ident = $name:literal,)*) => {
        /// An element's tag. Names outside the list are [`Tag::Other`], told apart by
        /// [`Node::name`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub(crate) enum Tag {
            /// A text node.
            Text,
            /// The synthetic root, node 0.
            Root,
            /// Any tag not listed.
            Other,
            $(#[allow(missing_docs)] $variant,)*
        }

        fn known_tag(lower: &[u8]) -> Option<Tag> {
            Some(match lower {
                $($name => Tag::$variant,)*
                _ => return None,
            })
        }
    };
}

tags! {
    A = b"a", Address = b"address", Area = b"area", Article = b"article", Aside = b"aside",
    Audio = b"audio", B = b"b", Base = b"base", Blockquote = b"blockquote", Body = b"body",
    Br = b"br", Button = b"button", Canvas = b"canvas", Caption = b"caption",
    Center = b"center", Code = b"code", Col = b"col", Dd = b"dd", Details = b"details",
    Dialog = b"dialog", Div = b"div", Dl = b"dl", Dt = b"dt", Em = b"em", Embed = b"embed",
    Fieldset = b"fieldset", Figcaption = b"figcaption", Figure = b"figure", Font = b"font",
    Footer = b"footer", Form = b"form", H1 = b"h1", H2 = b"h2", H3 = b"h3", H4 = b"h4",
    H5 = b"h5", H6 = b"h6", Head = b"head", Header = b"header", Hr = b"hr", Html = b"html",
    I = b"i", Iframe = b"iframe", Img = b"img", Input = b"input", Label = b"label",
    Li = b"li", Link = b"link", Main = b"main", Map = b"map", Math = b"math", Menu = b"menu",
    Meta = b"meta", Nav = b"nav", Noscript = b"noscript", Object = b"object", Ol = b"ol",
    Option = b"option", P = b"p", Param = b"param", Picture = b"picture", Pre = b"pre",
    Q = b"q", Rp = b"rp", Rt = b"rt", S = b"s", Script = b"script", Section = b"section", Select = b"select",
    Small = b"small", Source = b"source", Span = b"span", Strong = b"strong",
    Style = b"style", Sub = b"sub", Summary = b"summary", Sup = b"sup", Svg = b"svg",
    Table = b"table", Tbody = b"tbody", Td = b"td", Template = b"template",
    Textarea = b"textarea", Tfoot = b"tfoot", Th = b"th", Thead = b"thead", Time = b"time",
    Title = b"title", Tr = b"tr", Track = b"track", U = b"u", Ul = b"ul", Video = b"video",
    Wbr = b"wbr", Xmp = b"xmp",
}

impl Tag {
    /// `h1` to `h6`.
    pub(crate) fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }

    /// Phrasing elements: text flows through them without a break.
    pub(crate) fn is_inline(self) -> bool {
        matches!(
            self,
            Tag::Text
                | Tag::A
                | Tag::B
                | Tag::Button
                | Tag::Code
                | Tag::Em
                | Tag::Font
                | Tag::I
                | Tag::Img
                | Tag::Input
                | Tag::Label
                | Tag::Option
                | Tag::Q
                | Tag::Rp
                | Tag::Rt
                | Tag::S
                | Tag::Select
                | Tag::Small
                | Tag::Span
                | Tag::Strong
                | Tag::Sub
                | Tag::Sup
                | Tag::Time
                | Tag::U
                | Tag::Wbr
        )
    }

    fn is_void(self) -> bool {
        matches!(
            self,
            Tag::Area
                | Tag::Base
                | Tag::Br
                | Tag::Col
                | Tag::Embed
                | Tag::Hr
                | Tag::Img
                | Tag::Input
                | Tag::Link
                | Tag::Meta
                | Tag::Param
                | Tag::Source
                | Tag::Track
                | Tag::Wbr
        )
    }

    /// Elements whose content is not markup (or not worth parsing as such).
    fn is_raw(self) -> bool {
        matches!(
            self,
            Tag::Script
                | Tag::Style
                | Tag::Textarea
                | Tag::Title
                | Tag::Template
                | Tag::Xmp
                | Tag::Iframe
                | Tag::Svg
                | Tag::Math
        )
    }

    /// Tags whose opening closes an open `<p>`.
    fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::P
                | Tag::Div
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::Ul
                | Tag::Ol
                | Tag::Table
                | Tag::Section
                | Tag::Article
                | Tag::Aside
                | Tag::Blockquote
                | Tag::Pre
                | Tag::Header
                | Tag::Footer
                | Tag::Nav
                | Tag::Form
                | Tag::Figure
                | Tag::Dl
                | Tag::Main
                | Tag::Hr
                | Tag::Address
                | Tag::Fieldset
        )
    }
}

/// One node of the arena.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Node {
    pub tag: Tag,
    /// `hidden`, `aria-hidden="true"` or `display:none`.
    pub hidden: bool,
    /// For [`Tag::Other`], an index into the page's other tag names.
    name: u16,
    /// The parent's id (the root is its own parent).
    pub parent: u32,
    /// One past the last node of the subtree.
    pub end: u32,
    /// Text (text nodes) or attribute words (elements): a range of a shared buffer.
    start: u32,
    len: u32,
}

/// The parsed page.
#[derive(Debug, Default)]
pub(crate) struct Dom {
    pub nodes: Vec<Node>,
    /// Decoded text of all text nodes, white space collapsed to single spaces.
    text: String,
    /// Lower-case `class`, `id`, `itemprop` and `role` values of all elements.
    attrs: String,
    other_names: Vec<Box<str>>,
    /// The `<title>` text.
    pub title: Option<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
    /// `og:site_name` / `application-name`.
    pub site_name: Option<String>,
    /// `og:title`.
    pub og_title: Option<String>,
    /// The `content` of the first publication-date `<meta>` that starts with a date.
    pub meta_date: Option<String>,
}

/// `<meta>` names that carry a publication date.
const META_DATE_NAMES: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
];

impl Dom {
    /// The text of a text node; empty for elements.
    pub(crate) fn text(&self, id: usize) -> &str {
        let n = &self.nodes[id];
        if n.tag != Tag::Text {
            return "";
        }
        &self.text[n.start as usize..(n.start + n.len) as usize]
    }

    /// The lower-case class, id, itemprop and role words of an element, space-separated.
    pub(crate) fn attrs(&self, id: usize) -> &str {
        let n = &self.nodes[id];
        if n.tag == Tag::Text {
            return "";
        }
        &self.attrs[n.start as usize..(n.start + n.len) as usize]
    }

    /// The element's children, in document order.
    pub(crate) fn children(&self, id: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.nodes[id].end as usize;
        let mut next = id + 1;
        std::iter::from_fn(move || {
            (next < end).then(|| {
                let c = next;
                next = self.nodes[c].end as usize;
                c
            })
        })
    }

    /// True when `a` is `b` or one of its ancestors.
    pub(crate) fn contains(&self, a: usize, b: usize) -> bool {
        a <= b && b < self.nodes[a].end as usize
    }

    fn same_name(&self, a: usize, tag: Tag, name: u16) -> bool {
        let n = &self.nodes[a];
        n.tag == tag && (tag != Tag::Other || n.name == name)
    }

    fn intern(&mut self, lower: &[u8]) -> u16 {
        let lower = std::str::from_utf8(lower).unwrap_or("");
        if let Some(i) = self.other_names.iter().position(|n| **n == *lower) {
            return i as u16;
        }
        if self.other_names.len() >= u16::MAX as usize {
            return u16::MAX;
        }
        self.other_names.push(lower.into());
        (self.other_names.len() - 1) as u16
    }

    fn push(&mut self, parent: usize, node: Node) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            parent: parent as u32,
            ..node
        });
        id
    }

    fn add_text(&mut self, parent: usize, raw: &str) {
        let start = self.text.len();
        // Text split by a comment or a skipped element continues the node before it.
        let merge = self.nodes.last().is_some_and(|l| {
            l.tag == Tag::Text && l.parent as usize == parent && (l.start + l.len) as usize == start
        });
        let after_space = merge && self.text.ends_with(' ');
        push_collapsed(&mut self.text, raw, after_space);
        let len = (self.text.len() - start) as u32;
        if len == 0 {
            return;
        }
        if merge {
            if let Some(last) = self.nodes.last_mut() {
                last.len += len;
            }
            return;
        }
        let id = self.nodes.len() as u32;
        self.push(
            parent,
            Node {
                tag: Tag::Text,
                hidden: false,
                name: 0,
                parent: 0,
                end: id + 1,
                start: start as u32,
                len,
            },
        );
    }
}

/// Closes the elements of `stack` above `keep` (their subtrees end at the next node).
fn close_to(dom: &mut Dom, stack: &mut Vec<usize>, keep: usize) {
    let end = dom.nodes.len() as u32;
    for &n in &stack[keep..] {
        dom.nodes[n].end = end;
    }
    stack.truncate(keep);
}

/// The lower-case tag name at `start` (at most 16 bytes kept) and the index after it.
fn tag_name(b: &[u8], start: usize) -> ([u8; 16], usize, usize) {
    let mut buf = [0u8; 16];
    let mut j = start;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
        if j - start < buf.len() {
            buf[j - start] = b[j].to_ascii_lowercase();
        }
        j += 1;
    }
    (buf, (j - start).min(buf.len()), j)
}

/// Parses `html` (already UTF-8). Node 0 is a synthetic root.
pub(crate) fn parse(html: &str) -> Dom {
    let b = html.as_bytes();
    let mut dom = Dom {
        nodes: Vec::with_capacity(b.len() / 40),
        text: String::with_capacity(b.len() / 4),
        ..Dom::default()
    };
    dom.nodes.push(Node {
        tag: Tag::Root,
        hidden: false,
        name: 0,
        parent: 0,
        end: 0,
        start: 0,
        len: 0,
    });
    let mut stack: Vec<usize> = vec![0];
    let mut scratch = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let top = *stack.last().unwrap_or(&0);
        let Some(lt) = memchr(b'<', &b[i..]).map(|p| i + p) else {
            dom.add_text(top, &html[i..]);
            break;
        };
        if lt > i {
            dom.add_text(top, &html[i..lt]);
        }
        i = lt;
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            i = memmem::find(&b[i + 4..], b"-->").map_or(b.len(), |p| i + 4 + p + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = memchr(b'>', &b[i..]).map_or(b.len(), |p| i + p + 1);
            continue;
        }
        if rest.starts_with(b"</") {
            let (buf, n, end) = tag_name(b, i + 2);
            i = memchr(b'>', &b[end..]).map_or(b.len(), |p| end + p + 1);
            if n == 0 {
                continue;
            }
            let (tag, name) = match known_tag(&buf[..n]) {
                Some(t) => (t, 0),
                None => match dom
                    .other_names
                    .iter()
                    .position(|o| o.as_bytes() == &buf[..n])
                {
                    Some(k) => (Tag::Other, k as u16),
                    // Never opened: a stray end tag.
                    None => continue,
                },
            };
            // Pop to the matching open element; ignore stray end tags.
            if let Some(pos) = stack.iter().rposition(|&s| dom.same_name(s, tag, name)) {
                if pos > 0 {
                    close_to(&mut dom, &mut stack, pos);
                }
            }
            continue;
        }
        let (buf, n, mut j) = tag_name(b, i + 1);
        if n == 0 {
            // A lone '<' in text.
            dom.add_text(top, "<");
            i += 1;
            continue;
        }
        let (tag, name) = match known_tag(&buf[..n]) {
            Some(t) => (t, 0),
            None => (Tag::Other, dom.intern(&buf[..n])),
        };
        let attrs_start = dom.attrs.len();
        let (mut hidden, mut self_closing) = (false, false);
        let mut lang = None;
        let (mut meta_prop, mut meta_content) = (None, None);
        // Attributes.
        loop {
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= b.len() {
                break;
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            if b[j] == b'/' {
                self_closing = true;
                j += 1;
                continue;
            }
            let ks = j;
            while j < b.len() && !matches!(b[j], b'=' | b'>' | b'/') && !b[j].is_ascii_whitespace()
            {
                j += 1;
            }
            let key = &b[ks..j];
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = "";
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let vs = j + 1;
                    let ve = memchr(q, &b[vs..]).map_or(b.len(), |p| vs + p);
                    value = &html[vs..ve];
                    j = (ve + 1).min(b.len());
                } else {
                    let vs = j;
                    while j < b.len() && b[j] != b'>' && !b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    value = &html[vs..j];
                }
                self_closing = false;
            }
            let is = |k: &str| key.eq_ignore_ascii_case(k.as_bytes());
            if is("class") || is("id") || is("itemprop") || is("role") {
                if !value.is_empty() {
                    let at = dom.attrs.len();
                    dom.attrs.push_str(value);
                    dom.attrs[at..].make_ascii_lowercase();
                    dom.attrs.push(' ');
                }
                if is("itemprop") && tag == Tag::Meta {
                    meta_prop = Some(value);
                }
            } else if is("hidden") {
                hidden = true;
            } else if is("aria-hidden") {
                hidden |= value.eq_ignore_ascii_case("true");
            } else if is("style") && (contains_ci(value, b"none") || contains_ci(value, b"hidden"))
            {
                scratch.clear();
                scratch.extend(
                    value
                        .bytes()
                        .filter(|c| !c.is_ascii_whitespace())
                        .map(|c| c.to_ascii_lowercase()),
                );
                hidden |= memmem::find(&scratch, b"display:none").is_some()
                    || memmem::find(&scratch, b"visibility:hidden").is_some();
            } else if tag == Tag::Html && is("lang") {
                lang = Some(value);
            } else if tag == Tag::Meta && (is("property") || is("name")) {
                meta_prop = Some(value);
            } else if tag == Tag::Meta && is("content") {
                meta_content = Some(value);
            }
        }
        i = j;
        if tag == Tag::Html && dom.lang.is_none() {
            dom.lang = lang.map(str::to_string);
        }
        if let (Some(p), Some(c)) = (meta_prop, meta_content) {
            meta(&mut dom, p, c);
        }
        if tag.is_raw() {
            let end = find_end_tag(b, i, &buf[..n]).unwrap_or(b.len());
            if tag == Tag::Title && dom.title.is_none() {
                dom.title = Some(decode_entities(&html[i..end]).trim().to_string());
            }
            i = memchr(b'>', &b[end..]).map_or(b.len(), |p| end + p + 1);
            continue;
        }
        // Implicit closes.
        if tag.closes_p() && stack.len() > 1 && dom.nodes[top].tag == Tag::P {
            let keep = stack.len() - 1;
            close_to(&mut dom, &mut stack, keep);
        }
        let scoped = |closers: &[Tag], boundary: &[Tag], stack: &mut Vec<usize>, dom: &mut Dom| {
            if let Some(pos) = stack.iter().rposition(|&s| {
                let t = dom.nodes[s].tag;
                closers.contains(&t) || boundary.contains(&t)
            }) {
                if pos > 0 && closers.contains(&dom.nodes[stack[pos]].tag) {
                    close_to(dom, stack, pos);
                }
            }
        };
        match tag {
            Tag::Li => scoped(
                &[Tag::Li],
                &[Tag::Ul, Tag::Ol, Tag::Menu],
                &mut stack,
                &mut dom,
            ),
            Tag::Dt | Tag::Dd => scoped(&[Tag::Dt, Tag::Dd], &[Tag::Dl], &mut stack, &mut dom),
            Tag::Td | Tag::Th => scoped(
                &[Tag::Td, Tag::Th],
                &[Tag::Tr, Tag::Table],
                &mut stack,
                &mut dom,
            ),
            Tag::Tr => scoped(
                &[Tag::Tr, Tag::Td, Tag::Th],
                &[Tag::Table, Tag::Tbody, Tag::Thead],
                &mut stack,
                &mut dom,
            ),
            Tag::Option => scoped(&[Tag::Option], &[Tag::Select], &mut stack, &mut dom),
            _ => {}
        }
        let parent = *stack.last().unwrap_or(&0);
        let id = dom.nodes.len();
        dom.push(
            parent,
            Node {
                tag,
                hidden,
                name,
                parent: 0,
                end: id as u32 + 1,
                start: attrs_start as u32,
                len: (dom.attrs.len() - attrs_start) as u32,
            },
        );
        if !(self_closing || tag.is_void()) {
            stack.push(id);
        }
    }
    close_to(&mut dom, &mut stack, 0);
    dom
}

/// Records the `<meta>` facts the page metadata needs.
fn meta(dom: &mut Dom, prop: &str, content: &str) {
    let is = |k: &str| prop.eq_ignore_ascii_case(k);
    if (is("og:site_name") || is("application-name")) && dom.site_name.is_none() {
        dom.site_name = Some(decode_entities(content).trim().to_string());
    } else if is("og:title") && dom.og_title.is_none() {
        dom.og_title = Some(decode_entities(content).trim().to_string());
    } else if dom.meta_date.is_none()
        && META_DATE_NAMES.iter().any(|n| is(n))
        && content.get(..10).and_then(crate::meta::iso_date).is_some()
    {
        dom.meta_date = Some(content.to_string());
    }
}

/// Whether `hay` contains the lower-case ASCII `needle` in any case.
fn contains_ci(hay: &str, needle: &[u8]) -> bool {
    let h = hay.as_bytes();
    memchr::memchr2_iter(needle[0], needle[0].to_ascii_uppercase(), h).any(|p| {
        h[p..]
            .get(..needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// The start of `</name` (any case) at or after `from`.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = memmem::find(&b[i.min(b.len())..], b"</") {
        let at = i + p;
        let s = at + 2;
        if b.len() - s >= name.len() && b[s..s + name.len()].eq_ignore_ascii_case(name) {
            return Some(at);
        }
        i = at + 2;
    }
    None
}

/// Appends `raw` with character references decoded, white space runs collapsed to one
/// space, and soft hyphens and zero-width spaces (invisible, and they break word matching)
/// removed. `after_space` says the text continues one that ended in a space.
fn push_collapsed(out: &mut String, raw: &str, after_space: bool) {
    // Printable ASCII other than `&`: copied as is.
    const fn plain_table() -> [bool; 256] {
        let mut t = [false; 256];
        let mut c = 0x21;
        while c < 0x7f {
            t[c] = c != b'&' as usize;
            c += 1;
        }
        t
    }
    static PLAIN: [bool; 256] = plain_table();
    let mut space = after_space;
    let b = raw.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if PLAIN[c as usize] {
            // A run of words with single spaces between them goes over in one copy.
            let mut j = i + 1;
            loop {
                while j < b.len() && PLAIN[b[j] as usize] {
                    j += 1;
                }
                if j + 1 < b.len() && b[j] == b' ' && PLAIN[b[j + 1] as usize] {
                    j += 2;
                    continue;
                }
                break;
            }
            out.push_str(&raw[i..j]);
            space = false;
            i = j;
            continue;
        }
        let ch = if c.is_ascii_whitespace() {
            i += 1;
            ' '
        } else if c == b'&' {
            let (ch, used) = entity(&raw[i..]).unwrap_or(('&', 1));
            i += used;
            ch
        } else {
            let ch = raw[i..].chars().next().unwrap_or(' ');
            i += ch.len_utf8();
            ch
        };
        if ch.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
        } else if ch != '\u{ad}' && ch != '\u{200b}' {
            out.push(ch);
            space = false;
        }
    }
}

/// The character reference at the start of `s` (which starts with `&`) and its length.
fn entity(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let end = b[1..]
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'#'))
        .map_or(b.len(), |p| p + 1);
    let name = &s[1..end];
    if name.is_empty() {
        return None;
    }
    let c = if let Some(num) = name.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        v.and_then(char::from_u32)?
    } else {
        named(name)?
    };
    Some((c, end + usize::from(b.get(end) == Some(&b';'))))
}

/// Decodes character references: numeric ones and the named ones common in news pages.
pub(crate) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        if rest.starts_with("&shy;") {
            rest = &rest[5..];
            continue;
        }
        match entity(rest) {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "shy" => '\u{ad}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "deg" => '°',
        "sect" => '§',
        "para" => '¶',
        "times" => '×',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "ccedil" => 'ç',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "Eacute" => 'É',
        "ocirc" => 'ô',
        "ucirc" => 'û',
        "icirc" => 'î',
        "iuml" => 'ï',
        "euml" => 'ë',
        "oslash" => 'ø',
        "aring" => 'å',
        "aelig" => 'æ',
        "zwnj" | "zwj" => '\u{200c}',
        "thinsp" | "ensp" | "emsp" => ' ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(dom: &Dom, n: usize, out: &mut String) {
        let node = &dom.nodes[n];
        match node.tag {
            Tag::Text => {
                out.push_str(dom.text(n));
                return;
            }
            Tag::Root => out.push_str("(#root"),
            Tag::Other => out.push_str(&format!("({}", dom.other_names[node.name as usize])),
            t => out.push_str(&format!("({}", format!("{t:?}").to_ascii_lowercase())),
        }
        for c in dom.children(n) {
            out.push(' ');
            render(dom, c, out);
        }
        out.push(')');
    }

    #[test]
    fn parses_with_implicit_closes_and_entities() {
        let dom = parse(
            "<html lang=de><head><title>A &amp; B</title><script>if (a<b) {}</script></head><body class='Main'><p>one<p>two &auml;&#228;&#xe4;<ul><li>x<li>y</ul><!-- c --><br/>z</b><my-el>q</my-el></body>",
        );
        let mut out = String::new();
        render(&dom, 0, &mut out);
        assert_eq!(
            out,
            "(#root (html (head) (body (p one) (p two äää) (ul (li x) (li y)) (br) z (my-el q))))"
        );
        assert_eq!(dom.title.as_deref(), Some("A & B"));
        assert_eq!(dom.lang.as_deref(), Some("de"));
        let body = (0..dom.nodes.len())
            .find(|&n| dom.nodes[n].tag == Tag::Body)
            .unwrap();
        assert_eq!(dom.attrs(body), "main ");
        assert!(dom.contains(body, dom.nodes.len() - 1) && !dom.contains(body, 0));
    }

    #[test]
    fn collapses_space_and_decodes() {
        let dom = parse("<p> a&nbsp;&nbsp;b\n\tc&shy;d &unknown; &#8212; x&amp;y </p>");
        assert_eq!(dom.text(2), " a b cd &unknown; — x&y ");
        assert_eq!(
            decode_entities("a &amp b &unknown; &#8212; so&shy;ft"),
            "a & b &unknown; — soft"
        );
    }
}
