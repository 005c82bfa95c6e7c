// Writing output files so that a reader never sees a half-written file: write a temporary file in
// the same directory, flush it to disk, then rename it over the target.
#pragma once
#include <filesystem>
#include <string_view>

namespace benign {

// Create the directory and its parents if missing; throws std::runtime_error naming the path.
void ensure_directory(const std::filesystem::path& dir);
// Replace the file at `path` by `text` atomically (temporary file + rename), creating parent
// directories; throws std::runtime_error naming the path, and leaves no temporary file behind.
void write_atomic(const std::filesystem::path& path, std::string_view text);

}  // namespace benign
