//! Creates one Workers KV namespace with the community `cloudflare` crate
//! and prints its id.

use cloudflare::endpoints::workerskv::create_namespace::{CreateNamespace, CreateNamespaceParams};
use cloudflare::framework::Environment;
use cloudflare::framework::auth::Credentials;
use cloudflare::framework::client::ClientConfig;
use cloudflare::framework::client::async_api::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = Credentials::UserAuthToken {
        token: std::env::var("CLOUDFLARE_API_TOKEN")?,
    };
    let client = Client::new(credentials, ClientConfig::default(), Environment::Production)?;
    let account_id = std::env::var("CLOUDFLARE_ACCOUNT_ID")?;
    let created = client
        .request(&CreateNamespace {
            account_identifier: &account_id,
            params: CreateNamespaceParams {
                title: "my-namespace".into(),
            },
        })
        .await?;
    println!("{:?}", created.result.id);
    Ok(())
}
