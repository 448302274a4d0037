//! The snippet that opens the README and the crate docs, as written there,
//! as a program: `tests/e2e/snippet.rs` runs it against a local fake of the API
//! and checks that the README and the crate docs still show exactly this
//! (the lines between the `snippet` markers, without their indentation).

// snippet:start
use cloudflare_api::{Client, Error, StatusCode};
// snippet:end

fn main() -> Result<(), Box<dyn std::error::Error>> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

#[rustfmt::skip] // The snippet stays exactly as the docs show it.
async fn run() -> Result<(), Box<dyn std::error::Error>> {
    // snippet:start
    let client = Client::from_env()?;
    let account = client.account("023e105f4ecef8ad9ca31a8372d0c353");

    let created = account.workers_for_platforms().dispatch().namespaces().create().name("customers").send().await?;
    let id: Option<&str> = created.result.namespace_id.as_deref();
    println!("{} (cf-ray {})", id.unwrap_or("-"), created.ray_id().unwrap_or("-"));

    let all = account.workers_for_platforms().dispatch().namespaces().list().send().await?;
    for ns in &all.result {
        println!("{}", ns.namespace_name.as_deref().unwrap_or("-"));
    }
    let one = account.workers_for_platforms().dispatch().namespaces().get("customers").send().await?;
    assert_eq!(one.result.namespace_name.as_deref(), Some("customers"));
    account.workers_for_platforms().dispatch().namespaces().edit("customers").trusted_workers(true).send().await?;   // PATCH
    account.workers_for_platforms().dispatch().namespaces().update("customers").trusted_workers(true).send().await?; // PUT
    account.workers_for_platforms().dispatch().namespaces().delete("customers").send().await?;

    match account.workers_for_platforms().dispatch().namespaces().create().name("customers").send().await {
        Err(Error::Api(e)) if e.status() == StatusCode::CONFLICT => {
            for err in e.errors() {
                eprintln!("{} {}", err.code, err.message);
            }
        }
        Err(e) => eprintln!("{e}"),
        Ok(_) => {}
    }
    // snippet:end
    Ok(())
}
