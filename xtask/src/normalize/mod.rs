//! The few rewrites that let progenitor and typify take the spec as
//! Cloudflare writes it, and decode what the real API answers. The spec
//! stays in Cloudflare's terms; what changes is only the merged document
//! handed to progenitor, never a file on disk.
//!
//! | rewrite | why |
//! |---|---|
//! | `path_parameters_named_as_their_template` (`xtask/src/normalize/path_names.rs`), first, before the checks: an operation whose path template has one name no `in: path` parameter declares, and which declares one `in: path` parameter the template lacks, has that parameter named as the template names it (a `$ref` to a shared parameter becomes a renamed copy) | Cloudflare declares `account_id` for `{account_or_zone_id}` (Log Explorer's datasets, 11 operations of the 2026-08-14 schema); progenitor panics on a template name nothing declares ("missing path name mapping"), and the checks refuse it |
//! | `component_names_distinct` (`xtask/src/normalize/distinct_names.rs`), first, after the checks: component schemas whose keys give one Rust type name (they differ only in separators or case: Zones' `bill-subs-api_rate-plan` and `bill-subs-api_rate_plan`) keep the first key (byte order) and the others become `<key>-<n>`, the first `n` from 2 whose type name is free, every `$ref` following | typify names a component's type after its key in upper camel case: two `struct BillSubsApiRatePlan`, and the product crate did not compile (E0428) |
//! | `secret_markers` (`xtask/src/redact/markers.rs`), next: every schema the spec marks secret (`writeOnly`, `format: password`) also says `x-sensitive: true`, and a `$ref` with a marker beside it becomes `allOf: [$ref]` with the marker | the rewrites below drop `format` from answers, and OpenAPI 3.0 (and openapiv3) ignore a `$ref`'s siblings: the marker would be lost, and the value printed by `Debug` (see `xtask/src/redact/`) |
//! | `open_unions` (`xtask/src/normalize/open_union.rs`): a `oneOf`/`anyOf` marked `x-rust-open-union: true` becomes an object of the properties all its kinds have and an open map of the rest, with its kinds' secret property names in `x-rust-secret-keys`; the kinds' components go | typify makes the union an enum of its kinds, and an answer holding a kind added after the spec (a Worker's bindings: 36 kinds, and the list grows) would fail to decode, whole |
//! | `multipart` (`xtask/src/normalize/multipart.rs`): a `multipart/form-data` body becomes bytes with a `Content-Type` header parameter, its parts listed in `x-rust-multipart` and its JSON parts' schemas made components; a form whose schema names no part, only `additionalProperties` (any part name: Workers' asset upload, a part per asset named by its hash; 1 operation of the 2026-08-14 schema), is one part `files` of files each sent as a part named by its file name | progenitor refuses the content type ("unexpected content type"); the tree generates a setter per part, and the generated crate's `multipart::Form` encodes them; with no part named there was no setter to make, and regen stopped |
//! | `url_encoded` (`xtask/src/generate/url_encoded.rs`): a boolean query parameter marked `x-rust-url-encoded-flag: <path parameter>` leaves the operation's parameters for its `x-rust-url-encoded` | the API decodes that path parameter only when the flag is `true`; the client always encodes it as `encodeURIComponent` does and sends the flag, so no setter may offer it (progenitor would make one) |
//! | `nullable_references`: a `$ref` with `nullable: true` beside it becomes `allOf: [{$ref}]` with `nullable: true` (and the `$ref`'s descriptive siblings; the others, which OpenAPI 3.0 ignores, go) | Cloudflare writes "this schema, or `null`" as `{$ref, nullable: true}` (126 times in the 2026-08-14 schema: a bulk secret patch's `null` that deletes a secret); OpenAPI 3.0, openapiv3 and typify ignore a `$ref`'s siblings, so `null` would be refused |
//! | `discriminated_any_of_as_one_of`: an `anyOf` with a `discriminator` whose alternatives each fix its property to a different constant becomes a `oneOf` | no value can match two such alternatives, so both say the same; typify makes an `anyOf` a struct of optional, flattened alternatives, and a `oneOf` the enum it is (a Worker's secret: `secret_text` or `secret_key`; 51 in the 2026-08-14 schema) |
//! | `disjoint_any_of_as_one_of` (`xtask/src/normalize/disjoint_any_of.rs`): an `anyOf` whose alternatives are of different JSON types (an object and a list, through `$ref`s and unions of one type) becomes a `oneOf` | no value matches two of them, so both mean the same; typify makes an `anyOf` a struct of flattened, optional alternatives, and serde cannot flatten a list: Zero Trust's SCIM `authentication` (one scheme or a list) failed to decode as a list (`invalid type: sequence, expected a map`) |
//! | `uuids_as_patterns`: a string of `format: uuid` loses the format and, unless it has a `pattern`, gets one that matches exactly a UUID's text (`8-4-4-4-12` hexadecimal digits) | typify types it `::uuid::Uuid`, and a product crate has no `uuid` dependency (D12 of the 2026 measurement: the crate does not compile); the pattern keeps the check before sending, in a `String` newtype, and answers (which drop formats and patterns) stay plain `String`s |
//! | `statuses_in_their_range`: a response for one status code (`429`) whose content is its range's (`4XX`), references followed, goes: the range answers it | progenitor matches the range first, so the code's arm is unreachable (a `warning: unreachable pattern` in the product crate, which `-D warnings` refuses); Cloudflare lists `429` beside `4XX` with the same failure envelope |
//! | `null_only_to_any`: `enum: [null]` becomes "any value, nullable" (what else shapes the value beside it, an `anyOf` too, goes: it allows only `null`) | typify makes `enum: [null]` a strict `()`, which rejects `{}`, `[]` or anything else a server sends in `result` of a failed call, and so would make a readable error response undecodable |
//! | `envelope_common_fields`: in every schema with a `success` property and any of `errors`, `messages` and `result` (an envelope, however Cloudflare words it: Queues' without `success` required, Audit Logs' without `errors` or `messages`), `errors` and `messages` become optional, nullable lists of `response-info` (added where the schema has none), `result_info` a `result-info`, and `result` is not `required` | answers leave out `messages`, send `null`, and carry `result_info` where the schema has none; typify would refuse the first two and drop the third. A failure leaves `result` out, though Cloudflare's Workers failure envelope requires it; what a missing `result` of a success means is the operation's (`Envelope::result_when_absent`: `None`, an empty list, or `Error::Decode`). `response-info` and `result-info` are the hand-written lenient types of the generated crate (`src/info.rs`), which regen substitutes for whatever the spec says of them. Every envelope then has the same fields, and its `result` is the operation's `Response<T>` (`xtask/src/generate/envelope.rs`) |
//! | `unknown_type_to_any`: `type: unknown` (Cloudflare's `workers-kv_any`) loses its `type`: any JSON value; a `$ref` to a component that is any JSON value becomes that value inline (`any_value_references_inlined`); any other `type` that is not one of OpenAPI 3.0's six is refused, naming the file, line and schema | progenitor panics on a type it does not know (`not yet implemented: invalid type: unknown`), for the whole spec; and typify makes a component that refers to another a newtype of it (`WorkersKvMetadata(WorkersKvAny(Value))`), which a plain `serde_json::Value` does not convert into |
//! | `references_with_required_inlined`: a `$ref` to an object component written with `required` beside it (Cloudflare's `iam_token_body`: `$ref: iam_token_base, required: [name, policies]`) becomes a copy of that component with those properties required too (and the other keywords beside the `$ref`) | OpenAPI 3.0 ignores what is beside a `$ref`, and so do progenitor and typify: the properties the API requires became optional setters, and a request without them was sent (Prism, like the API, reads them as required) |
//! | `aliases_followed`: a `$ref` to a component that is itself only a `$ref` to another (with `type` or documentation beside it: DNS's `dns_response_trigger_scan` is `api-response-single`, which is `api-response-common`) refers to the last one instead | typify makes each such component a newtype of the next (`DnsRecordsDnsResponseTriggerScan(DnsRecordsApiResponseSingle)`), which is no envelope: the answer came raw, not as `Response<result>` |
//! | `results_without_success_as_envelopes`: a success answer's object schema with a `result` property and no `success` (DNS's record delete: `{result: {id}}`) gets an optional `success` | it is Cloudflare's envelope in all but the wording; with `success` the envelope rules below make it one, and its `result` is the `Response<T>` |
//! | `successes_as_one` (`xtask/src/normalize/successes.rs`), after `results_without_success_as_envelopes`: an operation whose success answers (`2xx`) carry JSON of different schemas gets one component, `<operationId>-success`, for all of them: an object of every answer's properties (those several answers have differently merged alike when objects, an envelope's `result`, else an `anyOf`), required where every answer requires it | progenitor asserts one success type per operation (`response_types.len() <= 1`) and stops the whole spec (Workers' asset upload: `201` with the completion token, `202` with an empty `result`; 15 operations of the 2026-08-14 schema answer several JSON schemas, D1's export and import among them, whose two inline answers had one generated type between them, both named `<OperationId>Response`); merged, the envelope stays one and its `result` holds what either answer holds, the status telling which came |
//! | `path_parameters_as_text` (`xtask/src/normalize/path_text.rs`): a path parameter (or a query or header one) that is a union of strings becomes `type: string`; a `$ref` to an unconstrained string component is written inline; a string `enum` becomes a `pattern` of exactly its values; a `format` (`uuid`) goes | a path segment is text: typify makes a union of strings a struct with a builder, on which progenitor's path builder panics (D1's `{database_id}`); a newtype of an unconstrained component converts from `String` only, an enum is no `&str` for the tree's segment check, and `format: uuid` is a `uuid::Uuid` the generated crate has no dependency for |
//! | `unnamable_enums_as_patterns`: a string `enum` whose values have no distinct Rust names (`[==, !=, >, >=, <, <=]`, Cloudflare's `cloudforce-one_EmailRuleArrayCondition`) becomes a `pattern` that matches exactly those values | typify names each value as a variant and panics when two get one name ("Failed to make unique variant names"), for the whole spec; a pattern keeps the check (a `String` newtype that refuses other values) |
//! | `schemaless_media_types`: a request body's or answer's media type without a `schema` gets one: any JSON value for JSON (`application/json`, `…+json`), bytes (`type: string, format: binary`) for any other | progenitor refuses a body without a schema ("No schema specified for request body") and stops on an answer without one (`todo!`); OpenAPI's meaning of no schema is "any content", which is what the official SDKs take (`body: unknown` for `cacheReserve.clear`) |
//! | `default_beside_successes_as_failures`, before `failures_without_envelope_undeclared`: an operation's `default` answer beside a success answer (`2xx`) becomes its `4XX` and `5XX` answers (each where the operation has none), and goes | OpenAPI's `default` is every status the operation lists no answer for, which beside a success is every failure; progenitor counts `default` as a success type too, and asserts one success type per operation (`response_types.len() <= 1`): Brand Protection's lists answer `200` with their result and `default` with an error object, and regen stopped (20 operations of the 2026-08-14 schema); read as success, such a failure would have been decoded as the operation's result. |
//! | `failures_without_envelope_undeclared`: a failure answer (`4XX`, `5XX`, `400`–`599`) that is not an envelope (no content, a media type other than JSON, or a schema without `success` and any of `errors`, `messages`, `result`: Cloudflare's success schema reused, another product's shape) is removed from its operation, and so is each envelope of another schema than the one kept (`4XX`'s, else the first: Audit Logs' `404` beside its `4XX`), and a status its range answers alike (R2's `409` beside `4XX`) | progenitor asserts one failure type per operation (`response_types.len() <= 1`), writes a status after its range as an unreachable match arm (a warning), and would type a failure that is no envelope, and the tree's code needs a failure it can read Cloudflare's errors from (D6: 865 operations of the 2026 schema did not compile); undeclared, such an answer reaches the crate's `Error::Api` as the bytes that came, with status and headers, its errors read from it when it holds an envelope after all, the body kept when not (`crates/cloudflare-api/src/answer/normalize.rs`, `failure`). An operation left with no failure type has `()`, an `Envelope` of nothing |
//! | `operation_types_apart_from_components`: an operation's inline answer or body schema whose name progenitor would give (`<OperationId>Response`, `<OperationId>Body`) is a component's type name too becomes a component of its own, `<operationId>-response-envelope` or `<operationId>-request-body`; an inline failure beside an inline success becomes `<operationId>-failure` | progenitor and typify give both one Rust type, silently: D1's time travel restore answered its result component (`d1_time-travel-restore-response`) instead of the envelope holding it, and every answer decoded as a result of nothing (D14); an inline success and failure are both `<OperationId>Response`, one type (User's subscription delete failed with its success type) |
//! | `scalar_unions_as_scalars`: an `anyOf` or `oneOf` whose alternatives are all plain values of one type (numbers and integers count as numbers; no file, `format: binary`) becomes that type, keeping its documentation (DNS's TTL: `anyOf: [number 30..86400, enum [1]]` is a `number`) | typify makes such an `anyOf` a struct of its alternatives each `#[serde(flatten)]`, which serde cannot do for a number: no TTL decoded or was sent (`data did not match any variant`) |
//! | `union_defaults_dropped`: a `default` on an `anyOf` or `oneOf` is removed (its description keeps saying it, and the API applies it) | typify checks a default against the type it makes of the union, refuses one it cannot place (DNS's TTL, `anyOf: [number 30..86400, enum [1]], default: 1`: "value does not conform to the given schema"), and stops the whole spec |
//! | `one_request_media_type`: a request body with several media types keeps one (`multipart/form-data`, else `application/json`, else the first); each other one is an omission (`crate::normalize::omissions`) | progenitor takes one media type per body and panics on more (`more media types than expected`) |
//! | `request_media_types_progenitor_takes` (`xtask/src/normalize/media_types.rs`), after `one_request_media_type`: a request body of a media type progenitor refuses is handed over as JSON when its media type is JSON by name (`application/scim+json`), as bytes otherwise (`application/x-ndjson`), its media type written in the operation's `x-rust-media-type`, which `send()` sets as `Content-Type` (`xtask/src/generate/media_types.rs`); a `text/plain` body whose schema is more than a plain string becomes one | progenitor takes `application/json`, `application/octet-stream`, form-urlencoded and plain text bodies only, and stops the whole spec on any other ("unexpected content type": SCIM's users and groups, Vectorize's inserts, 9 operations of the 2026-08-14 schema) and on a text body of `format: binary` (Log Explorer's SQL query) |
//! | `cookie_parameters_left_out`: `in: cookie` parameters are removed, each an omission | progenitor refuses the whole spec ("cookie parameters are not supported") |
//! | `parameters_not_nullable`: a header or path parameter's schema loses `nullable: true` (a `$ref` to a nullable schema becomes a copy of it without) | a header or a path segment carries text or nothing: it cannot be `null`; progenitor makes an optional, nullable header an `Option<Option<String>>`, whose inner `Option` it then writes with `to_string()`, and typify a nullable path parameter a newtype of an `Option`, which has no text to put in the path: neither compiled (Browser Rendering's `cf-brapi-guardrails`, Logpush's `{dataset_id}`, Addressing's `{loa_document_id}`) |
//! | `response_media_types_left_out` (a check, no rewrite): a response with JSON and other media types is an omission for each other one | progenitor decodes `application/json` and ignores the others, so such an answer fails to decode |
//! | `unexploded_query_lists`: the names of an operation's list query parameters with `explode: false` go into its `x-rust-unexploded`, and regen sends each as one pair `ids=a,b` (`xtask/src/generate/unexploded.rs`) | progenitor ignores `explode` and sends `ids=a&ids=b`, not the `ids=a,b` the spec asks for |
//! | `unconstrained_answers`: in everything an answer can hold, references to scalar schemas are inlined, a `writeOnly` property is not `required`, a `default` goes, and input constraints dropped (`maxLength`, `pattern`, `enum` of several values, `minimum`, `additionalProperties: false`, formats other than dates, ...); object schemas that requests use too are split, requests getting a `-input` copy that keeps them | typify checks a schema's constraints when decoding, so one over-long id in an answer failed the whole call (and a `required` write-only property, which OpenAPI 3.0 requires of requests only and answers never hold, such as a secret's `text`, every answer); with a `default` typify makes a field a plain value (`logpush: bool`), so an answer that leaves it out reads as if it held the default, and sending that answer back as settings would set what it never said, and it wraps constrained strings in newtypes (`DispatchNamespaceNamespaceId`) with no `Display`; answers become plain `String`s and numbers while requests are still checked before sending |
//! | `overlapping_unions` (`xtask/src/normalize/overlapping_union.rs`, part of `unconstrained_answers`): in everything an answer can hold, an `anyOf` whose object alternatives share a property that no constant tells apart becomes one object of every alternative's properties (each typed where the alternatives that have it type it the same, else any JSON value; an open map when one takes unlisted properties), or any JSON value when an alternative is no object; each operation whose answers hold one records an omission (its typed alternatives) | typify makes such a union a struct of its alternatives, each `#[serde(flatten)]` and optional: the first takes the shared properties, the others decode without them, and one that fails on a value is `None`, what it took gone (Workers KV's bulk get: `{"values": {"key1": "value1", "missing": null}}` decoded as two empty alternatives, no error); or an untagged enum whose first alternative that decodes drops what the others hold |
//! | `input_copies_named_as_written` (`xtask/src/normalize/input_names.rs`), per product, when `generate::split` cuts the spec: a request's copy `<name>-input` of a schema (made by `unconstrained_answers`, below, which marks it) is named `<name>` again in a product that does not reach `<name>` itself | the spec is normalized whole, so a product's type names depended on the other products: when `workers` joined, its answers held the secret bindings Workers for Platforms only sends, and WfP's `types::WorkersSecret` became `WorkersSecretInput` |
//! | `clashing_titles_dropped`, last: a `title` that several different schemas written inline have is removed from each of them (a component's own `title` is left alone) | typify names an inline schema after its `title`, and a second, different schema with the same title silently gets the first one's type (Cache's delete of Smart Tiered Cache decoded as the setting's get, and failed: `missing field value`); without the title it is named after where it is |
//!
//! Add a rewrite here (one function, one row) only when progenitor cannot
//! take a construct that the real API needs; say in the row what typify or
//! progenitor does without it. A rewrite that leaves part of an operation
//! out records an `Omission` (regen warns; `--check` fails unless the
//! spec acknowledges it); one that cannot take a construct returns a
//! `Refusal` naming where it is.

pub(crate) mod disjoint_any_of;
pub(crate) mod distinct_names;
pub(crate) mod input_names;
pub(crate) mod media_types;
pub(crate) mod multipart;
pub(crate) mod omissions;
pub(crate) mod open_union;
pub(crate) mod overlapping_union;
pub(crate) mod path_names;
pub(crate) mod path_text;
pub(crate) mod successes;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::normalize::omissions::Omission;
use crate::spec::location::Path;
use crate::spec::refs::{SCHEMAS, component_in, is_data, pointer_token, reach};

/// A construct no rewrite can take: where it is, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) at: Path,
    pub(crate) message: String,
}

/// Applies every rewrite, in order, to the merged document; returns what
/// they leave out of operations.
///
/// # Errors
///
/// What `xtask/src/spec/checks.rs` refuses in the spec as written (a `$ref`
/// to nothing, an `x-rust-*` extension misspelled or misplaced), a schema
/// `type` that OpenAPI 3.0 does not have, a union marked
/// `x-rust-open-union` that cannot be folded (see `xtask/src/normalize/open_union.rs`),
/// a multipart body that cannot be a form (see `xtask/src/normalize/multipart.rs`),
/// or a `url_encoded` flag that cannot be one (`xtask/src/generate/url_encoded.rs`).
pub(crate) fn apply(document: &mut Value) -> Result<Vec<Omission>, Refusal> {
    crate::normalize::path_names::path_parameters_named_as_their_template(document);
    crate::spec::checks::written(document)?;
    crate::normalize::distinct_names::component_names_distinct(document);
    let mut omissions = Vec::new();
    crate::redact::canonical_markers(document);
    nullable_references(document);
    crate::normalize::open_union::fold(document)?;
    discriminated_any_of_as_one_of(document);
    crate::normalize::disjoint_any_of::disjoint_any_of_as_one_of(document);
    visit_schemas(document, &mut unknown_type_to_any);
    any_value_references_inlined(document);
    known_types(document, &mut Vec::new())?;
    references_with_required_inlined(document);
    aliases_followed(document);
    results_without_success_as_envelopes(document);
    crate::normalize::successes::successes_as_one(document);
    crate::normalize::path_text::path_parameters_as_text(document);
    visit_schemas(document, &mut unnamable_enums_as_patterns);
    let snapshot = crate::spec::refs::targets(document);
    visit_schemas(document, &mut |object| {
        scalar_unions_as_scalars(&snapshot, object)
    });
    visit_schemas(document, &mut union_defaults_dropped);
    schemaless_media_types(document);
    operation_types_apart_from_components(document);
    default_beside_successes_as_failures(document);
    failures_without_envelope_undeclared(document);
    visit_schemas(document, &mut uuids_as_patterns);
    one_request_media_type(document, &mut omissions);
    crate::normalize::media_types::request_media_types_progenitor_takes(document);
    cookie_parameters_left_out(document, &mut omissions);
    parameters_not_nullable(document);
    statuses_in_their_range(document);
    response_media_types_left_out(document, &mut omissions);
    unexploded_query_lists(document);
    crate::normalize::multipart::bodies_as_bytes(document, &mut omissions)?;
    crate::generate::url_encoded::flags_to_extensions(document)?;
    visit_schemas(document, &mut null_only_to_any);
    envelope_common_fields(document);
    crate::normalize::overlapping_union::in_answers(document, &mut omissions);
    unconstrained_answers(document);
    clashing_titles_dropped(document);
    Ok(omissions)
}

/// What a `$ref`'s sibling may say without changing the shape: kept when
/// the `$ref` moves into an `allOf`.
const DESCRIPTIVE: [&str; 6] = [
    "description",
    "title",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// `{$ref: X, nullable: true, ..}` becomes `{allOf: [{$ref: X}], nullable:
/// true}`, with the descriptive siblings and extensions; the others (a
/// `type` that repeats the target's) go, as OpenAPI 3.0 ignores them.
fn nullable_references(document: &mut Value) {
    visit_schemas(document, &mut |object| {
        if !object.contains_key("$ref") || object.get("nullable") != Some(&Value::Bool(true)) {
            return;
        }
        let mut target = Map::new();
        if let Some(reference) = object.remove("$ref") {
            target.insert("$ref".into(), reference);
        }
        object.retain(|key, _| {
            key == "nullable" || DESCRIPTIVE.contains(&key.as_str()) || key.starts_with("x-")
        });
        object.insert("allOf".into(), Value::Array(vec![Value::Object(target)]));
    });
}

/// An `anyOf` with a `discriminator` whose alternatives each hold its
/// property as a different single-valued `enum` becomes a `oneOf`: no
/// value can match two of them.
fn discriminated_any_of_as_one_of(document: &mut Value) {
    let snapshot = crate::spec::refs::targets(document);
    visit_schemas(document, &mut |object| {
        let Some(property) = object
            .get("discriminator")
            .and_then(|discriminator| discriminator.get("propertyName"))
            .and_then(Value::as_str)
        else {
            return;
        };
        let Some(Value::Array(alternatives)) = object.get("anyOf") else {
            return;
        };
        let mut constants = BTreeSet::new();
        for alternative in alternatives {
            let alternative = crate::spec::refs::resolve(&snapshot, alternative);
            let constant = alternative
                .pointer(&format!("/properties/{}/enum", pointer_token(property)))
                .and_then(Value::as_array)
                .filter(|values| values.len() == 1)
                .map(|values| values[0].to_string());
            if !constant.is_some_and(|constant| constants.insert(constant)) {
                return;
            }
        }
        if let Some(alternatives) = object.remove("anyOf") {
            object.insert("oneOf".into(), alternatives);
        }
    });
}

/// `type: unknown` becomes no `type`: any JSON value (typify:
/// `serde_json::Value`). Cloudflare publishes it for "arbitrary JSON"
/// (`workers-kv_any`: a key's metadata).
fn unknown_type_to_any(object: &mut Map<String, Value>) {
    if object.get("type").and_then(Value::as_str) == Some("unknown") {
        object.remove("type");
    }
}

/// The text of a UUID, any case (RFC 9562).
pub(crate) const UUID_PATTERN: &str =
    "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

/// A string of `format: uuid` becomes a `String` checked by a pattern
/// (its own, or a UUID's), not typify's `uuid::Uuid`.
fn uuids_as_patterns(object: &mut Map<String, Value>) {
    if object.get("format").and_then(Value::as_str) != Some("uuid") {
        return;
    }
    object.remove("format");
    object
        .entry("pattern")
        .or_insert_with(|| Value::String(UUID_PATTERN.into()));
}

/// A union of plain values of one type becomes that type (see the table
/// above).
fn scalar_unions_as_scalars(document: &Value, object: &mut Map<String, Value>) {
    let Some(Value::Array(alternatives)) = object.get("anyOf").or_else(|| object.get("oneOf"))
    else {
        return;
    };
    let mut kinds = BTreeSet::new();
    for alternative in alternatives {
        let alternative = crate::spec::refs::resolve(document, alternative);
        // A file (`format: binary`) beside text stays a union: a form's
        // part takes either (Workers KV's `value`).
        if !is_scalar(alternative) || alternative.get("format") == Some(&"binary".into()) {
            return;
        }
        let kind = match alternative.get("type").and_then(Value::as_str) {
            Some("integer" | "number") => "number".to_owned(),
            Some(other) => other.to_owned(),
            None => return,
        };
        kinds.insert(kind);
    }
    let Some(kind) = kinds.pop_first().filter(|_| kinds.is_empty()) else {
        return;
    };
    let kept: Map<String, Value> = object
        .iter()
        .filter(|(key, _)| {
            matches!(
                key.as_str(),
                "description" | "example" | "nullable" | "readOnly" | "writeOnly" | "deprecated"
            ) || key.starts_with("x-")
        })
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    *object = kept;
    object.insert("type".into(), Value::String(kind));
}

/// A union's `default` goes (see the table above).
fn union_defaults_dropped(object: &mut Map<String, Value>) {
    if object.contains_key("anyOf") || object.contains_key("oneOf") {
        object.remove("default");
    }
}

/// A string `enum` whose values typify cannot give distinct variant names
/// becomes `pattern: ^(?:v1|v2|..)$`: the same values, checked the same
/// way, in a `String` newtype.
fn unnamable_enums_as_patterns(object: &mut Map<String, Value>) {
    let Some(Value::Array(values)) = object.get("enum") else {
        return;
    };
    let Some(values) = values
        .iter()
        .map(Value::as_str)
        .collect::<Option<Vec<&str>>>()
    else {
        return;
    };
    if values.len() < 2 || object.contains_key("pattern") || variant_names_differ(&values) {
        return;
    }
    let alternatives: Vec<String> = values.iter().map(|value| regex_escape(value)).collect();
    let pattern = format!("^(?:{})$", alternatives.join("|"));
    object.remove("enum");
    object.insert("type".into(), "string".into());
    object.insert("pattern".into(), Value::String(pattern));
}

/// Whether typify names `values` with distinct variants: as it does, by
/// each value in Pascal case with what cannot be in a name dropped, else
/// with those characters (and `_`) written `X`.
fn variant_names_differ(values: &[&str]) -> bool {
    use heck::ToPascalCase;
    let name = |raw: String| -> String {
        let out = match raw.as_str() {
            "+1" => "plus1".to_owned(),
            "-1" => "minus1".to_owned(),
            _ => raw
                .replace('\'', "")
                .replace(|c: char| !(c.is_alphanumeric() || c == '_'), "-")
                .to_pascal_case(),
        };
        match out.chars().next() {
            None => "X".to_owned(),
            Some(c) if c.is_alphabetic() || c == '_' => out,
            Some(_) => format!("X{out}"),
        }
    };
    let unique = |names: Vec<String>| names.iter().collect::<BTreeSet<_>>().len() == names.len();
    unique(values.iter().map(|v| name((*v).to_owned())).collect())
        || unique(
            values
                .iter()
                .map(|v| name(v.replace(|c: char| c == '_' || !c.is_alphanumeric(), "X")))
                .collect(),
        )
}

/// `value` as a regular expression that matches exactly it.
pub(crate) fn regex_escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        if "\\^$.|?*+()[]{}/".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Keywords that describe a schema without constraining its values.
const DOC_KEYWORDS: [&str; 5] = ["description", "title", "example", "deprecated", "readOnly"];

/// Whether `schema` is "any JSON value": nothing but documentation.
fn is_any_value(schema: &Value) -> bool {
    schema.as_object().is_some_and(|object| {
        object
            .keys()
            .all(|key| DOC_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-"))
    })
}

/// A reference to a component that is any JSON value (`workers-kv_any`
/// once `type: unknown` is gone, or `workers-kv_metadata`, a `$ref` to it
/// with a description) becomes that value inline, keeping what is written
/// beside the `$ref`: typify would make each such component a newtype of
/// the one it refers to (`WorkersKvMetadata(WorkersKvAny(Value))`), which
/// no plain `serde_json::Value` converts into.
fn any_value_references_inlined(document: &mut Value) {
    loop {
        // Each such component, by name, with its description.
        let any: BTreeMap<String, Option<Value>> = match document.pointer("/components/schemas") {
            Some(Value::Object(schemas)) => schemas
                .iter()
                .filter(|(_, schema)| is_any_value(schema))
                .map(|(name, schema)| (name.clone(), schema.get("description").cloned()))
                .collect(),
            _ => return,
        };
        let mut changed = false;
        visit_schemas(document, &mut |object| {
            if let Some(description) = component_in(object).and_then(|name| any.get(name)) {
                let description = description.clone();
                object.remove("$ref");
                if let Some(description) = description {
                    object.entry("description").or_insert(description);
                }
                changed = true;
            }
        });
        if !changed {
            return;
        }
    }
}

/// The six types of OpenAPI 3.0 schemas.
const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// Keys whose value is a map from names to things (schemas, media types,
/// ...), not a thing: a property named `type` is no `type` keyword.
const NAMED_MAPS: [&str; 12] = [
    "properties",
    "paths",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "content",
    "encoding",
    "links",
    "callbacks",
    "components",
];

/// Refuses a schema whose `type` is none of [`TYPES`] (progenitor would
/// panic on it), naming where it is. `path` is where `value` is.
fn known_types(value: &Value, path: &mut Path) -> Result<(), Refusal> {
    let in_named_map = path
        .last()
        .is_some_and(|key| NAMED_MAPS.contains(&key.as_str()))
        && path
            .iter()
            .rev()
            .nth(1)
            .is_none_or(|parent| parent != "properties");
    match value {
        Value::Object(object) => {
            if !in_named_map
                && let Some(ty) = object.get("type")
                && !ty.as_str().is_some_and(|ty| TYPES.contains(&ty))
            {
                path.push("type".into());
                return Err(Refusal {
                    at: path.clone(),
                    message: format!(
                        "`type: {ty}` is not an OpenAPI 3.0 type (string, number, integer, \
                         boolean, array, object); write the type the values have, or leave \
                         `type` out for any JSON value"
                    ),
                });
            }
            for (key, child) in object {
                // Security schemes have `type`s of their own (`http`, `apiKey`).
                if is_data(key) || (key == "securitySchemes" && path.len() == 1) {
                    continue;
                }
                path.push(key.clone());
                known_types(child, path)?;
                path.pop();
            }
            Ok(())
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                known_types(item, path)?;
                path.pop();
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The media types a request body keeps, in order of preference: a form
/// (regen generates a setter per part, files included), then JSON.
const PREFERRED_MEDIA_TYPES: [&str; 2] = ["multipart/form-data", "application/json"];

/// A `$ref` to an object component with `required` beside it becomes the
/// component's copy with the siblings applied (see the table above).
fn references_with_required_inlined(document: &mut Value) {
    let snapshot = crate::spec::refs::targets(document);
    visit_schemas(document, &mut |object| {
        let Some(Value::Array(required)) = object.get("required") else {
            return;
        };
        let Some(target) = component_in(object).and_then(|name| {
            snapshot.pointer(&format!("/components/schemas/{}", pointer_token(name)))
        }) else {
            return;
        };
        let Value::Object(target) = crate::spec::refs::resolve(&snapshot, target) else {
            return;
        };
        let plain_object = target.contains_key("properties")
            && !["allOf", "anyOf", "oneOf", "$ref"]
                .iter()
                .any(|key| target.contains_key(*key));
        if !plain_object {
            return;
        }
        let mut copy = target.clone();
        let mut all: Vec<Value> = copy
            .get("required")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for name in required {
            if !all.contains(name) {
                all.push(name.clone());
            }
        }
        for (key, value) in object.iter() {
            if key != "$ref" && key != "required" {
                copy.insert(key.clone(), value.clone());
            }
        }
        copy.insert("required".into(), Value::Array(all));
        *object = copy;
    });
}

/// Keywords beside a `$ref` that leave a component an alias of it.
const ALIAS_KEYWORDS: [&str; 6] = [
    "$ref",
    "type",
    "description",
    "title",
    "example",
    "readOnly",
];

/// Every `$ref` to a component that is only a `$ref` to another refers to
/// the last of the chain (see the table above).
fn aliases_followed(document: &mut Value) {
    let Some(Value::Object(schemas)) = document.pointer("/components/schemas") else {
        return;
    };
    let alias_of = |name: &str| -> Option<String> {
        let Value::Object(schema) = schemas.get(name)? else {
            return None;
        };
        let target = component_in(schema)?;
        schema
            .keys()
            .all(|key| ALIAS_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-"))
            .then(|| target.to_owned())
    };
    let mut last: BTreeMap<String, String> = BTreeMap::new();
    for name in schemas.keys() {
        let mut target = name.clone();
        let mut steps = 0;
        while let Some(next) = alias_of(&target) {
            target = next;
            steps += 1;
            if steps > 8 {
                break;
            }
        }
        if steps > 0 && schemas.contains_key(&target) {
            last.insert(name.clone(), target);
        }
    }
    if last.is_empty() {
        return;
    }
    visit_schemas(document, &mut |object| {
        if let Some(target) = component_in(object).and_then(|name| last.get(name)) {
            let target = format!("{SCHEMAS}{target}");
            object.insert("$ref".into(), Value::String(target));
        }
    });
}

/// A success answer's object schema (inline, or the component its `$ref`
/// names) with `result` and no `success` gets an optional `success` (see
/// the table above).
fn results_without_success_as_envelopes(document: &mut Value) {
    let mut pointers = Vec::new();
    for_each_operation(document, |operation_path, operation| {
        let Some(Value::Object(responses)) = operation.get("responses") else {
            return;
        };
        for (status, response) in responses {
            if !status.starts_with('2') {
                continue;
            }
            let Some(Value::Object(content)) = response.get("content") else {
                continue;
            };
            for (media, object) in content {
                let Some(schema) = object.get("schema") else {
                    continue;
                };
                let pointer = match component_in(schema.as_object().unwrap_or(&Map::new())) {
                    Some(name) => format!("/components/schemas/{}", pointer_token(name)),
                    None => format!(
                        "/paths/{}/{}/responses/{}/content/{}/schema",
                        pointer_token(&operation_path[1]),
                        pointer_token(&operation_path[2]),
                        pointer_token(status),
                        pointer_token(media)
                    ),
                };
                pointers.push(pointer);
            }
        }
    });
    for pointer in pointers {
        let Some(Value::Object(schema)) = document.pointer_mut(&pointer) else {
            continue;
        };
        let Some(Value::Object(properties)) = schema.get_mut("properties") else {
            continue;
        };
        if properties.contains_key("result") && !properties.contains_key("success") {
            properties.insert(
                "success".into(),
                serde_json::json!({"type": "boolean", "description": "Whether the API call was successful."}),
            );
        }
    }
}

/// Moves each inline schema of an operation whose progenitor name a
/// component's type has too into a component of its own (see the table
/// above).
fn operation_types_apart_from_components(document: &mut Value) {
    use heck::ToUpperCamelCase;
    let Some(Value::Object(schemas)) = document.pointer("/components/schemas") else {
        return;
    };
    let mut names: BTreeSet<String> = schemas.keys().map(|k| k.to_upper_camel_case()).collect();
    let mut keys: BTreeSet<String> = schemas.keys().cloned().collect();
    let mut moved: Vec<(String, Value)> = Vec::new();
    for_each_operation(document, |_, operation| {
        let Some(id) = operation
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            return;
        };
        // progenitor names an inline success and an inline failure both
        // `<OperationId>Response`, and typify makes them one type (User's
        // subscription delete failed with its success type): an inline
        // failure beside an inline success is a component of its own.
        let inline = |responses: &Map<String, Value>, failure: bool| {
            responses.iter().any(|(status, response)| {
                is_failure_status(status) == failure
                    && response
                        .get("content")
                        .and_then(Value::as_object)
                        .is_some_and(|content| {
                            content.values().any(|media| {
                                media.get("schema").is_some_and(|s| s.get("$ref").is_none())
                            })
                        })
            })
        };
        if let Some(Value::Object(responses)) = operation.get_mut("responses")
            && inline(responses, false)
            && inline(responses, true)
        {
            for (status, response) in responses.iter_mut() {
                if !is_failure_status(status) {
                    continue;
                }
                let Some(Value::Object(content)) = response.get_mut("content") else {
                    continue;
                };
                for schema in content
                    .values_mut()
                    .filter_map(|media| media.get_mut("schema"))
                {
                    if schema.get("$ref").is_some() {
                        continue;
                    }
                    let mut key = format!("{id}-failure");
                    while keys.contains(&key) {
                        key.push_str("-x");
                    }
                    keys.insert(key.clone());
                    names.insert(key.to_upper_camel_case());
                    let inline = std::mem::replace(schema, reference(&key));
                    moved.push((key, inline));
                }
            }
        }
        let mut schemas: Vec<(&mut Value, &str)> = Vec::new();
        for (key, value) in operation.iter_mut() {
            let (contents, suffix): (Vec<&mut Value>, &str) = match (key.as_str(), value) {
                ("requestBody", body) => (
                    body.get_mut("content").into_iter().collect(),
                    "request-body",
                ),
                ("responses", Value::Object(responses)) => (
                    responses
                        .values_mut()
                        .filter_map(|response| response.get_mut("content"))
                        .collect(),
                    "response-envelope",
                ),
                _ => continue,
            };
            for content in contents {
                if let Value::Object(content) = content {
                    schemas.extend(
                        content
                            .values_mut()
                            .filter_map(|media| media.get_mut("schema"))
                            .map(|schema| (schema, suffix)),
                    );
                }
            }
        }
        for (schema, suffix) in schemas {
            let progenitor = match suffix {
                "request-body" => format!("{}Body", id.to_upper_camel_case()),
                _ => format!("{}Response", id.to_upper_camel_case()),
            };
            if schema.get("$ref").is_some() || !names.contains(&progenitor) {
                continue;
            }
            let mut key = format!("{id}-{suffix}");
            while keys.contains(&key) {
                key.push('-');
                key.push('x');
            }
            keys.insert(key.clone());
            names.insert(key.to_upper_camel_case());
            let inline = std::mem::replace(schema, reference(&key));
            moved.push((key, inline));
        }
    });
    if let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") {
        schemas.extend(moved);
    }
}

/// Every media type of a request body or an answer that has no `schema`
/// gets one: any JSON value for JSON, bytes for any other type.
fn schemaless_media_types(document: &mut Value) {
    fn fill(content: Option<&mut Value>) {
        let Some(Value::Object(content)) = content else {
            return;
        };
        for (media, object) in content.iter_mut() {
            let Value::Object(object) = object else {
                continue;
            };
            if object.contains_key("schema") {
                continue;
            }
            let essence = media_type(media);
            let schema = if essence == "application/json" || essence.ends_with("+json") {
                serde_json::json!({})
            } else {
                serde_json::json!({"type": "string", "format": "binary"})
            };
            object.insert("schema".into(), schema);
        }
    }
    for_each_operation(document, |_, operation| {
        if let Some(body) = operation.get_mut("requestBody") {
            fill(body.get_mut("content"));
        }
        if let Some(Value::Object(responses)) = operation.get_mut("responses") {
            for response in responses.values_mut() {
                fill(response.get_mut("content"));
            }
        }
    });
    for kind in ["requestBodies", "responses"] {
        if let Some(Value::Object(components)) = document
            .get_mut("components")
            .and_then(|components| components.get_mut(kind))
        {
            for component in components.values_mut() {
                fill(component.get_mut("content"));
            }
        }
    }
}

/// A request body with several media types keeps the preferred one (see
/// [`PREFERRED_MEDIA_TYPES`], else the first); each other is an omission.
/// A body that is a `$ref` is resolved into the operation first.
fn one_request_media_type(document: &mut Value, omissions: &mut Vec<Omission>) {
    let snapshot = crate::spec::refs::targets(document);
    for_each_operation(document, |operation_path, operation| {
        let Some(body) = operation.get("requestBody") else {
            return;
        };
        let (body, body_path) = match body.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let Some(target) = reference
                    .strip_prefix('#')
                    .and_then(|p| snapshot.pointer(p))
                else {
                    return;
                };
                let path = reference
                    .trim_start_matches("#/")
                    .split('/')
                    .map(|key| key.replace("~1", "/").replace("~0", "~"))
                    .collect();
                (target.clone(), path)
            }
            None => (
                body.clone(),
                [operation_path, &["requestBody".to_owned()]].concat(),
            ),
        };
        let Some(Value::Object(content)) = body.get("content") else {
            return;
        };
        if content.len() < 2 {
            return;
        }
        let kept = PREFERRED_MEDIA_TYPES
            .iter()
            .find_map(|preferred| content.keys().find(|key| media_type(key) == *preferred))
            .or_else(|| content.keys().next())
            .cloned()
            .unwrap_or_default();
        for other in content.keys().filter(|key| **key != kept) {
            omissions.push(Omission::new(
                operation_path,
                [&body_path[..], &["content".to_owned(), other.clone()]].concat(),
                format!("request body {other}"),
                format!(
                    "the request body's media type `{other}` is left out (progenitor takes \
                     one; regen keeps `{kept}`)"
                ),
            ));
        }
        let mut body = body;
        if let Some(Value::Object(content)) = body.get_mut("content") {
            content.retain(|key, _| *key == kept);
        }
        operation.insert("requestBody".into(), body);
    });
}

/// A media type without its parameters, lower case.
fn media_type(full: &str) -> String {
    full.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// A response for a status code whose range (`4XX` for `429`) has the same
/// content, references followed, goes: the range answers it alike.
fn statuses_in_their_range(document: &mut Value) {
    let snapshot = crate::spec::refs::targets(document);
    let content = |response: &Value| {
        crate::spec::refs::resolve(&snapshot, response)
            .get("content")
            .map(|content| resolved_deep(&snapshot, content, 8))
    };
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        let Value::Object(item) = item else { continue };
        for operation in item.values_mut() {
            let Some(Value::Object(responses)) = operation.get_mut("responses") else {
                continue;
            };
            let covered: Vec<String> = responses
                .iter()
                .filter(|(code, response)| {
                    code.len() == 3
                        && code.bytes().all(|byte| byte.is_ascii_digit())
                        && responses
                            .get(&format!("{}XX", &code[..1]))
                            .is_some_and(|range| content(range) == content(response))
                })
                .map(|(code, _)| code.clone())
                .collect();
            for code in covered {
                responses.remove(&code);
            }
        }
    }
}

/// `value` with every `$ref` in it replaced by what it points at, `depth`
/// levels deep (so that a cycle ends): what two schemas are, compared.
fn resolved_deep(document: &Value, value: &Value, depth: usize) -> Value {
    let value = crate::spec::refs::resolve(document, value);
    match value {
        Value::Object(object) if depth > 0 => Value::Object(
            object
                .iter()
                .map(|(key, child)| (key.clone(), resolved_deep(document, child, depth - 1)))
                .collect(),
        ),
        Value::Array(items) if depth > 0 => Value::Array(
            items
                .iter()
                .map(|item| resolved_deep(document, item, depth - 1))
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// `in: cookie` parameters (of the operation or its path) are removed, each
/// an omission.
fn cookie_parameters_left_out(document: &mut Value, omissions: &mut Vec<Omission>) {
    let snapshot = crate::spec::refs::targets(document);
    let resolve = |parameter: &Value| -> Value {
        match parameter.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference
                .strip_prefix('#')
                .and_then(|p| snapshot.pointer(p))
                .cloned()
                .unwrap_or(Value::Null),
            None => parameter.clone(),
        }
    };
    let is_cookie = |parameter: &Value| resolve(parameter).get("in") == Some(&"cookie".into());
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    for (route, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        let shared: Vec<Value> = match item.get_mut("parameters") {
            Some(Value::Array(parameters)) => {
                let cookies = parameters
                    .iter()
                    .filter(|p| is_cookie(p))
                    .cloned()
                    .collect();
                parameters.retain(|p| !is_cookie(p));
                cookies
            }
            _ => Vec::new(),
        };
        for (method, operation) in item.iter_mut() {
            let Value::Object(operation) = operation else {
                continue;
            };
            if method == "parameters" || method.starts_with("x-") {
                continue;
            }
            let operation_path = vec!["paths".to_owned(), route.clone(), method.clone()];
            let mut cookies = shared.clone();
            if let Some(Value::Array(parameters)) = operation.get_mut("parameters") {
                cookies.extend(parameters.iter().filter(|p| is_cookie(p)).cloned());
                parameters.retain(|p| !is_cookie(p));
            }
            for cookie in cookies {
                let name = resolve(&cookie)
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_owned();
                omissions.push(Omission::new(
                    &operation_path,
                    operation_path.clone(),
                    format!("cookie parameter {name}"),
                    format!(
                        "the cookie parameter `{name}` is left out (progenitor sends no cookies)"
                    ),
                ));
            }
        }
    }
}

/// A header or path parameter's schema loses `nullable` (see the table
/// above): in operations, path items and the components' parameters; a
/// `$ref` to a nullable schema becomes a copy of it without.
fn parameters_not_nullable(document: &mut Value) {
    let snapshot = crate::spec::refs::targets(document);
    let strip_one = |parameter: &mut Value| {
        if !matches!(
            parameter.get("in").and_then(Value::as_str),
            Some("header" | "path")
        ) {
            return;
        }
        let Some(schema) = parameter.get_mut("schema") else {
            return;
        };
        let resolved = crate::spec::refs::resolve(&snapshot, schema);
        if resolved.get("nullable") != Some(&Value::Bool(true)) {
            return;
        }
        let mut copy = resolved.clone();
        if let Value::Object(copy) = &mut copy {
            copy.remove("nullable");
        }
        *schema = copy;
    };
    let strip = |parameters: Option<&mut Value>| {
        if let Some(Value::Array(parameters)) = parameters {
            parameters.iter_mut().for_each(strip_one);
        }
    };
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for item in paths.values_mut() {
            strip(item.get_mut("parameters"));
        }
    }
    for_each_operation(document, |_, operation| {
        strip(operation.get_mut("parameters"));
    });
    if let Some(Value::Object(parameters)) = document
        .get_mut("components")
        .and_then(|components| components.get_mut("parameters"))
    {
        parameters.values_mut().for_each(strip_one);
    }
}

/// A response with `application/json` and other media types: progenitor
/// decodes the JSON and ignores the rest; each other media type is an
/// omission.
fn response_media_types_left_out(document: &mut Value, omissions: &mut Vec<Omission>) {
    let snapshot = crate::spec::refs::targets(document);
    for_each_operation(document, |operation_path, operation| {
        let Some(Value::Object(responses)) = operation.get("responses") else {
            return;
        };
        for (status, response) in responses {
            let (response, response_path) = match response.get("$ref").and_then(Value::as_str) {
                Some(reference) => match reference
                    .strip_prefix('#')
                    .and_then(|p| snapshot.pointer(p))
                {
                    Some(target) => (
                        target,
                        reference
                            .trim_start_matches("#/")
                            .split('/')
                            .map(|key| key.replace("~1", "/").replace("~0", "~"))
                            .collect::<Path>(),
                    ),
                    None => continue,
                },
                None => (
                    response,
                    [operation_path, &["responses".to_owned(), status.clone()]].concat(),
                ),
            };
            let Some(Value::Object(content)) = response.get("content") else {
                continue;
            };
            let is_json = |key: &String| media_type(key) == "application/json";
            if content.len() < 2 || !content.keys().any(is_json) {
                continue;
            }
            for other in content.keys().filter(|key| !is_json(key)) {
                omissions.push(Omission::new(
                    operation_path,
                    [&response_path[..], &["content".to_owned(), other.clone()]].concat(),
                    format!("response {status} {other}"),
                    format!(
                        "the `{status}` answer's media type `{other}` is left out (progenitor \
                         decodes `application/json` only: such an answer is a decode error)"
                    ),
                ));
            }
        }
    });
}

/// A list query parameter with `explode: false` (`ids=a,b`): progenitor
/// sends one pair per item (`ids=a&ids=b`); its name goes into the
/// operation's [`UNEXPLODED`](crate::generate::unexploded::UNEXPLODED),
/// from which regen sends it as one pair.
fn unexploded_query_lists(document: &mut Value) {
    let snapshot = crate::spec::refs::targets(document);
    let resolve = |value: &Value| -> Value { crate::spec::refs::resolve(&snapshot, value).clone() };
    // The parameters of each path item, which its operations share.
    let path_items: BTreeMap<String, Vec<Value>> = document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(route, item)| {
            let parameters = item.get("parameters")?.as_array()?;
            Some((route.clone(), parameters.clone()))
        })
        .collect();
    for_each_operation(document, |operation_path, operation| {
        let shared = path_items
            .get(&operation_path[1])
            .cloned()
            .unwrap_or_default();
        let own = operation
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut names = Vec::new();
        for parameter in shared.iter().chain(&own).map(&resolve) {
            let is_list = parameter
                .get("schema")
                .map(&resolve)
                .and_then(|schema| schema.get("type").cloned())
                == Some("array".into());
            if parameter.get("in") == Some(&"query".into())
                && parameter.get("explode") == Some(&false.into())
                && is_list
                && let Some(name) = parameter.get("name").and_then(Value::as_str)
            {
                names.push(Value::String(name.to_owned()));
            }
        }
        if !names.is_empty() {
            operation.insert(
                crate::generate::unexploded::UNEXPLODED.to_owned(),
                Value::Array(names),
            );
        }
    });
}

/// Calls `f` with each operation's path (`["paths", route, method]`) and
/// object.
fn for_each_operation(document: &mut Value, mut f: impl FnMut(&[String], &mut Map<String, Value>)) {
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    for (route, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for (method, operation) in item.iter_mut() {
            if !matches!(
                method.as_str(),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
            ) {
                continue;
            }
            if let Value::Object(operation) = operation {
                let path = ["paths".to_owned(), route.clone(), method.clone()];
                f(&path, operation);
            }
        }
    }
}

/// `{type: object, nullable: true, enum: [null]}` (Cloudflare's "always
/// null") becomes `{nullable: true}`: typify then generates
/// `Option<serde_json::Value>`, which decodes whatever the server sends.
/// What else shapes the value beside `enum: [null]` goes too (Zero Trust's
/// failure `result` is an `anyOf` of two kinds with `enum: [null]`, which
/// typify made a newtype and an enum of one name): the enum allows `null`
/// only, so it says nothing; the documentation stays.
fn null_only_to_any(object: &mut Map<String, Value>) {
    let null_only = match object.get("enum") {
        Some(Value::Array(values)) => !values.is_empty() && values.iter().all(Value::is_null),
        _ => false,
    };
    if null_only {
        object.retain(|key, _| DESCRIPTIVE.contains(&key.as_str()) || key.starts_with("x-"));
        object.insert("nullable".into(), Value::Bool(true));
    }
}

/// Where the hand-written lenient envelope items are referred to.
pub(crate) const RESPONSE_INFO: &str = "response-info";
pub(crate) const RESULT_INFO: &str = "result-info";

/// In every envelope (a schema with `success`, `errors` and `messages`
/// properties): `errors` and `messages` optional, nullable lists of
/// `response-info`, and `result_info` a `result-info`. Adds the two
/// components (as plain objects: regen substitutes its own types for them)
/// when the spec has none.
fn envelope_common_fields(document: &mut Value) {
    let mut found = false;
    visit_schemas(document, &mut |object| {
        let Some(Value::Object(properties)) = object.get_mut("properties") else {
            return;
        };
        if !is_envelope_wording(properties.keys()) {
            return;
        }
        for name in ["errors", "messages"] {
            let mut list = Map::new();
            if let Some(description) = properties.get(name).and_then(|p| p.get("description")) {
                list.insert("description".into(), description.clone());
            }
            list.insert("type".into(), "array".into());
            list.insert("nullable".into(), true.into());
            list.insert("items".into(), reference(RESPONSE_INFO));
            properties.insert(name.into(), Value::Object(list));
        }
        properties.insert("result_info".into(), reference(RESULT_INFO));
        if let Some(Value::Array(required)) = object.get_mut("required") {
            required.retain(|name| {
                !matches!(
                    name.as_str(),
                    Some("errors" | "messages" | "result" | "result_info")
                )
            });
        }
        found = true;
    });
    if !found {
        return;
    }
    let components = object_at(document, "components");
    let Value::Object(schemas) = object_at(components, "schemas") else {
        unreachable!("object_at makes an object");
    };
    for name in [RESPONSE_INFO, RESULT_INFO] {
        schemas
            .entry(name)
            .or_insert_with(|| serde_json::json!({ "type": "object" }));
    }
}

/// Whether an object with these properties is a Cloudflare envelope: it
/// has `success`, and any of `errors`, `messages` and `result`.
fn is_envelope_wording<'a>(properties: impl Iterator<Item = &'a String> + Clone) -> bool {
    let has = |name: &str| properties.clone().any(|property| property == name);
    has("success") && (has("errors") || has("messages") || has("result"))
}

/// The properties `schema` has, through `$ref`s and `allOf`.
pub(crate) fn properties_of(document: &Value, schema: &Value, depth: usize) -> BTreeSet<String> {
    let schema = crate::spec::refs::resolve(document, schema);
    let mut found: BTreeSet<String> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default();
    if depth < 8 {
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            found.extend(properties_of(document, part, depth + 1));
        }
    }
    found
}

/// Whether `status` (a response's key) is a failure's: `4XX`, `5XX`, or
/// `400` to `599`.
fn is_failure_status(status: &str) -> bool {
    matches!(status.as_bytes().first(), Some(b'4' | b'5'))
}

/// An operation's `default` answer beside a success (`2xx`) becomes its
/// `4XX` and `5XX` answers, each where it has none (see the table above).
fn default_beside_successes_as_failures(document: &mut Value) {
    for_each_operation(document, |_, operation| {
        let Some(Value::Object(responses)) = operation.get_mut("responses") else {
            return;
        };
        if !responses.keys().any(|status| status.starts_with('2')) {
            return;
        }
        let Some(default) = responses.remove("default") else {
            return;
        };
        for range in ["4XX", "5XX"] {
            responses.entry(range).or_insert_with(|| default.clone());
        }
    });
}

/// Removes every failure answer that is not an envelope (see the table
/// above).
fn failures_without_envelope_undeclared(document: &mut Value) {
    let snapshot = crate::spec::refs::targets(document);
    let is_envelope = |response: &Value| {
        let response = crate::spec::refs::resolve(&snapshot, response);
        let Some(Value::Object(content)) = response.get("content") else {
            return false;
        };
        !content.is_empty()
            && content.iter().all(|(media, object)| {
                let essence = media_type(media);
                (essence == "application/json" || essence.ends_with("+json"))
                    && object.get("schema").is_some_and(|schema| {
                        let properties = properties_of(&snapshot, schema, 0);
                        is_envelope_wording(properties.iter())
                    })
            })
    };
    for_each_operation(document, |_, operation| {
        let Some(Value::Object(responses)) = operation.get_mut("responses") else {
            return;
        };
        responses.retain(|status, response| !is_failure_status(status) || is_envelope(response));
        // Envelopes of different schemas: one is kept, `4XX` before the
        // others, else the first.
        let failures: Vec<(String, Value)> = responses
            .iter()
            .filter(|(status, _)| is_failure_status(status))
            .map(|(status, response)| {
                let content = crate::spec::refs::resolve(&snapshot, response)
                    .get("content")
                    .cloned()
                    .unwrap_or(Value::Null);
                (status.clone(), content)
            })
            .collect();
        let Some((kept, content)) = failures
            .iter()
            .find(|(status, _)| status == "4XX")
            .or(failures.first())
            .cloned()
        else {
            return;
        };
        responses.retain(|status, response| {
            !is_failure_status(status)
                || *status == kept
                || crate::spec::refs::resolve(&snapshot, response).get("content") == Some(&content)
        });
        // A status its range (`409` beside `4XX`) answers alike adds
        // nothing, and would be an unreachable arm after the range's.
        let ranges: Vec<String> = responses
            .keys()
            .filter(|status| status.len() == 3 && status.ends_with("XX"))
            .cloned()
            .collect();
        responses.retain(|status, _| {
            !is_failure_status(status)
                || !ranges
                    .iter()
                    .any(|range| range != status && status.starts_with(&range[..1]))
        });
    });
}

fn reference(component: &str) -> Value {
    serde_json::json!({ "$ref": format!("{SCHEMAS}{component}") })
}

/// The object at `key` of `value`, made an empty object if it is not one.
fn object_at<'a>(value: &'a mut Value, key: &str) -> &'a mut Value {
    let Value::Object(object) = value else {
        unreachable!("callers pass objects");
    };
    let entry = object
        .entry(key)
        .or_insert_with(|| Value::Object(Map::new()));
    if !entry.is_object() {
        *entry = Value::Object(Map::new());
    }
    entry
}

/// Keywords that constrain a value rather than describe its shape.
pub(crate) const CONSTRAINTS: [&str; 13] = [
    "maxLength",
    "minLength",
    "pattern",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "multipleOf",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
];

/// String formats an answer keeps: typify reads them as `chrono` types.
const KEPT_FORMATS: [&str; 2] = ["date-time", "date"];

/// Answers decode into plain types; requests keep their checks. See the
/// table at the top of this module.
fn unconstrained_answers(document: &mut Value) {
    let Some(schemas) = document.pointer("/components/schemas").cloned() else {
        return;
    };
    // The schemas as they were, for references to resolve in.
    let snapshot = serde_json::json!({"components": {"schemas": schemas}});
    let Some(Value::Object(schemas)) = snapshot.pointer("/components/schemas") else {
        return;
    };
    let mut context = Loosening {
        document: &snapshot,
        components: schemas,
        alternatives: BTreeSet::new(),
    };
    let (outputs, inputs) = roots(document);
    let reached = |roots: &[String]| {
        let mut found = BTreeSet::new();
        for root in roots {
            if let Some(value) = document.pointer(root) {
                reach(value, schemas, &mut found);
            }
        }
        found
    };
    let out = reached(&outputs);
    let input = reached(&inputs);
    let is_scalar_component = |name: &String| schemas.get(name).is_some_and(is_scalar);

    // Object schemas both sides use, that loosening would change (itself,
    // or through one it refers to): requests get a copy that keeps them.
    let shared: Vec<&String> = out
        .intersection(&input)
        .filter(|name| !is_scalar_component(name))
        .collect();
    let mut split: BTreeSet<String> = BTreeSet::new();
    loop {
        let before = split.len();
        for name in &shared {
            let mut copy = schemas[name.as_str()].clone();
            if loosen(&mut copy, &mut context) || refers_to_any(&schemas[name.as_str()], &split) {
                split.insert((*name).clone());
            }
        }
        if split.len() == before {
            break;
        }
    }
    let renamed = |name: &str| format!("{name}-input");

    // The request side: its roots, the schemas only requests use, and the
    // copies, now refer to the copies.
    for root in &inputs {
        if let Some(value) = document.pointer_mut(root) {
            rename_refs(value, &split, &renamed);
        }
    }
    let Some(Value::Object(components)) = document.pointer_mut("/components/schemas") else {
        return;
    };
    for name in input.difference(&out) {
        if let Some(schema) = components.get_mut(name) {
            rename_refs(schema, &split, &renamed);
        }
    }
    for name in &split {
        let mut copy = schemas[name.as_str()].clone();
        rename_refs(&mut copy, &split, &renamed);
        crate::normalize::input_names::mark(&mut copy, name);
        components.insert(renamed(name), copy);
    }

    // The answer side: schemas only answers use, loosened; scalar ones are
    // inlined wherever answers refer to them, so they go.
    let mut inlined = Vec::new();
    for name in &out {
        if is_scalar_component(name) {
            if !input.contains(name) {
                inlined.push(name);
            }
        } else if let Some(schema) = components.get_mut(name) {
            loosen(schema, &mut context);
        }
    }
    // Each root is a map of responses (by status, or by component name).
    for root in &outputs {
        if let Some(Value::Object(responses)) = document.pointer_mut(root) {
            for response in responses.values_mut() {
                loosen(response, &mut context);
            }
        }
    }
    // An inlined scalar goes unless something still refers to it: a
    // component neither side uses is not loosened (Cloudflare publishes
    // many, such as `access_apps`, whose `aud` refers to `access_aud-2`).
    let mut referred = BTreeSet::new();
    reach(document, &Map::new(), &mut referred);
    if let Some(Value::Object(components)) = document.pointer_mut("/components/schemas") {
        for name in inlined {
            if !referred.contains(name) {
                components.remove(name);
            }
        }
    }
    // The alternatives of the unions folded, and what only they use, go
    // unless something else uses them (a request).
    crate::normalize::open_union::remove_unused(document, &context.alternatives);
}

/// What loosening answers' schemas reads, and what it finds.
struct Loosening<'a> {
    /// The document as it was (its component schemas), for references.
    document: &'a Value,
    components: &'a Map<String, Value>,
    /// The components that the alternatives of the overlapping unions it
    /// rewrote refer to (see `crate::normalize::overlapping_union`).
    alternatives: BTreeSet<String>,
}

/// JSON pointers to what answers hold (responses) and what requests hold
/// (parameters and request bodies), in paths and in components.
fn roots(document: &Value) -> (Vec<String>, Vec<String>) {
    let mut outputs = vec!["/components/responses".to_owned()];
    let mut inputs = vec![
        "/components/parameters".to_owned(),
        "/components/requestBodies".to_owned(),
    ];
    let Some(Value::Object(paths)) = document.get("paths") else {
        return (outputs, inputs);
    };
    for (route, item) in paths {
        let route = format!("/paths/{}", pointer_token(route));
        inputs.push(format!("{route}/parameters"));
        let Value::Object(item) = item else { continue };
        for (method, operation) in item {
            if operation.is_object() && method != "parameters" {
                outputs.push(format!("{route}/{}/responses", pointer_token(method)));
                inputs.push(format!("{route}/{}/parameters", pointer_token(method)));
                inputs.push(format!("{route}/{}/requestBody", pointer_token(method)));
                // A form's JSON parts (see `crate::normalize::multipart`).
                inputs.push(format!(
                    "{route}/{}/{}",
                    pointer_token(method),
                    crate::normalize::multipart::PARTS_EXTENSION
                ));
            }
        }
    }
    (outputs, inputs)
}

fn refers_to_any(value: &Value, names: &BTreeSet<String>) -> bool {
    let mut found = BTreeSet::new();
    reach(value, &Map::new(), &mut found);
    !found.is_disjoint(names)
}

fn rename_refs(value: &mut Value, names: &BTreeSet<String>, renamed: &impl Fn(&str) -> String) {
    match value {
        Value::Object(object) => {
            if let Some(name) = component_in(object)
                && names.contains(name)
            {
                let target = format!("{SCHEMAS}{}", renamed(name));
                object.insert("$ref".into(), Value::String(target));
            }
            for (key, child) in object.iter_mut() {
                if !is_data(key) {
                    rename_refs(child, names, renamed);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rename_refs(item, names, renamed)),
        _ => {}
    }
}

/// A schema for one plain value: a string, number, integer or boolean with
/// no structure of its own.
fn is_scalar(schema: &Value) -> bool {
    const STRUCTURE: [&str; 7] = [
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
        "$ref",
    ];
    let Value::Object(object) = schema else {
        return false;
    };
    matches!(
        object.get("type").and_then(Value::as_str),
        Some("string" | "number" | "integer" | "boolean")
    ) && !STRUCTURE.iter().any(|key| object.contains_key(*key))
}

/// An answer never holds a write-only property (OpenAPI 3.0: `required`
/// applies to it in requests only): it leaves `required`.
fn write_only_not_required(object: &mut Map<String, Value>) -> bool {
    let Some(Value::Object(properties)) = object.get("properties") else {
        return false;
    };
    let write_only: BTreeSet<String> = properties
        .iter()
        .filter(|(_, schema)| schema.get("writeOnly") == Some(&Value::Bool(true)))
        .map(|(name, _)| name.clone())
        .collect();
    let Some(Value::Array(required)) = object.get_mut("required") else {
        return false;
    };
    let before = required.len();
    required.retain(|name| !name.as_str().is_some_and(|name| write_only.contains(name)));
    required.len() != before
}

/// Makes `schema` accept any value of its shape: inlines references to
/// scalar components, drops constraints, and makes an overlapping union
/// one that loses no data (`crate::normalize::overlapping_union`), in it and in every
/// schema it holds (not those it refers to). Returns whether anything
/// changed.
fn loosen(schema: &mut Value, context: &mut Loosening<'_>) -> bool {
    let Value::Object(object) = schema else {
        return false;
    };
    let mut changed = false;
    changed |= write_only_not_required(object);
    if let Some(overlap) = crate::normalize::overlapping_union::overlap(context.document, object) {
        crate::normalize::overlapping_union::rewrite(
            context.document,
            object,
            &overlap,
            &mut context.alternatives,
        );
        changed = true;
    }
    let components = context.components;
    if let Some(target) = component_in(object).and_then(|name| components.get(name))
        && is_scalar(target)
        && let Value::Object(target) = target
    {
        *object = target.clone();
        changed = true;
    }
    // What the API assumes when a request leaves a field out; in an answer,
    // typify would make it a value the API did not send.
    changed |= object.remove("default").is_some();
    for key in CONSTRAINTS {
        changed |= object.remove(key).is_some();
    }
    // An enum of several values is a constraint (new values appear); one
    // of a single value is a constant that tells answers apart
    // (`success: enum [true]`, a binding's `type: enum [kv_namespace]` in a
    // `oneOf`), and stays.
    if object
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.len() > 1)
    {
        object.remove("enum");
        changed = true;
    }
    if object.get("additionalProperties") == Some(&Value::Bool(false)) {
        object.remove("additionalProperties");
        changed = true;
    }
    let keeps_format = match object.get("type").and_then(Value::as_str) {
        Some("string") => object
            .get("format")
            .and_then(Value::as_str)
            .is_some_and(|format| KEPT_FORMATS.contains(&format)),
        _ => false,
    };
    if !keeps_format {
        changed |= object.remove("format").is_some();
    }
    // Schemas held by this one, by keyword: one, a list, or a map of them.
    for (key, child) in object.iter_mut() {
        match key.as_str() {
            "items" | "additionalProperties" | "not" | "schema" => {
                changed |= loosen(child, context);
            }
            "allOf" | "oneOf" | "anyOf" => {
                if let Value::Array(items) = child {
                    for item in items {
                        changed |= loosen(item, context);
                    }
                }
            }
            // A response's or a media type's map of schemas' holders.
            "properties" | "content" | "headers" => {
                if let Value::Object(map) = child {
                    for value in map.values_mut() {
                        changed |= loosen(value, context);
                    }
                }
            }
            _ => {}
        }
    }
    changed
}

/// Removes each `title` that different schemas written inline share (see
/// the table above); schemas that are the same keep theirs, and typify
/// makes them one type.
fn clashing_titles_dropped(document: &mut Value) {
    fn titled(
        value: &Value,
        pointer: &mut String,
        found: &mut BTreeMap<String, Vec<(String, Value)>>,
    ) {
        match value {
            Value::Object(object) => {
                let is_component = pointer
                    .strip_prefix("/components/schemas/")
                    .is_some_and(|rest| !rest.contains('/'));
                if let Some(Value::String(title)) = object.get("title")
                    && !is_component
                {
                    found
                        .entry(title.clone())
                        .or_default()
                        .push((pointer.clone(), value.clone()));
                }
                for (key, child) in object {
                    if is_data(key) {
                        continue;
                    }
                    let length = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&pointer_token(key));
                    titled(child, pointer, found);
                    pointer.truncate(length);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let length = pointer.len();
                    pointer.push_str(&format!("/{index}"));
                    titled(item, pointer, found);
                    pointer.truncate(length);
                }
            }
            _ => {}
        }
    }
    let mut found = BTreeMap::new();
    titled(document, &mut String::new(), &mut found);
    for places in found.into_values() {
        let first = &places[0].1;
        if places.iter().all(|(_, schema)| schema == first) {
            continue;
        }
        for (pointer, _) in &places {
            if let Some(Value::Object(object)) = document.pointer_mut(pointer) {
                object.remove("title");
            }
        }
    }
}

/// Calls `rewrite` on every object of the document that can be a schema,
/// depth first, skipping the keys whose values are data, not schemas.
pub(crate) fn visit_schemas(value: &mut Value, rewrite: &mut impl FnMut(&mut Map<String, Value>)) {
    const DATA_KEYS: [&str; 4] = ["example", "examples", "default", "enum"];
    match value {
        Value::Object(object) => {
            rewrite(object);
            for (key, child) in object.iter_mut() {
                // Every entry of `properties` is a schema, whatever its
                // name: a property named `default`, `example` or `enum`
                // (Zero Trust's virtual networks' `default`, a UUID) too.
                if key == "properties"
                    && let Value::Object(properties) = child
                {
                    properties
                        .values_mut()
                        .for_each(|schema| visit_schemas(schema, rewrite));
                } else if !DATA_KEYS.contains(&key.as_str()) && !key.starts_with("x-") {
                    visit_schemas(child, rewrite);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| visit_schemas(item, rewrite)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::apply;

    #[test]
    fn a_header_or_path_parameter_is_never_nullable() {
        let mut document = json!({"paths": {"/x/{id}": {"get": {
            "parameters": [
                {"name": "cf-guardrails", "in": "header", "schema": {"type": "string", "nullable": true}},
                {"name": "q", "in": "query", "schema": {"type": "string", "nullable": true}},
                {"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/id"}},
            ],
            "responses": {"200": {"content": {"application/json": {"schema": {"type": "string"}}}}},
        }}}});
        document["components"] = json!({"schemas": {"id": {
            "type": "string", "maxLength": 32, "nullable": true,
        }}});
        apply(&mut document).unwrap();
        let parameters = &document["paths"]["/x/{id}"]["get"]["parameters"];
        assert_eq!(parameters[0]["schema"], json!({"type": "string"}));
        assert_eq!(parameters[1]["schema"]["nullable"], true);
        assert_eq!(parameters[2]["schema"]["nullable"], json!(null));
        assert_eq!(parameters[2]["schema"]["maxLength"], 32);
    }

    #[test]
    fn a_default_answer_beside_a_success_is_the_failure_answer() {
        let envelope = json!({"type": "object", "properties": {
            "success": {"type": "boolean"}, "errors": {"type": "array"},
        }});
        let mut document = json!({"paths": {
            "/listed": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": {"type": "string"}}}},
                "default": {"content": {"application/json": {"schema": envelope}}},
            }}},
            "/range-given": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": {"type": "string"}}}},
                "4XX": {"content": {"application/json": {"schema": envelope}}},
                "default": {"content": {"application/json": {"schema": envelope}}},
            }}},
            "/no-envelope": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": {"type": "string"}}}},
                "default": {"content": {"application/json": {"schema": {"type": "object"}}}},
            }}},
            "/only-default": {"get": {"responses": {
                "default": {"content": {"application/json": {"schema": {"type": "string"}}}},
            }}},
        }});
        apply(&mut document).unwrap();
        let statuses = |route: &str| -> Vec<String> {
            let responses = document["paths"][route]["get"]["responses"]
                .as_object()
                .unwrap();
            responses.keys().cloned().collect()
        };
        assert_eq!(statuses("/listed"), ["200", "4XX", "5XX"]);
        assert_eq!(statuses("/range-given"), ["200", "4XX", "5XX"]);
        // Not an envelope: undeclared, as any such failure.
        assert_eq!(statuses("/no-envelope"), ["200"]);
        // Without a success, `default` is what the operation answers.
        assert_eq!(statuses("/only-default"), ["default"]);
    }

    #[test]
    fn a_media_type_without_a_schema_takes_any_json_value_or_bytes() {
        let mut document = json!({"paths": {"/x": {"post": {
            "requestBody": {"required": true, "content": {"application/json": {"example": "{}"}}},
            "responses": {"200": {"content": {
                "application/problem+json": {},
                "text/plain": {},
                "application/json": {"schema": {"type": "string"}},
            }}},
        }}}});
        apply(&mut document).unwrap();
        let operation = &document["paths"]["/x"]["post"];
        assert_eq!(
            operation["requestBody"]["content"]["application/json"],
            json!({"example": "{}", "schema": {}})
        );
        let content = &operation["responses"]["200"]["content"];
        assert_eq!(content["application/problem+json"], json!({"schema": {}}));
        assert_eq!(
            content["text/plain"],
            json!({"schema": {"type": "string", "format": "binary"}})
        );
        assert_eq!(
            content["application/json"],
            json!({"schema": {"type": "string"}})
        );
    }

    #[test]
    fn a_title_that_different_inline_schemas_share_is_dropped() {
        let get = json!({"title": "Setting", "type": "object", "properties": {"value": {"type": "string"}}});
        let delete =
            json!({"title": "Setting", "type": "object", "properties": {"id": {"type": "string"}}});
        let same = json!({"title": "Other", "type": "object"});
        let mut document = json!({
            "paths": {"/x": {
                "get": {"responses": {"200": {"content": {"application/json": {"schema": get}}}}},
                "delete": {"responses": {"200": {"content": {"application/json": {"schema": delete}}}}},
                "put": {"responses": {"200": {"content": {"application/json": {"schema": same}}}}},
                "post": {"responses": {"200": {"content": {"application/json": {"schema": same}}}}},
            }},
            "components": {"schemas": {"setting": {"title": "Setting", "type": "object"}}},
        });
        apply(&mut document).unwrap();
        let schema = |method: &str| {
            document["paths"]["/x"][method]["responses"]["200"]["content"]["application/json"]
                ["schema"]
                .clone()
        };
        assert_eq!(schema("get").get("title"), None);
        assert_eq!(schema("delete").get("title"), None);
        assert_eq!(schema("put")["title"], "Other");
        assert_eq!(schema("post")["title"], "Other");
        assert_eq!(
            document["components"]["schemas"]["setting"]["title"],
            "Setting"
        );
    }

    #[test]
    fn failures_that_are_no_envelope_are_undeclared_and_envelopes_of_any_wording_kept() {
        let envelope = json!({"type": "object", "properties": {
            "success": {"type": "boolean"}, "errors": {"type": "array", "items": {}},
        }});
        let mut document = json!({
            "paths": {"/x": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": {"properties": {
                    "success": {"type": "boolean"}, "result": {"type": "string"},
                }}}}},
                "400": {"content": {"application/json": {"schema": {"properties": {"error": {"type": "string"}}}}}},
                "401": {"description": "no content"},
                "4XX": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/failure"}}}},
                "5XX": {"content": {"text/html": {"schema": {"type": "string"}}}},
            }}}},
            "components": {"schemas": {"failure": envelope}},
        });
        apply(&mut document).unwrap();
        let responses = &document["paths"]["/x"]["get"]["responses"];
        let statuses: Vec<&String> = responses.as_object().unwrap().keys().collect();
        assert_eq!(statuses, ["200", "4XX"]);
        // An envelope without `errors` or `messages` gets them.
        let success = &responses["200"]["content"]["application/json"]["schema"]["properties"];
        assert_eq!(
            success["errors"]["items"]["$ref"],
            "#/components/schemas/response-info"
        );
        assert_eq!(
            success["messages"]["items"]["$ref"],
            "#/components/schemas/response-info"
        );
    }

    #[test]
    fn a_nullable_reference_becomes_an_all_of_that_keeps_null() {
        let mut document = json!({"components": {"schemas": {
            "secret": {"type": "object", "properties": {"name": {"type": "string"}}},
            "patch": {"type": "object", "properties": {"secrets": {"type": "object",
                "additionalProperties": {"$ref": "#/components/schemas/secret",
                    "nullable": true, "type": "object", "description": "null deletes"}}}},
        }}});
        super::nullable_references(&mut document);
        assert_eq!(
            document["components"]["schemas"]["patch"]["properties"]["secrets"]["additionalProperties"],
            json!({"allOf": [{"$ref": "#/components/schemas/secret"}],
                   "nullable": true, "description": "null deletes"})
        );
        // Without `nullable`, a `$ref` stays as it is.
        let mut plain = json!({"components": {"schemas": {"a": {"$ref": "#/components/schemas/b", "description": "x"}}}});
        let before = plain.clone();
        super::nullable_references(&mut plain);
        assert_eq!(plain, before);
    }

    #[test]
    fn an_any_of_that_a_discriminator_tells_apart_becomes_a_one_of() {
        let kind = |name: &str| {
            json!({"type": "object", "properties": {
            "type": {"type": "string", "enum": [name]}, "name": {"type": "string"}}})
        };
        let union = json!({"anyOf": [{"$ref": "#/components/schemas/text"}, {"$ref": "#/components/schemas/key"}],
            "discriminator": {"propertyName": "type"}});
        let mut document = json!({"components": {"schemas": {
            "text": kind("secret_text"), "key": kind("secret_key"), "secret": union,
            // Two alternatives with one constant: not told apart, stays.
            "same": {"anyOf": [{"$ref": "#/components/schemas/text"}, {"$ref": "#/components/schemas/text"}],
                "discriminator": {"propertyName": "type"}},
            // No discriminator: stays.
            "loose": {"anyOf": [{"$ref": "#/components/schemas/text"}, {"$ref": "#/components/schemas/key"}]},
        }}});
        super::discriminated_any_of_as_one_of(&mut document);
        let schemas = &document["components"]["schemas"];
        assert!(schemas["secret"].get("anyOf").is_none());
        assert_eq!(schemas["secret"]["oneOf"].as_array().map(Vec::len), Some(2));
        assert!(schemas["same"].get("oneOf").is_none());
        assert!(schemas["loose"].get("oneOf").is_none());
    }

    #[test]
    fn a_write_only_property_is_not_required_in_answers_only() {
        let secret = json!({"type": "object", "required": ["name", "text"], "properties": {
            "name": {"type": "string"}, "text": {"type": "string", "writeOnly": true}}});
        let reference = json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/secret"}}}});
        let mut document = json!({
            "paths": {"/s": {"put": {
                "requestBody": reference.clone(),
                "responses": {"200": reference},
            }}},
            "components": {"schemas": {"secret": secret}},
        });
        apply(&mut document).unwrap();
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["secret"]["required"], json!(["name"]));
        assert_eq!(schemas["secret-input"]["required"], json!(["name", "text"]));
    }

    #[test]
    fn a_property_named_as_a_keyword_is_a_schema_too() {
        let mut document = json!({"components": {"schemas": {"vnets": {
            "type": "object",
            "properties": {
                "default": {"type": "string", "format": "uuid"},
                "enum": {"type": "string", "format": "uuid"},
            },
            "default": {"format": "uuid"},
        }}}});
        super::visit_schemas(&mut document, &mut super::uuids_as_patterns);
        let vnets = &document["components"]["schemas"]["vnets"];
        for name in ["default", "enum"] {
            assert_eq!(vnets["properties"][name].get("format"), None, "{name}");
        }
        // A `default` value is data, left alone.
        assert_eq!(vnets["default"]["format"], "uuid");
    }

    #[test]
    fn a_uuid_is_a_string_checked_by_a_pattern() {
        let mut document = json!({"components": {"schemas": {
            "id": {"type": "string", "format": "uuid"},
            "own": {"type": "string", "format": "uuid", "pattern": "^[a-f0-9-]+$"},
        }}});
        super::visit_schemas(&mut document, &mut super::uuids_as_patterns);
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["id"],
            json!({"type": "string", "pattern": super::UUID_PATTERN})
        );
        assert_eq!(
            schemas["own"],
            json!({"type": "string", "pattern": "^[a-f0-9-]+$"})
        );
    }

    #[test]
    fn a_status_its_range_answers_alike_goes() {
        let failure = json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/failure"}}}});
        let other = json!({"content": {"application/json": {"schema": {"type": "string"}}}});
        let mut document = json!({
            "paths": {"/s": {
                "put": {"responses": {"200": other.clone(), "429": failure.clone(), "4XX": failure.clone()}},
                "get": {"responses": {"200": other.clone(), "404": other, "4XX": failure}},
            }},
            "components": {"schemas": {"failure": {"type": "object"}}},
        });
        super::statuses_in_their_range(&mut document);
        let put = &document["paths"]["/s"]["put"]["responses"];
        assert!(put.get("429").is_none() && put.get("4XX").is_some() && put.get("200").is_some());
        // A status whose answer differs from its range's stays.
        assert!(
            document["paths"]["/s"]["get"]["responses"]
                .get("404")
                .is_some()
        );
    }

    #[test]
    fn an_inline_answer_named_as_a_component_becomes_a_component_of_its_own() {
        let envelope = json!({"properties": {"success": {"type": "boolean"}, "result": {
            "$ref": "#/components/schemas/d1_time-travel-restore-response"}}});
        let mut document = json!({
            "paths": {"/x": {"post": {"operationId": "d1-time-travel-restore", "responses": {
                "200": {"content": {"application/json": {"schema": envelope}}},
            }}}},
            "components": {"schemas": {"d1_time-travel-restore-response": {"type": "object"}}},
        });
        apply(&mut document).unwrap();
        let schema = &document["paths"]["/x"]["post"]["responses"]["200"]["content"]["application/json"]
            ["schema"];
        assert_eq!(
            schema["$ref"],
            "#/components/schemas/d1-time-travel-restore-response-envelope"
        );
        assert!(
            document["components"]["schemas"]["d1-time-travel-restore-response-envelope"]
                ["properties"]["result"]
                .is_object()
        );
    }

    #[test]
    fn a_reference_with_required_beside_it_is_the_component_with_them_required() {
        let mut document = json!({"components": {"schemas": {
            "base": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"}, "name": {"type": "string"}, "policies": {"type": "string"},
            }},
            "body": {"$ref": "#/components/schemas/base", "required": ["name", "policies"], "title": "Body"},
            "plain": {"$ref": "#/components/schemas/base", "description": "Left alone."},
        }}});
        apply(&mut document).unwrap();
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["body"]["required"],
            json!(["id", "name", "policies"])
        );
        assert_eq!(schemas["body"]["title"], "Body");
        assert_eq!(
            schemas["body"]["properties"]["name"],
            json!({"type": "string"})
        );
        assert_eq!(schemas["plain"]["$ref"], "#/components/schemas/base");
    }

    #[test]
    fn a_union_has_no_default() {
        let mut document = json!({"components": {"schemas": {"ttl": {
            "anyOf": [{"type": "number", "minimum": 30}, {"type": "number", "enum": [1]}],
            "default": 1, "type": "number",
        }, "page": {"type": "number", "default": 1}}}});
        apply(&mut document).unwrap();
        assert_eq!(
            document["components"]["schemas"]["ttl"].get("default"),
            None
        );
        assert_eq!(document["components"]["schemas"]["page"]["default"], 1);
    }

    #[test]
    fn an_alias_is_followed_and_a_result_without_success_is_an_envelope() {
        let mut document = json!({
            "paths": {"/x": {
                "post": {"responses": {"200": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/trigger"}}}}}},
                "delete": {"responses": {"200": {"content": {"application/json": {"schema": {
                    "type": "object", "properties": {"result": {"type": "object"}}}}}}}},
            }},
            "components": {"schemas": {
                "trigger": {"$ref": "#/components/schemas/single", "type": "object"},
                "single": {"$ref": "#/components/schemas/common", "type": "object"},
                "common": {"type": "object", "properties": {
                    "success": {"type": "boolean"}, "errors": {"type": "array", "items": {}},
                }},
            }},
        });
        apply(&mut document).unwrap();
        let content = |method: &str| {
            document["paths"]["/x"][method]["responses"]["200"]["content"]["application/json"]
                ["schema"]
                .clone()
        };
        assert_eq!(content("post")["$ref"], "#/components/schemas/common");
        let deleted = content("delete");
        assert_eq!(deleted["properties"]["success"]["type"], "boolean");
        assert!(deleted["properties"]["errors"].is_object(), "{deleted}");
    }

    #[test]
    fn a_union_of_numbers_is_a_number() {
        let mut document = json!({"components": {"schemas": {
            "ttl": {"anyOf": [{"type": "number", "minimum": 30}, {"$ref": "#/components/schemas/one"}],
                    "description": "TTL.", "type": "number", "default": 1},
            "one": {"type": "integer", "enum": [1]},
            "mixed": {"anyOf": [{"type": "number"}, {"type": "string"}]},
        }}});
        apply(&mut document).unwrap();
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["ttl"],
            json!({"type": "number", "description": "TTL."})
        );
        // Not one scalar; of different types, the `oneOf` it means
        // (`disjoint_any_of_as_one_of`).
        assert!(schemas["mixed"]["oneOf"].is_array(), "{}", schemas["mixed"]);
    }

    #[test]
    fn null_only_enum_becomes_any_nullable_value() {
        let mut document = json!({"components": {"schemas": {"failure": {"properties": {
            "result": {"type": "object", "nullable": true, "enum": [null]},
        }}}}});
        apply(&mut document).unwrap();
        assert_eq!(
            document["components"]["schemas"]["failure"]["properties"]["result"],
            json!({"nullable": true})
        );
    }

    #[test]
    fn other_enums_and_examples_are_left_alone() {
        let original = json!({
            "success": {"type": "boolean", "enum": [true]},
            "example": {"enum": [null]},
            "x-cfPermissionsRequired": {"enum": [null]},
        });
        let mut document = original.clone();
        apply(&mut document).unwrap();
        assert_eq!(document, original);
    }

    #[test]
    fn envelopes_take_missing_or_null_common_fields_and_result_info() {
        let mut document = json!({"components": {"schemas": {"common": {
            "type": "object",
            "required": ["errors", "messages", "success", "result"],
            "properties": {
                "errors": {"type": "array", "items": {"$ref": "#/components/schemas/product_messages"}},
                "messages": {"description": "Messages.", "type": "array", "items": {}},
                "result": {"type": "object", "nullable": true, "enum": [null]},
                "success": {"type": "boolean", "enum": [true]},
            },
        }, "product_messages": {"type": "object"}}}});
        apply(&mut document).unwrap();
        let schemas = &document["components"]["schemas"];
        let common = &schemas["common"];
        assert_eq!(common["required"], json!(["success"]));
        assert_eq!(
            common["properties"]["messages"],
            json!({"description": "Messages.", "type": "array", "nullable": true,
                   "items": {"$ref": "#/components/schemas/response-info"}})
        );
        assert_eq!(
            common["properties"]["errors"]["items"],
            json!({"$ref": "#/components/schemas/response-info"})
        );
        assert_eq!(
            common["properties"]["result_info"],
            json!({"$ref": "#/components/schemas/result-info"})
        );
        assert_eq!(common["properties"]["success"]["enum"], json!([true]));
        assert_eq!(schemas["response-info"], json!({"type": "object"}));
        assert_eq!(schemas["result-info"], json!({"type": "object"}));
    }

    #[test]
    fn a_default_goes_from_answers_and_stays_in_requests() {
        let flag = json!({"type": "boolean", "default": false});
        let settings = json!({"type": "object", "properties": {
            "logpush": {"$ref": "#/components/schemas/logpush"},
            "usage_model": {"type": "string", "default": "standard"},
        }});
        let reference = json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/settings"}}}});
        let mut document = json!({
            "paths": {"/s": {"patch": {"requestBody": reference.clone(), "responses": {"200": reference}}}},
            "components": {"schemas": {"logpush": flag, "settings": settings}},
        });
        apply(&mut document).unwrap();
        let schemas = &document["components"]["schemas"];
        let answered = &schemas["settings"]["properties"];
        assert_eq!(answered["logpush"], json!({"type": "boolean"}));
        assert_eq!(answered["usage_model"], json!({"type": "string"}));
        let sent = &schemas["settings-input"]["properties"];
        assert_eq!(sent["usage_model"]["default"], json!("standard"));
        assert_eq!(schemas["logpush"]["default"], json!(false));
    }

    /// A spec where `identifier` and `thing` are used by a request and an
    /// answer, and `name` and `status` by answers only.
    fn shared_spec() -> serde_json::Value {
        let thing = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        json!({
            "paths": {"/things/{id}": {
                "parameters": [{"name": "id", "in": "path", "schema": thing("identifier")}],
                "put": {
                    "requestBody": {"content": {"application/json": {"schema": thing("thing")}}},
                    "responses": {"200": {"content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {"result": thing("thing"), "status": thing("status")},
                    }}}}},
                },
            }},
            "components": {"schemas": {
                "identifier": {"type": "string", "maxLength": 32, "description": "Identifier."},
                "name": {"type": "string", "pattern": "^.+$"},
                "status": {"type": "string", "enum": ["active", "pending"]},
                "thing": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "id": thing("identifier"),
                        "name": thing("name"),
                        "pattern": {"type": "string", "format": "uuid", "maxLength": 36},
                        "created_on": {"type": "string", "format": "date-time"},
                        "kind": {"type": "string", "enum": ["thing"]},
                        "count": {"type": "integer", "format": "int32", "minimum": 0},
                        "tags": {"type": "array", "maxItems": 3, "items": {"type": "string", "minLength": 1}},
                    },
                },
            }},
        })
    }

    #[test]
    fn answers_lose_their_constraints_and_requests_keep_them() {
        let mut document = shared_spec();
        apply(&mut document).unwrap();
        let schemas = &document["components"]["schemas"];
        // The answer's `thing`: plain values, scalar references inlined.
        assert_eq!(
            schemas["thing"],
            json!({
                "type": "object",
                "properties": {
                    "id": {"type": "string", "description": "Identifier."},
                    "name": {"type": "string"},
                    "pattern": {"type": "string"},
                    "created_on": {"type": "string", "format": "date-time"},
                    "kind": {"type": "string", "enum": ["thing"]},
                    "count": {"type": "integer"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            })
        );
        // The request's copy keeps everything, and the path parameter its
        // constrained `identifier`.
        let input = &schemas["thing-input"];
        assert_eq!(input["additionalProperties"], json!(false));
        assert_eq!(
            input["properties"]["id"],
            json!({"$ref": "#/components/schemas/identifier"})
        );
        assert_eq!(input["properties"]["tags"]["maxItems"], json!(3));
        let operation = &document["paths"]["/things/{id}"]["put"];
        assert_eq!(
            operation["requestBody"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/thing-input"})
        );
        assert_eq!(schemas["identifier"]["maxLength"], json!(32));
        // Answer-only scalars are inlined where used, and gone as components.
        let answer = &operation["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(answer["properties"]["status"], json!({"type": "string"}));
        assert_eq!(
            answer["properties"]["result"],
            json!({"$ref": "#/components/schemas/thing"})
        );
        assert!(schemas.get("status").is_none());
        // `name` stays: the request's copy of `thing` refers to it.
        assert_eq!(
            input["properties"]["name"],
            json!({"$ref": "#/components/schemas/name"})
        );
        assert_eq!(schemas["name"]["pattern"], json!("^.+$"));
    }

    #[test]
    fn enums_without_distinct_rust_names_become_patterns_of_their_values() {
        let mut document = json!({"components": {"schemas": {
            "operator": {"type": "string", "enum": ["==", "!=", ">", ">=", "<", "<="]},
            "dotted": {"enum": ["a.b", "a+b"]},
            "named": {"type": "string", "enum": ["active", "pending", "<"]},
            "symbols": {"type": "string", "enum": ["<", "<="]},
        }}});
        // Inputs keep their checks: a request uses them all.
        document["paths"] = json!({"/x": {"get": {"parameters": [
            {"name": "a", "in": "query", "schema": {"$ref": "#/components/schemas/operator"}},
            {"name": "b", "in": "query", "schema": {"$ref": "#/components/schemas/dotted"}},
            {"name": "c", "in": "query", "schema": {"$ref": "#/components/schemas/named"}},
            {"name": "d", "in": "query", "schema": {"$ref": "#/components/schemas/symbols"}},
        ]}}});
        apply(&mut document).unwrap();
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["operator"],
            json!({"type": "string", "pattern": "^(?:==|!=|>|>=|<|<=)$"})
        );
        assert_eq!(
            schemas["dotted"],
            json!({"type": "string", "pattern": "^(?:a\\.b|a\\+b)$"})
        );
        // Values typify names apart (`Active`, `Pending`, `X`; `X`, `Xx`)
        // stay an enum.
        assert_eq!(schemas["named"]["enum"], json!(["active", "pending", "<"]));
        assert_eq!(schemas["symbols"]["enum"], json!(["<", "<="]));
    }

    #[test]
    fn a_scalar_a_component_nobody_uses_still_refers_to_stays() {
        // Cloudflare's `access_apps`, which no operation uses, refers to
        // `access_aud-2`, which answers use.
        let mut document = shared_spec();
        document["components"]["schemas"]["unused"] =
            json!({"anyOf": [{"properties": {"s": {"$ref": "#/components/schemas/status"}}}]});
        apply(&mut document).unwrap();
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["status"],
            json!({"type": "string", "enum": ["active", "pending"]})
        );
        // Answers still have it inline.
        let answer = &document["paths"]["/things/{id}"]["put"]["responses"]["200"]["content"]["application/json"]
            ["schema"];
        assert_eq!(answer["properties"]["status"], json!({"type": "string"}));
    }

    #[test]
    fn schemas_only_answers_use_are_loosened_in_place_without_copies() {
        let mut document = shared_spec();
        document["paths"]["/things/{id}"]["put"]
            .as_object_mut()
            .unwrap()
            .remove("requestBody");
        apply(&mut document).unwrap();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        assert!(!schemas.contains_key("thing-input"));
        assert_eq!(
            schemas["thing"]["properties"]["id"],
            json!({"type": "string", "description": "Identifier."})
        );
    }
}
