// Fuzzes the mbox reader and the RFC 5322/MIME parser behind it.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "plugins/mbox/mail_message.h"
#include "plugins/mbox/mbox_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  wildwatch::mbox::MboxReader reader(&in, 0);
  wildwatch::mbox::MboxEntry entry;
  while (reader.Next(&entry)) {
    if (entry.end < entry.begin || entry.end > size) __builtin_trap();
    // Only crashes matter: a malformed message is a Status.
    if (!entry.stray) {
      static_cast<void>(wildwatch::mbox::ParseMailMessage(entry.message));
    }
  }
  return 0;
}
