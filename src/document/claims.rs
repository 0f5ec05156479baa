//! Figure claims in a report's prose: an indicator as written, a number with
//! its unit, the rate stated for it, and the district it is about.
//!
//! The prose is read clause by clause. A number counts as a claim when a
//! counting unit follows it (人次, 个, 节, 名, 元 …) or a per cent sign; dates,
//! ordinals (第一), codes and idioms (一人一档) are not claims. The indicator is
//! the text before the number back to the previous clause mark, without the
//! subject (…社工站) and the verbs around it (共完成, 开展); a clause with no
//! text of its own ("47 节", "服务 694 人次") counts the indicator before it.
//! Rates follow their counts: one rate per count, or a list after 分别, paired in order.

use rust_decimal::Decimal;

use super::numbers::{chinese_digit, chinese_value, half_width, is_chinese_numeral, multiplier};
use super::{Document, Paragraph};
use crate::normalize::values::{find_dates, Ymd};

/// Counting units a claim's number can carry, longest first where one starts another.
const COUNT_UNITS: &[&str] = &[
    "万元", "人次", "户次", "场次", "节次", "个", "节", "次", "名", "人", "支", "场", "份", "元",
    "户", "条", "篇", "项", "家", "宗", "位", "期", "队", "组", "单", "张", "本", "小时",
];

/// What follows a counting unit when the number is not a count after all (个月, 个工作日, 人民币).
const NOT_A_COUNT_AFTER: &[(&str, &str)] =
    &[("个", "月"), ("个", "工作"), ("人", "民"), ("份", "额")];

/// Words around an indicator that are not part of it: the subject's verbs and
/// adverbs, stripped from the front of a phrase (longest first).
const LEADING_FILLERS: &[&str] = &[
    "截至目前",
    "本年度",
    "本周期",
    "全年",
    "全站",
    "其中",
    "共完成",
    "共计",
    "合计",
    "累计",
    "总计",
    "共有",
    "现有",
    "完成了",
    "完成",
    "开展了",
    "开展",
    "实际",
    "平均",
    "配备",
    "投入",
    "通过",
    "以及",
    "和",
    "及",
    "与",
    "共",
    "已",
    "均",
    "达",
    "为",
    "是",
    "有",
    "约",
    "另",
];

/// Words after an indicator that are not part of it ("探访总数为").
const TRAILING_FILLERS: &[&str] = &[
    "共计",
    "合计",
    "累计",
    "达到",
    "总数为",
    "数量为",
    "以及",
    "共",
    "为",
    "达",
    "是",
    "约",
    "有",
    "了",
    "的",
    "及",
    "和",
];

/// Measure words that name what is counted of the indicator before them ("结案 60 个").
const QUALIFIERS: &[&str] = &[
    "个数", "节数", "人次", "次数", "接案", "结案", "户数", "人数",
];

/// Text before a per cent that makes it the rate of the counts before it.
const RATE_WORDS: &[&str] = &[
    "达成率",
    "完成率",
    "完成比例",
    "完成比率",
    "百分比",
    "协议指标量",
    "指标量",
    "协议量",
];

/// A number with its unit, as a claim states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The value, with 万 applied: 240 万元 → 2400000 (unit 元).
    pub value: Decimal,
    pub unit: Option<String>,
    /// As written, for messages ("3111 个", "二十一名").
    pub written: String,
    /// Approximate ("200余份", "近 11 个"): never compared.
    pub approximate: bool,
}

/// A per cent as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedRate {
    /// As a fraction: 103.70% → 1.0370.
    pub fraction: Decimal,
    /// Decimals shown after the point of the per cent (103.70% → 2).
    pub decimals: u32,
    pub written: String,
}

/// Who a claim is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Station,
    /// A district as the report names it ("B 片区", "片区1", "第三片区").
    District(String),
    /// A smaller place (a 社工点, a 居委): never compared with a table's line.
    Place(String),
}

/// One figure the report states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The paragraph's number (1-based) and page, for the finding's location.
    pub paragraph: usize,
    pub page: Option<u32>,
    /// The sentence, quoted (at most [`QUOTE_CHARS`] characters, around the number).
    pub quote: String,
    /// The indicator as written, without subject and verbs ("电话访问", "专业个案").
    pub indicator: String,
    /// What of the indicator is counted, when the prose names it ("接案", "人次").
    pub qualifier: Option<String>,
    pub quantity: Option<Quantity>,
    /// The completion rate stated for this count, or a rate claimed on its own (稳岗率 80%).
    pub rate: Option<StatedRate>,
    /// A share of a whole stated after the count ("占社工总人数 85%").
    pub share: Option<StatedRate>,
    pub scope: Scope,
    /// The date the sentence states its figures at ("截至 2024 年 5 月 30 日"), when it states one.
    pub period: Option<Ymd>,
}

/// Longest quotation of a sentence in a finding.
pub const QUOTE_CHARS: usize = 60;

impl Claim {
    /// A compact form for tests and logs: `电话访问 3111个 103.70%`, `专业个案·结案 60个`.
    pub fn brief(&self) -> String {
        let mut out = self.indicator.clone();
        if let Some(q) = &self.qualifier {
            out.push('·');
            out.push_str(q);
        }
        if let Scope::District(d) | Scope::Place(d) = &self.scope {
            out = format!("[{d}]{out}");
        }
        if let Some(q) = &self.quantity {
            out.push(' ');
            if q.approximate {
                out.push('~');
            }
            out.push_str(&q.value.normalize().to_string());
            out.push_str(q.unit.as_deref().unwrap_or(""));
        }
        if let Some(r) = &self.rate {
            out.push(' ');
            out.push_str(&r.written);
        }
        if let Some(s) = &self.share {
            out.push_str(" 占");
            out.push_str(&s.written);
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(Num),
    /// A clause or list mark; `true` when it ends a sentence.
    Sep(char, bool),
    Word(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Num {
    value: Decimal,
    percent: Option<u32>,
    unit: Option<String>,
    written: String,
    approximate: bool,
    /// Char offsets in the paragraph.
    start: usize,
}

fn is_sep(c: char) -> Option<bool> {
    match c {
        '。' | '；' | ';' | '！' | '？' | '!' | '?' | '\n' => Some(true),
        '，' | ',' | '、' | '：' | ':' | '（' | '(' | '）' | ')' | '“' | '”' | '"' | '《'
        | '》' | '\t' | '【' | '】' | '「' | '」' => Some(false),
        _ => None,
    }
}

/// The claims of every paragraph of a document, in order.
pub fn extract(document: &Document) -> Vec<Claim> {
    let mut claims = Vec::new();
    let mut district: Option<String> = None;
    for paragraph in &document.paragraphs {
        district = paragraph_district(&paragraph.text, district);
        claims.extend(paragraph_claims(paragraph, district.as_deref()));
    }
    claims
}

/// The district a paragraph is about: one it names near its start, or the one
/// of the heading it is a sub-item of (①②… items keep it; anything else ends it).
fn paragraph_district(text: &str, current: Option<String>) -> Option<String> {
    let head: String = text.chars().take(16).collect();
    if let Some(named) = district_in(&head) {
        return Some(named);
    }
    let first = text.chars().next().unwrap_or(' ');
    if ('①'..='⑳').contains(&first) {
        current
    } else {
        None
    }
}

/// A district named in a text: "B 片区", "片区1", "第三片区", "A片区".
pub fn district_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let pos = chars
        .windows(2)
        .position(|w| w[0] == '片' && w[1] == '区')?;
    let is_mark = |c: char| {
        c.is_ascii_alphanumeric() || chinese_digit(c).is_some() || c == '十' || c.is_ascii_digit()
    };
    if pos > 0 && is_mark(chars[pos - 1]) {
        let mut start = pos - 1;
        while start > 0 && is_mark(chars[start - 1]) {
            start -= 1;
        }
        if start > 0 && chars[start - 1] == '第' {
            start -= 1;
        }
        let mark: String = chars[start..pos].iter().collect();
        // "该片区", "各片区", "3 个服务片区" name none.
        return Some(format!("{mark}片区"));
    }
    // "片区1", written together: "该片区 4 个社工点" counts, it names no district.
    let at = text.find("片区")?;
    let mark: String = text[at + "片区".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    (!mark.is_empty()).then(|| format!("片区{mark}"))
}

/// The claims of one paragraph; `district` is the scope of its claims, when any.
pub fn paragraph_claims(paragraph: &Paragraph, district: Option<&str>) -> Vec<Claim> {
    let chars: Vec<char> = paragraph.text.chars().map(half_width).collect();
    let toks = tokenize(&chars);
    let mut claims = Vec::new();
    for (sentence, end) in split_sentences(&toks, chars.len()) {
        sentence_claims(sentence, &chars, end, paragraph, district, &mut claims);
    }
    claims
}

/// The sentences of a paragraph's tokens, each with the char offset it ends at.
fn split_sentences(toks: &[(Tok, usize)], len: usize) -> Vec<(&[(Tok, usize)], usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, (tok, at)) in toks.iter().enumerate() {
        if matches!(tok, Tok::Sep(_, true)) {
            out.push((&toks[start..i], *at));
            start = i + 1;
        }
    }
    out.push((&toks[start..], len));
    out
}

/// Tokens with the char offset each starts at.
fn tokenize(chars: &[char]) -> Vec<(Tok, usize)> {
    let mut toks: Vec<(Tok, usize)> = Vec::new();
    let mut i = 0;
    let push_word = |toks: &mut Vec<(Tok, usize)>, text: &str, at: usize| {
        if let Some((Tok::Word(w), _)) = toks.last_mut() {
            w.push_str(text);
        } else {
            toks.push((Tok::Word(text.to_string()), at));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() && c != '\n' && c != '\t' {
            i += 1;
            continue;
        }
        if let Some(ends) = is_sep(c) {
            toks.push((Tok::Sep(c, ends), i));
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (is_chinese_numeral(c) && multiplier(c).is_none()) {
            match number_at(chars, i) {
                Some((num, next)) => {
                    toks.push((Tok::Num(num), i));
                    i = next;
                }
                None => {
                    // Not a claim: the digits or numeral stay text, as a whole run.
                    let mut j = i + 1;
                    let same = |d: char| {
                        if c.is_ascii_digit() {
                            d.is_ascii_alphanumeric() || d == '.' || d == '-' || d == '/'
                        } else {
                            is_chinese_numeral(d)
                        }
                    };
                    while j < chars.len() && same(chars[j]) {
                        j += 1;
                    }
                    let text: String = chars[i..j].iter().collect();
                    push_word(&mut toks, &text, i);
                    i = j;
                }
            }
            continue;
        }
        push_word(&mut toks, &c.to_string(), i);
        i += 1;
    }
    toks
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && chars[i] == ' ' {
        i += 1;
    }
    i
}

/// The number starting at `i`, with its unit or per cent sign, and where it ends;
/// None when it is not a claim's number (a date, an ordinal, a code, an idiom).
fn number_at(chars: &[char], i: usize) -> Option<(Num, usize)> {
    let before = chars[..i].iter().rev().find(|c| **c != ' ').copied();
    if matches!(before, Some(b) if b == '第' || b == '-' || b == '/' || b == '.' || b.is_ascii_alphanumeric() || b == '#')
    {
        return None;
    }
    let chinese = !chars[i].is_ascii_digit();
    let (mut value, j) = if chinese {
        let mut j = i;
        while j < chars.len() && is_chinese_numeral(chars[j]) {
            j += 1;
        }
        let run: String = chars[i..j].iter().collect();
        (chinese_value(&run)?, j)
    } else {
        arabic_at(chars, i)?
    };
    // A date, a version or a code: 2023.11.7, 2023-06, 113X, 17号楼.
    if let Some(&c) = chars.get(j) {
        if c == '-' || c == '/' || c.is_ascii_alphabetic() || c == '.' {
            return None;
        }
    }
    let mut k = skip_spaces(chars, j);
    let mut approximate = false;
    if !chinese {
        if let Some(m) = chars.get(k).and_then(|&c| multiplier(c)) {
            value = value.checked_mul(m)?;
            k = skip_spaces(chars, k + 1);
        }
    }
    if let Some(&c) = chars.get(k) {
        if c == '余' || c == '多' {
            approximate = true;
            k = skip_spaces(chars, k + 1);
        }
    }
    let written_end;
    let mut percent = None;
    let mut unit = None;
    if chars.get(k) == Some(&'%') {
        if chinese {
            return None;
        }
        let written: String = chars[i..j].iter().collect();
        percent = Some(written.split_once('.').map_or(0, |(_, f)| f.len() as u32));
        written_end = k + 1;
    } else {
        let rest: String = chars[k..chars.len().min(k + 3)].iter().collect();
        let u = COUNT_UNITS.iter().find(|u| rest.starts_with(*u))?;
        let after: String = chars[k + u.chars().count()..].iter().take(2).collect();
        if NOT_A_COUNT_AFTER
            .iter()
            .any(|(unit, next)| unit == u && after.starts_with(next))
        {
            return None;
        }
        let after_unit = k + u.chars().count();
        // A Chinese numeral inside an idiom ("一人一档", "三图一表") or before a noun ("一名服务对象") is no claim.
        if chinese {
            let next = chars.get(after_unit).copied();
            if next.is_some_and(|n| is_chinese_numeral(n) || is_sep(n).is_none()) {
                return None;
            }
        }
        if u.starts_with('万') {
            value = value.checked_mul(Decimal::from(10_000))?;
            unit = Some("元".to_string());
        } else {
            unit = Some(u.to_string());
        }
        written_end = after_unit;
    }
    let written: String = chars[i..written_end].iter().collect();
    Some((
        Num {
            value,
            percent,
            unit,
            written,
            approximate,
            start: i,
        },
        written_end,
    ))
}

/// Arabic digits with thousands separators and a decimal part, from `i`.
fn arabic_at(chars: &[char], i: usize) -> Option<(Decimal, usize)> {
    let mut j = i;
    let mut text = String::new();
    while j < chars.len() {
        let c = chars[j];
        if c.is_ascii_digit() {
            text.push(c);
            j += 1;
        } else if c == ','
            && !text.is_empty()
            && !text.contains('.')
            && chars.len() >= j + 4
            && chars[j + 1..j + 4].iter().all(char::is_ascii_digit)
            && !chars.get(j + 4).is_some_and(char::is_ascii_digit)
        {
            j += 1;
        } else if c == '.'
            && chars.get(j + 1).is_some_and(|d| d.is_ascii_digit())
            && !text.contains('.')
        {
            text.push('.');
            j += 1;
        } else {
            break;
        }
    }
    let value: Decimal = text.parse().ok()?;
    Some((value, j))
}

/// Removes the subject ("元岗社工站", "社工站") and filler verbs from the ends of a phrase.
pub fn clean_phrase(phrase: &str) -> String {
    let mut s: &str = phrase.trim();
    // Leading list marks: ①, (1), 1、
    s = s.trim_start_matches(|c: char| ('①'..='⑳').contains(&c) || c == '.' || c.is_ascii_digit());
    // Everything up to the last date: "2023 年 4 月收到…" → "收到…".
    s = after_last_date(s);
    // The subject: everything up to a station's name.
    for subject in ["社工服务站", "社工站", "服务站", "服务中心"] {
        if let Some(pos) = s.rfind(subject) {
            let rest = &s[pos + subject.len()..];
            if !rest.is_empty() {
                s = rest;
            }
            break;
        }
    }
    loop {
        let before = s;
        if let Some(f) = LEADING_FILLERS
            .iter()
            .find(|f| s.starts_with(*f) && s.len() > f.len())
        {
            s = &s[f.len()..];
        }
        if let Some(f) = TRAILING_FILLERS
            .iter()
            .find(|f| s.ends_with(*f) && s.len() > f.len())
        {
            s = &s[..s.len() - f.len()];
        }
        if s == before {
            break;
        }
    }
    // A phrase that is only a verb or a filler says nothing of its own.
    if LEADING_FILLERS.contains(&s) || matches!(s, "服务" | "服务了" | "和" | "及" | "与" | "以及")
    {
        return String::new();
    }
    s.to_string()
}

/// The text after the last date in a phrase (digits followed by 年, 月 or 日), or all of it.
fn after_last_date(s: &str) -> &str {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut cut = 0;
    for (k, &(_, c)) in chars.iter().enumerate() {
        let after_digit = k > 0 && chars[k - 1].1.is_ascii_digit();
        if !after_digit {
            continue;
        }
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let is_date = match c {
            '月' | '日' => true,
            // "2023 年度", "2022 年至": a year; not "2 年及以上", a duration.
            '年' => !matches!(next, Some('及' | '以' | '多' | '余')),
            _ => false,
        };
        if is_date {
            let mut end = k + 1;
            while end < chars.len() && "度底初末至起止".contains(chars[end].1) {
                end += 1;
            }
            cut = chars.get(end).map_or(s.len(), |&(b, _)| b);
        }
    }
    &s[cut..]
}

/// The noun a number counts when it comes after the unit: the text up to the
/// first word that starts a predicate ("5 位评估专家及 1 名工作人员对…" → 工作人员).
fn noun_phrase(text: &str) -> String {
    const PREDICATE: &[&str] = &[
        "对", "进行", "开展", "结合", "通过", "均", "在", "建立", "完成", "参与", "及", "和", "的",
    ];
    let end = PREDICATE
        .iter()
        .flat_map(|w| text.match_indices(w).map(|(at, _)| at))
        // 服务对象 is a noun: its 对 starts no predicate.
        .filter(|&at| !text[at..].starts_with("对象"))
        .min()
        .unwrap_or(text.len());
    text[..end].trim().to_string()
}

/// Splits a trailing measure word from an indicator: 专业个案接案 → (专业个案, 接案).
pub fn split_qualifier(indicator: &str) -> (String, Option<String>) {
    for q in QUALIFIERS {
        if let Some(base) = indicator.strip_suffix(q) {
            // "建档总户数": the total of the indicator's households.
            let base = base.strip_suffix('总').unwrap_or(base);
            if !base.is_empty() {
                return (base.to_string(), Some(q.to_string()));
            }
        }
    }
    (indicator.to_string(), None)
}

/// Whether the text before a per cent makes it the completion rate of the counts before it.
fn is_rate_phrase(raw: &str) -> bool {
    let s = raw.trim_end_matches(['的', '是', '为', '达']);
    raw.contains("分别") || RATE_WORDS.iter().any(|w| s.ends_with(w)) || s.is_empty()
}

/// Whether a word between two per cents joins a list of them (、 is a mark).
fn is_list_word(w: &str) -> bool {
    matches!(w, "和" | "及" | "与" | "以及")
}

fn sentence_claims(
    toks: &[(Tok, usize)],
    chars: &[char],
    sentence_end: usize,
    paragraph: &Paragraph,
    district: Option<&str>,
    claims: &mut Vec<Claim>,
) {
    let scope = match district {
        Some(d) => Scope::District(d.to_string()),
        None => Scope::Station,
    };
    let sentence_start = toks.first().map_or(0, |t| t.1);
    let sentence_text: String = chars
        [sentence_start.min(sentence_end)..sentence_end.min(chars.len())]
        .iter()
        .filter(|c| !c.is_whitespace())
        .collect();
    let period = find_dates(&sentence_text).first().map(|(date, _)| *date);
    // The indicator counted by a clause with no text of its own.
    let mut topic: Option<String> = None;
    // The scope an earlier clause of the sentence named for itself.
    let mut named_scope: Option<Scope> = None;
    // Counts not yet given a rate, by index into `claims`.
    let mut pending: Vec<usize> = Vec::new();
    let mut phrase = String::new();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Sep(..) => {
                phrase.clear();
                i += 1;
            }
            Tok::Word(w) => {
                phrase.push_str(w);
                i += 1;
            }
            Tok::Num(num) if num.percent.is_none() => {
                let following = match toks.get(i + 1) {
                    Some((Tok::Word(w), _)) if !w.starts_with(['和', '及', '与']) => {
                        noun_phrase(w)
                    }
                    _ => String::new(),
                };
                let at = toks[i].1;
                // A district or a smaller place named in the clause itself scopes this claim.
                let (claim_scope, own) = clause_scope(&phrase);
                let before = clean_phrase(own);
                // The noun after the unit is what the number counts ("22 个社区", "6 个专业个案").
                let inherits = following.is_empty()
                    && (before.is_empty() || QUALIFIERS.contains(&before.as_str()));
                let claim_scope = match (claim_scope, &named_scope) {
                    (Some(own), _) => {
                        named_scope = Some(own.clone());
                        Some(own)
                    }
                    // "其中片区1电访 1350 人次，服务 40 节": the same district's.
                    (None, Some(earlier)) if inherits => Some(earlier.clone()),
                    // A new indicator after a district's: whose it is, is not said.
                    (None, Some(_)) => Some(Scope::Place("?".to_string())),
                    (None, None) => None,
                };
                let (base, qualifier) = if !following.is_empty() {
                    i += 1;
                    split_qualifier(&following)
                } else if before.is_empty() || is_place(&before) {
                    if let Some(t) = &topic {
                        (t.clone(), None)
                    } else {
                        phrase.clear();
                        i += 1;
                        continue;
                    }
                } else if QUALIFIERS.contains(&before.as_str()) {
                    match &topic {
                        Some(t) => (t.clone(), Some(before.clone())),
                        None => (before.clone(), None),
                    }
                } else {
                    split_qualifier(&before)
                };
                topic = Some(base.clone());
                claims.push(Claim {
                    paragraph: paragraph.number,
                    page: paragraph.page,
                    quote: quote(chars, sentence_start, sentence_end, at),
                    indicator: base,
                    qualifier,
                    quantity: Some(Quantity {
                        value: num.value,
                        unit: num.unit.clone(),
                        written: num.written.clone(),
                        approximate: num.approximate
                            || phrase.ends_with('近')
                            || phrase.ends_with("约"),
                    }),
                    rate: None,
                    share: None,
                    scope: claim_scope.unwrap_or_else(|| scope.clone()),
                    period,
                });
                pending.push(claims.len() - 1);
                phrase.clear();
                i += 1;
            }
            Tok::Num(num) => {
                let raw = phrase.clone();
                phrase.clear();
                // The run of per cents listed together: 100%、118%、347% / 100% 和 100%.
                let mut run = vec![rate_of(num)];
                let mut j = i + 1;
                loop {
                    let mut k = j;
                    while let Some((tok, _)) = toks.get(k) {
                        match tok {
                            Tok::Sep('、', false) => k += 1,
                            Tok::Word(w) if is_list_word(w) => k += 1,
                            _ => break,
                        }
                    }
                    match toks.get(k) {
                        Some((Tok::Num(n), _)) if n.percent.is_some() && k > j => {
                            run.push(rate_of(n));
                            j = k + 1;
                        }
                        _ => break,
                    }
                }
                let at = toks[i].1;
                i = j;
                let cleaned = clean_phrase(&raw);
                if raw.starts_with('占') || raw.contains("占比") {
                    // A share of a whole, after the count it is the share of.
                    if let (Some(&last), 1) = (pending.last(), run.len()) {
                        claims[last].share = run.pop();
                    }
                    continue;
                }
                if is_rate_phrase(&raw) && !pending.is_empty() {
                    pair_rates(claims, &pending, run);
                    pending.clear();
                    continue;
                }
                if cleaned.is_empty() || run.len() != 1 {
                    continue;
                }
                // A rate claimed on its own: 稳岗率 80%, 建档率达 100%.
                let (base, qualifier) = split_qualifier(&cleaned);
                claims.push(Claim {
                    paragraph: paragraph.number,
                    page: paragraph.page,
                    quote: quote(chars, sentence_start, sentence_end, at),
                    indicator: base,
                    qualifier,
                    quantity: None,
                    rate: run.pop(),
                    share: None,
                    scope: scope.clone(),
                    period,
                });
            }
        }
    }
}

/// The scope a clause names for itself, and the clause's text after it:
/// "其中片区1电访" → (片区1, "电访"); "毛纺社工点开展" → (a place, "开展").
fn clause_scope(phrase: &str) -> (Option<Scope>, &str) {
    for place in ["社工点", "居委会", "居委", "村居"] {
        if let Some(at) = phrase.find(place) {
            let name = phrase[..at + place.len()]
                .trim_start_matches(|c: char| ('①'..='⑳').contains(&c) || c == ' ');
            return (
                Some(Scope::Place(name.to_string())),
                &phrase[at + place.len()..],
            );
        }
    }
    let Some(district) = district_in(phrase) else {
        return (None, phrase);
    };
    // "该片区 4 个" names none; a named one: the text after its 片区 (and the mark after it).
    let Some(at) = phrase.find("片区") else {
        return (None, phrase);
    };
    let rest = &phrase[at + "片区".len()..];
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == ' ');
    (Some(Scope::District(district)), rest)
}

/// Whether a phrase only names a place ("该片区", "各社区"): the noun after the number is the indicator.
fn is_place(phrase: &str) -> bool {
    ["片区", "社区", "街道", "辖内", "辖区"]
        .iter()
        .any(|p| phrase.ends_with(p))
}

fn rate_of(num: &Num) -> StatedRate {
    StatedRate {
        fraction: num.value / Decimal::ONE_HUNDRED,
        decimals: num.percent.unwrap_or(0),
        written: num.written.clone(),
    }
}

/// Gives each pending count its rate: in order when there are as many rates
/// as counts; one rate for counts that all have the same value (发展志愿者 177 人、
/// 志愿者建档 177 份，达成率 118%), else for the last count; none when the lists differ.
fn pair_rates(claims: &mut [Claim], pending: &[usize], mut run: Vec<StatedRate>) {
    if run.len() == pending.len() {
        for (&c, r) in pending.iter().zip(run) {
            claims[c].rate = Some(r);
        }
    } else if run.len() == 1 {
        let value = |c: usize| claims[c].quantity.as_ref().map(|q| q.value);
        let same = pending.iter().all(|&c| value(c) == value(pending[0]));
        let rate = run.pop();
        if same {
            for &c in pending {
                claims[c].rate = rate.clone();
            }
        } else if let Some(&last) = pending.last() {
            claims[last].rate = rate;
        }
    }
}

/// The sentence around offset `at`, at most [`QUOTE_CHARS`] characters, with … where cut.
fn quote(chars: &[char], start: usize, end: usize, at: usize) -> String {
    let end = end.min(chars.len());
    let start = start.min(end);
    let text: Vec<char> = chars[start..end].to_vec();
    let at = at.saturating_sub(start);
    let trimmed = |s: String| s.trim().to_string();
    if text.len() <= QUOTE_CHARS {
        return trimmed(text.iter().collect());
    }
    let from = at
        .saturating_sub(QUOTE_CHARS / 2)
        .min(text.len() - (QUOTE_CHARS - 2));
    let to = (from + QUOTE_CHARS - 2).min(text.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.extend(&text[from..to]);
    if to < text.len() {
        out.push('…');
    }
    trimmed(out)
}

#[cfg(test)]
mod tests;
