//! Printing the generated syntax tree as a file people can read.
//!
//! prettyplease prints a `syn::File` with no blank lines at all, and doc
//! comments as their attributes' text: progenitor's and typify's have no
//! leading space (`///Whether ...`) and some span several lines, which
//! prettyplease prints as block comments (`/** ... */`) or, when they
//! cannot be one, as `#[doc = "..."]`. [`unparse`] prints it instead with
//!
//! - every doc comment as `/// ` lines, one per line of its text, with the
//!   space rustfmt and people put there ([`DocLines`]);
//! - a blank line between two items of the file, a module, an impl or a
//!   trait, but not between two `use`s ([`BlankLines`]).
//!
//! Both are decided on the syntax tree, where a string literal is one token
//! that nothing here looks into. prettyplease cannot print a blank line, so
//! the second puts a marker item where each goes, and the only change to
//! prettyplease's text is that each line that is exactly a marker becomes
//! empty. Output stays deterministic: it depends on the tree alone.

use proc_macro2::Span;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Attribute, Expr, ExprLit, ImplItem, Item, ItemImpl, ItemMod, ItemTrait, Lit, LitStr, Meta,
    TraitItem,
};

/// The name of the marker macro that stands for a blank line while
/// prettyplease prints. Nothing in generated code calls a macro of this name.
const MARKER: &str = "__xtask_blank_line";

/// `file` as text, readable: see the module's documentation.
pub(crate) fn unparse(mut file: syn::File) -> String {
    DocLines.visit_file_mut(&mut file);
    let mut blank_lines = BlankLines { markers: 0 };
    blank_lines.visit_file_mut(&mut file);
    let printed = prettyplease::unparse(&file);
    drop(file);

    let marker_line = format!("{MARKER}!();");
    let mut out = String::with_capacity(printed.len());
    let mut replaced = 0;
    for line in printed.split_inclusive('\n') {
        if line.trim() == marker_line {
            out.push('\n');
            replaced += 1;
        } else {
            out.push_str(line);
        }
    }
    // A line that is exactly a marker can only come from a marker: string
    // literals print on one line (their newlines escaped), and doc text
    // prints after `///`. Checked, since the alternative is a silent change.
    assert_eq!(
        replaced, blank_lines.markers,
        "the generated code has a line `{marker_line}` that is not a blank-line marker"
    );
    out
}

/// Splits every doc attribute into one per line of its text, and gives the
/// text the leading space of `/// text`, so that prettyplease prints each as
/// a `///` (or `//!`) line.
///
/// A doc whose every non-empty line already starts with whitespace (what
/// `///` comments in `quote!` become) keeps its text. Otherwise each
/// non-empty line gets one space, which keeps the lines' relative
/// indentation, so rustdoc (which removes the indentation common to all
/// lines) renders the same Markdown. Trailing blank lines go.
struct DocLines;

impl VisitMut for DocLines {
    fn visit_attributes_mut(&mut self, attrs: &mut Vec<Attribute>) {
        if attrs.iter().any(|attr| doc_text(attr).is_some()) {
            let old = std::mem::take(attrs);
            for attr in old {
                match doc_text(&attr) {
                    Some(text) => attrs.extend(doc_lines(&text).map(|line| {
                        let mut line_attr = attr.clone();
                        if let Meta::NameValue(name_value) = &mut line_attr.meta {
                            name_value.value = Expr::Lit(ExprLit {
                                attrs: Vec::new(),
                                lit: Lit::Str(LitStr::new(&line, Span::call_site())),
                            });
                        }
                        line_attr
                    })),
                    None => attrs.push(attr),
                }
            }
        }
        for attr in attrs {
            self.visit_attribute_mut(attr);
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

/// The lines of a doc's `text` as the `///` lines should hold them.
fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    let text = text.trim_end();
    let spaced = text
        .lines()
        .all(|line| line.trim().is_empty() || line.starts_with(char::is_whitespace));
    // `"".lines()` is empty; an empty doc stays one (empty) line.
    let lines: Vec<&str> = if text.is_empty() {
        vec![""]
    } else {
        text.lines().collect()
    };
    lines.into_iter().map(move |line| {
        let line = line.trim_end();
        if spaced || line.is_empty() {
            line.to_owned()
        } else {
            format!(" {line}")
        }
    })
}

/// Puts a marker between two items of the file, a module, an impl or a
/// trait (not between two `use`s, which read as one block), and after the
/// file's inner attributes, counting them.
struct BlankLines {
    markers: usize,
}

impl BlankLines {
    /// `items` with `marker()` between each two for which `between` holds.
    fn interleave<T>(
        &mut self,
        items: &mut Vec<T>,
        between: impl Fn(&T, &T) -> bool,
        marker: impl Fn() -> T,
    ) {
        let old = std::mem::take(items);
        for item in old {
            if let Some(previous) = items.last()
                && between(previous, &item)
            {
                items.push(marker());
                self.markers += 1;
            }
            items.push(item);
        }
    }
}

fn marker_macro() -> syn::Macro {
    let name = syn::Ident::new(MARKER, Span::call_site());
    syn::parse_quote!(#name!())
}

fn separate_items(previous: &Item, next: &Item) -> bool {
    !matches!((previous, next), (Item::Use(_), Item::Use(_)))
}

fn item_marker() -> Item {
    Item::Macro(syn::ItemMacro {
        attrs: Vec::new(),
        ident: None,
        mac: marker_macro(),
        semi_token: Some(Default::default()),
    })
}

impl VisitMut for BlankLines {
    fn visit_file_mut(&mut self, file: &mut syn::File) {
        visit_mut::visit_file_mut(self, file);
        self.interleave(&mut file.items, separate_items, item_marker);
        if !file.attrs.is_empty() && !file.items.is_empty() {
            file.items.insert(0, item_marker());
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
            || {
                ImplItem::Macro(syn::ImplItemMacro {
                    attrs: Vec::new(),
                    mac: marker_macro(),
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
            || {
                TraitItem::Macro(syn::TraitItemMacro {
                    attrs: Vec::new(),
                    mac: marker_macro(),
                    semi_token: Some(Default::default()),
                })
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unparse_code(code: &str) -> String {
        unparse(syn::parse_str(code).unwrap())
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
    fn string_literals_are_left_alone() {
        let code = r#"fn f() -> &'static str { "///text\n\n__xtask_blank_line ! ();" }"#;
        let out = unparse_code(code);
        assert!(
            out.contains(r#""///text\n\n__xtask_blank_line ! ();""#),
            "{out}"
        );
    }
}
