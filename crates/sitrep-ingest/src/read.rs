//! Walking inputs, opening (and un-gzipping) them, sniffing their format, and turning each
//! record into a `Doc`.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use sitrep_doc::{ByteSpan, DateSource, Diag, DiagLevel, Doc, DocMeta};

use crate::error::IngestError;
use crate::text::{self, Article};
use crate::warc::WarcReader;
use crate::{html, meta, MAX_RECORD_BYTES};

/// The input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A plain-text page dump: one article.
    Text,
    /// An HTML page: one article.
    Html,
    /// JSON Lines: one article per line.
    Jsonl,
    /// A WARC file: one article per HTML response record.
    Warc,
}

type DocIter = Box<dyn Iterator<Item = Result<Doc, IngestError>> + Send>;

/// The iterator behind [`crate::read_paths`]: a queue of paths still to open and the
/// record stream of the file being read.
pub struct Records {
    queue: VecDeque<PathBuf>,
    current: Option<DocIter>,
    read: Arc<AtomicU64>,
}

/// How far a [`Records`] stream has got: a handle that stays valid, and can be read from
/// another thread, while the stream is consumed.
#[derive(Clone, Debug, Default)]
pub struct Progress(Arc<AtomicU64>);

impl Progress {
    /// Bytes read from input files so far, as stored on disk (compressed bytes for `.gz`),
    /// so that it counts towards [`crate::input_size`].
    pub fn bytes_read(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Records {
    pub(crate) fn new(paths: &[PathBuf]) -> Records {
        Records {
            queue: paths.iter().cloned().collect(),
            current: None,
            read: Arc::default(),
        }
    }

    /// A handle on the bytes read so far.
    pub fn progress(&self) -> Progress {
        Progress(Arc::clone(&self.read))
    }
}

/// A reader that adds the bytes it reads to a shared counter.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Iterator for Records {
    type Item = Result<Doc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(cur) = &mut self.current {
                match cur.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let path = self.queue.pop_front()?;
            if path.as_os_str() == "-" {
                let stdin = Counting {
                    inner: std::io::stdin(),
                    read: Arc::clone(&self.read),
                };
                let stdin = BufReader::with_capacity(1 << 16, stdin);
                match records(Box::new(stdin), &path, None, false) {
                    Ok(it) => self.current = Some(it),
                    Err(e) => return Some(Err(e)),
                }
                continue;
            }
            if path.is_dir() {
                match sorted_children(&path) {
                    // Children go first, in order, so the walk is depth-first and sorted.
                    Ok(children) => children
                        .into_iter()
                        .rev()
                        .for_each(|c| self.queue.push_front(c)),
                    Err(e) => return Some(Err(e)),
                }
                continue;
            }
            match open(&path, &self.read) {
                Ok(it) => self.current = Some(it),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

fn sorted_children(dir: &Path) -> Result<Vec<PathBuf>, IngestError> {
    let io = |source| IngestError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        // Hidden files are editor and VCS litter, not articles.
        if !entry.file_name().to_string_lossy().starts_with('.') {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}

/// Sums `per_file` over the input files under `paths`, walking directories.
fn sum_inputs(paths: &[PathBuf], per_file: &dyn Fn(&Path) -> u64) -> u64 {
    paths
        .iter()
        .map(|p| {
            if p.is_dir() {
                sorted_children(p).map_or(0, |c| sum_inputs(&c, per_file))
            } else {
                per_file(p)
            }
        })
        .sum()
}

/// Counts input files under `paths` (stdin counts as one).
pub(crate) fn count(paths: &[PathBuf]) -> usize {
    sum_inputs(paths, &|_| 1) as usize
}

/// The bytes on disk of the input files under `paths` (stdin and unreadable paths count
/// nothing).
pub(crate) fn size(paths: &[PathBuf]) -> u64 {
    sum_inputs(paths, &|p| {
        if p.as_os_str() == "-" {
            0
        } else {
            std::fs::metadata(p).map_or(0, |m| m.len())
        }
    })
}

fn ext_format(name: &str) -> Option<Format> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(Format::Text),
        "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        "warc" => Some(Format::Warc),
        _ => None,
    }
}

fn sniff(head: &[u8]) -> Format {
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&head[..0], |i| &head[i..]);
    if start.starts_with(b"WARC/") {
        return Format::Warc;
    }
    if start.starts_with(b"{") {
        return Format::Jsonl;
    }
    let lower = String::from_utf8_lossy(&start[..start.len().min(4096)]).to_ascii_lowercase();
    let tags = [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<div",
        "<p>",
        "<meta",
        "<article",
    ];
    if tags.iter().any(|t| lower.contains(t)) {
        Format::Html
    } else {
        Format::Text
    }
}

fn open(path: &Path, read: &Arc<AtomicU64>) -> Result<DocIter, IngestError> {
    let file = File::open(path).map_err(|source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let file = Counting {
        inner: file,
        read: Arc::clone(read),
    };
    let mut raw = BufReader::with_capacity(1 << 16, file);
    let magic = raw.fill_buf().map_err(|source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.to_string_lossy();
    let gz = magic.starts_with(&[0x1f, 0x8b]);
    let inner = name.strip_suffix(".gz").unwrap_or(&name);
    let input: Box<dyn BufRead + Send> = if gz {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(raw),
        ))
    } else {
        Box::new(raw)
    };
    records(input, path, ext_format(inner), gz)
}

/// The record stream of one opened input.
fn records(
    mut input: Box<dyn BufRead + Send>,
    path: &Path,
    format: Option<Format>,
    gz: bool,
) -> Result<DocIter, IngestError> {
    let read_err = |source| {
        if gz {
            IngestError::Gzip {
                path: path.to_path_buf(),
                source,
            }
        } else {
            IngestError::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    };
    let format = match format {
        Some(f) => f,
        None => sniff(input.fill_buf().map_err(read_err)?),
    };
    let path_buf = path.to_path_buf();
    match format {
        Format::Jsonl => Ok(Box::new(JsonlReader {
            input,
            path: path_buf,
            line: 0,
            gz,
            done: false,
        })),
        Format::Warc => {
            let reader = WarcReader::new(input, path, gz);
            Ok(Box::new(reader.map(move |r| {
                let r = r?;
                let source = format!("{}@{}", path_buf.display(), r.offset);
                let hints = Hints {
                    url: r.url,
                    crawl_date: r.date.as_deref().and_then(meta::iso_date),
                    ..Hints::default()
                };
                html_doc(&r.payload, source, hints)
            })))
        }
        Format::Text | Format::Html => {
            let mut bytes = Vec::new();
            input
                .take(MAX_RECORD_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(read_err)?;
            if bytes.len() as u64 > MAX_RECORD_BYTES {
                return Err(IngestError::TooLarge {
                    path: path.display().to_string(),
                    limit: MAX_RECORD_BYTES,
                });
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return Err(IngestError::Empty {
                    path: path.to_path_buf(),
                });
            }
            if let Some(offset) = binary_offset(&bytes) {
                return Err(IngestError::Binary {
                    path: path.to_path_buf(),
                    offset,
                });
            }
            let source = path.display().to_string();
            let doc = if format == Format::Html {
                html_doc(&bytes, source, Hints::default())
            } else {
                text_doc(&bytes, source, Hints::default())
            };
            Ok(Box::new(std::iter::once(doc)))
        }
    }
}

/// The offset of a NUL byte, or of the first control byte when control bytes make up
/// more than 5% of the first 8 KiB: random bytes and executables, not text.
fn binary_offset(bytes: &[u8]) -> Option<u64> {
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(i) = head.iter().position(|&b| b == 0) {
        return Some(i as u64);
    }
    let is_ctl = |b: &u8| *b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c);
    let n = head.iter().filter(|b| is_ctl(b)).count();
    (n * 20 > head.len()).then(|| head.iter().position(is_ctl).unwrap_or(0) as u64)
}

/// Record-level facts known from the container.
#[derive(Debug, Default)]
struct Hints {
    url: Option<String>,
    title: Option<String>,
    date: Option<chrono::NaiveDate>,
    crawl_date: Option<chrono::NaiveDate>,
    outlet: Option<String>,
}

fn content_id(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

fn text_doc(bytes: &[u8], source: String, hints: Hints) -> Result<Doc, IngestError> {
    let text = std::str::from_utf8(bytes).map_err(|e| IngestError::InvalidUtf8 {
        path: source.clone(),
        offset: e.valid_up_to() as u64,
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let art = text::assemble(text.lines(), hints.title.as_deref(), text::Lines::Dump);
    build(art, content_id(bytes), source, hints, None)
}

fn html_doc(bytes: &[u8], source: String, hints: Hints) -> Result<Doc, IngestError> {
    if let Some(offset) = binary_offset(bytes) {
        return Err(IngestError::Binary {
            path: source.into(),
            offset,
        });
    }
    let Some((mut art, m)) = html::extract(bytes, hints.url.as_deref()) else {
        return Err(IngestError::NoText {
            source_name: source,
        });
    };
    if let Some(t) = hints.title.as_deref() {
        art.title = Some(text::normalize_space(t));
    }
    let hints = Hints {
        url: hints.url.or(m.url),
        outlet: hints.outlet.or(m.site_name),
        ..hints
    };
    build(art, content_id(bytes), source, hints, m.language)
}

fn build(
    art: Article,
    id: String,
    source: String,
    hints: Hints,
    language: Option<String>,
) -> Result<Doc, IngestError> {
    if art.paras.is_empty() {
        return Err(IngestError::NoText {
            source_name: source,
        });
    }
    let mut meta = DocMeta::new(&id, &source);
    if let Some(lang) = language {
        meta.language = lang;
    }
    meta.outlet = hints
        .outlet
        .or(art.outlet)
        .or_else(|| hints.url.as_deref().and_then(meta::url_outlet));
    meta.url = hints.url;
    meta.byline = art.byline;
    meta.wire = art.wire.map(str::to_string);
    let date = hints
        .date
        .map(|d| (d, DateSource::Input))
        .or(art.date)
        .or_else(|| {
            meta.url
                .as_deref()
                .and_then(meta::url_date)
                .map(|d| (d, DateSource::Url))
        })
        .or(hints.crawl_date.map(|d| (d, DateSource::Crawl)));
    meta.date = date.map(|(d, _)| d);
    meta.date_source = date.map(|(_, s)| s);
    meta.captions = art.captions;
    let mut text = String::new();
    let mut title_span = None;
    if let Some(t) = &art.title {
        text.push_str(t);
        title_span = Some(ByteSpan::new(0, t.len()));
        meta.title = Some(t.clone());
    }
    for p in &art.paras {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(p);
    }
    let mut doc = Doc::new(meta, text);
    doc.title_span = title_span;
    doc.diagnostics = art
        .notes
        .into_iter()
        .map(|message| Diag {
            level: DiagLevel::Info,
            component: "ingest".to_string(),
            message,
            span: None,
        })
        .collect();
    Ok(doc)
}

/// Streams a JSONL input, one article per line.
struct JsonlReader {
    input: Box<dyn BufRead + Send>,
    path: PathBuf,
    line: u64,
    gz: bool,
    done: bool,
}

impl JsonlReader {
    fn read_line(&mut self) -> Option<Result<Vec<u8>, IngestError>> {
        let mut buf = Vec::new();
        let res = (&mut self.input)
            .take(MAX_RECORD_BYTES + 1)
            .read_until(b'\n', &mut buf);
        self.line += 1;
        match res {
            Ok(0) => None,
            Ok(_) if buf.len() as u64 > MAX_RECORD_BYTES && !buf.ends_with(b"\n") => {
                // Skip the rest of the over-long line so the next one can be read.
                let mut sink = Vec::new();
                loop {
                    sink.clear();
                    match (&mut self.input).take(1 << 20).read_until(b'\n', &mut sink) {
                        Ok(0) => break,
                        Ok(_) if sink.ends_with(b"\n") => break,
                        Ok(_) => {}
                        Err(_) => {
                            self.done = true;
                            break;
                        }
                    }
                }
                Some(Err(IngestError::TooLarge {
                    path: format!("{}:{}", self.path.display(), self.line),
                    limit: MAX_RECORD_BYTES,
                }))
            }
            Ok(_) => Some(Ok(buf)),
            Err(source) => {
                self.done = true;
                let path = self.path.clone();
                Some(Err(if self.gz {
                    IngestError::Gzip { path, source }
                } else {
                    IngestError::Io { path, source }
                }))
            }
        }
    }

    fn doc(&self, bytes: &[u8]) -> Result<Doc, IngestError> {
        let source = format!("{}:{}", self.path.display(), self.line);
        let json_err = |message: String| IngestError::Json {
            path: self.path.clone(),
            line: self.line,
            message,
        };
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| json_err(e.to_string()))?;
        let obj = value
            .as_object()
            .ok_or_else(|| json_err("not a JSON object".to_string()))?;
        let field = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let hints = Hints {
            url: field("url"),
            title: field("title"),
            date: field("date").and_then(|d| {
                meta::iso_date(&d).or_else(|| meta::parse_date_line(&d).map(|(d, _)| d))
            }),
            outlet: field("outlet"),
            crawl_date: None,
        };
        let id = content_id(bytes);
        if let Some(text) = obj.get("text").and_then(|v| v.as_str()) {
            let art = text::assemble(text.lines(), hints.title.as_deref(), text::Lines::Dump);
            return build(art, id, source, hints, None);
        }
        if let Some(page) = obj.get("html").and_then(|v| v.as_str()) {
            let mut doc = html_doc(page.as_bytes(), source, hints)?;
            doc.meta.id = id;
            return Ok(doc);
        }
        Err(json_err("no string `text` or `html` field".to_string()))
    }
}

impl Iterator for JsonlReader {
    type Item = Result<Doc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let bytes = match self.read_line()? {
                Ok(b) => b,
                Err(e) => return Some(Err(e)),
            };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(self.doc(&bytes));
        }
        None
    }
}

/// The records of one in-memory input; see [`crate::read_bytes`].
pub(crate) fn bytes(bytes: Vec<u8>, source: &str, format: Option<Format>) -> DocIter {
    let path = Path::new(source);
    let gz = bytes.starts_with(&[0x1f, 0x8b]);
    let raw = std::io::Cursor::new(bytes);
    let input: Box<dyn BufRead + Send> = if gz {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(raw)))
    } else {
        Box::new(raw)
    };
    records(input, path, format, gz).unwrap_or_else(|e| Box::new(std::iter::once(Err(e))))
}

/// One HTML page to a `Doc`; see [`crate::html_to_doc`].
pub(crate) fn html_page(html: &[u8], source: &str, url: Option<&str>) -> Result<Doc, IngestError> {
    let hints = Hints {
        url: url.map(str::to_string),
        ..Hints::default()
    };
    html_doc(html, source.to_string(), hints)
}
