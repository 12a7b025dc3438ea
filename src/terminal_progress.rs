//! The progress of a run's long stages on stderr, for a person watching a
//! terminal. When stderr is not a terminal (a log, a pipe, a test) nothing
//! is drawn, so the output stays clean.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use consuntivo::progress::{Progress, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// What each stage is called on the bar.
fn label(stage: Stage) -> &'static str {
    match stage {
        Stage::FormsRead => "Moduli letti",
        Stage::DocumentsComposed => "Documenti composti",
        Stage::FormsWritten => "Moduli scritti",
    }
}

std::thread_local! {
    /// Bars hidden on this thread: one ente's run of a group, among others
    /// running at the same time.
    static HIDDEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with no bar drawn on this thread.
pub fn hidden<T>(f: impl FnOnce() -> T) -> T {
    let before = HIDDEN.with(|h| h.replace(true));
    let out = f();
    HIDDEN.with(|h| h.set(before));
    out
}

/// A bar per stage on stderr, drawn only if stderr is a terminal.
pub struct TerminalProgress {
    bar: Mutex<Option<ProgressBar>>,
    visible: bool,
}

impl TerminalProgress {
    pub fn new() -> Self {
        TerminalProgress {
            bar: Mutex::new(None),
            visible: std::io::stderr().is_terminal() && !HIDDEN.with(std::cell::Cell::get),
        }
    }

    fn with_bar(&self, f: impl FnOnce(&mut Option<ProgressBar>)) {
        // A poisoned lock only means another thread panicked mid-update:
        // the bar is cosmetic, so keep going with it.
        let mut guard = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard);
    }
}

impl Progress for TerminalProgress {
    fn start(&self, stage: Stage, total: usize) {
        // Nothing to do, nothing drawn: no «0/0» bar.
        let target = if self.visible && total > 0 {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(total as u64), target);
        if let Ok(style) = ProgressStyle::with_template("{msg} {pos}/{len} {wide_bar} {elapsed}") {
            bar.set_style(style);
        }
        bar.set_message(label(stage));
        // A stage stuck on one long item (the Relazione of a large ente)
        // still shows the time passing.
        bar.enable_steady_tick(Duration::from_millis(250));
        self.with_bar(|b| {
            if let Some(old) = b.replace(bar) {
                old.finish_and_clear();
            }
        });
    }

    fn advance(&self) {
        self.with_bar(|b| {
            if let Some(bar) = b {
                bar.inc(1);
            }
        });
    }

    fn finish(&self) {
        self.with_bar(|b| {
            if let Some(bar) = b.take() {
                bar.finish_and_clear();
            }
        });
    }
}

/// A bar left on the screen would look like a command stuck at its last
/// count (while it waits for another command, say): it goes with its
/// progress.
impl Drop for TerminalProgress {
    fn drop(&mut self) {
        self.finish();
    }
}
