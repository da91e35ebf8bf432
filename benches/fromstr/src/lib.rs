//! Nothing: the benchmarks are in `benches/fromstr.rs`.
