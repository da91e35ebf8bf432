//! The code sets that `benches/fromstr.rs` (wall-clock, divan) and `examples/instructions.rs`
//! (instruction counts, callgrind) parse: every code of a crate in a fixed shuffled order, as owned
//! strings (as a client parsing response bodies has them), and strings that are not codes.

/// The codes in a fixed pseudo-random order, as owned strings.
pub fn shuffled<'a>(codes: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut codes: Vec<String> = codes.map(str::to_owned).collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for index in (1..codes.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        codes.swap(index, (state % (index as u64 + 1)) as usize);
    }
    codes
}

/// Strings that are not codes, of the same lengths as the codes.
pub fn misses(codes: &[String]) -> Vec<String> {
    codes.iter().map(|code| code.replace('_', "-")).collect()
}

/// The ten codes of `catalog.yaml`, shuffled.
pub fn ten_codes() -> Vec<String> {
    shuffled(api_errors::ErrorCode::ALL.iter().map(|code| code.as_str()))
}
