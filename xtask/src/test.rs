//! `cargo xtask test`: installs the external tools the tests drive (validators, linters, doc
//! builders) into `target/tools` (under `$CARGO_TARGET_DIR` when that is set), then runs every
//! test of the workspace with them on `PATH`. `cargo xtask tools` only installs them and prints
//! the `PATH` additions, for CI steps that call the tools directly.
//!
//! Tools are pinned and installed once; later runs compare a stamp per tool and reuse them, so a
//! run with everything installed touches no registry. Tests that need a tool fail with a message
//! naming this command when the tool is missing, rather than skipping.
//!
//! | Tool | From | Into |
//! | --- | --- | --- |
//! | `openapi-spec-validator` | PyPI | `target/tools/venv` |
//! | `redocly` (`@redocly/cli`), `markdownlint-cli2`, `spectral` (`@stoplight/spectral-cli` with `@stoplight/spectral-owasp-ruleset`) | npm, pinned by `xtask/tools/package-lock.json` | `target/tools/node` |
//! | `mdbook` | crates.io | `target/tools/bin` |
//! | `cargo-semver-checks` | crates.io | `target/tools/bin` |
//! | Rust at the generated crate's `rust-version` (1.81.0), and the crates it builds with, in that cargo's own cache | rustup, crates.io | rustup's toolchains, `$CARGO_HOME` |

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};

/// Pinned Python packages, installed into a virtualenv at `target/tools/venv`.
const PYTHON_PACKAGES: &[&str] = &["openapi-spec-validator==0.9.0"];

/// The npm tools: `@redocly/cli` 2.77.0, `markdownlint-cli2` 0.22.1 (the newest that runs on
/// Node 20), and `@stoplight/spectral-cli` 6.16.3 with `@stoplight/spectral-owasp-ruleset` 2.0.1;
/// every transitive package pinned by the lock file and installed with `npm ci`.
const NPM_PACKAGE_JSON: &str = include_str!("../tools/package.json");
const NPM_PACKAGE_LOCK: &str = include_str!("../tools/package-lock.json");

/// mdBook, built from crates.io with its lock file; no default features (the server, file
/// watcher and search index are not needed to build the docs).
const MDBOOK_VERSION: &str = "0.5.4";

/// cargo-semver-checks, built from crates.io with its lock file: `cargo xtask diff` compares the
/// generated crate's API with it, and reads its report, whose wording is this version's.
pub const SEMVER_CHECKS_VERSION: &str = "0.51.0";

/// Installs the tools and runs `cargo test --workspace --all-features`.
pub fn run(root: &Path, extra_args: &[String]) -> anyhow::Result<()> {
    let path = path_with(install(root, &tools_dir(root))?)?;
    let status = Command::new(cargo())
        .current_dir(root)
        .args(["test", "--workspace", "--all-features"])
        .args(extra_args)
        .env("PATH", path)
        .status()
        .context("cannot run cargo test")?;
    if !status.success() {
        bail!("tests failed");
    }
    Ok(())
}

/// Installs the tools and prints the folders to put before `PATH`, joined like `PATH`, on
/// stdout: `PATH="$(cargo xtask tools):$PATH"`.
pub fn tools(root: &Path) -> anyhow::Result<()> {
    let dirs = install(root, &tools_dir(root))?;
    let joined = std::env::join_paths(dirs)?;
    println!("{}", joined.to_string_lossy());
    Ok(())
}

/// `tools` in cargo's target folder.
pub fn tools_dir(root: &Path) -> PathBuf {
    target_dir(root).join("tools")
}

/// Cargo's target folder: `$CARGO_TARGET_DIR` when set (relative to the current folder if
/// relative, as cargo takes it), else `target/` in the repository.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .map_or_else(
            || root.join("target"),
            |dir| std::path::absolute(&dir).unwrap_or(dir),
        )
}

/// `PATH` with the given folders first.
fn path_with(dirs: Vec<PathBuf>) -> anyhow::Result<OsString> {
    let current = std::env::var_os("PATH").unwrap_or_default();
    Ok(std::env::join_paths(
        dirs.into_iter().chain(std::env::split_paths(&current)),
    )?)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Installs every tool that is not there yet; returns the folders to put on `PATH`.
fn install(root: &Path, tools: &Path) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(tools).with_context(|| format!("cannot create {}", tools.display()))?;
    let tools = tools
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", tools.display()))?;
    let mut dirs = vec![
        install_python(&tools)?,
        install_npm(&tools)?,
        install_mdbook(&tools)?,
        install_semver_checks(&tools)?,
    ];
    install_msrv(root, &tools)?;
    // The crates.io tools share `bin`.
    dirs.dedup();
    Ok(dirs)
}

/// What a stamp file must hold for an installation to count as done.
fn is_current(stamp: &Path, wanted: &str) -> bool {
    std::fs::read_to_string(stamp).ok().as_deref() == Some(wanted)
}

fn install_python(tools: &Path) -> anyhow::Result<PathBuf> {
    let venv = tools.join("venv");
    let venv_bin = venv.join("bin");
    let stamp = venv.join("installed.txt");
    let wanted = PYTHON_PACKAGES.join("\n");
    if !is_current(&stamp, &wanted) {
        eprintln!(
            "installing {} into {}",
            PYTHON_PACKAGES.join(", "),
            venv.display()
        );
        run_tool(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
        run_tool(
            Command::new(venv_bin.join("pip"))
                .args(["install", "--quiet", "--disable-pip-version-check"])
                .args(PYTHON_PACKAGES),
        )?;
        std::fs::write(&stamp, wanted)?;
    }
    Ok(venv_bin)
}

fn install_npm(tools: &Path) -> anyhow::Result<PathBuf> {
    let prefix = tools.join("node");
    let bin = prefix.join("node_modules").join(".bin");
    let stamp = prefix.join("installed.txt");
    let wanted = format!("{NPM_PACKAGE_JSON}\n{NPM_PACKAGE_LOCK}");
    if !is_current(&stamp, &wanted) {
        eprintln!(
            "installing the npm tools of xtask/tools/package.json into {}",
            prefix.display()
        );
        std::fs::create_dir_all(&prefix)?;
        std::fs::write(prefix.join("package.json"), NPM_PACKAGE_JSON)?;
        std::fs::write(prefix.join("package-lock.json"), NPM_PACKAGE_LOCK)?;
        run_tool(
            Command::new("npm")
                // Spectral depends on `@scarf/scarf`, whose install script reports usage
                // unless told not to.
                .env("SCARF_ANALYTICS", "false")
                .env("DO_NOT_TRACK", "1")
                .arg("ci")
                .arg("--prefix")
                .arg(&prefix)
                .args(["--no-audit", "--no-fund", "--loglevel=error"]),
        )?;
        std::fs::write(&stamp, wanted)?;
    }
    Ok(bin)
}

fn install_mdbook(tools: &Path) -> anyhow::Result<PathBuf> {
    install_crate(tools, "mdbook", MDBOOK_VERSION, &["--no-default-features"])
}

fn install_semver_checks(tools: &Path) -> anyhow::Result<PathBuf> {
    install_crate(tools, "cargo-semver-checks", SEMVER_CHECKS_VERSION, &[])
}

/// `cargo install`s a binary crate at a pinned version, with its lock file, into
/// `tools/bin` (the binary is named like the crate); a stamp per crate records what is there.
fn install_crate(
    tools: &Path,
    name: &str,
    version: &str,
    flags: &[&str],
) -> anyhow::Result<PathBuf> {
    let bin = tools.join("bin");
    let stamp = tools.join(format!("{name}-installed.txt"));
    let wanted = [name, version, "--locked"]
        .iter()
        .chain(flags)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if !(is_current(&stamp, &wanted) && bin.join(name).is_file()) {
        eprintln!("installing {name} {version} into {}", bin.display());
        run_tool(
            Command::new(cargo())
                .args(["install", name, "--version", version, "--locked"])
                .args(flags)
                .arg("--root")
                .arg(tools),
        )?;
        std::fs::write(&stamp, wanted)?;
    }
    Ok(bin)
}

/// The rustup toolchain of the generated crate's `rust-version`: `1.81` is `1.81.0`.
pub fn msrv_toolchain() -> String {
    let version = error_catalog::emit::rust::RUST_VERSION;
    if version.matches('.').count() == 1 {
        format!("{version}.0")
    } else {
        version.to_owned()
    }
}

/// Installs Rust at the generated crate's `rust-version` with rustup, for the test that builds
/// the crate with it (`tests/api-errors-tests/tests/cargo_checks.rs`). That cargo keeps an index
/// cache of its own, which newer cargos' caches do not fill, so it also fetches the crate's
/// dependencies once (at the versions of the repository's `Cargo.lock`), and the test builds
/// offline. Done again when `Cargo.lock` changes.
fn install_msrv(root: &Path, tools: &Path) -> anyhow::Result<()> {
    let toolchain = msrv_toolchain();
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).context("cannot read Cargo.lock")?;
    let stamp = tools.join("msrv-installed.txt");
    let wanted = format!("{toolchain}\n{lock}");
    if is_current(&stamp, &wanted) {
        return Ok(());
    }
    eprintln!("installing Rust {toolchain} (the generated crate's rust-version) with rustup");
    run_tool(
        Command::new("rustup")
            .args(["toolchain", "install", &toolchain])
            .args(["--profile", "minimal", "--no-self-update"]),
    )
    .context("rustup installs the generated crate's minimum Rust; is rustup on PATH?")?;

    // The generated crate as a package of its own, with the repository's lock file.
    let catalog = error_catalog::load_file(&root.join("catalog.yaml"))?;
    let outputs = error_catalog::emit::outputs(&catalog)?;
    let prefix = format!(
        "{}/",
        error_catalog::emit::paths::crate_dir(&catalog.package.name)
    );
    let dir = tools.join("msrv-fetch");
    let _ = std::fs::remove_dir_all(&dir);
    for output in &outputs {
        let Some(relative) = output.path.strip_prefix(&prefix) else {
            continue;
        };
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir))?;
        let mut contents = output.contents.clone();
        if relative == "Cargo.toml" {
            contents.push_str("\n[workspace]\n");
        }
        std::fs::write(&path, contents)?;
    }
    std::fs::write(dir.join("Cargo.lock"), &lock)?;
    run_tool(
        Command::new("rustup")
            .args(["run", &toolchain, "cargo", "fetch"])
            .current_dir(&dir)
            // That toolchain's own cargo and rustc, not the ones running this.
            .env_remove("CARGO")
            .env_remove("RUSTC")
            .env_remove("RUSTDOC"),
    )?;
    std::fs::write(&stamp, wanted)?;
    Ok(())
}

/// Runs an installer, its output on stderr so that stdout stays the `PATH` of `cargo xtask tools`.
fn run_tool(command: &mut Command) -> anyhow::Result<()> {
    let status = command
        .stdout(std::io::stderr())
        .status()
        .with_context(|| format!("cannot run {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok(())
}
