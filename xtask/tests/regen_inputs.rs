//! What users give, as regen generates it for every operation: the spec's
//! limits of numbers and lists, which typify drops, checked in `send`
//! before anything is sent (parameters of every kind, a JSON body that is
//! a list, a JSON object body's fields) and by the tree's setters of form
//! text fields; setters of numbers taking any primitive number (integers
//! any primitive integer); every type made from a string also converted
//! from a `&String`; and setter docs that say the parameter's description
//! (its schema's, through a `$ref`), limits and default.

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
  /scim/users:
    post:
      operationId: scim-users-create
      requestBody:
        required: true
        content:
          application/scim+json:
            schema: {type: object, properties: {userName: {type: string}}}
      responses:
        "200": {$ref: "#/components/responses/ok"}
  /vectors:
    post:
      operationId: insert-vectors
      requestBody:
        required: true
        content:
          application/x-ndjson:
            schema: {type: string, format: binary}
      responses:
        "200": {$ref: "#/components/responses/ok"}
  /query:
    post:
      operationId: query-sql
      requestBody:
        required: true
        content:
          text/plain:
            schema: {type: string, format: binary, description: SQL.}
      responses:
        "200": {$ref: "#/components/responses/ok"}
  /rules:
    post:
      operationId: create-rule
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/create-rule"}
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
    create-rule: {type: object, properties: {name: {type: string}}}
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
    // In the operation's method, before the URL is built, so that nothing
    // is sent.
    let check = code.find("crate::limits::within(\"page\"").unwrap();
    let send = code[..check].rfind("pubasyncfn").unwrap();
    assert!(!code[send..check].contains("leturl=format!("));
    assert!(code[check..].contains("leturl=format!("));
}

#[test]
fn setters_take_any_primitive_number_and_say_what_the_spec_says() {
    let (client, tree) = generated();
    let code = squeezed(&tree);
    for setter in [
        "pubfnpage(mutself,value:impl::cloudflare_api_runtime::api::Number)->Self{self.page=args::number::<f64>(\"page\",value).map(Some);",
        "pubfncount(mutself,value:impl::cloudflare_api_runtime::api::Integer)->Self{self.count=args::number::<i64>(\"count\",value).map(Some);",
        "V:::cloudflare_api_runtime::api::Number,{self.ids=values.into_iter().enumerate().map(|(index,value)|args::number::<f64>(args::Item(\"ids\",index),value))",
    ] {
        assert!(code.contains(setter), "no `{setter}` in\n{tree}");
    }
    // A form's text field: its number, checked against the spec's limits
    // when it is set.
    let size = format!(
        "pubfnsize(mutself,value:impl::cloudflare_api_runtime::api::Integer)->Self{{self.form_parts.set_text(\"size\",\
         args::number::<i64>(\"size\",value).and_then(|value|args::within(\"size\",value,\
         &::cloudflare_api_runtime::limits::Limits{{minimum:{},maximum:{},\
         ..::cloudflare_api_runtime::limits::Limits::NONE}})));",
        some("1f64"),
        some("10f64")
    );
    assert!(code.contains(&size), "no `{size}` in\n{tree}");

    // The docs: description (the schema's, through a `$ref`), limits, default.
    for docs in [
        "///Seconds to live.\n///\n///At least 60.\npub fn ttl(",
        "///The `page` parameter.\n///\n///At least 1 and at most 100. The API's default: `1`.\npub fn page(",
        "///At least 10, less than 50 and a multiple of 5.\npub fn count(",
        "///Each item is at least 0. At most 3 items.\n///\n",
        "///The size.\n///\n///At least 1 and at most 10.\npub fn size(",
    ] {
        let lines: String = tree
            .lines()
            .map(|line| line.trim().replace("/// ", "///"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(lines.contains(docs), "no docs `{docs}` in\n{lines}");
    }

    // A constrained string's newtype converts from a `&String` too.
    assert!(
        squeezed(&client)
            .contains("impl::std::convert::TryFrom<&::std::string::String>forPutThingId{"),
        "{client}"
    );
}

/// A body of a media type progenitor refuses is still sent as that media
/// type: JSON by name typed as JSON, any other as bytes, and a text body
/// as text (xtask/src/normalize/media_types.rs).
#[test]
fn a_body_is_sent_as_the_media_type_the_spec_gives() {
    let (client, _) = generated();
    let content_type = |media_type: &str| {
        squeezed(&format!(
            ".header(::reqwest::header::CONTENT_TYPE, \
             ::reqwest::header::HeaderValue::from_static(\"{media_type}\"))"
        ))
    };
    let code = squeezed(&client);
    let send = |method: &str| {
        let start = code
            .find(&format!("pubasyncfn{method}("))
            .unwrap_or_else(|| panic!("no `{method}` in the generated client"));
        let end = code[start + 1..]
            .find("pubasyncfn")
            .map_or(code.len(), |end| start + 1 + end);
        code[start..end].to_owned()
    };
    let scim = send("scim_users_create");
    assert!(
        scim.contains(&content_type("application/scim+json")),
        "{scim}"
    );
    assert!(!scim.contains(&content_type("application/json")), "{scim}");
    // Typed as the spec says.
    assert!(scim.contains("types::ScimUsersCreateBody"), "{scim}");
    let vectors = send("insert_vectors");
    assert!(
        vectors.contains(&content_type("application/x-ndjson")),
        "{vectors}"
    );
    assert!(
        !vectors.contains(&content_type("application/octet-stream")),
        "{vectors}"
    );
    let query = send("query_sql");
    assert!(query.contains(&content_type("text/plain")), "{query}");
}

/// A body type named as its operation (`types::CreateRule`, the
/// component `create-rule`) beside the tree's builder of that operation
/// (`requests::CreateRule`): the tree's own code names its builder, not
/// the body (Email Security's and Cloudforce One's rules did not compile).
#[test]
fn a_type_named_as_an_operation_is_not_its_builder() {
    let (client, tree) = generated();
    assert!(
        squeezed(&client).contains("pubstructCreateRule{"),
        "{client}"
    );
    let tree = squeezed(&tree);
    assert!(tree.contains("pubstructCreateRule{"), "{tree}");
    assert!(tree.contains("implCreateRule{"), "{tree}");
    assert!(!tree.contains("types::CreateRule{client"), "{tree}");
    assert!(!tree.contains("impltypes::CreateRule"), "{tree}");
    assert!(
        !tree.contains("impl crate::generated::types::CreateRule"),
        "{tree}"
    );
}
