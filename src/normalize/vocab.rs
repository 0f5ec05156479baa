//! Flatten and normalize header text, and recognise indicator groups and
//! measures through a synonym dictionary with fuzzy matching for typos.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Header text after NFKC, with whitespace and line breaks removed inside CJK text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// Whether normalization changed anything beyond trimming.
    pub changed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    Target,
    Done,
    Rate,
}

/// How a header word was recognised.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched<T> {
    pub item: T,
    /// 1.0 for an exact synonym; lower for a fuzzy match.
    pub confidence: f32,
    /// The dictionary word it was matched to, when it was a fuzzy match.
    pub typo_of: Option<&'static str>,
}

/// A measure header: its kind and the unit it counts, when it names one
/// ("协议节数" → Target, Some("节数")).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureHeader {
    pub measure: Measure,
    pub unit: Option<&'static str>,
}

/// The canonical indicator groups, in the order of the seed table.
pub const INDICATORS: &[&str] = &[
    "投入社工人数",
    "困难群众和特殊群体建档",
    "电访",
    "入户探访",
    "咨询个案",
    "专业个案",
    "专业小组",
    "大型社区活动",
    "中小型社区活动",
    "新增志愿者",
    "新增志愿者骨干",
    "新增志愿队伍",
    "社区调研",
    "协助街道介入和解决的社区公共问题",
    "社会资源链接",
    "恒常服务",
    "外展",
    "志愿者培训",
];

/// The unit words a measure header can name, as returned by [`match_unit`].
pub const UNITS: &[&str] = &[
    "个数", "节数", "人次", "次数", "接案", "结案", "户数", "人数",
];

/// Other spellings of the indicator groups (the 元岗 report and other stations).
const INDICATOR_SYNONYMS: &[(&str, &str)] = &[
    ("探访", "入户探访"),
    ("入户", "入户探访"),
    ("电话访问", "电访"),
    ("个案", "专业个案"),
    ("个案接案", "专业个案"),
    ("小组", "专业小组"),
    ("开展小组", "专业小组"),
    ("资源链接", "社会资源链接"),
    ("发展志愿者", "新增志愿者"),
    ("新登记志愿者", "新增志愿者"),
    ("培育志愿者骨干", "新增志愿者骨干"),
    ("志愿者骨干", "新增志愿者骨干"),
    ("发展志愿者队伍", "新增志愿队伍"),
    ("新增志愿团队", "新增志愿队伍"),
    ("新增志愿者队伍", "新增志愿队伍"),
    ("建档", "困难群众和特殊群体建档"),
    ("社工人数", "投入社工人数"),
    ("投入社工", "投入社工人数"),
    ("大型活动", "大型社区活动"),
    ("中小型活动", "中小型社区活动"),
    (
        "协助街道介入和解决社区公共问题",
        "协助街道介入和解决的社区公共问题",
    ),
];

/// Measure words with the kind and unit they imply. Within one kind the
/// commonest word comes first so that it is the one a typo is reported against.
const MEASURE_WORDS: &[(&str, Measure, Option<&str>)] = &[
    ("协议量", Measure::Target, None),
    ("协议数", Measure::Target, None),
    ("协议个数", Measure::Target, Some("个数")),
    ("协议节数", Measure::Target, Some("节数")),
    ("协议人次", Measure::Target, Some("人次")),
    ("协议次数", Measure::Target, Some("次数")),
    ("协议接案数", Measure::Target, Some("接案")),
    ("协议结案数", Measure::Target, Some("结案")),
    ("协议户数", Measure::Target, Some("户数")),
    ("协议人数", Measure::Target, Some("人数")),
    ("协议指标", Measure::Target, None),
    ("指标要求", Measure::Target, None),
    ("指标数", Measure::Target, None),
    ("目标值", Measure::Target, None),
    ("目标", Measure::Target, None),
    ("计划数", Measure::Target, None),
    ("合同量", Measure::Target, None),
    ("完成量", Measure::Done, None),
    ("完成数", Measure::Done, None),
    ("完成", Measure::Done, None),
    ("实际完成", Measure::Done, None),
    ("实际完成量", Measure::Done, None),
    ("实际完成数", Measure::Done, None),
    ("完成情况", Measure::Done, None),
    ("已完成", Measure::Done, None),
    ("百分比", Measure::Rate, None),
    ("完成率", Measure::Rate, None),
    ("达成率", Measure::Rate, None),
    ("完成比例", Measure::Rate, None),
    ("完成百分比", Measure::Rate, None),
    ("完成比率", Measure::Rate, None),
    ("比例", Measure::Rate, None),
];

/// Prefixes that, followed by a unit word, make a measure header of their
/// kind ("完成人次", "计划节数").
const MEASURE_PREFIXES: &[(&str, Measure)] = &[
    ("协议", Measure::Target),
    ("指标", Measure::Target),
    ("目标", Measure::Target),
    ("计划", Measure::Target),
    ("合同", Measure::Target),
    ("实际完成", Measure::Done),
    ("已完成", Measure::Done),
    ("完成", Measure::Done),
];

/// Open families of measure words: a word that starts with one of these
/// (协议…, 年度目标…, 实际…, 累计…) or ends in 率 names the role, whatever
/// follows. The families name roles; the table's numbers confirm them.
const TARGET_FAMILIES: &[&str] = &[
    "协议",
    "指标",
    "目标",
    "计划",
    "任务",
    "合同",
    "年度目标",
    "年度指标",
    "全年目标",
    "全年指标",
    "年度任务",
    "预期",
    "应完成",
];
const DONE_FAMILIES: &[&str] = &["完成", "实际", "累计", "已完成", "达成"];

/// The role a word names through its family, with the unit that follows the
/// family word when there is one (计划人次 → Target, 人次).
fn family_measure(word: &str) -> Option<(Measure, Option<&'static str>)> {
    if word.ends_with('率')
        || word.ends_with("百分比")
        || word.ends_with("比例")
        || word.ends_with('%')
    {
        return Some((Measure::Rate, None));
    }
    // What may follow the family word: nothing, a unit, or a word that says
    // "a figure" (量, 数, 值…). "合同期限" or "实际到岗" is no measure.
    let family = |families: &[&str]| {
        let f = families
            .iter()
            .filter(|f| word.starts_with(**f))
            .max_by_key(|f| f.len())?;
        let rest = &word[f.len()..];
        if let Some(unit) = unit_word(rest) {
            return Some(Some(unit));
        }
        let plain = FAMILY_SUFFIXES.contains(&rest) || exact_measure(rest).is_some();
        plain.then_some(None)
    };
    if let Some(unit) = family(DONE_FAMILIES) {
        return Some((Measure::Done, unit));
    }
    family(TARGET_FAMILIES).map(|unit| (Measure::Target, unit))
}

const FAMILY_SUFFIXES: &[&str] = &[
    "", "量", "数", "值", "数量", "数值", "总数", "总量", "要求", "情况", "任务", "指标", "目标",
    "完成", "合计",
];

/// The role a header word names through its family alone, label words
/// included: 指标 under a group header heads its target column.
pub fn family_of(normalized: &str) -> Option<MeasureHeader> {
    let text = compact_cow(normalized);
    let (base, _) = split_trailing_brackets_ref(&text);
    exact_measure(base)
        .or_else(|| family_measure(base))
        .map(|(measure, unit)| MeasureHeader { measure, unit })
}

/// Columns of words, never figures: units, notes, explanations, row numbers.
pub fn is_text_header(normalized: &str) -> bool {
    let text = compact_cow(normalized);
    let (base, _) = split_trailing_brackets_ref(&text);
    [
        "单位",
        "计量单位",
        "备注",
        "说明",
        "序号",
        "编号",
        "备注说明",
        "情况说明",
    ]
    .contains(&base)
        || base.starts_with("备注")
}

/// A sub-total row (一片区小计, 小计): a total of part of the table.
pub fn is_subtotal_label(normalized: &str) -> bool {
    compact_cow(normalized).contains("小计")
}

/// A period column header: 一季度, 第二季度, Q3, 1月, 十二月份, 上半年.
pub fn is_period_word(normalized: &str) -> bool {
    let text = compact_cow(normalized);
    let t = text.strip_prefix('第').unwrap_or(&text);
    let numeral = |s: &str| {
        !s.is_empty()
            && (s.chars().all(|c| c.is_ascii_digit()) && s.len() <= 2
                || s.chars().all(|c| CHINESE_NUMERALS.contains(c)) && s.chars().count() <= 3)
    };
    if let Some(n) = t.strip_suffix("季度").or_else(|| t.strip_suffix('季')) {
        return numeral(n);
    }
    if let Some(n) = t.strip_prefix(['Q', 'q']) {
        return matches!(n, "1" | "2" | "3" | "4");
    }
    if let Some(n) = t.strip_suffix("月份").or_else(|| t.strip_suffix('月')) {
        // "2024年6月" and "6月" alike.
        let n = n.rsplit('年').next().unwrap_or(n);
        // A range of months is a period too: 6-8月, 12月-2月, 6至8月.
        if let Some((from, to)) = n.split_once(['-', '~', '～', '—', '–', '－', '至', '到'])
        {
            return numeral(from.strip_suffix('月').unwrap_or(from)) && numeral(to);
        }
        return numeral(n);
    }
    matches!(t, "上半年" | "下半年")
}

/// The label without its trailing bracketed qualifier, and the qualifier:
/// "大型社区活动（场）" → ("大型社区活动", Some("场")).
pub fn split_qualifier(normalized: &str) -> (String, Option<String>) {
    let text = compact_cow(normalized);
    let (base, groups) = split_trailing_brackets_ref(&text);
    let qualifier = groups.into_iter().rfind(|g| !g.is_empty());
    (base.to_string(), qualifier)
}

/// Characters typed for one another through a pinyin input method or read
/// wrongly from a PDF. Used only to break a tie between fuzzy candidates of
/// different kinds ("完成律" is a distance 1 from both 完成率 and 完成量).
const CONFUSABLE_CHARS: &[&str] = &[
    "量亮谅辆两粮良梁凉",
    "率律绿虑滤氯",
    "议仪义意亿艺异益忆易谊毅",
    "协胁鞋谐携斜邪",
    "数树术书输属述熟署",
    "成城程诚乘承呈称",
    "完玩晚碗弯湾丸",
    "比笔必毕币闭彼",
    "例利力立历丽厉励列",
    "达大答打搭",
    "标表彪镖",
    "指只止纸址旨",
    "目木幕慕牧墓",
    "值直职植执殖",
    "节结接杰洁截捷",
    "次此刺词辞磁慈",
    "案按暗岸安",
    "际计记既季纪继济技",
    "实时石十识食",
    "况矿框狂旷",
    "情请清晴青轻",
    "已以己乙",
    "划化画话华",
    "合和河何核盒",
    "同通童铜统",
    "要药耀腰摇",
    "求球秋救",
    "百白摆佰拜",
    "分份粉纷芬",
    "个各歌哥格",
    "人认任仁入",
    "户互护乎",
    "链连联恋练",
    "档当挡党荡",
    "建见件健间剑",
    "询旬寻循巡",
    "访仿方防放房",
    "调掉吊钓",
    "研言严盐沿",
];

const TOTAL_WORDS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "总体",
    "全站合计",
    "全站总计",
    "全站小计",
    "总合计",
];

const LABEL_HEADERS: &[&str] = &[
    "服务片区",
    "片区",
    "社区",
    "服务社区",
    "服务区域",
    "区域",
    "协议内容",
    "服务内容",
    "指标",
    "指标名称",
    "指标内容",
    "服务指标",
    "项目",
    "服务项目",
    "项目名称",
];

pub fn normalize(raw: &str) -> Normalized {
    let trimmed = raw.trim();
    // Most cells (figures typed as text, plain headers) are already normal:
    // NFKC leaves them as they are and there is no space to collapse. This
    // check is exact, and it spares a big sheet two NFKC passes per cell.
    if is_already_normal(trimmed) {
        return Normalized {
            text: trimmed.to_string(),
            changed: false,
        };
    }
    // Removing a space can bring together characters that NFKC composes, and
    // NFKC can produce spaces; repeating until nothing changes keeps
    // normalize idempotent.
    let mut text = normalize_pass(trimmed);
    for _ in 0..8 {
        let next = normalize_pass(&text);
        if next == text {
            break;
        }
        text = next;
    }
    let changed = text != trimmed;
    Normalized { text, changed }
}

fn is_already_normal(s: &str) -> bool {
    // Printable ASCII without spaces ("104.02%", "1350") and CJK unified
    // ideographs (no decomposition, never composed) are NFKC as they stand.
    if s.chars()
        .all(|c| c.is_ascii_graphic() || ('\u{4E00}'..='\u{9FFF}').contains(&c))
    {
        return true;
    }
    !s.chars().any(|c| c.is_whitespace() || is_invisible(c))
        && unicode_normalization::is_nfkc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
}

fn normalize_pass(s: &str) -> String {
    let nfkc: String = s.nfkc().filter(|c| !is_invisible(*c)).collect();
    collapse_whitespace(&nfkc)
}

/// Zero-width characters pasted along with PDF text; they carry no meaning
/// in a header and would defeat exact matching.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

fn collapse_whitespace(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_whitespace() {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let prev = start.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i).copied();
        // Chinese text has no word spaces, so any space touching a CJK
        // character is an artefact of wrapping or PDF extraction.
        if let (Some(p), Some(n)) = (prev, next) {
            if !is_cjk(p) && !is_cjk(n) {
                out.push(' ');
            }
        }
    }
    out
}

/// Han ideographs, CJK punctuation, kana and the like. Hangul is left out:
/// it uses spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'
        | '\u{3001}'..='\u{303F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3100}'..='\u{312F}'
        | '\u{31C0}'..='\u{31EF}'
        | '\u{3200}'..='\u{32FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Normalized text with every space removed: the form dictionary words,
/// names and district forms are compared in, since a space inside them is
/// never meaningful.
pub fn compact(s: &str) -> String {
    compact_cow(s).into_owned()
}

/// [`compact`], borrowing the text when it is already compact (normal, no
/// space anywhere): the form every header and label predicate starts from,
/// called on texts the locate stage has normalized already.
pub fn compact_cow(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_whitespace) && is_already_normal(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        normalize(s)
            .text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
    )
}

/// The bracket pairs header and name text uses (after NFKC, so full-width
/// forms have become these).
const BRACKETS: [(char, char); 5] = [
    ('(', ')'),
    ('[', ']'),
    ('【', '】'),
    ('〔', '〕'),
    ('〈', '〉'),
];

fn open_of(close: char) -> Option<char> {
    BRACKETS.iter().find(|(_, c)| *c == close).map(|(o, _)| *o)
}

/// The closing bracket of an opening one.
pub fn closing_of(open: char) -> Option<char> {
    BRACKETS.iter().find(|(o, _)| *o == open).map(|(_, c)| *c)
}

/// Splits trailing bracket groups off: "社会资源链接(元)" → ("社会资源链接",
/// ["元"]). Groups are returned innermost-last as they appear.
fn split_trailing_brackets(s: &str) -> (String, Vec<String>) {
    let (base, groups) = split_trailing_brackets_ref(s);
    (base.to_string(), groups)
}

/// [`split_trailing_brackets`] with the base borrowed from `s`: no bracket
/// group at the end (most labels) costs no allocation.
fn split_trailing_brackets_ref(s: &str) -> (&str, Vec<String>) {
    let mut base = s.trim_end();
    let mut groups = Vec::new();
    while let Some(close) = base.chars().last() {
        let Some(open) = open_of(close) else { break };
        let body = &base[..base.len() - close.len_utf8()];
        let Some(pos) = body.rfind(open) else { break };
        groups.insert(0, body[pos + open.len_utf8()..].trim().to_string());
        base = body[..pos].trim_end();
    }
    (base, groups)
}

const CHINESE_NUMERALS: &str = "一二三四五六七八九十";

/// Removes leading list numbering ("1." "1、" "(1)" "一、" "(一)") and
/// trailing bracketed units or notes ("(元)" "(个)"), so that a decorated
/// header compares equal to its dictionary word.
pub fn strip_numbering_and_units(s: &str) -> String {
    let text = normalize(s).text;
    let rest = strip_leading_numbering(&text);
    let (base, _) = split_trailing_brackets(rest);
    base.trim_end_matches([':', '：']).trim().to_string()
}

fn strip_leading_numbering(s: &str) -> &str {
    let s = s.trim_start();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let is_num = |c: char| c.is_ascii_digit() || CHINESE_NUMERALS.contains(c);
    // "(1)" / "(一)"
    if let Some(&(_, '(')) = chars.first() {
        let mut j = 1;
        while j < chars.len() && j <= 4 && is_num(chars[j].1) {
            j += 1;
        }
        if j > 1 && j < chars.len() && chars[j].1 == ')' {
            let end = chars.get(j + 1).map_or(s.len(), |&(b, _)| b);
            return s[end..].trim_start();
        }
        return s;
    }
    let digits = chars.iter().take_while(|(_, c)| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits) {
        match chars.get(digits).map(|&(_, c)| c) {
            Some('.' | '、' | ')' | ':' | ',' | '．') => {
                let end = chars.get(digits + 1).map_or(s.len(), |&(b, _)| b);
                return s[end..].trim_start();
            }
            // "1电访" (from "①电访" after NFKC), but not a date ("2023年").
            Some(c) if is_cjk(c) && !"年月日号".contains(c) => {
                return s[chars[digits].0..].trim_start();
            }
            _ => return s,
        }
    }
    let han = chars
        .iter()
        .take_while(|(_, c)| CHINESE_NUMERALS.contains(*c))
        .count();
    if (1..=3).contains(&han) {
        if let Some(&(_, '、' | '.' | '．')) = chars.get(han) {
            let end = chars.get(han + 1).map_or(s.len(), |&(b, _)| b);
            return s[end..].trim_start();
        }
    }
    s
}

fn exact_measure(word: &str) -> Option<(Measure, Option<&'static str>)> {
    if let Some(&(_, m, u)) = MEASURE_WORDS.iter().find(|(w, _, _)| *w == word) {
        return Some((m, u));
    }
    for &(prefix, m) in MEASURE_PREFIXES {
        if let Some(rest) = word.strip_prefix(prefix) {
            if let Some(u) = unit_word(rest) {
                return Some((m, Some(u)));
            }
        }
    }
    // A unit written before the measure word: 接案目标值, 节数指标数, 结案协议数.
    for unit in UNITS {
        if let Some(rest) = word.strip_prefix(unit) {
            if let Some(&(_, m, None)) = MEASURE_WORDS.iter().find(|(w, _, _)| *w == rest) {
                return Some((m, Some(unit)));
            }
        }
    }
    None
}

/// A unit as written after a measure prefix or inside brackets, in its
/// long or short form ("接案数", "节").
#[cfg(test)]
mod unit_first_tests {
    use super::*;

    #[test]
    fn a_unit_before_the_measure_word_names_the_unit() {
        for (text, measure, unit) in [
            ("接案目标值", Measure::Target, "接案"),
            ("节数指标数", Measure::Target, "节数"),
            ("结案协议数", Measure::Target, "结案"),
            ("人次完成量", Measure::Done, "人次"),
        ] {
            let m = match_measure(text).map(|m| m.item);
            assert_eq!(
                m,
                Some(MeasureHeader {
                    measure,
                    unit: Some(unit)
                }),
                "{text}"
            );
        }
    }
}

fn unit_word(s: &str) -> Option<&'static str> {
    if let Some(u) = UNITS.iter().find(|u| **u == s) {
        return Some(u);
    }
    Some(match s {
        "接案数" => "接案",
        "结案数" => "结案",
        "个" => "个数",
        "节" => "节数",
        "次" => "次数",
        "户" => "户数",
        "人" => "人数",
        _ => return None,
    })
}

fn chars_confusable(a: char, b: char) -> bool {
    CONFUSABLE_CHARS
        .iter()
        .any(|g| g.contains(a) && g.contains(b))
}

/// Whether two strings of equal length differ in one character, and that
/// pair is a known pinyin or glyph confusion.
fn confusable_substitution(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() != b.len() {
        return false;
    }
    let diffs: Vec<(char, char)> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (*x, *y))
        .collect();
    matches!(diffs.as_slice(), [(x, y)] if chars_confusable(*x, *y))
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Every measure, indicator and synonym word is Chinese: a text with no CJK
/// character ("104.02%", a figure typed as text) is at least a whole word away
/// from each, beyond any typo threshold, so it matches none and is rejected
/// before any normalizing or edit distance.
fn cannot_be_a_word(text: &str) -> bool {
    !text.chars().any(is_cjk)
}

pub fn match_measure(normalized: &str) -> Option<Matched<MeasureHeader>> {
    // A bare "(%)" or "%" heads a rate column.
    if matches!(normalized.trim(), "(%)" | "%" | "[%]") {
        return Some(Matched {
            item: MeasureHeader {
                measure: Measure::Rate,
                unit: None,
            },
            confidence: 1.0,
            typo_of: None,
        });
    }
    if cannot_be_a_word(normalized) {
        return None;
    }
    let text = compact_cow(normalized);
    let (base, groups) = split_trailing_brackets_ref(&text);
    if base.is_empty() {
        return None;
    }
    // A percent sign in brackets is a rate's unit, whatever the word before it
    // (电访完成进度（%）).
    if groups.iter().any(|g| matches!(g.trim(), "%" | "％")) {
        return Some(Matched {
            item: MeasureHeader {
                measure: Measure::Rate,
                unit: None,
            },
            confidence: 1.0,
            typo_of: None,
        });
    }
    let bracket_unit = groups.iter().find_map(|g| unit_word(g));
    let base_len = char_len(base);
    let header = |measure, unit: Option<&'static str>| MeasureHeader {
        measure,
        unit: unit.or(bracket_unit),
    };
    if let Some((m, u)) = exact_measure(base) {
        return Some(Matched {
            item: header(m, u),
            confidence: 1.0,
            typo_of: None,
        });
    }
    // A label header or group name one character from a measure word
    // (指标 / 指标数) must stay what it is.
    if is_label_header(base) || is_total_label(base) || exact_indicator(base).is_some() {
        return None;
    }
    if let Some((m, u)) = family_measure(base) {
        return Some(Matched {
            item: header(m, u),
            confidence: 1.0,
            typo_of: None,
        });
    }
    let candidates: Vec<&(&str, Measure, Option<&str>)> = MEASURE_WORDS
        .iter()
        // A length difference of more than one rules out distance one without computing it.
        .filter(|(w, _, _)| char_len(w) >= 3 && char_len(w).abs_diff(base_len) <= 1)
        .filter(|(w, _, _)| strsim::levenshtein(base, w) == 1)
        // A known word with something added (完成量数) is another word, not a
        // misspelling: a typo replaces or drops a character.
        .filter(|(w, _, _)| base_len <= char_len(w) && !w.contains(base))
        .filter(|(w, _, _)| base_len < char_len(w) || confusable_substitution(base, w))
        .collect();
    let distinct = |cands: &[&(&str, Measure, Option<&str>)]| {
        let mut kinds: Vec<(Measure, Option<&str>)> = cands.iter().map(|c| (c.1, c.2)).collect();
        kinds.sort();
        kinds.dedup();
        kinds.len()
    };
    let confusable: Vec<&(&str, Measure, Option<&str>)> = candidates
        .iter()
        .copied()
        .filter(|(w, _, _)| confusable_substitution(base, w))
        .collect();
    let chosen = if !candidates.is_empty() && distinct(&candidates) == 1 {
        confusable.first().or(candidates.first()).copied()
    } else if !confusable.is_empty() && distinct(&confusable) == 1 {
        confusable.first().copied()
    } else {
        None
    }?;
    let (word, m, u) = *chosen;
    let mut confidence = 1.0 - 1.0 / char_len(word) as f32;
    if confusable_substitution(base, word) {
        confidence = (confidence + 0.15).min(0.95);
    }
    Some(Matched {
        item: header(m, u),
        confidence,
        typo_of: Some(word),
    })
}

fn exact_indicator(word: &str) -> Option<&'static str> {
    if let Some(c) = INDICATORS.iter().find(|c| **c == word) {
        return Some(c);
    }
    INDICATOR_SYNONYMS
        .iter()
        .find(|(s, _)| *s == word)
        .map(|(_, c)| *c)
}

/// A typo is one character: a longer name is another indicator, not a typo.
fn indicator_threshold(len: usize) -> usize {
    match len {
        0..=2 => 0,
        _ => 1,
    }
}

pub fn match_indicator(normalized: &str) -> Option<Matched<&'static str>> {
    if cannot_be_a_word(normalized) {
        return None;
    }
    let base: String = strip_numbering_and_units(normalized)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if base.is_empty() {
        return None;
    }
    if let Some(c) = exact_indicator(&base) {
        return Some(Matched {
            item: c,
            confidence: 1.0,
            typo_of: None,
        });
    }
    if is_label_header(&base) || is_total_label(&base) || exact_measure(&base).is_some() {
        return None;
    }
    let base_len = char_len(&base);
    let keys = INDICATORS
        .iter()
        .map(|c| (*c, *c))
        .chain(INDICATOR_SYNONYMS.iter().copied());
    let mut best: Option<usize> = None;
    let mut found: Vec<(&'static str, &'static str, usize)> = Vec::new();
    for (key, canonical) in keys {
        let threshold = indicator_threshold(char_len(key));
        // The distance is at least the difference in length.
        if threshold == 0 || char_len(key).abs_diff(base_len) > threshold {
            continue;
        }
        let d = strsim::levenshtein(&base, key);
        if d == 0 || d > threshold {
            continue;
        }
        // A known name with something added or dropped (大型社区活动场次,
        // 志愿者) names something else, not a misspelling of it; and a
        // character replaced by one nobody confuses with it (社区调查 for
        // 社区调研) is another word.
        if base_len > char_len(key) || key.contains(base.as_str()) {
            continue;
        }
        if base_len == char_len(key) && !confusable_substitution(&base, key) {
            continue;
        }
        match best {
            Some(b) if d > b => continue,
            Some(b) if d < b => found.clear(),
            _ => {}
        }
        best = Some(d);
        found.push((key, canonical, d));
    }
    let (key, canonical, d) = *found.first()?;
    if found.iter().any(|(_, c, _)| *c != canonical) {
        return None;
    }
    Some(Matched {
        item: canonical,
        confidence: 1.0 - d as f32 / char_len(key) as f32,
        typo_of: Some(key),
    })
}

pub fn match_unit(normalized: &str) -> Option<&'static str> {
    let text = compact(normalized);
    let chars: Vec<char> = text.chars().collect();
    // The earliest unit word wins: "人次数" counts 人次, not 次数.
    for w in chars.windows(2) {
        let pair: String = w.iter().collect();
        if let Some(u) = UNITS.iter().find(|u| **u == pair) {
            return Some(u);
        }
    }
    let (_, groups) = split_trailing_brackets(&text);
    groups.iter().find_map(|g| unit_word(g))
}

pub fn is_total_label(normalized: &str) -> bool {
    let text = compact_cow(normalized);
    let (base, _) = split_trailing_brackets_ref(&text);
    let base = base.trim_end_matches([':', '：']);
    if TOTAL_WORDS.contains(&base) {
        return true;
    }
    // "片区合计", the roster's "…等情况总计" and "…人次数小计" are summary
    // rows too; 总体 only counts on its own, since 总体服务 heads a section.
    ["合计", "总计", "小计"].iter().any(|w| base.ends_with(w))
}

pub fn is_label_header(normalized: &str) -> bool {
    let text = compact_cow(normalized);
    let base = text.trim_end_matches([':', '：']);
    LABEL_HEADERS.contains(&base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn n(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn a_bracketed_percent_sign_makes_a_rate() {
        // One header row: indicator, unit and rate word run together.
        for text in [
            "专业个案接案(个)完成进度(%)",
            "新增志愿者(人)完成进度（％）",
            "电访进度(%)",
        ] {
            let m = match_measure(&n(text)).map(|m| m.item.measure);
            assert_eq!(m, Some(Measure::Rate), "{text}");
        }
    }

    #[test]
    fn normalize_removes_spaces_inside_cjk() {
        assert_eq!(n("投入社工人 数"), "投入社工人数");
        assert_eq!(n("困难群众\n和特殊群体建档"), "困难群众和特殊群体建档");
        assert_eq!(n("困难群众 \r\n 和特殊群体建档"), "困难群众和特殊群体建档");
        assert_eq!(n("协议 个数"), "协议个数");
        assert_eq!(
            n("协助街道介入和解决 的社区公共问题"),
            "协助街道介入和解决的社区公共问题"
        );
        assert_eq!(n("社区\u{3000}调研"), "社区调研");
    }

    #[test]
    fn normalize_collapses_other_whitespace_and_trims() {
        assert_eq!(n("  Total   count \t x "), "Total count x");
        assert_eq!(n("片区1  (下渡、江景等 社区)"), "片区1 (下渡、江景等社区)");
        assert_eq!(n("完成量 (人次)"), "完成量(人次)");
    }

    #[test]
    fn normalize_folds_full_width() {
        assert_eq!(n("完成量（人次）"), "完成量(人次)");
        assert_eq!(n("片区１"), "片区1");
        assert_eq!(n("Ａ片区"), "A片区");
        assert_eq!(n("社会资源链接（元）"), "社会资源链接(元)");
        assert_eq!(n("电\u{200B}访"), "电访");
    }

    #[test]
    fn normalize_reports_changes() {
        assert!(!normalize("协议量").changed);
        assert!(
            !normalize("  协议量 ").changed,
            "trimming alone is no change"
        );
        assert!(normalize("协议 量").changed);
        assert!(normalize("协议量（节）").changed);
        assert!(normalize("a  b").changed);
        assert!(!normalize("a b").changed);
        assert_eq!(
            normalize(""),
            Normalized {
                text: String::new(),
                changed: false
            }
        );
    }

    fn measure(s: &str) -> Option<(Measure, Option<&'static str>, f32, Option<&'static str>)> {
        match_measure(&n(s)).map(|m| (m.item.measure, m.item.unit, m.confidence, m.typo_of))
    }

    #[test]
    fn measure_exact_targets() {
        for w in [
            "协议量",
            "协议数",
            "指标要求",
            "指标数",
            "目标值",
            "目标",
            "计划数",
            "合同量",
        ] {
            assert_eq!(measure(w), Some((Measure::Target, None, 1.0, None)), "{w}");
        }
        let units = [
            ("协议个数", "个数"),
            ("协议 个数", "个数"),
            ("协议节数", "节数"),
            ("协议人次", "人次"),
            ("协议次数", "次数"),
            ("协议接案数", "接案"),
            ("协议结案数", "结案"),
        ];
        for (w, u) in units {
            assert_eq!(
                measure(w),
                Some((Measure::Target, Some(u), 1.0, None)),
                "{w}"
            );
        }
    }

    #[test]
    fn measure_exact_done_and_rate() {
        for w in [
            "完成量",
            "完成数",
            "实际完成",
            "完成情况",
            "实际完成量",
            "已完成",
        ] {
            assert_eq!(measure(w), Some((Measure::Done, None, 1.0, None)), "{w}");
        }
        for w in [
            "百分比",
            "完成率",
            "达成率",
            "完成比例",
            "完成百分比",
            "比例",
        ] {
            assert_eq!(measure(w), Some((Measure::Rate, None, 1.0, None)), "{w}");
        }
        assert_eq!(measure("百分比(%)"), Some((Measure::Rate, None, 1.0, None)));
    }

    #[test]
    fn measure_units_in_brackets_and_compounds() {
        assert_eq!(
            measure("完成量(人次)"),
            Some((Measure::Done, Some("人次"), 1.0, None))
        );
        assert_eq!(
            measure("完成量（人次）"),
            Some((Measure::Done, Some("人次"), 1.0, None))
        );
        assert_eq!(
            measure("协议量（节）"),
            Some((Measure::Target, Some("节数"), 1.0, None))
        );
        assert_eq!(
            measure("协议量(个)"),
            Some((Measure::Target, Some("个数"), 1.0, None))
        );
        assert_eq!(
            measure("完成人次"),
            Some((Measure::Done, Some("人次"), 1.0, None))
        );
        assert_eq!(
            measure("计划节数"),
            Some((Measure::Target, Some("节数"), 1.0, None))
        );
        assert_eq!(
            measure("协议量(元)"),
            Some((Measure::Target, None, 1.0, None))
        );
    }

    #[test]
    fn measure_typos() {
        let (m, u, c, t) = measure("完成亮").expect("完成亮");
        assert_eq!((m, u, t), (Measure::Done, None, Some("完成量")));
        assert!(c < 1.0 && c > 0.5, "{c}");
        let (m, _, c, t) = measure("协仪量").expect("协仪量");
        assert_eq!((m, t), (Measure::Target, Some("协议量")));
        assert!(c < 1.0);
        let (m, _, c, t) = measure("完成律").expect("完成律");
        assert_eq!((m, t), (Measure::Rate, Some("完成率")));
        assert!(c < 1.0);
        let (m, u, _, t) = measure("协议结数").expect("协议结数");
        assert_eq!((m, u, t), (Measure::Target, Some("节数"), Some("协议节数")));
        let (m, _, _, t) = measure("百分必").expect("百分必");
        assert_eq!((m, t), (Measure::Rate, Some("百分比")));
    }

    #[test]
    fn measure_rejects_ambiguous_far_and_group_names() {
        // One character from 完成量/完成数 (done) and 完成率 (rate), no known confusion.
        assert_eq!(measure("完成X"), None);
        // One character from 协议量, but 计/议 is no known confusion: not a typo.
        assert_eq!(measure("协计量"), None);
        // 节/结/接 all sound alike: 协议结案数 or 协议接案数.
        assert_eq!(measure("协议节案数"), None);
        assert_eq!(measure("完全不同"), None);
        assert_eq!(measure("电访"), None);
        assert_eq!(measure("入户探访"), None);
        assert_eq!(measure("专业小组"), None);
        assert_eq!(measure("指标"), None, "a label header, not 指标数");
        assert_eq!(measure("协议内容"), None);
        assert_eq!(measure("合计"), None);
        assert_eq!(measure(""), None);
        assert_eq!(measure("(人次)"), None);
        assert_eq!(measure("序号"), None);
        assert_eq!(measure("合同期限"), None);
    }

    #[test]
    fn measure_families_name_roles_beyond_the_list() {
        for (w, m) in [
            ("年度目标", Measure::Target),
            ("任务数", Measure::Target),
            ("全年指标", Measure::Target),
            ("计划完成数", Measure::Target),
            ("累计", Measure::Done),
            ("累计完成", Measure::Done),
            ("实际数", Measure::Done),
            ("达成量", Measure::Done),
            ("执行率", Measure::Rate),
            ("完成比例(%)", Measure::Rate),
            ("(%)", Measure::Rate),
        ] {
            assert_eq!(measure(w).map(|x| x.0), Some(m), "{w}");
            assert_eq!(measure(w).and_then(|x| x.3), None, "{w} is no typo");
        }
        // A family word followed by something other than a figure word names no role.
        for w in ["合同期限", "实际到岗", "指标完成情况统计表", "完成量数"] {
            assert_eq!(measure(w), None, "{w}");
        }
        assert_eq!(family_of("指标").map(|h| h.measure), Some(Measure::Target));
    }

    #[test]
    fn period_words() {
        for w in [
            "一季度",
            "第二季度",
            "Q3",
            "q4",
            "1月",
            "12月",
            "十二月份",
            "2024年6月",
            "上半年",
            "6-8月",
            "12月-2月",
            "9～11月",
            "6至8月",
        ] {
            assert!(is_period_word(&n(w)), "{w}");
        }
        for w in [
            "季度", "Q5", "累计", "月", "2024年", "电访", "-8月", "6-月", "a-b月",
        ] {
            assert!(!is_period_word(&n(w)), "{w}");
        }
    }

    fn indicator(s: &str) -> Option<(&'static str, f32, Option<&'static str>)> {
        match_indicator(&n(s)).map(|m| (m.item, m.confidence, m.typo_of))
    }

    #[test]
    fn indicator_canonical_names_and_seed_headers() {
        for c in INDICATORS {
            assert_eq!(indicator(c), Some((*c, 1.0, None)), "{c}");
        }
        assert_eq!(
            indicator("投入社工人 数"),
            Some(("投入社工人数", 1.0, None))
        );
        assert_eq!(
            indicator("困难群众 和特殊群体建档"),
            Some(("困难群众和特殊群体建档", 1.0, None))
        );
        assert_eq!(
            indicator("协助街道介入和解决 的社区公共问题"),
            Some(("协助街道介入和解决的社区公共问题", 1.0, None))
        );
    }

    #[test]
    fn indicator_synonyms() {
        let cases = [
            ("探访", "入户探访"),
            ("电话访问", "电访"),
            ("个案", "专业个案"),
            ("个案接案", "专业个案"),
            ("小组", "专业小组"),
            ("开展小组", "专业小组"),
            ("资源链接", "社会资源链接"),
            ("发展志愿者", "新增志愿者"),
            ("新登记志愿者", "新增志愿者"),
            ("培育志愿者骨干", "新增志愿者骨干"),
            ("发展志愿者队伍", "新增志愿队伍"),
            ("新增志愿团队", "新增志愿队伍"),
            ("建档", "困难群众和特殊群体建档"),
            ("社工人数", "投入社工人数"),
            ("投入社工", "投入社工人数"),
            ("恒常服务", "恒常服务"),
            ("外展", "外展"),
            ("志愿者培训", "志愿者培训"),
        ];
        for (w, c) in cases {
            assert_eq!(indicator(w), Some((c, 1.0, None)), "{w}");
        }
    }

    #[test]
    fn indicator_decorations_stripped() {
        let cases = [
            ("社会资源链接(元)", "社会资源链接"),
            ("社会资源链接（元）", "社会资源链接"),
            ("专业小组(个)", "专业小组"),
            ("1.电访", "电访"),
            ("1、电访", "电访"),
            ("(1)电访", "电访"),
            ("（1）电访", "电访"),
            ("一、入户探访", "入户探访"),
            ("(二)咨询个案", "咨询个案"),
            ("①电访", "电访"),
            ("12. 社区调研", "社区调研"),
            ("社区调研:", "社区调研"),
        ];
        for (w, c) in cases {
            assert_eq!(indicator(w), Some((c, 1.0, None)), "{w}");
        }
    }

    #[test]
    fn indicator_typos() {
        let (c, conf, t) = indicator("咨询个按").expect("咨询个按");
        assert_eq!((c, t), ("咨询个案", Some("咨询个案")));
        assert!(conf < 1.0);
        let (c, _, t) = indicator("社会资源连接").expect("社会资源连接");
        assert_eq!((c, t), ("社会资源链接", Some("社会资源链接")));
        // Two characters off is another name, not a typo (issue 8).
        assert_eq!(indicator("困难群众和特殊群体见当"), None);
        let (c, conf, _) = indicator("困难群众和特殊群体见档").expect("one typo");
        assert_eq!(c, "困难群众和特殊群体建档");
        assert!(conf < 1.0);
        // A known name with its unit or a longer name is no typo.
        assert_eq!(indicator("大型社区活动场"), None);
        assert_eq!(indicator("新增志愿者们"), None);
        // One character off, but not one anybody confuses: another name.
        assert_eq!(indicator("社区调查"), None);
        let (c, _, t) = indicator("资源连接").expect("资源连接");
        assert_eq!((c, t), ("社会资源链接", Some("资源链接")));
    }

    #[test]
    fn indicator_rejects() {
        assert_eq!(indicator("总体服务"), None);
        assert_eq!(indicator("总体服务 志愿者"), None);
        assert_eq!(indicator("服务片区"), None);
        assert_eq!(indicator("协议量"), None);
        assert_eq!(indicator("合计"), None);
        // Two characters off a four-character name is too far.
        assert_eq!(indicator("咨询小案件"), None);
        // Short names are exact only.
        assert_eq!(indicator("电话"), None);
        // Equally close to 新增志愿者 and 新增志愿者骨干.
        assert_eq!(indicator("新增志愿者骨"), None);
        assert_eq!(indicator("2023年电访"), None);
        assert_eq!(indicator(""), None);
    }

    #[test]
    fn units() {
        let cases = [
            ("协议个数", Some("个数")),
            ("协议节数", Some("节数")),
            ("协议人次", Some("人次")),
            ("协议次数", Some("次数")),
            ("协议接案数", Some("接案")),
            ("协议结案数", Some("结案")),
            ("建档户数", Some("户数")),
            ("服务人数", Some("人数")),
            ("完成量(人次)", Some("人次")),
            ("协议量（节）", Some("节数")),
            ("社工有收入人次数小计", Some("人次")),
            ("协议量", None),
            ("完成数", None),
            ("百分比", None),
            ("社会资源链接(元)", None),
        ];
        for (w, u) in cases {
            assert_eq!(match_unit(&n(w)), u, "{w}");
        }
    }

    #[test]
    fn total_labels() {
        for w in [
            "合计",
            "总计",
            "小计",
            "总体",
            "全站合计",
            "合 计",
            "总 计",
            "合计:",
            "合计（全站）",
            "片区合计",
        ] {
            assert!(is_total_label(&n(w)), "{w}");
        }
        assert!(is_total_label(&n(
            "每月社保购买、工资发放、人员到岗等情况总计"
        )));
        for w in ["总体服务", "片区1", "电访", "", "计合", "合计数量"] {
            assert!(!is_total_label(&n(w)), "{w}");
        }
    }

    #[test]
    fn label_headers() {
        for w in [
            "服务片区",
            "片区",
            "社区",
            "服务区域",
            "区域",
            "协议内容",
            "指标",
            "指标名称",
            "服务指标",
            "项目",
            "服务项目",
            "服务 片区",
        ] {
            assert!(is_label_header(&n(w)), "{w}");
        }
        for w in ["序号", "协议量", "电访", "合计", "片区1", ""] {
            assert!(!is_label_header(&n(w)), "{w}");
        }
    }

    #[test]
    fn strip_numbering_keeps_plain_text() {
        assert_eq!(strip_numbering_and_units("电访"), "电访");
        assert_eq!(strip_numbering_and_units("2023年6月"), "2023年6月");
        assert_eq!(strip_numbering_and_units("(元)"), "");
        assert_eq!(strip_numbering_and_units("一般事项"), "一般事项");
        assert_eq!(
            strip_numbering_and_units("3.社会资源链接【元】"),
            "社会资源链接"
        );
    }

    proptest! {
        #[test]
        fn normalize_idempotent_cjk(s in "[ \t\r\n\u{3000}a-zA-Z0-9()（）【】、，。：:·一-龥Ａ-Ｚ０-９ぁ-ゟ\u{3099}\u{0301}]{0,40}") {
            let once = normalize(&s).text;
            let twice = normalize(&once);
            prop_assert_eq!(&twice.text, &once);
            prop_assert!(!twice.changed);
        }

        #[test]
        fn normalize_idempotent_any(s in any::<String>()) {
            let once = normalize(&s).text;
            prop_assert_eq!(normalize(&once).text, once);
        }

        #[test]
        fn matchers_never_panic(s in any::<String>()) {
            let t = normalize(&s).text;
            let _ = match_measure(&t);
            let _ = match_indicator(&t);
            let _ = match_unit(&t);
            let _ = is_total_label(&t);
            let _ = is_label_header(&t);
            let _ = strip_numbering_and_units(&t);
        }
    }
}
