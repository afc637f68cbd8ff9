// Tests of the SDK itself: the C export macro (through connector_c_plugin.c)
// and the C++ layer's handling of batches, checkpoints and exceptions.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "wildwatch/connector.h"
#include "wildwatch/connector.hpp"

extern "C" const void* const wildwatch_connector_entry;

namespace {

TEST(CExportTest, EntrySymbolHoldsThePointerToTheEntryFunction) {
  auto entry = reinterpret_cast<ww_connector_entry_fn>(
      const_cast<void*>(wildwatch_connector_entry));
  const ww_connector_descriptor* d = entry();
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->struct_size, sizeof(ww_connector_descriptor));
  EXPECT_EQ(d->abi_major, static_cast<uint32_t>(WW_CONNECTOR_ABI_MAJOR));
  EXPECT_STREQ(d->name, "c-example");
  EXPECT_EQ(d->platform_kind, WW_PLATFORM_FORUM);

  ww_instance* inst = nullptr;
  ASSERT_EQ(d->create("{}", nullptr, 0, nullptr, &inst), WW_STATUS_OK);
  ww_batch batch{};
  batch.struct_size = sizeof batch;
  ASSERT_EQ(d->next_batch(inst, 10, 0, &batch), WW_STATUS_OK);
  ASSERT_EQ(batch.post_count, 1u);
  EXPECT_STREQ(batch.posts[0].id, "c-1");
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(batch.checkpoint),
                        batch.checkpoint_size),
            "1");
  EXPECT_EQ(d->next_batch(inst, 10, 0, &batch), WW_STATUS_END_OF_STREAM);
  d->destroy(inst);
}

// A C++ connector exercising every path of the layer.
class CountingConnector : public wildwatch::sdk::Connector {
 public:
  explicit CountingConnector(const wildwatch::sdk::CreateArgs& args)
      : Connector(args) {
    if (args.config_json.find("bad") != std::string_view::npos) {
      throw wildwatch::sdk::ConfigError("config says bad");
    }
    if (!args.checkpoint.empty())
      next_ = std::stoi(std::string(args.checkpoint));
  }

  ww_status NextBatch(const wildwatch::sdk::BatchRequest& request,
                      wildwatch::sdk::Batch& out) override {
    if (next_ == 3) {
      ++next_;
      throw std::runtime_error("boom");
    }
    if (next_ == 5) throw wildwatch::sdk::TransientError("try later");
    for (uint32_t i = 0; i < request.max_posts && next_ < 3; ++i, ++next_) {
      wildwatch::sdk::Post p;
      p.id = "n" + std::to_string(next_);
      p.text = std::string("text\0with nul", 13);
      p.attributes = {{"price", std::to_string(next_ * 10)}};
      out.posts.push_back(std::move(p));
    }
    if (out.posts.empty()) {
      next_ = 5;
      return WW_STATUS_NO_DATA;
    }
    out.checkpoint = std::to_string(next_);
    AddCounter("emitted", out.posts.size());
    return WW_STATUS_OK;
  }

 private:
  int next_ = 0;
};

const ww_connector_descriptor* Counting() {
  return wildwatch::sdk::internal::Describe<CountingConnector>(
      "counting", "2.0.0", "test", WW_PLATFORM_SOCIAL, "{}");
}

TEST(CppLayerTest, ExposesBatchesWithOwnedMemory) {
  const ww_connector_descriptor* d = Counting();
  uint64_t emitted = 0;
  ww_host_api host{sizeof(ww_host_api), &emitted, nullptr,
                   [](void* ctx, const char*, uint64_t delta) {
                     *static_cast<uint64_t*>(ctx) += delta;
                   }};
  ww_instance* inst = nullptr;
  ASSERT_EQ(d->create("{}", nullptr, 0, &host, &inst), WW_STATUS_OK);
  ww_batch batch{};
  batch.struct_size = sizeof batch;
  ASSERT_EQ(d->next_batch(inst, 2, 0, &batch), WW_STATUS_OK);
  ASSERT_EQ(batch.post_count, 2u);
  EXPECT_STREQ(batch.posts[1].id, "n1");
  EXPECT_EQ(batch.posts[1].text_size, 13u);  // Embedded NUL kept.
  EXPECT_EQ(batch.posts[1].url, nullptr);    // Empty fields are null.
  ASSERT_EQ(batch.posts[1].attribute_count, 1u);
  EXPECT_STREQ(batch.posts[1].attributes[0].value, "10");
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(batch.checkpoint),
                        batch.checkpoint_size),
            "2");
  EXPECT_EQ(emitted, 2u);
  d->destroy(inst);
}

TEST(CppLayerTest, ResumesFromCheckpointAndTurnsExceptionsIntoStatuses) {
  const ww_connector_descriptor* d = Counting();
  ww_instance* inst = nullptr;
  ASSERT_EQ(
      d->create("{}", reinterpret_cast<const uint8_t*>("2"), 1, nullptr, &inst),
      WW_STATUS_OK);
  ww_batch batch{};
  batch.struct_size = sizeof batch;
  ASSERT_EQ(d->next_batch(inst, 5, 0, &batch), WW_STATUS_OK);
  ASSERT_EQ(batch.post_count, 1u);
  EXPECT_STREQ(batch.posts[0].id, "n2");
  EXPECT_EQ(d->next_batch(inst, 5, 0, &batch), WW_STATUS_FATAL_ERROR);
  EXPECT_EQ(batch.post_count, 0u);
  EXPECT_STREQ(d->last_error(inst), "unexpected exception: boom");
  EXPECT_EQ(d->next_batch(inst, 5, 0, &batch), WW_STATUS_NO_DATA);
  EXPECT_STREQ(d->last_error(inst), "");
  EXPECT_EQ(d->next_batch(inst, 5, 0, &batch), WW_STATUS_TRANSIENT_ERROR);
  EXPECT_STREQ(d->last_error(inst), "try later");
  d->destroy(inst);
}

TEST(CppLayerTest, ConfigErrorsFromTheConstructor) {
  const ww_connector_descriptor* d = Counting();
  ww_instance* inst = reinterpret_cast<ww_instance*>(0x1);
  EXPECT_EQ(d->create(R"({"x":"bad"})", nullptr, 0, nullptr, &inst),
            WW_STATUS_CONFIG_ERROR);
  EXPECT_EQ(inst, nullptr);
  EXPECT_STREQ(d->create_error(), "config says bad");
}

}  // namespace
