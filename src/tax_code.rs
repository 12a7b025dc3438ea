//! The ente's *codice fiscale* (`codice_fiscale` in `inputs/ente.toml`),
//! which the publication list prints in its heading and the ANAC
//! publication schemas ask for.
//!
//! An ente's codice fiscale is numeric: 11 digits, like a partita IVA,
//! whose last digit is the check digit of the partita IVA algorithm (the
//! digits in odd places summed as they are, those in even places doubled,
//! less 9 when over 9; the check digit brings the sum to a multiple of
//! 10). The 16-character personal codice fiscale is not accepted: an ente
//! never has one, and the message says so.

/// What is wrong with a codice fiscale, in words for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not 11 characters (after the blanks around it).
    Length(usize),
    /// A character other than a digit, with its place (1-based).
    NotDigit(usize, char),
    /// The last digit is not the check digit of the first ten.
    CheckDigit { found: char, expected: char },
}

impl Problem {
    /// The Italian sentence for the message, after «il codice fiscale
    /// dell'ente «…» ».
    pub fn says(&self) -> String {
        match self {
            Problem::Length(16) => "ha 16 caratteri, come il codice fiscale di una persona: quello di un ente ha 11 cifre".to_string(),
            Problem::Length(1) => "ha 1 carattere: deve avere 11 cifre".to_string(),
            Problem::Length(n) => format!("ha {n} caratteri: deve avere 11 cifre"),
            Problem::NotDigit(at, c) => {
                format!("ha «{c}» come carattere n. {at}: deve avere solo cifre, 11")
            }
            Problem::CheckDigit { found, expected } => format!(
                "non è valido: l'ultima cifra, di controllo, è {found} ma per le prime dieci dovrebbe essere {expected}"
            ),
        }
    }
}

/// The check digit of the first ten digits of a numeric codice fiscale
/// (the partita IVA algorithm).
fn check_digit(first_ten: &[u32]) -> u32 {
    let sum: u32 = first_ten
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
                d
            } else {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// The ente's codice fiscale checked: 11 digits with the right check
/// digit. Blanks around it are dropped.
pub fn check(code: &str) -> Result<String, Problem> {
    let code = code.trim();
    let chars: Vec<char> = code.chars().collect();
    if let Some((i, c)) = chars
        .iter()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_digit())
        .filter(|_| chars.len() == 11)
    {
        return Err(Problem::NotDigit(i + 1, *c));
    }
    if chars.len() != 11 {
        return Err(Problem::Length(chars.len()));
    }
    let digits: Vec<u32> = chars.iter().filter_map(|c| c.to_digit(10)).collect();
    let expected = check_digit(&digits[..10]);
    if digits[10] != expected {
        return Err(Problem::CheckDigit {
            found: chars[10],
            expected: char::from_digit(expected, 10).unwrap_or('0'),
        });
    }
    Ok(code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_digit_of_an_entes_codice_fiscale() {
        use Problem::*;
        let cases: [(&str, Result<&str, Problem>); 11] = [
            // The Comune di Alzano Lombardo's.
            ("00220080162", Ok("00220080162")),
            (" 00220080162 ", Ok("00220080162")),
            // The same with every other last digit is refused.
            (
                "00220080163",
                Err(CheckDigit {
                    found: '3',
                    expected: '2',
                }),
            ),
            (
                "00220080160",
                Err(CheckDigit {
                    found: '0',
                    expected: '2',
                }),
            ),
            // A digit doubled past 9 (8 → 16 → 7) and a sum already a
            // multiple of 10 (check digit 0).
            ("08000000003", Ok("08000000003")),
            ("00000000000", Ok("00000000000")),
            // Two digits swapped: the even place's doubling tells them apart.
            (
                "02020080162",
                Err(CheckDigit {
                    found: '2',
                    expected: '0',
                }),
            ),
            ("0022008016", Err(Length(10))),
            ("002200801620", Err(Length(12))),
            ("RSSMRA80A01H501U", Err(Length(16))),
            ("0022008O162", Err(NotDigit(8, 'O'))),
        ];
        for (code, expected) in cases {
            assert_eq!(
                check(code),
                expected.map(str::to_string),
                "codice fiscale «{code}»"
            );
        }
        assert_eq!(check(""), Err(Length(0)));
    }

    #[test]
    fn every_wrong_last_digit_is_refused_and_only_the_right_one_passes() {
        for first_ten in ["0022008016", "8000000000", "1234567890", "9999999999"] {
            let good: Vec<String> = (0..10)
                .map(|d| format!("{first_ten}{d}"))
                .filter(|c| check(c).is_ok())
                .collect();
            assert_eq!(good.len(), 1, "{first_ten}: {good:?}");
        }
    }

    #[test]
    fn the_problems_said_in_italian() {
        assert_eq!(
            Problem::Length(16).says(),
            "ha 16 caratteri, come il codice fiscale di una persona: quello di un ente ha 11 cifre"
        );
        assert_eq!(
            Problem::Length(9).says(),
            "ha 9 caratteri: deve avere 11 cifre"
        );
        assert_eq!(
            Problem::NotDigit(8, 'O').says(),
            "ha «O» come carattere n. 8: deve avere solo cifre, 11"
        );
    }

    #[test]
    fn ente_toml_gives_the_code_or_an_error_at_its_line_and_column() {
        use std::path::Path;
        let ente = |code: &str| {
            format!("referente = \"Ufficio Segreteria\"\n\n  codice_fiscale = \"{code}\"\n")
        };
        let v = crate::vocab::parse(&ente("00220080162"), Path::new("ente.toml")).unwrap();
        assert_eq!(v.tax_code.as_deref(), Some("00220080162"));
        let v = crate::vocab::parse("", Path::new("ente.toml")).unwrap();
        assert_eq!(v.tax_code, None);
        for (code, says) in [
            (
                "00220080161",
                "non è valido: l'ultima cifra, di controllo, è 1 ma per le prime dieci dovrebbe essere 2",
            ),
            (
                "RSSMRA80A01H501U",
                "ha 16 caratteri, come il codice fiscale di una persona: quello di un ente ha 11 cifre",
            ),
            ("0022008016", "ha 10 caratteri: deve avere 11 cifre"),
            (
                "0022008O162",
                "ha «O» come carattere n. 8: deve avere solo cifre, 11",
            ),
        ] {
            let err = crate::vocab::parse(&ente(code), Path::new("ente.toml")).unwrap_err();
            assert_eq!(
                err.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                [format!(
                    "errore: ente.toml:3:20: il codice fiscale dell'ente «{code}» {says}\n  suggerimento: copiare il codice fiscale dell'ente (11 cifre) da un atto o dall'Indice dei domicili digitali della PA, oppure togliere la riga codice_fiscale"
                )]
            );
        }
        // Not a text (a number, or not even that with its leading 0): at
        // the value, saying to quote it (review 33 C12).
        for written in [
            "codice_fiscale = 220080162\n",
            "codice_fiscale = 00220080162\n",
        ] {
            let err = crate::vocab::parse(written, Path::new("ente.toml")).unwrap_err();
            assert_eq!(
                err.to_string(),
                "errore: ente.toml:1:18: il codice fiscale dell'ente va scritto tra virgolette, come un testo\n  suggerimento: per esempio codice_fiscale = \"00220080162\"",
                "{written}"
            );
        }
    }
}
