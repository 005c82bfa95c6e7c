// Writers of a run's files: trajectory.csv, selection.csv, final_selection.csv, summary.json.
#include "core/atomic_file.hpp"
#include "core/text_format.hpp"
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/errors.hpp"
#include "simulate/trajectory.hpp"

namespace benign {

namespace {



const char* kTypes[] = {"relevant", "weak_same", "weak_opp", "irrelevant"};

nlohmann::ordered_json jnum(double v) {
  if (std::isfinite(v)) return v;
  return nullptr;
}

}  // namespace

std::string trajectory_csv_header(const RunResult& r) {
  std::string h = "step,time,train_loss,train_acc,train_acc_clean,train_acc_noisy,test_loss,test_acc";
  for (const char* g : {"attn_clean", "attn_noisy", "sel_clean", "sel_noisy", "sel_test"})
    for (const char* t : kTypes) h += std::string(",") + g + "_" + t;
  h += ",lambda_mean,lambda_min,gamma_mean,gamma_min,p_norm,q_mu_pos,q_mu_neg,log10_min_complement,max_gap";
  const long T = r.config.T;
  for (long i : r.tracked_samples)
    for (long t = 0; t < T; ++t) h += ",s" + std::to_string(i) + "_t" + std::to_string(t);
  return h;
}

void write_run_outputs(const RunResult& r, const std::string& dir) {
  ensure_directory(dir);
  std::ostringstream csv;
  csv << trajectory_csv_header(r) << "\n";
  for (const auto& cp : r.checkpoints) {
    csv << format_shortest(cp.step) << ',' << format_shortest(cp.time) << ',' << format_shortest(cp.train_loss) << ',' << format_shortest(cp.train_acc) << ','
        << format_shortest(cp.train_acc_clean) << ',' << format_shortest(cp.train_acc_noisy) << ',' << format_shortest(cp.test_loss) << ','
        << format_shortest(cp.test_acc);
    for (const auto* a : {&cp.attn_clean, &cp.attn_noisy, &cp.sel_clean, &cp.sel_noisy, &cp.sel_test})
      for (double v : *a) csv << ',' << format_shortest(v);
    csv << ',' << format_shortest(cp.lambda_mean) << ',' << format_shortest(cp.lambda_min) << ',' << format_shortest(cp.gamma_mean) << ','
        << format_shortest(cp.gamma_min) << ',' << format_shortest(cp.p_norm) << ',' << format_shortest(cp.q_pos) << ',' << format_shortest(cp.q_neg) << ','
        << format_shortest(cp.log10_min_complement) << ',' << format_shortest(cp.max_gap);
    for (double v : cp.tracked) csv << ',' << format_shortest(v);
    csv << "\n";
  }
  // selection.csv: the token type each training sample selects at each checkpoint.
  std::ostringstream sel;
  sel << "step";
  for (long i = 0; i < r.config.n; ++i) sel << ",sample" << i;
  sel << "\n";
  for (const auto& cp : r.checkpoints) {
    sel << format_shortest(cp.step);
    for (auto v : cp.selected_type) sel << ',' << kTypes[int(v)];
    sel << "\n";
  }
  // final_selection.csv: Figure 1's data.
  std::ostringstream fin;
  fin << "split,sample,y,y_clean,noisy,selected_token,selected_type,proj_mu_pos,proj_mu_neg,f\n";
  auto dump = [&](const char* split, const std::vector<FinalSample>& v) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      const auto& s = v[i];
      fin << split << ',' << i << ',' << s.y << ',' << s.y_clean << ',' << (s.y != s.y_clean) << ',' << s.selected_token
          << ',' << kTypes[s.selected_type] << ',' << format_shortest(s.proj_pos) << ',' << format_shortest(s.proj_neg) << ',' << format_shortest(s.f) << "\n";
    }
  };
  dump("train", r.final_train);
  dump("test", r.final_test);
  // All four or none: if one cannot be written, the ones written by this call are removed again.
  // summary.json last: its presence means the run's files are complete.
  const std::pair<const char*, std::string> files[] = {
      {"trajectory.csv", csv.str()}, {"selection.csv", sel.str()}, {"final_selection.csv", fin.str()}, {"summary.json", summary_json(r)}};
  std::vector<std::string> written;
  try {
    for (const auto& [name, text] : files) {
      const std::string path = dir + "/" + name;
      const bool existed = std::filesystem::exists(path);
      write_atomic(path, text);
      if (!existed) written.push_back(path);
    }
  } catch (...) {
    std::error_code ignored;
    for (const auto& p : written) std::filesystem::remove(p, ignored);
    throw;
  }
}

std::string summary_json(const RunResult& r) {
  nlohmann::ordered_json j;
  j["config"] = nlohmann::ordered_json::parse(config_to_json(r.config, {"data", "model", "run"}));
  j["precision"] = r.precision;
  if (r.precision == "mpfr") j["digits"] = r.config.digits;
  j["engine"] = r.engine;
  j["integrator"] = r.integrator;
  j["setup_precision"] = r.setup_precision;
  if (!r.test_precision.empty()) {
    j["test_precision"] = r.test_precision;
    j["test_precision_note"] = "test loss, accuracy and selections" +
                               std::string(r.engine == "reduced" ? ", q_pos, q_neg and the basis of W and p they are read from" : "") +
                               " are computed in " + r.test_precision + " (about 31 digits; reported as doubles); the training dynamics and training observables in " +
                               r.precision;
  }
  j["data_source"] = r.data_source;
  j["source"] = r.config.source;
  j["w_var"] = r.config.w_var.value;
  if (r.config.source == "sampled")
    j["draws"] = "the reduced problem (theory.md 6) is drawn in double and promoted to " + r.precision +
                 "; Gram products accumulated in " + r.setup_precision;
  j["elapsed_s"] = r.elapsed_s;
  j["setup_s"] = r.setup_s;
  j["train_s"] = r.train_s;
  j["steps_done"] = r.steps_done;
  j["interrupted"] = r.interrupted;
  j["tracked_samples"] = r.tracked_samples;
  if (!r.checkpoints.empty()) {
    const Checkpoint& cp = r.checkpoints.back();
    nlohmann::ordered_json f;
    f["step"] = cp.step;
    f["time"] = cp.time;
    f["train_loss"] = jnum(cp.train_loss);
    f["train_acc"] = jnum(cp.train_acc);
    f["train_acc_clean"] = jnum(cp.train_acc_clean);
    f["train_acc_noisy"] = jnum(cp.train_acc_noisy);
    f["test_loss"] = jnum(cp.test_loss);
    f["test_acc"] = jnum(cp.test_acc);
    f["lambda_min"] = jnum(cp.lambda_min);
    f["gamma_min"] = jnum(cp.gamma_min);
    f["p_norm"] = jnum(cp.p_norm);
    for (int k = 0; k < kTokenTypes; ++k) {
      f[std::string("attn_clean_") + kTypes[k]] = jnum(cp.attn_clean[k]);
      f[std::string("attn_noisy_") + kTypes[k]] = jnum(cp.attn_noisy[k]);
    }
    // heads > 1 (issue 15): per head, the fraction of clean / noisy / test samples whose head-h
    // attention selects each token type, its mean attention per type, ‖p_h‖ and q_h along μ_{±1}/‖μ‖.
    if (!cp.heads.empty()) {
      nlohmann::ordered_json hs = nlohmann::ordered_json::array();
      for (const HeadCheckpoint& hc : cp.heads) {
        nlohmann::ordered_json h;
        for (int k = 0; k < kTokenTypes; ++k) h[std::string("sel_clean_") + kTypes[k]] = jnum(hc.sel_clean[k]);
        for (int k = 0; k < kTokenTypes; ++k) h[std::string("sel_noisy_") + kTypes[k]] = jnum(hc.sel_noisy[k]);
        for (int k = 0; k < kTokenTypes; ++k) h[std::string("sel_test_") + kTypes[k]] = jnum(hc.sel_test[k]);
        for (int k = 0; k < kTokenTypes; ++k) h[std::string("attn_clean_") + kTypes[k]] = jnum(hc.attn_clean[k]);
        for (int k = 0; k < kTokenTypes; ++k) h[std::string("attn_noisy_") + kTypes[k]] = jnum(hc.attn_noisy[k]);
        h["p_norm"] = jnum(hc.p_norm);
        h["q_pos"] = jnum(hc.q_pos);
        h["q_neg"] = jnum(hc.q_neg);
        hs.push_back(h);
      }
      f["heads"] = hs;
    }
    j["final"] = f;
  }
  nlohmann::ordered_json dg;
  dg["log10_min_complement"] = jnum(r.diagnostics.log10_min_complement);
  dg["max_gap"] = jnum(r.diagnostics.max_gap);
  dg["gram_digits"] = jnum(r.diagnostics.gram_digits);
  dg["gram_digits_lost"] = jnum(r.diagnostics.gram_digits_lost);
  dg["resolved"] = r.diagnostics.resolved;
  dg["message"] = r.diagnostics.message;
  if (!r.diagnostics.resolved) {
    dg["suggested_precision"] = r.diagnostics.suggested_precision;
    dg["lost_at_time"] = jnum(r.diagnostics.lost_at_time);
  }
  if (r.diagnostics.non_finite) {
    dg["non_finite_quantity"] = r.diagnostics.non_finite_quantity;
    dg["non_finite_step"] = r.diagnostics.non_finite_step;
  }
  j["diagnostics"] = dg;
  if (!r.notes.empty()) j["notes"] = r.notes;
  return j.dump(2) + "\n";
}

}  // namespace benign
