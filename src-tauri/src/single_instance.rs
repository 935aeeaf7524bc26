//! One Coldstart window per data directory: the first process listens on a Unix socket in the
//! data directory; a second one started on the same directory tells it to come to the front and
//! exits instead of opening a second window on the same database.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The socket's name inside the data directory.
pub const SOCKET_NAME: &str = "coldstart-app.sock";

/// What starting up found.
pub enum Claim {
    /// No other instance: this process listens for later ones.
    First(UnixListener),
    /// Another instance runs and was asked to show its window.
    Running,
}

/// Claims the data directory `dir`: tells a running instance to show itself, or starts
/// listening (removing a socket file left by a process that died).
pub fn claim(dir: &Path) -> std::io::Result<Claim> {
    let sock = socket_path(dir);
    if let Ok(mut s) = UnixStream::connect(&sock) {
        s.set_write_timeout(Some(Duration::from_secs(2)))?;
        s.write_all(b"show\n")?;
        return Ok(Claim::Running);
    }
    std::fs::create_dir_all(dir)?;
    let _ = std::fs::remove_file(&sock); // nobody answers on it: stale
    Ok(Claim::First(UnixListener::bind(&sock)?))
}

/// The socket for data directory `dir`.
pub fn socket_path(dir: &Path) -> PathBuf {
    dir.join(SOCKET_NAME)
}

/// Calls `on_show` for every later instance that asks, on a thread of its own.
pub fn serve(listener: UnixListener, on_show: impl Fn() + Send + 'static) {
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let mut line = String::new();
            let _ = conn.set_read_timeout(Some(Duration::from_secs(2)));
            if BufReader::new(conn).read_line(&mut line).is_ok() && line.trim() == "show" {
                on_show();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_second_start_asks_the_first_to_show_itself() {
        let dir = tempfile::tempdir().unwrap();
        let Claim::First(listener) = claim(dir.path()).unwrap() else {
            panic!("nothing runs yet: this one is first");
        };
        let (tx, rx) = mpsc::channel();
        serve(listener, move || tx.send(()).unwrap());
        assert!(matches!(claim(dir.path()).unwrap(), Claim::Running));
        rx.recv_timeout(Duration::from_secs(5))
            .expect("the first instance was asked to show");
    }

    #[test]
    fn a_socket_left_by_a_dead_process_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        drop(UnixListener::bind(socket_path(dir.path())).unwrap()); // file stays, nobody listens
        assert!(matches!(claim(dir.path()).unwrap(), Claim::First(_)));
    }

    #[test]
    fn other_data_directories_are_other_instances() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let _first = claim(a.path()).unwrap();
        assert!(matches!(claim(b.path()).unwrap(), Claim::First(_)));
    }
}
