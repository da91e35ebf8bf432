//! The committed outputs are what the repository's catalog generates, so `cargo test` alone
//! catches a catalog edited without running the generator (or an output edited by hand). It reads
//! the committed files and needs nothing built from them.

mod support;

#[test]
fn committed_outputs_match_the_catalog() {
    let root = support::repo_root();
    let outputs = support::generate(&support::repo_catalog_path());
    let mut stale = Vec::new();
    for output in &outputs {
        let path = root.join(&output.path);
        match std::fs::read_to_string(&path) {
            Ok(committed) if committed == output.contents => {}
            Ok(committed) => stale.push(format!(
                "stale: {}\n{}",
                output.path,
                support::diff(&output.path, &committed, &output.contents)
            )),
            Err(error) => stale.push(format!("missing: {} ({error})", output.path)),
        }
    }
    assert!(
        stale.is_empty(),
        "{}\n{} of {} outputs are out of date with catalog.yaml; run `cargo xtask codegen`",
        stale.join("\n"),
        stale.len(),
        outputs.len()
    );
}
