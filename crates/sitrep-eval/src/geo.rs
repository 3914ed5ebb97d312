//! `sitrep eval geo --xml FILE`: toponym detection and geocoding on TR-News/LGL-style
//! (`<toponym><start><end>…<lat><lon>`) or GeoVirus-style (`<location>…`) XML.
//!
//! Metrics, as Gritta et al. (2019) compute them:
//! - `toponym_f1`: exact character-span match of detected toponyms against all gold toponyms;
//! - geocoding on the gold toponyms that have coordinates, each resolved with the whole
//!   article as context: `acc_161km` (share within 161 km), `mean_error_km`,
//!   `median_error_km` and `auc`, the area under the curve of sorted `ln(1 + error)`
//!   scaled by `ln(20039)` (Earth's half circumference), where lower is better. A toponym
//!   the geocoder cannot place at all counts as 20039 km (`unresolved`); one it places at
//!   the text's focus is counted in `placed_at_document_focus`.
//! - `geo_docs_per_s`: the geocoding stage alone (detection and resolution) on one
//!   thread; `gazetteer_load_ms`: parsing the embedded gazetteer once.

use std::path::Path;

use sitrep_doc::ByteSpan;
use sitrep_doc::{CharMap, Doc, DocMeta};
use sitrep_geo::{haversine_km, resolve_all, toponyms, Gazetteer, Geocoder};
use sitrep_pipeline::{Component, Pipeline};

use crate::{EvalError, Metrics, Prf};

/// One gold toponym: character offsets and, when geocoded, coordinates.
struct Gold {
    start: usize,
    end: usize,
    coords: Option<(f64, f64)>,
    /// The gold's feature code (TR-News) or Wikipedia page (GeoVirus), for error reports.
    note: String,
}

/// Moves gold spans onto their names where the file's offsets drift from its text
/// (GeoVirus offsets run a character ahead; some TR-News articles lose a character or more
/// per paragraph). Toponyms are taken in offset order and the drift found for one carries
/// to the next, so each lands on the occurrence of its name nearest the drifted offset.
fn align(text: &str, golds: &mut [(Gold, String)]) {
    let chars: Vec<char> = text.chars().collect();
    let mut order: Vec<usize> = (0..golds.len()).collect();
    order.sort_by_key(|&i| golds[i].0.start);
    let mut drift = 0isize;
    for i in order {
        let (g, name) = &mut golds[i];
        let needle: Vec<char> = name.chars().collect();
        if needle.is_empty() {
            continue;
        }
        let at = |s: usize| chars.get(s..s + needle.len()) == Some(&needle[..]);
        let want = g.start as isize + drift;
        let best = (0..=chars.len().saturating_sub(needle.len()))
            .filter(|&s| at(s))
            .min_by_key(|&s| (s as isize - want).abs());
        if let Some(s) = best {
            drift = s as isize - g.start as isize;
            g.start = s;
            g.end = s + needle.len();
        }
    }
}

struct Article {
    text: String,
    toponyms: Vec<Gold>,
}

/// Runs the suite with sitrep's tokenizer, tagger and NER in front of the geocoder; with
/// `errors`, writes one TSV row per geocoded gold toponym and per detection miss there.
pub fn run(path: &Path, errors: Option<&Path>) -> Result<Metrics, EvalError> {
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
    let mut report = String::new();
    let m = run_with(path, &nlp, errors.map(|_| &mut report))?;
    if let Some(out) = errors {
        std::fs::write(out, report).map_err(|e| EvalError::io(out, e))?;
    }
    Ok(m)
}

/// Runs the suite; `nlp` must assign tokens, sentences and entities. With `report`, appends
/// TSV rows: `geo` (article, gold text, note, gold lat/lon, chosen entry, its lat/lon,
/// error km, rule), `fn` and `fp` (article, span text, note).
pub fn run_with(
    path: &Path,
    nlp: &Pipeline,
    mut report: Option<&mut String>,
) -> Result<Metrics, EvalError> {
    let xml = std::fs::read_to_string(path).map_err(|e| EvalError::io(path, e))?;
    let articles = parse(&xml);
    if articles.is_empty() {
        return Err(EvalError::Format {
            path: path.into(),
            message: "no <article> with <text> found".into(),
        });
    }
    let load = std::time::Instant::now();
    let gaz = Gazetteer::embedded().map_err(|e| EvalError::Format {
        path: path.into(),
        message: e.to_string(),
    })?;
    let gazetteer_load_ms = load.elapsed().as_secs_f64() * 1000.0;
    let geo = Geocoder::new().map_err(|e| EvalError::Format {
        path: path.into(),
        message: e.to_string(),
    })?;
    let mut geo_time = std::time::Duration::ZERO;
    let mut spans = Prf::default();
    let mut errors = Vec::new();
    let mut unresolved = 0usize;
    let mut by_focus = 0usize;
    for (ai, art) in articles.iter().enumerate() {
        let mut doc = Doc::new(DocMeta::new("eval", "geo"), art.text.clone());
        nlp.run(&mut doc);
        let map = CharMap::new(&art.text);
        let t0 = std::time::Instant::now();
        geo.process(&mut doc);
        geo_time += t0.elapsed();
        let found: Vec<(usize, usize)> = doc
            .places
            .iter()
            .map(|p| {
                (
                    map.char_of(p.span.start) as usize,
                    map.char_of(p.span.end) as usize,
                )
            })
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
        if let Some(rep) = report.as_deref_mut() {
            let chars =
                |s: usize, e: usize| -> String { art.text.chars().skip(s).take(e - s).collect() };
            for g in &art.toponyms {
                if !found.contains(&(g.start, g.end)) {
                    rep.push_str(&format!(
                        "fn\t{ai}\t{}\t{}\n",
                        chars(g.start, g.end),
                        g.note
                    ));
                }
            }
            for &(s, e) in &found {
                if !art.toponyms.iter().any(|g| (g.start, g.end) == (s, e)) {
                    rep.push_str(&format!("fp\t{ai}\t{}\t\n", chars(s, e)));
                }
            }
        }

        // Every gold toponym in text order is context (so "Glasgow, Ky." reads as one
        // qualified name); those with coordinates are scored.
        let mut ordered: Vec<&Gold> = art.toponyms.iter().collect();
        ordered.sort_by_key(|g| (g.start, g.end));
        let spans: Vec<ByteSpan> = ordered
            .iter()
            .map(|g| ByteSpan {
                start: map.byte_of(g.start as u32),
                end: map.byte_of(g.end as u32),
            })
            .collect();
        for (g, r) in ordered
            .iter()
            .zip(resolve_all(gaz, &toponyms(&art.text, &spans)))
            .filter(|(g, _)| g.coords.is_some())
        {
            let (lat, lon) = g.coords.unwrap_or_default();
            let (err, chosen) = match r {
                Some(r) => {
                    by_focus += usize::from(r.rule == "document-focus");
                    let e = gaz.entry(r.entry);
                    let chosen = format!(
                        "{} ({:?}, {}, {})\t{:.2}\t{:.2}\t{}",
                        e.name, e.kind, e.admin1, e.iso3, e.lat, e.lon, r.rule
                    );
                    (haversine_km(lat, lon, e.lat, e.lon), chosen)
                }
                None => {
                    unresolved += 1;
                    // Unresolved toponyms count as the worst error, as in the paper.
                    (20039.0, "-\t\t\tunresolved".to_string())
                }
            };
            errors.push(err);
            if let Some(rep) = report.as_deref_mut() {
                let name = art
                    .text
                    .get(map.byte_of(g.start as u32) as usize..map.byte_of(g.end as u32) as usize)
                    .unwrap_or("?");
                rep.push_str(&format!(
                    "geo\t{ai}\t{name}\t{}\t{lat}\t{lon}\t{err:.0}\t{chosen}\n",
                    g.note
                ));
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
    m.push("placed_at_document_focus", by_focus as f64);
    // The geocoding stage alone (detection and resolution), after tokens and entities.
    m.push(
        "geo_docs_per_s",
        articles.len() as f64 / geo_time.as_secs_f64().max(1e-9),
    );
    m.push("gazetteer_load_ms", gazetteer_load_ms);
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
            let name_tag = if items == "toponym" { "phrase" } else { "name" };
            let mut golds: Vec<(Gold, String)> = chunk
                .split(&format!("<{items}>"))
                .skip(1)
                .filter_map(|t| {
                    let start = tag(t, "start")?.trim().parse().ok()?;
                    let end = tag(t, "end")?.trim().parse().ok()?;
                    let name = unescape(tag(t, name_tag).unwrap_or("").trim());
                    let lat = tag(t, "lat").and_then(|v| v.trim().parse().ok());
                    let lon = tag(t, "lon").and_then(|v| v.trim().parse().ok());
                    let note = match (tag(t, "fcode"), tag(t, "gaztag")) {
                        (Some(code), Some(gaz)) => {
                            format!("{} {}", code.trim(), tag(gaz, "name").unwrap_or("").trim())
                        }
                        _ => tag(t, "page").unwrap_or("").trim().to_string(),
                    };
                    let gold = Gold {
                        start,
                        end,
                        coords: lat.zip(lon),
                        note,
                    };
                    Some((gold, name))
                })
                .collect();
            align(&text, &mut golds);
            let toponyms = golds.into_iter().map(|(g, _)| g).collect();
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
    fn drifting_offsets_land_on_the_nearest_name() {
        // Offsets lag the text by two, then by four characters.
        let text = "In Ottawa, rain. Later Ottawa and Paris.";
        let xml = format!(
            "<articles><article><text>{text}</text><toponyms>\
             <toponym><phrase>Ottawa</phrase><start>1</start><end>7</end></toponym>\
             <toponym><phrase>Ottawa</phrase><start>19</start><end>25</end></toponym>\
             <toponym><phrase>Paris</phrase><start>30</start><end>35</end></toponym>\
             </toponyms></article></articles>"
        );
        let a = parse(&xml);
        let got: Vec<&str> = a[0]
            .toponyms
            .iter()
            .map(|g| &text[g.start..g.end])
            .collect();
        assert_eq!(got, ["Ottawa", "Ottawa", "Paris"]);
        assert_eq!(a[0].toponyms[1].start, 23);
    }

    #[test]
    fn auc_is_zero_for_perfect_and_one_for_worst() {
        assert_eq!(auc(&[0.0, 0.0, 0.0]), 0.0);
        assert!((auc(&[20039.0, 20039.0]) - 1.0).abs() < 1e-4);
    }
}
