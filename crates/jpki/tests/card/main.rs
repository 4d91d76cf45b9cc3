//! The client against the virtual card, and the virtual card's raw status words.
//! One test binary, so the RSA keys (slow to generate unoptimised) are made once.

mod auth;
mod card_info;
mod raw_card;
mod read_binary;
mod signing;
mod support;
