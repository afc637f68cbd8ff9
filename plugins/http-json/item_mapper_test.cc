#include "plugins/http-json/item_mapper.h"

#include <gtest/gtest.h>

namespace wildwatch::plugins::http_json {
namespace {

using nlohmann::json;

ItemMapper Mapper(bool html = false) {
  StatusOr<ItemMapper> mapper =
      ItemMapper::Create({{"id", "/itemId"},
                          {"url", "/links/web"},
                          {"title", "/title"},
                          {"text", "/description"},
                          {"author", "/seller/name"},
                          {"author_id", "/seller/id"},
                          {"created_at", "/listedAt"},
                          {"price", "/price/value"},
                          {"currency", "/price/currency"},
                          {"location", "/location"}},
                         html);
  EXPECT_TRUE(mapper.ok()) << mapper.status().ToString();
  return std::move(*mapper);
}

json Listing() {
  return json::parse(R"({
    "itemId": 884213, "title": "Hornbill casque carving",
    "description": "<p>Old <b>helmeted hornbill</b></p><p>Ships from MY</p>",
    "links": {"web": "https://shop.example/i/884213"},
    "seller": {"name": "antique_mk", "id": "s-19"},
    "listedAt": "2024-05-01T08:00:00Z",
    "price": {"value": 1250.5, "currency": "USD"}, "location": null
  })");
}

TEST(ItemMapperTest, MapsFieldsByPointer) {
  StatusOr<sdk::Post> post = Mapper(true).Map(Listing(), "raw");
  ASSERT_TRUE(post.ok()) << post.status().ToString();
  EXPECT_EQ(post->id, "884213");
  EXPECT_EQ(post->url, "https://shop.example/i/884213");
  EXPECT_EQ(post->title, "Hornbill casque carving");
  EXPECT_EQ(post->text,
            "Hornbill casque carving\nOld helmeted hornbill\nShips from MY");
  EXPECT_EQ(post->author, "antique_mk");
  EXPECT_EQ(post->author_id, "s-19");
  EXPECT_EQ(post->created_at_ms, 1714550400000);
  EXPECT_EQ(post->raw, "raw");
  using Attr = std::pair<std::string, std::string>;
  EXPECT_EQ(post->attributes,
            (std::vector<Attr>{{"price", "1250.5"}, {"currency", "USD"}}));
}

TEST(ItemMapperTest, KeepsHtmlWhenNotAskedAndReadsUnixTimes) {
  json item = Listing();
  item["listedAt"] = 1714550400;
  StatusOr<sdk::Post> post = Mapper(false).Map(item, "");
  ASSERT_TRUE(post.ok());
  EXPECT_NE(post->text.find("<b>"), std::string::npos);
  EXPECT_EQ(post->created_at_ms, 1714550400000);
  item["listedAt"] = 1714550400123;
  EXPECT_EQ(Mapper().Map(item, "")->created_at_ms, 1714550400123);
  item["listedAt"] = "Wed, 01 May 2024 08:00:00 GMT";
  EXPECT_EQ(Mapper().Map(item, "")->created_at_ms, 1714550400000);
}

TEST(ItemMapperTest, RejectsItemsItCannotMap) {
  json no_id = Listing();
  no_id.erase("itemId");
  json object_title = Listing();
  object_title["title"] = {{"en", "x"}};
  json bad_time = Listing();
  bad_time["listedAt"] = "last tuesday";
  for (const json& bad :
       {no_id, object_title, bad_time, json(5), json::array()}) {
    EXPECT_FALSE(Mapper().Map(bad, "").ok()) << bad.dump();
  }
}

TEST(ItemMapperTest, RejectsBadMappings) {
  EXPECT_FALSE(ItemMapper::Create({{"text", "/d"}}, false).ok());  // No id.
  EXPECT_FALSE(
      ItemMapper::Create({{"id", "/i"}, {"colour", "/c"}}, false).ok());
  EXPECT_FALSE(ItemMapper::Create({{"id", "no-slash"}}, false).ok());
  EXPECT_FALSE(ItemMapper::Create({{"id", 5}}, false).ok());
  EXPECT_FALSE(ItemMapper::Create(json::array(), false).ok());
}

}  // namespace
}  // namespace wildwatch::plugins::http_json
