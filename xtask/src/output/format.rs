//! Printing the generated syntax tree as a file people can read.
//!
//! prettyplease prints a `syn::File` with no blank lines at all, and doc
//! comments as their attributes' text: progenitor's and typify's have no
//! leading space (`///Whether ...`) and some span several lines, which
//! prettyplease prints as block comments (`/** ... */`) or, when they
//! cannot be one, as `#[doc = "..."]`. [`unparse`] prints it instead with
//!
//! - every doc comment as `/// ` lines, one per line of its text, with the
//!   space rustfmt and people put there ([`doc_lines`]);
//! - a blank line between two items of the file, a module, an impl or a
//!   trait, but not between two `use`s.
//!
//! Both are decided on the syntax tree ([`Readable`]), where a string
//! literal is one token that nothing here looks into. prettyplease cannot
//! print a blank line, so a marker item stands in for each; the only change
//! made to prettyplease's text is that each line that is exactly a marker
//! becomes empty. Output stays deterministic: it depends on the tree alone.

use proc_macro2::Span;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Attribute, Block, Expr, ExprLit, ImplItem, Item, ItemImpl, ItemMod, ItemTrait, Lit, LitStr,
    Meta, Stmt, TraitItem,
};

/// The name of the marker macro that stands for a blank line while
/// prettyplease prints. Nothing in generated code calls a macro of this name.
const MARKER: &str = "__xtask_blank_line";

/// `file` as text, readable: see the module's documentation.
pub(crate) fn unparse(mut file: syn::File) -> String {
    let mut readable = Readable {
        marker: syn::parse_str(&format!("{MARKER}!()")).expect("a macro call"),
        markers: 0,
    };
    readable.visit_file_mut(&mut file);
    let printed = prettyplease::unparse(&file);
    // Not needed any more: freed before the output is built.
    drop(file);

    let marker_line = format!("{MARKER}!();");
    let mut out = String::with_capacity(printed.len());
    let mut replaced = 0;
    let mut fences = Fences::default();
    for line in printed.split_inclusive('\n') {
        let is_marker = line
            .strip_suffix('\n')
            .and_then(|line| line.strip_suffix(&marker_line))
            .is_some_and(|indent| indent.bytes().all(|byte| byte == b' '));
        if is_marker {
            out.push('\n');
            replaced += 1;
            fences = Fences::default();
        } else {
            fences.push(line, &mut out);
        }
    }
    // Any other line that is exactly a marker would be inside a string
    // literal holding a newline and the marker's text (doc text prints after
    // `///`): checked, since the alternative is a silent change.
    assert_eq!(
        replaced, readable.markers,
        "the generated code has a line `{marker_line}` that is not a blank-line marker"
    );
    out
}

/// The code blocks of doc comments, which the spec's descriptions bring
/// (Cloudflare's are JSON, shell, ... without a language): a block
/// opened without one is opened as `text`, or rustdoc would compile it as
/// Rust (and fail), as a doc test.
#[derive(Default)]
struct Fences {
    /// Inside a code block of the doc comment being printed.
    open: bool,
}

impl Fences {
    /// Adds `line` to `out`, a fence without a language given `text`.
    fn push(&mut self, line: &str, out: &mut String) {
        let trimmed = line.trim_start();
        let Some(doc) = trimmed
            .strip_prefix("///")
            .or_else(|| trimmed.strip_prefix("//!"))
        else {
            // Not a doc comment: any block of the one before is over.
            self.open = false;
            out.push_str(line);
            return;
        };
        let text = doc.trim();
        if let Some(info) = text.strip_prefix("```") {
            if !self.open && info.trim().is_empty() {
                let at = line.len() - line.trim_start().len() + (trimmed.len() - doc.len());
                out.push_str(&line[..at]);
                out.push_str(&doc.replacen("```", "```text", 1));
                self.open = true;
                return;
            }
            self.open = !self.open;
        }
        out.push_str(line);
    }
}

/// Rewrites the tree for [`unparse`]: splits doc attributes into lines
/// ([`doc_lines`]) and puts a marker between two items of the file, a
/// module, an impl or a trait (not between two `use`s, which read as one
/// block), and after the file's inner attributes, counting the markers.
///
/// Docs and blank lines belong to items, fields and variants, so it does not
/// walk into expressions: in a function body it visits only the items
/// declared there (typify's `static PATTERN`). That keeps it to a fraction
/// of a full walk of the tree, whose bulk is function bodies.
struct Readable {
    /// The marker's `__xtask_blank_line!()`, cloned for each marker.
    marker: syn::Macro,
    markers: usize,
}

impl Readable {
    /// `items` with `marker()` between each two for which `between` holds.
    fn interleave<T>(
        &mut self,
        items: &mut Vec<T>,
        between: impl Fn(&T, &T) -> bool,
        marker: impl Fn(syn::Macro) -> T,
    ) {
        if items.len() < 2 {
            return;
        }
        let old = std::mem::take(items);
        items.reserve(2 * old.len());
        for item in old {
            if let Some(previous) = items.last()
                && between(previous, &item)
            {
                items.push(marker(self.marker.clone()));
                self.markers += 1;
            }
            items.push(item);
        }
    }
}

fn separate_items(previous: &Item, next: &Item) -> bool {
    !matches!((previous, next), (Item::Use(_), Item::Use(_)))
}

fn item_marker(mac: syn::Macro) -> Item {
    Item::Macro(syn::ItemMacro {
        attrs: Vec::new(),
        ident: None,
        mac,
        semi_token: Some(Default::default()),
    })
}

impl VisitMut for Readable {
    fn visit_file_mut(&mut self, file: &mut syn::File) {
        visit_mut::visit_file_mut(self, file);
        self.interleave(&mut file.items, separate_items, item_marker);
        if !file.attrs.is_empty() && !file.items.is_empty() {
            file.items.insert(0, item_marker(self.marker.clone()));
            self.markers += 1;
        }
    }

    fn visit_item_mod_mut(&mut self, module: &mut ItemMod) {
        visit_mut::visit_item_mod_mut(self, module);
        if let Some((_, items)) = &mut module.content {
            self.interleave(items, separate_items, item_marker);
        }
    }

    fn visit_item_impl_mut(&mut self, block: &mut ItemImpl) {
        visit_mut::visit_item_impl_mut(self, block);
        self.interleave(
            &mut block.items,
            |_, _| true,
            |mac| {
                ImplItem::Macro(syn::ImplItemMacro {
                    attrs: Vec::new(),
                    mac,
                    semi_token: Some(Default::default()),
                })
            },
        );
    }

    fn visit_item_trait_mut(&mut self, block: &mut ItemTrait) {
        visit_mut::visit_item_trait_mut(self, block);
        self.interleave(
            &mut block.items,
            |_, _| true,
            |mac| {
                TraitItem::Macro(syn::TraitItemMacro {
                    attrs: Vec::new(),
                    mac,
                    semi_token: Some(Default::default()),
                })
            },
        );
    }

    /// Only the items declared in the block; see [`Readable`].
    fn visit_block_mut(&mut self, block: &mut Block) {
        for stmt in &mut block.stmts {
            if let Stmt::Item(item) = stmt {
                self.visit_item_mut(item);
            }
        }
    }

    /// Expressions outside blocks (a `const`'s value, an enum discriminant)
    /// hold no items either.
    fn visit_expr_mut(&mut self, _: &mut Expr) {}

    fn visit_attributes_mut(&mut self, attrs: &mut Vec<Attribute>) {
        if !attrs.iter().any(|attr| doc_text(attr).is_some()) {
            return;
        }
        let old = std::mem::take(attrs);
        for attr in old {
            let Some(text) = doc_text(&attr) else {
                attrs.push(attr);
                continue;
            };
            for line in doc_lines(&text) {
                let mut line_attr = attr.clone();
                if let Meta::NameValue(name_value) = &mut line_attr.meta {
                    name_value.value = Expr::Lit(ExprLit {
                        attrs: Vec::new(),
                        lit: Lit::Str(LitStr::new(&line, Span::call_site())),
                    });
                }
                attrs.push(line_attr);
            }
        }
    }
}

/// The text of a `#[doc = "text"]` attribute (a `///` comment).
fn doc_text(attr: &Attribute) -> Option<String> {
    let Meta::NameValue(name_value) = &attr.meta else {
        return None;
    };
    if !name_value.path.is_ident("doc") {
        return None;
    }
    match &name_value.value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) => Some(text.value()),
        _ => None,
    }
}

/// The lines of a doc's `text` as `///` lines should hold them: one
/// attribute per line, so that prettyplease prints each as a `///` (or
/// `//!`) line, with the leading space of `/// text`.
///
/// A doc whose every non-empty line already starts with whitespace (what
/// `///` comments in `quote!` become) keeps its text. Otherwise each
/// non-empty line gets one space, which keeps the lines' relative
/// indentation, so rustdoc (which removes the indentation common to all
/// lines) renders the same Markdown. Trailing blank lines go; an empty doc
/// stays one empty line.
fn doc_lines(text: &str) -> Vec<String> {
    let text = text.trim_end();
    if text.is_empty() {
        return vec![String::new()];
    }
    let spaced = text
        .lines()
        .all(|line| line.trim().is_empty() || line.starts_with(char::is_whitespace));
    text.lines()
        .map(|line| {
            let line = unclosed_tags_escaped(&unlinked_brackets(&autolink(line.trim_end())));
            if spaced || line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// `line` with its bare URLs made autolinks (`<https://...>`), which
/// rustdoc renders as links and does not warn about (`rustdoc::bare_urls`):
/// the spec's descriptions (Cloudflare's) are full of them. A URL already
/// inside `<..>`, a link's `](..)`, `[..]`, quotes or backticks is left alone;
/// sentence punctuation after a URL stays outside it.
fn autolink(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| rest.find(scheme))
        .min()
    {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        // Already a link or code: `<url>`, `[text](url)`, `` `url` ``, an
        // HTML attribute (`href="url"`). A URL in parentheses or quotes
        // that are only punctuation (`A [JSONata] (https://..)`, `e.g.
        // "https://tenant.okta.com"`) is bare to rustdoc, and becomes a link.
        let mut last = before.chars().rev();
        let quoted = matches!(
            (last.next(), last.next()),
            (Some('<' | '[' | '`'), _) | (Some('('), Some(']')) | (Some('"' | '\''), Some('='))
        );
        let end = from
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
            .unwrap_or(from.len());
        let url = from[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
        if quoted {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &from[url.len()..];
    }
    out.push_str(rest);
    out
}

/// HTML elements that have no closing tag.
const VOID_ELEMENTS: [&str; 6] = ["br", "hr", "img", "input", "wbr", "meta"];

/// `line` with each `<name>` (or `<name ...>`) that is no void element and
/// that the line never closes (`</name>`) escaped (`\\<name>`), outside
/// code spans: rustdoc reads it as an HTML tag and warns that it is never
/// closed (`rustdoc::invalid_html_tags`); Cloudflare's descriptions write
/// placeholders so (`running 'route get <ip>'`). An autolink (`<https://..>`)
/// stays.
fn unclosed_tags_escaped(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for (index, c) in line.char_indices() {
        if c == '`' {
            in_code = !in_code;
        } else if c == '<' && !in_code && !line[..index].ends_with('\\') {
            let rest = &line[index + 1..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                .collect();
            let after = rest[name.len()..].chars().next();
            let tag = !name.is_empty()
                && name.starts_with(|c: char| c.is_ascii_alphabetic())
                && matches!(after, Some('>' | ' ' | '/'));
            if tag
                && !VOID_ELEMENTS.contains(&name.to_ascii_lowercase().as_str())
                && !line.contains(&format!("</{name}"))
            {
                out.push('\\');
            }
        }
        out.push(c);
    }
    out
}

/// `line` with each `[text]` that is no Markdown link escaped (`\\[text\\]`),
/// outside code spans: rustdoc reads a bracketed word as an intra-doc link
/// and warns that it leads nowhere (`rustdoc::broken_intra_doc_links`);
/// Cloudflare's descriptions write `A manifest ([path]: {hash, size})`. A
/// link (`[text](url)`, `[text][ref]`) and a link to code (`` [`Name`] ``,
/// as this project's own docs write them) stay.
fn unlinked_brackets(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    // The index just after brackets escaped as an index (`matrix[i][j]`):
    // a `[` there is the next index, not a link's reference.
    let mut indexes_end = None;
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        let after_index = indexes_end == Some(index);
        if c == '`' {
            in_code = !in_code;
        } else if c == '['
            && !in_code
            && (index == 0 || after_index || !matches!(chars[index - 1], '\\' | ']'))
        {
            let close = chars[index + 1..]
                .iter()
                .position(|&c| c == ']')
                .map(|at| index + 1 + at);
            if let Some(close) = close {
                let code_link = chars.get(index + 1) == Some(&'`');
                // Right after a word, brackets index it (`matrix[i][j]`).
                let indexing = after_index
                    || (index > 0
                        && (chars[index - 1].is_alphanumeric() || chars[index - 1] == '_'));
                let link = !indexing && matches!(chars.get(close + 1), Some('(' | '['));
                if !code_link && !link {
                    out.push_str("\\[");
                    out.extend(&chars[index + 1..close]);
                    out.push_str("\\]");
                    index = close + 1;
                    indexes_end = indexing.then_some(index);
                    continue;
                }
            }
        }
        out.push(c);
        index += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_that_are_no_link_are_escaped() {
        assert_eq!(
            unlinked_brackets("A manifest ([path]: {hash, size}) map"),
            "A manifest (\\[path\\]: {hash, size}) map"
        );
        assert_eq!(
            unlinked_brackets("matrix[bucketIdx][binIdx] is a count"),
            "matrix\\[bucketIdx\\]\\[binIdx\\] is a count"
        );
        for kept in [
            "[Learn more](https://a.example)",
            "see [`Client`] and [text][ref]",
            "`body[1]` in code",
            "already \\[escaped]",
        ] {
            assert_eq!(unlinked_brackets(kept), kept);
        }
    }

    fn unparse_code(code: &str) -> String {
        unparse(syn::parse_str(code).unwrap())
    }

    #[test]
    fn code_blocks_of_docs_without_a_language_are_text() {
        let code = unparse_code(
            "/// Purge:\n/// ```\n/// {\"purge_everything\": true}\n/// ```\n/// Or:\n/// ```json\n/// {}\n/// ```\n/// Then:\n/// ```\n/// x\n/// ```\npub struct A;",
        );
        assert_eq!(
            code,
            "/// Purge:\n/// ```text\n/// {\"purge_everything\": true}\n/// ```\n/// Or:\n/// ```json\n/// {}\n/// ```\n/// Then:\n/// ```text\n/// x\n/// ```\npub struct A;\n"
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            autolink(
                "See https://a.example/x/#b. And <https://c.example>, [d](https://d.example)."
            ),
            "See <https://a.example/x/#b>. And <https://c.example>, [d](https://d.example)."
        );
        assert_eq!(
            autolink("by your server. (https://a.example/1)."),
            "by your server. (<https://a.example/1>)."
        );
        assert_eq!(autolink("no links"), "no links");
        assert_eq!(
            autolink(
                "A \\[JSONata\\] (https://jsonata.org/) expression, e.g. \"https://t.example\"."
            ),
            "A \\[JSONata\\] (<https://jsonata.org/>) expression, e.g. \"<https://t.example>\"."
        );
        assert_eq!(
            autolink("<a href=\"https://a.example\">a</a>"),
            "<a href=\"https://a.example\">a</a>"
        );
        assert_eq!(autolink("`http://x`"), "`http://x`");
    }

    #[test]
    fn tags_never_closed_are_escaped() {
        assert_eq!(
            unclosed_tags_escaped("running 'route get <ip>' and `<ip>`"),
            "running 'route get \\<ip>' and `<ip>`"
        );
        for kept in ["a<br>b", "<b>bold</b>", "<https://a.example>", "1 < 2 > 0"] {
            assert_eq!(unclosed_tags_escaped(kept), kept);
        }
    }

    #[test]
    fn items_are_separated_by_blank_lines_and_uses_are_kept_together() {
        let out = unparse_code(
            "#![allow(dead_code)] use a::b; use c::d; mod m { struct A; struct B; } \
             impl A { const X: u8 = 1; fn f() { let a = 1; let b = 2; } } trait T { fn g(); fn h(); }",
        );
        assert_eq!(
            out,
            "#![allow(dead_code)]\n\nuse a::b;\nuse c::d;\n\nmod m {\n    struct A;\n\n    struct B;\n}\n\n\
             impl A {\n    const X: u8 = 1;\n\n    fn f() {\n        let a = 1;\n        let b = 2;\n    }\n}\n\n\
             trait T {\n    fn g();\n\n    fn h();\n}\n"
        );
    }

    #[test]
    fn doc_comments_are_spaced_lines() {
        let out = unparse_code(concat!(
            "#[doc = \"Builder for [`X`]\\n\\n[`X`]: super::X\\n\"]\n",
            "#[doc = \" Already spaced.\"]\n",
            "#[doc = \"Holds */ and ends\\n  indented\"]\n",
            "#[doc = \"\"]\n",
            "#[doc(hidden)]\n",
            "struct X { #[doc = \"/// a field\"] f: u8 }",
        ));
        assert_eq!(
            out,
            "/// Builder for [`X`]\n///\n/// [`X`]: super::X\n/// Already spaced.\n\
             /// Holds */ and ends\n///   indented\n///\n#[doc(hidden)]\n\
             struct X {\n    /// /// a field\n    f: u8,\n}\n"
        );
    }

    #[test]
    fn items_in_function_bodies_get_their_docs_spaced_too() {
        let out = unparse_code(
            "fn f() -> bool { #[doc = \"Inner.\"] static S: u8 = 1; let a = S; a == 1 }",
        );
        assert_eq!(
            out,
            "fn f() -> bool {\n    /// Inner.\n    static S: u8 = 1;\n    let a = S;\n    a == 1\n}\n"
        );
    }

    #[test]
    fn string_literals_are_left_alone() {
        let code = r#"fn f() -> &'static str { "///text\n\n__xtask_blank_line ! ();" }"#;
        let out = unparse_code(code);
        assert!(
            out.contains(r#""///text\n\n__xtask_blank_line ! ();""#),
            "{out}"
        );
    }
}
