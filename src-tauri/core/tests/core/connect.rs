//! Every way Connect refuses an account, with the exact words the user reads.

use crate::support::*;
use passerelle_core::connect::{self, Confirmation, KeepSecret, Owner};
use passerelle_core::store::users;
use passerelle_core::twilio::{Client, Credentials, Endpoints};
use passerelle_core::{demo, keychain, Code, Lang, Secret, Store};

fn client_for(url: &str, sid: &str, token: &str) -> Client {
    let creds = Credentials::auth_token(sid, Secret::new(token.to_owned())).unwrap();
    Client::with_limits(Endpoints::single(url).unwrap(), creds, fast_retries(), 4, 8).unwrap()
}

#[test]
fn every_refusal_path_says_what_to_do_in_french_and_english() {
    let sim = sim_with(300, |_| {});
    let info = sim.info().clone();
    let rt = runtime();
    let wrong_token = "0000000000000000deadbeefdeadbeef";
    let cases: Vec<(&str, String, String, Code, &str, &str)> = vec![
        (
            "wrong token",
            info.account_sid.clone(),
            wrong_token.to_owned(),
            Code::BadCredentials,
            "Twilio a refusé ces identifiants. Vérifiez l'Account SID et l'Auth Token (ou la clé API et son secret) dans la console Twilio, puis réessayez.",
            "Twilio refused these credentials. Check the Account SID and Auth Token (or the API key and its secret) in the Twilio Console, then try again.",
        ),
        (
            "trial account",
            info.trial_account_sid.clone(),
            info.trial_auth_token.clone(),
            Code::TrialAccount,
            "Ce compte Twilio est un compte d'essai. Passerelle a besoin d'un compte payant : passez le compte en payant dans la console Twilio, puis reconnectez-le.",
            "This Twilio account is a trial account. Passerelle needs a paid account: upgrade it in the Twilio Console, then connect it again.",
        ),
        (
            "suspended account",
            info.suspended_account_sid.clone(),
            info.suspended_auth_token.clone(),
            Code::AccountSuspended,
            "Ce compte Twilio est suspendu. Contactez le support Twilio pour le réactiver, puis reconnectez-le.",
            "This Twilio account is suspended. Contact Twilio support to reactivate it, then connect it again.",
        ),
        (
            "no WhatsApp sender",
            info.no_sender_account_sid.clone(),
            info.no_sender_auth_token.clone(),
            Code::NoWhatsappSender,
            "Ce compte Twilio n'a aucun numéro WhatsApp Business approuvé. Un compte WhatsApp personnel ne peut pas être connecté : seuls les numéros professionnels enregistrés via Twilio (ou un autre fournisseur officiel) le peuvent.",
            "This Twilio account has no approved WhatsApp Business sender. A personal WhatsApp account cannot be connected: only business numbers registered through Twilio (or another official provider) can.",
        ),
    ];
    for (what, sid, token, code, fr, en) in cases {
        let err = rt
            .block_on(connect::check(&client_for(&info.url, &sid, &token)))
            .expect_err(what);
        assert_eq!(err.code(), code, "{what}");
        assert_eq!(err.message(Lang::Fr), fr, "{what} (fr)");
        assert_eq!(err.message(Lang::En), en, "{what} (en)");
        for text in [
            err.message(Lang::Fr),
            err.message(Lang::En),
            format!("{err:?}"),
            err.to_string(),
        ] {
            assert!(
                !text.contains(&token),
                "{what}: the secret leaked into {text}"
            );
        }
    }

    // The offline sender: the message names it and its status.
    let err = rt
        .block_on(connect::check(&client_for(
            &info.url,
            &info.offline_sender_account_sid,
            &info.offline_sender_auth_token,
        )))
        .expect_err("offline sender");
    assert_eq!(err.code(), Code::SenderNotOnline);
    let passerelle_core::Error::SenderNotOnline { senders } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(senders.len(), 1);
    let (address, status) = &senders[0];
    assert_ne!(status, "ONLINE");
    let number = address.trim_start_matches("whatsapp:");
    assert_eq!(
        err.message(Lang::Fr),
        format!("Aucun numéro WhatsApp de ce compte n'est en ligne ({number} ({status})). Un numéro doit être « ONLINE » dans la console Twilio (page des expéditeurs WhatsApp) pour être connecté.")
    );
    assert_eq!(
        err.message(Lang::En),
        format!("None of this account's WhatsApp senders is online ({number} ({status})). A sender must be ONLINE in the Twilio Console (WhatsApp senders page) to be connected.")
    );
}

#[test]
fn malformed_credentials_are_refused_before_any_request() {
    let cases = [
        ("AC123", "token"),
        ("SK0123456789abcdef0123456789abcdef", "token"),
        ("AC0123456789abcdef0123456789abcdef", "   "),
    ];
    for (sid, token) in cases {
        let err = Credentials::auth_token(sid, Secret::new(token)).unwrap_err();
        assert_eq!(err.code(), Code::InvalidInput, "{sid}");
        assert!(
            err.message(Lang::Fr).starts_with("Valeur invalide pour"),
            "{}",
            err.message(Lang::Fr)
        );
        assert!(
            err.message(Lang::En).starts_with("Invalid value for"),
            "{}",
            err.message(Lang::En)
        );
    }
}

#[test]
fn the_main_account_a_subaccount_and_an_api_key_all_connect() {
    let sim = sim_with(300, |_| {});
    let info = sim.info().clone();
    let rt = runtime();

    let main = rt.block_on(connect::check(&main_client(&info))).unwrap();
    assert_eq!(main.account.sid, info.account_sid);
    assert!(!main.account.is_subaccount);
    let mut online: Vec<_> = main
        .senders
        .iter()
        .filter(|s| s.online)
        .map(|s| s.address.clone())
        .collect();
    online.sort();
    let mut expected = info.senders.clone();
    expected.sort();
    assert_eq!(
        online, expected,
        "the main account's ONLINE senders are listed"
    );

    let sub = rt
        .block_on(connect::check(&client_for(
            &info.url,
            &info.subaccount_sid,
            &info.subaccount_auth_token,
        )))
        .unwrap();
    assert!(sub.account.is_subaccount);
    assert_eq!(
        sub.account.owner_account_sid.as_deref(),
        Some(info.account_sid.as_str())
    );
    assert!(!sub.senders.is_empty());

    let key = Credentials::api_key(
        &info.account_sid,
        &info.api_key_sid,
        Secret::new(info.api_key_secret.clone()),
    )
    .unwrap();
    let key_client = Client::with_limits(
        Endpoints::single(&info.url).unwrap(),
        key,
        fast_retries(),
        4,
        8,
    )
    .unwrap();
    let by_key = rt.block_on(connect::check(&key_client)).unwrap();
    assert_eq!(by_key.account.sid, info.account_sid);

    // Saving makes the connecting person the owner, an administrator.
    let archive = Archive::new();
    let mut store = archive.store();
    let owner = connect::Owner {
        name: "Camille".into(),
        email: Some("camille@example.fr".into()),
    };
    let saved = connect::save(
        &mut store,
        &by_key,
        &[],
        &owner,
        key_client.credentials(),
        key_client.endpoints(),
    )
    .unwrap();
    assert_eq!(saved.auth_kind, "api_key");
    assert_eq!(
        saved.api_key_sid.as_deref(),
        Some(info.api_key_sid.as_str())
    );
    assert_eq!(
        saved.base_url.as_deref(),
        Some(info.url.trim_end_matches('/'))
    );
    assert_eq!(connect::saved(&store).unwrap(), Some(saved));
    let users = users::all(&store).unwrap();
    let owner_row: Vec<_> = users
        .iter()
        .map(|u| (u.name.as_str(), u.role.as_str(), u.is_owner))
        .collect();
    assert_eq!(owner_row, [("Camille", "admin", true)]);
}

#[test]
fn confirming_a_connection_saves_the_archive_and_keeps_the_secret_only_when_asked() {
    let sim = sim_with(300, |_| {});
    let info = sim.info().clone();
    let rt = runtime();
    let client = main_client(&info);
    let check = rt.block_on(connect::check(&client)).unwrap();
    let archive = Archive::new();
    let not_kept = Confirmation {
        senders: vec![],
        owner: Owner {
            name: "Camille".into(),
            email: None,
        },
        secret: KeepSecret::Nowhere,
    };
    let saved = connect::confirm(&archive.path, &check, &not_kept, &client).unwrap();
    assert_eq!(
        connect::saved(&archive.store()).unwrap(),
        Some(saved.clone())
    );
    if !std::env::var("PASSERELLE_TEST_KEYRING").is_ok_and(|v| v == "1") {
        eprintln!("keychain half skipped: no Secret Service (run under tests/with-keyring.sh)");
        return;
    }
    keychain::delete(&saved).unwrap();
    connect::confirm(&archive.path, &check, &not_kept, &client).unwrap();
    assert_eq!(
        keychain::load(&saved).unwrap_err().code(),
        Code::NotConnected,
        "not kept unless asked"
    );
    let kept = Confirmation {
        secret: KeepSecret::InKeychain,
        ..not_kept
    };
    connect::confirm(&archive.path, &check, &kept, &client).unwrap();
    let back = keychain::load(&saved).unwrap();
    assert_eq!(back.auth.secret().expose(), info.auth_token);
    keychain::delete(&saved).unwrap();
}

#[test]
fn the_demo_connects_a_fresh_archive_to_the_simulator() {
    let sim = sim_with(300, |_| {});
    let info = sim.info().clone();
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let demo_dir = dir.path().join("demo");
    std::fs::create_dir_all(&demo_dir).unwrap();
    std::fs::write(demo_dir.join("passerelle.db"), b"a previous demo").unwrap();
    demo::clear(&demo_dir).unwrap();
    assert!(!demo_dir.exists(), "each demo starts from an empty archive");

    let access = demo::SimAccess {
        url: info.url.clone(),
        account_sid: info.account_sid.clone(),
        auth_token: info.auth_token.clone(),
    };
    let started = rt.block_on(demo::connect(&demo_dir, &access)).unwrap();
    assert_eq!(started.db_path, demo::db_path(&demo_dir));
    let store = Store::open(&started.db_path).unwrap();
    let saved = connect::saved(&store).unwrap().unwrap();
    assert_eq!(saved.account_sid, info.account_sid);
    assert_eq!(
        saved.base_url.as_deref(),
        Some(info.url.trim_end_matches('/'))
    );
    let online = started.check.senders.iter().filter(|s| s.online).count();
    assert_eq!(saved.senders.len(), online, "every ONLINE sender is synced");
    let owners: Vec<String> = users::all(&store)
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(owners, ["Demo"]);
}
