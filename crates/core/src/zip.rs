//! A minimal ZIP writer (stored, no compression): enough to hand several
//! export files over as one download, which any unzip tool opens.

/// CRC-32 (IEEE), as ZIP needs it.
pub fn crc32(data: &[u8]) -> u32 {
    !crc_update(!0, data)
}

fn crc_update(mut crc: u32, data: &[u8]) -> u32 {
    // Eight bytes a step (slicing-by-8): a data package of a million
    // answers is a quarter of a gigabyte to check.
    static TABLES: std::sync::OnceLock<[[u32; 256]; 8]> = std::sync::OnceLock::new();
    let tables = TABLES.get_or_init(crc_tables);
    let mut words = data.chunks_exact(8);
    for w in &mut words {
        let lo = crc ^ u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
        crc = tables[7][(lo & 0xff) as usize]
            ^ tables[6][(lo >> 8 & 0xff) as usize]
            ^ tables[5][(lo >> 16 & 0xff) as usize]
            ^ tables[4][(lo >> 24) as usize]
            ^ tables[3][w[4] as usize]
            ^ tables[2][w[5] as usize]
            ^ tables[1][w[6] as usize]
            ^ tables[0][w[7] as usize];
    }
    words.remainder().iter().fold(crc, |crc, b| tables[0][((crc ^ u32::from(*b)) & 0xff) as usize] ^ (crc >> 8))
}

/// The CRC of each byte value (table 0), so a byte takes one lookup instead
/// of eight steps; table k is a byte followed by k zero bytes. Made when
/// first needed rather than at compile time: as data they were 8 KB of the
/// staff app's download that does not compress.
fn crc_tables() -> [[u32; 256]; 8] {
    let mut tables = [[0u32; 256]; 8];
    let mut n = 0;
    while n < 256 {
        let mut crc = n as u32;
        let mut k = 0;
        while k < 8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            k += 1;
        }
        tables[0][n] = crc;
        n += 1;
    }
    let mut t = 1;
    while t < 8 {
        let mut n = 0;
        while n < 256 {
            let prev = tables[t - 1][n];
            tables[t][n] = (prev >> 8) ^ tables[0][(prev & 0xff) as usize];
            n += 1;
        }
        t += 1;
    }
    tables
}

/// The files, in order, as a ZIP archive. `date` is (year, month, day) for
/// the entries' timestamp; names are ASCII.
pub fn store(files: &[(&str, &[u8])], date: (u16, u16, u16)) -> Vec<u8> {
    let mut zip = Writer::new(Vec::new(), date);
    for (name, data) in files {
        zip.add(name, data).expect("writing to memory does not fail");
    }
    zip.finish().expect("writing to memory does not fail")
}

/// A stored (uncompressed) ZIP archive written one file at a time, so a
/// large archive never needs to be in memory whole.
pub struct Writer<W> {
    out: W,
    written: u32,
    central: Vec<u8>,
    files: u16,
    dos_date: u16,
}

fn le16(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}

fn le32(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}

impl<W: std::io::Write> Writer<W> {
    pub fn new(out: W, date: (u16, u16, u16)) -> Writer<W> {
        let (y, m, d) = date;
        let dos_date = (y.saturating_sub(1980) << 9) | (m << 5) | d;
        Writer { out, written: 0, central: Vec::new(), files: 0, dos_date }
    }

    pub fn add(&mut self, name: &str, data: &[u8]) -> std::io::Result<()> {
        let size = u32::try_from(data.len()).map_err(|_| std::io::Error::other("a file of the archive is over 4 GB"))?;
        let crc = crc32(data);
        self.header(name, crc, size)?;
        self.out.write_all(data)?;
        self.entry(name, crc, size)
    }

    fn header(&mut self, name: &str, crc: u32, size: u32) -> std::io::Result<()> {
        let mut header = Vec::new();
        le32(&mut header, 0x0403_4b50);
        for x in [20, 0x0800, 0, 0, self.dos_date] {
            le16(&mut header, x); // version, flags (UTF-8 names), stored, time, date
        }
        for x in [crc, size, size] {
            le32(&mut header, x);
        }
        le16(&mut header, name.len() as u16);
        le16(&mut header, 0);
        header.extend_from_slice(name.as_bytes());
        self.out.write_all(&header)
    }

    /// Counts the entry in for the central directory; its data is written.
    fn entry(&mut self, name: &str, crc: u32, size: u32) -> std::io::Result<()> {
        let offset = self.written;
        // Offsets are 32 bits here (no ZIP64): a larger archive is an error, never a wrong one.
        self.written = (30 + name.len() as u32)
            .checked_add(size)
            .and_then(|n| n.checked_add(offset))
            .ok_or_else(|| std::io::Error::other("the archive would be over 4 GB"))?;
        let central = &mut self.central;
        le32(central, 0x0201_4b50);
        for x in [20, 20, 0x0800, 0, 0, self.dos_date] {
            le16(central, x);
        }
        for x in [crc, size, size] {
            le32(central, x);
        }
        for x in [name.len() as u16, 0, 0, 0, 0] {
            le16(central, x);
        }
        le32(central, 0);
        le32(central, offset);
        central.extend_from_slice(name.as_bytes());
        self.files += 1;
        Ok(())
    }

    /// Writes the central directory; gives back the writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        let mut end = std::mem::take(&mut self.central);
        let central_size = end.len() as u32;
        le32(&mut end, 0x0605_4b50);
        for x in [0, 0, self.files, self.files] {
            le16(&mut end, x);
        }
        le32(&mut end, central_size);
        le32(&mut end, self.written);
        le16(&mut end, 0);
        self.out.write_all(&end)?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_check_value() {
        // The standard check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        // Eight bytes a step gives the bit-by-bit definition's CRC at every length and split.
        let data: Vec<u8> = (0..1000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let bitwise = |data: &[u8]| {
            !data.iter().fold(!0u32, |mut crc, b| {
                crc ^= u32::from(*b);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
                }
                crc
            })
        };
        for len in (0..40).chain([999, 1000]) {
            assert_eq!(crc32(&data[..len]), bitwise(&data[..len]), "length {len}");
            let split = len / 3;
            assert_eq!(!crc_update(crc_update(!0, &data[..split]), &data[split..len]), bitwise(&data[..len]), "split {len}");
        }
    }

    #[test]
    fn an_entry_written_as_it_is_made_gives_the_same_archive() {
        let files: [(&str, &[u8]); 3] = [("a.csv", b"x,y\r\n1,2\r\n"), ("tom.csv", b""), ("datapackage.json", b"{}")];
        let mut zip = Writer::new(std::io::Cursor::new(Vec::new()), (2026, 11, 30));
        for (name, data) in files {
            // In two pieces, as a table is handed on.
            zip.add_written(name, |out| {
                out.write_all(&data[..data.len() / 2])?;
                out.write_all(&data[data.len() / 2..])
            })
            .unwrap();
        }
        assert_eq!(zip.finish().unwrap().into_inner(), store(&files, (2026, 11, 30)));
    }

    #[test]
    fn an_archive_lists_its_files_where_the_central_directory_says() {
        let zip = store(&[("a.csv", b"x,y\r\n1,2\r\n"), ("datapackage.json", b"{}")], (2026, 11, 26));
        let end = zip.len() - 22;
        assert_eq!(&zip[end..end + 4], &[0x50, 0x4b, 0x05, 0x06]);
        assert_eq!(u16::from_le_bytes([zip[end + 10], zip[end + 11]]), 2);
        let offset = u32::from_le_bytes(zip[end + 16..end + 20].try_into().unwrap()) as usize;
        assert_eq!(&zip[offset..offset + 4], &[0x50, 0x4b, 0x01, 0x02]);
        assert_eq!(&zip[30..35], b"a.csv");
        assert_eq!(&zip[35..45], b"x,y\r\n1,2\r\n");
    }
}

impl<W: std::io::Write + std::io::Seek> Writer<W> {
    /// An entry whose data `write` writes as it is made: its checksum and
    /// size, unknown before, are filled into its header afterwards. The
    /// archive is the same, byte for byte, as with [`Writer::add`].
    pub fn add_written(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        use std::io::SeekFrom;
        let start = self.out.stream_position()?;
        self.header(name, 0, 0)?;
        let mut counted = Counted { out: &mut self.out, crc: !0, size: 0 };
        write(&mut counted)?;
        let (crc, size) = (!counted.crc, counted.size);
        let size = u32::try_from(size).map_err(|_| std::io::Error::other("a file of the archive is over 4 GB"))?;
        let end = self.out.stream_position()?;
        self.out.seek(SeekFrom::Start(start + 14))?;
        let mut fields = Vec::new();
        for x in [crc, size, size] {
            le32(&mut fields, x);
        }
        self.out.write_all(&fields)?;
        self.out.seek(SeekFrom::Start(end))?;
        self.entry(name, crc, size)
    }
}

/// Passes bytes on while keeping their CRC-32 and count.
struct Counted<'a, W> {
    out: &'a mut W,
    crc: u32,
    size: u64,
}

impl<W: std::io::Write> std::io::Write for Counted<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.crc = crc_update(self.crc, &buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
