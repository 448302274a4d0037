//! [`Operation`]: one row of the generated [`OPERATIONS`](crate::OPERATIONS)
//! table, which `cargo xtask regen` writes from the spec.

/// One operation of the spec, as the generated client sends it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Operation {
    /// The [`Client`](crate::Client) method (`namespace_worker_list`).
    pub method_name: &'static str,
    /// The spec's `operationId` (`namespace-worker-list`): the operation's
    /// one name, which [`Hooks`](crate::Hooks) get, tracing and errors
    /// show, and progenitor's `OperationInfo::operation_id` holds.
    pub operation_id: &'static str,
    /// The HTTP method, upper case (`GET`).
    pub http_method: &'static str,
    /// The path template, relative to the base URL
    /// (`/accounts/{account_id}/workers/dispatch/namespaces`).
    pub path: &'static str,
    /// The media types of its successful answers, as the spec declares
    /// them (those of its `2xx` responses, else of its `default` one),
    /// lower case, in the spec's order: `["application/json"]` for most,
    /// `["application/javascript", "multipart/form-data"]` for a Worker's
    /// content; none for an operation that answers without content. An
    /// answer that is not JSON is taken as the operation's content only
    /// when it is of one of these.
    pub success_media_types: &'static [&'static str],
}

impl Operation {
    #[doc(hidden)]
    pub const fn new(
        method_name: &'static str,
        operation_id: &'static str,
        http_method: &'static str,
        path: &'static str,
        success_media_types: &'static [&'static str],
    ) -> Self {
        Self {
            method_name,
            operation_id,
            http_method,
            path,
            success_media_types,
        }
    }

    /// The operation whose client method is `method_name` (a search of
    /// the whole table).
    pub fn by_method_name(method_name: &str) -> Option<&'static Operation> {
        crate::OPERATIONS
            .iter()
            .find(|op| op.method_name == method_name)
    }

    /// The operation whose spec `operationId` is `operation_id`, as
    /// [`Hooks`](crate::Hooks) get it (a binary search: the table is
    /// sorted by `operationId`).
    pub fn by_operation_id(operation_id: &str) -> Option<&'static Operation> {
        let table = crate::OPERATIONS;
        table
            .binary_search_by(|op| op.operation_id.cmp(operation_id))
            .ok()
            .map(|index| &table[index])
    }
}

impl std::fmt::Display for Operation {
    /// Its `operationId` (`namespace-worker-list`), as errors and traces
    /// name it.
    ///
    /// ```
    /// use cloudflare_api_generated::Operation;
    ///
    /// let op = Operation::by_operation_id("namespace-worker-list").unwrap();
    /// assert_eq!(op.to_string(), "namespace-worker-list");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.operation_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_for_lookup() {
        let names: Vec<_> = crate::OPERATIONS.iter().map(|op| op.operation_id).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
        for op in crate::OPERATIONS {
            assert_eq!(Operation::by_method_name(op.method_name), Some(op));
            assert_eq!(Operation::by_operation_id(op.operation_id), Some(op));
        }
        assert_eq!(Operation::by_method_name("no_such_operation"), None);
        assert_eq!(Operation::by_operation_id("no-such-operation"), None);
    }
}
