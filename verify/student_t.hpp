// Student's t distribution: its CDF (regularized incomplete beta) and two-sided quantiles, for
// confidence intervals of means and regression slopes.
#pragma once

namespace benign {

// Regularized incomplete beta I_x(a, b) (continued fraction, modified Lentz; |error| < 1e-14).
double incomplete_beta(double a, double b, double x);

// P(T ≤ t) for Student's t with `dof` > 0 degrees of freedom: 1 − ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0.
double student_t_cdf(double t, double dof);

// The q-quantile (0 < q < 1) of Student's t with `dof` degrees of freedom (bisection on the CDF, to 1e-12).
double student_t_quantile(double q, double dof);

// Two-sided 95% Student-t quantile for `dof` degrees of freedom (+inf for dof ≤ 0).
double t_quantile_975(long dof);

}  // namespace benign
