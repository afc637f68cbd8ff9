// --output text|json|jsonl|csv, shared by every `wildwatch` command that
// prints data. JSON is always the proto3 canonical JSON mapping of the API's
// messages (google::protobuf::util::MessageToJsonString, every field
// printed, defaults included), so the CLI and any gRPC client see one
// schema.
//
// Thread-safe: pure functions.
#ifndef WILDWATCH_HOST_CLI_OUTPUT_FORMAT_H_
#define WILDWATCH_HOST_CLI_OUTPUT_FORMAT_H_

#include <google/protobuf/message.h>
#include <google/protobuf/repeated_ptr_field.h>

#include <CLI/CLI.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "host/cli/table.h"

namespace wildwatch::cli {

enum class OutputFormat { kText, kJson, kJsonl, kCsv };

// Adds --output to command, storing the choice in *format (default text).
// format must outlive command.
CLI::Option* AddOutputOption(CLI::App* command, OutputFormat* format);

// message in canonical JSON; one line unless pretty.
std::string ToJson(const google::protobuf::Message& message,
                   bool pretty = false);

// Writes a command's result in format:
//   text   the table, aligned;
//   csv    the table as CSV;
//   json   response, indented;
//   jsonl  each of items on a line of its own.
void WriteResult(OutputFormat format, const google::protobuf::Message& response,
                 const std::vector<const google::protobuf::Message*>& items,
                 const Table& table, std::ostream& out);

// The elements of a repeated message field, for WriteResult's items.
template <typename T>
std::vector<const google::protobuf::Message*> Items(
    const google::protobuf::RepeatedPtrField<T>& field) {
  std::vector<const google::protobuf::Message*> items;
  for (const T& item : field) items.push_back(&item);
  return items;
}

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_OUTPUT_FORMAT_H_
