//! Fuzzes the whole pipeline (front matter + body, every input kind): no panic, and the
//! HTML output re-sanitizes to itself and cleans (with the same options) to itself. The first
//! byte picks options.
#![no_main]

use clean_article::{clean, sanitize, Mode, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (flags, rest) = data.split_first().map_or((0, data), |(f, r)| (*f, r));
    let input = String::from_utf8_lossy(rest);
    let mode = match flags & 3 {
        0 => Mode::Auto,
        1 => Mode::Post,
        _ => Mode::Page,
    };
    let options = Options::new()
        .mode(mode)
        .images(flags & 4 == 0)
        .remove_boilerplate(flags & 8 == 0);
    if let Ok(article) = clean(&input, &options) {
        assert_eq!(
            sanitize(&article.html),
            article.html,
            "clean output does not re-sanitize to itself"
        );
        let again = clean(&article.html, &options.clone().mode(Mode::Post))
            .expect("the output is smaller than the input")
            .html;
        assert_eq!(again, article.html, "clean output not idempotent");
    }
    let out = sanitize(&input);
    assert_eq!(sanitize(&out), out, "sanitize output not idempotent");
});
