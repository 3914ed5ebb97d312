//! A small, forgiving HTML parser into a flat node arena: enough structure for main-text
//! extraction (tags, class/id, a few attributes, text), none of the HTML5 tree-building
//! rules beyond implicit closes of `p`, `li`, `td`/`th`/`tr`, `dt`/`dd` and `option`.
//!
//! Written for speed: one pass over the bytes, no per-node attribute maps, which is what
//! lets extraction outrun DOM-library-based extractors several times over.

use memchr::memchr;

/// One node of the arena; children are in document order.
#[derive(Debug)]
pub(crate) struct Node {
    /// Lower-case tag name; empty for text nodes.
    pub tag: Box<str>,
    /// Lower-case `class`, `id`, `itemprop` and `role` values joined by spaces.
    pub attrs: Box<str>,
    /// Decoded text for text nodes.
    pub text: Box<str>,
    /// `hidden`, `aria-hidden="true"` or `display:none`.
    pub hidden: bool,
    /// The parent's id (the root is its own parent).
    pub parent: usize,
    /// Child node ids in document order.
    pub children: Vec<usize>,
}

/// The parsed page.
#[derive(Debug, Default)]
pub(crate) struct Dom {
    pub nodes: Vec<Node>,
    /// The `<title>` text.
    pub title: Option<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
    /// `og:site_name` / `application-name`.
    pub site_name: Option<String>,
    /// `og:title`.
    pub og_title: Option<String>,
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
const RAW: &[&str] = &[
    "script", "style", "textarea", "title", "noscript", "template", "xmp", "iframe", "svg", "math",
];
/// Tags whose opening closes an open `<p>`.
const CLOSES_P: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "table",
    "section",
    "article",
    "aside",
    "blockquote",
    "pre",
    "header",
    "footer",
    "nav",
    "form",
    "figure",
    "dl",
    "main",
    "hr",
    "address",
    "fieldset",
];

impl Dom {
    fn push(&mut self, parent: usize, mut node: Node) -> usize {
        let id = self.nodes.len();
        node.parent = parent;
        self.nodes.push(node);
        self.nodes[parent].children.push(id);
        id
    }

    fn elem(tag: &str, attrs: String, hidden: bool) -> Node {
        Node {
            tag: tag.into(),
            attrs: attrs.into(),
            text: "".into(),
            hidden,
            parent: 0,
            children: Vec::new(),
        }
    }
}

/// Parses `html` (already UTF-8). Node 0 is a synthetic root.
pub(crate) fn parse(html: &str) -> Dom {
    let mut dom = Dom::default();
    dom.nodes.push(Dom::elem("#root", String::new(), false));
    let b = html.as_bytes();
    let mut stack: Vec<usize> = vec![0];
    let mut i = 0;
    while i < b.len() {
        let Some(lt) = memchr(b'<', &b[i..]).map(|p| i + p) else {
            add_text(&mut dom, &stack, &html[i..]);
            break;
        };
        if lt > i {
            add_text(&mut dom, &stack, &html[i..lt]);
        }
        i = lt;
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            i = find(b, i + 4, b"-->").map_or(b.len(), |p| p + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = memchr(b'>', &b[i..]).map_or(b.len(), |p| i + p + 1);
            continue;
        }
        if rest.starts_with(b"</") {
            let (name, end) = tag_name(b, i + 2);
            i = memchr(b'>', &b[end..]).map_or(b.len(), |p| end + p + 1);
            if name.is_empty() {
                continue;
            }
            // Pop to the matching open element; ignore stray end tags.
            if let Some(pos) = stack.iter().rposition(|&n| *dom.nodes[n].tag == *name) {
                if pos > 0 {
                    stack.truncate(pos);
                }
            }
            continue;
        }
        let (name, mut j) = tag_name(b, i + 1);
        if name.is_empty() {
            // A lone '<' in text.
            add_text(&mut dom, &stack, "<");
            i += 1;
            continue;
        }
        let mut attrs = String::new();
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
            let key = html[ks..j].to_ascii_lowercase();
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
            match key.as_str() {
                "class" | "id" | "itemprop" | "role" => {
                    attrs.push_str(&value.to_ascii_lowercase());
                    attrs.push(' ');
                }
                "hidden" => hidden = true,
                "aria-hidden" => hidden |= value.eq_ignore_ascii_case("true"),
                "style" => {
                    let v = value.to_ascii_lowercase().replace(' ', "");
                    hidden |= v.contains("display:none") || v.contains("visibility:hidden");
                }
                "lang" if name == "html" => lang = Some(value.to_string()),
                "property" | "name" if name == "meta" => {
                    meta_prop = Some(value.to_ascii_lowercase())
                }
                "content" if name == "meta" => meta_content = Some(value),
                _ => {}
            }
        }
        i = j;
        if name == "html" && dom.lang.is_none() {
            dom.lang = lang;
        }
        if let (Some(p), Some(c)) = (meta_prop.as_deref(), meta_content) {
            match p {
                "og:site_name" | "application-name" if dom.site_name.is_none() => {
                    dom.site_name = Some(decode_entities(c).trim().to_string());
                }
                "og:title" if dom.og_title.is_none() => {
                    dom.og_title = Some(decode_entities(c).trim().to_string())
                }
                _ => {}
            }
        }
        let name_s: &str = &name;
        if RAW.contains(&name_s) {
            let close = format!("</{name_s}");
            let end = find_ci(b, i, close.as_bytes()).unwrap_or(b.len());
            if name_s == "title" && dom.title.is_none() {
                dom.title = Some(decode_entities(&html[i..end]).trim().to_string());
            }
            i = memchr(b'>', &b[end..]).map_or(b.len(), |p| end + p + 1);
            continue;
        }
        // Implicit closes.
        let top =
            |stack: &Vec<usize>, dom: &Dom| dom.nodes[*stack.last().unwrap_or(&0)].tag.clone();
        if CLOSES_P.contains(&name_s) && stack.len() > 1 && &*top(&stack, &dom) == "p" {
            stack.pop();
        }
        let scoped = |closers: &[&str], boundary: &[&str], stack: &mut Vec<usize>, dom: &Dom| {
            if let Some(pos) = stack.iter().rposition(|&n| {
                let t = &*dom.nodes[n].tag;
                closers.contains(&t) || boundary.contains(&t)
            }) {
                if pos > 0 && closers.contains(&&*dom.nodes[stack[pos]].tag) {
                    stack.truncate(pos);
                }
            }
        };
        match name_s {
            "li" => scoped(&["li"], &["ul", "ol", "menu"], &mut stack, &dom),
            "dt" | "dd" => scoped(&["dt", "dd"], &["dl"], &mut stack, &dom),
            "td" | "th" => scoped(&["td", "th"], &["tr", "table"], &mut stack, &dom),
            "tr" => scoped(
                &["tr", "td", "th"],
                &["table", "tbody", "thead"],
                &mut stack,
                &dom,
            ),
            "option" => scoped(&["option"], &["select"], &mut stack, &dom),
            _ => {}
        }
        let parent = *stack.last().unwrap_or(&0);
        let id = dom.push(parent, Dom::elem(name_s, attrs, hidden));
        if !(self_closing || VOID.contains(&name_s)) {
            stack.push(id);
        }
    }
    dom
}

fn add_text(dom: &mut Dom, stack: &[usize], raw: &str) {
    let parent = *stack.last().unwrap_or(&0);
    // Soft hyphens are invisible and break word matching.
    let text = decode_entities(raw).replace(['\u{ad}', '\u{200b}'], "");
    dom.push(
        parent,
        Node {
            tag: "".into(),
            attrs: "".into(),
            text: text.into(),
            hidden: false,
            parent: 0,
            children: Vec::new(),
        },
    );
}

fn tag_name(b: &[u8], start: usize) -> (String, usize) {
    let mut j = start;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
        j += 1;
    }
    let name = std::str::from_utf8(&b[start..j])
        .unwrap_or("")
        .to_ascii_lowercase();
    (name, j)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&b[from.min(b.len())..], needle).map(|p| from + p)
}

fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = memchr(b'<', &b[i.min(b.len())..]) {
        let at = i + p;
        if b.len() - at >= needle.len() && b[at..at + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Decodes character references: numeric ones and the named ones common in news pages.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    if s.contains("&shy;") {
        return decode_entities(&s.replace("&shy;", ""));
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |p| p + 1);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let v = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse().ok(),
            };
            v.and_then(char::from_u32)
        } else {
            named(name)
        };
        match decoded {
            Some(c) if !name.is_empty() => {
                out.push(c);
                rest = &rest[end..];
                if rest.starts_with(';') {
                    rest = &rest[1..];
                }
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
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
        if node.tag.is_empty() {
            out.push_str(&node.text);
            return;
        }
        out.push_str(&format!("({}", node.tag));
        for &c in &node.children {
            out.push(' ');
            render(dom, c, out);
        }
        out.push(')');
    }

    #[test]
    fn parses_with_implicit_closes_and_entities() {
        let dom = parse(
            "<html lang=de><head><title>A &amp; B</title><script>if (a<b) {}</script></head><body class='Main'><p>one<p>two &auml;&#228;&#xe4;<ul><li>x<li>y</ul><!-- c --><br/>z</b></body>",
        );
        let mut out = String::new();
        render(&dom, 0, &mut out);
        assert_eq!(
            out,
            "(#root (html (head) (body (p one) (p two äää) (ul (li x) (li y)) (br) z)))"
        );
        assert_eq!(dom.title.as_deref(), Some("A & B"));
        assert_eq!(dom.lang.as_deref(), Some("de"));
        let body = dom.nodes.iter().find(|n| &*n.tag == "body").unwrap();
        assert_eq!(&*body.attrs, "main ");
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp b &unknown; &#8212;"),
            "a & b &unknown; —"
        );
    }
}
