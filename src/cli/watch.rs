//! `--watch`: render, then render again whenever a file the last render read
//! changes (the input, its stylesheets, images and templates) or a font folder does.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cvpdf::front_matter::Settings;
use notify::{EventKind, RecursiveMode, Watcher};

use super::batch::{render_isolated, render_pool};
use super::plan::Batch;
use super::report::print_outcome;

/// How long to wait for more events after the first one.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// Runs until interrupted (Ctrl-C), or until the watcher fails (exit status 4).
pub fn run(batch: &Batch, overrides: &Settings) -> ExitCode {
    let (tx, rx) = mpsc::channel();
    let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let _ = tx.send(res);
    });
    let mut watcher = match watcher {
        Ok(w) => w,
        Err(e) => {
            eprintln!("cvpdf: error: cannot watch files ({e})");
            return ExitCode::from(4);
        }
    };
    let canon = |p: &PathBuf| p.canonicalize().ok();
    let folders: BTreeSet<PathBuf> = batch.jobs.iter().filter_map(|j| canon(&j.input.folder())).collect();
    let font_dirs: Vec<PathBuf> = batch.flags.font_dirs.iter().filter_map(canon).collect();
    for dir in folders.iter().chain(&font_dirs) {
        if let Err(e) = watcher.watch(dir, RecursiveMode::Recursive) {
            eprintln!("cvpdf: error: cannot watch `{}` ({e})", super::report::echo(&dir.display().to_string()));
            return ExitCode::from(4);
        }
    }

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
            eprintln!("cvpdf: wrote {} in {} ms", super::report::echo(&outcome.output_name), start.elapsed().as_millis());
        } else if !outcome.written {
            eprintln!("cvpdf: kept the last good PDF of {}", super::report::echo(&outcome.name));
        }
        outcome.read
    };
    let mut reads: Vec<BTreeSet<PathBuf>> = (0..batch.jobs.len()).map(render).collect();
    if !batch.quiet {
        eprintln!("cvpdf: watching for changes (Ctrl-C to stop)");
    }

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
        let deadline = Instant::now() + DEBOUNCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(res) => add(res),
                Err(_) => break,
            }
        }
        let font_changed = changed.iter().any(|p| font_dirs.iter().any(|d| p.starts_with(d)));
        for (i, read) in reads.iter_mut().enumerate() {
            if font_changed || read.iter().any(|p| changed.contains(p)) {
                *read = render(i);
            }
        }
    }
    ExitCode::from(4)
}
