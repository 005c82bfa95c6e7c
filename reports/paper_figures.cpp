#include "reports/paper_figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "core/text_format.hpp"
#include "reports/colormap.hpp"
#include "reports/svg.hpp"

namespace benign::reports {

namespace {

// Width attribute of an SVG document's root element.
double root_width(const std::string& svg) {
  const std::size_t root = svg.find("<svg ");
  const std::size_t at = svg.find(" width=\"", root);
  if (root == std::string::npos || at == std::string::npos) throw std::invalid_argument("not an SVG document");
  return std::atof(svg.c_str() + at + 8);
}

// The figure and its caption under it, as one document.
std::string with_caption(const std::string& figure, const std::vector<std::string>& caption) {
  if (caption.empty()) return figure;
  return arrange_svgs({figure, caption_svg(caption, root_width(figure))}, 1);
}

std::string num(double v) { return format_shortest(v); }

// CSV field: quoted when it holds a comma, quote or line break.
std::string field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string accuracy_text(const Frequency& f) {
  return format_fixed(f.value(), 2) + " [" + format_fixed(f.lo, 2) + ", " + format_fixed(f.hi, 2) + "]";
}

}  // namespace

std::string caption_svg(const std::vector<std::string>& paragraphs, double width) {
  const double size = 12, line_h = 16, margin = 14;
  std::vector<std::string> lines;
  for (const auto& p : paragraphs) {
    std::istringstream words(p);
    std::string w, line;
    while (words >> w) {
      const std::string trial = line.empty() ? w : line + " " + w;
      if (!line.empty() && text_width(trial, size) > width - 2 * margin) {
        lines.push_back(line);
        line = w;
      } else {
        line = trial;
      }
    }
    if (!line.empty()) lines.push_back(line);
    lines.push_back("");
  }
  if (!lines.empty()) lines.pop_back();
  SvgDocument doc(width, 2 * margin + line_h * double(lines.size()));
  TextStyle ts;
  ts.size = size;
  ts.role = "caption";
  for (std::size_t k = 0; k < lines.size(); ++k)
    if (!lines[k].empty()) doc.text({margin, margin + line_h * (double(k) + 0.75)}, lines[k], ts);
  return doc.str();
}

// --- Figure 1 -------------------------------------------------------------------------------

std::string selection_figure_svg(const SelectionFigure& f) {
  std::vector<std::string> rows;
  for (int row = 0; row < 2; ++row) {
    const bool train = row == 0;
    ScatterPlot sp;
    sp.title = train ? "Training sequences: selected token (labels as observed)" : "Test sequences: selected token (clean labels)";
    sp.x_label = "projection on mu_+1 (x_sel . mu_+1 / ||mu||)";
    sp.y_label = "projection on mu_-1";
    sp.categories = {{train ? "train: y = +1" : "test: y = +1", palette_color(0)},
                     {train ? "train: y = -1" : "test: y = -1", palette_color(1)}};
    double lo = 0, hi = 0;
    for (const auto& p : f.panels) {
      ScatterPanel panel;
      const auto& pts = train ? p.train : p.test;
      const Frequency& acc = train ? p.train_acc : p.test_acc;
      panel.title = p.regime + ", s = " + num(p.s) + ": acc " + accuracy_text(acc);
      for (const auto& t : pts) {
        panel.x.push_back(t.proj_pos);
        panel.y.push_back(t.proj_neg);
        panel.category.push_back(sp.categories[t.label > 0 ? 0 : 1].name);
        lo = std::min({lo, t.proj_pos, t.proj_neg});
        hi = std::max({hi, t.proj_pos, t.proj_neg});
      }
      sp.panels.push_back(std::move(panel));
    }
    Series diag;
    diag.name = "sign(nu . x_sel) = 0";
    diag.color = "#555555";
    diag.dashed = true;
    diag.width = 1;
    const double span = 10 * (hi - lo + 1);
    diag.x = {lo - span, hi + span};
    diag.y = {lo - span, hi + span};
    sp.lines.push_back(diag);
    sp.panel_width = 400;
    sp.height = 400;
    rows.push_back(scatter_plot(sp));
  }
  return with_caption(arrange_svgs(rows, 1), f.caption);
}

std::string selection_figure_csv(const SelectionFigure& f) {
  std::ostringstream o;
  o << "regime,s,set,sample,label,noisy,selected_type,proj_mu_pos,proj_mu_neg,correct\n";
  for (const auto& p : f.panels)
    for (int row = 0; row < 2; ++row)
      for (const auto& t : row == 0 ? p.train : p.test)
        o << field(p.regime) << ',' << num(p.s) << ',' << (row == 0 ? "train" : "test") << ',' << t.sample << ','
          << t.label << ',' << int(t.noisy) << ',' << field(t.type) << ',' << num(t.proj_pos) << ',' << num(t.proj_neg)
          << ',' << int(t.correct) << "\n";
  return o.str();
}

std::string selection_accuracy_csv(const SelectionFigure& f) {
  std::ostringstream o;
  o << "regime,s,train_acc,train_lo,train_hi,n_train,test_acc,test_lo,test_hi,n_test\n";
  for (const auto& p : f.panels)
    o << field(p.regime) << ',' << num(p.s) << ',' << num(p.train_acc.value()) << ',' << num(p.train_acc.lo) << ','
      << num(p.train_acc.hi) << ',' << p.train_acc.n << ',' << num(p.test_acc.value()) << ',' << num(p.test_acc.lo)
      << ',' << num(p.test_acc.hi) << ',' << p.test_acc.n << "\n";
  return o.str();
}

// --- Figure 3 -------------------------------------------------------------------------------

std::string dynamics_figure_svg(const DynamicsFigure& f) {
  std::vector<std::string> acc, loss, sel, attn_c, attn_n;
  for (const auto& r : f.runs) {
    auto line = [&](const std::string& name, const std::vector<double>& y, bool dashed = false) {
      Series s;
      s.name = name;
      s.x = r.step;
      s.y = y;
      s.dashed = dashed;
      return s;
    };
    LinePlot a;
    a.title = r.setting + ": accuracy";
    a.x_label = "step";
    a.y_label = "accuracy";
    a.y_min = 0;
    a.y_max = 1.02;
    a.series = {line("train", r.train_acc), line("train, noisy samples", r.train_acc_noisy, true), line("test", r.test_acc)};
    a.width = 460;
    a.height = 320;
    acc.push_back(line_plot(a));
    LinePlot l = a;
    l.title = r.setting + ": logistic loss";
    l.y_label = "loss";
    l.y_min.reset();
    l.y_max.reset();
    l.series = {line("train", r.train_loss), line("test", r.test_loss)};
    loss.push_back(line_plot(l));
    LinePlot s = a;
    s.title = r.setting + ": selected token type";
    s.y_label = "fraction of samples";
    s.series.clear();
    for (int t = 0; t < 4; ++t) {
      std::vector<double> yc, yn;
      for (const auto& v : r.sel_clean) yc.push_back(v[t]);
      for (const auto& v : r.sel_noisy) yn.push_back(v[t]);
      Series c = line("clean: " + f.type_names[t], yc);
      c.color = palette_color(t);
      Series n = line("noisy: " + f.type_names[t], yn, true);
      n.color = palette_color(t);
      s.series.push_back(c);
      s.series.push_back(n);
    }
    sel.push_back(line_plot(s));
    for (int which = 0; which < 2; ++which) {
      const auto& attn = which == 0 ? r.attn_clean : r.attn_noisy;
      if (attn.empty()) continue;
      LinePlot t = a;
      t.title = r.setting + ": " + (which == 0 ? "clean sample " + std::to_string(r.clean_sample)
                                               : "noisy sample " + std::to_string(r.noisy_sample));
      t.y_label = "softmax probability";
      t.series.clear();
      std::vector<bool> named(4, false);
      for (std::size_t tok = 0; tok < r.token_type.size(); ++tok) {
        std::vector<double> y;
        for (const auto& v : attn) y.push_back(tok < v.size() ? v[tok] : std::nan(""));
        const int ty = r.token_type[tok];
        Series ser = line(named[ty] ? std::string() : f.type_names[ty], y);  // one legend entry per type
        named[ty] = true;
        ser.color = palette_color(std::size_t(ty));
        t.series.push_back(ser);
      }
      (which == 0 ? attn_c : attn_n).push_back(line_plot(t));
    }
  }
  std::vector<std::string> all = acc;
  all.insert(all.end(), loss.begin(), loss.end());
  all.insert(all.end(), sel.begin(), sel.end());
  if (attn_c.size() == f.runs.size()) all.insert(all.end(), attn_c.begin(), attn_c.end());
  if (attn_n.size() == f.runs.size()) all.insert(all.end(), attn_n.begin(), attn_n.end());
  const int cols = f.runs.empty() ? 1 : int(f.runs.size());
  if (all.empty()) {
    LinePlot empty;
    empty.title = "no runs";
    all.push_back(line_plot(empty));
  }
  return with_caption(arrange_svgs(all, cols), f.caption);
}

std::string dynamics_figure_csv(const DynamicsFigure& f) {
  std::ostringstream o;
  o << "setting,step,train_loss,test_loss,train_acc,train_acc_noisy,test_acc";
  for (const char* set : {"clean", "noisy", "test"})
    for (const auto& t : f.type_names) o << ",sel_" << set << '_' << t;
  // Per-token attention columns only when every run has them for the same T.
  std::size_t T = f.runs.empty() ? 0 : f.runs.front().token_type.size();
  for (const auto& r : f.runs)
    if (r.token_type.size() != T || r.attn_clean.size() != r.step.size() || r.attn_noisy.size() != r.step.size()) T = 0;
  for (const char* set : {"clean", "noisy"})
    for (std::size_t t = 0; t < T; ++t) o << ",attn_" << set << "_tok" << t;
  o << "\n";
  for (const auto& r : f.runs)
    for (std::size_t k = 0; k < r.step.size(); ++k) {
      o << field(r.setting) << ',' << num(r.step[k]) << ',' << num(r.train_loss[k]) << ',' << num(r.test_loss[k]) << ','
        << num(r.train_acc[k]) << ',' << num(r.train_acc_noisy[k]) << ',' << num(r.test_acc[k]);
      for (const auto* v : {&r.sel_clean, &r.sel_noisy, &r.sel_test})
        for (int t = 0; t < 4; ++t) o << ',' << num((*v)[k][t]);
      for (const auto* v : {&r.attn_clean, &r.attn_noisy})
        for (std::size_t t = 0; t < T; ++t) o << ',' << num(t < (*v)[k].size() ? (*v)[k][t] : std::nan(""));
      o << "\n";
    }
  return o.str();
}

// --- Figure 5 -------------------------------------------------------------------------------

std::string phase_grid_svg(const PhaseGrid& g) {
  std::vector<std::string> maps;
  for (int which = 0; which < 2; ++which) {
    HeatMap h;
    h.title = std::string(which == 0 ? "Train loss" : "Test loss") + " at " + g.step_label;
    h.x_label = "dimension d";
    h.y_label = "signal norm ||mu||";
    h.x = g.d;
    h.y = g.mu;
    h.values = which == 0 ? g.train_loss : g.test_loss;
    h.value_label = which == 0 ? "train loss" : "test loss";
    h.colormap = "viridis";
    h.overlays = g.boundaries;
    h.width = 620;
    h.height = 520;
    maps.push_back(heat_map(h));
  }
  return with_caption(arrange_svgs(maps, 2), g.caption);
}

std::string phase_grid_csv(const PhaseGrid& g) {
  std::ostringstream o;
  o << "d,mu,train_loss,test_loss,train_acc,test_acc,predicted\n";
  const std::size_t nx = g.d.size();
  for (std::size_t i = 0; i < nx; ++i)
    for (std::size_t j = 0; j < g.mu.size(); ++j) {
      const std::size_t k = j * nx + i;
      if (k >= g.train_loss.size() || std::isnan(g.train_loss[k])) continue;
      o << num(g.d[i]) << ',' << num(g.mu[j]) << ',' << num(g.train_loss[k]) << ',' << num(g.test_loss[k]) << ','
        << num(g.train_acc[k]) << ',' << num(g.test_acc[k]) << ',' << field(g.predicted[k]) << "\n";
    }
  return o.str();
}

std::string phase_boundaries_csv(const PhaseGrid& g) {
  std::ostringstream o;
  o << "boundary,d,mu\n";
  for (const auto& b : g.boundaries)
    for (std::size_t k = 0; k < b.x.size() && k < b.y.size(); ++k) o << field(b.name) << ',' << num(b.x[k]) << ',' << num(b.y[k]) << "\n";
  return o.str();
}

}  // namespace benign::reports
