#include "host/cli/output_format.h"

#include <google/protobuf/util/json_util.h>

#include <map>

namespace wildwatch::cli {

CLI::Option* AddOutputOption(CLI::App* command, OutputFormat* format) {
  const std::map<std::string, OutputFormat> names = {
      {"text", OutputFormat::kText},
      {"json", OutputFormat::kJson},
      {"jsonl", OutputFormat::kJsonl},
      {"csv", OutputFormat::kCsv}};
  return command->add_option("--output,-o", *format, "text, json, jsonl or csv")
      ->transform(CLI::CheckedTransformer(names, CLI::ignore_case))
      ->default_str("text");
}

std::string ToJson(const google::protobuf::Message& message, bool pretty) {
  google::protobuf::util::JsonPrintOptions options;
  // Every field, empty ones included, so a consumer never has to guess
  // whether a field was left out or empty.
  options.always_print_primitive_fields = true;
  options.add_whitespace = pretty;
  std::string json;
  // Only a message with an unresolvable Any fails; ours have none.
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!json.empty() && json.back() == '\n') json.pop_back();
  return json;
}

void WriteResult(OutputFormat format, const google::protobuf::Message& response,
                 const std::vector<const google::protobuf::Message*>& items,
                 const Table& table, std::ostream& out) {
  switch (format) {
    case OutputFormat::kText:
      table.WriteText(out);
      return;
    case OutputFormat::kCsv:
      table.WriteCsv(out);
      return;
    case OutputFormat::kJson:
      out << ToJson(response, /*pretty=*/true) << "\n";
      return;
    case OutputFormat::kJsonl:
      for (const google::protobuf::Message* item : items) {
        out << ToJson(*item) << "\n";
      }
      return;
  }
}

}  // namespace wildwatch::cli
