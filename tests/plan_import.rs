//! End-to-end: `consuntivo piano importa | modello | esporta | documento`
//! with the real binary on a scratch copy of `inputs/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consuntivo"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch folder with the shipped plan and vocabulary only.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    for f in ["piano-2023.toml", "ente.toml", "relazione.toml"] {
        std::fs::copy(repo().join("inputs").join(f), inputs.join(f)).unwrap();
    }
    dir
}

#[test]
fn export_then_import_refuses_to_overwrite_then_replaces_the_plan() {
    let dir = scratch();
    let out = run(&["piano", "esporta"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let xlsx = dir.path().join("outputs/piano-2023.xlsx");
    assert!(xlsx.is_file());

    let before = std::fs::read(dir.path().join("inputs/piano-2023.toml")).unwrap();
    let out = run(&["piano", "importa", "outputs/piano-2023.xlsx"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("il piano esiste già") && err.contains("--sovrascrivi"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("inputs/piano-2023.toml")).unwrap(),
        before
    );

    let out = run(
        &[
            "piano",
            "importa",
            "outputs/piano-2023.xlsx",
            "--sovrascrivi",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    // The ente's name is not glued to «di» («di Comune di Alzano»).
    assert!(
        said.starts_with(
            "Piano 2023 (Comune di Alzano Lombardo) importato da outputs/piano-2023.xlsx in "
        ),
        "{said}"
    );
    assert!(!said.contains(" di Comune di"), "{said}");
    assert!(
        said.contains(
            "7 unità responsabili, 42 obiettivi\n  Indicatori: 84\n  Traguardi 2023 (valutati): 100\n"
        ),
        "{said}"
    );
    assert!(
        said.contains("100 traguardi riconosciuti con certezza"),
        "{said}"
    );
    assert!(said.contains("nessun punto da verificare"), "{said}");
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));

    // The imported plan prints the same summary as the shipped one.
    let shipped = run(
        &[
            "piano",
            "--piano",
            &repo().join("inputs/piano-2023.toml").display().to_string(),
        ],
        dir.path(),
    );
    let imported = run(&["piano"], dir.path());
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    assert_eq!(text(&imported.stdout), text(&shipped.stdout));
}

#[test]
fn the_blank_workbook_imports_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &[
            "piano",
            "modello",
            "--anno",
            "2025",
            "--ente",
            "Comune di Esempio",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(
        &["piano", "importa", "outputs/piano-2025-modello.xlsx"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("nessun punto da verificare"));
    let toml = std::fs::read_to_string(dir.path().join("inputs/piano-2025.toml")).unwrap();
    assert!(toml.contains("nome = \"Comune di Esempio\""));
}

#[test]
fn the_blank_workbook_needs_a_year_and_an_ente_when_there_is_no_plan() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["piano", "modello"], dir.path());
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--anno"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_plan_document_is_written_as_pdf() {
    let dir = scratch();
    let out = run(&["piano", "documento"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = std::fs::read(dir.path().join("outputs/piano-2023.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    // PDF/A-2a: the XMP metadata names the standard.
    let head = String::from_utf8_lossy(&pdf);
    assert!(
        head.contains("pdfaid:part") || head.contains("pdfaid"),
        "no PDF/A metadata"
    );
}

#[test]
fn a_table_without_a_header_is_an_italian_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.csv"), "uno;due\ntre;quattro\n").unwrap();
    let out = run(&["piano", "importa", "x.csv"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("tabella del piano non trovata"), "{err}");
    assert!(!dir.path().join("inputs").exists());
}

/// Runs `piano importa FILE` under an address-space limit (as
/// `bad_inputs.rs` runs its bombs), killed after a minute: a hostile file
/// must be refused, not waited on nor read until memory runs out.
fn import_limited(dir: &Path, file: &str) -> (Option<i32>, String) {
    let mut child = Command::new("prlimit")
        .arg(format!("--as={}", 1u64 << 30))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_consuntivo"))
        .args([
            "piano",
            "importa",
            file,
            "--anno",
            "2024",
            "--ente",
            "Comune di Prova",
        ])
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("prlimit runs the binary");
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("piano importa {file} hung on a hostile file");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    (status.code(), reader.join().expect("stderr"))
}

#[cfg(unix)]
#[test]
fn hostile_tables_are_refused_at_once_and_within_memory() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    // A FIFO would block the read for ever; a link to /dev/zero never ends.
    let fifo_made = Command::new("mkfifo")
        .arg(p.join("coda.xlsx"))
        .status()
        .is_ok_and(|s| s.success());
    std::os::unix::fs::symlink("/dev/zero", p.join("zero.xlsx")).unwrap();
    let mut cases = vec!["zero.xlsx"];
    if fifo_made {
        cases.push("coda.xlsx");
    }
    for file in cases {
        let (code, err) = import_limited(p, file);
        assert_eq!(code, Some(1), "{file}: {err}");
        assert!(
            err.contains(&format!("errore: {file}: non è un file ordinario")),
            "{file}: {err}"
        );
    }
    // 40 sheets of two cells each, one far corner each: small on disk, a
    // million cells per sheet once read (each sheet alone is allowed; 40
    // of them ran out of memory).
    let mut wb = rust_xlsxwriter::Workbook::new();
    for n in 0..40 {
        let ws = wb.add_worksheet();
        ws.set_name(format!("Foglio {n}")).unwrap();
        ws.write_string(0, 0, "Obiettivo").unwrap();
        ws.write_string(9_999, 99, "x").unwrap();
    }
    wb.save(p.join("fogli.xlsx")).unwrap();
    assert!(std::fs::metadata(p.join("fogli.xlsx")).unwrap().len() < 100_000);
    let (code, err) = import_limited(p, "fogli.xlsx");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("errore: fogli.xlsx: il foglio «Foglio 2» contiene dati fuori")
            && err.contains("superano insieme 2 milioni di celle"),
        "{err}"
    );
    assert!(
        !err.contains("memory allocation") && !err.contains("panicked"),
        "{err}"
    );
    assert!(!p.join("inputs").exists());
}
