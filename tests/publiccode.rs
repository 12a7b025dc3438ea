//! `publiccode.yml`, the description of consuntivo for the catalogue of
//! reusable public-administration software: it parses, has the keys the
//! publiccode.yml standard (version 0.4) makes mandatory with values it
//! allows, and says the version and licence of `Cargo.toml`.

use serde_yaml::Value;

fn repo_file(name: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn publiccode() -> Value {
    serde_yaml::from_str(&repo_file("publiccode.yml")).expect("publiccode.yml is YAML")
}

fn cargo_package() -> toml::Table {
    let cargo: toml::Table = repo_file("Cargo.toml").parse().expect("Cargo.toml");
    cargo["package"].as_table().expect("[package]").clone()
}

/// The value at a dotted path (`legal.license`), if any.
fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn text<'a>(v: &'a Value, path: &str) -> &'a str {
    at(v, path)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("publiccode.yml: «{path}» missing or not a text"))
}

fn list<'a>(v: &'a Value, path: &str) -> &'a Vec<Value> {
    let l = at(v, path)
        .and_then(Value::as_sequence)
        .unwrap_or_else(|| panic!("publiccode.yml: «{path}» missing or not a list"));
    assert!(!l.is_empty(), "publiccode.yml: «{path}» is empty");
    l
}

/// Mandatory keys the project cannot fill yet, each named in the file's
/// opening comment as still to complete: the repository's public address
/// (there is none yet), a maintainer's name (the standard wants a real
/// person) and the date of the first public release of `softwareVersion`
/// (mandatory once a version is given; none has been released yet).
/// Filling one means taking it out of here.
const TO_COMPLETE: [&str; 3] = ["url", "maintenance.contacts", "releaseDate"];

#[test]
fn the_mandatory_keys_are_there_with_allowed_values() {
    let p = publiccode();
    assert_eq!(text(&p, "publiccodeYmlVersion"), "0.4");
    assert_eq!(text(&p, "name"), "consuntivo");
    for platform in list(&p, "platforms") {
        assert!(
            ["web", "windows", "mac", "linux", "ios", "android"]
                .contains(&platform.as_str().unwrap_or_default()),
            "{platform:?}"
        );
    }
    for category in list(&p, "categories") {
        let c = category.as_str().unwrap_or_default();
        assert!(
            !c.is_empty() && c.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{category:?}"
        );
    }
    assert!(
        ["concept", "development", "beta", "stable", "obsolete"]
            .contains(&text(&p, "developmentStatus"))
    );
    assert!(
        [
            "standalone/mobile",
            "standalone/iot",
            "standalone/desktop",
            "standalone/web",
            "standalone/backend",
            "standalone/other",
            "addon",
            "library",
            "configurationFiles"
        ]
        .contains(&text(&p, "softwareType"))
    );
    let scopes: Vec<&str> = list(&p, "intendedAudience.scope")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(scopes.contains(&"government"), "{scopes:?}");
    for s in &scopes {
        assert!(
            [
                "agriculture",
                "culture",
                "defence",
                "education",
                "emergency-services",
                "employment",
                "energy",
                "environment",
                "finance-and-economic-development",
                "foreign-affairs",
                "government",
                "healthcare",
                "infrastructures",
                "justice",
                "local-authorities",
                "manufacturing",
                "research",
                "science-and-technology",
                "security",
                "society",
                "sport",
                "tourism",
                "transportation",
                "welfare"
            ]
            .contains(s),
            "{s}"
        );
    }
    assert_eq!(list(&p, "intendedAudience.countries"), &[Value::from("IT")]);

    // The Italian description: one line of at most 150 characters, a long
    // one of 150 to 10,000, features.
    let short = text(&p, "description.it.shortDescription");
    assert!(
        short.chars().count() <= 150 && !short.contains('\n'),
        "{short}"
    );
    let long = text(&p, "description.it.longDescription");
    assert!((150..=10_000).contains(&long.chars().count()), "{long}");
    for sets_apart in [
        "PDF/UA",
        "senza rete",
        "cella",
        "bozza",
        "definitiva",
        "Nucleo",
    ] {
        assert!(long.contains(sets_apart), "«{sets_apart}» not said");
    }
    assert!(list(&p, "description.it.features").len() >= 5);

    assert!(["internal", "contract", "community", "none"].contains(&text(&p, "maintenance.type")));
    assert!(
        at(&p, "localisation.localisationReady").is_some_and(Value::is_bool),
        "localisation.localisationReady"
    );
    assert!(list(&p, "localisation.availableLanguages").contains(&Value::from("it")));
    for d in list(&p, "dependsOn.open") {
        assert!(d.get("name").and_then(Value::as_str).is_some(), "{d:?}");
    }
    assert_eq!(text(&p, "IT.countryExtensionVersion"), "1.0");
}

#[test]
fn version_and_licence_are_cargo_tomls() {
    let p = publiccode();
    let package = cargo_package();
    assert_eq!(
        text(&p, "softwareVersion"),
        package["version"].as_str().unwrap()
    );
    assert_eq!(
        text(&p, "legal.license"),
        package["license"].as_str().unwrap()
    );
    // The repository's address, when the project has one, is the same in
    // both files.
    assert_eq!(
        at(&p, "url").and_then(Value::as_str),
        package.get("repository").and_then(|r| r.as_str()),
        "publiccode.yml «url» and Cargo.toml «repository»"
    );
}

#[test]
fn what_is_still_to_complete_is_said_in_the_file() {
    let p = publiccode();
    let header: String = repo_file("publiccode.yml")
        .lines()
        .take_while(|l| l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    for key in TO_COMPLETE {
        assert!(
            at(&p, key).is_none(),
            "«{key}» is filled: take it out of TO_COMPLETE"
        );
        assert!(
            header.contains(&format!("# - `{key}`")),
            "«{key}» not named in the opening comment:\n{header}"
        );
    }
}
