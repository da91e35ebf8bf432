//! Stage 4, emit: the generated crate's `Cargo.toml`.

use crate::emit::header;
use crate::model::Catalog;

/// The oldest Rust the generated crate builds with (`core::error::Error` is stable since 1.81).
pub const RUST_VERSION: &str = "1.81";

/// The generated crate's `Cargo.toml`.
pub fn cargo_toml(catalog: &Catalog) -> String {
    let package = &catalog.package;
    let string = |value: &str| toml_writer::ToTomlValue::to_toml_value(value);
    format!(
        r#"{header}
[package]
name = {name}
version = {version}
edition = "2021"
rust-version = "{RUST_VERSION}"
description = {description}
license = {license}
repository = {repository}
keywords = ["http", "api", "errors", "error-codes"]
categories = ["web-programming", "no-std"]

[features]
default = ["std"]
## The standard library; implies `alloc`.
std = ["alloc", "serde?/std"]
## `ErrorBody`, the JSON envelope, which owns its strings.
alloc = ["serde?/alloc"]
## `Serialize`/`Deserialize` for `ErrorCode` and `ErrorBody`, written out, not derived.
serde = ["dep:serde"]
## `From<ErrorCode> for http::StatusCode`, and `headers`: reading `Retry-After`.
http = ["dep:http", "dep:httpdate", "std"]
## `IntoResponse` for `ErrorCode` and `ErrorBody`, with the rate-limit headers.
axum = ["http", "serde", "std", "dep:axum-core", "dep:serde_json"]

[dependencies]
axum-core = {{ version = "0.5", optional = true }}
http = {{ version = "1", optional = true }}
httpdate = {{ version = "1", optional = true }}
serde = {{ version = "1.0.194", optional = true, default-features = false }}
serde_json = {{ version = "1", optional = true }}

[dev-dependencies]
serde_json = "1"

[package.metadata.docs.rs]
all-features = true
rustdoc-args = ["--cfg", "docsrs"]
"#,
        header = header("#"),
        name = string(&package.name),
        version = string(&package.version.to_string()),
        description = string(&package.description),
        license = string(&package.license),
        repository = string(&package.repository),
    )
}
