//! Pseudonymous participant codes: short, easy to read aloud, with a check
//! character that catches a mistyped or swapped character.
//!
//! A code is five characters and a check character from an alphabet without
//! look-alikes (no 0/O, 1/I/L), shown as `ABC-DE7`. With weights 1..6 and a
//! prime modulus (31), the weighted sum of a valid code is 0 mod 31, so any
//! single wrong character and any swap of two neighbours is detected.

use std::fmt;

use serde::{Deserialize, Serialize};

pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const PAYLOAD: usize = 5;
const LEN: usize = PAYLOAD + 1;
const MODULUS: u32 = 31;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ParticipantCode(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeError {
    Empty,
    /// Not six characters (hyphens and spaces aside).
    WrongLength(usize),
    /// A character that no code contains, such as O, 0, I, 1 or L.
    NotInAlphabet(char),
    /// Every character exists, but the check character does not match: a typo.
    CheckFailed,
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::Empty => write!(f, "no code given"),
            CodeError::WrongLength(n) => write!(f, "a code has 6 characters, not {n}"),
            CodeError::NotInAlphabet(c) => write!(f, "{c:?} never appears in a code"),
            CodeError::CheckFailed => write!(f, "the check character does not match"),
        }
    }
}

fn index(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|a| *a == c).map(|i| i as u32)
}

fn weighted_sum(values: &[u32]) -> u32 {
    values.iter().enumerate().map(|(i, v)| (i as u32 + 1) * v).sum::<u32>() % MODULUS
}

impl ParticipantCode {
    /// Makes a code from five random bytes (from the platform's CSPRNG).
    /// Bytes are reduced modulo 31; the slight bias is irrelevant for a pseudonym.
    pub fn from_random(bytes: [u8; PAYLOAD]) -> ParticipantCode {
        let mut values: Vec<u32> = bytes.iter().map(|b| u32::from(*b) % MODULUS).collect();
        // Solve 6·c ≡ −sum (mod 31); 26 is the inverse of 6 modulo 31.
        let check = (MODULUS - weighted_sum(&values)) % MODULUS * 26 % MODULUS;
        values.push(check);
        ParticipantCode(values.iter().map(|v| ALPHABET[*v as usize] as char).collect())
    }

    /// Reads a typed code: any case, with or without hyphen and spaces.
    pub fn parse(input: &str) -> Result<ParticipantCode, CodeError> {
        let chars: Vec<char> =
            input.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
        if chars.is_empty() {
            return Err(CodeError::Empty);
        }
        let mut values = Vec::with_capacity(LEN);
        for c in &chars {
            let v = u8::try_from(*c).ok().and_then(index).ok_or(CodeError::NotInAlphabet(*c))?;
            values.push(v);
        }
        if values.len() != LEN {
            return Err(CodeError::WrongLength(values.len()));
        }
        if weighted_sum(&values) != 0 {
            return Err(CodeError::CheckFailed);
        }
        Ok(ParticipantCode(chars.into_iter().collect()))
    }

    /// The code as stored: six characters, no hyphen.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code as shown and read aloud: `ABC-DE7`.
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..3], &self.0[3..])
    }
}

impl TryFrom<String> for ParticipantCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ParticipantCode::parse(&s)
    }
}

impl From<ParticipantCode> for String {
    fn from(c: ParticipantCode) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_codes_sample() -> Vec<ParticipantCode> {
        // A deterministic spread of payloads.
        (0u32..2000)
            .map(|n| {
                let x = n.wrapping_mul(2_654_435_761);
                ParticipantCode::from_random([x as u8, (x >> 8) as u8, (x >> 16) as u8, (x >> 24) as u8, n as u8])
            })
            .collect()
    }

    #[test]
    fn generated_codes_parse_back_in_any_typing() {
        for code in all_codes_sample() {
            assert_eq!(ParticipantCode::parse(code.as_str()), Ok(code.clone()));
            assert_eq!(ParticipantCode::parse(&code.display()), Ok(code.clone()));
            let sloppy = format!(" {} ", code.display().to_lowercase().replace('-', " - "));
            assert_eq!(ParticipantCode::parse(&sloppy), Ok(code.clone()));
        }
    }

    #[test]
    fn every_single_wrong_character_is_caught() {
        for code in all_codes_sample().into_iter().take(200) {
            for pos in 0..LEN {
                for &c in ALPHABET.iter() {
                    let mut typed = code.as_str().as_bytes().to_vec();
                    if typed[pos] == c {
                        continue;
                    }
                    typed[pos] = c;
                    let typed = String::from_utf8(typed).unwrap();
                    assert_eq!(ParticipantCode::parse(&typed), Err(CodeError::CheckFailed), "{typed}");
                }
            }
        }
    }

    #[test]
    fn every_swap_of_neighbours_is_caught() {
        for code in all_codes_sample() {
            for pos in 0..LEN - 1 {
                let mut typed = code.as_str().as_bytes().to_vec();
                if typed[pos] == typed[pos + 1] {
                    continue;
                }
                typed.swap(pos, pos + 1);
                let typed = String::from_utf8(typed).unwrap();
                assert_eq!(ParticipantCode::parse(&typed), Err(CodeError::CheckFailed), "{typed}");
            }
        }
    }

    #[test]
    fn look_alikes_and_lengths_get_their_own_error() {
        assert_eq!(ParticipantCode::parse(""), Err(CodeError::Empty));
        assert_eq!(ParticipantCode::parse(" - "), Err(CodeError::Empty));
        assert_eq!(ParticipantCode::parse("ABC-DO7"), Err(CodeError::NotInAlphabet('O')));
        assert_eq!(ParticipantCode::parse("abc-d17"), Err(CodeError::NotInAlphabet('1')));
        assert_eq!(ParticipantCode::parse("ABC-DÅ7"), Err(CodeError::NotInAlphabet('Å')));
        assert_eq!(ParticipantCode::parse("ABCDE"), Err(CodeError::WrongLength(5)));
        assert_eq!(ParticipantCode::parse("ABCDEFG"), Err(CodeError::WrongLength(7)));
    }

    #[test]
    fn codes_serialise_as_plain_strings_and_refuse_bad_ones() {
        let code = all_codes_sample().remove(3);
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{}\"", code.as_str()));
        assert_eq!(serde_json::from_str::<ParticipantCode>(&json).unwrap(), code);
        assert!(serde_json::from_str::<ParticipantCode>("\"AAAAAA\"").is_err(), "AAAAAA fails its check");
    }
}
