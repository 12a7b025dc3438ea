//! The harness of the browser tests: Debian's chromedriver started on a
//! free port, one headless Chromium session driven through WebDriver
//! (fantoccini), the sportello served in process on a scratch copy of the
//! ente, axe-core run inside the page, full-page screenshots at two widths.
//!
//! Nothing here can hang a CI run: chromedriver and the browser it starts
//! run in their own process group, killed when [`Driver`] is dropped
//! (panics included); every WebDriver command has a timeout and the
//! scenarios run under one overall deadline.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use fantoccini::wd::TimeoutConfiguration;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value as Json, json};

use consuntivo::ente::EnteFolder;
use consuntivo::web::{self, App, Config};

/// Where Debian installs the browser and its driver.
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The accessibility rules checked on every page: WCAG 2.1, levels A and AA.
pub const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// The widths of the screenshots: a desktop and a phone.
pub const WIDTHS: [u32; 2] = [1280, 390];

const WINDOW_HEIGHT: u32 = 900;

/// What the browser tests need from outside Cargo, found or explained.
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
    /// The source of `axe.min.js`, from `tests/e2e/node_modules`.
    pub axe: String,
}

/// The tools, or a panic that says how to install them: a missing browser
/// fails the test, it never passes silently.
pub fn tools() -> Tools {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).is_file())
        .collect();
    assert!(missing.is_empty(), "{}", missing_browser_message(&missing));
    let axe_path = axe_path();
    let axe = std::fs::read_to_string(&axe_path).unwrap_or_else(|e| {
        panic!(
            "the browser tests need axe-core ({}: {e}). Install it with \
             `npm ci --prefix tests/e2e` (as .ci/run does).",
            axe_path.display()
        )
    });
    Tools {
        chromium: CHROMIUM.into(),
        chromedriver: CHROMEDRIVER.into(),
        axe,
    }
}

/// The message of a missing browser or driver.
pub fn missing_browser_message(missing: &[&str]) -> String {
    format!(
        "the browser tests need Chromium and its WebDriver, and {} is missing. \
         Install Debian's packages `chromium chromium-driver` \
         (`apt-get install -y chromium chromium-driver`, as .ci/run does).",
        missing.join(" and ")
    )
}

pub fn axe_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/node_modules/axe-core/axe.min.js")
}

/// A chromedriver process; dropping it kills it and the browser it started.
pub struct Driver {
    child: Child,
    pub port: u16,
    /// The browser's fresh profile.
    pub profile: tempfile::TempDir,
    /// Where the browser saves downloads.
    pub downloads: tempfile::TempDir,
}

impl Driver {
    pub fn start(tools: &Tools) -> Driver {
        // A free port: the system picks it, chromedriver takes it over.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free local port")
            .port();
        let mut child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            // The browser's own words (the file field, the date field's
            // pattern) in Italian, as the users' browsers show them: with
            // Debian's chromium-l10n, `--lang` alone is not enough headless.
            .env("LANGUAGE", "it")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // Never the test's own stderr: a browser left behind holding
            // it would keep a CI pipe open.
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "{} ({e})",
                    missing_browser_message(&[&tools.chromedriver.display().to_string()])
                )
            });
        // Ready when it says so; its output is drained after that.
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("started successfully")
                    && let Some(tx) = tx.take()
                {
                    let _ = tx.send(());
                }
            }
        });
        let driver = Driver {
            child,
            port,
            profile: tempfile::tempdir().expect("a profile folder"),
            downloads: tempfile::tempdir().expect("a downloads folder"),
        };
        rx.recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("chromedriver did not start on port {port} within 30 s"));
        driver
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole group: chromedriver and every browser process.
        let pgid = self.child.id() as libc::pid_t;
        // SAFETY: kill(2) on our own child's process group.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        kill_left_over(self.profile.path());
    }
}

/// Kills any process still running with `profile` (a fresh temporary
/// folder) in its arguments: a browser process that left the group, such
/// as the crash handler, which starts its own session. By its id.
fn kill_left_over(profile: &Path) {
    let needle = profile.display().to_string();
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return;
    };
    for p in procs.flatten() {
        let Some(pid) = p.file_name().to_str().and_then(|s| s.parse::<i32>().ok()) else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(p.path().join("cmdline")) else {
            continue;
        };
        if String::from_utf8_lossy(&cmdline).contains(&needle) {
            // SAFETY: kill(2) on a browser process this test started.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
    }
}

/// The sportello on a scratch copy of the ente, served on 127.0.0.1:0.
pub struct Site {
    pub dir: tempfile::TempDir,
    pub app: Arc<App>,
    pub url: String,
    /// Role label → link, as printed at start.
    pub links: BTreeMap<String, String>,
    server: tokio::task::JoinHandle<()>,
}

impl Site {
    pub async fn start(dir: tempfile::TempDir) -> Site {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port for the sportello");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let config = Config {
            ente: EnteFolder::new(dir.path().join("inputs"), dir.path().join("outputs")),
            state: dir.path().join("sportello"),
            public_url: url.clone(),
        };
        let start = web::prepare(config, false).expect("the sportello starts");
        let links = start
            .issued
            .iter()
            .map(|i| (i.role.clone(), i.url.clone()))
            .collect();
        let router = web::router(start.app.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Site {
            dir,
            app: start.app,
            url,
            links,
            server,
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The access link of a role, by its label.
    pub fn link(&self, label: &str) -> &str {
        self.links
            .get(label)
            .unwrap_or_else(|| panic!("no link for {label}: {:?}", self.links.keys()))
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// One axe violation, as reported.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    pub nodes: Vec<String>,
}

/// What was checked on one page at one width.
#[derive(Debug, Clone)]
pub struct PageCheck {
    pub page: String,
    pub width: u32,
    pub violations: Vec<Violation>,
    pub passes: usize,
}

/// The browser session with what the scenarios ask of it.
pub struct Browser {
    pub client: Client,
    pub base: String,
    axe: String,
    /// Where the screenshots go (under target/tmp).
    pub shots: PathBuf,
    /// Where the browser saves what it downloads.
    pub downloads: PathBuf,
    pub checks: Vec<PageCheck>,
}

/// The Chromium flags: headless, no network of its own, a fresh profile.
pub fn chromium_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--lang=it-IT",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([
        format!("--user-data-dir={}", profile.display()),
        format!("--window-size={},{WINDOW_HEIGHT}", WIDTHS[0]),
    ])
    .collect()
}

impl Browser {
    pub async fn start(tools: &Tools, driver: &Driver, base: &str) -> Browser {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": tools.chromium,
                "args": chromium_args(driver.profile.path()),
                "prefs": {
                    "download.default_directory": driver.downloads.path(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                    "plugins.always_open_pdf_externally": true,
                },
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut builder = ClientBuilder::new(connector);
        builder.capabilities(caps);
        let client = builder
            .connect(&driver.url())
            .await
            .unwrap_or_else(|e| panic!("Chromium did not start through chromedriver: {e}"));
        client
            .update_timeouts(TimeoutConfiguration::new(
                Some(Duration::from_secs(30)),
                Some(Duration::from_secs(30)),
                Some(Duration::ZERO),
            ))
            .await
            .expect("timeouts set");
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sportello-schermate");
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).expect("the screenshots' folder");
        Browser {
            client,
            base: base.to_string(),
            axe: tools.axe.clone(),
            shots,
            downloads: driver.downloads.path().to_path_buf(),
            checks: Vec::new(),
        }
    }

    /// Opens a path of the sportello (or a full address) and waits for it.
    pub async fn open(&self, path: &str) {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
    }

    /// The first element matching `css`, waited for.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        let at = self.path().await;
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{at}: no element «{css}»: {e}"))
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.find(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("text of «{css}»: {e}"))
    }

    /// The text of every element matching `css` (none: empty), trimmed.
    pub async fn find_all_text(&self, css: &str) -> Vec<String> {
        let v = self
            .exec(
                "return Array.from(document.querySelectorAll(arguments[0])).map(function (e) { return e.textContent.trim(); });",
                vec![json!(css)],
            )
            .await;
        serde_json::from_value(v).expect("a list of texts")
    }

    /// The text of the whole page.
    pub async fn page_text(&self) -> String {
        self.text("body").await
    }

    pub async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.path().to_string())
            .unwrap_or_default()
    }

    pub async fn exec(&self, script: &str, args: Vec<Json>) -> Json {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Clicks what `css` finds and waits until the next page has loaded
    /// (a mark set on the current page is gone, the new one is complete).
    pub async fn click_and_wait(&self, css: &str) {
        self.exec("window.__e2eVecchia = true;", vec![]).await;
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click on «{css}»: {e}"));
        self.wait_for_new_page().await;
    }

    pub async fn wait_for_new_page(&self) {
        let at = self.path().await;
        self.client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::XPath("/html"))
            .await
            .expect("a page");
        let script =
            "return window.__e2eVecchia === undefined && document.readyState === 'complete';";
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            // A navigation in progress may answer with an error: not yet.
            let done = self
                .client
                .execute(script, vec![])
                .await
                .map(|v| v == Json::Bool(true))
                .unwrap_or(false);
            if done {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{at}: no new page within 30 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until `script` (a function body) returns true; a script
    /// failing while the page is being replaced counts as not yet.
    pub async fn wait_until(&self, what: &str, script: &str, secs: u64) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let done = self.client.execute(script, vec![]).await;
            if matches!(done, Ok(Json::Bool(true))) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{}: {what} did not happen within {secs} s",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks the link whose text is `text` (a download: no page follows).
    pub async fn click_link(&self, text: &str) {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::LinkText(text))
            .await
            .unwrap_or_else(|e| panic!("no link «{text}»: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click on «{text}»: {e}"));
    }

    /// The file `name` once the browser has finished downloading it.
    pub async fn downloaded(&self, name: &str) -> PathBuf {
        let file = self.downloads.join(name);
        let partial = self.downloads.join(format!("{name}.crdownload"));
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        while !file.is_file() || partial.exists() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{name} not downloaded within 60 s (in {}: {:?})",
                self.downloads.display(),
                std::fs::read_dir(&self.downloads)
                    .map(|d| d.flatten().map(|e| e.file_name()).collect::<Vec<_>>())
                    .unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        file
    }

    /// Checks the page as it is: axe at WCAG 2.1 A/AA and a full-page
    /// screenshot, at each width; then back to the desktop width.
    pub async fn look(&mut self, name: &str) {
        for width in WIDTHS {
            self.set_width(width).await;
            // Nothing wider than the window: a table cut at the right edge
            // hides its last columns (review 33 C2, the office's status at
            // 1280 px).
            let widths = self
                .exec(
                    "return [document.documentElement.scrollWidth, window.innerWidth];",
                    vec![],
                )
                .await;
            let (page, window) = (
                widths[0].as_f64().unwrap_or(0.0),
                widths[1].as_f64().unwrap_or(0.0),
            );
            assert!(
                page <= window + 1.0,
                "«{name}» at {width} px: the page is {page} px wide, wider than the window ({window} px)"
            );
            let check = self.axe(name, width).await;
            self.checks.push(check);
            self.screenshot(name, width).await;
        }
        self.set_width(WIDTHS[0]).await;
    }

    pub async fn set_width(&self, width: u32) {
        self.client
            .set_window_size(width, WINDOW_HEIGHT)
            .await
            .expect("window resized");
    }

    /// Proves the check can fail: a picture without text and a field
    /// without label added to the page are reported (then the page is
    /// loaded again).
    pub async fn axe_catches_known_faults(&self) {
        self.exec(
            "var main = document.querySelector('main') || document.body;\
             var img = document.createElement('img'); img.src = '/risorse/sportello.css'; main.appendChild(img);\
             var input = document.createElement('input'); input.type = 'text'; main.appendChild(input);",
            vec![],
        )
        .await;
        let check = self.axe("prova", WIDTHS[0]).await;
        let ids: Vec<&str> = check.violations.iter().map(|v| v.id.as_str()).collect();
        assert!(
            ids.contains(&"image-alt") && ids.contains(&"label"),
            "axe-core did not report the faults put in the page: {ids:?}"
        );
        self.client.refresh().await.expect("page reloaded");
    }

    /// Runs axe-core in the page (injected each time: a navigation drops it).
    async fn axe(&self, name: &str, width: u32) -> PageCheck {
        let script = format!(
            "{axe}\n;var done = arguments[arguments.length - 1];\n\
             axe.run(document, {{ runOnly: {{ type: 'tag', values: {tags} }}, resultTypes: ['violations'] }})\
             .then(function (r) {{ done({{ passes: r.passes.length, violations: r.violations.map(function (v) {{\
               return {{ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) {{\
                 return n.target.join(' ') + ' :: ' + n.html.slice(0, 160) + ' :: ' + (n.failureSummary || '');\
               }}) }}; }}) }}); }})\
             .catch(function (e) {{ done({{ error: String(e) }}); }});",
            axe = self.axe,
            tags = json!(AXE_TAGS),
        );
        let out = self
            .client
            .execute_async(&script, vec![])
            .await
            .unwrap_or_else(|e| panic!("axe on {name}: {e}"));
        if let Some(e) = out.get("error") {
            panic!("axe on {name} failed: {e}");
        }
        let violations: Vec<Violation> =
            serde_json::from_value(out["violations"].clone()).expect("axe's violations");
        PageCheck {
            page: name.to_string(),
            width,
            violations,
            passes: out["passes"].as_u64().unwrap_or(0) as usize,
        }
    }

    /// A screenshot of the whole page: the window stretched so that its
    /// viewport holds the page's height.
    async fn screenshot(&self, name: &str, width: u32) {
        let height = self
            .exec(
                "return Math.ceil(Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)) \
                 + Math.max(0, window.outerHeight - window.innerHeight);",
                vec![],
            )
            .await
            .as_u64()
            .unwrap_or(WINDOW_HEIGHT as u64) as u32;
        self.client
            .set_window_size(width, height.clamp(WINDOW_HEIGHT, 8000))
            .await
            .expect("window resized");
        let png = self.client.screenshot().await.expect("a screenshot");
        let file = self.shots.join(format!("{name}-{width}.png"));
        std::fs::write(&file, png).expect("screenshot written");
    }

    /// Every page checked, with its violations; a summary for the log.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for c in &self.checks {
            out.push_str(&format!(
                "{:<40} {:>4} px  {} violations, {} rules passed\n",
                c.page,
                c.width,
                c.violations.len(),
                c.passes
            ));
            for v in &c.violations {
                out.push_str(&format!(
                    "    {} ({}): {}\n",
                    v.id,
                    v.impact.as_deref().unwrap_or("-"),
                    v.help
                ));
                for n in &v.nodes {
                    out.push_str(&format!("        {n}\n"));
                }
            }
        }
        out
    }

    /// Fails if any page had a violation, listing them all.
    pub fn assert_accessible(&self) {
        let report = self.report();
        let _ = std::fs::write(self.shots.join("axe.txt"), &report);
        println!("{report}");
        let bad: Vec<String> = self
            .checks
            .iter()
            .filter(|c| !c.violations.is_empty())
            .map(|c| format!("{} at {} px", c.page, c.width))
            .collect();
        assert!(
            bad.is_empty(),
            "axe-core found WCAG 2.1 A/AA violations on: {}\n{report}",
            bad.join(", ")
        );
    }
}
