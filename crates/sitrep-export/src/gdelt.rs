//! GDELT 2.0 Events and Mentions tables.

use std::io::{self, Write};

use chrono::Datelike;
use sitrep_store::{ActorRow, EventRow};

use crate::ExportEvent;

/// The GDELT 2.0 Events table's 61 columns, in order.
pub const GDELT_EVENT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The GDELT 2.0 Mentions table's 16 columns, in order.
pub const GDELT_MENTION_COLUMNS: [&str; 16] = [
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

/// A stable id: FNV-1a over the article, sentence, action offset and code, so the same
/// event keeps its id across exports and runs.
pub fn event_id(e: &EventRow) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let key = format!(
        "{}|{}|{}|{}",
        e.article_id, e.sentence_index, e.action.start, e.cameo
    );
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h & 0x7fff_ffff_ffff_ffff
}

/// TSV cells may not hold tabs or line breaks.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn actor_cells(a: Option<&ActorRow>) -> [String; 10] {
    let Some(a) = a else {
        return Default::default();
    };
    let name = a
        .name
        .clone()
        .unwrap_or_else(|| a.text.clone())
        .to_uppercase();
    [
        a.code.clone(),
        clean(&name),
        a.iso3.clone().unwrap_or_default(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        a.sector.clone().unwrap_or_default(),
        String::new(),
        String::new(),
    ]
}

pub(crate) fn write_events(w: &mut impl Write, events: &[ExportEvent]) -> io::Result<()> {
    for x in events {
        let e = &x.event;
        let date = e.date.or(x.article.date);
        let mut row: Vec<String> = Vec::with_capacity(61);
        row.push(event_id(e).to_string());
        match date {
            Some(d) => {
                row.push(d.format("%Y%m%d").to_string());
                row.push(d.format("%Y%m").to_string());
                row.push(d.year().to_string());
                row.push(format!(
                    "{:.4}",
                    f64::from(d.year()) + f64::from(d.ordinal0()) / 365.0
                ));
            }
            None => row.extend(std::iter::repeat_n(String::new(), 4)),
        }
        row.extend(actor_cells(Some(&e.source)));
        row.extend(actor_cells(e.target.as_ref()));
        // GDELT marks events from the lead; sentence 0 is the headline, 1 the lead sentence.
        row.push(u8::from(e.sentence_index <= 1).to_string());
        row.push(e.cameo.clone());
        row.push(e.cameo.chars().take(3).collect());
        row.push(e.cameo.chars().take(2).collect());
        row.push(e.quad_class.to_string());
        row.push(format!("{:.1}", e.goldstein));
        row.extend(["1", "1", "1", ""].map(String::from));
        row.extend(std::iter::repeat_n(String::new(), 16));
        match &x.place {
            Some(p) => {
                let is_usa = p.iso3.as_deref() == Some("USA");
                let geo_type = match &p.admin1 {
                    None => 1,
                    Some(a1) if *a1 == p.name => {
                        if is_usa {
                            2
                        } else {
                            5
                        }
                    }
                    Some(_) => {
                        if is_usa {
                            3
                        } else {
                            4
                        }
                    }
                };
                let full = match &p.admin1 {
                    Some(a1) if *a1 != p.name => format!("{}, {}", p.name, a1),
                    _ => p.name.clone(),
                };
                let fips = p
                    .iso3
                    .as_deref()
                    .and_then(|iso| crate::fips::fips_country(iso, Some(p.lon)))
                    .unwrap_or_default();
                row.push(geo_type.to_string());
                row.push(clean(&full));
                row.push(fips.to_string());
                // GDELT's ADM1 code is FIPS country + FIPS ADM1; for a country-level place
                // it is the country code alone. Gazetteer ADM1 names carry no FIPS code.
                row.push(if geo_type == 1 { fips } else { "" }.to_string());
                row.push(String::new());
                row.push(format!("{:.4}", p.lat));
                row.push(format!("{:.4}", p.lon));
                row.push(p.geonames_id.map(|g| g.to_string()).unwrap_or_default());
            }
            None => row.extend(std::iter::repeat_n(String::new(), 8)),
        }
        row.push(
            x.article
                .ingested_at
                .chars()
                .filter(char::is_ascii_digit)
                .take(14)
                .collect(),
        );
        row.push(clean(x.article.url.as_deref().unwrap_or(&x.article.source)));
        debug_assert_eq!(row.len(), GDELT_EVENT_COLUMNS.len());
        writeln!(w, "{}", row.join("\t"))?;
    }
    Ok(())
}

pub(crate) fn write_mentions(w: &mut impl Write, events: &[ExportEvent]) -> io::Result<()> {
    for x in events {
        let e = &x.event;
        let stamp = |d: Option<chrono::NaiveDate>| {
            d.map(|d| d.format("%Y%m%d000000").to_string())
                .unwrap_or_default()
        };
        let confidence = if e.hypothetical || e.negated { 50 } else { 100 };
        let row = [
            event_id(e).to_string(),
            stamp(e.date.or(x.article.date)),
            stamp(x.article.date),
            "1".into(),
            clean(x.article.outlet.as_deref().unwrap_or("")),
            clean(x.article.url.as_deref().unwrap_or(&x.article.source)),
            (e.sentence_index + 1).to_string(),
            e.source.start.to_string(),
            e.target
                .as_ref()
                .map_or("-1".into(), |t| t.start.to_string()),
            e.action.start.to_string(),
            "1".into(),
            confidence.to_string(),
            x.article.chars.to_string(),
            String::new(),
            String::new(),
            clean(&format!(
                "<rule>{}</rule><article>{}</article>",
                e.rule, e.article_id
            )),
        ];
        writeln!(w, "{}", row.join("\t"))?;
    }
    Ok(())
}
