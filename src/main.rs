//! The `kurso` command. It only reads the command line; everything else lives in
//! the library so that tests can build the same application.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    kurso::server::cli::run().await
}
