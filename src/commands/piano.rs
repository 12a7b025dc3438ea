use std::path::Path;

use consuntivo::diag::Diagnostics;
use consuntivo::plan;

use super::{CmdResult, io_error, load_plan, load_vocab};
use crate::Common;

pub fn cmd_plan(common: &Common, json: bool) -> CmdResult {
    let plan = load_plan(common)?;
    if json {
        let text = serde_json::to_string_pretty(&plan::to_json(&plan))
            .map_err(|e| io_error(Path::new("-"), e))?;
        println!("{text}");
    } else {
        print!("{}", plan::summary(&plan, &load_vocab(common)?));
    }
    Ok(Diagnostics::new())
}
