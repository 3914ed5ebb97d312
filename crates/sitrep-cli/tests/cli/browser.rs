//! The web UI end to end: the seeds ingested, `sitrep serve` running, and headless
//! Chromium rendering each view. Screenshots land in Cargo's test temp dir.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{json_lines, path, shared, sitrep, stderr, stdout};

/// Kills the server when the test ends, pass or fail.
pub(crate) struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH")?
                .to_str()?
                .split(':')
                .map(|d| Path::new(d).join(name))
                .find(|p| p.is_file())
        });
    if found.is_none() {
        assert!(
            std::env::var("SITREP_REQUIRE_SHARED").as_deref() != Ok("1"),
            "SITREP_REQUIRE_SHARED=1 but no chromium on PATH (.ci/run installs it)"
        );
        eprintln!("skipping: no chromium on PATH");
    }
    found
}

/// Starts `sitrep ARGS serve --addr` on a free loopback port (`serve_args` after it) and
/// waits until it answers.
pub(crate) fn start_server(args: &[&str], serve_args: &[&str]) -> (Server, u16) {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args(args)
            .args(["serve", "--addr", &addr])
            .args(serve_args)
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let start = Instant::now();
    while http_get(port, "/api/stats").is_none_or(|r| !r.starts_with("HTTP/1.1 200")) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "server did not come up"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (server, port)
}

pub(crate) fn http_get(port: u16, target: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut body = String::new();
    s.read_to_string(&mut body).ok()?;
    Some(body)
}

/// Runs headless Chromium on a page; returns the DOM after scripts ran.
fn render(chrome: &Path, profile: &Path, url: &str, screenshot: Option<&Path>) -> String {
    let mut cmd = Command::new(chrome);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1280,900",
        "--virtual-time-budget=8000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    match screenshot {
        Some(png) => cmd.arg(format!("--screenshot={}", png.display())),
        None => cmd.arg("--dump-dom"),
    };
    let out = cmd
        .arg(url)
        .stderr(Stdio::null())
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Width, height and the number of distinct colours of a PNG: a blank page has one or two.
fn png_summary(file: &Path) -> (u32, u32, usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(file).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bpp = info.line_size / info.width as usize;
    let mut colours: Vec<&[u8]> = buf[..info.buffer_size()].chunks(bpp).collect();
    colours.sort_unstable();
    colours.dedup();
    (info.width, info.height, colours.len())
}

#[test]
fn ui_renders_the_seed_story_in_chromium() {
    let Some(shared) = shared() else { return };
    let Some(chrome) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("ui.db");
    let out = sitrep(&["--db", path(&db), "ingest", path(&shared.join("seeds"))]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (_server, port) = start_server(&["--db", path(&db)], &[]);
    let addr = format!("127.0.0.1:{port}");
    let base = format!("http://{addr}/");
    let profile = tmp.path().join("profile");

    let events = render(
        &chrome,
        &profile,
        &format!("{base}#/events?dyad=USA:RUS"),
        None,
    );
    assert!(
        events.contains("id=\"events-table\""),
        "no events table:\n{events}"
    );
    assert!(
        events.contains("USA") && events.contains("RUS"),
        "no US->Russia rows"
    );

    let dyad = render(
        &chrome,
        &profile,
        &format!("{base}#/dyad?src=USA&tgt=RUS"),
        None,
    );
    assert!(
        dyad.contains("id=\"dyad-chart\"") && dyad.contains("<circle"),
        "no dyad chart:\n{dyad}"
    );

    let map = render(&chrome, &profile, &format!("{base}#/map"), None);
    for place in ["Aleppo", "Munich", "Damascus"] {
        assert!(
            map.contains(&format!(">{place}</text>")),
            "{place} not on the map"
        );
    }

    let quotes = render(
        &chrome,
        &profile,
        &format!("{base}#/quotes?speaker=Kerry"),
        None,
    );
    assert!(
        quotes.matches("class=\"quote\"").count() >= 2,
        "too few Kerry quotes:\n{quotes}"
    );

    // Every item links to its sentence: follow the first event's link and find the highlight.
    let first = json_lines(&stdout(&sitrep(&[
        "--db",
        path(&db),
        "events",
        "--dyad",
        "USA:RUS",
        "--json",
        "-n",
        "1",
    ])))
    .remove(0);
    let link = format!(
        "{base}#/article/{}?hl={}-{}",
        first["article_id"].as_str().unwrap(),
        first["action"]["start"],
        first["action"]["end"]
    );
    let article = render(&chrome, &profile, &link, None);
    let action = first["action"]["text"].as_str().unwrap();
    assert!(
        article.contains(&format!("<mark id=\"hl\">{action}</mark>")),
        "no highlight of {action:?}"
    );

    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ui-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (name, page) in [
        ("events", "#/events?dyad=USA:RUS"),
        ("dyad", "#/dyad?src=USA&tgt=RUS"),
        ("map", "#/map"),
    ] {
        let png = shots.join(format!("{name}.png"));
        render(&chrome, &profile, &format!("{base}{page}"), Some(&png));
        let (w, h, colours) = png_summary(&png);
        assert_eq!((w, h), (1280, 900), "{name}");
        assert!(
            colours > 20,
            "{name} screenshot looks blank ({colours} colours)"
        );
    }
}
