//! The logo preview of the WhatsApp screen. The window's Content-Security-Policy lets images
//! come only from the app itself and from `data:` URLs — never from the network, so a hostile
//! profile cannot make the window call out (tracking pixels) nor load what the core did not
//! check. The core fetches the logo instead, under limits: https only (redirects too, at most
//! three), 10 s, Meta's 5 MB, a JPEG or PNG by its declared type **and** its first bytes (no
//! SVG: it is a document, not a picture), no cookies; the screen gets it as a `data:` URL.

use super::limits::check_logo_url;
use crate::error::{Error, Result};
use base64::Engine;
use std::time::Duration;

/// Meta's limit for a profile picture (reference: whatsapp-codes-and-limits.md, `logo_url`).
pub const MAX_LOGO_BYTES: usize = 5 * 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(10);
const MAX_REDIRECTS: usize = 3;

/// The image types WhatsApp takes for a profile picture, by their first bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

fn refused(fr: String, en: String) -> Error {
    Error::InvalidInput {
        field: "logo_url".into(),
        fr,
        en,
    }
}

/// `bytes` as a `data:` URL when they are a JPEG or PNG whose declared type (if any) agrees.
pub fn data_url(declared: Option<&str>, bytes: &[u8]) -> Result<String> {
    let Some(kind) = sniff(bytes) else {
        return Err(refused(
            "cette adresse ne donne pas une image JPEG ou PNG : WhatsApp n'accepte que ces deux formats pour le logo.".into(),
            "this address does not give a JPEG or PNG image: WhatsApp takes only these two formats for the logo.".into(),
        ));
    };
    let declared = declared
        .map(|d| {
            d.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|d| !d.is_empty());
    if let Some(d) = declared {
        let agrees = d == kind || (kind == "image/jpeg" && d == "image/jpg");
        if !agrees {
            return Err(refused(
                format!("le serveur annonce « {d} » mais envoie une image {kind} : corrigez le fichier ou l'adresse."),
                format!("the server says “{d}” but sends a {kind} image: fix the file or the address."),
            ));
        }
    }
    let body = base64::engine::general_purpose::STANDARD.encode(bytes);
    Ok(format!("data:{kind};base64,{body}"))
}

/// Fetches the logo at `url` (checked as the profile form checks it: https) and returns it as
/// a `data:` URL for the preview.
pub async fn preview(url: &str) -> Result<String> {
    if url.trim().is_empty() {
        return Err(refused(
            "aucune adresse de logo.".into(),
            "no logo address.".into(),
        ));
    }
    if let Some(e) = check_logo_url("logo_url", url) {
        return Err(refused(e.fr, e.en));
    }
    fetch(url, true).await
}

/// [`preview`] without the https rule for the first address (tests serve over plain HTTP).
pub async fn fetch(url: &str, https_only: bool) -> Result<String> {
    let policy = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if https_only && attempt.url().scheme() != "https" {
            attempt.error("redirect away from https")
        } else {
            attempt.follow()
        }
    });
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(policy)
        .https_only(https_only)
        .build()
        .map_err(|e| Error::Internal(format!("logo client: {e}")))?;
    let unreachable = |e: reqwest::Error| Error::Network {
        detail: format!("logo: {e}"),
    };
    let mut response = client.get(url).send().await.map_err(unreachable)?;
    if !response.status().is_success() {
        let status = response.status().as_u16();
        return Err(refused(
            format!("le serveur du logo a répondu {status} : vérifiez l'adresse."),
            format!("the logo's server answered {status}: check the address."),
        ));
    }
    let too_big = || {
        refused(
            "le logo dépasse 5 Mo, la limite de WhatsApp : réduisez l'image (640 × 640 px suffisent).".into(),
            "the logo is over 5 MB, WhatsApp's limit: make the image smaller (640 × 640 px is enough).".into(),
        )
    };
    if response
        .content_length()
        .is_some_and(|n| n > MAX_LOGO_BYTES as u64)
    {
        return Err(too_big());
    }
    let declared = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut bytes = Vec::new();
    // Read by chunks: a server that announces no length (or lies) is still stopped at 5 MB.
    while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
        if bytes.len() + chunk.len() > MAX_LOGO_BYTES {
            return Err(too_big());
        }
        bytes.extend_from_slice(&chunk);
    }
    data_url(declared.as_deref(), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0];

    #[test]
    fn only_a_jpeg_or_png_that_says_what_it_is_becomes_a_data_url() {
        let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>";
        let cases: [(Option<&str>, &[u8], Option<&str>); 9] = [
            (Some("image/png"), PNG, Some("data:image/png;base64,")),
            (Some("image/jpeg"), JPEG, Some("data:image/jpeg;base64,")),
            (Some("image/jpg"), JPEG, Some("data:image/jpeg;base64,")),
            (
                Some("IMAGE/PNG; charset=binary"),
                PNG,
                Some("data:image/png;base64,"),
            ),
            (None, PNG, Some("data:image/png;base64,")),
            (Some("image/png"), JPEG, None), // the type and the bytes disagree
            (Some("image/svg+xml"), svg, None), // SVG: never
            (Some("text/html"), b"<html>", None),
            (Some("image/png"), b"", None),
        ];
        for (declared, bytes, want) in cases {
            let got = data_url(declared, bytes).ok();
            match want {
                Some(prefix) => assert!(
                    got.as_deref().is_some_and(|g| g.starts_with(prefix)),
                    "{declared:?}: {got:?}"
                ),
                None => assert!(got.is_none(), "{declared:?}: {got:?}"),
            }
        }
    }

    #[test]
    fn an_address_that_is_not_https_is_never_fetched() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        for url in [
            "http://example.com/logo.png",
            "ftp://x/y.png",
            "javascript:alert(1)",
            "",
        ] {
            let e = rt.block_on(preview(url)).unwrap_err();
            assert_eq!(e.code(), crate::error::Code::InvalidInput, "{url}");
        }
    }

    /// A one-shot HTTP server answering `head` then `body` (its length announced or not).
    fn serve(head: &'static str, body: Vec<u8>) -> String {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/logo", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            if let Ok((mut s, _)) = listener.accept() {
                let mut buf = [0u8; 2048];
                let _ = s.read(&mut buf);
                let _ = s.write_all(head.as_bytes());
                let _ = s.write_all(&body);
            }
        });
        url
    }

    #[test]
    fn a_logo_is_fetched_whole_under_five_megabytes_only() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let mut png = PNG.to_vec();
        png.extend(std::iter::repeat_n(0u8, 1000));
        let head = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 1010\r\nConnection: close\r\n\r\n";
        let ok = rt.block_on(fetch(&serve(head, png), false)).unwrap();
        assert!(
            ok.starts_with("data:image/png;base64,iVBORw0KGgo"),
            "{ok:.40}"
        );

        // No length announced: stopped at 5 MB all the same.
        let mut big = PNG.to_vec();
        big.extend(std::iter::repeat_n(0u8, MAX_LOGO_BYTES));
        let head = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n";
        let e = rt.block_on(fetch(&serve(head, big), false)).unwrap_err();
        assert!(e.message(crate::Lang::En).contains("5 MB"), "{e:?}");

        let head = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        let e = rt
            .block_on(fetch(&serve(head, Vec::new()), false))
            .unwrap_err();
        assert!(e.message(crate::Lang::En).contains("404"), "{e:?}");
    }
}
