//! Disconnecting: the owner only; backup → notes → CRM hook → secret removed → marked
//! disconnected; a disconnect killed between steps (the archive dropped and reopened) or
//! failing inside one resumes and loses nothing.

use crate::notes::{linked_fixture, options_of};
use crate::support::{connect_main, runtime};
use passerelle_core::disconnect::{self, Hooks, Step};
use passerelle_core::inbox::Viewer;
use passerelle_core::notes::{self, Split};
use passerelle_core::store::audit::AuditAction;
use passerelle_core::store::users::Role;
use passerelle_core::{archive, connect, keychain, users, Code, Store};
use std::cell::Cell;

#[test]
fn only_the_owner_disconnects() {
    let fx = linked_fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    for role in [Role::Admin, Role::Member] {
        let user = users::add_user(&store, &owner, "Someone", role).unwrap();
        let viewer = Viewer::as_user(&store, user.id).unwrap();
        let err = disconnect::start(&store, &viewer, options_of(Split::Whole)).unwrap_err();
        assert_eq!(err.code(), Code::PermissionDenied, "{role:?}");
    }
    assert!(
        disconnect::current(&store).unwrap().is_none(),
        "nothing started"
    );
}

#[test]
fn a_disconnect_killed_between_steps_resumes_and_loses_nothing() {
    let fx = linked_fixture();
    let secrets_removed = Cell::new(0);
    let crm_calls = Cell::new(0);
    let remove = |_: &connect::SavedConnection| {
        secrets_removed.set(secrets_removed.get() + 1);
        Ok(())
    };
    // The CRM step fails the first time (a network error, a kill inside the step).
    let push = |_: &Store, _: passerelle_core::Lang| {
        crm_calls.set(crm_calls.get() + 1);
        if crm_calls.get() == 1 {
            Err(passerelle_core::Error::Internal("CRM unreachable".into()))
        } else {
            Ok(None)
        }
    };
    let hooks = Hooks {
        remove_secret: &remove,
        push_to_crm: &push,
    };
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let run = disconnect::start(&store, &owner, options_of(Split::Whole)).unwrap();
    assert_eq!(run.step, Step::Backup);
    drop(store);

    let mut seen = vec![Step::Backup];
    loop {
        // A fresh process each time: the state comes back from the archive alone.
        let store = fx.archive.store();
        let Some(run) = disconnect::current(&store).unwrap() else {
            break;
        };
        assert_eq!(run.step, *seen.last().unwrap(), "resumes where it stopped");
        match disconnect::run_step(&store, &run, &hooks) {
            Ok(next) => seen.push(next.step),
            Err(e) => assert_eq!(run.step, Step::CrmPush, "only the CRM step fails: {e:?}"),
        }
        drop(store);
    }
    assert_eq!(seen, Step::ALL.to_vec());
    assert_eq!((crm_calls.get(), secrets_removed.get()), (2, 1));

    let store = fx.archive.store();
    let done = disconnect::latest(&store).unwrap().unwrap();
    assert_eq!(done.step, Step::Done);
    assert_eq!(done.notes.unwrap().added, 3);
    assert!(disconnect::is_disconnected(&store).unwrap());
    assert_eq!(
        disconnect::ensure_connected(&store).unwrap_err().code(),
        Code::NotConnected
    );
    let owner = Viewer::owner(&store).unwrap();
    assert_eq!(
        notes::count(&store).unwrap(),
        3,
        "a note per linked conversation"
    );
    // The backup is a whole archive, made before the notes.
    let backup = std::path::PathBuf::from(done.backup.unwrap());
    assert!(backup.starts_with(fx.archive.dir.path().join("backups")));
    let copy = Store::open_read_only(&backup).unwrap();
    assert_eq!(notes::count(&copy).unwrap(), 0);
    // The archive still reads and searches; the disconnect is in the audit log.
    assert!(!archive::search(&store, "bonjour", 5).unwrap().is_empty());
    let log = users::audit_log(&store, &owner, None, 50).unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.action == AuditAction::Disconnect)
            .count(),
        1
    );
    // Done: a second disconnect has nothing to disconnect.
    assert_eq!(
        disconnect::start(&store, &owner, options_of(Split::Whole))
            .unwrap_err()
            .code(),
        Code::NotConnected
    );
    drop(store);
    // Connecting again lifts it.
    std::thread::sleep(std::time::Duration::from_millis(1_100));
    connect_main(&runtime(), &fx.info, &fx.archive);
    let store = fx.archive.store();
    assert!(!disconnect::is_disconnected(&store).unwrap());
    disconnect::ensure_connected(&store).unwrap();
}

#[test]
fn the_default_hooks_take_the_secret_out_of_the_keychain() {
    if !std::env::var("PASSERELLE_TEST_KEYRING").is_ok_and(|v| v == "1") {
        eprintln!("skipped: no Secret Service (run under tests/with-keyring.sh)");
        return;
    }
    let fx = linked_fixture();
    let store = fx.archive.store();
    let saved = connect::saved(&store).unwrap().unwrap();
    let creds = passerelle_core::twilio::Credentials::auth_token(
        &fx.info.account_sid,
        passerelle_core::Secret::new(fx.info.auth_token.clone()),
    )
    .unwrap();
    keychain::save(&creds).unwrap();
    assert!(keychain::load(&saved).is_ok());
    let owner = Viewer::owner(&store).unwrap();
    let run = disconnect::start(&store, &owner, options_of(Split::PerDay)).unwrap();
    let done = disconnect::run_to_end(&store, run, &Hooks::default(), &|_| {}).unwrap();
    assert_eq!(done.step, Step::Done);
    assert_eq!(
        keychain::load(&saved).unwrap_err().code(),
        Code::NotConnected
    );
}
