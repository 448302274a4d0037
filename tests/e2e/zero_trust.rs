//! Zero Trust, imported whole from Cloudflare's published schema
//! (`openapi/imported/zero-trust.json`, fixes in
//! `openapi/fixes/zero-trust.yaml`): an operation Cloudflare serves for an
//! account and for a zone (`/{accounts_or_zones}/{account_or_zone_id}/...`)
//! is under both handles, by the official SDKs' chain, and each sends its
//! own path: `accounts/<id>` under `client.account(id)`, `zones/<id>`
//! under `client.zone(id)`.

use std::collections::BTreeSet;

use cloudflare_api_tests::ACCOUNT_ID;
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::fake_namespaces::success;
use cloudflare_api_tests::scripted::{answering, requests};
use serde_json::json;
use wiremock::Mock;
use wiremock::matchers::method;

const ZONE_ID: &str = "353c0d8a2713b86ec8df4e7ea501f320";

#[tokio::test]
async fn an_operation_of_accounts_or_zones_is_sent_under_the_handle_it_is_called_on() {
    let server = answering(Mock::given(method("GET")), success(json!([]))).await;
    let client = client_for(&server).build().unwrap();
    let by_account = client
        .account(ACCOUNT_ID)
        .zero_trust()
        .access()
        .applications()
        .list()
        .send()
        .await
        .unwrap();
    assert!(by_account.result.is_empty());
    client
        .zone(ZONE_ID)
        .zero_trust()
        .access()
        .applications()
        .list()
        .send()
        .await
        .unwrap();
    let paths: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            format!("/client/v4/accounts/{ACCOUNT_ID}/access/apps"),
            format!("/client/v4/zones/{ZONE_ID}/access/apps"),
        ]
    );
}

#[test]
fn an_operation_of_accounts_or_zones_is_reached_from_both_handles() {
    let all = &cloudflare_api_tests::tree_walk::workspace_tree().1;
    let chains = |id: &str| all.get(id).cloned().unwrap_or_default();
    assert_eq!(
        chains("zero-trust-access-applications-list"),
        BTreeSet::from([
            "client.account(account_id).zero_trust().access().applications().list()".to_owned(),
            "client.zone(zone_id).zero_trust().access().applications().list()".to_owned(),
        ])
    );
    // The SDKs' `accounts.subscriptions` names its scope: under the account
    // alone (a zone's subscription is the `zones` product's
    // `client.zone(id).subscriptions()`).
    assert_eq!(
        chains("account-subscriptions-list-subscriptions"),
        BTreeSet::from(["client.account(account_id).subscriptions().get()".to_owned()])
    );
    assert_eq!(
        chains("zone-subscription-zone-subscription-details"),
        BTreeSet::from(["client.zone(zone_id).subscriptions().get()".to_owned()])
    );
    // An operation of one scope is reached from it alone.
    assert_eq!(all["namespace-worker-list"].len(), 1);
}
