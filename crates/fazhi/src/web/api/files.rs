//! Files attached to a record over JSON: the body is the file, its name is a query parameter
//! (no multipart for API clients); listing answers the stored attachments.

use serde::Deserialize;

/// The attached file's name.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FileParams {
    /// e.g. 2023年第3次党委会纪要.pdf, 现场照片1.jpg
    pub name: String,
}
