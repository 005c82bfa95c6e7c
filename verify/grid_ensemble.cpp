#include "verify/grid_ensemble.hpp"

#include <cmath>
#include <map>

#include "verify/case_ensemble.hpp"

namespace benign {

Axis seed_axis(std::uint64_t first, long seeds) {
  Axis a;
  a.key = "seed";
  for (long k = 0; k < seeds; ++k) a.values.push_back(std::to_string(first + std::uint64_t(k)));
  return a;
}

std::vector<GridCellEnsemble> group_seeds(const std::vector<SweepCell>& runs, long seeds) {
  const long S = seeds > 0 ? seeds : 1;
  std::map<long, std::vector<const SweepCell*>> by_cell;
  for (const auto& r : runs) by_cell[r.index / S].push_back(&r);
  std::vector<GridCellEnsemble> out;
  for (const auto& [index, list] : by_cell) {
    GridCellEnsemble g;
    g.seeds = long(list.size());
    g.cell = *list.front();
    g.cell.index = index;
    if (!g.cell.values.empty()) g.cell.values.pop_back();  // drop the seed value
    std::vector<std::string> regimes;
    double train_loss = 0, test_loss = 0, test_acc = 0, train_acc = 0;
    for (const SweepCell* c : list) {
      regimes.push_back(c->observed.regime);
      g.per_seed.push_back({c->config, c->observed.regime});
      train_loss += c->final.train_loss; test_loss += c->final.test_loss;
      test_acc += c->final.test_acc; train_acc += c->final.train_acc;
    }
    const double k = double(list.size());
    g.cell.final.train_loss = train_loss / k; g.cell.final.test_loss = test_loss / k;
    g.cell.final.test_acc = test_acc / k; g.cell.final.train_acc = train_acc / k;
    g.regime_fractions = regime_frequencies(regimes, &g.majority);
    g.cell.observed.regime = g.majority;
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace benign
