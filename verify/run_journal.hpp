// Finished runs kept on disk, so that an interrupted or killed job resumes without losing or redoing
// any of them (issue 14; the standard "interrupted without losing finished work"). One line per
// finished run, `key<TAB>payload`, appended and flushed by the job's one writer (rank 0) as the run
// reaches it; rank 0 reads the journal at the start and every rank of an MPI job gets its entries,
// so all agree on what is left. The first lines name the plan the journal belongs to: a journal of
// another plan is refused, never mixed in.
#pragma once
#include <fstream>
#include <map>
#include <memory>
#include <string>

namespace benign {

// A process killed while appending leaves a last line without its newline: cut it off, so that the
// next line starts on a line of its own (that run is simply made again).
void drop_torn_tail(const std::string& path);

class RunJournal {
 public:
  // Collective. `plan` is the job's full description (any text): a journal at `path` written for
  // another plan is refused (ConfigError, exit 2, naming the file). Creates the file if missing.
  RunJournal(const std::string& path, const std::string& plan);
  RunJournal(const RunJournal&) = delete;
  RunJournal& operator=(const RunJournal&) = delete;

  // The payload journalled under `key`, or null.
  const std::string* find(const std::string& key) const;
  // Rank 0: one line, flushed. Keys and payloads must be single-line text without tabs.
  void append(const std::string& key, const std::string& payload);
  long resumed() const { return long(entries_.size()); }  // entries read at the start
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::map<std::string, std::string> entries_;
  std::unique_ptr<std::ofstream> out_;  // rank 0 only
};

}  // namespace benign
