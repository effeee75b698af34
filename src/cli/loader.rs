//! Reading files: the input, the files flags name, and the loader the library reads
//! the files a document names through ([`confined_loader`]: only inside the
//! document's folder and the `--allow-path` folders, only regular files, and remote
//! files only with `--allow-remote`).

use std::collections::BTreeSet;
use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use cvpdf::diag::Diagnostic;
use cvpdf::front_matter::Settings;

use super::plan::{Flags, Input};
use super::remote;
use super::report::{echo, reason};

/// The files a render read (canonical paths), for `--watch`.
pub type ReadSet = Arc<Mutex<BTreeSet<PathBuf>>>;

/// Library options for one document: `defaults` from its configuration file,
/// `overrides` from the flags (with the files they name already read).
pub fn job_options(flags: &Flags, overrides: &Settings, defaults: Settings, input: &Input, read: &ReadSet) -> cvpdf::Options {
    let url = match input {
        Input::Stdin => None,
        Input::File(p) => Some(p.display().to_string()),
    };
    cvpdf::Options {
        date: flags.timestamp.map(iso_date),
        url,
        loader: Some(confined_loader(
            input.folder(),
            &flags.allow_paths,
            flags.remote.clone().map(|r| (r, std::time::Instant::now() + flags.deadline)),
            Some(read.clone()),
        )),
        system_fonts: flags.system_fonts.clone().map(|f| f as Arc<dyn cvpdf::font::FontSource>),
        tagged: flags.tagged,
        pdfa: flags.pdfa,
        timestamp: flags.timestamp,
        fit_pages: flags.fit_pages,
        remote: flags.remote.is_some(),
        deadline: Some(flags.deadline),
        defaults,
        overrides: overrides.clone(),
    }
}

/// Files larger than this are not read (images, stylesheets).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// A loader that reads files named by the document, relative to its folder, and
/// refuses anything outside that folder (absolute paths, `..`, symbolic links out)
/// and the `allowed` folders (`--allow-path`); `file:` URLs are refused. Paths are
/// resolved (symbolic links followed) before they are compared. With `remote`, it
/// fetches `http(s)://` URLs, all of them within the one deadline given with it (the
/// render's `--timeout`); without, it refuses them. The canonical path of each file
/// served is added to `record`, and where each missing file would be
/// ([`missing_path`]).
pub fn confined_loader(
    base: PathBuf,
    allowed: &[PathBuf],
    remote: Option<(Arc<remote::Remote>, std::time::Instant)>,
    record: Option<ReadSet>,
) -> cvpdf::Loader {
    let allowed: Vec<PathBuf> = allowed.iter().filter_map(|p| p.canonicalize().ok()).collect();
    Arc::new(move |name: &str| {
        let lower = name.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return match &remote {
                Some((r, until)) => r.fetch(name, *until),
                None => Err("remote files are not fetched; pass `--allow-remote`".into()),
            };
        }
        let name = name.split(['?', '#']).next().unwrap_or(name);
        let name = percent_decode(name);
        if name.to_ascii_lowercase().starts_with("file:") {
            return Err("`file:` URLs are refused; use a path relative to the document".into());
        }
        let rel = Path::new(&name);
        let in_allowed = |p: &Path| allowed.iter().any(|a| p.starts_with(a));
        if rel.is_absolute() && !rel.canonicalize().is_ok_and(|p| in_allowed(&p)) {
            return Err("absolute paths are refused; use a path relative to the document (or pass `--allow-path`)".into());
        }
        let root = base.canonicalize().map_err(|e| format!("cannot resolve the document folder ({e})"))?;
        let full = root.join(rel).canonicalize().map_err(|e| {
            // A file that is not there yet: where it would be, so that --watch sees it come.
            if let (Some(record), Some(path)) = (&record, missing_path(&root.join(rel))) {
                if let (true, Ok(mut set)) = (path.starts_with(&root) || in_allowed(&path), record.lock()) {
                    set.insert(path);
                }
            }
            format!("cannot open it ({})", io_reason(&e))
        })?;
        if !full.starts_with(&root) && !in_allowed(&full) {
            return Err("it is outside the document's folder (pass `--allow-path DIR` to allow another folder)".into());
        }
        if let Some(record) = &record {
            if let Ok(mut set) = record.lock() {
                set.insert(full.clone());
            }
        }
        read_regular_file(&full, MAX_FILE_BYTES)
    })
}

/// Where a file that does not exist would be: its nearest existing folder resolved,
/// then the rest of the path as written; `None` when that rest climbs with `..`.
pub fn missing_path(path: &Path) -> Option<PathBuf> {
    let mut rest = Vec::new();
    let mut current = path;
    loop {
        if let Ok(mut found) = current.canonicalize() {
            found.extend(rest.iter().rev());
            return Some(found);
        }
        rest.push(current.file_name()?);
        current = match current.parent()? {
            p if p.as_os_str().is_empty() => Path::new("."),
            p => p,
        };
    }
}

/// Reads a regular file of at most `limit` bytes. Anything else is refused without
/// waiting: a FIFO would block `read` until someone writes to it, a device like
/// `/dev/zero` never ends. The file is opened non-blocking and its type checked on
/// the open handle, so it cannot be swapped for a FIFO in between.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| format!("cannot open it ({})", io_reason(&e)))?;
    let meta = file.metadata().map_err(|e| format!("cannot open it ({})", io_reason(&e)))?;
    if meta.is_dir() {
        return Err("it is a folder, not a file".into());
    }
    if !meta.is_file() {
        return Err(format!("it is {}, not a regular file; only regular files are read", special_file_kind(&meta)));
    }
    if meta.len() > limit {
        return Err(format!("it is larger than {} MB", limit / 1024 / 1024));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read it ({})", io_reason(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(format!("it is larger than {} MB", limit / 1024 / 1024));
    }
    Ok(bytes)
}

/// What a file that is neither regular nor a folder is, in words.
fn special_file_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        } else if t.is_char_device() || t.is_block_device() {
            return "a device";
        } else if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "a special file"
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Decodes `%20`-style escapes in a relative URL.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit() {
            let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(b[i + 1]) * 16 + hex(b[i + 2]));
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Formats seconds since the Unix epoch as an ISO date (`2026-11-23`), UTC.
pub fn iso_date(secs: i64) -> String {
    let (y, m, d) = cvpdf::date::civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The flag values with the files they name read (`--stylesheet`,
/// `--header-template`, `--footer-template`), and the `--css` texts after the
/// stylesheets. `Err` is an I/O message. These files may be FIFOs (`--stylesheet
/// <(…)`): the user named them; but at most [`MAX_FILE_BYTES`].
pub fn read_flag_files(flags: &Flags) -> Result<Settings, String> {
    let read = |p: &PathBuf| {
        let failed = |why: String| format!("failed to read `{}` ({why})", echo(&p.display().to_string()));
        let mut text = String::new();
        std::fs::File::open(p).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_string(&mut text)).map_err(|e| failed(reason(&e)))?;
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(failed(format!("it is larger than {} MB", MAX_FILE_BYTES / 1024 / 1024)));
        }
        Ok(text)
    };
    let mut o = flags.overrides.clone();
    if !flags.css_files.is_empty() || !flags.css_texts.is_empty() {
        let mut texts: Vec<String> = flags.css_files.iter().map(read).collect::<Result<_, _>>()?;
        texts.extend(flags.css_texts.iter().cloned());
        o.css = Some(texts.join("\n"));
    }
    o.header_template = flags.header_template.as_ref().map(read).transpose()?;
    o.footer_template = flags.footer_template.as_ref().map(read).transpose()?;
    Ok(o)
}

/// Whether standard input has something to read: a pipe, a socket or a regular file
/// (`cvpdf < cv.md`), as ripgrep decides; not a terminal, and not a device such as
/// `/dev/null` (what a service or a test harness gives a program).
pub fn stdin_is_readable() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::FileTypeExt;
        let Ok(fd) = io::stdin().as_fd().try_clone_to_owned() else { return false };
        let Ok(meta) = fs::File::from(fd).metadata() else { return false };
        let kind = meta.file_type();
        kind.is_file() || kind.is_fifo() || kind.is_socket()
    }
    #[cfg(not(unix))]
    {
        use std::io::IsTerminal;
        !io::stdin().is_terminal()
    }
}

/// Reads the whole input and decodes it ([`cvpdf::encoding::decode`]: BOMs, UTF-16,
/// line endings, invalid UTF-8, mojibake); `Err((message, is_io))`. Inputs over
/// [`cvpdf::MAX_INPUT_BYTES`] are refused before they are read in full.
pub fn read_input(input: &Input, fix_encoding: bool) -> Result<(String, Vec<Diagnostic>), (String, bool)> {
    let limit = cvpdf::MAX_INPUT_BYTES as u64;
    let too_big = |name: &str| (format!("{name} is larger than {} MB", limit / 1024 / 1024), false);
    let (bytes, name) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| (format!("failed to read standard input ({})", reason(&e)), true))?;
            (bytes, "standard input".to_owned())
        }
        Input::File(path) => {
            let name = format!("`{}`", path.display());
            let file = std::fs::File::open(path).map_err(|e| (format!("failed to read `{}` ({})", path.display(), reason(&e)), true))?;
            let mut bytes = Vec::new();
            file.take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| (format!("failed to read `{}` ({})", path.display(), reason(&e)), true))?;
            (bytes, name)
        }
    };
    if bytes.len() as u64 > limit {
        return Err(too_big(&name));
    }
    let decoded = cvpdf::encoding::decode(&bytes, fix_encoding);
    Ok((decoded.text, decoded.warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_placed_under_its_nearest_existing_folder() {
        let here = std::env::current_dir().unwrap().canonicalize().unwrap();
        assert_eq!(missing_path(Path::new("no-such-dir/photo.png")), Some(here.join("no-such-dir/photo.png")));
        assert_eq!(missing_path(Path::new("no-such-dir/../photo.png")), None);
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(1_795_392_000), "2026-11-23");
    }
}
