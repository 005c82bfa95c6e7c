// Running the built `benign` program from a test: exit code and combined stdout + stderr.
// BENIGN_BINARY is defined by CMakeLists.txt for every test program.
#pragma once
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace benign::test {

struct CliResult {
  int code = -1;
  std::string out;  // stdout and stderr
};

inline bool program_built() {
  struct stat st;
  return stat(BENIGN_BINARY, &st) == 0;
}

// In a test case: skip (with a warning) the command-line checks when the program is not built.
#define BENIGN_SKIP_UNLESS_PROGRAM_BUILT()                              \
  do {                                                                  \
    if (!::benign::test::program_built()) {                             \
      WARN("benign is not built; skipping the command-line checks");    \
      return;                                                           \
    }                                                                   \
  } while (0)

inline CliResult run_cli(const std::string& args) {
  CliResult r;
  std::string cmd = std::string(BENIGN_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  std::size_t k;
  while ((k = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), k);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Start `benign args...` in the background (stdout/stderr to /dev/null); returns its pid.
inline pid_t spawn(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv{const_cast<char*>(BENIGN_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    FILE* null = std::fopen("/dev/null", "w");
    if (null) { dup2(fileno(null), 1); dup2(fileno(null), 2); }
    execv(BENIGN_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

// A file's bytes ("" when missing).
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace benign::test
