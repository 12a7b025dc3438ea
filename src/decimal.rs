//! Exact decimal arithmetic for money and points.
//!
//! A binary `f64` cannot hold 1.000,30 or 0,75 exactly, so `1000.3 * 0.75`
//! is 750,2249999… and rounds to 750,22 where the exact 750,225 rounds
//! half-up to 750,23, the value a spreadsheet's `ROUND` shows. Here every
//! operand is taken as the decimal a person typed or a workbook stores (the
//! shortest decimal that reads back as the same `f64`), products and
//! quotients are exact fractions of integers, and only the final result is
//! rounded, half away from zero, to the places asked for.

use std::cmp::Ordering;

/// An exact fraction `num / den`, `den > 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Ratio {
    /// The decimal written by Rust's shortest round-trip formatting of `x`
    /// (the text a workbook stores for the number). `None` when `x` is not
    /// finite or has more digits than fit.
    pub fn of(x: f64) -> Option<Ratio> {
        if !x.is_finite() {
            return None;
        }
        let text = format!("{x}");
        Ratio::parse(&text)
    }

    /// A decimal written in digits with an optional sign and point: `-12.5`.
    pub fn parse(text: &str) -> Option<Ratio> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let frac = frac.trim_end_matches('0');
        let int = int.trim_start_matches('0');
        if int.len() + frac.len() > 36
            || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let all = format!("{int}{frac}");
        let mut num: i128 = if all.is_empty() { 0 } else { all.parse().ok()? };
        if negative {
            num = -num;
        }
        let den = 10i128.checked_pow(u32::try_from(frac.len()).ok()?)?;
        Some(Ratio::new(num, den))
    }

    pub fn int(n: i64) -> Ratio {
        Ratio {
            num: i128::from(n),
            den: 1,
        }
    }

    fn new(num: i128, den: i128) -> Ratio {
        let g = gcd(num, den);
        let sign = if den < 0 { -1 } else { 1 };
        Ratio {
            num: sign * num / g,
            den: sign * den / g,
        }
    }

    pub fn checked_mul(self, o: Ratio) -> Option<Ratio> {
        // Cross-reduce first so the products stay small.
        let g1 = gcd(self.num, o.den);
        let g2 = gcd(o.num, self.den);
        let num = (self.num / g1).checked_mul(o.num / g2)?;
        let den = (self.den / g2).checked_mul(o.den / g1)?;
        Some(Ratio::new(num, den))
    }

    pub fn checked_div(self, o: Ratio) -> Option<Ratio> {
        if o.num == 0 {
            return None;
        }
        self.checked_mul(Ratio::new(o.den, o.num))
    }

    pub fn checked_add(self, o: Ratio) -> Option<Ratio> {
        let g = gcd(self.den, o.den);
        let den = (self.den / g).checked_mul(o.den)?;
        let num = self
            .num
            .checked_mul(o.den / g)?
            .checked_add(o.num.checked_mul(self.den / g)?)?;
        Some(Ratio::new(num, den))
    }

    pub fn checked_sub(self, o: Ratio) -> Option<Ratio> {
        self.checked_add(Ratio {
            num: o.num.checked_neg()?,
            den: o.den,
        })
    }

    /// Rounded half away from zero to `places` decimals, as the `f64`
    /// nearest that decimal (whose shortest form is that decimal).
    pub fn round(self, places: u32) -> Option<f64> {
        let scale = 10i128.checked_pow(places)?;
        let scaled = self.num.checked_mul(scale)?;
        let mut q = scaled / self.den;
        let rem = (scaled % self.den).abs();
        if rem.checked_mul(2)?.cmp(&self.den) != Ordering::Less {
            q += scaled.signum();
        }
        let digits = q.unsigned_abs().to_string();
        let p = places as usize;
        let padded = format!("{digits:0>width$}", width = p + 1);
        let (int, frac) = padded.split_at(padded.len() - p);
        let sign = if q < 0 { "-" } else { "" };
        format!("{sign}{int}.{frac}0").parse().ok()
    }

    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

/// `Π numerators / Π denominators`, each taken as its decimal, rounded half
/// away from zero to `places`. Should the digits not fit (values far beyond
/// any amount or score), the binary product is rounded through its shortest
/// decimal instead.
pub fn round_product(numerators: &[f64], denominators: &[f64], places: u32) -> f64 {
    let exact = || {
        let mut r = Ratio::int(1);
        for x in numerators {
            r = r.checked_mul(Ratio::of(*x)?)?;
        }
        for x in denominators {
            r = r.checked_div(Ratio::of(*x)?)?;
        }
        r.round(places)
    };
    exact().unwrap_or_else(|| {
        let x = numerators.iter().product::<f64>() / denominators.iter().product::<f64>();
        round(x, places)
    })
}

/// `x` rounded half away from zero to `places`, taking `x` as its decimal:
/// 750,225 gives 750,23 (a binary `(x * 100).round()` gives 750,22).
pub fn round(x: f64, places: u32) -> f64 {
    match Ratio::of(x).and_then(|r| r.round(places)) {
        Some(v) => v,
        None => {
            let k = 10f64.powi(places as i32);
            let y = (x * k).round() / k;
            if y.is_finite() { y } else { x }
        }
    }
}

/// To the hundredth (cents, points): [`round`] with 2 places.
pub fn round2(x: f64) -> f64 {
    round(x, 2)
}

/// Whole cents of an amount in euros, exactly: 1.000,30 → 100 030.
pub fn cents(x: f64) -> i64 {
    (round2(x) * 100.0).round() as i64
}

/// Points on a scale: `max_points × (score − bottom) ÷ (top − bottom)`,
/// exactly, to the hundredth (the workbook's
/// `ROUND(max*(score-bottom)/(top-bottom),2)`); `bottom` 0 gives the
/// proportional `max × score ÷ top`.
pub fn scaled_points(max_points: f64, score: f64, bottom: f64, top: f64) -> f64 {
    let exact = || {
        let (lo, hi) = (Ratio::of(bottom)?, Ratio::of(top)?);
        Ratio::of(max_points)?
            .checked_mul(Ratio::of(score)?.checked_sub(lo)?)?
            .checked_div(hi.checked_sub(lo)?)?
            .round(2)
    };
    exact().unwrap_or_else(|| round2(max_points * (score - bottom) / (top - bottom)))
}

/// A fund shared in proportion to the weights, to the cent, summing
/// exactly to the fund: each gets the floor of its exact share in cents;
/// the cents left go one each to the largest fractional remainders, ties
/// to the larger weight, then to the earlier in the list. With no positive
/// weight nothing is distributed.
pub fn distribute(fund: f64, weights: &[f64]) -> Vec<f64> {
    let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    let cents = cents(fund);
    if total <= 0.0 || cents <= 0 {
        return vec![0.0; weights.len()];
    }
    let exact: Vec<f64> = weights
        .iter()
        .map(|w| cents as f64 * w.max(0.0) / total)
        .collect();
    let mut out: Vec<i64> = exact.iter().map(|x| x.floor() as i64).collect();
    let left = cents - out.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..weights.len()).filter(|i| weights[*i] > 0.0).collect();
    order.sort_by(|a, b| {
        let fa = exact[*a] - exact[*a].floor();
        let fb = exact[*b] - exact[*b].floor();
        fb.total_cmp(&fa)
            .then(weights[*b].total_cmp(&weights[*a]))
            .then(a.cmp(b))
    });
    for i in order.into_iter().take(left.max(0) as usize) {
        out[i] += 1;
    }
    out.into_iter().map(|c| c as f64 / 100.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_rounds_half_up_on_the_decimal_not_the_binary() {
        // 1000.3 * 0.75 is 750.2249999… in binary.
        assert_eq!((1000.3f64 * 0.75 * 100.0).round() / 100.0, 750.22);
        assert_eq!(round_product(&[1000.3, 0.75], &[], 2), 750.23);
        assert_eq!(round_product(&[1000.3, 0.75, 365.0], &[365.0], 2), 750.23);
        assert_eq!(round2(750.225), 750.23);
        assert_eq!(round2(-750.225), -750.23);
        assert_eq!(round2(2.675), 2.68);
        assert_eq!(round2(1.005), 1.01);
        assert_eq!(round2(0.004_999), 0.0);
        assert_eq!(round2(0.0), 0.0);
        assert_eq!(round2(12.0), 12.0);
    }

    #[test]
    fn quotients_are_exact_fractions() {
        // 3.7 × 0.99865 = 3.695005 → 3.70; 60 × 1/7 is not a decimal.
        assert_eq!(round_product(&[3.7, 0.99865], &[], 2), 3.7);
        assert_eq!(round_product(&[60.0, 1.0], &[7.0], 2), 8.57);
        assert_eq!(round_product(&[87.5, 100.0], &[100.0], 2), 87.5);
        // 1 / 8 = 0.125 exactly: half away from zero.
        assert_eq!(round_product(&[1.0], &[8.0], 2), 0.13);
        assert_eq!(round_product(&[-1.0], &[8.0], 2), -0.13);
        // Division by zero falls back to the binary value, not a panic.
        assert!(round_product(&[1.0], &[0.0], 2).is_infinite());
    }

    #[test]
    fn decimals_parse_as_written() {
        assert_eq!(Ratio::parse("1000.30"), Ratio::of(1000.3));
        assert_eq!(Ratio::parse("-0.5").map(Ratio::to_f64), Some(-0.5));
        assert_eq!(Ratio::parse("1e5"), None);
        assert_eq!(Ratio::of(f64::NAN), None);
        assert_eq!(Ratio::of(1e308), None);
        assert_eq!(round2(1e308), 1e308);
        assert_eq!(cents(1000.3), 100_030);
        assert_eq!(cents(18_000.0), 1_800_000);
    }
}
