//! Integration tests of the `passerelle` binary: the real built executable, run as a child
//! process against the in-process Twilio simulator over real HTTP on loopback.

mod support;

mod cancel;
mod json_shapes;
mod kill_resume;
mod read_only_archive;
mod refusals;
mod search_arguments;
mod secrets;
mod terminal_escapes;
mod whatsapp;
mod wrong_archive;
