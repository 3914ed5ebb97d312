//! Resolution of rule values against the publication date.

use chrono::{Datelike, Duration, Months, NaiveDate};

use crate::rules::{Dir, Holiday, Unit, Val};

/// A value ready for a [`sitrep_doc::TimeEx`].
pub(crate) struct Resolved {
    pub value: String,
    pub date: Option<NaiveDate>,
    pub relative: bool,
}

fn lit(value: String) -> Resolved {
    // A full calendar date names a day.
    let date = NaiveDate::parse_from_str(&value, "%Y-%m-%d").ok();
    Resolved {
        value,
        date,
        relative: false,
    }
}

fn day(d: NaiveDate) -> Resolved {
    Resolved {
        value: d.format("%Y-%m-%d").to_string(),
        date: Some(d),
        relative: true,
    }
}

fn rel(value: String) -> Resolved {
    Resolved {
        value,
        date: None,
        relative: true,
    }
}

fn week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

fn quarter_of(d: NaiveDate) -> (i32, u32) {
    (d.year(), (d.month() - 1) / 3 + 1)
}

fn shift_months(d: NaiveDate, n: i64) -> NaiveDate {
    let m = Months::new(n.unsigned_abs() as u32);
    let r = if n >= 0 {
        d.checked_add_months(m)
    } else {
        d.checked_sub_months(m)
    };
    r.unwrap_or(d)
}

/// Formats the anchor shifted by `n` units at that unit's granularity.
fn at_unit(a: NaiveDate, u: Unit, n: i64) -> Resolved {
    match u {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => day(a + Duration::days(n)),
        Unit::Week => rel(week(a + Duration::weeks(n))),
        Unit::Weekend => rel(format!("{}-WE", week(a + Duration::weeks(n)))),
        Unit::Month => rel(shift_months(a, n).format("%Y-%m").to_string()),
        Unit::Quarter => {
            let (y, q) = quarter_of(shift_months(a, 3 * n));
            rel(format!("{y}-Q{q}"))
        }
        Unit::Year => rel(format!("{}", a.year() as i64 + n)),
        Unit::Decade => rel(format!("{}", a.year() as i64 / 10 + n)),
        Unit::Century => rel(format!("{:02}", a.year() as i64 / 100 + n)),
    }
}

/// The value when there is no publication date: calendar fields unknown (`X`).
fn unanchored(v: &Val) -> Resolved {
    let value = match v {
        Val::Lit(s) => return lit(s.clone()),
        Val::MonthDay(mo, d) => format!("XXXX-{mo:02}-{d:02}"),
        Val::Holiday(h, _) => match h.date(2001) {
            // A fixed date keeps its month and day; a movable one is unknown.
            Some(d) if matches!(h, Holiday::Fixed(..)) => format!("XXXX-{}", d.format("%m-%d")),
            _ => "XXXX-XX-XX".into(),
        },
        Val::Day(_) => "XXXX-XX-XX".into(),
        Val::Weekday(d, _) => format!("XXXX-WXX-{}", d.number_from_monday()),
        Val::Month(mo, _) => format!("XXXX-{mo:02}"),
        Val::Rel(u, _) | Val::Ago(Some(_), u) => match u {
            Unit::Week => "XXXX-WXX".into(),
            Unit::Weekend => "XXXX-WXX-WE".into(),
            Unit::Month => "XXXX-XX".into(),
            Unit::Quarter => "XXXX-QX".into(),
            Unit::Decade => "XXX".into(),
            Unit::Century => "XX".into(),
            Unit::Year => "XXXX".into(),
            _ => "XXXX-XX-XX".into(),
        },
        Val::Quarter(q) => format!("XXXX-Q{q}"),
        Val::MonthOfYear(mo, _) => format!("XXXX-{mo:02}"),
        Val::QuarterOfYear(q, _) => format!("XXXX-Q{q}"),
        Val::YearAgo => "XXXX".into(),
        Val::PeriodOfYear(y) => format!("{y}"),
        Val::LastQuarter => "XXXX-QX".into(),
        Val::Season(s, _) => format!("XXXX-{s}"),
        Val::TimeOfDay(d, t) => format!("{}{t}", unanchored(d).value),
        Val::Ago(None, _) | Val::PastRef => "PAST_REF".into(),
        Val::PresentRef => "PRESENT_REF".into(),
        Val::FutureRef => "FUTURE_REF".into(),
        Val::Anaphoric(inner) => return unanchored(inner),
    };
    rel(value)
}

/// How far past the anchor a bare date or month may lie and still be the coming one
/// rather than last year's: news announces what is weeks away, and otherwise reports.
const AHEAD_MONTHS: u32 = 3;

/// The occurrence of a yearly date (`on(year)`) that `dir` means: for `Auto`, the first
/// after the anchor given a future cue, otherwise the latest one up to a short way past
/// it (news reports what happened, and announces what is weeks away).
fn pick(
    a: NaiveDate,
    future: bool,
    dir: Dir,
    on: impl Fn(i32) -> Option<NaiveDate>,
) -> Option<NaiveDate> {
    let mut cands = [a.year() - 1, a.year(), a.year() + 1]
        .into_iter()
        .filter_map(&on);
    match dir {
        Dir::This => on(a.year()),
        Dir::Last => cands.filter(|c| *c < a).max(),
        Dir::Next => cands.find(|c| *c > a),
        Dir::Auto if future => cands.find(|c| *c >= a),
        Dir::Auto => {
            let horizon = shift_months(a, AHEAD_MONTHS as i64);
            cands.filter(|c| *c <= horizon).max()
        }
    }
}

/// What the text around an expression says about it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Context {
    /// A future cue precedes it ("will", "scheduled").
    pub future: bool,
    /// The text speaks of quarterly results.
    pub quarterly: bool,
    /// The last calendar date the text named: its first day and its granularity.
    pub reference: Option<(NaiveDate, Unit)>,
}

/// Coarseness of a unit, for comparing a reference date with what an expression needs.
fn rank(u: Unit) -> u8 {
    match u {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => 0,
        Unit::Week | Unit::Weekend => 1,
        Unit::Month => 2,
        Unit::Quarter => 3,
        Unit::Year => 4,
        Unit::Decade => 5,
        Unit::Century => 6,
    }
}

/// The calendar period a TIMEX3 value names, as its first day and granularity:
/// `1995`, `1995-04`, `1995-Q2`, `1995-W14`, `1995-04-12` (a time keeps its day).
pub(crate) fn reference_of(value: &str) -> Option<(NaiveDate, Unit)> {
    let y: i32 = value.get(..4)?.parse().ok()?;
    let rest = &value[4..];
    if rest.is_empty() {
        return NaiveDate::from_ymd_opt(y, 1, 1).map(|d| (d, Unit::Year));
    }
    let rest = rest.strip_prefix('-')?;
    if let Some(q) = rest.strip_prefix('Q') {
        let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        return NaiveDate::from_ymd_opt(y, 3 * q - 2, 1).map(|d| (d, Unit::Quarter));
    }
    if let Some(w) = rest.strip_prefix('W') {
        let w: u32 = w.get(..2)?.parse().ok()?;
        return NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon).map(|d| (d, Unit::Week));
    }
    let mo: u32 = rest.get(..2)?.parse().ok()?;
    match rest.get(2..3) {
        None => NaiveDate::from_ymd_opt(y, mo, 1).map(|d| (d, Unit::Month)),
        Some("-") => {
            let d: u32 = rest.get(3..5)?.parse().ok()?;
            NaiveDate::from_ymd_opt(y, mo, d).map(|d| (d, Unit::Day))
        }
        _ => None,
    }
}

/// Resolves `v` against the anchor `a`.
pub(crate) fn resolve(v: &Val, a: Option<NaiveDate>, cx: Context) -> Resolved {
    let future = cx.future;
    if let Val::Anaphoric(inner) = v {
        let needs = match **inner {
            Val::Rel(u, _) => u,
            _ => Unit::Day,
        };
        // A reference at least as fine as the expression anchors it; else the
        // publication date does.
        return match cx.reference.filter(|&(_, g)| rank(g) <= rank(needs)) {
            Some((r, _)) => {
                let cx = Context {
                    future: false,
                    ..cx
                };
                Resolved {
                    relative: false,
                    ..resolve(inner, Some(r), cx)
                }
            }
            None => resolve(inner, a, cx),
        };
    }
    let Some(a) = a else {
        return unanchored(v);
    };
    match v {
        Val::Lit(s) => lit(s.clone()),
        Val::MonthDay(mo, d) => match pick(a, future, Dir::Auto, |y| {
            NaiveDate::from_ymd_opt(y, *mo, *d)
        }) {
            Some(d) => day(d),
            None => unanchored(v),
        },
        Val::Holiday(h, dir) => match pick(a, future, *dir, |y| h.date(y)) {
            Some(d) => day(d),
            None => unanchored(v),
        },
        Val::Day(n) => day(a + Duration::days(*n)),
        Val::Weekday(d, dir) => {
            let (aw, dw) = (
                a.weekday().num_days_from_monday() as i64,
                d.num_days_from_monday() as i64,
            );
            let back = (aw - dw).rem_euclid(7);
            let fwd = (dw - aw).rem_euclid(7);
            let off = match dir {
                // The anchor's own weekday is that day, whatever the tense.
                Dir::Auto if future => fwd,
                Dir::Auto => -back,
                Dir::Last => {
                    if back == 0 {
                        -7
                    } else {
                        -back
                    }
                }
                Dir::Next => {
                    if fwd == 0 {
                        7
                    } else {
                        fwd
                    }
                }
                Dir::This => dw - aw,
            };
            day(a + Duration::days(off))
        }
        Val::Month(mo, dir) => {
            let am = a.month();
            let y = match dir {
                Dir::This => a.year(),
                Dir::Last if *mo < am => a.year(),
                Dir::Last => a.year() - 1,
                Dir::Next if *mo > am => a.year(),
                Dir::Next => a.year() + 1,
                Dir::Auto if future && *mo < am => a.year() + 1,
                Dir::Auto if future => a.year(),
                // Otherwise the coming one when it is near, else the latest one past.
                Dir::Auto if (*mo + 12 - am) % 12 <= AHEAD_MONTHS && *mo < am => a.year() + 1,
                Dir::Auto if (*mo + 12 - am) % 12 <= AHEAD_MONTHS || *mo < am => a.year(),
                Dir::Auto => a.year() - 1,
            };
            rel(format!("{y}-{mo:02}"))
        }
        Val::Rel(Unit::Weekend, 0) => {
            // The weekend just past, or the coming one after a future cue.
            let wd = a.weekday().num_days_from_monday() as i64;
            let sat = if future {
                a + Duration::days((5 - wd).rem_euclid(7))
            } else {
                a - Duration::days((wd - 5).rem_euclid(7))
            };
            rel(format!("{}-WE", week(sat)))
        }
        Val::Rel(u, n) => at_unit(a, *u, *n),
        Val::QuarterOfYear(q, n) => rel(format!("{}-Q{q}", a.year() as i64 + n)),
        Val::MonthOfYear(mo, n) => rel(format!("{}-{mo:02}", a.year() as i64 + n)),
        Val::YearAgo if cx.quarterly => {
            let (y, q) = quarter_of(shift_months(a, -3));
            rel(format!("{}-Q{q}", y - 1))
        }
        Val::YearAgo => at_unit(a, Unit::Year, -1),
        Val::PeriodOfYear(y) if cx.quarterly => {
            let (_, q) = quarter_of(shift_months(a, -3));
            rel(format!("{y}-Q{q}"))
        }
        Val::PeriodOfYear(y) => lit(format!("{y}")),
        Val::Quarter(q) => rel(format!("{}-Q{q}", a.year())),
        Val::LastQuarter => {
            let (y, q) = quarter_of(shift_months(a, -3));
            rel(format!("{y}-Q{q}"))
        }
        Val::Season(s, dir) => {
            let start = match *s {
                "SP" => 3,
                "SU" => 6,
                "FA" => 9,
                _ => 12,
            };
            let am = a.month();
            let y = match dir {
                Dir::Last if start + 3 <= am => a.year(),
                Dir::Last => a.year() - 1,
                Dir::Next if start > am => a.year(),
                Dir::Next => a.year() + 1,
                _ => a.year(),
            };
            rel(format!("{y}-{s}"))
        }
        Val::Ago(Some(n), u) => at_unit(a, *u, -(*n as i64)),
        Val::TimeOfDay(d, t) => {
            let r = resolve(d, Some(a), cx);
            rel(format!("{}{t}", r.value)).with_date(r.date)
        }
        Val::Ago(None, _) | Val::PastRef => rel("PAST_REF".into()),
        Val::PresentRef => rel("PRESENT_REF".into()).with_date(Some(a)),
        Val::FutureRef => rel("FUTURE_REF".into()),
        Val::Anaphoric(_) => unreachable!("resolved before the anchor"),
    }
}

impl Resolved {
    fn with_date(mut self, d: Option<NaiveDate>) -> Resolved {
        self.date = d;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn r(v: Val, future: bool) -> String {
        let a = NaiveDate::from_ymd_opt(2016, 2, 10); // a Wednesday
        let cx = Context {
            future,
            ..Context::default()
        };
        resolve(&v, a, cx).value
    }

    #[test]
    fn weekdays_default_to_the_past() {
        assert_eq!(
            r(Val::Weekday(Weekday::Tue, Dir::Auto), false),
            "2016-02-09"
        );
        assert_eq!(
            r(Val::Weekday(Weekday::Wed, Dir::Auto), false),
            "2016-02-10"
        );
        assert_eq!(
            r(Val::Weekday(Weekday::Thu, Dir::Auto), false),
            "2016-02-04"
        );
        assert_eq!(r(Val::Weekday(Weekday::Thu, Dir::Auto), true), "2016-02-11");
        assert_eq!(
            r(Val::Weekday(Weekday::Wed, Dir::Last), false),
            "2016-02-03"
        );
    }

    #[test]
    fn units_months_and_quarters() {
        assert_eq!(r(Val::Rel(Unit::Week, -1), false), "2016-W05");
        assert_eq!(r(Val::Rel(Unit::Month, 1), false), "2016-03");
        assert_eq!(r(Val::Rel(Unit::Year, -1), false), "2015");
        assert_eq!(r(Val::Month(12, Dir::Auto), false), "2015-12");
        // Past by default, the coming one when it is at most three months away.
        assert_eq!(r(Val::Month(6, Dir::Auto), false), "2015-06");
        assert_eq!(r(Val::Month(4, Dir::Auto), false), "2016-04");
        assert_eq!(r(Val::Month(9, Dir::Auto), false), "2015-09");
        assert_eq!(r(Val::Month(12, Dir::Auto), true), "2016-12");
        assert_eq!(r(Val::LastQuarter, false), "2015-Q4");
        assert_eq!(r(Val::MonthDay(1, 6), false), "2016-01-06");
        assert_eq!(r(Val::MonthDay(12, 30), false), "2015-12-30");
        assert_eq!(r(Val::Ago(Some(2), Unit::Year), false), "2014");
    }

    #[test]
    fn no_anchor_leaves_fields_unknown() {
        let v = resolve(
            &Val::Weekday(Weekday::Sat, Dir::Auto),
            None,
            Context::default(),
        );
        assert_eq!(
            (v.value.as_str(), v.date, v.relative),
            ("XXXX-WXX-6", None, true)
        );
    }
}
