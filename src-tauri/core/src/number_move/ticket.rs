//! Step 5: the ready-to-send text asking Twilio support to turn off two-step verification on
//! the number. It names the Account SID and the number, never a token or key secret (the
//! function cannot see one: it takes only the SID and the number).

use crate::ids::AccountSid;

/// The ticket's subject and body, in English (Twilio support's language).
pub fn text(account_sid: &AccountSid, sender: &str) -> String {
    let number = sender.trim_start_matches("whatsapp:");
    format!(
        "Subject: Please disable two-step verification on WhatsApp sender {number}\n\
         \n\
         Hello Twilio Support,\n\
         \n\
         We are migrating our WhatsApp Business number to another Business Solution Provider \
         (BSP). Please turn off two-step verification (2FA) on this WhatsApp sender so that the \
         new provider can start the migration.\n\
         \n\
         Account SID: {account_sid}\n\
         WhatsApp number: {number}\n\
         \n\
         Please reply to confirm once two-step verification is off.\n\
         \n\
         Thank you.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ticket_names_the_sid_and_the_number() {
        let sid = AccountSid::parse("AC0123456789abcdef0123456789abcdef").unwrap();
        let t = text(&sid, "whatsapp:+33612345678");
        assert!(t.contains("Account SID: AC0123456789abcdef0123456789abcdef"));
        assert!(t.contains("WhatsApp number: +33612345678"));
        assert!(t.contains("two-step verification"));
        assert!(!t.contains("whatsapp:+"));
    }
}
