// benign: numerical checks of benign overfitting in the token selection of attention
// (Sakamoto & Sato, ICML 2025, arXiv 2409.17625).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "app/cli_common.hpp"
#include "core/errors.hpp"
#include "core/job.hpp"

int main(int argc, char** argv) {
  // Under mpirun / srun: one rank of a job. Rank 0 writes every file and prints the results;
  // the other ranks compute and print only their own failures.
  benign::JobScope job(argc, argv);
  const int rank = benign::job_rank();
  if (rank != 0) std::freopen("/dev/null", "w", stdout);
  CLI::App app{"benign: check the theory of benign overfitting in attention's token selection against simulation"};
  app.require_subcommand(1);
  using namespace benign::app;
  std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> cmds;
  auto add = [&](const char* name, const char* help, auto factory) {
    CLI::App* sub = app.add_subcommand(name, help);
    cmds.emplace_back(sub, factory(*sub));
  };
  add("simulate", "train the attention model on the paper's data model; writes trajectory.csv and summary.json", make_simulate);
  add("bounds", "evaluate the paper's conditions, SNR margins, predicted regime and the growth function g", make_bounds);
  add("verify", "run simulations, classify the observed regime, compare with the predicted one, write a report", make_verify);
  add("table", "appendix tables (LaTeX booktabs, Markdown, CSV) from verdicts.json, sweep.csv or bounds JSON", make_table);
  add("sweep", "run a grid of simulations over one or two keys (parallel, resumable)", make_sweep);
  add("figures", "the paper's synthetic figures 1, 3 and 5 as SVG plus the CSV behind each (Figure 5 resumable)", make_figures);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (rank != 0) return e.get_exit_code() == 0 ? 0 : 2;  // every rank refuses the same flags; rank 0 says so
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    for (auto& [sub, cmd] : cmds) {
      if (!sub->parsed()) continue;
      if (benign::job_size() > 1 && !cmd->spreads_over_ranks())
        throw benign::ConfigError("'benign " + sub->get_name() + "' runs in one process: start it without mpirun/srun "
                                  "(of the commands, 'sweep' and 'verify' spread their runs over MPI ranks)");
      return cmd->run();
    }
  } catch (const benign::ConfigError& e) {
    if (rank == 0) std::cerr << "benign: error: " << e.what() << "\n";  // every rank refuses the same input
    return 2;
  } catch (const benign::JobError& e) {
    if (rank == 0) std::cerr << "benign: error: " << e.what() << "\n";  // every rank has it
    return 1;
  } catch (const std::exception& e) {
    if (rank == 0) std::cerr << "benign: error: " << e.what() << "\n";
    else std::cerr << "benign (rank " << rank << "): error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
