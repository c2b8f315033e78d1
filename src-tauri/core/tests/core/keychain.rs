//! The OS keychain. The round trip needs a Secret Service: run under `tests/with-keyring.sh`
//! (sets PASSERELLE_TEST_KEYRING=1); without one, saving must refuse rather than write the
//! secret anywhere else.

use passerelle_core::connect::SavedConnection;
use passerelle_core::keychain;
use passerelle_core::twilio::{Auth, Credentials};
use passerelle_core::{Code, Lang, Secret};

fn keyring_session() -> bool {
    std::env::var("PASSERELLE_TEST_KEYRING").is_ok_and(|v| v == "1")
}

fn saved_for(creds: &Credentials) -> SavedConnection {
    SavedConnection {
        account_sid: creds.account_sid.clone(),
        friendly_name: "Test".into(),
        auth_kind: creds.auth.kind().into(),
        api_key_sid: creds.auth.key_sid().cloned(),
        base_url: None,
        senders: vec![],
    }
}

#[test]
fn secrets_round_trip_through_the_keychain() {
    if !keyring_session() {
        eprintln!("skipped: no Secret Service (run under tests/with-keyring.sh)");
        return;
    }
    let cases = [
        Credentials::auth_token(
            "AC0123456789abcdef0123456789abcde1",
            Secret::new("token-0123456789abcdef"),
        )
        .unwrap(),
        Credentials::api_key(
            "AC0123456789abcdef0123456789abcde1",
            "SK0123456789abcdef0123456789abcde2",
            Secret::new("key-secret-0123456789"),
        )
        .unwrap(),
    ];
    for creds in cases {
        let saved = saved_for(&creds);
        keychain::save(&creds).unwrap();
        let back = keychain::load(&saved).unwrap();
        assert_eq!(back.account_sid, creds.account_sid);
        assert_eq!(back.auth.secret().expose(), creds.auth.secret().expose());
        assert_eq!(
            matches!(back.auth, Auth::ApiKey { .. }),
            matches!(creds.auth, Auth::ApiKey { .. })
        );
        keychain::delete(&saved).unwrap();
        keychain::delete(&saved).unwrap(); // absent is fine
        assert_eq!(
            keychain::load(&saved).unwrap_err().code(),
            Code::NotConnected
        );
    }
}

#[test]
fn without_a_keychain_saving_is_refused_in_plain_words() {
    if keyring_session() || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        eprintln!("skipped: a session bus is present, the no-keychain path cannot be shown here");
        return;
    }
    let creds = Credentials::auth_token(
        "AC0123456789abcdef0123456789abcde1",
        Secret::new("token-never-stored-123"),
    )
    .unwrap();
    let err = keychain::save(&creds).unwrap_err();
    assert_eq!(err.code(), Code::KeychainUnavailable, "{err:?}");
    assert_eq!(
        err.message(Lang::Fr),
        "Aucun trousseau de clés du système n'est disponible sur cet ordinateur. Passerelle refuse d'enregistrer votre secret Twilio en clair : installez ou déverrouillez un trousseau (par exemple GNOME Keyring ou KWallet), puis réessayez."
    );
    assert_eq!(
        err.message(Lang::En),
        "No system keychain is available on this computer. Passerelle will not store your Twilio secret in clear text: install or unlock a keychain (for example GNOME Keyring or KWallet), then try again."
    );
    assert!(!format!("{err:?}").contains("token-never-stored-123"));
}
