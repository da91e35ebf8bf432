//! The ten codes of `catalog.yaml` written by hand with `strum`, serde derive and `thiserror`:
//! the peer that the generated `api-errors` crate is measured against (docs/benchmarks.md). It
//! offers the same API: the code enum with its string, status, cause, remedy and link, parsing
//! with an error that names the unknown string, and the JSON envelope.

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr};

/// An error code of the API.
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Debug,
    EnumString,
    IntoStaticStr,
    strum::Display,
    strum::VariantArray,
    Serialize,
    Deserialize,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// `unauthorized`: HTTP 401.
    Unauthorized,
    /// `plan_required`: HTTP 403.
    PlanRequired,
    /// `scope_mismatch`: HTTP 403.
    ScopeMismatch,
    /// `rate_limited`: HTTP 429.
    RateLimited,
    /// `not_found`: HTTP 404.
    NotFound,
    /// `project_required`: HTTP 422.
    ProjectRequired,
    /// `environment_required`: HTTP 422.
    EnvironmentRequired,
    /// `invalid_override`: HTTP 422.
    InvalidOverride,
    /// `invalid_mode`: HTTP 422.
    InvalidMode,
    /// `invalid_side`: HTTP 422.
    InvalidSide,
}

const PAGE: &str = "https://docs.example.com/errors";

impl ErrorCode {
    /// The code string, such as `rate_limited`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The HTTP status.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::Unauthorized => 401,
            ErrorCode::PlanRequired | ErrorCode::ScopeMismatch => 403,
            ErrorCode::RateLimited => 429,
            ErrorCode::NotFound => 404,
            ErrorCode::ProjectRequired
            | ErrorCode::EnvironmentRequired
            | ErrorCode::InvalidOverride
            | ErrorCode::InvalidMode
            | ErrorCode::InvalidSide => 422,
        }
    }

    /// What happened.
    pub fn cause(self) -> &'static str {
        match self {
            ErrorCode::Unauthorized => "Missing, invalid, revoked, or expired API key",
            ErrorCode::PlanRequired => "Org not on Team or Business",
            ErrorCode::ScopeMismatch => "Project-scoped key can't access requested project",
            ErrorCode::RateLimited => "Over 120 requests per 60 seconds",
            ErrorCode::NotFound => "Session, override, log, or body doesn't exist",
            ErrorCode::ProjectRequired => "Org-wide key without project",
            ErrorCode::EnvironmentRequired => "Multi-endpoint project without environment",
            ErrorCode::InvalidOverride => "Bad override id or scenario-local override",
            ErrorCode::InvalidMode => "DELETE mode isn't reset or delete",
            ErrorCode::InvalidSide => "Body fetch side isn't request or response",
        }
    }

    /// What to do about it.
    pub fn remedy(self) -> &'static str {
        match self {
            ErrorCode::Unauthorized => "Check your `Authorization: Bearer fmk_…` header",
            ErrorCode::PlanRequired => "Upgrade plan or use dashboard instead",
            ErrorCode::ScopeMismatch => "Pass the right project slug, or use an org-wide key",
            ErrorCode::RateLimited => "Back off and retry",
            ErrorCode::NotFound => "Check ids and query params",
            ErrorCode::ProjectRequired => "Add `?project=your-slug`",
            ErrorCode::EnvironmentRequired => "Add `?environment=your-slug`",
            ErrorCode::InvalidOverride => "Use published, non-scenario override ids",
            ErrorCode::InvalidMode => "Use `?mode=reset` or `?mode=delete`",
            ErrorCode::InvalidSide => "Use `?side=request` or `?side=response`",
        }
    }

    /// Whether retrying later can succeed.
    pub fn is_retryable(self) -> bool {
        matches!(self, ErrorCode::RateLimited)
    }

    /// The link to the code's entry on the reference page.
    pub fn doc_url(self) -> String {
        format!("{PAGE}#{}", self.as_str())
    }

    /// The code whose string is `code`.
    pub fn parse(code: &str) -> Result<ErrorCode, UnknownCode> {
        code.parse().map_err(|_| UnknownCode(code.to_owned()))
    }
}

/// A string that is not a known code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown error code `{0}`")]
pub struct UnknownCode(pub String);

/// The JSON body of every error response.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[error("{error} ({code})")]
pub struct ErrorBody {
    /// The human-readable message.
    pub error: String,
    /// The code string, known to this version or not.
    pub code: String,
}

impl ErrorBody {
    /// A body for a known code.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ErrorBody {
            error: message.into(),
            code: code.as_str().to_owned(),
        }
    }

    /// The code, if this version knows it.
    pub fn code(&self) -> Option<ErrorCode> {
        self.code.parse().ok()
    }
}
