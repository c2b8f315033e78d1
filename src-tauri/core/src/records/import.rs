//! Importing contacts, leads or deals from a CSV file exported from a CRM, Pipedrive's export
//! columns as the reference (`ID`, `Name`, `Phone`, `Email`, `Organization`, `Title`,
//! `Value`, `Currency`, `Stage`, `Status`, `Source`, `Contact person`, with or without an
//! entity prefix such as `Person - Name` or `Deal - ID`; French headers too).
//!
//! Two steps: [`preview_file`] maps the columns (the user may change the mapping), reads every
//! row, normalises phone numbers to E.164 with the user's default country and lists the bad
//! rows with their reason; [`import_file`] writes the good rows in one transaction. Importing
//! again updates instead of doubling: a row matches the record with the same CRM id (the `ID`
//! column), else — contacts — one with the same phone number, else one with the same name;
//! leads and deals without an id match on title and contact.

use crate::error::{Error, Result};
use crate::inbox::visibility::{Action, Viewer};
use crate::lang::Lang;
use crate::phone::{self, Country};
use crate::store::audit::{self, AuditAction};
use crate::store::contacts::{self, ContactFields};
use crate::store::opportunities::{self, Opportunity, OpportunityKind};
use crate::store::{now_unix, Store};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// What the file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// People (contacts).
    People,
    /// Leads.
    Leads,
    /// Deals.
    Deals,
}

impl ImportKind {
    /// Every kind.
    pub const ALL: [ImportKind; 3] = [ImportKind::People, ImportKind::Leads, ImportKind::Deals];

    fn opportunity(self) -> Option<OpportunityKind> {
        match self {
            ImportKind::People => None,
            ImportKind::Leads => Some(OpportunityKind::Lead),
            ImportKind::Deals => Some(OpportunityKind::Deal),
        }
    }

    /// The header prefix Pipedrive gives this kind's own columns (`Person - …`).
    fn own_prefixes(self) -> &'static [&'static str] {
        match self {
            ImportKind::People => &["person", "personne", "contact"],
            ImportKind::Leads => &["lead", "prospect"],
            ImportKind::Deals => &["deal", "affaire", "transaction"],
        }
    }
}

/// A record field a column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The CRM's own id.
    CrmId,
    /// A contact's name.
    Name,
    /// A phone number (several columns may hold one; a cell may hold several, `,` or `;`).
    Phone,
    /// Email.
    Email,
    /// Organisation.
    Organisation,
    /// A lead's or deal's title.
    Title,
    /// Value, decimal.
    Value,
    /// Currency code.
    Currency,
    /// Lead source.
    Source,
    /// Deal stage.
    Stage,
    /// Deal status.
    Status,
    /// The name of a lead's or deal's contact person.
    ContactName,
}

/// How one column is read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// The header as written in the file.
    pub header: String,
    /// The field it fills; `None`: ignored.
    pub field: Option<Field>,
}

/// A row that will not be imported, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadRow {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// Why, in the caller's language.
    pub reason: String,
}

/// One good row, as it will be written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingRow {
    /// Line in the file.
    pub line: u64,
    /// The contact (People), or the lead's or deal's contact person when named.
    pub contact: Option<ContactFields>,
    /// The lead or deal (Leads, Deals).
    pub opportunity: Option<Opportunity>,
    /// Whether it updates an existing record (else it creates one).
    pub updates: bool,
}

/// What an import would do, shown before it is done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// What the file holds.
    pub kind: ImportKind,
    /// The default country for national numbers.
    pub country: Country,
    /// Each column and the field it fills.
    pub columns: Vec<Column>,
    /// The good rows.
    pub rows: Vec<IncomingRow>,
    /// The rows left out, with their reason.
    pub bad: Vec<BadRow>,
    /// Good rows creating a record.
    pub creates: u64,
    /// Good rows updating one.
    pub updates: u64,
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Records created.
    pub created: u64,
    /// Records updated.
    pub updated: u64,
    /// Rows left out, with their reason.
    pub bad: Vec<BadRow>,
}

/// A file to import and how to read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRequest {
    /// The file's text (UTF-8; comma or semicolon separated; a BOM is ignored).
    pub csv_text: String,
    /// What it holds.
    pub kind: ImportKind,
    /// The country of numbers written without `+` or `00`.
    pub country: Country,
    /// The field of each column, replacing the guess (one entry per column), as the user
    /// corrected it in the preview.
    #[serde(default)]
    pub mapping: Option<Vec<Option<Field>>>,
}

impl ImportRequest {
    /// A request with the guessed mapping.
    pub fn new(csv_text: impl Into<String>, kind: ImportKind, country: Country) -> Self {
        ImportRequest {
            csv_text: csv_text.into(),
            kind,
            country,
            mapping: None,
        }
    }
}

/// Says what importing the file would do, changing nothing.
pub fn preview_file(
    store: &Store,
    viewer: &Viewer,
    request: &ImportRequest,
    lang: Lang,
) -> Result<ImportPreview> {
    viewer.check(store, Action::EditRecords)?;
    let kind = request.kind;
    let mut preview = read(request, lang)?;
    let conn = store.conn();
    for row in &mut preview.rows {
        row.updates = existing(conn, kind, row)?.is_some();
    }
    preview.updates = preview.rows.iter().filter(|r| r.updates).count() as u64;
    preview.creates = preview.rows.len() as u64 - preview.updates;
    Ok(preview)
}

/// Imports the file's good rows in one transaction (updating what matches, creating the
/// rest) and writes the import in the audit log.
pub fn import_file(
    store: &Store,
    viewer: &Viewer,
    request: &ImportRequest,
    lang: Lang,
) -> Result<ImportReport> {
    viewer.check(store, Action::EditRecords)?;
    let kind = request.kind;
    let preview = read(request, lang)?;
    let tx = store.conn().unchecked_transaction()?;
    let now = now_unix();
    let (mut created, mut updated) = (0, 0);
    for row in &preview.rows {
        // Matched again row by row: an earlier row of the same file may have created it.
        if write_row(&tx, kind, row, now)? {
            updated += 1
        } else {
            created += 1
        }
    }
    let detail = format!(
        "{kind:?}: {created} created, {updated} updated, {} left out",
        preview.bad.len()
    );
    audit::record(
        &tx,
        now,
        &viewer.user,
        AuditAction::Import,
        None,
        Some(&detail),
    )?;
    tx.commit()?;
    Ok(ImportReport {
        created,
        updated,
        bad: preview.bad,
    })
}

/// The record a row updates, if any.
fn existing(conn: &Connection, kind: ImportKind, row: &IncomingRow) -> Result<Option<i64>> {
    match (kind.opportunity(), &row.opportunity, &row.contact) {
        (None, _, Some(c)) => existing_contact(conn, c),
        (Some(k), Some(o), contact) => {
            if let Some(id) = o.crm_id.as_deref() {
                return opportunities::by_crm_id(conn, k, id);
            }
            let contact_id = match contact {
                Some(c) => existing_contact(conn, c)?,
                None => None,
            };
            opportunities::by_title(conn, k, &o.title, contact_id)
        }
        _ => Ok(None),
    }
}

/// The contact a row's person is: same CRM id, else same number, else same name.
fn existing_contact(conn: &Connection, c: &ContactFields) -> Result<Option<i64>> {
    if let Some(id) = c.crm_id.as_deref() {
        if let Some(found) = contacts::by_crm_id(conn, id)? {
            return Ok(Some(found));
        }
        // A CRM id we have never seen is a new person, even if someone shares a number.
        return Ok(None);
    }
    for number in &c.phones {
        if let Some(&found) = contacts::by_phone(conn, number)?.first() {
            return Ok(Some(found));
        }
    }
    contacts::by_name(conn, &c.name)
}

/// Writes one row; whether it updated an existing record.
fn write_row(conn: &Connection, kind: ImportKind, row: &IncomingRow, now: i64) -> Result<bool> {
    let (contact_id, contact_existed) = match &row.contact {
        Some(c) => match existing_contact(conn, c)? {
            Some(id) => {
                // A lead's or deal's contact person is only matched, never overwritten.
                if kind == ImportKind::People {
                    contacts::update(conn, id, c, now)?;
                }
                (Some(id), true)
            }
            None => (Some(contacts::insert(conn, c, now)?), false),
        },
        None => (None, false),
    };
    let (Some(k), Some(o)) = (kind.opportunity(), &row.opportunity) else {
        return Ok(contact_existed);
    };
    let fields = Opportunity {
        contact_id,
        ..o.clone()
    };
    let found = match o.crm_id.as_deref() {
        Some(id) => opportunities::by_crm_id(conn, k, id)?,
        None => opportunities::by_title(conn, k, &o.title, contact_id)?,
    };
    match found {
        Some(id) => {
            opportunities::update(conn, k, id, &fields, now)?;
            Ok(true)
        }
        None => {
            opportunities::insert(conn, k, &fields, now)?;
            Ok(false)
        }
    }
}

/// Parses the file: columns mapped, rows checked (nothing read from the archive).
fn read(request: &ImportRequest, lang: Lang) -> Result<ImportPreview> {
    let (kind, country) = (request.kind, request.country);
    let text = request.csv_text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(unreadable)?.clone();
    let columns: Vec<Column> = headers
        .iter()
        .enumerate()
        .map(|(i, header)| Column {
            header: header.to_string(),
            field: match &request.mapping {
                Some(m) => m.get(i).copied().flatten(),
                None => guess_field(header, kind),
            },
        })
        .collect();
    check_columns(&columns, kind)?;
    let (mut rows, mut bad) = (Vec::new(), Vec::new());
    for record in reader.records() {
        let record = record.map_err(unreadable)?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        match row(&columns, &record, kind, country) {
            Ok(mut row) => {
                row.line = line;
                rows.push(row);
            }
            Err(e) => bad.push(BadRow {
                line,
                reason: e.message(lang),
            }),
        }
    }
    Ok(ImportPreview {
        kind,
        country,
        columns,
        rows,
        bad,
        creates: 0,
        updates: 0,
    })
}

/// `;` when the header line has more of them than commas (spreadsheets in French locales).
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

fn unreadable(e: csv::Error) -> Error {
    Error::invalid(
        "file",
        format!("le fichier CSV est illisible : {e}"),
        format!("the CSV file cannot be read: {e}"),
    )
}

/// Refuses a mapping without the column a kind cannot do without.
fn check_columns(columns: &[Column], kind: ImportKind) -> Result<()> {
    let (needed, fr, en) = match kind {
        ImportKind::People => (Field::Name, "Nom", "Name"),
        ImportKind::Leads | ImportKind::Deals => (Field::Title, "Titre", "Title"),
    };
    if columns.iter().any(|c| c.field == Some(needed)) {
        return Ok(());
    }
    Err(Error::invalid(
        "columns",
        format!("aucune colonne « {fr} » : associez une colonne à ce champ."),
        format!("no “{en}” column: map a column to this field."),
    ))
}

/// The field a header names, Pipedrive's export as the reference. A prefix of this kind's
/// own entity (`Deal - ID` in a deals file) is dropped; a person's columns in a leads or
/// deals file fill the contact person.
pub fn guess_field(header: &str, kind: ImportKind) -> Option<Field> {
    let lower = header.trim().to_lowercase();
    let entity = |p: &str| {
        ImportKind::ALL
            .iter()
            .any(|k| k.own_prefixes().contains(&p))
            || p.starts_with("organi")
    };
    // `Person - Phone - Work`: the entity, then the field (which may itself hold a dash).
    let (prefix, name) = match lower.split_once(" - ") {
        Some((prefix, name)) if entity(prefix.trim()) => (Some(prefix.trim()), name.trim()),
        _ => (None, lower.as_str()),
    };
    let own = prefix.is_none_or(|p| kind.own_prefixes().contains(&p));
    let person = prefix.is_some_and(|p| ImportKind::People.own_prefixes().contains(&p));
    let organisation = prefix.is_some_and(|p| p.starts_with("organi"));
    let phone = name.starts_with("phone") || name.starts_with("téléphone") || name == "mobile";
    let field = match kind {
        ImportKind::People if organisation && name.starts_with('n') => Field::Organisation,
        ImportKind::People if !own => return None,
        ImportKind::People => match name {
            "id" => Field::CrmId,
            "name" | "nom" | "full name" | "nom complet" => Field::Name,
            _ if phone => Field::Phone,
            _ if name.starts_with("email") || name.starts_with("e-mail") => Field::Email,
            "organization" | "organisation" | "company" | "société" | "entreprise" => {
                Field::Organisation
            }
            _ => return None,
        },
        _ if person => match name {
            "name" | "nom" => Field::ContactName,
            _ if phone => Field::Phone,
            _ => return None,
        },
        _ if !own => return None,
        _ => match name {
            "id" => Field::CrmId,
            "title" | "titre" => Field::Title,
            "value" | "valeur" => Field::Value,
            "currency" | "devise" => Field::Currency,
            "source" | "lead source" | "source du prospect" => Field::Source,
            "stage" | "étape" | "etape" => Field::Stage,
            "status" | "statut" => Field::Status,
            "contact person" | "person" | "personne à contacter" | "personne" | "contact" => {
                Field::ContactName
            }
            _ if phone => Field::Phone,
            _ => return None,
        },
    };
    Some(field)
}

/// One row read through the columns, or why it is refused.
fn row(
    columns: &[Column],
    record: &csv::StringRecord,
    kind: ImportKind,
    country: Country,
) -> Result<IncomingRow> {
    let mut contact = ContactFields::default();
    let mut o = Opportunity::default();
    for (column, cell) in columns.iter().zip(record.iter()) {
        let cell = cell.trim();
        let Some(field) = column.field.filter(|_| !cell.is_empty()) else {
            continue;
        };
        let first = |slot: &mut Option<String>| {
            slot.get_or_insert_with(|| cell.to_string());
        };
        match field {
            Field::CrmId if kind == ImportKind::People => first(&mut contact.crm_id),
            Field::CrmId => first(&mut o.crm_id),
            Field::Name | Field::ContactName => {
                if contact.name.is_empty() {
                    contact.name = cell.to_string();
                }
            }
            Field::Phone => {
                for number in cell.split([',', ';']).filter(|n| !n.trim().is_empty()) {
                    contact.phones.push(phone::normalise(number, country)?);
                }
            }
            Field::Email => first(&mut contact.email),
            Field::Organisation => first(&mut contact.organisation),
            Field::Title => {
                if o.title.is_empty() {
                    o.title = cell.to_string();
                }
            }
            Field::Value => o.value = Some(decimal(cell)?),
            Field::Currency => o.currency = Some(cell.to_uppercase()),
            Field::Source => first(&mut o.source),
            Field::Stage => first(&mut o.stage),
            Field::Status => o.status = Some(cell.to_lowercase()),
        }
    }
    contact.phones.sort();
    contact.phones.dedup();
    match kind {
        ImportKind::People => {
            if contact.name.is_empty() {
                return Err(missing("Nom", "Name"));
            }
            Ok(IncomingRow {
                line: 0,
                contact: Some(contact),
                opportunity: None,
                updates: false,
            })
        }
        ImportKind::Leads | ImportKind::Deals => {
            if o.title.is_empty() {
                return Err(missing("Titre", "Title"));
            }
            if contact.name.is_empty() && !contact.phones.is_empty() {
                // A number without a name: the contact is named by its number.
                contact.name = phone::format_international(&contact.phones[0]);
            }
            Ok(IncomingRow {
                line: 0,
                contact: (!contact.name.is_empty()).then_some(contact),
                opportunity: Some(o),
                updates: false,
            })
        }
    }
}

fn missing(fr: &str, en: &str) -> Error {
    Error::invalid(
        "row",
        format!("la colonne « {fr} » est vide."),
        format!("the “{en}” column is empty."),
    )
}

/// A value as decimal text: `1 234,50` and `1,234.50` become `1234.50`.
fn decimal(cell: &str) -> Result<String> {
    let compact: String = cell
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\'')
        .collect();
    let normalised = match (compact.rfind(','), compact.rfind('.')) {
        (Some(comma), Some(dot)) if comma > dot => compact.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => compact.replace(',', ""),
        (Some(_), None) => compact.replace(',', "."),
        _ => compact,
    };
    let valid = !normalised.is_empty()
        && normalised.matches('.').count() <= 1
        && normalised
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && normalised.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return Err(Error::invalid(
            "value",
            format!("« {cell} » n'est pas un montant."),
            format!("“{cell}” is not an amount."),
        ));
    }
    Ok(normalised)
}
