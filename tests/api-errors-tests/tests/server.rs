//! The example server over loopback: a real HTTP client checks each error response's status,
//! headers and body, and validates the body and the headers against the response that
//! `generated/openapi/errors.yaml` declares for its status.

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

/// Checks `headers` against the headers the OpenAPI response `name` declares: each required one
/// is there, each declared one that is there matches its schema, and the response sends no
/// rate-limit header that the response does not declare.
fn assert_headers_match(document: &Value, name: &str, headers: &reqwest::header::HeaderMap) {
    let declared = document["components"]["responses"][name]["headers"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    for (header, declaration) in &declared {
        // A reference to a header component, or a header in place.
        let declaration = match declaration["$ref"].as_str() {
            Some(reference) => document
                .pointer(reference.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("{name}: `{reference}` resolves")),
            None => declaration,
        };
        let values: Vec<_> = headers.get_all(header.as_str()).iter().collect();
        assert!(values.len() <= 1, "{name}: `{header}` sent more than once");
        let Some(value) = values.first() else {
            assert_ne!(
                declaration["required"], true,
                "{name}: required header `{header}` is missing"
            );
            continue;
        };
        let text = value.to_str().expect("an ASCII header value");
        // A header is text on the wire; an integer schema describes its digits.
        let value = match declaration["schema"]["type"].as_str() {
            Some("integer") => json!(text
                .parse::<i64>()
                .unwrap_or_else(|_| panic!("{name}: `{header}: {text}` is no integer"))),
            _ => json!(text),
        };
        let schema = validator_of(declaration["schema"].clone());
        assert_valid(&schema, &value, &format!("{name}.headers.{header}"));
    }
    for sent in headers.keys() {
        let sent = sent.as_str();
        if sent.starts_with("ratelimit") || sent == "retry-after" {
            assert!(
                declared.keys().any(|name| name.eq_ignore_ascii_case(sent)),
                "{name}: `{sent}` is sent but not declared"
            );
        }
    }
}

/// A validator for a schema that references nothing.
fn validator_of(schema: Value) -> Validator {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .build(&schema)
        .unwrap_or_else(|error| panic!("{schema} is not a valid schema: {error}"))
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
        message: "Session, override, log, or body doesn't exist",
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

/// A client for the loopback server that uses no proxy, whatever `HTTP_PROXY`, `ALL_PROXY` or
/// `NO_PROXY` say: the tests must not depend on the machine's proxy settings.
fn loopback_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("an HTTP client")
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
    let client = loopback_client();
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
        assert_headers_match(
            &document,
            &response_name(case.code.status()),
            response.headers(),
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

/// A 429 says when to retry, in headers that its OpenAPI response declares, and a client built
/// on the crate reads the delay back: the handler's own delay, or the policy's window when the
/// handler gave the bare code.
#[tokio::test]
async fn a_rate_limited_response_says_when_to_retry_and_a_client_reads_it() {
    let base = start_server().await;
    let client = loopback_client();
    let document = openapi();
    let policy = ErrorCode::RateLimited
        .rate_limit_policy()
        .expect("rate_limited enforces a policy");
    let window = policy.window().as_secs();
    // 12.5 s is sent as 13: a client that waits the whole seconds does not come back early.
    for (path, seconds) in [("/search", 13), ("/logs", window)] {
        let url = format!("{base}{path}");
        let response = get(&client, &url, true).await;
        assert_eq!(
            response.status(),
            reqwest::StatusCode::TOO_MANY_REQUESTS,
            "{url}"
        );
        let headers = response.headers().clone();
        assert_eq!(
            headers["retry-after"],
            seconds.to_string().as_str(),
            "{url}"
        );
        assert_eq!(
            headers["ratelimit"],
            format!("\"{}\";r=0;t={seconds}", policy.name()).as_str(),
            "{url}"
        );
        assert_eq!(
            headers["ratelimit-policy"],
            api_errors::RATE_LIMIT_POLICY,
            "{url}"
        );
        assert_eq!(
            api_errors::RATE_LIMIT_POLICY,
            format!("\"{}\";q={};w={window}", policy.name(), policy.requests())
        );
        assert_headers_match(&document, "TooManyRequests", &headers);

        assert_eq!(
            api_errors::headers::retry_after(&headers),
            Some(std::time::Duration::from_secs(seconds)),
            "{url}: the client reads the delay"
        );
        let body: Value =
            serde_json::from_str(&response.text().await.expect("a body")).expect("a JSON body");
        let pointer = "/components/responses/TooManyRequests/content/application~1json/schema";
        assert_valid(&validator(&document, pointer), &body, "TooManyRequests");
        let body: ErrorBody = serde_json::from_value(body).expect("an ErrorBody");
        assert_eq!(body.code(), Some(ErrorCode::RateLimited));
    }
}

/// Errors of other statuses name the policy but ask for no wait.
#[tokio::test]
async fn other_errors_name_the_policy_and_send_no_retry_after() {
    let base = start_server().await;
    let response = get(&loopback_client(), &format!("{base}/sessions/s1"), false).await;
    assert_eq!(response.status(), reqwest::StatusCode::UNAUTHORIZED);
    let headers = response.headers();
    assert_eq!(headers["ratelimit-policy"], api_errors::RATE_LIMIT_POLICY);
    assert!(headers.get("retry-after").is_none());
    assert!(headers.get("ratelimit").is_none());
    assert_eq!(api_errors::headers::retry_after(headers), None);
}

/// Two operations, each answering with its own error enum: every response matches the
/// operation's own narrowed OpenAPI response (headers and body), and another operation's narrowed
/// response of the same status rejects it.
#[tokio::test]
async fn each_operation_answers_within_its_own_narrowed_responses() {
    let base = start_server().await;
    let client = loopback_client();
    let document = openapi();
    let catalog = support::load(&support::repo_catalog_path());
    let operation = |id: &str| {
        catalog
            .operations
            .iter()
            .find(|operation| operation.id == id)
            .unwrap_or_else(|| panic!("the catalog has `{id}`"))
            .clone()
    };
    let (get, delete) = (operation("getSession"), operation("deleteSession"));
    // (operation, method, path, authorized, the code it must answer with)
    let cases = [
        (
            &get,
            reqwest::Method::GET,
            "/sessions/s2",
            true,
            ErrorCode::NotFound,
        ),
        (
            &get,
            reqwest::Method::GET,
            "/sessions/s1",
            false,
            ErrorCode::Unauthorized,
        ),
        (
            &delete,
            reqwest::Method::DELETE,
            "/sessions/s1?mode=wipe",
            true,
            ErrorCode::InvalidMode,
        ),
        (
            &delete,
            reqwest::Method::DELETE,
            "/sessions/s2?mode=reset",
            true,
            ErrorCode::NotFound,
        ),
    ];
    for (operation, method, path, authorized, code) in cases {
        let url = format!("{base}{path}");
        let mut request = client.request(method.clone(), &url);
        if authorized {
            request = request.bearer_auth(API_KEY);
        }
        let response = request.send().await.expect("a response");
        assert_eq!(
            response.status(),
            http_status(code.status()),
            "{method} {url}"
        );
        let name = operation.response_name(code.status());
        assert_headers_match(&document, &name, response.headers());
        let body: Value =
            serde_json::from_str(&response.text().await.expect("a body")).expect("a JSON body");
        assert_eq!(body["code"], code.as_str(), "{method} {url}");
        let pointer = format!("/components/responses/{name}/content/application~1json/schema");
        assert_valid(&validator(&document, &pointer), &body, &name);
        // The same status of the other operation does not allow this code, when it has that
        // status at all.
        let other = if operation.id == get.id {
            &delete
        } else {
            &get
        };
        let other_name = other.response_name(code.status());
        let other_pointer =
            format!("/components/responses/{other_name}/content/application~1json/schema");
        let narrower = catalog
            .operation_codes(other)
            .all(|allowed| allowed.code != code.as_str());
        if narrower && document.pointer(&other_pointer).is_some() {
            assert!(
                !validator(&document, &other_pointer).is_valid(&body),
                "{other_name} should reject {body}"
            );
        }
    }
    let deleted = client
        .delete(format!("{base}/sessions/s1?mode=delete"))
        .bearer_auth(API_KEY)
        .send()
        .await
        .expect("a response");
    assert_eq!(deleted.status(), reqwest::StatusCode::OK);
}

#[tokio::test]
async fn a_handler_that_succeeds_is_untouched() {
    let base = start_server().await;
    let client = loopback_client();
    let response = get(&client, &format!("{base}/sessions/{KNOWN_SESSION}"), true).await;
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    assert_eq!(response.text().await.expect("a body"), "session s1");
}

#[tokio::test]
async fn a_code_this_version_does_not_know_answers_500_and_fails_the_schema() {
    let base = start_server().await;
    let client = loopback_client();
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

/// The tests that talk to the server over loopback.
const LOOPBACK_TESTS: &[&str] = &[
    "every_error_has_the_catalog_status_json_content_type_and_a_valid_envelope",
    "a_rate_limited_response_says_when_to_retry_and_a_client_reads_it",
    "other_errors_name_the_policy_and_send_no_retry_after",
    "each_operation_answers_within_its_own_narrowed_responses",
    "a_handler_that_succeeds_is_untouched",
    "a_code_this_version_does_not_know_answers_500_and_fails_the_schema",
];

/// The loopback tests pass on a machine whose proxy settings point at a proxy that does not
/// answer: this test binary runs them again, in a process of its own, with every proxy variable
/// set to a loopback port where nothing listens, and `NO_PROXY` unset.
#[test]
fn the_loopback_tests_pass_whatever_the_proxy_settings() {
    let this = "the_loopback_tests_pass_whatever_the_proxy_settings";
    let mut rerun = std::process::Command::new(std::env::current_exe().expect("this test binary"));
    rerun.args(["--skip", this]);
    let nowhere = "http://127.0.0.1:9";
    for variable in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
        rerun.env(variable, nowhere);
        rerun.env(variable.to_lowercase(), nowhere);
    }
    rerun.env_remove("NO_PROXY").env_remove("no_proxy");
    let output = rerun.output().expect("run this test binary again");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        support::describe(&rerun, &output)
    );
    for test in LOOPBACK_TESTS {
        assert!(
            stdout.contains(&format!("test {test} ... ok")),
            "`{test}` did not run and pass behind the proxy settings:\n{stdout}"
        );
    }
}
