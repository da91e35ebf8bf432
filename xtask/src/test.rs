//! `cargo xtask test`: installs the external tools the tests drive (validators, linters, doc
//! builders) into `target/tools`, then runs every test of the workspace with them on `PATH`.
//!
//! Tools are pinned and installed once; later runs reuse them. Tests that need a tool fail with
//! a message naming this command when the tool is missing, rather than skipping.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};

/// Pinned Python packages, installed into a virtualenv at `target/tools/venv`.
const PYTHON_PACKAGES: &[&str] = &["openapi-spec-validator==0.9.0"];

/// Installs the tools and runs `cargo test --workspace --all-features`.
pub fn run(root: &Path, extra_args: &[String]) -> anyhow::Result<()> {
    let tools = root.join("target").join("tools");
    let bin_dirs = install(&tools)?;
    let path = std::env::join_paths(bin_dirs.into_iter().chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))?;
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

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Installs every tool that is not there yet; returns the folders to put on `PATH`.
fn install(tools: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let venv = tools.join("venv");
    let venv_bin = venv.join("bin");
    let stamp = venv.join("installed.txt");
    let wanted = PYTHON_PACKAGES.join("\n");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
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
    Ok(vec![venv_bin])
}

fn run_tool(command: &mut Command) -> anyhow::Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot run {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok(())
}
