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
    let mut groups: Vec<(Vec<&str>, usize)> = Vec::new();
    let mut current: (Vec<&str>, usize) = (Vec::new(), 0);
    for (label, n) in counts {
        current.0.push(label);
        current.1 += n;
        if current.1 == 0 || current.1 >= MIN_AGGREGATE {
            groups.push(std::mem::take(&mut current));
        }
    }
    while !current.0.is_empty() && current.1 < MIN_AGGREGATE {
        let Some((mut labels, n)) = groups.pop() else {
            break;
        };
        labels.append(&mut current.0);
        current = (labels, n + current.1);
    }
    if !current.0.is_empty() {
        groups.push(current);
    }
    groups
}

/// The label of a group of bands: «A», «A e B», «A, B e C».
pub fn group_label(labels: &[&str]) -> String {
    match labels.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} e {last}", rest.join(", ")),
        _ => labels.concat(),
    }
}
