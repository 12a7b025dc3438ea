//! typst's work on one document, bounded in time.
//!
//! typst has no fuel: a custom template with a loop, or one that lays out
//! pages without end, would keep the run going for hours, and the page
//! limit is checked only once layout is over. So each document is composed
//! on a thread of its own, and the caller waits for it within a budget that
//! grows with the document's data; past it, the run stops with an Italian
//! error naming the template. The thread cannot be stopped from outside:
//! it goes on until it finishes or the program ends (the CLI ends at the
//! error), and the documents still to compose are not started.
//!
//! typst lays pages out in parallel on rayon: its work runs on one pool
//! with large stacks (typst recurses deeply on long documents), shared by
//! every document, and the caller waits outside it, so a document waiting
//! never holds a worker another document needs.

use std::sync::OnceLock;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

/// Stack of each thread that compiles a document.
pub(super) const COMPILE_STACK: usize = 256 * 1024 * 1024;

/// Time for any document, plus time per MiB of its data: the Relazione of
/// a plan of 10,000 indicators takes about 18 s of typst on two cores.
const BASE: Duration = Duration::from_secs(60);
const PER_MIB: Duration = Duration::from_secs(10);

/// The budget of a document whose data take `bytes`.
pub(super) fn budget(bytes: usize) -> Duration {
    BASE + PER_MIB * u32::try_from(bytes / (1024 * 1024)).unwrap_or(u32::MAX / 20)
}

/// Why the work gave no result.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Stopped {
    /// The budget passed.
    TooLong,
    /// The work panicked.
    Failed,
}

fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(COMPILE_STACK)
            .thread_name(|i| format!("typst-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Runs `work` on the typst pool and waits at most `budget` for it.
pub(super) fn run_within<T: Send + 'static>(
    budget: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Stopped> {
    let (tx, rx) = channel();
    let job = move || {
        let out = match pool() {
            Some(p) => p.install(work),
            None => work(),
        };
        let _ = tx.send(out);
    };
    std::thread::Builder::new()
        .name("documento".into())
        .stack_size(COMPILE_STACK)
        .spawn(job)
        .map_err(|_| Stopped::Failed)?;
    rx.recv_timeout(budget).map_err(|e| match e {
        RecvTimeoutError::Timeout => Stopped::TooLong,
        RecvTimeoutError::Disconnected => Stopped::Failed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_past_its_budget_is_abandoned() {
        assert_eq!(run_within(Duration::from_secs(60), || 7), Ok(7));
        let (release, wait) = channel::<()>();
        let stuck = run_within(Duration::from_millis(50), move || {
            let _ = wait.recv();
        });
        assert_eq!(stuck, Err(Stopped::TooLong));
        drop(release);
        let panicked = run_within(Duration::from_secs(60), || -> u8 { panic!("x") });
        assert_eq!(panicked, Err(Stopped::Failed));
        assert!(budget(0) < budget(50 * 1024 * 1024));
    }
}
