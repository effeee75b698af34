//! What the binary says about itself: the man page, the shell completions and the
//! font list.

use crate::common;

use std::path::Path;

use common::{assert_exit, stdout, TestDir};

/// The text of a roff section: from its `.SH` line to the next.
fn section<'a>(page: &'a str, name: &str) -> &'a str {
    let start = page.find(&format!(".SH {name}\n")).unwrap_or_else(|| panic!("no {name} section:\n{page}"));
    let rest = &page[start + 4 + name.len()..];
    &rest[..rest.find("\n.SH ").map_or(rest.len(), |i| i + 1)]
}

#[test]
fn the_man_page_has_exit_status_environment_and_real_see_also() {
    let dir = TestDir::new("man");
    let out = dir.run(&["man"]);
    assert_exit(&out, 0);
    let page = stdout(&out);
    // clap_mangen named a cvpdf-check(1) page per subcommand; there is one page.
    assert!(!page.contains("cvpdf\\-check(1)") && !page.contains("cvpdf-check(1)"), "{page}");
    assert!(section(&page, "COMMANDS").contains("\\fBcvpdf check\\fR"), "{page}");
    let see_also = section(&page, "SEE ALSO");
    assert!(see_also.contains("\\fBpdftotext\\fR(1)") && !see_also.contains("cvpdf"), "{see_also}");
    let exit = section(&page, "EXIT STATUS");
    for code in 0..=4 {
        assert!(exit.contains(&format!(".TP\n\\fB{code}\\fR\n")), "exit status {code}:\n{exit}");
    }
    assert!(exit.contains("warnings, with \\-\\-deny\\-warnings"), "{exit}");
    let env = section(&page, "ENVIRONMENT");
    for name in ["SOURCE_DATE_EPOCH", "NO_COLOR", "CLICOLOR_FORCE", "GITHUB_ACTIONS", "XDG_CACHE_HOME"] {
        assert!(env.contains(&format!("\\fB{name}\\fR")), "{name}:\n{env}");
    }
    // The page is well-formed roff: groff (UTF-8 input, all warnings) renders it
    // without complaint.
    if Path::new("/usr/bin/groff").exists() {
        let file = dir.write("cvpdf.1", page.as_bytes());
        let shown = std::process::Command::new("groff").args(["-k", "-man", "-Tutf8", "-ww", "-z"]).arg(&file).output().expect("groff");
        assert!(shown.status.success() && shown.stderr.is_empty(), "{}", String::from_utf8_lossy(&shown.stderr));
    }
}

#[test]
fn completions_offer_themes_formats_and_message_formats() {
    let dir = TestDir::new("completion-values");
    let bash = stdout(&dir.run(&["completions", "bash"]));
    let values = |flag: &str| -> String {
        let at = bash.find(&format!("{flag})\n")).unwrap_or_else(|| panic!("no case for {flag}"));
        bash[at..].lines().nth(1).unwrap_or_default().to_owned()
    };
    assert!(values("--theme").contains(&format!("-W \"{}\"", cvpdf::style::THEMES.join(" "))), "{}", values("--theme"));
    assert!(values("--format").contains(&format!("-W \"{}\"", cvpdf::front_matter::FORMATS.join(" "))), "{}", values("--format"));
    assert!(values("--message-format").contains("-W \"human json github\""), "{}", values("--message-format"));
    // Still any case for a format; an unknown theme is a usage error.
    dir.write("cv.md", "# Avery Example\n");
    assert_exit(&dir.run(&["--no-system-fonts", "--format", "letter", "cv.md"]), 0);
    assert_exit(&dir.run(&["--no-system-fonts", "--theme", "githb", "cv.md"]), 2);
}

#[test]
fn fonts_lists_font_dir_and_system_fonts() {
    let dir = TestDir::new("fonts-list");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let font = dir.write("my fonts/Invented.ttf", std::fs::read(manifest.join("fonts/DejaVuSansMono.ttf")).unwrap());
    let folder = dir.path("my fonts");
    let folder = folder.to_str().unwrap();
    let own = format!("DejaVuSansMono\tregular\tfont-dir\t{}", font.display());

    let only = stdout(&dir.run(&["fonts", "--no-system-fonts", "--font-dir", folder]));
    assert!(only.lines().any(|l| l == "Roboto-Regular\tregular\tsans"), "bundled first:\n{only}");
    assert!(only.lines().any(|l| l == own), "{only}");
    assert!(!only.contains("\tsystem\t"), "--no-system-fonts lists no system font:\n{only}");

    let all = stdout(&dir.run(&["fonts", "--font-dir", folder]));
    assert!(all.lines().any(|l| l == own), "{all}");
    let system: Vec<&str> = all.lines().filter(|l| l.contains("\tsystem\t")).collect();
    let system_font_files = ["/usr/share/fonts", "/usr/local/share/fonts"].iter().any(|d| walk_has_font(Path::new(d)));
    assert_eq!(!system.is_empty(), system_font_files, "system fonts listed exactly when the machine has some:\n{all}");
    for line in system {
        let path = line.rsplit('\t').next().unwrap();
        assert!(Path::new(path).is_file(), "{line}");
    }
}

/// Whether a folder tree holds a TrueType, OpenType or collection file.
fn walk_has_font(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    entries.flatten().any(|e| {
        let p = e.path();
        if p.is_dir() {
            walk_has_font(&p)
        } else {
            p.extension().and_then(|x| x.to_str()).is_some_and(|x| ["ttf", "otf", "ttc", "otc"].contains(&x.to_ascii_lowercase().as_str()))
        }
    })
}
