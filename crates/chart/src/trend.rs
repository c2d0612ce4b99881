//! Trend overlays (issue 9): a moving average or a fitted curve per series,
//! with the equation and R² its legend and tooltip show.
//!
//! The fits follow Excel's trendlines, which users compare against:
//!
//! | kind        | curve               | fitted as                          | R² of   |
//! |-------------|---------------------|------------------------------------|---------|
//! | linear      | y = c₀ + c₁x        | least squares                      | y       |
//! | polynomial  | y = c₀ + … + c_d x^d | least squares, degree 2–6          | y       |
//! | exponential | y = a·e^(b·x)       | a straight line through (x, ln y)  | ln y    |
//! | logarithmic | y = a·ln(x) + b     | a straight line through (ln x, y)  | y       |
//! | power       | y = a·x^b           | a straight line through (ln x, ln y) | ln y  |
//!
//! Exponential and power fits are judged, like Excel's, on the data they are
//! fitted to (the logarithms), so their R² is the one a user sees in Excel.
//!
//! Numerics: x may be dates in seconds since 1970 (~1.7e9), where a degree-6
//! polynomial in raw x cannot be fitted in f64 at all. Every fit therefore
//! works on x mapped onto [−1, 1] and on Legendre polynomials of it, whose
//! least-squares (Gram) matrix G is close to diagonal for any reasonable
//! spread of x (cond ≈ 2d + 1 for evenly spread points), so its normal
//! equations, one streaming pass of at most 7 × 7 sums with y taken about
//! its mean, lose nothing; R² comes from the same sums without cancelling.
//! Crowded x (a cluster and a few far points) makes G ill-conditioned, and
//! the fit measures that (cond₁ of G): from 1e4 it refines the solution
//! twice from the true residuals, and from 1e10, where refining cannot
//! converge, it solves by a QR factorisation of the data (Givens rotations,
//! one pass, several times slower), as accurate as numpy's lstsq. No
//! n × 7 matrix is ever stored. [`Fit::at`] evaluates in the same basis,
//! so the curve is right whatever the size of x; [`Fit::coefficients`] are
//! converted to powers of `x − origin` for display (see [`fit_from`]).

use std::fmt;
use std::ops::RangeInclusive;

/// Moving-average windows [`TrendKind::from_name`] accepts, in rows.
pub const MOVING_AVERAGE_WINDOWS: RangeInclusive<usize> = 2..=1000;

/// Polynomial degrees [`TrendKind::from_name`] accepts (1 is `linear`).
pub const POLYNOMIAL_DEGREES: RangeInclusive<u8> = 2..=6;

/// The degrees [`fit`] can fit: [`POLYNOMIAL_DEGREES`] and 1.
const MAX_DEGREE: usize = 6;

/// What a trend overlay draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendKind {
    /// The trailing mean of this many rows ([`moving_average`]).
    MovingAverage(usize),
    Linear,
    Exponential,
    Logarithmic,
    /// A polynomial of this degree.
    Polynomial(u8),
    Power,
}

impl TrendKind {
    /// The words it is named by in the legend and tooltip.
    pub fn title(self) -> String {
        match self {
            TrendKind::MovingAverage(window) => format!("moving average of {window}"),
            TrendKind::Linear => "linear".to_owned(),
            TrendKind::Exponential => "exponential".to_owned(),
            TrendKind::Logarithmic => "logarithmic".to_owned(),
            TrendKind::Polynomial(degree) => format!("polynomial (degree {degree})"),
            TrendKind::Power => "power".to_owned(),
        }
    }

    /// The name in the URL, the page's `trend` select and the CLI:
    /// "moving-average:7", "linear", "exponential", "logarithmic",
    /// "polynomial:3", "power".
    pub fn name(self) -> String {
        match self {
            TrendKind::MovingAverage(window) => format!("moving-average:{window}"),
            TrendKind::Linear => "linear".to_owned(),
            TrendKind::Exponential => "exponential".to_owned(),
            TrendKind::Logarithmic => "logarithmic".to_owned(),
            TrendKind::Polynomial(degree) => format!("polynomial:{degree}"),
            TrendKind::Power => "power".to_owned(),
        }
    }

    /// The kind [`TrendKind::name`] gives, or `None`: the name must be
    /// exactly one of those (lower case, the number in plain digits without
    /// a leading zero, so every accepted name reads back as itself), with a
    /// window in [`MOVING_AVERAGE_WINDOWS`] and a degree in
    /// [`POLYNOMIAL_DEGREES`]. A URL from elsewhere cannot ask for a
    /// million-row window or a degree-40 polynomial.
    pub fn from_name(name: &str) -> Option<TrendKind> {
        match name {
            "linear" => return Some(TrendKind::Linear),
            "exponential" => return Some(TrendKind::Exponential),
            "logarithmic" => return Some(TrendKind::Logarithmic),
            "power" => return Some(TrendKind::Power),
            _ => {}
        }
        let (head, number) = name.split_once(':')?;
        let canonical = !number.is_empty()
            && number.len() <= 4
            && number.bytes().all(|b| b.is_ascii_digit())
            && !number.starts_with('0');
        if !canonical {
            return None;
        }
        let n: usize = number.parse().ok()?;
        match head {
            "moving-average" => MOVING_AVERAGE_WINDOWS
                .contains(&n)
                .then_some(TrendKind::MovingAverage(n)),
            "polynomial" => u8::try_from(n)
                .ok()
                .filter(|d| POLYNOMIAL_DEGREES.contains(d))
                .map(TrendKind::Polynomial),
            _ => None,
        }
    }

    /// "a linear trend", "a polynomial trend of degree 3": the subject of
    /// [`TrendError::message`]'s sentences.
    fn subject(self) -> String {
        match self {
            TrendKind::MovingAverage(window) => format!("a {window}-row moving average"),
            TrendKind::Linear => "a linear trend".to_owned(),
            TrendKind::Exponential => "an exponential trend".to_owned(),
            TrendKind::Logarithmic => "a logarithmic trend".to_owned(),
            TrendKind::Polynomial(degree) => format!("a polynomial trend of degree {degree}"),
            TrendKind::Power => "a power trend".to_owned(),
        }
    }
}

/// Why a trend cannot be fitted to a series.
///
/// [`fmt::Display`] gives a sentence without names (an error knows neither
/// the trend nor the columns); the page says [`TrendError::message`], which
/// names both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrendError {
    /// A logarithmic or power fit met an x at or below zero (ln x is undefined).
    NeedsPositiveX,
    /// An exponential or power fit met a y at or below zero (ln y is undefined).
    NeedsPositiveY,
    /// Fewer distinct x values than the curve has coefficients: a line needs
    /// two, a polynomial of degree d needs d + 1. `found` counts the
    /// distinct x values among the usable pairs (a hundred points at one x
    /// determine no slope).
    TooFewPoints { needed: usize, found: usize },
    /// [`fit`] was asked for what it does not fit: a moving average (that is
    /// [`moving_average`]) or a polynomial degree outside 1–6. The caller's
    /// mistake, never the data's: [`TrendKind::from_name`] makes neither.
    Unsupported(TrendKind),
}

impl TrendError {
    /// The page's sentence: `kind` is the trend asked for, `x` the x
    /// column's name and `series` the series' (each error names the column
    /// it is about), e.g. "an exponential trend needs positive values, and
    /// “Sales” has values at or below zero."
    pub fn message(&self, kind: TrendKind, x: &str, series: &str) -> String {
        let subject = kind.subject();
        match self {
            TrendError::NeedsPositiveX => format!(
                "{subject} needs positive x values, and “{x}” has values at or below zero."
            ),
            TrendError::NeedsPositiveY => format!(
                "{subject} needs positive values, and “{series}” has values at or below zero."
            ),
            TrendError::TooFewPoints { needed, found } => format!(
                "{subject} needs at least {needed} points with different x values, and “{series}” has {}.",
                found_text(*found)
            ),
            TrendError::Unsupported(_) => self.to_string(),
        }
    }
}

fn found_text(found: usize) -> String {
    match found {
        0 => "none".to_owned(),
        n => format!("only {n}"),
    }
}

impl fmt::Display for TrendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrendError::NeedsPositiveX => {
                f.write_str("this trend needs positive x values, and some are at or below zero.")
            }
            TrendError::NeedsPositiveY => {
                f.write_str("this trend needs positive values, and some are at or below zero.")
            }
            TrendError::TooFewPoints { needed, found } => write!(
                f,
                "this trend needs at least {needed} points with different x values, and has {}.",
                found_text(*found)
            ),
            TrendError::Unsupported(kind) => {
                write!(f, "“{}” is not a trend that can be fitted.", kind.name())
            }
        }
    }
}

impl std::error::Error for TrendError {}

/// A fitted curve: [`Fit::at`] draws it, [`Fit::label`] names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub kind: TrendKind,
    /// The curve's coefficients, with `t = x − origin`:
    /// - linear and polynomial: `[c₀, c₁, …, c_d]`, y = c₀ + c₁t + … + c_d t^d
    ///   (lowest power first, as `numpy.polynomial`; `numpy.polyfit`'s
    ///   order is the reverse);
    /// - exponential: `[a, b]`, y = a·e^(b·t);
    /// - logarithmic: `[a, b]`, y = a·ln(x) + b;
    /// - power: `[a, b]`, y = a·x^b.
    ///
    /// For display and inspection: in powers of raw dates they are as
    /// ill-conditioned as the monomials themselves, which is why
    /// [`Fit::at`] does not use them.
    pub coefficients: Vec<f64>,
    /// Where t = x − origin starts: 0 for [`fit`], always 0 for logarithmic
    /// and power fits (ln(x − origin) would be another curve).
    pub origin: f64,
    /// The coefficient of determination, 1 − SS_res / SS_tot, of y, or of
    /// ln y for exponential and power fits (as Excel). 1 when every y (or
    /// ln y) is the same: the curve then passes through every point.
    pub r2: f64,
    /// How many (x, y) pairs were fitted.
    pub points: usize,
    /// The curve as fitted: the transformed y as a Legendre series in
    /// u = (X − centre) · scale, X being x or ln x.
    model: Model,
}

/// Y = Σ legendre[k]·P_k(u), u = (X − centre) · scale ∈ [−1, 1] on the data.
#[derive(Debug, Clone, PartialEq)]
struct Model {
    centre: f64,
    scale: f64,
    legendre: Vec<f64>,
}

/// The Legendre recurrence (k + 1)P_{k+1} = (2k + 1)uP_k − kP_{k−1} as
/// P_{k+1} = A[k]·u·P_k − B[k]·P_{k−1}.
const A: [f64; MAX_DEGREE] = [1.0, 1.5, 5.0 / 3.0, 1.75, 1.8, 11.0 / 6.0];
const B: [f64; MAX_DEGREE] = [0.0, 0.5, 2.0 / 3.0, 0.75, 0.8, 5.0 / 6.0];

/// P_0(u) … P_{M−1}(u).
#[inline(always)]
fn legendre<const M: usize>(u: f64) -> [f64; M] {
    let mut p = [1.0; M];
    if M > 1 {
        p[1] = u;
    }
    for k in 1..M.saturating_sub(1) {
        p[k + 1] = A[k] * u * p[k] - B[k] * p[k - 1];
    }
    p
}

/// Monomial coefficients of P_0 … P_6, lowest power first (exact in f64).
const LEGENDRE_MONOMIALS: [[f64; MAX_DEGREE + 1]; MAX_DEGREE + 1] = [
    [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    [-0.5, 0.0, 1.5, 0.0, 0.0, 0.0, 0.0],
    [0.0, -1.5, 0.0, 2.5, 0.0, 0.0, 0.0],
    [0.375, 0.0, -3.75, 0.0, 4.375, 0.0, 0.0],
    [0.0, 1.875, 0.0, -8.75, 0.0, 7.875, 0.0],
    [-0.3125, 0.0, 6.5625, 0.0, -19.6875, 0.0, 14.4375],
];

impl Model {
    fn eval(&self, x: f64) -> f64 {
        let u = (x - self.centre) * self.scale;
        let c = &self.legendre;
        let mut sum = c[0];
        if c.len() > 1 {
            sum += c[1] * u;
        }
        let (mut previous, mut current) = (1.0, u);
        for k in 1..c.len().saturating_sub(1) {
            let next = A[k] * u * current - B[k] * previous;
            sum += c[k + 1] * next;
            (previous, current) = (current, next);
        }
        sum
    }

    /// The same polynomial in powers of t = X − origin, lowest first.
    fn monomials(&self, origin: f64) -> Vec<f64> {
        let m = self.legendre.len();
        let mut in_u = vec![0.0; m];
        for (k, &c) in self.legendre.iter().enumerate() {
            for (j, &p) in LEGENDRE_MONOMIALS[k][..m].iter().enumerate() {
                in_u[j] += c * p;
            }
        }
        // u = α·t + β; Horner on polynomials: q ← q·(αt + β) + in_u[j].
        let alpha = self.scale;
        let beta = (origin - self.centre) * self.scale;
        let mut q = vec![0.0; m];
        q[0] = in_u[m - 1];
        for j in (0..m - 1).rev() {
            for i in (0..m).rev() {
                let shifted = if i > 0 { alpha * q[i - 1] } else { 0.0 };
                q[i] = shifted + beta * q[i];
            }
            q[0] += in_u[j];
        }
        q
    }
}

/// Fits `kind` to the pairs (xs[i], ys[i]) where both are finite (a pair
/// with a gap, NaN, or an infinity is skipped; the longer slice's tail is
/// ignored). The same as [`fit_from`] with origin 0.
///
/// A moving average is not fitted: ask [`moving_average`]; `fit` answers
/// [`TrendError::Unsupported`] for it, and for polynomial degrees outside 1–6.
pub fn fit(kind: TrendKind, xs: &[f64], ys: &[f64]) -> Result<Fit, TrendError> {
    fit_from(kind, xs, ys, 0.0)
}

/// [`fit`], with [`Fit::coefficients`] and [`Fit::equation`] in powers of
/// t = x − `origin`: for dates in seconds since 1970, pass the first date,
/// and the equation reads in seconds since it instead of carrying
/// coefficients like 1e-57 (the caller says what t is, e.g. with
/// [`Fit::equation_in`]). The curve itself ([`Fit::at`], [`Fit::r2`]) is
/// the same whatever the origin. Ignored (0) for logarithmic and power fits,
/// whose curves are of x itself, and when not finite.
pub fn fit_from(kind: TrendKind, xs: &[f64], ys: &[f64], origin: f64) -> Result<Fit, TrendError> {
    let (degree, log_x, log_y) = match kind {
        TrendKind::Linear => (1, false, false),
        TrendKind::Polynomial(d @ 1..=6) => (usize::from(d), false, false),
        TrendKind::Exponential => (1, false, true),
        TrendKind::Logarithmic => (1, true, false),
        TrendKind::Power => (1, true, true),
        TrendKind::MovingAverage(_) | TrendKind::Polynomial(_) => {
            return Err(TrendError::Unsupported(kind))
        }
    };
    let origin = if log_x || !origin.is_finite() {
        0.0
    } else {
        origin
    };
    let scan = Scan::new(xs, ys, log_x, log_y, degree + 1)?;
    let (model, r2) = match &scan.logged {
        Some((x, y)) => by_degree(degree, &scan, x.iter().copied().zip(y.iter().copied())),
        None => by_degree(degree, &scan, finite_pairs(xs, ys)),
    };
    let mut line = model.monomials(origin);
    // Terms below the rounding noise of the others over the data (a slope
    // of 4e-17 through flat data) are zero, not "4.5×10⁻¹⁷x".
    let reach = ((scan.x_min - origin).abs()).max((scan.x_max - origin).abs());
    let sizes: Vec<f64> = (0..line.len())
        .map(|k| line[k].abs() * reach.powi(k as i32))
        .collect();
    let total: f64 = sizes.iter().sum();
    for (c, size) in line.iter_mut().zip(&sizes) {
        if *size < 1e-13 * total {
            *c = 0.0;
        }
    }
    let coefficients = match kind {
        TrendKind::Exponential | TrendKind::Power => vec![line[0].exp(), line[1]],
        TrendKind::Logarithmic => vec![line[1], line[0]],
        _ => line,
    };
    Ok(Fit {
        kind,
        coefficients,
        origin,
        r2,
        points: scan.points,
        model,
    })
}

fn by_degree<I>(degree: usize, scan: &Scan, pairs: I) -> (Model, f64)
where
    I: Iterator<Item = (f64, f64)> + Clone,
{
    match degree {
        1 => least_squares::<2, I>(scan, pairs),
        2 => least_squares::<3, I>(scan, pairs),
        3 => least_squares::<4, I>(scan, pairs),
        4 => least_squares::<5, I>(scan, pairs),
        5 => least_squares::<6, I>(scan, pairs),
        _ => least_squares::<7, I>(scan, pairs),
    }
}

/// What a first pass over the usable pairs learns: enough to refuse, and
/// where x and y lie.
struct Scan {
    points: usize,
    x_min: f64,
    x_max: f64,
    y_mean: f64,
    y_first: f64,
    /// Every y the same: the flat line, and R² is 1, not 0/0.
    y_constant: bool,
    /// The transformed pairs when a logarithm made them (so each ln runs
    /// once); `None` when they are the input's own finite pairs, read again.
    logged: Option<(Vec<f64>, Vec<f64>)>,
}

impl Scan {
    fn new(
        xs: &[f64],
        ys: &[f64],
        log_x: bool,
        log_y: bool,
        needed: usize,
    ) -> Result<Scan, TrendError> {
        let keep = log_x || log_y;
        let capacity = if keep { xs.len().min(ys.len()) } else { 0 };
        let (mut x, mut y) = (Vec::with_capacity(capacity), Vec::with_capacity(capacity));
        let (mut x_min, mut x_max) = (f64::INFINITY, f64::NEG_INFINITY);
        let (mut y_min, mut y_max) = (f64::INFINITY, f64::NEG_INFINITY);
        let (mut points, mut y_sum, mut y_first) = (0usize, 0.0, f64::NAN);
        // The first `needed` distinct x values: enough to know there are enough.
        let mut distinct = [0.0; MAX_DEGREE + 1];
        let mut found = 0;
        for (&a, &b) in xs.iter().zip(ys) {
            if !(a.is_finite() && b.is_finite()) {
                continue;
            }
            if log_x && a <= 0.0 {
                return Err(TrendError::NeedsPositiveX);
            }
            if log_y && b <= 0.0 {
                return Err(TrendError::NeedsPositiveY);
            }
            let a = if log_x { a.ln() } else { a };
            let b = if log_y { b.ln() } else { b };
            if found < needed && !distinct[..found].contains(&a) {
                distinct[found] = a;
                found += 1;
            }
            if points == 0 {
                y_first = b;
            }
            points += 1;
            x_min = x_min.min(a);
            x_max = x_max.max(a);
            y_min = y_min.min(b);
            y_max = y_max.max(b);
            y_sum += b;
            if keep {
                x.push(a);
                y.push(b);
            }
        }
        if found < needed {
            return Err(TrendError::TooFewPoints { needed, found });
        }
        Ok(Scan {
            points,
            x_min,
            x_max,
            y_mean: y_sum / points as f64,
            y_first,
            y_constant: y_min == y_max,
            logged: keep.then_some((x, y)),
        })
    }
}

/// The pairs of `xs` and `ys` where both are finite.
fn finite_pairs<'a>(xs: &'a [f64], ys: &'a [f64]) -> impl Iterator<Item = (f64, f64)> + Clone + 'a {
    xs.iter()
        .zip(ys)
        .map(|(&x, &y)| (x, y))
        .filter(|(x, y)| x.is_finite() && y.is_finite())
}

/// The least-squares Legendre series of M terms through `pairs` (those
/// `scan` saw), and its R².
fn least_squares<const M: usize, I>(scan: &Scan, pairs: I) -> (Model, f64)
where
    I: Iterator<Item = (f64, f64)> + Clone,
{
    // Halves first: a span of ±1e308 must not overflow.
    let centre = scan.x_min / 2.0 + scan.x_max / 2.0;
    let scale = 1.0 / (scan.x_max / 2.0 - scan.x_min / 2.0);
    if scan.y_constant {
        let mut flat = vec![0.0; M];
        flat[0] = scan.y_first;
        let model = Model {
            centre,
            scale,
            legendre: flat,
        };
        return (model, 1.0);
    }
    // Fitted to y − mean, so that sums of squares need no cancelling.
    let mean = scan.y_mean;

    // The normal equations G·c = b (upper triangle of G), and |y|².
    let mut g = [[0.0; M]; M];
    let mut b = [0.0; M];
    let mut yy = 0.0;
    if M == 2 {
        // A line: the sums in registers (an array indexed in a loop stays
        // in memory in a size-optimised build, at several times the cost).
        let (mut n, mut su, mut suu, mut sy, mut suy, mut syy) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for (x, y) in pairs.clone() {
            let u = (x - centre) * scale;
            let y = y - mean;
            n += 1.0;
            su += u;
            suu += u * u;
            sy += y;
            suy += u * y;
            syy += y * y;
        }
        (g[0][0], g[0][1], g[1][1], b[0], b[1], yy) = (n, su, suu, sy, suy, syy);
    } else {
        for (x, y) in pairs.clone() {
            let p = legendre::<M>((x - centre) * scale);
            let y = y - mean;
            yy += y * y;
            for i in 0..M {
                b[i] += p[i] * y;
                for j in i..M {
                    g[i][j] += p[i] * p[j];
                }
            }
        }
    }
    let n = g[0][0];
    let factor = Cholesky::new(&g);
    let mut c = factor.solve(&b);
    // Σ(y − ȳ)², corrected for the rounding of the mean; and, c solving
    // the normal equations, |y − A·c|² = |y|² − c·b.
    let ss_tot = yy - b[0] * b[0] / n;
    let mut ss_res = yy - dot(&c, &b);

    match factor.method() {
        Method::Normal => {}
        // Iterative refinement from the true residuals r: G·δ = Aᵀr, and
        // then |r − A·δ|² = |r|² − δ·Aᵀr. Each pass shrinks the error by
        // about ε·cond(G).
        Method::Refined => {
            for _ in 0..2 {
                let mut residual_basis = [0.0; M];
                let mut rr = 0.0;
                for (x, y) in pairs.clone() {
                    let p = legendre::<M>((x - centre) * scale);
                    let r = (y - mean) - dot(&c, &p);
                    for k in 0..M {
                        residual_basis[k] += p[k] * r;
                    }
                    rr += r * r;
                }
                let delta = factor.solve(&residual_basis);
                for k in 0..M {
                    c[k] += delta[k];
                }
                ss_res = rr - dot(&delta, &residual_basis);
            }
        }
        Method::Qr => {
            (c, ss_res) = givens_qr(pairs, centre, scale, mean, &factor.kept);
        }
    }
    c[0] += mean;
    let r2 = (1.0 - ss_res.max(0.0) / ss_tot).clamp(0.0, 1.0);
    let model = Model {
        centre,
        scale,
        legendre: c.to_vec(),
    };
    (model, r2)
}

/// Least squares by a QR factorisation built one row at a time with Givens
/// rotations, for data whose normal equations are too ill-conditioned to
/// refine (cond(G) = cond(A)² beyond 1/ε): accurate to about ε·cond(A), as
/// numpy's lstsq, at several times the cost. Columns the Cholesky factor
/// dropped stay out. The rotated-away remainders of y are the residuals.
fn givens_qr<const M: usize, I>(
    pairs: I,
    centre: f64,
    scale: f64,
    mean: f64,
    kept: &[bool; M],
) -> ([f64; M], f64)
where
    I: Iterator<Item = (f64, f64)>,
{
    let mut r = [[0.0; M]; M];
    let mut qty = [0.0; M];
    let mut ss_res = 0.0;
    for (x, y) in pairs {
        let mut p = legendre::<M>((x - centre) * scale);
        let mut t = y - mean;
        for k in 0..M {
            if !kept[k] || p[k] == 0.0 {
                continue;
            }
            let h = (r[k][k] * r[k][k] + p[k] * p[k]).sqrt();
            let (cos, sin) = (r[k][k] / h, p[k] / h);
            r[k][k] = h;
            for j in k + 1..M {
                let (rj, pj) = (r[k][j], p[j]);
                r[k][j] = cos * rj + sin * pj;
                p[j] = cos * pj - sin * rj;
            }
            let q = qty[k];
            qty[k] = cos * q + sin * t;
            t = cos * t - sin * q;
        }
        ss_res += t * t;
    }
    let mut c = [0.0; M];
    for k in (0..M).rev() {
        if kept[k] && r[k][k] != 0.0 {
            let dot = (k + 1..M).map(|j| r[k][j] * c[j]).sum::<f64>();
            c[k] = (qty[k] - dot) / r[k][k];
        }
    }
    (c, ss_res)
}

fn dot<const M: usize>(a: &[f64; M], b: &[f64; M]) -> f64 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}

/// G = L·Lᵀ, dropping each basis function that is, to within a relative
/// 1e-7 of its norm, a combination of the lower ones (distinct x values
/// crowded closer than f64 can separate them): its coefficient is 0, as
/// `numpy.linalg.lstsq` drops such directions, instead of dividing by ~0.
/// The constant is never dropped (its pivot is the number of points).
struct Cholesky<const M: usize> {
    l: [[f64; M]; M],
    kept: [bool; M],
    /// cond₁(G), diagonally scaled, over the kept basis functions: near 1
    /// when they are orthogonal on these x, huge when x crowds.
    condition: f64,
}

/// How [`least_squares`] solves, by the condition of its normal equations.
#[derive(Debug, PartialEq, Eq)]
enum Method {
    /// Well-conditioned (any reasonable spread of x): solved as they are.
    Normal,
    /// Crowded x: refined twice from the true residuals.
    Refined,
    /// Badly crowded x: a QR factorisation of the data instead.
    Qr,
}

impl<const M: usize> Cholesky<M> {
    /// From the upper triangle of `g`.
    fn new(g: &[[f64; M]; M]) -> Self {
        let mut l = [[0.0; M]; M];
        let mut kept = [false; M];
        for k in 0..M {
            let pivot = g[k][k] - (0..k).map(|j| l[k][j] * l[k][j]).sum::<f64>();
            if pivot.is_nan() || pivot <= 1e-14 * g[k][k] {
                continue;
            }
            kept[k] = true;
            l[k][k] = pivot.sqrt();
            for i in k + 1..M {
                let dot = (0..k).map(|j| l[i][j] * l[k][j]).sum::<f64>();
                l[i][k] = (g[k][i] - dot) / l[k][k];
            }
        }
        let mut factor = Cholesky {
            l,
            kept,
            condition: 1.0,
        };
        factor.condition = factor.condition(g);
        factor
    }

    /// How to trust the normal equations: their solution's relative error
    /// is about ε·cond(G).
    fn method(&self) -> Method {
        match self.condition {
            c if c < 1e4 => Method::Normal,
            c if c < 1e10 => Method::Refined,
            _ => Method::Qr,
        }
    }

    /// cond₁ of G scaled to a unit diagonal (the kept part), from its inverse.
    fn condition(&self, g: &[[f64; M]; M]) -> f64 {
        let scaled = |i: usize, j: usize| (g[i][i] * g[j][j]).sqrt();
        let (mut norm, mut inverse_norm) = (0.0f64, 0.0f64);
        for j in (0..M).filter(|&j| self.kept[j]) {
            let mut unit = [0.0; M];
            unit[j] = 1.0;
            let column = self.solve(&unit);
            let (mut sum, mut inverse_sum) = (0.0, 0.0);
            for i in (0..M).filter(|&i| self.kept[i]) {
                let upper = if i <= j { g[i][j] } else { g[j][i] };
                sum += (upper / scaled(i, j)).abs();
                inverse_sum += (column[i] * scaled(i, j)).abs();
            }
            norm = norm.max(sum);
            inverse_norm = inverse_norm.max(inverse_sum);
        }
        let condition = norm * inverse_norm;
        if condition.is_nan() {
            f64::INFINITY
        } else {
            condition
        }
    }

    fn solve(&self, b: &[f64; M]) -> [f64; M] {
        let l = &self.l;
        let mut z = [0.0; M];
        for k in (0..M).filter(|&k| self.kept[k]) {
            let dot = (0..k).map(|j| l[k][j] * z[j]).sum::<f64>();
            z[k] = (b[k] - dot) / l[k][k];
        }
        let mut c = [0.0; M];
        for k in (0..M).rev().filter(|&k| self.kept[k]) {
            let dot = (k + 1..M).map(|j| l[j][k] * c[j]).sum::<f64>();
            c[k] = (z[k] - dot) / l[k][k];
        }
        c
    }
}

impl Fit {
    /// The fitted curve at `x`; NaN where it is undefined (x ≤ 0 for
    /// logarithmic and power fits, a NaN x). Evaluated as fitted, on x
    /// centred and scaled, so it is as accurate for dates as for 1, 2, 3.
    pub fn at(&self, x: f64) -> f64 {
        match self.kind {
            TrendKind::Exponential => self.model.eval(x).exp(),
            TrendKind::Logarithmic | TrendKind::Power if x.is_nan() || x <= 0.0 => f64::NAN,
            TrendKind::Logarithmic => self.model.eval(x.ln()),
            TrendKind::Power => self.model.eval(x.ln()).exp(),
            _ => self.model.eval(x),
        }
    }

    /// The curve as the legend and tooltip show it: "y = 2.13x + 0.5",
    /// "y = 3.1e^(0.02x)", "y = 1.2ln(x) − 4", "y = 0.5x³ − 2x + 1",
    /// "y = 2x^0.75"; 4 significant digits, a real minus sign, ×10ⁿ below
    /// 0.001 and from 10 000. With an origin (see [`fit_from`]) x stands
    /// for x − origin: [`Fit::equation_in`] can call it something else.
    pub fn equation(&self) -> String {
        self.equation_in("x")
    }

    /// [`Fit::equation`] with the variable called `x`, e.g. "t" with a
    /// caption "t: seconds since 2024-01-01".
    pub fn equation_in(&self, x: &str) -> String {
        let c = &self.coefficients;
        let right = match self.kind {
            TrendKind::Exponential if format_number(c[1]) == "0" => format_number(c[0]),
            TrendKind::Exponential => {
                format!("{}e^({})", factor(c[0]), sum(&[(c[1], x.to_owned())]))
            }
            TrendKind::Logarithmic => sum(&[(c[0], format!("ln({x})")), (c[1], String::new())]),
            TrendKind::Power if format_number(c[1]) == "0" => format_number(c[0]),
            TrendKind::Power => {
                let b = format_number(c[1]);
                let b = if c[1] < 0.0 || b.contains('×') {
                    format!("({b})")
                } else {
                    b
                };
                format!("{}{x}^{b}", factor(c[0]))
            }
            _ => {
                let terms: Vec<(f64, String)> = c
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(k, &v)| {
                        let power = match k {
                            0 => String::new(),
                            1 => x.to_owned(),
                            _ => format!("{x}{}", superscript(&k.to_string())),
                        };
                        (v, power)
                    })
                    .collect();
                sum(&terms)
            }
        };
        format!("y = {right}")
    }

    /// The legend's and tooltip's text: the equation and R², e.g.
    /// "y = 2.13x + 0.5, R² = 0.987".
    pub fn label(&self) -> String {
        format!("{}, R² = {}", self.equation(), format_number(self.r2))
    }
}

/// Terms coefficient × what (`what` empty for a constant) joined with their
/// signs, leaving out those that show as 0; "0" when none is left.
fn sum(terms: &[(f64, String)]) -> String {
    let mut text = String::new();
    for (value, what) in terms {
        let magnitude = format_number(value.abs());
        if magnitude == "0" {
            continue;
        }
        let negative = *value < 0.0;
        text.push_str(match (text.is_empty(), negative) {
            (true, false) => "",
            (true, true) => "−",
            (false, false) => " + ",
            (false, true) => " − ",
        });
        if what.is_empty() {
            text.push_str(&magnitude);
        } else {
            text.push_str(&factor(value.abs()));
            text.push_str(what);
        }
    }
    if text.is_empty() {
        text.push('0');
    }
    text
}

/// A coefficient in front of a variable: nothing for 1, "−" for −1.
fn factor(value: f64) -> String {
    match format_number(value).as_str() {
        "1" => String::new(),
        "−1" => "−".to_owned(),
        text => text.to_owned(),
    }
}

/// `value` to 4 significant digits without trailing zeros, a real minus
/// sign, and as "1.235×10⁻⁶" below 0.001 and from 10 000 (in magnitude).
fn format_number(value: f64) -> String {
    if value == 0.0 || !value.is_finite() {
        return if value.is_nan() {
            "NaN".to_owned()
        } else if value.is_infinite() {
            format!("{}∞", if value < 0.0 { "−" } else { "" })
        } else {
            "0".to_owned()
        };
    }
    let sign = if value < 0.0 { "−" } else { "" };
    // Rust rounds once, correctly, to 4 digits: 9999.6 → "1.000e4".
    let scientific = format!("{:.3e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-3..4).contains(&exponent) {
        let decimals = (3 - exponent) as usize;
        let plain = format!("{:.*}", decimals, value.abs());
        format!("{sign}{}", trim_zeros(&plain))
    } else {
        let power = superscript(&exponent.to_string());
        format!("{sign}{}×10{power}", trim_zeros(mantissa))
    }
}

fn trim_zeros(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

fn superscript(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '-' => '⁻',
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            other => other,
        })
        .collect()
}

/// The trailing moving average of `ys` over `window` rows, one value per
/// row: row i has the mean of the values present (finite) among rows
/// i + 1 − window ..= i, as pandas' `rolling(window, min_periods=1).mean()`
/// skips gaps. NaN for rows before the window is first full (i + 1 <
/// window), as Excel's moving average starts at the window's end, and for
/// rows that are gaps themselves, so the overlay breaks where the series
/// does. All NaN for a window of 0; a window of 1 is the series.
///
/// One pass, a running sum compensated (Neumaier) so a million rows do
/// not drift.
pub fn moving_average(ys: &[f64], window: usize) -> Vec<f64> {
    let mut out = vec![f64::NAN; ys.len()];
    if window == 0 {
        return out;
    }
    let mut total = CompensatedSum::default();
    let mut count = 0usize;
    for (i, &y) in ys.iter().enumerate() {
        if y.is_finite() {
            total.add(y);
            count += 1;
        }
        if let Some(&old) = i.checked_sub(window).map(|j| &ys[j]) {
            if old.is_finite() {
                total.add(-old);
                count -= 1;
                if count == 0 {
                    total = CompensatedSum::default();
                }
            }
        }
        if i + 1 >= window && y.is_finite() {
            out[i] = total.value() / count as f64;
        }
    }
    out
}

/// Neumaier's compensated sum.
#[derive(Default)]
struct CompensatedSum {
    sum: f64,
    compensation: f64,
}

impl CompensatedSum {
    fn add(&mut self, value: f64) {
        let t = self.sum + value;
        if self.sum.abs() >= value.abs() {
            self.compensation += (self.sum - t) + value;
        } else {
            self.compensation += (value - t) + self.sum;
        }
        self.sum = t;
    }

    fn value(&self) -> f64 {
        self.sum + self.compensation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected numbers: numpy 2.4.6, scipy 1.17.1, pandas 3.1.1 (and, for
    // crowded x, exact rational arithmetic) by scripts/trend-expected.py,
    // on the data the same formulas make below.
    const LINEAR: [f64; 3] = [-7.001311475409828, 2.4969024729091407, 0.9933764352875295];
    const EXPONENTIAL: [f64; 3] = [2.935798737309785, 0.15073624731113866, 0.9953409136208073];
    const LOGARITHMIC: [f64; 3] = [1.2077399501747266, -4.018099285723942, 0.9728534735532547];
    const POWER: [f64; 3] = [1.9917742465878627, 0.7504622807828355, 0.9923024546620046];
    const POLYNOMIAL_2: [f64; 4] = [
        0.9217330599066216,
        -1.9900069686411144,
        0.5081085562197311,
        0.9933482279107725,
    ];
    const POLYNOMIAL_6: [f64; 8] = [
        1.9589623714448428,
        -0.8750033723724028,
        2.9256253556744487,
        0.8651575694498748,
        -1.8849114858490024,
        -0.4698982402981855,
        0.2749776550732436,
        0.9927284360776565,
    ];
    const DATE_ROWS: [usize; 6] = [0, 1, 137, 250, 498, 499];
    const DATE_AT: [f64; 6] = [
        99.96208567666947,
        100.45965373504806,
        122.48275879821853,
        100.0044204129153,
        99.02234131801943,
        99.51364400179033,
    ];
    const DATE_R2: [f64; 1] = [0.9722295027640802];
    const DATE_FROM_FIRST: [f64; 4] = [
        99.96208567666926,
        5.79359136795251e-06,
        -4.0217742826230924e-13,
        6.205849245555217e-21,
    ];
    const CROWDED_ROWS: [usize; 5] = [0, 57, 199, 200, 201];
    const CROWDED_3_AT: [f64; 5] = [
        1.9994370395832979,
        2.0557601712361038,
        2.1875706189679254,
        -2898.036001763404,
        -2957.2539982884978,
    ];
    const CROWDED_3_R2: [f64; 1] = [0.99999995979833];
    const CROWDED_6_AT: [f64; 5] = [
        1.9962961260110348,
        2.0565891679107953,
        2.1862917198005802,
        -18.036000000000406,
        -23.253999999999763,
    ];
    const CROWDED_6_R2: [f64; 1] = [0.9993423242333098];
    const MOVING_3: [f64; 13] = [
        f64::NAN,
        f64::NAN,
        f64::NAN,
        4.5,
        6.0,
        7.333333333333333,
        f64::NAN,
        f64::NAN,
        f64::NAN,
        7.0,
        4.0,
        3.3333333333333335,
        3.0,
    ];
    const MOVING_5: [f64; 13] = [
        f64::NAN,
        f64::NAN,
        f64::NAN,
        f64::NAN,
        5.0,
        6.75,
        f64::NAN,
        f64::NAN,
        f64::NAN,
        8.5,
        4.0,
        3.3333333333333335,
        4.0,
    ];

    /// The script's `noise`: in [−1, 1], exact in f64.
    fn noise(i: usize) -> f64 {
        ((i * 7919 + 13) % 101) as f64 / 50.0 - 1.0
    }

    fn data(
        n: usize,
        x: impl Fn(usize) -> f64,
        y: impl Fn(f64, usize) -> f64,
    ) -> (Vec<f64>, Vec<f64>) {
        let xs: Vec<f64> = (0..n).map(&x).collect();
        let ys = xs.iter().enumerate().map(|(i, &x)| y(x, i)).collect();
        (xs, ys)
    }

    #[track_caller]
    fn close(actual: f64, expected: f64, relative: f64) {
        let error = (actual - expected).abs();
        assert!(
            error <= relative * expected.abs(),
            "{actual} vs {expected}: relative error {:e}",
            error / expected.abs()
        );
    }

    #[track_caller]
    fn close_all(actual: &[f64], expected: &[f64], relative: f64) {
        assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
        for (&a, &e) in actual.iter().zip(expected) {
            close(a, e, relative);
        }
    }

    fn linear_data() -> (Vec<f64>, Vec<f64>) {
        data(
            60,
            |i| 0.5 * i as f64,
            |x, i| 2.5 * x - 7.0 + 3.0 * noise(i),
        )
    }

    fn date_data() -> (Vec<f64>, Vec<f64>) {
        data(
            500,
            |i| 1.7e9 + 86400.0 * i as f64,
            |_, i| {
                let d = i as f64;
                ((4e-6 * d - 0.003) * d + 0.5) * d + 100.0 + 5.0 * noise(i)
            },
        )
    }

    #[test]
    fn linear_matches_scipy() {
        let (xs, ys) = linear_data();
        let f = fit(TrendKind::Linear, &xs, &ys).unwrap();
        close_all(&f.coefficients, &LINEAR[..2], 1e-12);
        close(f.r2, LINEAR[2], 1e-12);
        assert_eq!(f.points, 60);
        assert_eq!(f.origin, 0.0);
        for &x in &[0.0, 7.25, 29.5, -100.0] {
            close(f.at(x), LINEAR[0] + LINEAR[1] * x, 1e-12);
        }
    }

    #[test]
    fn exponential_fits_ln_y_as_excel_does() {
        let (xs, ys) = data(
            40,
            |i| i as f64,
            |x, i| 3.0 * (0.15 * x).exp() * (1.0 + 0.2 * noise(i)),
        );
        let f = fit(TrendKind::Exponential, &xs, &ys).unwrap();
        close_all(&f.coefficients, &EXPONENTIAL[..2], 1e-11);
        close(f.r2, EXPONENTIAL[2], 1e-12);
        for &x in &[0.0, 10.0, 39.0] {
            close(f.at(x), EXPONENTIAL[0] * (EXPONENTIAL[1] * x).exp(), 1e-12);
        }
        // Negative x is fine for an exponential: only y is logged.
        let shifted: Vec<f64> = xs.iter().map(|x| x - 20.0).collect();
        let g = fit(TrendKind::Exponential, &shifted, &ys).unwrap();
        close(g.at(-20.0), f.at(0.0), 1e-12);
        close(g.r2, f.r2, 1e-12);
    }

    #[test]
    fn logarithmic_matches_numpy() {
        let (xs, ys) = data(
            50,
            |i| 0.5 + 0.5 * i as f64,
            |x, i| 1.2 * x.ln() - 4.0 + 0.3 * noise(i),
        );
        let f = fit(TrendKind::Logarithmic, &xs, &ys).unwrap();
        close_all(&f.coefficients, &LOGARITHMIC[..2], 1e-12);
        close(f.r2, LOGARITHMIC[2], 1e-12);
        close(
            f.at(3.0),
            LOGARITHMIC[0] * 3f64.ln() + LOGARITHMIC[1],
            1e-12,
        );
        assert!(f.at(0.0).is_nan() && f.at(-1.0).is_nan());
        // Negative y is fine for a logarithmic fit: only x is logged.
        let lowered: Vec<f64> = ys.iter().map(|y| y - 100.0).collect();
        assert!(fit(TrendKind::Logarithmic, &xs, &lowered).is_ok());
    }

    #[test]
    fn power_fits_ln_y_on_ln_x() {
        let (xs, ys) = data(
            60,
            |i| 0.25 + 0.25 * i as f64,
            |x, i| 2.0 * x.powf(0.75) * (1.0 + 0.1 * noise(i)),
        );
        let f = fit(TrendKind::Power, &xs, &ys).unwrap();
        close_all(&f.coefficients, &POWER[..2], 1e-12);
        close(f.r2, POWER[2], 1e-12);
        close(f.at(4.0), POWER[0] * 4f64.powf(POWER[1]), 1e-12);
        assert!(f.at(0.0).is_nan());
        // Origin means nothing to a curve of x itself.
        assert_eq!(fit_from(TrendKind::Power, &xs, &ys, 5.0).unwrap(), f);
    }

    #[test]
    fn polynomial_degree_2_matches_numpy() {
        let (xs, ys) = data(
            41,
            |i| -5.0 + 0.25 * i as f64,
            |x, i| (0.5 * x - 2.0) * x + 1.0 + noise(i),
        );
        let f = fit(TrendKind::Polynomial(2), &xs, &ys).unwrap();
        close_all(&f.coefficients, &POLYNOMIAL_2[..3], 1e-12);
        close(f.r2, POLYNOMIAL_2[3], 1e-12);
        let c = &POLYNOMIAL_2;
        close(f.at(2.0), c[0] + 2.0 * c[1] + 4.0 * c[2], 1e-12);
    }

    #[test]
    fn polynomial_degree_6_matches_numpy() {
        let (xs, ys) = data(
            41,
            |i| -2.0 + 0.1 * i as f64,
            |x, i| {
                ((((((0.3 * x - 0.5) * x - 2.0) * x + 1.0) * x + 3.0) * x - 1.0) * x + 2.0)
                    + 0.5 * noise(i)
            },
        );
        let f = fit(TrendKind::Polynomial(6), &xs, &ys).unwrap();
        assert_eq!(method_for(&xs, 6), Method::Normal);
        close_all(&f.coefficients, &POLYNOMIAL_6[..7], 1e-9);
        close(f.r2, POLYNOMIAL_6[7], 1e-12);
        let horner = |x: f64| {
            POLYNOMIAL_6[..7]
                .iter()
                .rev()
                .fold(0.0, |acc, &c| acc * x + c)
        };
        for &x in &xs {
            close(f.at(x), horner(x), 1e-11);
        }
    }

    #[test]
    fn dates_as_seconds_fit_as_well_as_small_numbers() {
        let (xs, ys) = date_data();
        let f = fit(TrendKind::Polynomial(3), &xs, &ys).unwrap();
        assert_eq!(method_for(&xs, 3), Method::Normal);
        for (&row, &expected) in DATE_ROWS.iter().zip(&DATE_AT) {
            close(f.at(xs[row]), expected, 1e-11);
        }
        close(f.r2, DATE_R2[0], 1e-12);

        // From the first date the coefficients are well-conditioned; the
        // curve and R² do not depend on the origin.
        let g = fit_from(TrendKind::Polynomial(3), &xs, &ys, xs[0]).unwrap();
        assert_eq!(g.origin, xs[0]);
        close_all(&g.coefficients, &DATE_FROM_FIRST, 1e-10);
        assert_eq!((g.at(xs[137]), g.r2), (f.at(xs[137]), f.r2));
        assert_eq!(
            g.equation(),
            "y = 6.206×10⁻²¹x³ − 4.022×10⁻¹³x² + 5.794×10⁻⁶x + 99.96"
        );

        // Degree 6 on raw seconds is the same curve as on day numbers:
        // the fit does not care where x is or how big.
        let days: Vec<f64> = (0..xs.len()).map(|i| i as f64).collect();
        let in_seconds = fit(TrendKind::Polynomial(6), &xs, &ys).unwrap();
        let in_days = fit(TrendKind::Polynomial(6), &days, &ys).unwrap();
        for (&x, &d) in xs.iter().zip(&days).step_by(37) {
            close(in_seconds.at(x), in_days.at(d), 1e-11);
        }
        close(in_seconds.r2, in_days.r2, 1e-12);

        // Exponential growth over dates: a sensible equation from the origin.
        let grow: Vec<f64> = (0..xs.len())
            .map(|i| 50.0 * (0.01 * i as f64).exp())
            .collect();
        let e = fit_from(TrendKind::Exponential, &xs, &grow, xs[0]).unwrap();
        close(e.coefficients[0], 50.0, 1e-12);
        close(e.coefficients[1], 0.01 / 86400.0, 1e-12);
        close(e.r2, 1.0, 1e-12);
        assert_eq!(e.equation_in("t"), "y = 50e^(1.157×10⁻⁷t)");
        close(e.at(xs[300]), grow[300], 1e-12);
    }

    /// How `least_squares` solves a polynomial of `degree` through `xs`.
    fn method_for(xs: &[f64], degree: u8) -> Method {
        let m = usize::from(degree) + 1;
        let scan = Scan::new(xs, xs, false, false, m).unwrap();
        let centre = scan.x_min / 2.0 + scan.x_max / 2.0;
        let scale = 1.0 / (scan.x_max / 2.0 - scan.x_min / 2.0);
        let mut g = [[0.0; 7]; 7];
        for &x in xs {
            let p = legendre::<7>((x - centre) * scale);
            for i in 0..m {
                for j in i..m {
                    g[i][j] += p[i] * p[j];
                }
            }
        }
        for (k, row) in g.iter_mut().enumerate().skip(m) {
            row[k] = 1.0;
        }
        Cholesky::new(&g).method()
    }

    #[test]
    fn crowded_x_is_refined_to_the_exact_answer() {
        // cond(A) ≈ 630 and 7.6e7: at 7.6e7 the fitted values can only be
        // trusted to about ε·cond(A) (numpy's lstsq is off by 3e-10).
        for (far, degree, at, r2, method, tolerance) in [
            (
                100.0,
                3,
                &CROWDED_3_AT,
                CROWDED_3_R2[0],
                Method::Refined,
                1e-12,
            ),
            (10.0, 6, &CROWDED_6_AT, CROWDED_6_R2[0], Method::Qr, 1e-10),
        ] {
            let mut xs: Vec<f64> = (0..200).map(|i| 0.001 * i as f64).collect();
            xs.extend([far, far + 1.0]);
            let ys: Vec<f64> = xs
                .iter()
                .enumerate()
                .map(|(i, &x)| (1.0 - 0.3 * x) * x + 2.0 + 0.1 * noise(i))
                .collect();
            let f = fit(TrendKind::Polynomial(degree), &xs, &ys).unwrap();
            for (&row, &expected) in CROWDED_ROWS.iter().zip(at) {
                close(f.at(xs[row]), expected, tolerance);
            }
            close(f.r2, r2, 1e-12);
            // These are the cases that need more than the normal equations.
            assert_eq!(method_for(&xs, degree), method, "degree {degree}");
        }
    }

    #[test]
    fn gaps_are_skipped() {
        let (mut xs, mut ys) = linear_data();
        let clean = fit(TrendKind::Linear, &xs, &ys).unwrap();
        xs.insert(10, f64::NAN);
        ys.insert(10, 1e6);
        xs.insert(20, 3.0);
        ys.insert(20, f64::NAN);
        xs.push(f64::INFINITY);
        ys.push(2.0);
        ys.push(1.0); // a y without an x
        let gappy = fit(TrendKind::Linear, &xs, &ys).unwrap();
        assert_eq!(gappy.points, 60);
        close_all(&gappy.coefficients, &LINEAR[..2], 1e-12);
        assert_eq!(gappy.coefficients, clean.coefficients);
        // A gap next to a value that would be refused is skipped, not refused.
        let xs = [-1.0, 1.0, 2.0, 3.0];
        let ys = [f64::NAN, 1.0, 2.0, 4.0];
        assert!(fit(TrendKind::Power, &xs, &ys).is_ok());
        assert!(fit(TrendKind::Logarithmic, &xs, &ys).is_ok());
    }

    #[test]
    fn values_at_or_below_zero_are_refused_where_logged() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        let zero_y = [1.0, 0.0, 3.0, 4.0];
        let negative_y = [1.0, 2.0, -3.0, 4.0];
        let zero_x = [0.0, 2.0, 3.0, 4.0];
        let negative_x = [-1.0, 2.0, 3.0, 4.0];
        let ys = [1.0, 2.0, 3.0, 4.0];
        use TrendError::*;
        use TrendKind::*;
        assert_eq!(fit(Exponential, &xs, &zero_y), Err(NeedsPositiveY));
        assert_eq!(fit(Exponential, &xs, &negative_y), Err(NeedsPositiveY));
        assert!(fit(Exponential, &negative_x, &ys).is_ok());
        assert_eq!(fit(Logarithmic, &zero_x, &ys), Err(NeedsPositiveX));
        assert_eq!(fit(Logarithmic, &negative_x, &ys), Err(NeedsPositiveX));
        assert!(fit(Logarithmic, &xs, &negative_y).is_ok());
        assert_eq!(fit(Power, &zero_x, &ys), Err(NeedsPositiveX));
        assert_eq!(fit(Power, &xs, &negative_y), Err(NeedsPositiveY));
        // Linear and polynomial fits take any sign.
        assert!(fit(Linear, &negative_x, &negative_y).is_ok());
        assert!(fit(Polynomial(2), &zero_x, &zero_y).is_ok());

        assert_eq!(
            NeedsPositiveY.message(Exponential, "Month", "Sales"),
            "an exponential trend needs positive values, and “Sales” has values at or below zero."
        );
        assert_eq!(
            NeedsPositiveX.message(Logarithmic, "Month", "Sales"),
            "a logarithmic trend needs positive x values, and “Month” has values at or below zero."
        );
        assert_eq!(
            NeedsPositiveY.to_string(),
            "this trend needs positive values, and some are at or below zero."
        );
    }

    #[test]
    fn too_few_points_are_refused() {
        use TrendKind::*;
        let few = |needed, found| Err(TrendError::TooFewPoints { needed, found });
        assert_eq!(fit(Linear, &[], &[]), few(2, 0));
        assert_eq!(fit(Linear, &[1.0], &[2.0]), few(2, 1));
        assert_eq!(fit(Linear, &[f64::NAN, 1.0], &[1.0, f64::NAN]), few(2, 0));
        // A hundred points at one x give no slope.
        assert_eq!(fit(Exponential, &[3.0; 100], &[1.0; 100]), few(2, 1));
        let xs = [1.0, 1.0, 2.0, 2.0, 3.0, 3.0];
        let ys = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        assert_eq!(fit(Polynomial(3), &xs, &ys), few(4, 3));
        let f = fit(Polynomial(2), &xs, &ys).unwrap();
        assert_eq!(f.points, 6);
        assert_eq!(fit(Polynomial(6), &xs[..1], &ys[..1]), few(7, 1));
        assert_eq!(
            TrendError::TooFewPoints { needed: 4, found: 3 }.message(Polynomial(3), "x", "Sales"),
            "a polynomial trend of degree 3 needs at least 4 points with different x values, and “Sales” has only 3."
        );
        assert_eq!(
            TrendError::TooFewPoints {
                needed: 2,
                found: 0
            }
            .to_string(),
            "this trend needs at least 2 points with different x values, and has none."
        );
    }

    #[test]
    fn what_fit_does_not_fit_is_an_error_not_a_panic() {
        use TrendKind::*;
        let (xs, ys) = linear_data();
        for kind in [
            MovingAverage(3),
            Polynomial(0),
            Polynomial(7),
            Polynomial(255),
        ] {
            assert_eq!(fit(kind, &xs, &ys), Err(TrendError::Unsupported(kind)));
        }
        assert_eq!(
            TrendError::Unsupported(MovingAverage(3)).to_string(),
            "“moving-average:3” is not a trend that can be fitted."
        );
        // Degree 1 is a line.
        let line = fit(Polynomial(1), &xs, &ys).unwrap();
        close_all(&line.coefficients, &LINEAR[..2], 1e-12);
    }

    #[test]
    fn crowded_or_odd_data_gives_a_curve_not_a_panic() {
        // 7 distinct x values, 6 of them within 1e-13 of each other.
        let xs = [0.0, 1e-13, 2e-13, 3e-13, 4e-13, 5e-13, 1.0];
        let ys = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
        let f = fit(TrendKind::Polynomial(6), &xs, &ys).unwrap();
        assert!(f.coefficients.iter().all(|c| c.is_finite()), "{f:?}");
        assert!(f.at(0.5).is_finite() && (0.0..=1.0).contains(&f.r2));
        // Every y the same: an exact fit.
        let flat = fit(TrendKind::Linear, &[1.0, 2.0, 3.0], &[0.1; 3]).unwrap();
        assert_eq!(flat.r2, 1.0);
        assert_eq!(flat.equation(), "y = 0.1");
        // Extreme magnitudes stay finite.
        let huge = fit(TrendKind::Linear, &[-1e308, 1e308], &[1.0, 3.0]).unwrap();
        close(huge.at(0.0), 2.0, 1e-12);
        // An exact line comes out exact.
        let exact = fit(
            TrendKind::Linear,
            &[1.0, 2.0, 3.0, 4.0],
            &[3.0, 5.0, 7.0, 9.0],
        )
        .unwrap();
        close_all(&exact.coefficients, &[1.0, 2.0], 1e-14);
        assert_eq!(exact.r2, 1.0);
    }

    #[test]
    fn equations_read_like_excel() {
        use TrendKind::*;
        let xs: Vec<f64> = (1..=8).map(f64::from).collect();
        let make = |kind, f: &dyn Fn(f64) -> f64| {
            let ys: Vec<f64> = xs.iter().map(|&x| f(x)).collect();
            fit(kind, &xs, &ys).unwrap()
        };
        let line = make(Linear, &|x| 2.13 * x + 0.5);
        assert_eq!(line.equation(), "y = 2.13x + 0.5");
        assert_eq!(line.label(), "y = 2.13x + 0.5, R² = 1");
        assert_eq!(make(Linear, &|x| 4.0 - x).equation(), "y = −x + 4");
        assert_eq!(make(Linear, &|x| -2.0 * x).equation(), "y = −2x");
        assert_eq!(
            make(Exponential, &|x| 3.1 * (0.02 * x).exp()).equation(),
            "y = 3.1e^(0.02x)"
        );
        assert_eq!(
            make(Exponential, &|x| 3.1 * (-0.02 * x).exp()).equation(),
            "y = 3.1e^(−0.02x)"
        );
        assert_eq!(
            make(Logarithmic, &|x| 1.2 * x.ln() - 4.0).equation(),
            "y = 1.2ln(x) − 4"
        );
        assert_eq!(make(Logarithmic, &|x| -x.ln()).equation(), "y = −ln(x)");
        assert_eq!(
            make(Polynomial(3), &|x| ((0.5 * x) * x - 2.0) * x + 1.0).equation(),
            "y = 0.5x³ − 2x + 1"
        );
        assert_eq!(
            make(Power, &|x| 2.0 * x.powf(0.75)).equation(),
            "y = 2x^0.75"
        );
        assert_eq!(
            make(Power, &|x| 2.0 * x.powf(-0.5)).equation(),
            "y = 2x^(−0.5)"
        );
        assert_eq!(make(Power, &|_| 5.0).equation(), "y = 5");
        let big = make(Linear, &|x| 123_456.0 * x - 0.000_123_4);
        assert_eq!(big.equation_in("t"), "y = 1.235×10⁵t − 1.234×10⁻⁴");

        assert_eq!(format_number(2.13), "2.13");
        assert_eq!(format_number(-0.987_65), "−0.9877");
        assert_eq!(format_number(9999.6), "1×10⁴");
        assert_eq!(format_number(9999.4), "9999");
        assert_eq!(format_number(0.001), "0.001");
        assert_eq!(format_number(0.000_999_99), "0.001");
        assert_eq!(format_number(0.000_999_9), "9.999×10⁻⁴");
        assert_eq!(format_number(1234.5678), "1235");
        assert_eq!(format_number(1.5e300), "1.5×10³⁰⁰");
    }

    #[test]
    fn moving_average_matches_pandas_with_gaps() {
        let nan = f64::NAN;
        let ys = [
            3.0, 5.0, nan, 4.0, 8.0, 10.0, nan, nan, nan, 7.0, 1.0, 2.0, 6.0,
        ];
        for (window, expected) in [(3, &MOVING_3), (5, &MOVING_5)] {
            let got = moving_average(&ys, window);
            assert_eq!(got.len(), ys.len());
            for (i, (&g, &e)) in got.iter().zip(expected).enumerate() {
                assert!(
                    (g.is_nan() && e.is_nan()) || (g - e).abs() <= 1e-15 * e.abs(),
                    "window {window}, row {i}: {g} vs {e}"
                );
            }
        }
        assert!(moving_average(&ys, 0).iter().all(|v| v.is_nan()));
        assert!(moving_average(&ys, 14).iter().all(|v| v.is_nan()));
        let ones = moving_average(&ys, 1);
        assert!(ones
            .iter()
            .zip(&ys)
            .all(|(a, b)| a == b || (a.is_nan() && b.is_nan())));
        assert!(moving_average(&[], 3).is_empty());
        // A million rows with a huge value early on do not drift.
        let mut long = vec![0.1; 1_000_000];
        long[5] = 1e15;
        let tail = moving_average(&long, 7);
        close(tail[999_999], 0.1, 1e-14);
    }

    #[test]
    fn names_round_trip_and_reject_the_rest() {
        use TrendKind::*;
        for kind in [
            MovingAverage(2),
            MovingAverage(7),
            MovingAverage(1000),
            Linear,
            Exponential,
            Logarithmic,
            Polynomial(2),
            Polynomial(6),
            Power,
        ] {
            assert_eq!(
                TrendKind::from_name(&kind.name()),
                Some(kind),
                "{}",
                kind.name()
            );
        }
        assert_eq!(MovingAverage(7).name(), "moving-average:7");
        assert_eq!(Polynomial(3).name(), "polynomial:3");
        for bad in [
            "",
            "Linear",
            " linear",
            "linear ",
            "linear:2",
            "moving-average",
            "moving-average:",
            "moving-average:1",
            "moving-average:1001",
            "moving-average:07",
            "moving-average:+7",
            "moving-average:-7",
            "moving-average:7.0",
            "moving-average:99999999999999999999",
            "polynomial",
            "polynomial:1",
            "polynomial:7",
            "polynomial:256",
            "polynomial:3:1",
            "moving_average:7",
            "quadratic",
        ] {
            assert_eq!(TrendKind::from_name(bad), None, "{bad:?}");
        }
    }
}
