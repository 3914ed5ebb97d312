//! The embedded gazetteer: countries, first- and second-level divisions, towns of 500+
//! people, continents and regions.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::GeoError;

/// What kind of place an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A country or territory.
    Country,
    /// A first-level administrative division (state, province, governorate).
    Admin1,
    /// A second-level administrative division (county, district, département).
    Admin2,
    /// A populated place.
    City,
    /// A continent.
    Region,
}

/// One gazetteer entry.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Its kind.
    pub kind: Kind,
    /// Display name.
    pub name: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// ISO 3166-1 alpha-3 country; empty for continents.
    pub iso3: String,
    /// First-level division name (the enclosing one for second-level divisions); empty for
    /// countries.
    pub admin1: String,
    /// Population (for divisions, the sum over their towns).
    pub population: u64,
    /// GeoNames id; 0 when unknown.
    pub geonames_id: u32,
    /// National capital.
    pub capital: bool,
    /// How many names GeoNames knows for it in all languages: a proxy for prominence.
    pub names: u32,
}

/// How a name reached an entry; primary names outrank alternates and demonyms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// The entry's own name.
    Primary,
    /// An alternate name.
    Alternate,
    /// A demonym of a country or continent ("Syrian").
    Demonym,
}

/// Entries plus an index from lowercased names to them.
pub struct Gazetteer {
    entries: Vec<Entry>,
    index: HashMap<String, Vec<(u32, NameKind)>>,
    countries: HashMap<String, u32>,
    max_tokens: usize,
}

static EMBEDDED: &[u8] = include_bytes!("../data/gazetteer.tsv.gz");

impl Gazetteer {
    /// The gazetteer compiled into the binary, parsed once.
    pub fn embedded() -> Result<&'static Gazetteer, GeoError> {
        static GAZ: OnceLock<Result<Gazetteer, String>> = OnceLock::new();
        GAZ.get_or_init(|| Gazetteer::from_gz(EMBEDDED).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|m| GeoError::Gazetteer(m.clone()))
    }

    /// Parses a gzipped gazetteer TSV (format in `tools/build_gazetteer.py`).
    pub fn from_gz(bytes: &[u8]) -> Result<Gazetteer, GeoError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|e| GeoError::Gazetteer(format!("cannot decompress: {e}")))?;
        Gazetteer::from_tsv(&text)
    }

    /// Parses the gazetteer TSV.
    pub fn from_tsv(text: &str) -> Result<Gazetteer, GeoError> {
        let mut gaz = Gazetteer {
            entries: Vec::new(),
            index: HashMap::new(),
            countries: HashMap::new(),
            max_tokens: 1,
        };
        for (lineno, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let bad = || GeoError::Gazetteer(format!("line {}: malformed row", lineno + 1));
            if f.len() < 11 {
                return Err(bad());
            }
            let kind = match f[0] {
                "C" => Kind::Country,
                "A" => Kind::Admin1,
                "D" => Kind::Admin2,
                "P" => Kind::City,
                "R" => Kind::Region,
                _ => return Err(bad()),
            };
            let id = gaz.entries.len() as u32;
            gaz.entries.push(Entry {
                kind,
                name: f[1].to_string(),
                lat: f[3].parse().map_err(|_| bad())?,
                lon: f[4].parse().map_err(|_| bad())?,
                iso3: f[5].to_string(),
                admin1: f[6].to_string(),
                population: f[7].parse().map_err(|_| bad())?,
                geonames_id: f[8].parse().map_err(|_| bad())?,
                capital: f[9] == "cap",
                names: f[10].parse().map_err(|_| bad())?,
            });
            if kind == Kind::Country {
                gaz.countries.insert(f[5].to_string(), id);
            }
            gaz.add_name(f[1], id, NameKind::Primary);
            for alt in f[2].split('|').filter(|a| !a.is_empty()) {
                gaz.add_name(alt, id, NameKind::Alternate);
            }
            if let Some(dem) = f[9].strip_prefix("dem:") {
                gaz.add_name(dem, id, NameKind::Demonym);
                // Plural demonyms name the people too ("Syrians", "Russians").
                gaz.add_name(&format!("{dem}s"), id, NameKind::Demonym);
            }
        }
        Ok(gaz)
    }

    fn add_name(&mut self, name: &str, id: u32, how: NameKind) {
        let key = normalize(name);
        self.max_tokens = self.max_tokens.max(key.split(' ').count());
        let slot = self.index.entry(key).or_default();
        if !slot.iter().any(|(e, _)| *e == id) {
            slot.push((id, how));
        }
    }

    /// Entries a name may refer to.
    pub fn lookup(&self, name: &str) -> &[(u32, NameKind)] {
        self.index
            .get(&normalize(name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The country entry of an ISO 3166-1 alpha-3 code.
    pub fn country(&self, iso3: &str) -> Option<u32> {
        self.countries.get(iso3).copied()
    }

    /// An entry by id.
    pub fn entry(&self, id: u32) -> &Entry {
        &self.entries[id as usize]
    }

    /// The longest name, in words.
    pub fn max_tokens(&self) -> usize {
        self.max_tokens.min(6)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the gazetteer has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Lowercases, strips accents, folds curly apostrophes and collapses whitespace, so
/// "Homs  province" and "homs province", "Zürich" and "Zurich" share a key.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
            continue;
        }
        for c in word.nfd() {
            match c {
                '\u{2019}' | '\u{2018}' | '\u{02bb}' | '\u{02bc}' => out.push('\''),
                'ł' | 'Ł' => out.push('l'),
                'ø' | 'Ø' => out.push('o'),
                'đ' | 'Đ' | 'ð' => out.push('d'),
                'ı' => out.push('i'),
                'ß' => out.push_str("ss"),
                'æ' | 'Æ' => out.push_str("ae"),
                'œ' | 'Œ' => out.push_str("oe"),
                _ if is_combining_mark(c) => {}
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}
