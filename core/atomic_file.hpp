// Writing output files so that a reader never sees a half-written file: write a temporary file in
// the same directory, flush it to disk, then rename it over the target.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace benign {

// Create the directory and its parents if missing; throws std::runtime_error naming the path.
void ensure_directory(const std::filesystem::path& dir);
// Replace the file at `path` by `text` atomically (temporary file + rename), creating parent
// directories; throws std::runtime_error naming the path, and leaves no temporary file behind.
void write_atomic(const std::filesystem::path& path, std::string_view text);

// Check, before any work, that the files `names` can be written into `dir` (issue 13): the nearest
// existing ancestor of `dir` is a writable directory, `dir` is not a file, no name is too long for
// the file system and none of the targets is a directory. Creates nothing. Throws ConfigError
// naming `what` (e.g. "--out") and the path.
void check_output_files(const std::string& what, const std::filesystem::path& dir, const std::vector<std::string>& names);

}  // namespace benign
