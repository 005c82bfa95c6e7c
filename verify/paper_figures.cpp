#include "verify/paper_figures.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "bounds/calibration.hpp"
#include "bounds/regime_map.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/parallel_for.hpp"
#include "simulate/dataset.hpp"
#include "reports/svg.hpp"
#include "simulate/run.hpp"
#include "verify/agreement.hpp"
#include "verify/observed_regime.hpp"
#include "verify/sweep_report.hpp"
#include "verify/wilson_interval.hpp"

namespace benign {

namespace {

reports::Frequency frequency(long k, long n) {
  const Proportion p = wilson_interval(k, n);
  return {k, n, p.lo, p.hi};
}

// The quick variant's data source: nothing of size d (theory.md §6), W0 Gaussian with Kaiming-uniform's variance.
void make_quick(Config& c) {
  c.source = "sampled";
  c.w_init = "gaussian";
  set_key(c, "w_var", "0.3333333333333333");
  c.n_test = 200;
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string s;
  for (std::size_t k = 0; k < v.size(); ++k) s += (k ? sep : "") + v[k];
  return s;
}

std::string data_text(const Config& c) {
  std::ostringstream o;
  o << "n = " << c.n << ", T = " << c.T << ", rho = " << c.rho.text << ", eta = " << c.eta.text << " (" << c.noise_model
    << " flips), sigma = " << c.sigma.text << ", " << c.n_test << " clean test samples, lr = " << c.lr.text << ", "
    << c.steps << " gradient steps on " << c.train << ", p(0) = 0, W(0) " << c.w_init
    << (c.w_init == "gaussian" ? " (variance " + c.w_var.text + "/d)" : std::string(c.w_init == "kaiming" ? " (U(-1/sqrt d, 1/sqrt d))" : ""))
    << ", source " << c.source << (c.source == "sampled" ? " (exact joint law of the inner products, theory.md §6)" : " (d-dimensional draws)")
    << ", engine " << c.engine << ", precision " << c.precision << ", seed " << c.seed;
  return o.str();
}

}  // namespace

// --- Figure 1 -------------------------------------------------------------------------------

const std::vector<Figure1Setting>& figure1_settings() {
  static const std::vector<Figure1Setting> s = {{"harmful", 1.0}, {"benign", 0.06}, {"not overfitting", 0.001}};
  return s;
}

Config figure1_config(std::uint64_t seed) {
  Config c;
  c.n = 100;
  c.n_test = 100;
  c.T = 8;
  c.d = 10000;
  c.mu = Real(std::string("20"));
  c.rho = Real(std::string("0.2"));
  c.eta = Real(std::string("0.2"));
  c.sigma = Real(std::string("1"));
  c.n_relevant = c.n_weak_same = c.n_weak_opp = 1;
  c.w_init = "identity";
  c.seed = seed;
  validate(c);
  return c;
}

reports::SelectionFigure figure1(const Config& c, const std::vector<Figure1Setting>& settings, bool reuse) {
  if (c.source != "explicit") throw ConfigError("figure 1 needs explicit data (source = explicit)");
  Dataset D = make_dataset(c);
  if (reuse) {
    D.X_test = D.X;
    D.y_test = D.y_clean;
    D.n_test = D.n;
  }
  const long T = D.T;
  const double mu = c.mu.value, rho = c.rho.value;
  // E = Σ_{clean i} ε₁⁽ⁱ⁾ + Σ_{noisy j} ε₃⁽ʲ⁾: the noise of the token each sample should select (theory.md §3).
  VecD E = VecD::Zero(D.d);
  for (long i = 0; i < D.n; ++i) {
    const TokenType want = D.noisy(i) ? TokenType::WeakOpp : TokenType::Relevant;
    for (long t = 0; t < T; ++t) {
      if (D.type_train(i, t) != want) continue;
      double m1 = 0, m2 = 0;
      token_signal(D.y_clean[i], want, mu, rho, m1, m2);
      E += D.X.row(i * T + t).transpose();
      E[0] -= m1;
      E[1] -= m2;
      break;
    }
  }
  // Logits with W = I: x·p = x·(μ₊₁ + μ₋₁) + s x·E.
  const VecD mu_sum = D.mu_pos + D.mu_neg;
  const VecD base_train = D.X * mu_sum, noise_train = D.X * E;
  const VecD base_test = D.X_test * mu_sum, noise_test = D.X_test * E;
  const double mu_norm = D.mu_pos.norm();

  reports::SelectionFigure F;
  for (const auto& s : settings) {
    reports::SelectionPanel P;
    P.regime = s.regime;
    P.s = s.s;
    for (int set = 0; set < 2; ++set) {
      const bool train = set == 0;
      const MatD& X = train ? D.X : D.X_test;
      const VecD& b = train ? base_train : base_test;
      const VecD& a = train ? noise_train : noise_test;
      const long n = train ? D.n : D.n_test;
      long correct = 0;
      for (long i = 0; i < n; ++i) {
        long best = 0;
        for (long t = 1; t < T; ++t)
          if (b[i * T + t] + s.s * a[i * T + t] > b[i * T + best] + s.s * a[i * T + best]) best = t;
        const auto x = X.row(i * T + best);
        reports::SelectedToken st;
        st.sample = i;
        st.label = train ? D.y[i] : D.y_test[i];
        st.noisy = train && D.noisy(i);
        st.type = token_type_name(train ? D.type_train(i, best) : D.type_test(i, best));
        st.proj_pos = x.dot(D.mu_pos) / mu_norm;
        st.proj_neg = x.dot(D.mu_neg) / mu_norm;
        st.correct = x.dot(D.nu) * double(st.label) > 0;  // sign(νᵀ x_sel) = label
        correct += st.correct;
        (train ? P.train : P.test).push_back(st);
      }
      (train ? P.train_acc : P.test_acc) = frequency(correct, n);
    }
    F.panels.push_back(std::move(P));
  }
  std::ostringstream cap;
  cap << "Figure 1 (the paper's token-selection picture, as the authors' notebook plot.ipynb builds it): no training; "
      << "W = I and p = mu_+1 + mu_-1 + s (sum over clean training samples of the noise of their relevant token + sum over "
      << "noisy samples of the noise of their W_-y* token), s = ";
  std::vector<std::string> ss;
  for (const auto& s : settings) ss.push_back(reports::format_fixed(s.s, 3) + " (" + s.regime + ")");
  cap << join(ss, ", ") << ". Each point is the token with the largest attention x_t . p of one sequence, projected on "
      << "mu_+1/||mu|| and mu_-1/||mu||; a sequence counts as correct when sign(nu^T x_sel) equals its label "
      << "(observed label for training, clean label for test; nu = (mu_+1 - mu_-1)/(sqrt 2 ||mu||^2), the code's head, "
      << "which is the notebook's comparison of the two projections). Accuracies with 95% Wilson intervals.";
  long flipped = 0;
  for (long i = 0; i < D.n; ++i) flipped += D.noisy(i);
  std::ostringstream data;
  data << "Data: d = " << c.d << ", ||mu|| = " << c.mu.text << ", n = " << c.n << " (eta = " << c.eta.text << ": "
       << flipped
       << " flipped, half per class), " << D.n_test << " test samples with clean labels, T = " << c.T << ", rho = " << c.rho.text
       << ", sigma = " << c.sigma.text << ", explicit d-dimensional Gaussian draws, seed " << c.seed << "; "
       << (reuse ? "the test sequences reuse the training noise (negative control)."
                 : "the test noise is drawn independently of the training noise (the authors' seeded code would reuse it).")
       << " The notebook printed train/test 1.0/0.63 (harmful), 1.0/1.0 (benign), 0.8/1.0 (not overfitting); its saved "
       << "versions show 0.58, 0.62 and 0.63 for the harmful test accuracy (unseeded draws of 100 test samples).";
  F.caption = {cap.str(), data.str()};
  return F;
}

// --- Figure 3 -------------------------------------------------------------------------------

std::vector<std::pair<std::string, Config>> figure3_configs(std::uint64_t seed, bool quick) {
  std::vector<std::pair<std::string, Config>> out;
  Config base;
  base.seed = seed;
  for (const auto& s : paper_settings()) {
    Config c = paper_setting_config(base, s);
    c.track = 1;  // the per-token attention of the first clean and the first noisy sample
    if (quick) make_quick(c);
    validate(c);
    out.emplace_back(s.label + " (d = " + std::to_string(c.d) + ", ||mu|| = " + c.mu.text + ")", c);
  }
  return out;
}

// --- Figure 5 -------------------------------------------------------------------------------

std::vector<Axis> figure5_axes(bool quick) {
  if (quick) return {parse_axis("d=250:5000:950"), parse_axis("mu=5:100:19")};
  return {parse_axis("d=250:5000:125"), parse_axis("mu=5:100:2.5")};
}

Config figure5_base(std::uint64_t seed, bool quick) {
  Config c;
  c.seed = seed;
  c.steps = 1000;
  c.observe = "final";  // the figure shows the end state: train and test set evaluated once, at step 1000
  if (quick) make_quick(c);
  validate(c);
  return c;
}

// --- the command ------------------------------------------------------------------------------

const std::vector<std::string>& paper_figure_names() {
  static const std::vector<std::string> n = {"1", "3", "5"};
  return n;
}

void check_figure_names(const std::vector<std::string>& figures) {
  const auto& ok = paper_figure_names();
  if (figures.empty()) throw ConfigError("--only: no figure named; allowed: " + join(ok, ", "));
  for (const auto& f : figures)
    if (std::find(ok.begin(), ok.end(), f) == ok.end())
      throw ConfigError("--only: unknown figure '" + f + "'; allowed: " + join(ok, ", ") + " (the paper's synthetic figures)");
}

static bool wants(const PaperFiguresOptions& o, const char* f) {
  return std::find(o.figures.begin(), o.figures.end(), f) != o.figures.end();
}

std::string figure5_journal(const PaperFiguresOptions& opt) {
  return std::string("figure5_cells") + (opt.quick ? "_quick" : "") + "_seed" + std::to_string(opt.seed) + ".csv";
}

std::vector<std::string> paper_figure_files(const PaperFiguresOptions& opt) {
  std::vector<std::string> f{"figures.md"};
  if (wants(opt, "1")) f.insert(f.end(), {"figure1.svg", "figure1.csv", "figure1_accuracy.csv"});
  if (wants(opt, "3")) f.insert(f.end(), {"figure3.svg", "figure3.csv"});
  if (wants(opt, "5")) f.insert(f.end(), {"figure5.svg", "figure5.csv", "figure5_boundaries.csv", figure5_journal(opt)});
  return f;
}

PaperFiguresResult write_paper_figures(const PaperFiguresOptions& opt) {
  check_figure_names(opt.figures);
  PaperFiguresResult R;
  const std::string dir = opt.out;
  ensure_directory(dir);
  auto stopped = [&] { return opt.stop && opt.stop->load(); };
  auto say = [&](const std::string& s) {
    if (opt.progress) std::fprintf(stderr, "[figures] %s\n", s.c_str());
  };
  auto elapsed = [](std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  std::ostringstream md;
  md << "# The paper's synthetic figures\n\nMade by `benign figures" << (opt.quick ? " --quick" : "") << " --only "
     << join(opt.figures, ",") << " --seed " << opt.seed << "`. Each figure is an SVG with the CSV behind it.\n\n";
  auto write = [&](const std::string& name, const std::string& text) {
    write_atomic(dir + "/" + name, text);
    R.written.push_back(name);
  };
  auto caption_md = [&](const std::vector<std::string>& cap) {
    for (const auto& p : cap) md << p << "\n\n";
  };

  if (wants(opt, "1") && !stopped()) {
    const auto t0 = std::chrono::steady_clock::now();
    say("figure 1: hand-built W = I, p on d = 10000 (no training)");
    const auto F = figure1(figure1_config(opt.seed), figure1_settings());
    write("figure1.svg", reports::selection_figure_svg(F));
    write("figure1.csv", reports::selection_figure_csv(F));
    write("figure1_accuracy.csv", reports::selection_accuracy_csv(F));
    md << "## Figure 1\n\n![Figure 1](figure1.svg)\n\nData: `figure1.csv`, accuracies: `figure1_accuracy.csv`.\n\n";
    caption_md(F.caption);
    std::ostringstream s;
    s << "figure 1: ";
    for (const auto& p : F.panels)
      s << p.regime << " train " << reports::format_fixed(p.train_acc.value(), 2) << " / test "
        << reports::format_fixed(p.test_acc.value(), 2) << "; ";
    s << "(" << reports::format_fixed(elapsed(t0), 1) << " s)";
    R.summary.push_back(s.str());
  }

  if (wants(opt, "3") && !stopped()) {
    const auto t0 = std::chrono::steady_clock::now();
    reports::DynamicsFigure F;
    for (int t = 0; t < kTokenTypes; ++t) F.type_names[t] = token_type_name(TokenType(t));
    const auto runs = figure3_configs(opt.seed, opt.quick);
    // The runs in parallel, each single-threaded and written by index: the same bits on any thread count.
    std::vector<reports::DynamicsRun> done(runs.size());
    std::vector<char> finished(runs.size(), 0);
    parallel_for(long(runs.size()), opt.threads, opt.stop, [&](long k) {
      const auto& [label, c] = runs[std::size_t(k)];
      say("figure 3: run " + std::to_string(k + 1) + "/" + std::to_string(runs.size()) + " " + label);
      const Dataset D = make_dataset(c);
      RunOptions ro;
      ro.stop = opt.stop;
      ro.final_selection = false;
      const RunResult r = run_simulation(c, D, ro);
      if (r.interrupted) return;
      reports::DynamicsRun& run = done[std::size_t(k)];
      run.setting = label;
      const long T = D.T;
      const bool tracked = r.tracked_samples.size() == 2;
      if (tracked) {
        run.clean_sample = r.tracked_samples[0];
        run.noisy_sample = r.tracked_samples[1];
        for (long t = 0; t < T; ++t) run.token_type.push_back(int(D.type_train(run.clean_sample, t)));
      }
      for (const auto& cp : r.checkpoints) {
        run.step.push_back(cp.step);
        run.train_loss.push_back(cp.train_loss);
        run.test_loss.push_back(cp.test_loss);
        run.train_acc.push_back(cp.train_acc);
        run.train_acc_noisy.push_back(cp.train_acc_noisy);
        run.test_acc.push_back(cp.test_acc);
        run.sel_clean.push_back(cp.sel_clean);
        run.sel_noisy.push_back(cp.sel_noisy);
        run.sel_test.push_back(cp.sel_test);
        if (tracked && long(cp.tracked.size()) == 2 * T) {
          run.attn_clean.emplace_back(cp.tracked.begin(), cp.tracked.begin() + T);
          run.attn_noisy.emplace_back(cp.tracked.begin() + T, cp.tracked.end());
        }
      }
      finished[std::size_t(k)] = 1;
    });
    for (std::size_t k = 0; k < runs.size(); ++k)
      if (finished[k]) F.runs.push_back(std::move(done[k]));
    if (!stopped() && F.runs.size() == runs.size()) {
      F.caption = {"Figure 3 (dynamics of the paper's three settings): accuracies (train, noisy training samples, test), "
                   "logistic losses and the fraction of clean (solid) and noisy (dashed) training samples whose largest "
                   "attention is on each token type, at every checkpoint of gradient descent; bottom rows (the paper's Figure 3 "
                   "proper): the softmax probability of every token of the first clean and the first noisy training sample.",
                   "Runs: " + data_text(runs.front().second) + "; d and ||mu|| per column."};
      write("figure3.svg", reports::dynamics_figure_svg(F));
      write("figure3.csv", reports::dynamics_figure_csv(F));
      md << "## Figure 3\n\n![Figure 3](figure3.svg)\n\nData: `figure3.csv`.\n\n";
      caption_md(F.caption);
      std::ostringstream s;
      s << "figure 3: ";
      for (const auto& r : F.runs)
        s << r.setting.substr(0, r.setting.find(' ')) << " train " << reports::format_fixed(r.train_acc.back(), 2) << " / noisy "
          << reports::format_fixed(r.train_acc_noisy.back(), 2) << " / test " << reports::format_fixed(r.test_acc.back(), 3) << "; ";
      s << "(" << reports::format_fixed(elapsed(t0), 1) << " s)";
      R.summary.push_back(s.str());
    } else {
      R.complete = false;
    }
  }

  if (wants(opt, "5") && !stopped()) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto axes = figure5_axes(opt.quick);
    const Config base = figure5_base(opt.seed, opt.quick);
    say("figure 5: " + std::to_string(axes[0].values.size()) + " x " + std::to_string(axes[1].values.size()) +
        " grid (journal " + figure5_journal(opt) + "; interrupt and rerun to resume)");
    SweepOptions so;
    so.threads = opt.threads;
    so.progress = opt.progress;
    so.stop = opt.stop;
    so.journal = dir + "/" + figure5_journal(opt);
    so.resumed = &R.fig5_resumed;
    const auto cells = run_sweep(base, axes, so);
    R.written.push_back(figure5_journal(opt));
    R.fig5_cells = long(cells.size());
    const std::size_t nx = axes[0].values.size(), ny = axes[1].values.size();
    if (cells.size() < nx * ny) R.complete = false;
    reports::PhaseGrid G;
    for (const auto& v : axes[0].values) G.d.push_back(std::stod(v));
    for (const auto& v : axes[1].values) G.mu.push_back(std::stod(v));
    const double nan = std::nan("");
    G.train_loss.assign(nx * ny, nan);
    G.test_loss = G.train_acc = G.test_acc = G.train_loss;
    G.predicted.assign(nx * ny, "");
    const RegimeMap map = paper_regime_map();
    for (const auto& c : cells) {
      const std::size_t i = std::size_t(c.index) / ny, j = std::size_t(c.index) % ny;  // last axis fastest
      const std::size_t k = j * nx + i;
      G.train_loss[k] = c.final.train_loss;
      G.test_loss[k] = c.final.test_loss;
      G.train_acc[k] = c.final.train_acc;
      G.test_acc[k] = c.final.test_acc;
      G.predicted[k] = predicted_regime(c.config, map);
    }
    G.boundaries = regime_boundary_curves(axes[0], map, base, {{"c_h = " + base.c_h.text + ", c_n = " + base.c_n.text, base}}, true);
    for (std::size_t b = 0; b < G.boundaries.size(); ++b) {  // tell the two apart: the upper one dashed
      G.boundaries[b].dashed = map.boundaries[b % map.boundaries.size()].above == kNotOverfitting;
      G.boundaries[b].name = map.boundaries[b % map.boundaries.size()].id;
    }
    G.step_label = "step " + std::to_string(base.steps);
    std::ostringstream grid;
    grid << "Grid: d = " << axes[0].values.front() << " ... " << axes[0].values.back() << " (" << nx << " values) x ||mu|| = "
         << axes[1].values.front() << " ... " << axes[1].values.back() << " (" << ny << " values), one seed per cell; "
         << cells.size() << " of " << nx * ny << " cells finished.";
    G.caption = {"Figure 5 (the paper's phase map): train and test logistic loss at step " + std::to_string(base.steps) +
                     " over (d, ||mu||). Black lines: the boundaries ||mu||*(d) = SNR* sigma sqrt(d) of the regime map '" +
                     map.name + "' (" + map.origin + "; solid: harmful boundary, dashed: not-overfitting boundary) with constants c_h = " + base.c_h.text + ", c_n = " + base.c_n.text +
                     " (harmful below the lower, not overfitting above the upper, benign between); asymptotic statements "
                     "evaluated with chosen constants, not fitted to these cells.",
                 grid.str() + " Cells: " + data_text(base) + "; train and test set evaluated once, at step " + std::to_string(base.steps) +
                     " (observe = final: no trajectory, so no observed regime per cell; benign sweep gives it)."};
    write("figure5.svg", reports::phase_grid_svg(G));
    write("figure5.csv", reports::phase_grid_csv(G));
    write("figure5_boundaries.csv", reports::phase_boundaries_csv(G));
    md << "## Figure 5\n\n![Figure 5](figure5.svg)\n\nData: `figure5.csv`, boundaries: `figure5_boundaries.csv`, journal: `"
       << figure5_journal(opt) << "`.\n\n";
    caption_md(G.caption);
    R.summary.push_back("figure 5: " + std::to_string(cells.size()) + "/" + std::to_string(nx * ny) + " cells (" +
                        std::to_string(R.fig5_resumed) + " resumed) (" + reports::format_fixed(elapsed(t0), 1) + " s)");
  }
  if (stopped()) R.complete = false;
  write("figures.md", md.str());
  return R;
}

}  // namespace benign
