//! The command line: wiring only. Every stage lives in the library; errors
//! come back as diagnostics and are printed here, once.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};

use consuntivo::diag::Diagnostics;
use consuntivo::forms;

#[deny(clippy::print_stdout)]
mod commands;
mod terminal_progress;
use commands::{
    ReminderOptions, cmd_check, cmd_forms, cmd_individual_form, cmd_monitoring, cmd_plan,
    cmd_reminders, cmd_score, cmd_sportello, cmd_staff_forms, cmd_status, relazione,
};

#[derive(Parser)]
#[command(
    name = "consuntivo",
    version,
    about = "Chiude il ciclo annuale della performance del comune: moduli delle unità \
             organizzative, verifica, valutazione, Relazione sulla performance e riepilogo.",
    long_about = None,
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    common: Common,
}

#[derive(clap::Args, Clone)]
struct Common {
    /// Cartella dei dati di ingresso: piano, regole, rendicontazioni (predefinita: inputs)
    #[arg(long, global = true, default_value = "inputs", value_name = "CARTELLA")]
    ingressi: PathBuf,
    /// Cartella in cui scrivere i risultati (predefinita: outputs)
    #[arg(
        long,
        global = true,
        default_value = "outputs",
        value_name = "CARTELLA"
    )]
    uscite: PathBuf,
    /// File del piano (predefinito: il piano-<anno>.toml più recente nella cartella dei dati di ingresso)
    #[arg(long, global = true, value_name = "FILE")]
    piano: Option<PathBuf>,
    /// Cartella di un gruppo di enti (con enti.toml): esegue il comando per ciascun ente (docs/enti.md)
    #[arg(long, global = true, value_name = "CARTELLA")]
    enti: Option<PathBuf>,
    /// Con --enti, solo l'ente indicato, per nome o cartella (ripetibile, o più nomi separati da virgole)
    #[arg(long, global = true, value_name = "NOME", value_delimiter = ',')]
    solo: Vec<String>,
    /// In a group's run (`--enti`), the ente this run is for.
    #[arg(skip)]
    member: Option<consuntivo::ente::EnteFolder>,
}

#[derive(Subcommand, Clone)]
enum Command {
    /// Carica e verifica il piano, e ne stampa il riepilogo; importa, esporta e stampa il piano
    Piano {
        /// Stampa il piano in JSON (formato documentato in docs/formato-piano.md)
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        azione: Option<commands::PianoCmd>,
    },
    /// Il Sistema di misurazione e valutazione della performance: produce il documento che ne descrive le regole
    Smvp {
        #[command(subcommand)]
        azione: commands::SmvpCmd,
    },
    /// Genera un modulo xlsx di rendicontazione per ogni unità organizzativa
    Moduli {
        /// Data entro cui le unità restituiscono il modulo, GG/MM/AAAA (predefinita: 31 marzo dell'anno successivo)
        #[arg(long, value_name = "DATA", value_parser = parse_date)]
        scadenza: Option<NaiveDate>,
        /// A chi rivolgersi per chiarimenti (predefinito: il referente di inputs/ente.toml)
        #[arg(long, value_name = "TESTO")]
        referente: Option<String>,
        /// Password di protezione dei fogli (predefinita: nessuna)
        #[arg(long, value_name = "TESTO")]
        password: Option<String>,
        /// Moduli per il monitoraggio intermedio a questa data, GG/MM/AAAA, invece che per la rendicontazione di fine anno
        #[arg(long, value_name = "DATA", value_parser = parse_date)]
        monitoraggio: Option<NaiveDate>,
        /// Genera invece il modulo delle valutazioni individuali, per il valutatore
        #[arg(long, conflicts_with = "monitoraggio")]
        individuali: bool,
        /// Genera invece i moduli di valutazione del personale, uno per valutatore
        #[arg(long, conflicts_with_all = ["monitoraggio", "individuali"])]
        personale: bool,
    },
    /// Controlla i moduli compilati, le regole e le valutazioni senza produrre relazioni
    Verifica {
        #[command(flatten)]
        run: ScoreArgs,
    },
    /// Stampa a che punto è la rendicontazione di ogni unità e lo scrive in un file xlsx
    Stato {
        /// Cartella dei moduli restituiti (predefinita: inputs/rendicontazioni/<anno>)
        #[arg(long, value_name = "CARTELLA")]
        dati: Option<PathBuf>,
        /// Data a cui riferire lo stato, GG/MM/AAAA (predefinita: oggi)
        #[arg(long, value_name = "DATA", value_parser = parse_date)]
        al: Option<NaiveDate>,
    },
    /// Scrive un sollecito (PDF e testo per la posta) per ogni unità con righe da completare
    Solleciti {
        /// Cartella dei moduli restituiti (predefinita: inputs/rendicontazioni/<anno>)
        #[arg(long, value_name = "CARTELLA")]
        dati: Option<PathBuf>,
        /// Data dei solleciti, GG/MM/AAAA (predefinita: oggi)
        #[arg(long, value_name = "DATA", value_parser = parse_date)]
        al: Option<NaiveDate>,
        /// Data entro cui restituire i moduli completati, GG/MM/AAAA (predefinita: 31 marzo dell'anno successivo)
        #[arg(long, value_name = "DATA", value_parser = parse_date)]
        scadenza: Option<NaiveDate>,
        /// A chi rivolgersi (predefinito: il referente di inputs/ente.toml)
        #[arg(long, value_name = "TESTO")]
        referente: Option<String>,
        /// Cartella dei modelli (predefinita: templates/, se esiste)
        #[arg(long, value_name = "CARTELLA")]
        modelli: Option<PathBuf>,
        /// Scrive anche una bozza di e-mail (.eml, mai inviata) per ogni unità con un indirizzo in inputs/indirizzi.toml
        #[arg(long)]
        email: bool,
    },
    /// Legge i moduli del monitoraggio intermedio e ne produce il rapporto (PDF e xlsx)
    Monitoraggio {
        /// Cartella dei moduli di monitoraggio compilati (predefinita: inputs/monitoraggio/<anno>)
        #[arg(long, value_name = "CARTELLA")]
        dati: Option<PathBuf>,
        /// Data del documento, GG/MM/AAAA (predefinita: la data del monitoraggio, o la più recente data di realizzazione nei moduli se successiva)
        #[arg(long, value_name = "DATA", value_parser = parse_date)]
        data: Option<NaiveDate>,
        /// Cartella dei modelli (predefinita: templates/, se esiste)
        #[arg(long, value_name = "CARTELLA")]
        modelli: Option<PathBuf>,
    },
    /// Calcola e stampa la valutazione di ogni unità organizzativa e dell'ente, e il confronto con l'anno precedente se ne trova i dati aperti
    Valuta {
        #[command(flatten)]
        run: ScoreArgs,
    },
    /// Produce la Relazione sulla performance, le schede delle unità, il riepilogo xlsx e i dati aperti
    Relazione {
        #[command(flatten)]
        run: RunArgs,
    },
    /// Produce le carte della validazione della Relazione: la carta di lavoro e la bozza del documento di validazione (outputs/<anno>/validazione/)
    Validazione {
        #[command(flatten)]
        score: ScoreArgs,
        /// Testi ed esito del valutatore (predefinito: inputs/validazione-<anno>.toml, se esiste)
        #[arg(long, value_name = "FILE")]
        testi: Option<PathBuf>,
        /// Data dei documenti, GG/MM/AAAA (predefinita: quella indicata in inputs/relazione.toml)
        #[arg(long, value_name = "DATA", value_parser = parse_date)]
        data: Option<NaiveDate>,
        /// Cartella dei modelli (predefinita: templates/, se esiste)
        #[arg(long, value_name = "CARTELLA")]
        modelli: Option<PathBuf>,
    },
    /// Con --enti: confronta gli enti del gruppo, una colonna per ente, in CARTELLA/outputs/Confronto fra gli enti <anno>.xlsx (docs/enti.md)
    Confronta {
        /// Data entro cui le unità restituiscono i moduli, GG/MM/AAAA, per contare quelli in tempo (predefinita: 31 marzo dell'anno successivo al piano)
        #[arg(long, value_name = "DATA", value_parser = parse_date)]
        scadenza: Option<NaiveDate>,
    },
    /// Apre lo sportello: le pagine web per l'ufficio, ciascuna unità e il valutatore (docs/sportello.md)
    Sportello {
        /// Indirizzo su cui rispondere (predefinito: 127.0.0.1, solo questo computer)
        #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
        indirizzo: std::net::IpAddr,
        /// Porta (predefinita: 8080)
        #[arg(long, value_name = "NUMERO", default_value_t = 8080)]
        porta: u16,
        /// Indirizzo che le persone aprono, per i link di accesso (predefinito: http://IP:PORTA; dietro un proxy, es. https://performance.comune.example.it)
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Cartella dello sportello: accessi, moduli inviati, archivio (predefinita: sportello/ accanto alla cartella dei dati di ingresso)
        #[arg(long, value_name = "CARTELLA")]
        cartella: Option<PathBuf>,
        /// Rilascia di nuovo tutti i link di accesso: i precedenti smettono di funzionare
        #[arg(long)]
        nuovi_link: bool,
        /// Risponde in HTTPS con il certificato e la chiave privata indicati (file PEM), senza proxy inverso
        #[arg(long, num_args = 2, value_names = ["CERTIFICATO", "CHIAVE"])]
        tls: Option<Vec<PathBuf>>,
    },
}

/// What scoring reads; `valuta` and `verifica` take only these, so their
/// help lists no option they would ignore.
#[derive(clap::Args, Clone, Default)]
struct ScoreArgs {
    /// Cartella dei moduli compilati (predefinita: inputs/rendicontazioni/<anno>)
    #[arg(long, value_name = "CARTELLA")]
    dati: Option<PathBuf>,
    /// Regole di valutazione (predefinito: inputs/smvp.toml)
    #[arg(long, value_name = "FILE")]
    regole: Option<PathBuf>,
    /// Valutazioni del Nucleo o dell'OIV (predefinito: inputs/valutazioni-nucleo-<anno>.toml, se esiste)
    #[arg(long, value_name = "FILE")]
    nucleo: Option<PathBuf>,
}

#[derive(clap::Args, Clone, Default)]
struct RunArgs {
    #[command(flatten)]
    score: ScoreArgs,
    /// Cartella dei modelli (predefinita: templates/, se esiste)
    #[arg(long, value_name = "CARTELLA")]
    modelli: Option<PathBuf>,
    /// Data dei documenti, GG/MM/AAAA (predefinita: quella indicata in inputs/relazione.toml)
    #[arg(long, value_name = "DATA", value_parser = parse_date)]
    data: Option<NaiveDate>,
    /// Produce la bozza da inviare al Nucleo anche se relazione.toml registra la validazione
    #[arg(long)]
    bozza: bool,
    /// Compone di nuovo tutti i documenti, anche quelli invariati dall'esecuzione precedente
    #[arg(long)]
    da_capo: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    consuntivo::italian::parse_document_date(s).ok_or_else(|| {
        if let Some(e) = consuntivo::italian::two_digit_year_example(s) {
            format!(
                "«{s}» ha l'anno in due cifre: scrivere la data come GG/MM/AAAA, con l'anno in quattro cifre (es. {e})"
            )
        } else {
            format!("«{s}» non è una data valida (si scrive GG/MM/AAAA)")
        }
    })
}

/// Clap's help, in Italian: headings, the help and version flags, and the
/// usage line of every subcommand.
fn command() -> clap::Command {
    const TEMPLATE: &str = "{about-with-newline}\nUso: {usage}\n\n{all-args}{after-help}";
    let help = clap::Arg::new("aiuto")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .global(true)
        .help("Mostra questo aiuto");
    Cli::command()
        .help_template(TEMPLATE)
        .subcommand_help_heading("Comandi")
        .subcommand_value_name("COMANDO")
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(help)
        .arg(
            clap::Arg::new("versione")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Mostra la versione"),
        )
        .override_usage("consuntivo [OPZIONI] [COMANDO]")
        .mut_args(italian_arg)
        .mut_subcommands(|c| {
            let name = c.get_name().to_string();
            let with_actions = c.has_subcommands();
            let usage = format!(
                "consuntivo {name} [OPZIONI]{}",
                if with_actions { " [COMANDO]" } else { "" }
            );
            c.help_template(TEMPLATE)
                .override_usage(usage)
                .disable_help_flag(true)
                .subcommand_help_heading("Comandi")
                .subcommand_value_name("COMANDO")
                .mut_args(italian_arg)
                .mut_subcommands(|sub| {
                    let positionals: String = sub
                        .get_positionals()
                        .filter_map(|a| a.get_value_names().and_then(|v| v.first().cloned()))
                        .map(|v| format!(" {v}"))
                        .collect();
                    let usage = format!(
                        "consuntivo {name} {} [OPZIONI]{positionals}",
                        sub.get_name()
                    );
                    sub.help_template(TEMPLATE)
                        .override_usage(usage)
                        .disable_help_flag(true)
                        .mut_args(italian_arg)
                })
        })
}

fn italian_arg(a: clap::Arg) -> clap::Arg {
    let a = if a.is_positional() {
        a.help_heading("Argomenti")
    } else {
        a.help_heading("Opzioni")
    };
    // Defaults are spelled out in Italian in each help text.
    if a.get_action().takes_values() {
        a.hide_default_value(true)
    } else {
        a
    }
}

/// Clap's parse errors, in Italian; help and version go to stdout as usual.
fn parse_args() -> Result<Cli, ExitCode> {
    use clap::error::{ContextKind, ErrorKind};
    let matches = command().try_get_matches();
    let err = match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = err.print();
        return Err(ExitCode::SUCCESS);
    }
    let ctx = |k| err.get(k).map(|v| v.to_string()).unwrap_or_default();
    let message = match err.kind() {
        ErrorKind::UnknownArgument => {
            format!("argomento sconosciuto «{}»", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => format!(
            "comando sconosciuto «{}»: i comandi sono piano, smvp, moduli, verifica, stato, solleciti, monitoraggio, valuta, relazione, validazione, confronta, sportello",
            ctx(ContextKind::InvalidSubcommand)
        ),
        // An option given without its value: clap reports an empty one.
        ErrorKind::InvalidValue if ctx(ContextKind::InvalidValue).is_empty() => {
            let arg = ctx(ContextKind::InvalidArg);
            let option = arg.split(' ').next().unwrap_or(&arg);
            if arg.contains("<DATA>") {
                format!("manca la data di {option} (GG/MM/AAAA), da scrivere dopo l'opzione")
            } else {
                format!("manca il valore di {option}, da scrivere dopo l'opzione")
            }
        }
        ErrorKind::ValueValidation | ErrorKind::InvalidValue => {
            let why = std::error::Error::source(&err)
                .map(|s| s.to_string())
                .unwrap_or_else(|| format!("«{}» non è ammesso", ctx(ContextKind::InvalidValue)));
            // «per --al, «31/02/2025» non è una data valida (…)»: the
            // option named first, no chain of colons.
            let arg = ctx(ContextKind::InvalidArg);
            format!("per {}, {why}", arg.split(' ').next().unwrap_or(&arg))
        }
        ErrorKind::MissingRequiredArgument => {
            format!(
                "manca un argomento obbligatorio: {}",
                ctx(ContextKind::InvalidArg)
            )
        }
        ErrorKind::ArgumentConflict => format!(
            "{} non si può usare insieme a {}",
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!(
                "numero di valori non valido per {}",
                ctx(ContextKind::InvalidArg)
            )
        }
        // A command that needs its action (`consuntivo smvp`): the actions
        // it has, as lines to type.
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // Clap does not say which command: it is the first word typed
            // that names one.
            let cmd = command();
            let parent = std::env::args()
                .skip(1)
                .find(|a| cmd.find_subcommand(a).is_some())
                .unwrap_or_default();
            let actions: Vec<String> = cmd
                .find_subcommand(&parent)
                .map(|c| {
                    c.get_subcommands()
                        .map(|a| format!("consuntivo {parent} {}", a.get_name()))
                        .collect()
                })
                .unwrap_or_default();
            if actions.is_empty() {
                "manca l'azione da svolgere con questo comando".to_string()
            } else {
                format!("manca l'azione da svolgere: {}", actions.join(", "))
            }
        }
        _ => format!("argomenti non validi ({})", err.kind()),
    };
    let hint = match err.kind() {
        ErrorKind::UnknownArgument => unknown_argument_hint(&ctx(ContextKind::InvalidArg)),
        // A date to type, in the form the commands read.
        ErrorKind::InvalidValue if ctx(ContextKind::InvalidValue).is_empty() => {
            let arg = ctx(ContextKind::InvalidArg);
            arg.contains("<DATA>").then(|| {
                format!(
                    "per esempio {} 30/06/AAAA, con l'anno del piano",
                    arg.split(' ').next().unwrap_or(&arg)
                )
            })
        }
        _ => None,
    };
    let hint = hint
        .map(|h| format!("\n  suggerimento: {h}"))
        .unwrap_or_default();
    eprintln!(
        "errore: {message}{hint}\n\nPer l'elenco dei comandi e delle opzioni: consuntivo --help"
    );
    Err(ExitCode::from(2))
}

/// For an option that belongs to other commands than the one typed
/// (`consuntivo --bozza`), the commands that take it, as a line to type.
fn unknown_argument_hint(arg: &str) -> Option<String> {
    let long = arg.strip_prefix("--")?.split('=').next()?;
    let root = command();
    let mut found: Vec<String> = Vec::new();
    for c in root.get_subcommands() {
        let mut visit = |path: String, cmd: &clap::Command| {
            if cmd.get_arguments().any(|a| a.get_long() == Some(long)) {
                found.push(path);
            }
        };
        visit(c.get_name().to_string(), c);
        for sub in c.get_subcommands() {
            visit(format!("{} {}", c.get_name(), sub.get_name()), sub);
        }
    }
    // The command without arguments is the Relazione: an option of
    // `relazione` added to it is meant for `relazione`, the first example.
    if let Some(i) = found.iter().position(|p| p == "relazione") {
        let r = found.remove(i);
        found.insert(0, r);
    }
    let typed = |path: &String| format!("«consuntivo {path} --{long}»");
    match found.as_slice() {
        [] => None,
        [one] => Some(format!(
            "--{long} è un'opzione del comando «{one}»: scrivere {}",
            typed(one)
        )),
        many => Some(format!(
            "--{long} è un'opzione dei comandi {}: scrivere, ad esempio, {}{}",
            many.iter()
                .map(|m| format!("«{m}»"))
                .collect::<Vec<_>>()
                .join(", "),
            typed(&many[0]),
            if many[0] == "relazione" {
                " (la Relazione, che è il comando predefinito)"
            } else {
                ""
            }
        )),
    }
}

fn main() -> ExitCode {
    // A command waiting for another to finish writing says so.
    consuntivo::output::on_wait(|m| eprintln!("{m}"));
    let cli = match parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let common = cli.common.clone();
    if cli.command.is_none() {
        eprintln!(
            "Nessun comando indicato: produco la Relazione sulla performance (comando «relazione»)."
        );
    }
    if let Some(dir) = common.enti.clone() {
        return group(&common, &dir, cli.command);
    }
    if !common.solo.is_empty() {
        eprintln!("errore: --solo sceglie enti di un gruppo: si usa con --enti CARTELLA");
        return ExitCode::from(2);
    }
    report(dispatch(&common, cli.command))
}

/// `--enti CARTELLA`: the command for each ente of the group, for the
/// commands that make sense per ente.
fn group(common: &Common, dir: &std::path::Path, command: Option<Command>) -> ExitCode {
    let refused = match &command {
        Some(Command::Smvp { .. }) => Some("smvp"),
        Some(Command::Validazione { .. }) => Some("validazione"),
        Some(Command::Sportello { .. }) => Some("sportello"),
        Some(Command::Moduli {
            individuali: true, ..
        }) => Some("moduli --individuali"),
        Some(Command::Piano {
            azione: Some(_), ..
        }) => Some("piano con un'azione"),
        Some(Command::Piano { json: true, .. }) => Some("piano --json"),
        _ => None,
    };
    if let Some(name) = refused {
        eprintln!(
            "errore: «{name}» non si esegue su un gruppo di enti: eseguirlo nella cartella di ciascun ente\n  suggerimento: con --enti si eseguono piano, moduli, verifica, valuta, stato, solleciti, monitoraggio e relazione"
        );
        return ExitCode::from(2);
    }
    if common.piano.is_some() {
        eprintln!(
            "errore: --piano indica il piano di un solo ente: con --enti ogni ente usa il proprio (inputs/piano-<anno>.toml nella sua cartella; con `anno` in enti.toml, il piano di quell'anno)"
        );
        return ExitCode::from(2);
    }
    // Each ente reads its own inputs/ and writes its own outputs/: the two
    // folders of a single ente are never silently dropped (review 38).
    for (option, given, default) in [
        ("--ingressi", &common.ingressi, "inputs"),
        ("--uscite", &common.uscite, "outputs"),
    ] {
        if given.as_path() != std::path::Path::new(default) {
            eprintln!(
                "errore: {option} indica la cartella di un solo ente: con --enti ogni ente usa la propria ({default}/ nella sua cartella)\n  suggerimento: togliere {option}; per un solo ente del gruppo, --solo NOME"
            );
            return ExitCode::from(2);
        }
    }
    if let Some(Command::Confronta { scadenza }) = command {
        return match commands::cmd_compare(common, dir, scadenza) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(diags) => report(Err(diags)),
        };
    }
    let sources = matches!(command, Some(Command::Verifica { .. }));
    // `verifica --regole FILE`: the rules every ente is checked under.
    let rules = match &command {
        Some(Command::Verifica { run }) => run.regole.clone(),
        _ => None,
    };
    let run = move |c: &Common| dispatch(c, command.clone());
    match commands::cmd_group(
        common,
        dir,
        &commands::GroupRun {
            command: &run,
            sources,
            rules,
        },
    ) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(diags) => report(Err(diags)),
    }
}

/// The command for one ente.
fn dispatch(common: &Common, command: Option<Command>) -> commands::CmdResult {
    let common = common.clone();
    match command {
        None => relazione(&common, &RunArgs::default()),
        Some(Command::Piano { json, azione }) => cmd_plan(&common, json, azione),
        Some(Command::Smvp { azione }) => commands::cmd_smvp(&common, azione),
        Some(Command::Moduli {
            individuali: true, ..
        }) => cmd_individual_form(&common),
        Some(Command::Moduli {
            personale: true, ..
        }) => cmd_staff_forms(&common),
        Some(Command::Moduli {
            scadenza,
            referente,
            password,
            monitoraggio,
            ..
        }) => cmd_forms(
            &common,
            &forms::FormSettings {
                deadline: scadenza,
                contact: referente,
                password,
                monitoring: monitoraggio,
                vocab: Default::default(),
            },
        ),
        Some(Command::Verifica { run }) => cmd_check(&common, &run),
        Some(Command::Stato { dati, al }) => cmd_status(&common, dati, al),
        Some(Command::Solleciti {
            dati,
            al,
            scadenza,
            referente,
            modelli,
            email,
        }) => cmd_reminders(
            &common,
            ReminderOptions {
                dati,
                al,
                scadenza,
                referente,
                modelli,
                email,
            },
        ),
        Some(Command::Monitoraggio {
            dati,
            data,
            modelli,
        }) => cmd_monitoring(&common, dati, data, modelli),
        Some(Command::Valuta { run }) => cmd_score(&common, &run),
        Some(Command::Confronta { .. }) => Err(consuntivo::diag::Diagnostic::error(
            consuntivo::diag::Location::default(),
            "«confronta» confronta gli enti di un gruppo: si usa con --enti CARTELLA",
        )
        .with_hint("per esempio consuntivo --enti unione confronta (docs/enti.md)")
        .into()),
        Some(Command::Relazione { run }) => relazione(&common, &run),
        Some(Command::Validazione {
            score,
            testi,
            data,
            modelli,
        }) => commands::cmd_validation(&common, &score, testi, data, modelli),
        Some(Command::Sportello {
            indirizzo,
            porta,
            url,
            cartella,
            nuovi_link,
            tls,
        }) => cmd_sportello(
            &common,
            commands::SportelloOptions {
                indirizzo,
                porta,
                url,
                cartella,
                nuovi_link,
                tls: tls.and_then(|v| match v.as_slice() {
                    [c, k] => Some((c.clone(), k.clone())),
                    _ => None,
                }),
            },
        ),
    }
}

/// Prints a command's diagnostics once and gives its exit status.
fn report(result: commands::CmdResult) -> ExitCode {
    match result {
        Ok(warnings) => {
            print_warnings(&warnings);
            ExitCode::SUCCESS
        }
        Err(diags) => {
            for d in diags.iter() {
                eprintln!("{d}");
            }
            let n = diags.errors().count();
            eprintln!(
                "\n{} Nessun file è stato scritto.",
                if n == 1 {
                    "1 errore.".to_string()
                } else {
                    format!("{n} errori.")
                }
            );
            ExitCode::FAILURE
        }
    }
}

fn print_warnings(warnings: &Diagnostics) {
    let n = warnings.len();
    if n == 0 {
        return;
    }
    eprintln!();
    for d in warnings.iter() {
        eprintln!("{d}");
    }
    eprintln!(
        "{}",
        if n == 1 {
            "1 avviso.".to_string()
        } else {
            format!("{n} avvisi.")
        }
    );
}
