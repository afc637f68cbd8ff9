#include "host/cli/output_format.h"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <sstream>

#include "wildwatch/v1/wildwatch.pb.h"

namespace wildwatch::cli {
namespace {

v1::ListConnectorsResponse TwoConnectors() {
  v1::ListConnectorsResponse response;
  v1::ConnectorStatus* a = response.add_connectors();
  a->set_name("bazaar");
  a->set_posts_read(12);
  a->set_last_batch_at_ms(1714557600000);
  response.add_connectors()->set_name("forum");
  return response;
}

TEST(OutputFormatTest, JsonIsTheCanonicalMappingWithEveryField) {
  const std::string json = ToJson(TwoConnectors().connectors(1));
  // lowerCamelCase names, 64-bit integers as strings, defaults printed.
  EXPECT_NE(json.find("\"name\":\"forum\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"postsRead\":\"0\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"lastError\":\"\""), std::string::npos) << json;
  EXPECT_EQ(json.find('\n'), std::string::npos);

  v1::ConnectorStatus back;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  ToJson(TwoConnectors().connectors(0)), &back)
                  .ok());
  EXPECT_EQ(back.SerializeAsString(),
            TwoConnectors().connectors(0).SerializeAsString());
}

TEST(OutputFormatTest, WritesEachFormat) {
  const v1::ListConnectorsResponse response = TwoConnectors();
  Table table({"NAME"});
  table.AddRow({"bazaar"});
  table.AddRow({"forum"});
  auto write = [&](OutputFormat format) {
    std::ostringstream out;
    WriteResult(format, response, Items(response.connectors()), table, out);
    return out.str();
  };
  EXPECT_EQ(write(OutputFormat::kText), "NAME\nbazaar\nforum\n");
  EXPECT_EQ(write(OutputFormat::kCsv), "NAME\nbazaar\nforum\n");

  const std::string jsonl = write(OutputFormat::kJsonl);
  EXPECT_EQ(jsonl, ToJson(response.connectors(0)) + "\n" +
                       ToJson(response.connectors(1)) + "\n");

  v1::ListConnectorsResponse back;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  write(OutputFormat::kJson), &back)
                  .ok());
  EXPECT_EQ(back.connectors_size(), 2);
  EXPECT_EQ(back.connectors(0).posts_read(), 12u);
}

TEST(OutputFormatTest, OptionAcceptsTheFourNamesOnly) {
  for (const auto& [name, expected] :
       std::vector<std::pair<std::string, OutputFormat>>{
           {"text", OutputFormat::kText},
           {"json", OutputFormat::kJson},
           {"jsonl", OutputFormat::kJsonl},
           {"csv", OutputFormat::kCsv}}) {
    CLI::App app;
    OutputFormat format = OutputFormat::kText;
    AddOutputOption(&app, &format);
    app.parse(std::vector<std::string>{name, "--output"});  // Reversed.
    EXPECT_EQ(format, expected) << name;
  }
  CLI::App app;
  OutputFormat format = OutputFormat::kText;
  AddOutputOption(&app, &format);
  EXPECT_THROW(app.parse(std::vector<std::string>{"yaml", "--output"}),
               CLI::ValidationError);
}

}  // namespace
}  // namespace wildwatch::cli
