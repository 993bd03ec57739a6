//! The `kurso` command. It only reads the command line; everything else lives in
//! the library so that tests can build the same application.

/// Server-side rendering walks deeply nested views (the admin's course editor
/// is the deepest); worker threads get more than tokio's 2 MiB default.
const WORKER_STACK_BYTES: usize = 8 << 20;

fn main() -> std::process::ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(WORKER_STACK_BYTES)
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(kurso::server::cli::run()),
        Err(error) => {
            eprintln!("kurso: cannot start the async runtime: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
