#pragma once
// Rightmost characteristic roots of a linear delay-differential equation
//
//   x'(t) = A0 x(t) + sum_k A_k x(t - tau_k),   x in R^n, tau_k > 0,
//
// i.e. the roots of det(Delta(lambda)) = 0 with Delta(lambda) = lambda I - A0 - sum_k A_k e^{-lambda tau_k}.
//
// Method: pseudospectral (Chebyshev collocation) discretisation of the infinitesimal generator of the
// solution semigroup on C([-tau_max, 0], R^n) (Breda, Maset & Vermiglio, SIAM J. Sci. Comput. 27 (2005)
// 482-495), dense eigenvalues of the n(N+1) x n(N+1) matrix, then Newton refinement of the rightmost
// approximations on the exact nonlinear eigenproblem Delta(lambda) v = 0. See docs/model.md.
#include <complex>
#include <cstddef>
#include <functional>
#include <vector>

#include <Eigen/Dense>

namespace nmsim::analysis {

struct DelayTerm {
  double delay_s;   // > 0
  Eigen::MatrixXd A;  // n x n
};

struct LinearDde {
  Eigen::MatrixXd A0;               // n x n, n >= 1
  std::vector<DelayTerm> delayed;   // may be empty (then an ODE); equal delays are allowed
};

struct SpectrumOptions {
  // Chebyshev degree N (N+1 collocation nodes on [-tau_max, 0]). 0 = automatic: N is chosen so that every
  // root with |Im| <= min(2 pi max_frequency_hz, bound) is resolved, where the bound is a Bauer-Fike-type
  // bound on |Im lambda| over the roots at least as far right as the count-th rightmost one.
  int nodes = 0;
  // How many of the rightmost approximations are refined by Newton's method (the rest are reported as
  // discretisation eigenvalues with refined = false).
  int n_refine = 6;
  // Roots oscillating faster than this are not sought (nor reported); it also caps the automatic N.
  double max_frequency_hz = 200;
};

struct Root {
  std::complex<double> lambda;  // Im >= 0 (the conjugate is also a root)
  bool refined;                 // Newton converged to a root near the discretisation eigenvalue
  // Normwise backward error sigma_min(Delta(lambda)) / (|lambda| + ||A0|| + sum_k ||A_k|| |e^{-lambda tau_k}|).
  double residual;
};

struct Spectrum {
  std::vector<Root> rightmost;  // sorted by real part, descending; one member of each conjugate pair (Im >= 0)
  int nodes = 0;                // Chebyshev degree N actually used (0 for an ODE)
  double abscissa() const;      // Re of the rightmost root; -infinity when empty
};

// The `count` rightmost roots (fewer if the discretisation resolves fewer). Eigenvalues beyond the resolution
// of the discretisation, and unrefinable ones with backward error > 0.1, are discarded as spurious. Cost is
// that of a dense eigenvalue problem of size n + r N, r = rank [A_1; ...; A_K]. Throws InternalError
// (NMSIM_CHECK) for malformed input and std::runtime_error if the dense eigensolver fails.
Spectrum rightmost_roots(const LinearDde& dde, std::size_t count, const SpectrumOptions& options = {});

// Characteristic matrix Delta(lambda) = lambda I - A0 - sum_k A_k e^{-lambda tau_k}.
Eigen::MatrixXcd characteristic_matrix(const LinearDde& dde, std::complex<double> lambda);

// Finds g in [lo, hi] where f (e.g. the spectral abscissa as a function of a gain) changes sign. Returns the
// midpoint of a final bracket [a, b] with b - a <= rel_tol * min(|a|, |b|) (or <= 1e-12 rel_tol (|lo| + |hi|),
// for a root at 0). Uses TOMS 748 (Alefeld, Potra & Shi 1995): it keeps a bracket like bisection, so a kink
// in f (the rightmost root changing branch) cannot lose the crossing, but converges superlinearly where f is
// smooth, typically in 6-10 evaluations instead of ~25. Throws std::runtime_error (not InputError) if f(lo)
// and f(hi) have the same sign or are not finite, or if f returns NaN.
double bisect_sign_change(const std::function<double(double)>& f, double lo, double hi, double rel_tol = 1e-6,
                          int max_iter = 200);

}  // namespace nmsim::analysis
