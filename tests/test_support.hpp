// Helpers shared by the test programs: a temporary directory per test, and the message of a ConfigError.
#pragma once
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

#include "core/errors.hpp"

namespace benign::test {

// A fresh temporary directory for one test, removed (with its contents) at the end of the test.

struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& prefix) {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           (prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string dir() const { return path.string(); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

// The message of the ConfigError f throws ("<no error>" if none; other exceptions propagate).
template <class F> std::string config_error_of(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "<no error>";
}

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace benign::test
