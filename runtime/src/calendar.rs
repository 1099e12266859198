//! Proleptic Gregorian dates as days since 1970-01-01, both ways (Howard Hinnant's
//! `days_from_civil` and `civil_from_days`), for the runtime's date readers: a
//! token's dates (`scope::token`) and Xano's timestamps (`typed::Timestamp`).

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// How many days `month` (1–12) of `year` has, in the proleptic Gregorian calendar.
pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date (year, month, day) of a day count since 1970-01-01: the inverse of
/// [`days_from_civil`].
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_lengths() {
        let lengths = |year| (1..=12).map(|m| days_in_month(year, m)).collect::<Vec<_>>();
        assert_eq!(lengths(2025), [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
        for (year, february) in [(2024, 29), (1900, 28), (2000, 29), (2100, 28)] {
            assert_eq!(days_in_month(year, 2), february, "{year}");
        }
    }

    #[test]
    fn days_and_dates_are_inverse() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 2, 29), 11_016);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        for days in [-719_468, -1, 0, 11_016, 20_354, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{days}");
        }
    }

    #[test]
    fn every_day_of_a_thousand_years_is_the_day_after_the_one_before() {
        // Counted day by day with the month lengths, from 1970-01-01 back to 1500 and
        // on to 2500: both conversions agree with the count at every date.
        let mut days = days_from_civil(1500, 1, 1);
        assert_eq!(days, -171_664, "as Python's proleptic datetime.date counts it");
        for year in 1500..2500 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(days_from_civil(year, month, day), days, "{year}-{month}-{day}");
                    assert_eq!(civil_from_days(days), (year, month, day), "{days}");
                    days += 1;
                }
            }
        }
        assert_eq!(days, days_from_civil(2500, 1, 1));
    }
}
