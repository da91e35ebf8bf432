//! `cargo run` writes every output of `catalog.yaml` under the current folder; `cargo run --
//! --check` writes nothing and exits 1 when an output is stale, printing its diff.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let outputs = match error_catalog::generate_file(Path::new("catalog.yaml")) {
        Ok(outputs) => outputs,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let root = match error_catalog::write::RootLock::acquire(Path::new(".")) {
        Ok(root) => root,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = if std::env::args().skip(1).any(|arg| arg == "--check") {
        error_catalog::write::check_all(&root, &outputs).map(|stale| {
            for file in &stale {
                eprintln!("stale: {}\n{}", file.path, file.diff);
            }
            stale.is_empty()
        })
    } else {
        error_catalog::write::write_all(&root, &outputs).map(|written| {
            for path in written {
                eprintln!("updated: {path}");
            }
            true
        })
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            // The message names the file; its source says why.
            eprint!("error: {error}");
            let mut cause = std::error::Error::source(&error);
            while let Some(why) = cause {
                eprint!(": {why}");
                cause = why.source();
            }
            eprintln!();
            ExitCode::FAILURE
        }
    }
}
