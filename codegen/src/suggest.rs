//! "Did you mean …?" for misspelled field names.

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), *candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_only_near_misses() {
        let fields = ["code", "status", "cause", "remedy", "retryable"];
        assert_eq!(closest("remdy", &fields), Some("remedy"));
        assert_eq!(closest("stauts", &fields), Some("status"));
        assert_eq!(closest("description", &fields), None);
    }
}
