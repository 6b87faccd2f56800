//! The register kit over JSON: every register on the kit gets the same four endpoints, declared
//! here once with their OpenAPI operations (`routes` and `document` read the same table):
//!
//! - `PATCH /api/v1/<register>/{id}`: a partial correction; the body names `version` (the
//!   version it is based on: another answers 409 `stale_version` and changes nothing), the
//!   fields to replace, and `reason` where the record's state makes the change a 更正;
//! - `POST …/{id}/withdraw` with `{"reason": …}` (作废): kept, counted nowhere;
//! - `POST …/{id}/restore` (administrators);
//! - `GET …/{id}/history`: the 修改记录.

use axum::extract::{FromRequest, Request, State};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{ContentBuilder, OpenApi, PathItem, Ref, RefOr, Required, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::revision::{self, HistoryEntry, Register};
use crate::service::Caller;
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::session::ApiUser;

/// A register on the kit, as the API serves it.
pub trait ApiRegister: Register<Record: ToSchema, Input: ToSchema> {
    /// Below `/api/v1`, e.g. `/publicity` (the paths of PRODUCT §8).
    const PATH: &'static str;
    /// The OpenAPI tag of the register's other operations.
    const TAG: &'static str;
    /// What one record is called, e.g. 宣传活动.
    const NOUN: &'static str;
    /// Whether `GET …/{id}` is the kit's (the record, masked as in lists); a register whose
    /// record page shows more (a logged reveal of personal data) serves its own.
    const GET: bool = true;
}

/// Something done for every register on the kit (mounting its routes, documenting them).
pub trait EachRegister {
    fn register<R: ApiRegister>(&mut self);
}

/// The registers on the kit: the one list the router and the OpenAPI document both read.
pub fn each_register(each: &mut impl EachRegister) {
    use crate::service::{
        committee_revisions as committees, consultation_revisions as consultations,
        dispute_revisions as disputes, duty_revisions as duty, legal_aid_revisions as legal_aid,
        publicity_revisions as publicity, screening_revisions as screening,
        study_revisions as study, training_revisions as trainings,
    };
    each.register::<disputes::Disputes>();
    each.register::<consultations::Consultations>();
    each.register::<legal_aid::LegalAid>();
    each.register::<screening::Rounds>();
    each.register::<screening::Reports>();
    each.register::<committees::Committees>();
    each.register::<committees::Mediators>();
    each.register::<trainings::Trainings>();
    each.register::<publicity::Events>();
    each.register::<duty::Items>();
    each.register::<study::Sessions>();
    each.register::<study::Exams>();
    each.register::<duty::Reports>();
    crate::registers::each_register(each);
}

/// Every kit register's routes.
pub fn router() -> Router<SharedApp> {
    struct Mount(Router<SharedApp>);
    impl EachRegister for Mount {
        fn register<R: ApiRegister>(&mut self) {
            self.0 = std::mem::take(&mut self.0).merge(routes::<R>());
        }
    }
    let mut mount = Mount(Router::new());
    each_register(&mut mount);
    mount.0
}

/// Every kit register's operations, added to `doc`.
pub fn document_all(doc: &mut OpenApi) {
    struct Document<'a>(&'a mut OpenApi);
    impl EachRegister for Document<'_> {
        fn register<R: ApiRegister>(&mut self) {
            document::<R>(self.0);
        }
    }
    each_register(&mut Document(doc));
}

/// Why a record is withdrawn.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    pub reason: String,
}

/// The four endpoints of register `R`.
pub fn routes<R: ApiRegister>() -> Router<SharedApp> {
    let one = format!("{}/{{id}}", R::PATH);
    let record = if R::GET {
        get(get_record::<R>).patch(patch_record::<R>)
    } else {
        patch(patch_record::<R>)
    };
    Router::new()
        .route(&one, record)
        .route(&format!("{one}/withdraw"), post(withdraw_record::<R>))
        .route(&format!("{one}/restore"), post(restore_record::<R>))
        .route(&format!("{one}/history"), get(record_history::<R>))
}

/// The JSON body, read only once the caller is known to be one who may write register `R`.
pub(crate) async fn body_of_writer<R: ApiRegister, T: DeserializeOwned>(
    caller: &Caller,
    request: Request,
) -> AppResult<T> {
    caller.require_write(R::AREA)?;
    Ok(ApiJson::<T>::from_request(request, &()).await?.0)
}

async fn get_record<R: ApiRegister>(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<R::Record>> {
    Ok(Json(revision::get::<R>(&app, &session.caller, id).await?))
}

async fn patch_record<R: ApiRegister>(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    request: Request,
) -> AppResult<Json<R::Record>> {
    let body = body_of_writer::<R, Map<String, Value>>(&session.caller, request).await?;
    Ok(Json(
        revision::patch::<R>(&app, &session.caller, id, body).await?,
    ))
}

async fn withdraw_record<R: ApiRegister>(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    request: Request,
) -> AppResult<Json<R::Record>> {
    let r = body_of_writer::<R, WithdrawRequest>(&session.caller, request).await?;
    let reason = r.reason;
    Ok(Json(
        revision::withdraw::<R>(&app, &session.caller, id, &reason).await?,
    ))
}

async fn restore_record<R: ApiRegister>(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<R::Record>> {
    Ok(Json(
        revision::restore::<R>(&app, &session.caller, id).await?,
    ))
}

async fn record_history<R: ApiRegister>(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Vec<HistoryEntry>>> {
    Ok(Json(
        revision::history_of::<R>(&app, &session.caller, id).await?,
    ))
}

/// Adds register `R`'s four operations, and the schemas they name, to the OpenAPI document.
pub fn document<R: ApiRegister>(doc: &mut OpenApi) {
    let one = format!("/api/v1{}/{{id}}", R::PATH);
    let record = schema_ref::<R::Record>(doc);
    let input = schema_ref::<R::Input>(doc);
    let history = schema_ref::<HistoryEntry>(doc);
    let error = schema_ref::<ErrorBody>(doc);
    let withdraw = schema_ref::<WithdrawRequest>(doc);
    let noun = R::NOUN;

    let patch_body = AllOfBuilder::new()
        .item(input)
        .item(
            ObjectBuilder::new()
                .property(
                    "version",
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .description(Some("修改所依据的版本号（记录的 version）")),
                )
                .required("version")
                .property(
                    "reason",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .description(Some("更正原因：修改已办结记录的内容时必填")),
                ),
        )
        .description(Some("只需列出要修改的字段，另加 version"))
        .build();
    let patch_body = RefOr::T(Schema::AllOf(patch_body));
    let array_of = |item: RefOr<Schema>| -> RefOr<Schema> {
        utoipa::openapi::schema::ArrayBuilder::new()
            .items(item)
            .build()
            .into()
    };
    let operation = |summary: String, body: Option<RefOr<Schema>>, ok: RefOr<Schema>| {
        let mut op = OperationBuilder::new()
            .tag(R::TAG)
            .summary(Some(summary))
            .parameter(
                ParameterBuilder::new()
                    .name("id")
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .schema(Some(i64::schema())),
            )
            .response("200", json_response("成功", ok));
        for (status, what) in [
            ("400", "输入有误"),
            ("403", "无权操作"),
            ("404", "记录不存在或不在本人范围内"),
            ("409", "版本已变（stale_version）或记录已作废（withdrawn）"),
        ] {
            op = op.response(status, json_response(what, error.clone()));
        }
        if let Some(body) = body {
            op = op.request_body(Some(
                RequestBodyBuilder::new()
                    .required(Some(Required::True))
                    .content(
                        "application/json",
                        ContentBuilder::new().schema(Some(body)).build(),
                    )
                    .build(),
            ));
        }
        op.security(SecurityRequirement::new("bearer", Vec::<String>::new()))
            .build()
    };
    let paths = &mut doc.paths;
    let mut edit = PathItem::new(
        HttpMethod::Patch,
        operation(
            format!("修改{noun}（部分字段，乐观锁）"),
            Some(patch_body),
            record.clone(),
        ),
    );
    if R::GET {
        edit.merge_operations(PathItem::new(
            HttpMethod::Get,
            operation(noun.to_owned(), None, record.clone()),
        ));
    }
    // A register serving its own `GET` documents it with its other operations.
    match paths.paths.get_mut(&one) {
        Some(item) => item.merge_operations(edit),
        None => {
            paths.paths.insert(one.clone(), edit);
        }
    }
    paths.paths.insert(
        format!("{one}/withdraw"),
        PathItem::new(
            HttpMethod::Post,
            operation(
                format!("作废{noun}（须填写原因）"),
                Some(withdraw),
                record.clone(),
            ),
        ),
    );
    paths.paths.insert(
        format!("{one}/restore"),
        PathItem::new(
            HttpMethod::Post,
            operation(format!("恢复已作废的{noun}（管理员）"), None, record),
        ),
    );
    paths.paths.insert(
        format!("{one}/history"),
        PathItem::new(
            HttpMethod::Get,
            operation(format!("{noun}的修改记录"), None, array_of(history)),
        ),
    );
}

fn json_response(description: &str, schema: RefOr<Schema>) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(schema)).build(),
        )
        .build()
}

/// A reference to `T`'s schema, registering it (and the schemas it names) in the document.
fn schema_ref<T: ToSchema>(doc: &mut OpenApi) -> RefOr<Schema> {
    let components = doc.components.get_or_insert_with(Default::default);
    let name = T::name().into_owned();
    let mut nested = Vec::new();
    T::schemas(&mut nested);
    for (n, s) in nested {
        components.schemas.entry(n).or_insert(s);
    }
    components
        .schemas
        .entry(name.clone())
        .or_insert_with(T::schema);
    Ref::from_schema_name(name).into()
}
