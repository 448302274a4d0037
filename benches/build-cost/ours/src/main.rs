//! Creates one dispatch namespace with `cloudflare-api` and prints its id.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    #[cfg(feature = "graviola")]
    let _ = rustls::crypto::CryptoProvider::install_default(rustls_graviola::default_provider());
    #[cfg(feature = "app-reqwest")]
    drop(app_reqwest::Client::new());
    let client = cloudflare_api::Client::from_env()?;
    let account_id = std::env::var("CLOUDFLARE_ACCOUNT_ID")?;
    let created = client
        .account(&account_id)
        .workers_for_platforms().dispatch().namespaces()
        .create()
        .name("my-dispatch-namespace")
        .send()
        .await?;
    println!("{:?}", created.result.namespace_id);
    Ok(())
}
