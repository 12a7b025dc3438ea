//! The sportello's case of the benchmark: page render times on the
//! shipped data, the time from sending a form to its diagnostics, and 50
//! units sending their forms at once (time and peak memory). Requests go
//! to the router in process, as the tests send them: what is measured is
//! the server's own work, not a network.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use consuntivo::ente::EnteFolder;
use consuntivo::web::{self, App, Config};

struct Site {
    app: Arc<App>,
    /// Role label → token.
    tokens: BTreeMap<String, String>,
}

fn start(dir: &Path) -> Site {
    let config = Config {
        ente: EnteFolder::new(dir.join("inputs"), dir.join("outputs")),
        state: dir.join("sportello"),
        public_url: "http://127.0.0.1:8080".into(),
    };
    let s = web::prepare(config, false).unwrap_or_else(|d| panic!("{d}"));
    let tokens = s
        .issued
        .iter()
        .map(|i| {
            (
                i.role.clone(),
                i.url.rsplit('/').next().unwrap().to_string(),
            )
        })
        .collect();
    Site { app: s.app, tokens }
}

async fn send(app: &Arc<App>, req: Request<Body>) -> (StatusCode, Vec<u8>) {
    let r = web::router(app.clone()).oneshot(req).await.unwrap();
    let status = r.status();
    (
        status,
        r.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

async fn get(app: &Arc<App>, path: &str, token: &str) -> (StatusCode, Vec<u8>) {
    let req = Request::get(path)
        .header(header::COOKIE, format!("sportello={token}"))
        .body(Body::empty())
        .unwrap();
    send(app, req).await
}

async fn csrf(app: &Arc<App>, page: &str, token: &str) -> String {
    let (_, html) = get(app, page, token).await;
    let html = String::from_utf8_lossy(&html);
    let at = html.find("name=\"csrf\" value=\"").expect("a form") + 19;
    html[at..at + 64].to_string()
}

async fn upload(app: &Arc<App>, page: &str, token: &str, csrf: &str, bytes: &[u8]) -> StatusCode {
    let boundary = "----consuntivo-bench";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"modulo\"; filename=\"m.xlsx\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post(format!("{page}/modulo"))
        .header(header::COOKIE, format!("sportello={token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    send(app, req).await.0
}

/// Median and slowest of `n` runs of `f`, after two unmeasured ones.
async fn measure<F, Fut>(n: usize, mut f: F) -> (Duration, Duration)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..2 {
        f().await;
    }
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f().await;
        times.push(t.elapsed());
    }
    times.sort();
    (times[n / 2], times[n - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Runs the case and prints its figures; `peak_mib` reads the process's
/// peak memory.
pub fn run(peak_mib: fn() -> f64) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let scratch = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("inputs"), &scratch.path().join("inputs"));
        let site = start(scratch.path());
        let app = &site.app;
        let office = site.tokens["Ufficio del Segretario generale"].clone();
        let plan = app.config.ente.load_plan().unwrap();
        let area = &plan.areas[plan.areas.len() / 2];
        let unit = site.tokens[&area.name].clone();
        let page = format!("/unita/{}", area.id);
        println!(
            "\n== sportello, dati forniti — {} unità, {} indicatori",
            plan.areas.len(),
            plan.objectives
                .iter()
                .map(|o| o.indicators.len())
                .sum::<usize>()
        );
        for (label, path, token) in [
            ("pagina «Situazione dell'anno»", "/", &office),
            ("pagina di un'unità", page.as_str(), &unit),
            ("pagina «Registro»", "/registro", &office),
        ] {
            let (median, worst) = measure(30, || async {
                let (s, _) = get(app, path, token).await;
                assert_eq!(s, StatusCode::OK, "{path}");
            })
            .await;
            println!(
                "   {label:<46} mediana {:>9}   peggiore {:>9}",
                ms(median),
                ms(worst)
            );
        }
        // A form of the shipped size, sent and its diagnostics shown: the
        // POST (checked like `verifica`, kept, recorded) and the page.
        let form_path = app
            .config
            .ente
            .forms_dir(plan.year)
            .join(consuntivo::forms::file_name(&plan, &area.name));
        let form = std::fs::read(&form_path).unwrap();
        let token = csrf(app, &page, &unit).await;
        let (median, worst) = measure(10, || async {
            assert_eq!(
                upload(app, &page, &unit, &token, &form).await,
                StatusCode::SEE_OTHER
            );
            let (s, _) = get(app, &page, &unit).await;
            assert_eq!(s, StatusCode::OK);
        })
        .await;
        println!(
            "   {:<46} mediana {:>9}   peggiore {:>9}   ({} kB)",
            "invio di un modulo → esito sulla pagina",
            ms(median),
            ms(worst),
            form.len() / 1024
        );
        let broken = b"non un foglio di calcolo".to_vec();
        let (median, worst) = measure(10, || async {
            upload(app, &page, &unit, &token, &broken).await;
        })
        .await;
        println!(
            "   {:<46} mediana {:>9}   peggiore {:>9}",
            "invio di un file che non è un modulo",
            ms(median),
            ms(worst)
        );
        println!("   {:<46} {:>9.1} MiB", "memoria di picco", peak_mib());
    });
    rt.block_on(fifty_at_once(peak_mib));
}

/// 50 units of a synthetic plan send their forms at the same moment.
async fn fifty_at_once(peak_mib: fn() -> f64) {
    use consuntivo::{forms, plan, synth};
    let scratch = tempfile::tempdir().unwrap();
    let inputs = scratch.path().join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("inputs/smvp.toml"), inputs.join("smvp.toml")).unwrap();
    let p = synth::plan(synth::Size::indicators(1_000, 50), 2023);
    std::fs::write(inputs.join("piano-2023.toml"), synth::plan_toml(&p)).unwrap();
    let p = plan::load(&inputs.join("piano-2023.toml")).unwrap_or_else(|d| panic!("{d}"));
    let results = synth::results(&p, 7, &[]);
    let site = start(scratch.path());
    let mut sends = Vec::new();
    for report in &results.reports {
        let (_, bytes) = forms::generate_prefilled(&p, &report.area, &report.entries)
            .unwrap_or_else(|d| panic!("{d}"));
        let area = p.area(&report.area).unwrap();
        let token = site.tokens[&area.name].clone();
        let page = format!("/unita/{}", area.id);
        let csrf = csrf(&site.app, &page, &token).await;
        sends.push((page, token, csrf, bytes));
    }
    let before = peak_mib();
    let t = Instant::now();
    let tasks: Vec<_> = sends
        .into_iter()
        .map(|(page, token, csrf, bytes)| {
            let app = site.app.clone();
            tokio::spawn(async move { upload(&app, &page, &token, &csrf, &bytes).await })
        })
        .collect();
    let mut landed = 0;
    for task in tasks {
        if task.await.unwrap() == StatusCode::SEE_OTHER {
            landed += 1;
        }
    }
    let elapsed = t.elapsed();
    let recorded = site.app.registro.page(None, 1000).unwrap().total;
    println!(
        "\n== sportello, 50 unità inviano insieme (piano sintetico di {} indicatori)",
        p.objectives
            .iter()
            .map(|o| o.indicators.len())
            .sum::<usize>()
    );
    println!(
        "   {:<46} {:>9.3} s   ({landed} accettati, {recorded} nel registro)",
        "tutti gli invii, dal primo all'ultimo esito",
        elapsed.as_secs_f64()
    );
    println!(
        "   {:<46} {:>9.1} MiB (prima degli invii: {:.1} MiB)",
        "memoria di picco",
        peak_mib(),
        before
    );
}
