//! End-to-end benchmark: time of each stage and peak memory, for the
//! shipped 2023 data and for synthetic plans of 1,000 and 10,000
//! indicators (200 forms). Run with:
//!
//!     cargo bench --bench pipeline            # all cases
//!     cargo bench --bench pipeline -- 2023    # only cases whose name contains "2023"
//!     cargo bench --bench pipeline -- sportello   # only the web pages' case
//!
//! Each case runs in a child process of this same binary, so the peak
//! memory (VmHWM) of one case is not inflated by the previous ones.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use consuntivo::diag::Diagnostics;
use consuntivo::plan::Plan;
use consuntivo::results::Results;
use consuntivo::{forms, plan, report, scoring, summary, synth};

struct Case {
    name: &'static str,
    /// `None`: the shipped 2023 data in `inputs/`.
    synthetic: Option<(usize, usize)>,
}

#[path = "support/sportello.rs"]
mod sportello;

/// The case of the sportello's pages (not a pipeline run).
const SPORTELLO: &str = "sportello (pagine e invii)";

const CASES: [Case; 5] = [
    Case {
        name: "2023 (dati forniti)",
        synthetic: None,
    },
    Case {
        name: "sintetico 1.000 indicatori",
        synthetic: Some((1_000, 200)),
    },
    // The size of the largest Italian comuni.
    Case {
        name: "sintetico 2.000 indicatori",
        synthetic: Some((2_000, 200)),
    },
    Case {
        name: "sintetico 10.000 indicatori",
        synthetic: Some((10_000, 200)),
    },
    Case {
        name: SPORTELLO,
        synthetic: None,
    },
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let Some(pos) = args.iter().position(|a| a == "--case") {
        let idx: usize = args[pos + 1].parse().expect("case index");
        run_case(&CASES[idx]);
        return;
    }
    let filter = args.first().cloned().unwrap_or_default();
    println!(
        "consuntivo — benchmark della pipeline (build {})",
        profile()
    );
    println!("macchina: {} core, {}", cores(), cpu_model());
    let exe = std::env::current_exe().expect("current exe");
    for (i, case) in CASES.iter().enumerate() {
        if !case.name.contains(&filter) {
            continue;
        }
        let status = Command::new(&exe)
            .args(["--case", &i.to_string()])
            .status()
            .expect("child benchmark runs");
        assert!(status.success(), "case {} failed", case.name);
    }
}

fn profile() -> &'static str {
    if cfg!(debug_assertions) {
        "debug"
    } else {
        "ottimizzata"
    }
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "CPU sconosciuta".to_string())
}

/// Peak resident memory of this process in MiB (Linux `VmHWM`).
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn ok<T>(r: Result<T, Diagnostics>) -> T {
    r.unwrap_or_else(|d| panic!("{d}"))
}

fn time<T>(label: &str, stages: &mut Vec<(String, Duration)>, f: impl FnOnce() -> T) -> T {
    eprintln!("   … {label}");
    let start = Instant::now();
    let out = f();
    stages.push((label.to_string(), start.elapsed()));
    out
}

/// Writes the synthetic plan and its filled forms to a scratch directory,
/// outside the timed stages.
fn prepare_synthetic(indicators: usize, areas: usize, dir: &Path) -> PathBuf {
    let p = synth::plan(synth::Size::indicators(indicators, areas), 2023);
    let plan_path = dir.join("piano-2023.toml");
    std::fs::write(&plan_path, synth::plan_toml(&p)).expect("write plan");
    // Re-load so the forms carry the fingerprint of the plan as loaded.
    let p = ok(plan::load(&plan_path));
    let results: Results = synth::results(&p, 42, &[]);
    let forms_dir = dir.join("rendicontazioni");
    std::fs::create_dir_all(&forms_dir).expect("forms dir");
    for report in &results.reports {
        let (name, bytes) = ok(forms::generate_prefilled(&p, &report.area, &report.entries));
        std::fs::write(forms_dir.join(name), bytes).expect("write form");
    }
    plan_path
}

/// One run of the pipeline and where its time went.
struct Run {
    stages: Vec<(String, Duration)>,
    elapsed: Duration,
    plan: Plan,
    reports: usize,
    docs: Vec<report::Composed>,
    timings: Vec<report::Timing>,
    xlsx: Vec<u8>,
    xlsx_key: Option<String>,
}

impl Run {
    fn composed(&self) -> usize {
        self.docs.iter().filter(|d| !d.reused).count()
    }
}

/// The stages of a run of `relazione` on the given files, taking from
/// `reuse` the documents whose key has not changed.
fn pipeline(
    plan_path: &Path,
    forms_dir: &Path,
    rules_path: &Path,
    inputs: &Path,
    reuse: &report::Reuse,
) -> Run {
    let mut stages = Vec::new();
    let total = Instant::now();
    let p: Plan = time("carica piano", &mut stages, || ok(plan::load(plan_path)));
    let (results, mut warnings) = time("leggi moduli", &mut stages, || {
        ok(forms::read_dir(&p, forms_dir, &Default::default()))
    });
    let rules = ok(scoring::load_rules(
        rules_path,
        consuntivo::ente::RULES_SECTIONS,
    ));
    let scorecard = time("valuta", &mut stages, || {
        scoring::score(&p, &results, &rules, &scoring::Review::default())
    });
    warnings.extend(Diagnostics(scorecard.warnings.clone()));
    let settings = report::Settings {
        templates: Default::default(),
        inputs: inputs.to_path_buf(),
        date: NaiveDate::from_ymd_opt(2024, 4, 30),
        // Synthetic years have qualitative proposals nobody decided on.
        draft: true,
    };
    let vocab = consuntivo::vocab::Vocabulary::default();
    let input = report::Input {
        plan: &p,
        vocab: &vocab,
        results: &results,
        scorecard: &scorecard,
        warnings: &warnings,
        settings: &settings,
        individual: None,
        staff: None,
    };
    let (docs, timings) = time("PDF (relazione e schede)", &mut stages, || {
        ok(report::render_reusing(
            &input,
            None,
            &consuntivo::progress::Silent,
            reuse,
        ))
    });
    let (xlsx, xlsx_key, _) = time("xlsx riepilogo", &mut stages, || {
        ok(summary::render_reusing(
            &p,
            &results,
            &scorecard,
            &warnings,
            &vocab,
            summary::Run {
                compared: None,
                definitive: true,
            },
            reuse,
        ))
    });
    let elapsed = total.elapsed();
    let reports = results.reports.len();
    drop(input);
    Run {
        stages,
        elapsed,
        plan: p,
        reports,
        docs,
        timings,
        xlsx,
        xlsx_key,
    }
}

/// Writes a run's files as `relazione` does, keys included, so the next
/// run can take them back.
fn write_outputs(run: &Run, dir: &Path) {
    let mut out = consuntivo::output::OutputSet::new(dir, "relazione");
    for d in &run.docs {
        let rel = d.path.strip_prefix("2023").unwrap_or(&d.path).to_path_buf();
        out.add_keyed(rel, d.bytes.clone(), d.key.clone().expect("a key"));
    }
    out.add_keyed(
        summary::file_name(2023),
        run.xlsx.clone(),
        run.xlsx_key.clone().expect("a key"),
    );
    out.commit().expect("outputs written");
}

/// One value of one unit's year-end form changed (the first unit whose
/// form is an xlsx with a value of at least 1, lowered by 1), its form
/// written again: what a unit sending a correction does.
fn change_one_form(plan_path: &Path, forms_dir: &Path) -> String {
    let p = ok(plan::load(plan_path));
    let (results, _) = ok(forms::read_dir(&p, forms_dir, &Default::default()));
    for report in &results.reports {
        if report.source.path.extension().is_none_or(|e| e != "xlsx") {
            continue;
        }
        let mut entries = report.entries.clone();
        let Some(value) = entries
            .iter_mut()
            .find_map(|e| e.value.as_mut().filter(|v| v.value >= 1.0))
        else {
            continue;
        };
        value.value -= 1.0;
        let (name, bytes) = ok(forms::generate_prefilled(&p, &report.area, &entries));
        std::fs::write(forms_dir.join(name), bytes).expect("write form");
        return p
            .area(&report.area)
            .map(|a| a.name.clone())
            .unwrap_or_default();
    }
    panic!("no form with a value to change");
}

fn run_case(case: &Case) {
    if case.name == SPORTELLO {
        sportello::run(peak_mib);
        return;
    }
    let scratch = tempfile::tempdir().expect("scratch dir");
    let inputs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("inputs");
    let (plan_path, forms_dir, rules_path) = match case.synthetic {
        None => {
            // A copy of the forms: the re-run changes one.
            let forms = scratch.path().join("rendicontazioni");
            std::fs::create_dir_all(&forms).expect("forms dir");
            for e in std::fs::read_dir(inputs.join("rendicontazioni/2023")).expect("forms") {
                let e = e.expect("entry");
                std::fs::copy(e.path(), forms.join(e.file_name())).expect("copy form");
            }
            (
                inputs.join("piano-2023.toml"),
                forms,
                inputs.join("smvp.toml"),
            )
        }
        Some((n, areas)) => (
            prepare_synthetic(n, areas, scratch.path()),
            scratch.path().join("rendicontazioni"),
            inputs.join("smvp.toml"),
        ),
    };
    let outputs = scratch.path().join("uscite/2023");
    let base_peak = peak_mib();
    let full = pipeline(
        &plan_path,
        &forms_dir,
        &rules_path,
        &inputs,
        &report::Reuse::new(consuntivo::output::Previous::none()),
    );
    let peak_full = peak_mib();
    write_outputs(&full, &outputs);
    let previous = || report::Reuse::new(consuntivo::output::Previous::load(&outputs, "relazione"));
    let same = pipeline(&plan_path, &forms_dir, &rules_path, &inputs, &previous());
    write_outputs(&same, &outputs);
    let changed_unit = change_one_form(&plan_path, &forms_dir);
    let one_form = pipeline(&plan_path, &forms_dir, &rules_path, &inputs, &previous());
    report_case(case, &full, base_peak, peak_full);
    for (label, run) in [
        ("nulla cambiato", &same),
        (
            &*format!("un valore nel modulo di {changed_unit}"),
            &one_form,
        ),
    ] {
        println!(
            "   ripetizione, {label}: {:.3} s = {:.1}% dell'esecuzione completa ({} documenti composti su {})",
            run.elapsed.as_secs_f64(),
            100.0 * run.elapsed.as_secs_f64() / full.elapsed.as_secs_f64(),
            run.composed(),
            run.docs.len()
        );
        for (stage, d) in &run.stages {
            println!("      {stage:<25} {:>9.3} s", d.as_secs_f64());
        }
    }
}

fn report_case(case: &Case, full: &Run, base_peak: f64, peak: f64) {
    let (stages, p, timings, xlsx) = (&full.stages, &full.plan, &full.timings, &full.xlsx);
    let pdfs: Vec<(&PathBuf, &Vec<u8>)> = full.docs.iter().map(|d| (&d.path, &d.bytes)).collect();
    let areas_reported = full.reports;
    let elapsed = full.elapsed;
    let indicators: usize = p.objectives.iter().map(|o| o.indicators.len()).sum();
    println!(
        "\n== {} — {} indicatori, {} obiettivi, {} moduli, {} PDF ({} KiB), xlsx {} KiB",
        case.name,
        indicators,
        p.objectives.len(),
        areas_reported,
        pdfs.len(),
        pdfs.iter().map(|(_, b)| b.len()).sum::<usize>() / 1024,
        xlsx.len() / 1024
    );
    for (label, d) in stages {
        println!("   {label:<28} {:>9.3} s", d.as_secs_f64());
    }
    println!("   {:<28} {:>9.3} s", "totale", elapsed.as_secs_f64());
    // The floor of the PDF stage: typst's own work on the Relazione, the
    // longest document, which cannot be split (schede run beside it).
    if let Some(t) = timings
        .iter()
        .find(|t| !t.path.to_string_lossy().contains("schede"))
    {
        println!(
            "   {:<28} {:>9.3} s (relazione, {} pagine: composizione {:.3} s + esportazione PDF/A {:.3} s)",
            "  di cui typst",
            (t.compile + t.export).as_secs_f64(),
            t.pages,
            t.compile.as_secs_f64(),
            t.export.as_secs_f64()
        );
    }
    // The schede are composed one per core at a time: their summed typst
    // time divided by the cores, after the Relazione's, is the floor of the
    // PDF stage (typst's own work), against which the whole run is compared.
    let rel_typst = timings
        .iter()
        .filter(|t| !t.path.to_string_lossy().contains("schede"))
        .map(|t| t.compile + t.export)
        .sum::<Duration>();
    let schede: Vec<_> = timings
        .iter()
        .filter(|t| t.path.to_string_lossy().contains("schede"))
        .collect();
    if !schede.is_empty() {
        let sum = |f: fn(&&report::Timing) -> Duration| schede.iter().map(f).sum::<Duration>();
        println!(
            "   {:<28} {:>9.3} s ({} schede, {} pagine: composizione {:.3} s + esportazione PDF/A {:.3} s, sommando i core)",
            "  typst sulle schede",
            (sum(|t| t.compile) + sum(|t| t.export)).as_secs_f64(),
            schede.len(),
            schede.iter().map(|t| t.pages).sum::<usize>(),
            sum(|t| t.compile).as_secs_f64(),
            sum(|t| t.export).as_secs_f64()
        );
    }
    let schede_typst: Duration = schede.iter().map(|t| t.compile + t.export).sum();
    let floor = rel_typst.as_secs_f64() + schede_typst.as_secs_f64() / cores() as f64;
    println!(
        "   {:<28} {:>9.3} s (Relazione + schede ÷ {} core); intera esecuzione ÷ pavimento = {:.2}",
        "  pavimento typst",
        floor,
        cores(),
        elapsed.as_secs_f64() / floor
    );
    let largest = timings.iter().map(|t| t.pages).max().unwrap_or(0);
    println!(
        "   {:<28} {:>9} (il più lungo: {} pagine)",
        "  documenti PDF",
        timings.len(),
        largest
    );
    println!(
        "   {:<28} {:>9.1} MiB (prima della pipeline: {:.1} MiB)",
        "memoria di picco", peak, base_peak
    );
}
