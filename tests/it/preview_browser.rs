//! `cvpdf preview` in a real browser: headless Chromium, driven through
//! chromedriver (Debian's `chromium` and `chromium-driver`, which scripts/test.sh
//! installs). Skipped, loudly, only when chromedriver is missing and `CI` is unset.

use std::time::{Duration, Instant};

use crate::common::preview::Preview;
use crate::common::webdriver::{driver_path, Browser};
use crate::common::TestDir;

/// Two A6 pages.
fn resume(name: &str) -> String {
    let mut cv = format!("---\ntitle: {name}\npdf_options:\n  format: A6\n  margin: 10mm\n---\n# {name}\n\nrobin@example.com · Exampleton\n\n## Experience\n\n");
    for year in 2015..2022 {
        cv += &format!(
            "### Gardener, Example Parks ({year})\n\nPlanted and pruned the rose beds of the north lawn, and taught volunteers.\n\n"
        );
    }
    cv
}

/// The pages shown, each with its SVG loaded, and the version they show.
const PAGES: &str = "const imgs = [...document.querySelectorAll('#pages .page img')];
    return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0)
        ? { count: imgs.length, version: imgs[0].dataset.version, width: imgs[0].parentElement.getBoundingClientRect().width }
        : null;";

#[test]
fn the_page_shows_the_pages_updates_on_save_and_overlays_errors() {
    let Some(driver) = driver_path() else {
        assert!(std::env::var_os("CI").is_none(), "chromium-driver is missing on CI: scripts/test.sh installs it");
        eprintln!("\n*** SKIPPED preview_browser: chromedriver is not installed (apt-get install chromium chromium-driver) ***\n");
        return;
    };
    let dir = TestDir::new("preview-browser");
    dir.write("cv.md", resume("Robin Placeholder"));
    let preview = Preview::start(&dir, &["cv.md"]);
    let browser = Browser::start(driver, 1200, 900);
    browser.goto(&preview.url());

    // The pages, at A6's size (105 mm = 297.64 pt = 396.85 CSS px).
    let shown = |b: &Browser| b.run(PAGES);
    let start = Instant::now();
    while shown(&browser).is_null() {
        assert!(start.elapsed() < Duration::from_secs(15), "the pages never loaded");
        std::thread::sleep(Duration::from_millis(50));
    }
    let pages = shown(&browser);
    assert_eq!(pages["count"], 2, "{pages}");
    let width = pages["width"].as_f64().unwrap();
    assert!((width - 396.85).abs() < 1.0, "A6 at 100%: {width}");

    // + zooms, − zooms back; → moves to the next page.
    browser.press("+");
    let zoomed = browser.run("return document.querySelector('#pages .page').getBoundingClientRect().width").as_f64().unwrap();
    assert!((zoomed / width - 1.1).abs() < 0.01, "{zoomed}");
    browser.press("-");
    browser.press("\u{E014}");
    assert!(
        browser.wait_for(Duration::from_secs(2), "return document.getElementById('pageno').textContent === '2 / 2'"),
        "→ went to page 2"
    );

    // The ATS view (key a) reads the heading.
    browser.press("a");
    let heading = "return [...document.querySelectorAll('#ats-view .heading')].some((h) => h.textContent === 'Robin Placeholder')
        && [...document.querySelectorAll('#ats-view .heading')].some((h) => h.textContent === 'Experience')";
    assert!(browser.wait_for(Duration::from_secs(5), heading), "the ATS view shows the headings, highlighted");
    let contact = "return [...document.querySelectorAll('#ats-view mark.contact')].map((m) => m.textContent)";
    assert!(browser.run(contact).to_string().contains("robin@example.com"), "{}", browser.run(contact));

    // A save changes the page within a second.
    let version = pages["version"].as_str().unwrap().to_owned();
    dir.write("cv.md", resume("Robin Q. Placeholder"));
    let saved = Instant::now();
    let changed = format!(
        "const img = document.querySelector('#pages .page img');
         return img.dataset.version !== '{version}' && img.complete && img.naturalWidth > 0
             && document.getElementById('ats-view').innerText.includes('Robin Q. Placeholder')"
    );
    assert!(browser.wait_for(Duration::from_secs(1), &changed), "the page changed within a second of the save");
    eprintln!("preview_browser: save to changed page in the browser: {} ms", saved.elapsed().as_millis());

    // Broken front matter: the overlay with the line, over the last good pages.
    dir.write("cv.md", "---\ntitle: a: b\n---\n# Robin Q. Placeholder\n");
    let overlay = "const o = document.getElementById('overlay');
        return !o.hidden && o.innerText.includes('cv.md:2:9: error') && document.querySelectorAll('#pages .page').length === 2";
    assert!(browser.wait_for(Duration::from_secs(1), overlay), "the overlay shows the error at line 2");
    let problems = browser.run("return document.getElementById('problem-list').innerText");
    assert!(problems.as_str().unwrap().contains("cv.md:2:9"), "{problems}");

    // Fixed: the overlay goes.
    dir.write("cv.md", resume("Robin Placeholder"));
    let gone = "return document.getElementById('overlay').hidden && document.getElementById('problems').hidden";
    assert!(browser.wait_for(Duration::from_secs(1), gone), "the overlay went");

    // Outlines (key o): the margins and boxes drawn over each page.
    browser.press("o");
    let outlined = "return document.querySelectorAll('#pages .page svg.outline').length === 2
        && document.querySelectorAll('svg.outline rect.margin').length === 2
        && document.querySelectorAll('svg.outline rect.text').length > 10";
    assert!(browser.wait_for(Duration::from_secs(2), outlined), "outlines over both pages");

    if let Some(path) = std::env::var_os("CVPDF_PREVIEW_SCREENSHOT") {
        std::fs::write(path, browser.screenshot()).expect("write the screenshot");
    }
}

/// Writes `docs/preview.png`, README's screenshot: `examples/resume.md` with the ATS
/// view, in a 1280×800 window. Run by hand:
/// `cargo test --test it preview_browser::readme_screenshot -- --ignored`.
#[test]
#[ignore = "writes docs/preview.png"]
fn readme_screenshot() {
    let driver = driver_path().expect("chromedriver (apt-get install chromium chromium-driver)");
    let dir = TestDir::new("preview-screenshot");
    dir.write("resume.md", std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/resume.md")).expect("the example"));
    let preview = Preview::start(&dir, &["resume.md"]);
    let browser = Browser::start(driver, 1280, 800);
    browser.goto(&preview.url());
    assert!(browser.wait_for(Duration::from_secs(15), &format!("return (() => {{ {PAGES} }})() !== null")), "the pages loaded");
    browser.press("a");
    assert!(browser.wait_for(Duration::from_secs(5), "return document.querySelectorAll('#ats-view .line').length > 5"));
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/preview.png"), browser.screenshot()).expect("write docs/preview.png");
}
