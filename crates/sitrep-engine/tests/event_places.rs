//! Every event gets a location where the text gives one: its sentence's, else the
//! dateline's, through the full default pipeline.

use sitrep_doc::{Doc, DocMeta};
use sitrep_engine::{default_pipeline, PipelineConfig};

fn events_at(text: &str) -> Vec<(String, Option<String>)> {
    let pipeline = default_pipeline(&PipelineConfig::default()).expect("pipeline");
    let mut doc = Doc::new(DocMeta::new("t", "t"), text.to_string());
    pipeline.run(&mut doc);
    doc.events
        .iter()
        .map(|e| {
            let place = e.place.map(|i| doc.places[i as usize].name.clone());
            (doc.span_text(e.action).to_string(), place)
        })
        .collect()
}

#[test]
fn the_sentence_names_the_place() {
    let got = events_at(
        "John Kerry accused Russia of bombing civilians at a conference in Munich on Saturday.",
    );
    assert!(!got.is_empty(), "no event coded");
    assert!(
        got.iter().all(|(_, p)| p.as_deref() == Some("Munich")),
        "{got:?}"
    );
}

#[test]
fn the_dateline_places_a_sentence_without_one() {
    let got =
        events_at("DAMASCUS (Reuters) - The Syrian army accused the rebels of breaking the truce.");
    assert!(!got.is_empty(), "no event coded");
    assert!(
        got.iter().all(|(_, p)| p.as_deref() == Some("Damascus")),
        "{got:?}"
    );
}

fn shared() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("SITREP_SHARED").map_or_else(
        || std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
        std::path::PathBuf::from,
    );
    if dir.join("seeds").is_dir() {
        return Some(dir);
    }
    if std::env::var("SITREP_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("SITREP_REQUIRE_SHARED=1 but {} has no seeds", dir.display());
    }
    eprintln!("skipping: no seeds under {}", dir.display());
    None
}

/// The seed pages' key places resolve to the right countries and coordinates, and most
/// of their events carry a place.
#[test]
fn seed_places_and_event_locations() {
    let Some(dir) = shared() else { return };
    let pipeline = default_pipeline(&PipelineConfig::default()).expect("pipeline");
    let mut seen = std::collections::BTreeMap::new();
    let (mut events, mut placed) = (0, 0);
    for doc in sitrep_ingest::read_paths(&[dir.join("seeds")]) {
        let mut doc = doc.expect("seed page reads");
        pipeline.run(&mut doc);
        for p in &doc.places {
            seen.entry(p.name.clone()).or_insert_with(Vec::new).push((
                p.iso3.clone().unwrap_or_default(),
                p.lat,
                p.lon,
            ));
        }
        events += doc.events.len();
        placed += doc.events.iter().filter(|e| e.place.is_some()).count();
    }
    let want = [
        ("Aleppo", "SYR", 36.20, 37.16),
        ("Homs", "SYR", 34.73, 36.72),
        ("Damascus", "SYR", 33.51, 36.29),
        ("Munich", "DEU", 48.14, 11.58),
        ("Geneva", "CHE", 46.20, 6.15),
        ("Latakia", "SYR", 35.52, 35.79),
    ];
    for (name, iso3, lat, lon) in want {
        let got = seen.get(name).unwrap_or_else(|| panic!("{name} not found"));
        for (i, la, lo) in got {
            assert_eq!(i, iso3, "{name}");
            assert!(
                (la - lat).abs() < 0.3 && (lo - lon).abs() < 0.3,
                "{name}: {la},{lo}"
            );
        }
    }
    assert!(
        events > 0 && placed * 10 >= events * 6,
        "{placed} of {events} events placed"
    );
}
