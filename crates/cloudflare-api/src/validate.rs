//! Checks on arguments that go into a request path, made before anything
//! is sent: a bad one is a clear error here instead of a confusing answer,
//! or a request to a different path.

use crate::Error;

/// The longest identifier Cloudflare issues (32 hexadecimal digits).
const MAX_ID_LEN: usize = 32;

/// An account id: 1 to 32 ASCII letters and digits. Cloudflare's ids are 32
/// hex digits; anything else could never name an account, and `.`, `/` and
/// friends could change the request's path.
pub(crate) fn account_id(id: &str) -> Result<&str, Error> {
    identifier("account_id", id)
}

fn identifier<'a>(what: &str, id: &'a str) -> Result<&'a str, Error> {
    if id.is_empty() {
        return Err(Error::invalid_input(format!("{what} is empty")));
    }
    if let Some(bad) = id.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(Error::invalid_input(format!(
            "{what} contains {bad:?}; Cloudflare ids are letters and digits \
             ({MAX_ID_LEN} hexadecimal digits)"
        )));
    }
    if id.len() > MAX_ID_LEN {
        return Err(Error::invalid_input(format!(
            "{what} is {} characters long; Cloudflare ids are {MAX_ID_LEN}",
            id.len()
        )));
    }
    Ok(id)
}

/// A dispatch namespace name as the spec allows it: not empty, and (as
/// the spec's pattern `^.+$` says) no line breaks.
pub(crate) fn namespace_name(name: &str) -> Result<&str, Error> {
    if name.is_empty() {
        return Err(Error::invalid_input("the namespace name is empty"));
    }
    if let Some(bad) = name.chars().find(|c| c.is_control()) {
        return Err(Error::invalid_input(format!(
            "the namespace name contains the control character {bad:?}"
        )));
    }
    Ok(name)
}

/// A dispatch namespace name that goes into the request path: as
/// [`namespace_name`], and not `.` or `..`, which URLs resolve as "this"
/// and "parent" segments, so no request could reach such a namespace.
/// Everything else (`/`, `?`, `#`, `%`, spaces) is percent-encoded.
pub(crate) fn namespace_in_path(name: &str) -> Result<&str, Error> {
    let name = namespace_name(name)?;
    if name == "." || name == ".." {
        return Err(Error::invalid_input(format!(
            "the namespace name {name:?} cannot be used in a URL path"
        )));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<&str, Error>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn real_account_ids_pass() {
        let id = "023e105f4ecef8ad9ca31a8372d0c353";
        assert_eq!(account_id(id).unwrap(), id);
        assert_eq!(account_id("abc").unwrap(), "abc");
    }

    #[test]
    fn account_ids_that_could_never_be_one_are_refused() {
        assert_eq!(
            reason(account_id("")),
            "invalid input, nothing was sent: account_id is empty"
        );
        assert!(reason(account_id(&"a".repeat(33))).contains("33 characters long"));
        for bad in [
            ".", "..", "a/b", "a?b", "a#b", "a%2e", "a b", "a\r\nb", "café", "a-b",
        ] {
            assert!(
                reason(account_id(bad)).contains("account_id contains"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn namespace_names_are_not_empty_and_have_no_control_characters() {
        assert_eq!(
            namespace_name("my-dispatch-namespace").unwrap(),
            "my-dispatch-namespace"
        );
        assert_eq!(
            namespace_name("with space/and?odd#chars%..").unwrap(),
            "with space/and?odd#chars%.."
        );
        assert!(reason(namespace_name("")).contains("empty"));
        assert!(reason(namespace_name("a\nb")).contains("'\\n'"));
    }

    #[test]
    fn names_in_a_path_are_not_dot_segments() {
        for good in ["a/b", "..a", "...", "a..", "%2e%2e", "a b", "a\\b"] {
            assert_eq!(namespace_in_path(good).unwrap(), good);
        }
        for bad in [".", ".."] {
            assert!(reason(namespace_in_path(bad)).contains("cannot be used in a URL path"));
        }
        assert!(reason(namespace_in_path("")).contains("empty"));
    }
}
