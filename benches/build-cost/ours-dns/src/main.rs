//! Lists a zone's DNS records (one page) with `cloudflare-api` and prints
//! how many came.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = cloudflare_api::Client::from_env()?;
    let zone_id = std::env::var("CLOUDFLARE_ZONE_ID")?;
    let records = client.zone(&zone_id).dns().records().list().send().await?;
    println!("{} records", records.result.len());
    Ok(())
}
