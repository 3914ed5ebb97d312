//! Every format written from the same two hand-made events.

use chrono::NaiveDate;
use sitrep_export::{
    write, ExportEvent, Format, COLUMNS, GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS,
};
use sitrep_store::{ActorRow, ArticleRow, EventRow, PlaceRow, TextSpan};

fn actor(code: &str, iso3: &str, name: &str, start: u32) -> ActorRow {
    ActorRow {
        code: code.into(),
        iso3: Some(iso3.into()),
        sector: Some("GOV".into()),
        name: Some(name.into()),
        text: name.into(),
        start,
        end: start + name.len() as u32,
    }
}

fn events() -> Vec<ExportEvent> {
    let article = ArticleRow {
        id: "ab12".into(),
        source: "a.txt".into(),
        url: Some("https://news.example/a".into()),
        outlet: Some("Example News".into()),
        title: Some("Kerry accuses Russia".into()),
        byline: None,
        wire: Some("AFP".into()),
        date: NaiveDate::from_ymd_opt(2016, 2, 14),
        date_source: Some("text".into()),
        language: "en".into(),
        chars: 120,
        ingested_at: "2026-11-24T01:02:03Z".into(),
    };
    let event = EventRow {
        article_id: "ab12".into(),
        sentence_index: 0,
        source: actor("USAGOV", "USA", "John Kerry", 0),
        target: Some(actor("RUSGOV", "RUS", "Russia, \"the state\"", 20)),
        action: TextSpan {
            text: "accuses".into(),
            start: 6,
            end: 13,
        },
        cameo: "112".into(),
        plover: "ACCUSE".into(),
        plover_mode: None,
        goldstein: -2.0,
        quad_class: 3,
        date: NaiveDate::from_ymd_opt(2016, 2, 13),
        date_source: Some("timex".into()),
        place_index: Some(0),
        negated: false,
        hypothetical: false,
        rule: "verb:accuse".into(),
    };
    let place = PlaceRow {
        article_id: "ab12".into(),
        sentence_index: 0,
        span: TextSpan {
            text: "Munich".into(),
            start: 40,
            end: 46,
        },
        name: "Munich".into(),
        lat: 48.1374,
        lon: 11.5755,
        iso3: Some("DEU".into()),
        admin1: Some("Bavaria".into()),
        geonames_id: Some(2867714),
        rule: "gazetteer:prior".into(),
    };
    let mut second = event.clone();
    second.sentence_index = 3;
    second.target = None;
    second.cameo = "0211".into();
    vec![
        ExportEvent {
            event,
            article: article.clone(),
            place: Some(place),
        },
        ExportEvent {
            event: second,
            article,
            place: None,
        },
    ]
}

#[test]
fn gdelt_rows_have_61_columns_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.tsv");
    let files = write(&events(), Format::Gdelt, &out).unwrap();
    assert_eq!(
        files,
        vec![out.clone(), dir.path().join("events.mentions.tsv")]
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!(r.len(), 61);
    }
    let col = |name: &str| GDELT_EVENT_COLUMNS.iter().position(|c| *c == name).unwrap();
    let r = &rows[0];
    assert_eq!(
        [
            r[col("SQLDATE")],
            r[col("Actor1Code")],
            r[col("Actor1Name")],
            r[col("Actor1CountryCode")],
            r[col("Actor2Code")]
        ],
        ["20160213", "USAGOV", "JOHN KERRY", "USA", "RUSGOV"]
    );
    assert_eq!(
        [
            r[col("EventCode")],
            r[col("EventBaseCode")],
            r[col("EventRootCode")],
            r[col("QuadClass")],
            r[col("GoldsteinScale")]
        ],
        ["112", "112", "11", "3", "-2.0"]
    );
    assert_eq!(
        [
            r[col("ActionGeo_Type")],
            r[col("ActionGeo_FullName")],
            r[col("ActionGeo_Lat")],
            r[col("ActionGeo_Long")],
            r[col("ActionGeo_CountryCode")],
            r[col("ActionGeo_ADM1Code")],
            r[col("DATEADDED")],
            r[col("SOURCEURL")]
        ],
        [
            "4",
            "Munich, Bavaria",
            "48.1374",
            "11.5755",
            "GM",
            "",
            "20261124010203",
            "https://news.example/a"
        ]
    );
    assert_eq!(
        [
            rows[1][col("Actor2Code")],
            rows[1][col("EventRootCode")],
            rows[1][col("IsRootEvent")]
        ],
        ["", "02", "0"]
    );
    let mentions = std::fs::read_to_string(dir.path().join("events.mentions.tsv")).unwrap();
    let m: Vec<&str> = mentions.lines().next().unwrap().split('\t').collect();
    assert_eq!(m.len(), GDELT_MENTION_COLUMNS.len());
    assert_eq!(m[0], r[0]);
    assert_eq!(
        [m[4], m[6], m[7], m[8], m[9]],
        ["Example News", "1", "0", "20", "6"]
    );
}

#[test]
fn csv_quotes_fields_and_jsonl_keeps_types() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("e.csv");
    write(&events(), Format::Csv, &csv).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next().unwrap(), COLUMNS.join(","));
    assert!(text.contains(",\"Russia, \"\"the state\"\"\","), "{text}");
    let jl = dir.path().join("e.jsonl");
    write(&events(), Format::Jsonl, &jl).unwrap();
    let first: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&jl)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (
            first["cameo"].as_str(),
            first["goldstein"].as_f64(),
            first["lat"].as_f64()
        ),
        (Some("112"), Some(-2.0), Some(48.1374))
    );
}

#[test]
fn parquet_reads_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("e.parquet");
    write(&events(), Format::Parquet, &out).unwrap();
    let reader = SerializedFileReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), 2);
    let rows: Vec<String> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| r.unwrap().to_string())
        .collect();
    assert!(rows[0].contains("cameo: \"112\""), "{}", rows[0]);
    assert!(rows[1].contains("target_code: null"), "{}", rows[1]);
}

#[test]
fn gdelt_geo_country_codes_are_fips() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("geo.tsv");
    let mut evs = events();
    let place = evs[0].place.as_mut().unwrap();
    place.name = "Syria".into();
    place.iso3 = Some("SYR".into());
    place.admin1 = None;
    let mut gaza = evs[0].clone();
    let p = gaza.place.as_mut().unwrap();
    (p.name, p.iso3, p.admin1, p.lat, p.lon) = (
        "Gaza".into(),
        Some("PSE".into()),
        Some("Gaza Strip".into()),
        31.5,
        34.47,
    );
    evs.push(gaza);
    write(&evs, Format::Gdelt, &out).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let col = |name: &str| GDELT_EVENT_COLUMNS.iter().position(|c| *c == name).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    let geo = |r: &Vec<&str>| {
        [
            r[col("ActionGeo_Type")],
            r[col("ActionGeo_FullName")],
            r[col("ActionGeo_CountryCode")],
            r[col("ActionGeo_ADM1Code")],
        ]
        .map(str::to_string)
    };
    assert!(rows.iter().all(|r| r.len() == 61));
    // A country-level place: GDELT's ADM1 code is the country code.
    assert_eq!(geo(&rows[0]), ["1", "Syria", "SY", "SY"]);
    // No place, no geography.
    assert_eq!(geo(&rows[1]), ["", "", "", ""]);
    assert_eq!(geo(&rows[2]), ["4", "Gaza, Gaza Strip", "GZ", ""]);
    // Actor geography is not computed.
    assert_eq!(rows[0][col("Actor1Geo_CountryCode")], "");
}
