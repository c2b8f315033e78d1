//! The Twilio REST client: endpoints, credentials, requests as data, one `execute`, one place
//! that turns a non-2xx answer into a typed error, retries decided by [`RetryPolicy`], an
//! adaptive concurrency cap ([`Throttle`]) and pagination that follows `next_page_uri`.

mod retry;
mod throttle;
pub mod wire;

pub use crate::secret::Secret;
pub use retry::{jittered, Decision, Idempotence, Outcome, RetryPolicy};
pub use throttle::{Aimd, Throttle};

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// Environment variable that replaces every Twilio host with one base URL (a simulator).
pub const BASE_URL_ENV: &str = "PASSERELLE_TWILIO_URL";

/// Where each Twilio product lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// api.twilio.com (2010-04-01: Accounts, Messages, Media).
    pub api: Url,
    /// messaging.twilio.com (v2 Channels/Senders).
    pub messaging: Url,
    /// content.twilio.com (v1 Content).
    pub content: Url,
}

/// Which Twilio product a request goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// api.twilio.com
    Api,
    /// messaging.twilio.com
    Messaging,
    /// content.twilio.com
    Content,
}

impl Endpoints {
    /// The real Twilio hosts.
    pub fn twilio() -> Endpoints {
        Endpoints {
            api: Url::parse("https://api.twilio.com").expect("static URL"),
            messaging: Url::parse("https://messaging.twilio.com").expect("static URL"),
            content: Url::parse("https://content.twilio.com").expect("static URL"),
        }
    }

    /// One base URL for every product (a simulator such as twilio-sim).
    pub fn single(base: &str) -> Result<Endpoints> {
        let url = Url::parse(base.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        let url = url.ok_or_else(|| {
            Error::invalid(
                "twilio_url",
                format!("« {base} » n'est pas une adresse http(s) valide"),
                format!("“{base}” is not a valid http(s) URL"),
            )
        })?;
        Ok(Endpoints {
            api: url.clone(),
            messaging: url.clone(),
            content: url,
        })
    }

    /// `explicit` if given, else `PASSERELLE_TWILIO_URL` if set, else the real hosts.
    pub fn resolve(explicit: Option<&str>) -> Result<Endpoints> {
        let from_env = std::env::var(BASE_URL_ENV)
            .ok()
            .filter(|v| !v.trim().is_empty());
        match explicit.map(str::to_owned).or(from_env) {
            Some(base) => Endpoints::single(&base),
            None => Ok(Endpoints::twilio()),
        }
    }

    /// The single base URL when every product points at the same place (saved with the
    /// account so that later syncs reach the same simulator); `None` for the real hosts.
    pub fn single_base(&self) -> Option<String> {
        (self != &Endpoints::twilio() && self.api == self.messaging && self.api == self.content)
            .then(|| self.api.as_str().trim_end_matches('/').to_owned())
    }

    /// The base URL of `host`.
    pub fn base(&self, host: Host) -> &Url {
        match host {
            Host::Api => &self.api,
            Host::Messaging => &self.messaging,
            Host::Content => &self.content,
        }
    }

    fn url_for(&self, host: Host, path: &str) -> String {
        format!("{}{}", self.base(host).as_str().trim_end_matches('/'), path)
    }
}

/// How the client proves who it is.
#[derive(Clone, Debug)]
pub enum Auth {
    /// The account's Auth Token (Basic `AC…:token`).
    AuthToken(Secret),
    /// An API key (Basic `SK…:secret`); the account SID still goes in the URL.
    ApiKey {
        /// SK…
        key_sid: String,
        /// The key's secret.
        secret: Secret,
    },
}

impl Auth {
    /// `auth_token` or `api_key`, as stored with the account.
    pub fn kind(&self) -> &'static str {
        match self {
            Auth::AuthToken(_) => "auth_token",
            Auth::ApiKey { .. } => "api_key",
        }
    }

    /// The secret half.
    pub fn secret(&self) -> &Secret {
        match self {
            Auth::AuthToken(s) | Auth::ApiKey { secret: s, .. } => s,
        }
    }

    /// The API key SID, if any.
    pub fn key_sid(&self) -> Option<&str> {
        match self {
            Auth::ApiKey { key_sid, .. } => Some(key_sid),
            Auth::AuthToken(_) => None,
        }
    }
}

/// An account (or subaccount) SID and the way to authenticate for it.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// AC… (the account whose data is read; a subaccount SID works the same).
    pub account_sid: String,
    /// Token or API key.
    pub auth: Auth,
}

fn valid_sid(prefix: &str, sid: &str) -> bool {
    sid.len() == 34 && sid.starts_with(prefix) && sid[2..].chars().all(|c| c.is_ascii_hexdigit())
}

impl Credentials {
    /// Account SID + Auth Token, checked for shape (not yet against Twilio).
    pub fn auth_token(account_sid: &str, token: Secret) -> Result<Credentials> {
        let account_sid = check_account_sid(account_sid)?;
        check_secret("auth_token", &token)?;
        Ok(Credentials {
            account_sid,
            auth: Auth::AuthToken(token),
        })
    }

    /// API key SID + secret for `account_sid`.
    pub fn api_key(account_sid: &str, key_sid: &str, secret: Secret) -> Result<Credentials> {
        let account_sid = check_account_sid(account_sid)?;
        let key_sid = key_sid.trim().to_owned();
        if !valid_sid("SK", &key_sid) {
            return Err(Error::invalid(
                "api_key",
                "une clé API Twilio commence par SK suivi de 32 caractères hexadécimaux",
                "a Twilio API key starts with SK followed by 32 hexadecimal characters",
            ));
        }
        check_secret("api_secret", &secret)?;
        Ok(Credentials {
            account_sid,
            auth: Auth::ApiKey { key_sid, secret },
        })
    }

    /// From the variables Twilio's own tools use: `TWILIO_ACCOUNT_SID` with either
    /// `TWILIO_API_KEY` + `TWILIO_API_SECRET` or `TWILIO_AUTH_TOKEN`. `None` when
    /// `TWILIO_ACCOUNT_SID` is not set.
    pub fn from_env() -> Option<Result<Credentials>> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let account = var("TWILIO_ACCOUNT_SID")?;
        Some(match (var("TWILIO_API_KEY"), var("TWILIO_API_SECRET"), var("TWILIO_AUTH_TOKEN")) {
            (Some(key), Some(secret), _) => Credentials::api_key(&account, &key, Secret::new(secret)),
            (_, _, Some(token)) => Credentials::auth_token(&account, Secret::new(token)),
            _ => Err(Error::invalid(
                "TWILIO_AUTH_TOKEN",
                "TWILIO_ACCOUNT_SID est défini mais ni TWILIO_AUTH_TOKEN ni TWILIO_API_KEY + TWILIO_API_SECRET",
                "TWILIO_ACCOUNT_SID is set but neither TWILIO_AUTH_TOKEN nor TWILIO_API_KEY + TWILIO_API_SECRET",
            )),
        })
    }

    fn basic(&self) -> (&str, &str) {
        match &self.auth {
            Auth::AuthToken(token) => (&self.account_sid, token.expose()),
            Auth::ApiKey { key_sid, secret } => (key_sid, secret.expose()),
        }
    }
}

fn check_account_sid(sid: &str) -> Result<String> {
    let sid = sid.trim().to_owned();
    if valid_sid("AC", &sid) {
        Ok(sid)
    } else {
        Err(Error::invalid(
            "account_sid",
            "un Account SID Twilio commence par AC suivi de 32 caractères hexadécimaux (console Twilio, page d'accueil du compte)",
            "a Twilio Account SID starts with AC followed by 32 hexadecimal characters (Twilio Console, account home page)",
        ))
    }
}

fn check_secret(field: &str, secret: &Secret) -> Result<()> {
    if secret.is_empty() {
        return Err(Error::invalid(
            field,
            "ce champ est vide",
            "this field is empty",
        ));
    }
    Ok(())
}

/// HTTP method of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Read.
    Get,
    /// Create / update (form-encoded).
    Post,
    /// Delete.
    Delete,
}

impl Method {
    fn idempotence(self) -> Idempotence {
        match self {
            Method::Get => Idempotence::Safe,
            Method::Post | Method::Delete => Idempotence::Unsafe,
        }
    }
}

/// A request as data: what to send, not how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Method.
    pub method: Method,
    /// Product host.
    pub host: Host,
    /// Path from the host root, starting with `/`.
    pub path: String,
    /// Query parameters (decoded; encoded when sent).
    pub query: Vec<(String, String)>,
    /// Form body for POSTs (decoded).
    pub form: Vec<(String, String)>,
}

impl Request {
    /// A GET of `path` on `host`.
    pub fn get(host: Host, path: impl Into<String>) -> Request {
        Request {
            method: Method::Get,
            host,
            path: path.into(),
            query: Vec::new(),
            form: Vec::new(),
        }
    }

    /// A form POST of `path` on `host`.
    pub fn post(host: Host, path: impl Into<String>, form: Vec<(String, String)>) -> Request {
        Request {
            method: Method::Post,
            host,
            path: path.into(),
            query: Vec::new(),
            form,
        }
    }

    /// Adds a query parameter.
    pub fn param(mut self, key: impl Into<String>, value: impl Into<String>) -> Request {
        self.query.push((key.into(), value.into()));
        self
    }

    /// A GET of a link Twilio gave: a relative `next_page_uri` (2010 API) or an absolute
    /// `meta.next_page_url` (product APIs; its host is replaced by our endpoint for `host`).
    pub fn follow(host: Host, link: &str) -> Result<Request> {
        let base = Url::parse("https://placeholder.invalid").expect("static URL");
        let url = base
            .join(link)
            .map_err(|e| Error::Internal(format!("bad paging link {link:?}: {e}")))?;
        let query = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Ok(Request {
            method: Method::Get,
            host,
            path: url.path().to_owned(),
            query,
            form: Vec::new(),
        })
    }

    /// The first page of an account's Messages list.
    pub fn messages(account_sid: &str) -> Request {
        Request::get(
            Host::Api,
            format!("/2010-04-01/Accounts/{account_sid}/Messages.json"),
        )
    }
}

/// Counters of what a client did (for reports and benchmarks).
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ClientStats {
    /// HTTP attempts sent.
    pub requests: u64,
    /// Attempts that were retries.
    pub retries: u64,
    /// 429 answers.
    pub throttled: u64,
    /// 5xx answers.
    pub server_errors: u64,
    /// Connections that broke or timed out.
    pub interrupted: u64,
}

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    retries: AtomicU64,
    throttled: AtomicU64,
    server_errors: AtomicU64,
    interrupted: AtomicU64,
}

struct Inner {
    http: reqwest::Client,
    cdn: reqwest::Client,
    endpoints: Endpoints,
    credentials: Credentials,
    policy: RetryPolicy,
    throttle: Throttle,
    counters: Counters,
}

/// A Twilio REST client for one account. Cheap to clone; clones share the concurrency cap.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("account_sid", &self.inner.credentials.account_sid)
            .field("endpoints", &self.inner.endpoints)
            .finish()
    }
}

/// Initial and highest number of concurrent requests by default.
pub const DEFAULT_CONCURRENCY: (usize, usize) = (8, 32);

impl Client {
    /// A client with the default retry policy and concurrency cap.
    pub fn new(endpoints: Endpoints, credentials: Credentials) -> Result<Client> {
        Client::with_limits(
            endpoints,
            credentials,
            RetryPolicy::default(),
            DEFAULT_CONCURRENCY.0,
            DEFAULT_CONCURRENCY.1,
        )
    }

    /// A client with an explicit retry policy and concurrency cap (`initial`, growing to `max`).
    pub fn with_limits(
        endpoints: Endpoints,
        credentials: Credentials,
        policy: RetryPolicy,
        initial: usize,
        max: usize,
    ) -> Result<Client> {
        let build = |user_agent: &str| {
            reqwest::Client::builder()
                .user_agent(user_agent)
                // Redirects are followed by hand (media): credentials must not go to the CDN.
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(Duration::from_secs(15))
                .timeout(Duration::from_secs(120))
                .pool_max_idle_per_host(max.max(8))
                .build()
                .map_err(|e| Error::Internal(format!("HTTP client: {e}")))
        };
        let ua = concat!("passerelle/", env!("CARGO_PKG_VERSION"));
        Ok(Client {
            inner: Arc::new(Inner {
                http: build(ua)?,
                cdn: build(ua)?,
                endpoints,
                credentials,
                policy,
                throttle: Throttle::new(initial, max),
                counters: Counters::default(),
            }),
        })
    }

    /// The account whose data this client reads.
    pub fn account_sid(&self) -> &str {
        &self.inner.credentials.account_sid
    }

    /// The credentials (the secret inside prints as `***`).
    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// The endpoints in use.
    pub fn endpoints(&self) -> &Endpoints {
        &self.inner.endpoints
    }

    /// The adaptive concurrency cap shared by this client's requests.
    pub fn throttle(&self) -> &Throttle {
        &self.inner.throttle
    }

    /// What this client did so far.
    pub fn stats(&self) -> ClientStats {
        let c = &self.inner.counters;
        ClientStats {
            requests: c.requests.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
            throttled: c.throttled.load(Ordering::Relaxed),
            server_errors: c.server_errors.load(Ordering::Relaxed),
            interrupted: c.interrupted.load(Ordering::Relaxed),
        }
    }

    /// Sends `request` (retrying as the policy allows) and decodes the JSON answer.
    pub async fn execute<T: DeserializeOwned>(&self, request: &Request) -> Result<T> {
        let idempotence = request.method.idempotence();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            if attempt > 1 {
                self.inner.counters.retries.fetch_add(1, Ordering::Relaxed);
            }
            let (outcome, failure, retry_after) = match self.send_once(request).await {
                Ok(Answer { status, body, .. }) if (200..300).contains(&status) => {
                    self.inner.throttle.on_success();
                    match decode::<T>(&body) {
                        Ok(value) => return Ok(value),
                        Err(e) => (Outcome::Garbled, e, None),
                    }
                }
                Ok(Answer {
                    status,
                    body,
                    retry_after,
                }) => {
                    if status == 429 {
                        self.inner
                            .counters
                            .throttled
                            .fetch_add(1, Ordering::Relaxed);
                        self.inner.throttle.on_throttled();
                    } else if status >= 500 {
                        self.inner
                            .counters
                            .server_errors
                            .fetch_add(1, Ordering::Relaxed);
                    }
                    (
                        Outcome::Status(status),
                        error_from_response(status, &body),
                        retry_after,
                    )
                }
                Err((outcome, error)) => {
                    self.inner
                        .counters
                        .interrupted
                        .fetch_add(1, Ordering::Relaxed);
                    (outcome, error, None)
                }
            };
            match self.inner.policy.decide(idempotence, outcome, attempt) {
                Decision::Stop => return Err(failure),
                Decision::Retry(delay) => {
                    let wait = jittered(delay)
                        .max(retry_after.unwrap_or_default().min(Duration::from_secs(60)));
                    tracing::debug!(path = %request.path, ?outcome, attempt, wait_ms = wait.as_millis() as u64, "retrying Twilio request");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    async fn send_once(&self, request: &Request) -> std::result::Result<Answer, (Outcome, Error)> {
        let _slot = self.inner.throttle.acquire().await;
        self.inner.counters.requests.fetch_add(1, Ordering::Relaxed);
        let url = self.inner.endpoints.url_for(request.host, &request.path);
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
        };
        let (user, pass) = self.inner.credentials.basic();
        let mut builder = self
            .inner
            .http
            .request(method, &url)
            .basic_auth(user, Some(pass))
            .header("Accept", "application/json");
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if request.method == Method::Post {
            builder = builder.form(&request.form);
        }
        let response = builder.send().await.map_err(|e| {
            let outcome = if e.is_connect() {
                Outcome::ConnectFailed
            } else {
                Outcome::Interrupted
            };
            (outcome, network_error(&e))
        })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = response
            .bytes()
            .await
            .map_err(|e| (Outcome::Interrupted, network_error(&e)))?;
        Ok(Answer {
            status,
            body,
            retry_after,
        })
    }

    /// Fetches the account the credentials are for.
    pub async fn fetch_account(&self) -> Result<wire::Account> {
        let path = format!("/2010-04-01/Accounts/{}.json", self.account_sid());
        self.execute(&Request::get(Host::Api, path)).await
    }

    /// Every WhatsApp sender of the account (Messaging v2), following `meta.next_page_url`.
    pub async fn whatsapp_senders(&self) -> Result<Vec<wire::Sender>> {
        let mut request = Request::get(Host::Messaging, "/v2/Channels/Senders")
            .param("Channel", "whatsapp")
            .param("PageSize", "1000");
        let mut senders = Vec::new();
        let mut seen_links = std::collections::HashSet::new();
        loop {
            let page: wire::SenderPage = self.execute(&request).await?;
            senders.extend(page.senders);
            match page
                .meta
                .and_then(|m| m.next_page_url)
                .filter(|l| !l.is_empty())
            {
                // Loop guard: a link already followed ends the walk.
                Some(link) if seen_links.insert(link.clone()) => {
                    request = Request::follow(Host::Messaging, &link)?
                }
                _ => return Ok(senders),
            }
        }
    }

    /// One page of the Messages list.
    pub async fn messages_page(&self, request: &Request) -> Result<wire::MessagePage> {
        self.execute(request).await
    }

    /// Every media item of a message, following `next_page_uri`.
    pub async fn media_of(&self, message_sid: &str) -> Result<Vec<wire::Media>> {
        let mut request = Request::get(
            Host::Api,
            format!(
                "/2010-04-01/Accounts/{}/Messages/{message_sid}/Media.json",
                self.account_sid()
            ),
        )
        .param("PageSize", "100");
        let mut all = Vec::new();
        let mut seen_links = std::collections::HashSet::new();
        loop {
            let page: wire::MediaPage = self.execute(&request).await?;
            all.extend(page.media_list);
            match page.next_page_uri.filter(|l| !l.is_empty()) {
                Some(link) if seen_links.insert(link.clone()) => {
                    request = Request::follow(Host::Api, &link)?
                }
                _ => return Ok(all),
            }
        }
    }

    /// Downloads a media file to `dest` (through `dest.part`, renamed when complete). Basic
    /// auth goes to Twilio's media URL only; its redirect (a signed CDN link) is followed
    /// without credentials. Returns the number of bytes written.
    pub async fn download_media(&self, media_uri: &str, dest: &Path) -> Result<u64> {
        let path = media_uri.strip_suffix(".json").unwrap_or(media_uri);
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let result = {
                let _slot = self.inner.throttle.acquire().await;
                self.download_once(path, dest).await
            };
            let (outcome, error) = match result {
                Ok(bytes) => {
                    self.inner.throttle.on_success();
                    return Ok(bytes);
                }
                Err(failure) => failure,
            };
            if outcome == Outcome::Status(429) {
                self.inner.throttle.on_throttled();
            }
            match self
                .inner
                .policy
                .decide(Idempotence::Safe, outcome, attempt)
            {
                Decision::Stop => return Err(error),
                Decision::Retry(delay) => {
                    self.inner.counters.retries.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(jittered(delay)).await
                }
            }
        }
    }

    async fn download_once(
        &self,
        path: &str,
        dest: &Path,
    ) -> std::result::Result<u64, (Outcome, Error)> {
        let net = |e: reqwest::Error| {
            let outcome = if e.is_connect() {
                Outcome::ConnectFailed
            } else {
                Outcome::Interrupted
            };
            (outcome, network_error(&e))
        };
        let api_url = Url::parse(&self.inner.endpoints.url_for(Host::Api, path)).map_err(|e| {
            (
                Outcome::Status(400),
                Error::Internal(format!("media URL: {e}")),
            )
        })?;
        let (user, pass) = self.inner.credentials.basic();
        self.inner.counters.requests.fetch_add(1, Ordering::Relaxed);
        let mut response = self
            .inner
            .http
            .get(api_url.clone())
            .basic_auth(user, Some(pass))
            .send()
            .await
            .map_err(net)?;
        let mut hops = 0;
        while response.status().is_redirection() {
            hops += 1;
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|l| api_url.join(l).ok())
                .filter(|_| hops <= 5)
                .ok_or_else(|| {
                    (
                        Outcome::Status(502),
                        Error::Internal("media redirect without a usable Location".into()),
                    )
                })?;
            self.inner.counters.requests.fetch_add(1, Ordering::Relaxed);
            // The redirect target (Twilio's CDN, S3) is a signed URL: the signature is the
            // credential, and ours must not travel there, whatever the host.
            response = self.inner.cdn.get(location).send().await.map_err(net)?;
        }
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            let body = response.bytes().await.unwrap_or_default();
            return Err((Outcome::Status(status), error_from_response(status, &body)));
        }
        write_streamed(response, dest).await
    }
}

async fn write_streamed(
    mut response: reqwest::Response,
    dest: &Path,
) -> std::result::Result<u64, (Outcome, Error)> {
    use tokio::io::AsyncWriteExt;
    let io = |context: &str, e: std::io::Error| {
        (
            Outcome::Status(500),
            Error::io(format!("{context} {}", dest.display()), e),
        )
    };
    if let Some(dir) = dest.parent() {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| io("creating folder for", e))?;
    }
    let part = dest.with_extension("part");
    let mut file = tokio::fs::File::create(&part)
        .await
        .map_err(|e| io("creating", e))?;
    let mut written = 0u64;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                file.write_all(&chunk).await.map_err(|e| io("writing", e))?;
                written += chunk.len() as u64;
            }
            Ok(None) => break,
            Err(e) => return Err((Outcome::Interrupted, network_error(&e))),
        }
    }
    file.flush().await.map_err(|e| io("writing", e))?;
    file.sync_all().await.map_err(|e| io("syncing", e))?;
    drop(file);
    tokio::fs::rename(&part, dest)
        .await
        .map_err(|e| io("renaming", e))?;
    Ok(written)
}

struct Answer {
    status: u16,
    body: bytes::Bytes,
    retry_after: Option<Duration>,
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| Error::Twilio {
        status: 200,
        code: None,
        message: format!("unexpected answer at `{}`: {}", e.path(), e.inner()),
    })
}

fn network_error(e: &reqwest::Error) -> Error {
    // The URL carries no credential (Basic auth travels in a header); redact anyway.
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    Error::Network {
        detail: crate::secret::redact(&detail).into_owned(),
    }
}

/// The one place a non-2xx answer becomes an error: Twilio's `{code, message, more_info,
/// status}` body is parsed when present.
pub fn error_from_response(status: u16, body: &[u8]) -> Error {
    let parsed: Option<wire::ErrorBody> = serde_json::from_slice(body).ok();
    let code = parsed.as_ref().and_then(|b| b.code);
    if status == 401 || code == Some(20003) {
        return Error::BadCredentials;
    }
    if status == 429 || code == Some(20429) {
        return Error::RateLimited;
    }
    let message = parsed
        .and_then(|b| b.message)
        .unwrap_or_else(|| String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned());
    Error::Twilio {
        status,
        code,
        message: crate::secret::redact(&message).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_become_typed_errors() {
        let cases: &[(u16, &str, crate::Code)] = &[
            (
                401,
                r#"{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}"#,
                crate::Code::BadCredentials,
            ),
            (
                403,
                r#"{"code":20003,"message":"Permission Denied","status":403}"#,
                crate::Code::BadCredentials,
            ),
            (
                429,
                r#"{"code":20429,"message":"Too Many Requests","status":429}"#,
                crate::Code::RateLimited,
            ),
            (
                404,
                r#"{"code":20404,"message":"not found","status":404}"#,
                crate::Code::Twilio,
            ),
            (502, "<html>bad gateway</html>", crate::Code::Twilio),
        ];
        for (status, body, want) in cases {
            assert_eq!(
                error_from_response(*status, body.as_bytes()).code(),
                *want,
                "{status} {body}"
            );
        }
        match error_from_response(
            404,
            br#"{"code":20404,"message":"The requested resource was not found","status":404}"#,
        ) {
            Error::Twilio {
                status: 404,
                code: Some(20404),
                message,
            } => assert!(message.contains("not found")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn paging_links_become_requests_on_our_endpoint() {
        let r = Request::follow(Host::Api, "/2010-04-01/Accounts/AC1/Messages.json?To=whatsapp%3A%2B331&DateSent%3E=2024-01-01&PageSize=2&Page=1&PageToken=PASM1").unwrap();
        assert_eq!(r.path, "/2010-04-01/Accounts/AC1/Messages.json");
        assert!(r.query.contains(&("To".into(), "whatsapp:+331".into())));
        assert!(r.query.contains(&("DateSent>".into(), "2024-01-01".into())));
        let r = Request::follow(
            Host::Messaging,
            "https://messaging.twilio.com/v2/Channels/Senders?PageSize=10&Page=1&Channel=whatsapp",
        )
        .unwrap();
        assert_eq!(r.path, "/v2/Channels/Senders");
        let e = Endpoints::single("http://127.0.0.1:4010/").unwrap();
        assert_eq!(
            e.url_for(Host::Messaging, &r.path),
            "http://127.0.0.1:4010/v2/Channels/Senders"
        );
        assert_eq!(e.single_base().as_deref(), Some("http://127.0.0.1:4010"));
        assert_eq!(Endpoints::twilio().single_base(), None);
        assert!(Endpoints::single("ftp://x").is_err());
    }

    #[test]
    fn credentials_are_checked_for_shape_and_hide_the_secret() {
        let ac = "AC0123456789abcdef0123456789abcdef";
        let c = Credentials::auth_token(ac, Secret::new("tok-0123456789")).unwrap();
        assert!(!format!("{c:?}").contains("tok-0123456789"));
        assert!(Credentials::auth_token("AC12", Secret::new("x")).is_err());
        assert!(Credentials::auth_token(ac, Secret::new("  ")).is_err());
        assert!(Credentials::api_key(
            ac,
            "SK0123456789abcdef0123456789abcdef",
            Secret::new("s3cr3t-value")
        )
        .is_ok());
        assert!(Credentials::api_key(
            ac,
            "AC0123456789abcdef0123456789abcdef",
            Secret::new("s3cr3t-value")
        )
        .is_err());
    }
}
