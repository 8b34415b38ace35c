#include "analysis/dde_spectrum.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <complex>
#include <iostream>
#include <numbers>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace nmsim::analysis {
namespace {

using cd = std::complex<double>;
using std::numbers::pi;

LinearDde scalar(double a, double b, double tau) {
  return {Eigen::MatrixXd::Constant(1, 1, a), {{tau, Eigen::MatrixXd::Constant(1, 1, b)}}};
}

// Backward error computed here independently of the library.
double relative_smin(const LinearDde& dde, cd lambda) {
  const Eigen::MatrixXcd d = characteristic_matrix(dde, lambda);
  double scale = std::abs(lambda) + Eigen::JacobiSVD<Eigen::MatrixXd>(dde.A0).singularValues()(0);
  for (const auto& t : dde.delayed)
    scale += Eigen::JacobiSVD<Eigen::MatrixXd>(t.A).singularValues()(0) * std::exp(-lambda.real() * t.delay_s);
  return Eigen::JacobiSVD<Eigen::MatrixXcd>(d).singularValues().tail(1)(0) / scale;
}

// Principal branch W_0(z) for real z, by Newton on w e^w = z continued along a path from 0 through the upper
// half plane (W_0 is analytic off its cut (-inf, -1/e], so this lands on the conventional value from above).
cd lambert_w0(double z) {
  cd w = 0;
  const int steps = 400;
  for (int s = 1; s <= steps; ++s) {
    const double u = static_cast<double>(s) / steps;
    const cd zs(u * z, 0.5 * std::sin(pi * u));
    for (int it = 0; it < 50; ++it) {
      const cd ew = std::exp(w);
      const cd step = (w * ew - zs) / (ew * (w + 1.0));
      w -= step;
      if (std::abs(step) < 1e-16 * (1 + std::abs(w))) break;
    }
  }
  return w;
}

// Number of zeros of det(Delta) inside the rectangle [x0, x1] x [y0, y1] by the argument principle. Each edge
// starts in pieces of 1/(8 tau_max) (e^{-lambda tau} turns by at most 1/8 rad per piece) and is subdivided
// further until the phase of det changes by less than 0.3 rad per piece.
int count_zeros(const LinearDde& dde, double x0, double x1, double y0, double y1) {
  auto f = [&](cd z) { return characteristic_matrix(dde, z).determinant(); };
  double tau_max = 0;
  for (const auto& t : dde.delayed) tau_max = std::max(tau_max, t.delay_s);
  double winding = 0;
  const std::vector<cd> corners{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
  for (std::size_t e = 0; e + 1 < corners.size(); ++e) {
    const cd a0 = corners[e], b0 = corners[e + 1];
    const int pieces = 16 + static_cast<int>(std::abs(b0 - a0) * tau_max * 8);
    std::vector<std::pair<cd, cd>> stack;
    for (int p = pieces; p > 0; --p)
      stack.push_back({a0 + (b0 - a0) * (static_cast<double>(p - 1) / pieces),
                       a0 + (b0 - a0) * (static_cast<double>(p) / pieces)});
    while (!stack.empty()) {
      const auto [a, b] = stack.back();
      stack.pop_back();
      const double dphi = std::arg(f(b) / f(a));
      if (std::abs(dphi) > 0.3 && std::abs(b - a) > 1e-9) {
        const cd mid = 0.5 * (a + b);
        stack.push_back({mid, b});
        stack.push_back({a, mid});
      } else {
        winding += dphi;
      }
    }
  }
  return static_cast<int>(std::lround(winding / (2 * pi)));
}

// Roots with multiplicity of conjugates: a complex root stands for two.
int counted(const Spectrum& s, double beta) {
  int c = 0;
  for (const auto& r : s.rightmost)
    if (r.lambda.real() > beta) c += r.lambda.imag() > 0 ? 2 : 1;
  return c;
}

void expect_all_refined(const Spectrum& s, const LinearDde& dde) {
  for (const auto& r : s.rightmost) {
    EXPECT_TRUE(r.refined) << r.lambda;
    EXPECT_LT(r.residual, 1e-10) << r.lambda;
    EXPECT_LT(relative_smin(dde, r.lambda), 1e-10) << r.lambda;
    EXPECT_GE(r.lambda.imag(), 0);
  }
  for (std::size_t i = 1; i < s.rightmost.size(); ++i)
    EXPECT_GE(s.rightmost[i - 1].lambda.real(), s.rightmost[i].lambda.real());
}

TEST(DdeSpectrum, ScalarDelayedFeedbackStableBelowHalfPi) {
  const double tau = 0.03;
  for (double ktau : {0.1, 0.5, 1.0, 1.4, 1.55}) {
    const auto dde = scalar(0, -ktau / tau, tau);
    const Spectrum s = rightmost_roots(dde, 4);
    ASSERT_FALSE(s.rightmost.empty());
    EXPECT_LT(s.abscissa(), 0) << "k tau = " << ktau;
    expect_all_refined(s, dde);
  }
  for (double ktau : {1.6, 2.5, 8.0}) {
    const Spectrum s = rightmost_roots(scalar(0, -ktau / tau, tau), 1);
    EXPECT_GT(s.abscissa(), 0) << "k tau = " << ktau;
  }
}

TEST(DdeSpectrum, ScalarDelayedFeedbackHopfAtHalfPi) {
  const double tau = 0.05;
  const auto dde = scalar(0, -pi / (2 * tau), tau);
  const Spectrum s = rightmost_roots(dde, 3);
  ASSERT_FALSE(s.rightmost.empty());
  const cd expected(0, pi / (2 * tau));  // period 4 tau
  EXPECT_LT(std::abs(s.rightmost[0].lambda - expected), 1e-10 * std::abs(expected)) << s.rightmost[0].lambda;
  EXPECT_NEAR(2 * pi / s.rightmost[0].lambda.imag(), 4 * tau, 1e-12);
  expect_all_refined(s, dde);
}

TEST(DdeSpectrum, ScalarRightmostRootMatchesLambertW) {
  const double tau = 0.04;
  // k tau = 0.2 gives a real rightmost root; the others a complex pair.
  for (double ktau : {0.2, 0.3, 0.6, 1.0, pi / 2, 2.0, 5.0}) {
    const auto dde = scalar(0, -ktau / tau, tau);
    const cd w = lambert_w0(-ktau);
    ASSERT_LT(std::abs(w * std::exp(w) + ktau), 1e-13);
    const cd expected = w / tau;
    const Spectrum s = rightmost_roots(dde, 2);
    ASSERT_FALSE(s.rightmost.empty());
    EXPECT_LT(std::abs(s.rightmost[0].lambda - expected), 1e-8 * std::abs(expected))
        << "k tau = " << ktau << ": " << s.rightmost[0].lambda << " vs " << expected;
    EXPECT_TRUE(s.rightmost[0].refined);
  }
}

TEST(DdeSpectrum, CriticalGainByBisection) {
  const double tau = 0.035;
  int calls = 0;
  auto abscissa = [&](double k) {
    ++calls;
    return rightmost_roots(scalar(0, -k, tau), 1).abscissa();
  };
  const double k = bisect_sign_change(abscissa, 0.5 / tau, 3.0 / tau);
  const double expected = pi / (2 * tau);
  EXPECT_NEAR(k / expected, 1.0, 1e-6);
  std::cout << "[ info     ] critical gain " << k << " (exact " << expected << ") after " << calls
            << " spectrum evaluations\n";
}

TEST(DdeSpectrum, BisectionHelper) {
  const double r = bisect_sign_change([](double g) { return g * g - 2; }, 0.0, 10.0, 1e-10);
  EXPECT_NEAR(r, std::sqrt(2.0), 1e-9);
  EXPECT_THROW(bisect_sign_change([](double g) { return g * g + 1; }, -1.0, 1.0), std::runtime_error);
  EXPECT_DOUBLE_EQ(bisect_sign_change([](double g) { return g - 1; }, 1.0, 2.0), 1.0);
  // A step function: no smoothness, still bracketed.
  const double step = bisect_sign_change([](double g) { return g < 0.3 ? -1.0 : 1.0; }, 0.0, 1.0, 1e-8);
  EXPECT_NEAR(step, 0.3, 1e-8);
}

// Hayes (1950), see Hale & Verduyn Lunel (1993) Thm A.5: all roots of z = a + b e^{-z} have Re z < 0 iff
// a < 1, a + b < 0 and b > -sqrt(xi^2 + a^2), xi the root of xi = a tan(xi) in (0, pi) (pi/2 if a = 0).
double hayes_xi(double a) {
  double lo = 1e-12, hi = pi - 1e-12;  // g(xi) = xi cos(xi) - a sin(xi) changes sign once on (0, pi) for a < 1
  auto g = [a](double x) { return x * std::cos(x) - a * std::sin(x); };
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    ((g(mid) > 0) == (g(lo) > 0) ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

bool hayes_stable(double a, double b) {
  return a < 1 && a + b < 0 && b > -std::sqrt(hayes_xi(a) * hayes_xi(a) + a * a);
}

TEST(DdeSpectrum, HayesStabilityRegion) {
  const double tau = 0.02;  // scale: x' = (a/tau) x + (b/tau) x(t - tau)
  const std::vector<std::pair<double, double>> points{
      {0.5, -1.0}, {0.5, -1.4}, {0.5, -0.3}, {-1.0, -0.5}, {-1.0, -2.0}, {-1.0, -3.0},
      {1.2, -2.0}, {0.9, -0.95}, {-3.0, 2.5}, {-3.0, -3.5}, {0.0, -1.5}, {0.0, -1.65}};
  for (const auto& [a, b] : points) {
    const auto dde = scalar(a / tau, b / tau, tau);
    const Spectrum s = rightmost_roots(dde, 3);
    ASSERT_FALSE(s.rightmost.empty());
    EXPECT_EQ(s.abscissa() < 0, hayes_stable(a, b)) << "a = " << a << ", b = " << b << ": " << s.abscissa();
    expect_all_refined(s, dde);
  }
  // On the oscillatory boundary the crossing root is i xi / tau.
  for (double a : {-2.0, -0.5, 0.0, 0.7}) {
    const double xi = hayes_xi(a);
    const auto dde = scalar(a / tau, -std::sqrt(xi * xi + a * a) / tau, tau);
    const Spectrum s = rightmost_roots(dde, 1);
    ASSERT_EQ(s.rightmost.size(), 1u);
    EXPECT_LT(std::abs(s.rightmost[0].lambda - cd(0, xi / tau)), 1e-9 * xi / tau) << "a = " << a;
  }
}

LinearDde two_delay_system() {
  LinearDde d;
  d.A0.resize(2, 2);
  d.A0 << -20, 35, -60, -15;
  Eigen::MatrixXd A1(2, 2), A2(2, 2);
  A1 << -40, 0, 10, -25;
  A2 << 0, -30, 45, 5;
  d.delayed = {{0.013, A1}, {0.031, A2}};
  return d;
}

TEST(DdeSpectrum, TwoDelaysAgainstArgumentPrinciple) {
  const auto dde = two_delay_system();
  SpectrumOptions o;
  o.n_refine = 10;
  const Spectrum s = rightmost_roots(dde, 10, o);
  ASSERT_EQ(s.rightmost.size(), 10u);
  expect_all_refined(s, dde);
  // Lines between consecutive real parts; every root right of the line must have been reported.
  const double norm_sum = 200;  // >= ||A0|| + ||A1|| + ||A2|| for these matrices
  int checked = 0;
  for (std::size_t i = 0; i + 1 < s.rightmost.size(); ++i) {
    const double r0 = s.rightmost[i].lambda.real(), r1 = s.rightmost[i + 1].lambda.real();
    if (r0 - r1 < 1.0) continue;  // too close for a clean contour
    const double beta = 0.5 * (r0 + r1);
    // Roots with Re >= beta satisfy |lambda| <= ||A0|| + sum ||A_k|| e^{-beta tau_k}.
    const double radius = norm_sum * std::exp(-beta * 0.031) + 1;
    EXPECT_EQ(count_zeros(dde, beta, radius, -radius, radius), counted(s, beta)) << "beta = " << beta;
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

TEST(DdeSpectrum, OdeCaseIsEigenvaluesOfA0) {
  Eigen::MatrixXd A(6, 6);
  A << -1, 2, 0, 0, 0.5, 0,  //
      -3, -1, 0, 1, 0, 0,    //
      0, 0, -5, 0, 0, 2,     //
      0, 0.3, 0, -0.2, 4, 0,  //
      0, 0, 0, -4, -0.2, 0,  //
      1, 0, -1, 0, 0, -7;
  const LinearDde dde{A, {}};
  const Spectrum s = rightmost_roots(dde, 6);
  std::vector<cd> ev;
  const Eigen::EigenSolver<Eigen::MatrixXd> es(A, false);
  for (cd z : es.eigenvalues())
    if (z.imag() >= 0) ev.push_back(z);
  std::sort(ev.begin(), ev.end(), [](cd a, cd b) { return a.real() > b.real(); });
  ASSERT_EQ(s.rightmost.size(), ev.size());
  for (std::size_t i = 0; i < ev.size(); ++i) EXPECT_LT(std::abs(s.rightmost[i].lambda - ev[i]), 1e-12);
  expect_all_refined(s, dde);
}

TEST(DdeSpectrum, NearlyEqualDelays) {
  Eigen::MatrixXd A0(2, 2), A1(2, 2), A2(2, 2);
  A0 << -10, 20, -20, -10;
  A1 << -15, 5, 0, -10;
  A2 << 5, -10, 10, -20;
  const LinearDde equal{A0, {{0.040, A1}, {0.040, A2}}};
  const LinearDde merged{A0, {{0.040, A1 + A2}}};
  const LinearDde nearly{A0, {{0.040, A1}, {0.0401, A2}}};
  const Spectrum se = rightmost_roots(equal, 5), sm = rightmost_roots(merged, 5), sn = rightmost_roots(nearly, 5);
  ASSERT_EQ(se.rightmost.size(), 5u);
  ASSERT_EQ(sm.rightmost.size(), 5u);
  ASSERT_EQ(sn.rightmost.size(), 5u);
  expect_all_refined(se, equal);
  expect_all_refined(sn, nearly);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_LT(std::abs(se.rightmost[i].lambda - sm.rightmost[i].lambda), 1e-9 * std::abs(sm.rightmost[i].lambda));
    EXPECT_LT(std::abs(sn.rightmost[i].lambda - sm.rightmost[i].lambda), 0.02 * std::abs(sm.rightmost[i].lambda));
  }
  // The nearly-equal case against explicit fine discretisations.
  for (int nodes : {30, 50}) {
    SpectrumOptions o;
    o.nodes = nodes;
    const Spectrum s = rightmost_roots(nearly, 5, o);
    for (std::size_t i = 0; i < 5; ++i)
      EXPECT_LT(std::abs(s.rightmost[i].lambda - sn.rightmost[i].lambda), 1e-10 * std::abs(sn.rightmost[i].lambda));
  }
}

TEST(DdeSpectrum, DiscretisationConvergesWithNodes) {
  const auto dde = two_delay_system();
  SpectrumOptions o;
  o.n_refine = 0;  // raw discretisation eigenvalues
  o.nodes = 20;
  const Spectrum s20 = rightmost_roots(dde, 4, o);
  o.nodes = 40;
  const Spectrum s40 = rightmost_roots(dde, 4, o);
  const Spectrum refined = rightmost_roots(dde, 4);
  ASSERT_EQ(s20.rightmost.size(), 4u);
  ASSERT_EQ(s40.rightmost.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_FALSE(s20.rightmost[i].refined);
    const double mag = std::abs(refined.rightmost[i].lambda);
    EXPECT_LT(std::abs(s20.rightmost[i].lambda - s40.rightmost[i].lambda), 1e-8 * mag) << i;
    EXPECT_LT(std::abs(s40.rightmost[i].lambda - refined.rightmost[i].lambda), 1e-10 * mag) << i;
  }
}

TEST(DdeSpectrum, HigherRootsOfScalarEquation) {
  // x' = -k x(t - tau) has the root chain lambda_m = W_m(-k tau) / tau; every root found must be an exact
  // root and no root may be skipped: compare with the argument principle.
  const double tau = 0.05, k = 20;
  const auto dde = scalar(0, -k, tau);
  const Spectrum s = rightmost_roots(dde, 6);
  ASSERT_EQ(s.rightmost.size(), 6u);
  expect_all_refined(s, dde);
  const double beta = 0.5 * (s.rightmost[4].lambda.real() + s.rightmost[5].lambda.real());
  const double radius = k * std::exp(-beta * tau) + 1;
  EXPECT_EQ(count_zeros(dde, beta, radius, -radius, radius), 10);
}

TEST(DdeSpectrum, CharacteristicMatrix) {
  const auto dde = two_delay_system();
  const Eigen::MatrixXcd at0 = characteristic_matrix(dde, 0.0);
  const Eigen::MatrixXd expected = -dde.A0 - dde.delayed[0].A - dde.delayed[1].A;
  EXPECT_LT((at0 - expected.cast<cd>()).norm(), 1e-14);
  const cd z(-3, 40);
  Eigen::MatrixXcd m = z * Eigen::MatrixXcd::Identity(2, 2) - dde.A0.cast<cd>();
  for (const auto& t : dde.delayed) m -= std::exp(-z * t.delay_s) * t.A.cast<cd>();
  EXPECT_LT((characteristic_matrix(dde, z) - m).norm(), 1e-12);
}

TEST(DdeSpectrum, RejectsMalformedInput) {
  LinearDde bad = two_delay_system();
  bad.delayed[1].A = Eigen::MatrixXd::Zero(3, 3);
  EXPECT_THROW(rightmost_roots(bad, 1), InternalError);
  bad = two_delay_system();
  bad.delayed[0].delay_s = 0;
  EXPECT_THROW(rightmost_roots(bad, 1), InternalError);
  bad = two_delay_system();
  bad.A0 = Eigen::MatrixXd::Zero(2, 3);
  EXPECT_THROW(rightmost_roots(bad, 1), InternalError);
  EXPECT_TRUE(rightmost_roots(two_delay_system(), 0).rightmost.empty());
}

// A 10-state loop with two delays, shaped like a linearised stretch reflex: stiff and slow first-order
// stages (activation, spindle, tendon), a lightly damped limb, and delayed feedback into the activations.
LinearDde reflex_like_system(double gain) {
  const int n = 10;
  Eigen::MatrixXd A0 = Eigen::MatrixXd::Zero(n, n);
  A0(0, 1) = 1;
  A0(1, 0) = -(2 * pi * 5) * (2 * pi * 5);  // 5 Hz limb resonance
  A0(1, 1) = -2 * 0.2 * (2 * pi * 5);
  const double rates[] = {25, 40, 100, 300, 60, 15, 200, 80};
  for (int i = 2; i < n; ++i) A0(i, i) = -rates[i - 2];
  A0(1, 2) = 50;   // agonist force drives the limb
  A0(1, 3) = -40;  // antagonist
  for (int i = 4; i < n; ++i) A0(i, 0) = 0.5 * rates[i - 2];  // sensors follow the joint angle
  A0(4, 1) = 3;
  Eigen::MatrixXd A1 = Eigen::MatrixXd::Zero(n, n), A2 = Eigen::MatrixXd::Zero(n, n);
  for (int i = 4; i < 7; ++i) A1(2, i) = -gain * 20, A1(3, i) = gain * 15;
  for (int i = 7; i < n; ++i) A2(2, i) = -gain * 8, A2(3, i) = gain * 6;
  return {A0, {{0.025, A1}, {0.045, A2}}};
}

// Deterministic, full-rank coupling: every state feeds back through both delays.
LinearDde dense_system(double gain = 1.0) {
  const int n = 10;
  auto pseudo = [](int i, int j, double seed) {  // hash into [-1, 1); sin(a i + b j) alone would be rank 2
    const double h = std::sin(12.9898 * i + 78.233 * j + seed) * 43758.5453;
    return 2 * (h - std::floor(h)) - 1;
  };
  Eigen::MatrixXd A0(n, n), A1(n, n), A2(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      A0(i, j) = 30 * pseudo(i, j, 0.1) - (i == j ? 80 : 0);
      A1(i, j) = gain * 15 * pseudo(i, j, 1.7);
      A2(i, j) = gain * 15 * pseudo(i, j, 2.9);
    }
  return {A0, {{0.02, A1}, {0.04, A2}}};
}

void time_and_check(const char* label, const LinearDde& dde, std::size_t count) {
  std::vector<double> ms;
  Spectrum s;
  for (int rep = 0; rep < 9; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    s = rightmost_roots(dde, count);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  ASSERT_EQ(s.rightmost.size(), count);
  std::cout << "[ info     ] " << label << ", count = " << count << ": median " << ms[ms.size() / 2] << " ms, min "
            << ms.front() << " ms (N = " << s.nodes << "), rightmost " << s.rightmost[0].lambda << '\n';
  expect_all_refined(s, dde);
#ifdef NDEBUG  // optimised builds only: generous, catches pathological regressions even on a loaded machine
  EXPECT_LT(ms.front(), 500.0);
#endif
  // The automatic choice agrees with a much finer discretisation.
  SpectrumOptions fine;
  fine.nodes = 50;
  const Spectrum sf = rightmost_roots(dde, count, fine);
  ASSERT_EQ(sf.rightmost.size(), count);
  for (std::size_t i = 0; i < count; ++i)
    EXPECT_LT(std::abs(sf.rightmost[i].lambda - s.rightmost[i].lambda), 1e-9 * std::abs(sf.rightmost[i].lambda));
}

TEST(DdeSpectrum, TimingTenStatesTwoDelays) {
  for (std::size_t count : {1, 6}) {
    time_and_check("n = 10, two delays, rank-2 coupling", reflex_like_system(1.0), count);
    time_and_check("n = 10, two delays, full-rank coupling", dense_system(), count);
  }
}

TEST(DdeSpectrum, AutomaticNodesAcrossGains) {
  // From strongly stable to well past the Hopf crossing: the automatic degree must keep up with the growing
  // frequency band, and agree with a fixed fine discretisation.
  for (double gain : {0.5, 2.0, 4.0}) {
    const auto dde = dense_system(gain);
    const Spectrum s = rightmost_roots(dde, 4);
    SpectrumOptions fine;
    fine.nodes = 40;
    const Spectrum sf = rightmost_roots(dde, 4, fine);
    ASSERT_EQ(s.rightmost.size(), 4u);
    ASSERT_EQ(sf.rightmost.size(), 4u);
    expect_all_refined(s, dde);
    for (std::size_t i = 0; i < 4; ++i)
      EXPECT_LT(std::abs(sf.rightmost[i].lambda - s.rightmost[i].lambda), 1e-9 * std::abs(sf.rightmost[i].lambda))
          << "gain " << gain << ", root " << i;
  }
}

TEST(DdeSpectrum, CriticalReflexGain) {
  int calls = 0;
  const auto t0 = std::chrono::steady_clock::now();
  const double g = bisect_sign_change(
      [&](double gain) {
        ++calls;
        return rightmost_roots(reflex_like_system(gain), 1).abscissa();
      },
      1.0, 20.0);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  SpectrumOptions fine;
  fine.nodes = 50;
  const Spectrum at = rightmost_roots(reflex_like_system(g), 1, fine);
  ASSERT_EQ(at.rightmost.size(), 1u);
  const double hz = at.rightmost[0].lambda.imag() / (2 * pi);
  std::cout << "[ info     ] critical reflex gain " << g << " (" << calls << " evaluations, " << ms
            << " ms), crossing at " << hz << " Hz\n";
  EXPECT_LT(std::abs(at.abscissa()), 1e-4);  // Re lambda is ~linear in the gain near the crossing
  EXPECT_GT(hz, 4.0);                        // the 5 Hz limb resonance destabilises: clonus-like
  EXPECT_LT(hz, 6.0);
  EXPECT_GT(rightmost_roots(reflex_like_system(g * (1 - 1e-4)), 1).abscissa(), -1e-2);
  EXPECT_LT(rightmost_roots(reflex_like_system(g * (1 - 1e-4)), 1).abscissa(), 0);
  EXPECT_GT(rightmost_roots(reflex_like_system(g * (1 + 1e-4)), 1).abscissa(), 0);
}

}  // namespace
}  // namespace nmsim::analysis
