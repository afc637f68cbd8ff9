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
  out["compile_s"] = compile_s;
  out["rss_mb"] = rss_mb;
  out["matches"] = matches;
  out["failures"] = failures;
  out["complete"] = complete;
  if (!error.empty()) out["error"] = error;
  return out.dump();
}

}  // namespace wildwatch::bench
