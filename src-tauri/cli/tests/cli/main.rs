//! Integration tests of the `passerelle` binary: the real built executable, run as a child
//! process against the in-process Twilio simulator over real HTTP on loopback.

mod support;

mod cancel;
mod inbox;
mod json_shapes;
mod kill_resume;
mod refusals;
mod secrets;
