//! What an aggregate may publish about people: no group of fewer than
//! [`MIN_AGGREGATE`] people, no minimum or maximum over fewer than
//! [`MIN_EXTREMES`]. Used by the individual evaluations' aggregates and by
//! the Relazione's distribution of heads over the units' reward bands.

/// The fewest people an aggregate may describe: a count, a band or a mean
/// over fewer points back to a person, whose objectives part is the public
/// unit grade × its points.
pub const MIN_AGGREGATE: usize = 3;
/// The fewest people whose lowest and highest scores may be printed.
pub const MIN_EXTREMES: usize = 10;

/// Bands in order, adjacent ones joined until each group holds no one or
/// at least [`MIN_AGGREGATE`] people; a small group left at the end joins
/// the groups before it. `counts` must total at least `MIN_AGGREGATE`.
pub fn band_groups<'a>(counts: &[(&'a str, usize)]) -> Vec<(Vec<&'a str>, usize)> {
    let counts: Vec<(&str, [usize; 1])> = counts.iter().map(|(l, n)| (*l, [*n])).collect();
    groups(&counts)
        .into_iter()
        .map(|(labels, [n])| (labels, n))
        .collect()
}

/// Whether a group's counts may be published: each is 0 or at least
/// [`MIN_AGGREGATE`].
pub fn publishable<const N: usize>(counts: &[usize; N]) -> bool {
    counts.iter().all(|n| *n == 0 || *n >= MIN_AGGREGATE)
}

/// [`band_groups`] over several counts per band (the people, and those of
/// them paid something): adjacent bands joined until every count of each
/// group is 0 or at least [`MIN_AGGREGATE`]; a group left short at the end
/// joins the groups before it. When even all the bands together fall short
/// (two people paid out of five) the one group returned is not
/// [`publishable`], and the caller withholds what it would reveal.
pub fn groups<'a, const N: usize>(
    counts: &[(&'a str, [usize; N])],
) -> Vec<(Vec<&'a str>, [usize; N])> {
    let add = |a: &mut [usize; N], b: &[usize; N]| {
        for (x, y) in a.iter_mut().zip(b) {
            *x += y;
        }
    };
    let mut out: Vec<(Vec<&str>, [usize; N])> = Vec::new();
    let mut current: (Vec<&str>, [usize; N]) = (Vec::new(), [0; N]);
    for (label, n) in counts {
        current.0.push(label);
        add(&mut current.1, n);
        if publishable(&current.1) {
            out.push(std::mem::replace(&mut current, (Vec::new(), [0; N])));
        }
    }
    while !current.0.is_empty() && !publishable(&current.1) {
        let Some((mut labels, n)) = out.pop() else {
            break;
        };
        labels.append(&mut current.0);
        add(&mut current.1, &n);
        current.0 = labels;
    }
    if !current.0.is_empty() {
        out.push(current);
    }
    out
}

/// The label of a group of bands: «A», «A e B», «A, B e C».
pub fn group_label(labels: &[&str]) -> String {
    match labels.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} e {last}", rest.join(", ")),
        _ => labels.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined<const N: usize>(g: Vec<(Vec<&str>, [usize; N])>) -> Vec<(String, [usize; N])> {
        g.into_iter().map(|(l, n)| (l.join("+"), n)).collect()
    }

    #[test]
    fn bands_join_until_people_and_paid_people_are_none_or_three() {
        // (people, paid) per band → groups.
        type Case = (
            &'static [(&'static str, [usize; 2])],
            &'static [(&'static str, [usize; 2])],
        );
        let cases: &[Case] = &[
            // The 2023 example: 0, 2, 1, 3 heads, all paid.
            (
                &[
                    ("F1", [0, 0]),
                    ("F2", [2, 2]),
                    ("F3", [1, 1]),
                    ("F4", [3, 3]),
                ],
                &[("F1", [0, 0]), ("F2+F3", [3, 3]), ("F4", [3, 3])],
            ),
            // Three unpaid people make a group: their amount (0) is the
            // model's, not theirs.
            (
                &[("F1", [3, 0]), ("F2", [0, 0]), ("F3", [3, 3])],
                &[("F1", [3, 0]), ("F2", [0, 0]), ("F3", [3, 3])],
            ),
            // One unpaid and two paid: three people, but the group's total
            // would be two people's: joined with the next.
            (
                &[("F1", [1, 0]), ("F2", [2, 2]), ("F3", [3, 3])],
                &[("F1+F2+F3", [6, 5])],
            ),
            // Two paid in all: one group, not publishable.
            (
                &[("F1", [3, 0]), ("F2", [1, 1]), ("F3", [1, 1])],
                &[("F1+F2+F3", [5, 2])],
            ),
        ];
        for (counts, want) in cases {
            let got = joined(groups(counts));
            let want: Vec<(String, [usize; 2])> =
                want.iter().map(|(l, n)| (l.to_string(), *n)).collect();
            assert_eq!(got, want, "{counts:?}");
        }
        assert!(!publishable(&[5, 2]));
        assert!(publishable(&[3, 0]));
    }
}
