// Header-only C++ layer over the connector ABI in <wildwatch/connector.h>.
//
// A partner writes a connector as one small class and one macro:
//
//   class ShopConnector : public wildwatch::sdk::Connector {
//    public:
//     ShopConnector(const wildwatch::sdk::CreateArgs& args)
//         : Connector(args) {
//       // Parse args.config_json; throw ConfigError on a bad value.
//       // Resume after args.checkpoint (empty on a first start).
//     }
//     ww_status NextBatch(const wildwatch::sdk::BatchRequest& request,
//                         wildwatch::sdk::Batch& out) override {
//       // Append up to request.max_posts posts to out.posts, set
//       // out.checkpoint, return WW_STATUS_OK; or WW_STATUS_NO_DATA /
//       // WW_STATUS_END_OF_STREAM with no posts.
//     }
//   };
//
//   WILDWATCH_CONNECTOR(ShopConnector, "shop", "1.0.0",
//                       "Listings of an example shop", WW_PLATFORM_MARKETPLACE,
//                       R"({"type":"object","properties":{}})")
//
// The layer owns every buffer the ABI hands to the host, keeps it alive for
// exactly as long as the ABI promises (until the next NextBatch or
// destruction) and catches every exception at the boundary: ConfigError,
// TransientError and FatalError become the matching status with their
// message as last_error; any other exception becomes WW_STATUS_FATAL_ERROR.
//
// Thread safety: one Connector object is driven by one host thread at a time;
// Log and AddCounter may be called from any thread the connector starts.

#ifndef WILDWATCH_CONNECTOR_HPP_
#define WILDWATCH_CONNECTOR_HPP_

#include <boost/dll/alias.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wildwatch/connector.h"

namespace wildwatch::sdk {

// One post, owned. Mirrors ww_post; see there for the meaning of each field.
struct Post {
  std::string id;  // Required, non-empty, stable across re-reads.
  std::string url;
  std::string author;
  std::string author_id;
  int64_t created_at_ms = WW_TIME_UNKNOWN;
  std::string title;
  std::string text;
  std::string lang;
  std::string platform;  // Empty: the instance's platform label applies.
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string raw;  // Evidence as captured; empty means "hash the text".
};

// What a connector fills in NextBatch. Cleared by the layer before each call.
struct Batch {
  std::vector<Post> posts;
  // Position after the last post of the batch; empty keeps the previous one.
  std::string checkpoint;
};

struct BatchRequest {
  uint32_t max_posts = 1;  // Never 0.
  std::chrono::milliseconds timeout{0};
};

// Errors a connector throws; the layer turns them into statuses.
class Error : public std::runtime_error {
 public:
  Error(ww_status status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  ww_status status() const { return status_; }

 private:
  ww_status status_;
};
struct ConfigError : Error {
  explicit ConfigError(const std::string& m)
      : Error(WW_STATUS_CONFIG_ERROR, m) {}
};
struct TransientError : Error {
  explicit TransientError(const std::string& m)
      : Error(WW_STATUS_TRANSIENT_ERROR, m) {}
};
struct FatalError : Error {
  explicit FatalError(const std::string& m) : Error(WW_STATUS_FATAL_ERROR, m) {}
};

// The host's services, as a value a connector may copy freely. The table it
// points to outlives the connector object.
class HostApi {
 public:
  explicit HostApi(const ww_host_api* api) : api_(api) {}
  void Log(ww_log_level level, const std::string& message) const {
    if (api_ != nullptr && api_->log != nullptr) {
      api_->log(api_->host_ctx, level, message.c_str());
    }
  }
  void AddCounter(const std::string& name, uint64_t delta) const {
    if (api_ != nullptr && api_->add_counter != nullptr) {
      api_->add_counter(api_->host_ctx, name.c_str(), delta);
    }
  }

 private:
  const ww_host_api* api_;  // Not owned; may be null in unit tests.
};

// Everything create receives. The views are valid only during construction:
// copy what you keep.
struct CreateArgs {
  std::string_view config_json;
  std::string_view checkpoint;  // Empty on a first start.
  HostApi host;
};

// Base class of every C++ connector. Not copyable: the host holds it by its
// opaque instance pointer.
class Connector {
 public:
  explicit Connector(const CreateArgs& args) : host_(args.host) {}
  virtual ~Connector() = default;
  Connector(const Connector&) = delete;
  Connector& operator=(const Connector&) = delete;

  // Fills out (already cleared) and returns a status, with the contract of
  // ww_connector_descriptor::next_batch. May throw Error subclasses.
  virtual ww_status NextBatch(const BatchRequest& request, Batch& out) = 0;

 protected:
  const HostApi& host() const { return host_; }
  void Log(ww_log_level level, const std::string& message) const {
    host_.Log(level, message);
  }
  void AddCounter(const std::string& name, uint64_t delta = 1) const {
    host_.AddCounter(name, delta);
  }

 private:
  HostApi host_;
};

namespace internal {

// The ABI instance: the connector plus the C views of its current batch.
struct Instance {
  std::unique_ptr<Connector> connector;
  Batch batch;
  std::vector<ww_post> posts;
  std::vector<std::vector<ww_attribute>> attributes;
  std::string last_error;
};

inline std::string& CreateErrorSlot() {
  thread_local std::string error;
  return error;
}

inline const char* NullIfEmpty(const std::string& s) {
  return s.empty() ? nullptr : s.c_str();
}

// Points the ABI views at the owned batch.
inline void ExposeBatch(Instance& inst, ww_batch* out) {
  const Batch& batch = inst.batch;
  inst.posts.resize(batch.posts.size());
  inst.attributes.resize(batch.posts.size());
  for (size_t i = 0; i < batch.posts.size(); ++i) {
    const Post& p = batch.posts[i];
    std::vector<ww_attribute>& attrs = inst.attributes[i];
    attrs.clear();
    for (const auto& [key, value] : p.attributes) {
      attrs.push_back(ww_attribute{key.c_str(), value.c_str()});
    }
    ww_post& c = inst.posts[i];
    c = ww_post{};
    c.struct_size = sizeof(ww_post);
    c.id = p.id.c_str();
    c.url = NullIfEmpty(p.url);
    c.author = NullIfEmpty(p.author);
    c.author_id = NullIfEmpty(p.author_id);
    c.created_at_ms = p.created_at_ms;
    c.title = NullIfEmpty(p.title);
    c.text = p.text.data();
    c.text_size = p.text.size();
    c.lang = NullIfEmpty(p.lang);
    c.platform = NullIfEmpty(p.platform);
    c.attributes = attrs.empty() ? nullptr : attrs.data();
    c.attribute_count = static_cast<uint32_t>(attrs.size());
    c.raw = reinterpret_cast<const uint8_t*>(p.raw.data());
    c.raw_size = p.raw.size();
  }
  out->posts = inst.posts.empty() ? nullptr : inst.posts.data();
  out->post_count = static_cast<uint32_t>(inst.posts.size());
  out->checkpoint =
      batch.checkpoint.empty()
          ? nullptr
          : reinterpret_cast<const uint8_t*>(batch.checkpoint.data());
  out->checkpoint_size = batch.checkpoint.size();
}

// Runs f, turning any exception into a status and a message in *error.
template <typename F>
ww_status Guard(std::string* error, F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    *error = e.what();
    return e.status();
  } catch (const std::exception& e) {
    *error = std::string("unexpected exception: ") + e.what();
  } catch (...) {
    *error = "unexpected non-standard exception";
  }
  return WW_STATUS_FATAL_ERROR;
}

template <typename C>
struct Trampolines {
  static ww_status Create(const char* config_json, const uint8_t* checkpoint,
                          uint64_t checkpoint_size, const ww_host_api* host,
                          ww_instance** instance_out) {
    *instance_out = nullptr;
    CreateErrorSlot().clear();
    return Guard(&CreateErrorSlot(), [&] {
      auto inst = std::make_unique<Instance>();
      CreateArgs args{
          config_json == nullptr ? std::string_view("{}")
                                 : std::string_view(config_json),
          std::string_view(reinterpret_cast<const char*>(checkpoint),
                           checkpoint == nullptr ? 0 : checkpoint_size),
          HostApi(host)};
      inst->connector = std::make_unique<C>(args);
      *instance_out = reinterpret_cast<ww_instance*>(inst.release());
      return WW_STATUS_OK;
    });
  }

  static const char* CreateError() { return CreateErrorSlot().c_str(); }

  static ww_status NextBatch(ww_instance* instance, uint32_t max_posts,
                             uint32_t timeout_ms, ww_batch* batch_out) {
    auto* inst = reinterpret_cast<Instance*>(instance);
    inst->last_error.clear();
    inst->batch.posts.clear();
    inst->batch.checkpoint.clear();
    ww_status status = Guard(&inst->last_error, [&] {
      BatchRequest request{max_posts == 0 ? 1u : max_posts,
                           std::chrono::milliseconds(timeout_ms)};
      return inst->connector->NextBatch(request, inst->batch);
    });
    if (status != WW_STATUS_OK && status != WW_STATUS_NO_DATA &&
        status != WW_STATUS_END_OF_STREAM) {
      inst->batch.posts.clear();
    }
    ExposeBatch(*inst, batch_out);
    return status;
  }

  static const char* LastError(ww_instance* instance) {
    return reinterpret_cast<Instance*>(instance)->last_error.c_str();
  }

  static void Destroy(ww_instance* instance) {
    delete reinterpret_cast<Instance*>(instance);
  }
};

template <typename C>
const ww_connector_descriptor* Describe(const char* name, const char* version,
                                        const char* description,
                                        ww_platform_kind kind,
                                        const char* schema) {
  static const ww_connector_descriptor descriptor = {
      sizeof(ww_connector_descriptor),
      WW_CONNECTOR_ABI_MAJOR,
      WW_CONNECTOR_ABI_MINOR,
      name,
      version,
      description,
      kind,
      schema,
      &Trampolines<C>::Create,
      &Trampolines<C>::CreateError,
      &Trampolines<C>::NextBatch,
      &Trampolines<C>::LastError,
      &Trampolines<C>::Destroy,
  };
  return &descriptor;
}

}  // namespace internal
}  // namespace wildwatch::sdk

// Declares the connector class of this library. Use exactly once per
// library, at global scope. The string arguments must be literals or
// otherwise live as long as the library.
#define WILDWATCH_CONNECTOR(Class, name, version, description, kind, schema) \
  namespace {                                                                \
  const ww_connector_descriptor* WildwatchConnectorEntry() {                 \
    return ::wildwatch::sdk::internal::Describe<Class>(                      \
        name, version, description, kind, schema);                           \
  }                                                                          \
  }                                                                          \
  BOOST_DLL_ALIAS(WildwatchConnectorEntry, wildwatch_connector_entry)

#endif  // WILDWATCH_CONNECTOR_HPP_
