//! A fast hasher for the maps of one file's own values (group keys, a
//! column's labels): SipHash, the standard one, resists keys chosen to
//! collide, which a person's own workbook read in their own browser has no
//! reason to hold, and was most of the time a million-row grouping took.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// murmur3's 64-bit finaliser over each 8 bytes written: every input bit
/// reaches the low bits a table indexes by (dates' f64 bits end in zeros).
pub struct FastHasher(u64);

impl Default for FastHasher {
    /// Not zero: the finaliser maps 0 to 0, so leading zero words would
    /// leave a zero state as it was.
    fn default() -> Self {
        FastHasher(0x9e37_79b9_7f4a_7c15)
    }
}

impl FastHasher {
    fn mix(&mut self, n: u64) {
        let mut h = n ^ self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^= h >> 33;
        self.0 = h;
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length, so "a" and "a\0" differ.
            self.mix(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` hashed by [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash_of(value: impl Hash) -> u64 {
        BuildHasherDefault::<FastHasher>::default().hash_one(value)
    }

    #[test]
    fn texts_that_differ_hash_apart() {
        let texts = [
            "",
            "a",
            "a\0",
            "b",
            "north",
            "North",
            "south-east",
            "south-eas",
            "12345678",
            "123456789",
            "\0\0\0\0\0\0\0\0abc",
            "abc",
        ];
        let mut hashes: Vec<u64> = texts.iter().map(hash_of).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), texts.len());
        assert_eq!(hash_of("north"), hash_of(String::from("north")));
    }

    #[test]
    fn a_map_of_many_keys_finds_each() {
        let mut map = FastMap::default();
        for i in 0..10_000u64 {
            map.insert(format!("label {i}"), i);
            map.insert(format!("{}", (i as f64).to_bits()), i);
        }
        for i in 0..10_000u64 {
            assert_eq!(map.get(format!("label {i}").as_str()), Some(&i));
        }
    }
}
