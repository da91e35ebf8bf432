//! Instructions per parse at ten codes, counted by callgrind: a parse takes about 2 ns, and at
//! that size wall-clock figures move by ±15% with code layout between builds, while instruction
//! counts do not move at all.
//!
//! ```sh
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/bench-fromstr/release/examples/instructions PARSER [ROUNDS]
//! ```
//!
//! Parses the ten codes (or, for the `*-unknown` parsers, ten strings that are not codes) ROUNDS
//! times. `none` runs the same loop without parsing: the instructions per parse are
//! `(total(PARSER) - total(none)) / (ROUNDS * 10)`. `benches/run.sh` does that arithmetic. Each
//! result is consumed as a caller would: the code of a known string, the error of an unknown one
//! (which is therefore built in full).

use std::hint::black_box;
use std::str::FromStr;

use fromstr_bench::{misses, ten_codes};

fn run<T>(codes: &[String], rounds: usize, parse: impl Fn(&str) -> T) {
    for _ in 0..rounds {
        for code in codes {
            black_box(parse(black_box(code)));
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let parser = args.next().unwrap_or_default();
    let rounds: usize = args.next().map_or(100_000, |rounds| {
        rounds.parse().expect("ROUNDS is a number")
    });
    let known = ten_codes();
    let unknown = misses(&known);
    use api_errors::ErrorCode as Generated;
    use handwritten_peer::ErrorCode as Strum;
    match parser.as_str() {
        "none" => run(&known, rounds, str::len),
        "generated" => run(&known, rounds, |code| Generated::from_str(code).ok()),
        "generated-from-code" => run(&known, rounds, Generated::from_code),
        "strum" => run(&known, rounds, |code| Strum::from_str(code).ok()),
        "generated-unknown" => run(&unknown, rounds, |code| Generated::from_str(code).err()),
        "generated-from-code-unknown" => run(&unknown, rounds, Generated::from_code),
        "strum-unknown" => run(&unknown, rounds, |code| Strum::from_str(code).err()),
        other => {
            eprintln!(
                "unknown parser `{other}`: none, generated, generated-from-code, strum, \
                 generated-unknown, generated-from-code-unknown, strum-unknown"
            );
            std::process::exit(64);
        }
    }
}
