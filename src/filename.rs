//! The one way an id or a name typed by the ente becomes a file name: forms,
//! schede and the summary all go through [`safe_file_name`], so a unit
//! called "PagoPA S.p.A." or "Servizi / Tributi" gives the same safe name
//! everywhere, and the plan loader can refuse two units whose files would
//! overwrite each other.

/// Longest stem kept, in characters: well under the 255 bytes most file
/// systems allow, leaving room for a year prefix, a suffix and the extension.
const MAX_CHARS: usize = 120;

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A file name stem (the caller adds the extension) safe on Windows, macOS
/// and Linux: path separators and characters Windows refuses become "-",
/// control characters and runs of whitespace one space, runs of dots one dot
/// (no "..", no "S.p.A..xlsx"), no leading or trailing dots and spaces, at
/// most [`MAX_CHARS`] characters, reserved device names ("CON", "NUL"…)
/// followed by "_". An empty result is "documento".
pub fn safe_file_name(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() || c.is_whitespace() => ' ',
            c => c,
        };
        let doubled = matches!((out.chars().last(), c), (Some(' '), ' ') | (Some('.'), '.'));
        if !doubled {
            out.push(c);
        }
    }
    let trim = |s: &str| {
        s.trim_matches(|c: char| c == '.' || c.is_whitespace())
            .to_string()
    };
    let mut name = trim(&out);
    if name.chars().count() > MAX_CHARS {
        name = trim(&name.chars().take(MAX_CHARS).collect::<String>());
    }
    if name.is_empty() {
        return "documento".to_string();
    }
    let device = name.split('.').next().unwrap_or_default().trim_end();
    if RESERVED.contains(&device.to_lowercase().as_str()) {
        name.insert(device.len(), '_');
    }
    name
}

/// The key under which two names give the same file: case-insensitive file
/// systems (Windows, macOS) treat "Area I" and "AREA I" as one file.
pub fn collision_key(text: &str) -> String {
    safe_file_name(text).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_are_kept() {
        assert_eq!(
            safe_file_name("Area III Finanziaria"),
            "Area III Finanziaria"
        );
        assert_eq!(
            safe_file_name("Settore 2 – Servizi alla Persona"),
            "Settore 2 – Servizi alla Persona"
        );
    }

    #[test]
    fn no_doubled_or_trailing_dots() {
        assert_eq!(safe_file_name("PagoPA S.p.A."), "PagoPA S.p.A");
        assert_eq!(
            format!("2025 - {}.xlsx", safe_file_name("PagoPA S.p.A.")),
            "2025 - PagoPA S.p.A.xlsx"
        );
        assert_eq!(safe_file_name("Uffici...vari"), "Uffici.vari");
        assert_eq!(safe_file_name(".nascosto"), "nascosto");
    }

    #[test]
    fn no_path_can_escape_the_folder() {
        assert_eq!(safe_file_name("../../etc/passwd"), "-.-etc-passwd");
        assert_eq!(
            safe_file_name("Area I / Affari: generali"),
            "Area I - Affari- generali"
        );
        assert_eq!(safe_file_name("C:\\Windows"), "C--Windows");
        assert_eq!(safe_file_name(".."), "documento");
        for bad in ["../x", "a/../b", "..\\x", "/assoluto", "x\0y"] {
            let s = safe_file_name(bad);
            assert!(
                !s.contains('/') && !s.contains('\\') && !s.contains(".."),
                "{s}"
            );
            assert!(!s.chars().any(char::is_control), "{s:?}");
        }
    }

    #[test]
    fn control_characters_and_spaces_collapse() {
        assert_eq!(safe_file_name("  Area\tI\n\nAffari  "), "Area I Affari");
        assert_eq!(safe_file_name("\u{7}"), "documento");
        assert_eq!(safe_file_name(""), "documento");
    }

    #[test]
    fn reserved_windows_names_are_suffixed() {
        assert_eq!(safe_file_name("CON"), "CON_");
        assert_eq!(safe_file_name("nul.txt"), "nul_.txt");
        assert_eq!(safe_file_name("Lpt1"), "Lpt1_");
        assert_eq!(safe_file_name("Console"), "Console");
        assert_eq!(safe_file_name("COM10"), "COM10");
    }

    #[test]
    fn length_is_bounded_without_a_trailing_dot() {
        let long = format!("{}.{}", "a".repeat(119), "b".repeat(200));
        let s = safe_file_name(&long);
        assert_eq!(s, "a".repeat(119));
        assert!(safe_file_name(&"è".repeat(500)).chars().count() <= MAX_CHARS);
    }

    #[test]
    fn long_names_differing_only_past_the_limit_collide() {
        let a = format!("{} A", "x".repeat(MAX_CHARS));
        let b = format!("{} B", "x".repeat(MAX_CHARS));
        assert_eq!(collision_key(&a), collision_key(&b));
    }

    #[test]
    fn collisions_ignore_case_and_what_sanitising_removes() {
        assert_eq!(collision_key("Area I"), collision_key("AREA I"));
        assert_eq!(
            collision_key("Area I/Affari"),
            collision_key("Area I:Affari")
        );
        assert_ne!(collision_key("Area I"), collision_key("Area II"));
    }
}
