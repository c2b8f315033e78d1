//! Integration tests of the `passerelle` binary: the real built executable, run as a child
//! process against the in-process Twilio simulator over real HTTP on loopback.

// libc calls (rusage, signals to child processes) have no safe wrapper in our dependencies.
#![allow(unsafe_code)]

mod support;

mod cancel;
mod crm;
mod full_disk;
mod inbox;
mod json_shapes;
mod kill_indexing;
mod kill_media;
mod kill_resume;
mod media_folder;
mod migrate;
mod notes;
mod read_only_archive;
mod refusals;
mod search_arguments;
mod secrets;
mod send;
mod terminal_escapes;
mod unreachable;
mod whatsapp;
mod wrong_archive;
