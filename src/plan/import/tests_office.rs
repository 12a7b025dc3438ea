//! Tables as offices type them: the 2023 Allegato H's cells copied from
//! the seed's printed text (`../shared/seed/`), phase tables, and the
//! units sheet named as the docs name its columns.

use rust_xlsxwriter::Workbook;

use super::tests::{import_bytes, messages, one_objective_table, opts_2024, table_with};
use super::*;
use crate::plan::{Target, TargetKind};

/// One row of a plan table: a theme's name alone, or the five cells
/// Obiettivo | Indicatore | Livello atteso | Responsabile/i | Peso.
enum Row {
    Theme(&'static str),
    Cells([&'static str; 5]),
}
use Row::{Cells, Theme};

const HEADER: [&str; 5] = [
    "Obiettivo",
    "Indicatore",
    "Livello atteso",
    "Responsabile/i",
    "Peso",
];

/// Objectives of the seed's Allegato H, cell for cell as the seed prints
/// them (a cell's printed lines joined by spaces, except the
/// Responsabile/i cells kept as printed where the print breaks them),
/// with the header repeated before each theme as on the seed's pages.
/// They name every unit the way the seed does: by numeral with the
/// unit's words after it, with a hyphen or an en dash, and by words
/// alone («Area AAGG», «Area Finanziaria») in a list after a colon.
const SEED: &[Row] = &[
    Theme("Legalità"),
    Cells([
        "Cultura della legalità e rispetto delle regole comportamentali - Implementare la cultura della legalità ed il rispetto delle regole comportamentali nell’ambito lavorativo interno, attraverso un percorso di formazione dedicata.",
        "Realizzazione Corsi di Formazione “in house”",
        "2023: almeno 2 giornate formative entro il 31/12/2023",
        "Segretario\ngenerale",
        "10",
    ]),
    Cells([
        "",
        "% di partecipazione effettiva alle giornate di formazione",
        "2023: 100%",
        "Tutte le Aree",
        "3",
    ]),
    Cells([
        "Piano triennale prevenzione corruzione e trasparenza - Redazione del PTPCT e Supporto per il monitoraggio rispetto Misure di prevenzione",
        "Redazione del PTPCT e Supporto per il monitoraggio rispetto Misure di prevenzione",
        "2023: Monitoraggio rispetto misure di prevenzione della corruzione e trasparenza",
        "Area I AA.GG. Giuridico legale - referente corruzione e trasparenza",
        "5",
    ]),
    Cells([
        "",
        "Rispetto delle Misure di prevenzione della corruzione e trasparenza",
        "2023: Assenza di rilievi comportanti provvedimenti disciplinari per violazione delle Misure di cui al PTPCT e al Codice di comportamento\nRichiami inferiori a n. 3, fino al 31/12/2023",
        "Tutte le Aree",
        "5",
    ]),
    Cells([
        "Accessibilità agli uffici comunali",
        "Garantire la sostituzione del personale addetto allo sportello URP, in caso di assenza dal servizio e/o per la copertura delle ore non assegnate al personale in servizio",
        "2023: apertura, senza soluzione di continuità, dell’ufficio URP",
        "Area I AA.GG.\nGiuridico legale –\nufficio protocollo",
        "2",
    ]),
    Theme("Sicurezza urbana"),
    Cells([
        "Impianto di videosorveglianza - Implementazione dell’impianto di videosorveglianza esistente, anche nei parchi comunali, con particolare riferimento agli ambiti soggetti a maggiore antropizzazione prevenendo il degrado e i comportamenti contrari alla legge e alle regole di convivenza civile",
        "Installazione telecamere",
        "2023: entro il 30/09/2023",
        "Area VI Polizia Locale",
        "21",
    ]),
    Cells([
        "Potenziamento campagna contro la violenza sulle donne - Creazione materiale informativo.",
        "Pubblicazione materiale attraverso i canali istituzionali. Distribuzione materiale presso le attività commerciali del territorio ed impianti sportivi comunali",
        "2023: entro il 31/12/2023",
        "Area II Socio culturale",
        "3",
    ]),
    Theme("Assetto del territorio"),
    Cells([
        "Piano di intervento per la messa in sicurezza dei ponti cittadini in adempimento al catasto ponti ed alla progettazione in corso.",
        "Censimento generale",
        "2023: entro il 30/07/2023",
        "Area IV Lavori pubblici\ne patrimonio.",
        "5",
    ]),
    Theme("Finanziamenti europei e Energia e clima"),
    Cells([
        "Abilitazione al cloud per le PA locali - Sostituzione degli attuali software gestionali dell’Ente, garantendo interfunzionalità tra le varie Banche dati degli uffici comunali e abilitazione al cloud",
        "Acquisizione nuovi software e abilitazione al cloud entro i termini di finanziamento PNRR",
        "2023: Entro il 31/12/2023",
        "Area V – servizio CED",
        "10",
    ]),
    Cells([
        "",
        "Controllo degli archivi successivo al travaso dati nei nuovi gestionali",
        "2023: Conclusione delle attività entro i termini disposti dal Responsabile Servizio CED",
        "Le Aree coinvolte, in\nrelazione alla propria\ncompetenza ed alla\nrilevanza delle proprie\nbanche dati, con il\ncoordinamento del\nresponsabile servizio\nCED:\nArea AAGG\nAttiNet, Timbrature,\nProtocollo, Anagrafe,\nElettorale, Stato civile,\nCimiteri\nArea Finanziaria\nContabilità, Tributi\n(IMU, TARI, COSAP),\nInventario, Paghe\nArea Socio culturale\nIscrizioni, Rette\nscolastiche",
        "5\n6\n2",
    ]),
    Cells([
        "",
        "Formazione all’utilizzo dei nuovi software",
        "2023: Partecipazione a tutte le giornate di formazione programmate dal Responsabile Servizio CED",
        "Area AAGG\nArea Finanziaria\nArea Socio culturale\nArea Lavori Pubblici\nArea Urbanistica\nArea Polizia locale",
        "8\n9\n2\n1\n1\n1",
    ]),
    Cells([
        "Implementazione ricezione telematica delle dichiarazioni da parte dei contribuenti dei tributi comunali e del canone patrimoniale - Attivazione del nuovo portale on-line fruibile dai contribuenti",
        "Realizzazione di tutte le attività propedeutiche di elaborazione per permettere la migrazione e verificare la bontà dei dati importati",
        "2023: Entro il 31/12 o data successiva (in base alla definizione del nuovo contratto e le indicazioni del nuovo fornitore)",
        "Area III Finanziaria -\nUfficio tributi",
        "3",
    ]),
    Cells([
        "Variante urbanistica - Redazione della variante al PGT",
        "Adozione della variante",
        "2023: entro il 30/09/2023",
        "Area V urbanistica-\nedilizia privata- SUAP",
        "25",
    ]),
];

fn seed_workbook(rows: &[Row]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Allegato H: Piano e indicatori di Performance")
        .unwrap();
    let mut r = 1;
    for row in rows {
        match row {
            Theme(name) => {
                ws.write_string(r, 0, *name).unwrap();
                for (c, h) in HEADER.iter().enumerate() {
                    ws.write_string(r + 1, c as u16, *h).unwrap();
                }
                r += 2;
            }
            Cells(cells) => {
                for (c, t) in cells.iter().enumerate() {
                    if !t.is_empty() {
                        ws.write_string(r, c as u16, *t).unwrap();
                    }
                }
                r += 1;
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn alzano() -> ImportOptions {
    ImportOptions {
        ente: Some("Comune di Alzano Lombardo".into()),
        ..ImportOptions::default()
    }
}

/// (unit, weight, note) of an indicator's own list.
fn list(p: &Plan, indicator: &str) -> Vec<(String, Option<f64>, Option<String>)> {
    let ind = p
        .objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .find(|i| i.id.as_str() == indicator)
        .unwrap_or_else(|| panic!("{indicator} missing"));
    ind.areas
        .as_ref()
        .unwrap_or_else(|| panic!("{indicator} has no list of its own"))
        .iter()
        .map(|r| (r.area.as_str().to_string(), r.weight, r.note.clone()))
        .collect()
}

fn unit(id: &str, w: f64, note: Option<&str>) -> (String, Option<f64>, Option<String>) {
    (id.to_string(), Some(w), note.map(str::to_string))
}

#[test]
fn the_seed_s_own_cells_import() {
    let (_dir, got) = import_bytes("allegato-h.xlsx", &seed_workbook(SEED), &alzano());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    let p = &got.plan;
    assert_eq!(p.year, 2023);
    // Every unit by numeral, found however the seed names it.
    let ids: Vec<&str> = p.areas.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["SG", "I", "II", "III", "IV", "V", "VI"]);
    assert_eq!(list(p, "OB01.1"), [unit("SG", 10.0, None)]);
    // A hyphen before the note, as an en dash.
    assert_eq!(
        list(p, "OB02.1"),
        [unit(
            "I",
            5.0,
            Some("AA.GG. Giuridico legale - referente corruzione e trasparenza")
        )]
    );
    let ob03 = &p.objectives[2];
    assert_eq!(ob03.areas.len(), 1);
    assert_eq!(ob03.areas[0].area.as_str(), "I");
    assert_eq!(
        ob03.areas[0].note.as_deref(),
        Some("AA.GG. Giuridico legale – ufficio protocollo")
    );
    assert_eq!(list(p, "OB07.1"), [unit("V", 10.0, Some("servizio CED"))]);
    let variante = p
        .objectives
        .iter()
        .find(|o| o.title == "Variante urbanistica")
        .unwrap();
    assert_eq!(
        variante.areas[0].note.as_deref(),
        Some("urbanistica-edilizia privata- SUAP")
    );
    // Units by their words, after the colon of free text, with what the
    // lines below each says as its note.
    assert_eq!(
        list(p, "OB07.2"),
        [
            unit(
                "I",
                5.0,
                Some(
                    "AttiNet, Timbrature, Protocollo, Anagrafe, Elettorale, Stato civile, Cimiteri"
                )
            ),
            unit(
                "III",
                6.0,
                Some("Contabilità, Tributi (IMU, TARI, COSAP), Inventario, Paghe")
            ),
            unit("II", 2.0, Some("Iscrizioni, Rette scolastiche")),
        ]
    );
    assert_eq!(
        list(p, "OB07.3"),
        [
            unit("I", 8.0, None),
            unit("III", 9.0, None),
            unit("II", 2.0, None),
            unit("IV", 1.0, None),
            unit("V", 1.0, None),
            unit("VI", 1.0, None),
        ]
    );
    // The free text before the colon is kept beside the objective.
    assert!(
        got.toml.contains("# nota: Responsabile/i (Sheet1 › D19): Le Aree coinvolte, in relazione alla propria competenza ed alla rilevanza delle proprie banche dati, con il coordinamento del responsabile servizio CED:"),
        "{}",
        got.toml
    );
    // Every match above is certain: nothing to check about units.
    assert!(
        got.counts
            .to_check
            .iter()
            .all(|(_, _, why)| !why.contains("unità")),
        "{:?}",
        got.counts.to_check
    );
}

#[test]
fn a_doubtful_unit_is_written_to_check_not_refused() {
    let rows = [
        Theme("Sicurezza urbana"),
        Cells([
            "Impianto di videosorveglianza",
            "Installazione telecamere",
            "2023: entro il 30/09/2023",
            "Area VI Polizia Locale",
            "21",
        ]),
        Cells([
            "Controlli stradali",
            "Posti di controllo",
            "2023: almeno 40 posti di controllo",
            "Area Polizia municipale",
            "4",
        ]),
    ];
    let (_dir, got) = import_bytes("t.xlsx", &seed_workbook(&rows), &alzano());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    assert_eq!(got.plan.objectives[1].areas[0].area.as_str(), "VI");
    assert_eq!(got.counts.to_check.len(), 1, "{:?}", got.counts.to_check);
    let (id, cell, why) = &got.counts.to_check[0];
    assert_eq!((id.as_str(), cell.as_str()), ("OB02", "Sheet1 › D5"));
    assert!(
        why.contains("«Polizia municipale» riconosciuta come «Area VI»"),
        "{why}"
    );
    assert!(
        got.toml
            .contains(&format!("# {CHECK} (Sheet1 › D5): unità responsabile:")),
        "{}",
        got.toml
    );
    // A unit named by words that no unit of the table has: an error that
    // says how to make it known.
    let rows = [
        Theme("Sicurezza urbana"),
        Cells([
            "Controlli stradali",
            "Posti di controllo",
            "2023: almeno 40 posti di controllo",
            "Area Vigilanza",
            "4",
        ]),
    ];
    let (_dir, got) = import_bytes("t.xlsx", &seed_workbook(&rows), &alzano());
    let text = messages(&got.expect_err("unknown unit"));
    assert!(
        text.contains("Sheet1 › D4: unità responsabile non riconosciuta: «Area Vigilanza»"),
        "{text}"
    );
}

fn phase_table(edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Fasi").unwrap();
    let header = [
        "Obiettivo",
        "Fase",
        "Peso",
        "Inizio",
        "Fine",
        "Settore",
        "Dirigente",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        [
            "13 – Inclusione sociale",
            "Mappatura dei bisogni",
            "30",
            "01/02/2025",
            "31/03/2025",
            "Settore II",
            "Maria Bianchi",
        ],
        [
            "",
            "Bando per i contributi",
            "50",
            "01/04/2025",
            "30/09/2025",
            "Settore II",
            "Maria Bianchi",
        ],
        [
            "",
            "Rendicontazione",
            "20",
            "01/10/2025",
            "31/12/2025",
            "Settore II",
            "Maria Bianchi",
        ],
        [
            "14 - Manutenzione scuole",
            "Progetto",
            "",
            "01/03/2025",
            "30/06/2025",
            "Settore IV",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, t) in row.iter().enumerate() {
            if !t.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, *t).unwrap();
            }
        }
    }
    edit(ws);
    wb.save_to_buffer().unwrap()
}

/// The phase table with an «Ambito» column, «Servizi» on every row.
fn phase_table_with_themes() -> Vec<u8> {
    phase_table(|ws| {
        ws.write_string(0, 7, "Ambito").unwrap();
        for r in 1..=4 {
            ws.write_string(r, 7, "Servizi").unwrap();
        }
    })
}

fn settori() -> ImportOptions {
    ImportOptions {
        ente: Some("Comune di Prova".into()),
        year: Some(2025),
        vocab: crate::vocab::Vocabulary {
            unit: crate::vocab::Noun::new("Settore", "Settori", crate::vocab::Gender::Masculine),
            ..crate::vocab::Vocabulary::default()
        },
    }
}

#[test]
fn a_phase_table_imports_as_phases_with_their_dates() {
    let bytes = phase_table_with_themes();
    let (_dir, got) = import_bytes("fasi.xlsx", &bytes, &settori());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    assert!(got.warnings.is_empty(), "{}", messages(&got.warnings));
    let p = &got.plan;
    // «13 – Inclusione sociale»: the number is the code, the rest the title.
    let o = &p.objectives[0];
    assert_eq!(
        (o.id.as_str(), o.title.as_str()),
        ("OB13", "Inclusione sociale")
    );
    assert_eq!(p.objectives[1].title, "Manutenzione scuole");
    assert_eq!(o.areas.len(), 1);
    assert_eq!((o.areas[0].area.as_str(), o.areas[0].weight), ("II", None));
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y").ok();
    let ind = &o.indicators[0];
    assert_eq!(ind.targets.len(), 3);
    assert!(ind.targets.iter().all(|t| t.kind() == TargetKind::Phase));
    assert_eq!(
        ind.targets[1],
        Target::Phase {
            name: "Bando per i contributi".into(),
            start: date("01/04/2025"),
            end: date("30/09/2025"),
            weight: Some(50.0),
            note: None,
        }
    );
    assert!(
        ind.expected
            .starts_with("Mappatura dei bisogni (dal 01/02/2025 al 31/03/2025, peso 30);"),
        "{}",
        ind.expected
    );
    // The «Dirigente» column names the unit's head.
    let head = p.areas.iter().find(|a| a.id.as_str() == "II").unwrap();
    assert_eq!(head.head.as_deref(), Some("Maria Bianchi"));
}

/// The phases' indicator is named in the ente's words (`indicatore_fasi`
/// in `ente.toml`), «Avanzamento delle fasi» by default.
#[test]
fn the_phases_indicator_takes_the_ente_s_words() {
    let bytes = phase_table_with_themes();
    let (_dir, got) = import_bytes("fasi.xlsx", &bytes, &settori());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    let ind = &got.plan.objectives[0].indicators[0];
    assert_eq!(ind.description, "Avanzamento delle fasi");
    let mut own = settori();
    own.vocab.phase_indicator = "Stato di attuazione del progetto".into();
    let (_dir, got) = import_bytes("fasi.xlsx", &bytes, &own);
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    let ind = &got.plan.objectives[0].indicators[0];
    assert_eq!(ind.description, "Stato di attuazione del progetto");
    let vocab = crate::vocab::parse(
        "indicatore_fasi = \"Stato di attuazione\"\n",
        std::path::Path::new("ente.toml"),
    )
    .unwrap();
    assert_eq!(vocab.phase_indicator, "Stato di attuazione");
}

#[test]
fn columns_a_table_does_not_read_are_said() {
    // «Inizio» and «Data» in a plain Allegato H table: read by no row.
    let bytes = table_with(|ws| {
        for (c, (h, v)) in [("Inizio", "01/01/2024"), ("Data", "30/06/2024")]
            .iter()
            .enumerate()
        {
            ws.write_string(0, 6 + c as u16, *h).unwrap();
            ws.write_string(1, 6 + c as u16, *v).unwrap();
        }
    });
    let (_dir, got) = import_bytes("t.xlsx", &bytes, &opts_2024());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    let text = messages(&got.warnings);
    assert!(
        text.contains("Piano › G1: la colonna «Inizio» non è letta"),
        "{text}"
    );
    assert!(
        text.contains("Piano › H1: la colonna «Data» non è letta"),
        "{text}"
    );
}

/// The units sheet as the docs name its columns: «Responsabile».
#[test]
fn the_units_sheet_reads_the_documented_responsabile_column() {
    let mut wb = Workbook::new();
    one_objective_table(&mut wb);
    let ws = wb.add_worksheet();
    ws.set_name("Aree").unwrap();
    let rows = [
        ["Codice", "Nome", "Uffici", "Responsabile", "Telefono"],
        [
            "I",
            "Area I Affari generali",
            "protocollo",
            "Anna Rossi",
            "035 000000",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, t) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *t).unwrap();
        }
    }
    // A sheet of notes beside the table: said, not silently skipped.
    wb.add_worksheet()
        .set_name("Note")
        .unwrap()
        .write_string(0, 0, "Da rivedere con la Giunta")
        .unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let (_dir, got) = import_bytes("t.xlsx", &bytes, &opts_2024());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    assert_eq!(got.plan.areas[0].head.as_deref(), Some("Anna Rossi"));
    assert_eq!(
        messages(&got.warnings),
        "avviso: t.xlsx › Aree › E1: la colonna «Telefono» del foglio «Aree» non è letta\n  suggerimento: le colonne lette sono quelle del modello (consuntivo piano modello): spostare ciò che serve in una di esse, oppure togliere la colonna\navviso: t.xlsx › Note: il foglio «Note» non è letto: la tabella del piano è nel foglio «Piano»\n  suggerimento: se il foglio contiene obiettivi, spostarli nella tabella del piano; altrimenti si può ignorare questo avviso"
    );
}
