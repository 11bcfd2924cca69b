//! The `afterglow` CLI, built inside this package so that its tests can run it
//! (`CARGO_BIN_EXE_afterglow-under-test`); the same code as `cli/src/main.rs`.

fn main() -> std::process::ExitCode {
    afterglow_cli::main()
}
