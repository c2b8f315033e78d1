//! Integration tests of passerelle-core against the Twilio simulator over real HTTP on
//! loopback. One binary, a module per area.

mod support;

mod archive_scope;
mod backups;
mod connect;
mod crm_disconnect;
mod disconnect;
mod erase;
mod export_scope;
mod faults;
mod inbox;
mod keychain;
mod media;
mod media_folder;
mod notes;
mod number_move;
mod paging;
mod pipedrive;
mod profile;
mod record_page;
mod records;
mod secrets;
mod send;
mod store;
mod sync;
mod templates;
mod unsent;
