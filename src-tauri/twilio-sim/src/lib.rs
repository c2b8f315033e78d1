//! A faithful Twilio simulator. Depends on nothing of Passerelle's.
