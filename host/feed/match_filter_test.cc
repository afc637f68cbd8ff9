#include "host/feed/match_filter.h"

#include <gtest/gtest.h>

namespace wildwatch {
namespace {

Match MakeMatch(std::string platform, std::string taxon, std::string name,
                std::string appendix, Severity severity) {
  Match m;
  m.platform = std::move(platform);
  m.taxon_id = std::move(taxon);
  m.scientific_name = std::move(name);
  m.appendix = std::move(appendix);
  m.severity = severity;
  return m;
}

const Principal kAgency{"interpol", "agency", ""};
const Principal kBazaar{"bazaar-coc", "platform:bazaar", "bazaar"};

const Match kElephant = MakeMatch("bazaar", "loxodonta-africana",
                                  "Loxodonta africana", "I", Severity::kHigh);
const Match kParrot = MakeMatch("chirp", "psittacus-erithacus",
                                "Psittacus erithacus", "II", Severity::kLow);

MatchFilter MustCreate(const v1::SubscribeRequest& request,
                       const Principal& principal) {
  StatusOr<MatchFilter> f = MatchFilter::Create(request, principal);
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  return *std::move(f);
}

TEST(MatchFilterTest, EmptyRequestMatchesEverything) {
  MatchFilter f = MustCreate(v1::SubscribeRequest(), kAgency);
  EXPECT_TRUE(f.Matches(kElephant));
  EXPECT_TRUE(f.Matches(kParrot));
}

TEST(MatchFilterTest, TaxaByIdOrNameIgnoringCase) {
  v1::SubscribeRequest by_name;
  by_name.add_taxa("LOXODONTA AFRICANA");
  MatchFilter f = MustCreate(by_name, kAgency);
  EXPECT_TRUE(f.Matches(kElephant));
  EXPECT_FALSE(f.Matches(kParrot));

  v1::SubscribeRequest by_id;
  by_id.add_taxa("Psittacus-Erithacus");
  MatchFilter g = MustCreate(by_id, kAgency);
  EXPECT_FALSE(g.Matches(kElephant));
  EXPECT_TRUE(g.Matches(kParrot));
}

TEST(MatchFilterTest, AppendicesPlatformsAndMinimumSeverity) {
  v1::SubscribeRequest appendix;
  appendix.add_appendices("II");
  EXPECT_FALSE(MustCreate(appendix, kAgency).Matches(kElephant));
  EXPECT_TRUE(MustCreate(appendix, kAgency).Matches(kParrot));

  v1::SubscribeRequest platform;
  platform.add_platforms("bazaar");
  EXPECT_TRUE(MustCreate(platform, kAgency).Matches(kElephant));
  EXPECT_FALSE(MustCreate(platform, kAgency).Matches(kParrot));

  v1::SubscribeRequest severity;
  severity.set_min_severity(v1::SEVERITY_MEDIUM);
  EXPECT_TRUE(MustCreate(severity, kAgency).Matches(kElephant));
  EXPECT_FALSE(MustCreate(severity, kAgency).Matches(kParrot));
  severity.set_min_severity(v1::SEVERITY_CRITICAL);
  EXPECT_FALSE(MustCreate(severity, kAgency).Matches(kElephant));
}

TEST(MatchFilterTest, AllConditionsMustHold) {
  v1::SubscribeRequest r;
  r.add_taxa("loxodonta-africana");
  r.add_appendices("II");
  MatchFilter f = MustCreate(r, kAgency);
  EXPECT_FALSE(f.Matches(kElephant));
  EXPECT_FALSE(f.Matches(kParrot));
}

TEST(MatchFilterTest, PlatformPrincipalOnlySeesItsPlatform) {
  MatchFilter all = MustCreate(v1::SubscribeRequest(), kBazaar);
  EXPECT_TRUE(all.Matches(kElephant));
  EXPECT_FALSE(all.Matches(kParrot));

  v1::SubscribeRequest own;
  own.add_platforms("bazaar");
  EXPECT_FALSE(MustCreate(own, kBazaar).Matches(kParrot));

  v1::SubscribeRequest other;
  other.add_platforms("bazaar");
  other.add_platforms("chirp");
  StatusOr<MatchFilter> f = MatchFilter::Create(other, kBazaar);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(f.status().message().find("platform:bazaar"), std::string::npos);
}

TEST(MatchFilterTest, RejectsUnknownAppendixAndSeverity) {
  v1::SubscribeRequest appendix;
  appendix.add_appendices("IV");
  StatusOr<MatchFilter> f = MatchFilter::Create(appendix, kAgency);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument);

  v1::SubscribeRequest severity;
  severity.set_min_severity(static_cast<v1::Severity>(9));
  f = MatchFilter::Create(severity, kAgency);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace wildwatch
