#include "plugins/common/files/file_set.h"

#include <dirent.h>
#include <glob.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace wildwatch::plugins {
namespace {

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool HasSuffix(std::string_view name,
               const std::vector<std::string_view>& suffixes) {
  if (suffixes.empty()) return true;
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [&](std::string_view s) { return name.ends_with(s); });
}

std::vector<std::string> ListDirectory(
    const std::string& dir, const std::vector<std::string_view>& suffixes) {
  std::vector<std::string> files;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return files;
  std::string prefix = dir.ends_with('/') ? dir : dir + "/";
  while (const dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (name.starts_with('.') || !HasSuffix(name, suffixes)) continue;
    std::string path = prefix + std::string(name);
    if (IsRegularFile(path)) files.push_back(std::move(path));
  }
  ::closedir(d);
  return files;
}

std::vector<std::string> ListGlob(const std::string& pattern) {
  std::vector<std::string> files;
  glob_t g{};
  if (::glob(pattern.c_str(), 0, nullptr, &g) == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) {
      if (IsRegularFile(g.gl_pathv[i])) files.emplace_back(g.gl_pathv[i]);
    }
  }
  ::globfree(&g);
  return files;
}

}  // namespace

std::vector<std::string> ListFiles(
    const std::string& path,
    const std::vector<std::string_view>& directory_suffixes) {
  std::vector<std::string> files;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISREG(st.st_mode)) {
      files.push_back(path);
    } else if (S_ISDIR(st.st_mode)) {
      files = ListDirectory(path, directory_suffixes);
    }
  } else {
    files = ListGlob(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

StatusOr<FileInfo> IdentifyFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    std::string message = path + ": " + std::strerror(errno);
    if (errno == ENOENT) return NotFoundError(std::move(message));
    return UnavailableError(std::move(message));
  }
  FileInfo info;
  info.identity.dev = static_cast<uint64_t>(st.st_dev);
  info.identity.ino = static_cast<uint64_t>(st.st_ino);
  info.size = static_cast<uint64_t>(st.st_size);
  return info;
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace wildwatch::plugins
