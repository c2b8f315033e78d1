//! Who may do what in the inbox: the one visibility rule of the core.
//!
//! - The owner sees and does everything.
//! - **Private**: only the owner sees conversations in the inbox, replies, links and marks
//!   read. **Shared**: every user does.
//! - Either way, a conversation linked to a record stays readable on that record's page by the
//!   users allowed to see the record (today every user of the installation sees every record).
//! - Only the owner changes the visibility and disconnects the account; the owner and the
//!   administrators manage users and read the audit log.
//!
//! Every inbox query and command takes a [`Viewer`] and asks it ([`Viewer::check`]) before
//! reading or writing: the decision is [`allowed`], a pure table.

use crate::error::{Error, Result};
use crate::store::audit::{self, AuditAction};
use crate::store::installation::{self, Visibility};
use crate::store::users::{self, Role, User};
use crate::store::{now_unix, Store};
use serde::{Deserialize, Serialize};

/// A user's standing for permissions: the owner, another administrator, or a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Connected the Twilio account.
    Owner,
    /// Another administrator.
    Admin,
    /// A member.
    Member,
}

impl Standing {
    /// The standing of a stored user.
    pub fn of(user: &User) -> Standing {
        match (user.is_owner, user.role) {
            (true, _) => Standing::Owner,
            (false, Role::Admin) => Standing::Admin,
            (false, Role::Member) => Standing::Member,
        }
    }
}

/// Something a user may or may not do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// See the conversation list, open any thread, get notifications of new messages.
    SeeInbox,
    /// Reply or send a template in a conversation.
    Reply,
    /// Link a conversation to a record, or unlink it.
    Link,
    /// Mark a conversation read.
    MarkRead,
    /// Read a conversation linked to a record, from that record's page.
    SeeLinkedOnRecord,
    /// Create, edit, delete and import contacts, leads and deals.
    EditRecords,
    /// Change the visibility (Private / Shared).
    ChangeVisibility,
    /// Add, rename and remove users.
    ManageUsers,
    /// Read the audit log.
    SeeAudit,
    /// Disconnect the Twilio account.
    Disconnect,
    /// Erase a customer's messages, media, notes and links (privacy requests).
    EraseCustomer,
    /// Make and restore backups of the archive.
    ManageBackups,
}

impl Action {
    /// Every action, in the order above.
    pub const ALL: [Action; 12] = [
        Action::SeeInbox,
        Action::Reply,
        Action::Link,
        Action::MarkRead,
        Action::SeeLinkedOnRecord,
        Action::EditRecords,
        Action::ChangeVisibility,
        Action::ManageUsers,
        Action::SeeAudit,
        Action::Disconnect,
        Action::EraseCustomer,
        Action::ManageBackups,
    ];

    /// Why it is refused, in French and English.
    fn refusal(self) -> (&'static str, &'static str) {
        match self {
            Action::SeeInbox | Action::Reply | Action::Link | Action::MarkRead => (
                "la boîte de réception est en mode Privé : seul le propriétaire voit les conversations, y répond et les relie. Le propriétaire peut passer en mode Partagé dans les Réglages.",
                "the inbox is Private: only the owner sees conversations, replies and links them. The owner can switch to Shared in Settings.",
            ),
            Action::SeeLinkedOnRecord | Action::EditRecords => (
                "vous n'avez pas accès à cette fiche.",
                "you have no access to this record.",
            ),
            Action::ChangeVisibility => (
                "seul le propriétaire (la personne qui a connecté Twilio) change la visibilité.",
                "only the owner (who connected Twilio) changes the visibility.",
            ),
            Action::ManageUsers => (
                "seuls le propriétaire et les administrateurs gèrent les utilisateurs.",
                "only the owner and administrators manage users.",
            ),
            Action::SeeAudit => (
                "seuls le propriétaire et les administrateurs consultent le journal.",
                "only the owner and administrators read the audit log.",
            ),
            Action::Disconnect => (
                "seul le propriétaire déconnecte le compte Twilio.",
                "only the owner disconnects the Twilio account.",
            ),
            Action::EraseCustomer => (
                "seuls le propriétaire et les administrateurs effacent un client.",
                "only the owner and administrators erase a customer.",
            ),
            Action::ManageBackups => (
                "seuls le propriétaire et les administrateurs font et restaurent les sauvegardes.",
                "only the owner and administrators make and restore backups.",
            ),
        }
    }
}

/// Whether a user of `standing` may do `action` under `visibility`.
pub fn allowed(standing: Standing, visibility: Visibility, action: Action) -> bool {
    use Action::*;
    match (standing, action) {
        (Standing::Owner, _) => true,
        (_, SeeInbox | Reply | Link | MarkRead) => visibility == Visibility::Shared,
        (_, SeeLinkedOnRecord | EditRecords) => true,
        (Standing::Admin, ManageUsers | SeeAudit | EraseCustomer | ManageBackups) => true,
        (
            _,
            ManageUsers | SeeAudit | ChangeVisibility | Disconnect | EraseCustomer | ManageBackups,
        ) => false,
    }
}

/// The user a call acts for. The visibility is read afresh at each check, so a viewer kept
/// across calls (the app keeps the current user's) never acts on a stale setting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    /// The user.
    pub user: User,
    /// Their standing.
    pub standing: Standing,
}

impl Viewer {
    /// Acts as user `user_id`.
    pub fn as_user(store: &Store, user_id: i64) -> Result<Viewer> {
        let user = users::by_id(store.conn(), user_id)?.ok_or_else(|| {
            Error::invalid(
                "user",
                format!("aucun utilisateur n° {user_id}."),
                format!("no user number {user_id}."),
            )
        })?;
        Ok(Viewer::of(user))
    }

    /// Acts as the owner (the command line does). Refused before an account is connected,
    /// since the owner is recorded then.
    pub fn owner(store: &Store) -> Result<Viewer> {
        let user = users::owner(store.conn())?.ok_or(Error::NotConnected)?;
        Ok(Viewer::of(user))
    }

    fn of(user: User) -> Viewer {
        Viewer {
            standing: Standing::of(&user),
            user,
        }
    }

    /// Whether this viewer may do `action` under the installation's current visibility.
    pub fn may(&self, store: &Store, action: Action) -> Result<bool> {
        let visibility = installation::visibility(store.conn())?;
        Ok(allowed(self.standing, visibility, action))
    }

    /// Refuses `action` with [`crate::Code::PermissionDenied`] when not allowed.
    pub fn check(&self, store: &Store, action: Action) -> Result<()> {
        if self.may(store, action)? {
            return Ok(());
        }
        let (fr, en) = action.refusal();
        Err(Error::PermissionDenied {
            fr: fr.into(),
            en: en.into(),
        })
    }

    /// Refuses reading a conversation's thread unless the viewer sees the inbox, or the
    /// conversation is linked to a record they may see.
    pub fn check_read(&self, store: &Store, linked: bool) -> Result<()> {
        if linked && self.may(store, Action::SeeLinkedOnRecord)? {
            return Ok(());
        }
        self.check(store, Action::SeeInbox)
    }
}

/// Changes the installation's visibility: the owner only; written in the audit log.
pub fn set_visibility(store: &Store, viewer: &Viewer, visibility: Visibility) -> Result<()> {
    viewer.check(store, Action::ChangeVisibility)?;
    let tx = store.conn().unchecked_transaction()?;
    let before = installation::visibility(&tx)?;
    if before != visibility {
        installation::set_visibility(&tx, visibility)?;
        let detail = format!("{} → {}", before.as_str(), visibility.as_str());
        audit::record(
            &tx,
            now_unix(),
            &viewer.user,
            AuditAction::VisibilityChanged,
            None,
            Some(&detail),
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// The installation's visibility (anyone may read it: the UI says why the inbox is empty).
pub fn visibility(store: &Store) -> Result<Visibility> {
    installation::visibility(store.conn())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Standing::*;
    use Visibility::*;

    /// The matrix: each action, then for Private and Shared what the owner, an administrator
    /// and a member may do.
    const MATRIX: [(Action, [bool; 3], [bool; 3]); 12] = [
        //                     Private: O     A      M     Shared: O     A     M
        (SeeInbox, [true, false, false], [true, true, true]),
        (Reply, [true, false, false], [true, true, true]),
        (Link, [true, false, false], [true, true, true]),
        (MarkRead, [true, false, false], [true, true, true]),
        (SeeLinkedOnRecord, [true, true, true], [true, true, true]),
        (EditRecords, [true, true, true], [true, true, true]),
        (ChangeVisibility, [true, false, false], [true, false, false]),
        (ManageUsers, [true, true, false], [true, true, false]),
        (SeeAudit, [true, true, false], [true, true, false]),
        (Disconnect, [true, false, false], [true, false, false]),
        (EraseCustomer, [true, true, false], [true, true, false]),
        (ManageBackups, [true, true, false], [true, true, false]),
    ];

    #[test]
    fn the_visibility_matrix() {
        assert_eq!(
            MATRIX.map(|row| row.0),
            Action::ALL,
            "every action is in the table"
        );
        for (action, private, shared) in MATRIX {
            for (visibility, row) in [(Private, private), (Shared, shared)] {
                for (standing, want) in [Owner, Admin, Member].into_iter().zip(row) {
                    assert_eq!(
                        allowed(standing, visibility, action),
                        want,
                        "{standing:?} / {visibility:?} / {action:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_refusal_is_explained_in_both_languages() {
        for action in Action::ALL {
            let (fr, en) = action.refusal();
            assert!(!fr.is_empty() && !en.is_empty() && fr != en, "{action:?}");
        }
    }
}
