//! An example API server that answers with `api-errors`, for the loopback tests and `cargo run
//! --example server`.
//!
//! Handlers return [`ErrorCode`] or [`ErrorBody`] as their error; the crate's `IntoResponse`
//! impls give each response the catalog's status, `content-type: application/json` and the
//! envelope, with no glue here.

use std::collections::HashMap;
use std::time::Duration;

use api_errors::{DeleteSessionError, ErrorBody, ErrorCode, GetSessionError};
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

/// The session that exists in this example.
pub const KNOWN_SESSION: &str = "s1";

/// The API key this example accepts, as sent in `Authorization: Bearer …`.
pub const API_KEY: &str = "fmk_example";

/// The example API's routes.
pub fn app() -> Router {
    Router::new()
        .route("/sessions/{id}", get(session).delete(delete_session))
        .route("/logs", get(logs))
        .route("/search", get(search))
        .route("/public-api", get(public_api))
        .route("/upstream", get(upstream))
}

/// Serves [`app`] on `listener` until the process ends.
pub async fn serve(listener: TcpListener) -> std::io::Result<()> {
    axum::serve(listener, app()).await
}

/// `GET /sessions/{id}` (`getSession`): needs the API key; only [`KNOWN_SESSION`] exists. Its
/// error type holds only the codes the catalog lists for the operation.
async fn session(headers: HeaderMap, Path(id): Path<String>) -> Result<String, GetSessionError> {
    if !authorized(&headers) {
        return Err(GetSessionError::Unauthorized);
    }
    if id == KNOWN_SESSION {
        Ok(format!("session {id}"))
    } else {
        Err(GetSessionError::NotFound)
    }
}

/// `DELETE /sessions/{id}?mode=reset|delete` (`deleteSession`).
async fn delete_session(
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<&'static str, DeleteSessionError> {
    if !authorized(&headers) {
        return Err(DeleteSessionError::Unauthorized);
    }
    if id != KNOWN_SESSION {
        return Err(DeleteSessionError::NotFound);
    }
    match query.get("mode").map(String::as_str) {
        Some("reset") => Ok("reset"),
        Some("delete") => Ok("deleted"),
        _ => Err(DeleteSessionError::InvalidMode),
    }
}

/// `GET /logs`: always over the rate limit, answered with the bare code: the response asks to
/// wait the policy's whole window.
async fn logs() -> Result<String, ErrorCode> {
    Err(ErrorCode::RateLimited)
}

/// How long `GET /search` asks to wait.
pub const SEARCH_RETRY_AFTER: Duration = Duration::from_millis(12_500);

/// `GET /search`: over the rate limit, with the time left until the quota resets, as a limiter
/// knows it.
async fn search() -> Result<String, ErrorBody> {
    Err(ErrorBody::rate_limited(SEARCH_RETRY_AFTER))
}

/// `GET /public-api`: the caller's plan does not include the public API.
async fn public_api() -> Result<String, ErrorBody> {
    Err(ErrorBody::new(
        ErrorCode::PlanRequired,
        "Public API is a Team+ feature",
    ))
}

/// `GET /upstream`: passes on an error from a newer service whose code this version does not
/// know, which answers 500.
async fn upstream() -> Result<String, ErrorBody> {
    Err(ErrorBody::with_raw_code(
        "added_later",
        "An error this version does not know",
    ))
}

/// Whether the request carries the API key.
fn authorized(headers: &HeaderMap) -> bool {
    let expected = format!("Bearer {API_KEY}");
    headers
        .get("authorization")
        .is_some_and(|value| value.as_bytes() == expected.as_bytes())
}
