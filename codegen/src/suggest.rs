//! The base of every stage, suggestions: "did you mean …?" for misspelled field names and codes.

/// Longest word compared, in characters: names in a catalog are short, and edit distance takes
/// time and memory proportional to the product of the two lengths.
const MAX_WORD_CHARS: usize = 64;

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let chars = word.chars().count();
    if chars > MAX_WORD_CHARS {
        return None;
    }
    let limit = (chars / 3).max(1);
    candidates
        .iter()
        .filter(|candidate| candidate.chars().count().abs_diff(chars) <= limit)
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

    #[test]
    fn long_words_get_no_suggestion() {
        let long = "a".repeat(100_000);
        assert_eq!(closest(&long, &["code", &long]), None);
    }
}
