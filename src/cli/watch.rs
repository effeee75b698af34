//! `--watch`: render, then render again whenever a file the last render read
//! changes (the input, its configuration file, stylesheets, images and templates),
//! a file it looked for appears, or a font folder changes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cvpdf::front_matter::Settings;
use notify::{EventKind, RecursiveMode, Watcher};

use super::batch::{render_isolated, render_pool};
use super::plan::Batch;
use super::report::{echo, print_outcome};

/// How long to wait for more events after the first one.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// The folders watched: the documents' and font folders with all below them, and
/// single folders holding a file read (or looked for) elsewhere.
struct Watched<W: Watcher> {
    watcher: W,
    trees: Vec<PathBuf>,
    folders: BTreeSet<PathBuf>,
}

impl<W: Watcher> Watched<W> {
    /// Watches `dir` and everything below it.
    fn tree(&mut self, dir: &Path) -> notify::Result<()> {
        self.watcher.watch(dir, RecursiveMode::Recursive)?;
        self.trees.push(dir.to_path_buf());
        Ok(())
    }

    /// Makes sure a change to `path` (a file read, or one that is missing) is seen:
    /// its folder is watched, or, when that folder is missing too, the nearest one
    /// above it and all below. A failure is a warning: the rest is still watched.
    fn cover(&mut self, path: &Path) {
        let Some(parent) = path.parent() else { return };
        if self.trees.iter().any(|t| path.starts_with(t)) || self.folders.contains(parent) {
            return;
        }
        let Some(existing) = parent.ancestors().find(|d| d.is_dir()) else { return };
        let result = if existing == parent {
            self.watcher.watch(parent, RecursiveMode::NonRecursive).map(|()| self.folders.insert(parent.to_path_buf())).map(drop)
        } else {
            self.tree(existing)
        };
        if let Err(e) = result {
            eprintln!("cvpdf: warning: cannot watch `{}` ({e}); changes there are not seen", echo(&existing.display().to_string()));
        }
    }
}

/// Runs until interrupted (Ctrl-C), or until the watcher fails (exit status 4).
pub fn run(batch: &Batch, overrides: &Settings) -> ExitCode {
    let pool = render_pool(1);
    let render = |i: usize| -> BTreeSet<PathBuf> {
        let start = Instant::now();
        let job = &batch.jobs[i];
        let outcome = match &pool {
            Some(pool) => pool.install(|| render_isolated(batch, overrides, job)),
            None => render_isolated(batch, overrides, job),
        };
        print_outcome(batch, &outcome);
        if outcome.written && !batch.quiet {
            eprintln!("cvpdf: wrote {} in {} ms", echo(&outcome.output_name), start.elapsed().as_millis());
        } else if !outcome.written {
            eprintln!("cvpdf: kept the last good PDF of {}", echo(&outcome.name));
        }
        outcome.read
    };
    let ready = || {
        if !batch.quiet {
            eprintln!("cvpdf: watching for changes (Ctrl-C to stop)");
        }
    };
    watch(batch, DEBOUNCE, render, ready)
}

/// Renders each job with `render` (which returns the files it read), calls `ready`,
/// then renders a job again whenever a file it read changes or one it looked for
/// appears, waiting `debounce` for more events after the first. Runs until
/// interrupted, or until the watcher fails (exit status 4).
pub fn watch(batch: &Batch, debounce: Duration, mut render: impl FnMut(usize) -> BTreeSet<PathBuf>, ready: impl FnOnce()) -> ExitCode {
    let (tx, rx) = mpsc::channel();
    let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let _ = tx.send(res);
    });
    let watcher = match watcher {
        Ok(w) => w,
        Err(e) => {
            eprintln!("cvpdf: error: cannot watch files ({e})");
            return ExitCode::from(4);
        }
    };
    let mut watched = Watched { watcher, trees: vec![], folders: BTreeSet::new() };
    let canon = |p: &PathBuf| p.canonicalize().ok();
    let folders: BTreeSet<PathBuf> = batch.jobs.iter().filter_map(|j| canon(&j.input.folder())).collect();
    let font_dirs: Vec<PathBuf> = batch.flags.font_dirs.iter().filter_map(canon).collect();
    for dir in folders.iter().chain(&font_dirs) {
        if let Err(e) = watched.tree(dir) {
            eprintln!("cvpdf: error: cannot watch `{}` ({e})", echo(&dir.display().to_string()));
            return ExitCode::from(4);
        }
    }

    let mut render = |i: usize| -> BTreeSet<PathBuf> {
        let read = render(i);
        for path in &read {
            watched.cover(path);
        }
        read
    };
    let mut reads: Vec<BTreeSet<PathBuf>> = (0..batch.jobs.len()).map(&mut render).collect();
    ready();

    while let Ok(first) = rx.recv() {
        let mut changed = BTreeSet::new();
        let mut add = |res: notify::Result<notify::Event>| {
            if let Ok(ev) = res {
                if matches!(ev.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)) {
                    changed.extend(ev.paths);
                }
            }
        };
        add(first);
        let deadline = Instant::now() + debounce;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(res) => add(res),
                Err(_) => break,
            }
        }
        let font_changed = changed.iter().any(|p| font_dirs.iter().any(|d| p.starts_with(d)));
        for (i, read) in reads.iter_mut().enumerate() {
            // A folder made or moved in holds files no event names one by one.
            if font_changed || read.iter().any(|p| changed.iter().any(|c| p == c || p.starts_with(c))) {
                *read = render(i);
            }
        }
    }
    ExitCode::from(4)
}
