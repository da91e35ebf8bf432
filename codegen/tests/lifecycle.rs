//! Deprecated and retired codes in every output, on `fixtures/valid/lifecycle.yaml`: the crate
//! marks them `#[deprecated]` (and still parses them: `generated_crates_compile.rs` round-trips
//! every code of every fixture), the OpenAPI document marks them `deprecated`, and the page keeps
//! a retired code's anchor under its own heading.

mod support;

use error_catalog::emit::paths;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::Value;
use support::output;

fn outputs() -> (error_catalog::Catalog, Vec<error_catalog::Output>) {
    let path = support::fixtures_dir().join("valid/lifecycle.yaml");
    (support::load(&path), support::generate(&path))
}

#[test]
fn deprecated_and_retired_variants_carry_deprecated_notes() {
    let (catalog, outputs) = outputs();
    let file =
        syn::parse_file(output(&outputs, &support::crate_lib(&catalog))).expect("Rust parses");
    let variants = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Enum(item) if item.ident == "ErrorCode" => Some(&item.variants),
            _ => None,
        })
        .expect("ErrorCode is there");
    let note = |name: &str| -> Option<String> {
        let variant = variants.iter().find(|v| v.ident == name).expect("variant");
        variant.attrs.iter().find_map(|attr| {
            if !attr.path().is_ident("deprecated") {
                return None;
            }
            let syn::Meta::List(list) = &attr.meta else {
                return None;
            };
            Some(list.tokens.to_string())
        })
    };
    assert_eq!(note("NotFound"), None);
    assert_eq!(note("QuotaExceeded"), None);
    let over_quota = note("OverQuota").expect("deprecated code is #[deprecated]");
    assert!(
        over_quota.contains("ErrorCode::QuotaExceeded"),
        "{over_quota}"
    );
    assert!(note("LegacyToken").is_some());
    let retired = note("GoneV1").expect("retired code is #[deprecated]");
    assert!(retired.contains("retired"), "{retired}");
}

#[test]
fn openapi_marks_old_codes_deprecated_and_stops_listing_retired_ones_in_responses() {
    let (_, outputs) = outputs();
    let document: Value =
        serde_json::from_str(output(&outputs, paths::OPENAPI_JSON)).expect("JSON");
    let error_code = &document["components"]["schemas"]["ErrorCode"];
    let branches = error_code["anyOf"]
        .as_array()
        .expect("current and old codes");
    assert_eq!(branches.len(), 2);
    assert_eq!(
        branches[0]["enum"],
        serde_json::json!(["not_found", "quota_exceeded"])
    );
    assert_eq!(branches[1]["deprecated"], true);
    assert_eq!(
        branches[1]["enum"],
        serde_json::json!(["over_quota", "legacy_token", "gone_v1"])
    );
    let responses = document["components"]["responses"]
        .as_object()
        .expect("responses");
    assert!(
        !responses.contains_key("Gone"),
        "a retired code is not sent any more"
    );
    let examples = responses["TooManyRequests"]["content"]["application/json"]["examples"]
        .as_object()
        .expect("examples");
    assert!(examples.contains_key("over_quota") && examples.contains_key("quota_exceeded"));
}

#[test]
fn page_lists_retired_codes_under_their_heading_with_their_anchors() {
    let (catalog, outputs) = outputs();
    let page = output(&outputs, paths::PAGE);
    let lifecycle = catalog
        .page
        .lifecycle
        .as_ref()
        .expect("fixture has lifecycle");
    // Walk the page: remember the current `##` heading, and under which one each anchor's id sits.
    let mut heading = String::new();
    let mut in_heading = false;
    let mut anchors = Vec::new();
    for event in Parser::new_ext(page, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                in_heading = true;
                heading.clear();
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => in_heading = false,
            Event::Text(text) if in_heading => heading.push_str(&text),
            Event::InlineHtml(html) => {
                if let Some(id) = html
                    .strip_prefix("<a id=\"")
                    .and_then(|rest| rest.split('"').next())
                {
                    anchors.push((id.to_owned(), heading.clone()));
                }
            }
            _ => {}
        }
    }
    let section_of = |code: &str| -> Vec<&str> {
        anchors
            .iter()
            .filter(|(id, _)| id == code)
            .map(|(_, heading)| heading.as_str())
            .collect()
    };
    assert_eq!(section_of("gone_v1"), [lifecycle.retired_heading.as_str()]);
    let reference = catalog.page.reference.heading.as_str();
    for code in ["not_found", "quota_exceeded", "over_quota", "legacy_token"] {
        assert_eq!(section_of(code), [reference], "{code}");
    }
    assert!(
        page.contains(&format!(
            "**{}** Renamed for consistency. {} [`quota_exceeded`](#quota_exceeded).",
            lifecycle.deprecated_label.as_str(),
            lifecycle.replaced_by_label.as_str()
        )),
        "the deprecated row links its replacement"
    );
}
