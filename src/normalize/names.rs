//! District and community names: the forms a district is written in (any
//! station, no list needed), and, where a station's own gazetteer applies,
//! its communities and the look-alike misspellings its PDFs produce.
//!
//! A gazetteer belongs to one street: [`Gazetteers`] holds them by street
//! and hands a file only the one of the station it comes from.

use std::path::Path;

use crate::normalize::vocab::{closing_of, compact, compact_cow};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct District {
    /// 1-based number: 片区1.
    pub number: u32,
    /// Letter form: A for 片区1.
    pub letter: char,
    pub communities: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gazetteer {
    pub street: String,
    pub districts: Vec<District>,
    /// Pairs of names this station's documents are known to confuse
    /// (written, meant), e.g. 毛坦 for 毛纺: they make a two-character
    /// look-alike safe to correct. They never decide between several look-alikes.
    pub lookalikes: Vec<(String, String)>,
}

/// How one community name in a label resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly a community of the gazetteer, in district `district` (1-based).
    Exact {
        district: u32,
    },
    /// A look-alike of exactly one community: safe to correct.
    Confusable {
        canonical: String,
        district: u32,
    },
    /// Close to several communities: flagged, never corrected.
    Ambiguous {
        candidates: Vec<String>,
    },
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Community {
    /// As written, after normalization.
    pub written: String,
    pub resolution: Resolution,
}

/// A district label such as "片区2 (毛坦、竹园等社区)" taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictLabel {
    /// The district number the label names (片区2, 第二片区, B片区 …), if any.
    pub district: Option<u32>,
    pub communities: Vec<Community>,
}

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

/// The file form of a gazetteer: `letter` and `lookalikes` may be left out.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGazetteer {
    street: String,
    districts: Vec<RawDistrict>,
    #[serde(default)]
    lookalikes: Vec<Vec<String>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistrict {
    number: u32,
    letter: Option<String>,
    communities: Vec<String>,
}

impl Gazetteer {
    pub fn chigang() -> Gazetteer {
        let district = |number: u32, letter: char, names: &[&str]| District {
            number,
            letter,
            communities: names.iter().map(|s| s.to_string()).collect(),
        };
        Gazetteer {
            street: "赤岗街".to_string(),
            districts: vec![
                district(
                    1,
                    'A',
                    &[
                        "下渡",
                        "江景",
                        "江丽",
                        "南贤",
                        "汇美",
                        "赤岗",
                        "愉景雅苑",
                        "珠江帝景",
                        "新鸿",
                        "金星",
                        "鹭江",
                        "石榴岗",
                    ],
                ),
                district(2, 'B', &["毛纺", "竹园", "大江苑", "大江涌"]),
                district(3, 'C', &["鸿运", "赤塘", "客村", "七星岗", "七所", "珠影"]),
            ],
            // What the 赤岗 reports' PDFs were seen to produce (seed 002).
            lookalikes: vec![
                ("毛坦".to_string(), "毛纺".to_string()),
                ("赤岗".to_string(), "赤塘".to_string()),
            ],
        }
    }

    pub fn from_file(path: &Path) -> Result<Gazetteer, GazetteerError> {
        let text = std::fs::read_to_string(path).map_err(|source| GazetteerError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Gazetteer::from_toml_str(&text, &path.display().to_string())
    }

    /// Parses and checks a gazetteer in the TOML form `from_file` reads;
    /// `origin` names the source in errors.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Gazetteer, GazetteerError> {
        let invalid = |message: String| GazetteerError::Invalid {
            path: origin.to_string(),
            message,
        };
        let raw: RawGazetteer = toml::from_str(text)
            .map_err(|e| invalid(format!("not a valid gazetteer file: {e}")))?;
        if raw.districts.is_empty() {
            return Err(invalid(
                "no districts: add at least one [[districts]] table".to_string(),
            ));
        }
        let mut districts: Vec<District> = Vec::with_capacity(raw.districts.len());
        let mut seen: Vec<(String, u32)> = Vec::new();
        for d in raw.districts {
            if d.number == 0 {
                return Err(invalid("district number 0: numbers start at 1".to_string()));
            }
            if districts.iter().any(|o| o.number == d.number) {
                return Err(invalid(format!("district {} is defined twice", d.number)));
            }
            let letter = match d.letter {
                Some(s) => {
                    let t = s.trim().nfkc().collect::<String>();
                    let mut chars = t.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
                        _ => {
                            return Err(invalid(format!(
                                "district {}: letter must be one letter A-Z, found {s:?}",
                                d.number
                            )))
                        }
                    }
                }
                None => default_letter(d.number).ok_or_else(|| {
                    invalid(format!(
                        "district {}: no letter given, and there is no default beyond Z",
                        d.number
                    ))
                })?,
            };
            if let Some(o) = districts.iter().find(|o| o.letter == letter) {
                return Err(invalid(format!(
                    "districts {} and {} both have letter {letter}",
                    o.number, d.number
                )));
            }
            let mut communities = Vec::with_capacity(d.communities.len());
            for c in d.communities {
                let name = clean_name(&c);
                if name.is_empty() {
                    return Err(invalid(format!(
                        "district {}: empty community name {c:?}",
                        d.number
                    )));
                }
                if let Some((_, other)) = seen.iter().find(|(n, _)| *n == name) {
                    return Err(invalid(format!(
                        "community {name} is listed twice (districts {other} and {})",
                        d.number
                    )));
                }
                seen.push((name.clone(), d.number));
                communities.push(name);
            }
            districts.push(District {
                number: d.number,
                letter,
                communities,
            });
        }
        districts.sort_by_key(|d| d.number);
        let mut lookalikes = Vec::with_capacity(raw.lookalikes.len());
        for pair in raw.lookalikes {
            let names: Vec<String> = pair.iter().map(|n| clean_name(n)).collect();
            match names.as_slice() {
                [written, meant] if !written.is_empty() && !meant.is_empty() && written != meant => {
                    lookalikes.push((written.clone(), meant.clone()))
                }
                _ => {
                    return Err(invalid(format!(
                        "lookalikes: each entry is two different names [\"written\", \"meant\"], found {pair:?}"
                    )))
                }
            }
        }
        let street = crate::normalize::vocab::normalize(&raw.street).text;
        if street_key(&street).0.is_empty() {
            return Err(invalid(format!("street {:?} names no street", raw.street)));
        }
        Ok(Gazetteer {
            street,
            districts,
            lookalikes,
        })
    }

    /// Whether this is the gazetteer of `station` (赤岗街, 赤岗街道, or a folder named 赤岗).
    pub fn is_for(&self, station: &str) -> bool {
        same_street(&self.street, station)
    }

    pub fn parse_label(&self, label: &str) -> DistrictLabel {
        let text = compact(label);
        let form = district_form(&text);
        let district = form.map(|f| {
            f.letter
                .and_then(|l| self.district_by_letter(l))
                .map_or(f.number, |d| d.number)
        });
        if crate::normalize::vocab::is_total_label(&text) {
            return DistrictLabel {
                district,
                communities: Vec::new(),
            };
        }
        let mut lists = bracket_contents(&text);
        // Without brackets, a label that names no district is itself the
        // list ("下渡、江景"); one that does ("第二片区社工") lists nothing.
        if lists.is_empty() && form.is_none() {
            lists.push(text.clone());
        }
        let mut communities = Vec::new();
        for list in &lists {
            for piece in list.split(is_separator) {
                // "(片区3)": the district itself in brackets, not a community.
                if find_district_form(piece).is_some() {
                    continue;
                }
                for name in self.split_and(self.strip_list_prefix(strip_decorations(piece))) {
                    communities.push(Community {
                        written: name.to_string(),
                        resolution: self.resolve_community(name),
                    });
                }
            }
        }
        DistrictLabel {
            district,
            communities,
        }
    }

    /// "下渡和江景" lists two communities, but a community whose own name
    /// contains 和 (和平) must stay whole.
    fn split_and<'a>(&self, piece: &'a str) -> Vec<&'a str> {
        if piece.is_empty() {
            return Vec::new();
        }
        if !piece.contains('和') || self.district_of(piece).is_some() {
            return vec![piece];
        }
        for (i, _) in piece.match_indices('和') {
            let (left, right) = (&piece[..i], &piece[i + '和'.len_utf8()..]);
            if !left.is_empty() && !right.is_empty() && self.district_of(left).is_some() {
                let mut parts = vec![left];
                parts.extend(self.split_and(right));
                return parts;
            }
        }
        let parts: Vec<&str> = piece.split('和').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return vec![piece];
        }
        parts
    }

    /// "含下渡" opens a list; a community whose name starts with 含 keeps it.
    fn strip_list_prefix<'a>(&self, piece: &'a str) -> &'a str {
        if self.district_of(piece).is_some() {
            return piece;
        }
        ["包括", "包含", "含"]
            .iter()
            .find_map(|p| piece.strip_prefix(p).filter(|r| !r.is_empty()))
            .unwrap_or(piece)
    }

    pub fn resolve_community(&self, name: &str) -> Resolution {
        let name = clean_name(name);
        if name.is_empty() {
            return Resolution::Unknown;
        }
        if let Some(district) = self.district_of(&name) {
            return Resolution::Exact { district };
        }
        // A confusion the station lists, however many characters it changes.
        let listed = self
            .lookalikes
            .iter()
            .filter(|(written, _)| *written == name)
            .find_map(|(_, meant)| Some((meant, self.district_of(meant)?)));
        if let Some((meant, district)) = listed {
            return Resolution::Confusable {
                canonical: meant.clone(),
                district,
            };
        }
        let candidates: Vec<(&str, u32)> = self
            .all_communities()
            .filter(|(c, _)| one_char_apart(&name, c))
            .collect();
        match candidates.as_slice() {
            [] => Resolution::Unknown,
            [(c, d)] => Resolution::Confusable {
                canonical: c.to_string(),
                district: *d,
            },
            many => Resolution::Ambiguous {
                candidates: many.iter().map(|(c, _)| c.to_string()).collect(),
            },
        }
    }

    pub fn district(&self, number: u32) -> Option<&District> {
        self.districts.iter().find(|d| d.number == number)
    }

    /// The district with that letter (case-insensitive).
    pub fn district_by_letter(&self, letter: char) -> Option<&District> {
        let letter = letter.to_ascii_uppercase();
        self.districts.iter().find(|d| d.letter == letter)
    }

    /// The district an exact community name belongs to (a trailing 社区 is
    /// ignored).
    pub fn district_of(&self, community: &str) -> Option<u32> {
        let name = clean_name(community);
        self.all_communities()
            .find(|(c, _)| *c == name)
            .map(|(_, d)| d)
    }

    /// The communities of `district` one character away from `name`: what
    /// a name that exists elsewhere was probably meant to be in this label
    /// (赤岗 in 片区3 → 赤塘).
    pub fn lookalikes_in(&self, name: &str, district: u32) -> Vec<String> {
        let name = clean_name(name);
        self.district(district)
            .map(|d| {
                d.communities
                    .iter()
                    .filter(|c| one_char_apart(&name, c))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    fn all_communities(&self) -> impl Iterator<Item = (&str, u32)> {
        self.districts
            .iter()
            .flat_map(|d| d.communities.iter().map(move |c| (c.as_str(), d.number)))
    }
}

/// The gazetteers of a run, by street: the built-in one and those given on
/// the command line. A file gets only the gazetteer of its own station.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gazetteers {
    by_street: Vec<Gazetteer>,
    /// The street of the one gazetteer named with `--gazetteer FILE`: also
    /// applied to a file whose station cannot be told at all.
    named: Option<String>,
}

impl Gazetteers {
    /// No gazetteer at all: names are checked only for consistency.
    pub fn none() -> Gazetteers {
        Gazetteers::default()
    }

    /// The built-in gazetteers (赤岗街's).
    pub fn built_in() -> Gazetteers {
        let mut all = Gazetteers::none();
        all.add(Gazetteer::chigang());
        all
    }

    /// Registers a gazetteer under its street, replacing any earlier one of that street.
    pub fn add(&mut self, gazetteer: Gazetteer) {
        self.by_street
            .retain(|g| !same_street(&g.street, &gazetteer.street));
        self.by_street.push(gazetteer);
    }

    /// Registers the gazetteer the user named on its own (`--gazetteer FILE`).
    pub fn add_named(&mut self, gazetteer: Gazetteer) {
        self.named = Some(gazetteer.street.clone());
        self.add(gazetteer);
    }

    /// Registers every `*.toml` of a folder, one street each. Two files of
    /// one street are an error: which of them is meant cannot be told.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), GazetteerError> {
        let io = |source| GazetteerError::Io {
            path: dir.display().to_string(),
            source,
        };
        let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
            })
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(GazetteerError::Invalid {
                path: dir.display().to_string(),
                message: "no gazetteer (.toml) in this folder".to_string(),
            });
        }
        let mut seen: Vec<(String, String)> = Vec::new();
        for path in paths {
            let gazetteer = Gazetteer::from_file(&path)?;
            if let Some((_, other)) = seen.iter().find(|(s, _)| same_street(s, &gazetteer.street)) {
                return Err(GazetteerError::Invalid {
                    path: path.display().to_string(),
                    message: format!("street {} is also described by {other}", gazetteer.street),
                });
            }
            seen.push((gazetteer.street.clone(), path.display().to_string()));
            self.add(gazetteer);
        }
        Ok(())
    }

    /// The gazetteer registered for `street`, if any.
    pub fn street(&self, street: &str) -> Option<&Gazetteer> {
        self.by_street.iter().find(|g| g.is_for(street))
    }

    /// The gazetteer to apply to a file of `station` (None when its station
    /// cannot be told). A station whose name is a street or town (赤岗街,
    /// 某镇) gets its own gazetteer or none; a file with no station, or only
    /// a plain folder name that matches no gazetteer, gets the one named
    /// with `--gazetteer`, if any: the user asked for it and nothing says otherwise.
    pub fn for_station(&self, station: Option<&str>) -> Option<&Gazetteer> {
        if let Some(station) = station {
            if let Some(own) = self.street(station) {
                return Some(own);
            }
            if names_a_street(station) {
                return None;
            }
        }
        self.named.as_deref().and_then(|s| self.street(s))
    }

    pub fn iter(&self) -> impl Iterator<Item = &Gazetteer> {
        self.by_street.iter()
    }
}

/// Whether a station name is a street's or town's (赤岗街, 新塘镇), as
/// titles and 街/镇 path parts give it, rather than a plain folder's name.
fn names_a_street(station: &str) -> bool {
    let key = street_key(station);
    key.1.is_some() && !key.0.is_empty()
}

/// A street name as compared: NFKC without spaces, and the 街/街道/镇 suffix
/// apart (a folder named 赤岗 is the street 赤岗街).
fn street_key(name: &str) -> (String, Option<char>) {
    let name = compact(name);
    for (suffix, kind) in [("街道", '街'), ("街", '街'), ("镇", '镇')] {
        if let Some(base) = name.strip_suffix(suffix) {
            return (base.to_string(), Some(kind));
        }
    }
    (name, None)
}

/// 赤岗街 = 赤岗街道 = 赤岗 (a folder), but 赤岗街 ≠ 赤岗镇.
pub fn same_street(a: &str, b: &str) -> bool {
    let (a, b) = (street_key(a), street_key(b));
    !a.0.is_empty() && a.0 == b.0 && (a.1 == b.1 || a.1.is_none() || b.1.is_none())
}

/// A district as any station may write it, with no gazetteer: every form of
/// one district gives one key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DistrictKey {
    /// 片区1, 第一片区, 一片区, 片区一, 第1片区, 片区A, A片区, 一区, 2区, B区.
    Number(u32),
    /// 东片, 西片区, 东北片: named by direction.
    Direction(String),
}

impl std::fmt::Display for DistrictKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DistrictKey::Number(n) => write!(f, "片区{n}"),
            DistrictKey::Direction(d) => write!(f, "{d}片"),
        }
    }
}

/// A district label read with no gazetteer: its key, if it names a
/// district, and the communities it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenericLabel {
    pub key: Option<DistrictKey>,
    /// The communities listed (in brackets, or the label itself when it names
    /// no district), as written without 社区 / 等 / 含.
    pub communities: Vec<String>,
}

impl GenericLabel {
    /// Whether two labels of one district agree: the same key, and one list
    /// of communities within the other (a label may list fewer, "等").
    pub fn agrees_with(&self, other: &GenericLabel) -> bool {
        self.key == other.key && self.communities_agree(other)
    }

    /// One list of communities within the other; an empty list agrees with any.
    pub fn communities_agree(&self, other: &GenericLabel) -> bool {
        let within = |a: &[String], b: &[String]| a.iter().all(|c| b.contains(c));
        within(&self.communities, &other.communities)
            || within(&other.communities, &self.communities)
    }

    /// The one community of `self` one character away from one of `other`
    /// missing from it: a slip (毛坦 for 毛纺), as (this, other).
    pub fn slip_against(&self, other: &GenericLabel) -> Option<(String, String)> {
        self.communities
            .iter()
            .filter(|c| !other.communities.contains(c))
            .find_map(|c| {
                other
                    .communities
                    .iter()
                    .filter(|o| !self.communities.contains(o))
                    .find(|o| one_char_apart(c, o))
                    .map(|o| (c.clone(), o.clone()))
            })
    }

    /// Shares at least one community with `other`.
    pub fn shares_community(&self, other: &GenericLabel) -> bool {
        self.communities
            .iter()
            .any(|c| other.communities.contains(c))
    }
}

/// Reads a district label with no gazetteer: "片区2 (毛纺、竹园等社区)",
/// "第二片区", "东片（下渡、江景）", "二区", "下渡、江景".
pub fn generic_label(label: &str) -> GenericLabel {
    let text = compact(label);
    if text.is_empty() || crate::normalize::vocab::is_total_label(&text) {
        return GenericLabel {
            key: None,
            communities: Vec::new(),
        };
    }
    let key = district_key(&text);
    let mut lists = bracket_contents(&text);
    if lists.is_empty() && key.is_none() {
        lists.push(text.clone());
    }
    let mut communities: Vec<String> = Vec::new();
    for list in &lists {
        for piece in list.split(is_separator) {
            if find_district_form(piece).is_some() || district_key(piece).is_some() {
                continue;
            }
            let piece = strip_decorations(piece);
            let piece = ["包括", "包含", "含"]
                .iter()
                .find_map(|p| piece.strip_prefix(p).filter(|r| r.chars().count() >= 2))
                .unwrap_or(piece);
            for name in split_and_generic(piece) {
                let name = clean_name(name);
                if !name.is_empty() && !communities.contains(&name) {
                    communities.push(name);
                }
            }
        }
    }
    GenericLabel { key, communities }
}

/// "下渡和江景" without a gazetteer: split on a 和 with at least two
/// characters either side, so 和平 stays whole.
fn split_and_generic(piece: &str) -> Vec<&str> {
    for (i, _) in piece.match_indices('和') {
        let (left, right) = (&piece[..i], &piece[i + '和'.len_utf8()..]);
        if left.chars().count() >= 2 && right.chars().count() >= 2 {
            let mut parts = vec![left];
            parts.extend(split_and_generic(right));
            return parts;
        }
    }
    if piece.is_empty() {
        Vec::new()
    } else {
        vec![piece]
    }
}

/// The district a text names, in any form a station uses, with no gazetteer.
pub fn district_key(text: &str) -> Option<DistrictKey> {
    let text = compact(text);
    if let Some(form) = district_form(&text) {
        return Some(DistrictKey::Number(form.number));
    }
    let head_end = text
        .char_indices()
        .find(|(_, c)| closing_of(*c).is_some())
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..head_end];
    let head = head
        .strip_suffix("社工")
        .or_else(|| head.strip_suffix("服务点"))
        .unwrap_or(head);
    let directions = |s: &str| {
        !s.is_empty() && s.chars().count() <= 2 && s.chars().all(|c| "东西南北中".contains(c))
    };
    for suffix in ["片区", "片"] {
        if let Some(base) = head.strip_suffix(suffix) {
            if directions(base) {
                return Some(DistrictKey::Direction(base.to_string()));
            }
        }
    }
    area_number(head).map(DistrictKey::Number)
}

/// 一区, 第二区, 3区, B区: a district written with 区 alone. Only the whole
/// text counts, so 海珠区 or 服务区域 are no district.
fn area_number(head: &str) -> Option<u32> {
    let base = head.strip_suffix('区')?;
    let base = base.strip_prefix('第').unwrap_or(base);
    let chars: Vec<char> = base.chars().collect();
    let form = match chars.as_slice() {
        [] => None,
        [c] if c.is_ascii_alphabetic() => letter_form(*c),
        cs if cs.iter().all(|c| c.is_ascii_digit()) => arabic(cs),
        cs if cs.iter().all(|c| is_chinese_numeral(*c)) => chinese(cs),
        _ => None,
    };
    form.map(|f| f.number)
}

fn default_letter(number: u32) -> Option<char> {
    (1..=26)
        .contains(&number)
        .then(|| char::from(b'A' + (number - 1) as u8))
}

impl Gazetteer {
    /// Whether `written` for `canonical` is one of this station's
    /// [`Gazetteer::lookalikes`], either as the whole name or as the one
    /// character that differs (毛坦社区 → 毛纺社区).
    pub fn is_known_confusable(&self, written: &str, canonical: &str) -> bool {
        let (w, c) = (clean_name(written), clean_name(canonical));
        if self
            .lookalikes
            .iter()
            .any(|(a, b)| (*a == w && *b == c) || (*a == c && *b == w))
        {
            return true;
        }
        let Some(pair) = differing_char(&w, &c) else {
            return false;
        };
        self.lookalikes.iter().any(|(a, b)| {
            differing_char(a, b).is_some_and(|(x, y)| pair == (x, y) || pair == (y, x))
        })
    }

    /// How far to trust correcting `written` to the look-alike `canonical`: 0
    /// when they are not one character apart, 0.95 for a confusion this
    /// station's documents are known for, otherwise the share of characters that agree.
    pub fn lookalike_confidence(&self, written: &str, canonical: &str) -> f32 {
        let (w, c) = (clean_name(written), clean_name(canonical));
        if !one_char_apart(&w, &c) {
            return 0.0;
        }
        if self.is_known_confusable(&w, &c) {
            return 0.95;
        }
        1.0 - 1.0 / c.chars().count() as f32
    }
}

/// The one differing character pair of two equal-length names.
fn differing_char(a: &str, b: &str) -> Option<(char, char)> {
    if a.chars().count() != b.chars().count() {
        return None;
    }
    let mut diffs = a.chars().zip(b.chars()).filter(|(x, y)| x != y);
    match (diffs.next(), diffs.next()) {
        (Some(d), None) => Some(d),
        _ => None,
    }
}

/// Same length, one character differing: the way PDF extraction garbles a
/// name. Single-character names are excluded since any two would qualify.
fn one_char_apart(a: &str, b: &str) -> bool {
    a.chars().count() >= 2 && differing_char(a, b).is_some()
}

/// A community name as compared against the gazetteer.
fn clean_name(s: &str) -> String {
    let c = compact(s);
    let stripped = c.strip_suffix("社区").unwrap_or(&c);
    stripped.to_string()
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '、' | ',' | '，' | ';' | '；' | '/' | '／' | '|' | '｜' | '。' | '.'
    )
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || chinese_digit(c).is_some() || c == '十' || c == '拾'
}

/// Drops the wrapping around a name in a list: "江景等社区", "赤岗等",
/// "竹园等3个社区".
fn strip_decorations(piece: &str) -> &str {
    let mut s = piece.trim();
    loop {
        let before = s;
        if let Some(r) = s.strip_suffix("社区") {
            s = r;
        }
        if let Some(r) = s.strip_suffix('个') {
            let r = r.trim_end_matches(is_numeral);
            if let Some(r) = r.strip_suffix('等') {
                s = r;
            }
        }
        if let Some(r) = s.strip_suffix('等') {
            s = r;
        }
        if s == before {
            return s;
        }
    }
}

/// The text inside each bracket group; an unclosed bracket (a label cut
/// short in a PDF) runs to the end.
fn bracket_contents(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some((pos, open, close)) = rest
        .char_indices()
        .find_map(|(i, c)| closing_of(c).map(|cl| (i, c, cl)))
    {
        let inner = &rest[pos + open.len_utf8()..];
        match inner.find(close) {
            Some(end) => {
                out.push(inner[..end].to_string());
                rest = &inner[end + close.len_utf8()..];
            }
            None => {
                out.push(inner.to_string());
                break;
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DistrictForm {
    number: u32,
    /// Set when the district was written as a letter (B片区).
    letter: Option<char>,
}

/// The district number a text names, in any of its forms: 片区1, 第一片区,
/// 一片区, 第1片区, A片区, 片区A, "A 片区", 第二片区社工.
pub fn district_number(text: &str) -> Option<u32> {
    district_form(&compact_cow(text)).map(|f| f.number)
}

/// Finds the district form in compacted text. The part before any bracket
/// is tried first so that the communities listed in a label cannot be
/// mistaken for it.
fn district_form(text: &str) -> Option<DistrictForm> {
    let head_end = text
        .char_indices()
        .find(|(_, c)| closing_of(*c).is_some())
        .map_or(text.len(), |(i, _)| i);
    find_district_form(&text[..head_end]).or_else(|| find_district_form(text))
}

fn find_district_form(text: &str) -> Option<DistrictForm> {
    // Every form hangs from the word 片区: most texts (figures, indicator names) lack it.
    if !text.contains("片区") {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == '片' && chars[i + 1] == '区' {
            if let Some(f) = numeral_before(&chars[..i]).or_else(|| numeral_after(&chars[i + 2..]))
            {
                return Some(f);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    None
}

fn numeral_before(chars: &[char]) -> Option<DistrictForm> {
    let last = *chars.last()?;
    if last.is_ascii_digit() {
        let start = chars
            .iter()
            .rposition(|c| !c.is_ascii_digit())
            .map_or(0, |p| p + 1);
        return arabic(&chars[start..]);
    }
    if last.is_ascii_alphabetic() {
        let lone = chars.len() < 2 || !chars[chars.len() - 2].is_ascii_alphanumeric();
        return lone.then(|| letter_form(last)).flatten();
    }
    let start = chars
        .iter()
        .rposition(|c| !is_chinese_numeral(*c))
        .map_or(0, |p| p + 1);
    chinese(&chars[start..])
}

fn numeral_after(chars: &[char]) -> Option<DistrictForm> {
    let chars = match chars.first() {
        Some(':' | '：' | '第') => &chars[1..],
        _ => chars,
    };
    let first = *chars.first()?;
    if first.is_ascii_digit() {
        let end = chars
            .iter()
            .position(|c| !c.is_ascii_digit())
            .unwrap_or(chars.len());
        return arabic(&chars[..end]);
    }
    if first.is_ascii_alphabetic() {
        let lone = chars.get(1).is_none_or(|c| !c.is_ascii_alphabetic());
        return lone.then(|| letter_form(first)).flatten();
    }
    let end = chars
        .iter()
        .position(|c| !is_chinese_numeral(*c))
        .unwrap_or(chars.len());
    chinese(&chars[..end])
}

fn arabic(digits: &[char]) -> Option<DistrictForm> {
    let s: String = digits.iter().collect();
    let number = s.parse::<u32>().ok().filter(|n| *n > 0)?;
    Some(DistrictForm {
        number,
        letter: None,
    })
}

fn letter_form(c: char) -> Option<DistrictForm> {
    let upper = c.to_ascii_uppercase();
    upper.is_ascii_uppercase().then(|| DistrictForm {
        number: u32::from(upper as u8 - b'A') + 1,
        letter: Some(upper),
    })
}

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || c == '十' || c == '拾'
}

/// 一 … 九十九; anything else (an empty run, 十十) is not a number.
fn chinese(chars: &[char]) -> Option<DistrictForm> {
    let ten = |c: &char| *c == '十' || *c == '拾';
    let number = match chars {
        [t] if ten(t) => 10,
        [d] => chinese_digit(*d)?,
        [t, d] if ten(t) => 10 + chinese_digit(*d)?,
        [a, t] if ten(t) => chinese_digit(*a)? * 10,
        [a, t, d] if ten(t) => chinese_digit(*a)? * 10 + chinese_digit(*d)?,
        _ => return None,
    };
    Some(DistrictForm {
        number,
        letter: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chinese_numeral(n: u32) -> String {
        const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        match n {
            1..=9 => D[n as usize].to_string(),
            10 => "十".to_string(),
            11..=19 => format!("十{}", D[(n - 10) as usize]),
            _ => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
        }
    }

    #[test]
    fn chinese_numeral_helper() {
        assert_eq!(chinese_numeral(1), "一");
        assert_eq!(chinese_numeral(10), "十");
        assert_eq!(chinese_numeral(12), "十二");
        assert_eq!(chinese_numeral(20), "二十");
    }

    #[test]
    fn chigang_gazetteer() {
        let g = Gazetteer::chigang();
        assert_eq!(g.street, "赤岗街");
        assert_eq!(g.districts.len(), 3);
        let total: usize = g.districts.iter().map(|d| d.communities.len()).sum();
        assert_eq!(total, 22);
        assert_eq!(g.district(2).map(|d| d.letter), Some('B'));
        assert_eq!(
            g.district(2).map(|d| d.communities.clone()),
            Some(vec![
                "毛纺".into(),
                "竹园".into(),
                "大江苑".into(),
                "大江涌".into()
            ])
        );
        assert_eq!(g.district(3).map(|d| d.communities.len()), Some(6));
        assert_eq!(g.district(4), None);
        assert_eq!(g.district(0), None);
        assert_eq!(g.district_by_letter('c').map(|d| d.number), Some(3));
    }

    #[test]
    fn fixture_equals_builtin() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/gazetteers/chigang.toml");
        let g = Gazetteer::from_file(&path).expect("fixture loads");
        assert_eq!(g, Gazetteer::chigang());
    }

    fn parse(text: &str) -> Result<Gazetteer, String> {
        Gazetteer::from_toml_str(text, "test.toml").map_err(|e| e.to_string())
    }

    #[test]
    fn from_toml_default_letters_and_cleanup() {
        let g = parse(
            r#"
street = "元岗街"
[[districts]]
number = 2
communities = ["乙社区", " 丙 "]
[[districts]]
number = 1
letter = "x"
communities = ["甲"]
"#,
        )
        .expect("valid");
        assert_eq!(g.street, "元岗街");
        assert_eq!(g.districts[0].number, 1, "sorted by number");
        assert_eq!(g.districts[0].letter, 'X');
        assert_eq!(g.districts[1].letter, 'B');
        assert_eq!(
            g.districts[1].communities,
            vec!["乙".to_string(), "丙".to_string()]
        );
    }

    #[test]
    fn from_toml_errors() {
        let cases = [
            ("street = ", "not a valid gazetteer file"),
            ("street = \"x\"\ndistricts = []", "no districts"),
            ("districts = []", "not a valid gazetteer file"),
            (
                "street = \"x\"\n[[districts]]\nnumber = 1\ncommunities = [\"甲\", \"乙\"]\n[[districts]]\nnumber = 2\ncommunities = [\"甲社区\"]",
                "community 甲 is listed twice (districts 1 and 2)",
            ),
            (
                "street = \"x\"\n[[districts]]\nnumber = 1\ncommunities = [\"甲\"]\n[[districts]]\nnumber = 1\ncommunities = [\"乙\"]",
                "district 1 is defined twice",
            ),
            (
                "street = \"x\"\n[[districts]]\nnumber = 0\ncommunities = [\"甲\"]",
                "district number 0",
            ),
            (
                "street = \"x\"\n[[districts]]\nnumber = 1\nletter = \"AB\"\ncommunities = [\"甲\"]",
                "letter must be one letter",
            ),
            (
                "street = \"x\"\n[[districts]]\nnumber = 27\ncommunities = [\"甲\"]",
                "no default beyond Z",
            ),
            (
                "street = \"x\"\n[[districts]]\nnumber = 1\ncommunities = [\"甲\"]\n[[districts]]\nnumber = 2\nletter = \"A\"\ncommunities = [\"乙\"]",
                "both have letter A",
            ),
            (
                "street = \"x\"\n[[districts]]\nnumber = 1\ncommunites = [\"甲\"]",
                "not a valid gazetteer file",
            ),
            (
                "street = \"x\"\n[[districts]]\nnumber = 1\ncommunities = [\"社区\"]",
                "empty community name",
            ),
        ];
        for (text, want) in cases {
            let err = parse(text).expect_err(text);
            assert!(err.starts_with("test.toml: "), "{err}");
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }

    #[test]
    fn from_file_missing_is_io() {
        let err =
            Gazetteer::from_file(Path::new("/nonexistent/gazetteer.toml")).expect_err("missing");
        assert!(matches!(err, GazetteerError::Io { .. }), "{err:?}");
    }

    #[test]
    fn from_file_bad_toml_is_invalid() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "street = [").expect("write");
        let err = Gazetteer::from_file(&path).expect_err("bad");
        assert!(matches!(err, GazetteerError::Invalid { .. }), "{err:?}");
        assert!(err.to_string().contains("bad.toml"), "{err}");
    }

    #[test]
    fn district_forms() {
        let cases = [
            ("片区1", Some(1)),
            ("第一片区", Some(1)),
            ("一片区", Some(1)),
            ("第1片区", Some(1)),
            ("A片区", Some(1)),
            ("片区A", Some(1)),
            ("A 片区", Some(1)),
            ("b片区", Some(2)),
            ("片区c", Some(3)),
            ("第二片区社工", Some(2)),
            ("第四片区社工", Some(4)),
            ("片区一", Some(1)),
            ("片区三", Some(3)),
            ("1片区", Some(1)),
            ("片区2 (毛纺、竹园等社区)", Some(2)),
            ("片区３（鸿运、赤岗等 社区）", Some(3)),
            ("片区 2", Some(2)),
            ("第十片区", Some(10)),
            ("第十二片区", Some(12)),
            ("第二十片区", Some(20)),
            ("两片区", Some(2)),
            ("片区Z", Some(26)),
            ("片区:2", Some(2)),
            ("合计", None),
            ("赤岗街", None),
            ("片区", None),
            ("片区0", None),
            ("服务片区", None),
            ("AB片区", None),
            ("片区AB", None),
            ("下渡、江景", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(district_number(text), want, "{text}");
        }
    }

    #[test]
    fn district_form_ignores_bracketed_text_when_head_has_one() {
        assert_eq!(district_number("片区2 (原片区1)"), Some(2));
        assert_eq!(district_number("(片区3)"), Some(3));
    }

    fn names(label: &DistrictLabel) -> Vec<&str> {
        label
            .communities
            .iter()
            .map(|c| c.written.as_str())
            .collect()
    }

    #[test]
    fn parse_seed_labels() {
        let g = Gazetteer::chigang();
        let l = g.parse_label("片区1 (下渡、江景等 社区)");
        assert_eq!(l.district, Some(1));
        assert_eq!(names(&l), vec!["下渡", "江景"]);
        assert_eq!(
            l.communities[0].resolution,
            Resolution::Exact { district: 1 }
        );
        assert_eq!(
            l.communities[1].resolution,
            Resolution::Exact { district: 1 }
        );

        let l = g.parse_label("片区2 (毛坦、竹园等 社区)");
        assert_eq!(l.district, Some(2));
        assert_eq!(names(&l), vec!["毛坦", "竹园"]);
        assert_eq!(
            l.communities[0].resolution,
            Resolution::Confusable {
                canonical: "毛纺".into(),
                district: 2
            }
        );
        assert_eq!(
            l.communities[1].resolution,
            Resolution::Exact { district: 2 }
        );

        let l = g.parse_label("片区3 (鸿运、赤岗等 社区)");
        assert_eq!(l.district, Some(3));
        assert_eq!(names(&l), vec!["鸿运", "赤岗"]);
        assert_eq!(
            l.communities[1].resolution,
            Resolution::Exact { district: 1 }
        );
        assert_eq!(g.lookalikes_in("赤岗", 3), vec!["赤塘".to_string()]);
    }

    #[test]
    fn parse_label_brackets_and_separators() {
        let g = Gazetteer::chigang();
        let cases: [(&str, Option<u32>, &[&str]); 9] = [
            (
                "片区2（毛纺，竹园；大江苑/大江涌）",
                Some(2),
                &["毛纺", "竹园", "大江苑", "大江涌"],
            ),
            ("B片区【毛纺,竹园】", Some(2), &["毛纺", "竹园"]),
            ("第三片区[鸿运和客村]", Some(3), &["鸿运", "客村"]),
            ("片区1 (下渡社区、江景社区)", Some(1), &["下渡", "江景"]),
            ("片区1 (下渡、江景等4个社区)", Some(1), &["下渡", "江景"]),
            ("片区1 (下渡、江景等)", Some(1), &["下渡", "江景"]),
            ("片区1 (含下渡、江景", Some(1), &["下渡", "江景"]),
            ("下渡、江景", None, &["下渡", "江景"]),
            ("七星岗社区", None, &["七星岗"]),
        ];
        for (label, district, want) in cases {
            let l = g.parse_label(label);
            assert_eq!(l.district, district, "{label}");
            assert_eq!(names(&l), want.to_vec(), "{label}");
            assert!(
                l.communities
                    .iter()
                    .all(|c| matches!(c.resolution, Resolution::Exact { .. })),
                "{label}: {l:?}"
            );
        }
    }

    #[test]
    fn parse_label_without_list() {
        let g = Gazetteer::chigang();
        assert_eq!(
            g.parse_label("第二片区社工"),
            DistrictLabel {
                district: Some(2),
                communities: vec![]
            }
        );
        assert_eq!(
            g.parse_label("合计"),
            DistrictLabel {
                district: None,
                communities: vec![]
            }
        );
        assert_eq!(
            g.parse_label(""),
            DistrictLabel {
                district: None,
                communities: vec![]
            }
        );
        assert_eq!(
            g.parse_label("(片区3)"),
            DistrictLabel {
                district: Some(3),
                communities: vec![]
            }
        );
        let l = g.parse_label("未知名");
        assert_eq!(l.district, None);
        assert_eq!(l.communities[0].resolution, Resolution::Unknown);
    }

    #[test]
    fn parse_label_uses_gazetteer_letters() {
        let g = parse(
            "street = \"x\"\n[[districts]]\nnumber = 1\nletter = \"N\"\ncommunities = [\"甲乙\"]\n[[districts]]\nnumber = 2\nletter = \"S\"\ncommunities = [\"丙丁\"]",
        )
        .expect("valid");
        assert_eq!(g.parse_label("S片区").district, Some(2));
        // A letter the gazetteer does not use falls back to its alphabet position.
        assert_eq!(g.parse_label("B片区").district, Some(2));
        assert_eq!(district_number("S片区"), Some(19));
    }

    #[test]
    fn split_on_he_keeps_names_containing_he() {
        let g =
            parse("street = \"x\"\n[[districts]]\nnumber = 1\ncommunities = [\"和平\", \"东山\"]")
                .expect("valid");
        let l = g.parse_label("片区1 (和平和东山)");
        assert_eq!(names(&l), vec!["和平", "东山"]);
        let l = g.parse_label("片区1 (和平、东山)");
        assert_eq!(names(&l), vec!["和平", "东山"]);
    }

    #[test]
    fn resolve() {
        let g = Gazetteer::chigang();
        assert_eq!(
            g.resolve_community("赤岗"),
            Resolution::Exact { district: 1 }
        );
        assert_eq!(
            g.resolve_community("赤岗社区"),
            Resolution::Exact { district: 1 }
        );
        assert_eq!(
            g.resolve_community(" 赤 塘 "),
            Resolution::Exact { district: 3 }
        );
        assert_eq!(
            g.resolve_community("毛坦"),
            Resolution::Confusable {
                canonical: "毛纺".into(),
                district: 2
            }
        );
        assert_eq!(
            g.resolve_community("石榴冈社区"),
            Resolution::Confusable {
                canonical: "石榴岗".into(),
                district: 1
            }
        );
        assert_eq!(
            g.resolve_community("赤X"),
            Resolution::Ambiguous {
                candidates: vec!["赤岗".into(), "赤塘".into()]
            }
        );
        assert_eq!(
            g.resolve_community("大江X"),
            Resolution::Ambiguous {
                candidates: vec!["大江苑".into(), "大江涌".into()]
            }
        );
        assert_eq!(g.resolve_community("猎德"), Resolution::Unknown);
        assert_eq!(
            g.resolve_community("下渡路"),
            Resolution::Unknown,
            "lengths differ"
        );
        assert_eq!(g.resolve_community(""), Resolution::Unknown);
        assert_eq!(g.resolve_community("社区"), Resolution::Unknown);
    }

    #[test]
    fn known_pairs_do_not_break_ties() {
        // 赤岗/赤塘 is a known pair, yet a name one character from both stays ambiguous.
        let g =
            parse("street = \"x\"\n[[districts]]\nnumber = 1\ncommunities = [\"赤塘\", \"赤坦\"]")
                .expect("valid");
        assert_eq!(
            g.resolve_community("赤岗"),
            Resolution::Ambiguous {
                candidates: vec!["赤塘".into(), "赤坦".into()]
            }
        );
    }

    #[test]
    fn confusable_pairs_are_the_stations_own() {
        let g = Gazetteer::chigang();
        assert!(g.is_known_confusable("毛坦", "毛纺"));
        assert!(g.is_known_confusable("毛纺", "毛坦"));
        assert!(g.is_known_confusable("赤岗", "赤塘"));
        assert!(g.is_known_confusable("毛坦社区", "毛纺"));
        // Same character pair inside another name.
        assert!(g.is_known_confusable("大坦", "大纺"));
        assert!(!g.is_known_confusable("石榴冈", "石榴岗"));
        assert!(!g.is_known_confusable("毛纺", "毛纺"));
        // Another station's confusions are not 赤岗街's.
        assert!(!g.is_known_confusable("穗星", "勵星"));
        let other = parse(
            "street = \"某街\"\nlookalikes = [[\"穗星\", \"勵星\"]]\n[[districts]]\nnumber = 1\ncommunities = [\"勵星\"]",
        )
        .expect("valid");
        assert!(other.is_known_confusable("穗星", "勵星"));
        assert!(!other.is_known_confusable("毛坦", "毛纺"));
        assert!((g.lookalike_confidence("毛坦", "毛纺") - 0.95).abs() < 1e-6);
        let c = g.lookalike_confidence("石榴冈", "石榴岗");
        assert!(c > 0.6 && c < 0.95, "{c}");
        assert_eq!(g.lookalike_confidence("猎德", "毛纺"), 0.0);
        assert_eq!(g.lookalike_confidence("毛纺", "毛纺"), 0.0);
        assert!(other.lookalike_confidence("毛坦", "毛纺") < 0.95);
    }

    #[test]
    fn a_listed_lookalike_resolves_whatever_its_distance() {
        let g = parse(
            "street = \"某街\"\nlookalikes = [[\"双百\", \"双石\"], [\"穗新星\", \"勵星\"]]\n[[districts]]\nnumber = 1\ncommunities = [\"双石\", \"勵星\"]",
        )
        .expect("valid");
        assert_eq!(
            g.resolve_community("穗新星社区"),
            Resolution::Confusable {
                canonical: "勵星".into(),
                district: 1
            }
        );
        assert_eq!(
            g.resolve_community("双百"),
            Resolution::Confusable {
                canonical: "双石".into(),
                district: 1
            }
        );
        // 赤岗 is a community of 赤岗街 itself: listed as a look-alike of 赤塘, it stays exact.
        assert_eq!(
            Gazetteer::chigang().resolve_community("赤岗"),
            Resolution::Exact { district: 1 }
        );
    }

    #[test]
    fn lookalikes_in_toml_are_checked() {
        for bad in [
            "lookalikes = [[\"毛坦\"]]",
            "lookalikes = [[\"毛坦\", \"毛坦\"]]",
            "lookalikes = [[\"\", \"毛纺\"]]",
            "lookalikes = [[\"a\", \"b\", \"c\"]]",
        ] {
            let text = format!(
                "street = \"x街\"\n{bad}\n[[districts]]\nnumber = 1\ncommunities = [\"甲\"]"
            );
            let err = parse(&text).expect_err(bad);
            assert!(err.contains("lookalikes"), "{bad}: {err}");
        }
    }

    fn street_gazetteer(street: &str) -> Gazetteer {
        parse(&format!(
            "street = \"{street}\"\n[[districts]]\nnumber = 1\ncommunities = [\"甲乙\"]"
        ))
        .expect("valid")
    }

    #[test]
    fn a_gazetteer_serves_its_own_street_only() {
        let all = Gazetteers::built_in();
        assert_eq!(
            all.for_station(Some("赤岗街")).map(|g| g.street.as_str()),
            Some("赤岗街")
        );
        assert_eq!(
            all.for_station(Some("赤岗街道")).map(|g| g.street.as_str()),
            Some("赤岗街")
        );
        // A folder named without 街 is still the street.
        assert!(all.for_station(Some("赤岗")).is_some());
        assert!(all.for_station(Some("华洲街")).is_none());
        assert!(all.for_station(Some("赤岗镇")).is_none());
        // The built-in one is never applied to a file whose station is unknown.
        assert!(all.for_station(None).is_none());
        assert!(all.for_station(Some("indicators")).is_none());

        let mut named = Gazetteers::built_in();
        named.add_named(street_gazetteer("华洲街"));
        assert_eq!(
            named.for_station(None).map(|g| g.street.as_str()),
            Some("华洲街")
        );
        // A plain folder is not a station's name: the named gazetteer still applies.
        assert_eq!(
            named
                .for_station(Some("downloads"))
                .map(|g| g.street.as_str()),
            Some("华洲街")
        );
        // Never to a file that names another station.
        assert!(named.for_station(Some("新港街")).is_none());
        assert_eq!(
            named.for_station(Some("赤岗街")).map(|g| g.street.as_str()),
            Some("赤岗街")
        );

        // A file of the same street replaces the built-in one.
        let mut replaced = Gazetteers::built_in();
        replaced.add(street_gazetteer("赤岗街道"));
        assert_eq!(replaced.iter().count(), 1);
        assert_eq!(
            replaced
                .for_station(Some("赤岗街"))
                .map(|g| g.districts[0].communities.clone()),
            Some(vec!["甲乙".to_string()])
        );
    }

    #[test]
    fn a_folder_of_gazetteers() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("a.toml"),
            "street = \"华洲街\"\n[[districts]]\nnumber = 1\ncommunities = [\"甲乙\"]",
        )
        .expect("write");
        std::fs::write(
            dir.path().join("b.toml"),
            "street = \"新港街\"\n[[districts]]\nnumber = 1\ncommunities = [\"丙丁\"]",
        )
        .expect("write");
        std::fs::write(dir.path().join("readme.txt"), "not a gazetteer").expect("write");
        let mut all = Gazetteers::built_in();
        all.add_dir(dir.path()).expect("loads");
        assert_eq!(all.iter().count(), 3);
        assert!(all.for_station(Some("华洲街")).is_some());
        assert!(all.for_station(Some("新港街")).is_some());
        assert!(
            all.for_station(None).is_none(),
            "a folder names no street for unknown files"
        );
        // Two files of one street: which is meant cannot be told.
        std::fs::write(
            dir.path().join("c.toml"),
            "street = \"华洲街道\"\n[[districts]]\nnumber = 1\ncommunities = [\"戊己\"]",
        )
        .expect("write");
        let err = Gazetteers::none().add_dir(dir.path()).expect_err("twice");
        assert!(err.to_string().contains("华洲"), "{err}");
        let empty = tempfile::tempdir().expect("tempdir");
        assert!(Gazetteers::none().add_dir(empty.path()).is_err());
    }

    #[test]
    fn generic_district_keys() {
        let one = Some(DistrictKey::Number(1));
        for text in [
            "第一片区",
            "一片区",
            "片区一",
            "片区1",
            "第1片区",
            "片区 A",
            "A片区",
            "A 片区",
            "一区",
            "第一区",
            "1区",
            "A区",
            "片区1 (下渡、江景等社区)",
        ] {
            assert_eq!(district_key(text), one, "{text}");
        }
        assert_eq!(district_key("二区"), Some(DistrictKey::Number(2)));
        for (text, direction) in [
            ("东片", "东"),
            ("西片区", "西"),
            ("中片（甲、乙）", "中"),
            ("东北片", "东北"),
        ] {
            assert_eq!(
                district_key(text),
                Some(DistrictKey::Direction(direction.to_string())),
                "{text}"
            );
        }
        for text in [
            "海珠区",
            "服务区域",
            "合计",
            "下渡、江景",
            "片区",
            "东山片区社工站",
            "区",
        ] {
            assert_eq!(district_key(text), None, "{text}");
        }
    }

    #[test]
    fn generic_labels_and_their_agreement() {
        let l = generic_label("片区2 (毛纺、竹园等社区)");
        assert_eq!(l.key, Some(DistrictKey::Number(2)));
        assert_eq!(l.communities, vec!["毛纺".to_string(), "竹园".to_string()]);
        assert_eq!(
            generic_label("东片（和平和东山）").communities,
            vec!["和平", "东山"]
        );
        assert_eq!(generic_label("下渡、江景").key, None);
        assert_eq!(
            generic_label("下渡、江景").communities,
            vec!["下渡", "江景"]
        );
        assert_eq!(generic_label("合计").communities, Vec::<String>::new());

        let a = generic_label("片区2 (毛纺、竹园)");
        // Forms of one key agree, and a shorter list agrees with a longer one.
        assert!(a.agrees_with(&generic_label("第二片区（毛纺、竹园等社区）")));
        assert!(a.agrees_with(&generic_label("B片区")));
        assert!(a.agrees_with(&generic_label("片区2 (毛纺、竹园、大江苑)")));
        let slip = generic_label("片区2 (毛坦、竹园)");
        assert!(!a.agrees_with(&slip));
        assert_eq!(
            slip.slip_against(&a),
            Some(("毛坦".to_string(), "毛纺".to_string()))
        );
        let other = generic_label("片区2 (大江苑、大江涌)");
        assert!(!a.agrees_with(&other));
        assert_eq!(other.slip_against(&a), None);
        assert!(!a.agrees_with(&generic_label("片区3 (毛纺、竹园)")));
    }

    #[test]
    fn lookalikes_in_district() {
        let g = Gazetteer::chigang();
        assert_eq!(g.lookalikes_in("赤岗", 3), vec!["赤塘".to_string()]);
        assert_eq!(g.lookalikes_in("赤岗", 2), Vec::<String>::new());
        assert_eq!(g.lookalikes_in("赤岗", 9), Vec::<String>::new());
        assert_eq!(g.lookalikes_in("赤塘社区", 1), vec!["赤岗".to_string()]);
        assert_eq!(g.lookalikes_in("江景", 1), vec!["江丽".to_string()]);
    }

    proptest! {
        #[test]
        fn arabic_district_numbers(n in 1u32..=20) {
            prop_assert_eq!(district_number(&format!("第{n}片区")), Some(n));
            prop_assert_eq!(district_number(&format!("片区{n}")), Some(n));
        }

        #[test]
        fn chinese_district_numbers(n in 1u32..=20) {
            let c = chinese_numeral(n);
            prop_assert_eq!(district_number(&format!("第{c}片区")), Some(n));
            prop_assert_eq!(district_number(&format!("{c}片区")), Some(n));
            prop_assert_eq!(district_number(&format!("片区{c}")), Some(n));
        }

        #[test]
        fn names_never_panic(s in any::<String>()) {
            let g = Gazetteer::chigang();
            let _ = g.parse_label(&s);
            let _ = g.resolve_community(&s);
            let _ = district_number(&s);
            let _ = district_key(&s);
            let _ = generic_label(&s);
        }

        #[test]
        fn every_form_of_a_district_is_one_key(n in 1u32..=20) {
            let c = chinese_numeral(n);
            let key = Some(DistrictKey::Number(n));
            for text in [format!("第{c}片区"), format!("{c}片区"), format!("片区{c}"),
                         format!("片区{n}"), format!("第{n}片区"), format!("{c}区"), format!("第{n}区")] {
                prop_assert_eq!(district_key(&text), key.clone(), "{}", text);
            }
        }
    }
}
