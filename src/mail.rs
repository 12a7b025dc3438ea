//! E-mail drafts, never sent: a message in the Internet Message Format
//! (RFC 5322, MIME parts of RFC 2045–2049) that Outlook and Thunderbird
//! open ready to send, with its PDF attached. Non-ASCII header text is
//! written as encoded words (RFC 2047), the attachment's name with its
//! UTF-8 parameter (RFC 2231), the body as quoted-printable UTF-8.
//!
//! Nothing here sends anything: the program has no network at run time.
//! A draft has no sender and no date: the mail program sets both when the
//! user sends it from their own account.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// One draft: to whom, about what, what it says, what it carries.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The recipient: a name (may be empty) and an address already
    /// checked with [`check_address`].
    pub to: (String, String),
    pub subject: String,
    /// Plain text, lines separated by `\n`.
    pub body: String,
    /// The attached file: its name and bytes.
    pub attachment: Option<(String, Vec<u8>)>,
}

/// Why an address is not one, in words for the user; `None` when it is.
/// Deliberately plain: one `@`, a local part and a domain with a dot, no
/// spaces, quotes or angle brackets, ASCII only (what every mail program
/// accepts as typed).
pub fn check_address(address: &str) -> Option<&'static str> {
    if address.is_empty() {
        return Some("è vuoto");
    }
    if !address.is_ascii() || address.chars().any(|c| c.is_control()) {
        return Some("contiene lettere accentate o caratteri non ammessi");
    }
    if address
        .chars()
        .any(|c| c.is_whitespace() || "<>()[]\\,;:\"".contains(c))
    {
        return Some("contiene spazi o segni non ammessi (come < > , ; :)");
    }
    let Some((local, domain)) = address.split_once('@') else {
        return Some("manca la chiocciola @");
    };
    if domain.contains('@') {
        return Some("ha più di una chiocciola @");
    }
    if local.is_empty() {
        return Some("manca il nome prima della @");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Some("ha un punto all'inizio, alla fine o doppio prima della @");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| {
            l.is_empty()
                || l.starts_with('-')
                || l.ends_with('-')
                || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    {
        return Some("il dominio dopo la @ non è valido (per esempio comune.esempio.it)");
    }
    None
}

/// A message's text as a template renders it, tidied: indentation removed, at most one blank line
/// in a row, one final newline.
pub fn body_text(text: &str) -> String {
    let mut out = String::new();
    let mut blank = true;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    out.trim_end().to_string() + "\n"
}

/// The draft as the bytes of an `.eml` file (CRLF line ends).
pub fn render(d: &Draft) -> Vec<u8> {
    let boundary = boundary(d);
    let mut out = String::new();
    let mut header = |name: &str, value: &str| {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str("\r\n");
    };
    // A draft: Outlook opens it ready to send from the user's account.
    header("X-Unsent", "1");
    header("To", &mailbox(&d.to.0, &d.to.1));
    header("Subject", &encoded_words(&d.subject));
    header("MIME-Version", "1.0");
    match &d.attachment {
        None => {
            header("Content-Type", "text/plain; charset=utf-8");
            header("Content-Transfer-Encoding", "quoted-printable");
            out.push_str("\r\n");
            out.push_str(&quoted_printable(&d.body));
            out.push_str("\r\n");
        }
        Some((name, bytes)) => {
            header(
                "Content-Type",
                &format!("multipart/mixed; boundary=\"{boundary}\""),
            );
            out.push_str("\r\n");
            out.push_str(&format!("--{boundary}\r\n"));
            out.push_str("Content-Type: text/plain; charset=utf-8\r\n");
            out.push_str("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
            out.push_str(&quoted_printable(&d.body));
            out.push_str(&format!("\r\n--{boundary}\r\n"));
            // The name twice, as each family of mail programs reads it:
            // encoded words in `name` (Outlook), RFC 2231 in `filename*`.
            out.push_str(&format!(
                "Content-Type: application/pdf;\r\n name=\"{}\"\r\n",
                parameter_words(name)
            ));
            out.push_str("Content-Transfer-Encoding: base64\r\n");
            out.push_str(&format!(
                "Content-Disposition: attachment;\r\n filename*=UTF-8''{}\r\n\r\n",
                percent_encoded(name)
            ));
            let b64 = STANDARD.encode(bytes);
            for chunk in b64.as_bytes().chunks(76) {
                out.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
                out.push_str("\r\n");
            }
            out.push_str(&format!("--{boundary}--\r\n"));
        }
    }
    out.into_bytes()
}

/// A boundary that cannot occur in the parts: quoted-printable and base64
/// never contain `=_` followed by this text at a line's start.
fn boundary(d: &Draft) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(d.subject.as_bytes());
    h.update(d.body.as_bytes());
    if let Some((_, b)) = &d.attachment {
        h.update(b);
    }
    let digest = h.finalize();
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("=_consuntivo_{hex}")
}

/// `Name <address>`: the name quoted, or as encoded words when it is not
/// plain ASCII.
fn mailbox(name: &str, address: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        return address.to_string();
    }
    if name.is_ascii() && !name.chars().any(|c| c.is_control()) {
        let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{quoted}\" <{address}>")
    } else {
        format!("{} <{address}>", encoded_words(name))
    }
}

/// Header text: as it is when plain ASCII and short, otherwise UTF-8
/// encoded words (`=?UTF-8?B?…?=`) of at most 75 characters each, split at
/// character boundaries, one per folded line.
fn encoded_words(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    if clean.is_ascii() && clean.len() <= 70 {
        return clean;
    }
    // 75 − len("=?UTF-8?B?") − len("?=") = 63 base64 characters: 45 bytes.
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in clean.chars() {
        if chunk.len() + c.len_utf8() > 45 {
            words.push(format!("=?UTF-8?B?{}?=", STANDARD.encode(&chunk)));
            chunk.clear();
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(format!("=?UTF-8?B?{}?=", STANDARD.encode(&chunk)));
    }
    words.join("\r\n ")
}

/// Quoted-printable (RFC 2045 §6.7) of UTF-8 text, CRLF line ends, soft
/// breaks before 76 characters.
fn quoted_printable(text: &str) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = text.split('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let bytes = line.as_bytes();
        let mut width = 0;
        for (j, &b) in bytes.iter().enumerate() {
            let last = j + 1 == bytes.len();
            let plain = (b == b' ' || b == b'\t') && !last || (33..=126).contains(&b) && b != b'=';
            let piece = if plain {
                (b as char).to_string()
            } else {
                format!("={b:02X}")
            };
            if width + piece.len() > 75 {
                out.push_str("=\r\n");
                width = 0;
            }
            out.push_str(&piece);
            width += piece.len();
        }
        if i + 1 < lines.len() {
            out.push_str("\r\n");
        }
    }
    out
}

/// A parameter value as one line of encoded words (no folding inside a
/// quoted parameter), or as it is when plain ASCII.
fn parameter_words(text: &str) -> String {
    if text.is_ascii() && !text.contains(['"', '\\']) && !text.chars().any(|c| c.is_control()) {
        return text.to_string();
    }
    encoded_words(text).replace("\r\n ", " ")
}

/// RFC 2231's `UTF-8''…` value: every byte outside the unreserved
/// characters percent-encoded.
fn percent_encoded(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_in_words() {
        for ok in [
            "protocollo@comune.esempio.it",
            "mario.rossi@comune.alzano-lombardo.bg.it",
            "a+b@x.it",
        ] {
            assert_eq!(check_address(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("", "vuoto"),
            ("mario.rossi", "chiocciola"),
            ("mario@rossi@x.it", "più di una"),
            ("@x.it", "nome prima"),
            ("mario rossi@x.it", "spazi"),
            ("mario@localhost", "dominio"),
            ("mario@x..it", "dominio"),
            ("mario@-x.it", "dominio"),
            ("màrio@x.it", "accentate"),
            (".mario@x.it", "punto"),
            ("Mario <mario@x.it>", "spazi"),
        ] {
            let said = check_address(bad).unwrap_or_else(|| panic!("{bad} accepted"));
            assert!(said.contains(why), "{bad}: {said}");
        }
    }

    #[test]
    fn quoted_printable_keeps_lines_short_and_bytes_exact() {
        let text = format!("{}\nÈ già così = vero \n", "à".repeat(60));
        let qp = quoted_printable(&text);
        assert!(qp.lines().all(|l| l.len() <= 76), "{qp}");
        assert!(qp.contains("=C3=88 gi=C3=A0 cos=C3=AC =3D vero=20"), "{qp}");
    }

    #[test]
    fn a_long_subject_is_folded_into_encoded_words() {
        let s = encoded_words(&"Sollecito per la rendicontazione – Area III ".repeat(3));
        for line in s.split("\r\n") {
            let w = line.trim_start();
            assert!(
                w.starts_with("=?UTF-8?B?") && w.ends_with("?=") && w.len() <= 75,
                "{w}"
            );
        }
        assert_eq!(encoded_words("Plain subject"), "Plain subject");
    }
}
