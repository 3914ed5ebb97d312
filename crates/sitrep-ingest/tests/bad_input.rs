//! Bad inputs give a clear error naming the file, and reading goes on with the next one.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;

const GOOD: &str = "Harbour reopens after storm\n\nThe harbour reopened on Monday after a week of repairs to the sea wall, officials said.\n";

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("sitrep-ingest-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Reads `dir` and renders each item as `ok FILE` or `REASON | MESSAGE` (dir prefix removed).
fn outcomes(dir: &Path) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    sitrep_ingest::read_paths(&[dir.to_path_buf()])
        .map(|r| match r {
            Ok(d) => format!("ok {}", d.meta.source.replace(&prefix, "")),
            Err(e) => format!("{} | {}", e.reason(), e.to_string().replace(&prefix, "")),
        })
        .collect()
}

#[test]
fn bad_files_fail_alone() {
    let t = TempDir::new("bad");
    // Deterministic pseudo-random bytes (xorshift), NULs included.
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    t.write("a_random.bin", &random);
    t.write("b_empty.txt", b"");
    let mut bad_utf8 = GOOD.as_bytes().to_vec();
    bad_utf8.splice(30..30, [0xff, 0xfe, b'x']);
    t.write("c_invalid.txt", &bad_utf8);
    let huge = vec![b'a'; 50 << 20];
    t.write("d_huge.txt", &huge);
    let full = gz(GOOD.repeat(200).as_bytes());
    t.write("e_truncated.txt.gz", &full[..full.len() / 2]);
    t.write("f_good.txt", GOOD.as_bytes());
    t.write("g_good.txt.gz", &gz(GOOD.as_bytes()));
    let out = outcomes(&t.0);
    assert_eq!(out.len(), 7, "{out:#?}");
    assert!(
        out[0].starts_with("binary | a_random.bin: binary data"),
        "{}",
        out[0]
    );
    assert_eq!(out[1], "empty | b_empty.txt: empty file");
    assert_eq!(
        out[2],
        "invalid-utf8 | c_invalid.txt: invalid UTF-8 at byte 30"
    );
    assert_eq!(
        out[3],
        "too-large | d_huge.txt: record larger than the 16777216-byte limit"
    );
    assert!(
        out[4].starts_with("gzip | e_truncated.txt.gz: bad gzip stream"),
        "{}",
        out[4]
    );
    assert_eq!(out[5..], ["ok f_good.txt", "ok g_good.txt.gz"]);
}

#[test]
fn jsonl_lines_and_errors() {
    let t = TempDir::new("jsonl");
    let lines = [
        r#"{"text": "Harbour reopens after storm\n\nThe harbour reopened on Monday after repairs, officials said.", "url": "https://www.example.test/2019/03/04/harbour", "date": "2019-03-05"}"#,
        r#"{"title": "No body"}"#,
        "not json",
        r#"{"html": "<html><head><title>Dam plan approved</title></head><body><article><p>The council approved the plan for a new dam on Tuesday after a long debate that ran late into the night.</p><p>Work is due to start next spring and to take three years, the council said in a statement.</p></article></body></html>", "outlet": "Example Post"}"#,
    ]
    .join("\n");
    let p = t.write("a.jsonl", lines.as_bytes());
    let docs: Vec<_> = sitrep_ingest::read_paths(std::slice::from_ref(&p)).collect();
    assert_eq!(docs.len(), 4);
    let d0 = docs[0].as_ref().unwrap();
    assert_eq!(d0.meta.source, format!("{}:1", p.display()));
    assert_eq!(
        d0.meta.title.as_deref(),
        Some("Harbour reopens after storm")
    );
    assert_eq!(
        d0.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2019-03-05")
    );
    assert_eq!(d0.meta.date_source, Some(sitrep_doc::DateSource::Input));
    assert_eq!(d0.meta.outlet.as_deref(), Some("example.test"));
    let e1 = docs[1].as_ref().unwrap_err();
    assert_eq!(
        e1.to_string(),
        format!("{}:2: no string `text` or `html` field", p.display())
    );
    assert_eq!(docs[2].as_ref().unwrap_err().reason(), "json");
    let d3 = docs[3].as_ref().unwrap();
    assert_eq!(d3.meta.outlet.as_deref(), Some("Example Post"));
    assert_eq!(d3.meta.title.as_deref(), Some("Dam plan approved"));
    assert!(d3.text().contains("new dam on Tuesday"));
    assert_eq!(sitrep_ingest::count_inputs(std::slice::from_ref(&t.0)), 1);
}

#[test]
fn warc_gz_records() {
    let t = TempDir::new("warc");
    let page = |title: &str| {
        format!("<html><head><title>{title}</title></head><body><article><p>Officials said the bridge over the river would reopen on Friday after two years of repairs.</p><p>Traffic is expected to return to normal levels within a week, according to the city council.</p></article></body></html>")
    };
    let record = |url: &str, body: &str| {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{body}");
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2020-06-01T00:00:00Z\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        )
    };
    // Common Crawl style: one gzip member per record.
    let mut bytes = gz(record("https://news.example.test/a", &page("Bridge to reopen")).as_bytes());
    bytes.extend(gz(record(
        "https://news.example.test/b",
        &page("Bridge reopening set"),
    )
    .as_bytes()));
    let p = t.write("crawl.warc.gz", &bytes);
    let paths = std::slice::from_ref(&p);
    let mut records = sitrep_ingest::read_paths(paths);
    let progress = records.progress();
    let first = records.next().unwrap().unwrap();
    // Progress counts compressed bytes as they are read, towards the size on disk.
    let size = sitrep_ingest::input_size(paths);
    assert_eq!(size, bytes.len() as u64);
    assert!(progress.bytes_read() > 0 && progress.bytes_read() <= size);
    let docs: Vec<_> = std::iter::once(first)
        .chain(records.map(|d| d.unwrap()))
        .collect();
    assert_eq!(progress.bytes_read(), size);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].meta.source, format!("{}@0", p.display()));
    assert!(docs[1]
        .meta
        .source
        .starts_with(&format!("{}@", p.display())));
    assert_eq!(
        docs[1].meta.url.as_deref(),
        Some("https://news.example.test/b")
    );
    assert_eq!(docs[0].meta.outlet.as_deref(), Some("news.example.test"));
    assert_eq!(
        docs[0].meta.date_source,
        Some(sitrep_doc::DateSource::Crawl)
    );
    assert_ne!(docs[0].meta.id, docs[1].meta.id);
}

#[test]
fn bytes_in_memory_read_like_the_same_file() {
    let dir = TempDir::new("bytes");
    let jsonl = format!(
        "{}\n\nnot json\n{}\n",
        serde_json::json!({"text": GOOD, "outlet": "Harbour Times"}),
        serde_json::json!({"title": "No body"})
    );
    let file = dir.write("a.jsonl", jsonl.as_bytes());
    let from_file: Vec<_> = sitrep_ingest::read_paths(&[file]).collect();
    for input in [jsonl.as_bytes().to_vec(), gz(jsonl.as_bytes())] {
        let sniffed: Vec<_> = sitrep_ingest::read_bytes(input, "request", None).collect();
        assert_eq!(sniffed.len(), 3);
        let doc = sniffed[0].as_ref().unwrap();
        assert_eq!(doc.meta.id, from_file[0].as_ref().unwrap().meta.id);
        assert_eq!(
            (doc.meta.source.as_str(), doc.meta.outlet.as_deref()),
            ("request:1", Some("Harbour Times"))
        );
        let errs: Vec<String> = sniffed[1..]
            .iter()
            .map(|r| r.as_ref().unwrap_err().to_string())
            .collect();
        assert!(errs[0].starts_with("request:3"), "{errs:?}");
        assert!(
            errs[1].contains("no string `text` or `html` field"),
            "{errs:?}"
        );
    }
    // A named format wins over sniffing: JSON text read as a plain-text page is one article.
    let as_text: Vec<_> = sitrep_ingest::read_bytes(
        GOOD.as_bytes().to_vec(),
        "request",
        Some(sitrep_ingest::InputFormat::Text),
    )
    .collect();
    let doc = as_text[0].as_ref().unwrap();
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Harbour reopens after storm")
    );
    let empty: Vec<_> = sitrep_ingest::read_bytes(Vec::new(), "request", None).collect();
    assert_eq!(empty[0].as_ref().unwrap_err().reason(), "empty");
}
