//! One error type for services and handlers: a stable machine-readable code, a Chinese message
//! saying what to do, and per-field messages for forms. Internal causes are logged, never shown.

use std::collections::BTreeMap;

use crate::storage::StorageError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    TooManyRequests,
    PayloadTooLarge,
    Internal,
}

#[derive(Debug)]
pub struct AppError {
    pub kind: ErrorKind,
    pub code: &'static str,
    pub message: String,
    pub fields: BTreeMap<String, String>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(kind: ErrorKind, code: &'static str, message: impl Into<String>) -> Self {
        AppError {
            kind,
            code,
            message: message.into(),
            fields: BTreeMap::new(),
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadRequest, code, message)
    }

    /// A form or body with field errors; `fields` maps field name → what to fix.
    pub fn invalid(fields: BTreeMap<String, String>) -> Self {
        let summary = if fields.len() == 1 {
            fields.values().next().cloned().unwrap_or_default()
        } else {
            format!("有 {} 处需要修改，请按提示更正后再提交", fields.len())
        };
        AppError {
            kind: ErrorKind::BadRequest,
            code: "validation_failed",
            message: summary,
            fields,
        }
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut fields = BTreeMap::new();
        fields.insert(field.to_owned(), message.into());
        Self::invalid(fields)
    }

    /// A record that cannot reach a state without a passing legality review (issue #16's gate):
    /// 409 `review_required`, saying which review is missing.
    pub fn review_required(e: fazhi_domain::review::ReviewRequired) -> Self {
        Self::new(ErrorKind::Conflict, "review_required", e.message)
    }

    pub fn not_found() -> Self {
        Self::new(
            ErrorKind::NotFound,
            "not_found",
            "找不到该记录，或您无权查看",
        )
    }

    pub fn unauthorized() -> Self {
        Self::new(ErrorKind::Unauthorized, "unauthorized", "请先登录")
    }

    pub fn forbidden() -> Self {
        Self::new(
            ErrorKind::Forbidden,
            "forbidden",
            "您的角色无权进行此操作，如需办理请联系系统管理员",
        )
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(
            ErrorKind::Internal,
            "internal_error",
            "系统内部错误，请稍后重试；如反复出现请联系系统管理员",
        )
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        for (field, msg) in &self.fields {
            if msg != &self.message {
                write!(f, "\n  {field}：{msg}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for AppError {}

/// Unique constraints the user can violate, and the field and message each maps to.
const CONFLICTS: &[(&str, &str, &str)] = &[
    (
        "orgs_code_key",
        "code",
        "该代码已被其他组织使用，请换一个代码",
    ),
    (
        "users_username_key",
        "username",
        "该用户名已被使用，请换一个用户名",
    ),
    (
        "disputes_town_id_case_no_key",
        "case_no",
        "该案件编号在本镇已存在，请换一个编号或留空自动生成",
    ),
    (
        "committees_org_id_name_key",
        "name",
        "该组织已有同名的调解委员会，请换一个名称",
    ),
    (
        "screening_reports_round_id_village_id_key",
        "village",
        "该村本轮已报告过",
    ),
];

impl From<StorageError> for AppError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NotFound => AppError::not_found(),
            StorageError::Conflict(name) => match CONFLICTS.iter().find(|(n, _, _)| *n == name) {
                Some((_, field, msg)) => {
                    let mut err = AppError::field(field, *msg);
                    err.kind = ErrorKind::Conflict;
                    err.code = "conflict";
                    err
                }
                None => AppError::new(ErrorKind::Conflict, "conflict", "与已有记录重复"),
            },
            StorageError::OrgInactive(name) => AppError::new(
                ErrorKind::Conflict,
                "org_inactive",
                format!(
                    "「{name}」已停用，不能再登记新记录（已有记录仍保留并照常统计）；\
                     如需登记，请由系统管理员在“组织管理”中重新启用"
                ),
            ),
            other => AppError::internal(other),
        }
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        AppError::internal(e)
    }
}
