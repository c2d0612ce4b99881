//! A chart part as a small tree of elements, built with quick-xml under
//! limits, so that what is kept stays proportional to what a chart draws
//! and a hostile part is refused before it costs time or memory.
//!
//! Elements are named by their local names (`c:ser` and `ser` alike):
//! writers choose their own prefixes, and the charts are read by walking
//! from parent to child, where the names do not collide. Subtrees that
//! only say how text and labels look, extensions and print settings are
//! skipped whole. The points of a cache (`c:pt`, `cx:pt`) are kept as a
//! list on their cache rather than as elements: they are most of a big
//! chart, and each needs only its index and its text.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Deepest nesting read: real charts nest about 15 levels.
pub const MAX_DEPTH: usize = 64;
/// Most elements kept (beyond points): a chart keeps a few hundred.
pub const MAX_ELEMENTS: usize = 200_000;
/// Most points kept on one cache, Excel's row count.
pub const MAX_CACHE_POINTS: usize = 1_048_576;

/// Subtrees nothing is read from: text and label formatting, extensions,
/// alternative content for other versions, print settings, decorations.
const SKIPPED: &[&str] = &[
    "AlternateContent",
    "bodyPr",
    "dLbl",
    "dLbls",
    "dPt",
    "effectLst",
    "errBars",
    "extLst",
    "legendEntry",
    "lstStyle",
    "pPr",
    "printSettings",
    "rPr",
    "trendline",
    "txPr",
    "userShapes",
];

/// One element: its local name, attributes (by local name), children in
/// order, its own text, and the cache points directly inside it.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
    pub points: Vec<Point>,
}

/// A cache point: its `idx` (`None` when missing or not a number) and the
/// text of its `c:v` (or, in chartex, its own text).
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub index: Option<u64>,
    pub text: String,
}

/// Why a part could not become a tree, as the end of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeError {
    TooDeep,
    TooManyElements,
    TooManyPoints,
    Malformed(String),
}

impl TreeError {
    /// Why the chart was left out ("its XML nests deeper than 64 levels").
    pub fn reason(&self) -> String {
        match self {
            TreeError::TooDeep => format!("its XML nests deeper than {MAX_DEPTH} levels"),
            TreeError::TooManyElements => format!(
                "its XML holds more than {} elements",
                super::thousands(MAX_ELEMENTS as u64)
            ),
            TreeError::TooManyPoints => format!(
                "a series caches more than the {} points sheetplot reads",
                super::thousands(MAX_CACHE_POINTS as u64)
            ),
            TreeError::Malformed(why) => format!("its XML does not parse ({why})"),
        }
    }
}

impl Element {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The children named `name`, in order.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The element at the end of a path of child names.
    pub fn at(&self, path: &[&str]) -> Option<&Element> {
        path.iter()
            .try_fold(self, |element, name| element.child(name))
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The `val` attribute, which most DrawingML settings are told by.
    pub fn val(&self) -> Option<&str> {
        self.attribute("val")
    }

    /// A DrawingML boolean (`CT_Boolean`): `val` of 1 or true, and a
    /// missing `val` is true too, as the schema defaults it.
    pub fn flag(&self) -> bool {
        matches!(self.val().map(str::trim), None | Some("1" | "true"))
    }

    /// The `val` of child `name`, as a number.
    pub fn number_at(&self, name: &str) -> Option<f64> {
        self.child(name)?.val()?.trim().parse().ok()
    }
}

/// A `c:pt` being read.
struct OpenPoint {
    depth: usize,
    index: Option<u64>,
    text: String,
    value: ValueElement,
}

/// Where a point is with its `c:v`, whose text is the point's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ValueElement {
    /// None seen: a chartex point's own text is its value.
    NotYet,
    /// Inside it, at this depth.
    At(usize),
    /// Closed: any later text is not the point's.
    Done,
}

/// Where the builder is: the open elements kept, and what it is skipping.
struct Builder {
    open: Vec<Element>,
    depth: usize,
    /// Skipping a subtree that began at this depth.
    skipping: Option<usize>,
    point: Option<OpenPoint>,
    /// Elements kept so far, against [`MAX_ELEMENTS`].
    kept: usize,
    root: Option<Element>,
}

/// Builds the tree of the XML document in `text`, within the limits.
pub fn parse(text: &str) -> Result<Element, TreeError> {
    let mut reader = Reader::from_str(text);
    let mut builder = Builder {
        open: Vec::new(),
        depth: 0,
        skipping: None,
        point: None,
        kept: 0,
        root: None,
    };
    loop {
        let event = reader.read_event().map_err(|e| malformed(&e))?;
        match event {
            Event::Start(ref e) => builder.start(e, false)?,
            Event::Empty(ref e) => builder.start(e, true)?,
            Event::End(_) => builder.end()?,
            Event::Text(ref t) => builder.text(&t.xml10_content()),
            Event::CData(ref t) => builder.text(&t.xml10_content()),
            Event::GeneralRef(ref r) => {
                let name = r.xml10_content();
                if let Some(resolved) = quick_xml::escape::resolve_xml_entity(&name) {
                    builder.text(resolved);
                } else if let Some(c) = r.resolve_char_ref().map_err(|e| malformed(&e))? {
                    builder.text(c.encode_utf8(&mut [0; 4]));
                } else {
                    return Err(TreeError::Malformed(format!("unknown entity &{name};")));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if builder.depth > 0 {
        return Err(TreeError::Malformed("it ends inside an element".to_owned()));
    }
    builder
        .root
        .ok_or_else(|| TreeError::Malformed("it holds no element".to_owned()))
}

fn malformed(error: &dyn std::fmt::Display) -> TreeError {
    TreeError::Malformed(error.to_string())
}

impl Builder {
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), TreeError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(TreeError::TooDeep);
        }
        let name = e.local_name();
        let name = name.as_ref();
        if self.skipping.is_none() && self.root.is_some() {
            // A second root: quick-xml does not check documents have one.
            return Err(TreeError::Malformed("it has two root elements".to_owned()));
        }
        if self.skipping.is_some() {
            // Inside a skipped subtree: only the depth counts.
        } else if let Some(point) = self.point.as_mut() {
            if name == "v" && point.value == ValueElement::NotYet {
                // The value's text, not the space around it, is the point's.
                point.text.clear();
                point.value = ValueElement::At(self.depth);
            }
        } else if SKIPPED.contains(&name) {
            self.skipping = Some(self.depth);
        } else if name == "pt" && !self.open.is_empty() {
            self.point = Some(OpenPoint {
                depth: self.depth,
                index: attributes(e)?
                    .into_iter()
                    .find(|(key, _)| key == "idx")
                    .and_then(|(_, value)| point_index(&value)),
                text: String::new(),
                value: ValueElement::NotYet,
            });
        } else {
            self.kept += 1;
            if self.kept > MAX_ELEMENTS {
                return Err(TreeError::TooManyElements);
            }
            self.open.push(Element {
                name: name.to_owned(),
                attributes: attributes(e)?,
                ..Element::default()
            });
        }
        if empty {
            self.end()?;
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), TreeError> {
        let depth = self.depth;
        self.depth = depth.saturating_sub(1);
        if let Some(start) = self.skipping {
            if start == depth {
                self.skipping = None;
            }
            return Ok(());
        }
        if let Some(point) = self.point.as_mut() {
            if point.value == ValueElement::At(depth) {
                point.value = ValueElement::Done;
            }
            if point.depth == depth {
                let point = self.point.take().expect("a point is open");
                let cache = self.open.last_mut().expect("a point sits in an element");
                if cache.points.len() >= MAX_CACHE_POINTS {
                    return Err(TreeError::TooManyPoints);
                }
                cache.points.push(Point {
                    index: point.index,
                    text: point.text,
                });
            }
            return Ok(());
        }
        let Some(element) = self.open.pop() else {
            return Ok(());
        };
        match self.open.last_mut() {
            Some(parent) => parent.children.push(element),
            None => self.root = Some(element),
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        if self.skipping.is_some() {
            return;
        }
        if let Some(point) = self.point.as_mut() {
            // The text of `c:v`, or a chartex point's own text.
            let own = match point.value {
                ValueElement::At(depth) => depth == self.depth,
                ValueElement::NotYet => point.depth == self.depth,
                ValueElement::Done => false,
            };
            if own {
                point.text.push_str(text);
            }
            return;
        }
        if let Some(element) = self.open.last_mut() {
            element.text.push_str(text);
        }
    }
}

/// A point's `idx`: digits, saturating (so an absurd index is refused as
/// too large rather than skipped); `None` for anything else.
fn point_index(text: &str) -> Option<u64> {
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// An element's attributes by local name, leaving out namespace
/// declarations.
fn attributes(e: &BytesStart<'_>) -> Result<Vec<(String, String)>, TreeError> {
    let mut out = Vec::new();
    for attribute in e.attributes() {
        let attribute = attribute.map_err(|e| malformed(&e))?;
        let key = attribute.key.as_ref();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| malformed(&e))?;
        out.push((
            attribute.key.local_name().as_ref().to_owned(),
            value.into_owned(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_keep_their_local_names_attributes_and_text() {
        let root = parse(
            r#"<?xml version="1.0"?><c:chartSpace xmlns:c="urn:c"><c:tx><c:v>A &amp; B&#33;</c:v></c:tx><c:barDir val="bar"/></c:chartSpace>"#,
        )
        .unwrap();
        assert_eq!(root.name, "chartSpace");
        assert_eq!(root.at(&["tx", "v"]).unwrap().text, "A & B!");
        assert_eq!(root.child("barDir").unwrap().val(), Some("bar"));
    }

    #[test]
    fn points_are_kept_on_their_cache() {
        let root = parse(
            r#"<numCache><ptCount val="3"/><pt idx="2"><v>5</v></pt><pt idx="x"><v>1</v></pt><pt><v>7</v></pt><pt idx="99999999999999999999999"><v>1</v></pt></numCache>"#,
        )
        .unwrap();
        let indices: Vec<_> = root.points.iter().map(|p| p.index).collect();
        assert_eq!(indices, [Some(2), None, None, Some(u64::MAX)]);
        assert_eq!(root.points[0].text, "5");
        assert_eq!(root.children.len(), 1);
        // Chartex points hold their text themselves.
        let lvl = parse(r#"<lvl ptCount="1"><pt idx="0">Start</pt></lvl>"#).unwrap();
        assert_eq!(lvl.points[0].text, "Start");
    }

    #[test]
    fn skipped_subtrees_are_not_kept() {
        let root =
            parse("<ser><txPr><p><r><t>x</t></r></p></txPr><order val=\"1\"/></ser>").unwrap();
        assert_eq!(root.children.len(), 1);
        assert_eq!(root.children[0].name, "order");
    }

    #[test]
    fn limits_are_refused() {
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(parse(&deep).unwrap_err(), TreeError::TooDeep);
        let fits = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(&fits).is_ok());
        // Deep inside a skipped subtree counts too.
        let hidden = format!(
            "<a><extLst>{}</extLst></a>",
            "<b/>".repeat(3) + &"<c>".repeat(70)
        );
        assert_eq!(parse(&hidden).unwrap_err(), TreeError::TooDeep);
        let wide = format!("<a>{}</a>", "<b/>".repeat(MAX_ELEMENTS + 1));
        assert_eq!(parse(&wide).unwrap_err(), TreeError::TooManyElements);
    }

    #[test]
    fn broken_xml_is_malformed() {
        for bad in ["", "<a><b></a>", "<a>", "<a/><b/>", "<a>&nosuch;</a>"] {
            assert!(
                matches!(parse(bad), Err(TreeError::Malformed(_))),
                "{bad}: {:?}",
                parse(bad)
            );
        }
    }
}
