//! The system's fonts, for characters no bundled face has (CJK): the binary's
//! [`FontSource`], found with fontdb in the standard font folders and the
//! `--font-dir` folders, and read from the files it picks.

use std::path::PathBuf;
use std::sync::OnceLock;

use cvpdf::font::{self, FontBook, FontFace, FontSource};
use usvg::fontdb;

/// The system's fonts, found with fontdb in the standard font folders and any folders
/// the user adds. Scanned on first use; files are read only for faces that are used.
pub struct SystemFonts {
    dirs: Vec<PathBuf>,
    /// How many of `dirs`, at the start, the user named (`--font-dir`).
    user_dirs: usize,
    db: OnceLock<fontdb::Database>,
}

impl std::fmt::Debug for SystemFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SystemFonts").field("dirs", &self.dirs).finish()
    }
}

impl SystemFonts {
    /// The standard font folders of this system, then `extra` (searched first).
    pub fn new(extra: Vec<PathBuf>) -> Self {
        let user_dirs = extra.len();
        let mut dirs = extra;
        let home = std::env::var_os("HOME").map(PathBuf::from);
        for d in ["/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "/System/Library/Fonts", "C:\\Windows\\Fonts"] {
            dirs.push(PathBuf::from(d));
        }
        if let Some(h) = home {
            dirs.push(h.join(".fonts"));
            dirs.push(h.join(".local/share/fonts"));
            dirs.push(h.join("Library/Fonts"));
        }
        Self { dirs, user_dirs, db: OnceLock::new() }
    }

    /// Only the given folders, not the system's.
    pub fn only(dirs: Vec<PathBuf>) -> Self {
        Self { user_dirs: dirs.len(), dirs, db: OnceLock::new() }
    }

    /// Every face found, sorted by name and file: (PostScript name, bold, italic,
    /// file, whether it is in a folder the user named).
    pub fn list(&self) -> Vec<(String, bool, bool, PathBuf, bool)> {
        let user = &self.dirs[..self.user_dirs];
        let mut faces: Vec<_> = self
            .db()
            .faces()
            .filter_map(|f| match &f.source {
                fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => {
                    let mine = user.iter().any(|d| p.starts_with(d));
                    Some((f.post_script_name.clone(), f.weight.0 >= 600, f.style != fontdb::Style::Normal, p.clone(), mine))
                }
                fontdb::Source::Binary(_) => None,
            })
            .collect();
        faces.sort();
        faces.dedup();
        faces
    }

    fn db(&self) -> &fontdb::Database {
        self.db.get_or_init(|| {
            let mut db = fontdb::Database::new();
            for d in &self.dirs {
                if d.is_dir() {
                    db.load_fonts_dir(d);
                }
            }
            db
        })
    }
}

impl FontSource for SystemFonts {
    /// Faces that have `c`: the best regular face and, if there is one, its bold
    /// sibling. Preference: the region's CJK face, sans over serif, upright, normal
    /// weight; ties broken by family name and file path, so the choice is stable.
    fn faces_for(&self, c: char, region: &str) -> Vec<FontFace> {
        let db = self.db();
        let mut candidates: Vec<&fontdb::FaceInfo> = db.faces().collect();
        let family_of = |f: &fontdb::FaceInfo| f.families.first().map(|(n, _)| n.clone()).unwrap_or_default();
        let path_of = |f: &fontdb::FaceInfo| match &f.source {
            fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.display().to_string(),
            fontdb::Source::Binary(_) => String::new(),
        };
        let score = |f: &fontdb::FaceInfo| {
            let fam = family_of(f);
            let mut s = 0i32;
            if font::is_cjk(c) && fam.contains(&format!("CJK {region}")) {
                s += 100;
            }
            if fam.contains("Sans") {
                s += 20;
            }
            if fam.contains("Serif") || fam.contains("Mono") {
                s -= 20;
            }
            if f.style == fontdb::Style::Normal {
                s += 10;
            }
            s -= (i32::from(f.weight.0) - 400).abs() / 100;
            s
        };
        candidates.sort_by_cached_key(|f| (-score(f), family_of(f), path_of(f), f.index));
        let has = |f: &fontdb::FaceInfo| {
            db.with_face_data(f.id, |data, index| {
                ttf_parser::Face::parse(data, index).ok().and_then(|face| face.glyph_index(c)).is_some_and(|g| g.0 != 0)
            })
            .unwrap_or(false)
        };
        let Some(best) = candidates.iter().find(|f| has(f)) else { return vec![] };
        let mut out = Vec::new();
        if let Some(face) = load(best, false) {
            out.push(face);
        }
        let fam = family_of(best);
        let bold = candidates.iter().find(|f| family_of(f) == fam && f.weight.0 >= 600 && f.style == best.style && has(f));
        if let Some(face) = bold.and_then(|b| load(b, true)) {
            out.push(face);
        }
        out
    }
}

/// Loads a system face; its file is read only when no face of it is alive.
fn load(info: &fontdb::FaceInfo, bold: bool) -> Option<FontFace> {
    let path = match &info.source {
        fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p,
        fontdb::Source::Binary(_) => return None,
    };
    let italic = info.style != fontdb::Style::Normal;
    FontBook::system_face(path, info.index, info.post_script_name.clone(), bold, italic, || std::fs::read(path).ok())
}
