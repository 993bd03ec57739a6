//! Static files: the build's hashed bundle under `/pkg`, and the files copied
//! from `public/` at the site root.
//!
//! `/pkg` is served straight from disk with the brotli and gzip copies made
//! at start-up, and with year-long caching when names carry a content hash.
//! Compressing a 400 KB wasm file on every request is what made the stock
//! `file_and_error_handler` ~30 times slower than a page.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use axum::http::{header, HeaderValue, Response};
use tower::ServiceBuilder;
use tower_http::services::fs::ServeFileSystemResponseBody;
use tower_http::services::ServeDir;

use crate::settings::AssetSettings;

const HASHED_ASSET_CACHE: &str = "public, max-age=31536000, immutable";
/// Without hashed names a changed file keeps its URL, so the browser must
/// revalidate (cheaply, through the ETag/Last-Modified ServeDir sends).
const UNHASHED_ASSET_CACHE: &str = "no-cache";

/// Files worth compressing: text and wasm. Images and fonts are compressed already.
const COMPRESSIBLE: [&str; 7] = ["js", "wasm", "css", "svg", "json", "txt", "html"];
const MIN_COMPRESSIBLE_BYTES: u64 = 1024;

pub fn pkg_folder(settings: &AssetSettings) -> PathBuf {
    settings.site_root.join("pkg")
}

/// The service for `/pkg/*`.
pub fn pkg_service(
    settings: &AssetSettings,
) -> impl tower::Service<
    axum::extract::Request,
    Response = Response<ServeFileSystemResponseBody>,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
       + Send
       + Sync
       + 'static {
    let cache_control = HeaderValue::from_static(if settings.hash_files {
        HASHED_ASSET_CACHE
    } else {
        UNHASHED_ASSET_CACHE
    });
    ServiceBuilder::new()
        .map_response(move |mut response: Response<ServeFileSystemResponseBody>| {
            // A 404 must not be cached for a year: the file may be deployed next.
            if response.status().is_success() {
                let headers = response.headers_mut();
                headers.insert(header::CACHE_CONTROL, cache_control.clone());
                headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            }
            response
        })
        .service(
            ServeDir::new(pkg_folder(settings))
                .precompressed_br()
                .precompressed_gzip(),
        )
}

/// Writes `NAME.br` and `NAME.gz` beside every compressible file in `folder` whose
/// copies are missing or older than the file. Returns how many copies it wrote.
/// Blocking: call it from `spawn_blocking`.
pub fn precompress(folder: &Path) -> io::Result<usize> {
    let mut written = 0;
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            written += precompress(&path)?;
            continue;
        }
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        let metadata = std::fs::metadata(&path)?;
        if !COMPRESSIBLE.contains(&extension) || metadata.len() < MIN_COMPRESSIBLE_BYTES {
            continue;
        }
        let modified = metadata.modified()?;
        for (suffix, compress) in [
            ("br", brotli_bytes as fn(&[u8]) -> io::Result<Vec<u8>>),
            ("gz", gzip_bytes),
        ] {
            let target = PathBuf::from(format!("{}.{suffix}", path.display()));
            if is_fresh(&target, modified) {
                continue;
            }
            let compressed = compress(&std::fs::read(&path)?)?;
            // Written aside and renamed, so a request never sees half a file.
            let partial = PathBuf::from(format!("{}.partial", target.display()));
            std::fs::write(&partial, compressed)?;
            std::fs::rename(&partial, &target)?;
            written += 1;
        }
    }
    Ok(written)
}

fn is_fresh(copy: &Path, source_modified: SystemTime) -> bool {
    std::fs::metadata(copy)
        .and_then(|metadata| metadata.modified())
        .map(|copy_modified| copy_modified >= source_modified)
        .unwrap_or(false)
}

fn brotli_bytes(input: &[u8]) -> io::Result<Vec<u8>> {
    let mut output = Vec::with_capacity(input.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut output, 64 * 1024, 11, 22);
        writer.write_all(input)?;
    }
    Ok(output)
}

fn gzip_bytes(input: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(input.len() / 3),
        flate2::Compression::best(),
    );
    encoder.write_all(input)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn precompressing_writes_brotli_and_gzip_copies_that_decode_to_the_original() {
        let folder = tempfile::tempdir().unwrap();
        let script = "console.log('kurso');\n".repeat(200);
        std::fs::write(folder.path().join("kurso.abc123.js"), &script).unwrap();
        std::fs::write(folder.path().join("photo.png"), vec![7u8; 4096]).unwrap();

        let written = precompress(folder.path()).unwrap();

        assert_eq!(
            written, 2,
            "one .br and one .gz for the script, none for the image"
        );
        let mut gunzipped = String::new();
        flate2::read::GzDecoder::new(
            &std::fs::read(folder.path().join("kurso.abc123.js.gz")).unwrap()[..],
        )
        .read_to_string(&mut gunzipped)
        .unwrap();
        assert_eq!(gunzipped, script);
        let mut unbrotlied = String::new();
        brotli::Decompressor::new(
            &std::fs::read(folder.path().join("kurso.abc123.js.br")).unwrap()[..],
            4096,
        )
        .read_to_string(&mut unbrotlied)
        .unwrap();
        assert_eq!(unbrotlied, script);
    }

    #[test]
    fn fresh_copies_are_not_written_again() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join("kurso.css"), "body{}\n".repeat(500)).unwrap();
        precompress(folder.path()).unwrap();

        let written_again = precompress(folder.path()).unwrap();

        assert_eq!(written_again, 0);
    }
}
