//! Stage 4, emit: the perfect hash behind `ErrorCode::lookup` in catalogs with more codes than a
//! `match` serves well. It is found here, once, when the crate is generated, and emitted as
//! static tables and two small functions: the generated crate needs no dependency and no
//! proc-macro for it, and a parse costs one hash of the string, two table reads and one string
//! comparison, known codes and unknown strings alike.
//!
//! The scheme is "hash and displace" with one pilot per bucket, as in PTHash (Pibiri and
//! Trani, SIGIR 2021): every code's hash picks a bucket; each bucket has a pilot, a small
//! number mixed into the hashes of its codes so that they land in slots no other code holds.
//! Buckets are placed largest first, each with the first pilot that fits. No crate fits here:
//! `phf_generator` computes its tables for SipHash-1-3, the hash of std's `HashMap`, whose cost
//! is what this lookup exists to beat, and the `phf` runtime would be a dependency of every
//! user.
//!
//! [`hash`], [`bucket`] and [`slot_of`] place the codes here; [`lookup_items`] writes the same
//! arithmetic, with the same constants, into the crate. The generated crates' tests parse every
//! code of a catalog with more codes than `MATCH_LIMIT` back through the crate's copy, so the
//! two cannot drift apart unnoticed.

use quote::quote;

use super::syntax::items;
use crate::emit::EmitError;

/// The multiplier of the hash's rounds: 2^64 divided by the golden ratio, odd.
const ROUND: u64 = 0x9E37_79B9_7F4A_7C15;
/// The multiplier that spreads a pilot over the low half of a hash.
const PILOT_MIX: u64 = 0xC6BC_2796_92B5_C323;
/// How far each round rotates the hash, so that the next word meets its high bits.
const ROTATION: u32 = 29;
/// The multipliers of murmur3's 64-bit finalizer.
const FINAL_MIX: [u64; 2] = [0xFF51_AFD7_ED55_8CCD, 0xC4CE_B9FE_1A85_EC53];
/// Codes per bucket, on average: fewer buckets make smaller tables, more make placing quicker.
const CODES_PER_BUCKET: usize = 4;
/// Seeds tried before giving up; with these table sizes the first one almost always serves.
const MAX_SEEDS: u64 = 64;

/// The tables of a perfect hash of a set of strings: for every `s` in it, the slot that `s`
/// hashes to under `seed` and its bucket's pilot holds the index of `s` in the set. The crate's `SLOTS` holds each slot's string
/// and code rather than the index, so a lookup reads one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PerfectHash {
    /// The hash's seed.
    pub seed: u64,
    /// One pilot per bucket.
    pub pilots: Vec<u16>,
    /// The index of the string in each slot; a free slot holds 0, whose string then fails the
    /// comparison that follows every lookup (a string that is the first key has a slot of its
    /// own).
    pub slots: Vec<u16>,
}

/// The hash of `bytes` under `seed`: eight bytes at a time, each word mixed in with a multiply
/// and a rotation, then murmur3's 64-bit finalizer, so that every input bit reaches every bit
/// of the hash (its high half picks the bucket; all of it, with the pilot, the slot).
pub(super) fn hash(seed: u64, bytes: &[u8]) -> u64 {
    let mut hash = seed ^ (bytes.len() as u64).wrapping_mul(ROUND);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut buffer = [0; 8];
        buffer.copy_from_slice(word);
        hash = (hash ^ u64::from_le_bytes(buffer))
            .wrapping_mul(ROUND)
            .rotate_left(ROTATION);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut buffer = [0; 8];
        buffer[..rest.len()].copy_from_slice(rest);
        hash = (hash ^ u64::from_le_bytes(buffer))
            .wrapping_mul(ROUND)
            .rotate_left(ROTATION);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(FINAL_MIX[0]);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(FINAL_MIX[1]);
    hash ^ (hash >> 33)
}

/// The bucket of a hash among `buckets`: its high half, scaled (no division).
fn bucket(hash: u64, buckets: usize) -> usize {
    (((hash >> 32) * buckets as u64) >> 32) as usize
}

/// The slot of a hash among `slots` under its bucket's pilot: the hash with the pilot mixed in
/// and multiplied, its high half scaled. The multiply matters: scaling keeps the high bits, and
/// two codes whose hashes agree there would agree whatever was mixed in by `^` alone.
fn slot_of(hash: u64, pilot: u16, slots: usize) -> usize {
    let mixed = (hash ^ u64::from(pilot).wrapping_mul(PILOT_MIX)).wrapping_mul(ROUND);
    (((mixed >> 32) * slots as u64) >> 32) as usize
}

/// The slot of `bytes` in the tables: what the generated `lookup` computes.
#[cfg(test)]
fn slot(tables: &PerfectHash, bytes: &[u8]) -> usize {
    let hash = hash(tables.seed, bytes);
    let pilot = tables.pilots[bucket(hash, tables.pilots.len())];
    slot_of(hash, pilot, tables.slots.len())
}

/// Finds a perfect hash of `keys`, which are distinct and at most `u16::MAX` + 1. The same keys
/// give the same tables on every machine: the seeds are tried in a fixed order.
pub(super) fn build(keys: &[&str]) -> Result<PerfectHash, EmitError> {
    if keys.len() > usize::from(u16::MAX) + 1 {
        return Err(EmitError::Model(format!(
            "{} codes are more than a perfect hash of 16-bit indices holds",
            keys.len()
        )));
    }
    let buckets = keys.len().div_ceil(CODES_PER_BUCKET).max(1);
    // A few free slots make the last buckets quick to place.
    let slots = keys.len() + keys.len() / 64 + 1;
    for attempt in 1..=MAX_SEEDS {
        let seed = attempt.wrapping_mul(ROUND);
        if let Some(tables) = place(keys, seed, buckets, slots) {
            return Ok(tables);
        }
    }
    Err(EmitError::Model(format!(
        "no perfect hash of {} codes found in {MAX_SEEDS} seeds",
        keys.len()
    )))
}

/// Places every bucket under `seed`, largest first; `None` when one cannot be placed (two codes
/// with the same hash, or a bucket that no pilot fits).
fn place(keys: &[&str], seed: u64, buckets: usize, slots: usize) -> Option<PerfectHash> {
    let hashes: Vec<u64> = keys.iter().map(|key| hash(seed, key.as_bytes())).collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); buckets];
    for (index, &hash) in hashes.iter().enumerate() {
        members[bucket(hash, buckets)].push(index);
    }
    let mut order: Vec<usize> = (0..buckets).collect();
    // Largest first; ties in bucket order, so the result does not depend on the sort.
    order.sort_by_key(|&bucket| (std::cmp::Reverse(members[bucket].len()), bucket));

    let mut taken = vec![false; slots];
    let mut table = vec![0u16; slots];
    let mut pilots = vec![0u16; buckets];
    let mut tried: Vec<usize> = Vec::with_capacity(CODES_PER_BUCKET * 4);
    for bucket in order {
        let codes = &members[bucket];
        if codes.is_empty() {
            break;
        }
        let fits = (0..=u16::MAX).find(|&pilot| {
            tried.clear();
            codes.iter().all(|&index| {
                let slot = slot_of(hashes[index], pilot, slots);
                let free = !taken[slot] && !tried.contains(&slot);
                tried.push(slot);
                free
            })
        })?;
        pilots[bucket] = fits;
        for &index in codes {
            let slot = slot_of(hashes[index], fits, slots);
            taken[slot] = true;
            // At most u16::MAX + 1 keys (checked by `build`), so every index fits.
            table[slot] = u16::try_from(index).ok()?;
        }
    }
    Some(PerfectHash {
        seed,
        pilots,
        slots: table,
    })
}

/// `ErrorCode::perfect_hash` and `ErrorCode::perfect_hash_slot`, behind `ErrorCode::lookup`,
/// in an `impl` block of their own: the same
/// arithmetic as [`hash`], [`bucket`] and [`slot_of`], with the same constants, written into
/// the crate.
pub(super) fn lookup_items() -> Result<Vec<syn::Item>, EmitError> {
    let (round, pilot_mix) = (hex_literal(ROUND), hex_literal(PILOT_MIX));
    let (mix_0, mix_1) = (hex_literal(FINAL_MIX[0]), hex_literal(FINAL_MIX[1]));
    let rotation = proc_macro2::Literal::u32_unsuffixed(ROTATION);
    items(quote! {
        impl ErrorCode {
            /// The hash of a code string: eight bytes at a time, then murmur3's finalizer. `SEED`,
            /// `PILOTS` and `SLOTS` were found by `cargo xtask codegen` so that every code has a
            /// slot of its own.
            #[inline]
            fn perfect_hash(bytes: &[u8]) -> u64 {
                const ROUND: u64 = #round;
                let mut hash = SEED ^ (bytes.len() as u64).wrapping_mul(ROUND);
                let mut words = bytes.chunks_exact(8);
                for word in &mut words {
                    let mut buffer = [0; 8];
                    buffer.copy_from_slice(word);
                    hash = (hash ^ u64::from_le_bytes(buffer)).wrapping_mul(ROUND).rotate_left(#rotation);
                }
                let rest = words.remainder();
                if !rest.is_empty() {
                    let mut buffer = [0; 8];
                    buffer[..rest.len()].copy_from_slice(rest);
                    hash = (hash ^ u64::from_le_bytes(buffer)).wrapping_mul(ROUND).rotate_left(#rotation);
                }
                hash ^= hash >> 33;
                hash = hash.wrapping_mul(#mix_0);
                hash ^= hash >> 33;
                hash = hash.wrapping_mul(#mix_1);
                hash ^ (hash >> 33)
            }

            /// The slot in `SLOTS` of the only code that `code` can be: the high half of its hash
            /// picks a bucket, whose pilot, mixed into the hash, moves it to a slot of its own.
            #[inline]
            fn perfect_hash_slot(code: &str) -> usize {
                let hash = ErrorCode::perfect_hash(code.as_bytes());
                let bucket = ((hash >> 32) * PILOTS.len() as u64) >> 32;
                let pilot = u64::from(PILOTS[bucket as usize]);
                let mixed = (hash ^ pilot.wrapping_mul(#pilot_mix)).wrapping_mul(#round);
                (((mixed >> 32) * SLOTS.len() as u64) >> 32) as usize
            }
        }
    })
}

/// `0x0123_4567_89AB_CDEF`: a 64-bit constant as the crate's source writes it.
pub(super) fn hex_literal(value: u64) -> proc_macro2::Literal {
    let digits = format!("{value:016X}");
    let grouped = format!(
        "0x{}_{}_{}_{}",
        &digits[..4],
        &digits[4..8],
        &digits[8..12],
        &digits[12..]
    );
    // A hexadecimal integer always lexes as a literal.
    grouped
        .parse()
        .unwrap_or_else(|_| proc_macro2::Literal::u64_unsuffixed(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(count: usize) -> Vec<String> {
        (0..count)
            .map(|index| format!("code_{index}_{}", "x".repeat(index % 23)))
            .collect()
    }

    #[test]
    fn every_key_has_a_slot_of_its_own_and_finds_itself() {
        for count in [1, 2, 3, 4, 5, 8, 33, 40, 41, 64, 100, 1_000, 20_000] {
            let keys = keys(count);
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let tables = build(&keys).expect("a perfect hash");
            let mut seen = std::collections::HashSet::new();
            for (index, key) in keys.iter().enumerate() {
                let slot = slot(&tables, key.as_bytes());
                assert!(
                    seen.insert(slot),
                    "{count} keys: two keys share slot {slot}"
                );
                assert_eq!(
                    usize::from(tables.slots[slot]),
                    index,
                    "{count} keys: {key}"
                );
            }
        }
    }

    #[test]
    fn more_keys_than_16_bit_indices_hold_are_refused_and_the_most_are_not() {
        let keys = keys(usize::from(u16::MAX) + 2);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        match build(&keys) {
            Err(EmitError::Model(message)) => assert!(
                message.contains("more than a perfect hash of 16-bit indices holds"),
                "{message}"
            ),
            other => panic!("{other:?}"),
        }
        assert!(build(&keys[..keys.len() - 1]).is_ok());
    }

    #[test]
    fn the_same_keys_give_the_same_tables() {
        let keys = keys(500);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        assert_eq!(build(&keys).unwrap(), build(&keys).unwrap());
    }

    #[test]
    fn every_input_byte_and_the_length_change_the_hash() {
        let base = b"rate_limited_by_the_gateway".to_vec();
        let reference = hash(1, &base);
        for at in 0..base.len() {
            let mut changed = base.clone();
            changed[at] ^= 1;
            assert_ne!(hash(1, &changed), reference, "byte {at}");
        }
        assert_ne!(hash(1, b"ab"), hash(1, b"ab\0"));
        assert_ne!(hash(1, b""), hash(2, b""));
    }
}
