//! One ignored test of the running test binary, run again in a child
//! process with an environment of its own: for what a process reads from
//! its environment (`Client::from_env`, the proxy variables), which a test
//! must not change under its neighbours' feet.

use std::process::{Command, Output};

/// Runs the ignored test `test` of the module `module` (its
/// `module_path!()`) of the running test binary alone, in a child process
/// without the variables `clear` and with `set`, and returns its output
/// (the test's own printing included, since it runs with `--nocapture`).
///
/// Panics unless the child ran that one test: a name that matches no test
/// would otherwise run nothing, and pass.
pub async fn run_ignored(
    module: &str,
    test: &str,
    clear: &[&str],
    set: Vec<(&'static str, String)>,
) -> Output {
    // A test's name is its path without the crate's name.
    let name = match module.split_once("::") {
        Some((_, path)) => format!("{path}::{test}"),
        None => test.to_owned(),
    };
    let clear: Vec<String> = clear.iter().map(|var| (*var).to_owned()).collect();
    let (name, output) = tokio::task::spawn_blocking(move || {
        let mut command = Command::new(std::env::current_exe().unwrap());
        command.args([
            name.as_str(),
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ]);
        for var in clear {
            command.env_remove(var);
        }
        let output = command.envs(set).output().unwrap();
        (name, output)
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.lines().any(|line| line == "running 1 test"),
        "the child process did not run {name}:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
