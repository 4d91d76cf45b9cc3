//! The release SPA: `trunk build --release --offline` into dist/ (HTML, CSS, copied
//! files; its post-build hook adds the route-split wasm, spa_wasm.rs, and precompresses:
//! `.br` quality 11 and `.gz` level 9 beside each file, kept only when smaller), and a
//! size table of the wasm and JS.

use crate::tools::{self, Need, Tools};
use crate::{root, run_cmd, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Files smaller than this are served as they are.
const MIN_SIZE: u64 = 1024;

/// `cargo xtask dist`: always builds.
pub fn run() -> Result {
    let tools = tools::ensure(Need::Build)?;
    let inputs = crate::dist_inputs::fingerprint()?;
    let _ = fs::remove_file(stamp_file());
    build_into(&tools, &dist_dir())?;
    write_stamp(&inputs, &dist_dir())?;
    print_sizes(&dist_dir())
}

pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// Trunk release build (HTML, CSS, copied files), the split wasm, precompression; skipped
/// when dist/ is what the last build from the same inputs wrote (dist_inputs.rs).
pub fn build(tools: &Tools) -> Result {
    let dist = dist_dir();
    // Read before the build: an edit made during it changes the next fingerprint.
    let inputs = crate::dist_inputs::fingerprint()?;
    if fs::read_to_string(stamp_file()).ok() == Some(stamp_text(&inputs, &dist)) {
        println!("dist: up to date (inputs {inputs}, as at its last build); `cargo xtask dist` rebuilds it");
        return Ok(());
    }
    let _ = fs::remove_file(stamp_file());
    build_into(tools, &dist)?;
    write_stamp(&inputs, &dist)
}

/// Where the inputs of dist/'s last successful build are kept.
fn stamp_file() -> PathBuf {
    crate::target_dir().join("dist-inputs")
}

/// The inputs, and the index.html they made (its asset names carry content hashes): a
/// dist/ rewritten by another build (a `trunk build` by hand) does not match.
fn stamp_text(inputs: &str, dist: &Path) -> String {
    let index = fs::read(dist.join("index.html")).unwrap_or_default();
    let mut h = std::hash::DefaultHasher::new();
    std::hash::Hasher::write(&mut h, &index);
    format!("{inputs}\nindex.html {:016x} ({} bytes)\n", std::hash::Hasher::finish(&h), index.len())
}

fn write_stamp(inputs: &str, dist: &Path) -> Result {
    fs::write(stamp_file(), stamp_text(inputs, dist))
        .map_err(|e| format!("cannot write {}: {e}", stamp_file().display()))
}

/// [`build`] into another folder (the bench keeps its own copy): `trunk build --release`,
/// whose post-build hook (Trunk.toml → `cargo xtask spa-wasm`) adds the split wasm and
/// precompresses everything.
pub fn build_into(tools: &Tools, dist: &Path) -> Result {
    let started = Instant::now();
    let mut trunk = tools.command("trunk");
    trunk.args(["build", "--release", "--offline", "--dist"]).arg(dist).arg(root().join("index.html"));
    run_cmd(&mut trunk)?;
    println!("dist: built in {:.1?}", started.elapsed());
    Ok(())
}

/// Writes `.br` and `.gz` beside every file big enough to gain from it; returns how many
/// files got at least one. Stale `.br`/`.gz` from an earlier run are removed first.
pub fn precompress(dir: &Path) -> Result<usize> {
    let mut files = Vec::new();
    walk(dir, &mut files).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let (stale, files): (Vec<_>, Vec<_>) = files.into_iter().partition(|p| is_compressed(p));
    for path in stale {
        fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    let files: Vec<PathBuf> =
        files.into_iter().filter(|p| fs::metadata(p).map(|m| m.len() >= MIN_SIZE).unwrap_or(false)).collect();

    // Brotli at quality 11 is slow on the wasm; spread the files over the cores.
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failure = Mutex::new(None);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(files.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(path) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    match compress_file(path) {
                        Ok(true) => {
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(false) => {}
                        Err(e) => *failure.lock().unwrap() = Some(e),
                    }
                }
            });
        }
    });
    match failure.into_inner().unwrap() {
        Some(e) => Err(e),
        None => Ok(done.into_inner()),
    }
}

fn is_compressed(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

fn compress_file(path: &Path) -> Result<bool> {
    let data = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut wrote = false;
    for (ext, packed) in [("br", brotli_bytes(&data)), ("gz", gzip_bytes(&data))] {
        if packed.len() < data.len() {
            let mut name = path.as_os_str().to_owned();
            name.push(".");
            name.push(ext);
            fs::write(&name, packed).map_err(|e| format!("cannot write {}: {e}", Path::new(&name).display()))?;
            wrote = true;
        }
    }
    Ok(wrote)
}

pub fn brotli_bytes(data: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).expect("in-memory brotli cannot fail");
    out
}

pub fn gzip_bytes(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    enc.write_all(data).expect("in-memory gzip cannot fail");
    enc.finish().expect("in-memory gzip cannot fail")
}

/// Raw / gzip / brotli sizes of the wasm and JS in dist/.
pub fn print_sizes(dist: &Path) -> Result {
    let mut files = Vec::new();
    walk(dist, &mut files).map_err(|e| format!("cannot list {}: {e}", dist.display()))?;
    let mut rows: Vec<_> =
        files.into_iter().filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wasm" | "js"))).collect();
    rows.sort();
    if rows.is_empty() {
        return Err(format!("no .wasm or .js in {}", dist.display()));
    }
    let size = |p: &Path| fs::metadata(p).map(|m| m.len()).ok();
    let with = |p: &Path, ext: &str| {
        let mut name = p.as_os_str().to_owned();
        name.push(ext);
        PathBuf::from(name)
    };
    println!("\n{:<48} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    let mut totals = [0u64; 3];
    for path in &rows {
        let raw = size(path).unwrap_or(0);
        // Sizes of the files the server sends; a missing one means "not smaller", i.e. raw.
        let gz = size(&with(path, ".gz")).unwrap_or(raw);
        let br = size(&with(path, ".br")).unwrap_or(raw);
        for (t, v) in totals.iter_mut().zip([raw, gz, br]) {
            *t += v;
        }
        let name = path.strip_prefix(dist).unwrap_or(path).display().to_string();
        println!("{name:<48} {:>10} {:>10} {:>10}", kib(raw), kib(gz), kib(br));
    }
    println!("{:<48} {:>10} {:>10} {:>10}", "total", kib(totals[0]), kib(totals[1]), kib(totals[2]));
    Ok(())
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn compressors_round_trip() {
        let data = "マイナ免許証 ".repeat(500).into_bytes();
        let br = brotli_bytes(&data);
        let mut back = Vec::new();
        brotli::Decompressor::new(&br[..], 4096).read_to_end(&mut back).unwrap();
        assert_eq!(back, data);
        let gz = gzip_bytes(&data);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut back).unwrap();
        assert_eq!(back, data);
    }

    #[test]
    fn precompress_skips_tiny_and_incompressible_and_clears_stale() {
        let dir = std::env::temp_dir().join(format!("xtask-precompress-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("big.js"), "let a = 1;\n".repeat(500)).unwrap();
        fs::write(dir.join("sub/big.css"), "a{color:red}\n".repeat(500)).unwrap();
        fs::write(dir.join("tiny.txt"), "hi").unwrap();
        // Pseudo-random bytes do not shrink.
        let mut x = 0x1234_5678u32;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        fs::write(dir.join("noise.bin"), noise).unwrap();
        fs::write(dir.join("gone.js.br"), "stale").unwrap();

        assert_eq!(precompress(&dir).unwrap(), 2);
        for p in ["big.js.br", "big.js.gz", "sub/big.css.br", "sub/big.css.gz"] {
            assert!(dir.join(p).exists(), "{p}");
        }
        for p in ["tiny.txt.br", "tiny.txt.gz", "noise.bin.br", "noise.bin.gz", "gone.js.br"] {
            assert!(!dir.join(p).exists(), "{p}");
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
