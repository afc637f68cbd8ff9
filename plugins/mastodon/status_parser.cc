#include "plugins/mastodon/status_parser.h"

#include "plugins/common/http/date_time.h"
#include "plugins/common/text/html_to_text.h"

namespace wildwatch::plugins::mastodon {
namespace {

// A string member, "" when absent or null. INVALID_ARGUMENT for any other
// type, so a changed API is reported instead of read as empty.
StatusOr<std::string> OptionalString(const nlohmann::json& object,
                                     const char* key, const std::string& at) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return InvalidArgumentError(at + key + ": expected a string");
  }
  return it->get<std::string>();
}

}  // namespace

bool IdLess(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

StatusOr<sdk::Post> ParseStatus(const nlohmann::json& wrapper,
                                std::string raw) {
  if (!wrapper.is_object())
    return InvalidArgumentError("status: not an object");
  sdk::Post post;
  const nlohmann::json* status = &wrapper;
  auto reblog = wrapper.find("reblog");
  std::string at = "/";
  if (reblog != wrapper.end() && reblog->is_object()) {
    auto booster = wrapper.find("account");
    if (booster != wrapper.end() && booster->is_object()) {
      StatusOr<std::string> acct =
          OptionalString(*booster, "acct", "/account/");
      if (!acct.ok()) return acct.status();
      if (!acct->empty()) post.attributes.emplace_back("reblogged_by", *acct);
    }
    status = &*reblog;
    at = "/reblog/";
  }
  StatusOr<std::string> id = OptionalString(*status, "id", at);
  if (!id.ok()) return id.status();
  if (id->empty()) return InvalidArgumentError(at + "id: missing");
  post.id = *id;

  auto account = status->find("account");
  if (account == status->end() || !account->is_object()) {
    return InvalidArgumentError(at + "account: expected an object");
  }
  StatusOr<std::string> acct =
      OptionalString(*account, "acct", at + "account/");
  StatusOr<std::string> author_id =
      OptionalString(*account, "id", at + "account/");
  StatusOr<std::string> url = OptionalString(*status, "url", at);
  StatusOr<std::string> uri = OptionalString(*status, "uri", at);
  StatusOr<std::string> created = OptionalString(*status, "created_at", at);
  StatusOr<std::string> lang = OptionalString(*status, "language", at);
  StatusOr<std::string> content = OptionalString(*status, "content", at);
  StatusOr<std::string> spoiler = OptionalString(*status, "spoiler_text", at);
  for (const Status& s :
       {acct.status(), author_id.status(), url.status(), uri.status(),
        created.status(), lang.status(), content.status(), spoiler.status()}) {
    if (!s.ok()) return s;
  }
  post.author = *acct;
  post.author_id = *author_id;
  post.url = url->empty() ? *uri : *url;
  post.lang = *lang;
  if (!created->empty()) {
    StatusOr<int64_t> ms = ParseRfc3339(*created);
    if (!ms.ok())
      return InvalidArgumentError(at + "created_at: " + ms.status().message());
    post.created_at_ms = *ms;
  }
  std::string body = HtmlToText(*content);
  // A content warning often carries the sales pitch ("CW: ivory, DM").
  std::string warning = HtmlToText(*spoiler);
  post.text = warning.empty() ? body : warning + "\n" + body;

  // (list, member of each element, attribute it becomes)
  struct Source {
    const char* list;
    const char* member;
    const char* attribute;
  };
  for (const Source& source :
       {Source{"tags", "name", "tag"},
        Source{"media_attachments", "url", "media_url"},
        Source{"media_attachments", "description", "media_description"}}) {
    auto items = status->find(source.list);
    if (items == status->end() || items->is_null()) continue;
    if (!items->is_array()) {
      return InvalidArgumentError(at + source.list + ": expected an array");
    }
    for (const nlohmann::json& item : *items) {
      if (!item.is_object()) continue;
      auto value = item.find(source.member);
      if (value == item.end() || !value->is_string()) continue;
      post.attributes.emplace_back(source.attribute, value->get<std::string>());
    }
  }
  auto sensitive = status->find("sensitive");
  if (sensitive != status->end() && sensitive->is_boolean() &&
      sensitive->get<bool>()) {
    post.attributes.emplace_back("sensitive", "true");
  }
  post.raw = std::move(raw);
  return post;
}

}  // namespace wildwatch::plugins::mastodon
