use super::*;
use crate::document::{join_blocks, text_blocks, Document};

/// The claims of one sentence, as [`Claim::brief`] strings.
fn briefs(text: &str) -> Vec<String> {
    let paragraph = Paragraph {
        number: 1,
        page: None,
        text: text.to_string(),
    };
    paragraph_claims(&paragraph, None)
        .iter()
        .map(Claim::brief)
        .collect()
}

fn seed(name: &str) -> Document {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/documents")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("seed text");
    Document {
        path,
        paragraphs: join_blocks(text_blocks(&text)),
    }
}

/// Sentences from the two seed reports, each with its exact claims.
const CASES: &[(&str, &[&str])] = &[
    (
        "元岗社工站共完成探访 522 人次，达成率 104%",
        &["探访 522人次 104%"],
    ),
    (
        "电访 2403 人次，达成率 126%",
        &["电访 2403人次 126%"],
    ),
    (
        "个案接案 18 个，达成率 100%",
        &["个案·接案 18个 100%"],
    ),
    (
        "开展小组 10 个，47 节，服务 694 人次，达成率分别是 100%、118%、347%",
        &["小组 10个 100%", "小组 47节 118%", "小组 694人次 347%"],
    ),
    (
        "开展大型社区活动 8 个,服务 1194 人次,达成率 114%、171%",
        &["大型社区活动 8个 114%", "大型社区活动 1194人次 171%"],
    ),
    (
        "开展中小型社区活动 17 个,服务 618 人次,达成率 100%、72.7%",
        &["中小型社区活动 17个 100%", "中小型社区活动 618人次 72.7%"],
    ),
    (
        "开展恒常服务 162 次,达成率 108%",
        &["恒常服务 162次 108%"],
    ),
    (
        "外展 7 次,服务 168 人次",
        &["外展 7次", "外展 168人次"],
    ),
    (
        "发展志愿者 177 人、志愿者建档 177 份,达成率 118%",
        &["发展志愿者 177人 118%", "志愿者建档 177份 118%"],
    ),
    (
        "开展志愿者通用性培训 2 场,达成率 100%",
        &["志愿者通用性培训 2场 100%"],
    ),
    (
        "开展志愿者活动性培训 16 场,达成率 160%",
        &["志愿者活动性培训 16场 160%"],
    ),
    (
        "新增志愿团队 1 支,达成率 100%",
        &["新增志愿团队 1支 100%"],
    ),
    (
        "维系志愿团队 10 支,达成率 100%",
        &["维系志愿团队 10支 100%"],
    ),
    (
        "资源链接 259907.68 元,达成率 433%。",
        &["资源链接 259907.68元 433%"],
    ),
    (
        "社工站共完成电话访问 3111 个，入户探访 1300 个，分别完成协议指标量的 103.70%、100%",
        &["电话访问 3111个 103.70%", "入户探访 1300个 100%"],
    ),
    (
        "咨询个案结案 40 个，完成协议指标量的 100%",
        &["咨询个案·结案 40个 100%"],
    ),
    (
        "专业个案接案 60 个，服务 332 节，结案 60 个，分别完成协议指标量的 100%、110.67% 和 100%",
        &["专业个案·接案 60个 100%", "专业个案 332节 110.67%", "专业个案·结案 60个 100%"],
    ),
    (
        "完成专业小组 20 个，120 节，服务 708 人次，分别完成协议指标量的 100%、100% 和 103.51%",
        &["专业小组 20个 100%", "专业小组 120节 100%", "专业小组 708人次 103.51%"],
    ),
    (
        "完成大型社区活动 30 次，服务 3713 人次，分别完成协议指标量的 100% 和 123.77%",
        &["大型社区活动 30次 100%", "大型社区活动 3713人次 123.77%"],
    ),
    (
        "完成中小型社区活动 38 次，服务 1561 人次，分别完成协议指标量的 100% 和 120.08%",
        &["中小型社区活动 38次 100%", "中小型社区活动 1561人次 120.08%"],
    ),
    (
        "新登记志愿者 150 名，培育志愿者骨干 30 名，发展志愿者队伍 2 支，分别完成协议指标量的 100%、100% 和 100%。",
        &["新登记志愿者 150名 100%", "培育志愿者骨干 30名 100%", "发展志愿者队伍 2支 100%"],
    ),
    (
        "截至 2024 年 5 月 30 日，社工站平均配备社工 21 名，其中持证社工 17 名（中级社工师资格 3 名，助理社工师资格 14 名），非持证社工 4 名。",
        &["社工 21名", "持证社工 17名", "中级社工师资格 3名", "助理社工师资格 14名", "非持证社工 4名"],
    ),
    (
        "本社工站服务经费为 240 万元，项目合同期为 2023 年 5 月 31 日至 2024 年 5 月 30 日。",
        &["服务经费 2400000元"],
    ),
    (
        "（1）人员配备方面，截至 2024 年 5 月 30 日，社工站总人数 21 人，应到 240 人次，实际到岗 254 人次",
        &["总人数 21人", "应到 240人次", "到岗 254人次"],
    ),
    (
        "其中，持证社工人数 17 人，占社工总人数 85%，从业 2 年及以上的社工 17 人，占社工总人数 85%，持续在岗 16 人，稳岗率 80%",
        &["持证社工·人数 17人 占85%", "从业2年及以上的社工 17人 占85%", "持续在岗 16人", "稳岗率 80%"],
    ),
    (
        "(2) 通过核查系统后台数据和检查志愿者登记信息，社工站，新培育志愿者 230 人和志愿者骨干 31 人。",
        &["新培育志愿者 230人", "志愿者骨干 31人"],
    ),
    (
        "受访服务对象总体满意度为 87.2%，较中期评估有提升。",
        &["受访服务对象总体满意度 87.2%"],
    ),
    (
        "赤岗街社工站位于下渡路侨雅新街 2 号 201，辖内共有 22 个社区，划分为 3 个服务片区。",
        &["社区 22个", "服务片区 3个"],
    ),
    (
        "2024 年 6 月 7 日，广州市社会组织联合会组织 5 位评估专家及 1 名工作人员对海珠区赤岗街社工站展开了末期评估工作。",
        &["评估专家 5位", "工作人员 1名"],
    ),
    (
        "用于人员费用支出 1574373.93 元，占服务总经费的 65.6% 社工站（家综）预算执行率 100.9%。",
        &["用于人员费用支出 1574373.93元 占65.6%", "预算执行率 100.9%"],
    ),
    (
        "用于运营管理费用支出 290918.98 元，占服务总经费的 12.1%；占社工站（家综）预算执行率 80.8%。",
        &["用于运营管理费用支出 290918.98元 占12.1%", "预算执行率 80.8%"],
    ),
    (
        "社工站（家综）2022 年 4 月收到政府购买服务资金 1320000 元，2023 年 4 月收到政府购买服务资金 120000 元，收到政府购买服务资金共 1440000 元。",
        &["收到政府购买服务资金 1320000元", "收到政府购买服务资金 120000元", "收到政府购买服务资金 1440000元"],
    ),
    (
        "3、采购项目预算金额（元）：12,000,000",
        &[],
    ),
    (
        "4、中标服务工时：30184/年",
        &[],
    ),
    (
        "于2018年8月17日就元岗街采购家综服务（440106-201808-102130-0013）采用公开招标进行采购",
        &[],
    ),
    (
        "社工站通过电访、探访、一人一档等服务方式，对辖区内重点对象实现全覆盖",
        &[],
    ),
    (
        "建立了《服务对象家庭信息汇总表》，中期评估后实现了该群体的全覆盖建档",
        &[],
    ),
    (
        "①社工针对社区内 17 类困难群众和特殊群体结合调研完成建档工作，应建档数 458 人，实际建档数 458 人，建档率达 100%。",
        &["应建档数 458人", "建档数 458人", "建档率 100%"],
    ),
    (
        "③毛纺社工点开展 6 个专业个案，通过圆梦计划、政策宣教、情感支持等",
        &["[毛纺社工点]专业个案 6个"],
    ),
    (
        "印发宣传单张200余份，通过社工站公众号发送推文50条，点击量39141次",
        &["印发宣传单张 ~200份", "公众号发送推文 50条", "点击量 39141次"],
    ),
    (
        "经过评估，赤岗街社工站本次末期评估的分数为：83.49，本次末期评估的等级为：良好。",
        &[],
    ),
    (
        "评估期间内入户探访总户数1360户,服务总人数11733人,通过社工专业服务共服务社区居民23793人。",
        &["评估期间内入户探访·户数 1360户", "服务·人数 11733人", "社工专业服务共服务社区居民 23793人"],
    ),
    (
        "建档总户数437户,建档人数1427人",
        &["建档·户数 437户", "建档·人数 1427人"],
    ),
    (
        "已成功运营12年时间，为辖区内的服务对象提供专业的社工服务",
        &[],
    ),
    (
        "社工站平均配备社工二十一名，其中持证社工十七名。",
        &["社工 21名", "持证社工 17名"],
    ),
    (
        "电访２４０３人次，达成率１２６％",
        &["电访 2403人次 126%"],
    ),
    (
        "项目服务采购周期：2023年5月31日至2024年5月30日",
        &[],
    ),
];

/// Sentences in the seeds' manner that name their own district or place.
const SCOPED: &[(&str, &[&str])] = &[
    (
        "全站电访 3111 人次，其中片区1电访 1350 人次，B 片区入户探访 440 个。",
        &[
            "电访 3111人次",
            "[片区1]电访 1350人次",
            "[B片区]入户探访 440个",
        ],
    ),
    (
        "其中片区1电访 1350 人次，入户探访 548 个。",
        &["[片区1]电访 1350人次", "[?]入户探访 548个"],
    ),
    (
        "鹭江居委开展小组 2 个，服务 30 人次。",
        &["[鹭江居委]小组 2个", "[鹭江居委]小组 30人次"],
    ),
];

#[test]
fn a_clause_naming_a_district_or_place_scopes_its_claims() {
    for (sentence, expected) in SCOPED {
        assert_eq!(briefs(sentence), *expected, "{sentence}");
    }
}

#[test]
fn a_sentence_states_the_date_of_its_figures() {
    let paragraph = Paragraph {
        number: 1,
        page: None,
        text: "截至 2024 年 5 月 30 日，社工站平均配备社工 21 名。社工站总人数 21 人。".into(),
    };
    let claims = paragraph_claims(&paragraph, None);
    assert_eq!(claims[0].period, Ymd::new(2024, 5, 30));
    assert_eq!(claims[1].period, None);
}

#[test]
fn seed_sentences_give_exactly_their_claims() {
    assert!(CASES.len() >= 40);
    for (sentence, expected) in CASES {
        assert_eq!(briefs(sentence), *expected, "{sentence}");
    }
}

#[test]
fn quotes_hold_the_number_and_stay_short() {
    let long = "截止至 2022 年 12 月 31 日，在近 11 个月的服务周期中，元岗社工站共完成探访 522 人次，达成率 104%；电访 2403 人次，达成率 126%；个案接案 18 个，达成率 100%；开展小组 10 个，47 节，服务 694 人次，达成率分别是 100%、118%、347%";
    let paragraph = Paragraph {
        number: 33,
        page: None,
        text: long.to_string(),
    };
    let claims = paragraph_claims(&paragraph, None);
    assert_eq!(claims.len(), 6);
    for c in &claims {
        assert!(c.quote.chars().count() <= QUOTE_CHARS, "{}", c.quote);
        let q = c.quantity.as_ref().expect("a count");
        assert!(
            c.quote.contains(&q.value.to_string()),
            "{} in {}",
            q.value,
            c.quote
        );
        assert_eq!(c.paragraph, 33);
    }
}

#[test]
fn a_district_heading_scopes_its_items() {
    let doc = Document {
        path: "r.txt".into(),
        paragraphs: join_blocks(text_blocks(
            "(2) B 片区，该片区范围包括：毛纺、竹园、大江苑、大江涌\n①社工针对困难群众完成建档工作，实际建档数 458 人。\n②该片区 4 个社工点均针对辖区缺乏医疗机构问题。\n（五）服务监测\n新培育志愿者 230 人。",
        )),
    };
    let got: Vec<String> = extract(&doc).iter().map(Claim::brief).collect();
    assert_eq!(
        got,
        [
            "[B片区]建档数 458人",
            "[B片区]社工点 4个",
            "新培育志愿者 230人"
        ]
    );
}

#[test]
fn the_seed_reports_state_the_figures_the_issue_names() {
    let claims = extract(&seed("chigang_2024_report.txt"));
    let all: Vec<String> = claims.iter().map(Claim::brief).collect();
    for wanted in [
        "社工 21名",
        "总人数 21人",
        "新登记志愿者 150名 100%",
        "新培育志愿者 230人",
        "电话访问 3111个 103.70%",
        "入户探访 1300个 100%",
    ] {
        assert!(all.iter().any(|b| b == wanted), "{wanted} not in {all:?}");
    }
    let yuangang = extract(&seed("yuangang_2022_report.txt"));
    // Every figure of 项目实施情况 (one paragraph, broken by a page in the text) is a claim.
    let paragraph = yuangang
        .iter()
        .find(|c| c.indicator == "探访")
        .expect("探访")
        .paragraph;
    assert_eq!(
        yuangang.iter().filter(|c| c.paragraph == paragraph).count(),
        20
    );
}

mod numerals {
    use super::*;
    use proptest::prelude::*;

    fn chinese(n: u32) -> String {
        const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        fn below_10000(n: u32, leading: bool) -> String {
            let mut out = String::new();
            let mut zero = false;
            for (place, name) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
                let d = (n / place) % 10;
                if d == 0 {
                    zero = !out.is_empty();
                    continue;
                }
                if zero {
                    out.push('零');
                    zero = false;
                }
                // 十二, not 一十二, at the start of a number.
                if !(d == 1 && place == 10 && out.is_empty() && leading) {
                    out.push(D[d as usize]);
                }
                out.push_str(name);
            }
            out
        }
        if n >= 10_000 {
            let low = n % 10_000;
            let mut out = below_10000(n / 10_000, true) + "万";
            if low > 0 && low < 1000 {
                out.push('零');
            }
            if low > 0 {
                out.push_str(&below_10000(low, false));
            }
            out
        } else {
            below_10000(n, true)
        }
    }

    fn full_width(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
                _ => c,
            })
            .collect()
    }

    fn value_of(sentence: &str) -> Option<Decimal> {
        let paragraph = Paragraph {
            number: 1,
            page: None,
            text: sentence.to_string(),
        };
        let claims = paragraph_claims(&paragraph, None);
        assert_eq!(claims.len(), 1, "{sentence}: {claims:?}");
        claims[0].quantity.as_ref().map(|q| q.value)
    }

    proptest! {
        /// Any text, however odd its mix of digits, numerals, units and marks, is read without a panic.
        #[test]
        fn any_text_is_read_without_panic(text in "[0-9０-９.,，、；;%％ 万亿一二三四五六七八九十百千零两个人次节名元片区A第年月日分别达成率占（）()①\\n]{0,80}") {
            let paragraph = Paragraph { number: 1, page: None, text };
            for claim in paragraph_claims(&paragraph, None) {
                prop_assert!(claim.quote.chars().count() <= QUOTE_CHARS);
            }
        }

        #[test]
        fn arabic_full_width_and_chinese_numerals_give_the_same_value(n in 1u32..100_000_000) {
            let arabic = format!("新登记志愿者 {n} 名，");
            let wide = format!("新登记志愿者{}名，", full_width(&n.to_string()));
            let han = format!("新登记志愿者{}名，", chinese(n));
            let expected = Some(Decimal::from(n));
            prop_assert_eq!(value_of(&arabic), expected);
            prop_assert_eq!(value_of(&wide), expected);
            prop_assert_eq!(value_of(&han), expected, "{}", han);
        }
    }
}
