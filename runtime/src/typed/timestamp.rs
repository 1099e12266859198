//! Xano's timestamps (`format: timestamptz` in its specs).
//!
//! Xano's data holds a timestamp as a number of milliseconds since the Unix epoch
//! (Xano's timestamp documentation), while the account API's documentation shows
//! ISO 8601 strings, and the specs' own examples are strings such as
//! `2023-04-19 21:01:32+0000`. [`Timestamp`] accepts both and keeps what came.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::calendar::days_from_civil;

/// A timestamp as Xano sent it: milliseconds since the epoch, or a date-time string.
///
/// ```
/// use xano_meta_runtime::typed::Timestamp;
/// let a: Timestamp = serde_json::from_str("1681938092000").unwrap();
/// let b: Timestamp = serde_json::from_str(r#""2023-04-19 21:01:32+0000""#).unwrap();
/// assert_eq!(a.millis(), Some(1_681_938_092_000));
/// assert_eq!(a.millis(), b.millis());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Timestamp {
    /// Milliseconds since 1970-01-01T00:00:00Z (a JSON number; a fractional one is
    /// rounded to the nearest millisecond).
    Millis(i64),
    /// A string, kept as sent.
    Text(String),
}

impl Timestamp {
    /// Milliseconds since the epoch: the number, or the string read as an ISO 8601
    /// date-time with a UTC offset (`2023-04-19T21:01:32.5Z`, `2023-04-19 21:01:32+0000`,
    /// `…+02:00`). `None` for a string in another form, or without an offset, since
    /// its time zone is unknown.
    pub fn millis(&self) -> Option<i64> {
        match self {
            Timestamp::Millis(ms) => Some(*ms),
            Timestamp::Text(text) => parse_iso(text),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Timestamp::Millis(ms) => write!(f, "{ms}"),
            Timestamp::Text(text) => f.write_str(text),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Timestamp::Millis(ms) => serializer.serialize_i64(*ms),
            Timestamp::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a timestamp: milliseconds since the epoch, or a date-time string")
    }

    fn visit_i64<E: de::Error>(self, ms: i64) -> Result<Timestamp, E> {
        Ok(Timestamp::Millis(ms))
    }

    fn visit_u64<E: de::Error>(self, ms: u64) -> Result<Timestamp, E> {
        i64::try_from(ms)
            .map(Timestamp::Millis)
            .map_err(|_| E::custom(format!("timestamp {ms} ms is out of range")))
    }

    fn visit_f64<E: de::Error>(self, ms: f64) -> Result<Timestamp, E> {
        // ±2^63 ms is far beyond any date; the cast below saturates, the check says so.
        if !ms.is_finite() || ms.abs() >= 9.2e18 {
            return Err(E::custom(format!("timestamp {ms} ms is out of range")));
        }
        Ok(Timestamp::Millis(ms.round() as i64))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
        Ok(Timestamp::Text(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Timestamp, E> {
        Ok(Timestamp::Text(text))
    }
}

/// `YYYY-MM-DD(T| )HH:MM:SS[.fff…](Z|±HH[:]MM|±HH)` into milliseconds since the epoch.
fn parse_iso(text: &str) -> Option<i64> {
    let bytes = text.trim().as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = bytes.get(range)?;
        digits
            .iter()
            .try_fold(0i64, |n, d| d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0')))
    };
    let at = |i: usize, c: u8| bytes.get(i) == Some(&c);
    let separators = at(4, b'-') && at(7, b'-') && at(13, b':') && at(16, b':');
    if !separators || !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut i = 19;
    let mut millis = 0;
    if at(i, b'.') || at(i, b',') {
        let start = i + 1;
        i = start;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
        // The first three digits are milliseconds; finer digits are dropped.
        let digits = &bytes[start..i.min(start + 3)];
        millis = digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0'))
            * 10i64.pow(3 - digits.len() as u32);
    }
    let offset_minutes = match bytes.get(i)? {
        b'Z' | b'z' if i + 1 == bytes.len() => 0,
        sign @ (b'+' | b'-') => {
            let rest = &bytes[i + 1..];
            let (hours, minutes) = match rest.len() {
                2 => (number(i + 1..i + 3)?, 0),
                4 => (number(i + 1..i + 3)?, number(i + 3..i + 5)?),
                5 if rest[2] == b':' => (number(i + 1..i + 3)?, number(i + 4..i + 6)?),
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let minutes = hours * 60 + minutes;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1_000 + millis)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(json: &str) -> Result<Timestamp, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn numbers_are_milliseconds_and_strings_are_kept() {
        assert_eq!(from("1681938092000"), Ok(Timestamp::Millis(1_681_938_092_000)));
        assert_eq!(from("-1000"), Ok(Timestamp::Millis(-1000)));
        assert_eq!(from("1681938092000.6"), Ok(Timestamp::Millis(1_681_938_092_001)));
        assert_eq!(from("1.681938092e12"), Ok(Timestamp::Millis(1_681_938_092_000)));
        let text = "2023-04-19 21:01:32+0000";
        assert_eq!(from(&format!("{text:?}")), Ok(Timestamp::Text(text.to_owned())));
        assert!(from("18446744073709551615").unwrap_err().contains("out of range"));
        assert!(from("1e300").unwrap_err().contains("out of range"));
        assert!(from("true").unwrap_err().contains("milliseconds since the epoch"));
        assert!(from("null").is_err());
        // In a response struct's optional field, null is simply absent.
        assert_eq!(serde_json::from_str::<Option<Timestamp>>("null").unwrap(), None);
    }

    #[test]
    fn serialises_as_it_came() {
        let both = vec![Timestamp::Millis(5), Timestamp::Text("2024-01-01T00:00:00Z".to_owned())];
        let json = serde_json::to_string(&both).unwrap();
        assert_eq!(json, r#"[5,"2024-01-01T00:00:00Z"]"#);
        assert_eq!(serde_json::from_str::<Vec<Timestamp>>(&json).unwrap(), both);
    }

    #[test]
    fn iso_strings_read_as_milliseconds() {
        let ms = |text: &str| Timestamp::Text(text.to_owned()).millis();
        // 2023-04-19T21:01:32Z, the specs' example value, is 1681938092 s.
        for text in [
            "2023-04-19 21:01:32+0000",
            "2023-04-19T21:01:32Z",
            "2023-04-19t21:01:32z",
            "2023-04-19T23:01:32+02:00",
            "2023-04-19T23:01:32+02",
            "2023-04-19T20:01:32-0100",
            " 2023-04-19T21:01:32.000Z ",
        ] {
            assert_eq!(ms(text), Some(1_681_938_092_000), "{text}");
        }
        assert_eq!(ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(ms("1969-12-31T23:59:59.5Z"), Some(-500));
        assert_eq!(ms("2024-02-29T12:00:00.123456Z"), Some(1_709_208_000_123));
        assert_eq!(ms("2000-03-01T00:00:00.1Z"), Some(951_868_800_100));
        for bad in [
            "2023-04-19T21:01:32",
            "2023-04-19",
            "2023-02-29T00:00:00Z",
            "2023-13-01T00:00:00Z",
            "2023-04-19T24:00:00Z",
            "2023-04-19T21:01:32.Z",
            "2023-04-19T21:01:32+2:00",
            "2023-04-19T21:01:32Zjunk",
            "yesterday",
            "",
        ] {
            assert_eq!(ms(bad), None, "{bad}");
        }
    }
}
