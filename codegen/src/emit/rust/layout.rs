//! Stage 4, emit: blank lines, so the printed file reads as if written by hand: `prettyplease`
//! prints one item after another, and prints an empty verbatim item as an empty line.
//!
//! Items are separated by a blank line, in the file, in modules and in impl blocks, except
//! adjacent `extern crate` items and adjacent imports of one group. Imports are grouped as
//! rustfmt's `StdExternalCrate` groups them (`std`, `core` and `alloc`; other crates; `crate`,
//! `super` and `self`), and imports under different attributes are apart.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{ImplItem, Item, UseTree};

/// The file's items, with a blank line after the crate attributes and between items.
pub(super) fn spaced_file(items: Vec<Item>) -> Vec<Item> {
    let mut spaced = vec![Item::Verbatim(TokenStream::new())];
    spaced.extend(spaced_items(items));
    spaced
}

/// `items` with blank lines between them, and inside each.
pub(super) fn spaced_items(items: Vec<Item>) -> Vec<Item> {
    let mut spaced = Vec::with_capacity(items.len() * 2);
    let mut previous: Option<Option<Group>> = None;
    for item in items {
        let group = group(&item);
        let together = matches!((&previous, &group), (Some(Some(a)), Some(b)) if a == b);
        if previous.is_some() && !together {
            spaced.push(Item::Verbatim(TokenStream::new()));
        }
        previous = Some(group);
        spaced.push(spaced_inside(item));
    }
    spaced
}

/// An item with blank lines between the items it holds, if it holds any.
fn spaced_inside(item: Item) -> Item {
    match item {
        Item::Mod(mut module) => {
            if let Some((brace, items)) = module.content {
                module.content = Some((brace, spaced_items(items)));
            }
            Item::Mod(module)
        }
        Item::Impl(mut block) => {
            let mut items = Vec::with_capacity(block.items.len() * 2);
            for (index, item) in block.items.into_iter().enumerate() {
                if index > 0 {
                    items.push(ImplItem::Verbatim(TokenStream::new()));
                }
                items.push(item);
            }
            block.items = items;
            Item::Impl(block)
        }
        item => item,
    }
}

/// Adjacent items of one group stand together, without a blank line between them.
#[derive(PartialEq, Eq)]
enum Group {
    ExternCrate,
    Use { attrs: String, origin: Origin },
}

/// Where an import comes from, in the order rustfmt's `StdExternalCrate` puts them.
#[derive(PartialEq, Eq)]
enum Origin {
    Std,
    External,
    Local,
}

fn group(item: &Item) -> Option<Group> {
    match item {
        Item::ExternCrate(_) => Some(Group::ExternCrate),
        Item::Use(import) => {
            let first = match &import.tree {
                UseTree::Path(path) => Some(&path.ident),
                UseTree::Name(name) => Some(&name.ident),
                UseTree::Rename(rename) => Some(&rename.ident),
                UseTree::Glob(_) | UseTree::Group(_) => None,
            };
            let origin = match first.map(ToString::to_string).as_deref() {
                Some("std" | "core" | "alloc") => Origin::Std,
                Some("crate" | "super" | "self") => Origin::Local,
                _ => Origin::External,
            };
            let attrs = import
                .attrs
                .iter()
                .map(|attr| attr.to_token_stream().to_string())
                .collect();
            Some(Group::Use { attrs, origin })
        }
        _ => None,
    }
}
