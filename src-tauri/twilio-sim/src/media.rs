//! Media bytes (small valid PNG and PDF files made from the seed) and signed, expiring CDN links.

use crate::sid::Rng;

/// Content types that generated media use.
pub const TYPES: &[&str] = &["image/png", "image/png", "image/png", "application/pdf"];

/// The content type of media `k` of message `i`.
pub fn content_type(seed: u64, i: u32, k: u32) -> &'static str {
    let mut r = Rng::stream(seed, 0xabc0_0000_0000 | (i as u64) << 4 | k as u64);
    TYPES[r.below(TYPES.len() as u64) as usize]
}

/// The bytes of a media item of a content type.
pub fn bytes(content_type: &str, seed: u64, index: u64) -> Vec<u8> {
    if content_type == "application/pdf" {
        pdf(index)
    } else {
        png(seed ^ index)
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xffff_ffffu32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut c = kind.to_vec();
    c.extend_from_slice(data);
    out.extend_from_slice(&c);
    out.extend_from_slice(&crc32(&c).to_be_bytes());
}

/// A 64×48 RGB PNG with a seeded two-colour gradient (zlib "stored" blocks, no compression).
pub fn png(seed: u64) -> Vec<u8> {
    let (w, h) = (64u32, 48u32);
    let mut r = Rng::new(seed);
    let a = [r.below(256) as u8, r.below(256) as u8, r.below(256) as u8];
    let b = [r.below(256) as u8, r.below(256) as u8, r.below(256) as u8];
    let mut raw = Vec::with_capacity(((w * 3 + 1) * h) as usize);
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            for ch in 0..3 {
                let t = (x + y) * 255 / (w + h);
                raw.push(((a[ch] as u32 * (255 - t) + b[ch] as u32 * t) / 255) as u8);
            }
        }
    }
    let mut z = vec![0x78, 0x01];
    for (n, block) in raw.chunks(65_535).enumerate() {
        let last = (n + 1) * 65_535 >= raw.len();
        z.push(last as u8);
        z.extend_from_slice(&(block.len() as u16).to_le_bytes());
        z.extend_from_slice(&(!(block.len() as u16)).to_le_bytes());
        z.extend_from_slice(block);
    }
    let (mut s1, mut s2) = (1u32, 0u32);
    for &x in &raw {
        s1 = (s1 + x as u32) % 65_521;
        s2 = (s2 + s1) % 65_521;
    }
    z.extend_from_slice(&((s2 << 16) | s1).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A one-page PDF invoice.
pub fn pdf(index: u64) -> Vec<u8> {
    let text = format!(
        "BT /F1 18 Tf 72 720 Td (Facture / Invoice {}) Tj ET",
        10_000 + index % 90_000
    );
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{}\nendstream", text.len(), text),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{}\nendobj\n", i + 1, o).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n",
            objs.len() + 1,
            xref
        )
        .as_bytes(),
    );
    out
}

/// Seconds a CDN link stays valid (Twilio documents 4 hours).
pub const CDN_TTL_SECS: i64 = 4 * 3_600;

/// The signature of a CDN link for (media index, expiry).
pub fn sign(key: u64, media: u64, expires: i64) -> String {
    let mut r = Rng::stream(key, media ^ (expires as u64).rotate_left(32));
    format!("{:016x}", r.next_u64())
}
