//! `cvpdf man`: the man page. clap_mangen writes the title, synopsis, description
//! and options; the commands, exit status, environment and see-also sections are
//! ours, because clap_mangen names a `cvpdf-check(1)` page per subcommand, and no
//! such pages exist (there is one page).

use std::io;

use clap::CommandFactory;

use super::args::{Args, EXIT_HELP};

/// The environment variables cvpdf (or a crate it uses for the terminal) reads,
/// each with what it does.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "SOURCE_DATE_EPOCH",
        "Seconds since 1970-01-01 UTC: the PDF's creation date and the date templates show, so that the same input gives the same bytes (set it to the commit's time, `git log -1 --format=%ct`).",
    ),
    ("GITHUB_ACTIONS", "When `true`, diagnostics are GitHub Actions workflow commands unless --message-format says otherwise."),
    ("NO_COLOR", "When set and not empty, diagnostics are not coloured."),
    ("CLICOLOR_FORCE", "When set and not empty, diagnostics are coloured even when standard error is not a terminal (NO_COLOR wins)."),
    ("CLICOLOR", "`0` turns colour off."),
    ("HOME", "Where the search for a configuration file stops, and the user's font folders (~/.fonts, ~/.local/share/fonts)."),
    ("XDG_CACHE_HOME", "With --allow-remote, the cache of fetched files is $XDG_CACHE_HOME/cvpdf (else ~/.cache/cvpdf)."),
];

/// The man page, in roff.
pub fn render() -> io::Result<Vec<u8>> {
    let command = Args::command();
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;

    let mut ours = String::from(".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        ours += &format!(".TP\n\\fBcvpdf {}\\fR\n{}\n", escape(sub.get_name()), escape(&about));
    }
    ours += ".PP\n\\fBcvpdf\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR lists a command's options.\n";
    ours += ".SH EXIT STATUS\n";
    for line in EXIT_HELP.lines().skip(1) {
        if let Some((code, meaning)) = line.trim().split_once("  ") {
            ours += &format!(".TP\n\\fB{}\\fR\n{}\n", escape(code), escape(meaning.trim()));
        }
    }
    ours += ".PP\nWith several inputs, the status is the first that applies of 4, 1, 3.\n";
    ours += ".SH ENVIRONMENT\n";
    for (name, what) in ENVIRONMENT {
        ours += &format!(".TP\n\\fB{}\\fR\n{}\n", escape(name), escape(what));
    }
    ours += ".SH SEE ALSO\n\\fBpdftotext\\fR(1), to read a PDF's text as an applicant tracking system does.\n";
    ours += &format!(".SH VERSION\nv{}\n", env!("CARGO_PKG_VERSION"));
    page.extend_from_slice(ours.as_bytes());
    Ok(page)
}

/// Text made safe for roff: backslashes and hyphens escaped, a leading `.` or `'`
/// kept from being read as a request.
fn escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
