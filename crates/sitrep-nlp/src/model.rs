//! Model file framing: an 8-byte magic, a little-endian `u32` version, then fields.

use crate::NlpError;

/// Appends little-endian fields after the header.
pub(crate) struct Writer(Vec<u8>);

impl Writer {
    pub(crate) fn new(magic: &[u8; 8], version: u32) -> Writer {
        let mut v = magic.to_vec();
        v.extend_from_slice(&version.to_le_bytes());
        Writer(v)
    }
    pub(crate) fn u8(&mut self, x: u8) {
        self.0.push(x);
    }
    pub(crate) fn u16(&mut self, x: u16) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    pub(crate) fn i16(&mut self, x: i16) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    pub(crate) fn u32(&mut self, x: u32) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, x: u64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    pub(crate) fn f32(&mut self, x: f32) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    /// A string: `u16` length, then UTF-8 bytes (longer strings are cut on a char boundary).
    pub(crate) fn str(&mut self, s: &str) {
        let mut n = s.len().min(u16::MAX as usize);
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        self.u16(n as u16);
        self.0.extend_from_slice(&s.as_bytes()[..n]);
    }
    pub(crate) fn finish(self) -> Vec<u8> {
        self.0
    }
}

/// Reads fields with bounds checks; any overrun is a corrupt-model error.
pub(crate) struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Checks the header and positions the reader after it.
    pub(crate) fn new(b: &'a [u8], magic: &[u8; 8], version: u32) -> Result<Reader<'a>, NlpError> {
        if b.len() < 12 || &b[..8] != magic {
            return Err(NlpError::model("not a model of this kind (bad magic)"));
        }
        let v = u32::from_le_bytes([b[8], b[9], b[10], b[11]]);
        if v != version {
            return Err(NlpError::model(format!(
                "model version {v}, expected {version}"
            )));
        }
        Ok(Reader { b, pos: 12 })
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], NlpError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| NlpError::model("truncated model file"))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn arr<const N: usize>(&mut self) -> Result<[u8; N], NlpError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    pub(crate) fn u8(&mut self) -> Result<u8, NlpError> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u16(&mut self) -> Result<u16, NlpError> {
        Ok(u16::from_le_bytes(self.arr()?))
    }
    pub(crate) fn i16(&mut self) -> Result<i16, NlpError> {
        Ok(i16::from_le_bytes(self.arr()?))
    }
    pub(crate) fn u32(&mut self) -> Result<u32, NlpError> {
        Ok(u32::from_le_bytes(self.arr()?))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, NlpError> {
        Ok(u64::from_le_bytes(self.arr()?))
    }
    pub(crate) fn f32(&mut self) -> Result<f32, NlpError> {
        Ok(f32::from_le_bytes(self.arr()?))
    }
    pub(crate) fn str(&mut self) -> Result<&'a str, NlpError> {
        let n = self.u16()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| NlpError::model("string is not UTF-8"))
    }
    /// Fails when bytes are left over.
    pub(crate) fn finish(self) -> Result<(), NlpError> {
        if self.pos == self.b.len() {
            Ok(())
        } else {
            Err(NlpError::model("trailing bytes after model"))
        }
    }
}
