//! Error values in cells: a cached `#DIV/0!` (or its text pasted from a
//! cell in error) is a value no reader may take as text, in any workbook
//! a user sends (forms, the plan table).

use calamine::{CellErrorType, Data};

/// The error value as the Italian spreadsheet shows it.
pub(crate) fn error_text(e: &CellErrorType) -> String {
    match e {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/D",
        CellErrorType::Name => "#NOME?",
        CellErrorType::Null => "#NULLO!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#RIF!",
        CellErrorType::Value => "#VALORE!",
        CellErrorType::GettingData => "#GETTING_DATA",
    }
    .to_string()
}

/// Error literals in English and Italian: a value pasted from a cell in
/// error arrives as this text, and is an error all the same.
const ERROR_LITERALS: [&str; 15] = [
    "#DIV/0!", "#N/A", "#N/D", "#NAME?", "#NOME?", "#NULL!", "#NULLO!", "#NUM!", "#REF!", "#RIF!",
    "#VALUE!", "#VALORE!", "#ERR:502", "#ERR:504", "Err:502",
];

/// A formula error in the cell, as a message.
pub fn formula_error(cell: &Data) -> Option<String> {
    let text = match cell {
        Data::Error(e) => error_text(e),
        Data::String(s)
            if ERROR_LITERALS
                .iter()
                .any(|l| s.trim().eq_ignore_ascii_case(l)) =>
        {
            s.trim().to_string()
        }
        _ => return None,
    };
    Some(format!(
        "la cella contiene un errore di formula ({text}): scrivere il valore"
    ))
}
