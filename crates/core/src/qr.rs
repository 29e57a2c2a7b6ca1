//! QR codes the app draws itself, as one SVG path: a participant's link
//! that a phone's own camera opens. Error correction at level M (15 % of
//! the code may be unreadable) with the standard quiet zone of four modules.

use qrcodegen::{QrCode, QrCodeEcc};

/// Modules of light margin around the code, as the standard asks.
pub const QUIET_ZONE: usize = 4;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qr {
    /// Modules a side, without the quiet zone.
    pub size: usize,
    dark: Vec<bool>,
}

impl Qr {
    /// The code for `text`, or `None` when it is too long for any QR code.
    pub fn encode(text: &str) -> Option<Qr> {
        let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
        let size = code.size() as usize;
        let dark = (0..size * size).map(|i| code.get_module((i % size) as i32, (i / size) as i32)).collect();
        Some(Qr { size, dark })
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }

    /// Modules a side with the quiet zone: the SVG's viewBox is this square.
    pub fn extent(&self) -> usize {
        self.size + 2 * QUIET_ZONE
    }

    /// The dark modules as one SVG path, a rectangle per run of dark
    /// modules in a row, in viewBox units (one module = 1).
    pub fn svg_path(&self) -> String {
        let mut path = String::new();
        for y in 0..self.size {
            let mut x = 0;
            while x < self.size {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.size && self.is_dark(x, y) {
                    x += 1;
                }
                path.push_str(&format!("M{},{}h{}v1h-{}z", start + QUIET_ZONE, y + QUIET_ZONE, x - start, x - start));
            }
        }
        path
    }
}

/// The text of every QR code found in a greyscale image (`luma`, one byte a
/// pixel, row by row; 0 black, 255 white), as a camera frame gives it.
#[cfg(feature = "qr-read")]
pub fn read(width: usize, height: usize, luma: &[u8]) -> Vec<String> {
    if luma.len() < width * height {
        return Vec::new();
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    image.detect_grids().iter().filter_map(|grid| grid.decode().ok()).map(|(_, text)| text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_participant_link_fits_a_small_code_with_its_finder_patterns() {
        let link = "https://stegvis.example.se/projekt/#/deltagare?kod=E9H3H8&spar=grundskola&tid=follow-up";
        let qr = Qr::encode(link).unwrap();
        assert!(qr.size <= 49, "version 8 or lower, scannable at arm's length: {}", qr.size);
        // The three finder patterns: a 7x7 ring with a 3x3 centre, at three corners.
        for (cx, cy) in [(0, 0), (qr.size - 7, 0), (0, qr.size - 7)] {
            for i in 0..7 {
                assert!(qr.is_dark(cx + i, cy) && qr.is_dark(cx + i, cy + 6), "ring at {cx},{cy}");
                assert!(qr.is_dark(cx, cy + i) && qr.is_dark(cx + 6, cy + i));
            }
            assert!(!qr.is_dark(cx + 1, cy + 1) && qr.is_dark(cx + 3, cy + 3));
        }
        assert_eq!(qr.extent(), qr.size + 8);
    }

    #[test]
    fn the_path_draws_exactly_the_dark_modules() {
        let qr = Qr::encode("Stegvis").unwrap();
        let path = qr.svg_path();
        let mut drawn = vec![false; qr.size * qr.size];
        for run in path.split('M').filter(|r| !r.is_empty()) {
            let (xy, rest) = run.split_once('h').unwrap();
            let (x, y) = xy.split_once(',').unwrap();
            let (x, y): (usize, usize) = (x.parse::<usize>().unwrap() - QUIET_ZONE, y.parse::<usize>().unwrap() - QUIET_ZONE);
            let width: usize = rest.split_once('v').unwrap().0.parse().unwrap();
            for dx in 0..width {
                assert!(!drawn[y * qr.size + x + dx], "each module once");
                drawn[y * qr.size + x + dx] = true;
            }
        }
        for y in 0..qr.size {
            for x in 0..qr.size {
                assert_eq!(drawn[y * qr.size + x], qr.is_dark(x, y), "module {x},{y}");
            }
        }
    }

    /// The code drawn as a camera would see it: `scale` pixels a module,
    /// quiet zone included, on a grey background.
    #[cfg(feature = "qr-read")]
    fn photo(qr: &Qr, scale: usize, margin: usize) -> (usize, Vec<u8>) {
        let side = qr.extent() * scale + 2 * margin;
        let mut luma = vec![200u8; side * side];
        for y in 0..qr.extent() * scale {
            for x in 0..qr.extent() * scale {
                let (mx, my) = (x / scale, y / scale);
                let dark = mx >= QUIET_ZONE && my >= QUIET_ZONE && qr.is_dark(mx - QUIET_ZONE, my - QUIET_ZONE);
                luma[(y + margin) * side + x + margin] = if dark { 20 } else { 245 };
            }
        }
        (side, luma)
    }

    #[cfg(feature = "qr-read")]
    #[test]
    fn a_drawn_code_reads_back_as_its_text() {
        let text = "SV1/3/12/abcdefgh/".to_string() + &"x".repeat(400);
        let qr = Qr::encode(&text).unwrap();
        let (side, luma) = photo(&qr, 4, 37);
        assert_eq!(read(side, side, &luma), [text]);
        assert!(read(side, side, &vec![255; side * side]).is_empty(), "a blank frame has no code");
        assert!(read(side, side, &luma[..10]).is_empty(), "a short buffer is no frame");
    }

    #[test]
    fn text_too_long_for_any_code_is_refused() {
        assert!(Qr::encode(&"x".repeat(3000)).is_none());
    }
}
