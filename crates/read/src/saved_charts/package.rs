//! The parts of an Office Open XML package (a zip) that lead from the
//! workbook to its charts, and the relationships between them.
//!
//! Every part is read through a limit (`Read::take`), whatever size the
//! zip declares, so an entry that inflates to gigabytes costs at most the
//! limit. Part names are matched as OPC matches them: without case, and
//! with `\` read as `/`, as some writers name them.

use std::collections::HashMap;
use std::io::Read;

use crate::read_at::ReadAt;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// An open package: the zip, and its entries by normalised name.
pub struct Package<'a> {
    archive: zip::ZipArchive<crate::Counting<'a>>,
    entries: HashMap<String, usize>,
}

/// Why a part could not be read, as the end of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartError {
    Missing(String),
    TooLarge { name: String, limit: usize },
    Unreadable { name: String, why: String },
}

impl PartError {
    pub fn reason(&self) -> String {
        match self {
            PartError::Missing(name) => format!("its part {name} is missing"),
            PartError::TooLarge { name, limit } => format!(
                "its part {name} is larger than the {} MB sheetplot reads",
                limit / (1024 * 1024)
            ),
            PartError::Unreadable { name, why } => {
                format!("its part {name} could not be unzipped ({why})")
            }
        }
    }
}

/// One relationship of a part: its id, its type's last segment
/// (`worksheet`, `drawing`, `chart`, `chartEx`, `theme`, …, the same in
/// transitional and strict packages) and the part it targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub id: String,
    pub kind: String,
    pub target: String,
}

/// A part name as looked up: `/` separators, no leading `/`, lower case.
fn normalised(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_lowercase()
}

impl<'a> Package<'a> {
    /// The package in `bytes`; `None` when it is not a zip.
    /// The package `source` holds, read where the zip reader asks.
    pub fn open<S: ReadAt + ?Sized>(source: &'a S) -> Option<Package<'a>> {
        let archive = zip::ZipArchive::new(crate::counting_at(source, 0, &|_| {})).ok()?;
        let entries = archive
            .file_names()
            .enumerate()
            .filter_map(|(index, name)| Some((normalised(&name.ok()?), index)))
            .collect();
        Some(Package { archive, entries })
    }

    pub fn has(&self, name: &str) -> bool {
        self.entries.contains_key(&normalised(name))
    }

    /// The bytes of part `name`, at most `limit` of them.
    pub fn read(&mut self, name: &str, limit: usize) -> Result<Vec<u8>, PartError> {
        let index = *self
            .entries
            .get(&normalised(name))
            .ok_or_else(|| PartError::Missing(name.to_owned()))?;
        let unreadable = |why: &dyn std::fmt::Display| PartError::Unreadable {
            name: name.to_owned(),
            why: why.to_string(),
        };
        let too_large = || PartError::TooLarge {
            name: name.to_owned(),
            limit,
        };
        let entry = self.archive.by_index(index).map_err(|e| unreadable(&e))?;
        if entry.size() > limit as u64 {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        entry
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(&e))?;
        if bytes.len() > limit {
            return Err(too_large());
        }
        Ok(bytes)
    }

    /// Part `name` as text, at most `limit` bytes of it.
    pub fn read_text(&mut self, name: &str, limit: usize) -> Result<String, PartError> {
        self.read(name, limit).map(|bytes| decode(&bytes))
    }

    /// The relationships of part `name` (from `dir/_rels/file.rels`),
    /// their targets resolved to part names. External targets (another
    /// file, a web address) are left out. None when it has none.
    pub fn relationships(&mut self, name: &str) -> Vec<Relationship> {
        let (dir, file) = name.rsplit_once('/').unwrap_or(("", name));
        let rels = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Ok(text) = self.read_text(&rels, RELATIONSHIPS_LIMIT) else {
            return Vec::new();
        };
        parse_relationships(&text)
            .into_iter()
            .map(|r| Relationship {
                target: resolve(dir, &r.target),
                ..r
            })
            .collect()
    }
}

/// Largest relationships part read: real ones are a few kilobytes.
const RELATIONSHIPS_LIMIT: usize = 4 * 1024 * 1024;

/// XML bytes as text: UTF-8 (its byte-order mark dropped, bad bytes
/// replaced) or UTF-16 with a byte-order mark.
pub fn decode(bytes: &[u8]) -> String {
    let utf16 = |units: Vec<u16>| String::from_utf16_lossy(&units);
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(
            rest.chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect(),
        ),
        [0xFE, 0xFF, rest @ ..] => utf16(
            rest.chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect(),
        ),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// `target` relative to folder `dir` of the source part, as a part name:
/// `../charts/chart1.xml` from `xl/drawings` is `xl/charts/chart1.xml`,
/// and `/xl/x.xml` is from the package's root.
pub fn resolve(dir: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let mut segments: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => dir.split('/').filter(|s| !s.is_empty()).collect(),
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// The internal relationships of a `.rels` part, in order.
fn parse_relationships(text: &str) -> Vec<Relationship> {
    let mut reader = Reader::from_str(text);
    let mut out = Vec::new();
    // A relationships part that stops parsing keeps what came before.
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(ref e) | Event::Empty(ref e)
                if e.local_name().as_ref() == "Relationship" =>
            {
                let value = |name| attribute(e, name);
                if value("TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External")) {
                    continue;
                }
                if let (Some(id), Some(kind), Some(target)) =
                    (value("Id"), value("Type"), value("Target"))
                {
                    let kind = kind.rsplit('/').next().unwrap_or_default().to_owned();
                    out.push(Relationship { id, kind, target });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The value of attribute `name` (by local name: `r:id` is `id`).
pub fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_part() {
        assert_eq!(
            resolve("xl/drawings", "../charts/chart1.xml"),
            "xl/charts/chart1.xml"
        );
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl", "/xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
        assert_eq!(resolve("xl", "./a/../b.xml"), "xl/b.xml");
        assert_eq!(resolve("xl", "..\\..\\..\\x.xml"), "x.xml");
    }

    #[test]
    fn relationships_are_read_with_their_kinds() {
        let rels = parse_relationships(
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart1.xml"/><Relationship Id="rId2" Type="http://x/hyperlink" Target="https://example.com" TargetMode="External"/><Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2014/relationships/chartEx" Target="../charts/chartEx1.xml"/></Relationships>"#,
        );
        let kinds: Vec<_> = rels
            .iter()
            .map(|r| (r.id.as_str(), r.kind.as_str()))
            .collect();
        assert_eq!(kinds, [("rId1", "chart"), ("rId3", "chartEx")]);
    }

    #[test]
    fn text_is_decoded_from_its_byte_order_mark() {
        assert_eq!(decode(b"\xEF\xBB\xBF<a/>"), "<a/>");
        assert_eq!(decode(b"\xFF\xFE<\0a\0/\0>\0"), "<a/>");
        assert_eq!(decode(b"\xFE\xFF\0<\0a\0/\0>"), "<a/>");
    }
}
