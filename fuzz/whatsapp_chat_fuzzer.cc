// Fuzzes the WhatsApp chat-export parser under every date order.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plugins/whatsapp/chat_export.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view content(reinterpret_cast<const char*>(data), size);
  for (auto order : {wildwatch::whatsapp::DateOrder::kAuto,
                     wildwatch::whatsapp::DateOrder::kDayMonthYear}) {
    wildwatch::whatsapp::ChatParseOptions options;
    options.date_order = order;
    wildwatch::whatsapp::ParsedChat chat =
        wildwatch::whatsapp::ParseChatExport(content, options);
    // The contract: entries tile the export, in order.
    size_t last = 0;
    for (const wildwatch::whatsapp::ChatEntry& entry : chat.entries) {
      if (entry.begin < last || entry.end < entry.begin ||
          entry.end > content.size()) {
        __builtin_trap();
      }
      last = entry.end;
    }
  }
  return 0;
}
