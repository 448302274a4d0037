//! [`Operation`]: one row of a product crate's generated `OPERATIONS`
//! table, which `cargo xtask regen` writes from the spec.

/// One operation of the spec, as the generated client sends it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Operation {
    /// The method of its product's generated `Client` (`namespace_worker_list`).
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

    /// The operation of `table` whose client method is `method_name` (a
    /// search of the whole table). Each product crate has its table,
    /// `OPERATIONS`, and `operation_by_method_name`.
    pub fn find_by_method_name(
        table: &'static [Operation],
        method_name: &str,
    ) -> Option<&'static Operation> {
        table.iter().find(|op| op.method_name == method_name)
    }

    /// The operation of `table` whose spec `operationId` is
    /// `operation_id`, as [`Hooks`](crate::Hooks) get it (a binary search:
    /// the table is sorted by `operationId`). Each product crate has its
    /// table, `OPERATIONS`, and `operation`.
    pub fn find(table: &'static [Operation], operation_id: &str) -> Option<&'static Operation> {
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
    /// use cloudflare_api_runtime::Operation;
    ///
    /// static TABLE: &[Operation] = &[Operation::new("namespace_worker_list", "namespace-worker-list", "GET", "/x", &[])];
    /// let op = Operation::find(TABLE, "namespace-worker-list").unwrap();
    /// assert_eq!(op.to_string(), "namespace-worker-list");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.operation_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TABLE: &[Operation] = &[
        Operation::new("a_list", "a-list", "GET", "/a", &[]),
        Operation::new("b_create", "b-create", "POST", "/b", &[]),
        Operation::new("c_get", "c-get", "GET", "/c/{id}", &[]),
    ];

    #[test]
    fn a_sorted_table_finds_each_operation() {
        for op in TABLE {
            assert_eq!(
                Operation::find_by_method_name(TABLE, op.method_name),
                Some(op)
            );
            assert_eq!(Operation::find(TABLE, op.operation_id), Some(op));
        }
        assert_eq!(
            Operation::find_by_method_name(TABLE, "no_such_operation"),
            None
        );
        assert_eq!(Operation::find(TABLE, "no-such-operation"), None);
    }
}
