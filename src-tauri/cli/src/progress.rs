//! The sync's progress bar on stderr: messages copied, total when known, rate and ETA.
//! Hidden when stderr is not a terminal, with `--json`, or with `PASSERELLE_NO_PROGRESS=1`.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use passerelle_core::Lang;

/// The bar shown during a sync.
pub struct SyncBar {
    bar: ProgressBar,
}

impl SyncBar {
    /// A bar on stderr, or a hidden one when `visible` is false.
    pub fn new(visible: bool, lang: Lang) -> SyncBar {
        let quiet = std::env::var_os("PASSERELLE_NO_PROGRESS").is_some_and(|v| v != "0");
        let target = if visible && !quiet {
            ProgressDrawTarget::stderr_with_hz(8)
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        // The bar counts shards (or media items); the message carries messages, rate and ETA.
        let _ = lang;
        let template = "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}";
        bar.set_style(
            ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(lang.pick("Synchronisation", "Syncing").to_string());
        bar.enable_steady_tick(Duration::from_millis(250));
        SyncBar { bar }
    }

    /// Moves the bar: `done` messages so far out of `total` (when Twilio lets us know it).
    pub fn update(&self, done: u64, total: Option<u64>) {
        if let Some(total) = total {
            self.bar.set_length(total.max(done));
        }
        self.bar.set_position(done);
    }

    /// Sets the phase shown before the counts.
    pub fn phase(&self, text: impl Into<String>) {
        self.bar.set_message(text.into());
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
