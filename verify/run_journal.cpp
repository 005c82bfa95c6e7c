#include "verify/run_journal.hpp"

#include <filesystem>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/errors.hpp"
#include "core/job.hpp"

namespace benign {

namespace {
constexpr const char* kMagic = "benign run journal 1";
}

void drop_torn_tail(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.empty() || text.back() == '\n') return;
  const auto last = text.rfind('\n');
  std::filesystem::resize_file(path, last == std::string::npos ? 0 : last + 1);
}

RunJournal::RunJournal(const std::string& path, const std::string& plan) : path_(path) {
  // The plan as one line of JSON text (escapes newlines and tabs).
  const std::string plan_line = nlohmann::json(plan).dump();
  std::string text;
  if (job_writer() && std::filesystem::exists(path)) {
    drop_torn_tail(path);
    std::ifstream in(path, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  job_broadcast(text);
  bool fresh = text.empty();
  if (!fresh) {
    std::istringstream in(text);
    std::string magic, planned;
    std::getline(in, magic);
    std::getline(in, planned);
    if (magic != kMagic || planned != plan_line)
      throw ConfigError("journal '" + path + "' belongs to another run (other flags, cases or version); remove it or choose another --out");
    std::string line;
    while (std::getline(in, line)) {
      const auto tab = line.find('\t');
      if (tab == std::string::npos) continue;
      entries_.emplace(line.substr(0, tab), line.substr(tab + 1));  // a key twice: the first wins
    }
  }
  job_on_writer([&] {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    out_ = std::make_unique<std::ofstream>(path, std::ios::app | std::ios::binary);
    if (!*out_) throw ConfigError("cannot write journal '" + path + "'");
    if (fresh) *out_ << kMagic << "\n" << plan_line << "\n" << std::flush;
  });
}

const std::string* RunJournal::find(const std::string& key) const {
  const auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

void RunJournal::append(const std::string& key, const std::string& payload) {
  if (!out_) return;
  *out_ << key << '\t' << payload << '\n' << std::flush;
}

}  // namespace benign
