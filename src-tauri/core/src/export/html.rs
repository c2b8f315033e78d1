//! The HTML export (being written).
use super::{Job, Stop, Tracker};
pub(crate) fn write(_job: &Job<'_>, _tracker: &mut Tracker<'_>) -> Result<(), Stop> {
    Err(Stop::Failed(crate::Error::NotImplemented("html export")))
}
