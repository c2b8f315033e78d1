//! Integration tests of passerelle-core against the Twilio simulator over real HTTP on
//! loopback. One binary, a module per area.

mod support;

mod connect;
mod faults;
mod inbox;
mod keychain;
mod media;
mod paging;
mod records;
mod secrets;
mod send;
mod store;
mod sync;
