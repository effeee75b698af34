//! `<progress>` and `<meter>`: their attributes read as HTML reads them, into how
//! full the bar is and (for a meter) how good its value is.

use super::{Element, Gauge, GaugeLevel, Span};

/// Reads a `<progress>` or `<meter>` element.
pub(super) fn gauge(name: &str, attrs: &[(String, String)], span: Span) -> Gauge {
    let num = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| parse_number(v));
    let el = Element::from_attrs(name, attrs);
    if name == "progress" {
        // HTML: `max` defaults to 1 and must be positive; without `value` the bar is
        // indeterminate, and a value that does not parse is 0.
        let max = num("max").flatten().filter(|m| *m > 0.0).unwrap_or(1.0);
        let fraction = num("value").map(|v| (v.unwrap_or(0.0).clamp(0.0, max) / max) as f32);
        return Gauge { el, fraction, level: GaugeLevel::Progress, span };
    }
    let min = num("min").flatten().unwrap_or(0.0);
    let max = num("max").flatten().unwrap_or(1.0).max(min);
    let value = num("value").flatten().unwrap_or(0.0).clamp(min, max);
    let low = num("low").flatten().unwrap_or(min).clamp(min, max);
    let high = num("high").flatten().unwrap_or(max).clamp(low, max);
    let optimum = num("optimum").flatten().unwrap_or((min + max) / 2.0).clamp(min, max);
    let fraction = if max > min { ((value - min) / (max - min)) as f32 } else { 0.0 };
    Gauge { el, fraction: Some(fraction), level: level(value, low, high, optimum), span }
}

/// The region a meter's value lies in, with the boundaries browsers use.
fn level(value: f64, low: f64, high: f64, optimum: f64) -> GaugeLevel {
    let (good, fair) = if optimum < low {
        (value <= low, value <= high)
    } else if high < optimum {
        (high <= value, low <= value)
    } else {
        // The optimum region is between `low` and `high`: nothing is worse than
        // next to it.
        (low <= value && value <= high, true)
    };
    match (good, fair) {
        (true, _) => GaugeLevel::Optimum,
        (false, true) => GaugeLevel::Suboptimal,
        (false, false) => GaugeLevel::EvenLessGood,
    }
}

/// HTML's rules for parsing floating-point numbers: leading whitespace, then the
/// longest prefix that is a number (`0.7kg` is 0.7); `None` if there is none, or it
/// is not finite.
fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0c']);
    let b = s.as_bytes();
    let digits = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let sign = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let mut end = digits(sign);
    if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits(end + 1);
    }
    if end == sign {
        return None;
    }
    if matches!(b.get(end), Some(b'e' | b'E')) {
        let j = end + 1 + usize::from(matches!(b.get(end + 1), Some(b'-' | b'+')));
        let k = digits(j);
        if k > j {
            end = k;
        }
    }
    s[..end].parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn numbers_parse_as_html_does() {
        assert_eq!(parse_number(" 0.7kg"), Some(0.7));
        assert_eq!(parse_number("70"), Some(70.0));
        assert_eq!(parse_number("-2.5e1"), Some(-25.0));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("-"), None);
        assert_eq!(parse_number("1e999"), None);
        assert_eq!(parse_number("3e"), Some(3.0));
    }

    #[test]
    fn progress_values() {
        let g = gauge("progress", &attrs(&[("value", "70"), ("max", "100")]), 0..1);
        assert_eq!(g.fraction, Some(0.7));
        assert_eq!(gauge("progress", &attrs(&[]), 0..1).fraction, None);
        assert_eq!(gauge("progress", &attrs(&[("value", "3")]), 0..1).fraction, Some(1.0));
        assert_eq!(gauge("progress", &attrs(&[("value", "x"), ("max", "-4")]), 0..1).fraction, Some(0.0));
    }

    #[test]
    fn meter_regions() {
        let m = |v: &str| gauge("meter", &attrs(&[("value", v), ("max", "100"), ("low", "33"), ("high", "66"), ("optimum", "80")]), 0..1);
        assert_eq!(m("90").level, GaugeLevel::Optimum);
        assert_eq!(m("50").level, GaugeLevel::Suboptimal);
        assert_eq!(m("20").level, GaugeLevel::EvenLessGood);
        assert_eq!(m("20").fraction, Some(0.2));
        let plain = gauge("meter", &attrs(&[("value", "0.8")]), 0..1);
        assert_eq!((plain.fraction, plain.level), (Some(0.8), GaugeLevel::Optimum));
        let empty = gauge("meter", &attrs(&[("min", "5"), ("max", "2")]), 0..1);
        assert_eq!(empty.fraction, Some(0.0));
    }
}
