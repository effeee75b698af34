//! Writing the PDF: atomically over a regular file, into a device, FIFO or
//! descriptor, and to standard output.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::plan::parent_dir;
use super::report::reason;

/// Writes the PDF to `target`, the way its kind of file needs:
///
/// - a regular file (or a path with nothing there yet) is replaced atomically
///   ([`write_atomically`]);
/// - a symbolic link to a regular file (or to nothing yet) keeps the link: its target
///   is replaced atomically;
/// - anything else (a device like `/dev/null`, a FIFO, `-o >(cmd)`, `/dev/stdout`,
///   `/dev/fd/N`) is opened and written into, never renamed over (renaming over
///   `/dev/null` as root would delete the device);
/// - a folder is an error.
pub fn write_output(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let link = fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink());
    match fs::metadata(target) {
        Ok(meta) if meta.is_dir() => Err(io::Error::other("it is a folder")),
        Ok(meta) if !meta.is_file() || through_descriptor(target) => write_into(target, bytes, meta.is_file()),
        Ok(_) if link => write_atomically(&fs::canonicalize(target)?, bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound && link => match link_target(target) {
            Some(path) => write_atomically(&path, bytes),
            None => Err(io::Error::new(io::ErrorKind::NotFound, "it is a symbolic link that leads nowhere")),
        },
        _ => write_atomically(target, bytes),
    }
}

/// Creates the folders above `target` that are missing (`-o a/b/cv.pdf`, `init
/// a/b/cv.md`); one that is a file is an error saying so.
pub fn create_parent(target: &Path) -> io::Result<()> {
    let dir = parent_dir(target);
    if dir.is_dir() {
        return Ok(());
    }
    // The nearest path above that exists: the folders go in it, unless it is a file.
    let nearest = dir.ancestors().find(|a| !a.as_os_str().is_empty() && fs::metadata(a).is_ok());
    if let Some(file) = nearest.filter(|a| !a.is_dir()) {
        return Err(io::Error::other(format!("`{}` is a file, not a folder", file.display())));
    }
    fs::create_dir_all(dir)
}

/// Whether a path names an open file descriptor (`/dev/stdout`, `/dev/fd/N`,
/// `/proc/self/fd/N`): what it leads to belongs to whoever opened it, so it is
/// written into even when it is a regular file (`-o /dev/stdout > cv.pdf`).
fn through_descriptor(path: &Path) -> bool {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        let text = current.to_string_lossy();
        if text.starts_with("/dev/fd/") || text.starts_with("/proc/") {
            return true;
        }
        match fs::read_link(&current) {
            Ok(next) => current = parent_dir(&current).join(next),
            Err(_) => return false,
        }
    }
    false
}

/// Where a chain of symbolic links ends (a path that may not exist yet), or `None`
/// for a loop.
fn link_target(path: &Path) -> Option<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::read_link(&current) {
            Ok(next) => current = parent_dir(&current).join(next),
            Err(_) => return Some(current),
        }
    }
    None
}

/// Writes into an existing non-regular file (a device, a FIFO, a descriptor),
/// truncating it first only when it is a regular file behind a descriptor path.
fn write_into(target: &Path, bytes: &[u8], truncate: bool) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).truncate(truncate).open(target)?;
    file.write_all(bytes)?;
    file.flush()
}

/// Writes `bytes` to `target` without ever leaving a half-written file: the bytes go to
/// `.{name}.cvpdf-tmp-{pid}` in the same folder, are flushed and synced, and the
/// temporary file is renamed over `target`. On error the temporary file is removed and
/// `target` is left as it was. Temporary files for the same target left by runs that
/// were killed (their process is gone) are removed first.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = target.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the output path has no file name"))?;
    let dir = parent_dir(target);
    remove_stale_temps(dir, name);
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".cvpdf-tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);

    let file = match create_new(&tmp) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            // A leftover of an earlier run that had our process id; it is ours to replace.
            fs::remove_file(&tmp)?;
            create_new(&tmp)?
        }
        other => other?,
    };
    let result = fill_and_rename(file, &tmp, target, bytes);
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Removes `.{name}.cvpdf-tmp-{pid}` files in `dir` whose process no longer runs.
fn remove_stale_temps(dir: &Path, name: &std::ffi::OsStr) {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".cvpdf-tmp-");
    let prefix = prefix.to_string_lossy().into_owned();
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)).and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this id runs (on systems without `/proc`, assume it does:
/// a leftover is better than removing another run's file).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

fn create_new(path: &Path) -> io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

fn fill_and_rename(mut file: File, tmp: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)?;
    file.flush()?;
    if let Ok(meta) = fs::metadata(target) {
        // Keep the permissions of the PDF we replace.
        if meta.is_file() {
            file.set_permissions(meta.permissions())?;
        }
    }
    file.sync_all()?;
    drop(file);
    fs::rename(tmp, target)?;
    #[cfg(unix)]
    if let Ok(dir) = File::open(parent_dir(target)) {
        // Make the rename itself durable; not every file system supports this.
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Writes to standard output; a closed pipe (`cvpdf man | head`) is not an error.
pub fn print_bytes(bytes: &[u8]) -> ExitCode {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("cvpdf: error: failed to write to standard output ({})", reason(&e));
            ExitCode::from(4)
        }
        _ => ExitCode::SUCCESS,
    }
}
