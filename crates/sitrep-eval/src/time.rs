//! TempEval-3 TIMEX3 evaluation over TimeML `.tml` files.
//!
//! Each file gives its document creation time (the `<DCT>` TIMEX3) and gold TIMEX3 spans in
//! `<TEXT>`. The system sees the tag-free text of each paragraph of `<TEXT>` and the DCT as
//! the anchor. Scores follow the TempEval-3 scorer (UzZaman et al. 2013):
//! - `span_f1_strict`: P/R/F1 of exact span matches;
//! - `span_f1_relaxed`: P/R/F1 of overlapping spans (one-to-one, first gold in text order);
//! - `value_f1` (and `type_f1`): attribute F1, where the correct attributes are counted over
//!   relaxed matches and divided by the number of system timexes for precision and of gold
//!   timexes for recall: `P = correct / |sys|`, `R = correct / |gold|`;
//! - `type_acc`: correct types among relaxed matches (TempEval-3's type accuracy).
//!
//! The DCT TIMEX3 itself (`functionInDocument="CREATION_TIME"`) is input, not output, so it
//! is left out of both sides.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::{f1, EvalError, Metrics, Prf};

/// A gold or system time expression in a document's tag-free text.
#[derive(Clone, Debug, PartialEq)]
pub struct Timex {
    /// Byte offsets into the tag-free text.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    pub kind: String,
    /// TIMEX3 value.
    pub value: String,
}

/// A TimeML document: its tag-free text, DCT and gold timexes.
#[derive(Clone, Debug, Default)]
pub struct TimemlDoc {
    /// Tag-free text of `<TEXT>`.
    pub text: String,
    /// Document creation time.
    pub dct: Option<NaiveDate>,
    /// Gold timexes in `<TEXT>`.
    pub gold: Vec<Timex>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let s = tag.find(&key)? + key.len();
    let e = tag[s..].find('"')? + s;
    Some(tag[s..e].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Parses one TimeML file's content.
pub fn parse_timeml(xml: &str) -> TimemlDoc {
    let mut doc = TimemlDoc::default();
    if let Some(d) = xml.find("<DCT>") {
        let dct = &xml[d..];
        doc.dct = attr(dct, "value")
            .and_then(|v| NaiveDate::parse_from_str(v.get(..10).unwrap_or(&v), "%Y-%m-%d").ok());
    }
    let Some(s) = xml.find("<TEXT>") else {
        return doc;
    };
    let body = &xml[s + 6..];
    let body = &body[..body.find("</TEXT>").unwrap_or(body.len())];
    let mut open: Vec<(usize, String, String, bool)> = Vec::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        doc.text.push_str(&unescape(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt..lt + gt + 1];
        if tag.starts_with("<TIMEX3") {
            let dct = attr(tag, "functionInDocument").as_deref() == Some("CREATION_TIME");
            let kind = attr(tag, "type").unwrap_or_default();
            let value = attr(tag, "value").unwrap_or_default();
            open.push((doc.text.len(), kind, value, dct));
        } else if tag.starts_with("</TIMEX3") {
            if let Some((start, kind, value, dct)) = open.pop() {
                if !dct {
                    doc.gold.push(Timex {
                        start,
                        end: doc.text.len(),
                        kind,
                        value,
                    });
                }
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    doc.text.push_str(&unescape(rest));
    doc
}

/// Runs the extractor over each paragraph (line) of a document's text.
pub fn system(doc: &TimemlDoc) -> Vec<Timex> {
    let mut out = Vec::new();
    let mut off = 0;
    for line in doc.text.split_inclusive('\n') {
        for t in sitrep_time::extract(line, doc.dct) {
            out.push(Timex {
                start: off + t.span.start as usize,
                end: off + t.span.end as usize,
                kind: t.kind.as_str().to_string(),
                value: t.value,
            });
        }
        off += line.len();
    }
    out
}

/// Counts for one or more documents.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TimeCounts {
    /// System timexes.
    pub sys: usize,
    /// Gold timexes.
    pub gold: usize,
    /// Exact span matches.
    pub strict: usize,
    /// Overlapping matches (one-to-one).
    pub relaxed: usize,
    /// Relaxed matches with the gold value.
    pub value: usize,
    /// Relaxed matches with the gold type.
    pub kind: usize,
}

/// Scores system against gold timexes of one document.
pub fn score(sys: &[Timex], gold: &[Timex]) -> TimeCounts {
    let mut c = TimeCounts {
        sys: sys.len(),
        gold: gold.len(),
        ..TimeCounts::default()
    };
    c.strict = sys
        .iter()
        .filter(|s| gold.iter().any(|g| g.start == s.start && g.end == s.end))
        .count();
    let mut used = vec![false; gold.len()];
    for s in sys {
        let hit = gold
            .iter()
            .enumerate()
            .find(|(k, g)| !used[*k] && g.start < s.end && s.start < g.end);
        if let Some((k, g)) = hit {
            used[k] = true;
            c.relaxed += 1;
            c.value += usize::from(g.value == s.value);
            c.kind += usize::from(g.kind == s.kind);
        }
    }
    c
}

fn prf(tp: usize, sys: usize, gold: usize) -> Prf {
    Prf {
        tp: tp as f64,
        fp: (sys - tp) as f64,
        fn_: (gold - tp) as f64,
    }
}

fn tml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), EvalError> {
    let rd = std::fs::read_dir(dir).map_err(|e| EvalError::io(dir, e))?;
    for entry in rd {
        let p = entry.map_err(|e| EvalError::io(dir, e))?.path();
        if p.is_dir() {
            tml_files(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "tml") {
            out.push(p);
        }
    }
    Ok(())
}

/// Evaluates the time extractor on every `.tml` file under `dir`.
pub fn run(dir: &Path) -> Result<Metrics, EvalError> {
    let mut files = Vec::new();
    tml_files(dir, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(EvalError::Format {
            path: dir.to_path_buf(),
            message: "no .tml files".into(),
        });
    }
    let mut t = TimeCounts::default();
    let mut time_spent = std::time::Duration::ZERO;
    for f in &files {
        let xml = std::fs::read_to_string(f).map_err(|e| EvalError::io(f, e))?;
        let doc = parse_timeml(&xml);
        let t0 = std::time::Instant::now();
        let sys = system(&doc);
        time_spent += t0.elapsed();
        let c = score(&sys, &doc.gold);
        t.sys += c.sys;
        t.gold += c.gold;
        t.strict += c.strict;
        t.relaxed += c.relaxed;
        t.value += c.value;
        t.kind += c.kind;
    }
    let strict = prf(t.strict, t.sys, t.gold);
    let relaxed = prf(t.relaxed, t.sys, t.gold);
    let value = prf(t.value, t.sys, t.gold);
    let kind = prf(t.kind, t.sys, t.gold);
    let mut m = Metrics::default();
    m.push("docs", files.len() as f64);
    m.push("gold", t.gold as f64);
    m.push("system", t.sys as f64);
    m.push("span_p_strict", strict.precision());
    m.push("span_r_strict", strict.recall());
    m.push("span_f1_strict", strict.f1());
    m.push("span_p_relaxed", relaxed.precision());
    m.push("span_r_relaxed", relaxed.recall());
    m.push("span_f1_relaxed", relaxed.f1());
    m.push("value_f1", f1(value.precision(), value.recall()));
    m.push("type_f1", kind.f1());
    m.push(
        "type_acc",
        if t.relaxed == 0 {
            0.0
        } else {
            t.kind as f64 / t.relaxed as f64
        },
    );
    m.push(
        "value_acc",
        if t.relaxed == 0 {
            0.0
        } else {
            t.value as f64 / t.relaxed as f64
        },
    );
    // The extractor alone (its own tokenizing included) on one thread.
    m.push(
        "time_docs_per_s",
        files.len() as f64 / time_spent.as_secs_f64().max(1e-9),
    );
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TML: &str = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>Stocks fell <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> after a <TIMEX3 tid="t2" type="DURATION" value="P5Y">five year</TIMEX3> high &amp; more.</TEXT></TimeML>"#;

    #[test]
    fn parses_and_scores_a_document() {
        let doc = parse_timeml(TML);
        assert_eq!(doc.dct, NaiveDate::from_ymd_opt(1998, 1, 8));
        assert_eq!(&doc.text[doc.gold[1].start..doc.gold[1].end], "five year");
        assert!(doc.text.ends_with("high & more."));
        let sys = system(&doc);
        let c = score(&sys, &doc.gold);
        assert_eq!(
            (c.sys, c.gold, c.strict, c.relaxed, c.value, c.kind),
            (2, 2, 2, 2, 2, 2)
        );
    }
}
