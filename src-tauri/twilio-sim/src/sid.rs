//! Twilio-shaped SIDs (`SM` + 32 hex digits) that encode a record's index, so a 1M-message
//! history needs no SID → record map: the index is recovered by inverting a keyed mix.

/// The kind of record a SID names; the tag is folded into the SID so kinds never collide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A message (`SM`, or `MM` when it carries media).
    Message = 1,
    /// A media item (`ME`); its index is `message_index * 16 + position`.
    Media = 2,
    /// A WhatsApp sender (`XE`).
    Sender = 3,
    /// A content template (`HX`).
    Content = 4,
    /// An account (`AC`).
    Account = 5,
    /// An API key (`SK`).
    Key = 6,
    /// A messaging service (`MG`).
    Service = 7,
}

use sim_kit::rng::mix;
pub use sim_kit::rng::Rng;

// The multipliers of `mix`, inverted by `unmix`.
const M1: u64 = 0xff51_afd7_ed55_8ccd;
const M2: u64 = 0xc4ce_b9fe_1a85_ec53;

fn inverse(c: u64) -> u64 {
    // Newton's iteration doubles the number of correct low bits each round: 5 rounds > 64 bits.
    let mut x = c;
    for _ in 0..5 {
        x = x.wrapping_mul(2u64.wrapping_sub(c.wrapping_mul(x)));
    }
    x
}

fn unmix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(inverse(M2));
    x ^= x >> 33;
    x = x.wrapping_mul(inverse(M1));
    x ^= x >> 33;
    x
}

/// Encodes and decodes the SIDs of one simulator (its seed keys the mix).
#[derive(Clone, Copy, Debug)]
pub struct SidCodec {
    key: u64,
    check: u64,
}

impl SidCodec {
    /// A codec keyed by the simulator's seed.
    pub fn new(seed: u64) -> Self {
        SidCodec {
            key: mix(seed ^ 0x5049_4d53_4f4c_4c45),
            check: mix(seed.wrapping_add(0x9e37_79b9_7f4a_7c15)),
        }
    }

    /// The 32 hex digits after the prefix for record `index` of `kind`.
    pub fn hex(&self, kind: Kind, index: u64) -> String {
        let hi = mix(((kind as u64) << 56 | (index & 0x00ff_ffff_ffff_ffff)) ^ self.key);
        let lo = mix(hi ^ self.check);
        format!("{hi:016x}{lo:016x}")
    }

    /// The full SID with its two-letter prefix.
    pub fn sid(&self, prefix: &str, kind: Kind, index: u64) -> String {
        format!("{prefix}{}", self.hex(kind, index))
    }

    /// The index a SID of `kind` encodes, if it is one of ours.
    pub fn decode(&self, kind: Kind, sid: &str) -> Option<u64> {
        if sid.len() != 34 || !sid.is_ascii() {
            return None;
        }
        let hex = &sid[2..];
        let hi = u64::from_str_radix(&hex[..16], 16).ok()?;
        let lo = u64::from_str_radix(&hex[16..], 16).ok()?;
        if mix(hi ^ self.check) != lo {
            return None;
        }
        let x = unmix(hi) ^ self.key;
        if x >> 56 != kind as u64 {
            return None;
        }
        Some(x & 0x00ff_ffff_ffff_ffff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sids_round_trip_and_reject_other_kinds() {
        let c = SidCodec::new(7);
        for i in [0u64, 1, 999_999, 1 << 40] {
            let sid = c.sid("SM", Kind::Message, i);
            assert_eq!(c.decode(Kind::Message, &sid), Some(i));
            assert_eq!(c.decode(Kind::Media, &sid), None);
        }
        assert_eq!(
            c.decode(Kind::Message, "SMded05904ccb347238880ca9264e8fe1c"),
            None
        );
        assert_eq!(
            SidCodec::new(8).decode(Kind::Message, &c.sid("SM", Kind::Message, 3)),
            None
        );
    }
}
