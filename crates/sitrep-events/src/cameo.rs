//! CAMEO event codes with their Goldstein values, PLOVER types and modes, and QuadClass.
//! The facts come from the public CAMEO and CAMEO-to-PLOVER tables, merged into
//! `data/cameo.tsv` by `scripts/make_cameo_table.py`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// What sitrep knows about one CAMEO code.
#[derive(Clone, Debug, PartialEq)]
pub struct CameoInfo {
    /// The code, 2 to 4 digits.
    pub code: String,
    /// Goldstein conflict-cooperation value, -10 to +10.
    pub goldstein: f32,
    /// PLOVER (2021) event type; empty for CAMEO 01, which PLOVER dropped.
    pub plover: String,
    /// PLOVER mode, when the table gives one.
    pub mode: Option<String>,
    /// CAMEO's description.
    pub name: String,
}

const TABLE: &str = include_str!("../data/cameo.tsv");

fn table() -> &'static HashMap<String, CameoInfo> {
    static T: OnceLock<HashMap<String, CameoInfo>> = OnceLock::new();
    T.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let info = CameoInfo {
                    code: f.first()?.to_string(),
                    goldstein: f.get(1)?.parse().ok()?,
                    plover: f.get(2)?.to_string(),
                    mode: f.get(3).filter(|m| !m.is_empty()).map(|m| m.to_string()),
                    name: f.get(4).unwrap_or(&"").to_string(),
                };
                Some((info.code.clone(), info))
            })
            .collect()
    })
}

/// Looks a code up; an unknown 3- or 4-digit code falls back to its parent.
pub fn info(code: &str) -> Option<&'static CameoInfo> {
    let t = table();
    (2..=code.len())
        .rev()
        .find_map(|n| code.get(..n).and_then(|c| t.get(c)))
}

/// QuadClass of a code: 1 verbal cooperation (01–04), 2 material cooperation (05–08),
/// 3 verbal conflict (09–13), 4 material conflict (14–20); the GDELT convention.
pub fn quad_class(code: &str) -> u8 {
    match code.get(..2).and_then(|r| r.parse::<u8>().ok()) {
        Some(1..=4) => 1,
        Some(5..=8) => 2,
        Some(9..=13) => 3,
        Some(14..=20) => 4,
        _ => 0,
    }
}

/// PLOVER v0.5b1 type names mapped to the 2021 names sitrep emits, as the manual's
/// CAMEO translation table renames them (CAMEO 09 INVESTIGATE and 11 DISAPPROVE became
/// ACCUSE, 10 DEMAND became REQUEST, 19-20 FIGHT became ASSAULT). v0.5b1 already split
/// CAMEO's YIELD into CONCEDE and RETREAT, so YIELD has no single new name.
pub fn plover_from_old(name: &str) -> &str {
    match name {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        "COOPERATION" => "COOPERATE",
        other => other,
    }
}

/// The PLOVER type of a CAMEO code by the manual's cue-category translation ("everything
/// at the 3- and 4-digit level should simply be reduced to the 2-digit cue category"),
/// with 08 split into CONCEDE (080-083) and RETREAT (084-087). `None` for 01 and 02,
/// which PLOVER dropped. Unlike the 2021 per-code table (the `plover` field), this is the
/// mapping gold records coded by cue category (PLOVER v0.5b1) agree with.
pub fn plover_by_root(code: &str) -> Option<&'static str> {
    let root: u8 = code.get(..2)?.parse().ok()?;
    Some(match root {
        3 => "AGREE",
        4 => "CONSULT",
        5 => "SUPPORT",
        6 => "COOPERATE",
        7 => "AID",
        8 => match code.get(2..3) {
            Some("4" | "5" | "6" | "7") => "RETREAT",
            _ => "CONCEDE",
        },
        9 | 11 => "ACCUSE",
        10 => "REQUEST",
        12 => "REJECT",
        13 => "THREATEN",
        14 => "PROTEST",
        15 => "MOBILIZE",
        16 => "SANCTION",
        17 => "COERCE",
        18..=20 => "ASSAULT",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        let i = info("1124").unwrap();
        assert_eq!((i.plover.as_str(), i.goldstein), ("ACCUSE", -2.0));
        assert_eq!(info("0241").unwrap().code, "0241");
        assert_eq!(info("1999").unwrap().code, "19");
        assert_eq!(info("195").unwrap().mode.as_deref(), Some("heavy-weapons"));
        assert_eq!(quad_class("042"), 1);
        assert_eq!(quad_class("190"), 4);
        assert_eq!(plover_from_old("DISAPPROVE"), "ACCUSE");
        // The 2021 table moves 1712 (destroy property) to ASSAULT; the cue category
        // stays COERCE.
        assert_eq!(info("1712").unwrap().plover, "ASSAULT");
        assert_eq!(plover_by_root("1712"), Some("COERCE"));
        assert_eq!(plover_by_root("163"), Some("SANCTION"));
        assert_eq!(plover_by_root("0874"), Some("RETREAT"));
        assert_eq!(plover_by_root("083"), Some("CONCEDE"));
        assert_eq!(plover_by_root("020"), None);
    }
}
