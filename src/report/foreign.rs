//! The messages of the libraries that compose the documents (typst and
//! minijinja) are in English: users read them in Italian. Each known family
//! of message gets an Italian sentence; the library's own words stay, quoted,
//! in a hint for whoever maintains the templates.

/// A typst message in Italian, and what it names when it is about an
/// image (then the logo is the likely cause, and the caller says so).
pub struct Translated {
    pub text: String,
    pub image: bool,
}

/// typst's message `message` in Italian ("unknown variable: x" → "nome
/// sconosciuto «x»"); a message of no known family becomes a general
/// sentence, and the caller keeps the original as a technical detail.
pub fn typst_message(message: &str) -> Translated {
    let m = message.trim();
    // PDF export: "PDF/A-2a, PDF/UA-1 error: …" (the caller names the standards).
    let m = match m.split_once(" error: ") {
        Some((validators, rest)) if validators.contains("PDF") => rest.trim(),
        _ => m,
    };
    let after = |prefix: &str| m.strip_prefix(prefix).map(str::trim);
    let image = [
        "failed to decode image",
        "unknown image format",
        "failed to parse SVG",
        "failed to load linked image",
        "failed to load PDF",
    ]
    .iter()
    .any(|p| m.starts_with(p));
    let text = if let Some(levels) = after("skipped from heading level") {
        format!(
            "un titolo salta un livello (dal livello {}): i livelli dei titoli devono essere consecutivi",
            levels
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace(" to ", " al ")
        )
    } else if m.contains("missing") && m.contains("alt text") {
        "un'immagine o una formula non ha il testo alternativo (alt), obbligatorio per PDF/UA"
            .to_string()
    } else if let Some(rest) = after("the text") {
        let what = rest.split('`').nth(1).unwrap_or("");
        format!("il testo «{what}» non si può stampare con i caratteri disponibili")
    } else if m.contains("codepoint") {
        "il testo contiene un carattere che il PDF non ammette".to_string()
    } else if m.contains("transparency") {
        "un'immagine o un colore usa la trasparenza, che PDF/A non ammette".to_string()
    } else if m.starts_with("heading title is empty") {
        "un titolo è vuoto".to_string()
    } else if image {
        "l'immagine non si può leggere: il file è danneggiato o non è nel formato che il suo nome dichiara".to_string()
    } else if let Some(name) = after("unknown variable:") {
        format!(
            "nome sconosciuto «{name}»: non è un dato del documento né una funzione del modello"
        )
    } else if let Some(rest) = after("file not found (searched at") {
        format!("file non trovato: «{}»", rest.trim_end_matches(')'))
    } else if m.starts_with("failed to load file") {
        "impossibile leggere un file richiesto dal modello".to_string()
    } else if m.starts_with("failed to parse JSON") {
        "i dati del documento non sono un JSON valido".to_string()
    } else if let Some(key) = after("dictionary does not contain key") {
        format!("il dato {} non esiste", quoted(key))
    } else if let Some(rest) = after("expected") {
        match rest.split_once(", found ") {
            Some((want, found)) => format!(
                "tipo di dato non ammesso: atteso {}, trovato {}",
                kind(want),
                kind(found)
            ),
            None => format!("manca un elemento: atteso {}", kind(rest)),
        }
    } else if m.starts_with("unclosed delimiter") || m.starts_with("unclosed") {
        "una parentesi o un delimitatore aperto non è chiuso".to_string()
    } else if let Some(rest) = after("unexpected") {
        format!("elemento inatteso nel modello: {}", kind(rest))
    } else if m.starts_with("maximum") && m.contains("depth exceeded") {
        "il modello si richiama troppe volte (una ricorsione che non finisce)".to_string()
    } else if let Some(rest) = after("panicked with:") {
        format!("il modello si è fermato con il messaggio {rest}")
    } else if m.contains("index out of bounds") {
        "un elenco è più corto di quanto il modello si aspetta".to_string()
    } else if let Some(rest) = after("cannot") {
        operation(rest)
    } else if m.contains("has no method") || m.contains("does not have field") {
        "il modello usa un metodo o un campo che quel tipo di dato non ha".to_string()
    } else {
        "il documento non si può comporre".to_string()
    };
    Translated { text, image }
}

/// typst's «cannot add integer and string» and its family, in Italian
/// (the types named in Italian); any other refused operation in general
/// words, never in typst's.
fn operation(rest: &str) -> String {
    let two = |verb: &str, sep: &str| {
        rest.strip_prefix(verb)
            .and_then(|r| r.split_once(sep))
            .map(|(a, b)| (kind(a), kind(b)))
    };
    let said = if let Some((a, b)) = two("add ", " and ") {
        format!("non si può sommare {a} e {b}")
    } else if let Some((a, b)) = two("subtract ", " from ") {
        format!("non si può sottrarre {a} da {b}")
    } else if let Some((a, b)) = two("multiply ", " with ").or_else(|| two("multiply ", " by ")) {
        format!("non si può moltiplicare {a} per {b}")
    } else if let Some((a, b)) = two("divide ", " by ") {
        format!("non si può dividere {a} per {b}")
    } else if let Some((a, b)) = two("compare ", " and ").or_else(|| two("compare ", " with ")) {
        format!("non si possono confrontare {a} e {b}")
    } else if let Some((a, b)) = two("join ", " with ") {
        format!("non si può unire {a} con {b}")
    } else {
        return "operazione non ammessa su questi dati".to_string();
    };
    format!(
        "operazione non ammessa: {said} (convertire prima il dato, ad esempio con str(…) per un testo)"
    )
}

/// `"x"` → «x».
fn quoted(s: &str) -> String {
    format!("«{}»", s.trim().trim_matches('"'))
}

/// typst's type words in Italian where they are common.
fn kind(words: &str) -> String {
    let w = words.trim();
    let it = match w {
        "string" | "str" => "un testo",
        "content" => "un contenuto",
        "integer" | "int" => "un numero intero",
        "float" => "un numero",
        "array" => "un elenco",
        "datetime" => "una data",
        "length" => "una lunghezza",
        "ratio" => "una percentuale",
        "function" => "una funzione",
        "auto" => "il valore automatico (auto)",
        "dictionary" => "una tabella di dati",
        "none" => "nessun valore",
        "boolean" | "bool" => "un valore vero/falso",
        "expression" => "un'espressione",
        "closing paren" => "una parentesi chiusa",
        "comma" => "una virgola",
        _ => return format!("«{w}»"),
    };
    it.to_string()
}

/// minijinja's error kind in Italian (its detail stays as a technical hint).
pub fn minijinja_kind(kind: minijinja::ErrorKind) -> &'static str {
    use minijinja::ErrorKind as K;
    match kind {
        K::SyntaxError => "errore di sintassi",
        K::UndefinedError => "un dato usato dal modello non esiste",
        K::UnknownFilter => "filtro sconosciuto",
        K::UnknownFunction => "funzione sconosciuta",
        K::UnknownTest => "test sconosciuto",
        K::UnknownMethod => "metodo sconosciuto",
        K::TooManyArguments => "troppi argomenti",
        K::MissingArgument => "manca un argomento",
        K::InvalidOperation => "operazione non ammessa",
        K::NonPrimitive | K::NonKey => "tipo di dato non ammesso",
        K::BadEscape => "sequenza di escape non valida in un testo",
        K::TemplateNotFound => "modello non trovato",
        K::UnknownBlock => "blocco sconosciuto",
        K::CannotUnpack => "impossibile scomporre il valore",
        _ => "il testo non si può comporre",
    }
}

/// The library's words, for the maintainer of the template.
pub fn technical_detail(words: &str) -> String {
    format!("dettaglio tecnico (in inglese): {}", words.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typst_families_are_said_in_italian() {
        let t = typst_message("unknown variable: grdo");
        assert_eq!(
            t.text,
            "nome sconosciuto «grdo»: non è un dato del documento né una funzione del modello"
        );
        assert!(!t.image);
        let t = typst_message("failed to decode image (Format error decoding Png)");
        assert!(t.image && t.text.starts_with("l'immagine non si può leggere"));
        assert!(typst_message("failed to parse SVG (missing root node)").image);
        assert_eq!(
            typst_message("expected string, found content").text,
            "tipo di dato non ammesso: atteso un testo, trovato un contenuto"
        );
        assert_eq!(
            typst_message("dictionary does not contain key \"gradi\"").text,
            "il dato «gradi» non esiste"
        );
        assert_eq!(
            typst_message("file not found (searched at /x/logo.png)").text,
            "file non trovato: «/x/logo.png»"
        );
        assert_eq!(
            typst_message("PDF/UA-1 error: skipped from heading level 1 to 3").text,
            "un titolo salta un livello (dal livello 1 al 3): i livelli dei titoli devono essere consecutivi"
        );
        assert_eq!(
            typst_message(
                "PDF/A-2a error: the text `\u{E000}` could not be displayed with any font"
            )
            .text,
            "il testo «\u{E000}» non si può stampare con i caratteri disponibili"
        );
        assert_eq!(
            typst_message("cannot add integer and string").text,
            "operazione non ammessa: non si può sommare un numero intero e un testo \
             (convertire prima il dato, ad esempio con str(…) per un testo)"
        );
        for english in [
            "cannot subtract string from integer",
            "cannot mutate a temporary value",
            "unexpected closing paren",
            "cannot compare string with integer",
        ] {
            let t = typst_message(english).text;
            for word in ["cannot", "string", "integer", "temporary", "closing"] {
                assert!(!t.contains(word), "{english} → {t}");
            }
        }
        assert_eq!(
            typst_message("something new in typst 0.16").text,
            "il documento non si può comporre"
        );
    }

    #[test]
    fn minijinja_kinds_are_said_in_italian() {
        assert_eq!(
            minijinja_kind(minijinja::ErrorKind::SyntaxError),
            "errore di sintassi"
        );
        assert_eq!(
            minijinja_kind(minijinja::ErrorKind::UnknownFilter),
            "filtro sconosciuto"
        );
    }
}
