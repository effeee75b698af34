//! Colours: the one parser for CSS colour values. `#rgb`, `#rgba`, `#rrggbb` and
//! `#rrggbbaa`, `rgb()`/`rgba()` (numbers or percentages, commas or spaces), `hsl()`/
//! `hsla()` and the 148 CSS named colours (svgtypes' table of SVG's 147, and
//! `rebeccapurple`). Alpha is read and
//! dropped: cvpdf paints opaque colours. `transparent` and `currentcolor` are not
//! colours here (`None`), so a declaration using them leaves the colour as it was.

use std::str::FromStr;

use crate::geom::Rgb;

/// Parses a CSS colour (ASCII case-insensitive, surrounding white space ignored).
pub fn parse(value: &str) -> Option<Rgb> {
    let v = value.trim().to_ascii_lowercase();
    if let Some(hex) = v.strip_prefix('#') {
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None; // also keeps the byte slicing below on character boundaries
        }
        let h = |s: &str| u8::from_str_radix(s, 16).ok();
        return match hex.len() {
            3 | 4 => {
                let d: Vec<u8> = hex.chars().filter_map(|c| c.to_digit(16).map(|d| d as u8 * 17)).collect();
                (d.len() >= 3).then(|| Rgb(d[0], d[1], d[2]))
            }
            6 | 8 => Some(Rgb(h(&hex[0..2])?, h(&hex[2..4])?, h(&hex[4..6])?)),
            _ => None,
        };
    }
    if let Some(args) = v.strip_prefix("rgba(").or_else(|| v.strip_prefix("rgb(")) {
        // Channels are cut to whole numbers (not rounded), as cvpdf always has.
        let n: Vec<u8> = args
            .trim_end_matches(')')
            .split([',', ' ', '/'])
            .filter(|s| !s.is_empty())
            .take(3)
            .filter_map(|s| {
                if let Some(p) = s.strip_suffix('%') {
                    p.parse::<f32>().ok().map(|p| (p * 2.55).clamp(0.0, 255.0) as u8)
                } else {
                    s.parse::<f32>().ok().map(|x| x.clamp(0.0, 255.0) as u8)
                }
            })
            .collect();
        return (n.len() == 3).then(|| Rgb(n[0], n[1], n[2]));
    }
    let function = v.starts_with("hsl(") || v.starts_with("hsla(");
    let name = v.bytes().all(|b| b.is_ascii_alphabetic()) && v != "transparent";
    if v == "rebeccapurple" {
        // CSS Color 4's 148th name, which svgtypes' table (SVG's 147) lacks.
        return Some(Rgb(102, 51, 153));
    }
    if function || name {
        return svgtypes::Color::from_str(&v).ok().map(|c| Rgb(c.red, c.green, c.blue));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let cases: &[(&str, Option<Rgb>)] = &[
            ("#f00", Some(Rgb(255, 0, 0))),
            ("#F00a", Some(Rgb(255, 0, 0))),
            ("#123456", Some(Rgb(0x12, 0x34, 0x56))),
            ("#12345678", Some(Rgb(0x12, 0x34, 0x56))),
            ("#12345", None),
            ("#ggg", None),
            ("#é", None),
            ("rgb(1, 2, 3)", Some(Rgb(1, 2, 3))),
            ("rgb(1 2 3 / 0.5)", Some(Rgb(1, 2, 3))),
            ("rgba(10, 20, 30, 0.5)", Some(Rgb(10, 20, 30))),
            ("rgb(100%, 50%, 0%)", Some(Rgb(255, 127, 0))),
            ("rgb(1.9, 300, -4)", Some(Rgb(1, 255, 0))),
            ("rgb(1, 2)", None),
            ("hsl(120, 100%, 25%)", Some(Rgb(0, 128, 0))),
            ("hsla(0, 100%, 50%, 0.3)", Some(Rgb(255, 0, 0))),
            ("hsl(240 100% 50%)", Some(Rgb(0, 0, 255))),
            ("  RebeccaPurple ", Some(Rgb(102, 51, 153))),
            ("aliceblue", Some(Rgb(240, 248, 255))),
            ("yellowgreen", Some(Rgb(154, 205, 50))),
            ("transparent", None),
            ("currentcolor", None),
            ("nonsense", None),
            ("", None),
        ];
        for &(text, want) in cases {
            assert_eq!(parse(text), want, "{text:?}");
        }
    }

    /// The names cvpdf knew before it read all 148 keep their colours.
    #[test]
    fn names_known_before_are_unchanged() {
        let cases: &[(&str, Rgb)] = &[
            ("black", Rgb(0, 0, 0)),
            ("white", Rgb(255, 255, 255)),
            ("red", Rgb(255, 0, 0)),
            ("green", Rgb(0, 128, 0)),
            ("blue", Rgb(0, 0, 255)),
            ("gray", Rgb(128, 128, 128)),
            ("grey", Rgb(128, 128, 128)),
            ("darkgray", Rgb(169, 169, 169)),
            ("darkgrey", Rgb(169, 169, 169)),
            ("lightgray", Rgb(211, 211, 211)),
            ("lightgrey", Rgb(211, 211, 211)),
            ("dimgray", Rgb(105, 105, 105)),
            ("dimgrey", Rgb(105, 105, 105)),
            ("silver", Rgb(192, 192, 192)),
            ("navy", Rgb(0, 0, 128)),
            ("teal", Rgb(0, 128, 128)),
            ("maroon", Rgb(128, 0, 0)),
            ("purple", Rgb(128, 0, 128)),
            ("orange", Rgb(255, 165, 0)),
            ("yellow", Rgb(255, 255, 0)),
            ("darkblue", Rgb(0, 0, 139)),
            ("darkred", Rgb(139, 0, 0)),
            ("darkgreen", Rgb(0, 100, 0)),
            ("steelblue", Rgb(70, 130, 180)),
            ("royalblue", Rgb(65, 105, 225)),
            ("slategray", Rgb(112, 128, 144)),
            ("slategrey", Rgb(112, 128, 144)),
            ("crimson", Rgb(220, 20, 60)),
            ("gold", Rgb(255, 215, 0)),
            ("brown", Rgb(165, 42, 42)),
            ("pink", Rgb(255, 192, 203)),
        ];
        for &(name, want) in cases {
            assert_eq!(parse(name), Some(want), "{name}");
        }
    }
}
