use crate::LedgerError;

/// A ledger file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// From an uploaded file's name, by its extension (case-insensitive).
    pub fn from_file_name(name: &str) -> Result<Format, LedgerError> {
        let ext = name
            .rsplit_once('.')
            .map(|(_, ext)| ext.trim().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "csv" | "txt" => Ok(Format::Csv),
            // .xlsm is the same container with macros, which calamine ignores.
            "xlsx" | "xlsm" => Ok(Format::Xlsx),
            _ => Err(LedgerError::UnsupportedFormat(name.to_owned())),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    /// The MIME type for downloads.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// One column of a ledger: its Chinese header, whether it must be present, and what to write in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub required: bool,
    /// Allowed values or format, in Chinese; shown in the template's notes sheet.
    pub help: &'static str,
}

impl ColumnSpec {
    pub const fn required(name: &'static str, help: &'static str) -> Self {
        ColumnSpec {
            name,
            required: true,
            help,
        }
    }

    pub const fn optional(name: &'static str, help: &'static str) -> Self {
        ColumnSpec {
            name,
            required: false,
            help,
        }
    }
}

/// A ledger's layout: which columns exist and which must be there.
///
/// "Required" is about the header: a required column must exist. Whether a cell may be blank is
/// the importer's rule (a required column's cells usually may not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerSpec {
    /// The command-line and URL name, e.g. `disputes`.
    pub key: &'static str,
    /// The Chinese name, e.g. 纠纷台账; also the worksheet and download name.
    pub name: &'static str,
    pub columns: &'static [ColumnSpec],
}

impl LedgerSpec {
    pub fn column(&self, name: &str) -> Option<&'static ColumnSpec> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn column_names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }

    pub fn required_columns(&self) -> impl Iterator<Item = &'static ColumnSpec> {
        self.columns.iter().filter(|c| c.required)
    }
}
