//! Wording composed from data (narrative paragraphs, titles, file names)
//! lives in minijinja templates (`relazione.j2`, `scheda.j2`), each piece in
//! a named `{% block %}`, so a comune can reword without recompiling.

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior};
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Location};

use super::templates::TemplateSet;

pub struct Texts<'a> {
    env: Environment<'static>,
    set: &'a TemplateSet,
}

impl<'a> Texts<'a> {
    pub fn new(set: &'a TemplateSet, names: &[&str]) -> Result<Self, Diagnostics> {
        let mut env = Environment::new();
        // A typo in a customised template must be an error, not a blank.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // A loop that never ends in a customised template must stop with
        // a message, not hold the office's computer forever.
        env.set_fuel(Some(FUEL));
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        // {{ soglia|art("a") }} → "all'80%": the article a number takes.
        env.add_filter("art", |text: String, prep: Option<String>| {
            crate::italian::with_article(prep.as_deref().unwrap_or(""), &text)
        });
        let mut errors = Diagnostics::new();
        for name in names {
            let text = set.text(name).to_string();
            if let Err(e) = env.add_template_owned(name.to_string(), text) {
                errors.push(error(set, name, &e));
            }
        }
        if errors.has_errors() {
            return Err(errors);
        }
        Ok(Texts { env, set })
    }

    /// Renders the named blocks of `template` with `ctx`.
    pub fn blocks(
        &self,
        template: &str,
        ctx: &Value,
        names: &[&str],
    ) -> Result<BTreeMap<String, String>, Diagnostics> {
        let tmpl = self
            .env
            .get_template(template)
            .map_err(|e| Diagnostics::from(error(self.set, template, &e)))?;
        let ctx = minijinja::Value::from(minijinja::value::Serde(ctx));
        let mut captured = tmpl
            .render_captured(ctx)
            .map_err(|e| Diagnostics::from(error(self.set, template, &e)))?;
        let mut out = BTreeMap::new();
        for name in names {
            let text = captured
                .with_state_mut(|state| state.render_block(name))
                .map_err(|e| {
                    let mut d = error(self.set, template, &e);
                    if e.kind() == minijinja::ErrorKind::UnknownBlock {
                        d.message = format!(
                            "il modello «{template}» non contiene il blocco «{name}», che questa versione di consuntivo richiede"
                        );
                    }
                    Diagnostics::from(d)
                })?;
            out.insert(name.to_string(), text);
        }
        Ok(out)
    }
}

/// Instructions one render may execute: the built-in templates need a
/// few per indicator, so this is ample for the largest plans and reached
/// in a second or two by a runaway loop.
const FUEL: u64 = 50_000_000;

fn error(set: &TemplateSet, name: &str, e: &minijinja::Error) -> Diagnostic {
    if e.kind() == minijinja::ErrorKind::OutOfFuel {
        return Diagnostic::error(
            Location::file(set.origin(name)),
            format!(
                "il modello di testo «{name}» non termina: ha superato il limite di calcolo \
                 (un ciclo che non finisce, o che ripete troppe volte)"
            ),
        )
        .with_hint(super::FIX_TEMPLATE);
    }
    let path = set.origin(name);
    let location = match e.line() {
        Some(line) => Location {
            file: Some(path),
            line: Some(line),
            ..Default::default()
        },
        None => Location::file(path),
    };
    let d = Diagnostic::error(
        location,
        format!(
            "errore nel modello di testo «{name}»: {}",
            super::foreign::minijinja_kind(e.kind())
        ),
    )
    .with_hint(super::FIX_TEMPLATE);
    match e.detail() {
        Some(detail) => d.with_hint(super::foreign::technical_detail(detail)),
        None => d,
    }
}

/// Paragraphs of a block: separated by blank lines, each on one line with
/// single spaces (templates are free to wrap their sentences).
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out.into_iter().map(|p| line(&p)).collect()
}

/// One line: whitespace collapsed, except the no-break spaces a template
/// writes on purpose («al 30\u{a0}giugno 2023» stays on one line).
pub fn line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A file name safe on every system (see [`crate::filename`]).
pub fn file_name(text: &str) -> String {
    crate::filename::safe_file_name(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_sanitised() {
        assert_eq!(file_name("Area III Finanziaria"), "Area III Finanziaria");
        assert_eq!(
            file_name("Area I / Affari: generali"),
            "Area I - Affari- generali"
        );
        assert_eq!(file_name("../.."), "-");
        assert_eq!(file_name("  ..  "), "documento");
    }

    #[test]
    fn a_line_keeps_the_no_break_spaces_of_its_template() {
        assert_eq!(
            line("  al 30\u{a0}giugno\n 2023 "),
            "al 30\u{a0}giugno 2023"
        );
        assert_eq!(
            paragraphs("il 30\u{a0}giugno\n\n2023"),
            ["il 30\u{a0}giugno", "2023"]
        );
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(
            paragraphs("  uno\n due \n\n\n tre  quattro\n"),
            vec!["uno due".to_string(), "tre quattro".to_string()]
        );
    }
}
