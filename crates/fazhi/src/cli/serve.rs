//! `fazhi serve`: set up on first run, then serve until Ctrl-C or SIGTERM.

use std::net::SocketAddr;

use anyhow::Context;
use tracing_subscriber::EnvFilter;

use crate::app::SharedApp;
use crate::service::accounts;

pub async fn serve(app: SharedApp, bind: &str, demo: bool) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("FAZHI_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_target(false)
        .init();
    tracing::info!("附件存储：{}", app.config.attachments);
    if demo {
        if crate::service::demo::load(&app).await? {
            println!("已载入演示乡镇：乌苏市 › 西大沟镇（2023 年全年、2024 年 1–10 月）");
        }
        super::admin::print_demo_users();
    }
    if let Some(password) = accounts::bootstrap(&app).await? {
        println!("已创建管理员账户 admin，一次性密码：{password}");
        println!("请用它登录，并按提示立即修改密码。");
    }
    // Cases an interrupted import left out of the search index (service/words_queue.rs).
    crate::service::words_queue::catch_up_in_background(&app.db);
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("无法监听 {bind}：端口可能已被占用，请用 --bind 换一个地址"))?;
    println!("fazhi 已启动：http://{}", listener.local_addr()?);
    let router = crate::web::router(app.clone());
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("服务异常退出")?;
    app.db.close().await;
    println!("fazhi 已停止");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
