//! Backups: made on demand and listed newest first; a restore backs up the current archive
//! first, puts the chosen one in place and reopens it; members may do neither.

use crate::notes::{linked_fixture, options_of};
use passerelle_core::inbox::Viewer;
use passerelle_core::notes::{self, Split};
use passerelle_core::store::users::Role;
use passerelle_core::{backups, users, Code};

#[test]
fn a_restore_backs_up_the_current_archive_then_brings_the_old_one_back() {
    let fx = linked_fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let member = users::add_user(&store, &owner, "Morgan", Role::Member).unwrap();
    let member = Viewer::as_user(&store, member.id).unwrap();
    assert_eq!(
        backups::make(&store, &member).unwrap_err().code(),
        Code::PermissionDenied
    );
    assert!(backups::list(&fx.archive.path).unwrap().is_empty());
    let before_notes = backups::make(&store, &owner).unwrap();
    assert_eq!(before_notes.reason, "manual");
    notes::convert_all(&store, &owner, &options_of(Split::Whole), &|_, _| {}).unwrap();
    assert_eq!(notes::count(&store).unwrap(), 3);

    let (store, restored) = backups::restore(store, &owner, &before_notes.name).unwrap();
    assert_eq!(notes::count(&store).unwrap(), 0, "the archive as it was");
    assert_eq!(restored.previous.reason, "before-restore");
    let listed = backups::list(&fx.archive.path).unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    // The archive replaced just now can itself be restored.
    let (store, _) = backups::restore(store, &owner, &restored.previous.name).unwrap();
    assert_eq!(notes::count(&store).unwrap(), 3);
    let refused = backups::restore(store, &owner, "../passerelle.db")
        .err()
        .unwrap();
    assert_eq!(refused.code(), Code::InvalidInput);
}
