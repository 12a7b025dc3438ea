//! The staff's premi data of art. 20 D.Lgs. 33/2013 (category
//! `personale` of the open data's premi files, beside the heads'): the
//! fund and what was paid, the distribution by band, the degree of
//! differentiation. Built by `opendata::premi::category` with the same
//! rule that keeps every person out of the heads' data.

use crate::opendata::premi::{Category, Member, Source, category};
use crate::privacy::MIN_AGGREGATE;

use super::model::{BelowMinimum, StaffModel, StaffResult};

/// The category code of the staff in the files.
pub const STAFF: &str = "personale";

/// The staff's category, and whether it is complete (every evaluation
/// concluded, the payment list final); `Err(n)`: only `n` evaluations are
/// concluded, fewer than [`MIN_AGGREGATE`], and nothing may be published.
pub fn premi_category(result: &StaffResult, model: &StaffModel) -> Result<(Category, bool), usize> {
    let finals: Vec<_> = result
        .evaluations
        .iter()
        .filter(|e| !e.is_draft() && e.score.is_some())
        .collect();
    let n = finals.len();
    if n < MIN_AGGREGATE {
        return Err(n);
    }
    let members: Vec<Member> = finals
        .iter()
        .map(|e| Member {
            band: e
                .band
                .as_ref()
                .and_then(|b| model.bands.iter().position(|x| x.label == b.label))
                .unwrap_or(0),
            score: e.score,
            amount: e.premium.as_ref().map(|p| p.total),
            paid: e.premium.as_ref().is_some_and(|p| p.total > 0.0),
        })
        .collect();
    // Shares saved, not redistributed: the fund less what was paid is
    // their sum, one or two persons' would-be amounts.
    let losing = if model.below_minimum == BelowMinimum::Save {
        finals
            .iter()
            .filter(|e| e.premium.as_ref().is_some_and(|p| p.saved > 0.0))
            .count()
    } else {
        0
    };
    let complete = n == result.evaluations.len()
        && result.split.finality.is_final()
        && members.iter().all(|m| m.amount.is_some());
    let c = category(&Source {
        code: STAFF,
        name: "Personale",
        // A fund split among the staff, by score or by band.
        pay_rule: "fondo",
        bands: model
            .bands
            .iter()
            .map(|b| (b.label.as_str(), b.from))
            .collect(),
        finals: &members,
        pending: result.evaluations.len() - n,
        budgeted: Some(result.split.fund),
        losing,
    });
    Ok((c, complete))
}
