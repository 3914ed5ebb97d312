//! Feature hashing: strings and feature templates become `u64` keys, and hash maps keyed
//! by those keys skip re-hashing.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over bytes, seeded.
pub(crate) fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed.wrapping_mul(0x1000_0000_01b3);
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x1000_0000_01b3);
    }
    h
}

/// Hash of a word's shape: X/x/d for upper, lower and digit, other characters as
/// themselves, runs capped at two, at most 8 symbols ("Su-24M" -> "Xx-ddX").
pub(crate) fn shape_hash(form: &str) -> u64 {
    let mut shape = 0xcbf2_9ce4_8422_2325u64;
    let (mut last, mut run, mut len) = (0u32, 0, 0);
    for c in form.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        } as u32;
        run = if s == last { run + 1 } else { 1 };
        last = s;
        if run <= 2 && len < 8 {
            shape = (shape ^ s as u64).wrapping_mul(0x1000_0000_01b3);
            len += 1;
        }
    }
    shape
}

/// Combines two hashes (order matters).
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(23)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 29)
}

/// A hasher for keys that are already well-mixed `u64`s.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(self.0, bytes);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Builds [`IdHasher`]s.
pub(crate) type IdBuild = BuildHasherDefault<IdHasher>;
