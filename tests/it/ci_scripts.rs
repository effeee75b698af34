//! The CI scripts that are not Rust, run by their own Python tests in `tests/ci/`
//! against the binary under test: the GitHub Action's script in a fake runner
//! (`test_action.py`), the pre-commit hook in scratch Git repositories
//! (`test_pre_commit.py`), the reproducible-PDF recipe (`test_reproducible.py`)
//! and the workflows under actionlint (`test_workflows.py`); and here, `action.yml`
//! read as YAML and the example workflows' use of it.

use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{assert_exit, TestDir, BIN};

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
    // Say what was skipped, past the test harness's capture (which takes
    // `eprintln!` of passing tests): a skip is visible, never silent.
    for line in text.lines().filter(|l| l.contains("skipped")) {
        let _ = writeln!(std::io::stderr(), "{module}: {line}");
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

#[test]
fn reproducible_pdfs_recipe() {
    unittest("test_reproducible");
}

#[test]
fn workflows_pass_actionlint() {
    unittest("test_workflows");
}

// ---------------------------------------------------------------------------------------
// action.yml and the workflows that use it
// ---------------------------------------------------------------------------------------

fn yaml(relative: &str) -> (String, Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let value = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{relative} is not valid YAML: {e}"));
    (text, value)
}

/// The `X` of every `${{ … PREFIX.X … }}` in `text` (X up to the next character
/// that cannot be in a name).
fn references<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    for expression in text.split("${{").skip(1).filter_map(|rest| rest.split_once("}}").map(|(e, _)| e)) {
        for (at, _) in expression.match_indices(prefix) {
            let rest = &expression[at + prefix.len()..];
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
            found.push(&rest[..end]);
        }
    }
    found
}

#[test]
fn action_yml_is_consistent() {
    let (text, action) = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let inputs = action["inputs"].as_object().expect("inputs");
    let names: Vec<&str> = inputs.keys().map(String::as_str).collect();
    for name in ["files", "output-dir", "args", "version", "check-only", "repository"] {
        assert!(names.contains(&name), "input `{name}`");
        assert!(inputs[name]["description"].as_str().is_some_and(|d| !d.is_empty()), "input `{name}` is described");
        assert!(references(&text, "inputs.").contains(&name), "input `{name}` is used");
    }
    for used in references(&text, "inputs.") {
        assert!(names.contains(&used), "`inputs.{used}` is declared");
    }
    let files = inputs["files"]["default"].as_str().unwrap();
    assert_eq!(files.lines().collect::<Vec<_>>(), ["**/resume*.md", "**/cv*.md"]);

    let steps = action["runs"]["steps"].as_array().expect("steps");
    let ids: Vec<&str> = steps.iter().filter_map(|s| s["id"].as_str()).collect();
    for used in references(&text, "steps.") {
        assert!(ids.contains(&used), "`steps.{used}` names a step");
    }
    let mut commands = Vec::new();
    for step in steps {
        if let Some(run) = step["run"].as_str() {
            assert_eq!(step["shell"], "bash", "a composite `run` step names its shell: {step}");
            let script = run.split('"').find(|p| p.starts_with("$GITHUB_ACTION_PATH/")).expect("runs a script of the action");
            let script = script.trim_start_matches("$GITHUB_ACTION_PATH/");
            assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join(script).is_file(), "{script} exists");
            commands.push(run.rsplit(' ').next().unwrap().to_string());
        } else {
            let uses = step["uses"].as_str().expect("a step runs or uses");
            assert!(uses.starts_with("actions/cache@v"), "{uses}");
        }
    }
    assert_eq!(commands, ["plan", "install", "run"]);
    assert_eq!(action["outputs"]["pdfs"]["value"], "${{ steps.run.outputs.pdfs }}");
}

#[test]
fn example_workflows_use_this_version_of_the_action_and_its_inputs_work() {
    let (_, action) = yaml("action.yml");
    let inputs = action["inputs"].as_object().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action/cvpdf_action.py");
    let mut seen = 0;
    for name in ["examples/ci/github-workflow.yml", "examples/ci/github-publish.yml"] {
        let (text, workflow) = yaml(name);
        assert!(!text.contains("your-org") && !text.contains("example.com"), "{name} names no placeholder");
        for step in workflow["jobs"].as_object().unwrap().values().flat_map(|job| job["steps"].as_array().into_iter().flatten()) {
            let Some(uses) = step["uses"].as_str().filter(|u| u.starts_with("cvpdf/cvpdf@")) else { continue };
            seen += 1;
            assert_eq!(uses, format!("cvpdf/cvpdf@v{}", env!("CARGO_PKG_VERSION")), "{name} uses this version");
            let with = step["with"].as_object().expect("with:");
            let dir = TestDir::new("workflow-action");
            dir.write("resume/alex.md", "# Alex Example\n\nA fictional platform engineer.\n");
            dir.write("resume/sam invented.md", "---\ntitle: Sam Invented\n---\n# Sam Invented\n\nA second fictional résumé.\n");
            dir.write("github-output", "");
            let mut cmd = Command::new("python3");
            cmd.arg(&script).arg("run").current_dir(dir.root());
            cmd.env("CVPDF", BIN).env("GITHUB_OUTPUT", dir.path("github-output")).env("GITHUB_STEP_SUMMARY", dir.path("summary"));
            for (key, value) in inputs {
                let given = with.get(key).or(value.get("default")).and_then(Value::as_str).unwrap_or("");
                cmd.env(format!("INPUT_{}", key.to_uppercase().replace('-', "_")), given);
            }
            for key in with.keys() {
                assert!(inputs.contains_key(key), "{name}: `{key}` is an input of the action");
            }
            let out = cmd.output().expect("python3");
            assert_exit(&out, 0);
            let folder = with["output-dir"].as_str().unwrap();
            let output = fs::read_to_string(dir.path("github-output")).unwrap();
            for pdf in ["alex.pdf", "sam invented.pdf"] {
                let path = format!("{folder}/resume/{pdf}");
                assert!(fs::read(dir.path(&path)).is_ok_and(|b| b.starts_with(b"%PDF-")), "{name}: {path}");
                assert!(output.lines().any(|l| l == path), "{name}: output pdfs names {path}: {output}");
            }
        }
    }
    assert_eq!(seen, 2, "each GitHub recipe runs the action");
}
