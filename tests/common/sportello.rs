//! The sportello in process, for the HTTP-level tests: a scratch copy of
//! the shipped ente with the server's router started on it, requests sent
//! with a role's link, and the answers read back.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use consuntivo::ente::EnteFolder;
use consuntivo::web::{self, App, Config};

pub const FORMS: &str = "inputs/rendicontazioni/2023";
pub const AREA_V: &str = "2023 - Area V Urbanistica, edilizia privata, SUAP e CED.xlsx";
/// Area V's folder in the sportello's archive.
pub const V_DIR: &str = "Area V Urbanistica, edilizia privata, SUAP e CED";
pub const AREA_III: &str = "2023 - Area III Finanziaria.xlsx";

/// A scratch copy of the ente with the sportello started on it.
pub struct Site {
    pub dir: tempfile::TempDir,
    pub app: Arc<App>,
    /// Role label → token, as printed at start.
    pub tokens: BTreeMap<String, String>,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Site {
    pub fn new() -> Site {
        Site::from_dir(super::scratch_inputs())
    }

    pub fn from_dir(dir: tempfile::TempDir) -> Site {
        let config = Config {
            ente: EnteFolder::new(dir.path().join("inputs"), dir.path().join("outputs")),
            state: dir.path().join("sportello"),
            public_url: "http://127.0.0.1:8080".into(),
        };
        let start = web::prepare(config, false).expect("the sportello starts");
        let tokens = start
            .issued
            .iter()
            .map(|i| {
                let token = i.url.rsplit('/').next().unwrap().to_string();
                (i.role.clone(), token)
            })
            .collect();
        Site {
            dir,
            app: start.app,
            tokens,
        }
    }

    /// Every event of the registro, newest first.
    pub fn events(&self) -> Vec<web::record::Entry> {
        self.app.registro.page(None, 100_000).unwrap().entries
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn token(&self, label: &str) -> &str {
        self.tokens
            .get(label)
            .unwrap_or_else(|| panic!("no link for {label}: {:?}", self.tokens.keys()))
    }

    pub fn office(&self) -> &str {
        self.token("Ufficio del Segretario generale")
    }

    pub fn evaluator(&self) -> &str {
        self.token("Nucleo di Valutazione")
    }

    pub async fn send(&self, req: Request<Body>) -> Answer {
        let r = web::router(self.app.clone()).oneshot(req).await.unwrap();
        let status = r.status();
        let headers = r.headers().clone();
        let body = r.into_body().collect().await.unwrap().to_bytes().to_vec();
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        let mut b = Request::get(path);
        if let Some(t) = token {
            b = b.header(header::COOKIE, format!("sportello={t}"));
        }
        self.send(b.body(Body::empty()).unwrap()).await
    }

    pub async fn post_form(&self, path: &str, token: &str, fields: &[(&str, &str)]) -> Answer {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect();
        let req = Request::post(path)
            .header(header::COOKIE, format!("sportello={token}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.join("&")))
            .unwrap();
        self.send(req).await
    }

    /// A new link for the role `key` (e.g. `unita.II`), asked by the
    /// office from the «Accessi» page: the old one is revoked.
    pub async fn reissue(&self, key: &str) -> Answer {
        let office = self.office().to_string();
        let csrf = web::access::csrf_token(&office);
        self.post_form("/accessi", &office, &[("csrf", &csrf), ("ruolo", key)])
            .await
    }

    /// The CSRF token of a page, as its forms carry it.
    pub async fn csrf(&self, page: &str, token: &str) -> String {
        let html = self.get(page, Some(token)).await.text();
        let at = html
            .find("name=\"csrf\" value=\"")
            .expect("a form with csrf")
            + 19;
        html[at..at + 64].to_string()
    }

    pub async fn upload(&self, unit: &str, token: &str, file_name: &str, bytes: &[u8]) -> Answer {
        let page = format!("/unita/{unit}");
        let csrf = self.csrf(&page, token).await;
        self.upload_with(unit, token, file_name, bytes, &csrf).await
    }

    pub async fn upload_with(
        &self,
        unit: &str,
        token: &str,
        file_name: &str,
        bytes: &[u8],
        csrf: &str,
    ) -> Answer {
        let (head, tail) = multipart_parts(csrf, file_name);
        let mut body = head;
        body.extend_from_slice(bytes);
        body.extend_from_slice(&tail);
        let req = upload_request(unit, token, Body::from(body));
        self.send(req).await
    }
}

pub const BOUNDARY: &str = "----consuntivo-test-boundary";

/// The multipart body of an upload around the file's bytes: what comes
/// before them (the CSRF field, the file's part header) and after.
pub fn multipart_parts(csrf: &str, file_name: &str) -> (Vec<u8>, Vec<u8>) {
    let mut head = Vec::new();
    write!(
        head,
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
    )
    .unwrap();
    write!(
        head,
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"modulo\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .unwrap();
    (head, format!("\r\n--{BOUNDARY}--\r\n").into_bytes())
}

/// The POST of a unit's form with any body (whole, streamed, cut short).
pub fn upload_request(unit: &str, token: &str, body: Body) -> Request<Body> {
    Request::post(format!("/unita/{unit}/modulo"))
        .header(header::COOKIE, format!("sportello={token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .unwrap()
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Rewrites one member of a zip package.
pub fn edit_zip(bytes: &[u8], member: &str, f: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut edit = Some(f);
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == member {
            let text = String::from_utf8(data).unwrap();
            let edited = (edit.take().unwrap())(text.clone());
            assert_ne!(edited, text, "the edit of {member} changed nothing");
            data = edited.into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(edit.is_none(), "{member} not found");
    out.finish().unwrap().into_inner()
}

/// An indicator's grade and the evaluator's confirmation for one unit, as
/// the commands compute them from the ente's folder at `root`.
pub fn scored_indicator(root: &Path, indicator: &str, area: &str) -> (Option<f64>, Option<String>) {
    let s = EnteFolder::new(root.join("inputs"), root.join("outputs"))
        .score_all(&Default::default(), &consuntivo::progress::Silent)
        .expect("the commands read the ente");
    let i = s
        .scorecard
        .objectives
        .iter()
        .flat_map(|o| &o.areas)
        .flat_map(|a| &a.indicators)
        .find(|i| i.indicator.as_str() == indicator && i.area.as_str() == area)
        .unwrap_or_else(|| panic!("no {indicator} for {area}"));
    (i.grade, i.confirmation.clone())
}

pub const UNITS: [&str; 7] = ["SG", "I", "II", "III", "IV", "V", "VI"];

pub fn unit_label(id: &str) -> &'static str {
    match id {
        "SG" => "Segretario generale",
        "I" => "Area I Affari generali e giuridico-legale",
        "II" => "Area II Socio-culturale e personale",
        "III" => "Area III Finanziaria",
        "IV" => "Area IV Lavori pubblici e patrimonio",
        "V" => "Area V Urbanistica, edilizia privata, SUAP e CED",
        "VI" => "Area VI Polizia Locale",
        _ => unreachable!(),
    }
}

/// A request body made of chunks, handed out one at a time as the server
/// asks (so a refused upload reads only what it needs), optionally ending
/// with an error as a dropped connection does.
pub struct Chunks {
    items: Box<dyn Iterator<Item = Vec<u8>> + Send + Sync>,
    pulled: Arc<std::sync::atomic::AtomicUsize>,
    fail_at_end: bool,
}

impl Chunks {
    pub fn new(items: impl Iterator<Item = Vec<u8>> + Send + Sync + 'static) -> Chunks {
        Chunks {
            items: Box::new(items),
            pulled: Arc::default(),
            fail_at_end: false,
        }
    }

    /// After the last chunk, an error: the client went away.
    pub fn then_disconnect(mut self) -> Chunks {
        self.fail_at_end = true;
        self
    }

    /// How many chunks the server has read so far.
    pub fn pulled(&self) -> Arc<std::sync::atomic::AtomicUsize> {
        self.pulled.clone()
    }
}

impl http_body::Body for Chunks {
    type Data = axum::body::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let this = self.get_mut();
        let next = match this.items.next() {
            Some(c) => {
                this.pulled
                    .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                Some(Ok(http_body::Frame::data(axum::body::Bytes::from(c))))
            }
            None if this.fail_at_end => {
                this.fail_at_end = false;
                Some(Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "connection reset by peer",
                )))
            }
            None => None,
        };
        std::task::Poll::Ready(next)
    }
}

/// The SHA-256 of `bytes`, in hex, as the registro keeps it.
pub fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Area V's shipped form with one date (Rendicontazione › I8) changed to
/// the day `serial`: another form that is accepted.
pub fn variant(form: &[u8], serial: u32) -> Vec<u8> {
    edit_zip(form, "xl/worksheets/sheet2.xml", |t| {
        t.replacen(
            "<c r=\"I8\" s=\"18\"><v>45089</v></c>",
            &format!("<c r=\"I8\" s=\"18\"><v>{serial}</v></c>"),
            1,
        )
    })
}

/// Area V's shipped form with text where Rendicontazione › I8 wants a
/// date: a form with one error.
pub fn with_text_date(form: &[u8], text: &str) -> Vec<u8> {
    edit_zip(form, "xl/worksheets/sheet2.xml", |t| {
        t.replacen(
            "<c r=\"I8\" s=\"18\"><v>45089</v></c>",
            &format!("<c r=\"I8\" s=\"18\" t=\"inlineStr\"><is><t>{text}</t></is></c>"),
            1,
        )
    })
}

/// The sportello started on a scratch copy of the ente, with Area V's
/// form in use: (site, its path, its bytes).
pub fn site_with_form_v() -> (Site, PathBuf, Vec<u8>) {
    let site = Site::new();
    let accepted = site.path(&format!("{FORMS}/{AREA_V}"));
    let before = std::fs::read(&accepted).unwrap();
    (site, accepted, before)
}

/// The shipped confirmation of OB02.2 (for every unit), taken out of the
/// Nucleo's file: each unit's qualitative proposal on it awaits a decision.
pub const OB02_2: &str = "[[conferma]]\nindicatore = \"OB02.2\"\nmotivazione = \"L'Ufficio per i procedimenti disciplinari attesta che nel 2023 non è stato avviato alcun procedimento per violazione delle misure del PTPCT o del Codice di comportamento.\"\n\n";

/// The shipped ente with the OB02.2 proposals pending.
pub fn pending_site() -> Site {
    let dir = super::scratch_inputs();
    with_ob02_2_pending(dir.path());
    Site::from_dir(dir)
}

/// Takes [`OB02_2`] out of the Nucleo's file of the ente at `root`.
pub fn with_ob02_2_pending(root: &Path) {
    let path = root.join("inputs/valutazioni-nucleo-2023.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(OB02_2), "the shipped file changed: {text}");
    std::fs::write(&path, text.replacen(OB02_2, "", 1)).unwrap();
}

/// A hidden field's value in a page (the first one named `name`).
pub fn hidden(html: &str, name: &str) -> String {
    let needle = format!("name=\"{name}\" value=\"");
    let at = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + needle.len();
    let end = html[at..].find('"').unwrap();
    html[at..at + end].to_string()
}

/// A cell reference for a value typed by hand in a test: the form writer
/// does not read it.
pub fn typed<T>(value: T) -> Option<consuntivo::results::Sourced<T>> {
    Some(consuntivo::results::Sourced {
        value,
        at: consuntivo::results::CellRef {
            file: PathBuf::new(),
            sheet: String::new(),
            cell: String::new(),
        },
    })
}

/// The sportello on the `settori` fixture plan (Settori, an OIV, a lead
/// unit reporting OB02.1 for two Settori), with the shipped rules and each
/// unit's form filled with its `entries` put in place as accepted (a unit
/// with none sends nothing).
pub fn settori_site(entries: &[consuntivo::results::Entry]) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let from = super::repo().join("tests/fixtures/piani/settori");
    for name in ["piano-2025.toml", "ente.toml"] {
        std::fs::copy(from.join(name), inputs.join(name)).unwrap();
    }
    std::fs::copy(
        super::repo().join("inputs/smvp.toml"),
        inputs.join("smvp.toml"),
    )
    .unwrap();
    let plan = consuntivo::plan::load(&inputs.join("piano-2025.toml")).unwrap();
    let forms = inputs.join("rendicontazioni/2025");
    std::fs::create_dir_all(&forms).unwrap();
    for a in &plan.areas {
        let own: Vec<_> = entries.iter().filter(|e| e.area == a.id).cloned().collect();
        if own.is_empty() {
            continue;
        }
        let (name, bytes) = consuntivo::forms::generate_prefilled(&plan, &a.id, &own).unwrap();
        std::fs::write(forms.join(name), bytes).unwrap();
    }
    Site::from_dir(dir)
}
