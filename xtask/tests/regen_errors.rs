//! Bad input to `cargo xtask regen` gets a clear error naming the file and
//! the problem, never a panic: checked through the library and, for what a
//! person sees, through the real binary.

use std::path::Path;
use std::process::Command;

use xtask::{Error, Mode, Workspace};

/// A minimal valid spec with one operation, in Cloudflare's envelope style.
fn spec(operation_id: &str, route: &str) -> String {
    format!(
        r##"openapi: 3.0.3
info: {{title: Test, version: 1.0.0}}
paths:
  {route}:
    get:
      operationId: {operation_id}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/envelope"}}
components:
  schemas:
    envelope:
      type: object
      properties:
        success: {{type: boolean}}
"##
    )
}

/// The same spec written as JSON.
fn spec_as_json(operation_id: &str, route: &str) -> String {
    let value: serde_json::Value = serde_yaml_ng::from_str(&spec(operation_id, route)).unwrap();
    serde_json::to_string_pretty(&value).unwrap()
}

/// A workspace holding `files` in its spec folder.
fn workspace_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let spec_dir = root.path().join(xtask::SPEC_DIR);
    std::fs::create_dir_all(&spec_dir).unwrap();
    for (name, content) in files {
        let path = spec_dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    let generated = root.path().join(xtask::GENERATED_FILE);
    std::fs::create_dir_all(generated.parent().unwrap()).unwrap();
    root
}

fn regen_error(root: &Path) -> Error {
    match xtask::regen(&Workspace::new(root), Mode::Write) {
        Ok(report) => panic!("expected an error, got {report:?}"),
        Err(error) => error,
    }
}

#[test]
fn a_missing_spec_folder_is_named() {
    let root = tempfile::tempdir().unwrap();
    let error = regen_error(root.path());
    assert!(matches!(error, Error::Read { .. }), "{error:?}");
    assert!(
        error.to_string().starts_with("openapi: cannot read it"),
        "{error}"
    );
}

#[test]
fn a_spec_folder_without_specs_is_named() {
    let root = workspace_with(&[("README.md", "# not a spec")]);
    let error = regen_error(root.path());
    assert!(matches!(error, Error::NoSpecs { .. }), "{error:?}");
    assert!(
        error.to_string().starts_with("openapi: no spec files"),
        "{error}"
    );
}

#[test]
fn an_unreadable_spec_is_named() {
    let root = workspace_with(&[]);
    std::fs::write(root.path().join("openapi/bad.yaml"), [0xff, 0xfe, 0x00]).unwrap();
    let error = regen_error(root.path());
    assert!(matches!(error, Error::Read { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with("openapi/bad.yaml: cannot read it"),
        "{error}"
    );
}

#[test]
fn a_yaml_syntax_error_gives_file_and_line() {
    let broken = spec("list", "/things").replace("info: {title", "info: {title: [");
    let root = workspace_with(&[("api.yaml", &broken)]);
    let error = regen_error(root.path());
    assert!(matches!(error, Error::Syntax { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with("openapi/api.yaml: not valid YAML"),
        "{message}"
    );
    assert!(message.contains("line 2"), "{message}");
}

#[test]
fn a_json_syntax_error_gives_file_and_line() {
    let root = workspace_with(&[("api.json", "{\n  \"openapi\": \"3.0.3\",\n}")]);
    let message = regen_error(root.path()).to_string();
    assert!(
        message.starts_with("openapi/api.json: not valid JSON"),
        "{message}"
    );
    assert!(message.contains("line 3"), "{message}");
}

#[test]
fn documents_that_are_not_openapi_3_0_are_refused_with_the_reason() {
    let cases = [
        ("swagger: \"2.0\"\ninfo: {}\n", "Swagger 2.0"),
        (
            &*spec("list", "/things").replace("3.0.3", "3.1.0"),
            "declares `openapi: 3.1.0`",
        ),
        (
            &*spec("list", "/things").replace("3.0.3", "3.0"),
            "(quote it in YAML)",
        ),
        ("info: {title: x}\n", "has no `openapi` field"),
        ("- a list\n", "top level is not a mapping"),
    ];
    for (text, reason) in cases {
        let root = workspace_with(&[("api.yaml", text)]);
        let error = regen_error(root.path());
        assert!(matches!(error, Error::NotOpenApi30 { .. }), "{error:?}");
        let message = error.to_string();
        assert!(
            message.starts_with("openapi/api.yaml: not an OpenAPI 3.0.x"),
            "{message}"
        );
        assert!(message.contains(reason), "{message}");
    }
}

#[test]
fn a_document_of_the_wrong_shape_says_where() {
    let wrong = spec("list", "/things").replace("description: ok", "description: [1]");
    let root = workspace_with(&[("api.yaml", &wrong)]);
    let error = regen_error(root.path());
    assert!(matches!(error, Error::Invalid { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with("openapi/api.yaml: not a valid OpenAPI document: paths:"),
        "{message}"
    );
    assert!(message.contains("expected a string at line 4"), "{message}");
}

#[test]
fn a_missing_operation_id_is_derived_from_the_method_and_path() {
    let text = spec("list", "/things").replace("      operationId: list\n", "");
    let root = workspace_with(&[("api.yaml", &text)]);
    xtask::regen(&Workspace::new(root.path()), Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    let generated = std::fs::read_to_string(root.path().join(xtask::GENERATED_FILE)).unwrap();
    assert!(
        generated.contains("pub async fn get_things("),
        "{generated}"
    );
}

#[test]
fn a_fix_gives_an_operation_its_missing_operation_id() {
    let text = spec("list", "/things").replace("      operationId: list\n", "");
    let fix = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  \
               - target: $.paths['/things'].get\n    description: Published without one.\n    \
               update: {operationId: things-list}\n";
    let root = workspace_with(&[("api.yaml", &text), ("fixes/api.yaml", fix)]);
    xtask::regen(&Workspace::new(root.path()), Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    let generated = std::fs::read_to_string(root.path().join(xtask::GENERATED_FILE)).unwrap();
    assert!(
        generated.contains("pub async fn things_list("),
        "{generated}"
    );
}

#[test]
fn a_duplicate_operation_id_names_both_operations() {
    let root = workspace_with(&[
        ("a.yaml", &spec("list", "/things")),
        ("b.yaml", &spec("list", "/other-things")),
    ]);
    let message = regen_error(root.path()).to_string();
    assert_eq!(
        message,
        "operationId `list` is used twice: by `GET /things` in openapi/a.yaml \
         and by `GET /other-things` in openapi/b.yaml"
    );
}

#[test]
fn an_operation_that_maps_to_no_product_is_refused_with_its_line() {
    let table =
        |rows: &str| format!("method\tpath\toperationId\tproduct\tchain\tname\tfrom\n{rows}");
    let root = workspace_with(&[
        ("a.yaml", &spec("list-things", "/things")),
        (
            "products.tsv",
            &table("GET\t/other-things\tlist-other-things\tthings\t\t\tpath-segment\n"),
        ),
    ]);
    let error = regen_error(root.path());
    assert!(matches!(error, Error::Construct { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "openapi/a.yaml:5: operation `list-things` (`GET /things`): it maps to no product: \
         openapi/products.tsv has no row for `GET /things`; regenerate it with \
         `cargo xtask products` (see CONTRIBUTING.md, \"Which product an operation belongs to\")"
    );

    // With its row, regen takes it; a table with another header is refused.
    std::fs::write(
        root.path().join("openapi/products.tsv"),
        table("GET\t/things\tlist-things\tthings\t\t\tpath-segment\n"),
    )
    .unwrap();
    xtask::regen(&Workspace::new(root.path()), Mode::Write).unwrap();
    std::fs::write(root.path().join("openapi/products.tsv"), "method,path\n").unwrap();
    assert_eq!(
        regen_error(root.path()).to_string(),
        "openapi/products.tsv: line 1: the header must be \
         `method\\tpath\\toperationId\\tproduct\\tchain\\tname\\tfrom`"
    );
}

#[test]
fn spec_files_are_merged_and_may_repeat_identical_components() {
    let root = workspace_with(&[
        ("a.yaml", &spec("list-things", "/things")),
        (
            "b.json",
            &spec_as_json("list-other-things", "/other-things"),
        ),
    ]);
    let report = xtask::regen(&Workspace::new(root.path()), Mode::Write).unwrap();
    assert_eq!(report.sources, ["openapi/a.yaml", "openapi/b.json"]);
    let generated = std::fs::read_to_string(root.path().join(xtask::GENERATED_FILE)).unwrap();
    assert!(generated.contains("pub async fn list_things("));
    assert!(generated.contains("pub async fn list_other_things("));
}

#[test]
fn two_files_may_define_different_operations_of_one_path() {
    let put = spec("put-thing", "/things").replace("    get:", "    put:");
    let root = workspace_with(&[("a.yaml", &spec("get-thing", "/things")), ("b.yaml", &put)]);
    xtask::regen(&Workspace::new(root.path()), Mode::Write).unwrap();
    let generated = std::fs::read_to_string(root.path().join(xtask::GENERATED_FILE)).unwrap();
    assert!(generated.contains("pub async fn get_thing("));
    assert!(generated.contains("pub async fn put_thing("));
}

#[test]
fn one_operation_defined_differently_in_two_files_names_both() {
    let root = workspace_with(&[
        ("a.yaml", &spec("get-thing", "/things")),
        ("b.yaml", &spec("get-other-thing", "/things")),
    ]);
    let message = regen_error(root.path()).to_string();
    assert!(
        message.contains("`paths./things.get` is also defined in openapi/a.yaml"),
        "{message}"
    );
}

#[test]
fn spec_files_in_subfolders_are_read() {
    let root = workspace_with(&[
        ("workers/things.yaml", &spec("list-things", "/things")),
        ("notes.txt", "not a spec"),
    ]);
    let report = xtask::regen(&Workspace::new(root.path()), Mode::Write).unwrap();
    assert_eq!(report.sources, ["openapi/workers/things.yaml"]);
}

#[test]
fn a_component_defined_differently_in_two_files_names_both() {
    // A line more before it in `b.yaml`: each side is named by its own line.
    let other = "# Another product.\n".to_owned()
        + &spec("list-other-things", "/other-things").replace("type: boolean", "type: string");
    let root = workspace_with(&[
        ("a.yaml", &spec("list-things", "/things")),
        ("b.yaml", &other),
    ]);
    let message = regen_error(root.path()).to_string();
    assert_eq!(
        message,
        "openapi/b.yaml:16: `components.schemas.envelope` is also defined in openapi/a.yaml:15, \
         differently; define it once"
    );
}

/// progenitor `assert!`s that an operation has one success type; two
/// different ones must be reported against the operation, not crash.
fn two_success_types() -> String {
    spec("list", "/things").replace(
        "components:",
        r##"  /broken:
    get:
      operationId: get-broken
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/envelope"}
        "204":
          description: nothing
components:"##,
    )
}

#[test]
fn a_progenitor_panic_is_reported_against_the_operation() {
    let root = workspace_with(&[("api.yaml", &two_success_types())]);
    let error = regen_error(root.path());
    let Error::Construct {
        ref location,
        ref message,
    } = error
    else {
        panic!("expected a located error, got {error:?}");
    };
    assert_eq!(
        location.to_string(),
        "openapi/api.yaml:14: operation `get-broken` (`GET /broken`)"
    );
    assert!(
        message.starts_with("progenitor cannot generate it: panicked at"),
        "{message}"
    );
    assert!(message.contains("response_types.len() <= 1"), "{message}");
}

/// `spec` with more component schemas, the `schema` one last but one, and
/// the envelope referring to all of them.
fn with_components(schema: &str, text: &str) -> String {
    let mut spec = spec("list", "/things");
    for index in 0..20 {
        let name = format!("filler-{index:02}");
        spec.push_str(&format!(
            "    {name}:\n      type: object\n      properties:\n        n: {{type: integer}}\n"
        ));
        if index == 12 {
            spec.push_str(&format!("    {schema}:\n{text}"));
        }
    }
    spec
}

#[test]
fn type_unknown_is_any_json_value() {
    // Cloudflare's `workers-kv_any`, and a component that refers to it.
    let text = spec("list", "/things").replace(
        "        success: {type: boolean}\n",
        "        success: {type: boolean}\n        result: {$ref: \"#/components/schemas/metadata\"}\n",
    ) + "    metadata:\n      $ref: \"#/components/schemas/any\"\n      description: Arbitrary JSON.\n    any:\n      type: unknown\n";
    let root = workspace_with(&[("api.yaml", &text)]);
    let report =
        xtask::regen(&Workspace::new(root.path()), Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let generated = std::fs::read_to_string(root.path().join(xtask::GENERATED_FILE)).unwrap();
    assert!(
        generated.contains("pub result: ::std::option::Option<::serde_json::Value>"),
        "{generated}"
    );
}

#[test]
fn an_unknown_type_names_the_file_line_schema_and_construct() {
    let text = with_components(
        "thing",
        "      type: object\n      properties:\n        size:\n          type: frobnicate\n",
    );
    let root = workspace_with(&[("a.yaml", &spec("other", "/other")), ("api.yaml", &text)]);
    let line = text
        .lines()
        .position(|line| line.contains("frobnicate"))
        .unwrap()
        + 1;
    let message = regen_error(root.path()).to_string();
    assert_eq!(
        message,
        format!(
            "openapi/api.yaml:{line}: component schema `thing`: `type: \"frobnicate\"` is not \
             an OpenAPI 3.0 type (string, number, integer, boolean, array, object); write the \
             type the values have, or leave `type` out for any JSON value"
        )
    );
}

#[test]
fn what_typify_refuses_in_one_of_many_components_is_named_with_its_file_line_and_schema() {
    // A `default` that is not one of the values (typify: "value does not
    // conform to the given schema").
    let text = with_components(
        "operator",
        "      type: string\n      enum: [and, or]\n      default: xor\n",
    )
    .replace(
        "      operationId: list\n",
        "      operationId: list\n      parameters:\n        - {name: op, in: query, schema: {$ref: \"#/components/schemas/operator\"}}\n",
    );
    let root = workspace_with(&[("a.yaml", &spec("other", "/other")), ("api.yaml", &text)]);
    let line = text
        .lines()
        .position(|line| line == "    operator:")
        .unwrap()
        + 1;
    let message = regen_error(root.path()).to_string();
    assert_eq!(
        message,
        format!(
            "openapi/api.yaml:{line}: component schema `operator`: progenitor cannot generate \
             it: type error value does not conform to the given schema"
        )
    );
}

#[test]
fn string_values_without_distinct_rust_names_are_checked_by_a_pattern() {
    // typify panics on these ("Failed to make unique variant names"):
    // Cloudflare's `cloudforce-one_EmailRuleArrayCondition` operators.
    let text = spec("list", "/things").replace(
        "      operationId: list\n",
        "      operationId: list\n      parameters:\n        - {name: op, in: query, schema: {$ref: \"#/components/schemas/operator\"}}\n",
    ) + "    operator:\n      type: string\n      enum: [\"==\", \"!=\", \">\", \">=\", \"<\", \"<=\"]\n";
    let root = workspace_with(&[("api.yaml", &text)]);
    xtask::regen(&Workspace::new(root.path()), Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    let generated = std::fs::read_to_string(root.path().join(xtask::GENERATED_FILE)).unwrap();
    assert!(
        generated.contains("pub struct Operator(::std::string::String);"),
        "{generated}"
    );
    assert!(generated.contains("^(?:==|!=|>|>=|<|<=)$"), "{generated}");
}

/// A spec whose answers hold `anyOf`s of objects: two that share `values`
/// (inline in `list`'s answer, and `shared`, which `create` also takes as
/// its body), and one whose alternatives a `type` tag tells apart.
fn overlapping_unions(acknowledgement: &str) -> String {
    format!(
        r##"openapi: 3.0.3
info: {{title: Test, version: 1.0.0}}
paths:
  /things:
    get:
      operationId: list
{acknowledgement}      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  success: {{type: boolean}}
                  result:
                    description: The values, alone or with their metadata.
                    anyOf:
                      - $ref: "#/components/schemas/plain"
                      - $ref: "#/components/schemas/with-metadata"
    post:
      operationId: create
      requestBody:
        content:
          application/json:
            schema: {{$ref: "#/components/schemas/shared"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/shared"}}
  /tagged:
    get:
      operationId: tagged
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/tagged"}}
components:
  schemas:
    plain:
      type: object
      properties:
        values:
          description: Each key's value.
          type: object
          additionalProperties: {{type: string}}
    with-metadata:
      type: object
      properties:
        values:
          description: Each key's value and metadata.
          type: object
          additionalProperties:
            type: object
            nullable: true
            properties:
              value: {{type: string}}
              metadata: {{type: object}}
        cursor: {{type: string}}
    shared:
      anyOf:
        - $ref: "#/components/schemas/plain"
        - $ref: "#/components/schemas/with-metadata"
    tagged:
      anyOf:
        - type: object
          required: [type]
          properties:
            type: {{type: string, enum: [a]}}
            name: {{type: string}}
        - type: object
          required: [type]
          properties:
            type: {{type: string, enum: [b]}}
            name: {{type: string}}
"##
    )
}

#[test]
fn an_any_of_of_objects_sharing_properties_keeps_every_value_and_says_what_it_leaves_out() {
    let root = workspace_with(&[("api.yaml", &overlapping_unions(""))]);
    let workspace = Workspace::new(root.path());
    let report = xtask::regen(&workspace, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    let says = |place: &str, alternatives: &str| {
        format!(
            "`{place}` is an `anyOf` whose alternatives ({alternatives}) share `values` with \
             nothing telling them apart, which typify decodes into one alternative, dropping what \
             the others hold: answers hold it as one object of every alternative's properties \
             (each typed where the alternatives that have it type it alike, else any JSON value), \
             and its typed alternatives are left out; if that is fine, say why in the \
             operation's `x-rust-omits` under `typed alternatives of {place}`"
        )
    };
    assert_eq!(
        warnings,
        [
            format!(
                "openapi/api.yaml:16: operation `list` (`GET /things`): {}",
                says("response 200 result", "`plain`, `with-metadata`")
            ),
            format!(
                "openapi/api.yaml:28: operation `create` (`POST /things`): {}",
                says("shared", "`plain`, `with-metadata`")
            ),
        ],
        "none for `tagged`, whose alternatives `type` tells apart"
    );

    // What answers decode into: `values` as any JSON value (the
    // alternatives type it differently), `cursor` (one alternative's) as
    // it types it; no flattened alternatives.
    let generated = std::fs::read_to_string(root.path().join(xtask::GENERATED_FILE)).unwrap();
    let item = |name: &str| -> String {
        let start = generated
            .find(&format!("pub struct {name} {{"))
            .or_else(|| generated.find(&format!("pub enum {name} {{")))
            .unwrap_or_else(|| panic!("no `{name}` in {generated}"));
        let end = start + generated[start..].find("\n    }").unwrap();
        generated[start..end].to_owned()
    };
    for name in ["ListResponseResult", "Shared"] {
        let item = item(name);
        assert!(
            item.contains("pub values: ::std::option::Option<::serde_json::Value>,")
                && item.contains("pub cursor: ::std::option::Option<::std::string::String>,")
                && !item.contains("subtype_")
                && !item.contains("flatten"),
            "{item}"
        );
    }
    let list = item("ListResponseResult");
    assert!(
        list.contains(
            "/// Each key's value.\n        ///\n        /// Or: Each key's value and metadata."
        ),
        "both alternatives' descriptions: {list}"
    );
    // A request loses nothing sending typify's type, and keeps it.
    let input = item("SharedInput");
    assert!(
        input.contains("pub subtype_0: ::std::option::Option<Plain>"),
        "{input}"
    );
    // A tagged union stays typify's enum.
    assert!(generated.contains("pub enum Tagged {"), "{generated}");

    // `--check` fails until the operations acknowledge it.
    let error = xtask::regen(&workspace, Mode::Check).unwrap_err();
    assert!(matches!(error, Error::Unacknowledged { .. }), "{error:?}");
    assert!(error.to_string().contains(&warnings[0]), "{error}");
    let acknowledged = overlapping_unions(
        "      x-rust-omits:\n        typed alternatives of response 200 result: The values are JSON as the API sends them.\n",
    )
    .replace(
        "      operationId: create\n",
        "      operationId: create\n      x-rust-omits:\n        typed alternatives of shared: Read as JSON.\n",
    );
    std::fs::write(root.path().join("openapi/api.yaml"), &acknowledged).unwrap();
    let report = xtask::regen(&workspace, Mode::Write).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    xtask::regen(&workspace, Mode::Check).unwrap_or_else(|e| panic!("{e}"));
    let generated = std::fs::read_to_string(root.path().join(xtask::GENERATED_FILE)).unwrap();
    assert!(
        generated.contains("The values are JSON as the API sends them."),
        "the generated docs say what the method leaves out"
    );
}

/// `spec` whose operation takes a body of two media types.
fn two_media_types(acknowledgement: &str) -> String {
    spec("create", "/things").replace("    get:", "    post:").replace(
        "      responses:\n",
        &format!(
            "{acknowledgement}      requestBody:\n        content:\n          application/json:\n            schema: {{type: object, properties: {{name: {{type: string}}}}}}\n          text/plain:\n            schema: {{type: string}}\n      responses:\n"
        ),
    )
}

#[test]
fn a_second_media_type_is_a_warning_and_check_fails_until_the_spec_acknowledges_it() {
    let root = workspace_with(&[("api.yaml", &two_media_types(""))]);
    let workspace = Workspace::new(root.path());
    let report = xtask::regen(&workspace, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "openapi/api.yaml:11: operation `create` (`POST /things`): the request body's media \
          type `text/plain` is left out (progenitor takes one; regen keeps `application/json`); \
          if that is fine, say why in the operation's `x-rust-omits` under `request body \
          text/plain`"
        ]
    );
    // The same spec, the same warnings (`regen` is deterministic).
    let again = xtask::regen(&workspace, Mode::Write).unwrap();
    assert_eq!(again.warnings, report.warnings);

    let error = xtask::regen(&workspace, Mode::Check).unwrap_err();
    assert!(matches!(error, Error::Unacknowledged { .. }), "{error:?}");
    assert!(error.to_string().contains(&warnings[0]), "{error}");

    let acknowledged = two_media_types(
        "      x-rust-omits:\n        request body text/plain: The JSON body says the same.\n",
    );
    std::fs::write(root.path().join("openapi/api.yaml"), &acknowledged).unwrap();
    let report = xtask::regen(&workspace, Mode::Write).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    xtask::regen(&workspace, Mode::Check).unwrap_or_else(|e| panic!("{e}"));
    let generated = std::fs::read_to_string(root.path().join(xtask::GENERATED_FILE)).unwrap();
    assert!(
        generated.contains("`text/plain` is left out")
            && generated.contains("The JSON body says the same."),
        "the generated docs say what the method leaves out"
    );
}

#[test]
fn an_acknowledgement_of_nothing_or_without_a_reason_is_an_error() {
    for (acknowledgement, expected) in [
        (
            "      x-rust-omits:\n        request body text/html: Not sent.\n",
            "acknowledges `request body text/html`, which regen does not leave out; remove it",
        ),
        (
            "      x-rust-omits:\n        request body text/plain: \"\"\n",
            "acknowledges `request body text/plain` without a reason",
        ),
    ] {
        let root = workspace_with(&[("api.yaml", &two_media_types(acknowledgement))]);
        let message = regen_error(root.path()).to_string();
        assert!(
            message.starts_with(
                "openapi/api.yaml:8: operation `create` (`POST /things`): `x-rust-omits`"
            ),
            "{message}"
        );
        assert!(message.contains(expected), "{message}");
    }
}

#[test]
fn what_progenitor_ignores_of_an_operation_is_a_warning_too() {
    let text = spec("list", "/things")
        .replace(
            "      operationId: list\n",
            "      operationId: list\n      parameters:\n        - {name: session, in: cookie, schema: {type: string}}\n        - {name: ids, in: query, explode: false, schema: {type: array, items: {type: string}}}\n",
        )
        .replace(
            "              schema: {$ref: \"#/components/schemas/envelope\"}\n",
            "              schema: {$ref: \"#/components/schemas/envelope\"}\n            text/html:\n              schema: {type: string}\n",
        );
    let root = workspace_with(&[("api.yaml", &text)]);
    let report =
        xtask::regen(&Workspace::new(root.path()), Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    // `explode: false` is no omission: the list is sent as one pair.
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    let generated = std::fs::read_to_string(root.path().join(xtask::GENERATED_FILE)).unwrap();
    assert!(
        generated.contains("crate::wire::QueryParam::unexploded(\"ids\", &ids)"),
        "{generated}"
    );
    assert!(
        warnings[0].starts_with("openapi/api.yaml:5: operation `list` (`GET /things`): the cookie parameter `session` is left out"),
        "{warnings:#?}"
    );
    assert!(
        warnings[0].ends_with("under `cookie parameter session`"),
        "{warnings:#?}"
    );
    assert!(
        warnings[1].starts_with("openapi/api.yaml:16: operation `list` (`GET /things`): the `200` answer's media type `text/html` is left out"),
        "{warnings:#?}"
    );
}

// The real binary, as `cargo xtask` runs it.

fn xtask(args: &[&str], root: &Path) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    (
        output.status.code().expect("exited, not killed"),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn the_binary_regenerates_then_checks() {
    let root = workspace_with(&[("api.yaml", &spec("list", "/things"))]);

    let (code, stdout, stderr) = xtask(&["regen", "--check"], root.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("(the file does not exist)"), "{stderr}");
    assert!(
        stderr.contains("Run `cargo xtask regen` and commit the result."),
        "{stderr}"
    );
    assert_eq!(stdout, "");

    let (code, stdout, stderr) = xtask(&["regen"], root.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("1 product crates written, from openapi/api.yaml:\n  crates/products/api: 1 operations, "),
        "{stdout}"
    );

    let (code, stdout, stderr) = xtask(&["regen", "--check"], root.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("product crates up to date"), "{stdout}");
}

#[test]
fn the_binary_reports_bad_input_in_one_line_without_a_backtrace() {
    for text in ["openapi: [", &*two_success_types()] {
        let root = workspace_with(&[("api.yaml", text)]);
        let (code, _, stderr) = xtask(&["regen"], root.path());
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains("thread 'main'"), "{stderr}");
        assert!(!stderr.contains("backtrace"), "{stderr}");
    }
}

#[test]
fn the_binary_prints_warnings_and_check_turns_them_into_an_error() {
    let root = workspace_with(&[("api.yaml", &two_media_types(""))]);
    let (code, stdout, stderr) = xtask(&["regen"], root.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("written"), "{stdout}");
    assert!(
        stderr.starts_with("warning: openapi/api.yaml:11: operation `create`"),
        "{stderr}"
    );
    let (code, _, stderr) = xtask(&["regen", "--check"], root.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "error: regen leaves out 1 part(s) of operations that the spec does not acknowledge:"
        ),
        "{stderr}"
    );
}

#[test]
fn the_binary_explains_its_commands() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("Usage: cargo xtask <COMMAND>"), "{help}");
    assert!(help.contains("regen"), "{help}");

    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regen", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("--check"), "{help}");
    assert!(help.contains("deterministic"), "{help}");
}

#[test]
fn a_reference_to_nothing_names_the_file_and_line_of_the_reference() {
    let text = with_components(
        "thing",
        "      type: object\n      properties:\n        size:\n          $ref: \"#/components/schemas/missing\"\n",
    );
    let root = workspace_with(&[("a.yaml", &spec("other", "/other")), ("api.yaml", &text)]);
    let line = text
        .lines()
        .position(|line| line.contains("schemas/missing"))
        .unwrap()
        + 1;
    let message = regen_error(root.path()).to_string();
    assert_eq!(
        message,
        format!(
            "openapi/api.yaml:{line}: component schema `thing`: `$ref: \"#/components/schemas/missing\"` \
             points at nothing: the spec files have no `components.schemas.missing`; import the \
             schema it names, or correct the name"
        )
    );
}

#[test]
fn a_path_parameter_the_operation_does_not_declare_is_named_not_progenitors_panic() {
    let root = workspace_with(&[("api.yaml", &spec("list", "/things/{thing_id}/parts"))]);
    let message = regen_error(root.path()).to_string();
    assert_eq!(
        message,
        "openapi/api.yaml:5: operation `list` (`GET /things/{thing_id}/parts`): `{thing_id}` is in \
         the path, but no parameter `thing_id` is `in: path`; declare it (in the operation's or \
         the path's `parameters`)"
    );
}

#[test]
fn a_misspelled_or_misplaced_extension_of_ours_is_an_error_not_ignored() {
    let misspelled = spec("list", "/things").replace(
        "      operationId: list\n",
        "      operationId: list\n      x-rust-tre: {group: things, method: all}\n",
    );
    let root = workspace_with(&[("api.yaml", &misspelled)]);
    let message = regen_error(root.path()).to_string();
    assert!(
        message.starts_with("openapi/api.yaml:7: operation `list` (`GET /things`): `x-rust-tre` is no extension regen knows"),
        "{message}"
    );
    let wrong_key = spec("list", "/things").replace(
        "      operationId: list\n",
        "      operationId: list\n      x-rust-tree: {grop: things, method: all}\n",
    );
    let root = workspace_with(&[("api.yaml", &wrong_key)]);
    let message = regen_error(root.path()).to_string();
    assert!(
        message.ends_with("`x-rust-tree` takes `group` and `method`, not `grop`"),
        "{message}"
    );
    let on_the_path = spec("list", "/things")
        .replace("    get:\n", "    x-rust-tree: {group: things}\n    get:\n");
    let root = workspace_with(&[("api.yaml", &on_the_path)]);
    let message = regen_error(root.path()).to_string();
    assert!(
        message.starts_with("openapi/api.yaml:5:")
            && message.contains(
                "`x-rust-tree` takes effect on an operation (see xtask/src/tree/place.rs), not on"
            ),
        "{message}"
    );
}
