#include "analysis/dde_spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

#include <boost/math/tools/toms748_solve.hpp>

#include "core/error.hpp"

namespace nmsim::analysis {

namespace {

using cd = std::complex<double>;
using std::numbers::pi;

// A discretisation eigenvalue is trusted only if its mode e^{lambda theta} is resolved by the degree-N
// Chebyshev interpolant on [-tau_max, 0]: |Im lambda| tau_max / 2 <= kResolvedFraction * N. Observed on
// x' = -k x(t - tau): at 0.65 N the eigenvalue error is ~1e-3 relative, at 0.8 N ~1e-2 (still well inside
// Newton's basin, the roots being ~2 pi / tau apart), and spurious eigenvalues appear from ~0.8 N upwards.
constexpr double kResolvedFraction = 0.78;
constexpr double kDesignFraction = 0.7;  // used to choose N automatically, with kPadNodes to spare
constexpr int kPadNodes = 4;
constexpr double kRedoFraction = 0.75;  // a first pass that resolves the needed band this well is kept
constexpr int kMinNodes = 10;
constexpr int kMaxAutoNodes = 60;  // dense eigensolver cost ~ (n + r N)^3
constexpr double kRankTol = 1e-12;  // relative singular-value cut for the rank of the delayed coupling
// A failed refinement whose backward error exceeds this is no approximation of any root: dropped as spurious.
constexpr double kSpuriousBackwardError = 0.1;
constexpr int kMaxNewtonIter = 60;  // quadratic convergence needs ~5; a double root converges linearly

void validate(const LinearDde& dde) {
  const auto n = dde.A0.rows();
  NMSIM_CHECK(n >= 1 && dde.A0.cols() == n, "A0 must be a non-empty square matrix");
  NMSIM_CHECK(dde.A0.allFinite(), "A0 must be finite");
  for (const auto& term : dde.delayed) {
    NMSIM_CHECK(term.A.rows() == n && term.A.cols() == n, "every delayed matrix must have the shape of A0");
    NMSIM_CHECK(term.A.allFinite(), "delayed matrices must be finite");
    NMSIM_CHECK(std::isfinite(term.delay_s) && term.delay_s > 0, "delays must be finite and > 0");
  }
}

double tau_max_of(const LinearDde& dde) {
  double t = 0;
  for (const auto& term : dde.delayed) t = std::max(t, term.delay_s);
  return t;
}

double norm2(const Eigen::MatrixXcd& m) {
  if (m.size() == 0) return 0;
  return Eigen::JacobiSVD<Eigen::MatrixXcd>(m).singularValues()(0);
}

// Chebyshev extremal points t_j = cos(j pi / N), j = 0..N (t_0 = 1 is theta = 0).
Eigen::VectorXd cheb_points(int N) {
  Eigen::VectorXd t(N + 1);
  for (int j = 0; j <= N; ++j) t(j) = std::cos(pi * j / N);
  return t;
}

// Chebyshev differentiation matrix on [-1, 1] (Trefethen, Spectral Methods in MATLAB, ch. 6). The node
// differences use the product-of-sines identity and the diagonal the negative row sum, both to limit
// rounding in the O(N^2) entries.
Eigen::MatrixXd cheb_diff(int N) {
  Eigen::MatrixXd D(N + 1, N + 1);
  auto c = [N](int j) { return ((j == 0 || j == N) ? 2.0 : 1.0) * ((j % 2) ? -1.0 : 1.0); };
  for (int i = 0; i <= N; ++i) {
    double diag = 0;
    for (int j = 0; j <= N; ++j) {
      if (i == j) continue;
      const double dt = -2.0 * std::sin(pi * (i + j) / (2.0 * N)) * std::sin(pi * (i - j) / (2.0 * N));
      D(i, j) = c(i) / (c(j) * dt);
      diag -= D(i, j);
    }
    D(i, i) = diag;
  }
  return D;
}

// Barycentric Lagrange weights l_j(t) for the Chebyshev extremal points (Berrut & Trefethen, SIAM Rev. 2004).
Eigen::VectorXd barycentric_row(const Eigen::VectorXd& nodes, double t) {
  const auto N = static_cast<int>(nodes.size()) - 1;
  Eigen::VectorXd l(N + 1);
  for (int j = 0; j <= N; ++j) {
    if (std::abs(t - nodes(j)) < 1e-15) {  // on a node: the interpolant is the nodal value
      l.setZero();
      l(j) = 1;
      return l;
    }
    const double w = ((j == 0 || j == N) ? 0.5 : 1.0) * ((j % 2) ? -1.0 : 1.0);
    l(j) = w / (t - nodes(j));
  }
  return l / l.sum();
}

// The delayed coupling factored through its joint row space: A_k = B_k C with C (r x n) orthonormal rows,
// r = rank [A_1; ...; A_K]. Only y = C x needs a history, so the collocation keeps y(theta_j) at the nodes
// j >= 1 and x only at theta_0 = 0: size n + r N instead of n (N + 1). The eigenvalues are those of the
// full Breda-Maset-Vermiglio matrix except that, when r < n, the n - r spurious copies of each eigenvalue
// of the derivative block (the poles of the rational approximation of e^{-lambda tau}) are gone.
struct Factored {
  Eigen::MatrixXd C;               // r x n
  std::vector<Eigen::MatrixXd> B;  // n x r per delay term
  Eigen::Index rank() const { return C.rows(); }
};

Factored factor_delays(const LinearDde& dde) {
  const auto n = dde.A0.rows();
  const auto K = static_cast<Eigen::Index>(dde.delayed.size());
  Factored f;
  if (K == 0) return f;
  Eigen::MatrixXd stacked(K * n, n);
  for (Eigen::Index k = 0; k < K; ++k) stacked.middleRows(k * n, n) = dde.delayed[static_cast<std::size_t>(k)].A;
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(stacked, Eigen::ComputeThinV);
  const Eigen::VectorXd& sv = svd.singularValues();
  Eigen::Index r = 0;
  while (r < sv.size() && sv(r) > kRankTol * sv(0)) ++r;
  // Full rank: keep the original coordinates (C = I) so nothing is rotated needlessly.
  f.C = r == n ? Eigen::MatrixXd::Identity(n, n) : Eigen::MatrixXd(svd.matrixV().leftCols(r).transpose());
  for (const auto& term : dde.delayed) f.B.push_back(term.A * f.C.transpose());
  return f;
}

// The discretised generator acting on (x(0), y(theta_1), ..., y(theta_N)), theta_j = tau_max (t_j - 1) / 2:
// the first block row is the DDE with y(-tau_k) by barycentric interpolation, the others y'(theta_j) by the
// differentiation matrix.
Eigen::MatrixXd generator_matrix(const LinearDde& dde, const Factored& f, int N, double tau_max) {
  const auto n = dde.A0.rows();
  const auto r = f.rank();
  const Eigen::VectorXd t = cheb_points(N);
  const Eigen::MatrixXd D = cheb_diff(N) * (2.0 / tau_max);
  Eigen::MatrixXd M = Eigen::MatrixXd::Zero(n + r * N, n + r * N);
  M.topLeftCorner(n, n) = dde.A0;
  for (std::size_t k = 0; k < dde.delayed.size(); ++k) {
    const Eigen::VectorXd l = barycentric_row(t, 1.0 - 2.0 * dde.delayed[k].delay_s / tau_max);
    M.topLeftCorner(n, n) += l(0) * dde.delayed[k].A;
    for (int j = 1; j <= N; ++j)
      if (l(j) != 0) M.block(0, n + (j - 1) * r, n, r) += l(j) * f.B[k];
  }
  for (int j = 1; j <= N; ++j) {
    M.block(n + (j - 1) * r, 0, r, n) = D(j, 0) * f.C;
    for (int i = 1; i <= N; ++i) M.block(n + (j - 1) * r, n + (i - 1) * r, r, r).diagonal().setConstant(D(j, i));
  }
  return M;
}

Eigen::MatrixXcd delta_of(const LinearDde& dde, cd lambda) {  // characteristic_matrix without validation
  const auto n = dde.A0.rows();
  Eigen::MatrixXcd d = lambda * Eigen::MatrixXcd::Identity(n, n) - dde.A0.cast<cd>();
  for (const auto& term : dde.delayed) d -= std::exp(-lambda * term.delay_s) * term.A.cast<cd>();
  return d;
}

Eigen::MatrixXcd characteristic_derivative(const LinearDde& dde, cd lambda) {
  const auto n = dde.A0.rows();
  Eigen::MatrixXcd d = Eigen::MatrixXcd::Identity(n, n);
  for (const auto& term : dde.delayed) d += (term.delay_s * std::exp(-lambda * term.delay_s)) * term.A.cast<cd>();
  return d;
}

// Norms used by the backward error and the frequency bound, computed once per call.
struct Norms {
  double a0 = 0;
  std::vector<double> delayed;
};

Norms norms_of(const LinearDde& dde) {
  Norms s;
  s.a0 = norm2(dde.A0.cast<cd>());
  for (const auto& term : dde.delayed) s.delayed.push_back(norm2(term.A.cast<cd>()));
  return s;
}

double backward_error(const LinearDde& dde, const Norms& norms, cd lambda) {
  const Eigen::MatrixXcd delta = delta_of(dde, lambda);
  if (!delta.allFinite()) return std::numeric_limits<double>::infinity();
  const double smin = Eigen::JacobiSVD<Eigen::MatrixXcd>(delta).singularValues().tail(1)(0);
  double scale = std::abs(lambda) + norms.a0;
  for (std::size_t k = 0; k < dde.delayed.size(); ++k)
    scale += norms.delayed[k] * std::exp(-lambda.real() * dde.delayed[k].delay_s);
  return scale > 0 ? smin / scale : smin;
}

// Bound on |Im lambda| over all roots with Re lambda >= beta. With A0 = V Lambda V^{-1} and B_k = V^{-1} A_k V,
// a root satisfies dist(lambda, spec A0) <= || sum_k B_k e^{-lambda tau_k} || <= sum_k ||B_k|| e^{-beta tau_k}
// (Bauer-Fike); without a usable V, |lambda| <= ||A0|| + sum_k ||A_k|| e^{-beta tau_k}. The first is
// insensitive to stiff real eigenvalues of A0, which is why it is worth the extra eigendecomposition.
class FrequencyBound {
 public:
  FrequencyBound(const LinearDde& dde, const Norms& norms) : dde_(dde), norms_(norms) {
    Eigen::EigenSolver<Eigen::MatrixXd> es(dde.A0, true);
    if (es.info() != Eigen::Success) return;
    Eigen::MatrixXcd V = es.eigenvectors();
    V.colwise().normalize();
    const Eigen::JacobiSVD<Eigen::MatrixXcd> svd(V);
    const double smin = svd.singularValues().tail(1)(0);
    if (!(smin > 1e-8 * svd.singularValues()(0))) return;  // (nearly) defective A0
    const Eigen::MatrixXcd Vinv = V.inverse();
    for (const auto& term : dde.delayed) modal_.push_back(norm2(Vinv * term.A.cast<cd>() * V));
    imag_a0_ = es.eigenvalues().imag().cwiseAbs().maxCoeff();
    modal_ok_ = true;
  }

  double operator()(double beta) const {
    double crude = norms_.a0;
    double modal = imag_a0_;
    for (std::size_t k = 0; k < dde_.delayed.size(); ++k) {
      const double decay = std::exp(-beta * dde_.delayed[k].delay_s);
      crude += norms_.delayed[k] * decay;
      if (modal_ok_) modal += modal_[k] * decay;
    }
    return modal_ok_ ? std::min(crude, modal) : crude;
  }

 private:
  const LinearDde& dde_;
  const Norms& norms_;
  std::vector<double> modal_;
  double imag_a0_ = 0;
  bool modal_ok_ = false;
};

int nodes_for(double omega, double tau_max) {
  const double need = omega * tau_max / (2.0 * kDesignFraction);
  if (!(need < kMaxAutoNodes)) return kMaxAutoNodes;
  return std::clamp(static_cast<int>(std::ceil(need)) + kPadNodes, kMinNodes, kMaxAutoNodes);
}

struct NewtonResult {
  cd lambda;
  bool converged = false;
};

// Newton's method on the bordered system  [Delta(l) v; c^H v - 1] = 0  in (v, l) (nonlinear inverse
// iteration, Ruhe 1973 / Unger 1950): its Jacobian [[Delta, Delta' v], [c^H, 0]] is nonsingular at a simple
// root, unlike Delta itself, so the steps stay well conditioned right up to convergence.
NewtonResult newton_refine(const LinearDde& dde, cd lambda0, double scale) {
  const auto n = dde.A0.rows();
  const bool real_start = lambda0.imag() == 0;
  cd lambda = lambda0;
  // Start from the right singular vector of the smallest singular value: the best available null vector.
  const Eigen::JacobiSVD<Eigen::MatrixXcd> svd(delta_of(dde, lambda), Eigen::ComputeFullV);
  Eigen::VectorXcd v = svd.matrixV().col(n - 1);
  const Eigen::VectorXcd c = v;  // c^H v = 1 now
  Eigen::MatrixXcd J(n + 1, n + 1);
  Eigen::VectorXcd rhs(n + 1);
  double prev_step = std::numeric_limits<double>::infinity();
  for (int it = 0; it < kMaxNewtonIter; ++it) {
    const Eigen::MatrixXcd delta = delta_of(dde, lambda);
    J.topLeftCorner(n, n) = delta;
    J.topRightCorner(n, 1) = characteristic_derivative(dde, lambda) * v;
    J.bottomLeftCorner(1, n) = c.adjoint();
    J(n, n) = 0;
    rhs.head(n) = -(delta * v);
    rhs(n) = 1.0 - c.dot(v);  // c.dot(v) = c^H v
    const Eigen::VectorXcd step = J.partialPivLu().solve(rhs);
    cd dl = step(n);
    if (real_start) dl = dl.real();  // a real root of a real problem: keep it exactly real
    v += step.head(n);
    lambda += dl;
    if (!std::isfinite(lambda.real()) || !std::isfinite(lambda.imag()) || std::abs(lambda - lambda0) > 1e3 * scale)
      return {lambda0, false};
    // Converged when the step is at rounding level, or small and no longer shrinking (rounding noise
    // of an ill-conditioned root; a double root shrinks by exactly 1/2 per step and goes on).
    const double size = std::max(std::abs(lambda), scale);
    const double s = std::abs(dl);
    if (s <= 1e-14 * size || (s <= 1e-9 * size && s > 0.9 * prev_step)) return {lambda, true};
    prev_step = s;
  }
  return {lambda, false};
}

bool right_first(cd a, cd b) { return a.real() != b.real() ? a.real() > b.real() : a.imag() < b.imag(); }

// One discretise-solve-refine pass with Chebyshev degree N.
std::vector<Root> roots_with_nodes(const LinearDde& dde, const Factored& f, const Norms& norms, std::size_t count,
                                   int n_refine, int N, double tau_max, double omega_cap) {
  Eigen::EigenSolver<Eigen::MatrixXd> es(generator_matrix(dde, f, N, tau_max), false);
  if (es.info() != Eigen::Success)
    throw std::runtime_error("dde_spectrum: eigenvalue iteration did not converge (N = " + std::to_string(N) + ")");
  const Eigen::VectorXcd& ev = es.eigenvalues();

  const std::vector<cd> all(ev.data(), ev.data() + ev.size());
  const double omega_max = std::min(omega_cap, 2.0 * kResolvedFraction * N / tau_max);
  std::vector<cd> cand;
  for (cd z : all)
    if (z.imag() >= 0 && z.imag() <= omega_max) cand.push_back(z);
  std::sort(cand.begin(), cand.end(), right_first);

  const double scale = 1.0 / tau_max;  // natural frequency scale of the problem
  std::vector<Root> out;
  for (std::size_t i = 0; i < cand.size() && out.size() < count; ++i) {
    const cd z = cand[i];
    Root r{z, false, 0};
    // (Eigenvalues so far left that e^{-lambda tau} nears overflow are not worth refining.)
    if (static_cast<int>(out.size()) < n_refine && z.real() * tau_max > -500) {
      // Accept Newton's root only if it is nearer to z than to any other discretisation eigenvalue (conjugates
      // included): otherwise it has converged to a root that another eigenvalue already stands for.
      const double tight = 1e-6 * std::max(std::abs(z), scale);  // members of a multiple-root cluster
      double nearest = std::numeric_limits<double>::infinity();
      for (cd w : all)
        if (std::abs(w - z) > tight) nearest = std::min(nearest, std::abs(w - z));
      const NewtonResult nr = newton_refine(dde, z, std::max(std::abs(z), scale));
      if (nr.converged && std::abs(nr.lambda - z) < 0.5 * nearest) {
        r.lambda = nr.lambda;
        if (std::abs(r.lambda.imag()) <= 1e-12 * std::max(std::abs(r.lambda), scale)) r.lambda.imag(0);
        r.lambda = r.lambda.imag() < 0 ? std::conj(r.lambda) : r.lambda;
        r.refined = true;
      }
    }
    r.residual = backward_error(dde, norms, r.lambda);
    if (r.refined && !(r.residual <= 1e-9)) r.refined = false;
    if (!r.refined && !(r.residual <= kSpuriousBackwardError)) continue;
    out.push_back(r);
  }
  std::sort(out.begin(), out.end(), [](const Root& a, const Root& b) { return right_first(a.lambda, b.lambda); });
  return out;
}

}  // namespace

double Spectrum::abscissa() const {
  return rightmost.empty() ? -std::numeric_limits<double>::infinity() : rightmost.front().lambda.real();
}

Eigen::MatrixXcd characteristic_matrix(const LinearDde& dde, std::complex<double> lambda) {
  validate(dde);
  return delta_of(dde, lambda);
}

Spectrum rightmost_roots(const LinearDde& dde, std::size_t count, const SpectrumOptions& options) {
  validate(dde);
  NMSIM_CHECK(options.nodes >= 0, "SpectrumOptions::nodes must be >= 0");
  NMSIM_CHECK(options.n_refine >= 0, "SpectrumOptions::n_refine must be >= 0");
  NMSIM_CHECK(options.max_frequency_hz > 0, "SpectrumOptions::max_frequency_hz must be > 0");
  Spectrum s;
  if (count == 0) return s;
  const Norms norms = norms_of(dde);
  const double tau_max = tau_max_of(dde);
  const Factored factored = factor_delays(dde);

  if (tau_max == 0 || factored.rank() == 0) {  // an ODE: the roots are the eigenvalues of A0
    Eigen::EigenSolver<Eigen::MatrixXd> es(dde.A0, false);
    if (es.info() != Eigen::Success) throw std::runtime_error("dde_spectrum: eigenvalues of A0 did not converge");
    std::vector<cd> ev;
    for (cd z : es.eigenvalues())
      if (z.imag() >= 0) ev.push_back(z);
    std::sort(ev.begin(), ev.end(), right_first);
    for (std::size_t i = 0; i < std::min(count, ev.size()); ++i)
      s.rightmost.push_back({ev[i], true, backward_error(dde, norms, ev[i])});
    return s;
  }

  const double omega_cap = 2 * pi * options.max_frequency_hz;
  if (options.nodes > 0) {
    s.nodes = options.nodes;
    s.rightmost = roots_with_nodes(dde, factored, norms, count, options.n_refine, s.nodes, tau_max, omega_cap);
    return s;
  }

  // Automatic N: first resolve the frequencies where roots with Re >= 0 can lie (what a stability verdict
  // needs); if the count-th root found lies further left, roots up to its real part may oscillate faster,
  // so bound that band again and, unless the first pass already resolved it, repeat once with more nodes.
  // The second pass only finds more roots to the right, so its count-th root is no further left and the
  // bound stays valid.
  const FrequencyBound bound(dde, norms);
  s.nodes = nodes_for(std::min(omega_cap, bound(0.0)), tau_max);
  s.rightmost = roots_with_nodes(dde, factored, norms, count, options.n_refine, s.nodes, tau_max, omega_cap);
  const double beta = s.rightmost.size() < count ? -std::numeric_limits<double>::infinity()
                                                   : std::min(0.0, s.rightmost.back().lambda.real());
  const double omega = std::min(omega_cap, bound(beta));
  if (omega * tau_max / 2 > kRedoFraction * s.nodes) {
    s.nodes = nodes_for(omega, tau_max);
    s.rightmost = roots_with_nodes(dde, factored, norms, count, options.n_refine, s.nodes, tau_max, omega_cap);
  }
  return s;
}

double bisect_sign_change(const std::function<double(double)>& f, double lo, double hi, double rel_tol,
                          int max_iter) {
  NMSIM_CHECK(std::isfinite(lo) && std::isfinite(hi) && lo < hi, "bisect_sign_change needs a finite lo < hi");
  NMSIM_CHECK(rel_tol > 0 && max_iter > 0, "bisect_sign_change needs rel_tol > 0 and max_iter > 0");
  const double flo = f(lo);
  const double fhi = f(hi);
  if (!std::isfinite(flo) || !std::isfinite(fhi))
    throw std::runtime_error("bisect_sign_change: f is not finite at the ends of the bracket");
  if (flo == 0) return lo;
  if (fhi == 0) return hi;
  if ((flo > 0) == (fhi > 0))
    throw std::runtime_error("bisect_sign_change: f(" + std::to_string(lo) + ") = " + std::to_string(flo) +
                             " and f(" + std::to_string(hi) + ") = " + std::to_string(fhi) + " have the same sign");
  const double abs_floor = 1e-12 * rel_tol * (std::abs(lo) + std::abs(hi));
  auto tol = [rel_tol, abs_floor](double a, double b) {
    return std::abs(b - a) <= std::max(rel_tol * std::min(std::abs(a), std::abs(b)), abs_floor);
  };
  // An empty spectrum has abscissa -inf: keep its sign but give the interpolation steps finite numbers.
  auto finite_f = [&f](double g) {
    const double v = f(g);
    if (std::isnan(v)) throw std::runtime_error("bisect_sign_change: f(" + std::to_string(g) + ") is NaN");
    return std::clamp(v, -std::numeric_limits<double>::max(), std::numeric_limits<double>::max());
  };
  auto iters = static_cast<std::uintmax_t>(max_iter);
  const auto [a, b] = boost::math::tools::toms748_solve(finite_f, lo, hi, flo, fhi, tol, iters);
  return 0.5 * (a + b);
}

}  // namespace nmsim::analysis
