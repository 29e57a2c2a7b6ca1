//! `stegvis key new`: an evaluator's key pair for encrypted files. The
//! private key stays in a file of the evaluator's; the public key file is
//! what staff load into the app ("Kryptera till utvärderarens nyckel").

use std::io::Write;
use std::path::Path;

use stegvis::core::bundle::jwe::PrivateKey;
use stegvis::core::bundle::jws::fingerprint;

use super::Fatal;

pub fn new(out: &Path) -> Result<u8, Fatal> {
    let key = PrivateKey::generate();
    // Never overwrite a key: files encrypted to it could no longer be opened.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    // Readable by its owner only.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(out)
        .map_err(|e| Fatal(format!("{}: {e}", out.display())))?;
    file.write_all(key.to_file().as_bytes()).map_err(|e| Fatal(format!("{}: {e}", out.display())))?;
    let public = key.public();
    println!("{}", serde_json::to_string(&public).map_err(Fatal::from)?);
    eprintln!(
        "stegvis key: private key in {} (keep it safe); public key above, kontrollkod {}.",
        out.display(),
        fingerprint(&public.kid)
    );
    Ok(0)
}
