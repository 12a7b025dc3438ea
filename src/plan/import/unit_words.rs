//! Units named by their words instead of their numeral, as offices write
//! them: «Area AAGG», «Area Finanziaria», «Area Lavori Pubblici». Each
//! unit's words come from its name and offices (units sheet) and from what
//! the table itself writes after its numeral («Area III Finanziaria -
//! Ufficio tributi»); abbreviations are read without their dots («AA.GG.»
//! is «AAGG») and made from a name's initials («Affari generali» gives
//! «AG» and «AAGG»). A match that is not certain says why, so the
//! importer can mark it `DA VERIFICARE` instead of refusing the file.

use std::collections::BTreeSet;

use super::names::normalise;

/// Words that say nothing about which unit is meant.
const STOP_WORDS: [&str; 26] = [
    "e", "ed", "di", "del", "della", "dello", "dei", "degli", "delle", "il", "lo", "la", "i",
    "gli", "le", "l", "d", "n", "a", "al", "per", "con", "in", "ufficio", "uffici", "servizio",
];

/// A significant word of a text and the byte where it ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub word: String,
    pub end: usize,
}

/// The significant words of `text`, folded («Lavori Pubblici» gives
/// «lavori», «pubblici»; «AA.GG.» gives «aagg»), with where each ends.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut end = 0;
    let flush = |word: &mut String, end: usize, out: &mut Vec<Token>| {
        let w = normalise(word);
        if !w.is_empty()
            && !STOP_WORDS.contains(&w.as_str())
            && !w.chars().all(|c| c.is_ascii_digit())
        {
            out.push(Token { word: w, end });
        }
        word.clear();
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            word.push(c);
            end = i + c.len_utf8();
        } else if c == '.' && !word.is_empty() {
            // «AA.GG.»: the dots of an abbreviation are not a break.
            end = i + 1;
        } else {
            flush(&mut word, end, &mut out);
        }
    }
    flush(&mut word, end, &mut out);
    out
}

/// The words a phrase gives a unit: its significant words, and for a
/// name of two words or more the initials, single and doubled («Affari
/// generali»: «ag», «aagg»), as offices abbreviate.
pub fn words_of(phrase: &str) -> BTreeSet<String> {
    let toks = tokens(phrase);
    let mut set: BTreeSet<String> = toks.iter().map(|t| t.word.clone()).collect();
    if toks.len() >= 2 {
        let initials: String = toks.iter().filter_map(|t| t.word.chars().next()).collect();
        let doubled: String = initials.chars().flat_map(|c| [c, c]).collect();
        set.insert(initials);
        set.insert(doubled);
    }
    set
}

/// A unit as the matcher sees it: id, the name shown in messages, words.
pub struct Candidate<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub words: &'a BTreeSet<String>,
}

/// The unit `rest` (the text after the unit word) names by its words.
#[derive(Debug, Clone, PartialEq)]
pub struct WordMatch {
    pub id: String,
    /// What follows the words of the unit's name.
    pub note: Option<String>,
    /// Why the match is not certain, when it is not.
    pub doubt: Option<String>,
}

/// Reads `rest` as a unit's words: the longest run of its first words that
/// all belong to one unit. Certain when one unit has them and the rest, if
/// any, is set apart by punctuation (a note); otherwise the best unit,
/// with the reason to check it. `None` when no unit has the first word.
pub fn find(rest: &str, candidates: &[Candidate]) -> Option<WordMatch> {
    let toks = tokens(rest);
    for k in (1..=toks.len()).rev() {
        let having: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| toks[..k].iter().all(|t| c.words.contains(&t.word)))
            .collect();
        let Some(first) = having.first() else {
            continue;
        };
        let after = &rest[toks[k - 1].end..];
        let note = super::units::rest_note(after);
        let said: String = rest[..toks[k - 1].end].trim().to_string();
        let set_apart = after
            .trim_start()
            .starts_with(['-', '–', '—', ',', ':', ';', '(', '\n']);
        let doubt = if having.len() > 1 {
            let names: Vec<&str> = having.iter().map(|c| c.name).collect();
            Some(format!(
                "«{said}» può indicare {}: scelta «{}»",
                names.join(" o "),
                first.name
            ))
        } else if k < toks.len() && !set_apart {
            Some(format!(
                "«{}» riconosciuta come «{}» dalle parole «{said}»; le altre non sono nel suo nome",
                rest.trim(),
                first.name
            ))
        } else {
            None
        };
        return Some(WordMatch {
            id: first.id.to_string(),
            note,
            doubt,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> Vec<(String, String, BTreeSet<String>)> {
        let mut v = Vec::new();
        for (id, phrases) in [
            (
                "I",
                vec![
                    "AA.GG. Giuridico legale",
                    "referente corruzione e trasparenza",
                ],
            ),
            (
                "II",
                vec!["Socio culturale", "personale ufficio servizi sociali"],
            ),
            ("III", vec!["Finanziaria - Ufficio tributi"]),
            ("IV", vec!["Lavori pubblici e patrimonio"]),
            (
                "V",
                vec!["urbanistica-edilizia privata- SUAP", "servizio CED"],
            ),
            ("VI", vec!["Polizia Locale", "servizi sociali"]),
        ] {
            let mut words = BTreeSet::new();
            for p in phrases {
                words.extend(words_of(p));
            }
            v.push((id.to_string(), format!("Area {id}"), words));
        }
        v
    }

    fn find_in(rest: &str) -> Option<WordMatch> {
        let u = units();
        let c: Vec<Candidate> = u
            .iter()
            .map(|(id, name, words)| Candidate { id, name, words })
            .collect();
        find(rest, &c)
    }

    fn certain(id: &str) -> Option<WordMatch> {
        Some(WordMatch {
            id: id.into(),
            note: None,
            doubt: None,
        })
    }

    #[test]
    fn abbreviations_lose_their_dots_and_names_give_initials() {
        let t: Vec<String> = tokens("AA.GG. Giuridico legale")
            .into_iter()
            .map(|t| t.word)
            .collect();
        assert_eq!(t, ["aagg", "giuridico", "legale"]);
        let w = words_of("Affari generali");
        assert!(w.contains("aagg") && w.contains("ag") && w.contains("affari"));
    }

    #[test]
    fn the_seed_s_words_name_their_units() {
        assert_eq!(find_in("AAGG"), certain("I"));
        assert_eq!(find_in("Finanziaria"), certain("III"));
        assert_eq!(find_in("Lavori Pubblici"), certain("IV"));
        assert_eq!(find_in("Socio culturale"), certain("II"));
        assert_eq!(find_in("Urbanistica"), certain("V"));
        assert_eq!(find_in("Polizia locale"), certain("VI"));
        assert_eq!(
            find_in("Finanziaria - Contabilità, Tributi"),
            Some(WordMatch {
                id: "III".into(),
                note: Some("Contabilità, Tributi".into()),
                doubt: None
            })
        );
        assert_eq!(find_in("Anagrafe"), None);
    }

    #[test]
    fn uncertain_matches_say_why() {
        // «servizi sociali» is in two units' words.
        let m = find_in("Servizi sociali").unwrap();
        assert_eq!(m.id, "II");
        assert!(m.doubt.unwrap().contains("Area II o Area VI"));
        let m = find_in("Polizia municipale").unwrap();
        assert_eq!(m.id, "VI");
        assert!(m.doubt.unwrap().contains("dalle parole «Polizia»"));
    }
}
