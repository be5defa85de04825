//! Options for [`crate::clean`], as a typed builder with documented defaults.
//!
//! The JS binding (`js-api`) reads the JS `Options` object (camelCase keys, every key
//! optional) key by key into this builder, so the defaults below are the defaults everywhere.

/// Default cap on the input size: 64 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// The keys [`Options::from_json`] reads (the JS API's names), in declaration order, as the
/// unknown-key message lists them.
const OPTION_KEYS: &str = "`mode`, `images`, `dataImages`, `embedHosts`, `maxInputBytes`, \
                               `removeBoilerplate`, `baseUrl`, `imageReferrerPolicy`, `linkNofollow`";

/// How the input should be treated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Decide from the input: front matter or a fragment is a post, a document with
    /// `<html>`/`<head>`/`<body>` is a whole page.
    #[default]
    Auto,
    /// Always treat the input as a post body (no main-content extraction).
    Post,
    /// Always run main-content extraction.
    Page,
}

/// Options for [`crate::clean`].
///
/// ```
/// use clean_article::{Options, Mode};
/// let options = Options::new()
///     .mode(Mode::Auto)
///     .images(true)
///     .embed_hosts(["www.youtube.com", "player.bilibili.com"])
///     .max_input_bytes(8 * 1024 * 1024);
/// assert!(options.get_images());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    mode: Mode,
    images: bool,
    data_images: bool,
    embed_hosts: Vec<String>,
    max_input_bytes: usize,
    remove_boilerplate: bool,
    base_url: Option<String>,
    image_referrer_policy: bool,
    link_nofollow: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::Auto,
            images: true,
            data_images: false,
            embed_hosts: Vec::new(),
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            remove_boilerplate: true,
            base_url: None,
            image_referrer_policy: false,
            link_nofollow: false,
        }
    }
}

impl Options {
    /// The defaults: automatic mode, images kept, no `data:` images, no embeds,
    /// 64 MiB input cap, boilerplate removal on, no base URL.
    ///
    /// ```
    /// let o = clean_article::Options::new();
    /// assert_eq!(o, clean_article::Options::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// How to treat the input. Default: [`Mode::Auto`].
    ///
    /// ```
    /// use clean_article::{clean, Mode, Options};
    /// let page = "<html><head><title>T</title></head><body><p>Hello.</p></body></html>";
    /// let a = clean(page, &Options::new().mode(Mode::Post)).unwrap();
    /// assert_eq!(a.kind, clean_article::InputKind::Post);
    /// ```
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Keep images (`true`, the default) or drop them (their `alt` text is kept).
    ///
    /// ```
    /// use clean_article::{clean, Options};
    /// let a = clean("<p>x<img src='https://e.com/a.png' alt='A'></p>", &Options::new().images(false)).unwrap();
    /// assert!(!a.html.contains("<img"));
    /// ```
    pub fn images(mut self, keep: bool) -> Self {
        self.images = keep;
        self
    }

    /// Allow `data:image/*` URLs in `img src` (default `false`: they are removed).
    ///
    /// ```
    /// use clean_article::{clean, Options};
    /// let png = "<p>x<img src='data:image/png;base64,iVBORw0KGgo='></p>";
    /// assert!(!clean(png, &Options::new()).unwrap().html.contains("data:"));
    /// assert!(clean(png, &Options::new().data_images(true)).unwrap().html.contains("data:image/png"));
    /// ```
    pub fn data_images(mut self, allow: bool) -> Self {
        self.data_images = allow;
        self
    }

    /// Hosts whose `iframe` players are kept as sandboxed iframes. Default: none, and every
    /// embed becomes a plain link to its URL.
    ///
    /// ```
    /// use clean_article::{clean, Options};
    /// let v = "<p>Watch:</p><iframe src='https://www.youtube.com/embed/x'></iframe>";
    /// assert!(!clean(v, &Options::new()).unwrap().html.contains("<iframe"));
    /// let a = clean(v, &Options::new().embed_hosts(["www.youtube.com"])).unwrap();
    /// assert!(a.html.contains("<iframe") && a.html.contains("sandbox="));
    /// ```
    pub fn embed_hosts<I, S>(mut self, hosts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.embed_hosts = hosts
            .into_iter()
            .map(|h| h.into().trim().to_ascii_lowercase())
            .collect();
        self
    }

    /// Reject inputs larger than this many bytes with [`crate::Error::InputTooLarge`].
    /// Default: [`DEFAULT_MAX_INPUT_BYTES`] (64 MiB).
    ///
    /// ```
    /// use clean_article::{clean, Options, Error};
    /// let err = clean("<p>too long</p>", &Options::new().max_input_bytes(4)).unwrap_err();
    /// assert!(matches!(err, Error::InputTooLarge { .. }));
    /// ```
    pub fn max_input_bytes(mut self, max: usize) -> Self {
        self.max_input_bytes = max;
        self
    }

    /// Apply the portal boilerplate rule table (default `true`). Sanitizing always happens.
    ///
    /// ```
    /// use clean_article::{clean, Options};
    /// let post = "<p>Text.</p><p>责任编辑：王蒙</p>";
    /// assert!(!clean(post, &Options::new()).unwrap().text.contains("责任编辑"));
    /// assert!(clean(post, &Options::new().remove_boilerplate(false)).unwrap().text.contains("责任编辑"));
    /// ```
    pub fn remove_boilerplate(mut self, on: bool) -> Self {
        self.remove_boilerplate = on;
        self
    }

    /// Base URL for resolving relative links and image sources (default: none; relative
    /// URLs are kept relative).
    ///
    /// ```
    /// use clean_article::{clean, Options};
    /// let a = clean("<p><a href='/x'>x</a></p>", &Options::new().base_url("https://e.com/a/")).unwrap();
    /// assert!(a.html.contains("https://e.com/x"));
    /// ```
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Add `referrerpolicy="no-referrer"` to every image (default `false`).
    ///
    /// Portal images are often hot-link protected: they load only without a `Referer`.
    /// The default output carries no policy attribute of its own (the article HTML holds
    /// only the article; the embedding page decides, e.g. with
    /// `<meta name="referrer" content="no-referrer">`, as the demo and the `<clean-article>`
    /// element do). Turn this on when the HTML is inserted into a page that has no such policy.
    ///
    /// ```
    /// use clean_article::{clean, Options};
    /// let post = "<p>x<img src='https://n.sinaimg.cn/a.jpg'></p>";
    /// assert!(!clean(post, &Options::new()).unwrap().html.contains("referrerpolicy"));
    /// let a = clean(post, &Options::new().image_referrer_policy(true)).unwrap();
    /// assert!(a.html.contains(r#"referrerpolicy="no-referrer""#));
    /// ```
    pub fn image_referrer_policy(mut self, on: bool) -> Self {
        self.image_referrer_policy = on;
        self
    }

    /// Add `nofollow` to the `rel` of every link (default `false`: links get
    /// `rel="noopener noreferrer"`).
    ///
    /// ```
    /// use clean_article::{clean, Options};
    /// let post = "<p><a href='https://e.com/'>e</a></p>";
    /// assert!(clean(post, &Options::new()).unwrap().html.contains(r#"rel="noopener noreferrer""#));
    /// let a = clean(post, &Options::new().link_nofollow(true)).unwrap();
    /// assert!(a.html.contains(r#"rel="noopener noreferrer nofollow""#));
    /// ```
    pub fn link_nofollow(mut self, on: bool) -> Self {
        self.link_nofollow = on;
        self
    }

    /// Options from a JSON object with the JS API's camelCase keys, every key optional:
    /// the one reader of options written as data, used by the JS binding (which hands over
    /// `JSON.stringify(options)`) and by the CLI's `--jsonl` requests. `null` is the defaults.
    ///
    /// An unknown key or a value of the wrong type is an error whose message names the key
    /// and what it must be (`` invalid options: `images` must be true or false ``).
    ///
    /// ```
    /// use clean_article::{Mode, Options};
    /// let o = Options::from_json(r#"{"mode": "page", "images": false, "embedHosts": ["www.youtube.com"]}"#).unwrap();
    /// assert_eq!(o, Options::new().mode(Mode::Page).images(false).embed_hosts(["www.youtube.com"]));
    /// assert!(Options::from_json(r#"{"imagez": true}"#).unwrap_err().contains("unknown field `imagez`"));
    /// assert!(Options::from_json(r#"{"maxInputBytes": 1.5}"#).unwrap_err().contains("whole number"));
    /// ```
    pub fn from_json(json: &str) -> Result<Options, String> {
        let not_object =
            || "invalid options: expected an object such as { mode: \"auto\", images: true }";
        let map = match crate::json::parse(json) {
            Some(serde_json::Value::Object(map)) => map,
            Some(serde_json::Value::Null) => return Ok(Options::default()),
            _ => return Err(not_object().to_owned()),
        };
        let mut o = Options::new();
        for (key, v) in &map {
            let bad = |expected: &str| {
                let mut m = String::from("invalid options: `");
                m.push_str(key);
                m.push_str("` must be ");
                m.push_str(expected);
                m
            };
            let boolean = || v.as_bool().ok_or_else(|| bad("true or false"));
            o = match key.as_str() {
                "mode" => o.mode(match v.as_str() {
                    Some("auto") => Mode::Auto,
                    Some("post") => Mode::Post,
                    Some("page") => Mode::Page,
                    _ => return Err(bad("\"auto\", \"post\" or \"page\"")),
                }),
                "images" => o.images(boolean()?),
                "dataImages" => o.data_images(boolean()?),
                "removeBoilerplate" => o.remove_boilerplate(boolean()?),
                "imageReferrerPolicy" => o.image_referrer_policy(boolean()?),
                "linkNofollow" => o.link_nofollow(boolean()?),
                "embedHosts" => {
                    let hosts: Option<Vec<String>> = v
                        .as_array()
                        .and_then(|a| a.iter().map(|h| h.as_str().map(str::to_owned)).collect());
                    o.embed_hosts(hosts.ok_or_else(|| bad("an array of host names"))?)
                }
                "maxInputBytes" => {
                    let n = v
                        .as_u64()
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or_else(|| bad("a whole number of bytes"))?;
                    o.max_input_bytes(n)
                }
                "baseUrl" if v.is_null() => o,
                "baseUrl" => o.base_url(v.as_str().ok_or_else(|| bad("a string or null"))?),
                _ => {
                    let mut m = String::from("invalid options: unknown field `");
                    m.push_str(key);
                    m.push_str("`, expected one of ");
                    m.push_str(OPTION_KEYS);
                    return Err(m);
                }
            };
        }
        Ok(o)
    }

    /// See [`Options::image_referrer_policy`].
    pub fn get_image_referrer_policy(&self) -> bool {
        self.image_referrer_policy
    }
    /// See [`Options::link_nofollow`].
    pub fn get_link_nofollow(&self) -> bool {
        self.link_nofollow
    }
    /// See [`Options::mode`].
    pub fn get_mode(&self) -> Mode {
        self.mode
    }
    /// See [`Options::images`].
    pub fn get_images(&self) -> bool {
        self.images
    }
    /// See [`Options::data_images`].
    pub fn get_data_images(&self) -> bool {
        self.data_images
    }
    /// See [`Options::embed_hosts`].
    pub fn get_embed_hosts(&self) -> &[String] {
        &self.embed_hosts
    }
    /// See [`Options::max_input_bytes`].
    pub fn get_max_input_bytes(&self) -> usize {
        self.max_input_bytes
    }
    /// See [`Options::remove_boilerplate`].
    pub fn get_remove_boilerplate(&self) -> bool {
        self.remove_boilerplate
    }
    /// See [`Options::base_url`].
    pub fn get_base_url(&self) -> Option<&str> {
        self.base_url.as_deref()
    }
}
