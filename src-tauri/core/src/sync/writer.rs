//! The single writer: a thread that owns the archive's connection and runs jobs sent to it,
//! one at a time, so pages from parallel fetchers never contend for SQLite's write lock.

use super::ingest::Ingest;
use crate::error::{Error, Result};
use crate::store::Store;
use std::path::PathBuf;
use std::sync::mpsc;

type Job = Box<dyn FnOnce(&mut Ingest) + Send>;

/// Handle to the writer thread.
pub(crate) struct Writer {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    /// Opens the archive at `db_path` on a new thread.
    pub(crate) async fn start(db_path: PathBuf) -> Result<Writer> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel::<Result<()>>();
        let path = db_path;
        let thread = std::thread::Builder::new()
            .name("passerelle-sync-writer".into())
            .spawn(move || {
                let mut ingest = match Store::open(&path).and_then(Ingest::new) {
                    Ok(ingest) => {
                        let _ = ready_tx.send(Ok(()));
                        ingest
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                while let Ok(job) = inbox.recv() {
                    job(&mut ingest);
                }
            })
            .map_err(|e| Error::io("starting the sync writer", e))?;
        ready_rx
            .await
            .map_err(|_| Error::Internal("sync writer died while opening".into()))??;
        Ok(Writer {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// Runs `job` on the writer thread and returns its result.
    pub(crate) async fn run<R: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Ingest) -> R + Send + 'static,
    ) -> Result<R> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let boxed: Job = Box::new(move |ingest| {
            let _ = tx.send(job(ingest));
        });
        self.jobs
            .as_ref()
            .ok_or_else(|| Error::Internal("sync writer stopped".into()))?
            .send(boxed)
            .map_err(|_| Error::Internal("sync writer stopped".into()))?;
        rx.await
            .map_err(|_| Error::Internal("sync writer stopped".into()))
    }

    /// Lets queued jobs finish, then closes the connection.
    pub(crate) async fn stop(mut self) {
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Closing the channel ends the thread after its current job; not joined here because
        // Drop may run inside the async runtime.
        self.jobs.take();
    }
}
