//! Users, visibility, contacts and the sync interval: each command acts for the current user
//! on the archive the window shows and calls one core function.

use passerelle_core::inbox::{self, RecordRef, Viewer, Visibility};
use passerelle_core::phone::Country;
use passerelle_core::records::{self, ImportPreview, ImportReport, ImportRequest, RecordPage};
use passerelle_core::store::audit::{AuditEntry, AuditQuery};
use passerelle_core::store::contacts::Contact;
use passerelle_core::store::contacts::ContactFields;
use passerelle_core::store::opportunities::{Opportunity, OpportunityKind};
use passerelle_core::store::settings;
use passerelle_core::store::users::{self as user_table, Role, User};
use passerelle_core::{users, Error};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::inbox::as_viewer;
use crate::preferences::CurrentLanguage;
use crate::session::Session;
use crate::wire::{answer, Answer};

/// The users of the installation, who acts now, and the inbox's visibility.
#[derive(Serialize)]
pub struct People {
    /// Every user.
    users: Vec<User>,
    /// The user acting in the window.
    current: User,
    /// Private or Shared.
    visibility: Visibility,
    /// Whether the current user may manage users (owner and administrators).
    may_manage: bool,
    /// Whether the current user may change the visibility (the owner).
    may_change_visibility: bool,
}

fn people(store: &passerelle_core::Store, viewer: &Viewer) -> passerelle_core::Result<People> {
    Ok(People {
        users: user_table::all(store)?,
        current: viewer.user.clone(),
        visibility: inbox::visibility(store)?,
        may_manage: viewer.may(store, inbox::Action::ManageUsers)?,
        may_change_visibility: viewer.may(store, inbox::Action::ChangeVisibility)?,
    })
}

/// Who uses this installation and who acts now.
#[tauri::command]
pub async fn list_users(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<People> {
    answer(lang.get(), as_viewer(&session, people).await)
}

/// Adds a user (owner and administrators only).
#[tauri::command]
pub async fn add_user(
    name: String,
    role: Role,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<User> {
    let added = as_viewer(&session, move |store, viewer| {
        users::add_user(store, viewer, &name, role)
    })
    .await;
    answer(lang.get(), added)
}

/// Acts as another user from now on (their PIN asked when they have one).
#[tauri::command]
pub async fn switch_user(
    id: i64,
    pin: Option<String>,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<User> {
    let switched = as_viewer(&session, move |store, _| {
        users::switch_to(store, id, pin.as_deref()).map(|v| v.user)
    })
    .await;
    if let Ok(user) = &switched {
        session.set_user(user.id);
    }
    answer(lang.get(), switched)
}

/// Changes the inbox's visibility (the owner only; audited).
#[tauri::command]
pub async fn set_visibility(
    visibility: Visibility,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let done = as_viewer(&session, move |store, viewer| {
        inbox::set_visibility(store, viewer, visibility)
    })
    .await;
    answer(lang.get(), done)
}

/// Contacts whose name holds `text`, by name.
#[tauri::command]
pub async fn list_contacts(
    text: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Vec<Contact>> {
    let found = as_viewer(&session, move |store, viewer| {
        records::contacts(store, viewer, &text, 0, 500)
    })
    .await;
    answer(lang.get(), found)
}

/// A contact as typed in the form.
#[derive(Deserialize)]
pub struct NewContact {
    name: String,
    phones: Vec<String>,
    email: Option<String>,
    organisation: Option<String>,
    country: Country,
}

impl NewContact {
    /// The core's fields (blank email and organisation as none) and the numbers' country.
    fn into_fields(self) -> (ContactFields, Country) {
        let fields = ContactFields {
            name: self.name,
            phones: self.phones,
            email: self.email.filter(|e| !e.trim().is_empty()),
            organisation: self.organisation.filter(|o| !o.trim().is_empty()),
            crm_id: None,
        };
        (fields, self.country)
    }
}

/// Creates a contact (numbers read with the chosen country).
#[tauri::command]
pub async fn create_contact(
    contact: NewContact,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Contact> {
    let created = as_viewer(&session, move |store, viewer| {
        let (fields, country) = contact.into_fields();
        records::create_contact(store, viewer, &fields, country)
    })
    .await;
    answer(lang.get(), created)
}

/// What importing a CSV file would do (columns mapped, bad rows listed), changing nothing.
#[tauri::command]
pub async fn preview_import(
    request: ImportRequest,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<ImportPreview> {
    let lang = lang.get();
    let preview = as_viewer(&session, move |store, viewer| {
        records::preview_file(store, viewer, &request, lang)
    })
    .await;
    answer(lang, preview)
}

/// Imports a CSV file's good rows (updating what matches).
#[tauri::command]
pub async fn import_records(
    request: ImportRequest,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<ImportReport> {
    let lang = lang.get();
    let report = as_viewer(&session, move |store, viewer| {
        records::import_file(store, viewer, &request, lang)
    })
    .await;
    answer(lang, report)
}

/// The setting holding the background sync's interval in minutes (0: manual).
const SYNC_INTERVAL_KEY: &str = "sync_interval_minutes";
/// The intervals offered, in minutes (0: manual only).
pub const SYNC_INTERVALS: [u32; 4] = [1, 5, 15, 0];

/// The background sync's interval in minutes (0: manual); one minute by default.
#[tauri::command]
pub async fn sync_interval(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<u32> {
    let minutes = as_viewer(&session, |store, _| {
        Ok(settings::get(store, SYNC_INTERVAL_KEY)?
            .and_then(|v| v.parse().ok())
            .filter(|m| SYNC_INTERVALS.contains(m))
            .unwrap_or(1))
    })
    .await;
    answer(lang.get(), minutes)
}

/// Sets the background sync's interval: 1, 5 or 15 minutes, or 0 for manual.
#[tauri::command]
pub async fn set_sync_interval(
    minutes: u32,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let done = as_viewer(&session, move |store, _| {
        if !SYNC_INTERVALS.contains(&minutes) {
            return Err(Error::invalid(
                "minutes",
                "intervalle possible : 1, 5 ou 15 minutes, ou manuel.",
                "possible intervals: 1, 5 or 15 minutes, or manual.",
            ));
        }
        settings::set(store, SYNC_INTERVAL_KEY, &minutes.to_string())
    })
    .await;
    answer(lang.get(), done)
}

/// Renames a user (anyone themself; owner and administrators anyone; audited).
#[tauri::command]
pub async fn rename_user(
    id: i64,
    name: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let done = as_viewer(&session, move |store, viewer| {
        users::rename_user(store, viewer, id, &name)
    })
    .await;
    answer(lang.get(), done)
}

/// Removes a user (never the owner; audited).
#[tauri::command]
pub async fn remove_user(
    id: i64,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let done = as_viewer(&session, move |store, viewer| {
        users::remove_user(store, viewer, id)
    })
    .await;
    answer(lang.get(), done)
}

/// Sets (4 to 8 digits) or clears (`null`) a user's PIN (audited, never logged).
#[tauri::command]
pub async fn set_user_pin(
    id: i64,
    pin: Option<String>,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let done = as_viewer(&session, move |store, viewer| {
        users::set_pin(store, viewer, id, pin.as_deref())
    })
    .await;
    answer(lang.get(), done)
}

/// A page of the audit log, newest first, filtered (owner and administrators).
#[tauri::command]
pub async fn audit_log(
    query: AuditQuery,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Vec<AuditEntry>> {
    let page = as_viewer(&session, move |store, viewer| {
        users::audit_page(store, viewer, &query)
    })
    .await;
    answer(lang.get(), page)
}

/// Leads or deals whose title holds `text`, by title.
#[tauri::command]
pub async fn list_opportunities(
    kind: OpportunityKind,
    text: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Vec<Opportunity>> {
    let found = as_viewer(&session, move |store, viewer| {
        records::opportunities(store, viewer, kind, &text, 0, 500)
    })
    .await;
    answer(lang.get(), found)
}

/// Creates a lead or a deal.
#[tauri::command]
pub async fn create_opportunity(
    kind: OpportunityKind,
    fields: Opportunity,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Opportunity> {
    let created = as_viewer(&session, move |store, viewer| {
        records::create_opportunity(store, viewer, kind, &fields)
    })
    .await;
    answer(lang.get(), created)
}

/// Replaces a contact's fields and numbers (numbers read with the chosen country).
#[tauri::command]
pub async fn update_contact(
    id: i64,
    contact: NewContact,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Contact> {
    let updated = as_viewer(&session, move |store, viewer| {
        let (fields, country) = contact.into_fields();
        records::update_contact(store, viewer, id, &fields, country)
    })
    .await;
    answer(lang.get(), updated)
}

/// Updates a lead or a deal (a field left empty keeps its value).
#[tauri::command]
pub async fn update_opportunity(
    kind: OpportunityKind,
    id: i64,
    fields: Opportunity,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Opportunity> {
    let updated = as_viewer(&session, move |store, viewer| {
        records::update_opportunity(store, viewer, kind, id, &fields)
    })
    .await;
    answer(lang.get(), updated)
}

/// Deletes a contact, lead or deal (its conversations stay, unlinked).
#[tauri::command]
pub async fn delete_record(
    record: RecordRef,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let done = as_viewer(&session, move |store, viewer| match record {
        RecordRef::Contact(id) => records::delete_contact(store, viewer, id),
        RecordRef::Lead(id) => {
            records::delete_opportunity(store, viewer, OpportunityKind::Lead, id)
        }
        RecordRef::Deal(id) => {
            records::delete_opportunity(store, viewer, OpportunityKind::Deal, id)
        }
    })
    .await;
    answer(lang.get(), done)
}

/// A record's page: the record, its person, their leads and deals, its linked conversations.
#[tauri::command]
pub async fn record_page(
    record: RecordRef,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<RecordPage> {
    let page = as_viewer(&session, move |store, viewer| {
        records::record_page(store, viewer, record, crate::inbox::now())
    })
    .await;
    answer(lang.get(), page)
}
