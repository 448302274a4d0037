//! Numbers in parameters, wherever they go: the generated code writes a
//! `number` in the path, a header, the query or a JSON body as the API
//! reads it (the generated crate's `wire` module: `1`, not `1.0`), and
//! checks it finite before sending. What those writers print is tested in `wire` itself
//! and on the wire in `tests/e2e/workers_kv.rs`; this proves that every
//! place progenitor writes a number goes through one of them.

use xtask::Workspace;

const SPEC: &str = r##"openapi: 3.0.3
info: {title: Test, version: 1.0.0}
paths:
  /things/{size}:
    get:
      operationId: get-thing
      parameters:
        - {name: size, in: path, required: true, schema: {type: number}}
        - {name: x-ratio, in: header, required: true, schema: {type: number}}
        - {name: page, in: query, schema: {type: number}}
        - {name: ttl, in: query, schema: {$ref: "#/components/schemas/ttl"}}
        - {name: ids, in: query, schema: {type: array, items: {type: number}}}
        - {name: name, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {success: {type: boolean}}}
  /things:
    post:
      operationId: create-thing
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {ttl: {type: number}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {success: {type: boolean}}}
components:
  schemas:
    ttl: {type: number, minimum: 60}
"##;

fn generated() -> String {
    let root = tempfile::tempdir().unwrap();
    let spec_dir = root.path().join(xtask::SPEC_DIR);
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(spec_dir.join("api.yaml"), SPEC).unwrap();
    xtask::generate(&Workspace::new(root.path())).unwrap_or_else(|e| panic!("{e}"))
}

/// `code` without whitespace, to find statements whatever their layout.
fn squeezed(code: &str) -> String {
    code.split_whitespace().collect()
}

#[test]
fn every_parameter_that_holds_a_number_is_checked_finite_before_sending() {
    let code = squeezed(&generated());
    for name in ["size", "x_ratio", "page", "ttl", "ids"] {
        let check =
            format!("crate::wire::finite(\"{name}\",&{name}).map_err(Error::InvalidRequest)?;");
        assert!(code.contains(&check), "no check of `{name}`");
    }
    assert!(
        !code.contains("crate::wire::finite(\"name\""),
        "a string needs no check"
    );
    // Before the URL is built, so that nothing is sent.
    let check = code.find("crate::wire::finite(\"size\"").unwrap();
    let url = check + code[check..].find("leturl=format!(").unwrap();
    let start = code
        .find("crate::hooks::start(self,\"get-thing\")")
        .unwrap();
    assert!(start < check && !code[check..url].contains("crate::hooks::start"));
}

#[test]
fn query_numbers_go_through_the_wire_module_and_path_and_header_numbers_through_display() {
    let code = squeezed(&generated());
    for name in ["page", "ttl", "ids", "name"] {
        let query = format!(".query(&crate::wire::QueryParam::new(\"{name}\",&{name}))");
        assert!(code.contains(&query), "`{name}` is not written by `wire`");
    }
    assert!(!code.contains("progenitor_client::QueryParam"), "{code}");
    // `Display`, which writes an `f64` as `wire` does (`1`, `0.5`).
    assert!(code.contains("size.path_segment()"), "{code}");
    assert!(
        code.contains("header_map.append(\"x-ratio\",x_ratio.to_string().try_into()?);"),
        "{code}"
    );
    assert_eq!(1.0_f64.to_string(), "1");
    assert_eq!(0.5_f64.to_string(), "0.5");
}

#[test]
fn json_bodies_are_written_by_the_wire_module() {
    let code = squeezed(&generated());
    assert!(
        !code.contains(".json(&body)"),
        "reqwest's `json` writes `1.0`"
    );
    assert!(
        code.contains(
            ".body(crate::wire::json_body(\"body\",&body).map_err(Error::InvalidRequest)?"
        ),
        "no `wire::json_body`"
    );
}
