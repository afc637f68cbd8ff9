#include "host/plugin/connector_instance.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>

#include "host/plugin/batch_check.h"

namespace wildwatch {

namespace {

// Trampolines from the C callback table to the ConnectorHost.
void LogCallback(void* ctx, ww_log_level level, const char* message) {
  if (ctx == nullptr || message == nullptr) return;
  static_cast<ConnectorHost*>(ctx)->Log(level, message);
}

void CounterCallback(void* ctx, const char* name, uint64_t delta) {
  if (ctx == nullptr || name == nullptr) return;
  static_cast<ConnectorHost*>(ctx)->AddCounter(name, delta);
}

std::string Str(const char* s) { return s == nullptr ? std::string() : s; }

Status CreateFailure(ww_status status, std::string message) {
  if (message.empty()) message = "create failed without a message";
  switch (status) {
    case WW_STATUS_CONFIG_ERROR:
      return InvalidArgumentError(message);
    case WW_STATUS_TRANSIENT_ERROR:
      return UnavailableError(message);
    default:
      return InternalError(message);
  }
}

}  // namespace

ConnectorInstance::ConnectorInstance(
    std::shared_ptr<const PluginLibrary> library, ConnectorHost* host)
    : library_(std::move(library)), host_(host) {
  host_api_ =
      ww_host_api{sizeof(ww_host_api), host_, &LogCallback, &CounterCallback};
}

ConnectorInstance::~ConnectorInstance() {
  if (instance_ != nullptr) library_->descriptor().destroy(instance_);
}

StatusOr<std::unique_ptr<ConnectorInstance>> ConnectorInstance::Create(
    std::shared_ptr<const PluginLibrary> library,
    const std::string& config_json,
    const std::optional<std::string>& checkpoint, ConnectorHost* host) {
  std::unique_ptr<ConnectorInstance> self(
      new ConnectorInstance(std::move(library), host));
  const ww_connector_descriptor& d = self->library_->descriptor();
  ww_instance* instance = nullptr;
  const uint8_t* cp = checkpoint
                          ? reinterpret_cast<const uint8_t*>(checkpoint->data())
                          : nullptr;
  ww_status status =
      d.create(config_json.c_str(), cp, checkpoint ? checkpoint->size() : 0,
               &self->host_api_, &instance);
  if (status != WW_STATUS_OK || instance == nullptr) {
    if (status == WW_STATUS_OK) {
      return InternalError(self->library_->path() +
                           ": create returned OK without an instance");
    }
    if (instance != nullptr) d.destroy(instance);  // Protocol slip; be safe.
    return CreateFailure(status, Str(d.create_error()));
  }
  self->instance_ = instance;
  return self;
}

BatchResult ConnectorInstance::NextBatch(uint32_t max_posts,
                                         std::chrono::milliseconds timeout) {
  const ww_connector_descriptor& d = library_->descriptor();
  ww_batch batch{};
  batch.struct_size = sizeof(ww_batch);
  const auto timeout_ms =
      static_cast<uint32_t>(std::max<int64_t>(0, timeout.count()));
  BatchResult result;
  result.status = d.next_batch(instance_, max_posts, timeout_ms, &batch);

  auto protocol_error = [&](std::string why) {
    result = BatchResult{};
    result.status = WW_STATUS_FATAL_ERROR;
    result.error = "protocol error: " + std::move(why);
    return std::move(result);
  };
  switch (result.status) {
    case WW_STATUS_CONFIG_ERROR:
    case WW_STATUS_TRANSIENT_ERROR:
    case WW_STATUS_FATAL_ERROR:
      result.error = Str(d.last_error(instance_));
      CheckBatch(max_posts, &result);
      return result;
    default:
      break;
  }
  if (batch.post_count > max_posts) {
    return protocol_error(std::to_string(batch.post_count) +
                          " posts returned, at most " +
                          std::to_string(max_posts) + " were asked for");
  }
  if (batch.post_count > 0 && batch.posts == nullptr) {
    return protocol_error("post_count set but posts is null");
  }
  result.posts.reserve(batch.post_count);
  for (uint32_t i = 0; i < batch.post_count; ++i) {
    const ww_post& c = batch.posts[i];
    if (c.struct_size < offsetof(ww_post, raw_size) + sizeof(uint64_t)) {
      return protocol_error("post " + std::to_string(i) + " is too small (" +
                            std::to_string(c.struct_size) + " bytes)");
    }
    if (c.id == nullptr || c.id[0] == '\0') {
      return protocol_error("post " + std::to_string(i) + " has no id");
    }
    if ((c.text == nullptr && c.text_size != 0) ||
        (c.raw == nullptr && c.raw_size != 0) ||
        (c.attributes == nullptr && c.attribute_count != 0)) {
      return protocol_error("post '" + std::string(c.id) +
                            "' has a null buffer with a non-zero size");
    }
    Post& p = result.posts.emplace_back();
    p.id = c.id;
    p.platform = Str(c.platform);
    p.url = Str(c.url);
    p.author = Str(c.author);
    p.author_id = Str(c.author_id);
    p.created_at_ms = c.created_at_ms;
    p.title = Str(c.title);
    if (c.text_size > 0) p.text.assign(c.text, c.text_size);
    p.lang = Str(c.lang);
    p.attributes.reserve(c.attribute_count);
    for (uint32_t a = 0; a < c.attribute_count; ++a) {
      p.attributes.emplace_back(Str(c.attributes[a].key),
                                Str(c.attributes[a].value));
    }
    if (c.raw_size > 0) {
      p.raw.assign(reinterpret_cast<const char*>(c.raw), c.raw_size);
    }
  }
  if (batch.checkpoint != nullptr) {
    result.checkpoint.emplace(reinterpret_cast<const char*>(batch.checkpoint),
                              batch.checkpoint_size);
  }
  CheckBatch(max_posts, &result);
  return result;
}

SourceFactory InProcessSourceFactory(
    std::shared_ptr<const PluginLibrary> library, std::string config_json) {
  return [library = std::move(library), config_json = std::move(config_json)](
             const std::optional<std::string>& checkpoint, ConnectorHost* host,
             const std::atomic<bool>*)
             -> StatusOr<std::unique_ptr<ConnectorSource>> {
    auto instance =
        ConnectorInstance::Create(library, config_json, checkpoint, host);
    if (!instance.ok()) return instance.status();
    return std::unique_ptr<ConnectorSource>(std::move(*instance));
  };
}

}  // namespace wildwatch
