//! What users give, as regen generates it for every operation: the spec's
//! limits of numbers and lists, which typify drops, checked in `send`
//! before anything is sent (parameters of every kind, a JSON body that is
//! a list, a JSON object body's fields).

use xtask::{Mode, Workspace};

const SPEC: &str = r##"openapi: 3.0.3
info: {title: Test, version: 1.0.0}
paths:
  /things/{id}:
    put:
      operationId: put-thing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, maxLength: 8}}
        - {name: page, in: query, schema: {type: number, minimum: 1, maximum: 100, default: 1}}
        - name: count
          in: query
          schema: {type: integer, minimum: 10, maximum: 50, exclusiveMaximum: true, multipleOf: 5}
        - {name: ttl, in: query, schema: {$ref: "#/components/schemas/ttl"}}
        - {name: ids, in: query, schema: {type: array, maxItems: 3, items: {type: number, minimum: 0}}}
        - {name: type, in: query, schema: {type: integer, minimum: 2}}
        - {name: x-ratio, in: header, schema: {type: number, minimum: 0, exclusiveMinimum: true}}
        - {name: name, in: query, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                keys: {type: array, items: {type: string}, maxItems: 100}
                ttl: {$ref: "#/components/schemas/ttl"}
                label: {type: string}
      responses:
        "200": {$ref: "#/components/responses/ok"}
  /lists:
    put:
      operationId: put-list
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/tags"}
      responses:
        "200": {$ref: "#/components/responses/ok"}
  /uploads:
    put:
      operationId: put-upload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                size: {type: integer, minimum: 1, maximum: 10, description: The size.}
                file: {type: string, format: binary}
      responses:
        "200": {$ref: "#/components/responses/ok"}
components:
  responses:
    ok:
      description: ok
      content:
        application/json:
          schema: {type: object, properties: {success: {type: boolean}}}
  schemas:
    ttl: {type: number, minimum: 60, description: Seconds to live.}
    tags: {type: array, maxItems: 2, items: {type: string, minLength: 1}}
"##;

/// The generated crate's file and the tree's, for `SPEC`.
fn generated() -> (String, String) {
    let root = tempfile::tempdir().unwrap();
    let spec_dir = root.path().join(xtask::SPEC_DIR);
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(spec_dir.join("api.yaml"), SPEC).unwrap();
    let workspace = Workspace::new(root.path());
    xtask::regen(&workspace, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    let read = |path| std::fs::read_to_string(path).unwrap();
    (
        read(workspace.generated_file()),
        read(workspace.tree_file()),
    )
}

/// `code` without whitespace and trailing commas, to find statements
/// whatever their layout.
fn squeezed(code: &str) -> String {
    let code: String = code.split_whitespace().collect();
    code.replace(",)", ")")
        .replace(",>", ">")
        .replace(",]", "]")
}

fn some(n: &str) -> String {
    format!("::std::option::Option::Some({n})")
}

#[test]
fn every_limit_of_a_number_or_list_is_checked_before_sending() {
    let (client, _) = generated();
    let code = squeezed(&client);
    let check = |name: &str, variable: &str, fields: &str| {
        format!(
            "crate::limits::within(\"{name}\",&{variable},&crate::limits::Limits{{{fields}\
             ..crate::limits::Limits::NONE}}).map_err(Error::InvalidRequest)?;"
        )
    };
    let expected = [
        check(
            "page",
            "page",
            &format!("minimum:{},maximum:{},", some("1f64"), some("100f64")),
        ),
        check(
            "count",
            "count",
            &format!(
                "minimum:{},maximum:{},exclusive_maximum:true,multiple_of:{},",
                some("10f64"),
                some("50f64"),
                some("5f64")
            ),
        ),
        // Through a `$ref`.
        check("ttl", "ttl", &format!("minimum:{},", some("60f64"))),
        // A list: its length, and its items' numbers.
        check(
            "ids",
            "ids",
            &format!("minimum:{},max_items:{},", some("0f64"), some("3usize")),
        ),
        // progenitor's `type_`, named as the API names it.
        check("type", "type_", &format!("minimum:{},", some("2f64"))),
        check(
            "x-ratio",
            "x_ratio",
            &format!("minimum:{},exclusive_minimum:true,", some("0f64")),
        ),
        // A JSON body that is a list.
        check("body", "body", &format!("max_items:{},", some("2usize"))),
        // A JSON object body's fields.
        format!(
            "crate::limits::fields_within(&body,&[(\"keys\",crate::limits::Limits{{max_items:{},\
             ..crate::limits::Limits::NONE}}),(\"ttl\",crate::limits::Limits{{minimum:{},\
             ..crate::limits::Limits::NONE}})]).map_err(Error::InvalidRequest)?;",
            some("100usize"),
            some("60f64")
        ),
    ];
    for check in &expected {
        assert!(code.contains(check), "no `{check}` in\n{client}");
    }
    for unlimited in ["\"id\"", "\"name\""] {
        assert!(
            !code.contains(&format!("crate::limits::within({unlimited}")),
            "{unlimited} has no limits"
        );
    }
    // In `send`, before the URL is built, so that nothing is sent.
    let check = code.find("crate::limits::within(\"page\"").unwrap();
    let send = code[..check].rfind("asyncfnsend(").unwrap();
    assert!(!code[send..check].contains("leturl=format!("));
    assert!(code[check..].contains("leturl=format!("));
}
