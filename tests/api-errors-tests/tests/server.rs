//! The example server over loopback: a real HTTP client checks each error response's status,
//! headers and body, and validates the body against `generated/openapi/errors.yaml`.

#[path = "../../../codegen/tests/support/mod.rs"]
mod support;

use api_errors::{ErrorBody, ErrorCode};
use api_errors_tests::{API_KEY, KNOWN_SESSION};
use jsonschema::{Draft, Registry, Validator};
use serde_json::{json, Value};

/// The base URI the OpenAPI document is registered under, so `#/components/...` refs resolve.
const OPENAPI_URI: &str = "https://api-errors.test/errors.yaml";

/// The OpenAPI components, as JSON.
fn openapi() -> Value {
    let text = support::read_repo_file(error_catalog::emit::paths::OPENAPI_YAML);
    serde_saphyr::from_str(&text).expect("errors.yaml is YAML")
}

/// A validator for the schema at `pointer` (a JSON pointer) inside the OpenAPI document, with
/// the whole document registered so the schema's references resolve.
fn validator(document: &Value, pointer: &str) -> Validator {
    assert!(
        document.pointer(pointer).is_some(),
        "errors.yaml has no `{pointer}`"
    );
    let registry = Registry::new()
        .draft(Draft::Draft202012)
        .add(OPENAPI_URI, document.clone())
        .expect("the OpenAPI document is a resource")
        .prepare()
        .expect("the OpenAPI document's references resolve");
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(&registry)
        .build(&json!({ "$ref": format!("{OPENAPI_URI}#{pointer}") }))
        .unwrap_or_else(|error| panic!("`{pointer}` is not a valid schema: {error}"))
}

/// The name of the OpenAPI response for a status: its reason phrase in PascalCase.
fn response_name(status: u16) -> String {
    let status = http_status(status);
    let reason = status.canonical_reason().expect("a status with a reason");
    reason.split(|c: char| !c.is_ascii_alphanumeric()).collect()
}

fn http_status(status: u16) -> reqwest::StatusCode {
    reqwest::StatusCode::from_u16(status).expect("a valid status")
}

fn assert_valid(validator: &Validator, body: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|error| error.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "{body} does not match {what}: {errors:?}"
    );
}

/// One request to the example server and the error it must answer with.
struct Case {
    path: &'static str,
    authorized: bool,
    code: ErrorCode,
    message: &'static str,
}

const CASES: &[Case] = &[
    Case {
        path: "/sessions/s1",
        authorized: false,
        code: ErrorCode::Unauthorized,
        message: "Missing, invalid, revoked, or expired API key",
    },
    Case {
        path: "/sessions/s2",
        authorized: true,
        code: ErrorCode::NotFound,
        message: "Session `s2` doesn't exist",
    },
    Case {
        path: "/logs",
        authorized: false,
        code: ErrorCode::RateLimited,
        message: "Over 120 requests per 60 seconds",
    },
    Case {
        path: "/public-api",
        authorized: true,
        code: ErrorCode::PlanRequired,
        message: "Public API is a Team+ feature",
    },
];

async fn start_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("a bound address");
    tokio::spawn(api_errors_tests::serve(listener));
    format!("http://{address}")
}

async fn get(client: &reqwest::Client, url: &str, authorized: bool) -> reqwest::Response {
    let mut request = client.get(url);
    if authorized {
        request = request.bearer_auth(API_KEY);
    }
    request
        .send()
        .await
        .unwrap_or_else(|error| panic!("GET {url}: {error}"))
}

#[tokio::test]
async fn every_error_has_the_catalog_status_json_content_type_and_a_valid_envelope() {
    let base = start_server().await;
    let client = reqwest::Client::new();
    let document = openapi();
    let body_schema = validator(&document, "/components/schemas/ErrorBody");

    for case in CASES {
        let url = format!("{base}{}", case.path);
        let response = get(&client, &url, case.authorized).await;

        assert_eq!(response.status(), http_status(case.code.status()), "{url}");
        assert_eq!(
            response.status(),
            reqwest::StatusCode::from(case.code),
            "{url}: `From<ErrorCode> for StatusCode` agrees"
        );
        let content_types: Vec<_> = response
            .headers()
            .get_all(reqwest::header::CONTENT_TYPE)
            .iter()
            .collect();
        assert_eq!(content_types, ["application/json"], "{url}");

        let text = response.text().await.expect("a body");
        let body: Value = serde_json::from_str(&text).expect("a JSON body");
        assert_eq!(
            body,
            json!({ "error": case.message, "code": case.code.as_str() }),
            "{url}"
        );
        let decoded: ErrorBody = serde_json::from_str(&text).expect("an ErrorBody");
        assert_eq!(decoded.code(), Some(case.code), "{url}");
        assert_eq!(decoded.message(), case.message, "{url}");

        assert_valid(&body_schema, &body, "components.schemas.ErrorBody");
        let name = response_name(case.code.status());
        let pointer = format!("/components/responses/{name}/content/application~1json/schema");
        assert_valid(
            &validator(&document, &pointer),
            &body,
            &format!("components.responses.{name}"),
        );
    }
}

#[tokio::test]
async fn a_handler_that_succeeds_is_untouched() {
    let base = start_server().await;
    let client = reqwest::Client::new();
    let response = get(&client, &format!("{base}/sessions/{KNOWN_SESSION}"), true).await;
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    assert_eq!(response.text().await.expect("a body"), "session s1");
}

#[tokio::test]
async fn a_code_this_version_does_not_know_answers_500_and_fails_the_schema() {
    let base = start_server().await;
    let client = reqwest::Client::new();
    let response = get(&client, &format!("{base}/upstream"), false).await;
    assert_eq!(
        response.status(),
        reqwest::StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        response.headers()[reqwest::header::CONTENT_TYPE],
        "application/json"
    );
    let body: Value =
        serde_json::from_str(&response.text().await.expect("a body")).expect("a JSON body");
    assert_eq!(body["code"], "added_later");
    // The schemas are strict enough to catch it: the code is not in the catalog.
    let body_schema = validator(&openapi(), "/components/schemas/ErrorBody");
    assert!(!body_schema.is_valid(&body));
}

#[test]
fn the_schemas_reject_a_body_of_another_status_or_missing_a_field() {
    let document = openapi();
    let unauthorized = validator(
        &document,
        "/components/responses/Unauthorized/content/application~1json/schema",
    );
    assert!(unauthorized.is_valid(&json!({ "error": "x", "code": "unauthorized" })));
    assert!(!unauthorized.is_valid(&json!({ "error": "x", "code": "not_found" })));
    let body = validator(&document, "/components/schemas/ErrorBody");
    assert!(!body.is_valid(&json!({ "code": "not_found" })));
    assert!(!body.is_valid(&json!({ "error": 1, "code": "not_found" })));
}

#[test]
fn every_status_in_the_catalog_has_a_response_named_after_its_reason() {
    let document = openapi();
    for code in ErrorCode::ALL {
        let name = response_name(code.status());
        let examples = document
            .pointer(&format!(
                "/components/responses/{name}/content/application~1json/examples"
            ))
            .unwrap_or_else(|| panic!("no response `{name}` for `{code}`"));
        let example = &examples[code.as_str()]["value"];
        assert_eq!(example["code"], code.as_str());
        assert_valid(
            &validator(&document, "/components/schemas/ErrorBody"),
            example,
            "components.schemas.ErrorBody",
        );
    }
}
