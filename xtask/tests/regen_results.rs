//! How the generated code reads answers, as the spec says:
//!
//! - what a success without `result` means for each operation (the
//!   `Envelope` impl regen writes for each response envelope): a list is
//!   an empty list, a `result` the schema makes `nullable` is an `Option`
//!   that is `None`, and any other declared result is missing, an error,
//!   never a value regen invents (`Default::default()`, which a type with
//!   required fields does not even have, so that the generated crate would
//!   not compile);
//! - what an answer that is not JSON may be: the media types each
//!   operation's successes declare, in its `OPERATIONS` row.

use xtask::Workspace;

const SPEC: &str = r##"openapi: 3.0.3
info: {title: Test, version: 1.0.0}
paths:
  /namespaces:
    get:
      operationId: list-namespaces
      responses:
        "200":
          description: a list, `result` not required
          content:
            application/json:
              schema:
                allOf:
                  - $ref: "#/components/schemas/common"
                  - properties:
                      result: {type: array, items: {$ref: "#/components/schemas/namespace"}}
    post:
      operationId: create-namespace
      responses:
        "200":
          description: an object, `result` not required
          content:
            application/json:
              schema:
                allOf:
                  - $ref: "#/components/schemas/common"
                  - properties:
                      result: {$ref: "#/components/schemas/namespace"}
    patch:
      operationId: list-nullable
      responses:
        "200":
          description: a list the schema makes nullable, `result` required
          content:
            application/json:
              schema:
                type: object
                required: [success, result]
                properties:
                  success: {type: boolean}
                  errors: {$ref: "#/components/schemas/messages"}
                  messages: {$ref: "#/components/schemas/messages"}
                  result:
                    type: array
                    nullable: true
                    items: {$ref: "#/components/schemas/namespace"}
  /namespaces/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    put:
      operationId: rename-namespace
      responses:
        "200":
          description: an object without `Default`, `result` required
          content:
            application/json:
              schema:
                type: object
                required: [success, errors, messages, result]
                properties:
                  success: {type: boolean}
                  errors: {$ref: "#/components/schemas/messages"}
                  messages: {$ref: "#/components/schemas/messages"}
                  result: {$ref: "#/components/schemas/namespace"}
    get:
      operationId: get-namespace-or-null
      responses:
        "200":
          description: an object the schema makes nullable, `result` required
          content:
            application/json:
              schema:
                type: object
                required: [success, result]
                properties:
                  success: {type: boolean}
                  errors: {$ref: "#/components/schemas/messages"}
                  messages: {$ref: "#/components/schemas/messages"}
                  result:
                    nullable: true
                    allOf: [{$ref: "#/components/schemas/namespace"}]
    delete:
      operationId: write-value
      responses:
        "200":
          description: Workers KV's no-result envelope
          content:
            application/json:
              schema: {$ref: "#/components/schemas/no-result"}
  /values/{key}:
    parameters:
      - {name: key, in: path, required: true, schema: {type: string}}
    get:
      operationId: read-value
      responses:
        "200":
          description: a Workers KV value, any bytes
          content:
            Application/Octet-Stream: {schema: {type: string, format: binary}}
        4XX:
          description: failure
          content:
            application/json: {schema: {$ref: "#/components/schemas/common"}}
  /raw:
    get:
      operationId: read-raw
      responses:
        default:
          description: anything
          content:
            "*/*": {schema: {type: string, format: binary}}
            image/*: {schema: {type: string, format: binary}}
  /secrets:
    patch:
      operationId: edit-secrets
      responses:
        "200":
          description: a map, `result` not required
          content:
            application/json:
              schema:
                allOf:
                  - $ref: "#/components/schemas/common"
                  - properties:
                      result:
                        type: object
                        additionalProperties: {$ref: "#/components/schemas/namespace"}
components:
  schemas:
    messages:
      type: array
      items:
        type: object
        required: [code, message]
        properties:
          code: {type: integer}
          message: {type: string}
    common:
      type: object
      required: [success, errors, messages]
      properties:
        success: {type: boolean}
        errors: {$ref: "#/components/schemas/messages"}
        messages: {$ref: "#/components/schemas/messages"}
    namespace:
      type: object
      required: [id, title]
      properties:
        id: {type: string}
        title: {type: string}
    no-result:
      type: object
      required: [success, errors, messages]
      properties:
        success: {type: boolean}
        errors: {$ref: "#/components/schemas/messages"}
        messages: {$ref: "#/components/schemas/messages"}
        result:
          type: object
          nullable: true
          x-stainless-empty-object: true
"##;

fn generated() -> String {
    let root = tempfile::tempdir().unwrap();
    let spec_dir = root.path().join(xtask::SPEC_DIR);
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(spec_dir.join("api.yaml"), SPEC).unwrap();
    xtask::generate(&Workspace::new(root.path())).unwrap_or_else(|e| panic!("{e}"))
}

/// `code` without whitespace, nor the trailing commas prettyplease puts
/// in a type it breaks over lines.
fn squeezed(code: &str) -> String {
    code.split_whitespace()
        .collect::<String>()
        .replace(",>", ">")
}

/// The `Result` type and the body of `result_when_absent` of the envelope
/// `name`, without whitespace.
fn envelope(code: &str, name: &str) -> (String, String) {
    let start = code
        .find(&format!("implcrate::Envelopefor{name}{{"))
        .unwrap_or_else(|| panic!("no `impl Envelope for {name}`"));
    let code = &code[start..];
    let between = |from: &str, to: &str| {
        let from = code.find(from).unwrap() + from.len();
        let to = from + code[from..].find(to).unwrap();
        code[from..to].to_owned()
    };
    (
        between("typeResult=", ";"),
        between(
            "fnresult_when_absent()->::std::option::Option<Self::Result>{",
            "}",
        ),
    )
}

const NONE: &str = "None";
const EMPTY: &str = "Some(::std::default::Default::default())";

#[test]
fn a_success_without_result_means_what_the_schema_says() {
    let code = squeezed(&generated());
    let cases = [
        // Lists: an empty list, whether the schema requires `result`, makes
        // it nullable, or neither.
        (
            "ListNamespacesResponse",
            "::std::vec::Vec<Namespace>",
            EMPTY,
        ),
        ("ListNullableResponse", "::std::vec::Vec<Namespace>", EMPTY),
        // A map typify defaults when it is missing: empty, as it decodes.
        (
            "EditSecretsResponse",
            "::std::collections::HashMap<::std::string::String,Namespace>",
            EMPTY,
        ),
        // A declared object, required or not: no stand-in, so that a
        // missing one is `Error::Decode`. `Namespace` has no `Default`.
        ("CreateNamespaceResponse", "Namespace", NONE),
        ("RenameNamespaceResponse", "Namespace", NONE),
        // Nullable: the API may send nothing, and the user sees an `Option`.
        (
            "GetNamespaceOrNullResponse",
            "::std::option::Option<Namespace>",
            "Some(None)",
        ),
        (
            "NoResult",
            "::std::option::Option<::serde_json::Map<::std::string::String,::serde_json::Value>>",
            "Some(None)",
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|&(name, result, absent)| {
            let found = envelope(&code, name);
            (found != (result.to_owned(), absent.to_owned()))
                .then(|| format!("{name}: {found:?}, expected ({result:?}, {absent:?})"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The `OPERATIONS` row of `operation_id`, without whitespace.
fn operation_row(code: &str, operation_id: &str) -> String {
    let code = &code[code.find("pubconstOPERATIONS").expect("no OPERATIONS")..];
    let start = code
        .find(&format!("\"{operation_id}\","))
        .unwrap_or_else(|| panic!("no row for `{operation_id}`"));
    let end = start + code[start..].find("),").unwrap();
    code[start..end].to_owned()
}

#[test]
fn each_operation_knows_the_media_types_of_its_successes() {
    let code = squeezed(&generated());
    for (operation_id, media_types) in [
        ("read-value", r#"&["application/octet-stream"]"#),
        // Only `default` declares a success: its media types.
        ("read-raw", r#"&["*/*","image/*"]"#),
        ("create-namespace", r#"&["application/json"]"#),
    ] {
        let row = operation_row(&code, operation_id);
        assert!(row.trim_end_matches(',').ends_with(media_types), "{row}");
    }
}
