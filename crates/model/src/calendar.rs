//! Conversions between civil (proleptic Gregorian) dates and seconds since
//! 1970-01-01, the one time scale sheetplot uses internally.
//!
//! Spreadsheets carry no time zone, so neither does this: a value is the wall
//! clock the workbook shows. The day arithmetic is Howard Hinnant's
//! `days_from_civil` / `civil_from_days`, exact for every year Excel knows.

pub const SECONDS_PER_DAY: f64 = 86_400.0;

/// A broken-down date and time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub millisecond: u32,
}

/// Days since 1970-01-01 of the given date (month 1..=12, day 1..=31).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of `days` since 1970-01-01, as (year, month, day).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl Civil {
    /// Seconds since 1970-01-01T00:00:00.
    pub fn to_seconds(&self) -> f64 {
        let days = days_from_civil(self.year, self.month, self.day);
        days as f64 * SECONDS_PER_DAY
            + f64::from(self.hour * 3600 + self.minute * 60 + self.second)
            + f64::from(self.millisecond) / 1000.0
    }

    /// The civil date and time of `seconds` since 1970-01-01, to the millisecond.
    pub fn from_seconds(seconds: f64) -> Civil {
        let total_ms = (seconds * 1000.0).round() as i64;
        let days = total_ms.div_euclid(86_400_000);
        let ms_of_day = total_ms.rem_euclid(86_400_000) as u32;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: ms_of_day / 3_600_000,
            minute: ms_of_day / 60_000 % 60,
            second: ms_of_day / 1000 % 60,
            millisecond: ms_of_day % 1000,
        }
    }
}

/// Number of days in `month` of `year`.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

pub const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1899, 12, 30), -25_569);
        assert_eq!(civil_from_days(-25_569), (1899, 12, 30));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
    }

    #[test]
    fn round_trips_every_day_of_four_centuries() {
        for days in -200_000..200_000 {
            let (y, m, d) = civil_from_days(days);
            assert!((1..=days_in_month(y, m)).contains(&d));
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn seconds_round_trip_to_the_millisecond() {
        let c = Civil {
            year: 2025,
            month: 10,
            day: 13,
            hour: 12,
            minute: 59,
            second: 2,
            millisecond: 400,
        };
        assert_eq!(Civil::from_seconds(c.to_seconds()), c);
        let before_epoch = Civil::from_seconds(-1.0);
        assert_eq!(
            (before_epoch.year, before_epoch.hour, before_epoch.second),
            (1969, 23, 59)
        );
    }
}
