// Fuzzes Telegram Desktop exports (result.json): the file scan, then every
// message of every chat.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "plugins/telegram/export_file.h"
#include "plugins/telegram/export_message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wildwatch::StatusOr<std::unique_ptr<wildwatch::telegram::ExportFile>> file =
      wildwatch::telegram::ExportFile::Parse(
          std::string(reinterpret_cast<const char*>(data), size));
  if (!file.ok()) return 0;
  for (const wildwatch::telegram::ExportChat& chat : (*file)->chats()) {
    for (std::string_view message : chat.messages) {
      // Only crashes matter: a malformed message is a Status.
      static_cast<void>(wildwatch::telegram::ConvertExportMessage(
          chat, chat.username, message));
    }
  }
  return 0;
}
