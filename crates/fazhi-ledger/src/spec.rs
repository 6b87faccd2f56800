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
    /// Other headers towns write for this column (排查日期 for 登记日期), read as this column.
    pub synonyms: &'static [&'static str],
    /// Whether a cell may hold several values (separated by 、), so that two file columns mapped
    /// to it are joined and a mapped cell may be split (张三与李四).
    pub multi: bool,
}

impl ColumnSpec {
    pub const fn required(name: &'static str, help: &'static str) -> Self {
        ColumnSpec {
            name,
            required: true,
            help,
            synonyms: &[],
            multi: false,
        }
    }

    pub const fn optional(name: &'static str, help: &'static str) -> Self {
        ColumnSpec {
            name,
            required: false,
            help,
            synonyms: &[],
            multi: false,
        }
    }

    /// The same column, also read under `synonyms`.
    pub const fn aka(self, synonyms: &'static [&'static str]) -> Self {
        ColumnSpec { synonyms, ..self }
    }

    /// The same column, holding several values separated by 、.
    pub const fn multi(self) -> Self {
        ColumnSpec {
            multi: true,
            ..self
        }
    }

    /// Whether `header` (already cleaned of spaces and markers) names this column.
    pub fn is_named(&self, header: &str) -> bool {
        self.name == header || self.synonyms.contains(&header)
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
    /// The column a header names: by its own name first, then by a synonym.
    pub fn column(&self, name: &str) -> Option<&'static ColumnSpec> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .or_else(|| self.columns.iter().find(|c| c.synonyms.contains(&name)))
    }

    pub fn column_names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }

    pub fn required_columns(&self) -> impl Iterator<Item = &'static ColumnSpec> {
        self.columns.iter().filter(|c| c.required)
    }
}

/// A clerk's mapping of a town's own headers onto a ledger's columns: each header read as a
/// column (joined with others mapped to the same multi-valued column, and optionally split, so
/// that 「张三与李四」 reads as two parties) or ignored. Saved per organisation as its ledger
/// profile and applied before the column names and synonyms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    entries: Vec<Mapped>,
}

/// One mapped header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    /// The header as the file writes it, cleaned of spaces and required-markers.
    pub header: String,
    /// The column it is read as; `None` when the column is ignored.
    pub column: Option<&'static str>,
    /// Whether the cell is split into several values at 与、及、；，/ (multi-valued columns).
    pub split: bool,
}

impl ColumnMap {
    /// From (header, column name or empty for 忽略, split) triples; a column the ledger does not
    /// have is an error naming it, and `split` only applies to a multi-valued column.
    pub fn from_entries<S: AsRef<str>>(
        spec: &LedgerSpec,
        entries: impl IntoIterator<Item = (S, S, bool)>,
    ) -> Result<ColumnMap, String> {
        let mut map = ColumnMap::default();
        for (header, target, split) in entries {
            let header = crate::read::header_name(header.as_ref());
            if header.is_empty() {
                continue;
            }
            let target = target.as_ref().trim();
            let column =
                match target {
                    "" | "忽略" => None,
                    name => Some(spec.column(name).ok_or_else(|| {
                        format!("{}没有「{name}」这一列，请从列表中选择", spec.name)
                    })?),
                };
            map.entries.retain(|m| m.header != header);
            map.entries.push(Mapped {
                header,
                column: column.map(|c| c.name),
                split: split && column.is_some_and(|c| c.multi),
            });
        }
        Ok(map)
    }

    pub fn get(&self, header: &str) -> Option<&Mapped> {
        self.entries.iter().find(|m| m.header == header)
    }

    pub fn entries(&self) -> &[Mapped] {
        &self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
