//! `sitrep eval geo --xml FILE`: toponym detection and geocoding on TR-News/LGL-style
//! (`<toponym><start><end>…<lat><lon>`) or GeoVirus-style (`<location>…`) XML.
//!
//! Metrics, as Gritta et al. (2019) compute them:
//! - `toponym_f1`: exact character-span match of detected toponyms against all gold toponyms;
//! - geocoding on the gold toponyms that have coordinates, each resolved with the whole
//!   article as context: `acc_161km` (share within 161 km), `mean_error_km`,
//!   `median_error_km` and `auc`, the area under the curve of sorted `ln(1 + error)`
//!   scaled by `ln(20039)` (Earth's half circumference), where lower is better.

use std::path::Path;

use sitrep_doc::ByteSpan;
use sitrep_doc::{CharMap, Doc, DocMeta};
use sitrep_geo::{haversine_km, resolve_all, toponyms, Gazetteer, Geocoder};
use sitrep_pipeline::Pipeline;

use crate::{EvalError, Metrics, Prf};

/// One gold toponym: character offsets and, when geocoded, coordinates.
struct Gold {
    start: usize,
    end: usize,
    coords: Option<(f64, f64)>,
}

/// Moves a gold span onto its name when the file's offsets are shifted (GeoVirus offsets
/// run one character ahead of its text), searching up to three characters either way.
fn align(text: &str, map: &CharMap, start: usize, end: usize, name: &str) -> (usize, usize) {
    let at = |s: usize| -> Option<&str> {
        let e = s + (end - start);
        text.get(map.byte_of(s as u32) as usize..map.byte_of(e as u32) as usize)
    };
    if name.is_empty() || at(start) == Some(name) {
        return (start, end);
    }
    for d in 1..=3usize {
        for s in [start.checked_sub(d), Some(start + d)]
            .into_iter()
            .flatten()
        {
            if at(s) == Some(name) {
                return (s, s + (end - start));
            }
        }
    }
    (start, end)
}

struct Article {
    text: String,
    toponyms: Vec<Gold>,
}

/// Runs the suite with sitrep's tokenizer, tagger and NER in front of the geocoder.
pub fn run(path: &Path) -> Result<Metrics, EvalError> {
    let ner = sitrep_ner::Ner::load_default().map_err(|e| EvalError::Format {
        path: path.into(),
        message: e.to_string(),
    })?;
    let tagger = sitrep_nlp::Tagger::load_default().map_err(|e| EvalError::Format {
        path: path.into(),
        message: e.to_string(),
    })?;
    let nlp = Pipeline::build(vec![
        Box::new(sitrep_nlp::Tokenizer),
        Box::new(tagger),
        Box::new(ner),
    ])
    .map_err(|e| EvalError::Format {
        path: path.into(),
        message: e.to_string(),
    })?;
    run_with(path, &nlp)
}

/// Runs the suite; `nlp` must assign tokens, sentences and entities.
pub fn run_with(path: &Path, nlp: &Pipeline) -> Result<Metrics, EvalError> {
    let xml = std::fs::read_to_string(path).map_err(|e| EvalError::io(path, e))?;
    let articles = parse(&xml);
    if articles.is_empty() {
        return Err(EvalError::Format {
            path: path.into(),
            message: "no <article> with <text> found".into(),
        });
    }
    let gaz = Gazetteer::embedded().map_err(|e| EvalError::Format {
        path: path.into(),
        message: e.to_string(),
    })?;
    let geo = Geocoder::new().map_err(|e| EvalError::Format {
        path: path.into(),
        message: e.to_string(),
    })?;
    let mut spans = Prf::default();
    let mut errors = Vec::new();
    let mut unresolved = 0usize;
    for art in &articles {
        let mut doc = Doc::new(DocMeta::new("eval", "geo"), art.text.clone());
        nlp.run(&mut doc);
        let map = CharMap::new(&art.text);
        let found: Vec<(usize, usize)> = geo
            .detect(&doc)
            .iter()
            .map(|(_, s)| (map.char_of(s.start) as usize, map.char_of(s.end) as usize))
            .collect();
        let tp = found
            .iter()
            .filter(|f| art.toponyms.iter().any(|g| (g.start, g.end) == **f))
            .count() as f64;
        spans.add(Prf {
            tp,
            fp: found.len() as f64 - tp,
            fn_: art.toponyms.len() as f64 - tp,
        });

        let coded: Vec<&Gold> = art.toponyms.iter().filter(|g| g.coords.is_some()).collect();
        let spans: Vec<ByteSpan> = coded
            .iter()
            .map(|g| ByteSpan {
                start: map.byte_of(g.start as u32),
                end: map.byte_of(g.end as u32),
            })
            .collect();
        for (g, r) in coded
            .iter()
            .zip(resolve_all(gaz, &toponyms(&art.text, &spans)))
        {
            let (lat, lon) = g.coords.unwrap_or_default();
            match r {
                Some(r) => {
                    let e = gaz.entry(r.entry);
                    errors.push(haversine_km(lat, lon, e.lat, e.lon));
                }
                None => {
                    unresolved += 1;
                    // Unresolved toponyms count as the worst error, as in the paper.
                    errors.push(20039.0);
                }
            }
        }
    }
    errors.sort_by(f64::total_cmp);
    let n = errors.len().max(1) as f64;
    let mut m = Metrics::default();
    m.push("toponym_precision", spans.precision());
    m.push("toponym_recall", spans.recall());
    m.push("toponym_f1", spans.f1());
    m.push(
        "acc_161km",
        errors.iter().filter(|&&e| e <= 161.0).count() as f64 / n,
    );
    m.push("mean_error_km", errors.iter().sum::<f64>() / n);
    m.push(
        "median_error_km",
        errors.get(errors.len() / 2).copied().unwrap_or(0.0),
    );
    m.push("auc", auc(&errors));
    m.push("geocoded", errors.len() as f64);
    m.push("unresolved", unresolved as f64);
    Ok(m)
}

/// Area under the sorted, log-scaled error curve (trapezoid rule), in [0, 1].
fn auc(sorted_errors: &[f64]) -> f64 {
    if sorted_errors.len() < 2 {
        return sorted_errors
            .first()
            .map_or(0.0, |e| (e + 1.0).ln() / 20039f64.ln());
    }
    let k = 20039f64.ln();
    let y: Vec<f64> = sorted_errors.iter().map(|e| (e + 1.0).ln() / k).collect();
    let area: f64 = y.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum();
    area / (y.len() - 1) as f64
}

fn parse(xml: &str) -> Vec<Article> {
    xml.split("<article")
        .skip(1)
        .filter_map(|chunk| {
            let text = unescape(tag(chunk, "text")?);
            let items = if chunk.contains("<toponym>") {
                "toponym"
            } else {
                "location"
            };
            let map = CharMap::new(&text);
            let name_tag = if items == "toponym" { "phrase" } else { "name" };
            let toponyms = chunk
                .split(&format!("<{items}>"))
                .skip(1)
                .filter_map(|t| {
                    let start = tag(t, "start")?.trim().parse().ok()?;
                    let end = tag(t, "end")?.trim().parse().ok()?;
                    let name = unescape(tag(t, name_tag).unwrap_or("").trim());
                    let (start, end) = align(&text, &map, start, end, &name);
                    let lat = tag(t, "lat").and_then(|v| v.trim().parse().ok());
                    let lon = tag(t, "lon").and_then(|v| v.trim().parse().ok());
                    Some(Gold {
                        start,
                        end,
                        coords: lat.zip(lon),
                    })
                })
                .collect();
            Some(Article { text, toponyms })
        })
        .collect()
}

/// The content of the first `<name>…</name>` (attributes allowed), CDATA unwrapped.
fn tag<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    let open = s.find(&format!("<{name}"))?;
    let body_start = open + s[open..].find('>')? + 1;
    let body_end = body_start + s[body_start..].find(&format!("</{name}>"))?;
    let body = &s[body_start..body_end];
    Some(
        body.trim_start()
            .strip_prefix("<![CDATA[")
            .and_then(|b| b.trim_end().strip_suffix("]]>"))
            .unwrap_or(body),
    )
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_formats() {
        let tr = "<articles><article docid=\"1\"><text><![CDATA[Rain in Paris.]]></text><toponyms><toponym><phrase>Paris</phrase><start>8</start><end>13</end><gaztag geonameid=\"1\"><lat>48.85</lat><lon>2.35</lon></gaztag></toponym></toponyms></article></articles>";
        let gv = "<articles><article><source>x</source><text>Flu &amp; fever in Lima.</text><locations><location><name>Lima</name><start>16</start><end>20</end><lat>-12.04</lat><lon>-77.03</lon></location></locations></article></articles>";
        let a = parse(tr);
        assert_eq!(
            (
                a[0].text.as_str(),
                a[0].toponyms[0].start,
                a[0].toponyms[0].coords
            ),
            ("Rain in Paris.", 8, Some((48.85, 2.35)))
        );
        let b = parse(gv);
        assert_eq!(
            (
                &b[0].text[b[0].toponyms[0].start..b[0].toponyms[0].end],
                b[0].toponyms[0].coords
            ),
            ("Lima", Some((-12.04, -77.03)))
        );
    }

    #[test]
    fn auc_is_zero_for_perfect_and_one_for_worst() {
        assert_eq!(auc(&[0.0, 0.0, 0.0]), 0.0);
        assert!((auc(&[20039.0, 20039.0]) - 1.0).abs() < 1e-4);
    }
}
