//! Notifier settings of `netral serve` and `netral demo`, and starting the outbox sender
//! (one-time codes, personal links, reminders) next to the web server.

use std::sync::Arc;
use std::time::Duration;

use clap::Args;

use netral_app::App;
use netral_app::notifikasi::{
    NotifierHttp, NotifierLog, NotifierSmtp, PengirimBerjalan, PengirimNotifikasi,
};

use crate::perintah::Gagal;

/// How messages leave the server.
#[derive(Debug, Clone, Args)]
pub struct ArgNotifikasi {
    /// E-mail: smtp://user:pass@host:587?tls=required (STARTTLS), smtps://user:pass@host:465,
    /// or smtp://host:25 (unencrypted, for a local relay only).
    #[arg(long, env = "NETRAL_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender address of e-mails, e.g. "Netral <pakta@example.go.id>".
    #[arg(
        long,
        env = "NETRAL_SMTP_FROM",
        default_value = "Netral <pakta@localhost>"
    )]
    pub smtp_from: String,
    /// SMS gateway: POST {to, subject, body} as JSON with the bearer token.
    #[arg(long, env = "NETRAL_SMS_GATEWAY_URL")]
    pub sms_gateway_url: Option<String>,
    /// WhatsApp gateway, same contract as the SMS gateway.
    #[arg(long, env = "NETRAL_WHATSAPP_GATEWAY_URL")]
    pub whatsapp_gateway_url: Option<String>,
    /// Bearer token for the gateways.
    #[arg(long, env = "NETRAL_GATEWAY_TOKEN", hide_env_values = true)]
    pub gateway_token: Option<String>,
    /// Write messages of channels without a notifier to the server log instead of failing
    /// them (always on in `netral demo`). Never in production: codes would be in the log.
    #[arg(long, env = "NETRAL_NOTIFIER_LOG")]
    pub notifier_log: bool,
}

/// Starts the outbox sender with the configured notifiers.
pub fn mulai(app: &App, a: &ArgNotifikasi, demo: bool) -> Result<PengirimBerjalan, Gagal> {
    let salah = |e: String| Gagal::Masukan(e);
    let mut p = PengirimNotifikasi::baru(app.clone());
    if let Some(url) = a.smtp_url.as_deref().filter(|u| !u.is_empty()) {
        p = p.dengan(Arc::new(
            NotifierSmtp::dari_url(url, &a.smtp_from).map_err(salah)?,
        ));
    }
    for (saluran, url) in [
        ("sms", &a.sms_gateway_url),
        ("whatsapp", &a.whatsapp_gateway_url),
    ] {
        if let Some(url) = url.as_deref().filter(|u| !u.is_empty()) {
            p = p.dengan(Arc::new(
                NotifierHttp::baru(saluran, url, a.gateway_token.clone()).map_err(salah)?,
            ));
        }
    }
    if demo || a.notifier_log {
        p = p.dengan_cadangan(Arc::new(NotifierLog::baru("log", 1000)));
    }
    Ok(p.mulai(Duration::from_secs(2)))
}
