//! Pattern rules over a word scan: each rule recognises one family of expressions and
//! returns a [`Val`], still unresolved against the publication date.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use sitrep_doc::TimexType;

use crate::scan::Word;

/// Calendar units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// Which occurrence of a recurring name ("Tuesday", "April") is meant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    /// Decided by the sentence: past by default, future after a future cue.
    Auto,
    /// "last April": strictly before the anchor.
    Last,
    /// "this April": in the anchor's week or year.
    This,
    /// "next April": strictly after the anchor.
    Next,
}

/// An expression's meaning before it meets the publication date.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    /// A value that needs no anchor (durations, sets, full dates, years).
    Lit(String),
    /// A month and day whose year comes from the anchor.
    MonthDay(u32, u32),
    /// Today plus this many days.
    Day(i64),
    Weekday(Weekday, Dir),
    Month(u32, Dir),
    /// The anchor's unit shifted by this many units ("last week" = -1).
    Rel(Unit, i64),
    /// A quarter of the anchor's year.
    Quarter(u32),
    /// A quarter of the anchor's year shifted by so many years.
    QuarterOfYear(u32, i64),
    /// The last complete quarter ("the quarter", "the latest quarter").
    LastQuarter,
    /// A season ("SP", "SU", "FA", "WI") with its direction.
    Season(&'static str, Dir),
    /// A month of the anchor's year shifted by so many years ("June last year").
    MonthOfYear(u32, i64),
    /// "a year earlier": the year before, or its quarter in quarterly reporting.
    YearAgo,
    /// "the 1988 period": that year, or its quarter matching the latest one in quarterly
    /// reporting.
    PeriodOfYear(i32),
    /// So many units before the anchor; `None` for "years ago".
    Ago(Option<u32>, Unit),
    /// A part of day or clock time (`TMO`, `T15:00`) on a day.
    TimeOfDay(Box<Val>, String),
    /// A holiday in the year the direction picks.
    Holiday(Holiday, Dir),
    /// Resolved against the last date the text mentioned rather than the publication
    /// date ("the following year", "that day", "the previous Friday").
    Anaphoric(Box<Val>),
    PresentRef,
    PastRef,
    FutureRef,
}

/// Holidays that news dates events by, fixed or by weekday rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Holiday {
    Fixed(u32, u32),
    /// The `n`th (from 1; 5 is the last) given weekday of a month.
    Nth(u32, Weekday, u32),
    /// The Tuesday after the first Monday of November (US elections).
    Election,
    Easter,
}

impl Holiday {
    /// The holiday's date in year `y`.
    pub(crate) fn date(self, y: i32) -> Option<NaiveDate> {
        match self {
            Holiday::Fixed(mo, d) => NaiveDate::from_ymd_opt(y, mo, d),
            Holiday::Nth(mo, wd, 5) => {
                let first_next = NaiveDate::from_ymd_opt(y + i32::from(mo == 12), mo % 12 + 1, 1)?;
                let last = first_next.pred_opt()?;
                let back =
                    (last.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
                last.checked_sub_days(Days::new(back.into()))
            }
            Holiday::Nth(mo, wd, n) => NaiveDate::from_weekday_of_month_opt(y, mo, wd, n as u8),
            Holiday::Election => {
                NaiveDate::from_weekday_of_month_opt(y, 11, Weekday::Mon, 1)?.succ_opt()
            }
            Holiday::Easter => {
                // Anonymous Gregorian computus.
                let (a, b, c) = (y % 19, y / 100, y % 100);
                let (d, e) = (b / 4, b % 4);
                let g = (8 * b + 13) / 25;
                let h = (19 * a + b - d - g + 15) % 30;
                let (i, k) = (c / 4, c % 4);
                let l = (32 + 2 * e + 2 * i - h - k) % 7;
                let m = (a + 11 * h + 19 * l) / 433;
                let month = (h + l - 7 * m + 90) / 25;
                let day = (h + l - 7 * m + 33 * month + 19) % 32;
                NaiveDate::from_ymd_opt(y, month as u32, day as u32)
            }
        }
    }
}

/// Holiday names (each word capitalised in the text) and an optional trailing "Day".
const HOLIDAYS: [(&[&str], Holiday); 13] = [
    (&["thanksgiving"], Holiday::Nth(11, Weekday::Thu, 4)),
    (&["christmas", "eve"], Holiday::Fixed(12, 24)),
    (&["christmas"], Holiday::Fixed(12, 25)),
    (&["new", "year", "'", "s", "eve"], Holiday::Fixed(12, 31)),
    (&["new", "year", "'", "s"], Holiday::Fixed(1, 1)),
    (&["independence"], Holiday::Fixed(7, 4)),
    (&["election"], Holiday::Election),
    (&["labor"], Holiday::Nth(9, Weekday::Mon, 1)),
    (&["memorial"], Holiday::Nth(5, Weekday::Mon, 5)),
    (&["veterans"], Holiday::Fixed(11, 11)),
    (&["halloween"], Holiday::Fixed(10, 31)),
    (&["valentine", "'", "s"], Holiday::Fixed(2, 14)),
    (&["easter"], Holiday::Easter),
];

/// "Thanksgiving Day", "last Christmas", "Election Day", "New Year's Eve".
fn holiday(c: &Cx, i: usize) -> Option<Match> {
    let (dir, j) = match c.low(i) {
        "last" => (Dir::Last, i + 1),
        "next" => (Dir::Next, i + 1),
        "this" => (Dir::This, i + 1),
        _ => (Dir::Auto, i),
    };
    let (names, h) = HOLIDAYS.iter().find(|(names, _)| {
        names.iter().enumerate().all(|(k, w)| {
            c.is(j + k, w) && (c.cap(j + k) || !w.starts_with(char::is_alphabetic) || *w == "s")
        })
    })?;
    let mut end = j + names.len();
    // Days named only with "Day": "Election", "Labor", "Memorial", "Veterans", "Independence".
    let needs_day = matches!(
        names[0],
        "election" | "labor" | "memorial" | "veterans" | "independence" | "valentine"
    );
    if c.is(end, "day") && c.cap(end) {
        end += 1;
    } else if needs_day {
        return None;
    }
    m(i, end, Val::Holiday(*h, dir), TimexType::Date, "holiday")
}

/// A recognised expression: words `[start, end)` of the scan.
#[derive(Clone, Debug)]
pub(crate) struct Match {
    pub start: usize,
    pub end: usize,
    pub val: Val,
    pub kind: TimexType,
    pub rule: &'static str,
}

fn m(start: usize, end: usize, val: Val, kind: TimexType, rule: &'static str) -> Option<Match> {
    Some(Match {
        start,
        end,
        val,
        kind,
        rule,
    })
}

struct Cx<'a> {
    w: &'a [Word],
}

impl Cx<'_> {
    fn low(&self, i: usize) -> &str {
        self.w.get(i).map_or("", |w| w.low.as_str())
    }
    fn is(&self, i: usize, s: &str) -> bool {
        self.low(i) == s
    }
    fn any(&self, i: usize, set: &[&str]) -> bool {
        set.contains(&self.low(i))
    }
    /// Word `i` is punctuation `p` glued to the previous word.
    fn glued(&self, i: usize, p: &str) -> bool {
        self.w.get(i).is_some_and(|w| w.low == p && !w.space_before)
    }
    fn cap(&self, i: usize) -> bool {
        self.w.get(i).is_some_and(|w| w.cap)
    }
    fn num(&self, i: usize) -> Option<u32> {
        self.w.get(i).and_then(Word::num)
    }
    fn digits(&self, i: usize) -> usize {
        self.w
            .get(i)
            .filter(|w| w.is_num())
            .map_or(0, |w| w.low.len())
    }
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const ORDINALS: [&str; 5] = ["", "first", "second", "third", "fourth"];
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];
const PARTS_OF_DAY: [(&str, &str); 5] = [
    ("morning", "TMO"),
    ("afternoon", "TAF"),
    ("evening", "TEV"),
    ("night", "TNI"),
    ("overnight", "TNI"),
];
/// Words before a bare year or month that make it a time expression.
const TIME_PREPS: [&str; 20] = [
    "in", "since", "of", "by", "until", "till", "from", "to", "during", "before", "after", "early",
    "late", "mid", "through", "between", "and", "-", "year", "around",
];

/// Parses a number phrase at `i`: its value (`None` for "several", "a few") and end.
fn number(c: &Cx, i: usize) -> Option<(Option<u32>, usize)> {
    if let Some(n) = c.num(i) {
        return Some((Some(n), i + 1));
    }
    let l = c.low(i);
    match l {
        "a" | "an" | "one" if c.is(i + 1, "few") => return Some((None, i + 2)),
        "a" if c.is(i + 1, "couple") && c.is(i + 2, "of") => return Some((Some(2), i + 3)),
        "a" | "an" => return Some((Some(1), i + 1)),
        "several" | "few" | "many" | "some" | "numerous" => return Some((None, i + 1)),
        "dozen" => return Some((Some(12), i + 1)),
        _ => {}
    }
    if let Some(n) = ONES.iter().position(|&o| o == l) {
        if c.is(i + 1, "hundred") {
            return Some((Some(n as u32 * 100), i + 2));
        }
        return Some((Some(n as u32), i + 1));
    }
    if let Some(t) = TENS.iter().position(|&o| !o.is_empty() && o == l) {
        let t = t as u32 * 10;
        let j = if c.glued(i + 1, "-") { i + 2 } else { i + 1 };
        if let Some(o) = ONES[1..10].iter().position(|&o| o == c.low(j)) {
            return Some((Some(t + o as u32 + 1), j + 1));
        }
        return Some((Some(t), i + 1));
    }
    None
}

fn unit(l: &str) -> Option<(Unit, bool)> {
    Some(match l {
        "second" => (Unit::Second, false),
        "seconds" => (Unit::Second, true),
        "minute" => (Unit::Minute, false),
        "minutes" => (Unit::Minute, true),
        "hour" => (Unit::Hour, false),
        "hours" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "weekend" => (Unit::Weekend, false),
        "weekends" => (Unit::Weekend, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" => (Unit::Year, false),
        "years" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

/// TIMEX3 duration value: `P5Y`, `PT3H`, `PXM`.
pub(crate) fn duration(n: Option<u32>, u: Unit) -> String {
    let n = n.map_or("X".to_string(), |n| n.to_string());
    match u {
        Unit::Second => format!("PT{n}S"),
        Unit::Minute => format!("PT{n}M"),
        Unit::Hour => format!("PT{n}H"),
        Unit::Day => format!("P{n}D"),
        Unit::Week => format!("P{n}W"),
        Unit::Weekend => format!("P{n}WE"),
        Unit::Month => format!("P{n}M"),
        Unit::Quarter => format!("P{n}Q"),
        Unit::Year => format!("P{n}Y"),
        // TimeBank writes decades and centuries in years ("two decades" is P20Y).
        Unit::Decade | Unit::Century => {
            let per = if u == Unit::Decade { 10 } else { 100 };
            let n = n
                .parse::<u32>()
                .map_or("X".to_string(), |n| (n * per).to_string());
            format!("P{n}Y")
        }
    }
}

/// A duration of `n` units and a half ("2 1/2 years" is P2Y6M), for units whose half is
/// a whole number of the next smaller one.
fn duration_and_half(n: u32, u: Unit) -> Option<String> {
    Some(match u {
        Unit::Year => format!("P{n}Y6M"),
        Unit::Day => format!("P{n}DT12H"),
        Unit::Hour => format!("PT{n}H30M"),
        Unit::Minute => format!("PT{n}M30S"),
        _ => return None,
    })
}

/// A month name at `i` (abbreviations may carry a glued period): its number and end.
fn month(c: &Cx, i: usize) -> Option<(u32, usize, bool)> {
    if !c.cap(i) {
        return None;
    }
    let (m, abbreviated) = sitrep_doc::calendar::month_number(c.low(i))?;
    let end = if abbreviated && c.glued(i + 1, ".") {
        i + 2
    } else {
        i + 1
    };
    Some((m, end, abbreviated))
}

fn weekday(c: &Cx, i: usize) -> Option<Weekday> {
    if !c.cap(i) {
        return None;
    }
    let l = c.low(i);
    WEEKDAYS.iter().find(|(n, _)| *n == l).map(|&(_, d)| d)
}

/// A day of month at `i`: `6`, `6th`.
fn day_of_month(c: &Cx, i: usize) -> Option<(u32, usize)> {
    let w = c.w.get(i)?;
    let l = w.low.as_str();
    let digits = l.trim_end_matches(|ch: char| ch.is_ascii_alphabetic());
    let suffix = &l[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some((d, i + 1))
}

fn year4(c: &Cx, i: usize) -> Option<i32> {
    (c.digits(i) == 4)
        .then(|| c.num(i))
        .flatten()
        .map(|y| y as i32)
        .filter(|y| (1000..=2100).contains(y))
}

/// A following `, 2016` or `2016`: the year and the end.
fn trailing_year(c: &Cx, i: usize) -> Option<(i32, usize)> {
    let i = if c.is(i, ",") { i + 1 } else { i };
    year4(c, i)
        .map(|y| (y, i + 1))
        .or_else(|| spoken_year(c, i))
}

/// A year in words, as broadcast transcripts write them: "nineteen ninety-seven", "two
/// thousand", "two thousand and one". Returns the year and the end.
fn spoken_year(c: &Cx, i: usize) -> Option<(i32, usize)> {
    let low = |n: &Option<u32>| n.is_some_and(|n| (1..100).contains(&n));
    if c.is(i, "nineteen") {
        let (n, e) = number(c, i + 1).filter(|(n, _)| low(n))?;
        return Some((1900 + n? as i32, e));
    }
    if c.is(i, "two") && c.is(i + 1, "thousand") {
        let j = if c.is(i + 2, "and") { i + 3 } else { i + 2 };
        return match number(c, j).filter(|(n, _)| low(n) && c.num(j).is_none()) {
            Some((Some(n), e)) => Some((2000 + n as i32, e)),
            _ => Some((2000, i + 2)),
        };
    }
    None
}

fn ymd(y: i32, mo: u32, d: Option<u32>) -> Val {
    match d {
        Some(d) => Val::Lit(format!("{y:04}-{mo:02}-{d:02}")),
        None => Val::Lit(format!("{y:04}-{mo:02}")),
    }
}

/// Dates with a month name: "Jan. 6", "September 18, 2015", "10 February, 2016",
/// "August 1988", "in December".
fn month_date(c: &Cx, i: usize) -> Option<Match> {
    use TimexType::Date;
    if let Some((d, j)) = day_of_month(c, i) {
        let j2 = if c.is(j, "of") { j + 1 } else { j };
        if let Some((mo, k, _)) = month(c, j2) {
            if let Some((y, e)) = trailing_year(c, k) {
                return m(i, e, ymd(y, mo, Some(d)), Date, "day-month-year");
            }
            return m(i, k, Val::MonthDay(mo, d), Date, "day-month");
        }
        return None;
    }
    let (mo, j, abbr) = month(c, i)?;
    if let Some((d, k)) = day_of_month(c, j) {
        // "May 5 people" is rare next to a real "May 5"; a following unit word is not.
        if unit(c.low(k)).is_none() && !c.is(k, "%") {
            if let Some((y, e)) = trailing_year(c, k) {
                return m(i, e, ymd(y, mo, Some(d)), Date, "month-day-year");
            }
            return m(i, k, Val::MonthDay(mo, d), Date, "month-day");
        }
    }
    let k = if c.is(j, "of") { j + 1 } else { j };
    if let Some((y, e)) = trailing_year(c, k) {
        return m(i, e, ymd(y, mo, None), Date, "month-year");
    }
    if abbr {
        return None;
    }
    // A bare "May"/"March" needs a preposition before it.
    let ambiguous = mo == 3 || mo == 5;
    let prev = if i > 0 { c.low(i - 1) } else { "" };
    if ambiguous && !TIME_PREPS.contains(&prev) && !["last", "next", "this"].contains(&prev) {
        return None;
    }
    m(i, j, Val::Month(mo, Dir::Auto), Date, "month")
}

/// ISO and numeric dates: "2016-02-10", "2/10/2016".
fn numeric_date(c: &Cx, i: usize) -> Option<Match> {
    if c.digits(i) == 4 && c.glued(i + 1, "-") && c.digits(i + 2) == 2 {
        let y = c.num(i)? as i32;
        let mo = c.num(i + 2)?;
        if !(1..=12).contains(&mo) {
            return None;
        }
        if c.glued(i + 3, "-") && c.digits(i + 4) == 2 {
            let d = c.num(i + 4)?;
            return m(i, i + 5, ymd(y, mo, Some(d)), TimexType::Date, "iso-date");
        }
        return None;
    }
    if c.digits(i) <= 2 && c.glued(i + 1, "/") && c.digits(i + 2) <= 2 && c.glued(i + 3, "/") {
        let (mo, d) = (c.num(i)?, c.num(i + 2)?);
        let y = match c.digits(i + 4) {
            4 => c.num(i + 4)? as i32,
            2 => 1900 + c.num(i + 4)? as i32,
            _ => return None,
        };
        if (1..=12).contains(&mo) && (1..=31).contains(&d) {
            return m(
                i,
                i + 5,
                ymd(y, mo, Some(d)),
                TimexType::Date,
                "us-numeric-date",
            );
        }
    }
    None
}

/// Bare years, decades and fiscal years: "in 1979", "the 1990s", "fiscal 1989".
fn year(c: &Cx, i: usize) -> Option<Match> {
    use TimexType::Date;
    if c.is(i, "fiscal") {
        if let Some(y) = year4(c, i + 1) {
            // TimeBank writes fiscal years as plain years.
            return m(i, i + 2, Val::Lit(format!("{y}")), Date, "fiscal-year");
        }
    }
    let l = c.low(i);
    if l.len() == 5 && l.ends_with('s') && l[..4].bytes().all(|b| b.is_ascii_digit()) {
        let start = if i > 0 && c.is(i - 1, "the") {
            i - 1
        } else {
            i
        };
        return m(start, i + 1, Val::Lit(l[..3].to_string()), Date, "decade");
    }
    let y = year4(c, i)?;
    let prev = if i > 0 { c.low(i - 1) } else { "" };
    // "$1990", "1990%", "12,1990" and index levels ("closed at 2082.1") are amounts.
    let decimal = c.glued(i + 1, ".")
        && c.w
            .get(i + 2)
            .is_some_and(|w| w.is_num() && !w.space_before);
    if prev == "$" || c.is(i + 1, "%") || prev == "," && c.digits(i - 1) > 0 || decimal {
        return None;
    }
    let next_word = c.w.get(i + 1).is_some_and(|w| {
        w.low.starts_with(|ch: char| ch.is_alphabetic())
            && !w.cap
            && ![
                "and", "or", "to", "when", "as", "after", "before", "until", "but", "the",
            ]
            .contains(&w.low.as_str())
    });
    // "1989 profit" is a year, "2000 troops" a count.
    let singular_next = !c.low(i + 1).ends_with('s') && (1900..=2040).contains(&y);
    if TIME_PREPS.contains(&prev) || !next_word || singular_next {
        return m(i, i + 1, Val::Lit(format!("{y}")), Date, "year");
    }
    None
}

/// Weekdays with their modifiers and parts of day: "last Tuesday", "Friday night".
fn weekday_expr(c: &Cx, i: usize) -> Option<Match> {
    // "the previous Friday", "the following Monday": next to the last date named.
    if c.is(i, "the") && c.any(i + 1, &["previous", "following"]) {
        let d = weekday(c, i + 2)?;
        let dir = if c.is(i + 1, "previous") {
            Dir::Last
        } else {
            Dir::Next
        };
        let v = Val::Anaphoric(Box::new(Val::Weekday(d, dir)));
        return m(i, i + 3, v, TimexType::Date, "anaphoric-weekday");
    }
    let (dir, j) = match c.low(i) {
        "last" => (Dir::Last, i + 1),
        "next" => (Dir::Next, i + 1),
        "this" => (Dir::This, i + 1),
        _ => (Dir::Auto, i),
    };
    let d = weekday(c, j)?;
    // "Friday, Oct. 23", "Saturday April 25": the date names the day.
    let k = if c.is(j + 1, ",") { j + 2 } else { j + 1 };
    if let Some(x) = month_date(c, k).filter(|x| matches!(x.val, Val::MonthDay(..) | Val::Lit(_))) {
        if x.rule.contains("day") {
            return m(i, x.end, x.val, TimexType::Date, "weekday-date");
        }
    }
    let base = Val::Weekday(d, dir);
    if let Some(&(_, pod)) = PARTS_OF_DAY.iter().find(|(p, _)| c.is(j + 1, p)) {
        let v = Val::TimeOfDay(Box::new(base), pod.to_string());
        return m(i, j + 2, v, TimexType::Time, "weekday-part");
    }
    let rule = if dir == Dir::Auto {
        "weekday"
    } else {
        "weekday-rel"
    };
    m(i, j + 1, base, TimexType::Date, rule)
}

/// "today", "yesterday morning", "tonight", "this morning", "last night".
fn deictic_day(c: &Cx, i: usize) -> Option<Match> {
    let (day, j) = match c.low(i) {
        "today" => (0, i + 1),
        "yesterday" => (-1, i + 1),
        "tomorrow" => (1, i + 1),
        "tonight" => {
            let v = Val::TimeOfDay(Box::new(Val::Day(0)), "TNI".into());
            return m(i, i + 1, v, TimexType::Time, "tonight");
        }
        "this" | "last" => {
            let pod = PARTS_OF_DAY.iter().find(|(p, _)| c.is(i + 1, p))?.1;
            if c.is(i, "last") && pod != "TNI" {
                return None;
            }
            let day = if c.is(i, "last") { -1 } else { 0 };
            let v = Val::TimeOfDay(Box::new(Val::Day(day)), pod.into());
            return m(i, i + 2, v, TimexType::Time, "this-part-of-day");
        }
        _ => return None,
    };
    if let Some(&(_, pod)) = PARTS_OF_DAY.iter().find(|(p, _)| c.is(j, p)) {
        let v = Val::TimeOfDay(Box::new(Val::Day(day)), pod.into());
        return m(i, j + 1, v, TimexType::Time, "deictic-day-part");
    }
    m(i, j, Val::Day(day), TimexType::Date, "deictic-day")
}

/// "last week", "this year", "next month", "last April", "this summer", "the weekend".
fn relative_unit(c: &Cx, i: usize) -> Option<Match> {
    use TimexType::Date;
    let the = c.is(i, "the");
    let j = if the { i + 1 } else { i };
    if let Some(x) = anaphoric_unit(c, i) {
        return Some(x);
    }
    let (off, dir) = match c.low(j) {
        "this" | "current" if !the || c.is(j, "current") => (0, Dir::This),
        "last" | "past" | "previous" => (-1, Dir::Last),
        "next" | "coming" | "following" => (1, Dir::Next),
        // "the year ended Sept. 30" is a fiscal year: a span of time.
        "year" if the && c.any(j + 1, &["ended", "ending"]) => {
            return m(
                i,
                j + 1,
                Val::Lit("P1Y".into()),
                TimexType::Duration,
                "the-year-ended",
            );
        }
        "year" if the && !c.glued(j + 1, "-") && !c.is(j + 1, "'") => {
            return m(i, j + 1, Val::Rel(Unit::Year, 0), Date, "the-year");
        }
        "summer" | "spring" | "winter" if the && !c.is(j + 1, "of") => {
            let s = match c.low(j) {
                "summer" => "SU",
                "spring" => "SP",
                _ => "WI",
            };
            return m(i, j + 1, Val::Season(s, Dir::This), Date, "the-season");
        }
        "weekend" if the => {
            return m(i, j + 1, Val::Rel(Unit::Weekend, 0), Date, "the-weekend");
        }
        _ => return None,
    };
    let k = j + 1;
    if let Some((mo, e, false)) = month(c, k) {
        return m(i, e, Val::Month(mo, dir), Date, "rel-month-name");
    }
    let season = match c.low(k) {
        "spring" => Some("SP"),
        "summer" => Some("SU"),
        "fall" | "autumn" => Some("FA"),
        "winter" => Some("WI"),
        _ => None,
    };
    if let Some(s) = season {
        return m(i, k + 1, Val::Season(s, dir), Date, "rel-season");
    }
    let (u, plural) = unit(c.low(k))?;
    if plural {
        return None;
    }
    match u {
        Unit::Quarter if off <= 0 => m(i, k + 1, Val::LastQuarter, Date, "rel-quarter")
            .filter(|_| off < 0)
            .or_else(|| m(i, k + 1, Val::Rel(u, 0), Date, "rel-quarter")),
        Unit::Second | Unit::Minute | Unit::Hour => None,
        Unit::Day => None,
        _ => m(i, k + 1, Val::Rel(u, off), Date, "rel-unit"),
    }
}

/// "the following year", "the previous day", "the same week", "that month", "that
/// quarter": a unit next to the last date the text named.
fn anaphoric_unit(c: &Cx, i: usize) -> Option<Match> {
    let the = c.is(i, "the");
    let j = if the { i + 1 } else { i };
    let off = match c.low(j) {
        "following" if the => 1,
        "previous" | "prior" if the => -1,
        "same" if the => 0,
        "that" if !the => 0,
        _ => return None,
    };
    let (u, false) = unit(c.low(j + 1))? else {
        return None;
    };
    if matches!(u, Unit::Second | Unit::Minute | Unit::Hour | Unit::Weekend) {
        return None;
    }
    let v = Val::Anaphoric(Box::new(Val::Rel(u, off)));
    m(i, j + 2, v, TimexType::Date, "anaphoric-unit")
}

/// Quarters and halves: "the third quarter", "third-quarter", "the quarter",
/// "the fiscal first quarter", "the third quarter of 1989".
fn quarter(c: &Cx, i: usize) -> Option<Match> {
    use TimexType::Date;
    let the = c.is(i, "the");
    let mut j = if the { i + 1 } else { i };
    // A year before the ordinal: "the 1988 third quarter", "the year-ago third quarter",
    // "this year's third quarter".
    let mut year: Option<Result<i32, i64>> = None;
    if let Some(y) = year4(c, j).filter(|_| the) {
        year = Some(Ok(y));
        j += 1;
    } else if c.is(j, "year") && c.glued(j + 1, "-") && c.any(j + 2, &["ago", "earlier"]) {
        year = Some(Err(-1));
        j += 3;
    } else if !the
        && c.any(j, &["this", "last", "next"])
        && c.is(j + 1, "year")
        && c.glued(j + 2, "'")
        && c.is(j + 3, "s")
    {
        let off = match c.low(j) {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        year = Some(Err(off));
        j += 4;
    }
    if c.is(j, "fiscal") {
        j += 1;
    }
    if the && c.any(j, &["latest", "quarter", "comparable", "period"]) {
        let k = if c.any(j, &["quarter", "period"]) {
            j
        } else {
            j + 1
        };
        let adjectival = c.is(j, "quarter") && c.glued(j + 1, "-");
        if c.any(k, &["quarter", "period"]) && !adjectival {
            let v = match year {
                None => Val::LastQuarter,
                Some(Ok(y)) => Val::PeriodOfYear(y),
                Some(Err(_)) => Val::YearAgo,
            };
            return m(i, k + 1, v, Date, "the-quarter");
        }
    }
    let q = ORDINALS
        .iter()
        .position(|&o| !o.is_empty() && o == c.low(j))? as u32;
    let k = if c.glued(j + 1, "-") { j + 2 } else { j + 1 };
    let half = c.is(k, "half");
    if !(c.is(k, "quarter") || half && q <= 2) {
        return None;
    }
    if c.is(k + 1, "of") {
        if let Some(y) = year4(c, k + 2) {
            let v = if half {
                format!("{y}-H{q}")
            } else {
                format!("{y}-Q{q}")
            };
            return m(i, k + 3, Val::Lit(v), Date, "quarter-of-year");
        }
    }
    if half {
        return None;
    }
    let v = match year {
        Some(Ok(y)) => Val::Lit(format!("{y}-Q{q}")),
        Some(Err(off)) => Val::QuarterOfYear(q, off),
        None => Val::Quarter(q),
    };
    m(i, k + 1, v, Date, "quarter")
}

/// Durations and "ago": "five years", "five-year", "the past three months",
/// "a year ago", "a few days".
fn duration_expr(c: &Cx, i: usize) -> Option<Match> {
    let the = c.is(i, "the");
    let mut j = if the { i + 1 } else { i };
    if the
        && c.any(
            j,
            &[
                "past",
                "last",
                "next",
                "previous",
                "coming",
                "first",
                "following",
            ],
        )
    {
        j += 1;
    }
    let (n, k) = number(c, j)?;
    if the && c.any(i + 1, &["a", "an"]) {
        return None;
    }
    // "20 more years", "an additional year"
    let k = if c.any(k, &["more", "additional", "extra", "further"]) && unit(c.low(k + 1)).is_some()
    {
        k + 1
    } else {
        k
    };
    // "2 1/2 years", "two and a half years"
    let fraction = c.num(k) == Some(1) && c.glued(k + 1, "/") && c.num(k + 2) == Some(2);
    let spoken_half = c.is(k, "and") && c.is(k + 1, "a") && c.is(k + 2, "half");
    let (k, mut half) = if fraction || spoken_half {
        (k + 3, true)
    } else {
        (k, false)
    };

    let (k, hyphen) = if c.glued(k, "-") {
        (k + 1, true)
    } else {
        (k, false)
    };
    let (u, plural) = unit(c.low(k))?;
    // "one year" needs no plural; "two year" only as a modifier ("two year low").
    if hyphen && (plural || the) {
        return None;
    }
    // "a minute and a half"
    let mut end = k + 1;
    if !half && c.is(end, "and") && c.is(end + 1, "a") && c.is(end + 2, "half") {
        half = true;
        end += 3;
    }
    let value = match n.filter(|_| half).and_then(|n| duration_and_half(n, u)) {
        Some(v) => v,
        None => duration(n, u),
    };
    let digits = c.w.get(j).is_some_and(Word::is_num);
    // Ages ("two years old", "a 6-year-old boy") are not times.
    let age = c.is(k + 1, "old") || c.glued(k + 1, "-") && c.is(k + 2, "old");
    if digits && !plural && !hyphen && n != Some(1) || age {
        return None;
    }
    if !hyphen && !the {
        if c.any(k + 1, &["ago", "earlier"]) {
            let v = if n == Some(1) && u == Unit::Year {
                Val::YearAgo
            } else {
                Val::Ago(n, u)
            };
            return m(i, k + 2, v, TimexType::Date, "ago");
        }
        if c.is(k + 1, "from") && c.is(k + 2, "now") {
            return None;
        }
    }
    // "$2 million a year", "four flights a week": a rate, a set of times (TimeML).
    if !the && !hyphen && c.any(i, &["a", "an"]) && i > 0 && rate_before(c, i - 1) {
        return m(i, end, Val::Lit(value), TimexType::Set, "rate");
    }
    m(i, end, Val::Lit(value), TimexType::Duration, "duration")
}

/// Word `i` ends an amount that a following "a year" makes a rate: a number, a
/// magnitude, a unit of money or a plural noun ("seats a week").
fn rate_before(c: &Cx, i: usize) -> bool {
    let l = c.low(i);
    c.w[i].is_num()
        || matches!(
            l,
            "million"
                | "billion"
                | "thousand"
                | "hundred"
                | "%"
                | "percent"
                | "cents"
                | "dollars"
                | "times"
                | "once"
                | "twice"
        )
        || l.len() > 3 && l.ends_with('s') && !l.ends_with("ss") && unit(l).is_none() && !c.cap(i)
}

/// Plural units with no number: "for years", "recent years", "years ago".
fn vague_duration(c: &Cx, i: usize) -> Option<Match> {
    if c.is(i, "recent") {
        let (u, true) = unit(c.low(i + 1))? else {
            return None;
        };
        if u == Unit::Year {
            return m(i, i + 2, Val::PastRef, TimexType::Date, "recent-years");
        }
        return m(
            i,
            i + 2,
            Val::Lit(duration(None, u)),
            TimexType::Duration,
            "recent-units",
        );
    }
    let (u, true) = unit(c.low(i))? else {
        return None;
    };
    if c.is(i + 1, "ago") {
        return m(i, i + 2, Val::PastRef, TimexType::Date, "units-ago");
    }
    if i > 0 && c.any(i - 1, &["for", "over", "within"]) && u != Unit::Second {
        return m(
            i,
            i + 1,
            Val::Lit(duration(None, u)),
            TimexType::Duration,
            "for-units",
        );
    }
    None
}

/// Words with a fixed reference: "now", "currently", "recently", "the future", "soon".
fn reference(c: &Cx, i: usize) -> Option<Match> {
    use TimexType::Date;
    let l = c.low(i);
    let two = (l, c.low(i + 1));
    let (v, n) = match two {
        ("right", "now") | ("at", "present") => (Val::PresentRef, 2),
        ("these", "days") => (Val::PresentRef, 2),
        ("the", "present") => (Val::PresentRef, 2),
        ("the", "past") if unit(c.low(i + 2)).is_none() && number(c, i + 2).is_none() => {
            (Val::PastRef, 2)
        }
        ("the", "future") => (Val::FutureRef, 2),
        ("the", "near" | "short") if c.any(i + 2, &["future", "term"]) => (Val::FutureRef, 3),
        ("the", "coming") if unit(c.low(i + 2)).is_some_and(|(_, p)| p) => (Val::FutureRef, 3),
        _ => match l {
            "now" | "currently" | "presently" | "nowadays" | "current" => (Val::PresentRef, 1),
            "future" if i > 0 && c.any(i - 1, &["in", "near"]) => (Val::FutureRef, 1),
            "recently" | "lately" => (Val::PastRef, 1),
            _ => return None,
        },
    };
    m(i, i + n, v, Date, "reference")
}

/// Clock times: "10:30 a.m.", "3 p.m.", "noon", "midnight", optionally followed by a day.
fn clock(c: &Cx, i: usize) -> Option<Match> {
    let (mut hh, mm, mut j) = match c.low(i) {
        "noon" | "midday" => (12, 0, i + 1),
        "midnight" => (24, 0, i + 1),
        _ => {
            let h = c.num(i).filter(|h| *h <= 24 && c.digits(i) <= 2)?;
            if c.glued(i + 1, ":") && c.digits(i + 2) == 2 {
                (h, c.num(i + 2)?, i + 3)
            } else {
                (h, 0, i + 1)
            }
        }
    };
    let clocked = j > i + 1 || !c.w[i].is_num();
    // a.m. / p.m. / am / pm
    let ampm = if c.any(j, &["a", "p"]) && c.glued(j + 1, ".") && c.is(j + 2, "m") {
        let pm = c.is(j, "p");
        j += if c.glued(j + 3, ".") { 4 } else { 3 };
        Some(pm)
    } else if c.any(j, &["am", "pm"]) {
        let pm = c.is(j, "pm");
        j += 1;
        Some(pm)
    } else {
        None
    };
    if !clocked && ampm.is_none() {
        return None;
    }
    if hh > 12 && ampm.is_some() || mm > 59 {
        return None;
    }
    if ampm == Some(true) && hh < 12 {
        hh += 12;
    }
    if ampm == Some(false) && hh == 12 {
        hh = 0;
    }
    if c.any(
        j,
        &["est", "edt", "gmt", "utc", "pst", "pdt", "cst", "cdt", "et"],
    ) {
        j += 1;
    } else if c.is(j, "local") && c.is(j + 1, "time") {
        j += 2;
    }
    let t = format!("T{hh:02}:{mm:02}");
    // "3 p.m. Friday", "noon yesterday"
    // "5 p.m. EST Nov. 9", "5 p.m., Nov. 6"
    let dated = month_date(c, if c.is(j, ",") { j + 1 } else { j })
        .filter(|x| matches!(x.val, Val::MonthDay(..)) || x.rule.contains("day"));
    let (day, end) = if let Some(x) = dated {
        (x.val, x.end)
    } else if let Some(d) = weekday(c, j) {
        (Val::Weekday(d, Dir::Auto), j + 1)
    } else if let Some(n) = ["yesterday", "today", "tomorrow"]
        .iter()
        .position(|&x| c.is(j, x))
    {
        (Val::Day(n as i64 - 1), j + 1)
    } else {
        (Val::Day(0), j)
    };
    m(
        i,
        end,
        Val::TimeOfDay(Box::new(day), t),
        TimexType::Time,
        "clock",
    )
}

/// Sets: "every day", "each year", "every other week", "daily", "weekly".
fn set(c: &Cx, i: usize) -> Option<Match> {
    use TimexType::Set;
    let simple = match c.low(i) {
        "daily" => Some("P1D"),
        "weekly" => Some("P1W"),
        "monthly" => Some("P1M"),
        "annually" | "yearly" => Some("P1Y"),
        "hourly" => Some("PT1H"),
        _ => None,
    };
    // "a daily rally", "his weekly radio address" recur just the same (TimeML).
    if let Some(v) = simple {
        return m(i, i + 1, Val::Lit(v.into()), Set, "set-adverb");
    }
    if !c.any(i, &["every", "each"]) {
        return None;
    }
    let (n, j) = if c.is(i + 1, "other") {
        (2, i + 2)
    } else {
        (1, i + 1)
    };
    if let Some(d) = weekday(c, j) {
        let v = format!("XXXX-WXX-{}", d.number_from_monday());
        return m(i, j + 1, Val::Lit(v), Set, "every-weekday");
    }
    let (u, false) = unit(c.low(j))? else {
        return None;
    };
    m(i, j + 1, Val::Lit(duration(Some(n), u)), Set, "every-unit")
}

/// Centuries: "the 20th century", "the twentieth century".
fn century(c: &Cx, i: usize) -> Option<Match> {
    let j = if c.is(i, "the") { i + 1 } else { i };
    let l = c.low(j);
    let n: u32 = match l {
        "nineteenth" => 19,
        "twentieth" => 20,
        "twenty-first" => 21,
        _ => l
            .strip_suffix("th")
            .or(l.strip_suffix("st"))?
            .parse()
            .ok()?,
    };
    if !c.is(j + 1, "century") || !(1..=30).contains(&n) {
        return None;
    }
    m(
        i,
        j + 2,
        Val::Lit(format!("{:02}", n - 1)),
        TimexType::Date,
        "century",
    )
}

/// Premodifiers that widen a date's span but keep its value (TIMEX3 puts them in `mod`).
fn premod(c: &Cx, i: usize) -> usize {
    match c.low(i) {
        "early" | "late" | "earlier" | "later" => 1,
        "mid" if c.glued(i + 1, "-") => 2,
        "mid" => 1,
        "the" if c.any(i + 1, &["end", "beginning", "start", "middle"]) && c.is(i + 2, "of") => 3,
        _ => 0,
    }
}

/// Approximators that widen a duration's span: "nearly", "more than", "up to".
fn approx(c: &Cx, i: usize) -> usize {
    match (c.low(i), c.low(i + 1)) {
        ("more" | "less" | "fewer", "than") | ("up", "to") | ("at", "least" | "most") => 2,
        ("about" | "nearly" | "almost" | "approximately" | "roughly" | "around" | "over", _) => 1,
        _ => 0,
    }
}

/// "the year-earlier quarter", "year-ago", "nineteen ninety-six", "January this year".
fn year_phrases(c: &Cx, i: usize) -> Option<Match> {
    use TimexType::Date;
    let the = c.is(i, "the");
    let j = if the { i + 1 } else { i };
    if c.is(j, "year") && c.glued(j + 1, "-") && c.any(j + 2, &["earlier", "ago"]) {
        let k = j + 3;
        if c.any(k, &["quarter", "period"]) {
            return m(i, k + 1, Val::YearAgo, Date, "year-ago-quarter");
        }
        return (!the)
            .then(|| m(i, k, Val::YearAgo, Date, "year-ago"))
            .flatten();
    }
    if the && c.is(j, "year") {
        if let Some(y) = year4(c, j + 1) {
            return m(i, j + 2, Val::Lit(format!("{y}")), Date, "the-year-n");
        }
    }
    // "nineteen ninety-six", "the year two thousand"
    let k = if the && c.is(j, "year") { j + 1 } else { i };
    if let Some((y, e)) = spoken_year(c, k).filter(|_| k > i || c.is(i, "nineteen")) {
        return m(i, e, Val::Lit(format!("{y}")), Date, "spoken-year");
    }
    if c.is(j, "year") && (c.glued(j + 1, "-") && c.is(j + 2, "end")) {
        return m(i, j + 3, Val::Rel(Unit::Year, 0), Date, "year-end");
    }
    if the && c.any(j, &["fiscal", "full"]) && c.is(j + 1, "year") {
        if c.any(j + 2, &["ended", "ending"]) {
            return m(
                i,
                j + 2,
                Val::Lit("P1Y".into()),
                TimexType::Duration,
                "the-year-ended",
            );
        }
        return m(i, j + 2, Val::Rel(Unit::Year, 0), Date, "the-fiscal-year");
    }
    let (mo, k, _) = month(c, i)?;
    let off = match c.low(k) {
        "this" => 0,
        "last" => -1,
        "next" => 1,
        _ => return None,
    };
    if !c.is(k + 1, "year") {
        return None;
    }
    m(i, k + 2, Val::MonthOfYear(mo, off), Date, "month-rel-year")
}

const RULES: [fn(&Cx, usize) -> Option<Match>; 15] = [
    year_phrases,
    holiday,
    numeric_date,
    month_date,
    year,
    weekday_expr,
    deictic_day,
    relative_unit,
    quarter,
    duration_expr,
    vague_duration,
    reference,
    clock,
    set,
    century,
];

fn core(c: &Cx, i: usize) -> Option<Match> {
    let mut best: Option<Match> = None;
    for rule in RULES {
        if let Some(x) = rule(c, i) {
            if !matches!(&best, Some(b) if x.end <= b.end) {
                best = Some(x);
            }
        }
    }
    best
}

/// Finds every expression in a scanned sentence, left to right, longest match first.
pub(crate) fn find(words: &[Word]) -> Vec<Match> {
    let c = Cx { w: words };
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let p = premod(&c, i);
        let a = approx(&c, i);
        let widened = [(p, true), (a, false)].into_iter().find_map(|(k, date)| {
            if k == 0 {
                return None;
            }
            let mut x = core(&c, i + k)?;
            let fits = if date {
                matches!(x.kind, TimexType::Date | TimexType::Time)
                    && !matches!(x.val, Val::PresentRef | Val::PastRef | Val::FutureRef)
            } else {
                x.kind == TimexType::Duration || matches!(x.val, Val::Ago(..))
            };
            fits.then(|| {
                x.start = i;
                x
            })
        });
        match widened.or_else(|| core(&c, i)) {
            Some(x) => {
                i = x.end.max(i + 1);
                out.push(x);
            }
            None => i += 1,
        }
    }
    out
}

/// True when the sentence speaks of quarterly results, where "a year earlier" means the
/// same quarter a year before.
pub(crate) fn quarterly(words: &[Word]) -> bool {
    words
        .iter()
        .any(|w| w.low == "quarter" || w.low == "quarterly")
}

/// True when the words before `i` point to the future ("will meet on Friday"), unless
/// a past form puts the plan behind us ("had been scheduled to expire Friday", "not until
/// Tuesday").
pub(crate) fn future_cue(words: &[Word], i: usize) -> bool {
    const CUES: [&str; 14] = [
        "will",
        "ll",
        "shall",
        "scheduled",
        "expected",
        "plans",
        "planned",
        "plan",
        "planning",
        "due",
        "upcoming",
        "until",
        "soon",
        "early",
    ];
    let low = |k: usize| words[k].low.as_str();
    (i.saturating_sub(6)..i).any(|k| {
        let w = low(k);
        let cue = CUES.contains(&w) || w == "set" && k + 1 < i && low(k + 1) == "to";
        // "soon" and "early" only as "as soon as Tuesday", "as early as Tuesday".
        let as_soon = !matches!(w, "soon" | "early") || k + 1 < i && low(k + 1) == "as";
        let past = k > 0 && {
            let b = low(k - 1);
            matches!(b, "had" | "was" | "were" | "previously" | "not" | "up")
                || k > 1 && low(k - 2) == "had" && b == "been"
        };
        cue && as_soon && !past
    })
}
