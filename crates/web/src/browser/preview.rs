//! The data preview: the first rows of the chosen sheet as a table, with
//! each column's detected type, so a person can check what was read. Its
//! markup (text escaped, never markup of the workbook's) is
//! [`crate::markup::preview`]'s, set in one call.

use sheetplot_model::Sheet;

use super::dom::Dom;
use crate::markup;

pub fn show(dom: &Dom, sheet: &Sheet) {
    let preview = markup::preview(sheet);
    dom.preview_caption.set_text_content(Some(&preview.caption));
    dom.preview.set_inner_html(&preview.table);
}
