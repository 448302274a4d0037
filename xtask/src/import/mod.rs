//! Bringing what Cloudflare publishes into the project's own tree.
//!
//! - [`products`]: `cargo xtask products`, the table of which product each
//!   operation of Cloudflare's schema belongs to (`openapi/products.tsv`),
//!   placed by the TypeScript SDK where it covers the operation and by
//!   `product_rules` elsewhere.

mod product_rules;
pub mod products;
