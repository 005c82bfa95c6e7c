#include "core/atomic_file.hpp"

#include <fcntl.h>
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
