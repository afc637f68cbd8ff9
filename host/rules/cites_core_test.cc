// The shipped default rule set, rules/cites-core.yaml: it loads cleanly,
// finds obvious offers and leaves the well-known look-alikes alone.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "host/rules/rule_set.h"

namespace wildwatch::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class CitesCoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    diagnostics_ = new std::vector<Diagnostic>();
    set_ = new std::shared_ptr<const RuleSet>(RuleSet::Load(
        {std::string(WILDWATCH_SOURCE_DIR) + "/rules/cites-core.yaml"},
        diagnostics_));
  }
  static void TearDownTestSuite() {
    delete set_;
    delete diagnostics_;
  }

  void SetUp() override {
    for (const Diagnostic& d : *diagnostics_) ADD_FAILURE() << d.ToString();
    ASSERT_NE(*set_, nullptr);
  }

  // The taxon ids whose rules hit text.
  static std::set<std::string> Taxa(std::string_view text,
                                    std::string_view lang = "") {
    std::set<std::string> ids;
    for (const Hit& hit : (*set_)->Match(text, lang)) {
      ids.insert(hit.taxon->id);
    }
    return ids;
  }

  static std::vector<Diagnostic>* diagnostics_;
  static std::shared_ptr<const RuleSet>* set_;
};
std::vector<Diagnostic>* CitesCoreTest::diagnostics_ = nullptr;
std::shared_ptr<const RuleSet>* CitesCoreTest::set_ = nullptr;

TEST_F(CitesCoreTest, LoadsWithRealTaxa) {
  EXPECT_GE((*set_)->taxa().size(), 30u);
  EXPECT_THAT((*set_)->version(), ::testing::StartsWith("cites-core@"));
  for (const Taxon& taxon : (*set_)->taxa()) {
    EXPECT_FALSE(taxon.common_names.empty()) << taxon.id;
    if (taxon.id == "manidae" || taxon.id == "psittacus-erithacus" ||
        taxon.id == "geochelone-elegans" || taxon.id == "aonyx-cinereus") {
      // Moved to Appendix I at CoP17 (2016) and CoP18 (2019).
      EXPECT_EQ(taxon.appendix, "I") << taxon.id;
    }
    if (taxon.id == "carcharhinidae") {
      EXPECT_EQ(taxon.appendix, "II");  // CoP19 (2022).
    }
  }
}

TEST_F(CitesCoreTest, FindsObviousOffers) {
  EXPECT_THAT(Taxa("Antique carved ivory bangle, PM for price"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Taxa("出售老象牙手镯，价格私聊", "zh-Hans"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Taxa("Vendo colmillo de marfil tallado, envío a toda España"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Taxa("wholesale rhino horn & bear bile, whatsapp only"),
              ElementsAre("rhinocerotidae", "ursus-thibetanus"));
  EXPECT_THAT(Taxa("Pangolin scales available, min order 5kg, DM me"),
              ElementsAre("manidae"));
  EXPECT_THAT(Taxa("Bán sừng tê giác nguyên chiếc, ib zalo", "vi"),
              ElementsAre("rhinocerotidae"));
  EXPECT_THAT(Taxa("3 netsuke, cow bone, very fine. £200 each"),
              ElementsAre("loxodonta-africana"));
}

TEST_F(CitesCoreTest, SkipsLookAlikes) {
  EXPECT_THAT(Taxa("Ivory Coast stamps 1960s lot, £15"), IsEmpty());
  EXPECT_THAT(Taxa("Lot de timbres de Côte d'Ivoire, prix 25 €"), IsEmpty());
  EXPECT_THAT(Taxa("Ivory satin wedding dress size 10, £350 ono"), IsEmpty());
  EXPECT_THAT(Taxa("Faux ivory piano keytops, full set, £40"), IsEmpty());
  EXPECT_THAT(Taxa("Mammoth ivory carving with papers, for sale, $300"),
              IsEmpty());
  EXPECT_THAT(Taxa("6 jars Tiger Balm red, sealed, £12 each"), IsEmpty());
  EXPECT_THAT(Taxa("Tiger beer crate 24 x 330ml for sale"), IsEmpty());
  EXPECT_THAT(Taxa("Jaguar XF 2.2d for sale, £8,995"), IsEmpty());
  EXPECT_THAT(Taxa("Python programming books bundle, £20"), IsEmpty());
  EXPECT_THAT(Taxa("Bear market or not, I'm still buying"), IsEmpty());
  EXPECT_THAT(Taxa("Customs seized 7 tonnes of pangolin scales for sale "
                   "online"),
              IsEmpty());
  EXPECT_THAT(Taxa("Tortoiseshell kitten, litter trained, £60 rehoming fee"),
              IsEmpty());
  EXPECT_THAT(Taxa("Tortoiseshell rabbit, 10 weeks, £25"), IsEmpty());
  EXPECT_THAT(Taxa("Bearpaw boots, size 5, £30"), IsEmpty());
}

TEST_F(CitesCoreTest, CodeWordsNeedIvoryContext) {
  EXPECT_THAT(Taxa("white gold chopsticks and 2 bangles, DM me"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Taxa("White gold bracelet, 750 hallmark, 12g, £400"), IsEmpty());
  EXPECT_THAT(Taxa("Cow bone chews for big dogs, 20 pack, £10"), IsEmpty());
}

TEST_F(CitesCoreTest, FindsBuyersAndTradeJargon) {
  EXPECT_THAT(Taxa("长期收老象牙手镯，现金", "zh-Hans"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Taxa("印星苗两只 包活", "zh-Hans"),
              ElementsAre("geochelone-elegans"));
  EXPECT_THAT(Taxa("排翅两斤 可小刀", "zh-Hans"),
              ElementsAre("carcharhinidae"));
  EXPECT_THAT(Taxa("ISO Congo grey hen, will pay well"),
              ElementsAre("psittacus-erithacus"));
  EXPECT_THAT(Taxa("Compro cuerno de rino, pago en efectivo", "es"),
              ElementsAre("rhinocerotidae"));
  EXPECT_THAT(Taxa("ขายกำไลนอ ของเก่า", "th"), ElementsAre("rhinocerotidae"));
  EXPECT_THAT(Taxa("有没有人出熊胆的", "zh-Hans"),
              ElementsAre("ursus-thibetanus"));
}

TEST_F(CitesCoreTest, SkipsLookAlikesInChineseAndThai) {
  EXPECT_THAT(Taxa("虎皮兰三盆 出售", "zh-Hans"), IsEmpty());
  EXPECT_THAT(Taxa("海马体证件照 价格优惠", "zh-Hans"), IsEmpty());
  EXPECT_THAT(Taxa("鹤顶红金鱼两条 出售", "zh-Hans"), IsEmpty());
  EXPECT_THAT(Taxa("玳瑁色眼镜框 出售", "zh-Hans"), IsEmpty());
  EXPECT_THAT(Taxa("仿玳瑁梳子 批发", "zh-Hans"), IsEmpty());
  // เสือดาว is the leopard, not the tiger (เสือ).
  EXPECT_THAT(Taxa("ขายเล็บเสือดาว ราคาถูก", "th"),
              ElementsAre("panthera-pardus"));
}

TEST_F(CitesCoreTest, SkipsPricesThatOfferNothing) {
  EXPECT_THAT(Taxa("A survey of 30 pharmacies found rhino horn at $55,000/kg"),
              IsEmpty());
  EXPECT_THAT(Taxa("Hiring: keeper for our arowana shop, salary $1,200"),
              IsEmpty());
  EXPECT_THAT(Taxa("家里的非洲灰拉肚子，宠物医院花了500块", "zh-Hans"),
              IsEmpty());
  EXPECT_THAT(Taxa("Quán đã ngừng bán súp vi cá mập, lẩu cua 200k", "vi"),
              IsEmpty());
  EXPECT_THAT(Taxa("ขายกรงนกแอฟริกันเกรย์ 2,000 บาท", "th"), IsEmpty());
}

TEST_F(CitesCoreTest, SkipsGoodsThatPictureOrStandInForASpecies) {
  EXPECT_THAT(Taxa("Oil painting of two tiger cubs, signed, $250"), IsEmpty());
  EXPECT_THAT(Taxa("Vendo camiseta de pangolín, talla M, 12 €", "es"),
              IsEmpty());
  EXPECT_THAT(Taxa("Shark fin keyring in sterling silver, $18"), IsEmpty());
  EXPECT_THAT(Taxa("海马吊坠 925银 包邮", "zh-Hans"), IsEmpty());
  EXPECT_THAT(Taxa("Herbal substitute for bear bile, 60 capsules, $20"),
              IsEmpty());
  // The product itself is still found.
  EXPECT_THAT(Taxa("Dried shark fin, 2 kg, $300"),
              ElementsAre("carcharhinidae"));
  EXPECT_THAT(Taxa("Dried seahorses, 500g, $150"), ElementsAre("hippocampus"));
}

}  // namespace
}  // namespace wildwatch::rules
