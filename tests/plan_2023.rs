//! Facts of the real 2023 plan of Alzano Lombardo, each checked by hand
//! against `shared/seed/allegato-h-piano-performance-2023.txt`.

use consuntivo::plan::{AreaId, IndicatorId, ObjectiveId, Plan, Target};
use consuntivo::testkit::build::d as date;
use consuntivo::testkit::shipped::plan_2023;

fn weight(plan: &Plan, objective: &str, area: &str) -> Option<f64> {
    plan.objective(&ObjectiveId::from(objective))
        .unwrap()
        .area_weight(&AreaId::from(area))
}

#[test]
fn shape_of_the_plan() {
    let p = plan_2023();
    assert_eq!(p.ente.name, "Comune di Alzano Lombardo");
    assert_eq!(p.year, 2023);
    assert_eq!(p.areas.len(), 7, "Segretario generale and Areas I–VI");
    assert_eq!(p.themes.len(), 9);
    assert_eq!(p.themes[0].name, "Legalità");
    assert_eq!(p.objectives.len(), 42);
    let indicators: usize = p.objectives.iter().map(|o| o.indicators.len()).sum();
    assert_eq!(indicators, 84);
}

#[test]
fn legalita_training_belongs_to_the_segretario_and_participation_to_all_areas() {
    let p = plan_2023();
    let (_, ind) = p.indicator(&IndicatorId::from("OB01.1")).unwrap();
    assert_eq!(
        ind.expected,
        "2023: almeno 2 giornate formative entro il 31/12/2023"
    );
    assert!(matches!(ind.targets[0], Target::Minimum { value, .. } if value == 2.0));
    assert!(matches!(ind.targets[1], Target::Deadline { date: d, .. } if d == date(2023, 12, 31)));
    assert_eq!(weight(&p, "OB01", "SG"), Some(10.0));
    // "% di partecipazione effettiva … Tutte le Aree 3"
    for area in ["I", "II", "III", "IV", "V", "VI"] {
        assert_eq!(weight(&p, "OB01", area), Some(3.0), "Area {area}");
    }
}

#[test]
fn bilancio_weighs_ten_for_area_iii_and_five_for_the_others() {
    let p = plan_2023();
    assert_eq!(weight(&p, "OB06", "III"), Some(10.0));
    for area in ["I", "II", "IV", "V", "VI"] {
        assert_eq!(weight(&p, "OB06", area), Some(5.0), "Area {area}");
    }
    // The DUP data request is ragioneria's alone, due 12/06/2023.
    let (obj, ind) = p.indicator(&IndicatorId::from("OB06.1")).unwrap();
    assert!(matches!(ind.targets[0], Target::Deadline { date: d, .. } if d == date(2023, 6, 12)));
    assert!(
        obj.indicators_for(&AreaId::from("I"))
            .all(|i| i.id != ind.id)
    );
    assert!(
        obj.indicators_for(&AreaId::from("III"))
            .any(|i| i.id == ind.id)
    );
}

#[test]
fn police_cameras_and_number_plates() {
    let p = plan_2023();
    assert_eq!(weight(&p, "OB17", "VI"), Some(21.0));
    assert_eq!(weight(&p, "OB18", "VI"), Some(20.0));
    let (_, ind) = p.indicator(&IndicatorId::from("OB17.1")).unwrap();
    assert_eq!(ind.description, "Installazione telecamere");
    assert!(matches!(ind.targets[0], Target::Deadline { date: d, .. } if d == date(2023, 9, 30)));
}

#[test]
fn unweighted_projects_carry_their_funding() {
    let p = plan_2023();
    let unweighted: Vec<&str> = p
        .objectives
        .iter()
        .filter(|o| !o.is_weighted())
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(unweighted, ["OB14", "OB20", "OB23"]);
    let ob20 = p.objective(&ObjectiveId::from("OB20")).unwrap();
    assert!(ob20.funding.as_deref().unwrap().contains("Sanzioni CdS"));
}

#[test]
fn cloud_training_has_a_weight_per_area() {
    let p = plan_2023();
    let (_, ind) = p.indicator(&IndicatorId::from("OB24.3")).unwrap();
    let weights: Vec<(&str, Option<f64>)> = ind
        .areas
        .as_ref()
        .unwrap()
        .iter()
        .map(|r| (r.area.as_str(), r.weight))
        .collect();
    assert_eq!(
        weights,
        [
            ("I", Some(8.0)),
            ("III", Some(9.0)),
            ("II", Some(2.0)),
            ("IV", Some(1.0)),
            ("V", Some(1.0)),
            ("VI", Some(1.0))
        ]
    );
}

#[test]
fn multi_year_movable_and_conditional_targets() {
    let p = plan_2023();
    // Regolamento Edilizio: 28/02/2024, Area V, peso 25.
    let (_, ind) = p.indicator(&IndicatorId::from("OB11.1")).unwrap();
    assert!(
        matches!(&ind.targets[0], Target::Deadline { date: d, note: Some(_), .. } if *d == date(2024, 2, 28))
    );
    assert_eq!(weight(&p, "OB11", "V"), Some(25.0));
    // Tributi portal: "Entro il 31/12 o data successiva".
    let (_, ind) = p.indicator(&IndicatorId::from("OB25.1")).unwrap();
    assert!(matches!(
        &ind.targets[0],
        Target::Deadline {
            movable: Some(_),
            ..
        }
    ));
    // Monte di Nese: two steps only "in caso di adesione all'avviso pubblico".
    let ob34 = p.objective(&ObjectiveId::from("OB34")).unwrap();
    let conditional: Vec<&str> = ob34
        .indicators
        .iter()
        .filter(|i| i.condition.is_some())
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(conditional, ["OB34.4", "OB34.5"]);
    // "Richiami inferiori a n. 3": a strict maximum.
    let (_, ind) = p.indicator(&IndicatorId::from("OB02.2")).unwrap();
    assert!(
        ind.targets
            .iter()
            .any(|t| matches!(t, Target::Maximum { value, strict: true, .. } if *value == 3.0))
    );
}

#[test]
fn total_weights_per_area() {
    let p = plan_2023();
    let totals: Vec<(&str, f64)> = p
        .areas
        .iter()
        .map(|a| (a.id.as_str(), p.area_total_weight(&a.id)))
        .collect();
    assert_eq!(
        totals,
        [
            ("SG", 20.0),
            ("I", 65.0),
            ("II", 60.0),
            ("III", 60.0),
            ("IV", 60.0),
            ("V", 60.0),
            ("VI", 60.0)
        ]
    );
}
