//! The CI scripts that are not Rust, run by their own Python tests in `tests/ci/`
//! against the binary under test: the GitHub Action's script in a fake runner
//! (`test_action.py`), the pre-commit hook in scratch Git repositories
//! (`test_pre_commit.py`), the reproducible-PDF recipe (`test_reproducible.py`)
//! and the workflows under actionlint (`test_workflows.py`).

use std::path::Path;
use std::process::Command;

use crate::common::BIN;

/// Runs `python3 -m unittest MODULE` in `tests/ci/` and fails with its output
/// unless every test passed.
fn unittest(module: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ci");
    let out = Command::new("python3")
        .args(["-m", "unittest", "-v", module])
        .current_dir(&dir)
        .env("CVPDF_BIN", BIN)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("python3 runs (scripts/test.sh needs it)");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "python3 -m unittest {module} failed:\n{text}");
    // Say what was skipped: a skip is visible, never silent.
    for line in text.lines().filter(|l| l.contains("skipped")) {
        eprintln!("{module}: {line}");
    }
}

#[test]
fn github_action_script() {
    unittest("test_action");
}

#[test]
fn pre_commit_hook() {
    unittest("test_pre_commit");
}
