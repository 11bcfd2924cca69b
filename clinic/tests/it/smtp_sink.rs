//! A tiny SMTP sink for the alert tests: speaks just enough RFC 5321 (greeting, EHLO/HELO,
//! MAIL, RCPT, DATA, RSET, NOOP, QUIT) for a real client to hand it a message, and keeps every
//! message it accepted, after the `RCPT TO:` lines of its envelope. Written here rather than
//! run as Python's aiosmtpd so the test needs nothing installed beyond the Rust toolchain.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub struct SmtpSink {
    pub port: u16,
    mails: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    /// Listens on 127.0.0.1:`port` (0: any free port).
    pub async fn start(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&mails);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let kept = Arc::clone(&kept);
                tokio::spawn(async move {
                    let _ = session(stream, kept).await;
                });
            }
        });
        Self { port, mails, task }
    }

    /// The messages accepted so far (headers and body as sent).
    pub fn mails(&self) -> Vec<String> {
        self.mails.lock().unwrap().clone()
    }

    /// Waits up to `seconds` for at least `count` messages; answers how long it took.
    pub async fn wait_for(&self, count: usize, seconds: u64) -> Option<std::time::Duration> {
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(seconds) {
            if self.mails().len() >= count {
                return Some(started.elapsed());
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        None
    }
}

async fn session(stream: TcpStream, kept: Arc<Mutex<Vec<String>>>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink ESMTP\r\n").await?;
    let mut line = String::new();
    // The envelope's recipients (who really gets the mail, whatever the To: header says).
    let mut envelope = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" | "NOOP" => b"250 sink\r\n",
            "MAIL" | "RSET" => {
                envelope.clear();
                b"250 OK\r\n"
            }
            "RCPT" => {
                envelope.push_str(&line);
                b"250 OK\r\n"
            }
            "DATA" => {
                write.write_all(b"354 end with .\r\n").await?;
                // Kept as the envelope's RCPT lines, then the message as sent.
                let mut mail = std::mem::take(&mut envelope);
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" {
                        break;
                    }
                    mail.push_str(&line);
                }
                kept.lock().unwrap().push(mail);
                b"250 queued\r\n"
            }
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 not here\r\n",
        };
        write.write_all(reply).await?;
    }
}
