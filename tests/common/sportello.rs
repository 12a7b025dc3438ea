//! The sportello in process, for the HTTP-level tests: a scratch copy of
//! the shipped ente with the server's router started on it, requests sent
//! with a role's link, and the answers read back.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use consuntivo::ente::EnteFolder;
use consuntivo::web::{self, App, Config};

pub const FORMS: &str = "inputs/rendicontazioni/2023";
pub const AREA_V: &str = "2023 - Area V Urbanistica, edilizia privata, SUAP e CED.xlsx";
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
        let boundary = "----consuntivo-test-boundary";
        let mut body = Vec::new();
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
        )
        .unwrap();
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"modulo\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        write!(body, "\r\n--{boundary}--\r\n").unwrap();
        let req = Request::post(format!("/unita/{unit}/modulo"))
            .header(header::COOKIE, format!("sportello={token}"))
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }
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
