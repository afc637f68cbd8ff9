#include "plugins/jsonl/jsonl_source.h"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

#include "host/core/post_json.h"

namespace wildwatch::jsonl {

namespace {

namespace fs = std::filesystem;

// Large enough that a typical post needs one read, small enough to sit in
// cache; an oversize line is skipped in steps of this size.
constexpr size_t kChunkBytes = 64 * 1024;

bool HasPostExtension(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".jsonl" || ext == ".ndjson" || ext == ".json";
}

bool IsRegularFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

std::string ErrnoText() { return std::strerror(errno); }

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

sdk::Post ToSdkPost(Post&& p) {
  sdk::Post out;
  out.id = std::move(p.id);
  out.url = std::move(p.url);
  out.author = std::move(p.author);
  out.author_id = std::move(p.author_id);
  out.created_at_ms = p.created_at_ms;
  out.title = std::move(p.title);
  out.text = std::move(p.text);
  out.lang = std::move(p.lang);
  out.platform = std::move(p.platform);
  out.attributes = std::move(p.attributes);
  out.raw = std::move(p.raw);
  return out;
}

}  // namespace

std::vector<std::string> JsonlSource::ListFiles(const std::string& path) {
  std::vector<std::string> files;
  if (path.find_first_of("*?[") != std::string::npos) {
    glob_t matches{};
    if (::glob(path.c_str(), 0, nullptr, &matches) == 0) {
      for (size_t i = 0; i < matches.gl_pathc; ++i) {
        if (IsRegularFile(matches.gl_pathv[i])) {
          files.emplace_back(matches.gl_pathv[i]);
        }
      }
    }
    ::globfree(&matches);
  } else if (IsRegularFile(path)) {
    files.push_back(path);
  } else {
    std::error_code ec;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end;
         it.increment(ec)) {
      if (HasPostExtension(it->path()) && IsRegularFile(it->path())) {
        files.push_back(it->path().string());
      }
    }
  }
  // glob(3) sorts by the locale's collation; byte order keeps the reading
  // order the same whatever the daemon's environment.
  std::sort(files.begin(), files.end());
  return files;
}

JsonlSource::JsonlSource(JsonlSourceOptions options, FilePositions positions,
                         sdk::HostApi host)
    : options_(std::move(options)),
      host_(host),
      files_(ListFiles(options_.path)) {
  for (const std::string& file : files_) {
    auto it = positions.find(file);
    if (it != positions.end()) positions_.insert(*it);
  }
}

void JsonlSource::Rescan() {
  files_ = ListFiles(options_.path);
  std::erase_if(positions_, [this](const auto& entry) {
    return !std::binary_search(files_.begin(), files_.end(), entry.first);
  });
}

bool JsonlSource::Read(size_t max_posts, std::vector<sdk::Post>* out) {
  bool moved = false;
  if (options_.follow) {
    for (const std::string& file : files_) {
      if (out->size() >= max_posts) break;
      ReadFile(file, max_posts, out, &moved);
    }
  } else {
    while (next_file_ < files_.size() && out->size() < max_posts &&
           ReadFile(files_[next_file_], max_posts, out, &moved)) {
      ++next_file_;
    }
  }
  return moved;
}

std::vector<std::string> JsonlSource::WatchDirs() const {
  auto folder = [](const std::string& path) {
    const std::string parent = fs::path(path).parent_path().string();
    return parent.empty() ? std::string(".") : parent;
  };
  std::vector<std::string> dirs;
  for (const std::string& file : files_) dirs.push_back(folder(file));
  std::error_code ec;
  if (fs::is_directory(options_.path, ec)) {
    dirs.push_back(options_.path);
  } else if (const std::string parent = folder(options_.path);
             parent.find_first_of("*?[") == std::string::npos) {
    dirs.push_back(parent);
  }
  std::sort(dirs.begin(), dirs.end());
  dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
  return dirs;
}

std::string JsonlSource::Checkpoint() const {
  return EncodeCheckpoint(positions_);
}

bool JsonlSource::ReadFile(const std::string& path, size_t max_posts,
                           std::vector<sdk::Post>* out, bool* moved) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    // Removed between listing and opening: nothing left to read in it.
    if (errno == ENOENT) return true;
    throw sdk::TransientError(path + ": cannot open: " + ErrnoText());
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) {
    throw sdk::TransientError(path + ": cannot stat: " + ErrnoText());
  }
  const FilePosition fresh{static_cast<uint64_t>(st.st_dev),
                           static_cast<uint64_t>(st.st_ino), 0, 0};
  auto [entry, first_open] = positions_.try_emplace(path, fresh);
  FilePosition& pos = entry->second;
  if (!first_open && (pos.dev != fresh.dev || pos.ino != fresh.ino)) {
    host_.Log(WW_LOG_INFO,
              path + ": replaced by a new file; reading it from the start");
    pos = fresh;
    *moved = true;
  } else if (!first_open && static_cast<uint64_t>(st.st_size) < pos.offset) {
    host_.Log(WW_LOG_WARN, path + ": shrank to " + std::to_string(st.st_size) +
                               " bytes, below the " +
                               std::to_string(pos.offset) +
                               " already read; reading it from the start");
    pos = fresh;
    *moved = true;
  }

  chunk_.resize(kChunkBytes);
  PendingLine line;
  uint64_t read_at = pos.offset;
  for (;;) {
    const ssize_t n = ::pread(fd.get(), chunk_.data(), chunk_.size(),
                              static_cast<off_t>(read_at));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw sdk::TransientError(path + ": cannot read: " + ErrnoText());
    }
    if (n == 0) {
      // A last line without newline is complete only once the file is.
      if (!options_.follow && line.size > 0) {
        pos.offset = read_at;
        ++pos.line;
        *moved = true;
        ConsumeLine(path, pos.line, line.size, line.bytes, out);
      }
      return true;
    }
    const char* p = chunk_.data();
    const char* const end = p + n;
    while (p < end) {
      const char* newline =
          static_cast<const char*>(std::memchr(p, '\n', end - p));
      const char* stop = newline != nullptr ? newline : end;
      const uint64_t len = static_cast<uint64_t>(stop - p);
      // A line wholly inside the chunk is parsed where it lies; only one
      // that spans chunks is assembled.
      const bool whole = line.size == 0 && newline != nullptr;
      const std::string_view bytes(p, len);
      line.size += len;
      if (!whole && line.size <= options_.max_line_bytes) {
        line.bytes.append(bytes);
      } else if (!whole) {
        line.bytes.clear();
      }
      if (newline == nullptr) break;
      p = newline + 1;
      pos.offset = read_at + static_cast<uint64_t>(p - chunk_.data());
      ++pos.line;
      *moved = true;
      ConsumeLine(path, pos.line, line.size, whole ? bytes : line.bytes, out);
      line.bytes.clear();
      line.size = 0;
      if (out->size() >= max_posts) return false;
    }
    read_at += static_cast<uint64_t>(n);
  }
}

void JsonlSource::ConsumeLine(const std::string& path, uint64_t line_number,
                              uint64_t size, std::string_view bytes,
                              std::vector<sdk::Post>* out) {
  if (size > options_.max_line_bytes) {
    ReportMalformed(path, line_number,
                    "line is " + std::to_string(size) +
                        " bytes, more than max_line_bytes (" +
                        std::to_string(options_.max_line_bytes) + ")");
    return;
  }
  std::string_view text = bytes;
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);  // CRLF.
  if (text.find_first_not_of(" \t") == std::string_view::npos) return;
  StatusOr<Post> post = PostFromJson(text);
  if (!post.ok()) {
    ReportMalformed(path, line_number, post.status().message());
    return;
  }
  out->push_back(ToSdkPost(std::move(*post)));
}

void JsonlSource::ReportMalformed(const std::string& path, uint64_t line_number,
                                  std::string_view reason) {
  host_.Log(WW_LOG_WARN, path + ":" + std::to_string(line_number) + ": " +
                             std::string(reason));
  host_.AddCounter("malformed_items", 1);
}

}  // namespace wildwatch::jsonl
