#include "bench/figures.h"

#include <nlohmann/json.hpp>

namespace wildwatch::bench {

std::string Figures::ToJson() const {
  nlohmann::json out;
  out["peer"] = peer;
  out["patterns"] = patterns;
  out["posts"] = posts;
  out["bytes"] = bytes;
  out["seconds"] = seconds;
  out["mb_s"] = seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0;
  out["posts_s"] = seconds > 0 ? static_cast<double>(posts) / seconds : 0;
  if (prepare_s > 0) {
    const double total = seconds + prepare_s;
    out["prepare_s"] = prepare_s;
    out["norm_mb_s"] = static_cast<double>(bytes) / 1e6 / total;
    out["norm_posts_s"] = static_cast<double>(posts) / total;
  }
  out["compile_s"] = compile_s;
  out["rss_mb"] = rss_mb;
  out["matches"] = matches;
  out["failures"] = failures;
  out["complete"] = complete;
  if (!error.empty()) out["error"] = error;
  return out.dump();
}

}  // namespace wildwatch::bench
