//! The account's templates in the archive: refreshed from Twilio, listed with their state and
//! what a rejection means, and changed the only way WhatsApp allows — a new template, created
//! and submitted, the old one kept and marked "replaced by" the new one. Passerelle never
//! updates nor resubmits a submitted template, so Twilio's 92009 is never hit.

use super::{
    check_template, explain_rejection, render, suggest_copy_name, variables, ApprovalState,
    Category, TemplateDraft,
};
use crate::error::{Error, Result};
use crate::field::FieldError;
use crate::ids::ContentSid;
use crate::lang::Lang;
use crate::store::templates::{self, StoredTemplate};
use crate::store::Store;
use crate::twilio::content::{ContentWithApproval, NewTextContent};
use crate::twilio::{wire, Client};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// A template as the Templates screen and `passerelle templates` show it.
#[derive(Clone, Debug, Serialize)]
pub struct Template {
    /// What the archive holds.
    #[serde(flatten)]
    pub stored: StoredTemplate,
    /// The variables of the body, in order of appearance.
    pub variables: Vec<String>,
    /// The state in plain words (an unknown state as Twilio sent it).
    pub state_label: String,
    /// The category in plain words (a legacy one as Twilio sent it).
    pub category_label: String,
    /// For a rejected template: what the reason means and what to change.
    pub explanation: Option<String>,
    /// The template this one replaced, if any.
    pub replaces: Option<String>,
    /// The message a customer gets, with the sample values.
    pub preview: String,
    /// Whether "Edit" makes a copy (submitted) rather than changing it in place.
    pub submitted: bool,
}

/// Which templates to list (empty: all).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct TemplateFilter {
    /// An approval state as Twilio spells it (`approved`, `IN_APPEAL`…).
    pub state: Option<String>,
    /// A language code.
    pub language: Option<String>,
}

/// Reads every template of the account from Twilio into the archive at `db`; returns how many.
pub async fn refresh_templates(client: &Client, db: &Path) -> Result<usize> {
    let listed = client.contents_with_approvals().await?;
    let account = client.account_sid().to_string();
    let list: Vec<StoredTemplate> = listed.iter().map(|c| stored_from(c, &account)).collect();
    let mut store = Store::open_existing(db)?;
    templates::replace_all(&mut store, &account, &list, now())?;
    Ok(list.len())
}

/// The account's templates from the archive, filtered, labels in `lang`.
pub fn list_templates(
    store: &Store,
    account_sid: &str,
    filter: &TemplateFilter,
    lang: Lang,
) -> Result<Vec<Template>> {
    let all = templates::all(store, account_sid)?;
    let replaced: BTreeMap<String, String> = all
        .iter()
        .filter_map(|t| Some((t.replaced_by.clone()?, t.sid.clone())))
        .collect();
    let wanted = |t: &StoredTemplate| {
        filter
            .state
            .as_deref()
            .is_none_or(|s| ApprovalState::from(s) == t.state)
            && filter.language.as_deref().is_none_or(|l| l == t.language)
    };
    Ok(all
        .into_iter()
        .filter(wanted)
        .map(|t| {
            let replaces = replaced.get(&t.sid).cloned();
            view(t, replaces, lang)
        })
        .collect())
}

fn view(stored: StoredTemplate, replaces: Option<String>, lang: Lang) -> Template {
    let explanation = (stored.state == ApprovalState::Rejected)
        .then(|| explain_rejection(&stored.rejection_reason, lang));
    let category_label = match Category::parse(&stored.category) {
        Some(c) => c.label(lang).to_string(),
        None => stored.category.clone(),
    };
    Template {
        variables: variables(&stored.body),
        state_label: stored.state.label(lang),
        preview: render(&stored.body, &stored.samples),
        submitted: stored.state.is_submitted(),
        category_label,
        explanation,
        replaces,
        stored,
    }
}

/// The names already used by the account's templates (a name cannot be reused).
pub fn used_names(store: &Store, account_sid: &str) -> Result<Vec<String>> {
    Ok(templates::all(store, account_sid)?
        .into_iter()
        .map(|t| t.name)
        .collect())
}

/// Checks a draft against the account's templates in the archive: every wrong field.
pub fn check_draft(
    store: &Store,
    account_sid: &str,
    draft: &TemplateDraft,
) -> Result<Vec<FieldError>> {
    let names = used_names(store, account_sid)?;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    Ok(check_template(draft, &names).err().unwrap_or_default())
}

/// The draft "Edit" opens for template `sid`: the same text, samples, language and category,
/// under the next free name (`name_v2`…).
pub fn copy_draft(store: &Store, sid: &str) -> Result<TemplateDraft> {
    let original = templates::get(store, sid)?.ok_or_else(|| unknown(sid))?;
    let names = used_names(store, &original.account_sid)?;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    Ok(TemplateDraft {
        name: suggest_copy_name(&original.name, &names),
        language: original.language,
        category: Category::parse(&original.category)
            .map(|c| format!("{c:?}").to_lowercase())
            .unwrap_or_default(),
        body: original.body,
        samples: original.samples,
    })
}

fn unknown(sid: &str) -> Error {
    Error::invalid(
        "sid",
        format!("aucun modèle {sid} dans l'archive : actualisez la liste."),
        format!("no template {sid} in the archive: refresh the list."),
    )
}

/// Creates `draft` as a new template and submits it for WhatsApp approval; with `replaces`, the
/// old template is kept and marked "replaced by" the new one. Checked first against the
/// archive's names: nothing is sent when a field is wrong (the first one is named).
pub async fn submit_template(
    client: &Client,
    db: &Path,
    draft: &TemplateDraft,
    replaces: Option<&str>,
) -> Result<StoredTemplate> {
    let account = client.account_sid().to_string();
    {
        let store = Store::open_existing(db)?;
        if let Some(old) = replaces {
            templates::get(&store, old)?.ok_or_else(|| unknown(old))?;
        }
        let errors = check_draft(&store, &account, draft)?;
        if let Some(first) = errors.into_iter().next() {
            return Err(first.into());
        }
    }
    let category = Category::parse(&draft.category)
        .expect("checked above")
        .as_twilio();
    let created = client
        .create_text_content(&NewTextContent {
            name: &draft.name,
            language: &draft.language,
            body: &draft.body,
            samples: &draft.samples,
        })
        .await?;
    let mut stored = stored_from_content(&created, &account, None);
    let submitted = client
        .submit_for_whatsapp(&created.sid, &draft.name, category)
        .await;
    if let Ok(approval) = &submitted {
        stored.name = draft.name.clone();
        stored.category = category.to_string();
        stored.state = ApprovalState::from(approval.status.clone());
        stored
            .rejection_reason
            .clone_from(&approval.rejection_reason);
    }
    // Recorded even when the submission failed: the template exists at Twilio, unsubmitted.
    let store = Store::open_existing(db)?;
    templates::put(&store, &stored, now())?;
    submitted?;
    if let Some(old) = replaces {
        templates::mark_replaced(&store, old, &stored.sid)?;
    }
    Ok(stored)
}

/// Deletes a template at Twilio (for every sender at once) and from the archive.
pub async fn delete_template(client: &Client, db: &Path, sid: &str) -> Result<()> {
    let sid = ContentSid::parse(sid)?;
    client.delete_content(&sid).await?;
    templates::remove(&Store::open_existing(db)?, &sid)
}

/// The warning shown before a deletion.
pub fn delete_warning(lang: Lang) -> &'static str {
    lang.pick(
        "Supprimer ce modèle le retire chez Twilio pour tous vos numéros à la fois, et ne peut pas être annulé. Son nom peut rester bloqué un moment par WhatsApp (jusqu'à 30 jours après un refus) : vous ne pourrez peut-être pas le réutiliser tout de suite.",
        "Deleting this template removes it at Twilio for all your numbers at once, and cannot be undone. WhatsApp may keep its name blocked for a while (up to 30 days after a rejection): you may not be able to reuse it straight away.",
    )
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn stored_from(c: &ContentWithApproval, account: &str) -> StoredTemplate {
    stored_from_content(&c.content, account, c.approval_requests.as_ref())
}

fn stored_from_content(
    c: &wire::Content,
    account: &str,
    approval: Option<&crate::twilio::content::ApprovalRequest>,
) -> StoredTemplate {
    let friendly = c.friendly_name.clone().unwrap_or_default();
    let (name, category, state, reason) = match approval {
        Some(a) if !a.name.is_empty() => (
            a.name.clone(),
            a.category.clone(),
            a.status.clone(),
            a.rejection_reason.clone(),
        ),
        Some(a) => (
            friendly,
            a.category.clone(),
            a.status.clone(),
            String::new(),
        ),
        None => (friendly, String::new(), "unsubmitted".into(), String::new()),
    };
    StoredTemplate {
        sid: c.sid.to_string(),
        account_sid: account.to_string(),
        name,
        language: c.language.clone().unwrap_or_default(),
        category,
        body: body_of(&c.types),
        samples: samples_of(&c.variables),
        state: ApprovalState::from(if state.is_empty() {
            "unsubmitted".into()
        } else {
            state
        }),
        rejection_reason: reason,
        date_created: c.date_created.as_deref().and_then(wire::parse_date),
        date_updated: c.date_updated.as_deref().and_then(wire::parse_date),
        replaced_by: None,
    }
}

/// The text of a template: `twilio/text`'s body, else the first content type's `body`.
fn body_of(types: &Value) -> String {
    let obj = types.as_object();
    obj.and_then(|o| o.get("twilio/text"))
        .or_else(|| obj.and_then(|o| o.values().find(|v| v.get("body").is_some())))
        .and_then(|v| v.get("body"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn samples_of(variables: &Value) -> BTreeMap<String, String> {
    variables
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string()),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
