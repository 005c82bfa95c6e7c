#include "core/atomic_file.hpp"

#include "core/errors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>

namespace benign {

namespace {

// A temporary name beside `path`, unique per process and call ("report.md.1234-7.tmp").
std::filesystem::path temporary_name(const std::filesystem::path& path) {
  static std::atomic<unsigned long> counter{0};
  std::string suffix = "." + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".tmp";
  return std::filesystem::path(path.string() + suffix);
}

// Write all of `text` to the open descriptor and flush it to disk; false on any failure.
bool write_all(int fd, std::string_view text) {
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  return ::fsync(fd) == 0;
}

}  // namespace

void check_output_files(const std::string& what, const std::filesystem::path& dir, const std::vector<std::string>& names) {
  namespace fs = std::filesystem;
  auto refuse = [&](const std::string& why) { throw ConfigError(what + " '" + dir.string() + "': " + why); };
  std::error_code ec;
  const fs::path target = dir.empty() ? fs::path(".") : dir;
  // The nearest ancestor that exists must be a directory we may write into.
  fs::path probe = target;
  while (!fs::exists(fs::symlink_status(probe, ec)) && probe.has_parent_path() && probe.parent_path() != probe)
    probe = probe.parent_path();
  if (!fs::exists(probe, ec)) probe = ".";
  if (!fs::is_directory(probe, ec))
    refuse(probe == target ? "exists and is not a directory" : "'" + probe.string() + "' is not a directory");
  if (::access(probe.c_str(), W_OK | X_OK) != 0)
    refuse("cannot write into directory '" + probe.string() + "': " + std::strerror(errno));
  // access() says yes to root everywhere and knows nothing of read-only or virtual file systems
  // (/proc): make and remove a directory there to be sure.
  const fs::path trial = probe / (".benign-probe-" + std::to_string(::getpid()));
  if (::mkdir(trial.c_str(), 0700) != 0)
    refuse("cannot write into directory '" + probe.string() + "': " + std::strerror(errno));
  ::rmdir(trial.c_str());
  const long name_max = ::pathconf(probe.c_str(), _PC_NAME_MAX);
  const std::size_t limit = name_max > 0 ? std::size_t(name_max) : 255;
  for (const auto& part : target)
    if (part.string().size() > limit)
      refuse("a path component is " + std::to_string(part.string().size()) + " characters long (the file system allows " +
             std::to_string(limit) + ")");
  for (const auto& name : names) {
    // room for write_atomic's temporary suffix (".<pid>-<n>.tmp")
    if (name.size() + 24 > limit)
      refuse("output file name '" + name.substr(0, 40) + "...' is " + std::to_string(name.size()) +
             " characters long (the file system allows " + std::to_string(limit) + " including a temporary suffix); use a shorter name");
    if (fs::is_directory(target / name, ec)) refuse("'" + (target / name).string() + "' is a directory, not a file");
  }
  if (target.string().size() + 300 > 4096) refuse("the path is too long");
}

void ensure_directory(const std::filesystem::path& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw std::runtime_error("cannot create directory " + dir.string() + (ec ? ": " + ec.message() : ""));
}

void write_atomic(const std::filesystem::path& path, std::string_view text) {
  if (path.empty() || !path.has_filename()) throw std::runtime_error("write_atomic: no file name in '" + path.string() + "'");
  ensure_directory(path.parent_path());
  std::filesystem::path temp = temporary_name(path);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + temp.string() + ": " + std::strerror(errno));
  bool ok = write_all(fd, text);
  int saved_errno = errno;
  ok = (::close(fd) == 0) && ok;
  std::error_code rename_error;
  if (ok) std::filesystem::rename(temp, path, rename_error);
  if (!ok || rename_error) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw std::runtime_error("cannot write " + path.string() + ": " +
                             (ok ? rename_error.message() : std::string(std::strerror(saved_errno))));
  }
}

}  // namespace benign
