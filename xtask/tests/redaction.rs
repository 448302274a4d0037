//! The redaction rule through the whole pipeline (read, normalize,
//! progenitor, the passes), on small specs of each kind of place a secret
//! sits: a named property, a `$ref` (with its marker beside it, or to a
//! secret scalar that typify makes a newtype), a list, a map, an object
//! nested inline, a union's kind, a union folded into a lenient object
//! (`x-rust-open-union`), typify's builders, and an answer whose
//! `format: password` the answer's loosening drops. Each checks the
//! generated `Debug` (and `Display`) of the type a user would print.

use xtask::Workspace;

/// The generated client for a spec whose components are `schemas` (YAML,
/// indented under `components.schemas`), with one operation that sends a
/// `holder` and answers one (so that both a request's and an answer's
/// copy exist), and one that only answers an `answer`.
fn generated(schemas: &str) -> String {
    let spec = format!(
        r##"openapi: 3.0.3
info: {{title: Test, version: 1.0.0}}
paths:
  /holders:
    put:
      operationId: put-holder
      requestBody:
        content:
          application/json:
            schema: {{$ref: "#/components/schemas/holder"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  success: {{type: boolean}}
                  errors: {{type: array, items: {{type: object}}}}
                  messages: {{type: array, items: {{type: object}}}}
                  result: {{$ref: "#/components/schemas/holder"}}
    get:
      operationId: get-answer
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  success: {{type: boolean}}
                  errors: {{type: array, items: {{type: object}}}}
                  messages: {{type: array, items: {{type: object}}}}
                  result: {{$ref: "#/components/schemas/answer"}}
components:
  schemas:
    answer:
      type: object
      properties:
        password: {{type: string, format: password}}
        user: {{type: string}}
{schemas}"##
    );
    let root = tempfile::tempdir().unwrap();
    let spec_dir = root.path().join(xtask::SPEC_DIR);
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(spec_dir.join("spec.yaml"), spec).unwrap();
    xtask::generate(&Workspace::new(root.path())).unwrap()
}

/// `code` without whitespace, so that checks do not depend on layout.
fn squeezed(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text between the brace at `open` and the one that closes it.
fn block(code: &str, open: usize) -> &str {
    let mut depth = 0;
    for (index, c) in code[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &code[open + 1..open + index];
                }
            }
            _ => {}
        }
    }
    &code[open + 1..]
}

/// The body of `impl <trait> for <ty>` (without whitespace) directly in
/// the module `types` or `types::builder`.
fn impl_of(code: &str, trait_: &str, ty: &str, module: &str) -> Option<String> {
    let code = squeezed(code);
    let types_at = code.find("pubmodtypes{")?;
    let types = block(&code, types_at + "pubmodtypes".len());
    // typify's struct builders are not generated (regen drops them).
    let module = match module {
        "builder" => {
            let builder_at = types.find("pubmodbuilder{")?;
            block(types, builder_at + "pubmodbuilder".len()).to_owned()
        }
        _ => types.to_owned(),
    };
    let header = format!("impl::std::fmt::{trait_}for{ty}{{");
    let at = module.find(&header)?;
    Some(block(&module, at + header.len() - 1).to_owned())
}

fn debug_of(code: &str, ty: &str) -> String {
    impl_of(code, "Debug", ty, "types")
        .unwrap_or_else(|| panic!("no `impl Debug for {ty}` in `types`:\n{code}"))
}

/// Asserts that `debug` (an impl body) shows each field as given.
fn assert_fields(debug: &str, fields: &[(&str, &str)]) {
    let debug = debug.replace(",)", ")");
    for (name, shown) in fields {
        let expected = squeezed(&format!(".field(\"{name}\",{shown})"));
        assert!(
            debug.contains(&expected),
            "`{name}`: {expected} not in\n{debug}"
        );
    }
}

const REDACTED: &str = "&\"<redacted>\"";

#[test]
fn named_properties_lists_and_nested_objects_are_redacted() {
    let code = generated(
        r##"    holder:
      type: object
      properties:
        name: {type: string}
        text: {type: string, writeOnly: true}
        tokens: {type: array, items: {type: string, x-sensitive: true}}
        config:
          type: object
          properties:
            client_id: {type: string}
            client_secret: {type: string, x-sensitive: true}
        headers:
          type: array
          items:
            type: object
            properties:
              name: {type: string}
              value: {type: string, format: password}
"##,
    );
    assert_fields(
        &debug_of(&code, "Holder"),
        &[
            ("name", "&self.name"),
            ("text", REDACTED),
            ("tokens", REDACTED),
        ],
    );
    assert_fields(
        &debug_of(&code, "HolderConfig"),
        &[
            ("client_id", "&self.client_id"),
            ("client_secret", REDACTED),
        ],
    );
    assert_fields(
        &debug_of(&code, "HolderHeadersItem"),
        &[("name", "&self.name"), ("value", REDACTED)],
    );
    // Removed from typify's derive, so that there is one `Debug`.
    assert!(!squeezed(&code).contains("Debug,PartialEq)]pubstructHolder{"));
}

#[test]
fn typify_builders_which_could_show_a_secret_are_not_generated() {
    let code = generated(
        r##"    holder:
      type: object
      properties:
        name: {type: string}
        text: {type: string, writeOnly: true}
        secrets: {type: object, additionalProperties: {type: string, x-sensitive: true}}
"##,
    );
    assert!(
        impl_of(&code, "Debug", "Holder", "builder").is_none(),
        "{code}"
    );
    assert!(!squeezed(&code).contains("types::builder::"), "{code}");
    assert_fields(
        &debug_of(&code, "Holder"),
        &[("name", "&self.name"), ("text", REDACTED)],
    );
}

#[test]
fn open_maps_of_secrets_show_their_keys_only() {
    let code = generated(
        r##"    holder:
      type: object
      properties:
        name: {type: string}
        secrets: {type: object, additionalProperties: {type: string, x-sensitive: true}}
      additionalProperties: {type: string, writeOnly: true}
    secret-map:
      type: object
      additionalProperties: {type: string, x-sensitive: true}
"##,
    );
    assert_fields(
        &debug_of(&code, "Holder"),
        &[
            ("name", "&self.name"),
            ("secrets", "&crate::redact::values(&self.secrets)"),
            ("extra", "&crate::redact::values(&self.extra)"),
        ],
    );
    assert!(
        debug_of(&code, "SecretMap").contains("crate::redact::values(&self.0)"),
        "{code}"
    );
}

#[test]
fn secrets_behind_refs_and_scalar_newtypes_are_redacted_in_debug_and_display() {
    let code = generated(
        r##"    holder:
      type: object
      properties:
        name: {type: string}
        token: {$ref: "#/components/schemas/api-token"}
        secret: {$ref: "#/components/schemas/client-secret"}
        key: {$ref: "#/components/schemas/key", writeOnly: true}
    api-token:
      type: string
      x-sensitive: true
    client-secret:
      description: A client secret (typify checks its length, and gives it no `Display`).
      type: string
      minLength: 8
      x-sensitive: true
    key:
      type: object
      properties:
        id: {type: string}
"##,
    );
    // The newtype hides its value; a field of its type shows its `Debug`.
    for newtype in ["ApiToken", "ClientSecret"] {
        let debug = debug_of(&code, newtype);
        assert!(debug.contains("<redacted>"), "{debug}");
        assert!(!debug.contains("self.0"), "{debug}");
    }
    let display = impl_of(&code, "Display", "ApiToken", "types")
        .unwrap_or_else(|| panic!("no `Display` for `ApiToken`:\n{code}"));
    assert!(
        display.contains("write_str(\"<redacted>\")") && !display.contains("self.0"),
        "{display}"
    );
    // A `$ref` the spec marks secret where it is used: the field.
    assert_fields(
        &debug_of(&code, "Holder"),
        &[("name", "&self.name"), ("key", REDACTED)],
    );
    // Answers inline scalar references: there the field itself hides it.
    assert!(code.contains("pub struct HolderInput"), "{code}");
}

#[test]
fn a_password_only_answers_hold_stays_secret_after_the_answers_loosening() {
    let code = generated("    holder: {type: object, properties: {name: {type: string}}}\n");
    assert_fields(
        &debug_of(&code, "Answer"),
        &[("user", "&self.user"), ("password", REDACTED)],
    );
}

#[test]
fn a_union_with_a_secret_scalar_kind_is_redacted_whole() {
    let code = generated(
        r##"    holder:
      type: object
      properties:
        credential:
          description: A password or a key id.
          oneOf:
            - {type: string, x-sensitive: true}
            - {type: integer}
"##,
    );
    let debug = debug_of(&code, "HolderCredential");
    assert!(debug.contains("<redacted>"), "{debug}");
    assert!(
        !debug.contains(".field(&self") && !debug.contains("(value)"),
        "{debug}"
    );
}

#[test]
fn a_folded_union_hides_the_entries_its_kinds_mark_secret() {
    let code = generated(
        r##"    holder:
      type: object
      properties:
        bindings: {type: array, items: {$ref: "#/components/schemas/binding"}}
    binding:
      description: A binding.
      type: object
      x-rust-open-union: true
      anyOf:
        - {$ref: "#/components/schemas/binding-kind-plain-text"}
        - {$ref: "#/components/schemas/binding-kind-secret-text"}
        - {$ref: "#/components/schemas/binding-kind-secret-key"}
      discriminator:
        propertyName: type
    binding-kind-plain-text:
      type: object
      required: [name, type, text]
      properties:
        name: {type: string}
        type: {type: string, enum: [plain_text]}
        text: {type: string}
    binding-kind-secret-text:
      type: object
      required: [name, type, text]
      properties:
        name: {type: string}
        type: {type: string, enum: [secret_text]}
        text: {type: string, writeOnly: true, x-sensitive: true}
    binding-kind-secret-key:
      type: object
      required: [name, type]
      properties:
        name: {type: string}
        type: {type: string, enum: [secret_key]}
        format: {type: string}
        key_jwk: {type: object, writeOnly: true}
"##,
    );
    let keys = "&crate::redact::keys(&self.extra,&[\"key_jwk\",\"text\"])";
    assert_fields(
        &debug_of(&code, "Binding"),
        &[
            ("name", "&self.name"),
            ("type_", "&self.type_"),
            ("extra", keys),
        ],
    );
    // One lenient struct: no type per kind.
    let code = squeezed(&code);
    assert!(
        code.contains("pubstructBinding{") && !code.contains("BindingKind"),
        "{code}"
    );
}

#[test]
fn a_secret_parameter_is_refused_with_its_file_line_and_operation() {
    let root = tempfile::tempdir().unwrap();
    let spec_dir = root.path().join(xtask::SPEC_DIR);
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(
        spec_dir.join("spec.yaml"),
        r#"openapi: 3.0.3
info: {title: Test, version: 1.0.0}
paths:
  /keys/{key}:
    get:
      operationId: get-key
      parameters:
        - {name: key, in: path, required: true, schema: {type: string, x-sensitive: true}}
      responses:
        "200": {description: ok}
"#,
    )
    .unwrap();
    let error = xtask::generate(&Workspace::new(root.path()))
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with(
            "openapi/spec.yaml:8: operation `get-key` (`GET /keys/{key}`): the parameter `key` \
             is secret"
        ),
        "{error}"
    );
}

/// The resource tree's builders keep a JSON body's fields until `send()`:
/// one that keeps a secret shows `"<redacted>"` for it.
#[test]
fn tree_builders_that_keep_a_secret_body_field_hide_it() {
    let root = tempfile::tempdir().unwrap();
    let spec_dir = root.path().join(xtask::SPEC_DIR);
    std::fs::create_dir_all(&spec_dir).unwrap();
    for file in [xtask::GENERATED_FILE, xtask::TREE_FILE] {
        std::fs::create_dir_all(root.path().join(file).parent().unwrap()).unwrap();
    }
    std::fs::write(
        spec_dir.join("spec.yaml"),
        r#"openapi: 3.0.3
info: {title: Test, version: 1.0.0}
paths:
  /accounts/{account_id}/logins:
    post:
      operationId: create-login
      parameters:
        - {name: account_id, in: path, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                user: {type: string}
                password: {type: string, format: password}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  success: {type: boolean}
                  errors: {type: array, items: {type: object}}
                  messages: {type: array, items: {type: object}}
                  result: {type: object, nullable: true}
"#,
    )
    .unwrap();
    xtask::regen(&Workspace::new(root.path()), xtask::Mode::Write).unwrap();
    let tree = std::fs::read_to_string(root.path().join(xtask::TREE_FILE)).unwrap();
    let tree = squeezed(&tree);
    let header = "impl::std::fmt::DebugforCreateLogin{";
    let at = tree
        .find(header)
        .unwrap_or_else(|| panic!("no `impl Debug for CreateLogin`:\n{tree}"));
    let debug = block(&tree, at + header.len() - 1).replace(",)", ")");
    assert!(
        debug.contains(".field(\"password\",&\"<redacted>\")"),
        "{debug}"
    );
    assert!(debug.contains(".field(\"user\",&self.user)"), "{debug}");
}

/// An answer that echoes a secret the operation's resource was sent (a
/// `GET` of `/secrets/{name}` holding the `text` that a `PUT` of
/// `/secrets` sends) is scrubbed of it in errors too, though its own type
/// has no such field; an answer of another resource is not.
#[test]
fn answers_of_a_resource_sent_secrets_are_scrubbed_of_them_in_errors() {
    let envelope = |result: &str| {
        format!(
            "type: object\n                required: [success]\n                properties:\n                  success: {{type: boolean}}\n                  errors: {{type: array, items: {{type: object}}}}\n                  messages: {{type: array, items: {{type: object}}}}\n                  result: {result}"
        )
    };
    let named = envelope("{type: object, properties: {name: {type: string}}}");
    let spec = format!(
        r##"openapi: 3.0.3
info: {{title: Test, version: 1.0.0}}
paths:
  /secrets:
    put:
      operationId: put-secret
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {{type: string}}
                text: {{type: string, writeOnly: true}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                {named}
  /secrets/{{name}}:
    get:
      operationId: get-secret
      parameters:
        - {{name: name, in: path, required: true, schema: {{type: string}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                {named}
  /others/{{name}}:
    get:
      operationId: get-other
      parameters:
        - {{name: name, in: path, required: true, schema: {{type: string}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                {named}
"##
    );
    let root = tempfile::tempdir().unwrap();
    let spec_dir = root.path().join(xtask::SPEC_DIR);
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(spec_dir.join("spec.yaml"), spec).unwrap();
    let code = squeezed(&xtask::generate(&Workspace::new(root.path())).unwrap());
    let envelope_impl = |ty: &str| {
        let header = format!("implcrate::EnvelopeFor{ty}{{");
        let header = header.replace("For", "for");
        let at = code
            .find(&header)
            .unwrap_or_else(|| panic!("no `impl Envelope for {ty}`"));
        block(&code, at + header.len() - 1).to_owned()
    };
    let scrubbed = "constSECRET_FIELDS:&'static[&'staticstr]=&[\"text\"];";
    assert!(envelope_impl("GetSecretResponse").contains(scrubbed));
    assert!(envelope_impl("PutSecretResponse").contains(scrubbed));
    assert!(!envelope_impl("GetOtherResponse").contains("SECRET_FIELDS"));
}
