#!/usr/bin/env python3
"""Prints the numbers the tests of crates/chart/src/trend.rs compare with,
computed by numpy, scipy and pandas (pip install numpy scipy pandas).

The fixtures are made from formulas rather than stored: the same formulas
are written in the Rust tests (`noise`, and each fixture's data), using
exact arithmetic or one libm call per value, so both sides fit the same
numbers. Change a formula here and there together, re-run this script and
paste its output over the constants in the tests.

    scripts/trend-expected.py
"""
from fractions import Fraction

import numpy as np
import pandas as pd
from scipy import stats


def noise(i):
    """A deterministic value in [-1, 1]: exact in f64 on both sides."""
    return ((i * 7919 + 13) % 101) / 50.0 - 1.0


def show(name, values):
    """A Rust constant: f64s in full (repr round-trips), NaN as f64::NAN."""
    values = np.atleast_1d(values)
    text = ", ".join("f64::NAN" if np.isnan(v) else repr(float(v)) for v in values)
    print(f"const {name}: [f64; {len(values)}] = [{text}];")


def r2(y, fitted):
    y = np.asarray(y)
    return 1.0 - np.sum((y - fitted) ** 2) / np.sum((y - y.mean()) ** 2)


# Noisy linear data: scipy's linregress, coefficients [intercept, slope].
i = np.arange(60)
x = 0.5 * i
y = 2.5 * x - 7.0 + 3.0 * noise(i)
lr = stats.linregress(x, y)
show("LINEAR", [lr.intercept, lr.slope, lr.rvalue**2])

# Exponential growth, as Excel fits it: ln(y) on x; R² of ln(y). [a, b, R²].
i = np.arange(40)
x = i.astype(float)
y = 3.0 * np.exp(0.15 * x) * (1.0 + 0.2 * noise(i))
b, ln_a = np.polyfit(x, np.log(y), 1)
lr = stats.linregress(x, np.log(y))
assert abs(lr.slope - b) < 1e-12 * abs(b)
show("EXPONENTIAL", [np.exp(ln_a), b, lr.rvalue**2])

# Logarithmic: y on ln(x). [a, b, R²] for y = a·ln(x) + b.
i = np.arange(50)
x = 0.5 + 0.5 * i
y = 1.2 * np.log(x) - 4.0 + 0.3 * noise(i)
lr = stats.linregress(np.log(x), y)
show("LOGARITHMIC", [lr.slope, lr.intercept, lr.rvalue**2])

# Power: ln(y) on ln(x); R² of ln(y). [a, b, R²] for y = a·x^b.
i = np.arange(60)
x = 0.25 + 0.25 * i
y = 2.0 * x**0.75 * (1.0 + 0.1 * noise(i))
lr = stats.linregress(np.log(x), np.log(y))
show("POWER", [np.exp(lr.intercept), lr.slope, lr.rvalue**2])


def poly(name, x, y, degree):
    """Coefficients lowest power first (numpy.polynomial's order), then R².
    Fitted on the domain mapped to [-1, 1] and converted, cross-checked
    with np.polyfit."""
    p = np.polynomial.Polynomial.fit(x, y, degree)
    coef = p.convert().coef
    check = np.polyfit(x, y, degree)[::-1]
    assert np.allclose(coef, check, rtol=1e-8, atol=0), (coef, check)
    show(name, list(coef) + [r2(y, p(x))])


# Polynomial, degree 2.
i = np.arange(41)
x = -5.0 + 0.25 * i
y = (0.5 * x - 2.0) * x + 1.0 + noise(i)
poly("POLYNOMIAL_2", x, y, 2)

# Polynomial, degree 6 (Horner, the same operations as the Rust test).
x = -2.0 + 0.1 * i
y = ((((((0.3 * x - 0.5) * x - 2.0) * x + 1.0) * x + 3.0) * x - 1.0) * x + 2.0) + 0.5 * noise(i)
poly("POLYNOMIAL_6", x, y, 6)

# Date-like x: seconds since 1970, one a day from 2023-11-14, 500 points,
# a cubic in days. numpy fits it on centred and scaled x (raw x would be
# hopeless); the curve at a few rows, then R².
i = np.arange(500)
x = 1.7e9 + 86400.0 * i
d = i.astype(float)
y = ((4e-6 * d - 0.003) * d + 0.5) * d + 100.0 + 5.0 * noise(i)
t = (x - x.mean()) / x.std()
p = np.polyfit(t, y, 3)
rows = [0, 1, 137, 250, 498, 499]
print(f"const DATE_ROWS: [usize; {len(rows)}] = {rows};")
show("DATE_AT", np.polyval(p, t[rows]))
show("DATE_R2", [r2(y, np.polyval(p, t))])
# The coefficients in seconds since the first point, lowest power first.
q = np.polynomial.Polynomial.fit(x - x[0], y, 3).convert().coef
show("DATE_FROM_FIRST", q)



def exact_fit(x, y, degree):
    """Least squares in exact rational arithmetic (the floats as the
    rationals they are): the reference where x crowds and even numpy's
    lstsq loses digits. Returns the fitted values and R², as floats."""
    xs = [Fraction(float(v)) for v in x]
    ys = [Fraction(float(v)) for v in y]
    m = degree + 1
    powers = [[v**k for k in range(m)] for v in xs]
    g = [[sum(p[i] * p[j] for p in powers) for j in range(m)] for i in range(m)]
    b = [sum(p[i] * v for p, v in zip(powers, ys)) for i in range(m)]
    for k in range(m):  # Gauss-Jordan, exact
        pivot = g[k][k]
        for i in range(m):
            if i != k:
                f = g[i][k] / pivot
                g[i] = [a - f * c for a, c in zip(g[i], g[k])]
                b[i] -= f * b[k]
    c = [b[k] / g[k][k] for k in range(m)]
    fitted = [sum(ck * pk for ck, pk in zip(c, p)) for p in powers]
    mean = sum(ys) / len(ys)
    ss_res = sum((v - f) ** 2 for v, f in zip(ys, fitted))
    ss_tot = sum((v - mean) ** 2 for v in ys)
    return [float(f) for f in fitted], float(1 - ss_res / ss_tot)


# Crowded x: 200 points within 0.2 and two far off, where the fit has to
# refine its first solution (degree 3: once; degree 6: twice). Exact
# rationals are the reference; numpy's lstsq agrees to its own precision.
i = np.arange(200)
rows = [0, 57, 199, 200, 201]
print(f"const CROWDED_ROWS: [usize; {len(rows)}] = {rows};")
for name, far, degree in (("CROWDED_3", 100.0, 3), ("CROWDED_6", 10.0, 6)):
    x = np.concatenate([0.001 * i, [far, far + 1.0]])
    n = np.arange(len(x))
    y = (1.0 - 0.3 * x) * x + 2.0 + 0.1 * noise(n)
    fitted, r2_exact = exact_fit(x, y, degree)
    check = np.polynomial.Polynomial.fit(x, y, degree)(x)
    assert np.allclose(check, fitted, rtol=1e-6, atol=0), (check, fitted)
    show(f"{name}_AT", [fitted[r] for r in rows])
    show(f"{name}_R2", [r2_exact])

# Moving averages of a series with gaps, as pandas rolls them: the mean of
# the values present in the last `window` rows; sheetplot then leaves out
# rows before the window is full and rows that are gaps themselves.
ys = pd.Series([3.0, 5.0, np.nan, 4.0, 8.0, 10.0, np.nan, np.nan, np.nan, 7.0, 1.0, 2.0, 6.0])
for window in (3, 5):
    rolled = ys.rolling(window, min_periods=1).mean()
    rolled[(ys.index < window - 1) | ys.isna()] = np.nan
    show(f"MOVING_{window}", rolled.to_numpy())
