//! `sitrep bench http`: an open-loop HTTP load generator for loopback servers.
//!
//! Requests are scheduled at a fixed rate, request `i` at `start + i / rate`, whatever
//! the server does; each latency is measured from the scheduled time, not from when a
//! connection became free. A stalled server therefore shows up in every request that
//! should have been sent during the stall (no coordinated omission, as in wrk2).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::time::Instant;

/// Where to send requests: a loopback `http://` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    host: String,
    port: u16,
    path: String,
}

impl Target {
    /// Parses `http://HOST[:PORT]/PATH`; only loopback hosts are accepted, since the
    /// tool is for benchmarks on this machine, not for loading other people's servers.
    pub fn parse(url: &str) -> anyhow::Result<Target> {
        let Some(rest) = url.strip_prefix("http://") else {
            bail!("{url}: only http:// URLs are supported");
        };
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let port = |p: &str| -> anyhow::Result<u16> {
            p.parse().with_context(|| format!("{url}: bad port {p:?}"))
        };
        let (host, port) = match authority.strip_prefix('[') {
            Some(v6) => match v6.split_once(']') {
                Some((h, "")) => (h, 80),
                Some((h, p)) if p.starts_with(':') => (h, port(&p[1..])?),
                _ => bail!("{url}: bad IPv6 address"),
            },
            None => match authority.rsplit_once(':') {
                Some((h, p)) => (h, port(p)?),
                None => (authority, 80),
            },
        };
        let loopback = host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if !loopback {
            bail!("{url}: bench http only loads loopback addresses (127.0.0.1, ::1, localhost)");
        }
        Ok(Target {
            host: host.to_string(),
            port,
            path: if path.is_empty() { "/" } else { path }.to_string(),
        })
    }
}

/// How to load the target.
#[derive(Clone, Copy, Debug)]
pub struct Load {
    /// Requests per second.
    pub rate: f64,
    /// How long requests are scheduled for.
    pub duration: Duration,
    /// Connections (and requests in flight) at most.
    pub connections: usize,
    /// A request not answered within this counts as an error.
    pub timeout: Duration,
}

/// What a run measured. Latencies are in microseconds, from each scheduled send time.
#[derive(Debug, Default)]
pub struct Report {
    /// Requests scheduled.
    pub scheduled: u64,
    /// Latencies of the 2xx answers.
    pub latencies_us: Vec<u64>,
    /// Non-2xx answers.
    pub bad_status: u64,
    /// Connection errors, malformed answers and timeouts.
    pub io_errors: u64,
    /// Seconds from the first scheduled send to the last answer.
    pub elapsed_s: f64,
    /// The latest any request was actually sent after its scheduled time, in µs: large
    /// values mean every connection was busy (the server, or this tool, saturated).
    pub max_send_lag_us: u64,
}

impl Report {
    /// The `q`-quantile latency in milliseconds (nearest rank), `NaN` without answers.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        let mut v = self.latencies_us.clone();
        v.sort_unstable();
        if v.is_empty() {
            return f64::NAN;
        }
        let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
        v[rank - 1] as f64 / 1000.0
    }
}

/// One answer: its status, or why there was none.
async fn request(
    conn: &mut Option<BufReader<TcpStream>>,
    target: &Target,
    raw: &[u8],
) -> std::io::Result<u16> {
    if conn.is_none() {
        let s = TcpStream::connect((target.host.as_str(), target.port)).await?;
        s.set_nodelay(true)?;
        *conn = Some(BufReader::new(s));
    }
    let Some(c) = conn.as_mut() else {
        unreachable!("connected above")
    };
    c.get_mut().write_all(raw).await?;
    let (status, close) = read_response(c).await?;
    if close {
        *conn = None;
    }
    Ok(status)
}

fn bad(msg: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg.to_string())
}

/// Reads one HTTP/1.1 response (Content-Length or chunked body) and returns its status
/// and whether the server will close the connection.
async fn read_response<R: tokio::io::AsyncBufRead + Unpin>(
    r: &mut R,
) -> std::io::Result<(u16, bool)> {
    let mut line = String::new();
    if r.read_line(&mut line).await? == 0 {
        return Err(bad("connection closed before an answer"));
    }
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("not an HTTP status line"))?;
    let (mut length, mut chunked, mut close) = (None, false, false);
    loop {
        line.clear();
        if r.read_line(&mut line).await? == 0 {
            return Err(bad("connection closed in the headers"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let Some((name, value)) = l.split_once(':') else {
            return Err(bad("malformed header"));
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => {
                length = Some(
                    value
                        .parse::<u64>()
                        .map_err(|_| bad("bad Content-Length"))?,
                )
            }
            "transfer-encoding" => chunked = value.contains("chunked"),
            "connection" => close = value.contains("close"),
            _ => {}
        }
    }
    if chunked {
        loop {
            line.clear();
            r.read_line(&mut line).await?;
            let size = u64::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| bad("bad chunk size"))?;
            if size == 0 {
                // Trailers, then the empty line.
                loop {
                    line.clear();
                    if r.read_line(&mut line).await? == 0 || line.trim_end().is_empty() {
                        break;
                    }
                }
                break;
            }
            discard(r, size + 2).await?;
        }
    } else if let Some(n) = length {
        discard(r, n).await?;
    } else {
        // No length: the body runs to the end of the connection.
        tokio::io::copy(r, &mut tokio::io::sink()).await?;
        close = true;
    }
    Ok((status, close))
}

async fn discard<R: tokio::io::AsyncRead + Unpin>(r: &mut R, n: u64) -> std::io::Result<()> {
    let copied = tokio::io::copy(&mut r.take(n), &mut tokio::io::sink()).await?;
    if copied < n {
        return Err(bad("connection closed in the body"));
    }
    Ok(())
}

/// Per-worker tallies, merged at the end.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    bad_status: u64,
    io_errors: u64,
    last: Option<Instant>,
    max_lag_us: u64,
}

/// Runs the load on the current Tokio runtime and returns what it measured.
pub async fn run(target: &Target, load: Load) -> anyhow::Result<Report> {
    if load.rate.is_nan() || load.rate <= 0.0 || load.connections == 0 {
        bail!("rate and connections must be positive");
    }
    let total = (load.rate * load.duration.as_secs_f64()).floor() as u64;
    let host = if target.host.contains(':') {
        format!("[{}]", target.host)
    } else {
        target.host.clone()
    };
    let raw = Arc::new(
        format!(
            "GET {} HTTP/1.1\r\nHost: {host}:{}\r\nUser-Agent: sitrep-bench\r\nAccept: */*\r\n\r\n",
            target.path, target.port
        )
        .into_bytes(),
    );
    let next = Arc::new(AtomicU64::new(0));
    // A little head start so connection setup does not count against the first requests.
    let start = Instant::now() + Duration::from_millis(50);
    let interval = Duration::from_secs_f64(1.0 / load.rate);
    let mut workers = Vec::with_capacity(load.connections);
    for _ in 0..load.connections.min(total.max(1) as usize) {
        let (next, raw, target) = (next.clone(), raw.clone(), target.clone());
        let timeout = load.timeout;
        workers.push(tokio::spawn(async move {
            let mut t = Tally::default();
            let mut conn = None;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let due = start + interval.mul_f64(i as f64);
                tokio::time::sleep_until(due).await;
                let lag = Instant::now().saturating_duration_since(due);
                t.max_lag_us = t.max_lag_us.max(lag.as_micros() as u64);
                match tokio::time::timeout(timeout, request(&mut conn, &target, &raw)).await {
                    Ok(Ok(status)) if (200..300).contains(&status) => {
                        t.latencies_us.push(due.elapsed().as_micros() as u64)
                    }
                    Ok(Ok(_)) => t.bad_status += 1,
                    Ok(Err(_)) | Err(_) => {
                        t.io_errors += 1;
                        conn = None;
                    }
                }
                t.last = Some(Instant::now());
            }
            t
        }));
    }
    let mut report = Report {
        scheduled: total,
        ..Report::default()
    };
    let mut last = start;
    for w in workers {
        let t = w.await.context("a load worker panicked")?;
        report.latencies_us.extend(t.latencies_us);
        report.bad_status += t.bad_status;
        report.io_errors += t.io_errors;
        report.max_send_lag_us = report.max_send_lag_us.max(t.max_lag_us);
        last = last.max(t.last.unwrap_or(start));
    }
    report.elapsed_s = last.saturating_duration_since(start).as_secs_f64();
    Ok(report)
}

/// Parses `30s`, `2m`, `500ms` or plain seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| c.is_alphabetic()).unwrap_or(s.len()));
    let v: f64 = num
        .parse()
        .map_err(|_| format!("expected a duration such as 30s, 2m or 500ms, got {s:?}"))?;
    let secs = match unit {
        "" | "s" => v,
        "ms" => v / 1000.0,
        "m" => v * 60.0,
        _ => return Err(format!("unknown unit {unit:?} in {s:?}: use ms, s or m")),
    };
    if secs <= 0.0 || !secs.is_finite() {
        return Err(format!("{s:?} is not a positive duration"));
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    #[test]
    fn only_loopback_http_urls() {
        let t = Target::parse("http://127.0.0.1:8099/api/events?dyad=USA:JPN").unwrap();
        assert_eq!(
            (t.port, t.path.as_str()),
            (8099, "/api/events?dyad=USA:JPN")
        );
        assert_eq!(Target::parse("http://localhost").unwrap().path, "/");
        assert_eq!(Target::parse("http://[::1]:81/x").unwrap().host, "::1");
        assert_eq!(Target::parse("http://[::1]/x").unwrap().port, 80);
        assert!(Target::parse("http://example.org/").is_err());
        assert!(Target::parse("http://10.0.0.1:80/").is_err());
        assert!(Target::parse("https://127.0.0.1/").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("3h").is_err());
    }

    #[tokio::test]
    async fn reads_length_and_chunked_bodies_on_one_connection() {
        let raw = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello\
            HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n\
            HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        let mut r = BufReader::new(&raw[..]);
        assert_eq!(read_response(&mut r).await.unwrap(), (200, false));
        assert_eq!(read_response(&mut r).await.unwrap(), (404, false));
        assert_eq!(read_response(&mut r).await.unwrap(), (200, true));
        assert!(read_response(&mut r).await.is_err());
    }

    /// A keep-alive server answering each request after `delay(n)` for the n-th one.
    async fn server(delay: fn(u64) -> Duration) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let served = Arc::new(AtomicU64::new(0));
        tokio::spawn(async move {
            loop {
                let (s, _) = listener.accept().await.unwrap();
                let served = served.clone();
                tokio::spawn(async move {
                    let mut s = BufReader::new(s);
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if s.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            let n = served.fetch_add(1, Ordering::Relaxed);
                            tokio::time::sleep(delay(n)).await;
                            let body = r#"{"items":[]}"#;
                            let answer = format!(
                                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}",
                                body.len()
                            );
                            if s.get_mut().write_all(answer.as_bytes()).await.is_err() {
                                return;
                            }
                        }
                    }
                });
            }
        });
        port
    }

    fn load(rate: f64, secs: f64, connections: usize) -> Load {
        Load {
            rate,
            duration: Duration::from_secs_f64(secs),
            connections,
            timeout: Duration::from_secs(5),
        }
    }

    #[tokio::test]
    async fn sends_at_the_fixed_rate() {
        let port = server(|_| Duration::ZERO).await;
        let target = Target::parse(&format!("http://127.0.0.1:{port}/api/events")).unwrap();
        let r = run(&target, load(200.0, 1.0, 4)).await.unwrap();
        assert_eq!((r.scheduled, r.latencies_us.len() as u64), (200, 200));
        assert_eq!((r.bad_status, r.io_errors), (0, 0));
        // 200 requests spread over one second, not sent as fast as possible.
        assert!(r.elapsed_s > 0.9 && r.elapsed_s < 2.0, "{}", r.elapsed_s);
    }

    #[tokio::test]
    async fn a_stall_counts_against_every_request_due_during_it() {
        // The 10th answer takes 400 ms. With one connection, the ~40 requests due in
        // that time wait for it; measured from their scheduled times they are all late.
        // A closed-loop tool would record one slow request and a pause.
        let port = server(|n| Duration::from_millis(if n == 10 { 400 } else { 0 })).await;
        let target = Target::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
        let r = run(&target, load(100.0, 1.5, 1)).await.unwrap();
        assert_eq!(r.latencies_us.len(), 150);
        let slow = r.latencies_us.iter().filter(|&&us| us > 100_000).count();
        assert!(slow >= 20, "only {slow} requests saw the stall");
        assert!(r.quantile_ms(0.99) >= 300.0, "{}", r.quantile_ms(0.99));
        assert!(r.max_send_lag_us >= 300_000, "{}", r.max_send_lag_us);
        assert!(r.quantile_ms(0.5) < 100.0, "{}", r.quantile_ms(0.5));
    }
}
