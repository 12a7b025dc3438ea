//! Progress of the long stages of a run (forms read, documents composed),
//! reported to whoever drives the library. The library knows nothing of
//! terminals: the CLI passes an implementation that draws a bar on stderr
//! when stderr is a terminal; tests and library users pass [`Silent`].

/// A stage whose items are counted as they complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Filled forms read, one per file.
    FormsRead,
    /// PDF documents composed: the Relazione and each scheda, the
    /// reminders, the monitoring report.
    DocumentsComposed,
    /// Forms written for the units, one per unit.
    FormsWritten,
}

/// Receives the progress of a stage. Items complete on several threads at
/// once, hence `Sync`.
pub trait Progress: Sync {
    /// The stage starts with `total` items to do.
    fn start(&self, stage: Stage, total: usize);
    /// One more item of the current stage is done.
    fn advance(&self);
    /// The stage is over (also when it failed part way).
    fn finish(&self);
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: Stage, _: usize) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// Calls [`Progress::finish`] when dropped, so an early `?` return still
/// ends the stage's display.
pub(crate) struct StageGuard<'a>(&'a dyn Progress);

impl<'a> StageGuard<'a> {
    pub(crate) fn start(progress: &'a dyn Progress, stage: Stage, total: usize) -> Self {
        progress.start(stage, total);
        StageGuard(progress)
    }

    pub(crate) fn advance(&self) {
        self.0.advance();
    }
}

impl Drop for StageGuard<'_> {
    fn drop(&mut self) {
        self.0.finish();
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Records every call, to check what a stage reported.
    #[derive(Default)]
    pub(crate) struct Recorder(pub Mutex<Vec<String>>);

    impl Progress for Recorder {
        fn start(&self, stage: Stage, total: usize) {
            self.push(format!("start {stage:?} {total}"));
        }
        fn advance(&self) {
            self.push("advance".into());
        }
        fn finish(&self) {
            self.push("finish".into());
        }
    }

    impl Recorder {
        fn push(&self, s: String) {
            if let Ok(mut v) = self.0.lock() {
                v.push(s);
            }
        }
        pub(crate) fn calls(&self) -> Vec<String> {
            self.0.lock().map(|v| v.clone()).unwrap_or_default()
        }
    }

    #[test]
    fn guard_finishes_the_stage_on_early_return() {
        let r = Recorder::default();
        let run = |fail: bool| -> Result<(), ()> {
            let g = StageGuard::start(&r, Stage::FormsRead, 2);
            g.advance();
            if fail {
                return Err(());
            }
            g.advance();
            Ok(())
        };
        assert!(run(true).is_err());
        assert_eq!(r.calls(), ["start FormsRead 2", "advance", "finish"]);
    }
}
