//! typify's copies of one schema, folded into one type.
//!
//! typify gives every place an inline schema appears its own type, and
//! when it distributes the members of an `allOf` or `anyOf` over the
//! variants of a `oneOf`, it copies each member into every variant: DNS's
//! record answer has 26 variants (one per record type), each with its own
//! `…Variant1Variant3Meta`, the same struct 26 times, with its serde
//! impls. Two components with the same shape and no description of their
//! own (two failure envelopes) are copies too. Each copy costs its derives
//! and impls again, in the product crate's compile and, once decoded, in
//! the program's: 181 of the 478 structs and enums typify made for DNS
//! fold (BENCHMARKS.md).
//!
//! Types whose definitions and impls are the same token for token, but for
//! their own name, become one:
//!
//! - copies whose names differ only by typify's `VariantN` parts become
//!   one type named without them (`DnsRecordsDnsRecordResponseMeta`), when
//!   no other type has that name: the names of the copies were typify's
//!   numbering, not the spec's;
//! - other copies keep their names, as aliases (`pub type B = A;`) of the
//!   first by name: each is a name the spec gave.
//!
//! Every mention in the generated code names the type it became. A trait
//! impl that folding made twice for one type (`From<A>` and `From<B>` of
//! an enum whose variants held copies) is kept once: the first.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::Item;
use syn::visit_mut::VisitMut;

use crate::generate::conversions::{self_name, trait_name};

/// Folds the copies among the types of `file`'s `types` module (see the
/// module docs; folding the copies a type holds can make copies of the
/// types that hold them, which go too). The types of `kept` stay as they
/// are, whatever their tokens: what the spec says per operation of the
/// type an answer decodes into (a nullable `result`, the secrets its
/// resource was sent) is written onto it later. Returns how many structs
/// and enums went (an alias standing for one included).
pub(crate) fn fold_copies(file: &mut syn::File, kept: &BTreeSet<String>) -> usize {
    let copies = copies(file, kept);
    if !copies.folds.is_empty() {
        apply(file, &copies);
    }
    copies.folds.len()
}

/// What one type that goes becomes.
struct Fold {
    /// The type every mention of it names now.
    to: String,
    /// Whether it stays as an alias of `to` (a name the spec gave), with
    /// its doc attributes.
    alias: Option<Vec<syn::Attribute>>,
}

/// The copies among `file`'s types: those that go, by name, with what each
/// becomes; and the kept types renamed (old name, new name).
struct Copies {
    folds: BTreeMap<String, Fold>,
    renames: BTreeMap<String, String>,
}

/// The copies of `file`'s types (see [`Copies`]).
///
/// Types are compared as token lists in which the names of types are read
/// through what each has become so far: a round folds the copies that are
/// the same once the copies they hold are one, until a round folds none.
/// Only types with the same outline (kind, field or variant names, traits
/// implemented) are compared at all.
fn copies(file: &syn::File, kept: &BTreeSet<String>) -> Copies {
    let items = crate::generate::syntax::types_items(file);
    let structs_and_enums: BTreeSet<String> = items.iter().filter_map(type_name).collect();
    // Every name a type has, aliases too: a new name must be free.
    let mut taken = structs_and_enums.clone();
    taken.extend(items.iter().filter_map(|item| match item {
        Item::Type(alias) => Some(alias.ident.to_string()),
        _ => None,
    }));
    let mut impls: HashMap<String, Vec<&syn::ItemImpl>> = HashMap::new();
    for item in items {
        if let Item::Impl(imp) = item
            && let Some(name) = self_name(imp)
            && structs_and_enums.contains(&name)
        {
            impls.entry(name).or_default().push(imp);
        }
    }
    let mut outlines: BTreeMap<String, Vec<&Item>> = BTreeMap::new();
    for item in items {
        if let Some(name) = type_name(item) {
            let own = impls.get(&name).map_or(&[][..], Vec::as_slice);
            outlines.entry(outline(item, own)).or_default().push(item);
        }
    }
    // The candidates: name, tokens (its definition, then its impls, each
    // token a number: the same number, the same token), docs.
    let mut interned: HashMap<Token, u32> = HashMap::new();
    let mut intern = |token: Token| -> u32 {
        let next = u32::try_from(interned.len()).expect("fewer tokens than u32::MAX");
        *interned.entry(token).or_insert(next)
    };
    let own_name = intern(Token::Ident("Self_".into()));
    let mut candidates: Vec<(String, Vec<u32>, Vec<syn::Attribute>)> = Vec::new();
    for item in outlines
        .into_values()
        .filter(|items| items.len() > 1)
        .flatten()
    {
        let name = type_name(item).expect("outlined items are types");
        if kept.contains(&name) {
            continue;
        }
        let mut tokens = Vec::new();
        flatten(item.to_token_stream(), &mut tokens);
        for imp in impls.get(&name).into_iter().flatten() {
            flatten(imp.to_token_stream(), &mut tokens);
        }
        let quoted = format!("`{name}`");
        let tokens: Vec<u32> = tokens
            .into_iter()
            .map(|token| match token {
                Token::Ident(ident) if ident == name => own_name,
                Token::Text(text) if text.contains(&quoted) => {
                    intern(Token::Text(text.replace(&quoted, "`Self_`")))
                }
                token => intern(token),
            })
            .collect();
        let docs = type_attrs(item)
            .into_iter()
            .flatten()
            .filter(|a| a.path().is_ident("doc"))
            .cloned()
            .collect();
        candidates.push((name, tokens, docs));
    }
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    // Each candidate's name as a token, to read what it has become (a
    // name no other candidate mentions too: it may be what they became).
    let names: Vec<String> = candidates.iter().map(|(name, _, _)| name.clone()).collect();
    let ids: HashMap<&str, u32> = names
        .iter()
        .map(|name| (name.as_str(), intern(Token::Ident(name.clone()))))
        .collect();
    // What each candidate has become: the first by name of its copies, by
    // index in `candidates`; and the token of a name, as read now.
    let mut became: Vec<usize> = (0..candidates.len()).collect();
    let mut read: Vec<u32> = (0..u32::try_from(interned.len()).expect("few tokens")).collect();
    loop {
        let mut classes: HashMap<Vec<u32>, usize> = HashMap::new();
        let mut next = Vec::with_capacity(candidates.len());
        for (index, (_, tokens, _)) in candidates.iter().enumerate() {
            let key: Vec<u32> = tokens.iter().map(|&token| read[token as usize]).collect();
            next.push(*classes.entry(key).or_insert(index));
        }
        if next == became {
            break;
        }
        became = next;
        for (index, (name, _, _)) in candidates.iter().enumerate() {
            if let (Some(&own), Some(&first)) = (
                ids.get(name.as_str()),
                ids.get(candidates[became[index]].0.as_str()),
            ) {
                read[own as usize] = first;
            }
        }
    }
    let mut groups: BTreeMap<&String, Vec<(String, Vec<syn::Attribute>)>> = BTreeMap::new();
    for (index, (name, _, docs)) in candidates.iter().enumerate() {
        let first = &candidates[became[index]].0;
        groups
            .entry(first)
            .or_default()
            .push((name.clone(), docs.clone()));
    }
    let mut copies = Copies {
        folds: BTreeMap::new(),
        renames: BTreeMap::new(),
    };
    for (_, members) in groups.into_iter().filter(|(_, m)| m.len() > 1) {
        let reduced = without_variants(&members[0].0);
        let shared = members.iter().all(|(n, _)| without_variants(n) == reduced);
        let owner = members.iter().position(|(n, _)| *n == reduced);
        if shared && (owner.is_some() || !taken.contains(&reduced)) {
            // One type, named without `VariantN`: the member of that name,
            // or the first, renamed.
            let survivor = owner.unwrap_or(0);
            if owner.is_none() {
                taken.insert(reduced.clone());
                copies
                    .renames
                    .insert(members[survivor].0.clone(), reduced.clone());
            }
            for (index, (name, _)) in members.into_iter().enumerate() {
                if index != survivor {
                    copies.folds.insert(
                        name,
                        Fold {
                            to: reduced.clone(),
                            alias: None,
                        },
                    );
                }
            }
        } else {
            let mut members = members.into_iter();
            let (first, _) = members.next().expect("a group has members");
            for (name, docs) in members {
                copies.folds.insert(
                    name,
                    Fold {
                        to: first.clone(),
                        alias: Some(docs),
                    },
                );
            }
        }
    }
    copies
}

/// What copies must share, cheap to read: the kind, the names of the
/// fields or variants, and the traits of the impls.
fn outline(item: &Item, impls: &[&syn::ItemImpl]) -> String {
    let mut outline = String::new();
    match item {
        Item::Struct(s) => {
            outline.push_str("struct");
            for (index, field) in s.fields.iter().enumerate() {
                match &field.ident {
                    Some(ident) => outline.push_str(&format!(" {ident}")),
                    None => outline.push_str(&format!(" {index}")),
                }
            }
        }
        Item::Enum(e) => {
            outline.push_str("enum");
            for variant in &e.variants {
                outline.push_str(&format!(" {}", variant.ident));
            }
        }
        _ => {}
    }
    for imp in impls {
        outline.push_str(&format!(" impl {}", trait_name(imp).unwrap_or_default()));
    }
    outline
}

/// One token of a candidate, as compared.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Token {
    Ident(String),
    /// A literal, as written.
    Text(String),
    Punct(char),
    /// A group's opening delimiter: `(`, `[`, `{`, or none.
    Open(char),
    Close,
}

/// `tokens` as a list of [`Token`]s, into `into`.
fn flatten(tokens: TokenStream, into: &mut Vec<Token>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => into.push(Token::Ident(ident.to_string())),
            TokenTree::Group(group) => {
                into.push(Token::Open(match group.delimiter() {
                    proc_macro2::Delimiter::Parenthesis => '(',
                    proc_macro2::Delimiter::Bracket => '[',
                    proc_macro2::Delimiter::Brace => '{',
                    proc_macro2::Delimiter::None => ' ',
                }));
                flatten(group.stream(), into);
                into.push(Token::Close);
            }
            TokenTree::Literal(literal) => into.push(Token::Text(literal.to_string())),
            TokenTree::Punct(punct) => into.push(Token::Punct(punct.as_char())),
        }
    }
}

/// `name` without typify's `VariantN` parts (`…Variant1Variant3Meta` is
/// `…Meta`).
fn without_variants(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(at) = rest.find("Variant") {
        let after = &rest[at + "Variant".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        out.push_str(&rest[..at]);
        if digits == 0 {
            out.push_str("Variant");
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// The name of a struct or an enum.
fn type_name(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Enum(e) => Some(e.ident.to_string()),
        _ => None,
    }
}

fn type_attrs(item: &Item) -> Option<&Vec<syn::Attribute>> {
    match item {
        Item::Struct(s) => Some(&s.attrs),
        Item::Enum(e) => Some(&e.attrs),
        _ => None,
    }
}

/// Folds `copies` into `file`: the copies and their impls go (an alias
/// stays where asked), kept types take their new names, and every mention
/// follows.
fn apply(file: &mut syn::File, copies: &Copies) {
    for item in &mut file.items {
        let Item::Mod(module) = item else { continue };
        if module.ident != "types" {
            continue;
        }
        let Some((_, items)) = &mut module.content else {
            continue;
        };
        let mut aliases = Vec::new();
        items.retain(|item| {
            let name = match item {
                Item::Impl(imp) => self_name(imp),
                item => type_name(item),
            };
            let Some(fold) = name.as_ref().and_then(|name| copies.folds.get(name)) else {
                return true;
            };
            if let (Some(docs), Some(name)) = (&fold.alias, type_name(item)) {
                aliases.push((name, fold.to.clone(), docs.clone()));
            }
            false
        });
        for (name, to, docs) in aliases {
            let alias = Ident::new(&name, Span::call_site());
            let to_ident = Ident::new(&to, Span::call_site());
            let note = format!(" The same type as [`{to}`] (the same schema).");
            items.push(syn::parse_quote! {
                #(#docs)*
                #[doc = ""]
                #[doc = #note]
                pub type #alias = #to_ident;
            });
        }
    }
    let mut to: HashMap<String, String> = copies
        .folds
        .iter()
        .map(|(name, fold)| (name.clone(), fold.to.clone()))
        .collect();
    to.extend(copies.renames.clone());
    Rename {
        to: &to,
        name: String::new(),
    }
    .visit_file_mut(file);
    drop_twice_made_impls(file);
}

/// Renames every identifier of `to`, and its quoted form in docs and
/// string literals (`` `Name` ``). Aliases keep their own names.
struct Rename<'a> {
    to: &'a HashMap<String, String>,
    /// The identifier being read: one buffer for all of them.
    name: String,
}

impl VisitMut for Rename<'_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        use std::fmt::Write as _;
        self.name.clear();
        let _ = write!(self.name, "{ident}");
        if let Some(to) = self.to.get(self.name.as_str()) {
            *ident = Ident::new(to, ident.span());
        }
    }

    fn visit_item_type_mut(&mut self, alias: &mut syn::ItemType) {
        // `pub type Copy = Kept;`: only the right-hand side.
        self.visit_type_mut(&mut alias.ty);
    }

    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        let value = lit.value();
        if !value.contains('`') {
            return;
        }
        // Between backquotes, every other piece.
        let mut changed = false;
        let pieces: Vec<&str> = value
            .split('`')
            .enumerate()
            .map(|(index, piece)| match self.to.get(piece) {
                Some(to) if index % 2 == 1 => {
                    changed = true;
                    to.as_str()
                }
                _ => piece,
            })
            .collect();
        if changed {
            *lit = syn::LitStr::new(&pieces.join("`"), lit.span());
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        mac.tokens = renamed_tokens(std::mem::take(&mut mac.tokens), self.to);
        syn::visit_mut::visit_macro_mut(self, mac);
    }
}

/// `tokens` with the identifiers of `to` renamed (inside macros, which syn
/// does not parse).
fn renamed_tokens(tokens: TokenStream, to: &HashMap<String, String>) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Ident(ident) => match to.get(&ident.to_string()) {
                Some(new) => TokenTree::Ident(Ident::new(new, ident.span())),
                None => TokenTree::Ident(ident),
            },
            TokenTree::Group(group) => {
                let mut new =
                    proc_macro2::Group::new(group.delimiter(), renamed_tokens(group.stream(), to));
                new.set_span(group.span());
                TokenTree::Group(new)
            }
            other => other,
        })
        .collect()
}

/// Keeps the first of the trait impls in `types` that implement one trait
/// for one type (folding two variants' types into one made two
/// `From<Kept> for Enum`).
fn drop_twice_made_impls(file: &mut syn::File) {
    for item in &mut file.items {
        let Item::Mod(module) = item else { continue };
        if module.ident != "types" {
            continue;
        }
        let Some((_, items)) = &mut module.content else {
            continue;
        };
        let mut seen = HashSet::new();
        items.retain(|item| {
            let Item::Impl(imp) = item else { return true };
            let Some((path, _)) = &imp.trait_ else {
                return true;
            };
            seen.insert((
                path.to_token_stream().to_string(),
                imp.self_ty.to_token_stream().to_string(),
                imp.generics.to_token_stream().to_string(),
            ))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(file: syn::File) -> (usize, String) {
        let mut file = file;
        let count = fold_copies(&mut file, &BTreeSet::from(["Answer".to_owned()]));
        (count, prettyplease::unparse(&file))
    }

    #[test]
    fn copies_made_by_variants_become_one_type_named_without_them() {
        let (count, text) = folded(syn::parse_quote! {
            pub mod types {
                #[serde(untagged)]
                pub enum Record {
                    Variant0 { meta: RecordVariant0Meta, kind: RecordVariant0Kind },
                    Variant1 { meta: RecordVariant1Meta, kind: RecordVariant1Kind },
                }
                /// Extra metadata.
                #[derive(Clone, Debug)]
                pub struct RecordVariant0Meta { pub glue: Option<bool> }
                impl Default for RecordVariant0Meta { fn default() -> Self { RecordVariant0Meta { glue: None } } }
                /// Extra metadata.
                #[derive(Clone, Debug)]
                pub struct RecordVariant1Meta { pub glue: Option<bool> }
                impl Default for RecordVariant1Meta { fn default() -> Self { RecordVariant1Meta { glue: None } } }
                #[derive(Clone, Debug)]
                pub enum RecordVariant0Kind { A }
                #[derive(Clone, Debug)]
                pub enum RecordVariant1Kind { Aaaa }
                pub struct Answer { pub result: Option<u8> }
                pub struct OtherAnswer { pub result: Option<u8> }
            }
            impl Client {
                pub fn meta(&self) -> types::RecordVariant1Meta { todo!() }
            }
        });
        assert_eq!(count, 1, "{text}");
        assert!(
            !text.contains("RecordVariant0Meta") && !text.contains("RecordVariant1Meta"),
            "{text}"
        );
        assert_eq!(text.matches("pub struct RecordMeta {").count(), 1, "{text}");
        assert_eq!(
            text.matches("impl Default for RecordMeta {").count(),
            1,
            "{text}"
        );
        assert!(text.contains("RecordMeta { glue: None }"), "{text}");
        assert!(
            text.contains("meta: RecordMeta, kind: RecordVariant0Kind"),
            "{text}"
        );
        assert!(text.contains("-> types::RecordMeta"), "{text}");
        // Different values: not copies.
        assert!(text.contains("pub enum RecordVariant1Kind"), "{text}");
        // An answer's own type stays, whatever its tokens.
        assert!(
            text.contains("pub struct Answer {") && text.contains("pub struct OtherAnswer {"),
            "{text}"
        );
    }

    #[test]
    fn copies_named_by_the_spec_stay_as_aliases_and_impls_made_twice_go() {
        let (count, text) = folded(syn::parse_quote! {
            pub mod types {
                /// `ByTimeFailure`
                #[derive(Clone, Debug)]
                pub struct ByTimeFailure { pub errors: Vec<String> }
                /// `TableFailure`
                #[derive(Clone, Debug)]
                pub struct TableFailure { pub errors: Vec<String> }
                pub enum Either { Variant0(ByTimeFailure), Variant1(TableFailure) }
                impl From<ByTimeFailure> for Either { fn from(value: ByTimeFailure) -> Self { Self::Variant0(value) } }
                impl From<TableFailure> for Either { fn from(value: TableFailure) -> Self { Self::Variant1(value) } }
            }
        });
        assert_eq!(count, 1, "{text}");
        assert!(text.contains("pub struct ByTimeFailure"), "{text}");
        assert!(!text.contains("pub struct TableFailure"), "{text}");
        assert!(
            text.contains("/// `TableFailure`\n    ///\n    /// The same type as [`ByTimeFailure`] (the same schema).\n    pub type TableFailure = ByTimeFailure;"),
            "{text}"
        );
        assert!(text.contains("Variant1(ByTimeFailure)"), "{text}");
        assert_eq!(
            text.matches("impl From<ByTimeFailure> for Either").count(),
            1,
            "{text}"
        );
        assert!(text.contains("Self::Variant0(value)"), "{text}");
    }

    #[test]
    fn names_lose_only_numbered_variant_parts() {
        assert_eq!(
            without_variants("DnsRecordsResponseVariant1Variant12Meta"),
            "DnsRecordsResponseMeta"
        );
        assert_eq!(without_variants("VariantSettings"), "VariantSettings");
        assert_eq!(without_variants("Plain"), "Plain");
    }
}
