//! Whole packages, built here, through [`read_saved_charts`].

use std::io::{Cursor, Write};

use sheetplot_model::saved_chart::{Cache, SavedKind};
use sheetplot_model::LegendPosition;

use super::*;

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A zip of `entries` (name, contents), stored uncompressed.
fn zip_of(entries: &[(String, String)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, contents) in entries {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(contents.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn relationships(targets: &[(&str, String)]) -> String {
    let list: String = targets
        .iter()
        .enumerate()
        .map(|(i, (kind, target))| {
            format!(
                r#"<Relationship Id="rId{}" Type="{REL}/{kind}" Target="{target}"/>"#,
                i + 1
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{list}</Relationships>"#
    )
}

/// A workbook of worksheets, each with a drawing of these charts (chart
/// part XML), named `Chart 1`, `Chart 2`, … in their drawing.
fn workbook(sheets: &[(&str, Vec<String>)]) -> Vec<u8> {
    let mut entries = vec![(
        "_rels/.rels".to_owned(),
        relationships(&[("officeDocument", "xl/workbook.xml".to_owned())]),
    )];
    let mut listed = String::new();
    let mut sheet_rels = Vec::new();
    let mut chart_number = 0;
    for (s, (name, charts)) in sheets.iter().enumerate() {
        let n = s + 1;
        listed.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        sheet_rels.push(("worksheet", format!("worksheets/sheet{n}.xml")));
        entries.push((
            format!("xl/worksheets/sheet{n}.xml"),
            r#"<worksheet><sheetData/><drawing r:id="rId1"/></worksheet>"#.to_owned(),
        ));
        entries.push((
            format!("xl/worksheets/_rels/sheet{n}.xml.rels"),
            relationships(&[("drawing", format!("../drawings/drawing{n}.xml"))]),
        ));
        let mut anchors = String::new();
        let mut drawing_rels = Vec::new();
        for (a, xml) in charts.iter().enumerate() {
            chart_number += 1;
            anchors.push_str(&format!(
                r#"<xdr:twoCellAnchor><xdr:graphicFrame><xdr:nvGraphicFramePr><xdr:cNvPr id="{}" name="Chart {}"/></xdr:nvGraphicFramePr><a:graphic><a:graphicData><c:chart xmlns:c="c" xmlns:r="{REL}" r:id="rId{}"/></a:graphicData></a:graphic></xdr:graphicFrame></xdr:twoCellAnchor>"#,
                a + 2,
                a + 1,
                a + 1
            ));
            drawing_rels.push(("chart", format!("../charts/chart{chart_number}.xml")));
            entries.push((format!("xl/charts/chart{chart_number}.xml"), xml.clone()));
        }
        entries.push((
            format!("xl/drawings/drawing{n}.xml"),
            format!(r#"<xdr:wsDr xmlns:xdr="x" xmlns:a="a">{anchors}</xdr:wsDr>"#),
        ));
        entries.push((
            format!("xl/drawings/_rels/drawing{n}.xml.rels"),
            relationships(&drawing_rels),
        ));
    }
    entries.push((
        "xl/workbook.xml".to_owned(),
        format!(r#"<workbook xmlns:r="{REL}"><sheets>{listed}</sheets></workbook>"#),
    ));
    entries.push((
        "xl/_rels/workbook.xml.rels".to_owned(),
        relationships(&sheet_rels),
    ));
    zip_of(&entries)
}

/// A column chart of one series on Data, with `title`.
fn column_chart(title: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><c:chartSpace xmlns:c="c" xmlns:a="a"><c:chart><c:title><c:tx><c:rich><a:p><a:r><a:t>{title}</a:t></a:r></a:p></c:rich></c:tx></c:title><c:plotArea><c:barChart><c:barDir val="col"/><c:ser><c:idx val="0"/><c:order val="0"/><c:val><c:numRef><c:f>Data!$B$2:$B$4</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="3"/><c:pt idx="0"><c:v>1</c:v></c:pt><c:pt idx="2"><c:v>3</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/></c:catAx><c:valAx><c:axId val="2"/><c:majorGridlines/></c:valAx></c:plotArea><c:legend/></c:chart></c:chartSpace>"#
    )
}

#[test]
fn what_is_not_a_package_of_charts_has_none() {
    assert_eq!(read_saved_charts(b""), SavedCharts::default());
    assert_eq!(read_saved_charts(b"a,b\n1,2\n"), SavedCharts::default());
    assert_eq!(
        read_saved_charts(b"PK\x03\x04 broken"),
        SavedCharts::default()
    );
    let notes = zip_of(&[("notes.txt".to_owned(), "hello".to_owned())]);
    assert_eq!(read_saved_charts(&notes), SavedCharts::default());
    assert_eq!(
        read_saved_charts(&workbook(&[("Data", vec![])])),
        SavedCharts::default()
    );
}

#[test]
fn charts_are_read_in_sheet_then_drawing_order() {
    let bytes = workbook(&[
        (
            "Summary",
            vec![column_chart("First"), column_chart("Second")],
        ),
        ("Data", vec![]),
        ("More", vec![column_chart("Third")]),
    ]);
    let saved = read_saved_charts(&bytes);
    assert_eq!(saved.refused, Vec::<String>::new());
    let read: Vec<_> = saved
        .charts
        .iter()
        .map(|c| (c.title.as_deref().unwrap(), c.sheet.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            ("First", "Summary"),
            ("Second", "Summary"),
            ("Third", "More")
        ]
    );
    let chart = &saved.charts[0];
    assert_eq!(chart.legend, Some(LegendPosition::Right));
    assert!(chart.y_axis.gridlines);
    let plot = &chart.plots[0];
    assert_eq!(plot.kind, SavedKind::Bar);
    let values = plot.series[0].values.as_ref().unwrap();
    assert_eq!(values.formula.as_deref(), Some("Data!$B$2:$B$4"));
    assert_eq!(
        values.range.as_ref().unwrap().sheet.as_deref(),
        Some("Data")
    );
    match &values.cache {
        Cache::Numbers { values, format } => {
            assert_eq!(values.len(), 3);
            assert!(values[1].is_nan());
            assert_eq!(format.as_deref(), Some("General"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_broken_chart_is_left_out_and_the_others_still_read() {
    let bytes = workbook(&[(
        "Summary",
        vec![
            "<c:chartSpace><c:chart>".to_owned(),
            column_chart("Fine"),
            "<notAChart/>".to_owned(),
            r#"<c:chartSpace><c:chart><c:plotArea/></c:chart></c:chartSpace>"#.to_owned(),
        ],
    )]);
    let saved = read_saved_charts(&bytes);
    assert_eq!(saved.charts.len(), 1);
    assert_eq!(saved.charts[0].title.as_deref(), Some("Fine"));
    assert_eq!(
        saved.refused,
        [
            "Chart “Chart 1” on Summary was left out: its XML does not parse (it ends inside an element).",
            "Chart “Chart 3” on Summary was left out: it is not a chart.",
            "Chart “Chart 4” on Summary was left out: it holds no plot sheetplot reads.",
        ]
    );
}

#[test]
fn at_most_so_many_charts_are_read() {
    let charts = vec![column_chart("Again"); MAX_CHARTS + 3];
    let saved = read_saved_charts(&workbook(&[("Summary", charts)]));
    assert_eq!(saved.charts.len(), MAX_CHARTS);
    assert_eq!(
        saved.refused,
        ["3 more charts were left out: sheetplot reads at most 256 charts of a workbook."]
    );
}

#[test]
fn a_chart_naming_more_cells_than_a_sheet_holds_is_left_out() {
    let huge = column_chart("Huge").replace("Data!$B$2:$B$4", "Data!$A$1:$XFD$1048576");
    let twenty_columns = column_chart("Twenty").replace("Data!$B$2:$B$4", "Data!$A:$T");
    let saved = read_saved_charts(&workbook(&[("Summary", vec![huge, twenty_columns])]));
    assert_eq!(saved.charts.len(), 1);
    assert_eq!(
        saved.refused,
        [
            "Chart “Chart 1” on Summary was left out: it names Data!$A$1:$XFD$1048576, \
          17,179,869,184 cells, more than the 20,971,520 sheetplot reads."
        ]
    );
}

#[test]
fn drawings_pass_over_what_older_versions_are_shown() {
    let drawing = r#"<xdr:wsDr><mc:AlternateContent><mc:Choice Requires="cx1"><xdr:graphicFrame><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Waterfall"/></xdr:nvGraphicFramePr><cx:chart r:id="rId1"/></xdr:graphicFrame></mc:Choice><mc:Fallback><xdr:sp><xdr:nvSpPr><xdr:cNvPr id="3" name="Fallback"/></xdr:nvSpPr><c:chart r:id="rId9"/></xdr:sp></mc:Fallback></mc:AlternateContent><xdr:graphicFrame><xdr:cNvPr id="4" name=""/><c:chart r:id="rId2"/></xdr:graphicFrame></xdr:wsDr>"#;
    let (anchors, broken) = chart_anchors(drawing);
    assert_eq!(broken, None);
    assert_eq!(
        anchors,
        [
            Anchor {
                name: Some("Waterfall".into()),
                id: "rId1".into()
            },
            Anchor {
                name: None,
                id: "rId2".into()
            }
        ]
    );
    let (anchors, broken) = chart_anchors(r#"<wsDr><c:chart r:id="rId1"/><oops></wsDr>"#);
    assert_eq!(anchors.len(), 1);
    assert!(broken.is_some());
}

#[test]
fn numbers_read_with_thousands_separators() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1_000), "1,000");
    assert_eq!(thousands(20_971_520), "20,971,520");
    assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
}
