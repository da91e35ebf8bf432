//! `FromStr` of generated crates against the alternatives, measured in the same run.
//!
//! Each benchmark parses every code of its set once per iteration, in a fixed shuffled order, from
//! owned strings (as a client parsing response bodies does); divan reports the time per iteration
//! and, with the item counter, per parse.

use std::str::FromStr;

use divan::counter::ItemsCount;
use divan::{black_box, Bencher};
use fromstr_bench::{misses, shuffled};

fn main() {
    divan::main();
}

mod ten_codes {
    use super::*;

    fn codes() -> Vec<String> {
        fromstr_bench::ten_codes()
    }

    /// The generated crate's `FromStr`: a `match` on the string at this size.
    #[divan::bench]
    fn generated(bencher: Bencher) {
        let codes = codes();
        bencher.counter(ItemsCount::new(codes.len())).bench(|| {
            for code in &codes {
                black_box(api_errors::ErrorCode::from_str(black_box(code)).ok());
            }
        });
    }

    /// The generated crate's allocation-free lookup, `ErrorCode::from_code`.
    #[divan::bench]
    fn generated_from_code(bencher: Bencher) {
        let codes = codes();
        bencher.counter(ItemsCount::new(codes.len())).bench(|| {
            for code in &codes {
                black_box(api_errors::ErrorCode::from_code(black_box(code)));
            }
        });
    }

    /// strum's `EnumString` on the same codes: a `match` on the string.
    #[divan::bench]
    fn strum_enum_string(bencher: Bencher) {
        let codes = codes();
        bencher.counter(ItemsCount::new(codes.len())).bench(|| {
            for code in &codes {
                black_box(handwritten_peer::ErrorCode::from_str(black_box(code)).ok());
            }
        });
    }

    /// Unknown strings: the generated crate (its error keeps the string inline).
    #[divan::bench]
    fn generated_unknown(bencher: Bencher) {
        let codes = misses(&codes());
        bencher.counter(ItemsCount::new(codes.len())).bench(|| {
            for code in &codes {
                black_box(api_errors::ErrorCode::from_str(black_box(code)).err());
            }
        });
    }

    /// Unknown strings: the generated crate's allocation-free lookup, `ErrorCode::from_code`.
    #[divan::bench]
    fn generated_unknown_from_code(bencher: Bencher) {
        let codes = misses(&codes());
        bencher.counter(ItemsCount::new(codes.len())).bench(|| {
            for code in &codes {
                black_box(api_errors::ErrorCode::from_code(black_box(code)).is_none());
            }
        });
    }

    /// Unknown strings: strum (its error is a unit value).
    #[divan::bench]
    fn strum_unknown(bencher: Bencher) {
        let codes = misses(&codes());
        bencher.counter(ItemsCount::new(codes.len())).bench(|| {
            for code in &codes {
                black_box(handwritten_peer::ErrorCode::from_str(black_box(code)).err());
            }
        });
    }
}

mod ten_thousand_codes {
    use super::*;
    use api_errors_synth::ErrorCode;

    fn codes() -> Vec<String> {
        assert_eq!(
            ErrorCode::ALL.len(),
            10_000,
            "regenerate the synthetic crate"
        );
        shuffled(ErrorCode::ALL.iter().map(|code| code.as_str()))
    }

    /// The generated crate's `FromStr`: a perfect hash found at codegen time, in static tables.
    #[divan::bench]
    fn generated(bencher: Bencher) {
        let codes = codes();
        bencher.counter(ItemsCount::new(codes.len())).bench(|| {
            for code in &codes {
                black_box(ErrorCode::from_str(black_box(code)).ok());
            }
        });
    }

    /// A plain binary search over a sorted `Vec<(&str, ErrorCode)>` built here: what the
    /// generated crate did before its perfect hash.
    #[divan::bench]
    fn plain_binary_search(bencher: Bencher) {
        let codes = codes();
        let mut table: Vec<(&'static str, ErrorCode)> = ErrorCode::ALL
            .iter()
            .map(|&code| (code.as_str(), code))
            .collect();
        table.sort_unstable_by_key(|&(code, _)| code);
        bencher.counter(ItemsCount::new(codes.len())).bench(|| {
            for code in &codes {
                let code = black_box(code.as_str());
                black_box(
                    table
                        .binary_search_by(|(candidate, _)| (*candidate).cmp(code))
                        .ok()
                        .map(|index| table[index].1),
                );
            }
        });
    }

    /// A std `HashMap<&str, ErrorCode>` built here: the speed to match.
    #[divan::bench]
    fn std_hash_map(bencher: Bencher) {
        let codes = codes();
        let table: std::collections::HashMap<&'static str, ErrorCode> = ErrorCode::ALL
            .iter()
            .map(|&code| (code.as_str(), code))
            .collect();
        bencher.counter(ItemsCount::new(codes.len())).bench(|| {
            for code in &codes {
                black_box(table.get(black_box(code.as_str())).copied());
            }
        });
    }

    /// Unknown strings: the generated crate's `FromStr`, which builds its error.
    #[divan::bench]
    fn generated_unknown(bencher: Bencher) {
        let codes = misses(&codes());
        bencher.counter(ItemsCount::new(codes.len())).bench(|| {
            for code in &codes {
                black_box(ErrorCode::from_str(black_box(code)).err());
            }
        });
    }

    /// Unknown strings: the std `HashMap`.
    #[divan::bench]
    fn std_hash_map_unknown(bencher: Bencher) {
        let codes = misses(&codes());
        let table: std::collections::HashMap<&'static str, ErrorCode> = ErrorCode::ALL
            .iter()
            .map(|&code| (code.as_str(), code))
            .collect();
        bencher.counter(ItemsCount::new(codes.len())).bench(|| {
            for code in &codes {
                black_box(table.get(black_box(code.as_str())).copied());
            }
        });
    }
}
