//! GB/T 9704—2012 page figures in WordprocessingML units.
//!
//! Twips are 1/20 pt = 1/1440 inch, so `twips = mm / 25.4 × 1440`, rounded to the nearest
//! twip (the standard allows ±1 mm, a twip is 0.018 mm). Font sizes are in half-points.

/// A4 width: 210 mm = 11 905.5 twips → 11 906.
pub const PAGE_WIDTH: u32 = 11906;
/// A4 height: 297 mm = 16 837.8 twips → 16 838.
pub const PAGE_HEIGHT: u32 = 16838;
/// 天头 37 mm = 2 097.6 twips → 2 098.
pub const MARGIN_TOP: u32 = 2098;
/// Bottom 35 mm (297 − 37 − 225 type area) = 1 984.3 twips → 1 984.
pub const MARGIN_BOTTOM: u32 = 1984;
/// 订口 28 mm = 1 587.4 twips → 1 587.
pub const MARGIN_LEFT: u32 = 1587;
/// Right 26 mm (210 − 28 − 156 type area) = 1 474.0 twips → 1 474.
pub const MARGIN_RIGHT: u32 = 1474;

/// Type area (版心) width: 8 845 twips ≈ 156.0 mm.
pub const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/// Type area height: 12 756 twips ≈ 225.0 mm.
pub const TEXT_HEIGHT: u32 = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;

/// Lines and characters of the standard's grid.
pub const LINES_PER_PAGE: u32 = 22;
pub const CHARS_PER_LINE: u32 = 28;

/// Line pitch 12 756 / 22 = 579.8, rounded *down* to 579 (28.95 pt): with 580 the 22 lines
/// would need 12 760 twips and Word would fit only 21. Also the exact line spacing of body text.
pub const LINE_PITCH: u32 = TEXT_HEIGHT / LINES_PER_PAGE;
// Checked when compiling: 22 lines fit, and the pitch is the largest that lets them.
const _: () = assert!(LINE_PITCH * LINES_PER_PAGE <= TEXT_HEIGHT);
const _: () = assert!((LINE_PITCH + 1) * LINES_PER_PAGE > TEXT_HEIGHT);

/// 三号 = 16 pt = 32 half-points: the default size, which `w:charSpace` is measured against.
pub const BODY_SIZE: usize = 32;
/// 二号 = 22 pt, for the title.
pub const TITLE_SIZE: usize = 44;
/// 四号 = 14 pt, for page numbers and table text.
pub const SMALL_SIZE: usize = 28;

/// `w:charSpace`: how far the grid's character pitch departs from the default font size, in
/// 1/4096 pt. Pitch = 8 845 / 28 = 315.9 twips = 15.795 pt; 15.795 − 16 = −0.2054 pt
/// = −841.1 / 4096 pt, rounded *down* to −842 so that 28 characters always fit on a line.
/// (−842 with pitch 579 is also what the common Word 公文 templates carry.)
pub const CHAR_SPACE: i32 = char_space();

const fn char_space() -> i32 {
    // All in integers to stay const: 4096 × (TEXT_WIDTH / 28 / 20 − BODY_SIZE / 2), floored.
    let num = 4096 * TEXT_WIDTH as i64 - 4096 * 20 * CHARS_PER_LINE as i64 * (BODY_SIZE as i64 / 2);
    let den = 20 * CHARS_PER_LINE as i64;
    num.div_euclid(den) as i32
}

/// One 字 on the grid (315.9 twips), for indents written in characters.
pub const fn zi(chars: f64) -> i32 {
    (chars * TEXT_WIDTH as f64 / CHARS_PER_LINE as f64 + 0.5) as i32
}

/// The page number's 一字线 sits 7 mm (397 twips) below the type area. `w:footer` is measured
/// from the page's bottom edge to the bottom of the footer line, whose height is fixed at
/// one 四号 line (280 twips): 1 984 − 397 − 280 = 1 307.
pub const FOOTER_DISTANCE: u32 = MARGIN_BOTTOM - 397 - SMALL_LINE;
/// Exact height of a 四号 line (14 pt) in the footer.
pub const SMALL_LINE: u32 = 280;
/// Distance of the (empty) header from the top edge: Word's default, 15 mm.
pub const HEADER_DISTANCE: u32 = 851;

#[cfg(test)]
mod tests {
    use super::*;

    fn mm(v: f64) -> u32 {
        (v / 25.4 * 1440.0).round() as u32
    }

    #[test]
    fn figures_match_the_standard() {
        assert_eq!(mm(210.0), PAGE_WIDTH);
        assert_eq!(mm(297.0), PAGE_HEIGHT);
        assert_eq!(mm(37.0), MARGIN_TOP);
        assert_eq!(mm(35.0), MARGIN_BOTTOM);
        assert_eq!(mm(28.0), MARGIN_LEFT);
        assert_eq!(mm(26.0), MARGIN_RIGHT);
        assert!(TEXT_WIDTH.abs_diff(mm(156.0)) <= 1);
        assert!(TEXT_HEIGHT.abs_diff(mm(225.0)) <= 1);
        assert_eq!(mm(7.0), 397);
    }

    #[test]
    fn grid_fits_22_lines_of_28_characters() {
        assert_eq!(LINE_PITCH, 579);
        assert_eq!(CHAR_SPACE, -842);
        // Pitch in twips from charSpace: (16 pt + charSpace / 4096 pt) × 20.
        let pitch = (16.0 + CHAR_SPACE as f64 / 4096.0) * 20.0;
        assert!(pitch * 28.0 <= TEXT_WIDTH as f64);
        assert!(pitch * 29.0 > TEXT_WIDTH as f64);
        assert_eq!(zi(2.0), 632);
        assert_eq!(FOOTER_DISTANCE, 1307);
    }
}
