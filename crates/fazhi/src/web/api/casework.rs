//! What the case registers' JSON handlers share (disputes, consultations, legal aid): the
//! query of a logged full view, and one handler shape for a step posted to a record.

use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ShowParams {
    /// `true` to show full ID numbers and phones (roles that handle cases only; logged).
    pub reveal: Option<bool>,
}

/// `POST <path>` with a JSON `$input` to record `{id}`: `$service(app, caller, id, input)`,
/// answered by `$answer` of its result; documented per step (`$doc`, `responses`).
macro_rules! post_step {
    ($name:ident, $path:literal, $tag:literal, $doc:literal, $input:ident, $service:path,
        $answer:expr => $out:ty, responses($($responses:tt)*)) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = $tag, params(("id" = i64, Path)),
            request_body = $input, responses($($responses)*), security(("bearer" = [])))]
        pub async fn $name(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::ApiUser(session): $crate::web::session::ApiUser,
            $crate::web::extract::ApiPath(id): $crate::web::extract::ApiPath<i64>,
            $crate::web::extract::ApiJson(input): $crate::web::extract::ApiJson<$input>,
        ) -> $crate::error::AppResult<$out> {
            let done = $service(&app, &session.caller, id, input).await?;
            let answer = $answer;
            Ok(answer(done))
        }
    };
}
pub(crate) use post_step;
