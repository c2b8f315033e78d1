//! The simulated company: its users, persons, deals, leads and notes.

use std::collections::HashMap;

/// A user of the company; each has an API token.
#[derive(Clone, Debug)]
pub struct User {
    /// Numeric id.
    pub id: u64,
    /// Full name.
    pub name: String,
    /// Login email.
    pub email: String,
    /// API token (40 hex digits, like Pipedrive's).
    pub token: String,
    /// Whether the user is an admin (only an admin's token may set a note's `add_time`).
    pub is_admin: bool,
}

/// A person (contact).
#[derive(Clone, Debug)]
pub struct Person {
    /// Numeric id, from 1.
    pub id: u64,
    /// First name.
    pub first: String,
    /// Family name.
    pub last: String,
    /// E.164 phone number (the same as the Twilio simulator's customer of that index).
    pub phone: String,
    /// Email address.
    pub email: String,
    /// Owner (a user id).
    pub owner: u64,
    /// Creation time (Unix seconds).
    pub add: i64,
    /// Last update (Unix seconds): deleting a record updates it too.
    pub update: i64,
    /// Soft-deleted (`is_deleted`).
    pub deleted: bool,
}

impl Person {
    /// `first last`.
    pub fn name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

/// A deal.
#[derive(Clone, Debug)]
pub struct Deal {
    /// Numeric id, from 1.
    pub id: u64,
    /// Title.
    pub title: String,
    /// The person it is with.
    pub person: Option<u64>,
    /// Owner (a user id).
    pub owner: u64,
    /// Value in the currency's units.
    pub value: u64,
    /// ISO currency code.
    pub currency: &'static str,
    /// `open`, `won` or `lost`.
    pub status: &'static str,
    /// Stage of pipeline 1.
    pub stage: u64,
    /// Creation time.
    pub add: i64,
    /// Last update.
    pub update: i64,
    /// Soft-deleted.
    pub deleted: bool,
}

/// A lead (v1, UUID id).
#[derive(Clone, Debug)]
pub struct Lead {
    /// A UUID.
    pub id: String,
    /// Title.
    pub title: String,
    /// The person it is about.
    pub person: Option<u64>,
    /// Owner (a user id).
    pub owner: u64,
    /// Value, when set: amount and currency.
    pub value: Option<(u64, &'static str)>,
    /// Archived.
    pub archived: bool,
    /// Seen by its owner.
    pub seen: bool,
    /// Creation time.
    pub add: i64,
    /// Last update.
    pub update: i64,
}

/// A note (v1).
#[derive(Clone, Debug)]
pub struct Note {
    /// Numeric id, from 1.
    pub id: u64,
    /// HTML content, stored as received.
    pub content: String,
    /// The deal it is on.
    pub deal: Option<u64>,
    /// The person it is on.
    pub person: Option<u64>,
    /// The lead it is on.
    pub lead: Option<String>,
    /// Author.
    pub user: u64,
    /// Last editor.
    pub last_update_user: u64,
    /// Creation time (an admin's `add_time`, or when it was received).
    pub add: i64,
    /// Last update.
    pub update: i64,
    /// Pinned flags: lead, deal, person.
    pub pinned: [bool; 3],
}

/// The company and everything in it.
#[derive(Debug, Default)]
pub struct World {
    /// Company id.
    pub company_id: u64,
    /// Company name.
    pub company_name: String,
    /// Company domain (`{domain}.pipedrive.com`).
    pub company_domain: String,
    /// Users; the first is an admin, the second is not.
    pub users: Vec<User>,
    /// Persons, by id order (`persons[i].id == i + 1`).
    pub persons: Vec<Person>,
    /// Deals, by id order.
    pub deals: Vec<Deal>,
    /// Leads, in creation order.
    pub leads: Vec<Lead>,
    /// Lead index by id.
    pub lead_ids: HashMap<String, usize>,
    /// Notes, by id order.
    pub notes: Vec<Note>,
}

impl World {
    /// The user a token belongs to.
    pub fn user_by_token(&self, token: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| ct_eq(u.token.as_bytes(), token.as_bytes()))
    }

    /// A user by id.
    pub fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// A person by id (deleted ones included).
    pub fn person(&self, id: u64) -> Option<&Person> {
        id.checked_sub(1).and_then(|i| self.persons.get(i as usize))
    }

    /// A deal by id (deleted ones included).
    pub fn deal(&self, id: u64) -> Option<&Deal> {
        id.checked_sub(1).and_then(|i| self.deals.get(i as usize))
    }

    /// A lead by id.
    pub fn lead(&self, id: &str) -> Option<&Lead> {
        self.lead_ids.get(id).map(|&i| &self.leads[i])
    }

    /// A note by id.
    pub fn note(&self, id: u64) -> Option<&Note> {
        id.checked_sub(1).and_then(|i| self.notes.get(i as usize))
    }
}

/// Constant-time comparison of secrets.
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
