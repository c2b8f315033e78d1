//! Which messages a list request selects: the filters of the Messages list and their test.

use super::*;

/// The filters of a message list.
#[derive(Clone, Debug, Default)]
pub struct MsgFilter {
    /// `To` address id (`Some(None)`: an address we never saw, so nothing matches).
    pub to: Option<Option<u32>>,
    /// `From` address id.
    pub from: Option<Option<u32>>,
    /// Inclusive time range.
    pub lo: i64,
    /// Inclusive time range.
    pub hi: i64,
    /// Set (to the request's time) when a `DateSent` filter is given: a message without a
    /// send date at that time (queued, canceled) has no `DateSent` to compare, so Twilio's
    /// date-filtered lists leave it out; unfiltered lists show it.
    pub sent_by: Option<i64>,
}

impl World {
    fn matches(&self, i: u32, f: &MsgFilter) -> bool {
        let m = &self.msgs[i as usize];
        if m.flags & DELETED != 0 || m.t < f.lo || m.t > f.hi {
            return false;
        }
        if let Some(now) = f.sent_by {
            if m.flags & LIVE != 0 && !self.status_at(i, now).0.has_send_date() {
                return false;
            }
        }
        let (from, to) = if m.dir == Direction::Inbound {
            (m.contact, m.sender)
        } else {
            (m.sender, m.contact)
        };
        if let Some(Some(x)) = f.to {
            if x != to {
                return false;
            }
        }
        if let Some(Some(x)) = f.from {
            if x != from {
                return false;
            }
        }
        true
    }

    /// One page of messages of `account`, newest first.
    pub fn page(&self, account: usize, f: &MsgFilter, cursor: Cursor, size: usize) -> Vec<u32> {
        static EMPTY: Vec<u32> = Vec::new();
        if matches!(f.to, Some(None)) || matches!(f.from, Some(None)) {
            return Vec::new();
        }
        let acct = account as u16;
        let to_list =
            f.to.flatten()
                .map(|a| self.by_to.get(&(acct, a)).unwrap_or(&EMPTY));
        let from_list = f
            .from
            .flatten()
            .map(|a| self.by_from.get(&(acct, a)).unwrap_or(&EMPTY));
        let list: &Vec<u32> = match (to_list, from_list) {
            (Some(a), Some(b)) => {
                if a.len() <= b.len() {
                    a
                } else {
                    b
                }
            }
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => &self.accounts[account].msgs,
        };
        let lo = list.partition_point(|&i| self.msgs[i as usize].t < f.lo);
        let hi = list.partition_point(|&i| self.msgs[i as usize].t <= f.hi);
        let mut out = Vec::with_capacity(size.min(1000));
        match cursor {
            Cursor::Offset(skip) => {
                let mut skipped = 0u64;
                for &i in list[lo..hi].iter().rev() {
                    if !self.matches(i, f) {
                        continue;
                    }
                    if skipped < skip {
                        skipped += 1;
                        continue;
                    }
                    out.push(i);
                    if out.len() == size {
                        break;
                    }
                }
            }
            Cursor::After(mark) => {
                let end = list.partition_point(|&i| i < mark).min(hi);
                for &i in list[lo.min(end)..end].iter().rev() {
                    if self.matches(i, f) {
                        out.push(i);
                        if out.len() == size {
                            break;
                        }
                    }
                }
            }
            Cursor::Before(mark) => {
                let start = list.partition_point(|&i| i <= mark).max(lo);
                for &i in &list[start.min(hi)..hi] {
                    if self.matches(i, f) {
                        out.push(i);
                        if out.len() == size {
                            break;
                        }
                    }
                }
                out.reverse();
            }
        }
        out
    }

    /// Whether any matching message is older than `i` (is there a next page?).
    pub fn has_older(&self, account: usize, f: &MsgFilter, i: u32) -> bool {
        !self.page(account, f, Cursor::After(i), 1).is_empty()
    }

    /// Whether any matching message is newer than `i`.
    pub fn has_newer(&self, account: usize, f: &MsgFilter, i: u32) -> bool {
        !self.page(account, f, Cursor::Before(i), 1).is_empty()
    }
}
