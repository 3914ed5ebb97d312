//! A small streaming WARC reader: yields the HTML payloads of `response` records.
//!
//! Written here rather than taken from a crate because we need little (headers, a
//! `Content-Length` block, the HTTP header split) and want errors with byte offsets that
//! let the next record be read after a bad one.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use crate::error::IngestError;
use crate::MAX_RECORD_BYTES;

/// One HTML response record.
#[derive(Debug)]
pub(crate) struct WarcRecord {
    /// Byte offset of the record in the (decompressed) stream.
    pub offset: u64,
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Date`, the crawl time (`2016-02-10T12:00:00Z`).
    pub date: Option<String>,
    /// The HTTP body.
    pub payload: Vec<u8>,
}

/// Iterator over the HTML response records of one WARC stream.
pub(crate) struct WarcReader<R> {
    input: R,
    path: PathBuf,
    offset: u64,
    done: bool,
    gz: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// `gz` says the input is a gzip decoder, whose IO errors mean a corrupt stream.
    pub(crate) fn new(input: R, path: &Path, gz: bool) -> WarcReader<R> {
        WarcReader {
            input,
            path: path.to_path_buf(),
            offset: 0,
            done: false,
            gz,
        }
    }

    fn err(&self, offset: u64, message: impl Into<String>) -> IngestError {
        IngestError::Warc {
            path: self.path.clone(),
            offset,
            message: message.into(),
        }
    }

    fn io_err(&self, source: std::io::Error) -> IngestError {
        let path = self.path.clone();
        if self.gz {
            // Inside a gzip stream an IO error is the decoder's: corrupt or truncated.
            IngestError::Gzip { path, source }
        } else {
            IngestError::Io { path, source }
        }
    }

    /// Reads one header line (without CRLF); `None` at end of input.
    fn line(&mut self) -> Result<Option<String>, IngestError> {
        let mut buf = Vec::new();
        let n = (&mut self.input)
            .take(64 * 1024)
            .read_until(b'\n', &mut buf)
            .map_err(|e| self.io_err(e))?;
        if n == 0 {
            return Ok(None);
        }
        self.offset += n as u64;
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    /// Reads the next record of any type; `Ok(None)` at the end of the stream.
    fn record(&mut self) -> Result<Option<Option<WarcRecord>>, IngestError> {
        // Skip blank lines between records.
        let (start, version) = loop {
            let start = self.offset;
            match self.line()? {
                None => return Ok(None),
                Some(l) if l.trim().is_empty() => continue,
                Some(l) => break (start, l),
            }
        };
        if !version.starts_with("WARC/") {
            self.done = true;
            return Err(self.err(
                start,
                format!("expected a WARC/ version line, found {:.40?}", version),
            ));
        }
        let (mut len, mut kind, mut url, mut date) = (None, String::new(), None, None);
        loop {
            let Some(l) = self.line()? else {
                self.done = true;
                return Err(self.err(start, "stream ends inside the record header"));
            };
            if l.is_empty() {
                break;
            }
            let Some((k, v)) = l.split_once(':') else {
                continue;
            };
            let v = v.trim();
            match k.trim().to_ascii_lowercase().as_str() {
                "content-length" => len = v.parse::<u64>().ok(),
                "warc-type" => kind = v.to_ascii_lowercase(),
                "warc-target-uri" => url = Some(v.trim_matches(['<', '>']).to_string()),
                "warc-date" => date = Some(v.to_string()),
                _ => {}
            }
        }
        let Some(len) = len else {
            self.done = true;
            return Err(self.err(start, "no Content-Length"));
        };
        if len > MAX_RECORD_BYTES || kind != "response" {
            let skipped = std::io::copy(&mut (&mut self.input).take(len), &mut std::io::sink())
                .map_err(|e| self.io_err(e))?;
            self.offset += skipped;
            if skipped < len {
                self.done = true;
                return Err(self.err(start, "stream ends inside the record block"));
            }
            if kind == "response" {
                return Err(IngestError::TooLarge {
                    path: format!("{}@{start}", self.path.display()),
                    limit: MAX_RECORD_BYTES,
                });
            }
            return Ok(Some(None));
        }
        let mut block = Vec::with_capacity(len as usize);
        (&mut self.input)
            .take(len)
            .read_to_end(&mut block)
            .map_err(|e| self.io_err(e))?;
        self.offset += block.len() as u64;
        if (block.len() as u64) < len {
            self.done = true;
            return Err(self.err(start, "stream ends inside the record block"));
        }
        let Some(split) = find(&block, b"\r\n\r\n")
            .map(|i| i + 4)
            .or_else(|| find(&block, b"\n\n").map(|i| i + 2))
        else {
            return Err(self.err(start, "HTTP response without a header/body split"));
        };
        let headers = String::from_utf8_lossy(&block[..split]).to_ascii_lowercase();
        let is_html = headers
            .lines()
            .find(|l| l.starts_with("content-type:"))
            .is_none_or(|l| l.contains("html"));
        if !is_html {
            return Ok(Some(None));
        }
        block.drain(..split);
        Ok(Some(Some(WarcRecord {
            offset: start,
            url,
            date,
            payload: block,
        })))
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<WarcRecord, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.record() {
                Ok(None) => self.done = true,
                Ok(Some(None)) => continue,
                Ok(Some(Some(r))) => return Some(Ok(r)),
                Err(e) => {
                    // After a decoder error the stream cannot be resynchronised.
                    if matches!(e, IngestError::Gzip { .. } | IngestError::Io { .. }) {
                        self.done = true;
                    }
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, url: &str, http: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2016-02-11T00:00:00Z\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        )
    }

    #[test]
    fn reads_html_responses_and_skips_the_rest() {
        let warc = [
            record("warcinfo", "", "software: test\r\n"),
            record("request", "http://a.test/1", "GET /1 HTTP/1.1\r\n\r\n"),
            record(
                "response",
                "http://a.test/1",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>one</p>",
            ),
            record(
                "response",
                "http://a.test/img",
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG",
            ),
            record(
                "response",
                "http://a.test/2",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>two</p>",
            ),
        ]
        .concat();
        let recs: Vec<_> = WarcReader::new(warc.as_bytes(), Path::new("t.warc"), false)
            .map(|r| {
                let r = r.unwrap();
                (
                    r.offset,
                    r.url.unwrap(),
                    String::from_utf8(r.payload).unwrap(),
                )
            })
            .collect();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].1, "http://a.test/1");
        assert_eq!(recs[0].2, "<p>one</p>");
        assert_eq!(&warc[recs[1].0 as usize..][..8], "WARC/1.0");
        assert_eq!(recs[1].2, "<p>two</p>");
    }

    #[test]
    fn truncated_record_is_an_error_with_offset() {
        let full = record(
            "response",
            "http://a.test/1",
            "HTTP/1.1 200 OK\r\n\r\n<p>body text</p>",
        );
        let cut = &full[..full.len() - 12];
        let out: Vec<_> = WarcReader::new(cut.as_bytes(), Path::new("t.warc"), false).collect();
        assert_eq!(out.len(), 1);
        let err = out.into_iter().next().unwrap().unwrap_err();
        assert_eq!(err.reason(), "warc");
        assert_eq!(
            err.to_string(),
            "t.warc@0: bad WARC record: stream ends inside the record block"
        );
    }
}
