#include "plugins/feed/feed_parser.h"

#include <gtest/gtest.h>

namespace wildwatch::plugins::feed {
namespace {

using Attr = std::pair<std::string, std::string>;

constexpr char kRss[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Exotic Pets Classifieds - Reptiles</title>
    <link>https://classifieds.example/reptiles</link>
    <description>Latest reptile listings</description>
    <item>
      <title>Radiated tortoise (Astrochelys radiata) pair</title>
      <link>https://classifieds.example/ad/5512</link>
      <guid isPermaLink="false">ad-5512</guid>
      <pubDate>Wed, 01 May 2024 08:00:00 GMT</pubDate>
      <dc:creator>reptile_king</dc:creator>
      <category>Tortoises</category>
      <category>Madagascar</category>
      <description>&lt;p&gt;Short teaser&lt;/p&gt;</description>
      <content:encoded><![CDATA[<p>Captive bred, <b>CB 2023</b>.</p><p>Cash only</p>]]></content:encoded>
      <enclosure url="https://classifieds.example/img/5512.jpg" type="image/jpeg" length="1"/>
    </item>
    <item>
      <title>Plain item</title>
      <link>https://classifieds.example/ad/5511</link>
      <description>No guid: the link is the id</description>
    </item>
    <item>
      <title>Bad date</title>
      <guid>ad-5510</guid>
      <pubDate>sometime last week</pubDate>
    </item>
    <item><title>No id at all</title></item>
  </channel>
</rss>)";

constexpr char kAtom[] = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Wildlife Forum - Sales</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2024-05-01T10:00:00Z</updated>
  <entry>
    <title type="html">Pangolin &lt;em&gt;scales&lt;/em&gt; 1kg</title>
    <link rel="alternate" href="https://forum.example/t/991"/>
    <link rel="enclosure" href="https://forum.example/f/991.png"/>
    <id>tag:forum.example,2024:topic-991</id>
    <published>2024-05-01T09:30:00+02:00</published>
    <updated>2024-05-01T11:00:00Z</updated>
    <author><name>hk_trader</name><uri>https://forum.example/u/77</uri></author>
    <category term="scales"/>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Grade A</p><p>Ship HK</p></div></content>
  </entry>
  <entry>
    <title>Summary only</title>
    <id>tag:forum.example,2024:topic-990</id>
    <updated>2024-04-30T10:00:00Z</updated>
    <summary>plain &amp; simple</summary>
  </entry>
</feed>)";

TEST(FeedParserTest, ReadsRssItems) {
  StatusOr<std::vector<FeedEntry>> entries = ParseFeed(kRss);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 4u);
  const FeedEntry& first = (*entries)[0];
  EXPECT_EQ(first.error, "");
  EXPECT_EQ(first.post.id, "ad-5512");
  EXPECT_EQ(first.post.url, "https://classifieds.example/ad/5512");
  EXPECT_EQ(first.post.author, "reptile_king");
  EXPECT_EQ(first.post.title, "Radiated tortoise (Astrochelys radiata) pair");
  EXPECT_EQ(first.post.text,
            "Radiated tortoise (Astrochelys radiata) pair\n"
            "Captive bred, CB 2023.\nCash only");
  EXPECT_EQ(first.post.created_at_ms, 1714550400000);
  EXPECT_EQ(first.post.attributes,
            (std::vector<Attr>{{"category", "Tortoises"},
                               {"category", "Madagascar"},
                               {"enclosure_url",
                                "https://classifieds.example/img/5512.jpg"}}));
  EXPECT_EQ(first.post.raw.rfind("<item>", 0), 0u);
  EXPECT_NE(first.post.raw.find("ad-5512"), std::string::npos);

  const FeedEntry& second = (*entries)[1];
  EXPECT_EQ(second.post.id, "https://classifieds.example/ad/5511");
  EXPECT_EQ(second.post.text, "Plain item\nNo guid: the link is the id");
  EXPECT_EQ(second.post.created_at_ms, WW_TIME_UNKNOWN);

  EXPECT_NE((*entries)[2].error, "");  // Unreadable pubDate.
  EXPECT_EQ((*entries)[2].post.id, "ad-5510");
  EXPECT_NE((*entries)[3].error, "");  // No guid, no link.
  EXPECT_EQ((*entries)[3].post.id, "");
}

TEST(FeedParserTest, ReadsAtomEntries) {
  StatusOr<std::vector<FeedEntry>> entries = ParseFeed(kAtom);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 2u);
  const sdk::Post& post = (*entries)[0].post;
  EXPECT_EQ((*entries)[0].error, "");
  EXPECT_EQ(post.id, "tag:forum.example,2024:topic-991");
  EXPECT_EQ(post.url, "https://forum.example/t/991");
  EXPECT_EQ(post.author, "hk_trader");
  EXPECT_EQ(post.author_id, "https://forum.example/u/77");
  EXPECT_EQ(post.title, "Pangolin scales 1kg");
  EXPECT_EQ(post.text, "Pangolin scales 1kg\nGrade A\nShip HK");
  EXPECT_EQ(post.created_at_ms, 1714548600000);  // Published, not updated.
  EXPECT_EQ(
      post.attributes,
      (std::vector<Attr>{{"enclosure_url", "https://forum.example/f/991.png"},
                         {"category", "scales"}}));
  const sdk::Post& second = (*entries)[1].post;
  EXPECT_EQ(second.text, "Summary only\nplain & simple");
  EXPECT_EQ(second.created_at_ms, 1714471200000);  // Updated as fallback.
}

TEST(FeedParserTest, RejectsWhatIsNotAFeed) {
  EXPECT_FALSE(ParseFeed("").ok());
  EXPECT_FALSE(ParseFeed("<html><body>blocked</body></html>").ok());
  EXPECT_FALSE(ParseFeed("<rss><channel><item>").ok());
  EXPECT_FALSE(ParseFeed("{\"json\": true}").ok());
  StatusOr<std::vector<FeedEntry>> empty = ParseFeed(
      "<rss version=\"2.0\"><channel><title>t</title></channel></rss>");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(FeedParserTest, DoesNotExpandExternalEntities) {
  StatusOr<std::vector<FeedEntry>> entries = ParseFeed(
      R"(<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>)"
      R"(<rss version="2.0"><channel><item><guid>1</guid><title>a&x;b</title>)"
      R"(</item></channel></rss>)");
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].post.text.find("root:"), std::string::npos);
}

}  // namespace
}  // namespace wildwatch::plugins::feed
