//! The README says what the code does: its EBNF is the grammar's own
//! comments, rule for rule.

use std::collections::BTreeSet;
use std::path::Path;

/// `name = ...` rules with their continuation lines, whitespace folded.
fn rules(lines: impl Iterator<Item = String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut current: Option<String> = None;
    let starts_rule = |l: &str| {
        let name: String = l
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
            .collect();
        !name.is_empty() && l[name.len()..].trim_start().starts_with('=')
    };
    for line in lines {
        if starts_rule(&line) {
            out.extend(current.take());
            current = Some(line.clone());
        } else if line.starts_with("  ") && !line.trim().is_empty() {
            if let Some(rule) = current.as_mut() {
                rule.push(' ');
                rule.push_str(line.trim());
            }
        } else {
            out.extend(current.take());
        }
    }
    out.extend(current);
    out.into_iter()
        .map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn readme_ebnf_is_the_grammar_comments() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut code = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(root.join("src/grammar"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Each comment block is read on its own.
        let block: Vec<String> = text
            .lines()
            .map(|l| l.strip_prefix("// ").map(str::to_owned).unwrap_or_default())
            .collect();
        code.extend(rules(block.into_iter()));
    }
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let ebnf: Vec<String> = readme
        .split("```ebnf\n")
        .skip(1)
        .flat_map(|block| block.split("\n```").next().unwrap_or("").lines())
        .map(str::to_owned)
        .collect();
    let readme_rules = rules(ebnf.into_iter());
    let code: BTreeSet<String> = code.into_iter().collect();
    let only_code: Vec<_> = code.difference(&readme_rules).collect();
    let only_readme: Vec<_> = readme_rules.difference(&code).collect();
    assert!(
        only_code.is_empty() && only_readme.is_empty(),
        "README's EBNF and the comments in src/grammar differ:\nonly in the code:\n  {}\nonly in README:\n  {}",
        only_code
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  "),
        only_readme
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}
