//! The documents of a run, before composing: the report data built once,
//! then one job per document (the Relazione first, then each unit's
//! scheda), each with its own `dati.json`, the template it starts from and
//! the path it is written to.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Location};

use super::templates::TemplateSet;
use super::{Input, ReportConfig, chronology, data, load_logo, settings, text};

pub(super) const DATA_FILE: &str = "dati.json";

/// One document to compile: main template, its `dati.json`, output path.
/// The data are held serialised: as `serde_json::Value`s the 200 schede of
/// a large ente took more memory than the Relazione's composition.
pub(super) struct Job {
    pub(super) main: &'static str,
    pub(super) json: Vec<u8>,
    pub(super) path: PathBuf,
    /// The unit a scheda is of; `None` for the Relazione.
    pub(super) unit: Option<String>,
}

impl Job {
    pub(super) fn new(
        main: &'static str,
        data: &Value,
        path: PathBuf,
    ) -> Result<Self, Diagnostics> {
        let json = serde_json::to_vec(data).map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                Location::default(),
                format!("impossibile preparare i dati della Relazione: {e}"),
            ))
        })?;
        Ok(Job {
            main,
            json,
            path,
            unit: None,
        })
    }
}

/// Keys of the report data that only the Relazione reads; the schede get
/// the rest (ente, date, signatures, rules, vocabulary) plus their own
/// unit. Ente-wide lists stay out of the schede: each scheda would carry
/// (and typst parse) them again, 200 times over for a large ente. So do
/// the ente's results (its grade, counts, strategic objectives, bands):
/// a scheda's key is its data, and a value changed in one unit's form
/// must compose that unit's scheda again, not every scheda.
const RELAZIONE_ONLY: &[&str] = &[
    "impronta",
    "grado",
    "grado_num",
    "calcolato",
    "dopo",
    "stato",
    "conteggi",
    "strategici",
    "numero_obiettivi",
    "numero_indicatori",
    "numero_coppie",
    "fasce_aggregate",
    "conteggi_ponderati",
    "ambiti",
    "progetti",
    "aree",
    "esclusi",
    "correzioni",
    "conferme",
    "decisioni",
    "fonti",
    "aree_senza_modulo",
    "valutazione_individuale",
    "valutazione_personale",
    "confronto",
    "dettaglio",
    "mancati",
    "in_attesa",
    "organizzazione",
    "testi",
];

/// A unit of the Relazione's data without its objectives' indicator
/// detail (`dettaglio`): a large ente's Relazione stops at the objectives.
fn without_detail(area: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for (k, v) in area.as_object().into_iter().flatten() {
        if k != "obiettivi" {
            out.insert(k.clone(), v.clone());
        }
    }
    let objectives: Vec<Value> = area["obiettivi"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            let mut o = o.clone();
            if let Some(m) = o.as_object_mut() {
                m.remove("dettaglio");
            }
            o
        })
        .collect();
    out.insert("obiettivi".into(), Value::Array(objectives));
    Value::Object(out)
}

/// A large ente's Relazione stops at the objectives: the indicator-level
/// lists (proposals awaiting the evaluator, excluded indicators) go to the
/// schede, each unit its own, and the Relazione counts them per unit.
fn move_indicator_lists(data: &mut Value, areas: &mut [Value]) {
    let of = |key: &str, id: &Value, indicators_only: bool| -> Vec<Value> {
        data[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|x| &x["area_id"] == id)
            .filter(|x| !indicators_only || x["livello"] == "Indicatore")
            .cloned()
            .collect()
    };
    let mut counts = Vec::new();
    for area in areas.iter_mut() {
        let id = area["id"].clone();
        area["in_attesa"] = Value::Array(of("in_attesa", &id, false));
        area["esclusi"] = Value::Array(of("esclusi", &id, true));
        counts.push((
            area["in_attesa"].as_array().map_or(0, Vec::len),
            area["esclusi"].as_array().map_or(0, Vec::len),
        ));
    }
    for (area, (pending, excluded)) in data["aree"]
        .as_array_mut()
        .into_iter()
        .flatten()
        .zip(counts)
    {
        area["numero_in_attesa"] = pending.into();
        area["numero_esclusi"] = excluded.into();
    }
}

fn definitive_with(input: &Input, config: &ReportConfig) -> Result<bool, Diagnostics> {
    Ok(!input.settings.draft
        && settings::is_final(config, &input.settings.inputs, input.scorecard, input.vocab)?)
}

/// What composing the run's documents needs: the templates, the logo and
/// the jobs, the Relazione first.
pub(super) struct Prepared {
    pub(super) set: TemplateSet,
    pub(super) logo: Option<(String, Vec<u8>)>,
    pub(super) jobs: Vec<Job>,
}

/// The report data and the job of every document of the run, checked
/// (document date, chronology of the acts, templates, logo).
pub(super) fn prepare(input: &Input, comparison: Option<&Value>) -> Result<Prepared, Diagnostics> {
    let settings = input.settings;
    let (config, file_date) = settings::load(&settings.inputs)?;
    let definitive = definitive_with(input, &config)?;
    let Some(date) = settings.date.or(file_date) else {
        return Err(Diagnostic::error(
            Location::file(settings.inputs.join(settings::FILE_NAME)),
            "manca la data della Relazione: il documento deve riportare una data fissa",
        )
        .with_hint(format!(
            "aggiungere data = \"GG/MM/AAAA\" in inputs/relazione.toml, es. data = \"30/04/{}\"",
            input.plan.year + 1
        ))
        .with_hint("oppure indicarla con l'opzione --data GG/MM/AAAA")
        .with_code("relazione-senza-data")
        .into());
    };
    let mut late = chronology::cited_acts(&settings.inputs, &config, date, definitive);
    late.extend(chronology::smvp_adoption(&input.scorecard.rules, date));
    if late.has_errors() {
        return Err(late);
    }
    let set = TemplateSet::load(&settings.templates)?;
    let logo = load_logo(&settings.inputs, config.logo.as_deref())?;

    let indicators: usize = input
        .plan
        .objectives
        .iter()
        .map(|o| o.indicators.len())
        .sum();
    // Large entes: the schede are the annexes carrying the indicator
    // detail, so it is composed once and each document stays the size of
    // one unit.
    let split = settings::LargeEnte::exceeded(
        config.grande_ente.as_ref(),
        indicators,
        input.plan.areas.len(),
    );
    let mut data = data::build(
        input,
        &config,
        date,
        definitive,
        logo.as_ref().map(|(n, _)| n.as_str()),
        split,
    );
    data["valutazione_individuale"] = input.individual.clone().unwrap_or(Value::Null);
    data["valutazione_personale"] = input.staff.clone().unwrap_or(Value::Null);
    data["confronto"] = comparison.cloned().unwrap_or(Value::Null);
    let texts = text::Texts::new(&set, &["relazione.j2", "scheda.j2"])?;
    let year = input.plan.year.to_string();

    let blocks = texts.blocks(
        "relazione.j2",
        &data,
        &[
            "titolo",
            "nome_file",
            "presentazione",
            "metodologia",
            "sintesi",
        ],
    )?;
    let get = |k: &str| blocks.get(k).map(String::as_str).unwrap_or("");
    data["testi"] = serde_json::json!({
        "titolo": text::line(get("titolo")),
        "presentazione": text::paragraphs(get("presentazione")),
        "metodologia": text::paragraphs(get("metodologia")),
        "sintesi": text::paragraphs(get("sintesi")),
    });
    let relazione_path =
        Path::new(&year).join(format!("{}.pdf", text::file_name(get("nome_file"))));
    let mut jobs = Vec::new();

    // The schede take the units with their indicator detail; a large
    // ente's Relazione keeps them without it.
    let areas: Vec<Value> = if split {
        let mut full = match data["aree"].take() {
            Value::Array(a) => a,
            _ => Vec::new(),
        };
        data["aree"] = full.iter().map(without_detail).collect();
        move_indicator_lists(&mut data, &mut full);
        full
    } else {
        data["aree"].as_array().cloned().unwrap_or_default()
    };
    // A scheda needs the ente-wide settings but not the whole Relazione:
    // copying every objective into every scheda made memory and compile
    // time grow with (Areas × objectives).
    let scheda_base: Value = data
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| !RELAZIONE_ONLY.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let mut used: Vec<String> = Vec::new();
    for area in areas {
        let mut ctx = scheda_base.clone();
        ctx["area"] = area;
        ctx["allegato"] = Value::Bool(split);
        let b = texts.blocks("scheda.j2", &ctx, &["titolo", "nome_file", "sintesi"])?;
        let get = |k: &str| b.get(k).map(String::as_str).unwrap_or("");
        ctx["testi_scheda"] = serde_json::json!({
            "titolo": text::line(get("titolo")),
            "sintesi": text::paragraphs(get("sintesi")),
        });
        let mut name = crate::filename::safe_file_name(get("nome_file"));
        if used.contains(&name) {
            name = crate::filename::safe_file_name(&format!(
                "{name} ({})",
                ctx["area"]["id"].as_str().unwrap_or("")
            ));
        }
        used.push(name.clone());
        let unit = ctx["area"]["id"].as_str().map(str::to_string);
        let mut job = Job::new(
            "scheda.typ",
            &ctx,
            Path::new(&year).join("schede").join(format!("{name}.pdf")),
        )?;
        job.unit = unit;
        jobs.push(job);
    }
    if split {
        let names: Vec<Value> = jobs
            .iter()
            .filter_map(|j| j.path.file_name())
            .map(|n| Value::String(n.to_string_lossy().into_owned()))
            .collect();
        // Each unit's chapter names its own annex.
        for (area, name) in data["aree"]
            .as_array_mut()
            .into_iter()
            .flatten()
            .zip(&names)
        {
            area["allegato"] = name.clone();
        }
        data["allegati_unita"] = Value::Array(names);
    } else {
        data["allegati_unita"] = Value::Null;
    }
    jobs.insert(0, Job::new("relazione.typ", &data, relazione_path)?);
    drop(data);
    Ok(Prepared { set, logo, jobs })
}
