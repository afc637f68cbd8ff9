// The cursor file of `wildwatch subscribe`: the last sequence seen, as
// decimal text, so a restarted subscriber resumes right after it.
//
// Thread-safe for distinct paths; two writers of one path race (the last
// rename wins, and either value is whole).
#ifndef WILDWATCH_HOST_CLI_CURSOR_FILE_H_
#define WILDWATCH_HOST_CLI_CURSOR_FILE_H_

#include <cstdint>
#include <optional>
#include <string>

namespace wildwatch::cli {

// The sequence stored at path; nullopt when the file is missing, empty or
// does not start with a number.
std::optional<uint64_t> LoadCursor(const std::string& path);

// Stores sequence at path, written whole under another name and renamed, so
// a crash never leaves a torn number behind. False when it cannot be
// written.
bool SaveCursor(const std::string& path, uint64_t sequence);

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_CURSOR_FILE_H_
