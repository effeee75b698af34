//! How diagnostics and reports are shown: the human form with the source line and
//! carets ([`render_diagnostic`]), JSON lines and GitHub workflow commands; every
//! echoed string made safe ([`echo`]); at most so many per file
//! ([`shown_diagnostics`]).

use std::fmt::Write as _;
use std::io::{self, Write as _};

use cvpdf::diag::{line_col, line_text, Diagnostic, Severity};

use super::args::{ColorWhen, MessageFormat};
use super::batch::Outcome;
use super::check;
use super::plan::Batch;

/// Width of a tab in the printed source line.
const TAB_WIDTH: usize = 4;

/// The most columns of a source line shown under a diagnostic; a longer line is cut
/// to a window around the span, with `…` where it was cut.
pub const EXCERPT_COLUMNS: usize = 100;

/// Of [`EXCERPT_COLUMNS`], the most shown before the span.
const EXCERPT_BEFORE: usize = 40;

/// The most characters of a message, hint or file name echoed; longer ones keep
/// their start and end around a `…`.
pub const MAX_ECHOED_CHARS: usize = 400;

/// The most diagnostics printed for one file, and of one kind (the same severity and
/// message once the parts in backquotes and the numbers are set aside); a note says
/// how many more there were.
pub const MAX_SHOWN_PER_FILE: usize = 100;

/// See [`MAX_SHOWN_PER_FILE`].
pub const MAX_SHOWN_ALIKE: usize = 10;

/// How a character that must not reach a terminal or a log raw is shown: C0
/// controls (tab aside), DEL, C1 controls (U+009B is a CSI on some terminals), bidi
/// controls (which reorder what is shown) and line and paragraph separators become
/// `\u{1b}`-style escapes; `None` for every other character.
pub fn escaped_char(c: char) -> Option<String> {
    let bad = matches!(c, '\0'..='\u{8}' | '\u{a}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}');
    bad.then(|| format!("\\u{{{:x}}}", c as u32))
}

/// `text` with [`escaped_char`] applied, and tabs too when `tabs` is set.
pub fn escape_text(text: &str, tabs: bool) -> std::borrow::Cow<'_, str> {
    let needs = |c: char| (tabs && c == '\t') || escaped_char(c).is_some();
    if !text.chars().any(needs) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match escaped_char(c) {
            Some(e) => out.push_str(&e),
            None if tabs && c == '\t' => out.push_str("\\t"),
            None => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A string from the document or the file system made safe to echo: at most
/// [`MAX_ECHOED_CHARS`] characters (start and end kept around `…`), control and bidi
/// characters escaped (tabs too: an echoed string stays on one line).
pub fn echo(text: &str) -> String {
    let count = text.chars().count();
    if count <= MAX_ECHOED_CHARS {
        return escape_text(text, true).into_owned();
    }
    let head: String = text.chars().take(MAX_ECHOED_CHARS * 3 / 4).collect();
    let tail_start = text.char_indices().nth(count - MAX_ECHOED_CHARS / 4).map_or(text.len(), |(i, _)| i);
    format!("{}…{}", escape_text(&head, true), escape_text(&text[tail_start..], true))
}

/// Columns a character of a source line takes once shown.
fn shown_width(c: char) -> usize {
    match c {
        '\t' => TAB_WIDTH,
        c => escaped_char(c).map_or(1, |e| e.len()),
    }
}

fn push_shown(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str(&" ".repeat(TAB_WIDTH)),
        c => match escaped_char(c) {
            Some(e) => out.push_str(&e),
            None => out.push(c),
        },
    }
}

/// The shown form of a source line for a span starting at (1-based) character `col`
/// and `span_chars` long: the text (cut to a window of [`EXCERPT_COLUMNS`] around the
/// span when longer, tabs expanded, controls escaped), the columns before the span's
/// first caret, and the number of carets.
fn excerpt(text: &str, col: usize, span_chars: usize) -> (String, usize, usize) {
    let start_byte = text.char_indices().nth(col.saturating_sub(1)).map_or(text.len(), |(i, _)| i);
    let start = text[..start_byte].chars().count();
    let total: usize = text.chars().map(shown_width).sum();
    let (from, to) = if total <= EXCERPT_COLUMNS {
        (0, usize::MAX)
    } else {
        let mut used = 0;
        let mut from = start;
        for c in text[..start_byte].chars().rev() {
            if used + shown_width(c) > EXCERPT_BEFORE {
                break;
            }
            used += shown_width(c);
            from -= 1;
        }
        let mut to = start;
        for c in text[start_byte..].chars() {
            if used + shown_width(c) > EXCERPT_COLUMNS && to > start {
                break;
            }
            used += shown_width(c);
            to += 1;
        }
        (from, to)
    };
    let mut shown = String::new();
    let mut pad = 0;
    let mut carets = 0;
    if from > 0 {
        shown.push('…');
        pad += 1;
    }
    for (i, c) in text.chars().enumerate().skip(from) {
        if i >= to {
            shown.push('…');
            break;
        }
        push_shown(&mut shown, c);
        if i < start {
            pad += shown_width(c);
        } else if i < start + span_chars {
            carets += shown_width(c);
        }
    }
    (shown, pad, carets.max(1))
}

/// Renders one diagnostic, gcc/rustc short style:
///
/// ```text
/// resume.md:3:12: error: mapping values are not allowed in this context
///  3 | title: a: b
///    |         ^
///    = hint: quote the value
/// ```
///
/// Without a span, the first line is `resume.md: error: message` and no source is shown.
/// A span covering several characters gets one caret per column, cut at the end of
/// its first line. A long line is cut to a window around the span ([`excerpt`]);
/// file name, message and hints go through [`echo`], so nothing from the document
/// reaches the terminal raw.
pub fn render_diagnostic(file: &str, source: &str, diag: &Diagnostic) -> String {
    let mut out = String::new();
    let file = echo(file);
    let message = echo(&diag.message);
    let Some(span) = diag.span.clone() else {
        let _ = writeln!(out, "{file}: {}: {message}", diag.severity);
        for hint in &diag.hints {
            let _ = writeln!(out, "  = hint: {}", echo(hint));
        }
        return out;
    };
    let (line, col) = line_col(source, span.start);
    let _ = writeln!(out, "{file}:{line}:{col}: {}: {message}", diag.severity);

    let text = line_text(source, span.start);
    let gutter = " ".repeat(line.to_string().len());
    let span_chars = source.get(span.start.min(source.len())..span.end.clamp(span.start, source.len())).map_or(0, |s| s.chars().count());
    let (shown, pad, carets) = excerpt(text, col, span_chars);
    let _ = writeln!(out, " {line} | {shown}");
    let _ = writeln!(out, " {gutter} | {}{}", " ".repeat(pad), "^".repeat(carets));
    for hint in &diag.hints {
        let _ = writeln!(out, " {gutter} = hint: {}", echo(hint));
    }
    out
}

/// Adds ANSI colours to a diagnostic rendered by [`render_diagnostic`]. The caller
/// writes through `anstream`, which drops them unless stderr is a terminal and
/// `NO_COLOR` is unset.
pub fn colorize(text: &str, severity: Severity) -> String {
    use anstyle::{AnsiColor, Style};
    let sev = match severity {
        Severity::Error => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Severity::Warning => Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        Severity::Note => Style::new().bold().fg_color(Some(AnsiColor::Cyan.into())),
    };
    let bold = Style::new().bold();
    let blue = Style::new().bold().fg_color(Some(AnsiColor::Blue.into()));
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            let label = format!(": {severity}: ");
            match line.find(&label) {
                Some(at) => {
                    let (loc, rest) = line.split_at(at);
                    let msg = &rest[label.len()..];
                    let _ = write!(out, "{bold}{loc}{bold:#}: {sev}{severity}{sev:#}: {bold}{msg}{bold:#}");
                }
                None => out.push_str(line),
            }
        } else if let Some(bar) = line.find(" | ").or_else(|| line.find(" = ")) {
            let (gutter, rest) = line.split_at(bar + 3);
            if rest.trim_start().starts_with('^') && rest.trim().chars().all(|c| c == '^') {
                let pad = rest.len() - rest.trim_start().len();
                let _ = write!(out, "{blue}{gutter}{blue:#}{}{sev}{}{sev:#}", &rest[..pad], &rest[pad..]);
            } else {
                let _ = write!(out, "{blue}{gutter}{blue:#}{rest}");
            }
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// One diagnostic as a JSON object on one line (`line` and `column` are 1-based,
/// `null` without a position).
pub fn json_diagnostic(file: &str, source: &str, diag: &Diagnostic) -> String {
    format!("{}\n", diagnostic_value(file, source, diag))
}

/// One diagnostic as a JSON value (what [`json_diagnostic`] prints; the preview
/// page shows it too).
pub fn diagnostic_value(file: &str, source: &str, diag: &Diagnostic) -> serde_json::Value {
    let (line, column) = match &diag.span {
        Some(span) => {
            let (l, c) = line_col(source, span.start);
            (serde_json::Value::from(l), serde_json::Value::from(c))
        }
        None => (serde_json::Value::Null, serde_json::Value::Null),
    };
    serde_json::json!({
        "type": "diagnostic",
        "severity": diag.severity.to_string(),
        "file": echo(file),
        "line": line,
        "column": column,
        "message": echo(&diag.message),
        "hints": diag.hints.iter().map(|h| echo(h)).collect::<Vec<_>>(),
    })
}

/// One diagnostic as a GitHub Actions workflow command; hints go on extra lines of
/// the message.
pub fn github_diagnostic(file: &str, source: &str, diag: &Diagnostic) -> String {
    let mut props = format!("file={}", gh_property(&echo(file)));
    if let Some(span) = &diag.span {
        let (l, c) = line_col(source, span.start);
        let _ = write!(props, ",line={l},col={c}");
    }
    let mut message = echo(&diag.message);
    for hint in &diag.hints {
        let _ = write!(message, "\nhint: {}", echo(hint));
    }
    // GitHub calls a note a notice.
    let command = match diag.severity {
        Severity::Note => "notice".to_string(),
        s => s.to_string(),
    };
    format!("::{command} {props}::{}\n", gh_data(&message))
}

fn gh_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Formats a diagnostic in the chosen format (human form without colour; see
/// [`colorize`]).
pub fn format_diagnostic(format: MessageFormat, file: &str, source: &str, diag: &Diagnostic) -> String {
    match format {
        MessageFormat::Human => render_diagnostic(file, source, diag),
        MessageFormat::Json => json_diagnostic(file, source, diag),
        MessageFormat::Github => github_diagnostic(file, source, diag),
    }
}

/// What is printed of one file's diagnostics (given in order): each is shown unless
/// [`MAX_SHOWN_ALIKE`] of its kind or [`MAX_SHOWN_PER_FILE`] in all were shown
/// already; a note follows the last one shown of a kind that has more, and a note
/// at the end counts the rest. Counting (exit status, summary) is not affected.
pub fn shown_diagnostics(diags: &[Diagnostic]) -> Vec<std::borrow::Cow<'_, Diagnostic>> {
    use std::borrow::Cow;
    use std::collections::HashMap;
    let kind = |d: &Diagnostic| {
        let outside_quotes = d.message.split('`').step_by(2).collect::<Vec<_>>().join("`…`");
        let key: String = outside_quotes.chars().filter(|c| !c.is_ascii_digit()).collect();
        (d.severity, key)
    };
    let mut totals: HashMap<(Severity, String), usize> = HashMap::new();
    for d in diags {
        *totals.entry(kind(d)).or_default() += 1;
    }
    let mut seen: HashMap<(Severity, String), usize> = HashMap::new();
    let mut announced = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut shown = 0;
    let mut left = [0usize; 3];
    for d in diags {
        let k = kind(d);
        let n = seen.entry(k.clone()).or_default();
        *n += 1;
        if *n > MAX_SHOWN_ALIKE && announced.contains(&k) {
            continue;
        }
        if *n > MAX_SHOWN_ALIKE || shown >= MAX_SHOWN_PER_FILE {
            left[d.severity as usize] += 1;
            continue;
        }
        shown += 1;
        out.push(Cow::Borrowed(d));
        let total = totals.get(&k).copied().unwrap_or(0);
        if *n == MAX_SHOWN_ALIKE && total > MAX_SHOWN_ALIKE {
            let more = total - MAX_SHOWN_ALIKE;
            let what = d.severity;
            out.push(Cow::Owned(Diagnostic::note(format!(
                "… and {} more {what}{} like this one, not shown",
                thousands(more),
                plural(more)
            ))));
            announced.insert(k);
        }
    }
    let parts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Note]
        .into_iter()
        .filter(|s| left[*s as usize] > 0)
        .map(|s| format!("{} more {s}{}", thousands(left[s as usize]), plural(left[s as usize])))
        .collect();
    if !parts.is_empty() {
        out.push(Cow::Owned(Diagnostic::note(format!(
            "… and {}, not shown (at most {MAX_SHOWN_PER_FILE} diagnostics are printed per file)",
            parts.join(" and ")
        ))));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `4990` as `4,990`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Sets when diagnostics are coloured, for the whole process: `auto` leaves it to
/// `anstream` (a terminal, `NO_COLOR`, `CLICOLOR_FORCE`), the others override it.
pub fn use_color(when: ColorWhen) {
    let choice = match when {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
}

/// Prints an outcome's diagnostics (stderr) and report (stdout): with `-v`, first
/// which configuration file was used; with `-q`, only the errors (all of them when
/// `--deny-warnings` makes the warnings fail).
pub fn print_outcome(batch: &Batch, outcome: &Outcome) {
    let (format, verbose) = (batch.format, batch.verbose);
    let warned = outcome.diags.iter().any(|d| d.severity == Severity::Warning);
    let all = !batch.quiet || (batch.deny_warnings && warned);
    let mut stderr = anstream::stderr().lock();
    if verbose {
        let config = outcome.config.as_ref().map(|p| p.display().to_string());
        let text = match format {
            MessageFormat::Json => {
                format!("{}\n", serde_json::json!({"type": "config", "file": echo(&outcome.name), "config": config.as_deref().map(echo)}))
            }
            _ => match &config {
                Some(path) => format!("cvpdf: {}: configuration from `{}`\n", echo(&outcome.name), echo(path)),
                None => format!("cvpdf: {}: no configuration file\n", echo(&outcome.name)),
            },
        };
        let _ = stderr.write_all(text.as_bytes());
    }
    let shown = |ds: &[Diagnostic]| -> Vec<Diagnostic> { ds.iter().filter(|d| all || d.severity == Severity::Error).cloned().collect() };
    let diags = shown(&outcome.diags);
    if let Some(config) = &outcome.config_file {
        print_diagnostics(&mut stderr, format, &config.name, &config.text, &shown(&config.diags));
    }
    print_diagnostics(&mut stderr, format, &outcome.name, &outcome.source, &diags);
    drop(stderr);
    if let Some((msg, _)) = &outcome.failure {
        print_failure(format, &outcome.name, msg);
    }
    if let Some(report) = &outcome.report {
        let text = match format {
            MessageFormat::Json => check::json(&outcome.name, report),
            _ => check::human(&outcome.name, report),
        };
        let _ = io::stdout().lock().write_all(text.as_bytes());
    }
}

/// Prints one file's diagnostics ([`shown_diagnostics`] of them), coloured in the
/// human form.
fn print_diagnostics(stderr: &mut impl io::Write, format: MessageFormat, file: &str, source: &str, diags: &[Diagnostic]) {
    for diag in shown_diagnostics(diags) {
        let diag = diag.as_ref();
        let text = format_diagnostic(format, file, source, diag);
        let text = if format == MessageFormat::Human { colorize(&text, diag.severity) } else { text };
        let _ = stderr.write_all(text.as_bytes());
    }
}

/// Prints an error without a position (I/O, configuration).
pub fn print_failure(format: MessageFormat, file: &str, msg: &str) {
    let diag = Diagnostic::error(None, msg);
    let text = match format {
        MessageFormat::Human => {
            let style = anstyle::Style::new().bold().fg_color(Some(anstyle::AnsiColor::Red.into()));
            format!("cvpdf: {style}error{style:#}: {}\n", echo(msg))
        }
        other => format_diagnostic(other, file, "", &diag),
    };
    let _ = anstream::stderr().lock().write_all(text.as_bytes());
}

/// The operating system's wording of an I/O error, without the `(os error N)` suffix.
pub fn reason(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_commands_escape() {
        let d = Diagnostic::warning(0..1, "a,b: 50%").with_hint("h");
        assert_eq!(github_diagnostic("d:c,v.md", "x", &d), "::warning file=d%3Ac%2Cv.md,line=1,col=1::a,b: 50%25%0Ahint: h\n");
        // A line break from the document stays inside the message, escaped.
        let d = Diagnostic::warning(0..1, "a\r::notice::all good\nb");
        assert_eq!(github_diagnostic("cv.md", "x", &d), "::warning file=cv.md,line=1,col=1::a\\u{d}::notice::all good\\u{a}b\n");
    }

    #[test]
    fn renders_caret_under_span() {
        let src = "---\ntitle: a: b\n---\n";
        let d = Diagnostic::error(12..13, "mapping values are not allowed").with_hint("quote the value");
        assert_eq!(
            render_diagnostic("bad.md", src, &d),
            "bad.md:2:9: error: mapping values are not allowed\n 2 | title: a: b\n   |         ^\n   = hint: quote the value\n"
        );
    }

    #[test]
    fn multi_char_span_stops_at_line_end() {
        let src = "ab\tcdef\nxyz\n";
        let d = Diagnostic::warning(3..11, "w");
        assert_eq!(render_diagnostic("<stdin>", src, &d), "<stdin>:1:4: warning: w\n 1 | ab    cdef\n   |       ^^^^\n");
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_span() {
        let src = format!("{}TARGET{}\n", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::warning(5000..5006, "w");
        let text = render_diagnostic("cv.md", &src, &d);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], format!(" 1 | …{}TARGET{}…", "a".repeat(40), "b".repeat(54)));
        assert_eq!(lines[2], format!("   | {}^^^^^^", " ".repeat(41)));
        // At the start and at the end of a long line, only one side is cut.
        let d = Diagnostic::warning(0..1, "w");
        assert_eq!(render_diagnostic("cv.md", &src, &d).lines().nth(1), Some(format!(" 1 | {}…", "a".repeat(100)).as_str()));
        let d = Diagnostic::warning(10_006..10_006, "w");
        assert_eq!(render_diagnostic("cv.md", &src, &d).lines().nth(1), Some(format!(" 1 | …{}", "b".repeat(40)).as_str()));
        // A long message or file name keeps its start and end.
        let d = Diagnostic::warning(None, format!("no `{}` here", "x".repeat(10_000)));
        let text = render_diagnostic(&"f".repeat(1000), "", &d);
        assert!(text.len() < 1000 && text.ends_with("` here\n") && text.contains('…'), "{text}");
    }

    #[test]
    fn controls_are_escaped_and_carets_follow_them() {
        let src = "a\u{1b}[2Jb\u{202e}c\rd\n";
        let d = Diagnostic::warning(9..10, "bad \u{9b}31m\r\nall good").with_hint("\u{1b}]8;;x\u{7}");
        assert_eq!(
            render_diagnostic("f\u{1b}.md", src, &d),
            "f\\u{1b}.md:1:8: warning: bad \\u{9b}31m\\u{d}\\u{a}all good\n 1 | a\\u{1b}[2Jb\\u{202e}c\\u{d}d\n   |                    ^\n   = hint: \\u{1b}]8;;x\\u{7}\n"
        );
    }

    #[test]
    fn at_most_ten_alike_and_a_hundred_per_file_are_shown() {
        let alike: Vec<Diagnostic> = (0..5000).map(|i| Diagnostic::warning(i..i + 1, format!("link target `#a{i}` is missing"))).collect();
        let shown = shown_diagnostics(&alike);
        assert_eq!(shown.len(), 11);
        assert_eq!(shown[10].message, "… and 4,990 more warnings like this one, not shown");
        let mut different: Vec<Diagnostic> =
            (0..150).map(|i| Diagnostic::warning(i..i + 1, format!("problem {}", "x".repeat(i)))).collect();
        different.push(Diagnostic::error(None, "and an error"));
        let shown = shown_diagnostics(&different);
        assert_eq!(shown.len(), 101);
        assert_eq!(shown[100].message, "… and 1 more error and 50 more warnings, not shown (at most 100 diagnostics are printed per file)");
    }

    #[test]
    fn spanless_diagnostic() {
        let d = Diagnostic::error(None, "no fonts").with_hint("reinstall");
        assert_eq!(render_diagnostic("a.md", "", &d), "a.md: error: no fonts\n  = hint: reinstall\n");
    }

    #[test]
    fn empty_span_at_end_of_file() {
        let src = "# x";
        let d = Diagnostic::error(3..3, "e");
        assert_eq!(render_diagnostic("a.md", src, &d), "a.md:1:4: error: e\n 1 | # x\n   |    ^\n");
    }
}
