#!/usr/bin/env python3
"""Generates the matching benchmark's inputs, reproducibly from a seed.

Pattern sets come from the real CITES names in ../shared/data: scientific
names, common names in many languages and scripts, and word-boundary and
alternation patterns shaped like the shipped rules. Every size is a prefix
of one fixed order, so the 1k set is inside the 10k set, which is inside the
50k set. Each set is written three ways:

  patterns-N.txt   one RE2 pattern per line (the regex peers)
  rules-N.yaml     the same patterns as a Wildwatch rule set (docs/rules.md)
  literals-N.txt   lower-cased fixed strings (grep -F, rg -F)

The corpus is synthetic marketplace and chat posts, 100-2,000 bytes each,
in twelve languages and six scripts, about 1% of them carrying a name or
trade phrase of the 1k set (so they hit every set):

  corpus-B.jsonl   canonical JSONL {"id","text","lang"} (docs/post-format.md)
  corpus-B.txt     the texts lower-cased, one post per line (grep, rg)

Outputs already present are kept, so a rerun with the same seed and sizes
costs nothing; each file is written under a temporary name and renamed, so
an interrupted run never leaves a half-written input behind.

Usage: gen_inputs.py --data-dir DIR --out DIR --seed N --corpus-bytes B
                     --sets 1000,10000,50000
"""

import argparse
import csv
import json
import os
import random
import re
import sys

# Patterns the shipped rules use for products rather than names: these lead
# the order, so even the smallest set has them.
TRADE_PATTERNS = [
    (r"\bivory\s+(?:bangle|carving|statue|netsuke|okimono|figurine)s?\b",
     "Loxodonta africana"),
    (r"(?:rhino|rhinoceros)\s+horn", "Ceratotherium simum"),
    (r"\b(?:pangolin|anteater)\s+scales?\b", "Manis temminckii"),
    (r"\btiger\s+(?:bone|skin|claw|tooth|teeth|pelt)s?\b", "Panthera tigris"),
    (r"\b(?:tortoise|turtle)\s*shell\s+(?:comb|bangle|box|frame)s?\b",
     "Eretmochelys imbricata"),
    (r"\b(?:shahtoosh|shatoosh)\s+(?:shawl|scarf)s?\b", "Pantholops hodgsonii"),
    (r"\bbear\s+(?:bile|gall\s*bladder|paw)s?\b", "Ursus thibetanus"),
    (r"\b(?:mammoth|walrus|hippo)\s+ivory\b", "Elephas maximus"),
    (r"\bcorne\s+de\s+rhinoc[ée]ros\b", "Diceros bicornis"),
    (r"\b(?:marfil|elfenbein|avorio)\b", "Loxodonta africana"),
    (r"象牙(?:雕刻|手镯|制品)?", "Elephas maximus"),
    (r"犀(?:牛)?角", "Rhinoceros unicornis"),
    (r"穿山甲(?:鳞片|片)?", "Manis pentadactyla"),
    (r"sừng\s+tê\s+giác", "Dicerorhinus sumatrensis"),
    (r"\bsisik\s+trenggiling\b", "Manis javanica"),
    (r"งาช้าง", "Elephas maximus"),
]

# Product words that follow a name in alternation patterns, per language.
PRODUCTS = {
    "en": ["skin", "skins", "leather", "feather", "feathers", "egg", "eggs",
           "chick", "chicks", "meat", "pelt", "scale", "scales", "bone",
           "skull", "claw", "claws", "for sale", "wanted", "live"],
    "es": ["piel", "pieles", "plumas", "huevos", "carne", "en venta", "vivo"],
    "fr": ["peau", "plumes", "oeufs", "viande", "à vendre", "vivant"],
    "de": ["fell", "federn", "eier", "fleisch", "zu verkaufen", "lebend"],
}

# Everyday marketplace and chat words: the filler of non-matching posts.
# Animal and product words are left out on purpose, so the hit rate is set
# by the planted phrases rather than by chance.
FILLER = {
    "en": """the a and to of for with this that is are was very good new old
        price shipping condition box included offer send message please
        today tomorrow weekend pickup delivery only cash payment paypal bank
        transfer local item items photo photos more details contact me thanks
        great quality original collection vintage antique handmade size
        colour color black white brown small large medium available still
        sold negotiable fixed firm meet city centre near station post office
        seller buyer order fast free return week month year hello everyone
        group members rules admin posted update stock limited""",
    "es": """el la los las de del para con este esta muy bueno nuevo viejo
        precio envío estado caja incluido oferta mensaje por favor hoy
        mañana fin semana recogida entrega solo efectivo pago transferencia
        artículo foto fotos más detalles contacto gracias calidad original
        colección antiguo hecho mano tamaño color negro blanco pequeño
        grande disponible vendido negociable ciudad centro cerca estación""",
    "fr": """le la les des du pour avec ce cette très bon neuf vieux prix
        livraison état boîte inclus offre message merci aujourd'hui demain
        week-end retrait seulement espèces paiement virement article photo
        photos plus détails contact qualité original collection ancien fait
        main taille couleur noir blanc petit grand disponible vendu
        négociable ville centre près gare""",
    "de": """der die das und für mit dieser sehr gut neu alt preis versand
        zustand karton inklusive angebot nachricht bitte heute morgen
        wochenende abholung lieferung nur bar zahlung überweisung artikel
        foto fotos mehr details kontakt danke qualität original sammlung
        antik handgemacht größe farbe schwarz weiß klein groß verfügbar
        verkauft verhandelbar stadt zentrum nähe bahnhof""",
    "pt": """o a os as de do da para com este esta muito bom novo velho preço
        envio estado caixa incluído oferta mensagem por favor hoje amanhã
        fim semana retirada entrega só dinheiro pagamento transferência
        artigo foto fotos mais detalhes contato obrigado qualidade original
        coleção antigo feito mão tamanho cor preto branco pequeno grande
        disponível vendido negociável cidade centro perto estação""",
    "id": """yang dan untuk dengan ini itu sangat bagus baru lama harga
        pengiriman kondisi kotak termasuk tawaran pesan tolong hari besok
        akhir minggu ambil antar hanya tunai pembayaran transfer barang foto
        lebih detail kontak terima kasih kualitas asli koleksi antik buatan
        tangan ukuran warna hitam putih kecil besar tersedia terjual nego
        kota pusat dekat stasiun""",
    "vi": """của và cho với này rất tốt mới cũ giá giao hàng tình trạng hộp
        bao gồm ưu đãi tin nhắn vui lòng hôm nay ngày mai cuối tuần nhận chỉ
        tiền mặt thanh toán chuyển khoản sản phẩm ảnh thêm chi tiết liên hệ
        cảm ơn chất lượng nguyên bản bộ sưu tập đồ cổ thủ công kích thước màu
        đen trắng nhỏ lớn còn đã bán thương lượng thành phố trung tâm gần""",
    "ru": """и в для с этот очень хороший новый старый цена доставка
        состояние коробка включено предложение сообщение пожалуйста сегодня
        завтра выходные самовывоз только наличные оплата перевод товар фото
        подробности контакт спасибо качество оригинал коллекция антиквариат
        ручная работа размер цвет черный белый маленький большой в наличии
        продано торг город центр рядом вокзал""",
    "ar": """في من إلى على مع هذا جدا جيد جديد قديم السعر الشحن الحالة علبة
        عرض رسالة من فضلك اليوم غدا نهاية الأسبوع استلام توصيل فقط نقدا دفع
        تحويل صورة صور تفاصيل تواصل شكرا جودة أصلي مجموعة أثري صناعة يدوية
        مقاس لون أسود أبيض صغير كبير متوفر مباع قابل للتفاوض مدينة وسط قريب""",
    "zh": """的 了 和 是 在 有 这个 非常 好 新 旧 价格 包邮 快递 成色 盒子
        含 优惠 私信 请 今天 明天 周末 自提 送货 只 现金 付款 转账 商品
        照片 更多 详情 联系 谢谢 质量 原装 收藏 古董 手工 尺寸 颜色 黑色
        白色 小号 大号 有货 已售 可议价 城市 市中心 附近 车站""",
    "ja": """の に は を と で この とても 良い 新品 中古 価格 送料 状態 箱
        付属 値下げ メッセージ ください 今日 明日 週末 手渡し 配送 のみ 現金
        支払い 振込 商品 写真 詳細 連絡 ありがとう 品質 オリジナル コレクション
        アンティーク 手作り サイズ 色 黒 白 小さい 大きい 在庫あり 売り切れ
        交渉可 市内 中心 近く 駅""",
    "th": """ของ และ สำหรับ กับ นี้ มาก ดี ใหม่ เก่า ราคา ส่ง สภาพ กล่อง รวม
        ข้อเสนอ ข้อความ กรุณา วันนี้ พรุ่งนี้ สุดสัปดาห์ รับเอง จัดส่ง เท่านั้น
        เงินสด ชำระ โอน สินค้า รูป รายละเอียด ติดต่อ ขอบคุณ คุณภาพ ของแท้
        สะสม โบราณ ทำมือ ขนาด สี ดำ ขาว เล็ก ใหญ่ มีของ ขายแล้ว ต่อรองได้
        เมือง ใจกลาง ใกล้ สถานี""",
}

# Languages written without spaces between words.
UNSPACED = {"zh", "ja", "th"}
# Share of posts per language, roughly the mix of a global monitoring feed.
LANG_WEIGHTS = {"en": 30, "es": 10, "fr": 7, "de": 6, "pt": 6, "id": 6,
                "vi": 7, "ru": 6, "ar": 5, "zh": 9, "ja": 4, "th": 4}
HIT_RATE = 0.01
MIN_POST_BYTES = 100
MAX_POST_BYTES = 2000
# The first this many patterns supply the planted hits: the smallest set.
PLANTED_FROM = 1000

REGEX_SPECIAL = set("\\.^$|?*+()[]{}")


def is_word(ch):
    return ch.isascii() and (ch.isalnum() or ch == "_")


def escape(text):
    """RE2 pattern for text: special characters escaped, runs of spaces as
    \\s+, and \\b on each end whose character is an ASCII word character
    (RE2's \\b is ASCII-only, so it would never match beside a letter such
    as é or 鹰)."""
    out = []
    for word in text.split():
        out.append("".join("\\" + c if c in REGEX_SPECIAL else c for c in word))
    body = r"\s+".join(out)
    if is_word(text[0]):
        body = r"\b" + body
    if is_word(text[-1]):
        body += r"\b"
    return body


def usable_name(name):
    """Whether a common name makes a sensible keyword: not wiki residue, and
    long enough that it is not a fragment of ordinary words."""
    if not name or "[[" in name or "]]" in name or "\n" in name:
        return False
    if any(ord(c) < 32 for c in name):
        return False
    wide = sum(1 for c in name if ord(c) > 0x2E80)
    return wide >= 2 if wide else len(name) >= 5


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "taxon"


class Pattern:
    """One benchmark pattern: its regex, the literals a fixed-string tool
    needs for it, a text that it matches (planted in the corpus), and the
    taxon and rule it belongs to in the rule set."""

    def __init__(self, regex, literals, sample, taxon, rule):
        self.regex = regex
        self.literals = literals
        self.sample = sample
        self.taxon = taxon
        self.rule = rule


def expand_alternation(regex):
    """Literal expansions of a trade pattern: every choice of each
    (?:a|b) group, optional suffixes dropped, \\s+ and \\s* as one space."""
    text = regex.replace(r"\b", "").replace(r"\s+", " ").replace(r"\s*", " ")
    text = re.sub(r"\[([^\]])[^\]]*\]", r"\1", text)  # [ée] -> e
    text = re.sub(r"s\?", "", text)
    text = re.sub(r"\(\?:([^()]*)\)\?", "", text)  # optional groups
    results = [""]
    for part in re.split(r"(\(\?:[^()]*\))", text):
        if part.startswith("(?:"):
            choices = part[3:-1].split("|")
            results = [r + c for r in results for c in choices]
        else:
            results = [r + part for r in results]
    return [re.sub(r"\s+", " ", r).strip().lower() for r in results]


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build_patterns(data_dir, rng):
    """Every candidate pattern, in the fixed order whose prefixes are the
    sets: trade patterns, then CITES-listed names, then the rest."""
    listed = read_csv(os.path.join(data_dir, "cites_appendices_2015-02-05.csv"))
    appendix = {}
    for row in listed:
        if row["rank_hint"] in ("species", "subspecies"):
            appendix.setdefault(row["taxon"], row["appendix"])
    joined = read_csv(os.path.join(data_dir, "cites_appendices_2015_common_names.csv"))
    world = read_csv(os.path.join(data_dir, "species_common_names_wikispecies.csv"))

    seen = set()

    def candidate(regex, literals, sample, taxon, rule):
        key = regex.lower()
        if key in seen:
            return None
        seen.add(key)
        return Pattern(regex, literals, sample, taxon, rule)

    def name_pattern(name, taxon):
        name = " ".join(name.split())
        return candidate(escape(name), [name.lower()], name, taxon, "names")

    def product_pattern(name, lang, taxon):
        name = " ".join(name.split())
        products = rng.sample(PRODUCTS[lang], k=min(4, len(PRODUCTS[lang])))
        alternatives = "|".join(escape(p).replace(r"\b", "") for p in products)
        regex = escape(name).removesuffix(r"\b") + r"\s+(?:" + alternatives + r")\b"
        literals = [f"{name.lower()} {p}" for p in products]
        return candidate(regex, literals, f"{name} {products[0]}", taxon, "trade")

    tiers = [[], [], []]
    for regex, taxon in TRADE_PATTERNS:
        literals = expand_alternation(regex)
        tiers[0].append(candidate(regex, literals, literals[0], taxon, "trade"))
    for sci in sorted(appendix):
        tiers[1].append(name_pattern(sci, sci))
    for row in joined:
        name, sci = row["name"], row["scientific_name"]
        if not usable_name(name):
            continue
        appendix.setdefault(sci, row["appendix"])
        tiers[1].append(name_pattern(name, sci))
        if row["lang"] in PRODUCTS and rng.random() < 0.15:
            tiers[1].append(product_pattern(name, row["lang"], sci))
    species = sorted({row["scientific_name"] for row in world})
    for sci in species:
        if len(sci.split()) >= 2:
            tiers[2].append(name_pattern(sci, sci))
    for row in world:
        name, sci = row["name"], row["scientific_name"]
        if not usable_name(name):
            continue
        tiers[2].append(name_pattern(name, sci))
        if row["lang"] in PRODUCTS and rng.random() < 0.15:
            tiers[2].append(product_pattern(name, row["lang"], sci))

    ordered = []
    for rank, tier in enumerate(tiers):
        tier = [p for p in tier if p is not None]
        if rank > 0:
            rng.shuffle(tier)
        ordered.extend(tier)
    return ordered, appendix


def yaml_quote(text):
    return "'" + text.replace("'", "''") + "'"


def write_atomically(path, write):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        write(f)
    os.replace(tmp, path)


def write_sets(patterns, appendix, sizes, out):
    for n in sizes:
        if n > len(patterns):
            sys.exit(f"gen_inputs: only {len(patterns)} patterns, asked for {n}")
        chosen = patterns[:n]
        suffix = f"{n}"

        def write_list(f, items=chosen):
            for p in items:
                f.write(p.regex + "\n")

        def write_literals(f, items=chosen):
            seen = set()
            for p in items:
                for lit in p.literals:
                    if lit not in seen:
                        seen.add(lit)
                        f.write(lit + "\n")

        def write_yaml(f, items=chosen, n=n):
            # Taxa in first-appearance order, each with a names rule and a
            # trade rule as its patterns need.
            taxa = {}
            for p in items:
                taxa.setdefault(p.taxon, {}).setdefault(p.rule, []).append(p.regex)
            f.write(f"name: bench-{n}\n")
            f.write("taxa:\n")
            for taxon, rules in taxa.items():
                f.write(f"  - id: {slug(taxon)}\n")
                f.write(f"    scientific_name: {yaml_quote(taxon)}\n")
                f.write(f"    appendix: {appendix.get(taxon, 'II')}\n")
                f.write("    rules:\n")
                for rule, regexes in rules.items():
                    f.write(f"      - id: {rule}\n")
                    f.write("        any:\n")
                    for regex in regexes:
                        f.write(f"          - {yaml_quote(regex)}\n")

        for name, write in ((f"patterns-{suffix}.txt", write_list),
                            (f"literals-{suffix}.txt", write_literals),
                            (f"rules-{suffix}.yaml", write_yaml)):
            path = os.path.join(out, name)
            if not os.path.exists(path):
                write_atomically(path, write)


def sentence_pool(rng, lang, count):
    words = FILLER[lang].split()
    joiner = "" if lang in UNSPACED else " "
    pool = []
    for _ in range(count):
        parts = rng.choices(words, k=rng.randint(4, 14))
        roll = rng.random()
        if roll < 0.15:
            parts.append(f"{rng.randint(5, 4000)}{rng.choice(['$', '€', ' USD', ' IDR', '元', '₫'])}")
        elif roll < 0.22:
            parts.append(f"https://shop.example/{rng.randint(1000, 99999)}")
        elif roll < 0.27:
            parts.append(rng.choice(["🙂", "🔥", "👍", "✨", "📦"]))
        text = joiner.join(parts)
        end = "。" if lang in ("zh", "ja") else ("؟" if lang == "ar" and roll > 0.9 else ".")
        pool.append(text[0].upper() + text[1:] + end)
    return pool


def vary_case(rng, text):
    roll = rng.random()
    if roll < 0.6:
        return text
    if roll < 0.85:
        return text.lower()
    return text.upper()


def write_corpus(patterns, seed, total_bytes, out):
    jsonl = os.path.join(out, f"corpus-{total_bytes}.jsonl")
    plain = os.path.join(out, f"corpus-{total_bytes}.txt")
    if os.path.exists(jsonl) and os.path.exists(plain):
        return
    rng = random.Random(seed * 7919 + total_bytes)
    langs = list(LANG_WEIGHTS)
    weights = [LANG_WEIGHTS[l] for l in langs]
    pools = {l: sentence_pool(rng, l, 4000) for l in langs}
    planted = patterns[:PLANTED_FROM]

    def write_both(fj, fp):
        written = 0
        index = 0
        while written < total_bytes:
            lang = rng.choices(langs, weights)[0]
            target = rng.randint(MIN_POST_BYTES, MAX_POST_BYTES)
            sentences = []
            size = 0
            while size < target:
                s = rng.choice(pools[lang])
                if size + len(s.encode()) + 1 > MAX_POST_BYTES and size >= MIN_POST_BYTES:
                    break
                sentences.append(s)
                size += len(s.encode()) + 1
            if rng.random() < HIT_RATE:
                phrase = vary_case(rng, rng.choice(planted).sample)
                sentences.insert(rng.randint(0, len(sentences)), phrase)
            text = " ".join(sentences)
            post = {"id": f"p{index}", "text": text, "lang": lang}
            fj.write(json.dumps(post, ensure_ascii=False) + "\n")
            fp.write(text.lower() + "\n")
            written += len(text.encode())
            index += 1

    tmp_plain = plain + ".tmp"
    with open(tmp_plain, "w", encoding="utf-8", newline="\n") as fp:
        write_atomically(jsonl, lambda fj: write_both(fj, fp))
    os.replace(tmp_plain, plain)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus-bytes", type=int, required=True)
    parser.add_argument("--sets", default="1000,10000,50000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sets.split(",")]
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    patterns, appendix = build_patterns(args.data_dir, rng)
    write_sets(patterns, appendix, sizes, args.out)
    write_corpus(patterns, args.seed, args.corpus_bytes, args.out)


if __name__ == "__main__":
    main()
