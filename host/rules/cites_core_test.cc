// The shipped default rule set (rules/: the generated taxa, the lexicons,
// the curated cites-core.yaml and the standard templates): it loads
// cleanly, finds obvious offers at high severity and leaves the well-known
// look-alikes and talk about the trade alone at every severity.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
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
        {std::string(WILDWATCH_SOURCE_DIR) + "/rules"}, diagnostics_));
  }
  static void TearDownTestSuite() {
    delete set_;
    delete diagnostics_;
  }

  void SetUp() override {
    for (const Diagnostic& d : *diagnostics_) ADD_FAILURE() << d.ToString();
    ASSERT_NE(*set_, nullptr);
  }

  // The taxon ids whose rules hit text at `min` severity or above.
  static std::set<std::string> Taxa(std::string_view text,
                                    std::string_view lang = "",
                                    Severity min = Severity::kLow) {
    std::set<std::string> ids;
    for (const Hit& hit : (*set_)->Match(text, lang)) {
      if (hit.rule->severity >= min) ids.insert(hit.taxon->id);
    }
    return ids;
  }
  // The taxa offered: hits at high severity or above.
  static std::set<std::string> Offers(std::string_view text,
                                      std::string_view lang = "") {
    return Taxa(text, lang, Severity::kHigh);
  }
  // The most severe hit of taxon on text, or nullopt.
  static std::optional<Severity> Tier(std::string_view text,
                                      std::string_view taxon) {
    std::optional<Severity> best;
    for (const Hit& hit : (*set_)->Match(text, "")) {
      if (hit.taxon->id != taxon) continue;
      if (!best || hit.rule->severity > *best) best = hit.rule->severity;
    }
    return best;
  }

  static std::vector<Diagnostic>* diagnostics_;
  static std::shared_ptr<const RuleSet>* set_;
};
std::vector<Diagnostic>* CitesCoreTest::diagnostics_ = nullptr;
std::shared_ptr<const RuleSet>* CitesCoreTest::set_ = nullptr;

TEST_F(CitesCoreTest, LoadsWithRealTaxa) {
  EXPECT_GE((*set_)->taxa().size(), 1000u);
  EXPECT_THAT((*set_)->version(),
              ::testing::StartsWith("cites-appendices+lexicons-"));
  for (const Taxon& taxon : (*set_)->taxa()) {
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
  EXPECT_THAT(Offers("Antique carved ivory bangle, PM for price"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Offers("出售老象牙手镯，价格私聊", "zh-Hans"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Offers("Vendo colmillo de marfil tallado, envío a toda España"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Offers("wholesale rhino horn & bear bile, whatsapp only"),
              ElementsAre("rhinocerotidae", "ursus-thibetanus"));
  EXPECT_THAT(Offers("Pangolin scales available, min order 5kg, DM me"),
              ElementsAre("manidae"));
  EXPECT_THAT(Offers("Bán sừng tê giác nguyên chiếc, ib zalo", "vi"),
              ElementsAre("rhinocerotidae"));
  EXPECT_THAT(Offers("3 netsuke, cow bone, very fine. £200 each"),
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
  EXPECT_THAT(Offers("white gold chopsticks and 2 bangles, DM me"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Taxa("White gold bracelet, 750 hallmark, 12g, £400"), IsEmpty());
  EXPECT_THAT(Taxa("Cow bone chews for big dogs, 20 pack, £10"), IsEmpty());
}

TEST_F(CitesCoreTest, FindsBuyersAndTradeJargon) {
  EXPECT_THAT(Offers("长期收老象牙手镯，现金", "zh-Hans"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Offers("印星苗两只 包活", "zh-Hans"),
              ElementsAre("geochelone-elegans"));
  EXPECT_THAT(Offers("排翅两斤 可小刀", "zh-Hans"),
              ElementsAre("carcharhinidae"));
  EXPECT_THAT(Offers("ISO Congo grey hen, will pay well"),
              ElementsAre("psittacus-erithacus"));
  EXPECT_THAT(Offers("Compro cuerno de rino, pago en efectivo", "es"),
              ElementsAre("rhinocerotidae"));
  EXPECT_THAT(Offers("ขายกำไลนอ ของเก่า", "th"), ElementsAre("rhinocerotidae"));
  EXPECT_THAT(Offers("有没有人出熊胆的", "zh-Hans"),
              ElementsAre("ursus-thibetanus"));
}

TEST_F(CitesCoreTest, SkipsLookAlikesInChineseAndThai) {
  EXPECT_THAT(Taxa("虎皮兰三盆 出售", "zh-Hans"), IsEmpty());
  EXPECT_THAT(Taxa("海马体证件照 价格优惠", "zh-Hans"), IsEmpty());
  EXPECT_THAT(Taxa("鹤顶红金鱼两条 出售", "zh-Hans"), IsEmpty());
  EXPECT_THAT(Taxa("玳瑁色眼镜框 出售", "zh-Hans"), IsEmpty());
  EXPECT_THAT(Taxa("仿玳瑁梳子 批发", "zh-Hans"), IsEmpty());
  // เสือดาว is the leopard, not the tiger (เสือ).
  EXPECT_THAT(Offers("ขายเล็บเสือดาว ราคาถูก", "th"),
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
  EXPECT_THAT(Offers("Dried shark fin, 2 kg, $300"),
              ElementsAre("carcharhinidae"));
  EXPECT_THAT(Offers("Dried seahorses, 500g, $150"),
              ElementsAre("hippocampus"));
}

TEST_F(CitesCoreTest, TiersMeanTheSameForEveryTaxon) {
  EXPECT_EQ(Tier("rhino horn", "rhinocerotidae"), Severity::kMedium);
  EXPECT_EQ(Tier("rhino horn cup, DM for price", "rhinocerotidae"),
            Severity::kHigh);
  EXPECT_EQ(Tier("rhino horn cup, no papers, DM for price", "rhinocerotidae"),
            Severity::kCritical);
  EXPECT_EQ(Tier("tiger claw", "panthera-tigris"), Severity::kMedium);
  EXPECT_EQ(Tier("tiger claw pendant, 19th century, 4 cm", "panthera-tigris"),
            Severity::kHigh);
  EXPECT_EQ(Tier("Customs seized 40 rhino horn cups for sale online",
                 "rhinocerotidae"),
            std::nullopt);
}

TEST_F(CitesCoreTest, FindsOffersInTheNewLanguages) {
  EXPECT_THAT(Offers("Продам браслет из слоновой кости, цена 30 000 руб", "ru"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Offers("للبيع قرن وحيد القرن أصلي، للتواصل واتساب", "ar"),
              ElementsAre("rhinocerotidae"));
  EXPECT_THAT(Offers("象牙の印鑑 販売 送料無料", "ja"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Offers("Inauzwa pembe za ndovu, bei nafuu, piga simu", "sw"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Offers("Satılık fildişi tespih, fiyat 4000 TL", "tr"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Offers("सस्ता कस्तूरी उपलब्ध, संपर्क करें", "hi"),
              ElementsAre("moschus"));
  EXPECT_THAT(Offers("상아 도장 판매합니다, 가격 문의 쪽지", "ko"),
              ElementsAre("loxodonta-africana"));
  EXPECT_THAT(Offers("Sprzedam suszone koniki morskie, wysyłka", "pl"),
              ElementsAre("hippocampus"));
}

TEST_F(CitesCoreTest, SkipsTalkAboutTheTradeInTheNewLanguages) {
  EXPECT_THAT(Taxa("Таможенники изъяли 200 кг слоновой кости", "ru"),
              IsEmpty());
  EXPECT_THAT(Taxa("Fildişi Sahili'nden gelen pullar, fiyat 20 TL", "tr"),
              IsEmpty());
  EXPECT_THAT(Taxa("فستان زفاف لون عاجي للبيع", "ar"), IsEmpty());
  EXPECT_THAT(Taxa("Polisi wamekamatwa pembe za ndovu", "sw"), IsEmpty());
}

}  // namespace
}  // namespace wildwatch::rules
