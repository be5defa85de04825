//! `cleanArticleFragment` (cargo feature `dom`): the article body built as a DocumentFragment
//! from Rust with web-sys, for measuring against the JsonML tree + the JS `toFragment`
//! (docs/performance.md, "web-sys vs JsonML for the DOM"). Not in the shipped package.

use crate::{arguments, article_json};
use clean_article::{Attributes, TreeVisitor};
use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;
use web_sys::{Document, DocumentFragment, Node};

/// Builds DOM nodes under a fragment as the core's walk visits the sanitized tree.
struct Builder {
    /// The document that creates the nodes.
    doc: Document,
    /// The open elements, the fragment first: the last is where nodes go.
    open: Vec<Node>,
    /// The first DOM call that threw (nothing more is built after it).
    error: Option<JsValue>,
}

impl Builder {
    /// Appends `node` to the innermost open element; remembers the first failure.
    fn append(&mut self, node: Result<Node, JsValue>) -> Option<Node> {
        let appended = node.and_then(|node| match self.open.last() {
            Some(parent) => parent.append_child(&node),
            None => Ok(node),
        });
        match appended {
            Ok(node) => Some(node),
            Err(e) => {
                self.error.get_or_insert(e);
                None
            }
        }
    }
}

impl TreeVisitor for Builder {
    fn open(&mut self, name: &str, attributes: Attributes<'_>) {
        if self.error.is_some() {
            return;
        }
        let element = self.doc.create_element(name).and_then(|el| {
            for (name, value) in attributes {
                el.set_attribute(name, value)?;
            }
            Ok(el.into())
        });
        if let Some(node) = self.append(element) {
            self.open.push(node);
        }
    }

    fn text(&mut self, text: &str) {
        if self.error.is_none() {
            self.append(Ok(self.doc.create_text_node(text).into()));
        }
    }

    fn close(&mut self) {
        // The fragment itself (the first) stays.
        if self.error.is_none() && self.open.len() > 1 {
            self.open.pop();
        }
    }
}

/// `cleanArticle`, plus `fragment`: the article body as a DocumentFragment of `document`,
/// built node by node from the sanitized tree (createElement, setAttribute, createTextNode,
/// appendChild; no HTML is parsed).
#[wasm_bindgen(js_name = cleanArticleFragment, unchecked_return_type = "Article & { fragment: DocumentFragment }")]
pub fn clean_article_fragment(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Options | null")] options: Option<JsValue>,
    document: &Document,
) -> Result<JsValue, JsValue> {
    let (input, options) = arguments(input, options)?;
    let fragment: DocumentFragment = document.create_document_fragment();
    let mut builder = Builder {
        doc: document.clone(),
        open: vec![fragment.clone().into()],
        error: None,
    };
    let article = clean_article::clean_with_visitor(&input, &options, &mut builder)
        .map_err(|e| JsError::new(&format!("clean-article: {e}")))?;
    if let Some(e) = builder.error {
        return Err(e);
    }
    let article = JSON::parse(&article_json(&article))
        .map_err(|_| JsError::new("clean-article: cannot convert the article to a JS object"))?;
    Reflect::set(&article, &JsValue::from_str("fragment"), &fragment)?;
    Ok(article)
}
