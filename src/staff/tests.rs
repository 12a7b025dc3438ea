//! The `[personale]` rules: the shipped file, and each bad value refused at
//! its line and column.

use std::path::Path;

use super::*;

const SHIPPED: &str = include_str!("../../inputs/smvp.toml");

fn model_of(text: &str) -> Result<Option<StaffModel>, Vec<String>> {
    parse_model(text, Path::new("smvp.toml"))
        .map_err(|d| d.0.iter().map(|x| x.to_string()).collect())
}

/// The shipped rules with `from` replaced by `to` (once, must be there).
fn edited(from: &str, to: &str) -> String {
    assert!(SHIPPED.contains(from), "{from}");
    SHIPPED.replacen(from, to, 1)
}

/// 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn the_shipped_rules_read() {
    let m = model_of(SHIPPED).unwrap().unwrap();
    assert_eq!(m.scale.levels(), vec![1.0, 2.0, 3.0, 4.0, 5.0]);
    let ids: Vec<&str> = m.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        ["operatori", "operatori_esperti", "istruttori", "funzionari"]
    );
    for c in &m.categories {
        let total: f64 =
            c.unit_points + c.objective_points + c.behaviours.iter().map(|b| b.points).sum::<f64>();
        assert_eq!(total, 100.0, "{}", c.id);
        assert!(c.behaviours.iter().all(|b| b.descriptors.len() == 5));
    }
    let bonus = m.bonus.unwrap();
    assert_eq!(bonus.percent, 30.0);
    assert_eq!(bonus.quota, BonusQuota::Percent(10.0));
    assert_eq!(bonus.tie, TieRule::Share);
    assert_eq!(m.head_behaviour.as_deref(), Some("differenziazione"));
    assert_eq!(
        (m.split, m.below_minimum),
        (SplitRule::Score, BelowMinimum::Redistribute)
    );
    assert_eq!(m.review_days, 15);
    assert_eq!(m.bands.len(), 4);
}

#[test]
fn without_the_section_there_is_no_model() {
    let cut = &SHIPPED[..SHIPPED.find("\n[personale]").unwrap()];
    assert_eq!(model_of(cut).unwrap(), None);
}

#[test]
fn bad_rules_are_refused_at_their_line() {
    // (replace, with, the text at whose line the error is, its column, words)
    let cases: &[(&str, &str, &str, usize, &str)] = &[
        (
            "percentuale = 30 ",
            "percentuale = 25 ",
            "percentuale = 25",
            15,
            "art. 81 CCNL 16/11/2022",
        ),
        (
            "giorni_riesame = 15",
            "giorni_riesame = 15\nvoto = 3",
            "voto = 3",
            1,
            "chiave sconosciuta `voto` in [personale]",
        ),
        (
            "comportamento_capacita_valutativa = \"differenziazione\"",
            "comportamento_capacita_valutativa = \"giudizio\"",
            "comportamento_capacita_valutativa = \"giudizio\"",
            37,
            "non è un comportamento di [individuale.responsabile]",
        ),
        (
            "punti_unita = 30                 # punti × grado dell'unità",
            "punti_unita = 31",
            "[[personale.categoria]]",
            1,
            "sommano a 101 punti invece che a 100",
        ),
        (
            "    \"Si aggiorna solo quando è obbligatorio.\",  # livello 2\n",
            "",
            "descrittori = [                  # una frase per livello, da 1 a 5\n    \"Non si aggiorna",
            15,
            "ha 4 frasi, ma la scala ha 5 livelli",
        ),
        (
            "parita = \"ripartisci\"",
            "parita = \"sorteggio\"",
            "parita = \"sorteggio\"",
            10,
            "non è un valore ammesso",
        ),
        (
            "quota_personale = 10 ",
            "quota_personale = 10\npersone = 4 ",
            "quota_personale = 10",
            19,
            "sia `quota_personale` sia `persone`",
        ),
        (
            "da = 80                          # da 80",
            "da = 50                          # da 80",
            "da = 50 ",
            6,
            "fuori ordine",
        ),
        (
            "coefficiente = 90 ",
            "coefficiente = -1 ",
            "coefficiente = -1",
            16,
            "il coefficiente è una percentuale, da 0 a 100",
        ),
    ];
    for (from, to, at, column, words) in cases {
        let text = edited(from, to);
        let e = model_of(&text).unwrap_err();
        let line = line_of(&text, at);
        let want = format!("smvp.toml:{line}:{column}:");
        assert!(
            e.iter().any(|d| d.contains(&want) && d.contains(words)),
            "{to}: want {want} {words}, got {e:#?}"
        );
    }
}
