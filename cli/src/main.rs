//! `afterglow`: the terminal shell of the Afterglow core (see the library, `lib.rs`).

fn main() -> std::process::ExitCode {
    afterglow_cli::main()
}
