//! sitrep's HTTP face: a read-only JSON API over a [`Store`] and a web UI served by the
//! same binary, stories included (a story page with its timeline, summary, claims beside
//! their denials and each outlet's coverage).
//!
//! # Brief overview
//! - [`router`] builds the axum `Router`: `/api/...` endpoints (listed once in
//!   [`ENDPOINTS`], from which `/api/openapi.json` is generated) and the UI under `/`.
//! - [`StorePool`] hands each request a store connection on a blocking thread; stores are
//!   `Send` but not `Sync`, and SQLite reads scale with one connection per worker.
//! - [`serve`] binds an address and runs until Ctrl-C.
//!
//! # Design choice: the store's rows are the API's JSON
//! The store already returns serialisable rows with character offsets, which is what
//! `sitrep ... --json` prints. The API wraps them in pages (`items`, `limit`, `offset`)
//! rather than defining a second set of shapes that could drift from the CLI's.
#![deny(missing_docs)]

mod api;
mod openapi;
mod stories;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use sitrep_store::{Store, StoreError};

pub use api::ApiError;
pub use openapi::{openapi, ENDPOINTS};

/// Opens a new store connection; called when the pool has no idle one.
pub type OpenStore = Arc<dyn Fn() -> Result<Box<dyn Store>, StoreError> + Send + Sync>;

/// A small pool of store connections.
pub struct StorePool {
    open: OpenStore,
    idle: Mutex<Vec<Box<dyn Store>>>,
}

impl StorePool {
    /// A pool that opens connections with `open`.
    pub fn new(open: OpenStore) -> StorePool {
        StorePool {
            open,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Runs `f` with a connection, returning the connection to the pool afterwards.
    pub fn with<R>(
        &self,
        f: impl FnOnce(&dyn Store) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let taken = self.idle.lock().map(|mut idle| idle.pop()).unwrap_or(None);
        let store = match taken {
            Some(s) => s,
            None => (self.open)()?,
        };
        let out = f(store.as_ref());
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(store);
        }
        out
    }
}

/// Limits applied to every request.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest request body accepted, in bytes.
    pub body_bytes: usize,
    /// Longest a request may take before it is answered 408.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            body_bytes: 1 << 20,
            timeout: Duration::from_secs(10),
        }
    }
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The server stopped with an IO error.
    #[error("server stopped")]
    Io(#[from] std::io::Error),
}

/// The API and UI router.
pub fn router(pool: Arc<StorePool>, limits: Limits) -> Router {
    use tower_http::limit::RequestBodyLimitLayer;
    use tower_http::timeout::TimeoutLayer;
    Router::new()
        .route("/", get(api::index))
        .route("/ui/app.js", get(api::app_js))
        .route("/ui/style.css", get(api::style_css))
        .route("/ui/stories.js", get(api::stories_js))
        .route("/ui/stories.css", get(api::stories_css))
        .route("/api/openapi.json", get(api::openapi_json))
        .route("/api/articles", get(api::articles))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/events", get(api::events))
        .route("/api/quotes", get(api::quotes))
        .route("/api/places", get(api::places))
        .route("/api/actors", get(api::actors))
        .route("/api/dyads/{src}/{tgt}/series", get(api::series))
        .route("/api/stats", get(api::stats))
        .route("/api/stories", get(stories::stories))
        .route("/api/stories/{id}", get(stories::story))
        .with_state(pool)
        .layer(RequestBodyLimitLayer::new(limits.body_bytes))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.timeout,
        ))
}

/// Serves `router` on `addr` until Ctrl-C.
pub async fn serve(addr: SocketAddr, router: Router) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
