//! Property tests: grades stay in range whatever the rules, targets and
//! entries; lateness never raises a grade; neutralising an indicator leaves
//! the others alone.

use proptest::prelude::*;

use super::*;
use crate::scoring::target::grade_target;

fn arb_rules() -> impl Strategy<Value = Rules> {
    (
        prop::collection::vec((1u32..40, 0.0f64..=1.0), 0..4),
        0.0f64..=1.0,
        any::<bool>(),
        any::<bool>(),
        0.0f64..=1.0,
        any::<bool>(),
    )
        .prop_map(|(steps, beyond, aon, movable, partial, exclude)| {
            let mut r = Rules::default();
            // Valid bands: increasing days, non-increasing grades.
            let mut days = 0;
            let mut grade: f64 = 1.0;
            r.deadline.bands = steps
                .into_iter()
                .map(|(d, g)| {
                    days += d;
                    grade = grade.min(g);
                    DelayBand {
                        up_to_days: days,
                        grade,
                    }
                })
                .collect();
            r.deadline.beyond_last_band = beyond.min(grade);
            r.deadline.movable_accepts_later_date_with_motivation = movable;
            if aon {
                r.quantity.minimum = QuantityMode::AllOrNothing;
            }
            r.qualitative.partially_achieved = partial;
            if exclude {
                r.missing = MissingPolicy::Exclude;
            }
            r
        })
}

fn arb_target() -> impl Strategy<Value = Target> {
    prop_oneof![
        (0i64..365).prop_map(|d| deadline(2023, 1, 1).clone().with_offset(d)),
        (0.0f64..100.0).prop_map(minimum),
        (0.0f64..100.0, any::<bool>()).prop_map(|(v, s)| maximum(v, s)),
        (0.0f64..=100.0).prop_map(percentage),
        Just(yes_no()),
        Just(qualitative()),
    ]
}

trait WithOffset {
    fn with_offset(self, days: i64) -> Self;
}

impl WithOffset for Target {
    fn with_offset(self, days: i64) -> Self {
        match self {
            Target::Deadline {
                date,
                movable,
                note,
            } => Target::Deadline {
                date: date + chrono::Duration::days(days),
                movable,
                note,
            },
            t => t,
        }
    }
}

fn arb_entry() -> impl Strategy<Value = Entry> {
    (
        prop::option::of(-400i64..800),
        prop::option::of(-1000.0f64..1000.0),
        prop::option::of(any::<bool>()),
        prop::option::of(prop_oneof![Just(A), Just(P), Just(N)]),
        prop::option::of(Just("motivo")),
    )
        .prop_map(|(d, v, done, st, m)| {
            let mut en = e();
            if let Some(d) = d {
                en = en.on(date(2023, 1, 1) + chrono::Duration::days(d));
            }
            if let Some(v) = v {
                en = en.value(v);
            }
            if let Some(b) = done {
                en = en.done(b);
            }
            if let Some(s) = st {
                en = en.status(s);
            }
            if let Some(m) = m {
                en = en.motivation(m);
            }
            en
        })
}

proptest! {
    #[test]
    fn target_grades_stay_in_range(t in arb_target(), en in arb_entry(), r in arb_rules()) {
        let g = grade_target(&t, &en, &r, &vocab());
        if let Some(g) = g.grade {
            prop_assert!((0.0..=1.0).contains(&g), "{g}");
        }
        prop_assert!(!g.text.is_empty());
    }

    #[test]
    fn lateness_never_raises_a_grade(
        r in arb_rules(),
        d1 in -30i64..400,
        extra in 0i64..400,
        movable in any::<bool>(),
        motivated in any::<bool>(),
    ) {
        let t = if movable {
            movable_deadline(2024, 2, 29, "condizione")
        } else {
            deadline(2024, 2, 29)
        };
        let base = date(2024, 2, 29);
        let mk = |d: i64| {
            let en = e().on(base + chrono::Duration::days(d));
            if motivated { en.motivation("m") } else { en }
        };
        let early = grade_target(&t, &mk(d1), &r, &vocab()).grade.unwrap();
        let late = grade_target(&t, &mk(d1 + extra), &r, &vocab()).grade.unwrap();
        prop_assert!(late <= early + 1e-12, "{d1}+{extra}: {early} → {late}");
    }

    #[test]
    fn scorecard_grades_stay_in_range(
        r in arb_rules(),
        entries in prop::collection::vec(arb_entry(), 6),
        reporting in prop::sample::subsequence(vec!["I", "II", "III"], 0..=3),
    ) {
        let plan = plan_with(vec![
            objective("OB01", &[("I", Some(3.0)), ("II", Some(1.0))], vec![
                indicator("OB01.1", vec![deadline(2023, 6, 30), minimum(5.0)]),
                indicator("OB01.2", vec![qualitative()]),
            ]),
            objective("OB02", &[("III", Some(2.0))], vec![
                indicator("OB02.1", vec![percentage(90.0), maximum(3.0, true)]),
            ]),
        ]);
        let keys = [("I", "OB01.1", 0), ("I", "OB01.1", 1), ("II", "OB01.2", 0),
                    ("III", "OB02.1", 0), ("III", "OB02.1", 1), ("I", "OB01.2", 0)];
        let list: Vec<Entry> = entries.into_iter().zip(keys).map(|(mut en, (a, i, t))| {
            en.area = a.into();
            en.indicator = i.into();
            en.target = t;
            en
        }).collect();
        let res = results(&reporting, list);
        let sc = score(&plan, &res, &r, &Review::default());
        let in_range = |g: Option<f64>| g.is_none_or(|g| (0.0..=1.0).contains(&g));
        prop_assert!(in_range(sc.grade) && in_range(sc.computed));
        for ar in &sc.areas {
            prop_assert!(in_range(ar.grade) && in_range(ar.computed));
            if let Some(b) = &ar.band { prop_assert!((0.0..=1.0).contains(&b.share)); }
        }
        for o in &sc.objectives {
            prop_assert!(in_range(o.grade));
            for oa in &o.areas {
                prop_assert!(in_range(oa.grade) && in_range(oa.computed));
                for i in &oa.indicators {
                    prop_assert!(in_range(i.grade) && in_range(i.computed));
                }
            }
        }
    }

    #[test]
    fn neutralising_an_indicator_leaves_the_others_alone(
        specs in prop::collection::vec((prop::option::of(1.0f64..20.0), 0.0f64..=100.0), 2..6),
        which in any::<prop::sample::Index>(),
        per_indicator_weights in any::<bool>(),
    ) {
        let n = specs.len();
        let k = which.index(n);
        let inds = specs.iter().enumerate().map(|(i, (w, _))| {
            let ind = indicator(&format!("OB01.{}", i + 1), vec![percentage(100.0)]);
            if per_indicator_weights { with_areas(ind, &[("I", Some(w.unwrap_or(1.0)))]) } else { ind }
        }).collect();
        let obj_areas: Vec<(&str, Option<f64>)> =
            if per_indicator_weights { vec![] } else { vec![("I", Some(7.0))] };
        let plan = plan_with(vec![
            objective("OB01", &obj_areas, inds),
            objective("OB02", &[("I", Some(3.0))], vec![indicator("OB02.1", vec![yes_no()])]),
        ]);
        let mk = |neutral: bool| {
            let mut list: Vec<Entry> = specs.iter().enumerate().map(|(i, (_, v))| {
                let en = entry("I", &format!("OB01.{}", i + 1), 0);
                if neutral && i == k { en.status(NA).motivation("causa esterna") } else { en.value(*v).motivation("m") }
            }).collect();
            list.push(entry("I", "OB02.1", 0).done(true));
            results(&["I"], list)
        };
        let before = score(&plan, &mk(false), &Rules::default(), &Review::default());
        let after = score(&plan, &mk(true), &Rules::default(), &review_of(&plan, &format!("[[conferma]]\nindicatore = \"OB01.{}\"\nmotivazione = \"accolta\"\n", k + 1)));
        let (b, a) = (obj_area(&before, "OB01", "I"), obj_area(&after, "OB01", "I"));
        // The objective's weight for the Area does not move.
        prop_assert_eq!(b.weight, a.weight);
        for (x, y) in b.indicators.iter().zip(&a.indicators) {
            if x.indicator.as_str() != format!("OB01.{}", k + 1) {
                prop_assert_eq!(x.weight, y.weight);
                prop_assert_eq!(x.grade, y.grade);
            } else {
                prop_assert!(matches!(y.standing, Standing::Neutralised(_)));
                prop_assert_eq!(y.grade, None);
            }
        }
        // The objective grade is the (weighted) mean of the others alone.
        let others: Vec<(f64, f64)> = specs.iter().enumerate().filter(|(i, _)| *i != k)
            .map(|(_, (w, v))| (if per_indicator_weights { w.unwrap_or(1.0) } else { 1.0 }, v / 100.0))
            .collect();
        let sw: f64 = others.iter().map(|(w, _)| w).sum();
        let want = others.iter().map(|(w, g)| w * g).sum::<f64>() / sw;
        prop_assert!((a.grade.unwrap() - want).abs() < 1e-9);
        // The other objective's contribution to the Area is unchanged.
        prop_assert_eq!(obj_area(&before, "OB02", "I"), obj_area(&after, "OB02", "I"));
    }
}
