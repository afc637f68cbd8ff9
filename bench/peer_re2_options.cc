#include "bench/peer_re2_options.h"

namespace wildwatch::bench {

RE2::Options PeerRe2Options(int64_t max_mem) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  return options;
}

}  // namespace wildwatch::bench
