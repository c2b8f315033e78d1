use crate::{assert_error, Harness};

#[tokio::test]
async fn credentials_table() {
    let h = Harness::start();
    let i = h.info().clone();
    let main_msgs = format!(
        "/2010-04-01/Accounts/{}/Messages.json?PageSize=1",
        i.account_sid
    );
    let sub_msgs = format!(
        "/2010-04-01/Accounts/{}/Messages.json?PageSize=1",
        i.subaccount_sid
    );
    let main_acct = format!("/2010-04-01/Accounts/{}.json", i.account_sid);
    // (user, password, path, status, error code or 0)
    let cases: Vec<(&str, &str, String, u16, u64)> = vec![
        (&i.account_sid, &i.auth_token, main_msgs.clone(), 200, 0),
        (&i.account_sid, "wrong", main_msgs.clone(), 401, 20003),
        (&i.account_sid, "", main_msgs.clone(), 401, 20003),
        (&i.api_key_sid, &i.api_key_secret, main_msgs.clone(), 200, 0),
        (&i.api_key_sid, &i.auth_token, main_msgs.clone(), 401, 20003),
        (&i.account_sid, &i.auth_token, sub_msgs.clone(), 200, 0),
        (
            &i.subaccount_sid,
            &i.subaccount_auth_token,
            sub_msgs.clone(),
            200,
            0,
        ),
        (
            &i.subaccount_sid,
            &i.subaccount_auth_token,
            main_msgs.clone(),
            401,
            20003,
        ),
        (
            &i.subaccount_sid,
            &i.subaccount_auth_token,
            main_acct.clone(),
            401,
            20003,
        ),
        (
            &i.trial_account_sid,
            &i.trial_auth_token,
            main_msgs.clone(),
            401,
            20003,
        ),
        (
            &i.suspended_account_sid,
            &i.suspended_auth_token,
            main_msgs.clone(),
            401,
            20003,
        ),
        (
            &i.account_sid,
            &i.auth_token,
            "/2010-04-01/Accounts/AC00.json".into(),
            404,
            20404,
        ),
        ("SK00", "x", main_msgs.clone(), 401, 20003),
    ];
    for (user, pass, path, status, code) in cases {
        let (got, body) = h.get_as(user, pass, &path).await;
        if code == 0 {
            assert_eq!(got, status, "{user} {path}: {body}");
        } else {
            assert_error(got, &body, status, code);
        }
    }
}

#[tokio::test]
async fn accounts_show_their_kind() {
    let h = Harness::start();
    let i = h.info().clone();
    let cases = [
        (&i.account_sid, &i.auth_token, "Full", "active"),
        (&i.trial_account_sid, &i.trial_auth_token, "Trial", "active"),
        (
            &i.suspended_account_sid,
            &i.suspended_auth_token,
            "Full",
            "suspended",
        ),
        (
            &i.no_sender_account_sid,
            &i.no_sender_auth_token,
            "Full",
            "active",
        ),
        (
            &i.offline_sender_account_sid,
            &i.offline_sender_auth_token,
            "Full",
            "active",
        ),
    ];
    for (sid, token, kind, status) in cases {
        let (code, acct) = h
            .get_as(sid, token, &format!("/2010-04-01/Accounts/{sid}.json"))
            .await;
        assert_eq!(code, 200);
        assert_eq!(
            (acct["type"].as_str(), acct["status"].as_str()),
            (Some(kind), Some(status))
        );
    }
    let (_, list) = h.get("/2010-04-01/Accounts.json").await;
    let sids: Vec<&str> = list["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["sid"].as_str().unwrap())
        .collect();
    assert_eq!(sids, [i.account_sid.as_str(), i.subaccount_sid.as_str()]);
    let (_, sub) = h
        .get(&format!("/2010-04-01/Accounts/{}.json", i.subaccount_sid))
        .await;
    assert_eq!(
        sub["owner_account_sid"].as_str(),
        Some(i.account_sid.as_str())
    );
}

#[tokio::test]
async fn senders_per_account() {
    let h = Harness::start();
    let i = h.info().clone();
    let path = "/v2/Channels/Senders?Channel=whatsapp";
    let count = |v: &serde_json::Value| v["senders"].as_array().map(Vec::len);
    assert_eq!(count(&h.get(path).await.1), Some(2));
    assert_eq!(
        count(
            &h.get_as(&i.subaccount_sid, &i.subaccount_auth_token, path)
                .await
                .1
        ),
        Some(1)
    );
    assert_eq!(
        count(
            &h.get_as(&i.no_sender_account_sid, &i.no_sender_auth_token, path)
                .await
                .1
        ),
        Some(0)
    );
    let (_, off) = h
        .get_as(
            &i.offline_sender_account_sid,
            &i.offline_sender_auth_token,
            path,
        )
        .await;
    assert_eq!(off["senders"][0]["status"], "OFFLINE");
    assert_eq!(off["meta"]["key"], "senders");
}
