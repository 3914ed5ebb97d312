//! sitrep's HTTP face: a JSON API over a [`Store`], read-only unless given an
//! [`Ingest`], and a web UI served by the same binary.
//!
//! # Brief overview
//! - [`router`] builds the axum `Router`: `/api/...` endpoints (listed once in
//!   [`ENDPOINTS`], from which `/api/openapi.json` is generated) and the UI under `/`.
//! - [`StorePool`] hands each request a store connection on a blocking thread; stores are
//!   `Send` but not `Sync`, and reads scale with one connection per worker, up to a bound
//!   near the core count.
//! - [`router_with`] adds `POST /api/ingest` when given an [`Ingest`]: bearer-token
//!   auth, its own body and time limits, and the engine `sitrep ingest` uses, so an
//!   article posted twice, or posted and also ingested from a file, is stored once.
//! - [`serve`] binds an address and runs until Ctrl-C.
//!
//! # Design choice: the store's rows are the API's JSON
//! The store already returns serialisable rows with character offsets, which is what
//! `sitrep ... --json` prints. The API wraps them in pages (`items`, `limit`, `offset`)
//! rather than defining a second set of shapes that could drift from the CLI's.
#![deny(missing_docs)]

mod api;
mod ingest;
mod openapi;

use std::net::SocketAddr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use sitrep_store::{Store, StoreError};

pub use api::ApiError;
pub use ingest::Ingest;
pub use openapi::{openapi, ENDPOINTS, INGEST_ENDPOINT};

/// Opens a new store connection; called when the pool has no idle one.
pub type OpenStore = Arc<dyn Fn() -> Result<Box<dyn Store>, StoreError> + Send + Sync>;

/// A bounded pool of store connections.
pub struct StorePool {
    open: OpenStore,
    max: usize,
    state: Mutex<PoolState>,
    freed: Condvar,
}

struct PoolState {
    idle: Vec<Box<dyn Store>>,
    open: usize,
}

/// A connection taken from the pool; dropping it gives it back, even on a panic.
struct Lease<'p> {
    pool: &'p StorePool,
    store: Option<Box<dyn Store>>,
}

impl Lease<'_> {
    fn store(&self) -> &dyn Store {
        // `store` is only taken in `drop`.
        self.store
            .as_deref()
            .expect("a lease holds its connection until dropped")
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            self.pool.state().idle.push(store);
            self.pool.freed.notify_one();
        }
    }
}

impl StorePool {
    /// A pool that opens connections with `open`, at most twice the cores (at least 4):
    /// queries are CPU-bound, and more connections than that only add switching (and,
    /// on PostgreSQL, server processes competing for the same cores).
    pub fn new(open: OpenStore) -> StorePool {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        StorePool::with_max(open, (2 * cores).max(4))
    }

    /// A pool of at most `max` connections (at least 1); requests beyond that wait for
    /// one to be given back.
    pub fn with_max(open: OpenStore, max: usize) -> StorePool {
        StorePool {
            open,
            max: max.max(1),
            state: Mutex::new(PoolState {
                idle: Vec::new(),
                open: 0,
            }),
            freed: Condvar::new(),
        }
    }

    fn state(&self) -> MutexGuard<'_, PoolState> {
        // The state is a list and a count, consistent after every statement.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn take(&self) -> Result<Lease<'_>, StoreError> {
        let mut st = self.state();
        loop {
            if let Some(store) = st.idle.pop() {
                return Ok(Lease {
                    pool: self,
                    store: Some(store),
                });
            }
            if st.open < self.max {
                st.open += 1;
                drop(st);
                return match (self.open)() {
                    Ok(store) => Ok(Lease {
                        pool: self,
                        store: Some(store),
                    }),
                    Err(e) => {
                        self.state().open -= 1;
                        self.freed.notify_one();
                        Err(e)
                    }
                };
            }
            st = self.freed.wait(st).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Runs `f` with a connection, waiting for one when all are in use.
    pub fn with<R>(
        &self,
        f: impl FnOnce(&dyn Store) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let lease = self.take()?;
        f(lease.store())
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

/// The read-only API and UI router; `POST /api/ingest` answers 403.
pub fn router(pool: Arc<StorePool>, limits: Limits) -> Router {
    router_with(pool, limits, None)
}

/// Time the ingest route allows beyond [`Ingest::time`] for receiving the body and
/// finishing the batch in hand, before it answers 408 without a report.
const INGEST_GRACE: Duration = Duration::from_secs(60);

/// The API and UI router, accepting `POST /api/ingest` when `ingest` is given.
pub fn router_with(pool: Arc<StorePool>, limits: Limits, ingest: Option<Ingest>) -> Router {
    use axum::extract::DefaultBodyLimit;
    use axum::routing::post;
    use tower_http::limit::RequestBodyLimitLayer;
    use tower_http::timeout::TimeoutLayer;
    let write = match ingest {
        None => Router::new().route(INGEST_ENDPOINT.0, post(ingest::read_only)),
        Some(ingest) => {
            let (body, time) = (ingest.body_bytes, ingest.time);
            let ingest = Arc::new(ingest);
            Router::new()
                .route(INGEST_ENDPOINT.0, post(ingest::ingest))
                .layer(DefaultBodyLimit::disable())
                .layer(RequestBodyLimitLayer::new(body))
                .layer(TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    time + INGEST_GRACE,
                ))
                // Outermost, so a request without the token is refused before its body
                // is read.
                .layer(axum::middleware::from_fn_with_state(
                    ingest.clone(),
                    ingest::authorize,
                ))
                .with_state(ingest)
        }
    };
    Router::new()
        .route("/", get(api::index))
        .route("/ui/app.js", get(api::app_js))
        .route("/ui/style.css", get(api::style_css))
        .route("/api/openapi.json", get(api::openapi_json))
        .route("/api/articles", get(api::articles))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/events", get(api::events))
        .route("/api/quotes", get(api::quotes))
        .route("/api/places", get(api::places))
        .route("/api/actors", get(api::actors))
        .route("/api/dyads/{src}/{tgt}/series", get(api::series))
        .route("/api/stats", get(api::stats))
        .with_state(pool)
        .layer(RequestBodyLimitLayer::new(limits.body_bytes))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.timeout,
        ))
        .merge(write)
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use sitrep_store::SqliteStore;

    use super::*;

    #[test]
    fn pool_opens_at_most_max_connections_and_survives_failures() {
        let opened = Arc::new(AtomicUsize::new(0));
        let fail_next = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let (o, f) = (opened.clone(), fail_next.clone());
        let open: OpenStore = Arc::new(move || {
            if f.swap(false, Ordering::SeqCst) {
                return Err(StoreError::SchemaTooNew { found: 9, known: 1 });
            }
            o.fetch_add(1, Ordering::SeqCst);
            Ok(Box::new(SqliteStore::open_in_memory()?) as Box<dyn Store>)
        });
        let pool = StorePool::with_max(open, 2);
        // A failed open gives its slot back.
        assert!(pool.with(|s| s.counts()).is_err());
        let (busy, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|sc| {
            for _ in 0..8 {
                sc.spawn(|| {
                    pool.with(|s| {
                        let now = busy.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(20));
                        busy.fetch_sub(1, Ordering::SeqCst);
                        s.counts()
                    })
                    .unwrap();
                });
            }
        });
        assert_eq!(opened.load(Ordering::SeqCst), 2);
        assert_eq!(peak.load(Ordering::SeqCst), 2);
    }
}
