//! A Workers for Platforms platform's day, in one program: make sure the
//! dispatch namespace exists, upload a customer's Worker into it with a
//! secret and tags, list the namespace's scripts by tag, and delete them by
//! tag.
//!
//! ```sh
//! CLOUDFLARE_API_TOKEN=... CLOUDFLARE_ACCOUNT_ID=... \
//!     cargo run -p cloudflare-api --features workers-for-platforms --example platform -- customers customer-123
//! ```
//!
//! (`CLOUDFLARE_BASE_URL` points it at another server, as the tests
//! do: `tests/e2e/platform_example.rs` runs it against a local fake of the
//! API.)

use cloudflare_api::workers::{Binding, Module};
use cloudflare_api::{Account, Client, Error, StatusCode};

/// The customer's Worker: an ES module that greets with its secret's length.
const WORKER: &str = r#"export default {
  async fetch(request, env) {
    return new Response(`hello from ${env.CUSTOMER} (key of ${env.API_KEY.length} characters)`);
  },
};
"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let namespace = args.next().unwrap_or_else(|| "customers".into());
    let customer = args.next().unwrap_or_else(|| "customer-123".into());
    let client = Client::from_env()?;
    let account = client.account(std::env::var("CLOUDFLARE_ACCOUNT_ID")?);
    let api_key = std::env::var("CUSTOMER_API_KEY").unwrap_or_else(|_| "a-secret-key".into());
    let day = run(&account, &namespace, &customer, &api_key).await?;
    println!("{day:#?}");
    Ok(())
}

/// What the day did.
#[derive(Debug)]
pub struct Day {
    /// Whether the namespace had to be created.
    pub created_namespace: bool,
    /// The ETag of the uploaded script.
    pub etag: Option<String>,
    /// The scripts the customer's tag listed.
    pub listed: Vec<String>,
    /// How many scripts deleting by the tag deleted.
    pub deleted: i64,
}

/// The day's calls, for `account`'s `namespace` and the customer
/// `customer`, whose Worker gets `api_key` as its secret `API_KEY`.
///
/// # Errors
///
/// The first call's [`Error`] that failed.
pub async fn run(
    account: &Account,
    namespace: &str,
    customer: &str,
    api_key: &str,
) -> Result<Day, Error> {
    let namespaces = account.workers_for_platforms().dispatch().namespaces();
    let scripts = namespaces.scripts();

    // 1. The namespace, created if it is missing.
    let created_namespace = match namespaces.get(namespace).send().await {
        Ok(_) => false,
        Err(Error::Api(e)) if e.status() == StatusCode::NOT_FOUND => {
            namespaces.create().name(namespace).send().await?;
            true
        }
        Err(e) => return Err(e),
    };

    // 2. The customer's Worker, with a secret and tags.
    let uploaded = scripts
        .update(namespace, customer)
        .main_module(Module::esm("index.js", WORKER))
        .compatibility_date("2026-08-01")
        .binding(Binding::plain_text("CUSTOMER", customer))
        .binding(Binding::secret_text("API_KEY", api_key))
        .tags([customer, "plan-free"])
        .send()
        .await?;

    // 3. The namespace's scripts with the customer's tag.
    let by_customer = format!("{customer}:yes");
    let listed = scripts.list(namespace).tags(&by_customer).send().await?;
    let listed = listed
        .result
        .iter()
        .filter_map(|s| s.script.as_ref()?.id.clone())
        .collect();

    // 4. And gone again, by the same tag.
    let deleted = scripts
        .bulk_delete(namespace)
        .tags(&by_customer)
        .send()
        .await?;

    Ok(Day {
        created_namespace,
        etag: uploaded.result.etag.clone(),
        listed,
        deleted: deleted.result.deleted_count.unwrap_or(0),
    })
}
