#include "host/plugin/config_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wildwatch {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using Json = nlohmann::json;

std::vector<std::string> Validate(const char* value, const char* schema) {
  const Json s = Json::parse(schema);
  EXPECT_TRUE(CheckSchema(s).ok()) << CheckSchema(s).ToString();
  return ValidateAgainstSchema(Json::parse(value), s);
}

std::string SchemaProblem(const char* schema) {
  Status s = CheckSchema(Json::parse(schema));
  EXPECT_FALSE(s.ok()) << schema;
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  return s.message();
}

TEST(CheckSchemaTest, AcceptsTheSupportedSubset) {
  const Json schema = Json::parse(R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "cfg", "description": "a connector's configuration",
    "type": "object",
    "properties": {
      "path": {"type": "string", "minLength": 1, "description": "where"},
      "mode": {"enum": ["a", "b"], "default": "a"},
      "n": {"type": ["integer", "null"], "minimum": 0, "maximum": 9},
      "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1},
      "extra": {"type": "object", "additionalProperties": {"type": "number"}}
    },
    "required": ["path"],
    "additionalProperties": false
  })");
  EXPECT_TRUE(CheckSchema(schema).ok()) << CheckSchema(schema).ToString();
}

TEST(CheckSchemaTest, RejectsKeywordsOutsideTheSubsetWithTheirPointer) {
  EXPECT_THAT(SchemaProblem(R"({"properties":{"a":{"pattern":"x"}}})"),
              HasSubstr("/properties/a/pattern"));
  EXPECT_THAT(SchemaProblem(R"({"oneOf":[]})"), HasSubstr("'oneOf'"));
}

TEST(CheckSchemaTest, RejectsMalformedKeywordValues) {
  EXPECT_THAT(SchemaProblem(R"({"type":"strin"})"), HasSubstr("/type"));
  EXPECT_THAT(SchemaProblem(R"({"type":["string", 3]})"), HasSubstr("/type"));
  EXPECT_THAT(SchemaProblem(R"({"type":[]})"), HasSubstr("/type"));
  EXPECT_THAT(SchemaProblem(R"({"properties":[]})"), HasSubstr("/properties"));
  EXPECT_THAT(SchemaProblem(R"({"properties":{"a":3}})"),
              HasSubstr("/properties/a"));
  EXPECT_THAT(SchemaProblem(R"({"required":"a"})"), HasSubstr("/required"));
  EXPECT_THAT(SchemaProblem(R"({"required":[1]})"), HasSubstr("/required"));
  EXPECT_THAT(SchemaProblem(R"({"enum":[]})"), HasSubstr("/enum"));
  EXPECT_THAT(SchemaProblem(R"({"minimum":"1"})"), HasSubstr("/minimum"));
  EXPECT_THAT(SchemaProblem(R"({"maximum":null})"), HasSubstr("/maximum"));
  EXPECT_THAT(SchemaProblem(R"({"minLength":-1})"), HasSubstr("/minLength"));
  EXPECT_THAT(SchemaProblem(R"({"minItems":1.5})"), HasSubstr("/minItems"));
  EXPECT_THAT(SchemaProblem(R"({"items":true})"), HasSubstr("/items"));
  EXPECT_THAT(SchemaProblem(R"({"additionalProperties":{"x":1}})"),
              HasSubstr("/additionalProperties/x"));
  EXPECT_THAT(SchemaProblem(R"([])"), HasSubstr("must be an object"));
}

TEST(CheckSchemaTest, EscapesPointerTokens) {
  EXPECT_THAT(SchemaProblem(R"({"properties":{"a/b~c":{"bad":1}}})"),
              HasSubstr("/properties/a~1b~0c/bad"));
}

TEST(ValidateTest, TypeKeyword) {
  EXPECT_THAT(Validate(R"("x")", R"({"type":"string"})"), IsEmpty());
  EXPECT_THAT(Validate("3", R"({"type":"string"})"),
              ElementsAre("/: expected string, got integer"));
  EXPECT_THAT(Validate("3", R"({"type":"integer"})"), IsEmpty());
  // JSON Schema counts 3.0 as an integer and every integer as a number.
  EXPECT_THAT(Validate("3.0", R"({"type":"integer"})"), IsEmpty());
  EXPECT_THAT(Validate("3", R"({"type":"number"})"), IsEmpty());
  EXPECT_THAT(Validate("3.5", R"({"type":"integer"})"),
              ElementsAre("/: expected integer, got number"));
  EXPECT_THAT(Validate("true", R"({"type":"boolean"})"), IsEmpty());
  EXPECT_THAT(Validate("null", R"({"type":"null"})"), IsEmpty());
  EXPECT_THAT(Validate("[]", R"({"type":"object"})"),
              ElementsAre("/: expected object, got array"));
  EXPECT_THAT(Validate("{}", R"({"type":"array"})"),
              ElementsAre("/: expected array, got object"));
  EXPECT_THAT(Validate("null", R"({"type":["string","integer"]})"),
              ElementsAre("/: expected string or integer, got null"));
  EXPECT_THAT(Validate("7", R"({"type":["string","integer"]})"), IsEmpty());
}

TEST(ValidateTest, EnumKeyword) {
  const char* schema = R"({"enum":["low","high",3]})";
  EXPECT_THAT(Validate(R"("low")", schema), IsEmpty());
  EXPECT_THAT(Validate("3", schema), IsEmpty());
  EXPECT_THAT(Validate(R"("mid")", schema),
              ElementsAre(R"(/: expected one of "low", "high", 3, got "mid")"));
}

TEST(ValidateTest, MinimumAndMaximum) {
  const char* schema = R"({"type":"integer","minimum":10,"maximum":20})";
  EXPECT_THAT(Validate("10", schema), IsEmpty());
  EXPECT_THAT(Validate("20", schema), IsEmpty());
  EXPECT_THAT(Validate("9", schema), ElementsAre("/: must be >= 10, got 9"));
  EXPECT_THAT(Validate("21", schema), ElementsAre("/: must be <= 20, got 21"));
  EXPECT_THAT(Validate("0.5", R"({"minimum":0.75})"),
              ElementsAre(HasSubstr(">= 0.75")));
}

TEST(ValidateTest, MinLengthCountsCharactersNotBytes) {
  const char* schema = R"({"type":"string","minLength":3})";
  EXPECT_THAT(Validate(R"("abc")", schema), IsEmpty());
  EXPECT_THAT(Validate(R"("象牙角")", schema), IsEmpty());
  EXPECT_THAT(Validate(R"("象牙")", schema),
              ElementsAre("/: must be at least 3 characters long, got 2"));
}

TEST(ValidateTest, ItemsAndMinItems) {
  const char* schema =
      R"({"type":"array","minItems":2,"items":{"type":"string"}})";
  EXPECT_THAT(Validate(R"(["a","b"])", schema), IsEmpty());
  EXPECT_THAT(Validate(R"(["a"])", schema),
              ElementsAre("/: must have at least 2 items, got 1"));
  EXPECT_THAT(Validate(R"(["a",1,"c",true])", schema),
              ElementsAre("/1: expected string, got integer",
                          "/3: expected string, got boolean"));
}

TEST(ValidateTest, RequiredReportsEveryMissingKey) {
  EXPECT_THAT(Validate(R"({"a":1})", R"({"required":["a","b","c"]})"),
              ElementsAre("/: missing required key 'b'",
                          "/: missing required key 'c'"));
}

TEST(ValidateTest, PropertiesAreValidatedAtTheirPointer) {
  const char* schema = R"({"type":"object","properties":{
      "poll_interval_ms":{"type":"integer"},
      "auth":{"type":"object","properties":{"user/name":{"type":"string"}}}}})";
  EXPECT_THAT(Validate(R"({"poll_interval_ms":"fast"})", schema),
              ElementsAre("/poll_interval_ms: expected integer, got string"));
  EXPECT_THAT(Validate(R"({"auth":{"user/name":5}})", schema),
              ElementsAre("/auth/user~1name: expected string, got integer"));
  // Without additionalProperties, other keys are allowed.
  EXPECT_THAT(Validate(R"({"other":1})", schema), IsEmpty());
}

TEST(ValidateTest, AdditionalPropertiesFalseListsTheAllowedKeys) {
  const char* schema = R"({"type":"object","additionalProperties":false,
      "properties":{"path":{"type":"string"},"follow":{"type":"boolean"}}})";
  EXPECT_THAT(Validate(R"({"path":"x","follow":true})", schema), IsEmpty());
  EXPECT_THAT(Validate(R"({"pth":"x"})", schema),
              ElementsAre("/: unknown key 'pth' (allowed: follow, path)"));
  EXPECT_THAT(Validate(R"({"nested":{"x":1}})",
                       R"({"properties":{"nested":{"type":"object",
                           "additionalProperties":false}}})"),
              ElementsAre("/nested: unknown key 'x' (allowed: none)"));
}

TEST(ValidateTest, AdditionalPropertiesSchemaAppliesToOtherKeys) {
  const char* schema = R"({"properties":{"name":{"type":"string"}},
      "additionalProperties":{"type":"integer"}})";
  EXPECT_THAT(Validate(R"({"name":"n","a":1,"b":2})", schema), IsEmpty());
  EXPECT_THAT(Validate(R"({"name":"n","a":"one"})", schema),
              ElementsAre("/a: expected integer, got string"));
}

TEST(ValidateTest, DefaultIsIgnored) {
  EXPECT_THAT(Validate("{}", R"({"properties":{"a":{"default":5}}})"),
              IsEmpty());
}

TEST(ValidateTest, CollectsEveryProblem) {
  const char* schema = R"({"type":"object","additionalProperties":false,
      "required":["path"],
      "properties":{"n":{"type":"integer","minimum":1},
                    "mode":{"enum":["a"]}}})";
  EXPECT_THAT(Validate(R"({"n":0,"mode":"b","zzz":1})", schema),
              UnorderedElementsAre("/: missing required key 'path'",
                                   "/n: must be >= 1, got 0",
                                   R"(/mode: expected one of "a", got "b")",
                                   "/: unknown key 'zzz' (allowed: mode, n)"));
}

}  // namespace
}  // namespace wildwatch
