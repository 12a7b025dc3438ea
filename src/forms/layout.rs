//! The layout shared by the writer and the reader: sheet names, columns,
//! row keys and the recognition data of the hidden sheet. The reader finds
//! columns by their header text, so the order here is only the writer's.

use chrono::NaiveDate;

use crate::plan::{AreaId, Indicator, Objective, Plan, Target, TargetKind};
pub(crate) use crate::workbook::cell_name;
pub(crate) use crate::xlsx_style::form_lines as wrapped_lines;

/// Bumped when the reader can no longer read forms of an older layout.
pub const FORMAT_VERSION: i32 = 1;
/// Monitoring forms carry a higher version, so a consuntivo that predates
/// them refuses them instead of reading them as year-end forms.
pub const MONITORING_FORMAT_VERSION: i32 = 2;

/// Which moment of the year a form reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// The year-end report (*rendicontazione*).
    YearEnd,
    /// The mid-year check at a date (*monitoraggio intermedio*).
    Monitoring(NaiveDate),
}

impl FormKind {
    pub fn data_sheet(self) -> &'static str {
        match self {
            FormKind::YearEnd => DATA_SHEET,
            FormKind::Monitoring(_) => MONITORING_SHEET,
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            FormKind::YearEnd => &Column::ALL,
            FormKind::Monitoring(_) => &Column::MONITORING,
        }
    }

    pub fn inputs(self) -> &'static [Column] {
        match self {
            FormKind::YearEnd => &Column::INPUTS,
            FormKind::Monitoring(_) => &Column::MONITORING_INPUTS,
        }
    }

    /// 0-based position of `col` in a generated form of this kind.
    pub fn index(self, col: Column) -> u16 {
        self.columns().iter().position(|c| *c == col).unwrap_or(0) as u16
    }

    pub fn format_version(self) -> i32 {
        match self {
            FormKind::YearEnd => FORMAT_VERSION,
            FormKind::Monitoring(_) => MONITORING_FORMAT_VERSION,
        }
    }

    /// The value of [`META_KIND`] in the hidden sheet.
    pub fn meta_value(self) -> &'static str {
        match self {
            FormKind::YearEnd => KIND_YEAR_END,
            FormKind::Monitoring(_) => KIND_MONITORING,
        }
    }
}

pub const DATA_SHEET: &str = "Rendicontazione";
pub(crate) use crate::xlsx_style::INSTRUCTIONS_SHEET;
pub const META_SHEET: &str = "_consuntivo";
/// The code ([`crate::diag::Diagnostic::code`]) of a problem in the
/// hidden sheet: the file is not a form consuntivo wrote, or its hidden
/// part was altered. A front end says so in its own words (what the unit
/// can see and do: take the form again) instead of naming hidden cells.
pub const NOT_THE_FORM: &str = "modulo-non-riconosciuto";
/// The code of a form consuntivo wrote, but for another year or ente, or
/// of the other kind (monitoring instead of year-end, or the reverse).
pub const OTHER_FORM: &str = "modulo-di-altro-tipo";
pub const MONITORING_SHEET: &str = "Monitoraggio";

/// 0-based row of the column headers in the data sheet (the rows above hold
/// the title); the reader searches for it instead of trusting this.
pub const HEADER_ROW: u32 = 3;

/// Keys of the hidden sheet (column A), values in column B.
pub const META_FORMAT: &str = "formato";
pub const META_ENTE: &str = "ente";
pub const META_YEAR: &str = "anno";
pub const META_AREA: &str = "area";
pub const META_AREA_NAME: &str = "nome_area";
pub const META_FINGERPRINT: &str = "impronta_piano";
/// Year-end or monitoring form; absent in forms written before monitoring
/// existed, which are year-end forms.
pub const META_KIND: &str = "tipo";
pub const META_MONITORING_DATE: &str = "data_monitoraggio";
pub const KIND_YEAR_END: &str = "rendicontazione";
pub const KIND_MONITORING: &str = "monitoraggio";

/// Every column of the data sheet, in the writer's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Code,
    Theme,
    Objective,
    Indicator,
    Expected,
    Target,
    Deadline,
    Weight,
    // Input columns from here on.
    Date,
    Value,
    Done,
    Status,
    Evidence,
    Notes,
    Motivation,
    // Monitoring input columns.
    Progress,
    Forecast,
    Proposal,
    ProposalMotivation,
}

impl Column {
    pub const ALL: [Column; 15] = [
        Column::Code,
        Column::Theme,
        Column::Objective,
        Column::Indicator,
        Column::Expected,
        Column::Target,
        Column::Deadline,
        Column::Weight,
        Column::Date,
        Column::Value,
        Column::Done,
        Column::Status,
        Column::Evidence,
        Column::Notes,
        Column::Motivation,
    ];

    pub const INPUTS: [Column; 7] = [
        Column::Date,
        Column::Value,
        Column::Done,
        Column::Status,
        Column::Evidence,
        Column::Notes,
        Column::Motivation,
    ];

    /// The monitoring form: the plan columns, then progress and forecast.
    pub const MONITORING: [Column; 14] = [
        Column::Code,
        Column::Theme,
        Column::Objective,
        Column::Indicator,
        Column::Expected,
        Column::Target,
        Column::Deadline,
        Column::Weight,
        Column::Date,
        Column::Progress,
        Column::Forecast,
        Column::Proposal,
        Column::ProposalMotivation,
        Column::Notes,
    ];

    pub const MONITORING_INPUTS: [Column; 6] = [
        Column::Date,
        Column::Progress,
        Column::Forecast,
        Column::Proposal,
        Column::ProposalMotivation,
        Column::Notes,
    ];

    /// Every column of every kind of form, for recognising headers.
    const EVERY: [Column; 19] = [
        Column::Code,
        Column::Theme,
        Column::Objective,
        Column::Indicator,
        Column::Expected,
        Column::Target,
        Column::Deadline,
        Column::Weight,
        Column::Date,
        Column::Value,
        Column::Done,
        Column::Status,
        Column::Evidence,
        Column::Notes,
        Column::Motivation,
        Column::Progress,
        Column::Forecast,
        Column::Proposal,
        Column::ProposalMotivation,
    ];

    /// 0-based position in a generated form.
    pub fn index(self) -> u16 {
        Column::ALL.iter().position(|c| *c == self).unwrap_or(0) as u16
    }

    pub fn is_input(self) -> bool {
        Column::INPUTS.contains(&self) || Column::MONITORING_INPUTS.contains(&self)
    }

    /// The header text users see (and the reader looks for).
    pub fn header(self) -> &'static str {
        match self {
            Column::Code => "Codice",
            Column::Theme => "Ambito strategico",
            Column::Objective => "Obiettivo",
            Column::Indicator => "Indicatore",
            Column::Expected => "Livello atteso (dal piano)",
            Column::Target => "Traguardo da rendicontare",
            Column::Deadline => "Scadenza",
            Column::Weight => "Peso",
            Column::Date => "Data di realizzazione",
            Column::Value => "Valore raggiunto",
            Column::Done => "Realizzato (Sì/No)",
            Column::Status => "Stato proposto",
            Column::Evidence => "Documentazione / evidenze",
            Column::Notes => "Note",
            Column::Motivation => "Motivazione dello scostamento",
            Column::Progress => "Avanzamento",
            Column::Forecast => "Previsione",
            Column::Proposal => "Proposta di modifica del piano",
            Column::ProposalMotivation => "Motivazione della proposta",
        }
    }

    /// Column width in characters (the whole row fits an A4 landscape
    /// page at about 60%).
    pub fn width(self) -> f64 {
        match self {
            Column::Code => 12.0,
            Column::Theme => 12.0,
            Column::Objective => 24.0,
            Column::Indicator => 26.0,
            Column::Expected => 26.0,
            Column::Target => 22.0,
            Column::Deadline => 10.5,
            Column::Weight => 6.0,
            Column::Date => 12.0,
            Column::Value => 10.0,
            Column::Done => 10.0,
            Column::Status => 15.0,
            Column::Evidence => 22.0,
            Column::Notes => 20.0,
            Column::Motivation => 24.0,
            Column::Progress => 12.0,
            Column::Forecast => 15.0,
            Column::Proposal => 26.0,
            Column::ProposalMotivation => 26.0,
        }
    }

    /// Recognises a header cell, ignoring case, accents, spacing and
    /// punctuation, so a header retyped by hand still matches.
    pub fn from_header(text: &str) -> Option<Column> {
        let key = normalize(text);
        if key.is_empty() {
            return None;
        }
        Column::EVERY
            .iter()
            .copied()
            .find(|c| normalize(c.header()) == key || c.aliases().iter().any(|a| *a == key))
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Code => &["codiceindicatore", "id", "codice"],
            Column::Expected => &["livelloatteso"],
            Column::Target => &["traguardo"],
            Column::Date => &["datarealizzazione", "data"],
            Column::Value => &["valore"],
            Column::Done => &["realizzato", "sino", "fatto"],
            Column::Status => &["stato"],
            Column::Evidence => &["documentazione", "evidenze", "documentazioneevidenze"],
            Column::Motivation => &["motivazione", "motivazionescostamento"],
            Column::Progress => &["avanzamentoraggiunto", "statodiavanzamento"],
            Column::Forecast => &["previsionediraggiungimento"],
            Column::Proposal => &["propostadimodifica", "modificaproposta"],
            _ => &[],
        }
    }
}

/// Lower-case ASCII letters and digits only, accents folded.
pub fn normalize(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

pub fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        other => other,
    }
}

/// Which input columns fit a target kind (the others are greyed; a value
/// typed there is still read, with a warning when it cannot fit).
pub fn fits(kind: TargetKind, col: Column) -> bool {
    match col {
        Column::Date | Column::Done => matches!(
            kind,
            TargetKind::Deadline | TargetKind::YesNo | TargetKind::Qualitative
        ),
        Column::Value => kind.takes_value() || kind == TargetKind::Qualitative,
        _ => true,
    }
}

/// Whether a greyed cell should look greyed (qualitative targets accept
/// anything as supporting data, but only status and evidence are asked).
pub fn asked(kind: TargetKind, col: Column) -> bool {
    match col {
        Column::Date => kind == TargetKind::Deadline,
        Column::Value => kind.takes_value(),
        Column::Done => kind == TargetKind::YesNo,
        _ => true,
    }
}

/// Whether a monitoring input cell is asked for a target kind: the date
/// of realisation only where a date can complete the target.
pub fn asked_monitoring(kind: TargetKind, col: Column) -> bool {
    match col {
        Column::Date => matches!(
            kind,
            TargetKind::Deadline | TargetKind::YesNo | TargetKind::Qualitative
        ),
        _ => true,
    }
}

/// One row of the form: one target of one indicator.
#[derive(Debug, Clone)]
pub struct RowSpec<'a> {
    pub objective: &'a Objective,
    pub indicator: &'a Indicator,
    /// Index in `indicator.targets`.
    pub target: usize,
    pub weight: Option<f64>,
}

impl RowSpec<'_> {
    pub fn key(&self) -> String {
        row_code(self.indicator, self.target)
    }

    pub fn target(&self) -> &Target {
        &self.indicator.targets[self.target]
    }
}

/// "OB01.1" for an indicator with one target, "OB27.1 (2/3)" for the
/// second of three targets.
pub fn row_code(indicator: &Indicator, target: usize) -> String {
    if indicator.targets.len() > 1 {
        format!(
            "{} ({}/{})",
            indicator.id,
            target + 1,
            indicator.targets.len()
        )
    } else {
        indicator.id.to_string()
    }
}

/// A code as typed: the indicator id and, when given, "(k/n)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedCode {
    pub id: String,
    /// 1-based target number and the total stated, when present.
    pub part: Option<(usize, usize)>,
}

/// Splits "OB27.1 (2/3)" (spaces optional, "di" accepted for "/").
pub fn parse_code(text: &str) -> Option<ParsedCode> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(open) = text.rfind('(')
        && text.ends_with(')')
    {
        let id = text[..open].trim();
        let inner = text[open + 1..text.len() - 1].replace(" di ", "/");
        let (k, n) = inner.split_once('/')?;
        let k = k.trim().parse::<usize>().ok()?;
        let n = n.trim().parse::<usize>().ok()?;
        if id.is_empty() {
            return None;
        }
        return Some(ParsedCode {
            id: id.to_string(),
            part: Some((k, n)),
        });
    }
    Some(ParsedCode {
        id: text.to_string(),
        part: None,
    })
}

/// The rows of `area`'s form, in plan order. A shared indicator with a
/// lead unit (`capofila`) is on the lead's form only.
pub fn rows<'a>(plan: &'a Plan, area: &'a AreaId) -> Vec<RowSpec<'a>> {
    let mut out = Vec::new();
    for objective in plan.objectives_for(area) {
        for indicator in objective
            .indicators_for(area)
            .filter(|i| i.lead.as_ref().is_none_or(|l| l == area))
        {
            let weight = weight_of(objective, indicator, area);
            for target in 0..indicator.targets.len() {
                out.push(RowSpec {
                    objective,
                    indicator,
                    target,
                    weight,
                });
            }
        }
    }
    out
}

/// The Area's weight for an indicator: the indicator's own list when it
/// gives a weight, else the objective's.
pub fn weight_of(objective: &Objective, indicator: &Indicator, area: &AreaId) -> Option<f64> {
    let own = indicator
        .areas
        .iter()
        .flatten()
        .find(|r| &r.area == area)
        .and_then(|r| r.weight);
    own.or_else(|| {
        objective
            .areas
            .iter()
            .find(|r| &r.area == area)
            .and_then(|r| r.weight)
    })
}

/// A file name people recognise: "2023 - Area III Finanziaria.xlsx", or
/// "2023 - Monitoraggio 30-06-2023 - Area III Finanziaria.xlsx".
pub fn file_name_of(plan: &Plan, area_name: &str, kind: FormKind) -> String {
    match kind {
        FormKind::YearEnd => file_name(plan, area_name),
        FormKind::Monitoring(d) => {
            let base = file_name(plan, area_name);
            let rest = base
                .strip_prefix(&format!("{} - ", plan.year))
                .unwrap_or(&base);
            format!(
                "{} - Monitoraggio {} - {rest}",
                plan.year,
                d.format("%d-%m-%Y")
            )
        }
    }
}

/// A file name people recognise: "2023 - Area III Finanziaria.xlsx".
pub fn file_name(plan: &Plan, area_name: &str) -> String {
    // The name alone is made safe, as the plan loader's check of colliding
    // names does: two names that pass it never give one file.
    format!(
        "{} - {}.xlsx",
        plan.year,
        crate::filename::safe_file_name(area_name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 5), "F12");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 27), "AB10");
    }

    #[test]
    fn codes() {
        assert_eq!(
            parse_code(" OB27.1 (2/3) "),
            Some(ParsedCode {
                id: "OB27.1".into(),
                part: Some((2, 3))
            })
        );
        assert_eq!(
            parse_code("OB27.1(2 di 3)"),
            Some(ParsedCode {
                id: "OB27.1".into(),
                part: Some((2, 3))
            })
        );
        assert_eq!(
            parse_code("OB01.1"),
            Some(ParsedCode {
                id: "OB01.1".into(),
                part: None
            })
        );
        assert_eq!(parse_code("  "), None);
        assert_eq!(parse_code("OB1 (x/2)"), None);
    }

    #[test]
    fn headers_are_recognised_loosely() {
        for c in Column::ALL {
            assert_eq!(Column::from_header(c.header()), Some(c));
        }
        assert_eq!(
            Column::from_header("  DATA DI REALIZZAZIONE "),
            Some(Column::Date)
        );
        assert_eq!(
            Column::from_header("Realizzato (si/no)"),
            Some(Column::Done)
        );
        assert_eq!(Column::from_header("Colonna mia"), None);
    }
}
