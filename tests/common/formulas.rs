//! Recalculates a workbook's formulas from the cells' stored values, in
//! exact decimal arithmetic, to compare with the values cached beside
//! them: what a spreadsheet shows after recalculating must be what the
//! documents print. Covers the formulas consuntivo writes: numbers, cell
//! references (also to another sheet), `+ - * /`, parentheses, `ROUND`,
//! `SUM`, and `SUMPRODUCT(--(range=cell),range)`.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use consuntivo::decimal::Ratio;

/// A cell as stored: its formula (without `=`), its value (number text or
/// the string), and whether the value is a string.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub formula: Option<String>,
    pub value: Option<String>,
    pub text: bool,
}

/// Sheet name → cell reference ("G15") → cell.
pub type Book = HashMap<String, HashMap<String, Cell>>;

fn member(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Option<String> {
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).ok()?;
    Some(s)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text between `<tag…>` and `</tag>` in `xml` from `from`.
fn inner<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = xml.find(&format!("<{tag}"))?;
    let start = open + xml[open..].find('>')? + 1;
    if xml[open..start].ends_with("/>") {
        return Some("");
    }
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some(&xml[start..end])
}

/// Every sheet of an xlsx written by rust_xlsxwriter, by name.
pub fn read_book(path: &Path) -> Book {
    let file = std::fs::File::open(path).expect("the workbook");
    let mut zip = zip::ZipArchive::new(file).expect("an xlsx");
    let shared: Vec<String> = member(&mut zip, "xl/sharedStrings.xml")
        .map(|x| {
            x.split("<si>")
                .skip(1)
                .map(|si| unescape(inner(si, "t").unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    let workbook = member(&mut zip, "xl/workbook.xml").expect("workbook.xml");
    let names: Vec<String> = workbook
        .split("<sheet ")
        .skip(1)
        .map(|s| {
            let start = s.find("name=\"").unwrap() + 6;
            unescape(&s[start..start + s[start..].find('"').unwrap()])
        })
        .collect();
    let mut book = Book::new();
    for (i, name) in names.iter().enumerate() {
        let xml = member(&mut zip, &format!("xl/worksheets/sheet{}.xml", i + 1)).expect("sheet");
        let mut cells = HashMap::new();
        for c in xml.split("<c ").skip(1) {
            let head = &c[..c.find('>').unwrap()];
            let attr = |a: &str| {
                head.find(&format!("{a}=\""))
                    .map(|p| &head[p + a.len() + 2..])
                    .map(|r| r[..r.find('"').unwrap()].to_string())
            };
            let reference = attr("r").expect("a cell reference");
            let body = if head.ends_with('/') {
                ""
            } else {
                &c[head.len() + 1..c.find("</c>").unwrap_or(head.len() + 1)]
            };
            let kind = attr("t");
            let raw = inner(body, "v").map(unescape);
            let (value, text) = match kind.as_deref() {
                Some("s") => (
                    raw.and_then(|i| i.parse::<usize>().ok())
                        .and_then(|i| shared.get(i).cloned()),
                    true,
                ),
                Some("str" | "inlineStr") => (raw, true),
                _ => (raw, false),
            };
            cells.insert(
                reference,
                Cell {
                    formula: inner(body, "f").map(unescape),
                    value,
                    text,
                },
            );
        }
        book.insert(name.clone(), cells);
    }
    book
}

#[derive(Debug, Clone, PartialEq)]
enum Val {
    Num(Ratio),
    Text(String),
    Blank,
}

struct Eval<'a> {
    book: &'a Book,
    sheet: String,
    s: Vec<char>,
    i: usize,
}

fn split_ref(r: &str) -> (String, u32) {
    let r = r.replace('$', "");
    let col: String = r.chars().take_while(char::is_ascii_alphabetic).collect();
    let row = r[col.len()..].parse().unwrap_or(0);
    (col, row)
}

impl Eval<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) {
        assert!(self.eat(c), "«{c}» expected at {} in {:?}", self.i, self.s);
    }

    fn num(v: Val) -> Ratio {
        match v {
            Val::Num(r) => r,
            Val::Blank => Ratio::int(0),
            Val::Text(t) => panic!("a number expected, found «{t}»"),
        }
    }

    fn expr(&mut self) -> Val {
        let mut acc = self.term();
        loop {
            if self.eat('+') {
                acc = Val::Num(Self::num(acc).checked_add(Self::num(self.term())).unwrap());
            } else if self.eat('-') {
                acc = Val::Num(Self::num(acc).checked_sub(Self::num(self.term())).unwrap());
            } else if self.eat('=') {
                let right = self.term();
                return Val::Num(Ratio::int(i64::from(acc == right)));
            } else {
                return acc;
            }
        }
    }

    fn term(&mut self) -> Val {
        let mut acc = self.factor();
        loop {
            if self.eat('*') {
                acc = Val::Num(
                    Self::num(acc)
                        .checked_mul(Self::num(self.factor()))
                        .unwrap(),
                );
            } else if self.eat('/') {
                acc = Val::Num(
                    Self::num(acc)
                        .checked_div(Self::num(self.factor()))
                        .unwrap(),
                );
            } else {
                return acc;
            }
        }
    }

    fn name(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self
            .peek()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '$')
        {
            out.push(c);
            self.i += 1;
        }
        out
    }

    /// A reference, possibly to another sheet, possibly a range.
    fn reference(&mut self, first: String) -> (String, String, Option<String>) {
        let (sheet, start) = if self.eat('!') {
            (first, self.name())
        } else {
            (self.sheet.clone(), first)
        };
        let end = self.eat(':').then(|| self.name());
        (sheet, start, end)
    }

    fn range(&self, sheet: &str, start: &str, end: &str) -> Vec<Val> {
        let (col, from) = split_ref(start);
        let (_, to) = split_ref(end);
        (from..=to)
            .map(|row| cell_value(self.book, sheet, &format!("{col}{row}")))
            .collect()
    }

    fn factor(&mut self) -> Val {
        if self.eat('-') {
            return Val::Num(Ratio::int(0).checked_sub(Self::num(self.factor())).unwrap());
        }
        if self.eat('(') {
            let v = self.expr();
            self.expect(')');
            return v;
        }
        if self.eat('\'') {
            let mut sheet = String::new();
            while let Some(c) = self.peek() {
                self.i += 1;
                if c == '\'' {
                    break;
                }
                sheet.push(c);
            }
            let (sheet, start, end) = self.reference(sheet);
            assert!(end.is_none(), "a range outside a function");
            return cell_value(self.book, &sheet, &start);
        }
        if self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
            let mut n = String::new();
            while let Some(c) = self.peek().filter(|c| c.is_ascii_digit() || *c == '.') {
                n.push(c);
                self.i += 1;
            }
            return Val::Num(Ratio::parse(&n).unwrap());
        }
        let word = self.name();
        match word.as_str() {
            "ROUND" => {
                self.expect('(');
                let x = Self::num(self.expr());
                self.expect(',');
                let places = Self::num(self.expr());
                self.expect(')');
                let p = places.to_f64() as u32;
                Val::Num(Ratio::of(x.round(p).unwrap()).unwrap())
            }
            "SUMPRODUCT" => {
                self.expect('(');
                // --(range=cell),range
                self.expect('-');
                self.expect('-');
                self.expect('(');
                let (s1, a, b) = self.sheet_range();
                self.expect('=');
                let key = self.factor();
                self.expect(')');
                self.expect(',');
                let (s2, c, d) = self.sheet_range();
                self.expect(')');
                let keys = self.range(&s1, &a, &b);
                let values = self.range(&s2, &c, &d);
                let mut sum = Ratio::int(0);
                for (k, v) in keys.iter().zip(values) {
                    if *k == key
                        && let Val::Num(n) = v
                    {
                        sum = sum.checked_add(n).unwrap();
                    }
                }
                Val::Num(sum)
            }
            "SUM" => {
                self.expect('(');
                let (s, a, b) = self.sheet_range();
                self.expect(')');
                let mut sum = Ratio::int(0);
                for v in self.range(&s, &a, &b) {
                    if let Val::Num(n) = v {
                        sum = sum.checked_add(n).unwrap();
                    }
                }
                Val::Num(sum)
            }
            _ => {
                let (sheet, start, end) = self.reference(word);
                assert!(end.is_none(), "a range outside a function");
                cell_value(self.book, &sheet, &start)
            }
        }
    }

    fn sheet_range(&mut self) -> (String, String, String) {
        let first = if self.eat('\'') {
            let mut sheet = String::new();
            while let Some(c) = self.peek() {
                self.i += 1;
                if c == '\'' {
                    break;
                }
                sheet.push(c);
            }
            sheet
        } else {
            self.name()
        };
        let (sheet, start, end) = self.reference(first);
        (sheet, start, end.expect("a range"))
    }
}

fn cell_value(book: &Book, sheet: &str, reference: &str) -> Val {
    let reference = reference.replace('$', "");
    let Some(cell) = book.get(sheet).and_then(|s| s.get(&reference)) else {
        return Val::Blank;
    };
    if let Some(f) = &cell.formula {
        return evaluate(book, sheet, f);
    }
    match &cell.value {
        None => Val::Blank,
        Some(t) if cell.text => Val::Text(t.clone()),
        Some(v) => Val::Num(Ratio::parse(v).unwrap_or_else(|| panic!("a number: {v}"))),
    }
}

fn evaluate(book: &Book, sheet: &str, formula: &str) -> Val {
    let mut e = Eval {
        book,
        sheet: sheet.to_string(),
        s: formula.chars().filter(|c| !c.is_whitespace()).collect(),
        i: 0,
    };
    let v = e.expr();
    assert_eq!(e.i, e.s.len(), "formula not read to its end: {formula}");
    v
}

/// Every numeric formula of the book, recalculated: (sheet, cell, formula,
/// recalculated, cached). A formula that rounds (`ROUND(…)`) must match its
/// cached value exactly; any other within 1e-9.
pub fn mismatches(book: &Book) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut wrong = Vec::new();
    let mut sheets: Vec<&String> = book.keys().collect();
    sheets.sort();
    for sheet in sheets {
        let mut refs: Vec<(&String, &Cell)> = book[sheet].iter().collect();
        refs.sort_by_key(|(r, _)| split_ref(r).1);
        for (r, cell) in refs {
            let (Some(f), Some(cached)) = (&cell.formula, &cell.value) else {
                continue;
            };
            if cell.text {
                continue;
            }
            let got = match evaluate(book, sheet, f) {
                Val::Num(n) => n,
                other => panic!("{sheet}!{r} = {f} gives {other:?}"),
            };
            let cached_r = Ratio::parse(cached).unwrap();
            checked += 1;
            let ok = if f.starts_with("ROUND(") {
                got == cached_r
            } else {
                (got.to_f64() - cached_r.to_f64()).abs() <= 1e-9 * cached_r.to_f64().abs().max(1.0)
            };
            if !ok {
                wrong.push(format!(
                    "{sheet}!{r} = {f}: recalculates to {}, cached {cached}",
                    got.to_f64()
                ));
            }
        }
    }
    (checked, wrong)
}
